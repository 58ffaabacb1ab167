import Testing
@testable import AriadneCore

/// The discovery stage in the pipeline: every event grouped once, whatever the sample size, exactly as
/// a naive grouping by the generated request ids; the decision on a stream after wall-clock time.
@Suite struct IDDiscoveryStageTests {
    /// A record of `host` at `at` with `message`, line `line` of the host's file.
    static func record(_ host: String, _ at: Int64, _ message: String, line: Int) -> Event {
        Event(source: SourceLocation(file: host + ".log", line: line), time: at, host: host, type: "t", template: "", message: message)
    }

    /// A pipeline that discovered ids on `events` (any sample size) and grouped them, executions kept.
    static func discovered(_ events: [Event]) -> InferencePipeline {
        let pipeline = InferencePipeline(grouping: GroupingOptions(), inference: InferenceOptions(), keepExecutions: true,
                                         discovery: IDDiscoveryOptions(minRecords: 1, minRecordShare: 0))
        for event in events { pipeline.add(event) }
        _ = pipeline.finish()
        return pipeline
    }

    @Test func executionsEqualANaiveGroupingForAnySampleSize() {
        var random = SplitMix64(seed: 99)
        var compared = 0
        for round in 0..<60 {
            let requests = 8 + Int(random.next() % 40)
            var events: [Event] = []
            var expected: [String: Set<Int>] = [:]
            var open: [Int] = []
            var next = 0
            var line = 0
            while next < requests || !open.isEmpty {
                if next < requests, open.count < 4 || random.next() % 3 == 0 {
                    open.append(next)
                    next += 1
                }
                let pick = Int(random.next() % UInt64(open.count))
                let r = open[pick]
                line += 1
                let id = "r\(round)-\(r)"
                expected[id, default: []].insert(line)
                var fields = [Field(name: "req", value: id), Field(name: "env", value: "prod")]
                if random.next() % 4 == 0 { fields.removeFirst() }
                events.append(Event(source: SourceLocation(file: "f", line: line), time: Int64(line) * 1_000_000,
                                    host: "h\(r % 3)", type: "t", template: "", fields: fields, message: "step"))
                if random.next() % 3 == 0 { open.remove(at: pick) }
            }
            // Events without a req field belong to no execution.
            let withID = Set(events.filter { $0.field("req") != nil }.map(\.source.line))
            let naive = Set(expected.values.map { $0.intersection(withID) }.filter { !$0.isEmpty })
            let sample = 1 + Int(random.next() % UInt64(events.count + 5))
            let pipeline = InferencePipeline(grouping: GroupingOptions(), inference: InferenceOptions(), keepExecutions: true,
                                             discovery: IDDiscoveryOptions(sampleEvents: sample, minRecords: 1, minRecordShare: 0,
                                                                           minValues: 1, maxTopValueShare: 1, minRepeatedShare: 0, maxSpan: 1))
            for event in events { pipeline.add(event) }
            _ = pipeline.finish()
            let report = pipeline.discoveryReport
            #expect(report?.sampledEvents == min(sample, events.count))
            #expect(pipeline.linkReport.events == events.count)
            guard report?.chosenKinds == ["req"] else {
                // Only a sample too small to show two values of req may choose nothing.
                #expect(pipeline.discoveryError != nil && Set(events.prefix(sample).compactMap { $0.field("req") }).count <= 1)
                continue
            }
            compared += 1
            let got = Set(pipeline.executions.map { Set($0.events.map(\.source.line)) })
            #expect(got == naive, "round \(round), sample \(sample)")
        }
        #expect(compared >= 40)
    }

    @Test func aStreamDecidesAfterWallClockTime() {
        var now: Int64 = 0
        let stage = IDDiscoveryStage(options: IDDiscoveryOptions(decideAfterWallClock: 10, minRecords: 1, minRecordShare: 0),
                                     groupBy: nil, wallClock: { now })
        var out: [Event] = []
        for i in 0..<40 {
            let event = Event(source: SourceLocation(file: "-", line: i + 1), type: "t", template: "",
                              message: "order=o-\(i / 2) step")
            out += stage.add(event)
        }
        #expect(out.isEmpty && stage.isBuffering)
        #expect(stage.closeIdle().isEmpty)
        now = 11
        out += stage.closeIdle()
        #expect(out.count == 40)
        #expect(stage.report?.chosenKinds == ["order"])
        #expect(out.allSatisfy { $0.executionIDs.map(\.kind) == ["order"] })
        let later = stage.add(Event(source: SourceLocation(file: "-", line: 41), type: "t", template: "", message: "order=o-99"))
        #expect(later.first?.executionIDs == [ExecutionID(kind: "order", value: "o-99")])
    }

    @Test func longRecordsEndTheSampleEarly() {
        let stage = IDDiscoveryStage(options: IDDiscoveryOptions(sampleBytes: 1000, minRecords: 1, minRecordShare: 0), groupBy: nil)
        var out: [Event] = []
        for i in 0..<30 {
            let padding = String(repeating: "x", count: 90)
            out += stage.add(Event(source: SourceLocation(file: "f", line: i + 1), type: "t", template: "",
                                   message: "order=o-\(i / 2) \(padding)"))
        }
        #expect(stage.report?.sampledEvents == 10)
        #expect(out.count == 30)
        #expect(out.allSatisfy { $0.executionIDs == [ExecutionID(kind: "order", value: $0.message.split(separator: " ")[0].dropFirst(6).description)] })
    }

    @Test func eventsWithTheirOwnIDsLeaveDiscoveryToTheOthers() {
        let stage = IDDiscoveryStage(options: IDDiscoveryOptions(), groupBy: nil)
        let plain = Event(source: SourceLocation(file: "f", line: 1), type: "t", template: "", message: "starting")
        let withID = Event(source: SourceLocation(file: "f", line: 2), executionIDs: [ExecutionID(kind: "block", value: "b1")],
                           type: "t", template: "", message: "b1")
        #expect(stage.add(plain).isEmpty && stage.add(withID).isEmpty && stage.add(plain).isEmpty)
        // Nothing found among the events without ids: no error, the patterns' ids group the rest.
        #expect(stage.finish() == [plain, withID, plain])
        #expect(stage.error == nil && stage.report?.patternKinds == ["block"] && stage.report?.chosenKinds == [])
        #expect(stage.report?.groupBy == [])
        #expect(stage.report?.summary().contains("events whose pattern names none (the others carry block)") == true)
        // Every event with ids of its own: nothing to discover, nothing found wanting.
        let none = IDDiscoveryStage(options: IDDiscoveryOptions(), groupBy: nil)
        #expect(none.add(withID).isEmpty && none.finish() == [withID] && none.report == nil && none.error == nil)
        // The first 10,000 events all with ids of their own (one block each): the sample ends there.
        let named = IDDiscoveryStage(options: IDDiscoveryOptions(), groupBy: nil)
        let blocks = (0..<IDDiscoveryStage.allNamedAfter).map { i in
            Event(source: SourceLocation(file: "f", line: i + 2), executionIDs: [ExecutionID(kind: "block", value: "b\(i)")],
                  type: "t", template: "", message: "b\(i)")
        }
        for block in blocks.dropLast() { _ = named.add(block) }
        #expect(named.add(blocks.last!).count == IDDiscoveryStage.allNamedAfter && named.add(plain) == [plain] && named.report == nil)
        // On a stream, an event with ids of its own is not held while nothing is.
        let stream = IDDiscoveryStage(options: IDDiscoveryOptions(decideAfterWallClock: 1_000_000_000), groupBy: nil)
        #expect(stream.add(withID) == [withID] && stream.add(plain).isEmpty && stream.add(withID).isEmpty)
        let short = IDDiscoveryStage(options: IDDiscoveryOptions(sampleEvents: 2), groupBy: nil)
        #expect(short.add(withID).isEmpty && short.add(withID) == [withID, withID] && short.add(plain) == [plain] && short.report == nil)
    }
}

/// A kind that carries a chosen kind's values under another name (an ingress's `rid=` beside the
/// application's `request_id=`) is that kind: its records join the same executions, though alone (one
/// record per value) it would be rejected. A kind sharing fewer than half its values is not.
@Suite struct IDAliasTests {
    static func events(requests: Int, sharedUsers: Bool) -> [Event] {
        var events: [Event] = []
        var line = 0
        func add(_ host: String, _ message: String) {
            line += 1
            events.append(Event(source: SourceLocation(file: host + ".log", line: line), time: Int64(line) * 1_000_000, host: host,
                                type: "t", template: "", message: message))
        }
        for r in 0..<requests {
            let id = String(format: "%08x", (r + 1) * 2_654_435_761 % 4_294_967_291)
            add("app-1", "request_id=\(id) handling order \(r)")
            add("app-1", "request_id=\(id) user=u\(sharedUsers ? r % 3 : r) returning 1 order")
            add("ingress", "GET /orders/\(r) 200 rid=\(id) user=u\(r + 1000)")
        }
        return events
    }

    @Test func anotherNameForTheChosenKindJoinsItsExecutions() {
        let events = Self.events(requests: 40, sharedUsers: false)
        let report = IDDiscovery.decide(events: events, options: IDDiscoveryOptions(minRecords: 1, minRecordShare: 0))
        let rid = report.kinds.first { $0.kind == "rid" }
        #expect(report.kinds.first { $0.kind == "request_id" }?.chosen == true)
        #expect(rid?.chosen == true && rid?.aliasOf == "request_id", "\(report.summary())")
        #expect(rid?.line.hasSuffix("chosen (the values of request_id under another name)") == true)
        // `user` shares no value with request_id: not an alias, whatever else it is.
        #expect(report.kinds.first { $0.kind == "user" }?.aliasOf == nil)
        let pipeline = IDDiscoveryStageTests.discovered(events)
        #expect(pipeline.executions.count == 40)
        #expect(pipeline.executions.allSatisfy { $0.events.count == 3 && Set($0.events.compactMap(\.host)) == ["app-1", "ingress"] })
        #expect(pipeline.executions.allSatisfy { $0.ids.allSatisfy { $0.kind == "request_id" } })
    }

    /// Two components write `rid=`: the ingress the application's full request id, a license server
    /// only its first eight digits (values of its own). Fewer than half of all `rid` values are
    /// `request_id`'s, but all of the ingress's are: it is that kind on the ingress, and the ingress's
    /// records join their executions.
    @Test func aKindSharedByOneComponentIsAnAliasThoughAnotherWritesOtherValuesUnderItsName() {
        var events: [Event] = []
        func add(_ host: String, _ message: String) {
            events.append(Event(source: SourceLocation(file: host + ".log", line: events.count + 1), time: Int64(events.count) * 1_000_000,
                                host: host, type: "t", template: "", message: message))
        }
        for r in 0..<40 {
            let id = String(format: "%08x%08x", (r + 1) * 2_654_435_761 % 4_294_967_291, (r + 7) * 40_503 % 65_521)
            for step in ["handling order", "reserving stock", "charging", "charged", "returning 1 order"] {
                add("app-1", "request_id=\(id) \(step)")
            }
            add("ingress", "GET /orders/\(r) 200 rid=\(id)")
            add("license-1", "license requested rid=\(id.prefix(8))x")
            add("license-1", "license issued rid=\(id.prefix(8))x")
            add("license-1", "license cached rid=\(id.prefix(8))y")
        }
        let report = IDDiscovery.decide(events: events, options: IDDiscoveryOptions(minRecords: 1, minRecordShare: 0))
        #expect(report.kinds.first { $0.kind == "rid" }?.aliasOf == "request_id", "\(report.summary())")
        let pipeline = IDDiscoveryStageTests.discovered(events)
        let withIngress = pipeline.executions.filter { $0.events.contains { $0.host == "ingress" } }
        #expect(withIngress.count == 40 && withIngress.allSatisfy { $0.events.filter { $0.host == "app-1" }.count == 5 })
    }

    /// A worker tags its lines with the request id's first eight hex digits (`tag=eba630a1`), and a
    /// scheduler writes its threads under the same name all along (`tag=pool-7`), so the kind alone is
    /// rejected as long-lived: its short values are still the request ids cut short, each standing for the
    /// one request id it begins, and the threads are no ids. The worker's lines join their requests'
    /// executions, even when its file comes first, and no execution joins two requests.
    @Test func shortIDsStandForTheOneIDTheyBegin() {
        for workerFirst in [false, true] {
            var app: [Event] = [], worker: [Event] = [], scheduler: [Event] = []
            func event(_ host: String, _ time: Int64, _ message: String) -> Event {
                Event(source: SourceLocation(file: host + ".log", line: Int(time + 100)), time: time * 1_000_000, host: host,
                      type: "t", template: "", message: message)
            }
            for r in 0..<40 {
                let id = String(format: "%08x%08x%08x", (r + 1) * 2_654_435_761 % 4_294_967_291, (r + 7) * 40_503 % 65_521, r * 977 + 13)
                let t = Int64(r) * 100
                app.append(event("app-1", t, "request_id=\(id) received"))
                app.append(event("app-1", t + 1, "request_id=\(id) dispatched tag=pool-\(r)"))
                app.append(event("app-1", t + 2, "request_id=\(id) answered"))
                worker.append(event("worker-1", t + 5, "push sent tag=\(id.prefix(8))"))
                worker.append(event("worker-1", t + 6, "push acknowledged tag=\(id.prefix(8))"))
            }
            for k in 0..<60 {
                scheduler.append(event("scheduler-1", Int64(k) - 90, "tick tag=pool-\(k)"))
                scheduler.append(event("scheduler-1", 4_000 + Int64(k), "tick tag=pool-\(k)"))
            }
            let events = (workerFirst ? worker + app : app + worker) + scheduler
            let report = IDDiscovery.decide(events: events, options: IDDiscoveryOptions(minRecords: 1, minRecordShare: 0))
            let tag = report.kinds.first { $0.kind == "tag" }
            #expect(tag?.chosen == false && tag?.aliasOf == "request_id" && tag?.abbreviates == 8, "\(report.summary())")
            let pipeline = IDDiscoveryStageTests.discovered(events)
            let requests = pipeline.executions.filter { $0.events.contains { $0.host == "app-1" } }
            #expect(requests.count == 40, "worker first: \(workerFirst): \(pipeline.executions.count)")
            #expect(requests.allSatisfy { e in
                e.events.filter { $0.host == "worker-1" }.count == 2 && e.events.filter { $0.host == "app-1" }.count == 3
                    && !e.events.contains { $0.host == "scheduler-1" }
            }, "worker first: \(workerFirst)")
        }
    }

    @Test func shortValuesSharedByChanceMakeNoAlias() {
        // `item` numbers 1–40 and `order` numbers 1–40 on other records: the same short values, unrelated kinds.
        var events: [Event] = []
        for r in 0..<40 {
            for step in ["placed", "paid"] {
                events.append(Event(source: SourceLocation(file: "a.log", line: events.count + 1), time: Int64(events.count) * 1_000_000,
                                    host: "app-1", type: "t", template: "", message: "order=\((r * 13) % 40 + 1) \(step)"))
            }
            events.append(Event(source: SourceLocation(file: "a.log", line: events.count + 1), time: Int64(events.count) * 1_000_000,
                                host: "stock-1", type: "t", template: "", message: "item=\((r * 7) % 40 + 1) reserved"))
        }
        let report = IDDiscovery.decide(events: events, options: IDDiscoveryOptions(minRecords: 1, minRecordShare: 0))
        #expect(report.kinds.first { $0.kind == "order" }?.chosen == true, "\(report.summary())")
        #expect(report.kinds.first { $0.kind == "item" }?.aliasOf == nil, "\(report.summary())")
    }

    /// A directory where one service's pattern names the ids (`traceId` in JSON) and the others write
    /// the same values as `req_id=`: the gateway's records join the database's executions.
    @Test func aKindCarryingAPatternsIDsTakesItsKind() throws {
        var events: [Event] = []
        for r in 0..<30 {
            let id = String(format: "%08x%08x", r * 2_654_435_761 % 4_294_967_291, r + 17)
            for (host, text) in [("gw-1", "req_id=\(id) received"), ("db-1", "stored"), ("db-1", "flushed"), ("gw-1", "req_id=\(id) answered 200")] {
                let ids = host == "db-1" ? [ExecutionID(kind: "trace", value: id)] : []
                events.append(Event(source: SourceLocation(file: host + ".log", line: events.count + 1), time: Int64(events.count) * 1_000_000,
                                    host: host, executionIDs: ids, type: "t", template: "", message: text))
            }
        }
        let pipeline = IDDiscoveryStageTests.discovered(events)
        let report = try #require(pipeline.discoveryReport)
        #expect(report.patternKinds == ["trace"] && report.sampledEvents == 60)
        #expect(report.kinds.first { $0.kind == "req_id" }?.aliasOf == "trace", "\(report.summary())")
        #expect(report.groupBy == ["req_id=trace", "trace"])
        #expect(pipeline.executions.count == 30)
        #expect(pipeline.executions.allSatisfy { $0.events.count == 4 && $0.ids.allSatisfy { $0.kind == "trace" } })
    }

    /// A syslog file read first, whose pattern names the daemon's pid as its id, beside files whose
    /// records carry the reading's `mid` only (a field there, `mid=` in the syslog message): the syslog
    /// records take the discovered ids too, the pid is not used, so each
    /// reading is one execution with its gateway's record (held until discovery decided, not grouped
    /// by the pid alone).
    @Test func eventsWithIDsOfTheirOwnTakeTheDiscoveredOnesToo() {
        var events: [Event] = []
        let mids = (0..<30).map { String(format: "%012x", ($0 + 1) * 2_654_435_761) }
        // Each reading at its own time: the gateway's record, then the consumer's two, a millisecond apart.
        for (k, mid) in mids.enumerated() {
            events.append(Event(source: SourceLocation(file: "gw-01.log", line: events.count + 1), time: Int64(k) * 10_000_000,
                                host: "gw-01", executionIDs: [ExecutionID(kind: "process", value: "2211")], type: "t", template: "",
                                message: "reading device=dev-7 mid=\(mid)"))
        }
        for (k, mid) in mids.enumerated() {
            for (n, step) in ["consumed", "stored"].enumerated() {
                // The consumer's layout makes `mid` a field; the gateway's syslog has `mid=` in its message.
                events.append(Event(source: SourceLocation(file: "ingest-1.log", line: events.count + 1),
                                    time: Int64(k) * 10_000_000 + Int64(n + 1) * 1_000_000,
                                    host: "ingest-1", type: "t", template: "", fields: [Field(name: "mid", value: mid)], message: step))
            }
        }
        let pipeline = IDDiscoveryStageTests.discovered(events)
        let withGateway = pipeline.executions.filter { $0.events.contains { $0.host == "gw-01" } && $0.events.count == 3 }
        #expect(pipeline.discoveryReport?.patternKindsDropped?.keys.sorted() == ["process"])
        // Later runs of the loop group as this one did: by `mid`, not by the pid.
        #expect(pipeline.discoveryReport?.groupBy == ["mid"])
        #expect(pipeline.discoveryReport?.summary().contains("process (named by a pattern): not used (coarser than mid") == true)
        #expect(withGateway.count == 30, "\(pipeline.executions.map { "\($0.ids) \($0.events.count)" }.prefix(5)) \(pipeline.discoveryReport?.summary() ?? "")")
    }

    /// A proxy's syslog lines, whose pattern names the daemon's pid as their id, carry the request's id
    /// only by its shape (`{3ceb3ffd-…}`, HAProxy's captured header): the pid, long-lived, does not keep
    /// them out of discovery, so the shape is found as the clients' `req` under another name and each
    /// proxy line joins its request; the pid is not used.
    @Test func recordsWhosePatternIDIsLongLivedAreSearchedForIDsToo() {
        var events: [Event] = []
        for r in 0..<20 {
            let req = String(format: "%08x-aaaa-4bbb-8ccc-%012x", r * 2_654_435_761 % 4_294_967_296, r * 7919)
            let at = Int64(r) * 2_000_000_000
            events.append(Event(source: SourceLocation(file: "app-1.log", line: 2 * r + 1), time: at, host: "app-1", type: "t", template: "",
                                message: "sending PUT /v1/kv/k\(r) req=\(req)"))
            events.append(Event(source: SourceLocation(file: "proxy.log", line: r + 1), time: at + 1_000_000, host: "proxy",
                                executionIDs: [ExecutionID(kind: "process", value: "99")], type: "p", template: "",
                                message: "10.0.0.11:4\(r) fe_kv be_cfg/cfg-1 0/0/0/2/4 200 {\(req)} \"PUT /v1/kv/k\(r) HTTP/1.1\""))
            events.append(Event(source: SourceLocation(file: "app-1.log", line: 2 * r + 2), time: at + 5_000_000, host: "app-1", type: "t",
                                template: "", message: "PUT /v1/kv/k\(r) req=\(req) status=200"))
        }
        events.sort { ($0.source.file, $0.source.line) < ($1.source.file, $1.source.line) }
        let pipeline = IDDiscoveryStageTests.discovered(events)
        #expect(pipeline.discoveryReport?.patternKindsDropped?.keys.sorted() == ["process"], "\(pipeline.discoveryReport?.summary() ?? "")")
        #expect(pipeline.executions.count == 20 && pipeline.executions.allSatisfy { $0.events.count == 3 },
                "\(pipeline.executions.map { "\($0.ids) \($0.events.count)" }.prefix(3))")
    }

    /// A proxy's syslog lines whose pid (named by the pattern) is on every line, while their request ids
    /// are in a form no other record shares: the pid, of few long-lived values, is not used, so the
    /// proxy's lines are left without an id rather than merged into one execution of every request.
    @Test func aLongLivedPatternIDOfFewValuesIsDroppedEvenWithNothingFinerOnItsRecords() {
        var events: [Event] = []
        for r in 0..<20 {
            let req = String(format: "req-%06x", r * 7919 + 11)
            let at = Int64(r) * 2_000_000_000
            events.append(Event(source: SourceLocation(file: "proxy.log", line: r + 1), time: at, host: "proxy",
                                executionIDs: [ExecutionID(kind: "process", value: "2211")], type: "p", template: "",
                                message: "10.0.0.11:4\(r) fe_up be_up/api-1 0/0/0/2/4 202 \"POST /v1/uploads HTTP/1.1\""))
            events.append(Event(source: SourceLocation(file: "api-1.log", line: 2 * r + 1), time: at + 1_000_000, host: "api-1", type: "t",
                                template: "", message: "upload started \(req)"))
            events.append(Event(source: SourceLocation(file: "api-1.log", line: 2 * r + 2), time: at + 5_000_000, host: "api-1", type: "u",
                                template: "", message: "upload accepted \(req)"))
        }
        events.sort { ($0.source.file, $0.source.line) < ($1.source.file, $1.source.line) }
        let pipeline = IDDiscoveryStageTests.discovered(events)
        let report = pipeline.discoveryReport
        #expect(report?.patternKindsDropped?["process"]?.hasPrefix("few values") == true, "\(report?.summary() ?? "")")
        #expect(pipeline.executions.count == 20 && pipeline.executions.allSatisfy { $0.events.count == 2 && $0.events.allSatisfy { $0.host == "api-1" } },
                "\(pipeline.executions.map { "\($0.ids) \($0.events.count)" }.prefix(3))")
    }

    /// A database's lines carry each query's UUID and, on one line of each query, its table's UUID, the
    /// same for all: one kind (`uuid`) by shape. The table's value, on many times the records of any query's and
    /// spanning the whole sample, is shared: not used, so each query stays one execution instead of all
    /// joining through it.
    @Test func aValueOnEveryExecutionOfAGoodKindIsShared() {
        var events: [Event] = []
        var random = SplitMix64(seed: 44)
        let table = GeneratedRequests.uuid(&random)
        for q in 0..<60 {
            let query = GeneratedRequests.uuid(&random)
            let at = Int64(q) * 1_000_000_000
            events.append(Event(source: SourceLocation(file: "ingest-1.log", line: q + 1), time: at, host: "ingest-1", type: "i",
                                template: "", message: "insert sent query \(query)"))
            for n in 0..<3 {
                events.append(Event(source: SourceLocation(file: "tsdb-1.log", line: 3 * q + n + 1), time: at + Int64(n + 1) * 1_000_000,
                                    host: "tsdb-1", type: "t\(n)", template: "",
                                    message: n == 1 ? "{\(query)} telemetry.readings (\(table)) wrote block" : "{\(query)} step \(n)"))
            }
        }
        events.sort { ($0.source.file, $0.source.line) < ($1.source.file, $1.source.line) }
        let pipeline = IDDiscoveryStageTests.discovered(events)
        #expect(pipeline.discoveryReport?.sharedValues == ["uuid": [table]], "\(pipeline.discoveryReport?.summary() ?? "")")
        #expect(pipeline.discoveryReport?.summary().contains("uuid: value \(table) not used") == true)
        #expect(pipeline.executions.count == 60 && pipeline.executions.allSatisfy { $0.events.count == 4 },
                "\(pipeline.executions.map { "\($0.ids.count) \($0.events.count)" }.prefix(3))")
    }

    /// Ceph's RGW writes its request's address (`beast: 0x7f…:`), which the allocator hands out again:
    /// among the hex trace ids of the API, each address would join every upload it served. Each use
    /// carries another video id, so the addresses are reused values, not ids; a request retried 15 s
    /// later keeps its trace and its video id and stays one execution.
    @Test func anAddressHandedOutAgainJoinsNoRequests() {
        var events: [Event] = []
        var random = SplitMix64(seed: 12)
        func add(_ host: String, _ at: Int64, _ message: String) { events.append(IDDiscoveryStageTests.record(host, at, message, line: events.count + 1)) }
        let addresses = (0..<5).map { _ in "0x7f" + String(String(format: "%016llx", random.next()).prefix(10)) }
        for r in 0..<80 {
            let at = Int64(r) * 1_000_000_000
            let trace = String(format: "%016llx%016llx", random.next(), random.next())
            let video = "vid_" + String(format: "%08llx", random.next() % 0xffff_ffff)
            for attempt in 0..<(r % 10 == 4 ? 2 : 1) {
                let start = at + Int64(attempt) * 15_000_000_000
                add("api-1", start, "upload started trace \(trace) for \(video)")
                add("store-1", start + 1_000_000, "beast: \(addresses[Int(random.next() % 5)]): PUT /sources/\(video)/original.mp4 200")
                add("api-1", start + 2_000_000, "upload stored trace \(trace)")
            }
        }
        events.sort { ($0.time ?? 0, $0.source.line) < ($1.time ?? 0, $1.source.line) }
        let pipeline = IDDiscoveryStageTests.discovered(events)
        let summary = pipeline.discoveryReport?.summary() ?? ""
        #expect(Set(pipeline.discoveryReport?.sharedValues?.values.flatMap { $0 } ?? []) == Set(addresses), "\(summary)")
        #expect(pipeline.executions.count == 80, "\(pipeline.executions.count) executions: \(summary)")
        #expect(pipeline.executions.reduce(0) { $0 + $1.events.count } == events.count, "\(summary)")
        #expect(pipeline.executions.allSatisfy { execution in
            Set(execution.events.compactMap { $0.message.split(separator: " ").first { $0.hasPrefix("vid_") } }).count == 1
        })
    }

    /// A CI scheduler that names its builds by a bare number in its sentences (`build 48213: finished
    /// passed`, `Accepted job … for build 48213`) and each build's jobs by a UUID: the number joins the
    /// build's jobs, a build whose lines carry no other id among them. Rebuilds name the build they
    /// repeat much later, which is one use more, not a reused value: the first build stays whole (the
    /// rebuild joins it, as its line names both).
    @Test func aBareNumberAfterItsWordJoinsTheBuild() {
        var events: [Event] = []
        var random = SplitMix64(seed: 31)
        func add(_ host: String, _ at: Int64, _ message: String) { events.append(IDDiscoveryStageTests.record(host, at, message, line: events.count + 1)) }
        for b in 0..<60 {
            let build = 48_200 + b
            let at = Int64(b) * 400_000_000
            add("sched-1", at, "build \(build): created for acme/web, 3 jobs")
            for j in 0..<3 {
                let job = GeneratedRequests.uuid(&random)
                let agent = "agent-\(1 + Int(random.next() % 3))"
                let start = at + Int64(j + 1) * 3_000_000
                add("sched-1", start, "job \(job): created for build \(build), step \(j == 0 ? "lint" : "test")")
                add(agent, start + 2_000_000, "Accepted job \(job) for build \(build)")
                add(agent, start + 900_000_000, "Job \(job) finished with exit status 0")
                add("sched-1", start + 901_000_000, "job \(job): finished passed on \(agent)")
            }
            add("sched-1", at + 1_000_000_000, "build \(build): finished passed")
        }
        for (n, old) in [48_203, 48_210, 48_221].enumerated() {
            let at = 200_000_000_000 + Int64(n) * 400_000_000
            add("sched-1", at, "build \(48_300 + n): rebuild of build \(old)")
            let job = GeneratedRequests.uuid(&random)
            add("sched-1", at + 3_000_000, "job \(job): created for build \(48_300 + n), step lint")
            add("agent-1", at + 5_000_000, "Accepted job \(job) for build \(48_300 + n)")
            add("sched-1", at + 900_000_000, "build \(48_300 + n): finished passed")
        }
        events.sort { ($0.time ?? 0, $0.source.line) < ($1.time ?? 0, $1.source.line) }
        let pipeline = IDDiscoveryStageTests.discovered(events)
        let summary = pipeline.discoveryReport?.summary() ?? ""
        #expect(pipeline.discoveryReport?.chosenKinds.contains("build") == true, "\(summary)")
        #expect(pipeline.discoveryReport?.sharedValues == nil, "\(summary)")
        let sizes = pipeline.executions.map(\.events.count).sorted()
        #expect(sizes == Array(repeating: 14, count: 57) + Array(repeating: 18, count: 3), "\(sizes.count) executions: \(summary)")
    }

    /// A build agent names an action by its full digest where it looks it up, and by the digest's first
    /// twelve digits where it reports a miss: both hex by shape, one kind; the short value is the long
    /// one cut short and joins its job.
    @Test func aKindsShortValuesAreItsLongOnesCutShort() {
        var events: [Event] = []
        var random = SplitMix64(seed: 8)
        func add(_ at: Int64, _ message: String) { events.append(IDDiscoveryStageTests.record("agent-1", at, message, line: events.count + 1)) }
        for j in 0..<40 {
            let digest = (0..<4).map { _ in String(format: "%016llx", random.next()) }.joined()
            let at = Int64(j) * 500_000_000
            add(at, "Looking up action \(digest) for job \(GeneratedRequests.uuid(&random))")
            add(at + 1_000_000, "Action \(digest.prefix(12)) not cached, compiling locally")
            add(at + 90_000_000, "Uploading action result \(digest)")
        }
        let pipeline = IDDiscoveryStageTests.discovered(events)
        let summary = pipeline.discoveryReport?.summary() ?? ""
        #expect(summary.contains("hex: 80 values") && summary.contains("its values of 12 characters are its longer ones cut short"), "\(summary)")
        #expect(pipeline.executions.count == 40 && pipeline.executions.allSatisfy { $0.events.count == 3 }, "\(pipeline.executions.count): \(summary)")
    }

    /// Two kinds that each pass, never on one record, with the same values (a gateway's `req=` and an
    /// application's `request_id=`): one is the other under another name, else each request would be
    /// two executions.
    @Test func twoChosenKindsWithTheSameValuesAreOne() {
        var events: [Event] = []
        for r in 0..<30 {
            let id = String(format: "%08x", (r + 1) * 2_654_435_761 % 4_294_967_291)
            for (host, text) in [("gw-1", "req=\(id) in"), ("app-1", "request_id=\(id) a"), ("app-1", "request_id=\(id) b"),
                                 ("app-1", "request_id=\(id) c"), ("gw-1", "req=\(id) out")] {
                events.append(Event(source: SourceLocation(file: host + ".log", line: events.count + 1), time: Int64(events.count) * 1_000_000,
                                    host: host, type: "t", template: "", message: text))
            }
        }
        let report = IDDiscovery.decide(events: events, options: IDDiscoveryOptions(minRecords: 1, minRecordShare: 0))
        #expect(report.kinds.first { $0.kind == "req" }?.aliasOf == "request_id", "\(report.summary())")
        #expect(report.kinds.first { $0.kind == "request_id" }.map { $0.chosen && $0.aliasOf == nil } == true)
        let pipeline = IDDiscoveryStageTests.discovered(events)
        #expect(pipeline.executions.count == 30 && pipeline.executions.allSatisfy { $0.events.count == 5 })
    }

    /// `amount=123.47` on the two records of a quote: values a request shares with its own records, and
    /// by chance with others'. Not an id.
    @Test func measurementsAreNoIDs() {
        var events: [Event] = []
        for r in 0..<40 {
            let amount = String(format: "%d.%02d", 10 + r * 7 % 90, r * 13 % 100)
            for text in ["quote computed amount=\(amount)", "quote received amount=\(amount)"] {
                events.append(Event(source: SourceLocation(file: "a.log", line: events.count + 1), time: Int64(events.count) * 1_000_000,
                                    host: "app-1", type: "t", template: "", message: text))
            }
        }
        let report = IDDiscovery.decide(events: events, options: IDDiscoveryOptions(minRecords: 1, minRecordShare: 0))
        let amount = report.kinds.first { $0.kind == "amount" }
        #expect(amount?.chosen == false && amount?.reason == "measurement: numbers with a fraction", "\(report.summary())")
    }

    /// `took=63ms` on a cache's answer and on the caller's record of it: slow answers' latencies recur
    /// over requests (each value on a few records close in time, as an id's) and would join them.
    @Test func quantitiesWithAUnitAreNoIDs() {
        for yes in ["63ms", "1.5s", "12KB", "45%", "1m30.5s", "200µs", "3MiB", "10/s"] { #expect(IDStatistics.isQuantity(yes), "\(yes)") }
        for no in ["ms", "63", "a63ms", "63msx", "2029919936473878528", "u_123", "v1.2", "3AZgeYPWrVXCZLnArTrLmZogCem", ".ms", ""] {
            #expect(!IDStatistics.isQuantity(no), "\(no)")
        }
        var events: [Event] = []
        for r in 0..<60 {
            let took = "\(20 + r * 7 % 23)ms"
            for (host, text) in [("suggest-1", "spellcheck answered took=\(took)"), ("broker-1", "suggest done took=\(took)")] {
                events.append(Event(source: SourceLocation(file: host + ".log", line: events.count + 1), time: Int64(events.count) * 1_000_000,
                                    host: host, type: "t", template: "", message: text))
            }
        }
        let report = IDDiscovery.decide(events: events, options: IDDiscoveryOptions(minRecords: 1, minRecordShare: 0))
        let took = report.kinds.first { $0.kind == "took" }
        #expect(took?.chosen == false && took?.reason == "measurement: quantities with a unit", "\(report.summary())")
    }

    @Test func aKindSharingFewValuesIsNoAlias() {
        // A quarter of the rid values are request ids (the ingress's own ids otherwise).
        var events = Self.events(requests: 40, sharedUsers: false)
        for i in events.indices where events[i].host == "ingress" && events[i].source.line % 40 > 9 {
            events[i].message = events[i].message.replacingOccurrences(of: "rid=", with: "rid=x")
        }
        let report = IDDiscovery.decide(events: events, options: IDDiscoveryOptions(minRecords: 1, minRecordShare: 0))
        #expect(report.kinds.first { $0.kind == "rid" }?.aliasOf == nil, "\(report.summary())")
    }
}

/// Numbers that go one to one with a request id but now and then with two requests far apart
/// (`amountCents=5730` on two unrelated orders) are no id; a value linking two request ids close in
/// time (an order retried under a second request id) still is.
@Suite struct ChanceNumberTests {
    /// `requests` requests on two hosts, 1 s apart; the api's records carry `request_id` and `amountCents`,
    /// the payment service's `amountCents` alone. Requests `collide.0` and `collide.1` charge the same
    /// amount; with `retry`, request 7 is retried as a second request id carrying the same `order`.
    static func events(requests: Int, collide: (Int, Int)?, retry: Bool = false) -> [Event] {
        var events: [Event] = []
        var line = 0
        var random = SplitMix64(seed: 5)
        let amounts = (0..<requests).map { _ in 1000 + Int(random.next() % 900_000) }
        func add(_ host: String, _ at: Int64, _ message: String) {
            line += 1
            events.append(Event(source: SourceLocation(file: host + ".log", line: line), time: at, host: host,
                                type: "t", template: "", message: message))
        }
        for r in 0..<requests {
            let start = Int64(r) * 1_000_000_000
            let amount = collide.map { r == $0.1 ? amounts[$0.0] : amounts[r] } ?? amounts[r]
            let ids = retry && r == 7 ? ["q\(r)a", "q\(r)b"] : ["q\(r)x"]
            for (attempt, id) in ids.enumerated() {
                let at = start + Int64(attempt) * 200_000_000
                add("api-1", at, "request_id=req-\(id)-7f3e9 order=ord-\(r)-19c2 amountCents=\(amount) charging")
                add("pay-1", at + 1_000_000, "charge authorized amountCents=\(amount) card=visa")
                add("api-1", at + 2_000_000, "request_id=req-\(id)-7f3e9 order=ord-\(r)-19c2 confirmed")
            }
        }
        return events
    }

    static func executions(_ events: [Event]) -> (report: IDDiscoveryReport?, executions: [Execution]) {
        let pipeline = IDDiscoveryStageTests.discovered(events)
        return (pipeline.discoveryReport, Array(pipeline.executions))
    }

    @Test func amountsSharedByFarApartRequestsAreNoId() {
        let (report, executions) = Self.executions(Self.events(requests: 60, collide: (3, 41)))
        let amount = report?.kinds.first { $0.kind == "amountCents" }
        #expect(amount?.chosen == false && amount?.reason?.hasPrefix("numbers shared by chance") == true, "\(report?.summary() ?? "")")
        // Requests 3 and 41 stay apart; the payment records (amount only) join no execution.
        #expect(executions.count == 60, "\(report?.summary() ?? "")")
        #expect(executions.allSatisfy { Set($0.events.compactMap(\.host)) == ["api-1"] })
    }

    @Test func withoutACollisionOrWithARetryCloseInTimeTheyStayIds() {
        let (plain, plainExecutions) = Self.executions(Self.events(requests: 60, collide: nil))
        #expect(plain?.kinds.first { $0.kind == "amountCents" }?.chosen == true, "\(plain?.summary() ?? "")")
        #expect(plainExecutions.count == 60 && plainExecutions.allSatisfy { Set($0.events.compactMap(\.host)) == ["api-1", "pay-1"] })
        let (retried, retriedExecutions) = Self.executions(Self.events(requests: 60, collide: nil, retry: true))
        #expect(retried?.kinds.first { $0.kind == "order" }?.chosen == true, "\(retried?.summary() ?? "")")
        #expect(retriedExecutions.count == 60, "\(retried?.summary() ?? "")")
    }
}

/// A URL path on every record of its request: most paths are one product's, one request's, but a few
/// (`/cart`, `/checkout`) are shared by requests all through the sample. Rules 1 to 11 keep it (most of
/// its values go with one request, each over a short span); it joins unrelated executions (rule 12),
/// though a stray record an hour before the others would have made them all look close.
@Suite struct FarJoiningKindTests {
    static func events(requests: Int) -> [Event] {
        var events: [Event] = []
        func add(_ host: String, _ at: Int64, _ message: String) {
            events.append(Event(source: SourceLocation(file: host + ".log", line: events.count + 1), time: at, host: host,
                                type: "t", template: "", message: message))
        }
        // A startup banner an hour before, in another zone: it does not stretch the sample.
        add("api-1", -3_600_000_000_000, "server started pid=4121")
        for r in 0..<requests {
            let start = Int64(r) * 1_000_000_000
            let path = r % 10 == 3 ? "/cart" : r % 10 == 7 ? "/checkout" : r % 15 == 5 ? "/help" : "/product/\(r * 37 % 1000)"
            add("api-1", start, "request_id=req-\(r)-7f3e9 path=\(path) request started")
            add("api-1", start + 2_000_000, "request_id=req-\(r)-7f3e9 path=\(path) request done")
        }
        return events
    }

    @Test func aPathSharedByRequestsFarApartIsNoId() {
        let (report, executions) = ChanceNumberTests.executions(Self.events(requests: 60))
        let path = report?.kinds.first { $0.kind == "path" }
        #expect(path?.chosen == false && path?.reason?.hasPrefix("joins unrelated executions: 3 of its values join request_id") == true,
                "\(report?.summary() ?? "")")
        #expect(executions.count == 60 && executions.allSatisfy { $0.events.count == 2 }, "\(executions.count)")
    }
}

/// A tenant's account id in a URL path (hex, like the trace id beside it) on the records of its requests,
/// each tenant's requests spread over the sample. Each request's records carry two hex values, its
/// trace's and its tenant's; it is the tenant's value that spans the sample, not the request id that joins
/// far apart: the request id is chosen, and the tenants' values, each beside many request ids over the
/// sample, are set aside as reused, which keeps the traces of the hex kind.
@Suite struct TenantValueTests {
    static func events(requests: Int) -> [Event] {
        var events: [Event] = []
        func tenant(_ n: Int) -> String { String(format: "ac%08x%08x%08x%08x", n * 7919, n * 104_729, n * 31, n * 1_299_709) }
        for r in 0..<requests {
            let start = Int64(r) * 1_000_000_000
            let account = [2, 40, 78].contains(r) ? tenant(90) : [5, 41, 77].contains(r) ? tenant(91) : tenant(r % 12 + 1)
            let trace = String(format: "%016llx%016llx", UInt64(r + 1) &* 0x9E37_79B9_7F4A_7C15, UInt64(r + 7) &* 0xBF58_476D_1CE4_E5B9)
            for (step, text) in ["message create received", "hlr lookup", "message created"].enumerated() {
                events.append(Event(source: SourceLocation(file: "api-1.log", line: events.count + 1), time: start + Int64(step) * 1_000_000,
                                    host: "api-1", type: "t", template: "",
                                    message: "\(text) request_id=req-\(r)-7f3e9 POST /Accounts/\(account)/Messages \(trace)"))
            }
        }
        return events
    }

    @Test func aTenantsValueFarApartDoesNotCondemnTheRequestId() {
        let (report, executions) = ChanceNumberTests.executions(Self.events(requests: 80))
        let request = report?.kinds.first { $0.kind == "request_id" }
        let hex = report?.kinds.first { $0.kind == "hex" }
        let tenants = Set(report?.sharedValues?.values.flatMap { $0 } ?? [])
        #expect(request?.chosen == true && hex?.chosen == true, "\(report?.summary() ?? "")")
        #expect(tenants.count == 14 && tenants.allSatisfy { $0.hasPrefix("ac") }, "\(tenants.sorted())")
        #expect(executions.count == 80 && executions.allSatisfy { $0.events.count == 3 }, "\(executions.count)")
    }
}

/// An edge proxy's request id, logged once on its access line and once by the application beside its
/// trace, joins the proxy's record to the trace's execution; a client's address, repeated over its
/// requests, is no id.
@Suite struct BridgeKindTests {
    static func events(requests: Int) -> [Event] {
        var events: [Event] = []
        var line = 0
        func add(_ host: String, _ at: Int64, _ fields: [(String, String)], _ message: String) {
            line += 1
            events.append(Event(source: SourceLocation(file: host + ".log", line: line), time: at, host: host, type: "t", template: "",
                                fields: fields.map { Field(name: $0.0, value: $0.1) }, message: message))
        }
        for r in 0..<requests {
            let at = Int64(r) * 1_000_000_000
            let request = String(format: "84036fcb-%04x-4c1d-acb1-cf77%08x", r, r * 7919)
            let trace = String(format: "%016llx", UInt64(r + 1) &* 0x9E3779B97F4A7C15)
            let client = "203.0.113.\(r % 7)"
            add("edge", at + 9_000_000, [("x_request_id", request), ("x_forwarded_for", client), ("path", "/checkout")], "POST /checkout 200")
            add("app", at + 1_000_000, [], "received POST /checkout x-request-id=\(request) trace=\(trace) client=\(client)")
            add("app", at + 2_000_000, [], "reserving stock trace=\(trace)")
            add("app", at + 5_000_000, [], "checkout completed trace=\(trace)")
        }
        return events
    }

    @Test func aProxysRequestIdJoinsTheTraceItWasLoggedBeside() {
        let pipeline = InferencePipeline(grouping: GroupingOptions(), inference: InferenceOptions(), keepExecutions: true,
                                         discovery: IDDiscoveryOptions(minRecords: 1, minRecordShare: 0))
        for event in Self.events(requests: 40) { pipeline.add(event) }
        _ = pipeline.finish()
        let report = pipeline.discoveryReport
        let kinds = Dictionary(uniqueKeysWithValues: (report?.kinds ?? []).map { ($0.kind, $0) })
        #expect(kinds["x-request-id"]?.chosen == true && kinds["x_request_id"]?.aliasOf == "x-request-id", "\(report?.summary() ?? "")")
        #expect(kinds["x_forwarded_for"]?.chosen == false && kinds["client"]?.chosen == false, "\(report?.summary() ?? "")")
        #expect(kinds["x_forwarded_for"]?.reason?.hasPrefix("addresses") == true, "\(report?.summary() ?? "")")
        #expect(pipeline.executions.count == 40 && pipeline.executions.allSatisfy { $0.events.count == 4 }, "\(report?.summary() ?? "")")
    }
}

/// A load balancer's trace header, logged once by the balancer and once by the application beside its
/// own trace id, joins the balancer's line to the application's execution, whether the balancer writes
/// it in its message (`Root=1-…`, beside ids of its own on every line) or as a field that another host's
/// `trace_id=` key shares the name of.
@Suite struct LoadBalancerTraceTests {
    static func events(requests: Int, field: Bool) -> [Event] {
        var events: [Event] = []
        func add(_ host: String, _ at: Int64, _ fields: [(String, String)], _ message: String) {
            events.append(Event(source: SourceLocation(file: host + ".log", line: events.count + 1), time: at, host: host, type: "t",
                                template: "", fields: fields.map { Field(name: $0.0, value: $0.1) }, message: message))
        }
        for r in 0..<requests {
            let at = Int64(r) * 1_000_000_000
            let root = String(format: "1-69aadde4-%08x%016llx", r * 7919, UInt64(r + 1) &* 0x9E3779B97F4A7C15)
            let trace = String(format: "%016llx%016llx", UInt64(r + 3) &* 0xD1B54A32D192ED03, UInt64(r + 5) &* 0x9E3779B97F4A7C15)
            // The balancer's own ids, the same on every line: shared, never one request's.
            let balancer = "app/shop-alb/50dc6c495c0c9188 targetgroup/api/73e2d6bc24d8a067"
            if field {
                add("lb", at + 9_000_000, [("trace_id", root), ("target", "10.0.2.15:8080")], "201 POST /orders \(balancer)")
                add("price", at + 2_000_000, [], "quote requested trace_id=\(trace)")
                add("price", at + 3_000_000, [], "quote computed trace_id=\(trace)")
            } else {
                add("lb", at + 9_000_000, [], "201 POST /orders \(balancer) \"Root=\(root)\"")
            }
            add("app", at + 1_000_000, [], "order requested TraceId:\(trace) X-Amzn-Trace-Id Root=\(root)")
            add("app", at + 4_000_000, [], "order placed TraceId:\(trace)")
        }
        return events
    }

    @Test func theBalancersTraceJoinsTheApplicationsExecution() {
        for field in [false, true] {
            let pipeline = IDDiscoveryStageTests.discovered(Self.events(requests: 40, field: field))
            let report = pipeline.discoveryReport
            let root = report?.kinds.first { $0.kind == "Root" }
            #expect(root?.chosen == true, "field \(field): \(report?.summary() ?? "")")
            let hosts = Set(field ? ["lb", "app", "price"] : ["lb", "app"])
            #expect(pipeline.executions.count == 40 && pipeline.executions.allSatisfy { Set($0.events.compactMap(\.host)) == hosts },
                    "field \(field): \(pipeline.executions.count) \(report?.summary() ?? "")")
        }
    }
}

/// A task id published by an application on a record carrying its trace id and span id, and logged by
/// the worker that runs the task: the task id goes with one execution (its trace and span ids, seen
/// together, are one), so it is no coarser kind, and the worker's lines join the request.
@Suite struct PublishedTaskTests {
    @Test func aTaskIdBesideATraceAndItsSpanJoinsTheWorker() {
        var events: [Event] = []
        func add(_ host: String, _ at: Int64, _ message: String) {
            events.append(Event(source: SourceLocation(file: host + ".log", line: events.count + 1), time: at, host: host, type: "t",
                                template: "", message: message))
        }
        for r in 0..<40 {
            let at = Int64(r) * 1_000_000_000
            let trace = String(format: "%016llx%016llx", UInt64(r + 3) &* 0xD1B54A32D192ED03, UInt64(r + 5) &* 0x9E3779B97F4A7C15)
            let span = { (n: Int) in String(format: "%016llx", UInt64(r * 7 + n) &* 0x9E3779B97F4A7C15) }
            let task = String(format: "84036fcb-%04x-4c1d-acb1-cf77%08x", r, r * 7919)
            add("api", at, "SpanId:\(span(1)), TraceId:\(trace) order requested")
            add("api", at + 2_000_000, "SpanId:\(span(2)), TraceId:\(trace) stock reserved")
            add("api", at + 3_000_000, "SpanId:\(span(2)), TraceId:\(trace) published task send_mail[\(task)]")
            add("worker", at + 9_000_000, "Task send_mail[\(task)] received")
            add("worker", at + 200_000_000, "Task send_mail[\(task)] succeeded in 0.19s")
        }
        let pipeline = IDDiscoveryStageTests.discovered(events)
        let report = pipeline.discoveryReport
        #expect(report?.kinds.first { $0.kind == "uuid" }?.chosen == true, "\(report?.summary() ?? "")")
        #expect(pipeline.executions.count == 40 && pipeline.executions.allSatisfy { Set($0.events.compactMap(\.host)) == ["api", "worker"] },
                "\(pipeline.executions.count) \(report?.summary() ?? "")")
    }
}

extension PublishedTaskTests {
    /// Values of a kind on one record are one group, through the records that join them; a value
    /// shared by many records, or a record naming more than three values (a batch), joins none.
    @Test func valuesOnOneRecordAreOneGroup() {
        func record(_ values: String...) -> [IDCandidate] { values.map { IDCandidate(kind: "hex", value: $0, source: .shape) } }
        let candidates = [record("a1", "b1"), record("b1", "c1"), record("a2", "b2", "shared0"), record("a3", "shared0"),
                          record("a4", "b4", "c4", "d4")]
        let groups = IDDiscovery.valueGroups(["hex"], candidates: candidates, hostNames: [],
                                             shared: [ExecutionID(kind: "hex", value: "shared0")])["hex"] ?? [:]
        #expect(groups["a1"] == "a1" && groups["b1"] == "a1" && groups["c1"] == "a1")
        #expect(groups["a2"] == "a2" && groups["b2"] == "a2" && groups["a3"] == "a3", "\(groups)")
        #expect(Set(["a4", "b4", "c4", "d4"].map { groups[$0] }).count == 4, "\(groups)")
    }
}
