@testable import AriadneCore
import Foundation

/// Precision and recall of an `ExecutionOrder`'s (or a `CausalOrder`'s) happens-before between events of different hosts,
/// against the testbed's vector clocks (or its true times).
///
/// Counted: every ordered pair of events (a, b) that Ariadne placed in executions, whose lines belong to
/// the same truth execution and to different truth hosts. The truth says a → b when a's vector clock is
/// at most b's (`TestbedTruth.happensBefore`; or, with `.trueTime`, when a is earlier); Ariadne says so when both are in the same execution and
/// `order.precedes(a, at: i, b, at: j)` with i, j their positions in it (a pair split over two executions is
/// never predicted, so grouping errors cost recall). Lines Ariadne put in no execution are not counted.
struct HappensBeforeScore: CustomStringConvertible {
    /// Pairs both call ordered.
    var truePositives = 0
    /// Pairs Ariadne orders and the truth does not (concurrent or the other way).
    var falsePositives = 0
    /// Pairs the truth orders and Ariadne does not.
    var falseNegatives = 0
    /// Pairs counted.
    var pairs = 0
    /// False pairs by their events' hosts and types (`host type -> host type`), for a look at why.
    var falseKinds: [String: Int] = [:]

    /// The `count` most frequent kinds of false pair, most first.
    func commonestFalse(_ count: Int) -> [String] {
        falseKinds.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(count).map { "\($0.value)× \($0.key)" }
    }

    /// Fraction of Ariadne's ordered pairs that the truth orders the same way; nil when it orders none.
    var precision: Double? {
        truePositives + falsePositives == 0 ? nil : Double(truePositives) / Double(truePositives + falsePositives)
    }

    /// Fraction of the truth's ordered pairs that Ariadne orders; nil when the truth orders none.
    var recall: Double? {
        truePositives + falseNegatives == 0 ? nil : Double(truePositives) / Double(truePositives + falseNegatives)
    }

    var description: String {
        func show(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "n/a" }
        return "precision \(show(precision)) recall \(show(recall)) (\(truePositives) true, \(falsePositives) false, "
            + "\(falseNegatives) missed of \(pairs) cross-host pairs)"
    }

    /// What counts as the truth's order of two lines.
    enum Reference {
        /// Causality: the lines' vector clocks (`TestbedTruth.happensBefore`). Concurrent lines are
        /// unordered even when one is much later in real time.
        case vectorClocks
        /// Real time: a's true time is earlier than b's. Measures the clocks alone (a timestamp order
        /// cannot tell concurrency from causality).
        case trueTime
    }

    /// Scores `order` on `executions` (events' sources are lines of `truth`'s run) against `reference`.
    init(executions: [Execution], order: ExecutionOrder, truth: TestbedTruth, reference: Reference = .vectorClocks) {
        self.init(executions: executions, truth: truth, reference: reference) { a, i, b, j in order.precedes(a, at: i, b, at: j) }
    }

    /// Scores any order: `precedes(a, i, b, j)` says whether event `a` at position `i` of an execution
    /// happens before `b` at position `j` of the same execution.
    init(executions: [Execution], truth: TestbedTruth, reference: Reference = .vectorClocks,
         precedes: (Event, Int, Event, Int) -> Bool) {
        self.init(executions: executions, truth: truth, reference: reference) { n, i, j in
            precedes(executions[n].events[i], i, executions[n].events[j], j)
        }
    }

    /// Scores each execution's `CausalOrder` (`causal[n]` of `executions[n]`), a relation of records
    /// rather than of timestamps.
    init(executions: [Execution], causal: [CausalOrder], truth: TestbedTruth, reference: Reference = .vectorClocks) {
        var pasts: [Int: [[Bool]]] = [:]
        self.init(executions: executions, truth: truth, reference: reference) { n, i, j in
            if pasts[n] == nil { pasts[n] = executions[n].events.indices.map { causal[n].past(of: $0) } }
            return i != j && pasts[n]![j][i]
        }
    }

    /// Scores a relation of positions: `precedes(n, i, j)` says whether the event at position `i` of
    /// `executions[n]` happens before the one at `j`.
    init(executions: [Execution], truth: TestbedTruth, reference: Reference = .vectorClocks,
         relation precedes: (Int, Int, Int) -> Bool) {
        struct Placed {
            var key: String
            var host: String
            var execution: Int
            var position: Int
            var event: Event
        }
        var placed: [String: [Placed]] = [:]
        for (n, execution) in executions.enumerated() {
            for (i, event) in execution.events.enumerated() {
                guard let key = truth.key(file: event.source.file, line: event.source.line),
                      let line = truth.line(key), let id = line.execution else { continue }
                placed[id, default: []].append(Placed(key: key, host: line.host, execution: n, position: i, event: event))
            }
        }
        for id in placed.keys.sorted() {
            let events = placed[id]!
            for a in events {
                for b in events where b.host != a.host {
                    pairs += 1
                    let actual: Bool
                    switch reference {
                    case .vectorClocks: actual = truth.happensBefore(a.key, b.key)
                    case .trueTime: actual = truth.line(a.key)!.trueUs < truth.line(b.key)!.trueUs
                    }
                    let predicted = a.execution == b.execution
                        && precedes(a.execution, a.position, b.position)
                    switch (actual, predicted) {
                    case (true, true): truePositives += 1
                    case (false, true):
                        falsePositives += 1
                        falseKinds["\(a.host) \(a.event.type) -> \(b.host) \(b.event.type)", default: 0] += 1
                    case (true, false): falseNegatives += 1
                    case (false, false): break
                    }
                }
            }
        }
    }
}
