@testable import AriadneCore
import Testing

/// A class's supports take the smaller supports of the outcome's other classes that did the same work
/// with fewer replicas (roles renamed to this class's): a quorum write whose commit followed one of two
/// acknowledgements is cut by both followers together, not by either alone; a read, or a class missing
/// a whole service, is no alternative.
@Suite struct CrossClassAlternativesTests {
    static func evidence(_ types: [String: [String]]) -> [String: [Evidence]] {
        types.mapValues { $0.map { Evidence(execution: "e", source: "x:1", type: $0) } }
    }

    static let leader = ["recv put", "append", "commit"], follower = ["append entries", "ack"], gateway = ["PUT", "replied"]

    /// Both acknowledgements before the commit (C1), the first follower's alone (C2), the second's alone
    /// (C3: its `kv#2` the follower that answered, numbered by first appearance), a read (C4).
    static func outcome(read: Bool = true, partial: Bool = false) -> OutcomeModel {
        let both = ExecutionClass(id: "C1", supports: [["crash:role:gw", "crash:role:kv#1", "crash:role:kv#2", "crash:role:kv#3",
                                                        "delay:edge:kv#1->kv#2", "delay:edge:kv#1->kv#3"]],
                                  executions: [ClassMember(execution: "w1", bindings: [:])], alternatives: [],
                                  evidence: evidence(["crash:role:gw": gateway, "crash:role:kv#1": leader, "crash:role:kv#2": follower,
                                                      "crash:role:kv#3": follower, "delay:edge:kv#1->kv#2": ["ack"], "delay:edge:kv#1->kv#3": ["ack"]]))
        let one = ExecutionClass(id: "C2", supports: [["crash:role:gw", "crash:role:kv#1", "crash:role:kv#2", "delay:edge:kv#1->kv#2"]],
                                 executions: [ClassMember(execution: "w2", bindings: [:])], alternatives: [],
                                 evidence: evidence(["crash:role:gw": gateway, "crash:role:kv#1": leader, "crash:role:kv#2": follower,
                                                     "delay:edge:kv#1->kv#2": ["ack"]]))
        let other = ExecutionClass(id: "C3", supports: [["crash:role:gw", "crash:role:kv#1", "crash:role:kv#3", "delay:edge:kv#1->kv#3"]],
                                   executions: [ClassMember(execution: "w3", bindings: [:])], alternatives: [],
                                   evidence: evidence(["crash:role:gw": gateway, "crash:role:kv#1": leader, "crash:role:kv#3": follower,
                                                       "delay:edge:kv#1->kv#3": ["ack"]]))
        let get = ExecutionClass(id: "C4", supports: [["crash:role:gw", "crash:role:kv#1"]],
                                 executions: [ClassMember(execution: "r1", bindings: [:])], alternatives: [],
                                 evidence: evidence(["crash:role:gw": ["GET", "replied"], "crash:role:kv#1": ["recv get"]]))
        // The leader's records alone: the followers' fell outside the logs.
        let cut = ExecutionClass(id: "C5", supports: [["crash:role:gw", "crash:role:kv#1"]],
                                 executions: [ClassMember(execution: "w4", bindings: [:])], alternatives: [],
                                 evidence: evidence(["crash:role:gw": gateway, "crash:role:kv#1": leader]))
        var classes = [both, one, other]
        if read { classes.append(get) }
        if partial { classes.append(cut) }
        return OutcomeModel(outcome: OutcomeSpec(pattern: "replied"), eventTypes: ["replied"], supportingExecutions: classes.count,
                            notApplicable: 0, failed: [], classes: classes)
    }

    static func hypotheses(_ outcome: OutcomeModel) -> [[String]] {
        let ids = Set(outcome.classes.flatMap { $0.supports.joined() })
        let model = RedundancyModel(outcomes: [outcome], faultPoints: ids.map(ExperimentPlanner.parse).sorted(), modelEdges: [])
        return Hypothesizer.report(for: model).hypotheses.filter { $0.kind == "cut" && $0.classes.contains("C1") }.map(\.faultIDs)
    }

    @Test func eitherFollowerAloneIsAnAlternative() {
        let found = Self.hypotheses(Self.outcome())
        #expect(found.contains(["delay:edge:kv#1->kv#2", "delay:edge:kv#1->kv#3"]), "\(found)")
        #expect(!found.contains { $0.count == 1 && ($0[0].contains("kv#2") || $0[0].contains("kv#3")) }, "\(found)")
        #expect(found.contains(["crash:role:gw"]) && found.contains(["crash:role:kv#1"]), "\(found)")
        let widened = Hypothesizer.widened(Self.outcome().classes[0], among: Self.outcome().classes)
        #expect(widened.supports.count == 3, "\(widened.supports)")
    }

    @Test func aReadOrAClassMissingAServiceIsNoAlternative() {
        let classes = Self.outcome(read: true, partial: true).classes
        // The read (other types on the gateway) and the leader alone (no follower kept) add nothing to C1.
        let widened = Hypothesizer.widened(classes[0], among: [classes[0], classes[3], classes[4]])
        #expect(widened.supports == classes[0].supports, "\(widened.supports)")
    }

    @Test func rolesAreRenamedToTheClasssOwn() {
        let renamed = Hypothesizer.renamings(["crash:role:kv#1", "delay:edge:kv#1->db#1~T9", "crash:service:api"], into: ["kv#1", "kv#2", "db#1"])
        #expect(Set(renamed.map { $0 }) == [["crash:role:kv#1", "delay:edge:kv#1->db#1~T9", "crash:service:api"],
                                            ["crash:role:kv#2", "delay:edge:kv#2->db#1~T9", "crash:service:api"]], "\(renamed)")
        #expect(Hypothesizer.renamings(["crash:role:cache#1"], into: ["kv#1"]).isEmpty)
    }
}
