import Foundation
import Testing
@testable import AriadneCore

/// `CausalOrder`: an execution's happens-before from its hosts' own order and the messages along the
/// inferred calls, on hand-made executions whose causality is known.
@Suite struct CausalOrderTests {
    static func record(_ host: String?, _ micros: Int64, _ message: String) -> Event {
        Event(source: SourceLocation(file: "causal.log", line: 0), time: micros * 1000, host: host, type: message,
              template: message, fields: [], message: message)
    }

    /// 100 µs: clocks that agree.
    static let order = ExecutionOrder(bound: 100_000)

    /// The causal order of the first of three copies of `records`, the call graph inferred from the three.
    static func causal(_ records: [Event]) -> (CausalOrder, CallGraph) {
        let runs = (0..<3).map { CallGraphTests.execution("\($0)", records) }
        let graph = CallGraphTests.graph(runs, order: order)
        return (CausalOrder(runs[0], order: order, calls: CallPartners(graph)), graph)
    }

    /// The pairs (i, j), i before j, of events on different hosts that `causal` orders, as `i<j`.
    static func ordered(_ causal: CausalOrder, _ records: [Event]) -> Set<String> {
        var result: Set<String> = []
        for j in records.indices {
            let past = causal.past(of: j)
            for i in records.indices where i != j && past[i] && records[i].host != records[j].host { result.insert("\(i)<\(j)") }
        }
        return result
    }

    /// Clocks that order nothing across hosts (a 5 ms bound), the participant's first record stamped a little early:
    /// the coordinator's `prepare t1 -> part-1` is written as the call leaves, so it precedes the vote
    /// however the stamps fall; the participant's second visit (the decision) is no call the coordinator
    /// waits in before writing `decision`: the decision precedes the commit, not the other way round.
    @Test func aSendingRecordGoesFirstAndASecondVisitIsNoCallWaitedIn() {
        let records = [Self.record("coord-1", 0, "begin t1"), Self.record("coord-1", 10, "prepare t1 -> part-1"),
                       Self.record("part-1", 5, "prepare t1, voting yes"), Self.record("coord-1", 2_000, "vote yes from part-1"),
                       Self.record("coord-1", 2_010, "decision t1 commit"), Self.record("part-1", 2_030, "commit t1")]
        let execution = CallGraphTests.execution("1", records)
        let graph = CallGraph(executions: 3, hostPairs: [CallGraph.Tally(from: "coord-1", to: "part-1", together: 3, nesting: 3, sync: 3, any: 3)])
        let causal = CausalOrder(execution, order: ExecutionOrder(bound: 5_000_000), calls: CallPartners(graph))
        let ordered = Self.ordered(causal, records)
        #expect(ordered.isSuperset(of: ["1<2", "2<3", "4<5"]), "\(ordered.sorted())")
        #expect(!ordered.contains("2<1") && !ordered.contains("5<4"), "\(ordered.sorted())")
    }

    /// Clocks that order nothing across hosts (a 5 ms bound): the producer's `transient error from
    /// kafka-1`, stamped before the leader's first record, is the leader's answer to a first attempt it
    /// did not log, so it is read before that record (the retried call), and the followers' work then
    /// reaches the producer's `acked` through the leader's `ack`. The producer never named the leader as
    /// its receiver (a coordinator's `prepare -> part-1` followed by `vote yes from part-1` keeps the
    /// participant's record first, as the test above shows).
    @Test func anErrorFromACalleeThatLoggedNothingPrecedesTheRetriedCall() {
        let records = [Self.record("producer-1", 0, "produce offset=7"), Self.record("kafka-1", 1_300, "append offset=7"),
                       Self.record("producer-1", 1_000, "transient error from kafka-1 op=produce offset=7, retrying"),
                       Self.record("kafka-2", 1_900, "replica fetched offset=7"), Self.record("kafka-1", 2_600, "ack offset=7"),
                       Self.record("producer-1", 3_200, "acked offset=7"), Self.record("kafka-1", 4_800, "high watermark advanced past offset=7")]
        let execution = CallGraphTests.execution("1", records)
        let graph = CallGraph(executions: 3, hostPairs: [CallGraph.Tally(from: "producer-1", to: "kafka-1", together: 3, nesting: 3, sync: 3, any: 3),
                                                         CallGraph.Tally(from: "kafka-1", to: "kafka-2", together: 3, nesting: 3, sync: 3, any: 3)])
        let order = ExecutionOrder(bound: 5_000_000)
        let read = ExecutionCalls.visits(execution.events, order: order, calls: CallPartners(graph))
        #expect(read.rank[2] < read.rank[1], "the error is read before the retried call's first record: \(read.rank)")
        let ordered = Self.ordered(CausalOrder(execution, order: order, calls: CallPartners(graph)), records)
        #expect(ordered.isSuperset(of: ["3<5", "4<5", "1<3"]), "\(ordered.sorted())")
    }

    /// A gateway writes one access line per request, when it ends, saying how long it took and naming no
    /// backend: it calls the backend (whose records fall inside that time), and the backend's work, its
    /// database's included, is in the line's past, though the clocks (a 1 ms bound) cannot order the
    /// line after the backend's last record.
    @Test func aGatewaysLineWithADurationFollowsTheWorkItCalled() {
        var records = [Self.record("api", 0, "handling"), Self.record("db", 1_500, "query"), Self.record("db", 2_000, "rows"),
                       Self.record("api", 3_500, "handled"), Self.record("gw", 4_000, "handled request status=200")]
        records[4].fields = [Field(name: "duration", value: "0.0045")]
        let order = ExecutionOrder(bound: 1_000_000)
        let runs = (0..<3).map { CallGraphTests.execution("\($0)", records) }
        let graph = CallGraphTests.graph(runs, order: order)
        #expect(Set(graph.hostEdges.map { "\($0.from)->\($0.to) \($0.kind)" }) == ["gw->api sync", "api->db sync"])
        let ordered = Self.ordered(CausalOrder(runs[0], order: order, calls: CallPartners(graph)), records)
        #expect(ordered.isSuperset(of: ["0<4", "1<4", "2<4", "3<4"]), "\(ordered.sorted())")
    }

    @Test func aSilentCallerOrdersItsSuccessiveCalls() {
        // client logs put, calls db-1 then db-2 without logging between, then logs done.
        let records = [Self.record("client-1", 0, "put"), Self.record("db-1", 1_000, "store a"),
                       Self.record("db-2", 3_000, "store b"), Self.record("client-1", 5_000, "done")]
        let (causal, graph) = Self.causal(records)
        #expect(Set(graph.hostEdges.map { "\($0.from)->\($0.to) \($0.kind)" }) == ["client-1->db-1 sync", "client-1->db-2 sync"])
        #expect(Self.ordered(causal, records) == ["0<1", "0<2", "1<2", "1<3", "2<3"])
        #expect(causal.messages.map(\.to) == [1, 2])
    }

    @Test func anAnswerPassesThroughACalleeThatLogsNothingAfterItsOwnCall() {
        // edge-1 calls recs-1, which calls db-1 and answers without another record.
        let records = [Self.record("edge-1", 0, "request"), Self.record("recs-1", 1_000, "recs"),
                       Self.record("db-1", 2_000, "query"), Self.record("edge-1", 4_000, "response")]
        let (causal, _) = Self.causal(records)
        #expect(Self.ordered(causal, records) == ["0<1", "0<2", "1<2", "1<3", "2<3"])
    }

    @Test func oneWayMessagesLeaveAfterTheRecordNamingTheirReceiver() {
        // a sends to b, then to c, naming each; b and c answer nothing and are concurrent.
        let records = [Self.record("bc-a", 0, "deliver"), Self.record("bc-a", 10, "send to=bc-b"),
                       Self.record("bc-a", 20, "send to=bc-c"), Self.record("bc-b", 1_000, "deliver from=bc-a"),
                       Self.record("bc-c", 1_200, "deliver from=bc-a")]
        let (causal, _) = Self.causal(records)
        #expect(Self.ordered(causal, records) == ["0<3", "1<3", "0<4", "1<4", "2<4"])
    }

    @Test func calleesOfOneWayMessagesAreConcurrentHoweverFarApartTheirClocks() {
        // client-1 sends to x-1 and to y-1 without waiting; y-1 logs 49 ms after x-1, still concurrent.
        let records = [Self.record("client-1", 0, "send to=x-1"), Self.record("client-1", 10, "send to=y-1"),
                       Self.record("x-1", 1_000, "got"), Self.record("y-1", 50_000, "got")]
        let (causal, _) = Self.causal(records)
        #expect(Self.ordered(causal, records) == ["0<2", "0<3", "1<3"])
    }

    /// A client writes to db-1, notes it, then writes to db-2; db-1 acks its write and flushes it to
    /// disk later. The flush came right after the write inside the call in some executions and after the
    /// client's `wrote a`, read right after db-1's answer, in another (surely, on clocks that agree), and
    /// never opened db-1's work: it is written after answering (`trailTypes`). So the client waits for
    /// `stored a`, not for the flush, and a flush read after `wrote a` receives no message from the
    /// client. db-2's second visit, its `commit`, always comes after the client's `decide` (never right
    /// after db-2's record): a receipt of a second call, still reached from `decide`.
    @Test func aRecordWrittenAfterAnsweringIsNoPartOfTheAnswer() throws {
        func run(_ id: String, flushAt: Int64) -> Execution {
            CallGraphTests.execution(id, [
                Self.record("client-1", 0, "put"), Self.record("db-1", 1_000, "stored a"),
                Self.record("db-1", flushAt, "flushed a"), Self.record("client-1", 2_000, "wrote a"),
                Self.record("db-2", 3_000, "stored b"), Self.record("client-1", 5_000, "decide"),
                Self.record("db-2", 6_000, "commit b"), Self.record("client-1", 8_000, "done"),
            ])
        }
        let runs = [run("1", flushAt: 1_200), run("2", flushAt: 1_300), run("3", flushAt: 2_500)]
        let graph = CallGraphTests.graph(runs, order: Self.order)
        let flush = try #require(graph.trailTypes["flushed a"])
        #expect(flush == .init(opened: 0, inCall: 2, afterCaller: 1) && flush.isTrailing, "\(graph.trailTypes)")
        #expect(graph.trailTypes["stored a"]?.isTrailing == false && graph.trailTypes["commit b"]?.isTrailing == false,
                "\(graph.trailTypes)")
        let calls = CallPartners(graph)
        let early = Self.ordered(CausalOrder(runs[0], order: Self.order, calls: calls), runs[0].events)
        #expect(early.isSuperset(of: ["1<3", "1<4", "3<4", "4<5", "5<6", "6<7"]) && !early.contains("2<3") && !early.contains("2<4"),
                "\(early.sorted())")
        let late = Self.ordered(CausalOrder(runs[2], order: Self.order, calls: calls), runs[2].events)
        #expect(late.isSuperset(of: ["1<3", "3<4", "5<6", "0<2"]) && !late.contains("3<2") && !late.contains("2<4"), "\(late.sorted())")
        // Without the tallies (a graph of one execution shows no flush both ways) the flush is part of the answer.
        let alone = CallGraphTests.graph([runs[0]], order: Self.order)
        let before = Self.ordered(CausalOrder(runs[0], order: Self.order, calls: CallPartners(alone)), runs[0].events)
        #expect(before.contains("2<3") && before.contains("2<4"), "\(before.sorted())")
    }

    @Test func aRecordWithoutAHostIsOrderedByTheClocks() {
        let records = [Self.record("a-1", 0, "start"), Self.record(nil, 1_000, "batch"), Self.record("a-1", 2_000, "end")]
        let (causal, _) = Self.causal(records)
        #expect(causal.past(of: 1) == [true, true, false])
        #expect(causal.past(of: 2)[1] && causal.precedes(0, 2) && !causal.precedes(2, 0))
    }
}
