import Foundation
import Testing
@testable import AriadneCore

/// The redundancy model built from shares of packed executions, each folded into its class as it is
/// analysed, against the naive path: every analysis kept, grouped and sorted at the end.
@Suite struct RedundancyFoldTests {
    /// The classes as the naive path builds them: members grouped by class key, sorted by id (stable),
    /// classes largest first; evidence from the first three members, alternatives over all members in order.
    static func naiveClasses(_ analyses: [ExecutionAnalysis], points: inout [String: FaultPoint]) -> [ExecutionClass] {
        var groups: [String: [ExecutionAnalysis]] = [:]
        for analysis in analyses { groups[analysis.classKey, default: []].append(analysis) }
        let ordered = groups.values
            .map { $0.sorted { $0.id < $1.id } }
            .sorted { a, b in a.count != b.count ? a.count > b.count : a[0].classKey < b[0].classKey }
        return ordered.enumerated().map { index, members in
            var evidence: [String: [Evidence]] = [:]
            for member in members.prefix(3) {
                for (point, records) in member.evidence { evidence[point, default: []].append(contentsOf: records.prefix(3)) }
            }
            struct Key: Hashable { var kind, type, primary, alternative: String }
            var alternatives: [Key: TimeAlternative] = [:]
            for member in members {
                for use in member.alternatives {
                    let key = Key(kind: use.kind, type: use.eventType, primary: use.primary, alternative: use.alternative)
                    var alternative = alternatives[key] ?? TimeAlternative(kind: use.kind, eventType: use.eventType, primary: use.primary,
                                                                           alternative: use.alternative, triggers: [:], executions: [], evidence: [])
                    alternative.triggers[use.trigger.rawValue, default: 0] += 1
                    if alternative.executions.last != member.id { alternative.executions = ExecutionIDList(Array(alternative.executions) + [member.id]) }
                    if alternative.evidence.count < 3 { alternative.evidence.append(use.evidence) }
                    alternatives[key] = alternative
                    points[use.primaryPoint.id] = use.primaryPoint
                }
            }
            let sorted = alternatives.sorted { a, b in
                (a.key.kind, a.key.type, a.key.primary, a.key.alternative) < (b.key.kind, b.key.type, b.key.primary, b.key.alternative)
            }.map(\.value)
            return ExecutionClass(id: "C\(index + 1)", supports: members[0].supports,
                                  executions: members.map { ClassMember(execution: $0.id, bindings: $0.bindings) },
                                  alternatives: sorted, evidence: evidence)
        }
    }

    static func randomAnalysis(_ rng: inout SplitMix64) -> ExecutionAnalysis {
        let pools: [[[String]]] = [[["crash:role:a", "crash:role:b"]], [["crash:role:a"], ["crash:role:b"]], [["crash:service:c"]], []]
        let id = "e\(Int.random(in: 0..<25, using: &rng))"
        func record() -> Evidence {
            Evidence(execution: id, source: "f:\(Int.random(in: 1...50, using: &rng))", type: ["t1", "t2"].randomElement(using: &rng)!)
        }
        var evidence: [String: [Evidence]] = [:]
        for point in ["crash:role:a", "crash:role:b"] where Bool.random(using: &rng) {
            evidence[point] = (0..<Int.random(in: 1...4, using: &rng)).map { _ in record() }
        }
        var bindings: [String: String] = [:]
        if Bool.random(using: &rng) { bindings["crash:role:a"] = "crash:host:h\(Int.random(in: 1...3, using: &rng))" }
        if Bool.random(using: &rng) { bindings["crash:role:b"] = "crash:host:h\(Int.random(in: 1...3, using: &rng))" }
        let alternatives = (0..<Int.random(in: 0...3, using: &rng)).map { _ -> AlternativeUse in
            let primary = ["r1", "r2"].randomElement(using: &rng)!
            let point = FaultPoint(kind: .delay, level: .role, targetKind: "role", target: primary)
            return AlternativeUse(kind: ["retry", "fallback"].randomElement(using: &rng)!, eventType: ["t1", "t2"].randomElement(using: &rng)!,
                                  primary: primary, alternative: ["r1", "r3"].randomElement(using: &rng)!,
                                  trigger: TriggerKind.allCases.randomElement(using: &rng)!, evidence: record(),
                                  primaryPoint: point, primaryConcrete: nil)
        }
        return ExecutionAnalysis(id: id, supports: pools.randomElement(using: &rng)!, bindings: bindings, evidence: evidence,
                                 alternatives: alternatives)
    }

    @Test func foldedClassesMatchTheNaiveClassesOnRandomAnalyses() {
        var rng = SplitMix64(seed: 1211)
        for _ in 0..<500 {
            let analyses = (0..<Int.random(in: 1...40, using: &rng)).map { _ in Self.randomAnalysis(&rng) }
            var naivePoints: [String: FaultPoint] = [:]
            let naive = Self.naiveClasses(analyses, points: &naivePoints)
            var folds: [String: ClassFold] = [:]
            let pool = EventStrings()
            var table = ExecutionIDTable()
            for (arrival, analysis) in analyses.enumerated() {
                folds[analysis.classKey, default: ClassFold(supports: analysis.supports)]
                    .add(analysis, number: table.add(analysis.id), arrival: arrival, pool: pool)
            }
            var points: [String: FaultPoint] = [:]
            let ordered = folds.sorted { a, b in a.value.count != b.value.count ? a.value.count > b.value.count : a.key < b.key }
            var folded: [ExecutionClass] = []
            for (index, entry) in ordered.enumerated() {
                folded.append(entry.value.executionClass(id: "C\(index + 1)", table: table, points: &points))
            }
            #expect(folded == naive)
            #expect(points == naivePoints)
        }
    }

    @Test func membersBoundAlikeKeepTheirOwnBindings() {
        let pool = EventStrings()
        var fold = ClassFold(supports: [["crash:role:a"]])
        var forward: [String: String] = [:], backward: [String: String] = [:]
        for n in 0..<40 { forward["crash:role:\(n)"] = "crash:host:h\(n % 7)" }
        for n in (0..<40).reversed() { backward["crash:role:\(n)"] = "crash:host:h\(n % 7)" }
        var other = forward
        other["crash:role:3"] = "crash:host:h9"
        let given = [("e2", forward), ("e1", backward), ("e3", other), ("e0", [:])]
        var table = ExecutionIDTable()
        for (arrival, (id, bindings)) in given.enumerated() {
            fold.add(ExecutionAnalysis(id: id, supports: [["crash:role:a"]], bindings: bindings, evidence: [:], alternatives: []),
                     number: table.add(id), arrival: arrival, pool: pool)
        }
        var points: [String: FaultPoint] = [:]
        let members = fold.executionClass(id: "C1", table: table, points: &points).executions
        #expect(members.map(\.execution) == ["e0", "e1", "e2", "e3"])
        #expect(members.map(\.bindings) == [[:], backward, forward, other])
    }

    /// Random executions over a few hosts and services: calls, retries after errors, fallbacks,
    /// records without a host, a `concerns` field, failure-looking outcomes, untimed records.
    static func randomExecutions(_ rng: inout SplitMix64) -> [Execution] {
        let types = ["start", "call", "reply", "retry", "done", "error"]
        return (0..<Int.random(in: 1...60, using: &rng)).map { n in
            var time: Int64 = Int64(n) * 1_000_000_000
            let events = (0..<Int.random(in: 1...12, using: &rng)).map { line -> Event in
                time += Int64.random(in: 0...3_000_000, using: &rng)
                let type = types.randomElement(using: &rng)!
                let failing = type == "error" || Int.random(in: 0..<8, using: &rng) == 0
                let host = Int.random(in: 0..<6, using: &rng) == 0 ? nil : "h\(Int.random(in: 1...4, using: &rng))"
                var fields: [Field] = []
                if Int.random(in: 0..<4, using: &rng) == 0 { fields.append(Field(name: "concerns", value: "h\(Int.random(in: 1...4, using: &rng))")) }
                return Event(source: SourceLocation(file: "x\(n % 3).log", line: line + 1),
                             time: Int.random(in: 0..<10, using: &rng) == 0 ? nil : time, host: host,
                             service: ["api", "store", "store$Inner"].randomElement(using: &rng)!,
                             level: failing ? "ERROR" : "INFO", executionIDs: [ExecutionID(kind: "req", value: "r\(n)")],
                             type: type, template: type, fields: fields,
                             message: failing ? "\(type) failed: timeout" : "\(type) ok")
            }
            return Execution(id: "req=r\(n)", ids: [ExecutionID(kind: "req", value: "r\(n)")], events: events)
        }
    }

    /// The services with two hosts in some execution, as the topology's definition says, execution by
    /// execution: hosts with records count under their first service there, hosts only named
    /// (`concerns`) under their most frequent service over all executions.
    static func naiveMultiHostServices(_ executions: [Execution]) -> Set<String> {
        var counts: [String: [String: Int]] = [:]
        for execution in executions {
            for event in execution.events {
                guard let host = event.host else { continue }
                counts[host, default: [:]][Topology.roleService(event.service), default: 0] += 1
            }
        }
        let usual = counts.mapValues { $0.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }!.key }
        var found: Set<String> = []
        for execution in executions {
            var local: [String: String] = [:]
            for event in execution.events {
                if let host = event.host, local[host] == nil { local[host] = Topology.roleService(event.service) }
            }
            for event in execution.events {
                if let host = event.field("concerns"), local[host] == nil { local[host] = usual[host] ?? "host" }
            }
            var hostsBy: [String: Int] = [:]
            for service in local.values { hostsBy[service, default: 0] += 1 }
            for (service, hosts) in hostsBy where hosts > 1 { found.insert(service) }
        }
        return found
    }

    @Test func theTopologyFindsTheServicesWithTwoHostsAsExecutionByExecution() {
        var rng = SplitMix64(seed: 78)
        var decidedByNamedHosts = 0
        for round in 0..<200 {
            // Executions repeated, as an archive's replica sets repeat; in half the rounds one host logs
            // per execution and names others (a block's replicas), whose services only all executions tell.
            var executions = Self.randomExecutions(&rng)
            if round % 2 == 0 {
                executions = (0..<Int.random(in: 1...30, using: &rng)).map { n in
                    let host = Int.random(in: 1...6, using: &rng)
                    let service = Int.random(in: 0..<5, using: &rng) == 0 ? "other" : host <= 3 ? "dn" : "nn"
                    let named = (0..<Int.random(in: 0...2, using: &rng)).map { _ in Field(name: "concerns", value: "h\(Int.random(in: 1...6, using: &rng))") }
                    let event = Event(source: SourceLocation(file: "x.log", line: n + 1), time: Int64(n), host: "h\(host)", service: service,
                                      type: "stored", template: "stored", fields: named, message: "stored")
                    return Execution(id: "b\(n)", ids: [ExecutionID(kind: "blk", value: "b\(n)")], events: [event])
                }
            }
            let repeated = executions + executions.prefix(executions.count / 2)
            let naive = Self.naiveMultiHostServices(repeated)
            #expect(Topology(repeated).multiHostServices == naive)
            if naive != Self.naiveMultiHostServices(repeated.map { e in
                var e = e
                for i in e.events.indices { e.events[i].fields.removeAll { $0.name == "concerns" } }
                return e
            }) { decidedByNamedHosts += 1 }
        }
        #expect(decidedByNamedHosts > 20)
    }

    /// The model's JSON (version 2) reads back as the model; the same model written as version 1 (one
    /// `{"bindings", "execution"}` object per member) reads as the same model; a later version is refused.
    @Test func versionsOneAndTwoReadAsTheSameModel() throws {
        var rng = SplitMix64(seed: 5)
        var compared = 0
        for _ in 0..<40 {
            // Inputs whose executions never log `done` have no model to write.
            guard let model = try? RedundancyModel.build(executions: Self.randomExecutions(&rng), order: ExecutionOrder(bound: 1_000_000),
                                                         outcomes: [OutcomeSpec(pattern: "done")]) else { continue }
            let data = try JSONEncoder().encode(model)
            #expect(try JSONDecoder().decode(RedundancyModel.self, from: data) == model)
            var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(object["ariadne_redundancy"] as? Int == 2)
            object["ariadne_redundancy"] = 1
            object["outcomes"] = (object["outcomes"] as! [[String: Any]]).map { outcome in
                var outcome = outcome
                outcome["classes"] = (outcome["classes"] as! [[String: Any]]).map { type in
                    var type = type
                    let members = type["executions"] as! [String: Any]
                    let sets = members["bindings"] as! [Any], ids = members["ids"] as! [String], numbers = members["member_bindings"] as! [Int]
                    type["executions"] = zip(ids, numbers).map { ["execution": $0, "bindings": sets[$1]] as [String: Any] }
                    compared += ids.count
                    return type
                }
                return outcome
            }
            let one = try JSONSerialization.data(withJSONObject: object)
            #expect(try JSONDecoder().decode(RedundancyModel.self, from: one) == model)
            object["ariadne_redundancy"] = 3
            let later = try JSONSerialization.data(withJSONObject: object)
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(RedundancyModel.self, from: later) }
        }
        #expect(compared > 100)
    }

    @Test func sharesOfPackedExecutionsGiveTheModelOfTheWholeList() throws {
        var rng = SplitMix64(seed: 77)
        let order = ExecutionOrder(bound: 1_000_000)
        for round in 0..<60 {
            let executions = Self.randomExecutions(&rng)
            let store = ExecutionStore(executions)
            // With a call graph in some rounds: the second pass then views the executions with calls, and
            // the facts (drawn without) come from those views with their messages drawn again.
            let calls = round % 3 == 0 ? nil : CallGraph(executions: 3, hostPairs: [
                CallGraph.Tally(from: "h1", to: "h2", together: 3, nesting: 3, sync: 3, any: 3),
                CallGraph.Tally(from: "h2", to: "h3", together: 3, nesting: 3, sync: 3, any: 3),
            ])
            for outcomes in [[], [OutcomeSpec(pattern: "done")], [OutcomeSpec.parse("done if start")], [OutcomeSpec(pattern: "ok")]] {
                let edges = round % 2 == 0 ? [] : [ModelEdge(before: "call", after: "reply", support: 1)]
                let whole = Result { try RedundancyModel.build(executions: executions, order: order, outcomes: outcomes, modelEdges: edges,
                                                               calls: calls, share: .max) }
                let facts = PlanFacts.build(executions: executions, order: order, modelEdges: edges, parts: 1)
                for share in [1, 3, 16] {
                    // The plan's facts gathered by the second pass are those of a pass of their own.
                    let gathering = PlanFacts.Gathering(topology: Topology.of(store), order: order, modelEdges: edges)
                    let folded = Result { try RedundancyModel.build(executions: store, order: order, outcomes: outcomes, modelEdges: edges,
                                                                    calls: calls, share: share, gathering: gathering) }
                    switch (whole, folded) {
                    case (.success(let a), .success(let b)):
                        #expect(a == b)
                        #expect(gathering.facts() == facts)
                    case (.failure(let a), .failure(let b)): #expect("\(a)" == "\(b)")
                    default: Issue.record("one path threw, the other did not: \(whole) vs \(folded)")
                    }
                }
            }
        }
    }
}
