extension OutcomeSpec {
    /// What to offer when no outcome can be proposed: the event types reached by the most executions
    /// (ties by type), leaving out types whose events report a failure; `events` of each suggestion
    /// counts the executions that reach it.
    static func candidates(executions: some Collection<Execution>, limit: Int = 5) -> [TemplateSuggestion] {
        var reached: [String: Int] = [:]
        var shown: [String: (service: String?, template: String)] = [:]
        var failing: Set<String> = []
        for execution in executions {
            var seen: Set<String> = []
            for event in execution.events {
                if LogSignals.reportsFailure(event) { failing.insert(event.type) }
                guard seen.insert(event.type).inserted else { continue }
                reached[event.type, default: 0] += 1
                if shown[event.type] == nil { shown[event.type] = (event.service, event.template) }
            }
        }
        return reached.filter { !failing.contains($0.key) }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(limit)
            .map { TemplateSuggestion(type: $0.key, service: shown[$0.key]?.service, template: shown[$0.key]?.template ?? $0.key, events: $0.value) }
    }
}
