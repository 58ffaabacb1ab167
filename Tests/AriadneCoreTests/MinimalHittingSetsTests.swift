import Testing
@testable import AriadneCore

@Suite struct MinimalHittingSetsTests {
    /// Every subset of the universe within the budget that hits every set and has no hitting proper
    /// subset (checked by removing one element at a time, enough since hitting is monotone).
    func bruteForce(_ sets: [[Int]], universe: Int, maxSize: Int) -> [[Int]] {
        let masks = sets.map { $0.reduce(0) { $0 | (1 << $1) } }
        func hits(_ m: Int) -> Bool { masks.allSatisfy { $0 & m != 0 } }
        var result: [[Int]] = []
        for m in 0..<(1 << universe) where m.nonzeroBitCount <= maxSize && hits(m) {
            let minimal = (0..<universe).allSatisfy { e in m & (1 << e) == 0 || !hits(m & ~(1 << e)) }
            if minimal { result.append((0..<universe).filter { m & (1 << $0) != 0 }) }
        }
        return result.sorted { a, b in a.count != b.count ? a.count < b.count : a.lexicographicallyPrecedes(b) }
    }

    @Test func matchesBruteForceOnRandomInstances() {
        var rng = SplitMix64(seed: 2014)
        for _ in 0..<3000 {
            let universe = Int.random(in: 1...12, using: &rng)
            let count = Int.random(in: 0...10, using: &rng)
            var sets: [[Int]] = []
            for _ in 0..<count {
                let size = Int.random(in: 1...min(universe, 5), using: &rng)
                sets.append(Array(Set((0..<size).map { _ in Int.random(in: 0..<universe, using: &rng) })).sorted())
            }
            if !sets.isEmpty && Int.random(in: 0..<4, using: &rng) == 0 {
                sets.append(sets[Int.random(in: 0..<sets.count, using: &rng)])
            }
            if !sets.isEmpty && Int.random(in: 0..<4, using: &rng) == 0 {
                sets.append(Array(Set(sets[0] + [Int.random(in: 0..<universe, using: &rng)])).sorted())
            }
            if Int.random(in: 0..<40, using: &rng) == 0 { sets.append([]) }
            let budget = Int.random(in: 0...5, using: &rng)
            let expected = bruteForce(sets, universe: universe, maxSize: budget)
            let actual = MinimalHittingSets.enumerate(sets: sets, universe: universe, maxSize: budget)
            #expect(actual == expected, "sets \(sets) universe \(universe) budget \(budget)")
        }
    }

    @Test func edgeCases() {
        #expect(MinimalHittingSets.enumerate(sets: [[Int]](), universe: 4, maxSize: 3) == [[]])
        #expect(MinimalHittingSets.enumerate(sets: [[0, 1], []], universe: 4, maxSize: 3) == [])
        #expect(MinimalHittingSets.enumerate(sets: [[0, 1], [0, 1]], universe: 2, maxSize: 3) == [[0], [1]])
        #expect(MinimalHittingSets.enumerate(sets: [[0], [0, 1, 2]], universe: 3, maxSize: 3) == [[0]])
        #expect(MinimalHittingSets.enumerate(sets: [[0], [1], [2]], universe: 3, maxSize: 2) == [])
        #expect(MinimalHittingSets.enumerate(sets: [[3, 0], [3, 1], [3, 2]], universe: 4, maxSize: 3) == [[3], [0, 1, 2]])
    }

    @Test func largeUniverseUsesSeveralWords() {
        let sets = [[0, 100, 199], [64, 100], [150, 199]]
        let expected = [[100, 150], [100, 199], [0, 64, 150], [64, 199]].sorted { a, b in
            a.count != b.count ? a.count < b.count : a.lexicographicallyPrecedes(b)
        }
        #expect(MinimalHittingSets.enumerate(sets: sets, universe: 200, maxSize: 3) == expected)
    }
}
