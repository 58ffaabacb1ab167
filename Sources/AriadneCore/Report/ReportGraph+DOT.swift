extension ReportGraph {
    /// The graph as Graphviz DOT, left to right; node names are positions (`n0`, `n1`, ...) so no log
    /// text is ever a DOT identifier, and every label is a quoted, escaped string.
    func dot() -> String {
        let index = Dictionary(nodes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var lines = [
            "digraph \(DOT.quoted(id, lineBreak: " ")) {",
            "  id=\(DOT.quoted(id, lineBreak: " ")); bgcolor=\"transparent\"; rankdir=LR; nodesep=0.25; ranksep=0.45; pad=0.1;",
            "  node [shape=box, style=rounded, fontname=\"sans-serif\", fontsize=11, height=0.3, margin=\"0.12,0.05\"];",
            "  edge [fontname=\"sans-serif\", fontsize=9, arrowsize=0.6];",
        ]
        for (i, node) in nodes.enumerated() where index[node.id] == i {
            let label = DOT.quoted(lines: Self.lines(node.label))
            lines.append("  n\(i) [label=\(label), tooltip=\(DOT.quoted(node.detail ?? node.label, lineBreak: " ")), class=\"\(node.tone.rawValue)\"];")
        }
        for edge in drawableEdges {
            var attributes = ["class=\"\(edge.tone.rawValue)\""]
            if let label = edge.label { attributes.append("label=\(DOT.quoted(label, lineBreak: " "))") }
            if edge.dashed { attributes.append("style=dashed") }
            lines.append("  n\(index[edge.from]!) -> n\(index[edge.to]!) [\(attributes.joined(separator: ", "))];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
