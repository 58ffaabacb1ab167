/// The inferred causal model: counters over event types from which every relation (and its evidence)
/// is derived. A mergeable summary: models of disjoint sets of executions merge (`merge(_:_:)`) into
/// exactly the model of their union, except `convergence`, which depends on input order.
///
/// JSON form (`jsonData()`, version 2, snake_case keys, sorted, deterministic):
/// `ariadne_model` (format version), `options` {`skew` ns or absent, `tolerance`}, `executions`, `events`,
/// `resolutions` [{`resolution` ns, `executions`}], `types` [{`name`, `executions`, `events`,
/// `multiplicity` [{`count`, `executions`}], `first` witness}], `pairs` (ordered, only for types seen
/// together) [{`a`, `b`, `together`, `supports` (executions where every `b` is preceded by some `a`),
/// `counterexamples` (executions where some `b` precedes every `a`), `first_together`,
/// `first_counterexample`, `first_without_b`}], `clock_constraints` (see `ClockConstraints`), `clocks`
/// (optional, the offsets that ordered cross-host events, see `ClockReport`), `calls` (optional, the call
/// graph, see `CallGraph`),
/// `convergence` [{`executions`, `types`, `contradicted`, `together`, `co_occurring`}] (rejection counters at
/// 1, 2, 4, ... executions and at the end; see `ConvergencePoint`), `templates` {type: template} (optional),
/// `stream_closings` {`wall_clock_idle`, `open_cap`} (optional, see `streamClosings`), `id_discovery`
/// (optional: how execution ids were discovered, see `IDDiscoveryReport`).
/// A witness is {`execution`, `lines` ["file:line", ...]}; "first" means the smallest execution id.
public struct CausalModel: Codable, Sendable {
    /// The JSON format version this library writes and reads.
    public static let formatVersion = 2

    /// Format version (`"ariadne_model": 1`).
    public var ariadneModel: Int
    /// The settings the model was inferred with.
    public var options: InferenceOptions
    /// Executions summarised.
    public var executions: Int
    /// Events in those executions.
    public var events: Int
    /// How many executions had each timestamp resolution (ns).
    public var resolutions: [ResolutionCount]
    /// Per event type statistics, sorted by name.
    public var types: [TypeStats]
    /// Per ordered pair of types seen together in some execution, sorted by (a, b).
    public var pairs: [PairStats]
    /// Every execution's call/return nestings between hosts: the mergeable evidence clock offsets are
    /// solved from (`ClockOffsets.solve(_:)`).
    public var clockConstraints: ClockConstraints
    /// Rejection counters as executions were added (order dependent, not merged exactly; excluded from `==`).
    public var convergence: [ConvergencePoint]
    /// A readable template per event type (the smallest template its events carried), for types named
    /// by the template miner (`T…`) whose names say nothing; absent in models built without events' templates.
    public var templates: [String: String]? = nil
    /// Executions a stream limit closed before log time did (`GroupingOptions.idleWallClock`,
    /// `maxOpenExecutions`); absent when none did. Such an execution may be a fragment of a longer one.
    public var streamClosings: StreamClosings? = nil
    /// The clock offsets that ordered events of different hosts; absent when none were estimated or
    /// `--skew` was given. Not part of `==`; kept by `merge` only when both models agree.
    public var clocks: ClockReport? = nil
    /// Who calls whom, at host and service level (see `CallGraph`); absent in models built without it.
    public var calls: CallGraph? = nil
    /// How execution ids were discovered when no pattern named any; absent when they came from patterns
    /// or `--group-by`. Not part of `==`; kept by `merge` only when both models agree.
    public var idDiscovery: IDDiscoveryReport? = nil

    /// How many executions each stream limit closed (JSON `stream_closings` {`wall_clock_idle`, `open_cap`}).
    public struct StreamClosings: Codable, Sendable, Equatable {
        /// Closed after `idleWallClock` of wall-clock time without a new event.
        public var wallClockIdle: Int
        /// Closed because more than `maxOpenExecutions` executions were open.
        public var openCap: Int

        /// Creates counts.
        public init(wallClockIdle: Int, openCap: Int) {
            self.wallClockIdle = wallClockIdle
            self.openCap = openCap
        }
    }

    /// An execution cited as evidence, with the source lines that show it.
    public struct Witness: Codable, Sendable, Hashable, Comparable {
        /// The execution's id.
        public var execution: String
        /// The records that show the fact, as `file:line`.
        public var lines: [String]

        /// Creates a witness.
        public init(execution: String, lines: [String]) {
            self.execution = execution
            self.lines = lines
        }

        public static func < (a: Witness, b: Witness) -> Bool {
            a.execution != b.execution ? a.execution < b.execution : a.lines.lexicographicallyPrecedes(b.lines)
        }
    }

    /// Executions that had one timestamp resolution.
    public struct ResolutionCount: Codable, Sendable, Equatable {
        /// Resolution in nanoseconds.
        public var resolution: Int64
        /// Executions with it.
        public var executions: Int
    }

    /// How often a type occurred per execution.
    public struct Multiplicity: Codable, Sendable, Equatable {
        /// Occurrences in one execution.
        public var count: Int
        /// Executions with exactly that many.
        public var executions: Int
    }

    /// Statistics of one event type.
    public struct TypeStats: Codable, Sendable, Equatable {
        /// The event type.
        public var name: String
        /// Executions containing it.
        public var executions: Int
        /// Its occurrences in all executions.
        public var events: Int
        /// Occurrences per execution, sorted by count.
        public var multiplicity: [Multiplicity]
        /// The first execution containing it, with its first line there.
        public var first: Witness
    }

    /// Counters of an ordered pair of types (a, b) that occurred together in some execution.
    public struct PairStats: Codable, Sendable, Equatable {
        /// First type.
        public var a: String
        /// Second type.
        public var b: String
        /// Executions having both.
        public var together: Int
        /// Executions supporting a → b: every b is preceded by some a.
        public var supports: Int
        /// Executions contradicting a → b: some b precedes every a.
        public var counterexamples: Int
        /// First execution with both (contradicts a ⊥ b), lines of the first a and first b.
        public var firstTogether: Witness
        /// First execution contradicting a → b, lines of the b that precedes every a and of the first a.
        public var firstCounterexample: Witness?
        /// First execution with a but without b (contradicts a ⇒ b), line of the first a.
        public var firstWithoutB: Witness?
    }

    /// Rejections of strict hypotheses after some executions. A rejection is permanent, so over the
    /// final vocabulary of `n` types the surviving count `hypotheses(types: n)` only falls.
    public struct ConvergencePoint: Codable, Sendable, Equatable {
        /// Executions added so far.
        public var executions: Int
        /// Event types seen so far.
        public var types: Int
        /// Ordered pairs (a, b) with a counterexample to a → b.
        public var contradicted: Int
        /// Ordered pairs seen together (each unordered pair counts twice); their exclusion is rejected.
        public var together: Int
        /// Ordered pairs of seen types where every execution with a had b so far.
        public var coOccurring: Int

        /// Strict hypotheses still standing over a vocabulary of `n` types (n ≥ `types`): happens-before
        /// n(n−1) − contradicted, exclusion (n(n−1) − together)/2, co-occurrence n(n−1) − (types·(n−1) − coOccurring).
        public func hypotheses(types n: Int) -> Int {
            let ordered = n * (n - 1)
            return (ordered - contradicted) + (ordered - together) / 2 + (ordered - (types * (n - 1) - coOccurring))
        }
    }
}
