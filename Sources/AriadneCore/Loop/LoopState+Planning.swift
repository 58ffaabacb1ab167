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

extension LoopState {
    /// A timed crash: its host and the event type it follows.
    struct Moment: Hashable {
        var host: String
        var type: String
    }

    /// The fault keys of each experiment run, in run order (`PlanOptions.ran`), each without the crashes
    /// timed right after an event that the run's `executions` (ids prefixed `runN/`) never show on that
    /// host: such a crash never fired, so the run did not try it. A run that failed keeps all its faults
    /// (its executions are not learnt from).
    public func ranFaults(in executions: some Collection<Execution>) -> [[String]] {
        let experiments = runs.filter { $0.experiment != nil }
        func moment(_ key: String) -> Moment? {
            let (point, after) = PlannedFault.parts(ofKey: key)
            let parsed = ExperimentPlanner.parse(point)
            guard let after, point.hasPrefix("crash:"), parsed.kind == .crash, parsed.targetKind == "host" else { return nil }
            return Moment(host: parsed.target, type: after)
        }
        // Only the moments the held runs' crashes wait for are looked for in their executions.
        var wanted: [String: Set<Moment>] = [:]
        for run in experiments where run.verdict == .held {
            let moments = Set(run.faults.compactMap(moment))
            if !moments.isEmpty { wanted[run.executionPrefix] = moments }
        }
        var shown: [String: Set<Moment>] = [:]
        if !wanted.isEmpty {
            for execution in executions where execution.id.hasPrefix("run") {
                guard let slash = execution.id.firstIndex(of: "/") else { continue }
                let prefix = String(execution.id[...slash])
                guard let moments = wanted[prefix] else { continue }
                for event in execution.events {
                    if let host = event.host, case let seen = Moment(host: host, type: event.type), moments.contains(seen) {
                        shown[prefix, default: []].insert(seen)
                    }
                }
            }
        }
        return experiments.map { run in
            guard run.verdict == .held else { return run.faults }
            return run.faults.filter { key in moment(key).map { shown[run.executionPrefix]?.contains($0) == true } ?? true }
        }
    }
}
