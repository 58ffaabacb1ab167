/// How long the work a record reports lasted, when a field of it says so: an access log's `duration`
/// (Caddy, in seconds), nginx's `request_time`, `elapsed_ms=30`, `took=12ms`, minio's
/// `timeToResponse: 91292592ns`. Such a record is written when that work ends, so its host was busy from
/// `duration` before its stamp: for the clocks, a host's only record in an execution stands for two
/// readings, its start and its end. A gateway that writes one access line per request then encloses its
/// backend's records like any caller, instead of being a point that fits anywhere
/// (`ClockConstraints.pointHosts`).
///
/// A field counts when it is nginx's documented `rt` or `urt`, or its name, lower-cased and without
/// `_`, `-` or its dotted prefix, is a duration word (`duration`, `elapsed`, `latency`, `took`, `requesttime`, `responsetime`, `timetaken`,
/// `elapsedtime`, `totaltime`, `processingtime`, `requestduration`, `timetoresponse`; AWS load balancers'
/// `target_processing_time` and `backend_processing_time`), optionally followed
/// by a unit (`ms`, `millis`, `us`, `micros`, `ns`, `nanos`, `s`, `sec`, `secs`, `seconds`). The value is
/// a number, with a unit of its own (`12ms`, `1.5s`, `250µs`, `91292592ns`) or the name's; without
/// either, a number with a decimal point is seconds (nginx, Caddy) and a whole number milliseconds.
/// Durations outside (0, 10 min] are ignored.
enum RecordDuration {
    /// The duration `event` reports, in nanoseconds, from its first field that names one.
    static func of(_ event: Event) -> Int64? {
        for field in event.fields {
            if let unit = unit(ofName: field.name), let duration = parse(field.value, nameUnit: unit) { return duration }
        }
        return nil
    }

    /// The longest duration believed: 10 minutes.
    static let maximum: Int64 = 600_000_000_000

    /// Words that name a duration, lower-cased without separators.
    private static let words: Set<String> = [
        "duration", "elapsed", "latency", "took", "requesttime", "responsetime", "timetaken", "elapsedtime", "totaltime",
        "processingtime", "requestduration", "timetoresponse", "targetprocessingtime", "backendprocessingtime",
    ]

    /// Names nginx's documentation gives its timing variables in its `log_format` example
    /// (`rt=$request_time … urt="$upstream_response_time"`), which many access logs copy.
    private static let abbreviations: Set<Substring> = ["rt", "urt"]

    /// The first three letters of `words`, lower-cased, as the bytes of one number.
    private static let prefixes: Set<UInt32> = Set(words.map { $0.utf8.prefix(3).reduce(0) { $0 << 8 | UInt32($1) } })

    /// Unit suffixes of names and values, longest first, with their nanoseconds.
    private static let units: [(suffix: String, ns: Int64)] = [
        ("milliseconds", 1_000_000), ("microseconds", 1_000), ("nanoseconds", 1), ("seconds", 1_000_000_000),
        ("millis", 1_000_000), ("micros", 1_000), ("nanos", 1), ("secs", 1_000_000_000), ("sec", 1_000_000_000),
        ("ms", 1_000_000), ("us", 1_000), ("µs", 1_000), ("ns", 1), ("s", 1_000_000_000),
    ]

    /// For a field name that names a duration: the unit it gives (nanoseconds), 0 when it gives none;
    /// nil for any other name. Cheap on other names: their first letter rules most out.
    static func unit(ofName name: String) -> Int64? {
        let leaf = name.utf8.lastIndex(of: UInt8(ascii: ".")).map { name[name.utf8.index(after: $0)...] } ?? Substring(name)
        if leaf.utf8.count <= 3, abbreviations.contains(leaf) { return 0 }
        // Most names are ruled out by their first three letters, before any string is built.
        var head: UInt32 = 0, letters = 0
        for b in leaf.utf8.prefix(3) {
            head = head << 8 | UInt32(b | 0x20)
            letters += 1
        }
        guard letters == 3, leaf.utf8.count <= 32, prefixes.contains(head) else { return nil }
        let normalized = String(leaf.lowercased().filter { $0 != "_" && $0 != "-" })
        if words.contains(normalized) { return 0 }
        for (suffix, ns) in units where normalized.hasSuffix(suffix) && words.contains(String(normalized.dropLast(suffix.count))) {
            return ns
        }
        return nil
    }

    /// The duration `value` gives, in nanoseconds; `nameUnit` the unit the field's name gave (0: none).
    static func parse(_ value: String, nameUnit: Int64) -> Int64? {
        let number = value.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard !number.isEmpty, number.first != ".", let amount = Double(number), amount > 0 else { return nil }
        let rest = value.dropFirst(number.count).lowercased()
        var unit: Int64
        if rest.isEmpty {
            unit = nameUnit != 0 ? nameUnit : (number.contains(".") ? 1_000_000_000 : 1_000_000)
        } else if let match = units.first(where: { $0.suffix == rest }) {
            unit = match.ns
        } else {
            return nil
        }
        let ns = amount * Double(unit)
        guard ns.isFinite, ns >= 1, ns <= Double(maximum) else { return nil }
        return Int64(ns)
    }

    /// `hosts` and `times` (one entry per event of `events`, `-1` and `.min` where none) followed, for
    /// each host with a single timed record in the execution that reports a duration, by an entry at
    /// its start, rounded down to its own stamp's resolution (a stamp truncated to r stands for a reading
    /// in [t, t + r), so the start lies in [t - d, t + r - d)). Events keep their indices; the extra
    /// entries come after them. Only single records: a host with several already has a span, which a
    /// server's first answer in a job (an object store's upload, seconds before its last download) would
    /// stretch back over its callers' own work.
    static func withStarts(hosts: [Int32], times: [Int64], events: [Event]) -> (hosts: [Int32], times: [Int64]) {
        var records: [Int32: Int] = [:]
        for (h, t) in zip(hosts, times) where h >= 0 && t != .min { records[h, default: 0] += 1 }
        guard records.values.contains(1) else { return (hosts, times) }
        var hosts = hosts, times = times
        for (i, event) in events.enumerated() where i < hosts.count && hosts[i] >= 0 && times[i] != .min
            && records[hosts[i]] == 1 && !event.fields.isEmpty {
            guard let duration = of(event) else { continue }
            let t = times[i], r = ExecutionOrder.resolution(of: [t])
            let start = t.saturatingSubtract(duration)
            let remainder = start % r
            hosts.append(hosts[i])
            times.append(start - (remainder < 0 ? remainder + r : remainder))
        }
        return (hosts, times)
    }
}
