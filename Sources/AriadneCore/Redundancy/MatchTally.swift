/// Counts, per event type and match subject, the events an outcome or precondition matched.
struct MatchTally {
    private struct Key: Hashable {
        var type: String
        var service: String?
        var template: String
        var by: MatchSubject
    }

    private struct Entry {
        var events = 0
        var executions = 0
        var lastExecution = -1
        var failureLooking = 0
        var signals: [String: Int] = [:]
    }

    private var entries: [Key: Entry] = [:]
    /// Matched events counted.
    private(set) var counted = 0
    /// Matched events that look like failures.
    private(set) var failureLooking = 0
    /// Failure signals over all entries, with their counts.
    private(set) var signals: [String: Int] = [:]
    /// Patterns naming the success of a failed status (`status=2\d\d`), with how often their failure was seen.
    private(set) var successPatterns: [String: Int] = [:]

    var isEmpty: Bool { counted == 0 && failureLooking == 0 }

    /// Counts `event`, matched by `by` in execution number `execution`.
    mutating func add(_ event: Event, by: MatchSubject, execution: Int) {
        let key = Key(type: event.type, service: event.service, template: event.template, by: by)
        var entry = entries[key] ?? Entry()
        entry.events += 1
        if entry.lastExecution != execution {
            entry.executions += 1
            entry.lastExecution = execution
        }
        entries[key] = entry
        counted += 1
    }

    /// Counts `event`, matched by `by`, as looking like a failure because of `signal`.
    mutating func addFailure(_ event: Event, by: MatchSubject, signal: String, status: StatusSignal?) {
        let key = Key(type: event.type, service: event.service, template: event.template, by: by)
        entries[key, default: Entry()].failureLooking += 1
        entries[key, default: Entry()].signals[signal, default: 0] += 1
        signals[signal, default: 0] += 1
        if let pattern = status?.successPattern { successPatterns[pattern, default: 0] += 1 }
        failureLooking += 1
    }

    /// The entries, by type, service and subject.
    func matches() -> [OutcomeMatch] {
        entries.map { key, entry in
            OutcomeMatch(type: key.type, service: key.service, template: key.template, by: key.by, events: entry.events,
                         executions: entry.executions, failureLooking: entry.failureLooking,
                         failureSignals: Self.top(entry.signals))
        }.sorted { a, b in
            (a.type, a.service == nil ? 0 : 1, a.service ?? "", a.template, a.by)
                < (b.type, b.service == nil ? 0 : 1, b.service ?? "", b.template, b.by)
        }
    }

    /// The most frequent keys of `counts` (ties by key), at most `limit`.
    static func top(_ counts: [String: Int], limit: Int = 3) -> [String] {
        counts.sorted { a, b in a.value != b.value ? a.value > b.value : a.key < b.key }.prefix(limit).map(\.key)
    }
}
