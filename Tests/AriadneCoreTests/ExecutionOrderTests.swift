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

    @Test func resolutionIsTheCoarsestDividingPowerOfTen() {
        #expect(ExecutionOrder.resolution(of: [2_000_000_000, 7_000_000_000]) == 1_000_000_000)
        #expect(ExecutionOrder.resolution(of: [2_000_000_000, 7_010_000_000]) == 10_000_000)
        #expect(ExecutionOrder.resolution(of: [3]) == 1)
    }
}
