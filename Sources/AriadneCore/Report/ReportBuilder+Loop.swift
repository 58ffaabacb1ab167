extension ReportBuilder {
    /// Failing executions explained side by side per bug (the state keeps up to five).
    static let explanationsShown = 3

    /// Each confirmed bug: the faults injected, the failing executions, and for each explained one the
    /// good execution beside it, the point where they depart highlighted.
    func bugsSection() -> String {
        guard let loop = input.loop else { return "" }
        guard !loop.bugs.isEmpty else {
            return "<p>No experiment has broken an outcome yet.</p>\n"
        }
        var out = ""
        for run in loop.bugs {
            out += "<div class=\"card\">\n<h3>Run \(run.number)\(run.experiment.map { " · <code>\(e($0))</code>" } ?? "") · "
                + run.faults.map { "<code>\(e($0))</code>" }.joined(separator: " + ") + "</h3>\n"
            guard let bug = run.bug else {
                out += "<p>\(run.failedExecutions.count) execution(s) failed; no explanation was recorded.</p>\n</div>\n"
                continue
            }
            out += "<p>\(bug.failedCount) execution(s) missed the outcome under these faults"
                + (bug.failedExecutions.isEmpty ? "" : ": " + bug.failedExecutions.prefix(5).map { "<code>\(e($0))</code>" }.joined(separator: ", "))
                + (bug.failedCount > 5 ? ", …" : ".") + "</p>\n"
            for explanation in bug.explanations.prefix(Self.explanationsShown) { out += sideBySide(explanation) }
            if bug.explanations.count > Self.explanationsShown {
                out += "<p class=\"note\">\(bug.explanations.count - Self.explanationsShown) more explanation(s) in "
                    + "<code>ariadne status --format json</code>.</p>\n"
            }
            out += "</div>\n"
        }
        return out
    }

    /// The good execution and the failing one in two columns, step by step around their departure.
    func sideBySide(_ x: BugReport.Explanation) -> String {
        var out = "<h4><code>\(e(x.execution))</code> (\(e(x.reason)))"
            + (x.comparedWith.isEmpty ? "" : " against the good <code>\(e(x.comparedWith))</code>") + "</h4>\n"
        out += "<p>They agree on \(x.commonEvents) event(s), then depart"
            + (x.lackedHosts.isEmpty ? "" : "; the failing one never reached " + x.lackedHosts.map { "<code>\(e($0))</code>" }.joined(separator: ", ")
               + ", the support it lacked") + ".</p>\n"
        let from = x.stepsFrom ?? x.commonEvents
        let good = x.goodSteps ?? x.expected.map { [$0] } ?? []
        let failing = x.failingSteps ?? x.got.map { [$0] } ?? []
        let rows = max(good.count, failing.count, x.commonEvents - from + 1)
        // One grid, the good execution's step and the failing one's on each row, so the departure lines up.
        var cells = "<div class=\"side-head\"><h4>good · <code>\(e(x.comparedWith))</code></h4></div>"
            + "<div class=\"side-head\"><h4>failing · <code>\(e(x.execution))</code></h4></div>\n"
        if from > 0 {
            cells += String(repeating: "<div class=\"step none\">\(from) earlier event(s) in common</div>", count: 2) + "\n"
        }
        for row in 0..<rows {
            let index = from + row
            let departs = index == x.commonEvents
            for (side, steps) in [(0, good), (1, failing)] {
                if row < steps.count {
                    cells += step(steps[row], departs: departs)
                } else if departs {
                    cells += "<div class=\"step depart none\"><span class=\"depart-label\">departure</span><span class=\"what\">"
                        + (side == 0 ? "nothing more" : "nothing: it ended") + "</span></div>\n"
                } else {
                    cells += "<div class=\"step empty\"></div>\n"
                }
            }
        }
        return out + "<div class=\"pair\">\n" + cells + "</div>\n"
    }

    func step(_ step: BugReport.Step, departs: Bool) -> String {
        var out = "<div class=\"step\(departs ? " depart" : "")\">"
        if departs { out += "<span class=\"depart-label\">departure</span>" }
        out += "<span class=\"what\">\(step.host.map { "<b>\(e($0))</b> · " } ?? "")\(e(step.template.isEmpty ? step.type : step.template))</span>"
        out += "<span class=\"loc\">\(e(step.source))</span>"
        if let text = sources[step.source] { out += "<span class=\"text\">\(e(text))</span>" }
        return out + "</div>\n"
    }

    /// Every run in order with its verdict, and the plans made.
    func historySection() -> String {
        guard let loop = input.loop else { return "" }
        var out = "<table>\n<thead><tr><th class=\"num\">run</th><th>what</th><th class=\"num\">executions</th><th>verdict</th><th>judged by</th></tr></thead>\n<tbody>\n"
        for run in loop.runs {
            let what = run.experiment.map { "<code>\(e($0))</code> " + run.faults.map { "<code>\(e($0))</code>" }.joined(separator: " + ") }
                ?? "baseline " + run.paths.map { "<code>\(e($0))</code>" }.joined(separator: " ")
            let verdict = "<span class=\"pill\(run.verdict == .failed ? " accent" : "")\">\(e(run.verdict.rawValue))</span>"
            out += "<tr><td class=\"num\">\(run.number)</td><td>\(what)</td><td class=\"num\">\(HTML.count(run.executions))</td>"
                + "<td>\(verdict)</td><td>\(run.experiment == nil ? "" : e(run.judgedBy.rawValue))</td></tr>\n"
        }
        out += "</tbody>\n</table>\n"
        if !loop.plans.isEmpty {
            out += "<h3>Plans</h3>\n<ul class=\"plain\">"
            for plan in loop.plans {
                let left = plan.experiments.filter { !loop.tried.contains($0) }
                out += "<li><code>\(e(plan.id))</code> after \(plan.afterRuns) run(s): "
                    + (plan.experiments.isEmpty ? "certified for budget \(loop.budget)"
                       : "\(plan.experiments.count) experiment(s), \(left.count) not yet run" + (left.first.map { "; next <code>\(e($0))</code>" } ?? ""))
                    + "</li>"
            }
            out += "</ul>\n"
        }
        return out
    }
}
