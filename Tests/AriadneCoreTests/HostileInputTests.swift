import Foundation
import Testing
@testable import AriadneCore

/// Random bytes through every shipped pattern: no crash, no hang, every line accounted for.
@Suite struct HostileInputTests {
    static func noise(seed: UInt64, realLines: [String]) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        var bytes: [UInt8] = []
        for _ in 0..<300 {
            switch Int.random(in: 0..<4, using: &random) {
            case 0:
                bytes += (0..<Int.random(in: 0...120, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            case 1:
                // A real line with a few bytes flipped, so record regexes and rules match partway.
                var line = Array(realLines.randomElement(using: &random)!.utf8)
                for _ in 0..<Int.random(in: 0...3, using: &random) where !line.isEmpty {
                    line[Int.random(in: 0..<line.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
                bytes += line
            case 2:
                bytes += Array(realLines.randomElement(using: &random)!.utf8)
            default:
                bytes += [13]
            }
            bytes.append(10)
        }
        return bytes
    }

    @Test func everyPatternSurvivesNoise() throws {
        let library = try PatternLibrary()
        let samples = ["hdfs_20k/HDFS_20000.log", "loghub_2k/OpenStack/OpenStack_2k.log", "loghub_2k/Linux/Linux_2k.log",
                       "nezha_trainticket/2023-01-29/log/08_50_log.csv", "loghub_2k/Hadoop/Hadoop_2k.log"]
        var realLines: [String] = []
        for sample in samples {
            let text = try String(contentsOfFile: TestPaths.data + "/" + sample, encoding: .utf8)
            realLines += text.split(separator: "\n").prefix(200).map(String.init)
        }
        realLines += [#"{"source":"x:1","type":"t","message":"m"}"#, #"{"source":"x:1"}"#, "level=info msg=\"a b\" request_id=1"]
        for (index, pattern) in (library.patterns + [LogPattern.generic]).enumerated() {
            let bytes = Self.noise(seed: UInt64(index), realLines: realLines)
            let lineCount = bytes.filter { $0 == 10 }.count
            let path = TestPaths.file(bytes)
            for encode in [false, true] {
                var events = 0
                let options = ParseOptions(pattern: pattern, library: library.patterns, threads: 2, chunkBytes: 64 << 10)
                let output: ParseSession.Output = encode ? .jsonLines { bytes in events += bytes.filter { $0 == 10 }.count }
                    : .events { _ in events += 1 }
                let session = ParseSession(options: options, output: output)
                try session.parse(InputSource(path: path))
                let input = session.stats.inputs[0]
                #expect(input.lines == lineCount, "\(pattern.name)")
                #expect(input.recordLines + input.continuationLines + input.headerLines + input.unmatchedLines == input.lines,
                        "\(pattern.name)")
                #expect(events == input.events, "\(pattern.name)")
            }
        }
    }
}
