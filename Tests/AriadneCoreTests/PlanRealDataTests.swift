import Foundation
import Testing
@testable import AriadneCore

/// Plans from real logs: the HDFS sample and a testbed system; determinism, stable ids, schema.
@Suite struct PlanRealDataTests {
    static let hdfs = Result { try PlanRealDataTests.hdfsPlan(reversed: false) }

    static func hdfsPlan(reversed: Bool) throws -> ExperimentPlan {
        var executions = try HypothesesHDFSTests.blocks()
        if reversed { executions.reverse() }
        let order = ExecutionOrder(bound: 1_000_000_000)
        let model = try RedundancyModel.build(executions: executions, order: order, outcomes: [OutcomeSpec(pattern: "hdfs.add_stored_block")])
        return try ExperimentPlanner.plan(model: model, facts: PlanFacts.build(executions: executions, order: order))
    }

    @Test func hdfsNamenodeCrashComesFirstAndEveryFaultSetIsOneConcreteRow() throws {
        let plan = try Self.hdfs.get()
        let first = try #require(plan.experiments.first)
        #expect(first.faults.map(\.point) == ["crash:service:dfs.FSNamesystem"] && first.impact == 1)
        #expect(first.faultSet == ["crash:service:dfs.FSNamesystem@after:\(first.faults[0].timing.eventType ?? "")"], "timed: keyed by its event")
        let namenode = try #require(first.faults.first)
        #expect(namenode.target.kind == "service" && namenode.target.allHosts == true && namenode.roleShare == 1)
        #expect(namenode.timing.kind == "after_event" && namenode.timing.template?.contains("allocateBlock") == true)
        #expect(!namenode.hooks.isEmpty && namenode.hooks.allSatisfy { $0.kind == "after_event" && $0.host == "dfs.FSNamesystem" && $0 != namenode.timing })
        #expect(Set(plan.experiments.map(\.id)).count == plan.experiments.count)
        #expect(Set(plan.experiments.map(\.faultSet)).count == plan.experiments.count)
        let report = Hypothesizer.report(for: try RedundancyModel.build(
            executions: try HypothesesHDFSTests.blocks(), order: ExecutionOrder(bound: 1_000_000_000),
            outcomes: [OutcomeSpec(pattern: "hdfs.add_stored_block")]))
        #expect(Set(plan.experiments.flatMap(\.hypotheses).map(\.hypothesis)) == Set(report.hypotheses.map(\.id)), "every hypothesis is planned")
        let pairs = plan.experiments.flatMap(\.hypotheses).flatMap { h in h.classes.map { "\(h.hypothesis) \($0)" } }
        #expect(Set(pairs).count == pairs.count && pairs.count == report.hypotheses.map(\.classes.count).reduce(0, +),
                "each class of each hypothesis is in exactly one experiment")
        for experiment in plan.experiments {
            #expect(experiment.faults.allSatisfy { !$0.point.contains(":role:") && $0.roleShare > 0 && $0.roleShare <= 1 })
            #expect(experiment.id == Experiment.id(faults: experiment.faultSet))
            for fault in experiment.faults where fault.kind == "delay" {
                // Seconds-resolution stamps: the wait is measured in whole seconds, never a constant.
                #expect((fault.ms ?? 0) >= Int(4 * (fault.delay?.longestWaitMs ?? .infinity)))
            }
        }
        // A datanode triple: three crashes of hosts that played the three datanode roles.
        let triple = try #require(plan.experiments.first { $0.faults.count == 3 && $0.faults.allSatisfy { $0.kind == "crash" } })
        #expect(Set(triple.faults.map(\.role)).count == 3 && triple.faults.allSatisfy { $0.role.hasPrefix("dfs.DataNode#") },
                "\(triple.faults.map(\.role))")
        #expect(triple.faults.allSatisfy { $0.target.host?.hasSuffix(":50010") == true })
        print("HDFS plan \(plan.id): \(plan.experiments.count) experiments from \(report.hypotheses.count) hypotheses")
    }

    /// The facts gathered in parts on several cores, added in order, are those of one pass in order: on
    /// the HDFS sample (first-seen templates, services and namespaces, counts, extremes, capped values),
    /// whole and in a packed store, cut into 1 to 7 parts per share.
    @Test func factsGatheredInPartsAreThoseOfOnePass() throws {
        let executions = try HypothesesHDFSTests.blocks()
        let order = ExecutionOrder(bound: 1_000_000_000)
        let one = PlanFacts.build(executions: executions, order: order, modelEdges: [], parts: 1)
        #expect(one.executions == executions.count && !one.edges.isEmpty && !one.hosts.isEmpty && !one.requests.isEmpty)
        var store = ExecutionStore()
        for execution in executions { store.append(execution) }
        for parts in [2, 3, 7] {
            #expect(PlanFacts.build(executions: executions, order: order, modelEdges: [], parts: parts) == one, "\(parts) parts")
            #expect(PlanFacts.build(executions: store, order: order, modelEdges: [], parts: parts) == one, "\(parts) parts, store")
        }
    }

    @Test func hdfsPlanIsDeterministicAndIdsDoNotDependOnInputOrder() throws {
        let plan = try Self.hdfs.get()
        #expect(try plan.json() == (try Self.hdfsPlan(reversed: false).json()))
        let reversed = try Self.hdfsPlan(reversed: true)
        #expect(Set(reversed.experiments.map(\.id)) == Set(plan.experiments.map(\.id)))
        #expect(reversed.experiments.first?.id == plan.experiments.first?.id)
    }

    @Test func hdfsPlanValidatesAgainstTheSchema() throws {
        let path = TestPaths.file(try Self.hdfs.get().json(), name: "plan.json")
        let result = try InjectorValidation.validate("plan", path)
        #expect(result.valid, "\(result.output)")
    }

    /// A testbed system's fault-free logs (quorum, correct, seed 1, 150 executions).
    static let quorum: Result<String, Error> = Result {
        let out = TestPaths.scratch() + "/quorum"
        let run = try Python3.run(["Samples/testbed/testbed.py", "run", "--system", "quorum", "--variant", "correct", "--seed", "1",
                                   "--executions", "150", "--out", out])
        guard run.status == 0 else { throw CLIFailure(output: run.output) }
        return out
    }

    struct CLIFailure: Error { var output: String }

    static func plan(_ arguments: [String]) throws -> CLI.Result {
        try CLI.run(["plan", "-q", "--outcome", "put ok"] + arguments)
    }

    @Test(.enabled(if: Python3.path != nil)) func testbedPlanIsByteIdenticalAcrossRunsAndIdsAcrossInputOrders() throws {
        let out = try Self.quorum.get()
        let files = ["kv-1", "kv-2", "kv-3", "kv-client-1"].map { "\(out)/logs/\($0).log" }
        let a = try Self.plan(["--pretty", out + "/logs"])
        let b = try Self.plan(["--pretty", out + "/logs"])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(!a.stdout.isEmpty && a.stdout == b.stdout)
        let plan = try ExperimentPlan.read(a.stdout, path: "a")
        #expect(!plan.experiments.isEmpty)
        let same = try ExperimentPlan.read(try Self.plan(["--pretty"] + files).stdout, path: "b")
        #expect(same.experiments.map(\.id) == plan.experiments.map(\.id))
        let reordered = try Self.plan(["--pretty"] + files.reversed())
        #expect(reordered.status == 0, "\(reordered.stderr)")
        let other = try ExperimentPlan.read(reordered.stdout, path: "c")
        #expect(other.experiments.map(\.id) == plan.experiments.map(\.id))
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/truth.json"))) as? [String: Any]
        let hosts = Set((truth?["hosts"] as? [String: Any] ?? [:]).keys)
        for experiment in plan.experiments {
            for fault in experiment.faults {
                let named = [fault.target.host, fault.target.from, fault.target.to].compactMap { $0 }
                #expect(!named.isEmpty && named.allSatisfy(hosts.contains), "\(fault.point) names no testbed host")
                if fault.kind == "delay" {
                    let delay = try #require(fault.delay)
                    #expect(Double(try #require(fault.ms)) >= 4 * delay.longestWaitMs && delay.longestWaitMs > 0 && delay.observed > 0)
                }
            }
        }
        let schema = try InjectorValidation.validate("plan", TestPaths.file(Array(a.stdout), name: "plan.json"))
        #expect(schema.valid, "\(schema.output)")
    }

    /// Role numbers follow the order hosts appear in; the experiments do not depend on them: the same
    /// model with the replicas' role numbers permuted gives the same fault sets.
    @Test(.enabled(if: Python3.path != nil)) func experimentsDoNotDependOnRoleNumbering() throws {
        let out = try Self.quorum.get()
        let state = TestPaths.scratch() + "/state"
        let run = try Self.plan(["--state", state, out + "/logs"])
        #expect(run.status == 0, "\(run.stderr)")
        let plan = try ExperimentPlan.read(run.stdout, path: "stdout")
        let stored = try String(contentsOfFile: "\(state)/models/\(plan.model.digest).json", encoding: .utf8)
        let renamed = stored.replacingOccurrences(of: "kv#1", with: "kv#0").replacingOccurrences(of: "kv#3", with: "kv#1")
            .replacingOccurrences(of: "kv#0", with: "kv#3")
        #expect(renamed != stored)
        let model = try JSONDecoder().decode(PlanModel.self, from: Data(renamed.utf8))
        let again = try ExperimentPlanner.plan(model: model.redundancy, facts: model.facts)
        #expect(Set(again.experiments.map(\.id)) == Set(plan.experiments.map(\.id)))
        #expect(Set(again.experiments.map(\.faultSet)) == Set(plan.experiments.map(\.faultSet)))
    }

    @Test(.enabled(if: Python3.path != nil)) func stateDirectoryKeepsThePlanAndAModelThatPlansTheSame() throws {
        let out = try Self.quorum.get()
        let state = TestPaths.scratch() + "/state"
        let run = try Self.plan(["--pretty", "--state", state, out + "/logs"])
        #expect(run.status == 0, "\(run.stderr)")
        let plan = try ExperimentPlan.read(run.stdout, path: "stdout")
        let stored = try Data(contentsOf: URL(fileURLWithPath: "\(state)/plans/\(plan.id).json"))
        #expect(stored == run.stdout)
        let model = try JSONDecoder().decode(PlanModel.self, from: Data(contentsOf: URL(fileURLWithPath: "\(state)/models/\(plan.model.digest).json")))
        // The loop accepts the outcome's observers; planning the stored model with the plan's options gives the plan.
        #expect(try ExperimentPlanner.plan(model: model.redundancy, facts: model.facts,
                                           options: PlanOptions(accepted: Set(plan.accepted))) == plan)
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: state).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }
}
