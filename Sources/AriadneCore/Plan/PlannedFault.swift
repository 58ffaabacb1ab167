/// One fault to inject, on a concrete target.
public struct PlannedFault: Sendable, Equatable, Codable {
    /// The concrete fault point id (`crash:host:kv-1`, `delay:edge:kv-2->kv-1`, `crash:service:S`).
    public var point: String
    /// The role-level point it instantiates (`crash:role:kv#1`); the same as `point` for services.
    public var rolePoint: String
    /// `crash`, `delay`, `error`, `drop` or `partition`.
    public var kind: String
    /// For a delay: milliseconds to add, past the longest wait the logs show on that call.
    public var ms: Int?
    /// For a delay: how `ms` was derived.
    public var delay: DelayBasis?
    /// For an error: the status the logs show for that call (`503`), when they show one.
    public var status: String?
    /// For an error: the exception the logs show for that call, when they show one.
    public var exception: String?
    /// What the injector acts on.
    public var target: FaultTarget
    /// The role the target plays (`kv#2`, `kv#2->kv#1` for an edge, the service for a service).
    public var role: String
    /// Share of the experiment's executions in which the target plays that role.
    public var roleShare: Double
    /// When to inject it.
    public var timing: FaultTiming
    /// Other kinds of fault on the same target that cut the same supports (an edge's error or drop).
    public var alternatives: [FaultAlternative]
    /// For a crash of a host: the other moments it can crash at, right after each event type the host
    /// logs (at most 8, in the order the host usually logs them), for a search over crash times.
    public var hooks: [FaultTiming]

    public init(point: String, rolePoint: String, kind: String, ms: Int? = nil, delay: DelayBasis? = nil, status: String? = nil,
                exception: String? = nil, target: FaultTarget, role: String, roleShare: Double, timing: FaultTiming,
                alternatives: [FaultAlternative] = [], hooks: [FaultTiming] = []) {
        self.point = point
        self.rolePoint = rolePoint
        self.kind = kind
        self.ms = ms
        self.delay = delay
        self.status = status
        self.exception = exception
        self.target = target
        self.role = role
        self.roleShare = roleShare
        self.timing = timing
        self.alternatives = alternatives
        self.hooks = hooks
    }

    enum CodingKeys: String, CodingKey {
        case point, rolePoint = "role_point", kind, ms, delay, status, exception, target, role, roleShare = "role_share", timing, alternatives
        case hooks
    }

    /// What the experiment id is derived from: the point, and for a fault timed right after an event
    /// `@after:` and the event type (`crash:host:coord-1@after:T3`), so the same crash at another moment is
    /// another experiment.
    public var key: String { Self.key(point: point, timing: timing) }

    /// The key of `point` injected at `timing`.
    public static func key(point: String, timing: FaultTiming?) -> String {
        guard let timing, timing.kind == "after_event", let type = timing.eventType else { return point }
        return point + "@after:" + type
    }

    /// A key read back: its point, and the event type it is timed right after (nil: from the start).
    public static func parts(ofKey key: String) -> (point: String, eventType: String?) {
        let parts = key.components(separatedBy: "@after:")
        return (parts[0], parts.count == 2 ? parts[1] : nil)
    }

    /// The point, and the moment when it is not the start: `crash:host:coord-1 after 'vote <*>'`.
    public var display: String {
        guard timing.kind == "after_event", let what = timing.template ?? timing.eventType else { return point }
        return "\(point) after '\(what)'"
    }
}

/// What a fault acts on: a host (or pod) as the logs name it, a whole service (only when the logs name
/// no host for it), or the messages from one host to another.
public struct FaultTarget: Sendable, Equatable, Codable {
    /// `host`, `service` or `edge`.
    public var kind: String
    /// The host or pod (`host`).
    public var host: String?
    /// The service: the target of a `service` fault, else the service the host runs when known.
    public var service: String?
    /// For a `service` target: always true, the fault means every host of the service.
    public var allHosts: Bool?
    /// The sending host (`edge`).
    public var from: String?
    /// The receiving host (`edge`).
    public var to: String?
    /// The services of `from` and `to` (`edge`), when known.
    /// The service of `from` (`edge`), when known.
    public var fromService: String?
    /// The service of `to` (`edge`), when known.
    public var toService: String?
    /// The Kubernetes namespace the logs show for the host (or the receiving host), when they show one.
    public var namespace: String?
    /// For an edge fault scoped to one kind of message: which messages it takes (nil: all of them).
    public var messages: MessageScope?

    public init(kind: String, host: String? = nil, service: String? = nil, allHosts: Bool? = nil, from: String? = nil,
                to: String? = nil, fromService: String? = nil, toService: String? = nil, namespace: String? = nil,
                messages: MessageScope? = nil) {
        self.kind = kind
        self.host = host
        self.service = service
        self.allHosts = allHosts
        self.from = from
        self.to = to
        self.fromService = fromService
        self.toService = toService
        self.namespace = namespace
        self.messages = messages
    }

    enum CodingKeys: String, CodingKey {
        case kind, host, service, allHosts = "all_hosts", from, to, fromService = "from_service", toService = "to_service", namespace
        case messages
    }
}

/// When a fault starts: with the execution, or right after a host logs an event of a type.
public struct FaultTiming: Sendable, Equatable, Codable {
    /// `start` or `after_event`.
    public var kind: String
    /// The host that logs the event (`after_event`).
    public var host: String?
    /// The event type (`after_event`).
    public var eventType: String?
    /// The event's template, so an injector can hook it (`after_event`).
    public var template: String?
    /// A regular expression (PCRE2/Python syntax) that finds the template in a logged message.
    public var match: String?
    /// How often the hook fires: the share of the host's executions in which it logs that event type
    /// (its executions: those with its most logged type).
    public var share: Double?

    public init(kind: String, host: String? = nil, eventType: String? = nil, template: String? = nil, match: String? = nil,
                share: Double? = nil) {
        self.kind = kind
        self.host = host
        self.eventType = eventType
        self.template = template
        self.match = match
        self.share = share
    }

    enum CodingKeys: String, CodingKey {
        case kind, host, eventType = "event_type", template, match, share
    }

    /// From the start of each execution.
    public static let start = FaultTiming(kind: "start")
}

/// How a delay's magnitude was derived from the logs.
public struct DelayBasis: Sendable, Equatable, Codable {
    /// `wait` (the longest wait of a caller on the call), `timeout` (a timeout was logged: its measured
    /// wait), `gap` (no call observed: the longest gap between two records of the process) or
    /// `resolution` (the timestamps are too coarse to see a wait: their resolution).
    public var basis: String
    /// The longest wait observed, in milliseconds.
    public var longestWaitMs: Double
    /// The longest wait that ended in a logged timeout, in milliseconds, when one was logged.
    public var timeoutMs: Double?
    /// How many calls (or gaps) were measured.
    public var observed: Int
    /// The factor applied to the basis.
    public var margin: Double

    public init(basis: String, longestWaitMs: Double, timeoutMs: Double?, observed: Int, margin: Double) {
        self.basis = basis
        self.longestWaitMs = longestWaitMs
        self.timeoutMs = timeoutMs
        self.observed = observed
        self.margin = margin
    }

    enum CodingKeys: String, CodingKey {
        case basis, longestWaitMs = "longest_wait_ms", timeoutMs = "timeout_ms", observed, margin
    }
}

/// Another kind of fault on the same target that cuts the same supports.
public struct FaultAlternative: Sendable, Equatable, Codable {
    /// `error`, `drop` or `partition`.
    public var kind: String
    /// The concrete point id (`error:edge:a->b`).
    public var point: String
    /// For an error: the status or exception the logs show for that call, when they show one.
    public var status: String?
    /// For an error: the exception the logs show for that call, when they show one.
    public var exception: String?
    /// The template of the record that showed it.
    public var template: String?

    public init(kind: String, point: String, status: String? = nil, exception: String? = nil, template: String? = nil) {
        self.kind = kind
        self.point = point
        self.status = status
        self.exception = exception
        self.template = template
    }
}
