import AriadneCore
import ArgumentParser
import Foundation

/// `ariadne record`: the logs of one experiment run, judged, and learnt from.
struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record the logs of one experiment run: a bug, or new supports the model learns.",
        discussion: """
            EXPERIMENT is the id (x-...) or the rank in the state's latest plan. The verdict comes from the \
            injector when it has one (--verdict held|failed, with --failed-execution ID for the executions \
            that failed), or from a Chaos Toolkit journal (--journal journal.json: its steady state after \
            the method decides); otherwise Ariadne judges from the logs: an execution that misses an outcome \
            failed. Failed: a bug, reported with the failing executions and how they departed from the \
            closest good one (exit 1). Held: the run is learnt from, and the next `ariadne plan --state DIR` \
            cuts the supports it revealed. A fault set is recorded once.

            Examples:
              ariadne record x-3f2a9c0d1e4b run-logs/ --state .ariadne
              ariadne record 1 run-logs/ --state .ariadne --journal journal.json
              ariadne record x-3f2a9c0d1e4b run-logs/ --verdict failed --failed-execution req=42
            """
    )

    @Argument(help: ArgumentHelp("The experiment's id (x-...) or rank in the latest plan.", valueName: "EXPERIMENT"))
    var experiment: String

    @OptionGroup var input: InputOptions
    @OptionGroup var model: ModelOptions

    @Option(help: ArgumentHelp("The loop's state directory.", valueName: "DIR"), completion: .directory)
    var state: String = ".ariadne"

    @Option(help: ArgumentHelp("The injector's verdict: held or failed.", valueName: "VERDICT"))
    var verdict: InjectorVerdict?

    @Option(name: .customLong("failed-execution"), help: ArgumentHelp("An execution that failed, as the logs name it; may repeat (with --verdict failed).", valueName: "ID"))
    var failedExecutions: [String] = []

    @Option(help: ArgumentHelp("A Chaos Toolkit journal (journal.json of `chaos run`) whose steady state decides.", valueName: "FILE"),
            completion: .file(extensions: ["json"]))
    var journal: String?

    enum InjectorVerdict: String, ExpressibleByArgument, CaseIterable {
        case held, failed
    }

    func validate() throws {
        if verdict != nil && journal != nil { throw ValidationError("give --verdict or --journal, not both") }
        if !failedExecutions.isEmpty && verdict != .failed { throw ValidationError("--failed-execution goes with --verdict failed") }
        if input.paths.isEmpty || input.paths.contains("-") {
            throw ValidationError("record needs the experiment's log files or directories (not stdin): ariadne record \(experiment) LOGS --state \(state)")
        }
    }

    func run() throws {
        let store = StateDirectory(path: state)
        var failures = InputFailures()
        var failed = false
        do {
            try store.lock()
            guard var loop = try store.read() else { throw LoopError.noState(directory: state) }
            let (planned, chosen) = try find(in: loop, store: store)
            let planID = planned.id
            if let earlier = loop.runs.first(where: { $0.experiment == chosen.id }) {
                throw LoopError.alreadyRecorded(id: chosen.id, run: earlier.number)
            }
            var run = LoopRun(number: loop.runs.count + 1, experiment: chosen.id, plan: planID, faults: chosen.faultSet,
                              paths: LoopRunner.absolute(input.paths), executions: 0, verdict: .held, judgedBy: .logs, failedExecutions: [])
            let analysed = try LoopRunner.analyse(run, state: loop, input: input, model: model, failures: &failures)
            let executions = analysed.executions
            guard !executions.isEmpty else {
                throw CLIError(description: "the logs of \(chosen.id) hold no execution; check the paths (and --group-by)", status: 65)
            }
            run.executions = executions.count
            let byLogs = judge(executions, outcomes: loop.outcomes.map(OutcomeSpec.parse).flatMap { $0.expanded(as: planned.model.outcomes) },
                               analysed: analysed)
            let failing: [(execution: Execution, reason: String)]
            if let verdict {
                run.judgedBy = .injector
                if verdict == .failed {
                    let named = Set(failedExecutions.map { run.executionPrefix + $0 })
                    let chosenFailing = named.isEmpty ? byLogs : executions.filter { named.contains($0.id) }.map { ($0, "failed (injector)") }
                    failing = chosenFailing.isEmpty ? byLogs : chosenFailing
                    run.verdict = .failed
                } else {
                    failing = []
                }
            } else if let journal {
                run.judgedBy = .journal
                guard let data = FileManager.default.contents(atPath: journal) else {
                    throw CLIError(description: "cannot read \(journal); pass the journal.json that `chaos run` wrote", status: 66)
                }
                run.verdict = try JournalVerdict.read(data, path: journal)
                failing = run.verdict == .failed ? byLogs : []
            } else {
                run.verdict = byLogs.isEmpty ? .held : .failed
                failing = byLogs
            }
            run.failedExecutions = failing.map(\.execution.id).sorted()
            if run.verdict == .failed {
                let failedIDs = Set(run.failedExecutions)
                var good = executions.filter { !failedIDs.contains($0.id) }
                if good.isEmpty, let baseline = loop.learningRuns.first {
                    good = try LoopRunner.analyse(baseline, state: loop, input: input, model: model, failures: &failures).executions
                }
                run.bug = BugReport.explain(faults: run.faults, failed: failing, good: good)
                failed = true
            }
            loop.runs.append(run)
            try store.write(loop)
            if !input.quiet { for line in report(run) { StandardStreams.error("ariadne: \(line)") } }
        } catch let error as LoopError {
            throw CLIError(description: error.description, status: error.exitStatus)
        } catch let error as AtomicFile.WriteError {
            throw CLIError(description: error.description, status: 74)
        }
        try failures.exitIfFailed()
        if failed { throw ExitCode(1) }
    }

    /// The experiment in the latest plan that has it (by id, or by rank in the latest plan).
    private func find(in loop: LoopState, store: StateDirectory) throws -> (ExperimentPlan, Experiment) {
        for record in loop.plans.reversed() {
            let plan = try store.plan(record.id)
            if let found = plan.experiment(experiment), found.id == experiment || record.id == loop.plans.last?.id {
                return (plan, found)
            }
        }
        throw LoopError.unknownExperiment(id: experiment, directory: state, known: loop.plans.last?.experiments ?? [])
    }

    /// The executions that missed an outcome (or ended in error), with the reason, as the logs show.
    private func judge(_ executions: [Execution], outcomes: [OutcomeSpec],
                       analysed: LoopRunner.Analysed) -> [(execution: Execution, reason: String)] {
        do {
            let model = try RedundancyModel.build(executions: executions, order: analysed.order, outcomes: outcomes,
                                                  modelEdges: analysed.edges, calls: analysed.calls)
            var reasons: [String: String] = [:]
            for outcome in model.outcomes {
                for f in outcome.failed where reasons[f.execution] == nil { reasons[f.execution] = "\(f.reason) ('\(outcome.outcome.pattern)')" }
            }
            return executions.filter { reasons[$0.id] != nil }.map { ($0, reasons[$0.id]!) }
        } catch {
            // No execution reached any outcome at all.
            return executions.map { ($0, "missed outcome") }
        }
    }

    private func report(_ run: LoopRun) -> [String] {
        let style = input.color.style(fd: 2)
        let verdict = style(run.verdict.rawValue, run.verdict == .failed ? .bad : .good)
        let head = "recorded \(run.experiment ?? "?") as run \(run.number): \(run.executions) executions, verdict \(verdict) (by \(run.judgedBy.rawValue))"
        if let bug = run.bug {
            let lines = bug.lines()
            return [head] + lines.prefix(1).map { style($0, .bad) } + lines.dropFirst()
        }
        return [head, "held: the model learns how the system survived; next: ariadne plan --state \(state)"]
    }
}
