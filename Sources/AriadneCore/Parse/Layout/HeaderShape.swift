/// The shape of one whitespace-separated header token, as layout inference compares them across lines.
enum HeaderShape: Int, Comparable, Sendable {
    /// A log level word (`INFO`, `warn`, `Error`, `NOTICE`, …).
    case level
    /// A one-letter level (`D`, `I`, `W`, `E`, `V`, `F`, as logcat writes).
    case levelLetter
    /// A level in brackets (`[notice]`).
    case bracketLevel
    /// A level word or letter closed by a colon (`I:`, `WARN:`), as glog-like and Python layouts write.
    case levelColon
    /// Anything else in brackets (`[worker-7]`, `[main]`, `[req-1 u-2 - - -]`).
    case bracket
    /// `component:` or `component[pid]:` (syslog's tag, a logger followed by a colon).
    case component
    /// Digits only (a pid, a thread id, a counter).
    case number
    /// A lone punctuation separator (`-`, `|`, `>`, `::`).
    case punctuation
    /// Any other token without brackets (a host, a logger, a label).
    case word
    /// No token (the line ended) or a token of no shape above.
    case none

    static func < (a: HeaderShape, b: HeaderShape) -> Bool { a.rawValue < b.rawValue }

    /// Level names from syslog (RFC 5424 severities), log4j/logback/slf4j, Python `logging`, Go's slog,
    /// .NET (its console's `trce`, `dbug`, `info`, `warn`, `fail`, `crit`), Java util logging, PostgreSQL
    /// (`LOG`, `DEBUG1`…`DEBUG5`) and the NATS server (`TRC`, `DBG`, `INF`, `WRN`, `ERR`, `FTL`).
    static let levels: Set<String> = [
        "TRACE", "DEBUG", "DBG", "INFO", "INF", "INFORMATION", "NOTICE", "WARN", "WRN", "WARNING", "ERROR", "ERR",
        "FATAL", "FTL", "CRITICAL", "CRIT", "SEVERE", "ALERT", "EMERG", "EMERGENCY", "PANIC", "FINE", "FINER",
        "FINEST", "CONFIG", "VERBOSE", "LOG", "DEBUG1", "DEBUG2", "DEBUG3", "DEBUG4", "DEBUG5", "TRCE", "DBUG", "FAIL", "TRC",
    ]

    /// The one-letter levels logcat and glog write.
    static let levelLetters: Set<String> = ["V", "D", "I", "W", "E", "F", "A"]

    /// PCRE2 for a level word, any case.
    static var levelRegex: String { "(?i:" + levels.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }.joined(separator: "|") + ")" }

    /// The shape of `token`.
    static func of(_ token: Substring) -> HeaderShape {
        guard let first = token.first else { return .none }
        if levels.contains(token.uppercased()) { return .level }
        if levelLetters.contains(String(token)) { return .levelLetter }
        if first == "[" {
            guard token.last == "]", token.count >= 2 else { return .none }
            // A padded level (`[INFO ]`, log4j's `[%-5p]`) is a level too.
            let body = token.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
            return levels.contains(body.uppercased()) ? .bracketLevel : .bracket
        }
        if token.allSatisfy({ $0.isASCII && $0.isNumber }) { return .number }
        if token.count <= 3, token.allSatisfy({ "-|>:*#=~".contains($0) }) { return .punctuation }
        if token.last == ":", token.count >= 2 {
            let body = token.dropLast()
            if levels.contains(body.uppercased()) || levelLetters.contains(String(body)) { return .levelColon }
            return isComponent(body) ? .component : .none
        }
        if token.contains("[") || token.contains("]") { return .none }
        return .word
    }

    /// `name` or `name[digits]`, where name has no brackets, colons, spaces, braces or `=`: a span with its
    /// fields (`handle{req_id=4f1c…}:`, Rust's `tracing`) is part of the message, whose fields hold them.
    private static func isComponent(_ body: Substring) -> Bool {
        var name = body
        if body.last == "]", let open = body.lastIndex(of: "[") {
            let pid = body[body.index(after: open)..<body.index(before: body.endIndex)]
            guard !pid.isEmpty, pid.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            name = body[..<open]
        }
        return !name.isEmpty && !name.contains(where: { "[]:{}=".contains($0) }) && !isIDShaped(name)
    }

    /// Whether `name` reads as an id rather than a name: no letter (`build 48213:`, nginx's `29#29:`), or
    /// six or more hex digits with a digit among them, dashes allowed (Go's `job 34650b3f-c065-…:`, Ceph's
    /// thread `7f24ac512b01`). Such a column is no component, host or service: one value per request or thread.
    static func isIDShaped(_ name: Substring) -> Bool {
        guard name.contains(where: { $0.isASCII && $0.isLetter }) else { return true }
        return (IDDiscovery.hexLength(String(name)) ?? 0) >= 6 && name.contains(where: { $0.isASCII && $0.isNumber })
    }

    /// Splits `text` into header tokens at whitespace; a token starting with `[` runs to its matching
    /// `]` (nested brackets and spaces included). At most `limit` tokens.
    static func tokens(_ text: Substring, limit: Int) -> [Substring] {
        var result: [Substring] = []
        var index = text.startIndex
        while result.count < limit {
            while index < text.endIndex, text[index] == " " || text[index] == "\t" { index = text.index(after: index) }
            guard index < text.endIndex else { break }
            let start = index
            if text[index] == "[" {
                var depth = 0
                while index < text.endIndex {
                    if text[index] == "[" { depth += 1 }
                    if text[index] == "]" { depth -= 1 }
                    index = text.index(after: index)
                    if depth == 0 { break }
                }
            } else {
                while index < text.endIndex, text[index] != " ", text[index] != "\t" { index = text.index(after: index) }
            }
            result.append(text[start..<index])
        }
        return result
    }
}
