extension RedundancyModel {
    /// Builds the redundancy model of `executions` for each outcome (proposing outcomes when none is
    /// given), using `order` for each execution's happens-before and, when given, the causal model's
    /// relations `modelEdges` to draw messages between processes, and, when given, the call graph
    /// `calls` to draw them only between hosts that call each other.
    ///
    /// Semantics:
    /// - A process is an event's `host`; a record without a host belongs to its `service` only when
    ///   that service (up to a `$`, Java's inner classes) never appears with a host, otherwise it is
    ///   left out (its machine is unknown).
    /// - Each occurrence of the outcome has one support: the crash points of the processes in its
    ///   causal past (itself, and every event that `order` says happens before it), the host its
    ///   `concerns` field names, and the message edges inside that past. Hosts that sibling
    ///   occurrences concern are their own alternatives and are left out of each other's supports
    ///   (the three replicas of a block are three supports, not one).
    /// - A message edge `A -> B` links an event on B to the nearest earlier event on another process A
    ///   that happens before it; with `modelEdges`, only along a model relation between their types;
    ///   with `calls` (and hosts on both ends), only along a call or one-way message of the graph,
    ///   named caller → callee (a response is the edge of its call). Edge points are then calls. On an
///   edge carrying two or more kinds of message (`EdgeScoping`), each message's edge points are scoped
///   to its kind, the receiver's first event type for it (`delay:edge:A->B~T`).
    /// - Roles: a host plays `<service>#<n>`, the n-th host of that service to appear in the
    ///   execution (plain `<service>` when no execution has two of them); services are their own role.
    ///   Executions with the same role-level minimal supports form a class.
    ///
    /// Matching (`EventMatcher`): an outcome that is the name of an event type matches that type;
    /// otherwise it matches the event type, the template (also as `service: template`), the message or
    /// a field (`name=value`) of events, as a PCRE2 regular expression or as plain text. Matched events
    /// that look like failures (`LogSignals`: an error or warning level, failure words, a 4xx/5xx
    /// status) do not count as reaching a good outcome; they are counted per type (`matches`) and
    /// reported in the outcome's `warnings`. A named outcome or precondition
    /// that matches no event throws `outcomeMatchesNothing` with the closest templates; a named
    /// outcome that matches only failure-looking events throws `outcomeMatchesOnlyFailures`.
    /// Proposed outcomes never throw either.
    public static func build(executions: [Execution], order: ExecutionOrder, outcomes: [OutcomeSpec],
                             modelEdges: [ModelEdge] = [], calls: CallGraph? = nil) throws -> RedundancyModel {
        let specs = outcomes.isEmpty ? OutcomeSpec.propose(executions: executions) : outcomes
        if specs.isEmpty {
            guard !executions.isEmpty else { throw HypothesisError.noOutcome }
            throw HypothesisError.noOutcomeProposed(executions: executions.count, candidates: OutcomeSpec.candidates(executions: executions))
        }
        let topology = Topology(executions)
        let partners = calls.flatMap { $0.hostEdges.isEmpty ? nil : CallPartners($0) }
        var views = Parallel.map(executions) { ExecutionView($0, topology: topology, order: order, modelEdges: modelEdges, calls: partners) }
        let scoping = EdgeScoping(views)
        for i in views.indices where !scoping.kinds.isEmpty { views[i].scopes = scoping.scopes(of: views[i]) }
        var points: [String: FaultPoint] = [:]
        var models: [OutcomeModel] = []
        for spec in try specs.flatMap({ try perHost($0, executions: executions) }) {
            let matcher = try EventMatcher(spec.pattern, exactType: isType(spec.pattern, in: executions))
            let condition = try spec.condition.map { try EventMatcher($0, exactType: isType($0, in: executions)) }
            models.append(try outcomeModel(spec: spec, matcher: matcher, condition: condition, views: views, order: order, points: &points))
        }
        return RedundancyModel(outcomes: models, faultPoints: points.values.sorted(), modelEdges: modelEdges.sorted())
    }

    /// The execution's last event in time (the latest timestamp, ties and untimed events by input
    /// order): with one file per host, input order puts a host's last line last, not the execution's.
    static func finalEvent(_ events: [Event]) -> Event? {
        var final: (index: Int, time: Int64)?
        for (i, event) in events.enumerated() {
            guard let t = event.time else { continue }
            if final == nil || t >= final!.time { final = (i, t) }
        }
        return final.map { events[$0.index] } ?? events.last
    }

    /// A `perHost` outcome as one outcome per host that logs a good occurrence of it (sorted by host);
    /// any other outcome, or one matching no host, as itself.
    static func perHost(_ spec: OutcomeSpec, executions: [Execution]) throws -> [OutcomeSpec] {
        guard spec.perHost, spec.host == nil else { return [spec] }
        let matcher = try EventMatcher(spec.pattern, exactType: isType(spec.pattern, in: executions))
        var hosts: Set<String> = []
        for execution in executions {
            for event in execution.events {
                guard let host = event.host, !hosts.contains(host), matcher.match(event) != nil, LogSignals.failureSignal(event) == nil else { continue }
                hosts.insert(host)
            }
        }
        guard !hosts.isEmpty else { return [spec] }
        return hosts.sorted().map { host in
            var one = spec
            one.host = host
            return one
        }
    }

    /// Whether some event of `executions` has the type `name`.
    static func isType(_ name: String, in executions: [Execution]) -> Bool {
        executions.contains { $0.events.contains { $0.type == name } }
    }

    static func outcomeModel(spec: OutcomeSpec, matcher: EventMatcher, condition: EventMatcher?, views: [ExecutionView],
                             order: ExecutionOrder, points: inout [String: FaultPoint]) throws -> OutcomeModel {
        var eventTypes: Set<String> = []
        var failed: [FailedExecution] = []
        var notApplicable = 0
        var supported: [(view: Int, occurrences: [Int])] = []
        var tally = MatchTally()
        var conditionTally = MatchTally()
        var applicable: [Execution] = []
        for (number, view) in views.enumerated() {
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
            applicable.append(view.execution)
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
            } else if let final = Self.finalEvent(events), LogSignals.isErrorLooking(final) {
                failed.append(FailedExecution(execution: view.execution.id, reason: "ended in error", source: final.source.description))
            } else {
                supported.append((number, occurrences))
            }
        }
        // Analysed on all cores, each share registering its points; merged in order, as one pass would.
        let shares = Parallel.map(Array(supported.indices), minimumShare: 256) { i -> (ExecutionAnalysis, [String: FaultPoint]) in
            var seen: [String: FaultPoint] = [:]
            let analysis = views[supported[i].view].analyse(occurrences: supported[i].occurrences, order: order, points: &seen)
            return (analysis, seen)
        }
        var analyses: [ExecutionAnalysis] = []
        analyses.reserveCapacity(shares.count)
        for (analysis, seen) in shares {
            analyses.append(analysis)
            points.merge(seen) { _, new in new }
        }
        if !spec.proposed {
            if let pre = spec.condition, conditionTally.isEmpty {
                throw HypothesisError.outcomeMatchesNothing(
                    pattern: pre, of: spec.pattern, executions: views.count, scope: nil,
                    closest: NearestTemplates.rank(pre, executions: views.map(\.execution)))
            }
            if tally.isEmpty {
                throw HypothesisError.outcomeMatchesNothing(
                    pattern: spec.pattern, of: nil, executions: applicable.count, scope: spec.condition,
                    closest: NearestTemplates.rank(spec.pattern, executions: applicable))
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
        var groups: [String: [ExecutionAnalysis]] = [:]
        for analysis in analyses { groups[analysis.classKey, default: []].append(analysis) }
        let ordered = groups.values
            .map { $0.sorted { $0.id < $1.id } }
            .sorted { a, b in a.count != b.count ? a.count > b.count : a[0].classKey < b[0].classKey }
        let classes = ordered.enumerated().map { index, members in
            executionClass(id: "C\(index + 1)", members: members, points: &points)
        }
        return OutcomeModel(outcome: spec, eventTypes: eventTypes.sorted(), supportingExecutions: analyses.count,
                            notApplicable: notApplicable, failed: failed.sorted { $0.execution < $1.execution },
                            classes: classes, matches: tally.matches(), conditionMatches: conditionTally.matches(),
                            warnings: warnings)
    }

    static func executionClass(id: String, members: [ExecutionAnalysis], points: inout [String: FaultPoint]) -> ExecutionClass {
        var evidence: [String: [Evidence]] = [:]
        for member in members.prefix(3) {
            for (point, records) in member.evidence {
                evidence[point, default: []].append(contentsOf: records.prefix(3))
            }
        }
        struct AltKey: Hashable { var kind, type, primary, alternative: String }
        var alternatives: [AltKey: TimeAlternative] = [:]
        for member in members {
            for use in member.alternatives {
                let key = AltKey(kind: use.kind, type: use.eventType, primary: use.primary, alternative: use.alternative)
                // Updated in place: a copy taken out of the dictionary would copy its executions on every append.
                let fresh = TimeAlternative(kind: use.kind, eventType: use.eventType, primary: use.primary,
                                            alternative: use.alternative, triggers: [:], executions: [], evidence: [])
                alternatives[key, default: fresh].triggers[use.trigger.rawValue, default: 0] += 1
                if alternatives[key]!.executions.last != member.id { alternatives[key]!.executions.append(member.id) }
                if alternatives[key]!.evidence.count < 3 { alternatives[key]!.evidence.append(use.evidence) }
                let primary = use.primaryPoint
                points[primary.id] = primary
            }
        }
        let sortedAlternatives = alternatives.sorted { a, b in
            (a.key.kind, a.key.type, a.key.primary, a.key.alternative) < (b.key.kind, b.key.type, b.key.primary, b.key.alternative)
        }.map(\.value)
        return ExecutionClass(id: id, supports: members[0].supports,
                              executions: members.map { ClassMember(execution: $0.id, bindings: $0.bindings) },
                              alternatives: sortedAlternatives, evidence: evidence)
    }
}

/// A process that can crash: a host, or a service known only by name.
enum Process: Hashable {
    case host(String)
    case service(String)

    var name: String {
        switch self {
        case .host(let h): return h
        case .service(let s): return s
        }
    }
}

/// Facts about hosts and services across all executions.
struct Topology {
    /// Role services seen on records that have a host.
    var hostedServices: Set<String> = []
    /// Each host's most frequent role service.
    var hostService: [String: String] = [:]
    /// Role services with two or more hosts in some execution.
    var multiHostServices: Set<String> = []

    /// A service's role: up to its first `$` (Java inner classes), `host` when unknown.
    static func roleService(_ service: String?) -> String {
        guard let service, !service.isEmpty else { return "host" }
        return service.split(separator: "$", maxSplits: 1).first.map(String.init) ?? service
    }

    init(_ executions: [Execution]) {
        var counts: [String: [String: Int]] = [:]
        for execution in executions {
            for event in execution.events {
                guard let host = event.host else { continue }
                let service = Topology.roleService(event.service)
                hostedServices.insert(service)
                counts[host, default: [:]][service, default: 0] += 1
            }
        }
        for (host, byService) in counts {
            hostService[host] = byService.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
        }
        for execution in executions {
            var hostsBy: [String: Set<String>] = [:]
            for (host, service) in ExecutionView.hostServices(execution, topology: self) {
                hostsBy[service, default: []].insert(host)
            }
            for (service, hosts) in hostsBy where hosts.count > 1 { multiHostServices.insert(service) }
        }
    }
}
