import Foundation

/// What a plan was built from, as a state directory keeps it: the redundancy model and the facts of
/// its logs (`"ariadne_plan_model": 1`). `ExperimentPlanner.plan(model:facts:options:)` on it gives
/// the same plan without the logs.
public struct PlanModel: Sendable, Equatable, Codable {
    /// Format version (`"ariadne_plan_model": 1`).
    public var version: Int
    /// The redundancy model.
    public var redundancy: RedundancyModel
    /// The facts of its logs.
    public var facts: PlanFacts

    public init(redundancy: RedundancyModel, facts: PlanFacts) {
        self.version = 1
        self.redundancy = redundancy
        self.facts = facts
    }

    enum CodingKeys: String, CodingKey {
        case version = "ariadne_plan_model", redundancy, facts
    }
}
