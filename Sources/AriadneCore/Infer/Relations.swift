/// The relations a model supports at one tolerance (0 = strict), each with its evidence.
public struct Relations: Sendable, Equatable {
    /// a → b: some execution shows a before b, and at most `tolerance` × (executions with both)
    /// show some b before every a. Sorted by (before, after).
    public var happensBefore: [HappensBefore]
    /// a ⊥ b: together in at most `tolerance` × (executions with either). Sorted by (a, b), a < b.
    public var exclusions: [Exclusion]
    /// a ⇒ b: b is missing from at most `tolerance` × (executions with a). Sorted by (present, implies).
    public var coOccurrences: [CoOccurrence]
    /// Per type: how many times it occurs in an execution. Sorted by type.
    public var repetitions: [Repetition]

    /// Number of relations of the three pairwise kinds.
    public var size: Int { happensBefore.count + exclusions.count + coOccurrences.count }
}

/// A happens-before relation between two event types.
public struct HappensBefore: Sendable, Equatable {
    /// The earlier type.
    public var before: String
    /// The later type.
    public var after: String
    /// Executions where every `after` is preceded by some `before`.
    public var support: Int
    /// Executions where some `after` precedes every `before`.
    public var counterexamples: Int
    /// Executions having both.
    public var together: Int
    /// The first counterexample, if any.
    public var firstCounterexample: CausalModel.Witness?
}

/// Two event types that do not occur in the same execution.
public struct Exclusion: Sendable, Equatable {
    /// The first type (by name).
    public var a: String
    /// The second type.
    public var b: String
    /// Executions with exactly one of them.
    public var support: Int
    /// Executions with both (the counterexamples).
    public var together: Int
    /// The first execution with both, if any.
    public var firstTogether: CausalModel.Witness?
}

/// An event type that comes with another one.
public struct CoOccurrence: Sendable, Equatable {
    /// The type whose presence implies the other.
    public var present: String
    /// The implied type.
    public var implies: String
    /// Executions with both.
    public var support: Int
    /// Executions with `present` but without `implies`.
    public var counterexamples: Int
    /// The first of those, if any.
    public var firstCounterexample: CausalModel.Witness?
}

/// How often one event type occurs per execution that has it (retries, replicas).
public struct Repetition: Sendable, Equatable {
    /// The event type.
    public var type: String
    /// Fewest occurrences in an execution that has it.
    public var min: Int
    /// Most occurrences.
    public var max: Int
    /// The most common count (the smallest on ties).
    public var mostCommon: Int
    /// Executions having it.
    public var executions: Int
}
