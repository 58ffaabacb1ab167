import Foundation
import Testing
@testable import AriadneCore

@Suite struct HypothesesHDFSTests {
    /// The executions of `hdfs_20k/HDFS_20000.log` as the parser gives them: one per block id, an
    /// event joining every block it names, events in input order, sorted by id.
    static func blocks() throws -> [Execution] {
        let events = try Ariadne.parse(paths: [TestPaths.data + "/hdfs_20k/HDFS_20000.log"])
        var byBlock: [String: [Event]] = [:]
        for event in events {
            for id in Set(event.executionIDs) where id.kind == "block" { byBlock[id.value, default: []].append(event) }
        }
        return byBlock.keys.sorted().map { block in
            Execution(id: "block=\(block)", ids: [ExecutionID(kind: "block", value: block)], events: byBlock[block]!)
        }
    }

    @Test func blockStoredToleratesLosingTwoOfThreeDatanodesButNotTheNamenode() throws {
        let executions = try Self.blocks()
        #expect(executions.count == 1782)
        let model = try RedundancyModel.build(executions: executions, order: ExecutionOrder(bound: 1_000_000_000),
                                              outcomes: [OutcomeSpec(pattern: "hdfs.add_stored_block")])
        let outcome = try #require(model.outcomes.first)
        #expect(outcome.eventTypes == ["hdfs.add_stored_block"])
        // Concrete fault points name datanodes (the hosts that wrote records, or that a stored block
        // names), never the client-side addresses with ephemeral ports that other records mention.
        let datanodes = Set(executions.flatMap { $0.events.compactMap { $0.host } })
        let hostPoints = model.faultPoints.filter { $0.targetKind == "host" }
        #expect(!hostPoints.isEmpty && hostPoints.allSatisfy { datanodes.contains($0.target) && $0.target.hasSuffix(":50010") })
        let report = Hypothesizer.report(for: model)
        let cuts = report.hypotheses.filter { $0.kind == "cut" }
        let members = Dictionary(uniqueKeysWithValues: outcome.classes.flatMap(\.executions).map { ($0.execution, $0) })
        var byExecution: [String: [Hypothesis]] = [:]
        for h in cuts { for e in h.executions { byExecution[e, default: []].append(h) } }

        // The datanodes each supporting block was reported stored on, and those that were receiving it.
        var stored: [String: Set<String>] = [:]
        var received: [String: Set<String>] = [:]
        for execution in executions where members[execution.id] != nil {
            stored[execution.id] = Set(execution.events.filter { $0.type == "hdfs.add_stored_block" }
                .compactMap { $0.field("concerns") }.map { "crash:host:\($0)" })
            received[execution.id] = Set(execution.events.filter { $0.type == "hdfs.receiving_block" }.compactMap(\.host).map { "crash:host:\($0)" })
        }
        let classOf = Dictionary(uniqueKeysWithValues: outcome.classes.flatMap { cls in cls.executions.map { ($0.execution, cls.id) } })
        /// The concrete points a fault stands for in an execution (itself and its equivalents in the execution's class).
        func concrete(_ fault: HypothesisFault, of h: Hypothesis, in member: ClassMember) -> Set<String> {
            let group = h.byClass.first { $0.classes.contains(classOf[member.execution] ?? "") }
            return Set(([fault.point.id] + (group?.of(fault.point.id) ?? fault.equivalents)).map { member.concrete($0) })
        }
        var three = 0, fewer = 0
        for (id, datanodes) in stored {
            let member = members[id]!
            let hypotheses = byExecution[id] ?? []
            if datanodes.count == 3 {
                three += 1
                for h in hypotheses where h.faults.count <= 2 {
                    let hit = h.faults.map { concrete($0, of: h, in: member) }
                    #expect(!hit.allSatisfy { !$0.isDisjoint(with: datanodes) }, "\(h.faultIDs) for \(id)")
                }
                let all = hypotheses.contains { h in
                    h.faults.count == 3 && h.faults.allSatisfy { !concrete($0, of: h, in: member).isDisjoint(with: datanodes) }
                        && datanodes.allSatisfy { dn in h.faults.contains { concrete($0, of: h, in: member).contains(dn) } }
                }
                #expect(all, "no hypothesis crashes the three datanodes of \(id)")
            } else if datanodes.count < 3 {
                // A block the sample shows stored on fewer datanodes: as many faults as datanodes
                // worked on it (a datanode that received it may store it where the sample does not show:
                // another class reached the outcome through a datanode doing no more than that).
                fewer += 1
                let working = datanodes.union(received[id] ?? [])
                let small = hypotheses.contains { h in
                    h.faults.count <= working.count && h.faults.count < 3 && h.executions.contains(id)
                        && h.faults.allSatisfy { !concrete($0, of: h, in: member).isDisjoint(with: working) }
                }
                #expect(small, "no hypothesis of \(working.count) datanode(s) names \(id)")
            }
        }
        #expect(three > 1300)
        #expect(fewer >= 5)
        let namenode = try #require(cuts.first { $0.faultIDs == ["crash:service:dfs.FSNamesystem"] })
        #expect(namenode.rank == 1 && namenode.impact == 1)
        print("HDFS: \(executions.count) blocks, \(outcome.supportingExecutions) stored, \(outcome.failed.count) failed, "
            + "\(outcome.classes.count) classes, \(three) on three datanodes, \(fewer) on fewer, "
            + "\(report.hypotheses.count) hypotheses (\(report.hypotheses.filter { $0.faults.count == 1 }.count) single, "
            + "\(report.hypotheses.filter { $0.faults.count == 2 }.count) pairs, \(report.hypotheses.filter { $0.faults.count == 3 }.count) triples)")
        print(report.table(details: false, limit: 12))
    }
}
