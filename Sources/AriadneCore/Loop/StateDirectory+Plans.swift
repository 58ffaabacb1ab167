import Foundation

extension StateDirectory {
    /// The file of the plan `id`: `DIR/plans/<id>.json`.
    public func planFile(_ id: String) -> String {
        path + "/plans/\(id).json"
    }

    /// Writes `plan` to `plans/<id>.json` and the model it came from, with its log facts, to
    /// `models/<digest>.json`, each atomically (the state itself is written after, by `write(_:)`).
    public func write(_ plan: ExperimentPlan, model: RedundancyModel, facts: PlanFacts) throws {
        // Pretty JSON with sorted keys, written as it is made (`StreamingJSON`: the same bytes as
        // `JSONEncoder`, without holding the model's tree and the whole text).
        let stored = PlanModel(redundancy: model, facts: facts)
        try AtomicFile.write(to: path + "/models/\(plan.model.digest).json") { put in
            try withoutActuallyEscaping(put) { put in
                let writer = StreamingJSON(pretty: true, sink: put)
                try writer.write(stored)
                try writer.raw("\n")
                try writer.flush()
            }
        }
        try AtomicFile.write(Data(try plan.json().utf8), to: planFile(plan.id))
    }
}
