import Foundation

/// A good outcome: an event type (or a regular expression over event types, templates, messages and fields) that a
/// successful execution reaches, optionally only required when a precondition occurred
/// (`POST if PRE`, like Molly's pre/post invariants).
public struct OutcomeSpec: Sendable, Hashable, Codable {
    /// The outcome: an event type, or a regular expression (or plain text) searched in event types,
    /// templates, messages and fields (see `EventMatcher`).
    public var pattern: String
    /// The precondition: when set, only executions with an event matching it must reach the outcome.
    public var condition: String?
    /// Whether Ariadne chose this outcome itself (the user named none).
    public var proposed: Bool
    /// Why Ariadne chose it, when it did.
    public var reason: String?

    public init(pattern: String, condition: String? = nil, proposed: Bool = false, reason: String? = nil) {
        self.pattern = pattern
        self.condition = condition
        self.proposed = proposed
        self.reason = reason
    }

    /// The outcome as the user writes it: `POST` or `POST if PRE`.
    public var name: String {
        condition.map { "\(pattern) if \($0)" } ?? pattern
    }

    /// Reads `POST` or `POST if PRE` (the last ` if ` separates them).
    public static func parse(_ text: String) -> OutcomeSpec {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let range = trimmed.range(of: " if ", options: .backwards) {
            let post = trimmed[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            let pre = trimmed[range.upperBound...].trimmingCharacters(in: .whitespaces)
            if !post.isEmpty && !pre.isEmpty { return OutcomeSpec(pattern: post, condition: pre) }
        }
        return OutcomeSpec(pattern: trimmed)
    }

    /// Outcomes Ariadne proposes when the user names none: event types that end executions (the last
    /// event by time, ties by log order) or read like a success, never report a failure (an error or
    /// warning level, failure words) and mostly carry no 4xx/5xx status (a type logging both 201 and
    /// 500 responses stays a candidate: its failure-looking events are not counted when the model is
    /// built), and that most executions reach (at least half; otherwise the most reached one); at most
    /// three, those ending the most executions first. Each says why it was chosen.
    public static func propose(executions: [Execution]) -> [OutcomeSpec] {
        guard !executions.isEmpty else { return [] }
        var reached: [String: Int] = [:]
        var terminal: [String: Int] = [:]
        var successLooking: Set<String> = []
        var errorLooking: Set<String> = []
        var events: [String: Int] = [:]
        var failedStatus: [String: Int] = [:]
        var successTemplates: [String: Bool] = [:]
        for execution in executions {
            var seen: Set<String> = []
            for event in execution.events {
                if seen.insert(event.type).inserted { reached[event.type, default: 0] += 1 }
                events[event.type, default: 0] += 1
                if LogSignals.reportsFailure(event) { errorLooking.insert(event.type) }
                if LogSignals.failedStatus(event) != nil { failedStatus[event.type, default: 0] += 1 }
                let success = successTemplates[event.template] ?? LogSignals.isSuccessLooking(event.template)
                successTemplates[event.template] = success
                if success { successLooking.insert(event.type) }
            }
            if let last = Self.lastEvent(of: execution) { terminal[last.type, default: 0] += 1 }
        }
        for (type, count) in failedStatus where count * 2 > events[type, default: 0] { errorLooking.insert(type) }
        let candidates = Set(terminal.keys).union(successLooking).subtracting(errorLooking)
        let ranked = candidates.sorted { a, b in
            let (ta, tb) = (terminal[a, default: 0], terminal[b, default: 0])
            if ta != tb { return ta > tb }
            let (ra, rb) = (reached[a, default: 0], reached[b, default: 0])
            return ra != rb ? ra > rb : a < b
        }
        let total = executions.count
        var chosen = ranked.filter { reached[$0, default: 0] * 2 >= total }
        if chosen.isEmpty, let first = ranked.first { chosen = [first] }
        return chosen.prefix(3).map { type in
            var why: [String] = []
            if let n = terminal[type] { why.append("ends \(n) of \(total) executions") }
            if successLooking.contains(type) { why.append("reads like a success") }
            why.append("reached by \(reached[type, default: 0]) of \(total)")
            return OutcomeSpec(pattern: type, proposed: true, reason: why.joined(separator: ", "))
        }
    }
}

extension OutcomeSpec {
    /// The execution's last event: the latest timestamp, ties (and untimed events) by log order.
    static func lastEvent(of execution: Execution) -> Event? {
        var last: Event?
        for event in execution.events {
            guard let current = last else {
                last = event
                continue
            }
            if let time = event.time, let lastTime = current.time, time < lastTime { continue }
            last = event
        }
        return last
    }
}
