/// One run of the system's protocol: the events that share (linked) execution ids.
public struct Execution: Sendable, Equatable {
    /// Canonical id: the smallest of its linked ids, as `kind=value`.
    public var id: String
    /// Every execution id linked into this execution, sorted.
    public var ids: [ExecutionID]
    /// The execution's events, in input order.
    public var events: [Event] {
        didSet { packed = nil }
    }
    /// The events as the grouper held them while the execution was open (`PackedEvent`, in the order
    /// of `events`), so that an `ExecutionStore` numbering its strings in the same table keeps their
    /// bytes instead of packing them again; nil once `events` changes.
    var packed: PackedEvents?

    public init(id: String, ids: [ExecutionID], events: [Event]) {
        self.id = id
        self.ids = ids
        self.events = events
    }

    init(id: String, ids: [ExecutionID], events: [Event], packed: PackedEvents) {
        self.init(id: id, ids: ids, events: events)
        self.packed = packed
    }

    /// Executions are equal when their ids and events are (however they were held).
    public static func == (a: Execution, b: Execution) -> Bool {
        a.id == b.id && a.ids == b.ids && a.events == b.events
    }
}

/// An execution's events packed (`PackedEvent`), with the table their strings are numbered in.
struct PackedEvents: @unchecked Sendable {
    let strings: EventStrings
    let events: [PackedEvent]
}
