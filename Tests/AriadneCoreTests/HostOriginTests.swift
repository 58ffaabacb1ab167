@testable import AriadneCore
import Foundation
import Testing

/// Hosts and services found with no configuration: from host-naming fields (nested JSON too), from per-host
/// file names, and services from host names; `--host-from` overrides; event types are per service.
@Suite struct HostOriginTests {
    @Test(arguments: [
        ("logs/api-1.log", "api-1"), ("dn-3.log.2.gz", "dn-3"), ("/var/log/web03.log-20240101.gz", "web03"),
        ("replica-2.jsonl", "replica-2"), ("broker_7.out.1", "broker_7"), ("node.log", "node"),
        // Dated rotations: logrotate's `dateformat`, log4j's and Python's daily files.
        ("geo-a-2026-03-05.log", "geo-a"), ("app.log-2026-03-05T10.gz", "app"), ("api_1.2026-03-05", "api_1"),
        ("web-2.log.2026_03_05-1030", "web-2"), ("kv-7-20260305.log", "kv-7"),
        // Not a date: a number that is no year, month or day.
        ("shard-2026-13-05.log", "shard-2026-13-05"), ("edge-12345678-9.log", "edge-12345678-9"),
    ])
    func hostFromFileName(_ path: String, _ host: String) {
        #expect(HostNaming.host(fromFile: path) == host)
    }

    @Test func fileNamesWithoutAHost() {
        #expect(HostNaming.host(fromFile: "2024-01-01.log") == nil)
        #expect(HostNaming.host(fromFile: "20240101.log.gz") == nil)
        #expect(HostNaming.host(fromFile: ".hidden") == nil)
    }

    @Test(arguments: [
        ("api-1", "api"), ("ts-order-service-7d9f8c-x2b4q", "ts-order-service"), ("web03", "web"),
        ("kafka-broker-2.example.com", "kafka-broker"), ("payments", "payments"), ("db-0", "db"),
        ("ts-auth-service-5c6d8f7b9-mnxqz", "ts-auth-service"), ("api-v2", "api-v2"), ("replica-3:7000", "replica"),
        ("booking-a", "booking"), ("booking-b", "booking"), ("bcast-c", "bcast"), ("a-b", "a"), ("booking-A", "booking-A"),
        ("ab-cd", "ab-cd"),
        // A ReplicaSet hash of consonants alone (its alphabet has no vowel; one in fifteen has no digit).
        ("payments-gwrmpsvqnt-qlb9d", "payments"), ("checkout-xbxlmrjhf-x2b4q", "checkout"),
        ("api-strength-x2b4q", "api-strength"), ("web-rhythm-x2b4q", "web-rhythm"),
    ])
    func serviceFromHostName(_ host: String, _ service: String) {
        #expect(HostNaming.service(ofHost: host) == service)
    }

    @Test func classNames() {
        for word in ["c.e.pricing.QuoteService", "org.apache.kafka.clients.NetworkClient", "o.s.w.s.DispatcherServlet",
                     "dfs.DataNode$PacketResponder", "a.B"] {
            #expect(ClassPathWord.matches(word), "\(word)")
        }
        for word in ["booking.api", "QuoteService", "api.example.com", "Foo.Bar", "c.e..Quote", ".c.Quote", "c.e.Quote.",
                     "c.e.pricing-x.Quote", "web-1", "10.1.2.3", "checkout/svc.go:41", "c.e.9Quote"] {
            #expect(!ClassPathWord.matches(word), "\(word)")
        }
    }

    /// A host known from its file whose records name a class, or the host itself, where a service
    /// would be: the service is the one the host's name names, the class kept as `logger`.
    @Test func aClassOrTheHostItselfIsNoService() throws {
        let directory = TestPaths.scratch()
        let lines = (0..<12).map { i in
            "2026-03-14 09:26:53.\(100 + i) [exec-\(i % 3)] \(i % 4 == 3 ? "WARN " : "INFO ") "
                + (i % 2 == 0 ? "c.e.pricing.QuoteService - quote computed amount=\(i)" : "c.e.pricing.QuoteController - quote sent to \(i)")
        }
        FileManager.default.createFile(atPath: directory + "/pricing-2.log", contents: Data((lines.joined(separator: "\n") + "\n").utf8))
        FileManager.default.createFile(atPath: directory + "/bcast-c.log", contents: Data((0..<6).map {
            "[15/Jan/2026:10:00:00.00\($0) +0000] bcast-c INFO deliver msg-\($0) from=bcast-a"
        }.joined(separator: "\n").appending("\n").utf8))
        let run = try CLI.run(["parse", directory])
        #expect(run.status == 0, "\(run.stderr)")
        let events = run.text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(events.count == 18)
        let pricing = events.filter { $0["host"] as? String == "pricing-2" }
        #expect(pricing.count == 12 && pricing.allSatisfy { $0["service"] as? String == "pricing" }, "\(pricing)")
        #expect(Set(pricing.compactMap { ($0["fields"] as? [String: String])?["logger"] }) == ["c.e.pricing.QuoteService", "c.e.pricing.QuoteController"])
        let bcast = events.filter { $0["host"] as? String == "bcast-c" }
        #expect(bcast.count == 6 && bcast.allSatisfy { $0["service"] as? String == "bcast" }, "\(bcast.first ?? [:])")
    }

    /// `svc=` names the service in logfmt and JSON lines alike.
    @Test func svcNamesTheService() throws {
        let logfmt = TestPaths.file("ts=2026-03-14T09:26:53.589Z level=info svc=checkout host=co-1 msg=\"paid\"\n", name: "a.log")
        let json = TestPaths.file(#"{"ts":"2026-03-14T09:26:53.589Z","level":"info","svc":"checkout","msg":"paid"}"# + "\n", name: "b.jsonl")
        for file in [logfmt, json] {
            let run = try CLI.run(["parse", file])
            #expect(run.status == 0 && run.text.contains(#""service":"checkout""#), "\(run.text)")
        }
    }

    @Test func addressesNameNoService() {
        for address in ["10.1.2.3", "10.251.73.220:50010", "/10.250.19.102:50010", "fe80::1", "[::1]:8080"] {
            #expect(HostNaming.service(ofHost: address) == nil, "\(address)")
        }
    }

    @Test func fileHostsOnlyForOneFilePerHost() {
        let perHost = ["d/api-1.log", "d/api-2.log", "d/db-1.log"].map { InputSource(path: $0) }
        #expect(HostNaming.fileHosts(for: perHost, origin: .auto) == ["d/api-1.log": "api-1", "d/api-2.log": "api-2", "d/db-1.log": "db-1"])
        let rotations = ["d/app.log", "d/app.log.1", "d/app.log.2.gz"].map { InputSource(path: $0) }
        #expect(HostNaming.fileHosts(for: rotations, origin: .auto).isEmpty)
        #expect(HostNaming.fileHosts(for: [InputSource(path: "d/api-1.log")], origin: .auto).isEmpty)
        #expect(HostNaming.fileHosts(for: [InputSource(path: "d/api-1.log")], origin: .file) == ["d/api-1.log": "api-1"])
        #expect(HostNaming.fileHosts(for: perHost, origin: .field("pod")).isEmpty)
    }

    /// One generic log name in per-host directories: the directories name the hosts, rotations included;
    /// directories that are dates, or one directory, name none.
    @Test func perHostDirectoriesNameTheHosts() {
        let directories = ["logs/broker-0/app.log", "logs/broker-0/app.log.1.gz", "logs/broker-1/app.log", "logs/producer-7f9c/app.log"]
        let expected = ["logs/broker-0/app.log": "broker-0", "logs/broker-0/app.log.1.gz": "broker-0",
                        "logs/broker-1/app.log": "broker-1", "logs/producer-7f9c/app.log": "producer-7f9c"]
        #expect(HostNaming.fileHosts(for: directories.map { InputSource(path: $0) }, origin: .auto) == expected)
        #expect(HostNaming.fileHosts(for: directories.map { InputSource(path: $0) }, origin: .file) == expected)
        // The nearest directory that differs: a constant one below it (`var/log`) is skipped.
        let deeper = ["/srv/node-1/var/log/syslog", "/srv/node-2/var/log/syslog"].map { InputSource(path: $0) }
        #expect(HostNaming.fileHosts(for: deeper, origin: .auto) == ["/srv/node-1/var/log/syslog": "node-1", "/srv/node-2/var/log/syslog": "node-2"])
        let dates = ["logs/2026-03-01/app.log", "logs/2026-03-02/app.log"].map { InputSource(path: $0) }
        #expect(HostNaming.fileHosts(for: dates, origin: .auto).isEmpty)
        let oneDirectory = ["logs/a/app.log", "logs/a/app.log.1"].map { InputSource(path: $0) }
        #expect(HostNaming.fileHosts(for: oneDirectory, origin: .auto).isEmpty)
        // Each host's directory holds several programs' logs, and the same names stand in several
        // hosts' directories: the host is the directory above the programs'.
        let programs = ["logs/lb/nginx/access.log", "logs/web-1/apache2/access.log", "logs/web-1/apache2/access.log.2.gz",
                        "logs/web-1/php/app.log", "logs/web-2/apache2/access.log", "logs/web-2/php/app.log",
                        "logs/db/mysql/general.log", "logs/cache-1/redis/redis-server.log", "logs/cache-2/redis/redis-server.log"]
        let byHost = HostNaming.fileHosts(for: programs.map { InputSource(path: $0) }, origin: .auto)
        #expect(programs.map { byHost[$0] } == ["lb", "web-1", "web-1", "web-1", "web-2", "web-2", "db", "cache-1", "cache-2"], "\(byHost)")
        // Dated directories of per-host files: the file names stay the hosts.
        let daily = ["logs/2026-03-01/api-1.log", "logs/2026-03-01/api-2.log", "logs/2026-03-02/api-1.log"].map { InputSource(path: $0) }
        #expect(HostNaming.fileHosts(for: daily, origin: .auto).values.sorted() == ["api-1", "api-1", "api-2"])
        // File names that name hosts still win over their directories.
        let named = ["x/api-1.log", "y/api-2.log"].map { InputSource(path: $0) }
        #expect(HostNaming.fileHosts(for: named, origin: .auto) == ["x/api-1.log": "api-1", "y/api-2.log": "api-2"])
    }

    @Test func hostOriginArguments() {
        #expect(HostOrigin(argument: "auto") == .auto)
        #expect(HostOrigin(argument: "file") == .file)
        #expect(HostOrigin(argument: "field:kubernetes.pod_name") == .field("kubernetes.pod_name"))
        #expect(HostOrigin(argument: "field:") == nil)
        #expect(HostOrigin(argument: "files") == nil)
    }

    private func events(_ text: String, name: String = "input.log", options: (inout ParseOptions) -> Void = { _ in }) throws
        -> ([Event], ParseStats) {
        let path = TestPaths.file(text, name: name)
        var parseOptions = ParseOptions(library: try PatternLibrary().patterns, threads: 1)
        options(&parseOptions)
        var events: [Event] = []
        let session = ParseSession(options: parseOptions) { events.append($0) }
        try session.parse(InputSource(path: path))
        return (events, session.stats)
    }

    @Test func jsonHostInNestedKubernetesKeys() throws {
        var text = ""
        for (index, pod) in ["cart-7d9f8c5b6-x2b4q", "cart-7d9f8c5b6-pk9zt", "web-5f6c7d8b9-qrstv"].enumerated() {
            text += #"{"ts":"2026-03-14T09:26:5\#(index).000Z","msg":"GET /api/cart/\#(index)","kubernetes":{"pod_name":"\#(pod)","namespace_name":"shop","host":"node-\#(index)"}}"# + "\n"
        }
        let (events, stats) = try events(text)
        #expect(events.map(\.host) == ["cart-7d9f8c5b6-x2b4q", "cart-7d9f8c5b6-pk9zt", "web-5f6c7d8b9-qrstv"])
        #expect(events.map(\.service) == ["cart", "cart", "web"])
        #expect(stats.hosts.fromFields == ["kubernetes.pod_name": 3])
        #expect(stats.hosts.servicesFromHostNames == 3)
    }

    @Test func jsonHostInAnUnlistedNestedKey() throws {
        let text = #"{"time":"2026-03-14T09:26:53Z","message":"started","meta":{"pod":"api-2"}}"# + "\n"
            + #"{"time":"2026-03-14T09:26:54Z","message":"stopped","meta":{"pod":"api-3"}}"# + "\n"
        let (events, stats) = try events(text)
        #expect(events.map(\.host) == ["api-2", "api-3"])
        #expect(stats.hosts.fromFields == ["meta.pod": 2])
    }

    /// Elastic Common Schema nests every reserved value (`host.name`, `service.name`, `log.level`) under
    /// an object of the same name: the object is never the value, and its other keys are dotted fields.
    @Test func jsonNestedObjectsAreDottedFieldsNeverReservedValues() throws {
        let text = #"{"@timestamp":"2026-03-04T10:11:12.123Z","log":{"level":"warn","logger":"orders.Api"},"message":"order accepted","service":{"name":"orders"},"host":{"name":"orders-1","ip":["10.0.0.7"]},"trace":{"id":"4bf92f3577b34da6a3ce929d0e0e4736"},"order":{"id":"o-1001","lines":[1,2]},"event":{}}"# + "\n"
        let (events, _) = try events(text)
        let event = try #require(events.first)
        #expect(event.host == "orders-1")
        #expect(event.service == "orders")
        #expect(event.level == "warn")
        #expect(event.message == "order accepted")
        let fields = Dictionary(uniqueKeysWithValues: event.fields.map { ($0.name, $0.value) })
        #expect(fields == ["event": "{}", "host.ip": "10.0.0.7", "log.logger": "orders.Api", "order.id": "o-1001",
                           "order.lines": "[1,2]", "trace.id": "4bf92f3577b34da6a3ce929d0e0e4736"])
        #expect(event.fields.map(\.name) == event.fields.map(\.name).sorted())
    }

    /// An access log's nested `request.host` is the Host header a client asked for, not the writer (one
    /// file of one host: no host at all), and a header's one-value list is that value.
    @Test func aNestedRequestHostIsNoHost() throws {
        let text = #"{"level":"info","ts":1772619148.8410516,"logger":"http.log.access","msg":"handled request","request":{"host":"flags.internal","method":"GET","headers":{"X-Request-Id":["369fa1"]}},"status":200}"# + "\n"
        let (events, stats) = try events(text, name: "api-gw.log")
        let event = try #require(events.first)
        #expect(event.host == nil)
        #expect(stats.hosts.fromFields.isEmpty)
        #expect(event.fields.first { $0.name == "request.headers.X-Request-Id" }?.value == "369fa1")
        #expect(event.fields.first { $0.name == "request.host" }?.value == "flags.internal")
    }
    @Test func hostFromAFieldOverridesTheRecordsOwn() throws {
        let text = "ts=2026-03-14T09:26:53Z host=node-1 owner=api-7 msg=\"a b\"\nts=2026-03-14T09:26:54Z host=node-1 msg=\"c d\"\n"
        let (events, stats) = try events(text) { $0.hostOrigin = .field("owner") }
        #expect(events.map(\.host) == ["api-7", nil])
        #expect(events.map(\.service) == ["api", nil])
        #expect(stats.hosts.fromFields == ["owner": 1])
        #expect(stats.hosts.none == 1)
    }

    @Test func inferredHeaderWordsAreHostsOnlyWithAnInstanceNumber() throws {
        func text(_ words: [String]) -> String {
            (0..<24).map { "[14/Mar/2026:09:26:\(10 + $0).589 +0000] \(words[$0 % words.count]) INFO started step \($0)\n" }.joined()
        }
        let (dotted, dottedStats) = try events(text(["nova.compute.manager", "nova.virt.driver", "nova.api.server"]), name: "dotted.log")
        #expect(dottedStats.inputs.first?.inferredLayout?.contains("service") == true)
        #expect(dotted.allSatisfy { $0.host == nil } && dotted.first?.service == "nova.compute.manager")
        let (numbered, numberedStats) = try events(text(["web-1", "web-2", "db-1"]), name: "numbered.log")
        #expect(numberedStats.inputs.first?.inferredLayout?.contains("host") == true)
        #expect(Array(numbered.map(\.host).prefix(3)) == ["web-1", "web-2", "db-1"])
        #expect(Array(numbered.map(\.service).prefix(3)) == ["web", "web", "db"])
    }

    @Test func sameTextFromTwoServicesIsTwoTypes() throws {
        let text = """
            {"ts":"2026-03-14T09:26:53Z","msg":"GET /api/cart/1","service":"web"}
            {"ts":"2026-03-14T09:26:54Z","msg":"GET /api/cart/2","service":"cart"}
            {"ts":"2026-03-14T09:26:55Z","msg":"GET /api/cart/3","service":"web"}
            {"ts":"2026-03-14T09:26:56Z","msg":"GET /api/cart/4"}

            """
        let (events, _) = try events(text)
        #expect(events.count == 4)
        #expect(Set(events.map(\.template)).count == 1)
        #expect(events[0].type == events[2].type)
        #expect(events[0].type != events[1].type)
        #expect(events[3].type != events[0].type && events[3].type != events[1].type)
        let pipeline = InferencePipeline(grouping: GroupingOptions(), inference: InferenceOptions(), keepExecutions: false)
        for var event in events {
            event.executionIDs = [ExecutionID(kind: "request", value: "r1")]
            pipeline.add(event)
        }
        let templates = pipeline.finish().templates ?? [:]
        #expect(templates[events[0].type]?.hasPrefix("web: GET") == true)
        #expect(templates[events[1].type]?.hasPrefix("cart: GET") == true)
    }
}

/// Per-host files whose records name no host, run through the CLI: hosts from file names, services from
/// host names, hypotheses naming them; and the message when nothing names a host.
@Suite struct HostOriginCLITests {
    /// An API (`api-1`) stores each order on one of two databases and confirms it.
    private func perHostDirectory() -> String {
        let directory = TestPaths.scratch()
        var api = "", db1 = "", db2 = ""
        for request in 0..<20 {
            let second = String(format: "%02d", request)
            api += "ts=2026-03-14T09:26:\(second).000Z level=info request_id=r\(request) msg=\"received order\"\n"
            let line = "ts=2026-03-14T09:26:\(second).005Z level=info request_id=r\(request) msg=\"stored order\"\n"
            if request % 3 == 0 { db2 += line } else { db1 += line }
            api += "ts=2026-03-14T09:26:\(second).011Z level=info request_id=r\(request) msg=\"order confirmed\"\n"
        }
        for (name, text) in [("api-1.log", api), ("db-1.log", db1), ("db-2.log", db2)] {
            FileManager.default.createFile(atPath: directory + "/" + name, contents: Data(text.utf8))
        }
        return directory
    }

    @Test func perHostFilesGiveHostsAndHypotheses() throws {
        let directory = perHostDirectory()
        let stats = directory + "/../stats-\(UUID().uuidString).json"
        let result = try CLI.run(["hypotheses", "--outcome", "order confirmed", "--format", "json", "--stats-json", stats, directory])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("hosts from file names on 60 events; services from host names on 60 events"))
        #expect(result.text.contains("db-1") && result.text.contains("db-2"))
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: stats))) as! [String: Any]
        let hosts = document["hosts"] as! [String: Any]
        #expect(hosts["from_file_name"] as? Int == 60)
        #expect(hosts["services_from_host_names"] as? Int == 60)
    }

    /// The same logs as `app.log` (the API's split into a gzip'ed rotation and the current file) in one
    /// directory per host: the directories name the hosts.
    @Test func perHostDirectoriesGiveHostsAndHypotheses() throws {
        let flat = perHostDirectory()
        let tree = TestPaths.scratch()
        for host in ["api-1", "db-1", "db-2"] {
            let text = try String(contentsOfFile: flat + "/\(host).log", encoding: .utf8)
            try FileManager.default.createDirectory(atPath: tree + "/logs/\(host)", withIntermediateDirectories: true)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { $0 + "\n" }
            if host == "api-1" {
                let rotated = lines.prefix(lines.count / 2).joined()
                let gzip = Process()
                gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
                FileManager.default.createFile(atPath: tree + "/logs/\(host)/app.log.1", contents: Data(rotated.utf8))
                gzip.arguments = [tree + "/logs/\(host)/app.log.1"]
                try gzip.run()
                gzip.waitUntilExit()
                lines.removeFirst(lines.count / 2)
            }
            FileManager.default.createFile(atPath: tree + "/logs/\(host)/app.log", contents: Data(lines.joined().utf8))
        }
        #expect(FileManager.default.fileExists(atPath: tree + "/logs/api-1/app.log.1.gz"))
        let result = try CLI.run(["hypotheses", "--outcome", "order confirmed", "--format", "json", tree + "/logs"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("hosts from file names on 60 events; services from host names on 60 events"), "\(result.stderr)")
        #expect(result.text.contains("db-1") && result.text.contains("db-2"))
        #expect(!result.text.contains("\"app\"") && !result.text.contains(":app"))
    }

    @Test func noHostAnywhereSaysWhatToDo() throws {
        let directory = perHostDirectory()
        let single = directory + "/all.log"
        var all = ""
        for name in ["api-1.log", "db-1.log", "db-2.log"] {
            all += try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
        }
        FileManager.default.createFile(atPath: single, contents: Data(all.utf8))
        let result = try CLI.run(["hypotheses", "--outcome", "order confirmed", single])
        #expect(result.status == 65)
        #expect(result.stderr.contains("no event names a host or a service"))
        #expect(result.stderr.contains("--host-from field:NAME"))
        #expect(result.text.isEmpty)
    }

    @Test func modelWarnsWhenNoEventNamesAHost() throws {
        let directory = perHostDirectory()
        var all = ""
        for name in ["api-1.log", "db-1.log", "db-2.log"] { all += try String(contentsOfFile: directory + "/" + name, encoding: .utf8) }
        let single = directory + "/all.log"
        FileManager.default.createFile(atPath: single, contents: Data(all.utf8))
        let result = try CLI.run(["model", "--outcome", "order confirmed", single])
        #expect(result.status == 0)
        #expect(result.stderr.contains("WARNING: no event names a host or a service"))
    }

    @Test func hostFromFileForOneFile() throws {
        let directory = perHostDirectory()
        let result = try CLI.run(["parse", "--host-from", "file", directory + "/db-2.log"])
        #expect(result.status == 0)
        #expect(result.text.split(separator: "\n").allSatisfy { $0.contains(#""host":"db-2""#) && $0.contains(#""service":"db""#) })
    }

    @Test func badHostFromIsAUsageError() throws {
        let result = try CLI.run(["parse", "--host-from", "filename", "-"], stdin: Data())
        #expect(result.status == 64)
        #expect(result.stderr.contains("--host-from must be auto, file or field:NAME"))
    }
}
