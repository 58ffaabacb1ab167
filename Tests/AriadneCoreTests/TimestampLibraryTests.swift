import Foundation
import Testing
@testable import AriadneCore

@Suite struct TimestampLibraryTests {
    /// 2026-03-14 09:26:53 UTC in seconds since the epoch, computed by hand: 20,526 days from 1970-01-01
    /// to 2026-03-14 (56 years with 14 leap days = 20,454, plus 31 + 28 + 13 days), times 86,400, plus
    /// 9 h 26 min 53 s.
    static let base: Int64 = 20_526 * 86_400 + 9 * 3600 + 26 * 60 + 53

    static func parse(_ format: String, _ text: String, offset: Int64 = 0, year: Int = 1970) throws -> Int64? {
        let compiled = try TimestampFormat(format)
        var copy = text
        return copy.withUTF8 { compiled.parse($0, offset: offset, year: year) }
    }

    @Test func theBaseIsRight() {
        #expect(Self.base == 1_773_480_413)
    }

    @Test(arguments: [
        ("yyyy-MM-ddTHH:mm:ss.SSSZ", "2026-03-14T09:26:53.589Z", base * 1_000_000_000 + 589_000_000),
        ("yyyy-MM-dd HH:mm:ss,SSS", "2026-03-14 09:26:53,589", base * 1_000_000_000 + 589_000_000),
        ("yyyy-MM-ddTHH:mm:ss.SSSZ", "2026-03-14T10:26:53.5+01:00", base * 1_000_000_000 + 500_000_000),
        ("yyyy-MM-dd HH:mm:ss Z", "2026-03-14 02:26:53 -0700", base * 1_000_000_000),
        ("dd.MM.yyyy HH:mm:ss,SSS", "14.03.2026 09:26:53,589", base * 1_000_000_000 + 589_000_000),
        ("yyyy.MM.dd HH:mm:ss", "2026.03.14 09:26:53", base * 1_000_000_000),
        ("yyyy/MM/dd HH:mm:ss.SSS", "2026/03/14 09:26:53.589123", base * 1_000_000_000 + 589_123_000),
        ("MM/dd/yyyy HH:mm:ss", "03/14/2026 09:26:53", base * 1_000_000_000),
        ("dd/MMM/yyyy:HH:mm:ss Z", "14/Mar/2026:09:26:53 +0000", base * 1_000_000_000),
        ("yyMMdd HHmmss", "260314 092653", base * 1_000_000_000),
        ("yyyyMMdd HHmmss", "20260314 092653", base * 1_000_000_000),
        ("M/d/yyyy h:mm:ss a", "3/14/2026 9:26:53 AM", base * 1_000_000_000),
        ("M/d/yyyy h:mm:ss a", "3/14/2026 9:26:53 PM", (base + 12 * 3600) * 1_000_000_000),
        ("M/d/yyyy h:mm:ss a", "3/14/2026 12:26:53 AM", (base - 9 * 3600) * 1_000_000_000),
        ("M/d/yyyy h:mm:ss a", "3/14/2026 12:26:53 pm", (base + 3 * 3600) * 1_000_000_000),
        ("M/d/yyyy, h:mm:ss a", "03/14/2026, 9:26:53 PM", (base + 12 * 3600) * 1_000_000_000),
        ("M/d/yyyy, H:mm:ss", "3/14/2026, 09:26:53", base * 1_000_000_000),
        ("dd-MMM-yyyy HH:mm:ss.SSS", "14-Mar-2026 09:26:53.589", base * 1_000_000_000 + 589_000_000),
        ("dd MMM yyyy HH:mm:ss,SSS", "14 Mar 2026 09:26:53,589", base * 1_000_000_000 + 589_000_000),
        ("EEE MMM d HH:mm:ss yyyy", "Sat Mar 14 09:26:53 2026", base * 1_000_000_000),
        ("yyyy-MM-dd-HH.mm.ss.SSS", "2026-03-14-09.26.53.589000", base * 1_000_000_000 + 589_000_000),
        ("epoch", "1773480413.589", base * 1_000_000_000 + 589_000_000),
        ("epoch_ms", "1773480413589", base * 1_000_000_000 + 589_000_000),
        ("HH:mm:ss.SSS", "09:26:53.589", (9 * 3600 + 26 * 60 + 53) * 1_000_000_000 + 589_000_000),
    ] as [(String, String, Int64)])
    func libraryFormatsParseToHandComputedTimes(_ format: String, _ text: String, _ expected: Int64) throws {
        #expect(try Self.parse(format, text) == expected, "\(format) on \(text)")
        let entry = try #require(TimestampLibrary.entries.first { $0.text == format }, "\(format) is in the library")
        let regex = try CompiledRegex("^(?:" + entry.regex + ")$")
        #expect(try regex.makeMatcher().matches(text), "the fragment of \(format) matches \(text)")
    }

    @Test func syslogAndLogcatTakeTheGivenYear() throws {
        #expect(try Self.parse("MMM d HH:mm:ss", "Mar 14 09:26:53", year: 2026) == Self.base * 1_000_000_000)
        #expect(try Self.parse("MMM d HH:mm:ss", "Mar  4 09:26:53", year: 2026) == (Self.base - 10 * 86_400) * 1_000_000_000)
        #expect(try Self.parse("MM-dd HH:mm:ss.SSS", "03-14 09:26:53.589", year: 2026) == Self.base * 1_000_000_000 + 589_000_000)
    }

    @Test func outOfRangeAndMalformedTimesAreRejected() throws {
        #expect(try Self.parse("M/d/yyyy h:mm:ss a", "3/14/2026 13:26:53 PM") == nil)
        #expect(try Self.parse("M/d/yyyy h:mm:ss a", "3/14/2026 9:26:53 XM") == nil)
        #expect(try Self.parse("yyyy-MM-dd HH:mm:ss", "2026-13-14 09:26:53") == nil)
        #expect(try Self.parse("yyMMdd HHmmss", "260314 0926") == nil)
    }

    /// Every library format against Foundation's Gregorian calendar on random times.
    @Test func randomTimesAgreeWithFoundation() throws {
        var random = SplitMix64(seed: 8)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        for _ in 0..<400 {
            let seconds = Int64.random(in: 946_684_800..<4_102_444_800, using: &random)
            let millis = Int64.random(in: 0..<1000, using: &random)
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            func two(_ v: Int?) -> String { String(format: "%02d", v!) }
            let ms = String(format: "%03d", Int(millis))
            let expected = seconds * 1_000_000_000 + millis * 1_000_000
            let hour12 = c.hour! % 12 == 0 ? 12 : c.hour! % 12
            let cases: [(String, String)] = [
                ("yyyy-MM-ddTHH:mm:ss.SSSZ", "\(c.year!)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second)).\(ms)Z"),
                ("dd.MM.yyyy HH:mm:ss.SSS", "\(two(c.day)).\(two(c.month)).\(c.year!) \(two(c.hour)):\(two(c.minute)):\(two(c.second)).\(ms)"),
                ("dd/MMM/yyyy:HH:mm:ss.SSS", "\(two(c.day))/\(months[c.month! - 1])/\(c.year!):\(two(c.hour)):\(two(c.minute)):\(two(c.second)).\(ms)"),
                ("M/d/yyyy h:mm:ss.SSS a", "\(c.month!)/\(c.day!)/\(c.year!) \(hour12):\(two(c.minute)):\(two(c.second)).\(ms) \(c.hour! < 12 ? "AM" : "PM")"),
                ("epoch_ms", "\(seconds)\(ms)"),
            ]
            for (format, text) in cases {
                #expect(try Self.parse(format, text) == expected, "\(format) on \(text)")
            }
        }
    }
}
