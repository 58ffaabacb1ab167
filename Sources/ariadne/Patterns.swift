import AriadneCore
import ArgumentParser

/// `ariadne patterns`: list the patterns, or show how a sample parses.
struct Patterns: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the log patterns, or test one on a sample.",
        subcommands: [List.self, Test.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the available patterns.")

        @Option(name: .customLong("patterns"), help: "Extra folder (or file) of pattern files; may repeat.")
        var patternDirectories: [String] = []

        func run() throws {
            try ExitStatus.run {
                let library = try PatternLibrary(directories: patternDirectories)
                for warning in library.warnings { StandardStreams.error("ariadne: \(warning)") }
                var text = ""
                for pattern in library.patterns + [LogPattern.generic] {
                    let name = pattern.name.padding(toLength: 16, withPad: " ", startingAt: 0)
                    text += "\(name) \(pattern.format.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) "
                        + "\(String(pattern.eventRuleCount).leftPadded(4)) rules  \(pattern.summary)\n"
                }
                text += "\nfrom: \(library.directories.joined(separator: ", "))\n"
                StandardStreams.write(text)
            }
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show how each line of a sample parses: record or not, and the event it becomes."
        )

        @Argument(help: "A sample log file.")
        var file: String

        @Option(name: .shortAndLong, help: "Pattern NAME or FILE (default: detect).")
        var pattern: String?

        @Option(name: .customLong("patterns"), help: "Extra folder (or file) of pattern files; may repeat.")
        var patternDirectories: [String] = []

        @Option(help: "Show at most this many events.")
        var limit: Int = 50

        func run() throws {
            try ExitStatus.run {
                let library = try PatternLibrary(directories: patternDirectories)
                for warning in library.warnings { StandardStreams.error("ariadne: \(warning)") }
                let (events, stats) = try AriadneCore.Ariadne.parseWithStats(paths: [file], pattern: pattern, library: library)
                var text = ""
                for event in events.prefix(limit) {
                    text += "\(event.source)  \(event.type)\n"
                    if let time = event.time { text += "    time     \(EventJSON.formatTime(time))  (\(event.timeText ?? ""))\n" }
                    for (name, value) in [("host", event.host), ("service", event.service), ("level", event.level)] {
                        if let value { text += "    \(name.padding(toLength: 8, withPad: " ", startingAt: 0)) \(value)\n" }
                    }
                    if !event.executionIDs.isEmpty { text += "    ids      \(event.executionIDs.map(\.description).joined(separator: " "))\n" }
                    for field in event.fields { text += "    .\(field.name) = \(field.value)\n" }
                    text += "    template \(event.template)\n"
                }
                if events.count > limit { text += "... \(events.count - limit) more events (--limit)\n" }
                for input in stats.inputs { text += RunReporter.describe(input) + "\n" }
                StandardStreams.write(text)
            }
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
