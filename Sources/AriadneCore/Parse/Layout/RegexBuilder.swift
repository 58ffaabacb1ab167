/// Writes an inferred layout as a record regex, a one-line summary and a pattern file.
struct RegexBuilder {
    private var before: [String] = []
    private var beforeSummary: [String] = []
    private var stamp: String?
    private var stampSummary: String?
    private var formats: [String] = []
    private var header: [String] = []
    private var headerSummary: [String] = []
    private var names: Set<String> = ["timestamp", "message"]
    /// Whether the header's columns are `|`-separated (`addPipedHeader`).
    private var piped = false

    /// PCRE2 for a source name before a mixed file's records: `web-1` (in `web-1 | …` the `|` is a token
    /// of its own) or `[web-1]`, the host being what is inside the brackets, or, as `kubectl logs --prefix`
    /// writes it, `[pod/web-1/app]` (`KIND/NAME/CONTAINER`), the host being the pod's name.
    static let hostToken = "(?|" + bracketedHost + "|" + bareHost + ")"

    /// The bracketed forms of `hostToken`: `[web-1]`, `[pod/web-1/app]`.
    static let bracketedHost = #"\[[a-z]+/(?<host>[^\s\[\]/]+)/[^\s\[\]/]+\]|\[(?<host>[^\s\[\]]+)\]"#

    /// The bare form of `hostToken`: `web-1`.
    static let bareHost = #"(?<host>[^\s\[\]|]+)"#

    /// PCRE2 for a bracketed value, one level of nested brackets allowed (`[QuorumPeer[myid=1]/0:2181]`).
    static let bracketBody = #"(?:[^\[\]]++|\[[^\[\]]*+\])*+"#

    /// `bracketBody` without the spaces that pad it to a width before its `]` (log4j's `[%-25c]`:
    /// `[i.s.s.query              ]` is `i.s.s.query`).
    static let paddedBracketBody = #"(?:[^\[\]\s]++|\s++(?!\])|\[[^\[\]]*+\])*+"#

    /// The tokens before the timestamp and the timestamp itself; with `leadingHost`, the first token is
    /// the host (a mixed file's source prefix).
    mutating func addPrefix(_ found: LayoutInferrer.Stamp, leadingHost: Bool = false) {
        let prefixes = found.prefixes.filter { $0.count == found.prefixTokens }
        for position in 0..<found.prefixTokens {
            let values = prefixes.map { $0[position] }
            let shapes = values.map(HeaderShape.of)
            if leadingHost, position == 0 {
                before.append(Self.hostToken)
                beforeSummary.append(unique("host"))
            } else if let mark = Self.levelMark(values) {
                // A level, even one the sample shows alone (Ruby's `I,` before its stamp): the other
                // levels' lines must match too, not read as continuations of the line before.
                let name = unique("level")
                let letters = HeaderShape.levelLetters.sorted().joined()
                before.append("(?<\(name)>\(HeaderShape.levelRegex)|[\(letters)])" + TimestampLibrary.escape(mark))
                beforeSummary.append(name + mark)
            } else if Set(values).count == 1, let value = values.first, shapes.first != .number {
                before.append(TimestampLibrary.escape(String(value)))
                beforeSummary.append(String(value))
            } else if shapes.allSatisfy({ $0 == .number }) {
                // A number is no constant even when the sample shows one (NestJS's `[Nest] 27  - `, a pid: the
                // lines after a restart carry another).
                let name = unique("seq")
                before.append("(?<\(name)>\\d+)")
                beforeSummary.append(name)
            } else if shapes.allSatisfy({ $0 == .level }) {
                let name = unique("level")
                before.append("(?<\(name)>\(HeaderShape.levelRegex))")
                beforeSummary.append(name)
            } else if values.allSatisfy({ $0.first == "<" && $0.last == ">" && $0.count > 2 }) {
                let name = unique("priority")
                before.append("<(?<\(name)>[^>]*)>")
                beforeSummary.append("<\(name)>")
            } else if shapes.allSatisfy({ $0 == .bracket || $0 == .bracketLevel }) {
                let name = unique("label")
                before.append("\\[(?<\(name)>\(Self.bracketBody))\\]")
                beforeSummary.append("[\(name)]")
            } else {
                let name = unique("label")
                before.append("(?<\(name)>\\S+)")
                beforeSummary.append(name)
            }
        }
        formats = found.entries.map(\.text)
        var text = TimestampLibrary.escape(found.attached)
        if let opener = found.opener { text += TimestampLibrary.escape(String(opener)) }
        text += "(?<timestamp>" + found.entries.map(\.regex).joined(separator: "|") + #")(?![0-9A-Za-z]|[.,:]\d)"#
        var inner = ""
        if found.inner {
            let name = unique("label")
            text += #"(?:\s+(?<"# + name + #">[^\[\]()<>]*?))?\s*"#
            inner = " " + name
        }
        if let closer = found.closer { text += TimestampLibrary.escape(String(closer)) }
        if let trailing = found.trailing { text += TimestampLibrary.escape(String(trailing)) }
        stamp = text
        var summary = found.attached + "timestamp " + formats[0] + inner
        if let opener = found.opener, let closer = found.closer { summary = "\(opener)\(summary)\(closer)" }
        if let trailing = found.trailing { summary += String(trailing) }
        stampSummary = summary
    }

    /// `|`-separated header columns after the timestamp (`LayoutInferrer.pipedHeader`): a level, a
    /// number (`pid`, then `tid`), or a word, the first `logger` (NLog's `${logger}`) and any later one `label`.
    mutating func addPipedHeader(_ columns: [LayoutInferrer.Field]) {
        piped = true
        for column in columns {
            let word = names.contains("logger") ? "label" : "logger"
            let name = unique(column.shape == .level ? "level" : column.shape == .number ? (names.contains("pid") ? "tid" : "pid") : word)
            header.append("(?<\(name)>" + (column.shape == .level ? HeaderShape.levelRegex : "[^|\\s]+") + ")")
            headerSummary.append(name + "|")
        }
    }

    /// The agreed header fields after the timestamp.
    mutating func addHeader(_ fields: [LayoutInferrer.Field]) {
        let hasComponent = fields.contains { $0.shape == .component }
        var numbers = ["pid", "tid"]
        for (index, field) in fields.enumerated() {
            switch field.shape {
            case .level:
                let name = unique("level")
                header.append("(?<\(name)>\(HeaderShape.levelRegex))")
                headerSummary.append(name)
            case .levelLetter:
                if index > 0, Self.isStream(fields[index - 1].values) {
                    // The CRI format's tag after its stream (`stdout F`, `P` for a partial line), behind a
                    // collector's prefix where the container unwrapper does not see it: no level.
                    let name = unique("tag")
                    header.append("(?<\(name)>[FP])")
                    headerSummary.append(name)
                    continue
                }
                let name = unique("level")
                header.append("(?<\(name)>[\(HeaderShape.levelLetters.sorted().joined())])")
                headerSummary.append(name)
            case .bracketLevel:
                let name = unique("level")
                header.append("\\[\\s*(?<\(name)>\(HeaderShape.levelRegex))\\s*\\]")
                headerSummary.append("[\(name)]")
            case .levelColon:
                let name = unique("level")
                header.append("(?<\(name)>\(HeaderShape.levelRegex)|[\(HeaderShape.levelLetters.sorted().joined())]):")
                headerSummary.append("\(name):")
            case .bracket:
                if let key = Self.pairKey(field.values.map { $0.dropFirst().dropLast() }, emptyValues: true) {
                    // `[traceId=4bf9…]` (a logging context's MDC), empty on lines outside a request: a field
                    // named by its key, not a column of threads.
                    let name = unique(Self.groupName(key))
                    header.append("\\[" + TimestampLibrary.escape(key) + "=(?<\(name)>[^\\s\\[\\]]*)\\]")
                    headerSummary.append("[\(key)=\(name)]")
                    continue
                }
                let name = unique(Self.bracketName(field.values))
                header.append("\\[(?<\(name)>\(Self.paddedBracketBody))\\s*\\]")
                headerSummary.append("[\(name)]")
            case .component:
                if Self.channelLevels(field.values) {
                    // Monolog's `app.INFO:`, a channel and a level: the level is the record's, not part of a
                    // name (each level would be a service of its own); the channel is a logger (Symfony writes
                    // `request`, `security`, `messenger` and `app` on one host, Laravel its environment's name):
                    // no service, which the host's name gives.
                    let logger = unique("logger"), level = unique("level")
                    header.append("(?<\(logger)>[^\\s\\[\\]:]+)\\.(?<\(level)>\(HeaderShape.levelRegex)):")
                    headerSummary.append("\(logger).\(level):")
                    continue
                }
                let service = unique("service"), pid = unique("pid")
                header.append("(?<\(service)>[^\\s\\[\\]:]+)(?:\\[(?<\(pid)>\\d+)\\])?:")
                let withPid = field.values.contains { $0.dropLast().last == "]" }
                headerSummary.append(withPid ? "\(service)[\(pid)]:" : "\(service):")
            case .number:
                let name = unique(numbers.isEmpty ? "number" : numbers.removeFirst())
                header.append("(?<\(name)>\\d+)")
                headerSummary.append(name)
            case .punctuation:
                if field.constant, let value = field.values.first {
                    header.append(TimestampLibrary.escape(String(value)))
                    headerSummary.append(String(value))
                } else {
                    header.append("[-|>:*#=~]{1,3}")
                    headerSummary.append("-")
                }
            case .word:
                if Self.isStream(field.values) {
                    // A container runtime's stream (`stdout`, `stderr`): no service.
                    let name = unique("stream")
                    header.append("(?<\(name)>stdout|stderr)")
                    headerSummary.append(name)
                    continue
                }
                if let (key, separator) = Self.pairKey(field.values).map({ ($0, "=") })
                    ?? Self.pairKey(field.values, separator: ":").map({ ($0, ":") }) {
                    // `request_id=FKU…` (a NATS connection's `cid:7`) on every line: a field named by its key,
                    // not a column of names.
                    let name = unique(Self.groupName(key))
                    header.append(TimestampLibrary.escape(key) + separator + "(?<\(name)>[^\\s\\[\\]]+)")
                    headerSummary.append("\(key)\(separator)\(name)")
                    continue
                }
                if let keys = Self.pairKeys(field.values) {
                    // `user=authz,db=payments,app=,client=10.20.1.11` (PostgreSQL's prefix as pgBadger
                    // asks for it) on every line: a field per key, not a column of names.
                    let names = keys.map { unique(Self.groupName($0)) }
                    header.append(zip(keys, names).map { TimestampLibrary.escape($0) + "=(?<\($1)>[^,\\s]*)" }.joined(separator: ","))
                    headerSummary.append(zip(keys, names).map { "\($0)=\($1)" }.joined(separator: ","))
                    continue
                }
                let nextIsComponent = index + 1 < fields.count && fields[index + 1].shape == .component
                // A bare word names a host when it looks like one with an instance number or an address
                // (`gw-1`, `web03`, `10.0.0.12`) on nearly every line, or when every value is shaped like a
                // host name and at least half the distinct values are numbered instances (`web-1`,
                // `web-2`, `cache-1` beside `db-primary`, `db-replica`: machines, some named by role);
                // dotted words without digits are loggers and modules. A word in angle brackets on every
                // line (`<gw-1>`) is named by what is inside them.
                let angled = field.values.allSatisfy { $0.count > 2 && $0.first == "<" && $0.last == ">" }
                let bodies = angled ? field.values.map { $0.dropFirst().dropLast() } : field.values
                let hostLike = bodies.filter { Self.isHostLike($0) && $0.contains(where: \.isNumber) }.count
                let distinct = Set(bodies)
                let numbered = distinct.filter { Self.isHostLike($0) && $0.contains(where: \.isNumber) }.count
                let instances = distinct.count > 1 && numbered * 2 >= distinct.count && distinct.allSatisfy(Self.isHostNameShaped)
                // A column of code locations (`checkout/svc.go:41`, Go's and Python's callers) is `caller`;
                // one of addresses with ports (`10.42.1.17:53712`, a server's clients) is `peer`: the other
                // end of a connection, neither the writing host nor a service.
                let located = bodies.filter { SourceLocationWord.isCodeLocation($0) }.count
                let peers = bodies.filter(Self.isAddressWithPort).count
                // A quoted word on every line (`"v2.6.0:python3:nats.py"`, a client's name) is a label, not
                // the writer's service.
                let quoted = bodies.allSatisfy { $0.count > 2 && $0.first == "\"" && $0.last == "\"" }
                // A column of hex ids (Ceph's `7f24ac512b01`, a thread's address) names threads, not services.
                let hexIDs = bodies.filter { $0.contains(where: \.isLetter) && HeaderShape.isIDShaped($0) }.count
                let name = unique(Double(located) >= 0.9 * Double(max(1, bodies.count)) ? "caller"
                                  : Double(peers) >= 0.9 * Double(max(1, bodies.count)) ? "peer"
                                  : Double(hexIDs) >= 0.9 * Double(max(1, bodies.count)) ? "thread"
                                  : quoted ? "label"
                                  : nextIsComponent || instances || Double(hostLike) >= 0.9 * Double(max(1, bodies.count))
                                  ? "host" : hasComponent ? "logger" : "service")
                header.append(angled ? "<(?<\(name)>[^\\s<>\\[\\]]+)>" : "(?<\(name)>[^\\s\\[\\]]+)")
                headerSummary.append(angled ? "<\(name)>" : name)
            case .none:
                continue
            }
        }
    }

    /// The record regex: `strict` requires the whole header, otherwise it is optional after the timestamp.
    func regex(strict: Bool) -> String {
        var text = "^" + before.joined(separator: #"\s+"#)
        if let stamp {
            if !before.isEmpty { text += #"\s+"# }
            text += stamp
        }
        if !header.isEmpty {
            let sep = stamp == nil && before.isEmpty ? "" : #"\s*"#
            // Bracketed fields may touch (`[2026-03-06T14:00:11,229][INFO ][o.o.m.j.JvmGcMonitorService]`,
            // Elasticsearch's and OpenSearch's log4j2 layout): after one, spaces are optional.
            let joined = piped ? sep + header.joined(separator: #"\s*\|\s*"#) + #"\s*\|"#
                : header.dropFirst().reduce(sep + header[0]) { $0 + ($0.hasSuffix(#"\]"#) ? #"\s*"# : #"\s+"#) + $1 }
            text += strict || stamp == nil ? joined : "(?:" + joined + ")?"
        }
        return text + #"\s*(?<message>.*)$"#
    }

    /// `timestamp yyyy-MM-dd HH:mm:ss,SSS · level · [host] · message`.
    var summary: String {
        (beforeSummary + (stampSummary.map { [$0] } ?? []) + headerSummary + ["message"]).joined(separator: " · ")
    }

    /// The layout as a pattern file.
    func yaml(name: String, continuation: String, lines: Int, share: Double) -> String {
        var text = """
            # Inferred by ariadne from the first \(lines) lines: \(summary); \(Int((share * 100).rounded(.down)))% of lines.
            # Edit it and pass it with --patterns FILE (see Patterns/README.md for the keys).
            name: \(name)
            description: \(Self.quoted("inferred layout: " + summary))
            format: regex
            record: \(Self.quoted(regex(strict: false)))
            continuation: \(continuation)
            message_fields: true

            """
        if !formats.isEmpty {
            text += "timestamp:\n  formats: [" + formats.map(Self.quoted).joined(separator: ", ") + "]\n"
        }
        return text
    }

    /// A YAML single-quoted string.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// `name`, or `name2`, `name3`… when taken.
    /// The key every value writes as `key=value` (or with another `separator`: `cid:7`; an identifier-like
    /// key, a value after it, which may be empty with `emptyValues`, holding no space), or nil.
    static func pairKey(_ values: [Substring], emptyValues: Bool = false, separator: Character = "=") -> String? {
        guard let first = values.first, let equals = first.firstIndex(of: separator) else { return nil }
        let key = first[..<equals]
        guard !key.isEmpty, key.first!.isLetter, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }),
              values.allSatisfy({ value in
                  value.hasPrefix(key + String(separator)) && (emptyValues || value.count > key.count + 1)
                      && !value.dropFirst(key.count + 1).contains { $0 == " " || $0 == separator }
              }) else { return nil }
        return String(key)
    }

    /// Whether every value of a column is a container runtime's stream name, `stdout` or `stderr`.
    static func isStream(_ values: [Substring]) -> Bool {
        !values.isEmpty && values.allSatisfy { $0 == "stdout" || $0 == "stderr" }
    }

    /// The keys of a column whose every value is the same two or more comma-separated `key=value` pairs,
    /// in order (values may be empty, `app=`, and hold no comma or space), else nil.
    static func pairKeys(_ values: [Substring]) -> [String]? {
        func keys(_ value: Substring) -> [Substring]? {
            let parts = value.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count >= 2 else { return nil }
            var found: [Substring] = []
            for part in parts {
                guard let equals = part.firstIndex(of: "="), case let key = part[..<equals], let first = key.first, first.isLetter,
                      key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }),
                      !part[part.index(after: equals)...].contains("=") else { return nil }
                found.append(key)
            }
            return found
        }
        guard let first = values.first, let wanted = keys(first) else { return nil }
        guard values.allSatisfy({ keys($0) == wanted }) else { return nil }
        return wanted.map(String.init)
    }

    /// `key` as a PCRE2 group name: letters, digits and `_`; `timestamp` and `message` are the record's
    /// own, so those keys get a suffix.
    static func groupName(_ key: String) -> String {
        let name = String(key.map { $0.isLetter || $0.isNumber ? $0 : "_" })
        return ["timestamp", "message"].contains(name) ? name + "_field" : name
    }

    private mutating func unique(_ name: String) -> String {
        var candidate = name
        var number = 2
        while names.contains(candidate) {
            candidate = "\(name)\(number)"
            number += 1
        }
        names.insert(candidate)
        return candidate
    }

    /// The punctuation after tokens that are all levels (words or one-letter levels), each followed by the
    /// same `,` or `:` or by nothing (`I,`, `WARN`); nil when some token is no level.
    static func levelMark(_ values: [Substring]) -> String? {
        guard let first = values.first else { return nil }
        let mark = first.last.map { ",:".contains($0) } == true ? String(first.last!) : ""
        let isLevel = values.allSatisfy { value in
            guard value.hasSuffix(mark) else { return false }
            let body = value.dropLast(mark.count)
            return HeaderShape.levels.contains(body.uppercased()) || HeaderShape.levelLetters.contains(String(body))
        }
        return isLevel ? mark : nil
    }

    /// Whether every `component:` value is a channel and a level joined by a dot (`shop.INFO:`,
    /// `request.ERROR:`).
    static func channelLevels(_ values: [Substring]) -> Bool {
        !values.isEmpty && values.allSatisfy { value in
            let body = value.hasSuffix(":") ? value.dropLast() : value
            guard let dot = body.lastIndex(of: "."), dot != body.startIndex else { return false }
            return HeaderShape.levels.contains(body[body.index(after: dot)...].uppercased())
        }
    }

    /// `host` when the bracketed values look like host names (a name with digits or dots such as
    /// `worker-7`, `api-1`, `db3.example.com`, an IP address; not eight or more hex digits alone, an id),
    /// `context` when they hold spaces (a
    /// request context), `number` when nine in ten are digits alone, else `thread` (Java thread names: `main`,
    /// `pool-1-thread-3`, `http-nio-8080-exec-1`).
    static func bracketName(_ values: [Substring]) -> String {
        let bodies = values.map { $0.dropFirst().dropLast() }
        guard !bodies.isEmpty else { return "thread" }
        if bodies.filter({ $0.contains(" ") }).count * 2 >= bodies.count { return "context" }
        // Numbers in brackets (`[0]`, a shard; `[88709]`, a collector's run) count something: no thread,
        // and under another layout's `thread` kind they would be that kind's ids.
        if bodies.filter({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }).count * 10 >= bodies.count * 9 { return "number" }
        let hostLike = bodies.filter(isHostLike).count
        return Double(hostLike) >= 0.9 * Double(bodies.count) ? "host" : "thread"
    }

    private static let threadWords = ["thread", "pool", "exec", "handler", "main", "dispatcher", "listener", "timer"]

    /// Letters, digits, `-` and `_` only, starting with a letter (no dots: `com.acme.Cart` is a logger).
    private static func isHostNameShaped(_ value: Substring) -> Bool {
        guard let first = value.first, first.isASCII, first.isLetter, value.count <= 64 else { return false }
        return value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    /// Whether `value` is an IPv4 address and a port (`10.42.1.17:53712`), or a bracketed IPv6 one (`[::1]:8080`).
    static func isAddressWithPort(_ value: Substring) -> Bool {
        guard let colon = value.lastIndex(of: ":") else { return false }
        let port = value[value.index(after: colon)...]
        guard (1...5).contains(port.count), port.allSatisfy(\.isASCII), port.allSatisfy(\.isNumber) else { return false }
        let address = value[..<colon]
        if address.first == "[", address.last == "]" { return address.count > 2 }
        let octets = address.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { (1...3).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    private static func isHostLike(_ value: Substring) -> Bool {
        // Eight or more hex digits alone are an id (Rails' `[request_id]` tag), not a host name.
        if value.count >= 8, value.allSatisfy(\.isHexDigit) { return false }
        guard !value.isEmpty, value.count <= 64,
              value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") }),
              value.contains(where: { $0.isNumber || $0 == "." }),
              value.contains(where: \.isLetter) || value.filter({ $0 == "." }).count == 3 else { return false }
        let lower = value.lowercased()
        return !threadWords.contains { lower.contains($0) }
    }
}
