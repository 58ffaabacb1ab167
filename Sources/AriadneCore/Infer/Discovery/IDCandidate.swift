/// A value on one record that might be an execution id, with the kind it would belong to.
public struct IDCandidate: Sendable, Hashable {
    /// Where a candidate was found; it decides how its kind is named.
    public enum Source: String, Codable, Sendable, Comparable {
        /// A field of the record (a record capture, a JSON or logfmt key): the kind is the field's name.
        case field
        /// A `key=value` token in the message (not already a field): the kind is the key.
        case messageKey = "message_key"
        /// A value after a label in the message (`order #123`, `request id 42`): the kind names the label.
        case label
        /// A prefix–separator–value token (`blk_-123`, `req_42`, `tx-0a1b`): the kind is the prefix.
        case prefix
        /// A token recognised by its shape alone: `uuid` or `hex`.
        case shape

        public static func < (a: Source, b: Source) -> Bool { a.rawValue < b.rawValue }
    }

    /// The id space the value would belong to.
    public var kind: String
    /// The value.
    public var value: String
    /// Where it was found.
    public var source: Source

    /// A candidate.
    public init(kind: String, value: String, source: Source) {
        self.kind = kind
        self.value = value
        self.source = source
    }

    /// The execution id this candidate becomes once its kind is chosen.
    public var executionID: ExecutionID { ExecutionID(kind: kind, value: value) }
}
