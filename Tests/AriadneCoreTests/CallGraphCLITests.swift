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
