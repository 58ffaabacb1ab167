extension ModelBuilder {
    /// The model of every execution added so far (the builder can keep going afterwards).
    public func model() -> CausalModel {
        let t = typeNames.count
        var executionsWith = [Int](repeating: 0, count: t)
        var eventsOf = [Int](repeating: 0, count: t)
        var multiplicity = [[Int: Int]](repeating: [:], count: t)
        var firstOf = [CausalModel.Witness?](repeating: nil, count: t)
        var pairs: [Int: PairAccumulator] = [:]
        for shape in shapeList {
            let k = shape.types.count
            for i in 0..<k {
                let a = Int(shape.types[i])
                executionsWith[a] += shape.weight
                eventsOf[a] += shape.weight * Int(shape.counts[i])
                multiplicity[a][Int(shape.counts[i]), default: 0] += shape.weight
                firstOf[a] = CausalModel.Witness.first(firstOf[a], CausalModel.Witness(execution: shape.id, lines: [shape.firstLine[i]]))
                for j in 0..<k where j != i {
                    let key = a * t + Int(shape.types[j])
                    var acc = pairs[key] ?? PairAccumulator()
                    acc.together += shape.weight
                    acc.firstTogether = CausalModel.Witness.first(
                        acc.firstTogether,
                        CausalModel.Witness(execution: shape.id, lines: [shape.firstLine[i], shape.firstLine[j]]))
                    switch shape.status[i * k + j] {
                    case 1: acc.supports += shape.weight
                    case 2:
                        acc.counterexamples += shape.weight
                        acc.firstCounterexample = CausalModel.Witness.first(
                            acc.firstCounterexample,
                            CausalModel.Witness(execution: shape.id, lines: [shape.counterLine[i * k + j]!, shape.firstLine[i]]))
                    default: break
                    }
                    pairs[key] = acc
                }
            }
        }
        var partners = [[Int]](repeating: [], count: t)
        for (key, acc) in pairs where acc.together < executionsWith[key / t] { partners[key / t].append(key % t) }
        for shape in shapeList {
            let present = Set(shape.types.map(Int.init))
            for (i, a) in shape.types.enumerated() {
                for b in partners[Int(a)] where !present.contains(b) {
                    pairs[Int(a) * t + b]!.firstWithoutB = CausalModel.Witness.first(
                        pairs[Int(a) * t + b]!.firstWithoutB,
                        CausalModel.Witness(execution: shape.id, lines: [shape.firstLine[i]]))
                }
            }
        }
        let types = (0..<t).map { a in
            CausalModel.TypeStats(
                name: typeNames[a], executions: executionsWith[a], events: eventsOf[a],
                multiplicity: multiplicity[a].sorted { $0.key < $1.key }.map { .init(count: $0.key, executions: $0.value) },
                first: firstOf[a]!)
        }
        let pairStats = pairs.map { key, acc in
            CausalModel.PairStats(
                a: typeNames[key / t], b: typeNames[key % t], together: acc.together, supports: acc.supports,
                counterexamples: acc.counterexamples, firstTogether: acc.firstTogether!,
                firstCounterexample: acc.firstCounterexample, firstWithoutB: acc.firstWithoutB)
        }
        var points = convergence
        if points.last?.executions != executions && executions > 0 { points.append(convergencePoint()) }
        return CausalModel(
            ariadneModel: CausalModel.formatVersion, options: options, executions: executions, events: eventCount,
            resolutions: resolutions.sorted { $0.key < $1.key }.map { .init(resolution: $0.key, executions: $0.value) },
            types: types.sorted { $0.name < $1.name },
            pairs: pairStats.sorted { ($0.a, $0.b) < ($1.a, $1.b) },
            clockConstraints: clockConstraints,
            convergence: points)
    }
}

/// Running counters of one ordered type pair while a model is assembled.
struct PairAccumulator {
    var together = 0
    var supports = 0
    var counterexamples = 0
    var firstTogether: CausalModel.Witness?
    var firstCounterexample: CausalModel.Witness?
    var firstWithoutB: CausalModel.Witness?
}

extension CausalModel.Witness {
    /// The smaller (first) of two optional witnesses.
    static func first(_ a: Self?, _ b: Self?) -> Self? {
        guard let a else { return b }
        guard let b else { return a }
        return Swift.min(a, b)
    }
}
