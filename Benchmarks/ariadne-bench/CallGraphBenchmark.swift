import AriadneCore
import Foundation

/// The service-level call graph inferred from the TrainTicket logs (grouped by trace id, in the order
/// the pipeline uses) against the span tree: the truth is every parent → child span pair whose pods
/// belong to different services, both of which write logs. Prints precision, recall, the counts, and
/// the false positives and negatives, each with what the span tree says about it.
func callGraphBenchmark(dataRoot: String) throws {
    let day = dataRoot + "/nezha_trainticket/2023-01-29"
    let fm = FileManager.default
    let logs = try fm.contentsOfDirectory(atPath: day + "/log").filter { $0.hasSuffix(".csv") }.sorted().map { day + "/log/" + $0 }
    let traces = try fm.contentsOfDirectory(atPath: day + "/trace").filter { $0.hasSuffix(".csv") }.sorted().map { day + "/trace/" + $0 }
    let events = try Ariadne.parse(paths: logs)
    let pipeline = InferencePipeline(grouping: GroupingOptions(groupBy: ["trace"]), inference: InferenceOptions(), keepExecutions: true)
    for e in events { pipeline.add(e) }
    _ = pipeline.finish()
    let order = pipeline.order
    let builder = CallGraphBuilder()
    let executions = Array(pipeline.executions)
    let reading = CallGraphBuilder.readingCalls(executions, order: order)
    for execution in executions { builder.add(execution, order: order, reading: reading) }
    let graph = builder.graph()
    func service(_ host: String) -> String { builder.service(ofHost: host) }
    let loggingServices = Set(events.compactMap(\.host).map(service))
    let loggedTraces = Set(pipeline.executions.flatMap { $0.ids.map(\.value) })
    var servicesInTrace: [String: Set<String>] = [:]
    for e in events { for id in e.executionIDs where id.kind == "trace" { if let h = e.host { servicesInTrace[id.value, default: []].insert(service(h)) } } }

    // The span tree: parent → child service pairs, and the nearest logging ancestor of each span.
    var spans: [(trace: String, id: String, parent: String, service: String)] = []
    for path in traces {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for r in CSVReader.records(text).dropFirst() where r.count >= 4 { spans.append((r[0], r[1], r[2], service(r[3]))) }
    }
    var serviceOfSpan: [String: String] = [:]
    var parentOfSpan: [String: String] = [:]
    for s in spans { serviceOfSpan[s.trace + "/" + s.id] = s.service; parentOfSpan[s.trace + "/" + s.id] = s.trace + "/" + s.parent }
    var truth = Set<[String]>(), truthSameTrace = Set<[String]>(), viaSilent = Set<[String]>()
    for s in spans where loggedTraces.contains(s.trace) && loggingServices.contains(s.service) {
        guard let parent = serviceOfSpan[s.trace + "/" + s.parent] else { continue }
        if parent != s.service, loggingServices.contains(parent) {
            truth.insert([parent, s.service])
            if let here = servicesInTrace[s.trace], here.contains(parent), here.contains(s.service) { truthSameTrace.insert([parent, s.service]) }
        }
        // The nearest ancestor of another service that writes logs, through services that do not.
        var key = s.trace + "/" + s.parent
        var crossedSilent = false
        while let a = serviceOfSpan[key] {
            if a != s.service && loggingServices.contains(a) {
                if crossedSilent { viaSilent.insert([a, s.service]) }
                break
            }
            if !loggingServices.contains(a) { crossedSilent = true }
            guard let p = parentOfSpan[key] else { break }
            key = p
        }
    }
    let inferred = Set(graph.serviceEdges.map { [$0.from, $0.to] })
    let hits = inferred.intersection(truth)
    func ratio(_ a: Int, _ b: Int) -> String { b == 0 ? "n/a" : String(format: "%.3f", Double(a) / Double(b)) }
    print("call graph on TrainTicket 2023-01-29: \(events.count) events, \(pipeline.executions.count) traces with logs, \(loggingServices.count) services write logs; order bound \(order.bound) ns")
    print("  truth: \(truth.count) parent→child service calls among services that write logs (\(truthSameTrace.count) with both ends logging in one trace)")
    print("  inferred: \(inferred.count) service edges (\(graph.serviceEdges.filter { $0.kind == .oneway }.count) one-way), \(hits.count) right")
    print("  precision \(ratio(hits.count, inferred.count)), recall \(ratio(hits.count, truth.count)) (vs both ends logging in one trace: \(ratio(inferred.intersection(truthSameTrace).count, truthSameTrace.count)))")
    let edgeOf = Dictionary(graph.serviceEdges.map { ([$0.from, $0.to], $0) }, uniquingKeysWith: { a, _ in a })
    let tallyOf = Dictionary(graph.servicePairs.map { ([$0.from, $0.to], $0) }, uniquingKeysWith: { a, _ in a })
    for pair in inferred.subtracting(truth).sorted(by: { $0.lexicographicallyPrecedes($1) }) {
        let e = edgeOf[pair]!
        var why = truth.contains([pair[1], pair[0]]) ? "reversed call" : "no span"
        if viaSilent.contains(pair) { why = "call through a service that writes no logs" }
        print("  false positive: \(pair[0]) -> \(pair[1]) \(e.kind.rawValue)/\(e.evidence.rawValue) \(e.executions)/\(e.together) [\(why)] e.g. \(e.witness.map { "\($0.execution) \($0.lines.map { $0.split(separator: "/").last.map(String.init) ?? $0 }.joined(separator: " "))" } ?? "")")
    }
    for pair in truth.subtracting(inferred).sorted(by: { $0.lexicographicallyPrecedes($1) }) {
        let t = tallyOf[pair]
        let why = t == nil ? "never both logging in one trace" : "evidence in \(t!.any) of \(t!.together) traces having both (nesting \(t!.nesting), reference \(t!.reference), message \(t!.message))"
        print("  false negative: \(pair[0]) -> \(pair[1]) [\(why)]")
    }
}
