import AriadneCore
import ArgumentParser

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

    @Flag(name: .shortAndLong, help: "No summary or progress on stderr.")
    var quiet = false

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    /// The pattern library and the forced pattern, if any.
    func loadPatterns() throws -> (PatternLibrary, LogPattern?) {
        let library = try PatternLibrary(directories: patternDirectories)
        return (library, try pattern.map { try library.pattern(named: $0) })
    }
}
