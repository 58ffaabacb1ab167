import Foundation
import Testing
@testable import AriadneCore

/// Files that name their own columns (W3C `#Fields:`, Zeek `#fields`), written by the tests in column
/// orders no pattern ships, parsed with detection as a run does.
@Suite struct DeclaredColumnsTests {
    func parse(_ path: String) throws -> ([Event], ParseSession) {
        var events: [Event] = []
        let session = ParseSession(options: ParseOptions(library: LayoutInferenceTests.library.patterns)) { events.append($0) }
        for input in try InputSource.expand([path]).inputs { try session.parse(input) }
        return (events, session)
    }

    func field(_ event: Event, _ name: String) -> String? {
        event.fields.first { $0.name == name }?.value
    }

    /// The events of `text` parsed as the file `name`, once its announced layout starts with `layout`, no
    /// line is unmatched and `headers` lines are header lines.
    func parseDeclared(_ text: String, name: String, layout: String, headers: Int) throws -> [Event] {
        let (events, session) = try parse(TestPaths.file(text, name: name))
        let stats = try #require(session.stats.inputs.first)
        #expect(stats.inferredLayout?.hasPrefix(layout) == true, "\(stats.inferredLayout ?? "none")")
        #expect(stats.unmatchedLines == 0)
        #expect(stats.headerLines == headers)
        return events
    }

    /// One request of a W3C log: the value of each column it may declare.
    struct Request {
        var second: Int
        var method: String
        var path: String
        var query: String
        var client: String
        var status: Int
        var taken: Int
        var requestID: String
        var agent: String

        func value(_ column: String) -> String {
            switch column {
            case "date": return "2026-03-06"
            case "time": return String(format: "14:%02d:%02d", second / 60, second % 60)
            case "s-ip": return "10.0.4.20"
            case "cs-method": return method
            case "cs-uri-stem": return path
            case "cs-uri-query": return query
            case "s-port": return "443"
            case "cs-username": return "-"
            case "c-ip": return client
            case "cs(User-Agent)": return agent
            case "cs(Referer)": return "-"
            case "cs(X-Request-ID)": return requestID
            case "sc-status": return "\(status)"
            case "sc-substatus", "sc-win32-status": return "0"
            case "time-taken": return "\(taken)"
            case "sc-bytes": return "\(200 + taken)"
            case "cs-bytes": return "\(90 + taken)"
            default: return "?"
            }
        }
    }

    static let optionalColumns = ["s-ip", "cs-uri-query", "s-port", "cs-username", "cs(User-Agent)", "cs(Referer)", "sc-substatus",
                                  "sc-win32-status", "sc-bytes", "cs-bytes"]

    /// A W3C log of `count` requests whose `#Fields:` line declares date and time, then the request's
    /// columns in a random order with a random choice of the optional ones; `separator` between values.
    static func w3c(count: Int, seed: UInt64, separator: String) -> (text: String, columns: [String], requests: [Request]) {
        var random = SplitMix64(seed: seed)
        var columns = ["cs-method", "cs-uri-stem", "c-ip", "sc-status", "time-taken", "cs(X-Request-ID)"]
            + optionalColumns.filter { _ in Bool.random(using: &random) }
        columns.shuffle(using: &random)
        columns = ["date", "time"] + columns
        var requests: [Request] = []
        var text = "#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: 2026-03-06 14:00:00\n"
            + "#Fields: " + columns.joined(separator: " ") + "\n"
        for index in 0..<count {
            let request = Request(
                second: index * 3, method: ["GET", "POST", "PUT"][index % 3], path: "/api/v\(index % 2 + 1)/orders",
                query: index % 4 == 0 ? "-" : "account=AC\(index)f&units=\(index % 5)", client: "10.42.1.\(index % 7 + 2)",
                status: [200, 201, 402, 503][index % 4], taken: index % 40 + 1,
                requestID: String(format: "%08x-77aa-4b71-95fb-%012x", UInt32.random(in: 0...UInt32.max, using: &random), index),
                agent: "python-httpx/0.27.\(index % 3)")
            requests.append(request)
            text += columns.map(request.value).joined(separator: separator) + "\n"
            if index == count / 2 {
                // A restart writes the directives again.
                text += "#Software: Microsoft Internet Information Services 10.0\n#Fields: " + columns.joined(separator: " ") + "\n"
            }
        }
        return (text, columns, requests)
    }

    @Test(arguments: [(1, " "), (2, " "), (3, "\t"), (4, " "), (5, "\t")])
    func w3cColumnsAreReadByTheirNames(seed: UInt64, separator: String) throws {
        let (text, columns, requests) = Self.w3c(count: 40, seed: seed, separator: separator)
        let events = try parseDeclared(text, name: "u_ex260306.log", layout: "\(columns.count) columns declared by #Fields · timestamp date time · message cs-method … ",
                                       headers: 6)
        try #require(events.count == requests.count)
        for (event, request) in zip(events, requests) {
            #expect(event.time == Int64(Self.start + request.second) * 1_000_000_000)
            #expect(field(event, "status") == "\(request.status)")
            #expect(field(event, "method") == request.method)
            #expect(field(event, "uri_stem") == request.path)
            #expect(field(event, "client_ip") == request.client)
            #expect(field(event, "x_request_id") == request.requestID)
            #expect(field(event, "time_taken") == "\(request.taken)")
            #expect(RecordDuration.of(event) == Int64(request.taken) * 1_000_000)
            #expect((LogSignals.failureSignal(event) != nil) == (request.status >= 400), "\(event.message)")
            // W3C's `-` is no value; the time's columns are the stamp's, not fields.
            #expect(field(event, "username") == nil && field(event, "referer") == nil && field(event, "date") == nil)
            #expect(event.message.hasPrefix(request.method + separator))
            // To the status, or to the last column when the status comes before the method.
            let last = columns.firstIndex(of: "sc-status")! > columns.firstIndex(of: "cs-method")! ? "sc-status" : columns.last!
            #expect(event.message.hasSuffix(separator + request.value(last)))
            if columns.contains("cs-uri-query"), request.query != "-" {
                #expect(field(event, "account") == request.query.split(separator: "&")[0].dropFirst("account=".count).description)
            }
            if columns.contains("cs-bytes") && columns.contains("sc-bytes") {
                #expect(field(event, "cs_bytes") == "\(90 + request.taken)" && field(event, "sc_bytes") == "\(200 + request.taken)")
            }
        }
    }

    /// 2026-03-06 14:00:00 UTC in seconds.
    static let start = 1_772_805_600

    @Test func zeekFieldsAreReadWithTheirSeparatorAndEpochTime() throws {
        var text = "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\thttp\n#open\t2026-03-06-14-00-00\n"
            + "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tmethod\thost\turi\tstatus_code\tduration\n"
            + "#types\ttime\tstring\taddr\tport\taddr\tport\tstring\tstring\tstring\tcount\tinterval\n"
        let start = Self.start
        for index in 0..<30 {
            let values = ["\(start + index).\(String(format: "%06d", index * 1_001))", "C\(index)xK3v2Ab9yQ\(index % 10)",
                          "10.1.0.\(index % 5 + 2)", "5\(index % 9)123", "10.2.0.9", "8080", index % 3 == 0 ? "-" : "GET",
                          "shop.internal", "/cart/\(index)", ["200", "404", "500"][index % 3], "0.0\(index % 9 + 1)2"]
            text += values.joined(separator: "\t") + "\n"
        }
        text += "#close\t2026-03-06-15-00-00\n"
        let events = try parseDeclared(text, name: "http.log", layout: "11 columns declared by #fields · timestamp ts · message method … status_code",
                                       headers: 9)
        try #require(events.count == 30)
        for (index, event) in events.enumerated() {
            #expect(event.time == Int64(start + index) * 1_000_000_000 + Int64(index * 1_001) * 1_000)
            #expect(field(event, "uid") == "C\(index)xK3v2Ab9yQ\(index % 10)")
            #expect(field(event, "id_orig_h") == "10.1.0.\(index % 5 + 2)")
            // Zeek's `host` is a request's Host header, not the machine that wrote the record.
            #expect(field(event, "host_field") == "shop.internal")
            #expect(event.host == nil)
            #expect(field(event, "method") == (index % 3 == 0 ? nil : "GET"))
            #expect(field(event, "status_code") == ["200", "404", "500"][index % 3])
            #expect(RecordDuration.of(event) == Int64(((index % 9 + 1) * 10 + 2) * 1_000_000))
        }
    }

    @Test func fieldNamesFollowW3CPrefixes() {
        #expect(DeclaredColumns.fieldName("cs(X-Request-ID)") == "x_request_id")
        #expect(DeclaredColumns.fieldName("sc(Content-Type)") == "response_content_type")
        #expect(DeclaredColumns.fieldName("c-ip") == "client_ip")
        #expect(DeclaredColumns.fieldName("s-ip") == "server_ip")
        #expect(DeclaredColumns.fieldName("x-edge-location") == "edge_location")
        #expect(DeclaredColumns.fieldName("sc-status") == "status")
        #expect(DeclaredColumns.fieldName("id.orig_h") == "id_orig_h")
        #expect(DeclaredColumns.fieldName("2xx") == "f_2xx")
        let declared = DeclaredColumns.Declaration(names: ["date", "time", "cs-host", "cs-bytes", "sc-bytes", "host", "message"],
                                                   separator: 32, zeek: false)
        #expect(DeclaredColumns.groupNames(declared) == ["date", "time", "cs_host", "cs_bytes", "sc_bytes", "host_field", "message_field"])
    }

    @Test func aDeclarationWithoutLinesOrFittingNoneIsNotALayout() {
        let header = "#Software: x\n#Fields: date time cs-method sc-status\n"
        #expect(DeclaredColumns.infer(sample: [Array("#Fields: date time cs-method sc-status".utf8)], name: "x") == nil)
        let misfit = (header + "this line has far more columns than the declaration names\n").split(separator: "\n").map { Array($0.utf8) }
        #expect(DeclaredColumns.infer(sample: misfit, name: "x") == nil)
        let fits = (header + "2026-03-06 14:00:01 GET 200\n").split(separator: "\n").map { Array($0.utf8) }
        #expect(DeclaredColumns.infer(sample: fits, name: "x")?.share == 1)
        #expect(DeclaredColumns.declaration(in: ["2026-03-06 14:00:01 GET 200"]) == nil)
    }
}

/// java.util.logging's default `SimpleFormatter` (the JDK's own layout): two lines a record, the stamp
/// and where it was logged, then `LEVEL: message`; a throwable's stack after it.
@Suite struct TwoLineRecordTests {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `count` records written as `SimpleFormatter` does, from 2026-03-06 13:59:00 UTC, a few with a stack.
    static func jul(count: Int, seed: UInt64) -> (text: String, records: [(time: Int64, level: String, message: String, stack: Bool)]) {
        var random = SplitMix64(seed: seed)
        let levels = ["INFO", "INFO", "WARNING", "SEVERE", "FINE"]
        let classes = ["com.cdnco.api.PurgeResource create", "org.eclipse.jetty.server.Server doStart", "com.cdnco.q.Publisher publish"]
        var text = ""
        var records: [(Int64, String, String, Bool)] = []
        var second = 13 * 3600 + 59 * 60
        for index in 0..<count {
            second += Int.random(in: 0...2, using: &random)
            let hour = second / 3600, minute = second / 60 % 60, sec = second % 60
            let twelve = hour % 12 == 0 ? 12 : hour % 12
            let level = levels[Int.random(in: 0..<levels.count, using: &random)]
            let message = "request \(String(format: "%08x", UInt32.random(in: 0...UInt32.max, using: &random))) step \(index % 7): took \(index % 50) ms"
            let stack = level == "SEVERE"
            text += "Mar 06, 2026 \(twelve):\(String(format: "%02d:%02d", minute, sec)) \(hour < 12 ? "AM" : "PM") \(classes[index % 3])\n"
            text += "\(level): \(message)\n"
            if stack {
                text += "java.io.IOException: upstream reset\n\tat com.cdnco.q.Publisher.publish(Publisher.java:88)\n\tat java.base/java.lang.Thread.run(Thread.java:1583)\n\n"
            }
            records.append((Int64(DeclaredColumnsTests.start - 14 * 3600 + second) * 1_000_000_000, level, message, stack))
        }
        return (text, records)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func julRecordsAreTwoLinesWithTheirLevelAndMessage(seed: UInt64) throws {
        let (text, records) = Self.jul(count: 60, seed: seed)
        var events: [Event] = []
        let session = ParseSession(options: ParseOptions(library: LayoutInferenceTests.library.patterns)) { events.append($0) }
        for input in try InputSource.expand([TestPaths.file(text, name: "api-1.log")]).inputs { try session.parse(input) }
        let stats = try #require(session.stats.inputs.first)
        #expect(stats.inferredLayout?.hasPrefix("timestamp MMM d, yyyy h:mm:ss a · message") == true, "\(stats.inferredLayout ?? "none")")
        #expect(stats.unmatchedLines == 0)
        try #require(events.count == records.count)
        for (event, record) in zip(events, records) {
            #expect(event.time == record.time)
            #expect(event.level == record.level)
            #expect(event.message.hasPrefix(record.message))
            #expect(event.message.contains("\tat com.cdnco.q.Publisher.publish") == record.stack)
            #expect(event.fields.first { $0.name == "logger" }?.value.hasPrefix("com.") == true || event.fields.first { $0.name == "logger" }?.value.hasPrefix("org.") == true)
        }
    }

    @Test func levelLinesBesideOneLineRecordsStayRecords() {
        // uvicorn's untimed access lines among its app's records: they follow few of them.
        var lines: [String] = []
        for index in 0..<20 {
            lines += ["2026-03-06T14:00:0\(index % 10).1Z [info] received request", "2026-03-06T14:00:0\(index % 10).2Z [info] queued",
                      "2026-03-06T14:00:0\(index % 10).3Z [info] answered"]
            lines.append("INFO:     10.0.0.9:40702 - \"POST /v1 HTTP/1.1\" 201 Created")
        }
        #expect(!LayoutInferrer.pairsLevelLines(lines))
        // One access line after each record pairs alike, but the records' first lines hold messages.
        var alternating = ""
        for index in 0..<30 {
            alternating += "2026-03-06T14:00:\(String(format: "%02d", index)).100Z accepted request=r\(index) size=\(index % 4)\n"
            alternating += "INFO:     10.0.0.9:\(40000 + index) - \"POST /v1 HTTP/1.1\" 201 Created\n"
        }
        var events: [Event] = []
        let session = ParseSession(options: ParseOptions(library: LayoutInferenceTests.library.patterns)) { events.append($0) }
        for input in try! InputSource.expand([TestPaths.file(alternating, name: "gateway.log")]).inputs { try! session.parse(input) }
        #expect(events.count == 60, "\(session.stats.inputs.first?.inferredLayout ?? "none")")
        #expect(events.filter { $0.message.hasPrefix("accepted") }.allSatisfy { $0.level == nil && !$0.message.contains("\n") })
        #expect(LayoutInferrer.pairsLevelLines(["Mar 06, 2026 2:00:01 PM a.B m", "INFO: x", "Mar 06, 2026 2:00:02 PM a.B m", "WARNING: y"]))
    }
}
