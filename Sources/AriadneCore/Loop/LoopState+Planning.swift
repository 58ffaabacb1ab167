extension LoopState {
    /// Adds a baseline run of the logs at `paths` (absolute), unless `once` and a baseline of exactly
    /// those paths is already there (the same logs analysed again are one baseline). Whether it added one.
    @discardableResult
    public mutating func addBaseline(paths: [String], once: Bool) -> Bool {
        if once && runs.contains(where: { $0.experiment == nil && $0.paths == paths }) { return false }
        runs.append(LoopRun(number: runs.count + 1, experiment: nil, plan: nil, faults: [], paths: paths, executions: 0,
                            verdict: .baseline, judgedBy: .logs, failedExecutions: []))
        return true
    }

    /// A state without outcomes takes those `model` was built for (proposed from the logs), and
    /// remembers that they were proposed.
    public mutating func adoptOutcomes(of model: RedundancyModel) {
        guard outcomes.isEmpty else { return }
        outcomes = model.outcomes.map(\.outcome.name)
        outcomesProposed = true
    }

    /// Records `plan` as made after the runs so far, unless it is the latest plan already.
    public mutating func note(_ plan: ExperimentPlan) {
        if plans.last?.id != plan.id || plans.last?.afterRuns != runs.count {
            plans.append(PlanRecord(id: plan.id, afterRuns: runs.count, experiments: plan.experiments.map(\.id)))
        }
    }
}
