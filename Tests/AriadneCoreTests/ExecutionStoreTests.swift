import Foundation
import Testing
@testable import AriadneCore

@Suite struct ExecutionStoreTests {
    @Test func executionsComeBackEqualByteForByte() {
        var rng = SplitMix64(seed: 3)
        let alphabet = Array("ab é\u{301}x=:/0🚀\n")
        func text(_ max: Int) -> String {
            String((0..<Int.random(in: 0...max, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
        }
        var executions: [Execution] = []
        for n in 0..<300 {
            let ids = (0..<Int.random(in: 0...3, using: &rng)).map { _ in ExecutionID(kind: text(2), value: text(6)) }
            let events = (0..<Int.random(in: 0...6, using: &rng)).map { line in
                Event(source: SourceLocation(file: text(3), line: line), time: Bool.random(using: &rng) ? Int64.random(in: .min ... .max, using: &rng) : nil,
                      timeText: Bool.random(using: &rng) ? text(4) : nil, host: Bool.random(using: &rng) ? text(3) : nil,
                      service: Bool.random(using: &rng) ? text(3) : nil, level: nil, executionIDs: ids, type: text(3), template: text(5),
                      fields: [Field(name: text(2), value: text(3))], message: text(40))
            }
            executions.append(Execution(id: n % 7 == 0 ? "" : text(8), ids: ids, events: events))
        }
        let store = ExecutionStore(executions)
        #expect(store.count == executions.count)
        #expect(Array(store) == executions)
        #expect(store.map { Array($0.id.utf8) } == executions.map { Array($0.id.utf8) })
        #expect(store.map { $0.events.map { Array($0.message.utf8) } } == executions.map { $0.events.map { Array($0.message.utf8) } })
        #expect(ExecutionStore().isEmpty)
    }

    @Test func realExecutionsTakeAFractionOfTheirText() throws {
        let pipeline = InferencePipeline(grouping: GroupingOptions(groupBy: ["block"]), inference: InferenceOptions(), keepExecutions: true)
        let session = ParseSession(options: ParseOptions(library: PackedEventTests.library.patterns)) { pipeline.add($0) }
        for input in try InputSource.expand([TestPaths.data + "/hdfs_20k/HDFS_20000.log"]).inputs { try session.parse(input) }
        _ = pipeline.finish()
        let store = pipeline.executions
        #expect(store.count > 1000)
        let text = store.reduce(0) { $0 + $1.events.reduce(0) { $0 + $1.message.utf8.count + ($1.timeText?.utf8.count ?? 0) } }
        #expect(store.storedBytes < text / 3)
        #expect(store.executions(in: 0..<store.count) == Array(store))
    }

    /// Executions the grouper closes come with their events packed in its strings' table; a store
    /// takes that table and keeps those bytes. An execution whose events changed after it closed is
    /// packed again: either way the store gives back what was appended.
    @Test func aStoreKeepsTheGroupersPackedEventsUnlessTheyChanged() throws {
        var events: [Event] = []
        let session = ParseSession(options: ParseOptions(library: PackedEventTests.library.patterns)) { events.append($0) }
        for input in try InputSource.expand([TestPaths.data + "/hdfs_20k/HDFS_20000.log"]).inputs { try session.parse(input) }
        let grouper = ExecutionGrouper(options: GroupingOptions(groupBy: ["block"]))
        var executions: [Execution] = []
        for event in events { executions += grouper.add(event) }
        executions += grouper.finish()
        #expect(executions.count > 1000)
        #expect(executions.allSatisfy { $0.packed?.events.count == $0.events.count })
        let kept = ExecutionStore(executions)
        #expect(kept.strings === executions[0].packed?.strings)
        #expect(Array(kept) == executions)
        var changed = executions
        for i in stride(from: 0, to: changed.count, by: 7) {
            changed[i].events[0].message += " (changed)"
            changed[i].events[changed[i].events.count - 1].type = "changed"
        }
        #expect(changed[0].packed == nil && changed[1].packed != nil)
        let repacked = ExecutionStore(changed)
        #expect(Array(repacked) == changed)
        #expect(repacked[0].events[0].message.hasSuffix(" (changed)") && repacked[7].events.last?.type == "changed")
    }

    /// Executions closed while reading wait to go through the model in batches; a snapshot taken
    /// between events still holds every execution closed so far, as `finish` does at the end.
    @Test func aSnapshotBetweenEventsHoldsEveryClosedExecution() throws {
        let pipeline = InferencePipeline(grouping: GroupingOptions(groupBy: ["block"], idleTimeout: 1_000_000_000),
                                         inference: InferenceOptions(skew: 1_000_000), keepExecutions: true)
        var events: [Event] = []
        let session = ParseSession(options: ParseOptions(library: PackedEventTests.library.patterns)) { events.append($0) }
        for input in try InputSource.expand([TestPaths.data + "/hdfs_20k/HDFS_20000.log"]).inputs { try session.parse(input) }
        var checked = 0
        for (n, event) in events.enumerated() {
            pipeline.add(event)
            guard n % 997 == 0, pipeline.executionCount > 0 else { continue }
            #expect(pipeline.snapshot().executions == pipeline.executionCount, "after \(n + 1) events")
            checked += 1
        }
        #expect(checked > 5 && pipeline.executionCount % InferencePipeline.pendingBatch != 0)
    }

    /// A pipeline that only groups (the loop's runs after the first) keeps the same executions, in the
    /// same order, and builds no model of them.
    @Test func aPipelineThatOnlyGroupsKeepsTheSameExecutions() throws {
        func run(groupsOnly: Bool) throws -> (InferencePipeline, CausalModel) {
            let pipeline = InferencePipeline(grouping: GroupingOptions(groupBy: ["block"]), inference: InferenceOptions(), keepExecutions: true)
            pipeline.groupsOnly = groupsOnly
            let session = ParseSession(options: ParseOptions(library: PackedEventTests.library.patterns)) { pipeline.add($0) }
            for input in try InputSource.expand([TestPaths.data + "/hdfs_20k/HDFS_20000.log"]).inputs { try session.parse(input) }
            return (pipeline, pipeline.finish())
        }
        let (full, model) = try run(groupsOnly: false)
        let (grouped, empty) = try run(groupsOnly: true)
        #expect(Array(grouped.executions) == Array(full.executions) && grouped.executionCount == full.executionCount)
        #expect(model.executions == full.executions.count && empty.executions == 0 && empty.clocks == nil)
    }
}

extension ExecutionStoreTests {
    static func executions(_ count: Int, tag: String, rng: inout SplitMix64) -> [Execution] {
        (0..<count).map { n in
            let events = (0..<Int.random(in: 1...5, using: &rng)).map { line in
                Event(source: SourceLocation(file: "\(tag).log", line: line), time: Int64(n), host: "h\(n % 4)",
                      executionIDs: [ExecutionID(kind: "req", value: "\(tag)\(n)")], type: "t\(line)", template: "t",
                      message: "\(tag) \(n) " + String(repeating: "x", count: Int.random(in: 0...3000, using: &rng)))
            }
            return Execution(id: "req=\(tag)\(n)", ids: [ExecutionID(kind: "req", value: "\(tag)\(n)")], events: events)
        }
    }

    @Test func manyBlocksReadInAnyOrderAndByRanges() {
        var rng = SplitMix64(seed: 9)
        let executions = Self.executions(400, tag: "a", rng: &rng)
        let store = ExecutionStore(executions)
        #expect(store.storedBytes < executions.reduce(0) { $0 + $1.events.reduce(0) { $0 + $1.message.utf8.count } } / 4)
        for _ in 0..<300 {
            let i = Int.random(in: 0..<store.count, using: &rng)
            #expect(store[i] == executions[i])
            let a = Int.random(in: 0...store.count, using: &rng), b = Int.random(in: a...store.count, using: &rng)
            #expect(store.executions(in: a..<b) == Array(executions[a..<b]))
        }
    }

    @Test func copiesThatGrowApartReadTheirOwnBlocks() {
        var rng = SplitMix64(seed: 10)
        let shared = Self.executions(50, tag: "s", rng: &rng)
        var first = ExecutionStore(shared)
        var second = first
        _ = first[0]
        let ownFirst = Self.executions(60, tag: "f", rng: &rng), ownSecond = Self.executions(60, tag: "g", rng: &rng)
        for (x, y) in zip(ownFirst, ownSecond) {
            first.append(x)
            second.append(y)
        }
        for i in (0..<110).reversed() {
            #expect(first[i] == (shared + ownFirst)[i])
            #expect(second[i] == (shared + ownSecond)[i])
        }
    }
}

extension ExecutionStoreTests {
    /// A fresh empty directory for a store's temporary file.
    static func scratchDirectory(_ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.path + "/ariadne-store-\(name)-\(UInt32.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func blocksGoToAFileNobodySeesAndComeBackTheSame() throws {
        let directory = try Self.scratchDirectory("spill")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var rng = SplitMix64(seed: 11)
        let executions = Self.executions(400, tag: "p", rng: &rng)
        let store = ExecutionStore(executions, spillDirectory: directory)
        let inMemory = ExecutionStore(executions, spillDirectory: directory + "/missing")
        // The file is unlinked as soon as it is open: nothing is left in the directory, even while in use.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
        #expect(store.storedBytes > 4 * ExecutionStore.blockBytes / 10)
        #expect(store.residentBytes < ExecutionStore.blockBytes)
        // Without a usable directory the blocks stay in memory, and read the same.
        #expect(inMemory.residentBytes == inMemory.storedBytes)
        #expect(inMemory.storedBytes == store.storedBytes)
        #expect(Array(store) == executions)
        #expect(store.executions(in: 0..<store.count) == Array(inMemory))
        for _ in 0..<100 {
            let i = Int.random(in: 0..<store.count, using: &rng)
            #expect(store[i] == executions[i])
        }
    }

    @Test func randomStoresReadLikeTheirArrays() {
        var rng = SplitMix64(seed: 12)
        for round in 0..<6 {
            let executions = Self.executions(Int.random(in: 0...150, using: &rng), tag: "r\(round)", rng: &rng)
            var store = ExecutionStore()
            for (n, execution) in executions.enumerated() {
                store.append(execution)
                if n % 37 == 0 { #expect(store[n] == execution) }
            }
            #expect(Array(store) == executions)
            let a = Int.random(in: 0...store.count, using: &rng), b = Int.random(in: a...store.count, using: &rng)
            #expect(store.executions(in: a..<b) == Array(executions[a..<b]))
        }
    }
}
