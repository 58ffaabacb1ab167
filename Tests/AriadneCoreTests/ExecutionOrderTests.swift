import Testing
@testable import AriadneCore

@Suite struct ExecutionOrderTests {
    func event(_ host: String?, _ time: Int64?) -> Event {
        Event(source: SourceLocation(file: "t", line: 1), time: time, host: host, type: "x", template: "x", message: "x")
    }

    @Test func sameHostUsesClockThenLogOrder() {
        let order = ExecutionOrder(bound: 1_000_000_000)
        #expect(order.precedes(event("a", 5), at: 1, event("a", 3), at: 0) == false)
        #expect(order.precedes(event("a", 3), at: 1, event("a", 5), at: 0))
        #expect(order.precedes(event("a", 3), at: 0, event("a", 3), at: 1))
        #expect(order.precedes(event("a", nil), at: 0, event("a", nil), at: 1))
    }

    @Test func otherHostsNeedMoreThanTheBound() {
        let order = ExecutionOrder(bound: 1_000_000_000)
        #expect(!order.precedes(event("a", 0), at: 0, event("b", 1_000_000_000), at: 1))
        #expect(order.precedes(event("a", 0), at: 0, event("b", 1_000_000_001), at: 1))
        #expect(!order.precedes(event(nil, 0), at: 0, event(nil, nil), at: 1))
    }

    /// A host stamping whole seconds beside hosts stamping microseconds logged its record somewhere in
    /// that second: it precedes another host's record only a second (plus the skew bound) later, and a
    /// fine host's record precedes its stamp as usual.
    @Test func aCoarseHostIsOrderedByItsOwnResolution() {
        let order = ExecutionOrder(bound: 1_001_000, resolution: 1_000, hostResolutions: ["broker": 1_000_000_000, "gw": 1_000])
        let second: Int64 = 1_000_000_000
        #expect(!order.precedes(event("broker", 10 * second), at: 0, event("gw", 10 * second + 500_000_000), at: 1))
        #expect(order.precedes(event("broker", 10 * second), at: 0, event("gw", 11 * second + 2_000_000), at: 1))
        #expect(order.precedes(event("gw", 10 * second + 500_000_000), at: 0, event("broker", 11 * second), at: 1))
        #expect(order.crossHostBound(from: "gw", to: "broker") == 1_001_000)
    }

    /// A gateway's reading (microseconds), a broker's enqueue and delivery (whole seconds) and an ingest
    /// worker's call to a store (milliseconds), 60 times.
    static func coarseBrokerEvents() -> [Event] {
        var events: [Event] = []
        var line = 0
        func add(_ host: String, _ time: Int64, _ message: String, _ id: String) {
            line += 1
            events.append(Event(source: SourceLocation(file: host + ".log", line: line), time: time, host: host,
                                executionIDs: [ExecutionID(kind: "mid", value: id)], type: message, template: message, message: message))
        }
        for r in 0..<60 {
            let at = Int64(r) * 1_000_000_000 + 300_000_000 + Int64(r % 7) * 50_000_000
            let id = "m\(r)"
            add("gw", at + 123, "reading", id)
            add("broker", at / 1_000_000_000 * 1_000_000_000, "enqueue", id)
            add("broker", at / 1_000_000_000 * 1_000_000_000, "deliver", id)
            add("ingest", (at + 4_000_000) / 1_000_000 * 1_000_000, "consumed", id)
            add("tsdb", at + 5_000_321, "write ok", id)
            add("ingest", (at + 7_000_000) / 1_000_000 * 1_000_000, "stored", id)
        }
        return events
    }

    /// End to end: a gateway (microseconds) publishes to a broker stamping whole seconds, which hands the
    /// reading to an ingest worker (milliseconds); the broker's stamps, truncated to the second, order
    /// nothing against the others', so no message is read from it (its records read before the
    /// gateway's had made one to the gateway in another system), while the worker's call is.
    @Test func aCoarseStampIsNoEvidenceOfOrder() {
        let events = Self.coarseBrokerEvents()
        let pipeline = InferencePipeline(grouping: GroupingOptions(groupBy: ["mid"]), inference: InferenceOptions(), keepExecutions: false)
        for event in events { pipeline.add(event) }
        let edges = Set((pipeline.finish().calls?.hostEdges ?? []).map { "\($0.from) -> \($0.to)" })
        #expect(!edges.contains { $0.hasPrefix("broker -> ") }, "\(edges)")
        #expect(edges.contains("ingest -> tsdb"), "\(edges)")
    }

    /// The causal model alike: the broker's records, stamped up to a second early, are ordered before
    /// no reading of the gateway.
    @Test func aCoarseStampOrdersNothingInTheModel() {
        let pipeline = InferencePipeline(grouping: GroupingOptions(groupBy: ["mid"]), inference: InferenceOptions(), keepExecutions: false)
        for event in Self.coarseBrokerEvents() { pipeline.add(event) }
        let orders = pipeline.finish().strict.happensBefore.map { "\($0.before) -> \($0.after)" }
        #expect(!orders.contains("enqueue -> reading") && !orders.contains("deliver -> reading"), "\(orders)")
        #expect(orders.contains("consumed -> stored"), "\(orders)")
    }

    @Test func resolutionIsTheCoarsestDividingPowerOfTen() {
        #expect(ExecutionOrder.resolution(of: [2_000_000_000, 7_000_000_000]) == 1_000_000_000)
        #expect(ExecutionOrder.resolution(of: [2_000_000_000, 7_010_000_000]) == 10_000_000)
        #expect(ExecutionOrder.resolution(of: [3]) == 1)
    }
}
