/// The evidence about host clocks, kept so that it merges exactly: per ordered host pair (a, b), how
/// many executions bounded `clock(b) - clock(a)` from below and from above by each value
/// (`OffsetObservation`). Two models' constraints merge by adding counts, and the solver
/// (`ClockOffsets.solve(_:)`) reads only these counts, so offsets solved after a merge are the offsets of
/// the union. Values are kept to three significant digits, lower bounds rounded down and upper bounds up,
/// so a bound only ever loosens and the number of distinct values stays small.
///
/// It also keeps each host's timestamp resolution (the coarsest power of ten dividing all its
/// timestamps; merged by the minimum), which the ordering adds to the offsets' bounds.
///
/// A callee that writes after it answered (a high watermark, an fsync) never fits whole in its caller's
/// span; its records up to the last that fits give a prefix observation, kept apart and counted as
/// contradictory too. Only namings can tell such a callee from a caller whose span merely outlasts its
/// callee's (a client around its replicas), so a pair's prefix observations count only when the pair is
/// directed: a's records name b in some execution and b's never name a. Then the reverse pair, which
/// would have the callee enclose its caller, is not used.
///
/// Stamps rounded to a millisecond leave a callee answering within its caller's millisecond unable to fit
/// surely: its span is as long as the caller's within the two resolutions. Such an observation (a's span
/// longer than both resolutions) also keeps the bounds b's whole span nesting would give, apart; they
/// count as nestings for a pair that is not directed when the reverse pair fits, whole or could, in fewer
/// than half as many executions (a caller encloses its callee in most executions and the reverse in few).
///
/// It also counts, per host, the executions in which it wrote a single timed record: such a host's
/// nestings can never be contradicted (a point fits any span), so the solver lets them place that host
/// and nothing else (`pointHosts`, `ClockOffsets`).
///
/// JSON (`clock_constraints` in the model): `{pairs: [{a, b, lows: [[value_ns, count], ...], highs: [...],
/// contradictory, together, prefix_lows, prefix_highs, named, whole_lows, whole_highs}], resolutions: {host: ns}, records: {host:
/// [executions with one timed record, executions with any]}}` (`records` may be absent), pairs sorted by
/// (a, b), values ascending; `contradictory` counts observations whose lower bound exceeded their upper
/// bound (prefix observations included), `together` the executions in which both hosts had timed events,
/// `prefix_lows` and `prefix_highs` the prefix observations' bounds, `named` the executions in which a's
/// records name b, `whole_lows` and `whole_highs` the whole-span bounds of observations whose spans could
/// nest within their resolutions (the last five may be absent: empty, 0).
public struct ClockConstraints: Sendable, Equatable, Codable {
    /// The bounds one ordered host pair has seen.
    public struct PairBounds: Sendable, Equatable, Codable {
        /// The enclosing host.
        public var a: String
        /// The enclosed host.
        public var b: String
        /// `[value, count]`: how many observations had that lower bound, ascending by value.
        public var lows: [[Int64]]
        /// `[value, count]`: how many observations had that upper bound, ascending by value.
        public var highs: [[Int64]]
        /// Observations that contradicted themselves.
        public var contradictory: Int
        /// Executions in which both hosts had timed events (whether or not b nested in a).
        public var together: Int
        /// `[value, count]`: the prefix observations' lower bounds (b's first records only nest).
        public var prefixLows: [[Int64]]
        /// `[value, count]`: the prefix observations' upper bounds.
        public var prefixHighs: [[Int64]]
        /// Executions in which a's records name b.
        public var named: Int
        /// `[value, count]`: the lower bounds of the observations (contradictory or prefix as stamped)
        /// whose spans could nest whole within their resolutions, were b's whole span nested.
        public var wholeLows: [[Int64]] = []
        /// `[value, count]`: their upper bounds.
        public var wholeHighs: [[Int64]] = []
    }

    private var table: [Key: Histograms] = [:]
    /// Per host, the coarsest power of ten (ns) dividing all its timestamps seen.
    public private(set) var resolutions: [String: Int64] = [:]
    /// Per host, `[executions with a single timed record of it, executions with any]`.
    public private(set) var records: [String: [Int]] = [:]

    /// The hosts that wrote a single timed record in more than half of the executions they wrote in.
    public var pointHosts: Set<String> {
        Set(records.filter { $0.value[0] * 2 > $0.value[1] }.keys)
    }

    /// No constraints.
    public init() {}

    /// The pairs, sorted by (a, b).
    public var pairs: [PairBounds] {
        table.keys.sorted().map { key in
            let h = table[key]!
            return PairBounds(a: key.a, b: key.b, lows: h.lows.sorted { $0.key < $1.key }.map { [$0.key, Int64($0.value)] },
                              highs: h.highs.sorted { $0.key < $1.key }.map { [$0.key, Int64($0.value)] },
                              contradictory: h.contradictory, together: h.together,
                              prefixLows: h.prefixLows.sorted { $0.key < $1.key }.map { [$0.key, Int64($0.value)] },
                              prefixHighs: h.prefixHighs.sorted { $0.key < $1.key }.map { [$0.key, Int64($0.value)] },
                              named: h.named, wholeLows: h.wholeLows.sorted { $0.key < $1.key }.map { [$0.key, Int64($0.value)] },
                              wholeHighs: h.wholeHighs.sorted { $0.key < $1.key }.map { [$0.key, Int64($0.value)] })
        }
    }

    /// Whether no observation was added.
    public var isEmpty: Bool { table.isEmpty }

    /// Adds one execution's nestings (`OffsetObservation.nestings(hosts:times:messages:)`, as stamped)
    /// and its hosts' resolutions; `hosts` index `names` (negative: no host), `times` are `.min` where
    /// absent, `namings` are the execution's records naming other hosts.
    mutating func add(hosts: [Int32], times: [Int64], names: [String], namings: [ExecutionCalls.Naming] = []) {
        var seen: [Int32: Int64] = [:]
        var counts: [Int32: Int] = [:]
        for (h, t) in zip(hosts, times) where h >= 0 && t != .min {
            var r = seen[h] ?? resolutions[names[Int(h)]] ?? 1_000_000_000
            while r > 1 && t % r != 0 { r /= 10 }
            seen[h] = r
            counts[h, default: 0] += 1
        }
        for (h, r) in seen { resolutions[names[Int(h)]] = r }
        for (h, n) in counts {
            var tally = records[names[Int(h)]] ?? [0, 0]
            tally[0] += n == 1 ? 1 : 0
            tally[1] += 1
            records[names[Int(h)]] = tally
        }
        for a in seen.keys {
            for b in seen.keys where b != a { table[Key(a: names[Int(a)], b: names[Int(b)]), default: Histograms()].together += 1 }
        }
        var messages = OffsetObservation.named(namings, hosts: hosts, times: times, names: names)
        for pair in Set(messages.map { [$0.a, $0.b] }) where pair[0] != pair[1] {
            table[Key(a: names[Int(pair[0])], b: names[Int(pair[1])]), default: Histograms()].named += 1
        }
        // A host whose work a message started (its id shared with the sender's record) nests in no other
        // host's interval: a one-way message's receiver works on after everyone else. In the sender's it
        // nests when the sender waited (logged the id again); when the sender did not log the id again,
        // the receiver's first record is taken to lie between the send and the sender's next record, as
        // a call's would (`fraud check requested req=r-1` … `fraud check passed`), and the pair's
        // agreement over executions tells a call from a message the sender went on from: a queue's
        // consumer, taken later by a varying delay, agrees on no offset. One whose parent span names its
        // caller nests in the caller's.
        var senders: [String: Set<String>] = [:]
        for n in namings where n.byMessageID && hosts.indices.contains(n.event) && hosts[n.event] >= 0 {
            let own = names[Int(hosts[n.event])]
            if n.isSource {
                // A parent span's host is the caller: the callee nests in its interval, no other's.
                senders[own, default: []].insert(n.host)
                continue
            }
            senders[n.host, default: []].insert(own)
            guard !n.answered, times[n.event] != .min, let b = names.firstIndex(of: n.host).map(Int32.init), hosts.contains(b),
                  let next = hosts.indices.first(where: { $0 > n.event && hosts[$0] == hosts[n.event] && times[$0] != .min && times[$0] >= times[n.event] })
            else { continue }
            messages.append(OffsetObservation.NamedMessage(a: hosts[n.event], b: b, time: times[next], isReceipt: true))
        }
        for o in OffsetObservation.nestings(hosts: hosts, times: times, messages: messages) {
            let (a, b) = (names[Int(o.a)], names[Int(o.b)])
            if let from = senders[b], !from.contains(a) { continue }
            add(a: a, b: b, low: o.low, high: o.high, prefix: o.isPrefix, whole: o.whole)
        }
    }

    /// Adds one observation of `clock(b) - clock(a)` in `low...high`, rounded outwards to three
    /// significant digits unless `exact`; a `prefix` one (only b's first records nest) is kept apart, and
    /// so are the bounds an observation that contradicts itself or is a prefix would give were b's whole
    /// span nested (`whole`: the spans as long as each other within their resolutions).
    mutating func add(a: String, b: String, low: Int64, high: Int64, exact: Bool = false, prefix: Bool = false,
                      whole: ClosedRange<Int64>? = nil) {
        guard a != b else { return }
        let key = Key(a: a, b: b)
        var h = table[key] ?? Histograms()
        if let whole, low > high || prefix {
            h.wholeLows[exact ? whole.lowerBound : Self.round(whole.lowerBound, up: false), default: 0] += 1
            h.wholeHighs[exact ? whole.upperBound : Self.round(whole.upperBound, up: true), default: 0] += 1
        }
        if low > high {
            h.contradictory += 1
        } else if prefix {
            h.contradictory += 1
            h.prefixLows[exact ? low : Self.round(low, up: false), default: 0] += 1
            h.prefixHighs[exact ? high : Self.round(high, up: true), default: 0] += 1
        } else {
            h.lows[exact ? low : Self.round(low, up: false), default: 0] += 1
            h.highs[exact ? high : Self.round(high, up: true), default: 0] += 1
        }
        table[key] = h
    }

    /// The constraints of both (counts add).
    public static func merge(_ x: ClockConstraints, _ y: ClockConstraints) -> ClockConstraints {
        var merged = x
        for (key, h) in y.table {
            var m = merged.table[key] ?? Histograms()
            for (v, n) in h.lows { m.lows[v, default: 0] += n }
            for (v, n) in h.highs { m.highs[v, default: 0] += n }
            for (v, n) in h.prefixLows { m.prefixLows[v, default: 0] += n }
            for (v, n) in h.prefixHighs { m.prefixHighs[v, default: 0] += n }
            for (v, n) in h.wholeLows { m.wholeLows[v, default: 0] += n }
            for (v, n) in h.wholeHighs { m.wholeHighs[v, default: 0] += n }
            m.contradictory += h.contradictory
            m.together += h.together
            m.named += h.named
            merged.table[key] = m
        }
        merged.resolutions.merge(y.resolutions) { Swift.min($0, $1) }
        merged.records.merge(y.records) { [$0[0] + $1[0], $0[1] + $1[1]] }
        return merged
    }

    /// `value` rounded to three significant digits, down or up.
    static func round(_ value: Int64, up: Bool) -> Int64 {
        var step: Int64 = 1
        var m = value.saturatingMagnitude
        while m >= 1000 {
            m /= 10
            step *= 10
        }
        guard step > 1 else { return value }
        var q = value / step
        let r = value % step
        if r != 0 && (up ? value > 0 : value < 0) { q += up ? 1 : -1 }
        let (rounded, overflow) = q.multipliedReportingOverflow(by: step)
        return overflow ? value : rounded
    }

    /// Per pair: the observations that agree (see `agreement`), with the pair's bound and support, and the
    /// executions in which a's records name b.
    /// Bounds are widened here by the hosts' resolutions (a reading of resolution r lies in [t, t + r)):
    /// lows by a's, highs by b's. A pair whose a names b in at least half of its observed executions is
    /// not trimmed: its bounds come from the messages themselves (`OffsetObservation`), not from spans
    /// that may fit by chance, and its fastest call bounds the offset best. A directed pair's prefix
    /// observations count with its others, and the reverse of a directed pair that has any agrees on
    /// nothing. `fitting` counts the observations that did not contradict themselves (b fitted in a's
    /// span at some offset), those the agreement is drawn from.
    func agreements() -> [(a: String, b: String, agreed: Agreement, observed: Int, fitting: Int, together: Int, named: Int)] {
        table.keys.sorted().map { key in
            let h = table[key]!
            let observed = h.lows.values.reduce(h.contradictory, +)
            if let reverse = table[Key(a: key.b, b: key.a)], isDirected(reverse, against: h), !reverse.prefixLows.isEmpty {
                return (key.a, key.b, Agreement(count: 0, low: nil, high: nil), observed, 0, h.together, h.named)
            }
            let reverse = table[Key(a: key.b, b: key.a)]
            let used = isDirected(h, against: reverse) ? h.withPrefixes : wholesCount(h, reverse: reverse) ? h.withWholes : h
            let agreed = used.agreement(widenLows: resolutions[key.a] ?? 0, highs: resolutions[key.b] ?? 0, trimmed: h.named * 2 < observed)
            return (key.a, key.b, agreed, observed, used.lows.values.reduce(0, +), h.together, h.named)
        }
    }

    /// Whether a pair's observations whose spans could nest whole count as nestings: a caller's records
    /// enclose its callee's in most executions and the reverse in few, so they count when the reverse
    /// pair fits, whole or could, in fewer than half as many executions. Spans that fit each other within
    /// a tick either way as often (records a millisecond stamps alike on both hosts) say nothing of which
    /// encloses the other.
    private func wholesCount(_ h: Histograms, reverse: Histograms?) -> Bool {
        guard !h.wholeLows.isEmpty else { return false }
        guard let reverse else { return true }
        let fits = { (x: Histograms) in x.lows.values.reduce(0, +) + x.wholeLows.values.reduce(0, +) }
        return fits(reverse) * 2 < fits(h)
    }

    /// Whether a pair's namings say its a calls its b: a's records name b and b's (`reverse`) never name a.
    private func isDirected(_ h: Histograms, against reverse: Histograms?) -> Bool {
        h.named > 0 && (reverse?.named ?? 0) == 0
    }

    /// What a pair's observations agree on: how many share the point covered by most of them, and the
    /// bound they give.
    struct Agreement {
        var count: Int
        var low: Int64?
        var high: Int64?
    }

    struct Key: Hashable, Comparable {
        var a: String
        var b: String
        static func < (x: Key, y: Key) -> Bool { x.a != y.a ? x.a < y.a : x.b < y.b }
    }

    struct Histograms: Equatable {
        var lows: [Int64: Int] = [:]
        var highs: [Int64: Int] = [:]
        var contradictory = 0
        var together = 0
        var prefixLows: [Int64: Int] = [:]
        var prefixHighs: [Int64: Int] = [:]
        var named = 0
        var wholeLows: [Int64: Int] = [:]
        var wholeHighs: [Int64: Int] = [:]

        /// The histograms with the observations whose spans could nest whole counted as whole nestings
        /// rather than contradictory.
        var withWholes: Histograms { counting(wholeLows, wholeHighs) }

        /// The histograms with the prefix observations counted as agreeing ones rather than contradictory.
        var withPrefixes: Histograms { counting(prefixLows, prefixHighs) }

        /// The histograms with observations kept apart (their `extraLows` and `extraHighs`, each also
        /// counted as contradictory) counted as agreeing ones.
        private func counting(_ extraLows: [Int64: Int], _ extraHighs: [Int64: Int]) -> Histograms {
            var h = self
            for (v, n) in extraLows {
                h.lows[v, default: 0] += n
                h.contradictory -= n
            }
            for (v, n) in extraHighs { h.highs[v, default: 0] += n }
            return h
        }

        /// The observations that share the point covered by most of them (ties: the smallest point),
        /// and their bound, `trimmed` of the most extreme 1% of lows and of highs, so a sibling misread as
        /// a callee can neither empty a pair nor pull its bound away from the offset. (It was 5%, which
        /// threw away the fastest calls, the ones that bound an offset best: on the testbed, kafka's and
        /// payment's worst offsets came 0.3–0.4 ms closer to the truth at 1%.)
        ///
        /// Only the two marginal histograms are needed: an interval `[l, h]` (l ≤ h) covers p exactly
        /// when `l ≤ p` and not `h < p`, so the depth at p is `#(lows ≤ p) − #(highs < p)`; the deepest
        /// point is some interval's low, where the covering intervals' largest low is p itself and no
        /// other interval ends before their smallest high (it would have to start inside the deepest
        /// region and make it deeper), so the untrimmed bound is exact.
        func agreement(widenLows lowWidening: Int64 = 0, highs highWidening: Int64 = 0, trimmed: Bool = true) -> Agreement {
            let sortedLows = lows.map { (key: $0.key.saturatingSubtract(lowWidening), value: $0.value) }.sorted { $0.key < $1.key }
            let sortedHighs = highs.map { (key: $0.key.saturatingAdd(highWidening), value: $0.value) }.sorted { $0.key < $1.key }
            var depth = 0, best = 0
            var point: Int64?
            var j = 0
            for (value, count) in sortedLows {
                while j < sortedHighs.count && sortedHighs[j].key < value {
                    depth -= sortedHighs[j].value
                    j += 1
                }
                depth += count
                if depth > best { (best, point) = (depth, value) }
            }
            guard let p = point else { return Agreement(count: 0, low: nil, high: nil) }
            let trim = trimmed ? best / 100 : 0
            var skipped = 0
            var low: Int64 = p
            for (value, count) in sortedLows.reversed() where value <= p {
                low = value
                skipped += count
                if skipped > trim { break }
            }
            skipped = 0
            var high: Int64 = p
            for (value, count) in sortedHighs where value >= p {
                high = value
                skipped += count
                if skipped > trim { break }
            }
            return Agreement(count: best, low: low, high: high)
        }
    }
}

extension ClockConstraints {
    enum CodingKeys: String, CodingKey { case pairs, resolutions, records }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let pairs = try container.decode([PairBounds].self, forKey: .pairs)
        resolutions = try container.decode([String: Int64].self, forKey: .resolutions)
        records = try container.decodeIfPresent([String: [Int]].self, forKey: .records) ?? [:]
        for (host, tally) in records where tally.count != 2 || tally[0] < 0 || tally[0] > tally[1] {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "clock records of \(host): must be [single, total] with 0 <= single <= total"))
        }
        for p in pairs {
            var h = Histograms()
            for entry in p.lows + p.highs + p.prefixLows + p.prefixHighs + p.wholeLows + p.wholeHighs where entry.count != 2 || entry[1] <= 0 || entry[1] > Int64(Int32.max) {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                    debugDescription: "clock constraint \(p.a) -> \(p.b): each entry must be [value, count] with a positive count"))
            }
            for entry in p.lows { h.lows[entry[0], default: 0] += Int(entry[1]) }
            for entry in p.highs { h.highs[entry[0], default: 0] += Int(entry[1]) }
            for entry in p.prefixLows { h.prefixLows[entry[0], default: 0] += Int(entry[1]) }
            for entry in p.prefixHighs { h.prefixHighs[entry[0], default: 0] += Int(entry[1]) }
            for entry in p.wholeLows { h.wholeLows[entry[0], default: 0] += Int(entry[1]) }
            for entry in p.wholeHighs { h.wholeHighs[entry[0], default: 0] += Int(entry[1]) }
            h.contradictory = p.contradictory
            h.together = p.together
            h.named = p.named
            table[Key(a: p.a, b: p.b)] = h
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(pairs, forKey: .pairs)
        try container.encode(resolutions, forKey: .resolutions)
        if !records.isEmpty { try container.encode(records, forKey: .records) }
    }

    /// Whether every pair has as many lower as upper bounds, no count is negative and every resolution is positive.
    var isWellFormed: Bool {
        resolutions.values.allSatisfy { $0 > 0 } && table.values.allSatisfy { h in
            let prefixes = h.prefixLows.values.reduce(0, +), wholes = h.wholeLows.values.reduce(0, +)
            return h.contradictory >= prefixes && h.contradictory >= wholes && h.together >= 0 && h.named >= 0
                && h.lows.values.reduce(0, +) == h.highs.values.reduce(0, +)
                && prefixes == h.prefixHighs.values.reduce(0, +) && wholes == h.wholeHighs.values.reduce(0, +)
        }
    }
}

extension ClockConstraints.PairBounds {
    enum CodingKeys: String, CodingKey { case a, b, lows, highs, contradictory, together, prefixLows, prefixHighs, named, wholeLows, wholeHighs }

    /// Reads a pair; the prefix and whole bounds and `named` may be absent (models written before them).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        a = try c.decode(String.self, forKey: .a)
        b = try c.decode(String.self, forKey: .b)
        lows = try c.decode([[Int64]].self, forKey: .lows)
        highs = try c.decode([[Int64]].self, forKey: .highs)
        contradictory = try c.decode(Int.self, forKey: .contradictory)
        together = try c.decode(Int.self, forKey: .together)
        prefixLows = try c.decodeIfPresent([[Int64]].self, forKey: .prefixLows) ?? []
        prefixHighs = try c.decodeIfPresent([[Int64]].self, forKey: .prefixHighs) ?? []
        named = try c.decodeIfPresent(Int.self, forKey: .named) ?? 0
        wholeLows = try c.decodeIfPresent([[Int64]].self, forKey: .wholeLows) ?? []
        wholeHighs = try c.decodeIfPresent([[Int64]].self, forKey: .wholeHighs) ?? []
    }
}
