import AriadneCore
import ArgumentParser
import Foundation

/// `ariadne patterns`: list the patterns, print one, or show how a sample parses.
struct Patterns: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the log patterns, print one to copy, or test one on a sample.",
        discussion: """
            The shipped patterns are read from $ARIADNE_PATTERNS, else share/ariadne/patterns next to \
            the binary, else the Patterns/ folder of the source tree; --patterns adds a folder or file.

            Examples:
              ariadne patterns
              ariadne patterns show log4j > mine.yaml
              ariadne patterns test --patterns mine.yaml -p mine sample.log
              ariadne patterns infer app.log > app.yaml
            """,
        subcommands: [List.self, Show.self, Test.self, Infer.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the available patterns (the default).")

        @OptionGroup var patternFolders: PatternFolderOptions

        func run() throws {
            let library = try patternFolders.load()
            let patterns = library.patterns + [LogPattern.generic]
            let nameWidth = patterns.map(\.name.count).max() ?? 0
            let formatWidth = patterns.map(\.format.rawValue.count).max() ?? 0
            let width = StandardStreams.terminalColumns
            var text = ""
            for pattern in patterns {
                let line = pattern.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
                    + pattern.format.rawValue.padding(toLength: formatWidth, withPad: " ", startingAt: 0) + "  "
                    + "\(String(pattern.eventRuleCount).leftPadded(4)) rules  "
                text += Self.hanging(line, pattern.summary, width: width) + "\n"
            }
            text += "\nfrom: \(library.directories.joined(separator: ", "))\n"
            StandardStreams.write(text)
        }

        /// `head` then `body`, the body wrapped to `width` with continuation lines aligned under its start.
        static func hanging(_ head: String, _ body: String, width: Int?) -> String {
            guard let width, head.count + body.count > width, width - head.count >= 20 else { return head + body }
            let indent = String(repeating: " ", count: head.count)
            var lines: [String] = []
            var current = ""
            for word in body.split(separator: " ") {
                if !current.isEmpty, head.count + current.count + 1 + word.count > width {
                    lines.append(current)
                    current = String(word)
                } else {
                    current += (current.isEmpty ? "" : " ") + word
                }
            }
            lines.append(current)
            return head + lines.joined(separator: "\n" + indent)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a pattern file, to copy and adapt (ariadne patterns show log4j > mine.yaml)."
        )

        @Argument(help: ArgumentHelp("The pattern's NAME (see `ariadne patterns`).", valueName: "NAME"),
                  completion: .custom { _, _, _ in PatternNames.all() })
        var name: String

        @OptionGroup var patternFolders: PatternFolderOptions

        func run() throws {
            let library = try patternFolders.load()
            guard let pattern = library.patterns.first(where: { $0.name == name }) else {
                let names = library.patterns.map(\.name)
                let nearest = names.min { EditDistance.between(name, $0) < EditDistance.between(name, $1) }
                var message = "no pattern file named '\(name)'"
                if let nearest, EditDistance.between(name, nearest) <= max(2, name.count / 3) {
                    message += "; did you mean '\(nearest)'?"
                }
                if name == LogPattern.generic.name || name == LogPattern.events.name {
                    message = "'\(name)' is built in, not a pattern file"
                }
                throw ValidationError(message + " Known: \(names.joined(separator: ", "))")
            }
            StandardStreams.write(Array(try Merge.readFile(pattern.file)))
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show how each line of a sample parses: record or not, and the event it becomes."
        )

        @Argument(help: ArgumentHelp("A sample log FILE.", valueName: "FILE"), completion: .file())
        var file: String

        @Option(name: .shortAndLong, help: ArgumentHelp("Pattern NAME or FILE (default: detect).", valueName: "NAME|FILE"),
                completion: .custom { _, _, _ in PatternNames.all() })
        var pattern: String?

        @OptionGroup var patternFolders: PatternFolderOptions

        @Option(parsing: .unconditional, help: ArgumentHelp("Show at most N events (1 or more).", valueName: "N"))
        var limit: Int = 50

        func validate() throws {
            guard limit >= 1 else { throw ValidationError("--limit must be 1 or more (got \(limit))") }
        }

        func run() throws {
            let library = try patternFolders.load()
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

extension Patterns {
    struct Infer: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the layout inferred from a log's first lines as a pattern file to edit and pass with --patterns.",
            discussion: """
                The same inference a run uses when no shipped pattern fits a file: the timestamp, the header \
                fields whose shape agrees across lines, then the message.

                Example:
                  ariadne patterns infer app.log > app.yaml
                  ariadne parse --patterns app.yaml -p app app.log
                """
        )

        @Argument(help: ArgumentHelp("A log FILE ('-' for stdin).", valueName: "FILE"), completion: .file())
        var file: String

        @Option(help: ArgumentHelp("The pattern's name in the file.", valueName: "NAME"))
        var name: String = "inferred"

        @Option(help: ArgumentHelp("Lines sampled (1 to 100000).", valueName: "N"))
        var lines: Int = 64

        func validate() throws {
            guard (1...100_000).contains(lines) else { throw ValidationError("--lines must be 1 to 100000 (got \(lines))") }
            guard !name.isEmpty, name.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 95 }) else {
                throw ValidationError("--name must be lowercase letters, digits, '-' or '_' (got '\(name)')")
            }
            guard name != LogPattern.generic.name, name != LogPattern.events.name else {
                throw ValidationError("--name cannot be '\(name)', which is built in")
            }
        }

        func run() throws {
            let input = file == "-" ? InputSource.standardInput : InputSource(path: file)
            guard let layout = try InferredLayout.infer(from: input, lines: lines, name: name) else {
                throw CLIError(description: "\(file): no layout found: the first \(lines) lines share no timestamp "
                    + "and no header; write a pattern by hand (`ariadne patterns show log4j` is a start, see Patterns/README.md)",
                    status: 65)
            }
            StandardStreams.error("ariadne: \(file): pattern inferred: \(layout.description)")
            StandardStreams.write(layout.yaml)
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
