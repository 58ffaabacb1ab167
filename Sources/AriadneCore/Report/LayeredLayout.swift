/// The report's own layout, used when Graphviz is not installed: nodes in columns by longest path from
/// the sources (left to right, as `dot -Grankdir=LR` draws), ordered within a column by the mean
/// position of their neighbours in the previous column (a few sweeps), edges as curves with explicit
/// arrowheads. Cycles are broken by drawing the edges that close them as arcs below the nodes.
/// Deterministic: it depends only on the graph's node and edge order.
struct LayeredLayout {
    let graph: ReportGraph

    static let nodeHeight = 28
    static let rowGap = 14
    /// Space between the lines of a wrapped label.
    static let lineHeight = 15
    static let columnGap = 72
    static let margin = 12
    /// Width of one character of a 12.5px system font, on average (labels are measured, not rendered).
    static let characterWidth = 7.4

    struct Box {
        var x: Int, y: Int, width: Int, height: Int
        var midY: Int { y + height / 2 }
        var right: Int { x + width }
        var midX: Int { x + width / 2 }
        var bottom: Int { y + height }
    }

    /// Columns (lists of node indices, top to bottom) and which edges run backwards.
    func columns() -> (columns: [[Int]], layer: [Int], backward: Set<Int>) {
        let nodes = graph.nodes
        let index = Dictionary(nodes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let edges = graph.drawableEdges.map { (index[$0.from]!, index[$0.to]!) }
        var out = Array(repeating: [Int](), count: nodes.count)
        for (k, e) in edges.enumerated() { out[e.0].append(k) }
        // Depth-first search from each node in order: an edge to a node on the stack closes a cycle.
        var state = Array(repeating: 0, count: nodes.count)  // 0 new, 1 on stack, 2 done
        var backward = Set<Int>()
        for root in nodes.indices where state[root] == 0 {
            var stack: [(node: Int, next: Int)] = [(root, 0)]
            state[root] = 1
            while let top = stack.last {
                if top.next < out[top.node].count {
                    stack[stack.count - 1].next += 1
                    let k = out[top.node][top.next], target = edges[k].1
                    if state[target] == 1 { backward.insert(k) } else if state[target] == 0 {
                        state[target] = 1
                        stack.append((target, 0))
                    }
                } else {
                    state[top.node] = 2
                    stack.removeLast()
                }
            }
        }
        // Longest path from the sources over the forward edges (Kahn's order).
        var indegree = Array(repeating: 0, count: nodes.count)
        for (k, e) in edges.enumerated() where !backward.contains(k) { indegree[e.1] += 1 }
        var layer = Array(repeating: 0, count: nodes.count)
        var ready = nodes.indices.filter { indegree[$0] == 0 }
        var cursor = 0
        while cursor < ready.count {
            let n = ready[cursor]
            cursor += 1
            for k in out[n] where !backward.contains(k) {
                let t = edges[k].1
                layer[t] = max(layer[t], layer[n] + 1)
                indegree[t] -= 1
                if indegree[t] == 0 { ready.append(t) }
            }
        }
        var columns = Array(repeating: [Int](), count: (layer.max() ?? 0) + 1)
        for n in nodes.indices { columns[layer[n]].append(n) }
        // Barycentre sweeps: order each column by the mean row of its predecessors, then of its successors.
        var predecessors = Array(repeating: [Int](), count: nodes.count)
        var successors = Array(repeating: [Int](), count: nodes.count)
        for (k, e) in edges.enumerated() where !backward.contains(k) {
            predecessors[e.1].append(e.0)
            successors[e.0].append(e.1)
        }
        func reorder(_ column: [Int], by neighbours: [[Int]], rows: [Int: Int]) -> [Int] {
            let keyed = column.enumerated().map { position, n -> (Double, Int, Int) in
                let known = neighbours[n].compactMap { rows[$0] }
                let centre = known.isEmpty ? Double(position) : Double(known.reduce(0, +)) / Double(known.count)
                return (centre, position, n)
            }
            return keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
        }
        for _ in 0..<4 {
            for c in columns.indices.dropFirst() {
                let rows = Dictionary(uniqueKeysWithValues: columns[c - 1].enumerated().map { ($1, $0) })
                columns[c] = reorder(columns[c], by: predecessors, rows: rows)
            }
            for c in columns.indices.dropLast().reversed() {
                let rows = Dictionary(uniqueKeysWithValues: columns[c + 1].enumerated().map { ($1, $0) })
                columns[c] = reorder(columns[c], by: successors, rows: rows)
            }
        }
        return (columns, layer, backward)
    }

    /// The drawing as an inline `<svg>` element.
    func svg() -> String {
        let nodes = graph.nodes
        let (columns, _, backward) = columns()
        let labels = nodes.map { ReportGraph.lines($0.label) }
        let widths = labels.map { max(56, Int((Double($0.map(\.count).max() ?? 0) * Self.characterWidth).rounded()) + 24) }
        let heights = labels.map { Self.nodeHeight + ($0.count - 1) * Self.lineHeight }
        var boxes = Array(repeating: Box(x: 0, y: 0, width: 0, height: Self.nodeHeight), count: nodes.count)
        let columnHeights = columns.map { column in column.reduce(0) { $0 + heights[$1] } + max(0, column.count - 1) * Self.rowGap }
        let tallest = columnHeights.max() ?? 0
        let arcRoom = backward.isEmpty ? 0 : 36
        var x = Self.margin
        for (c, column) in columns.enumerated() {
            let width = column.map { widths[$0] }.max() ?? 0
            var y = Self.margin + (tallest - columnHeights[c]) / 2
            for n in column {
                boxes[n] = Box(x: x + (width - widths[n]) / 2, y: y, width: widths[n], height: heights[n])
                y += heights[n] + Self.rowGap
            }
            x += width + Self.columnGap
        }
        let totalWidth = max(x - Self.columnGap + Self.margin, 2 * Self.margin)
        let totalHeight = tallest + 2 * Self.margin + arcRoom
        var parts = ["<svg class=\"layered\" id=\"\(HTML.escape(graph.id))\" role=\"img\" aria-label=\"\(HTML.escape(graph.title))\" "
                     + "width=\"\(totalWidth)\" height=\"\(totalHeight)\" viewBox=\"0 0 \(totalWidth) \(totalHeight)\" xmlns=\"http://www.w3.org/2000/svg\">"]
        let index = Dictionary(nodes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (k, edge) in graph.drawableEdges.enumerated() {
            let a = boxes[index[edge.from]!], b = boxes[index[edge.to]!]
            let path: String, arrow: String, labelAt: (Int, Int), anchor: String
            if backward.contains(k) || a.x >= b.x {
                // An arc below both nodes, ending upwards into the target's bottom.
                let low = max(a.bottom, b.bottom) + 28
                path = "M\(a.midX),\(a.bottom) C\(a.midX),\(low) \(b.midX),\(low) \(b.midX),\(b.bottom + 6)"
                arrow = "\(b.midX),\(b.bottom) \(b.midX - 4),\(b.bottom + 7) \(b.midX + 4),\(b.bottom + 7)"
                labelAt = ((a.midX + b.midX) / 2, low - 4)
                anchor = "middle"
            } else {
                let bend = max(20, (b.x - a.right) / 2)
                path = "M\(a.right),\(a.midY) C\(a.right + bend),\(a.midY) \(b.x - bend),\(b.midY) \(b.x - 6),\(b.midY)"
                arrow = "\(b.x),\(b.midY) \(b.x - 7),\(b.midY - 4) \(b.x - 7),\(b.midY + 4)"
                // Just before the arrowhead, where a fan of edges has spread apart.
                labelAt = (b.x - 10, b.midY - 5)
                anchor = "end"
            }
            var group = "<g class=\"edge \(edge.tone.rawValue)\"><title>\(HTML.escape(nodes[index[edge.from]!].label)) → \(HTML.escape(nodes[index[edge.to]!].label))</title>"
            group += "<path d=\"\(path)\" fill=\"none\"\(edge.dashed ? " stroke-dasharray=\"5,3\"" : "")/><polygon points=\"\(arrow)\"/>"
            if let label = edge.label {
                group += "<text x=\"\(labelAt.0)\" y=\"\(labelAt.1)\" text-anchor=\"\(anchor)\" class=\"elabel\">\(HTML.escape(label))</text>"
            }
            parts.append(group + "</g>")
        }
        for (n, node) in nodes.enumerated() where index[node.id] == n {
            let box = boxes[n]
            parts.append("<g class=\"node \(node.tone.rawValue)\"><title>\(HTML.escape(node.detail ?? node.label))</title>"
                         + "<rect x=\"\(box.x)\" y=\"\(box.y)\" width=\"\(box.width)\" height=\"\(box.height)\" rx=\"6\"/>"
                         + "<text x=\"\(box.midX)\" y=\"\(box.midY + 4 - (labels[n].count - 1) * Self.lineHeight / 2)\" text-anchor=\"middle\">"
                         + labels[n].enumerated().map { k, line in
                             "<tspan x=\"\(box.midX)\"\(k == 0 ? "" : " dy=\"\(Self.lineHeight)\"")>\(HTML.escape(line))</tspan>"
                         }.joined() + "</text></g>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}
