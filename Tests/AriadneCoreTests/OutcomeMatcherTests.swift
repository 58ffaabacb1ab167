import Foundation
import Testing
@testable import AriadneCore

/// `EventMatcher` (what an outcome matches), `LogSignals.failedStatus`, `NearestTemplates` and the
/// model's outcome checks, on hand-made events.
@Suite struct OutcomeMatcherTests {
    func event(_ type: String, template: String, message: String, service: String? = nil, host: String? = "h",
               level: String? = nil, fields: [Field] = [], line: Int = 1) -> Event {
        Event(source: SourceLocation(file: "t.log", line: line), time: Int64(line), host: host, service: service, level: level,
              type: type, template: template, fields: fields, message: message)
    }

    /// Copies made for other threads (`EventMatcher.copy`, one per worker of the model's second pass)
    /// match every event as the original does, all of them at once on several threads, each with its
    /// own cache and match data filled in a different order. `a+b` and `q(1)` match only as plain text.
    @Test func copiesMatchAsTheOriginalOnSeveralThreadsAtOnce() throws {
        var rng = SplitMix64(seed: 11)
        let words = ["stored", "sent", "status=201", "status=503", "Created", "blk_7", "ok", "timeout", "a+b", "q(1)"]
        let events = (0..<400).map { n -> Event in
            let template = (0..<Int.random(in: 1...4, using: &rng)).map { _ in words.randomElement(using: &rng)! }.joined(separator: " ")
            let message = template + " " + words.randomElement(using: &rng)!
            let fields = Int.random(in: 0..<3, using: &rng) == 0 ? [Field(name: "result", value: words.randomElement(using: &rng)!)] : []
            return event("T\(Int.random(in: 1...6, using: &rng))", template: template, message: message,
                         service: ["api", "store", nil].randomElement(using: &rng)!, fields: fields, line: n + 1)
        }
        for (pattern, exact) in [("T3", true), ("^T[12]$", false), ("status=201", false), ("store: sent", false), ("a+b", false),
                                 ("q(1)", false), ("result=ok", false), ("status=5\\d\\d", false)] {
            let original = try EventMatcher(pattern, exactType: exact)
            let expected = events.map { original.match($0) }
            #expect(expected.contains { $0 != nil }, "\(pattern) matches nothing: the case tests nothing")
            let threads = 4
            var results = [[MatchSubject?]](repeating: [], count: threads)
            results.withUnsafeMutableBufferPointer { out in
                DispatchQueue.concurrentPerform(iterations: threads) { t in
                    let copy = original.copy()
                    // Each thread reads the events from another starting point, so the caches fill differently.
                    let order = Array(events.indices.dropFirst(t * 37)) + Array(events.indices.prefix(t * 37))
                    var found = [MatchSubject?](repeating: nil, count: events.count)
                    for i in order { found[i] = copy.match(events[i]) }
                    out[t] = found
                }
            }
            for (t, found) in results.enumerated() { #expect(found == expected, "\(pattern), thread \(t)") }
        }
    }

    @Test func eachSubjectMatchesInItsOrder() throws {
        let created = event("T1", template: "response sent status=<*> Created", message: "response sent status=201 Created",
                            service: "api", fields: [Field(name: "request_id", value: "r-7")])
        #expect(try EventMatcher("T1").match(created) == .type)
        #expect(try EventMatcher("^T\\d$").match(created) == .type)
        #expect(try EventMatcher("sent status=<\\*> Created").match(created) == .template)
        #expect(try EventMatcher("^api: response").match(created) == .template, "service: template")
        #expect(try EventMatcher("201 Created").match(created) == .message)
        #expect(try EventMatcher("status=2\\d\\d").match(created) == .message)
        #expect(try EventMatcher("request_id=r-7").match(created) == .field)
        #expect(try EventMatcher("status=<*> Created").match(created) == .template, "a template copied as it is, <*> and all")
        #expect(try EventMatcher("status=500").match(created) == nil)
        #expect(try EventMatcher("^api: response").match(event("T1", template: created.template, message: created.message)) == nil,
                "no service, no service: template")
        #expect(throws: HypothesisError.self) { _ = try EventMatcher("status=(") }
        let exact = try EventMatcher("kv.stored(", exactType: true)
        #expect(exact.match(event("kv.stored(", template: "x", message: "x")) == .type, "an exact type need not be a valid regex")
        #expect(exact.match(event("T1", template: "kv.stored( again", message: "kv.stored(")) == nil, "an exact type matches nothing else")
        let mined = event("T0a1b2c3d4e5f6201", template: "sent", message: "sent", service: "api")
        #expect(try EventMatcher("T0a1b2c3d4e5f6201").match(mined) == .type)
        #expect(try EventMatcher("201").match(mined) == nil, "a mined type id is matched only exactly")
        #expect(EventMatcher.isMinedTypeID("api: T0a1b2c3d4e5f6201") && !EventMatcher.isMinedTypeID("kv.stored"))
    }

    @Test func aMessageMatchSelectsEventsNotTheirType() throws {
        let ok = event("T1", template: "response sent status=<*>", message: "response sent status=200", line: 1)
        let bad = event("T1", template: "response sent status=<*>", message: "response sent status=500", line: 2)
        let matcher = try EventMatcher("status=200")
        // The same type and template, one after the other: the cached type/template result is no match
        // and each message decides.
        #expect(matcher.match(ok) == .message)
        #expect(matcher.match(bad) == nil)
        #expect(matcher.match(ok) == .message)
        let byTemplate = try EventMatcher("response sent")
        #expect(byTemplate.match(ok) == .template && byTemplate.match(bad) == .template)
    }

    /// The matcher, which caches type/template results, agrees with an uncached reference (a fresh
    /// regex per event, plain-text matching by `String.contains`) on random events and patterns.
    @Test func cachingAgreesWithAnUncachedReference() throws {
        var random = SplitMix64(seed: 8)
        let words = ["sent", "status=<*>", "Created", "ok", "a.b", "(x)", "<*>", "api", "db", "2xx"]
        let values = ["200", "201", "500", "a.b", "(x)", "ok", "T2"]
        let patterns = ["T1", "T2", "201", "T0123456789abc201", "sent", "status=20\\d", "status=500", "^api: ", "db: ok", "a.b", "(x)", "<*>", "Created$",
                        "ok", "code=5\\d\\d", "\\(x\\)", "^T", "2xx|500", "status=<*>", "xyz"]
        func reference(_ pattern: String, _ e: Event) throws -> MatchSubject? {
            let regex = try CompiledRegex(pattern).makeMatcher()
            func found(_ text: String) -> Bool { (try? regex.matches(text)) == true || text.contains(pattern) }
            if e.type == pattern || (!(e.type.count == 17 && e.type.hasPrefix("T") && e.type.dropFirst().allSatisfy(\.isHexDigit)) && found(e.type)) {
                return .type
            }
            if found(e.template) || e.service.map({ found("\($0): \(e.template)") }) == true { return .template }
            if found(e.message) { return .message }
            if e.fields.contains(where: { found("\($0.name)=\($0.value)") }) { return .field }
            return nil
        }
        var seen: Set<MatchSubject?> = []
        for round in 0..<60 {
            let pattern = patterns[Int(random.next() % UInt64(patterns.count))]
            let matcher = try EventMatcher(pattern)
            for line in 0..<40 {
                let number = Int(random.next() % 4)
                let type = number == 3 ? "T0123456789abc201" : "T\(number)"
                // Types mostly keep their template, as a miner's do; sometimes not, to test the cache key.
                let template = random.next() % 4 == 0
                    ? (0..<3).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ")
                    : "\(type.prefix(2)) sent status=<*> \(words[number])"
                let message = template.replacingOccurrences(of: "<*>", with: values[Int(random.next() % UInt64(values.count))])
                let service = [nil, "api", "db"][Int(random.next() % 3)]
                let fields = random.next() % 2 == 0 ? [Field(name: "code", value: values[Int(random.next() % UInt64(values.count))])] : []
                let e = event(type, template: template, message: message, service: service, fields: fields, line: line)
                let expected = try reference(pattern, e)
                #expect(matcher.match(e) == expected, "round \(round): '\(pattern)' on \(e)")
                seen.insert(expected)
            }
        }
        #expect(seen == Set([nil] + MatchSubject.allCases.map { $0 }), "every subject and no match occur")
    }

    @Test func failedStatusesAreFoundInFieldsMessagesAndNestedJSON() {
        func status(_ message: String, _ fields: [Field] = []) -> String? {
            LogSignals.failedStatus(event("T", template: message, message: message, fields: fields))?.label
        }
        #expect(status("response sent status=500") == "status=500")
        #expect(status(#"{"statusCode": 503, "path": "/a"}"#) == "statusCode: 503")
        #expect(status("done http_status: 404 in 3ms") == "http_status: 404")
        #expect(status(#"10.0.0.1 - - "GET /x HTTP/1.1" 502 17"#) == "HTTP 502")
        #expect(status("response sent", [Field(name: "status", value: "500")]) == "status=500")
        #expect(status("response sent", [Field(name: "http", value: #"{"status_code":429}"#)]) == "status_code: 429")
        for fine in ["response sent status=201", "processed 500 records", "status=5000", "statuses: ok", "port 500 open",
                     "HTTP/1.1 200", "status=500ms"] {
            #expect(status(fine) == nil, "\(fine)")
        }
        #expect(status("ok", [Field(name: "status", value: "200")]) == nil)
        #expect(status("ok", [Field(name: "count", value: "500")]) == nil)
        let signal = LogSignals.failedStatus(event("T", template: "x", message: "x status=503"))
        #expect(signal?.successPattern == "status=2\\d\\d")
        let colon = LogSignals.failedStatus(event("T", template: "x", message: "x http.status: 503"))
        #expect(colon?.successPattern == "http\\.status\\W*2\\d\\d")
        #expect(LogSignals.failureSignal(event("T", template: "x", message: "x", level: "ERROR")) == "level ERROR")
        #expect(LogSignals.failureSignal(event("T", template: "x", message: "connection refused")) == "'refused'")
    }

    /// The hand-written status scanner finds a failed status exactly where a regular expression of the
    /// documented rule does, on random texts made of the tokens that matter.
    @Test func statusScanningAgreesWithARegexReference() throws {
        let reference = try CompiledRegex(#"(?<![\w.-])[\w.-]*status[\w.-]*["']? *[=:] *["']?[45]\d\d(?![A-Za-z0-9])"#
            + #"|(?<![\w.-])http/[\d.]*"? +(?!")["']?[45]\d\d(?![A-Za-z0-9])"#, caseless: true).makeMatcher()
        // Texts made of a prefix, a key, a separator, a code and a suffix, each valid or not, or of a
        // random mix of all those parts.
        let parts = [["", "x ", "x", "\"", "a.", "code ", "GET / "],
                     ["status", "Status", "http_status", "statusCode", "xstatus", "stat", "HTTP/1.1", "http/2", "HTTP/", "code"],
                     ["=", ": ", " = ", "\":", "\": ", " ", "", "=\"", "'='", "\" "],
                     ["500", "404", "201", "5000", "50", "'503", "\"429"],
                     ["", " ", "ms", "x", "0", ".", "\"", "-", " status=503"]]
        var random = SplitMix64(seed: 500)
        func pick(_ list: [String]) -> String { list[Int(random.next() % UInt64(list.count))] }
        var found = 0
        for round in 0..<6000 {
            let text = round % 2 == 0 ? parts.map(pick).joined()
                : (0..<Int(random.next() % 6 + 1)).map { _ in pick(parts[Int(random.next() % 5)]) }.joined()
            let expected = try reference.matches(text)
            #expect((LogSignals.statusToken(in: text) != nil) == expected, "\(text)")
            if expected { found += 1 }
        }
        #expect(found > 300 && found < 5000, "the random texts hold failed statuses (\(found)) and near misses")
    }

    @Test func closestTemplatesRankMisspellingsFirst() {
        #expect(NearestTemplates.similarity("creatd", "created") > 0.8)
        #expect(NearestTemplates.similarity("abc", "abc") == 1 && NearestTemplates.similarity("", "abc") == 0)
        // T1's first event carries the template its cluster grew out of: one type, both events counted.
        let events = [
            event("T1", template: "response sent status=201 Created", message: "response sent status=201 Created", service: "api"),
            event("T1", template: "response sent status=<*> Created", message: "response sent status=201 Created", service: "api"),
            event("T2", template: "response sent status=<*>", message: "response sent status=500", service: "api"),
            event("T3", template: "request received path=<*>", message: "request received path=/a", service: "gateway"),
        ]
        let closest = NearestTemplates.rank("201 Creatd", executions: [Execution(id: "e", ids: [], events: events)])
        // T2 reads closer than T3 but looks like a failure, which no outcome counts: it comes last.
        #expect(closest.map(\.type) == ["T1", "T3", "T2"])
        #expect(closest[0].events == 2 && closest[0].text == "api: response sent status=<*> Created")
        let sent = NearestTemplates.rank("status=2\\d\\d", executions: [Execution(id: "e", ids: [], events: events)])
        #expect(sent.map(\.type) == ["T1", "T3", "T2"])
    }

    /// Requests 0..<9, each received by a gateway then answered by the API: `status=201 Created`, or
    /// `status=500` for every third.
    func requests() -> [Execution] {
        (0..<9).map { i in
            Execution(id: "r\(i)", ids: [], events: [
                event("recv", template: "request received", message: "request received", service: "gw", host: "gw-1", line: 2 * i),
                i % 3 == 0
                    ? event("T5", template: "response sent status=<*>", message: "response sent status=500", service: "api",
                            host: "api-1", line: 2 * i + 1)
                    : event("T2", template: "response sent status=<*> Created", message: "response sent status=201 Created",
                            service: "api", host: "api-1", line: 2 * i + 1),
            ])
        }
    }

    @Test func failureLookingMatchesAreNotSuccessesAndAreReported() throws {
        let order = ExecutionOrder(bound: 1_000_000_000)
        let successes = ["r1", "r2", "r4", "r5", "r7", "r8"]
        for text in ["201 Created", "status=201", "response sent"] {
            let model = try RedundancyModel.build(executions: requests(), order: order, outcomes: [OutcomeSpec.parse(text)])
            let outcome = model.outcomes[0]
            #expect(outcome.classes.flatMap(\.executions).map(\.execution).sorted() == successes, "\(text)")
            #expect(outcome.failed.map(\.execution) == ["r0", "r3", "r6"], "\(text)")
            #expect(outcome.eventTypes == ["T2"], "\(text)")
        }
        let template = try RedundancyModel.build(executions: requests(), order: order, outcomes: [OutcomeSpec(pattern: "response sent")])
        let outcome = template.outcomes[0]
        #expect(outcome.failed.map(\.reason) == Array(repeating: "outcome looked like a failure", count: 3))
        #expect(outcome.matches == [
            OutcomeMatch(type: "T2", service: "api", template: "response sent status=<*> Created", by: .template, events: 6, executions: 6),
            OutcomeMatch(type: "T5", service: "api", template: "response sent status=<*>", by: .template, events: 0, executions: 0,
                         failureLooking: 3, failureSignals: ["status=500"]),
        ])
        #expect(outcome.warnings == [
            "3 matched events look like failures (status=500) and were not counted as reaching the outcome; name the success exactly, "
                + "e.g. --outcome 'status=2\\d\\d', to silence this",
        ])
        let report = template.matchReport()
        #expect(report == ["""
            outcome 'response sent': 6 of 9 executions reach it (3 failed, 0 not applicable)
              matched by template: T2 (api: response sent status=<*> Created): 6 events in 6 executions
              matched by template: T5 (api: response sent status=<*>): no event counted, 3 look like failures (status=500)
              \(outcome.warnings[0])
            """])
        let message = try RedundancyModel.build(executions: requests(), order: order, outcomes: [OutcomeSpec(pattern: "status=201")])
        #expect(message.outcomes[0].matches.map(\.by) == [.message] && message.outcomes[0].warnings.isEmpty)
        #expect(message.outcomes[0].failed.map(\.reason) == Array(repeating: "missed outcome", count: 3))
    }

    @Test func anOutcomeNamingATypeMatchesThatTypeOnly() throws {
        var executions = requests()
        executions[0].events.append(event("note", template: "saw <*>", message: "saw T2", service: "api", host: "api-1", line: 99))
        let model = try RedundancyModel.build(executions: executions, order: ExecutionOrder(bound: 1_000_000_000),
                                              outcomes: [OutcomeSpec(pattern: "T2")])
        #expect(model.outcomes[0].matches.map(\.type) == ["T2"] && model.outcomes[0].matches.map(\.by) == [.type])
        #expect(model.outcomes[0].failed.map(\.execution) == ["r0", "r3", "r6"])
    }

    @Test func aNamedOutcomeMatchingNothingOrOnlyFailuresThrows() throws {
        let order = ExecutionOrder(bound: 1_000_000_000)
        do {
            _ = try RedundancyModel.build(executions: requests(), order: order, outcomes: [OutcomeSpec(pattern: "201 Creatd")])
            Issue.record("a misspelt outcome was accepted")
        } catch let error as HypothesisError {
            guard case let .outcomeMatchesNothing(pattern, post, executions, _, closest) = error else { throw error }
            #expect(pattern == "201 Creatd" && post == nil && executions == 9)
            #expect(closest.first?.type == "T2")
            #expect(error.description.contains("e.g. --outcome 'T2'"), "a named type is the example")
        }
        #expect(throws: HypothesisError.outcomeMatchesOnlyFailures(pattern: "status=500", events: 3, signals: ["status=500"],
                                                                   hint: "status=2\\d\\d")) {
            try RedundancyModel.build(executions: requests(), order: order, outcomes: [OutcomeSpec(pattern: "status=500")])
        }
        do {
            _ = try RedundancyModel.build(executions: requests(), order: order, outcomes: [OutcomeSpec.parse("Created if recieved")])
            Issue.record("a misspelt precondition was accepted")
        } catch let error as HypothesisError {
            guard case let .outcomeMatchesNothing(pattern, post, _, _, closest) = error else { throw error }
            #expect(pattern == "recieved" && post == "Created" && closest.first?.type == "recv")
        }
        // Proposed outcomes keep their behaviour: no error, the failure-looking events reported.
        let proposed = try RedundancyModel.build(executions: requests(), order: order, outcomes: [])
        #expect(proposed.outcomes.allSatisfy { $0.outcome.proposed })
    }

    @Test func acceptedPointsMustExist() throws {
        let order = ExecutionOrder(bound: 1_000_000_000)
        let model = try RedundancyModel.build(executions: requests(), order: order, outcomes: [OutcomeSpec(pattern: "Created")])
        try model.validate(accepted: ["crash:role:api", "crash:host:api-1"])
        let ids = model.faultPoints.map(\.id)
        #expect(throws: HypothesisError.unknownFaultPoints(["crash:role:apii"], closest: ids, total: ids.count)) {
            try model.validate(accepted: ["crash:role:apii", "crash:role:api"])
        }
        let many = RedundancyModel(outcomes: [], faultPoints: (0..<30).map {
            FaultPoint(kind: .crash, level: .concrete, targetKind: "host", target: "node-\($0)")
        }, modelEdges: [])
        do {
            try many.validate(accepted: ["crash:host:node-7x"])
            Issue.record("an unknown point was accepted")
        } catch let HypothesisError.unknownFaultPoints(unknown, closest, total) {
            #expect(unknown == ["crash:host:node-7x"] && total == 30 && closest.count == 10 && closest.first == "crash:host:node-7")
        }
    }
}

/// An execution read from one file per host ends, in input order, with the last line of the last file;
/// whether it ended in error is decided by its last event in time.
@Suite struct FinalEventTests {
    private func event(_ host: String, _ ms: Int64?, _ message: String, level: String? = nil) -> Event {
        var e = Event(source: SourceLocation(file: host + ".log", line: 1), time: ms.map { $0 * 1_000_000 }, host: host,
                      type: message, template: message, message: message)
        e.level = level
        return e
    }

    @Test func theLastEventInTimeEndsTheExecution() {
        // edge-1.log is read first, recs-1.log second: the retry warning is last in input order only.
        let events = [event("edge-1", 0, "GET /home"), event("edge-1", 9, "200 body"),
                      event("recs-1", 2, "transient error, retrying", level: "WARN"), event("recs-1", 5, "recommendations")]
        #expect(RedundancyModel.finalEvent(events)?.message == "200 body")
        #expect(RedundancyModel.finalEvent([event("a", nil, "x"), event("b", nil, "y")])?.message == "y")
        #expect(RedundancyModel.finalEvent([event("a", 3, "x"), event("b", 3, "y"), event("c", nil, "z")])?.message == "y")
        #expect(RedundancyModel.finalEvent([]) == nil)
    }

    /// A gateway falls back when its routes call times out and reaches its outcome; the routes host
    /// then reports, last, that its client went away: that late failure is its callee's, and the
    /// execution reached the outcome. A failure the outcome's own host reports last ends it in error,
    /// and so does one of its callers' (a front failing after its backend's outcome, or the edge before
    /// that front), or any other host's when the call graph is not known.
    @Test func aLateFailureOffTheOutcomesPathDoesNotEndTheExecutionInError() throws {
        func execution(_ id: String, last: Event) -> Execution {
            Execution(id: id, ids: [], events: [event("edge", 0, "forward to front"), event("front", 0, "checkout for gw"),
                                                event("gw", 1, "asking routes for suggestions"),
                                                event("routes", 2, "suggest request"),
                                                event("gw", 80, "routes timed out, serving cached routes", level: "WARN"),
                                                event("gw", 81, "ride unlocked"), last])
        }
        let executions = [
            execution("late-callee", last: event("routes", 90, "client went away before response was written", level: "ERROR")),
            execution("late-own", last: event("gw", 90, "audit write failed", level: "ERROR")),
            execution("late-caller", last: event("front", 90, "checkout failed", level: "ERROR")),
            execution("late-callers-caller", last: event("edge", 90, "upstream failed", level: "ERROR")),
        ]
        let order = ExecutionOrder(bound: 1_000_000)
        let calls = CallGraphBuilder()
        for e in executions { calls.add(e, order: order) }
        let graph = calls.graph()
        #expect(Set(graph.hostEdges.map { "\($0.from) -> \($0.to)" }) == ["edge -> front", "front -> gw", "gw -> routes"])
        let model = try RedundancyModel.build(executions: executions, order: order, outcomes: [OutcomeSpec.parse("ride unlocked")], calls: graph)
        #expect(model.outcomes[0].supportingExecutions == 1)
        #expect(model.outcomes[0].failed.map { "\($0.execution) \($0.reason)" }
                == ["late-caller ended in error", "late-callers-caller ended in error", "late-own ended in error"])
        let unknown = try RedundancyModel.build(executions: executions, order: order, outcomes: [OutcomeSpec.parse("ride unlocked")])
        #expect(unknown.outcomes[0].supportingExecutions == 0)
    }
}
