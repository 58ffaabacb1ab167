import AriadneCore
import ArgumentParser
import Foundation

/// Options shared by every command that reads logs.
struct InputOptions: ParsableArguments {
    /// The largest `--threads`: more workers than this only add memory (each holds a batch of megabytes).
    static let maxThreads = 64

    @Argument(help: ArgumentHelp("Log files, directories, globs or .gz archives; '-' or nothing reads stdin.",
                                 valueName: "FILE|DIR"),
              completion: .file())
    var paths: [String] = []

    @Option(name: .shortAndLong,
            help: ArgumentHelp("Pattern NAME (see `ariadne patterns`) or pattern FILE for every input, instead of detecting one.",
                               valueName: "NAME|FILE"),
            completion: .custom { _, _, _ in PatternNames.all() })
    var pattern: String?

    @Option(name: .customLong("patterns"),
            help: ArgumentHelp("Extra folder (or file) of pattern files; may repeat. The shipped ones are in $ARIADNE_PATTERNS (see `ariadne --help`).",
                               valueName: "DIR|FILE"),
            completion: .file(extensions: ["yaml", "yml"]))
    var patternDirectories: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp("Worker threads for large inputs (1 to \(maxThreads)); given, it holds every stage to N threads (default: 2 for parsing, every core after it).", valueName: "N"))
    var threads: Int?

    /// Parsing's workers: `--threads`, or 2.
    var parseThreads: Int { threads ?? 2 }

    @Option(name: .customLong("host-from"),
            help: ArgumentHelp("Where events' hosts come from: auto (the record's own; for records without one, the file name when the inputs are one file per host, or the directory's when they share one name in per-host directories: logs/broker-0/app.log → broker-0), file (every record's host is its file's name: api-1.log → api-1, or that directory's) or field:NAME (a field; dots reach into nested JSON, e.g. field:kubernetes.pod_name).",
                               valueName: "auto|file|field:NAME"),
            transform: { text in
                guard let origin = HostOrigin(argument: text) else {
                    throw ValidationError("--host-from must be auto, file or field:NAME (got '\(text)')")
                }
                return origin
            })
    var hostFrom: HostOrigin = .auto

    @Flag(help: "Print per-input statistics (lines, records, unmatched lines, events per type) on stderr.")
    var stats = false

    @Option(name: .customLong("stats-json"),
            help: ArgumentHelp("Also write the run's statistics as JSON to FILE (see README).", valueName: "FILE"),
            completion: .file())
    var statsJSON: String?

    @Flag(name: .shortAndLong, help: "No summary or progress on stderr.")
    var quiet = false

    @OptionGroup var color: ColorOptions

    func validate() throws {
        if let threads, !(1...Self.maxThreads).contains(threads) {
            throw ValidationError("--threads must be between 1 and \(Self.maxThreads) (got \(threads))")
        }
    }

    /// Opens `--stats-json` now, before the run, so a path that cannot be written fails at once (74).
    func openStats() throws -> OutputFile? {
        try statsJSON.map { try OutputFile(path: $0) }
    }

    /// Writes `stats` to the `--stats-json` file opened by `openStats()`.
    func writeStats(_ stats: ParseStats, to file: OutputFile?) throws {
        guard let file else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let document = StatsDocument(ariadneStats: 1, inputs: stats.inputs, eventTypes: stats.eventTypes, templates: stats.templates,
                                     skipped: stats.skipped, hosts: stats.hosts)
        file.write(try encoder.encode(document) + Data("\n".utf8))
        file.close()
    }

    /// Parse options for reading `sources`: the pattern (or the library to detect one from), threads, and
    /// where hosts come from. A given `--threads` holds the stages after parsing to it too.
    func parseOptions(library: PatternLibrary, pattern: LogPattern?, sources: [InputSource]) -> ParseOptions {
        if let threads { Ariadne.limitWorkers(to: threads) }
        var options = ParseOptions(pattern: pattern, library: library.patterns, threads: parseThreads, hostOrigin: hostFrom,
                                   fileHosts: HostNaming.fileHosts(for: sources, origin: hostFrom))
        options.inputs = sources
        return options
    }

    /// The pattern library (`loaded`, else read from the pattern folders) and the forced pattern, if any.
    func loadPatterns(loaded: PatternLibrary? = nil) throws -> (PatternLibrary, LogPattern?) {
        let library = try loaded ?? PatternFolderOptions.load(directories: patternDirectories)
        return (library, try pattern.map { try library.pattern(named: $0) })
    }
}

/// Pattern names for shell completion of `--pattern`.
enum PatternNames {
    static func all() -> [String] {
        guard let library = try? PatternLibrary() else { return [] }
        return library.patterns.map(\.name) + [LogPattern.generic.name]
    }
}

/// The `--stats-json` file: a format version, then the library's statistics.
private struct StatsDocument: Encodable {
    let ariadneStats: Int
    let inputs: [InputStats]
    let eventTypes: [String: Int]
    let templates: [String: String]
    let skipped: [SkippedInput]
    let hosts: HostCounts
}
