import Foundation
import Testing
@testable import AriadneCore

/// Every exporter against what its injector validates: Chaos Mesh and Istio resources against their
/// CRDs' OpenAPI v3 schemas, Chaos Toolkit experiments with `chaos validate` (and one `chaos run` on
/// the testbed), Toxiproxy calls for their documented shape.
@Suite(.enabled(if: Python3.path != nil, "python3 is not on PATH; the injectors' validators need it"))
struct PlanExportTests {
    /// A plan with one experiment holding a fault of every kind and target.
    static func everyKind() throws -> ExperimentPlan {
        let base = try ExperimentPlanner.plan(model: ExperimentPlannerTests.model(), facts: ExperimentPlannerTests.facts())
        let hook = FaultTiming(kind: "after_event", host: "db-1", eventType: "T1", template: "accepted write <*>",
                               match: "accepted write ", share: 1)
        let edge = FaultTarget(kind: "edge", from: "api-1", to: "db-1", fromService: "api", toService: "db", namespace: "shop")
        let delay = DelayBasis(basis: "wait", longestWaitMs: 2.5, timeoutMs: nil, observed: 4, margin: 4)
        let faults = [
            PlannedFault(point: "crash:host:db-1", rolePoint: "crash:role:db#1", kind: "crash",
                         target: FaultTarget(kind: "host", host: "db-1", service: "db", namespace: "shop"), role: "db#1", roleShare: 0.75, timing: hook),
            PlannedFault(point: "crash:service:dfs.FSNamesystem", rolePoint: "crash:service:dfs.FSNamesystem", kind: "crash",
                         target: FaultTarget(kind: "service", service: "dfs.FSNamesystem", allHosts: true), role: "dfs.FSNamesystem",
                         roleShare: 1, timing: .start),
            PlannedFault(point: "delay:edge:api-1->db-1", rolePoint: "delay:edge:api->db#1", kind: "delay", ms: 10, delay: delay,
                         target: edge, role: "api->db#1", roleShare: 1, timing: .start,
                         alternatives: [FaultAlternative(kind: "error", point: "error:edge:api-1->db-1", status: "503", template: "db said 503")]),
            PlannedFault(point: "delay:host:db-2", rolePoint: "delay:role:db#2", kind: "delay", ms: 7, delay: delay,
                         target: FaultTarget(kind: "host", host: "db-2", service: "db"), role: "db#2", roleShare: 0.5, timing: .start),
            PlannedFault(point: "error:edge:api-1->db-1", rolePoint: "error:edge:api->db#1", kind: "error", status: "503",
                         target: edge, role: "api->db#1", roleShare: 1, timing: .start),
            PlannedFault(point: "error:edge:api-1->cache-1", rolePoint: "error:edge:api->cache", kind: "error",
                         target: FaultTarget(kind: "edge", from: "api-1", to: "cache-1"), role: "api->cache", roleShare: 1, timing: .start),
            PlannedFault(point: "drop:edge:api-1->db-1", rolePoint: "drop:edge:api->db#1", kind: "drop", target: edge, role: "api->db#1",
                         roleShare: 1, timing: .start),
            PlannedFault(point: "partition:edge:api-1->db-1", rolePoint: "partition:edge:api->db#1", kind: "partition", target: edge,
                         role: "api->db#1", roleShare: 1, timing: .start),
        ]
        var experiment = base.experiments[0]
        experiment.faults = faults
        experiment.id = Experiment.id(faults: faults.map(\.point))
        experiment.appliesTo.requestClass = RequestClass(selectable: true, field: "path", method: "POST", values: ["/write", "/write2"],
                                                         note: "select requests whose path is one of /write, /write2")
        var plan = base
        plan.experiments = [experiment]
        return plan
    }

    static func write(_ text: String, _ name: String) -> String { TestPaths.file(text, name: name) }

    @Test func everyFaultKindPassesTheChaosMeshCRDs() throws {
        let plan = try Self.everyKind()
        let text = try plan.export(.chaosMesh)
        let result = try InjectorValidation.validate("chaos-mesh", Self.write(text, "mesh.json"))
        #expect(result.valid, "\(result.output)")
        #expect(result.output.contains("checked 8 chaos-mesh"))
        let list = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let kinds = (list?["items"] as? [[String: Any]] ?? []).map { $0["kind"] as? String ?? "" }
        #expect(kinds == ["PodChaos", "PodChaos", "NetworkChaos", "NetworkChaos", "HTTPChaos", "HTTPChaos", "NetworkChaos", "NetworkChaos"])
    }

    @Test func everyFaultKindIstioCanExpressPassesTheVirtualServiceCRD() throws {
        let plan = try Self.everyKind()
        let text = try plan.export(.istio)
        let result = try InjectorValidation.validate("istio", Self.write(text, "istio.json"))
        #expect(result.valid, "\(result.output)")
        // delay of an edge and of a host, two errors and a service crash; a pod crash, a drop and a partition are not HTTP faults.
        #expect(result.output.contains("checked 5 istio"))
        #expect(text.contains("\"httpStatus\" : 503") && text.contains("\"fixedDelay\" : \"10ms\"") && text.contains("\"/write2\""))
        var crashOnly = plan
        crashOnly.experiments[0].faults = [plan.experiments[0].faults[0]]
        #expect(throws: PlanError.self) { try crashOnly.export(.istio) }
    }

    @Test func everyFaultKindPassesChaosValidate() throws {
        let text = try Self.everyKind().export(.chaostoolkit, options: ExportOptions(runCommand: "true"))
        let result = try InjectorValidation.chaosValidate(Self.write(text, "experiment.json"))
        #expect(result.valid, "\(result.output)")
        let experiment = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect((experiment?["method"] as? [Any])?.count == 8 && (experiment?["rollbacks"] as? [Any])?.count == 1)
    }

    /// The validators reject what their injectors reject: a schema violation, an undeclared field, an
    /// unknown action, an experiment without a method.
    @Test func validatorsRejectBrokenDocuments() throws {
        let plan = try Self.everyKind()
        let json = try plan.json()
        let badPlan = json.replacingOccurrences(of: "\"kind\" : \"crash\"", with: "\"kind\" : \"meteor\"")
        #expect(badPlan != json)
        #expect(!(try InjectorValidation.validate("plan", Self.write(badPlan, "plan.json"))).valid)
        #expect(try InjectorValidation.validate("plan", Self.write(json, "plan.json")).valid)
        let mesh = try plan.export(.chaosMesh)
        for broken in [mesh.replacingOccurrences(of: "\"pod-kill\"", with: "\"pod-explode\""),
                       mesh.replacingOccurrences(of: "\"direction\" :", with: "\"directions\" :")] {
            #expect(broken != mesh)
            #expect(!(try InjectorValidation.validate("chaos-mesh", Self.write(broken, "mesh.json"))).valid)
        }
        let istio = try plan.export(.istio).replacingOccurrences(of: "\"httpStatus\" : 503", with: "\"httpStatus\" : \"503\"")
        #expect(!(try InjectorValidation.validate("istio", Self.write(istio, "istio.json"))).valid)
        let experiment = try plan.export(.chaostoolkit).replacingOccurrences(of: "\"method\" :", with: "\"methods\" :")
        #expect(!(try InjectorValidation.chaosValidate(Self.write(experiment, "experiment.json"))).valid)
    }

    @Test func toxiproxyCallsHaveTheDocumentedShape() throws {
        let text = try Self.everyKind().export(.toxiproxy)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let create = try #require(document["create"] as? [[String: Any]])
        let remove = try #require(document["remove"] as? [[String: Any]])
        #expect(create.count == 9 && remove.count == 9, "a partition cuts both hosts' proxies")
        let attributes = ["latency": Set(["latency", "jitter"]), "timeout": Set(["timeout"]), "reset_peer": Set(["timeout"])]
        for (call, undo) in zip(create, remove) {
            let path = try #require(call["path"] as? String)
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            #expect(call["method"] as? String == "POST" && parts.count == 4 && parts[1] == "proxies" && parts[3] == "toxics", "\(path)")
            let body = try #require(call["body"] as? [String: Any])
            #expect(Set(body.keys) == ["name", "type", "stream", "toxicity", "attributes"])
            let type = try #require(body["type"] as? String)
            let given = try #require(body["attributes"] as? [String: Any])
            #expect(attributes[type] == Set(given.keys), "\(type): \(given)")
            #expect(given.values.allSatisfy { ($0 as? Int).map { $0 >= 0 } ?? false })
            #expect(["upstream", "downstream"].contains(body["stream"] as? String) && body["toxicity"] as? Double == 1)
            #expect(undo["method"] as? String == "DELETE" && undo["path"] as? String == "\(path)/\(body["name"] as! String)")
        }
        #expect(ToxiproxyExport.pathSegment("10.0.0.1:50010") == "10.0.0.1%3A50010")
    }

    @Test func testbedFaultListUsesTheTestbedsFaultTypes() throws {
        let text = try Self.everyKind().export(.testbed)
        let faults = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(faults.map { $0["type"] as? String ?? "" } == ["crash", "crash", "delay", "delay", "error", "error", "drop", "partition"])
        #expect(faults[0]["after_match"] as? String == "accepted write " && faults[7]["a"] as? String == "api-1")
        // A drop is one omission per execution; the partition is the loss that lasts.
        #expect(faults.map { $0["count"] as? Int } == [nil, nil, nil, nil, nil, nil, 1, nil])
        let path = Self.write(text, "faults.json")
        let run = try Python3.run(["Samples/testbed/testbed.py", "run", "--system", "quorum", "--variant", "correct", "--seed", "1",
                                   "--executions", "3", "--out", TestPaths.scratch() + "/run", "--faults", path])
        #expect(run.status == 0, "the testbed reads the list: \(run.output)")
    }

    /// Plans of two testbed systems: every experiment exported to every format passes its injector's validation.
    @Test(arguments: [("quorum", "put ok"), ("fallback", "200 req")])
    func testbedExperimentsPassEveryValidator(system: String, outcome: String) throws {
        let out = TestPaths.scratch() + "/" + system
        let made = try Python3.run(["Samples/testbed/testbed.py", "run", "--system", system, "--variant", "correct", "--seed", "1",
                                    "--executions", "60", "--out", out])
        #expect(made.status == 0, "\(made.output)")
        let run = try CLI.run(["plan", "-q", "--outcome", outcome, out + "/logs"])
        #expect(run.status == 0, "\(run.stderr)")
        let plan = try ExperimentPlan.read(run.stdout, path: "plan")
        #expect(!plan.experiments.isEmpty)
        for experiment in plan.experiments {
            let mesh = try InjectorValidation.validate("chaos-mesh", Self.write(try plan.export(.chaosMesh, experiment: experiment.id), "mesh.json"))
            #expect(mesh.valid, "\(experiment.id): \(mesh.output)")
            if let istio = try? plan.export(.istio, experiment: experiment.id) {
                let checked = try InjectorValidation.validate("istio", Self.write(istio, "istio.json"))
                #expect(checked.valid, "\(experiment.id): \(checked.output)")
            } else {
                #expect(experiment.faults.allSatisfy { $0.kind == "crash" && $0.target.kind == "host" })
            }
        }
        let first = try CLI.run(["plan", "-q", "--outcome", outcome, "--format", "chaostoolkit", "--experiment", "1", out + "/logs"])
        #expect(first.status == 0, "\(first.stderr)")
        let validated = try InjectorValidation.chaosValidate(Self.write(first.text, "experiment.json"))
        #expect(validated.valid, "\(validated.output)")
    }

    /// `chaos run` end to end on the testbed: the steady state runs the system fault-free and holds, the
    /// method's actions write the experiment's faults, the steady state after runs the system under them,
    /// the rollback removes them; the journal records it all.
    @Test func chaosRunDrivesTheTestbedThroughTheExperiment() throws {
        let out = TestPaths.scratch() + "/fallback"
        let made = try Python3.run(["Samples/testbed/testbed.py", "run", "--system", "fallback", "--variant", "correct", "--seed", "1",
                                    "--executions", "40", "--out", out])
        #expect(made.status == 0, "\(made.output)")
        let command = "python3 \(TestPaths.root)/Samples/testbed/testbed.py run --system fallback --variant correct --seed 2 "
            + "--executions 40 --out \"$ARIADNE_OUT\" --faults \"$ARIADNE_FAULTS\""
        let exported = try CLI.run(["plan", "-q", "--outcome", "200 req", "--format", "chaostoolkit", "--run-command", command, out + "/logs"])
        #expect(exported.status == 0, "\(exported.stderr)")
        let work = TestPaths.scratch()
        let file = work + "/experiment.json"
        FileManager.default.createFile(atPath: file, contents: exported.stdout)
        let run = try PythonVenv.run(try PythonVenv.tool("chaos"), ["--no-log-file", "run", "--journal-path", "journal.json", file],
                                     in: work, environment: ["ARIADNE": CLI.executable, "ARIADNE_PATTERNS": TestPaths.patterns])
        let journal = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: work + "/journal.json"))) as? [String: Any],
                                   "\(run.output)")
        #expect(journal["status"] as? String == "completed", "\(run.output)")
        let states = try #require(journal["steady_states"] as? [String: Any])
        #expect((states["before"] as? [String: Any])?["steady_state_met"] as? Bool == true, "\(states)")
        #expect(states["after"] is [String: Any], "the steady state was checked again after the method")
        let plan = try ExperimentPlan.read(try CLI.run(["plan", "-q", "--outcome", "200 req", out + "/logs"]).stdout, path: "plan")
        let experiment = try #require(plan.experiments.first)
        let truth = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(work)/ariadne-\(experiment.id)-run/truth.json"))) as? [String: Any])
        let injected = try JSONSerialization.data(withJSONObject: truth["faults"] ?? [], options: [.sortedKeys])
        let planned = try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: Data(experiment.testbedFaults().text().utf8)), options: [.sortedKeys])
        #expect(injected == planned, "the testbed ran under exactly the experiment's faults")
        #expect(!FileManager.default.fileExists(atPath: "\(work)/ariadne-\(experiment.id)-faults.json"), "the rollback removed the fault list")
    }
}
