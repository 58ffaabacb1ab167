import AriadneCore
import Foundation

extension Plan {
    /// `plan --state DIR`: starts the loop's state from fault-free logs, or extends it with more, then
    /// plans from every run the state learnt from, leaving out the fault sets already tried.
    func runInState(_ directory: String) throws {
        guard !input.paths.contains("-") else {
            throw CLIError(description: "--state needs log files or directories it can read again, not stdin; save the stream to a file first", status: 64)
        }
        let store = StateDirectory(path: directory)
        let file = try output.open()
        var failures = InputFailures()
        do {
            try store.lock()
            var state: LoopState
            if let existing = try store.read() {
                state = existing
                if !outcomes.outcomes.isEmpty && outcomes.outcomes != state.outcomes {
                    throw LoopError.outcomesDiffer(directory: directory, state: state.outcomes, given: outcomes.outcomes)
                }
            } else {
                guard !input.paths.isEmpty else { throw LoopError.noState(directory: directory) }
                guard !outcomes.outcomes.isEmpty else {
                    throw CLIError(description: "the loop needs the good outcome to protect: add --outcome TYPE|REGEX (see `ariadne model` for proposals)", status: 64)
                }
                state = LoopState(outcomes: outcomes.outcomes, budget: budget, groupBy: model.groupByList.map { _ in model.groupBy },
                                  pattern: input.pattern)
            }
            state.budget = budget
            if !input.paths.isEmpty {
                state.runs.append(LoopRun(number: state.runs.count + 1, experiment: nil, plan: nil, faults: [],
                                          paths: LoopRunner.absolute(input.paths), executions: 0, verdict: .baseline,
                                          judgedBy: .logs, failedExecutions: []))
            }
            let learnt = try LoopRunner.learn(state, input: input, model: model, failures: &failures)
            for (number, count) in learnt.counts { state.runs[number - 1].executions = count }
            // Experiments' logs may show too little of an execution to discover its ids again (a crash
            // leaves one record): every run is grouped by the kinds found in the first.
            if state.groupBy == nil, let kinds = learnt.discoveredKinds, !kinds.isEmpty { state.groupBy = kinds }
            if !input.quiet {
                for message in learnt.redundancy.matchReport() { StandardStreams.error("ariadne: \(message)") }
            }
            try RedundancyRunner.requireFaultPoints(learnt.redundancy)
            try learnt.redundancy.validate(accepted: accept)
            let observers = crashObservers ? [] : try OutcomeObservers.crashPoints(model: learnt.redundancy, executions: learnt.executions)
            if !observers.isEmpty && !input.quiet {
                StandardStreams.error("ariadne: not proposing \(observers.joined(separator: ", ")): the outcome is logged there, so crashing it removes the outcome without testing redundancy (--crash-observers proposes it)")
            }
            let plan = try ExperimentPlanner.plan(model: learnt.redundancy, facts: learnt.facts,
                                                  options: PlanOptions(budget: budget, accepted: Set(accept).union(observers),
                                                                       exclude: Set(exclude).union(state.tried),
                                                                       delayMargin: delayMargin, limit: limit))
            try write(plan, model: learnt.redundancy, facts: learnt.facts, to: directory)
            if state.plans.last?.id != plan.id || state.plans.last?.afterRuns != state.runs.count {
                state.plans.append(.init(id: plan.id, afterRuns: state.runs.count, experiments: plan.experiments.map(\.id)))
            }
            try store.write(state)
            let text: String
            do {
                text = plan.experiments.isEmpty && format != .json ? "" : try plan.export(format, experiment: experiment, options: exportOptions)
            } catch let error as PlanError {
                throw CLIError(description: error.description, status: 65)
            }
            // The certification is the result when nothing is left to run: said even with --quiet.
            if !input.quiet || plan.experiments.isEmpty {
                for line in LoopSummary.afterPlan(plan, state: state, learnt: learnt, directory: directory) { StandardStreams.error("ariadne: \(line)") }
            }
            if !text.isEmpty { file.write(format == .json ? output.json(Data(text.utf8)) : Data(text.utf8)) }
            file.close()
        } catch let error as LoopError {
            throw CLIError(description: error.description, status: error.exitStatus)
        } catch let error as AtomicFile.WriteError {
            throw CLIError(description: error.description, status: 74)
        }
        try failures.exitIfFailed()
    }
}

extension LoopError {
    /// The exit status: 75 (EX_TEMPFAIL) while another run holds the state, 66 for missing logs, else 65.
    var exitStatus: Int32 {
        switch self {
        case .busy: return 75
        case .missingLogs: return 66
        default: return 65
        }
    }
}
