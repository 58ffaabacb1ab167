import AriadneCore
import Foundation

/// Enumerates every minimal hitting set of up to 3 faults of a generated instance: 200 fault points
/// and 5,000 distinct supports of a `ZonedSystem` (seeded). Prints the count per size and the time
/// (best of five runs; goal under 1 s), after checking the result against an exhaustive search of
/// every set of up to three points.
func hittingSetBenchmark() {
    let universe = 200, count = 5_000, budget = 3
    var rng = SplitMix64(seed: 42)
    let system = ZonedSystem(universe: universe, classes: 16, rng: &rng)
    var seen: Set<[Int]> = []
    var supports: [[Int]] = []
    while supports.count < count {
        let support = system.request(rng: &rng)
        if seen.insert(support).inserted { supports.append(support) }
    }
    let sets = supports.map { BitSet(capacity: universe, elements: $0) }
    let clock = ContinuousClock()
    var found: [[Int]] = []
    var best = Duration.seconds(1_000)
    for _ in 0..<5 {
        let elapsed = clock.measure {
            found = MinimalHittingSets.enumerate(sets: sets, universe: universe, maxSize: budget)
        }
        best = min(best, elapsed)
    }
    let valid = found == exhaustive(supports: supports, universe: universe)
    let sizes = (1...budget).map { size in "\(found.filter { $0.count == size }.count) of size \(size)" }
    let ms = Double(best.components.seconds) * 1000 + Double(best.components.attoseconds) / 1e15
    print("hitting sets: \(universe) fault points (\(system.services.count) services in 3 zones, \(system.classes.count) request classes), "
        + "\(count) distinct supports, budget \(budget)")
    print("  \(found.count) minimal hypotheses: \(sizes.joined(separator: ", "))\(valid ? " (same as an exhaustive search)" : " (CHECK FAILED: differs from an exhaustive search)")")
    print("  enumerated in \(String(format: "%.1f", ms)) ms (best of 5; goal under 1000 ms)")
}

/// The minimal hitting sets of up to three points by trying every such set, in the order
/// `MinimalHittingSets.enumerate` uses: the reference the benchmark checks its result against.
func exhaustive(supports: [[Int]], universe: Int) -> [[Int]] {
    var occurrences = Array(repeating: BitSet(capacity: supports.count), count: universe)
    for (i, support) in supports.enumerated() {
        for point in support { occurrences[point].insert(i) }
    }
    let all = supports.count
    func covers(_ points: [Int]) -> Bool {
        var union = BitSet(capacity: all)
        for p in points { union.formUnion(occurrences[p]) }
        return union.count == all
    }
    let singles = (0..<universe).filter { covers([$0]) }
    let single = Set(singles)
    var pairs: [[Int]] = []
    var pair = Set<[Int]>()
    for a in 0..<universe where !single.contains(a) {
        for b in (a + 1)..<universe where !single.contains(b) && covers([a, b]) {
            pairs.append([a, b])
            pair.insert([a, b])
        }
    }
    var triples: [[Int]] = []
    for a in 0..<universe where !single.contains(a) {
        for b in (a + 1)..<universe where !single.contains(b) && !pair.contains([a, b]) {
            var ab = occurrences[a]
            ab.formUnion(occurrences[b])
            for c in (b + 1)..<universe where !single.contains(c) && !pair.contains([a, c]) && !pair.contains([b, c]) {
                var abc = ab
                abc.formUnion(occurrences[c])
                if abc.count == all { triples.append([a, b, c]) }
            }
        }
    }
    return singles.map { [$0] } + pairs + triples
}
