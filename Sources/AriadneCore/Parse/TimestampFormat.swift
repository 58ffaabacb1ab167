/// A timestamp layout from a pattern file (`yyyy-MM-dd HH:mm:ss,SSS`, `iso8601`, `epoch_ms`, ...),
/// compiled once into tokens and applied to the bytes of a `timestamp` capture.
///
/// Tokens: `yyyy`, `yy` (2000+), `MM`, `M`, `MMM` (month name), `dd`, `d` (leading space allowed),
/// `HH`, `H` (1–2 digits), `hh`/`h` (12-hour clock, with `a`: `AM`/`PM`), `mm`, `ss`, a run of `S` (a
/// fraction of any length), `EEE` (weekday name, ignored), `Z` (`Z`, `+0800`, `+08:00`). A space matches
/// one or more spaces; `T` and any non-letter is literal.
struct TimestampFormat: Sendable, Equatable {
    enum Token: Sendable, Equatable {
        case year4, year2, month2, month, monthName, day2, day, hour, hourFlexible, hour12, hour12Flexible, ampm
        case minute, second, fraction, weekday, zone
        case space
        case literal(UInt8)
    }

    enum Kind: Sendable, Equatable {
        case tokens([Token])
        case iso8601
        case epoch(scale: Int64)
    }

    let text: String
    let kind: Kind

    /// Whether a time in this format says its year (ISO 8601 and epoch times do; `MMM dd HH:mm:ss` does
    /// not, and takes a year from elsewhere).
    var hasYear: Bool {
        guard case .tokens(let tokens) = kind else { return true }
        return tokens.contains(.year4) || tokens.contains(.year2)
    }

    /// Compiles `text`; throws a message naming the unknown token.
    init(_ text: String) throws {
        self.text = text
        switch text {
        case "iso8601": kind = .iso8601; return
        case "epoch": kind = .epoch(scale: 1_000_000_000); return
        case "epoch_ms": kind = .epoch(scale: 1_000_000); return
        case "epoch_us": kind = .epoch(scale: 1_000); return
        case "epoch_ns": kind = .epoch(scale: 1); return
        default: break
        }
        var tokens: [Token] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            var run = 1
            while index + run < bytes.count && bytes[index + run] == byte { run += 1 }
            switch (byte, run) {
            case (UInt8(ascii: "y"), 4): tokens.append(.year4)
            case (UInt8(ascii: "y"), 2): tokens.append(.year2)
            case (UInt8(ascii: "M"), 1): tokens.append(.month)
            case (UInt8(ascii: "M"), 2): tokens.append(.month2)
            case (UInt8(ascii: "M"), 3): tokens.append(.monthName)
            case (UInt8(ascii: "d"), 1): tokens.append(.day)
            case (UInt8(ascii: "d"), 2): tokens.append(.day2)
            case (UInt8(ascii: "H"), 2): tokens.append(.hour)
            case (UInt8(ascii: "H"), 1): tokens.append(.hourFlexible)
            case (UInt8(ascii: "h"), 2): tokens.append(.hour12)
            case (UInt8(ascii: "h"), 1): tokens.append(.hour12Flexible)
            case (UInt8(ascii: "a"), 1): tokens.append(.ampm)
            case (UInt8(ascii: "m"), 2): tokens.append(.minute)
            case (UInt8(ascii: "s"), 2): tokens.append(.second)
            case (UInt8(ascii: "S"), _): tokens.append(.fraction)
            case (UInt8(ascii: "E"), 3): tokens.append(.weekday)
            case (UInt8(ascii: "Z"), 1), (UInt8(ascii: "X"), _): tokens.append(.zone)
            case (UInt8(ascii: " "), _): tokens.append(.space)
            case (UInt8(ascii: "T"), 1): tokens.append(.literal(byte))
            case (let b, _) where Self.isLetter(b):
                throw PatternError.Reason.badTimestampFormat(text, token: String(repeating: Character(Unicode.Scalar(b)), count: run))
            default:
                for _ in 0..<run { tokens.append(.literal(byte)) }
            }
            index += run
        }
        kind = .tokens(tokens)
    }

    /// Nanoseconds since the epoch, or nil if `bytes` does not fit the format.
    /// `offset` is the zone (seconds east of UTC) for times that carry none; `year` for formats without one.
    func parse(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int64, year defaultYear: Int) -> Int64? {
        var written: Int64?
        return parse(bytes, offset: offset, year: defaultYear, zone: &written)
    }

    /// Whether its times are absolute (epoch), so no zone applies to them.
    var isAbsolute: Bool {
        if case .epoch = kind { return true }
        return false
    }

    /// `parse(_:offset:year:)`, setting `written` to the zone the text wrote (seconds east of UTC), nil
    /// when it wrote none (and for epoch times).
    func parse(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int64, year defaultYear: Int, zone written: inout Int64?) -> Int64? {
        var scanner = Scanner(bytes: bytes)
        switch kind {
        case .epoch(let scale):
            return scanner.epoch(scale: scale)
        case .iso8601:
            return scanner.iso8601(defaultOffset: offset, written: &written)
        case .tokens(let tokens):
            var fields = Fields(year: defaultYear)
            var zone: Int64?
            var afternoon: Bool?
            for token in tokens {
                switch token {
                case .year4: guard let v = scanner.digits(exactly: 4) else { return nil }; fields.year = v
                case .year2: guard let v = scanner.digits(exactly: 2) else { return nil }; fields.year = 2000 + v
                case .month2: guard let v = scanner.digits(exactly: 2) else { return nil }; fields.month = v
                case .month: guard let v = scanner.digits(min: 1, max: 2) else { return nil }; fields.month = v
                case .monthName: guard let v = scanner.monthName() else { return nil }; fields.month = v
                case .day2: guard let v = scanner.digits(exactly: 2) else { return nil }; fields.day = v
                case .day:
                    scanner.skipSpaces()
                    guard let v = scanner.digits(min: 1, max: 2) else { return nil }
                    fields.day = v
                case .hour: guard let v = scanner.digits(exactly: 2) else { return nil }; fields.hour = v
                case .hourFlexible: guard let v = scanner.digits(min: 1, max: 2) else { return nil }; fields.hour = v
                case .hour12:
                    guard let v = scanner.digits(exactly: 2), (1...12).contains(v) else { return nil }
                    fields.hour = v
                case .hour12Flexible:
                    guard let v = scanner.digits(min: 1, max: 2), (1...12).contains(v) else { return nil }
                    fields.hour = v
                case .ampm: guard let pm = scanner.meridiem() else { return nil }; afternoon = pm
                case .minute: guard let v = scanner.digits(exactly: 2) else { return nil }; fields.minute = v
                case .second: guard let v = scanner.digits(exactly: 2) else { return nil }; fields.second = v
                case .fraction: guard let v = scanner.fraction() else { return nil }; fields.nanos = v
                case .weekday: guard scanner.letters() >= 3 else { return nil }
                case .zone: guard let z = scanner.zone() else { return nil }; zone = z
                case .space: guard scanner.spaces() > 0 else { return nil }
                case .literal(let b): guard scanner.take(b) else { return nil }
                }
            }
            guard scanner.atEnd else { return nil }
            if let afternoon { fields.hour = fields.hour % 12 + (afternoon ? 12 : 0) }
            written = zone
            return fields.nanoseconds(offset: zone ?? offset)
        }
    }

    private static func isLetter(_ b: UInt8) -> Bool {
        (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
    }

    /// A zone (seconds east of UTC) as `±HH:MM`.
    static func zoneText(_ offset: Int64) -> String {
        let minutes = abs(offset) / 60
        return (offset < 0 ? "-" : "+") + String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    /// Parses a `timezone:` value: `UTC`, `Z`, `+08:00`, `-0700`. Returns seconds east of UTC.
    static func zoneOffset(_ text: String) -> Int64? {
        if text == "UTC" || text == "Z" || text == "GMT" { return 0 }
        var copy = text
        return copy.withUTF8 { bytes -> Int64? in
            var scanner = Scanner(bytes: bytes)
            guard let zone = scanner.zone(), scanner.atEnd else { return nil }
            return zone
        }
    }
}

private struct Fields {
    var year: Int
    var month = 1, day = 1, hour = 0, minute = 0, second = 0
    var nanos: Int64 = 0

    /// Nil when the fields are out of range or the time does not fit Int64 nanoseconds (before
    /// 1677-09-21 or after 2262-04-11).
    func nanoseconds(offset: Int64) -> Int64? {
        guard (1...12).contains(month), (1...31).contains(day), hour < 25, minute < 60, second < 61,
              (-1_000_000...1_000_000).contains(year) else { return nil }
        let days = Int64(daysFromCivil(year: year, month: month, day: day))
        var seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - offset
        var nanos = nanos
        if seconds < 0 && nanos > 0 {
            // Borrow a second so both parts are negative and Int64.min itself is reachable.
            seconds += 1
            nanos -= 1_000_000_000
        }
        let scaled = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let sum = scaled.partialValue.addingReportingOverflow(nanos)
        guard !scaled.overflow, !sum.overflow else { return nil }
        return sum.partialValue
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}

private struct Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var atEnd: Bool { index == bytes.count }

    mutating func take(_ b: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == b else { return false }
        index += 1
        return true
    }

    mutating func spaces() -> Int {
        let start = index
        while index < bytes.count, bytes[index] == 32 { index += 1 }
        return index - start
    }

    mutating func skipSpaces() { _ = spaces() }

    mutating func digits(exactly count: Int) -> Int? { digits(min: count, max: count) }

    mutating func digits(min: Int, max: Int) -> Int? {
        var value = 0
        var taken = 0
        while taken < max, index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
            value = value * 10 + Int(bytes[index] - 48)
            index += 1
            taken += 1
        }
        return taken >= min ? value : nil
    }

    mutating func fraction() -> Int64? {
        var value: Int64 = 0
        var taken = 0
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
            if taken < 9 { value = value * 10 + Int64(bytes[index] - 48) }
            index += 1
            taken += 1
        }
        guard taken > 0 else { return nil }
        for _ in taken..<max(taken, 9) { value *= 10 }
        return value
    }

    mutating func letters() -> Int {
        let start = index
        while index < bytes.count, (bytes[index] | 0x20) >= 97, (bytes[index] | 0x20) <= 122 { index += 1 }
        return index - start
    }

    /// `AM` or `PM` (any case): true for `PM`.
    mutating func meridiem() -> Bool? {
        guard index + 2 <= bytes.count, bytes[index + 1] | 0x20 == UInt8(ascii: "m") else { return nil }
        switch bytes[index] | 0x20 {
        case UInt8(ascii: "a"): index += 2; return false
        case UInt8(ascii: "p"): index += 2; return true
        default: return nil
        }
    }

    mutating func monthName() -> Int? {
        guard index + 3 <= bytes.count else { return nil }
        let a = bytes[index] | 0x20, b = bytes[index + 1] | 0x20, c = bytes[index + 2] | 0x20
        let names: [(UInt8, UInt8, UInt8)] = [
            (106, 97, 110), (102, 101, 98), (109, 97, 114), (97, 112, 114), (109, 97, 121), (106, 117, 110),
            (106, 117, 108), (97, 117, 103), (115, 101, 112), (111, 99, 116), (110, 111, 118), (100, 101, 99),
        ]
        for (number, name) in names.enumerated() where name == (a, b, c) {
            index += 3
            return number + 1
        }
        return nil
    }

    /// `Z`, `+08`, `+0800`, `+08:00`, `-0700`; seconds east of UTC.
    mutating func zone() -> Int64? {
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "Z") { index += 1; return 0 }
        // `UTC` and `GMT` spelled out (PostgreSQL's default `%m`, Java's `zzz` in UTC).
        if index + 3 <= bytes.count, bytes[index] == UInt8(ascii: "U") || bytes[index] == UInt8(ascii: "G") {
            let name = (bytes[index], bytes[index + 1], bytes[index + 2])
            guard name == (85, 84, 67) || name == (71, 77, 84) else { return nil }
            index += 3
            return 0
        }
        let sign: Int64
        switch bytes[index] {
        case UInt8(ascii: "+"): sign = 1
        case UInt8(ascii: "-"): sign = -1
        default: return nil
        }
        index += 1
        guard let hours = digits(exactly: 2) else { return nil }
        _ = take(UInt8(ascii: ":"))
        let minutes = digits(exactly: 2) ?? 0
        return sign * Int64(hours * 3600 + minutes * 60)
    }

    mutating func epoch(scale: Int64) -> Int64? {
        let negative = take(UInt8(ascii: "-"))
        var whole: Int64 = 0
        var taken = 0
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57, taken < 19 {
            let shifted = whole.multipliedReportingOverflow(by: 10)
            let next = shifted.partialValue.addingReportingOverflow(Int64(bytes[index] - 48))
            guard !shifted.overflow, !next.overflow else { return nil }
            whole = next.partialValue
            index += 1
            taken += 1
        }
        guard taken > 0 else { return nil }
        var nanos = whole.multipliedReportingOverflow(by: scale)
        guard !nanos.overflow else { return nil }
        if take(UInt8(ascii: ".")) {
            guard let fraction = fraction() else { return nil }
            nanos = nanos.partialValue.addingReportingOverflow(fraction / (1_000_000_000 / scale))
            guard !nanos.overflow else { return nil }
        }
        guard atEnd else { return nil }
        return negative ? -nanos.partialValue : nanos.partialValue
    }

    mutating func iso8601(defaultOffset: Int64, written: inout Int64?) -> Int64? {
        guard let year = digits(exactly: 4), take(45), let month = digits(exactly: 2), take(45),
              let day = digits(exactly: 2) else { return nil }
        guard take(UInt8(ascii: "T")) || take(32) else { return nil }
        guard let hour = digits(exactly: 2), take(58), let minute = digits(exactly: 2), take(58),
              let second = digits(exactly: 2) else { return nil }
        var fields = Fields(year: year)
        (fields.month, fields.day, fields.hour, fields.minute, fields.second) = (month, day, hour, minute, second)
        if take(UInt8(ascii: ".")) || take(UInt8(ascii: ",")) {
            guard let fraction = fraction() else { return nil }
            fields.nanos = fraction
        }
        var offset = defaultOffset
        if !atEnd {
            guard let zone = zone() else { return nil }
            offset = zone
            written = zone
        }
        guard atEnd else { return nil }
        return fields.nanoseconds(offset: offset)
    }
}
