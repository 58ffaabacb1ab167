import AriadneCore

/// Enumerates every minimal hitting set of up to 3 faults of a generated instance: 200 fault points
/// and 5,000 distinct supports of 2 to 6 points (seeded), each support holding one of three "hub"
/// points (a shared dependency) so that hypotheses exist. Prints the count and the time (goal < 1 s).
func hittingSetBenchmark() {
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
    let universe = 200, count = 5_000, budget = 3
    var rng = SplitMix(state: 42)
    var seen: Set<[Int]> = []
    var supports: [[Int]] = []
    while supports.count < count {
        let size = Int.random(in: 2...6, using: &rng)
        var support: Set<Int> = [Int.random(in: 0..<3, using: &rng)]
        while support.count < size { support.insert(Int.random(in: 3..<universe, using: &rng)) }
        let sorted = support.sorted()
        if seen.insert(sorted).inserted { supports.append(sorted) }
    }
    let sets = supports.map { BitSet(capacity: universe, elements: $0) }
    let clock = ContinuousClock()
    var found: [[Int]] = []
    let elapsed = clock.measure {
        found = MinimalHittingSets.enumerate(sets: sets, universe: universe, maxSize: budget)
    }
    let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
    print("hitting sets: \(universe) fault points, \(count) supports, budget \(budget): \(found.count) minimal hypotheses in \(ms) ms")
}
