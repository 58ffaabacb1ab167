/// Enumeration of the minimal hitting sets (minimal transversals) of a family of sets, by MMCS
/// (Murakami and Uno, "Efficient algorithms for dualizing large-scale hypergraphs", 2014).
///
/// A hitting set of a family is a set of elements that shares at least one element with every set
/// of the family; it is minimal when no proper subset is a hitting set. Conventions at the edges:
/// the empty family has exactly one minimal hitting set, the empty set; a family holding an empty set
/// has none (nothing can hit it).
public enum MinimalHittingSets {
    /// Every minimal hitting set of `sets` with at most `maxSize` elements, each sorted, in
    /// deterministic order: smaller sets first, then lexicographic.
    ///
    /// `sets` are subsets of `0..<universe`, given as bit sets of that capacity. Duplicate sets and
    /// supersets of other sets are allowed (they change nothing). The search is MMCS: it keeps the
    /// current set `S`, the candidates `CAND`, the uncovered sets `uncov` and, for each `f` in `S`,
    /// `crit(f)`, the sets that only `f` hits; it branches on the elements of the uncovered set with
    /// the fewest candidates, only keeps `S ∪ {e}` while every member still has a critical set
    /// (so every output is minimal and is output once), and prunes when the budget is spent: on the
    /// last level only candidates that hit every uncovered set are tried.
    public static func enumerate(sets: [BitSet], universe: Int, maxSize: Int) -> [[Int]] {
        precondition(sets.allSatisfy { $0.words.count == (max(universe, 0) + 63) / 64 }, "every set must have the universe's capacity")
        if sets.isEmpty { return maxSize >= 0 ? [[]] : [] }
        guard maxSize > 0, universe > 0 else { return [] }
        var search = Search(sets: sets, universe: universe, maxSize: maxSize)
        var candidates = BitSet(capacity: universe)
        for s in sets { candidates.formUnion(s) }
        var uncovered = BitSet(capacity: sets.count)
        for i in sets.indices { uncovered.insert(i) }
        search.run(candidates: candidates, uncovered: uncovered, crit: [])
        return search.found.sorted { a, b in
            a.count != b.count ? a.count < b.count : a.lexicographicallyPrecedes(b)
        }
    }

    /// Convenience form taking each set as element indices (each in `0..<universe`).
    public static func enumerate(sets: [[Int]], universe: Int, maxSize: Int) -> [[Int]] {
        precondition(sets.allSatisfy { $0.allSatisfy { (0..<universe).contains($0) } }, "every element must be in 0..<universe")
        return enumerate(sets: sets.map { BitSet(capacity: universe, elements: $0) }, universe: universe, maxSize: maxSize)
    }

    /// The recursive MMCS search state.
    struct Search {
        let sets: [BitSet]
        /// For each element, the sets (by index) that contain it.
        let occurrences: [BitSet]
        let maxSize: Int
        var chosen: [Int] = []
        var found: [[Int]] = []

        init(sets: [BitSet], universe: Int, maxSize: Int) {
            self.sets = sets
            self.maxSize = maxSize
            var occurrences = Array(repeating: BitSet(capacity: sets.count), count: universe)
            for (i, s) in sets.enumerated() {
                for e in s.elements { occurrences[e].insert(i) }
            }
            self.occurrences = occurrences
        }

        /// One MMCS node: `crit[k]` holds the critical sets of `chosen[k]`.
        mutating func run(candidates: BitSet, uncovered: BitSet, crit: [BitSet]) {
            if uncovered.isEmpty {
                found.append(chosen.sorted())
                return
            }
            if chosen.count >= maxSize { return }
            // The uncovered set with the fewest candidates (first such index on ties).
            var best = -1
            var bestCount = Int.max
            for f in uncovered.elements {
                let n = sets[f].intersectionCount(candidates)
                if n < bestCount {
                    best = f
                    bestCount = n
                    if n == 0 { return }
                }
            }
            var branch = sets[best].intersection(candidates)
            if chosen.count == maxSize - 1 {
                // Budget pruning: the last element must hit every uncovered set.
                for f in uncovered.elements {
                    branch.formIntersection(sets[f])
                    if branch.isEmpty { return }
                }
            }
            var cand = candidates
            cand.subtract(sets[best].intersection(candidates))
            for e in branch.elements {
                let occ = occurrences[e]
                var newCrit = crit
                var minimal = true
                for k in newCrit.indices {
                    newCrit[k].subtract(occ)
                    if newCrit[k].isEmpty { minimal = false; break }
                }
                if minimal {
                    newCrit.append(uncovered.intersection(occ))
                    var newUncovered = uncovered
                    newUncovered.subtract(occ)
                    chosen.append(e)
                    run(candidates: cand, uncovered: newUncovered, crit: newCrit)
                    chosen.removeLast()
                }
                cand.insert(e)
            }
        }
    }
}
