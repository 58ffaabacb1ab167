/// Each host's clock offset, estimated jointly from call/return nestings as a system of difference
/// constraints (`offset(b) - offset(a) <= w`), with the uncertainty that remains for every pair of hosts.
///
/// Passes, in order, and why: (1) per ordered host pair, the observations' intervals (kept as
/// `ClockConstraints`) are reduced to the largest set that agrees (the others are outliers, counted) and
/// intersected with the most extreme 1% trimmed (none where the enclosing host's records name the other),
/// so a sibling mistaken for a callee can neither empty a pair nor pull its bound away; (2) the pairs'
/// bounds become the edges of a constraint graph, whose all-pairs shortest paths (Floyd–Warshall) are the
/// tightest bounds the system implies; a negative cycle means the pairs contradict each other, so the pair
/// on the cycle with the fewest agreeing observations is dropped (counted) and the pass repeats; (3) hosts
/// of one record per execution (`ClockConstraints.pointHosts`), left out of (1)–(2) because nothing can
/// contradict where a point nests, are placed one by one without tightening any bound between hosts
/// already placed; (4) each connected group of hosts is anchored on its smallest host name (offset 0),
/// and each host's offset is the middle of what the bounds allow relative to the anchor. Pairs whose bound allows no offset
/// within `maximumOffset` of zero are left out before (1), and so are pairs of two hosts that a third
/// host's records name and that both nest in it, when neither names the other (siblings, not a call),
/// pairs that would nest a point naming hosts of its own in a host that does not name it, and unnamed pairs
/// agreeing on one offset in fewer of the executions where b fitted a's span than a callee would
/// (`minimumAgreement`, `unnestedPairs`), and then unnamed pairs (a, b) where a encloses a host c that b's
/// pair with c was left out that way.
/// Deterministic for the same observations in any order.
public struct ClockOffsets: Sendable, Equatable {
    /// One host's estimate relative to its group's anchor.
    public struct Offset: Sendable, Equatable, Codable {
        /// The host.
        public var host: String
        /// The anchor of its connected group (offset 0 by definition).
        public var anchor: String
        /// The estimated offset (its clock minus the anchor's), in nanoseconds.
        public var offset: Int64
        /// Half the width of the interval the constraints allow: the uncertainty of `offset`.
        public var uncertainty: Int64
    }

    /// Per host, sorted by host.
    public var offsets: [Offset]
    /// Observations of the kept host pairs dropped because they disagreed with the others of their
    /// pair (or contradicted themselves), plus those of pairs dropped on a contradictory cycle.
    public var outlierObservations: Int
    /// Host pairs dropped because they closed a contradictory cycle with other pairs.
    public var droppedPairs: Int
    /// Observations used.
    public var usedObservations: Int
    /// Host pairs whose bounds were kept.
    public var usedPairs: Int = 0
    /// Host pairs left out because their nestings agreed only on offsets beyond the largest believed
    /// (`maximumOffset` of `solve`): not a call and its return, but spans that enclose each other's
    /// hosts by the seconds (a job a stored object outlives).
    public var farPairs: Int = 0
    /// Host pairs left out because both are callees of a third host that names both, and neither is
    /// named by the other: siblings called one after the other, whose spans fit in each other's by chance.
    public var siblingPairs: Int = 0
    /// Host pairs `[a, b]` left out because b's span, fitting a's in enough executions, agreed on one
    /// offset in too few of them (`minimumAgreement`): b's work came while a's went on, not inside a call
    /// of a (a queue's consumer), or is a stranger's. Sorted. Their nestings are no call
    /// (`CallGraphBuilder.unnested`).
    public var unnestedPairs: [[String]] = []
    /// Per host, its timestamps' resolution in nanoseconds (from the constraints).
    public var resolutions: [String: Int64] = [:]

    private var index: [String: Int]
    private var distance: [[Int64]]

    /// Bounds on `clock(b) - clock(a)` the kept constraints imply (nil when a and b are not connected).
    public func bounds(from a: String, to b: String) -> ClosedRange<Int64>? {
        guard let i = index[a], let j = index[b] else { return nil }
        if i == j { return 0...0 }
        let upper = distance[i][j], lower = distance[j][i]
        guard upper != Self.infinity, lower != Self.infinity else { return nil }
        return lower.saturatingNegation...upper
    }

    /// The uncertainty left for ordering events of `a` and `b`: half the width of `bounds(from:to:)`, nil
    /// when not connected.
    public func uncertainty(between a: String, and b: String) -> Int64? {
        bounds(from: a, to: b).map { ($0.upperBound.saturatingSubtract($0.lowerBound)) / 2 }
    }

    static let infinity = Int64.max

    /// Solves the constraints of `observations` (kept exactly, not rounded); pairs need at least
    /// `minimumObservations` agreeing ones.
    public static func solve(_ observations: [OffsetObservation], minimumObservations: Int = 1) -> ClockOffsets {
        var constraints = ClockConstraints()
        for o in observations { constraints.add(a: o.a, b: o.b, low: o.low, high: o.high, exact: true, prefix: o.isPrefix) }
        return solve(constraints, minimumObservations: minimumObservations)
    }

    /// Solves `constraints`; pairs need at least `minimumObservations` agreeing observations, at least
    /// `minimumShare` of the executions in which both hosts had timed events, and a bound that allows an
    /// offset within `maximumOffset` (ns) of zero. A pair whose enclosing host does not name the other
    /// also needs `minimumAgreement` of the observations in which the other's span fitted the enclosing
    /// one's at all (a point host, `ClockConstraints.pointHosts`, fits any).
    public static func solve(_ constraints: ClockConstraints, minimumObservations: Int = 1, minimumShare: Double = 0,
                             minimumAgreement: Double = 0, maximumOffset: Int64 = .max) -> ClockOffsets {
        var outliers = 0
        var far = 0
        var edges: [Constraint] = []
        var leaves: [Constraint] = []
        var siblings = 0
        var unnested: [[String]] = []
        // The pairs to use, with their disagreeing observations (outliers, once they are used).
        var usable: [(edge: Constraint, disagreeing: Int)] = []
        let points = constraints.pointHosts
        let agreements = constraints.agreements()
        /// Whether a pair nests often enough to be a call (pairs that nest too rarely are not calls).
        func frequent(agreeing: Int, together: Int) -> Bool {
            agreeing >= minimumObservations && Double(agreeing) >= minimumShare * Double(together)
        }
        // Per host, the hosts its records name that nest in it often enough: its callees by name. Two callees
        // of one caller are siblings, called one after the other: the shorter span fits in the longer at
        // whatever offset puts it there (a fallback's one record inside the failing replica's retries), so a
        // pair of them is no call unless the enclosing one names the other.
        let namingPoints = Set(agreements.filter { $0.named > 0 && points.contains($0.a) }.map(\.a))
        var namedCallees: [String: Set<String>] = [:]
        for pair in agreements where pair.named > 0 && frequent(agreeing: pair.agreed.count, together: pair.together) { namedCallees[pair.a, default: []].insert(pair.b) }
        for pair in agreements {
            // Pairs that nest too rarely are not calls: their observations are neither used nor outliers.
            guard frequent(agreeing: pair.agreed.count, together: pair.together), let low = pair.agreed.low, let high = pair.agreed.high else { continue }
            guard high >= maximumOffset.saturatingNegation, low <= maximumOffset else {
                // Like a pair that nests too rarely, not a call: neither used nor outliers.
                far += 1
                continue
            }
            if pair.named == 0, high.saturatingSubtract(low) > maximumOffset / 2 {
                // A bound wider than half the largest offset believed says nothing of the offset: a long span
                // that encloses a short one at the same place each time (a queue's consumer, working for a
                // quarter second after its sender's calls, around the load balancer's one line) fits it there
                // at offsets tens of milliseconds apart. Not used; its observations count as outliers, so
                // spans that fit together only that loosely leave the clocks unused.
                outliers += pair.observed
                continue
            }
            if pair.named == 0, namedCallees.contains(where: { $0.key != pair.a && $0.value.contains(pair.a) && $0.value.contains(pair.b) }) {
                siblings += 1
                continue
            }
            let edge = Constraint(pair: Pair(a: pair.a, b: pair.b), low: low, high: high, support: pair.agreed.count,
                                  named: pair.named > 0)
            if pair.named == 0, Double(pair.agreed.count) < minimumAgreement * Double(pair.fitting) {
                // At the true offset a callee's work lies inside every span its caller wrote around the call,
                // so its nestings agree on one offset in nearly all executions where its span fitted. One that
                // agrees in fewer is no callee: a one-way receiver whose varying delay lands inside the sender's
                // longer spans, or a stranger (a point fits any span; a queue's consumer, fitting inside a
                // publisher's span at some offset in most executions, at one offset in two in three). Like a
                // pair that nests too rarely: neither used nor outliers.
                unnested.append([pair.a, pair.b])
                continue
            }
            if points.contains(pair.b), pair.named == 0, namingPoints.contains(pair.b) {
                // A point that names hosts of its own (a gateway's one access line naming its backend) is placed
                // only by a host that names it: in its callee its record lies before or after the work, not
                // inside it, and a stranger's span it fits in says nothing of where it stands. Like a pair
                // that nests too rarely: neither used nor outliers.
                continue
            }
            usable.append((edge, pair.observed - pair.agreed.count))
        }
        // A host whose work came after another's with a varying delay (an unnested pair C ⊃ B) also fits
        // inside the spans of C's callers, which enclose C's with room to spare, at one offset in most
        // executions (a queue's consumer inside the edge proxy's span around the publisher): no callee of
        // theirs either, unless they name it. Passed up until nothing changes; like a pair that nests too
        // rarely: neither used nor outliers.
        // Not passed on to the call graph (`unnestedPairs`): a host several hosts call (a config service)
        // nests at no one offset in a caller's callee that does not call it, yet its own callers do.
        var passed = unnested
        var changed = !passed.isEmpty
        while changed {
            changed = false
            let enclosing = Set(usable.map { [$0.edge.pair.a, $0.edge.pair.b] })
            for k in usable.indices.reversed() where !usable[k].edge.named {
                let (a, b) = (usable[k].edge.pair.a, usable[k].edge.pair.b)
                guard passed.contains(where: { $0[1] == b && enclosing.contains([a, $0[0]]) }) else { continue }
                passed.append([a, b])
                usable.remove(at: k)
                changed = true
            }
        }
        for (edge, disagreeing) in usable {
            outliers += disagreeing
            if points.contains(edge.pair.a) || points.contains(edge.pair.b) { leaves.append(edge) } else { edges.append(edge) }
        }
        let hosts = Array(Set((edges + leaves).flatMap { [$0.pair.a, $0.pair.b] })).sorted()
        let index = Dictionary(uniqueKeysWithValues: hosts.enumerated().map { ($1, $0) })
        var dropped = 0
        var distance: [[Int64]]
        while true {
            let paths = Self.shortestPaths(hosts: hosts.count, edges: edges, index: index)
            distance = paths.distance
            guard let start = (0..<hosts.count).first(where: { distance[$0][$0] < 0 }) else { break }
            // The pairs on the contradictory cycle through `start` (walked back along predecessors); the
            // one with the fewest agreeing observations goes.
            var cycle: Set<Int> = []
            var node = start
            for _ in 0...hosts.count {
                let previous = paths.predecessor[start][node]
                guard previous >= 0 else { break }
                if let k = edges.firstIndex(where: { e in
                    let (i, j) = (index[e.pair.a]!, index[e.pair.b]!)
                    return (i == previous && j == node) || (i == node && j == previous)
                }) { cycle.insert(k) }
                node = previous
                if node == start { break }
            }
            let candidates = cycle.isEmpty ? Array(edges.indices) : cycle.sorted()
            let weakest = candidates.min { a, b in
                edges[a].support != edges[b].support ? edges[a].support < edges[b].support : edges[a].pair > edges[b].pair
            }!
            outliers += edges[weakest].support
            edges.remove(at: weakest)
            dropped += 1
        }
        // A host of one record per execution fits in any span, so its pairs could place it inside a sender
        // it only follows (a one-way receiver), or a sibling, and through it pull the hosts around it
        // together. Such hosts are placed once the others are solved, one at a time: by all their pairs to
        // hosts already placed when those tighten no bound between placed hosts, else by one pair alone.
        // That pair, and the order hosts are placed in, is the first of: a pair whose enclosing host names
        // the point (a message to it, its address; a one-way receiver's line fits a stranger's span as
        // well as its sender's), then the best-supported. Their other pairs are not used (nor outliers).
        var placed = Set(edges.flatMap { [$0.pair.a, $0.pair.b] })
        var left = leaves.sorted {
            $0.named != $1.named ? $0.named : $0.support != $1.support ? $0.support > $1.support : $0.pair < $1.pair
        }
        while !left.isEmpty {
            guard let k = left.firstIndex(where: { placed.contains($0.pair.a) != placed.contains($0.pair.b) })
                ?? left.firstIndex(where: { !placed.contains($0.pair.a) && !placed.contains($0.pair.b) }) else { break }
            let best = left[k]
            var group = [best]
            if placed.contains(best.pair.a) || placed.contains(best.pair.b) {
                let leaf = placed.contains(best.pair.a) ? best.pair.b : best.pair.a
                group = left.filter {
                    ($0.pair.a == leaf && placed.contains($0.pair.b)) || ($0.pair.b == leaf && placed.contains($0.pair.a))
                }
                if group.count > 1 {
                    let trial = Self.shortestPaths(hosts: hosts.count, edges: edges + group, index: index).distance
                    let kept = placed.map { index[$0]! }
                    let tightens = hosts.indices.contains { trial[$0][$0] < 0 }
                        || kept.contains { i in kept.contains { j in trial[i][j] != distance[i][j] } }
                    if tightens { group = [best] }
                }
            }
            edges += group
            distance = Self.shortestPaths(hosts: hosts.count, edges: edges, index: index).distance
            placed.formUnion([best.pair.a, best.pair.b])
            left.removeAll { placed.contains($0.pair.a) && placed.contains($0.pair.b) }
        }
        var result = ClockOffsets(offsets: [], outlierObservations: outliers, droppedPairs: dropped,
                                  usedObservations: edges.reduce(0) { $0 + $1.support }, resolutions: constraints.resolutions,
                                  index: index, distance: distance)
        result.usedPairs = edges.count
        result.farPairs = far
        result.siblingPairs = siblings
        result.unnestedPairs = unnested.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }
        var anchorOf: [Int: Int] = [:]
        for i in hosts.indices where anchorOf[i] == nil {
            for j in hosts.indices where distance[i][j] != infinity && distance[j][i] != infinity { anchorOf[j] = i }
        }
        for (i, host) in hosts.enumerated() {
            let anchor = anchorOf[i] ?? i
            let range = result.bounds(from: hosts[anchor], to: host) ?? 0...0
            let middle = range.lowerBound / 2 + range.upperBound / 2 + (range.lowerBound % 2 + range.upperBound % 2) / 2
            result.offsets.append(Offset(host: host, anchor: hosts[anchor], offset: middle,
                                         uncertainty: range.upperBound.saturatingSubtract(range.lowerBound) / 2))
        }
        return result
    }

    /// A pair's bound: the intervals that share the point covered by most of them (the others, misread
    /// siblings, are outliers), intersected with the most extreme 1% of lows and of highs trimmed, so an
    /// outlier that happens to overlap the calls' agreement cannot pull the bound away from the offset.
    static func agreement(_ intervals: [(Int64, Int64)]) -> (count: Int, low: Int64?, high: Int64?) {
        var constraints = ClockConstraints()
        for (low, high) in intervals { constraints.add(a: "a", b: "b", low: low, high: high, exact: true) }
        guard let agreed = constraints.agreements().first?.agreed else { return (0, nil, nil) }
        return (agreed.count, agreed.low, agreed.high)
    }

    /// All-pairs shortest paths of the constraint graph (an edge i→j of weight w for `x_j - x_i <= w`),
    /// with each path's predecessor of its last node (-1: none).
    private static func shortestPaths(hosts: Int, edges: [Constraint], index: [String: Int])
        -> (distance: [[Int64]], predecessor: [[Int]]) {
        var d = [[Int64]](repeating: [Int64](repeating: infinity, count: hosts), count: hosts)
        var p = [[Int]](repeating: [Int](repeating: -1, count: hosts), count: hosts)
        for i in 0..<hosts { d[i][i] = 0 }
        for edge in edges {
            let (i, j) = (index[edge.pair.a]!, index[edge.pair.b]!)
            if edge.high < d[i][j] { (d[i][j], p[i][j]) = (edge.high, i) }
            if edge.low.saturatingNegation < d[j][i] { (d[j][i], p[j][i]) = (edge.low.saturatingNegation, j) }
        }
        for k in 0..<hosts {
            for i in 0..<hosts where d[i][k] != infinity {
                for j in 0..<hosts where d[k][j] != infinity {
                    let through = d[i][k].saturatingAdd(d[k][j])
                    if through < d[i][j] {
                        d[i][j] = through
                        p[i][j] = p[k][j]
                    }
                }
            }
        }
        return (d, p)
    }

    private struct Pair: Hashable, Comparable {
        var a: String
        var b: String
        static func < (x: Pair, y: Pair) -> Bool { x.a != y.a ? x.a < y.a : x.b < y.b }
    }

    private struct Constraint {
        var pair: Pair
        var low: Int64
        var high: Int64
        var support: Int
        /// Whether the pair's enclosing host names the other in some execution.
        var named = false
    }
}
