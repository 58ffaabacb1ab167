import AriadneCore
import ArgumentParser

/// Options of the stages after parsing: grouping events into executions and inferring the model.
struct ModelOptions: ParsableArguments {
    @Option(name: .customLong("group-by"),
            help: ArgumentHelp("Execution id kinds to group by, comma-separated: a pattern's id kind (block, request), a field or message key (order), a token prefix (req) or shape (uuid, hex); KIND=AS takes KIND's values as AS ids (rid=request_id); default: the patterns' ids, else discovered ones, linked.",
                               valueName: "KIND,..."))
    var groupByList: String?

    var groupBy: [String] {
        groupByList?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } ?? []
    }

    /// `--group-by`'s kinds (each `KIND=AS` giving AS) and its `KIND=AS` entries (KIND → AS).
    var groupKinds: (kinds: [String], aliases: [String: String]) {
        var kinds: [String] = [], aliases: [String: String] = [:]
        for entry in groupBy {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { aliases[parts[0]] = parts[1] }
            if let kind = parts.last, !kinds.contains(kind) { kinds.append(kind) }
        }
        return (kinds, aliases)
    }

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Clock-skew bound between hosts (e.g. 1ms, 1s); default: 1 ms or the timestamps' resolution.",
                               valueName: "DURATION"),
            transform: { try DurationArgument.parse($0) })
    var skew: DurationArgument?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Close an execution after this much log time without its events (default: 5m on stdin, never for files).",
                               valueName: "DURATION"),
            transform: { try DurationArgument.parse($0) })
    var idle: DurationArgument?

    @Option(name: .customLong("idle-wall"), parsing: .unconditional,
            help: ArgumentHelp("Close an execution after this much wall-clock time without its events (default: 5m on stdin, never for files).",
                               valueName: "DURATION"),
            transform: { try DurationArgument.parse($0) })
    var idleWall: DurationArgument?

    @Option(name: .customLong("max-open"), parsing: .unconditional,
            help: ArgumentHelp("Keep at most N executions open; beyond that the least recently active closes first (default: 10000 on stdin, unlimited for files).",
                               valueName: "N"))
    var maxOpen: Int?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Close an execution once N events have been read after its last one; a later event with its id is counted as late and not grouped (default: \(GroupingOptions.defaultWindowEvents); 0 keeps executions open until the input ends).",
                               valueName: "N"))
    var window: Int?

    /// Bounds of `--max-open`.
    static let maxOpenRange = 1...100_000_000

    func validateStreamLimits() throws {
        if let idleWall, idleWall.nanoseconds <= 0 { throw ValidationError("--idle-wall must be more than 0 (e.g. 30s, 5m)") }
        if let maxOpen, !Self.maxOpenRange.contains(maxOpen) {
            throw ValidationError("--max-open must be between \(Self.maxOpenRange.lowerBound) and \(Self.maxOpenRange.upperBound) (got \(maxOpen))")
        }
        if let window, window < 0 { throw ValidationError("--window must be 0 (no window) or more (got \(window))") }
    }

    func streamLimits(readsStdin: Bool) -> (idleWall: Int64?, maxOpen: Int?) {
        (idleWall?.nanoseconds ?? (readsStdin ? GroupingOptions.defaultStreamIdleWallClock : nil),
         maxOpen ?? (readsStdin ? GroupingOptions.defaultStreamMaxOpenExecutions : nil))
    }

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Fraction of executions that may contradict a relation in the tolerant model (0 to 1).",
                               valueName: "FRACTION"))
    var tolerance: Double = 0.01

    func validate() throws {
        for entry in groupBy where entry.contains("=") {
            let parts = entry.split(separator: "=", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, parts[0] != parts[1] else {
                throw ValidationError("--group-by entry '\(entry)' must be KIND=AS with two different kinds (e.g. rid=request_id)")
            }
        }
        guard (0...1).contains(tolerance) else { throw ValidationError("--tolerance must be between 0 and 1 (got \(tolerance))") }
        try validateStreamLimits()
    }

    func grouping(readsStdin: Bool) -> GroupingOptions {
        let limits = streamLimits(readsStdin: readsStdin)
        let (kinds, aliases) = groupKinds
        return GroupingOptions(groupBy: kinds.isEmpty ? nil : kinds, aliases: aliases,
                               idleTimeout: idle?.nanoseconds ?? (readsStdin ? 300_000_000_000 : nil),
                               idleWallClock: limits.idleWall, maxOpenExecutions: limits.maxOpen,
                               windowEvents: window == 0 ? nil : window ?? GroupingOptions.defaultWindowEvents)
    }

    var inference: InferenceOptions {
        InferenceOptions(skew: skew?.nanoseconds, tolerance: tolerance)
    }
}

/// Reads logs (or events JSON) through the parse stage into an inference pipeline.
enum PipelineRunner {
    /// Reads every input it can; each failure is reported and recorded in `failures` (see `InputFailures`).
    /// `reporter` (default: one following `--quiet`) says what the run does on stderr and shows its progress.
    /// `library`: the pattern library already read (the loop reads it once for all its runs).
    static func run(input: InputOptions, model: ModelOptions, keepExecutions: Bool, failures: inout InputFailures,
                    reporter: RunReporter? = nil, library loaded: PatternLibrary? = nil,
                    configure: (InferencePipeline) -> Void = { _ in }) throws -> (InferencePipeline, CausalModel, ParseStats) {
        Allocator.keepLargeBuffers()
        let statsFile = try input.openStats()
        let (library, pattern) = try input.loadPatterns(loaded: loaded)
        let sources = failures.expand(input.paths)
        let live = sources.contains { $0.isLive }
        let grouping = model.grouping(readsStdin: live)
        let patternKinds = library.patterns.flatMap(\.executionIDKinds) + (pattern?.executionIDKinds ?? [])
        let discovery = IDDiscoveryOptions(patternKinds: Set(patternKinds), decideAfterWallClock: live ? grouping.idleWallClock : nil)
        let pipeline = InferencePipeline(grouping: grouping, inference: model.inference, keepExecutions: keepExecutions,
                                         discovery: discovery)
        configure(pipeline)
        let reporter = reporter ?? RunReporter(quiet: input.quiet, style: input.color.style(fd: 2))
        reporter.startInputs(totalBytes: reporter.showsProgress ? ProgressTracker.totalBytes(of: sources) : nil)
        pipeline.onDiscovery = { reporter.discovered($0) }
        let options = input.parseOptions(library: library, pattern: pattern, sources: sources)
        let session = ParseSession(options: options) { pipeline.add($0) }
        session.afterLiveBatch = {
            pipeline.closeIdle()
            // On a stream nothing later can help: stop instead of reading on without executions.
            if let error = pipeline.discoveryError { ExitStatus.exit(after: error, in: Infer.self) }
        }
        session.progress = { bytes, lines in
            reporter.progress(bytes: bytes, lines: lines, executions: pipeline.executionCount, open: pipeline.openExecutionCount)
        }
        pipeline.onProgress = { [unowned pipeline] in reporter.progress(executions: pipeline.executionCount, open: pipeline.openExecutionCount) }
        session.onInputStart = { reporter.announce($0) }
        session.onSkip = { reporter.skipped($0) }
        session.skip(failures.skipped)
        reporter.begin(.parse)
        for source in sources {
            do {
                try session.parse(source)
            } catch {
                failures.record(error)
            }
            if let last = session.stats.inputs.last, last.input == source.name {
                reporter.progress(bytes: last.bytes, lines: last.lines, executions: pipeline.executionCount, open: pipeline.openExecutionCount)
            }
        }
        reporter.begin(.infer)
        let causal = pipeline.finish()
        reporter.progress(executions: pipeline.executionCount)
        failures.checkSomethingWasRead(paths: input.paths, stats: session.stats)
        reporter.summary(session.stats, detailed: input.stats)
        try input.writeStats(session.stats, to: statsFile)
        if !input.quiet {
            StandardStreams.error(pipeline.linkReport.summary())
        } else if let warning = pipeline.linkReport.lateWarning {
            StandardStreams.error("ariadne: WARNING: \(warning)")
        }
        if let error = pipeline.discoveryError {
            // An input that could not be read may explain it: its status (66/65) wins.
            guard failures.status == 0 else {
                StandardStreams.error("ariadne: \(error)")
                throw ExitCode(failures.status)
            }
            throw error
        }
        return (pipeline, causal, session.stats)
    }
}
