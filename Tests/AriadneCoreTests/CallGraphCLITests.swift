import Foundation
import Testing
@testable import AriadneCore

/// The call graph through the CLI and the model: `infer --format calls`, the `calls` key of the model
/// JSON (read back and merged), and edge fault points of `hypotheses` drawn only along calls.
@Suite struct CallGraphCLITests {
    @Test func inferDrawsTheCallGraphAndKeepsItInTheModel() throws {
        let truth = try TestbedTruth.run(system: "2pc", executions: 60)
        let dot = try CLI.run(["infer", "-q", "--format", "calls", truth.logs])
        #expect(dot.status == 0, "\(dot.stderr)")
        #expect(dot.text.hasPrefix("digraph calls {"))
        // Every true service call (the coordinator asks each participant) is drawn.
        for edge in truth.callGraph where edge.kind == .sync {
            #expect(dot.text.contains("\"\(edge.fromService)\" -> \"\(edge.toService)\""), "\(edge) in \(dot.text)")
        }
        let hosts = try CLI.run(["infer", "-q", "--format", "calls-hosts", truth.logs])
        #expect(hosts.text.contains("\"tpc-coord\" -> \"tpc-p1\""))

        let file = TestPaths.scratch() + "/model.json"
        let json = try CLI.run(["infer", "-q", "--format", "json", "-o", file, truth.logs])
        #expect(json.status == 0, "\(json.stderr)")
        let model = try CausalModel.read(json: Data(contentsOf: URL(fileURLWithPath: file)))
        let calls = try #require(model.calls)
        #expect(calls.executions == 60)
        #expect(calls.hostEdges.contains { $0.from == "tpc-coord" && $0.to == "tpc-p2" && $0.kind == .sync })
        let merged = try CausalModel.merge(model, model)
        #expect(merged.calls?.executions == 120)
        #expect(merged.calls?.hostEdges.map { [$0.from, $0.to] } == calls.hostEdges.map { [$0.from, $0.to] })

        let text = try CLI.run(["infer", truth.logs])
        #expect(text.text.contains("calls between services"))
    }

    /// A queue's consumer takes each order 1–10 ms after its publisher's event, near the end of the
    /// publisher's 6.3 ms of work, and its clock runs 8 ms behind: as stamped its records lie inside the
    /// publisher's span, which read as a call. Its nestings agree on no offset (`ClockOffsets.unnestedPairs`),
    /// so they are no call: the edge is one-way, the consumer is not placed. The same consumer at a fixed
    /// point of the span is a call. A stock check the order calls beside the consumer, 2 ms ahead, is placed.
    @Test func aConsumerWhoseNestingsAgreeOnNoOffsetIsOneWay() throws {
        func run(_ name: String, stockCheck: Bool, after: (Int) -> Int) throws -> CallGraph {
            let directory = TestPaths.scratch() + "/" + name
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var orders = "", shipping = "", stock = ""
            var random = SplitMix64(seed: 41)
            func stamp(_ micros: Int) -> String {
                String(format: "2026-12-07T10:%02d:%02d.%06dZ", micros / 60_000_000, micros / 1_000_000 % 60, micros % 1_000_000)
            }
            for k in 0..<40 {
                let order = "o-" + GeneratedRequests.hex(&random, 8), t = 1_000_000 + k * 100_000
                orders += "\(stamp(t)) order=\(order) received\n\(stamp(t + 3_000)) order=\(order) stored\n"
                orders += "\(stamp(t + 6_100)) order=\(order) event published topic=orders\n\(stamp(t + 6_300)) order=\(order) answered 201\n"
                // A stock check inside the order's work, its clock 2 ms ahead: a call the clocks place.
                if stockCheck { stock += "\(stamp(t + 1_000 + 2_000)) order=\(order) reserve\n\(stamp(t + 1_600 + 2_000)) order=\(order) reserved\n" }
                let taken = t + after(k) - 8_000
                shipping += "\(stamp(taken)) order=\(order) consumed topic=orders\n\(stamp(taken + 300)) order=\(order) shipment queued\n"
            }
            try orders.write(toFile: directory + "/orders-1.log", atomically: true, encoding: .utf8)
            try shipping.write(toFile: directory + "/shipping-1.log", atomically: true, encoding: .utf8)
            if stockCheck { try stock.write(toFile: directory + "/stock-1.log", atomically: true, encoding: .utf8) }
            let result = try CLI.run(["infer", "-q", "--format", "json", directory])
            #expect(result.status == 0, "\(result.stderr)")
            let model = try CausalModel.read(json: result.stdout)
            #expect(model.executions == 40 && (model.clocks?.offsets.contains { $0.host == "stock-1" } ?? false) == stockCheck, "\(name)")
            #expect((model.clocks?.offsets.contains { $0.host == "shipping-1" } ?? false) == (name == "called"), "\(name)")
            return try #require(model.calls)
        }
        let queued = try run("queued", stockCheck: true) { 6_100 + 1_000 + $0 * 9_000 / 39 }
        #expect(queued.hostEdges.map { "\($0.from)->\($0.to):\($0.kind.rawValue)" } == ["orders-1->shipping-1:oneway", "orders-1->stock-1:sync"],
                "\(queued.hostEdges)")
        // Alone with its publisher, the clocks place no host at all; the pair is still no call.
        let alone = try run("alone", stockCheck: false) { 6_100 + 1_000 + $0 * 9_000 / 39 }
        #expect(alone.hostEdges.map { "\($0.from)->\($0.to):\($0.kind.rawValue)" } == ["orders-1->shipping-1:oneway"], "\(alone.hostEdges)")
        let called = try run("called", stockCheck: false) { 4_500 + $0 % 3 * 50 }
        #expect(called.hostEdges.map { "\($0.from)->\($0.to):\($0.kind.rawValue)" } == ["orders-1->shipping-1:sync"],
                "\(called.hostEdges)")
    }

    @Test func edgeFaultPointsFollowCalls() throws {
        let truth = try TestbedTruth.run(system: "2pc", executions: 60)
        let result = try CLI.run(["model", "-q", "--outcome", "commit txn", "--format", "json", truth.logs])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try JSONSerialization.jsonObject(with: result.stdout) as! [String: Any]
        let points = (document["fault_points"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        let edges = points.filter { $0.hasPrefix("delay:edge:") && !$0.contains("#") }
        #expect(!edges.isEmpty)
        // Participants never call the coordinator or each other: every concrete edge starts at the coordinator.
        #expect(edges.allSatisfy { $0.hasPrefix("delay:edge:tpc-coord->") }, "\(edges)")
    }
}
