import Foundation
import Testing
@testable import AriadneCore

/// Execution ids discovered in logs the tests write, in layouts no shipped pattern names ids for:
/// the executions must be exactly the generated requests.
@Suite struct IDDiscoveryLayoutTests {
    static let hosts = ["api-1", "api-2", "pay-1", "db-1"]

    @Test func keyValueInPlainTextMessages() throws {
        let requests = GeneratedRequests(count: 60, hosts: Self.hosts, seed: 1) { random, _ in "o-" + GeneratedRequests.hex(&random, 8) }
        let (path, expected) = requests.write(name: "orders.log") { r in
            "\(GeneratedRequests.clock(r.millis)) WARN  [worker-\(r.millis % 7)] [\(r.host)] env=prod order=\(requests.ids[r.request]) step \(r.step) done"
        }
        let (pipeline, model) = try GeneratedRequests.infer([path], pattern: "generic")
        #expect(GeneratedRequests.groups(pipeline.executions) == expected)
        let report = try #require(pipeline.discoveryReport)
        #expect(report.chosenKinds == ["order"])
        let rejected = Dictionary(uniqueKeysWithValues: report.kinds.map { ($0.kind, $0) })
        #expect(rejected["env"]?.reason == "constant")
        #expect(rejected["worker"]?.chosen == false)
        #expect(model.idDiscovery == report)
        #expect(pipeline.discoveryError == nil)
    }

    @Test func jsonLinesWithRequestKeyAcrossHosts() throws {
        var random = SplitMix64(seed: 7)
        let requests = GeneratedRequests(count: 50, hosts: Self.hosts, seed: 2) { random, i in "r\(i)x" + GeneratedRequests.hex(&random, 6) }
        var seq = 0
        let (path, expected) = requests.write(name: "app.jsonl") { r in
            seq += 1
            let peer = Self.hosts[Int(random.next() % 4)]
            return #"{"time":"\#(GeneratedRequests.clock(r.millis, separator: "T"))Z","level":"info","host":"\#(r.host)","thread":"worker-\#(seq % 5)","env":"prod","seq":\#(seq),"batch":\#(seq / 3),"peer":"\#(peer)","eid":"e\#(GeneratedRequests.hex(&random, 12))","req":"\#(requests.ids[r.request])","msg":"step \#(r.step) handled"}"#
        }
        let (pipeline, _) = try GeneratedRequests.infer([path], pattern: "jsonl")
        #expect(GeneratedRequests.groups(pipeline.executions) == expected)
        let report = try #require(pipeline.discoveryReport)
        #expect(report.chosenKinds == ["req"])
        let kinds = Dictionary(uniqueKeysWithValues: report.kinds.map { ($0.kind, $0) })
        #expect(kinds["req"]?.hosts == 4)
        #expect(kinds["req"]?.values == 50)
        #expect(kinds["env"]?.reason == "constant")
        #expect(kinds["peer"]?.reason == "host names")
        #expect(kinds["batch"]?.reason == "counter: values only rise")
        #expect(kinds["seq"]?.reason == "counter: values only rise")
        #expect(kinds["thread"]?.chosen == false)
        #expect(kinds["eid"]?.reason == "most values on one record")
    }

    @Test func aKindThatGroupsRequestsIsCoarserNotLinked() throws {
        let requests = GeneratedRequests(count: 60, hosts: Self.hosts, seed: 10) { random, i in "q\(i)-" + GeneratedRequests.hex(&random, 6) }
        let (path, expected) = requests.write(name: "sessions.jsonl") { r in
            #"{"time":"\#(GeneratedRequests.clock(r.millis, separator: "T"))Z","host":"\#(r.host)","session":"s-\#(r.request / 4)","req":"\#(requests.ids[r.request])","msg":"step \#(r.step)"}"#
        }
        let (pipeline, _) = try GeneratedRequests.infer([path], pattern: "jsonl")
        #expect(GeneratedRequests.groups(pipeline.executions) == expected)
        let report = try #require(pipeline.discoveryReport)
        #expect(report.chosenKinds == ["req"])
        #expect(report.kinds.first { $0.kind == "session" }?.reason == "coarser than req: a value goes with 4.0 req values")
    }

    /// An event id (a snowflake number) the API logs beside its request id, and a queue's consumer beside
    /// the id it gives each run of its own: on each service a value goes with one id of the other kind, so
    /// it carries the execution across the hop and is no coarser kind; a parcel number two requests of
    /// the API share goes with two request ids there, and is.
    @Test func anIdCarriedAcrossAHopIsNoCoarserKind() throws {
        var random = SplitMix64(seed: 29)
        let directory = TestPaths.scratch()
        var api: [String] = [], notify: [String] = []
        var expected: [Set<String>] = []
        for i in 0..<40 {
            let (request, run) = (GeneratedRequests.uuid(&random), GeneratedRequests.uuid(&random))
            let event = String(1_000_000_000_000_000_000 + random.next() % 8_000_000_000_000_000_000)
            func apiLine(_ millis: Int, _ text: String) {
                api.append(#"{"time":"\#(GeneratedRequests.clock(i * 500 + millis, separator: "T"))Z","host":"api-1","msg":"\#(text)"}"#)
                expected[i].insert(directory + "/api.log:\(api.count)")
            }
            func notifyLine(_ millis: Int, _ text: String) {
                notify.append(#"{"time":"\#(GeneratedRequests.clock(i * 500 + millis, separator: "T"))Z","host":"notify-1","msg":"\#(text)"}"#)
                expected[i].insert(directory + "/notify.log:\(notify.count)")
            }
            expected.append([])
            apiLine(0, "received request \(request) for parcel P-\(1000 + i / 2)")
            apiLine(3, "appending event \(event) for request \(request)")
            apiLine(5, "published event \(event)")
            notifyLine(40, "run \(run) started")
            notifyLine(42, "run \(run): event \(event) delivered")
            notifyLine(44, "run \(run) done")
        }
        FileManager.default.createFile(atPath: directory + "/api.log", contents: Data((api.joined(separator: "\n") + "\n").utf8))
        FileManager.default.createFile(atPath: directory + "/notify.log", contents: Data((notify.joined(separator: "\n") + "\n").utf8))
        let (pipeline, _) = try GeneratedRequests.infer([directory + "/api.log", directory + "/notify.log"], pattern: "jsonl")
        #expect(GeneratedRequests.groups(pipeline.executions) == Set(expected))
        let report = try #require(pipeline.discoveryReport)
        #expect(report.chosenKinds.contains("number"), "\(report.kinds.first { $0.kind == "number" }.map(String.init(describing:)) ?? "none")")
        #expect(report.kinds.first { $0.kind == "p" }?.reason?.hasPrefix("coarser than uuid") == true,
                "\(report.kinds.first { $0.kind == "p" }.map(String.init(describing:)) ?? "none")")
    }

    /// Two consumers of one broker each number their sessions' messages (`mqttId=1` on both) beside each
    /// message's own id, and log its processing after receiving the next (so the counter falls in each
    /// file, and is no counter by rule 5). Most counter values go with two message ids, one per consumer;
    /// the busier consumer's last ones with one: not two on average, yet coarser. Each message is its own
    /// execution.
    @Test func countersTwoHostsKeepAreCoarserThanTheMessagesTheyNumber() throws {
        var random = SplitMix64(seed: 22)
        let directory = TestPaths.scratch()
        var expected: Set<Set<String>> = []
        for (host, messages, start) in [("ingest-1", 64, 0), ("ingest-2", 56, 7)] {
            let path = directory + "/\(host).log"
            var lines: [String] = []
            var byMessage: [Int: Set<String>] = [:]
            func line(_ n: Int, _ id: String, _ text: String) {
                let millis = start + n * 40 + (text == "received" ? 0 : 25)
                lines.append(#"{"time":"\#(GeneratedRequests.clock(millis, separator: "T"))Z","host":"\#(host)","mqttId":\#(n),"msgId":"\#(id)","msg":"\#(text)"}"#)
                byMessage[n, default: []].insert("\(path):\(lines.count)")
            }
            let ids = (1...messages).map { _ in "m" + GeneratedRequests.hex(&random, 12) }
            for n in 1...messages {
                line(n, ids[n - 1], "received")
                if n > 1 { line(n - 1, ids[n - 2], "processed") }
            }
            line(messages, ids[messages - 1], "processed")
            FileManager.default.createFile(atPath: path, contents: Data((lines.joined(separator: "\n") + "\n").utf8))
            expected.formUnion(byMessage.values)
        }
        let (pipeline, _) = try GeneratedRequests.infer([directory + "/ingest-1.log", directory + "/ingest-2.log"], pattern: "jsonl")
        #expect(GeneratedRequests.groups(pipeline.executions) == expected)
        let report = try #require(pipeline.discoveryReport)
        #expect(report.chosenKinds == ["msgId"])
        #expect(report.kinds.first { $0.kind == "mqttId" }?.reason?.hasPrefix("coarser than msgId: a value goes with 1.9") == true,
                "\(report.kinds.first { $0.kind == "mqttId" }.map(String.init(describing:)) ?? "none")")
    }

    /// An API logs each ride's request under its own request id with the ride in the path, and hedges
    /// every ride's lookup to two replicas of a geo service, both called at once, each logging under a
    /// request id of its own with the ride in its path: on the geo service a ride goes with two request
    /// ids, but their calls overlap and the ride is carried on the API too, where the geo request ids
    /// are not. The ride is the execution id, not coarser: each ride is one execution of six records.
    @Test func aHedgedCallsRequestIdsDoNotMakeTheRideCoarser() throws {
        var random = SplitMix64(seed: 23)
        let directory = TestPaths.scratch()
        var files: [String: [String]] = [:]
        func log(_ host: String, _ millis: Int, _ text: String) { files[host, default: []].append(GeneratedRequests.clock(millis) + " " + text) }
        for ride in 0..<40 {
            let t = ride * 50 + Int(random.next() % 10)
            let id = "r-" + GeneratedRequests.hex(&random, 8)
            let request = GeneratedRequests.hex(&random, 8) + "-" + GeneratedRequests.hex(&random, 4) + "-" + GeneratedRequests.hex(&random, 12)
            log("api-1", t, #"INFO req=\#(request) Started POST "/v1/rides/\#(id)""#)
            for (replica, delay) in [("geo-1", 1), ("geo-2", 2)] {
                let call = GeneratedRequests.hex(&random, 20)
                log(replica, t + delay, "request_id=\(call) [info] POST /api/rides/\(id)/nearby")
                log(replica, t + delay + 3 + Int(random.next() % 3), "request_id=\(call) [info] Sent 200")
            }
            log("api-1", t + 12, "INFO req=\(request) Completed 201 Created")
        }
        for (host, lines) in files {
            FileManager.default.createFile(atPath: directory + "/\(host).log", contents: Data((lines.joined(separator: "\n") + "\n").utf8))
        }
        // As `ariadne infer DIR`: each file's name is its host, and the hosts' services are the places.
        let run = try CLI.run(["infer", "--format", "json", directory])
        #expect(run.status == 0, "\(run.stderr)")
        let ride = run.stderr.split(separator: "\n").first { $0.hasPrefix("  r: ") }
        #expect(ride?.hasSuffix("chosen") == true, "\(run.stderr)")
        let model = try CausalModel.read(json: run.stdout)
        #expect(model.executions == 40 && model.events == 240, "\(model.executions) executions")
    }

    @Test func uuidsInMessages() throws {
        let requests = GeneratedRequests(count: 40, hosts: Self.hosts, seed: 3) { random, _ in GeneratedRequests.uuid(&random) }
        let (path, expected) = requests.write(name: "uuid.log") { r in
            "[\(GeneratedRequests.clock(r.millis))] <\(r.host)> handling request \(requests.ids[r.request]) (stage \(r.step))"
        }
        let (pipeline, _) = try GeneratedRequests.infer([path], pattern: "generic")
        #expect(GeneratedRequests.groups(pipeline.executions) == expected)
        #expect(pipeline.discoveryReport?.chosenKinds == ["uuid"])
    }

    @Test func prefixedTokensInPerHostFilesWithoutHostFields() throws {
        let requests = GeneratedRequests(count: 45, hosts: Self.hosts, seed: 4) { random, _ in
            "blk_-" + String(random.next() % 9_000_000_000_000 + 1_000_000_000_000)
        }
        let (paths, expected) = requests.writePerHost { r in
            "\(r.millis / 1000) INFO DataStore: stored replica of \(requests.ids[r.request]) part \(r.step)"
        }
        let (pipeline, _) = try GeneratedRequests.infer(paths, pattern: "generic")
        #expect(GeneratedRequests.groups(pipeline.executions) == expected)
        #expect(pipeline.discoveryReport?.chosenKinds == ["blk"])
    }

    @Test func twoLinkedKindsFormOneExecution() throws {
        // A request id on the first two steps, a transaction token on all but the second, both on the first: linked into one.
        let requests = GeneratedRequests(count: 40, hosts: Self.hosts, seed: 5) { random, _ in "7" + GeneratedRequests.hex(&random, 5) }
        let (path, expected) = requests.write(name: "linked.log") { r in
            let id = requests.ids[r.request]
            switch r.step {
            case 0: return "\(r.millis) accepted req_\(id) as tx-\(id)"
            case 1: return "\(r.millis) req_\(id) queued"
            default: return "\(r.millis) progress tx-\(id) step \(r.step)"
            }
        }
        let (pipeline, _) = try GeneratedRequests.infer([path], pattern: "generic")
        #expect(GeneratedRequests.groups(pipeline.executions) == expected)
        #expect(pipeline.discoveryReport?.chosenKinds == ["req", "tx"])
        #expect(pipeline.linkReport.kindLinks.map(\.kinds) == [["req", "tx"]])
    }

    @Test func decisionAfterTheSampleAnnotatesLaterEventsToo() throws {
        let requests = GeneratedRequests(count: 60, hosts: Self.hosts, seed: 6) { random, _ in "o-" + GeneratedRequests.hex(&random, 8) }
        let (path, expected) = requests.write(name: "sample.log") { r in "\(r.host) order=\(requests.ids[r.request]) step \(r.step)" }
        let (pipeline, _) = try GeneratedRequests.infer([path], pattern: "generic", sampleEvents: 50)
        #expect(pipeline.discoveryReport?.sampledEvents == 50)
        #expect(GeneratedRequests.groups(pipeline.executions) == expected)
    }

    @Test func groupByAFieldOverridesDiscovery() throws {
        let requests = GeneratedRequests(count: 30, hosts: Self.hosts, seed: 8) { _, i in "u\(i)" }
        let (path, _) = requests.write(name: "user.log") { r in "\(r.host) user=\(requests.ids[r.request % 3]) order=o-\(r.request)" }
        let (pipeline, _) = try GeneratedRequests.infer([path], pattern: "generic", groupBy: ["user"])
        #expect(pipeline.executions.count == 3)
        #expect(pipeline.discoveryReport == nil)
        let (unknown, _) = try GeneratedRequests.infer([path], pattern: "generic", groupBy: ["usr"])
        guard case let .unknownGroupBy(kinds, inInput, _, _, _) = try #require(unknown.discoveryError) else {
            Issue.record("expected an unknown --group-by kind")
            return
        }
        #expect(kinds == ["usr"])
        #expect(inInput.contains("user") && inInput.contains("order"))
    }

    @Test func noIDIsAnErrorThatSaysWhatToDo() throws {
        let requests = GeneratedRequests(count: 30, hosts: Self.hosts, seed: 9) { _, _ in "" }
        let (path, _) = requests.write(name: "plain.log") { r in "\(r.host) [main] env=prod step \(r.step) done" }
        let (pipeline, _) = try GeneratedRequests.infer([path], pattern: "generic")
        #expect(pipeline.executions.isEmpty)
        let error = try #require(pipeline.discoveryError)
        let text = error.description
        #expect(text.hasPrefix(path + ": no execution ids found"))
        #expect(text.contains("--group-by KIND") && text.contains("Patterns/README.md, section \"Execution ids\""))
    }

    @Test func patternIDsPassThroughUnchanged() throws {
        let path = TestPaths.data + "/hdfs_20k/HDFS_20000.log"
        guard FileManager.default.fileExists(atPath: path) else { return }
        let library = try PatternLibrary()
        var plain: [Event] = []
        let session = ParseSession(options: ParseOptions(library: library.patterns)) { plain.append($0) }
        try session.parse(InputSource(path: path))
        let stage = IDDiscoveryStage(options: IDDiscoveryOptions(patternKinds: ["block"]), groupBy: nil)
        var passed: [Event] = []
        for event in plain { passed += stage.add(event) }
        passed += stage.finish()
        #expect(passed == plain)
        #expect(stage.report == nil && stage.error == nil)
    }
}
