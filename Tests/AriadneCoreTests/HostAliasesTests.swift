import Foundation
import Testing
@testable import AriadneCore

/// Addresses learned to stand for hosts (`HostAliases`): a proxy naming its backend by address makes
/// its one record a call.
@Suite struct HostAliasesTests {
    @Test func addressesAreIPv4WithOrWithoutAPort() {
        #expect(HostAliases.address("10.0.1.11:80") == "10.0.1.11:80")
        // Tokens are cut at commas before they get here (`ups=10.0.1.11:80, 10.0.1.12:80`): one left is no address.
        #expect(HostAliases.address("/10.244.3.105:8080,") == nil)
        #expect(HostAliases.address("/10.244.3.105:8080.") == "10.244.3.105:8080")
        #expect(HostAliases.address("192.168.0.1") == "192.168.0.1")
        #expect(HostAliases.address("192.168.0.1:") == "192.168.0.1")
        for no in ["1.2.3", "1.2.3.4.5", "1.2.3.4:123456", "1.2.3.4:x", "1..3.4", "1234.1.1.1", "a.b.c.d", "v1.2.3.4", ":80", ""] {
            #expect(HostAliases.address(Substring(no)) == nil, "\(no)")
        }
    }

    /// A record of `host` at `micros` with `message`.
    static func record(_ host: String, _ micros: Int64, _ message: String) -> Event {
        Event(source: SourceLocation(file: "\(host).log", line: 1), time: micros * 1000, host: host,
              type: message.split(separator: " ").first.map(String.init) ?? "T", template: message, message: message)
    }

    /// Executions of a front proxy (in every one) calling one of two backends it names by address, a
    /// client address from a pool of 40, the proxy's own address named by the backend (`peer=`), and a
    /// store the backends call in about two thirds of them.
    static func executions(_ count: Int, seed: UInt64 = 7) -> [Execution] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { n in
            let backend = rng.next() % 2 == 0 ? "app-a" : "app-b"
            let address = backend == "app-a" ? "10.9.0.11:8080" : "10.9.0.12:8080"
            let client = "198.51.100.\(rng.next() % 40)"
            let t = Int64(n) * 10_000
            var records = [record(backend, t + 100, "start req=\(n) peer=10.9.0.5")]
            if rng.next() % 3 != 0 { records.append(record("store-1", t + 300, "get req=\(n)")) }
            records.append(record(backend, t + 500, "done req=\(n)"))
            records.append(record("front-7", t + 700, "access req=\(n) client \(client) 200 upstream \(address)"))
            return Execution(id: "req=\(n)", ids: [ExecutionID(kind: "req", value: "\(n)")], events: records)
        }
    }

    @Test func aProxysUpstreamAddressesStandForTheBackendsTheyComeWith() {
        let learned = HostAliases.learn(Self.executions(200))
        // The proxy's own address is in every execution, as the proxy is: nothing tells it from the
        // context. Clients come with either backend; the store's address is never written.
        #expect(learned.hosts == ["10.9.0.11:8080": "app-a", "10.9.0.12:8080": "app-b"])
        #expect(learned.addresses(of: "app-a") == ["10.9.0.11:8080"])
    }

    /// Health checks through the proxy (every fifth request, a probe the backend does not log) name the
    /// upstream on the proxy's line alone: with them the address came with its backend in 80% of the
    /// executions carrying it; executions of one host tell nothing of whose it is.
    @Test func healthChecksThroughTheProxyDoNotHideItsBackendsAddress() {
        let probed = Self.executions(200).enumerated().map { n, execution -> Execution in
            guard n % 5 == 4 else { return execution }
            return Execution(id: execution.id, ids: execution.ids, events: execution.events.filter { $0.host == "front-7" })
        }
        #expect(HostAliases.learn(probed).hosts == ["10.9.0.11:8080": "app-a", "10.9.0.12:8080": "app-b"])
    }

    /// The graph the held-back executions are read with, and their clocks' evidence, know the proxy's
    /// calls by the addresses too.
    @Test func theReadingGraphAndTheClockEvidenceUseTheAddresses() {
        let executions = Self.executions(200)
        let aliases = HostAliases.learn(executions)
        let order = ExecutionOrder(bound: 100_000)
        #expect(CallGraphBuilder.readingCalls(executions, order: order, aliases: aliases).contains("front-7", "app-a"))
        #expect(!CallGraphBuilder.readingCalls(executions, order: order).contains("front-7", "app-a"))
        let named = ClockCalibration.constraints(executions, aliases: aliases).pairs.first { $0.a == "front-7" && $0.b == "app-a" }?.named
        #expect((named ?? 0) > 0)
        #expect(ClockCalibration.constraints(executions).pairs.first { $0.a == "front-7" && $0.b == "app-a" }?.named ?? 0 == 0)
    }

    /// A caller reads a primary by address and, when it times out or refuses, fails over to a replica:
    /// the primary's address is written only on those failure records, each followed by the replica's
    /// records, and stands for no host (it had been learned as the replica's). The replica's address on
    /// an answered read's record is still learned.
    @Test func anAddressOnlyOnFailureRecordsStandsForNoHost() {
        var rng = SplitMix64(seed: 11)
        let executions = (0..<200).map { n -> Execution in
            let t = Int64(n) * 10_000
            var records = [Self.record("api-1", t, "scan req=\(n)")]
            switch rng.next() % 10 {
            case 0:
                var refused = Self.record("api-1", t + 100, "read from 10.20.3.11:8443 timed out; failing over to 10.40.3.11:8443 req=\(n)")
                refused.level = "WARN"
                records += [refused, Self.record("parcels-euc1", t + 200, "parcel read req=\(n)"),
                            Self.record("api-1", t + 300, "read answered by 10.40.3.11:8443 req=\(n)")]
            case 1:
                records += [Self.record("api-1", t + 100, "connection refused: /10.20.3.11:8443 req=\(n)"),
                            Self.record("parcels-euc1", t + 200, "parcel read req=\(n)"),
                            Self.record("api-1", t + 300, "read answered by 10.40.3.11:8443 req=\(n)")]
            default:
                records += [Self.record("parcels-euw1", t + 200, "parcel read req=\(n)"), Self.record("api-1", t + 300, "read done req=\(n)")]
            }
            return Execution(id: "req=\(n)", ids: [ExecutionID(kind: "req", value: "\(n)")], events: records)
        }
        #expect(HostAliases.learn(executions).hosts == ["10.40.3.11:8443": "parcels-euc1"])
    }

    @Test func anAddressOfTwoHostsOrSeenTooRarelyStandsForNone() {
        // A virtual address in front of both backends comes with each half the time.
        let shared = Self.executions(100).map { execution -> Execution in
            var execution = execution
            execution.events = execution.events.map { e in
                e.host == "front-7" ? Self.record("front-7", e.time! / 1000, "access upstream 10.9.0.40:80") : e
            }
            return execution
        }
        #expect(HostAliases.learn(shared).isEmpty)
        // Four executions are too few to tell.
        #expect(HostAliases.learn(Self.executions(4)).isEmpty)
    }

    /// `count` executions, each with a record of every host in `hosts(n)`, the first of them naming
    /// the addresses in `addresses(n)`.
    static func executions(_ count: Int, hosts: (Int) -> [String], addresses: (Int) -> [String]) -> [Execution] {
        (0..<count).map { n in
            let records = hosts(n).enumerated().map { k, host in
                record(host, Int64(n * 1000 + k), k == 0 ? "work " + addresses(n).joined(separator: " ") : "work")
            }
            return Execution(id: "req=\(n)", ids: [ExecutionID(kind: "req", value: "\(n)")], events: records)
        }
    }

    @Test func eachConditionOfTheRuleRefusesAnAddress() {
        // Comes with app-a 80% of the time: not 95%.
        let loose = Self.executions(100, hosts: { n in n < 32 || (n >= 40 && n < 48) ? ["lb", "app-a"] : ["lb", "app-b"] },
                                    addresses: { n in n < 40 ? ["10.9.0.11:80"] : [] })
        #expect(HostAliases.learn(loose).isEmpty)
        // Always with app-a, but in a fifth of app-a's executions: a client app-a served every time.
        let client = Self.executions(200, hosts: { n in n % 2 == 0 ? ["lb", "app-a"] : ["lb", "app-b"] },
                                     addresses: { n in n % 10 == 0 ? ["198.51.100.7"] : [] })
        #expect(HostAliases.learn(client).isEmpty)
        // Two hosts always logging together (a backend and its sidecar): either could be the one.
        let paired = Self.executions(100, hosts: { n in n % 2 == 0 ? ["lb", "app-a", "mesh-a"] : ["lb", "app-b"] },
                                     addresses: { n in n % 2 == 0 ? ["10.9.0.11:80"] : ["10.9.0.12:80"] })
        #expect(HostAliases.learn(paired).hosts == ["10.9.0.12:80": "app-b"])
        // A host named by its address already (`10.9.0.11:80` writes records): nothing to learn.
        let named = Self.executions(100, hosts: { n in n % 2 == 0 ? ["lb", "10.9.0.11:80"] : ["lb", "app-b"] },
                                    addresses: { n in n % 2 == 0 ? ["10.9.0.11:80"] : [] })
        #expect(HostAliases.learn(named).isEmpty)
        // An address only app-a's own records write (an IIS server's `c-ip`, its client's address on every
        // line) names app-a to no one: it is no alias of app-a.
        let own = Self.executions(100, hosts: { n in n % 2 == 0 ? ["app-a", "lb"] : ["lb", "app-b"] },
                                  addresses: { n in n % 2 == 0 ? ["10.42.1.17"] : [] })
        #expect(HostAliases.learn(own).isEmpty)
        // The same executions with the address named on app-a's side are learned (the rule's other half).
        let learned = Self.executions(100, hosts: { n in n % 2 == 0 ? ["lb", "app-a"] : ["lb", "app-b"] },
                                      addresses: { n in n % 2 == 0 ? ["10.9.0.11:80"] : [] })
        #expect(HostAliases.learn(learned).hosts == ["10.9.0.11:80": "app-a"])
    }

    @Test func aliasesAreKeptInTheCallGraphAndMergedWhereTheyAgree() throws {
        var graph = CallGraph(executions: 1)
        graph.aliases = HostAliases(["10.9.0.11:8080": "app-a"])
        let read = try CallGraph.read(json: graph.jsonData())
        #expect(read.aliases == graph.aliases)
        #expect(try CallGraph.read(json: CallGraph(executions: 1).jsonData()).aliases.isEmpty)
        var other = CallGraph(executions: 1)
        other.aliases = HostAliases(["10.9.0.11:8080": "app-b", "10.9.0.12:8080": "app-b"])
        #expect(try CallGraph.merge(graph, other).aliases.hosts == ["10.9.0.12:8080": "app-b"])
    }

    /// One request of the generated proxy logs: its number, backend (`app-a` or `app-b`, at random), the
    /// backend's address and the request's id.
    struct Request {
        let n: Int
        let backend: String
        let address: String
        let id: String

        /// A stamp `micros` into the request's 20 ms slot: microseconds, or the whole second (`coarse`).
        func stamp(_ micros: Int, coarse: Bool = false) -> String {
            let total = n * 20_000 + micros
            let second = String(format: "2026-12-06 10:%02d:%02d", total / 60_000_000, (total / 1_000_000) % 60)
            return coarse ? second : second + String(format: ".%06d", total % 1_000_000)
        }
    }

    /// A scratch directory `name` of per-host files (`host.log`, or the path given when it has a `/`:
    /// `app-a/access.log`), the lines `write` adds for each of 150 requests (`files[host or path]`).
    static func proxyLogs(_ name: String, seed: UInt64, _ write: (Request, inout SplitMix64, inout [String: String]) -> Void) throws -> String {
        let directory = TestPaths.scratch() + "/" + name
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var files: [String: String] = [:]
        var rng = SplitMix64(seed: seed)
        for n in 0..<150 {
            let backend = rng.next() % 2 == 0 ? "app-a" : "app-b"
            let request = Request(n: n, backend: backend, address: backend == "app-a" ? "10.9.0.11:8080" : "10.9.0.12:8080",
                                  id: String(format: "%08x", 0x5eed_0000 + n * 7919))
            write(request, &rng, &files)
        }
        for (key, text) in files {
            let path = directory + "/" + (key.contains("/") ? key : key + ".log")
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return directory
    }

    /// Per-host files in layouts no pattern ships: a proxy writing one access line per request after it
    /// answered, naming its upstream by address only; two backends; a store. The proxy's calls are
    /// seen only through the addresses learned.
    /// With `coarse`, the proxy stamps whole seconds: its line, stamped up to a second before the
    /// backend's work, is still read after it.
    @Test(arguments: [false, true])
    func inferReadsAProxysOneRecordAsACallToTheBackendItsAddressStandsFor(coarse: Bool) throws {
        let directory = try Self.proxyLogs("proxy-\(coarse)", seed: 11) { r, rng, files in
            files[r.backend, default: ""] += "\(r.stamp(200)) app INFO begin request id=\(r.id) peer=10.9.0.5\n"
            if rng.next() % 3 != 0 { files["store-1", default: ""] += "\(r.stamp(400)) | lookup | id=\(r.id) | rows=1\n" }
            files[r.backend, default: ""] += "\(r.stamp(600)) app INFO end request id=\(r.id) status=ok\n"
            files["front-7", default: ""] += "\(r.stamp(900, coarse: coarse)) front id=\(r.id) code=200 took=0.8ms upstream=\(r.address)\n"
        }
        let result = try CLI.run(["infer", "-q", "--format", "json", directory])
        #expect(result.status == 0, "\(result.stderr)")
        let model = try CausalModel.read(json: result.stdout)
        let calls = try #require(model.calls)
        #expect(calls.aliases.hosts == ["10.9.0.11:8080": "app-a", "10.9.0.12:8080": "app-b"])
        // The clocks' evidence counts the proxy's records naming its backends too.
        #expect(model.clockConstraints.pairs.contains { $0.a == "front-7" && $0.b == "app-a" && $0.named > 0 })
        let edges = Set(calls.hostEdges.map { "\($0.from) -> \($0.to) \($0.kind.rawValue)" })
        #expect(edges.contains("front-7 -> app-a sync") && edges.contains("front-7 -> app-b sync"), "\(edges)")
        #expect(!edges.contains { $0.hasPrefix("app-a -> front-7") || $0.hasPrefix("app-b -> front-7") }, "\(edges)")
        let text = try CLI.run(["infer", directory])
        #expect(text.text.contains("addresses learned for hosts (2; records name the hosts by them):\n  10.9.0.11:8080 = app-a\n  10.9.0.12:8080 = app-b"), "\(text.text)")
        // The proxy's line reports the response: the backend that answered is in its past, and in every
        // support of an outcome read on it.
        let redundancy = try CLI.run(["model", "-q", "--outcome", "code=200", directory])
        #expect(redundancy.status == 0, "\(redundancy.stderr)")
        let supports = redundancy.text.split(separator: "\n").filter { $0.contains("support ") }
        #expect(!supports.isEmpty && supports.allSatisfy { $0.contains("crash:role:app") && $0.contains("crash:role:front") }, "\(redundancy.text)")
        // No message runs from the backend to the proxy: the line follows the answer of its own call.
        #expect(!redundancy.text.contains("delay:edge:app->front"), "\(redundancy.text)")
    }

    /// Two proxies sharing the traffic: each proxy's address is learned too (it logs in half of the
    /// executions), and the backends' access lines open with it, their requester's: a source, so no call
    /// runs from a backend to a proxy.
    @Test func aBackendsAccessLineNamesTheProxyAsItsRequester() throws {
        let directory = try Self.proxyLogs("two-proxies", seed: 13) { r, rng, files in
            let proxy = rng.next() % 2 == 0 ? ("front-7", "10.9.0.5") : ("front-8", "10.9.0.6")
            files["\(r.backend)/app.log", default: ""] += "\(r.stamp(200)) app INFO begin request id=\(r.id)\n"
            files["\(r.backend)/app.log", default: ""] += "\(r.stamp(600)) app INFO end request id=\(r.id) status=ok\n"
            files["\(r.backend)/access.log", default: ""] += "\(proxy.1) | \(r.stamp(650)) | GET /orders?id=\(r.id) HTTP/1.1 | 200 | 512\n"
            files["\(proxy.0)/access.log", default: ""] += "\(r.stamp(900)) front id=\(r.id) code=200 took=0.8ms upstream=\(r.address)\n"
        }
        let result = try CLI.run(["infer", "-q", "--format", "json", directory])
        #expect(result.status == 0, "\(result.stderr)")
        let calls = try #require(try CausalModel.read(json: result.stdout).calls)
        #expect(calls.aliases.hosts == ["10.9.0.11:8080": "app-a", "10.9.0.12:8080": "app-b", "10.9.0.5": "front-7", "10.9.0.6": "front-8"])
        #expect(calls.serviceEdges.map { "\($0.from) -> \($0.to)" } == ["front -> app"], "\(calls.serviceEdges)")
    }

    @Test func anAccessLineOpensWithItsRequester() {
        let references = HostReferences(hosts: ["front-7", "app-a"], aliases: HostAliases(["10.9.0.5": "front-7"]))
        func named(_ message: String, fields: [Field] = []) -> [String] {
            let event = Event(source: SourceLocation(file: "a.log", line: 1), host: "app-a", type: "T", template: message,
                              fields: fields, message: message)
            return references.named(by: event, own: "app-a").map { "\($0.host) \($0.isSource ? "source" : "receiver")" }
        }
        #expect(named("10.9.0.5 - - [06/Dec/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 512") == ["front-7 source"])
        #expect(named("\"GET / HTTP/1.1\" 200 512", fields: [Field(name: "label", value: "10.9.0.5")]) == ["front-7 source"])
        // A first field saying where the call went names the receiver.
        #expect(named("200 OK", fields: [Field(name: "upstream_addr", value: "10.9.0.5"), Field(name: "status", value: "200")]) == ["front-7 receiver"])
        // Not a response, or not opening the record: named as usual.
        #expect(named("10.9.0.5 is slow") == ["front-7 receiver"])
        #expect(named("GET / HTTP/1.1 200 via 10.9.0.5") == ["front-7 receiver"])
    }

    /// A proxy resending a request to the same backend after a timeout, naming it by address only: the
    /// retried call is the backend's (its delay is what timed out), as when the proxy names it by name.
    @Test func aRetryToTheSameAddressIsACallToItsHostRetried() throws {
        let directory = try Self.proxyLogs("proxy-retry", seed: 5) { r, _, files in
            files["front-7", default: ""] += "\(r.stamp(50)) front forward id=\(r.id) to upstream=\(r.address)\n"
            let start = r.n % 5 == 0 ? 3_100 : 0
            if start > 0 {
                files["front-7", default: ""] += "\(r.stamp(3_050)) front ERROR id=\(r.id) upstream timed out\n"
                files["front-7", default: ""] += "\(r.stamp(3_100)) front forward id=\(r.id) to upstream=\(r.address)\n"
            }
            files[r.backend, default: ""] += "\(r.stamp(start + 400)) app INFO begin request id=\(r.id)\n"
            files[r.backend, default: ""] += "\(r.stamp(start + 600)) app INFO end request id=\(r.id) status=ok\n"
            files["front-7", default: ""] += "\(r.stamp(start + 900)) front done id=\(r.id) code=200\n"
        }
        let result = try CLI.run(["model", "-q", "--outcome", "code=200", directory])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.text.contains(": app -> app after timeout ×30 in 30 executions"), "\(result.text)")
    }

    /// A backend writing on after it answered (an audit flush) has the proxy's access line inside its
    /// records: still the proxy's call, since only the caller reports the response of a call it names.
    @Test func anAccessLineInsideItsBackendsRecordsIsStillTheProxysCall() {
        func calls(_ access: String) -> Set<[String]> {
            let execution = CallGraphTests.execution("1", [
                CallGraphTests.record("app-b", 100, "begin"),
                CallGraphTests.record("front-7", 500, access),
                CallGraphTests.record("app-b", 900, "audit flushed"),
            ])
            let found = ExecutionCalls(execution, order: CallGraphTests.order, aliases: HostAliases(["10.9.0.11:8080": "app-b"]))
            return CallGraphTests.pairs(found)
        }
        #expect(calls("access code=200 upstream 10.9.0.11:8080") == [["front-7", "app-b"]])
        // Naming the backend without a response is the callee naming its caller, as before.
        #expect(calls("access upstream 10.9.0.11:8080") == [["app-b", "front-7"]])
    }

    @Test func aResponseIsAStatusAfterAStatusWordOrAnHTTPVersion() {
        func event(_ message: String, fields: [Field] = []) -> Event {
            Event(source: SourceLocation(file: "a.log", line: 1), host: "a", type: "T", template: message, fields: fields, message: message)
        }
        #expect(LogSignals.reportsResponse(event("front id=1 code=200 took=0.8ms upstream=10.9.0.11:8080")))
        #expect(LogSignals.reportsResponse(event("1.2.3.4 - - \"GET /product/20 HTTP/1.1\" 304 0")))
        #expect(LogSignals.reportsResponse(event("{\"statusCode\": 503}")))
        #expect(LogSignals.reportsResponse(event("done", fields: [Field(name: "response_code", value: "200")])))
        #expect(!LogSignals.reportsResponse(event("retry code=42 after 200 ms")))
        #expect(!LogSignals.reportsResponse(event("sent 200 bytes to 10.9.0.11")))
        #expect(!LogSignals.reportsResponse(event("status=ok")))
        #expect(!LogSignals.reportsResponse(event("done", fields: [Field(name: "bytes", value: "200")])))
    }
}
