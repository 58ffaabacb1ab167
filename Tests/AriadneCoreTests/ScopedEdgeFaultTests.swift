import Foundation
import Testing
@testable import AriadneCore

/// Edge faults scoped to one kind of message: the kinds learnt from the logs (the receiver's first
/// event type for each message), scoped points only on edges carrying two or more, their ids, their
/// plan target, the exporters, and faults kept from a run that held.
@Suite struct ScopedEdgeFaultTests {
    @Test func kindsIgnoreSourceLocationsAndLeadingWildcards() {
        #expect(ExecutionView.messageKey("worker.go:<*>: commit <*>") == "commit <*>")
        #expect(ExecutionView.messageKey("io.go:<*>: commit <*>") == ExecutionView.messageKey("main.go:12: commit <*>"))
        #expect(ExecutionView.messageKey("<*> prepare <*>, voting yes") == "prepare <*>, voting yes")
        #expect(ExecutionView.messageKey("stored key=<*> version=<*>") != ExecutionView.messageKey("get key=<*>"))
        #expect(ExecutionView.messageKey("GET /a.html <*>") == "GET /a.html <*>", "a path is not a source location")
    }

    @Test func scopedIDsParseBackAndKeepTheirScopeAcrossKinds() {
        let point = FaultPoint(kind: .delay, level: .concrete, targetKind: "edge", target: "10.0.0.1:80->db-2", scope: "T9f")
        #expect(point.id == "delay:edge:10.0.0.1:80->db-2~T9f")
        let parsed = ExperimentPlanner.parse(point.id)
        #expect(parsed == point && parsed.target == "10.0.0.1:80->db-2" && parsed.scope == "T9f")
        #expect(point.with(kind: .error).id == "error:edge:10.0.0.1:80->db-2~T9f")
        #expect(ExperimentPlanner.parse("crash:host:a~b").target == "a~b", "only an edge has a scope")
        #expect(ExperimentPlanner.parse("delay:edge:a->b").scope == nil)
    }

    /// The testbed's quorum store: the client writes to and then reads from each replica. Each of its
    /// edges carries two kinds of message, so the points are scoped; the single-kind edges of the
    /// fallback chain keep their plain points.
    @Test func edgesCarryingTwoKindsGetScopedPointsOthersDoNot() throws {
        let work = TestPaths.scratch()
        for system in ["quorum", "fallback"] {
            let made = try Python3.run(["Samples/testbed/testbed.py", "run", "--system", system, "--variant", "correct", "--seed", "1",
                                        "--executions", "40", "--out", work + "/" + system])
            try #require(made.status == 0, "\(made.output)")
        }
        let quorum = try CLI.run(["model", "-q", "--outcome", "found=true", "--format", "json", work + "/quorum/logs"])
        try #require(quorum.status == 0, "\(quorum.stderr)")
        let model = try JSONDecoder().decode(RedundancyModel.self, from: quorum.stdout)
        let scoped = model.faultPoints.filter { $0.scope != nil && $0.level == .concrete && $0.target.hasPrefix("kv-client-1->") }
        for replica in ["kv-1", "kv-2", "kv-3"] {
            let kinds = Set(scoped.filter { $0.target == "kv-client-1->\(replica)" }.compactMap(\.scope))
            #expect(kinds.count == 2, "\(replica): \(kinds)")
        }
        let fallback = try CLI.run(["model", "-q", "--outcome", "200 req", "--format", "json", work + "/fallback/logs"])
        try #require(fallback.status == 0, "\(fallback.stderr)")
        let plain = try JSONDecoder().decode(RedundancyModel.self, from: fallback.stdout)
        #expect(plain.faultPoints.contains { $0.targetKind == "edge" } && plain.faultPoints.allSatisfy { $0.scope == nil })

        // The plan names the messages: the write's template, a regex, and what an injector must match;
        // the testbed's fault list matches the receiver's first line; the plan passes its schema.
        let planned = try CLI.run(["plan", "-q", "--outcome", "found=true", "--format", "json", work + "/quorum/logs"])
        try #require(planned.status == 0, "\(planned.stderr)")
        let plan = try ExperimentPlan.read(planned.stdout, path: "plan")
        let faults = plan.experiments.flatMap(\.faults).filter { $0.target.messages != nil }
        let write = try #require(faults.first { $0.target.messages?.template == "stored key=<*> version=<*>" })
        #expect(write.point.hasSuffix("~" + (write.target.messages?.eventType ?? "?")))
        #expect(write.target.messages?.match == "stored key=.*? version=" && write.target.messages?.note.contains("must tell them apart") == true)
        #expect(write.alternatives.allSatisfy { $0.point.hasSuffix("~" + write.target.messages!.eventType) })
        let experiment = try #require(plan.experiments.first { $0.faults.contains(write) })
        let list = try #require(try JSONSerialization.jsonObject(with: Data(plan.export(.testbed, experiment: experiment.id).utf8)) as? [[String: Any]])
        #expect(list.contains { $0["match"] as? String == "stored key=" })
        #expect(try InjectorValidation.validate("plan", TestPaths.file(String(decoding: planned.stdout, as: UTF8.self), name: "plan.json")).valid)
    }

    /// A scoped fault in each exporter: selected by its request field where the injector can, else
    /// said to be wider than planned; never silently widened.
    @Test func exportersSelectTheMessagesOrSayTheyCannot() throws {
        var plan = try PlanExportTests.everyKind()
        let byPath = MessageScope(eventType: "T1", template: "accept <*>", match: "accept ", field: "path", values: ["/write"],
                                  note: "only the requests from api-1 to db-1 whose path is /write")
        let unselectable = MessageScope(eventType: "T2", template: "serve <*>", match: "serve ", note: "only the messages that db-1 answers with 'serve <*>' first")
        let edge = FaultTarget(kind: "edge", from: "api-1", to: "db-1", fromService: "api", toService: "db", namespace: "shop")
        var scopedEdge = edge
        scopedEdge.messages = byPath
        var otherEdge = edge
        otherEdge.messages = unselectable
        plan.experiments[0].faults = [
            PlannedFault(point: "error:edge:api-1->db-1~T1", rolePoint: "error:edge:api->db#1~T1", kind: "error", status: "503",
                         target: scopedEdge, role: "api->db#1", roleShare: 1, timing: .start),
            PlannedFault(point: "delay:edge:api-1->db-1~T1", rolePoint: "delay:edge:api->db#1~T1", kind: "delay", ms: 9,
                         delay: DelayBasis(basis: "wait", longestWaitMs: 2, timeoutMs: nil, observed: 3, margin: 4),
                         target: scopedEdge, role: "api->db#1", roleShare: 1, timing: .start),
            PlannedFault(point: "drop:edge:api-1->db-1~T2", rolePoint: "drop:edge:api->db#1~T2", kind: "drop", target: otherEdge,
                         role: "api->db#1", roleShare: 1, timing: .start),
        ]
        plan.experiments[0].id = Experiment.id(faults: plan.experiments[0].faults.map(\.point))
        #expect(try InjectorValidation.validate("plan", TestPaths.file(try plan.json(), name: "plan.json")).valid)
        let mesh = try plan.export(.chaosMesh)
        #expect(try InjectorValidation.validate("chaos-mesh", TestPaths.file(mesh, name: "mesh.json")).valid)
        let items = try #require((try JSONSerialization.jsonObject(with: Data(mesh.utf8)) as? [String: Any])?["items"] as? [[String: Any]])
        #expect(items.map { $0["kind"] as? String ?? "" } == ["HTTPChaos", "HTTPChaos", "NetworkChaos"])
        #expect(items.prefix(2).allSatisfy { ($0["spec"] as? [String: Any])?["path"] as? String == "/write" })
        let dropNote = ((items[2]["metadata"] as? [String: Any])?["annotations"] as? [String: Any])?["ariadne.io/messages"] as? String
        #expect(dropNote?.hasPrefix("NOT SCOPED") == true, "\(dropNote ?? "none")")
        let istio = try plan.export(.istio)
        #expect(try InjectorValidation.validate("istio", TestPaths.file(istio, name: "istio.json")).valid)
        #expect(istio.contains("\"exact\" : \"/write\""))
        let toxiproxy = try #require(try JSONSerialization.jsonObject(with: Data(plan.export(.toxiproxy).utf8)) as? [String: Any])
        let calls = try #require(toxiproxy["create"] as? [[String: Any]])
        #expect(calls.count == 3 && calls.allSatisfy { ($0["scope"] as? String)?.contains("cannot select messages") == true })
        let testbed = try #require(try JSONSerialization.jsonObject(with: Data(plan.export(.testbed).utf8)) as? [[String: Any]])
        #expect(testbed.map { $0["match"] as? String } == ["accept ", "accept ", "serve "])
    }

    /// A class seen only in a run that held is cut on top of that run's faults, kept first and at their
    /// moments, within the budget; classes with baseline executions are cut alone.
    @Test func aClassOfARunThatHeldIsCutOnTopOfItsFaults() throws {
        let baseline = ExecutionClass(id: "C1", supports: [["crash:host:a", "crash:host:b", "delay:edge:a->b~T1"]],
                                      executions: [ClassMember(execution: "e1", bindings: [:])], alternatives: [], evidence: [:])
        let survived = ExecutionClass(id: "C2", supports: [["crash:host:a", "crash:host:c", "delay:edge:a->c"]],
                                      executions: [ClassMember(execution: "run2/e1", bindings: [:]), ClassMember(execution: "run2/e2", bindings: [:])],
                                      alternatives: [], evidence: [:])
        let model = Self.model([baseline, survived], points: ["crash:host:a", "crash:host:b", "crash:host:c", "delay:edge:a->b~T1", "delay:edge:a->c"])
        let facts = Self.facts(executions: 3)
        let kept = "error:edge:a->b~T1"
        let tried = Experiment.id(faults: ["delay:edge:a->b~T1"])
        let plan = try ExperimentPlanner.plan(model: model, facts: facts,
                                              options: PlanOptions(accepted: ["crash:host:a"], exclude: [tried], held: ["run2/": [kept]]))
        let deeper = try #require(plan.experiments.first { $0.faults.contains { $0.point == "delay:edge:a->c" } })
        #expect(deeper.faultSet == [kept, "delay:edge:a->c"].sorted() && deeper.rationale.text.hasPrefix("Keeps \(kept)"))
        #expect(deeper.appliesTo.sample == ["run2/e1", "run2/e2"])
        #expect(plan.experiments.first == deeper, "it goes deeper before the stand-ins of the tried set")
        #expect(!plan.experiments.contains { $0.faultSet == ["delay:edge:a->c"] }, "not cut alone")
        let small = try ExperimentPlanner.plan(model: model, facts: facts,
                                               options: PlanOptions(budget: 1, accepted: ["crash:host:a"], exclude: [tried], held: ["run2/": [kept]]))
        #expect(!small.experiments.contains { $0.faults.contains { $0.point.contains("a->c") } }, "over the budget")
    }

    /// Runs whose faults left the same support share a class; each run's faults are kept on their own.
    /// A class the baseline shows too is cut alone.
    @Test func aClassSharedByRunsThatHeldIsCutOnTopOfEachRunsFaults() throws {
        let shared = ExecutionClass(id: "C1", supports: [["crash:host:a", "crash:host:c", "delay:edge:a->c"]],
                                    executions: [ClassMember(execution: "run2/e1", bindings: [:]),
                                                 ClassMember(execution: "run3/e1", bindings: [:]), ClassMember(execution: "run3/e2", bindings: [:])],
                                    alternatives: [], evidence: [:])
        let model = Self.model([shared], points: ["crash:host:a", "crash:host:c", "delay:edge:a->b", "delay:edge:a->c"])
        let facts = Self.facts(executions: 4)
        let held = ["run2/": ["drop:edge:a->b"], "run3/": ["error:edge:a->b"]]
        let plan = try ExperimentPlanner.plan(model: model, facts: facts, options: PlanOptions(accepted: ["crash:host:a"], held: held))
        let cuts = plan.experiments.filter { $0.faults.contains { $0.point == "delay:edge:a->c" } }
        #expect(Set(cuts.map(\.faultSet)) == [["delay:edge:a->c", "drop:edge:a->b"], ["delay:edge:a->c", "error:edge:a->b"]],
                "\(cuts.map(\.faultSet))")
        #expect(cuts.first { $0.faultSet.contains("drop:edge:a->b") }?.appliesTo.sample == ["run2/e1"])
        #expect(cuts.first { $0.faultSet.contains("error:edge:a->b") }?.appliesTo.sample == ["run3/e1", "run3/e2"])
        var withBaseline = model
        withBaseline.outcomes[0].classes[0].executions = ClassMembers([ClassMember(execution: "e9", bindings: [:])]
                                                                      + withBaseline.outcomes[0].classes[0].executions)
        let alone = try ExperimentPlanner.plan(model: withBaseline, facts: facts, options: PlanOptions(accepted: ["crash:host:a"], held: held))
        #expect(alone.experiments.map(\.faultSet) == [["delay:edge:a->c"]], "\(alone.experiments.map(\.faultSet))")
        // A delay run that held keeps nothing (`LoopState.heldFaults` lists it empty): its executions in
        // the class do not make it the baseline's; each run with faults is still cut on top of them.
        var withDelayRun = model
        withDelayRun.outcomes[0].classes[0].executions = ClassMembers(withDelayRun.outcomes[0].classes[0].executions
                                                                      + [ClassMember(execution: "run4/e1", bindings: [:])])
        let delayed = try ExperimentPlanner.plan(model: withDelayRun, facts: facts,
                                                 options: PlanOptions(accepted: ["crash:host:a"], held: held.merging(["run4/": []]) { a, _ in a }))
        let deeper = delayed.experiments.filter { $0.faults.contains { $0.point == "delay:edge:a->c" } }
        #expect(Set(deeper.map(\.faultSet)) == [["delay:edge:a->c"], ["delay:edge:a->c", "drop:edge:a->b"], ["delay:edge:a->c", "error:edge:a->b"]],
                "\(deeper.map(\.faultSet))")
        #expect(deeper.first { $0.faultSet == ["delay:edge:a->c"] }?.appliesTo.sample == ["run4/e1"])
    }

    /// A run that survived losing one replica is taken further by losing a sibling replica the same way,
    /// rather than by the usually preferred edge delay.
    @Test func aKeptFaultIsRepeatedOnASiblingReplicaFirst() throws {
        let survived = ExecutionClass(id: "C1", supports: [["crash:host:client", "crash:host:kv-2", "crash:host:kv-3", "delay:edge:client->kv-2",
                                                            "delay:edge:client->kv-3"]],
                                      executions: [ClassMember(execution: "run2/e1", bindings: [:])], alternatives: [], evidence: [:])
        let model = Self.model([survived], points: ["crash:host:client", "crash:host:kv-1", "crash:host:kv-2", "crash:host:kv-3", "delay:edge:client->kv-2", "delay:edge:client->kv-3"])
        let facts = Self.facts(executions: 1)
        let plan = try ExperimentPlanner.plan(model: model, facts: facts,
                                              options: PlanOptions(accepted: ["crash:host:client"], held: ["run2/": ["crash:host:kv-1"]]))
        // One support: every point makes the same cut, one hypothesis; its fault is the sibling's crash.
        #expect(plan.experiments.map(\.faultSet) == [["crash:host:kv-1", "crash:host:kv-2"]], "\(plan.experiments.map(\.faultSet))")
        let edgeFirst = try ExperimentPlanner.plan(model: model, facts: facts,
                                                   options: PlanOptions(accepted: ["crash:host:client"], held: ["run2/": ["crash:host:client"]]))
        #expect(edgeFirst.experiments.first?.faultSet.contains("delay:edge:client->kv-2") == true, "no sibling: the usual rank")
    }

    /// Of two sibling hosts (one service) that could repeat a kept crash, the one called by the same
    /// hosts as the crashed one goes first: kafka's other follower, called by the leader like the
    /// crashed follower, not the leader, called by the producer. Without call counts, the smaller id.
    @Test func theSiblingCalledLikeTheKeptOneStandsInForIt() throws {
        let survived = ExecutionClass(id: "C1", supports: [["crash:host:kafka-1", "crash:host:kafka-3"]],
                                      executions: [ClassMember(execution: "run2/e1", bindings: [:])], alternatives: [], evidence: [:])
        let model = Self.model([survived], points: ["crash:host:kafka-1", "crash:host:kafka-2", "crash:host:kafka-3"])
        func edge(_ from: String, _ to: String) -> EdgeFacts {
            EdgeFacts(from: from, to: to, calls: 10, measured: 10, longestWaitUs: 400, timeoutUs: nil, errors: [])
        }
        let facts = PlanFacts(executions: 1, idKinds: ["offset"], edges: [edge("producer-1", "kafka-1"), edge("kafka-1", "kafka-2"), edge("kafka-1", "kafka-3")],
                              hosts: [], requests: [])
        let options = PlanOptions(held: ["run2/": ["crash:host:kafka-2"]])
        let sets = try ExperimentPlanner.plan(model: model, facts: facts, options: options).experiments.map(\.faultSet)
        #expect(sets.first == ["crash:host:kafka-2", "crash:host:kafka-3"], "\(sets)")
        #expect(try ExperimentPlanner.plan(model: model, facts: Self.facts(executions: 1), options: options).experiments.first?.faultSet
                == ["crash:host:kafka-1", "crash:host:kafka-2"])
    }

    /// Within one hypothesis whose equivalents hold both siblings (one support: every point makes the
    /// same cut), the replica called like the kept one is the fault chosen.
    @Test func theSiblingCalledLikeTheKeptOneIsChosenAmongEquivalents() throws {
        let survived = ExecutionClass(id: "C1", supports: [["crash:host:kafka-1", "crash:host:kafka-3", "delay:edge:kafka-1->kafka-3"]],
                                      executions: [ClassMember(execution: "run2/e1", bindings: [:])], alternatives: [], evidence: [:])
        let model = Self.model([survived], points: ["crash:host:kafka-1", "crash:host:kafka-2", "crash:host:kafka-3", "delay:edge:kafka-1->kafka-3"])
        func edge(_ from: String, _ to: String) -> EdgeFacts {
            EdgeFacts(from: from, to: to, calls: 10, measured: 10, longestWaitUs: 400, timeoutUs: nil, errors: [])
        }
        let facts = PlanFacts(executions: 1, idKinds: ["offset"], edges: [edge("producer-1", "kafka-1"), edge("kafka-1", "kafka-2"), edge("kafka-1", "kafka-3")],
                              hosts: [], requests: [])
        let sets = try ExperimentPlanner.plan(model: model, facts: facts, options: PlanOptions(held: ["run2/": ["crash:host:kafka-2"]])).experiments.map(\.faultSet)
        #expect(sets == [["crash:host:kafka-2", "crash:host:kafka-3"]], "\(sets)")
    }

    /// Stand-ins replace an edge delay's kind by the edge's error or drop; a sibling replica's crash is
    /// never what they replace (no error of a host).
    @Test func standInsOfAKeptRunStayOnTheEdges() throws {
        let survived = ExecutionClass(id: "C1", supports: [["crash:host:kv-2", "delay:edge:client->kv-2"]],
                                      executions: [ClassMember(execution: "run2/e1", bindings: [:])], alternatives: [], evidence: [:])
        let model = Self.model([survived], points: ["crash:host:kv-1", "crash:host:kv-2", "delay:edge:client->kv-2"])
        let facts = Self.facts(executions: 1)
        let tried = [["crash:host:kv-1", "crash:host:kv-2"], ["crash:host:kv-1", "delay:edge:client->kv-2"]].map { Experiment.id(faults: $0) }
        let plan = try ExperimentPlanner.plan(model: model, facts: facts,
                                              options: PlanOptions(exclude: Set(tried), held: ["run2/": ["crash:host:kv-1"]]))
        let sets = plan.experiments.map(\.faultSet)
        #expect(!sets.isEmpty && sets.allSatisfy { $0.first == "crash:host:kv-1" }, "\(sets)")
        #expect(sets.joined().allSatisfy { !$0.hasPrefix("error:") && !$0.hasPrefix("drop:") || $0.contains(":edge:") }, "\(sets)")
        #expect(sets == [["crash:host:kv-1", "drop:edge:client->kv-2"]], "the first stand-in: the edge's drop; \(sets)")
    }

    /// A kept drop of a call is repeated as the drop of the same kind of call to a sibling replica, not
    /// as that call's delay.
    @Test func aKeptDropIsRepeatedAsADropOnTheSibling() throws {
        let survived = ExecutionClass(id: "C1", supports: [["crash:host:kv-2", "delay:edge:client->kv-2~W", "delay:edge:client->kv-3~R"]],
                                      executions: [ClassMember(execution: "run2/e1", bindings: [:])], alternatives: [], evidence: [:])
        let model = Self.model([survived], points: ["crash:host:kv-2", "delay:edge:client->kv-2~W", "delay:edge:client->kv-3~R"])
        let facts = Self.facts(executions: 1)
        let plan = try ExperimentPlanner.plan(model: model, facts: facts, options: PlanOptions(held: ["run2/": ["drop:edge:client->kv-1~W"]]))
        #expect(plan.experiments.map(\.faultSet) == [["drop:edge:client->kv-1~W", "drop:edge:client->kv-2~W"]], "\(plan.experiments.map(\.faultSet))")
    }

    /// On top of a kept drop, a new fault on the same call adds nothing (the set is the run that held),
    /// and a stand-in delay of the sibling's call takes the kept drop's kind: once that set was tried,
    /// the next stand-in is the sibling's error, not its delay.
    @Test func nothingNewOnAKeptCallAndNoDelayBesideAKeptDrop() throws {
        let survived = ExecutionClass(id: "C1", supports: [["delay:edge:client->kv-2~W", "delay:edge:client->kv-3~W"]],
                                      executions: [ClassMember(execution: "run2/e1", bindings: [:])], alternatives: [], evidence: [:])
        let model = Self.model([survived], points: ["delay:edge:client->kv-2~W", "delay:edge:client->kv-3~W"])
        let facts = Self.facts(executions: 1)
        let kept = "drop:edge:client->kv-2~W"
        let tried = Experiment.id(faults: [kept, "drop:edge:client->kv-3~W"])
        let plan = try ExperimentPlanner.plan(model: model, facts: facts, options: PlanOptions(exclude: [tried], held: ["run2/": [kept]]))
        let sets = plan.experiments.map(\.faultSet)
        #expect(!sets.contains { set in set.contains(kept) && set.contains { $0 != kept && $0.contains("client->kv-2") } }, "\(sets)")
        #expect(!sets.contains([kept, "delay:edge:client->kv-3~W"].sorted()), "\(sets)")
        #expect(sets.contains([kept, "error:edge:client->kv-3~W"].sorted()), "\(sets)")
    }

    /// Within a number of new faults, a set that keeps a held run's faults comes before the sets that
    /// keep none, however the hypotheses rank (an edge delay usually first).
    @Test func aSetKeepingAHeldRunsFaultsComesBeforeFreshOnes() throws {
        let baseline = ExecutionClass(id: "C1", supports: [["crash:host:x", "delay:edge:x->y"]],
                                      executions: [ClassMember(execution: "e1", bindings: [:])], alternatives: [], evidence: [:])
        let survived = ExecutionClass(id: "C2", supports: [["crash:host:z"]],
                                      executions: [ClassMember(execution: "run2/e1", bindings: [:])], alternatives: [], evidence: [:])
        let model = Self.model([baseline, survived], points: ["crash:host:x", "crash:host:z", "delay:edge:x->y"])
        let plan = try ExperimentPlanner.plan(model: model, facts: Self.facts(executions: 2),
                                              options: PlanOptions(held: ["run2/": ["drop:edge:p->q"]]))
        let sets = plan.experiments.map(\.faultSet)
        #expect(sets.first == ["crash:host:z", "drop:edge:p->q"], "\(sets)")
        #expect(sets.contains(["delay:edge:x->y"]), "\(sets)")
    }

    /// On an edge with scoped points, the plain point stands for messages of none of its kinds (here a
    /// record misread as a message's first): an injector could only take every message of the edge, so
    /// plans go around it (the hypotheses still name it), and a support it is in is cut by other faults.
    @Test func thePlainRestOfAScopedEdgeIsPlannedAround() throws {
        let usual = ExecutionClass(id: "C1", supports: [["delay:edge:c->kv-2~W", "delay:edge:c->kv-3~W"]],
                                   executions: [ClassMember(execution: "e1", bindings: [:]), ClassMember(execution: "e2", bindings: [:])],
                                   alternatives: [], evidence: [:])
        let misread = ExecutionClass(id: "C2", supports: [["crash:host:kv-3", "delay:edge:c->kv-3"], ["crash:host:kv-1"]],
                                     executions: [ClassMember(execution: "e3", bindings: [:])], alternatives: [], evidence: [:])
        let model = Self.model([usual, misread], points: ["crash:host:kv-1", "crash:host:kv-3", "delay:edge:c->kv-2~W", "delay:edge:c->kv-3",
                                                            "delay:edge:c->kv-3~W"])
        #expect(ExperimentPlanner.unscopedRests(model) == ["delay:edge:c->kv-3", "error:edge:c->kv-3", "drop:edge:c->kv-3"])
        let hypotheses = Hypothesizer.report(for: model)
        #expect(hypotheses.hypotheses.contains { $0.faultIDs.contains("delay:edge:c->kv-3") }, "the hypotheses name it")
        let plan = try ExperimentPlanner.plan(model: model, facts: Self.facts(executions: 3))
        let sets = plan.experiments.map(\.faultSet)
        #expect(!sets.isEmpty && !sets.joined().contains { $0.hasSuffix(":edge:c->kv-3") }, "\(sets)")
        #expect(sets.contains(["crash:host:kv-1", "crash:host:kv-3"]), "\(sets)")
        #expect(plan.accepted.isEmpty, "only what the user accepted is listed")
        // Where the edge has no scoped point, its plain point is planned as before.
        let plain = Self.model([ExecutionClass(id: "C1", supports: [["delay:edge:c->kv-3"]], executions: [ClassMember(execution: "e1", bindings: [:])],
                                               alternatives: [], evidence: [:])], points: ["delay:edge:c->kv-3"])
        #expect(ExperimentPlanner.unscopedRests(plain).isEmpty)
        #expect(try ExperimentPlanner.plan(model: plain, facts: Self.facts(executions: 1)).experiments.first?.faultSet == ["delay:edge:c->kv-3"])
    }

    /// A crash timed right after the event a replica answers a write with first, beside a fault on those
    /// writes to it, acts on one handling: the drop keeps the crash from firing. A fault on messages the
    /// crashed host sends from a record it logs no earlier than the crash's event is moot too: the crash
    /// stops them before they leave. The crash is tried at the host's next moment instead; a crash after
    /// another event (the reads) stays, and so does a fault on what the host sent before it crashed.
    @Test func noCrashThatMakesAnotherFaultMoot() throws {
        let write = FaultTiming(kind: "after_event", host: "kv-1", eventType: "W", template: "stored <*>", match: "stored ")
        let read = FaultTiming(kind: "after_event", host: "kv-1", eventType: "R", template: "get <*>", match: "get ")
        func instance(_ ids: [String], _ timings: [FaultTiming?]) -> ExperimentPlanner.Instance {
            ExperimentPlanner.Instance(cls: "C1", concrete: ids, roles: ids, members: [], all: [], cuts: [], timings: timings)
        }
        let hooks = HostFacts(host: "kv-1", service: "kv", namespace: nil, resolutionUs: 1, longestGapUs: 100, gaps: 4,
                              events: [HostEvent(type: "W", template: "stored <*>", executions: 4, first: 3),
                                       HostEvent(type: "R", template: "get <*>", executions: 4, first: 1, position: 1)])
        // kv-1 sends its copy to kv-2 after the write (`W`), and answers the client's reads after `R`.
        let copy = EdgeFacts(from: "kv-1", to: "kv-2", calls: 4, measured: 4, longestWaitUs: 300, timeoutUs: nil, errors: [], sender: "W")
        let answer = EdgeFacts(from: "kv-1", to: "c", calls: 4, measured: 4, longestWaitUs: 300, timeoutUs: nil, errors: [],
                               kinds: [MessageKindFacts(type: "A", calls: 2, fields: [:], sender: "R"),
                                       MessageKindFacts(type: "B", calls: 2, fields: [:], sender: "W")])
        let facts = PlanFacts(executions: 4, idKinds: ["req"], edges: [answer, copy], hosts: [hooks], requests: [])
        func moot(_ ids: [String], _ timing: FaultTiming) -> Bool { ExperimentPlanner.hasMootFault(instance(ids, [timing, nil]), facts: facts) }
        #expect(moot(["crash:host:kv-1", "drop:edge:c->kv-1~W"], write))
        #expect(moot(["crash:host:kv-1", "delay:edge:c->kv-1~W"], write))
        #expect(!moot(["crash:host:kv-1", "drop:edge:c->kv-1~W"], read))
        #expect(!moot(["crash:host:kv-1", "drop:edge:c->kv-2~W"], write))
        #expect(moot(["crash:host:kv-1", "drop:edge:kv-1->kv-2"], write), "sent from W: the crash right after W stops it")
        #expect(!moot(["crash:host:kv-1", "drop:edge:kv-1->kv-2"], read), "sent before the crash")
        #expect(moot(["crash:host:kv-1", "error:edge:kv-1->c~A"], write) && moot(["crash:host:kv-1", "error:edge:kv-1->c~A"], read))
        #expect(!moot(["crash:host:kv-1", "error:edge:kv-1->c~B"], read))
        #expect(moot(["crash:host:kv-1", "drop:edge:kv-1->kv-2~X"], write), "a kind the facts lack: the edge's sender")
        #expect(!moot(["crash:host:kv-1", "drop:edge:kv-1->kv-3"], write), "no facts of the edge: left alone")
        let planned = try #require(ExperimentPlanner.firstUntried(instance(["crash:host:kv-1", "drop:edge:c->kv-1~W"], []), points: [:], facts: facts, exclude: []))
        #expect(planned.timings.first??.eventType == "R", "\(planned.timings)")
        let alone = try #require(ExperimentPlanner.firstUntried(instance(["crash:host:kv-1"], []), points: [:], facts: facts, exclude: []))
        #expect(alone.timings.first??.eventType == "W", "a crash alone keeps its first moment")
        #expect(ExperimentPlanner.firstUntried(instance(["crash:host:kv-1", "drop:edge:kv-1->c~A"], []), points: [:], facts: facts, exclude: []) == nil,
                "every moment makes the drop moot")
    }

    /// The facts' sending record of each kind of message, on the testbed's two-phase commit: the
    /// coordinator sends a participant its prepare from its `prepare … -> …` record and the commit from
    /// its `decision` record (its latest record linked to each receipt, not the first linked).
    @Test func factsKeepTheRecordEachKindOfMessageIsSentFrom() throws {
        let out = TestPaths.scratch() + "/2pc"
        let made = try Python3.run(["Samples/testbed/testbed.py", "run", "--system", "2pc", "--variant", "correct", "--seed", "1",
                                    "--executions", "40", "--out", out])
        try #require(made.status == 0, "\(made.output)")
        let state = out + "/state"
        let run = try CLI.run(["plan", "-q", "--outcome", "commit txn", "--state", state, out + "/logs"])
        try #require(run.status == 0, "\(run.stderr)")
        let plan = try ExperimentPlan.read(run.stdout, path: "plan")
        let model = try JSONDecoder().decode(PlanModel.self, from: Data(contentsOf: URL(fileURLWithPath: "\(state)/models/\(plan.model.digest).json")))
        let templates = Dictionary(model.facts.hosts.flatMap(\.events).map { ($0.type, $0.template) }, uniquingKeysWith: { a, _ in a })
        let edge = try #require(model.facts.edge(from: "tpc-coord", to: "tpc-p1"))
        let senders = Dictionary((edge.kinds ?? []).map { (templates[$0.type] ?? "", templates[$0.sender ?? ""] ?? "") }, uniquingKeysWith: { a, _ in a })
        #expect(senders.first { $0.key.hasPrefix("commit") }?.value.hasPrefix("decision") == true, "\(senders)")
        #expect(senders.first { $0.key.hasPrefix("prepare") }?.value.hasPrefix("prepare <*> -> ") == true, "\(senders)")
        #expect(templates[edge.sender ?? ""]?.hasPrefix("prepare <*> -> ") == true)
    }

    /// Among edges that make the same cut, the one called most often is delayed first (a rarely seen
    /// edge may be a misread order); with no counts, the smallest id.
    @Test func theMostCalledOfEquivalentEdgesComesFirst() throws {
        let cls = ExecutionClass(id: "C1", supports: [["delay:edge:a->b", "delay:edge:a->c"]],
                                 executions: [ClassMember(execution: "e1", bindings: [:])], alternatives: [], evidence: [:])
        let model = Self.model([cls], points: ["delay:edge:a->b", "delay:edge:a->c"])
        func edge(_ to: String, _ calls: Int) -> EdgeFacts {
            EdgeFacts(from: "a", to: to, calls: calls, measured: calls, longestWaitUs: 400, timeoutUs: nil, errors: [])
        }
        let counted = PlanFacts(executions: 1, idKinds: ["req"], edges: [edge("b", 3), edge("c", 40)], hosts: [], requests: [])
        #expect(try ExperimentPlanner.plan(model: model, facts: counted).experiments.first?.faultSet == ["delay:edge:a->c"])
        #expect(try ExperimentPlanner.plan(model: model, facts: Self.facts(executions: 1)).experiments.first?.faultSet == ["delay:edge:a->b"])
    }

    /// A model of one outcome (`done`) with `classes` and the fault points `points`.
    static func model(_ classes: [ExecutionClass], points: [String]) -> RedundancyModel {
        let outcome = OutcomeModel(outcome: OutcomeSpec(pattern: "done"), eventTypes: ["done"],
                                   supportingExecutions: classes.reduce(0) { $0 + $1.executions.count }, notApplicable: 0,
                                   failed: [], classes: classes)
        return RedundancyModel(outcomes: [outcome], faultPoints: points.map(ExperimentPlanner.parse).sorted(), modelEdges: [])
    }

    /// Facts of `executions` executions with no edges, hosts or requests measured.
    static func facts(executions: Int) -> PlanFacts {
        PlanFacts(executions: executions, idKinds: ["req"], edges: [], hosts: [], requests: [])
    }
}
