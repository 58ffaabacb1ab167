import AriadneFuzzing
import Foundation
import Testing

/// Replays every input the fuzzer ever found (`FuzzFindings/`) through the fuzz target's own harness.
@Suite struct FuzzFindingsTests {
    static let findings = TestPaths.root + "/Tests/AriadneCoreTests/FuzzFindings"

    static func findingNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: findings)
            .filter { !$0.hasPrefix(".") && $0 != "README.md" }
            .sorted()
    }

    static func run(_ harness: ParseFuzzHarness, _ bytes: [UInt8]) throws -> [String] {
        try bytes.withUnsafeBytes { try harness.run($0) }
    }

    @Test func everyFindingParsesWithEveryLineAccountedFor() throws {
        let harness = try ParseFuzzHarness(scratchPath: TestPaths.scratch() + "/input.log")
        for name in try Self.findingNames() {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.findings + "/" + name)))
            #expect(try Self.run(harness, bytes) == [], "\(name)")
        }
    }

    /// The seeds `scripts/fuzz.sh` starts from (the first lines of the shared real logs) under detection
    /// and a given pattern, with each output path and with inference.
    @Test func realLogHeadsPassTheHarness() throws {
        let harness = try ParseFuzzHarness(scratchPath: TestPaths.scratch() + "/input.log")
        let samples = ["hdfs_20k/HDFS_20000.log", "loghub_2k/Zookeeper/Zookeeper_2k.log", "loghub_2k/Apache/Apache_2k.log",
                       "nezha_trainticket/2023-01-29/log/08_50_log.csv", "loghub_2k/Android/Android_2k.log"]
        for sample in samples {
            let text = try String(contentsOfFile: TestPaths.data + "/" + sample, encoding: .utf8)
            let head = Array(text.split(separator: "\n", omittingEmptySubsequences: false).prefix(40)
                .joined(separator: "\n").utf8)
            for (pattern, options) in [(0, 0x00), (0, 0x10), (0, 0x01), (0, 0x0a), (1, 0x14), (200, 0xff)] as [(UInt8, UInt8)] {
                let bytes = [pattern, options] + head
                #expect(try Self.run(harness, bytes) == [], "\(sample) \(pattern) \(options)")
            }
        }
    }

    @Test func settingsComeFromTheFirstTwoBytes() throws {
        let harness = try ParseFuzzHarness(scratchPath: TestPaths.scratch() + "/input.log")
        let detect = [UInt8(0), 0].withUnsafeBytes { harness.settings($0) }
        #expect(detect.pattern == nil && !detect.encode && detect.threads == 1 && detect.eventRules && !detect.infer)
        let first = [UInt8(1), 0xff].withUnsafeBytes { harness.settings($0) }
        #expect(first.pattern?.name == harness.library[0].name)
        #expect(first.encode && first.threads == 2 && !first.eventRules && first.maxLineBytes == 1024 && first.infer)
        #expect(first.idleTimeout == Int64.max && first.skew != nil)
        let generic = [UInt8(harness.library.count + 1)].withUnsafeBytes { harness.settings($0) }
        #expect(generic.pattern?.name == "generic")
    }
}
