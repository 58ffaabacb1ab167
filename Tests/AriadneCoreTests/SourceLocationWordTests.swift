import Foundation
import Testing
@testable import AriadneCore

/// `ExecutionView.isSourceLocation`, read byte by byte, against its regular expression on many random
/// words (pieces of source locations, other punctuation, non-ASCII letters and digits, control characters).
@Suite struct SourceLocationWordTests {
    static func reference(_ word: Substring) -> Bool {
        word.range(of: ExecutionView.sourceLocation, options: .regularExpression) != nil
    }

    @Test func knownWords() {
        for word in ["worker.go:<*>:", "Foo.java:12", "_x-y.rs:7:", "a.b:1", "logger.py:<*>"] {
            #expect(ExecutionView.isSourceLocation(Substring(word)), "\(word)")
        }
        for word in ["10.251.43.147:50010", "NameSystem.addStoredBlock:", "Foo.javascript:12", "Foo.java:", "Foo.java:12::",
                     "Foo.java:<*>x", "-foo.go:1", "foo:1", "foo.go1", ""] {
            #expect(!ExecutionView.isSourceLocation(Substring(word)), "\(word)")
        }
    }

    @Test func randomWordsAgreeWithTheRegularExpression() {
        let pieces = ["a", "Z", "_", "-", ".", ":", "<*>", "<", "*", ">", "1", "42", "go", "java", "abcdef", "é", "٣", "\n", "\t",
                      "\u{7F}", "Foo", "x.y", ":1", ".go:", "ß", "\u{301}"]
        var random = SplitMix64(seed: 3)
        var matched = 0
        for _ in 0..<20_000 {
            func piece() -> String { pieces[Int(random.next() % UInt64(pieces.count))] }
            // Half the words are shaped like a source location, with a random piece here and there.
            let shaped = [["a", "Foo", "_", "é", "-"], ["", "x_1", "-y", "٣", piece()], ["."], ["go", "java", "abcdef", "ß", piece()],
                          [":"], ["<*>", "12", "", "٣", piece()], ["", ":", "\n", piece()]]
                .map { $0[Int(random.next() % UInt64($0.count))] }.joined()
            let word = random.next() % 2 == 0 ? shaped : (0..<Int(1 + random.next() % 7)).map { _ in piece() }.joined()
            let got = ExecutionView.isSourceLocation(Substring(word)), want = Self.reference(Substring(word))
            #expect(got == want, "\(word.debugDescription)")
            if want { matched += 1 }
        }
        #expect(matched > 200)
    }

    @Test func messageKeyDropsSourceLocationsAndLeadingWildcards() {
        #expect(ExecutionView.messageKey("<*> <*>: worker.go:<*>: sent  Foo.java:12 to <*>") == "sent to <*>")
    }
}
