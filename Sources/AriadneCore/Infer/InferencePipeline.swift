/// Runs the stages after parsing on a stream of events, in this order: execution-id discovery (when
/// `discovery` is given, see `IDDiscoveryStage`), because grouping needs the ids; grouping into
/// executions; clock calibration, because ordering needs the clocks (`ClockCalibration`: closed
/// executions are held back until `ClockCalibration.executions` have closed, the input ends or the
/// stream pauses, and the offsets their nestings imply order every execution, while the addresses they
/// show to stand for hosts, `HostAliases`, name those hosts in every execution's calls; skipped when
/// `inference.skew` is set); then, on that order, the causal model and the call graph. Executions are
/// kept in memory only when a later stage (the redundancy model) needs them.
public final class InferencePipeline {
    public let grouping: GroupingOptions
    public let inference: InferenceOptions
    private let grouper: ExecutionGrouper
    private let discoveryStage: IDDiscoveryStage?
    private let builder: ModelBuilder
    private let keepExecutions: Bool
    /// The closed executions, when kept: packed (`ExecutionStore`), in the order they closed.
    public private(set) var executions = ExecutionStore()
    /// Called with each execution as it closes (streams close executions after the idle timeout).
    public var onExecution: ((Execution) -> Void)?
    /// Called after each share of executions closed together has entered the model (at the end of the
    /// input the grouper closes every open execution: this is the progress of that work).
    public var onProgress: (() -> Void)?
    /// Only group: closed executions are kept (when `keepExecutions`) and handed to `onExecution`, with no
    /// clocks, calls or causal model made of them; the snapshot's model is empty but for the templates.
    /// The loop reads its runs after the first this way: it orders and relates every run as the first
    /// run's pipeline does. Set before the first event.
    public var groupsOnly = false
    private var groupedOnly = 0
    private var templates: [String: String] = [:]
    private var resolution: Int64 = 1_000_000_000
    /// Executions closed while the input is read, not yet through the model: their calls are found on
    /// all cores a batch at a time (`pendingBatch`), in the order they closed; flushed before anything
    /// reads the model, at a stream's pause (`closeIdle`) and at the end.
    private var pending: [Execution] = []
    /// Closed executions held back until clocks are estimated (nil once they are).
    private var calibrating: [Execution]? = []
    private let calibrationExecutions: Int
    /// The clock offsets estimated (nil until calibrated, or when none could be estimated); they order
    /// cross-host events when `ClockCalibration.isCoherent`.
    public private(set) var clocks: ClockOffsets?
    private var orderingClocks: HostClocks?
    private let callBuilder = CallGraphBuilder()
    /// The calls of the held-back executions, read on the estimated clocks alone: the graph every
    /// execution's records are then read with where the clocks cannot order them (nil when no clock was
    /// estimated: ordered by a skew bound alone, models merge exactly).
    private var readingCalls: CallPartners?
    /// The addresses the held-back executions show to stand for hosts (`HostAliases`), learned with the
    /// clocks: records name hosts by them in every execution's calls (empty with an explicit skew).
    private var aliases = HostAliases()

    /// Creates a pipeline; `wallClock` (monotonic nanoseconds) drives `GroupingOptions.idleWallClock`.
    /// With `discovery`, events whose pattern named no execution ids get discovered ones (or the
    /// `groupBy` kinds found in their fields and messages); without it, events are grouped as they come.
    public init(grouping: GroupingOptions, inference: InferenceOptions, keepExecutions: Bool,
                discovery: IDDiscoveryOptions? = nil, calibrationExecutions: Int = ClockCalibration.executions,
                wallClock: @escaping () -> Int64 = ExecutionGrouper.monotonicNanoseconds) {
        self.grouping = grouping
        self.inference = inference
        grouper = ExecutionGrouper(options: grouping, wallClock: wallClock)
        discoveryStage = discovery.map { IDDiscoveryStage(options: $0, groupBy: grouping.groupBy, aliases: grouping.aliases, wallClock: wallClock) }
        builder = ModelBuilder(options: inference)
        self.keepExecutions = keepExecutions
        self.calibrationExecutions = max(1, calibrationExecutions)
        if inference.skew != nil { calibrating = nil }
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
                templates[event.type] = TemplateMiner.moreGeneral(known, shown)
            } else {
                templates[event.type] = shown
            }
        }
        if let time = event.time, resolution > 1, time % resolution != 0 {
            // The pending executions are read on the order they closed under.
            flushPending()
            resolution = ExecutionOrder.resolution(of: [time, resolution])
        }
        for execution in grouper.add(event) { close(execution) }
    }

    /// Closes every open execution and returns the model of all executions seen.
    public func finish() -> CausalModel {
        for ready in discoveryStage?.finish() ?? [] { group(ready) }
        flushPending()
        grouper.finish(batchSize: Self.batchSize) { close(batch: $0) }
        calibrate()
        return snapshot()
    }

    /// The model of the executions closed so far (open ones are not in it yet).
    public func snapshot() -> CausalModel {
        flushPending()
        var model = builder.model()
        let seen = Set(model.types.map(\.name))
        let shown = groupsOnly ? templates : templates.filter { seen.contains($0.key) }
        model.templates = shown.isEmpty ? nil : shown
        let report = grouper.report
        if report.closedByWallClock > 0 || report.closedByOpenCap > 0 {
            model.streamClosings = .init(wallClockIdle: report.closedByWallClock, openCap: report.closedByOpenCap)
        }
        model.idDiscovery = discoveryReport
        model.clocks = calibrationReport
        model.calls = callBuilder.graph()
        return model
    }

    /// Closes the executions the stream limits close now (wall-clock idleness while no events arrive).
    public func closeIdle() {
        for ready in discoveryStage?.closeIdle() ?? [] { group(ready) }
        let idle = grouper.closeIdle()
        flushPending()
        close(batch: idle)
        // A pause in the stream: estimate clocks from what has closed rather than hold executions back.
        if !idle.isEmpty { calibrate() }
    }

    /// What the grouper linked and refused.
    public var linkReport: LinkReport { grouper.report }

    /// Number of executions closed so far (held back for calibration or in the model).
    public var executionCount: Int { builder.executions + (calibrating?.count ?? 0) + groupedOnly + pending.count }

    /// Number of executions open in the grouper (formed, not closed yet).
    public var openExecutionCount: Int { grouper.openExecutions }

    /// The happens-before order for executions of this input: estimated clocks where known (after
    /// calibration), else the skew bound plus the timestamps' resolution.
    public var order: ExecutionOrder {
        ExecutionOrder(bound: inference.bound(resolution: resolution), clocks: orderingClocks, resolution: resolution,
                       hostResolutions: hostResolutions)
    }

    /// Each host's own timestamp resolution in the executions calibration saw (empty before, or with
    /// an explicit skew): a host stamping coarser than the others is ordered against them by its own.
    private var hostResolutions: [String: Int64] = [:]

    /// The host pairs the call graph of the executions closed so far says call each other.
    public var callPartners: CallPartners { CallPartners(callBuilder.graph()) }

    /// The causal order of `execution` (`CausalOrder`): its hosts' own order and the messages of the
    /// calls `calls` (default: `callPartners`), on this pipeline's `order`.
    public func causalOrder(of execution: Execution, calls: CallPartners? = nil) -> CausalOrder {
        CausalOrder(execution, order: order, calls: calls ?? callPartners)
    }

    private var calibratedFrom = 0
    private var calibrationReport: ClockReport? {
        clocks.map { ClockReport($0, executions: calibratedFrom) }
    }

    private func close(_ execution: Execution) {
        if groupsOnly { return keep(execution) }
        if calibrating != nil {
            calibrating!.append(execution)
            if calibrating!.count >= calibrationExecutions { calibrate() }
            return
        }
        pending.append(execution)
        if pending.count >= Self.pendingBatch { flushPending() }
    }

    /// Executions closed one by one while reading that are taken through the model together.
    static let pendingBatch = 256

    /// Takes the pending executions through the model, in the order they closed.
    private func flushPending() {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending = []
        close(batch: batch)
    }

    /// Executions closed together (at the end of the input, or after calibration) whose calls are
    /// found on all cores, in shares of this many; they enter the model in their order.
    static let batchSize = 4096

    /// Closes `batch` in order, as `close(_:)` one by one would.
    private func close(batch: [Execution]) {
        if groupsOnly { return batch.forEach(keep) }
        var start = 0
        while start < batch.count {
            if calibrating != nil {
                close(batch[start])
                start += 1
                continue
            }
            let end = min(batch.count, start + Self.batchSize)
            let share = batch[start..<end]
            let (order, reading, aliases) = (self.order, readingCalls, aliases)
            let calls = Parallel.map(share) { ExecutionCalls($0, order: order, calls: reading, aliases: aliases) }
            for (execution, found) in zip(share, calls) { admit(execution, calls: found) }
            start = end
            onProgress?()
        }
    }

    private func admit(_ execution: Execution, calls: ExecutionCalls) {
        builder.add(execution, namings: calls.namings)
        callBuilder.add(calls, of: execution)
        handOn(execution)
    }

    /// An execution closed in `groupsOnly` mode.
    private func keep(_ execution: Execution) {
        groupedOnly += 1
        handOn(execution)
    }

    /// Keeps a closed execution (when `keepExecutions`) and hands it to `onExecution`.
    private func handOn(_ execution: Execution) {
        if keepExecutions { executions.append(execution) }
        onExecution?(execution)
    }

    /// Solves the clocks from the executions held back, then lets them through.
    private func calibrate() {
        guard !groupsOnly, let held = calibrating else { return }
        calibrating = nil
        aliases = HostAliases.learn(held)
        callBuilder.aliases = aliases
        let constraints = ClockCalibration.constraints(held, aliases: aliases)
        hostResolutions = constraints.resolutions
        builder.hostResolutions = hostResolutions
        let solved = ClockCalibration.solution(constraints)
        clocks = solved.offsets.isEmpty ? nil : solved
        callBuilder.unnested = Set(solved.unnestedPairs)
        calibratedFrom = held.count
        orderingClocks = clocks.flatMap { ClockCalibration.isCoherent($0) ? HostClocks($0) : nil }
        builder.clocks = orderingClocks
        if orderingClocks != nil {
            readingCalls = CallGraphBuilder.readingCalls(held, order: order, thresholds: callBuilder.thresholds, aliases: aliases)
        }
        close(batch: held)
    }
}
