/// One experiment of a plan: a concrete fault set to inject, what it should break, where and why.
public struct Experiment: Sendable, Equatable, Codable {
    /// `x-` and 12 hexadecimal digits derived from the sorted keys of its faults only (the concrete point,
    /// with the event a timed fault follows): the same fault set has the same id in every run (see
    /// `Experiment.id(faults:)` and `PlannedFault.key`).
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

    /// The keys of its faults (`PlannedFault.key`), sorted: what the id is derived from.
    public var faultSet: [String] { faults.map(\.key).sorted() }

    /// The id of a fault set: `x-` and the first 12 hexadecimal digits of the FNV-1a 64 hash of its
    /// fault keys (sorted, deduplicated, each followed by a newline), mixed by one step
    /// of SplitMix64 seeded with it (a bijection that spreads every input bit, so sets differing in one
    /// character get unrelated ids).
    public static func id(faults: [String]) -> String {
        let text = Set(faults).sorted().map { $0 + "\n" }.joined()
        var mix = SplitMix64(seed: FNV1a.hash(text))
        return "x-" + FNV1a.hex16(mix.next()).prefix(12)
    }
}
