/// How `ExecutionGrouper` turns a stream of events into executions.
public struct GroupingOptions: Sendable, Equatable {
    /// Id kinds to group by (`--group-by`). `nil` links every kind found on the records.
    public var groupBy: [String]?
    /// An execution closes once the log clock (the latest event time seen) has moved more than this many
    /// nanoseconds past its last event (`--idle`). `nil` keeps executions open until `finish()`.
    public var idleTimeout: Int64?
    /// Guard against shared ids (a host, a constant): an id value that would link more than this many
    /// other id values is refused, its execution is split back apart without it, and it never links again.
    public var maxPartners: Int

    /// Creates grouping options; see each property.
    public init(groupBy: [String]? = nil, idleTimeout: Int64? = nil, maxPartners: Int = 1000) {
        self.groupBy = groupBy
        self.idleTimeout = idleTimeout
        self.maxPartners = maxPartners
    }
}
