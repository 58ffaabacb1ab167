/// What the direct output path needs of a pattern, worked out once: where each reserved value's
/// capture is, and for each event rule the fields in output order with their names already as JSON.
struct DirectPlan {
    struct FieldSource {
        /// A record group (index into the record's saved ranges) or a rule group (group number).
        let fromRecord: Bool
        let group: Int
        let name: String
        let nameJSON: [UInt8]
    }

    struct RulePlan {
        let fields: [FieldSource]
        /// Whether two fields may share a name (then only the first present one is written).
        let mayRepeatNames: Bool
        let hostGroup: Int?
    }

    let timestamp: Int?
    let host: Int?
    let service: Int?
    let level: Int?
    let message: Int?
    /// Per execution-id rule: the record group of a `capture` rule, when it names one.
    let idCaptureGroups: [Int?]
    /// Per execution-id rule: its kind as a JSON string.
    let idKindJSON: [[UInt8]]
    let rules: [RulePlan]

    init(pattern: LogPattern, recordGroupNames: [String]) {
        func index(_ name: String) -> Int? { recordGroupNames.firstIndex(of: name) }
        timestamp = index("timestamp")
        host = index("host")
        service = index("service")
        level = index("level")
        message = index("message")
        idCaptureGroups = pattern.executionIDs.map { rule in
            guard let capture = rule.capture else { return nil }
            if capture == "host" || capture == "service" || !RecordParser.reserved.contains(capture) {
                return recordGroupNames.firstIndex(of: capture)
            }
            return nil
        }
        idKindJSON = pattern.executionIDs.map { Self.json($0.kind) }
        var recordFields: [FieldSource] = []
        for (position, name) in recordGroupNames.enumerated() where !RecordParser.reserved.contains(name) {
            recordFields.append(FieldSource(fromRecord: true, group: position, name: name, nameJSON: Self.json(name)))
        }
        rules = pattern.events.map { rule in
            var fields = recordFields
            for (name, group) in rule.regex.names {
                fields.append(FieldSource(fromRecord: false, group: group, name: name, nameJSON: Self.json(name)))
                if name == rule.concernsCapture {
                    fields.append(FieldSource(fromRecord: false, group: group, name: "concerns", nameJSON: Self.json("concerns")))
                }
            }
            let names = fields.map(\.name)
            return RulePlan(fields: fields, mayRepeatNames: Set(names).count != names.count,
                            hostGroup: rule.hostCapture.flatMap { rule.regex.group(named: $0) })
        }
    }

    private static func json(_ text: String) -> [UInt8] {
        let buffer = ByteBuffer()
        EventJSON.string(text, to: buffer)
        return Array(buffer.bytes)
    }
}
