extension RedundancyModel {
    /// The terminal rendering: per outcome, its classes with their supports (alternatives in space),
    /// retries and fallbacks (alternatives in time) with their triggers, and the failed executions.
    /// With a `width` (a terminal's), long lines are wrapped to fit it.
    public func text(maxClasses: Int = 20, width: Int? = nil) -> String {
        var out = ""
        for model in outcomes {
            out += "Outcome \(model.outcome.name)"
            if model.outcome.proposed { out += " (proposed: \(model.outcome.reason ?? ""))" }
            out += "\n  event types: \(model.eventTypes.joined(separator: ", "))\n"
            out += "  \(model.supportingExecutions) supporting executions in \(model.classes.count) classes, "
                + "\(model.failed.count) failed, \(model.notApplicable) not applicable\n"
            for warning in model.warnings { out += "  note: \(warning)\n" }
            for cls in model.classes.prefix(maxClasses) {
                let sample = cls.executions.prefix(3).map(\.execution).joined(separator: ", ")
                out += "  \(cls.id): \(cls.executions.count) executions (\(sample)\(cls.executions.count > 3 ? ", ..." : ""))\n"
                for (i, support) in cls.supports.enumerated() {
                    out += "    support \(i + 1): {\(support.joined(separator: ", "))}\n"
                }
                if let first = cls.executions.first, !first.bindings.isEmpty {
                    let roles = first.bindings.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }
                    out += "    in \(first.execution): \(roles.joined(separator: "; "))\n"
                }
                for alt in cls.alternatives {
                    let triggers = alt.triggers.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
                    out += "    \(alt.kind) of \(alt.eventType): \(alt.primary) -> \(alt.alternative) after \(triggers) "
                        + "in \(alt.executions.count) executions\n"
                }
            }
            if model.classes.count > maxClasses { out += "  ... \(model.classes.count - maxClasses) more classes\n" }
            for failed in model.failed.prefix(10) {
                out += "  failed \(failed.execution): \(failed.reason) (\(failed.source))\n"
            }
            if model.failed.count > 10 { out += "  ... \(model.failed.count - 10) more failed executions\n" }
        }
        guard width != nil else { return out }
        return out.split(separator: "\n", omittingEmptySubsequences: false)
            .map { TextFit.wrap(String($0), width: width) }.joined(separator: "\n")
    }
}
