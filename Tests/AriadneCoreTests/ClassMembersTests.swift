import Foundation
import Testing
@testable import AriadneCore

/// The compact forms of class members against plain `String`s and arrays.
@Suite struct ClassMembersTests {
    /// Ids like real ones, with the cases byte order could get wrong: prefixes, the empty id,
    /// non-ASCII text (composed and decomposed é, which `String` treats as equal).
    static func randomIDs(count: Int, seed: UInt64, decomposed: Bool = true) -> [String] {
        var rng = SplitMix64(seed: seed)
        let pieces = ["blk_", "-", "req-", "7", "70", "07", "a", "A", "_", "é", decomposed ? "e\u{301}" : "e", "日", "z", ""]
        return (0..<count).map { _ in
            (0..<Int(rng.next() % 5)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
        }
    }

    @Test func theTableOrdersIDsAsStringsDo() {
        for seed in 0..<20 as Range<UInt64> {
            let ids = Self.randomIDs(count: 60, seed: seed)
            var table = ExecutionIDTable()
            let numbers = ids.map { table.add($0) }
            for (a, na) in zip(ids, numbers) {
                #expect(table[na] == a)
                for (b, nb) in zip(ids, numbers) {
                    #expect(table.precedes(na, nb) == (a < b), "\(a.debugDescription) < \(b.debugDescription)")
                }
            }
        }
    }

    @Test func anASCIITableComparesBytes() {
        var table = ExecutionIDTable()
        let ids = ["blk_1", "blk_10", "blk_", "blk_-1", "", "blk_2"]
        let numbers = ids.map { table.add($0) }
        let sorted = numbers.sorted { table.precedes($0, $1) }.map { table[$0] }
        #expect(sorted == ids.sorted())
    }

    @Test func membersReadBackAsTheyWentIn() throws {
        var rng = SplitMix64(seed: 7)
        let ids = Self.randomIDs(count: 200, seed: 3)
        let bindingSets: [[String: String]] = [[:], ["crash:role:dn#1": "crash:host:a"], ["crash:role:dn#1": "crash:host:b", "x": "y"]]
        let members = ids.map { ClassMember(execution: $0, bindings: bindingSets[Int(rng.next() % 3)]) }
        let compact = ClassMembers(members)
        #expect(compact.count == members.count)
        #expect(Set(compact.distinctBindings) == Set(members.map(\.bindings)))
        #expect(compact.distinctBindings.count == Set(members.map(\.bindings)).count)
        #expect(compact.subset([0]).distinctBindings == [members[0].bindings])
        #expect(Array(compact) == members)
        #expect((0..<members.count).allSatisfy { compact.execution(at: $0) == members[$0].execution })
        let decoded = try JSONDecoder().decode(ClassMembers.self, from: JSONEncoder().encode(compact))
        #expect(decoded == compact)
        let sorted = JSONEncoder()
        sorted.outputFormatting = .sortedKeys
        // Version 1's array of members reads as the same members.
        #expect(try JSONDecoder().decode(ClassMembers.self, from: sorted.encode(members)) == compact)
        // Version 2: the ids in order, each member's number among the distinct bindings in order of first use.
        let object = try #require(try JSONSerialization.jsonObject(with: sorted.encode(compact)) as? [String: Any])
        #expect(object["ids"] as? [String] == members.map(\.execution))
        let sets = try #require(object["bindings"] as? [[String: String]])
        var firstUse: [[String: String]] = []
        for member in members where !firstUse.contains(member.bindings) { firstUse.append(member.bindings) }
        #expect(sets == firstUse)
        #expect(object["member_bindings"] as? [Int] == members.map { member in firstUse.firstIndex(of: member.bindings)! })
        // The form depends on the members alone: held with duplicate and unused bindings, the same bytes.
        var table = ExecutionIDTable()
        let numbered = members.map { table.add($0.execution) }
        let held = [["unused": "x"]] + firstUse + firstUse
        let twice = ClassMembers(table: table, ids: numbered, bindingSets: held, bindingOf: members.indices.map { i in
            UInt32(1 + firstUse.firstIndex(of: members[i].bindings)! + (i % 2) * firstUse.count)
        })
        #expect(Array(twice) == members)
        #expect(try sorted.encode(twice) == sorted.encode(compact))
        // A member numbering bindings that are not there is refused.
        let broken = #"{"bindings": [{}], "ids": ["a", "b"], "member_bindings": [0, 1]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ClassMembers.self, from: Data(broken.utf8)) }
        var changed = members
        changed[100].bindings["x"] = "z"
        #expect(ClassMembers(changed) != compact)
        #expect(ClassMembers(members.dropLast()) != compact)
    }

    /// Classes as a fold makes them (one table, members sorted by id) and as decoded (a table each).
    /// Without decomposed accents: `String`'s order over them need not be transitive, so no sorted
    /// parts can be merged into the order a sort of the whole gives.
    static func randomClasses(_ rng: inout SplitMix64, sharedTable: Bool) -> [ClassMembers] {
        let ids = randomIDs(count: 40, seed: rng.next(), decomposed: false)
        var table = ExecutionIDTable()
        let numbers = ids.map { table.add($0) }
        let sets: [[String: String]] = [[:], ["r": "a"], ["r": "b"]]
        return (0..<Int(rng.next() % 4) + 1).map { _ in
            let chosen = numbers.indices.filter { _ in rng.next() % 3 == 0 }.sorted { ids[$0] < ids[$1] }
            let of = chosen.map { _ in UInt32(rng.next() % 3) }
            if sharedTable { return ClassMembers(table: table, ids: chosen.map { numbers[$0] }, bindingSets: sets, bindingOf: of) }
            return ClassMembers(zip(chosen, of).map { ClassMember(execution: ids[$0], bindings: sets[Int($1)]) })
        }
    }

    @Test func mergedClassesAreTheStableSortOfTheirMembers() {
        var rng = SplitMix64(seed: 11)
        for round in 0..<200 {
            let classes = Self.randomClasses(&rng, sharedTable: round % 2 == 0)
            let naive = classes.flatMap { Array($0) }.enumerated()
                .sorted { a, b in a.element.execution != b.element.execution ? a.element.execution < b.element.execution : a.offset < b.offset }
                .map(\.element)
            let merged = ClassMembers.merged(classes)
            #expect(Array(merged) == naive)
            #expect(Array(merged.executionIDs) == naive.map(\.execution))
        }
    }

    @Test func membersInAListAreThoseWhoseIDsItHolds() {
        var rng = SplitMix64(seed: 12)
        for round in 0..<200 {
            let classes = Self.randomClasses(&rng, sharedTable: true)
            let merged = ClassMembers.merged(classes)
            let some = merged.executionIDs.filter { _ in rng.next() % 2 == 0 }
            let list = round % 2 == 0 ? merged.executionIDs : ExecutionIDList(some)
            for cls in classes {
                let wanted = Set(list)
                #expect(Array(cls.members(in: list)) == cls.filter { wanted.contains($0.execution) })
            }
        }
    }

    @Test func distinctMembersAreWhatADictionaryByIDLeaves() {
        var rng = SplitMix64(seed: 13)
        for round in 0..<200 {
            let classes = Self.randomClasses(&rng, sharedTable: round % 3 != 0)
            // Parts of classes, as instances hold them, overlapping.
            let lists = classes.map { cls in cls.subset(where: { _ in rng.next() % 2 == 0 }) } + classes.prefix(1)
            var byID: [String: ClassMember] = [:]
            for list in lists { for member in list { byID[member.execution] = member } }
            let distinct = ClassMembers.distinct(lists)
            #expect(Array(distinct) == byID.keys.sorted().map { byID[$0]! })
            for id in Self.randomIDs(count: 30, seed: rng.next(), decomposed: false) + byID.keys {
                #expect(distinct.containsSorted(id) == (byID[id] != nil), "\(id)")
            }
        }
        #expect(ClassMembers.distinct([]).isEmpty)
        #expect(!ClassMembers.distinct([]).containsSorted(""))
    }

    @Test func sortedDistinctIDsAreASortedSetOfStrings() {
        var rng = SplitMix64(seed: 14)
        for _ in 0..<200 {
            // Equal ids under different numbers too (an id added twice).
            let ids = Self.randomIDs(count: 30, seed: rng.next(), decomposed: false)
            var table = ExecutionIDTable()
            let numbers = (ids + ids.prefix(5)).map { table.add($0) }
            let chosen = numbers.filter { _ in rng.next() % 2 == 0 }
            let list = ExecutionIDList.sortedDistinct(chosen, table: table)
            #expect(Array(list) == Set(chosen.map { table[$0] }).sorted())
            #expect(list == ExecutionIDList(Array(list)))
        }
    }

    @Test func listsOfTheSameIDsAreEqualWhateverTheirNumbers() {
        var table = ExecutionIDTable()
        let first = table.add("e1"), again = table.add("e1"), other = table.add("e2")
        #expect(ExecutionIDList(table: table, numbers: [first]) == ExecutionIDList(table: table, numbers: [again]))
        #expect(ExecutionIDList(table: table, numbers: [first]) != ExecutionIDList(table: table, numbers: [other]))
        #expect(ExecutionIDList(table: table, numbers: [first, other]) == ["e1", "e2"])
    }
}
