/// Why an experiment broke an outcome, told by difference with the executions that reached it
/// (JSON in the state's run: `faults`, `failed_executions` (up to 20), `explanations` (up to 5)).
public struct BugReport: Sendable, Equatable, Codable {
    /// The concrete fault point ids injected.
    public var faults: [String]
    /// The failing executions (up to 20, sorted) and how many there were.
    public var failedExecutions: [String]
    public var failedCount: Int
    /// For the first failing executions, what differs from the closest good execution.
    public var explanations: [Explanation]

    /// One failing execution against the good execution that agrees with it longest.
    public struct Explanation: Sendable, Equatable, Codable {
        /// The failing execution.
        public var execution: String
        /// Why it counts as failing (`missed outcome`, `ended in error`, ...).
        public var reason: String
        /// The good execution compared with (the one whose events agree with it longest, in time order).
        public var comparedWith: String
        /// Hosts the good execution used that the failing one never reached: the support it lacked.
        public var lackedHosts: [String]
        /// Events both had, in time order, before they departed.
        public var commonEvents: Int
        /// Where they departed: the good execution's next event, and the failing one's (nil: it ended).
        public var expected: Step?
        public var got: Step?
        /// Both executions around their departure, in time order: their events from index `stepsFrom`
        /// (the departure is at index `commonEvents`), up to `BugReport.stepsAround` on either side. Absent
        /// in states written before they were recorded.
        public var stepsFrom: Int? = nil
        public var goodSteps: [Step]? = nil
        public var failingSteps: [Step]? = nil
    }

    /// Events kept on either side of the departure in `Explanation.goodSteps` and `failingSteps`.
    public static let stepsAround = 6

    /// One event at the point of departure.
    public struct Step: Sendable, Equatable, Codable {
        public var type: String
        public var host: String?
        public var template: String
        /// `file:line`.
        public var source: String
    }

    /// Explains `failed` (with the reason each failed) against `good`, the executions that reached the outcome.
    public static func explain(faults: [String], failed: [(execution: Execution, reason: String)], good: [Execution]) -> BugReport {
        let sortedFailed = failed.sorted { $0.execution.id < $1.execution.id }
        let goodSequences = good.sorted { $0.id < $1.id }.map { ($0, timeOrder($0.events)) }
        var explanations: [Explanation] = []
        for (execution, reason) in sortedFailed.prefix(5) {
            let events = timeOrder(execution.events)
            var best: (execution: Execution, events: [Event], common: Int)?
            for (candidate, sequence) in goodSequences {
                var k = 0
                while k < events.count && k < sequence.count && events[k].type == sequence[k].type { k += 1 }
                if best == nil || k > best!.common { best = (candidate, sequence, k) }
            }
            guard let best else {
                explanations.append(Explanation(execution: execution.id, reason: reason, comparedWith: "", lackedHosts: [],
                                                commonEvents: 0, expected: nil, got: events.first.map(step),
                                                stepsFrom: 0, goodSteps: [], failingSteps: events.prefix(stepsAround).map(step)))
                continue
            }
            let hosts = Set(events.compactMap(\.host))
            let lacked = Set(best.events.compactMap(\.host)).subtracting(hosts).sorted()
            explanations.append(Explanation(
                execution: execution.id, reason: reason, comparedWith: best.execution.id, lackedHosts: lacked,
                commonEvents: best.common, expected: best.common < best.events.count ? step(best.events[best.common]) : nil,
                got: best.common < events.count ? step(events[best.common]) : nil,
                stepsFrom: max(0, best.common - stepsAround),
                goodSteps: window(best.events, around: best.common).map(step),
                failingSteps: window(events, around: best.common).map(step)))
        }
        return BugReport(faults: faults.sorted(), failedExecutions: Array(sortedFailed.map(\.execution.id).prefix(20)),
                         failedCount: failed.count, explanations: explanations)
    }

    /// The events of `events` within `stepsAround` of index `departure` (before it, and from it on).
    static func window(_ events: [Event], around departure: Int) -> ArraySlice<Event> {
        let from = min(events.count, max(0, departure - stepsAround))
        return events[from..<min(events.count, departure + stepsAround)]
    }

    /// Events by time (ties and untimed events keep their input order).
    static func timeOrder(_ events: [Event]) -> [Event] {
        var last: Int64 = .min
        let keyed = events.enumerated().map { i, e -> (Int64, Int) in
            if let t = e.time { last = t }
            return (last, i)
        }
        return keyed.sorted { $0 < $1 }.map { events[$0.1] }
    }

    static func step(_ event: Event) -> Step {
        Step(type: event.type, host: event.host, template: event.template, source: event.source.description)
    }

    /// Lines for people.
    public func lines() -> [String] {
        var out = ["BUG: \(failedCount) execution(s) missed the outcome under \(faults.joined(separator: " + ")): \(failedExecutions.prefix(5).joined(separator: ", "))\(failedCount > 5 ? ", ..." : "")"]
        for e in explanations {
            out.append("  \(e.execution) (\(e.reason)) against good \(e.comparedWith):")
            if !e.lackedHosts.isEmpty { out.append("    lacked the support of: \(e.lackedHosts.joined(separator: ", "))") }
            let expected = e.expected.map { "\($0.host.map { "\($0): " } ?? "")\($0.template.isEmpty ? $0.type : $0.template) (\($0.source))" } ?? "nothing more"
            let got = e.got.map { "\($0.host.map { "\($0): " } ?? "")\($0.template.isEmpty ? $0.type : $0.template) (\($0.source))" } ?? "nothing: it ended"
            out.append("    departed after \(e.commonEvents) common event(s): good went on with \(expected); failing had \(got)")
        }
        return out
    }
}
