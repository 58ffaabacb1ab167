/// For each class of each outcome, the event types its executions show and in how many of them: what
/// the report draws as the class's causal graph. Compact (types and counts, no events), so a caller
/// that folds executions away can collect it as they close.
public struct ClassEventTypes: Sendable, Equatable {
    /// `outcome index` → class id → event type → executions of the class showing it.
    public private(set) var counts: [Int: [String: [String: Int]]] = [:]

    /// Nothing collected.
    public init() {}

    /// The types of the member executions of every class of `redundancy`, from `executions`.
    /// Each member is found by its id and the number of its first class (the few executions in several
    /// classes keep the others apart): an archive's model has hundreds of thousands of members.
    public init(executions: some Collection<Execution>, redundancy: RedundancyModel) {
        var classes: [(Int, String)] = []
        var first: [String: UInt32] = [:]
        var others: [String: [UInt32]] = [:]
        for (o, outcome) in redundancy.outcomes.enumerated() {
            for c in outcome.classes {
                let number = UInt32(classes.count)
                classes.append((o, c.id))
                for position in c.executions.indices {
                    let id = c.executions.execution(at: position)
                    if first[id] == nil { first[id] = number } else { others[id, default: []].append(number) }
                }
            }
        }
        for execution in executions {
            guard let number = first[execution.id] else { continue }
            let numbers = [number] + (others[execution.id] ?? [])
            add(types: Set(execution.events.map(\.type)), toClasses: numbers.map { classes[Int($0)] })
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
