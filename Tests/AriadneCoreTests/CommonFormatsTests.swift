import Foundation
import Testing
@testable import AriadneCore

/// Widespread layouts no sample of ours uses: glog/klog, times of day alone and year-less dates dated
/// by the other inputs (read before or after them), PostgreSQL's `UTC` and `LOG:`, a `key=value` column
/// in the header, and Rust tracing's span fields.
@Suite struct CommonFormatsTests {
    private static func events(_ run: CLI.Result) -> [[String: Any]] {
        run.text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    private static func write(_ lines: [String], _ path: String) {
        FileManager.default.createFile(atPath: path, contents: Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    /// A gateway writing times of day alone with its request id as a header column, a glog replica
    /// writing month and day without a year (read first and second), and a dated logfmt sidecar read
    /// last: the sidecar dates both.
    @Test func undatedInputsTakeTheDatesOfTheOthers() throws {
        let directory = TestPaths.scratch()
        var gateway: [String] = [], replica = [
            "Log file created at: 2026/12/06 09:14:00", "Running on machine: kv-0",
            "Running duration (h:mm:ss): 0:00:00", "Log line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg",
        ]
        for i in 0..<24 {
            let ms = 100 + i * 50
            gateway.append(String(format: "09:14:%02d.%03d request_id=F%05dxQ [%@] forwarding PUT user:%d to kv-0 op=op-%04x",
                                  ms / 1000, ms % 1000, 7 * i + 3, i % 6 == 5 ? "warning" : "info", i, 4000 + i))
            replica.append(String(format: "%@1206 09:14:%02d.%03d421  4242 raft.cc:311] append idx=%d term=7 op=op-%04x",
                                  i % 8 == 7 ? "W" : "I", (ms + 1) / 1000, (ms + 1) % 1000, 1000 + i, 4000 + i))
        }
        let sidecar = (0..<10).map { "ts=2026-12-06T09:14:0\($0).500Z level=info msg=\"segment sealed\" seg=\(80 + $0)" }
        Self.write(gateway, directory + "/gateway.log")
        Self.write(replica, directory + "/kv-0.log")
        Self.write(sidecar, directory + "/wal-archiver.log")
        let run = try CLI.run(["parse", "--stats-json", directory + "/stats.json", directory])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("kv-0.log: pattern glog"), "\(run.stderr)")
        let stats = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/stats.json"))) as? [String: Any]
        let glogInput = (stats?["inputs"] as? [[String: Any]])?.first { ($0["input"] as? String)?.hasSuffix("kv-0.log") == true }
        #expect(glogInput?["header_lines"] as? Int == 4 && glogInput?["unmatched_lines"] as? Int == 0, "\(glogInput ?? [:])")
        let events = Self.events(run)
        let byHost = Dictionary(grouping: events) { $0["host"] as? String ?? "" }
        let glog = byHost["kv-0"] ?? [], gate = byHost["gateway"] ?? []
        #expect(glog.count == 24 && gate.count == 24, "\(byHost.mapValues(\.count))")
        #expect(glog.first?["time"] as? String == "2026-12-06T09:14:00.101421Z", "\(glog.first ?? [:])")
        #expect(glog.filter { $0["level"] as? String == "W" }.count == 3 && glog.allSatisfy { ($0["fields"] as? [String: String])?["op"] != nil })
        #expect(gate.first?["time"] as? String == "2026-12-06T09:14:00.1Z", "\(gate.first ?? [:])")
        // The request id column is a field, not a service; the level in brackets is the level.
        #expect(gate.allSatisfy { ($0["fields"] as? [String: String])?["request_id"]?.hasPrefix("F") == true && $0["service"] as? String == "gateway" },
                "\(gate.first ?? [:])")
        #expect(gate.filter { $0["level"] as? String == "warning" }.count == 4)
    }

    /// A time of day alone is put on the day of the dated inputs that puts it nearest them: lines just
    /// before midnight beside dated lines just after it belong to the day before.
    @Test func aTimeOfDayTakesTheNearestDay() throws {
        let directory = TestPaths.scratch()
        Self.write((0..<10).map { "ts=2026-12-07T00:00:0\($0).000Z level=info msg=\"tick\" n=\($0)" }, directory + "/a-dated.log")
        Self.write((0..<10).map { String(format: "23:59:5%d.000 [info] late tick n=%d", $0, $0) }, directory + "/b-clock.log")
        let run = try CLI.run(["parse", directory])
        let clock = Self.events(run).filter { ($0["source"] as? String)?.contains("b-clock") == true }
        #expect(clock.count == 10 && clock.first?["time"] as? String == "2026-12-06T23:59:50Z", "\(clock.first ?? [:]) \(run.stderr)")
    }

    /// PostgreSQL's default prefix: the zone spelled `UTC` is part of the time, `LOG:` is the level.
    @Test func postgresPrefixIsReadAsTimeZoneAndLevel() throws {
        let lines = (0..<20).map { (i: Int) -> String in
            let level = i % 9 == 8 ? "ERROR" : "LOG"
            let stamp = String(format: "2026-12-06 09:14:%02d.%03d UTC [%d]", i, i * 7, 50 + i % 3)
            return stamp + " \(level):  duration: 0.\(100 + i) ms  statement: SELECT \(i)"
        }
        let run = try CLI.run(["parse", TestPaths.file(lines.joined(separator: "\n") + "\n", name: "postgres-0.log")])
        let events = Self.events(run)
        #expect(events.count == 20 && events.first?["time"] as? String == "2026-12-06T09:14:00Z", "\(events.first ?? [:]) \(run.stderr)")
        #expect(events.filter { $0["level"] as? String == "LOG" }.count == 18 && events.filter { $0["level"] as? String == "ERROR" }.count == 2,
                "\(events.first ?? [:])")
        #expect(events.allSatisfy { $0["service"] as? String != "LOG" && ($0["fields"] as? [String: String])?["logger"] != "UTC" })
    }

    /// A collector's file of container lines behind each host's name (`api-1 | <CRI line>`): the
    /// runtime's stream and tag are fields, not a service and a level; the payload, pino's JSON, is read
    /// as its record, its numeric levels by name (30 info, 50 error).
    @Test func containerLinesBehindACollectorsPrefixKeepTheirOwnLevel() throws {
        var lines: [String] = []
        for i in 0..<24 {
            let host = i % 2 == 0 ? "api-1" : "worker-1", failed = i % 6 == 5
            let stamp = String(format: "2026-12-07T10:00:%02d.%06d123Z", i, 1000 + i)
            lines.append("\(host.padding(toLength: 9, withPad: " ", startingAt: 0))| \(stamp) \(failed ? "stderr" : "stdout") F "
                         + #"{"level":\#(failed ? 50 : 30),"time":1796637600\#(i),"pid":1,"hostname":"\#(host)","msg":"\#(failed ? "charge failed" : "order placed")","order":"o-\#(i)"}"#)
        }
        let run = try CLI.run(["parse", TestPaths.file(lines.joined(separator: "\n") + "\n", name: "collected.log")])
        let events = Self.events(run)
        #expect(events.count == 24 && events.allSatisfy { !["stdout", "stderr"].contains($0["service"] as? String ?? "") }, "\(events.first ?? [:]) \(run.stderr)")
        #expect(events.filter { $0["level"] as? String == "error" }.count == 4 && events.filter { $0["level"] as? String == "info" }.count == 20,
                "\(events.map { $0["level"] ?? "-" })")
        let fields = events.first?["fields"] as? [String: String]
        #expect(fields?["stream"] == "stdout" && fields?["tag"] == "F" && fields?["order"] == "o-0", "\(fields ?? [:])")
        #expect(events.first?["message"] as? String == "order placed" && events.first?["host"] as? String == "api-1", "\(events.first ?? [:])")
    }

    /// PostgreSQL's prefix as pgBadger asks for it (`%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h `):
    /// the comma-separated pairs are a field per key (the client the caller's address), not a service.
    @Test func commaSeparatedPairsInTheHeaderAreAFieldPerKey() throws {
        let lines = (0..<20).map { (i: Int) -> String in
            let client = i % 2 == 0 ? "10.0.4.17" : "10.0.4.18", app = i % 4 == 3 ? "" : "orders"
            return String(format: "2026-12-06 09:14:%02d UTC [%d]: [%d-1] user=orders,db=shop,app=%@,client=%@ LOG:  duration: 0.%03d ms  statement: SELECT %d",
                          i, 4700 + i % 5, i + 1, app, client, 100 + i, i)
        }
        let run = try CLI.run(["parse", TestPaths.file(lines.joined(separator: "\n") + "\n", name: "orders-db-1.log")])
        let events = Self.events(run)
        #expect(events.count == 20 && events.allSatisfy { $0["level"] as? String == "LOG" }, "\(events.first ?? [:]) \(run.stderr)")
        let fields = events.compactMap { $0["fields"] as? [String: String] }
        #expect(fields.first?["user"] == "orders" && fields.first?["db"] == "shop" && fields.first?["client"] == "10.0.4.17", "\(fields.first ?? [:])")
        #expect(fields[3]["app"] == nil || fields[3]["app"] == "", "\(fields[3])")
        #expect(Set(events.compactMap { $0["service"] as? String }).count <= 1, "\(Set(events.compactMap { $0["service"] as? String }))")
    }

    /// Python's logging with the process id before the logger (`%(levelname)-8s %(process)d [%(name)s]`):
    /// a number is no logger, so the process id is never read as the service.
    @Test func aProcessIDBeforeTheLoggerIsNoService() throws {
        let lines = (0..<20).map { (i: Int) -> String in
            String(format: "2026-12-06 10:00:%02d,%03d INFO     7 [routes.suggest] trace=%04x suggest request dock=D-%02d", i, i * 7, 4096 + i, i)
        }
        let run = try CLI.run(["parse", TestPaths.file(lines.joined(separator: "\n") + "\n", name: "routes-0.log")])
        let events = Self.events(run)
        #expect(events.count == 20, "\(run.stderr)")
        #expect(events.allSatisfy { $0["service"] as? String != "7" }, "\(events.first ?? [:])")
        // A logger with letters still is one.
        let java = try CLI.run(["parse", TestPaths.file("2026-12-06 10:00:00,001 INFO  c.e.OrderService [main] placed order 7\n", name: "orders-0.log")])
        #expect(Self.events(java).first?["service"] as? String == "c.e.OrderService", "\(java.text)")
        // Python's `%(asctime)s %(levelname)s %(name)s: %(message)s`: the colon ends the logger, not part of it.
        let python = try CLI.run(["parse", TestPaths.file("2026-12-06 10:00:00,001 INFO notifier.worker: received trip.matched\n", name: "notifier-1.log")])
        #expect(Self.events(python).first?["service"] as? String == "notifier.worker", "\(python.text)")
        #expect(Self.events(python).first?["message"] as? String == "received trip.matched", "\(python.text)")
    }

    /// HAProxy's HTTP log, under its syslog header or bare (as a container runtime keeps it): the time
    /// is the accept date to the millisecond, not the header's whole second, plus the total time (the
    /// line is written when the request ends), and the server names the backend it called, so the
    /// gateway's line joins the backend's request (`{…}` a captured header with the request id) and reads
    /// as its caller.
    @Test func haproxyLinesAreReadAtTheirAcceptDate() throws {
        let directory = TestPaths.scratch()
        var gateway: [String] = [], backend: [String] = []
        for i in 0..<12 {
            let ms = 100 + i * 37
            let header = i % 2 == 0 ? "Mar  4 10:11:0\(i % 10) haproxy-1 haproxy[2211]: " : ""
            gateway.append(header + String(format: "10.0.9.%d:5%04d [04/Mar/2026:10:11:00.%03d] fe_https~ be_api/api-1 0/0/1/%d/%d 200 385 - - ---- 3/3/1/1/0 0/0 {tr_4f1c2a9b%04d} \"POST /v1/orders HTTP/1.1\"",
                                       i, i, ms, 5 + i, 6 + i, i))
            backend.append(String(format: "time=\"2026-03-04T10:11:00.%03d500Z\" level=info msg=\"order received\" transfer=tr_4f1c2a9b%04d", ms + 1, i))
            backend.append(String(format: "time=\"2026-03-04T10:11:00.%03d500Z\" level=info msg=\"order placed\" transfer=tr_4f1c2a9b%04d", ms + 4, i))
        }
        // HAProxy's own message under the same header, which every such file holds, is a record too (the
        // file had been read as plain syslog, its lines timed to the second).
        gateway.insert("Mar  4 10:11:00 haproxy-1 haproxy[2211]: Server be_api/api-1 is UP, reason: Layer7 check passed, code: 200, check duration: 2ms.", at: 0)
        Self.write(gateway, directory + "/haproxy-1.log")
        Self.write(backend, directory + "/api-1.log")
        let parsed = try CLI.run(["parse", directory + "/haproxy-1.log"])
        #expect(parsed.stderr.contains("pattern haproxy"), "\(parsed.stderr)")
        let state = Self.events(parsed).first
        #expect((state?["message"] as? String)?.hasPrefix("Server be_api/api-1 is UP") == true && state?["host"] as? String == "haproxy-1",
                "\(state ?? [:])")
        // Every line under the syslog header: plain syslog reads all of them, HAProxy's pattern too now.
        let headed = gateway.map { $0.hasPrefix("Mar") ? $0 : "Mar  4 10:11:00 haproxy-1 haproxy[2211]: " + $0 }
        let syslogged = try CLI.run(["parse", TestPaths.file(headed.joined(separator: "\n") + "\n", name: "haproxy-2.log")])
        #expect(syslogged.stderr.contains("pattern haproxy"), "\(syslogged.stderr)")
        let events = Array(Self.events(parsed).dropFirst())
        #expect(events.count == 12)
        // Written at the request's end: the accept date plus the total time (Ta, 7 ms for the second line).
        #expect(events.first?["time_text"] as? String == "04/Mar/2026:10:11:00.100" && events[1]["time"] as? String == "2026-03-04T10:11:00.144Z")
        #expect((events[1]["fields"] as? [String: String])?["total_time_ms"] == "7")
        #expect((events.first?["fields"] as? [String: String])?["server"] == "api-1")
        #expect(events.first?["host"] as? String == "haproxy-1")
        let calls = try CLI.run(["infer", "--format", "calls-hosts", directory])
        #expect(calls.text.contains("\"haproxy-1\" -> \"api-1\""), "\(calls.text)")
    }

    /// An AWS Application Load Balancer's access line is stamped when the response is sent and says how
    /// long its target took (`target_processing_time`, seconds): the shipped pattern reads it with its
    /// fields, the line encloses the target's records, and its trace header (`trace_id`, the `Root=` the
    /// application logs beside its own trace) joins it to the application's execution: the balancer calls
    /// the application.
    @Test func awsLoadBalancerLinesEncloseTheirTargetsWork() throws {
        let directory = TestPaths.scratch()
        var balancer: [String] = [], api: [String] = []
        for i in 0..<12 {
            let root = String(format: "1-69aadde4-%08x%016llx", i * 7919, UInt64(i + 1) &* 0x9E3779B97F4A7C15)
            let trace = String(format: "%016llx%016llx", UInt64(i + 3) &* 0xD1B54A32D192ED03, UInt64(i + 9) &* 0x9E3779B97F4A7C15)
            let start = 100_000 + i * 60_000
            api.append(String(format: "ts=2026-03-06T14:00:%02d.%06dZ level=info msg=\"order requested\" trace=%@ amzn_trace_root=%@", i, start + 1_200, trace, root))
            api.append(String(format: "ts=2026-03-06T14:00:%02d.%06dZ level=info msg=\"order placed\" trace=%@", i, start + 19_000, trace))
            balancer.append(String(format: "https 2026-03-06T14:00:%02d.%06dZ app/shop-alb/50dc6c495c0c9188 203.0.113.%d:4%04d 10.0.2.15:8080 0.001 0.021 0.000 201 201 452 624 ", i, start + 22_500, i, i)
                + "\"POST https://shop.example.com:443/v1/orders HTTP/1.1\" \"okhttp/4.12.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 "
                + "arn:aws:elasticloadbalancing:eu-west-1:381492006521:targetgroup/api/73e2d6bc24d8a067 \"Root=\(root)\" \"shop.example.com\" "
                + String(format: "\"arn:aws:acm:eu-west-1:381492006521:certificate/9d1c2b7e\" 0 2026-03-06T14:00:%02d.%06dZ \"forward\" \"-\" \"-\" \"10.0.2.15:8080\" \"201\" \"-\" \"-\" TID_0e8f29", i, start))
        }
        Self.write(balancer, directory + "/alb-1.log")
        Self.write(api, directory + "/api-1.log")
        let parsed = try CLI.run(["parse", directory + "/alb-1.log"])
        #expect(parsed.stderr.contains("pattern aws-alb"), "\(parsed.stderr)")
        let events = Self.events(parsed)
        let fields = events.first?["fields"] as? [String: String]
        #expect(events.count == 12 && events.first?["time"] as? String == "2026-03-06T14:00:00.1225Z", "\(events.first ?? [:])")
        #expect(fields?["target"] == "10.0.2.15:8080" && fields?["status"] == "201" && fields?["target_processing_time"] == "0.021", "\(fields ?? [:])")
        #expect(fields?["trace_id"]?.hasPrefix("1-69aadde4-") == true, "\(fields ?? [:])")
        let calls = try CLI.run(["infer", "--format", "calls-hosts", directory])
        #expect(calls.status == 0, "\(calls.stderr)")
        #expect(calls.text.contains("\"alb-1\" -> \"api-1\""), "\(calls.text)\n\(calls.stderr)")
    }

    /// Envoy's access line (its default format, and Istio's longer one) is written when the request
    /// ends but stamped with its start, and says how long it took (`%DURATION%`, ms): the shipped pattern
    /// reads it at its end (`timestamp.at: start`), so the proxy encloses its upstream's work, calls it and
    /// is placed by the clocks (2 ms behind its upstream here). At its start it had lain before the
    /// upstream's work.
    @Test func envoyAccessLinesAreReadWhereTheyWereWritten() throws {
        let directory = TestPaths.scratch()
        var edge: [String] = [], orders: [String] = []
        var random = SplitMix64(seed: 43)
        func stamp(_ micros: Int, digits: Int) -> String {
            let fraction = digits == 3 ? String(format: "%03d", micros / 1000 % 1000) : String(format: "%06d", micros % 1_000_000)
            return String(format: "2026-12-07T10:%02d:%02d.", micros / 60_000_000, micros / 1_000_000 % 60) + fraction + "Z"
        }
        for i in 0..<24 {
            let request = GeneratedRequests.uuid(&random), start = 2_000_000 + i * 250_000, took = 8 + i % 4
            let line = "[\(stamp(start - 2_000, digits: 3))] \"POST /v1/orders HTTP/1.1\" 201 - 412 96 \(took) \(took - 1) \"203.0.113.\(i)\" "
                + "\"shop-app/3.1\" \"\(request)\" \"api.shop.example\" \"10.0.2.15:8080\""
            edge.append(i % 2 == 0 ? line : line + " outbound|8080||orders.shop.svc.cluster.local 10.0.1.9:51324 10.0.7.7:8080 10.0.1.9:40512 - default")
            orders.append("\(stamp(start + 2_500, digits: 6)) INFO request_id=\(request) order accepted")
            orders.append("\(stamp(start + took * 1000 - 2_500, digits: 6)) INFO request_id=\(request) order stored")
        }
        Self.write(edge, directory + "/edge-1.log")
        Self.write(orders, directory + "/orders-1.log")
        let parsed = try CLI.run(["parse", directory + "/edge-1.log"])
        #expect(parsed.stderr.contains("pattern envoy"), "\(parsed.stderr)")
        let events = Self.events(parsed)
        #expect(events.count == 24 && events.first?["time"] as? String == "2026-12-07T10:00:02.006Z"
                && events.first?["time_text"] as? String == "2026-12-07T10:00:01.998Z", "\(events.first ?? [:])")
        let fields = events.compactMap { $0["fields"] as? [String: String] }
        #expect(fields.first?["upstream_host"] == "10.0.2.15:8080" && fields.first?["duration_ms"] == "8" && fields.first?["status"] == "201",
                "\(fields.first ?? [:])")
        #expect(fields[1]["route_name"] == "default" && fields[1]["downstream_remote_address"] == "10.0.1.9:40512", "\(fields[1])")
        let inferred = try CLI.run(["infer", "-q", "--format", "json", directory])
        let model = try CausalModel.read(json: inferred.stdout)
        #expect(model.calls?.hostEdges.map { "\($0.from)->\($0.to):\($0.kind.rawValue)" } == ["edge-1->orders-1:sync"],
                "\(model.calls?.hostEdges ?? [])")
        let offset = model.clocks?.offsets.first { $0.host == "orders-1" && $0.anchor == "edge-1" }
        #expect(offset.map { abs($0.offset - 2_000_000) <= 1_000_000 } == true, "\(model.clocks?.offsets ?? [])")
    }

    /// Behind `kubectl logs --prefix`, beside a layout inferred from its lines, the load balancer's lines
    /// are read by the shipped pattern, with their fields, not by a layout inferred from them.
    @Test func aShippedLayoutWithATimestampIsReadBehindAPrefix() throws {
        var lines: [String] = []
        for i in 0..<40 {
            let start = 100_000 + i * 20_000
            lines.append(String(format: "[pod/api-1/api] 2026-03-06 14:00:%02d.%03d INFO [main] order %d placed", i % 60, start / 1000 + 5, i))
            lines.append(String(format: "[pod/alb-1/alb] https 2026-03-06T14:00:%02d.%06dZ app/shop-alb/50dc6c495c0c9188 203.0.113.%d:4%04d 10.0.2.15:8080 0.001 0.021 0.000 201 201 452 624 ", i % 60, start + 22_500, i, i)
                + "\"POST https://shop.example.com:443/v1/orders HTTP/1.1\" \"okhttp/4.12.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 "
                + "arn:aws:elasticloadbalancing:eu-west-1:381492006521:targetgroup/api/73e2d6bc24d8a067 \"Root=1-69aadde4-\(i)\" \"shop.example.com\" "
                + String(format: "\"arn:aws:acm:eu-west-1:381492006521:certificate/9d1c2b7e\" 0 2026-03-06T14:00:%02d.%06dZ \"forward\" \"-\"", i % 60, start))
        }
        let path = TestPaths.file(lines.joined(separator: "\n") + "\n", name: "kubectl-alb.log")
        let parsed = try CLI.run(["parse", path])
        #expect(parsed.stderr.contains("pattern aws-alb"), "\(parsed.stderr)")
        let balancer = Self.events(parsed).filter { $0["host"] as? String == "alb-1" }
        #expect(balancer.count == 40 && balancer.allSatisfy { ($0["fields"] as? [String: String])?["target_processing_time"] == "0.021" },
                "\(balancer.first ?? [:])")
    }

    /// nginx stamps its access line with `$time_local`, to the whole second, when the request ends, and
    /// says how long it took (`rt=`, as nginx's documentation writes it): the line is read at the end of
    /// its second, after the API's records it answers (stamped to the microsecond, 100–300 ms into that
    /// second), so the edge calls the API and is in the past of the API's last record. At the second
    /// itself, it had read first: no call, and the edge in no support.
    @Test func aWholeSecondAccessLineIsReadAfterTheWorkItAnswers() throws {
        let directory = TestPaths.scratch()
        var edge: [String] = [], api: [String] = []
        for i in 0..<12 {
            let id = String(format: "%08x%08x", 0x5eed_0000 + i * 977, 0x1234_0000 + i * 31)
            let ms = 100 + i * 60
            api.append(String(format: "ts=2026-03-06T14:00:%02d.%06dZ level=info msg=\"play request received\" reqId=%@", i, ms * 1_000, id))
            api.append(String(format: "ts=2026-03-06T14:00:%02d.%06dZ level=info msg=\"request completed\" status=200 reqId=%@", i, (ms + 17) * 1_000, id))
            edge.append(String(format: "10.64.1.%d - - [06/Mar/2026:14:00:%02d +0000] \"POST /v1/play HTTP/1.1\" 200 1254 \"-\" \"okhttp/4.12.0\" rt=0.020 uct=\"0.000\" urt=\"0.018\" rid=%@",
                                   i, i, id))
        }
        Self.write(edge, directory + "/edge-1.log")
        Self.write(api, directory + "/api-1.log")
        let calls = try CLI.run(["infer", "--format", "calls-hosts", directory])
        #expect(calls.status == 0, "\(calls.stderr)")
        #expect(calls.text.contains("\"edge-1\" -> \"api-1\""), "\(calls.text)")
        let model = try CLI.run(["model", "--format", "json", "--outcome", "request completed", directory])
        #expect(model.status == 0, "\(model.stderr)")
        #expect(model.text.contains("crash:role:edge"), "\(model.text.prefix(800))")
    }

    /// RFC 5424's structured data holds named parameters (`[obj@47450 playback="pb_…"]`): they are the
    /// record's fields like any `key=value`, so an object store's lines, which carry the playback id only
    /// there, join the cache's executions by it.
    @Test func syslogStructuredDataParametersAreFields() throws {
        let directory = TestPaths.scratch()
        var store: [String] = [], cache: [String] = []
        for i in 0..<16 {
            let id = String(format: "pb_W3pDSsBnwq%04dPS618", i * 7 + 3)
            cache.append(String(format: "2026-03-06T14:00:%02d.100Z INFO cache MISS playback=%@, fetching from origin", i, id))
            store.append(String(format: "<134>1 2026-03-06T14:00:%02d.120Z origin-1 origin-store 812 GET [obj@47450 playback=\"%@\" object=\"t%d/master.m3u8\"] object request", i, id, i))
            store.append(String(format: "<134>1 2026-03-06T14:00:%02d.130Z origin-1 origin-store 812 SENT [obj@47450 playback=\"%@\" bytes=\"%d\"] object served", i, id, 900 + i))
            cache.append(String(format: "2026-03-06T14:00:%02d.150Z INFO cache STORE playback=%@ ttl=300", i, id))
        }
        Self.write(store, directory + "/origin-1.log")
        Self.write(cache, directory + "/cache-1.log")
        let parsed = try CLI.run(["parse", directory + "/origin-1.log"])
        #expect(parsed.stderr.contains("pattern syslog-rfc5424"), "\(parsed.stderr)")
        let fields = Self.events(parsed).first?["fields"] as? [String: String]
        #expect(fields?["playback"] == "pb_W3pDSsBnwq0003PS618" && fields?["object"] == "t0/master.m3u8", "\(fields ?? [:])")
        let run = try CLI.run(["infer", "--format", "json", directory])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try CausalModel.read(json: run.stdout).executions == 16, "\(run.stderr)")
    }

    /// Celery's worker layout: time, level and process inside one bracket; a traceback continues its record.
    @Test func celeryWorkersAreReadWithTheirTracebacks() throws {
        var lines: [String] = []
        for i in 0..<12 {
            let task = String(format: "%08x-15bf-44df-a58e-cecbd59a%04x", 0xdf0c841f + i, i)
            lines.append(String(format: "[2026-12-06 09:14:%02d,401: INFO/MainProcess] Task thumbs.render[%@] received", i, task))
            if i % 4 == 3 {
                lines.append(String(format: "[2026-12-06 09:14:%02d,902: ERROR/ForkPoolWorker-2] Task thumbs.render[%@] raised unexpected: TimeoutError()", i, task))
                lines += ["Traceback (most recent call last):", "  File \"/app/thumbs.py\", line 41, in render", "    raise TimeoutError()", "TimeoutError"]
            } else {
                lines.append(String(format: "[2026-12-06 09:14:%02d,845: INFO/ForkPoolWorker-1] Task thumbs.render[%@] succeeded in 0.44s: {'ok': True}", i, task))
            }
        }
        let directory = TestPaths.scratch()
        Self.write(lines, directory + "/worker-a.log")
        let run = try CLI.run(["parse", "--stats-json", directory + "/stats.json", directory + "/worker-a.log"])
        #expect(run.stderr.contains("pattern celery"), "\(run.stderr)")
        let events = Self.events(run)
        #expect(events.count == 24 && events.allSatisfy { $0["time"] != nil }, "\(events.first ?? [:])")
        let errors = events.filter { $0["level"] as? String == "ERROR" }
        #expect(errors.count == 3 && errors.allSatisfy { ($0["message"] as? String)?.hasSuffix("\nTimeoutError") == true }, "\(errors.first ?? [:])")
        let stats = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/stats.json"))) as? [String: Any]
        let input = (stats?["inputs"] as? [[String: Any]])?.first
        #expect(input?["continuation_lines"] as? Int == 12 && input?["untimed_events"] as? Int == 0, "\(input ?? [:])")
    }

    /// Lines whose time nothing reads: counted, and a warning says what that costs and what to type.
    @Test func eventsWithoutATimeAreCountedAndWarnedAbout() throws {
        let text = (0..<10).map { "job \($0) finished after step \($0 % 3)" }.joined(separator: "\n") + "\n"
        let file = TestPaths.file(text, name: "jobs.log")
        let stats = TestPaths.scratch() + "/stats.json"
        let run = try CLI.run(["parse", "--stats-json", stats, file])
        #expect(run.status == 0)
        #expect(run.stderr.contains("WARNING \(file): 10 of 10 events have no time") && run.stderr.contains("ariadne patterns infer \(file)"),
                "\(run.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: stats))) as? [String: Any]
        #expect((json?["inputs"] as? [[String: Any]])?.first?["untimed_events"] as? Int == 10)
        // `analyze` says it too, but not with `--quiet`.
        let state = TestPaths.scratch() + "/state"
        let analyzed = try CLI.run(["analyze", "--state", state, file])
        #expect(analyzed.stderr.contains("WARNING \(file): 10 of 10 events have no time"), "\(analyzed.stderr)")
        let quiet = try CLI.run(["analyze", "--quiet", "--state", state + "-q", file])
        #expect(!quiet.stderr.contains("have no time"), "\(quiet.stderr)")
        let timed = try CLI.run(["parse", TestPaths.file("2026-12-06T09:14:00Z start\n2026-12-06T09:14:01Z stop\n")])
        #expect(!timed.stderr.contains("have no time"), "\(timed.stderr)")
    }

    /// Colour codes (Spring Boot with colour forced) are no part of a record: coloured and plain lines
    /// are read alike, none glued to the record before it.
    @Test func colourCodesAreDropped() throws {
        let lines = (0..<20).map { (i: Int) -> String in
            let stamp = String(format: "2026-12-06T14:45:%02d.466+05:30", i)
            let body = "  INFO 1 --- [checkout] [nio-8080-exec-\(i % 4)] c.e.checkout.CheckoutService : reserving stock sku=SKU-\(100 + i)"
            return i % 3 == 0 ? "\u{1B}[2m" + stamp + "\u{1B}[0;39m \u{1B}[32m INFO\u{1B}[0;39m" + body.dropFirst(6) : stamp + body
        }
        let run = try CLI.run(["parse", TestPaths.file(lines.joined(separator: "\n") + "\n", name: "checkout-1.log")])
        let events = Self.events(run)
        #expect(events.count == 20, "\(run.stderr)")
        #expect(events.allSatisfy { $0["level"] as? String == "INFO" && !(($0["message"] as? String) ?? "").contains("\u{1B}") },
                "\(events.first ?? [:])")
        #expect(events.first?["time"] as? String == "2026-12-06T09:15:00.466Z", "\(events.first ?? [:])")
    }

    /// Envoy's JSON access log dates its line by `start_time`.
    @Test func envoyAccessLogsTakeTheirStartTime() throws {
        let lines = (0..<8).map { #"{"start_time":"2026-12-06T09:16:0\#($0).837Z","method":"POST","path":"/checkout","response_code":200,"duration":14,"x_request_id":"84036fcb-\#($0)"}"# }
        let events = Self.events(try CLI.run(["parse", TestPaths.file(lines.joined(separator: "\n") + "\n", name: "envoy-edge.log")]))
        #expect(events.count == 8 && events.first?["time"] as? String == "2026-12-06T09:16:00.837Z", "\(events.first ?? [:])")
    }

    /// JSON records whose keys the pattern spells otherwise: Serilog's compact CLEF (`@t`, `@mt`, `@l`,
    /// Information left out), journald's export (`__REALTIME_TIMESTAMP` in microseconds, `MESSAGE`,
    /// `_HOSTNAME`; not `__MONOTONIC_TIMESTAMP`, an uptime), and a time under a key no pattern names (`logged_at`) beside a duration
    /// (`request_time`) that is no time.
    @Test func jsonRecordsAreReadWhateverTheirKeysCaseOrSigil() throws {
        let clef = (0..<6).map { (i: Int) -> String in
            let level = i == 3 ? #""@l":"Warning","# : ""
            return #"{"@t":"2026-12-06T10:00:0\#(i).9784260Z","@mt":"Reserved {Sku} for {OrderId}",\#(level)"Sku":"SKU-9\#(i)","OrderId":"ORD-00012\#(i)"}"#
        }
        let inventory = Self.events(try CLI.run(["parse", TestPaths.file(clef.joined(separator: "\n") + "\n", name: "inventory.log")]))
        #expect(inventory.count == 6 && inventory.allSatisfy { $0["time"] != nil }, "\(inventory.first ?? [:])")
        #expect(inventory.first?["time"] as? String == "2026-12-06T10:00:00.978426Z", "\(inventory.first ?? [:])")
        #expect(inventory.allSatisfy { $0["message"] as? String == "Reserved {Sku} for {OrderId}" }, "\(inventory.first ?? [:])")
        #expect(inventory[3]["level"] as? String == "Warning" && inventory[0]["level"] == nil, "\(inventory[3])")

        let journal = (0..<6).map { (i: Int) -> String in
            #"{"__CURSOR":"s=abc;i=10\#(i);m=661f42c18c800","__MONOTONIC_TIMESTAMP":"900003112\#(i)","__REALTIME_TIMESTAMP":"176501520\#(i)345678","_HOSTNAME":"cfg-\#(i % 3 + 1)","PRIORITY":"\#(i == 2 ? 3 : 6)","SYSLOG_IDENTIFIER":"cfgd","MESSAGE":"appended entries index=\#(100 + i)"}"#
        }
        let nodes = Self.events(try CLI.run(["parse", TestPaths.file(journal.joined(separator: "\n") + "\n", name: "journal.json")]))
        #expect(nodes.count == 6 && nodes.first?["time"] as? String == "2025-12-06T10:00:00.345678Z", "\(nodes.first ?? [:])")
        #expect(nodes.map { $0["host"] as? String } == ["cfg-1", "cfg-2", "cfg-3", "cfg-1", "cfg-2", "cfg-3"], "\(nodes.first ?? [:])")
        #expect(nodes.first?["message"] as? String == "appended entries index=100", "\(nodes.first ?? [:])")
        #expect(nodes.map { $0["level"] as? String } == ["INFO", "INFO", "ERROR", "INFO", "INFO", "INFO"], "\(nodes[2])")

        let access = (0..<6).map { (i: Int) -> String in
            #"{"request_time":"0.01\#(i)","logged_at":"2026-12-06 10:00:0\#(i).250","event":"request served","path":"/v1/x/\#(i)"}"#
        }
        let served = Self.events(try CLI.run(["parse", TestPaths.file(access.joined(separator: "\n") + "\n", name: "access.json")]))
        #expect(served.first?["message"] as? String == "request served", "\(served.first ?? [:])")
        #expect(served.count == 6 && served.first?["time"] as? String == "2026-12-06T10:00:00.25Z", "\(served.first ?? [:])")
    }

    /// Local times beside logs that write their zone: read in the zone most of those write, and said so;
    /// beside logs that all write UTC they stay UTC.
    @Test func localTimesTakeTheZoneTheOtherLogsWrite() throws {
        for (zone, expected) in [("+01:00", "2026-12-06T09:14:0"), ("Z", "2026-12-06T10:14:0")] {
            let directory = TestPaths.scratch() + "/zones"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for host in ["web-1", "web-2"] {
                let lines = (0..<12).map { "2026-12-06T10:14:0\($0 % 10).25\(zone) INFO request \($0) served" }
                try (lines.joined(separator: "\n") + "\n").write(toFile: "\(directory)/\(host).log", atomically: true, encoding: .utf8)
            }
            let redis = (0..<12).map { "1187:M 06 Dec 2026 10:14:0\($0 % 10).250 * key \($0) saved" }
            try (redis.joined(separator: "\n") + "\n").write(toFile: "\(directory)/cache.log", atomically: true, encoding: .utf8)
            let run = try CLI.run(["parse", directory])
            let cache = Self.events(run).filter { ($0["source"] as? String)?.contains("cache.log") == true }
            #expect(cache.count == 12 && cache.allSatisfy { ($0["time"] as? String)?.hasPrefix(expected) == true },
                    "\(zone): \(cache.first ?? [:])")
            #expect(run.stderr.contains("times that write no zone are read in +01:00") == (zone != "Z"), "\(run.stderr)")
        }
    }

    /// A syslog file read alone says no year and none is given it: read in 1970, and said so with what to
    /// type (and in `--stats-json`'s `assumed_year`); read with a log that dates its lines, it takes that
    /// log's year and nothing is said.
    @Test func timesWithoutAYearSayWhichYearTheyWereGiven() throws {
        let directory = TestPaths.scratch() + "/years"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let syslog = (0..<12).map { "Dec  6 10:14:0\($0 % 10) lb-1 haproxy[9950]: Server be_api/api-\($0) is UP" }
        try (syslog.joined(separator: "\n") + "\n").write(toFile: "\(directory)/lb-1.log", atomically: true, encoding: .utf8)
        let stats = TestPaths.scratch() + "/stats.json"
        let alone = try CLI.run(["parse", "--stats-json", stats, directory + "/lb-1.log"])
        #expect(Self.events(alone).first?["time"] as? String == "1970-12-06T10:14:00Z")
        #expect(alone.stderr.contains("times that say no year are read in 1970, no input read with them saying one: \(directory)/lb-1.log"),
                "\(alone.stderr)")
        #expect(alone.stderr.contains("timestamp: {year: 2026}"), "\(alone.stderr)")
        #expect(try String(contentsOfFile: stats, encoding: .utf8).contains(#""assumed_year" : 1970"#))
        let api = (0..<12).map { "2026-12-06T10:14:0\($0 % 10).250Z INFO request \($0) served" }
        try (api.joined(separator: "\n") + "\n").write(toFile: "\(directory)/api-1.log", atomically: true, encoding: .utf8)
        let dated = try CLI.run(["parse", directory])
        #expect(Self.events(dated).contains { $0["time"] as? String == "2026-12-06T10:14:00Z" && ($0["source"] as? String)?.contains("lb-1") == true })
        #expect(!dated.stderr.contains("no year"), "\(dated.stderr)")
    }

    /// A type's template as its cluster grew: the first line's words (a customer's name) masked since.
    /// The model, the plan's facts and `--stats` show the grown one; a `key=value` word after the level
    /// is no logger.
    @Test func aTypeIsShownByTheTemplateItGrewInto() throws {
        let names = ["ben", "ana", "carl", "dora", "eve", "fay"]
        let lines = (0..<40).flatMap { i in
            [String(format: "2026-12-06 10:00:%02d.%03d INFO order=o-%03d Received order request for customer %@ now", i, i, i, names[i % 6]),
             String(format: "2026-12-06 10:00:%02d.%03d INFO order=o-%03d order stored", i, i + 1, i)]
        }
        let file = TestPaths.file(lines.joined(separator: "\n") + "\n", name: "orders.log")
        let stats = TestPaths.scratch() + "/stats.json"
        let run = try CLI.run(["parse", "--stats", "--stats-json", stats, file])
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: stats))) as? [String: Any]
        let templates = (json?["templates"] as? [String: String]) ?? [:]
        #expect(Set(templates.values) == ["order=<*> Received order request for customer <*> now", "order=<*> order stored"], "\(templates)")
        #expect(run.stderr.contains("order=<*> Received order request for customer <*> now"), "\(run.stderr)")
        let model = try CLI.run(["infer", "--format", "json", file])
        let modelTemplates = (try JSONSerialization.jsonObject(with: model.stdout) as? [String: Any])?["templates"] as? [String: String]
        #expect(modelTemplates?.values.contains("order=<*> Received order request for customer <*> now") == true, "\(modelTemplates ?? [:])")
        // The plan's facts, which time a crash after an event by its template, take the grown one too.
        let executions = (0..<3).map { i in
            Execution(id: "o-\(i)", ids: [], events: [Event(source: SourceLocation(file: "orders.log", line: i + 1), time: Int64(i), host: "orders-1",
                                                            type: "T1", template: i == 0 ? "for customer ben" : "for customer <*>", message: "m")])
        }
        let facts = PlanFacts.build(executions: executions, order: ExecutionOrder(bound: 1_000_000))
        #expect(facts.host("orders-1")?.events.first?.template == "for customer <*>", "\(facts.hosts)")
        #expect(TemplateMiner.moreGeneral("for customer ben", "for customer <*>") == "for customer <*>")
        #expect(TemplateMiner.moreGeneral("a <*> b", "a <*> c") == "a <*> b")
    }

    /// A logging context (Java MDC) in brackets, `[traceId=4bf9…]`, empty outside requests: a field named
    /// by its key, so the trace joins the gateway's `trace_id`; the empty one is no id.
    @Test func aBracketedContextPairIsAFieldNamedByItsKey() throws {
        let directory = TestPaths.scratch() + "/mdc"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var gateway: [String] = [], orders: [String] = []
        for r in 0..<12 {
            let trace = String(format: "4bf92f3577b34da6a3ce929d0e0e%04x", r * 7919 % 65536)
            let at = 1_796_551_200 + Double(r) * 2
            gateway.append(#"{"level":"info","ts":\#(at),"msg":"request received","trace_id":"\#(trace)"}"#)
            gateway.append(#"{"level":"info","ts":\#(at + 0.004),"msg":"request completed","trace_id":"\#(trace)","status":201}"#)
            let stamp = String(format: "2026-12-06 10:00:%02d", r * 2)
            orders.append("\(stamp),001 [http-nio-8080-exec-\(r % 4)] INFO  c.e.o.OrderController - [traceId=\(trace)] Received order request")
            orders.append("\(stamp),002 [http-nio-8080-exec-\(r % 4)] INFO  c.e.o.OrderController - [traceId=\(trace)] Order created, responding 201")
            orders.append("\(stamp),500 [scheduling-1] INFO  c.e.o.HealthIndicator - [traceId=] health check ok")
        }
        try (gateway.joined(separator: "\n") + "\n").write(toFile: directory + "/gateway.log", atomically: true, encoding: .utf8)
        try (orders.joined(separator: "\n") + "\n").write(toFile: directory + "/orders-1.log", atomically: true, encoding: .utf8)
        let run = try CLI.run(["infer", "--format", "json", directory])
        #expect(run.stderr.contains("[traceId=traceId]"), "\(run.stderr)")
        let model = try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any]
        #expect(model?["executions"] as? Int == 12, "\(run.stderr)")
    }

    /// Monolog's `[time] channel.LEVEL: message {context} []`: the channel is a logger (Symfony's
    /// `request` and `app` on one host), the level the record's level, so neither is a service (a host's
    /// name gives it).
    @Test func aChannelAndLevelComponentIsLoggerAndLevel() throws {
        let lines = (0..<12).map { (i: Int) -> String in
            let level = i % 4 == 3 ? "ERROR" : i % 2 == 0 ? "INFO" : "DEBUG"
            return String(format: "[2026-12-06T10:13:%02d.562058+01:00] %@.%@: Cart step %d {\"request_id\":\"r%02d\"} []", i, i % 3 == 0 ? "request" : "app", level, i % 3, i)
        }
        let events = Self.events(try CLI.run(["parse", TestPaths.file(lines.joined(separator: "\n") + "\n", name: "cart-1.log")]))
        #expect(events.count == 12 && events.allSatisfy { $0["service"] == nil }, "\(events.first ?? [:])")
        #expect(events.map { ($0["fields"] as? [String: String])?["logger"] ?? "" } == (0..<12).map { $0 % 3 == 0 ? "request" : "app" })
        #expect(events.map { $0["level"] as? String ?? "" }.filter { $0 == "ERROR" }.count == 3, "\(events.first ?? [:])")
    }

    /// MySQL's general query log, 8.0 and 5.x alike: its header lines skipped, the connection id and
    /// the command fields (not services), the statement the message, and 5.x's lines of the same second
    /// without a time still records.
    @Test func mysqlGeneralLogsAreReadWithTheirCommandAsAField() throws {
        var eight = ["/usr/sbin/mysqld, Version: 8.0.40 (MySQL Community Server - GPL). started with:",
                     "Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock", "Time                 Id Command    Argument"]
        for i in 0..<10 {
            eight.append(String(format: "2026-12-06T09:11:%02d.135847Z\t  %d Connect\tshop@10.0.1.12 on shop using TCP/IP", i, 100 + i))
            eight.append(String(format: "2026-12-06T09:11:%02d.235847Z\t  %d Query\tSELECT * FROM carts WHERE id = %d /* request_id=r%02d */", i, 100 + i, i, i))
            eight.append(String(format: "2026-12-06T09:11:%02d.335847Z\t  %d Quit\t", i, 100 + i))
        }
        let run = try CLI.run(["parse", "--stats", TestPaths.file(eight.joined(separator: "\n") + "\n", name: "general.log")])
        #expect(run.stderr.contains("pattern mysql-general") && run.stderr.contains("30 records + 0 continuation + 3 header + 0 unmatched"),
                "\(run.stderr)")
        let events = Self.events(run)
        #expect(events.allSatisfy { $0["service"] == nil && $0["time"] != nil }, "\(events.first ?? [:])")
        let fields = events[1]["fields"] as? [String: String]
        #expect(fields?["connection"] == "100" && fields?["command"] == "Query", "\(events[1])")
        let five = ["181105 10:12:47\t    5 Connect\troot@localhost on  using Socket", "\t\t    5 Query\tselect @@version_comment limit 1",
                    "181105 10:12:52\t    5 Query\tSELECT 1", "181105  9:12:53\t    5 Quit\t"]
        let old = try CLI.run(["parse", "--stats", "--pattern", "mysql-general", TestPaths.file(five.joined(separator: "\n") + "\n", name: "mysql.log")])
        #expect(old.stderr.contains("4 records + 0 continuation + 0 header + 0 unmatched"), "\(old.stderr)")
        #expect(Self.events(old).filter { $0["time"] != nil }.count == 3, "\(Self.events(old))")
    }

    /// Rust tracing's span fields: a value ends at the span's closing brace, and the next span's fields
    /// are read too.
    @Test func spanFieldsEndAtTheirBrace() throws {
        let lines = (0..<16).map { (i: Int) -> String in
            let stamp = String(format: "2026-12-06T09:14:03.%06dZ", i * 1000)
            let spans = String(format: "render{request_id=r%03d order_id=o-9574a7%02d}", i, i) + ":upload{key=\"orders/o-\(i)/proof.pdf\"}:"
            return stamp + "  INFO " + spans + " render::worker: rendered page count=\(i % 4)"
        }
        let run = try CLI.run(["parse", TestPaths.file(lines.joined(separator: "\n") + "\n", name: "render-1.log")])
        let fields = Self.events(run).compactMap { $0["fields"] as? [String: String] }
        #expect(fields.count == 16, "\(run.stderr)")
        #expect(fields.first?["order_id"] == "o-9574a700" && fields.first?["request_id"] == "r000", "\(fields.first ?? [:])")
        #expect(fields.first?["key"] == "orders/o-0/proof.pdf" && fields.first?["count"] == "0", "\(fields.first ?? [:])")
    }

    /// A structured record behind a prefix (`kubectl logs --timestamps` of a service writing JSON, a
    /// syslog header before a Go service's logfmt) is read as that record: its `msg` is the message (one
    /// event type per message, not one per service), its level and other keys the record's; a stack
    /// trace after it stays in the message. A body naming no message is the message itself.
    @Test func aStructuredRecordBehindAPrefixIsReadAsThatRecord() throws {
        let directory = TestPaths.scratch()
        var orders: [String] = [], billing: [String] = [], edge: [String] = []
        for i in 0..<24 {
            let stamp = String(format: "2026-12-07T10:00:%02d.%06dZ", i, 1000 + i * 37)
            let failed = i % 8 == 7
            orders.append(stamp + #" {"level":"\#(failed ? "error" : "info")","msg":"\#(i % 2 == 0 ? "order accepted" : "order stored")","order":"o-\#(4000 + i)","dur_ms":\#(i * 3)}"#)
            if failed { orders.append("    at orders.Store.put(store.go:88)") }
            billing.append(String(format: "Dec  7 10:00:%02d pay-%d billing[412]: level=%@ msg=\"%@\" invoice=in-%d", i, i % 2 + 1,
                                  i % 6 == 5 ? "warn" : "info", i % 3 == 0 ? "card charged" : "invoice sent", 70 + i))
            edge.append(stamp + " status=\(200 + i % 2) bytes=\(512 + i) path=/v1/orders/\(i)")
        }
        Self.write(orders, directory + "/orders-1.log")
        Self.write(billing, directory + "/billing.log")
        Self.write(edge, directory + "/edge.log")
        let run = try CLI.run(["parse", directory])
        #expect(run.status == 0, "\(run.stderr)")
        let events = Self.events(run)
        func of(_ file: String) -> [[String: Any]] { events.filter { ($0["source"] as? String)?.contains("/\(file):") == true } }
        let order = of("orders-1.log"), charge = of("billing.log"), served = of("edge.log")
        #expect(order.count == 24 && charge.count == 24 && served.count == 24, "\(run.stderr)")
        #expect(order.first?["message"] as? String == "order accepted" && order.first?["level"] as? String == "info", "\(order.first ?? [:])")
        #expect(Set(order.compactMap { $0["type"] as? String }).count == 2, "\(order.map { $0["template"] ?? "" })")
        let fields = order.first?["fields"] as? [String: String]
        #expect(fields?["order"] == "o-4000" && fields?["dur_ms"] == "0" && fields?["msg"] == nil && fields?["level"] == nil, "\(order.first ?? [:])")
        #expect(order.first?["time"] as? String == "2026-12-07T10:00:00.001Z", "\(order.first ?? [:])")
        let failed = order.filter { $0["level"] as? String == "error" }
        #expect(failed.count == 3 && (failed.first?["message"] as? String)?.hasPrefix("order stored\n    at orders.Store.put") == true,
                "\(failed.first ?? [:])")
        // The syslog header's host and tag stay the record's; the body gives the level and message.
        #expect(charge.first?["host"] as? String == "pay-1" && charge.first?["message"] as? String == "card charged", "\(charge.first ?? [:])")
        #expect(charge.filter { $0["level"] as? String == "warn" }.count == 4 && (charge.first?["fields"] as? [String: String])?["invoice"] == "in-70",
                "\(charge.first ?? [:])")
        #expect(Set(charge.compactMap { $0["type"] as? String }).count == 2, "\(charge.map { $0["template"] ?? "" })")
        #expect(served.first?["message"] as? String == "status=200 bytes=512 path=/v1/orders/0" && served.first?["level"] == nil,
                "\(served.first ?? [:])")
    }
}
