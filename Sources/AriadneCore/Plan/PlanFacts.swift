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

/// Calls from one process to another.
public struct EdgeFacts: Sendable, Equatable, Codable {
    public var from: String
    public var to: String
    /// Messages observed.
    public var calls: Int
    /// Calls whose wait could be measured (the caller logged again afterwards, both records stamped).
    public var measured: Int
    /// The longest wait: from the caller's record that sent the message to its next record.
    public var longestWaitUs: Int64
    /// The longest wait that ended in a timeout-looking record of the caller, when one was logged.
    public var timeoutUs: Int64?
    /// Error-looking records of the caller right after a call, by status, exception and template.
    public var errors: [ErrorFacts]

    public init(from: String, to: String, calls: Int, measured: Int, longestWaitUs: Int64, timeoutUs: Int64?, errors: [ErrorFacts]) {
        self.from = from
        self.to = to
        self.calls = calls
        self.measured = measured
        self.longestWaitUs = longestWaitUs
        self.timeoutUs = timeoutUs
        self.errors = errors
    }

    enum CodingKeys: String, CodingKey {
        case from, to, calls, measured, longestWaitUs = "longest_wait_us", timeoutUs = "timeout_us", errors
    }
}

/// An error a caller logged right after a call.
public struct ErrorFacts: Sendable, Equatable, Codable {
    /// The 4xx/5xx status it carried, if any.
    public var status: String?
    /// The exception it named (`java.io.IOException`, `TimeoutError`), if any.
    public var exception: String?
    /// `timeout`, `refused` or `error`.
    public var trigger: String
    /// Its template.
    public var template: String
    /// How many times.
    public var count: Int

    public init(status: String?, exception: String?, trigger: String, template: String, count: Int) {
        self.status = status
        self.exception = exception
        self.trigger = trigger
        self.template = template
        self.count = count
    }
}

/// A host (or a service logged without hosts).
public struct HostFacts: Sendable, Equatable, Codable {
    public var host: String
    /// Its most frequent service, when known.
    public var service: String?
    /// The Kubernetes namespace its records show, when they show one.
    public var namespace: String?
    /// The resolution of its timestamps.
    public var resolutionUs: Int64
    /// The longest gap between two consecutive records of it in one execution.
    public var longestGapUs: Int64
    /// How many gaps were measured.
    public var gaps: Int
    /// The event types it logs (at most 24, most executions first), with how often each is its first.
    public var events: [HostEvent]

    public init(host: String, service: String?, namespace: String?, resolutionUs: Int64, longestGapUs: Int64, gaps: Int,
                events: [HostEvent]) {
        self.host = host
        self.service = service
        self.namespace = namespace
        self.resolutionUs = resolutionUs
        self.longestGapUs = longestGapUs
        self.gaps = gaps
        self.events = events
    }

    enum CodingKeys: String, CodingKey {
        case host, service, namespace, resolutionUs = "resolution_us", longestGapUs = "longest_gap_us", gaps, events
    }
}

/// An event type a host logs.
public struct HostEvent: Sendable, Equatable, Codable {
    public var type: String
    public var template: String
    /// Executions in which the host logged it.
    public var executions: Int
    /// Executions in which it was the host's first record.
    public var first: Int
    /// Where the host logs it first, on average: how many of the host's records precede it in an
    /// execution (0 when it is always the first).
    public var position: Double

    public init(type: String, template: String, executions: Int, first: Int, position: Double = 0) {
        self.type = type
        self.template = template
        self.executions = executions
        self.first = first
        self.position = position
    }
}

/// The selecting fields of one execution's entry record (its earliest).
public struct RequestFacts: Sendable, Equatable, Codable {
    public var execution: String
    /// Field name → value: `path`, `method`, header-like fields, ... (an HTTP request line gives
    /// `method` and `path`).
    public var fields: [String: String]

    public init(execution: String, fields: [String: String]) {
        self.execution = execution
        self.fields = fields
    }
}
