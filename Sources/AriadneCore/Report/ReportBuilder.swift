/// Builds the report: one self-contained HTML file (inline CSS and SVG, no script, no network: a
/// Content-Security-Policy forbids every outside resource) showing the call graph, each class's causal
/// graph, each outcome's supports as alternative paths, the ranked hypotheses with the log lines behind
/// them, the bugs the loop confirmed (good and failing execution side by side) and the loop's history.
///
/// Deterministic: the same input, renderer and source files give the same bytes (every list is
/// sorted or kept in its input's order; no clock is read).
public struct ReportBuilder {
    /// What the report shows.
    public let input: ReportInput
    /// How graphs are drawn.
    public let renderer: GraphRenderer
    /// The quoted log lines.
    let sources: SourceLines

    /// A builder for `input`; the log lines it quotes are read from their files unless `sources` is given.
    public init(input: ReportInput, renderer: GraphRenderer = .fromEnvironment(), sources: SourceLines? = nil) {
        self.input = input
        self.renderer = renderer
        self.sources = sources ?? SourceLines(reading: Self.quotedSources(input))
    }

    /// The whole page.
    public func html() -> String {
        let sections = [
            ("summary", "Summary", summarySection()),
            ("calls", "Call graph", callGraphSection()),
            ("outcomes", "Outcomes and their supports", outcomesSection()),
            ("hypotheses", "Hypotheses", hypothesesSection()),
            ("bugs", "Bugs confirmed", bugsSection()),
            ("history", "History of the loop", historySection()),
        ].filter { !$0.2.isEmpty }
        var page = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <meta name="generator" content="Ariadne">
        <title>\(e(input.title)) · Ariadne report</title>
        <style>
        \(ReportStyle.css)
        </style>
        </head>
        <body>
        <header>
        <p class="eyebrow">Ariadne report</p>
        <h1>\(e(input.title))</h1>

        """
        if let lede = lede() { page += "<p class=\"lede\">\(e(lede))</p>\n" }
        if sections.count > 1 {
            page += "<nav>" + sections.map { "<a href=\"#\($0.0)\">\(e($0.1))</a>" }.joined() + "</nav>\n"
        }
        page += "</header>\n<main>\n"
        for (id, title, body) in sections {
            page += "<section id=\"\(id)\">\n<h2>\(e(title))</h2>\n\(body)</section>\n"
        }
        page += "</main>\n<footer>\n"
        page += "<p>Made by Ariadne from the logs alone. Graphs laid out by \(e(renderer.layoutName)).</p>\n"
        if let generated = input.generated { page += "<p>\(e(generated))</p>\n" }
        page += "</footer>\n</body>\n</html>\n"
        return page
    }

    /// Escapes text for the page (the one escaping function, `HTML.escape`).
    func e(_ text: String) -> String { HTML.escape(text) }

    /// A readable name for an event type: its template when the type is a hash (`T…`), else the type.
    func describe(type: String) -> String {
        if let template = input.model?.templates?[type], !template.isEmpty { return template }
        return type
    }

    /// One sentence saying what the report found.
    func lede() -> String? {
        var parts: [String] = []
        if let redundancy = input.redundancy {
            for outcome in redundancy.outcomes {
                parts.append("\(outcome.supportingExecutions) execution(s) reached \(outcome.outcome.name) in \(outcome.classes.count) class(es)")
            }
        }
        if let hypotheses = input.hypotheses {
            let first = hypotheses.hypotheses.first.map { "; ranked first: \($0.faultIDs.joined(separator: " + "))" } ?? ""
            parts.append("\(hypotheses.hypotheses.count) hypothesis(es) within a budget of \(hypotheses.budget)\(first)")
        }
        if let loop = input.loop {
            let experiments = loop.runs.filter { $0.experiment != nil }.count
            parts.append("\(loop.runs.count) run(s), \(experiments) experiment(s), \(loop.bugs.count) bug(s) confirmed")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ") + "."
    }

    func summarySection() -> String {
        var stats: [(String, String)] = []
        if let model = input.model {
            stats += [(HTML.count(model.executions), "executions"), (HTML.count(model.events), "events"),
                      (HTML.count(model.types.count), "event types")]
        }
        if let redundancy = input.redundancy {
            stats += [(HTML.count(redundancy.outcomes.count), "outcome(s)"),
                      (HTML.count(redundancy.outcomes.reduce(0) { $0 + $1.classes.count }), "classes")]
        }
        if let hypotheses = input.hypotheses { stats.append((HTML.count(hypotheses.hypotheses.count), "hypotheses")) }
        if let loop = input.loop {
            stats += [(HTML.count(loop.runs.count), "runs"), (HTML.count(loop.runs.filter { $0.experiment != nil }.count), "experiments"),
                      (HTML.count(loop.bugs.count), "bugs confirmed")]
        }
        guard !stats.isEmpty else { return "" }
        var out = "<div class=\"stats\">" + stats.map { "<div class=\"stat\"><b>\($0.0)</b><span>\(e($0.1))</span></div>" }.joined() + "</div>\n"
        if let loop = input.loop {
            out += "<p class=\"note\">State \(input.statePath.map { "<code>\(e($0))</code>" } ?? "") · outcome(s) "
                + loop.outcomes.map { "<code>\(e($0))</code>" }.joined(separator: ", ") + " · budget \(loop.budget).</p>\n"
        }
        return out
    }

    /// A drawing in its frame.
    func figure(_ graph: ReportGraph) -> String {
        "<div class=\"graph\">\n\(renderer.svg(graph))\n</div>\n"
    }

    /// A log line's location and, when it could be read, its raw text.
    func quote(_ source: String, caption: String? = nil) -> String {
        var out = "<div class=\"quote\"><span class=\"loc\">\(e(source))\(caption.map { " · " + e($0) } ?? "")</span>"
        if let text = sources[source] { out += "<span class=\"text\">\(e(text))</span>" }
        return out + "</div>"
    }
}
