@testable import AriadneCore
import Testing

/// The one edit distance against a naive recursive reference on random short strings.
@Suite struct EditDistanceTests {
    private func naive(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let cost = a.last == b.last ? 0 : 1
        return min(naive(Array(a.dropLast()), b) + 1, naive(a, Array(b.dropLast())) + 1,
                   naive(Array(a.dropLast()), Array(b.dropLast())) + cost)
    }

    @Test func matchesTheRecursiveDefinition() {
        var random = SplitMix64(seed: 17)
        let alphabet: [Character] = ["a", "b", "c"]
        for _ in 0..<300 {
            let a = (0..<Int.random(in: 0...5, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            let b = (0..<Int.random(in: 0...5, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            #expect(EditDistance.between(a, b) == naive(a, b), "\(String(a)) \(String(b))")
            #expect(EditDistance.between(String(a).utf8, String(b).utf8) == naive(a, b))
        }
    }
}
