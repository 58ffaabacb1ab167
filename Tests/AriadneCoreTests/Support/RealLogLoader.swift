import Foundation
@testable import AriadneCore

/// Test-side loaders for the two real data sets used by the inference tests, until the real parser lands.
enum RealLogLoader {
    /// `/work/shared/data` computed from this file's path (the package root's sibling `shared/data`).
    static let dataRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("../shared/data").standardized.path
    }()

    /// HDFS: one event per line; type = the first of the loghub templates (E1...) whose fragments occur
    /// in order; block ids (`blk_-?\d+`) as kind `block`; host = the datanode a message starts with.
    static func hdfs() throws -> [Event] {
        let templatesText = try String(contentsOfFile: dataRoot + "/hdfs_20k/HDFS_templates.csv", encoding: .utf8)
        var templates: [(id: String, fragments: [String])] = []
        for line in templatesText.split(whereSeparator: \.isNewline).dropFirst() {
            let parts = line.split(separator: ",", maxSplits: 1).map(String.init)
            let fragments = parts[1].components(separatedBy: "<*>").filter { !$0.isEmpty }
            templates.append((parts[0], fragments))
        }
        let text = try String(contentsOfFile: dataRoot + "/hdfs_20k/HDFS_20000.log", encoding: .utf8)
        var events: [Event] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !raw.isEmpty {
            let line = String(raw)
            let fields = line.split(separator: " ", maxSplits: 5).map(String.init)
            let message = fields[5].split(separator: ":", maxSplits: 1).dropFirst().first.map { String($0.dropFirst()) } ?? fields[5]
            let type = templates.first { t in matches(line, t.fragments) }?.id ?? "unknown"
            let host = datanode(at: message)
            events.append(Event(
                source: SourceLocation(file: "HDFS_20000.log", line: i + 1), time: hdfsTime(fields[0], fields[1]),
                timeText: fields[0] + " " + fields[1], host: host, service: fields[4], level: fields[3],
                executionIDs: blockIDs(in: line).map { ExecutionID(kind: "block", value: $0) },
                type: type, template: type, message: message))
        }
        return events
    }

    private static func matches(_ line: String, _ fragments: [String]) -> Bool {
        var from = line.startIndex
        for f in fragments {
            guard let r = line.range(of: f, range: from..<line.endIndex) else { return false }
            from = r.upperBound
        }
        return true
    }

    private static func datanode(at message: String) -> String? {
        let prefix = message.prefix { $0.isNumber || $0 == "." }
        guard prefix.filter({ $0 == "." }).count == 3, message.dropFirst(prefix.count).first == ":" else { return nil }
        return String(prefix)
    }

    static func blockIDs(in line: String) -> [String] {
        var ids: [String] = []
        let chars = Array(line.utf8)
        var i = 0
        while i + 4 < chars.count {
            if chars[i] == UInt8(ascii: "b") && chars[i + 1] == UInt8(ascii: "l") && chars[i + 2] == UInt8(ascii: "k") && chars[i + 3] == UInt8(ascii: "_") {
                var j = i + 4
                if j < chars.count && chars[j] == UInt8(ascii: "-") { j += 1 }
                let digits = j
                while j < chars.count && chars[j] >= 48 && chars[j] <= 57 { j += 1 }
                if j > digits {
                    let id = String(decoding: chars[i..<j], as: UTF8.self)
                    if !ids.contains(id) { ids.append(id) }
                }
                i = j
            } else {
                i += 1
            }
        }
        return ids
    }

    private static func hdfsTime(_ date: String, _ time: String) -> Int64 {
        let d = Array(date.utf8).map { Int64($0) - 48 }, t = Array(time.utf8).map { Int64($0) - 48 }
        let year = 2000 + d[0] * 10 + d[1], month = d[2] * 10 + d[3], day = d[4] * 10 + d[5]
        let y = month <= 2 ? year - 1 : year
        let era = y / 400, yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468
        let seconds = days * 86400 + (t[0] * 10 + t[1]) * 3600 + (t[2] * 10 + t[3]) * 60 + t[4] * 10 + t[5]
        return seconds * 1_000_000_000
    }

    /// TrainTicket logs: host = pod, service = pod minus its two hash suffixes, time = TimeUnixNano,
    /// execution id `trace`, type = the service.
    static func trainTicketLogs() throws -> [Event] {
        let rows = try csv(dataRoot + "/nezha_trainticket/2023-01-29/log/08_50_log.csv")
        return rows.dropFirst().enumerated().compactMap { i, r in
            guard r.count >= 8, !r[5].isEmpty else { return nil }
            let service = serviceName(r[3])
            return Event(
                source: SourceLocation(file: "08_50_log.csv", line: i + 2), time: Int64(r[1]), timeText: r[0],
                host: r[3], service: service, executionIDs: [ExecutionID(kind: "trace", value: r[5])],
                type: service, template: service, message: r[7])
        }
    }

    /// Parent span's service → child span's service, different services only.
    static func trainTicketSpanPairs() throws -> Set<[String]> {
        let rows = try csv(dataRoot + "/nezha_trainticket/2023-01-29/trace/08_50_trace.csv").dropFirst()
        var pod: [String: String] = [:]
        for r in rows where r.count >= 4 { pod[r[0] + "/" + r[1]] = r[3] }
        var pairs = Set<[String]>()
        for r in rows where r.count >= 4 {
            guard let parent = pod[r[0] + "/" + r[2]] else { continue }
            let a = serviceName(parent), b = serviceName(r[3])
            if a != b { pairs.insert([a, b]) }
        }
        return pairs
    }

    static func serviceName(_ pod: String) -> String {
        var parts = pod.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count > 2 { parts.removeLast(2) }
        return parts.joined(separator: "-")
    }

    /// A minimal RFC 4180 reader (quoted fields, doubled quotes, newlines inside quotes).
    static func csv(_ path: String) throws -> [[String]] {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        var rows: [[String]] = [], row: [String] = [], field: [UInt8] = []
        var quoted = false, i = 0
        while i < bytes.count {
            let c = bytes[i]
            if quoted {
                if c == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") { field.append(c); i += 1 } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == UInt8(ascii: "\"") {
                quoted = true
            } else if c == UInt8(ascii: ",") {
                row.append(String(decoding: field, as: UTF8.self)); field = []
            } else if c == UInt8(ascii: "\n") {
                row.append(String(decoding: field, as: UTF8.self)); field = []
                rows.append(row); row = []
            } else if c != UInt8(ascii: "\r") {
                field.append(c)
            }
            i += 1
        }
        if !field.isEmpty || !row.isEmpty { row.append(String(decoding: field, as: UTF8.self)); rows.append(row) }
        return rows
    }
}
