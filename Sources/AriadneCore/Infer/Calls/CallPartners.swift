/// The host pairs that call each other (caller, callee), from a call graph's host edges, with the
/// kind of each call.
public struct CallPartners: Sendable {
    private let kinds: [[String]: CallGraph.Kind]
    /// Per host, the hosts it calls or is called by.
    private let neighbours: [String: Set<String>]
    /// The event types written after their host answered (`CallGraph.TrailTally.isTrailing`).
    private let trailing: Set<String>
    /// The addresses learned for hosts (`CallGraph.aliases`): records name hosts by them too.
    public let aliases: HostAliases

    /// The partners of `graph`'s host edges.
    public init(_ graph: CallGraph) {
        var kinds: [[String]: CallGraph.Kind] = [:]
        var neighbours: [String: Set<String>] = [:]
        for edge in graph.hostEdges {
            kinds[[edge.from, edge.to]] = min(kinds[[edge.from, edge.to]] ?? edge.kind, edge.kind)
            neighbours[edge.from, default: []].insert(edge.to)
            neighbours[edge.to, default: []].insert(edge.from)
        }
        self.kinds = kinds
        self.neighbours = neighbours
        trailing = Set(graph.trailTypes.filter(\.value.isTrailing).keys)
        aliases = graph.aliases
    }

    /// Whether records of `type` are written after their host answered its caller.
    public func isTrailing(_ type: String) -> Bool { trailing.contains(type) }

    /// The hosts `host` calls or is called by (either way, any kind).
    public func partners(of host: String) -> Set<String> { neighbours[host] ?? [] }

    /// Whether `caller` calls (or sends one-way messages to) `callee`.
    public func contains(_ caller: String, _ callee: String) -> Bool { kinds[[caller, callee]] != nil }

    /// How `caller` calls `callee`: a synchronous call (it waits for the answer), a one-way message, or
    /// nil when it does not.
    public func kind(_ caller: String, _ callee: String) -> CallGraph.Kind? { kinds[[caller, callee]] }
}
