import Testing
@testable import AriadneCore

@Suite struct OutcomeProposalTests {
    func event(_ type: String, _ host: String, _ time: Int64, line: Int, template: String? = nil) -> Event {
        Event(source: SourceLocation(file: host + ".log", line: line), time: time, host: host, type: type,
              template: template ?? type, message: template ?? type)
    }

    /// Per-host files are read one after the other, so input order is not time order: the coordinator's
    /// file comes first, yet its acknowledgement is the last thing that happens.
    @Test func theTerminalEventIsTheLatestByTimeNotTheLastRead() {
        let executions = (0..<4).map { index -> Execution in
            let base = Int64(index) * 1_000_000_000
            return Execution(id: "request=\(index)", ids: [ExecutionID(kind: "request", value: "\(index)")], events: [
                event("put", "coord", base, line: 1),
                event("acknowledged", "coord", base + 900, line: 2),
                event("stored", "replica", base + 500, line: 1),
            ])
        }
        #expect(OutcomeSpec.lastEvent(of: executions[0])?.type == "acknowledged")
        let proposed = OutcomeSpec.propose(executions: executions)
        #expect(proposed.first?.pattern == "acknowledged")
        #expect(proposed.first?.reason?.contains("ends 4 of 4") == true)
        #expect(proposed.allSatisfy { $0.proposed })
    }

    @Test func errorLookingTypesAreNeverProposedAndRegexOutcomesUsePCRE2() throws {
        let failing = Event(source: SourceLocation(file: "x", line: 1), time: 5, host: "h", level: "ERROR",
                            type: "boom", template: "request failed", message: "request failed")
        let executions = [Execution(id: "e", ids: [], events: [event("start", "h", 1, line: 1), failing])]
        #expect(!OutcomeSpec.propose(executions: executions).contains { $0.pattern == "boom" })
        let matcher = try EventMatcher(#"^sta\w+$"#)
        #expect(matcher.matches(event("start", "h", 1, line: 1)))
        #expect(!matcher.matches(event("restart", "h", 1, line: 1)))
        #expect(throws: HypothesisError.self) { _ = try EventMatcher("(unclosed") }
    }
}
