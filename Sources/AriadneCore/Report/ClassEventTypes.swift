/// For each class of each outcome, the event types its executions show and in how many of them: what
/// the report draws as the class's causal graph. Compact (types and counts, no events), so a caller
/// that folds executions away can collect it as they close.
public struct ClassEventTypes: Sendable, Equatable {
    /// `outcome index` → class id → event type → executions of the class showing it.
    public private(set) var counts: [Int: [String: [String: Int]]] = [:]

    /// Nothing collected.
    public init() {}

    /// The types of the member executions of every class of `redundancy`, from `executions`.
    public init(executions: some Collection<Execution>, redundancy: RedundancyModel) {
        var classOf: [String: [(Int, String)]] = [:]
        for (o, outcome) in redundancy.outcomes.enumerated() {
            for c in outcome.classes {
                for member in c.executions { classOf[member.execution, default: []].append((o, c.id)) }
            }
        }
        for execution in executions {
            guard let classes = classOf[execution.id] else { continue }
            add(types: Set(execution.events.map(\.type)), toClasses: classes)
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
