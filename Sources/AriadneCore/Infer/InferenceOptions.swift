/// Settings that change what an inferred model says; models merge only when these agree.
///
/// Ordering inside an execution uses `ExecutionOrder` with, per execution,
/// `bound = skew + resolution`, where `resolution` is `ExecutionOrder.resolution(of:)` of that execution's
/// timestamps and `skew` is `skew` if set, else `max(1 ms, resolution)`. Two events on different (or unknown)
/// hosts are ordered only when their timestamps differ by more than the bound: a timestamp of resolution
/// `r` places the event anywhere in a window of width `r`, and clocks may disagree by `skew`, so a smaller
/// difference can hide either order. The default skew assumes clocks kept within a millisecond (NTP on a
/// LAN) or within the precision they log with, whichever is coarser; for HDFS's one-second timestamps
/// that means events on different hosts must be more than 2 s apart to be ordered.
public struct InferenceOptions: Codable, Sendable, Equatable {
    /// Clock-skew bound in nanoseconds (`--skew`); `nil` uses the default described above.
    public var skew: Int64?
    /// Fraction of the executions having both types that may contradict a relation before it is
    /// rejected in the tolerant model (`--tolerance`). The strict model always uses 0.
    public var tolerance: Double

    /// Creates options; see each property.
    public init(skew: Int64? = nil, tolerance: Double = 0.01) {
        self.skew = skew
        self.tolerance = tolerance
    }

    /// The skew assumed when none is given and none could be estimated: 1 ms (NTP on a LAN).
    public static let defaultSkew: Int64 = 1_000_000

    /// The ordering bound used for an execution whose timestamps have `resolution`.
    public func bound(resolution: Int64) -> Int64 {
        (skew ?? max(Self.defaultSkew, resolution)).saturatingAdd(resolution)
    }
}
