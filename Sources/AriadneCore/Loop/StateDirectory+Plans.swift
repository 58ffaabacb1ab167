import Foundation

extension StateDirectory {
    /// The file of the plan `id`: `DIR/plans/<id>.json`.
    public func planFile(_ id: String) -> String {
        path + "/plans/\(id).json"
    }

    /// Writes `plan` to `plans/<id>.json` and the model it came from, with its log facts, to
    /// `models/<digest>.json`, each atomically (the state itself is written after, by `write(_:)`).
    public func write(_ plan: ExperimentPlan, model: RedundancyModel, facts: PlanFacts) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let stored = PlanModel(redundancy: model, facts: facts)
        try AtomicFile.write(try encoder.encode(stored) + Data("\n".utf8), to: path + "/models/\(plan.model.digest).json")
        try AtomicFile.write(Data(try plan.json().utf8), to: planFile(plan.id))
    }
}
