/// An event template offered when an outcome matched nothing: its type, service, template and how
/// many events it has.
public struct TemplateSuggestion: Sendable, Equatable {
    /// The event type.
    public var type: String
    /// The service that logged it, when known.
    public var service: String?
    /// The template.
    public var template: String
    /// How many events of the executions searched have it.
    public var events: Int

    public init(type: String, service: String?, template: String, events: Int) {
        self.type = type
        self.service = service
        self.template = template
        self.events = events
    }

    /// The template as `service: template` when the service is known.
    public var text: String { service.map { "\($0): \(template)" } ?? template }

    /// Whether the type has a name of its own (a pattern rule's), not `T` + 16 hex digits of a hash.
    public var hasNamedType: Bool {
        !EventMatcher.isMinedTypeID(type) && type != template
    }
}
