extension CausalModel {
    /// The relations kept when each may be contradicted by at most `tolerance` of the executions that
    /// could contradict it (0 is the strict Mystery Machine model: any counterexample rejects).
    public func relations(tolerance: Double) -> Relations {
        var executionsOf: [String: Int] = [:]
        for t in types { executionsOf[t.name] = t.executions }
        var byPair: [String: [String: PairStats]] = [:]
        for p in pairs { byPair[p.a, default: [:]][p.b] = p }
        var happensBefore: [HappensBefore] = []
        var coOccurrences: [CoOccurrence] = []
        for p in pairs {
            if p.supports > 0 && Double(p.counterexamples) <= tolerance * Double(p.together) {
                happensBefore.append(HappensBefore(
                    before: p.a, after: p.b, support: p.supports, counterexamples: p.counterexamples,
                    together: p.together, firstCounterexample: p.firstCounterexample))
            }
            let missing = executionsOf[p.a]! - p.together
            if Double(missing) <= tolerance * Double(executionsOf[p.a]!) {
                coOccurrences.append(CoOccurrence(
                    present: p.a, implies: p.b, support: p.together, counterexamples: missing,
                    firstCounterexample: p.firstWithoutB))
            }
        }
        var exclusions: [Exclusion] = []
        for (i, a) in types.enumerated() {
            for b in types[(i + 1)...] {
                let p = byPair[a.name]?[b.name]
                let together = p?.together ?? 0
                let either = a.executions + b.executions - together
                if Double(together) <= tolerance * Double(either) {
                    exclusions.append(Exclusion(
                        a: a.name, b: b.name, support: either - together, together: together,
                        firstTogether: p?.firstTogether))
                }
            }
        }
        let repetitions = types.map { t in
            Repetition(
                type: t.name, min: t.multiplicity.first!.count, max: t.multiplicity.last!.count,
                mostCommon: t.multiplicity.max { ($0.executions, -$0.count) < ($1.executions, -$1.count) }!.count,
                executions: t.executions)
        }
        return Relations(
            happensBefore: happensBefore, exclusions: exclusions, coOccurrences: coOccurrences,
            repetitions: repetitions)
    }

    /// The strict model: no counterexample allowed.
    public var strict: Relations { relations(tolerance: 0) }

    /// The tolerant model, at `options.tolerance`.
    public var tolerant: Relations { relations(tolerance: options.tolerance) }

    /// The counters of the ordered pair (a, b), if they were ever seen together.
    public func pair(_ a: String, _ b: String) -> PairStats? {
        pairs.first { $0.a == a && $0.b == b }
    }

    /// The statistics of one event type.
    public func type(_ name: String) -> TypeStats? {
        types.first { $0.name == name }
    }

    /// Why `a → b` holds or not, in one line with its evidence.
    public func explainHappensBefore(_ a: String, _ b: String) -> String {
        guard let p = pair(a, b) else { return "\(a) → \(b): never in the same execution" }
        var text = "\(a) → \(b): supported by \(p.supports), contradicted by \(p.counterexamples), of \(p.together) executions with both"
        if let w = p.firstCounterexample {
            text += "; first counterexample \(w.execution) at \(w.lines.joined(separator: ", "))"
        }
        return text
    }
}
