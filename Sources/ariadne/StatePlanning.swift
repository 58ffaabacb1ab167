import AriadneCore
import Foundation

/// The loop's planning step, shared by `plan --state` and `analyze`: takes the state directory's lock,
/// starts the state from fault-free logs or extends it with more, learns from every run the state
/// holds, and writes the plan (leaving out the fault sets already tried) and its model into the
/// directory, then the state, atomically.
struct StatePlanning {
    var directory: String
    var input: InputOptions
    var model: ModelOptions
    /// The outcomes given (`--outcome`); empty keeps the state's.
    var outcomes: [String]
    var budget: Int
    var accept: [String]
    var exclude: [String] = []
    var crashObservers: Bool
    var delayMargin: Double
    var limit: Int?
    /// `analyze`: a new state without `--outcome` takes the outcomes proposed from the logs, and logs
    /// already in the state as a baseline are not added again (the same run twice gives the same result).
    var proposesOutcomes = false
    /// Also rank the hypotheses (`analyze`'s summary shows them).
    var ranksHypotheses = false
    /// Shows the stages' progress.
    var reporter: RunReporter?
    /// Says on stderr what each outcome matched and which hosts are not proposed (`analyze`'s summary says it instead).
    var reportsMatches = true

    /// What the step produced.
    struct Result {
        var plan: ExperimentPlan
        var state: LoopState
        var learnt: LoopRunner.Learnt
        /// The hosts logging the outcome, not proposed (see `OutcomeObservers`).
        var observers: [String]
        var hypotheses: HypothesisReport?
    }

    /// Runs the step; `store` must be `directory`'s. Errors are `LoopError`s, `CLIError`s, or the
    /// stages' own.
    func run(store: StateDirectory, failures: inout InputFailures) throws -> Result {
        try store.lock()
        var state: LoopState
        if let existing = try store.read() {
            state = existing
            if !outcomes.isEmpty && outcomes != state.outcomes {
                throw LoopError.outcomesDiffer(directory: directory, state: state.outcomes, given: outcomes)
            }
        } else {
            guard !input.paths.isEmpty else { throw LoopError.noState(directory: directory) }
            guard !outcomes.isEmpty || proposesOutcomes else {
                throw CLIError(description: "the loop needs the good outcome to protect: add --outcome TYPE|REGEX (see `ariadne model` for proposals)", status: 64)
            }
            state = LoopState(outcomes: outcomes, budget: budget, groupBy: model.groupByList.map { _ in model.groupBy },
                              pattern: input.pattern)
        }
        state.budget = budget
        if !input.paths.isEmpty { state.addBaseline(paths: try LoopRunner.baselinePaths(input.paths, failures: &failures), once: proposesOutcomes) }
        let learnt = try LoopRunner.learn(state, input: input, model: model, failures: &failures, reporter: reporter)
        for (number, count) in learnt.counts { state.runs[number - 1].executions = count }
        state.adoptOutcomes(of: learnt.redundancy)
        // Experiments' logs may show too little of an execution to discover its ids again (a crash
        // leaves one record): every run is grouped by the kinds found in the first.
        if state.groupBy == nil, let kinds = learnt.discoveredKinds, !kinds.isEmpty { state.groupBy = kinds }
        if !input.quiet && reportsMatches {
            for message in learnt.redundancy.matchReport() { say("ariadne: \(message)") }
        }
        try RedundancyRunner.requireFaultPoints(learnt.redundancy)
        let planned = try LoopPlanner.plan(model: learnt.redundancy, facts: learnt.facts, executions: learnt.executions, state: state,
                                           options: .init(budget: budget, accepted: accept, exclude: Set(exclude),
                                                          crashObservers: crashObservers, delayMargin: delayMargin, limit: limit,
                                                          ranksHypotheses: ranksHypotheses),
                                           tracker: reporter?.tracker)
        if !planned.observers.isEmpty && !input.quiet && reportsMatches {
            say("ariadne: not proposing \(planned.observers.joined(separator: ", ")): the outcome is logged there, so crashing it removes the outcome without testing redundancy (--crash-observers proposes it)")
        }
        try store.write(planned.plan, model: learnt.redundancy, facts: learnt.facts)
        state.note(planned.plan)
        try store.write(state)
        return Result(plan: planned.plan, state: state, learnt: learnt, observers: planned.observers, hypotheses: planned.hypotheses)
    }

    /// A line on stderr, clear of the reporter's live progress line.
    private func say(_ line: String) {
        if let reporter { reporter.say(line) } else { StandardStreams.error(line) }
    }
}
