import Foundation
import Testing
@testable import AriadneCore

/// Logs of delimited values (CSV exports with a header, headerless CSV such as PostgreSQL's csvlog, tab or
/// `;` separated), written by the tests in column orders and names no pattern ships, parsed with
/// detection as a run does.
@Suite struct DelimitedColumnsTests {
    func parse(_ path: String, chunkBytes: Int = 1 << 20, threads: Int = 1) throws -> ([Event], ParseSession) {
        var events: [Event] = []
        var options = ParseOptions(library: LayoutInferenceTests.library.patterns)
        options.chunkBytes = chunkBytes
        options.threads = threads
        let session = ParseSession(options: options) { events.append($0) }
        for input in try InputSource.expand([path]).inputs { try session.parse(input) }
        return (events, session)
    }

    func field(_ event: Event, _ name: String) -> String? {
        event.fields.first { $0.name == name }?.value
    }

    /// `value` as RFC 4180 writes it between `delimiter`s: quoted when it holds the delimiter, a quote or a
    /// line break, a quote written twice.
    static func quoted(_ value: String, _ delimiter: String) -> String {
        guard value.contains(delimiter) || value.contains("\"") || value.contains("\n") else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One record of an export: its values by role.
    struct Row {
        var time: String
        var timeNanos: Int64
        var host: String
        var service: String
        var level: String
        var message: String
        var trace: String
        var user: String
    }

    /// A log platform's export of `count` records: a header naming the columns (each role under one of
    /// the names platforms use, in a random order, with a random choice of the optional columns), values
    /// separated by `delimiter`, some messages holding the delimiter, quotes or a second line.
    static func export(count: Int, seed: UInt64, delimiter: String) -> (text: String, columns: [String: String], rows: [Row]) {
        var random = SplitMix64(seed: seed)
        func pick(_ names: [String]) -> String { names[Int(random.next() % UInt64(names.count))] }
        var columns = ["time": pick(["timestamp", "@timestamp", "Date", "time", "_time"]),
                       "host": pick(["host", "Host", "hostname", "host.name", "pod_name"]),
                       "message": pick(["message", "Content", "msg", "log", "_raw"]),
                       "level": pick(["level", "status", "severity", "Severity"]),
                       "trace": pick(["trace_id", "TraceId", "dd.trace_id"])]
        if Bool.random(using: &random) { columns["service"] = pick(["service", "Service", "app", "service.name"]) }
        if Bool.random(using: &random) { columns["user"] = pick(["usr.id", "user", "account"]) }
        var order = columns.keys.sorted()
        order.shuffle(using: &random)
        let header = order.map { columns[$0]! }.joined(separator: delimiter)
        let hosts = ["orders-\(seed)a", "orders-\(seed)b", "billing-\(seed)"]
        let levels = ["INFO", "info", "WARN", "ERROR", "debug"]
        let iso = Bool.random(using: &random)
        var rows: [Row] = []
        var text = header + "\n"
        for index in 0..<count {
            let millis = 100 * index + Int(random.next() % 100)
            let (minute, second, milli) = (millis / 60_000, millis / 1000 % 60, millis % 1000)
            let time = iso ? String(format: "2026-03-06T14:%02d:%02d.%03dZ", minute, second, milli)
                : String(format: "2026-03-06 14:%02d:%02d.%03d", minute, second, milli)
            let trace = String(format: "%016llx", random.next())
            var message = "charged order \(index) for \(Int(random.next() % 90) + 10) EUR user=u\(index % 7)"
            switch random.next() % 5 {
            case 0: message += "\(delimiter) retried"
            case 1: message = "said \"ok\" for order \(index)"
            case 2: message += "\n  at Billing.charge(Billing.java:\(index))"
            default: break
            }
            let row = Row(time: time, timeNanos: 1_772_805_600_000_000_000 + Int64(millis) * 1_000_000,
                          host: hosts[Int(random.next() % 3)], service: "billing", level: levels[Int(random.next() % 5)],
                          message: message, trace: trace, user: "u\(index % 7)")
            rows.append(row)
            let values: [String: String] = ["time": row.time, "host": row.host, "message": row.message, "level": row.level,
                                            "trace": row.trace, "service": row.service, "user": row.user]
            text += order.map { quoted(values[$0]!, delimiter) }.joined(separator: delimiter) + "\n"
        }
        return (text, columns, rows)
    }

    @Test(arguments: 0..<12)
    func exportsAreReadByTheirHeader(_ seed: Int) throws {
        let delimiter = [",", ";", "\t"][seed % 3]
        let (text, columns, rows) = Self.export(count: 120, seed: UInt64(seed), delimiter: delimiter)
        let (events, session) = try parse(TestPaths.file(text, name: "export-\(seed).csv"))
        let stats = try #require(session.stats.inputs.first)
        #expect(stats.inferredLayout?.contains("named by a header") == true, "\(seed): \(stats.pattern) \(stats.inferredLayout ?? "none") \(text.prefix(300))")
        #expect(stats.unmatchedLines == 0 && stats.headerLines == 1, "\(seed): \(stats.unmatchedLines) unmatched")
        #expect(stats.continuationLines == rows.filter { $0.message.contains("\n") }.count)
        try #require(events.count == rows.count, "\(seed): \(events.count) events for \(rows.count) records")
        for (event, row) in zip(events, rows) {
            #expect(event.time == row.timeNanos, "\(seed): \(event.timeText ?? "-")")
            #expect(event.host == row.host && event.level == row.level && event.message == row.message,
                    "\(seed): \(event.host ?? "-") \(event.level ?? "-") \(event.message.debugDescription)")
            if columns["service"] != nil { #expect(event.service == row.service) }
            #expect(field(event, columns["trace"]!) == row.trace)
            if let user = columns["user"] { #expect(field(event, user) == row.user) }
            // The message's own pairs are fields too.
            if row.message.contains("user=") { #expect(field(event, "user") == row.user || columns["user"] == "user") }
        }
    }

    /// A server's CSV log without a header (PostgreSQL's csvlog in a column order of its own): the time
    /// opens each record, a level word column, the client, a second time (the session's start), empty
    /// values, and a statement over several lines inside quotes.
    static func headerless(count: Int, seed: UInt64) -> (text: String, rows: [(time: Int64, level: String, message: String, client: String)]) {
        var random = SplitMix64(seed: seed)
        var text = ""
        var rows: [(time: Int64, level: String, message: String, client: String)] = []
        for index in 0..<count {
            let millis = 250 * index + Int(random.next() % 200)
            let stamp = String(format: "2026-03-06 14:%02d:%02d.%03d UTC", millis / 60_000, millis / 1000 % 60, millis % 1000)
            let level = ["LOG", "LOG", "ERROR", "WARNING"][Int(random.next() % 4)]
            let client = "10.0.\(seed).\(Int(random.next() % 9) + 2):\(40_000 + index)"
            var message = "duration: \(Int(random.next() % 900)) ms statement: SELECT * FROM jobs WHERE id = \(index)"
            switch random.next() % 4 {
            case 0:
                // A line inside the quoted statement that opens with a time continues it all the same.
                message = "execute s1: UPDATE jobs\n        SET state = 'done', note = \"x\"\n2026-03-06 13:00:00 UTC was the last run, id \(index)"
            case 1:
                // A word alone: fewer messages than session start times hold a space.
                message = ["COMMIT", "ROLLBACK", "BEGIN"][Int(random.next() % 3)]
            default:
                break
            }
            rows.append((1_772_805_600_000_000_000 + Int64(millis) * 1_000_000, level, message, client))
            let values = [stamp, "\(4000 + index % 5)", level, "purger", quoted(client, ","), "2026-03-06 13:48:16 UTC", "",
                          quoted(message, ","), "", "", "client backend", "0"]
            text += values.joined(separator: ",") + "\n"
        }
        return (text, rows)
    }

    @Test(arguments: 0..<4)
    func headerlessRecordsAreReadByTheirValues(_ seed: Int) throws {
        let (text, rows) = Self.headerless(count: 150, seed: UInt64(seed))
        let path = TestPaths.file(text, name: "db-\(seed).csv")
        let (events, session) = try parse(path)
        let stats = try #require(session.stats.inputs.first)
        #expect(stats.inferredLayout?.hasPrefix("12 columns separated by ','") == true, "\(stats.inferredLayout ?? "none")")
        #expect(stats.inferredLayout?.contains("· level column3 · message column8") == true, "\(stats.inferredLayout ?? "none")")
        #expect(stats.unmatchedLines == 0)
        try #require(events.count == rows.count)
        for (event, row) in zip(events, rows) {
            #expect(event.time == row.time && event.level == row.level && event.message == row.message,
                    "\(event.timeText ?? "-") \(event.level ?? "-") \(event.message.debugDescription)")
            #expect(field(event, "column5") == row.client && field(event, "column7") == nil)
        }
        // Parsed in small chunks on two threads (quoted statements split across chunks), the same events.
        let (chunked, _) = try parse(path, chunkBytes: 300, threads: 2)
        #expect(chunked.map(\.message) == events.map(\.message) && chunked.map(\.time) == events.map(\.time))
    }

    /// A file ending inside a quoted value (cut while a statement was written) loses no line: the open
    /// record takes the rest, in one chunk or many.
    @Test(arguments: [1 << 20, 200])
    func aQuoteLeftOpenAtTheEndLosesNoLine(_ chunkBytes: Int) throws {
        var (text, rows) = Self.headerless(count: 40, seed: 7)
        text += "2026-03-06 14:59:59.000 UTC,4000,LOG,purger,10.0.0.2:40000,2026-03-06 13:48:16 UTC,,\"execute s1: UPDATE jobs\n  SET state = 'done'\n"
        let (events, session) = try parse(TestPaths.file(text, name: "cut.csv"), chunkBytes: chunkBytes, threads: 2)
        let stats = try #require(session.stats.inputs.first)
        #expect(stats.lines == text.split(separator: "\n").count, "\(stats.lines)")
        #expect(events.count == rows.count + 1 && events.last?.message.contains("SET state = 'done'") == true, "\(events.last?.message ?? "")")
    }

    /// PostgreSQL's csvlog, written as the server documents its columns: the shipped pattern names them.
    @Test func postgresCsvlogIsDetected() throws {
        var text = ""
        for index in 0..<40 {
            let statement = index % 3 == 0 ? "\"execute <unnamed>: INSERT INTO jobs (id, state)\n        VALUES ($1, 'queued')\"" : "\"statement: SELECT \(index)\""
            let detail = index % 3 == 0 ? "\"parameters: $1 = 'job-\(index)'\"" : ""
            text += "2026-03-06 14:00:\(String(format: "%02d", index)).\(100 + index) UTC,\"api\",\"jobs\",\(4200 + index % 3),"
                + "\"10.0.1.21:\(53000 + index)\",69aadb20.106b,\(index + 1),\"INSERT\",2026-03-06 13:48:16 UTC,4/\(386 + index),0,"
                + "\(index == 7 ? "ERROR" : "LOG"),00000,\(statement),\(detail),,,,,,,,\"PostgreSQL JDBC Driver\",\"client backend\",,0\n"
        }
        let (events, session) = try parse(TestPaths.file(text, name: "postgresql-2026-03-06.csv"))
        let stats = try #require(session.stats.inputs.first)
        #expect(stats.pattern == "postgresql-csvlog", "\(stats.pattern)")
        #expect(stats.unmatchedLines == 0 && stats.continuationLines == 14)
        try #require(events.count == 40)
        #expect(events[7].level == "ERROR" && events[1].message == "statement: SELECT 1")
        #expect(events[0].message.hasSuffix("VALUES ($1, 'queued')") && field(events[0], "detail") == "parameters: $1 = 'job-0'")
        #expect(field(events[3], "connection_from") == "10.0.1.21:53003" && field(events[3], "application_name") == "PostgreSQL JDBC Driver")
        #expect(field(events[3], "query_id") == "0" && field(events[3], "leader_pid") == nil)
    }

    /// Behind a mixed file's source prefix (`kubectl logs --prefix`) csvlog's lines are a layout of their
    /// own, timed, not the shipped CSV pattern (whose records are read once joined).
    @Test func csvLinesBehindAPrefixKeepTheirTime() throws {
        var text = ""
        for index in 0..<60 {
            let second = String(format: "%02d", index)
            text += "[pod/api-1/app] {\"ts\":\"2026-03-06T14:00:\(second).120Z\",\"level\":\"info\",\"msg\":\"order \(index) placed\"}\n"
            text += "[pod/web-1/nginx] 10.0.0.\(index % 9 + 1) - - [06/Mar/2026:14:00:\(second) +0000] \"GET /o/\(index) HTTP/1.1\" 200 12 \"-\" \"curl/8.5\"\n"
            text += "[pod/db-1/postgres] 2026-03-06 14:00:\(second).130 UTC,\"api\",\"jobs\",4200,\"10.0.1.21:53000\",69aadb20.106b,"
                + "\(index + 1),\"INSERT\",2026-03-06 13:48:16 UTC,4/386,0,LOG,00000,\"statement: INSERT \(index)\",,,,,,,,,\"app\",\"client backend\",,0\n"
        }
        let (events, session) = try parse(TestPaths.file(text, name: "pods.log"))
        let stats = try #require(session.stats.inputs.first)
        #expect(stats.unmatchedLines == 0)
        let db = events.filter { $0.host == "db-1" }
        #expect(db.count == 60 && db.allSatisfy { $0.time != nil }, "\(stats.inferredLayout ?? "none")")
    }

    /// Lines whose commas are the time's and the message's are not columns: a time with a decimal comma
    /// and always three commas in the message, values padded with a space.
    @Test func commasInTextAreNoColumns() {
        let python = (0..<30).map { String(format: "2026-03-06 14:00:%02d,%03d INFO jobs: took a, b, c", $0, $0 * 7) }
        #expect(DelimitedColumns.infer(sample: python.map { Array($0.utf8) }, name: "x") == nil)
        let fewer = (0..<30).map { "2026-03-06T14:00:\(String(format: "%02d", $0))Z,api-1,ok" }
        #expect(DelimitedColumns.infer(sample: fewer.map { Array($0.utf8) }, name: "x") == nil)
    }

    @Test func readerSplitsOneRecord() {
        #expect(CSVReader.fields("a;\"b;c\";\"d\"\"e\nf\";", delimiter: UInt8(ascii: ";")) == ["a", "b;c", "d\"e\nf", ""])
        #expect(CSVReader.fields("x\ty", delimiter: 9) == ["x", "y"])
        let comma = UInt8(ascii: ",")
        #expect(CSVReader.quoteOpen(after: "a,\"b\"\"c".utf8, delimiter: comma, open: false))
        #expect(!CSVReader.quoteOpen(after: "a,\"b\"\"c\"".utf8, delimiter: comma, open: false))
        // A quote inside an unquoted value is text; a line inside a quoted value closes it with one quote.
        #expect(!CSVReader.quoteOpen(after: "a,it's 5\" long,b".utf8, delimiter: comma, open: false))
        #expect(!CSVReader.quoteOpen(after: "end\",b".utf8, delimiter: comma, open: true))
        #expect(CSVReader.fields("x,say \"hi\",\"q\"\"\"", delimiter: comma) == ["x", "say \"hi\"", "q\""])
    }

    /// A pattern of `format: csv` names its columns; `keys` and `execution_ids` name them.
    @Test func userPatternsNameTheirColumns() throws {
        let yaml = """
            name: jobs-tsv
            format: csv
            delimiter: "\\t"
            columns: [when, node, job, text]
            timestamp: {formats: [iso8601]}
            keys: {timestamp: [when], host: [node], message: [text]}
            execution_ids: [{kind: job, capture: job}]
            """
        let pattern = try PatternLoader.load(yaml: yaml, file: "jobs.yaml")
        let parser = RecordParser(pattern: pattern)
        let line = Array("2026-03-06T14:00:01Z\tworker-2\tJ-17\tstarted \"nightly\"".utf8)
        let kind = line.withUnsafeBufferPointer { parser.classify($0, hasOpenRecord: false) }
        #expect(kind == .start)
        let event = parser.event(from: line.withUnsafeBufferPointer { parser.startCaptures($0) }, source: SourceLocation(file: "f", line: 1))
        #expect(event.host == "worker-2" && event.message == "started \"nightly\"" && event.time == 1_772_805_601_000_000_000, "\(event.host ?? "-") \(event.message) \(event.fields)")
        #expect(event.executionIDs.contains { $0.kind == "job" && $0.value == "J-17" })
        #expect(throws: PatternError.self) { try PatternLoader.load(yaml: "name: a\nformat: csv\n", file: "a.yaml") }
        #expect(throws: PatternError.self) { try PatternLoader.load(yaml: "name: a\nformat: csv\ncolumns: [x, x]\n", file: "a.yaml") }
        #expect(throws: PatternError.self) {
            try PatternLoader.load(yaml: "name: a\nformat: csv\ncolumns: [x, y]\ndelimiter: ';;'\n", file: "a.yaml")
        }
        #expect(throws: PatternError.self) { try PatternLoader.load(yaml: "name: a\nrecord: '^x'\ncolumns: [x, y]\n", file: "a.yaml") }
    }
}
