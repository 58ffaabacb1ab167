extension ReportBuilder {
    /// Per outcome: its counts, then per class (the largest first) its supports drawn as alternative
    /// paths and its causal graph.
    func outcomesSection() -> String {
        guard let redundancy = input.redundancy, !redundancy.outcomes.isEmpty else { return "" }
        var out = """
        <p>A <em>support</em> is one way an execution reached the outcome: it succeeds while every step of one \
        support is fault-free. Each path from <b>start</b> to the outcome below is one support; points on every \
        path of a class are what a single fault can break.</p>
        <div class="legend"><span><i class="swatch accent"></i>on every path of the class</span>\
        <span><i class="swatch"></i>used by some paths</span><span><i class="swatch terminal"></i>start and outcome</span>\
        <span>solid arrow: a message between the two; dashed: both needed, no message seen</span></div>

        """
        for (o, outcome) in redundancy.outcomes.enumerated() {
            out += "<div class=\"card\">\n<h3>Outcome <code>\(e(outcome.outcome.name))</code></h3>\n"
            out += "<p>\(outcome.supportingExecutions) supporting execution(s) in \(outcome.classes.count) class(es); "
                + "\(outcome.failed.count) failed; \(outcome.notApplicable) not applicable.</p>\n"
            if outcome.outcome.proposed, let reason = outcome.outcome.reason {
                out += "<p class=\"note\">Proposed by Ariadne: \(e(reason))</p>\n"
            }
            for warning in outcome.warnings { out += "<p class=\"note\">Note: \(e(warning))</p>\n" }
            if !outcome.eventTypes.isEmpty {
                out += "<p class=\"note\">Matched event types: " + outcome.eventTypes.map { "<code>\(e(describe(type: $0)))</code>" }.joined(separator: ", ") + "</p>\n"
            }
            for c in outcome.classes.prefix(input.classDrawings) {
                out += classBlock(outcome: o, model: outcome, class: c)
            }
            if outcome.classes.count > input.classDrawings {
                let rest = outcome.classes.dropFirst(input.classDrawings)
                out += "<p class=\"note\">\(rest.count) smaller class(es) not drawn (\(rest.reduce(0) { $0 + $1.executions.count }) execution(s)): "
                    + rest.map { e($0.id) }.joined(separator: ", ") + ".</p>\n"
            }
            if input.classTypes == nil, o == 0,
               let model = input.model,
               let (drawing, hidden) = causalGraph(id: "causal-all", title: "Causal graph of every execution",
                                                   types: Dictionary(uniqueKeysWithValues: model.types.map { ($0.name, $0.executions) }),
                                                   outcomeTypes: Set(outcome.eventTypes)) {
                out += "<h4>Causal graph of all executions</h4>\n" + drawing
                if hidden > 0 { out += "<p class=\"note\">\(hidden) rarer event type(s) not drawn.</p>\n" }
            }
            if !outcome.failed.isEmpty {
                out += "<h4>Failed executions (not used as supports)</h4>\n<ul class=\"plain\">"
                for failed in outcome.failed.prefix(5) {
                    out += "<li><code>\(e(failed.execution))</code> · \(e(failed.reason))\(quote(failed.source))</li>"
                }
                out += "</ul>\n"
                if outcome.failed.count > 5 { out += "<p class=\"note\">and \(outcome.failed.count - 5) more.</p>\n" }
            }
            out += "</div>\n"
        }
        return out
    }

    func classBlock(outcome o: Int, model outcome: OutcomeModel, class c: ExecutionClass) -> String {
        let examples = c.executions.prefix(3).map(\.execution)
        var out = "<h4>Class \(e(c.id)) · \(c.executions.count) execution(s) · \(c.supports.count) support(s)</h4>\n"
        out += "<p class=\"note\">For example " + examples.map { "<code>\(e($0))</code>" }.joined(separator: ", ") + ".</p>\n"
        out += figure(supportGraph(outcome: o, name: outcome.outcome.name, class: c))
        out += "<ul class=\"plain\">"
        for (k, support) in c.supports.enumerated() {
            out += "<li><span class=\"pill\">path \(k + 1)</span> " + support.map { "<code>\(e($0))</code>" }.joined(separator: " · ") + "</li>"
        }
        out += "</ul>\n"
        for alternative in c.alternatives.prefix(5) {
            let triggers = alternative.triggers.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) ×\($0.value)" }
            out += "<p class=\"note\">\(e(alternative.kind.capitalized)) of <code>\(e(describe(type: alternative.eventType)))</code> from "
                + "\(e(alternative.primary)) to \(e(alternative.alternative)) after \(e(triggers.joined(separator: ", "))) "
                + "in \(alternative.executions.count) execution(s).</p>\n"
        }
        if let classTypes = input.classTypes,
           let (drawing, hidden) = causalGraph(id: "causal-\(o)-\(HTML.identifier(c.id))", title: "Causal graph of class \(c.id)",
                                               types: classTypes.types(outcome: o, class: c.id), outcomeTypes: Set(outcome.eventTypes)) {
            out += "<h4>Causal graph of \(e(c.id))</h4>\n" + drawing
            if hidden > 0 { out += "<p class=\"note\">\(hidden) rarer event type(s) not drawn.</p>\n" }
        }
        return out
    }

    /// The supports of a class as paths from a start node to the outcome: each support's processes in
    /// the order its message edges give (a cycle, such as a call and its reply, is read in the order of
    /// the call), consecutive processes joined by a solid arrow when the support holds a message
    /// between them. Processes on every path stand out.
    func supportGraph(outcome o: Int, name: String, class c: ExecutionClass) -> ReportGraph {
        let example = c.executions.first
        var nodes = [ReportGraph.Node(id: "start", label: "start", detail: "an execution of \(c.id) starts", tone: .terminal)]
        var edges: [ReportGraph.Edge] = []
        var seen = Set<String>()
        let paths = c.supports.map(Self.path)
        let everywhere = paths.dropFirst().reduce(Set(paths.first?.steps ?? [])) { $0.intersection($1.steps) }
        for path in paths {
            for step in path.steps where seen.insert(step).inserted {
                let points = c.supports.flatMap { $0 }.filter { Self.process(of: $0) == step }
                let concrete = points.first.map { point in example.map { "; in \($0.execution): \($0.concrete(point))" } ?? "" } ?? ""
                nodes.append(ReportGraph.Node(id: "p:" + step, label: step, detail: "\(step)\(concrete)",
                                              tone: everywhere.contains(step) ? .accent : .plain))
            }
            let ids = ["start"] + path.steps.map { "p:" + $0 } + ["outcome"]
            for k in 0..<(ids.count - 1) {
                let messaged = k > 0 && k < ids.count - 2 && path.messages.contains([path.steps[k - 1], path.steps[k]])
                edges.append(ReportGraph.Edge(from: ids[k], to: ids[k + 1], dashed: k > 0 && k < ids.count - 2 && !messaged))
            }
        }
        nodes.append(ReportGraph.Node(id: "outcome", label: name, detail: "the outcome \(name)", tone: .terminal))
        return ReportGraph(id: "supports-\(o)-\(HTML.identifier(c.id))", title: "Supports of class \(c.id) as alternative paths",
                           nodes: nodes, edges: edges)
    }

    /// The process (role, host or service) a fault point is about; nil for an edge.
    static func process(of point: String) -> String? {
        let parts = point.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1] != "edge" else { return nil }
        return String(parts[2])
    }

    /// The ends of an edge point `kind:edge:A->B`.
    static func ends(of point: String) -> (String, String)? {
        let parts = point.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1] == "edge", let arrow = parts[2].range(of: "->") else { return nil }
        return (String(parts[2][..<arrow.lowerBound]), String(parts[2][arrow.upperBound...]))
    }

    /// A support as an ordered path of processes, with the ordered pairs it holds a message between.
    static func path(_ support: [String]) -> (steps: [String], messages: Set<[String]>) {
        var processes = Set(support.compactMap(process(of:)))
        var messages = Set<[String]>()
        for point in support {
            guard let (a, b) = ends(of: point) else { continue }
            processes.insert(a)
            processes.insert(b)
            messages.insert([a, b])
        }
        // Kahn's order over the messages; when every remaining process has a predecessor (a call and its
        // reply), the one with the fewest, then the smallest name, goes first.
        var remaining = processes
        var steps: [String] = []
        while !remaining.isEmpty {
            let indegree = Dictionary(uniqueKeysWithValues: remaining.map { p in
                (p, messages.filter { $0[1] == p && remaining.contains($0[0]) && $0[0] != p }.count)
            })
            let next = remaining.min { (indegree[$0]!, $0) < (indegree[$1]!, $1) }!
            steps.append(next)
            remaining.remove(next)
        }
        return (steps, messages.union(messages.map { [$0[1], $0[0]] }))
    }
}
