import Foundation
import Testing
@testable import AriadneCore

/// The learning loop's parts: the state directory (lock, atomic writes, unreadable states), the
/// journal verdict and the bug report's differential explanation.
@Suite struct LoopStateTests {
    @Test func stateRoundTripsAndTheLockIsExclusive() throws {
        let directory = TestPaths.scratch() + "/state"
        let store = StateDirectory(path: directory)
        #expect(try store.read() == nil)
        try store.lock()
        var state = LoopState(outcomes: ["put ok"], budget: 2, groupBy: ["req"])
        state.runs.append(LoopRun(number: 1, experiment: nil, plan: nil, faults: [], paths: ["/logs"], executions: 3,
                                  verdict: .baseline, judgedBy: .logs, failedExecutions: []))
        try store.write(state)
        #expect(try StateDirectory(path: directory).read() == state)
        let other = StateDirectory(path: directory)
        #expect(throws: LoopError.busy(directory: directory, pid: getpid())) { try other.lock() }
        store.unlock()
        try other.lock()
        other.unlock()
        let text = try String(contentsOfFile: directory + "/state.json", encoding: .utf8)
        #expect(text.contains("\"ariadne_state\" : 1") && text.contains("\"judged_by\" : \"logs\""))
    }

    /// Faults kept from runs that held: a crash's or drop's, a call's delay as its drop, nothing from a
    /// run that delayed a host (listed, empty), the baseline or a failed run.
    @Test func heldFaultsListEveryRunThatHeldAndKeepADelayedCallAsItsDrop() {
        var state = LoopState(outcomes: ["put ok"], budget: 3, groupBy: nil)
        func run(_ number: Int, _ faults: [String], _ verdict: LoopRun.Verdict) -> LoopRun {
            LoopRun(number: number, experiment: number == 1 ? nil : "x-\(number)", plan: "p-1", faults: faults, paths: ["/logs"],
                    executions: 3, verdict: verdict, judgedBy: .injector, failedExecutions: [])
        }
        state.runs = [run(1, [], .baseline), run(2, ["drop:edge:a->b"], .held), run(3, ["delay:edge:a->c~T2"], .held),
                      run(4, ["crash:host:b@after:T1", "delay:edge:a->c"], .held), run(5, ["crash:host:a"], .failed),
                      run(6, ["crash:host:b", "delay:host:c"], .held)]
        #expect(state.heldFaults == ["run2/": ["drop:edge:a->b"], "run3/": ["drop:edge:a->c~T2"],
                                     "run4/": ["crash:host:b@after:T1", "drop:edge:a->c"], "run6/": []])
    }

    @Test func unreadableStatesSayWhatToDo() throws {
        let directory = TestPaths.scratch() + "/state"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (content, needle) in [("{\"ariadne_state\": 9}", "format version 9"), ("not json", "not an Ariadne loop state"),
                                  ("{\"ariadne_state\": 1}", "not an Ariadne loop state")] {
            try content.write(toFile: directory + "/state.json", atomically: true, encoding: .utf8)
            do {
                _ = try StateDirectory(path: directory).read()
                Issue.record("read \(content)")
            } catch let error as LoopError {
                #expect(error.description.contains(needle), "\(error)")
                #expect(error.description.contains("move this one away"))
            }
        }
    }

    @Test func journalVerdicts() throws {
        func verdict(_ json: String) throws -> LoopRun.Verdict { try JournalVerdict.read(Data(json.utf8), path: "j.json") }
        #expect(try verdict(#"{"status": "completed", "deviated": false, "steady_states": {"after": {"steady_state_met": true}}}"#) == .held)
        #expect(try verdict(#"{"status": "completed", "deviated": true, "steady_states": {"after": {"steady_state_met": true}}}"#) == .failed)
        #expect(try verdict(#"{"status": "failed", "steady_states": {"after": {"steady_state_met": false}}}"#) == .failed)
        #expect(try verdict(#"{"status": "failed"}"#) == .failed)
        #expect(throws: LoopError.self) { try verdict(#"{"status": "completed"}"#) }
        #expect(throws: LoopError.self) { try verdict("[1, 2]") }
    }

    @Test func bugReportNamesTheDepartureAndTheLackedSupport() {
        func event(_ host: String, _ ms: Int64, _ type: String, line: Int) -> Event {
            Event(source: SourceLocation(file: host + ".log", line: line), time: ms * 1_000_000, host: host, type: type, template: type, message: type)
        }
        let good = [Execution(id: "r1", ids: [], events: [event("api", 0, "get", line: 1), event("db-1", 1, "read", line: 1),
                                                           event("api", 2, "ok", line: 2)]),
                    Execution(id: "r2", ids: [], events: [event("api", 5, "get", line: 3), event("api", 6, "cache", line: 4)])]
        let failing = Execution(id: "x1", ids: [], events: [event("api", 10, "get", line: 5), event("api", 11, "timeout", line: 6)])
        let report = BugReport.explain(faults: ["crash:host:db-1"], failed: [(failing, "missed outcome")], good: good)
        #expect(report.failedCount == 1 && report.failedExecutions == ["x1"])
        let explanation = report.explanations[0]
        #expect(explanation.comparedWith == "r1" && explanation.commonEvents == 1)
        #expect(explanation.lackedHosts == ["db-1"])
        #expect(explanation.expected?.type == "read" && explanation.got?.type == "timeout")
        #expect(report.lines().joined().contains("lacked the support of: db-1"))
        // Both executions around the departure, for the report's side by side view.
        #expect(explanation.stepsFrom == 0)
        #expect(explanation.goodSteps?.map(\.type) == ["get", "read", "ok"])
        #expect(explanation.failingSteps?.map(\.type) == ["get", "timeout"])
    }

    @Test func bugReportStepsAreAWindowAroundTheDeparture() {
        func event(_ ms: Int64, _ type: String) -> Event {
            Event(source: SourceLocation(file: "a.log", line: Int(ms) + 1), time: ms * 1_000_000, host: "a", type: type, template: type, message: type)
        }
        let shared = (0..<20).map { event(Int64($0), "s\($0)") }
        let good = Execution(id: "g", ids: [], events: shared + (20..<30).map { event(Int64($0), "g\($0)") })
        let failing = Execution(id: "f", ids: [], events: shared + [event(20, "boom")])
        let explanation = BugReport.explain(faults: [], failed: [(failing, "missed outcome")], good: [good]).explanations[0]
        let around = BugReport.stepsAround
        #expect(explanation.commonEvents == 20 && explanation.stepsFrom == 20 - around)
        #expect(explanation.goodSteps?.map(\.type) == (20 - around..<20).map { "s\($0)" } + (20..<20 + around).map { "g\($0)" })
        #expect(explanation.failingSteps?.map(\.type) == (20 - around..<20).map { "s\($0)" } + ["boom"])
        // A state written before the steps were recorded still reads.
        let old = #"{"execution":"f","reason":"missed outcome","compared_with":"g","lacked_hosts":[],"common_events":3}"#
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let decoded = try? decoder.decode(BugReport.Explanation.self, from: Data(old.utf8))
        #expect(decoded?.goodSteps == nil && decoded?.commonEvents == 3)
    }
}
