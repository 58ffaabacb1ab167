/// A host (or a service logged without hosts).
public struct HostFacts: Sendable, Equatable, Codable {
    /// The host (or service) name as the logs write it.
    public var host: String
    /// Its most frequent service, when known.
    public var service: String?
    /// The Kubernetes namespace its records show, when they show one.
    public var namespace: String?
    /// The resolution of its timestamps.
    public var resolutionUs: Int64
    /// The longest gap between two consecutive records of it in one execution.
    public var longestGapUs: Int64
    /// How many gaps were measured.
    public var gaps: Int
    /// The event types it logs (at most 24, most executions first), with how often each is its first.
    public var events: [HostEvent]

    public init(host: String, service: String?, namespace: String?, resolutionUs: Int64, longestGapUs: Int64, gaps: Int,
                events: [HostEvent]) {
        self.host = host
        self.service = service
        self.namespace = namespace
        self.resolutionUs = resolutionUs
        self.longestGapUs = longestGapUs
        self.gaps = gaps
        self.events = events
    }

    enum CodingKeys: String, CodingKey {
        case host, service, namespace, resolutionUs = "resolution_us", longestGapUs = "longest_gap_us", gaps, events
    }
}

/// An event type a host logs.
public struct HostEvent: Sendable, Equatable, Codable {
    /// The event type.
    public var type: String
    /// Its template.
    public var template: String
    /// Executions in which the host logged it.
    public var executions: Int
    /// Executions in which it was the host's first record.
    public var first: Int
    /// Where the host logs it first, on average: how many of the host's records precede it in an
    /// execution (0 when it is always the first).
    public var position: Double

    public init(type: String, template: String, executions: Int, first: Int, position: Double = 0) {
        self.type = type
        self.template = template
        self.executions = executions
        self.first = first
        self.position = position
    }
}
