@testable import AriadneCore
import Foundation
import Testing

/// Ariadne on the testbed's fault-free logs (`Samples/testbed`, correct variants, 150 executions) read
/// as `ariadne model DIR/logs --outcome X` and `ariadne model DIR/merged.log --outcome X` read them,
/// against the simulator's truth: grouping, hosts, cross-host happens-before and clock offsets.
@Suite(.enabled(if: Python3.path != nil, "python3 is not on PATH; the testbed tests need it"))
struct TestbedTruthTests {
    /// The testbed's systems (`testbed.py list`).
    static let systems = ["broadcast", "2pc", "kafka", "fallback", "payment", "quorum"]

    /// What Ariadne reads of a run.
    enum Input: String, CaseIterable, CustomTestStringConvertible {
        /// `DIR/logs`: one file per host.
        case directory
        /// `DIR/merged.log`: every host's lines, each prefixed with its host name.
        case merged

        func path(_ truth: TestbedTruth) -> String {
            self == .directory ? truth.logs : truth.merged
        }

        var testDescription: String { rawValue }
    }

    static let executions = 150

    /// Each system's good outcome (`--outcome`): the last event of a successful execution.
    static let outcomes = ["broadcast": "deliver", "2pc": "commit txn", "kafka": "acked offset", "fallback": "200 req",
                           "payment": "paid order", "quorum": "found=true"]

    /// A message's worst hop: the simulator's call latencies are 0.3–1.5 ms.
    static let shortestHop: Int64 = 300_000

    private func analyse(_ system: String, _ input: Input) throws -> TestbedAnalysis {
        let truth = try TestbedTruth.run(system: system, executions: Self.executions)
        #expect(truth.executions.count == Self.executions && truth.executions.allSatisfy { $0.outcome == "success" })
        return try TestbedAnalysis(input.path(truth), truth: truth)
    }

    @Test(arguments: systems, Input.allCases)
    func groupingAndHostsAreTheTruths(_ system: String, _ input: Input) throws {
        let analysis = try analyse(system, input)
        let check = {
            let grouping = analysis.groupingErrors(), groupedRight = grouping.isEmpty
            #expect(groupedRight, "\(system) \(input.rawValue): \(grouping.count) grouping errors: \(grouping.prefix(5))")
            let hosts = analysis.hostErrors(), hostsRight = hosts.isEmpty
            #expect(hostsRight, "\(system) \(input.rawValue): \(hosts.count) events with a wrong host (got / truth): \(hosts.prefix(5))")
        }
        if input == .merged {
            // Known: the merged file mixes four layouts behind a host-name prefix; one layout is inferred
            // (or the generic pattern chosen) for the whole file, so no event has a host, most lack a
            // time, and on some systems lines are glued into others' continuations. Remove this wrapper
            // when the merged file reads like the directory.
            withKnownIssue("merged.log: hosts (and on some systems grouping) not recovered") { check() }
        } else {
            check()
        }
        print(report(system, input, analysis))
    }

    /// The command the harness mirrors: on the per-host files, with only `--outcome`, every execution
    /// the simulator ran is formed and, fault-free, reaches the outcome.
    @Test func theModelCommandReadsTheLogsDirectoryWithOnlyAnOutcome() throws {
        let truth = try TestbedTruth.run(system: "payment", executions: 40)
        let run = try CLI.run(["model", "--outcome", Self.outcomes["payment"]!, truth.logs])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("into 40 executions") && run.stderr.contains("40 of 40 executions reach it"), "\(run.stderr)")
        let analysis = try TestbedAnalysis(truth.logs, truth: truth)
        #expect(analysis.executions.count == 40 && analysis.groupingErrors().isEmpty)
    }

    /// The figures the lead tunes with: happens-before with today's fixed bound and with the pipeline's
    /// order, and the clock offsets the solver finds on these executions against the truth.
    private func report(_ system: String, _ input: Input, _ analysis: TestbedAnalysis) -> String {
        let executions = analysis.executions
        let fixed = HappensBeforeScore(executions: executions, order: analysis.defaultOrder, truth: analysis.truth)
        let pipeline = HappensBeforeScore(executions: executions, order: analysis.pipeline.order, truth: analysis.truth)
        let realTime = HappensBeforeScore(executions: executions, order: analysis.pipeline.order, truth: analysis.truth,
                                          reference: .trueTime)
        let lineCount = analysis.truth.document.lines.keys.filter { $0.hasPrefix(input == .merged ? "merged.log:" : "logs/") }.count
        var lines = ["testbed \(system) \(input.rawValue): \(analysis.stats.total(\.events)) events of \(lineCount) lines, "
                     + "\(executions.count) executions of \(analysis.truth.executions.count), "
                     + "\(analysis.groupingErrors().count) grouping errors, \(analysis.hostErrors().count) host errors",
                     "  happens-before, default bound \(analysis.defaultOrder.bound) ns: \(fixed)",
                     "  happens-before, pipeline.order (bound \(analysis.pipeline.order.bound) ns): \(pipeline)",
                     "  happens-before, reference: logged time minus the true offsets: \(analysis.trueOffsetsScore())",
                     "  happens-before, reference: the same, per-host truncation intervals: \(analysis.trueOffsetsIntervalScore())",
                     "  happens-before, reference: true time, bound 0: \(analysis.trueTimeScore())",
                     "  real-time order (not causality), pipeline.order: \(realTime)"]
        if let outcome = Self.outcomes[system], let supports = try? analysis.supportsLackingHosts(outcome: outcome) {
            lines.append("  outcome '\(outcome)': \(supports.reached) executions reach it, \(supports.lacking.count) supports lack a host "
                         + "the execution used, e.g. \(supports.lacking.prefix(2))")
        } else {
            lines.append("  outcome '\(Self.outcomes[system] ?? "-")': no redundancy model")
        }
        let solved = solvedOffsets(analysis)
        let offsets = analysis.truth.compareOffsets(estimated: solved.offsets, anchors: solved.anchors)
        lines.append("  offsets (test-side solve): worst \(offsets.worst?.description ?? "no pair")"
                     + (offsets.missingHosts.isEmpty ? "" : "; not estimated: \(offsets.missingHosts)"))
        return lines.joined(separator: "\n")
    }

    /// FOR THE LEAD: the estimated offsets (host → ns, relative to its group's anchor) and anchors.
    /// Today the test solves `ClockOffsets` on the executions itself; replace the body with the
    /// pipeline's estimate once it exposes one.
    private func solvedOffsets(_ analysis: TestbedAnalysis) -> (offsets: [String: Int64], anchors: [String: String]) {
        let solved = ClockOffsets.solve(analysis.executions.flatMap { OffsetObservation.nestings(in: $0.events) })
        return (Dictionary(uniqueKeysWithValues: solved.offsets.map { ($0.host, $0.offset) }),
                Dictionary(uniqueKeysWithValues: solved.offsets.map { ($0.host, $0.anchor) }))
    }

    // MARK: Done-when of issue 9, to enable when clock offsets order events.

    @Test(.disabled("enable when clock offsets order events (issue 9, Done-when)"), arguments: systems, Input.allCases)
    func crossHostHappensBeforeMeetsTheTargets(_ system: String, _ input: Input) throws {
        let analysis = try analyse(system, input)
        let score = HappensBeforeScore(executions: analysis.executions, order: analysis.pipeline.order, truth: analysis.truth)
        #expect((score.precision ?? 0) >= 0.95, "\(system) \(input.rawValue): \(score)")
        #expect((score.recall ?? 0) >= 0.9, "\(system) \(input.rawValue): \(score)")
    }

    @Test(.disabled("enable when clock offsets order events (issue 9, Done-when)"), arguments: systems, Input.allCases)
    func everySupportContainsTheHostsTheExecutionUsed(_ system: String, _ input: Input) throws {
        let analysis = try analyse(system, input)
        let outcome = try #require(Self.outcomes[system])
        let supports = try analysis.supportsLackingHosts(outcome: outcome)
        #expect(supports.reached == Self.executions, "\(system) \(input.rawValue): '\(outcome)' reached by \(supports.reached)")
        #expect(supports.lacking.isEmpty, "\(system) \(input.rawValue): \(supports.lacking.count) supports lack hosts: \(supports.lacking.prefix(5))")
    }

    /// Within a call latency: the shortest hop plus the coarser timestamp resolution of the two hosts
    /// (log4j-like and clf hosts log milliseconds).
    @Test(.disabled("enable when the pipeline exposes its clock offsets (issue 9, Done-when)"), arguments: systems, Input.allCases)
    func estimatedOffsetsAreWithinACallLatency(_ system: String, _ input: Input) throws {
        let analysis = try analyse(system, input)
        let (estimated, anchors) = solvedOffsets(analysis)
        let comparison = analysis.truth.compareOffsets(estimated: estimated, anchors: anchors)
        // Hosts that log for no execution (zk-1, recs-cache-1 when fault-free) cannot be estimated.
        let working = Set(analysis.truth.executions.flatMap(\.hosts))
        #expect(working.isDisjoint(with: comparison.missingHosts) && comparison.unknownHosts.isEmpty,
                "\(system) \(input.rawValue): missing \(comparison.missingHosts), unknown \(comparison.unknownHosts)")
        #expect(Set(anchors.values).count == 1, "\(system) \(input.rawValue): hosts in several groups: \(anchors)")
        var times: [String: [Int64]] = [:]
        for event in analysis.executions.flatMap(\.events) {
            if let host = event.host, let time = event.time { times[host, default: []].append(time) }
        }
        let resolution = times.mapValues { ExecutionOrder.resolution(of: $0) }
        for pair in comparison.pairs {
            let allowed = Self.shortestHop + max(resolution[pair.a] ?? 0, resolution[pair.b] ?? 0)
            #expect(abs(pair.error) <= allowed, "\(system) \(input.rawValue): \(pair)")
        }
    }
}

/// The truth's own reading: line keys, vector-clock order, file names from a directory parse.
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
