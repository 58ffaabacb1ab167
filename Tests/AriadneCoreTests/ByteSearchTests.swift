import Foundation
import Testing
@testable import AriadneCore

/// The byte-level searches of the later stages against the string operations they replace.
@Suite struct ByteSearchTests {
    static let alphabet: [String] = ["e", "E", "r", "R", "o", "failed", "ERROR", "Time Out", "timeout", "refused", " ", "\u{301}",
                                     "é", "İ", "\u{200D}", "\u{FE0F}", "🚀", "K", "\r\n", "\t", "x", "=", "/", ":"]

    static func text(_ rng: inout SplitMix64) -> String {
        (0..<Int.random(in: 0...8, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined()
    }

    @Test func failureWordsAreFoundAsLowercasedContainsFindsThem() {
        var rng = SplitMix64(seed: 5)
        let words = LogSignals.failureWords + ["status"]
        for _ in 0..<20_000 {
            let text = Self.text(&rng)
            for word in words {
                #expect(LogSignals.containsIgnoringCase(text, word) == text.lowercased().contains(word), "\(Array(text.unicodeScalars)) \(word)")
            }
        }
        #expect(LogSignals.containsIgnoringCase("Connection REFUSED by peer", "refused"))
        #expect(!LogSignals.containsIgnoringCase("errore\u{301}", "errore"))
    }

    /// The trigger of a message, one word after the other with `lowercased().contains`, as it was written.
    static func naiveTrigger(_ message: String) -> TriggerKind? {
        let text = message.lowercased()
        if ["timeout", "timed out", "time out"].contains(where: text.contains) { return .timeout }
        if text.contains("refused") { return .refused }
        if ["exception", "failed", "failure", "error"].contains(where: text.contains) { return .error }
        return nil
    }

    /// Without paths and keys (`/`, `=`, `:`: see `failureWordsInPathsAndNullKeysAreNoFailures`).
    @Test func triggerInOnePassIsTheTriggerOfEachWord() {
        var rng = SplitMix64(seed: 7)
        let extra = ["timed", "time", " out", "Exception", "FAILURE", "fail", "ed", "ure", "d", "re", "fused", "tim", "eout"]
        let pieces = (Self.alphabet + extra).filter { !["=", "/", ":"].contains($0) }
        var kinds: Set<String> = []
        for _ in 0..<30_000 {
            let text = (0..<Int.random(in: 0...8, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let want = Self.naiveTrigger(text)
            #expect(LogSignals.trigger(ofMessage: text) == want, "\(Array(text.unicodeScalars))")
            kinds.insert(want.map(\.rawValue) ?? "none")
        }
        #expect(kinds == ["timeout", "refused", "error", "none"])
    }

    /// A failure word in a path, or as a key whose value says none happened, is no failure; anywhere else
    /// (inside a class name too) it is.
    @Test func failureWordsInPathsAndNullKeysAreNoFailures() {
        for text in ["PUT /v1/kv/config/web/timeout req=5 status=200", "GET /errors/list 200", "jobs done errors=0 failed: 0",
                     "error=null retries=0", "read_timeout_ms=0", "timeout_count=- ok", "failed=none", "/var/log/error.log rotated"] {
            #expect(LogSignals.trigger(ofMessage: text) == nil, "\(text)")
        }
        for (text, kind) in [("read timeout after 30s", TriggerKind.timeout), ("java.net.SocketTimeoutException: Read timed out", .timeout),
                             ("error=connection refused", .refused), ("Error: 0x80004005", .error), ("failed: 3 of 10", .error),
                             ("upstream error (url=/v1/x)", .error)] {
            #expect(LogSignals.trigger(ofMessage: text) == kind, "\(text)")
        }
    }

    @Test func httpMethodsAreTheTrimmedWordsInTheSet() {
        var rng = SplitMix64(seed: 8)
        let pieces = ["\"", "GET", "POST", "OPTIONS", "get", "PUT", "X", "\u{301}", "é", "'", "DELETE", "/"]
        var found = 0
        for _ in 0..<20_000 {
            let word = (0..<Int.random(in: 0...4, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let trimmed = word.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            let want = PlanFacts.httpMethods.contains(trimmed) ? trimmed : nil
            #expect(PlanFacts.httpMethod(Substring(word)) == want, "\(Array(word.unicodeScalars))")
            if want != nil { found += 1 }
        }
        #expect(found > 100)
    }

    @Test func asciiTokensAreTheCharacterSplit() {
        var rng = SplitMix64(seed: 6)
        let pieces = ["a", "B", " ", "\t", "\r\n", "\n", "\"", "'", "(", ")", "[", "]", "{", "}", "<", ">", "=", ",", ";", "|",
                      "10.0.0.1:80", "/", ".", "\u{0B}", "\u{0C}", "\r", "é"]
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...10, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let expected = text.split { c in c.isWhitespace || "\"'()[]{}<>=,;|".contains(c) }
            #expect(HostReferences.tokens(text).map(String.init) == expected.map(String.init), "\(Array(text.unicodeScalars))")
            var visited: [String] = []
            HostReferences.forEachToken(text) { visited.append(String($0)) }
            #expect(visited == expected.map(String.init), "\(Array(text.unicodeScalars))")
        }
    }

    /// A token is looked up as slices of itself when it is lowercase ASCII: on random tokens and hosts
    /// (capitals, slashes, ports, dots, colons, non-ASCII, a name two hosts share), the host it names is
    /// the one the names built as strings give.
    @Test func hostLookupWithoutStringsIsTheLookupOfTheNames() {
        var rng = SplitMix64(seed: 11)
        let pieces = ["a", "B", "kv", "-1", "/", ".", ":", "80", "50010", "10.0.0.1", "é", "x", ":8"]
        func random(_ most: Int) -> String {
            (0..<Int.random(in: 1...most, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
        }
        var checked = 0
        for _ in 0..<300 {
            let hosts = (0..<Int.random(in: 1...5, using: &rng)).map { _ in random(3) }
            var naive: [String: String] = [:]
            var ambiguous: Set<String> = []
            for host in hosts {
                for name in HostReferences.names(host) {
                    if let other = naive[name], other != host { ambiguous.insert(name) } else { naive[name] = host }
                }
            }
            for name in ambiguous { naive[name] = nil }
            let references = HostReferences(hosts: hosts)
            for _ in 0..<100 {
                let token = Bool.random(using: &rng) ? random(4) : hosts.randomElement(using: &rng)! + (Bool.random(using: &rng) ? ":9" : "")
                func whole(_ text: String) -> String? { HostReferences.names(text).lazy.compactMap { naive[$0] }.first }
                // A token naming no host may name one as a URL's authority or a `backend/server` pair's server.
                var want = whole(token)
                if want == nil, let slash = token.firstIndex(of: "/"), slash != token.startIndex {
                    if let scheme = token.range(of: "://") {
                        let authority = String(token[scheme.upperBound...].prefix { $0 != "/" })
                        want = authority.isEmpty ? nil : whole(authority)
                    } else {
                        let server = String(token[token.index(after: slash)...])
                        want = server.isEmpty || server.contains("/") ? nil : whole(server)
                    }
                }
                #expect(references.host(named: Substring(token)) == want, "\(token) among \(hosts)")
                if want != nil { checked += 1 }
            }
        }
        #expect(checked > 1000)
    }
    /// `HostReferences.isSourceWord` read in the bytes is the reading by characters: words split at
    /// non-letters and before capitals, lowercased, compared with the source words.
    @Test func sourceWordsInTheBytesAreTheWordsOfTheCharacters() {
        func naive(_ text: String) -> Bool {
            var words: [String] = [], current = ""
            for c in text {
                if c.isLetter {
                    if c.isUppercase, !current.isEmpty { words.append(current); current = "" }
                    current += c.lowercased()
                } else if !current.isEmpty {
                    words.append(current)
                    current = ""
                }
            }
            if !current.isEmpty { words.append(current) }
            return words.contains { HostReferences.sourceWords.contains($0) }
        }
        var rng = SplitMix64(seed: 12)
        let pieces = ["from", "From", "FROM", "src", "Src", "client", "Addr", "_", ":", "-", "1", "to", "dest", "origin", "é", "x", " ", "Sender"]
        var sources = 0
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...4, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let want = naive(text)
            #expect(HostReferences.isSourceWord(text) == want, "\(text)")
            #expect(HostReferences.isSourceWord(Substring(text)) == want, "\(text)")
            if want { sources += 1 }
        }
        #expect(sources > 300)
    }
}
