/// The happens-before order the logs can support inside one execution.
///
/// Two events on the same host are ordered by that host's clock, ties broken by log order (a host's
/// own log is in its own order). Events on two hosts whose clocks were estimated (`clocks`) are ordered
/// when the later timestamp exceeds the earlier by more than the largest offset the two clocks may have
/// plus the earlier host's timestamp resolution (`HostClocks.bound(from:to:fallbackResolution:)`). Other events on different hosts, or whose host is unknown, are
/// ordered only when their timestamps differ by more than the skew `bound`, raised by how much coarser
/// than `resolution` the earlier host's own timestamps are (`hostResolutions`: a host stamping whole
/// seconds beside hosts stamping microseconds logged its record somewhere in that second); closer than
/// that they are concurrent.
public struct ExecutionOrder: Sendable {
    /// Clock-skew bound in nanoseconds, already raised to at least the timestamps' resolution: used for
    /// hosts whose clocks were not estimated.
    public let bound: Int64
    /// Estimated clocks (nil: every cross-host pair uses `bound`).
    public let clocks: HostClocks?
    /// The timestamps' resolution in nanoseconds, added to the clocks' bounds.
    public let resolution: Int64
    /// Hosts' own timestamp resolutions (ns) where known; only those coarser than `resolution` matter.
    public let hostResolutions: [String: Int64]

    /// `event`'s time on its group's anchor clock: the middle of what its timestamp allows (a host
    /// stamping whole milliseconds read its clock somewhere in the millisecond after the stamp: half its
    /// resolution later) less its host's estimated offset (none where none was estimated). The best guess
    /// of real time, for ties `precedes` leaves: at the stamp itself, a coarse host's records read early
    /// (a leader's record before the producer's request it answers). Stamps coarser than the usual
    /// skew (`InferenceOptions.defaultSkew`: whole seconds) stay at the stamp: half a second says nothing
    /// of where in it the record fell among finer hosts' records (an access log written as the request
    /// ends), and moving it there would read it inside the work it logs. A coarse record reporting a
    /// response and how long the request took (`LogSignals.reportsResponse`, `RecordDuration`) was
    /// written as the request ended: it is read at the end of its stamp's interval, after the work.
    public func estimatedTime(of event: Event) -> Int64? {
        guard let time = event.time else { return nil }
        guard let host = event.host else { return time }
        let resolution = hostResolutions[host] ?? 0
        var middle = resolution <= InferenceOptions.defaultSkew ? time.saturatingAdd(resolution / 2) : time
        if resolution > InferenceOptions.defaultSkew, RecordDuration.of(event) != nil, LogSignals.reportsResponse(event) {
            // A response's record saying how long the request took was written as it ended, within its
            // stamp's interval: after the work it answers (nginx's whole-second `$time_local` with `rt=`).
            middle = time.saturatingAdd(resolution - 1)
        }
        guard let offset = clocks?.offset(of: host) else { return middle }
        return middle.saturatingSubtract(offset)
    }

    /// An order with one skew bound for every pair of hosts, or with estimated `clocks` where known.
    public init(bound: Int64, clocks: HostClocks? = nil, resolution: Int64 = 0, hostResolutions: [String: Int64] = [:]) {
        self.bound = bound
        self.clocks = clocks
        self.resolution = resolution
        self.hostResolutions = hostResolutions
    }

    /// Whether `host`'s clock is known to the order: estimated (its offset pinned, or surely far from
    /// the others', `HostClocks.offset(of:)`), or no clock estimated at all (the fixed bound holds for
    /// every host). False where other clocks were estimated and this one is only assumed to agree.
    public func isEstimated(_ host: String) -> Bool {
        guard let clocks else { return true }
        return clocks.offset(of: host) != nil
    }

    /// Whether `a` (at input position `i`) happens before `b` (at input position `j`).
    public func precedes(_ a: Event, at i: Int, _ b: Event, at j: Int) -> Bool {
        if let ha = a.host, let hb = b.host, ha == hb {
            if let ta = a.time, let tb = b.time, ta != tb { return ta < tb }
            return i < j
        }
        guard let ta = a.time, let tb = b.time else { return false }
        return tb.exceeds(ta, by: crossHostBound(from: a.host, to: b.host))
    }

    /// How much later than an event of `a` an event of `b` must be stamped to follow it. Where other
    /// clocks were estimated but not these two against each other, the skew bound is widened by how far
    /// apart the estimated clocks are (`HostClocks.spread`): an unestimated clock is no likelier to agree
    /// with a given host's than those clocks agree with each other (a gateway assumed within 1 ms of two
    /// services 7 ms apart had put the service called second before its caller's request).
    public func crossHostBound(from a: String?, to b: String?) -> Int64 {
        if let clocks, let a, let b {
            if let bound = clocks.bound(from: a, to: b, fallbackResolution: resolution) { return bound }
            return Self.coarsened(bound.saturatingAdd(clocks.spread), resolution: resolution, by: hostResolutions[a])
        }
        return Self.coarsened(bound, resolution: resolution, by: a.flatMap { hostResolutions[$0] })
    }

    /// `bound`, made for timestamps of `resolution`, for an earlier record stamped at `coarser`
    /// resolution: its true time is anywhere in `[t, t + coarser)`.
    static func coarsened(_ bound: Int64, resolution: Int64, by coarser: Int64?) -> Int64 {
        guard let coarser, coarser > resolution else { return bound }
        return bound.saturatingAdd(coarser - resolution)
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
