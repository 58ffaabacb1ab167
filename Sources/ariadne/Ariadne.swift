import AriadneCore
import ArgumentParser

@main
struct AriadneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ariadne",
        abstract: "Reads the raw logs of a distributed system and tells you which faults to inject next.",
        discussion: """
            Pipeline: parse (logs → events) → infer (events → causal model) → hypotheses (model → ranked \
            minimal fault sets). Every command reads files, directories, globs, .gz archives, or stdin \
            ('-' or no path).
            """,
        version: AriadneCore.Ariadne.version,
        subcommands: [Parse.self, Infer.self, Merge.self, Model.self, Hypotheses.self, Patterns.self]
    )
}
