/// A happens-before relation of the causal model between two event types, with the number of
/// executions that support it. Hypotheses cite the relations they rely on; when given, message
/// edges between processes are only drawn along these relations.
public struct ModelEdge: Sendable, Hashable, Codable, Comparable {
    /// The event type that happens first.
    public var before: String
    /// The event type that happens after it.
    public var after: String
    /// How many executions support the relation.
    public var support: Int

    public init(before: String, after: String, support: Int) {
        self.before = before
        self.after = after
        self.support = support
    }

    public static func < (a: ModelEdge, b: ModelEdge) -> Bool {
        (a.before, a.after, a.support) < (b.before, b.after, b.support)
    }
}
