/// One run the loop learnt from: the fault-free baseline (`experiment` nil), or the logs of one
/// experiment with its verdict.
///
/// JSON: {`number` (1-based), `experiment` (`x-…`, absent for a baseline), `plan` (the plan it came
/// from), `faults` (concrete fault point ids), `paths` (absolute), `executions`, `verdict`
/// (`baseline`, `held`, `failed`), `judged_by` (`logs`, `injector`, `journal`), `failed_executions`,
/// `bug` (a `BugReport`, when failed)}.
public struct LoopRun: Sendable, Equatable, Codable {
    /// 1-based position in the state's runs.
    public var number: Int
    /// The experiment run, nil for a baseline.
    public var experiment: String?
    /// The plan the experiment came from.
    public var plan: String?
    /// The concrete fault point ids injected, sorted.
    public var faults: [String]
    /// The logs, as absolute paths.
    public var paths: [String]
    /// Executions the logs held.
    public var executions: Int
    /// What the run showed.
    public var verdict: Verdict
    /// Who decided the verdict.
    public var judgedBy: Judge
    /// The executions that did not reach an outcome, sorted.
    public var failedExecutions: [String]
    /// Why the system failed, when it did.
    public var bug: BugReport?

    public init(number: Int, experiment: String?, plan: String?, faults: [String], paths: [String], executions: Int,
                verdict: Verdict, judgedBy: Judge, failedExecutions: [String], bug: BugReport? = nil) {
        self.number = number
        self.experiment = experiment
        self.plan = plan
        self.faults = faults
        self.paths = paths
        self.executions = executions
        self.verdict = verdict
        self.judgedBy = judgedBy
        self.failedExecutions = failedExecutions
        self.bug = bug
    }

    /// A run's verdict.
    public enum Verdict: String, Sendable, Equatable, Codable {
        /// Fault-free logs: how the system succeeds.
        case baseline
        /// The outcomes held under the faults: the logs show how the system survived.
        case held
        /// Some execution missed an outcome under the faults: a bug.
        case failed
    }

    /// Who decided a verdict.
    public enum Judge: String, Sendable, Equatable, Codable {
        /// Ariadne, from the logs: an outcome missing in an execution.
        case logs
        /// The injector, with `--verdict`.
        case injector
        /// A Chaos Toolkit journal's steady-state result (`--journal`).
        case journal
    }

    /// The prefix given to this run's execution ids when runs are analysed together (their ids may repeat).
    public var executionPrefix: String { number == 1 ? "" : "run\(number)/" }
}
