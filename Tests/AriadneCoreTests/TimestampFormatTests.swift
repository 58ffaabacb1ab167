import Foundation
import Testing
@testable import AriadneCore

@Suite struct TimestampFormatTests {
    func parse(_ format: String, _ text: String, offset: Int64 = 0, year: Int = 1970) throws -> Int64? {
        let compiled = try TimestampFormat(format)
        var copy = text
        return copy.withUTF8 { compiled.parse($0, offset: offset, year: year) }
    }

    @Test func realLayouts() throws {
        #expect(try parse("yyMMdd HHmmss", "081109 203518") == 1_226_262_918_000_000_000)
        #expect(try parse("yyyy-MM-dd HH:mm:ss,SSS", "2015-10-18 18:01:47,978") == 1_445_191_307_978_000_000)
        #expect(try parse("EEE MMM dd HH:mm:ss yyyy", "Sun Dec 04 04:47:44 2005") == 1_133_671_664_000_000_000)
        #expect(try parse("MMM d HH:mm:ss", "Jun  4 15:16:01", year: 2005) == 1_117_898_161_000_000_000)
        #expect(try parse("dd/MMM/yyyy:HH:mm:ss Z", "10/Oct/2000:13:55:36 -0700") == 971_211_336_000_000_000)
        #expect(try parse("iso8601", "2023-01-29T08:48:42.425293566Z") == 1_674_982_122_425_293_566)
        #expect(try parse("epoch_ns", "1674982122425293566") == 1_674_982_122_425_293_566)
        #expect(try parse("epoch", "1674982122.5") == 1_674_982_122_500_000_000)
    }

    @Test func zoneFromThePatternAppliesToTimesWithoutOne() throws {
        let utc = try parse("yyyy-MM-dd HH:mm:ss", "2020-01-01 08:00:00")!
        let east = try parse("yyyy-MM-dd HH:mm:ss", "2020-01-01 08:00:00", offset: 8 * 3600)!
        #expect(utc - east == 8 * 3600 * 1_000_000_000)
    }

    @Test func rejectsWhatDoesNotFit() throws {
        #expect(try parse("yyyy-MM-dd", "2020-13-01") == nil)
        #expect(try parse("yyyy-MM-dd", "2020-01-01 trailing") == nil)
        #expect(try parse("HH:mm", "") == nil)
        #expect(throws: PatternError.Reason.self) { try TimestampFormat("yyyy-QQ") }
    }

    @Test func formatsBackToRFC3339() {
        #expect(EventJSON.formatTime(1_226_262_918_000_000_000) == "2008-11-09T20:35:18Z")
        #expect(EventJSON.formatTime(1_674_982_122_425_293_566) == "2023-01-29T08:48:42.425293566Z")
        #expect(EventJSON.formatTime(-1_000_000_000) == "1969-12-31T23:59:59Z")
    }

    @Test func civilDaysAgreeWithAReferenceOnManyDates() {
        var days = 0
        var mismatches = 0
        for year in 1970...2100 {
            for month in 1...12 {
                let length = [31, (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
                for day in 1...length {
                    if daysFromCivil(year: year, month: month, day: day) != days { mismatches += 1 }
                    days += 1
                }
            }
        }
        #expect(mismatches == 0)
    }
}

/// Times without a year (BSD syslog's `Nov  3 10:00:00`) beside inputs whose times say theirs take the
/// year of the dated inputs read before them, or read first, of the first dated input after them; alone, 1970.
@Suite struct YearFromOtherInputsTests {
    static func events(_ files: [String: String]) throws -> [[String: Any]] {
        let directory = TestPaths.scratch()
        for (name, text) in files { FileManager.default.createFile(atPath: directory + "/" + name, contents: Data(text.utf8)) }
        let run = try CLI.run(["parse", directory])
        #expect(run.status == 0, "\(run.stderr)")
        return run.text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    static let syslog = (0..<6).map { "Nov  3 10:00:0\($0) mq-1 rabbitmq[512]: enqueue mid=m\($0) queue=telemetry" }.joined(separator: "\n") + "\n"
    static let dated = (0..<6).map { "ts=2026-11-03T10:00:0\($0).250Z level=info msg=\"consumed\" mid=m\($0)" }.joined(separator: "\n") + "\n"

    @Test func aYearLessSyslogTakesTheYearOfTheDatedInputsBeforeIt() throws {
        let events = try Self.events(["a-ingest.log": Self.dated, "b-mq.log": Self.syslog])
        let syslog = events.filter { ($0["source"] as? String)?.contains("b-mq.log") == true }
        #expect(syslog.count == 6 && syslog.allSatisfy { ($0["time"] as? String)?.hasPrefix("2026-11-03T10:00:0") == true }, "\(syslog.first ?? [:])")
    }

    @Test func readFirstItTakesTheYearOfTheDatedInputAfterItAloneItIs1970() throws {
        let first = try Self.events(["a-mq.log": Self.syslog, "b-ingest.log": Self.dated])
        let syslog = first.filter { ($0["source"] as? String)?.contains("a-mq.log") == true }
        #expect(syslog.count == 6 && syslog.allSatisfy { ($0["time"] as? String)?.hasPrefix("2026-11-03") == true }, "\(syslog.first ?? [:])")
        let alone = try Self.events(["mq.log": Self.syslog])
        #expect(alone.count == 6 && alone.allSatisfy { ($0["time"] as? String)?.hasPrefix("1970-11-03") == true })
    }
}
