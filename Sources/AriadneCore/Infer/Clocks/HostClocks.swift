/// Estimated clocks as the ordering uses them: for every ordered pair of connected hosts (a, b), the
/// largest value `clock(b) - clock(a)` can take under the solved constraints. An event of b at `tb`
/// follows an event of a at `ta` for certain when `tb - ta` exceeds that bound plus a's timestamps'
/// resolution (a's reading may be that much later than stamped): whatever the offset within its bounds,
/// b's event is later in true time.
public struct HostClocks: Sendable, Equatable {
    private let index: [String: Int]
    private let offsets: [Int64?]
    private let upper: [Int64]
    private let count: Int
    private let resolutions: [Int64?]
    /// The farthest apart the bounds put two estimated clocks for certain (the least difference their
    /// bounds allow, over every connected pair): how far this system's clocks are seen to differ. A host
    /// whose clock was not estimated may be as far from another's (`ExecutionOrder.crossHostBound`).
    public let spread: Int64

    /// The bounds of `offsets` (every pair of hosts in one connected group), tightened by the default
    /// assumption that two clocks differ by at most `prior` (`InferenceOptions.defaultSkew`, or the
    /// coarser of the two hosts' resolutions) wherever the evidence allows that: estimated bounds come from
    /// calls, so a slow call leaves them wide, and an offset the evidence cannot tell from one within the
    /// usual skew is taken to be within it. Where the evidence excludes every offset within the prior, the
    /// evidence alone decides.
    public init(_ offsets: ClockOffsets, prior: Int64 = InferenceOptions.defaultSkew) {
        let hosts = offsets.offsets.map(\.host)
        index = Dictionary(uniqueKeysWithValues: hosts.enumerated().map { ($1, $0) })
        count = hosts.count
        resolutions = hosts.map { offsets.resolutions[$0] }
        self.offsets = zip(offsets.offsets, resolutions).map { o, r in
            let usual = Swift.max(prior, r ?? 0)
            let excludesAgreement = o.offset.saturatingSubtract(o.uncertainty) > 0 || o.offset.saturatingAdd(o.uncertainty) < 0
            return o.uncertainty <= usual || excludesAgreement ? o.offset : nil
        }
        var upper = [Int64](repeating: .max, count: hosts.count * hosts.count)
        var spread: Int64 = 0
        for (i, a) in hosts.enumerated() {
            for (j, b) in hosts.enumerated() {
                guard let range = offsets.bounds(from: a, to: b) else { continue }
                spread = Swift.max(spread, range.lowerBound, range.upperBound.saturatingNegation)
                let usual = Swift.max(prior, resolutions[i] ?? 0, resolutions[j] ?? 0)
                let fits = Swift.max(range.lowerBound, usual.saturatingNegation) <= Swift.min(range.upperBound, usual)
                upper[i * hosts.count + j] = fits ? Swift.min(range.upperBound, usual) : range.upperBound
            }
        }
        self.upper = upper
        self.spread = spread
    }

    /// The timestamps' resolution of the host at a table index, nil when unknown.
    func resolution(_ host: Int) -> Int64? { resolutions[host] }

    /// How much later than an event of `a` an event of `b` must be stamped to follow it: the largest
    /// `clock(b) - clock(a)` plus a's resolution (nil when not connected; `fallbackResolution` when
    /// a's resolution is unknown).
    public func bound(from a: String, to b: String, fallbackResolution: Int64) -> Int64? {
        guard let i = index[a], let j = index[b], let u = upperBound(i, j) else { return nil }
        return u.saturatingAdd(resolutions[i] ?? fallbackResolution)
    }

    /// `host`'s estimated offset from its group's anchor (its clock minus the anchor's, the middle of
    /// what the bounds allow) when the bounds pin it within the usual skew (`prior`, or the host's
    /// resolution), or exclude the clocks agreeing (the stamps are surely off, however little: reading
    /// them as they are would contradict the evidence); nil when its clock was not estimated or the
    /// bounds are wide and allow the clocks to agree: the middle of such a range is no better a guess than
    /// the clocks agreeing, the default assumption.
    public func offset(of host: String) -> Int64? { index[host].flatMap { offsets[$0] } }

    /// The index of `host` in the table, nil when its clock was not estimated.
    func index(of host: String) -> Int? { index[host] }

    /// The largest `clock(b) - clock(a)` for table indices, nil when a and b are not connected.
    func upperBound(_ a: Int, _ b: Int) -> Int64? {
        let u = upper[a * count + b]
        return u == .max ? nil : u
    }

    /// The largest `clock(b) - clock(a)`, nil when either clock was not estimated or they are not connected.
    public func upperBound(from a: String, to b: String) -> Int64? {
        guard let i = index[a], let j = index[b] else { return nil }
        return upperBound(i, j)
    }
}
