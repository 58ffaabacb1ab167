import Foundation
import Testing
@testable import AriadneCore

/// What the loop's runs already tried (`PlanOptions.ran`) keeps the kinds of a call's fault and the
/// moments of a crash from multiplying the sets: each is tried once, in the first set that reaches it.
@Suite struct TriedVariantTests {
    /// A model of one outcome whose first class survives only through the call a→b and whose second
    /// also needs d; the hypotheses are {delay a→b} and {delay a→b, crash d}.
    static func model() -> RedundancyModel {
        let alone = ExecutionClass(id: "C1", supports: [["delay:edge:a->b"]],
                                   executions: [ClassMember(execution: "e1", bindings: [:])], alternatives: [], evidence: [:])
        let paired = ExecutionClass(id: "C2", supports: [["delay:edge:a->b"], ["crash:host:d"]],
                                    executions: [ClassMember(execution: "e2", bindings: [:])], alternatives: [], evidence: [:])
        let outcome = OutcomeModel(outcome: OutcomeSpec(pattern: "done"), eventTypes: ["done"], supportingExecutions: 2,
                                   notApplicable: 0, failed: [], classes: [alone, paired])
        return RedundancyModel(outcomes: [outcome], faultPoints: ["crash:host:d", "delay:edge:a->b"].map(ExperimentPlanner.parse).sorted(),
                               modelEdges: [])
    }

    /// The loop as `ariadne plan --state` drives it: the first experiment of each plan is run and held.
    /// Returns the fault sets in the order tried.
    static func drive(remembering: Bool) throws -> [String] {
        let facts = PlanFacts(executions: 2, idKinds: ["req"], edges: [], hosts: [], requests: [])
        var tried: Set<String> = [], ran: Set<String> = [], sequence: [String] = []
        while sequence.count < 12,
              let next = try ExperimentPlanner.plan(model: model(), facts: facts,
                                                    options: PlanOptions(exclude: tried, ran: remembering ? ran : [])).experiments.first {
            sequence.append(next.faultSet.joined(separator: "+"))
            tried.insert(next.id)
            ran.formUnion(next.faultSet)
        }
        return sequence
    }

    /// The call's drop and error stand in for its delay once each, alone: the pair with d then takes
    /// only the delay. Without the runs remembered, the pair comes back with each kind.
    @Test func anotherKindOfACallIsTriedOnceNotInEverySet() throws {
        #expect(try Self.drive(remembering: true)
                == ["delay:edge:a->b", "drop:edge:a->b", "error:edge:a->b", "crash:host:d+delay:edge:a->b"])
        let forgetting = try Self.drive(remembering: false)
        #expect(forgetting.contains("crash:host:d+drop:edge:a->b") && forgetting.contains("crash:host:d+error:edge:a->b"), "\(forgetting)")
    }

    /// A crash at its host's second moment, tried (and fired) in any other set, is not repeated: the
    /// set takes the crash at its first moment only. A run that tried the first moment leaves the second.
    @Test func aCrashMomentIsTriedOnce() throws {
        let write = FaultTiming(kind: "after_event", host: "kv-1", eventType: "W", template: "stored <*>", match: "stored ")
        let host = HostFacts(host: "kv-1", service: "kv", namespace: nil, resolutionUs: 1, longestGapUs: 100, gaps: 4,
                             events: [HostEvent(type: "W", template: "stored <*>", executions: 4, first: 3),
                                      HostEvent(type: "R", template: "get <*>", executions: 4, first: 1, position: 1)])
        let facts = PlanFacts(executions: 4, idKinds: ["req"], edges: [], hosts: [host], requests: [])
        let pair = ExperimentPlanner.Instance(cls: "C1", concrete: ["crash:host:kv-1", "crash:host:kv-2"], roles: ["crash:host:kv-1", "crash:host:kv-2"],
                                              members: [], all: [], cuts: [])
        var first = pair
        first.timings = [write, nil]
        #expect(first.keys == ["crash:host:kv-1@after:W", "crash:host:kv-2"])
        let exclude: Set<String> = [first.id]
        let next = try #require(ExperimentPlanner.firstUntried(pair, points: [:], facts: facts, exclude: exclude))
        #expect(next.keys == ["crash:host:kv-1@after:R", "crash:host:kv-2"])
        #expect(ExperimentPlanner.firstUntried(pair, points: [:], facts: facts, exclude: exclude, ran: ["crash:host:kv-1@after:R"]) == nil)
        #expect(ExperimentPlanner.firstUntried(pair, points: [:], facts: facts, exclude: exclude,
                                               ran: ["crash:host:kv-1@after:R", "drop:edge:c->kv-3"]) == nil)
        #expect(ExperimentPlanner.firstUntried(pair, points: [:], facts: facts, exclude: exclude, ran: ["crash:host:kv-1@after:W"])?.keys == next.keys)
        #expect(ExperimentPlanner.firstUntried(pair, points: [:], facts: facts, exclude: [], ran: ["crash:host:kv-1@after:W"])?.keys == first.keys,
                "the first moment is always the set's own")
    }

    /// A run's crash timed after an event its executions never show on that host never fired: the run
    /// did not try it. A run that failed keeps its faults; the baseline has none.
    @Test func ranFaultsLeaveOutCrashesThatNeverFired() {
        var state = LoopState(outcomes: ["done"], budget: 3)
        let runs: [(String?, [String], LoopRun.Verdict)] = [
            (nil, [], .baseline), ("x-2", ["crash:host:kv-1@after:R", "drop:edge:a->b"], .held),
            ("x-3", ["crash:host:kv-1@after:W", "delay:edge:a->b"], .held), ("x-4", ["crash:host:kv-1@after:X"], .failed),
        ]
        for (index, run) in runs.enumerated() {
            state.runs.append(LoopRun(number: index + 1, experiment: run.0, plan: "p-1", faults: run.1, paths: ["/logs"], executions: 1,
                                      verdict: run.2, judgedBy: .logs, failedExecutions: []))
        }
        func event(_ host: String, _ type: String) -> Event {
            Event(source: SourceLocation(file: "kv.log", line: 1), host: host, type: type, template: type, message: type)
        }
        let executions = [
            Execution(id: "req=1", ids: [], events: [event("kv-1", "W")]),
            Execution(id: "run2/req=1", ids: [], events: [event("kv-1", "R")]),
            Execution(id: "run3/req=1", ids: [], events: [event("kv-1", "R"), event("kv-2", "W")]),
        ]
        #expect(state.ranFaults(in: executions) == [["crash:host:kv-1@after:R", "drop:edge:a->b"], ["delay:edge:a->b"],
                                                     ["crash:host:kv-1@after:X"]])
    }
}
