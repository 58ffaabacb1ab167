import ArgumentParser

/// A duration on the command line: a number and a unit, `10ns`, `250us`, `500ms`, `1s`, `2m`, `1h`.
/// A bare number is refused (is `5` seconds or milliseconds?), and so is one too large for the
/// nanosecond clock (about 292 years).
struct DurationArgument: ExpressibleByArgument {
    let nanoseconds: Int64

    init?(argument: String) {
        guard let parsed = try? Self.parse(argument) else { return nil }
        self = parsed
    }

    private init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    /// Parses `text`, or throws a `ValidationError` that says what is wrong with it.
    /// Use as `@Option(transform: DurationArgument.parse)` to get that message.
    static func parse(_ text: String) throws -> DurationArgument {
        let units: [(String, Double)] = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9)]
        let example = "write a number and a unit (ns, us, ms, s, m or h), e.g. 500ms, 2s or 1m"
        // The longest matching suffix wins, so `5ms` is milliseconds and not `5m` + `s`.
        guard let (suffix, scale) = units.filter({ text.hasSuffix($0.0) }).max(by: { $0.0.count < $1.0.count }) else {
            if Double(text) != nil { throw ValidationError("no unit; \(example)") }
            throw ValidationError("not a duration; \(example)")
        }
        guard let value = Double(text.dropLast(suffix.count)), !value.isNaN else {
            throw ValidationError("not a duration; \(example)")
        }
        guard value >= 0 else { throw ValidationError("negative; a duration is 0 or more") }
        let nanoseconds = value * scale
        guard nanoseconds < 9.2e18 else { throw ValidationError("too large; at most 292 years (106751 days)") }
        return DurationArgument(nanoseconds: Int64(nanoseconds))
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
