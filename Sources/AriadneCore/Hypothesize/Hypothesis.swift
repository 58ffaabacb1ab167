/// A fault hypothesis: a minimal set of faults that cuts every known support of an outcome for one
/// or more classes of executions (`kind` `cut`), or a trigger never seen to work (`kind`
/// `untested_trigger`: delay a primary past its timeout when its fallback was only seen after errors).
public struct Hypothesis: Sendable, Equatable, Codable {
    /// `H1`, `H2`, ... in rank order.
    public var id: String
    /// 1-based rank.
    public var rank: Int
    /// The outcome it breaks (`POST` or `POST if PRE`).
    public var outcome: String
    /// `cut` or `untested_trigger`.
    public var kind: String
    /// The faults, role level (the same ids as concrete for services), sorted by id.
    public var faults: [HypothesisFault]
    /// Share of the outcome's supporting executions whose every support the faults cut.
    public var impact: Double
    /// How many supporting executions it breaks.
    public var breaks: Int
    /// Share of supporting executions whose supports use its least used fault point (low: a path
    /// rarely exercised).
    public var exercised: Double
    /// The classes for which it is a minimal hypothesis.
    public var classes: [String]
    /// The executions of those classes, sorted.
    public var executions: ExecutionIDList
    /// Concrete instances in a few of those executions.
    public var concrete: [ConcreteHypothesis]
    /// The causal model's relations the explanation relies on.
    public var relations: [ModelEdge]
    /// One sentence saying why it is proposed.
    public var reason: String
    /// What each fault stands for, per group of its classes (classes whose equivalents agree); a
    /// fault's own `equivalents` are those that hold in every class. Empty for untested triggers.
    public var byClass: [ClassEquivalents]

    public init(id: String, rank: Int, outcome: String, kind: String, faults: [HypothesisFault], impact: Double, breaks: Int,
                exercised: Double, classes: [String], executions: ExecutionIDList, concrete: [ConcreteHypothesis],
                relations: [ModelEdge], reason: String, byClass: [ClassEquivalents] = []) {
        self.id = id
        self.rank = rank
        self.outcome = outcome
        self.kind = kind
        self.faults = faults
        self.impact = impact
        self.breaks = breaks
        self.exercised = exercised
        self.classes = classes
        self.executions = executions
        self.concrete = concrete
        self.relations = relations
        self.reason = reason
        self.byClass = byClass
    }

    enum CodingKeys: String, CodingKey {
        case id, rank, outcome, kind, faults, impact, breaks, exercised, classes, executions, concrete, relations, reason
        case byClass = "by_class"
    }

    /// The fault point ids, sorted.
    public var faultIDs: [String] { faults.map(\.point.id) }
}

/// One fault of a hypothesis and what it cuts.
public struct HypothesisFault: Sendable, Equatable, Codable {
    /// The fault point (role level).
    public var point: FaultPoint
    /// The same target with other fault kinds (an edge's `error` and `drop`).
    public var variants: [String]
    /// Other points that cut exactly the same supports in its classes (a delay at a boundary is
    /// preferred over the crash behind it, which is listed here).
    public var equivalents: [String]
    /// The supports it cuts (a few), by class.
    public var cuts: [CutSupport]
    /// How many supports it cuts across its classes.
    public var cutCount: Int
    /// Records that put it in the outcome's causal past.
    public var evidence: [Evidence]

    public init(point: FaultPoint, variants: [String], equivalents: [String], cuts: [CutSupport], cutCount: Int, evidence: [Evidence]) {
        self.point = point
        self.variants = variants
        self.equivalents = equivalents
        self.cuts = cuts
        self.cutCount = cutCount
        self.evidence = evidence
    }

    enum CodingKeys: String, CodingKey {
        case point, variants, equivalents, cuts, cutCount = "cut_count", evidence
    }
}

/// A support of a class, cut by a fault.
public struct CutSupport: Sendable, Equatable, Codable {
    /// The class id.
    public var `class`: String
    /// The support's role-level point ids.
    public var support: [String]

    public init(class: String, support: [String]) {
        self.class = `class`
        self.support = support
    }
}

/// A hypothesis instantiated in one execution: the concrete points to inject there.
public struct ConcreteHypothesis: Sendable, Equatable, Codable {
    /// The execution id.
    public var execution: String
    /// Concrete fault point ids, in the order of the hypothesis' faults.
    public var faults: [String]

    public init(execution: String, faults: [String]) {
        self.execution = execution
        self.faults = faults
    }
}

/// What a hypothesis' faults stand for in some of its classes: the points that cut exactly the same
/// supports there.
public struct ClassEquivalents: Sendable, Equatable, Codable {
    /// The classes, in the outcome's order.
    public var classes: [String]
    /// Fault point id → its equivalents in these classes, sorted.
    public var equivalents: [String: [String]]

    public init(classes: [String], equivalents: [String: [String]]) {
        self.classes = classes
        self.equivalents = equivalents
    }

    /// The equivalents of fault `id` in these classes.
    public func of(_ id: String) -> [String] { equivalents[id] ?? [] }
}
