import Foundation
import Testing
@testable import AriadneCore

/// `infer`, `model` and `hypotheses` on logs with no pattern ids: the discovery report, exit 65 when no
/// id is found, unknown `--group-by` kinds, streams on stdin, events JSON read back.
@Suite struct IDDiscoveryCLITests {
    static let hosts = ["api-1", "api-2", "pay-1", "db-1"]

    static func orders(count: Int = 60, seed: UInt64 = 11) -> (GeneratedRequests, String, Set<Set<String>>) {
        let requests = GeneratedRequests(count: count, hosts: hosts, seed: seed, steps: 5...5) { random, _ in "o-" + GeneratedRequests.hex(&random, 8) }
        let (path, expected) = requests.write(name: "orders.log") { r in
            "\(GeneratedRequests.clock(r.millis)) INFO  [worker-\(r.step % 3)] [\(r.host)] order=\(requests.ids[r.request]) step \(r.step)"
        }
        return (requests, path, expected)
    }

    static func plain() -> String {
        let requests = GeneratedRequests(count: 30, hosts: hosts, seed: 12) { _, _ in "" }
        return requests.write(name: "plain.log") { r in "\(GeneratedRequests.clock(r.millis)) INFO [main] \(r.host) step \(r.step) done" }.path
    }

    /// `infer --format json` on a directory of `files` (name → text) written for it: the run, checked to
    /// have succeeded.
    static func infer(_ name: String, _ files: [String: String]) throws -> CLI.Result {
        let directory = TestPaths.scratch() + "/" + name
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (file, text) in files { try text.write(toFile: directory + "/" + file, atomically: true, encoding: .utf8) }
        let result = try CLI.run(["infer", "--format", "json", directory])
        #expect(result.status == 0, "\(result.stderr)")
        return result
    }

    static func executions(_ json: Data) throws -> Int {
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        return try #require(object["executions"] as? Int)
    }

    @Test func reportNamesTheChosenKindWithItsFigures() throws {
        let (_, path, _) = Self.orders()
        let result = try CLI.run(["infer", "--pattern", "generic", "--format", "json", path])
        #expect(result.status == 0)
        #expect(try Self.executions(result.stdout) == 60)
        #expect(result.stderr.contains("ariadne: execution ids discovered from the first 300 events (no pattern names any): order\n"))
        #expect(result.stderr.contains("  order: 60 values, 5.0 records each, median span "))
        #expect(result.stderr.contains(": chosen\n"))
        #expect(result.stderr.contains("  worker: 3 values, 100.0 records each, median span "))
        let model = try CausalModel.read(json: result.stdout)
        #expect(model.idDiscovery?.chosenKinds == ["order"])
        let quiet = try CLI.run(["infer", "--quiet", "--pattern", "generic", path])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty)
    }

    /// Base62 order ids (`ord_pJYPavFjpm`), as nanoid-style generators draw them: one in six of ten
    /// characters has no digit. Those with two capitals in a row are ids all the same, so their
    /// records group with the others'; the discovery chooses `ord` from the ids with digits.
    @Test func prefixedIDsOfRandomLettersGroupWithoutADigit() throws {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        let requests = GeneratedRequests(count: 120, hosts: Self.hosts, seed: 21, steps: 4...4) { random, n in
            // Every sixth id drawn from letters alone (two capitals in a row among them), the others with a digit.
            let letters = n % 6 == 0 ? 52 : 62
            let rest = (0..<8).map { _ in String(alphabet[Int(random.next() % UInt64(letters))]) }.joined()
            return "ord_" + (n % 6 == 0 ? "QZ" + rest : rest + "k7")
        }
        let digitless = requests.ids.filter { !$0.contains(where: \.isNumber) }
        #expect(digitless.count == 20)
        let (path, _) = requests.write(name: "base62.log") { r in
            "\(GeneratedRequests.clock(r.millis)) INFO  [\(r.host)] step \(r.step) for order \(requests.ids[r.request])"
        }
        let result = try CLI.run(["infer", "--pattern", "generic", "--format", "json", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.executions(result.stdout) == 120, "\(result.stderr)")
        #expect(result.stderr.contains("  ord: 120 values, 4.0 records each"), "\(result.stderr)")
    }

    /// An OpenTelemetry-style API (JSON records whose pattern names their `trace_id`) carries the order
    /// id only inside its nested `attributes`; the worker that takes the order later logs the order id in
    /// its text. The order ids found inside the attributes join the trace to the worker's records: one
    /// execution per order.
    @Test func idsInsideANestedJSONFieldJoinAPatternsTraceToTheWorkers() throws {
        var api = "", worker = ""
        var random = SplitMix64(seed: 31)
        for n in 0..<40 {
            let order = "ord_" + GeneratedRequests.hex(&random, 8), trace = GeneratedRequests.hex(&random, 32)
            let t = GeneratedRequests.clock(n * 300, separator: "T")
            api += #"{"timestamp":"\#(t)Z","severity_text":"INFO","body":"order created","trace_id":"\#(trace)","attributes":{"order.id":"\#(order)","order.items":2}}"# + "\n"
            api += #"{"timestamp":"\#(t)Z","severity_text":"INFO","body":"outbox message published","trace_id":"\#(trace)","attributes":{"order.id":"\#(order)"}}"# + "\n"
            worker += "\(GeneratedRequests.clock(n * 300 + 20)) [INF] Charging for order \(order)\n"
            worker += "\(GeneratedRequests.clock(n * 300 + 40)) [INF] Order \(order) fulfilled\n"
        }
        let result = try Self.infer("otel-join", ["order-api-1.jsonl": api, "worker-1.log": worker])
        #expect(try Self.executions(result.stdout) == 40, "\(result.stderr)")
    }

    /// A field beside the ids a pattern names (`payment` on a JSON record with its `request_id`) that
    /// carries a discovered kind's values under another name (a worker writes them in text) links the two:
    /// each request is one execution, not the API's records and the worker's apart.
    @Test func aFieldBesideAPatternsIDLinksTheWorkDoneUnderAnotherName() throws {
        var api = "", worker = ""
        var random = SplitMix64(seed: 37)
        for n in 0..<40 {
            let payment = "tx-" + GeneratedRequests.hex(&random, 10), request = GeneratedRequests.hex(&random, 16)
            let t = n * 300
            api += #"{"time":"\#(GeneratedRequests.clock(t, separator: "T"))Z","level":"info","msg":"payment accepted","request_id":"\#(request)","payment":"\#(payment)"}"# + "\n"
            api += #"{"time":"\#(GeneratedRequests.clock(t + 9, separator: "T"))Z","level":"info","msg":"payment answered","request_id":"\#(request)"}"# + "\n"
            // Half the payments are settled after the API answered.
            let start = t + (n % 2 == 0 ? 3 : 40)
            worker += "\(GeneratedRequests.clock(start)) worker-\(n % 3) | authorising payment \(payment)\n"
            worker += "\(GeneratedRequests.clock(start + 4)) worker-\(n % 3) | authorised \(payment) code=00\n"
        }
        let result = try Self.infer("field-link", ["api-1.jsonl": api, "settle-1.log": worker])
        #expect(try Self.executions(result.stdout) == 40, "\(result.stderr)")
        let model = try CausalModel.read(json: result.stdout)
        let link = model.idDiscovery?.kinds.first { $0.kind == "payment" }
        #expect(link?.chosen == true && link?.aliasOf == "tx" && link?.values == 40, "\(model.idDiscovery?.kinds ?? [])")
    }

    @Test func noIDExits65WithWhatToDo() throws {
        let path = Self.plain()
        for command in ["infer", "model", "hypotheses"] {
            let result = try CLI.run([command, "--pattern", "generic", path])
            #expect(result.status == 65, "\(command)")
            #expect(result.stdout.isEmpty, "\(command)")
            #expect(result.stderr.contains("ariadne: \(path): no execution ids found in the first "), "\(command)")
            #expect(result.stderr.contains("--group-by KIND"), "\(command)")
            #expect(result.stderr.contains("(Patterns/README.md, section \"Execution ids\")"), "\(command)")
        }
    }

    @Test func unknownGroupByListsTheKnownKinds() throws {
        let (_, path, _) = Self.orders(count: 20)
        let result = try CLI.run(["infer", "--pattern", "generic", "--group-by", "ordr", path])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("ariadne: --group-by: id kind ordr is not named by any pattern and not a field or id-shaped token of \(path)"))
        #expect(result.stderr.contains("kinds in the input: api, db, order, pay, worker"))
        #expect(result.stderr.contains("kinds the patterns name: ") && result.stderr.contains("block"))
        let field = try CLI.run(["infer", "--pattern", "generic", "--group-by", "order", "--format", "json", path])
        #expect(field.status == 0)
        #expect(try Self.executions(field.stdout) == 20)
        #expect(!field.stderr.contains("discovered"))
    }

    @Test func streamOnStdinDecidesAtTheEndOrAfterTheSample() throws {
        let (_, path, _) = Self.orders()
        let input = try Data(contentsOf: URL(fileURLWithPath: path))
        let result = try CLI.run(["infer", "--pattern", "generic", "--format", "json", "-"], stdin: input)
        #expect(result.status == 0)
        #expect(try Self.executions(result.stdout) == 60)
        #expect(result.stderr.contains("order: 60 values"))
        let none = try CLI.run(["infer", "--pattern", "generic", "-"], stdin: try Data(contentsOf: URL(fileURLWithPath: Self.plain())))
        #expect(none.status == 65)
        #expect(none.stderr.contains("ariadne: -: no execution ids found"))
    }

    @Test func eventsJSONReadBackIsDiscoveredToo() throws {
        let (_, path, _) = Self.orders()
        let parsed = try CLI.run(["parse", "--pattern", "generic", path])
        #expect(parsed.status == 0)
        let events = TestPaths.file([UInt8](parsed.stdout), name: "events.jsonl")
        let result = try CLI.run(["infer", "--format", "json", events])
        #expect(result.status == 0)
        #expect(try Self.executions(result.stdout) == 60)
    }

    @Test func shippedPatternIDsAreUsedAsBefore() throws {
        let path = TestPaths.data + "/hdfs_20k/HDFS_20000.log"
        guard FileManager.default.fileExists(atPath: path) else { return }
        let result = try CLI.run(["infer", "--format", "json", path])
        #expect(result.status == 0)
        #expect(try Self.executions(result.stdout) == 1782)
        #expect(!result.stderr.contains("discovered"))
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(object["id_discovery"] == nil)
    }
}
