/// Runs the stages after parsing on a stream of events: execution-id discovery (when `discovery` is
/// given, see `IDDiscoveryStage`), grouping into executions, then the causal model. Executions are kept
/// in memory only when a later stage (the redundancy model) needs them.
public final class InferencePipeline {
    public let grouping: GroupingOptions
    public let inference: InferenceOptions
    private let grouper: ExecutionGrouper
    private let discoveryStage: IDDiscoveryStage?
    private let builder: ModelBuilder
    private let keepExecutions: Bool
    /// The closed executions, when kept.
    public private(set) var executions: [Execution] = []
    /// Called with each execution as it closes (streams close executions after the idle timeout).
    public var onExecution: ((Execution) -> Void)?
    private var templates: [String: String] = [:]
    private var resolution: Int64 = 1_000_000_000

    /// Creates a pipeline; `wallClock` (monotonic nanoseconds) drives `GroupingOptions.idleWallClock`.
    /// With `discovery`, events whose pattern named no execution ids get discovered ones (or the
    /// `groupBy` kinds found in their fields and messages); without it, events are grouped as they come.
    public init(grouping: GroupingOptions, inference: InferenceOptions, keepExecutions: Bool,
                discovery: IDDiscoveryOptions? = nil,
                wallClock: @escaping () -> Int64 = ExecutionGrouper.monotonicNanoseconds) {
        self.grouping = grouping
        self.inference = inference
        grouper = ExecutionGrouper(options: grouping, wallClock: wallClock)
        discoveryStage = discovery.map { IDDiscoveryStage(options: $0, groupBy: grouping.groupBy, wallClock: wallClock) }
        builder = ModelBuilder(options: inference)
        self.keepExecutions = keepExecutions
    }

    /// What execution-id discovery decided (nil when it did not run).
    public var discoveryReport: IDDiscoveryReport? { discoveryStage?.report }

    /// Why executions cannot be formed (no id found, unknown `groupBy` kind); nil while all is well.
    public var discoveryError: DiscoveryError? { discoveryStage?.error }

    /// Called once when discovery has decided.
    public var onDiscovery: ((IDDiscoveryReport) -> Void)? {
        get { discoveryStage?.onDecision }
        set { discoveryStage?.onDecision = newValue }
    }

    /// Adds one event.
    public func add(_ event: Event) {
        guard let discoveryStage else { return group(event) }
        for ready in discoveryStage.add(event) { group(ready) }
    }

    private func group(_ event: Event) {
        if event.type.hasPrefix("T"), !event.template.isEmpty {
            let shown = event.service.map { "\($0): \(event.template)" } ?? event.template
            if let known = templates[event.type] {
                if shown < known { templates[event.type] = shown }
            } else {
                templates[event.type] = shown
            }
        }
        if let time = event.time, resolution > 1, time % resolution != 0 {
            resolution = ExecutionOrder.resolution(of: [time, resolution])
        }
        for execution in grouper.add(event) { close(execution) }
    }

    /// Closes every open execution and returns the model of all executions seen.
    public func finish() -> CausalModel {
        for ready in discoveryStage?.finish() ?? [] { group(ready) }
        for execution in grouper.finish() { close(execution) }
        return snapshot()
    }

    /// The model of the executions closed so far (open ones are not in it yet).
    public func snapshot() -> CausalModel {
        var model = builder.model()
        let seen = Set(model.types.map(\.name))
        let shown = templates.filter { seen.contains($0.key) }
        model.templates = shown.isEmpty ? nil : shown
        let report = grouper.report
        if report.closedByWallClock > 0 || report.closedByOpenCap > 0 {
            model.streamClosings = .init(wallClockIdle: report.closedByWallClock, openCap: report.closedByOpenCap)
        }
        model.idDiscovery = discoveryReport
        return model
    }

    /// Closes the executions the stream limits close now (wall-clock idleness while no events arrive).
    public func closeIdle() {
        for ready in discoveryStage?.closeIdle() ?? [] { group(ready) }
        for execution in grouper.closeIdle() { close(execution) }
    }

    /// What the grouper linked and refused.
    public var linkReport: LinkReport { grouper.report }

    /// Number of executions closed so far.
    public var executionCount: Int { builder.executions }

    /// The happens-before order for executions of this input: the skew bound plus the timestamps' resolution.
    public var order: ExecutionOrder {
        ExecutionOrder(bound: inference.bound(resolution: resolution))
    }

    private func close(_ execution: Execution) {
        builder.add(execution)
        if keepExecutions { executions.append(execution) }
        onExecution?(execution)
    }
}
