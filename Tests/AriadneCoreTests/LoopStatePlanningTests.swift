import Foundation
import Testing
@testable import AriadneCore

/// The state's bookkeeping shared by `plan --state` and `analyze`: baselines and adopted outcomes.
@Suite struct LoopStatePlanningTests {
    @Test func theSameLogsAreOneBaselineOnlyWhenAskedAndProposedOutcomesAreKept() throws {
        var state = LoopState(outcomes: [], budget: 2)
        let added = [state.addBaseline(paths: ["/logs/a"], once: true), state.addBaseline(paths: ["/logs/a"], once: true),
                     state.addBaseline(paths: ["/logs/a", "/logs/b"], once: true), state.addBaseline(paths: ["/logs/a"], once: false)]
        #expect(added == [true, false, true, true])
        #expect(state.runs.map(\.number) == [1, 2, 3] && state.runs.allSatisfy { $0.verdict == .baseline })

        let model = RedundancyModel(outcomes: [OutcomeModel(outcome: OutcomeSpec(pattern: "kv.ok", proposed: true, reason: "ends 3 of 3"),
                                                            eventTypes: ["kv.ok"], supportingExecutions: 3, notApplicable: 0, failed: [],
                                                            classes: [])],
                                    faultPoints: [], modelEdges: [])
        state.adoptOutcomes(of: model)
        #expect(state.outcomes == ["kv.ok"] && state.outcomesProposed == true)
        var named = LoopState(outcomes: ["put ok"], budget: 2)
        named.adoptOutcomes(of: model)
        #expect(named.outcomes == ["put ok"] && named.outcomesProposed == nil)

        // A state written before `outcomes_proposed` existed still reads.
        let old = #"{"ariadne_state":1,"budget":2,"outcomes":["put ok"],"plans":[],"runs":[]}"#
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        #expect(try decoder.decode(LoopState.self, from: Data(old.utf8)).outcomesProposed == nil)
    }
}
