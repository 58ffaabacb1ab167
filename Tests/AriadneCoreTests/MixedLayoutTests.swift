import Foundation
import Testing
@testable import AriadneCore

/// Files that mix several layouts behind a source prefix (`name | …` or `name …`), generated in layouts
/// no shipped pattern covers: each line must be read by its own layout, with its host and its time,
/// and no line may be glued to another or lost.
@Suite struct MixedLayoutTests {
    /// One generated layout: a timestamp writer and the header parts after it.
    struct Layout {
        let stamp: LayoutInferenceRandomTests.Stamp
        let level: Bool
        let thread: Bool
        /// Level and thread before the stamp (`DEBUG [ReadStage-3] 2026-03-06 14:00:02,161 …`, as Cassandra writes).
        let headerFirst: Bool
        let hosts: [String]
    }

    /// A generated file and what each of its lines is.
    struct Generated {
        var text = ""
        /// Per line: the layout index, nil for a continuation (indented) or a stray line.
        var layouts: [Int?] = []
        /// Records in order: host, time, message, and the line numbers of its continuation lines.
        var records: [(host: String, time: Int64, message: String, continuation: Int)] = []
        var strays = 0
        var continuations = 0
    }

    static let names = [["edge", "edge-2"], ["ledger-db", "ledger-db-2"], ["alpha", "bravo"], ["web_1", "web_2"],
                        ["node7.example.com", "node8.example.com"], ["cache", "cache-b"]]

    /// The separator argument that writes a `kubectl logs --prefix` prefix instead.
    static let kubectl = "kubectl"

    static func generate(seed: UInt64, lines: Int = 400, separator: String) -> Generated {
        var random = SplitMix64(seed: seed)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var stampIndices = Array(LayoutInferenceRandomTests.stamps.indices)
        stampIndices.shuffle(using: &random)
        var nameIndices = Array(names.indices)
        nameIndices.shuffle(using: &random)
        let layouts = (0..<3).map { index in
            Layout(stamp: LayoutInferenceRandomTests.stamps[stampIndices[index]], level: Bool.random(using: &random),
                   thread: Bool.random(using: &random), headerFirst: Bool.random(using: &random), hosts: names[nameIndices[index]])
        }
        var generated = Generated()
        var seconds = Int64.random(in: 1_500_000_000..<1_900_000_000, using: &random)
        let words = LayoutInferenceRandomTests.words
        var recordOpen = false
        for _ in 0..<lines {
            let roll = Int.random(in: 0..<100, using: &random)
            if roll < 2 {
                // A stray line no layout fits and not indented: unmatched, never glued.
                generated.text += "-- stray \(words[Int.random(in: 0..<words.count, using: &random)]) line\n"
                generated.layouts.append(nil)
                generated.strays += 1
                recordOpen = false
                continue
            }
            // An indented stack-trace line after a record (or its other continuation lines) continues it.
            if roll < 4, recordOpen {
                generated.text += "    at com.example.Worker.run(Worker.java:\(Int.random(in: 1...999, using: &random)))\n"
                generated.layouts.append(nil)
                generated.records[generated.records.count - 1].continuation += 1
                generated.continuations += 1
                continue
            }
            let index = Int.random(in: 0..<3, using: &random)
            let layout = layouts[index]
            seconds += Int64.random(in: 0..<3, using: &random)
            let ms = Int.random(in: 0..<1000, using: &random)
            let components = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                                     from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            var stamp = layout.stamp.write(components, seconds, ms)
            if layout.stamp.bracketed { stamp = "[\(stamp)]" }
            let host = layout.hosts[Int.random(in: 0..<layout.hosts.count, using: &random)]
            // `kubectl logs --prefix` writes `[pod/NAME/CONTAINER] `; the host is the pod, NAME.
            var header = ""
            if layout.level { header += " " + LayoutInferenceRandomTests.levels[Int.random(in: 0..<4, using: &random)] }
            if layout.thread { header += " [worker-\(Int.random(in: 1...9, using: &random))]" }
            var line = separator == Self.kubectl ? "[pod/\(host)/app] " : host + separator
            line += layout.headerFirst && !header.isEmpty ? String(header.dropFirst()) + " " + stamp : stamp + header
            let message = (0..<Int.random(in: 2...6, using: &random)).map { _ in words[Int.random(in: 0..<words.count, using: &random)] }
                .joined(separator: " ") + " id=\(Int.random(in: 0...99_999, using: &random))"
            line += " " + message
            generated.text += line + "\n"
            generated.layouts.append(index)
            recordOpen = true
            let millis = layout.stamp.millis ? Int64(ms) * 1_000_000 : 0
            generated.records.append((host, seconds * 1_000_000_000 + millis, message, 0))
        }
        return generated
    }

    static func parse(_ text: String, name: String, library: [LogPattern] = [], threads: Int = 2,
                      chunkBytes: Int = 4 << 20) throws -> (events: [Event], stats: InputStats) {
        var events: [Event] = []
        let options = ParseOptions(library: library, threads: threads, chunkBytes: chunkBytes)
        let session = ParseSession(options: options) { events.append($0) }
        try session.parse(InputSource(path: TestPaths.file(text, name: name)))
        return (events, session.stats.inputs[0])
    }

    @Test(arguments: [" ", " | ", kubectl])
    func randomMixedFilesReadEveryLineRight(_ separator: String) throws {
        for round in 0..<12 {
            let generated = Self.generate(seed: 90 + UInt64(round), separator: separator)
            let (events, stats) = try Self.parse(generated.text, name: "mixed-\(round).log")
            let layout = stats.inferredLayout ?? "none"
            #expect(layout.hasPrefix("3 layouts mixed"), "round \(round): \(layout)")
            // Counts add up: every line is a record, a continuation or an unmatched line.
            #expect(stats.lines == generated.layouts.count, "round \(round)")
            #expect(stats.unmatchedLines == generated.strays, "round \(round): \(layout)")
            #expect(stats.continuationLines == generated.continuations, "round \(round): \(layout)")
            #expect(stats.recordLines == generated.records.count, "round \(round): \(layout)")
            let records = events.filter { !$0.message.hasPrefix("-- stray") }
            try #require(records.count == generated.records.count, "round \(round): \(layout)")
            for (event, want) in zip(records, generated.records) {
                #expect(event.host == want.host, "round \(round) \(layout): \(event.message)")
                #expect(event.time == want.time, "round \(round) \(layout): \(event.timeText ?? "-")")
                let lines = event.message.split(separator: "\n", omittingEmptySubsequences: false)
                #expect(lines.first.map(String.init) == want.message, "round \(round) \(layout)")
                #expect(lines.count == 1 + want.continuation, "round \(round) \(layout): \(event.message)")
            }
            #expect(events.filter { $0.message.hasPrefix("-- stray") }.count == generated.strays, "round \(round)")
        }
    }

    /// `kubectl logs --prefix` and `docker compose logs` prefix a stack trace's lines too: they continue
    /// the record of their source when it is the one open, and are no continuation of another source's.
    /// A shipped pattern's `execution_ids` (jsonl's `request_id`) name the ids of the records it reads,
    /// not those of another layout's in the same file, whose `request_id=` pair is left to discovery
    /// (beside its `traceparent`, as it would be in a file of its own).
    @Test func aMembersIdRulesAreItsOwn() throws {
        var text = ""
        for i in 0..<40 {
            let second = String(format: "%02d", i)
            text += "[pod/api-1/app] 2026-03-06 14:00:\(second),120 INFO  [c.e.Api] (executor-\(i % 3)) received request_id=r-\(1000 + i) traceparent=00-\(String(repeating: "ab", count: 15))\(second)-00f067aa0ba902b7-01\n"
            text += "[pod/db-1/app] {\"time\":\"2026-03-06T14:00:\(second).130Z\",\"level\":\"INFO\",\"msg\":\"read\",\"request_id\":\"r-\(1000 + i)\"}\n"
            text += "[pod/web-1/nginx] 10.0.0.\(i % 9 + 1) - - [06/Mar/2026:14:00:\(second) +0000] \"GET /o/\(i) HTTP/1.1\" 200 12 \"-\" \"curl/8.5\"\n"
        }
        let (events, stats) = try Self.parse(text, name: "pods.log", library: try PatternLibrary().patterns)
        #expect(stats.inferredLayout?.contains("pattern jsonl") == true, "\(stats.inferredLayout ?? "none")")
        let api = events.filter { $0.host == "api-1" }, db = events.filter { $0.host == "db-1" }
        #expect(api.count == 40 && api.allSatisfy { $0.executionIDs.isEmpty && $0.field("request_id") != nil }, "\(api.first?.executionIDs ?? [])")
        #expect(db.count == 40 && db.allSatisfy { $0.executionIDs.contains { $0.kind == "request" } })
    }

    @Test func prefixedStackTraceLinesContinueTheirSourcesRecord() throws {
        // A frame longer than any sample the prefix is read from is kept whole.
        let long = "\tat com.bank.ledger.Generated" + String(repeating: "x", count: 6_000) + ".invoke(Unknown Source)"
        for (open, close) in [("[pod/", "/app] "), ("", " | ")] {
            var lines: [String] = []
            for i in 0..<30 {
                let host = ["ledger-0", "saga-1"][i % 2]
                lines.append(open + host + (open.isEmpty ? "" : "") + close
                    + (i % 2 == 0 ? String(format: "[2026-03-06 11:00:%02d,%03d] [pool-3] INFO  c.b.Ledger - debit applied txn=t%d", i, i * 7, i)
                                  : String(format: "2026-03-06T11:00:%02d.%03dZ\tINFO\tsaga/step.go:88\tdebit reserved txn=t%d", i, i * 7, i)))
                if i == 10 {
                    lines += ["com.bank.ledger.AccountFrozenException: account frozen", "\tat com.bank.ledger.Ledger.credit(Ledger.java:214)",
                              "\tat java.base/java.lang.Thread.run(Thread.java:833)", long].map { open + "ledger-0" + close + $0 }
                }
                if i == 12 {
                    // saga-1's stack line after ledger-0's record: not ledger-0's, saga-1's last record's.
                    lines.append(open + "saga-1" + close + "\tat saga.step(step.go:90)")
                }
            }
            let (events, stats) = try Self.parse(lines.joined(separator: "\n") + "\n", name: "kubectl.log")
            let failed = try #require(events.first { $0.message.hasPrefix("debit applied txn=t10") }, "\(stats.inferredLayout ?? "-")")
            #expect(failed.host == "ledger-0")
            #expect(failed.message == "debit applied txn=t10\ncom.bank.ledger.AccountFrozenException: account frozen"
                + "\n\tat com.bank.ledger.Ledger.credit(Ledger.java:214)\n\tat java.base/java.lang.Thread.run(Thread.java:833)\n" + long,
                "\(failed.message.prefix(300))")
            #expect(events.first { $0.message.hasPrefix("debit reserved txn=t11") }?.message == "debit reserved txn=t11\n\tat saga.step(step.go:90)")
            #expect(events.first { $0.message.hasPrefix("debit applied txn=t12") }?.message == "debit applied txn=t12")
            #expect(stats.continuationLines == 5 && stats.unmatchedLines == 0, "\(open)…\(close): \(stats.continuationLines) \(stats.unmatchedLines)")
        }
    }

    /// Each line is read by one layout, the same one for all lines written in one generated layout.
    @Test func eachLineIsReadByItsOwnLayout() throws {
        for round in 0..<8 {
            let generated = Self.generate(seed: 500 + UInt64(round), separator: [" ", " | ", Self.kubectl][round % 3])
            let lines = generated.text.split(separator: "\n").map { Array($0.utf8) }
            let inferred = try #require(MixedLayout.infer(sample: lines, library: [], name: "mixed"))
            let parser = RecordParser(pattern: inferred.pattern, eventRules: false)
            var memberOf: [Int: Int] = [:]
            for (line, want) in zip(lines, generated.layouts) {
                let kind = line.withUnsafeBufferPointer { parser.classify($0, hasOpenRecord: true) }
                guard let want else {
                    #expect(kind != .start, "round \(round): \(String(decoding: line, as: UTF8.self))")
                    continue
                }
                try #require(kind == .start, "round \(round): \(String(decoding: line, as: UTF8.self))")
                let member = try #require(parser.mixed?.matched?.member)
                #expect(memberOf[want, default: member] == member, "round \(round): layout \(want) read by two members")
                memberOf[want] = member
            }
            #expect(Set(memberOf.values).count == 3, "round \(round): \(inferred.summary)")
        }
    }

    /// JSON lines behind the prefix are read by the shipped `jsonl` pattern; the prefix gives the host.
    @Test func aShippedLayoutBehindThePrefixIsReadByItsPattern() throws {
        var text = ""
        for index in 0..<60 {
            let second = String(format: "%02d", index % 60)
            if index % 3 == 0 {
                text += "api-\(index % 2 + 1) {\"level\":\"info\",\"msg\":\"served req-\(index)\",\"time\":\"2026-02-03T04:05:\(second).250Z\"}\n"
            } else {
                text += "store \(index % 2 == 0 ? "I" : "W")0203 04:05:\(second).500000 wrote req-\(index)\n"
                text += "store-b 2026-02-03 04:05:\(second),125 INFO [main] flushed req-\(index)\n"
            }
        }
        let library = try PatternLibrary().patterns
        let (events, stats) = try Self.parse(text, name: "json-behind.log", library: library)
        let layout = stats.inferredLayout ?? "none"
        #expect(layout.contains("pattern jsonl"), "\(layout)")
        let json = events.filter { $0.message.hasPrefix("served") }
        #expect(json.count == 20, "\(layout)")
        #expect(json.allSatisfy { $0.host?.hasPrefix("api-") == true && $0.time != nil && $0.level == "info" }, "\(layout)")
        let flushed = events.filter { $0.message.hasPrefix("flushed") }
        #expect(flushed.count == 40 && flushed.allSatisfy { $0.host == "store-b" && $0.time != nil }, "\(layout)")
        #expect(stats.lines == events.count + stats.continuationLines)
    }

    /// Behind source prefixes, JSON from two replicas is less than half of what the timestamped layouts
    /// leave (a third source's untimed `INFO:` lines are more): the replicas' own lines choose `jsonl`.
    @Test func oneSourcesShippedLayoutIsFoundAmongTheRest() throws {
        var text = ""
        for index in 0..<90 {
            let second = String(format: "%02d", index % 60)
            text += "[gate-1] 2026-02-03 04:05:\(second).125 | gw | accepted req-\(index)\n"
            text += "[web-1] INFO:     10.0.0.9:\(40000 + index) - \"POST /v1 HTTP/1.1\" 201 Created\n"
            if index % 2 == 0 {
                text += "[db-\(index % 4 == 0 ? "a" : "b")] {\"level\":\"info\",\"msg\":\"stored req-\(index)\",\"time\":\"2026-02-03T04:05:\(second).250Z\"}\n"
            }
        }
        let library = try PatternLibrary().patterns
        let (events, stats) = try Self.parse(text, name: "three-sources.log", library: library)
        let layout = stats.inferredLayout ?? "none"
        #expect(layout.contains("host · pattern jsonl"), "\(layout)")
        let stored = events.filter { $0.message.hasPrefix("stored") }
        #expect(stored.count == 45 && stored.allSatisfy { $0.host?.hasPrefix("db-") == true && $0.time != nil && $0.level == "info" }, "\(layout)")
        #expect(events.filter { $0.host == "web-1" }.count == 90)
    }

    /// java.util.logging's two-line records behind a shipper's prefix (`[api-1] Mar 06, 2026 2:00:01 PM a.B m`
    /// / `[api-1] INFO: message`), another source's records between them: one record each, the second
    /// line's level and message.
    @Test func twoLineRecordsBehindASourcePrefix() throws {
        let (jul, records) = TwoLineRecordTests.jul(count: 40, seed: 5)
        var text = ""
        var index = 0
        for line in jul.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if line.hasPrefix("Mar ") {
                text += "[db-1] 2026-03-06T14:00:\(String(format: "%02d", index % 60)).125Z INFO stored row \(index)\n"
                index += 1
            }
            text += "[api-1] \(line)\n"
        }
        let (events, stats) = try Self.parse(text, name: "shipped.log")
        #expect(stats.unmatchedLines == 0, "\(stats.inferredLayout ?? "none")")
        let api = events.filter { $0.host == "api-1" }
        try #require(api.count == records.count, "\(stats.inferredLayout ?? "none")")
        for (event, record) in zip(api, records) {
            #expect(event.time == record.time && event.level == record.level)
            #expect(event.message.hasPrefix(record.message))
            #expect(event.message.contains("at com.cdnco.q.Publisher.publish") == record.stack)
            #expect(event.fields.contains { $0.name == "logger" })
        }
        #expect(events.filter { $0.host == "db-1" }.count == index)
    }

    /// The same file gives the same layouts and the same events, in one chunk or many, on one thread or
    /// several (records and continuations across chunk boundaries).
    @Test func mixedInferenceIsDeterministic() throws {
        let generated = Self.generate(seed: 7, lines: 4000, separator: " | ")
        let runs = try [(2, 4 << 20), (1, 64 << 10), (3, 64 << 10)].enumerated().map { index, setting in
            try Self.parse(generated.text, name: "same-\(index).log", threads: setting.0, chunkBytes: setting.1)
        }
        for run in runs.dropFirst() {
            #expect(run.stats.inferredLayout == runs[0].stats.inferredLayout)
            #expect(run.events.map(\.message) == runs[0].events.map(\.message))
            #expect(run.events.map(\.time) == runs[0].events.map(\.time) && run.events.map(\.host) == runs[0].events.map(\.host))
        }
        for run in runs {
            #expect(run.stats.unmatchedLines == generated.strays, "\(run.stats.inferredLayout ?? "none")")
            #expect(run.stats.continuationLines == generated.continuations)
            let unmatched = run.events.filter { !$0.message.hasPrefix("-- stray") && $0.time == nil }
            #expect(unmatched.isEmpty, "\(unmatched.prefix(3).map(\.message))")
        }
    }

    /// The command line says the file mixes layouts, with each one's share.
    @Test func theParseCommandReportsTheLayouts() throws {
        let generated = Self.generate(seed: 11, separator: " ")
        let path = TestPaths.file(generated.text, name: "mixed-cli.log")
        let run = try CLI.run(["parse", path, "-o", TestPaths.file("", name: "mixed-cli.jsonl")])
        #expect(run.status == 0, "\(run.stderr)")
        let line = run.stderr.split(separator: "\n").first { $0.contains("pattern inferred") }.map(String.init) ?? ""
        #expect(line.contains("mixed-cli.log: pattern inferred: 3 layouts mixed: (1) host · "), "\(run.stderr)")
        #expect(line.contains("(2) host · ") && line.contains("(3) host · ") && line.hasSuffix("% of lines"), "\(line)")
        #expect(run.stderr.contains("\(generated.strays) unmatched lines"), "\(run.stderr)")
    }

    /// A file of one layout is not split into several, and its continuation rules are unchanged.
    @Test func aSingleLayoutFileIsNotMixed() throws {
        var text = ""
        for index in 0..<50 {
            text += "2026-02-03 04:05:\(String(format: "%02d", index)).125 INFO [main] step \(index) done\n"
            if index % 5 == 0 { text += "java.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)\n" }
        }
        let (events, stats) = try Self.parse(text, name: "single.log")
        #expect(stats.inferredLayout?.contains("mixed") == false, "\(stats.inferredLayout ?? "none")")
        #expect(events.count == 50 && stats.unmatchedLines == 0)
    }

    @Test func continuationLinesInAMixedFile() {
        for (line, expected) in [("\tat x.Y(Y.java:1)", true), ("  more", true), ("at a.b.C.d(C.java:2)", true),
                                 ("Caused by: java.io.IOException: x", true), ("java.io.IOException: disk", true),
                                 ("... 4 more", true), ("stray words here", false), ("Error: nothing", false)] {
            var copy = line
            let result = copy.withUTF8 { RecordParser.looksLikeContinuation($0) }
            #expect(result == expected, "\(line)")
        }
    }
}

extension MixedLayoutTests {
    /// Real single-layout logs with no pattern to help: none is read as a mix of layouts.
    @Test func realSingleLayoutLogsAreNotMixed() throws {
        let root = TestPaths.data + "/loghub_2k"
        let names = try FileManager.default.contentsOfDirectory(atPath: root).sorted()
        for name in names {
            let path = "\(root)/\(name)/\(name)_2k.log"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let session = ParseSession(options: ParseOptions(library: [])) { _ in }
            try session.parse(InputSource(path: path))
            let layout = session.stats.inputs[0].inferredLayout ?? "generic"
            #expect(!layout.contains("layouts mixed"), "\(name): \(layout)")
        }
    }

    /// Files concatenated into one (`cat a.log b.log c.log > all.log`, or the same through `analyze -`),
    /// in layouts of their own and too long for the head to show them all: every segment is read by
    /// its own layout, with its time (a year-less one with the year of the file's dated lines), none
    /// glued to the record before it.
    @Test func concatenatedFilesAreReadByEachOnesLayout() throws {
        var text = ""
        let base: Int64 = 1_796_551_200
        for i in 0..<2400 {
            text += String(format: "2026-12-06 10:%02d:%02d.%03d [pool-%d] INFO  ledger.Posting - posted entry %d order=o-%05d\n",
                           i / 60 % 60, i % 60, i % 1000, i % 4, i, i / 2)
        }
        for i in 0..<1200 {
            text += #"{"ts":\#(base + Int64(i)).25,"level":"info","msg":"quote ready","order":"\#(String(format: "o-%05d", i))"}"# + "\n"
        }
        for i in 0..<1200 {
            text += String(format: "Dec  6 11:%02d:%02d node%d cartd[311]: cart of order o-%05d updated\n", i / 60 % 60, i % 60, i % 3, i)
        }
        let (events, stats) = try Self.parse(text, name: "all.log", library: try PatternLibrary().patterns)
        #expect(stats.inferredLayout?.contains("layouts mixed") == true, "\(stats.inferredLayout ?? stats.pattern)")
        #expect(stats.continuationLines == 0 && stats.unmatchedLines == 0, "\(stats)")
        #expect(events.count == 4800 && events.allSatisfy { $0.time != nil }, "\(events.first { $0.time == nil }?.message ?? "")")
        #expect(Set(events.suffix(1200).compactMap(\.host)) == ["node0", "node1", "node2"])
        // The syslog lines say no year: they take the year of the file's own dated lines.
        #expect(events.suffix(1200).allSatisfy { EventJSON.year(ofNanoseconds: $0.time ?? 0) == 2026 })

        let state = TestPaths.scratch() + "/state"
        let run = try CLI.run(["analyze", "--state", state, "--format", "json", "-"], stdin: Data(text.utf8))
        let summary = try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any]
        let input = (summary?["inputs"] as? [[String: Any]])?.first
        #expect(input?["unmatched"] as? Int == 0 && input?["events"] as? Int == 4800, "\(input ?? [:]) \(run.stderr)")
    }

    /// A proxy's few lines after the servers' many (`cat servers/*.log proxy.log`): read by their own
    /// layout, not glued to the last server record; a line opening with a date, a syslog priority or a
    /// JSON object is no continuation of another layout's record.
    @Test func aShortLastSegmentInAnotherLayoutIsReadByItsOwn() throws {
        var text = ""
        for i in 0..<3000 {
            text += String(format: "2026-12-06T10:%02d:%02d.%06d+0000 cfg-%d cfgd[812]: raft: appended entries index=%d req=r-%05d\n",
                           i / 60 % 60, i % 60, i * 37 % 1_000_000, i % 3 + 1, 1000 + i, i / 3)
        }
        for i in 0..<100 {
            text += String(format: "Dec  6 10:%02d:%02d proxy haproxy[99]: 10.0.0.11:%d [06/Dec/2026:10:%02d:%02d.237] fe_kv be_cfg/cfg-1 200 {r-%05d}\n",
                           i / 60 % 60, i % 60, 40000 + i, i / 60 % 60, i % 60, i * 10)
        }
        let (events, stats) = try Self.parse(text, name: "all.log", library: try PatternLibrary().patterns)
        #expect(events.count == 3100 && stats.continuationLines == 0 && stats.unmatchedLines == 0, "\(stats)")
        #expect(Set(events.suffix(100).compactMap(\.host)) == ["proxy"], "\(stats.inferredLayout ?? stats.pattern)")

        for (line, starts) in [("2026-12-06 10:00:00,001 INFO x", true), ("[2026-12-06T10:00:00.1Z] x", true), ("Dec  6 10:00:00 h p: x", true),
                               ("06/Dec/2026:10:00:00 +0100", true), ("<14>1 2026-12-06T10:00:00Z h", true), (#"{"ts":1,"msg":"x"}"#, true),
                               ("\tat a.B.c(B.java:1)", false), ("Caused by: java.io.IOException", false), ("{", false),
                               ("  File \"x.py\", line 3", false), ("2026 orders shipped", false), ("Decimal 6 values", false),
                               ("INFO:     10.0.0.9:40702 - \"POST /x HTTP/1.1\" 201 Created", true), ("WARNING:root:disk low", true),
                               ("#Fields: date time s-ip cs-method", true), ("#Software: Microsoft IIS 10.0", true),
                               ("Error: connect ECONNREFUSED", false), ("#0 /var/www/app.php(12): f()", false), ("ValueError: bad", false),
                               ("INFORMED: x", false), ("IN: x", false)] {
            var copy = line
            #expect(copy.withUTF8 { RecordParser.startsLikeARecord($0) } == starts, "\(line)")
        }
    }

    /// Without a source prefix, a line no layout fits names no host by its first word.
    @Test func withoutASourcePrefixAnUnmatchedLineHasNoHost() throws {
        var text = ""
        for i in 0..<3000 {
            if i == 150 { text += "orphan line without a stamp\n" }
            text += String(format: "2026-12-06T10:%02d:%02d.%06d+0000 cfg-%d cfgd[812]: raft: appended entries index=%d\n",
                           i / 60 % 60, i % 60, i * 37 % 1_000_000, i % 3 + 1, 1000 + i)
        }
        for i in 0..<100 {
            text += String(format: "Dec  6 10:%02d:%02d proxy haproxy[99]: 10.0.0.11:%d [06/Dec/2026:10:%02d:%02d.237] fe_kv be_cfg/cfg-1 200\n",
                           i / 60 % 60, i % 60, 40000 + i, i / 60 % 60, i % 60)
        }
        let (events, stats) = try Self.parse(text, name: "orphan.log", library: try PatternLibrary().patterns)
        let orphan = events.first { $0.message.contains("orphan") }
        #expect(stats.unmatchedLines == 1 && orphan?.host == nil && orphan?.message == "orphan line without a stamp", "\(stats)")
    }
}
