/// Settings of experiment planning.
public struct PlanOptions: Sendable, Equatable {
    /// The largest number of faults in an experiment (`--budget`, default 3).
    public var budget: Int
    /// Fault point ids accepted as known single points of failure (`--accept`).
    public var accepted: Set<String>
    /// Experiment ids (`x-…`) already tried: their fault sets are not proposed again.
    public var exclude: Set<String>
    /// The factor applied to the longest wait the logs show on a call to size a delay (default 4).
    public var delayMargin: Double
    /// At most this many experiments (nil: all).
    public var limit: Int?
    /// The fault keys (`PlannedFault.key`) of each experiment run that held, by the prefix of its
    /// executions' ids (`run3/`): a class of that run's executions only is cut on top of those faults
    /// (the learning loop's; empty outside it).
    public var held: [String: [String]]
    /// The fault keys each experiment run so far exercised (the loop's `LoopState.ranFaults`). A crash
    /// at another moment than its host's first, and an edge fault of another kind than the hypothesis'
    /// own, are proposed only where these runs did not already try them (`ExperimentPlanner.isTried`).
    public var ran: [[String]]

    public init(budget: Int = 3, accepted: Set<String> = [], exclude: Set<String> = [], delayMargin: Double = 4, limit: Int? = nil,
                held: [String: [String]] = [:], ran: [[String]] = []) {
        self.budget = budget
        self.accepted = accepted
        self.exclude = exclude
        self.delayMargin = delayMargin
        self.limit = limit
        self.held = held
        self.ran = ran
    }
}
