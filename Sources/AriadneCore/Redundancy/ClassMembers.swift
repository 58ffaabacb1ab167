/// The member executions of an `ExecutionClass` in a compact form: each member is the number of its id
/// in a shared `ExecutionIDTable` and the number of its bindings among the class's distinct bindings
/// (8 bytes a member instead of an id `String` and a dictionary). Reads as a collection of
/// `ClassMember`s, made on access.
///
/// JSON (redundancy model version 2): `{"bindings": [{role: concrete, ...}, ...], "ids": [...],
/// "member_bindings": [...]}`: the members' ids in their order, and for each the number of its bindings
/// in `bindings`, which lists each distinct bindings object once, numbered in the order the members
/// first use them (members share a few: on 1,000,000 HDFS lines 246,600 members have 3,405). The
/// encoding depends on the members alone, not on how they are held. Version 1's array of
/// `{"bindings", "execution"}` objects is read too.
public struct ClassMembers: RandomAccessCollection, Sendable, Equatable, Codable, ExpressibleByArrayLiteral {
    private var table: ExecutionIDTable
    private var ids: [UInt32]
    private var bindingSets: [[String: String]]
    private var bindingOf: [UInt32]

    /// Members whose ids are numbers of `table` and whose bindings are numbers of `bindingSets`.
    init(table: ExecutionIDTable, ids: [UInt32], bindingSets: [[String: String]], bindingOf: [UInt32]) {
        self.table = table
        self.ids = ids
        self.bindingSets = bindingSets
        self.bindingOf = bindingOf
    }

    /// `members`, in their order.
    public init(_ members: some Sequence<ClassMember>) {
        var table = ExecutionIDTable()
        var ids: [UInt32] = []
        var sets: [[String: String]] = []
        var numbers: [[String: String]: UInt32] = [:]
        var of: [UInt32] = []
        for member in members {
            ids.append(table.add(member.execution))
            if let known = numbers[member.bindings] {
                of.append(known)
            } else {
                numbers[member.bindings] = UInt32(sets.count)
                of.append(UInt32(sets.count))
                sets.append(member.bindings)
            }
        }
        self.init(table: table, ids: ids, bindingSets: sets, bindingOf: of)
    }

    public init(arrayLiteral elements: ClassMember...) {
        self.init(elements)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { ids.count }

    public subscript(position: Int) -> ClassMember {
        ClassMember(execution: table[ids[position]], bindings: bindingSets[Int(bindingOf[position])])
    }

    /// The id of the member at `position` (without making its `ClassMember`).
    public func execution(at position: Int) -> String {
        table[ids[position]]
    }

    /// The distinct bindings of the members, in the order they were first numbered.
    public var distinctBindings: [[String: String]] {
        var used = [Bool](repeating: false, count: bindingSets.count)
        for number in bindingOf { used[Int(number)] = true }
        return bindingSets.indices.filter { used[$0] }.map { bindingSets[$0] }
    }

    /// The members' ids, in their order.
    public var executionIDs: ExecutionIDList {
        ExecutionIDList(table: table, numbers: ids)
    }

    /// The members whose ids `list` holds, in their order. A list made from these members (of one
    /// fold) is read by its numbers, without making a `String` of every id.
    func members(in list: ExecutionIDList) -> ClassMembers {
        if table.isSame(as: list.table) {
            let wanted = Set(list.numbers)
            return subset(ids.indices.filter { wanted.contains(ids[$0]) })
        }
        let wanted = Set(list)
        return subset(ids.indices.filter { wanted.contains(execution(at: $0)) })
    }

    /// The members at `positions`, in that order (sharing this list's table and bindings).
    func subset(_ positions: [Int]) -> ClassMembers {
        ClassMembers(table: table, ids: positions.map { ids[$0] }, bindingSets: bindingSets, bindingOf: positions.map { bindingOf[$0] })
    }

    /// The members `keep` keeps, in their order.
    func subset(where keep: (ClassMember) -> Bool) -> ClassMembers {
        subset(indices.filter { keep(self[$0]) })
    }

    /// Whether a member has the id `id`, for members sorted by id (binary search).
    func containsSorted(_ id: String) -> Bool {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if execution(at: mid) < id { low = mid + 1 } else { high = mid }
        }
        return low < count && execution(at: low) == id
    }

    /// The members of `lists`, one per id (of members with equal ids the last given, as assigning each
    /// to a dictionary by id would leave), sorted by id.
    static func distinct(_ lists: [ClassMembers]) -> ClassMembers {
        guard let first = lists.first else { return [] }
        guard lists.allSatisfy({ $0.table.isSame(as: first.table) }) else {
            var byID: [String: ClassMember] = [:]
            for list in lists { for member in list { byID[member.execution] = member } }
            return ClassMembers(byID.keys.sorted().map { byID[$0]! })
        }
        var sets: [[String: String]] = []
        var all: [(id: UInt32, bindings: UInt32)] = []
        for list in lists {
            let offset = UInt32(sets.count)
            sets += list.bindingSets
            for i in list.indices { all.append((list.ids[i], offset + list.bindingOf[i])) }
        }
        let table = first.table
        // By id, then the order given; the last of each run of equal ids stays.
        let order = table.sortedPositions(all.count) { all[$0].id }
        var kept: [Int] = []
        for (k, i) in order.enumerated() {
            let next = k + 1 < order.count ? order[k + 1] : nil
            if let next, all[next].id == all[i].id || (!table.precedes(all[i].id, all[next].id) && !table.precedes(all[next].id, all[i].id)) {
                continue
            }
            kept.append(i)
        }
        return ClassMembers(table: table, ids: kept.map { all[$0].id }, bindingSets: sets, bindingOf: kept.map { all[$0].bindings })
    }

    /// The members of `parts` (each sorted by id) in one list sorted by id, members with equal ids in
    /// the order of `parts`: what a stable sort of their concatenation gives. Parts built by one fold
    /// are merged by their numbers; others are copied into a new table.
    static func merged(_ parts: [ClassMembers]) -> ClassMembers {
        guard let first = parts.first else { return [] }
        guard parts.count > 1 else { return first }
        guard parts.allSatisfy({ $0.table.isSame(as: first.table) }) else {
            return ClassMembers(parts.flatMap { $0 }.enumerated()
                .sorted { a, b in a.element.execution != b.element.execution ? a.element.execution < b.element.execution : a.offset < b.offset }
                .map(\.element))
        }
        // One table: the bindings of every part, numbered after those of the parts before.
        var sets: [[String: String]] = []
        var firstSet: [Int] = []
        for part in parts {
            firstSet.append(sets.count)
            sets += part.bindingSets
        }
        var next = [Int](repeating: 0, count: parts.count)
        var ids: [UInt32] = [], of: [UInt32] = []
        let total = parts.reduce(0) { $0 + $1.count }
        ids.reserveCapacity(total)
        of.reserveCapacity(total)
        while ids.count < total {
            var best: Int?
            for p in parts.indices where next[p] < parts[p].count {
                guard let b = best else {
                    best = p
                    continue
                }
                if first.table.precedes(parts[p].ids[next[p]], parts[b].ids[next[b]]) { best = p }
            }
            let p = best!
            ids.append(parts[p].ids[next[p]])
            of.append(UInt32(firstSet[p]) + parts[p].bindingOf[next[p]])
            next[p] += 1
        }
        return ClassMembers(table: first.table, ids: ids, bindingSets: sets, bindingOf: of)
    }

    public static func == (a: ClassMembers, b: ClassMembers) -> Bool {
        a.count == b.count && a.elementsEqual(b)
    }

    private enum CodingKeys: String, CodingKey {
        case bindings, ids, memberBindings = "member_bindings"
    }

    /// The distinct bindings in the order the members first use them, and each member's number among
    /// them: what the JSON writes (equal member lists give equal forms, however they are held).
    private func distinctForm() -> (sets: [[String: String]], numbers: [Int]) {
        var sets: [[String: String]] = []
        var byContent: [[String: String]: Int] = [:]
        var renumbered = [Int?](repeating: nil, count: bindingSets.count)
        var numbers: [Int] = []
        numbers.reserveCapacity(bindingOf.count)
        for held in bindingOf {
            if let known = renumbered[Int(held)] {
                numbers.append(known)
                continue
            }
            let set = bindingSets[Int(held)]
            let number = byContent[set] ?? sets.count
            if number == sets.count {
                byContent[set] = number
                sets.append(set)
            }
            renumbered[Int(held)] = number
            numbers.append(number)
        }
        return (sets, numbers)
    }

    public init(from decoder: Decoder) throws {
        guard let container = try? decoder.container(keyedBy: CodingKeys.self) else {
            // Version 1: an array of members.
            self.init(try [ClassMember](from: decoder))
            return
        }
        let sets = try container.decode([[String: String]].self, forKey: .bindings)
        let ids = try container.decode([String].self, forKey: .ids)
        let numbers = try container.decode([Int].self, forKey: .memberBindings)
        guard numbers.count == ids.count, numbers.allSatisfy({ (0..<sets.count).contains($0) }) else {
            throw DecodingError.dataCorruptedError(
                forKey: .memberBindings, in: container,
                debugDescription: "\(numbers.count) member_bindings for \(ids.count) ids, each a number of one of the \(sets.count) bindings")
        }
        var table = ExecutionIDTable()
        let numbered = ids.map { table.add($0) }
        self.init(table: table, ids: numbered, bindingSets: sets, bindingOf: numbers.map(UInt32.init))
    }

    public func encode(to encoder: Encoder) throws {
        let form = distinctForm()
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(form.sets, forKey: .bindings)
        try container.encode((0..<count).map { execution(at: $0) }, forKey: .ids)
        try container.encode(form.numbers, forKey: .memberBindings)
    }
}

extension ClassMembers: StreamingJSONWritable {
    /// Writes the members as `encode(to:)` through `writer` would, `depth` levels deep, without a
    /// `ClassMember` or an array of every id.
    func writeJSON(to writer: StreamingJSON, depth: Int) throws {
        let form = distinctForm()
        writer.open(UInt8(ascii: "{"))
        writer.element(first: true, depth: depth + 1)
        writer.key("bindings")
        try writer.emit(form.sets, depth: depth + 1)
        writer.element(first: false, depth: depth + 1)
        writer.key("ids")
        writer.open(UInt8(ascii: "["))
        for position in ids.indices {
            writer.element(first: position == 0, depth: depth + 2)
            writer.quoted(table[ids[position]])
            try writer.flushIfFull()
        }
        writer.close(UInt8(ascii: "]"), depth: depth + 1)
        writer.element(first: false, depth: depth + 1)
        writer.key("member_bindings")
        writer.open(UInt8(ascii: "["))
        for (position, number) in form.numbers.enumerated() {
            writer.element(first: position == 0, depth: depth + 2)
            writer.ascii(String(number))
            try writer.flushIfFull()
        }
        writer.close(UInt8(ascii: "]"), depth: depth + 1)
        writer.close(UInt8(ascii: "}"), depth: depth)
    }
}
