import Foundation
import Testing
@testable import AriadneCore

/// Times at and beyond the ends of Int64 nanoseconds (1677-09-21 .. 2262-04-11): unparsed and counted,
/// never a trap, in parsing, grouping, ordering and inference.
@Suite struct ExtremeTimeTests {
    static let years = ["0001", "1677", "1678", "2262", "2263", "9999"]
    static let fits: Set<String> = ["1678", "2262"]

    func parse(_ format: String, _ text: String, offset: Int64 = 0, year: Int = 1970) throws -> Int64? {
        let compiled = try TimestampFormat(format)
        var copy = text
        return copy.withUTF8 { compiled.parse($0, offset: offset, year: year) }
    }

    /// Dates early in the year: 1677 is before the range, 2262 inside it.
    @Test(arguments: years)
    func everyLayoutRejectsYearsOutsideInt64(year: String) throws {
        let cases = [
            ("yyyy-MM-dd HH:mm:ss,SSS", "\(year)-01-01 00:00:00,000", "\(year)-01-01T00:00:00Z"),
            ("iso8601", "\(year)-01-01T00:00:00.5Z", "\(year)-01-01T00:00:00.5Z"),
            ("iso8601", "\(year)-03-30 12:00:00+02:00", "\(year)-03-30T10:00:00Z"),
            ("dd/MMM/yyyy:HH:mm:ss Z", "10/Mar/\(year):13:55:36 -0700", "\(year)-03-10T20:55:36Z"),
            ("EEE MMM dd HH:mm:ss yyyy", "Sun Mar 04 04:47:44 \(year)", "\(year)-03-04T04:47:44Z"),
        ]
        for (format, text, expected) in cases {
            let time = try parse(format, text)
            if Self.fits.contains(year) {
                #expect(time.map(EventJSON.formatTime) == expected, "\(format) \(text)")
            } else {
                #expect(time == nil, "\(format) \(text)")
            }
        }
        let yearless = try parse("MMM d HH:mm:ss", "Mar  4 15:16:01", year: Int(year)!)
        #expect((yearless != nil) == Self.fits.contains(year))
    }

    @Test func theEndsOfInt64AreExact() throws {
        #expect(try parse("iso8601", "1677-09-21T00:12:43.145224192Z") == .min)
        #expect(try parse("iso8601", "1677-09-21T00:12:43.145224191Z") == nil)
        #expect(try parse("iso8601", "2262-04-11T23:47:16.854775807Z") == .max)
        #expect(try parse("iso8601", "2262-04-11T23:47:16.854775808Z") == nil)
        #expect(try parse("iso8601", "2262-04-11T23:47:16Z") != nil)
        #expect(try parse("iso8601", "2262-04-11T23:47:16-01:00") == nil, "the zone pushes it past the end")
        #expect(try parse("yyyy-MM-dd HH:mm:ss", "2262-04-11 23:47:16", offset: -3600) == nil)
    }

    @Test func epochValuesBeyondInt64AreUnparsed() throws {
        #expect(try parse("epoch_ns", "9223372036854775807") == .max)
        #expect(try parse("epoch_ns", "-9223372036854775807") == -.max)
        #expect(try parse("epoch_ns", "9223372036854775808") == nil)
        #expect(try parse("epoch_ns", "9999999999999999999") == nil)
        #expect(try parse("epoch_ns", "-9999999999999999999") == nil)
        #expect(try parse("epoch_us", "9223372036854776") == nil)
        #expect(try parse("epoch_ms", "9223372036854") == 9_223_372_036_854_000_000)
        #expect(try parse("epoch_ms", "9223372036855") == nil)
        #expect(try parse("epoch", "9223372036.854775807") == .max)
        #expect(try parse("epoch", "9223372036.854775808") == nil)
        #expect(try parse("epoch", "-9223372036.854775807") == -.max)
        #expect(try parse("epoch", "253402300799") == nil)
    }

    /// The issue's reproduction and its siblings, through shipped patterns, in one process each.
    @Test func parseCountsOutOfRangeTimestampsAndGoesOn() throws {
        let inputs: [(pattern: String, line: (String) -> String)] = [
            ("zookeeper", { "\($0)-01-01 00:00:00,000 - INFO  [main:QuorumPeer@1] - x" }),
            ("syslog-rfc5424", { "<134>1 \($0)-12-31T00:00:00Z host app 1 - - hi" }),
            ("apache-access", { "1.2.3.4 - - [10/Oct/\($0):13:55:36 -0700] \"GET / HTTP/1.0\" 200 2326" }),
            ("jsonl", { #"{"time":"\#($0)-01-01T00:00:00Z","msg":"x"}"# }),
        ]
        for input in inputs {
            let text = Self.years.map(input.line).joined(separator: "\n") + "\n"
            let path = TestPaths.file(text)
            let stats = TestPaths.scratch() + "/stats.json"
            let result = try CLI.run(["parse", "-q", "--pattern", input.pattern, "--stats-json", stats, path])
            #expect(result.status == 0, "\(input.pattern): \(result.stderr)")
            let lines = result.text.split(separator: "\n")
            #expect(lines.count == Self.years.count, "\(input.pattern)")
            #expect(lines.filter { $0.contains(#""time":"#) }.count == 2, "\(input.pattern)")
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: stats))) as? [String: Any]
            let first = (json?["inputs"] as? [[String: Any]])?.first
            #expect(first?["bad_timestamps"] as? Int == 4, "\(input.pattern): \(String(describing: json))")
        }
    }

    static func eventLine(_ line: Int, time: String, type: String, host: String, block: String) -> String {
        #"{"source":"x.log:\#(line)","time":"\#(time)","host":"\#(host)","ids":{"block":["\#(block)"]},"type":"\#(type)","template":"","message":"m"}"#
    }

    /// Events spanning the whole Int64 range, on several hosts, through `infer` and `hypotheses`.
    @Test func inferAndHypothesesOnEventsSpanningTheWholeRange() throws {
        let times = ["1677-09-21T00:12:43.145224192Z", "1678-01-01T00:00:00Z", "1970-01-01T00:00:00Z",
                     "2262-01-01T00:00:00Z", "2262-04-11T23:47:16.854775807Z"]
        var lines: [String] = []
        for block in 0..<6 {
            for (i, time) in times.enumerated() {
                let t = block % 2 == 0 ? time : times[times.count - 1 - i]
                lines.append(Self.eventLine(lines.count + 1, time: t, type: "t\(i)", host: "h\((i + block) % 3)", block: "b\(block)"))
            }
        }
        let path = TestPaths.file(lines.joined(separator: "\n") + "\n", name: "events.jsonl")
        for arguments in [["infer", "-q", "--skew", "9199999999s"], ["infer", "-q", "--format", "json"], ["infer", "-q"],
                          ["hypotheses", "-q"], ["hypotheses", "-q", "--format", "json"]] {
            let result = try CLI.run(arguments + [path])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(!result.stdout.isEmpty, "\(arguments)")
        }
        let events = try lines.enumerated().map { try EventJSON.decode($1, location: SourceLocation(file: "x", line: $0 + 1)) }
        let grouper = ExecutionGrouper(options: GroupingOptions(idleTimeout: 1))
        var executions = events.flatMap { grouper.add($0) }
        executions += grouper.finish()
        for skew: Int64? in [nil, 0, .max] {
            let model = CausalModel.infer(executions, options: InferenceOptions(skew: skew))
            #expect(model.executions == executions.count)
            _ = model.clocks?.lines()
            _ = model.summary()
        }
        let order = ExecutionOrder(bound: .max)
        #expect(order.precedes(events[0], at: 0, events[4], at: 4), "the true difference exceeds even Int64.max")
        #expect(!order.precedes(events[4], at: 4, events[0], at: 0))
        #expect(ExecutionOrder(bound: 0).precedes(events[0], at: 0, events[4], at: 4))
        #expect(!ExecutionOrder(bound: 0).precedes(events[4], at: 4, events[0], at: 0))
        #expect(CausalModel.duration(.min).hasPrefix("-"))
    }

    @Test func saturatingArithmeticClampsAtTheEnds() {
        #expect(Int64.max.saturatingAdd(1) == .max)
        #expect(Int64.min.saturatingAdd(-1) == .min)
        #expect(Int64.max.saturatingSubtract(-1) == .max)
        #expect(Int64.min.saturatingSubtract(1) == .min)
        #expect(Int64(5).saturatingSubtract(7) == -2)
        #expect(Int64.min.saturatingMagnitude == .max)
        #expect(Int64.min.saturatingNegation == .max)
        #expect(Int64.max.exceeds(.min, by: .max))
        #expect(!Int64.min.exceeds(.max, by: 0))
        #expect(!Int64(10).exceeds(5, by: 5))
        #expect(Int64(11).exceeds(5, by: 5))
    }
}
