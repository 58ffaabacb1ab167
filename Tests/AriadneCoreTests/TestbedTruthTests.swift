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

    /// A good outcome per system (`--outcome`), matched in every fault-free execution.
    static let outcomes = ["broadcast": "deliver", "2pc": "commit txn", "kafka": "acked offset", "fallback": "200 req",
                           "payment": "paid order", "quorum": "found=true"]

    /// The shortest hop: the simulator's call latencies are 0.3–1.5 ms.
    static let shortestHop: Int64 = 300_000

    private func analyse(_ system: String, _ input: Input) throws -> TestbedAnalysis {
        let truth = try TestbedTruth.run(system: system, executions: Self.executions)
        #expect(truth.executions.count == Self.executions && truth.executions.allSatisfy { $0.outcome == "success" })
        return try TestbedAnalysis(input.path(truth), truth: truth)
    }

    @Test(arguments: systems, Input.allCases)
    func groupingAndHostsAreTheTruths(_ system: String, _ input: Input) throws {
        let analysis = try analyse(system, input)
        let grouping = analysis.groupingErrors(), groupedRight = grouping.isEmpty
        #expect(groupedRight, "\(system) \(input.rawValue): \(grouping.count) grouping errors: \(grouping.prefix(5))")
        let hosts = analysis.hostErrors(), hostsRight = hosts.isEmpty
        #expect(hostsRight, "\(system) \(input.rawValue): \(hosts.count) events with a wrong host (got / truth): \(hosts.prefix(5))")
        let times = analysis.timeErrors(), timesRight = times.isEmpty
        #expect(timesRight, "\(system) \(input.rawValue): \(times.count) events with a wrong time (got / logged): \(times.prefix(5))")
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

    /// The figures the lead tunes with: happens-before with today's fixed bound, with the pipeline's order
    /// and with reference orders (true time; exact offsets), supports against the hosts each execution
    /// used, and the clock offsets the solver finds on these executions against the truth.
    private func report(_ system: String, _ input: Input, _ analysis: TestbedAnalysis) -> String {
        let executions = analysis.executions
        let fixed = HappensBeforeScore(executions: executions, order: analysis.defaultOrder, truth: analysis.truth)
        let pipeline = HappensBeforeScore(executions: executions, order: analysis.pipeline.order, truth: analysis.truth)
        let realTime = HappensBeforeScore(executions: executions, order: analysis.pipeline.order, truth: analysis.truth,
                                          reference: .trueTime)
        let causal = analysis.causalScore()
        let lineCount = analysis.truth.document.lines.keys.filter { $0.hasPrefix(input == .merged ? "merged.log:" : "logs/") }.count
        var lines = ["testbed \(system) \(input.rawValue): \(analysis.stats.total(\.events)) events of \(lineCount) lines, "
                     + "\(executions.count) executions of \(analysis.truth.executions.count), "
                     + "\(analysis.groupingErrors().count) grouping errors, \(analysis.hostErrors().count) host errors",
                     "  happens-before, default bound \(analysis.defaultOrder.bound) ns: \(fixed)",
                     "  happens-before, pipeline.order (bound \(analysis.pipeline.order.bound) ns): \(pipeline)",
                     "  happens-before, causal order (host order + messages along inferred calls): \(causal)",
                     "    commonest false pairs: \(causal.commonestFalse(4))",
                     "  happens-before, reference: logged time minus the true offsets: \(analysis.trueOffsetsScore())",
                     "  happens-before, reference: the same, per-host truncation intervals: \(analysis.trueOffsetsIntervalScore())",
                     "  happens-before, reference: true time, bound 0: \(analysis.trueTimeScore())",
                     "  happens-before, reference: causal order on true time (bound 0, calls inferred on it): \(analysis.trueTimeCausalScore())",
                     "  real-time order (not causality), pipeline.order: \(realTime)"]
        if let outcome = Self.outcomes[system], let supports = try? analysis.supportsLackingHosts(outcome: outcome) {
            lines.append("  outcome '\(outcome)': \(supports.reached) executions reach it, \(supports.lacking.count) supports lack a host "
                         + "the execution used, e.g. \(supports.lacking.prefix(2))")
        } else {
            lines.append("  outcome '\(Self.outcomes[system] ?? "-")': no redundancy model")
        }
        let solved = solvedOffsets(analysis)
        let offsets = analysis.truth.compareOffsets(estimated: solved.offsets, anchors: solved.anchors)
        lines.append("  offsets (pipeline): worst \(offsets.worst?.description ?? "no pair")"
                     + (offsets.missingHosts.isEmpty ? "" : "; not estimated: \(offsets.missingHosts)"))
        return lines.joined(separator: "\n")
    }

    /// The pipeline's estimated offsets (host → ns, relative to its group's anchor) and anchors; empty
    /// when it estimated none.
    private func solvedOffsets(_ analysis: TestbedAnalysis) -> (offsets: [String: Int64], anchors: [String: String]) {
        let solved = analysis.pipeline.clocks?.offsets ?? []
        return (Dictionary(uniqueKeysWithValues: solved.map { ($0.host, $0.offset) }),
                Dictionary(uniqueKeysWithValues: solved.map { ($0.host, $0.anchor) }))
    }

    /// The causal order's rules apart from the clocks: on true time (calls inferred on it) they meet the
    /// targets on every system but quorum, kafka's high watermark read as written after answering (it
    /// came after the producer's `acked` in some executions and before it in others). Quorum's `fsync`,
    /// always 300 µs after the write it follows, came before the client went on in every execution: no
    /// log can tell it from part of the answer (precision 0.781).
    @Test(arguments: ["broadcast", "2pc", "kafka", "fallback", "payment"])
    func causalOrderOnTrueTimeMeetsTheTargets(_ system: String) throws {
        let analysis = try analyse(system, .directory)
        let score = analysis.trueTimeCausalScore()
        #expect((score.precision ?? 0) >= 0.95 && (score.recall ?? 0) >= 0.9, "\(system): \(score)")
    }

    /// The pipeline's causal order meets the targets on broadcast, with no clock estimated (the records
    /// naming their receiver, `to=`, and sender, `from=`, pin its one-way messages), and on fallback and
    /// payment, whose middle hosts log once per call (the call graph takes the caller from their
    /// `error from ratings-db-1` lines, and the records the clocks cannot order are read caller first),
    /// and on 2pc (the coordinator's `prepare -> tpc-p1` is read before the participant's vote it
    /// sends for, and a participant's second visit, the decision, is not read as a call the coordinator
    /// waits in before its own `decision` record), and on kafka (the leader's high watermark is written
    /// after answering: the producer's `acked` does not wait for it, and it receives no message).
    @Test(arguments: ["broadcast", "2pc", "kafka", "fallback", "payment"], Input.allCases)
    func causalOrderMeetsTheTargets(_ system: String, _ input: Input) throws {
        let score = try analyse(system, input).causalScore()
        #expect((score.precision ?? 0) >= 0.95 && (score.recall ?? 0) >= 0.9, "\(system) \(input.rawValue): \(score)")
        print("testbed \(system) \(input.rawValue) happens-before between hosts: \(score)")
    }

    /// The host call graph is the truth's, kinds included, as far as the logs show it
    /// (`loggedCallGraph`: broadcast's acknowledgements are only noted by their receiver), where a
    /// silent host's callee is named in its error lines (fallback, payment), the sender names its
    /// receiver (broadcast's `to=`: one-way, the origin goes on to its next send, and a relay's lone
    /// send is of the same kind), or the calls nest (2pc, quorum: a replica's work read
    /// inside its sibling's, after the sibling's late `fsync`, in a minority of executions is no call;
    /// kafka: the leader's records up to its acknowledgement nest in the producer, which names it in its
    /// `transient error from kafka-1` lines, whether its high watermark (0.2–4 ms after the ack) falls
    /// before or after the producer's `acked`: the leader's whole-millisecond stamps are read at the
    /// middle of their millisecond, so its first record is not read before the producer's, which would
    /// make the leader seem to call the producer).
    @Test(arguments: systems, Input.allCases)
    func theCallGraphIsTheTruth(_ system: String, _ input: Input) throws {
        let analysis = try analyse(system, input)
        let inferred = Set((analysis.pipeline.snapshot().calls?.hostEdges ?? []).map { "\($0.from) -> \($0.to) \($0.kind.rawValue)" })
        // A pair with both kinds of message (broadcast's relays acknowledge each other's sends) is a
        // one-way edge only when every message is one-way.
        var kinds: [String: String] = [:]
        for edge in analysis.truth.loggedCallGraph {
            let pair = "\(edge.from) -> \(edge.to)"
            kinds[pair] = kinds[pair] == "sync" ? "sync" : edge.kind.rawValue
        }
        let truth = Set(kinds.map { "\($0.key) \($0.value)" })
        #expect(inferred == truth, "\(system) \(input.rawValue)")
    }

    // MARK: Done-when of issue 9, to enable when clock offsets order events.

    /// Met on the other five (`causalOrderMeetsTheTargets`). Not on quorum (0.695 / 0.889): its silent
    /// client bounds each replica's clock only by the whole write or read, so the estimated offsets are
    /// 1–3 ms off while a hop takes 0.3–1.5 ms, and its `fsync`, always 300 µs after the write, reads as
    /// part of the answer (on true time 0.781 / 0.999).
    @Test(.disabled("enable when quorum's clock offsets order its events (issue 9, Done-when)"), arguments: ["quorum"], Input.allCases)
    func crossHostHappensBeforeMeetsTheTargets(_ system: String, _ input: Input) throws {
        let analysis = try analyse(system, input)
        let score = analysis.causalScore()
        #expect((score.precision ?? 0) >= 0.95, "\(system) \(input.rawValue): \(score)")
        #expect((score.recall ?? 0) >= 0.9, "\(system) \(input.rawValue): \(score)")
    }

    /// Met where every execution's hosts are in its support (2pc, kafka, payment, quorum; broadcast's, whose
    /// outcome is each host's own delivery, below). Not yet on fallback: two of its 150 executions (a
    /// retried call) lack the silent host's callee.
    @Test(arguments: ["2pc", "kafka", "payment", "quorum"], Input.allCases)
    func supportsContainTheHostsTheExecutionUsed(_ system: String, _ input: Input) throws {
        try expectSupportsContainTheHostsTheExecutionUsed(system, input)
    }

    @Test(.disabled("enable when clock offsets order events (issue 9, Done-when)"), arguments: ["fallback"], Input.allCases)
    func everySupportContainsTheHostsTheExecutionUsed(_ system: String, _ input: Input) throws {
        try expectSupportsContainTheHostsTheExecutionUsed(system, input)
    }

    /// Broadcast's good outcome is every host's delivery (`deliver on each host`: the origin's own
    /// delivery needs no other host). Each delivery's support holds exactly the hosts in its causal past:
    /// a receiver the origin served directly has the origin alone behind it, though the relay sent it a
    /// copy before it logged (that copy found it served); one the relay served first has both, though the
    /// relay's clock, running ms ahead, stamps its send after the delivery (`from=bcast-c` names it). So the
    /// last receiver's outcome has two classes, the redundancy in space the correct variant adds, and the
    /// origin's two sends (`send to=bcast-b`, `send to=bcast-c`) are a fan-out, not a retry.
    @Test(arguments: Input.allCases)
    func broadcastSupportsAreEachDeliverysCausalPast(_ input: Input) throws {
        let analysis = try analyse("broadcast", input)
        let supports = try analysis.supportsAgainstCausalPast(outcome: "deliver on each host")
        #expect(supports.reached == 3 * Self.executions, "\(input.rawValue): reached \(supports.reached)")
        // Two of the 450 deliveries lack the relay: its copy arrived a microsecond after the origin's and
        // before the delivery `from=bcast-a` was logged, so the simulator's vector clock has it; no log line can.
        #expect(supports.lacking.count * 100 <= supports.reached, "\(input.rawValue): \(supports.lacking.count) lack hosts: \(supports.lacking.prefix(5))")
        #expect(supports.extra.isEmpty, "\(input.rawValue): \(supports.extra.count) have hosts outside the past: \(supports.extra.prefix(5))")
        let model = try analysis.redundancy(outcome: "deliver on each host")
        let last = try #require(model.outcomes.first { $0.outcome.host == "bcast-c" })
        #expect(last.classes.count == 2, "\(input.rawValue): \(last.classes.map(\.supports))")
        let retries = model.outcomes.flatMap(\.classes).flatMap(\.alternatives)
        #expect(retries.isEmpty, "\(input.rawValue): \(retries.map { "\($0.kind) of \($0.eventType)" })")
        // A receiver's support holds the message that reached it: the causal order's message from the
        // origin's `send to=` record, which is not the origin record the view's edge starts from.
        for outcome in model.outcomes where outcome.outcome.host != "bcast-a" {
            let host = try #require(outcome.outcome.host)
            for kind in outcome.classes {
                let member = try #require(kind.executions.first)
                let edges = kind.supports.map { support in support.filter { $0.hasPrefix("delay:edge:") }.map { member.bindings[$0] ?? $0 } }
                #expect(edges.allSatisfy { $0.contains { $0.hasSuffix("->" + host) } }, "\(input.rawValue) \(host) \(kind.id): \(edges)")
            }
        }
    }

    /// 2PC's coordinator sends `prepare -> tpc-p1` and `prepare -> tpc-p2` and logs `vote yes from` each:
    /// a fan-out and a gather, no retry. Its real retries follow a `transient error from tpc-pN`: a vote
    /// after its participant's error is that participant's retried call (a timeout would be the
    /// participant's delay, not the coordinator's); the prepares around an error name different
    /// participants, which the records cannot tell from a move to another host, and stay the coordinator's.
    @Test(arguments: Input.allCases)
    func retriesAreTheCalleesAndFanOutsAreNone(_ input: Input) throws {
        let analysis = try analyse("2pc", input)
        let model = try analysis.redundancy(outcome: try #require(Self.outcomes["2pc"]))
        let retries = model.outcomes.flatMap(\.classes).flatMap(\.alternatives)
        #expect(retries.allSatisfy { $0.kind == "retry" && Set($0.triggers.keys) == ["error"] },
                "\(input.rawValue): \(retries.map { "\($0.kind) of \($0.eventType) from \($0.primary) after \($0.triggers)" })")
        let votes = Set(analysis.executions.flatMap(\.events).filter { $0.template.hasPrefix("vote yes from") }.map(\.type))
        let voteRetries = retries.filter { votes.contains($0.eventType) }
        #expect(!voteRetries.isEmpty && voteRetries.allSatisfy { ["tpc-p1", "tpc-p2"].contains($0.primary) && $0.alternative == $0.primary },
                "\(input.rawValue): \(voteRetries.map { "\($0.primary) -> \($0.alternative)" })")
    }

    private func expectSupportsContainTheHostsTheExecutionUsed(_ system: String, _ input: Input) throws {
        let analysis = try analyse(system, input)
        let outcome = try #require(Self.outcomes[system])
        let supports = try analysis.supportsLackingHosts(outcome: outcome)
        #expect(supports.reached == Self.executions, "\(system) \(input.rawValue): '\(outcome)' reached by \(supports.reached)")
        #expect(supports.lacking.isEmpty, "\(system) \(input.rawValue): \(supports.lacking.count) supports lack hosts: \(supports.lacking.prefix(5))")
    }

    /// Within a call latency: the shortest hop plus the coarser timestamp resolution of the two hosts
    /// (log4j-like and clf hosts log milliseconds). Met where the calls nest or their records name the
    /// peer (2pc's coordinator: `prepare -> tpc-p2`, `vote yes from tpc-p2`).
    @Test(arguments: ["2pc"], Input.allCases)
    func estimatedOffsetsAreWithinACallLatency(_ system: String, _ input: Input) throws {
        try expectOffsetsWithinACallLatency(system, input)
    }

    /// Not yet: broadcast estimates none; kafka's followers, quorum's replicas (records written after
    /// answering) and the hosts writing one record per call (payment's, fallback's recs-1 and
    /// ratings-db-1: nothing bounds them against each other on both sides) leave some pair of hosts
    /// off by more than a call latency: kafka 1.6 ms, payment 1.6 ms, fallback 0.48 ms, quorum 3 ms.
    @Test(.disabled("enable when clock offsets are estimated on every system (issue 9, Done-when)"),
          arguments: ["broadcast", "kafka", "fallback", "payment", "quorum"], Input.allCases)
    func estimatedOffsetsAreWithinACallLatencyOnTheOthers(_ system: String, _ input: Input) throws {
        try expectOffsetsWithinACallLatency(system, input)
    }

    private func expectOffsetsWithinACallLatency(_ system: String, _ input: Input) throws {
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
