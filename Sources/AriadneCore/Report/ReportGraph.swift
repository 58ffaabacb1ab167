/// A small directed graph to draw in the report: the call graph, a class's causal graph, or an
/// outcome's supports as alternative paths. Laid out by Graphviz `dot` when it is installed, else by
/// `LayeredLayout` (see `GraphRenderer`).
struct ReportGraph: Sendable, Equatable {
    /// How a node or edge stands out (a CSS class of the drawing).
    enum Tone: String, Sendable {
        /// An ordinary node or edge.
        case plain
        /// What the reader must see: a point every path goes through (a single point of failure), an
        /// outcome's event types.
        case accent
        /// Where paths start and end (an execution's start, its outcome).
        case terminal
        /// Context: a weak or one-way relation.
        case muted
    }

    /// One node: `label` is shown (shortened when long), `detail` is its tooltip.
    struct Node: Sendable, Equatable {
        var id: String
        var label: String
        var detail: String?
        var tone: Tone = .plain
    }

    /// One edge, optionally labelled; dashed for one-way messages or weak relations.
    struct Edge: Sendable, Equatable {
        var from: String
        var to: String
        var label: String?
        var dashed = false
        var tone: Tone = .plain
    }

    /// Unique within the document (prefixes the drawing's element ids).
    var id: String
    /// What the drawing shows, for people using a screen reader.
    var title: String
    /// Nodes in a deterministic order (the order the fallback layout starts from).
    var nodes: [Node]
    /// Edges between those nodes (edges naming unknown nodes are left out when drawn).
    var edges: [Edge]

    /// Node labels are wrapped at spaces into lines of at most this many characters...
    static let lineLimit = 28
    /// ...and at most this many lines; the rest is cut with an ellipsis (the whole text is the tooltip).
    static let maxLines = 2

    /// `label` on at most `maxLines` lines of at most `lineLimit` characters, wrapped at spaces (a word
    /// longer than a line is cut), the last line ending in an ellipsis when text was left out.
    static func lines(_ label: String) -> [String] {
        var words = label.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
        var lines: [String] = []
        while !words.isEmpty && lines.count < maxLines {
            var line = words.removeFirst()
            while let next = words.first, line.count + 1 + next.count <= lineLimit {
                line += " " + next
                words.removeFirst()
            }
            if line.count > lineLimit {
                words.insert(String(line.dropFirst(lineLimit)), at: 0)
                line = String(line.prefix(lineLimit))
            }
            lines.append(line)
        }
        if !words.isEmpty, let last = lines.popLast() {
            lines.append(String(last.prefix(lineLimit - 1)) + "…")
        }
        return lines.isEmpty ? [""] : lines
    }

    /// The edges whose ends are both nodes of the graph, without self-loops or repeats.
    var drawableEdges: [Edge] {
        let known = Set(nodes.map(\.id))
        var seen = Set<[String]>()
        return edges.filter { known.contains($0.from) && known.contains($0.to) && $0.from != $0.to && seen.insert([$0.from, $0.to]).inserted }
    }
}
