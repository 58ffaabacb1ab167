/// What the logs say about clock skew, from host pairs whose events nest like a call and its return.
///
/// For each ordered host pair (a, b) where, in an execution, b's timed events span no longer than a's
/// and overlap them, the offsets (b's clock minus a's) that put b's events inside a's are intersected
/// over all such executions. Assuming every such nesting is a real call, a pair whose interval excludes 0
/// proves at least that much skew, and the interval's far end bounds it. Pairs whose intervals became
/// empty are not call/return pairs (or their clocks drift) and are ignored.
public struct SkewEstimate: Sendable, Equatable, CustomStringConvertible {
    /// Host pairs with a consistent offset interval.
    public var consistentPairs: Int
    /// Host pairs whose observations contradict each other.
    public var inconsistentPairs: Int
    /// The least skew (ns) that explains every consistent pair; nil when not estimable.
    public var lowerBound: Int64?
    /// The largest offset (ns) any consistent pair still allows; nil when not estimable.
    public var upperBound: Int64?

    public var description: String {
        guard let low = lowerBound, let high = upperBound else {
            return "not estimable (no host pair shows call/return nesting with timestamps)"
        }
        return "at least \(CausalModel.duration(low)), at most \(CausalModel.duration(high)) from \(consistentPairs) call/return host pairs (\(inconsistentPairs) inconsistent pairs ignored)"
    }
}

extension CausalModel {
    /// The clock skew the call/return host pairs allow.
    public var skewEstimate: SkewEstimate {
        let consistent = hostOffsets.filter { $0.low <= $0.high }
        var estimate = SkewEstimate(
            consistentPairs: consistent.count, inconsistentPairs: hostOffsets.count - consistent.count)
        guard !consistent.isEmpty else { return estimate }
        estimate.lowerBound = consistent.map { o in o.low > 0 ? o.low : (o.high < 0 ? -o.high : 0) }.max()
        estimate.upperBound = consistent.map { Swift.max(abs($0.low), abs($0.high)) }.max()
        return estimate
    }
}
