import Foundation
import Testing
@testable import AriadneCore

@Suite struct InferModelTests {
    static func randomExecutions(_ count: Int, seed: UInt64) -> [Execution] {
        var rng = SplitMix64(seed: seed)
        let types = ["a", "b", "c", "d", "e", "f"], hosts: [String?] = ["h1", "h2", "h3", nil]
        var line = 0
        return (0..<count).map { i in
            let coarse = Bool.random(using: &rng)
            let n = Int.random(in: 1...7, using: &rng)
            let events = (0..<n).map { _ -> Event in
                line += 1
                let time: Int64? = Int.random(in: 0..<10, using: &rng) == 0 ? nil
                    : (coarse ? Int64.random(in: 0...5, using: &rng) * 1_000_000_000 : Int64.random(in: 0...5_000_000, using: &rng))
                return Event(
                    source: SourceLocation(file: "r", line: line), time: time, host: hosts.randomElement(using: &rng)!,
                    type: types[Int.random(in: 0..<types.count, using: &rng)], template: "", message: "")
            }
            return Execution(id: "e\(String((i * 7919) % 100_003))", ids: [], events: events)
        }
    }

    /// Brute force over executions with `ExecutionOrder`, no shapes or bit sets.
    static func naivePairs(_ executions: [Execution], options: InferenceOptions) -> [String: (together: Int, supports: Int, counter: Int, firstCounter: CausalModel.Witness?)] {
        var out: [String: (together: Int, supports: Int, counter: Int, firstCounter: CausalModel.Witness?)] = [:]
        for e in executions {
            let resolution = ExecutionOrder.resolution(of: e.events.compactMap(\.time))
            let order = ExecutionOrder(bound: options.bound(resolution: resolution))
            let types = Set(e.events.map(\.type))
            for a in types {
                for b in types where a != b {
                    let indexed = Array(e.events.enumerated())
                    let aIdx = indexed.filter { $0.element.type == a }, bIdx = indexed.filter { $0.element.type == b }
                    let supports = bIdx.allSatisfy { y in aIdx.contains { x in order.precedes(x.element, at: x.offset, y.element, at: y.offset) } }
                    let counter = bIdx.first { y in aIdx.allSatisfy { x in order.precedes(y.element, at: y.offset, x.element, at: x.offset) } }
                    var entry = out["\(a)>\(b)"] ?? (0, 0, 0, nil)
                    entry.together += 1
                    if supports { entry.supports += 1 }
                    if let y = counter {
                        entry.counter += 1
                        let w = CausalModel.Witness(execution: e.id, lines: [y.element.source.description, aIdx[0].element.source.description])
                        entry.firstCounter = CausalModel.Witness.first(entry.firstCounter, w)
                    }
                    out["\(a)>\(b)"] = entry
                }
            }
        }
        return out
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func matchesNaiveReference(seed: UInt64) {
        let executions = Self.randomExecutions(300, seed: seed)
        let options = InferenceOptions(skew: seed % 2 == 0 ? nil : 500_000)
        let model = CausalModel.infer(executions, options: options)
        let naive = Self.naivePairs(executions, options: options)
        #expect(model.pairs.count == naive.count)
        for p in model.pairs {
            let n = naive["\(p.a)>\(p.b)"]
            #expect(n?.together == p.together && n?.supports == p.supports && n?.counter == p.counterexamples)
            #expect(n?.firstCounter == p.firstCounterexample)
        }
        for t in model.types {
            let with = executions.filter { $0.events.contains { $0.type == t.name } }
            #expect(t.executions == with.count)
            #expect(t.events == executions.reduce(0) { $0 + $1.events.filter { $0.type == t.name }.count })
            #expect(t.first.execution == with.map(\.id).min())
            let counts = with.map { $0.events.filter { $0.type == t.name }.count }
            #expect(t.multiplicity.map(\.count) == Array(Set(counts)).sorted())
        }
        let strict = model.strict
        for x in strict.exclusions {
            #expect(!executions.contains { e in e.events.contains { $0.type == x.a } && e.events.contains { $0.type == x.b } })
        }
        for c in strict.coOccurrences {
            #expect(executions.allSatisfy { e in !e.events.contains { $0.type == c.present } || e.events.contains { $0.type == c.implies } })
        }
        #expect(model.convergence.last?.executions == 300)
        #expect(model.convergence.last == model.convergencePoint())
        let curve = model.convergenceCurve.map(\.hypotheses)
        #expect(zip(curve, curve.dropFirst()).allSatisfy { $0 >= $1 })
        let final = model.convergencePoint().hypotheses(types: model.types.count)
        #expect(final == model.strict.coOccurrences.count + model.strict.exclusions.count
            + model.pairs.filter { $0.counterexamples == 0 }.count + (model.types.count * (model.types.count - 1) - model.pairs.count))
    }

    @Test(arguments: [11, 12, 13, 14, 15])
    func mergeEqualsInferenceOfUnion(seed: UInt64) throws {
        let executions = Self.randomExecutions(200, seed: seed)
        var rng = SplitMix64(seed: seed)
        let split = executions.map { _ in Bool.random(using: &rng) }
        let a = executions.indices.filter { split[$0] }.map { executions[$0] }
        let b = executions.indices.filter { !split[$0] }.map { executions[$0] }
        // Pair statuses merge exactly when both parts were ordered with the same clocks (an explicit
        // skew); clock constraints merge exactly in any case, and solve to the union's offsets.
        let fixed = InferenceOptions(skew: 1_000_000)
        let whole = CausalModel.infer(executions, options: fixed)
        #expect(try CausalModel.merge(CausalModel.infer(a, options: fixed), CausalModel.infer(b, options: fixed)) == whole)
        let empty = CausalModel.infer([Execution](), options: fixed)
        #expect(try CausalModel.merge(empty, whole) == whole)
        #expect(try CausalModel.merge(whole, empty) == whole)
        let estimated = try CausalModel.merge(CausalModel.infer(a), CausalModel.infer(b))
        #expect(estimated.clockConstraints == CausalModel.infer(executions).clockConstraints)
        #expect(ClockOffsets.solve(estimated.clockConstraints) == ClockOffsets.solve(whole.clockConstraints))
    }

    @Test func deterministicAndOrderIndependent() throws {
        let executions = Self.randomExecutions(150, seed: 99)
        let one = CausalModel.infer(executions), two = CausalModel.infer(executions)
        #expect(try one.jsonData() == two.jsonData())
        #expect(one.dot() == two.dot() && one.summary() == two.summary())
        #expect(CausalModel.infer(executions.reversed()) == one)
    }

    @Test func mergeRejectsDifferentSettings() {
        let a = CausalModel.infer([Execution](), options: InferenceOptions(skew: 1))
        let b = CausalModel.infer([Execution](), options: InferenceOptions(skew: 2))
        #expect(throws: ModelError.self) { try CausalModel.merge(a, b) }
    }

    static func event(_ type: String, _ host: String?, _ time: Int64?, line: Int) -> Event {
        Event(source: SourceLocation(file: "t", line: line), time: time, host: host, type: type, template: "", message: "")
    }

    @Test func emptyAndSingleExecution() throws {
        let empty = CausalModel.infer([Execution]())
        #expect(empty.executions == 0 && empty.types.isEmpty && empty.strict.size == 0)
        #expect(try CausalModel.read(json: empty.jsonData()) == empty)
        let one = Execution(id: "x", ids: [], events: [
            Self.event("req", "h1", 0, line: 1), Self.event("work", "h1", 5, line: 2), Self.event("resp", "h1", 5, line: 3),
        ])
        let model = CausalModel.infer([one])
        let hb = Set(model.strict.happensBefore.map { "\($0.before)>\($0.after)" })
        #expect(hb == ["req>work", "req>resp", "work>resp"])
        #expect(model.dot().contains("\"req\" -> \"work\"") && !model.dot().contains("\"req\" -> \"resp\""))
        #expect(model.strict.exclusions.isEmpty && model.strict.coOccurrences.count == 6)
    }

    @Test func concurrentEventsAreNotOrdered() {
        let e = Execution(id: "x", ids: [], events: [
            Self.event("a", "h1", 1_000_000_000, line: 1), Self.event("b", "h2", 2_000_000_000, line: 2),
            Self.event("c", nil, 5_000_000_000, line: 3),
        ])
        let model = CausalModel.infer([e])
        let hb = Set(model.strict.happensBefore.map { "\($0.before)>\($0.after)" })
        #expect(hb == ["a>c", "b>c"])
        let skewed = CausalModel.infer([e], options: InferenceOptions(skew: 4_000_000_000))
        #expect(skewed.strict.happensBefore.isEmpty)
    }

    @Test func counterexampleIsExplained() {
        let forward = Execution(id: "e1", ids: [], events: [Self.event("a", "h", 1, line: 1), Self.event("b", "h", 2, line: 2)])
        let backward = Execution(id: "e2", ids: [], events: [Self.event("b", "h", 1, line: 3), Self.event("a", "h", 2, line: 4)])
        let model = CausalModel.infer([forward, forward, backward].enumerated().map { i, e in
            var e = e
            if i == 1 { e.id = "e0" }
            return e
        })
        let p = model.pair("a", "b")!
        #expect(p.supports == 2 && p.counterexamples == 1)
        #expect(p.firstCounterexample == CausalModel.Witness(execution: "e2", lines: ["t:3", "t:4"]))
        #expect(model.strict.happensBefore.isEmpty)
        #expect(model.relations(tolerance: 0.5).happensBefore.map(\.before) == ["a"])
        #expect(model.explainHappensBefore("a", "b").contains("first counterexample e2"))
    }

    @Test func repetitionCountsMultiplicity() {
        let executions = (0..<5).map { i in
            Execution(id: "e\(i)", ids: [], events: (0..<(i == 0 ? 2 : 3)).map { Self.event("replica", "h", Int64($0), line: $0) })
        }
        let r = CausalModel.infer(executions).strict.repetitions[0]
        #expect(r.min == 2 && r.max == 3 && r.mostCommon == 3 && r.executions == 5)
    }
}
