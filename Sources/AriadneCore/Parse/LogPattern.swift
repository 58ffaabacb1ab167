/// A log format, loaded from a pattern file (see `Patterns/README.md`) with every regex compiled.
public final class LogPattern: @unchecked Sendable {
    /// How records are recognised.
    public enum Format: String, Sendable {
        case regex, json, logfmt
        /// Delimited values (RFC 4180 CSV, or another `delimiter`), named by `columns`.
        case csv
        /// Events written by `ariadne parse` (the built-in `ariadne-events` pattern), read back as they are.
        case events
    }

    /// How lines that do not match `record` are treated.
    public enum Continuation: String, Sendable {
        /// Appended to the previous record (stack traces).
        case unmatched
        /// Appended only when they start with a space or tab; others are unmatched lines.
        case indented
        /// Never appended: every non-matching line is an unmatched line.
        case none
        /// As `unmatched`, and a line opening with a level word in capitals and a colon is appended too,
        /// though such a line elsewhere starts a record: the second line of a two-line record
        /// (java.util.logging's default `SimpleFormatter`: `Mar 6, 2026 2:00:01 PM com.x.Y method` /
        /// `INFO: message`).
        case paired
    }

    /// One step of `decode`.
    enum Decode: Equatable, Sendable {
        case csv
        case json(key: String)
    }

    /// Where an execution id comes from.
    struct IDRule: Sendable {
        let kind: String
        let regex: CompiledRegex?
        let idGroup: Int?
        let capture: String?
    }

    /// A named event type recognised by a regex over the message.
    struct EventRule: Sendable {
        let type: String
        let regex: CompiledRegex
        let template: String?
        let hostCapture: String?
        let concernsCapture: String?
        /// `type` and `template` as JSON strings, for the direct output path.
        let typeJSON: [UInt8]
        let templateJSON: [UInt8]?

        init(type: String, regex: CompiledRegex, template: String?, hostCapture: String?, concernsCapture: String?) {
            self.type = type
            self.regex = regex
            self.template = template
            self.hostCapture = hostCapture
            self.concernsCapture = concernsCapture
            typeJSON = Self.json(type)
            templateJSON = template.map(Self.json)
        }

        private static func json(_ text: String) -> [UInt8] {
            let buffer = ByteBuffer()
            EventJSON.string(text, to: buffer)
            return Array(buffer.bytes)
        }
    }

    /// The pattern's name (`--pattern NAME`).
    public let name: String
    /// One line saying what logs it is for.
    public let summary: String
    /// The file it was loaded from, or `built-in`.
    public let file: String
    /// How records are recognised.
    public let format: Format
    /// Detection tie-breaker: higher wins.
    public let priority: Int
    /// What non-matching lines do.
    public let continuation: Continuation
    /// Number of event rules.
    public var eventRuleCount: Int { events.count }

    let skip: CompiledRegex?
    let record: CompiledRegex?
    let timestampFormats: [TimestampFormat]
    /// The zone of times that write none, as the pattern gives it (`timestamp.timezone`, seconds east
    /// of UTC); nil when it gives none: UTC, or the zone the run's other inputs write (`ParseSession`).
    let zoneOffset: Int64?
    let year: Int
    /// Whether the time a record writes is when its work started (`timestamp.at: start`: Envoy's
    /// `START_TIME`), the record being written when the work ended: the event's time is that end, the
    /// written time plus the duration the record reports (`RecordDuration`), so the record reads where it
    /// was written and still stands for its work from start to end.
    let timeAtStart: Bool
    let decode: [Decode]
    let inner: CompiledRegex?
    let keys: [String: [String]]
    let executionIDs: [IDRule]
    let events: [EventRule]
    let similarity: Double?
    /// Whether `key=value` pairs and a JSON object inside the message become fields of the event.
    let messageFields: Bool
    /// The layouts of a file that mixes several, tried in order (empty for every other pattern; see
    /// `MixedLayout`).
    let members: [LayoutMember]
    /// `format: csv`: the columns' names, in order, and the byte between values.
    let columns: [String]
    let delimiter: UInt8

    init(
        name: String, summary: String, file: String, format: Format, priority: Int, continuation: Continuation,
        skip: CompiledRegex?, record: CompiledRegex?, timestampFormats: [TimestampFormat], zoneOffset: Int64?,
        year: Int, decode: [Decode], inner: CompiledRegex?, keys: [String: [String]], executionIDs: [IDRule],
        events: [EventRule], similarity: Double?, messageFields: Bool = false, members: [LayoutMember] = [],
        columns: [String] = [], delimiter: UInt8 = UInt8(ascii: ","), timeAtStart: Bool = false
    ) {
        self.timeAtStart = timeAtStart
        self.name = name
        self.summary = summary
        self.file = file
        self.format = format
        self.priority = priority
        self.continuation = continuation
        self.skip = skip
        self.record = record
        self.timestampFormats = timestampFormats
        self.zoneOffset = zoneOffset
        self.year = year
        self.decode = decode
        self.inner = inner
        self.keys = keys
        self.executionIDs = executionIDs
        self.events = events
        self.similarity = similarity
        self.messageFields = messageFields
        self.members = members
        self.columns = columns
        self.delimiter = delimiter
    }

    /// The fallback for logs no pattern recognises: every line is one record, its whole text the message.
    public static let generic = LogPattern(
        name: "generic", summary: "any text: one record per line, event types by template masking",
        file: "built-in", format: .regex, priority: 0, continuation: .none, skip: nil, record: nil,
        timestampFormats: [], zoneOffset: nil, year: 1970, decode: [], inner: nil, keys: [:], executionIDs: [],
        events: [], similarity: nil
    )

    /// Events JSON written by `ariadne parse`: later commands read it back instead of raw logs.
    public static let events = LogPattern(
        name: "ariadne-events", summary: "events written by `ariadne parse` (JSON Lines), read back unchanged",
        file: "built-in", format: .events, priority: 100, continuation: .none, skip: nil, record: nil,
        timestampFormats: [], zoneOffset: nil, year: 1970, decode: [], inner: nil, keys: [:], executionIDs: [],
        events: [], similarity: nil
    )

    /// Whether its times may lack a year (a format without one, its own or a mixed file's layout's), and
    /// none was given (`timestamp.year` left at 1970): such times take the year of the inputs read
    /// before it that carry one (`ParseSession`).
    var takesYearFromOtherInputs: Bool {
        year == 1970 && (timestampFormats.contains { !$0.hasYear } || members.contains { $0.timePattern.takesYearFromOtherInputs })
    }

    /// Whether every time it reads says its year.
    var datesItsTimes: Bool {
        !timestampFormats.isEmpty && timestampFormats.allSatisfy(\.hasYear) && members.allSatisfy { $0.timePattern.datesItsTimes }
    }

    /// Whether every time it reads says its day (perhaps not its year: glog's `MMdd HH:mm:ss`).
    var daysItsTimes: Bool {
        !timestampFormats.isEmpty && timestampFormats.allSatisfy(\.hasDate) && members.allSatisfy { $0.timePattern.daysItsTimes }
    }

    /// Default keys for json and logfmt records.
    static let defaultKeys: [String: [String]] = [
        "timestamp": ["time", "ts", "timestamp", "@timestamp", "t"],
        "message": ["msg", "message", "@message", "log"],
        "level": ["level", "lvl", "severity", "@level"],
        "host": ["host", "hostname", "node", "pod"],
        "service": ["service", "logger", "app", "component", "caller"],
    ]
}
