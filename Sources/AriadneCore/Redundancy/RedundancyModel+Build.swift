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
    ///   causal past (itself, every event that `order` says happens before it and, with `calls`, every
    ///   event the execution's `CausalOrder` puts before it), the host its
    ///   `concerns` field names, and the message edges inside that past. Hosts that sibling
    ///   occurrences concern are their own alternatives and are left out of each other's supports
    ///   (the three replicas of a block are three supports, not one). A process whose latest record in
    ///   that past (in its own order) reports a failure (`LogSignals.isFailure`: an error level, failure
    ///   words, a 4xx/5xx status; a warning alone is not one) is left out with its edges: attempts that
    ///   failed and were gone around are no step toward the outcome (lineage, not history).
    /// - A message edge `A -> B` links an event on B to the nearest earlier event on another process A
    ///   that happens before it, one message between a sending record and a receiving process (the
    ///   receiver's first record that would take it, from the sender's last record that would send
    ///   one); with `modelEdges`, only along a model relation between their types;
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
    ///
    /// `executions` may be an `ExecutionStore`: the model is built from shares of `viewShare`
    /// executions unpacked at a time (parts of `analysisPart` in the second pass), each execution
    /// folded into its outcome's classes as it is analysed, so memory holds one share and the classes,
    /// not every execution (see `OutcomeBuilder`). `progress` is called after each share (each part in
    /// the second pass) with the share of the work done, 0 to 1 (two passes over the executions, below).
    public static func build<Executions: RandomAccessCollection>(
        executions: Executions, order: ExecutionOrder, outcomes: [OutcomeSpec],
        modelEdges: [ModelEdge] = [], calls: CallGraph? = nil, progress: ((Double) -> Void)? = nil
    ) throws -> RedundancyModel where Executions.Element == Execution, Executions.Index == Int {
        try build(executions: executions, order: order, outcomes: outcomes, modelEdges: modelEdges, calls: calls, share: viewShare,
                  progress: progress)
    }

    /// `build(executions:order:outcomes:modelEdges:calls:progress:)`, and the plan's facts of the same
    /// executions (`PlanFacts.build(executions:order:modelEdges:)`) gathered by the second pass's
    /// workers from the executions they unpack anyway, rather than in a pass of their own.
    public static func buildWithFacts<Executions: RandomAccessCollection>(
        executions: Executions, order: ExecutionOrder, outcomes: [OutcomeSpec],
        modelEdges: [ModelEdge] = [], calls: CallGraph? = nil, progress: ((Double) -> Void)? = nil
    ) throws -> (model: RedundancyModel, facts: PlanFacts) where Executions.Element == Execution, Executions.Index == Int {
        // One topology for both: a collection other than a store would count it again.
        let topology = Topology.of(executions)
        let gathering = PlanFacts.Gathering(topology: topology, order: order, modelEdges: modelEdges)
        let model = try build(executions: executions, order: order, outcomes: outcomes, modelEdges: modelEdges, calls: calls,
                              share: viewShare, topology: topology, gathering: gathering, progress: progress)
        return (model, gathering.facts())
    }

    /// Executions unpacked and viewed at a time.
    static let viewShare = 4096

    /// Executions of a share analysed before their analyses are folded.
    static let analysisPart = 1024

    static func build<Executions: RandomAccessCollection>(
        executions: Executions, order: ExecutionOrder, outcomes: [OutcomeSpec],
        modelEdges: [ModelEdge], calls: CallGraph?, share: Int, topology known: Topology? = nil,
        gathering: PlanFacts.Gathering? = nil, progress: ((Double) -> Void)? = nil
    ) throws -> RedundancyModel where Executions.Element == Execution, Executions.Index == Int {
        let specs = outcomes.isEmpty ? OutcomeSpec.propose(executions: executions) : outcomes
        if specs.isEmpty {
            guard !executions.isEmpty else { throw HypothesisError.noOutcome }
            throw HypothesisError.noOutcomeProposed(executions: executions.count, candidates: OutcomeSpec.candidates(executions: executions))
        }
        var topology = known ?? Topology.of(executions)
        // Records name hosts also by the addresses the call graph learned for them (a proxy's upstream).
        if let aliases = calls?.aliases, !aliases.isEmpty { topology.hostNames = HostReferences(hosts: topology.hostService.keys, aliases: aliases) }
        let relations = ExecutionView.Relations(modelEdges)
        let partners = calls.flatMap { $0.hostEdges.isEmpty ? nil : CallPartners($0) }
        // A matcher that cannot be made throws when its outcome's turn comes, as building one outcome after the other would.
        let builders = try specs.flatMap { try perHost($0, executions: executions) }.map { spec in
            Result<OutcomeBuilder, Error> {
                let matcher = try EventMatcher(spec.pattern, exactType: isType(spec.pattern, in: executions))
                let condition = try spec.condition.map { try EventMatcher($0, exactType: isType($0, in: executions)) }
                return OutcomeBuilder(spec: spec, matcher: matcher, condition: condition, calls: partners)
            }
        }
        let working = builders.compactMap { try? $0.get() }
        let store = executions as? ExecutionStore
        // The first pass's views are kept for the second only when every execution fits in one share;
        // otherwise the first pass reads messages alone, not roles.
        let keptForPass1 = executions.count <= max(1, share)
        /// Each share of executions, viewed (each worker unpacks its own part: a store decompresses each
        /// block once per part), with the index of its first execution.
        func forEachShare(_ body: (Int, [ExecutionView]) -> Void) {
            var start = executions.startIndex
            while start < executions.endIndex {
                let end = executions.endIndex - start > max(1, share) ? start + max(1, share) : executions.endIndex
                let parts = (0..<Parallel.workers).map { w in
                    (start + (end - start) * w / Parallel.workers)..<(start + (end - start) * (w + 1) / Parallel.workers)
                }
                do {
                    let views = Parallel.map(parts, minimumShare: 1) { part -> [ExecutionView] in
                        let unpacked = store?.executions(in: part) ?? part.map { executions[$0] }
                        return unpacked.map {
                            ExecutionView($0, topology: topology, order: order, relations: relations, calls: partners, roles: keptForPass1)
                        }
                    }.flatMap { $0 }
                    body(start - executions.startIndex, views)
                }
                // The share's views, made and freed on worker threads, leave their arenas (`FreedMemory`).
                if end < executions.endIndex { FreedMemory.release() }
                start = end
            }
        }
        // Two passes, in this order: which edges carry several kinds of message needs every execution
        // (`EdgeScoping`), and each execution's fault points need it. Views are made again in the second
        // pass rather than kept, so memory holds one share in the first and one part (`analysisPart`)
        // in the second; when every execution fits in one share, the first pass's views are kept and used.
        var scoping = EdgeScoping()
        var single: [ExecutionView]?
        /// The share of the work done once `done` executions of `pass` (0 or 1) are through.
        func report(pass: Int, done: Int) {
            progress?((Double(pass) + Double(done) / Double(max(1, executions.count))) / 2)
        }
        forEachShare { first, views in
            for view in views { scoping.add(view) }
            if keptForPass1 { single = views }
            report(pass: 0, done: first + views.count)
        }
        scoping.finish()
        // Each supporting execution's id, once for every outcome it supports.
        var table = ExecutionIDTable()
        /// One execution scoped, scanned for every outcome (with the worker's own `matchers`) and
        /// analysed once for every outcome it supports (what the outcomes share, its causal order, made
        /// once): what the fold needs of it, without the execution.
        typealias Examined = (scans: [OutcomeBuilder.Scan], analyses: [(ExecutionAnalysis, [String: FaultPoint])?])
        func examine(_ view: ExecutionView, _ matchers: [(outcome: EventMatcher, condition: EventMatcher?)]) -> Examined {
            var view = view
            if !scoping.kinds.isEmpty { view.scopes = scoping.scopes(of: view) }
            let scans = zip(working, matchers).map { $0.scan(view.execution, matchers: $1) }
            let wanted = scans.map(\.supported)
            guard wanted.contains(where: { $0 != nil }) else { return (scans, wanted.map { _ in nil }) }
            let basis = view.basis(order: order)
            return (scans, wanted.map { occurrences in
                occurrences.map { occurrences in
                    var seen: [String: FaultPoint] = [:]
                    let analysis = view.analyse(occurrences: occurrences, order: order, basis: basis, points: &seen)
                    return (analysis, seen)
                }
            })
        }
        // Counting and folding a part is sequential: it runs on `lane`, in order, while the next part
        // is examined on all cores (one part waits at most, so memory holds two parts' analyses).
        let lane = SerialLane()
        /// Examines the executions at `part` (offsets from the first execution) on all cores, each
        /// worker viewing its own range (`view`), then hands them to `lane` to count and fold in order.
        func fold(_ part: Range<Int>, view: (Range<Int>) -> [ExecutionView]) {
            let ranges = (0..<Parallel.workers).map { w in
                (part.lowerBound + part.count * w / Parallel.workers)..<(part.lowerBound + part.count * (w + 1) / Parallel.workers)
            }
            let done = Parallel.map(ranges, minimumShare: 1) { range in
                let matchers = working.map { $0.threadMatchers() }
                let views = view(range)
                return (views.map { examine($0, matchers) }, gathering?.tally(views: views))
            }
            lane.run {
                for case (_, let facts?) in done { gathering?.absorb(facts) }
                let examined = done.flatMap(\.0)
                var analyses = [[(analysis: ExecutionAnalysis, points: [String: FaultPoint], id: UInt32)]](repeating: [], count: working.count)
                for (number, found) in zip(part, examined) {
                    var id: UInt32?
                    for (b, builder) in working.enumerated() {
                        builder.absorb(found.scans[b], number: number)
                        guard let (analysis, points) = found.analyses[b] else { continue }
                        if id == nil { id = table.add(found.scans[b].execution) }
                        analyses[b].append((analysis, points, id!))
                    }
                }
                for (b, builder) in working.enumerated() { builder.fold(analyses[b]) }
            }
        }
        // A part at a time (memory holds that part's analyses). Without the first pass's views, each
        // worker unpacks and views its own range and frees it there (only the analyses and the matched
        // events reach this thread), and a share's freed memory leaves the arenas (`FreedMemory`)
        // before the next.
        var start = 0, sinceRelease = 0
        while start < executions.count {
            let part = start..<min(executions.count, start + analysisPart)
            if let single {
                fold(part) { range in Array(single[range]) }
            } else {
                fold(part) { range in
                    let offsets = (executions.startIndex + range.lowerBound)..<(executions.startIndex + range.upperBound)
                    let unpacked = store?.executions(in: offsets) ?? offsets.map { executions[$0] }
                    return unpacked.map { ExecutionView($0, topology: topology, order: order, relations: relations, calls: partners) }
                }
                sinceRelease += part.count
                if sinceRelease >= share, part.upperBound < executions.count {
                    FreedMemory.release()
                    sinceRelease = 0
                }
            }
            start = part.upperBound
            report(pass: 1, done: start)
        }
        lane.wait()
        var points: [String: FaultPoint] = [:]
        var models: [OutcomeModel] = []
        for builder in builders {
            let builder = try builder.get()
            models.append(try builder.model(executions: executions, table: table))
            points.merge(builder.points) { _, new in new }
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
    static func perHost(_ spec: OutcomeSpec, executions: some Collection<Execution>) throws -> [OutcomeSpec] {
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
    static func isType(_ name: String, in executions: some Collection<Execution>) -> Bool {
        executions.contains { $0.events.contains { $0.type == name } }
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
    /// The names of every host in `hostService`, for reading which hosts a record names.
    var hostNames = HostReferences(hosts: [String]())

    /// A service's role: up to its first `$` (Java inner classes), `host` when unknown.
    static func roleService(_ service: String?) -> String {
        guard let service, !service.isEmpty else { return "host" }
        if !service.utf8.contains(UInt8(ascii: "$")) { return service }
        return service.split(separator: "$", maxSplits: 1).first.map(String.init) ?? service
    }

    /// The topology of `executions`, made once per `ExecutionStore` (until it grows).
    static func of<Executions: RandomAccessCollection>(_ executions: Executions) -> Topology
    where Executions.Element == Execution, Executions.Index == Int {
        (executions as? ExecutionStore)?.topology() ?? Topology(executions)
    }

    /// Counted on all cores (`ExecutionParts`, small shares: `ExecutionParts.smallShare`): the counts add,
    /// the sets join, and the executions whose hosts' services are known only at the end wait for all.
    init<Executions: RandomAccessCollection>(_ executions: Executions) where Executions.Element == Execution, Executions.Index == Int {
        var total = Tally()
        ExecutionParts.fold(executions, share: ExecutionParts.smallShare, tally: { executions in
            var part = Tally()
            part.add(executions)
            return part
        }, absorb: { total.absorb($0) })
        self = total.topology()
    }

    private init() {}

    /// What the topology counts of some executions (`add`), joined with that of others (`absorb`), in
    /// any order: `topology()` is then that of all of them.
    struct Tally {
        private var seen = Topology()
        /// Host → service → records.
        private var counts: [String: [String: Int]] = [:]
        private var pending: Set<Pending> = []

        /// Counts `executions`.
        mutating func add(_ executions: [Execution]) {
            seen.count(executions, counts: &counts, pending: &pending)
        }

        /// Adds what `part` counted.
        mutating func absorb(_ part: Tally) {
            seen.hostedServices.formUnion(part.seen.hostedServices)
            seen.multiHostServices.formUnion(part.seen.multiHostServices)
            counts.merge(part.counts) { $0.merging($1, uniquingKeysWith: +) }
            pending.formUnion(part.pending)
        }

        /// The topology of every execution counted: each host's most frequent service, and the services
        /// of the executions that name hosts without records, now that those hosts' services are known.
        func topology() -> Topology {
            var made = seen
            for (host, byService) in counts {
                made.hostService[host] = byService.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
            }
            for execution in pending {
                var hostsBy = execution.hostsBy
                for host in execution.unplaced { hostsBy[made.hostService[host] ?? "host", default: 0] += 1 }
                for (service, hosts) in hostsBy where hosts > 1 { made.multiHostServices.insert(service) }
            }
            made.hostNames = HostReferences(hosts: made.hostService.keys)
            return made
        }
    }

    /// An execution's hosts per service, and the hosts it names that have no record in it (sorted):
    /// executions alike are kept once (an archive's executions repeat a few replica sets).
    private struct Pending: Hashable {
        var hostsBy: [String: Int]
        var unplaced: [String]
    }

    /// Counts the hosts' services of `executions` into `counts` (host → service → records); per execution
    /// naming hosts (as `concerns`) that have no record in it, the number of hosts of each service among
    /// those that do, and those hosts, whose usual service is known only at the end, go to `pending`.
    private mutating func count(_ executions: [Execution], counts: inout [String: [String: Int]], pending: inout Set<Pending>) {
        for execution in executions {
            // Each host's role service in this execution: the first one seen on it (`ExecutionView.hostServices`).
            var local: [String: String] = [:]
            for event in execution.events {
                guard let host = event.host else { continue }
                let service = Topology.roleService(event.service)
                hostedServices.insert(service)
                counts[host, default: [:]][service, default: 0] += 1
                if local[host] == nil { local[host] = service }
            }
            var hostsBy: [String: Int] = [:]
            for service in local.values { hostsBy[service, default: 0] += 1 }
            var unplaced: [String] = []
            for event in execution.events {
                if let host = event.field("concerns"), local[host] == nil, !unplaced.contains(host) { unplaced.append(host) }
            }
            // Named hosts only add to the counts: a service with two hosts already has them.
            for (service, hosts) in hostsBy where hosts > 1 { multiHostServices.insert(service) }
            if !unplaced.isEmpty { pending.insert(Pending(hostsBy: hostsBy, unplaced: unplaced.sorted())) }
        }
    }
}
