import Foundation
import Testing
@testable import AriadneCore

@Suite struct ParseTests {
    static let library = try! PatternLibrary()

    func parse(_ path: String, pattern: String? = nil, threads: Int = 2, chunkBytes: Int = 4 << 20,
               maxLineBytes: Int = 16 << 20) throws -> ([Event], ParseStats) {
        var events: [Event] = []
        let chosen = try pattern.map { try Self.library.pattern(named: $0) }
        let options = ParseOptions(pattern: chosen, library: Self.library.patterns, threads: threads,
                                   maxLineBytes: maxLineBytes, chunkBytes: chunkBytes)
        let session = ParseSession(options: options) { events.append($0) }
        for input in try InputSource.expand([path]).inputs { try session.parse(input) }
        return (events, session.stats)
    }

    func json(_ events: [Event]) -> [UInt8] {
        var out: [UInt8] = []
        for event in events { EventJSON.append(event, to: &out) }
        return out
    }

    @Test func everyRealFileIsDetectedAndEveryLineAccountedFor() throws {
        let expected = [
            "hdfs_20k/HDFS_20000.log": "hdfs", "loghub_2k/Android/Android_2k.log": "android",
            "loghub_2k/Apache/Apache_2k.log": "apache-error", "loghub_2k/HDFS/HDFS_2k.log": "hdfs",
            "loghub_2k/Hadoop/Hadoop_2k.log": "hadoop", "loghub_2k/Linux/Linux_2k.log": "linux",
            "loghub_2k/OpenSSH/OpenSSH_2k.log": "openssh", "loghub_2k/OpenStack/OpenStack_2k.log": "openstack",
            "loghub_2k/Spark/Spark_2k.log": "spark", "loghub_2k/Windows/Windows_2k.log": "windows-cbs",
            "loghub_2k/Zookeeper/Zookeeper_2k.log": "zookeeper",
            "nezha_trainticket/2023-01-29/log/08_50_log.csv": "trainticket",
            "nezha_trainticket/2023-01-29/trace/08_50_trace.csv": "trainticket-spans",
        ]
        for (file, pattern) in expected.sorted(by: { $0.key < $1.key }) {
            let (events, stats) = try parse(TestPaths.data + "/" + file)
            let input = try #require(stats.inputs.first)
            #expect(input.pattern == pattern, "\(file)")
            let bytes = try Data(contentsOf: URL(fileURLWithPath: TestPaths.data + "/" + file))
            let lineCount = bytes.filter { $0 == 10 }.count + (bytes.last == 10 ? 0 : 1)
            #expect(input.lines == lineCount, "\(file)")
            #expect(input.recordLines + input.continuationLines + input.headerLines + input.unmatchedLines == input.lines)
            #expect(input.events == events.count)
            #expect(input.unmatchedLines == 0, "\(file)")
            #expect(input.badTimestamps == 0, "\(file)")
            #expect(events.allSatisfy { $0.time != nil }, "\(file)")
        }
    }

    @Test func hdfsEventsCarryTypesIdsHostsAndTime() throws {
        let (events, _) = try parse(TestPaths.data + "/hdfs_20k/HDFS_20000.log")
        #expect(events.count == 20_000)
        let first = events[0]
        #expect(first.type == "hdfs.receiving_block")
        #expect(first.executionIDs == [ExecutionID(kind: "block", value: "blk_-1608999687919862906")])
        #expect(first.host == "10.250.19.102:50010")
        #expect(first.timeText == "081109 203518")
        #expect(EventJSON.formatTime(first.time!) == "2008-11-09T20:35:18Z")
        #expect(first.source == SourceLocation(file: TestPaths.data + "/hdfs_20k/HDFS_20000.log", line: 1))
        let stored = try #require(events.first { $0.type == "hdfs.add_stored_block" })
        #expect(stored.field("concerns") != nil)
        #expect(events.allSatisfy { !$0.executionIDs.isEmpty })
    }

    @Test func trainTicketUnwrapsTheCSVAndJSON() throws {
        let (events, stats) = try parse(TestPaths.data + "/nezha_trainticket/2023-01-29/log/08_50_log.csv")
        #expect(stats.inputs[0].headerLines == 1)
        let first = try #require(events.first)
        #expect(first.executionIDs.first?.kind == "trace")
        #expect(first.executionIDs.first?.value == "49a51828322183eb20bfe4ace3060000")
        #expect(first.host?.hasPrefix("ts-travel-service") == true)
        #expect(first.service == "ts-travel-service")
        #expect(!first.message.contains("\"log\""))
        #expect(first.level == "INFO")
    }

    @Test func outputIsDeterministicAndIndependentOfThreadsAndChunking() throws {
        let path = TestPaths.data + "/hdfs_20k/HDFS_20000.log"
        let (one, _) = try parse(path, threads: 1)
        let (again, _) = try parse(path, threads: 1)
        let (parallel, _) = try parse(path, threads: 2, chunkBytes: 64 << 10)
        #expect(json(one) == json(again))
        #expect(json(one) == json(parallel))
    }

    /// An access log's trailing `key=value` pairs (`upstream=$upstream_addr rid=$request_id`) become
    /// fields (`message_fields` reads free-text captures too); a line without them has none but its
    /// request's query string (`?a=1`).
    @Test func accessLogTrailingPairsBecomeFields() throws {
        let lines = #"10.0.3.67 - - [01/Mar/2026:12:00:00 +0000] "GET /api/orders/0 HTTP/1.1" 200 664 "-" "curl/8.0" upstream=app-2:8080 rt=0.004 rid=2163636"#
            + "\n" + #"10.0.3.68 - - [01/Mar/2026:12:00:01 +0000] "GET /api/orders/1?a=1 HTTP/1.1" 404 12 "-" "Mozilla/5.0 (X11; Linux x86_64)""# + "\n"
        let (events, _) = try parse(TestPaths.file(lines, name: "ingress.log"), pattern: "nginx-access")
        #expect(events.count == 2)
        #expect(events[0].field("upstream") == "app-2:8080" && events[0].field("rid") == "2163636" && events[0].field("rt") == "0.004")
        #expect(events[0].message == #""GET /api/orders/0 HTTP/1.1" 200"#)
        #expect(events[1].field("upstream") == nil && events[1].field("a") == "1" && events[1].field("user_agent") == "Mozilla/5.0 (X11; Linux x86_64)")
    }

    @Test func workerEncodedJSONEqualsEncodingTheEvents() throws {
        for file in ["hdfs_20k/HDFS_20000.log", "loghub_2k/Hadoop/Hadoop_2k.log", "loghub_2k/Linux/Linux_2k.log"] {
            let path = TestPaths.data + "/" + file
            let (events, _) = try parse(path, threads: 2, chunkBytes: 64 << 10)
            var bytes: [UInt8] = []
            let options = ParseOptions(library: Self.library.patterns, threads: 2, chunkBytes: 64 << 10)
            let session = ParseSession(options: options, output: .jsonLines { bytes.append(contentsOf: $0) })
            try session.parse(InputSource(path: path))
            #expect(bytes == json(events), "\(file)")
        }
    }

    @Test func continuationLinesJoinTheirRecordAcrossChunkBoundaries() throws {
        var text = ""
        for index in 0..<4000 {
            text += "2015-10-18 18:01:47,978 ERROR [main] org.example.Worker: failure \(index)\n"
            text += "java.lang.IllegalStateException: boom \(index)\n\tat org.example.Worker.run(Worker.java:\(index))\n"
        }
        let path = TestPaths.file(text)
        let (single, stats) = try parse(path, pattern: "hadoop", threads: 1)
        let (parallel, _) = try parse(path, pattern: "hadoop", threads: 2, chunkBytes: 64 << 10)
        #expect(single.count == 4000)
        #expect(stats.inputs[0].continuationLines == 8000)
        #expect(single[1].message.hasSuffix("\tat org.example.Worker.run(Worker.java:1)"))
        #expect(single[1].source.line == 4)
        #expect(json(single) == json(parallel))
    }

    @Test func unknownFormatsStillParseLineByLineIntoTemplates() throws {
        let path = TestPaths.file("user 17 logged in from 10.0.0.1\nuser 18 logged in from 10.0.0.2\nbackup done\n")
        let (events, stats) = try parse(path)
        #expect(stats.inputs[0].pattern == "generic")
        #expect(events.count == 3)
        #expect(events[0].type == events[1].type)
        #expect(events[0].type != events[2].type)
        #expect(events[0].type.hasPrefix("T"))
    }

    @Test func hostileInputsNeverCrashAndAreCounted() throws {
        var bytes: [UInt8] = Array("081109 203518 143 INFO dfs.DataNode$DataXceiver: Receiving block blk_1 src: /1.2.3.4:5 dest: /1.2.3.4:50010\r\n".utf8)
        bytes += [0xFF, 0xFE, 0x00, 0x41, 0x0A]
        bytes += Array(repeating: 0x61, count: 3 << 20) + [0x0A]
        bytes += Array("no newline at the end".utf8)
        let path = TestPaths.file(bytes)
        let (events, stats) = try parse(path, pattern: "generic", maxLineBytes: 1 << 20)
        let input = stats.inputs[0]
        #expect(input.lines == 4)
        #expect(input.truncatedLines == 1)
        #expect(input.recordLines == 4)
        try #require(events.count == 4)
        #expect(events[0].message.hasSuffix("50010"))
        #expect(events[1].message.contains("\u{FFFD}"))
        #expect(events[2].message.utf8.count == 1 << 20)
        #expect(events[3].message == "no newline at the end")
        let empty = TestPaths.file("")
        let (none, emptyStats) = try parse(empty)
        #expect(none.isEmpty)
        #expect(emptyStats.inputs[0].lines == 0)
    }

    @Test func gzipArchivesAndTruncatedOnes() throws {
        let directory = TestPaths.scratch()
        let plain = directory + "/hdfs.log"
        try FileManager.default.copyItem(atPath: TestPaths.data + "/loghub_2k/HDFS/HDFS_2k.log", toPath: plain)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-k", plain]
        try gzip.run()
        gzip.waitUntilExit()
        let (fromPlain, _) = try parse(plain)
        let (fromArchive, stats) = try parse(plain + ".gz")
        #expect(stats.inputs[0].pattern == "hdfs")
        #expect(fromArchive.map(\.message) == fromPlain.map(\.message), "archive and plain file differ")
        let archive = try Data(contentsOf: URL(fileURLWithPath: plain + ".gz"))
        let cut = TestPaths.file(Array(archive.prefix(archive.count / 2)), name: "cut.log.gz")
        var events: [Event] = []
        let session = ParseSession(options: ParseOptions(library: Self.library.patterns)) { events.append($0) }
        #expect(throws: InputError.self) { try session.parse(InputSource(path: cut)) }
        #expect(session.stats.inputs[0].error?.contains("truncated") == true)
        #expect(events.count > 100 && events.count < 2000)
        let whole = events.dropLast().map(\.message) == fromPlain.prefix(events.count - 1).map(\.message)
        #expect(whole, "events before the damage differ from the plain file's")
    }

    @Test func directoriesAndGlobsExpandSorted() throws {
        let directory = TestPaths.scratch()
        for name in ["b.log", "a.log", ".hidden.log"] {
            FileManager.default.createFile(atPath: directory + "/" + name, contents: Data("x\n".utf8))
        }
        #expect(try InputSource.expand([directory]).inputs.map(\.name) == [directory + "/a.log", directory + "/b.log"])
        #expect(try InputSource.expand([directory + "/*.log"]).inputs.map(\.name) == [directory + "/a.log", directory + "/b.log"])
        #expect(throws: InputError.self) { try InputSource.expand([directory + "/*.nothing"]) }
        #expect(throws: InputError.self) { try InputSource.expand([directory + "/missing.log"]) }
    }

    @Test func eventsRoundTripThroughJSON() throws {
        let (events, _) = try parse(TestPaths.data + "/loghub_2k/OpenStack/OpenStack_2k.log")
        for event in events.prefix(200) {
            var out: [UInt8] = []
            EventJSON.append(event, to: &out)
            let line = String(decoding: out.dropLast(), as: UTF8.self)
            let back = try EventJSON.decode(line, location: SourceLocation(file: "x", line: 1))
            #expect(back.type == event.type)
            #expect(back.message == event.message)
            #expect(back.time == event.time)
            #expect(back.source == event.source)
            #expect(Set(back.executionIDs) == Set(event.executionIDs))
        }
    }
}

@Suite struct ParseAccuracyTests {
    @Test(arguments: ParseAccuracy.drain.map(\.dataset))
    func shippedPatternsAndMaskingReachTheirTargets(_ dataset: String) throws {
        let drain = ParseAccuracy.drain.first { $0.dataset == dataset }!.accuracy
        let result = try ParseAccuracy.measure(dataset: dataset, dataRoot: TestPaths.data, library: ParseTests.library)
        #expect(result.withRules >= 0.99, "\(dataset) with rules: \(result.withRules)")
        #expect(result.maskingOnly + 1e-9 >= drain, "\(dataset) masking only: \(result.maskingOnly) < Drain \(drain)")
    }
}
