/// One parser's matchers for the layouts of a file that mixes several (`LogPattern.members`), and what
/// the last line matched.
final class MixedMatchers {
    let members: [LayoutMember]
    /// Per member: the strict regex's matcher (the record regex's when the member has no strict one).
    let strict: [Matcher]
    /// Per member: the record regex's matcher, for members whose strict regex differs.
    let loose: [Matcher?]
    /// Per member: a parser of the message for members with a `body` pattern.
    let bodies: [RecordParser?]
    /// The member and pass (strict or not) of the last line classified as a record start.
    var matched: (member: Int, strict: Bool)?
    /// The member and pass saved for the record being built (nil: none), and its capture ranges.
    var saved: (member: Int, strict: Bool)?
    var savedRanges: [Range<Int>?] = []
    /// Whether every member reads its host from a source prefix: a line none fits is its prefix's source's too.
    let prefixed: Bool
    /// `MixedLayout.sourcePrefix`'s matcher and its host group.
    let source = MixedLayout.sourcePrefix.makeMatcher()
    let sourceHost = MixedLayout.sourcePrefix.names.first { $0.name == "host" }!.group

    init(_ members: [LayoutMember]) {
        self.members = members
        strict = members.map { ($0.strict ?? $0.record).makeMatcher() }
        loose = members.map { $0.strict == nil ? nil : $0.record.makeMatcher() }
        bodies = members.map { member in member.body.map { RecordParser(pattern: $0, eventRules: false) } }
        prefixed = !members.isEmpty && members.allSatisfy(\.sourcePrefixed)
    }

    func names(_ member: Int, strict: Bool) -> [(name: String, group: Int)] {
        let regex = strict ? (members[member].strict ?? members[member].record) : members[member].record
        return regex.names
    }

    func matcher(_ member: Int, strict: Bool) -> Matcher? {
        strict ? self.strict[member] : loose[member]
    }

    /// Copies the capture ranges of the last start, which the next line's match overwrites.
    func save() {
        guard let matched, let matcher = matcher(matched.member, strict: matched.strict) else {
            saved = nil
            return
        }
        saved = matched
        savedRanges.removeAll(keepingCapacity: true)
        for entry in names(matched.member, strict: matched.strict) { savedRanges.append(matcher.range(entry.group)) }
    }
}

extension RecordParser {
    /// The first member whose strict regex fits the line, else the first whose record regex does; a
    /// member with a body pattern fits only when that pattern reads its message as a record start.
    func classifyMixed(_ line: UnsafeBufferPointer<UInt8>, _ mixed: MixedMatchers, _ hasOpenRecord: Bool) -> LineKind {
        for pass in 0..<2 {
            let strict = pass == 0
            for member in mixed.members.indices {
                guard let matcher = mixed.matcher(member, strict: strict) else { continue }
                let fits: Bool
                do {
                    fits = try matcher.matches(line)
                } catch {
                    counts.limitHits += 1
                    continue
                }
                guard fits else { continue }
                if let body = mixed.bodies[member] {
                    guard let group = mixed.names(member, strict: strict).first(where: { $0.name == "message" })?.group,
                          let range = matcher.range(group),
                          body.classify(UnsafeBufferPointer(rebasing: line[range]), hasOpenRecord: false) == .start else { continue }
                }
                mixed.matched = (member, strict)
                return .start
            }
        }
        return continuationOrUnmatched(line, hasOpenRecord)
    }

    /// The record head of `line` from the saved captures of its member; a body pattern's record
    /// (timestamp, level, message, fields) completes the prefix's captures (the prefix's host wins).
    func mixedHead(_ line: UnsafeBufferPointer<UInt8>, _ mixed: MixedMatchers) -> RecordHead {
        var head = RecordHead()
        guard let saved = mixed.saved else {
            head.message = Self.string(line)
            return head
        }
        head.layout = saved.member
        var message: String?
        var messageRange: Range<Int>?
        for ((name, _), range) in zip(mixed.names(saved.member, strict: saved.strict), mixed.savedRanges) {
            guard let range else { continue }
            let value = Self.string(UnsafeBufferPointer(rebasing: line[range]))
            if name == "message" {
                message = value
                messageRange = range
            } else {
                head.set(name == "host" && recordHostIsThread ? "thread" : name, value)
            }
        }
        head.message = message ?? Self.string(line)
        guard let body = mixed.bodies[saved.member], let messageRange else { return head }
        let text = UnsafeBufferPointer(rebasing: line[messageRange])
        guard body.classify(text, hasOpenRecord: false) == .start else { return head }
        let inner = body.startCaptures(text)
        head.timestamp = inner.timestamp ?? head.timestamp
        head.level = inner.level ?? head.level
        head.service = inner.service ?? head.service
        if head.host == nil {
            head.host = inner.host
            head.hostKey = inner.hostKey
        }
        head.message = inner.message
        head.fields += inner.fields
        head.unmatched = inner.unmatched
        return head
    }

    /// In a mixed file, a line no layout fits continues the record before it only when it looks like a
    /// continuation: indented, or a stack trace's line (`at …`, `Caused by: …`, `... 3 more`,
    /// `Traceback …`, `java.io.IOException: …`).
    /// Whether a line the pattern does not fit opens a record of another layout, so it is no
    /// continuation of the record before: it starts (after an optional `[`) with a date and a time
    /// (`2026-12-06 10:00:00`, `2026/12/06T10:00`, `Dec  6 10:00:00`, `06/Dec/2026:10:00:00`), a
    /// syslog priority (`<14>`), a level word in capitals closed by a colon (`INFO:     10.0.0.9:40702 - "POST …"`,
    /// uvicorn's untimed access line; Python's `WARNING:root:…`), a W3C directive (`#Fields: date time …`),
    /// or it is a one-line JSON object. Files concatenated into one, or a stream of several sources, put
    /// such lines after a record of the layout detected first; a program writes some lines without its
    /// logger's layout.
    static func startsLikeARecord(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        if line.first == UInt8(ascii: "[") { i = 1 }
        func digits(_ count: Int) -> Bool {
            guard i + count <= line.count, line[i..<(i + count)].allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
            i += count
            return true
        }
        func take(_ byte: UInt8) -> Bool {
            guard i < line.count, line[i] == byte else { return false }
            i += 1
            return true
        }
        func oneOf(_ bytes: String) -> Bool {
            guard i < line.count, bytes.utf8.contains(line[i]) else { return false }
            i += 1
            return true
        }
        func letters(_ count: Int) -> Bool {
            guard i + count <= line.count, line[i..<(i + count)].allSatisfy({ ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 }) else { return false }
            i += count
            return true
        }
        let start = i
        // ISO 8601 and its kin: yyyy-MM-dd[T ]HH:mm
        if digits(4), oneOf("-/."), digits(2), oneOf("-/."), digits(2), oneOf("T "), digits(2), take(58), digits(2) { return true }
        i = start
        // BSD syslog: MMM d HH:mm:ss
        if letters(3) {
            while i < line.count, line[i] == 32 { i += 1 }
            if digits(1) { _ = digits(1) }
            if take(32), digits(2), take(58), digits(2), take(58), digits(2) { return true }
        }
        i = start
        // Common Log Format's time: dd/MMM/yyyy:HH:mm
        if digits(2), take(47), letters(3), take(47), digits(4), take(58), digits(2) { return true }
        i = 0
        if capitalLevelColon(line) || directive(line) { return true }
        if take(60), digits(1) {
            while i < line.count, line[i] >= 48, line[i] <= 57 { i += 1 }
            if take(62) { return true }
        }
        guard line.count >= 4, line[0] == UInt8(ascii: "{"), line[1] == UInt8(ascii: "\"") else { return false }
        var end = line.count
        while end > 0, line[end - 1] == 32 || line[end - 1] == 9 || line[end - 1] == 13 { end -= 1 }
        return end > 0 && line[end - 1] == UInt8(ascii: "}")
    }

    /// Whether `line` opens with a level word (`HeaderShape.levels`, three letters or more) in capitals and a colon.
    static func capitalLevelColon(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = 0
        while end < line.count, end < 12, line[end] >= 65 && line[end] <= 90 || line[end] >= 48 && line[end] <= 57 { end += 1 }
        guard end >= 3, end < line.count, line[end] == UInt8(ascii: ":") else { return false }
        return HeaderShape.levels.contains(String(decoding: UnsafeBufferPointer(rebasing: line[..<end]), as: UTF8.self))
    }

    /// Whether `line` is a W3C extended log directive: `#`, a name of letters and `-`, a colon
    /// (`#Software:`, `#Fields:`), as IIS and CloudFront write before their lines.
    static func directive(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard line.first == UInt8(ascii: "#") else { return false }
        var end = 1
        while end < line.count, (line[end] | 0x20) >= 97 && (line[end] | 0x20) <= 122 || line[end] == UInt8(ascii: "-") { end += 1 }
        return end >= 3 && end < line.count && line[end] == UInt8(ascii: ":")
    }

    /// Whether a line starts with a space or a tab: what `continuation: indented` continues a record with.
    static func isIndented(_ line: some Collection<UInt8>) -> Bool {
        line.first == 32 || line.first == 9
    }

    static func looksLikeContinuation(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !line.isEmpty else { return true }
        if isIndented(line) { return true }
        let text = String(decoding: line.prefix(160), as: UTF8.self)
        for start in ["at ", "Caused by:", "... ", "Traceback ", "Suppressed:"] where text.hasPrefix(start) { return true }
        let token = text.prefix { $0 != " " }
        let name = token.hasSuffix(":") ? token.dropLast() : token
        return name.contains(".") && (name.hasSuffix("Exception") || name.hasSuffix("Error") || name.hasSuffix("Throwable"))
            && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "$" || $0 == "_" }
    }
}
