/// Finds the values on a record that might be execution ids, the way Stitch (Zhao et al., OSDI 2016)
/// finds identifiers in unmodified logs: every field, and the id-shaped tokens of the message.
///
/// Message tokens are split at white space, at `,;()[]{}<>|` and at string escapes (`\r`, `\n`, `\t`,
/// `\"`, `\\`: a payload quoted in the text); quotes, redaction markers (`‹…›`) and trailing `.:!?` are stripped. Fields holding
/// several words, a JSON object or a comma-separated list are read as tokens
/// too. A token is, in this order:
/// - `key=value` with an identifier key (a letter or `_`, then letters, digits, `_.-`; at most 40
///   characters) that is not already a field: kind `key`;
/// - otherwise its parts between `/`, `:`, `@` and `=` are looked at one by one:
///   - `#value` with a digit in it: kind the word before it (`order #123` → `order`), else `#`;
///   - a value with a digit after a label ending in `id` (`id 42`, `request id 42`, `requestId: 42`):
///     kind the label (`id`, `request_id`, `requestid`);
///   - 4 to 12 digits, not opening with a zero, after a word of three letters or more that is no English
///     function word (`build 48213`, `for build 48213:`; not `in 2048`, `took 1234`): kind the word, as
///     `build #48213` would be; the statistics then tell a build number from a count;
///   - a UUID (8-4-4-4-12 hex digits): kind `uuid`;
///   - letters, `_` or `-`, then letters, digits, `_.-` with a digit among them (`blk_-123`, `req_42`,
///     `tx-0a1b`, `attempt_200811092030_0001_m_000085_0`), or random letters of both cases
///     (`ord_pJYPavFjpm`, `isRandomLetters`): kind the letters, lower-cased;
///   - 8 or more hex digits with a letter and a digit among them, or `0x` and 4 or more hex digits,
///     not zero-padded (`0000000A` is a counter): kind `hex`. (A hex value that happens to have no letter
///     is a number and is not seen.)
///   - one to four letters, one of them no hex digit, run into 16 or more hex digits with a letter and a
///     digit (`SM2cf782514bee127655715dc69cd08bf0`, a Twilio message sid): kind the letters, lower-cased;
///   - 15 to 20 decimal digits, not opening with a zero (a snowflake id, `2029919936473878528`, or a
///     64-bit trace id written in decimal): kind `number`. Shorter numbers are counts, sizes and times.
///
/// A field's or a `key=value`'s value that is a composite trace header, W3C Trace Context's `traceparent`
/// (`00-<32 hex trace id>-<16 hex parent id>-01`) or B3's single header (`<trace id>-<span id>[-1[-…]]`),
/// also gives its trace id: kind `trace_id` (the downstream service logs the trace id alone).
///
/// Values with white space or longer than 128 bytes are never candidates. A message token equal to a
/// field's value on the same record is left to the field; a dotted field's value (nested in a JSON object) is
/// also read by shape. Each (kind, value) appears once per record.
public struct IDCandidateExtractor: Sendable {
    /// Only candidates of these kinds are returned (all when `nil`); used to annotate once kinds are chosen.
    public var kinds: Set<String>?
    /// Only candidates from these sources are looked for (all when `nil`): message tokens are not even
    /// split when only fields are wanted.
    public var sources: Set<IDCandidate.Source>?

    /// An extractor of every kind, or only of `kinds` found in `sources`.
    public init(kinds: Set<String>? = nil, sources: Set<IDCandidate.Source>? = nil) {
        self.kinds = kinds
        self.sources = sources
    }

    /// The longest candidate value, in bytes.
    static let maxValueBytes = 128

    /// The candidates on `event`, fields first, then the message's tokens in order, then the tokens of
    /// fields holding several words.
    public func candidates(in event: Event) -> [IDCandidate] {
        var found: [IDCandidate] = []
        var seen = Set<ExecutionID>()
        func add(_ kind: String, _ value: String, _ source: IDCandidate.Source) {
            guard !kind.isEmpty, kinds?.contains(kind) ?? true else { return }
            let id = ExecutionID(kind: kind, value: value)
            if seen.insert(id).inserted { found.append(IDCandidate(kind: kind, value: value, source: source)) }
        }
        var fieldNames = Set<String>()
        var fieldValues = Set<String>()
        let wantsFields = sources?.contains(.field) ?? true
        let wantsKeys = sources?.contains(.messageKey) ?? true
        let wantsTokens = sources.map { !$0.isDisjoint(with: [.label, .prefix, .shape]) } ?? true
        for field in event.fields {
            fieldNames.insert(field.name)
            fieldValues.insert(field.value)
            if wantsFields, Self.usable(field.value) {
                add(field.name, field.value, .field)
                if let trace = Self.traceHeaderID(field.value) { add("trace_id", trace, .field) }
            }
        }
        guard wantsKeys || wantsTokens else { return found }
        /// The candidates among the tokens of free text: the message, then fields of several words.
        func scan(_ text: String, keys: Bool, fieldsFirst: Bool = true) {
            let bytes = Array(text.utf8)
            let tokens = Self.coarseTokens(bytes)
            for (index, token) in tokens.enumerated() {
                let hasEquals = token.contains(UInt8(ascii: "="))
                if hasEquals, let (key, value) = Self.keyValue(token) {
                    if keys, wantsKeys, !fieldNames.contains(key), !fieldValues.contains(value) {
                        add(key, value, .messageKey)
                        if let trace = Self.traceHeaderID(value) { add("trace_id", trace, .messageKey) }
                    }
                    continue
                }
                guard wantsTokens, token.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) || Self.mayHoldLetterID(token) else { continue }
                // Only blanks (or a label's colon) between the word before and this token: in `["umbrella","1042"]`
                // the word names no number.
                let spaced = index > 0 && bytes[tokens[index - 1].endIndex..<token.startIndex].allSatisfy {
                    $0 == 0x20 || $0 == 0x09 || $0 == UInt8(ascii: ":")
                }
                for part in Self.parts(token) {
                    guard let (kind, value, source) = Self.classify(part, tokens: tokens, index: index, spaced: spaced),
                          !fieldsFirst || !fieldValues.contains(value) else { continue }
                    add(kind, value, source)
                }
            }
        }
        scan(event.message, keys: true)
        // A capture of free text (an access log's trailing `extra`: `ec5004…0ee74d7caf 10.244.3.105:8080`)
        // carries ids by shape too; its `key=value` pairs are fields already (`message_fields`). So does a
        // JSON object kept as one field, a list (Spring Cloud Sleuth's `[app,traceId,spanId]`), and a
        // value nested in one (a dotted field, OpenTelemetry's `attributes.order.id: ord_7f3a`): its shape
        // (`ord`) joins the records that carry the same id in text, whatever their key.
        if wantsTokens {
            for field in event.fields where field.value.utf8.count <= Self.maxFreeTextBytes {
                // One pass: several words or a list (a space or a comma), or a JSON object.
                if field.value.utf8.first == UInt8(ascii: "{") || field.value.utf8.contains(where: { $0 == 0x20 || $0 == 0x2C }) {
                    scan(field.value, keys: false)
                } else if field.name.utf8.contains(UInt8(ascii: ".")) {
                    scan(field.value, keys: false, fieldsFirst: false)
                }
            }
        }
        return found
    }

    /// The longest field value scanned as free text, in bytes.
    static let maxFreeTextBytes = 1024

    /// Whether a value can be an id at all: not a placeholder (`ExecutionID.isPlaceholder`), no white
    /// space, not too long.
    static func usable(_ value: String) -> Bool {
        guard !ExecutionID.isPlaceholder(value), value.utf8.count <= maxValueBytes else { return false }
        return !value.utf8.contains { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }

    private static func isDelimiter(_ b: UInt8) -> Bool {
        switch b {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "("), UInt8(ascii: ")"),
             UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "<"),
             UInt8(ascii: ">"), UInt8(ascii: "|"):
            return true
        default:
            return false
        }
    }

    private static func isQuote(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: "`")
    }

    private static func isTrailingPunctuation(_ b: UInt8) -> Bool {
        b == UInt8(ascii: ".") || b == UInt8(ascii: ":") || b == UInt8(ascii: "!") || b == UInt8(ascii: "?") || isQuote(b)
    }

    /// The message split at white space and brackets, each piece without surrounding quotes and
    /// trailing punctuation; empty pieces dropped.
    static func coarseTokens(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var tokens: [ArraySlice<UInt8>] = []
        var start = 0
        var i = 0
        while i <= bytes.count {
            // A string escape of a payload quoted in the text (`…\r\nX-Request-Id: 84036fcb…\r\n{\"sid\":\"SM57…\"}`)
            // separates as the byte it stands for would.
            let escape = i + 1 < bytes.count && bytes[i] == UInt8(ascii: "\\") && Self.escaped.contains(bytes[i + 1])
            if i == bytes.count || escape || isDelimiter(bytes[i]) {
                let token = trimmed(bytes[start..<i])
                if !token.isEmpty { tokens.append(token) }
                start = escape ? i + 2 : i + 1
                if escape { i += 1 }
            }
            i += 1
        }
        return tokens
    }

    /// The bytes after a backslash that make a string escape separating tokens: `\r`, `\n`, `\t`, `\"`, `\\`.
    private static let escaped: Set<UInt8> = [UInt8(ascii: "r"), UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "\""), UInt8(ascii: "\\")]

    /// Quotes and trailing punctuation stripped, and CockroachDB's redaction markers around a value
    /// (`‹'vid_Z2kIwFA2hXnK'›`, U+2039 and U+203A, which it writes around every value it may redact).
    private static func trimmed(_ token: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var t = token
        while true {
            if let first = t.first, isQuote(first) {
                t = t.dropFirst()
            } else if t.starts(with: openingMarker) {
                t = t.dropFirst(openingMarker.count)
            } else {
                break
            }
        }
        while true {
            if let last = t.last, isTrailingPunctuation(last) {
                t = t.dropLast()
            } else if t.count >= closingMarker.count, t.suffix(closingMarker.count).elementsEqual(closingMarker) {
                t = t.dropLast(closingMarker.count)
            } else {
                break
            }
        }
        return t
    }

    /// `‹` and `›` in UTF-8.
    private static let openingMarker: [UInt8] = [0xE2, 0x80, 0xB9]
    private static let closingMarker: [UInt8] = [0xE2, 0x80, 0xBA]

    private static func isLetter(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private static func isHex(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "f")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "F"))
    }

    private static func isValueByte(_ b: UInt8) -> Bool {
        isLetter(b) || isDigit(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
    }

    private static func string(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// `key=value` with an identifier key and a value that is not a placeholder (`rid=-`).
    static func keyValue(_ token: ArraySlice<UInt8>) -> (String, String)? {
        guard let equals = token.firstIndex(of: UInt8(ascii: "=")), equals > token.startIndex,
              equals - token.startIndex <= 40 else { return nil }
        let key = token[token.startIndex..<equals]
        guard let first = key.first, isLetter(first) || first == UInt8(ascii: "_"),
              key.allSatisfy({ isValueByte($0) }) else { return nil }
        let value = trimmed(token[(equals + 1)...])
        guard !ExecutionID.isPlaceholder(value), value.count <= maxValueBytes, value.first != UInt8(ascii: "=") else { return nil }
        return (string(key), string(value))
    }

    /// A label word: letters, `_` and `-` only (as written, without a trailing `#`), else nil.
    static func word(_ token: ArraySlice<UInt8>) -> String? {
        var t = token
        while let last = t.last, last == UInt8(ascii: "#") || isTrailingPunctuation(last) { t = t.dropLast() }
        guard !t.isEmpty, t.count <= 30, let first = t.first, isLetter(first),
              t.allSatisfy({ isLetter($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }) else { return nil }
        return string(t)
    }

    /// Whether a label word names an id: `id` in any case, or a word ending in `_id`, `-id`, `Id` or `ID`.
    static func isIDLabel(_ word: String) -> Bool {
        word.lowercased() == "id" || word.lowercased().hasSuffix("_id") || word.lowercased().hasSuffix("-id")
            || (word.count > 2 && (word.hasSuffix("Id") || word.hasSuffix("ID")))
    }

    /// Whether a label word may name the number after it (`build 48213`, `order 1042`, `ticket 77812`): a
    /// word that is no English function word (`in 2048`, `of 1500`, `took 1234`).
    static func isNumberLabel(_ word: String) -> Bool {
        word.count >= 3 && !functionWords.contains(word.lowercased())
    }

    /// Words before a number that say how much or when, not which.
    static let functionWords: Set<String> = [
        "and", "the", "for", "from", "with", "after", "before", "than", "over", "under", "about", "since", "until", "via",
        "per", "into", "onto", "within", "are", "was", "were", "has", "had", "have", "took", "takes", "take", "last", "next",
        "only", "all", "any", "total", "max", "min", "avg", "mean", "every", "each", "around", "approx", "nearly", "above",
        "below", "least", "most", "out", "off", "got", "get", "set", "use", "used", "using", "remaining", "left",
    ]

    /// The pieces of a token between `/`, `:`, `@` and `=`.
    static func parts(_ token: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        let pieces: [ArraySlice<UInt8>]
        if !token.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "@") || $0 == UInt8(ascii: "=") }) {
            pieces = [token]
        } else {
            pieces = token.split { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "@") || $0 == UInt8(ascii: "=") }
                .map { trimmed($0) }.filter { !$0.isEmpty }
        }
        // A file named by an id (`3f2a…0625.mp4`): the id is the name without its extension.
        return pieces.map { piece -> ArraySlice<UInt8> in
            guard let dot = piece.lastIndex(of: UInt8(ascii: ".")), dot > piece.startIndex else { return piece }
            let extensionBytes = piece[(dot + 1)...]
            guard (1...5).contains(extensionBytes.count), let first = extensionBytes.first, (first | 0x20) >= 97, (first | 0x20) <= 122,
                  extensionBytes.allSatisfy({ ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 || isDigit($0) }) else { return piece }
            return piece[..<dot]
        }
    }

    /// The kind a message piece would be an id of, if it is id-shaped.
    /// The kind a piece of `tokens[index]` would be an id of, if it is id-shaped; the tokens before
    /// it are looked at for labels.
    static func classify(_ part: ArraySlice<UInt8>, tokens: [ArraySlice<UInt8>], index: Int, spaced: Bool = true)
        -> (kind: String, value: String, source: IDCandidate.Source)? {
        guard part.count <= maxValueBytes else { return nil }
        guard part.contains(where: { isDigit($0) }) else {
            return prefixKind(part).map { ($0, string(part), .prefix) }
        }
        let previous = index > 0 ? word(tokens[index - 1]) : nil
        return classify(part, previous: previous, beforePrevious: { index > 1 ? word(tokens[index - 2]) : nil },
                        wholeToken: spaced && part.count == tokens[index].count)
    }

    /// The kind a message piece would be an id of, given the label word before it; a number is the
    /// label's only when it is the whole token, blanks alone between them (`src: /10.250.19.102:54106`
    /// names no `src` 54106).
    static func classify(_ part: ArraySlice<UInt8>, previous: String?, beforePrevious: () -> String?, wholeToken: Bool = true)
        -> (kind: String, value: String, source: IDCandidate.Source)? {
        guard part.count <= maxValueBytes else { return nil }
        guard part.contains(where: { isDigit($0) }) else {
            return prefixKind(part).map { ($0, string(part), .prefix) }
        }
        if part.first == UInt8(ascii: "#") {
            let rest = part.dropFirst()
            guard !rest.isEmpty, rest.allSatisfy({ isValueByte($0) }) else { return nil }
            return (previous?.lowercased() ?? "#", string(rest), .label)
        }
        if let label = previous, isIDLabel(label), part.allSatisfy({ isValueByte($0) }) {
            if label.lowercased() == "id", let owner = beforePrevious()?.lowercased(), owner != "id" {
                return (owner + "_id", string(part), .label)
            }
            return (label.lowercased(), string(part), .label)
        }
        if wholeToken, let label = previous, isNumberLabel(label), (4...12).contains(part.count), part.first != UInt8(ascii: "0"),
           part.allSatisfy(isDigit) {
            return (label.lowercased(), string(part), .label)
        }
        if isUUID(part) { return ("uuid", string(part).lowercased(), .shape) }
        if let prefix = prefixKind(part) { return (prefix, string(part), .prefix) }
        if isHexID(part) { return ("hex", string(part).lowercased(), .shape) }
        if let prefix = letteredHexKind(part) { return (prefix, string(part), .prefix) }
        if isDecimalID(part) { return ("number", string(part), .shape) }
        return nil
    }

    /// 15 to 20 decimal digits, the first not a zero: a snowflake id or a 64-bit id in decimal. (A count,
    /// a size or an epoch in milliseconds is shorter; a zero-padded counter opens with zeros.)
    static func isDecimalID(_ part: ArraySlice<UInt8>) -> Bool {
        (15...20).contains(part.count) && part.first != UInt8(ascii: "0") && part.allSatisfy(isDigit)
    }

    /// The trace id of a composite trace header: W3C Trace Context's `traceparent`
    /// (`VV-<32 hex>-<16 hex>-FF`) or B3's single header (`<16 or 32 hex>-<16 hex>` and optionally
    /// `-<sampling>` and `-<16 hex>`), lower-cased; nil for anything else (a UUID has other groups).
    static func traceHeaderID(_ value: String) -> String? {
        // The lengths those headers have (most values are none: no split for them).
        guard [33, 35, 49, 51, 52, 55, 68].contains(value.utf8.count) else { return nil }
        let parts = value.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        func hex(_ part: Substring.UTF8View.SubSequence, _ counts: Set<Int>) -> Bool {
            counts.contains(part.count) && part.allSatisfy { isHex($0) }
        }
        let trace: Substring.UTF8View.SubSequence
        if parts.count == 4, hex(parts[0], [2]), hex(parts[1], [32]), hex(parts[2], [16]), hex(parts[3], [2]) {
            trace = parts[1]
        } else if (2...4).contains(parts.count), hex(parts[0], [16, 32]), hex(parts[1], [16]),
                  parts.count < 3 || parts[2].count == 1, parts.count < 4 || hex(parts[3], [16]) {
            trace = parts[0]
        } else {
            return nil
        }
        // An all-zero trace id is W3C's invalid one.
        guard trace.contains(where: { $0 != UInt8(ascii: "0") }) else { return nil }
        return String(decoding: trace, as: UTF8.self).lowercased()
    }

    /// The lower-cased letters of a token of one to four letters, one of them no hex digit, run into 16
    /// or more hex digits with a letter and a digit (a Twilio-style `SM2cf782514bee127655715dc69cd08bf0`),
    /// else nil.
    static func letteredHexKind(_ part: ArraySlice<UInt8>) -> String? {
        // The prefix ends at its last letter that is no hex digit, within the first four, all letters.
        var end: Int?
        for (offset, b) in part.prefix(4).enumerated() {
            guard isLetter(b) else { break }
            if !isHex(b) { end = part.startIndex + offset + 1 }
        }
        guard let end else { return nil }
        let digits = part[end...]
        guard digits.count >= 16, digits.allSatisfy(isHex), digits.contains(where: isDigit), digits.contains(where: { !isDigit($0) })
        else { return nil }
        return string(part[part.startIndex..<end]).lowercased()
    }

    static func isUUID(_ part: ArraySlice<UInt8>) -> Bool {
        guard part.count == 36 else { return false }
        for (offset, b) in part.enumerated() {
            if [8, 13, 18, 23].contains(offset) {
                if b != UInt8(ascii: "-") { return false }
            } else if !isHex(b) {
                return false
            }
        }
        return true
    }

    /// The lower-cased letters of a prefix–separator–value token, else nil.
    static func prefixKind(_ part: ArraySlice<UInt8>) -> String? {
        var i = part.startIndex
        while i < part.endIndex, isLetter(part[i]) { i += 1 }
        let letters = i - part.startIndex
        guard letters >= 1, letters <= 24, i < part.endIndex,
              part[i] == UInt8(ascii: "_") || part[i] == UInt8(ascii: "-") else { return nil }
        let rest = part[(i + 1)...]
        guard !rest.isEmpty, rest.allSatisfy({ isValueByte($0) }), rest.contains(where: { isDigit($0) }) || isRandomLetters(rest)
        else { return nil }
        return string(part[part.startIndex..<i]).lowercased()
    }

    /// Letters drawn at random in both cases, as base62 ids without a digit are (`pJYPavFjpm`; one in
    /// six of ten characters has none): 8 or more ASCII letters, a lower-case one and two upper-case
    /// ones in a row, which words in snake, camel or Pascal case (`order_created`, `OrderCreated`) lack.
    static func isRandomLetters(_ rest: ArraySlice<UInt8>) -> Bool {
        guard rest.count >= 8, rest.allSatisfy({ isLetter($0) }), rest.contains(where: { $0 >= 97 && $0 <= 122 }) else { return false }
        var previousUpper = false
        for b in rest {
            let upper = b >= 65 && b <= 90
            if upper && previousUpper { return true }
            previousUpper = upper
        }
        return false
    }

    /// Whether a token without a digit may still hold a prefixed id of random letters: a `_` or `-`
    /// and an upper-case letter (the cheap test before `prefixKind`).
    static func mayHoldLetterID(_ token: ArraySlice<UInt8>) -> Bool {
        token.contains { $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") } && token.contains { $0 >= 65 && $0 <= 90 }
    }

    /// 8 or more hex digits with a letter and a digit, or `0x` and 4 or more hex digits; either way not
    /// zero-padded (`isZeroPadded`).
    static func isHexID(_ part: ArraySlice<UInt8>) -> Bool {
        if part.count >= 6, part.first == UInt8(ascii: "0"),
           part[part.startIndex + 1] == UInt8(ascii: "x") || part[part.startIndex + 1] == UInt8(ascii: "X") {
            let digits = part.dropFirst(2)
            return digits.allSatisfy { isHex($0) } && !isZeroPadded(digits)
        }
        guard part.count >= 8, part.allSatisfy({ isHex($0) }), !isZeroPadded(part) else { return false }
        return part.contains { isDigit($0) } && part.contains { !isDigit($0) }
    }

    /// Whether leading zeros make up half of `digits` (four at least): a counter written in a fixed width
    /// (Kestrel's request number `0000000A` after its connection id) or a null id, not a random one (a
    /// random hex id starts with four zeros once in 65,536); its values recur in every connection, process
    /// or run and join unrelated executions.
    static func isZeroPadded(_ digits: ArraySlice<UInt8>) -> Bool {
        let zeros = digits.prefix { $0 == UInt8(ascii: "0") }.count
        return zeros >= max(4, digits.count / 2)
    }
}
