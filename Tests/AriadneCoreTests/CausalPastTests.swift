import Foundation
import Testing
@testable import AriadneCore

/// An outcome's causal past follows messages, not only timestamps: a callee whose record the clocks of one
/// execution cannot order against its caller's is still in the support when the model's relation and
/// the call graph say the record was part of the call.
@Suite struct CausalPastTests {
    static func record(_ host: String, _ micros: Int64, _ type: String) -> Event {
        Event(source: SourceLocation(file: "past.log", line: 0), time: micros * 1000, host: host,
              service: String(host.prefix { $0 != "-" }), type: type,
              template: type, fields: [], message: type)
    }

    /// api-1 logs `request`, calls db-1 (`select`), then web-1 (`render`) and logs `done`. With `select`
    /// `dbAt` µs after `request`.
    static func run(_ id: Int, dbAt: Int64) -> Execution {
        CallGraphTests.execution("\(id)", [record("api-1", 0, "request"), record("db-1", dbAt, "select"),
                                           record("web-1", 2_000, "render"), record("api-1", 3_000, "done")])
    }

    /// 100 µs: records 1 ms apart on clocks that agree are ordered.
    static let order = ExecutionOrder(bound: 100_000)

    /// Whether every support of `done` in execution `id` contains db-1.
    static func dbInSupports(_ model: RedundancyModel) -> [String: Bool] {
        var result: [String: Bool] = [:]
        for kind in model.outcomes[0].classes {
            let hasDB = kind.supports.allSatisfy { support in support.contains { $0.hasPrefix("crash:") && $0.hasSuffix(":db") } }
            for member in kind.executions { result[member.execution] = hasDB }
        }
        return result
    }

    @Test func aCalleeTheClocksCannotOrderIsInTheSupportWhenTheModelAndTheCallsSayItIs() throws {
        // Eight executions show the call clearly; in two, db-1's clock is ahead, so its record is stamped
        // 50 µs before api-1's `done`: within the bound, neither before nor after it.
        let clear = (0..<8).map { Self.run($0, dbAt: 1_000) }
        let skewed = (8..<10).map { Self.run($0, dbAt: 2_950) }
        let runs = clear + skewed
        let graph = CallGraphTests.graph(runs, order: Self.order)
        #expect(graph.hostEdges.contains { $0.from == "api-1" && $0.to == "db-1" })
        let edges = [ModelEdge(before: "request", after: "select", support: 10), ModelEdge(before: "select", after: "done", support: 8),
                     ModelEdge(before: "request", after: "render", support: 10), ModelEdge(before: "render", after: "done", support: 10)]
        let spec = [OutcomeSpec(pattern: "done")]
        let withCalls = Self.dbInSupports(try RedundancyModel.build(executions: runs, order: Self.order, outcomes: spec,
                                                                    modelEdges: edges, calls: graph))
        #expect(withCalls.count == 10 && withCalls.values.allSatisfy { $0 }, "\(withCalls)")
        // Without the call graph only what the clocks order counts.
        let timeOnly = Self.dbInSupports(try RedundancyModel.build(executions: runs, order: Self.order, outcomes: spec, modelEdges: edges))
        #expect(timeOnly.filter { !$0.value }.keys.sorted() == skewed.map(\.id).sorted(), "\(timeOnly)")
    }

    /// The causal order places by calls only the hosts the call graph joins to another host of the
    /// execution; a host seen too rarely to be a call's (one replica of many, `cache-7` in one execution)
    /// still counts by the clocks, while a placed host's records count only along the calls.
    @Test func aHostTheCallGraphDoesNotPlaceCountsByTheClocks() throws {
        var runs = (0..<9).map { Self.run($0, dbAt: 1_000) }
        let rare = Self.run(9, dbAt: 1_000)
        runs.append(CallGraphTests.execution("9", rare.events + [Self.record("cache-7", 1_500, "warm")]))
        let graph = CallGraphTests.graph(runs, order: Self.order)
        #expect(!graph.hostEdges.contains { $0.from == "cache-7" || $0.to == "cache-7" })
        let edges = [ModelEdge(before: "request", after: "select", support: 10), ModelEdge(before: "select", after: "done", support: 10)]
        let model = try RedundancyModel.build(executions: runs, order: Self.order, outcomes: [OutcomeSpec(pattern: "done")],
                                              modelEdges: edges, calls: graph)
        let supports = model.outcomes[0].classes.filter { $0.executions.contains { $0.execution == "trace=9" } }.flatMap(\.supports)
        #expect(!supports.isEmpty && supports.allSatisfy { $0.contains("crash:role:cache") && $0.contains("crash:role:db") }, "\(supports)")
        // web-1, placed (api-1 calls it) and logging after db-1's answer, is in the past by the calls too.
        #expect(supports.allSatisfy { $0.contains("crash:role:web") }, "\(supports)")
    }

    @Test func aRecordTheClocksPutAfterTheOutcomeStaysOutOfItsPast() throws {
        // db-1's record stamped 500 µs after `done` (beyond the bound): the clocks contradict the
        // relation in this execution, so it is not drawn, whatever the model says elsewhere.
        let runs = (0..<8).map { Self.run($0, dbAt: 1_000) } + [Self.run(8, dbAt: 3_500)]
        let graph = CallGraphTests.graph(runs, order: Self.order)
        let edges = [ModelEdge(before: "request", after: "select", support: 8), ModelEdge(before: "select", after: "done", support: 8)]
        let model = try RedundancyModel.build(executions: runs, order: Self.order, outcomes: [OutcomeSpec(pattern: "done")],
                                              modelEdges: edges, calls: graph)
        let inSupports = Self.dbInSupports(model)
        #expect(inSupports["trace=8"] == false && (0..<8).allSatisfy { inSupports["trace=\($0)"] == true }, "\(inSupports)")
    }
}

/// Lineage, not history: a replica that only failed before its caller went to another took no step
/// toward the outcome, so neither it nor its messages are in the support; a replica that failed once and
/// then answered is.
@Suite struct FailedAttemptSupportTests {
    static func record(_ host: String, _ micros: Int64, _ message: String, level: String = "INFO") -> Event {
        Event(source: SourceLocation(file: "attempts.log", line: 0), time: micros * 1000, host: host,
              service: String(host.prefix { $0 != "-" }), level: level, type: message, template: message, fields: [], message: message)
    }

    /// api-1 asks pay-1; in `failed` runs pay-1 answers an error (having logged the request first, in
    /// half of them) and api-1 falls back to pay-2; in
    /// `retried` runs pay-1 errs, then charges on the retry. In every third plain run pay-1 logs only a
    /// warning (`WARN slow charge took 900ms`): it did its work.
    static func runs(plain: Int, failed: Int, retried: Int) -> [Execution] {
        var runs: [Execution] = []
        for n in 0..<(plain + failed + retried) {
            var records = [record("api-1", 0, "checkout")]
            if n < plain {
                records.append(n % 3 == 0 ? record("pay-1", 1_000, "slow charge took 900ms", level: "WARN") : record("pay-1", 1_000, "charged"))
            } else if n < plain + failed {
                // Half of them accept the request before failing it: still no step.
                if n % 2 == 0 { records.append(record("pay-1", 500, "charge requested")) }
                records += [record("pay-1", 1_000, "charge failed: processor unavailable", level: "ERROR"),
                            record("api-1", 2_000, "payment failed, trying another", level: "WARN"), record("pay-2", 3_000, "charged")]
            } else {
                records += [record("pay-1", 1_000, "charge failed: processor unavailable", level: "ERROR"),
                            record("api-1", 2_000, "payment failed, trying another", level: "WARN"), record("pay-1", 3_000, "charged")]
            }
            records.append(record("api-1", 5_000, "order placed"))
            runs.append(CallGraphTests.execution("\(n)", records))
        }
        return runs
    }

    @Test func aFailedAttemptIsNoStepTowardTheOutcome() throws {
        let runs = Self.runs(plain: 6, failed: 4, retried: 3)
        let graph = CallGraphTests.graph(runs, order: CausalPastTests.order)
        let model = try RedundancyModel.build(executions: runs, order: CausalPastTests.order,
                                              outcomes: [OutcomeSpec(pattern: "order placed")], calls: graph)
        var hostsOf: [String: Set<String>] = [:]
        for kind in model.outcomes[0].classes {
            for member in kind.executions {
                #expect(kind.supports.count == 1)
                let concrete = kind.supports[0].map { member.bindings[$0] ?? $0 }
                hostsOf[member.execution] = Set(concrete.filter { $0.hasPrefix("crash:host:") }.map { String($0.dropFirst(11)) })
                if Int(member.execution.split(separator: "=")[1])! >= 6, Int(member.execution.split(separator: "=")[1])! < 10 {
                    // No message to or from the failed replica either.
                    #expect(!concrete.contains { $0.hasPrefix("delay:edge:") && $0.contains("pay-1") }, "\(concrete)")
                }
            }
        }
        #expect(hostsOf.count == 13)
        for n in 0..<13 {
            let expected: Set<String> = n < 6 || n >= 10 ? ["api-1", "pay-1"] : ["api-1", "pay-2"]
            #expect(hostsOf["trace=\(n)"] == expected, "run \(n): \(hostsOf["trace=\(n)"] ?? [])")
        }
    }

    /// The caller gives up on pay-1 and says where it goes next (`timed out peer=pay-1, retrying
    /// peer=pay-2`): pay-1, which logged the request within that call and answered only after the
    /// outcome, took no step. Kept: pay-1 when the failure names it alone (`transient error from pay-1,
    /// retrying`: the retry may reach it unlogged), and when it also did work before the call (a hold
    /// placed earlier in the run).
    @Test func aCalleeItsCallerGaveUpOnForAnotherIsNoStep() throws {
        func hosts(_ variant: Int) throws -> [Set<String>] {
            var runs: [Execution] = []
            for n in 0..<6 {
                var records = [Self.record("api-1", 0, "checkout")]
                if variant == 2 { records += [Self.record("pay-1", 200, "hold placed"), Self.record("api-1", 400, "hold ok")] }
                records.append(Self.record("pay-1", 1_000, "charge requested"))
                records.append(variant == 1 ? Self.record("api-1", 2_000, "transient error from pay-1, retrying", level: "WARN")
                                            : Self.record("api-1", 2_000, "charge timed out peer=pay-1, retrying peer=pay-2", level: "WARN"))
                records += [Self.record("pay-2", 3_000, "charged"), Self.record("api-1", 5_000, "order placed"), Self.record("pay-1", 6_000, "charged late")]
                runs.append(CallGraphTests.execution("\(variant)-\(n)", records))
            }
            let model = try RedundancyModel.build(executions: runs, order: CausalPastTests.order, outcomes: [OutcomeSpec(pattern: "order placed")],
                                                  calls: CallGraphTests.graph(runs, order: CausalPastTests.order))
            return model.outcomes[0].classes.flatMap { kind in
                kind.executions.map { member in
                    Set(kind.supports[0].map { member.bindings[$0] ?? $0 }.filter { $0.hasPrefix("crash:host:") }.map { String($0.dropFirst(11)) })
                }
            }
        }
        #expect(try hosts(0) == Array(repeating: ["api-1", "pay-2"], count: 6))
        #expect(try hosts(1) == Array(repeating: ["api-1", "pay-1", "pay-2"], count: 6))
        #expect(try hosts(2) == Array(repeating: ["api-1", "pay-1", "pay-2"], count: 6))
    }
}
