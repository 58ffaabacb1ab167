import Foundation
import Testing
@testable import AriadneCore

@Suite struct HypothesizerTests {
    var line = 0

    mutating func ev(_ type: String, host: String? = nil, service: String, time: Int64? = nil, level: String = "INFO",
                     message: String? = nil, concerns: String? = nil) -> Event {
        line += 1
        return Event(source: SourceLocation(file: "t.log", line: line), time: time, host: host, service: service, level: level,
                     type: type, template: type, fields: concerns.map { [Field(name: "concerns", value: $0)] } ?? [],
                     message: message ?? type)
    }

    /// A block written to the given datanodes and reported stored by the namenode for each.
    mutating func block(_ id: String, _ datanodes: [String]) -> Execution {
        var events = [ev("allocate", service: "NN")]
        for dn in datanodes { events.append(ev("receive", host: dn, service: "DN$Xceiver")) }
        for dn in datanodes { events.append(ev("stored", service: "NN", concerns: dn)) }
        return Execution(id: id, ids: [], events: events)
    }

    let order = ExecutionOrder(bound: 1_000_000_000)

    /// A broadcast: the origin delivers, then sends to each receiver, which delivers.
    mutating func broadcast(_ id: String, receivers: [String], start: Int64) -> Execution {
        var events = [ev("deliver", host: "a", service: "node", time: start)]
        for (i, r) in receivers.enumerated() {
            events.append(ev("send", host: "a", service: "node", time: start + 10 + Int64(i) * 10))
            events.append(ev("deliver", host: r, service: "node", time: start + 15 + Int64(i) * 10))
        }
        return Execution(id: id, ids: [], events: events)
    }

    /// `POST on each host` is one outcome per host that logs it: a receiver's delivery is cut by the
    /// origin's message to it alone, and a receiver that misses it fails its own outcome only.
    @Test mutating func anOutcomeOnEachHostIsOneOutcomePerHost() throws {
        let spec = OutcomeSpec.parse("deliver on each host")
        #expect(spec.pattern == "deliver" && spec.perHost && spec.host == nil && spec.name == "deliver on each host")
        let conditional = OutcomeSpec.parse("deliver on each host if send")
        #expect(conditional.pattern == "deliver" && conditional.perHost && conditional.condition == "send")
        #expect(OutcomeSpec.parse(" on each host").pattern == "on each host", "nothing before the suffix: a plain pattern")
        let executions = [broadcast("m1", receivers: ["b", "c"], start: 0), broadcast("m2", receivers: ["b", "c"], start: 1000),
                          broadcast("m3", receivers: ["b"], start: 2000)]
        let model = try RedundancyModel.build(executions: executions, order: order, outcomes: [spec])
        #expect(model.outcomes.map(\.outcome.name) == ["deliver on a", "deliver on b", "deliver on c"])
        let c = try #require(model.outcomes.last)
        #expect(c.failed.map(\.execution) == ["m3"] && c.supportingExecutions == 2)
        let b = model.outcomes[1]
        #expect(b.failed.isEmpty && b.classes.allSatisfy { $0.supports.allSatisfy { !$0.contains { $0.contains(":c") } } })
        let whole = try RedundancyModel.build(executions: executions, order: order, outcomes: [OutcomeSpec(pattern: "deliver")])
        #expect(whole.outcomes.count == 1 && whole.outcomes[0].failed.isEmpty, "any delivery reaches the plain outcome")
        // A later run where c logs nothing still judges c's outcome, named by the earlier model.
        #expect(spec.expanded(as: model.outcomes.map(\.outcome.name)).map(\.host) == ["a", "b", "c"])
        #expect(conditional.expanded(as: ["deliver on b if send", "deliver on b", "other on c if send"]).map(\.host) == ["b"])
        #expect(OutcomeSpec.parse("deliver").expanded(as: ["deliver on b"]) == [OutcomeSpec(pattern: "deliver")])
        let encoded = try JSONEncoder().encode(model.outcomes[1].outcome)
        #expect(try JSONDecoder().decode(OutcomeSpec.self, from: encoded) == model.outcomes[1].outcome)
        #expect(!String(decoding: try JSONEncoder().encode(OutcomeSpec(pattern: "x")), as: UTF8.self).contains("per_host"))
    }

    @Test mutating func replicasAreAlternativesAndTheNamenodeIsASinglePointOfFailure() throws {
        let executions = [block("b1", ["d1", "d2", "d3"]), block("b2", ["d4", "d2", "d5"]), block("b3", ["d6"])]
        let model = try RedundancyModel.build(executions: executions, order: order, outcomes: [OutcomeSpec(pattern: "stored")])
        let outcome = try #require(model.outcomes.first)
        #expect(outcome.supportingExecutions == 3)
        #expect(outcome.classes.map(\.executions.count) == [2, 1])
        #expect(outcome.classes[0].supports == [
            ["crash:role:DN#1", "crash:service:NN"], ["crash:role:DN#2", "crash:service:NN"], ["crash:role:DN#3", "crash:service:NN"],
        ])
        #expect(outcome.classes[0].executions[1].bindings["crash:role:DN#1"] == "crash:host:d4")

        let report = Hypothesizer.report(for: model)
        #expect(report.hypotheses.map(\.faultIDs) == [
            ["crash:service:NN"], ["crash:role:DN#1"], ["crash:role:DN#1", "crash:role:DN#2", "crash:role:DN#3"],
        ])
        let spof = report.hypotheses[0]
        #expect(spof.impact == 1 && spof.breaks == 3 && spof.classes == ["C1", "C2"])
        let single = report.hypotheses[1]
        #expect(single.executions == ["b3"] && single.concrete == [ConcreteHypothesis(execution: "b3", faults: ["crash:host:d6"])])
        #expect(abs(single.impact - 1.0 / 3) < 1e-9)
        let triple = report.hypotheses[2]
        #expect(triple.executions == ["b1", "b2"] && triple.classes == ["C1"])
        #expect(triple.concrete.first?.faults == ["crash:host:d1", "crash:host:d2", "crash:host:d3"])
        #expect(triple.faults[0].cutCount == 1 && triple.faults[0].cuts == [CutSupport(class: "C1", support: ["crash:role:DN#1", "crash:service:NN"])])
        #expect(triple.faults[0].evidence.map(\.source) == ["t.log:5", "t.log:12"])
        #expect(report.hypotheses.map(\.id) == ["H1", "H2", "H3"])

        let limited = Hypothesizer.report(for: model, options: HypothesisOptions(budget: 2))
        #expect(limited.hypotheses.map(\.faultIDs) == [["crash:service:NN"], ["crash:role:DN#1"]])
        let accepted = Hypothesizer.report(for: model, options: HypothesisOptions(accepted: ["crash:service:NN"]))
        #expect(accepted.hypotheses.map(\.faultIDs) == [["crash:role:DN#1"], ["crash:role:DN#1", "crash:role:DN#2", "crash:role:DN#3"]])
        #expect(accepted.accepted == ["crash:service:NN"])
    }

    @Test mutating func failedAndConditionalExecutionsAreReportedNotUsed() throws {
        let ok = block("ok", ["d1"])
        let missed = Execution(id: "missed", ids: [], events: [ev("allocate", service: "NN"), ev("receive", host: "d1", service: "DN")])
        var crashed = block("crashed", ["d2"])
        crashed.events.append(ev("serve", host: "d2", service: "DN", level: "WARN", message: "Got exception while serving"))
        let unrelated = Execution(id: "unrelated", ids: [], events: [ev("delete", service: "NN")])
        // A last record that only warns did its work: no failure.
        var slow = block("slow", ["d3"])
        slow.events.append(ev("serve", host: "d3", service: "DN", level: "WARN", message: "served block, slow disk took 900ms"))
        let model = try RedundancyModel.build(executions: [ok, missed, crashed, unrelated, slow], order: order,
                                              outcomes: [OutcomeSpec.parse("stored if allocate")])
        let outcome = model.outcomes[0]
        #expect(outcome.outcome.condition == "allocate" && outcome.outcome.name == "stored if allocate")
        #expect(outcome.supportingExecutions == 2 && outcome.notApplicable == 1)
        #expect(outcome.failed.map(\.execution) == ["crashed", "missed"])
        #expect(outcome.failed.map(\.reason) == ["ended in error", "missed outcome"])
        #expect(throws: HypothesisError.self) {
            try RedundancyModel.build(executions: [ok], order: order, outcomes: [OutcomeSpec(pattern: "(")])
        }
    }

    @Test mutating func aDelayAtABoundaryIsPreferredOverTheCrashesCuttingTheSameSupport() throws {
        let events = [ev("call", host: "a1", service: "api", time: 0), ev("query", host: "b1", service: "db", time: 5_000_000_000),
                      ev("done", host: "b1", service: "db", time: 9_000_000_000)]
        let model = try RedundancyModel.build(executions: [Execution(id: "x", ids: [], events: events)], order: order,
                                              outcomes: [OutcomeSpec(pattern: "done")],
                                              modelEdges: [ModelEdge(before: "call", after: "query", support: 7)])
        #expect(model.outcomes[0].classes[0].supports == [["crash:role:api", "crash:role:db", "delay:edge:api->db"]])
        let report = Hypothesizer.report(for: model)
        #expect(report.hypotheses.count == 1)
        let fault = try #require(report.hypotheses.first?.faults.first)
        #expect(fault.point.id == "delay:edge:api->db" && fault.point.level == .role)
        #expect(fault.equivalents == ["crash:role:api", "crash:role:db"])
        #expect(fault.variants == ["error:edge:api->db", "drop:edge:api->db"])
        #expect(report.hypotheses[0].concrete == [ConcreteHypothesis(execution: "x", faults: ["delay:edge:a1->b1"])])
        #expect(report.hypotheses[0].relations == [ModelEdge(before: "call", after: "query", support: 7)])
    }

    @Test mutating func aFallbackSeenOnlyAfterErrorsYieldsAnUntestedTimeoutHypothesis() throws {
        func run(_ id: String, _ fail: String) -> Execution {
            Execution(id: id, ids: [], events: [
                ev("call", host: "api-1", service: "api"), ev("error", host: "client", service: "client", level: "ERROR", message: fail),
                ev("call", host: "api-2", service: "api"), ev("done", host: "client", service: "client"),
            ])
        }
        let model = try RedundancyModel.build(executions: [run("r1", "request failed"), run("r2", "connection refused")], order: order,
                                              outcomes: [OutcomeSpec(pattern: "done")])
        let alternative = try #require(model.outcomes[0].classes.first?.alternatives.first)
        #expect(alternative.kind == "fallback" && alternative.primary == "api#1" && alternative.alternative == "api#2")
        #expect(alternative.triggers == ["error": 1, "refused": 1] && alternative.executions == ["r1", "r2"])
        let report = Hypothesizer.report(for: model)
        let untested = try #require(report.hypotheses.first { $0.kind == "untested_trigger" })
        #expect(untested.faultIDs == ["delay:role:api#1"])
        #expect(untested.concrete.first == ConcreteHypothesis(execution: "r1", faults: ["delay:host:api-1"]))
        #expect(untested.executions == ["r1", "r2"])

        let timedOut = try RedundancyModel.build(executions: [run("r3", "call timed out")], order: order,
                                                 outcomes: [OutcomeSpec(pattern: "done")])
        #expect(timedOut.outcomes[0].classes[0].alternatives[0].triggers == ["timeout": 1])
        #expect(Hypothesizer.report(for: timedOut).hypotheses.allSatisfy { $0.kind == "cut" })
    }

    /// A call retried after refusals shows on two record types (`send` and `sent`): one hypothesis delays
    /// the host it went to, naming both, not one per type.
    @Test mutating func theRetriesOfOneCallMakeOneUntestedTriggerHypothesis() throws {
        func run(_ id: String) -> Execution {
            Execution(id: id, ids: [], events: [
                ev("send", host: "api-1", service: "api", message: "send to db-1"), ev("sent", host: "api-1", service: "api", message: "sent to db-1"),
                ev("refused", host: "api-1", service: "api", level: "ERROR", message: "db-1 refused connection"),
                ev("send", host: "api-1", service: "api", message: "send to db-1"), ev("sent", host: "api-1", service: "api", message: "sent to db-1"),
                ev("query", host: "db-1", service: "db"), ev("done", host: "api-1", service: "api"),
            ])
        }
        let model = try RedundancyModel.build(executions: [run("r1"), run("r2")], order: order, outcomes: [OutcomeSpec(pattern: "done")])
        let alternatives = try #require(model.outcomes[0].classes.first?.alternatives)
        #expect(Set(alternatives.map(\.eventType)) == ["send", "sent"] && alternatives.allSatisfy { $0.kind == "retry" && $0.primary == "db" })
        let untested = Hypothesizer.report(for: model).hypotheses.filter { $0.kind == "untested_trigger" }
        #expect(untested.map(\.faultIDs) == [["delay:role:db"]], "\(untested.map(\.faultIDs))")
        #expect(untested.first?.reason.contains("retry of send") == true && untested.first?.reason.contains("retry of sent") == true)
    }

    /// One file per host: the job's first attempt (on `worker-c`, which timed out) comes after its second
    /// (on `worker-b`) in input order, and after the outcome's record; in time it comes first.
    @Test mutating func aFallbackToAHostWhoseFileIsReadFirstIsFoundInTimeOrder() throws {
        let sec: Int64 = 1_000_000_000
        func job(_ id: String, errorOn host: String, service: String = "worker") -> Execution {
            Execution(id: id, ids: [], events: [
                ev("queued", host: "api-1", service: "api", time: 0), ev("done", host: "api-1", service: "api", time: 9 * sec),
                ev("render", host: "worker-b", service: "worker", time: 6 * sec),
                ev("render", host: "worker-c", service: "worker", time: 2 * sec),
                ev("warn", host: host, service: service, time: 4 * sec, level: "ERROR", message: "render timed out, retrying"),
            ])
        }
        let model = try RedundancyModel.build(executions: [job("j1", errorOn: "worker-c")], order: order,
                                              outcomes: [OutcomeSpec(pattern: "done")])
        let alternatives = try #require(model.outcomes[0].classes.first?.alternatives)
        #expect(alternatives.count == 1)
        let alternative = try #require(alternatives.first)
        // Roles count hosts in input order: worker-b is worker#1.
        #expect(alternative.kind == "fallback" && alternative.primary == "worker#2" && alternative.alternative == "worker#1")
        #expect(alternative.triggers == ["timeout": 1] && alternative.executions == ["j1"])

        // An error of another process between two hosts' records, read in time order, is no fallback:
        // parallel work interleaves.
        for (host, service) in [("worker-b", "worker"), ("db-1", "db")] {
            let parallel = try RedundancyModel.build(executions: [job("j2", errorOn: host, service: service)], order: order,
                                                     outcomes: [OutcomeSpec(pattern: "done")])
            #expect(parallel.outcomes[0].classes.allSatisfy { $0.alternatives.isEmpty }, "error on \(host)")
        }
    }

    @Test mutating func outcomesAreProposedWhenNoneIsNamed() {
        let executions = [block("b1", ["d1"]), block("b2", ["d2"])]
        let proposed = OutcomeSpec.propose(executions: executions)
        #expect(proposed.first?.pattern == "stored" && proposed.first?.proposed == true)
        #expect(proposed.first?.reason?.contains("ends 2 of 2 executions") == true)
    }

    @Test mutating func jsonIsVersionedDeterministicAndRoundTrips() throws {
        let executions = [block("b1", ["d1", "d2"]), block("b2", ["d3"])]
        let model = try RedundancyModel.build(executions: executions, order: order, outcomes: [OutcomeSpec(pattern: "stored")])
        let report = Hypothesizer.report(for: model)
        let json = try report.json()
        #expect(json == (try Hypothesizer.report(for: model).json()))
        #expect(json.contains("\"ariadne_hypotheses\" : 2"))
        #expect(try JSONDecoder().decode(HypothesisReport.self, from: Data(json.utf8)) == report)
        let modelJSON = try JSONEncoder().encode(model)
        #expect(try JSONDecoder().decode(RedundancyModel.self, from: modelJSON) == model)
        #expect(report.table().contains("crash:service:NN"))
        #expect(model.text().contains("support 1: {crash:role:DN#1, crash:service:NN}"))
    }

    /// A hand-made outcome model: each class given as (executions, supports of fault point ids).
    func model(_ classes: [(Int, [[String]])]) -> RedundancyModel {
        var next = 0
        let built = classes.enumerated().map { c, cls -> ExecutionClass in
            let members = (0..<cls.0).map { _ -> ClassMember in
                next += 1
                return ClassMember(execution: "e\(next)", bindings: [:])
            }
            return ExecutionClass(id: "C\(c + 1)", supports: cls.1.map { $0.sorted() }.sorted { $0.lexicographicallyPrecedes($1) },
                                  executions: members, alternatives: [], evidence: [:])
        }
        let ids = Set(classes.flatMap { $0.1.joined() })
        let points = ids.sorted().map { id -> FaultPoint in
            let parts = id.split(separator: ":", maxSplits: 2).map(String.init)
            return FaultPoint(kind: FaultKind(rawValue: parts[0])!, level: .role, targetKind: parts[1], target: parts[2])
        }
        let outcome = OutcomeModel(outcome: OutcomeSpec(pattern: "ok"), eventTypes: ["ok"], supportingExecutions: next,
                                   notApplicable: 0, failed: [], classes: built)
        return RedundancyModel(outcomes: [outcome], faultPoints: points, modelEdges: [])
    }

    @Test func rankingIsFewerFaultsThenImpactThenRarelyExercisedThenDelays() {
        let m = model([
            (4, [["crash:role:A", "crash:service:S"], ["crash:role:B", "crash:service:S"]]),
            (1, [["crash:role:X", "crash:role:Y"]]),
            (2, [["crash:role:Y", "crash:service:S"], ["crash:role:Z", "crash:service:S"]]),
            (1, [["crash:role:P"]]),
            (1, [["delay:edge:Q->R"]]),
        ])
        let report = Hypothesizer.report(for: m)
        #expect(report.hypotheses.map(\.faultIDs) == [
            ["crash:service:S"],
            ["delay:edge:Q->R"], ["crash:role:P"], ["crash:role:X"],
            ["crash:role:Y"],
            ["crash:role:A", "crash:role:B"], ["crash:role:Y", "crash:role:Z"],
        ])
        #expect(report.hypotheses.map(\.breaks) == [6, 1, 1, 1, 1, 4, 3])
        #expect(report.hypotheses.map { Int(($0.exercised * 9).rounded()) } == [6, 1, 1, 1, 3, 4, 2])
        #expect(report.hypotheses.map(\.rank) == Array(1...7))
    }

    @Test func theSameFaultsStandingForDifferentPointsAreOneRowWithEquivalentsPerClass() throws {
        let m = model([
            (1, [["crash:role:A", "crash:role:B", "crash:role:D", "delay:edge:A->B"]]),
            (1, [["crash:role:A", "crash:role:D", "delay:edge:A->B"], ["crash:role:C", "crash:role:D", "delay:edge:A->B"]]),
            (1, [["crash:role:A", "crash:role:D", "delay:edge:A->B"], ["crash:role:C", "crash:role:D", "delay:edge:A->B"], ["crash:role:E"]]),
        ])
        let reports = (0..<20).map { _ in Hypothesizer.report(for: m) }
        #expect(reports.allSatisfy { $0 == reports[0] })
        let hypotheses = reports[0].hypotheses
        #expect(hypotheses.map(\.faultIDs) == [
            ["delay:edge:A->B"],
            ["crash:role:E", "delay:edge:A->B"], ["crash:role:A", "crash:role:C"], ["crash:role:A", "crash:role:C", "crash:role:E"],
        ])
        #expect(hypotheses.map(\.breaks) == [2, 3, 2, 3])
        // One row for the edge in C1 and C2: what holds in both, and each class's own.
        #expect(hypotheses[0].classes == ["C1", "C2"] && hypotheses[0].faults[0].equivalents == ["crash:role:D"])
        #expect(hypotheses[0].byClass == [
            ClassEquivalents(classes: ["C1"], equivalents: ["delay:edge:A->B": ["crash:role:A", "crash:role:B", "crash:role:D"]]),
            ClassEquivalents(classes: ["C2"], equivalents: ["delay:edge:A->B": ["crash:role:D"]]),
        ])
        #expect(hypotheses[0].faults[0].cutCount == 3, "its one support in C1 and both in C2")
        #expect(hypotheses[1].classes == ["C3"] && hypotheses[1].faults[1].equivalents == ["crash:role:D"])
        let rows = reports[0].table(details: false).split(separator: "\n").filter { $0.hasPrefix("H") }
        #expect(rows.count == 4 && Set(rows.map { $0.split(separator: " ").last ?? "" }).count >= 1)
    }

    @Test func classesLeftOnlyWithAcceptedPointsAreNotTolerant() {
        let m = model([
            (2, [["crash:role:A", "crash:service:S"], ["crash:role:B", "crash:service:S"]]),
            (1, [["crash:service:S"]]),
        ])
        let report = Hypothesizer.report(for: m, options: HypothesisOptions(budget: 1, accepted: ["crash:service:S"]))
        #expect(report.hypotheses.isEmpty)
        #expect(report.outcomes[0].tolerant == ["C1"])
        #expect(Hypothesizer.report(for: m).outcomes[0].tolerant == [])
    }
}
