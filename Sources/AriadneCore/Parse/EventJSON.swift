import Foundation

/// The JSON Lines form of events (README "Event schema"): one object per line, keys in a fixed order,
/// absent values omitted, so the same events always give the same bytes.
public enum EventJSON {
    /// Appends `event` as one JSON line (with its `\n`) to `out`.
    public static func append(_ event: Event, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"source":"#.utf8)
        string(event.source.file + ":" + String(event.source.line), to: &out)
        if let time = event.time {
            out.append(contentsOf: #","time":""#.utf8)
            out.append(contentsOf: formatTime(time).utf8)
            out.append(34)
        }
        optional("time_text", event.timeText, to: &out)
        optional("host", event.host, to: &out)
        optional("service", event.service, to: &out)
        optional("level", event.level, to: &out)
        if !event.executionIDs.isEmpty {
            out.append(contentsOf: #","ids":{"#.utf8)
            var kinds: [String] = []
            for id in event.executionIDs where !kinds.contains(id.kind) { kinds.append(id.kind) }
            for (index, kind) in kinds.enumerated() {
                if index > 0 { out.append(44) }
                string(kind, to: &out)
                out.append(contentsOf: ":[".utf8)
                var first = true
                for id in event.executionIDs where id.kind == kind {
                    if !first { out.append(44) }
                    first = false
                    string(id.value, to: &out)
                }
                out.append(93)
            }
            out.append(125)
        }
        out.append(contentsOf: #","type":"#.utf8)
        string(event.type, to: &out)
        out.append(contentsOf: #","template":"#.utf8)
        string(event.template, to: &out)
        if !event.fields.isEmpty {
            out.append(contentsOf: #","fields":{"#.utf8)
            var seen = Set<String>()
            var first = true
            for field in event.fields where seen.insert(field.name).inserted {
                if !first { out.append(44) }
                first = false
                string(field.name, to: &out)
                out.append(58)
                string(field.value, to: &out)
            }
            out.append(125)
        }
        out.append(contentsOf: #","message":"#.utf8)
        string(event.message, to: &out)
        out.append(contentsOf: "}\n".utf8)
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

    /// Whether a line looks like an event written by `ariadne parse` (used to recognise such input).
    public static func looksLikeEvent(_ line: Substring) -> Bool {
        line.hasPrefix(#"{"source":""#)
    }

    /// RFC 3339 in UTC with as many fraction digits as needed.
    public static func formatTime(_ nanoseconds: Int64) -> String {
        var seconds = nanoseconds / 1_000_000_000
        var nanos = nanoseconds % 1_000_000_000
        if nanos < 0 {
            nanos += 1_000_000_000
            seconds -= 1
        }
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        let (year, month, day) = civil(fromDays: Int(days))
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(Int(rest / 3600), 2) + ":"
            + pad(Int(rest / 60 % 60), 2) + ":" + pad(Int(rest % 60), 2)
        if nanos > 0 {
            var digits = pad(Int(nanos), 9)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text + "Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
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

    private static func optional(_ key: String, _ value: String?, to out: inout [UInt8]) {
        guard let value else { return }
        out.append(44)
        out.append(34)
        out.append(contentsOf: key.utf8)
        out.append(contentsOf: #"":"#.utf8)
        string(value, to: &out)
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `value` as a JSON string, escaping quotes, backslashes and control characters.
    static func string(_ value: String, to out: inout [UInt8]) {
        out.append(34)
        var copy = value
        copy.withUTF8 { bytes in
            var runStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 32 || byte == 34 || byte == 92 else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                switch byte {
                case 34: out.append(contentsOf: [92, 34])
                case 92: out.append(contentsOf: [92, 92])
                case 10: out.append(contentsOf: [92, 110])
                case 13: out.append(contentsOf: [92, 114])
                case 9: out.append(contentsOf: [92, 116])
                default: out.append(contentsOf: [92, 117, 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
                }
                runStart = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        out.append(34)
    }
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
