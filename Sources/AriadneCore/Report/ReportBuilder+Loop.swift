extension ReportBuilder {
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
                + (bug.failedCount > 5 ? ", …" : "") + ".</p>\n"
            for explanation in bug.explanations { out += sideBySide(explanation) }
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
        var columns = ["", ""]
        for (side, steps, title, execution) in [(0, good, "good", x.comparedWith), (1, failing, "failing", x.execution)] {
            var column = "<div class=\"side\"><h4>\(title) · <code>\(e(execution))</code></h4>\n"
            if from > 0 { column += "<div class=\"step none\">\(from) earlier event(s) in common</div>\n" }
            for row in 0..<rows {
                let index = from + row
                let departs = index == x.commonEvents
                if row < steps.count {
                    column += step(steps[row], departs: departs)
                } else if departs {
                    column += "<div class=\"step depart none\"><span class=\"depart-label\">departure</span><span class=\"what\">"
                        + (side == 0 ? "nothing more" : "nothing: it ended") + "</span></div>\n"
                } else {
                    column += "<div class=\"step none\">&nbsp;</div>\n"
                }
            }
            columns[side] = column + "</div>\n"
        }
        return out + "<div class=\"pair\">\n" + columns.joined() + "</div>\n"
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
