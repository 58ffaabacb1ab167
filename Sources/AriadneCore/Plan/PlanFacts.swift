import Foundation

/// What the logs show that a plan needs beyond the redundancy model: how long callers waited on each
/// call (to size delays), which errors each call returned (to say which error to inject), which event
/// types each host logs (to hook crash timings), each host's namespace, and the fields of each
/// execution's entry record (to select a request class).
///
/// Build it from the executions with `PlanFacts.build(executions:order:modelEdges:)`; it is Codable so
/// that a state directory can keep it beside the model and plan again without the logs. Every list
/// is sorted, so its JSON is deterministic. Times are in microseconds.
public struct PlanFacts: Sendable, Equatable, Codable {
    /// Format version (`"ariadne_plan_facts": 1`).
    public var version: Int
    /// How many executions were read.
    public var executions: Int
    /// The kinds of execution ids the executions were grouped by (`block`, `req`), sorted: what
    /// `--group-by` must name to group an experiment's logs the same way.
    public var idKinds: [String]
    /// The message edges between processes, by concrete `from`, `to`.
    public var edges: [EdgeFacts]
    /// The hosts (and host-less services), by name.
    public var hosts: [HostFacts]
    /// The selecting fields of each execution's entry record, by execution (executions without any left out).
    public var requests: [RequestFacts]

    public init(executions: Int, idKinds: [String], edges: [EdgeFacts], hosts: [HostFacts], requests: [RequestFacts]) {
        self.version = 1
        self.executions = executions
        self.idKinds = idKinds
        self.edges = edges
        self.hosts = hosts
        self.requests = requests
    }

    enum CodingKeys: String, CodingKey {
        case version = "ariadne_plan_facts", executions, idKinds = "id_kinds", edges, hosts, requests
    }

    /// The canonical JSON (sorted keys, compact).
    public func canonicalJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The facts of edge `from -> to`.
    public func edge(from: String, to: String) -> EdgeFacts? {
        edges.first { $0.from == from && $0.to == to }
    }

    /// The facts of host (or service) `name`.
    public func host(_ name: String) -> HostFacts? {
        hosts.first { $0.host == name }
    }
}

/// The selecting fields of one execution's entry record (its earliest).
public struct RequestFacts: Sendable, Equatable, Codable {
    /// The execution id.
    public var execution: String
    /// Field name → value: `path`, `method`, header-like fields, ... (an HTTP request line gives
    /// `method` and `path`).
    public var fields: [String: String]

    public init(execution: String, fields: [String: String]) {
        self.execution = execution
        self.fields = fields
    }
}
