import Testing
@testable import AriadneCore

@Suite struct InferGrouperTests {
    static func event(_ line: Int, _ ids: [(String, String)], time: Int64? = nil) -> Event {
        Event(source: SourceLocation(file: "g", line: line), time: time,
              executionIDs: ids.map { ExecutionID(kind: $0.0, value: $0.1) }, type: "t", template: "", message: "")
    }

    static func run(_ events: [Event], _ options: GroupingOptions = GroupingOptions()) -> ([Execution], LinkReport) {
        let g = ExecutionGrouper(options: options)
        var out: [Execution] = []
        for e in events { out += g.add(e) }
        return (out + g.finish(), g.report)
    }

    @Test func linksIdsOnOneRecordTransitively() {
        let (executions, report) = Self.run([
            Self.event(1, [("req", "r1")]),
            Self.event(2, [("req", "r2")]),
            Self.event(3, [("req", "r1"), ("instance", "i1")]),
            Self.event(4, [("instance", "i1"), ("req", "r3")]),
            Self.event(5, []),
        ])
        #expect(executions.map(\.id) == ["instance=i1", "req=r2"])
        #expect(executions[0].events.map(\.source.line) == [1, 3, 4])
        #expect(executions[0].ids.map(\.description) == ["instance=i1", "req=r1", "req=r3"])
        #expect(report.eventsWithoutID == 1 && report.kindLinks.first?.records == 2)
    }

    /// A long hex value names one thing whatever kind a record gives it, in any case, with or without a
    /// UUID's dashes: a carrier's `message_id` and its delivery receipt's `id:…`; numbers and short
    /// values under two kinds stay apart (a sequence number is no order number).
    @Test func aLongHexValueIsOneIdentityWhateverItsKind() {
        let (executions, _) = Self.run([
            Self.event(1, [("request", "r1"), ("carrier_message_id", "B3F5A5AA9C")]),
            Self.event(2, [("hex", "b3f5a5aa9c")]),
            Self.event(3, [("trace", "cbcf0f57-74e2-4b71-95fb-9980cf967325"), ("request", "r2")]),
            Self.event(4, [("hex", "CBCF0F5774E24B7195FB9980CF967325")]),
            Self.event(5, [("seq", "2109"), ("request", "r3")]),
            Self.event(6, [("order", "2109")]),
            Self.event(7, [("x", "abc123")]),
            Self.event(8, [("y", "abc123")]),
            Self.event(9, [("x", "deadbeefcafe")]),
            Self.event(10, [("y", "1234567890ab")]),
        ])
        let lines = executions.map { $0.events.map(\.source.line) }.sorted { $0[0] < $1[0] }
        #expect(lines == [[1, 2], [3, 4], [5], [6], [7], [8], [9], [10]], "\(lines)")
        // Kinds named by hand are taken as named.
        let (named, _) = Self.run([Self.event(1, [("request", "r1"), ("carrier_message_id", "B3F5A5AA9C")]), Self.event(2, [("hex", "b3f5a5aa9c")])],
                                  GroupingOptions(groupBy: ["request", "carrier_message_id", "hex"]))
        #expect(named.count == 2)
        #expect(ExecutionGrouper.identity(of: "B3F5A5AA9C") == "b3f5a5aa9c")
        #expect(ExecutionGrouper.identity(of: "0123456789") == nil && ExecutionGrouper.identity(of: "abcdefabcd") == nil
                && ExecutionGrouper.identity(of: "b3f5a5aa9") == nil && ExecutionGrouper.identity(of: "order-b3f5a5aa9c") == nil)
    }

    @Test func groupByOverridesLinking() {
        let (executions, _) = Self.run([
            Self.event(1, [("req", "r1"), ("instance", "i1")]),
            Self.event(2, [("req", "r2"), ("instance", "i1")]),
        ], GroupingOptions(groupBy: ["req"]))
        #expect(executions.map(\.id) == ["req=r1", "req=r2"])
    }

    @Test func sharedIdIsRefusedAndSplitBack() {
        var events: [Event] = []
        for i in 0..<10 { events.append(Self.event(i + 1, [("block", "b\(i)"), ("host", "dn1")])) }
        let (executions, report) = Self.run(events, GroupingOptions(maxPartners: 3))
        #expect(report.refused.map(\.id.description) == ["host=dn1"])
        #expect(executions.count == 10)
        #expect(executions.map(\.id) == (0..<10).map { "block=b\($0)" })
    }

    @Test func idleTimeoutClosesInLogTime() {
        let g = ExecutionGrouper(options: GroupingOptions(idleTimeout: 10))
        #expect(g.add(Self.event(1, [("req", "a")], time: 0)).isEmpty)
        #expect(g.add(Self.event(2, [("req", "b")], time: 5)).isEmpty)
        #expect(g.add(Self.event(3, [("req", "b")])).isEmpty)
        let closed = g.add(Self.event(4, [("req", "c")], time: 11))
        #expect(closed.map(\.id) == ["req=a"])
        #expect(g.openExecutions == 2)
        let late = g.add(Self.event(5, [("req", "a")], time: 30))
        #expect(late.map(\.id) == ["req=b", "req=c"])
        #expect(g.finish().map(\.id) == ["req=a"])
    }
}
