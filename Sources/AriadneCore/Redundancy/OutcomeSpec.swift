import Foundation

/// A good outcome: an event type (or a regular expression over event types, templates, messages and fields) that a
/// successful execution reaches, optionally only required when a precondition occurred
/// (`POST if PRE`, like Molly's pre/post invariants).
public struct OutcomeSpec: Sendable, Hashable, Codable {
    /// The outcome: an event type, or a regular expression (or plain text) searched in event types,
    /// templates, messages and fields (see `EventMatcher`).
    public var pattern: String
    /// The precondition: when set, only executions with an event matching it must reach the outcome.
    public var condition: String?
    /// Whether Ariadne chose this outcome itself (the user named none).
    public var proposed: Bool
    /// Why Ariadne chose it, when it did.
    public var reason: String?
    /// Whether every host that logs the outcome must reach it (`POST on each host`): one outcome per
    /// host, like Molly's per-process invariants (every replica delivers a broadcast), instead of any
    /// occurrence in the execution reaching it (the replicas of a write are each other's alternatives).
    public var perHost: Bool
    /// The one host whose occurrences count: set on the outcomes a `perHost` outcome expands into.
    public var host: String?

    public init(pattern: String, condition: String? = nil, proposed: Bool = false, reason: String? = nil, perHost: Bool = false,
                host: String? = nil) {
        self.pattern = pattern
        self.condition = condition
        self.proposed = proposed
        self.reason = reason
        self.perHost = perHost
        self.host = host
    }

    enum CodingKeys: String, CodingKey {
        case pattern, condition, proposed, reason, perHost = "per_host", host
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(pattern: try c.decode(String.self, forKey: .pattern), condition: try c.decodeIfPresent(String.self, forKey: .condition),
                  proposed: try c.decode(Bool.self, forKey: .proposed), reason: try c.decodeIfPresent(String.self, forKey: .reason),
                  perHost: try c.decodeIfPresent(Bool.self, forKey: .perHost) ?? false, host: try c.decodeIfPresent(String.self, forKey: .host))
    }

    /// `per_host` and `host` only when set, so other outcomes read as before.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pattern, forKey: .pattern)
        try c.encodeIfPresent(condition, forKey: .condition)
        try c.encode(proposed, forKey: .proposed)
        try c.encodeIfPresent(reason, forKey: .reason)
        if perHost { try c.encode(true, forKey: .perHost) }
        try c.encodeIfPresent(host, forKey: .host)
    }

    /// The suffix that asks for one outcome per host.
    static let eachHost = " on each host"

    /// The outcome as the user writes it: `POST`, `POST on each host`, `POST if PRE`; an expanded
    /// per-host outcome reads `POST on HOST`.
    public var name: String {
        let post = host.map { "\(pattern) on \($0)" } ?? (perHost ? pattern + Self.eachHost : pattern)
        return condition.map { "\(post) if \($0)" } ?? post
    }

    /// Reads `POST` or `POST if PRE` (the last ` if ` separates them); `POST on each host` asks for one
    /// outcome per host that logs it.
    public static func parse(_ text: String) -> OutcomeSpec {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var post = trimmed
        var pre: String?
        if let range = trimmed.range(of: " if ", options: .backwards) {
            let before = trimmed[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            let after = trimmed[range.upperBound...].trimmingCharacters(in: .whitespaces)
            if !before.isEmpty && !after.isEmpty { (post, pre) = (before, after) }
        }
        var perHost = false
        if post.hasSuffix(eachHost), post.count > eachHost.count {
            post = String(post.dropLast(eachHost.count)).trimmingCharacters(in: .whitespaces)
            perHost = true
        }
        return OutcomeSpec(pattern: post, condition: pre, perHost: perHost)
    }

    /// A `perHost` outcome as the per-host outcomes whose names are among `names` (the outcomes of an
    /// earlier model, so hosts that logged the outcome then and log nothing now still count); any
    /// other outcome as itself.
    public func expanded(as names: [String]) -> [OutcomeSpec] {
        guard perHost, host == nil else { return [self] }
        let suffix = condition.map { " if \($0)" } ?? ""
        let prefix = pattern + " on "
        let hosts = names.compactMap { name -> String? in
            guard name.hasPrefix(prefix), name.hasSuffix(suffix), name.count > prefix.count + suffix.count else { return nil }
            return String(name.dropFirst(prefix.count).dropLast(suffix.count))
        }
        return hosts.isEmpty ? [self] : hosts.sorted().map { h in
            var one = self
            one.host = h
            return one
        }
    }

    /// Whether an occurrence on `host` counts for this outcome.
    func counts(onHost eventHost: String?) -> Bool {
        host == nil || eventHost == host
    }

    /// Outcomes Ariadne proposes when the user names none: event types that end executions (the last
    /// event by time, ties by log order) or read like a success, never report a failure (an error or
    /// warning level, failure words) and mostly carry no 4xx/5xx status (a type logging both 201 and
    /// 500 responses stays a candidate: its failure-looking events are not counted when the model is
    /// built), and that most executions reach (at least half; otherwise the most reached one); at most
    /// three, those ending the most executions first. After the first, a type that a record reporting a
    /// failure follows in more than 1 in 50 of the executions reaching it (and in a larger share of them
    /// than the first) is a step toward the outcome, not one, and is left out. A type written whatever the
    /// result (its executions without some other type report failures: `trailerOutcome`) gives its place
    /// to that type. Each says why it was chosen.
    public static func propose<Executions: RandomAccessCollection>(executions: Executions) -> [OutcomeSpec]
    where Executions.Element == Execution, Executions.Index == Int {
        guard !executions.isEmpty else { return [] }
        if let store = executions as? ExecutionStore { return propose(from: store.proposalTally(), total: executions.count) }
        // Counted on all cores (`ExecutionParts`, small shares: `ExecutionParts.smallShare` says why); every
        // count adds and every set joins.
        var counted = ProposalTally()
        ExecutionParts.fold(executions, share: ExecutionParts.smallShare, tally: { part in
            var tally = ProposalTally()
            for execution in part { tally.add(execution) }
            return tally
        }, absorb: { counted.absorb($0) })
        return propose(from: counted, total: executions.count)
    }

    /// The outcomes `propose(executions:)` chooses from what it counted of `total` executions.
    static func propose(from counted: ProposalTally, total: Int) -> [OutcomeSpec] {
        let (reached, terminal, successLooking) = (counted.reached, counted.terminal, counted.successLooking)
        var errorLooking = counted.errorLooking
        for (type, count) in counted.failedStatus where count * 2 > counted.events[type, default: 0] { errorLooking.insert(type) }
        let candidates = Set(terminal.keys).union(successLooking).subtracting(errorLooking)
        // A trailer is replaced by the outcome it trails, in its place (`trailerOutcome`).
        var trails: [String: String] = [:], placed: Set<String> = []
        let ranked = candidates.sorted { a, b in
            let (ta, tb) = (terminal[a, default: 0], terminal[b, default: 0])
            if ta != tb { return ta > tb }
            let (ra, rb) = (reached[a, default: 0], reached[b, default: 0])
            return ra != rb ? ra > rb : a < b
        }.compactMap { type -> String? in
            guard let outcome = trailerOutcome(of: type, in: counted, errorLooking: errorLooking) else {
                return placed.insert(type).inserted ? type : nil
            }
            if trails[outcome] == nil { trails[outcome] = type }
            return placed.insert(outcome).inserted ? outcome : nil
        }
        var chosen = ranked.filter { reached[$0, default: 0] * 2 >= total }
        if chosen.isEmpty, let first = ranked.first { chosen = [first] }
        // A step, not an outcome: after the first, a type that a failure follows in more than 1 in 50 of
        // the executions reaching it, and in more of them than the first, is left out (an order created
        // before its payment is declined, a cache lookup before the request times out).
        if let first = chosen.first {
            let share = { (type: String) in Double(counted.failedLater[type, default: 0]) / Double(max(1, reached[type, default: 0])) }
            chosen = [first] + chosen.dropFirst().filter { type in
                !(counted.failedLater[type, default: 0] * 50 > reached[type, default: 0] && share(type) > share(first))
            }
        }
        return chosen.prefix(3).map { type in
            var why: [String] = []
            if let n = terminal[type] { why.append("ends \(n) of \(total) executions") }
            if let trailer = trails[type] {
                let misses = terminal[trailer, default: 0] - (counted.endingWith[trailer]?[type]?.reached ?? 0)
                why.append("in place of \(trailer), which ends more but is written whatever the result (\(misses) executions it ends without this one report a failure)")
            }
            if successLooking.contains(type) { why.append("reads like a success") }
            why.append("reached by \(reached[type, default: 0]) of \(total)")
            return OutcomeSpec(pattern: type, proposed: true, reason: why.joined(separator: ", "))
        }
    }
}

extension OutcomeSpec {
    /// The outcome a terminal type trails, when it is a record written whatever the result (a Lambda's
    /// `REPORT`, an access line without a status, `request finished`): another type, never error-looking
    /// and never followed by a failure in more than 1 in 50 of the executions reaching it, that at least
    /// half of the executions `type` ends reach, where the executions it ends without that type are at
    /// least 2 (and 1 in 100), 9 in 10 of them hold a failure record, and they hold one at least twice as
    /// often as those with it. Among such types, the one reached most (ties by name); nil when none is.
    static func trailerOutcome(of type: String, in counted: ProposalTally, errorLooking: Set<String>) -> String? {
        let ends = counted.terminal[type, default: 0], endsFailed = counted.terminalFailed[type, default: 0]
        guard ends > 0, let reachedWith = counted.endingWith[type] else { return nil }
        var best: (type: String, reached: Int)?
        for (other, with) in reachedWith where !errorLooking.contains(other) {
            let misses = ends - with.reached, missesFailed = endsFailed - with.failed
            guard misses >= 2, misses * 100 >= ends, missesFailed * 10 >= misses * 9, with.reached * 2 >= ends,
                  with.failed * misses * 2 <= missesFailed * with.reached,
                  counted.failedLater[other, default: 0] * 50 <= counted.reached[other, default: 0] else { continue }
            if best.map({ with.reached > $0.reached || (with.reached == $0.reached && other < $0.type) }) ?? true {
                best = (other, with.reached)
            }
        }
        return best?.type
    }
}

/// What `OutcomeSpec.propose` counts over executions, per event type.
struct ProposalTally {
    var reached: [String: Int] = [:]
    var terminal: [String: Int] = [:]
    var successLooking: Set<String> = []
    var errorLooking: Set<String> = []
    var events: [String: Int] = [:]
    var failedStatus: [String: Int] = [:]
    /// Per type, the executions in which a record reporting a failure (`LogSignals.isFailure`) came after
    /// the type's first record that does not look like one (`follows(_:_:)`).
    var failedLater: [String: Int] = [:]
    /// Whether a template reads like a success (a cache).
    var successTemplates: [String: Bool] = [:]
    /// Per terminal type (`OutcomeSpec.lastEvent(of:)`), the executions it ends that hold a failure record.
    var terminalFailed: [String: Int] = [:]
    /// Per terminal type, per other type reached in the executions it ends: how many reach it, and how many
    /// of those hold a failure record (`OutcomeSpec.trailerOutcome`).
    var endingWith: [String: [String: (reached: Int, failed: Int)]] = [:]

    mutating func add(_ execution: Execution) {
        var seen: Set<String> = []
        /// Per type, its first record (by time, then input order) that does not look like a failure.
        var firstGood: [String: (time: Int64?, index: Int)] = [:]
        var failures: [(time: Int64?, index: Int)] = []
        for (index, event) in execution.events.enumerated() {
            if seen.insert(event.type).inserted { reached[event.type, default: 0] += 1 }
            events[event.type, default: 0] += 1
            let reports = LogSignals.reportsFailure(event), status = LogSignals.failedStatus(event)
            if reports { errorLooking.insert(event.type) }
            if status != nil { failedStatus[event.type, default: 0] += 1 }
            let success = successTemplates[event.template] ?? LogSignals.isSuccessLooking(event.template)
            successTemplates[event.template] = success
            if success { successLooking.insert(event.type) }
            let here = (time: event.time, index: index)
            if reports || status != nil {
                if LogSignals.isFailure(errorLooking: event) { failures.append(here) }
            } else if firstGood[event.type].map({ Self.follows($0, here) }) ?? true {
                firstGood[event.type] = here
            }
        }
        for (type, first) in firstGood where failures.contains(where: { Self.follows($0, first) }) { failedLater[type, default: 0] += 1 }
        guard let last = OutcomeSpec.lastEvent(of: execution) else { return }
        terminal[last.type, default: 0] += 1
        let failed = failures.isEmpty ? 0 : 1
        terminalFailed[last.type, default: 0] += failed
        var reachedHere = endingWith[last.type] ?? [:]
        endingWith[last.type] = nil
        for type in seen where type != last.type {
            let counted = reachedHere[type] ?? (0, 0)
            reachedHere[type] = (counted.reached + 1, counted.failed + failed)
        }
        endingWith[last.type] = reachedHere
    }

    /// Whether the record at `a` comes after the one at `b`: by time when both have one (ties by input
    /// order), else by input order.
    static func follows(_ a: (time: Int64?, index: Int), _ b: (time: Int64?, index: Int)) -> Bool {
        if let ta = a.time, let tb = b.time, ta != tb { return ta > tb }
        return a.index > b.index
    }

    mutating func absorb(_ other: ProposalTally) {
        reached.merge(other.reached, uniquingKeysWith: +)
        terminal.merge(other.terminal, uniquingKeysWith: +)
        successLooking.formUnion(other.successLooking)
        errorLooking.formUnion(other.errorLooking)
        events.merge(other.events, uniquingKeysWith: +)
        failedStatus.merge(other.failedStatus, uniquingKeysWith: +)
        failedLater.merge(other.failedLater, uniquingKeysWith: +)
        terminalFailed.merge(other.terminalFailed, uniquingKeysWith: +)
        endingWith.merge(other.endingWith) { mine, theirs in
            mine.merging(theirs) { ($0.reached + $1.reached, $0.failed + $1.failed) }
        }
    }
}

extension OutcomeSpec {
    /// The execution's last event: the latest timestamp, ties by log order; an untimed event only when
    /// no event has a time (then the last in log order). Untimed records are ordered by input position
    /// alone: the last file read would end every execution it takes part in.
    static func lastEvent(of execution: Execution) -> Event? {
        var last: Event?
        for event in execution.events {
            guard let current = last else {
                last = event
                continue
            }
            switch (event.time, current.time) {
            case let (time?, lastTime?) where time < lastTime: continue
            case (nil, _?): continue
            default: last = event
            }
        }
        return last
    }
}
