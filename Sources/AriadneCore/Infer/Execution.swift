/// One run of the system's protocol: the events that share (linked) execution ids.
public struct Execution: Sendable, Equatable {
    /// Canonical id: the smallest of its linked ids, as `kind=value`.
    public var id: String
    /// Every execution id linked into this execution, sorted.
    public var ids: [ExecutionID]
    /// The execution's events, in input order.
    public var events: [Event]

    public init(id: String, ids: [ExecutionID], events: [Event]) {
        self.id = id
        self.ids = ids
        self.events = events
    }
}
