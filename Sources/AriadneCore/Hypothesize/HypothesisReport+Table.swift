import Foundation

extension HypothesisReport {
    /// The terminal rendering: a ranked table (rank, size, impact, exercised, kind, faults, where it
    /// applies), then, with `details`, each hypothesis' explanation: the supports each fault cuts,
    /// concrete instances, source lines and the model relations it relies on. With a `width` (a
    /// terminal's), wide cells are abbreviated with `…` and long lines wrapped to fit it; without one,
    /// every row is in full.
    public func table(details: Bool = true, limit: Int = 50, width: Int? = nil) -> String {
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
        var widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        if let width {
            // Shrink the widest of the last two columns (faults, applies to) until the row fits.
            let gaps = 2 * (header.count - 1)
            while widths.reduce(0, +) + gaps > width {
                let c = widths[5] >= widths[6] ? 5 : 6
                guard widths[c] > 12 else { break }
                widths[c] -= 1
            }
            rows = rows.map { row in row.enumerated().map { c, cell in TextFit.abbreviate(cell, to: widths[c]) } }
        }
        for row in rows {
            out += row.enumerated().map { c, cell in
                c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
            }.joined(separator: "  ") + "\n"
        }
        if hypotheses.count > limit { out += "... \(hypotheses.count - limit) more hypotheses\n" }
        if width != nil {
            out = out.split(separator: "\n", omittingEmptySubsequences: false).map { TextFit.wrap(String($0), width: width) }
                .joined(separator: "\n")
        }
        guard details else { return out }
        var detail = ""
        for h in shown {
            detail += "\n\(h.id) [\(h.outcome)] \(h.reason)\n"
            for fault in h.faults {
                detail += "  \(fault.point.id) (\(fault.point.level.rawValue))"
                if !fault.equivalents.isEmpty { detail += ", same cut as \(fault.equivalents.joined(separator: ", "))" }
                if !fault.variants.isEmpty { detail += ", also \(fault.variants.joined(separator: ", "))" }
                detail += "\n"
                if fault.cutCount > 0 {
                    let cuts = fault.cuts.map { "\($0.class) {\($0.support.joined(separator: ", "))}" }
                    detail += "    cuts \(fault.cutCount) support(s): \(cuts.joined(separator: "; "))\(fault.cutCount > fault.cuts.count ? "; ..." : "")\n"
                }
                if !fault.evidence.isEmpty {
                    detail += "    seen at " + fault.evidence.map { "\($0.source) (\($0.type), \($0.execution))" }.joined(separator: ", ") + "\n"
                }
            }
            if h.byClass.count > 1 {
                for group in h.byClass {
                    let stands = h.faultIDs.filter { !group.of($0).isEmpty }.map { "\($0) ≡ \(group.of($0).joined(separator: ", "))" }
                    detail += "  in \(group.classes.joined(separator: ", ")): " + (stands.isEmpty ? "no equivalents" : stands.joined(separator: "; ")) + "\n"
                }
            }
            for instance in h.concrete {
                detail += "  in \(instance.execution): \(instance.faults.joined(separator: " + "))\n"
            }
            if !h.relations.isEmpty {
                detail += "  relies on " + h.relations.map { "\($0.before) -> \($0.after) (\($0.support))" }.joined(separator: ", ") + "\n"
            }
        }
        return out + detail.split(separator: "\n", omittingEmptySubsequences: false)
            .map { TextFit.wrap(String($0), width: width) }.joined(separator: "\n")
    }

    func percent(_ x: Double) -> String {
        guard x.isFinite, abs(x) < 1e12 else { return "-" }
        let tenths = Int((x * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
