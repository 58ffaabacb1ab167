/// The happens-before of one execution's records: causality, not real time. A record happens before
/// another when a chain of its host's own order and of messages leads from it to the other.
///
/// Rules, on the visits `ExecutionCalls` reads (a host's records without another host's between them,
/// on a stack of hosts, in an order consistent with `order`) and on the call graph (`calls`):
/// - A host's own records are in its own order (time, a missing time taking the previous record's,
///   then input order).
/// - A visit of B was sent by the innermost visit on its stack whose host calls B (or sends it one-way
///   messages), preferring a host B's first record names as the source (`from A`). When none is named
///   and B's first record shares a message's id with another host's record (`MessageLinks`: a queued
///   job taken after its publisher's caller answered), by that host's latest visit read before it,
///   off the stack or not, the message leaving after its record carrying the id. The message leaves
///   the sender after the sender's latest record read before B's first (the reading follows the clocks where they
///   can tell, the call graph and the estimated times where they cannot); when that record and
///   the ones just before it name other hosts the sender calls (`send to=C`), after the one of them
///   naming B, if any (a record naming its receiver is written as the message leaves).
/// - A visit runs from the receipt of its message to its end. A synchronous caller waits: its next
///   record, or its next call, follows the callee's visit (the callee's last record, or the end of a
///   call the callee made itself: a silent host passes the answer on), unless the order puts that next
///   step before the callee's first record (the caller went on: the call was a one-way message this
///   time). A one-way message does not hold the sender.
/// - Records written after their host answered (`CallPartners.isTrailing`: over executions, their type
///   came after the caller went on in some and inside the call in others) are no part of the answer:
///   the caller waits for the callee's record before them, and a visit they start (the caller's record
///   read between) receives no message; they follow their host's own records.
/// - A record reporting the response of a call it names (`LogSignals.reportsResponse`: an access log's
///   line naming its upstream), or of every call its host makes when it names none but says how long the
///   request took (`RecordDuration`: a gateway's one line per request), is read after the callee's records
///   the order leaves open, and follows the callee's latest record read before it: it was written once
///   the answer came back. When that record's visit received no message, one from the line's host
///   reached it (`Message.from` nil).
/// Records without a host are ordered by the clocks alone (`order`). Hosts neither of whose chains
/// reaches the other are concurrent, however far apart their clocks put them.
public struct CausalOrder: Sendable {
    /// The execution's events.
    private let events: [Event]
    /// For each node, the nodes right before it: records `0..<count`, then each visit's receipt and end.
    private let predecessors: [[Int]]
    private let order: ExecutionOrder
    /// The messages drawn between records of two hosts, (sender record, receiver record), sorted: the
    /// sender's record before the message and the receiver's first record after it.
    public let messages: [Message]

    /// One message between two records, through the visits' ends where hosts were silent.
    public struct Message: Sendable, Hashable, Comparable {
        /// The sender's record the message follows (nil: the sender logged nothing before it in its visit).
        public var from: Int?
        /// The receiver's first record of its visit.
        public var to: Int
        /// Synchronous call or one-way message.
        public var kind: CallGraph.Kind
        /// A record of the sender's visit that quotes it: the visit's first record, or, for a message a
        /// response record reports (`from` nil: a proxy that logs once, when the answer came back), that record.
        public var senderVisit: Int

        public static func < (a: Message, b: Message) -> Bool { (a.to, a.from ?? -1) < (b.to, b.from ?? -1) }
    }

    /// The causal order of `execution` under `order`, its messages drawn along `calls`.
    public init(_ execution: Execution, order: ExecutionOrder, calls: CallPartners) {
        let events = execution.events
        self.events = events
        self.order = order
        let read = ExecutionCalls.visits(events, order: order, calls: calls, aliases: calls.aliases)
        let visits = read.visits
        let count = events.count
        var predecessors = [[Int]](repeating: [], count: count + 2 * visits.count)
        for records in read.own.values {
            for (a, b) in zip(records, records.dropFirst()) { predecessors[b].append(a) }
        }
        let references = HostReferences(hosts: read.hosts, aliases: calls.aliases)
        let links = MessageLinks(events)
        var namedCache: [Int: [HostReferences.Name]] = [:]
        func named(_ i: Int) -> [HostReferences.Name] {
            if let known = namedCache[i] { return known }
            let found = references.named(by: events[i], own: events[i].host ?? "")
                + (links.receivers[i] ?? []).map { HostReferences.Name(host: $0, isSource: false) }
                + links.sources(of: i).map { HostReferences.Name(host: $0, isSource: true) }
            namedCache[i] = found
            return found
        }
        func names(_ i: Int, _ host: String) -> Bool { named(i).contains { $0.host == host && !$0.isSource } }
        func precedes(_ i: Int, _ j: Int) -> Bool { order.precedes(events[i], at: i, events[j], at: j) }
        // Each visit's incoming message: the sending visit and how many of its records precede the sending.
        var children = [[(after: Int, child: Int)]](repeating: [], count: visits.count)
        var messages: [Message] = []
        // Per visit, its records written after its host answered an earlier call (a flush, a watermark)
        // before the one its message reaches: no message starts them.
        var lead = [Int](repeating: 0, count: visits.count)
        for (n, visit) in visits.enumerated() where read.own[visit.host]?.first != visit.records[0] {
            while lead[n] < visit.records.count, calls.isTrailing(events[visit.records[lead[n]]].type) { lead[n] += 1 }
        }
        for (n, visit) in visits.enumerated() where !visit.chain.isEmpty && lead[n] < visit.records.count {
            let first = visit.records[lead[n]]
            let sources = Set(named(first).filter(\.isSource).map(\.host))
            var senders = visit.chain.reversed().filter { calls.contains(visits[$0].host, visit.host) }
            let namedSenders = senders.filter { sources.contains(visits[$0].host) }
            if !namedSenders.isEmpty { senders = namedSenders }
            var linkedSender = false
            if namedSenders.isEmpty, case let linked = Set(links.sources(of: first)), !linked.isEmpty,
               let u = visits.indices.last(where: { linked.contains(visits[$0].host) && read.rank[visits[$0].records[0]] < read.rank[first] }) {
                // A message whose id the sender's record shares (`MessageLinks`): sent from that visit, off the stack.
                senders = [u]
                linkedSender = true
            }
            // A named source off the stack (its clock runs ahead: its visit reads after this one, even
            // inside it) still sent it: the message left after its first record naming this host
            // (`send to=b`). Not a visit whose own first record names this host as its source: each
            // would then be the other's past.
            if namedSenders.isEmpty, !sources.isEmpty, !linkedSender,
               let u = visits.indices.first(where: { u in
                   u != n && sources.contains(visits[u].host) && calls.contains(visits[u].host, visit.host)
                       && visits[u].records.contains { names($0, visit.host) }
                       && !named(visits[u].records[0]).contains { $0.isSource && $0.host == visit.host }
               }) {
                senders = [u]
            }
            guard let u = senders.first else { continue }
            let sender = visits[u].host, records = visits[u].records
            var k = ExecutionCalls.partition(records.count) { read.rank[records[$0]] > read.rank[first] }
            // The named source wrote its record naming this host before the message left, whatever the
            // clocks read: the message left after the first such record when none is read before this one.
            if sources.contains(sender), !records[..<k].contains(where: { names($0, visit.host) }),
               let sent = records.firstIndex(where: { names($0, visit.host) }) {
                k = sent + 1
            }
            // It left after the record sharing its id, not after the sender's later records.
            if linkedSender, let sent = records[..<k].lastIndex(where: { names($0, visit.host) }) { k = sent + 1 }
            if k > 0, !names(records[k - 1], visit.host) {
                var m = k - 1
                while m >= 0, !names(records[m], visit.host),
                      named(records[m]).contains(where: { !$0.isSource && calls.contains(sender, $0.host) }) { m -= 1 }
                if m >= 0, m < k - 1, names(records[m], visit.host) { k = m + 1 }
            }
            children[u].append((k, n))
            messages.append(Message(from: k > 0 ? records[k - 1] : nil, to: first, kind: calls.kind(sender, visit.host) ?? .oneway,
                                    senderVisit: records[0]))
        }
        /// Where the answer of visit `v` leaves: its end, or, when it closes with records written after
        /// answering and no call of its own among them, its last record before those.
        func answer(_ v: Int) -> Int {
            let records = visits[v].records
            var k = records.count
            while k > lead[v] + 1, calls.isTrailing(events[records[k - 1]].type) { k -= 1 }
            guard k < records.count, !children[v].contains(where: { $0.after >= k }) else { return count + 2 * v + 1 }
            return records[k - 1]
        }
        for (u, visit) in visits.enumerated() {
            var previous = count + 2 * u
            let kids = children[u].sorted { ($0.after, $0.child) < ($1.after, $1.child) }
            var c = 0
            for p in 0...visit.records.count {
                while c < kids.count, kids[c].after == p {
                    let child = kids[c].child
                    predecessors[count + 2 * child].append(previous)
                    // The caller waits for a call, unless its next step shows it went on before the callee began.
                    let next = c + 1 < kids.count && kids[c + 1].after == p ? visits[kids[c + 1].child].records[0]
                        : p < visit.records.count ? visit.records[p] : nil
                    let wentOn = next.map { precedes($0, visits[child].records[0]) } ?? false
                    if calls.kind(visit.host, visits[child].host) == .sync, !wentOn { previous = answer(child) }
                    c += 1
                }
                guard p < visit.records.count else { break }
                if p < lead[u] {
                    previous = visit.records[p]
                    continue
                }
                predecessors[visit.records[p]].append(previous)
                // The record the message reaches, after records written after answering an earlier call.
                if p == lead[u], p > 0 { predecessors[visit.records[p]].append(count + 2 * u) }
                previous = visit.records[p]
            }
            predecessors[count + 2 * u + 1].append(previous)
        }
        // A record reporting the response of a call it names (`LogSignals.reportsResponse`: an access
        // log's line), read after the callee's records, received the callee's answer: the callee's latest
        // record read before it. When that record's visit received no message, the request came from
        // this record's host, which logged nothing before sending it.
        // Which visit holds each record, and which visits received a message: made at the first such record.
        var visitOf: [Int: Int] = [:], received: Set<Int> = []
        var indexed = false
        for (i, event) in events.enumerated() where read.rank[i] >= 0 {
            guard let host = event.host, calls.partners(of: host).contains(where: { calls.contains(host, $0) }),
                  LogSignals.reportsResponse(event) else { continue }
            var callees = Set(named(i).filter { !$0.isSource && calls.contains(host, $0.host) }.map(\.host))
            // A line naming no callee that says how long the request took (`RecordDuration`: a gateway's
            // access line) answered for every host of the execution its host calls.
            if callees.isEmpty, RecordDuration.of(event) != nil {
                callees = Set(read.own.keys.filter { $0 != host && calls.kind(host, $0) == .sync })
            }
            for callee in callees.sorted() {
                let before = (read.own[callee] ?? []).filter { read.rank[$0] < read.rank[i] }
                guard let answer = before.max(by: { read.rank[$0] < read.rank[$1] }) else { continue }
                predecessors[i].append(answer)
                if !indexed {
                    for (n, visit) in visits.enumerated() { for r in visit.records { visitOf[r] = n } }
                    received = Set(children.flatMap { $0.map(\.child) })
                    indexed = true
                }
                if let v = visitOf[answer], lead[v] < visits[v].records.count, received.insert(v).inserted {
                    messages.append(Message(from: nil, to: visits[v].records[lead[v]], kind: calls.kind(host, callee) ?? .sync, senderVisit: i))
                }
            }
        }
        self.predecessors = predecessors
        self.messages = messages.sorted()
    }

    /// The records that happen before the one at `j`, and `j` itself.
    public func past(of j: Int) -> [Bool] {
        let count = events.count
        var reached = [Bool](repeating: false, count: predecessors.count)
        reached[j] = true
        var stack = [j]
        while let x = stack.popLast() {
            for i in predecessors[x] where !reached[i] {
                reached[i] = true
                stack.append(i)
            }
        }
        var past = Array(reached[0..<count])
        if events[j].host == nil {
            for i in 0..<count where !past[i] && clockPrecedes(i, j) { past[i] = true }
        } else {
            for i in 0..<count where events[i].host == nil && !past[i] && clockPrecedes(i, j) { past[i] = true }
        }
        return past
    }

    /// Whether the record at `i` happens before the one at `j` (`i != j`).
    public func precedes(_ i: Int, _ j: Int) -> Bool {
        i != j && past(of: j)[i]
    }

    private func clockPrecedes(_ i: Int, _ j: Int) -> Bool {
        order.precedes(events[i], at: i, events[j], at: j)
    }
}
