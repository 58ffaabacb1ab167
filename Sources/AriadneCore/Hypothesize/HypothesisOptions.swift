/// Settings of hypothesis enumeration.
public struct HypothesisOptions: Sendable, Equatable {
    /// The largest number of faults in a hypothesis (`--budget`, default 3).
    public var budget: Int
    /// Fault point ids (role level, or concrete ids bound to a role in every execution of a class)
    /// the user accepts as known single points of failure (`--accept`): hypotheses using them are
    /// not proposed.
    public var accepted: Set<String>
    /// How many concrete instances each hypothesis shows.
    public var examples: Int

    public init(budget: Int = 3, accepted: Set<String> = [], examples: Int = 3) {
        self.budget = budget
        self.accepted = accepted
        self.examples = examples
    }
}
