import AriadneCore
import ArgumentParser
import Foundation

/// `ariadne infer`: the causal model of the system, mined from many executions.
struct Infer: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Infer the causal model (happens-before, exclusion, co-occurrence, repetition) from executions.",
        discussion: """
            Reads logs or the events JSON of `ariadne parse`, groups events into executions by their \
            (linked) execution ids, and keeps every relation between event types that no execution \
            contradicts (Mystery Machine, OSDI 2014). When no pattern names the ids, they are discovered \
            from the fields and message tokens (Stitch, OSDI 2016) and the choice is printed. Output: a summary (text), the versioned model \
            (--format json, mergeable with `ariadne merge`), Graphviz of the happens-before graph (--format dot), \
            or Graphviz of the call graph between services (--format calls) or hosts (--format calls-hosts).

            Examples:
              ariadne infer logs/
              ariadne infer --format json -o model.json --group-by block logs/*.log.gz
              ariadne infer --format dot logs/ | dot -Tsvg > model.svg
              ariadne infer --format calls logs/ | dot -Tsvg > calls.svg
              tail -f app.log | ariadne infer --format json --every 1000 -
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, dot, calls
        case callsHosts = "calls-hosts"
    }

    @OptionGroup var input: InputOptions
    @OptionGroup var model: ModelOptions

    @Option(help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .text

    @OptionGroup var output: OutputOptions

    @Option(parsing: .unconditional,
            help: ArgumentHelp("On a stream, also write the model to stdout after every N newly closed executions (0: only at the end).",
                               valueName: "N"))
    var every: Int = 0

    func validate() throws {
        guard every >= 0 else { throw ValidationError("--every must be 0 or more (got \(every))") }
        guard every == 0 || output.output == nil else { throw ValidationError("--every writes snapshots to stdout; drop --output") }
    }

    func run() throws {
        let file = try output.open()
        var failures = InputFailures()
        let (_, causal, stats) = try PipelineRunner.run(input: input, model: model, keepExecutions: false, failures: &failures) { pipeline in
            guard every > 0 else { return }
            var closed = 0
            pipeline.onExecution = { _ in
                closed += 1
                if closed % every == 0 {
                    try? ModelOutput.write(pipeline.snapshot(), format: format, to: file, pretty: false)
                    file.flush()
                }
            }
        }
        try ModelOutput.write(causal, format: format, to: file, pretty: output.pretty && every == 0)
        file.close()
        if causal.executions == 0 {
            StandardStreams.error("ariadne: WARNING: the model is empty: " + (stats.total(\.lines) == 0
                ? "the inputs held no lines; check the paths (an empty file, or a stream that sent nothing)"
                : "no execution was formed from \(stats.total(\.lines)) lines; see the grouping line above and --group-by"))
        }
        try failures.exitIfFailed()
    }
}

/// Writes a causal model in one of the output formats.
enum ModelOutput {
    /// Writes `model`; JSON is one compact line unless `pretty`, so a stream of snapshots is JSON Lines.
    static func write(_ model: CausalModel, format: Infer.Format, to file: OutputFile, pretty: Bool) throws {
        switch format {
        case .json:
            let json = try model.jsonData()
            file.write((pretty ? json : JSONText.compact(json)) + Data("\n".utf8))
        case .dot: file.write(model.dot())
        case .calls: file.write((model.calls ?? CallGraph()).dot(level: .service))
        case .callsHosts: file.write((model.calls ?? CallGraph()).dot(level: .host))
        case .text:
            var summary = model.summary()
            if !summary.hasSuffix("\n") { summary += "\n" }
            let width = file.path == nil ? StandardStreams.terminalColumns : nil
            file.write(TypeLegend.append(to: summary, full: summary, templates: model.templates, width: width))
        }
    }
}
