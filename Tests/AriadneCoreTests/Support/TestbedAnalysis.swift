@testable import AriadneCore
import Foundation
import Testing

/// Ariadne's reading of a testbed run's logs, as `ariadne model PATH --outcome X` reads them with no
/// other option: the shipped patterns (layouts inferred where none fits), hosts from the records or, for
/// one file per host, the file names, execution ids discovered, grouping and inference options at their
/// defaults. The outcome does not change parsing, grouping or ordering, so it is not needed here.
struct TestbedAnalysis {
    /// The pipeline after `finish()`: its `order`, its executions (kept).
    let pipeline: InferencePipeline
    /// The causal model `finish()` returned.
    let causal: CausalModel
    let stats: ParseStats
    /// The truth of the run whose logs were read.
    let truth: TestbedTruth
    /// Whether the input read is the merged file (else the per-host files).
    let readMerged: Bool

    /// The executions Ariadne formed.
    var executions: [Execution] { Array(pipeline.executions) }

    /// Reads `path` (the run's `logs` directory or its `merged.log`).
    init(_ path: String, truth: TestbedTruth) throws {
        let library = try PatternLibrary()
        let inputs = try InputSource.expand([path]).inputs
        let options = ParseOptions(library: library.patterns, hostOrigin: .auto,
                                   fileHosts: HostNaming.fileHosts(for: inputs, origin: .auto))
        let discovery = IDDiscoveryOptions(patternKinds: Set(library.patterns.flatMap(\.executionIDKinds)))
        let pipeline = InferencePipeline(grouping: GroupingOptions(), inference: InferenceOptions(), keepExecutions: true,
                                         discovery: discovery)
        let session = ParseSession(options: options) { pipeline.add($0) }
        for input in inputs { try session.parse(input) }
        causal = pipeline.finish()
        self.pipeline = pipeline
        self.stats = session.stats
        self.truth = truth
        readMerged = path.hasSuffix("merged.log")
    }

    /// The truth key of an event (nil when its source is no line of the run).
    func key(_ event: Event) -> String? {
        truth.key(file: event.source.file, line: event.source.line)
    }

    /// The order Ariadne uses today when nothing is estimated: the default skew bound plus the
    /// resolution of every parsed timestamp (what `InferencePipeline.order` was before clock offsets).
    var defaultOrder: ExecutionOrder {
        let times = executions.lazy.flatMap(\.events).compactMap(\.time)
        return ExecutionOrder(bound: InferenceOptions().bound(resolution: ExecutionOrder.resolution(of: times)))
    }

    /// The executions with every event's time replaced by `time(event, its truth line)` (nil: no time);
    /// events that are no line of the run keep theirs. For reference orders: true time, or logged time
    /// corrected by the true offsets.
    func executions(timedBy time: (Event, TestbedTruth.Line) -> Int64?) -> [Execution] {
        executions.map { execution in
            var copy = execution
            for i in copy.events.indices {
                if let key = key(copy.events[i]), let line = truth.line(key) { copy.events[i].time = time(copy.events[i], line) }
            }
            return copy
        }
    }

    /// Each execution's causal order (its hosts' own order and the messages along the inferred calls),
    /// on the pipeline's order and call graph.
    func causalOrders() -> [CausalOrder] {
        let calls = pipeline.callPartners
        return executions.map { pipeline.causalOrder(of: $0, calls: calls) }
    }

    /// The pipeline's cross-host happens-before: its causal orders against the truth's vector clocks.
    func causalScore() -> HappensBeforeScore {
        HappensBeforeScore(executions: executions, causal: causalOrders(), truth: truth)
    }

    /// What the causal order gives on perfect clocks: every event at its true time, bound 0, and the
    /// call graph inferred on those times. Measures the relation's rules apart from the clock offsets.
    func trueTimeCausalScore() -> HappensBeforeScore {
        let timed = executions { _, line in line.trueUs * 1000 }
        let order = ExecutionOrder(bound: 0)
        let builder = CallGraphBuilder()
        for execution in timed { builder.add(execution, order: order) }
        let calls = CallPartners(builder.graph())
        return HappensBeforeScore(executions: timed, causal: timed.map { CausalOrder($0, order: order, calls: calls) }, truth: truth)
    }

    /// The best a timestamp order can do: true time (nanoseconds from the simulation's epoch), bound 0.
    /// Its recall is 1 (a line that happened before another is earlier in true time); its precision is
    /// limited by the concurrent cross-host pairs that true time still orders.
    func trueTimeScore() -> HappensBeforeScore {
        HappensBeforeScore(executions: executions { _, line in line.trueUs * 1000 }, order: ExecutionOrder(bound: 0), truth: truth)
    }

    /// Each truth host's timestamp resolution in nanoseconds, from its parsed times (log4j-like and clf
    /// hosts log milliseconds, json and golog microseconds).
    func resolutions() -> [String: Int64] {
        var times: [String: [Int64]] = [:]
        for execution in executions {
            for event in execution.events {
                if let key = key(event), let line = truth.line(key), let time = event.time { times[line.host, default: []].append(time) }
            }
        }
        return times.mapValues { ExecutionOrder.resolution(of: $0) }
    }

    /// What exact offsets would give with one symmetric bound: each logged time minus its host's true
    /// offset, bound by the coarsest resolution a host logs with.
    func trueOffsetsScore() -> HappensBeforeScore {
        let bound = resolutions().values.max() ?? 0
        let corrected = executions { event, line in event.time.map { $0 - (truth.offsets[line.host] ?? 0) * 1000 } }
        return HappensBeforeScore(executions: corrected, order: ExecutionOrder(bound: bound), truth: truth)
    }

    /// What exact offsets would give with each host's truncation: a timestamp `t` of resolution `r`
    /// places the event in `[t - offset, t - offset + r)`; a precedes b when b's interval starts at or
    /// after a's ends (same host: log order, as `ExecutionOrder`).
    func trueOffsetsIntervalScore() -> HappensBeforeScore {
        let resolution = resolutions()
        var interval: [String: (Int64, Int64)] = [:]
        for execution in executions {
            for event in execution.events {
                guard let key = key(event), let line = truth.line(key), let time = event.time else { continue }
                let low = time - (truth.offsets[line.host] ?? 0) * 1000
                interval[key] = (low, low + (resolution[line.host] ?? 1))
            }
        }
        let sameHost = ExecutionOrder(bound: 0)
        return HappensBeforeScore(executions: executions, truth: truth) { a, i, b, j in
            guard let ka = key(a), let kb = key(b), let ha = truth.line(ka)?.host, let hb = truth.line(kb)?.host,
                  let ia = interval[ka], let ib = interval[kb] else { return false }
            return ha == hb ? sameHost.precedes(a, at: i, b, at: j) : ib.0 >= ia.1
        }
    }

    /// The redundancy model of `outcome` as `ariadne model --outcome` builds it, with `order` (default:
    /// the pipeline's).
    func redundancy(outcome: String, order: ExecutionOrder? = nil) throws -> RedundancyModel {
        let edges = causal.tolerant.happensBefore.map { ModelEdge(before: $0.before, after: $0.after, support: $0.support) }
        return try RedundancyModel.build(executions: executions, order: order ?? pipeline.order,
                                         outcomes: [OutcomeSpec.parse(outcome)], modelEdges: edges, calls: causal.calls)
    }

    /// Executions that reach `outcome` with a support lacking a host the simulator says the execution
    /// used (a host is in a support through a crash fault point on it or on its role, as bound for that
    /// execution): `execution: missing hosts`, and how many executions reached the outcome.
    func supportsLackingHosts(outcome: String, order: ExecutionOrder? = nil) throws -> (reached: Int, lacking: [String]) {
        let model = try redundancy(outcome: outcome, order: order)
        var truthID: [String: String] = [:]
        for execution in executions {
            let ids = execution.events.compactMap { key($0).flatMap { truth.line($0)?.execution } }
            if let id = ids.first { truthID[execution.id] = id }
        }
        var reached = 0
        var lacking: [String] = []
        for outcomeModel in model.outcomes {
            for kind in outcomeModel.classes {
                for member in kind.executions {
                    reached += 1
                    guard let id = truthID[member.execution], let used = truth.execution(id: id)?.hosts else { continue }
                    for support in kind.supports {
                        let hosts = Self.crashedHosts(support, member)
                        let missing = used.filter { !hosts.contains($0) }
                        if !missing.isEmpty { lacking.append("\(member.execution): \(missing.joined(separator: ","))") }
                    }
                }
            }
        }
        return (reached, lacking)
    }

    /// The hosts whose crash points a support holds, bound to `member`'s concrete hosts.
    static func crashedHosts(_ support: [String], _ member: ClassMember) -> Set<String> {
        Set(support.compactMap { point -> String? in
            let concrete = member.bindings[point] ?? point
            return concrete.hasPrefix("crash:host:") ? String(concrete.dropFirst("crash:host:".count)) : nil
        })
    }

    /// For a per-host outcome (`POST on each host`): the executions whose support for the outcome on a host
    /// lacks a host in the causal past of that host's occurrence, as the simulator's vector clocks give it,
    /// or holds one outside it (a receiver served by the origin directly did not use the relay, whatever
    /// the relay did meanwhile). Each outcome host's occurrence is its first record in the execution whose
    /// type the outcome matched.
    func supportsAgainstCausalPast(outcome: String) throws -> (reached: Int, lacking: [String], extra: [String]) {
        let model = try redundancy(outcome: outcome)
        let byID = Dictionary(executions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var reached = 0
        var lacking: [String] = [], extra: [String] = []
        for outcomeModel in model.outcomes {
            let host = try #require(outcomeModel.outcome.host, "\(outcome) is not a per-host outcome")
            let types = Set(outcomeModel.eventTypes)
            for kind in outcomeModel.classes {
                for member in kind.executions {
                    reached += 1
                    let occurrence = byID[member.execution]?.events.first { $0.host == host && types.contains($0.type) }
                    let vc = try #require(occurrence.flatMap(key).flatMap { truth.line($0)?.vc },
                                          "\(member.execution): no occurrence of \(outcomeModel.outcome.name) with a vector clock")
                    let past = Set(vc.filter { $0.value > 0 }.keys)
                    for support in kind.supports {
                        let hosts = Self.crashedHosts(support, member)
                        let missing = past.subtracting(hosts).sorted(), more = hosts.subtracting(past).sorted()
                        if !missing.isEmpty { lacking.append("\(member.execution) on \(host): \(missing.joined(separator: ","))") }
                        if !more.isEmpty { extra.append("\(member.execution) on \(host): \(more.joined(separator: ","))") }
                    }
                }
            }
        }
        return (reached, lacking, extra)
    }

    /// Grouping against the truth: the truth executions whose lines Ariadne split over several
    /// executions or left out, and the Ariadne executions that mix lines of several truth executions
    /// (or hold lines the truth puts in none), each described for a message. Empty when every truth
    /// execution is exactly one Ariadne execution.
    func groupingErrors() -> [String] {
        var expected: [String: Set<String>] = [:]
        for (key, line) in truth.document.lines where isRead(key) {
            if let execution = line.execution { expected[execution, default: []].insert(key) }
        }
        var errors: [String] = []
        var found: [String: [Int]] = [:]
        for (n, execution) in executions.enumerated() {
            var keys: Set<String> = []
            var truthIDs: Set<String> = []
            for event in execution.events {
                guard let key = key(event) else {
                    errors.append("\(event.source): not a line of the run")
                    continue
                }
                keys.insert(key)
                truthIDs.insert(truth.line(key)?.execution ?? "noise")
            }
            if truthIDs.count != 1 {
                errors.append("execution \(execution.id) mixes \(truthIDs.sorted().prefix(4).joined(separator: ", "))")
            }
            if let id = truthIDs.first, truthIDs.count == 1 {
                found[id, default: []].append(n)
                if keys != expected[id] {
                    errors.append("execution \(execution.id) has \(keys.count) lines, truth \(id) has \(expected[id]?.count ?? 0)")
                }
            }
        }
        for id in expected.keys.sorted() {
            let count = found[id]?.count ?? 0
            if count != 1 { errors.append("truth execution \(id) is \(count) executions") }
        }
        return errors
    }

    /// Events (in executions) whose host is not the truth's: `source: got / truth`.
    func hostErrors() -> [String] {
        var errors: [String] = []
        for execution in executions {
            for event in execution.events {
                guard let key = key(event), let line = truth.line(key) else { continue }
                if event.host != line.host { errors.append("\(key): \(event.host ?? "-") / \(line.host)") }
            }
        }
        return errors
    }

    /// The time `logged_us` counts from: 2026-01-15T10:00:00Z, in ns since the epoch.
    static let truthEpoch: Int64 = 1_768_471_200 * 1_000_000_000

    /// Events (in executions) whose time is not the time the truth says the line logged (full date),
    /// truncated to the line's own resolution (at most 1 ms): `source: got / logged µs`.
    func timeErrors() -> [String] {
        var errors: [String] = []
        for execution in executions {
            for event in execution.events {
                guard let key = key(event), let line = truth.line(key) else { continue }
                let logged = Self.truthEpoch + line.loggedUs * 1_000
                guard let time = event.time, time <= logged, logged - time < 1_000_000 else {
                    errors.append("\(key): \(event.timeText ?? "-") / \(line.loggedUs) µs")
                    continue
                }
            }
        }
        return errors
    }

    /// Whether the truth line `key` is a line of the input read.
    private func isRead(_ key: String) -> Bool {
        key.hasPrefix(readMerged ? "merged.log:" : "logs/")
    }
}
