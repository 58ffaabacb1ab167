import AriadneCore
import ArgumentParser
import Foundation

/// `ariadne parse`: logs to events, one JSON object per line.
struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse logs into events (JSON Lines on stdout, or FILE with -o).",
        discussion: """
            Each input's format is detected from its first lines (or forced with --pattern); the chosen \
            pattern is reported on stderr. Every line is accounted for: lines matching no record pattern \
            are still emitted, as events typed by their masked template, and counted. See the README's \
            "Event schema" for the output. Events are JSON Lines: one compact object per line.

            Examples:
              ariadne parse app.log | head
              ariadne parse -o events.jsonl --stats-json stats.json logs/
              kubectl logs -f pod | ariadne parse -p logfmt -
            """
    )

    @OptionGroup var input: InputOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Write events to FILE instead of stdout.", valueName: "FILE"),
            completion: .file())
    var output: String?

    func run() throws {
        Allocator.keepLargeBuffers()
        let writer = try OutputFile(path: output)
        let statsFile = try input.openStats()
        let (library, pattern) = try input.loadPatterns()
        var failures = InputFailures()
        let sources = failures.expand(input.paths)
        let options = input.parseOptions(library: library, pattern: pattern, sources: sources)
        let session = ParseSession(options: options, output: .jsonLines { writer.write($0) })
        let reporter = RunReporter(quiet: input.quiet, style: input.color.style(fd: 2))
        session.progress = { bytes, lines in reporter.progress(bytes: bytes, lines: lines) }
        session.onInputStart = { reporter.announce($0) }
        session.onSkip = { reporter.skipped($0) }
        session.skip(failures.skipped)
        session.afterLiveBatch = { writer.flush() }
        for source in sources {
            do {
                try session.parse(source)
            } catch {
                failures.record(error)
            }
        }
        writer.close()
        failures.checkSomethingWasRead(paths: input.paths, stats: session.stats)
        reporter.summary(session.stats, detailed: input.stats)
        try input.writeStats(session.stats, to: statsFile)
        try failures.exitIfFailed()
    }
}
