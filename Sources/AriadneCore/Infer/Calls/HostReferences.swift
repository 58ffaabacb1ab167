import Synchronization

/// The hosts of one execution by every name a record may use for them, and the hosts a record names.
///
/// A host is known by its name as written, without a leading `/`, and without a trailing `:port`;
/// names are compared case-insensitively. A name that fits two hosts names neither. A record names a
/// host when one of its field values, or one token of its message (split at spaces, quotes, brackets,
/// `=`, `,`, `;`, `|`, with trailing `.` and `:` removed), is one of the host's names, with or without its
/// own port. Addresses learned for a host (`HostAliases`) are names of it too, and so is its service's
/// name where it is the execution's only host of that service, in a form addressing a peer
/// (`host(servedAs:whole:)`: `checkout:8080`, `http://orders/v1`, `upstream_cluster: checkout`). A name
/// right after a word saying it is the source (`from`, `src`, `source`, `sender`, `client`, `caller`, `origin`, as the
/// token before it or the field's name; a field named for a server's requester, `remote_addr`: `namesSource`)
/// is the caller, not the callee; so is a name that is the first field
/// (unless its name says destination, `upstream`) or opens the message of a record reporting a response
/// (`LogSignals.reportsResponse`: an access line starts with its requester's address).
struct HostReferences {
    /// Words that mark the named host as the one the call came from.
    static let sourceWords: Set<String> = ["from", "src", "source", "sender", "client", "caller", "origin"]

    /// Keyed by substrings of the names so that a token is looked up without building a string.
    private var hostsByName: [Substring: String] = [:]
    private var ambiguous: Set<String> = []
    /// Whether some name starts with this ASCII byte (names starting with another byte: `hasNonASCIIStart`).
    private var asciiStarts = [Bool](repeating: false, count: 128)
    private var hasNonASCIIStart = false

    /// The references of `hosts`, each also known by the addresses `aliases` learned for it.
    init<S: Sequence>(hosts: S, aliases: HostAliases = HostAliases()) where S.Element == String {
        var named: [(host: String, name: String)] = []
        for host in hosts {
            named.append((host, host))
            for address in aliases.addresses(of: host) { named.append((host, address)) }
        }
        for (host, written) in named {
            for name in Self.names(written) {
                if let other = hostsByName[Substring(name)], other != host { ambiguous.insert(name) } else { hostsByName[Substring(name)] = host }
            }
        }
        for name in ambiguous { hostsByName[Substring(name)] = nil }
        for name in hostsByName.keys {
            guard let first = name.utf8.first else { continue }
            if first < 128 { asciiStarts[Int(first)] = true } else { hasNonASCIIStart = true }
        }
        var byService: [String: Set<String>] = [:]
        for host in Set(named.map(\.host)) { byService[Self.service(of: host), default: []].insert(host) }
        for (service, members) in byService where members.count == 1 && hostsByName[Substring(service)] == nil {
            guard service.utf8.allSatisfy({ $0 < 128 }), let first = service.utf8.first else { continue }
            hostsByService[Substring(service)] = members.first!
            serviceStarts[Int(first)] = true
        }
    }

    /// `HostNaming.service(ofHost:)` of a host (the host itself when none), lowercased; kept across
    /// executions, whose hosts repeat (at most `serviceMemoLimit` hosts).
    static func service(of host: String) -> String {
        if let known = serviceMemo.withLock({ $0[host] }) { return known }
        let service = (HostNaming.service(ofHost: host) ?? host).lowercased()
        serviceMemo.withLock { if $0.count < serviceMemoLimit { $0[host] = service } }
        return service
    }

    private static let serviceMemo = Mutex<[String: String]>([:])
    static let serviceMemoLimit = 100_000

    /// Per service with a single host here (`HostNaming.service(ofHost:)`: `checkout` of
    /// `checkout-7f9c5d-q8m2z`), that host, where no host is named like the service.
    private var hostsByService: [Substring: String] = [:]
    /// Whether some service name starts with this ASCII byte.
    private var serviceStarts = [Bool](repeating: false, count: 128)

    /// The host a service name in `text` stands for, when the execution has a single host of that
    /// service and the text names it in a form that addresses a peer: `svc:port`, a DNS name whose first
    /// label is the service (`svc.ns.svc.cluster.local`: three labels at least, or two with a port), a
    /// URL's authority (`http://svc:8080/v1`), or, when `whole` (a field whose name says it holds a peer,
    /// `upstream_cluster`), the bare name. A bare word of a message (`cache`, `orders`) names no service.
    func host(servedAs text: Substring, whole: @autoclosure () -> Bool) -> String? {
        guard !hostsByService.isEmpty else { return nil }
        let utf8 = text.utf8
        var start = utf8.startIndex
        while start != utf8.endIndex, utf8[start] == UInt8(ascii: "/") { start = utf8.index(after: start) }
        guard start != utf8.endIndex else { return nil }
        let first = utf8[start]
        guard first < 128 else { return nil }
        let lowerFirst = (65...90).contains(first) ? first + 32 : first
        if let authority = Self.urlAuthority(text) { return authority.isEmpty ? nil : host(servedAs: authority, whole: true) }
        guard serviceStarts[Int(lowerFirst)] else { return nil }
        var name = text[start...]
        while let last = name.last, last == "." || last == ":" || last == "/" { name = name.dropLast() }
        var hasPort = false
        if let colon = name.lastIndex(of: ":"), name.index(after: colon) < name.endIndex,
           name[name.index(after: colon)...].allSatisfy(\.isNumber) {
            name = name[..<colon]
            hasPort = true
        }
        let labels = name.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        guard let service = labels.first, !service.isEmpty,
              labels.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 } })
        else { return nil }
        guard let host = hostsByService[service] else { return nil }
        return labels.count >= 3 || hasPort || whole() ? host : nil
    }

    /// The authority of a URL in `text`: after its first `://`, up to the next `/` (empty when the URL has
    /// none); nil when `text` has no `://`. Read in the bytes: most tokens have no colon.
    static func urlAuthority(_ text: Substring) -> Substring? {
        let utf8 = text.utf8, slash = UInt8(ascii: "/")
        var i = utf8.startIndex
        while let colon = utf8[i...].firstIndex(of: UInt8(ascii: ":")) {
            let a = utf8.index(after: colon)
            if a != utf8.endIndex, utf8[a] == slash, utf8.index(after: a) != utf8.endIndex, utf8[utf8.index(after: a)] == slash {
                let start = utf8.index(a, offsetBy: 2)
                return text[start..<(utf8[start...].firstIndex(of: slash) ?? utf8.endIndex)]
            }
            i = a
        }
        return nil
    }

    /// Whether a field's name says it holds the peer of a call (`upstream_cluster`, `peer.service`,
    /// `remote`, `dest`, `target`, `backend`, `server`, `endpoint`, `url`): its bare value may be a service.
    static func namesPeer(_ name: String) -> Bool {
        let lower = name.lowercased()
        return ["upstream", "cluster", "peer", "remote", "dest", "target", "backend", "server", "endpoint", "url", "uri", "authority"]
            .contains { lower.contains($0) }
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

    /// The host `text` names, if exactly one: the whole token, else a URL's authority
    /// (`http://orders-1:8080/v1`) or the server of a `backend/server` pair (HAProxy's `be_cfg/cfg-2`).
    func host(named text: Substring) -> String? {
        if let whole = host(namedWhole: text) { return whole }
        // Read in the bytes: most tokens have no slash, and a `Character` search would break graphemes.
        let utf8 = text.utf8, slashByte = UInt8(ascii: "/")
        guard let slash = utf8.firstIndex(of: slashByte), slash != utf8.startIndex else { return nil }
        if let authority = Self.urlAuthority(text) { return authority.isEmpty ? nil : host(namedWhole: authority) }
        let server = text[utf8.index(after: slash)...]
        guard !server.isEmpty, !server.utf8.contains(slashByte) else { return nil }
        return host(namedWhole: server)
    }

    private func host(namedWhole text: Substring) -> String? {
        // Most tokens name no host: rejected by their first byte without building their names.
        if !hasNonASCIIStart, let first = text.utf8.first(where: { $0 != UInt8(ascii: "/") }), first < 128 {
            let lower = first >= 65 && first <= 90 ? first + 32 : first
            guard asciiStarts[Int(lower)] else { return nil }
        }
        if let forms = Self.lowercaseASCIINames(text) {
            return hostsByName[forms.full] ?? forms.withoutPort.flatMap { hostsByName[$0] }
        }
        for name in Self.names(text) { if let host = hostsByName[Substring(name)] { return host } }
        return nil
    }

    /// `names(text)` as slices of `text` when it is ASCII with no capital letter (nothing to lowercase,
    /// so nothing to build); nil otherwise.
    static func lowercaseASCIINames(_ text: Substring) -> (full: Substring, withoutPort: Substring?)? {
        let utf8 = text.utf8
        var start = utf8.startIndex, end = utf8.endIndex
        while start != end && utf8[start] == UInt8(ascii: "/") { start = utf8.index(after: start) }
        while end != start {
            let before = utf8.index(before: end)
            let b = utf8[before]
            guard b == UInt8(ascii: ".") || b == UInt8(ascii: ":") || b == UInt8(ascii: "/") else { break }
            end = before
        }
        guard start != end else { return nil }
        var colon: String.Index?
        var digitsAfterColon = true
        var i = start
        while i != end {
            let b = utf8[i]
            guard b < 128, !(65...90).contains(b) else { return nil }
            if b == UInt8(ascii: ":") {
                colon = i
                digitsAfterColon = true
            } else if !(48...57).contains(b) {
                digitsAfterColon = false
            }
            i = utf8.index(after: i)
        }
        let full = text[start..<end]
        guard let colon, digitsAfterColon, colon != start, utf8.index(after: colon) != end else { return (full, nil) }
        return (full, text[start..<colon])
    }

    /// A host a record names (`named(by:own:)`).
    struct Name: Equatable {
        /// The host.
        var host: String
        /// Named as where a message came from (`from B`, `remote_addr`), not where it went.
        var isSource: Bool
        /// Named as the requester of the request the record reports serving: a record reporting a
        /// response (`LogSignals.reportsResponse`: an access line, a storage server's audit record) that
        /// names the host in a field named for a server's requester (`remotehost`, `client_ip`,
        /// `downstream_remote_address`: `namesRequester`) or opens with it, or names it first, by its
        /// address, before the request's path or a quote (not after a word naming a destination:
        /// `upstream 10.0.0.5:8080`). Such a host called the record's host; `from B` alone may be an
        /// answer's sender (`error from B`, `GET x from B failed`).
        var isRequester = false
    }

    /// The hosts `event` names other than `own`, each with whether it is named as the source (and as
    /// the requester).
    func named(by event: Event, own: String) -> [Name] {
        var found: [Name] = []
        func note(_ host: String?, _ isSource: Bool, requester: Bool = false) {
            guard let host, host != own else { return }
            if let k = found.firstIndex(where: { $0.host == host && $0.isSource == isSource }) {
                found[k].isRequester = found[k].isRequester || requester
                return
            }
            found.append(Name(host: host, isSource: isSource, isRequester: requester))
        }
        // An access line opens with its requester's address (`10.0.1.5 - - [...] "GET / HTTP/1.1" 200`):
        // in its first field, or its message's first token. Asked only when such a name is found.
        var response: Bool?
        func opensResponse() -> Bool {
            if response == nil { response = LogSignals.reportsResponse(event) }
            return response!
        }
        for (index, field) in event.fields.enumerated() {
            let value = Substring(field.value)
            if let named = host(named: value) ?? host(servedAs: value, whole: Self.namesPeer(field.name)), named != own {
                let opening = index == 0 && !Self.namesDestination(field.name) && opensResponse()
                note(named, Self.namesSource(field.name) || opening,
                     requester: opening || (Self.namesRequester(field.name) && opensResponse()))
            }
            var tokens = 0
            var firstNamed: String?
            Self.forEachToken(field.value) { t in
                tokens += 1
                let named = host(named: t) ?? host(servedAs: t, whole: false)
                if tokens == 1 {
                    firstNamed = named
                    return
                }
                if tokens == 2, let firstNamed, firstNamed != own { note(firstNamed, Self.namesSource(field.name)) }
                if let named, named != own { note(named, Self.namesSource(field.name)) }
            }
        }
        // A JSON record without a message key keeps its whole line as the message: its values were read
        // as fields above, with their names (`remotehost` says requester), which the line's tokens lose.
        // (Its first field's top-level key is in it; a text record's JSON message holds no field of its own.)
        if event.message.utf8.first == UInt8(ascii: "{"), let first = event.fields.first,
           event.message.contains("\"" + (first.name.split(separator: ".").first.map(String.init) ?? first.name) + "\":") {
            return found
        }
        // A token that a field named for the source holds too (a W3C line's `c-ip` column inside its
        // message) is that source. Asked only when a token names a host.
        var sourceValues: [Substring]?
        func heldBySource(_ token: Substring) -> Bool {
            if sourceValues == nil { sourceValues = event.fields.filter { Self.namesSource($0.name) }.map { Substring($0.value) } }
            return sourceValues!.contains(token)
        }
        var previous: Substring = ""
        var first = true
        // Before the request's path and any other host: where a server's access line writes its client,
        // after its own prefix (Ceph's `beast: 0x7f…: 10.40.3.21 - - [...] "GET /x HTTP/1.1" 200`) or after
        // the method and status (bazel-remote's `GET 404 10.0.1.21 /ac/…`).
        var leading = true
        Self.forEachToken(event.message) { token in
            if let named = host(named: token) ?? host(servedAs: token, whole: false), named != own {
                let opening = (first || (leading && Self.isAddress(token) && !Self.namesDestination(String(previous))))
                    && opensResponse()
                note(named, Self.isSourceWord(previous) || opening || heldBySource(token), requester: opening)
                leading = false
            }
            if leading, let b = token.utf8.first,
               b == UInt8(ascii: "/") || b == UInt8(ascii: "\"") || token.utf8.contains(UInt8(ascii: ":")) && token.contains("://") {
                leading = false
            }
            previous = token
            first = false
        }
        return found
    }

    /// Whether a token is an IPv4 address, with a port or not (`10.40.3.21`, `10.0.1.21:50514`).
    static func isAddress(_ token: Substring) -> Bool {
        let utf8 = token.utf8
        var dots = 0, digits = 0, colon = false
        for b in utf8 {
            if b == UInt8(ascii: ".") {
                guard !colon, digits > 0 else { return false }
                dots += 1
                digits = 0
            } else if b == UInt8(ascii: ":") {
                guard !colon, dots == 3, digits > 0 else { return false }
                colon = true
                digits = 0
            } else if b >= 48, b <= 57 {
                digits += 1
            } else {
                return false
            }
        }
        return dots == 3 && digits > 0
    }

    /// `isSourceWord` on ASCII text, read in its bytes without building a string per word (this runs for
    /// every host a record names); nil for other text.
    private static func isASCIISourceWord(_ utf8: some Collection<UInt8>) -> Bool? {
        var word: [UInt8] = []
        word.reserveCapacity(8)
        func ends() -> Bool {
            defer { word.removeAll(keepingCapacity: true) }
            return !word.isEmpty && sourceWordBytes.contains(word)
        }
        for b in utf8 {
            guard b < 128 else { return nil }
            let upper = (65...90).contains(b), lower = (97...122).contains(b)
            if upper || lower {
                if upper, !word.isEmpty, ends() { return true }
                word.append(upper ? b + 32 : b)
            } else if ends() {
                return true
            }
        }
        return ends()
    }

    private static let sourceWordBytes: Set<[UInt8]> = Set(sourceWords.map { Array($0.utf8) })

    /// Calls `body` with each of `tokens(text)` in order, without building the array for ASCII text.
    static func forEachToken(_ text: String, _ body: (Substring) -> Void) {
        guard text.utf8.allSatisfy({ $0 < 128 }) else {
            for token in characterTokens(text) { body(token) }
            return
        }
        asciiTokens(text, body)
    }

    static func tokens(_ text: String) -> [Substring] {
        guard text.utf8.allSatisfy({ $0 < 128 }) else { return characterTokens(text) }
        var result: [Substring] = []
        asciiTokens(text) { result.append($0) }
        return result
    }

    /// `text` split at whitespace and the punctuation of `separators`, character by character.
    private static func characterTokens(_ text: String) -> [Substring] {
        text.split { c in
            c.isWhitespace || "\"'()[]{}<>=,;|".contains(c)
        }
    }

    /// Separator bytes of `tokens` in ASCII text: whitespace (tab to carriage return, space) and the
    /// punctuation listed there.
    private static let separators: [Bool] = (0..<128).map { b in
        (9...13).contains(b) || b == 32 || "\"'()[]{}<>=,;|".utf8.contains(UInt8(b))
    }

    /// The tokens of ASCII `text` (every byte a character), cut in the bytes, handed to `body` in order.
    private static func asciiTokens(_ text: String, _ body: (Substring) -> Void) {
        let utf8 = text.utf8
        var start: String.Index?
        var i = utf8.startIndex
        while i != utf8.endIndex {
            if separators[Int(utf8[i])] {
                if let s = start { body(text[s..<i]) }
                start = nil
            } else if start == nil {
                start = i
            }
            i = utf8.index(after: i)
        }
        if let s = start { body(text[s..<utf8.endIndex]) }
    }

    /// Whether a field's name says it holds where a call came from: a source word (`src_host`,
    /// `clientAddr`), or a server's name for its requester (`remote_addr`, `remotehost`, `RemoteAddr`,
    /// Envoy's `downstream_remote_address`, `x-forwarded-for` and its short names, Heroku's `fwd` and
    /// `xff`), unless it also says destination.
    static func namesSource(_ name: String) -> Bool {
        isSourceWord(name) || namesRequester(name)
            || ((name.lowercased().contains("forwarded") || words(of: name).contains { $0 == "fwd" || $0 == "xff" }) && !namesDestination(name))
    }

    /// Whether a field's name says it holds a server's requester: `remote`, `downstream` or `requester`
    /// in it (`remotehost`, `downstream_remote_address`), or a word `client`, `caller`, `origin`
    /// (`client_ip`, `callerHost`), unless it also says destination. Not `from`, `src`, `source`,
    /// `sender`: an answer comes from its callee too; nor `x-forwarded-for`: it names the first client,
    /// not the proxy that called.
    static func namesRequester(_ name: String) -> Bool {
        guard !namesDestination(name) else { return false }
        let lower = name.lowercased()
        return ["remote", "downstream", "requester"].contains { lower.contains($0) }
            || words(of: name).contains { ["client", "caller", "origin"].contains($0) }
    }

    /// Whether a field's name says it holds where a call went (`upstream_addr`, `dest`, `server`,
    /// `backend`, `target`): such a field never opens an access line with its requester.
    static func namesDestination(_ name: String) -> Bool {
        let lower = name.lowercased()
        return ["upstream", "dest", "server", "backend", "target"].contains { lower.contains($0) }
    }

    /// Whether a token or field name says "the source": one of `sourceWords`, alone or as a word of
    /// a longer name (`src_host`, `clientAddr`).
    static func isSourceWord(_ text: some StringProtocol) -> Bool {
        if let ascii = isASCIISourceWord(text.utf8) { return ascii }
        return words(of: text).contains { sourceWords.contains($0) }
    }

    /// The lowercased words of a name, split at what is not a letter and before an upper-case letter
    /// (`clientAddr`: `client`, `addr`).
    static func words(of text: some StringProtocol) -> [String] {
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
        return words
    }
}
