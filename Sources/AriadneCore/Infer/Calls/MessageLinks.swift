/// Messages an execution's records show by an id they share: a value of one of the execution's id kinds
/// carried by the records of exactly two of its hosts, in an execution of three hosts or more (so not
/// the id of the whole execution), is the id of a message between them (a queue's `msg_id` logged by
/// the publisher and by the consumer). The receiver is the host whose first record in the execution
/// carries it (the message started its work there); the sender's first record carrying it is a later
/// one of its own (it did work before sending). When both or neither host starts with it, the records
/// cannot tell who sent it, and no message is read. No clock is needed: a one-way message read this way
/// holds however long it waited in a queue and however far the two clocks are apart. A sender that
/// logs the id again (`call c-7 done`) waited for an answer: a call, whose work nests in the sender's.
struct MessageLinks {
    /// Sender's record → the hosts it sent a message to.
    private(set) var receivers: [Int: [String]] = [:]
    /// The (sender's record, receiver) pairs whose sender logged the id again: calls.
    private(set) var answered: Set<[Int]> = []
    /// Receiver's first record → the hosts its message came from.
    private(set) var sources: [Int: [String]] = [:]

    /// The messages of `events` (one execution's, in input order).
    init(_ events: [Event]) {
        var firstOfHost: [String: Int] = [:]
        for (i, event) in events.enumerated() {
            if let host = event.host, firstOfHost[host] == nil { firstOfHost[host] = i }
        }
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
    var isEmpty: Bool { receivers.isEmpty }
}
