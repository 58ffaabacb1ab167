import Foundation
import Yams

/// A pattern file that cannot be used, with the file and line where the problem is.
public struct PatternError: Error, Equatable, CustomStringConvertible {
    /// What is wrong.
    public enum Reason: Error, Equatable, CustomStringConvertible {
        case yaml(String)
        case notAMapping
        case missingKey(String)
        case wrongType(key: String, expected: String)
        case unknownKey(String, suggestion: String?)
        case badValue(key: String, value: String, expected: String)
        case badRegex(key: String, offset: Int, message: String)
        case badTimestampFormat(String, token: String)
        case unknownCapture(key: String, capture: String)

        public var description: String {
            switch self {
            case let .yaml(message): return "not valid YAML: \(message)"
            case .notAMapping: return "the file must be a YAML mapping (name:, record:, ...)"
            case let .missingKey(key): return "missing required key '\(key)'"
            case let .wrongType(key, expected): return "'\(key)' must be \(expected)"
            case let .unknownKey(key, suggestion?): return "unknown key '\(key)'; did you mean '\(suggestion)'?"
            case let .unknownKey(key, nil): return "unknown key '\(key)' (see Patterns/README.md for the keys)"
            case let .badValue(key, value, expected): return "'\(key)' is '\(value)', expected \(expected)"
            case let .badRegex(key, offset, message):
                return "'\(key)': PCRE2 error at offset \(offset): \(message)"
            case let .badTimestampFormat(format, token):
                return "timestamp format '\(format)' has unknown token '\(token)' (tokens: yyyy yy MM M MMM dd d HH H hh h a mm ss S EEE Z)"
            case let .unknownCapture(key, capture):
                return "'\(key)' names capture '\(capture)', which no regex of the pattern defines"
            }
        }
    }

    /// The pattern file.
    public var file: String
    /// The line in it, when known.
    public var line: Int?
    /// What is wrong.
    public var reason: Reason

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(reason)"
    }
}

/// Reads pattern files (YAML) into compiled `LogPattern`s, rejecting malformed ones with their line.
enum PatternLoader {
    static let topKeys = [
        "name", "description", "format", "priority", "skip", "record", "continuation", "timestamp", "decode",
        "inner", "keys", "execution_ids", "events", "similarity", "message_fields", "columns", "delimiter",
    ]
    static let timestampKeys = ["formats", "timezone", "year", "at"]
    static let eventKeys = ["type", "pattern", "template", "host", "concerns"]
    static let idKeys = ["kind", "pattern", "capture"]
    /// Names of the built-in patterns, which pattern files cannot take.
    static let reservedNames: Set<String> = [LogPattern.generic.name, LogPattern.events.name]

    /// The allowed key closest to `key` (edit distance at most 2, or a third of its length), if any.
    static func suggestion(for key: String, among allowed: [String]) -> String? {
        let limit = max(2, key.count / 3)
        let scored = allowed.map { ($0, EditDistance.between(key.lowercased().utf8, $0.utf8)) }
            .filter { $0.1 <= limit }
        return scored.min { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }?.0
    }

    /// Loads one pattern file.
    static func load(file: String) throws -> LogPattern {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw PatternError(file: file, line: nil, reason: .yaml("cannot read the file: \(error.localizedDescription)"))
        }
        return try load(yaml: text, file: file)
    }

    /// Loads a pattern from YAML text; `file` names it in errors.
    static func load(yaml: String, file: String) throws -> LogPattern {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw PatternError(file: file, line: Self.line(of: error), reason: .yaml(Self.problem(of: error)))
        } catch {
            throw PatternError(file: file, line: nil, reason: .yaml("\(error)"))
        }
        guard let root, let mapping = root.mapping else {
            throw PatternError(file: file, line: root?.mark?.line, reason: .notAMapping)
        }
        var reader = Reader(file: file, mapping: mapping, at: root.mark?.line)
        return try reader.pattern()
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _):
            return mark.line
        default:
            return nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case let .scanner(_, problem, _, _), let .parser(_, problem, _, _), let .composer(_, problem, _, _):
            return problem
        default:
            return "\(error)"
        }
    }
}

/// Walks the YAML tree of one pattern file, keeping line numbers for errors.
private struct Reader {
    let file: String
    let mapping: Node.Mapping
    let line: Int?
    var captureNames: Set<String> = ["timestamp", "host", "service", "level", "message"]

    init(file: String, mapping: Node.Mapping, at line: Int?) {
        self.file = file
        self.mapping = mapping
        self.line = line
    }

    func fail(_ reason: PatternError.Reason, at node: Node?) -> PatternError {
        PatternError(file: file, line: node?.mark?.line ?? line, reason: reason)
    }

    /// Rejects any key of `map` not in `allowed`, at the key's line, naming it as `prefix` + key.
    func checkKeys(_ map: Node.Mapping, allowed: [String], prefix: String = "") throws {
        for (key, _) in map {
            guard let name = key.string, allowed.contains(name) else {
                let text = key.string ?? "?"
                throw fail(.unknownKey(prefix + text, suggestion: PatternLoader.suggestion(for: text, among: allowed).map { prefix + $0 }),
                           at: key)
            }
        }
    }

    func node(_ key: String, in map: Node.Mapping? = nil) -> Node? {
        (map ?? mapping)[Node(key)]
    }

    func string(_ key: String, in map: Node.Mapping? = nil, required: Bool = false) throws -> String? {
        guard let value = node(key, in: map) else {
            if required { throw fail(.missingKey(key), at: nil) }
            return nil
        }
        guard case .scalar(let scalar) = value else { throw fail(.wrongType(key: key, expected: "a string"), at: value) }
        return scalar.string
    }

    func strings(_ key: String, in map: Node.Mapping? = nil) throws -> [String]? {
        guard let value = node(key, in: map) else { return nil }
        if case .scalar(let scalar) = value { return [scalar.string] }
        guard let sequence = value.sequence else { throw fail(.wrongType(key: key, expected: "a list of strings"), at: value) }
        return try sequence.map { item in
            guard case .scalar(let scalar) = item else { throw fail(.wrongType(key: key, expected: "a list of strings"), at: item) }
            return scalar.string
        }
    }

    mutating func regex(_ key: String, in map: Node.Mapping? = nil, caseless: Bool = false) throws -> CompiledRegex? {
        guard let text = try string(key, in: map) else { return nil }
        do {
            let regex = try CompiledRegex(text, caseless: caseless)
            for (name, _) in regex.names { captureNames.insert(name) }
            return regex
        } catch RegexError.compile(_, let offset, let message) {
            throw fail(.badRegex(key: key, offset: offset, message: message), at: node(key, in: map))
        }
    }

    mutating func pattern() throws -> LogPattern {
        try checkKeys(mapping, allowed: PatternLoader.topKeys)
        let name = try string("name", required: true)!
        guard !name.isEmpty, name.utf8.allSatisfy({ Self.isPatternNameByte($0) }) else {
            throw fail(.badValue(key: "name", value: name, expected: "lowercase letters, digits, '-' or '_' ([a-z0-9_-]+)"),
                       at: node("name"))
        }
        guard !PatternLoader.reservedNames.contains(name) else {
            throw fail(.badValue(key: "name", value: name, expected: "a name other than the built-in generic and ariadne-events"),
                       at: node("name"))
        }
        let formatText = try string("format") ?? "regex"
        guard let format = LogPattern.Format(rawValue: formatText) else {
            throw fail(.badValue(key: "format", value: formatText, expected: "regex, json, logfmt or csv"), at: node("format"))
        }
        let priorityText = try string("priority") ?? "50"
        guard let priority = Int(priorityText) else {
            throw fail(.badValue(key: "priority", value: priorityText, expected: "an integer"), at: node("priority"))
        }
        let continuationText = try string("continuation") ?? "unmatched"
        guard let continuation = LogPattern.Continuation(rawValue: continuationText) else {
            throw fail(.badValue(key: "continuation", value: continuationText, expected: "unmatched, indented, paired or none"),
                       at: node("continuation"))
        }
        let skip = try regex("skip")
        let record = try regex("record")
        if format == .regex && record == nil { throw fail(.missingKey("record"), at: nil) }
        let inner = try regex("inner")
        let (columns, delimiter) = try delimitedColumns(format: format)

        var formats: [TimestampFormat] = []
        var zone: Int64?
        var year = 1970
        var timeAtStart = false
        if let timestamp = node("timestamp") {
            guard let map = timestamp.mapping else {
                throw fail(.wrongType(key: "timestamp", expected: "a mapping with formats, timezone, year, at"), at: timestamp)
            }
            try checkKeys(map, allowed: PatternLoader.timestampKeys, prefix: "timestamp.")
            for text in try strings("formats", in: map) ?? [] {
                do {
                    formats.append(try TimestampFormat(text))
                } catch let reason as PatternError.Reason {
                    throw fail(reason, at: node("formats", in: map))
                }
            }
            if let zoneText = try string("timezone", in: map) {
                guard let offset = TimestampFormat.zoneOffset(zoneText) else {
                    throw fail(.badValue(key: "timezone", value: zoneText, expected: "UTC or ±HH:MM"), at: node("timezone", in: map))
                }
                zone = offset
            }
            if let yearText = try string("year", in: map) {
                guard let value = Int(yearText) else {
                    throw fail(.badValue(key: "year", value: yearText, expected: "a year"), at: node("year", in: map))
                }
                year = value
            }
            if let at = try string("at", in: map) {
                guard ["start", "end"].contains(at) else {
                    throw fail(.badValue(key: "at", value: at, expected: "start or end"), at: node("at", in: map))
                }
                timeAtStart = at == "start"
            }
        }

        var decode: [LogPattern.Decode] = []
        for step in try strings("decode") ?? [] {
            if step == "csv" {
                decode.append(.csv)
            } else if step.hasPrefix("json:"), step.count > 5 {
                decode.append(.json(key: String(step.dropFirst(5))))
            } else {
                throw fail(.badValue(key: "decode", value: step, expected: "csv or json:KEY"), at: node("decode"))
            }
        }

        var keys = LogPattern.defaultKeys
        if let keysNode = node("keys") {
            guard let map = keysNode.mapping else { throw fail(.wrongType(key: "keys", expected: "a mapping"), at: keysNode) }
            try checkKeys(map, allowed: keys.keys.sorted(), prefix: "keys.")
            for (key, _) in map {
                let name = key.string!
                keys[name] = try strings(name, in: map)
                if format != .regex { captureNames.formUnion(keys[name] ?? []) }
            }
        }

        let events = try eventRules()
        let ids = try idRules(format: format)
        var similarity: Double?
        if let text = try string("similarity") {
            guard let value = Double(text), value > 0, value <= 1 else {
                throw fail(.badValue(key: "similarity", value: text, expected: "a number in (0, 1]"), at: node("similarity"))
            }
            similarity = value
        }

        let fieldsText = try string("message_fields") ?? "false"
        guard let messageFields = Bool(fieldsText) else {
            throw fail(.badValue(key: "message_fields", value: fieldsText, expected: "true or false"), at: node("message_fields"))
        }

        return LogPattern(
            name: name, summary: try string("description") ?? "", file: file, format: format, priority: priority,
            continuation: continuation, skip: skip, record: record, timestampFormats: formats, zoneOffset: zone,
            year: year, decode: decode, inner: inner, keys: keys, executionIDs: ids, events: events,
            similarity: similarity, messageFields: messageFields, columns: columns, delimiter: delimiter, timeAtStart: timeAtStart
        )
    }

    /// `format: csv`'s `columns` (required: two or more distinct names, which `keys` and `execution_ids`
    /// may name) and `delimiter` (one character, default `,`); other formats take neither.
    private mutating func delimitedColumns(format: LogPattern.Format) throws -> (columns: [String], delimiter: UInt8) {
        guard format == .csv else {
            for key in ["columns", "delimiter"] where node(key) != nil {
                throw fail(.badValue(key: "format", value: format.rawValue, expected: "csv with '\(key)'"), at: node(key))
            }
            return ([], UInt8(ascii: ","))
        }
        guard let columns = try strings("columns") else { throw fail(.missingKey("columns"), at: nil) }
        guard columns.count >= 2, Set(columns).count == columns.count, !columns.contains("") else {
            throw fail(.badValue(key: "columns", value: columns.joined(separator: ", "), expected: "two or more distinct, non-empty names"),
                       at: node("columns"))
        }
        captureNames.formUnion(columns)
        let text = try string("delimiter") ?? ","
        guard text.utf8.count == 1, let delimiter = text.utf8.first, delimiter != UInt8(ascii: "\""), delimiter != 10 else {
            throw fail(.badValue(key: "delimiter", value: text, expected: "one character other than a quote (a tab: \"\\t\")"),
                       at: node("delimiter"))
        }
        return (columns, delimiter)
    }

    private mutating func eventRules() throws -> [LogPattern.EventRule] {
        guard let eventsNode = node("events") else { return [] }
        guard let sequence = eventsNode.sequence else { throw fail(.wrongType(key: "events", expected: "a list of rules"), at: eventsNode) }
        var rules: [LogPattern.EventRule] = []
        for item in sequence {
            guard let map = item.mapping else { throw fail(.wrongType(key: "events", expected: "a list of {type, pattern}"), at: item) }
            try checkKeys(map, allowed: PatternLoader.eventKeys, prefix: "events[].")
            guard let type = try string("type", in: map) else { throw fail(.missingKey("events[].type"), at: item) }
            guard !type.isEmpty, type.utf8.allSatisfy({ Self.isNameByte($0) }) else {
                throw fail(.badValue(key: "type", value: type, expected: "letters, digits, '.', '-' or '_'"), at: node("type", in: map))
            }
            guard let regex = try regex("pattern", in: map) else { throw fail(.missingKey("events[].pattern"), at: item) }
            let host = try string("host", in: map)
            let concerns = try string("concerns", in: map)
            for capture in [host, concerns].compactMap({ $0 }) where regex.group(named: capture) == nil {
                throw fail(.unknownCapture(key: "events[].host/concerns", capture: capture), at: item)
            }
            let template = try string("template", in: map) ?? RuleTemplate.derive(from: regex.source)
            rules.append(.init(type: type, regex: regex, template: template,
                               hostCapture: host, concernsCapture: concerns))
        }
        return rules
    }

    private mutating func idRules(format: LogPattern.Format) throws -> [LogPattern.IDRule] {
        guard let idsNode = node("execution_ids") else { return [] }
        guard let sequence = idsNode.sequence else {
            throw fail(.wrongType(key: "execution_ids", expected: "a list of {kind, pattern|capture}"), at: idsNode)
        }
        var rules: [LogPattern.IDRule] = []
        for item in sequence {
            guard let map = item.mapping else { throw fail(.wrongType(key: "execution_ids", expected: "a list of {kind, pattern|capture}"), at: item) }
            try checkKeys(map, allowed: PatternLoader.idKeys, prefix: "execution_ids[].")
            guard let kind = try string("kind", in: map) else { throw fail(.missingKey("execution_ids[].kind"), at: item) }
            let regex = try regex("pattern", in: map)
            let capture = try string("capture", in: map)
            guard (regex == nil) != (capture == nil) else {
                throw fail(.badValue(key: "execution_ids[]", value: kind, expected: "exactly one of pattern or capture"), at: item)
            }
            if let capture, format == .regex, !captureNames.contains(capture) {
                throw fail(.unknownCapture(key: "execution_ids[].capture", capture: capture), at: item)
            }
            rules.append(.init(kind: kind, regex: regex, idGroup: regex?.group(named: "id"), capture: capture))
        }
        return rules
    }

    /// `[a-z0-9_-]`: pattern names are typed on command lines and completed by shells.
    private static func isPatternNameByte(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 97 && b <= 122) || b == 45 || b == 95
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 95 || b == 46
    }
}
