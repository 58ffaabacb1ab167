import Foundation

/// The JSON Lines form of events (README "Event schema"): one object per line, keys in a fixed order,
/// absent values omitted, so the same events always give the same bytes.
public enum EventJSON {
    static let keySource = Array(#"{"source":"#.utf8)
    static let keyTime = Array(#","time":""#.utf8)
    static let keyIDs = Array(#","ids":{"#.utf8)
    static let keyType = Array(#","type":"#.utf8)
    static let keyTemplate = Array(#","template":"#.utf8)
    static let keyFields = Array(#","fields":{"#.utf8)
    static let keyMessage = Array(#","message":"#.utf8)
    static let keyTimeText = Array(#","time_text":"#.utf8)
    static let keyHost = Array(#","host":"#.utf8)
    static let keyService = Array(#","service":"#.utf8)
    static let keyLevel = Array(#","level":"#.utf8)

    /// Appends `event` as one JSON line (with its `\n`) to `out`.
    public static func append(_ event: Event, to out: inout [UInt8]) {
        let buffer = ByteBuffer()
        append(event, to: buffer)
        out.append(contentsOf: buffer.bytes)
    }

    /// Appends `event` as one JSON line (with its `\n`) to `out`.
    static func append(_ event: Event, to out: ByteBuffer) {
        out.append(keySource)
        out.append(34)
        escape(event.source.file, to: out)
        out.append(58)
        decimal(event.source.line, to: out)
        out.append(34)
        if let time = event.time {
            out.append(keyTime)
            appendTime(time, to: out)
            out.append(34)
        }
        if let value = event.timeText { out.append(keyTimeText); string(value, to: out) }
        if let value = event.host { out.append(keyHost); string(value, to: out) }
        if let value = event.service { out.append(keyService); string(value, to: out) }
        if let value = event.level { out.append(keyLevel); string(value, to: out) }
        let ids = event.executionIDs
        if !ids.isEmpty {
            out.append(keyIDs)
            var firstKind = true
            for (index, id) in ids.enumerated() where !ids[..<index].contains(where: { $0.kind == id.kind }) {
                if !firstKind { out.append(44) }
                firstKind = false
                string(id.kind, to: out)
                out.append(58)
                out.append(91)
                var first = true
                for other in ids[index...] where other.kind == id.kind {
                    if !first { out.append(44) }
                    first = false
                    string(other.value, to: out)
                }
                out.append(93)
            }
            out.append(125)
        }
        out.append(keyType)
        string(event.type, to: out)
        out.append(keyTemplate)
        string(event.template, to: out)
        let fields = event.fields
        if !fields.isEmpty {
            out.append(keyFields)
            var first = true
            for (index, field) in fields.enumerated() where !fields[..<index].contains(where: { $0.name == field.name }) {
                if !first { out.append(44) }
                first = false
                string(field.name, to: out)
                out.append(58)
                string(field.value, to: out)
            }
            out.append(125)
        }
        out.append(keyMessage)
        string(event.message, to: out)
        out.append(125)
        out.append(10)
    }

    static func decimal(_ value: Int, to out: ByteBuffer) {
        if value < 0 {
            out.append(45)
            decimal(-value, to: out)
            return
        }
        if value >= 10 { decimal(value / 10, to: out) }
        out.append(UInt8(48 + value % 10))
    }

    private static func digits(_ value: Int, _ width: Int, to out: ByteBuffer) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(48 + (rest / divisor) % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    /// Appends RFC 3339 UTC text of `nanoseconds` (see `formatTime`).
    static func appendTime(_ nanoseconds: Int64, to out: ByteBuffer, cache: TimeCache? = nil) {
        var seconds = nanoseconds / 1_000_000_000
        var nanos = nanoseconds % 1_000_000_000
        if nanos < 0 {
            nanos += 1_000_000_000
            seconds -= 1
        }
        if let cache {
            if cache.second != seconds {
                let prefix = ByteBuffer(capacity: 32)
                appendSeconds(seconds, to: prefix)
                cache.second = seconds
                cache.prefix = Array(prefix.bytes)
            }
            out.append(cache.prefix)
        } else {
            appendSeconds(seconds, to: out)
        }
        if nanos > 0 {
            var width = 9
            var fraction = Int(nanos)
            while fraction % 10 == 0 {
                fraction /= 10
                width -= 1
            }
            out.append(46)
            digits(fraction, width, to: out)
        }
        out.append(90)
    }

    /// `yyyy-MM-ddTHH:mm:ss` of whole seconds since the epoch.
    private static func appendSeconds(_ seconds: Int64, to out: ByteBuffer) {
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        let (year, month, day) = civil(fromDays: Int(days))
        if year < 0 || year > 9999 {
            decimal(year, to: out)
        } else {
            digits(year, 4, to: out)
        }
        out.append(45)
        digits(month, 2, to: out)
        out.append(45)
        digits(day, 2, to: out)
        out.append(84)
        digits(Int(rest / 3600), 2, to: out)
        out.append(58)
        digits(Int(rest / 60 % 60), 2, to: out)
        out.append(58)
        digits(Int(rest % 60), 2, to: out)
    }

    /// Reads one JSON line written by `append` back into an event.
    public static func decode(_ line: String, location: SourceLocation) throws -> Event {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw EventJSONError.notJSON(location)
        }
        guard let type = object["type"] as? String, let message = object["message"] as? String else {
            throw EventJSONError.missing(location, key: object["type"] == nil ? "type" : "message")
        }
        var source = location
        if let text = object["source"] as? String, let colon = text.lastIndex(of: ":"),
           let number = Int(text[text.index(after: colon)...]) {
            source = SourceLocation(file: String(text[..<colon]), line: number)
        }
        var event = Event(source: source, type: type, template: object["template"] as? String ?? "", message: message)
        if let text = object["time"] as? String {
            guard let time = try? TimestampFormat("iso8601").parseString(text) else {
                throw EventJSONError.badTime(location, text)
            }
            event.time = time
        }
        event.timeText = object["time_text"] as? String
        event.host = object["host"] as? String
        event.service = object["service"] as? String
        event.level = object["level"] as? String
        if let ids = object["ids"] as? [String: Any] {
            for kind in ids.keys.sorted() {
                for value in ids[kind] as? [String] ?? [] { event.executionIDs.append(ExecutionID(kind: kind, value: value)) }
            }
        }
        if let fields = object["fields"] as? [String: Any] {
            for name in fields.keys.sorted() {
                if let value = fields[name] as? String { event.fields.append(Field(name: name, value: value)) }
            }
        }
        return event
    }

    /// RFC 3339 in UTC with as many fraction digits as needed.
    public static func formatTime(_ nanoseconds: Int64) -> String {
        let out = ByteBuffer(capacity: 40)
        appendTime(nanoseconds, to: out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// The UTC year of `nanoseconds` since the epoch.
    static func year(ofNanoseconds nanoseconds: Int64) -> Int {
        let seconds = nanoseconds / 1_000_000_000 - (nanoseconds % 1_000_000_000 < 0 ? 1 : 0)
        let days = seconds / 86_400 - (seconds % 86_400 < 0 ? 1 : 0)
        return civil(fromDays: Int(days)).0
    }

    private static func civil(fromDays z: Int) -> (Int, Int, Int) {
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `value` as a JSON string, escaping quotes, backslashes and control characters.
    static func string(_ value: String, to out: ByteBuffer) {
        out.append(34)
        escape(value, to: out)
        out.append(34)
    }

    /// Appends the JSON-escaped bytes of `value`, without quotes.
    static func escape(_ value: String, to out: ByteBuffer) {
        var copy = value
        copy.withUTF8 { escape($0, to: out) }
    }

    /// Appends `bytes` (valid UTF-8) as a JSON string.
    static func quoted(_ bytes: UnsafeBufferPointer<UInt8>, to out: ByteBuffer) {
        out.append(34)
        escape(bytes, to: out)
        out.append(34)
    }

    /// Appends the JSON-escaped `bytes` (valid UTF-8), without quotes.
    static func escape(_ bytes: UnsafeBufferPointer<UInt8>, to out: ByteBuffer) {
        do {
            guard let source = bytes.baseAddress else { return }
            let count = bytes.count
            let table = escapeTable
            out.write(maxBytes: count * 6) { destination in
                var written = 0
                var index = 0
                // Eight bytes at a time while none of them needs escaping (SWAR tests for a byte
                // below 0x20, equal to '"' or equal to '\\'); the rest byte by byte.
                while index + 8 <= count {
                    let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
                    guard !Self.needsEscape(word) else { break }
                    UnsafeMutableRawPointer(destination + written).storeBytes(of: word, as: UInt64.self)
                    index += 8
                    written += 8
                }
                while index < count {
                    let byte = source[index]
                    index += 1
                    if table[Int(byte)] == 0 {
                        destination[written] = byte
                        written += 1
                        if index & 7 == 0 {
                            while index + 8 <= count {
                                let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
                                guard !Self.needsEscape(word) else { break }
                                UnsafeMutableRawPointer(destination + written).storeBytes(of: word, as: UInt64.self)
                                index += 8
                                written += 8
                            }
                        }
                        continue
                    }
                    destination[written] = 92
                    switch byte {
                    case 34: destination[written + 1] = 34; written += 2
                    case 92: destination[written + 1] = 92; written += 2
                    case 10: destination[written + 1] = 110; written += 2
                    case 13: destination[written + 1] = 114; written += 2
                    case 9: destination[written + 1] = 116; written += 2
                    default:
                        destination[written + 1] = 117
                        destination[written + 2] = 48
                        destination[written + 3] = 48
                        destination[written + 4] = hex[Int(byte >> 4)]
                        destination[written + 5] = hex[Int(byte & 15)]
                        written += 6
                    }
                }
                return written
            }
        }
    }

    /// Whether any of the eight bytes of `word` is a control character, `"` or `\\` (SWAR: a byte is
    /// below n when `(x - n) & ~x & 0x80` is set; a byte equals c when `x ^ c` has a zero byte).
    @inline(__always)
    static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let control = (word &- ones &* 0x20) & ~word & highs
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let hasQuote = (quote &- ones) & ~quote & highs
        let hasBackslash = (backslash &- ones) & ~backslash & highs
        return (control | hasQuote | hasBackslash) != 0
    }

    /// 1 for the bytes JSON strings must escape: control characters, `"` and `\\`.
    private static let escapeTable: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for byte in 0..<256 { table[byte] = byte < 32 || byte == 34 || byte == 92 ? 1 : 0 }
        return UnsafePointer(table)
    }()
}

/// A line of events JSON that cannot be read back.
public enum EventJSONError: Error, Equatable, CustomStringConvertible {
    case notJSON(SourceLocation)
    case missing(SourceLocation, key: String)
    case badTime(SourceLocation, String)

    public var description: String {
        switch self {
        case let .notJSON(location): return "\(location): not a JSON object; expected the output of `ariadne parse`"
        case let .missing(location, key): return "\(location): event has no '\(key)'; expected the output of `ariadne parse`"
        case let .badTime(location, text): return "\(location): 'time' is '\(text)', expected RFC 3339 UTC"
        }
    }
}

extension TimestampFormat {
    /// Parses a Swift string with this format (UTC for times without a zone).
    func parseString(_ text: String) throws -> Int64 {
        var copy = text
        guard let time = copy.withUTF8({ parse($0, offset: 0, year: 1970) }) else {
            throw PatternError.Reason.badValue(key: "time", value: text, expected: self.text)
        }
        return time
    }
}

/// The text of the last whole second written, reused while consecutive events share it.
final class TimeCache {
    var second = Int64.min
    var prefix: [UInt8] = []
}
