import Foundation
import Testing
@testable import AriadneCore

/// The report's event types per class, counted from numbered members, against a count by members
/// written out (the way the report first counted them).
@Suite struct ClassEventTypesTests {
    static func naive(_ executions: [Execution], _ model: RedundancyModel) -> [Int: [String: [String: Int]]] {
        var counts: [Int: [String: [String: Int]]] = [:]
        for execution in executions {
            let types = Set(execution.events.map(\.type))
            for (o, outcome) in model.outcomes.enumerated() {
                for c in outcome.classes {
                    for member in c.executions where member.execution == execution.id {
                        for type in types { counts[o, default: [:]][c.id, default: [:]][type, default: 0] += 1 }
                    }
                }
            }
        }
        return counts
    }

    /// HDFS blocks under two outcomes (most executions are members of classes of both), and a second
    /// copy of each execution under the same id (a class member counted once per execution with its id).
    @Test func typesPerClassAreCountedAsMemberByMember() throws {
        let executions = Array(try HypothesesHDFSTests.blocks().prefix(400))
        let model = try RedundancyModel.build(executions: executions, order: ExecutionOrder(bound: 1_000_000_000),
                                              outcomes: [OutcomeSpec(pattern: "hdfs.add_stored_block"), OutcomeSpec(pattern: "hdfs.receiving_block")])
        #expect(model.outcomes.count == 2 && model.outcomes.allSatisfy { $0.classes.count > 1 })
        for input in [executions, executions + executions.prefix(50)] {
            let counted = ClassEventTypes(executions: input, redundancy: model)
            #expect(counted.counts == Self.naive(input, model))
            #expect(!counted.counts.isEmpty && counted.counts.keys.sorted() == [0, 1])
        }
    }
}
