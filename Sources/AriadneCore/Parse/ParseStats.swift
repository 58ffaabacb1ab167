/// What happened to every line of one input. Every line read is in exactly one of `recordLines`,
/// `continuationLines`, `headerLines` or `unmatchedLines` (so nothing is silently dropped).
public struct InputStats: Sendable, Equatable, Codable {
    /// Display name of the input (`-` for stdin).
    public var input: String
    /// The pattern used, and whether it was detected or given.
    public var pattern: String
    /// True when the pattern was detected, false when given with --pattern.
    public var detected: Bool
    /// Share of the detection sample the pattern matched (nil when given with --pattern).
    public var detectionShare: Double?
    /// For a layout inferred from the input (`LayoutInferrer`): what was found and on what share of the
    /// sample, e.g. `timestamp yyyy-MM-dd HH:mm:ss,SSS · level · [host] · message; 99% of lines`.
    public var inferredLayout: String?
    /// Bytes read (decompressed).
    public var bytes: Int = 0
    /// Lines read.
    public var lines: Int = 0
    /// Lines that started a record.
    public var recordLines: Int = 0
    /// Lines appended to the previous record (stack traces, wrapped messages).
    public var continuationLines: Int = 0
    /// Lines matching the pattern's `skip` (CSV headers and the like).
    public var headerLines: Int = 0
    /// Lines that matched no record pattern; each is still emitted as an event of its own.
    public var unmatchedLines: Int = 0
    /// Events written.
    public var events: Int = 0
    /// Lines longer than the line limit, cut to it (the rest of the line is not parsed).
    public var truncatedLines: Int = 0
    /// Matches stopped by a PCRE2 resource limit (the line was then treated as unmatched).
    public var limitHits: Int = 0
    /// Records whose timestamp fitted none of the pattern's formats (kept, without `time`).
    public var badTimestamps: Int = 0
    /// Events without a time: their order against other inputs' is unknown (`untimed_events`).
    public var untimedEvents: Int = 0
    /// The zone given to its times that write none, when not UTC: the zone most of the run's inputs
    /// that write one write (`+01:00`; `local_zone`).
    public var localZone: String?
    /// The year given to its times that say none when no input read with it says one (1970, the
    /// pattern's default; `assumed_year`): the warning names what to type.
    public var assumedYear: Int?
    /// Where the events' hosts and services came from.
    public var hosts = HostCounts()
    /// Why reading stopped early (a truncated archive, a read error), if it did.
    public var error: String?

    /// Empty counters for an input.
    public init(input: String, pattern: String, detected: Bool, detectionShare: Double?) {
        self.input = input
        self.pattern = pattern
        self.detected = detected
        self.detectionShare = detectionShare
    }
}

/// The statistics of a whole parse run.
public struct ParseStats: Sendable, Equatable, Codable {
    /// Per input, in the order read.
    public var inputs: [InputStats] = []
    /// Events per event type.
    public var eventTypes: [String: Int] = [:]
    /// The template of each event type the template miner named (a hash: `T` and 16 hex digits).
    public var templates: [String: String] = [:]
    /// What was found but not read, in the order skipped: what directory walks and globs skipped
    /// (recorded with `ParseSession.skip(_:)`), then binary files they found, as they were reached.
    public var skipped: [SkippedInput] = []

    /// No inputs yet.
    public init() {}

    /// Where hosts came from, over all inputs.
    public var hosts: HostCounts {
        inputs.reduce(into: HostCounts()) { $0.add($1.hosts) }
    }

    /// Sum of a counter over all inputs.
    public func total(_ counter: KeyPath<InputStats, Int>) -> Int {
        inputs.reduce(0) { $0 + $1[keyPath: counter] }
    }
}
