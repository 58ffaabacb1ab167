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
    /// The outcome.
    public var outcome: String
    /// The class id.
    public var `class`: String
    /// The support's role-level point ids.
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
    /// The outcome it breaks.
    public var outcome: String
    /// `cut` or `untested_trigger`.
    public var kind: String
    /// The role-level fault ids.
    public var faults: [String]
    /// Per fault, the points that cut exactly the same supports in every one of these classes.
    public var equivalents: [String: [String]]
    /// The same per group of classes whose equivalents agree.
    public var byClass: [ClassEquivalents]
    /// The classes that gave this experiment's fault set.
    public var classes: [String]
    /// How many executions those classes hold.
    public var executions: Int
    /// Share of the outcome's supporting executions it breaks.
    public var impact: Double
    /// How many.
    public var breaks: Int
    /// One sentence saying why it is proposed.
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
