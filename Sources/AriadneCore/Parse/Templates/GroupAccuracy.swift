/// Group accuracy of a log parser, as defined by loghub (Zhu et al., ICSE-SEIP 2019): a line is
/// parsed correctly when the set of lines given its predicted type is exactly the set of lines
/// given its ground-truth type; the accuracy is the share of such lines.
public enum GroupAccuracy {
    /// The share of positions `i` whose group under `predicted` (all `j` with
    /// `predicted[j] == predicted[i]`) equals its group under `truth`. Both lists label the same
    /// lines in the same order and must have the same length; an empty input has accuracy 1.
    public static func accuracy<P: Hashable, T: Hashable>(predicted: [P], truth: [T]) -> Double {
        precondition(predicted.count == truth.count, "predicted and truth must label the same lines")
        guard !predicted.isEmpty else { return 1 }
        return Double(correctCount(predicted: predicted, truth: truth)) / Double(predicted.count)
    }

    /// The number of positions whose predicted group equals their ground-truth group.
    ///
    /// The groups of line `i` are equal exactly when both have the size of their intersection:
    /// lines with the same predicted type, lines with the same true type, and lines with both.
    public static func correctCount<P: Hashable, T: Hashable>(predicted: [P], truth: [T]) -> Int {
        precondition(predicted.count == truth.count, "predicted and truth must label the same lines")
        var predictedSize: [P: Int] = [:]
        var truthSize: [T: Int] = [:]
        var pairSize: [Pair<P, T>: Int] = [:]
        for (p, t) in zip(predicted, truth) {
            predictedSize[p, default: 0] += 1
            truthSize[t, default: 0] += 1
            pairSize[Pair(first: p, second: t), default: 0] += 1
        }
        var correct = 0
        for (p, t) in zip(predicted, truth) {
            let both = pairSize[Pair(first: p, second: t)]!
            if predictedSize[p]! == both && truthSize[t]! == both {
                correct += 1
            }
        }
        return correct
    }

    private struct Pair<A: Hashable, B: Hashable>: Hashable {
        var first: A
        var second: B
    }
}
