import Foundation
import Testing
@testable import AriadneCore

/// The `ariadne` command as a user meets it: real processes, real pipes, real files.
@Suite struct CommandLineTests {
    static let hdfsLine = "081109 203518 143 INFO dfs.DataNode$DataXceiver: Receiving block blk_1 src: /1.2.3.4:5 dest: /1.2.3.4:50010\n"

    /// Runs `parse` on a live stdin, writes `chunks`, and returns the first event line that arrives
    /// while the stream is still open (and whether the process was still running then).
    static func firstLiveEvent(pattern: String, chunks: [String]) throws -> (line: String, running: Bool) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.executable)
        process.arguments = ["parse", "--pattern", pattern, "-q"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        for chunk in chunks { input.fileHandleForWriting.write(Data(chunk.utf8)) }
        var received = Data()
        let deadline = Date().addingTimeInterval(10)
        while !received.contains(10), Date() < deadline {
            received.append(output.fileHandleForReading.availableData)
        }
        let running = process.isRunning
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return (String(decoding: received, as: UTF8.self), running)
    }

    @Test func stdinEventsArriveWhileTheStreamIsStillOpen() throws {
        // One-line records (logfmt has no continuation lines) are emitted at once.
        let logfmt = try Self.firstLiveEvent(pattern: "logfmt", chunks: ["level=info msg=\"block received\" block=blk_1\n"])
        #expect(logfmt.running, "the stream is still open, so ariadne must still be running")
        #expect(logfmt.line.hasPrefix(#"{"source":"-:1""#))
        #expect(logfmt.line.contains("block received"))
        // A record that may continue (HDFS: a stack trace may follow) is emitted when the next one starts.
        let second = Self.hdfsLine.replacingOccurrences(of: "blk_1", with: "blk_2")
        let hdfs = try Self.firstLiveEvent(pattern: "hdfs", chunks: [Self.hdfsLine, second])
        #expect(hdfs.running, "the stream is still open, so ariadne must still be running")
        #expect(hdfs.line.contains(#""type":"hdfs.receiving_block""#))
        #expect(hdfs.line.hasPrefix(#"{"source":"-:1""#))
        #expect(hdfs.line.contains("blk_1"))
    }

    @Test func parseReadsStdinFilesAndArchivesAlike() throws {
        let fromStdin = try CLI.run(["parse", "-q", "-"], stdin: Data(Self.hdfsLine.utf8))
        #expect(fromStdin.status == 0)
        let path = TestPaths.file(Self.hdfsLine, name: "one.log")
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-k", path]
        try gzip.run()
        gzip.waitUntilExit()
        let statsFile = TestPaths.scratch() + "/stats.json"
        let fromArchive = try CLI.run(["parse", "-q", "--stats-json", statsFile, path + ".gz"])
        #expect(fromArchive.status == 0)
        let stats = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: statsFile))) as? [String: Any]
        #expect(stats?["ariadne_stats"] as? Int == 1)
        let input = (stats?["inputs"] as? [[String: Any]])?.first
        #expect(input?["lines"] as? Int == 1)
        #expect(input?["record_lines"] as? Int == 1)
        #expect(input?["pattern"] as? String == "hdfs")
        let strip = { (text: String) in text.replacingOccurrences(of: #"^\{"source":"[^"]*""#, with: "", options: .regularExpression) }
        #expect(strip(fromStdin.text) == strip(fromArchive.text))
        #expect(!fromStdin.text.isEmpty)
    }

    @Test func errorsNameTheProblemAndExitNonZero() throws {
        let missing = try CLI.run(["parse", "no/such/file.log"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("no/such/file.log"))

        let usage = try CLI.run(["parse", "--threads", "0", "x"])
        #expect(usage.status == 64)

        let badPattern = TestPaths.file("name: broken\nrecord: '^(?<message>.*'\n", name: "broken.yaml")
        let rejected = try CLI.run(["parse", "--pattern", badPattern, "-"], stdin: Data())
        #expect(rejected.status == 65)
        #expect(rejected.stderr.contains("broken.yaml:2"))
        #expect(rejected.stderr.contains("offset 14"))
    }

    @Test func helpAndVersion() throws {
        let help = try CLI.run(["--help"])
        #expect(help.status == 0)
        for command in ["parse", "infer", "merge", "model", "hypotheses", "patterns"] {
            #expect(help.text.contains(command))
        }
        let version = try CLI.run(["--version"])
        #expect(version.text.hasPrefix("ariadne \(Ariadne.version)"))
    }

    @Test func mergedShardModelsEqualTheModelOfTheWhole() throws {
        let log = TestPaths.data + "/hdfs_20k/HDFS_20000.log"
        let parsed = try CLI.run(["parse", "-q", log])
        #expect(parsed.status == 0)
        // Shard the events (which keep their original source lines) by block, so shards hold disjoint executions.
        var shards = ["", ""]
        for line in parsed.text.split(separator: "\n") {
            let block = line.range(of: #"blk_-?\d+"#, options: .regularExpression).map { String(line[$0]) } ?? ""
            shards[block.utf8.reduce(0) { $0 + Int($1) } % 2] += line + "\n"
        }
        #expect(shards.allSatisfy { $0.count > 100_000 })
        let directory = TestPaths.scratch()
        for (index, shard) in shards.enumerated() {
            FileManager.default.createFile(atPath: "\(directory)/\(index).jsonl", contents: Data(shard.utf8))
            let result = try CLI.run(["infer", "-q", "--group-by", "block", "--format", "json", "-o",
                                      "\(directory)/\(index).json", "\(directory)/\(index).jsonl"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let merged = try CLI.run(["merge", "\(directory)/0.json", "\(directory)/1.json"])
        let whole = try CLI.run(["infer", "-q", "--group-by", "block", "--format", "json", "-"], stdin: parsed.stdout)
        #expect(merged.status == 0)
        let mergedModel = try CausalModel.read(json: merged.stdout)
        let wholeModel = try CausalModel.read(json: whole.stdout)
        #expect(mergedModel == wholeModel)
        #expect(mergedModel.executions == 1782)
    }

    @Test func inferOnAStreamWritesModelSnapshotsAsExecutionsClose() throws {
        let log = try Data(contentsOf: URL(fileURLWithPath: TestPaths.data + "/hdfs_20k/HDFS_20000.log"))
        let result = try CLI.run(["infer", "-q", "--group-by", "block", "--idle", "10s", "--every", "500", "--format", "json"],
                                 stdin: log)
        #expect(result.status == 0, "\(result.stderr)")
        let models = try result.text.split(separator: "\n").map { try CausalModel.read(json: Data($0.utf8)) }
        #expect(models.count >= 4)
        let counts = models.map(\.executions)
        #expect(counts == counts.sorted(), "snapshots grow")
        #expect(counts.dropLast().allSatisfy { $0 % 500 == 0 })
    }

    @Test func hypothesesOnTheDemoNameTheCoordinatorFirst() throws {
        let result = try CLI.run(["hypotheses", "-q", "--patterns", "Samples/kvstore/kvstore.yaml", "Samples/kvstore/logs",
                                  "--outcome", "kv.replica_acked", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
        let hypotheses = object?["hypotheses"] as? [[String: Any]] ?? []
        let first = hypotheses.first?["faults"] as? [[String: Any]]
        let point = (first?.first?["point"] as? [String: Any])?["id"] as? String
        #expect(point == "crash:role:coordinator")
        let again = try CLI.run(["hypotheses", "-q", "--patterns", "Samples/kvstore/kvstore.yaml", "Samples/kvstore/logs",
                                 "--outcome", "kv.replica_acked", "--format", "json"])
        #expect(again.stdout == result.stdout, "output must be deterministic")
    }
}

/// Started by its bare name through PATH, from a directory outside the source tree, ariadne still finds
/// its shipped patterns (from the running binary, not argv[0]).
@Suite struct BareNameTests {
    @Test func shippedPatternsAreFoundThroughPath() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ariadne", "patterns"]
        var environment = ProcessInfo.processInfo.environment
        environment["ARIADNE_PATTERNS"] = nil
        environment["PATH"] = URL(fileURLWithPath: CLI.executable).deletingLastPathComponent().path + ":/usr/bin:/bin"
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: TestPaths.scratch())
        let pipe = Pipe(), errors = Pipe()
        process.standardOutput = pipe
        process.standardError = errors
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(stderr)")
        #expect(output.contains("hdfs"), "\(output)")
    }
}
