import Foundation
import Testing
@testable import AriadneCore

/// `SourceLocationWord.matches`, read byte by byte, against its regular expression on many random
/// words (pieces of source locations, other punctuation, non-ASCII letters and digits, control characters).
@Suite struct SourceLocationWordTests {
    static func reference(_ word: Substring) -> Bool {
        word.range(of: SourceLocationWord.pattern, options: .regularExpression) != nil
    }

    @Test func knownWords() {
        for word in ["worker.go:<*>:", "Foo.java:12", "_x-y.rs:7:", "a.b:1", "logger.py:<*>", "eta.api:predict:57", "app.jobs.sync:_run:<*>"] {
            #expect(SourceLocationWord.matches(Substring(word)), "\(word)")
        }
        for word in ["10.251.43.147:50010", "NameSystem.addStoredBlock:", "Foo.javascript:12", "Foo.java:", "Foo.java:12::",
                     "Foo.java:<*>x", "-foo.go:1", "foo:1", "foo.go1", "", "rl:acct:1772805601", "db.example.com:5432",
                     "eta.api:9predict:57", "eta.api:predict:", "eta-1.api:predict:57"] {
            #expect(!SourceLocationWord.matches(Substring(word)), "\(word)")
        }
    }

    @Test func randomWordsAgreeWithTheRegularExpression() {
        let pieces = ["a", "Z", "_", "-", ".", ":", "<*>", "<", "*", ">", "1", "42", "go", "java", "abcdef", "é", "٣", "\n", "\t",
                      "\u{7F}", "Foo", "x.y", ":1", ".go:", "ß", "\u{301}", "x.y:run:", "mod.sub:f:"]
        var random = SplitMix64(seed: 3)
        var matched = 0
        for _ in 0..<20_000 {
            func piece() -> String { pieces[Int(random.next() % UInt64(pieces.count))] }
            // Half the words are shaped like a source location, with a random piece here and there.
            let shaped = [["a", "Foo", "_", "é", "-"], ["", "x_1", "-y", "٣", piece()], ["."], ["go", "java", "abcdef", "ß", piece()],
                          [":"], ["<*>", "12", "", "٣", piece()], ["", ":", "\n", piece()]]
                .map { $0[Int(random.next() % UInt64($0.count))] }.joined()
            let word = random.next() % 2 == 0 ? shaped : (0..<Int(1 + random.next() % 7)).map { _ in piece() }.joined()
            let got = SourceLocationWord.matches(Substring(word)), want = Self.reference(Substring(word))
            #expect(got == want, "\(word.debugDescription)")
            if want { matched += 1 }
        }
        #expect(matched > 200)
    }

    @Test func messageKeyDropsSourceLocationsAndLeadingWildcards() {
        #expect(ExecutionView.messageKey("<*> <*>: worker.go:<*>: sent  Foo.java:12 to <*>") == "sent to <*>")
    }
}

/// A code location (`caller=checkout/svc.go:41`) is where a record was written, never its service: not
/// in logfmt or JSON records, nor as an inferred column.
@Suite struct CodeLocationServiceTests {
    @Test func codeLocations() {
        for value in ["checkout/svc.go:41", "main.go:42", "src\\app.py:7", "a/b/c/Foo.java:12", "logger.py:<*>"] {
            #expect(SourceLocationWord.isCodeLocation(Substring(value)), "\(value)")
        }
        for value in ["checkout", "payment/charge", "10.0.0.1:8080", "http://x/y:80", "orders-svc", "a/b.go:", "kafka.log"] {
            #expect(!SourceLocationWord.isCodeLocation(Substring(value)), "\(value)")
        }
    }

    func parse(_ text: String, name: String) throws -> [Event] {
        var events: [Event] = []
        let session = ParseSession(options: ParseOptions(library: try PatternLibrary().patterns, threads: 1)) { events.append($0) }
        try session.parse(InputSource(path: TestPaths.file(text, name: name)))
        return events
    }

    @Test func structuredRecordsKeepTheCallerAsAField() throws {
        var logfmt = "", json = ""
        for i in 0..<20 {
            logfmt += "ts=2026-03-01T12:00:\(String(format: "%02d", i)).000Z level=info caller=checkout/svc.go:\(40 + i % 3) msg=\"placing order\" order=o\(i)\n"
            json += #"{"ts":"2026-03-01T12:00:\#(String(format: "%02d", i)).000Z","level":"info","caller":"payment/charge.go:52","component":"payments","msg":"charged"}"# + "\n"
        }
        let fromLogfmt = try parse(logfmt, name: "checkout-1.log")
        #expect(fromLogfmt.count == 20)
        #expect(fromLogfmt.allSatisfy { $0.service == nil && $0.field("caller")?.hasPrefix("checkout/svc.go:") == true })
        let fromJSON = try parse(json, name: "payment-1.jsonl")
        #expect(fromJSON.count == 20)
        // The next service key (`component`) names the service.
        #expect(fromJSON.allSatisfy { $0.service == "payments" && $0.field("caller") == "payment/charge.go:52" })
    }

    /// loguru's default layout: `time | LEVEL    | module:function:line - message`.
    @Test func logurusModuleFunctionLineIsTheCaller() throws {
        let text = Self.lines(callers: ["eta.api:predict:57", "eta.model:score:112", "eta.api:health:20"]) { i, caller in
            "2026-03-06 14:00:\(String(format: "%02d", i)).604 | \(["INFO    ", "WARNING "][i % 2]) | \(caller) - step \(i % 4) trace=\(String(i * 7919, radix: 16))"
        }
        let events = try parseWithACallerColumn(text, name: "eta-a.log")
        #expect(events.count == 40 && events.allSatisfy { $0.service?.contains(":") != true && $0.field("caller")?.hasPrefix("eta.") == true })
    }

    /// Forty lines, `line(i, caller)` each, the callers taken in turn.
    private static func lines(callers: [String], line: (Int, String) -> String) -> String {
        (0..<40).map { line($0, callers[$0 % callers.count]) + "\n" }.joined()
    }

    /// The events of `text` in the file `name`, parsed with an inferred layout that must name a `caller` column.
    private func parseWithACallerColumn(_ text: String, name: String) throws -> [Event] {
        var events: [Event] = []
        let session = ParseSession(options: ParseOptions(library: [], threads: 1)) { events.append($0) }
        try session.parse(InputSource(path: TestPaths.file(text, name: name)))
        #expect(session.stats.inputs[0].inferredLayout?.contains("· caller ·") == true, "\(session.stats.inputs[0].inferredLayout ?? "none")")
        return events
    }

    @Test func anInferredColumnOfCodeLocationsIsTheCaller() throws {
        let text = Self.lines(callers: ["checkout/svc.go:41", "checkout/svc.go:63", "checkout/svc.go:70"]) { i, caller in
            "2026-03-01T12:00:\(String(format: "%02d", i)).000Z\t\(["info", "warn"][i % 2])\t\(caller)\tstep \(i % 4) trace_id=\(String(i * 7919, radix: 16))"
        }
        let events = try parseWithACallerColumn(text, name: "checkout-5d8f7c9b6-x7k2p.log")
        #expect(events.count == 40)
        #expect(events.allSatisfy { $0.service != "checkout/svc.go:41" && $0.field("caller")?.hasPrefix("checkout/svc.go:") == true })
    }
}
