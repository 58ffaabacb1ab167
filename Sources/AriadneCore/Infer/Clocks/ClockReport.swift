/// How a model ordered events of different hosts (JSON `clocks`): the offsets solved from the
/// nestings of its first `calibration_executions` executions, which every execution was then ordered
/// with (`ExecutionOrder`). Absent when `--skew` was given (an explicit skew wins) or when no pair of
/// hosts nested often enough to estimate anything; then the skew bound orders every cross-host pair.
public struct ClockReport: Codable, Sendable, Equatable {
    /// Executions whose nestings the offsets were solved from.
    public var calibrationExecutions: Int
    /// Per host, its offset from its group's anchor and the uncertainty, sorted by host.
    public var offsets: [ClockOffsets.Offset]
    /// Observations dropped because they disagreed with their pair's majority.
    public var outlierObservations: Int
    /// Host pairs dropped because they closed a contradictory cycle.
    public var droppedPairs: Int
    /// Observations behind the kept bounds.
    public var usedObservations: Int
    /// Host pairs left out because they agreed only on an offset beyond `ClockCalibration.maximumOffset`
    /// (absent when none).
    public var farPairs: Int?
    /// Host pairs left out as siblings: both named callees of a third host, neither naming the other
    /// (`ClockOffsets.siblingPairs`; absent when none).
    public var siblingPairs: Int?
    /// Whether the offsets ordered events (`ClockCalibration.isCoherent`); when false, the skew bound did.
    public var ordered: Bool

    /// The report of `solved`, from `executions` executions.
    public init(_ solved: ClockOffsets, executions: Int) {
        calibrationExecutions = executions
        offsets = solved.offsets
        outlierObservations = solved.outlierObservations
        droppedPairs = solved.droppedPairs
        usedObservations = solved.usedObservations
        farPairs = solved.farPairs > 0 ? solved.farPairs : nil
        siblingPairs = solved.siblingPairs > 0 ? solved.siblingPairs : nil
        ordered = ClockCalibration.isCoherent(solved)
    }

    /// Lines for people: one per host with its offset and uncertainty, at most `limit` hosts.
    public func lines(limit: Int = 12) -> [String] {
        var out = ["clock offsets (from \(calibrationExecutions) executions, \(usedObservations) nestings; "
                   + "\(outlierObservations) outliers, \(droppedPairs) contradictory host pairs dropped"
                   + (farPairs.map { ", \($0) needing an offset over \(CausalModel.duration(ClockCalibration.maximumOffset)) left out" }
                      ?? "")
                   + (siblingPairs.map { ", \($0) between callees of one caller left out" } ?? "") + ")"
                   + (ordered ? ":" : "; NOT used to order events: too many nestings disagreed or contradicted each other, so the skew bound orders them (or give --skew):")]
        for o in offsets.prefix(limit) {
            let sign = o.offset >= 0 ? "+" : "-"
            let anchor = o.host == o.anchor ? "anchor" : "vs \(o.anchor)"
            out.append("  \(o.host): \(sign)\(CausalModel.duration(o.offset.saturatingMagnitude)) ±\(CausalModel.duration(o.uncertainty)) (\(anchor))")
        }
        if offsets.count > limit { out.append("  ... \(offsets.count - limit) more hosts (all in the model JSON, `clocks`)") }
        return out
    }
}
