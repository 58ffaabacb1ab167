/// Statistics of the id candidates on a sample of events, per kind: what `IDDiscovery` decides from.
struct IDStatistics {
    /// One value of a kind.
    struct ValueStats {
        var records = 0
        var firstTime: Int64?
        var lastTime: Int64?
        var timedRecords = 0
        var place: String?
        var places = 0
        /// Per input file, the first and last position (index among that file's sampled events).
        var positions: [String: ClosedRange<Int>] = [:]
    }

    /// One kind of candidate.
    struct KindStats {
        var source: IDCandidate.Source
        /// Every source its candidates came from (`source` is the first of them in `Source` order).
        var sources = Set<IDCandidate.Source>()
        /// Records carrying a value of the kind (host names excluded).
        var records = 0
        /// Occurrences whose value is a host or service name.
        var hostHits = 0
        var occurrences = 0
        var timeLike = 0
        var numeric = 0
        /// Occurrences that are numbers with a fractional part (`123.47`).
        var fractional = 0
        /// Occurrences that are quantities with a unit (`63ms`, `1.5s`, `12KB`, `1m30s`: `isQuantity`).
        var quantities = 0
        var rises = 0
        var falls = 0
        var lastNumber: [String: Double] = [:]
        var places = Set<String>()
        var values: [String: ValueStats] = [:]
    }

    private(set) var events = 0
    private(set) var minTime: Int64?
    private(set) var maxTime: Int64?
    /// Every timed event's time, in the order added (`robustTimeRange`).
    private var times: [Int64] = []
    private(set) var fileEvents: [String: Int] = [:]
    private(set) var kinds: [String: KindStats] = [:]
    /// Host and service names of the sample: values equal to one are not ids.
    let hostNames: Set<String>

    /// Empty statistics; `hostNames` are the sample's hosts and services.
    init(hostNames: Set<String>) {
        self.hostNames = hostNames
    }

    /// The hosts and services named by `events`.
    static func hostNames(of events: [Event]) -> Set<String> {
        var names = Set<String>()
        for event in events {
            if let host = event.host, !host.isEmpty { names.insert(host) }
            if let service = event.service, !service.isEmpty { names.insert(service) }
        }
        return names
    }

    /// Adds one event with its candidates.
    mutating func add(_ event: Event, candidates: [IDCandidate]) {
        events += 1
        if let t = event.time {
            minTime = min(minTime ?? t, t)
            maxTime = max(maxTime ?? t, t)
            times.append(t)
        }
        let file = event.source.file
        let position = fileEvents[file, default: 0]
        fileEvents[file] = position + 1
        let place = event.host ?? event.service
        var counted = Set<String>()
        for candidate in candidates {
            if kinds[candidate.kind] == nil { kinds[candidate.kind] = KindStats(source: candidate.source) }
            // Mutated in place: a copy of a kind's statistics would copy its dictionary of values.
            Self.add(candidate, to: &kinds[candidate.kind]!, counted: &counted, file: file, position: position,
                     place: place, time: event.time, isHost: hostNames.contains(candidate.value))
        }
    }

    private static func add(_ candidate: IDCandidate, to stats: inout KindStats, counted: inout Set<String>, file: String,
                            position: Int, place: String?, time: Int64?, isHost: Bool) {
        stats.source = min(stats.source, candidate.source)
        stats.sources.insert(candidate.source)
        stats.occurrences += 1
        if isHost {
            stats.hostHits += 1
            return
        }
        if counted.insert(candidate.kind).inserted { stats.records += 1 }
        if isTimeLike(candidate.value) { stats.timeLike += 1 }
        if let number = number(candidate.value) {
            stats.numeric += 1
            if candidate.value.utf8.contains(UInt8(ascii: ".")) { stats.fractional += 1 }
            if let last = stats.lastNumber[file] {
                if number > last { stats.rises += 1 } else if number < last { stats.falls += 1 }
            }
            stats.lastNumber[file] = number
        } else if isQuantity(candidate.value) {
            stats.quantities += 1
        }
        if let place { stats.places.insert(place) }
        update(&stats.values[candidate.value, default: ValueStats()], file: file, position: position, place: place, time: time)
    }

    private static func update(_ value: inout ValueStats, file: String, position: Int, place: String?, time: Int64?) {
        value.records += 1
        if let t = time {
            value.firstTime = min(value.firstTime ?? t, t)
            value.lastTime = max(value.lastTime ?? t, t)
            value.timedRecords += 1
        }
        if let place, value.place != place {
            if value.place == nil {
                value.place = place
                value.places = 1
            } else {
                value.places = 2
            }
        }
        if let range = value.positions[file] {
            value.positions[file] = min(range.lowerBound, position)...max(range.upperBound, position)
        } else {
            value.positions[file] = position...position
        }
    }

    /// Per kind of `kinds`, each timed value's first and last record's time.
    func valueTimes(of kinds: Set<String>) -> [String: [String: ClosedRange<Int64>]] {
        var result: [String: [String: ClosedRange<Int64>]] = [:]
        for kind in kinds {
            guard let stats = self.kinds[kind] else { continue }
            result[kind] = stats.values.compactMapValues { v in
                guard let first = v.firstTime, let last = v.lastTime, first <= last else { return nil }
                return first...last
            }
        }
        return result
    }

    /// The span of `value` relative to the sample: by time when it has two timed records and the sample
    /// has a time span, else by position within each input file (the largest).
    func span(of value: ValueStats) -> Double {
        if value.timedRecords >= 2, let first = value.firstTime, let last = value.lastTime,
           let lo = minTime, let hi = maxTime, hi > lo {
            return Double(last.saturatingSubtract(first)) / Double(hi.saturatingSubtract(lo))
        }
        var widest = 0.0
        for (file, range) in value.positions {
            let count = fileEvents[file, default: 1]
            guard count > 1 else { continue }
            widest = max(widest, Double(range.upperBound - range.lowerBound) / Double(count - 1))
        }
        return widest
    }

    /// The times from the 1st to the 99th percentile of the sample's: a few records far off the others
    /// (a startup banner written in another zone, a line from the day before) do not widen it. Nil
    /// without two distinct times.
    func robustTimeRange() -> ClosedRange<Int64>? {
        guard times.count >= 2 else { return nil }
        let sorted = times.sorted()
        let lo = sorted[(sorted.count - 1) / 100], hi = sorted[sorted.count - 1 - (sorted.count - 1) / 100]
        return hi > lo ? lo...hi : nil
    }

    /// A date (`2026-03-14`, `2026/03/14`) or a time of day (`09:26`) in the value.
    static func isTimeLike(_ value: String) -> Bool {
        let b = Array(value.utf8)
        func digit(_ i: Int) -> Bool { i >= 0 && i < b.count && b[i] >= 0x30 && b[i] <= 0x39 }
        for i in 0..<b.count {
            if b[i] == UInt8(ascii: ":"), digit(i - 1), digit(i + 1), digit(i + 2) { return true }
            if b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "/"), i >= 4, digit(i - 1), digit(i - 2), digit(i - 3),
               digit(i - 4), digit(i + 1), digit(i + 2), !digit(i - 5) { return true }
        }
        return false
    }

    /// Units of time, size, rate and share a measured quantity is written with (compared lowercased).
    static let units: Set<String> = ["ns", "us", "µs", "μs", "ms", "s", "sec", "secs", "m", "min", "mins", "h", "hr", "hrs",
                                     "d", "b", "kb", "kib", "mb", "mib", "gb", "gib", "tb", "tib", "%", "/s", "rps", "qps"]

    /// Whether the value is a quantity with a unit: one or more numbers (digits, a decimal point), each
    /// followed by a unit of `units` (`63ms`, `1.5s`, `12KB`, `45%`, Go's `1m30.5s`). A latency or a size
    /// two requests happen to share is no id.
    static func isQuantity(_ value: String) -> Bool {
        var rest = Substring(value)
        guard !rest.isEmpty else { return false }
        while !rest.isEmpty {
            let digits = rest.prefix { $0 == "." || ($0.isASCII && $0.isNumber) }
            guard digits.contains(where: { $0 != "." }) else { return false }
            rest = rest.dropFirst(digits.count)
            let unit = rest.prefix { !($0.isASCII && $0.isNumber) }
            guard units.contains(unit.lowercased()) else { return false }
            rest = rest.dropFirst(unit.count)
        }
        return true
    }

    /// The value as a number when it is one (digits, an optional sign and decimal point).
    static func number(_ value: String) -> Double? {
        guard let first = value.utf8.first, first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39),
              value.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") })
        else { return nil }
        return Double(value)
    }
}
