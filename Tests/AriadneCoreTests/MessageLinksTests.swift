import Foundation
import Testing
@testable import AriadneCore

/// Messages read from an id two hosts share (`MessageLinks`): a queue's message id logged by the
/// publisher and the consumer. Unit cases on hand-made executions, then a generated system whose
/// consumer starts 4–24 ms after the publisher, on clocks a few milliseconds apart.
@Suite struct MessageLinksTests {
    static func record(_ host: String, _ micros: Int64, _ message: String, _ ids: [String]) -> Event {
        Event(source: SourceLocation(file: "\(host).log", line: Int(micros)), time: micros * 1000, host: host,
              executionIDs: ids.map { let p = $0.split(separator: "="); return ExecutionID(kind: String(p[0]), value: String(p[1])) },
              type: message, template: message, message: message)
    }

    @Test func theHostStartingWithTheSharedIDReceivesIt() {
        let events = [Self.record("gw-1", 0, "received", ["trace=t1"]), Self.record("app-1", 100, "handling", ["trace=t1"]),
                      Self.record("app-1", 200, "published job", ["trace=t1", "job=j1"]), Self.record("gw-1", 300, "answered", ["trace=t1"]),
                      Self.record("worker-1", 9_000, "job started", ["job=j1"]), Self.record("worker-1", 9_500, "job done", ["job=j1"])]
        let links = MessageLinks(events)
        #expect(links.receivers == [2: ["worker-1"]] && links.sources == [4: ["app-1"]] && links.answered.isEmpty)
        let namings = ExecutionCalls.namings(events)
        #expect(namings.contains { $0.event == 2 && $0.host == "worker-1" && !$0.isSource && $0.byMessageID && !$0.answered })
        // The sender logging the id again waited for an answer: a call.
        var called = events
        called.insert(Self.record("app-1", 9_600, "job j1 finished", ["trace=t1", "job=j1"]), at: 6)
        #expect(MessageLinks(called).answered == [[2, 4]])
    }

    /// A callee's records after the one that took the request are its own work, and its records before
    /// the one that answered are not answers: one message each way, with or without the model's
    /// relations (which put every gateway record before every orders one, and those before `completed`).
    @Test func oneMessageBetweenASendingRecordAndAReceivingProcess() {
        let events = [Self.record("gw-1", 0, "received", []), Self.record("gw-1", 100, "forwarding", []),
                      Self.record("orders-1", 2_000, "Received order", []), Self.record("orders-1", 3_000, "Reserving stock", []),
                      Self.record("orders-1", 4_000, "Publishing", []), Self.record("orders-1", 5_000, "responding 201", []),
                      Self.record("gw-1", 7_000, "completed", [])]
        let processes: [AriadneCore.Process?] = events.map { .host($0.host!) }
        let order = ExecutionOrder(bound: 500_000)
        let plain = ExecutionView.messages(events: events, processes: processes, order: order, relations: ExecutionView.Relations([]))
        #expect(plain.map { [$0.link.0, $0.link.1] } == [[1, 2], [5, 6]], "\(plain.map(\.link))")
        let before = ["received", "forwarding"].flatMap { a in
            ["Received order", "Reserving stock", "Publishing", "responding 201"].map { ModelEdge(before: a, after: $0, support: 9) }
        } + ["Received order", "Reserving stock", "Publishing", "responding 201"].map { ModelEdge(before: $0, after: "completed", support: 9) }
        let modelled = ExecutionView.messages(events: events, processes: processes, order: order, relations: ExecutionView.Relations(before))
        #expect(Set(modelled.map { [$0.link.0, $0.link.1] }) == [[1, 2], [5, 6]], "\(modelled.map(\.link))")
    }

    @Test func noMessageWhereTheRecordsCannotTellWhoSentIt() {
        // Both hosts start with the id; an execution of two hosts (the id is the execution's own).
        let both = [Self.record("a-1", 0, "x", ["t=1"]), Self.record("b-1", 10, "y", ["t=1", "m=7"]),
                    Self.record("c-1", 20, "z", ["m=7", "t=1"])]
        #expect(MessageLinks(both).isEmpty)
        let two = [Self.record("a-1", 0, "x", ["t=1"]), Self.record("a-1", 5, "send", ["t=1", "m=7"]), Self.record("b-1", 10, "y", ["m=7"])]
        #expect(MessageLinks(two).isEmpty)
    }

    static func span(_ host: String, _ micros: Int64, _ message: String, span: String, parent: String?) -> Event {
        Event(source: SourceLocation(file: "\(host).log", line: Int(micros)), time: micros * 1000, host: host,
              executionIDs: [ExecutionID(kind: "trace", value: "t1")], type: message, template: message,
              fields: [Field(name: "span_id", value: span)] + (parent.map { [Field(name: "parentSpanId", value: $0)] } ?? []),
              message: message)
    }

    @Test func aParentSpanNamesItsCaller() {
        let events = [Self.span("api-1", 0, "received", span: "a1", parent: nil), Self.span("svc-1", 100, "working", span: "s1", parent: "a1"),
                      Self.span("db-1", 200, "query", span: "d1", parent: "s1"), Self.span("svc-1", 300, "done", span: "s1", parent: "a1"),
                      Self.span("api-1", 400, "answered", span: "a1", parent: nil)]
        let links = MessageLinks(events)
        #expect(links.callers == [1: ["api-1"], 2: ["svc-1"], 3: ["api-1"]])
        for name in ["parent_span_id", "ParentSpanId", "parentSpanId", "parent_id", "span.parent_id", "parentSpan"] {
            #expect(MessageLinks.isParentField(name), "\(name)")
        }
        for name in ["parent", "transparent_id", "apparent", "span_id", "parents_count", "p"] {
            #expect(!MessageLinks.isParentField(name), "\(name)")
        }
        let namings = ExecutionCalls.namings(events)
        #expect(namings.contains { $0.event == 2 && $0.host == "svc-1" && $0.isSource && $0.byMessageID })
    }

    /// OpenTelemetry JSON log records (body, severity_text, resource.service.name, span ids): api-1 calls
    /// auth-1 and store-1, store-1 calls db-1. db-1's work falls after store-1's last record in half the
    /// runs (store-1 logs only before calling), so timing alone read it as api-1's call; its
    /// `parent_span_id` names store-1's span.
    @Test func openTelemetryRecordsGiveTheCallGraphByTheirParentSpans() throws {
        var lines: [String: [String]] = [:]
        let start: Int64 = 1_773_480_413_000_000
        func log(_ pod: String, _ service: String, _ t: Int64, _ body: String, trace: String, span: String, parent: String?) {
            let stamp = RequestFlows.format(t, "yyyy-MM-ddTHH:mm:ss.SSSSSS") + "Z"
            let parentField = parent.map { #","parent_span_id":"\#($0)""# } ?? ""
            lines[pod, default: []].append(#"{"timestamp":"\#(stamp)","severity_text":"INFO","body":"\#(body)","resource":{"service.name":"\#(service)","k8s.pod.name":"\#(pod)"},"trace_id":"\#(trace)","span_id":"\#(span)"\#(parentField)}"#)
        }
        for r in 0..<40 {
            let t0 = start + Int64(r) * 20_000, trace = String(format: "%032x", r * 2_654_435_761 + 7)
            let (a, u, s, d) = (String(format: "a%015x", r), String(format: "b%015x", r), String(format: "c%015x", r), String(format: "d%015x", r))
            log("api-1", "api", t0, "request received", trace: trace, span: a, parent: nil)
            log("auth-1", "auth", t0 + 500, "token verified", trace: trace, span: u, parent: a)
            log("auth-1", "auth", t0 + 700, "token ok", trace: trace, span: u, parent: a)
            log("store-1", "store", t0 + 1_500, "storing object", trace: trace, span: s, parent: a)
            let late: Int64 = r % 2 == 0 ? 3_000 : 1_900
            log("db-1", "db", t0 + late, "INSERT INTO objects", trace: trace, span: d, parent: s)
            log("db-1", "db", t0 + late + 200, "statement complete", trace: trace, span: d, parent: s)
            log("api-1", "api", t0 + 4_000, "upload accepted", trace: trace, span: a, parent: nil)
        }
        let directory = TestPaths.scratch()
        for (pod, text) in lines {
            FileManager.default.createFile(atPath: "\(directory)/\(pod).log", contents: Data((text.joined(separator: "\n") + "\n").utf8))
        }
        let events = try CLI.run(["parse", directory + "/db-1.log"])
        #expect(events.text.contains(#""service":"db""#) && events.text.contains(#""level":"INFO""#) && events.text.contains(#""template":"INSERT INTO objects""#),
                "\(events.text.prefix(400))")
        let run = try CLI.run(["infer", "--format", "json", directory])
        #expect(run.status == 0, "\(run.stderr)")
        let model = try CausalModel.read(json: run.stdout)
        let edges = Set((model.calls?.serviceEdges ?? []).map { "\($0.from) -> \($0.to) \($0.kind.rawValue)" })
        #expect(edges == ["api -> auth sync", "api -> store sync", "store -> db sync"], "\(edges)")
    }

    /// gw-1 calls app-1 (or app-2), which publishes a job (`job=…`) that worker-1 takes 4–24 ms later,
    /// after the gateway answered; clocks up to ±3 ms apart, calls of 0.3–1.5 ms. Nothing names the
    /// worker's host: only the job id joins it.
    static func queueSystem(requests: Int) -> String {
        var random = SplitMix64(seed: 3)
        func jitter(_ range: ClosedRange<Int64>) -> Int64 { range.lowerBound + Int64(random.next() % UInt64(range.upperBound - range.lowerBound + 1)) }
        let offsets: [String: Int64] = ["gw-1": 1_200, "app-1": -2_100, "app-2": 2_700, "worker-1": -2_900]
        var lines: [String: [(Int64, String)]] = [:]
        func log(_ host: String, _ t: Int64, _ text: String) {
            let stamp = RequestFlows.format(t + offsets[host]!, "yyyy-MM-ddTHH:mm:ss.SSSSSS")
            lines[host, default: []].append((t, "ts=\(stamp)Z level=info \(text)"))
        }
        let start: Int64 = 1_773_480_413_000_000
        for r in 0..<requests {
            let t0 = start + Int64(r) * 40_000, rid = String(format: "%08x%04x", r * 2_654_435_761 % 4_294_967_291, r)
            let job = String(format: "j-%06x", (r * 7_919 + 13) % 16_777_216), app = r % 2 == 0 ? "app-1" : "app-2"
            var t = t0
            log("gw-1", t, "req_id=\(rid) msg=\"received\"")
            t += jitter(300...1_500); log(app, t, "req_id=\(rid) msg=\"handling\"")
            t += jitter(100...900); log(app, t, "req_id=\(rid) job=\(job) msg=\"published\"")
            let published = t
            t += jitter(100...400); log(app, t, "req_id=\(rid) msg=\"done\"")
            t += jitter(300...1_500); log("gw-1", t, "req_id=\(rid) msg=\"answered\" status=200")
            var w = published + jitter(4_000...24_000)
            log("worker-1", w, "job=\(job) msg=\"started\"")
            w += jitter(200...2_000); log("worker-1", w, "job=\(job) msg=\"mailed\"")
        }
        let directory = TestPaths.scratch()
        for (host, entries) in lines {
            let text = entries.sorted { $0.0 < $1.0 }.map(\.1).joined(separator: "\n") + "\n"
            FileManager.default.createFile(atPath: "\(directory)/\(host).log", contents: Data(text.utf8))
        }
        return directory
    }

    /// A call whose sender logs its id once (`fraud check requested req=r-1`, then `fraud check passed`
    /// without it): the receiver's first record lies between the send and the sender's next record, on
    /// clocks 7 ms apart, in every execution, and that bounds the receiver's clock against the sender's.
    /// Without that reading, a receiver by message id fitted into no interval and got no estimate.
    @Test func aCalleeReachedByAnIDItsCallerLoggedOnceIsPlacedBetweenTheSendAndTheNextRecord() throws {
        let skew: Int64 = -7_000 // fraud-1's clock, µs behind the others
        let executions = (0..<20).map { k -> Execution in
            let base = Int64(k) * 100_000, latency = 300 + Int64(k) * 20
            let t = ["transfer=t\(k)"], both = ["transfer=t\(k)", "req=r\(k)"]
            return Execution(id: "transfer=t\(k)", ids: [ExecutionID(kind: "transfer", value: "t\(k)")], events: [
                Self.record("gw-1", base, "accepted", t), Self.record("saga-1", base + 1_000, "transfer accepted", t),
                Self.record("saga-1", base + 2_000, "fraud check requested", both),
                Self.record("fraud-1", base + 2_000 + latency + skew, "score request received", ["req=r\(k)"]),
                Self.record("fraud-1", base + 5_500 + latency + skew, "score computed", ["req=r\(k)"]),
                Self.record("saga-1", base + 7_000, "fraud check passed", t), Self.record("saga-1", base + 10_000, "transfer committed", t),
                Self.record("gw-1", base + 14_000, "answered", t),
            ])
        }
        #expect(MessageLinks(executions[0].events).answered.isEmpty)
        let solved = try #require(ClockCalibration.solve(executions))
        let bounds = try #require(solved.bounds(from: "saga-1", to: "fraud-1"))
        // The fastest request bounds it from above (the receipt follows the send); the next record, from below.
        #expect(bounds.contains(skew * 1_000) && bounds.upperBound - skew * 1_000 <= 1_000_000
                && bounds.upperBound - bounds.lowerBound <= 6_000_000, "\(bounds)")
    }

    /// The worker's job is the application's message: app → worker one-way, not a call from the
    /// gateway (whose interval the worker's work fell after), its clock not fitted into any interval, and
    /// the publishing record in the causal past of the worker's last.
    @Test func aQueuedJobIsAOneWayMessageFromItsPublisher() throws {
        let directory = Self.queueSystem(requests: 80)
        let run = try CLI.run(["infer", "--format", "json", directory])
        #expect(run.status == 0, "\(run.stderr)")
        let model = try CausalModel.read(json: run.stdout)
        #expect(model.executions == 80)
        let edges = Set((model.calls?.serviceEdges ?? []).map { "\($0.from) -> \($0.to) \($0.kind.rawValue)" })
        #expect(edges == ["gw -> app sync", "app -> worker oneway"], "\(edges)")
        // Fitted into the gateway's or the application's interval, the worker's clock came out 4–24 ms off.
        if let worker = model.clocks?.offsets.first(where: { $0.host == "worker-1" }),
           let gateway = model.clocks?.offsets.first(where: { $0.host == "gw-1" }), worker.anchor == gateway.anchor {
            #expect(abs((worker.offset - gateway.offset) - (-2_900_000 - 1_200_000)) <= 1_500_000, "\(worker) \(gateway)")
        }
        let supports = try CLI.run(["model", "--format", "json", "--outcome", "mailed", directory])
        #expect(supports.status == 0, "\(supports.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: supports.stdout) as? [String: Any])
        let text = String(decoding: try JSONSerialization.data(withJSONObject: document["outcomes"] ?? []), as: UTF8.self)
        // The application's message is in the worker's causal past: the supports hold its edge, not the gateway's.
        #expect(text.contains("crash:role:app") && text.contains("app->worker") && !text.contains("gw->worker"), "\(text.prefix(600))")
    }
}
