extension ReportBuilder {
    /// Evidence records quoted per fault of a detailed hypothesis.
    static let evidencePerFault = 3

    /// The ranked table, then the first hypotheses in detail: why, what each fault cuts, the records
    /// behind it (quoted), example executions with the concrete faults, the relations relied on.
    func hypothesesSection() -> String {
        guard let report = input.hypotheses else { return "" }
        var out = "<p>Each hypothesis is a minimal set of faults that cuts every known support of an outcome for some classes of "
            + "executions, up to \(report.budget) fault(s); ranked by size, then impact (the share of supporting executions it "
            + "breaks), then how rarely the paths it relies on were exercised.</p>\n"
        if !report.accepted.isEmpty {
            out += "<p class=\"note\">Accepted as known single points of failure: " + report.accepted.map { "<code>\(e($0))</code>" }.joined(separator: ", ") + ".</p>\n"
        }
        for summary in report.outcomes where !summary.tolerant.isEmpty {
            out += "<p class=\"note\">Outcome <code>\(e(summary.outcome))</code>: class(es) \(e(summary.tolerant.joined(separator: ", "))) "
                + "survive every set of up to \(report.budget) fault(s).</p>\n"
        }
        guard !report.hypotheses.isEmpty else {
            return out + "<p>No hypothesis: no set of up to \(report.budget) fault(s) cuts every support.</p>\n"
        }
        let showOutcome = Set(report.hypotheses.map(\.outcome)).count > 1
        out += "<table>\n<thead><tr><th>rank</th>\(showOutcome ? "<th>outcome</th>" : "")<th>faults</th><th>kind</th>"
            + "<th class=\"num\">impact</th><th class=\"num\">exercised</th><th class=\"num\">breaks</th></tr></thead>\n<tbody>\n"
        for h in report.hypotheses.prefix(input.hypothesisTable) {
            let detailed = h.rank <= input.hypothesisDetails
            let rank = detailed ? "<a href=\"#\(HTML.identifier(h.id))\">\(e(h.id))</a>" : e(h.id)
            out += "<tr><td>\(rank)</td>\(showOutcome ? "<td><code>\(e(h.outcome))</code></td>" : "")<td>"
                + h.faultIDs.map { "<code>\(e($0))</code>" }.joined(separator: " + ") + "</td><td>\(kindPill(h.kind))</td>"
                + "<td class=\"num\">\(HTML.percent(h.impact))</td><td class=\"num\">\(HTML.percent(h.exercised))</td>"
                + "<td class=\"num\">\(HTML.count(h.breaks))</td></tr>\n"
        }
        out += "</tbody>\n</table>\n"
        if report.hypotheses.count > input.hypothesisTable {
            out += "<p class=\"note\">\(report.hypotheses.count - input.hypothesisTable) more hypotheses in "
                + "<code>ariadne hypotheses --format json</code>.</p>\n"
        }
        for h in report.hypotheses.prefix(input.hypothesisDetails) { out += hypothesisCard(h) }
        return out
    }

    func kindPill(_ kind: String) -> String {
        "<span class=\"pill\(kind == "cut" ? "" : " accent")\">\(e(kind.replacingOccurrences(of: "_", with: " ")))</span>"
    }

    func hypothesisCard(_ h: Hypothesis) -> String {
        var out = "<div class=\"card\" id=\"\(HTML.identifier(h.id))\">\n<h3>\(e(h.id)) · " + h.faultIDs.map { "<code>\(e($0))</code>" }.joined(separator: " + ") + "</h3>\n"
        out += "<p>\(e(h.reason))</p>\n"
        out += "<p class=\"note\">Outcome <code>\(e(h.outcome))</code> · \(kindPill(h.kind)) · impact \(HTML.percent(h.impact)) "
            + "(\(h.breaks) execution(s)) · exercised \(HTML.percent(h.exercised)) · class(es) \(e(h.classes.joined(separator: ", ")))</p>\n"
        for fault in h.faults {
            out += "<h4><code>\(e(fault.point.id))</code></h4>\n<ul class=\"plain\">"
            if !fault.equivalents.isEmpty {
                out += "<li>Stands for the same cut as " + fault.equivalents.map { "<code>\(e($0))</code>" }.joined(separator: ", ") + "</li>"
            }
            if !fault.variants.isEmpty {
                out += "<li>Also as " + fault.variants.map { "<code>\(e($0))</code>" }.joined(separator: ", ") + "</li>"
            }
            if fault.cutCount > 0 {
                out += "<li>Cuts \(fault.cutCount) support(s), e.g. " + fault.cuts.prefix(2).map {
                    "\(e($0.class)) {" + $0.support.map { "<code>\(e($0))</code>" }.joined(separator: ", ") + "}"
                }.joined(separator: "; ") + "</li>"
            }
            out += "</ul>\n"
            for evidence in fault.evidence.prefix(Self.evidencePerFault) {
                out += quote(evidence.source, caption: "\(describe(type: evidence.type)) in \(evidence.execution)") + "\n"
            }
        }
        if !h.concrete.isEmpty {
            out += "<h4>Example executions</h4>\n<ul class=\"plain\">"
            for c in h.concrete.prefix(3) {
                out += "<li><code>\(e(c.execution))</code>: inject " + c.faults.map { "<code>\(e($0))</code>" }.joined(separator: " + ") + "</li>"
            }
            out += "</ul>\n"
        }
        if !h.relations.isEmpty {
            out += "<h4>Relies on</h4>\n<ul class=\"plain\">"
            for r in h.relations.prefix(5) {
                out += "<li><code>\(e(describe(type: r.before)))</code> → <code>\(e(describe(type: r.after)))</code> "
                    + "<span class=\"note\">(\(r.support) execution(s))</span></li>"
            }
            out += "</ul>\n"
            if h.relations.count > 5 { out += "<p class=\"note\">and \(h.relations.count - 5) more relation(s).</p>\n" }
        }
        return out + "</div>\n"
    }

    /// Every `file:line` the report quotes, so they are read once before the page is written.
    static func quotedSources(_ input: ReportInput) -> [String] {
        var sources: [String] = []
        for h in input.hypotheses?.hypotheses.prefix(input.hypothesisDetails) ?? [] {
            for fault in h.faults { sources += fault.evidence.prefix(evidencePerFault).map(\.source) }
        }
        for outcome in input.redundancy?.outcomes ?? [] { sources += outcome.failed.prefix(5).map(\.source) }
        for run in input.loop?.bugs ?? [] {
            for explanation in run.bug?.explanations ?? [] {
                sources += [explanation.expected, explanation.got].compactMap { $0?.source }
                sources += (explanation.goodSteps ?? []).map(\.source) + (explanation.failingSteps ?? []).map(\.source)
            }
        }
        return sources
    }
}
