/// The hosts of one execution by every name a record may use for them, and the hosts a record names.
///
/// A host is known by its name as written, without a leading `/`, and without a trailing `:port`;
/// names are compared case-insensitively. A name that fits two hosts names neither. A record names a
/// host when one of its field values, or one token of its message (split at spaces, quotes, brackets,
/// `=`, `,`, `;`, `|`, with trailing `.` and `:` removed), is one of the host's names, with or without its
/// own port. A name right after a word saying it is the source (`from`, `src`, `source`, `sender`,
/// `client`, `caller`, `origin`, as the token before it or the field's name) is the caller, not the callee.
struct HostReferences {
    /// Words that mark the named host as the one the call came from.
    static let sourceWords: Set<String> = ["from", "src", "source", "sender", "client", "caller", "origin"]

    private var hostsByName: [String: String] = [:]
    private var ambiguous: Set<String> = []
    /// Whether some name starts with this ASCII byte (names starting with another byte: `hasNonASCIIStart`).
    private var asciiStarts = [Bool](repeating: false, count: 128)
    private var hasNonASCIIStart = false

    init<S: Sequence>(hosts: S) where S.Element == String {
        for host in hosts {
            for name in Self.names(host) {
                if let other = hostsByName[name], other != host { ambiguous.insert(name) } else { hostsByName[name] = host }
            }
        }
        for name in ambiguous { hostsByName[name] = nil }
        for name in hostsByName.keys {
            guard let first = name.utf8.first else { continue }
            if first < 128 { asciiStarts[Int(first)] = true } else { hasNonASCIIStart = true }
        }
    }

    /// The forms a name is compared in: lowercased, without a leading `/`; and without `:port`.
    static func names(_ text: Substring) -> [String] {
        var s = text
        while let first = s.first, first == "/" { s = s.dropFirst() }
        while let last = s.last, last == "." || last == ":" || last == "/" { s = s.dropLast() }
        guard !s.isEmpty else { return [] }
        let full = s.lowercased()
        if let colon = s.lastIndex(of: ":"), s.index(after: colon) < s.endIndex,
           s[s.index(after: colon)...].allSatisfy(\.isNumber), colon > s.startIndex {
            return [full, s[..<colon].lowercased()]
        }
        return [full]
    }

    static func names(_ text: String) -> [String] { names(Substring(text)) }

    /// The host `text` names, if exactly one.
    func host(named text: Substring) -> String? {
        // Most tokens name no host: rejected by their first byte without building their names.
        if !hasNonASCIIStart, let first = text.utf8.first(where: { $0 != UInt8(ascii: "/") }), first < 128 {
            let lower = first >= 65 && first <= 90 ? first + 32 : first
            guard asciiStarts[Int(lower)] else { return nil }
        }
        for name in Self.names(text) { if let host = hostsByName[name] { return host } }
        return nil
    }

    /// The hosts `event` names other than `own`, each with whether it is named as the source.
    func named(by event: Event, own: String) -> [(host: String, isSource: Bool)] {
        var found: [(host: String, isSource: Bool)] = []
        func note(_ host: String?, _ isSource: Bool) {
            guard let host, host != own, !found.contains(where: { $0.host == host && $0.isSource == isSource }) else { return }
            found.append((host, isSource))
        }
        for field in event.fields {
            if let named = host(named: Substring(field.value)), named != own { note(named, Self.isSourceWord(field.name)) }
            let tokens = Self.tokens(field.value)
            if tokens.count > 1 {
                for t in tokens {
                    if let named = host(named: t), named != own { note(named, Self.isSourceWord(field.name)) }
                }
            }
        }
        var previous: Substring = ""
        for token in Self.tokens(event.message) {
            if let named = host(named: token), named != own { note(named, Self.isSourceWord(previous)) }
            previous = token
        }
        return found
    }

    static func tokens(_ text: String) -> [Substring] {
        if let ascii = asciiTokens(text) { return ascii }
        return text.split { c in
            c.isWhitespace || "\"'()[]{}<>=,;|".contains(c)
        }
    }

    /// Separator bytes of `tokens` in ASCII text: whitespace (tab to carriage return, space) and the
    /// punctuation listed there.
    private static let separators: [Bool] = (0..<128).map { b in
        (9...13).contains(b) || b == 32 || "\"'()[]{}<>=,;|".utf8.contains(UInt8(b))
    }

    /// `tokens(text)` cut in the bytes when `text` is ASCII (every byte a character); nil otherwise.
    private static func asciiTokens(_ text: String) -> [Substring]? {
        let utf8 = text.utf8
        guard utf8.allSatisfy({ $0 < 128 }) else { return nil }
        var result: [Substring] = []
        var start: String.Index?
        var i = utf8.startIndex
        while i != utf8.endIndex {
            if separators[Int(utf8[i])] {
                if let s = start { result.append(text[s..<i]) }
                start = nil
            } else if start == nil {
                start = i
            }
            i = utf8.index(after: i)
        }
        if let s = start { result.append(text[s..<utf8.endIndex]) }
        return result
    }

    /// Whether a token or field name says "the source": one of `sourceWords`, alone or as a word of
    /// a longer name (`src_host`, `clientAddr`).
    static func isSourceWord(_ text: some StringProtocol) -> Bool {
        var words: [String] = []
        var current = ""
        for c in text {
            if c.isLetter {
                if c.isUppercase, !current.isEmpty { words.append(current); current = "" }
                current.append(Character(c.lowercased()))
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.contains { sourceWords.contains($0) }
    }
}
