extension CallGraph {
    /// Which level of the graph to draw.
    public enum Level: String, Sendable {
        case host, service
    }

    /// Graphviz DOT of the edges at `level`: nodes are hosts or services, edges labelled with their
    /// kind and `support/together`; one-way messages dashed, calls found only by reference dotted.
    public func dot(level: Level = .service) -> String {
        let edges = level == .host ? hostEdges : serviceEdges
        var nodes = Set<String>()
        for e in edges { nodes.insert(e.from); nodes.insert(e.to) }
        var lines = ["digraph calls {", "  rankdir=LR;", "  node [shape=box, fontname=\"Helvetica\"];"]
        for n in nodes.sorted() { lines.append("  \(DOT.quoted(n));") }
        for e in edges {
            var attributes = ["label=\"\(e.kind.rawValue) \(e.executions)/\(e.together)\""]
            if e.kind == .oneway { attributes.append("style=dashed") } else if e.evidence == .reference { attributes.append("style=dotted") }
            lines.append("  \(DOT.quoted(e.from)) -> \(DOT.quoted(e.to)) [\(attributes.joined(separator: ", "))];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
