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

    init(_ members: [LayoutMember]) {
        self.members = members
        strict = members.map { ($0.strict ?? $0.record).makeMatcher() }
        loose = members.map { $0.strict == nil ? nil : $0.record.makeMatcher() }
        bodies = members.map { member in member.body.map { RecordParser(pattern: $0, eventRules: false) } }
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
    static func looksLikeContinuation(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = line.first else { return true }
        if first == 32 || first == 9 { return true }
        let text = String(decoding: line.prefix(160), as: UTF8.self)
        for start in ["at ", "Caused by:", "... ", "Traceback ", "Suppressed:"] where text.hasPrefix(start) { return true }
        let token = text.prefix { $0 != " " }
        let name = token.hasSuffix(":") ? token.dropLast() : token
        return name.contains(".") && (name.hasSuffix("Exception") || name.hasSuffix("Error") || name.hasSuffix("Throwable"))
            && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "$" || $0 == "_" }
    }
}
