/// The executions an experiment applies to, and how to select such requests.
public struct ExperimentScope: Sendable, Equatable, Codable {
    /// How many executions of the logs it applies to.
    public var executions: Int
    /// The first of them (at most 20), sorted.
    public var sample: [String]
    /// The classes, per outcome.
    public var classes: [ClassRef]
    /// How to select requests of this class.
    public var requestClass: RequestClass

    public init(executions: Int, sample: [String], classes: [ClassRef], requestClass: RequestClass) {
        self.executions = executions
        self.sample = sample
        self.classes = classes
        self.requestClass = requestClass
    }

    enum CodingKeys: String, CodingKey {
        case executions, sample, classes, requestClass = "request_class"
    }
}

/// A class of an outcome.
public struct ClassRef: Sendable, Hashable, Codable, Comparable {
    /// The outcome (`POST` or `POST if PRE`).
    public var outcome: String
    /// The class id (`C1`).
    public var `class`: String

    public init(outcome: String, class: String) {
        self.outcome = outcome
        self.class = `class`
    }

    /// By outcome, then class id.
    public static func < (a: ClassRef, b: ClassRef) -> Bool { (a.outcome, a.class) < (b.outcome, b.class) }
}

/// How an injector can select the requests an experiment applies to.
public struct RequestClass: Sendable, Equatable, Codable {
    /// Whether the logs show a field that selects them (every applicable execution has one of
    /// `values`, and the executions it does not apply to have other values or none).
    public var selectable: Bool
    /// The field, as the entry record writes it: `path`, `method`, a header-like field, ...
    public var field: String?
    /// The HTTP method of the entry request, when the logs show one and it is the same for all.
    public var method: String?
    /// The values that select them, sorted.
    public var values: [String]
    /// One sentence: how to select them, or that nothing in the logs tells.
    public var note: String

    public init(selectable: Bool, field: String? = nil, method: String? = nil, values: [String] = [], note: String) {
        self.selectable = selectable
        self.field = field
        self.method = method
        self.values = values
        self.note = note
    }
}
