/// Who calls whom, at host level and at service level, counted over executions.
///
/// The graph keeps, for every ordered pair of hosts (and of services) that appeared in one execution,
/// how many executions had both and in how many each kind of evidence showed a call from the first to
/// the second (see `ExecutionCalls` for the per-execution rules). Edges are derived from these tallies
/// with `thresholds`, so two graphs of disjoint sets of executions merge (`merge(_:_:)`) into exactly
/// the graph of their union. Everything stored is sorted: equal inputs give equal graphs and JSON.
public struct CallGraph: Sendable, Equatable {
    /// Whether the caller waits for the callee.
    public enum Kind: String, Sendable, Codable, Comparable {
        /// The callee's work happens inside the caller's (or the caller's record names the callee).
        case sync
        /// The caller sends and does not wait: the callee's first record follows the sender's.
        case oneway

        /// Calls sort before one-way messages.
        public static func < (a: Kind, b: Kind) -> Bool { a == .sync && b == .oneway }
    }

    /// What showed the call.
    public enum Evidence: String, Sendable, Codable, Comparable, CaseIterable {
        /// The callee's records lie between two records of the caller.
        case nesting
        /// A record of the caller names the callee's host or address.
        case reference
        /// The callee's first record follows the sender's nearest record, and nothing else explains it.
        case message

        public static func < (a: Evidence, b: Evidence) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    /// An execution that shows a call, and the records that show it (`file:line`, in the order the
    /// rule reads them): the causal model's witness.
    public typealias Witness = CausalModel.Witness

    /// The counts of one ordered pair of hosts (or services) over executions.
    public struct Tally: Sendable, Codable, Hashable, Comparable {
        /// The caller.
        public var from: String
        /// The callee.
        public var to: String
        /// Executions in which both appear.
        public var together: Int
        /// Executions in which `to`'s records nest inside `from`'s.
        public var nesting: Int
        /// Executions with a record naming the other host that shows this call: a record of `from` naming
        /// `to` as its receiver, or one of `to` naming `from` as its source (`error from B`).
        public var reference: Int
        /// Executions in which `from` sent `to` a one-way message.
        public var message: Int
        /// Executions with nesting or reference evidence.
        public var sync: Int
        /// Executions with any evidence.
        public var any: Int
        /// The smallest witness (by execution id) of a nesting or reference call.
        public var syncWitness: Witness?
        /// The smallest witness (by execution id) of a one-way message.
        public var messageWitness: Witness?
        /// Executions in which a record of `from` names `to`, as its receiver or as its source (whichever
        /// way `reference` then counts the call), not as the requester it served (an access line's client:
        /// the call is the requester's); 0 in models written before it was kept.
        public var named: Int = 0
        /// Of the executions whose only evidence is a record of `from` naming `to` as its receiver, how
        /// many per message key of that record (`ExecutionCalls.sendKey`; `CallGraph.sendKeys` may show
        /// it one-way); empty in models written before it was kept.
        public var referenceKeys: [String: Int] = [:]

        public init(from: String, to: String, together: Int = 0, nesting: Int = 0, reference: Int = 0, message: Int = 0,
                    sync: Int = 0, any: Int = 0, syncWitness: Witness? = nil, messageWitness: Witness? = nil, named: Int = 0) {
            self.named = named
            self.from = from
            self.to = to
            self.together = together
            self.nesting = nesting
            self.reference = reference
            self.message = message
            self.sync = sync
            self.any = any
            self.syncWitness = syncWitness
            self.messageWitness = messageWitness
        }

        public static func < (a: Tally, b: Tally) -> Bool { (a.from, a.to) < (b.from, b.to) }

        /// Adds the counts of `other` (same pair, disjoint executions); witnesses keep the smallest.
        mutating func absorb(_ other: Tally) {
            together += other.together
            nesting += other.nesting
            reference += other.reference
            message += other.message
            sync += other.sync
            any += other.any
            named += other.named
            referenceKeys.merge(other.referenceKeys, uniquingKeysWith: +)
            syncWitness = Self.smaller(syncWitness, other.syncWitness)
            messageWitness = Self.smaller(messageWitness, other.messageWitness)
        }

        static func smaller(_ a: Witness?, _ b: Witness?) -> Witness? {
            guard let a else { return b }
            guard let b else { return a }
            return min(a, b)
        }
    }

    /// One call edge of the graph.
    public struct Edge: Sendable, Codable, Hashable, Comparable {
        /// The caller (or sender).
        public var from: String
        /// The callee (or receiver).
        public var to: String
        /// Synchronous call or one-way message.
        public var kind: Kind
        /// The evidence seen in the most executions (nesting before reference for a call).
        public var evidence: Evidence
        /// Executions showing the call (support).
        public var executions: Int
        /// Executions in which both ends appear.
        public var together: Int
        /// The first execution (by id) showing it, and its records.
        public var witness: Witness?

        public static func < (a: Edge, b: Edge) -> Bool { (a.from, a.to, a.kind) < (b.from, b.to, b.kind) }
    }

    /// When a pair's evidence makes an edge.
    ///
    /// An edge needs evidence in at least `minExecutions` executions (fewer when the graph has fewer
    /// executions: one execution alone still shows its calls) and in at least `minShare` of the
    /// executions in which both ends appear. One execution's evidence can come from a misread order
    /// (two records closer than the clocks can tell); a real call shows in most executions that run
    /// both ends, while a misreading rarely repeats, so a share of one fifth keeps conditional calls
    /// (made on one branch of several) and drops accidents.
    public struct Thresholds: Sendable, Codable, Hashable {
        /// Least number of executions with evidence.
        public var minExecutions: Int
        /// Least share of the executions having both ends.
        public var minShare: Double

        public init(minExecutions: Int = 2, minShare: Double = 0.2) {
            self.minExecutions = minExecutions
            self.minShare = minShare
        }
    }

    /// Executions counted.
    public var executions: Int
    /// Host pairs that appeared together, sorted.
    public var hostPairs: [Tally]
    /// Service pairs that appeared together, sorted.
    public var servicePairs: [Tally]
    /// The thresholds edges are derived with.
    public var thresholds: Thresholds
    /// Per message key of records naming their receiver (`ExecutionCalls.sendKey`), how often the sender
    /// went on without waiting and how often it waited (`ExecutionCalls.sends`). A key whose
    /// senders went on more often than they waited sends one-way messages: its records' references count
    /// as one-way evidence, also in the executions where the sender wrote nothing after (a lone send
    /// shows neither), whichever host wrote them.
    public var sendKeys: [String: SendTally] = [:]
    /// The addresses learned to stand for hosts (`HostAliases`), which the calls were read with.
    public var aliases = HostAliases()

    /// What the records of one message key naming their receiver showed of their senders.
    public struct SendTally: Sendable, Codable, Hashable {
        /// Records whose sender went on before the receiver's first record.
        public var wentOn: Int
        /// Records whose receiver's first record came before the sender's next (or answered, or nested).
        public var waited: Int

        public init(wentOn: Int = 0, waited: Int = 0) {
            self.wentOn = wentOn
            self.waited = waited
        }

        /// Whether the key's records send one-way messages.
        public var isOneWay: Bool { wentOn > waited }
    }

    /// Per event type of called hosts' records, what they showed of being part of their host's answer
    /// (`ExecutionCalls.trails`): a type some records of which followed their host's record inside the
    /// call while others came after the caller went on, and none of which opened its host's work, is
    /// written after answering (`TrailTally.isTrailing`: a disk flush, a watermark, a cache fill).
    public var trailTypes: [String: TrailTally] = [:]

    /// What the records of one event type showed of being part of their host's answer.
    public struct TrailTally: Sendable, Codable, Hashable {
        /// Records that were their host's first in the execution (a receipt).
        public var opened: Int
        /// Records that followed their host's record inside the call, nothing read between.
        public var inCall: Int
        /// Records written after their caller went on: its records read right after their host's record
        /// before, one of them surely between the two (`ExecutionCalls.TrailKind.afterCaller`).
        public var afterCaller: Int

        public init(opened: Int = 0, inCall: Int = 0, afterCaller: Int = 0) {
            self.opened = opened
            self.inCall = inCall
            self.afterCaller = afterCaller
        }

        /// Counts one verdict.
        mutating func count(_ kind: ExecutionCalls.TrailKind) {
            switch kind {
            case .opened: opened += 1
            case .inCall: inCall += 1
            case .afterCaller: afterCaller += 1
            }
        }

        /// The sum of two tallies.
        static func + (a: TrailTally, b: TrailTally) -> TrailTally {
            TrailTally(opened: a.opened + b.opened, inCall: a.inCall + b.inCall, afterCaller: a.afterCaller + b.afterCaller)
        }

        /// Whether the type's records are written after their host answered: some came inside the call,
        /// some after the caller went on (no answer waits for them), and none opened its host's work.
        public var isTrailing: Bool { inCall > 0 && afterCaller > 0 && opened == 0 }
    }

    /// A graph from its tallies (sorted here).
    public init(executions: Int = 0, hostPairs: [Tally] = [], servicePairs: [Tally] = [], thresholds: Thresholds = Thresholds(),
                sendKeys: [String: SendTally] = [:], trailTypes: [String: TrailTally] = [:], aliases: HostAliases = HostAliases()) {
        self.sendKeys = sendKeys
        self.aliases = aliases
        self.trailTypes = trailTypes
        self.executions = executions
        self.hostPairs = hostPairs.sorted()
        self.servicePairs = servicePairs.sorted()
        self.thresholds = thresholds
    }

    /// Host-level edges, sorted.
    public var hostEdges: [Edge] { edges(hostPairs) }

    /// Service-level edges, sorted.
    public var serviceEdges: [Edge] { edges(servicePairs) }

    /// The edges of `tallies`: pairs passing the thresholds; a call when nesting or reference evidence
    /// shows in at least as many executions as messages, else one-way; references by records of a
    /// one-way send key (`sendKeys`) count as messages. A one-way edge A → B is dropped
    /// when B → A is a call: A's record after B's was the return, and B did not log before calling.
    /// Then sibling misreadings (`withoutSiblingMisreadings`) and silent middle hosts
    /// (`throughSilentCallers`).
    func edges(_ tallies: [Tally]) -> [Edge] {
        let least = Swift.max(1, Swift.min(thresholds.minExecutions, executions))
        var result: [Edge] = []
        let oneWayKeys = Set(sendKeys.filter(\.value.isOneWay).keys)
        for t in tallies where t.any >= least && Double(t.any) >= thresholds.minShare * Double(t.together) {
            let sent = t.referenceKeys.reduce(0) { $0 + (oneWayKeys.contains($1.key) ? $1.value : 0) }
            let sync = t.sync - sent >= t.message + sent
            let evidence: Evidence = !sync ? .message : (t.nesting >= t.reference ? .nesting : .reference)
            result.append(Edge(from: t.from, to: t.to, kind: sync ? .sync : .oneway, evidence: evidence,
                               executions: t.any, together: t.together, witness: sync ? t.syncWitness : t.messageWitness ?? t.syncWitness))
        }
        let calls = Set(result.filter { $0.kind == .sync }.map { [$0.from, $0.to] })
        result = result.filter { $0.kind == .sync || !calls.contains([$0.to, $0.from]) }
        var byPair: [[String]: Tally] = [:]
        for t in tallies { byPair[[t.from, t.to]] = t }
        let direct = Self.withoutShortcuts(Self.withoutSiblingMisreadings(result, byPair: byPair), byPair: byPair)
        return Self.throughSilentCallers(direct, byPair: byPair, least: least).sorted()
    }

    /// Whether a record of `c` or `b` names the other (or `c` refers to `b`): the pair talks, whatever
    /// the timing shows.
    private static func explicit(_ c: String, _ b: String, _ byPair: [[String]: Tally]) -> Bool {
        (byPair[[c, b]]?.reference ?? 0) > 0 || (byPair[[c, b]]?.named ?? 0) > 0 || (byPair[[b, c]]?.named ?? 0) > 0
    }

    /// Calls C → B shown by timing alone (no record of either names the other) where C calls A and A
    /// calls B: in fewer than half the executions that have C and B when A names B (`requesting quote
    /// from pricing-1`) in most executions that have both, B's work read directly inside C's because A's
    /// records around it could not be ordered against B's (coarse timestamps, a callee's late record);
    /// in any number when B's records name A as their caller (a `parent_span_id` that is A's span) in at
    /// least as many executions: B had one caller, and its records say which.
    /// `byPair`: the tallies by `[from, to]`.
    static func withoutShortcuts(_ edges: [Edge], byPair: [[String]: Tally]) -> [Edge] {
        let calls = Set(edges.filter { $0.kind == .sync }.map { [$0.from, $0.to] })
        return edges.filter { e in
            guard e.evidence != .reference, !Self.explicit(e.from, e.to, byPair) else { return true }
            return !edges.contains { a in
                guard a.from == e.from, a.to != e.to, a.kind == .sync, calls.contains([a.to, e.to]) else { return false }
                let ab = byPair[[a.to, e.to]], ba = byPair[[e.to, a.to]]
                if (ba?.named ?? 0) >= e.executions, (ab?.reference ?? 0) >= e.executions { return true }
                return 2 * e.executions < e.together && (ab?.named ?? 0) > 0 && 2 * (ab?.any ?? 0) > (ab?.together ?? 0)
            }
        }
    }

    /// Edges C → B shown by timing alone (no record of either names the other) between two callees of
    /// one host A, in fewer than half the executions that have A and B: siblings that A called one after
    /// the other, B's work read inside C's because C wrote a record after answering A (a replica's
    /// `fsync done` 300 µs after `stored`) and the clocks could not place it. A call C makes while
    /// serving A shows in most executions that have both; a misreading depends on timings that vary.
    /// So are edges C → B and B → C both shown by timing alone between two hosts one host A names as
    /// callees (`Tally.reference`): the work of calls A sent together (a hedge to two replicas, a fan-out)
    /// read one inside the other, one way in some executions and the other way in the rest.
    /// `byPair`: the tallies by `[from, to]`.
    static func withoutSiblingMisreadings(_ edges: [Edge], byPair: [[String]: Tally]) -> [Edge] {
        let pairs = Set(edges.map { [$0.from, $0.to] })
        let timed = Set(edges.filter { $0.evidence != .reference && !Self.explicit($0.from, $0.to, byPair) }.map { [$0.from, $0.to] })
        return edges.filter { e in
            guard timed.contains([e.from, e.to]) else { return true }
            if timed.contains([e.to, e.from]), edges.contains(where: { a in
                a.to == e.from && a.evidence == .reference && edges.contains { $0.from == a.from && $0.to == e.to && $0.evidence == .reference }
            }) { return false }
            return !edges.contains { a in
                a.to == e.from && a.from != e.to && pairs.contains([a.from, e.to])
                    && 2 * e.executions < (byPair[[a.from, e.to]]?.together ?? 0)
            }
        }
    }

    /// Calls through a host that logs nothing after calling. When C calls A, C reaches B by timing alone
    /// (nesting or a message, no record of C names B), and A's records name B in at least `least`
    /// executions (`transient error from B`, `send to=B`: `Tally.named`), C → B is A's call to B
    /// seen from outside: A logged before its call and not after, so B's work nested in C's instead.
    /// The edge becomes A → B (a call, reference evidence, supported by the executions with a naming),
    /// the direction C's call to A gives. Names are explicit evidence that two hosts talk, so they count
    /// however rarely they show (an error line names the peer only when the call failed); timing alone
    /// cannot tell a silent caller from its caller. Deterministic: candidates are tried in sorted order.
    /// `byPair`: the tallies by `[from, to]`.
    static func throughSilentCallers(_ edges: [Edge], byPair: [[String]: Tally], least: Int) -> [Edge] {
        func named(_ a: String, _ b: String) -> Int { byPair[[a, b]]?.named ?? 0 }
        var result = edges
        for timing in edges.sorted() where timing.evidence != .reference && (byPair[[timing.from, timing.to]]?.reference ?? 0) == 0 {
            let (c, b) = (timing.from, timing.to)
            // A → B shown by timing already: C → B may be a call of its own.
            guard let a = edges.filter({ $0.from == c && $0.to != b && named($0.to, b) >= least }).map(\.to).min(),
                  !result.contains(where: { $0.from == a && $0.to == b && $0.evidence != .reference }) else { continue }
            result.removeAll { ($0.from == c && $0.to == b) || ($0.from == b && $0.to == a) || ($0.from == a && $0.to == b) }
            let witness = Tally.smaller(byPair[[a, b]]?.syncWitness, byPair[[b, a]]?.syncWitness)
            result.append(Edge(from: a, to: b, kind: .sync, evidence: .reference, executions: named(a, b),
                               together: byPair[[a, b]]?.together ?? 0, witness: witness))
        }
        return result
    }

    /// The graph of the executions of `a` and of `b` (disjoint sets of executions).
    /// Throws `CallGraphError.thresholdsDiffer` when the two were built with different thresholds.
    public static func merge(_ a: CallGraph, _ b: CallGraph) throws -> CallGraph {
        guard a.thresholds == b.thresholds else { throw CallGraphError.thresholdsDiffer }
        return CallGraph(executions: a.executions + b.executions, hostPairs: merged(a.hostPairs, b.hostPairs),
                         servicePairs: merged(a.servicePairs, b.servicePairs), thresholds: a.thresholds,
                         sendKeys: a.sendKeys.merging(b.sendKeys) { SendTally(wentOn: $0.wentOn + $1.wentOn, waited: $0.waited + $1.waited) },
                         trailTypes: a.trailTypes.merging(b.trailTypes, uniquingKeysWith: +),
                         aliases: HostAliases.merge(a.aliases, b.aliases))
    }

    static func merged(_ a: [Tally], _ b: [Tally]) -> [Tally] {
        var byPair: [[String]: Tally] = [:]
        for t in a + b {
            if byPair[[t.from, t.to]] == nil { byPair[[t.from, t.to]] = t } else { byPair[[t.from, t.to]]!.absorb(t) }
        }
        return byPair.values.sorted()
    }
}

/// Why call graphs cannot be merged or read.
public enum CallGraphError: Error, CustomStringConvertible, Equatable {
    /// The graphs derive edges with different thresholds.
    case thresholdsDiffer
    /// A read graph holds counts no build could have written.
    case inconsistent(String)

    public var description: String {
        switch self {
        case .thresholdsDiffer: return "call graphs built with different thresholds cannot be merged; rebuild both with the same thresholds"
        case .inconsistent(let what):
            return "the call graph is inconsistent (\(what)); it was not written by ariadne or was edited: infer it again"
        }
    }
}

extension CallGraph {
    /// The invariants every built graph keeps: per pair, each kind of evidence at most `sync` or
    /// `any`, `any` at most `together`, `together` at most `executions`; each pair listed once; the
    /// thresholds usable.
    func checkConsistency() throws {
        func require(_ condition: Bool, _ what: @autoclosure () -> String) throws {
            if !condition { throw CallGraphError.inconsistent(what()) }
        }
        try require(executions >= 0, "negative executions")
        try require(thresholds.minExecutions >= 1 && thresholds.minShare.isFinite && (0...1).contains(thresholds.minShare),
                    "thresholds outside min_executions >= 1, 0 <= min_share <= 1")
        try require(sendKeys.values.allSatisfy { $0.wentOn >= 0 && $0.waited >= 0 }, "a send key has a negative count")
        try require(trailTypes.values.allSatisfy { $0.opened >= 0 && $0.inCall >= 0 && $0.afterCaller >= 0 }, "a trail type has a negative count")
        for (level, tallies) in [("host", hostPairs), ("service", servicePairs)] {
            var seen = Set<[String]>()
            for t in tallies {
                let pair = "\(level) pair \(t.from) -> \(t.to)"
                try require(seen.insert([t.from, t.to]).inserted && t.from != t.to, "\(pair) is listed twice or joins a \(level) to itself")
                try require(t.nesting >= 0 && t.reference >= 0 && t.message >= 0, "\(pair) has a negative count")
                try require(t.nesting <= t.sync && t.reference <= t.sync && t.sync <= t.nesting + t.reference, "\(pair): sync does not fit nesting and reference")
                try require(t.sync <= t.any && t.message <= t.any && t.any <= t.sync + t.message, "\(pair): any does not fit sync and message")
                try require(t.any <= t.together && t.together <= executions, "\(pair): more executions with evidence or together than the graph has")
                try require(t.named >= 0 && t.named <= t.together, "\(pair): named outside 0...together")
                try require(t.referenceKeys.values.allSatisfy { $0 > 0 } && t.referenceKeys.values.reduce(0, +) <= t.reference,
                            "\(pair): reference_keys outside reference")
            }
        }
    }
}
