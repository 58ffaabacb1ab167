import Foundation

/// Turns a redundancy model and the facts of its logs into an experiment plan.
public enum ExperimentPlanner {
    /// The plan for `model`: its hypotheses (`Hypothesizer.report`) made concrete and merged, one
    /// experiment per concrete fault set, in the rank of its best hypothesis.
    ///
    /// - Each hypothesis becomes one concrete fault set per class: among the class's executions, the
    ///   most frequent tuple of hosts playing its roles (ties: the smallest ids). It applies to the
    ///   executions where that tuple plays them; each fault's `role_share` is the share of those
    ///   classes' executions in which its host plays its role.
    /// - Classes and hypotheses giving the same concrete set (other classes, other outcomes) merge into
    ///   one experiment, listed in `hypotheses` with the classes that gave it.
    /// - Delays are sized from `facts` (see `delayRule(margin:)`); crashes of a host that logs more
    ///   than one event type start right after its most frequent first event, else at the start.
    /// - Sets whose id is in `options.exclude` are left out: the same crashes are then tried right after
    ///   the hosts' other events (`firstUntried`), and once every moment was tried the hypothesis is
    ///   made concrete with other faults that make the same cut and were not tried (`untried`), so
    ///   trying one representative does not retire the others. Such stand-ins come after the
    ///   hypotheses' own sets of as many faults: a delay past a timeout that held was absorbed by a
    ///   retry or fallback that an error or a drop on the same call most likely meets too, while a crash
    ///   at another moment can meet another state of the protocol (2PC blocks only between the votes).
    ///   `options.limit` keeps the first ones.
    /// - A class's executions from a run that held (`options.held`) are cut on top of that run's faults
    ///   (`keepingHeld`), one instance per such run (runs whose faults left the same support share a
    ///   class), ranked with the sets of as many new faults; among those, first the ones whose new fault
    ///   repeats a kept one on a sibling replica (`isSiblingExtension`), then the other sets that keep
    ///   faults, then the sets that keep none. Untested triggers come after all the cuts of their size.
    /// - A one-way edge (`EdgeFacts.oneWay`) is dropped rather than delayed (`oneWayAsDrop`).
    /// - An edge's plain point, where the edge also has scoped points, is planned around as if accepted
    ///   (`unscopedRests`), and no crash moment that makes another fault of its set moot is proposed
    ///   (`hasMootFault`).
    /// - In the loop, a crash's later moment and another kind of a call's fault are proposed only until
    ///   a run tried them (`options.ran`).
    public static func plan(model: RedundancyModel, facts: PlanFacts, options given: PlanOptions = PlanOptions()) throws -> ExperimentPlan {
        // The points no injector can take as such are planned around as if accepted (`unscopedRests`);
        // the plan still lists only what the user accepted.
        var options = given
        options.accepted.formUnion(unscopedRests(model))
        let report = Hypothesizer.report(for: model, options: HypothesisOptions(budget: options.budget, accepted: options.accepted))
        let points = Dictionary(model.faultPoints.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var groups: [String: Group] = [:]
        // Per number of faults: the hypotheses' own sets (a crash at another moment included), then the
        // sets standing in for a tried one.
        var own: [Int: [String]] = [:], standIns: [Int: [String]] = [:]
        let services = serviceOfHost(facts), calls = callsOfEdge(facts)
        for hypothesis in report.hypotheses {
            guard let outcome = model.outcomes.first(where: { $0.outcome.name == hypothesis.outcome }) else { continue }
            for instance in untried(hypothesis, outcome: outcome, points: points, facts: facts, options: options, services: services, calls: calls) {
                let id = instance.id
                if groups[id] == nil {
                    if instance.standsIn { standIns[hypothesis.faults.count, default: []].append(id) } else { own[hypothesis.faults.count, default: []].append(id) }
                    groups[id] = Group(id: id)
                }
                groups[id]!.add(hypothesis, instance: instance)
            }
        }
        // Within a size, a run that held is taken further first where the new fault repeats a kept one on
        // a sibling replica: the run survived losing one replica, so losing another is the next question;
        // first on the sibling called by the same hosts (the replica that stood in for the lost one).
        // Then the other sets that keep a run's faults, before the sets that keep none: what held is taken
        // deeper first (quorum: the two dropped writes that held, then the replica that stored it crashed).
        let callers = callersOfHost(calls)
        // Untested triggers come after every cut of as many faults: a cut is what the supports seen say
        // breaks the outcome, an untested trigger only whether a seen alternative also serves a timeout.
        func siblingFirst(_ ids: [String]) -> [String] {
            func tier(_ id: String) -> Int {
                let hypotheses = groups[id]!.hypotheses
                let after = hypotheses.allSatisfy { $0.0.kind == "untested_trigger" } ? 4 : 0
                if hypotheses.contains(where: { isSiblingExtension($0.1, services: services, callers: callers) }) { return after }
                if hypotheses.contains(where: { isSiblingExtension($0.1, services: services) }) { return after + 1 }
                return after + (hypotheses.contains { $0.1.held > 0 } ? 2 : 3)
            }
            let tiers = Dictionary(uniqueKeysWithValues: ids.map { ($0, tier($0)) })
            return (0...7).flatMap { t in ids.filter { tiers[$0] == t } }
        }
        var order: [String] = []
        for size in Set(own.keys).union(standIns.keys).sorted() { order += siblingFirst(own[size, default: []] + standIns[size, default: []]) }
        if let limit = options.limit { order = Array(order.prefix(limit)) }
        let experiments = order.enumerated().map { index, id in
            experiment(groups[id]!, rank: index + 1, points: points, facts: facts, margin: options.delayMargin)
        }
        // Digests of the canonical JSON (sorted keys, compact), hashed as it is written.
        let modelDigest = "m-" + FNV1a.hex16(try FNV1a.hashJSON(model))
        let factsDigest = FNV1a.hex16(try FNV1a.hashJSON(facts))
        let hosts = facts.hosts.map(\.host).filter { name in model.faultPoints.contains { $0.targetKind == "host" && $0.target == name } }
        let source = PlanSource(digest: modelDigest, factsDigest: factsDigest, outcomes: model.outcomes.map(\.outcome.name),
                                executions: facts.executions, idKinds: facts.idKinds, hosts: hosts)
        let key = [modelDigest, factsDigest, "\(options.budget)", given.accepted.sorted().joined(separator: ","),
                   options.exclude.sorted().joined(separator: ","), "\(options.delayMargin)"] + experiments.map(\.id)
        let planID = "p-" + FNV1a.hex16(FNV1a.hash(key.joined(separator: "\n"))).prefix(12)
        return ExperimentPlan(id: planID, model: source, budget: options.budget, accepted: given.accepted.sorted(),
                              excluded: options.exclude.sorted(), outcomes: report.outcomes,
                              delayRule: delayRule(margin: options.delayMargin), experiments: experiments)
    }

    /// The plain points (`delay:edge:a->b`, and the same edge's `error` and `drop`) of edges that also
    /// have points scoped to a kind of message (`…~TYPE`): a plain point there stands for the messages of
    /// none of the edge's kinds (a kind too rare to scope, or a record misread as a message's first), and
    /// an injector can only take those with every message of the edge, which the scoped points and the
    /// hosts' faults already cover. Planning around them keeps the same cut from coming back as another
    /// set of faults.
    static func unscopedRests(_ model: RedundancyModel) -> Set<String> {
        let scoped = Set(model.faultPoints.filter { $0.targetKind == "edge" && $0.scope != nil }.map(\.target))
        var rests: Set<String> = []
        for point in model.faultPoints where point.targetKind == "edge" && point.scope == nil && scoped.contains(point.target) {
            for kind in [FaultKind.delay, .error, .drop] { rests.insert(point.with(kind: kind).id) }
        }
        return rests
    }

    /// The hypothesis made concrete with a fault set not in `options.exclude`: its usual instance at the
    /// first moments not tried (`firstUntried`), else the same cut by other faults: each fault replaced
    /// by one of its equivalents (not accepted) or, for an edge delay (its own or an equivalent), by the
    /// same edge's `error` or `drop` (its variants), the most preferred combinations first (edge delays, other delays, crashes,
    /// then the edges' errors and drops: a delay past the timeout that held met a recovery that an
    /// error or a drop of the same call most likely meets too, a crash also loses the host's later work; at
    /// most 256 tried), leaving out a kind that replaces a fault's own where a run already tried it on
    /// that call (`options.ran`). Nil when every combination was tried. `services` and `calls` are the facts'
    /// `serviceOfHost` and `callsOfEdge`, made once per plan.
    static func untried(_ hypothesis: Hypothesis, outcome: OutcomeModel, points: [String: FaultPoint], facts: PlanFacts,
                        options: PlanOptions, services: [String: String], calls: [String: Int]) -> [Instance] {
        let instances = instantiate(hypothesis, outcome: outcome, held: options.held, services: services, calls: calls).compactMap { keepingHeld($0, facts: facts, options: options, services: services) }
            .map { oneWayAsDrop($0, points: points, facts: facts) }
        let fresh = instances.compactMap { firstUntried($0, points: points, facts: facts, exclude: options.exclude, ran: options.ran) }
        if fresh.count == instances.count { return fresh }
        /// A choice: a point of the model, and the kind that replaces its own (a variant), if any.
        struct Choice { var point: String; var kind: String?; var rank: Int }
        let choices = hypothesis.faults.map { fault -> [Choice] in
            var list = Array(Set([fault.point.id] + fault.equivalents)).filter { !options.accepted.contains($0) && points[$0] != nil }
                .map { Choice(point: $0, kind: nil, rank: Hypothesizer.preference($0).0 == 0 ? 0 : Hypothesizer.preference($0).0 + 1) }
            if fault.point.id.hasPrefix("delay:edge:") {
                for variant in fault.variants.sorted() {
                    guard let kind = variant.split(separator: ":").first.map(String.init), !options.accepted.contains(variant) else { continue }
                    list.append(Choice(point: fault.point.id, kind: kind, rank: 4))
                }
            }
            // The equivalent edges' errors and drops too: an edge a delay of which held (its caller waited
            // or retried) may not survive losing the call.
            for id in Set(fault.equivalents).sorted() where id.hasPrefix("delay:edge:") && points[id] != nil {
                for kind in [FaultKind.drop, .error] where !options.accepted.contains(points[id]!.with(kind: kind).id) {
                    list.append(Choice(point: id, kind: kind.rawValue, rank: 4))
                }
            }
            return list.sorted { ($0.rank, $0.point, $0.kind ?? "") < ($1.rank, $1.point, $1.kind ?? "") }
        }
        var tuples: [[Choice]] = [[]]
        for choice in choices {
            tuples = Array(tuples.flatMap { tuple in choice.map { tuple + [$0] } }.prefix(256))
        }
        func rank(_ tuple: [Choice]) -> Int { tuple.reduce(0) { $0 + $1.rank } }
        tuples.sort { rank($0) < rank($1) }
        func replacing(_ id: String, kind: String?) -> String {
            guard let kind, let colon = id.firstIndex(of: ":") else { return id }
            return kind + id[colon...]
        }
        for tuple in tuples where tuple.count == hypothesis.faults.count {
            var variant = hypothesis
            for i in variant.faults.indices {
                variant.faults[i].point = points[tuple[i].point]!
                variant.faults[i].equivalents = []
            }
            let candidates = instantiate(variant, outcome: outcome, held: options.held).compactMap { instance -> Instance? in
                var candidate = instance
                candidate.concrete = zip(candidate.concrete, tuple).map { replacing($0, kind: $1.kind) }
                candidate.roles = zip(candidate.roles, tuple).map { replacing($0, kind: $1.kind) }
                candidate.standsIn = true
                // Another kind of a call's fault is tried once, by whichever set reaches it first (see
                // `PlanOptions.ran`): the other sets take the hypothesis' own kind.
                let kinded = zip(candidate.concrete, tuple).filter { $1.kind != nil }.map(\.0)
                return kinded.contains(where: options.ran.contains) ? nil : candidate
            }.compactMap { keepingHeld($0, facts: facts, options: options, services: services) }.map { oneWayAsDrop($0, points: points, facts: facts) }.filter { !$0.members.isEmpty }.compactMap { firstUntried($0, points: points, facts: facts, exclude: options.exclude, ran: options.ran) }
            if !candidates.isEmpty { return fresh + candidates }
        }
        return fresh
    }

    /// `instance` on top of the faults of the run that held, when every execution of its class comes
    /// from that one run (`PlanOptions.held`): the class's supports are how the system survived those
    /// faults, so cutting them means keeping the faults (Molly's way to multi-fault bugs). The kept
    /// faults come first, at the moments they were injected; nil when the set exceeds the budget or a
    /// new fault hits what a kept one does (the same host, the same call: the set is the run that held).
    /// Other instances are returned as they are.
    /// `services` is the facts' `serviceOfHost`.
    static func keepingHeld(_ instance: Instance, facts: PlanFacts, options: PlanOptions, services: [String: String]) -> Instance? {
        guard !options.held.isEmpty, let first = instance.all.first?.execution, let slash = first.firstIndex(of: "/") else { return instance }
        let prefix = String(first[...slash])
        guard let keys = options.held[prefix], instance.all.allSatisfy({ $0.execution.hasPrefix(prefix) }) else { return instance }
        var concrete: [String] = [], roles: [String] = [], timings: [FaultTiming?] = []
        for key in keys {
            let (point, after) = PlannedFault.parts(ofKey: key)
            guard !concrete.contains(point) else { continue }
            var timing: FaultTiming?
            if let after {
                let host = parse(point).target
                timing = crashHooks(host, facts: facts).first { $0.eventType == after }
                    ?? FaultTiming(kind: "after_event", host: host, eventType: after, template: "", match: after)
            }
            concrete.append(point)
            roles.append(instance.all.first.flatMap { member in member.bindings.filter { $0.value == point }.keys.min() } ?? point)
            timings.append(timing)
        }
        let held = concrete.count
        // A new fault on what a kept one already hits (the same host, the same call) adds nothing: the
        // set is the run that held. A new delay of a call standing in for a kept drop or error on its
        // sibling takes that kind, as `instance` makes it (the stand-ins' tuples come without it).
        func hit(_ id: String) -> String { let p = parse(id); return "\(p.targetKind):\(p.target)~\(p.scope ?? "")" }
        let keptHits = Set(concrete.map(hit))
        for (i, id) in instance.concrete.enumerated() where !concrete.contains(id) {
            guard !keptHits.contains(hit(id)) else { return nil }
            var id = id, role = instance.roles[i]
            if parse(id).kind == .delay, parse(id).targetKind == "edge",
               let kind = concrete.prefix(held).first(where: { areSiblings(id, $0, services: services, anyEdgeKind: true) && parse($0).kind != .delay })
                .map({ parse($0).kind.rawValue }) {
                id = kind + id.drop { $0 != ":" }
                role = kind + role.drop { $0 != ":" }
                guard !concrete.contains(id) else { return nil }
            }
            concrete.append(id)
            roles.append(role)
            timings.append(i < instance.timings.count ? instance.timings[i] : nil)
        }
        guard concrete.count > held, concrete.count <= options.budget else { return nil }
        var result = instance
        result.concrete = concrete
        result.roles = roles
        result.timings = timings
        result.held = held
        return result
    }

    /// Whether `instance` keeps the faults of a run that held and adds one that repeats a kept fault on
    /// a sibling replica (`areSiblings`).
    /// With `callers`, only a sibling called by the same hosts as the kept fault's host (`replaces`).
    static func isSiblingExtension(_ instance: Instance, services: [String: String], callers: [String: Set<String>]? = nil) -> Bool {
        guard instance.held > 0 else { return false }
        let kept = instance.concrete.prefix(instance.held)
        return instance.concrete.dropFirst(instance.held).contains { new in
            kept.contains { old in areSiblings(new, old, services: services) && (callers.map { replaces(new, old, callers: $0) } ?? true) }
        }
    }

    /// Each host's callers, from the call counts (`from->to` → calls).
    static func callersOfHost(_ calls: [String: Int]) -> [String: Set<String>] {
        var callers: [String: Set<String>] = [:]
        for edge in calls.keys {
            let (from, to) = edgeEnds(edge)
            callers[to, default: []].insert(from)
        }
        return callers
    }

    /// Whether the host of point `new` (an edge's callee) is called by the same hosts as that of `kept`:
    /// a replica that can stand in for the kept one (kafka's other follower, not its leader).
    static func replaces(_ new: String, _ kept: String, callers: [String: Set<String>]) -> Bool {
        func callee(_ id: String) -> String {
            let point = parse(id)
            return point.targetKind == "edge" ? edgeEnds(point.target).1 : point.target
        }
        let own = callers[callee(new)] ?? []
        return !own.isEmpty && callers[callee(kept)] == own
    }

    /// Whether `point` is a delay of an edge whose messages are one-way (`EdgeFacts.oneWay`: no message
    /// back, no error logged by the sender), so that a delay exceeds no timeout and only postpones the
    /// receiver's work.
    static func isOneWay(_ point: FaultPoint, facts: PlanFacts) -> Bool {
        guard point.kind == .delay, point.targetKind == "edge" else { return false }
        let (from, to) = edgeEnds(point.target)
        return facts.edge(from: from, to: to)?.oneWay == true
    }

    /// `instance` with each one-way edge delay (`isOneWay`) replaced by the same edge's drop: a one-way
    /// message lost is what its receiver can miss.
    static func oneWayAsDrop(_ instance: Instance, points: [String: FaultPoint], facts: PlanFacts) -> Instance {
        var result = instance
        for i in result.concrete.indices {
            let id = result.concrete[i]
            guard isOneWay(points[id] ?? parse(id), facts: facts) else { continue }
            result.concrete[i] = "drop" + id.dropFirst("delay".count)
            if result.roles[i].hasPrefix("delay:edge:") { result.roles[i] = "drop" + result.roles[i].dropFirst("delay".count) }
        }
        return result
    }

    /// How delays are sized, as the plan states it.
    public static func delayRule(margin: Double) -> String {
        "ms = ceil(\(format(margin)) × the longest wait the logs show on the call): the time from the caller's record "
            + "that sent the message to its next record, longest over every execution, or the wait of a logged timeout "
            + "when longer; a delay on a host takes the longest over every call into it; with no call measured, the "
            + "host's longest gap between two records; with timestamps too coarse to show any, their resolution"
    }

    static func format(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(x)
    }

    /// A hypothesis made concrete in one of its classes.
    struct Instance {
        /// The class.
        var cls: String
        /// Concrete point ids, in the order of the hypothesis' faults.
        var concrete: [String]
        /// The role-level point behind each of them.
        var roles: [String]
        /// The members where that tuple plays the roles.
        var members: ClassMembers
        /// All members of the class the hypothesis applies to.
        var all: ClassMembers
        /// The class's supports the faults cut.
        var cuts: [[String]]
        /// When each fault starts, in the order of `concrete` (empty: every fault at its default).
        var timings: [FaultTiming?] = []
        /// Whether other faults making the same cut stand in for the hypothesis' own set, already tried.
        var standsIn = false
        /// How many of the first faults are kept from a run that held (`keepingHeld`), at their moments.
        var held = 0

        /// The keys of its faults (`PlannedFault.key`).
        var keys: [String] {
            concrete.indices.map { PlannedFault.key(point: concrete[$0], timing: $0 < timings.count ? timings[$0] : nil) }
        }

        /// The experiment id of its fault set.
        var id: String { Experiment.id(faults: keys) }
    }

    /// The instance with each crash at the first combination of moments not in `exclude`: a crash of a
    /// host that logs more than one event type can happen right after each of them (`crashTiming`
    /// first, then the other `crashHooks` in the order the host logs them), so a crash that held at one
    /// moment is tried at the next (Molly's crash times; 2PC blocks only when the coordinator dies
    /// between the votes). Combinations are taken fewest steps from the defaults first, at most 64,
    /// leaving out those that make another fault of the set moot (`hasMootFault`); nil when every one
    /// was tried.
    /// A crash at another moment than its host's first is left out where a run in `ran` (the fault
    /// keys of `PlanOptions.ran`) already tried it.
    static func firstUntried(_ instance: Instance, points: [String: FaultPoint], facts: PlanFacts, exclude: Set<String>,
                             ran: Set<String> = []) -> Instance? {
        let moments = instance.concrete.enumerated().map { i, id -> [FaultTiming?] in
            if i < instance.held { return [i < instance.timings.count ? instance.timings[i] : nil] }
            let point = points[id] ?? parse(id)
            guard point.kind == .crash else { return [nil] }
            let first = crashTiming(point.target, facts: facts)
            return [first] + crashHooks(point.target, facts: facts).filter { $0 != first }
        }
        var combinations: [[Int]] = [[]]
        for choices in moments {
            combinations = Array(combinations.flatMap { prefix in choices.indices.map { prefix + [$0] } }.prefix(4096))
        }
        combinations.sort { a, b in
            let (sa, sb) = (a.reduce(0, +), b.reduce(0, +))
            return sa != sb ? sa < sb : a.lexicographicallyPrecedes(b)
        }
        for combination in combinations.prefix(64) {
            var candidate = instance
            candidate.timings = zip(moments, combination).map { $0[$1] }
            let keys = candidate.keys
            let retried = combination.indices.contains { combination[$0] > 0 && ran.contains(keys[$0]) }
            if !retried && !exclude.contains(candidate.id) && !hasMootFault(candidate, facts: facts) { return candidate }
        }
        return nil
    }

    /// Whether a crash of `instance`, timed right after an event type of its host, makes another of its
    /// faults moot, so that the set does what one of its subsets does:
    /// - an edge fault into that host scoped to the messages it answers with that very event first: a
    ///   drop or an error keeps the host from logging it (the crash never fires there), a delay holds an
    ///   answer the crash never lets go;
    /// - an edge fault on messages the host sends (per kind `MessageKindFacts.sender`, else the edge's
    ///   `EdgeFacts.sender`) from a record it logs no earlier than the crash's event (`HostEvent.position`):
    ///   the crash stops them before they leave. Facts without senders leave such faults alone.
    static func hasMootFault(_ instance: Instance, facts: PlanFacts) -> Bool {
        let hooks = instance.timings.compactMap { timing -> (host: String, type: String)? in
            guard let timing, timing.kind == "after_event", let host = timing.host, let type = timing.eventType else { return nil }
            return (host, type)
        }
        guard !hooks.isEmpty else { return false }
        func position(_ type: String, on host: String) -> Double? { facts.host(host)?.events.first { $0.type == type }?.position }
        return instance.concrete.contains { id in
            let point = parse(id)
            guard point.targetKind == "edge", point.kind != .crash else { return false }
            let (from, to) = edgeEnds(point.target)
            if let scope = point.scope, hooks.contains(where: { $0.host == to && $0.type == scope }) { return true }
            let edge = facts.edge(from: from, to: to)
            guard let sender = point.scope.flatMap({ scope in edge?.kinds?.first { $0.type == scope }?.sender }) ?? edge?.sender,
                  let sent = position(sender, on: from) else { return false }
            return hooks.contains { hook in hook.host == from && position(hook.type, on: from).map { sent >= $0 } == true }
        }
    }

    /// One instance per class of the hypothesis, or per run that held for a class only such runs show
    /// (`heldRunParts`); with `services`, a run's kept faults are repeated on sibling replicas first (see
    /// `instance`; stand-ins, which replace a fault's kind, go without). Each is the most frequent tuple
    /// of concrete points among the class's executions (ties: the smallest). A fault stands for itself and its equivalents in that
    /// class of the same preference (an edge delay, another delay, a crash); in each execution the one
    /// with the smallest concrete id is taken, so the choice does not depend on how roles were numbered
    /// (which follows the order records appear in).
    static func instantiate(_ hypothesis: Hypothesis, outcome: OutcomeModel, held: [String: [String]] = [:],
                            services: [String: String]? = nil, calls: [String: Int] = [:]) -> [Instance] {
        outcome.classes.filter { hypothesis.classes.contains($0.id) }.flatMap { cls -> [Instance] in
            // Sorted by id, as class members are.
            let members = cls.executions.members(in: hypothesis.executions)
            return heldRunParts(members, held: held).compactMap { part in
                let kept = services == nil ? [] : part.run.map { held[$0]!.map { PlannedFault.parts(ofKey: $0).point } } ?? []
                return instance(hypothesis, cls: cls, all: part.members, kept: kept, services: services ?? [:], calls: calls)
            }
        }
    }

    /// The calls the facts counted on each edge (`from->to`).
    static func callsOfEdge(_ facts: PlanFacts) -> [String: Int] {
        Dictionary(facts.edges.map { ("\($0.from)->\($0.to)", $0.calls) }, uniquingKeysWith: +)
    }

    /// Each host's service as the facts name it, else its name without the instance suffix.
    static func serviceOfHost(_ facts: PlanFacts) -> [String: String] {
        Dictionary(facts.hosts.map { ($0.host, $0.service ?? HostNaming.service(ofHost: $0.host) ?? $0.host) }, uniquingKeysWith: { a, _ in a })
    }

    /// Whether the concrete points `a` and `b` are the same fault (kind, target kind, scope; with
    /// `anyEdgeKind`, an edge's delay, error and drop alike) on sibling replicas: hosts of one service
    /// (`services`; else the host name without its instance suffix) in place of each other, the other
    /// end of an edge the same service.
    static func areSiblings(_ a: String, _ b: String, services: [String: String], anyEdgeKind: Bool = false) -> Bool {
        func service(_ host: String) -> String { services[host] ?? HostNaming.service(ofHost: host) ?? host }
        func shape(_ point: FaultPoint) -> String {
            guard point.targetKind == "edge" else { return service(point.target) }
            let (from, to) = edgeEnds(point.target)
            return service(from) + "->" + service(to)
        }
        let p = parse(a), q = parse(b)
        let kinds = p.kind == q.kind || anyEdgeKind && p.targetKind == "edge" && p.kind != .crash && q.kind != .crash
        return kinds && p.targetKind == q.targetKind && p.scope == q.scope && p.target != q.target && shape(p) == shape(q)
    }

    /// `members` of a class seen only in runs that held (`PlanOptions.held`, by execution id prefix) in
    /// parts, one per run, in prefix order: runs whose faults left the same support share a class, and
    /// each run's faults are kept on their own (`keepingHeld`; a run with nothing to keep, a delay's, is
    /// a part cut alone). A class that other executions show too (the baseline's) is one part, cut alone.
    static func heldRunParts(_ members: ClassMembers, held: [String: [String]]) -> [(run: String?, members: ClassMembers)] {
        guard !held.isEmpty else { return [(nil, members)] }
        var parts: [String: [Int]] = [:]
        for position in members.indices {
            let execution = members.execution(at: position)
            guard let slash = execution.firstIndex(of: "/"), held[String(execution[...slash])] != nil else { return [(nil, members)] }
            parts[String(execution[...slash]), default: []].append(position)
        }
        return parts.keys.sorted().map { ($0, members.subset(parts[$0]!)) }
    }

    /// The hypothesis made concrete on the members `all` of class `cls`: the most frequent tuple of
    /// hosts playing its roles (among equivalent edges, the one most called, `calls`: `from->to` → calls;
    /// ties: the smallest ids); nil when `all` is empty. On the members of a
    /// run that held, whose faults `kept` are kept, a fault that can be the same fault as a kept one on
    /// a sibling replica (`areSiblings`) is made that: the run survived losing one replica, so losing
    /// another is the next question; first a sibling called by the same hosts as the kept one (the
    /// replica that stood in for it, not another role of the same service).
    static func instance(_ hypothesis: Hypothesis, cls: ExecutionClass, all: ClassMembers, kept: [String] = [],
                         services: [String: String] = [:], calls: [String: Int] = [:]) -> Instance? {
        guard !all.isEmpty else { return nil }
        let group = hypothesis.byClass.first { $0.classes.contains(cls.id) }
        let standsFor = hypothesis.faults.map { [$0.point.id] + (group?.of($0.point.id) ?? $0.equivalents) }
        let candidates = standsFor.map { ids -> [String] in
            let best = ids.map { Hypothesizer.preference($0).0 }.min() ?? 0
            return ids.filter { Hypothesizer.preference($0).0 == best }
        }
        // How often the edge of a point was called (0 for other points): among equivalent edges, the
        // call seen most often is the least likely to be a misread order and the one most work goes through.
        var seenCache: [String: Int] = [:]
        func seen(_ id: String) -> Int {
            if let known = seenCache[id] { return known }
            let point = parse(id)
            let count = point.targetKind == "edge" ? calls[point.target] ?? 0 : 0
            seenCache[id] = count
            return count
        }
        // A replica standing in for a kept one is called by the same hosts (`replaces`).
        let callers = callersOfHost(calls)
        func choose(_ member: ClassMember) -> [(concrete: String, role: String)] {
            zip(candidates, standsFor).map { best, all in
                var siblings: [(String, String)] = []
                var replacing: Set<String> = []
                if !kept.isEmpty {
                    for pair in all.map({ (member.concrete($0), $0) }) {
                        let of = kept.filter { areSiblings(pair.0, $0, services: services, anyEdgeKind: true) }
                        guard !of.isEmpty else { continue }
                        siblings.append(pair)
                        if of.contains(where: { replaces(pair.0, $0, callers: callers) }) { replacing.insert(pair.0) }
                    }
                }
                return (siblings.isEmpty ? best.map { (member.concrete($0), $0) } : siblings).min { a, b in
                    let ra = replacing.contains(a.0), rb = replacing.contains(b.0)
                    if ra != rb { return ra }
                    let ca = seen(a.0), cb = seen(b.0)
                    return ca != cb ? ca > cb : a.0 != b.0 ? a.0 < b.0 : a.1 < b.1
                }!
            }
        }
        var counts: [[String]: Int] = [:]
        var roles: [[String]: [String]] = [:]
        for member in all {
            let chosen = choose(member)
            let key = chosen.map(\.concrete)
            counts[key, default: 0] += 1
            if roles[key] == nil { roles[key] = chosen.map(\.role) }
        }
        let fallback = hypothesis.faultIDs
        let best = counts.max { a, b in
            a.value != b.value ? a.value < b.value : !a.key.lexicographicallyPrecedes(b.key) && a.key != b.key
        }?.key ?? fallback
        let hit = Set(standsFor.joined())
        // An edge's delay standing for a kept error or drop on its sibling takes that kind.
        let kinds = best.map { id in
            kept.first { areSiblings(id, $0, services: services, anyEdgeKind: true) && parse($0).kind != parse(id).kind }.map { parse($0).kind.rawValue }
        }
        func kind(_ ids: [String]) -> [String] { zip(ids, kinds).map { id, kind in kind.map { $0 + id.drop { $0 != ":" } } ?? id } }
        return Instance(cls: cls.id, concrete: kind(best), roles: kind(roles[best] ?? fallback),
                        members: all.subset { choose($0).map(\.concrete) == best }, all: all,
                        cuts: hypothesis.kind == "cut" ? cls.supports.filter { !hit.isDisjoint(with: $0) } : [])
    }

    /// The instances of one concrete fault set, with their hypotheses.
    struct Group {
        var id: String
        var hypotheses: [(Hypothesis, Instance)] = []

        mutating func add(_ hypothesis: Hypothesis, instance: Instance) {
            hypotheses.append((hypothesis, instance))
        }
    }

    static func experiment(_ group: Group, rank: Int, points: [String: FaultPoint], facts: PlanFacts, margin: Double) -> Experiment {
        let (first, firstInstance) = group.hypotheses[0]
        // The executions (of each id the last member given) sorted by id, without a `String` per id.
        let executions = ClassMembers.distinct(group.hypotheses.map(\.1.members))
        let all = ClassMembers.distinct(group.hypotheses.map(\.1.all))
        var timingOf: [String: FaultTiming] = [:]
        for (i, concrete) in firstInstance.concrete.enumerated() where i < firstInstance.timings.count && timingOf[concrete] == nil {
            if let timing = firstInstance.timings[i] { timingOf[concrete] = timing }
        }
        // Role of each concrete point, from the first instance that gave it.
        var roleOf: [String: String] = [:]
        for (_, instance) in group.hypotheses {
            for (roleID, concrete) in zip(instance.roles, instance.concrete) where roleOf[concrete] == nil { roleOf[concrete] = roleID }
        }
        let concreteIDs = Array(Set(firstInstance.concrete)).sorted()
        let faults = concreteIDs.map { concrete -> PlannedFault in
            let roleID = roleOf[concrete] ?? concrete
            // An edge's error or drop stands on the edge's delay point, which the executions bind.
            let (boundRole, boundConcrete) = (asEdgeDelay(roleID), asEdgeDelay(concrete))
            let plays = all.reduce(0) { $0 + ($1.concrete(boundRole) == boundConcrete ? 1 : 0) }
            let share = all.isEmpty ? 1 : Double(plays) / Double(all.count)
            return plannedFault(concrete: concrete, role: points[roleID] ?? parse(roleID), point: points[concrete] ?? parse(concrete),
                                share: share, timing: timingOf[concrete], facts: facts, margin: margin)
        }
        // The hypotheses, each with the classes that gave this set, in rank order.
        var byHypothesis: [(Hypothesis, [Instance])] = []
        for (h, instance) in group.hypotheses {
            if let k = byHypothesis.firstIndex(where: { $0.0.id == h.id }) { byHypothesis[k].1.append(instance) } else { byHypothesis.append((h, [instance])) }
        }
        var outcomes: [String] = []
        for (h, _) in byHypothesis where !outcomes.contains(h.outcome) { outcomes.append(h.outcome) }
        let best = byHypothesis.map(\.0).max { a, b in a.impact != b.impact ? a.impact < b.impact : a.rank > b.rank } ?? first
        let classes = byHypothesis.flatMap { h, instances in instances.map { ClassRef(outcome: h.outcome, class: $0.cls) } }
        var cuts: [RationaleCut] = []
        var cutCount = 0
        for (h, instances) in byHypothesis {
            for instance in instances {
                cutCount += instance.cuts.count
                for support in instance.cuts where cuts.count < 8 {
                    cuts.append(RationaleCut(outcome: h.outcome, class: instance.cls, support: support))
                }
            }
        }
        let details = byHypothesis.map { h, instances in
            let own = Set(instances.map(\.cls))
            let byClass = h.byClass.compactMap { group -> ClassEquivalents? in
                let kept = group.classes.filter(own.contains)
                return kept.isEmpty ? nil : ClassEquivalents(classes: kept, equivalents: group.equivalents)
            }
            return HypothesisDetail(hypothesis: h.id, outcome: h.outcome, kind: h.kind, faults: h.faultIDs,
                                    equivalents: Dictionary(uniqueKeysWithValues: h.faults.map { ($0.point.id, $0.equivalents) }),
                                    byClass: byClass, classes: instances.map(\.cls), executions: instances.map(\.all.count).reduce(0, +),
                                    impact: h.impact, breaks: h.breaks, reason: h.reason)
        }
        let where_ = executions.count == 1 ? "1 execution" : "\(executions.count) executions"
        var text: String
        if first.kind == "cut" {
            let classList = Array(Set(classes)).sorted().map { outcomes.count > 1 ? "\($0.outcome) \($0.class)" : $0.class }
            text = "Cuts every known support of \(outcomes.map { "'\($0)'" }.joined(separator: " and ")) in \(where_) "
                + "(\(classList.count == 1 ? "class" : "classes") \(classList.joined(separator: ", "))): \(first.reason)"
        } else {
            text = first.reason
        }
        // A fault injected for an equivalent of the hypothesis' own (it cuts exactly the same supports in
        // these classes): say so, or the rationale names a point the experiment does not inject.
        let own = Set(first.faultIDs.map(asEdgeDelay))
        let standIns = faults.filter { !own.contains(asEdgeDelay($0.rolePoint)) }
        if first.kind == "cut", !standIns.isEmpty {
            let injected = standIns.map(\.point).joined(separator: ", "), roles = standIns.map(\.rolePoint).joined(separator: ", ")
            text += (text.hasSuffix(".") ? " " : ". ") + "Injected as \(injected) (\(roles)), which cuts exactly the same supports in these classes."
        }
        if firstInstance.held > 0 {
            text = "Keeps \(firstInstance.concrete.prefix(firstInstance.held).joined(separator: ", ")), injected in a run that held, "
                + "and cuts how the system survived it. " + text
        }
        return Experiment(id: group.id, rank: rank, kind: first.kind, outcomes: outcomes, faults: faults, impact: best.impact,
                          breaks: best.breaks, exercised: byHypothesis.map(\.0.exercised).min() ?? first.exercised,
                          appliesTo: ExperimentScope(executions: executions.count, sample: executions.prefix(20).map(\.execution),
                                                     classes: Array(Set(classes)).sorted(),
                                                     requestClass: requestClass(count: executions.count, contains: executions.containsSorted, facts: facts)),
                          rationale: Rationale(text: text, cuts: cuts, cutCount: cutCount), hypotheses: details)
    }

    /// An edge point's id with the kind `delay` (how executions bind edges); any other id as it is.
    static func asEdgeDelay(_ id: String) -> String {
        guard id.contains(":edge:"), !id.hasPrefix("delay:"), let colon = id.firstIndex(of: ":") else { return id }
        return "delay" + id[colon...]
    }

    /// A point from its id `<kind>:<target kind>:<target>` (the target may hold colons), an edge's
    /// `~<scope>` split off.
    static func parse(_ id: String) -> FaultPoint {
        let parts = id.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { return FaultPoint(kind: .crash, level: .concrete, targetKind: "host", target: id) }
        var target = parts[2], scope: String?
        if parts[1] == "edge", let mark = target.range(of: FaultPoint.scopeMark, options: .backwards), target[..<mark.lowerBound].contains("->") {
            scope = String(target[mark.upperBound...])
            target = String(target[..<mark.lowerBound])
        }
        return FaultPoint(kind: FaultKind(rawValue: parts[0]) ?? .crash, level: parts[1] == "role" ? .role : .concrete,
                          targetKind: parts[1], target: target, scope: scope)
    }

    static func edgeEnds(_ target: String) -> (String, String) {
        guard let range = target.range(of: "->") else { return (target, target) }
        return (String(target[..<range.lowerBound]), String(target[range.upperBound...]))
    }

    static func plannedFault(concrete: String, role: FaultPoint, point: FaultPoint, share: Double, timing: FaultTiming? = nil,
                             facts: PlanFacts, margin: Double) -> PlannedFault {
        let target: FaultTarget
        switch point.targetKind {
        case "edge":
            let (from, to) = edgeEnds(point.target)
            target = FaultTarget(kind: "edge", from: from, to: to, fromService: facts.host(from)?.service,
                                 toService: facts.host(to)?.service, namespace: facts.host(to)?.namespace,
                                 messages: point.scope.map { messageScope($0, from: from, to: to, facts: facts) })
        case "service":
            target = FaultTarget(kind: "service", service: point.target, allHosts: true, namespace: facts.host(point.target)?.namespace)
        default:
            let host = facts.host(point.target)
            target = FaultTarget(kind: "host", host: point.target, service: host?.service, namespace: host?.namespace)
        }
        var fault = PlannedFault(point: concrete, rolePoint: role.id, kind: point.kind.rawValue, target: target, role: role.target,
                                 roleShare: share, timing: .start)
        switch point.kind {
        case .crash:
            fault.timing = timing ?? crashTiming(point.target, facts: facts)
            fault.hooks = crashHooks(point.target, facts: facts).filter { $0 != fault.timing }
        case .delay:
            let basis = delayBasis(point, facts: facts, margin: margin)
            fault.delay = basis
            fault.ms = max(1, Int((margin * max(basis.longestWaitMs, basis.timeoutMs ?? 0)).rounded(.up)))
            if point.targetKind == "edge" {
                let (from, to) = edgeEnds(point.target)
                let error = facts.edge(from: from, to: to)?.errors.first { $0.status != nil || $0.exception != nil }
                fault.alternatives = [
                    FaultAlternative(kind: "error", point: point.with(kind: .error).id, status: error?.status,
                                     exception: error?.exception, template: error?.template),
                    FaultAlternative(kind: "drop", point: point.with(kind: .drop).id),
                ]
            }
        case .error:
            let (from, to) = edgeEnds(point.target)
            let error = facts.edge(from: from, to: to)?.errors.first { $0.status != nil || $0.exception != nil }
            fault.status = error?.status
            fault.exception = error?.exception
        case .drop:
            break
        }
        return fault
    }

    /// The messages of the edge `from` → `to` whose receiver logs a record of type `type` first: its
    /// template and regex from the receiver's facts, and a request field that tells them from the
    /// edge's other kinds when the receiver's first records carry one (`EdgeFacts.kinds`).
    static func messageScope(_ type: String, from: String, to: String, facts: PlanFacts) -> MessageScope {
        let template = facts.host(to)?.events.first { $0.type == type }?.template
        // Found in the message without a layout's source location (`worker.go:<*>:`), as the kind is.
        let match = template.map { templateRegex(ExecutionView.messageKey($0)) }.flatMap { $0.isEmpty ? nil : $0 }
        let kinds = facts.edge(from: from, to: to)?.kinds ?? []
        let what = template.map { "'\($0)'" } ?? "event type \(type)"
        if let own = kinds.first(where: { $0.type == type }) {
            let others = kinds.filter { $0.type != type }
            for (name, values) in own.fields.sorted(by: { $0.key < $1.key }) {
                let taken = Set(values)
                guard !values.isEmpty, !others.contains(where: { !taken.isDisjoint(with: $0.fields[name] ?? []) }) else { continue }
                return MessageScope(eventType: type, template: template, match: match, field: name, values: values,
                                    note: "only the requests from \(from) to \(to) whose \(name) is "
                                        + (values.count == 1 ? values[0] : "one of " + values.joined(separator: ", "))
                                        + " (\(to) answers them with \(what) first)")
            }
        }
        return MessageScope(eventType: type, template: template, match: match,
                            note: "only the messages from \(from) to \(to) that \(to) answers with \(what) first; nothing in the logs "
                                + "selects them by path or header: the injector must tell them apart"
                                + (match.map { " (the receiver's first line matches /\($0)/)" } ?? ""))
    }

    /// Right after the host's most frequent first event when it logs more than one event type, else
    /// from the start.
    static func crashTiming(_ host: String, facts: PlanFacts) -> FaultTiming {
        guard let facts = facts.host(host), facts.events.count > 1,
              let first = facts.events.max(by: { a, b in a.first != b.first ? a.first < b.first : a.type > b.type }),
              first.first > 0 else { return .start }
        let total = max(facts.events.map(\.executions).max() ?? 1, 1)
        return FaultTiming(kind: "after_event", host: host, eventType: first.type, template: first.template,
                           match: templateRegex(first.template), share: Double(first.executions) / Double(total))
    }

    /// Every moment a host can crash at: right after each event type it logs, in the order it usually
    /// logs them (mean number of its records before the type's first), at most 8.
    static func crashHooks(_ host: String, facts: PlanFacts) -> [FaultTiming] {
        guard let facts = facts.host(host), facts.events.count > 1 else { return [] }
        let total = max(facts.events.map(\.executions).max() ?? 1, 1)
        return facts.events.sorted { a, b in a.position != b.position ? a.position < b.position : a.type < b.type }.prefix(8).map {
            FaultTiming(kind: "after_event", host: host, eventType: $0.type, template: $0.template, match: templateRegex($0.template),
                        share: Double($0.executions) / Double(total))
        }
    }

    /// A regular expression finding `template` in a message: its literal parts escaped, `<*>` as `.*?`,
    /// leading and trailing wildcards dropped.
    public static func templateRegex(_ template: String) -> String {
        var parts = template.components(separatedBy: "<*>")
        while parts.count > 1, parts.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { parts.removeFirst() }
        while parts.count > 1, parts.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { parts.removeLast() }
        let special = Set("\\^$.|?*+()[]{}")
        return parts.map { part in
            String(part.flatMap { special.contains($0) ? ["\\", $0] : [$0] })
        }.joined(separator: ".*?")
    }

    static func delayBasis(_ point: FaultPoint, facts: PlanFacts, margin: Double) -> DelayBasis {
        let calls: [EdgeFacts]
        let process: String
        if point.targetKind == "edge" {
            let (from, to) = edgeEnds(point.target)
            calls = facts.edge(from: from, to: to).map { [$0] } ?? []
            process = to
        } else {
            calls = facts.edges.filter { $0.to == point.target }
            process = point.target
        }
        let measured = calls.map(\.measured).reduce(0, +)
        let wait = calls.map(\.longestWaitUs).max() ?? 0
        let timeout = calls.compactMap(\.timeoutUs).max()
        if wait > 0 || (timeout ?? 0) > 0 {
            return DelayBasis(basis: (timeout ?? 0) > wait ? "timeout" : "wait", longestWaitMs: Double(wait) / 1000,
                              timeoutMs: timeout.map { Double($0) / 1000 }, observed: measured, margin: margin)
        }
        let host = facts.host(process)
        if let host, host.longestGapUs > 0 {
            return DelayBasis(basis: "gap", longestWaitMs: Double(host.longestGapUs) / 1000, timeoutMs: nil, observed: host.gaps, margin: margin)
        }
        let resolution = host?.resolutionUs ?? (facts.hosts.map(\.resolutionUs).max() ?? 1000)
        return DelayBasis(basis: "resolution", longestWaitMs: Double(resolution) / 1000, timeoutMs: nil, observed: measured, margin: margin)
    }

    /// How to select `executions` among the logs' executions by the fields of their entry records.
    static func requestClass(_ executions: Set<String>, facts: PlanFacts) -> RequestClass {
        requestClass(count: executions.count, contains: executions.contains, facts: facts)
    }

    /// `requestClass` of the `count` executions `contains` tells (the facts' requests are one per execution).
    static func requestClass(count: Int, contains: (String) -> Bool, facts: PlanFacts) -> RequestClass {
        var inside: [[String: String]] = [], others: [[String: String]] = []
        for request in facts.requests {
            if contains(request.execution) { inside.append(request.fields) } else { others.append(request.fields) }
        }
        let total = facts.executions
        // Whether every execution has an entry record.
        let everyOne = count > 0 && inside.count == count
        var method: String?
        if everyOne, inside.allSatisfy({ $0["method"] != nil }), let m = inside.first?["method"], inside.allSatisfy({ $0["method"] == m }) {
            method = m
        }
        guard everyOne else {
            return RequestClass(selectable: false, method: method, note: total > 0 && count >= total
                ? "applies to every execution: inject on every request"
                : "nothing in the logs' entry records (a path, method or header-like field) selects these \(count) "
                    + "execution(s); inject on every request")
        }
        let names = Set(inside.flatMap { $0.keys }).filter { name in inside.allSatisfy { $0[name] != nil } }
        let ranked = names.sorted { a, b in
            let (pa, pb) = (a.lowercased().hasSuffix("path") ? 0 : 1, b.lowercased().hasSuffix("path") ? 0 : 1)
            return pa != pb ? pa < pb : a < b
        }
        for name in ranked where name != "method" || ranked.count == 1 {
            let values = Set(inside.map { $0[name]! })
            if others.contains(where: { $0[name].map(values.contains) ?? false }) { continue }
            let sorted = values.sorted()
            let note = others.isEmpty
                ? "every execution with an entry record has \(name) in {\(sorted.joined(separator: ", "))}: match it to scope the faults"
                : "select requests whose \(name) is \(sorted.count == 1 ? sorted[0] : "one of " + sorted.joined(separator: ", ")); no other execution has it"
            return RequestClass(selectable: true, field: name, method: method, values: sorted, note: note)
        }
        let shown = ranked.prefix(4).joined(separator: ", ")
        return RequestClass(selectable: false, method: method,
                            note: "the entry records' fields (\(shown)) do not tell these \(count) execution(s) from the others; "
                                + "inject on every request")
    }
}
