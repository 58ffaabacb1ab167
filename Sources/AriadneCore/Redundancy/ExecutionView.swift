/// One execution seen as processes, roles and message edges, ready to derive outcome supports.
struct ExecutionView {
    let execution: Execution
    /// The process of each event, nil when unknown.
    let processes: [Process?]
    /// Each host's role in this execution.
    let hostRoles: [String: String]
    /// Message edges as (sender event index, receiver event index), oriented caller → callee where
    /// calls are known (a response is drawn as its call's edge).
    let edges: [(Int, Int)]
    /// The same messages in time order: (earlier event, later event).
    let links: [(Int, Int)]
    /// The receiving record giving each edge's message its kind (`edgeKindRecords(order:)`).
    var kinds: [Int] = []
    /// The scope of each edge's fault points (`EdgeScoping`): nil for the whole edge.
    var scopes: [String?] = []
    /// The call graph's partners the view was drawn with: with them, the causal past also takes the
    /// execution's `CausalOrder`.
    let calls: CallPartners?
    /// Every host's names (`Topology.hostNames`): what records name, in this execution or not.
    let hostNames: HostReferences

    /// Hosts in order of first appearance (as a record's host or its `concerns`), with their role
    /// service: the first one seen on the host in this execution, else its usual one.
    static func hostServices(_ execution: Execution, topology: Topology) -> [(String, String)] {
        var result: [(String, String)] = []
        var seen: Set<String> = []
        var local: [String: String] = [:]
        for event in execution.events {
            if let host = event.host, local[host] == nil { local[host] = Topology.roleService(event.service) }
        }
        func add(_ host: String) {
            if seen.insert(host).inserted { result.append((host, local[host] ?? topology.hostService[host] ?? "host")) }
        }
        for event in execution.events {
            if let host = event.host { add(host) }
            if let named = event.field("concerns") { add(named) }
        }
        return result
    }

    /// The causal model's relations as `messages` reads them, made once for every view: for each event
    /// type, the types the model puts before it.
    struct Relations {
        let beforeTypes: [String: Set<String>]

        init(_ modelEdges: [ModelEdge]) {
            var beforeTypes: [String: Set<String>] = [:]
            for edge in modelEdges { beforeTypes[edge.after, default: []].insert(edge.before) }
            self.beforeTypes = beforeTypes
        }
    }

    /// The view of `execution`; without `roles` its hosts' roles are left out (`hostRoles` is empty:
    /// what reads only processes and messages need not find them).
    init(_ execution: Execution, topology: Topology, order: ExecutionOrder, relations: Relations, calls: CallPartners? = nil,
         roles: Bool = true) {
        self.execution = execution
        self.calls = calls
        hostNames = topology.hostNames
        let events = execution.events
        processes = events.map { event in
            if let host = event.host { return .host(host) }
            if let service = event.service, !topology.hostedServices.contains(Topology.roleService(service)) {
                return .service(service)
            }
            return nil
        }
        var ranks: [String: Int] = [:]
        var named: [String: String] = [:]
        for (host, service) in roles ? ExecutionView.hostServices(execution, topology: topology) : [] {
            ranks[service, default: 0] += 1
            named[host] = topology.multiHostServices.contains(service) ? "\(service)#\(ranks[service]!)" : service
        }
        hostRoles = named
        let found = ExecutionView.messages(events: events, processes: processes, order: order, relations: relations, calls: calls)
        edges = found.map(\.edge)
        links = found.map(\.link)
        kinds = edgeKindRecords(order: order)
    }

    /// This execution seen without the call graph (what `PlanFacts` reads): the same processes and
    /// roles, the messages drawn by `order` and `relations` alone (which must be those this view was
    /// made with). Itself when it was made without one.
    func withoutCalls(order: ExecutionOrder, relations: Relations) -> ExecutionView {
        calls == nil ? self : ExecutionView(uncalled: self, order: order, relations: relations)
    }

    private init(uncalled view: ExecutionView, order: ExecutionOrder, relations: Relations) {
        execution = view.execution
        calls = nil
        hostNames = view.hostNames
        processes = view.processes
        hostRoles = view.hostRoles
        let found = ExecutionView.messages(events: execution.events, processes: processes, order: order, relations: relations)
        edges = found.map(\.edge)
        links = found.map(\.link)
        kinds = edgeKindRecords(order: order)
    }

    /// How far back to look for the sender of a message when no model is given.
    static let senderWindow = 256

    /// Message edges (sender event, receiver event). With `calls`, an edge between two hosts is drawn
    /// only along a call or one-way message between them, oriented caller → callee: a record of the
    /// callee followed by its caller's is the call's response and is drawn as the call's edge.
    /// Each edge comes with its link in time order (earlier event, later event). With model edges and
    /// `calls`, a relation of the model that the execution's clocks cannot confirm but do not contradict
    /// is drawn too.
    static func messages(events: [Event], processes: [Process?], order: ExecutionOrder, relations: Relations,
                         calls: CallPartners? = nil) -> [(edge: (Int, Int), link: (Int, Int))] {
        var edges: [(edge: (Int, Int), link: (Int, Int))] = []
        /// The edge between `a` and `b` as drawn, nil when `calls` allows none.
        func oriented(_ a: Int, _ b: Int) -> (Int, Int)? {
            guard let calls, case .host(let ha)? = processes[a], case .host(let hb)? = processes[b] else { return (a, b) }
            if calls.contains(ha, hb) { return (a, b) }
            if calls.contains(hb, ha) { return (b, a) }
            return nil
        }
        // One message between a sending record and a receiving process: taken by the first record of the
        // receiver, in its own order, that would take it; and a record takes from each sending process the
        // message of its last record that would send one. The others are a process going on with its own
        // work: the callee's `Reserving stock` after its `Received order` is no second request, and its
        // `Publishing` before its `responding 201` is no second response.
        func oneMessageEach(_ edges: [(edge: (Int, Int), link: (Int, Int))]) -> [(edge: (Int, Int), link: (Int, Int))] {
            let rank = rankOnProcess(events: events, processes: processes)
            var first: [Int: [Process: Int]] = [:]
            var last: [Int: [Process: Int]] = [:]
            for (_, (a, b)) in edges {
                guard let pa = processes[a], let pb = processes[b] else { continue }
                if first[a]?[pb].map({ rank[$0] <= rank[b] }) != true { first[a, default: [:]][pb] = b }
                if last[b]?[pa].map({ rank[$0] >= rank[a] }) != true { last[b, default: [:]][pa] = a }
            }
            return edges.filter { entry in
                let (a, b) = entry.link
                guard let pa = processes[a], let pb = processes[b] else { return true }
                return first[a]?[pb] == b && last[b]?[pa] == a
            }
        }
        if relations.beforeTypes.isEmpty {
            for b in events.indices {
                guard let pb = processes[b] else { continue }
                var a = b - 1
                while a >= max(0, b - senderWindow) {
                    if let pa = processes[a], pa != pb, order.precedes(events[a], at: a, events[b], at: b), let edge = oriented(a, b) {
                        edges.append((edge, (a, b)))
                        break
                    }
                    a -= 1
                }
            }
            return oneMessageEach(edges)
        }
        // The execution's event types numbered (`typeOf`), and per type the numbers of those before it.
        var numbers: [String: Int] = [:]
        let typeOf = events.map { event in
            if let known = numbers[event.type] { return known }
            numbers[event.type] = numbers.count
            return numbers.count - 1
        }
        var beforeOf: [Int: [Bool]] = [:]
        for b in events.indices {
            guard let pb = processes[b] else { continue }
            let befores: [Bool]
            if let known = beforeOf[typeOf[b]] {
                befores = known
            } else {
                guard let types = relations.beforeTypes[events[b].type] else { continue }
                var flags = [Bool](repeating: false, count: numbers.count)
                for (type, number) in numbers where types.contains(type) { flags[number] = true }
                befores = flags
                beforeOf[typeOf[b]] = flags
            }
            // Keyed by the sender's type number: one sender per type.
            var nearest: [Int: Int] = [:]
            var unordered: [Int: Int] = [:]
            for a in events.indices where a != b && befores[typeOf[a]] {
                guard let pa = processes[a], pa != pb, oriented(a, b) != nil else { continue }
                if order.precedes(events[a], at: a, events[b], at: b) {
                    nearest[typeOf[a]] = a
                } else if unordered[typeOf[a]] == nil, !order.precedes(events[b], at: b, events[a], at: a) {
                    unordered[typeOf[a]] = a
                }
            }
            // A relation of the model that this execution's clocks cannot confirm but do not contradict
            // holds here too: the model kept it because no execution contradicted it.
            if calls != nil { nearest.merge(unordered) { certain, _ in certain } }
            for a in Set(nearest.values).sorted() { edges.append((oriented(a, b)!, (a, b))) }
        }
        return oneMessageEach(edges)
    }

    /// Per event, its position among its process's records (by time, then input order; a record without
    /// a time takes the previous one's), 0 for events without a process.
    static func rankOnProcess(events: [Event], processes: [Process?]) -> [Int] {
        var rank = [Int](repeating: 0, count: events.count)
        var lastTime: [Process: Int64] = [:]
        var keyed: [(process: Process, time: Int64, index: Int)] = []
        for (i, event) in events.enumerated() {
            guard let process = processes[i] else { continue }
            let time = event.time ?? lastTime[process] ?? .min
            lastTime[process] = time
            keyed.append((process, time, i))
        }
        var next: [Process: Int] = [:]
        for entry in keyed.sorted(by: { ($0.process.name, $0.time, $0.index) < ($1.process.name, $1.time, $1.index) }) {
            rank[entry.index] = next[entry.process, default: 0]
            next[entry.process, default: 0] += 1
        }
        return rank
    }

    func role(_ process: Process) -> String {
        switch process {
        case .host(let h): return hostRoles[h] ?? h
        case .service(let s): return s
        }
    }

    func crashPoints(_ process: Process) -> (concrete: FaultPoint, role: FaultPoint) {
        switch process {
        case .host(let h):
            return (FaultPoint(kind: .crash, level: .concrete, targetKind: "host", target: h),
                    FaultPoint(kind: .crash, level: .role, targetKind: "role", target: role(process)))
        case .service(let s):
            let point = FaultPoint(kind: .crash, level: .role, targetKind: "service", target: s)
            return (point, point)
        }
    }

    func delayPoints(_ process: Process) -> (concrete: FaultPoint, role: FaultPoint) {
        switch process {
        case .host(let h):
            return (FaultPoint(kind: .delay, level: .concrete, targetKind: "host", target: h),
                    FaultPoint(kind: .delay, level: .role, targetKind: "role", target: role(process)))
        case .service(let s):
            let point = FaultPoint(kind: .delay, level: .role, targetKind: "service", target: s)
            return (point, point)
        }
    }

    func edgePoints(_ from: Process, _ to: Process, scope: String? = nil) -> (concrete: FaultPoint, role: FaultPoint) {
        let roleLevel = FaultPoint(kind: .delay, level: .role, targetKind: "edge", target: "\(role(from))->\(role(to))", scope: scope)
        if case .service = from, case .service = to { return (roleLevel, roleLevel) }
        return (FaultPoint(kind: .delay, level: .concrete, targetKind: "edge", target: "\(from.name)->\(to.name)", scope: scope), roleLevel)
    }

    /// What every outcome's analysis of this execution uses, made once per execution: its causal
    /// order (with calls), its message chains, and which records look like errors.
    struct AnalysisBasis {
        let causal: CausalOrder?
        let chains: MessageChains
        let errorLooking: [Bool]
        /// Which records report a failure, not only a warning (`LogSignals.isFailure`): no step toward an outcome.
        let failed: [Bool]
        /// Which records the causal order places by calls: their host calls, or is called by, another host
        /// of the execution in the call graph (`causalPast`).
        let placed: [Bool]
        /// Each record's position among its process's records (`rankOnProcess`); empty when no record
        /// reports a failure (nothing then asks which is a process's latest).
        let rank: [Int]
    }

    /// The basis of this execution's analyses under `order`.
    func basis(order: ExecutionOrder) -> AnalysisBasis {
        let errorLooking = execution.events.map(LogSignals.isErrorLooking)
        var placed = [Bool](repeating: false, count: execution.events.count)
        if let calls {
            let hosts = Set(execution.events.compactMap(\.host))
            let connected = hosts.filter { h in calls.partners(of: h).contains { $0 != h && hosts.contains($0) } }
            for (i, event) in execution.events.enumerated() { placed[i] = event.host.map(connected.contains) ?? false }
        }
        let failed = zip(execution.events, errorLooking).map { $1 && LogSignals.isFailure(errorLooking: $0) }
        return AnalysisBasis(causal: calls.map { CausalOrder(execution, order: order, calls: $0) }, chains: MessageChains(self),
                             errorLooking: errorLooking, failed: failed, placed: placed,
                             rank: failed.contains(true) ? Self.rankOnProcess(events: execution.events, processes: processes) : [])
    }

    /// The supports of the outcome occurrences at `occurrences`, the alternatives in time before the
    /// last of them, and the evidence for each point; registers every point in `points`.
    func analyse(occurrences: [Int], order: ExecutionOrder, points: inout [String: FaultPoint]) -> ExecutionAnalysis {
        analyse(occurrences: occurrences, order: order, basis: basis(order: order), points: &points)
    }

    /// `analyse(occurrences:order:points:)` on a basis made once for the execution (`basis(order:)`).
    func analyse(occurrences: [Int], order: ExecutionOrder, basis: AnalysisBasis, points: inout [String: FaultPoint]) -> ExecutionAnalysis {
        let events = execution.events
        var bindings: [String: String] = [:]
        var evidence: [String: [Evidence]] = [:]
        func register(_ pair: (concrete: FaultPoint, role: FaultPoint)) {
            points[pair.concrete.id] = pair.concrete
            points[pair.role.id] = pair.role
            if pair.concrete.id != pair.role.id { bindings[pair.role.id] = pair.concrete.id }
        }
        // Each process's crash points, made and registered once: every record of the process in every
        // occurrence's past notes the same pair (a role is one host's in an execution).
        var crashOf: [Process: (concrete: FaultPoint, role: FaultPoint)] = [:]
        func crash(_ process: Process) -> (concrete: FaultPoint, role: FaultPoint) {
            if let known = crashOf[process] { return known }
            let pair = crashPoints(process)
            register(pair)
            crashOf[process] = pair
            return pair
        }
        func note(_ pair: (concrete: FaultPoint, role: FaultPoint), _ index: Int, into support: inout Set<String>, registered: Bool = false) {
            if !registered { register(pair) }
            support.insert(pair.role.id)
            guard evidence[pair.role.id, default: []].count < 3 else { return }
            let source = events[index].source.description
            if !evidence[pair.role.id, default: []].contains(where: { $0.source == source }) {
                evidence[pair.role.id, default: []].append(Evidence(execution: execution.id, source: source, type: events[index].type))
            }
        }
        let concerns = occurrences.map { events[$0].field("concerns") }
        let causal = basis.causal, chains = basis.chains
        var supports: Set<[String]> = []
        for (k, j) in occurrences.enumerated() {
            let own = concerns[k]
            var siblings = Set(concerns.compactMap { $0 })
            if let own { siblings.remove(own) }
            func allowed(_ p: Process?) -> Process? {
                guard let p else { return nil }
                if case .host(let h) = p, siblings.contains(h) { return nil }
                return p
            }
            let inPast = causalPast(of: j, order: order, chains: chains, causal: causal, placed: basis.placed)
            // A process whose latest record in the past reports a failure of its own (naming no other host)
            // took no step toward the outcome: its attempts failed and were gone around (a replica that
            // accepted each request and then errored, before the caller fell back to another). It and its
            // messages are not in the support. A warning alone is a step, and so is a failure it reports of
            // another host (`transient error from ratings-db-1, retrying`: the caller goes on).
            // One whose every record there reports a failure took none either.
            var latest: [Process: Int] = [:]
            var succeeded: Set<Process> = []
            for i in events.indices where inPast[i] {
                guard let p = processes[i] else { continue }
                if !basis.failed[i] { succeeded.insert(p) }
                if let known = latest[p], !basis.rank.isEmpty, basis.rank[known] > basis.rank[i] { continue }
                latest[p] = i
            }
            var stepped: Set<Process> = []
            for (p, i) in latest where succeeded.contains(p) && (!basis.failed[i] || !peers(of: events[i]).isEmpty) {
                stepped.insert(p)
            }
            // A callee its caller gave up on for another took no step either: a failure record in the past
            // names its host and the host tried next (`geo lookup timed out peer=geo-a, retrying peer=geo-b`),
            // and all its records in the past lie surely within that one call: after the caller's record
            // before the failure, and before the failure. Its late answer, if it came, reached nothing the
            // caller used. The host tried next writes on after the failure and is kept, and so is one that did
            // other work in the past (a replica that stored the value a failed read was after). A failure
            // naming one host (`transient error from kv-2, retrying`) may be retried on it unlogged: kept.
            if !basis.rank.isEmpty {
                var recordsOf: [String: [Int]] = [:]
                for i in events.indices where inPast[i] {
                    if let p = processes[i], stepped.contains(p), let h = events[i].host { recordsOf[h, default: []].append(i) }
                }
                for c in events.indices where inPast[c] && basis.failed[c] {
                    let named = peers(of: events[c])
                    let hosts = named.receivers.union(named.sources).subtracting([events[c].host ?? ""])
                    guard hosts.count >= 2 else { continue }
                    let before = events.indices.first { processes[$0] == processes[c] && basis.rank[$0] == basis.rank[c] - 1 }
                    for h in hosts.sorted() {
                        guard let own = recordsOf[h], !own.isEmpty, own.allSatisfy({ x in
                            order.precedes(events[x], at: x, events[c], at: c)
                                && before.map { order.precedes(events[$0], at: $0, events[x], at: x) } ?? true
                        }) else { continue }
                        // Only the host's own process: a service-wide one holds the replica tried next too.
                        for i in own { if let p = processes[i], case .host = p { stepped.remove(p) } }
                    }
                }
            }
            func contributed(_ p: Process?) -> Process? {
                guard let p = allowed(p), stepped.contains(p) else { return nil }
                return p
            }
            var support: Set<String> = []
            for i in events.indices where inPast[i] {
                if let p = contributed(processes[i]) { note(crash(p), i, into: &support, registered: true) }
            }
            if let own { note(crash(.host(own)), j, into: &support, registered: true) }
            var noted: Set<[Process]> = []
            for (k, (a, b)) in edges.enumerated() where inPast[a] && inPast[b] {
                if let pa = contributed(processes[a]), let pb = contributed(processes[b]) {
                    note(edgePoints(pa, pb, scope: k < scopes.count ? scopes[k] : nil), b, into: &support)
                    noted.insert([pa, pb])
                }
            }
            // The causal order's messages in the past between processes no edge above joined: the sender's
            // record a message follows may not be the one the view's edge starts from (`send to=b` before
            // `send to=c`). Scoped as the view's edge between the same processes, if any.
            for message in causal?.messages ?? [] where inPast[message.to] {
                guard let from = message.from, inPast[from], let pa = contributed(processes[from]),
                      let pb = contributed(processes[message.to]), noted.insert([pa, pb]).inserted else { continue }
                let k = edges.firstIndex { processes[$0.0] == pa && processes[$0.1] == pb }
                note(edgePoints(pa, pb, scope: k.flatMap { $0 < scopes.count ? scopes[$0] : nil }), message.to, into: &support)
            }
            // A message in the past from a host that had logged nothing in its visit before sending it (a
            // proxy logging once, after the answer came back): the sender took a step toward the outcome
            // all the same, and so did its message. Quoted by the sender's record `Message.senderVisit` names.
            for message in causal?.messages ?? [] where message.from == nil && inPast[message.to] {
                guard let pa = allowed(processes[message.senderVisit]), let pb = contributed(processes[message.to]), pa != pb else { continue }
                note(crash(pa), message.senderVisit, into: &support, registered: true)
                if noted.insert([pa, pb]).inserted {
                    let k = edges.firstIndex { processes[$0.0] == pa && processes[$0.1] == pb }
                    note(edgePoints(pa, pb, scope: k.flatMap { $0 < scopes.count ? scopes[$0] : nil }), message.senderVisit, into: &support)
                }
            }
            supports.insert(support.sorted())
        }
        let minimal = supports.filter { s in
            !supports.contains { other in other.count < s.count && Set(other).isSubset(of: s) }
        }.sorted { $0.lexicographicallyPrecedes($1) }
        let alternatives = timeAlternatives(before: occurrences.max()!, outcome: Set(occurrences), errorLooking: basis.errorLooking)
        for alt in alternatives {
            points[alt.primaryPoint.id] = alt.primaryPoint
            if let concrete = alt.primaryConcrete, concrete.id != alt.primaryPoint.id {
                points[concrete.id] = concrete
                bindings[alt.primaryPoint.id] = concrete.id
            }
        }
        return ExecutionAnalysis(id: execution.id, supports: minimal, bindings: bindings, evidence: evidence, alternatives: alternatives)
    }

    /// What the causal past follows besides the clocks: per event, the senders of the messages it
    /// received (`links`) and its predecessor on its host, in the host's own order (time, then input
    /// order; a missing time takes the previous record's). Made once per execution, used per occurrence.
    struct MessageChains {
        let senders: [Int: [Int]]
        let previous: [Int]

        init(_ view: ExecutionView) {
            let events = view.execution.events
            var senders: [Int: [Int]] = [:]
            for (a, b) in view.links { senders[b, default: []].append(a) }
            self.senders = senders
            var previous = [Int](repeating: -1, count: events.count)
            if !view.links.isEmpty {
                var lastOfHost: [String: (time: Int64, index: Int)] = [:]
                var keyed: [(host: String, time: Int64, index: Int)] = []
                for (i, event) in events.enumerated() {
                    guard let host = event.host else { continue }
                    let time = event.time ?? lastOfHost[host]?.time ?? .min
                    lastOfHost[host] = (time, i)
                    keyed.append((host, time, i))
                }
                var tail: [String: Int] = [:]
                for entry in keyed.sorted(by: { ($0.host, $0.time, $0.index) < ($1.host, $1.time, $1.index) }) {
                    previous[entry.index] = tail[entry.host] ?? -1
                    tail[entry.host] = entry.index
                }
            }
            self.previous = previous
        }
    }

    /// The events that happen before the one at `j` (and `j` itself): those the execution's causal order
    /// (`CausalOrder`, with a call graph) puts before it, those the clocks order before it, and those a
    /// chain of messages (`links`) and a host's own order leads from to it (`chains`). When `j`'s host is
    /// placed by the call graph (`placed`: it calls, or is called by, another host of the execution), the
    /// records of placed hosts count only by the causal order: a record the clocks put earlier on a host
    /// that sent nothing toward `j` is concurrent with it (a relay's copy that reached a receiver the origin
    /// had served, `deliver from=a`), and counting it would merge the outcome's alternative supports into
    /// one. Records of hosts the call graph does not place (a replica pair seen too rarely to be a call)
    /// and records without a host still count by the clocks and the chains.
    func causalPast(of j: Int, order: ExecutionOrder, chains: MessageChains, causal: CausalOrder? = nil, placed: [Bool] = []) -> [Bool] {
        let events = execution.events
        var inPast = causal?.past(of: j) ?? [Bool](repeating: false, count: events.count)
        let strict = causal != nil && j < placed.count && placed[j]
        func open(_ i: Int) -> Bool { !strict || i >= placed.count || !placed[i] }
        for i in events.indices where !inPast[i] && open(i) { inPast[i] = i == j || order.precedes(events[i], at: i, events[j], at: j) }
        inPast[j] = true
        guard !links.isEmpty else { return inPast }
        var reached = [Bool](repeating: false, count: events.count)
        var stack = [j]
        reached[j] = true
        while let x = stack.popLast() {
            var next = chains.senders[x] ?? []
            if chains.previous[x] >= 0 { next.append(chains.previous[x]) }
            for i in next where !reached[i] {
                reached[i] = true
                stack.append(i)
            }
        }
        for i in events.indices where reached[i] && open(i) { inPast[i] = true }
        return inPast
    }

    /// Retries and fallbacks before index `end`: an event type repeated after an error-looking record
    /// (on the same process: retry; on another: fallback), or repeated on the same process about the
    /// same thing with nothing error-looking between (a retry with an unknown trigger).
    /// `errorLooking` gives `LogSignals.isErrorLooking` of each record when known.
    ///
    /// Records are read in input order, then in time order up to the outcome's latest time: with one
    /// file per host, input order puts the hosts in file order, so a job that moved from `worker-c` to
    /// `worker-b` shows its two attempts the wrong way round. The time-order reading adds only
    /// fallbacks whose error-looking record is the primary's own or concerns it, since records of
    /// parallel work interleave in time (replicas written at once, one of them slow).
    func timeAlternatives(before end: Int, outcome: Set<Int>, errorLooking known: [Bool]? = nil) -> [AlternativeUse] {
        let events = execution.events
        let errorLooking = known ?? events.map(LogSignals.isErrorLooking)
        var peers: [Int: Peers] = [:]
        var uses = alternatives(in: Array(0..<end), outcome: outcome, errorLooking: errorLooking, aboutPrimary: false, peers: &peers)
        let outcomeTimes = outcome.compactMap { events[$0].time }
        guard outcomeTimes.count == outcome.count, let last = outcomeTimes.max() else { return uses.map(\.use) }
        let timed = events.indices.filter { i in
            guard let t = events[i].time else { return false }
            return t <= last
        }.sorted { (events[$0].time!, $0) < (events[$1].time!, $1) }
        let found = Set(uses.map(\.index))
        uses += alternatives(in: timed, outcome: outcome, errorLooking: errorLooking, aboutPrimary: true, peers: &peers)
            .filter { !found.contains($0.index) }
        return uses.sorted { $0.index < $1.index }.map(\.use)
    }

    /// The alternatives among the records at `sequence`, read in that order: each record outside
    /// `outcome` whose type repeats the last one of its type. With `aboutPrimary`, only fallbacks whose error-looking record
    /// is on the primary's process or concerns its host. `peers` caches `peers(of:)` by record.
    private func alternatives(in sequence: [Int], outcome: Set<Int>, errorLooking: [Bool], aboutPrimary: Bool,
                              peers: inout [Int: Peers]) -> [(index: Int, use: AlternativeUse)] {
        let events = execution.events
        var lastOfType: [String: Int] = [:]
        var uses: [(index: Int, use: AlternativeUse)] = []
        for (position, k) in sequence.enumerated() {
            let event = events[k]
            if outcome.contains(k) || errorLooking[k] { continue }
            defer { lastOfType[event.type] = position }
            guard let q = lastOfType[event.type], let first = processes[sequence[q]], let second = processes[k] else { continue }
            let same = first == second
            if aboutPrimary && same { continue }
            var trigger: TriggerKind?
            var triggerRecord: Int?
            for t in sequence[(q + 1)..<position].reversed() where errorLooking[t] {
                if aboutPrimary && !(processes[t] == first || events[t].field("concerns") == first.name) { continue }
                trigger = LogSignals.trigger(of: events[t])
                triggerRecord = t
                break
            }
            if trigger == nil && !(same && events[sequence[q]].field("concerns") == event.field("concerns")) { continue }
            // With nothing failing between them, the same record naming other hosts is a fan-out or a
            // gather (a broadcast's `send to=b`, `send to=c`; `vote yes from p1`, `from p2`), not a second attempt.
            func named(_ i: Int) -> Peers {
                if let known = peers[i] { return known }
                let found = self.peers(of: events[i])
                peers[i] = found
                return found
            }
            if trigger == nil && fansOut(named(sequence[q]), named(k)) { continue }
            // A retried call is its callee's (`callee`): delaying the caller would time nothing out.
            let called = same ? callee(named(sequence[q]), named(k), error: triggerRecord.map(named)) : nil
            let primary = called ?? first, alternative = called ?? second
            uses.append((k, AlternativeUse(kind: same ? "retry" : "fallback", eventType: event.type, primary: role(primary),
                                           alternative: role(alternative), trigger: trigger ?? .unknown,
                                           evidence: Evidence(execution: execution.id, source: event.source.description, type: event.type),
                                           primaryPoint: delayPoints(primary).role, primaryConcrete: delayPoints(primary).concrete)))
        }
        return uses
    }
}

extension ExecutionView {
    /// The hosts a record names other than its own, as receivers and as sources.
    struct Peers: Equatable {
        var receivers: Set<String> = []
        var sources: Set<String> = []

        var isEmpty: Bool { receivers.isEmpty && sources.isEmpty }
    }

    /// The hosts (of any execution, `Topology.hostNames`) `event` names other than its own.
    func peers(of event: Event) -> Peers {
        var peers = Peers()
        for n in hostNames.named(by: event, own: event.host ?? "") {
            if n.isSource { peers.sources.insert(n.host) } else { peers.receivers.insert(n.host) }
        }
        return peers
    }

    /// The host a repeated call went to, when its records say (their `peers(of:)`): the one receiver both
    /// attempts name (`prepare -> p1` twice), or, when neither names one, the one host the error between
    /// them names (`transient error from p1`). Nil otherwise: attempts naming different receivers are a
    /// fan-out in which one branch failed as often as a move to another host, and the records cannot
    /// tell which.
    func callee(_ first: Peers, _ second: Peers, error: Peers?) -> Process? {
        func one(_ hosts: Set<String>) -> String? { hosts.count == 1 ? hosts.first : nil }
        let a = one(first.receivers), b = one(second.receivers)
        if let a, a == b { return .host(a) }
        guard a == nil, b == nil, let named = error.flatMap({ one($0.receivers.union($0.sources)) }) else { return nil }
        return .host(named)
    }

    /// Whether two records' `peers(of:)` both name other hosts, and not the same ones the same way (as
    /// receivers or as sources).
    func fansOut(_ first: Peers, _ second: Peers) -> Bool {
        !first.isEmpty && !second.isEmpty && first != second
    }
}

/// One execution's supports and alternatives for one outcome.
struct ExecutionAnalysis {
    let id: String
    /// Distinct minimal supports, role-level ids, each sorted, sorted.
    let supports: [[String]]
    let bindings: [String: String]
    let evidence: [String: [Evidence]]
    let alternatives: [AlternativeUse]

    var classKey: String { supports.map { $0.joined(separator: "\u{1}") }.joined(separator: "\u{2}") }
}

/// One use of an alternative in time.
struct AlternativeUse {
    let kind: String
    let eventType: String
    let primary: String
    let alternative: String
    let trigger: TriggerKind
    let evidence: Evidence
    let primaryPoint: FaultPoint
    let primaryConcrete: FaultPoint?
}
