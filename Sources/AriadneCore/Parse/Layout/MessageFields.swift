import Foundation

/// Fields written inside a message: `key=value` pairs (`key="quoted value"` too) wherever they are,
/// and the members of a JSON object embedded in it (nested keys joined with `.`).
///
/// Used for patterns with `message_fields: true` (every inferred layout). The message itself is left
/// unchanged; a field the record already has (a header capture) is not overwritten.
enum MessageFields {
    /// Appends the fields of `message` (its first line) to `fields`, in the order they are written.
    static func extract(from message: String, into fields: inout [Field]) {
        var found: [Field] = []
        var text = message
        text.withUTF8 { bytes in
            var end = 0
            while end < bytes.count, bytes[end] != 10 { end += 1 }
            pairs(bytes, end: end, into: &found)
            json(bytes, end: end, into: &found)
        }
        for field in found where !fields.contains(where: { $0.name == field.name }) {
            fields.append(field)
        }
    }

    /// `key=value` pairs: a key (a letter or `_`, then letters, digits, `_ . -`) starting a token or
    /// following `( [ { , ; ? &`, then `=` and a value: quoted up to the closing quote, else up to the
    /// next space, a closing bracket it did not open, or (unless a `?` came before in it) a `&` before
    /// the next pair, without trailing `, ; ) ] } :`.
    static func pairs(_ bytes: UnsafeBufferPointer<UInt8>, end: Int, into fields: inout [Field]) {
        var index = 0
        while index < end {
            let atBoundary = index == 0 || isSeparator(bytes[index - 1])
            guard atBoundary, isKeyStart(bytes[index]) else { index += 1; continue }
            var cursor = index + 1
            while cursor < end, isKeyByte(bytes[cursor]) { cursor += 1 }
            guard cursor < end, bytes[cursor] == UInt8(ascii: "=") else { index = cursor; continue }
            let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<cursor]), as: UTF8.self)
            cursor += 1
            var value: String
            if cursor < end, bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") {
                let quote = bytes[cursor]
                var close = cursor + 1
                while close < end, bytes[close] != quote {
                    if bytes[close] == UInt8(ascii: "\\") { close += 1 }
                    close += 1
                }
                let stop = min(close, end)
                value = String(decoding: UnsafeBufferPointer(rebasing: bytes[(cursor + 1)..<stop]), as: UTF8.self)
                cursor = min(close + 1, end)
            } else {
                var stop = cursor
                // A closing bracket opened before the value ends it (`span{order_id=o-1}:child{…}`).
                var depth = 0
                var closed: Int?
                var url = false
                while stop < end, bytes[stop] != 32, bytes[stop] != 9 {
                    // In a query string (`account=AC1&sid=SM2`) a pair ends at `&` before the next key; in
                    // a URL's (`url=/v1?a=1&b=2`) the query is the URL's.
                    if bytes[stop] == UInt8(ascii: "&"), !url, startsPair(bytes, at: stop + 1, end: end) { break }
                    if bytes[stop] == UInt8(ascii: "?") { url = true }
                    switch bytes[stop] {
                    case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
                    case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                        if depth == 0, closed == nil { closed = stop }
                        depth -= 1
                    default: break
                    }
                    stop += 1
                }
                var valueEnd = closed ?? stop
                while valueEnd > cursor, isTrailingPunctuation(bytes[valueEnd - 1]) { valueEnd -= 1 }
                value = String(decoding: UnsafeBufferPointer(rebasing: bytes[cursor..<valueEnd]), as: UTF8.self)
                cursor = closed ?? stop
            }
            if !value.isEmpty { fields.append(Field(name: key, value: value)) }
            index = cursor
        }
    }

    /// The first balanced `{…}` that is a JSON object: its scalar members, nested objects flattened
    /// with dotted keys, in sorted key order.
    static func json(_ bytes: UnsafeBufferPointer<UInt8>, end: Int, into fields: inout [Field]) {
        var start = 0
        while start < end {
            guard bytes[start] == UInt8(ascii: "{") else { start += 1; continue }
            guard let close = matchingBrace(bytes, from: start, end: end) else { return }
            let data = Data(UnsafeBufferPointer(rebasing: bytes[start...close]))
            if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
                flatten(object, prefix: "", into: &fields)
                return
            }
            start += 1
        }
    }

    private static func flatten(_ object: [String: Any], prefix: String, into fields: inout [Field]) {
        for key in object.keys.sorted() {
            let name = prefix + key
            switch object[key] {
            case let nested as [String: Any]: flatten(nested, prefix: name + ".", into: &fields)
            case let text as String: fields.append(Field(name: name, value: text))
            case let number as NSNumber:
                let isBool = String(describing: type(of: number)).contains("Boolean")
                fields.append(Field(name: name, value: isBool ? (number.boolValue ? "true" : "false") : number.stringValue))
            default: continue
            }
        }
    }

    /// The index of the `}` closing the `{` at `start` (strings skipped), or nil.
    private static func matchingBrace(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Int? {
        var depth = 0
        var inString = false
        var index = start
        while index < end {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "{") {
                depth += 1
            } else if byte == UInt8(ascii: "}") {
                depth -= 1
                if depth == 0 { return index }
            }
            index += 1
        }
        return nil
    }

    private static func isSeparator(_ b: UInt8) -> Bool {
        b == 32 || b == 9 || b == UInt8(ascii: "(") || b == UInt8(ascii: "[") || b == UInt8(ascii: "{")
            || b == UInt8(ascii: ",") || b == UInt8(ascii: ";") || b == UInt8(ascii: "?") || b == UInt8(ascii: "&")
    }

    /// Whether a key and `=` start at `index`.
    private static func startsPair(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> Bool {
        guard index < end, isKeyStart(bytes[index]) else { return false }
        var cursor = index + 1
        while cursor < end, isKeyByte(bytes[cursor]) { cursor += 1 }
        return cursor < end && bytes[cursor] == UInt8(ascii: "=")
    }

    private static func isKeyStart(_ b: UInt8) -> Bool {
        ((b | 0x20) >= 97 && (b | 0x20) <= 122) || b == 95
    }

    private static func isKeyByte(_ b: UInt8) -> Bool {
        isKeyStart(b) || (b >= 48 && b <= 57) || b == 46 || b == 45
    }

    /// What ends a clause after an unquoted value (`failed for key=ord_1: dial tcp …`, `(a=1, b=2)`).
    private static func isTrailingPunctuation(_ b: UInt8) -> Bool {
        b == UInt8(ascii: ",") || b == UInt8(ascii: ";") || b == UInt8(ascii: ")") || b == UInt8(ascii: "]")
            || b == UInt8(ascii: "}") || b == UInt8(ascii: ":")
    }
}
