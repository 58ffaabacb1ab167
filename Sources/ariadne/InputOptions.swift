import AriadneCore
import ArgumentParser
import Foundation

/// Options shared by every command that reads logs.
struct InputOptions: ParsableArguments {
    @Argument(help: "Log files, directories, globs or .gz archives; '-' or nothing reads stdin.")
    var paths: [String] = []

    @Option(name: .shortAndLong, help: "Pattern NAME or FILE for every input, instead of detecting one.")
    var pattern: String?

    @Option(name: .customLong("patterns"), help: "Extra folder (or file) of pattern files; may repeat.")
    var patternDirectories: [String] = []

    @Option(help: "Worker threads for large inputs.")
    var threads: Int = 2

    @Flag(help: "Print per-input statistics (lines, records, unmatched lines, events per type) on stderr.")
    var stats = false

    @Option(name: .customLong("stats-json"), help: "Also write the run's statistics as JSON to FILE (see README).")
    var statsJSON: String?

    @Flag(name: .shortAndLong, help: "No summary or progress on stderr.")
    var quiet = false

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    /// Writes `stats` to `--stats-json`, if given.
    func writeStats(_ stats: ParseStats) throws {
        guard let statsJSON else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        do {
            let document = StatsDocument(ariadneStats: 1, inputs: stats.inputs, eventTypes: stats.eventTypes,
                                         skipped: stats.skipped)
            try (encoder.encode(document) + Data("\n".utf8)).write(to: URL(fileURLWithPath: statsJSON))
        } catch {
            throw ValidationError("cannot write \(statsJSON): \(error.localizedDescription)")
        }
    }

    /// The pattern library and the forced pattern, if any.
    func loadPatterns() throws -> (PatternLibrary, LogPattern?) {
        let library = try PatternLibrary(directories: patternDirectories)
        for warning in library.warnings { StandardStreams.error("ariadne: \(warning)") }
        return (library, try pattern.map { try library.pattern(named: $0) })
    }
}

/// The `--stats-json` file: a format version, then the library's statistics.
private struct StatsDocument: Encodable {
    let ariadneStats: Int
    let inputs: [InputStats]
    let eventTypes: [String: Int]
    let skipped: [SkippedInput]
}
