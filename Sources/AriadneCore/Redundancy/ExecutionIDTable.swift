import Foundation

/// Execution ids kept in one byte buffer, numbered in the order they are added: a few bytes per id
/// instead of a `String` each. An archive's model lists millions of class members; as `String`s
/// their ids alone held about 60 bytes each.
///
/// A value type: classes built from one fold share its buffers (copy on write) and never change them.
/// Copies that were not appended to since they were copied have the same `origin`, so their numbers
/// can be compared without reading the ids.
struct ExecutionIDTable: Sendable {
    /// Shared by copies until one of them is appended to.
    private final class Origin: Sendable {}

    private var origin = Origin()
    private var bytes: [UInt8] = []
    /// Where each id's bytes end in `bytes`.
    private var ends: [Int] = []
    /// Whether every id is ASCII: their order is then their bytes' order.
    private var ascii = true

    var count: Int { ends.count }

    /// Adds `id` and returns its number.
    mutating func add(_ id: String) -> UInt32 {
        if !isKnownUniquelyReferenced(&origin) { origin = Origin() }
        var id = id
        id.withUTF8 { utf8 in
            bytes.append(contentsOf: utf8)
            if ascii, utf8.contains(where: { $0 >= 0x80 }) { ascii = false }
        }
        ends.append(bytes.count)
        return UInt32(ends.count - 1)
    }

    subscript(number: UInt32) -> String {
        let range = self.range(Int(number))
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// Whether `other` is this table or an unchanged copy of it (the same numbers name the same ids).
    func isSame(as other: ExecutionIDTable) -> Bool {
        origin === other.origin
    }

    /// Whether id `a` sorts before id `b` as `String`s do.
    func precedes(_ a: UInt32, _ b: UInt32) -> Bool {
        guard ascii else { return self[a] < self[b] }
        let ra = range(Int(a)), rb = range(Int(b))
        return bytes.withUnsafeBufferPointer { buffer in
            let common = min(ra.count, rb.count)
            let order = common == 0 ? 0 : memcmp(buffer.baseAddress! + ra.lowerBound, buffer.baseAddress! + rb.lowerBound, common)
            return order != 0 ? order < 0 : ra.count < rb.count
        }
    }

    /// Positions `0..<count` sorted by the ids `id(position)` numbers, equal ids by position: the order a
    /// stable sort by id gives.
    func sortedPositions(_ count: Int, id: (Int) -> UInt32) -> [Int] {
        (0..<count).sorted { i, j in
            let a = id(i), b = id(j)
            if a != b {
                if precedes(a, b) { return true }
                if precedes(b, a) { return false }
            }
            return i < j
        }
    }

    private func range(_ number: Int) -> Range<Int> {
        (number == 0 ? 0 : ends[number - 1])..<ends[number]
    }
}

/// Execution ids as numbers of a shared `ExecutionIDTable`: a collection of `String`s made on access,
/// 4 bytes an id, encoded as an array of strings. What a hypothesis lists of the hundreds of thousands
/// of executions its classes may hold.
public struct ExecutionIDList: RandomAccessCollection, Sendable, Equatable, Codable, ExpressibleByArrayLiteral {
    private(set) var table: ExecutionIDTable
    private(set) var numbers: [UInt32]

    init(table: ExecutionIDTable, numbers: [UInt32]) {
        self.table = table
        self.numbers = numbers
    }

    /// The ids `numbers` of `table` name, sorted, each once (equal ids under different numbers too).
    static func sortedDistinct(_ numbers: [UInt32], table: ExecutionIDTable) -> ExecutionIDList {
        var kept: [UInt32] = []
        for position in table.sortedPositions(numbers.count, id: { numbers[$0] }) {
            let number = numbers[position]
            if let last = kept.last, last == number || !table.precedes(last, number) { continue }
            kept.append(number)
        }
        return ExecutionIDList(table: table, numbers: kept)
    }

    /// `ids`, in their order.
    public init(_ ids: some Sequence<String>) {
        var table = ExecutionIDTable()
        numbers = ids.map { table.add($0) }
        self.table = table
    }

    public init(arrayLiteral elements: String...) {
        self.init(elements)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { numbers.count }

    public subscript(position: Int) -> String {
        table[numbers[position]]
    }

    /// Equal when they list the same ids (a table may hold one id under two numbers).
    public static func == (a: ExecutionIDList, b: ExecutionIDList) -> Bool {
        if a.table.isSame(as: b.table), a.numbers == b.numbers { return true }
        return a.count == b.count && a.elementsEqual(b)
    }

    public init(from decoder: Decoder) throws {
        self.init(try [String](from: decoder))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.unkeyedContainer()
        for id in self { try container.encode(id) }
    }
}
