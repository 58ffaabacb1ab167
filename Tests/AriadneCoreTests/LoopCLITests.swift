import Foundation
import Testing
@testable import AriadneCore

/// The loop end to end through the CLI on the testbed: plan --state from fault-free logs, inject the
/// first experiment with the testbed, record, plan again; refusals; and a state that survives kills.
@Suite struct LoopCLITests {
    /// A state started from fault-free `payment` logs (buggy variant), with the first plan's testbed fault list.
    private func started() throws -> (work: String, state: String, first: String, faults: String) {
        let work = TestPaths.scratch()
        let run = try Python3.run(["Samples/testbed/testbed.py", "run", "--system", "payment", "--variant", "buggy", "--seed", "1",
                                   "--executions", "40", "--out", work + "/base"])
        try #require(run.status == 0, "\(run.output)")
        let state = work + "/state", faults = work + "/faults.json"
        let plan = try CLI.run(["plan", "--state", state, "--outcome", "paid order", "--format", "testbed", "-o", faults, work + "/base/logs"])
        try #require(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stderr.contains("next: x-") && plan.stderr.contains("then: ariadne record x-"))
        let status = try JSONSerialization.jsonObject(with: try CLI.run(["status", "--state", state, "--format", "json"]).stdout) as! [String: Any]
        let plans = status["plans"] as! [[String: Any]]
        let first = try #require((plans.last?["experiments"] as? [String])?.first)
        return (work, state, first, faults)
    }

    @Test func planRecordPlanLearnsAndNeverRepeats() throws {
        let (work, state, first, faults) = try started()
        let run = try Python3.run(["Samples/testbed/testbed.py", "run", "--system", "payment", "--variant", "buggy", "--seed", "1",
                                   "--executions", "40", "--out", work + "/run1", "--faults", faults])
        try #require(run.status == 0, "\(run.output)")
        let recorded = try CLI.run(["record", first, work + "/run1/logs", "--state", state, "--verdict", "held"])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stderr.contains("verdict held (by injector)"))
        let again = try CLI.run(["record", first, work + "/run1/logs", "--state", state])
        #expect(again.status == 65 && again.stderr.contains("already recorded"), "\(again.stderr)")
        let next = try CLI.run(["plan", "--state", state, "--format", "json"])
        #expect(next.status == 0, "\(next.stderr)")
        // Each service's hosts write their own layout: nothing to warn about.
        #expect(!next.stderr.contains("files detected differently"), "\(next.stderr)")
        let plan = try JSONSerialization.jsonObject(with: next.stdout) as! [String: Any]
        let ids = (plan["experiments"] as! [[String: Any]]).map { $0["id"] as! String }
        #expect(!ids.contains(first))
        #expect((plan["excluded"] as? [String])?.contains(first) == true)
        let status = try CLI.run(["status", "--state", state])
        #expect(status.text.contains("runs: 2 (1 baseline, 1 experiments: 1 held, 0 failed)"), "\(status.text)")
        #expect(status.text.contains("run 2: \(first)"))
        // A failure reported by the injector is a bug (exit 1), explained against good executions.
        if let second = ids.first {
            let failed = try CLI.run(["record", second, work + "/run1/logs", "--state", state, "--verdict", "failed",
                                      "--failed-execution", "order=o00001"])
            #expect(failed.status == 1, "\(failed.stderr)")
            #expect(failed.stderr.contains("BUG: 1 execution(s)") && failed.stderr.contains("run3/order=o00001"))
        }
    }

    @Test func refusalsSayWhatToDo() throws {
        let (work, state, _, _) = try started()
        let unknown = try CLI.run(["record", "x-000000000000", work + "/base/logs", "--state", state])
        #expect(unknown.status == 65 && unknown.stderr.contains("no plan in"), "\(unknown.stderr)")
        let other = try CLI.run(["plan", "--state", state, "--outcome", "something else"])
        #expect(other.status == 65 && other.stderr.contains("was built for --outcome 'paid order'"), "\(other.stderr)")
        let empty = try CLI.run(["status", "--state", work + "/nothing"])
        #expect(empty.status == 65 && empty.stderr.contains("ariadne plan --state"), "\(empty.stderr)")
        let stdin = try CLI.run(["plan", "--state", state, "-"], stdin: Data())
        #expect(stdin.status == 64 && stdin.stderr.contains("not stdin"), "\(stdin.stderr)")
        // Another run holds the lock: refused with exit 75, naming the holder.
        let holder = StateDirectory(path: state)
        try holder.lock()
        let busy = try CLI.run(["plan", "--state", state])
        #expect(busy.status == 75 && busy.stderr.contains("in use by another ariadne (pid \(getpid()))"), "\(busy.stderr)")
        holder.unlock()
    }

    @Test func sameLogsGiveTheSamePlan() throws {
        let (work, state, _, _) = try started()
        let second = work + "/state2"
        let plan = try CLI.run(["plan", "-q", "--state", second, "--outcome", "paid order", "--format", "json", work + "/base/logs"])
        #expect(plan.status == 0)
        let ids = { (dir: String) throws -> [String] in
            try FileManager.default.contentsOfDirectory(atPath: dir + "/plans").sorted()
        }
        #expect(try ids(state) == ids(second))
        let name = try #require(try ids(state).first)
        #expect(FileManager.default.contents(atPath: state + "/plans/" + name) == FileManager.default.contents(atPath: second + "/plans/" + name))
    }

    /// The loop plans from real logs: the HDFS sample's 1,782 blocks as the baseline run, the namenode's
    /// crash (a single point of failure the logs show) first, and a set left out (`--exclude`, as one
    /// tried) gone from the next plan, whose other experiments keep their order.
    @Test func theLoopPlansFromTheHDFSSample() throws {
        let state = TestPaths.scratch() + "/state"
        let plan = try CLI.run(["plan", "--state", state, "--outcome", "hdfs.add_stored_block", "--group-by", "block", "--format", "json",
                                TestPaths.data + "/hdfs_20k/HDFS_20000.log"])
        try #require(plan.status == 0, "\(plan.stderr)")
        let first = try ExperimentPlan.read(plan.stdout, path: "plan")
        let top = try #require(first.experiments.first)
        #expect(top.faults.map(\.point) == ["crash:service:dfs.FSNamesystem"], "\(top.faults.map(\.point))")
        #expect(first.experiments.count > 1)
        let status = try JSONSerialization.jsonObject(with: try CLI.run(["status", "--state", state, "--format", "json"]).stdout) as! [String: Any]
        let runs = try #require(status["runs"] as? [[String: Any]])
        #expect(runs.count == 1 && runs[0]["verdict"] as? String == "baseline" && runs[0]["executions"] as? Int == 1782, "\(runs)")
        let next = try CLI.run(["plan", "--state", state, "--exclude", top.id, "--format", "json"])
        try #require(next.status == 0, "\(next.stderr)")
        let second = try ExperimentPlan.read(next.stdout, path: "plan")
        #expect(!second.experiments.contains { $0.id == top.id })
        #expect(second.experiments.map(\.id).filter { id in first.experiments.contains { $0.id == id } }
                == first.experiments.dropFirst().map(\.id).filter { id in second.experiments.contains { $0.id == id } })
    }

    /// `record` killed (SIGKILL) at 100 random moments: the state always reads, holds the run or not,
    /// and the next `record` completes.
    @Test func stateSurvivesKillsInTheMiddleOfRecord() throws {
        let (work, state, first, faults) = try started()
        let run = try Python3.run(["Samples/testbed/testbed.py", "run", "--system", "payment", "--variant", "buggy", "--seed", "1",
                                   "--executions", "40", "--out", work + "/run1", "--faults", faults])
        try #require(run.status == 0)
        let pristine = try Data(contentsOf: URL(fileURLWithPath: state + "/state.json"))
        var random = SplitMix64(seed: 100)
        var completed = 0
        for _ in 0..<100 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLI.executable)
            process.arguments = ["record", "-q", first, work + "/run1/logs", "--state", state, "--verdict", "held"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 0...150_000, using: &random))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let read = try #require(try StateDirectory(path: state).read(), "state unreadable after a kill")
            if read.runs.count == 2 {
                completed += 1
                try pristine.write(to: URL(fileURLWithPath: state + "/state.json"))
            } else {
                #expect(read.runs.count == 1)
            }
        }
        let final = try CLI.run(["record", "-q", first, work + "/run1/logs", "--state", state, "--verdict", "held"])
        #expect(final.status == 0, "\(final.stderr)")
        #expect(try StateDirectory(path: state).read()?.runs.count == 2)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: state).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.count <= 100, "temporary files of killed writes: \(leftovers.count)")
    }

    /// Judged from the logs, an outcome asked `on each host` is expected on every host the plan's
    /// model named (its outcome names): a host that logs nothing in the run (crashed from the start)
    /// fails its own outcome in every execution, though every host that did log reached it.
    @Test func logJudgeExpectsAPerHostOutcomeOnEveryHostOfThePlan() throws {
        let work = TestPaths.scratch()
        let base = try Python3.run(["Samples/testbed/testbed.py", "run", "--system", "broadcast", "--variant", "buggy", "--seed", "1",
                                    "--executions", "20", "--out", work + "/base"])
        try #require(base.status == 0, "\(base.output)")
        let state = work + "/state"
        let plan = try CLI.run(["plan", "-q", "--state", state, "--outcome", "deliver on each host", work + "/base/logs"])
        try #require(plan.status == 0, "\(plan.stderr)")
        let loop = try #require(try StateDirectory(path: state).read())
        let experiment = try #require(loop.plans.last?.experiments.first)
        let model = try StateDirectory(path: state).plan(try #require(loop.plans.last?.id)).model
        #expect(model.outcomes.contains("deliver on bcast-c"), "\(model.outcomes)")
        let faults = work + "/crash.json"
        FileManager.default.createFile(atPath: faults, contents: Data(#"[{"type": "crash", "host": "bcast-c"}]"#.utf8))
        let run = try Python3.run(["Samples/testbed/testbed.py", "run", "--system", "broadcast", "--variant", "buggy", "--seed", "1",
                                   "--executions", "20", "--out", work + "/run1", "--faults", faults])
        try #require(run.status == 0, "\(run.output)")
        #expect(!String(decoding: FileManager.default.contents(atPath: work + "/run1/logs/bcast-c.log") ?? Data(), as: UTF8.self).contains("deliver"))
        let recorded = try CLI.run(["record", experiment, work + "/run1/logs", "--state", state])
        #expect(recorded.status == 1, "\(recorded.stderr)")
        let after = try #require(try StateDirectory(path: state).read()?.runs.last)
        #expect(after.verdict == .failed && after.judgedBy == .logs)
        #expect(after.failedExecutions.count == 20, "\(after.failedExecutions)")
    }

    /// One turn of the loop through a real injector: the state's first experiment exported for Chaos
    /// Toolkit, `chaos run` driving the testbed under its faults, and `record --journal` on its journal.
    @Test func chaosRunJournalIsRecorded() throws {
        let work = TestPaths.scratch()
        let made = try Python3.run(["Samples/testbed/testbed.py", "run", "--system", "fallback", "--variant", "correct", "--seed", "1",
                                    "--executions", "40", "--out", work + "/base"])
        try #require(made.status == 0, "\(made.output)")
        let state = work + "/state"
        let command = "python3 \(TestPaths.root)/Samples/testbed/testbed.py run --system fallback --variant correct --seed 1 "
            + "--executions 40 --out \"$ARIADNE_OUT\" --faults \"$ARIADNE_FAULTS\""
        let exported = try CLI.run(["plan", "-q", "--state", state, "--outcome", "200 req", "--format", "chaostoolkit",
                                    "--run-command", command, work + "/base/logs"])
        try #require(exported.status == 0, "\(exported.stderr)")
        let file = work + "/experiment.json"
        FileManager.default.createFile(atPath: file, contents: exported.stdout)
        let run = try PythonVenv.run(try PythonVenv.tool("chaos"), ["--no-log-file", "run", "--journal-path", "journal.json", file],
                                     in: work, environment: ["ARIADNE": CLI.executable, "ARIADNE_PATTERNS": TestPaths.patterns])
        #expect(FileManager.default.fileExists(atPath: work + "/journal.json"), "\(run.output)")
        let loop = try #require(try StateDirectory(path: state).read())
        let experiment = try #require(loop.plans.last?.experiments.first)
        let logs = "\(work)/ariadne-\(experiment)-run/logs"
        let recorded = try CLI.run(["record", experiment, logs, "--state", state, "--journal", work + "/journal.json"])
        #expect(recorded.status == 0 || recorded.status == 1, "\(recorded.stderr)")
        let after = try #require(try StateDirectory(path: state).read())
        #expect(after.runs.last?.judgedBy == .journal && after.runs.last?.experiment == experiment)
        // The journal's verdict is the steady state after the method.
        let journal = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: work + "/journal.json"))) as! [String: Any]
        let met = ((journal["steady_states"] as? [String: Any])?["after"] as? [String: Any])?["steady_state_met"] as? Bool
        #expect(after.runs.last?.verdict == (met == false || journal["deviated"] as? Bool == true ? .failed : .held), "\(journal)")
    }
}

