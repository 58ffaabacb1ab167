/// Every way the executions reached each good outcome: per outcome, classes of executions that use
/// the same role-level fault points, each with its distinct minimal supports (alternatives in space)
/// and the retries and fallbacks seen (alternatives in time), with what triggered them.
///
/// Build it with `RedundancyModel.build(executions:order:outcomes:modelEdges:)`; its JSON form
/// (`"ariadne_redundancy": 2`) is what `ariadne model` prints, `text()` the terminal rendering.
public struct RedundancyModel: Sendable, Equatable, Codable {
    /// Format version of the JSON form.
    public var version: Int
    /// One entry per outcome, in the order given.
    public var outcomes: [OutcomeModel]
    /// Every fault point used by a support or a hypothesis, both levels, sorted by id.
    public var faultPoints: [FaultPoint]
    /// The causal model's relations given to the builder, sorted.
    public var modelEdges: [ModelEdge]

    /// The version written: 2 lists each class's members as ids and numbers of their distinct
    /// bindings (`ClassMembers`); version 1 (a `{"bindings", "execution"}` object per member) is read too.
    public static let formatVersion = 2

    public init(outcomes: [OutcomeModel], faultPoints: [FaultPoint], modelEdges: [ModelEdge]) {
        self.version = Self.formatVersion
        self.outcomes = outcomes
        self.faultPoints = faultPoints
        self.modelEdges = modelEdges
    }

    enum CodingKeys: String, CodingKey {
        case version = "ariadne_redundancy", outcomes, faultPoints = "fault_points", modelEdges = "model_edges"
    }

    /// Reads versions 1 and 2 (the same model: only the members' form differs); a later version throws.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let read = try container.decode(Int.self, forKey: .version)
        guard (1...Self.formatVersion).contains(read) else {
            throw DecodingError.dataCorruptedError(
                forKey: .version, in: container,
                debugDescription: "redundancy model version \(read) is not supported (this ariadne reads 1 and \(Self.formatVersion)); build it again with this ariadne")
        }
        version = Self.formatVersion
        outcomes = try container.decode([OutcomeModel].self, forKey: .outcomes)
        faultPoints = try container.decode([FaultPoint].self, forKey: .faultPoints)
        modelEdges = try container.decode([ModelEdge].self, forKey: .modelEdges)
    }
}

/// The redundancy of one outcome.
public struct OutcomeModel: Sendable, Equatable, Codable {
    /// The outcome as specified.
    public var outcome: OutcomeSpec
    /// The event types that matched the outcome, sorted.
    public var eventTypes: [String]
    /// Executions that reached the outcome and are used as supports.
    public var supportingExecutions: Int
    /// Executions where the precondition did not occur (the outcome was not required).
    public var notApplicable: Int
    /// Executions that missed the outcome, matched it only with failure-looking events, or ended in an
    /// error-looking record: reported, not used.
    public var failed: [FailedExecution]
    /// The classes of supporting executions, largest first.
    public var classes: [ExecutionClass]
    /// The event types the outcome matched, per type, service and what matched (type, template,
    /// message or field), with the events counted and those that looked like failures; sorted.
    public var matches: [OutcomeMatch]
    /// The same for the precondition of `POST if PRE` (empty without one).
    public var conditionMatches: [OutcomeMatch]
    /// What the user should know about how the outcome was matched (failure-looking events not
    /// counted), one sentence each.
    public var warnings: [String]

    public init(outcome: OutcomeSpec, eventTypes: [String], supportingExecutions: Int, notApplicable: Int,
                failed: [FailedExecution], classes: [ExecutionClass], matches: [OutcomeMatch] = [],
                conditionMatches: [OutcomeMatch] = [], warnings: [String] = []) {
        self.outcome = outcome
        self.eventTypes = eventTypes
        self.supportingExecutions = supportingExecutions
        self.notApplicable = notApplicable
        self.failed = failed
        self.classes = classes
        self.matches = matches
        self.conditionMatches = conditionMatches
        self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey {
        case outcome, eventTypes = "event_types", supportingExecutions = "supporting_executions"
        case notApplicable = "not_applicable", failed, classes, matches, conditionMatches = "condition_matches", warnings
    }
}

/// Executions that use the same role-level fault points in the same way (Netflix's request classes).
public struct ExecutionClass: Sendable, Equatable, Codable {
    /// `C1`, `C2`, ... per outcome, largest class first.
    public var id: String
    /// The distinct minimal supports, as sorted role-level fault point ids: the execution reaches the
    /// outcome while at least one support has no fault.
    public var supports: [[String]]
    /// The member executions (sorted by id) with how their roles map to concrete points.
    public var executions: ClassMembers
    /// Retries and fallbacks seen in the class.
    public var alternatives: [TimeAlternative]
    /// For each role-level point, records showing it in the causal past of the outcome (a few
    /// executions, a few lines each).
    public var evidence: [String: [Evidence]]

    public init(id: String, supports: [[String]], executions: ClassMembers, alternatives: [TimeAlternative],
                evidence: [String: [Evidence]]) {
        self.id = id
        self.supports = supports
        self.executions = executions
        self.alternatives = alternatives
        self.evidence = evidence
    }

    public init(id: String, supports: [[String]], executions: [ClassMember], alternatives: [TimeAlternative],
                evidence: [String: [Evidence]]) {
        self.init(id: id, supports: supports, executions: ClassMembers(executions), alternatives: alternatives, evidence: evidence)
    }
}

/// One execution of a class and the concrete fault point behind each of its role-level points
/// (points whose role id is already concrete, such as services, are left out).
public struct ClassMember: Sendable, Equatable, Codable {
    /// The execution id.
    public var execution: String
    /// Role-level point id → concrete point id.
    public var bindings: [String: String]

    public init(execution: String, bindings: [String: String]) {
        self.execution = execution
        self.bindings = bindings
    }

    /// The concrete id of a role-level point in this execution.
    public func concrete(_ roleID: String) -> String { bindings[roleID] ?? roleID }
}

/// A record that puts a fault point in an outcome's causal past.
public struct Evidence: Sendable, Equatable, Codable {
    /// The execution id.
    public var execution: String
    /// `file:line` of the record.
    public var source: String
    /// The record's event type.
    public var type: String

    public init(execution: String, source: String, type: String) {
        self.execution = execution
        self.source = source
        self.type = type
    }
}

/// An alternative in time: the same step done again on the same process (retry) or on another
/// one (fallback), with what triggered the switch.
public struct TimeAlternative: Sendable, Equatable, Codable {
    /// `retry` or `fallback`.
    public var kind: String
    /// The repeated event type.
    public var eventType: String
    /// The role that did the step first.
    public var primary: String
    /// The role that did it again.
    public var alternative: String
    /// How often each trigger was seen right before the switch (`timeout`, `refused`, `error`,
    /// `unknown` when nothing error-looking preceded a retry).
    public var triggers: [String: Int]
    /// Executions where it was used, sorted.
    public var executions: ExecutionIDList
    /// Records of the switch (a few).
    public var evidence: [Evidence]

    public init(kind: String, eventType: String, primary: String, alternative: String, triggers: [String: Int],
                executions: ExecutionIDList, evidence: [Evidence]) {
        self.kind = kind
        self.eventType = eventType
        self.primary = primary
        self.alternative = alternative
        self.triggers = triggers
        self.executions = executions
        self.evidence = evidence
    }

    enum CodingKeys: String, CodingKey {
        case kind, eventType = "event_type", primary, alternative, triggers, executions, evidence
    }
}

/// What made a process switch to an alternative.
public enum TriggerKind: String, Sendable, Hashable, Codable, CaseIterable {
    case timeout, refused, error, unknown
}

/// An execution that is reported but not used as a support.
public struct FailedExecution: Sendable, Equatable, Codable {
    /// The execution id.
    public var execution: String
    /// `missed outcome`, `outcome looked like a failure` (it matched only failure-looking events) or
    /// `ended in error` (its last event in time looks like an error, and is the outcome's host's or a
    /// host's calling it, when the call graph is known).
    public var reason: String
    /// `file:line` of its last record (for `ended in error`, the last in time).
    public var source: String

    public init(execution: String, reason: String, source: String) {
        self.execution = execution
        self.reason = reason
        self.source = source
    }
}
