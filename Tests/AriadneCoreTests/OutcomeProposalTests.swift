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

    /// A type that failures follow is a step toward the outcome, not one: an order created before its
    /// payment is declined. Time, not input order, says what follows: the database's reset, read last
    /// (its file comes last) but logged before the order was created, follows nothing.
    @Test func aTypeThatFailuresFollowIsAStepNotAnOutcome() {
        func failure(_ message: String, _ host: String, _ time: Int64, line: Int) -> Event {
            Event(source: SourceLocation(file: host + ".log", line: line), time: time, host: host, level: "ERROR",
                  type: message, template: message, message: message)
        }
        let executions = (0..<60).map { index -> Execution in
            let base = Int64(index) * 1_000_000_000
            var events = [event("order received", "api", base, line: 2 * index + 1),
                          event("order created", "api", base + 1_000_000, line: 2 * index + 2),
                          event("charge requested", "pay", base + 2_000_000, line: index + 1)]
            switch index % 6 {
            case 0: events.append(failure("card declined", "pay", base + 3_000_000, line: 100 + index))
            case 1: events.append(failure("connection reset by peer", "db", base + 500_000, line: index + 1))
                events.append(event("confirmation sent", "mail", base + 5_000_000, line: index + 1))
            default: events.append(event("confirmation sent", "mail", base + 5_000_000, line: index + 1))
            }
            return Execution(id: "order=\(index)", ids: [ExecutionID(kind: "order", value: "\(index)")], events: events)
        }
        let proposed = OutcomeSpec.propose(executions: executions).map(\.pattern)
        #expect(proposed.first == "confirmation sent")
        #expect(!proposed.contains("order created"))
        // Without the declined payments nothing fails after the order is created: it is proposed again.
        let succeeded = executions.filter { !$0.events.contains { $0.type == "card declined" } }
        #expect(OutcomeSpec.propose(executions: succeeded).map(\.pattern).contains("order created"))
    }
}
