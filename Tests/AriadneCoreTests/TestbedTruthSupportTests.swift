@testable import AriadneCore
import Testing

/// The testbed harness itself: truth keys of parsed files, the vector-clock order, the scoring of
/// orders (`HappensBeforeScore`) on reference orders whose result is known, the offsets comparison.
@Suite(.enabled(if: Python3.path != nil, "python3 is not on PATH; the testbed tests need it"))
struct TestbedTruthSupportTests {
    @Test func happensBeforeIsAStrictOrderConsistentWithRealTime() throws {
        let truth = try TestbedTruth.run(system: "fallback", executions: 12)
        let keys = truth.document.lines.keys.filter { $0.hasPrefix("logs/") }.sorted()
        var ordered = 0, crossHost = 0
        for a in keys {
            #expect(!truth.happensBefore(a, a))
            for b in keys where truth.happensBefore(a, b) {
                ordered += 1
                let (la, lb) = (truth.line(a)!, truth.line(b)!)
                #expect(!truth.happensBefore(b, a))
                #expect(la.execution != nil && la.execution == lb.execution)
                #expect(la.trueUs < lb.trueUs, "\(a) → \(b)")
                if la.host != lb.host { crossHost += 1 }
            }
        }
        #expect(ordered > 0 && crossHost > 0)
        // A merged line is ordered exactly as its per-host source.
        let merged = truth.document.lines.filter { $0.key.hasPrefix("merged.log:") }.map(\.key).sorted().prefix(60)
        for a in merged {
            for b in merged {
                #expect(truth.happensBefore(a, b) == truth.happensBefore(truth.line(a)!.source!, truth.line(b)!.source!))
            }
        }
    }

    @Test func orderingByTrueTimeFindsEveryHappensBefore() throws {
        let truth = try TestbedTruth.run(system: "2pc", executions: 30)
        let analysis = try TestbedAnalysis(truth.logs, truth: truth)
        let score = analysis.trueTimeScore()
        #expect(score.recall == 1 && score.truePositives > 0, "\(score)")
        let timed = analysis.executions { _, line in line.trueUs * 1000 }
        let realTime = HappensBeforeScore(executions: timed, order: ExecutionOrder(bound: 0), truth: truth, reference: .trueTime)
        #expect(realTime.precision == 1 && realTime.recall == 1, "\(realTime)")
        // Nothing is ordered across hosts with an unbounded skew.
        let none = HappensBeforeScore(executions: analysis.executions, order: ExecutionOrder(bound: .max), truth: truth)
        #expect(none.truePositives + none.falsePositives == 0 && none.precision == nil && none.recall == 0)
        #expect(none.pairs == score.pairs && none.pairs > 0)
    }

    @Test func keysOfParsedFilesAndTheRunsDescription() throws {
        let truth = try TestbedTruth.run(system: "payment", executions: 5)
        #expect(truth.key(file: truth.logs + "/shop-1.log", line: 1) == "logs/shop-1.log:1")
        #expect(truth.key(file: truth.directory + "//logs/./shop-1.log", line: 1) == "logs/shop-1.log:1")
        #expect(truth.key(file: truth.merged, line: 2) == "merged.log:2")
        #expect(truth.key(file: "merged.log", line: 2) == "merged.log:2")
        #expect(truth.key(file: truth.logs + "/shop-1.log", line: 100_000) == nil)
        #expect(truth.key(file: "/elsewhere/logs/shop-1.log", line: 1) == nil)
        #expect(Set(truth.offsets.keys) == ["shop-1", "payments-1", "ledger-1"])
        #expect(truth.offsets.values.allSatisfy { abs($0) <= 5000 })
        #expect(truth.callGraph.contains { $0.from == "shop-1" && $0.to == "payments-1" && $0.kind == .sync })
        #expect(truth.executions.count == 5 && truth.execution(id: truth.executions[3].id)?.index == 3)
        #expect(truth.executions.allSatisfy { $0.hosts == ["ledger-1", "payments-1", "shop-1"] && $0.outcome == "success" })
        let comparison = truth.compareOffsets(estimated: ["shop-1": 0, "payments-1": 1_000, "ghost": 5])
        #expect(comparison.unknownHosts == ["ghost"] && comparison.missingHosts == ["ledger-1"])
        let pair = try #require(comparison.pairs.first)
        #expect(comparison.pairs.count == 1 && pair.a == "payments-1" && pair.b == "shop-1")
        #expect(pair.actual == (truth.offsets["shop-1"]! - truth.offsets["payments-1"]!) * 1000 && pair.estimated == -1_000)
    }
}
