import AriadneCore
import ArgumentParser
import Foundation

/// Options naming the good outcomes.
struct OutcomeOptions: ParsableArguments {
    @Option(name: .customLong("outcome"),
            help: "A good outcome: an event type or regex, or 'POST if PRE'; may repeat. Default: proposed from the logs.")
    var outcomes: [String] = []

    var specs: [OutcomeSpec] { outcomes.map(OutcomeSpec.parse) }
}

/// Builds the redundancy model from logs.
enum RedundancyRunner {
    static func model(input: InputOptions, model: ModelOptions, outcomes: OutcomeOptions) throws -> RedundancyModel {
        let (pipeline, causal, _) = try PipelineRunner.run(input: input, model: model, keepExecutions: true)
        let edges = causal.tolerant.happensBefore.map { ModelEdge(before: $0.before, after: $0.after, support: $0.support) }
        do {
            return try RedundancyModel.build(executions: pipeline.executions, order: pipeline.order,
                                             outcomes: outcomes.specs, modelEdges: edges)
        } catch let error as HypothesisError {
            throw ValidationError(error.description)
        }
    }
}

/// `ariadne model`: the redundancy model, per good outcome.
struct Model: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show every way each good outcome was reached: classes, supports, retries and fallbacks."
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var outcomes: OutcomeOptions

    @Option(help: "Output format: text or json.")
    var format: TableFormat = .text

    func run() throws {
        try ExitStatus.run {
            let redundancy = try RedundancyRunner.model(input: input, model: model, outcomes: outcomes)
            switch format {
            case .text:
                StandardStreams.write(redundancy.text())
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                StandardStreams.write(Array(try encoder.encode(redundancy)) + [10])
            }
        }
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
            The JSON form is documented in docs/hypotheses-json.md.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var outcomes: OutcomeOptions

    @Option(help: "Largest number of faults in a hypothesis.")
    var budget: Int = 3

    @Option(help: "A fault point id accepted as a known single point of failure; may repeat.")
    var accept: [String] = []

    @Option(help: "Output format: text (a ranked table) or json.")
    var format: TableFormat = .text

    @Option(help: "Show at most this many hypotheses in the table.")
    var limit: Int = 50

    func validate() throws {
        guard (1...8).contains(budget) else { throw ValidationError("--budget must be between 1 and 8") }
    }

    func run() throws {
        try ExitStatus.run {
            let redundancy = try RedundancyRunner.model(input: input, model: model, outcomes: outcomes)
            let report = Hypothesizer.report(for: redundancy, options: HypothesisOptions(budget: budget, accepted: Set(accept)))
            switch format {
            case .text: StandardStreams.write(report.table(limit: limit))
            case .json: StandardStreams.write(try report.json() + "\n")
            }
        }
    }
}
