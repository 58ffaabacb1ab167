@testable import AriadneCore
import Foundation
import Testing

/// Container logs as the kubelet writes them: CRI lines unwrapped to the application's own lines, partial
/// lines joined, the runtime's time kept only where the payload has no date of its own, and the pod named
/// by the kubelet's paths as the host.
@Suite struct ContainerLogTests {
    /// A CRI line: the runtime's time `millis` ms after 09:26:00 (plus 500 µs: it reads the pipe later).
    private static func cri(_ millis: Int, _ tag: String, _ payload: String, stream: String = "stdout") -> String {
        "\(GeneratedRequests.clock(millis, separator: "T"))500123Z \(stream) \(tag) \(payload)"
    }

    /// Two pods in the kubelet's `/var/log/pods` layout: a JSON logger with its own dated `time` (one line
    /// split by the runtime into three), and a worker printing plain lines without any time.
    private static func podTree() -> (root: String, api: String, worker: String) {
        let root = TestPaths.scratch()
        let api = root + "/var/log/pods/shop_api-6d4b7c9f8-nw8pq_744ad6f8-05fe-4288-bec5-c2e3bc322bd5/api/0.log"
        let worker = root + "/var/log/pods/shop_worker-0_b63aad80-4b5e-414b-9a35-1b62324c9000/worker/0.log"
        var apiLines: [String] = []
        var workerLines: [String] = []
        for i in 0..<20 {
            let request = String(format: "r%04x", 4096 + i * 37)
            let time = GeneratedRequests.clock(i * 100, separator: "T")
            let json = #"{"time":"\#(time)Z","level":"info","reqId":"\#(request)","msg":"accepted order","size":"\#(i % 3)"}"#
            if i == 5 {
                apiLines.append(cri(i * 100, "P", String(json.prefix(20))))
                apiLines.append(cri(i * 100, "P", String(json.dropFirst(20).prefix(15))))
                apiLines.append(cri(i * 100, "F", String(json.dropFirst(35))))
            } else {
                apiLines.append(cri(i * 100, "F", json))
            }
            workerLines.append(cri(i * 100 + 40, "F", "handled request=\(request) step=\(i % 4)", stream: "stderr"))
        }
        for (path, lines) in [(api, apiLines), (worker, workerLines)] {
            try! FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: path, contents: Data((lines.joined(separator: "\n") + "\n").utf8))
        }
        return (root, api, worker)
    }

    private static func events(_ run: CLI.Result) -> [[String: Any]] {
        run.text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    @Test func podDirectoriesAreUnwrappedJoinedAndNamed() throws {
        let tree = Self.podTree()
        let run = try CLI.run(["parse", "--stats-json", tree.root + "/stats.json", tree.root + "/var"])
        #expect(run.status == 0, "\(run.stderr)")
        let events = Self.events(run)
        #expect(events.count == 40, "\(events.count)")
        let api = events.filter { $0["host"] as? String == "api-6d4b7c9f8-nw8pq" }
        let worker = events.filter { $0["host"] as? String == "worker-0" }
        #expect(api.count == 20 && worker.count == 20, "\(Set(events.compactMap { $0["host"] as? String }))")
        #expect(api.allSatisfy { $0["service"] as? String == "api" } && worker.allSatisfy { $0["service"] as? String == "worker" })
        // The JSON payloads are read as JSON, the split one whole, on its first line's number; every
        // later line keeps its own number.
        let fields = api.compactMap { $0["fields"] as? [String: String] }
        #expect(fields.count == 20 && fields.allSatisfy { $0["reqId"]?.hasPrefix("r") == true }, "\(api.prefix(7))")
        let lines = api.compactMap { ($0["source"] as? String)?.split(separator: ":").last.map(String.init) }
        #expect(lines == ["1", "2", "3", "4", "5", "6"] + (9...22).map(String.init), "\(lines)")
        // Their own dated times win; the worker's lines, with none, keep the runtime's.
        #expect(api.first?["time"] as? String == "2026-03-14T09:26:00Z", "\(api.first?["time"] ?? "")")
        #expect(worker.first?["time"] as? String == "2026-03-14T09:26:00.040500123Z", "\(worker.first?["time"] ?? "")")
        #expect(worker.allSatisfy { ($0["message"] as? String)?.hasPrefix("handled request=") == true }, "\(worker.first ?? [:])")
        let stats = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: tree.root + "/stats.json"))) as? [String: Any]
        let inputs = stats?["inputs"] as? [[String: Any]] ?? []
        #expect(inputs.compactMap { $0["lines"] as? Int }.sorted() == [20, 22], "\(inputs)")
        #expect(inputs.allSatisfy { $0["unmatched_lines"] as? Int == 0 }, "\(inputs)")
    }

    /// `kubectl logs`-free tailing: the runtime's lines arrive on stdin and are unwrapped as they come.
    @Test func standardInputIsUnwrapped() throws {
        let tree = Self.podTree()
        let run = try CLI.run(["parse", "-"], stdin: try Data(contentsOf: URL(fileURLWithPath: tree.worker)))
        let events = Self.events(run)
        #expect(run.status == 0 && events.count == 20, "\(run.stderr)")
        #expect(events.allSatisfy { ($0["message"] as? String)?.hasPrefix("handled request=") == true }, "\(events.first ?? [:])")
    }

    /// A file whose first line is not a CRI line is read as it is, even where a later line looks like one.
    @Test func otherFilesPassThrough() throws {
        let text = "2026-03-14 09:14:00.000 INFO started\n" + Self.cri(5, "F", "hello") + "\n2026-03-14 09:14:00.010 INFO done\n"
        let run = try CLI.run(["parse", TestPaths.file(text)])
        let messages = Self.events(run).compactMap { $0["message"] as? String }
        #expect(messages.count == 3 && messages[1].contains("stdout F hello"), "\(messages)")
    }

    @Test(arguments: [
        ("/var/log/pods/shop_orders-6d4b7c9f8-nw8pq_744ad6f8-05fe-4288-bec5-c2e3bc322bd5/orders/0.log", "orders-6d4b7c9f8-nw8pq"),
        ("logs/pods/kube-system_coredns-5d78c9869d-abcde_0a1b2c3d-0000-4111-8222-123456789abc/coredns/1.log.20261206-091400.gz",
         "coredns-5d78c9869d-abcde"),
        ("/var/log/containers/web-7f9c_default_nginx-" + String(repeating: "ab12", count: 16) + ".log", "web-7f9c"),
    ])
    func kubeletPathsNameThePod(_ path: String, _ pod: String) {
        #expect(HostNaming.kubernetesPod(path) == pod)
    }

    @Test func otherPathsNameNoPod() {
        for path in ["/var/log/pods/orders/0.log", "logs/a_b_c/x/0.log", "/var/log/containers/web_default_nginx-abc.log",
                     "api-1.log", "shop_orders_744ad6f8-05fe-4288-bec5-c2e3bc322bd5.log"] {
            #expect(HostNaming.kubernetesPod(path) == nil, "\(path)")
        }
    }

    /// Grafana Loki's `logcli query` output: the streams of three machines merged, each line behind the
    /// shipper's whole-second time and its labels. Each line is read as its stream's (`pod`, else `host`),
    /// with its own layout and its own finer time; a stream writing none keeps the shipper's; a Java stack
    /// trace's lines (their tabs trimmed by logcli) continue their record; an untimed line opening with
    /// its level (uvicorn's access line) is a record of its own, its stream's.
    @Test func lokiQueryOutputIsReadPerStream() throws {
        let lines = Self.lokiLines()
        let run = try CLI.run(["parse", TestPaths.file(lines.joined(separator: "\n") + "\n", name: "loki.log")])
        #expect(run.status == 0, "\(run.stderr)")
        let events = Self.events(run)
        #expect(events.count == 40 * 3 + 4, "\(events.count) \(run.stderr)")
        let byHost = Dictionary(grouping: events) { $0["host"] as? String ?? "none" }
        #expect(byHost.mapValues(\.count) == ["gw-7f9c-x2": 80, "ledger-0": 40, "batch-1": 4], "\(byHost.mapValues(\.count))")
        let accepted = events.filter { ($0["message"] as? String)?.contains("accepted request=") == true }
        #expect(accepted.first?["time"] as? String == "2026-03-14T09:26:00.000123Z", "\(accepted.first ?? [:])")
        let posted = events.filter { ($0["message"] as? String)?.contains("posted request=r1103") == true }
        #expect((posted.first?["message"] as? String)?.contains("at com.shop.Api.handle(Api.java:7)") == true, "\(posted)")
        let access = byHost["gw-7f9c-x2", default: []].filter { ($0["message"] as? String)?.hasPrefix("INFO:") == true }
        #expect(access.count == 40 && access.allSatisfy { $0["time"] == nil }, "\(access.prefix(2))")
        #expect(byHost["batch-1"]?.first?["time"] as? String == "2026-03-14T09:26:00Z", "\(byHost["batch-1"] ?? [])")
        // `logcli query -o jsonl` writes the same entries as JSON objects: they read the same.
        let json = try lines.map { line -> String in
            let (labels, payload) = Self.lokiParts(line)
            let entry: [String: Any] = ["labels": labels, "line": payload, "timestamp": String(line.prefix { $0 != " " })]
            return String(decoding: try JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys]), as: UTF8.self)
        }
        let jsonRun = try CLI.run(["parse", TestPaths.file(json.joined(separator: "\n") + "\n", name: "loki.jsonl")])
        let jsonEvents = Self.events(jsonRun)
        #expect(jsonEvents.map { [$0["host"] as? String, $0["time"] as? String, $0["message"] as? String] }
                == events.map { [$0["host"] as? String, $0["time"] as? String, $0["message"] as? String] }, "\(jsonRun.stderr)")
        // Fluent Bit's `stdout` output of the same records (the agent's read time, strings unescaped; the
        // format before 2.1 on every fifth line) reads the same too.
        let epoch = 1_773_480_360  // 2026-03-14T09:26:00Z
        let fluent = lines.enumerated().map { index, line -> String in
            let (labels, payload) = Self.lokiParts(line)
            let second = epoch + Int(line.dropFirst(17).prefix(2))! + 60 * (Int(line.dropFirst(14).prefix(2))! - 26)
            let tag = labels["app"] ?? labels["job"]!
            let instance = labels["pod"].map { "\"pod\"=>\"\($0)\"" } ?? "\"host\"=>\"\(labels["host"]!)\""
            let record = "{\"log\"=>\"\(payload)\", \(instance)}"
            return index % 5 == 4 ? "[\(index % 3)] \(tag): [\(second).000000000, \(record)]"
                : "[\(index % 3)] \(tag): [[\(second).000000000, {}], \(record)]"
        }
        let fluentRun = try CLI.run(["parse", TestPaths.file(fluent.joined(separator: "\n") + "\n", name: "fluent-bit.log")])
        #expect(Self.events(fluentRun).map { [$0["host"] as? String, $0["time"] as? String, $0["message"] as? String] }
                == events.map { [$0["host"] as? String, $0["time"] as? String, $0["message"] as? String] }, "\(fluentRun.stderr)")
        // A shipper's JSON records of the same lines (Vector's console sink, flat; Filebeat's, nested: `host.name`,
        // `log.file.path`; the cron job's through a log group, `/aws/lambda/batch-1`, with no host) read the same.
        let shipped = try lines.enumerated().map { index, line -> String in
            let (labels, payload) = Self.lokiParts(line)
            let time = String(line.prefix { $0 != " " })
            let app = labels["app"] ?? labels["job"]!
            var entry: [String: Any]
            if let pod = labels["pod"] {
                entry = index % 2 == 0 ? ["host": pod, "file": "/var/log/\(app)/\(app).log", "message": payload, "source_type": "file", "timestamp": time]
                    : ["host": ["name": pod], "log": ["file": ["path": "/var/log/\(app).log"]], "message": payload, "@timestamp": time]
            } else {
                entry = ["log_group": "/aws/lambda/\(labels["host"]!)", "log_stream": "2026/03/14/[$LATEST]0f1e", "message": payload + "\n",
                         "source_type": "aws_kinesis_firehose", "timestamp": time]
            }
            return String(decoding: try JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
        }
        let shippedRun = try CLI.run(["parse", TestPaths.file(shipped.joined(separator: "\n") + "\n", name: "vector.json")])
        #expect(Self.events(shippedRun).map { [$0["host"] as? String, $0["time"] as? String, $0["message"] as? String] }
                == events.map { [$0["host"] as? String, $0["time"] as? String, $0["message"] as? String] }, "\(shippedRun.stderr)")
        // A syslog collector's file of the same lines (rsyslog's traditional format, its year-less second;
        // the program as the tag, `[pid]` on the ledger's; a tab escaped as `#011`) reads the same: the
        // year-less time of the stream writing none takes the year of the file's dated lines.
        let syslog = lines.map { line -> String in
            let (labels, payload) = Self.lokiParts(line)
            let time = "Mar 14 " + line.dropFirst(11).prefix(8)
            let tag = labels["app"] == "ledger" ? "ledger[41]:" : (labels["app"] ?? labels["job"]!) + ":"
            let body = payload.hasPrefix("at ") ? "#011" + payload : payload
            return "\(time) \(labels["pod"] ?? labels["host"]!) \(tag) \(body)"
        }
        let syslogRun = try CLI.run(["parse", TestPaths.file(syslog.joined(separator: "\n") + "\n", name: "syslog.log")])
        #expect(Self.events(syslogRun).map { [$0["host"] as? String, $0["time"] as? String, ($0["message"] as? String)?.replacingOccurrences(of: "\t", with: "")] }
                == events.map { [$0["host"] as? String, $0["time"] as? String, $0["message"] as? String] }, "\(syslogRun.stderr)")
    }

    /// A syslog collector's line: the traditional and the high-precision time, a tag with or without a
    /// pid, escaped control characters restored but for line breaks; anything else is no such line.
    @Test func syslogLinesAreSplitIntoStreamAndMessage() {
        func read(_ text: String) -> [String]? {
            ContainerLogSource.syslogLine(ArraySlice(text.utf8)).map { [String(decoding: $0.time, as: UTF8.self), $0.stream, String(decoding: $0.payload, as: UTF8.self)] }
        }
        #expect(read("Mar  6 14:00:01 broker-1 search-broker: INFO 2026-03-06 14:00:01,234 views x") == ["Mar  6 14:00:01", "broker-1", "INFO 2026-03-06 14:00:01,234 views x"])
        #expect(read("2026-03-06T14:00:01.123456+00:00 idx0-a opensearch[812]: #011at o.o.X(X.java:1)#012next") == ["2026-03-06T14:00:01.123456+00:00", "idx0-a", "\tat o.o.X(X.java:1)#012next"])
        #expect(read("Mar 16 14:00:01 host-1 app: #101 is no control") == ["Mar 16 14:00:01", "host-1", "#101 is no control"])
        for no in ["2026-03-06 14:00:01,234 INFO [main] x: y", "Mar  6 14:00:01 host-1 no tag here", "[0] app: [1.0, {}]", "Mar 6"] {
            #expect(read(no) == nil, "\(no)")
        }
    }

    /// In a syslog collector's file, a dated stream's line without a time (Reactor's `Error has been
    /// observed at the following site(s):` inside a stack) continues its record, as in the stream's own
    /// file: the collector's year-less second is no time of its own. Behind a shipper's JSON, a heading
    /// inside a stack (ending in a colon) does too; so does a stack whose lines came after another host's.
    @Test func aSyslogStreamsUntimedLineContinuesItsRecord() throws {
        var lines: [String] = []
        for i in 0..<30 {
            let clock = GeneratedRequests.clock(i * 400, separator: "T")
            lines.append("Mar 14 09:26:\(String(format: "%02d", i * 400 / 1000)) gw-1 gateway: \(clock)-05:00  INFO 1 --- [main] c.s.Gateway : served request=r\(i)")
            if i == 4 {
                for body in ["reactor.netty.http.client.PrematureCloseException: Connection prematurely closed", "#011Suppressed: reactor.core.Exceptions",
                             "Error has been observed at the following site(s):", "#011*__checkpoint ⇢ c.s.RetryFilter [DefaultWebFilterChain]",
                             "Original Stack Trace:", "#011at reactor.netty.Conn.close(Conn.java:9)"] {
                    lines.append("Mar 14 09:26:01 gw-1 gateway: " + body)
                }
            }
            lines.append("Mar 14 14:26:\(String(format: "%02d", i * 400 / 1000)) db-1 postgres[77]: \(GeneratedRequests.clock(i * 400 + 2, separator: " ")) UTC [77] LOG:  statement request=r\(i)")
        }
        let run = try CLI.run(["parse", TestPaths.file(lines.joined(separator: "\n") + "\n", name: "messages")])
        let events = Self.events(run)
        #expect(events.count == 60 && events.allSatisfy { $0["time"] != nil }, "\(events.count) \(run.stderr)")
        let failed = events.first { ($0["message"] as? String)?.contains("served request=r4") == true }
        #expect((failed?["message"] as? String)?.hasSuffix("Original Stack Trace:\n\tat reactor.netty.Conn.close(Conn.java:9)") == true, "\(failed ?? [:])")
        #expect(events.first { $0["host"] as? String == "db-1" }?["time"] as? String == "2026-03-14T09:26:00.002Z")
        // The same lines as a shipper's JSON records (Vector's): the section headings inside the stack are
        // no records at the shipper's time either.
        let shipped = try lines.map { line -> String in
            let parts = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: false)
            let entry = ["host": String(parts[3]), "message": String(parts[5]).replacingOccurrences(of: "#011", with: "\t"),
                         "timestamp": "2026-03-14T09:26:01.5Z"]
            return String(decoding: try JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys]), as: UTF8.self)
        }
        let vector = Self.events(try CLI.run(["parse", TestPaths.file(shipped.joined(separator: "\n") + "\n", name: "vector.json")]))
        #expect(vector.map { $0["message"] as? String } == events.map { $0["message"] as? String }, "\(vector.count)")
        // The database's line reaching the collector between the gateway's record and its stack: the stack
        // still continues the gateway's record, and the database's record is whole.
        var interleaved = lines
        let database = interleaved.firstIndex { $0.contains("statement request=r4") }!, stack = interleaved.firstIndex { $0.contains("PrematureClose") }!
        interleaved.insert(interleaved.remove(at: database), at: stack)
        let reordered = Self.events(try CLI.run(["parse", TestPaths.file(interleaved.joined(separator: "\n") + "\n", name: "messages")]))
        #expect(reordered.count == 60 && Set(reordered.map { $0["message"] as? String }) == Set(events.map { $0["message"] as? String }),
                "\(reordered.count)")
    }

    /// A function runtime's lines shipped one record each (a log group through Vector, beside an API's
    /// file): most of its own lines are dated, its `START`/`END` lines are not, and each is a record at the
    /// shipper's time, not a line of the invocation before it; a stack frame still continues its record.
    @Test func undatedShippedLinesAreRecordsOfTheirOwn() throws {
        var lines: [String] = []
        func ship(_ entry: [String: String]) throws {
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
        }
        for i in 0..<20 {
            let id = String(format: "%08x-aaaa-4bbb-8ccc-%012x", i, i)
            func lambda(_ millis: Int, _ payload: String) throws {
                try ship(["log_group": "/aws/lambda/notify", "message": payload, "source_type": "aws_kinesis_firehose",
                          "timestamp": GeneratedRequests.clock(i * 1000 + millis, separator: "T") + "Z"])
            }
            try ship(["host": "api-1", "file": "/var/log/api/api.log", "timestamp": GeneratedRequests.clock(i * 1000 + 1, separator: "T") + "Z",
                      "message": "10.0.0.\(i % 7 + 2) - - [14/Mar/2026:09:26:\(String(format: "%02d", i)) +0000] \"POST /orders/\(i) HTTP/1.1\" 201 12"])
            try lambda(2, "START RequestId: \(id) Version: $LATEST")
            for (step, text) in ["received order", "loaded subscribers of order", "rendered order", "sent order", "acked order", "notified order"].enumerated() {
                try lambda(3 + step, GeneratedRequests.clock(i * 1000 + 3 + step, separator: "T") + "Z\t\(id)\tINFO\t\(text) \(i)")
            }
            if i == 3 { try lambda(6, "    at notify (/var/task/index.js:12:7)") }
            try lambda(9, "END RequestId: \(id)")
        }
        let run = try CLI.run(["parse", TestPaths.file(lines.joined(separator: "\n") + "\n", name: "vector.json")])
        let events = Self.events(run)
        #expect(events.count == 180, "\(events.count) \(run.stderr)")
        #expect(events.allSatisfy { $0["time"] != nil }, "\(events.filter { $0["time"] == nil }.prefix(3))")
        let messages = events.compactMap { $0["message"] as? String }
        #expect(messages.filter { $0.hasPrefix("START RequestId:") }.count == 20 && messages.allSatisfy { $0.components(separatedBy: "RequestId").count <= 2 })
        #expect(messages.contains { $0.hasSuffix("index.js:12:7)") && $0.contains("notified order 3") })
        // As unwrapped: the dated stream's `START` line carries the shipper's time, its dated lines their own
        // alone, the stack frame none.
        let source = ContainerLogSource(upstream: try FileDescriptorSource(path: TestPaths.file(lines.joined(separator: "\n") + "\n", name: "v.json")))
        var bytes: [UInt8] = []
        while let count = try source.read(into: &bytes, limit: 1 << 16, wait: nil), count > 0 {}
        let unwrapped = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        #expect(unwrapped.contains("[notify] 2026-03-14T09:26:00.002Z START RequestId: 00000000-aaaa-4bbb-8ccc-000000000000 Version: $LATEST"),
                "\(unwrapped.prefix(4))")
        #expect(unwrapped.contains { $0.hasPrefix("[notify] 2026-03-14T09:26:00.003Z\t") })
        #expect(unwrapped.contains("[notify]     at notify (/var/task/index.js:12:7)"))
    }

    /// An application's own JSON records, whose messages are text (no date of their own), are no shipper's
    /// records: read as JSON, each key a field.
    @Test func applicationJSONIsNoShippersRecord() throws {
        let lines = (0..<30).map { i in
            // Half the messages hold a snowflake id where a time could be (no date of their own, though).
            let text = i % 2 == 0 ? "charged order \(i)" : "appending event \(1_772_805_601_862_000_100 + i) for order \(i)"
            return #"{"host":"api-\#(i % 2)","level":"info","message":"\#(text)","order":"o-\#(i)","timestamp":"\#(GeneratedRequests.clock(i * 100, separator: "T"))Z"}"#
        }
        let run = try CLI.run(["parse", TestPaths.file(lines.joined(separator: "\n") + "\n", name: "api.jsonl")])
        #expect(run.stderr.contains("pattern jsonl"), "\(run.stderr)")
        #expect(Self.events(run).allSatisfy { ($0["fields"] as? [String: String])?["order"] != nil })
    }

    /// A Loki line's labels and payload.
    static func lokiParts(_ line: String) -> (labels: [String: String], payload: String) {
        let labelsEnd = line.firstIndex(of: "}")!
        let labelText = line[line.index(after: line.firstIndex(of: "{")!)..<labelsEnd]
        var labels: [String: String] = [:]
        for pair in labelText.split(separator: ",") {
            let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            labels[String(parts[0])] = String(parts[1].dropFirst().dropLast())
        }
        return (labels, line[line.index(after: labelsEnd)...].trimmingCharacters(in: .whitespaces))
    }

    /// `logcli query`'s output of three machines' streams (`lokiQueryOutputIsReadPerStream`).
    static func lokiLines() -> [String] {
        var lines: [String] = []
        func loki(_ millis: Int, _ labels: String, _ payload: String) {
            let shipped = GeneratedRequests.clock(millis / 1000 * 1000, separator: "T").prefix(19)
            lines.append("\(shipped)Z \(labels)  \(payload)")
        }
        let gateway = #"{app="gateway", namespace="shop", pod="gw-7f9c-x2"}"#
        let ledger = #"{app="ledger", namespace="shop", pod="ledger-0"}     "#
        let cron = #"{host="batch-1", job="cron"}                       "#
        // A stream's W3C directive behind its prefix is a header line, no event.
        loki(0, gateway, "#Fields: date time request")
        for i in 0..<40 {
            let millis = i * 700
            let request = String(format: "r%04x", 4096 + i * 37)
            loki(millis, gateway, "\(GeneratedRequests.clock(millis, separator: "T"))123+00:00 | gw | accepted request=\(request) size=\(i % 5)")
            loki(millis + 1, gateway, "INFO:     10.0.0.9:\(40000 + i) - \"POST /orders HTTP/1.1\" 201 Created")
            loki(millis + 3, ledger, "\(GeneratedRequests.clock(millis + 3, separator: " "))456 ledger> posted request=\(request) amount=\(i * 3)")
            if i == 7 {
                loki(millis + 3, ledger, "java.lang.IllegalStateException: ledger closed")
                loki(millis + 3, ledger, "at com.shop.Ledger.post(Ledger.java:42)")
                loki(millis + 3, ledger, "at com.shop.Api.handle(Api.java:7)")
            }
            if i % 10 == 0 { loki(millis + 9, cron, "batch run started request=\(request)") }
        }
        return lines
    }

    /// A stream that starts after the input's first lines (the ledger's, after 2,000 of the gateway's) is
    /// seen by the sample taken from all through the file, unwrapped as the lines are: its layout is read.
    /// Behind a syslog collector, an agent and a scheduler in two layouts, and a store's daemon forwarded
    /// from the journal with no time of its own, first writing after the collector's first lines: its
    /// lines are lines of their own host, unmatched, not lines continuing the agent's or the scheduler's
    /// records, which one layout for the whole file had made them.
    @Test func aSyslogStreamFirstSeenLateIsNoContinuation() throws {
        var lines: [String] = []
        for i in 0..<300 {
            let second = String(format: "%02d", i / 10 % 60)
            lines.append(i % 2 == 0
                ? "Mar  6 14:00:\(second) agent-1 ci-agent: 2026-03-06 14:00:\(second),\(String(format: "%03d", i)) INFO agent.worker: job j\(i) accepted"
                : "Mar  6 14:00:\(second) sched-1 ci-scheduler: 2026/03/06 14:00:\(second).\(String(format: "%06d", i * 997)) job \(i) dispatched")
            if i >= 100, i % 3 == 0 { lines.append("Mar  6 14:00:\(second) artifacts-1 artifactd[812]: upload U\(i) opened for job j\(i)") }
        }
        let run = try CLI.run(["parse", TestPaths.file(lines.joined(separator: "\n") + "\n", name: "messages")])
        let events = Self.events(run)
        let stored = events.filter { $0["host"] as? String == "artifacts-1" }
        #expect(events.count == 366 && !events.contains { ($0["message"] as? String)?.contains("\n") == true }, "\(run.stderr)")
        #expect(stored.count == 66 && stored.allSatisfy { ($0["message"] as? String)?.hasPrefix("upload U") == true },
                "\(run.stderr) \(stored.prefix(1))")
    }

    /// A journal's export (`journalctl -o short-iso-precise`) of an ASP.NET service, whose console logger
    /// writes each record as a dated header and two indented lines, beside a Go service: the indented
    /// lines carry no date, yet the stream dates its records; they continue them, each record read with
    /// its own time, not each line with the journal's.
    @Test func aStreamsIndentedLinesDoNotMakeItUndated() throws {
        var lines: [String] = []
        for i in 0..<60 {
            let micros = String(format: "%06d", i * 16_661)
            lines.append("2026-12-07T10:00:01.\(micros)+00:00 api-1 upload-api[2211]: 2026-12-07 10:00:01.\(micros.prefix(3)) info: Upload.Controller[1]")
            lines.append("2026-12-07T10:00:01.\(micros)+00:00 api-1 upload-api[2211]:       => RequestId:r\(i) RequestPath:/uploads")
            lines.append("2026-12-07T10:00:01.\(micros)+00:00 api-1 upload-api[2211]:       upload r\(i) accepted")
            lines.append("2026-12-07T10:00:01.\(micros)+00:00 auth-1 auth[77]: time=2026-12-07T10:00:01.\(micros)Z level=INFO msg=\"token checked\" req=r\(i)")
        }
        let run = try CLI.run(["parse", "--stats", TestPaths.file(lines.joined(separator: "\n") + "\n", name: "journal.log")])
        let api = Self.events(run).filter { $0["host"] as? String == "api-1" }
        #expect(api.count == 60 && api.allSatisfy { ($0["message"] as? String)?.contains("accepted") == true && $0["level"] as? String == "info" },
                "\(run.stderr) \(api.prefix(2))")
    }

    @Test func aLokiStreamStartingLateIsSampledUnwrapped() throws {
        var lines: [String] = []
        let gateway = #"{app="gateway", pod="gw-1"}"#
        let ledger = #"{app="ledger", pod="ledger-0"}"#
        for i in 0..<2000 {
            let shipped = GeneratedRequests.clock(i * 10 / 1000 * 1000, separator: "T").prefix(19)
            lines.append("\(shipped)Z \(gateway)  \(GeneratedRequests.clock(i * 10, separator: "T"))123+00:00 | gw | accepted request=r\(i)")
        }
        for i in 0..<400 {
            let shipped = GeneratedRequests.clock(20_000 + i * 10 / 1000 * 1000, separator: "T").prefix(19)
            lines.append("\(shipped)Z \(ledger)  \(GeneratedRequests.clock(20_000 + i * 10, separator: " "))456 ledger> posted request=r\(i)")
        }
        let run = try CLI.run(["parse", "--stats", TestPaths.file(lines.joined(separator: "\n") + "\n", name: "late.log")])
        let posted = Self.events(run).filter { $0["host"] as? String == "ledger-0" }
        #expect(posted.count == 400 && posted.allSatisfy { ($0["time"] as? String)?.hasSuffix("456Z") == true }, "\(run.stderr)")
    }
}
