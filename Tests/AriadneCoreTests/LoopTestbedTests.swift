import Foundation
import Testing
@testable import AriadneCore

/// The loop driven on testbed systems whose bugs need more than the first experiment of the first plan:
/// 2PC blocks only when the coordinator crashes between the votes (a crash tried at each moment its host
/// logs), and classic broadcast loses agreement when one receiver misses its message (an outcome on
/// each host). The testbed injects each planned fault list and gives the verdict from its invariant.
@Suite struct LoopTestbedTests {
    /// How the loop ended and how many experiments it ran.
    struct Ending: Equatable {
        var experiments: Int
        var result: String
        /// What the plan said when it certified.
        var said = ""
    }

    /// Fault-free logs → plan → inject the first experiment → record → plan …, up to `limit` experiments.
    func drive(_ system: String, variant: String, outcome: String, limit: Int) throws -> Ending {
        let work = TestPaths.scratch()
        let state = work + "/state"
        func testbed(_ out: String, faults: String? = nil) throws -> [String: Any] {
            var arguments = ["Samples/testbed/testbed.py", "run", "--system", system, "--variant", variant, "--seed", "1",
                             "--executions", "40", "--out", out]
            if let faults { arguments += ["--faults", faults] }
            let run = try Python3.run(arguments)
            try #require(run.status == 0, "\(run.output)")
            let data = try Data(contentsOf: URL(fileURLWithPath: out + "/truth.json"))
            return try JSONSerialization.jsonObject(with: data) as! [String: Any]
        }
        _ = try testbed(work + "/base")
        var arguments = ["plan", "-q", "--state", state, "--outcome", outcome, "--format", "testbed", work + "/base/logs"]
        for n in 0..<limit {
            let faults = work + "/faults-\(n).json"
            let plan = try CLI.run(arguments + ["-o", faults])
            try #require(plan.status == 0, "\(plan.stderr)")
            arguments = ["plan", "-q", "--state", state, "--format", "testbed"]
            if plan.stderr.contains("certified for budget") { return Ending(experiments: n, result: "certified", said: plan.stderr) }
            let status = try JSONSerialization.jsonObject(with: try CLI.run(["status", "--state", state, "--format", "json"]).stdout) as! [String: Any]
            let next = try #require(((status["plans"] as! [[String: Any]]).last?["experiments"] as? [String])?.first)
            let truth = try testbed(work + "/run-\(n + 1)", faults: faults)
            let violated = (truth["executions"] as! [[String: Any]]).filter { $0["outcome"] as? String != "success" }
            var record = ["record", "-q", next, work + "/run-\(n + 1)/logs", "--state", state, "--verdict", violated.isEmpty ? "held" : "failed"]
            for execution in violated.prefix(20) { record += ["--failed-execution", execution["id"] as! String] }
            let recorded = try CLI.run(record)
            if recorded.status == 1 {
                let bug = violated.contains { $0["verdict"] as? String == "bug" }
                return Ending(experiments: n + 1, result: bug ? "bug" : "violation beyond redundancy")
            }
            try #require(recorded.status == 0, "\(recorded.stderr)")
        }
        return Ending(experiments: limit, result: "stopped")
    }

    /// The participants are in every support (the commit follows their votes), so the delays of the two
    /// prepare calls come first and held (of the edges making the same cut, the most called: the
    /// prepare calls before the decision sent to tpc-p1, which the causal order, read on the estimated
    /// clocks, puts in the past of some commits); then the coordinator's crash is searched in time.
    @Test func twoPhaseCommitBlocksWhenTheCoordinatorCrashesBetweenTheVotes() throws {
        #expect(try drive("2pc", variant: "buggy", outcome: "commit txn", limit: 6) == Ending(experiments: 5, result: "bug"))
    }

    /// The first experiment drops a one-way send (a delay of it would exceed no timeout).
    @Test func classicBroadcastLosesAgreementWhenOneReceiverMissesItsMessage() throws {
        #expect(try drive("broadcast", variant: "buggy", outcome: "deliver on each host", limit: 4) == Ending(experiments: 1, result: "bug"))
    }

    @Test func reliableBroadcastIsCertified() throws {
        let ending = try drive("broadcast", variant: "correct", outcome: "deliver on each host", limit: 12)
        #expect(ending.result == "certified" && ending.experiments >= 2, "\(ending)")
        // The kinds the experiments injected, beyond the model's own (a one-way send is dropped, not delayed).
        #expect(ending.said.contains("experiment(s) tried injecting ") && ending.said.contains("drop"), "\(ending.said)")
    }
}
