/// Messages an execution's records show by an id they share: a value of one of the execution's id kinds
/// carried by the records of exactly two of its hosts, in an execution of three hosts or more (so not
/// the id of the whole execution), is the id of a message between them (a queue's `msg_id` logged by
/// the publisher and by the consumer). The receiver is the host whose first record in the execution
/// carries it (the message started its work there); the sender's first record carrying it is a later
/// one of its own (it did work before sending). When both or neither host starts with it, the records
/// cannot tell who sent it, and no message is read. No clock is needed: a one-way message read this way
/// holds however long it waited in a queue and however far the two clocks are apart. A sender that
/// logs the id again (`call c-7 done`) waited for an answer: a call, whose work nests in the sender's.
/// Parent fields (`parent_span_id`, see `isParentField`) name a record's caller outright: the host
/// whose records carry that value in another field (its `span_id`).
struct MessageLinks {
    /// Sender's record → the hosts it sent a message to.
    private(set) var receivers: [Int: [String]] = [:]
    /// The (sender's record, receiver) pairs whose sender logged the id again: calls.
    private(set) var answered: Set<[Int]> = []
    /// Callee's record → the hosts whose records carry the value of its parent field (`parent_span_id`
    /// equal to the caller's `span_id`: OpenTelemetry, Zipkin B3): its callers.
    private(set) var callers: [Int: [String]] = [:]
    /// Receiver's first record → the hosts its message came from.
    private(set) var sources: [Int: [String]] = [:]

    /// The messages of `events` (one execution's, in input order).
    init(_ events: [Event]) {
        var firstOfHost: [String: Int] = [:]
        for (i, event) in events.enumerated() {
            if let host = event.host, firstOfHost[host] == nil { firstOfHost[host] = i }
        }
        guard firstOfHost.count >= 2 else { return }
        readParents(events)
        guard firstOfHost.count >= 3 else { return }
        // Per id value, each host's first record carrying it.
        var carriers: [ExecutionID: [String: Int]] = [:]
        var repeated: Set<[String]> = []
        for (i, event) in events.enumerated() {
            guard let host = event.host else { continue }
            for id in event.executionIDs {
                if carriers[id]?[host] == nil { carriers[id, default: [:]][host] = i } else { repeated.insert([id.kind, id.value, host]) }
            }
        }
        for (id, hosts) in carriers.sorted(by: { $0.key < $1.key }) where hosts.count == 2 {
            let pair = hosts.keys.sorted()
            let starts = pair.map { hosts[$0] == firstOfHost[$0] }
            guard starts[0] != starts[1] else { continue }
            let (sender, receiver) = starts[0] ? (pair[1], pair[0]) : (pair[0], pair[1])
            let sent = hosts[sender]!, received = hosts[receiver]!
            if receivers[sent]?.contains(receiver) != true { receivers[sent, default: []].append(receiver) }
            if sources[received]?.contains(sender) != true { sources[received, default: []].append(sender) }
            if repeated.contains([id.kind, id.value, sender]) { answered.insert([sent, received]) }
        }
    }

    /// Whether no message was read.
    var isEmpty: Bool { receivers.isEmpty && callers.isEmpty }

    /// The hosts `i` names as its source: the sender of the message it received, its parent span's host.
    func sources(of i: Int) -> [String] {
        guard let parents = callers[i] else { return sources[i] ?? [] }
        return (sources[i] ?? []) + parents.filter { !(sources[i] ?? []).contains($0) }
    }

    private static let arent = Array("arent".utf8)

    /// A field naming the span a record's work is a child of: `parent` is a word of its name, which ends
    /// in an id word (`parent_span_id`, `parentSpanId`, `ParentSpanId`, `parent_id`, `span.parent_id`).
    static func isParentField(_ name: String) -> Bool {
        // Most field names hold no `arent` (in either case): rejected without building a string.
        var matched = 0
        for byte in name.utf8 where matched < arent.count {
            let lower = byte | 0x20
            matched = lower == arent[matched] ? matched + 1 : lower == arent[0] ? 1 : 0
        }
        guard matched == arent.count else { return false }
        // `parent` as a word of the name (`transparent_id` is none).
        let lower = name.lowercased()
        guard lower.hasPrefix("parent") || name.contains("Parent") || ["_parent", ".parent", "-parent"].contains(where: lower.contains)
        else { return false }
        let folded = lower.filter { $0.isLetter }
        return folded.hasSuffix("id") || folded.hasSuffix("span")
    }

    /// Callers read from parent fields: a record of B whose parent field's value is carried, in another
    /// field, by a record of exactly one other host A of the execution names A as its caller.
    private mutating func readParents(_ events: [Event]) {
        var parentValues: Set<String> = []
        for event in events where event.host != nil {
            for field in event.fields where Self.isParentField(field.name) && !field.value.isEmpty { parentValues.insert(field.value) }
        }
        guard !parentValues.isEmpty else { return }
        var owners: [String: Set<String>] = [:]
        for event in events {
            guard let host = event.host else { continue }
            for field in event.fields where !Self.isParentField(field.name) && parentValues.contains(field.value) {
                owners[field.value, default: []].insert(host)
            }
        }
        for (i, event) in events.enumerated() {
            guard let host = event.host else { continue }
            for field in event.fields where Self.isParentField(field.name) {
                guard let owner = owners[field.value], owner.count == 1, let caller = owner.first, caller != host,
                      callers[i]?.contains(caller) != true else { continue }
                callers[i, default: []].append(caller)
            }
        }
    }
}
