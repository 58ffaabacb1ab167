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
            // Stages on a terminal, as `analyze` shows them; the runs' inputs are not announced one by one.
            let reporter = RunReporter(quiet: true, progress: !input.quiet, stages: [.parse, .infer, .redundancy, .plan],
                                       style: input.color.style(fd: 2))
            defer { reporter.finish() }
            let planning = StatePlanning(directory: directory, input: input, model: model, outcomes: outcomes.outcomes, budget: budget,
                                         accept: accept, exclude: exclude, crashObservers: crashObservers, delayMargin: delayMargin,
                                         limit: limit, reporter: reporter)
            let result = try planning.run(store: store, failures: &failures)
            reporter.finish()
            let (plan, state, learnt) = (result.plan, result.state, result.learnt)
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
