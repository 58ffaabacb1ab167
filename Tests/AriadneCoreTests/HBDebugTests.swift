@testable import AriadneCore
import Foundation
import Testing

@Suite(.enabled(if: ProcessInfo.processInfo.environment["HBDEBUG"] != nil)) struct HBDebugTests {
    @Test func dump() throws {
        let system = ProcessInfo.processInfo.environment["HBDEBUG"]!
        let truth = try TestbedTruth.run(system: system, executions: 150)
        let analysis = try TestbedAnalysis(truth.logs, truth: truth)
        print("EDGES", analysis.causal.calls?.hostEdges.map { "\($0.from)->\($0.to) \($0.kind) \($0.executions)/\($0.together)" } ?? [])
        print("ORDER bound", analysis.pipeline.order.bound, analysis.pipeline.clocks?.offsets.map { "\($0.host) \($0.offset)" } ?? [])
        let orders = analysis.causalOrders()
        for n in 0..<2 {
            let e = analysis.executions[n]
            let sorted = e.events.indices.sorted { (e.events[$0].time ?? 0, $0) < (e.events[$1].time ?? 0, $1) }
            for i in sorted {
                let ev = e.events[i]
                let line = analysis.key(ev).flatMap { truth.line($0) }
                print(i, ev.host ?? "-", ev.time.map { ($0 / 1000) % 100_000_000 } ?? -1, line?.event ?? "?", line?.trueUs ?? -1, ev.message.prefix(50))
            }
            print("VISITS", ExecutionCalls.visits(e.events, order: analysis.pipeline.order).visits.map { "\($0.host) \($0.chain) \($0.records)" })
            print("MSGS", orders[n].messages.map { "\($0.from ?? -1)->\($0.to) \($0.kind)" })
        }
    }
}
