/// The events of one type that an outcome (or its precondition) matched, and by what.
public struct OutcomeMatch: Sendable, Equatable, Codable {
    /// The event type.
    public var type: String
    /// The service that logged them, when known.
    public var service: String?
    /// The type's template.
    public var template: String
    /// What the pattern matched: the type, the template, the message or a field.
    public var by: MatchSubject
    /// Matched events counted as reaching the outcome (for a precondition: every matched event).
    public var events: Int
    /// Executions with at least one such event.
    public var executions: Int
    /// Matched events that look like failures and were not counted as reaching a good outcome.
    public var failureLooking: Int
    /// What made them look like failures (`status=500`, `level ERROR`, `'refused'`), most frequent
    /// first, at most three.
    public var failureSignals: [String]

    public init(type: String, service: String?, template: String, by: MatchSubject, events: Int, executions: Int,
                failureLooking: Int = 0, failureSignals: [String] = []) {
        self.type = type
        self.service = service
        self.template = template
        self.by = by
        self.events = events
        self.executions = executions
        self.failureLooking = failureLooking
        self.failureSignals = failureSignals
    }

    enum CodingKeys: String, CodingKey {
        case type, service, template, by, events, executions, failureLooking = "failure_looking", failureSignals = "failure_signals"
    }

    /// `T…  service: template`, or the type alone when it is its own template.
    var display: String {
        let text = service.map { "\($0): \(template)" } ?? template
        return text == type || template == type ? type : "\(type) (\(text))"
    }
}

/// What of an event an outcome pattern matched: its type, its template, its message, or a field.
public enum MatchSubject: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case type, template, message, field

    public static func < (a: MatchSubject, b: MatchSubject) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
