extension ExperimentPlan {
    /// The plan in `format`: the plan's JSON for `json`; for an injector's format, the experiment
    /// `experiment` (an id or a 1-based rank; default the first) as that injector reads it.
    /// Throws `PlanError.noSuchExperiment` (also for `json`: a selection that names nothing is a
    /// mistake), `.noExperiments` or `.notExpressible`.
    public func export(_ format: PlanFormat, experiment selected: String? = nil, options: ExportOptions = ExportOptions()) throws -> String {
        if let selected, experiment(selected) == nil { throw PlanError.noSuchExperiment(selected, available: experiments.map(\.id)) }
        if format == .json { return try json() }
        let chosen: Experiment
        if let selected, let found = experiment(selected) {
            chosen = found
        } else {
            guard let first = experiments.first else { throw PlanError.noExperiments }
            chosen = first
        }
        switch format {
        case .json: return try json()
        case .chaostoolkit: return ChaosToolkitExport.experiment(chosen, plan: self, options: options).text()
        case .chaosMesh: return ChaosMeshExport.resources(chosen, plan: self, options: options).text()
        case .istio: return try IstioExport.resources(chosen, plan: self, options: options).text()
        case .toxiproxy: return ToxiproxyExport.calls(chosen, plan: self, options: options).text()
        case .testbed: return chosen.testbedFaults().text()
        }
    }
}
