import Foundation
@testable import AriadneCore

/// Requests with known ids, interleaved over several hosts, for tests that write their own logs: each
/// request is a few steps on rotating hosts, requests start staggered and overlap. `records` are in
/// time order; a renderer turns each into a line of some layout.
struct GeneratedRequests {
    struct Record {
        /// Milliseconds after the first request.
        var millis: Int
        var host: String
        var request: Int
        var step: Int
    }

    var ids: [String]
    var records: [Record]

    init(count: Int, hosts: [String], seed: UInt64, steps: ClosedRange<Int> = 3...6,
         id: (inout SplitMix64, Int) -> String) {
        var random = SplitMix64(seed: seed)
        var ids: [String] = []
        var records: [Record] = []
        for r in 0..<count {
            ids.append(id(&random, r))
            var millis = r * 400 + Int(random.next() % 300)
            let n = Int.random(in: steps, using: &random)
            for k in 0..<n {
                records.append(Record(millis: millis, host: hosts[(r + k) % hosts.count], request: r, step: k))
                millis += 40 + Int(random.next() % 120)
            }
        }
        records.sort { ($0.millis, $0.request, $0.step) < ($1.millis, $1.request, $1.step) }
        self.ids = ids
        self.records = records
    }

    /// `2026-03-14 09:26:53.589` for a record.
    static func clock(_ millis: Int, separator: String = " ") -> String {
        let total = 9 * 3_600_000 + 26 * 60_000 + millis
        return String(format: "2026-03-14%@%02d:%02d:%02d.%03d", separator, total / 3_600_000, total / 60_000 % 60,
                      total / 1000 % 60, total % 1000)
    }

    /// `count` hex digits.
    static func hex(_ random: inout SplitMix64, _ count: Int) -> String {
        String((0..<count).map { _ in Array("0123456789abcdef")[Int(random.next() % 16)] })
    }

    /// A random UUID (lower case).
    static func uuid(_ random: inout SplitMix64) -> String {
        [8, 4, 4, 4, 12].map { hex(&random, $0) }.joined(separator: "-")
    }

    /// Writes `lines` (one per record, in record order) into one file; returns its path and, per request,
    /// the `file:line` of its records.
    func write(name: String, line: (Record) -> String) -> (path: String, expected: Set<Set<String>>) {
        let path = TestPaths.file(records.map(line).joined(separator: "\n") + "\n", name: name)
        var byRequest: [Int: Set<String>] = [:]
        for (i, record) in records.enumerated() { byRequest[record.request, default: []].insert("\(path):\(i + 1)") }
        return (path, Set(byRequest.values))
    }

    /// Writes one file per host into a new directory; returns the file paths (sorted) and the expected groups.
    func writePerHost(line: (Record) -> String) -> (paths: [String], expected: Set<Set<String>>) {
        let directory = TestPaths.scratch()
        var lines: [String: [String]] = [:]
        var byRequest: [Int: Set<String>] = [:]
        for record in records {
            let path = directory + "/\(record.host).log"
            lines[path, default: []].append(line(record))
            byRequest[record.request, default: []].insert("\(path):\(lines[path]!.count)")
        }
        for (path, text) in lines { FileManager.default.createFile(atPath: path, contents: Data((text.joined(separator: "\n") + "\n").utf8)) }
        return (lines.keys.sorted(), Set(byRequest.values))
    }

    /// Parses `paths` (with `pattern`, or detected) into a pipeline with discovery; returns it finished.
    static func infer(_ paths: [String], pattern: String? = nil, groupBy: [String]? = nil,
                      sampleEvents: Int = IDDiscoveryOptions.defaultSampleEvents) throws -> (InferencePipeline, CausalModel) {
        let library = try PatternLibrary()
        let chosen = try pattern.map { try library.pattern(named: $0) }
        let discovery = IDDiscoveryOptions(patternKinds: Set(library.patterns.flatMap(\.executionIDKinds)), sampleEvents: sampleEvents)
        let pipeline = InferencePipeline(grouping: GroupingOptions(groupBy: groupBy), inference: InferenceOptions(),
                                         keepExecutions: true, discovery: discovery)
        let session = ParseSession(options: ParseOptions(pattern: chosen, library: library.patterns)) { pipeline.add($0) }
        for path in paths { try session.parse(InputSource(path: path)) }
        let model = pipeline.finish()
        return (pipeline, model)
    }

    /// The executions as sets of `file:line`.
    static func groups(_ executions: some Collection<Execution>) -> Set<Set<String>> {
        Set(executions.map { Set($0.events.map(\.source.description)) })
    }
}
