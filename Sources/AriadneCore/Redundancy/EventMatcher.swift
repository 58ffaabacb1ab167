/// Decides whether an event matches an outcome (or precondition) pattern, and by what.
///
/// A pattern that is the name of an event type in the input (`exactType`) matches that type's events
/// only. Otherwise it matches, in this order: the event type exactly, or as a PCRE2 regular expression
/// found in a named type (a pattern rule's; mined ids such as `T3f…` only exactly) (`type`); found in
/// the template, alone or as `service: template` (`template`); found in the message text (`message`);
/// found in one of the fields written `name=value` (`field`). Wherever a regular expression is
/// searched, the pattern also matches where its text occurs as it is, so a template copied from
/// `ariadne parse` (`GET /api/cart/<*>`) matches itself.
///
/// Type and template results are cached per type, service and template; the message and fields are
/// searched per event, and only when the type and template did not match, so a message-text pattern
/// selects the events whose message matches (`status=201`), not every event of their type.
final class EventMatcher {
    let pattern: String
    /// The pattern as a regular expression; nil with `exactType`.
    private let matcher: Matcher?
    /// The pattern as plain text, when reading it as a regular expression may differ.
    private let literal: Matcher?
    private var cache: [Key: MatchSubject?] = [:]
    private var scratch: [UInt8] = []

    private struct Key: Hashable {
        var type: String
        var service: String?
        var template: String
    }

    /// Whether the pattern names an event type exactly and matches nothing else.
    let exactType: Bool

    /// A matcher of `pattern`; with `exactType` (the pattern is the name of an event type in the
    /// input), it matches the events of that type only.
    init(_ pattern: String, exactType: Bool = false) throws {
        self.pattern = pattern
        self.exactType = exactType
        guard !exactType else {
            matcher = nil
            literal = nil
            return
        }
        do {
            matcher = try CompiledRegex(pattern).makeMatcher()
        } catch RegexError.compile(_, let offset, let message) {
            throw HypothesisError.invalidPattern(pattern, "PCRE2 error at offset \(offset): \(message)")
        }
        let escaped = Self.escape(pattern)
        literal = escaped == pattern ? nil : try? CompiledRegex(escaped).makeMatcher()
    }

    /// A matcher of the same pattern for another thread: the compiled expressions are shared, the
    /// match data and the cache are its own.
    func copy() -> EventMatcher { EventMatcher(self) }

    private init(_ other: EventMatcher) {
        pattern = other.pattern
        exactType = other.exactType
        matcher = other.matcher?.regex.makeMatcher()
        literal = other.literal?.regex.makeMatcher()
    }

    /// The pattern with every PCRE2 metacharacter escaped: a regular expression matching its text.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\^$.|?*+()[]{}".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// Whether `event` matches.
    func matches(_ event: Event) -> Bool { match(event) != nil }

    /// What of `event` the pattern matched, or nil.
    func match(_ event: Event) -> MatchSubject? {
        if event.type == pattern { return .type }
        if exactType { return nil }
        let key = Key(type: event.type, service: event.service, template: event.template)
        let known: MatchSubject?
        if let cached = cache[key] {
            known = cached
        } else {
            known = subject(ofType: event.type, service: event.service, template: event.template)
            cache[key] = known
        }
        if let known { return known }
        if found(in: event.message) { return .message }
        for field in event.fields {
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: field.name.utf8)
            scratch.append(UInt8(ascii: "="))
            scratch.append(contentsOf: field.value.utf8)
            if scratch.withUnsafeBufferPointer({ found(in: $0) }) { return .field }
        }
        return nil
    }

    /// Whether `type` is a mined type id (`T` + 16 hex digits of a hash, `TemplateMiner.typeID`, possibly
    /// after a prefix such as a service): an opaque name a pattern is matched against only exactly, so
    /// that `--outcome 201` does not match a hash that happens to contain `201`.
    static func isMinedTypeID(_ type: String) -> Bool {
        let utf8 = Array(type.utf8)
        guard utf8.count >= 17 else { return false }
        let start = utf8.count - 17
        guard utf8[start] == UInt8(ascii: "T"), utf8[(start + 1)...].allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) })
        else { return false }
        guard start > 0 else { return true }
        let before = utf8[start - 1]
        return !((before >= 48 && before <= 57) || (before >= 65 && before <= 90) || (before >= 97 && before <= 122))
    }

    private func subject(ofType type: String, service: String?, template: String) -> MatchSubject? {
        if !Self.isMinedTypeID(type), found(in: type) { return .type }
        if found(in: template) { return .template }
        if let service, found(in: "\(service): \(template)") { return .template }
        return nil
    }

    private func found(in text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { found(in: $0) }
    }

    private func found(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if let matcher, (try? matcher.matches(bytes)) == true { return true }
        if let literal, (try? literal.matches(bytes)) == true { return true }
        return false
    }
}
