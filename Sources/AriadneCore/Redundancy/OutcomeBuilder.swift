/// Builds one outcome's model from shares of executions, folding each supporting execution into its
/// class as soon as it is analysed: memory holds the classes (members' ids and bindings, a few
/// evidence records, the alternatives seen), not the executions nor their analyses.
///
/// The model is the one the whole list of executions gives at once (`RedundancyModel.build`'s
/// semantics): classes largest first (ties by their supports), members sorted by id, a class's
/// evidence from its first three members by id, each alternative's executions sorted and its
/// evidence the first three uses in member order.
final class OutcomeBuilder {
    let spec: OutcomeSpec
    let matcher: EventMatcher
    let condition: EventMatcher?
    /// Every point the outcome's supports and alternatives use, registered in the order one pass would.
    private(set) var points: [String: FaultPoint] = [:]
    private var eventTypes: Set<String> = []
    private var failed: [FailedExecution] = []
    private var notApplicable = 0
    private var tally = MatchTally()
    private var conditionTally = MatchTally()
    /// Numbers of the executions where the outcome applies (the precondition occurred).
    private var applicable: [Int] = []
    private var executions = 0
    private var supporting = 0
    private var classes: [String: ClassFold] = [:]
    /// The strings of the members' bindings, one copy each.
    private let pool = EventStrings()

    init(spec: OutcomeSpec, matcher: EventMatcher, condition: EventMatcher?) {
        self.spec = spec
        self.matcher = matcher
        self.condition = condition
    }

    /// Tallies the executions of `views`, numbered from `first` in the whole input, and returns the
    /// supporting ones to analyse: each view's offset in `views` and its outcome occurrences, in order.
    /// Their analyses go to `fold(_:)`, in the same order.
    func select(_ views: [ExecutionView], numberedFrom first: Int) -> [(view: Int, occurrences: [Int])] {
        var supported: [(view: Int, occurrences: [Int])] = []
        for (offset, view) in views.enumerated() {
            let number = first + offset
            executions += 1
            let events = view.execution.events
            if let condition {
                var applies = false
                for event in events {
                    guard let by = condition.match(event) else { continue }
                    conditionTally.add(event, by: by, execution: number)
                    applies = true
                }
                if !applies {
                    notApplicable += 1
                    continue
                }
            }
            applicable.append(number)
            var occurrences: [Int] = []
            var failureLooking = 0
            for j in events.indices {
                guard spec.counts(onHost: events[j].host), let by = matcher.match(events[j]) else { continue }
                if let signal = LogSignals.failureSignal(events[j]) {
                    tally.addFailure(events[j], by: by, signal: signal, status: LogSignals.failedStatus(events[j]))
                    failureLooking += 1
                } else {
                    tally.add(events[j], by: by, execution: number)
                    occurrences.append(j)
                    eventTypes.insert(events[j].type)
                }
            }
            let last = events.last.map { $0.source.description } ?? ""
            if occurrences.isEmpty {
                let reason = failureLooking > 0 ? "outcome looked like a failure" : "missed outcome"
                failed.append(FailedExecution(execution: view.execution.id, reason: reason, source: last))
            } else if let final = RedundancyModel.finalEvent(events), LogSignals.isErrorLooking(final) {
                failed.append(FailedExecution(execution: view.execution.id, reason: "ended in error", source: final.source.description))
            } else {
                supported.append((offset, occurrences))
            }
        }
        return supported
    }

    /// Folds the analyses of the executions `select(_:numberedFrom:)` returned, in its order, each with
    /// the points it registered and the number of its id in the build's `ExecutionIDTable`: into their
    /// classes, as one pass would.
    func fold(_ analyses: [(analysis: ExecutionAnalysis, points: [String: FaultPoint], id: UInt32)]) {
        for (analysis, seen, number) in analyses {
            points.merge(seen) { _, new in new }
            classes[analysis.classKey, default: ClassFold(supports: analysis.supports)]
                .add(analysis, number: number, arrival: supporting, pool: pool)
            supporting += 1
        }
    }

    /// The outcome's model; throws as `RedundancyModel.build` documents when a named outcome or its
    /// precondition matched nothing or only failure-looking events (`executions` gives the templates
    /// closest to what was named). `table` holds the ids `fold(_:)` was given the numbers of.
    func model<Executions: RandomAccessCollection>(executions all: Executions, table: ExecutionIDTable) throws -> OutcomeModel
    where Executions.Element == Execution, Executions.Index == Int {
        if !spec.proposed {
            if let pre = spec.condition, conditionTally.isEmpty {
                throw HypothesisError.outcomeMatchesNothing(
                    pattern: pre, of: spec.pattern, executions: executions, scope: nil,
                    closest: NearestTemplates.rank(pre, executions: all))
            }
            if tally.isEmpty {
                throw HypothesisError.outcomeMatchesNothing(
                    pattern: spec.pattern, of: nil, executions: applicable.count, scope: spec.condition,
                    closest: NearestTemplates.rank(spec.pattern, executions: applicable.lazy.map { all[all.startIndex + $0] }))
            }
            if tally.counted == 0 {
                throw HypothesisError.outcomeMatchesOnlyFailures(
                    pattern: spec.pattern, events: tally.failureLooking, signals: MatchTally.top(tally.signals),
                    hint: MatchTally.top(tally.successPatterns, limit: 1).first)
            }
        }
        var warnings: [String] = []
        if tally.failureLooking > 0 {
            let one = tally.failureLooking == 1
            var warning = "\(tally.failureLooking) matched " + (one ? "event looks like a failure" : "events look like failures")
                + " (\(MatchTally.top(tally.signals).joined(separator: ", "))) and " + (one ? "was" : "were")
                + " not counted as reaching the outcome; name the success exactly"
            if let hint = MatchTally.top(tally.successPatterns, limit: 1).first {
                warning += ", e.g. --outcome \(HypothesisError.quoted(hint)),"
            }
            warnings.append(warning + " to silence this")
        }
        let ordered = classes.sorted { a, b in a.value.count != b.value.count ? a.value.count > b.value.count : a.key < b.key }
        let built = ordered.enumerated().map { index, entry in
            entry.value.executionClass(id: "C\(index + 1)", table: table, points: &points)
        }
        return OutcomeModel(outcome: spec, eventTypes: eventTypes.sorted(), supportingExecutions: supporting,
                            notApplicable: notApplicable, failed: failed.sorted { $0.execution < $1.execution },
                            classes: built, matches: tally.matches(), conditionMatches: conditionTally.matches(),
                            warnings: warnings)
    }
}
