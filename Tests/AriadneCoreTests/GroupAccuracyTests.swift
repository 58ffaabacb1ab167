import Testing
@testable import AriadneCore

@Suite struct GroupAccuracyTests {
    /// Group accuracy straight from its definition: compare the two groups of every line as sets.
    func referenceCorrect(predicted: [Int], truth: [Int]) -> Int {
        predicted.indices.filter { line in
            let predictedGroup = Set(predicted.indices.filter { predicted[$0] == predicted[line] })
            let truthGroup = Set(truth.indices.filter { truth[$0] == truth[line] })
            return predictedGroup == truthGroup
        }.count
    }

    @Test func matchesTheDefinitionOnRandomLabelings() {
        var random = SplitMix64(seed: 42)
        for _ in 0..<600 {
            let count = Int.random(in: 0...60, using: &random)
            let truthLabels = Int.random(in: 1...8, using: &random)
            let truth = (0..<count).map { _ in Int.random(in: 0..<truthLabels, using: &random) }
            let predicted: [Int]
            switch Int.random(in: 0..<3, using: &random) {
            case 0: predicted = truth.map { $0 * 7 + 3 }
            case 1: predicted = truth.map { Int.random(in: 0..<10, using: &random) == 0 ? ($0 + 1) % truthLabels : $0 }
            default: predicted = (0..<count).map { _ in Int.random(in: 0..<truthLabels, using: &random) }
            }
            #expect(GroupAccuracy.correctCount(predicted: predicted, truth: truth) == referenceCorrect(predicted: predicted, truth: truth))
        }
    }

    @Test func handMadeCases() {
        #expect(GroupAccuracy.accuracy(predicted: [String](), truth: [String]()) == 1)
        #expect(GroupAccuracy.accuracy(predicted: ["a", "a", "b"], truth: [1, 1, 2]) == 1)
        #expect(GroupAccuracy.accuracy(predicted: ["a", "a", "a"], truth: [1, 1, 2]) == 0)
        #expect(GroupAccuracy.accuracy(predicted: ["a", "b", "c", "c"], truth: [1, 1, 2, 2]) == 0.5)
    }
}
