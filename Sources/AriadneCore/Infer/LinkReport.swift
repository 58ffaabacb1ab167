/// What `ExecutionGrouper` linked and refused: the explanation of how executions were formed.
public struct LinkReport: Sendable, Equatable {
    /// Events fed to the grouper.
    public var events = 0
    /// Events without any execution id of the grouped kinds: counted, not grouped.
    public var eventsWithoutID = 0
    /// Events whose only ids were refused as shared: counted, not grouped.
    public var eventsWithOnlySharedIDs = 0
    /// Executions handed out so far.
    public var executions = 0
    /// Of those, executions closed because they had no new event for `idleWallClock` of wall-clock time.
    public var closedByWallClock = 0
    /// Of those, executions closed early because more than `maxOpenExecutions` were open.
    public var closedByOpenCap = 0
    /// Of those, executions closed by the window: `windowEvents` events added after their last one.
    public var closedByWindow = 0
    /// Events that carried an id of an execution the window had closed: counted, not grouped.
    public var lateEvents = 0
    /// The first late event's record.
    public var firstLate: SourceLocation?
    /// Per id kind, how many records carried a value of it.
    public var recordsPerKind: [String: Int] = [:]
    /// Links between kinds: how many records carried ids of both kinds and linked them.
    public var kindLinks: [KindLink] = []
    /// Id values refused as shared, in the order they were refused.
    public var refused: [RefusedID] = []

    /// Creates an empty report.
    public init() {}

    /// Two id kinds linked on the same records.
    public struct KindLink: Sendable, Equatable {
        /// The two kinds, sorted.
        public var kinds: [String]
        /// Records on which the two kinds were linked.
        public var records: Int
    }

    /// An id value the guard refused to link through.
    public struct RefusedID: Sendable, Equatable {
        /// The refused id.
        public var id: ExecutionID
        /// How many other id values it would have linked.
        public var partners: Int
        /// The record at which it crossed the limit.
        public var at: SourceLocation
    }

    /// What to say about late events (nil when there were none).
    public var lateWarning: String? {
        guard lateEvents > 0 else { return nil }
        let one = lateEvents == 1
        return "\(lateEvents) late " + (one ? "event" : "events") + " (first at \(firstLate.map(\.description) ?? "?")) carried the id of an "
            + "execution already closed by the window and " + (one ? "was" : "were") + " not grouped; raise --window (or --window 0 to keep every execution open until the input ends)"
    }

    /// A few lines for the terminal.
    public func summary() -> String {
        var lines = ["grouping: \(events) events into \(executions) executions; \(eventsWithoutID) events without id"]
        if closedByWallClock > 0 { lines.append("  \(closedByWallClock) executions closed by wall-clock idleness") }
        if closedByOpenCap > 0 { lines.append("  \(closedByOpenCap) executions closed early: too many open (oldest first)") }
        if closedByWindow > 0 { lines.append("  \(closedByWindow) executions closed by the window before the input ended") }
        if let warning = lateWarning { lines.append("  " + warning) }
        if eventsWithOnlySharedIDs > 0 { lines.append("  \(eventsWithOnlySharedIDs) events carried only shared ids") }
        for (kind, n) in recordsPerKind.sorted(by: { $0.key < $1.key }) { lines.append("  id kind \(kind): \(n) records") }
        for link in kindLinks { lines.append("  linked \(link.kinds.joined(separator: " + ")) on \(link.records) records") }
        for r in refused.prefix(20) {
            lines.append("  refused shared id \(r.id) (would link \(r.partners) ids, at \(r.at))")
        }
        if refused.count > 20 { lines.append("  ... \(refused.count - 20) more refused ids") }
        return lines.joined(separator: "\n")
    }
}
