import AriadneCore
import Foundation

/// The host-level call graph inferred from each testbed system's fault-free per-host logs (no option:
/// execution ids discovered, hosts from the file names, the pipeline's order) against the simulator's
/// truth `call_graph`, the edges some line shows (`logged`). Needs `python3`; prints why when it is missing.
func testbedCallGraphBenchmark(repoRoot: String) throws {
    let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
    guard let python else {
        print("testbed call graph: python3 not found, skipped")
        return
    }
    let systems = ["broadcast", "2pc", "kafka", "fallback", "payment", "quorum"]
    print("testbed call graphs (correct variant, seed 1, 200 executions, per-host files), host level:")
    for system in systems {
        let out = NSTemporaryDirectory() + "ariadne-calls-\(system)-\(getpid())"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [repoRoot + "/Samples/testbed/testbed.py", "run", "--system", system, "--variant", "correct",
                             "--seed", "1", "--executions", "200", "--out", out]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let truthData = try Data(contentsOf: URL(fileURLWithPath: out + "/truth.json"))
        guard let truthJSON = try JSONSerialization.jsonObject(with: truthData) as? [String: Any],
              let callGraph = truthJSON["call_graph"] as? [[String: Any]] else { continue }
        // The edges some line shows (`logged`: the receiver wrote a line while handling a message);
        // the others (broadcast's acknowledgements) no log can show.
        var truth: [String: String] = [:]
        var unlogged: Set<String> = []
        for edge in callGraph {
            if let from = edge["from"] as? String, let to = edge["to"] as? String, let kind = edge["kind"] as? String {
                let key = from + " -> " + to
                guard (edge["logged"] as? Int ?? 1) > 0 else {
                    unlogged.insert(key)
                    continue
                }
                truth[key] = truth[key] == "sync" ? "sync" : kind
            }
        }
        unlogged.subtract(truth.keys)
        let logs = try FileManager.default.contentsOfDirectory(atPath: out + "/logs").filter { $0.hasSuffix(".log") }.sorted().map { out + "/logs/" + $0 }
        let expansion = try InputSource.expand(logs)
        let library = try PatternLibrary()
        let kinds = Set(library.patterns.flatMap(\.executionIDKinds))
        let pipeline = InferencePipeline(grouping: GroupingOptions(), inference: InferenceOptions(), keepExecutions: true,
                                         discovery: IDDiscoveryOptions(patternKinds: kinds))
        let options = ParseOptions(library: library.patterns, fileHosts: HostNaming.fileHosts(for: expansion.inputs, origin: .auto))
        let session = ParseSession(options: options) { pipeline.add($0) }
        for input in expansion.inputs { try session.parse(input) }
        _ = pipeline.finish()
        let builder = CallGraphBuilder(), corrected = CallGraphBuilder()
        var offsets: [String: Int64] = [:]
        for (host, info) in truthJSON["hosts"] as? [String: [String: Any]] ?? [:] {
            offsets[host] = (info["offset_us"] as? NSNumber)?.int64Value
        }
        let executions = Array(pipeline.executions)
        let shifted = executions.map { execution -> Execution in
            var shifted = execution
            for i in shifted.events.indices {
                if let h = shifted.events[i].host, let t = shifted.events[i].time { shifted.events[i].time = t - (offsets[h] ?? 0) * 1000 }
            }
            return shifted
        }
        let trueOrder = ExecutionOrder(bound: 1_000_000)
        let (reading, trueReading) = (CallGraphBuilder.readingCalls(executions, order: pipeline.order),
                                      CallGraphBuilder.readingCalls(shifted, order: trueOrder))
        for (execution, shifted) in zip(executions, shifted) {
            builder.add(execution, order: pipeline.order, reading: reading)
            corrected.add(shifted, order: trueOrder, reading: trueReading)
        }
        let graph = builder.graph()
        let fixed = corrected.graph()
        let onTrueClocks = Dictionary(fixed.hostEdges.map { ($0.from + " -> " + $0.to, $0.kind.rawValue) }, uniquingKeysWith: { a, _ in a })
        let inferred = Dictionary(graph.hostEdges.map { ($0.from + " -> " + $0.to, $0.kind.rawValue) }, uniquingKeysWith: { a, _ in a })
        let right = Set(inferred.keys).intersection(truth.keys)
        let kindRight = right.filter { inferred[$0] == truth[$0] }.count
        print("  \(system): \(pipeline.executions.count) executions, bound \(pipeline.order.bound) ns; truth \(truth.count) edges some line shows" + (unlogged.isEmpty ? "" : " (and \(unlogged.count) none does: \(unlogged.sorted().joined(separator: ", ")))") + ", inferred \(inferred.count), right \(right.count) (kind right \(kindRight))")
        let rightFixed = Set(onTrueClocks.keys).intersection(truth.keys)
        print("    on clocks corrected by the true offsets (1 ms bound): inferred \(onTrueClocks.count), right \(rightFixed.count) (kind right \(rightFixed.filter { onTrueClocks[$0] == truth[$0] }.count)); missed \(Set(truth.keys).subtracting(onTrueClocks.keys).sorted()), extra \(Set(onTrueClocks.keys).subtracting(truth.keys).sorted())")
        print("    " + testbedOffsetsLine(pipeline.clocks, truth: offsets))
        for missing in Set(truth.keys).subtracting(inferred.keys).sorted() { print("    missed: \(missing) \(truth[missing]!)") }
        for extra in Set(inferred.keys).subtracting(truth.keys).sorted() {
            let e = graph.hostEdges.first { $0.from + " -> " + $0.to == extra }!
            print("    extra: \(extra) \(e.kind.rawValue)/\(e.evidence.rawValue) \(e.executions)/\(e.together)")
        }
        for key in right.sorted() where inferred[key] != truth[key] { print("    kind: \(key) inferred \(inferred[key]!), truth \(truth[key]!)") }
    }

}

/// The estimated offsets against the true ones (µs in the truth): each host's error relative to its
/// group's anchor, and how many are within a call latency (the shortest hop, 0.3 ms, plus the coarser
/// resolution of the host and its anchor).
func testbedOffsetsLine(_ clocks: ClockOffsets?, truth: [String: Int64]) -> String {
    guard let clocks, !clocks.offsets.isEmpty else { return "offsets: none estimated" }
    var within = 0, counted = 0
    var worst: (error: Int64, text: String)?
    for o in clocks.offsets where o.host != o.anchor {
        guard let h = truth[o.host], let a = truth[o.anchor] else { continue }
        let error = o.offset - (h - a) * 1000
        let allowed = 300_000 + max(clocks.resolutions[o.host] ?? 0, clocks.resolutions[o.anchor] ?? 0)
        counted += 1
        if abs(error) <= allowed { within += 1 }
        if abs(error) > abs(worst?.error ?? -1) {
            worst = (error, String(format: "%@ vs %@ %+.3f ms ±%.3f", o.host, o.anchor, Double(error) / 1e6, Double(o.uncertainty) / 1e6))
        }
    }
    return "offsets: \(within) of \(counted) hosts within a call latency of the truth; worst error \(worst?.text ?? "-")"
}
