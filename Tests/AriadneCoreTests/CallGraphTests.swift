import Foundation
import Testing
@testable import AriadneCore

@Suite struct CallGraphTests {
    /// A record of `host` at `micros` microseconds, at line `line`.
    static func record(_ host: String, _ micros: Int64, _ message: String = "work", fields: [Field] = [], line: Int = 0) -> Event {
        Event(source: SourceLocation(file: "calls.log", line: line), time: micros * 1000, host: host, type: "T",
              template: message, fields: fields, message: message)
    }

    /// An execution of `records` (given in time order; input lines numbered from 1).
    static func execution(_ id: String, _ records: [Event]) -> Execution {
        let numbered = records.enumerated().map { i, e -> Event in
            var e = e
            e.source.line = i + 1
            return e
        }
        return Execution(id: "trace=\(id)", ids: [ExecutionID(kind: "trace", value: id)], events: numbered)
    }

    /// 100 µs: records 1 ms apart on clocks that agree are ordered.
    static let order = ExecutionOrder(bound: 100_000)

    static func pairs(_ calls: ExecutionCalls, _ evidence: CallGraph.Evidence? = nil) -> Set<[String]> {
        Set(calls.calls.filter { evidence == nil || $0.evidence == evidence }.map { [$0.from, $0.to] })
    }

    static func graph(_ executions: [Execution], order: ExecutionOrder = order) -> CallGraph {
        let builder = CallGraphBuilder()
        for e in executions { builder.add(e, order: order) }
        return builder.graph()
    }

    static func edges(_ edges: [CallGraph.Edge]) -> Set<String> {
        Set(edges.map { "\($0.from)->\($0.to):\($0.kind.rawValue)" })
    }

    @Test func nestedChainIsCalledByTheInnermostHost() {
        let e = Self.execution("1", [
            Self.record("a", 0), Self.record("b", 1000), Self.record("c", 2000), Self.record("c", 2500),
            Self.record("b", 3000), Self.record("a", 4000),
        ])
        let calls = ExecutionCalls(e, order: Self.order)
        #expect(Self.pairs(calls) == [["a", "b"], ["b", "c"]])
        #expect(calls.calls.allSatisfy { $0.evidence == .nesting && $0.kind == .sync })
        let bc = calls.calls.first { $0.to == "c" }!
        #expect(bc.events == [1, 2, 3, 4])
    }

    /// Records the clocks cannot order are read by their time less their host's estimated offset. b's
    /// clock runs 5 ms ahead (±1 ms) of a's and c's: b1, stamped 5.5 ms, is 0.5 ms on a's clock, inside
    /// a's call (a1 at 0, a2 at 1 ms), though the clocks cannot order it against either. Read there, b
    /// has answered before c begins, so c's work is not read as nested in b's (b2 comes after c's).
    @Test func recordsTheClocksCannotOrderAreReadOnTheEstimatedClock() throws {
        let offsets = ClockOffsets.solve([OffsetObservation(a: "a", b: "b", low: 4_000_000, high: 6_000_000),
                                          OffsetObservation(a: "a", b: "c", low: -50_000, high: 50_000)])
        let order = ExecutionOrder(bound: 100_000, clocks: HostClocks(offsets), resolution: 1_000)
        let e = Self.execution("1", [Self.record("a", 0), Self.record("a", 1_000), Self.record("c", 2_000), Self.record("c", 2_500),
                                     Self.record("b", 5_500), Self.record("b", 9_000)])
        let (a1, a2, c1, b1) = (0, 1, 2, 4)
        #expect(!order.precedes(e.events[a1], at: a1, e.events[b1], at: b1) && !order.precedes(e.events[b1], at: b1, e.events[a2], at: a2))
        #expect(order.precedes(e.events[b1], at: b1, e.events[c1], at: c1))
        #expect(order.estimatedTime(of: e.events[b1]) == 500_000)
        let visits = ExecutionCalls.visits(e.events, order: order).visits
        #expect(visits.map(\.host) == ["a", "b", "c", "b"] && visits[1].chain == [0] && visits[2].chain == [0])
        #expect(!Self.pairs(ExecutionCalls(e, order: order)).contains(["b", "c"]))
    }

    /// Two estimated clocks surely 7 ms apart show the usual 1 ms skew does not hold in this system: a host
    /// whose clock was not estimated is ordered against the others only by more than the skew plus those
    /// 7 ms. Without estimated clocks, the skew alone orders.
    @Test func anUnestimatedClockMayBeAsFarFromOthersAsTheEstimatedOnesAre() {
        let clocks = HostClocks(ClockOffsets.solve([OffsetObservation(a: "a", b: "b", low: 7_000_000, high: 8_000_000)]))
        #expect(clocks.spread == 7_000_000)
        let estimated = ExecutionOrder(bound: 1_000_000, clocks: clocks, resolution: 1_000)
        let (c, a3, a9) = (Self.record("c", 0), Self.record("a", 3_000), Self.record("a", 9_000))
        #expect(!estimated.precedes(c, at: 0, a3, at: 1) && !estimated.precedes(a3, at: 1, c, at: 0))
        #expect(estimated.precedes(c, at: 0, a9, at: 1))
        #expect(ExecutionOrder(bound: 1_000_000, resolution: 1_000).precedes(c, at: 0, a3, at: 1))
        // Clocks that agree within the skew leave it as it is.
        let agreeing = HostClocks(ClockOffsets.solve([OffsetObservation(a: "a", b: "b", low: -500_000, high: 500_000)]))
        #expect(agreeing.spread == 0 && ExecutionOrder(bound: 1_000_000, clocks: agreeing, resolution: 1_000).precedes(c, at: 0, a3, at: 1))
    }

    /// Where the bounds leave an offset wider than the usual skew (here ±3 ms) but still allow the clocks
    /// to agree, its middle is no better a guess: records are read by their time as stamped. Where they
    /// exclude agreement (the clocks surely differ, even if by less than the usual skew: 0.5 to 3.5 ms),
    /// the stamp itself contradicts the evidence and the middle is read by; so where they exclude the
    /// usual skew.
    @Test func wideOffsetsAreReadByOnlyWhereTheyExcludeTheUsualSkew() {
        let allowing = HostClocks(ClockOffsets.solve([OffsetObservation(a: "a", b: "b", low: -2_000_000, high: 4_000_000)]))
        #expect(allowing.offset(of: "a") == 0 && allowing.offset(of: "b") == nil)
        let order = ExecutionOrder(bound: 100_000, clocks: allowing, resolution: 1_000)
        #expect(order.estimatedTime(of: Self.record("b", 5_500)) == 5_500_000)
        let apart = HostClocks(ClockOffsets.solve([OffsetObservation(a: "a", b: "b", low: 500_000, high: 3_500_000)]))
        #expect(apart.offset(of: "b") == 2_000_000)
        let excluding = HostClocks(ClockOffsets.solve([OffsetObservation(a: "a", b: "b", low: 2_000_000, high: 8_000_000)]))
        #expect(excluding.offset(of: "b") == 5_000_000)
        #expect(ExecutionOrder(bound: 100_000, clocks: excluding, resolution: 1_000).estimatedTime(of: Self.record("b", 5_500)) == 500_000)
    }

    /// A host stamping whole milliseconds read its clock somewhere in the millisecond after its stamp:
    /// its records are read half a millisecond later than stamped. The leader's `append`, stamped 12 ms,
    /// is read after the producer's `produce` at 12.2 ms (µs stamps, the same clock), not before it, so
    /// the producer calls the leader and the leader does not call the producer.
    @Test func aCoarseStampIsReadAtTheMiddleOfItsMillisecond() {
        let order = ExecutionOrder(bound: 2_000_000, hostResolutions: ["leader": 1_000_000, "producer": 1_000])
        #expect(order.estimatedTime(of: Self.record("leader", 12_000)) == 12_500_000)
        #expect(order.estimatedTime(of: Self.record("producer", 12_200)) == 12_200_500)
        let e = Self.execution("1", [Self.record("producer", 12_200, "produce"), Self.record("leader", 12_000, "append"),
                                     Self.record("leader", 13_000, "ack"), Self.record("producer", 14_600, "acked")])
        let visits = ExecutionCalls.visits(e.events, order: order).visits
        #expect(visits.map(\.host) == ["producer", "leader"] && visits[1].chain == [0], "\(visits.map(\.host))")
        // Whole seconds, coarser than the usual skew, stay at the stamp.
        let seconds = ExecutionOrder(bound: 2_000_000, hostResolutions: ["lb": 1_000_000_000])
        #expect(seconds.estimatedTime(of: Self.record("lb", 12_000_000)) == 12_000_000_000)
    }

    @Test func callerRecordAfterCalleeIsAReturnNotACallBack() {
        // b answers and a logs its next record: never b -> a.
        let e = Self.execution("1", [Self.record("a", 0), Self.record("b", 1000), Self.record("a", 2000), Self.record("a", 3000)])
        #expect(Self.pairs(ExecutionCalls(e, order: Self.order)) == [["a", "b"]])
        // A caller that logs nothing before the call: the execution alone reads b -> a as a message,
        // the executions where a logs first make it a return (the one-way edge is dropped).
        let late = Self.execution("2", [Self.record("b", 0), Self.record("a", 1000)])
        #expect(Self.pairs(ExecutionCalls(late, order: Self.order), .message) == [["b", "a"]])
        let graph = Self.graph([e, Self.execution("3", e.events), late])
        #expect(Self.edges(graph.hostEdges) == ["a->b:sync"])
    }

    /// A checkout publishes to a queue and answers its front end, which answers the user; the consumer
    /// logs the message after both. The host on top when it does is the front end, but the topic the
    /// consumer names (`order.confirmed`, logged by the checkout alone) says who sent it.
    @Test func aConsumersTopicNamesItsPublisherNotTheLastHostToLog() {
        func run(_ id: String, topic: String) -> Execution {
            Self.execution(id, [
                Self.record("frontend", 0, "checkout requested"), Self.record("checkout", 1_000, "checkout started"),
                Self.record("checkout", 2_000, "published \(topic) order=42"), Self.record("frontend", 3_000, "request completed"),
                Self.record("mailer", 9_000, "received \(topic) order=42"), Self.record("mailer", 9_500, "confirmation sent"),
            ])
        }
        #expect(Self.pairs(ExecutionCalls(run("1", topic: "order.confirmed"), order: Self.order), .message) == [["checkout", "mailer"]])
        #expect(Self.edges(Self.graph([run("1", topic: "queue=orders"), run("2", topic: "queue=orders")]).hostEdges)
                == ["frontend->checkout:sync", "checkout->mailer:oneway"])
        // A plain word shared is no topic: the host on top sent it, for all the records can tell.
        #expect(Self.pairs(ExecutionCalls(run("3", topic: "confirmation"), order: Self.order), .message) == [["frontend", "mailer"]])
    }

    /// A gateway writes one access line per request, at its end, with the request's duration: read after
    /// its backend's records, it was the backend's caller, not a message the backend sent it. Without a
    /// duration, or with one too short to hold the backend's work, it stays a message.
    @Test func aGatewaysAccessLineWithADurationCallsTheWorkInsideIt() {
        func run(_ id: String, duration: String?) -> Execution {
            let fields = duration.map { [Field(name: "duration", value: $0)] } ?? []
            return Self.execution(id, [
                Self.record("api", 1_000, "handling"), Self.record("db", 2_000, "query"), Self.record("db", 2_500, "rows"),
                Self.record("api", 4_000, "handled"), Self.record("gw", 5_000, "handled request", fields: fields),
            ])
        }
        let called = ExecutionCalls(run("1", duration: "0.0045"), order: Self.order)
        #expect(Self.pairs(called) == [["gw", "api"], ["api", "db"]] && Self.pairs(called, .message).isEmpty)
        #expect(called.calls.first { $0.from == "gw" }?.events == [4, 0, 3, 4])
        #expect(Self.pairs(ExecutionCalls(run("2", duration: nil), order: Self.order), .message) == [["api", "gw"]])
        #expect(Self.pairs(ExecutionCalls(run("3", duration: "0.002"), order: Self.order), .message) == [["api", "gw"]])
    }

    @Test func topicWords() {
        #expect(MessageTopics.words("published order.confirmed order_id=<*> to queue=orders", references: HostReferences(hosts: ["a", "b", "c"]))
                == ["order.confirmed", "queue=orders"])
        #expect(MessageTopics.words("GET /api/checkout 1.2.3 a.b orders-v2 status=200 main.go:72 <*>.events", references: HostReferences(hosts: ["x"])).isEmpty)
        // A host's name, or its service's before a pod's suffix, names a host, not a topic.
        #expect(MessageTopics.words("sent to payments-b", references: HostReferences(hosts: ["payments-b-tdwz6", "x", "y"])).isEmpty)
        #expect(MessageTopics.words("sent to payments-eu", references: HostReferences(hosts: ["payments-europe", "x", "y"])) == ["payments-eu"])
        #expect(MessageTopics.words("sent to payments-eu", references: HostReferences(hosts: ["payments-eu-7f9c5d-q8m2z", "x", "y"])).isEmpty)
        #expect(MessageTopics.words("query orders-db", references: HostReferences(hosts: ["orders-db", "x", "y"])).isEmpty)
    }

    @Test func oneWayMessageWhenTheSenderDoesNotWait() {
        let run = { (id: String) in
            Self.execution(id, [Self.record("producer", 0), Self.record("producer", 500), Self.record("broker", 2000), Self.record("broker", 3000)])
        }
        let calls = ExecutionCalls(run("1"), order: Self.order)
        #expect(calls.calls.map(\.evidence) == [.message])
        #expect(calls.calls.first?.events == [1, 2])
        let graph = Self.graph([run("1"), run("2")])
        #expect(graph.hostEdges.count == 1)
        let edge = graph.hostEdges[0]
        #expect((edge.from, edge.to, edge.kind, edge.evidence, edge.executions, edge.together) == ("producer", "broker", .oneway, .message, 2, 2))
        #expect(edge.witness == CallGraph.Witness(execution: "trace=1", lines: ["calls.log:2", "calls.log:3"]))
        #expect(graph.dot(level: .host).contains("\"producer\" -> \"broker\" [label=\"oneway 2/2\", style=dashed];"))
    }

    @Test func aNamedSendTheSenderWentOnFromIsOneWay() {
        func typed(_ host: String, _ micros: Int64, _ type: String, _ message: String) -> Event {
            var e = Self.record(host, micros, message)
            e.type = type
            e.template = type
            return e
        }
        // A burst of sends of one type, each receiver's first record after the sender's next: one-way
        // messages, the last of the burst too (the sender went on from the one before it).
        let burst = { (id: String) in
            Self.execution(id, [typed("pub", 0, "send", "send m-1 to=sub-1"), typed("pub", 100, "send", "send m-1 to=sub-2"),
                                typed("sub-1", 2000, "deliver", "deliver m-1"), typed("sub-2", 2500, "deliver", "deliver m-1")])
        }
        let fired = ExecutionCalls(burst("1"), order: Self.order)
        #expect(Self.pairs(fired, .message) == [["pub", "sub-1"], ["pub", "sub-2"]] && Self.pairs(fired, .reference).isEmpty)
        #expect(Self.edges(Self.graph([burst("1"), burst("2")]).hostEdges) == ["pub->sub-1:oneway", "pub->sub-2:oneway"])
        // The sender's next record after the receiver's first: it waited, a call.
        let waited = Self.execution("3", [typed("coord", 0, "prepare", "prepare t-1 -> p1"), typed("p1", 1000, "vote", "voting yes"),
                                          typed("coord", 2000, "next", "next step")])
        #expect(Self.pairs(ExecutionCalls(waited, order: Self.order), .message).isEmpty)
        // An answer named as coming from the receiver: a call, whatever the sender wrote in between.
        let answered = Self.execution("4", [typed("coord", 0, "ask", "ask -> p1"), typed("coord", 100, "other", "other work"),
                                            typed("p1", 1000, "work", "work"), typed("coord", 2000, "reply", "reply from p1")])
        let asked = ExecutionCalls(answered, order: Self.order)
        #expect(Self.pairs(asked, .message).isEmpty && Self.pairs(asked, .reference) == [["coord", "p1"]])
        // A scatter-gather: the replies' work nests in the sender's, which gathers after them: calls.
        let gathered = Self.execution("5", [typed("agg", 0, "query", "query to=s-1"), typed("agg", 100, "query", "query to=s-2"),
                                            typed("s-1", 1000, "work", "work"), typed("s-2", 1200, "work", "work"),
                                            typed("agg", 3000, "gathered", "gathered 2 replies")])
        #expect(Self.pairs(ExecutionCalls(gathered, order: Self.order), .message).isEmpty)
        // A lone send the sender wrote nothing after: the clocks cannot tell, a call as before; nor can
        // they when the receiver's first record is not surely after the sender's next one.
        let lone = Self.execution("6", [typed("a", 0, "send", "send to=b"), typed("b", 1000, "got", "got it")])
        #expect(Self.pairs(ExecutionCalls(lone, order: Self.order), .reference) == [["a", "b"]])
        let close = Self.execution("7", [typed("a", 0, "send", "send to=b"), typed("a", 100, "more", "more"), typed("b", 150, "got", "got it")])
        #expect(Self.pairs(ExecutionCalls(close, order: Self.order), .message).isEmpty)
    }

    @Test func aLoneSendIsOneWayWhenItsTemplateWentOnElsewhere() throws {
        func typed(_ host: String, _ micros: Int64, _ type: String, _ template: String, _ message: String) -> Event {
            var e = Self.record(host, micros, message)
            e.type = type
            e.template = template
            return e
        }
        // The origin sends to two relays and goes on; each relay's send to the other is its last record
        // (a lone send, which shows nothing), written in another layout (another type, a file:line in
        // its template): the same message key, so the same kind of message.
        let relay = { (id: String, skewed: Bool) in
            Self.execution(id, [
                typed("origin", 0, "A", "Send <*> to=<*>", "Send m to=relay-1"), typed("origin", 100, "A", "Send <*> to=<*>", "Send m to=relay-2"),
                typed("relay-1", 2000, "B1", "deliver", "deliver"),
                typed("relay-1", 2100, "B2", "main.go:<*>: Send <*> to=<*>", "main.go:7: Send m to=relay-2"),
                typed("relay-2", skewed ? 2050 : 3000, "C", "deliver", "deliver"),
            ])
        }
        let single = ExecutionCalls(relay("1", false), order: Self.order)
        #expect(single.sends == [.init(key: "Send <*> to=<*>", wentOn: true), .init(key: "Send <*> to=<*>", wentOn: true)])
        #expect(Self.pairs(single, .reference) == [["relay-1", "relay-2"]])
        let graph = Self.graph([relay("1", false), relay("2", false), relay("3", true)])
        #expect(graph.sendKeys == ["Send <*> to=<*>": .init(wentOn: 6, waited: 0)])
        #expect(Self.edges(graph.hostEdges) == ["origin->relay-1:oneway", "origin->relay-2:oneway", "relay-1->relay-2:oneway"])
        // Without the origin's verdicts the lone sends read as calls, as before.
        let alone = Self.graph([relay("1", false), relay("2", false)].map { e in
            var e = e
            e.events.removeAll { $0.host == "origin" }
            return e
        })
        #expect(Self.edges(alone.hostEdges) == ["relay-1->relay-2:sync"])
        // Kept through JSON and merged by adding.
        let read = try CallGraph.read(json: graph.jsonData())
        #expect(read == graph && read.hostEdges == graph.hostEdges)
        let merged = try CallGraph.merge(Self.graph([relay("1", false)]), Self.graph([relay("2", false), relay("3", true)]))
        #expect(merged.sendKeys == graph.sendKeys && merged.hostPairs == graph.hostPairs)
    }

    /// Neither a record that opens its host's work in some execution (a receipt: a silent client's second
    /// query follows the first with nothing between, or the client's `next` between them) nor one that
    /// follows a failure (a new attempt: `ok` right after `error`, or after the client's `retrying`) is
    /// written after answering, however the records fall.
    @Test func aReceiptOrARecordAfterAFailureIsNotWrittenAfterAnswering() {
        let record = CausalOrderTests.record
        let queries = [
            Self.execution("1", [record("client-1", 0, "begin"), record("db-1", 1000, "query"), record("db-1", 1100, "query"),
                                 record("client-1", 3000, "end")]),
            Self.execution("2", [record("client-1", 0, "begin"), record("db-1", 1000, "query"), record("client-1", 2000, "next"),
                                 record("db-1", 3000, "query"), record("client-1", 5000, "end")]),
        ]
        let graph = Self.graph(queries)
        #expect(graph.trailTypes["query"] == .init(opened: 2, inCall: 1, afterCaller: 1) && graph.trailTypes["query"]?.isTrailing == false)
        let retries = [
            Self.execution("1", [record("client-1", 0, "begin"), record("db-1", 1000, "error timeout"), record("db-1", 1100, "ok"),
                                 record("client-1", 3000, "end")]),
            Self.execution("2", [record("client-1", 0, "begin"), record("db-1", 1000, "error timeout"), record("client-1", 2000, "retrying"),
                                 record("db-1", 3000, "ok"), record("client-1", 5000, "end")]),
        ]
        #expect(Self.graph(retries).trailTypes["ok"] == nil, "\(Self.graph(retries).trailTypes)")
    }

    /// The caller went on from the callee's answer only when its records are read right after the
    /// callee's: a caller fanning out logs another callee's answer (`cache ok`) while this one still works,
    /// and that is no sign it went on. Nor does a clock only assumed to agree with the caller's order
    /// anything: the wide bounds of `db-1` against `client-1` allow the two to agree, so nothing shows;
    /// nor does a caller sending one-way messages, which never waits.
    @Test func aSiblingsAnswerOrAnAssumedClockShowsNoCallerGoingOn() {
        let record = CausalOrderTests.record
        let inline = Self.execution("1", [record("client-1", 0, "begin"), record("db-1", 1000, "start"), record("db-1", 1100, "more"),
                                          record("client-1", 5000, "end")])
        let fanOut = Self.execution("2", [record("client-1", 0, "begin"), record("db-1", 1000, "start"), record("cache-1", 1300, "get"),
                                          record("client-1", 1600, "cache ok"), record("db-1", 2000, "more"), record("client-1", 5000, "end")])
        #expect(Self.graph([inline, fanOut]).trailTypes["more"] == .init(inCall: 1))
        let wentOn = Self.execution("3", [record("client-1", 0, "begin"), record("db-1", 1000, "start"), record("client-1", 2500, "ok"),
                                          record("db-1", 4000, "more"), record("client-1", 6000, "end")])
        #expect(Self.graph([inline, wentOn]).trailTypes["more"] == .init(inCall: 1, afterCaller: 1))
        let assumed = HostClocks(ClockOffsets.solve([OffsetObservation(a: "client-1", b: "db-1", low: -2_000_000, high: 4_000_000)]))
        let order = ExecutionOrder(bound: 100_000, clocks: assumed, resolution: 1_000)
        #expect(!order.isEstimated("db-1") && order.isEstimated("client-1") && Self.order.isEstimated("db-1"))
        #expect(Self.graph([inline, wentOn], order: order).trailTypes["more"]?.afterCaller == 0)
        // The same with the caller's clock the assumed one (db-1, first by name, anchors the group).
        let renamed = [inline, wentOn].map { e in
            var e = e
            for i in e.events.indices where e.events[i].host == "client-1" { e.events[i].host = "z-client" }
            return e
        }
        let callerAssumed = ExecutionOrder(bound: 100_000, clocks: HostClocks(ClockOffsets.solve([
            OffsetObservation(a: "z-client", b: "db-1", low: -2_000_000, high: 4_000_000)])), resolution: 1_000)
        #expect(!callerAssumed.isEstimated("z-client") && callerAssumed.isEstimated("db-1"))
        #expect(Self.graph(renamed, order: callerAssumed).trailTypes["more"]?.afterCaller == 0)
        // A caller that sends the host one-way messages never waits: its going on shows nothing.
        let oneWay = CallPartners(CallGraph(executions: 3, hostPairs: [CallGraph.Tally(from: "client-1", to: "db-1", together: 3, message: 3, any: 3)]))
        let sync = CallPartners(CallGraph(executions: 3, hostPairs: [CallGraph.Tally(from: "client-1", to: "db-1", together: 3, nesting: 3, sync: 3, any: 3)]))
        #expect(oneWay.kind("client-1", "db-1") == .oneway && sync.kind("client-1", "db-1") == .sync)
        #expect(!ExecutionCalls(wentOn, order: Self.order, calls: oneWay).trails.contains { $0.kind == .afterCaller })
        #expect(ExecutionCalls(wentOn, order: Self.order, calls: sync).trails.contains { $0.kind == .afterCaller && $0.type == "more" })
    }

    /// The trail tallies (`trailTypes`) go through JSON and merge by adding, so a merged model reads a
    /// record written after answering as the union of the executions would; a negative count is refused.
    @Test func trailTypesAreKeptThroughJSONAndMergedByAdding() throws {
        func run(_ id: String, flushAt: Int64) -> Execution {
            // Each message its own type.
            let record = CausalOrderTests.record
            return Self.execution(id, [record("client-1", 0, "put"), record("db-1", 1000, "stored"),
                                       record("db-1", flushAt, "flushed"), record("client-1", 5000, "done")])
        }
        let runs = [run("1", flushAt: 1200), run("2", flushAt: 9000), run("3", flushAt: 1300)]
        let graph = Self.graph(runs)
        #expect(graph.trailTypes == ["stored": .init(opened: 3), "flushed": .init(inCall: 2, afterCaller: 1)])
        let read = try CallGraph.read(json: graph.jsonData())
        #expect(read == graph)
        let merged = try CallGraph.merge(Self.graph([runs[0]]), Self.graph(Array(runs[1...])))
        #expect(merged.trailTypes == graph.trailTypes && merged.trailTypes["flushed"]?.isTrailing == true)
        #expect(Self.graph([runs[0]]).trailTypes["flushed"]?.isTrailing == false)
        var broken = graph
        broken.trailTypes["flushed"]?.inCall = -1
        #expect(throws: CallGraphError.self) { try CallGraph.read(json: broken.jsonData()) }
    }

    @Test func aReferenceCountsUnderItsSendKeyOnlyWithoutAMessage() {
        // `a`'s record names `b` as its receiver: a reference, counted under its message key when it is
        // the pair's only evidence; when a message also showed in that execution, the pair's one-way
        // evidence is already counted, and the key would count it twice.
        let e = Self.execution("1", [Self.record("a", 0, "send to=b"), Self.record("b", 1000, "got it")])
        let found = ExecutionCalls(e, order: Self.order)
        #expect(Self.pairs(found, .reference) == [["a", "b"]])
        let only = CallGraphBuilder()
        only.add(found, of: e)
        let alone = only.graph().hostPairs.first { $0.from == "a" && $0.to == "b" }
        #expect(alone?.referenceKeys == ["send to=b": 1])
        var both = found
        both.calls.append(ExecutionCalls.Call(from: "a", to: "b", evidence: .message, events: [0, 1]))
        let withMessage = CallGraphBuilder()
        withMessage.add(both, of: e)
        let tally = withMessage.graph().hostPairs.first { $0.from == "a" && $0.to == "b" }
        #expect(tally?.message == 1 && tally?.reference == 1)
        #expect(tally?.referenceKeys == [:])
    }

    @Test func siblingsCalledInSequenceByOneCaller() {
        let e = Self.execution("1", [
            Self.record("api", 0), Self.record("auth", 1000), Self.record("api", 2000),
            Self.record("db", 3000), Self.record("db", 3500), Self.record("api", 4000),
            Self.record("auth", 5000), Self.record("api", 6000),
        ])
        let calls = ExecutionCalls(e, order: Self.order)
        #expect(Self.pairs(calls) == [["api", "auth"], ["api", "db"]])
    }

    /// A dispatcher hedges each lookup to two geo replicas, naming both (`hedged nearby query peers=["geo-1",
    /// "geo-2"]`), and waits for the first answer: the replicas' work overlaps, so one reads inside the
    /// other, geo-1's inside geo-2's in some executions and the reverse in the rest, each in most of them
    /// or not. Neither is a call: both are the dispatcher's callees.
    @Test func hedgedCalleesReadInsideEachOtherAreNoCalls() {
        let executions = (0..<10).map { n -> Execution in
            let (outer, inner) = n < 6 ? ("geo-2", "geo-1") : ("geo-1", "geo-2")
            return Self.execution("\(n)", [
                Self.record("dispatch", 0, #"hedged nearby query peers=["geo-1", "geo-2"]"#),
                Self.record(outer, 2_000, "nearby"), Self.record(inner, 3_000, "nearby"), Self.record(inner, 4_000, "sent"),
                Self.record(outer, 5_000, "sent"), Self.record("dispatch", 6_000, "answered"),
            ])
        }
        let graph = Self.graph(executions)
        #expect(Self.edges(graph.hostEdges) == ["dispatch->geo-1:sync", "dispatch->geo-2:sync"], "\(Self.edges(graph.hostEdges))")
        // Without the dispatcher naming them, timing alone says geo-2 calls geo-1 in most executions.
        let unnamed = executions.map { e in
            Self.execution(e.id, e.events.map { event in Self.record(event.host!, event.time! / 1000, event.host == "dispatch" ? "step" : event.message) })
        }
        #expect(Self.edges(Self.graph(unnamed).hostEdges).contains("geo-2->geo-1:sync"))
    }

    @Test func hostThatDoesNotLogAfterIsNotTheCaller() {
        // b logs nothing after c: the innermost host whose records enclose c is a (b -> c unknowable).
        let e = Self.execution("1", [Self.record("a", 0), Self.record("b", 1000), Self.record("c", 2000), Self.record("a", 3000)])
        #expect(Self.pairs(ExecutionCalls(e, order: Self.order)) == [["a", "b"], ["a", "c"]])
        // Nobody logs after c: a one-way message from the host on top (b).
        let open = Self.execution("2", [Self.record("a", 0), Self.record("b", 1000), Self.record("c", 2000)])
        let calls = ExecutionCalls(open, order: Self.order)
        #expect(Self.pairs(calls, .message) == [["a", "b"], ["b", "c"]] && Self.pairs(calls, .nesting).isEmpty)
    }

    /// A server's access line names its client by address where no field says so: after its own prefix
    /// (Ceph RGW's `beast: 0x7f…: 10.40.3.21 - - […] "GET /x HTTP/1.1" 200`) or after the method and
    /// status (bazel-remote's `GET 404 10.0.1.21 /ac/…`). The client called the server; a caller's line
    /// naming the server it asked, or an upstream, is no requester.
    @Test func anAccessLineNamingItsClientByAddressIsTheClientsCall() {
        let references = HostReferences(hosts: ["agent-1", "cache-1", "store-1", "edge-1"],
                                        aliases: HostAliases(["10.0.1.21": "agent-1", "10.40.3.22": "store-1"]))
        func requesters(_ host: String, _ message: String) -> [String] {
            references.named(by: Event(source: SourceLocation(file: "x", line: 1), host: host, type: "t", template: "", message: message),
                             own: host).filter(\.isRequester).map(\.host)
        }
        #expect(requesters("cache-1", "GET 404 10.0.1.21 /ac/aba1439e76410dcf") == ["agent-1"])
        #expect(requesters("store-1", #"beast: 0x7fd381355c53: 10.0.1.21 - clipcast [07/Dec/2026:10:00:01.192 +0000] "GET /sources/v HTTP/1.1" 200 7"#)
                == ["agent-1"])
        #expect(requesters("agent-1", "PUT /renditions/v 201 from 10.40.3.22").isEmpty)
        #expect(requesters("edge-1", "upstream 10.40.3.22:80 answered GET /x with status 502").isEmpty)
        #expect(requesters("edge-1", "GET http://10.40.3.22/x status 200").isEmpty)
        #expect(requesters("cache-1", "GET 10.0.1.21 /ac/aba1439e76410dcf").isEmpty)
    }

    /// A storage server's access line, written after it answered, names its requester (`remotehost`):
    /// read after the requester's visit ended, it would nest in the host on top (the scheduler), or,
    /// with its duration, enclose the requester's visit as a gateway's line does.
    @Test func anAccessLineNamingItsRequesterIsTheRequestersCall() {
        func run(_ id: String, requester field: String, status: Bool = true) -> Execution {
            var fields = [Field(name: "timeToResponse", value: "1200000ns"), Field(name: field, value: "worker")]
            if status { fields.append(Field(name: "statusCode", value: "200")) }
            return Self.execution(id, [
                Self.record("sched", 1_000, "scheduled"), Self.record("worker", 2_000, "starting"),
                Self.record("worker", 3_000, "downloaded"), Self.record("store", 3_100, "GetObject", fields: fields),
                Self.record("sched", 5_000, "done"),
            ])
        }
        let served = ExecutionCalls(run("1", requester: "remotehost"), order: Self.order)
        #expect(Self.pairs(served) == [["sched", "worker"], ["worker", "store"]], "\(served.calls)")
        #expect(served.namings.contains { $0.host == "worker" && $0.isRequester })
        #expect(Self.pairs(ExecutionCalls(run("2", requester: "client_ip"), order: Self.order)) == [["sched", "worker"], ["worker", "store"]])
        // Not a requester: a source word an answer's sender is named by too, a line reporting no response,
        // or the first client a proxy forwarded for.
        for unsure in [run("3", requester: "from"), run("4", requester: "remotehost", status: false),
                       run("7", requester: "x_forwarded_for")] {
            let calls = ExecutionCalls(unsure, order: Self.order)
            #expect(!calls.namings.contains { $0.isRequester })
            #expect(!Self.pairs(calls).isDisjoint(with: [["sched", "store"], ["store", "worker"]]), "\(calls.calls)")
        }
        // The naming shows the requester's call; it is no sign that the server talks to it.
        let graph = Self.graph([run("5", requester: "remotehost"), run("6", requester: "remotehost")])
        let tally = graph.hostPairs.first { $0.from == "store" && $0.to == "worker" }
        #expect((tally?.named ?? 0) == 0 && (tally?.any ?? 0) == 0)
        #expect(Self.edges(graph.hostEdges) == ["sched->worker:sync", "worker->store:sync"])
    }

    /// A router's line naming the address it forwards for under a short name (Heroku's `fwd`, `xff`)
    /// names where the request came from, not a host it calls.
    @Test func aForwardedForFieldUnderAShortNameNamesTheCaller() {
        for name in ["fwd", "xff", "X-Fwd-For"] {
            let e = Self.execution(name, [
                Self.record("authz", 0, "authorising"),
                Self.record("fx", 1_000, "at=info method=GET path=/rates", fields: [Field(name: name, value: "authz")]),
                Self.record("authz", 3_000, "authorised"),
            ])
            let calls = ExecutionCalls(e, order: Self.order)
            #expect(Self.pairs(calls) == [["authz", "fx"]], "\(name): \(calls.calls)")
            #expect(calls.namings.allSatisfy { $0.isSource }, "\(name): \(calls.namings)")
        }
    }

    @Test func answerNamingItsSourceIsNotACallBack() {
        // "vote from p1" answers the coordinator's "prepare -> p1"; "ack from client" names the caller.
        let e = Self.execution("1", [
            Self.record("coord", 0, "prepare txn-1 -> p1"), Self.record("p1", 0, "prepare txn-1, voting yes"),
            Self.record("coord", 0, "vote yes from p1 for txn-1"),
            Self.record("server-1", 0, "request from client-1 accepted"), Self.record("client-1", 0, "sent"),
        ])
        let calls = ExecutionCalls(e, order: ExecutionOrder(bound: 1_000_000))
        #expect(Self.pairs(calls) == [["coord", "p1"], ["client-1", "server-1"]])
    }

    @Test func callerRecordAfterItReturnedDoesNotEnclose() {
        // a calls b (b logs nothing after), then c; a calls b again later: b's later record is a new
        // visit, so b does not enclose c.
        let e = Self.execution("1", [
            Self.record("a", 0), Self.record("b", 1000), Self.record("c", 2000), Self.record("a", 3000),
            Self.record("b", 4000), Self.record("a", 5000),
        ])
        #expect(Self.pairs(ExecutionCalls(e, order: Self.order)) == [["a", "b"], ["a", "c"]])
    }

    @Test func hostCalledByTwoCallersInOneExecution() {
        // a calls b, then c; both call d.
        let e = Self.execution("1", [
            Self.record("a", 0), Self.record("b", 1000), Self.record("d", 2000), Self.record("b", 3000),
            Self.record("a", 4000), Self.record("c", 5000), Self.record("d", 6000), Self.record("c", 7000), Self.record("a", 8000),
        ])
        #expect(Self.pairs(ExecutionCalls(e, order: Self.order)) == [["a", "b"], ["a", "c"], ["b", "d"], ["c", "d"]])
    }

    @Test func referencesByNameAndAddress() {
        // Records at one instant: the order tells nothing, only the names do.
        let e = Self.execution("1", [
            Self.record("gw-1", 0, "route", fields: [Field(name: "upstream", value: "svc-a-2")]),
            Self.record("svc-a-2", 0, "handing block to broker-2."),
            Self.record("broker-2", 0, "stored"),
            Self.record("10.1.2.4:50010", 0, "Receiving block src: /10.1.2.9:41234 dest: /10.1.2.4:50010"),
            Self.record("10.1.2.9:50010", 0, "sending packet"),
            Self.record("svc-a-2", 0, "ask dest: /10.1.2.4:50010 ok"),
        ])
        let calls = ExecutionCalls(e, order: ExecutionOrder(bound: 1_000_000))
        #expect(Self.pairs(calls, .reference) == [["gw-1", "svc-a-2"], ["svc-a-2", "broker-2"], ["10.1.2.9:50010", "10.1.2.4:50010"],
                                                 ["svc-a-2", "10.1.2.4:50010"]])
        #expect(Self.pairs(calls, .nesting).isEmpty && Self.pairs(calls, .message).isEmpty)
    }

    @Test func nameParts() {
        #expect(HostReferences.names("/10.1.2.3:50010") == ["10.1.2.3:50010", "10.1.2.3"])
        #expect(HostReferences.names("Broker-2.") == ["broker-2"])
        #expect(HostReferences.isSourceWord("src:") && HostReferences.isSourceWord("clientAddr") && !HostReferences.isSourceWord("dest"))
        // A name two hosts share names neither.
        let refs = HostReferences(hosts: ["10.0.0.1:1", "10.0.0.1:2", "db"])
        #expect(refs.host(named: "10.0.0.1") == nil && refs.host(named: "10.0.0.1:2") == "10.0.0.1:2" && refs.host(named: "DB") == "db")
        // A proxy's `backend/server` pair and a URL's authority name the server; a path's words do not.
        let servers = HostReferences(hosts: ["cfg-1", "orders-1", "web"])
        #expect(servers.host(named: "be_cfg/cfg-1") == "cfg-1" && servers.host(named: "http://orders-1:8080/v1/orders") == "orders-1")
        #expect(servers.host(named: "/v1/web") == nil && servers.host(named: "api/web/x") == nil && servers.host(named: "https:///x") == nil)
    }

    @Test func skewedClocksWithinTheBoundClaimNothingFalse() {
        // a calls b; b's clock runs 3 ms ahead, so on the raw clocks b's work looks after a's.
        let e = Self.execution("1", [Self.record("a", 0), Self.record("a", 2000), Self.record("b", 3500), Self.record("b", 4000)])
        #expect(Self.pairs(ExecutionCalls(e, order: ExecutionOrder(bound: 5_000_000))).isEmpty)
        // b's clock 3 ms behind: b's work looks before a's; a bound covering the skew claims no b -> a.
        let behind = Self.execution("2", [Self.record("b", -2500), Self.record("b", -2000), Self.record("a", 0), Self.record("a", 2000)])
        #expect(Self.pairs(ExecutionCalls(behind, order: ExecutionOrder(bound: 5_000_000))).isEmpty)
        #expect(Self.pairs(ExecutionCalls(behind, order: Self.order)) == [["b", "a"]])
        // Skew below the gaps between records: the call is found on the skewed clocks.
        let small = Self.execution("3", [Self.record("a", 0), Self.record("b", 1300), Self.record("b", 1800), Self.record("a", 2300)])
        #expect(Self.pairs(ExecutionCalls(small, order: ExecutionOrder(bound: 500_000))) == [["a", "b"]])
    }

    @Test func recordsWithoutHostOrTimeTakeNoPart() {
        var noHost = Self.record("x", 500)
        noHost.host = nil
        var noTime = Self.record("b", 0)
        noTime.time = nil
        let e = Self.execution("1", [Self.record("a", 0), noHost, Self.record("b", 1000), noTime, Self.record("a", 2000)])
        let calls = ExecutionCalls(e, order: Self.order)
        #expect(calls.hosts == ["a", "b"])
        #expect(Self.pairs(calls) == [["a", "b"]])
        #expect(ExecutionCalls(Self.execution("2", []), order: Self.order).calls.isEmpty)
    }

    @Test func serviceLevelJoinsReplicas() {
        let runs = (0..<4).map { i in
            Self.execution("\(i)", [Self.record("api-\(i % 2)", 0), Self.record("db-0", 1000), Self.record("api-\(i % 2)", 2000)])
        }
        let graph = Self.graph(runs)
        #expect(Self.edges(graph.serviceEdges) == ["api->db:sync"])
        #expect(Self.edges(graph.hostEdges) == ["api-0->db-0:sync", "api-1->db-0:sync"])
        #expect(graph.serviceEdges[0].executions == 4 && graph.serviceEdges[0].together == 4)
        #expect(graph.dot().contains("\"api\" -> \"db\" [label=\"sync 4/4\"];"))
    }

    @Test func thresholdsNeedTwoExecutionsAndAFifthOfThoseHavingBoth() {
        let call = { (id: String) in Self.execution(id, [Self.record("a", 0), Self.record("b", 1000), Self.record("a", 2000)]) }
        let apart = { (id: String) in Self.execution(id, [Self.record("a", 0), Self.record("b", 0), Self.record("a", 2000)]) }
        // One execution alone still shows its calls.
        #expect(Self.edges(Self.graph([call("1")]).hostEdges) == ["a->b:sync"])
        #expect(Self.edges(Self.graph([call("1"), apart("2")]).hostEdges).isEmpty)
        #expect(Self.edges(Self.graph([call("1"), call("2")] + (3..<10).map { apart("\($0)") }).hostEdges) == ["a->b:sync"])
        #expect(Self.edges(Self.graph([call("1"), call("2")] + (3..<12).map { apart("\($0)") }).hostEdges).isEmpty)
    }

    @Test func jsonRoundTripAndSnakeCase() throws {
        let graph = Self.graph(Self.simulated(seed: 7, count: 30).map(\.execution))
        let data = try graph.jsonData()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"host_edges\"") && text.contains("\"service_pairs\"") && text.contains("\"sync_witness\""))
        #expect(try CallGraph.read(json: data) == graph)
        #expect(try CallGraph.read(json: data).jsonData() == data)
        var edited = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var pairs = try #require(edited["host_pairs"] as? [[String: Any]])
        pairs[0]["any"] = (pairs[0]["together"] as! Int) + 1
        edited["host_pairs"] = pairs
        #expect(throws: CallGraphError.self) { try CallGraph.read(json: try JSONSerialization.data(withJSONObject: edited)) }
        #expect(throws: CallGraphError.thresholdsDiffer) {
            try CallGraph.merge(graph, CallGraph(thresholds: .init(minExecutions: 3)))
        }
    }

    @Test func redundancyEdgePointsFollowCallsWhenGiven() throws {
        // api calls auth, then db without logging between; the outcome is api's last record.
        let runs = (0..<3).map { i in
            Self.execution("\(i)", [Self.record("api-1", 0, "request"), Self.record("auth-1", 1000, "check"),
                                    Self.record("db-1", 2000, "select"), Self.record("api-1", 3000, "done")])
        }
        func edgeTargets(_ calls: CallGraph?) throws -> Set<String> {
            let model = try RedundancyModel.build(executions: runs, order: Self.order, outcomes: [OutcomeSpec(pattern: "done")], calls: calls)
            return Set(model.faultPoints.filter { $0.targetKind == "edge" && $0.level == .concrete }.map(\.target))
        }
        #expect(try edgeTargets(nil) == ["api-1->auth-1", "auth-1->db-1", "db-1->api-1"])
        let graph = Self.graph(runs)
        #expect(Self.edges(graph.hostEdges) == ["api-1->auth-1:sync", "api-1->db-1:sync"])
        #expect(try edgeTargets(graph) == ["api-1->auth-1", "api-1->db-1"])
        // A graph without host edges changes nothing.
        #expect(try edgeTargets(CallGraph()) == edgeTargets(nil))
    }

    @Test func longExecutionsAreReadInOnePass() {
        // 20,000 records of a client calling a server 5,000 times, plus a second client's stray lines.
        var records: [Event] = []
        for k in 0...5_000 {
            let t = Int64(k) * 4000
            records += [Self.record("client-1", t), Self.record("server-1", t + 1000), Self.record("server-1", t + 2000),
                        Self.record(k % 2 == 0 ? "client-1" : "client-2", t + 3000)]
        }
        let calls = ExecutionCalls(Self.execution("long", records), order: Self.order)
        // client-2's lines fall between client-1's: read as client-1 calling it; the server never calls back.
        #expect(Self.pairs(calls) == [["client-1", "server-1"], ["client-1", "client-2"]])
        #expect(calls.calls.allSatisfy { $0.evidence == .nesting })
    }

    // MARK: - Random executions

    /// A simulated execution of synchronous calls: every host logs before and after each call it makes
    /// (1–3 records), never calls a host already in its call chain, and records are 1 ms apart on clocks
    /// off by at most ±`skew` µs. Returns the execution and its true calls.
    static func simulated(seed: UInt64, count: Int, hosts: Int = 6, skew: Int64 = 0) -> [(execution: Execution, calls: Set<[String]>)] {
        var random = SplitMix64(seed: seed)
        let names = (0..<hosts).map { "h\($0)-\($0 % 2)" }
        let offsets = names.map { _ in skew == 0 ? 0 : Int64.random(in: -skew...skew, using: &random) }
        return (0..<count).map { n in
            var records: [Event] = []
            var calls = Set<[String]>()
            var clock: Int64 = 0
            func log(_ h: Int) {
                for _ in 0..<Int.random(in: 1...3, using: &random) {
                    clock += 1000
                    records.append(record(names[h], clock + offsets[h]))
                }
            }
            func run(_ h: Int, chain: [Int], depth: Int) {
                log(h)
                guard depth < 3 else { return }
                for _ in 0..<Int.random(in: 0...2, using: &random) {
                    let free = (0..<hosts).filter { !chain.contains($0) }
                    guard let callee = free.randomElement(using: &random) else { break }
                    calls.insert([names[h], names[callee]])
                    run(callee, chain: chain + [callee], depth: depth + 1)
                    log(h)
                }
            }
            let root = Int.random(in: 0..<hosts, using: &random)
            run(root, chain: [root], depth: 0)
            // Input order: per host, as per-host files read one after the other.
            records.sort { ($0.host!, $0.time!) < ($1.host!, $1.time!) }
            return (execution("\(seed)-\(n)", records), calls)
        }
    }

    @Test func simulatedCallTreesAreRecoveredExactly() {
        for seed in 1...40 as ClosedRange<UInt64> {
            for (execution, truth) in Self.simulated(seed: seed, count: 20) {
                let calls = ExecutionCalls(execution, order: Self.order)
                #expect(Self.pairs(calls) == truth, "\(execution.id)")
                #expect(calls.calls.allSatisfy { $0.evidence == .nesting })
            }
        }
    }

    @Test func skewedSimulatedCallTreesAreRecoveredWithABoundCoveringTheSkew() {
        // Clocks off by up to ±300 µs: 1 ms gaps look at least 400 µs long, so a 350 µs bound orders
        // exactly the true order.
        for seed in 1...40 as ClosedRange<UInt64> {
            for (execution, truth) in Self.simulated(seed: seed, count: 10, skew: 300) {
                #expect(Self.pairs(ExecutionCalls(execution, order: ExecutionOrder(bound: 350_000))) == truth, "\(execution.id)")
            }
        }
    }

    /// Random executions of records with no structure: hosts at random, times at random.
    static func arbitrary(seed: UInt64, count: Int) -> [Execution] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { n in
            let size = Int.random(in: 0...14, using: &random)
            var times = Set<Int64>()
            while times.count < size { times.insert(Int64.random(in: 0...60, using: &random) * 250) }
            let records = times.sorted().map { t in record("h\(Int.random(in: 0..<5, using: &random))", t) }
            return execution("\(seed)-\(n)", records.shuffled(using: &random))
        }
    }

    /// The rules read as literally as possible: records sorted by time (distinct times, every gap
    /// above the bound or none across hosts at all), a stack of hosts, windows found by scanning.
    static func naiveCalls(_ execution: Execution, order: ExecutionOrder) -> Set<[String]> {
        let events = execution.events
        let sorted = events.indices.sorted { events[$0].time! < events[$1].time! }
        var stack: [Int] = []
        var visits: [(host: String, chain: [Int], records: [Int])] = []
        for i in sorted {
            let h = events[i].host!
            if let at = stack.firstIndex(where: { visits[$0].host == h }) {
                stack.removeSubrange((at + 1)...)
                visits[stack[at]].records.append(i)
            } else {
                visits.append((h, stack, [i]))
                stack.append(visits.count - 1)
            }
        }
        var nesting = Set<[String]>(), messages = Set<[String]>()
        for v in visits where !v.chain.isEmpty {
            let first = v.records.first!, last = v.records.last!
            func before(_ u: Int) -> Bool {
                visits[u].records.contains { order.precedes(events[$0], at: $0, events[first], at: first) }
            }
            func after(_ u: Int) -> Bool {
                visits[u].records.contains { order.precedes(events[last], at: last, events[$0], at: $0) }
            }
            if let u = v.chain.last(where: { before($0) && after($0) }) {
                nesting.insert([visits[u].host, v.host])
            } else if before(v.chain.last!) {
                messages.insert([visits[v.chain.last!].host, v.host])
            }
        }
        return nesting.union(messages.filter { !nesting.contains([$0[1], $0[0]]) })
    }

    @Test func arbitraryExecutionsMatchTheNaiveReading() {
        for seed in 1...60 as ClosedRange<UInt64> {
            for execution in Self.arbitrary(seed: seed, count: 25) {
                let calls = ExecutionCalls(execution, order: Self.order)
                #expect(Self.pairs(calls) == Self.naiveCalls(execution, order: Self.order), "\(execution.id): \(execution.events.map { "\($0.host!)@\($0.time! / 1000)" })")
            }
        }
    }

    @Test func mergeOfRandomSplitsEqualsTheWhole() throws {
        var random = SplitMix64(seed: 99)
        let executions = Self.simulated(seed: 3, count: 60).map(\.execution) + Self.arbitrary(seed: 4, count: 60)
        let whole = Self.graph(executions)
        #expect(!whole.hostEdges.isEmpty && !whole.serviceEdges.isEmpty)
        for _ in 0..<20 {
            var parts: [[Execution]] = [[], [], []]
            for e in executions { parts[Int.random(in: 0..<3, using: &random)].append(e) }
            let graphs = parts.map { Self.graph($0) }
            let merged = try CallGraph.merge(try CallGraph.merge(graphs[0], graphs[1]), graphs[2])
            #expect(merged == whole)
            #expect(try CallGraph.merge(graphs[2], try CallGraph.merge(graphs[1], graphs[0])) == whole)
        }
    }

    @Test func deterministicWhateverTheExecutionOrder() throws {
        var random = SplitMix64(seed: 5)
        let executions = Self.simulated(seed: 11, count: 50).map(\.execution) + Self.arbitrary(seed: 12, count: 50)
        let first = Self.graph(executions)
        let again = Self.graph(executions.shuffled(using: &random))
        #expect(first == again)
        #expect(try first.jsonData() == again.jsonData())
        #expect(first.dot(level: .host) == again.dot(level: .host) && first.dot() == again.dot())
    }
}

/// A host that logs once before calling and never after (payments-1 below) leaves its callee's work
/// nested in its own caller's: timing alone reads shop-1 → ledger-1. The callee's name in the silent
/// host's error lines, however rare, says who called.
@Suite struct SilentCallerTests {
    /// shop-1 logs before and after; payments-1 once at 1 ms on a clock `skew` µs off; ledger-1 at 2 ms.
    /// In `named` of the runs, payments-1 first logs a failed try naming ledger-1 as the source.
    static func runs(_ count: Int, named: Int, skew: Int64 = 0) -> [Execution] {
        (0..<count).map { n in
            var records = [CallGraphTests.record("shop-1", 0, "checkout"), CallGraphTests.record("payments-1", 1_000 + skew, "pay")]
            if n < named { records.append(CallGraphTests.record("payments-1", 1_200 + skew, "transient error from ledger-1, retrying")) }
            records += [CallGraphTests.record("ledger-1", 2_000, "charge"), CallGraphTests.record("shop-1", 4_000, "paid")]
            return CallGraphTests.execution("\(n)", records)
        }
    }

    @Test func theSilentHostNamingTheCalleeIsItsCaller() {
        let graph = CallGraphTests.graph(Self.runs(10, named: 2))
        #expect(CallGraphTests.edges(graph.hostEdges) == ["shop-1->payments-1:sync", "payments-1->ledger-1:sync"])
        let edge = graph.hostEdges.first { $0.to == "ledger-1" }!
        #expect(edge.evidence == .reference && edge.executions == 2)
        // Counts survive the JSON round trip, so a merged or reread model derives the same edges.
        let reread = try? CallGraph.read(json: graph.jsonData())
        #expect(reread?.hostEdges == graph.hostEdges)
        // A model written before `named` was kept reads it as 0: the edges are those derived before (the
        // error line's naming read as a call from ledger-1, timing's shop-1 -> ledger-1).
        let json = try? JSONSerialization.jsonObject(with: graph.jsonData()) as? [String: Any]
        var old = json ?? [:]
        for key in ["host_pairs", "service_pairs"] {
            old[key] = (old[key] as? [[String: Any]])?.map { $0.filter { $0.key != "named" } }
        }
        let older = try? CallGraph.read(json: JSONSerialization.data(withJSONObject: old))
        #expect(older.map { CallGraphTests.edges($0.hostEdges) } == ["shop-1->payments-1:sync", "shop-1->ledger-1:sync", "ledger-1->payments-1:sync"])
    }

    @Test func withoutANameTimingAloneDecides() {
        let graph = CallGraphTests.graph(Self.runs(10, named: 0))
        #expect(CallGraphTests.edges(graph.hostEdges) == ["shop-1->payments-1:sync", "shop-1->ledger-1:sync"])
        // One naming is not enough (`minExecutions`): a misread name does not move an edge.
        #expect(CallGraphTests.edges(CallGraphTests.graph(Self.runs(10, named: 1)).hostEdges).contains("shop-1->ledger-1:sync"))
    }

    /// Clocks that cannot tell the records apart (a 5 ms bound), payments-1's clock 3 ms behind: its
    /// record is stamped before shop-1's first. Read with the call graph, the caller comes first and the
    /// silent host's call is waited for: the callee's work is in the past of shop-1's answer, and the
    /// callee's record is not before the caller's.
    @Test func theCausalOrderReadsTheCallerFirstAndWaitsForTheSilentCall() {
        let graph = CallGraphTests.graph(Self.runs(10, named: 2))
        let order = ExecutionOrder(bound: 5_000_000)
        let run = Self.runs(1, named: 0, skew: -3_000)[0]
        let causal = CausalOrder(run, order: order, calls: CallPartners(graph))
        let index = Dictionary(uniqueKeysWithValues: run.events.enumerated().map { ($1.message, $0) })
        let (checkout, pay, charge, paid) = (index["checkout"]!, index["pay"]!, index["charge"]!, index["paid"]!)
        #expect(causal.precedes(checkout, pay) && causal.precedes(pay, charge) && causal.precedes(charge, paid))
        #expect(!causal.precedes(pay, checkout) && !causal.precedes(charge, pay))
    }
}

/// Two callees of one host, one writing a record after answering: read on clocks that cannot place that
/// record, the other callee's work seems to nest in the first's visit now and then.
@Suite struct SiblingMisreadingTests {
    /// client calls kv-1 then kv-2; in `misread` of the runs kv-1's late `fsync` comes after kv-2's
    /// record (as the clocks misread it), so kv-2 nests in kv-1's visit. With `naming`, kv-1's late
    /// record names kv-2 (a call of its own).
    static func runs(_ count: Int, misread: Int, naming: Bool = false) -> [Execution] {
        (0..<count).map { n in
            let late = naming ? "fsync done, replicated to kv-2" : "fsync done"
            var records = [CallGraphTests.record("client-1", 0, "put"), CallGraphTests.record("kv-1", 1_000, "stored")]
            if n < misread {
                records += [CallGraphTests.record("kv-2", 2_000, "stored"), CallGraphTests.record("kv-1", 2_500, late)]
            } else {
                records += [CallGraphTests.record("kv-1", 1_300, late), CallGraphTests.record("kv-2", 2_000, "stored")]
            }
            records.append(CallGraphTests.record("client-1", 4_000, "put ok"))
            return CallGraphTests.execution("\(n)", records)
        }
    }

    @Test func aSiblingReadInsideTheOtherInAMinorityIsNoCall() {
        let graph = CallGraphTests.graph(Self.runs(10, misread: 4))
        #expect(CallGraphTests.edges(graph.hostEdges) == ["client-1->kv-1:sync", "client-1->kv-2:sync"])
        // The tallies still count the misreadings (a merge derives the same edges).
        #expect(graph.hostPairs.first { $0.from == "kv-1" && $0.to == "kv-2" }?.nesting == 4)
    }

    /// As often as the caller's own calls (half of them or more), or named, it is a call.
    @Test func aNestingAsFrequentAsTheCallersOrNamedStays() {
        #expect(CallGraphTests.edges(CallGraphTests.graph(Self.runs(10, misread: 6)).hostEdges).contains("kv-1->kv-2:sync"))
        let named = CallGraphTests.graph(Self.runs(10, misread: 4, naming: true))
        #expect(CallGraphTests.edges(named.hostEdges).contains("kv-1->kv-2:sync"))
    }
}

/// gw-1 calls app-1, which names its callee (`calling quote-1 for a quote`) and logs at millisecond
/// resolution: in `misread` of the runs quote-1's record is stamped after app-1's last (app-1's clock
/// truncated), and quote-1's work reads as nested in the gateway's directly.
@Suite struct ShortcutTests {
    static func runs(_ count: Int, misread: Int) -> [Execution] {
        (0..<count).map { n in
            var records = [CallGraphTests.record("gw-1", 0, "received"), CallGraphTests.record("app-1", 1_000, "calling quote-1 for a quote")]
            records += n < misread
                ? [CallGraphTests.record("app-1", 1_000, "quote received"), CallGraphTests.record("quote-1", 1_400, "quote computed")]
                : [CallGraphTests.record("quote-1", 1_400, "quote computed"), CallGraphTests.record("app-1", 2_000, "quote received")]
            records.append(CallGraphTests.record("gw-1", 4_000, "answered"))
            return CallGraphTests.execution("\(n)", records)
        }
    }

    @Test func aCalleeOfANamingCallerReadInsideItsCallerInAMinorityIsNoCall() {
        let graph = CallGraphTests.graph(Self.runs(10, misread: 4))
        #expect(CallGraphTests.edges(graph.hostEdges) == ["app-1->quote-1:sync", "gw-1->app-1:sync"])
        #expect(graph.hostPairs.first { $0.from == "gw-1" && $0.to == "quote-1" }.map { $0.any >= 4 } == true)
        // As often as the naming caller's own (half the runs or more): a call of its own.
        #expect(CallGraphTests.edges(CallGraphTests.graph(Self.runs(10, misread: 6)).hostEdges).contains("gw-1->quote-1:sync"))
    }
}

/// A host's service is the one its records carry (the redundancy model's roles), else its name without
/// the instance suffix; read per execution, so merged graphs still equal the whole.
@Suite struct CallGraphServiceTests {
    static func record(_ host: String, _ service: String?, _ micros: Int64) -> Event {
        Event(source: SourceLocation(file: "s.log", line: 0), time: micros * 1000, host: host, service: service, type: "T",
              template: "work", message: "work")
    }

    /// gw-1 (service `gateway`) calls ord-1 (`orders`), which calls inv-a or inv-b (`inventory`, hosts
    /// no suffix rule joins); `cache-7` carries no service; `ord-1`'s first record names none.
    static func runs(_ count: Int) -> [Execution] {
        (0..<count).map { n in
            let inventory = n % 2 == 0 ? "inv-a" : "inv-b"
            return CallGraphTests.execution("\(n)", [
                record("gw-1", "gateway", 0), record("ord-1", nil, 1_000), record("ord-1", "orders", 1_500),
                record(inventory, "inventory$Worker", 2_000), record(inventory, "inventory", 2_500),
                record("cache-7", nil, 3_000), record("ord-1", "orders", 4_000), record("gw-1", "gateway", 5_000),
            ])
        }
    }

    @Test func servicesAreTheOnesRecordsCarry() {
        let graph = CallGraphTests.graph(Self.runs(6))
        #expect(CallGraphTests.edges(graph.serviceEdges) == ["gateway->orders:sync", "orders->cache:sync", "orders->inventory:sync"])
        #expect(graph.serviceEdges.first { $0.to == "inventory" }?.executions == 6)
        #expect(CallGraphTests.edges(graph.hostEdges) == ["gw-1->ord-1:sync", "ord-1->cache-7:sync", "ord-1->inv-a:sync", "ord-1->inv-b:sync"])
        // An explicit naming still decides alone.
        let named = CallGraphBuilder(service: { String($0.prefix(2)) })
        for e in Self.runs(6) { named.add(e, order: CallGraphTests.order) }
        #expect(CallGraphTests.edges(named.graph().serviceEdges) == ["gw->or:sync", "or->ca:sync", "or->in:sync"])
    }

    @Test func aHostLoggingTwoServicesMergesExactly() throws {
        // cache-7 carries `cache` in some executions and nothing in others: per execution, either way.
        var runs = Self.runs(8)
        for i in [1, 4, 5] {
            runs[i].events = runs[i].events.map { e in
                guard e.host == "cache-7" else { return e }
                var e = e
                e.service = "kv-cache"
                return e
            }
        }
        let whole = CallGraphTests.graph(runs)
        #expect(CallGraphTests.edges(whole.serviceEdges).contains("orders->kv-cache:sync"))
        #expect(CallGraphTests.edges(whole.serviceEdges).contains("orders->cache:sync"))
        for split in 1..<runs.count {
            let merged = try CallGraph.merge(CallGraphTests.graph(Array(runs[..<split])), CallGraphTests.graph(Array(runs[split...])))
            #expect(merged == whole, "split at \(split)")
        }
    }
}
