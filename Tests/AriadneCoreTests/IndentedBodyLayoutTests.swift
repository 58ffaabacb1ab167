import Foundation
import Testing
@testable import AriadneCore

/// Records written as a header line (time, level, a category) and an indented body (scopes, the
/// message, an exception), as ASP.NET Core's console logger writes them, generated in layouts no
/// shipped pattern covers: alone in a file, behind a `kubectl logs --prefix` source beside other layouts
/// stamped alike, and read by a user's pattern.
@Suite struct IndentedBodyLayoutTests {
    static let levels = ["info", "warn", "dbug", "fail", "crit", "trce"]
    static let categories = ["Shop.Orders.Api.CheckoutController", "System.Net.Http.HttpClient.stock.LogicalHandler",
                             "Microsoft.AspNetCore.Routing.EndpointMiddleware", "Shop.Orders.Outbox.Relay"]

    /// A file of header-and-body records; per record its time, level and number of body lines.
    static func generate(seed: UInt64, records: Int = 120, prefix: String = "", stamp: LayoutInferenceRandomTests.Stamp,
                         scopes: ClosedRange<Int> = 0...1)
        -> (text: String, records: [(time: Int64, level: String, body: Int)]) {
        var random = SplitMix64(seed: seed)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var seconds = Int64.random(in: 1_500_000_000..<1_900_000_000, using: &random)
        var text = ""
        var written: [(time: Int64, level: String, body: Int)] = []
        let words = LayoutInferenceRandomTests.words
        for _ in 0..<records {
            seconds += Int64.random(in: 0..<3, using: &random)
            let ms = Int.random(in: 0..<1000, using: &random)
            let components = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                                     from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            var time = stamp.write(components, seconds, ms)
            if stamp.bracketed { time = "[\(time)]" }
            let level = levels[Int.random(in: 0..<levels.count, using: &random)]
            let category = categories[Int.random(in: 0..<categories.count, using: &random)]
            text += prefix + "\(time) \(level): \(category)[\(Int.random(in: 0...120, using: &random))]\n"
            var body = 0
            for _ in 0..<Int.random(in: scopes, using: &random) {
                // A scope line: `=>` opens it, as it opens each scope.
                text += prefix + "      => SpanId:\(String(format: "%08x", UInt32.random(in: 0...UInt32.max, using: &random)))"
                    + " => RequestPath:/orders/\(Int.random(in: 1...999, using: &random))\n"
                body += 1
            }
            let message = (0..<Int.random(in: 2...6, using: &random)).map { _ in words[Int.random(in: 0..<words.count, using: &random)] }
            text += prefix + "      " + message.joined(separator: " ") + "\n"
            body += 1
            if level == "fail" {
                text += prefix + "      System.InvalidOperationException: stock unavailable\n"
                text += prefix + "         at Shop.Orders.Stock.Reserve(Int32 id) in /src/Stock.cs:line \(Int.random(in: 1...400, using: &random))\n"
                body += 2
            }
            written.append((seconds * 1_000_000_000 + (stamp.millis ? Int64(ms) * 1_000_000 : 0), level, body))
        }
        return (text, written)
    }

    @Test func aHeaderWithAnIndentedBodyIsOneRecord() throws {
        for (round, stamp) in LayoutInferenceRandomTests.stamps.enumerated() {
            let generated = Self.generate(seed: 300 + UInt64(round), stamp: stamp)
            let (events, stats) = try MixedLayoutTests.parse(generated.text, name: "indented-\(round).log")
            let layout = stats.inferredLayout ?? "none"
            #expect(layout.contains("timestamp"), "round \(round): \(layout)")
            try #require(events.count == generated.records.count, "round \(round): \(layout): \(events.count) events")
            #expect(stats.unmatchedLines == 0, "round \(round): \(layout)")
            #expect(stats.continuationLines == generated.records.map(\.body).reduce(0, +), "round \(round): \(layout)")
            for (event, want) in zip(events, generated.records) {
                #expect(event.time == want.time, "round \(round) \(layout): \(event.timeText ?? "-")")
                #expect(event.level == want.level, "round \(round) \(layout): \(event.level ?? "-")")
                #expect(event.message.split(separator: "\n").count == 1 + want.body, "round \(round): \(event.message)")
            }
        }
    }

    /// .NET's `fail` and `crit` are failures; `dbug` and `trce` are not.
    @Test func dotNetLevelsAreReadAsTheirSeverity() {
        for (level, failure) in [("fail", true), ("crit", true), ("dbug", false), ("trce", false), ("info", false)] {
            let event = Event(source: SourceLocation(file: "x.log", line: 1), level: level, type: "T", template: "stock reserved",
                              message: "stock reserved")
            #expect(LogSignals.isErrorLooking(event) == failure, "\(level)")
        }
    }

    /// A user's pattern whose records take indented lines is detected on a file where most lines are
    /// such lines: they continue records, they are no misses.
    @Test func aPatternWhoseRecordsTakeIndentedLinesIsDetected() throws {
        let yaml = """
            name: dotnet-console
            record: '^(?<timestamp>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) (?<level>[a-z]{4}): (?<message>.*)$'
            timestamp:
              formats: ['yyyy-MM-dd HH:mm:ss.SSS']
            continuation: indented
            """
        let pattern = try PatternLoader.load(yaml: yaml, file: "dotnet-console.yaml")
        let generated = Self.generate(seed: 41, records: 60, stamp: LayoutInferenceRandomTests.Stamp(write: LayoutInferenceRandomTests.stamps[8].write, bracketed: false))
        let sample = generated.text.split(separator: "\n").map { Array($0.utf8) }
        let detected = PatternDetector.detect(sample: sample, candidates: [pattern])
        #expect(detected.pattern === pattern && detected.share == 1, "\(detected.pattern.name) \(detected.share)")
        // A pattern that takes no continuation lines still counts them as misses.
        let strict = try PatternLoader.load(yaml: yaml.replacingOccurrences(of: "indented", with: "none"), file: "strict.yaml")
        #expect((PatternDetector.share(of: strict, on: sample) ?? 1) < 0.5)
    }

    /// Behind `kubectl logs --prefix`: header-and-body records, a layout stamped the same way but with
    /// another header (Spring Boot's), with a Java stack trace holding a blank line, a layout whose
    /// stack frames fit no layout and are not indented (PHP's `#0 …`), and JSON lines a shipped pattern
    /// reads: every record has its host, time and level, and every other line continues its source's record.
    @Test func indentedBodiesBehindAPrefixBesideLayoutsStampedAlike() throws {
        let stamp = LayoutInferenceRandomTests.stamps[8]
        let plain = LayoutInferenceRandomTests.Stamp(write: stamp.write, bracketed: false)
        // Most lines are continuations: the mixed layouts' share is over records.
        let dotnet = Self.generate(seed: 77, records: 150, prefix: "[pod/orders-1/api] ", stamp: plain, scopes: 2...3)
        var lines = dotnet.text.split(separator: "\n").map(String.init)
        var expected: [String: (records: Int, levels: Set<String>)] = ["orders-1": (dotnet.records.count, Set(dotnet.records.map(\.level)))]
        var continuations = dotnet.records.map(\.body).reduce(0, +)
        var random = SplitMix64(seed: 78)
        var insert = 0
        for index in 0..<90 {
            let pod = ["stock-a", "stock-b"][index % 2]
            let level = ["INFO", "WARN", "ERROR", "DEBUG"][Int.random(in: 0..<4, using: &random)]
            let time = "2026-03-06 14:0\(index / 60):\(String(format: "%02d", index % 60)).\(String(format: "%03d", index * 7 % 1000))"
            var record = ["[pod/\(pod)/stock] \(time) \(level.count == 4 ? " " : "")\(level) [stock,\(String(format: "%016x", index * 977)),] 1 --- "
                + "[nio-8080-exec-\(index % 9 + 1)] c.s.stock.ReserveController   : reserve item=\(index) qty=\(index % 5 + 1)"]
            if index % 10 == 3 {
                // The blank line of a stack trace: the prefix and its blank, or the prefix alone.
                record += ["[pod/\(pod)/stock]" + (index % 20 == 3 ? " " : ""), "[pod/\(pod)/stock] java.lang.IllegalStateException: lock wait",
                           "[pod/\(pod)/stock] \tat c.s.stock.Repo.reserve(Repo.java:\(index))"]
                continuations += 3
            }
            expected[pod, default: (0, [])].records += 1
            expected[pod]!.levels.insert(level)
            let php = "[pod/pay-1/fpm] [2026-03-06 14:0\(index / 60):\(String(format: "%02d", index % 60))] production.\(level): charge \(index) {\"n\":\(index)} []"
            record.append(php)
            expected["pay-1", default: (0, [])].records += 1
            expected["pay-1"]!.levels.insert(level)
            if index % 15 == 4 {
                record += ["[pod/pay-1/fpm] [stacktrace]", "[pod/pay-1/fpm] #0 /srv/app/Charge.php(\(index)): charge()", "[pod/pay-1/fpm] #1 {main}"]
                continuations += 3
            }
            if index % 2 == 0 {
                // JSON lines, read by the shipped pattern behind the prefix.
                record.append("[pod/cache-1/kv] {\"time\":\"\(time.replacingOccurrences(of: " ", with: "T"))Z\",\"level\":\"\(level.lowercased())\",\"msg\":\"evicted \(index)\"}")
                expected["cache-1", default: (0, [])].records += 1
                expected["cache-1"]!.levels.insert(level)
            }
            insert = min(lines.count, insert + Int.random(in: 1...5, using: &random))
            // Between two of the API's records, never inside one.
            while insert < lines.count, lines[insert].hasPrefix("[pod/orders-1/api]       ") { insert += 1 }
            lines.insert(contentsOf: record, at: insert)
            insert += record.count
        }
        let (events, stats) = try MixedLayoutTests.parse(lines.joined(separator: "\n") + "\n", name: "kubectl-prefix.log",
                                                         library: PatternLibrary().patterns)
        let layout = stats.inferredLayout ?? "none"
        #expect(layout.contains("layouts mixed") && layout.contains("pattern jsonl"), "\(layout)")
        #expect(stats.unmatchedLines == 0, "\(layout): \(events.filter { $0.time == nil }.prefix(3).map(\.message))")
        #expect(stats.continuationLines == continuations, "\(layout)")
        for (host, want) in expected {
            let mine = events.filter { $0.host == host }
            #expect(mine.count == want.records, "\(host): \(mine.count) \(layout)")
            #expect(mine.allSatisfy { $0.time != nil }, "\(host): \(layout)")
            #expect(Set(mine.compactMap { $0.level?.lowercased() }) == Set(want.levels.map { $0.lowercased() }), "\(host): \(layout)")
        }
    }
}
