import Foundation
import Testing
@testable import AriadneCore

@Suite struct InferRealDataTests {
    static let hdfsPath = TestPaths.data + "/hdfs_20k/HDFS_20000.log"
    static let trainTicketLogPath = TestPaths.data + "/nezha_trainticket/2023-01-29/log/08_50_log.csv"
    static let trainTicketTracePath = TestPaths.data + "/nezha_trainticket/2023-01-29/trace/08_50_trace.csv"

    /// The HDFS events, parsed once for the suite by the shipped `hdfs` pattern.
    static let hdfsEvents = Result { try Ariadne.parse(paths: [hdfsPath]) }

    /// E-numbers of the loghub HDFS templates (used by the DeepLog sequences) of the types the
    /// shipped pattern names (see the `# E<n>` comments in Patterns/hdfs.yaml).
    static let receiving = "hdfs.receiving_block"  // E5
    static let received = "hdfs.received_block"  // E9
    static let terminating = "hdfs.packet_responder_terminating"  // E11
    static let allocate = "hdfs.allocate_block"  // E22
    static let addStored = "hdfs.add_stored_block"  // E26

    static func group(_ events: [Event], groupBy: [String]? = nil) -> [Execution] {
        let grouper = ExecutionGrouper(options: GroupingOptions(groupBy: groupBy))
        var executions: [Execution] = []
        for e in events { executions += grouper.add(e) }
        return executions + grouper.finish()
    }

    static func hdfsExecutions() throws -> [Execution] {
        group(try hdfsEvents.get(), groupBy: ["block"])
    }

    @Test func hdfsWriteProtocol() throws {
        let executions = try Self.hdfsExecutions()
        #expect(executions.count == 1782)
        let model = CausalModel.infer(executions)
        let strict = model.strict
        let hb = Set(strict.happensBefore.map { [$0.before, $0.after] })
        let (e5, e9, e11, e22, e26) = (Self.receiving, Self.received, Self.terminating, Self.allocate, Self.addStored)
        for edge in [[e5, e11], [e5, e9], [e5, e26], [e22, e26], [e22, e11], [e22, e9]] {
            #expect(hb.contains(edge), "\(model.explainHappensBefore(edge[0], edge[1]))")
        }
        // Same-second, cross-host: the logs cannot order these in either direction.
        for edge in [[e22, e5], [e5, e22], [e9, e26], [e26, e9], [e11, e26], [e26, e11]] {
            #expect(!hb.contains(edge), "\(model.explainHappensBefore(edge[0], edge[1]))")
        }
        let tolerantHB = Set(model.tolerant.happensBefore.map { [$0.before, $0.after] })
        #expect(!tolerantHB.contains([e22, e5]) && !tolerantHB.contains([e5, e22]))
        let repetition = Dictionary(uniqueKeysWithValues: strict.repetitions.map { ($0.type, $0) })
        for type in [e5, e11, e9, e26] { #expect(repetition[type]?.mostCommon == 3, "\(type)") }
        #expect(repetition[e22]?.mostCommon == 1)
        // Responder and received-block lines come together (tolerant: a few pipelines fail midway).
        let implies = Set(model.tolerant.coOccurrences.map { [$0.present, $0.implies] })
        #expect(implies.contains([e11, e9]) && implies.contains([e9, e11]))
        // The normal DeepLog sequences put E9 and E26 in both orders: the model rightly claims neither.
        let normal = try String(contentsOfFile: TestPaths.data + "/hdfs_deeplog_sequences/hdfs_train", encoding: .utf8)
        let sequences = normal.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        let receivedBeforeAdd = sequences.filter { s in
            guard let r = s.firstIndex(of: "9"), let a = s.firstIndex(of: "26") else { return false }
            return r < a
        }.count
        let addBeforeReceived = sequences.filter { s in
            guard let r = s.firstIndex(of: "9"), let a = s.firstIndex(of: "26") else { return false }
            return a < r
        }.count
        print("HDFS: \(model.executions) blocks, strict \(strict.size) relations (\(strict.happensBefore.count) happens-before), tolerant \(model.tolerant.size); deeplog normal sequences: E9 before E26 in \(receivedBeforeAdd), E26 before E9 in \(addBeforeReceived)")
        print(model.summary())
        #expect(addBeforeReceived > 0 && receivedBeforeAdd > 0)
    }

    @Test func hdfsMergeOfHalvesEqualsWhole() throws {
        let executions = try Self.hdfsExecutions()
        let whole = CausalModel.infer(executions)
        let a = CausalModel.infer(executions.enumerated().filter { $0.offset % 3 == 0 }.map(\.element))
        let b = CausalModel.infer(executions.enumerated().filter { $0.offset % 3 != 0 }.map(\.element))
        let merged = try CausalModel.merge(a, b)
        #expect(merged == whole)
        #expect(try CausalModel.merge(b, a) == whole)
        let roundTrip = try CausalModel.read(json: try whole.jsonData())
        #expect(roundTrip == whole && roundTrip.convergence == whole.convergence)
        #expect(whole.dot().contains("\"\(Self.receiving)\" -> \"\(Self.terminating)\""))
    }

    /// Parse → group → infer run twice from the file gives byte-identical model JSON and DOT.
    @Test func hdfsWholePipelineIsDeterministic() throws {
        func run() throws -> (json: Data, dot: String, summary: String) {
            let events = try Ariadne.parse(paths: [Self.hdfsPath])
            let model = CausalModel.infer(Self.group(events, groupBy: ["block"]))
            return (try model.jsonData(), model.dot(), model.summary())
        }
        let first = try run(), second = try run()
        #expect(first.json == second.json)
        #expect(first.dot == second.dot)
        #expect(first.summary == second.summary)
        #expect(first.json.count > 1000 && first.dot.contains("->"))
    }

    /// TrainTicket at the service level: each event's type is its service, executions are traces, and
    /// the claimed happens-before edges are compared with the parent → child services of the span tree.
    @Test func trainTicketServiceOrderAgainstSpanTree() throws {
        let events = try Ariadne.parse(paths: [Self.trainTicketLogPath])
        var serviceOfPod: [String: String] = [:]
        let serviceEvents = events.map { e -> Event in
            var s = e
            s.type = e.service ?? "?"
            if let pod = e.host, let service = e.service { serviceOfPod[pod] = service }
            return s
        }
        #expect(serviceEvents.allSatisfy { $0.type != "?" && $0.host != nil })
        let executions = Self.group(serviceEvents, groupBy: ["trace"])
        let model = CausalModel.infer(executions)
        var servicesTogether = Set<[String]>()
        for e in executions {
            let s = Set(e.events.map(\.type))
            for a in s { for b in s where a != b { servicesTogether.insert([a, b]) } }
        }
        let truth = try Self.spanServicePairs(serviceOfPod: serviceOfPod).filter { servicesTogether.contains($0) }
        var closure = truth
        var grew = true
        while grew {
            grew = false
            for x in closure { for y in closure where x[1] == y[0] && x[0] != y[1] {
                if closure.insert([x[0], y[1]]).inserted { grew = true }
            } }
        }
        let claimed = Set(model.strict.happensBefore.map { [$0.before, $0.after] })
        let reduced = Set(CausalModel.transitiveReduction(claimed.map { ($0[0], $0[1]) }).map { [$0.0, $0.1] })
        let recall = Double(claimed.intersection(truth).count) / Double(truth.count)
        let precision = Double(claimed.intersection(truth).count) / Double(claimed.count)
        let precisionClosure = Double(claimed.intersection(closure).count) / Double(claimed.count)
        let reducedPrecision = Double(reduced.intersection(truth).count) / Double(reduced.count)
        print("TrainTicket: \(executions.count) traces, \(claimed.count) service happens-before claimed, \(truth.count) parent→child service pairs; recall \(recall), precision vs parent→child \(precision), vs ancestor→descendant \(precisionClosure), transitively reduced precision \(reducedPrecision) (\(reduced.count) edges)")
        print("TrainTicket skew: \(model.skewEstimate)")
        #expect(recall >= 0.85)
        #expect(precision >= 0.25)
        #expect(precisionClosure >= 0.3)
    }

    /// Parent span's service → child span's service (different services only), from the span tree;
    /// pods are named by the service the parser gave their log records.
    static func spanServicePairs(serviceOfPod: [String: String]) throws -> Set<[String]> {
        let text = try String(contentsOfFile: trainTicketTracePath, encoding: .utf8)
        let rows = CSVReader.records(text).dropFirst().filter { $0.count >= 4 }
        var pod: [String: String] = [:]
        for r in rows { pod[r[0] + "/" + r[1]] = r[3] }
        var pairs = Set<[String]>()
        for r in rows {
            guard let parent = pod[r[0] + "/" + r[2]], let a = serviceOfPod[parent], let b = serviceOfPod[r[3]] else { continue }
            if a != b { pairs.insert([a, b]) }
        }
        return pairs
    }
}
