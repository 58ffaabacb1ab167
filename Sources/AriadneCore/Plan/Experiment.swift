/// One experiment of a plan: a concrete fault set to inject, what it should break, where and why.
public struct Experiment: Sendable, Equatable, Codable {
    /// `x-` and 12 hexadecimal digits derived from the sorted concrete fault point ids only: the same
    /// fault set has the same id in every run (see `Experiment.id(faults:)`).
    public var id: String
    /// 1-based rank in the plan.
    public var rank: Int
    /// `cut` (the faults cut every known support) or `untested_trigger` (a fallback or retry never
    /// seen to work after a timeout: delay its primary past it).
    public var kind: String
    /// The outcomes it expects to break (`POST` or `POST if PRE`), in plan order.
    public var outcomes: [String]
    /// The faults, sorted by concrete point id.
    public var faults: [PlannedFault]
    /// Largest share of an outcome's supporting executions whose every support the faults cut.
    public var impact: Double
    /// How many supporting executions that is.
    public var breaks: Int
    /// Share of supporting executions using its least used fault point (low: a rarely exercised path).
    public var exercised: Double
    /// The executions and request class it applies to.
    public var appliesTo: ExperimentScope
    /// Why it is proposed: the supports it cuts.
    public var rationale: Rationale
    /// The hypotheses behind it (one per outcome and role-level fault set), with per-class detail.
    public var hypotheses: [HypothesisDetail]

    public init(id: String, rank: Int, kind: String, outcomes: [String], faults: [PlannedFault], impact: Double, breaks: Int,
                exercised: Double, appliesTo: ExperimentScope, rationale: Rationale, hypotheses: [HypothesisDetail]) {
        self.id = id
        self.rank = rank
        self.kind = kind
        self.outcomes = outcomes
        self.faults = faults
        self.impact = impact
        self.breaks = breaks
        self.exercised = exercised
        self.appliesTo = appliesTo
        self.rationale = rationale
        self.hypotheses = hypotheses
    }

    enum CodingKeys: String, CodingKey {
        case id, rank, kind, outcomes, faults, impact, breaks, exercised, appliesTo = "applies_to", rationale, hypotheses
    }

    /// The concrete fault point ids, sorted: what the id is derived from.
    public var faultSet: [String] { faults.map(\.point).sorted() }

    /// The id of a fault set: `x-` and the first 12 hexadecimal digits of the FNV-1a 64 hash of its
    /// concrete fault point ids (sorted, deduplicated, each followed by a newline), mixed by one step
    /// of SplitMix64 seeded with it (a bijection that spreads every input bit, so sets differing in one
    /// character get unrelated ids).
    public static func id(faults: [String]) -> String {
        let text = Set(faults).sorted().map { $0 + "\n" }.joined()
        var mix = SplitMix64(seed: FNV1a.hash(text))
        return "x-" + FNV1a.hex16(mix.next()).prefix(12)
    }
}

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
    public var fromService: String?
    public var toService: String?
    /// The Kubernetes namespace the logs show for the host (or the receiving host), when they show one.
    public var namespace: String?

    public init(kind: String, host: String? = nil, service: String? = nil, allHosts: Bool? = nil, from: String? = nil,
                to: String? = nil, fromService: String? = nil, toService: String? = nil, namespace: String? = nil) {
        self.kind = kind
        self.host = host
        self.service = service
        self.allHosts = allHosts
        self.from = from
        self.to = to
        self.fromService = fromService
        self.toService = toService
        self.namespace = namespace
    }

    enum CodingKeys: String, CodingKey {
        case kind, host, service, allHosts = "all_hosts", from, to, fromService = "from_service", toService = "to_service", namespace
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
    public var outcome: String
    public var `class`: String

    public init(outcome: String, class: String) {
        self.outcome = outcome
        self.class = `class`
    }

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

/// Why an experiment is proposed.
public struct Rationale: Sendable, Equatable, Codable {
    /// One or two sentences.
    public var text: String
    /// The supports it cuts (at most 8), per outcome and class, as role-level point ids.
    public var cuts: [RationaleCut]
    /// How many supports it cuts in all.
    public var cutCount: Int

    public init(text: String, cuts: [RationaleCut], cutCount: Int) {
        self.text = text
        self.cuts = cuts
        self.cutCount = cutCount
    }

    enum CodingKeys: String, CodingKey {
        case text, cuts, cutCount = "cut_count"
    }
}

/// A support of a class that an experiment cuts.
public struct RationaleCut: Sendable, Equatable, Codable {
    public var outcome: String
    public var `class`: String
    public var support: [String]

    public init(outcome: String, class: String, support: [String]) {
        self.outcome = outcome
        self.class = `class`
        self.support = support
    }
}

/// One hypothesis merged into an experiment: its outcome, classes and what each fault stands for there.
public struct HypothesisDetail: Sendable, Equatable, Codable {
    /// The hypothesis id in `ariadne hypotheses` with the same options (`H3`).
    public var hypothesis: String
    public var outcome: String
    public var kind: String
    /// The role-level fault ids.
    public var faults: [String]
    /// Per fault, the points that cut exactly the same supports in every one of these classes.
    public var equivalents: [String: [String]]
    /// The same per group of classes whose equivalents agree.
    public var byClass: [ClassEquivalents]
    public var classes: [String]
    /// How many executions those classes hold.
    public var executions: Int
    public var impact: Double
    public var breaks: Int
    public var reason: String

    public init(hypothesis: String, outcome: String, kind: String, faults: [String], equivalents: [String: [String]],
                byClass: [ClassEquivalents] = [], classes: [String], executions: Int, impact: Double, breaks: Int, reason: String) {
        self.hypothesis = hypothesis
        self.outcome = outcome
        self.kind = kind
        self.faults = faults
        self.equivalents = equivalents
        self.byClass = byClass
        self.classes = classes
        self.executions = executions
        self.impact = impact
        self.breaks = breaks
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case hypothesis, outcome, kind, faults, equivalents, byClass = "by_class", classes, executions, impact, breaks, reason
    }
}
