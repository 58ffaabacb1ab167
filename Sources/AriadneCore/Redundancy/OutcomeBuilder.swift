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

    /// The call graph's partners, when known: a late failure of a host that is not upstream of the
    /// outcome's host is that host's, not the execution's (`scan`).
    private let calls: CallPartners?

    init(spec: OutcomeSpec, matcher: EventMatcher, condition: EventMatcher?, calls: CallPartners? = nil) {
        self.spec = spec
        self.matcher = matcher
        self.condition = condition
        self.calls = calls
    }

    /// What `absorb` counts of one execution, read on any thread (`scan`): it holds the matched events
    /// (not the execution), so the execution may be freed where it was read.
    struct Scan {
        /// The execution's id.
        var execution = ""
        /// The events matching the precondition and by what; nil without one.
        var conditions: [(event: Event, by: MatchSubject)]?
        /// The events matching the outcome (with their index), by what, and the failure signal of those
        /// that look like failures (they do not count as reaching it) with their failed status.
        var matches: [(index: Int, event: Event, by: MatchSubject, failure: (signal: String, status: StatusSignal?)?)] = []
        /// Where the execution's last record is (a missed outcome's evidence; written out only then).
        var lastSource: SourceLocation?
        /// Where the error-looking event that ended the execution is, when it reached the outcome and
        /// ended so.
        var endedInError: String?

        /// The outcome's good occurrences when the execution supports it (it applies, reached the
        /// outcome and did not end in error), else nil.
        var supported: [Int]? {
            if let conditions, conditions.isEmpty { return nil }
            let occurrences = matches.compactMap { $0.failure == nil ? $0.index : nil }
            return occurrences.isEmpty || endedInError != nil ? nil : occurrences
        }
    }

    /// Matchers of their own for one thread: `scan` with them may run beside other threads' scans.
    func threadMatchers() -> (outcome: EventMatcher, condition: EventMatcher?) {
        (matcher.copy(), condition?.copy())
    }

    /// Reads what `absorb` counts of `execution` with `matchers` (`threadMatchers()`), touching
    /// nothing shared.
    func scan(_ execution: Execution, matchers: (outcome: EventMatcher, condition: EventMatcher?)) -> Scan {
        let events = execution.events
        var scan = Scan(execution: execution.id, lastSource: events.last?.source)
        if let condition = matchers.condition {
            var found: [(event: Event, by: MatchSubject)] = []
            for event in events {
                if let by = condition.match(event) { found.append((event, by)) }
            }
            scan.conditions = found
            if found.isEmpty { return scan }
        }
        var reached = false
        for (j, event) in events.enumerated() {
            guard spec.counts(onHost: event.host), let by = matchers.outcome.match(event) else { continue }
            if let signal = LogSignals.failureSignal(event) {
                scan.matches.append((j, event, by, (signal, LogSignals.failedStatus(event))))
            } else {
                scan.matches.append((j, event, by, nil))
                reached = true
            }
        }
        // A last record that only warns (`WARN quote computed elapsed_ms=51`, a slow backend answering
        // after its caller went on) did its work: the execution did not end in error. Nor did one whose
        // last failure is that of a host not upstream of the outcome's host: a callee reporting late that
        // its caller went away (`client went away before response was written`) after the caller had gone
        // around it and reached the outcome, a backend whose 500 its proxy retried on another. A failure
        // of the outcome's host, or of a host calling it (directly or not), after the outcome still ends it.
        if reached, let final = RedundancyModel.finalEvent(events), LogSignals.isErrorLooking(final),
           LogSignals.isFailure(errorLooking: final),
           !isOffPathLateFailure(final, scan.matches.compactMap { $0.failure == nil ? $0.event.host : nil }) {
            scan.endedInError = final.source.description
        }
        return scan
    }

    /// Whether `final` is the record of a host that neither logged one of the outcome's good occurrences
    /// (on `outcomeHosts`) nor calls one of their hosts, directly or through others (the call graph's
    /// partners); false when the call graph, or the hosts, are not known.
    private func isOffPathLateFailure(_ final: Event, _ outcomeHosts: [String]) -> Bool {
        guard let calls, let host = final.host, !outcomeHosts.isEmpty, !outcomeHosts.contains(host) else { return false }
        var upstream = Set(outcomeHosts)
        var queue = outcomeHosts
        while let callee = queue.popLast() {
            for caller in calls.partners(of: callee) where calls.contains(caller, callee) && upstream.insert(caller).inserted {
                queue.append(caller)
            }
        }
        return !upstream.contains(host)
    }

    /// Counts the execution numbered `number` in the whole input from its `scan`: executions go
    /// through here one by one in input order, and those whose `scan` is `supported` have their
    /// analyses folded (`fold(_:)`) in the same order.
    func absorb(_ scan: Scan, number: Int) {
        executions += 1
        if let conditions = scan.conditions {
            for (event, by) in conditions { conditionTally.add(event, by: by, execution: number) }
            if conditions.isEmpty {
                notApplicable += 1
                return
            }
        }
        applicable.append(number)
        var occurrences = 0, failureLooking = 0
        for (_, event, by, failure) in scan.matches {
            if let failure {
                tally.addFailure(event, by: by, signal: failure.signal, status: failure.status)
                failureLooking += 1
            } else {
                tally.add(event, by: by, execution: number)
                occurrences += 1
                eventTypes.insert(event.type)
            }
        }
        if occurrences == 0 {
            let reason = failureLooking > 0 ? "outcome looked like a failure" : "missed outcome"
            failed.append(FailedExecution(execution: scan.execution, reason: reason, source: scan.lastSource?.description ?? ""))
        } else if let source = scan.endedInError {
            failed.append(FailedExecution(execution: scan.execution, reason: "ended in error", source: source))
        }
    }

    /// Folds the analyses of the supported executions `absorb(_:number:)` counted, in its order, each with
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
