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

    /// A file whose records have no time is read last: its records end no execution that has timed ones
    /// (a side call's `spellcheck` line had been proposed as a search's outcome), only an untimed one.
    @Test func anUntimedRecordEndsOnlyAnExecutionWithoutTimes() {
        let untimed = Event(source: SourceLocation(file: "suggest.log", line: 1), time: nil, host: "suggest", type: "spellcheck",
                            template: "spellcheck", message: "spellcheck")
        let executions = (0..<4).map { index -> Execution in
            let base = Int64(index) * 1_000_000_000
            return Execution(id: "request=\(index)", ids: [ExecutionID(kind: "request", value: "\(index)")], events: [
                event("search", "gateway", base, line: 1), untimed, event("completed", "gateway", base + 900, line: 2), untimed,
            ])
        }
        #expect(OutcomeSpec.lastEvent(of: executions[0])?.type == "completed")
        #expect(OutcomeSpec.propose(executions: executions).first?.pattern == "completed")
        var second = untimed
        second.type = "spellcheck answered"
        let allUntimed = Execution(id: "request=9", ids: [], events: [untimed, second])
        #expect(OutcomeSpec.lastEvent(of: allUntimed)?.type == "spellcheck answered")
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
    /// A record written whatever the result (a function runtime's `REPORT` after each invocation, failed or
    /// not) ends the most executions, yet those it ends without the work's own last step report failures:
    /// that step is the outcome. A step that failures follow (`auth ok` before a declined write) is not;
    /// when the executions without the step fail silently, nothing says the trailer is one and it stays.
    @Test func aRecordWrittenWhateverTheResultGivesItsPlaceToTheStepFailuresMiss() {
        func failure(_ message: String, _ host: String, _ time: Int64, line: Int) -> Event {
            Event(source: SourceLocation(file: host + ".log", line: line), time: time, host: host, level: "ERROR",
                  type: message, template: message, message: message)
        }
        func executions(failuresReported: Bool) -> [Execution] {
            (0..<100).map { index -> Execution in
                let base = Int64(index) * 1_000_000_000
                var line = 10 * index
                func next() -> Int { line += 1; return line }
                var events = [event("job received", "api", base, line: next()),
                              index % 10 == 3 ? failure("auth denied", "auth", base + 100_000, line: next())
                                              : event("auth ok", "auth", base + 100_000, line: next())]
                var t = base + 1_000_000
                func attempt(succeeds: Bool) {
                    events.append(event("invocation start", "fn", t, line: next()))
                    if succeeds {
                        events.append(event("subscribers notified", "fn", t + 10_000, line: next()))
                    } else if failuresReported {
                        events.append(failure("push provider unavailable", "fn", t + 10_000, line: next()))
                    }
                    events.append(event("invocation report", "fn", t + 20_000, line: next()))
                    t += 30_000_000
                }
                switch index % 10 {
                case 0: (0..<3).forEach { _ in attempt(succeeds: false) }
                case 1: attempt(succeeds: false); attempt(succeeds: true)
                case 2: events.append(failure("store write declined", "api", base + 200_000, line: next()))
                    attempt(succeeds: false)
                case 3: attempt(succeeds: false)
                default: attempt(succeeds: true)
                }
                return Execution(id: "job=\(index)", ids: [ExecutionID(kind: "job", value: "\(index)")], events: events)
            }
        }
        let proposed = OutcomeSpec.propose(executions: executions(failuresReported: true))
        #expect(proposed.first?.pattern == "subscribers notified")
        #expect(proposed.first?.reason?.contains("in place of invocation report") == true)
        #expect(!proposed.contains { $0.pattern == "invocation report" || $0.pattern == "auth ok" })
        let silent = OutcomeSpec.propose(executions: executions(failuresReported: false))
        #expect(silent.first?.pattern == "invocation report")
    }
}
