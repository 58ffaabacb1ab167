import Foundation

extension HypothesisReport {
    /// The terminal rendering: a ranked table (rank, size, impact, exercised, kind, faults, where it
    /// applies), then, with `details`, each hypothesis' explanation: the supports each fault cuts,
    /// concrete instances, source lines and the model relations it relies on.
    public func table(details: Bool = true, limit: Int = 50) -> String {
        var out = ""
        for summary in outcomes {
            out += "Outcome \(summary.outcome)"
            if summary.proposed { out += " (proposed: \(summary.reason ?? ""))" }
            out += ": \(summary.supporting) supporting executions in \(summary.classes) classes, \(summary.failed) failed, "
                + "\(summary.notApplicable) not applicable"
            if !summary.tolerant.isEmpty { out += "; tolerates every fault set of up to \(budget) in \(summary.tolerant.count) classes" }
            out += "\n"
        }
        if !accepted.isEmpty { out += "Accepted: \(accepted.joined(separator: ", "))\n" }
        let shown = hypotheses.prefix(limit)
        let header = ["rank", "size", "impact", "exercised", "kind", "faults", "applies to"]
        var rows: [[String]] = [header]
        for h in shown {
            let applies = "\(h.executions.count) exec" + (h.executions.first.map { " (\($0)\(h.executions.count > 1 ? ", ..." : ""))" } ?? "")
            rows.append([h.id, "\(h.faults.count)", percent(h.impact), percent(h.exercised), h.kind,
                         h.faults.map { f in f.equivalents.isEmpty ? f.point.id : "\(f.point.id) (≡ \(f.equivalents.joined(separator: ", ")))" }
                            .joined(separator: " + "), applies])
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        for row in rows {
            out += row.enumerated().map { c, cell in
                c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
            }.joined(separator: "  ") + "\n"
        }
        if hypotheses.count > limit { out += "... \(hypotheses.count - limit) more hypotheses\n" }
        guard details else { return out }
        for h in shown {
            out += "\n\(h.id) [\(h.outcome)] \(h.reason)\n"
            for fault in h.faults {
                out += "  \(fault.point.id) (\(fault.point.level.rawValue))"
                if !fault.equivalents.isEmpty { out += ", same cut as \(fault.equivalents.joined(separator: ", "))" }
                if !fault.variants.isEmpty { out += ", also \(fault.variants.joined(separator: ", "))" }
                out += "\n"
                if fault.cutCount > 0 {
                    let cuts = fault.cuts.map { "\($0.class) {\($0.support.joined(separator: ", "))}" }
                    out += "    cuts \(fault.cutCount) support(s): \(cuts.joined(separator: "; "))\(fault.cutCount > fault.cuts.count ? "; ..." : "")\n"
                }
                if !fault.evidence.isEmpty {
                    out += "    seen at " + fault.evidence.map { "\($0.source) (\($0.type), \($0.execution))" }.joined(separator: ", ") + "\n"
                }
            }
            for instance in h.concrete {
                out += "  in \(instance.execution): \(instance.faults.joined(separator: " + "))\n"
            }
            if !h.relations.isEmpty {
                out += "  relies on " + h.relations.map { "\($0.before) -> \($0.after) (\($0.support))" }.joined(separator: ", ") + "\n"
            }
        }
        return out
    }

    func percent(_ x: Double) -> String {
        guard x.isFinite, abs(x) < 1e12 else { return "-" }
        let tenths = Int((x * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
