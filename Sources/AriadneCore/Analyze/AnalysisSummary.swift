import Foundation

/// What `ariadne analyze` found, for a person (`text()`) or a program (`json()`, documented by
/// docs/analysis.schema.json and docs/analyze.md): the inputs and how every line was accounted for,
/// the executions and how they were grouped, the call graph between services, each outcome with its
/// classes and supports, the top hypotheses, the plan written into the state directory, the bugs the
/// state's recorded experiments confirmed, and the exact commands to run next.
///
/// JSON: snake_case keys, sorted, versioned by `"ariadne_analysis": 1`; deterministic for the same
/// input (no times, no dictionary order).
public struct AnalysisSummary: Sendable, Equatable, Codable {
    /// The format version this library writes.
    public static let formatVersion = 1

    /// Format version.
    public var ariadneAnalysis: Int
    /// The run's exit status: 0 analysed, 1 a bug confirmed by a recorded experiment.
    public var status: Int
    /// Every input read, in the order read.
    public var inputs: [Input]
    /// Inputs a directory walk or glob skipped (not regular files, binary files).
    public var skipped: [Skipped]
    /// Lines over every input.
    public var lines: LineCounts
    /// Events parsed.
    public var events: Int
    /// Distinct event types.
    public var eventTypes: Int
    /// Executions formed.
    public var executions: Int
    /// The execution id kinds events were grouped by, sorted.
    public var groupedBy: [String]
    /// Calls between services, sorted.
    public var calls: [Call]
    /// Calls between hosts (the host-level graph's edges): more than `calls` shows when hosts of one
    /// service call each other (replicas, peers), which the service level leaves out.
    public var hostCalls: Int
    /// One entry per good outcome.
    public var outcomes: [Outcome]
    /// The ranked hypotheses.
    public var hypotheses: HypothesisList
    /// The plan written into the state directory.
    public var plan: PlanSummary
    /// The loop's state after the run.
    public var state: StateSummary
    /// What to run next, in order.
    public var next: [NextStep]
    /// The template of every hashed event type (`T` + 16 hex digits) the summary names.
    public var templates: [String: String]

    public init(status: Int, inputs: [Input], skipped: [Skipped], lines: LineCounts, events: Int, eventTypes: Int,
                executions: Int, groupedBy: [String], calls: [Call], hostCalls: Int = 0, outcomes: [Outcome], hypotheses: HypothesisList,
                plan: PlanSummary, state: StateSummary, next: [NextStep], templates: [String: String] = [:]) {
        ariadneAnalysis = Self.formatVersion
        self.status = status
        self.inputs = inputs
        self.skipped = skipped
        self.lines = lines
        self.events = events
        self.eventTypes = eventTypes
        self.executions = executions
        self.groupedBy = groupedBy
        self.calls = calls
        self.hostCalls = hostCalls
        self.outcomes = outcomes
        self.hypotheses = hypotheses
        self.plan = plan
        self.state = state
        self.next = next
        self.templates = templates
    }

    /// One input and how its lines were accounted for.
    public struct Input: Sendable, Equatable, Codable {
        /// The path as named (or as a walk found it).
        public var path: String
        /// The pattern used.
        public var pattern: String
        /// `detected`, `given` (`--pattern`) or `inferred` (a layout inferred from the file itself).
        public var how: String
        /// The inferred layout, when inferred.
        public var layout: String?
        /// Lines read.
        public var lines: Int
        /// Lines that matched the pattern: records, continuation lines and headers.
        public var matched: Int
        /// Lines the pattern did not match (still parsed into events of their own).
        public var unmatched: Int
        /// Events parsed.
        public var events: Int
        /// Why reading stopped early (a damaged archive), when it did.
        public var error: String?
    }

    /// An input that was not read, and why.
    public struct Skipped: Sendable, Equatable, Codable {
        public var path: String
        public var reason: String
    }

    /// Lines over every input: `total` = `matched` + `unmatched`.
    public struct LineCounts: Sendable, Equatable, Codable {
        public var total: Int
        public var matched: Int
        public var unmatched: Int
        /// Lines cut at the line length limit (counted in `total` too).
        public var truncated: Int
        /// Inputs skipped (`skipped`), whose lines were not read.
        public var skippedInputs: Int
    }

    /// A call (or one-way message) from one service to another.
    public struct Call: Sendable, Equatable, Codable {
        public var from: String
        public var to: String
        /// `sync` (a call and its response) or `oneway`.
        public var kind: String
        /// Executions showing it.
        public var executions: Int
    }

    /// A good outcome and every way it was reached.
    public struct Outcome: Sendable, Equatable, Codable {
        /// `POST` or `POST if PRE`.
        public var name: String
        /// Whether Ariadne chose it (no `--outcome` was given), and why.
        public var proposed: Bool
        public var reason: String?
        /// Executions that reached it (the supports are theirs).
        public var supporting: Int
        /// Executions that missed it or ended in error.
        public var failed: Int
        /// Executions where its precondition did not occur.
        public var notApplicable: Int
        /// Classes of supporting executions, largest first.
        public var classes: [OutcomeClass]
        /// What to know about how it was matched (failure-looking events not counted).
        public var warnings: [String]
    }

    /// Executions reaching an outcome the same ways.
    public struct OutcomeClass: Sendable, Equatable, Codable {
        /// `C1`, `C2`, ...
        public var id: String
        /// Member executions.
        public var executions: Int
        /// The distinct minimal supports, as role-level fault point ids: the outcome is reached while
        /// one of them has no fault.
        public var supports: [[String]]
        /// Retries and fallbacks seen (alternatives in time).
        public var alternatives: Int
    }

    /// The ranked hypotheses: how many, and the first few.
    public struct HypothesisList: Sendable, Equatable, Codable {
        /// The largest fault set enumerated.
        public var budget: Int
        /// Hypotheses found.
        public var total: Int
        /// The first ones, ranked.
        public var top: [HypothesisLine]
    }

    /// One hypothesis, in a line.
    public struct HypothesisLine: Sendable, Equatable, Codable {
        public var rank: Int
        /// `H1`, `H2`, ...
        public var id: String
        public var outcome: String
        /// `cut`, `untested_trigger`, ... (see docs/hypotheses-json.md).
        public var kind: String
        /// Role-level fault point ids.
        public var faults: [String]
        /// The share of supporting executions it would break.
        public var impact: Double
        /// Executions it would break.
        public var breaks: Int
        /// Why it is proposed, in one sentence.
        public var rationale: String
    }

    /// The plan written into the state directory.
    public struct PlanSummary: Sendable, Equatable, Codable {
        /// The plan's id: `STATE/plans/<id>.json`.
        public var id: String
        /// The path of the plan file.
        public var file: String
        public var budget: Int
        /// Experiments planned.
        public var experiments: Int
        /// No fault set within the budget is left to try.
        public var certified: Bool
        /// The first experiments, best first.
        public var top: [ExperimentLine]
        /// Fault points the plan does not propose: accepted single points of failure, and the hosts
        /// that log the outcome (crashing them removes the outcome without testing redundancy).
        public var accepted: [String]
    }

    /// One planned experiment, in a line.
    public struct ExperimentLine: Sendable, Equatable, Codable {
        public var rank: Int
        /// `x-...`: derived from the fault set only.
        public var id: String
        /// Concrete fault point ids.
        public var faults: [String]
        public var rationale: String
    }

    /// The loop's state directory after the run.
    public struct StateSummary: Sendable, Equatable, Codable {
        public var directory: String
        /// Runs recorded (baselines and experiments).
        public var runs: Int
        /// Experiments recorded.
        public var experiments: Int
        /// The recorded experiments whose run failed: bugs.
        public var bugs: [Bug]
    }

    /// A bug a recorded experiment confirmed.
    public struct Bug: Sendable, Equatable, Codable {
        public var run: Int
        public var experiment: String
        public var faults: [String]
        public var failedExecutions: Int
        /// The explanation, line by line (`ariadne status` prints the same).
        public var explanation: [String]
    }

    /// A command to run next and what it does.
    public struct NextStep: Sendable, Equatable, Codable {
        public var what: String
        /// A shell command line, ready to paste (`LOGS` stands for the logs of the run to record).
        public var command: String
    }

    /// The JSON form: pretty or compact, sorted snake_case keys, ending with a newline.
    public func json(pretty: Bool) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self) + Data("\n".utf8)
    }
}
