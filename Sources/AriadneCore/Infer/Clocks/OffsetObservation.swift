/// What one execution says about two hosts' clocks: host `b`'s work happened inside an interval of
/// host `a` (a call from `a` to `b` and its return), so `b`'s clock minus `a`'s clock lies in
/// `low...high` nanoseconds. `b`'s first and last events at `s` and `e`, between `a`'s events at `t1`
/// and `t2` (each on its own clock), give `e - t2 <= offset(b) - offset(a) <= s - t1` as stamped. Where
/// `a`'s records name `b` (`HostReferences`), the messages are known: `t1` is `a`'s first record naming
/// `b` as the receiver (`prepare -> b`: b's first record follows it), and `s` before `a`'s last record
/// naming `b` as the source (`vote from b`) bounds the other side, so a record `b` writes after `a`'s last
/// (a one-way decision that follows the answer) no longer pulls the bound, and b's span need not fit in
/// a's. Both must be named: an error received from b before b logged anything (`transient error from b`)
/// is no answer to bound b's first record by. Since
/// a reading of resolution r lies in [t, t + r), the true bounds are `e - t2 - r(a)` and `s - t1 + r(b)`,
/// which `ClockConstraints` applies with each host's resolution over the whole input.
public struct OffsetObservation: Sendable, Hashable {
    /// The enclosing host.
    public var a: String
    /// The enclosed host.
    public var b: String
    /// Least value of `b`'s clock minus `a`'s, in nanoseconds.
    public var low: Int64
    /// Greatest value of `b`'s clock minus `a`'s, in nanoseconds.
    public var high: Int64
    /// Whether only `b`'s first records nest (it wrote on after `a`'s last): such an observation counts
    /// only for a pair whose namings say `a` calls `b` (`ClockConstraints`), and against the pair otherwise.
    public var isPrefix: Bool

    /// An observation; `low > high` is an observation that contradicts itself (dropped as an outlier).
    public init(a: String, b: String, low: Int64, high: Int64, isPrefix: Bool = false) {
        self.a = a
        self.b = b
        self.low = low
        self.high = high
        self.isPrefix = isPrefix
    }

    /// The observations of one execution: for every ordered pair of hosts (a, b), the offsets that would
    /// put b's events between a's first and last (events in any order). When b's span, plus its
    /// resolution, is not shorter than a's less a's resolution, b's records up to the last that fits
    /// are taken instead (`isPrefix`: a callee writing after it answered, kafka's high watermark), two at
    /// least; otherwise the observation is contradictory. Not every such pair is a call: the solver drops
    /// the observations that contradict the majority, and pairs that nest in too few executions.
    public static func nestings(in events: [Event]) -> [OffsetObservation] {
        let (names, hosts, times) = indexed(events)
        let messages = named(ExecutionCalls.namings(events), hosts: hosts, times: times, names: names)
        return nestings(hosts: hosts, times: times, messages: messages).map {
            OffsetObservation(a: names[Int($0.a)], b: names[Int($0.b)], low: $0.low, high: $0.high, isPrefix: $0.isPrefix)
        }.sorted { ($0.a, $0.b) < ($1.a, $1.b) }
    }

    /// The events as parallel arrays, one entry per event: host indices into `names` and times (-1 and
    /// `.min` unless the event has both a host and a time).
    static func indexed(_ events: [Event]) -> (names: [String], hosts: [Int32], times: [Int64]) {
        var names: [String] = []
        var index: [String: Int32] = [:]
        var hosts = [Int32](repeating: -1, count: events.count), times = [Int64](repeating: .min, count: events.count)
        for (i, event) in events.enumerated() {
            guard let host = event.host, let time = event.time else { continue }
            if index[host] == nil {
                index[host] = Int32(names.count)
                names.append(host)
            }
            hosts[i] = index[host]!
            times[i] = time
        }
        return (names, hosts, times)
    }

    /// A timed record of host `a` (an index into the names) naming host `b`: a message sent to `b`, or
    /// received from it (`isReceipt`).
    struct NamedMessage: Equatable {
        var a: Int32
        var b: Int32
        var time: Int64
        var isReceipt: Bool
    }

    /// The namings of timed records between hosts of `names` (`hosts` and `times` one entry per event).
    static func named(_ namings: [ExecutionCalls.Naming], hosts: [Int32], times: [Int64], names: [String]) -> [NamedMessage] {
        guard !namings.isEmpty else { return [] }
        // Only this execution's hosts: `names` may be a table of every host seen so far.
        var index: [String: Int32] = [:]
        for h in hosts where h >= 0 { index[names[Int(h)]] = h }
        return namings.compactMap { n in
            guard hosts[n.event] >= 0, times[n.event] != .min, let b = index[n.host] else { return nil }
            return NamedMessage(a: hosts[n.event], b: b, time: times[n.event], isReceipt: n.isSource)
        }
    }

    /// `nestings(in:)` over parallel arrays of host indices (negative: no host) and times (`.min`: none).
    /// Each host's resolution is judged from its timestamps in this execution alone (the coarsest power of
    /// ten dividing them, which can only overstate it), so an observation depends on its execution only.
    static func nestings(hosts: [Int32], times: [Int64], messages: [NamedMessage] = []) -> [Nesting] {
        var spans: [(host: Int32, first: Int64, last: Int64, resolution: Int64)] = []
        var stamps: [[Int64]] = []
        for i in hosts.indices where hosts[i] >= 0 && times[i] != .min {
            let t = times[i]
            if let j = spans.firstIndex(where: { $0.host == hosts[i] }) {
                var r = spans[j].resolution
                while r > 1 && t % r != 0 { r /= 10 }
                spans[j] = (hosts[i], Swift.min(spans[j].first, t), Swift.max(spans[j].last, t), r)
                stamps[j].append(t)
            } else {
                spans.append((hosts[i], t, t, ExecutionOrder.resolution(of: [t])))
                stamps.append([t])
            }
        }
        var result: [Nesting] = []
        guard spans.count > 1 else { return result }
        // Per (a, b): a's first message to b and its last receipt from b.
        var named: [[Int32]: (sent: Int64?, received: Int64?)] = [:]
        for m in messages {
            var n = named[[m.a, m.b]] ?? (nil, nil)
            if m.isReceipt { n.received = Swift.max(n.received ?? m.time, m.time) } else { n.sent = Swift.min(n.sent ?? m.time, m.time) }
            named[[m.a, m.b]] = n
        }
        // Whether b's whole span fits in a's: a's shortest possible span exceeds b's longest (a timestamp
        // of resolution r stands for a clock reading in [t, t + r), so a span stamped w wide lasted
        // between w - r and w + r).
        func fits(_ sa: (host: Int32, first: Int64, last: Int64, resolution: Int64), _ sb: (host: Int32, first: Int64, last: Int64, resolution: Int64)) -> Bool {
            sa.last.saturatingSubtract(sa.first).saturatingSubtract(sa.resolution) > sb.last.saturatingSubtract(sb.first).saturatingAdd(sb.resolution)
        }
        for sa in spans {
            let outer = sa.last.saturatingSubtract(sa.first)
            for (jb, sb) in spans.enumerated() where sb.host != sa.host {
                // a's records naming b, both ways: b's first record follows a's first message to b and
                // precedes a's last receipt from b (the answer; an error received before b logged anything
                // may come first), whatever b writes later (a decision a sends after its last record).
                if let n = named[[sa.host, sb.host]], let sent = n.sent, let received = n.received {
                    result.append(Nesting(a: sa.host, b: sb.host, low: sb.first.saturatingSubtract(received), high: sb.first.saturatingSubtract(sent)))
                    continue
                }
                // Otherwise b's whole span nests in a's, if it fits; otherwise b's first records may (below),
                // or the execution counts against the pair.
                let room = outer.saturatingSubtract(sa.resolution)
                guard fits(sa, sb) else {
                    // A callee may write after it answered (a high watermark, an fsync): its records up to
                    // the last that fits in a's span, two at least, are the call's work if a calls b, which
                    // only the pair's namings over many executions can tell (`ClockConstraints`): kept as
                    // a prefix nesting. Otherwise the execution counts against the pair.
                    let own = stamps[jb].sorted()
                    var k = 0
                    while k + 1 < own.count && room > own[k + 1].saturatingSubtract(sb.first).saturatingAdd(sb.resolution) { k += 1 }
                    var nesting = k > 0 ? Nesting(a: sa.host, b: sb.host, low: own[k].saturatingSubtract(sa.last),
                                                  high: sb.first.saturatingSubtract(sa.first), isPrefix: true)
                                        : Nesting(a: sa.host, b: sb.host, low: 1, high: 0)
                    // Spans as long as each other within their stamps' resolution (a callee answering within
                    // the millisecond its caller stamps): b's work may also nest whole, which a pair whose
                    // namings do not say it wrote after answering takes (`ClockConstraints`). Only where a's
                    // span, longer than both resolutions, says more than the stamps' rounding.
                    if own.count > 1, sb.last.saturatingSubtract(sb.first) <= outer,
                       outer > sa.resolution.saturatingAdd(sb.resolution) {
                        nesting.whole = sb.last.saturatingSubtract(sa.last)...sb.first.saturatingSubtract(sa.first)
                    }
                    result.append(nesting)
                    continue
                }
                // a's first and last events are the enclosing pair (which of a's events enclose b's work
                // depends on the offset being estimated). The bounds are as stamped: the solver widens them
                // by the hosts' resolutions (`ClockConstraints`).
                result.append(Nesting(a: sa.host, b: sb.host, low: sb.last.saturatingSubtract(sa.last), high: sb.first.saturatingSubtract(sa.first)))
            }
        }
        return result
    }

    /// One observation of `nestings(hosts:times:messages:)`, hosts as indices.
    struct Nesting: Equatable {
        var a: Int32
        var b: Int32
        var low: Int64
        var high: Int64
        /// Only b's records up to the last that fits in a's span nest (b wrote on after a's last record).
        var isPrefix = false
        /// For an observation whose spans are as long as each other within their resolutions (prefix or
        /// contradictory as stamped): the bounds were b's whole span nested in a's.
        var whole: ClosedRange<Int64>?
    }
}
