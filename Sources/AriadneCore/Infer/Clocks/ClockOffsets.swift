/// Each host's clock offset, estimated jointly from call/return nestings as a system of difference
/// constraints (`offset(b) - offset(a) <= w`), with the uncertainty that remains for every pair of hosts.
///
/// Passes, in order, and why: (1) per ordered host pair, the observations' intervals are intersected with
/// the most extreme 5% trimmed (or, when that is empty, reduced to the largest set that agrees); the
/// intervals that miss the result are outliers, counted, so a sibling mistaken for a callee can neither
/// empty a pair nor pull its bound away from the offset; (2) the pairs' bounds become the edges of a
/// constraint graph, whose all-pairs shortest paths (Floyd–Warshall) are the tightest bounds the system
/// implies; a negative cycle means the pairs contradict each other, so the pair with the fewest agreeing
/// observations among the hosts the cycle connects is dropped (counted) and the pass repeats; (3) each connected group of hosts is
/// anchored on its smallest host name (offset 0), and each host's offset is the middle of what the
/// bounds allow relative to the anchor. Deterministic for the same observations in any order.
public struct ClockOffsets: Sendable, Equatable {
    /// One host's estimate relative to its group's anchor.
    public struct Offset: Sendable, Equatable {
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
    /// Observations dropped because they disagreed with the others of their host pair.
    public var outlierObservations: Int
    /// Host pairs dropped because they closed a contradictory cycle with other pairs.
    public var droppedPairs: Int
    /// Observations used.
    public var usedObservations: Int

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

    /// Solves the constraints of `observations`; pairs need at least `minimumObservations` agreeing ones.
    public static func solve(_ observations: [OffsetObservation], minimumObservations: Int = 1) -> ClockOffsets {
        var byPair: [Pair: [(Int64, Int64)]] = [:]
        for o in observations where o.a != o.b { byPair[Pair(a: o.a, b: o.b), default: []].append((o.low, o.high)) }
        var outliers = 0
        var edges: [Constraint] = []
        for (pair, intervals) in byPair {
            let agreed = Self.agreement(intervals)
            outliers += intervals.count - agreed.count
            guard agreed.count >= minimumObservations, let low = agreed.low, let high = agreed.high else { continue }
            edges.append(Constraint(pair: pair, low: low, high: high, support: agreed.count))
        }
        edges.sort { $0.pair < $1.pair }
        let hosts = Array(Set(edges.flatMap { [$0.pair.a, $0.pair.b] })).sorted()
        let index = Dictionary(uniqueKeysWithValues: hosts.enumerated().map { ($1, $0) })
        var dropped = 0
        var distance: [[Int64]]
        while true {
            distance = Self.shortestPaths(hosts: hosts.count, edges: edges, index: index)
            guard let cycle = (0..<hosts.count).first(where: { distance[$0][$0] < 0 }) else { break }
            // Drop the weakest pair among those on a contradictory cycle through `cycle`.
            let on = edges.indices.filter { k in
                let (i, j) = (index[edges[k].pair.a]!, index[edges[k].pair.b]!)
                return Self.onNegativeCycle(i, j, through: cycle, distance)
            }
            let weakest = (on.isEmpty ? Array(edges.indices) : on).min { a, b in
                edges[a].support != edges[b].support ? edges[a].support < edges[b].support : edges[a].pair > edges[b].pair
            }!
            outliers += edges[weakest].support
            edges.remove(at: weakest)
            dropped += 1
        }
        var result = ClockOffsets(offsets: [], outlierObservations: outliers, droppedPairs: dropped,
                                  usedObservations: edges.reduce(0) { $0 + $1.support }, index: index, distance: distance)
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

    /// A pair's bound: the intersection of its intervals with the most extreme 5% of lows and of highs
    /// trimmed (a misread sibling pair cannot pull the bound past the offset the calls agree on); when that
    /// is empty (not a call pair, or mostly misreads), the region covered by most intervals. Intervals that
    /// do not meet the bound are outliers.
    static func agreement(_ intervals: [(Int64, Int64)]) -> (count: Int, low: Int64?, high: Int64?) {
        let valid = intervals.filter { $0.0 <= $0.1 }
        guard !valid.isEmpty else { return (0, nil, nil) }
        let trim = valid.count / 20
        let low = valid.map(\.0).sorted(by: >)[trim], high = valid.map(\.1).sorted()[trim]
        guard low <= high else { return largestAgreement(valid) }
        return (valid.filter { $0.0 <= high && low <= $0.1 }.count, low, high)
    }

    /// The intervals that share the point covered by most of them (ties: the smallest point), with
    /// their intersection.
    static func largestAgreement(_ intervals: [(Int64, Int64)]) -> (count: Int, low: Int64?, high: Int64?) {
        var points: [(Int64, Int)] = []
        for (low, high) in intervals where low <= high {
            points.append((low, 1))
            points.append((high, -1))
        }
        // Starts before ends at the same point: closed intervals that touch agree.
        points.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 > $1.1 }
        var depth = 0, best = 0
        var at: Int64?
        for (point, step) in points {
            depth += step
            if depth > best {
                best = depth
                at = point
            }
        }
        guard let at else { return (0, nil, nil) }
        let kept = intervals.filter { $0.0 <= at && at <= $0.1 }
        return (kept.count, kept.map(\.0).max(), kept.map(\.1).min())
    }

    /// All-pairs shortest paths of the constraint graph: an edge i→j of weight w for `x_j - x_i <= w`.
    private static func shortestPaths(hosts: Int, edges: [Constraint], index: [String: Int]) -> [[Int64]] {
        var d = [[Int64]](repeating: [Int64](repeating: infinity, count: hosts), count: hosts)
        for i in 0..<hosts { d[i][i] = 0 }
        for edge in edges {
            let (i, j) = (index[edge.pair.a]!, index[edge.pair.b]!)
            d[i][j] = Swift.min(d[i][j], edge.high)
            d[j][i] = Swift.min(d[j][i], edge.low.saturatingNegation)
        }
        for k in 0..<hosts {
            for i in 0..<hosts where d[i][k] != infinity {
                for j in 0..<hosts where d[k][j] != infinity {
                    let through = d[i][k].saturatingAdd(d[k][j])
                    if through < d[i][j] { d[i][j] = through }
                }
            }
        }
        return d
    }

    /// Whether the edge between i and j lies on a negative cycle through `k` (both directions of the
    /// pair are edges, so either may).
    private static func onNegativeCycle(_ i: Int, _ j: Int, through k: Int, _ d: [[Int64]]) -> Bool {
        func reaches(_ x: Int, _ y: Int) -> Bool { d[x][y] != infinity }
        return reaches(k, i) && reaches(j, k) && reaches(k, j) && reaches(i, k)
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
    }
}
