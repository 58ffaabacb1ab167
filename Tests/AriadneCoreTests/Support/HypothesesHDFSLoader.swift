import Foundation
@testable import AriadneCore

/// A test-side reader of loghub HDFS logs into executions (one per block id), so the redundancy
/// tests run on real data before the real parser exists: type = the HDFS template id (E1..E30) whose
/// literal pieces occur in order in the message, `host` = the `dest:` of "Receiving block",
/// `concerns` = the address of "addStoredBlock: blockMap updated", service = the component.
enum HypothesesHDFSLoader {
    static var dataRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("../shared/data").standardizedFileURL
    }

    struct Template {
        let id: String
        let text: String
        let pieces: [String]
    }

    static func templates() throws -> [Template] {
        let csv = try String(contentsOf: dataRoot.appendingPathComponent("hdfs_20k/HDFS_templates.csv"), encoding: .utf8)
        return csv.split(whereSeparator: \.isNewline).dropFirst().compactMap { line in
            guard let comma = line.firstIndex(of: ",") else { return nil }
            let text = String(line[line.index(after: comma)...])
            let pieces = text.components(separatedBy: "<*>").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return Template(id: String(line[..<comma]), text: text, pieces: pieces)
        }
    }

    static func matches(_ message: String, _ template: Template) -> Bool {
        var rest = message[...]
        for piece in template.pieces {
            guard let range = rest.range(of: piece) else { return false }
            rest = rest[range.upperBound...]
        }
        return true
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func days(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y - 1 : y
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468
    }

    static func value(after marker: String, in message: String) -> String? {
        guard let range = message.range(of: marker) else { return nil }
        let token = message[range.upperBound...].drop { $0 == " " }.prefix { $0 != " " }
        return token.hasPrefix("/") ? String(token.dropFirst()) : String(token)
    }

    /// The executions of `hdfs_20k/HDFS_20000.log`, one per block id, events in input order, sorted by id.
    static func load() throws -> [Execution] {
        let file = "HDFS_20000.log"
        let text = try String(contentsOf: dataRoot.appendingPathComponent("hdfs_20k/\(file)"), encoding: .utf8)
        let templates = try templates()
        var byBlock: [String: [Event]] = [:]
        var order: [String] = []
        for (n, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() where !line.isEmpty {
            let parts = line.split(separator: " ", maxSplits: 5)
            guard parts.count == 6 else { continue }
            let date = Array(parts[0].utf8).map { Int($0) - 48 }
            let clock = Array(parts[1].utf8).map { Int($0) - 48 }
            let seconds = days(2000 + date[0] * 10 + date[1], date[2] * 10 + date[3], date[4] * 10 + date[5]) * 86400
                + (clock[0] * 10 + clock[1]) * 3600 + (clock[2] * 10 + clock[3]) * 60 + clock[4] * 10 + clock[5]
            let service = String(parts[4].dropLast())
            let message = String(parts[5])
            guard let blockRange = message.range(of: #"blk_-?\d+"#, options: .regularExpression) else { continue }
            let block = String(message[blockRange])
            let template = templates.first { matches(message, $0) }
            var fields: [Field] = []
            var host: String?
            if template?.id == "E5" { host = value(after: "dest:", in: message) }
            if template?.id == "E26", let concerns = value(after: "blockMap updated:", in: message) {
                fields.append(Field(name: "concerns", value: concerns))
            }
            let event = Event(source: SourceLocation(file: file, line: n + 1), time: Int64(seconds) * 1_000_000_000,
                              timeText: "\(parts[0]) \(parts[1])", host: host, service: service, level: String(parts[3]),
                              executionIDs: [ExecutionID(kind: "block", value: block)], type: template?.id ?? "unmatched",
                              template: template?.text ?? message, fields: fields, message: message)
            if byBlock[block] == nil { order.append(block) }
            byBlock[block, default: []].append(event)
        }
        return order.sorted().map { block in
            Execution(id: "block=\(block)", ids: [ExecutionID(kind: "block", value: block)], events: byBlock[block]!)
        }
    }
}
