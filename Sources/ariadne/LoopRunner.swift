import AriadneCore
import Foundation

/// The loop's analysis of its runs: each run's logs parsed on their own (execution ids may repeat
/// between runs, so a run's ids get its prefix, `run3/...`), then one redundancy model over the
/// executions of every run the model learns from (the baseline and the experiments that held).
enum LoopRunner {
    /// What the learning runs show together.
    struct Learnt {
        var redundancy: RedundancyModel
        var facts: PlanFacts
        var executions: ExecutionStore
        /// Executions per run number.
        var counts: [Int: Int]
        /// The `--group-by` entries that repeat what discovery chose on the first run, if it ran.
        var discoveredKinds: [String]?
        /// The statistics of every run's inputs, in run order.
        var stats: ParseStats
        /// The templates of hashed event types (`T` + 16 hex digits), over every run.
        var templates: [String: String]
        /// The first run's call graph and the id kinds its events were grouped by.
        var calls: CallGraph?
        var groupedBy: [String]
        /// The first run's causal model (relations and call graph, for the HTML report).
        var causal: CausalModel
    }

    /// The executions of one run's logs, ids prefixed, with the order and relations of its pipeline.
    /// With `reporter`, its progress shows the run being read; `library` is the pattern library when
    /// already read. With `groupsOnly`, the run's executions are only grouped: its order, relations and
    /// calls are left empty (the loop uses the first run's).
    static func analyse(_ run: LoopRun, state: LoopState, input: InputOptions, model: ModelOptions,
                        failures: inout InputFailures, reporter: RunReporter? = nil, library: PatternLibrary? = nil,
                        groupsOnly: Bool = false) throws -> Analysed {
        for path in run.paths where !FileManager.default.fileExists(atPath: path) {
            throw CLIError(description: LoopError.missingLogs(path: path, run: run.number).description, status: 66)
        }
        var runInput = input
        runInput.paths = run.paths
        runInput.pattern = state.pattern ?? input.pattern
        runInput.quiet = true
        var runModel = model
        if let kinds = state.groupBy { runModel.groupByList = kinds.joined(separator: ",") }
        let (pipeline, causal, stats): (InferencePipeline, CausalModel, ParseStats)
        do {
            (pipeline, causal, stats) = try PipelineRunner.run(input: runInput, model: runModel, keepExecutions: true,
                                                               failures: &failures, reporter: reporter, library: library,
                                                               configure: { $0.groupsOnly = groupsOnly })
        } catch let error as DiscoveryError {
            // Kinds the state chose on its first run's logs, not the user: say so, and what to do.
            guard model.groupByList == nil, let kinds = state.groupBy, case .unknownGroupBy(_, let inInput, _, _, _) = error else { throw error }
            throw CLIError(description: "run \(run.number)'s logs (\(run.paths.joined(separator: ", "))) have no id of the kinds this state "
                           + "groups executions by (\(kinds.joined(separator: ", ")): found on the logs of its first run); kinds in these logs: "
                           + (inInput.isEmpty ? "none" : inInput.joined(separator: ", "))
                           + ". For other logs start a new state (--state NEWDIR, or remove the state directory), "
                           + "or group by a kind of theirs with --group-by KIND", status: 65)
        }
        // The first run's ids keep their names: its store is used as it is (not copied, which held it twice).
        var executions = pipeline.executions
        if !run.executionPrefix.isEmpty {
            executions = ExecutionStore()
            for execution in pipeline.executions {
                var renamed = execution
                renamed.id = run.executionPrefix + execution.id
                executions.append(renamed)
            }
        }
        let edges = causal.tolerant.happensBefore.map { ModelEdge(before: $0.before, after: $0.after, support: $0.support) }
        let discovered = pipeline.discoveryReport?.groupBy
        return Analysed(store: executions, order: pipeline.order, edges: edges, calls: causal.calls, causal: causal, discoveredKinds: discovered,
                        stats: stats, templates: causal.templates ?? [:], groupedBy: pipeline.linkReport.recordsPerKind.keys.sorted())
    }

    /// One run's executions (ids prefixed) with its pipeline's order, relations and call graph.
    struct Analysed {
        /// The run's executions, packed.
        var store: ExecutionStore
        /// The run's executions, unpacked (for the few of an experiment's logs).
        var executions: [Execution] { Array(store) }
        var order: ExecutionOrder
        var edges: [ModelEdge]
        var calls: CallGraph?
        /// The run's causal model.
        var causal: CausalModel
        /// The `--group-by` entries that repeat what discovery chose (nil when patterns or `--group-by` named the ids).
        var discoveredKinds: [String]?
        /// The run's parse statistics, and the id kinds its events were grouped by.
        var stats: ParseStats
        /// The templates of its hashed event types.
        var templates: [String: String]
        var groupedBy: [String]
    }

    /// The model of every learning run of `state`, ordered and related as the first run's pipeline says
    /// (for a state without outcomes yet, the outcomes proposed from the logs). With `reporter`, its
    /// progress shows the stages.
    static func learn(_ state: LoopState, input: InputOptions, model: ModelOptions, failures: inout InputFailures,
                      reporter: RunReporter? = nil) throws -> Learnt {
        var all = ExecutionStore()
        var counts: [Int: Int] = [:]
        var first: Analysed?
        var stats = ParseStats()
        var templates: [String: String] = [:]
        // Read once: every run is parsed with the same patterns, and told about by one reporter (a
        // warning that holds for every run's logs is said once).
        let library = try PatternFolderOptions.load(directories: input.patternDirectories)
        let runReporter = reporter ?? RunReporter(quiet: true, style: input.color.style(fd: 2))
        for run in state.learningRuns {
            let analysed = try analyse(run, state: state, input: input, model: model, failures: &failures, reporter: runReporter,
                                       library: library, groupsOnly: first != nil)
            counts[run.number] = analysed.store.count
            if first == nil { all = analysed.store } else { for execution in analysed.store { all.append(execution) } }
            stats.inputs += analysed.stats.inputs
            stats.skipped += analysed.stats.skipped
            stats.eventTypes.merge(analysed.stats.eventTypes, uniquingKeysWith: +)
            templates.merge(analysed.templates) { min($0, $1) }
            if first == nil { first = analysed }
        }
        guard let first else { throw CLIError(description: LoopError.noState(directory: "the state").description, status: 65) }
        FreedMemory.release()
        reporter?.begin(.redundancy)
        var outcomes = state.outcomes.map(OutcomeSpec.parse)
        if state.outcomesProposed == true {
            // Outcomes Ariadne chose: still proposed (with why) while the logs still propose them.
            var proposals: [String: OutcomeSpec] = [:]
            for proposal in OutcomeSpec.propose(executions: all) where proposals[proposal.pattern] == nil { proposals[proposal.pattern] = proposal }
            outcomes = outcomes.map { $0.condition == nil ? proposals[$0.pattern] ?? $0 : $0 }
        }
        // The plan's facts gathered by the model's second pass, from the executions it unpacks anyway.
        let (redundancy, facts) = try RedundancyModel.buildWithFacts(executions: all, order: first.order, outcomes: outcomes,
                                                                     modelEdges: first.edges, calls: first.calls,
                                                                     progress: reporter.map { r in { r.progress(stageFraction: $0) } })
        FreedMemory.release()
        return Learnt(redundancy: redundancy, facts: facts, executions: all, counts: counts, discoveredKinds: first.discoveredKinds,
                      stats: stats, templates: templates, calls: first.calls, groupedBy: first.groupedBy, causal: first.causal)
    }

    /// The paths a new baseline run keeps, absolute: each path as given when it exists (a directory is
    /// walked again on every later step), a glob as the files it matches now (a later step reads the same
    /// files, not what the glob matches then). A path that does not exist, cannot be read or matches
    /// nothing is reported in `failures` (the run then exits 66, after its summary) and left out; when
    /// every path is, its error is thrown before a run that could never be read is recorded.
    static func baselinePaths(_ paths: [String], failures: inout InputFailures) throws -> [String] {
        var kept: [String] = []
        var first: Error?
        for path in paths {
            do {
                let expansion = try InputSource.expand([path])
                kept += FileManager.default.fileExists(atPath: path) ? [path] : expansion.inputs.map(\.name)
            } catch {
                first = first ?? error
                if paths.count > 1 { failures.record(error) }
            }
        }
        if kept.isEmpty, let first { throw CLIError(description: "\(first)", status: InputFailures.status(for: first)) }
        return absolute(kept)
    }

    /// Absolute paths of `paths` (relative to the working directory).
    static func absolute(_ paths: [String]) -> [String] {
        let here = FileManager.default.currentDirectoryPath
        return paths.map { $0.hasPrefix("/") ? $0 : (here as NSString).appendingPathComponent($0) }
            .map { ($0 as NSString).standardizingPath }
    }
}
