/// One execution class being built from its members' analyses as they arrive, in any order: what
/// `ExecutionClass` shows of them and nothing more (ids and bindings, the evidence of the three
/// members first by id, per alternative its triggers, executions and first three records).
/// Members with equal ids keep their order of arrival. Members and alternatives hold their executions
/// as numbers of the fold's `ExecutionIDTable`, 8 bytes a member.
struct ClassFold {
    let supports: [[String]]
    private(set) var count = 0
    /// In order of arrival: the member's id number and the number of its bindings in `bindingList`.
    private var members: [(id: UInt32, bindings: UInt32)] = []
    /// The evidence of the members first by (id, arrival), at most three.
    private var firstEvidence: [(id: String, arrival: Int, evidence: [String: [Evidence]])] = []
    private var alternatives: [AltKey: Alternative] = [:]
    /// The members' bindings seen so far, by the pool numbers of their (role, concrete) pairs sorted:
    /// members bound alike share one dictionary (a few hosts play the roles of many executions: on
    /// 1,000,000 HDFS lines, 246,600 members have 3,405 distinct bindings).
    private var bindingSets: [[Int]: UInt32] = [:]
    private var bindingList: [[String: String]] = []

    private struct AltKey: Hashable {
        var kind, type, primary, alternative: String
    }

    /// Where a use comes in the class's member order: member id, its arrival, the use's place in it.
    private typealias Rank = (id: String, arrival: Int, use: Int)

    private struct Alternative {
        var triggers: [String: Int] = [:]
        var executions: Set<UInt32> = []
        var evidence: [(rank: Rank, record: Evidence)] = []
        var primary: (rank: Rank, point: FaultPoint)?
    }

    init(supports: [[String]]) {
        self.supports = supports
    }

    private static func precedes(_ a: Rank, _ b: Rank) -> Bool {
        (a.id, a.arrival, a.use) < (b.id, b.arrival, b.use)
    }

    /// Adds a member whose id is number `number` of the fold's table; `arrival` numbers members in the
    /// order they were found (increasing from one call to the next). Its bindings' strings
    /// are taken from `pool` (the same few points recur in every member: one copy each, told apart by
    /// their bytes).
    mutating func add(_ analysis: ExecutionAnalysis, number: UInt32, arrival: Int, pool: EventStrings) {
        count += 1
        var pairs: [(role: Int, concrete: Int)] = []
        pairs.reserveCapacity(analysis.bindings.count)
        for (role, concrete) in analysis.bindings { pairs.append((pool.number(role), pool.number(concrete))) }
        pairs.sort { $0.role < $1.role }
        let key = pairs.flatMap { [$0.role, $0.concrete] }
        let bindings: UInt32
        if let known = bindingSets[key] {
            bindings = known
        } else {
            var made: [String: String] = [:]
            made.reserveCapacity(pairs.count)
            for pair in pairs { made[pool.text(pair.role)] = pool.text(pair.concrete) }
            bindings = UInt32(bindingList.count)
            bindingSets[key] = bindings
            bindingList.append(made)
        }
        members.append((number, bindings))
        if firstEvidence.count < 3 || (analysis.id, arrival) < (firstEvidence[2].id, firstEvidence[2].arrival) {
            firstEvidence.append((analysis.id, arrival, analysis.evidence))
            firstEvidence.sort { ($0.id, $0.arrival) < ($1.id, $1.arrival) }
            if firstEvidence.count > 3 { firstEvidence.removeLast() }
        }
        for (place, use) in analysis.alternatives.enumerated() {
            let key = AltKey(kind: use.kind, type: use.eventType, primary: use.primary, alternative: use.alternative)
            let rank: Rank = (analysis.id, arrival, place)
            // Updated in place: a copy taken out of the dictionary would copy its sets on every use.
            alternatives[key, default: Alternative()].triggers[use.trigger.rawValue, default: 0] += 1
            alternatives[key]!.executions.insert(number)
            if alternatives[key]!.evidence.count < 3 || Self.precedes(rank, alternatives[key]!.evidence[2].rank) {
                alternatives[key]!.evidence.append((rank, use.evidence))
                alternatives[key]!.evidence.sort { Self.precedes($0.rank, $1.rank) }
                if alternatives[key]!.evidence.count > 3 { alternatives[key]!.evidence.removeLast() }
            }
            // The point of the last use in member order stands, as registering them in that order would leave.
            if let primary = alternatives[key]!.primary, Self.precedes(rank, primary.rank) { continue }
            alternatives[key]!.primary = (rank, use.primaryPoint)
        }
    }

    /// The class, with id `id`, its executions' ids numbered in `table`; registers the alternatives'
    /// primary points in `points`.
    func executionClass(id: String, table: ExecutionIDTable, points: inout [String: FaultPoint]) -> ExecutionClass {
        var evidence: [String: [Evidence]] = [:]
        for member in firstEvidence {
            for (point, records) in member.evidence {
                evidence[point, default: []].append(contentsOf: records.prefix(3))
            }
        }
        let sorted = alternatives.sorted { a, b in
            (a.key.kind, a.key.type, a.key.primary, a.key.alternative) < (b.key.kind, b.key.type, b.key.primary, b.key.alternative)
        }
        for (_, alternative) in sorted.sorted(by: { Self.precedes($0.value.primary!.rank, $1.value.primary!.rank) }) {
            let point = alternative.primary!.point
            points[point.id] = point
        }
        let shown = sorted.map { key, alternative in
            TimeAlternative(kind: key.kind, eventType: key.type, primary: key.primary, alternative: key.alternative,
                            triggers: alternative.triggers, executions: .sortedDistinct(Array(alternative.executions), table: table),
                            evidence: alternative.evidence.map(\.record))
        }
        // By id, then arrival (the members' order in `members`).
        let order = table.sortedPositions(members.count) { members[$0].id }
        let ordered = ClassMembers(table: table, ids: order.map { members[$0].id }, bindingSets: bindingList,
                                   bindingOf: order.map { members[$0].bindings })
        return ExecutionClass(id: id, supports: supports, executions: ordered, alternatives: shown, evidence: evidence)
    }
}
