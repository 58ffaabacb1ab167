/// The messages of an edge a scoped fault takes: those its receiver answers with a record of one event
/// type first (`FaultPoint.scope`), and how an injector can select them.
public struct MessageScope: Sendable, Equatable, Codable {
    /// The event type the receiver logs first for the messages taken.
    public var eventType: String
    /// Its template, when the logs' facts hold it.
    public var template: String?
    /// A regular expression (PCRE2/Python syntax) that finds the template in the receiver's message
    /// (`ExperimentPlanner.templateRegex`), when the template is known.
    public var match: String?
    /// A request field the receiver's first records carry and that tells these messages from the edge's
    /// others (`path`, `method`, a header-like field), when one does.
    public var field: String?
    /// The values of `field` these messages carry (empty without a field).
    public var values: [String]
    /// What an injector must match to take only these messages.
    public var note: String

    public init(eventType: String, template: String? = nil, match: String? = nil, field: String? = nil, values: [String] = [],
                note: String) {
        self.eventType = eventType
        self.template = template
        self.match = match
        self.field = field
        self.values = values
        self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case eventType = "event_type", template, match, field, values, note
    }
}
