/// The stages after the redundancy model, for the learning loop: rank the hypotheses, leave out the
/// outcome's observers (`OutcomeObservers`) and the fault sets already tried, and plan the experiments
/// (`ExperimentPlanner`). `ariadne analyze` and `ariadne plan --state` run it on the model learnt from
/// every run of a `LoopState`.
public enum LoopPlanner {
    /// What to plan.
    public struct Options: Sendable, Equatable {
        /// The largest fault set.
        public var budget: Int
        /// Fault point ids accepted as known single points of failure, as given.
        public var accepted: [String]
        /// Experiment ids not to propose (besides those the state tried).
        public var exclude: Set<String>
        /// Also propose crashing the hosts that log the outcome.
        public var crashObservers: Bool
        /// Delays last this many times the longest wait the logs show.
        public var delayMargin: Double
        /// At most this many experiments (nil: all).
        public var limit: Int?
        /// Also rank the hypotheses (`Hypothesizer`), as `analyze`'s summary shows them.
        public var ranksHypotheses: Bool

        public init(budget: Int = 3, accepted: [String] = [], exclude: Set<String> = [], crashObservers: Bool = false,
                    delayMargin: Double = 4, limit: Int? = nil, ranksHypotheses: Bool = false) {
            self.budget = budget
            self.accepted = accepted
            self.exclude = exclude
            self.crashObservers = crashObservers
            self.delayMargin = delayMargin
            self.limit = limit
            self.ranksHypotheses = ranksHypotheses
        }
    }

    /// What the stages produced.
    public struct Result: Sendable {
        public var plan: ExperimentPlan
        /// The ranked hypotheses (with `ranksHypotheses`).
        public var hypotheses: HypothesisReport?
        /// The crash points of the outcome's observers, not proposed, sorted.
        public var observers: [String]
    }

    /// Plans from `model` (built from `executions`, with their `facts`) for `state`, reporting the
    /// stages to `tracker`. Throws `HypothesisError.unknownFaultPoints` for an accepted id the model
    /// lacks, and what `ExperimentPlanner` throws.
    public static func plan<Executions: RandomAccessCollection>(
        model: RedundancyModel, facts: PlanFacts, executions: Executions, state: LoopState, options: Options, tracker: ProgressTracker? = nil
    ) throws -> Result where Executions.Element == Execution, Executions.Index == Int {
        try model.validate(accepted: options.accepted)
        var hypotheses: HypothesisReport?
        if options.ranksHypotheses {
            tracker?.begin(.hypotheses)
            hypotheses = Hypothesizer.report(for: model, options: HypothesisOptions(budget: options.budget, accepted: Set(options.accepted)))
        }
        tracker?.begin(.plan)
        let observers = options.crashObservers ? [] : try OutcomeObservers.crashPoints(model: model, executions: executions)
        let plan = try ExperimentPlanner.plan(model: model, facts: facts,
                                              options: PlanOptions(budget: options.budget, accepted: Set(options.accepted).union(observers),
                                                                   exclude: options.exclude.union(state.tried),
                                                                   delayMargin: options.delayMargin, limit: options.limit,
                                                                   held: state.heldFaults, ran: Set(state.ranFaults(in: executions).joined())))
        return Result(plan: plan, hypotheses: hypotheses, observers: observers)
    }
}
