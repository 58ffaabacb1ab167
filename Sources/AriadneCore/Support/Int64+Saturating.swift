/// Arithmetic on times and durations that come from logs: any Int64 can be a timestamp (1677..2262 in
/// nanoseconds), so differences and sums clamp at the ends of Int64 instead of trapping.
extension Int64 {
    /// `self + other`, clamped to `Int64.min...Int64.max`.
    func saturatingAdd(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }

    /// `self - other`, clamped to `Int64.min...Int64.max`.
    func saturatingSubtract(_ other: Int64) -> Int64 {
        let (difference, overflow) = subtractingReportingOverflow(other)
        guard overflow else { return difference }
        return other < 0 ? .max : .min
    }

    /// `|self|`, with `|Int64.min|` clamped to `Int64.max`.
    var saturatingMagnitude: Int64 {
        self == .min ? .max : Swift.abs(self)
    }

    /// `-self`, with `-Int64.min` clamped to `Int64.max`.
    var saturatingNegation: Int64 {
        self == .min ? .max : -self
    }

    /// Whether `self - earlier > bound`, exactly, even where the difference does not fit Int64.
    func exceeds(_ earlier: Int64, by bound: Int64) -> Bool {
        let (difference, overflow) = subtractingReportingOverflow(earlier)
        // On overflow the true difference is beyond Int64 in the direction of the operands' order.
        return overflow ? self > earlier : difference > bound
    }
}
