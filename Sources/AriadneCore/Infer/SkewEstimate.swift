/// What the logs say about clock skew, from host pairs whose events nest like a call and its return.
///
/// For each ordered host pair (a, b) where, in an execution, b's timed events span no longer than a's
/// and overlap them, the offsets (b's clock minus a's) that put b's events inside a's are intersected
/// over all such executions. Assuming every such nesting is a real call, a pair whose interval excludes 0
/// proves at least that much skew, and the interval's far end bounds it. Pairs whose intervals became
/// empty are not call/return pairs (or their clocks drift) and are ignored, and so are pairs seen nesting
/// in fewer than `minimumExecutions` executions. Overlap is not proof of a call (sibling calls and
/// unrelated work overlap too), so one misread pair must not decide the figure: the estimate is the
/// median over the remaining pairs, reported as typical, with the count of pairs behind it.
public struct SkewEstimate: Sendable, Equatable, CustomStringConvertible {
    /// Host pairs with a consistent offset interval.
    public var consistentPairs: Int
    /// Host pairs whose observations contradict each other.
    public var inconsistentPairs: Int
    /// The least skew (ns) that explains every consistent pair; nil when not estimable.
    public var lowerBound: Int64?
    /// The largest offset (ns) any consistent pair still allows; nil when not estimable.
    public var upperBound: Int64?

    /// Executions a host pair must be seen nesting in before it counts.
    public static let minimumExecutions = 3

    public var description: String {
        guard let low = lowerBound, let high = upperBound else {
            return "not estimable (no host pair nests like a call and its return in \(Self.minimumExecutions)+ executions)"
        }
        return "typically at least \(CausalModel.duration(low)), at most \(CausalModel.duration(high)) (medians over \(consistentPairs) host pairs that nest like call/return; \(inconsistentPairs) contradictory pairs ignored)"
    }
}

extension CausalModel {
    /// The clock skew the call/return host pairs allow.
    public var skewEstimate: SkewEstimate {
        let seen = hostOffsets.filter { $0.executions >= SkewEstimate.minimumExecutions }
        let consistent = seen.filter { $0.low <= $0.high }
        var estimate = SkewEstimate(consistentPairs: consistent.count, inconsistentPairs: seen.count - consistent.count)
        guard !consistent.isEmpty else { return estimate }
        estimate.lowerBound = Self.median(consistent.map { o in o.low > 0 ? o.low : (o.high < 0 ? o.high.saturatingNegation : 0) })
        estimate.upperBound = Self.median(consistent.map { Swift.max($0.low.saturatingMagnitude, $0.high.saturatingMagnitude) })
        return estimate
    }

    private static func median(_ values: [Int64]) -> Int64 {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}
