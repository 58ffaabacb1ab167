/// The happens-before order the logs can support inside one execution.
///
/// Two events on the same host are ordered by that host's clock, ties broken by log order (a host's
/// own log is in its own order). Events on different hosts, or whose host is unknown, are ordered only
/// when their timestamps differ by more than the skew bound; closer than that they are concurrent.
public struct ExecutionOrder: Sendable {
    /// Clock-skew bound in nanoseconds, already raised to at least the timestamps' resolution.
    public let bound: Int64

    public init(bound: Int64) {
        self.bound = bound
    }

    /// Whether `a` (at input position `i`) happens before `b` (at input position `j`).
    public func precedes(_ a: Event, at i: Int, _ b: Event, at j: Int) -> Bool {
        if let ha = a.host, let hb = b.host, ha == hb {
            if let ta = a.time, let tb = b.time, ta != tb { return ta < tb }
            return i < j
        }
        guard let ta = a.time, let tb = b.time else { return false }
        return tb.exceeds(ta, by: bound)
    }

    /// The coarsest power of ten (in nanoseconds, at most one second) that divides every timestamp:
    /// the resolution the logs were written with.
    public static func resolution<S: Sequence>(of times: S) -> Int64 where S.Element == Int64 {
        var resolution: Int64 = 1_000_000_000
        for t in times {
            while resolution > 1 && t % resolution != 0 { resolution /= 10 }
            if resolution == 1 { break }
        }
        return resolution
    }
}
