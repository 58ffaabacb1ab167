/// A word that is a class's qualified name, the logger Java-style loggers write beside each record:
/// `c.e.pricing.QuoteService`, `org.apache.kafka.clients.NetworkClient`, `o.s.w.s.DispatcherServlet`
/// (dotted identifiers, the package's lowercase, the class's capitalised; `$` for inner classes). It
/// names where in a process the record was written: on a host whose name names a service, the record's
/// service is that one, and the class is kept as the field `logger` (`RecordParser`).
enum ClassPathWord {
    /// Whether `word` is a qualified class name.
    static func matches(_ word: some StringProtocol) -> Bool {
        matches(utf8: word.utf8)
    }

    /// Whether the UTF-8 bytes `word` are a qualified class name.
    static func matches(utf8 word: some Sequence<UInt8>) -> Bool {
        var segments = 0
        var start = true
        var lastStartsUpper = false
        var sawLowerStart = false
        for byte in word {
            if byte == UInt8(ascii: ".") {
                guard !start else { return false }
                start = true
                continue
            }
            let upper = byte >= 65 && byte <= 90, lower = byte >= 97 && byte <= 122, digit = byte >= 48 && byte <= 57
            guard upper || lower || digit || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") else { return false }
            if start {
                guard upper || lower else { return false }
                if segments > 0, !sawLowerStart { return false }
                segments += 1
                lastStartsUpper = upper
                if lower { sawLowerStart = true }
                start = false
            }
        }
        return !start && segments >= 2 && lastStartsUpper
    }
}
