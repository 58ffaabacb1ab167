import AriadneCore
import ArgumentParser
import Foundation

/// `ariadne analyze`: the whole job in one pass, from logs to the plan and what to run next.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse logs in one pass: parse, group, infer, model redundancy, rank hypotheses, plan, and say what to run next.",
        discussion: """
            Reads logs (files, directories, globs, .gz archives, or stdin), groups events into executions, \
            infers the causal model and the call graph, models every way the good outcomes were reached \
            (--outcome, or proposed from the logs), ranks the minimal fault sets that cut them all, and \
            writes the plan into the loop's state directory (--state, the same state `plan --state`, \
            `record` and `status` use). Stdin is saved into the state (DIR/inputs/) so the loop can read \
            it again. Running it again with the same logs gives the same result; after `ariadne record`, \
            it plans from every run recorded. The summary (text, or --format json: docs/analysis.schema.json) \
            goes to stdout; progress goes to stderr (a live line on a terminal, a line every \
            --progress-interval otherwise, nothing with --quiet).

            Exit status: 0 analysed; 1 a bug: an experiment recorded in the state failed (the summary \
            explains it); 64 usage error; 65 an input that cannot be used (no execution or outcome found, \
            no host or service named, a damaged archive, a state from elsewhere); 66 an input that does \
            not exist or cannot be read; 74 an output that cannot be written (-o, the state directory); \
            75 another ariadne holds the state directory.

            Examples:
              ariadne analyze logs/
              ariadne analyze --outcome 'order placed' --state .ariadne logs/*.log.gz
              kubectl logs deploy/api | ariadne analyze --format json -o summary.json
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var outcomes: OutcomeOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("Largest number of faults in a hypothesis (1 to \(Hypotheses.maxBudget)).", valueName: "N"))
    var budget: Int = 3

    @Option(help: ArgumentHelp("A fault point id of the model accepted as a known single point of failure; may repeat.", valueName: "FAULT"))
    var accept: [String] = []

    @Flag(name: .customLong("crash-observers"),
          help: "Also plan crashing the hosts that log the outcome (by default not: crashing an observer removes the outcome without testing redundancy).")
    var crashObservers = false

    @Option(name: .customLong("delay-margin"), parsing: .unconditional,
            help: ArgumentHelp("Delays last this many times the longest wait the logs show on the call (more than 1).", valueName: "X"))
    var delayMargin: Double = 4

    @Option(help: ArgumentHelp("The learning loop's state directory: the plan is written there.", valueName: "DIR"), completion: .directory)
    var state: String = ".ariadne"

    @Option(help: "Summary format: text or json (docs/analysis.schema.json).")
    var format: TableFormat = .text

    @Option(parsing: .unconditional, help: ArgumentHelp("Show the first N hypotheses and experiments (1 or more).", valueName: "N"))
    var top: Int = 5

    @Option(name: .customLong("progress-interval"), parsing: .unconditional,
            help: ArgumentHelp("When stderr is not a terminal, a progress line this often (0s: at every stage).", valueName: "DURATION"),
            transform: { try DurationArgument.parse($0) })
    var progressInterval: DurationArgument?

    @OptionGroup var output: OutputOptions
    @OptionGroup var report: ReportOptions

    func validate() throws {
        guard (1...Hypotheses.maxBudget).contains(budget) else {
            throw ValidationError("--budget must be between 1 and \(Hypotheses.maxBudget) (got \(budget))")
        }
        guard top >= 1 else { throw ValidationError("--top must be 1 or more (got \(top))") }
        guard delayMargin.isFinite, delayMargin > 1, delayMargin <= 1000 else {
            throw ValidationError("--delay-margin must be more than 1 and at most 1000 (got \(delayMargin))")
        }
        if state.isEmpty { throw ValidationError("--state needs a directory") }
        if input.paths.filter({ $0 == "-" }).count > 1 { throw ValidationError("stdin ('-') can be read once") }
        if readsStandardInput && StandardStreams.stdinIsTerminal {
            throw ValidationError("no logs to analyse: name log files or directories, or pipe logs to stdin (ariadne analyze logs/)")
        }
    }

    private var readsStandardInput: Bool { input.paths.isEmpty || input.paths.contains("-") }

    func run() throws {
        let file = try output.open()
        let reportFile = try report.open()
        let interval = progressInterval.map { Double($0.nanoseconds) / 1e9 } ?? 5
        let reporter = RunReporter(quiet: true, warns: !input.quiet, progress: !input.quiet, plainInterval: interval, stages: AnalysisStage.allCases, style: input.color.style(fd: 2))
        defer { reporter.finish() }
        let store = StateDirectory(path: state)
        var failures = InputFailures()
        let result: StatePlanning.Result
        var runInput = input
        do {
            try store.lock()
            if readsStandardInput {
                let saved = try StandardInputCopy.save(into: state, reporter: reporter)
                runInput.paths = input.paths.isEmpty ? [saved] : input.paths.map { $0 == "-" ? saved : $0 }
            }
            let planning = StatePlanning(directory: state, input: runInput, model: model, outcomes: outcomes.outcomes, budget: budget,
                                         accept: accept, crashObservers: crashObservers, delayMargin: delayMargin, limit: nil,
                                         proposesOutcomes: true, ranksHypotheses: true, reporter: reporter, reportsMatches: false)
            result = try planning.run(store: store, failures: &failures)
        } catch let error as LoopError {
            throw CLIError(description: error.description, status: error.exitStatus)
        } catch let error as AtomicFile.WriteError {
            throw CLIError(description: error.description, status: 74)
        }
        reporter.finish()
        let learnt = result.learnt
        let parts = AnalysisSummary.Parts(
            stats: learnt.stats, executions: learnt.executions.count, groupedBy: learnt.groupedBy, calls: learnt.calls,
            model: learnt.redundancy, report: result.hypotheses ?? Hypothesizer.report(for: learnt.redundancy),
            plan: result.plan, planFile: store.planFile(result.plan.id),
            accepted: (Set(accept).union(result.observers)).sorted(), state: result.state, directory: state,
            templates: learnt.templates)
        let summary = AnalysisSummary.build(parts, context: .init(arguments: repeatedArguments, paths: runInput.paths,
                                                                         workingDirectory: FileManager.default.currentDirectoryPath),
                                            top: top)
        switch format {
        case .text: file.write(summary.text(style: input.color.style(for: file)))
        case .json: file.write(try summary.json(pretty: output.pretty))
        }
        file.close()
        if reportFile != nil {
            report.write(ReportInput(title: "Analysis of \(runInput.paths.joined(separator: " ")) · state \(state)", model: learnt.causal,
                                     redundancy: learnt.redundancy, hypotheses: parts.report,
                                     classTypes: ClassEventTypes(executions: learnt.executions, redundancy: learnt.redundancy),
                                     loop: result.state, statePath: state),
                         to: reportFile, quiet: input.quiet)
        }
        try failures.exitIfFailed()
        if summary.status != 0 { throw ExitCode(Int32(summary.status)) }
    }

    /// The options the next commands must repeat to read the logs the same way (the state keeps the
    /// pattern and the id kinds, not the pattern folders or where hosts come from).
    private var repeatedArguments: [String] {
        var arguments: [String] = []
        for folder in input.patternDirectories { arguments += ["--patterns", folder] }
        if input.hostFrom != .auto { arguments += ["--host-from", input.hostFrom.description] }
        return arguments
    }
}
