extension RedundancyModel {
    /// What each outcome matched, one message per outcome (for stderr): how many executions reach it,
    /// then per event type what matched it (type, template, message or field) and how many events,
    /// the same for a precondition, then the warnings. At most `maxTypes` types each; the JSON form
    /// (`matches`, `condition_matches`, `warnings`) has all of them.
    ///
    ///     outcome 'status=201': 8 of 12 executions reach it (4 failed, 0 not applicable)
    ///       by field: T0a1b… (api: response sent): 8 events in 8 executions
    public func matchReport(maxTypes: Int = 10) -> [String] {
        outcomes.map { model in
            let total = model.supportingExecutions + model.failed.count + model.notApplicable
            var text = "outcome '\(model.outcome.name)'" + (model.outcome.proposed ? " (proposed)" : "")
                + ": \(model.supportingExecutions) of \(total) " + (total == 1 ? "execution" : "executions")
                + (model.supportingExecutions == 1 && total == 1 ? " reaches" : " reach")
                + " it (\(model.failed.count) failed, \(model.notApplicable) not applicable)"
            text += Self.lines(model.matches, maxTypes: maxTypes, prefix: "")
            if let condition = model.outcome.condition {
                text += Self.lines(model.conditionMatches, maxTypes: maxTypes, prefix: "precondition '\(condition)' ")
            }
            for warning in model.warnings { text += "\n  " + warning }
            return text
        }
    }

    private static func lines(_ matches: [OutcomeMatch], maxTypes: Int, prefix: String) -> String {
        var text = ""
        for match in matches.prefix(maxTypes) {
            text += "\n  \(prefix)matched by \(match.by.rawValue): \(match.display): "
            text += match.events == 0 ? "no event counted"
                : "\(match.events) " + (match.events == 1 ? "event" : "events") + " in \(match.executions) "
                    + (match.executions == 1 ? "execution" : "executions")
            if match.failureLooking > 0 {
                text += ", \(match.failureLooking) " + (match.failureLooking == 1 ? "looks like a failure" : "look like failures")
                    + " (\(match.failureSignals.joined(separator: ", ")))"
            }
        }
        if matches.count > maxTypes { text += "\n  \(prefix)... \(matches.count - maxTypes) more (see --format json, key matches)" }
        return text
    }
}
