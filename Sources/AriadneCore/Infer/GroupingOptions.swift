/// How `ExecutionGrouper` turns a stream of events into executions.
public struct GroupingOptions: Sendable, Equatable {
    /// Id kinds to group by (`--group-by`). `nil` links every kind found on the records. With
    /// `IDDiscoveryStage` in front, a kind no pattern names is looked for in fields and message tokens.
    public var groupBy: [String]?
    /// With `groupBy`: kinds whose values are ids of another kind (`--group-by rid=request_id`), kind →
    /// the kind its ids take (one of `groupBy`): what discovery decides for a kind under another name.
    public var aliases: [String: String]
    /// An execution closes once the log clock (the latest event time seen) has moved more than this many
    /// nanoseconds past its last event (`--idle`). `nil` keeps executions open until `finish()`.
    public var idleTimeout: Int64?
    /// Guard against shared ids (a host, a constant): an id value that would link more than this many
    /// other id values is refused, its execution is split back apart without it, and it never links again.
    public var maxPartners: Int
    /// An execution closes once it has had no new event for this many nanoseconds of wall-clock time
    /// (`--idle-wall`), so streams whose timestamps stand still (or are absent) do not grow without bound.
    /// Checked whenever an event arrives and on `ExecutionGrouper.closeIdle()`. `nil` never closes by wall time.
    public var idleWallClock: Int64?
    /// At most this many executions stay open (`--max-open`); beyond it the least recently active one
    /// closes first. `nil` is unlimited.
    public var maxOpenExecutions: Int?

    /// An execution closes once this many events have been added after its last one (`--window`); a
    /// later event with one of its ids is counted as late, not grouped (see `ExecutionGrouper`). `nil`
    /// keeps executions open until `finish()` (or another limit closes them).
    public var windowEvents: Int?

    /// The window used by default (files and streams): 200,000 events.
    public static let defaultWindowEvents = 200_000

    /// Wall-clock idleness used on live streams by default: 5 minutes.
    public static let defaultStreamIdleWallClock: Int64 = 300_000_000_000
    /// Cap on open executions used on live streams by default.
    public static let defaultStreamMaxOpenExecutions = 10_000

    /// Creates grouping options; see each property.
    public init(groupBy: [String]? = nil, aliases: [String: String] = [:], idleTimeout: Int64? = nil, maxPartners: Int = 1000,
                idleWallClock: Int64? = nil, maxOpenExecutions: Int? = nil, windowEvents: Int? = nil) {
        self.groupBy = groupBy
        self.aliases = aliases
        self.idleTimeout = idleTimeout
        self.maxPartners = maxPartners
        self.idleWallClock = idleWallClock
        self.maxOpenExecutions = maxOpenExecutions.map { max(1, $0) }
        self.windowEvents = windowEvents.map { max(1, $0) }
    }
}
