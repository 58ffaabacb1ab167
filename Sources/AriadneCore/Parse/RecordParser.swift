import Foundation

/// Turns the lines of one input into records and records into events, for one pattern and one thread.
///
/// Owns a PCRE2 matcher per regex of the pattern (match data reused across lines). Event types of
/// records no rule names are left empty here; the session fills them in order with the template miner,
/// because clustering depends on the order messages arrive in.
final class RecordParser {
    let pattern: LogPattern
    private let record: Matcher?
    private let skip: Matcher?
    private let inner: Matcher?
    let ids: [Matcher?]
    let rules: [Matcher]
    /// For each first byte of a message, the rules (in order) that can match it; rules that can match an
    /// empty message or start anywhere are in every list.
    private let rulesByFirstByte: [[Int]]
    private let rulesForEmpty: [Int]
    private let recordGroups: [(name: String, group: Int)]
    private let innerGroups: [(name: String, group: Int)]

    /// Counters this parser adds to; the session folds them into the run's statistics.
    var counts = LineCounts()
    /// Whether records of this pattern can be written as JSON straight from their bytes (see
    /// `RecordParser+Direct.swift`): regex records without decode or inner steps, typed by rules.
    let direct: Bool
    /// The record regex's capture ranges of the last record start, per entry of `recordGroups`.
    var savedRanges: [Range<Int>?]
    /// The escaped `{"source":"FILE:` prefix of the file last written.
    var sourcePrefix: (file: String, bytes: [UInt8]) = ("", [])
    let recordGroupNames: [String]
    /// The last second the direct path wrote, as text.
    let timeCache = TimeCache()
    /// Precomputed for the direct path: see `DirectPlan`.
    lazy var plan = DirectPlan(pattern: pattern, recordGroupNames: recordGroupNames)

    /// Where hosts come from (see `HostOrigin`).
    let hostOrigin: HostOrigin
    /// The host the input's file name names, for records without one (or every record with `.file`).
    let fileHost: String?
    /// Services named by host names so far (nil: the host names none).
    private var servicesOfHosts: [String: String?] = [:]
    /// The pattern's keys for structured records, with `--host-from field:NAME` as the only host key.
    private let structuredKeys: [String: [String]]

    /// Per member of a mixed file's pattern, its rules' range in `pattern.executionIDs`.
    private let memberIDRules: [Range<Int>]

    /// `format: csv`: whether the open record's lines leave a quoted value open, so the next line continues it.
    var quoteOpen = false

    /// Whether the record's `host` capture is kept as a `thread` field instead (an inferred host column
    /// that varies within one per-host file).
    let recordHostIsThread: Bool

    /// Matchers of a mixed file's layouts (nil for a single-layout pattern), see `RecordParser+Mixed.swift`.
    let mixed: MixedMatchers?

    /// The year of the dated inputs read before this one, for times without a year (`ParseSession`).
    let yearOfOtherInputs: Int?
    /// The earliest and latest times of the inputs read before that date their times: a time of day
    /// alone takes the day nearest them (`dated(_:_:)`).
    let datedRange: ClosedRange<Int64>?
    /// The zone of times that write none when the pattern gives no `timezone`: the zone the run's other
    /// inputs write (`ParseSession`); nil: UTC.
    let localZone: Int64?

    init(pattern: LogPattern, eventRules: Bool = true, hostOrigin: HostOrigin = .auto, fileHost: String? = nil,
         recordHostIsThread: Bool = false, yearOfOtherInputs: Int? = nil,
         datedRange: ClosedRange<Int64>? = nil, localZone: Int64? = nil) {
        self.pattern = pattern
        self.localZone = localZone
        self.yearOfOtherInputs = yearOfOtherInputs
        self.datedRange = datedRange
        self.recordHostIsThread = recordHostIsThread
        self.hostOrigin = hostOrigin
        self.fileHost = hostOrigin == .auto || hostOrigin == .file ? fileHost : nil
        var keys = pattern.keys
        if case .field(let name) = hostOrigin { keys["host"] = [name] }
        structuredKeys = keys
        record = pattern.record?.makeMatcher()
        mixed = pattern.members.isEmpty ? nil : MixedMatchers(pattern.members)
        skip = pattern.skip?.makeMatcher()
        inner = pattern.inner?.makeMatcher()
        ids = pattern.executionIDs.map { $0.regex?.makeMatcher() }
        var start = 0
        memberIDRules = pattern.members.map { member in
            defer { start += member.timePattern.executionIDs.count }
            return start..<(start + member.timePattern.executionIDs.count)
        }
        rules = eventRules ? pattern.events.map { $0.regex.makeMatcher() } : []
        var byByte = [[Int]](repeating: [], count: 256)
        var forEmpty: [Int] = []
        for index in rules.indices {
            if let first = pattern.events[index].regex.firstBytes() {
                for byte in first { byByte[Int(byte)].append(index) }
            } else {
                for byte in 0..<256 { byByte[byte].append(index) }
                forEmpty.append(index)
            }
        }
        rulesByFirstByte = byByte
        rulesForEmpty = forEmpty
        recordGroups = pattern.record?.names ?? []
        innerGroups = pattern.inner?.names ?? []
        recordGroupNames = recordGroups.map(\.name)
        savedRanges = [Range<Int>?](repeating: nil, count: recordGroups.count)
        direct = pattern.format == .regex && pattern.record != nil && pattern.decode.isEmpty && pattern.inner == nil
            && eventRules && !pattern.events.isEmpty && !pattern.messageFields && hostOrigin == .auto && self.fileHost == nil
    }

    /// How a line relates to the pattern.
    enum LineKind {
        case header
        case start
        case continuation
        case unmatched
    }

    /// Classifies a line (without its newline). For `.start`, the record matcher holds the captures.
    func classify(_ line: UnsafeBufferPointer<UInt8>, hasOpenRecord: Bool) -> LineKind {
        if let skip, (try? skip.matches(line)) == true { return .header }
        switch pattern.format {
        case .events:
            return line.starts(with: Self.eventPrefix) ? .start : continuationOrUnmatched(line, hasOpenRecord)
        case .json:
            return line.first { $0 != 32 && $0 != 9 } == UInt8(ascii: "{") ? .start : continuationOrUnmatched(line, hasOpenRecord)
        case .logfmt:
            return Self.looksLikeLogfmt(line) ? .start : continuationOrUnmatched(line, hasOpenRecord)
        case .csv:
            // A line inside a quoted value (a statement over several lines) continues its record; any other
            // starts one, when it fits `record` if the pattern has one.
            if hasOpenRecord && quoteOpen {
                quoteOpen = CSVReader.quoteOpen(after: line, delimiter: pattern.delimiter, open: true)
                return .continuation
            }
            quoteOpen = false
            if let record, (try? record.matches(line)) != true { return continuationOrUnmatched(line, hasOpenRecord) }
            quoteOpen = CSVReader.quoteOpen(after: line, delimiter: pattern.delimiter, open: false)
            return .start
        case .regex:
            if let mixed { return classifyMixed(line, mixed, hasOpenRecord) }
            guard let record else { return .start }
            do {
                if try record.matches(line) { return .start }
            } catch {
                counts.limitHits += 1
                return .unmatched
            }
            return continuationOrUnmatched(line, hasOpenRecord)
        }
    }

    /// At least two space-separated `key=value` pairs with identifier-like keys, the first token one of
    /// them, making up at least half of the line's tokens (a quoted value is one token), so that a line
    /// of words with a pair or two inside its message, or a timestamp before its pairs, is not read as
    /// logfmt.
    static func looksLikeLogfmt(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var pairs = 0
        var tokens = 0
        var tokenStart = true
        var inToken = false
        var keyLength = 0
        var inQuotes = false
        var firstIsPair = false
        for byte in line {
            if inQuotes {
                if byte == 34 { inQuotes = false }
                continue
            }
            if byte == 32 || byte == 9 {
                tokenStart = true
                inToken = false
                keyLength = 0
                continue
            }
            if !inToken {
                inToken = true
                tokens += 1
            }
            if byte == 34 { inQuotes = true }
            if tokenStart {
                if byte == 61 {
                    if keyLength > 0 { pairs += 1 }
                    if keyLength > 0 && tokens == 1 { firstIsPair = true }
                    tokenStart = false
                } else if (byte | 0x20) >= 97 && (byte | 0x20) <= 122 || byte == 95 || byte == 46 || byte == 45 || (byte >= 48 && byte <= 57) {
                    keyLength += 1
                } else {
                    tokenStart = false
                }
            }
        }
        return firstIsPair && pairs >= 2 && pairs * 2 >= tokens
    }

    func continuationOrUnmatched(_ line: UnsafeBufferPointer<UInt8>, _ hasOpenRecord: Bool) -> LineKind {
        // A W3C directive (`#Software: …`, `#Fields: date time …`, as IIS writes at the start of each log
        // and after each restart) describes the lines after it: a header, no event.
        if Self.directive(line) { return .header }
        guard hasOpenRecord else { return .unmatched }
        if mixed != nil { return Self.looksLikeContinuation(line) ? .continuation : .unmatched }
        switch pattern.continuation {
        case .unmatched: return Self.startsLikeARecord(line) ? .unmatched : .continuation
        case .paired: return Self.capitalLevelColon(line) || !Self.startsLikeARecord(line) ? .continuation : .unmatched
        case .indented: return Self.isIndented(line) ? .continuation : .unmatched
        case .none: return .unmatched
        }
    }

    /// Captures of the record's first line, taken right after `classify` returned `.start`.
    func startCaptures(_ line: UnsafeBufferPointer<UInt8>) -> RecordHead {
        var head = RecordHead()
        switch pattern.format {
        case .regex:
            guard record != nil || mixed != nil else {
                head.message = Self.string(line)
                return head
            }
            saveCaptures()
            return headFromSaved(line)
        case .events, .csv:
            // A CSV record is read once its last line is in (`event(from:source:)`).
            head.message = Self.string(line)
        case .json:
            head = StructuredRecord.json(Self.string(line), keys: structuredKeys)
        case .logfmt:
            head = StructuredRecord.logfmt(Self.string(line), keys: structuredKeys)
        }
        return head
    }

    /// Copies the record matcher's capture ranges, which the next line's match overwrites.
    func saveCaptures() {
        if let mixed {
            mixed.save()
            return
        }
        guard let record else { return }
        for (index, entry) in recordGroups.enumerated() { savedRanges[index] = record.range(entry.group) }
    }

    /// The record head of `line` from the saved capture ranges.
    func headFromSaved(_ line: UnsafeBufferPointer<UInt8>) -> RecordHead {
        if let mixed { return mixedHead(line, mixed) }
        var head = RecordHead()
        var message: String?
        for (index, name) in recordGroupNames.enumerated() {
            guard let range = savedRanges[index] else { continue }
            let value = Self.string(UnsafeBufferPointer(rebasing: line[range]))
            if name == "message" {
                message = value
            } else {
                head.set(name == "host" && recordHostIsThread ? "thread" : name, value)
            }
        }
        head.message = message ?? Self.string(line)
        return head
    }

    /// A record made of an unmatched line: the whole line is its message.
    func unmatchedHead(_ line: UnsafeBufferPointer<UInt8>) -> RecordHead {
        var head = RecordHead()
        head.message = Self.string(line)
        head.unmatched = true
        return head
    }

    /// Builds the event of a finished record.
    func event(from head: RecordHead, source: SourceLocation) -> Event {
        if pattern.format == .events, !head.unmatched {
            if let event = try? EventJSON.decode(head.message, location: source) { return event }
            counts.undecodableEvents += 1
            return event(from: RecordHead(message: head.message, unmatched: true), source: source)
        }
        var head = head
        if pattern.format == .csv, !head.unmatched {
            head = StructuredRecord.csv(head.message, columns: pattern.columns, delimiter: pattern.delimiter, keys: structuredKeys)
        }
        if !head.unmatched {
            decodeMessage(&head)
            applyInner(&head)
            if let layout = head.layout, mixed?.members[layout].paired == true { head.splitPaired() }
            if pattern.format == .regex { head.readBody() }
            if pattern.messageFields {
                // The message, then free text a capture kept apart (an access log's trailing `extra`) or a
                // query string (`account=AC1&units=1`); the captures stay first, the extracted fields are
                // appended after them.
                let captured = head.fields.count
                MessageFields.extract(from: head.message, into: &head.fields)
                for i in 0..<captured {
                    let value = head.fields[i].value
                    guard value.utf8.contains(UInt8(ascii: "=")),
                          value.utf8.contains(where: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "&") }) else { continue }
                    MessageFields.extract(from: value, into: &head.fields)
                }
            }
        }
        var event = Event(source: source, type: "", template: "", message: head.message)
        event.host = head.host
        event.service = head.service
        event.level = head.level
        event.fields = head.fields
        if let text = head.timestamp {
            event.timeText = text
            let timePattern = head.layout.map { pattern.members[$0].timePattern } ?? pattern
            event.time = parseTime(text, timePattern)
            if event.time == nil && !timePattern.timestampFormats.isEmpty { counts.badTimestamps += 1 }
            // Written when its work ended: read there (`LogPattern.timeAtStart`).
            if timePattern.timeAtStart, let start = event.time, let duration = RecordDuration.of(event) {
                event.time = start.saturatingAdd(duration)
            }
        }
        if event.time == nil { counts.untimedEvents += 1 }
        if !head.unmatched {
            event.executionIDs = executionIDs(of: event, layout: head.layout)
            applyRules(to: &event)
        }
        assignOrigin(&event, hostKey: head.hostKey)
        return event
    }

    /// Sets the event's host by `hostOrigin` (the record's own, a field, the file name) and, when it has
    /// no service, a class as its service (`ClassPathWord`) or its host's own name, the service its host's
    /// name names; counts where each came from.
    private func assignOrigin(_ event: inout Event, hostKey: String?) {
        switch hostOrigin {
        case .auto:
            if event.host != nil {
                if let hostKey { counts.hosts.fromFields[hostKey, default: 0] += 1 } else { counts.hosts.fromRecord += 1 }
            } else if let fileHost {
                event.host = fileHost
                counts.hosts.fromFileName += 1
            }
        case .file:
            event.host = fileHost
            if fileHost != nil { counts.hosts.fromFileName += 1 }
        case .field(let name):
            if pattern.format == .regex { event.host = event.field(name) }
            if event.host != nil { counts.hosts.fromFields[name, default: 0] += 1 }
        }
        guard let host = event.host else {
            counts.hosts.none += 1
            return
        }
        if event.service == nil, let service = service(ofHost: host) {
            event.service = service
            counts.hosts.servicesFromHostNames += 1
        } else if let logger = event.service, ClassPathWord.matches(logger), let service = service(ofHost: host) {
            // A class (`c.e.pricing.QuoteService`) is where in the host's process the record was written.
            if event.field("logger") == nil { event.fields.append(Field(name: "logger", value: logger)) }
            event.service = service
            counts.hosts.servicesFromHostNames += 1
        } else if event.service == host, let service = service(ofHost: host), service != host {
            // A column naming the machine the file is of (`bcast-c` in bcast-c.log) is its host.
            event.service = service
            counts.hosts.servicesFromHostNames += 1
        }
    }

    /// `HostNaming.service(ofHost:)`, remembered per host (a log has few hosts and many records).
    func service(ofHost host: String) -> String? {
        if let known = servicesOfHosts[host] { return known }
        let service = HostNaming.service(ofHost: host)
        if servicesOfHosts.count < 100_000 { servicesOfHosts[host] = service }
        return service
    }

    private func decodeMessage(_ head: inout RecordHead) {
        for step in pattern.decode {
            switch step {
            case .csv:
                var text = head.message
                if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 {
                    text = String(text.dropFirst().dropLast())
                }
                head.message = text.replacingOccurrences(of: "\"\"", with: "\"")
            case .json(let key):
                guard head.message.hasPrefix("{"),
                      let object = try? JSONSerialization.jsonObject(with: Data(head.message.utf8)) as? [String: Any],
                      let value = object[key] as? String else { continue }
                head.message = value
            }
        }
    }

    private func applyInner(_ head: inout RecordHead) {
        guard let inner else { return }
        while head.message.hasSuffix("\n") || head.message.hasSuffix("\r") { head.message.removeLast() }
        var text = head.message
        text.withUTF8 { bytes in
            guard (try? inner.matches(bytes)) == true else { return }
            var message: String?
            for (name, group) in innerGroups {
                guard let range = inner.range(group) else { continue }
                let value = Self.string(UnsafeBufferPointer(rebasing: bytes[range]))
                if name == "message" { message = value } else { head.set(name, value) }
            }
            if let message { head.message = message }
        }
    }

    private func parseTime(_ text: String, _ pattern: LogPattern) -> Int64? {
        var copy = text
        return copy.withUTF8 { readTime($0, pattern) }
    }

    /// The time `bytes` write in one of the pattern's formats (noted in `counts`, with the zone it wrote
    /// or that it wrote none), nil when none reads it. A time without a zone is in the pattern's
    /// `timezone`, else in `localZone`, else UTC.
    func readTime(_ bytes: UnsafeBufferPointer<UInt8>, _ pattern: LogPattern) -> Int64? {
        let offset = pattern.zoneOffset ?? localZone ?? 0
        for format in pattern.timestampFormats {
            var written: Int64?
            guard let time = format.parse(bytes, offset: offset, year: year(of: pattern), zone: &written) else { continue }
            if let written {
                counts.noteZone(written)
            } else if !format.isAbsolute {
                counts.unzonedTimes += 1
            }
            let result = dated(time, format)
            counts.note(result)
            return result
        }
        return nil
    }

    /// A time of day alone (`HH:mm:ss.SSS`) on the day of the other inputs' dated times
    /// (`datedRange`) that puts it nearest them; any other time as it is.
    func dated(_ time: Int64, _ format: TimestampFormat) -> Int64 {
        guard let datedRange, !format.hasDate else { return time }
        return Self.onNearestDay(time, datedRange)
    }

    static let day: Int64 = 86_400_000_000_000

    /// The time of day of `time` (nanoseconds since the epoch, zone applied; its date is whatever the
    /// format defaulted to) moved to the day that puts it in `range` or nearest it (the earlier on a tie).
    static func onNearestDay(_ time: Int64, _ range: ClosedRange<Int64>) -> Int64 {
        func dayOf(_ t: Int64) -> Int64 { t / day - (t % day < 0 ? 1 : 0) }
        let timeOfDay = time - dayOf(time) * day
        let (low, high) = (dayOf(range.lowerBound), dayOf(range.upperBound))
        var best = time, bestDistance = Int64.max
        for d in [low - 1, low, low + 1, high - 1, high, high + 1] {
            let start = d.multipliedReportingOverflow(by: day)
            let (shifted, overflow) = timeOfDay.addingReportingOverflow(start.partialValue)
            guard !start.overflow, !overflow else { continue }
            let distance = shifted < range.lowerBound ? range.lowerBound - shifted : shifted > range.upperBound ? shifted - range.upperBound : 0
            if distance < bestDistance { (best, bestDistance) = (shifted, distance) }
        }
        return best
    }

    /// The year for times without one: `yearOfOtherInputs` (given only when the pattern gave none,
    /// `LogPattern.takesYearFromOtherInputs`), else the pattern's.
    func year(of pattern: LogPattern) -> Int {
        yearOfOtherInputs ?? pattern.year
    }

    /// The rules of a mixed file's layout `layout` (its own pattern's, in `pattern.executionIDs` one
    /// member after another: `memberIDRules`), or all of them: a JSON member's `request_id` rule is not
    /// another layout's.
    private func idRules(layout: Int?) -> Range<Int> {
        guard let layout, layout < memberIDRules.count else { return pattern.executionIDs.indices }
        return memberIDRules[layout]
    }

    private func executionIDs(of event: Event, layout: Int?) -> [ExecutionID] {
        var result: [ExecutionID] = []
        var message = event.message
        for index in idRules(layout: layout) {
            let rule = pattern.executionIDs[index]
            if let capture = rule.capture {
                let value: String?
                switch capture {
                case "host": value = event.host
                case "service": value = event.service
                default: value = event.field(capture)
                }
                if let value, !ExecutionID.isPlaceholder(value) { append(ExecutionID(kind: rule.kind, value: value), to: &result) }
            } else if let matcher = ids[index] {
                message.withUTF8 { bytes in
                    var offset = 0
                    while offset <= bytes.count, (try? matcher.matches(bytes, from: offset)) == true,
                          let whole = matcher.range(0) {
                        let range = rule.idGroup.flatMap { matcher.range($0) } ?? whole
                        let value = UnsafeBufferPointer(rebasing: bytes[range])
                        if !ExecutionID.isPlaceholder(value) { append(ExecutionID(kind: rule.kind, value: Self.string(value)), to: &result) }
                        offset = whole.upperBound > whole.lowerBound ? whole.upperBound : whole.upperBound + 1
                    }
                }
            }
        }
        return result
    }

    private func append(_ id: ExecutionID, to ids: inout [ExecutionID]) {
        if !ids.contains(id) { ids.append(id) }
    }

    private func applyRules(to event: inout Event) {
        guard !rules.isEmpty else { return }
        var message = event.message
        message.withUTF8 { bytes in
            for index in candidateRules(for: bytes) {
                let matcher = rules[index]
                let matched: Bool
                do {
                    matched = try matcher.matches(bytes)
                } catch {
                    counts.limitHits += 1
                    continue
                }
                guard matched else { continue }
                let rule = pattern.events[index]
                event.type = rule.type
                event.template = rule.template ?? TemplateMiner.mask(event.message)
                for (name, group) in rule.regex.names {
                    guard let range = matcher.range(group) else { continue }
                    let value = Self.string(UnsafeBufferPointer(rebasing: bytes[range]))
                    event.fields.append(Field(name: name, value: value))
                    if name == rule.hostCapture { event.host = value }
                    if name == rule.concernsCapture { event.fields.append(Field(name: "concerns", value: value)) }
                }
                return
            }
        }
    }

    /// The rules that can match `message`, in order, by its first byte.
    func candidateRules(for message: UnsafeBufferPointer<UInt8>) -> [Int] {
        message.isEmpty ? rulesForEmpty : rulesByFirstByte[Int(message[0])]
    }

    static let eventPrefix = Array(#"{"source":""#.utf8)

    @inline(__always)
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}

/// What is known of a record before its event is built: the first line's captures and its message.
struct RecordHead {
    var timestamp: String?
    var host: String?
    /// The structured record's key the host came from, when it came from one.
    var hostKey: String?
    var service: String?
    var level: String?
    var message = ""
    var fields: [Field] = []
    var unmatched = false
    /// The index of the mixed file's layout (`LogPattern.members`) that read the record, if any.
    var layout: Int?

    /// A two-line record's (`LayoutMember.paired`): the second line's level and text are its level and
    /// message, the first line's rest (where it was logged) its `logger`. Unchanged when the second line
    /// does not open with a level word and a colon.
    mutating func splitPaired() {
        guard let newline = message.firstIndex(of: "\n") else { return }
        let second = message[message.index(after: newline)...]
        guard let colon = second.firstIndex(of: ":"), HeaderShape.levels.contains(String(second[..<colon])) else { return }
        set("logger", String(message[..<newline]))
        level = String(second[..<colon])
        message = String(second[second.index(after: colon)...].drop { $0 == " " || $0 == "\t" })
    }

    /// A message whose first line is a structured record (`StructuredRecord.body(of:)`: a JSON object or
    /// logfmt pairs holding a message) read as one: its message (with the record's further lines, a stack
    /// trace, after it) is the message; its level, host and service fill what the record's head left out,
    /// and its other keys come after the head's fields (a name the head has keeps the head's value).
    mutating func readBody() {
        // Cheap first: a JSON object opens with `{`, a logfmt line's first word is a pair.
        guard let first = message.utf8.first, first == UInt8(ascii: "{")
                || message.utf8.prefix(while: { $0 != 32 && $0 != 9 && $0 != 10 }).contains(UInt8(ascii: "=")) else { return }
        let firstLine = message.firstIndex(of: "\n").map { message[..<$0] } ?? message[...]
        let text = firstLine.hasSuffix("\r") ? String(firstLine.dropLast()) : String(firstLine)
        guard let body = StructuredRecord.body(of: text) else { return }
        message = body.message + message[firstLine.endIndex...]
        if timestamp == nil { timestamp = body.timestamp }
        if host == nil, let found = body.host {
            host = found
            hostKey = body.hostKey
        }
        if service == nil { service = body.service }
        if level == nil { level = body.level }
        for field in body.fields where !fields.contains(where: { $0.name == field.name }) { fields.append(field) }
    }

    mutating func set(_ name: String, _ value: String) {
        switch name {
        case "timestamp": timestamp = value
        case "host": host = value
        case "service": service = value
        case "level": level = value
        default:
            if let index = fields.firstIndex(where: { $0.name == name }) {
                fields[index].value = value
            } else {
                fields.append(Field(name: name, value: value))
            }
        }
    }
}

/// Per-parser line counters, folded into `InputStats`.
struct LineCounts: Equatable {
    var limitHits = 0
    var badTimestamps = 0
    /// Events without a time (no timestamp in the record, or one no format read).
    var untimedEvents = 0
    var undecodableEvents = 0
    var hosts = HostCounts()
    /// Times read per zone they wrote (seconds east of UTC), and times read that wrote none (not epoch).
    var zones: [Int64: Int] {
        guard let zone = pendingZone else { return countedZones }
        var all = countedZones
        all[zone, default: 0] += pendingZoneTimes
        return all
    }
    var unzonedTimes = 0
    /// `zones` but for the latest run of times in one zone, counted without a dictionary per record.
    private var countedZones: [Int64: Int] = [:]
    private var pendingZone: Int64?
    private var pendingZoneTimes = 0

    /// Notes a time read that wrote `zone`.
    mutating func noteZone(_ zone: Int64) {
        if zone == pendingZone {
            pendingZoneTimes += 1
            return
        }
        if let pending = pendingZone { countedZones[pending, default: 0] += pendingZoneTimes }
        pendingZone = zone
        pendingZoneTimes = 1
    }
    /// The latest and earliest times read.
    var latestTime: Int64?
    var earliestTime: Int64?

    /// Notes a time read.
    mutating func note(_ time: Int64) {
        latestTime = max(latestTime ?? time, time)
        earliestTime = min(earliestTime ?? time, time)
    }

}
