import Testing
@testable import AriadneCore

/// The one quoting rule of every DOT graph Ariadne writes.
@Suite struct DOTTests {
    @Test func quotesEscapeQuotesBackslashesAndLineBreaks() {
        #expect(DOT.quoted(#"say "hi" \N"#) == #""say \"hi\" \\N""#)
        #expect(DOT.quoted("a\nb\r\nc\rd") == #""a\nb\nc\nd""#)
        #expect(DOT.quoted("a\nb", lineBreak: " ") == #""a b""#)
        #expect(DOT.quoted("") == #""""#)
    }

    @Test func labelLinesAreJoinedByDOTLineBreaksAndEachEscaped() {
        #expect(DOT.quoted(lines: [#"C:\logs"#, "×3 (1–4)"]) == #""C:\\logs\n×3 (1–4)""#)
        #expect(DOT.quoted(lines: ["two\nlines"]) == #""two lines""#)
    }
}
