import Foundation

/// Records that carry their own structure: JSON objects and logfmt `key=value` lines.
enum StructuredRecord {
    /// Reads a JSON object line; the pattern's `keys` say which keys hold the reserved values, every
    /// other key becomes a field. Nested objects are flattened into dotted paths (Elastic Common Schema's
    /// `{"host": {"name": "orders-1"}}` is `host.name`, OpenTelemetry's `attributes` map gives
    /// `attributes.order.id`), so a reserved key names a scalar, never an object, and every nested value
    /// is a field of its own (`--group-by attributes.order.id`); a list of one scalar is that scalar (an
    /// HTTP header's values), longer lists stay compact JSON. Fields come in sorted key order, depth first.
    /// When no key of a reserved value's list is present, a host is taken from a dotted key whose last part
    /// is an undotted key of the list other than `host` (`pod` in `k8s.pod`).
    static func json(_ line: String, keys: [String: [String]]) -> RecordHead {
        guard let (values, nested) = jsonValues(line) else {
            var head = RecordHead()
            head.message = line
            head.unmatched = true
            return head
        }
        return head(from: values, keys: keys, line: line, nested: nested)
    }

    /// A JSON object line's values under their dotted paths (`flatten`) and the paths nested in an
    /// object; nil when the line is no JSON object.
    private static func jsonValues(_ line: String) -> (values: [(String, String)], nested: Set<String>)? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
        var values: [(String, String)] = []
        var nested = Set<String>()
        flatten(object, prefix: "", into: &values, nested: &nested)
        return (values, nested)
    }

    /// The values of `object` under their dotted paths, in sorted key order, depth first; an empty
    /// object stays `{}`. `nested` gets the paths inside an object (not a top-level key spelled with dots).
    private static func flatten(_ object: [String: Any], prefix: String, into result: inout [(String, String)],
                                nested: inout Set<String>) {
        for key in object.keys.sorted() {
            let path = prefix.isEmpty ? key : prefix + "." + key
            var value = object[key]!
            if let inner = value as? [String: Any], !inner.isEmpty {
                flatten(inner, prefix: path, into: &result, nested: &nested)
                continue
            }
            // A list of one value is that value: Caddy's and Go's headers (`"X-Request-Id": ["a1"]`).
            if let list = value as? [Any], list.count == 1, !(list[0] is [Any]), !(list[0] is [String: Any]) { value = list[0] }
            result.append((path, render(value)))
            if !prefix.isEmpty { nested.insert(path) }
        }
    }

    /// Reads a logfmt line: `key=value`, `key="quoted value"`, bare `key` (true).
    static func logfmt(_ line: String, keys: [String: [String]]) -> RecordHead {
        head(from: logfmtValues(line), keys: keys, line: line)
    }

    /// A record's message that is itself a structured record, read as one with the default keys
    /// (`LogPattern.defaultKeys`): a JSON object, or a logfmt line (`RecordParser.looksLikeLogfmt`), that
    /// holds a message under one of the message keys (`msg`, `message`, …). What a prefix written before
    /// it carries is the record's (`kubectl logs --timestamps`, Docker's `-t`, a syslog header before a Go
    /// service's `level=info msg="order placed" order=o-1`); the body's message is the record's message,
    /// its level, host and service fill what the prefix left out, its other keys are fields. Nil for
    /// any other message: a body naming no message (`status=200 bytes=512`) is the message itself.
    static func body(of message: String) -> RecordHead? {
        let values: [(String, String)]
        var nested = Set<String>()
        if message.hasPrefix("{"), message.hasSuffix("}") {
            guard let read = jsonValues(message) else { return nil }
            (values, nested) = read
        } else {
            var copy = message
            guard copy.withUTF8({ RecordParser.looksLikeLogfmt($0) }) else { return nil }
            values = logfmtValues(message)
        }
        let keys = LogPattern.defaultKeys
        let messageKeys = Set((keys["message"] ?? []).map { normalized($0) })
        guard values.contains(where: { messageKeys.contains(normalized($0.0)) && !$0.1.isEmpty && $0.1 != "null" }) else { return nil }
        return head(from: values, keys: keys, line: message, nested: nested)
    }

    /// A logfmt line's pairs in order: `key=value`, `key="quoted value"` (`\n`, `\t` and `\"` unescaped),
    /// bare `key` (true).
    private static func logfmtValues(_ line: String) -> [(String, String)] {
        var values: [(String, String)] = []
        let bytes = Array(line.utf8)
        var index = 0
        while index < bytes.count {
            while index < bytes.count, bytes[index] == 32 || bytes[index] == 9 { index += 1 }
            let keyStart = index
            while index < bytes.count, bytes[index] != 61, bytes[index] != 32, bytes[index] != 9 { index += 1 }
            let key = String(decoding: bytes[keyStart..<index], as: UTF8.self)
            guard !key.isEmpty else { index += 1; continue }
            guard index < bytes.count, bytes[index] == 61 else {
                values.append((key, "true"))
                continue
            }
            index += 1
            var value: [UInt8] = []
            if index < bytes.count, bytes[index] == 34 {
                index += 1
                while index < bytes.count, bytes[index] != 34 {
                    if bytes[index] == 92, index + 1 < bytes.count {
                        index += 1
                        switch bytes[index] {
                        case UInt8(ascii: "n"): value.append(10)
                        case UInt8(ascii: "t"): value.append(9)
                        default: value.append(bytes[index])
                        }
                    } else {
                        value.append(bytes[index])
                    }
                    index += 1
                }
                index += 1
            } else {
                while index < bytes.count, bytes[index] != 32, bytes[index] != 9 {
                    value.append(bytes[index])
                    index += 1
                }
            }
            values.append((key, String(decoding: value, as: UTF8.self)))
        }
        return values
    }

    /// Reads a record of delimited values (`format: csv`; its lines joined when a quoted value held line
    /// breaks): each value is the field its column names (values past the last column `column<N>`), the
    /// pattern's `keys` say which columns hold the reserved values; an empty value is no field.
    static func csv(_ text: String, columns: [String], delimiter: UInt8, keys: [String: [String]]) -> RecordHead {
        let values = CSVReader.fields(text, delimiter: delimiter)
        var pairs: [(String, String)] = []
        for (index, value) in values.enumerated() where !value.isEmpty {
            pairs.append((index < columns.count ? columns[index] : "column\(index + 1)", value))
        }
        return head(from: pairs, keys: keys, line: text)
    }

    /// The record head of a structured record's `values` (key, value); `nested` are the keys that were
    /// dotted paths into objects, where the last-part rule for hosts looks.
    private static func head(from values: [(String, String)], keys: [String: [String]], line: String,
                             nested: Set<String> = []) -> RecordHead {
        // Each key normalized once a record, and only when a reserved value is not found as spelled.
        var normalizedKeys: [(Substring, (String, String))]?
        func present() -> [(Substring, (String, String))] {
            if let normalizedKeys { return normalizedKeys }
            let computed = values.map { (normalized($0.0), $0) }
            normalizedKeys = computed
            return computed
        }
        var head = RecordHead()
        var used = Set<String>()
        for reserved in ["timestamp", "host", "service", "level", "message"] {
            let names = keys[reserved] ?? []
            var found = false
            for key in names {
                if let value = values.first(where: { $0.0 == key })?.1,
                   !value.isEmpty, value != "null",
                   // A code location (`caller=checkout/svc.go:41`) says where, not which service: a field.
                   reserved != "service" || !SourceLocationWord.isCodeLocation(Substring(value)) {
                    if reserved == "message" { head.message = value } else { head.set(reserved, value) }
                    if reserved == "host" { head.hostKey = key }
                    used.insert(key)
                    found = true
                    break
                }
            }
            if !found, let (key, value) = normalizedMatch(names, in: present()) ?? (reserved == "timestamp" ? timeLooking(values) : nil),
               reserved != "service" || !SourceLocationWord.isCodeLocation(Substring(value)) {
                if reserved == "message" { head.message = value } else { head.set(reserved, value) }
                if reserved == "host" { head.hostKey = key }
                used.insert(key)
                found = true
            }
            guard !found, reserved == "host" else { continue }
            // Not a nested `host`: under a request it is the HTTP Host header (Caddy's `request.host`),
            // the name a client asked for, not the machine that wrote the record.
            for leaf in names where !leaf.contains(".") && leaf != "host" {
                if let (key, value) = values.first(where: {
                    nested.contains($0.0) && $0.0.hasSuffix("." + leaf) && !$0.1.isEmpty && $0.1 != "null"
                }) {
                    head.set(reserved, value)
                    used.insert(key)
                    if reserved == "host" { head.hostKey = key }
                    break
                }
            }
        }
        if let level = head.level, level.utf8.count == 1, let digit = Int(level), digit < severities.count,
           used.contains(where: { normalized($0) == "priority" }) {
            head.level = severities[digit]
        }
        // pino's and bunyan's numeric levels (Node.js): 10 trace … 60 fatal.
        if let level = head.level, level.utf8.count == 2, let number = Int(level), number % 10 == 0, (1...6).contains(number / 10) {
            head.level = ["trace", "debug", "info", "warn", "error", "fatal"][number / 10 - 1]
        }
        for (key, value) in values where !used.contains(key) {
            head.fields.append(Field(name: key, value: value))
        }
        if head.message.isEmpty {
            head.message = line
        }
        return head
    }

    /// Syslog's severities by number (RFC 5424), as journald's `PRIORITY` writes them.
    private static let severities = ["EMERG", "ALERT", "CRIT", "ERROR", "WARNING", "NOTICE", "INFO", "DEBUG"]

    /// A key's name as `normalizedMatch` compares it: lower case, without leading sigils (`@t`,
    /// `_HOSTNAME`, `MESSAGE`).
    private static func normalized(_ key: some StringProtocol) -> Substring {
        Substring(key.lowercased().drop { $0 == "@" || $0 == "_" })
    }

    /// The first of `names` (undotted) that a key (`present`: normalized, with its pair) spells with other case or leading sigils,
    /// with its value: Serilog's `@t`, journald's `MESSAGE` and `_HOSTNAME`.
    private static func normalizedMatch(_ names: [String], in present: [(Substring, (String, String))]) -> (String, String)? {
        for name in names where !name.contains(".") {
            let wanted = normalized(name)
            if let (_, pair) = present.first(where: { $0.0 == wanted && !$0.1.1.isEmpty && $0.1.1 != "null" }) { return pair }
        }
        return nil
    }

    /// A key that holds a time though the pattern does not name it (`__REALTIME_TIMESTAMP`, `eventTime`,
    /// `logged_at`): first a key whose name says time or date (not a monotonic clock, an uptime or a
    /// duration) with a date-time or an epoch number in 2000–2100 (`request_time=0.012` is neither),
    /// then any key with a date-time value. Sorted key order decides between equals.
    private static func timeLooking(_ values: [(String, String)]) -> (String, String)? {
        func isDateTime(_ value: String) -> Bool {
            let bytes = Array(value.utf8.prefix(16))
            guard bytes.count == 16 else { return false }
            let digitsAt = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15]
            return digitsAt.allSatisfy { bytes[$0] >= 48 && bytes[$0] <= 57 } && bytes[4] == 45 && bytes[7] == 45
                && (bytes[10] == 84 || bytes[10] == 32) && bytes[13] == 58
        }
        /// Seconds, milliseconds, microseconds or nanoseconds since 1970 that fall in 2000–2100: an
        /// uptime (`__MONOTONIC_TIMESTAMP`, microseconds since boot) read as a date would not.
        func isEpoch(_ value: String) -> Bool {
            let whole = value.utf8.prefix { $0 != 46 }
            guard [10, 13, 16, 19].contains(whole.count), whole.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                  value.utf8.dropFirst(whole.count).dropFirst().allSatisfy({ $0 >= 48 && $0 <= 57 }),
                  let seconds = Int64(String(decoding: whole.prefix(10), as: UTF8.self)) else { return false }
            return (946_684_800...4_102_444_800).contains(seconds)
        }
        let named = values.first { key, value in
            let name = key.lowercased()
            guard !["monotonic", "uptime", "elapsed", "duration", "boot"].contains(where: name.contains) else { return false }
            return (name.contains("time") || name.contains("date") || name.hasSuffix("_at") || name == "ts")
                && (isDateTime(value) || isEpoch(value))
        }
        return named ?? values.first { isDateTime($0.1) }
    }

    private static func render(_ value: Any) -> String {
        switch value {
        case let string as String: return string
        case let number as NSNumber:
            if String(describing: type(of: number)).contains("Boolean") { return number.boolValue ? "true" : "false" }
            return number.stringValue
        case is NSNull: return "null"
        default:
            guard JSONSerialization.isValidJSONObject(value),
                  let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else {
                return "\(value)"
            }
            return String(decoding: data, as: UTF8.self)
        }
    }
}
