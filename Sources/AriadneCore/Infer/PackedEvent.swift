import Glibc

/// An event held compactly while its execution is open: one byte buffer instead of a dozen strings
/// and arrays. The strings few events differ in (file names, types, templates, hosts, services,
/// levels, field names, id kinds) are numbers in an `EventStrings` table; the message and the timestamp
/// text are UTF-8 bytes; a field or id value found in the message is its place there, else its bytes.
/// `unpacked(with:)` gives back an event equal to the one packed.
struct PackedEvent {
    /// The packed form (`ExecutionStore` keeps it inside one buffer per execution).
    let bytes: [UInt8]

    private static let hasTime: UInt8 = 1, hasTimeText: UInt8 = 2, hasHost: UInt8 = 4, hasService: UInt8 = 8, hasLevel: UInt8 = 16

    init(_ event: Event, strings: EventStrings) {
        var out: [UInt8] = []
        out.reserveCapacity(32 + event.message.utf8.count + (event.timeText?.utf8.count ?? 0))
        var flags: UInt8 = 0
        if event.time != nil { flags |= Self.hasTime }
        if event.timeText != nil { flags |= Self.hasTimeText }
        if event.host != nil { flags |= Self.hasHost }
        if event.service != nil { flags |= Self.hasService }
        if event.level != nil { flags |= Self.hasLevel }
        out.append(flags)
        if let time = event.time { Self.putVarint(UInt64(bitPattern: time), into: &out) }
        Self.putVarint(UInt64(bitPattern: Int64(event.source.line)), into: &out)
        Self.putVarint(UInt64(strings.number(event.source.file, slot: 0)), into: &out)
        Self.putVarint(UInt64(strings.number(event.type, slot: 1)), into: &out)
        Self.putVarint(UInt64(strings.number(event.template, slot: 2)), into: &out)
        if let host = event.host { Self.putVarint(UInt64(strings.number(host, slot: 3)), into: &out) }
        if let service = event.service { Self.putVarint(UInt64(strings.number(service, slot: 4)), into: &out) }
        if let level = event.level { Self.putVarint(UInt64(strings.number(level, slot: 5)), into: &out) }
        if let timeText = event.timeText { Self.putText(timeText, into: &out) }
        Self.putText(event.message, into: &out)
        Self.putVarint(UInt64(event.executionIDs.count), into: &out)
        Self.putVarint(UInt64(event.fields.count), into: &out)
        var message = event.message
        message.withUTF8 { text in
            for id in event.executionIDs {
                Self.putVarint(UInt64(strings.number(id.kind, slot: 6)), into: &out)
                Self.putValue(id.value, in: text, into: &out)
            }
            for (n, field) in event.fields.enumerated() {
                Self.putVarint(UInt64(strings.number(field.name, slot: 7 + min(n, EventStrings.slots - 8))), into: &out)
                Self.putValue(field.value, in: text, into: &out)
            }
        }
        bytes = out
    }

    /// The event packed, its strings looked up in `strings`.
    func unpacked(with strings: EventStrings) -> Event {
        bytes.withUnsafeBufferPointer { Self.unpack($0, strings: strings) }
    }

    /// The event whose packed form is `buffer`, its strings looked up in `strings`.
    static func unpack(_ buffer: UnsafeBufferPointer<UInt8>, strings: EventStrings) -> Event {
        var at = 0
        func varint() -> UInt64 { readVarint(buffer, at: &at) }
        func string() -> String { strings.text(Int(varint())) }
        func text() -> (start: Int, end: Int) {
            let count = Int(varint())
            defer { at += count }
            return (at, at + count)
        }
        func decode(_ range: (start: Int, end: Int)) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: buffer[range.start..<range.end]), as: UTF8.self)
        }
        let flags = buffer[0]
        at = 1
        let time = flags & Self.hasTime != 0 ? Int64(bitPattern: varint()) : nil
        let line = Int(Int64(bitPattern: varint()))
        let file = string(), type = string(), template = string()
        let host = flags & Self.hasHost != 0 ? string() : nil
        let service = flags & Self.hasService != 0 ? string() : nil
        let level = flags & Self.hasLevel != 0 ? string() : nil
        let timeText = flags & Self.hasTimeText != 0 ? decode(text()) : nil
        let messageRange = text()
        let message = decode(messageRange)
        let idCount = Int(varint()), fieldCount = Int(varint())
        func value() -> String {
            let place = Int(varint())
            if place == 0 { return decode(text()) }
            let count = Int(varint())
            let start = messageRange.start + place - 1
            return decode((start, start + count))
        }
        var ids: [ExecutionID] = []
        ids.reserveCapacity(idCount)
        for _ in 0..<idCount {
            let kind = string()
            ids.append(ExecutionID(kind: kind, value: value()))
        }
        var fields: [Field] = []
        fields.reserveCapacity(fieldCount)
        for _ in 0..<fieldCount {
            let name = string()
            fields.append(Field(name: name, value: value()))
        }
        return Event(source: SourceLocation(file: file, line: line), time: time, timeText: timeText, host: host,
                     service: service, level: level, executionIDs: ids, type: type, template: template,
                     fields: fields, message: message)
    }

    /// The LEB128 varint at `at` in `buffer` (as `putVarint` writes it); `at` moves past it.
    @inline(__always)
    static func readVarint(_ buffer: UnsafeBufferPointer<UInt8>, at: inout Int) -> UInt64 {
        var value: UInt64 = 0, shift: UInt64 = 0
        while true {
            let byte = buffer[at]
            at += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    static func putVarint(_ value: UInt64, into out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    static func putText(_ text: String, into out: inout [UInt8]) {
        putVarint(UInt64(text.utf8.count), into: &out)
        out.append(contentsOf: text.utf8)
    }

    /// A value as its place in `message` (1 + offset, then length) when found there, else 0 and its bytes.
    private static func putValue(_ value: String, in message: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var copy = value
        let offset = copy.withUTF8 { find($0, in: message) }
        if let offset {
            putVarint(UInt64(offset + 1), into: &out)
            putVarint(UInt64(value.utf8.count), into: &out)
        } else {
            out.append(0)
            putText(value, into: &out)
        }
    }

    /// The first offset of the non-empty `needle` in `haystack`.
    static func find(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = needle.count
        guard n > 0, n <= haystack.count, let needleStart = needle.baseAddress, let start = haystack.baseAddress else { return nil }
        // Candidates by memchr on the first byte, each compared by memcmp (both vectorised in libc).
        let last = haystack.count - n
        var i = 0
        while i <= last {
            guard let hit = memchr(start + i, Int32(needle[0]), last - i + 1) else { return nil }
            i = UnsafeRawPointer(start).distance(to: UnsafeRawPointer(hit))
            if memcmp(start + i, needleStart, n) == 0 { return i }
            i += 1
        }
        return nil
    }
}

/// The strings of packed events that repeat across events, each kept once and named by a number.
/// Strings are told apart by their bytes (not by canonical equivalence, as `==` does), so an event
/// unpacked has the very bytes it was packed with.
final class EventStrings {
    private struct Key: Hashable {
        let text: String

        static func == (a: Key, b: Key) -> Bool { EventStrings.sameBytes(a.text, b.text) }

        func hash(into hasher: inout Hasher) {
            var copy = text
            copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    private var numbers: [Key: Int] = [:]
    private var texts: [String] = []
    /// The last text numbered at each slot (a place in an event: its file, its type, its first field's
    /// name...) and its number: consecutive events mostly repeat them, and comparing bytes once costs
    /// less than hashing them.
    private var recent = [(text: String, number: Int)](repeating: ("", -1), count: EventStrings.slots)

    /// Slots of `recent`.
    static let slots = 16

    /// Whether `a` and `b` have the same UTF-8 bytes.
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in x.count == y.count && (x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0) }
        }
    }

    /// The number of `text`, as `number(_:)`, remembered for the next text at `slot` (`0..<slots`).
    func number(_ text: String, slot: Int) -> Int {
        let last = recent[slot]
        if last.number >= 0 && Self.sameBytes(last.text, text) { return last.number }
        let n = number(text)
        recent[slot] = (text, n)
        return n
    }

    /// The number of `text`, given on first sight.
    func number(_ text: String) -> Int {
        if let n = numbers[Key(text: text)] { return n }
        let n = texts.count
        numbers[Key(text: text)] = n
        texts.append(text)
        return n
    }

    /// The text numbered `n`.
    func text(_ n: Int) -> String { texts[n] }

    /// Whether no text is numbered yet.
    var isEmpty: Bool { texts.isEmpty }
}
