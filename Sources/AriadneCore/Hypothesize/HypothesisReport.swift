import Foundation

/// The ranked fault hypotheses of a redundancy model: what `ariadne hypotheses` prints.
///
/// JSON form (`json()`, documented in docs/hypotheses-json.md), versioned by the top-level key
/// `"ariadne_hypotheses": 2`, keys sorted, deterministic; `table()` is the terminal rendering.
public struct HypothesisReport: Sendable, Equatable, Codable {
    /// Format version.
    public var version: Int
    /// The fault budget: the largest hypothesis enumerated.
    public var budget: Int
    /// Fault point ids the user accepted as known single points of failure, sorted.
    public var accepted: [String]
    /// One summary per outcome.
    public var outcomes: [OutcomeSummary]
    /// All hypotheses, ranked.
    public var hypotheses: [Hypothesis]

    public init(budget: Int, accepted: [String], outcomes: [OutcomeSummary], hypotheses: [Hypothesis]) {
        self.version = 2
        self.budget = budget
        self.accepted = accepted
        self.outcomes = outcomes
        self.hypotheses = hypotheses
    }

    enum CodingKeys: String, CodingKey {
        case version = "ariadne_hypotheses", budget, accepted, outcomes, hypotheses
    }

    /// The JSON form: pretty-printed, sorted keys, ending with a newline.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}

/// What was analysed for one outcome.
public struct OutcomeSummary: Sendable, Equatable, Codable {
    /// `POST` or `POST if PRE`.
    public var outcome: String
    /// Whether Ariadne chose the outcome, and why.
    public var proposed: Bool
    public var reason: String?
    /// Executions used as supports.
    public var supporting: Int
    /// Executions that missed the outcome or ended in error.
    public var failed: Int
    /// Executions where the precondition did not occur.
    public var notApplicable: Int
    /// Number of classes.
    public var classes: Int
    /// Classes no set of faults within the budget breaks (redundant beyond the budget), sorted.
    public var tolerant: [String]

    public init(outcome: String, proposed: Bool, reason: String?, supporting: Int, failed: Int, notApplicable: Int,
                classes: Int, tolerant: [String]) {
        self.outcome = outcome
        self.proposed = proposed
        self.reason = reason
        self.supporting = supporting
        self.failed = failed
        self.notApplicable = notApplicable
        self.classes = classes
        self.tolerant = tolerant
    }

    enum CodingKeys: String, CodingKey {
        case outcome, proposed, reason, supporting, failed, notApplicable = "not_applicable", classes, tolerant
    }
}
