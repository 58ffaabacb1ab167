extension ReportBuilder {
    /// Largest graph drawn: beyond it, the nodes seen in the most executions are kept and the rest named.
    static let maxGraphNodes = 40

    /// The service call graph (and the host graph when it shows more), from the causal model.
    func callGraphSection() -> String {
        guard let calls = input.model?.calls else { return "" }
        var out = ""
        let levels: [(String, [CallGraph.Edge])] = [("services", calls.serviceEdges), ("hosts", calls.hostEdges)]
        let serviceNodes = Set(calls.serviceEdges.flatMap { [$0.from, $0.to] })
        for (name, edges) in levels {
            let nodes = Set(edges.flatMap { [$0.from, $0.to] })
            if name == "hosts" && (nodes.count <= serviceNodes.count || edges.count > 3 * Self.maxGraphNodes) { continue }
            if edges.isEmpty {
                out += "<p class=\"note\">No call between \(name) was seen in \(calls.executions) execution(s).</p>\n"
                continue
            }
            let kept = Set(nodes.sorted().prefix(Self.maxGraphNodes))
            let graph = ReportGraph(
                id: "calls-\(name)", title: "Calls between \(name)",
                nodes: nodes.sorted().filter(kept.contains).map { ReportGraph.Node(id: $0, label: $0) },
                edges: edges.map { edge in
                    ReportGraph.Edge(from: edge.from, to: edge.to, label: "\(edge.executions)/\(edge.together)",
                                     dashed: edge.kind == .oneway, tone: edge.evidence == .reference ? .muted : .plain)
                })
            out += "<h3>Calls between \(name)</h3>\n" + figure(graph)
            if nodes.count > kept.count { out += "<p class=\"note\">\(nodes.count - kept.count) more \(name) not drawn.</p>\n" }
        }
        guard !out.isEmpty else { return "" }
        return "<p>Who calls whom, read from the order of each execution's records. An edge's label is the executions "
            + "showing the call over those in which both ends appear; dashed: a one-way message.</p>\n" + out
    }

    /// The causal graph of one class: the model's happens-before relations among the event types its
    /// executions show, transitively reduced; the outcome's types stand out.
    func causalGraph(id: String, title: String, types counted: [String: Int], outcomeTypes: Set<String>) -> (String, Int)? {
        guard let model = input.model, !counted.isEmpty else { return nil }
        let ranked = counted.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        let kept = Set(ranked.prefix(Self.maxGraphNodes).map(\.key))
        let relations = model.tolerant.happensBefore.filter { kept.contains($0.before) && kept.contains($0.after) }
        let reduced = CausalModel.transitiveReduction(relations.map { ($0.before, $0.after) }.sorted { ($0.0, $0.1) < ($1.0, $1.1) })
        let nodes = kept.sorted().map { type in
            ReportGraph.Node(id: type, label: describe(type: type), detail: "\(type): \(describe(type: type)) (\(counted[type] ?? 0) executions)",
                             tone: outcomeTypes.contains(type) ? .accent : .plain)
        }
        let graph = ReportGraph(id: id, title: title, nodes: nodes,
                                edges: reduced.map { ReportGraph.Edge(from: $0.0, to: $0.1) })
        return (figure(graph), counted.count - kept.count)
    }
}
