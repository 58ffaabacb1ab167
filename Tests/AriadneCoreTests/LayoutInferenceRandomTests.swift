import Foundation
import Testing
@testable import AriadneCore

/// Random layouts built from known parts: the inferred layout must give back every part of every line.
@Suite struct LayoutInferenceRandomTests {
    struct Stamp {
        let write: (DateComponents, Int64, Int) -> String
        let bracketed: Bool
        var millis = true
    }

    static func two(_ value: Int?) -> String { String(format: "%02d", value!) }
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Writers of library layouts from a time's UTC components, its epoch seconds and milliseconds.
    static let stamps: [Stamp] = [
        Stamp(write: { c, _, ms in "\(c.year!)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second)).\(String(format: "%03d", ms))Z" }, bracketed: false),
        Stamp(write: { c, _, ms in "\(c.year!)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second)),\(String(format: "%03d", ms))" }, bracketed: false),
        Stamp(write: { c, _, _ in "\(two(c.day))/\(months[c.month! - 1])/\(c.year!):\(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000" }, bracketed: true, millis: false),
        Stamp(write: { c, _, ms in "\(c.year!)/\(two(c.month))/\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second)).\(String(format: "%03d", ms))" }, bracketed: false),
        Stamp(write: { c, _, _ in "\(two(c.day)).\(two(c.month)).\(c.year!) \(two(c.hour)):\(two(c.minute)):\(two(c.second))" }, bracketed: false, millis: false),
        Stamp(write: { _, seconds, ms in "\(seconds)\(String(format: "%03d", ms))" }, bracketed: false),
        Stamp(write: { _, seconds, ms in "\(seconds)\(String(format: "%03d", ms))000000" }, bracketed: false),
        Stamp(write: { c, _, _ in "\(two(c.year! % 100))\(two(c.month))\(two(c.day)) \(two(c.hour))\(two(c.minute))\(two(c.second))" }, bracketed: false, millis: false),
        Stamp(write: { c, _, ms in "\(c.year!)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second)).\(String(format: "%03d", ms))" }, bracketed: true),
    ]

    static let words = ["request", "payment", "declined", "retrying", "cache", "miss", "for", "user", "queue", "drained",
                        "opened", "closed", "session", "took", "bytes", "from", "to", "worker", "job", "done"]
    static let levels = ["INFO", "WARN", "ERROR", "DEBUG"]

    @Test func randomLayoutsAreReadBackExactly() throws {
        var random = SplitMix64(seed: 2026)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for round in 0..<60 {
            let stamp = Self.stamps[Int.random(in: 0..<Self.stamps.count, using: &random)]
            let numbered = Bool.random(using: &random)
            let hasLevel = Bool.random(using: &random)
            let hasHost = Bool.random(using: &random)
            let hasComponent = Bool.random(using: &random)
            var text = ""
            var expected: [(time: Int64, level: String?, host: String?, service: String?, message: String)] = []
            var seconds = Int64.random(in: 1_000_000_000..<2_000_000_000, using: &random)
            for index in 0..<40 {
                seconds += Int64.random(in: 0..<5, using: &random)
                let ms = Int.random(in: 0..<1000, using: &random)
                let components = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                                         from: Date(timeIntervalSince1970: TimeInterval(seconds)))
                var written = stamp.write(components, seconds, ms)
                if stamp.bracketed { written = "[\(written)]" }
                var line = numbered ? "\(index + 1) \(written)" : written
                let level = hasLevel ? Self.levels[Int.random(in: 0..<4, using: &random)] : nil
                let host = hasHost ? "node-\(Int.random(in: 1...5, using: &random))" : nil
                let service = hasComponent ? ["auth", "billing", "cart"][Int.random(in: 0..<3, using: &random)] : nil
                if let level { line += " " + level }
                if let host { line += " [\(host)]" }
                if let service { line += " \(service)[\(Int.random(in: 100...999, using: &random))]:" }
                var message = (0..<Int.random(in: 2...6, using: &random)).map { _ in Self.words[Int.random(in: 0..<Self.words.count, using: &random)] }
                message.insert("id=\(Int.random(in: 0...99_999, using: &random))", at: Int.random(in: 0...message.count, using: &random))
                let messageText = message.joined(separator: " ")
                line += " " + messageText
                text += line + "\n"
                let millis = stamp.millis ? Int64(ms) * 1_000_000 : 0
                expected.append((seconds * 1_000_000_000 + millis, level, host, service, messageText))
            }
            let path = TestPaths.file(text, name: "random-\(round).log")
            var events: [Event] = []
            let session = ParseSession(options: ParseOptions(library: [])) { events.append($0) }
            try session.parse(InputSource(path: path))
            let layout = session.stats.inputs[0].inferredLayout ?? "none"
            try #require(events.count == expected.count, "round \(round): \(layout)\n\(text.prefix(300))")
            for (event, want) in zip(events, expected) {
                #expect(event.time == want.time, "round \(round) \(layout): \(event.timeText ?? "-")")
                #expect(event.level == want.level, "round \(round) \(layout)")
                #expect(event.host == want.host, "round \(round) \(layout)")
                // A record without a service of its own gets its host's name without the instance suffix.
                #expect(event.service == (want.service ?? want.host.flatMap(HostNaming.service(ofHost:))), "round \(round) \(layout)")
                #expect(event.message == want.message, "round \(round) \(layout)")
                #expect(event.fields.contains { $0.name == "id" }, "round \(round) \(layout)")
            }
        }
    }
}

/// Hostile samples: inference never crashes, and a file parsed with what it infers keeps every line.
@Suite struct LayoutInferenceHostileTests {
    @Test func randomBytesAndUnclosedBracketsKeepEveryLine() throws {
        var random = SplitMix64(seed: 77)
        let pieces = ["[", "]", "[[", "2026-03-14 09:26:53", "INFO", "x:", "a[1]:", "=", "\"", "{", "}", "\t", " ", "-",
                      "1773480413", "é", "\u{FFFD}", "Mar 14 09:26:53", "[2026-03-14 09:26:53", "k=v"]
        for round in 0..<40 {
            var bytes: [UInt8] = []
            var lines = 0
            for _ in 0..<Int.random(in: 1...30, using: &random) {
                var line = ""
                for _ in 0..<Int.random(in: 1...12, using: &random) { line += pieces[Int.random(in: 0..<pieces.count, using: &random)] }
                bytes += Array(line.utf8)
                if Bool.random(using: &random) { bytes.append(UInt8.random(in: 0x80...0xFF, using: &random)) }
                bytes.append(10)
                lines += 1
            }
            let sample = bytes.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
            _ = LayoutInferrer.infer(sample: sample)
            var count = 0
            let session = ParseSession(options: ParseOptions(library: [])) { _ in count += 1 }
            try session.parse(InputSource(path: TestPaths.file(bytes, name: "hostile-\(round).log")))
            let stats = session.stats.inputs[0]
            #expect(stats.lines == lines, "round \(round)")
            #expect(stats.recordLines + stats.continuationLines + stats.unmatchedLines + stats.headerLines == stats.lines)
            #expect(count == stats.events)
        }
    }

    @Test func aLongBracketWithoutItsCloseIsNotAHang() throws {
        let long = "[" + String(repeating: "a[b ", count: 50_000)
        let text = (0..<10).map { "2026-03-14 09:26:53 INFO [w-\($0)] \(long) end\n" }.joined()
        var count = 0
        let session = ParseSession(options: ParseOptions(library: [])) { _ in count += 1 }
        try session.parse(InputSource(path: TestPaths.file(text, name: "long.log")))
        #expect(count == 10)
    }
}
