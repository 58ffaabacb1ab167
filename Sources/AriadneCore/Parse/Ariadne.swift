/// Entry points of the Ariadne library for callers that want whole results in memory.
public enum Ariadne {
    /// The version printed by `ariadne --version`.
    public static let version = "0.1.0"

    /// Uses at most `n` threads in the stages after parsing (grouping's calls, the redundancy model,
    /// the plan); parsing takes its own `ParseOptions.threads`. Call before any work starts. Results do
    /// not depend on it.
    public static func limitWorkers(to n: Int) {
        Parallel.limit = max(1, n)
    }

    /// Parses every record of `paths` (files, directories, globs, `.gz` archives, `-` for stdin) into
    /// events, choosing each input's pattern by detection unless `pattern` (a name or a file) is given.
    public static func parse(paths: [String], pattern: String? = nil, library: PatternLibrary? = nil) throws -> [Event] {
        try parseWithStats(paths: paths, pattern: pattern, library: library).events
    }

    /// Like `parse(paths:pattern:)`, also returning the run's statistics.
    public static func parseWithStats(paths: [String], pattern: String? = nil, library: PatternLibrary? = nil) throws
        -> (events: [Event], stats: ParseStats)
    {
        let library = try library ?? PatternLibrary()
        let chosen = try pattern.map { try library.pattern(named: $0) }
        var events: [Event] = []
        let expansion = try InputSource.expand(paths)
        var options = ParseOptions(pattern: chosen, library: library.patterns)
        options.inputs = expansion.inputs
        let session = ParseSession(options: options) { events.append($0) }
        session.skip(expansion.skipped)
        for input in expansion.inputs {
            try session.parse(input)
        }
        return (events, session.stats)
    }
}
