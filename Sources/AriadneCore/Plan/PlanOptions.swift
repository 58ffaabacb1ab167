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
    /// The fault keys the experiment runs so far exercised (the loop's `LoopState.ranFaults`, every run's
    /// together). A crash at another moment than its host's first, and an edge fault of another kind
    /// than the hypothesis' own, are proposed only until a run tried them, in whichever set reached
    /// them first: that run showed how the system meets the crash at that moment or that kind of
    /// failure of the call (an immediate error taken to a fallback, a lost message waited out and
    /// retried), and a support it revealed is cut on top of its faults (kept faults), so the other sets
    /// take the crash at its host's first moment and the call's fault in the hypothesis' own kind.
    public var ran: Set<String>

    public init(budget: Int = 3, accepted: Set<String> = [], exclude: Set<String> = [], delayMargin: Double = 4, limit: Int? = nil,
                held: [String: [String]] = [:], ran: Set<String> = []) {
        self.budget = budget
        self.accepted = accepted
        self.exclude = exclude
        self.delayMargin = delayMargin
        self.limit = limit
        self.held = held
        self.ran = ran
    }
}
