import Foundation
import Testing
@testable import AriadneCore

/// The planner on hand-made models: ids, merging, concrete targets, roles, timing, delays, request classes.
@Suite struct ExperimentPlannerTests {
    static func point(_ id: String) -> FaultPoint { ExperimentPlanner.parse(id) }

    /// Two classes whose only hypothesis is the same edge delay standing for different crashes, plus a
    /// replicated role bound to db-1 in three of its four executions.
    static func model() -> RedundancyModel {
        let c1 = ExecutionClass(id: "C1", supports: [["crash:service:api", "crash:service:db", "delay:edge:api->db"]],
                                executions: [ClassMember(execution: "e1", bindings: [:]), ClassMember(execution: "e2", bindings: [:])],
                                alternatives: [], evidence: [:])
        let c2 = ExecutionClass(id: "C2", supports: [["crash:service:api", "crash:service:lb", "delay:edge:api->db"]],
                                executions: [ClassMember(execution: "e3", bindings: [:])], alternatives: [], evidence: [:])
        let write = OutcomeModel(outcome: OutcomeSpec(pattern: "stored"), eventTypes: ["stored"], supportingExecutions: 3,
                                 notApplicable: 0, failed: [], classes: [c1, c2])
        let members = ["w1": "db-1", "w2": "db-1", "w3": "db-1", "w4": "db-2"].sorted { $0.key < $1.key }.map {
            ClassMember(execution: $0.key, bindings: ["crash:role:db#1": "crash:host:\($0.value)"])
        }
        let replicated = OutcomeModel(outcome: OutcomeSpec(pattern: "acked"), eventTypes: ["acked"], supportingExecutions: 4,
                                      notApplicable: 0, failed: [],
                                      classes: [ExecutionClass(id: "C1", supports: [["crash:role:db#1"]], executions: members,
                                                               alternatives: [], evidence: [:])])
        let ids = ["crash:service:api", "crash:service:db", "crash:service:lb", "delay:edge:api->db", "crash:role:db#1",
                   "crash:host:db-1", "crash:host:db-2"]
        return RedundancyModel(outcomes: [write, replicated], faultPoints: ids.map(point).sorted(), modelEdges: [])
    }

    static func facts(timeoutUs: Int64? = nil) -> PlanFacts {
        let requests = [("w1", "/write"), ("w2", "/write"), ("w3", "/write"), ("w4", "/admin/write"), ("e1", "/put"), ("e2", "/put"), ("e3", "/put")]
            .map { RequestFacts(execution: $0.0, fields: ["path": $0.1, "method": "POST"]) }
        return PlanFacts(executions: 7, idKinds: ["req"],
                         edges: [EdgeFacts(from: "api", to: "db", calls: 12, measured: 10, longestWaitUs: 7_500, timeoutUs: timeoutUs,
                                           errors: [ErrorFacts(status: "503", exception: nil, trigger: "error", template: "db answered 503", count: 2)])],
                         hosts: [HostFacts(host: "db-1", service: "db", namespace: "shop", resolutionUs: 1, longestGapUs: 900, gaps: 9,
                                           events: [HostEvent(type: "T1", template: "accepted write <*> (v<*>)", executions: 3, first: 3),
                                                    HostEvent(type: "T2", template: "fsync <*>", executions: 3, first: 0, position: 1.5)])],
                         requests: requests.sorted { $0.execution < $1.execution })
    }

    @Test func idDependsOnTheFaultSetOnly() {
        let a = Experiment.id(faults: ["crash:host:a", "delay:edge:a->b"])
        #expect(a == Experiment.id(faults: ["delay:edge:a->b", "crash:host:a", "crash:host:a"]))
        #expect(a.hasPrefix("x-") && a.count == 14 && a.dropFirst(2).allSatisfy { $0.isHexDigit && !$0.isUppercase })
        var rng = SplitMix64(seed: 7)
        var seen: [String: [String]] = [:]
        for _ in 0..<3000 {
            let set = Set((0..<Int.random(in: 1...3, using: &rng)).map { _ in "crash:host:h\(Int.random(in: 0..<40, using: &rng))" }).sorted()
            let id = Experiment.id(faults: set.shuffled(using: &rng))
            if let other = seen[id] { #expect(other == set, "\(other) and \(set) share \(id)") }
            seen[id] = set
        }
        #expect(seen.count > 1000)
    }

    @Test func hypothesesOfSeveralClassesWithOneFaultSetAreOneExperiment() throws {
        let model = Self.model()
        let report = Hypothesizer.report(for: model)
        let edge = report.hypotheses.filter { $0.faultIDs == ["delay:edge:api->db"] }
        #expect(edge.count == 1 && edge[0].byClass.count == 2, "one row, equivalents per class")
        let plan = try ExperimentPlanner.plan(model: model, facts: Self.facts())
        let experiments = plan.experiments.filter { $0.faultSet == ["delay:edge:api->db"] }
        let experiment = try #require(experiments.first)
        #expect(experiments.count == 1)
        #expect(Set(plan.experiments.map(\.id)).count == plan.experiments.count)
        #expect(experiment.hypotheses.map(\.hypothesis).sorted() == edge.map(\.id).sorted())
        #expect(Set(experiment.hypotheses.flatMap { $0.byClass.flatMap { $0.of("delay:edge:api->db") } })
            == ["crash:service:api", "crash:service:db", "crash:service:lb"])
        #expect(experiment.hypotheses.allSatisfy { $0.equivalents["delay:edge:api->db"] == ["crash:service:api"] })
        #expect(experiment.appliesTo.executions == 3 && experiment.appliesTo.classes.map(\.class) == ["C1", "C2"])
        let fault = try #require(experiment.faults.first)
        #expect(fault.kind == "delay" && fault.target.kind == "edge" && fault.target.from == "api" && fault.target.to == "db")
        #expect(fault.alternatives.first { $0.kind == "error" }?.status == "503")
        #expect(experiment.rationale.text.contains("'stored'") && experiment.rationale.cutCount == 2)
    }

    /// A hypothesis injected through an equivalent of its fault (the same cut, a smaller concrete id):
    /// the rationale says what is injected for what, and does not when the fault is its own.
    @Test func aFaultInjectedForAnEquivalentIsNamedInTheRationale() throws {
        func plan(lb: String) throws -> Experiment {
            let members = ["e1", "e2", "e3"].map {
                ClassMember(execution: $0, bindings: ["delay:edge:api->db": "delay:edge:api-\($0)->db-1", "delay:edge:lb->api": "delay:edge:\(lb)->api-\($0)"])
            }
            let c1 = ExecutionClass(id: "C1", supports: [["delay:edge:lb->api", "delay:edge:api->db"]], executions: members,
                                    alternatives: [], evidence: [:])
            let outcome = OutcomeModel(outcome: OutcomeSpec(pattern: "stored"), eventTypes: ["stored"], supportingExecutions: 3,
                                       notApplicable: 0, failed: [], classes: [c1])
            let ids = ["delay:edge:api->db", "delay:edge:lb->api"] + members.flatMap { $0.bindings.values }
            let model = RedundancyModel(outcomes: [outcome], faultPoints: ids.map(Self.point).sorted(), modelEdges: [])
            return try #require(try ExperimentPlanner.plan(model: model, facts: Self.facts()).experiments.first)
        }
        let standIn = try plan(lb: "a-lb")
        #expect(standIn.hypotheses.map(\.faults) == [["delay:edge:api->db"]] && standIn.faults.map(\.rolePoint) == ["delay:edge:lb->api"])
        #expect(standIn.rationale.text.hasSuffix("a single point of failure. Injected as delay:edge:a-lb->api-e1 (delay:edge:lb->api), "
                                                 + "which cuts exactly the same supports in these classes."), "\(standIn.rationale.text)")
        let own = try plan(lb: "z-lb")
        #expect(own.faults.map(\.rolePoint) == ["delay:edge:api->db"] && !own.rationale.text.contains("Injected as"), "\(own.rationale.text)")
    }

    @Test func delaysArePastTheLongestWaitOrTheLoggedTimeout() throws {
        let wait = try ExperimentPlanner.plan(model: Self.model(), facts: Self.facts())
        let fault = try #require(wait.experiments.flatMap(\.faults).first { $0.kind == "delay" })
        #expect(fault.ms == 30 && fault.delay?.basis == "wait" && fault.delay?.longestWaitMs == 7.5 && fault.delay?.observed == 10)
        let timeout = try ExperimentPlanner.plan(model: Self.model(), facts: Self.facts(timeoutUs: 12_000),
                                                 options: PlanOptions(delayMargin: 2))
        let timed = try #require(timeout.experiments.flatMap(\.faults).first { $0.kind == "delay" })
        #expect(timed.ms == 24 && timed.delay?.basis == "timeout" && timed.delay?.timeoutMs == 12)
        #expect(timeout.delayRule.contains("ceil(2 ×"))
    }

    @Test func replicatedRoleBecomesItsMostFrequentHostWithItsShareAndHook() throws {
        let plan = try ExperimentPlanner.plan(model: Self.model(), facts: Self.facts())
        let experiment = try #require(plan.experiments.first { $0.outcomes == ["acked"] })
        let fault = try #require(experiment.faults.first)
        #expect(fault.point == "crash:host:db-1" && fault.rolePoint == "crash:role:db#1" && fault.role == "db#1")
        #expect(fault.roleShare == 0.75)
        #expect(fault.target == FaultTarget(kind: "host", host: "db-1", service: "db", namespace: "shop"))
        #expect(fault.timing.kind == "after_event" && fault.timing.host == "db-1" && fault.timing.eventType == "T1")
        #expect(fault.timing.match == #"accepted write .*? \(v.*?\)"#)
        #expect(fault.hooks == [FaultTiming(kind: "after_event", host: "db-1", eventType: "T2", template: "fsync <*>", match: "fsync ", share: 1)])
        #expect(experiment.appliesTo.executions == 3 && experiment.appliesTo.sample == ["w1", "w2", "w3"])
        // The three executions on db-1 are the /write requests: the path selects them.
        #expect(experiment.appliesTo.requestClass.selectable && experiment.appliesTo.requestClass.field == "path")
        #expect(experiment.appliesTo.requestClass.values == ["/write"] && experiment.appliesTo.requestClass.method == "POST")
    }

    /// A crash that held right after its host's first event is tried next right after the host's other
    /// events, each moment its own id; once every moment was tried the crash is not proposed again.
    @Test func aCrashTriedAtOneMomentComesBackAtTheNext() throws {
        let plan = try ExperimentPlanner.plan(model: Self.model(), facts: Self.facts())
        let first = try #require(plan.experiments.first { $0.faults.map(\.point) == ["crash:host:db-1"] })
        #expect(first.faultSet == ["crash:host:db-1@after:T1"] && first.id == Experiment.id(faults: first.faultSet))
        #expect(first.faults[0].display == "crash:host:db-1 after 'accepted write <*> (v<*>)'")
        let next = try ExperimentPlanner.plan(model: Self.model(), facts: Self.facts(), options: PlanOptions(exclude: [first.id]))
        let retimed = try #require(next.experiments.first { $0.faults.map(\.point) == ["crash:host:db-1"] })
        #expect(retimed.id != first.id && retimed.faultSet == ["crash:host:db-1@after:T2"])
        #expect(retimed.faults[0].timing.eventType == "T2" && retimed.faults[0].hooks.map(\.eventType) == ["T1"])
        #expect(retimed.rank == next.experiments.firstIndex { $0.id == retimed.id }! + 1)
        let last = try ExperimentPlanner.plan(model: Self.model(), facts: Self.facts(), options: PlanOptions(exclude: [first.id, retimed.id]))
        #expect(!last.experiments.contains { $0.faults.map(\.point) == ["crash:host:db-1"] })
    }

    @Test func requestClassIsNotSelectableWhenOtherExecutionsShareItsValues() {
        var facts = Self.facts()
        facts.requests = facts.requests.map { RequestFacts(execution: $0.execution, fields: ["path": "/write"]) }
        let chosen = ExperimentPlanner.requestClass(["w1", "w2"], facts: facts)
        #expect(!chosen.selectable && chosen.field == nil && chosen.values.isEmpty && chosen.note.contains("path"))
        facts.requests = []
        #expect(ExperimentPlanner.requestClass(["w1"], facts: facts).note.contains("nothing in the logs"))
    }

    @Test func excludedSetsAreNotProposedAgainAndRanksStayDense() throws {
        let plan = try ExperimentPlanner.plan(model: Self.model(), facts: Self.facts())
        let first = try #require(plan.experiments.first)
        let next = try ExperimentPlanner.plan(model: Self.model(), facts: Self.facts(), options: PlanOptions(exclude: [first.id]))
        #expect(!next.experiments.contains { $0.id == first.id } && next.excluded == [first.id])
        #expect(next.experiments.map(\.rank) == Array(1...next.experiments.count))
        // The others keep their order; the excluded set's hypotheses come back only through untried
        // equivalents or variants making the same cut.
        let others = Array(plan.experiments.dropFirst().map(\.id))
        #expect(next.experiments.map(\.id).filter(others.contains) == others)
        for extra in next.experiments where !others.contains(extra.id) {
            #expect(Set(extra.hypotheses.map(\.hypothesis)).isSubset(of: Set(first.hypotheses.map(\.hypothesis))), "\(extra.id) stands for \(extra.hypotheses.map(\.hypothesis))")
            // Other faults standing in for the tried set come after the sets of as many faults not tried yet.
            if extra.faults.map(\.point) != first.faults.map(\.point) {
                #expect(!next.experiments.contains { others.contains($0.id) && $0.faults.count == extra.faults.count && $0.rank > extra.rank })
            }
        }
        #expect(next.id != plan.id)
    }

    /// Once an edge delay held, its hypothesis comes back with the crashes that make the same cut (the
    /// hosts at either end) before the same edge's error and drop: a delay that held met a recovery an
    /// error or a drop of that call most likely meets too, while a crash also loses the host's later work.
    @Test func crashEquivalentsComeBeforeTheEdgesErrorAndDrop() throws {
        let members = [ClassMember(execution: "e1", bindings: [:]), ClassMember(execution: "e2", bindings: [:])]
        let cls = ExecutionClass(id: "C1", supports: [["crash:host:a", "crash:host:b", "delay:edge:a->b"]], executions: members,
                                 alternatives: [], evidence: [:])
        let outcome = OutcomeModel(outcome: OutcomeSpec(pattern: "done"), eventTypes: ["done"], supportingExecutions: 2,
                                   notApplicable: 0, failed: [], classes: [cls])
        let model = RedundancyModel(outcomes: [outcome], faultPoints: ["crash:host:a", "crash:host:b", "delay:edge:a->b"].map(Self.point).sorted(),
                                    modelEdges: [])
        let facts = PlanFacts(executions: 2, idKinds: ["req"], edges: [], hosts: [], requests: [])
        var tried: Set<String> = []
        var sequence: [String] = []
        while let next = try ExperimentPlanner.plan(model: model, facts: facts, options: PlanOptions(exclude: tried)).experiments.first {
            sequence.append(next.faults.map(\.point).joined(separator: "+"))
            tried.insert(next.id)
            if sequence.count > 10 { break }
        }
        #expect(sequence == ["delay:edge:a->b", "crash:host:a", "crash:host:b", "drop:edge:a->b", "error:edge:a->b"], "\(sequence)")
        // A one-way edge: its drop comes first and a delay, which exceeds no timeout, is never proposed.
        let oneWay = PlanFacts(executions: 2, idKinds: ["req"], edges: [EdgeFacts(from: "a", to: "b", calls: 2, measured: 2, longestWaitUs: 40,
                                                                                timeoutUs: nil, errors: [], oneWay: true)],
                               hosts: [], requests: [])
        tried = []
        sequence = []
        while let next = try ExperimentPlanner.plan(model: model, facts: oneWay, options: PlanOptions(exclude: tried)).experiments.first {
            sequence.append(next.faults.map(\.point).joined(separator: "+"))
            tried.insert(next.id)
            if sequence.count > 10 { break }
        }
        #expect(sequence == ["drop:edge:a->b", "crash:host:a", "crash:host:b", "error:edge:a->b"], "\(sequence)")
    }

    @Test func planJSONRoundTripsAndIsDeterministic() throws {
        let plan = try ExperimentPlanner.plan(model: Self.model(), facts: Self.facts())
        let json = try plan.json()
        #expect(json == (try ExperimentPlanner.plan(model: Self.model(), facts: Self.facts()).json()))
        #expect(try ExperimentPlan.read(Data(json.utf8), path: "plan.json") == plan)
        #expect(throws: PlanError.self) { try ExperimentPlan.read(Data("{}".utf8), path: "plan.json") }
    }

    /// The hook regex finds the template in every message it stands for, on random templates full of
    /// regex metacharacters (PCRE2, as injectors with Perl-like regexes read it).
    @Test func templateRegexFindsTheTemplateInItsMessages() throws {
        var rng = SplitMix64(seed: 11)
        let alphabet = Array("ab Z09_-=:/\\^$.|?*+()[]{}\"'")
        for _ in 0..<500 {
            let pieces = (0..<Int.random(in: 1...4, using: &rng)).map { _ in
                String((0..<Int.random(in: 0...6, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            }
            let template = pieces.joined(separator: "<*>")
            let message = pieces.map { $0 }.joined(separator: String((0..<3).map { _ in alphabet.randomElement(using: &rng)! }))
            let regex = ExperimentPlanner.templateRegex(template)
            guard !regex.isEmpty else { continue }
            let matcher = try CompiledRegex(regex).makeMatcher()
            #expect(try matcher.matches(message), "\(regex) on \(message)")
        }
    }
}
