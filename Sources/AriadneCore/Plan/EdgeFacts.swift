/// Calls from one process to another.
public struct EdgeFacts: Sendable, Equatable, Codable {
    /// The sending process (a host, or a service logged without hosts).
    public var from: String
    /// The receiving process.
    public var to: String
    /// Messages observed.
    public var calls: Int
    /// Calls whose wait could be measured (the caller logged again afterwards, both records stamped).
    public var measured: Int
    /// The longest wait: from the caller's record that sent the message to its next record.
    public var longestWaitUs: Int64
    /// The longest wait that ended in a timeout-looking record of the caller, when one was logged.
    public var timeoutUs: Int64?
    /// Error-looking records of the caller right after a call, by status, exception and template.
    public var errors: [ErrorFacts]
    /// True when the messages are one-way: the logs show none from the receiver back to the sender and
    /// no error the sender logged after one (nil: not known to be one-way).
    public var oneWay: Bool?
    /// The kinds of message the edge carries (`ExecutionView.edgeKinds`: the receiver's first event type
    /// for each), when it carries two or more; empty otherwise.
    public var kinds: [MessageKindFacts]?
    /// The event type of the sender's records that send the edge's messages (its latest record before
    /// each receipt), the most frequent; nil in facts written before it was kept.
    public var sender: String?

    public init(from: String, to: String, calls: Int, measured: Int, longestWaitUs: Int64, timeoutUs: Int64?, errors: [ErrorFacts],
                oneWay: Bool? = nil, kinds: [MessageKindFacts]? = nil, sender: String? = nil) {
        self.sender = sender
        self.from = from
        self.to = to
        self.calls = calls
        self.measured = measured
        self.longestWaitUs = longestWaitUs
        self.timeoutUs = timeoutUs
        self.errors = errors
        self.oneWay = oneWay
        self.kinds = kinds
    }

    enum CodingKeys: String, CodingKey {
        case from, to, calls, measured, longestWaitUs = "longest_wait_us", timeoutUs = "timeout_us", errors, oneWay = "one_way", kinds, sender
    }
}

/// One kind of message on an edge (`ExecutionView.messageKey` of the receiver's first record for it),
/// and the request fields its receiving records carry.
public struct MessageKindFacts: Sendable, Equatable, Codable {
    /// The event type naming it: the most frequent type of its receiving records (ties: the smallest).
    public var type: String
    /// Messages of this kind observed.
    public var calls: Int
    /// Selecting fields (`PlanFacts.requestFields`) present on every receiving record of this kind,
    /// with their values (sorted, at most 8; a field with more is left out).
    public var fields: [String: [String]]
    /// The event type of the sender's records that send messages of this kind, the most frequent (as
    /// `EdgeFacts.sender`); nil in facts written before it was kept.
    public var sender: String?

    public init(type: String, calls: Int, fields: [String: [String]], sender: String? = nil) {
        self.sender = sender
        self.type = type
        self.calls = calls
        self.fields = fields
    }
}

/// An error a caller logged right after a call.
public struct ErrorFacts: Sendable, Equatable, Codable {
    /// The 4xx/5xx status it carried, if any.
    public var status: String?
    /// The exception it named (`java.io.IOException`, `TimeoutError`), if any.
    public var exception: String?
    /// `timeout`, `refused` or `error`.
    public var trigger: String
    /// Its template.
    public var template: String
    /// How many times.
    public var count: Int

    public init(status: String?, exception: String?, trigger: String, template: String, count: Int) {
        self.status = status
        self.exception = exception
        self.trigger = trigger
        self.template = template
        self.count = count
    }
}
