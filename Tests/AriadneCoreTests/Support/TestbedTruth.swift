import Foundation
import Testing

/// One run of the Python testbed (`Samples/testbed/testbed.py run`) and its `truth.json`: the host,
/// execution and vector clock of every line, the clock offsets, the call graph and each execution's
/// hosts and outcome (see `Samples/testbed/README.md`).
///
/// The run's directory holds `logs/<host>.log` (one file per host), `merged.log` (every line prefixed
/// with its host name) and `truth.json`; truth's line keys are `<path relative to the directory>:<line>`.
struct TestbedTruth {
    /// A host: its layout, its file (relative to `directory`), its clock offset and its service.
    struct Host: Decodable {
        var layout: String
        var file: String
        /// Logged time minus true time, in microseconds.
        var offsetUs: Int64
        var service: String
    }

    /// One line of a per-host file or of `merged.log`.
    struct Line: Decodable {
        var host: String
        /// The execution id as logged, nil for noise.
        var execution: String?
        var event: String
        var trueUs: Int64
        var loggedUs: Int64
        /// Vector clock within the execution (host → count), nil for noise.
        var vc: [String: Int]?
        /// For a `merged.log` line, the key of the same line in its per-host file.
        var source: String?
    }

    /// The kind of a call-graph edge.
    enum CallKind: String, Decodable, Hashable {
        case sync, oneway
    }

    /// A delivered request or one-way message type between two hosts (responses are not edges).
    struct CallEdge: Decodable, Hashable {
        var from: String
        var to: String
        var fromService: String
        var toService: String
        var kind: CallKind
        var op: String
        var count: Int
        /// How many of the messages their receiver wrote a line while handling: 0 for a message no log
        /// shows (broadcast's acknowledgements).
        var logged: Int
    }

    /// One simulated execution.
    struct SimulatedExecution: Decodable {
        var index: Int
        var id: String
        var startUs: Int64
        /// `success` or the violated invariant.
        var outcome: String
        var correctVariantOutcome: String
        var verdict: String
        /// The hosts that logged for the execution.
        var hosts: [String]
        var crashed: [String]
    }

    /// `truth.json`, the parts the tests read.
    struct Document: Decodable {
        var system: String
        var variant: String
        var seed: Int
        var hosts: [String: Host]
        var lines: [String: Line]
        var callGraph: [CallEdge]
        var executions: [SimulatedExecution]
    }

    /// The run's directory.
    let directory: String
    let document: Document
    private let executionIndex: [String: Int]

    /// The directory of per-host files.
    var logs: String { directory + "/logs" }
    /// The merged file (written when the run asked for it).
    var merged: String { directory + "/merged.log" }

    /// Runs the testbed into a new scratch directory (with `merged.log`) and reads its truth.
    static func run(system: String, variant: String = "correct", seed: Int = 1, executions: Int,
                    faults: String? = nil) throws -> TestbedTruth {
        let directory = TestPaths.scratch() + "/testbed-\(system)"
        var arguments = ["Samples/testbed/testbed.py", "run", "--system", system, "--variant", variant,
                         "--seed", String(seed), "--executions", String(executions), "--out", directory, "--merged"]
        if let faults {
            let file = TestPaths.file(faults, name: "faults.json")
            arguments += ["--faults", file]
        }
        let run = try Python3.run(arguments)
        try #require(run.status == 0, "testbed \(system): \(run.output)")
        return try TestbedTruth(directory: directory)
    }

    /// Reads `directory/truth.json`.
    init(directory: String) throws {
        self.directory = directory
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/truth.json"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        document = try decoder.decode(Document.self, from: data)
        executionIndex = Dictionary(document.executions.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The line of `key` (`logs/api-1.log:12`, `merged.log:40`).
    func line(_ key: String) -> Line? {
        document.lines[key]
    }

    /// The truth key of a parsed event's source (`file` as the parser named it, `line` 1-based): the
    /// file's path relative to `directory` (a relative path, or a full one under it) and the line.
    func key(file: String, line: Int) -> String? {
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path + "/"
        let full = URL(fileURLWithPath: file).standardizedFileURL.path
        let relative = full.hasPrefix(root) ? String(full.dropFirst(root.count)) : file
        let key = "\(relative):\(line)"
        return document.lines[key] == nil ? nil : key
    }

    /// Whether line `a` happened before line `b`: both belong to the same execution and `a`'s vector
    /// clock is componentwise at most `b`'s and differs from it. False for noise and unknown keys.
    func happensBefore(_ a: String, _ b: String) -> Bool {
        guard let la = line(a), let lb = line(b), let ea = la.execution, ea == lb.execution,
              let va = la.vc, let vb = lb.vc, va != vb else { return false }
        return va.allSatisfy { host, count in count <= vb[host, default: 0] }
    }

    /// Each host's clock offset (logged minus true time), in microseconds.
    var offsets: [String: Int64] {
        document.hosts.mapValues(\.offsetUs)
    }

    /// The call graph.
    var callGraph: [CallEdge] { document.callGraph }

    /// The call graph's edges some line shows: a message whose receiver wrote a line while handling it.
    var loggedCallGraph: [CallEdge] { document.callGraph.filter { $0.logged > 0 } }

    /// The executions in simulation order.
    var executions: [SimulatedExecution] { document.executions }

    /// The execution whose id is `id` (as logged).
    func execution(id: String) -> SimulatedExecution? {
        executionIndex[id].map { document.executions[$0] }
    }
}
