import Foundation

/// The next experiments to run, best first: what `ariadne plan --format json` writes, documented by
/// `docs/plan.schema.json` and `docs/plans.md`.
///
/// A plan is a pure function of the redundancy model, the facts the logs show (`PlanFacts`) and the
/// options: the same inputs give the same bytes (`json()`), and an experiment's id depends on its fault
/// set only, so the same set keeps its id across runs, input orders and plans.
public struct ExperimentPlan: Sendable, Equatable, Codable {
    /// The format version (`"ariadne_plan": 1`).
    public var version: Int
    /// `p-` and 12 hexadecimal digits: a digest of the model and the experiments' ids.
    public var id: String
    /// What the plan was built from.
    public var model: PlanSource
    /// The largest number of faults in an experiment.
    public var budget: Int
    /// Fault point ids accepted as known single points of failure (not proposed), sorted.
    public var accepted: [String]
    /// Fault set ids left out because they were already tried (`PlanOptions.exclude`), sorted.
    public var excluded: [String]
    /// One summary per outcome, in the model's order.
    public var outcomes: [OutcomeSummary]
    /// How delay magnitudes were derived, one sentence.
    public var delayRule: String
    /// The experiments in rank order: one per distinct concrete fault set.
    public var experiments: [Experiment]

    public init(id: String, model: PlanSource, budget: Int, accepted: [String], excluded: [String],
                outcomes: [OutcomeSummary], delayRule: String, experiments: [Experiment]) {
        self.version = 1
        self.id = id
        self.model = model
        self.budget = budget
        self.accepted = accepted
        self.excluded = excluded
        self.outcomes = outcomes
        self.delayRule = delayRule
        self.experiments = experiments
    }

    enum CodingKeys: String, CodingKey {
        case version = "ariadne_plan", id, model, budget, accepted, excluded, outcomes, delayRule = "delay_rule", experiments
    }

    /// The JSON form: pretty-printed, sorted keys, ending with a newline.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// Reads a plan written by `json()`; throws `PlanError.unreadablePlan` naming `path` when it is not one.
    public static func read(_ data: Data, path: String) throws -> ExperimentPlan {
        do {
            return try JSONDecoder().decode(ExperimentPlan.self, from: data)
        } catch {
            throw PlanError.unreadablePlan(path: path, reason: "\(error)")
        }
    }

    /// The experiment with id `id` (`x-…`), or at 1-based rank `id` when it is a number.
    public func experiment(_ id: String) -> Experiment? {
        if let rank = Int(id) { return experiments.first { $0.rank == rank } }
        return experiments.first { $0.id == id }
    }
}
