import Foundation

extension AnalysisSummary {
    /// What a run of `analyze` produced, from every stage.
    public struct Parts {
        /// The statistics of every input parsed.
        public var stats: ParseStats
        /// Executions formed.
        public var executions: Int
        /// The execution id kinds events were grouped by.
        public var groupedBy: [String]
        /// The call graph between services and hosts.
        public var calls: CallGraph?
        /// The redundancy model.
        public var model: RedundancyModel
        /// The ranked hypotheses.
        public var report: HypothesisReport
        /// The plan written, and its file.
        public var plan: ExperimentPlan
        public var planFile: String
        /// Points the plan did not propose (accepted, and the outcome's observers).
        public var accepted: [String]
        /// The loop's state after the run, and its directory.
        public var state: LoopState
        public var directory: String
        /// The templates of hashed event types.
        public var templates: [String: String]

        public init(stats: ParseStats, executions: Int, groupedBy: [String], calls: CallGraph?, model: RedundancyModel,
                    report: HypothesisReport, plan: ExperimentPlan, planFile: String, accepted: [String], state: LoopState,
                    directory: String, templates: [String: String] = [:]) {
            self.stats = stats
            self.executions = executions
            self.groupedBy = groupedBy
            self.calls = calls
            self.model = model
            self.report = report
            self.plan = plan
            self.planFile = planFile
            self.accepted = accepted
            self.state = state
            self.directory = directory
            self.templates = templates
        }
    }

    /// How the next commands are written: the options to repeat (pattern files, host and grouping
    /// options: the loop parses the logs again) and the logs analysed.
    public struct CommandContext: Sendable, Equatable {
        public var arguments: [String]
        public var paths: [String]

        /// The working directory: paths inside it are shown relative to it.
        public var workingDirectory: String?

        public init(arguments: [String], paths: [String], workingDirectory: String? = nil) {
            self.arguments = arguments
            self.paths = paths
            self.workingDirectory = workingDirectory
        }

        /// `path` relative to the working directory when it is inside it.
        func display(_ path: String) -> String {
            guard let base = workingDirectory, !base.isEmpty else { return path }
            let prefix = base.hasSuffix("/") ? base : base + "/"
            return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
        }
    }

    /// The summary of `parts`, with the first `top` hypotheses and experiments.
    public static func build(_ parts: Parts, context: CommandContext, top: Int) -> AnalysisSummary {
        let stats = parts.stats
        let inputs = stats.inputs.map { input in
            Input(path: context.display(input.input), pattern: input.pattern,
                  how: input.inferredLayout != nil ? "inferred" : input.detected ? "detected" : "given",
                  layout: input.inferredLayout, lines: input.lines, matched: input.lines - input.unmatchedLines,
                  unmatched: input.unmatchedLines, events: input.events, error: input.error)
        }
        let lines = LineCounts(total: stats.total(\.lines), matched: stats.total(\.lines) - stats.total(\.unmatchedLines),
                               unmatched: stats.total(\.unmatchedLines), truncated: stats.total(\.truncatedLines),
                               skippedInputs: stats.skipped.count)
        let calls = (parts.calls?.serviceEdges ?? []).sorted().map {
            Call(from: $0.from, to: $0.to, kind: $0.kind.rawValue, executions: $0.executions)
        }
        let outcomes = parts.model.outcomes.map { outcome in
            Outcome(name: outcome.outcome.name, proposed: outcome.outcome.proposed, reason: outcome.outcome.reason,
                    supporting: outcome.supportingExecutions, failed: outcome.failed.count, notApplicable: outcome.notApplicable,
                    classes: outcome.classes.map {
                        OutcomeClass(id: $0.id, executions: $0.executions.count, supports: $0.supports, alternatives: $0.alternatives.count)
                    },
                    warnings: outcome.warnings)
        }
        let hypotheses = HypothesisList(budget: parts.report.budget, total: parts.report.hypotheses.count,
                                        top: parts.report.hypotheses.prefix(top).map {
                                            HypothesisLine(rank: $0.rank, id: $0.id, outcome: $0.outcome, kind: $0.kind, faults: $0.faultIDs,
                                                           impact: $0.impact, breaks: $0.breaks, rationale: $0.reason)
                                        })
        let plan = PlanSummary(id: parts.plan.id, file: parts.planFile, budget: parts.plan.budget, experiments: parts.plan.experiments.count,
                               certified: parts.plan.experiments.isEmpty,
                               top: parts.plan.experiments.prefix(top).map {
                                   ExperimentLine(rank: $0.rank, id: $0.id, faults: $0.faults.map(\.point), rationale: $0.rationale.text)
                               },
                               accepted: parts.accepted)
        let bugs = parts.state.bugs.map { run in
            Bug(run: run.number, experiment: run.experiment ?? "", faults: run.faults, failedExecutions: run.failedExecutions.count,
                explanation: run.bug?.lines() ?? [])
        }
        let state = StateSummary(directory: parts.directory, runs: parts.state.runs.count,
                                 experiments: parts.state.runs.filter { $0.experiment != nil }.count, bugs: bugs)
        var summary = AnalysisSummary(status: bugs.isEmpty ? 0 : 1, inputs: inputs,
                               skipped: stats.skipped.map { Skipped(path: context.display($0.path), reason: $0.reason) }, lines: lines,
                               events: stats.total(\.events), eventTypes: stats.eventTypes.count, executions: parts.executions,
                               groupedBy: parts.groupedBy.sorted(), calls: calls,
                               hostCalls: parts.calls?.hostEdges.count ?? 0, outcomes: outcomes, hypotheses: hypotheses,
                               plan: plan, state: state,
                               next: nextSteps(plan: parts.plan, state: parts.state, directory: parts.directory, context: context))
        var named: Set<String> = []
        for outcome in outcomes { named.formUnion(hashedTypes(in: outcome.name)) }
        for line in hypotheses.top { named.formUnion(hashedTypes(in: line.outcome + " " + line.rationale)) }
        for line in plan.top { named.formUnion(hashedTypes(in: line.rationale)) }
        summary.templates = parts.templates.filter { named.contains($0.key) }
        return summary
    }

    /// The hashed event type names (`T` + 16 lowercase hex digits, whole words) in `text`.
    static func hashedTypes(in text: String) -> Set<String> {
        var found: Set<String> = []
        let characters = Array(text.utf8)
        let isWord = { (c: UInt8) in (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 }
        let isHex = { (c: UInt8) in (c >= 48 && c <= 57) || (c >= 97 && c <= 102) }
        var i = 0
        while i + 17 <= characters.count {
            if characters[i] == UInt8(ascii: "T"), i == 0 || !isWord(characters[i - 1]),
               characters[(i + 1)..<(i + 17)].allSatisfy(isHex), i + 17 == characters.count || !isWord(characters[i + 17]) {
                found.insert(String(decoding: characters[i..<(i + 17)], as: UTF8.self))
                i += 17
            } else {
                i += 1
            }
        }
        return found
    }

    /// The commands to run next: export the first experiment for an injector, record the run's logs,
    /// analyse again; or, when certified, look further with a larger budget; and read the bugs.
    static func nextSteps(plan: ExperimentPlan, state: LoopState, directory: String, context: CommandContext) -> [NextStep] {
        let stateArguments = ["--state", directory] + context.arguments
        var steps: [NextStep] = []
        if let first = plan.experiments.first {
            steps.append(NextStep(what: "export experiment \(first.id) for your injector (or --format chaos-mesh, istio, toxiproxy, testbed)",
                                  command: command(["ariadne", "plan"] + stateArguments
                                                   + ["--format", "chaostoolkit", "--experiment", first.id, "-o", "\(first.id).json"])))
            steps.append(NextStep(what: "run the system with its faults injected (\(first.faults.map(\.point).joined(separator: " + "))), then record that run's logs",
                                  command: command(["ariadne", "record", first.id]) + " LOGS " + command(stateArguments)))
            steps.append(NextStep(what: "analyse again: the plan learns from every run recorded",
                                  command: command(["ariadne", "analyze"] + stateArguments + context.paths)))
        } else if plan.budget < 8 {
            steps.append(NextStep(what: "no set of up to \(plan.budget) faults is left to try: look for larger ones",
                                  command: command(["ariadne", "analyze"] + stateArguments + ["--budget", String(plan.budget + 1)] + context.paths)))
        }
        if !state.bugs.isEmpty {
            steps.append(NextStep(what: "read the \(state.bugs.count == 1 ? "bug" : "bugs") the recorded experiments confirmed",
                                  command: command(["ariadne", "status", "--state", directory])))
        }
        return steps
    }

    /// `words` as a POSIX shell command line, each quoted when it needs to be.
    static func command(_ words: [String]) -> String {
        words.map(quoted).joined(separator: " ")
    }

    static func quoted(_ word: String) -> String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:=@%+,-")
        if !word.isEmpty && word.allSatisfy(plain.contains) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
