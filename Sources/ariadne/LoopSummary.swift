import AriadneCore
import Foundation

/// What the loop's commands tell people on stderr.
enum LoopSummary {
    /// After `plan --state`: the next experiment and how to record it, or the certification.
    static func afterPlan(_ plan: ExperimentPlan, state: LoopState, learnt: LoopRunner.Learnt, directory: String) -> [String] {
        let runs = state.runs.count, tried = state.tried.count
        guard let next = plan.experiments.first else {
            let classes = learnt.redundancy.outcomes.reduce(0) { $0 + $1.classes.count }
            let kinds = Set(learnt.redundancy.faultPoints.map(\.kind.rawValue)).sorted()
            let concrete = learnt.redundancy.faultPoints.filter { $0.level == .concrete }.count
            // The kinds injected: a call's error or drop, and a crash at a later moment, are each tried
            // once rather than in every set (`PlanOptions.ran`), so the model's kinds understate them.
            let injected = Set(state.runs.flatMap(\.faults).compactMap { $0.split(separator: ":").first.map(String.init) }).sorted()
            return ["certified for budget \(plan.budget): no set of up to \(plan.budget) faults cuts every known support of "
                    + state.outcomes.map { "'\($0)'" }.joined(separator: ", ")
                    + " (\(classes) execution classes, fault kinds \(kinds.joined(separator: "/")), \(concrete) concrete fault points; "
                    + "learnt from \(runs) run(s), \(tried) experiment(s) tried"
                    + (injected.isEmpty ? "" : " injecting \(injected.joined(separator: "/"))")
                    + ", \(state.bugs.count) bug(s) found)"]
        }
        return ["plan \(plan.id): \(plan.experiments.count) experiment(s) (learnt from \(runs) run(s), \(tried) tried)",
                "next: \(next.id): \(next.faults.map(\.display).joined(separator: " + "))",
                "inject it, then: ariadne record \(next.id) LOGS --state \(directory)"]
    }
}

