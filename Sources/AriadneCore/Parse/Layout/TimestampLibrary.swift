/// The timestamp layouts layout inference looks for, each as a `TimestampFormat` and a PCRE2 fragment
/// matching exactly what the format parses.
///
/// Built from the formats' own documentation: ISO 8601 / RFC 3339 (RFC 5424 syslog uses it) with `T` or
/// a space, `.` or `,` fractions (Python `logging`'s default `asctime` is `yyyy-MM-dd HH:mm:ss,SSS`) and
/// zones; RFC 3164 syslog `MMM d HH:mm:ss`; C `asctime`/`ctime` (`EEE MMM d HH:mm:ss yyyy`, Apache
/// httpd's error log); the Common Log Format `dd/MMM/yyyy:HH:mm:ss Z`; Go's `log` package
/// (`2006/01/02 15:04:05[.000000]`); log4j's `DATE` (`dd MMM yyyy HH:mm:ss,SSS`) and `yy/MM/dd`
/// patterns; Tomcat's `dd-MMM-yyyy HH:mm:ss.SSS`; Android logcat `threadtime` (`MM-dd HH:mm:ss.SSS`);
/// .NET's invariant `G` (`M/d/yyyy h:mm:ss tt`); JavaScript's `toLocaleString()` in en-US
/// (`M/d/yyyy, h:mm:ss a`: NestJS's default logger writes `03/06/2026, 2:00:01 PM`); Java's medium US date and time (`MMM d, yyyy h:mm:ss a`,
/// java.util.logging's default `SimpleFormatter`); dotted European and Asian dates; IBM DB2
/// `yyyy-MM-dd-HH.mm.ss.SSSSSS`; compact `yyMMdd HHmmss` and `yyyyMMdd HHmmss`; batch schedulers'
/// `MM/dd/yyyy HH:mm:ss` and `MM/dd/yy HH:mm:ss` (PBS, HTCondor); epoch seconds (10 digits, optional
/// fraction), milliseconds (13), microseconds (16) and nanoseconds (19: Go's `UnixNano`, Vector's and
/// the OpenTelemetry collector's `time_unix_nano`); a time of day alone.
enum TimestampLibrary {
    /// One layout.
    struct Entry: Sendable {
        /// The format, as written in a pattern file.
        let text: String
        let format: TimestampFormat
        /// PCRE2 text matching the layout (no groups).
        let regex: String
    }

    /// Every layout, most specific first (a longer layout before its prefixes).
    static let entries: [Entry] = {
        var texts: [String] = []
        let fractions = [".SSS", ",SSS", ""]
        let zones = ["Z", " Z", ""]
        for separator in ["T", " "] {
            for fraction in fractions {
                for zone in zones { texts.append("yyyy-MM-dd\(separator)HH:mm:ss\(fraction)\(zone)") }
            }
        }
        texts += ["yyyy-MM-dd HH:mm", "yyyy-MM-dd-HH.mm.ss.SSS"]
        for date in ["yyyy/MM/dd", "yyyy.MM.dd", "dd.MM.yyyy", "MM/dd/yyyy", "dd/MM/yyyy", "MM/dd/yy", "yy/MM/dd",
                     "dd-MMM-yyyy", "dd MMM yyyy", "yyyyMMdd", "MM-dd"] {
            for fraction in fractions { texts.append("\(date) HH:mm:ss\(fraction)") }
        }
        texts += [
            "dd/MMM/yyyy:HH:mm:ss.SSS Z", "dd/MMM/yyyy:HH:mm:ss Z", "dd/MMM/yyyy:HH:mm:ss.SSS", "dd/MMM/yyyy:HH:mm:ss",
            "EEE MMM d HH:mm:ss.SSS yyyy", "EEE MMM d HH:mm:ss yyyy", "EEE MMM d yyyy HH:mm:ss",
            "MMM d yyyy HH:mm:ss", "MMM d, yyyy h:mm:ss a", "MMM d HH:mm:ss.SSS", "MMM d HH:mm:ss",
            "M/d/yyyy, h:mm:ss a", "M/d/yyyy, H:mm:ss", "M/d/yyyy h:mm:ss a", "M/d/yyyy H:mm:ss",
            "yyMMdd HHmmss", "yyyyMMdd HHmmss", "yyyyMMddTHHmmssZ", "yyyyMMddTHHmmss",
            "HH:mm:ss.SSS", "HH:mm:ss,SSS", "HH:mm:ss",
            "epoch_ns", "epoch_us", "epoch_ms", "epoch",
        ]
        return texts.map { text in
            // Every text above is a valid format: a failure here is a programming error.
            let format = try! TimestampFormat(text)
            return Entry(text: text, format: format, regex: regex(for: format))
        }
    }()

    /// A PCRE2 fragment matching what `format` parses.
    static func regex(for format: TimestampFormat) -> String {
        switch format.kind {
        case .iso8601:
            return #"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}(?::?\d{2})?)?"#
        case .epoch(let scale):
            switch scale {
            case 1_000_000_000: return #"\d{10}(?:\.\d{1,9})?"#
            case 1_000_000: return #"\d{13}"#
            case 1_000: return #"\d{16}"#
            default: return #"\d{19}"#
            }
        case .tokens(let tokens):
            return tokens.map(regex(for:)).joined()
        }
    }

    private static func regex(for token: TimestampFormat.Token) -> String {
        switch token {
        case .year4: return #"\d{4}"#
        case .year2, .month2, .day2, .hour, .hour12, .minute, .second: return #"\d{2}"#
        case .month, .hourFlexible, .hour12Flexible: return #"\d{1,2}"#
        case .day: return #" ?\d{1,2}"#
        case .monthName: return "[A-Za-z]{3}"
        case .weekday: return "[A-Za-z]{3,9}"
        case .fraction: return #"\d{1,9}"#
        case .zone: return #"(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)"#
        case .ampm: return "[AaPp][Mm]"
        case .space: return " +"
        case .literal(let byte): return escape(byte)
        }
    }

    /// `byte` as a regex literal.
    static func escape(_ byte: UInt8) -> String {
        if byte >= 128 || byte < 32 {
            let hex = String(byte, radix: 16, uppercase: true)
            return "\\x" + (hex.count == 1 ? "0" + hex : hex)
        }
        let character = String(UnicodeScalar(byte))
        return "\\^$.|?*+()[]{}/-#".utf8.contains(byte) ? "\\" + character : character
    }

    /// `text` as a regex literal (bytes outside printable ASCII as `\xHH`).
    static func escape(_ text: String) -> String {
        text.utf8.map { escape($0) }.joined()
    }
}
