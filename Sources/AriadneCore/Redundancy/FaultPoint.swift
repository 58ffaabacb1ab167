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
///   its callers' timeouts (untested-trigger hypotheses);
/// - `delay:edge:<from>-><to>~<type>` — an edge fault scoped to one kind of message: only the calls or
///   messages the receiver answers with a record of event type `<type>` first (its `scope`), drawn
///   instead of the whole edge when the logs show the edge carrying two or more such kinds.
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
    /// For an edge: the event type the receiver logs first for the messages the fault takes (nil: every
    /// message of the edge).
    public var scope: String?

    /// A point with id `<kind>:<targetKind>:<target>`, and `~<scope>` when scoped.
    public init(kind: FaultKind, level: FaultLevel, targetKind: String, target: String, scope: String? = nil) {
        self.id = "\(kind.rawValue):\(targetKind):\(target)" + (scope.map { Self.scopeMark + $0 } ?? "")
        self.kind = kind
        self.level = level
        self.targetKind = targetKind
        self.target = target
        self.scope = scope
    }

    /// What separates an edge point's target from its scope in the id.
    public static let scopeMark = "~"

    /// The same point with another kind of fault (an edge's `error` or `drop` variant), scope kept.
    public func with(kind other: FaultKind) -> FaultPoint {
        FaultPoint(kind: other, level: level, targetKind: targetKind, target: target, scope: scope)
    }

    public static func < (a: FaultPoint, b: FaultPoint) -> Bool { a.id < b.id }

    enum CodingKeys: String, CodingKey {
        case id, kind, level, targetKind = "target_kind", target, scope
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
