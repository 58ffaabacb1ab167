/// The calls one execution shows between its hosts (events without a host take no part).
///
/// Rules, on the order `order.precedes` gives (a host's own records by its clock; records of two hosts
/// only when the order can tell):
/// - The records are read in an order consistent with `order` (of the hosts' next records, the
///   earliest one no other precedes; ties by estimated time, then input position; with a call graph,
///   callers first, see `visits(_:order:calls:aliases:)`) against a stack of hosts, as
///   a synchronous call chain runs: a record of the host on top continues its visit; a record of a host
///   lower in the stack is a return to it (the hosts above it have finished); a record of a host not in
///   the stack starts a new visit of that host, pushed. With a call graph, "precedes" below is "read
///   before": the reading settles what the clocks leave open.
/// - A visit of B is a nesting call from the innermost visit of the stack (when B was first seen) that
///   encloses it: a record of that visit precedes B's visit's first record and one follows its last,
///   before that host returned (when B nests in C which nests in A, the caller is C). When none encloses
///   it, it is a one-way message from the host on top when a record of its visit precedes B's (the
///   sender did not wait); otherwise nothing (the order cannot tell).
/// - Reference: a record of A naming B (see `HostReferences`; or sharing a message's id with B's first
///   record, see `MessageLinks`) is a call A → B, ignored when B → A is a
///   nesting call (the callee naming its caller), unless the record reports the response of a call
///   (`LogSignals.reportsResponse`: an access log's line naming its upstream), which only the caller
///   writes: then the nesting goes (B wrote on after answering). It is a one-way message instead when A went on
///   without waiting (`send(from:to:...)`: A's next record precedes B's first on the clocks, or the
///   record ends a burst of its kind, `send to=C` then `send to=B`, and A went on from the one before),
///   A never names B as a source (`ack from B`) and B's work did not nest in A's. A name after a source
///   word (`from B`) is a call B → A, ignored when A → B is a call by nesting or by a plain reference
///   (`vote from B` answers A's `prepare -> B`).
/// - A visit whose first record names its requester (`Naming.isRequester`: a server's access line naming
///   the address it served, `remotehost`) is that requester's call (reference evidence), unless the
///   visit nests in the requester: the line is written after the answer, so the reading may have placed
///   it after its caller went on, under another host.
/// - A visit no record encloses that is one record reporting how long its work took (`RecordDuration`: a
///   gateway's access line, written as the request ends) is a call to the outermost visit on the stack
///   whose records all lie within that work (`calleeOfLoneRecord`), not a message from the host on top.
/// - A visit no record encloses whose first record shares a topic word with an earlier record of one
///   other host only (`MessageTopics`: `published order.confirmed`, `received order.confirmed`) is a
///   one-way message from that host, rather than from the host on top.
/// - A message A → B is not claimed when B is named as a callee by a reference, or when B → A is a
///   call in the execution (A's record then is the return of B's call).
/// A callee's record followed by its caller's next record is thus never read as a call back. A caller's
/// record naming the callee as its source (`transient error from B`), stamped before the callee's first
/// record and with no record naming B as its receiver read before, is read first (see
/// `visits(_:order:calls:aliases:)`): B answered a first attempt it did not log.
public struct ExecutionCalls: Sendable, Equatable {
    /// One call in the execution.
    public struct Call: Sendable, Hashable, Comparable {
        /// The caller.
        public var from: String
        /// The callee.
        public var to: String
        /// What showed it.
        public var evidence: CallGraph.Evidence
        /// Indices into the execution's events that show it: the caller's record before and the
        /// callee's first (nesting: also the callee's last and the caller's record after; reference:
        /// the naming record only).
        public var events: [Int]

        /// Synchronous call or one-way message.
        public var kind: CallGraph.Kind { evidence == .message ? .oneway : .sync }

        public static func < (a: Call, b: Call) -> Bool {
            (a.from, a.to, a.evidence) != (b.from, b.to, b.evidence)
                ? (a.from, a.to, a.evidence) < (b.from, b.to, b.evidence)
                : a.events.lexicographicallyPrecedes(b.events)
        }
    }

    /// A record naming another host of the execution (see `HostReferences`).
    public struct Naming: Sendable, Hashable {
        /// Index into the execution's events of the naming record.
        public var event: Int
        /// The host named.
        public var host: String
        /// Whether it is named as the source (`from B`: a receipt) rather than the receiver (`to B`).
        public var isSource: Bool
        /// With `isSource`: named as the requester of the request the record reports serving
        /// (`HostReferences.Name.isRequester`): the host called the record's host.
        public var isRequester = false
        /// Whether the record shares a message's id with the host rather than naming it (`MessageLinks`:
        /// a queued message's id, or, as the source, the host's span its parent field names).
        public var byMessageID = false
        /// With `byMessageID`: the sender logged the id again, so it waited for an answer (a call).
        public var answered = false
    }

    /// What a record naming its receiver (`send to=B`) showed of its sender: it went on without
    /// waiting (a one-way message), or it waited (a call). Over executions, the verdicts of one record
    /// message key tell the kind of the sends that show neither (a lone send, the sender's last record),
    /// whichever host wrote them.
    public struct SendVerdict: Sendable, Hashable {
        /// The naming record's message key (`sendKey`).
        public var key: String
        /// The sender went on (true) or waited (false).
        public var wentOn: Bool
    }

    /// Where a called host's record stood against its caller's answer (`trails`).
    public struct TrailVerdict: Sendable, Hashable {
        /// The record's type.
        public var type: String
        /// What the record showed.
        public var kind: TrailKind
    }

    /// What one record of a called host (its visit has a caller) showed of whether it is part of the
    /// host's answer. Over executions, a type that followed its host's record with nothing between in
    /// some, came after its caller went on in others, and never opened its host's work is written after
    /// answering (`CallGraph.trailTypes`): the caller does not wait for it, and no message starts it.
    public enum TrailKind: Sendable, Hashable {
        /// The record was its host's first in the execution: a receipt.
        case opened
        /// It followed its host's record with no record of any host read between, inside the call.
        case inCall
        /// Records of a host calling it (one on its visit's stack) are read right after its host's record
        /// before it, and one of them lies surely between the two on the clocks (estimated for both hosts,
        /// `ExecutionOrder.isEstimated`): the caller went on from the answer before it was written.
        case afterCaller
    }

    /// The hosts with records in the execution, sorted.
    public var hosts: [String]
    /// One verdict per record naming its receiver that showed one (in event order).
    public var sends: [SendVerdict] = []
    /// One verdict per record of a called host that showed one, neither it nor the record before it a
    /// failure (`LogSignals.isErrorLooking`: a record after a failure may be a new attempt): by host, in
    /// its order.
    public var trails: [TrailVerdict] = []
    /// The calls, sorted, at most one per caller, callee and evidence.
    public var calls: [Call]
    /// The records naming another host of the execution, in event order (the clocks use them: a named
    /// receiver's first record follows the naming record, a named source's first record precedes it).
    public var namings: [Naming]

    /// The calls `execution` shows under `order`; records the order leaves unordered are read with a
    /// call graph's help when given (`visits(_:order:calls:aliases:)`). A record names a host also by the
    /// addresses learned for it (`aliases`, default: the graph's).
    public init(_ execution: Execution, order: ExecutionOrder, calls graph: CallPartners? = nil, aliases: HostAliases? = nil) {
        let events = execution.events
        let aliases = aliases ?? graph?.aliases ?? HostAliases()
        let read = Self.visits(events, order: order, calls: graph, aliases: aliases)
        hosts = read.hosts
        let visits = read.visits
        // With a graph, the reading decides what the clocks leave open (it follows them where they tell).
        func precedes(_ i: Int, _ j: Int) -> Bool {
            graph != nil ? read.rank[i] < read.rank[j] : order.precedes(events[i], at: i, events[j], at: j)
        }
        /// The latest of `rs` (one host's records in its order) preceding `x`, and the earliest following `y`.
        func latest(_ rs: [Int], before x: Int) -> Int? {
            let n = Self.partition(rs.count) { !precedes(rs[$0], x) }
            return n > 0 ? rs[n - 1] : nil
        }
        func earliest(_ rs: [Int], after y: Int) -> Int? {
            let n = Self.partition(rs.count) { precedes(y, rs[$0]) }
            return n < rs.count ? rs[n] : nil
        }
        var found: [[String]: Call] = [:]
        func note(_ call: Call) {
            let key = [call.from, call.to, call.evidence.rawValue]
            if let known = found[key], !(call < known) { return }
            found[key] = call
        }
        var callers: [String: Set<String>] = [:]
        var messages: [Call] = []
        // Made when a visit no caller encloses first needs them.
        var topics: MessageTopics?
        let namings = Self.namings(events, hosts: hosts, aliases: aliases)
        var requesters: [Int: Set<String>] = [:]
        for n in namings where n.isRequester { requesters[n.event, default: []].insert(n.host) }
        for visit in visits {
            guard let top = visit.chain.last else { continue }
            let first = visit.records.first!, last = visit.records.last!
            let enclosing = visit.chain.reversed().lazy.compactMap { u -> (String, Int, Int)? in
                guard let x = latest(visits[u].records, before: first), let y = earliest(visits[u].records, after: last) else { return nil }
                return (visits[u].host, x, y)
            }.first
            if let asked = requesters[first], enclosing.map({ !asked.contains($0.0) }) ?? true {
                // The visit's first record names who asked for the work (a server's access line naming its
                // requester): that host's call, wherever the reading placed the visit (an access line is
                // written after the answer, so its caller may have gone on before it).
                for requester in asked.sorted() {
                    note(Call(from: requester, to: visit.host, evidence: .reference, events: [first]))
                    callers[visit.host, default: []].insert(requester)
                }
                continue
            }
            if let (caller, x, y) = enclosing {
                note(Call(from: caller, to: visit.host, evidence: .nesting, events: [x, first, last, y]))
                callers[visit.host, default: []].insert(caller)
                continue
            }
            if visit.records.count == 1, let callee = Self.calleeOfLoneRecord(first, chain: visit.chain, visits: visits, events: events, order: order) {
                // One record reporting how long its work took (a gateway's access line, written at the end):
                // the visit it was read after lies inside that work, a call from it.
                let inner = visits[callee].records
                note(Call(from: visit.host, to: visits[callee].host, evidence: .nesting, events: [first, inner.first!, inner.last!, first]))
                callers[visits[callee].host, default: []].insert(visit.host)
                continue
            }
            if topics == nil { topics = MessageTopics(events, hosts: read.hosts, aliases: aliases) }
            if let s = topics?.sender(of: first, events: events, precedes: precedes), let sender = events[s].host {
                // The host that published what the visit's first record received, whoever logged last before it.
                messages.append(Call(from: sender, to: visit.host, evidence: .message, events: [s, first]))
            } else if let x = latest(visits[top].records, before: first),
                      graph?.contains(visits[top].host, visit.host) ?? true || order.precedes(events[x], at: x, events[first], at: first) {
                // A message the clocks show, or one the graph knows: the reading alone (records the clocks
                // leave unordered, read by their stamps) shows none.
                messages.append(Call(from: visits[top].host, to: visit.host, evidence: .message, events: [x, first]))
            }
        }
        self.namings = namings
        var named: Set<String> = []
        var sourceNamed: [(from: String, to: String, event: Int, parent: Bool)] = []
        let answered = Set(namings.filter(\.isSource).map { [events[$0.event].host!, $0.host] })
        var verdicts: [SendVerdict] = []
        var receivers: [Int: [String]] = [:]
        for n in namings where !n.isSource { receivers[n.event, default: []].append(n.host) }
        for naming in namings {
            let (i, host, a) = (naming.event, naming.host, events[naming.event].host!)
            if naming.isSource { sourceNamed.append((host, a, i, naming.byMessageID)); continue }
            if callers[a]?.contains(host) == true {
                // A record reporting the response of the call it names (an access log's line naming its
                // upstream) is the caller's: the callee's records around it were work it did after answering.
                guard LogSignals.reportsResponse(events[i]) else { continue }
                found[[host, a, CallGraph.Evidence.nesting.rawValue]] = nil
                callers[a]?.remove(host)
            }
            let reading = answered.contains([a, host]) || callers[host]?.contains(a) == true ? .waited
                : Self.send(from: i, to: host, events: events, own: read.own, order: order, reads: precedes,
                            names: { e in receivers[e] ?? [] })
            switch reading {
            case .wentOn(let first):
                verdicts.append(SendVerdict(key: Self.sendKey(events[i]), wentOn: true))
                note(Call(from: a, to: host, evidence: .message, events: [i, first]))
                named.insert(host)
                continue
            case .waited: verdicts.append(SendVerdict(key: Self.sendKey(events[i]), wentOn: false))
            case .unknown: break
            }
            note(Call(from: a, to: host, evidence: .reference, events: [i]))
            named.insert(host)
        }
        for call in found.values where call.evidence == .reference { callers[call.to, default: []].insert(call.from) }
        for (from, to, i, parent) in sourceNamed where parent || callers[from]?.contains(to) != true {
            // A parent span names the caller outright: the reverse nesting was a misreading.
            if parent { found[[to, from, CallGraph.Evidence.nesting.rawValue]] = nil }
            note(Call(from: from, to: to, evidence: .reference, events: [i]))
            named.insert(to)
        }
        for call in found.values where call.evidence == .reference { callers[call.to, default: []].insert(call.from) }
        for call in messages where !named.contains(call.to) && callers[call.from]?.contains(call.to) != true { note(call) }
        calls = found.values.sorted()
        sends = verdicts
        trails = Self.trails(events, hosts: hosts, own: read.own, visits: visits, rank: read.rank, order: order, calls: graph)
    }

    /// For a visit of one record reporting how long its work took (`RecordDuration`: an access line's
    /// `duration`, written when the request ends) read after the visits of `chain`: the outermost of them,
    /// of another host, whose records all lie within that work on the estimated clocks (from the record's
    /// stamp less the duration to the stamp, widened by the stamp's resolution), nil when none does.
    static func calleeOfLoneRecord(_ record: Int, chain: [Int], visits: [Visit], events: [Event], order: ExecutionOrder) -> Int? {
        guard !chain.isEmpty, let duration = RecordDuration.of(events[record]), let stamp = events[record].time,
              let end = order.estimatedTime(of: events[record]) else { return nil }
        let resolution = ExecutionOrder.resolution(of: [stamp])
        let window = end.saturatingSubtract(duration).saturatingSubtract(resolution)...end.saturatingAdd(resolution)
        return chain.first { u in
            visits[u].host != events[record].host && visits[u].records.allSatisfy { i in
                order.estimatedTime(of: events[i]).map(window.contains) ?? false
            }
        }
    }

    /// The trail verdicts of `events` read as `visits` (see `TrailVerdict`); with a call graph, a caller
    /// sending one-way messages to the host shows nothing by going on (it never waits).
    static func trails(_ events: [Event], hosts: [String], own: [String: [Int]], visits: [Visit], rank: [Int],
                       order: ExecutionOrder, calls: CallPartners? = nil) -> [TrailVerdict] {
        var visitOf = [Int](repeating: -1, count: events.count)
        for (v, visit) in visits.enumerated() { for r in visit.records { visitOf[r] = v } }
        var byRank = [Int](repeating: -1, count: events.count)
        for (i, k) in rank.enumerated() where k >= 0 { byRank[k] = i }
        var failed: [Int: Bool] = [:]
        func fails(_ i: Int) -> Bool {
            if let known = failed[i] { return known }
            let f = LogSignals.isErrorLooking(events[i])
            failed[i] = f
            return f
        }
        var verdicts: [TrailVerdict] = []
        for host in hosts {
            guard let records = own[host], let first = records.first else { continue }
            if visitOf[first] >= 0, !visits[visitOf[first]].chain.isEmpty { verdicts.append(TrailVerdict(type: events[first].type, kind: .opened)) }
            for (p, r) in zip(records, records.dropFirst()) {
                let v = visitOf[p]
                guard v >= 0, !visits[v].chain.isEmpty, rank[p] < rank[r], !fails(p), !fails(r) else { continue }
                if rank[r] == rank[p] + 1 {
                    verdicts.append(TrailVerdict(type: events[r].type, kind: .inCall))
                    continue
                }
                // The caller's records read right after the callee's (it went on from the callee's answer,
                // not from another callee's it logged while this one worked), one of them surely between on
                // clocks estimated for both hosts: where a clock was only assumed to agree (the usual skew),
                // a caller's request read after its callee's first record would pass for the caller going on.
                guard order.isEstimated(host), byRank[rank[p] + 1] >= 0, let caller = events[byRank[rank[p] + 1]].host, caller != host,
                      visits[v].chain.contains(where: { visits[$0].host == caller }), order.isEstimated(caller),
                      calls?.kind(caller, host) != .oneway else { continue }
                var went = false
                for k in rank[p] + 1..<rank[r] {
                    let q = byRank[k]
                    guard q >= 0, events[q].host == caller else { break }
                    if order.precedes(events[p], at: p, events[q], at: q) && order.precedes(events[q], at: q, events[r], at: r) {
                        went = true
                        break
                    }
                }
                if went { verdicts.append(TrailVerdict(type: events[r].type, kind: .afterCaller)) }
            }
        }
        return verdicts
    }

    /// Whether the sender of a record naming its receiver (`send to=B`, at `i`) went on without waiting:
    /// yes, with the receiver's first record read after it (`reads`: the reading's order), when the
    /// clocks put the sender's next record before that one, or when the record is the last of a burst of
    /// its kind (`sendKey`) naming other receivers and the sender went on from the one before it
    /// (`send to=B` after `send to=C`, before C's first record: one burst, one kind of message).
    /// The caller reads it as a one-way message when the sender never names the receiver as a source
    /// (no `ack from B`) and the receiver's work did not nest in the sender's (a scatter-gather logs its
    /// gathering after the replies: a call). It waited when the receiver's first record precedes the
    /// sender's next on the clocks.
    static func send(from i: Int, to receiver: String, events: [Event], own: [String: [Int]], order: ExecutionOrder,
                     reads: (Int, Int) -> Bool, names: (Int) -> [String]) -> SendReading {
        guard let sender = events[i].host, let mine = own[sender], let at = mine.firstIndex(of: i),
              let first = own[receiver]?.first(where: { reads(i, $0) }) else { return .unknown }
        func before(_ x: Int, _ y: Int) -> Bool { order.precedes(events[x], at: x, events[y], at: y) }
        if at + 1 < mine.count {
            let next = mine[at + 1]
            return before(next, first) ? .wentOn(first) : before(first, next) ? .waited : .unknown
        }
        guard at > 0, case let previous = mine[at - 1], Self.sendKey(events[previous]) == Self.sendKey(events[i]) else { return .unknown }
        let other = names(previous).filter { $0 != receiver && $0 != sender }
        return other.contains { c in own[c]?.first(where: { reads(previous, $0) }).map { before(i, $0) } == true } ? .wentOn(first) : .unknown
    }

    /// What makes records naming their receiver one kind of send, whichever host and layout wrote them:
    /// their message key (`ExecutionView.messageKey`: the template without leading wildcards and source
    /// locations such as `main.go:385:`), else their type.
    static func sendKey(_ event: Event) -> String {
        let key = ExecutionView.messageKey(event.template)
        return key.isEmpty ? event.type : key
    }

    /// What `send(from:to:...)` read of a record naming its receiver.
    enum SendReading: Equatable {
        /// The sender went on; the receiver's first record after the naming.
        case wentOn(Int)
        /// The sender waited: the receiver's first record precedes the sender's next on the clocks.
        case waited
        /// The clocks cannot tell, or the sender wrote nothing after a lone send.
        case unknown
    }

    /// The records of `events` naming another host of theirs, in event order.
    static func namings(_ events: [Event], aliases: HostAliases = HostAliases()) -> [Naming] {
        namings(events, hosts: Array(Set(events.compactMap(\.host))).sorted(), aliases: aliases)
    }

    /// The records of `events` naming another of `hosts` (the records' hosts, sorted), in event order:
    /// by a host's name (`HostReferences`), or as the receiver of a message whose id they share with it
    /// (`MessageLinks`). Addresses learned for the hosts (`aliases`) name them too.
    static func namings(_ events: [Event], hosts: [String], aliases: HostAliases = HostAliases()) -> [Naming] {
        guard hosts.count > 1 else { return [] }
        let references = HostReferences(hosts: hosts, aliases: aliases)
        let links = MessageLinks(events)
        var result: [Naming] = []
        for (i, e) in events.enumerated() {
            guard let a = e.host else { continue }
            let named = references.named(by: e, own: a)
            for n in named { result.append(Naming(event: i, host: n.host, isSource: n.isSource, isRequester: n.isRequester)) }
            for host in links.callers[i] ?? [] where !named.contains(where: { $0.host == host && $0.isSource }) {
                result.append(Naming(event: i, host: host, isSource: true, byMessageID: true))
            }
            for host in links.receivers[i] ?? [] where !named.contains(where: { $0.host == host && !$0.isSource }) {
                let receipt = events.indices.first { links.sources[$0]?.contains(a) == true && events[$0].host == host }
                result.append(Naming(event: i, host: host, isSource: false, byMessageID: true,
                                     answered: receipt.map { links.answered.contains([i, $0]) } ?? false))
            }
        }
        return result
    }

    /// One visit of a host: its records read without another host's record between them, on top of
    /// the stack of hosts (see the type's rules).
    struct Visit {
        /// The host visited.
        var host: String
        /// The visits on the stack when the host was first seen, outermost first (indices into the visits).
        var chain: [Int]
        /// Its records, in the host's order.
        var records: [Int]
    }

    /// The hosts with records in `events` (sorted), each host's records in its own order (time, a
    /// missing time taking the previous record's, then input order), each record's rank in the reading
    /// (-1 for records without a host), and the visits the records form
    /// when read in an order consistent with `order` against a stack of hosts. Records `order` leaves
    /// unordered are read by their time less their host's estimated offset (`estimatedTime`); of two
    /// hosts about to start a visit stamped alike there, the one whose records enclose the other's in
    /// the execution goes first (a caller writes before its callee), not the one read first. With a call
    /// graph (`calls`), of the records `order` leaves unordered, one that would start a visit of B waits
    /// while a host that calls B has not started its visit and has a record among them, and one that
    /// starts a visit of a host the top of the stack calls synchronously goes before the others: the
    /// clocks cannot tell which came first, and the graph says the caller came first and waited (a
    /// silent caller's callee is otherwise read before it, or after its caller's answer, whenever the
    /// callee's clock runs behind or ahead). A record of the host on top of the stack that names the
    /// host about to start a visit as its receiver (`prepare -> B`) goes before that visit's first
    /// record when the order leaves them open: it is written as the message leaves. One that names it as
    /// its source (`transient error from B`), estimated earlier, goes first too, unless the top's records
    /// read so far name B as their receiver (`vote yes from B` answers the `prepare -> B` before it):
    /// B answered an attempt it did not log, and its records belong to the call sent again. With a call
    /// graph, a record of a host calling another of the execution that reports the response of a call it
    /// names (`LogSignals.reportsResponse`: an access log's line) waits while a host it names has a record
    /// the order does not put after it: it was written once the answer came back (a proxy stamping whole
    /// seconds stamps it before its backend's work).
    static func visits(_ events: [Event], order: ExecutionOrder, calls: CallPartners? = nil, aliases: HostAliases = HostAliases())
        -> (hosts: [String], own: [String: [Int]], visits: [Visit], rank: [Int]) {
        var byHost: [String: [Int]] = [:]
        for (i, e) in events.enumerated() { if let h = e.host { byHost[h, default: []].append(i) } }
        let hosts = byHost.keys.sorted()
        func precedes(_ i: Int, _ j: Int) -> Bool { order.precedes(events[i], at: i, events[j], at: j) }
        var own: [String: [Int]] = [:]
        var keyOf: [Int: Int64] = [:]
        for (h, indices) in byHost {
            var last: Int64 = .min
            let keyed = indices.map { i -> (Int64, Int) in
                if let t = order.estimatedTime(of: events[i]) { last = t }
                keyOf[i] = last
                return (last, i)
            }
            own[h] = keyed.sorted { $0 < $1 }.map(\.1)
        }
        // Made on first use: most readings never ask whose name a record carries.
        var references: HostReferences?
        var links: MessageLinks?
        var named: [Int: [HostReferences.Name]] = [:]
        func names(_ i: Int, receiver host: String, asSource: Bool = false) -> Bool {
            if named[i] == nil {
                if references == nil { references = HostReferences(hosts: hosts, aliases: aliases) }
                if links == nil { links = MessageLinks(events) }
                named[i] = references!.named(by: events[i], own: events[i].host ?? "")
                    + (links!.receivers[i] ?? []).map { HostReferences.Name(host: $0, isSource: false) }
                    + links!.sources(of: i).map { HostReferences.Name(host: $0, isSource: true) }
            }
            return named[i]!.contains { $0.host == host && $0.isSource == asSource }
        }
        /// Whether record `i` reports a response and names a host as its receiver (`LogSignals.reportsResponse`:
        /// an access log's line, written once the answer came back).
        func completes(_ i: Int) -> Bool {
            LogSignals.reportsResponse(events[i]) && hosts.contains { $0 != events[i].host && names(i, receiver: $0) }
        }
        // With a call graph, the records reporting the response of a call they name, by a host calling
        // another of the execution (the graph's first reading, on the clocks alone, finds the call by the
        // record's reference).
        let calling = calls.map { calls in hosts.filter { h in hosts.contains { calls.contains(h, $0) } } } ?? []
        let responses = Set(calling.flatMap { own[$0]! }.filter(completes))
        var visits: [Visit] = []
        /// Per visit, the hosts whose visits started on top of it.
        var calledFrom: [Int: Set<String>] = [:]
        var rank = [Int](repeating: -1, count: events.count)
        var read = 0
        var stack: [(host: String, visit: Int)] = []
        var next = Dictionary(uniqueKeysWithValues: hosts.map { ($0, 0) })
        var heads = hosts.map { own[$0]![0] }.sorted { (keyOf[$0]!, $0) < (keyOf[$1]!, $1) }
        while !heads.isEmpty {
            // A record reporting the response of a call it names (an access log's line) was written after
            // the callee's work: it waits while the callee has records the order does not put after it.
            let waiting = responses.isEmpty ? [] : Set(heads.indices.filter { k in
                responses.contains(heads[k]) && heads.contains { h in
                    events[h].host != events[heads[k]].host && !precedes(heads[k], h) && names(heads[k], receiver: events[h].host!)
                }
            })
            func isFree(_ k: Int) -> Bool {
                !heads.contains { $0 != heads[k] && precedes($0, heads[k]) }
                    && (!waiting.contains(k) || heads.indices.allSatisfy { waiting.contains($0) || heads[$0] == heads[k] })
            }
            var k = heads.indices.first(where: isFree) ?? 0
            // Two hosts about to start, stamped alike on the estimated clocks (a callee answering within
            // the millisecond its caller stamps): the one whose records enclose the other's in this
            // execution is its caller, which wrote first. Input order would otherwise decide.
            if heads.indices.contains(k), case let host = events[heads[k]].host!, !stack.contains(where: { $0.host == host }),
               let enclosing = heads.indices.first(where: { j in
                   let other = events[heads[j]].host!
                   return j != k && keyOf[heads[j]]! == keyOf[heads[k]]! && !stack.contains { $0.host == other }
                       && Self.encloses(own[other]!, own[host]!, keyOf) && isFree(j)
               }) {
                k = enclosing
            }
            if let calls {
                let free = heads.indices.filter(isFree)
                func onStack(_ host: String) -> Bool { stack.contains { $0.host == host } }
                let ready = free.filter { k in
                    let host = events[heads[k]].host!
                    return onStack(host) || !heads.indices.contains { j in
                        let caller = events[heads[j]].host!
                        return j != k && calls.contains(caller, host) && !onStack(caller) && !precedes(heads[k], heads[j])
                    }
                }
                let top = stack.last?.host
                // Hosts the top's visit has called already: a second visit is no call the top is waiting in.
                let called = stack.last.flatMap { calledFrom[$0.visit] } ?? []
                k = ready.first { k in
                    let host = events[heads[k]].host!
                    return !onStack(host) && !called.contains(host) && top.map { calls.kind($0, host) == .sync } == true
                } ?? ready.first ?? k
            }
            // A record of the host on top naming the one about to start as its receiver (`prepare -> B`)
            // is written as the message leaves: it goes before the receiver's first record.
            if let top = stack.last?.host, case let starting = events[heads[k]].host!, starting != top,
               !stack.contains(where: { $0.host == starting }),
               let sending = heads.indices.first(where: { j in
                   events[heads[j]].host == top && isFree(j) && names(heads[j], receiver: starting)
               }) {
                k = sending
            }
            // A record of the host on top naming the one about to start as its source (`error from B`),
            // stamped earlier on the estimated clocks, goes first when the top never named B as its
            // receiver: B answered (an error it did not log) before the visit its records show, which
            // is the call sent again.
            if let top = stack.last?.host, case let starting = events[heads[k]].host!, starting != top,
               !stack.contains(where: { $0.host == starting }),
               let answered = heads.indices.first(where: { j in
                   events[heads[j]].host == top && isFree(j) && keyOf[heads[j]]! < keyOf[heads[k]]!
                       && names(heads[j], receiver: starting, asSource: true)
               }),
               !own[top]!.contains(where: { rank[$0] >= 0 && names($0, receiver: starting) }) {
                k = answered
            }
            let r = heads.remove(at: k)
            rank[r] = read
            read += 1
            let host = events[r].host!
            if let top = stack.last, top.host == host {
                visits[top.visit].records.append(r)
            } else if let depth = stack.lastIndex(where: { $0.host == host }) {
                stack.removeSubrange((depth + 1)...)
                visits[stack[depth].visit].records.append(r)
            } else {
                if let caller = stack.last?.visit { calledFrom[caller, default: []].insert(host) }
                visits.append(Visit(host: host, chain: stack.map(\.visit), records: [r]))
                stack.append((host, visits.count - 1))
            }
            next[host]! += 1
            if next[host]! < own[host]!.count {
                let n = own[host]![next[host]!]
                let at = heads.firstIndex { (keyOf[$0]!, $0) > (keyOf[n]!, n) } ?? heads.endIndex
                heads.insert(n, at: at)
            }
        }
        return (hosts, own, visits, rank)
    }

    /// Whether the records `outer` (one host's, in its order) begin no later and end no earlier than
    /// `inner` (another's) on the keys, and are not the same span.
    static func encloses(_ outer: [Int], _ inner: [Int], _ key: [Int: Int64]) -> Bool {
        guard let a = outer.first, let z = outer.last, let b = inner.first, let y = inner.last else { return false }
        return key[a]! <= key[b]! && key[z]! >= key[y]! && (key[a]! < key[b]! || key[z]! > key[y]!)
    }

    /// The first index in `0..<count` where `isAfter` holds (it holds for a suffix).
    static func partition(_ count: Int, _ isAfter: (Int) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if isAfter(mid) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
