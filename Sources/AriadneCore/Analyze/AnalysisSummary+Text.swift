import Foundation

extension AnalysisSummary {
    /// Inputs listed one by one up to this many; more are counted per pattern.
    static let listedInputs = 10
    /// Classes shown per outcome, and supports per class.
    static let listedClasses = 5
    static let listedSupports = 3
    /// Call graph edges listed; a larger graph shows the ones seen in most executions.
    static let listedCalls = 20

    /// The summary for a person, ending with a newline, marked with `style`.
    public func text(style: TextStyle = .plain) -> String {
        var out: [String] = []
        let share = lines.total > 0 ? String(format: " (%.1f%% matched)", 100 * Double(lines.matched) / Double(lines.total)) : ""
        out.append(style("Inputs", .heading) + ": \(inputs.count) read, \(lines.total) lines = \(lines.matched) matched + "
                   + "\(lines.unmatched) unmatched\(share); \(lines.skippedInputs) skipped"
                   + (lines.truncated > 0 ? "; \(lines.truncated) lines cut at the length limit" : ""))
        out += inputLines(style: style)
        for entry in skipped { out.append("  " + style("skipped \(entry.path): \(entry.reason)", .dim)) }
        out.append("")
        out.append(style("Executions", .heading) + ": \(executions) from \(events) events of \(eventTypes) types"
                   + (groupedBy.isEmpty ? "" : ", grouped by " + groupedBy.joined(separator: ", ")))
        out += callLines(style: style)
        out.append("")
        out += outcomeLines(style: style)
        out.append("")
        out += hypothesisLines(style: style)
        out.append("")
        out += planLines(style: style)
        if !next.isEmpty {
            out.append("")
            out.append(style("Next", .heading) + ":")
            for (number, step) in next.enumerated() {
                out.append("  \(number + 1). \(step.what):")
                out.append("     " + style(step.command, .command))
            }
        }
        if !templates.isEmpty {
            out.append("")
            out.append(style("Hashed types", .heading) + ":")
            for (type, template) in templates.sorted(by: { $0.key < $1.key }) { out.append("  \(type)  \(template)") }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The call graph's edges, all of them up to `listedCalls`; past that the ones seen in most executions
    /// (ties in the graph's order), and how many more the JSON and the report hold.
    private func callLines(style: TextStyle) -> [String] {
        guard !calls.isEmpty else {
            guard hostCalls > 0 else { return [style("Call graph", .heading) + ": no calls between services seen"] }
            return [style("Call graph", .heading) + ": no calls between services seen; \(Self.count(hostCalls, "call")) between hosts "
                    + "of one service (ariadne infer --format calls-hosts draws them)"]
        }
        guard calls.count > Self.listedCalls else {
            return [style("Call graph", .heading) + " (services):"]
                + calls.map { "  \($0.from) → \($0.to)  \($0.kind), \($0.executions) executions" }
        }
        let services = Set(calls.flatMap { [$0.from, $0.to] }).count
        let shown = calls.enumerated().sorted { ($1.element.executions, $0.offset) < ($0.element.executions, $1.offset) }
            .prefix(Self.listedCalls).map(\.element)
        return [style("Call graph", .heading) + " (services): \(Self.count(calls.count, "call")) between \(services) services; "
                + "the \(Self.listedCalls) seen in most executions:"]
            + shown.map { "  \($0.from) → \($0.to)  \($0.kind), \($0.executions) executions" }
            + ["  " + style("… and \(calls.count - Self.listedCalls) more: all in --format json, in --report FILE, "
                         + "and drawn by ariadne infer --format calls", .dim)]
    }

    /// `n` and `noun`, plural unless `n` is 1.
    static func count(_ n: Int, _ noun: String) -> String {
        "\(n) " + (n == 1 ? noun : noun + "s")
    }

    private func inputLines(style: TextStyle) -> [String] {
        if inputs.count <= Self.listedInputs {
            let width = inputs.map(\.path.count).max() ?? 0
            return inputs.map { input in
                var line = "  " + input.path.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                    + (input.layout.map { "inferred layout: \($0)" } ?? "\(input.pattern) (\(input.how))")
                    + "  \(input.lines) lines, \(input.unmatched) unmatched"
                if let error = input.error { line += "; " + style("stopped: \(error)", .bad) }
                return line
            }
        }
        var groups: [String: (inputs: Int, lines: Int, unmatched: Int)] = [:]
        for input in inputs {
            let key = "\(input.pattern) (\(input.how))"
            let sum = groups[key] ?? (0, 0, 0)
            groups[key] = (sum.inputs + 1, sum.lines + input.lines, sum.unmatched + input.unmatched)
        }
        var out = groups.sorted { $0.key < $1.key }.map { key, sum in
            "  \(key): \(sum.inputs) inputs, \(sum.lines) lines, \(sum.unmatched) unmatched"
        }
        for input in inputs where input.error != nil { out.append("  " + style("\(input.path) stopped: \(input.error!)", .bad)) }
        return out
    }

    private func outcomeLines(style: TextStyle) -> [String] {
        var out = [style("Outcomes", .heading) + ":"]
        for outcome in outcomes {
            var head = "  " + style(outcome.name, .good)
            if outcome.proposed { head += " (proposed: \(outcome.reason ?? "chosen from the logs"); name yours with --outcome)" }
            head += ": \(outcome.supporting) supporting, "
                + style("\(outcome.failed) failed", outcome.failed > 0 ? .warning : .dim)
                + ", \(outcome.notApplicable) not applicable, \(outcome.classes.count) "
                + (outcome.classes.count == 1 ? "class" : "classes")
            out.append(head)
            for warning in outcome.warnings { out.append("    " + style("warning: " + warning, .warning)) }
            for group in outcome.classes.prefix(Self.listedClasses) {
                let supports = group.supports.prefix(Self.listedSupports).map { "{" + $0.joined(separator: ", ") + "}" }
                let more = group.supports.count > Self.listedSupports ? " +\(group.supports.count - Self.listedSupports) more" : ""
                out.append("    \(group.id)  " + Self.count(group.executions, "execution") + ", "
                           + (group.supports.count == 1 ? "1 support" : "\(group.supports.count) alternative supports")
                           + (group.alternatives == 0 ? "" : group.alternatives == 1 ? ", 1 retry or fallback" : ", \(group.alternatives) retries or fallbacks")
                           + ": "
                           + supports.joined(separator: " | ") + more)
            }
            if outcome.classes.count > Self.listedClasses {
                out.append("    " + style("... \(outcome.classes.count - Self.listedClasses) more classes (ariadne model)", .dim))
            }
        }
        return out
    }

    private func hypothesisLines(style: TextStyle) -> [String] {
        var out = [style("Hypotheses", .heading) + ": \(hypotheses.total) within a budget of \(hypotheses.budget) "
                   + (hypotheses.budget == 1 ? "fault" : "faults")
                   + (hypotheses.total > hypotheses.top.count ? "; the first \(hypotheses.top.count)" : "")]
        for line in hypotheses.top {
            out.append("  \(line.id)  [\(line.outcome)] " + style(line.faults.joined(separator: " + "), .warning)
                       + String(format: "  [%@, impact %.1f%%]", line.kind, line.impact * 100))
            out.append("      " + line.rationale)
        }
        return out
    }

    private func planLines(style: TextStyle) -> [String] {
        var out: [String] = []
        if plan.certified {
            out.append(style("Plan", .heading) + " \(plan.id): " + style("certified for budget \(plan.budget)", .good)
                       + ": no set of up to \(plan.budget) faults cuts every known support")
        } else {
            out.append(style("Plan", .heading) + " \(plan.id) (\(plan.file)): \(plan.experiments) "
                       + (plan.experiments == 1 ? "experiment" : "experiments") + ", best first")
            for experiment in plan.top {
                out.append("  \(experiment.rank). \(experiment.id)  " + style(experiment.faults.joined(separator: " + "), .warning))
                out.append("      " + experiment.rationale)
            }
        }
        if !plan.accepted.isEmpty {
            let shown = plan.accepted.prefix(6).joined(separator: ", ") + (plan.accepted.count > 6 ? " and \(plan.accepted.count - 6) more" : "")
            out.append("  " + style("not proposed: \(shown) (accepted, or the outcome is logged there; --crash-observers proposes those)", .dim))
        }
        let recorded = "\(state.runs) " + (state.runs == 1 ? "run" : "runs") + ", \(state.experiments) "
            + (state.experiments == 1 ? "experiment" : "experiments") + " recorded"
        if state.bugs.isEmpty {
            out.append(style("State", .heading) + " \(state.directory): \(recorded), no bug confirmed")
        } else {
            out.append(style("State", .heading) + " \(state.directory): \(recorded), "
                       + style("\(state.bugs.count) " + (state.bugs.count == 1 ? "bug" : "bugs") + " confirmed", .bad) + ":")
            for bug in state.bugs {
                out.append("  run \(bug.run), \(bug.experiment) (\(bug.faults.joined(separator: " + "))):")
                out += bug.explanation.map { "    " + $0 }
            }
        }
        return out
    }
}
