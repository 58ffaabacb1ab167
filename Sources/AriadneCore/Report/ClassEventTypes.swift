/// For each class of each outcome, the event types its executions show and in how many of them: what
/// the report draws as the class's causal graph. Compact (types and counts, no events), so a caller
/// that folds executions away can collect it as they close.
public struct ClassEventTypes: Sendable, Equatable {
    /// `outcome index` → class id → event type → executions of the class showing it.
    public private(set) var counts: [Int: [String: [String: Int]]] = [:]

    /// Nothing collected.
    public init() {}

    /// The types of the member executions of every class of `redundancy`, from `executions`.
    /// Each member is one entry of a sorted array (the hash of its id's bytes, its class, its place in
    /// the class), 16 bytes, where a dictionary by id held a `String` per member: an archive's model has
    /// hundreds of thousands of members. An execution is a class's member when their ids have the same
    /// bytes.
    public init(executions: some Collection<Execution>, redundancy: RedundancyModel) {
        var classes: [(outcome: Int, id: String, members: ClassMembers)] = []
        var entries: [(hash: UInt64, number: UInt32, position: UInt32)] = []
        for (o, outcome) in redundancy.outcomes.enumerated() {
            for c in outcome.classes {
                let number = UInt32(classes.count)
                classes.append((o, c.id, c.executions))
                for position in c.executions.indices {
                    entries.append((FNV1a.hash(c.executions.execution(at: position)), number, UInt32(position)))
                }
            }
        }
        entries.sort { ($0.hash, $0.number, $0.position) < ($1.hash, $1.number, $1.position) }
        for execution in executions {
            let hash = FNV1a.hash(execution.id)
            var i = ExecutionCalls.partition(entries.count) { entries[$0].hash >= hash }
            var found: [(Int, String)] = []
            while i < entries.count, entries[i].hash == hash {
                let c = classes[Int(entries[i].number)]
                if EventStrings.sameBytes(c.members.execution(at: Int(entries[i].position)), execution.id) { found.append((c.outcome, c.id)) }
                i += 1
            }
            if !found.isEmpty { add(types: Set(execution.events.map(\.type)), toClasses: found) }
        }
    }

    /// Counts one execution's distinct `types` in each of `classes` (outcome index, class id).
    public mutating func add(types: Set<String>, toClasses classes: [(Int, String)]) {
        for (o, c) in classes {
            for type in types { counts[o, default: [:]][c, default: [:]][type, default: 0] += 1 }
        }
    }

    /// The types of class `classID` of outcome `outcome`, with their execution counts.
    public func types(outcome: Int, class classID: String) -> [String: Int] {
        counts[outcome]?[classID] ?? [:]
    }
}
