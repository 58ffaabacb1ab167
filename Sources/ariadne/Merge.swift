import AriadneCore
import ArgumentParser
import Foundation

/// `ariadne merge`: models of disjoint shards into the model of their union.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge models inferred from disjoint sets of executions into the model of their union.",
        discussion: "Process a log archive in shards (`ariadne infer --format json`) and merge the results."
    )

    @Argument(help: "Model files written by `ariadne infer --format json` (at least one).")
    var models: [String]

    @Option(help: "Output format: text, json, dot.")
    var format: Infer.Format = .json

    @Option(name: .shortAndLong, help: "Write the merged model to FILE instead of stdout.")
    var output: String?

    func validate() throws {
        guard !models.isEmpty else { throw ValidationError("name at least one model file") }
    }

    func run() throws {
        var merged: CausalModel?
        for path in models {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw ValidationError("cannot read \(path): \(error.localizedDescription)")
            }
            let model: CausalModel
            do {
                model = try CausalModel.read(json: data)
            } catch {
                StandardStreams.error("ariadne: \(path): \(error)")
                throw ExitCode(65)
            }
            do {
                merged = try merged.map { try CausalModel.merge($0, model) } ?? model
            } catch {
                StandardStreams.error("ariadne: \(path): \(error)")
                throw ExitCode(65)
            }
        }
        try ModelOutput.write(merged!, format: format, to: output)
    }
}
