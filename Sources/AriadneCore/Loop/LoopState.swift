import Foundation

/// The learning loop's state (`DIR/state.json` of a `StateDirectory`, version 1): what the loop is
/// about (outcomes, budget, how executions are grouped), every run whose logs it learnt from (the
/// fault-free baseline first, then one per recorded experiment, with its verdict), and the plans made.
///
/// JSON (snake_case keys, sorted): `ariadne_state` (1), `outcomes`, `budget`, `group_by` (optional),
/// `pattern` (optional), `outcomes_proposed` (optional), `runs` [`LoopRun`], `plans` [{`id`, `after_runs`, `experiments`}] in order.
public struct LoopState: Sendable, Equatable, Codable {
    /// The format version this library writes and reads.
    public static let formatVersion = 1

    /// Format version.
    public var ariadneState: Int
    /// The good outcomes (`POST` or `POST if PRE`), as given to `plan`.
    public var outcomes: [String]
    /// The largest fault set planned.
    public var budget: Int
    /// The execution id kinds (`--group-by`), when given.
    public var groupBy: [String]?
    /// The pattern forced on every run (`--pattern`), when given.
    public var pattern: String?
    /// Whether Ariadne proposed the outcomes (`analyze` without `--outcome`): later runs say so again,
    /// with why, while they still hold. Absent: they were named.
    public var outcomesProposed: Bool?
    /// The runs learnt from, in the order they were recorded.
    public var runs: [LoopRun]
    /// The plans written, in order.
    public var plans: [PlanRecord]

    /// A plan the loop wrote.
    public struct PlanRecord: Sendable, Equatable, Codable {
        /// The plan's id (`DIR/plans/<id>.json`).
        public var id: String
        /// How many runs the plan was made from.
        public var afterRuns: Int
        /// Its experiments' ids, best first (empty: certified).
        public var experiments: [String]

        public init(id: String, afterRuns: Int, experiments: [String]) {
            self.id = id
            self.afterRuns = afterRuns
            self.experiments = experiments
        }
    }

    /// A new state for `outcomes`.
    public init(outcomes: [String], budget: Int, groupBy: [String]? = nil, pattern: String? = nil) {
        ariadneState = Self.formatVersion
        self.outcomes = outcomes
        self.budget = budget
        self.groupBy = groupBy
        self.pattern = pattern
        runs = []
        plans = []
    }

    /// The experiment ids already run: never proposed again.
    public var tried: Set<String> { Set(runs.compactMap(\.experiment)) }

    /// The fault keys of each experiment run that held, by its executions' id prefix (`PlanOptions.held`):
    /// a crash, error or drop that held shows another way the system survived. A delay of a call is kept
    /// as its drop: where its run's executions left the baseline's supports (the planner keeps faults
    /// only there), the caller gave up waiting and went on without the callee, which is the omission a
    /// drop injects without the late answer; a host's delay has no such omission, so its run keeps
    /// nothing. Such a run is still listed (with no faults), so a class it shares with runs whose faults
    /// are kept is not taken for the fault-free baseline's.
    public var heldFaults: [String: [String]] {
        var held: [String: [String]] = [:]
        for run in runs where run.verdict == .held && run.experiment != nil && !run.faults.isEmpty {
            let kept = run.faults.compactMap { key -> String? in
                guard key.hasPrefix("delay:") else { return key }
                return key.hasPrefix("delay:edge:") ? "drop:" + key.dropFirst("delay:".count) : nil
            }
            held[run.executionPrefix] = kept.count == run.faults.count ? kept : []
        }
        return held
    }

    /// The runs whose verdict is `failed`: the bugs found.
    public var bugs: [LoopRun] { runs.filter { $0.verdict == .failed } }

    /// The runs the model learns supports from: the baseline runs and the experiments that held.
    public var learningRuns: [LoopRun] { runs.filter { $0.verdict != .failed } }
}
