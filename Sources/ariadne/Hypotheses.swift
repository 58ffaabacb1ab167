import AriadneCore
import ArgumentParser
import Foundation

/// Options naming the good outcomes.
struct OutcomeOptions: ParsableArguments {
    @Option(name: .customLong("outcome"),
            help: ArgumentHelp("A good outcome: an event TYPE, or a REGEX (or text) found in a type, template, message or field; "
                               + "'POST if PRE' for a conditional one; may repeat. Default: proposed from the logs.",
                               valueName: "TYPE|REGEX"))
    var outcomes: [String] = []

    var specs: [OutcomeSpec] { outcomes.map(OutcomeSpec.parse) }
}

/// Builds the redundancy model from logs.
enum RedundancyRunner {
    static func model(input: InputOptions, model: ModelOptions, outcomes: OutcomeOptions,
                      failures: inout InputFailures) throws -> (RedundancyModel, templates: [String: String]?) {
        let reporter = Self.reporter(input, stages: [.parse, .infer, .redundancy])
        defer { reporter.finish() }
        let run = try self.run(input: input, model: model, outcomes: outcomes, failures: &failures, reporter: reporter)
        return (run.redundancy, run.templates)
    }

    /// A reporter for a run through `stages`: on a terminal, the live line names the stage and how far
    /// the redundancy model is (the longest stage on large inputs); nothing with `--quiet`.
    static func reporter(_ input: InputOptions, stages: [AnalysisStage]) -> RunReporter {
        RunReporter(quiet: input.quiet, stages: stages, style: input.color.style(fd: 2))
    }

    /// The redundancy model with what it was built from: the pipeline's executions and order, and the
    /// causal model's relations; with `facts`, the plan's facts too, gathered by the model's second pass
    /// (`RedundancyModel.buildWithFacts`). `reporter` shows the stages' progress.
    static func run(input: InputOptions, model: ModelOptions, outcomes: OutcomeOptions, failures: inout InputFailures,
                    reporter: RunReporter, facts withFacts: Bool = false) throws
        -> (redundancy: RedundancyModel, templates: [String: String]?, pipeline: InferencePipeline, edges: [ModelEdge], causal: CausalModel,
            facts: PlanFacts?) {
        let (pipeline, causal, _) = try PipelineRunner.run(input: input, model: model, keepExecutions: true, failures: &failures,
                                                           reporter: reporter)
        let edges = causal.tolerant.happensBefore.map { ModelEdge(before: $0.before, after: $0.after, support: $0.support) }
        do {
            reporter.begin(.redundancy)
            let progress = { reporter.progress(stageFraction: $0) }
            let (redundancy, facts) = withFacts
                ? try RedundancyModel.buildWithFacts(executions: pipeline.executions, order: pipeline.order, outcomes: outcomes.specs,
                                                     modelEdges: edges, calls: causal.calls, progress: progress)
                : (try RedundancyModel.build(executions: pipeline.executions, order: pipeline.order, outcomes: outcomes.specs,
                                             modelEdges: edges, calls: causal.calls, progress: progress), nil)
            reporter.finish()
            if !input.quiet {
                for message in redundancy.matchReport() { StandardStreams.error("ariadne: \(message)") }
            }
            return (redundancy, causal.templates, pipeline, edges, causal, facts)
        } catch where failures.status != 0 {
            // An input that could not be read explains the empty model: its status (66/65) wins.
            StandardStreams.error("ariadne: \(error)")
            throw ExitCode(failures.status)
        }
    }
}

extension RedundancyRunner {
    /// Whether executions reached an outcome although no event names a host or a service.
    static func lacksFaultPoints(_ redundancy: RedundancyModel) -> Bool {
        redundancy.faultPoints.isEmpty && redundancy.outcomes.contains { $0.supportingExecutions > 0 }
    }

    /// Hypotheses need something to inject faults into: when executions reached an outcome but no event
    /// names a host or a service, says so and how to name them (exit 65) instead of an empty table.
    static func requireFaultPoints(_ redundancy: RedundancyModel) throws {
        guard lacksFaultPoints(redundancy) else { return }
        StandardStreams.error("""
            ariadne: no event names a host or a service, so there are no fault points to inject. Say where hosts are: \
            --host-from field:NAME (a field holding the host or pod; dots reach into nested JSON), --host-from file \
            (one log file per host: api-1.log is host api-1), or a `host` group in the pattern's record regex \
            (Patterns/README.md, "The record regex and its groups").
            """)
        throw ExitCode(65)
    }
}

/// `ariadne model`: the redundancy model, per good outcome.
struct Model: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show every way each good outcome was reached: classes, supports, retries and fallbacks.",
        discussion: """
            --outcome is searched (a PCRE2 regex, or plain text) in each event's type, template (also as \
            'service: template'), message and fields ('name=value'); a message or field match selects only \
            the events whose text matches. Matched events that look like failures (an error level, failure \
            words, a 4xx/5xx status) do not count as reaching a good outcome. Stderr says what each outcome \
            matched; an outcome that matches nothing exits 65 naming the closest templates.

            Examples:
              ariadne model --outcome kv.replica_acked Samples/kvstore/logs
              ariadne model --outcome 'status=2\\d\\d' logs/
              ariadne model --format json -o redundancy.json logs/
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var outcomes: OutcomeOptions

    @Option(help: "Output format: text or json.")
    var format: TableFormat = .text

    @OptionGroup var output: OutputOptions

    func run() throws {
        let file = try output.open()
        var failures = InputFailures()
        let (redundancy, templates) = try RedundancyRunner.model(input: input, model: model, outcomes: outcomes, failures: &failures)
        if RedundancyRunner.lacksFaultPoints(redundancy) {
            StandardStreams.error("ariadne: WARNING: no event names a host or a service, so the supports are empty; see --host-from in `ariadne model --help`")
        }
        switch format {
        case .text:
            let width = file.path == nil ? StandardStreams.terminalColumns : nil
            file.write(TypeLegend.append(to: redundancy.text(width: width), full: redundancy.text(), templates: templates, width: width))
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = output.pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
            file.write(try encoder.encode(redundancy) + Data("\n".utf8))
        }
        file.close()
        try failures.exitIfFailed()
    }
}

/// Text or JSON.
enum TableFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `ariadne hypotheses`: ranked minimal fault sets to inject.
struct Hypotheses: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank the minimal fault sets that cut every known support of a good outcome.",
        discussion: """
            Lineage-driven fault injection (SIGMOD 2015): every minimal set of faults (crash a host or \
            service, delay/error/drop an edge) that knocks out all the ways an outcome was reached, up to \
            --budget faults, smallest first, each with the supports it cuts and the log lines behind it. \
            The JSON form is documented in docs/hypotheses-json.md. On a terminal the table fits its \
            width (cells are abbreviated with an ellipsis); piped or written with -o, rows are in full.

            Examples:
              ariadne hypotheses --outcome kv.replica_acked Samples/kvstore/logs
              ariadne hypotheses --budget 2 --accept crash:role:coordinator logs/
              ariadne hypotheses --format json -o hypotheses.json logs/
            """
    )

    /// The largest `--budget`: the number of minimal hitting sets grows exponentially with it.
    static let maxBudget = 8

    @OptionGroup var input: InputOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var outcomes: OutcomeOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("Largest number of faults in a hypothesis (1 to \(maxBudget)).", valueName: "N"))
    var budget: Int = 3

    @Option(help: ArgumentHelp("A fault point id of the model accepted as a known single point of failure; may repeat.", valueName: "FAULT"))
    var accept: [String] = []

    @Option(help: "Output format: text (a ranked table) or json.")
    var format: TableFormat = .text

    @Option(parsing: .unconditional, help: ArgumentHelp("Show at most N hypotheses in the table (1 or more).", valueName: "N"))
    var limit: Int = 50

    @OptionGroup var output: OutputOptions
    @OptionGroup var report: ReportOptions

    func validate() throws {
        guard (1...Self.maxBudget).contains(budget) else {
            throw ValidationError("--budget must be between 1 and \(Self.maxBudget) (got \(budget))")
        }
        guard limit >= 1 else { throw ValidationError("--limit must be 1 or more (got \(limit))") }
    }

    func run() throws {
        let file = try output.open()
        let reportFile = try self.report.open()
        var failures = InputFailures()
        let reporter = RedundancyRunner.reporter(input, stages: [.parse, .infer, .redundancy, .hypotheses])
        defer { reporter.finish() }
        let built = try RedundancyRunner.run(input: input, model: model, outcomes: outcomes, failures: &failures, reporter: reporter)
        let (redundancy, templates) = (built.redundancy, built.templates)
        try RedundancyRunner.requireFaultPoints(redundancy)
        try redundancy.validate(accepted: accept)
        reporter.begin(.hypotheses)
        let report = Hypothesizer.report(for: redundancy, options: HypothesisOptions(budget: budget, accepted: Set(accept)))
        reporter.finish()
        if reportFile != nil {
            let inputs = input.paths.isEmpty ? "stdin" : input.paths.joined(separator: " ")
            self.report.write(ReportInput(title: "Hypotheses for \(redundancy.outcomes.map(\.outcome.name).joined(separator: ", ")) · \(inputs)",
                                          model: built.causal, redundancy: redundancy, hypotheses: report,
                                          classTypes: ClassEventTypes(executions: built.pipeline.executions, redundancy: redundancy)),
                              to: reportFile, quiet: input.quiet)
        }
        switch format {
        case .text:
            let width = file.path == nil ? StandardStreams.terminalColumns : nil
            file.write(TypeLegend.append(to: report.table(limit: limit, width: width), full: report.table(limit: limit),
                                         templates: templates, width: width))
        case .json: file.write(output.json(Data(try report.json().utf8)))
        }
        file.close()
        try failures.exitIfFailed()
    }
}
