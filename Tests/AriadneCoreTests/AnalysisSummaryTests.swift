import Foundation
import Testing
@testable import AriadneCore

/// The pieces of `analyze`'s summary that are algorithms of their own: finding hashed type names,
/// quoting commands for a shell, summing progress over inputs.
@Suite struct AnalysisSummaryTests {
    @Test func hashedTypeNamesAreFoundAsARegexFindsThem() throws {
        let reference = try NSRegularExpression(pattern: "(?<![A-Za-z0-9_])T[0-9a-f]{16}(?![A-Za-z0-9_])")
        var random = SplitMix64(seed: 42)
        let pieces = ["T", "0123456789abcdef", "a", "F", "_", " ", "[", "T8de23c69fa189dbf", "xT8de23c69fa189dbf", ": ", "é", "9", "T8de23c69fa189db"]
        for _ in 0..<2000 {
            let text = (0..<Int(random.next() % 12)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            let expected = Set(reference.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { (text as NSString).substring(with: $0.range) })
            #expect(AnalysisSummary.hashedTypes(in: text) == expected, "\(text)")
        }
    }

    @Test func commandsAreQuotedSoAShellReadsTheWordsBack() throws {
        let words = ["plain", "with space", "it's", "a'b'c", "", "$HOME", "*.log", "x;rm -rf y", "tab\there", "new\nline", "ünïcode", "--outcome=kv.ok"]
        let line = AnalysisSummary.command(["printf", "%s\\0"] + words)
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", line]
        let output = Pipe()
        shell.standardOutput = output
        try shell.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        shell.waitUntilExit()
        let read = data.split(separator: 0, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
        #expect(read == words, "\(line)")
        #expect(AnalysisSummary.command(["ariadne", "record", "x-0123", "--state", ".ariadne"]) == "ariadne record x-0123 --state .ariadne")
    }

    @Test func progressIsSummedOverInputs() throws {
        let tracker = ProgressTracker(totalBytes: 300)
        var seen: [AnalysisProgress] = []
        tracker.onChange = { progress, _ in seen.append(progress) }
        tracker.begin(.parse)
        tracker.startInput()
        tracker.read(bytes: 50, lines: 5)
        tracker.read(bytes: 100, lines: 10)
        tracker.startInput()
        tracker.read(bytes: 120, lines: 7)
        tracker.executions(4)
        #expect(tracker.current == AnalysisProgress(stage: .parse, bytes: 220, totalBytes: 300, lines: 17, executions: 4))
        #expect(tracker.current.fraction == 220.0 / 300)
        #expect(seen.map(\.bytes) == [0, 50, 100, 220, 220])
        tracker.reset(totalBytes: nil)
        #expect(tracker.current.bytes == 0 && tracker.current.fraction == nil && tracker.current.executions == 4)
        tracker.read(bytes: 10, lines: 1, executions: 5, open: 3)
        #expect(tracker.current.executions == 5 && tracker.current.openExecutions == 3)
        tracker.begin(.redundancy)
        #expect(tracker.current.stageFraction == nil)
        tracker.stage(fraction: 0.25)
        tracker.stage(fraction: 1.5)
        #expect(seen.suffix(2).map(\.stageFraction) == [0.25, 1])
        tracker.begin(.hypotheses)
        #expect(tracker.current.stageFraction == nil && tracker.current.openExecutions == 3)
    }

    @Test func theTotalSizeIsKnownOnlyForPlainFiles() throws {
        let plain = TestPaths.file("one\ntwo\n", name: "a.log")
        let other = TestPaths.file("three\n", name: "b.log")
        #expect(ProgressTracker.totalBytes(of: [InputSource(path: plain), InputSource(path: other)]) == 14)
        let gzip = TestPaths.file([0x1f, 0x8b, 0x08, 0x00], name: "c.log.gz")
        #expect(ProgressTracker.totalBytes(of: [InputSource(path: plain), InputSource(path: gzip)]) == nil)
        #expect(ProgressTracker.totalBytes(of: [.standardInput]) == nil)
    }
}
