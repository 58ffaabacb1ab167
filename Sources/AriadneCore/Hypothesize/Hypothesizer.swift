/// Turns a redundancy model into ranked fault hypotheses.
public enum Hypothesizer {
    /// Every minimal hypothesis within the budget for each outcome and class of `model`, plus the
    /// untested-trigger hypotheses, ranked: fewer faults first; then more impact (share of the
    /// outcome's executions it breaks); then rarely exercised paths first; then more delays (a delay
    /// at a boundary is preferred over a crash cutting the same supports, which is folded into it as
    /// an equivalent); then by outcome, kind, fault ids, equivalents, reason and classes (a total order, so the
    /// report is deterministic).
    public static func report(for model: RedundancyModel, options: HypothesisOptions = HypothesisOptions()) -> HypothesisReport {
        let pointsByID = Dictionary(model.faultPoints.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var drafts: [Draft] = []
        var summaries: [OutcomeSummary] = []
        for outcome in model.outcomes {
            let (found, tolerant) = cuts(outcome, options: options, points: pointsByID, edges: model.modelEdges)
            drafts += found
            drafts += untestedTriggers(outcome, options: options, points: pointsByID)
            summaries.append(OutcomeSummary(outcome: outcome.outcome.name, proposed: outcome.outcome.proposed,
                                            reason: outcome.outcome.reason, supporting: outcome.supportingExecutions,
                                            failed: outcome.failed.count, notApplicable: outcome.notApplicable,
                                            classes: outcome.classes.count, tolerant: tolerant))
        }
        drafts.sort { a, b in
            if a.hypothesis.faults.count != b.hypothesis.faults.count { return a.hypothesis.faults.count < b.hypothesis.faults.count }
            if a.hypothesis.impact != b.hypothesis.impact { return a.hypothesis.impact > b.hypothesis.impact }
            if a.hypothesis.exercised != b.hypothesis.exercised { return a.hypothesis.exercised < b.hypothesis.exercised }
            if a.delays != b.delays { return a.delays > b.delays }
            if a.hypothesis.outcome != b.hypothesis.outcome { return a.hypothesis.outcome < b.hypothesis.outcome }
            if a.hypothesis.kind != b.hypothesis.kind { return a.hypothesis.kind < b.hypothesis.kind }
            if a.hypothesis.faultIDs != b.hypothesis.faultIDs {
                return a.hypothesis.faultIDs.lexicographicallyPrecedes(b.hypothesis.faultIDs)
            }
            let (ea, eb) = (a.hypothesis.faults.map(\.equivalents), b.hypothesis.faults.map(\.equivalents))
            if ea != eb { return ea.lexicographicallyPrecedes(eb) { $0.lexicographicallyPrecedes($1) } }
            if a.hypothesis.reason != b.hypothesis.reason { return a.hypothesis.reason < b.hypothesis.reason }
            return a.hypothesis.classes.lexicographicallyPrecedes(b.hypothesis.classes)
        }
        let ranked = drafts.enumerated().map { index, draft -> Hypothesis in
            var h = draft.hypothesis
            h.rank = index + 1
            h.id = "H\(index + 1)"
            return h
        }
        return HypothesisReport(budget: options.budget, accepted: options.accepted.sorted(), outcomes: summaries, hypotheses: ranked)
    }

    struct Draft {
        var hypothesis: Hypothesis
        var delays: Int
    }

    /// A class's fault points folded by equivalence: when a delay on an edge occurs in exactly the
    /// same supports as other points, it represents them all (a delay at a boundary is preferred
    /// over the crashes behind it); points without such an edge stay separate choices.
    struct FoldedClass {
        var representatives: [String]
        var equivalents: [String: [String]]
        var supports: [[Int]]
    }

    /// `cls` with the supports of the outcome's other classes that, their roles renamed to this class's
    /// (`renamings`), are strictly smaller than one of its own, keep a replica of every process they
    /// lack (`replicasRemain`), and did the same work on
    /// every point they share (each point's records in the class's evidence are of types the class's
    /// own evidence shows for it): the outcome was reached without the rest of that support, so the
    /// rest is no single point of failure (a quorum's commit after the first of two acknowledgements:
    /// each follower alone is an alternative). A request of another kind (a read beside writes) logs
    /// other types and is no alternative.
    static func widened(_ cls: ExecutionClass, among classes: [ExecutionClass]) -> ExecutionClass {
        let own = cls.supports.map(Set.init)
        func types(_ c: ExecutionClass, _ id: String) -> Set<String> { Set((c.evidence[id] ?? []).map(\.type)) }
        let roles = Set(cls.supports.joined().flatMap { Self.roles(ExperimentPlanner.parse($0)) })
        let largest = own.map(\.count).max() ?? 0
        let ownPoints = Set(cls.supports.joined())
        var result = cls
        for other in classes where other.id != cls.id {
            // Cheap refusals first: a support no smaller, or with a point no renaming makes this class's.
            for support in other.supports where support.count < largest
                && support.allSatisfy({ ownPoints.contains($0) || !Self.roles(ExperimentPlanner.parse($0)).isEmpty }) {
                for renamed in renamings(support, into: roles) where !result.supports.contains(renamed.sorted()) {
                    let points = Set(renamed)
                    guard own.contains(where: {
                              points.isStrictSubset(of: $0) && replicasRemain(dropped: $0.subtracting(points), in: points) { types(cls, $0) }
                          }),
                          zip(support, renamed).allSatisfy({ theirs, ours in
                              let done = types(other, theirs)
                              return !done.isEmpty && done.isSubset(of: types(cls, ours))
                          }) else { continue }
                    result.supports.append(renamed.sorted())
                }
            }
        }
        return result
    }

    /// `support` with its roles renamed, one to one, to the roles of the same service in `roles`, in
    /// every way (at most `maxRenamings`): a role is numbered by first appearance in its execution, so
    /// another class's `kv#2` may be this class's `kv#3` (each point keeps its place in the list).
    static func renamings(_ support: [String], into roles: Set<String>) -> [[String]] {
        let points = support.map(ExperimentPlanner.parse)
        let own = Array(Set(points.flatMap(Self.roles))).sorted()
        var choices: [[String]] = []
        for role in own {
            let candidates = roles.filter { roleService($0) == roleService(role) }.sorted()
            guard !candidates.isEmpty else { return [] }
            choices.append(candidates)
        }
        var results: [[String]] = []
        var chosen: [String] = []
        func assign(_ k: Int) {
            guard results.count < maxRenamings else { return }
            if k == own.count {
                let map = Dictionary(uniqueKeysWithValues: zip(own, chosen))
                results.append(points.map { renamed($0, map) })
                return
            }
            for candidate in choices[k] where !chosen.contains(candidate) {
                chosen.append(candidate)
                assign(k + 1)
                chosen.removeLast()
            }
        }
        assign(0)
        return results
    }

    /// The most renamings of one support tried.
    static let maxRenamings = 120

    /// The processes a point names: an edge's two ends, else its target.
    static func names(_ point: FaultPoint) -> [String] {
        guard point.targetKind == "edge" else { return [point.target] }
        let (from, to) = ExperimentPlanner.edgeEnds(point.target)
        return [from, to]
    }

    /// The roles a point names: the names numbered within an execution (`kv#2`).
    static func roles(_ point: FaultPoint) -> [String] { names(point).filter { roleService($0) != nil } }

    /// A role's service (`kv` of `kv#2`); nil for a name that is no role.
    static func roleService(_ name: String) -> String? {
        guard let mark = name.lastIndex(of: "#"), name.index(after: mark) < name.endIndex,
              name[name.index(after: mark)...].allSatisfy(\.isNumber) else { return nil }
        return String(name[..<mark])
    }

    /// The id of `point` with the names `map` renames renamed.
    static func renamed(_ point: FaultPoint, _ map: [String: String]) -> String {
        let target = names(point).map { map[$0] ?? $0 }.joined(separator: "->")
        return FaultPoint(kind: point.kind, level: point.level, targetKind: point.targetKind, target: target, scope: point.scope).id
    }

    /// Whether `dropped` are processes (`crash:` points) each with a replica in `kept` (a process of the
    /// same service that did its `work`, the types of its records: `kv#3` beside `kv#2`, both followers,
    /// not beside the leader `kv#1`), and points on their edges. A support without any process of
    /// a service (a block whose datanodes' records fell outside the logs) shows an execution the logs did
    /// not see whole, and one without an edge alone shows the clocks leaving a message unordered: neither
    /// is redundancy.
    static func replicasRemain(dropped: Set<String>, in kept: Set<String>, work: (String) -> Set<String>) -> Bool {
        func service(_ id: String) -> String {
            let target = ExperimentPlanner.parse(id).target
            return roleService(target) ?? target
        }
        let processes = dropped.filter { $0.hasPrefix("crash:") }
        guard !processes.isEmpty else { return false }
        let keptProcesses = kept.filter { $0.hasPrefix("crash:") }
        // A replica did the dropped process's work (a follower beside a follower, not the leader).
        guard processes.allSatisfy({ gone in
            keptProcesses.contains { service($0) == service(gone) && work(gone).isSubset(of: work($0)) }
        }) else { return false }
        let gone = Set(processes.map { ExperimentPlanner.parse($0).target })
        return dropped.subtracting(processes).allSatisfy { id in
            let point = ExperimentPlanner.parse(id)
            return point.targetKind == "edge" && !gone.isDisjoint(with: names(point))
        }
    }

    static func preference(_ id: String) -> (Int, String) {
        if id.hasPrefix("delay:edge:") { return (0, id) }
        if id.hasPrefix("delay:") { return (1, id) }
        return (2, id)
    }

    static func fold(_ cls: ExecutionClass, accepted: Set<String>) -> FoldedClass {
        func isAccepted(_ id: String) -> Bool {
            if accepted.contains(id) { return true }
            let bound = cls.executions.map { $0.concrete(id) }
            return !bound.isEmpty && bound.allSatisfy { accepted.contains($0) }
        }
        var columns: [String: [Int]] = [:]
        for (s, support) in cls.supports.enumerated() {
            for id in support where !isAccepted(id) { columns[id, default: []].append(s) }
        }
        var groups: [[Int]: [String]] = [:]
        for (id, column) in columns { groups[column, default: []].append(id) }
        var representatives: [String] = []
        var equivalents: [String: [String]] = [:]
        for members in groups.values {
            let sorted = members.sorted { preference($0) < preference($1) }
            if preference(sorted[0]).0 == 0 {
                representatives.append(sorted[0])
                equivalents[sorted[0]] = Array(sorted.dropFirst()).sorted()
            } else {
                representatives += sorted
            }
        }
        representatives.sort()
        let index = Dictionary(uniqueKeysWithValues: representatives.enumerated().map { ($1, $0) })
        let supports = cls.supports.map { support in support.compactMap { index[$0] }.sorted() }
        return FoldedClass(representatives: representatives, equivalents: equivalents, supports: supports)
    }

    /// The cut hypotheses of one outcome, and the classes none breaks within the budget.
    static func cuts(_ outcome: OutcomeModel, options: HypothesisOptions, points: [String: FaultPoint],
                     edges: [ModelEdge]) -> ([Draft], [String]) {
        let total = max(outcome.supportingExecutions, 1)
        var use: [String: Int] = [:]
        for cls in outcome.classes {
            for id in Set(cls.supports.joined()) { use[id, default: 0] += cls.executions.count }
        }
        struct Found {
            var ids: [String]
            var classes: [Int] = []
            /// Per class index, what each fault stands for there.
            var equivalents: [Int: [String: [String]]] = [:]
        }
        // Hypotheses of several classes with the same faults are one hypothesis (one row per fault
        // set). What each fault stands for may differ between classes (a delay that is a crash's
        // equivalent in one class may not be in another): a fault's `equivalents` are those that hold
        // in every class listed, and `byClass` gives each group of classes its own.
        var found: [String: Found] = [:]
        var tolerant: [String] = []
        for (c, cls) in outcome.classes.enumerated() {
            let folded = fold(widened(cls, among: outcome.classes), accepted: options.accepted)
            let sets = MinimalHittingSets.enumerate(sets: folded.supports, universe: folded.representatives.count, maxSize: options.budget)
            // A class none breaks only because a support is made of accepted points is not tolerant.
            if sets.isEmpty && !folded.supports.contains(where: \.isEmpty) { tolerant.append(cls.id) }
            for set in sets {
                let ids = set.map { folded.representatives[$0] }
                let key = ids.joined(separator: "\u{1}")
                var entry = found[key] ?? Found(ids: ids)
                entry.classes.append(c)
                entry.equivalents[c] = Dictionary(uniqueKeysWithValues: ids.map { ($0, folded.equivalents[$0] ?? []) })
                found[key] = entry
            }
        }
        let outcomeTypes = Set(outcome.eventTypes)
        var drafts: [Draft] = []
        for entry in found.values {
            let ids = entry.ids
            let own = Set(entry.classes)
            var broken = 0
            for (c, cls) in outcome.classes.enumerated()
            where own.contains(c) || cls.supports.allSatisfy({ !Set($0).isDisjoint(with: ids) }) {
                broken += cls.executions.count
            }
            let classes = entry.classes.map { outcome.classes[$0] }
            let members = ClassMembers.merged(classes.map(\.executions))
            let classTypes = Set(classes.prefix(1).flatMap { $0.evidence.values.joined().map(\.type) }).union(outcomeTypes)
            var relations: Set<ModelEdge> = []
            var common: [String: [String]] = [:]
            for id in ids {
                let sets = entry.classes.map { Set(entry.equivalents[$0]?[id] ?? []) }
                common[id] = sets.dropFirst().reduce(sets.first ?? []) { $0.intersection($1) }.sorted()
            }
            var groups: [(classes: [String], equivalents: [String: [String]])] = []
            for c in entry.classes {
                let map = entry.equivalents[c] ?? [:]
                if let g = groups.firstIndex(where: { $0.equivalents == map }) {
                    groups[g].classes.append(outcome.classes[c].id)
                } else {
                    groups.append(([outcome.classes[c].id], map))
                }
            }
            let faults = ids.map { id -> HypothesisFault in
                let point = points[id] ?? FaultPoint(kind: .crash, level: .role, targetKind: "unknown", target: id)
                var cuts: [CutSupport] = []
                var cutCount = 0
                for (c, cls) in zip(entry.classes, classes) {
                    let standsFor = Set(entry.equivalents[c]?[id] ?? [])
                    for support in cls.supports where support.contains(id) || !standsFor.isDisjoint(with: support) {
                        cutCount += 1
                        if cuts.count < 6 { cuts.append(CutSupport(class: cls.id, support: support)) }
                    }
                }
                let evidence = Array((classes.first?.evidence[id] ?? []).prefix(3))
                let types = Set(evidence.map(\.type))
                for edge in edges where (types.contains(edge.before) && classTypes.contains(edge.after))
                    || (types.contains(edge.after) && classTypes.contains(edge.before)) {
                    relations.insert(edge)
                }
                let variants = point.targetKind == "edge"
                    ? [FaultKind.error, .drop].map { point.with(kind: $0).id } : []
                return HypothesisFault(point: point, variants: variants, equivalents: common[id] ?? [],
                                       cuts: cuts, cutCount: cutCount, evidence: evidence)
            }
            let exercised = Double(ids.map { use[$0, default: 0] }.min() ?? 0) / Double(total)
            let concrete = members.prefix(options.examples).map { m in
                ConcreteHypothesis(execution: m.execution, faults: ids.map { m.concrete($0) })
            }
            let sortedRelations = relations.sorted { a, b in a.support != b.support ? a.support > b.support : a < b }
            let reason = ids.count == 1
                ? "\(ids[0]) is in every support of \(members.count) execution(s): a single point of failure"
                : "these \(ids.count) faults together cut every support of \(members.count) execution(s); no fewer of them does"
            let hypothesis = Hypothesis(id: "", rank: 0, outcome: outcome.outcome.name, kind: "cut", faults: faults,
                                        impact: Double(broken) / Double(total), breaks: broken, exercised: exercised,
                                        classes: classes.map(\.id), executions: members.executionIDs,
                                        concrete: Array(concrete), relations: Array(sortedRelations.prefix(5)), reason: reason,
                                        byClass: groups.map { ClassEquivalents(classes: $0.classes, equivalents: $0.equivalents) })
            drafts.append(Draft(hypothesis: hypothesis, delays: ids.filter { $0.hasPrefix("delay:") }.count))
        }
        return (drafts, tolerant.sorted())
    }

    /// One hypothesis per primary whose fallbacks or retries were only ever seen after errors or
    /// refusals: delay it past the caller's timeout, a trigger never shown to work. The alternatives
    /// that share a primary (a call's retries read on several record types) make one hypothesis.
    static func untestedTriggers(_ outcome: OutcomeModel, options: HypothesisOptions, points: [String: FaultPoint]) -> [Draft] {
        var merged: [String: (alternative: TimeAlternative, classes: Set<String>, triggers: [String: Int], uses: Set<String>)] = [:]
        for cls in outcome.classes {
            for alt in cls.alternatives {
                let seen = Set(alt.triggers.keys)
                guard !seen.isEmpty, seen.isSubset(of: [TriggerKind.error.rawValue, TriggerKind.refused.rawValue]) else { continue }
                guard let point = points.values.filter({
                    $0.kind == .delay && $0.level == .role && $0.targetKind != "edge" && $0.target == alt.primary
                }).min(), !options.accepted.contains(point.id) else { continue }
                var entry = merged[point.id] ?? (alt, [], [:], [])
                if merged[point.id] != nil {
                    entry.alternative.executions = ExecutionIDList(Array(entry.alternative.executions) + Array(alt.executions))
                    entry.alternative.evidence += alt.evidence
                }
                entry.classes.insert(cls.id)
                entry.triggers.merge(alt.triggers, uniquingKeysWith: +)
                entry.uses.insert("\(alt.kind) of \(alt.eventType) from \(alt.primary) to \(alt.alternative)")
                merged[point.id] = entry
            }
        }
        return merged.map { pointID, entry in
            let point = points[pointID]!
            let executions = Array(Set(entry.alternative.executions)).sorted()
            // Only the examples' members are looked up (a class may have hundreds of thousands).
            let examples = Array(executions.prefix(options.examples))
            let wanted = Set(examples)
            var bindings: [String: ClassMember] = [:]
            for member in outcome.classes.lazy.flatMap(\.executions) where wanted.contains(member.execution) && bindings[member.execution] == nil {
                bindings[member.execution] = member
            }
            let concrete = examples.map { id in
                ConcreteHypothesis(execution: id, faults: [bindings[id]?.concrete(point.id) ?? point.id])
            }
            let triggers = entry.triggers.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
            let fault = HypothesisFault(point: point, variants: [], equivalents: [], cuts: [], cutCount: 0,
                                        evidence: Array(entry.alternative.evidence.prefix(3)))
            let uses = entry.uses.sorted()
            let reason = "\(uses.joined(separator: ", ")) \(uses.count == 1 ? "was" : "were") only seen after "
                + "\(triggers); never shown to work after a timeout: delay \(entry.alternative.primary) past its timeout"
            let hypothesis = Hypothesis(id: "", rank: 0, outcome: outcome.outcome.name, kind: "untested_trigger", faults: [fault],
                                        impact: 0, breaks: 0, exercised: Double(executions.count) / Double(max(outcome.supportingExecutions, 1)),
                                        classes: entry.classes.sorted(), executions: ExecutionIDList(executions),
                                        concrete: Array(concrete), relations: [], reason: reason)
            return Draft(hypothesis: hypothesis, delays: 1)
        }
    }
}
