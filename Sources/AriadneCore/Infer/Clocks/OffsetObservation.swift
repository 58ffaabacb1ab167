/// What one execution says about two hosts' clocks: host `b`'s work happened inside an interval of
/// host `a` (a call from `a` to `b` and its return), so `b`'s clock minus `a`'s clock lies in
/// `low...high` nanoseconds. `b`'s first and last events at `s` and `e`, between `a`'s events at `t1`
/// and `t2` (each on its own clock), give `e - t2 <= offset(b) - offset(a) <= s - t1`.
public struct OffsetObservation: Sendable, Hashable {
    /// The enclosing host.
    public var a: String
    /// The enclosed host.
    public var b: String
    /// Least value of `b`'s clock minus `a`'s, in nanoseconds.
    public var low: Int64
    /// Greatest value of `b`'s clock minus `a`'s, in nanoseconds.
    public var high: Int64

    /// An observation; `low > high` is an observation that contradicts itself (dropped as an outlier).
    public init(a: String, b: String, low: Int64, high: Int64) {
        self.a = a
        self.b = b
        self.low = low
        self.high = high
    }

    /// The observations of one execution: for every ordered pair of hosts (a, b) whose timed events b's
    /// could lie between a's first and last, the offsets that put them there (events in any order). Not every
    /// such pair is a call: the solver drops the observations that contradict the majority.
    public static func nestings(in events: [Event]) -> [OffsetObservation] {
        var span: [String: (first: Int64, last: Int64)] = [:]
        var times: [String: [Int64]] = [:]
        for event in events {
            guard let host = event.host, let time = event.time else { continue }
            let current = span[host]
            span[host] = (Swift.min(current?.first ?? time, time), Swift.max(current?.last ?? time, time))
            times[host, default: []].append(time)
        }
        var result: [OffsetObservation] = []
        for a in span.keys.sorted() {
            let sortedA = times[a]!.sorted()
            guard sortedA.count >= 2 else { continue }
            for b in span.keys.sorted() where b != a {
                let (s, e) = span[b]!
                let width = e.saturatingSubtract(s)
                // Which of a's events enclose b's work depends on the offset being estimated, so a's
                // first and last events are the enclosing pair; b must be shorter than a to fit inside.
                let t1 = sortedA.first!, t2 = sortedA.last!
                guard width < t2.saturatingSubtract(t1) else { continue }
                result.append(OffsetObservation(a: a, b: b, low: e.saturatingSubtract(t2), high: s.saturatingSubtract(t1)))
            }
        }
        return result
    }
}
