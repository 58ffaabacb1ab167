/// Levenshtein distance: the fewest insertions, deletions and substitutions that turn one sequence into
/// another. Used wherever Ariadne suggests what was meant (commands, pattern keys, outcomes, fault points).
public enum EditDistance {
    /// The distance between `a` and `b` (characters, bytes or any equatable elements).
    public static func between<A: Collection, B: Collection>(_ a: A, _ b: B) -> Int
        where A.Element == B.Element, A.Element: Equatable {
        let x = Array(a), y = Array(b)
        guard !x.isEmpty else { return y.count }
        guard !y.isEmpty else { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }
}
