import Foundation

/// Recognizes error-looking records and the kind of trigger they stand for.
enum LogSignals {
    static let errorLevels: Set<String> = ["ERROR", "ERR", "E", "WARN", "WARNING", "W", "FATAL", "F", "CRITICAL", "CRIT", "SEVERE", "ALERT", "EMERG",
                                           "FAIL"]

    /// Whether the record reports a failure: an error or warning level, failure words in its message,
    /// or a 4xx/5xx status (`failedStatus`).
    static func isErrorLooking(_ event: Event) -> Bool {
        reportsFailure(event) || failedStatus(event) != nil
    }

    /// Whether an error-looking record (`isErrorLooking`) reports a failure rather than only a warning:
    /// an error level (not `WARN`), failure words, or a 4xx/5xx status. `WARN slow query took 900ms` did
    /// its work; `ERROR charge failed` did not.
    static func isFailure(errorLooking event: Event) -> Bool {
        if let level = event.level?.uppercased(), errorLevels.contains(level), !warningLevels.contains(level) { return true }
        return trigger(ofMessage: event.message) != nil || failedStatus(event) != nil
    }

    static let warningLevels: Set<String> = ["WARN", "WARNING", "W"]

    /// Whether the record says it failed in words: an error or warning level, or failure words in its
    /// message.
    static func reportsFailure(_ event: Event) -> Bool {
        if let level = event.level, errorLevels.contains(level.uppercased()) { return true }
        return trigger(ofMessage: event.message) != nil
    }

    /// What makes the record look like a failure, shortly (`level ERROR`, `status=500`, `'refused'`),
    /// or nil when it does not.
    static func failureSignal(_ event: Event) -> String? {
        if let level = event.level, errorLevels.contains(level.uppercased()) { return "level \(level)" }
        if let status = failedStatus(event) { return status.label }
        // The failure words are the trigger words, in the same order: one pass finds them all.
        let (decided, undecided) = triggerWordsFound(event.message)
        guard decided | undecided != 0 else { return nil }
        for (k, word) in failureWords.enumerated()
        where decided & (1 << k) != 0 || (undecided & (1 << k) != 0 && event.message.lowercased().contains(word)) {
            return "'\(word)'"
        }
        return nil
    }

    /// The words that make a message look like a failure, the first found named: `triggerWords`.
    static let failureWords = triggerWords

    /// A 4xx or 5xx status the record carries: a field whose name contains `status` and whose value
    /// starts with the code, or in the message (or a field holding JSON) a key containing `status`
    /// followed by `=` or `:` and the code (`status=500`, `"statusCode": 503`, `http_status: 404`), or
    /// an HTTP status line (`HTTP/1.1" 502`).
    static func failedStatus(_ event: Event) -> StatusSignal? {
        for field in event.fields where containsIgnoringCase(field.name, "status") {
            if let code = leadingFailureCode(Array(field.value.utf8.prefix(8)), from: 0) {
                return StatusSignal(key: field.name, code: code, equals: true)
            }
        }
        if let found = statusToken(in: event.message) { return found }
        for field in event.fields where field.value.hasPrefix("{") {
            if let found = statusToken(in: field.value) { return found }
        }
        return nil
    }

    /// A 3-digit code 400–599 at `start` of `bytes` (after an optional quote), not followed by a letter
    /// or digit (`500ms` is a duration).
    static func leadingFailureCode<C: RandomAccessCollection>(_ bytes: C, from start: Int) -> String?
    where C.Element == UInt8, C.Index == Int {
        var i = start
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") { i += 1 }
        guard i + 3 <= bytes.endIndex, bytes[i] == UInt8(ascii: "4") || bytes[i] == UInt8(ascii: "5"),
              isDigit(bytes[i + 1]), isDigit(bytes[i + 2]), i + 3 == bytes.endIndex || !isAlphanumeric(bytes[i + 3]) else { return nil }
        return String(decoding: bytes[i..<(i + 3)], as: UTF8.self)
    }

    /// The first `…status…[=:] 4xx/5xx` or `HTTP/x.y" 4xx/5xx` in `text`.
    static func statusToken(in text: String) -> StatusSignal? {
        var copy = text
        return copy.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                // Only the words' first letters start a comparison.
                let lower = bytes[i] | 0x20
                guard lower == UInt8(ascii: "s") || lower == UInt8(ascii: "h") else {
                    i += 1
                    continue
                }
                if matches(bytes, "status", at: i) {
                    var start = i
                    while start > 0, isWord(bytes[start - 1]) { start -= 1 }
                    var end = i + 6
                    while end < bytes.count, isWord(bytes[end]) { end += 1 }
                    var j = end
                    if j < bytes.count, bytes[j] == UInt8(ascii: "\"") || bytes[j] == UInt8(ascii: "'") { j += 1 }
                    while j < bytes.count, bytes[j] == UInt8(ascii: " ") { j += 1 }
                    if j < bytes.count, bytes[j] == UInt8(ascii: "=") || bytes[j] == UInt8(ascii: ":") {
                        let equals = j == end && bytes[j] == UInt8(ascii: "=")
                        j += 1
                        while j < bytes.count, bytes[j] == UInt8(ascii: " ") { j += 1 }
                        if let code = leadingFailureCode(bytes, from: j) {
                            let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                            return StatusSignal(key: key, code: code, equals: equals && j == end + 1)
                        }
                    }
                    i = end
                    continue
                }
                if matches(bytes, "http/", at: i), i == 0 || !isWord(bytes[i - 1]) {
                    var j = i + 5
                    while j < bytes.count, isDigit(bytes[j]) || bytes[j] == UInt8(ascii: ".") { j += 1 }
                    if j < bytes.count, bytes[j] == UInt8(ascii: "\"") { j += 1 }
                    let spaces = j
                    while j < bytes.count, bytes[j] == UInt8(ascii: " ") { j += 1 }
                    if j > spaces, j < bytes.count, bytes[j] != UInt8(ascii: "\""), let code = leadingFailureCode(bytes, from: j) {
                        return StatusSignal(key: nil, code: code, equals: false)
                    }
                }
                i += 1
            }
            return nil
        }
    }

    /// Whether the lowercase ASCII `word` is at `index` of `bytes`, ignoring ASCII case.
    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString, at index: Int) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return word.withUTF8Buffer { w in
            (0..<count).allSatisfy { k in
                let byte = bytes[index + k]
                return (byte >= 65 && byte <= 90 ? byte + 32 : byte) == w[k]
            }
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }

    /// Bytes of a key: letters, digits, `_`, `.`, `-` (`http.status_code`, `x-status`).
    private static func isWord(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }

    /// The trigger kind named by a message, if it names one.
    /// Timeout words (any of them: `timeout`), `refused`, then error words: in one pass over the message
    /// (`triggerWordsFound`), each word as `containsIgnoringCase` finds it.
    static func trigger(ofMessage message: String) -> TriggerKind? {
        let (decided, undecided) = triggerWordsFound(message)
        func has(_ k: Int) -> Bool {
            decided & (1 << k) != 0 || (undecided & (1 << k) != 0 && message.lowercased().contains(triggerWords[k]))
        }
        if has(0) || has(1) || has(2) { return .timeout }
        if has(3) { return .refused }
        for k in 4..<triggerWords.count where has(k) { return .error }
        return nil
    }

    /// The words `trigger(ofMessage:)` looks for, in its order.
    static let triggerWords = ["timeout", "timed out", "time out", "refused", "exception", "failed", "failure", "error"]
    private static let triggerBytes = triggerWords.map { Array($0.utf8) }

    /// Bit k for word k of `triggerWords`, from one pass over the bytes: in `decided` when the bytes
    /// contain it ignoring ASCII case followed by ASCII or the end (`bytesContain` says true), else in
    /// `undecided` when a match is followed by a non-ASCII byte (`bytesContain` says nil).
    static func triggerWordsFound(_ message: String) -> (decided: UInt8, undecided: UInt8) {
        var decided: UInt8 = 0, undecided: UInt8 = 0
        var copy = message
        copy.withUTF8 { bytes in
            let count = bytes.count
            for i in 0..<count {
                let b = bytes[i]
                let lower = b >= 65 && b <= 90 ? b + 32 : b
                // Only the words' first letters start a comparison.
                guard lower == UInt8(ascii: "t") || lower == UInt8(ascii: "r") || lower == UInt8(ascii: "e") || lower == UInt8(ascii: "f") else { continue }
                for (k, word) in triggerBytes.enumerated() where word[0] == lower && decided & (1 << k) == 0 {
                    let n = word.count
                    guard i + n <= count else { continue }
                    var j = 1
                    while j < n {
                        let c = bytes[i + j]
                        if (c >= 65 && c <= 90 ? c + 32 : c) != word[j] { break }
                        j += 1
                    }
                    guard j == n, !namesNoFailure(bytes, at: i, length: n) else { continue }
                    if i + n == count || bytes[i + n] < 0x80 { decided |= 1 << k } else { undecided |= 1 << k }
                }
            }
        }
        return (decided, undecided)
    }

    /// Whether the failure word at `index` (`length` bytes) says no failure: it is part of a path
    /// (`PUT /v1/kv/web/timeout`, `/errors/list`), or of a key whose value says none happened
    /// (`errors=0`, `failed_jobs: 0`, `error=null`, `timeout_count=-`).
    private static func namesNoFailure(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, length: Int) -> Bool {
        let slash = UInt8(ascii: "/")
        if index > 0, bytes[index - 1] == slash { return true }
        var end = index + length
        if end < bytes.count, bytes[end] == slash { return true }
        while end < bytes.count, isWord(bytes[end]) { end += 1 }
        if end < bytes.count, bytes[end] == slash { return true }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "=") || bytes[end] == UInt8(ascii: ":") else { return false }
        var start = end + 1
        while start < bytes.count, bytes[start] == 32 { start += 1 }
        if start < bytes.count, bytes[start] == UInt8(ascii: "\"") || bytes[start] == UInt8(ascii: "'") { start += 1 }
        var stop = start
        while stop < bytes.count, isWord(bytes[stop]) { stop += 1 }
        if start == stop { return stop < bytes.count && bytes[stop] == UInt8(ascii: "-") }
        let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<stop]), as: UTF8.self).lowercased()
        return value.allSatisfy { $0 == "0" || $0 == "." } || nullValues.contains(value)
    }

    /// Values that say nothing happened.
    private static let nullValues: Set<String> = ["null", "nil", "none", "false", "no", "-"]

    /// `text.lowercased().contains(word)` for a lowercase ASCII `word`, answered from the bytes when they
    /// decide it: only ASCII letters lowercase to the word's letters, so without a match in the bytes
    /// (ignoring ASCII case) there is none, and a match followed by ASCII or the end is one. A match
    /// followed by other text (a combining mark may make its last letter another character) is left
    /// to the string search.
    static func containsIgnoringCase(_ text: String, _ word: String) -> Bool {
        var copy = text
        return copy.withUTF8 { bytesContain($0, word) } ?? text.lowercased().contains(word)
    }

    /// True or false when the bytes decide, nil when a match is followed by a non-ASCII byte.
    private static func bytesContain(_ bytes: UnsafeBufferPointer<UInt8>, _ word: String) -> Bool? {
        var word = word
        return word.withUTF8 { w in
            let n = w.count, count = bytes.count
            guard n > 0 else { return true }
            guard n <= count else { return false }
            let first = w[0]
            var undecided = false
            var i = 0
            while i + n <= count {
                let b = bytes[i]
                if (b >= 65 && b <= 90 ? b + 32 : b) == first {
                    var k = 1
                    while k < n {
                        let c = bytes[i + k]
                        if (c >= 65 && c <= 90 ? c + 32 : c) != w[k] { break }
                        k += 1
                    }
                    if k == n {
                        if i + n == count || bytes[i + n] < 0x80 { return true }
                        undecided = true
                    }
                }
                i += 1
            }
            return undecided ? nil : false
        }
    }

    /// The trigger kind of an error-looking record (`error` when only its level or status says so).
    static func trigger(of event: Event) -> TriggerKind {
        trigger(ofMessage: event.message) ?? .error
    }

    static let successWords = ["success", "succeeded", "complete", "completed", "stored", "added", "committed", "finished", "done", "ok", "created", "saved"]

    /// Whether a template reads like a success.
    static func isSuccessLooking(_ template: String) -> Bool {
        let words = template.lowercased().split { !$0.isLetter }
        return words.contains { successWords.contains(String($0)) }
    }
}

/// A 4xx or 5xx status found on a record.
struct StatusSignal: Equatable {
    /// The key as written (`status`, `http.status_code`); nil for an HTTP status line.
    let key: String?
    /// The code, `400` to `599`.
    let code: String
    /// Whether it was written `key=code` (or is a field).
    let equals: Bool

    /// `status=500`, `statusCode: 503`, `HTTP 502`.
    var label: String {
        guard let key else { return "HTTP \(code)" }
        return equals ? "\(key)=\(code)" : "\(key): \(code)"
    }

    /// A PCRE2 pattern naming the same key with a 2xx code, as an outcome can be written; nil for an
    /// HTTP status line.
    var successPattern: String? {
        guard let key else { return nil }
        return EventMatcher.escape(key) + (equals ? "=" : "\\W*") + "2\\d\\d"
    }
}

extension LogSignals {
    /// HTTP's request methods, as access lines write them.
    static let httpMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"]

    /// Whether the record reports the response to a request (an HTTP status, 100 to 599): a field whose
    /// name holds `status` or ends in `code` (`response_code`, `statusCode`) with that value, or in the
    /// message such a value after a word of the same kind (`status=200`, `code: 503`) or after an HTTP
    /// version (`"GET / HTTP/1.1" 200`) or an HTTP method (`GET 404`). An access log's line is written
    /// once the response went out.
    static func reportsResponse(_ event: Event) -> Bool {
        func isCode(_ text: Substring) -> Bool {
            let utf8 = text.utf8
            guard utf8.count == 3, let first = utf8.first, first >= UInt8(ascii: "1"), first <= UInt8(ascii: "5") else { return false }
            return utf8.allSatisfy(isDigit)
        }
        // Read only when a code follows it: most tokens are not codes. An HTTP method right before the
        // code is an access line's too (bazel-remote's `GET 404 10.0.1.21 /ac/…`).
        func namesStatus(_ name: Substring) -> Bool {
            let lower = name.lowercased()
            return lower.contains("status") || lower.hasSuffix("code") || lower.hasPrefix("http/") || Self.httpMethods.contains(String(name))
        }
        for field in event.fields where isCode(Substring(field.value)) && namesStatus(Substring(field.name)) { return true }
        var previous: Substring = ""
        var found = false
        HostReferences.forEachToken(event.message) { token in
            if !found, isCode(token), namesStatus(previous) { found = true }
            if token != ":" { previous = token }
        }
        return found
    }
}
