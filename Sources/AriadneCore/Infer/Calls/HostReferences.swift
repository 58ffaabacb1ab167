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

    init<S: Sequence>(hosts: S) where S.Element == String {
        for host in hosts {
            for name in Self.names(host) {
                if let other = hostsByName[name], other != host { ambiguous.insert(name) } else { hostsByName[name] = host }
            }
        }
        for name in ambiguous { hostsByName[name] = nil }
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
            let source = Self.isSourceWord(field.name)
            note(host(named: Substring(field.value)), source)
            let tokens = Self.tokens(field.value)
            if tokens.count > 1 { for t in tokens { note(host(named: t), source) } }
        }
        var previous: Substring = ""
        for token in Self.tokens(event.message) {
            note(host(named: token), Self.isSourceWord(previous))
            previous = token
        }
        return found
    }

    static func tokens(_ text: String) -> [Substring] {
        text.split { c in
            c.isWhitespace || "\"'()[]{}<>=,;|".contains(c)
        }
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
