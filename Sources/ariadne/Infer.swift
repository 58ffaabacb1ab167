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
            contradicts (Mystery Machine, OSDI 2014). Output: a summary (text), the versioned model \
            (--format json, mergeable with `ariadne merge`), or Graphviz (--format dot).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, dot
    }

    @OptionGroup var input: InputOptions
    @OptionGroup var model: ModelOptions

    @Option(help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .text

    @Option(name: .shortAndLong, help: "Write the model to FILE instead of stdout.")
    var output: String?

    @Option(help: "On a stream, also write the model after every N newly closed executions (0: only at the end).")
    var every: Int = 0

    func validate() throws {
        guard every >= 0 else { throw ValidationError("--every must be 0 or more") }
        guard every == 0 || output == nil else { throw ValidationError("--every writes snapshots to stdout; drop --output") }
    }

    func run() throws {
        try ExitStatus.run {
            let (_, causal, _) = try PipelineRunner.run(input: input, model: model, keepExecutions: false) { pipeline in
                guard every > 0 else { return }
                var closed = 0
                pipeline.onExecution = { _ in
                    closed += 1
                    if closed % every == 0 { try? ModelOutput.write(pipeline.snapshot(), format: format, to: nil, snapshot: true) }
                }
            }
            try ModelOutput.write(causal, format: format, to: output, snapshot: every > 0)
        }
    }
}

/// Writes a causal model in one of the output formats.
enum ModelOutput {
    /// Writes `model`; a snapshot in JSON is one compact line, so a stream of them is JSON Lines.
    static func write(_ model: CausalModel, format: Infer.Format, to path: String?, snapshot: Bool = false) throws {
        let data: Data
        switch format {
        case .json where snapshot:
            let object = try JSONSerialization.jsonObject(with: model.jsonData())
            data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) + Data("\n".utf8)
        case .json: data = try model.jsonData() + Data("\n".utf8)
        case .dot: data = Data(model.dot().utf8)
        case .text: data = Data(model.summary().utf8)
        }
        if let path {
            do {
                try data.write(to: URL(fileURLWithPath: path))
            } catch {
                throw ValidationError("cannot write \(path): \(error.localizedDescription)")
            }
        } else {
            StandardStreams.write(Array(data))
        }
    }
}
