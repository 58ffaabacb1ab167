import Foundation

extension ExecutionView {
    /// The receiving record that gives each message edge its kind, in the order of `edges`: the
    /// receiver's first record for that message. The request is the sender's record of the edge when it
    /// precedes the receiver's (else the sender's latest record preceding the receiver's: the edge is
    /// the call's response); the kind's record is the receiver's earliest record that request precedes
    /// (the edge's own receiving record when the order cannot tell).
    func edgeKindRecords(order: ExecutionOrder) -> [Int] {
        let events = execution.events
        var own: [Process: [Int]] = [:]
        for i in events.indices {
            if let p = processes[i] { own[p, default: []].append(i) }
        }
        for (p, indices) in own {
            own[p] = indices.sorted { a, b in
                let (ta, tb) = (events[a].time ?? .min, events[b].time ?? .min)
                return ta != tb ? ta < tb : a < b
            }
        }
        func precedes(_ i: Int, _ j: Int) -> Bool { order.precedes(events[i], at: i, events[j], at: j) }
        return edges.map { a, b in
            guard let pa = processes[a], let pb = processes[b], let senders = own[pa], let receivers = own[pb] else { return b }
            var request: Int? = a
            if !precedes(a, b) {
                let n = ExecutionCalls.partition(senders.count) { !precedes(senders[$0], b) }
                request = n > 0 ? senders[n - 1] : nil
            }
            guard let request else { return b }
            let n = ExecutionCalls.partition(receivers.count) { precedes(request, receivers[$0]) }
            return n < receivers.count ? receivers[n] : b
        }
    }

    /// What makes two receiving records one kind of message: their template without leading wildcards
    /// and without source locations (`worker.go:<*>:`, `Foo.java:12`), which a layout can leave in the
    /// message and which split one message into several event types.
    static func messageKey(_ template: String) -> String {
        var words = template.split(separator: " ", omittingEmptySubsequences: true).filter { !SourceLocationWord.matches($0) }
        while let first = words.first, first == "<*>" || first == "<*>:" { words.removeFirst() }
        return words.joined(separator: " ")
    }

    /// `messageKey(template)`, remembered in `cache` (records repeat their templates; the cache is
    /// emptied beyond 65,536 templates).
    static func messageKey(_ template: String, cache: inout [String: String]) -> String {
        if let key = cache[template] { return key }
        if cache.count >= 1 << 16 { cache.removeAll() }
        let key = messageKey(template)
        cache[template] = key
        return key
    }
}

/// Which message edges carry several kinds of message, and so get fault points scoped to one kind.
///
/// A kind (the `messageKey` of `ExecutionView.edgeKindRecords`) counts on a concrete edge (sender and receiver processes) when it
/// is the kind of its messages in at least a tenth of the executions that have the edge, and in two or
/// more; an edge with two or more such kinds is scoped. On a scoped edge each message's points name
/// its kind by its most frequent event type (`delay:edge:A->B~T`), a message of a rare kind the whole
/// edge; elsewhere nothing changes.
struct EdgeScoping {
    /// Scoped edges (`from->to` of process names): each frequent kind (`ExecutionView.messageKey`) with
    /// the event type that names it.
    private(set) var kinds: [String: [String: String]] = [:]
    private var seen: [String: [String: Int]] = [:]
    private var types: [String: [String: [String: Int]]] = [:]
    private var withEdge: [String: Int] = [:]
    private var messageKeys: [String: String] = [:]

    /// Nothing counted yet: `add` views, then `finish`.
    init() {}

    /// Counts one execution's messages.
    mutating func add(_ view: ExecutionView) {
        var here: [String: Set<String>] = [:]
        for ((a, b), r) in zip(view.edges, view.kinds) {
            guard let pa = view.processes[a], let pb = view.processes[b] else { continue }
            let edge = "\(pa.name)->\(pb.name)", record = view.execution.events[r]
            let key = ExecutionView.messageKey(record.template, cache: &messageKeys)
            here[edge, default: []].insert(key)
            types[edge, default: [:]][key, default: [:]][record.type, default: 0] += 1
        }
        for (edge, keys) in here {
            withEdge[edge, default: 0] += 1
            for key in keys { seen[edge, default: [:]][key, default: 0] += 1 }
        }
    }

    /// Decides the scoped edges from what was added.
    mutating func finish() {
        var scoped: [String: [String: String]] = [:]
        for (edge, counts) in seen {
            let total = withEdge[edge] ?? 0
            let frequent = counts.filter { $0.value >= 2 && $0.value * 10 >= total }.keys
            guard frequent.count >= 2 else { continue }
            for key in frequent {
                // The kind is named by its most frequent event type (ties: the smallest).
                let named = types[edge]![key]!.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }!.key
                scoped[edge, default: [:]][key] = named
            }
        }
        kinds = scoped
    }

    /// The scope of each of `view`'s edges: the type naming its kind on a scoped edge when frequent
    /// there, else nil.
    func scopes(of view: ExecutionView) -> [String?] {
        zip(view.edges, view.kinds).map { edge, r in
            guard let pa = view.processes[edge.0], let pb = view.processes[edge.1], let frequent = kinds["\(pa.name)->\(pb.name)"] else { return nil }
            return frequent[ExecutionView.messageKey(view.execution.events[r].template)]
        }
    }
}
