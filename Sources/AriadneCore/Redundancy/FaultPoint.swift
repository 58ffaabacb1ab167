/// Something an external fault injector can act on, with a stable string id.
///
/// Ids (they feed experiment plans, keep them stable):
/// - `crash:host:<host>` — crash or kill one machine (concrete), e.g. `crash:host:10.251.73.220:50010`;
/// - `crash:role:<role>` — crash the host playing a role in the execution (role level), e.g.
///   `crash:role:dfs.DataNode#1` (the first datanode of the execution, by first appearance);
/// - `crash:service:<service>` — crash a service known only by name (records without a host, such as
///   HDFS's `dfs.FSNamesystem`); the same point at both levels;
/// - `delay:edge:<from>-><to>` — delay the messages or calls from one process to another, between
///   hosts (concrete) or roles (role level); an edge also admits `error` and `drop` faults, listed
///   as variants in hypotheses;
/// - `delay:host:<host>`, `delay:role:<role>`, `delay:service:<service>` — slow a process down past
///   its callers' timeouts (untested-trigger hypotheses).
public struct FaultPoint: Sendable, Hashable, Comparable, Codable {
    /// The stable id, `<kind>:<target kind>:<target>`.
    public var id: String
    /// What the injector does.
    public var kind: FaultKind
    /// Concrete (one machine) or role (the part a machine plays, generalizing across executions).
    public var level: FaultLevel
    /// What kind of thing is targeted: `host`, `role`, `service` or `edge`.
    public var targetKind: String
    /// The target itself: a host, a role, a service, or `from->to`.
    public var target: String

    /// A point with id `<kind>:<targetKind>:<target>`.
    public init(kind: FaultKind, level: FaultLevel, targetKind: String, target: String) {
        self.id = "\(kind.rawValue):\(targetKind):\(target)"
        self.kind = kind
        self.level = level
        self.targetKind = targetKind
        self.target = target
    }

    public static func < (a: FaultPoint, b: FaultPoint) -> Bool { a.id < b.id }

    enum CodingKeys: String, CodingKey {
        case id, kind, level, targetKind = "target_kind", target
    }
}

/// The kind of fault an injector applies to a fault point.
public enum FaultKind: String, Sendable, Hashable, Codable, CaseIterable {
    case crash, delay, error, drop
}

/// The level of a fault point: one machine, or the role a machine plays in an execution.
public enum FaultLevel: String, Sendable, Hashable, Codable {
    case concrete, role
}
