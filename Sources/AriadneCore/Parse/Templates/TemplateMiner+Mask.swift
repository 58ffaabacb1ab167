extension TemplateMiner {
    /// The wildcard that stands for a masked variable part.
    public static let wildcard = "<*>"

    /// The template of `message` with its variable parts replaced by `<*>`, before any clustering.
    ///
    /// Only the first line is masked (a multi-line message is one log statement followed by stack
    /// trace or dump lines, which are not part of its template), and, when it holds one token, the
    /// first line after it that starts with a word (`bodyLine`); a trailing `\r` is dropped and runs
    /// of spaces and tabs become one space. Within a whitespace-separated token, the text is cut at
    /// the punctuation `= , ; : ( ) [ ] { } < > " ' |`, and each piece between cuts is masked when it
    /// is a variable:
    /// - it contains an ASCII digit (numbers, hex, ids like `blk_-42`, IPs, ports, versions, UUIDs,
    ///   times, host names with digits);
    /// - it is a path: it starts with `/` (and is longer than `/`) or contains `\`;
    /// - it is a URL (`scheme://...`, masked up to the next space or quote, whatever it contains);
    /// - it is the value of `key=value` (up to the next space or punctuation other than a `:` joining two
    ///   pieces: `key=flags:prod:cdn-images` is `key=<*>`), or the quoted value
    ///   of `key="..."` / `key='...'` (up to the closing quote, spaces included);
    /// - it is `true`, `false` or `null` (any case);
    /// - it is a month or weekday name (`Jul`, `Friday`, `SEP`) followed by a masked token, so that
    ///   dates written with names are masked whole.
    /// Finally each run of tokens that are exactly `<*>` becomes one `<*>` (variable-length lists).
    /// A `<*>` already in the message is kept, so callers may replace extra patterns by `<*>` first.
    /// Pure and deterministic; works on the UTF-8 bytes, so invalid input (replacement characters)
    /// and any Unicode pass through unchanged unless masked.
    public static func mask(_ message: String) -> String {
        maskedTokens(message).joined(separator: " ")
    }

    /// The masked first line of `message` (and its body line), split at whitespace.
    static func maskedTokens(_ message: String) -> [String] {
        var message = message
        return message.withUTF8 { maskedTokens(bytes: $0) }
    }

    static func maskedTokens(bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var end = 0
        while end < bytes.count, bytes[end] != ByteClass.newline { end += 1 }
        var tokens = maskedPieces(bytes, from: 0, to: end)
        if tokens.count <= 1, let body = bodyLine(bytes, after: end) {
            tokens += maskedPieces(bytes, from: body.lowerBound, to: body.upperBound)
        }
        maskDateNames(&tokens)
        collapseWildcardRuns(&tokens)
        return tokens
    }

    /// Lines after a header looked at for its body line (`bodyLine`).
    static let bodyLinesLooked = 4

    /// The first of the next `bodyLinesLooked` lines after the first line (ending at `end`) that starts,
    /// after its indent, with a letter or a digit and is no stack trace's (`RecordParser.looksLikeContinuation`:
    /// `at …`, `Caused by:`, an exception's name), without its indent: the message of a record whose
    /// header holds one token, as ASP.NET Core's console writes a category (`Orders.CheckoutController[0]`)
    /// over its scopes (`=> SpanId:…`) and its message. The template is then the header's and that line's.
    private static func bodyLine(_ bytes: UnsafeBufferPointer<UInt8>, after end: Int) -> Range<Int>? {
        var start = end + 1
        for _ in 0..<bodyLinesLooked {
            guard start < bytes.count else { return nil }
            var stop = start
            while stop < bytes.count, bytes[stop] != ByteClass.newline { stop += 1 }
            var first = start
            while first < stop, bytes[first] == UInt8(ascii: " ") || bytes[first] == UInt8(ascii: "\t") { first += 1 }
            if first < stop, ByteClass.isLetter(bytes[first]) || (bytes[first] >= ByteClass.zero && bytes[first] <= ByteClass.nine),
               !RecordParser.looksLikeContinuation(UnsafeBufferPointer(rebasing: bytes[first..<stop])) {
                return first..<stop
            }
            start = stop + 1
        }
        return nil
    }

    /// The masked tokens of `bytes[start..<end]`, one line (see `mask`), before date names and runs of
    /// wildcards are folded.
    private static func maskedPieces(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> [String] {
        var tokens: [String] = []
        var current: [UInt8] = []
        current.reserveCapacity(64)
        var index = start

        func flush() {
            if !current.isEmpty {
                tokens.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
        }
        func appendWildcard() {
            current.append(contentsOf: ByteClass.wildcard)
        }
        func pieceEnd(from start: Int) -> Int {
            var cursor = start
            while cursor < end, ByteClass.kind[Int(bytes[cursor])] == ByteClass.other { cursor += 1 }
            return cursor
        }
        /// A `key=value`'s unquoted value: its pieces joined by `:` are one value (`flags:prod:cdn-images`,
        /// `10.0.0.7:8080`, `10:11:12`), a `:` before a space or the end closes it.
        func valueEnd(from start: Int) -> Int {
            var cursor = pieceEnd(from: start)
            while cursor + 1 < end, bytes[cursor] == UInt8(ascii: ":"), ByteClass.kind[Int(bytes[cursor + 1])] == ByteClass.other {
                cursor = pieceEnd(from: cursor + 1)
            }
            return cursor
        }

        while index < end {
            let byte = bytes[index]
            let kind = ByteClass.kind[Int(byte)]
            if kind == ByteClass.space {
                flush()
                index += 1
                continue
            }
            if kind == ByteClass.punctuation {
                current.append(byte)
                index += 1
                guard byte == ByteClass.equals, index < end else { continue }
                let next = bytes[index]
                if next == ByteClass.doubleQuote || next == ByteClass.singleQuote {
                    var close = index + 1
                    while close < end, bytes[close] != next { close += 1 }
                    if close < end {
                        current.append(next)
                        if close > index + 1 { appendWildcard() }
                        current.append(next)
                        index = close + 1
                    }
                } else if ByteClass.kind[Int(next)] == ByteClass.other {
                    appendWildcard()
                    index = isURL(bytes, at: index, end: end) ? urlEnd(bytes, from: index, end: end) : valueEnd(from: index)
                }
                continue
            }
            if isURL(bytes, at: index, end: end) {
                appendWildcard()
                index = urlEnd(bytes, from: index, end: end)
                continue
            }
            let stop = pieceEnd(from: index)
            if isVariable(bytes, from: index, to: stop) {
                appendWildcard()
            } else {
                current.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<stop]))
            }
            index = stop
        }
        flush()
        return tokens
    }

    /// Replaces each run of tokens that are exactly `<*>` by one `<*>`, so that lists of variable
    /// length (block lists, stack frames, dates) give one template.
    private static func collapseWildcardRuns(_ tokens: inout [String]) {
        var kept = 0
        for position in tokens.indices {
            if tokens[position] == wildcard, kept > 0, tokens[kept - 1] == wildcard { continue }
            tokens[kept] = tokens[position]
            kept += 1
        }
        tokens.removeLast(tokens.count - kept)
    }

    /// Masks month and weekday names written before a masked part (`Fri Jul <*> <*>`), from the
    /// right so that a chain of names before a number is masked whole.
    private static func maskDateNames(_ tokens: inout [String]) {
        var position = tokens.count - 2
        while position >= 0 {
            let token = tokens[position]
            if token.utf8.count >= 3, token.utf8.count <= 9, let first = token.utf8.first,
               first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z"),
               tokens[position + 1].hasPrefix(wildcard), ByteClass.dateNames.contains(token) {
                tokens[position] = wildcard
            }
            position -= 1
        }
    }

    /// Whether the piece `bytes[start..<stop]` (no spaces, no cutting punctuation) is a variable.
    private static func isVariable(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to stop: Int) -> Bool {
        if bytes[start] == ByteClass.slash && stop - start > 1 { return true }
        if stop - start == 4 || stop - start == 5 {
            var folded: UInt64 = 0
            for cursor in start..<stop { folded = folded << 8 | UInt64(bytes[cursor] | 0x20) }
            if folded == ByteClass.trueWord || folded == ByteClass.falseWord || folded == ByteClass.nullWord {
                return true
            }
        }
        for cursor in start..<stop {
            let byte = bytes[cursor]
            if (byte >= ByteClass.zero && byte <= ByteClass.nine) || byte == ByteClass.backslash { return true }
        }
        return false
    }

    /// Whether a URL (`letter (letter|digit|+|-|.)* ://`) starts at `start`.
    private static func isURL(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> Bool {
        guard start < end, ByteClass.isLetter(bytes[start]) else { return false }
        var cursor = start + 1
        while cursor < end, cursor - start <= 32 {
            let byte = bytes[cursor]
            if ByteClass.isLetter(byte) || (byte >= ByteClass.zero && byte <= ByteClass.nine)
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") {
                cursor += 1
                continue
            }
            return byte == UInt8(ascii: ":") && cursor + 2 < end
                && bytes[cursor + 1] == ByteClass.slash && bytes[cursor + 2] == ByteClass.slash
        }
        return false
    }

    /// The end of the URL starting at `start`: the next space, quote or angle bracket.
    private static func urlEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Int {
        var cursor = start
        while cursor < end {
            let byte = bytes[cursor]
            if ByteClass.kind[Int(byte)] == ByteClass.space || byte == ByteClass.doubleQuote
                || byte == ByteClass.singleQuote || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") {
                break
            }
            cursor += 1
        }
        return cursor
    }
}

/// Byte classes for masking: space separates tokens, punctuation cuts a token into pieces.
private enum ByteClass {
    static let other: UInt8 = 0
    static let space: UInt8 = 1
    static let punctuation: UInt8 = 2

    static let newline = UInt8(ascii: "\n")
    static let equals = UInt8(ascii: "=")
    static let doubleQuote = UInt8(ascii: "\"")
    static let singleQuote = UInt8(ascii: "'")
    static let slash = UInt8(ascii: "/")
    static let backslash = UInt8(ascii: "\\")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
    static let wildcard: [UInt8] = Array(TemplateMiner.wildcard.utf8)

    static let kind: [UInt8] = {
        var table = [UInt8](repeating: other, count: 256)
        for byte in " \t\r\u{0B}\u{0C}".utf8 { table[Int(byte)] = space }
        for byte in "=,;:()[]{}<>\"'|".utf8 { table[Int(byte)] = punctuation }
        return table
    }()

    static let trueWord = folded("true")
    static let falseWord = folded("false")
    static let nullWord = folded("null")

    static func folded(_ word: String) -> UInt64 {
        word.utf8.reduce(0) { $0 << 8 | UInt64($1 | 0x20) }
    }

    static let dateNames: Set<String> = {
        let names = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September",
            "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday", "Sunday",
        ]
        var all = Set<String>()
        for name in names {
            all.insert(name)
            all.insert(String(name.prefix(3)))
            all.insert(name.uppercased())
            all.insert(String(name.prefix(3)).uppercased())
        }
        all.insert("Sept")
        return all
    }()

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }
}
