import Foundation

extension PlanFacts {
    /// Gathers the facts from `executions`, drawing message edges as the redundancy model does (`order`
    /// for happens-before, `modelEdges` for the causal model's relations).
    ///
    /// - A call `A -> B` is a message edge from a record on A to one on B. Its wait is the time from
    ///   that record to A's next record in the execution (one clock, no skew); the longest over all
    ///   executions is the edge's `longestWaitUs`. When that next record looks like a timeout
    ///   (`LogSignals`), its wait is also a `timeoutUs` candidate; when it looks like any failure, its
    ///   status (4xx/5xx), exception name and template are counted in `errors`. An edge is `oneWay` when
    ///   no message goes back from B to A in any execution and A logged no error after a call.
    /// - A host's gaps are the times between its consecutive records in one execution; its resolution
    ///   is the coarsest power of ten dividing all its timestamps.
    /// - The entry record of an execution is its earliest stamped record (ties: the first).
    public static func build<Executions: RandomAccessCollection>(executions: Executions, order: ExecutionOrder,
                                                                 modelEdges: [ModelEdge] = []) -> PlanFacts
    where Executions.Element == Execution, Executions.Index == Int {
        build(executions: executions, order: order, modelEdges: modelEdges, parts: Parallel.workers)
    }

    /// `build(executions:order:modelEdges:)` on all cores (`ExecutionParts`, `parts` parts per share):
    /// the parts' tallies added in order give the facts one pass in order gives (what is kept first
    /// stays first; the counts add).
    static func build<Executions: RandomAccessCollection>(executions: Executions, order: ExecutionOrder, modelEdges: [ModelEdge],
                                                          parts: Int) -> PlanFacts
    where Executions.Element == Execution, Executions.Index == Int {
        let gathering = Gathering(topology: Topology.of(executions), order: order, modelEdges: modelEdges)
        if parts > 1 {
            ExecutionParts.fold(executions, parts: parts, share: ExecutionParts.smallShare, tally: gathering.tally,
                                absorb: gathering.absorb)
        } else {
            // One execution unpacked at a time: a whole share unpacked at once would be held while the
            // facts are made, near the archive's peak.
            gathering.absorb(gathering.tally(executions))
        }
        return gathering.facts()
    }

    /// The facts gathered while executions are read in order by another pass (the redundancy model's,
    /// `RedundancyModel.buildWithFacts`): `tally` on any thread, each range's tallies handed to
    /// `absorb` in input order, then `facts()`: the facts `build` gives.
    final class Gathering {
        private let topology: Topology
        private let order: ExecutionOrder
        private let relations: ExecutionView.Relations
        private var total = Tallies()
        private var executions = 0

        init(topology: Topology, order: ExecutionOrder, modelEdges: [ModelEdge]) {
            self.topology = topology
            self.order = order
            relations = ExecutionView.Relations(modelEdges)
        }

        /// The tallies of consecutive `executions` (touches nothing shared).
        func tally(_ executions: some Collection<Execution>) -> Tallies {
            var tallies = Tallies()
            for execution in executions {
                tallies.add(ExecutionView(execution, topology: topology, order: order, relations: relations))
            }
            tallies.executions = executions.count
            return tallies
        }

        /// The tallies of consecutive executions another pass has viewed (`views`, with this gathering's
        /// topology, order and model edges, with or without calls): their processes and roles are kept,
        /// only their messages are drawn again without calls (touches nothing shared).
        func tally(views: some Collection<ExecutionView>) -> Tallies {
            var tallies = Tallies()
            for view in views { tallies.add(view.withoutCalls(order: order, relations: relations)) }
            tallies.executions = views.count
            return tallies
        }

        /// Adds the tallies of the executions after those absorbed so far.
        func absorb(_ tallies: Tallies) {
            total.absorb(tallies)
            executions += tallies.executions
        }

        /// The facts of every execution absorbed.
        func facts() -> PlanFacts { PlanFacts.summary(of: total, executions: executions) }
    }

    /// The facts `total` tallied from `executions` executions.
    private static func summary(of total: Tallies, executions: Int) -> PlanFacts {
        let (edges, hosts, requests, idKinds) = (total.edges, total.hosts, total.requests, total.idKinds)
        let edgeFacts = edges.values.map { tally in
            EdgeFacts(from: tally.from, to: tally.to, calls: tally.calls, measured: tally.measured,
                      longestWaitUs: tally.longestWait / 1000, timeoutUs: tally.timeout.map { $0 / 1000 },
                      errors: tally.errors.map { key, count in
                          ErrorFacts(status: key.status, exception: key.exception, trigger: key.trigger, template: key.template, count: count)
                      }.sorted { a, b in a.count != b.count ? a.count > b.count : a.template < b.template },
                      oneWay: edges["\(tally.to)\u{1}\(tally.from)"] == nil && tally.errors.isEmpty ? true : nil,
                      // Kinds sharing a receiving type keep the order of their message keys (not the dictionary's).
                      kinds: tally.kinds.count < 2 ? nil : tally.kinds.map { key, kind in
                          (key, MessageKindFacts(type: mostFrequent(kind.types)!,
                                                 calls: kind.calls, fields: kind.values.filter { name, values in
                                                     kind.present[name] == kind.calls && values.count <= 8
                                                 }.mapValues { $0.sorted() }, sender: mostFrequent(kind.senders)))
                      }.sorted { ($0.1.type, $0.0) < ($1.1.type, $1.0) }.map(\.1),
                      sender: mostFrequent(tally.senders))
        }.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
        let hostFacts = hosts.map { name, tally in
            HostFacts(host: name, service: tally.service, namespace: tally.namespace, resolutionUs: max(tally.resolution / 1000, 1),
                      longestGapUs: tally.longestGap / 1000, gaps: tally.gaps,
                      events: tally.events.map { HostEvent(type: $0.key, template: $0.value.template, executions: $0.value.executions,
                                                           first: $0.value.first,
                                                           position: Double($0.value.preceding) / Double(max($0.value.executions, 1))) }
                        .sorted { a, b in a.executions != b.executions ? a.executions > b.executions : a.type < b.type }
                        .prefix(24).map { $0 })
        }.sorted { $0.host < $1.host }
        return PlanFacts(executions: executions, idKinds: idKinds.sorted(), edges: edgeFacts, hosts: hostFacts,
                         requests: requests.sorted { $0.execution < $1.execution })
    }

    /// A record receiving a message, and the process that sent it.
    struct Receipt: Hashable {
        var record: Int
        var from: Process
    }

    /// The key counted most often (ties: the smallest), nil when none was.
    static func mostFrequent(_ counts: [String: Int]) -> String? {
        counts.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
    }

    /// The facts of some executions, before they are summarised; `absorb` adds those of later ones.
    struct Tallies {
        var edges: [String: EdgeTally] = [:]
        var hosts: [String: HostTally] = [:]
        var requests: [RequestFacts] = []
        var idKinds: Set<String> = []
        /// Executions tallied (`Gathering`).
        var executions = 0
        /// Caches of pure functions (message keys, whether a field name selects a request).
        var messageKeys: [String: String] = [:]
        var selecting: [String: Bool] = [:]

        /// Adds the facts of one execution, viewed without calls.
        mutating func add(_ view: ExecutionView) {
            let execution = view.execution
            for id in execution.ids { idKinds.insert(id.kind) }
            let events = execution.events
            var seenTypes: [String: Set<String>] = [:]
            var recordsOnHost: [String: Int] = [:]
            var lastOnHost: [String: Int] = [:]
            for (i, event) in events.enumerated() {
                guard let process = view.processes[i] else { continue }
                let name = process.name
                var tally = hosts[name] ?? HostTally()
                if tally.service == nil, let service = event.service { tally.service = Topology.roleService(service) }
                if tally.namespace == nil { tally.namespace = namespace(of: event) }
                if let time = event.time {
                    tally.resolution = resolutionStep(tally.resolution, time)
                    if let p = lastOnHost[name], let before = events[p].time, time >= before {
                        tally.longestGap = max(tally.longestGap, time - before)
                        tally.gaps += 1
                    }
                }
                if seenTypes[name, default: []].insert(event.type).inserted {
                    var counts = tally.events[event.type] ?? (template: event.template, executions: 0, first: 0, preceding: 0)
                    counts.template = TemplateMiner.moreGeneral(counts.template, event.template)
                    counts.executions += 1
                    if seenTypes[name]!.count == 1 { counts.first += 1 }
                    counts.preceding += recordsOnHost[name, default: 0]
                    tally.events[event.type] = counts
                }
                recordsOnHost[name, default: 0] += 1
                lastOnHost[name] = i
                hosts[name] = tally
            }
            // Whether a record looks like a failure, read once per record (replies answer many edges).
            var looks = [Bool?](repeating: nil, count: events.count)
            func errorLooking(_ i: Int) -> Bool {
                if let known = looks[i] { return known }
                let found = LogSignals.isErrorLooking(events[i])
                looks[i] = found
                return found
            }
            // Each receipt's sending record: the sender's latest record linked to it (a receipt is linked
            // to the nearest record of each type that precedes it).
            var sending: [Receipt: Int] = [:]
            for (a, b) in view.edges {
                guard let pa = view.processes[a], let pb = view.processes[b], pa != pb else { continue }
                let key = Receipt(record: b, from: pa)
                sending[key] = max(sending[key] ?? a, a)
            }
            for ((a, b), r) in zip(view.edges, view.kinds) {
                guard let pa = view.processes[a], let pb = view.processes[b] else { continue }
                let key = "\(pa.name)\u{1}\(pb.name)"
                var tally = edges[key] ?? EdgeTally(from: pa.name, to: pb.name)
                tally.calls += 1
                let kind = ExecutionView.messageKey(events[r].template, cache: &messageKeys)
                var kindTally = tally.kinds[kind] ?? KindTally()
                kindTally.calls += 1
                kindTally.types[events[r].type, default: 0] += 1
                if sending[Receipt(record: b, from: pa)] == a {
                    kindTally.senders[events[a].type, default: 0] += 1
                    tally.senders[events[a].type, default: 0] += 1
                }
                for (name, value) in requestFields(of: events[r], selecting: &selecting) ?? [:] {
                    kindTally.present[name, default: 0] += 1
                    if kindTally.values[name, default: []].count <= 8 { kindTally.values[name, default: []].insert(value) }
                }
                tally.kinds[kind] = kindTally
                if let next = events.indices.dropFirst(a + 1).first(where: { view.processes[$0] == pa }) {
                    let reply = events[next]
                    let failing = errorLooking(next)
                    if let t0 = events[a].time, let t1 = reply.time, t1 >= t0 {
                        tally.measured += 1
                        tally.longestWait = max(tally.longestWait, t1 - t0)
                        if failing, LogSignals.trigger(of: reply) == .timeout {
                            tally.timeout = max(tally.timeout ?? 0, t1 - t0)
                        }
                    }
                    if failing {
                        let key = ErrorKey(status: LogSignals.failedStatus(reply)?.code, exception: exceptionName(in: reply.message),
                                           trigger: LogSignals.trigger(of: reply).rawValue, template: reply.template)
                        tally.errors[key, default: 0] += 1
                    }
                }
                edges[key] = tally
            }
            if let fields = requestFields(events, selecting: &selecting) { requests.append(RequestFacts(execution: execution.id, fields: fields)) }
        }

        /// Adds the tallies of executions that come after these: what was seen first stays (a host's
        /// service and namespace, an event type's template), counts add, extremes combine, and a field's
        /// values stay capped at 9 (more than 8 are never shown).
        mutating func absorb(_ later: Tallies) {
            idKinds.formUnion(later.idKinds)
            requests += later.requests
            for (name, host) in later.hosts {
                guard var mine = hosts[name] else {
                    hosts[name] = host
                    continue
                }
                mine.service = mine.service ?? host.service
                mine.namespace = mine.namespace ?? host.namespace
                mine.resolution = Swift.min(mine.resolution, host.resolution)
                mine.longestGap = Swift.max(mine.longestGap, host.longestGap)
                mine.gaps += host.gaps
                for (type, counts) in host.events {
                    if var known = mine.events[type] {
                        known.template = TemplateMiner.moreGeneral(known.template, counts.template)
                        known.executions += counts.executions
                        known.first += counts.first
                        known.preceding += counts.preceding
                        mine.events[type] = known
                    } else {
                        mine.events[type] = counts
                    }
                }
                hosts[name] = mine
            }
            for (key, edge) in later.edges {
                guard var mine = edges[key] else {
                    edges[key] = edge
                    continue
                }
                mine.calls += edge.calls
                mine.senders.merge(edge.senders, uniquingKeysWith: +)
                mine.measured += edge.measured
                mine.longestWait = Swift.max(mine.longestWait, edge.longestWait)
                if let timeout = edge.timeout { mine.timeout = Swift.max(mine.timeout ?? timeout, timeout) }
                mine.errors.merge(edge.errors, uniquingKeysWith: +)
                for (kind, tally) in edge.kinds {
                    guard var known = mine.kinds[kind] else {
                        mine.kinds[kind] = tally
                        continue
                    }
                    known.calls += tally.calls
                    known.types.merge(tally.types, uniquingKeysWith: +)
                    known.senders.merge(tally.senders, uniquingKeysWith: +)
                    known.present.merge(tally.present, uniquingKeysWith: +)
                    for (name, values) in tally.values {
                        let union = known.values[name, default: []].union(values)
                        known.values[name] = union.count > 9 ? Set(union.sorted().prefix(9)) : union
                    }
                    mine.kinds[kind] = known
                }
                edges[key] = mine
            }
        }
    }

    struct EdgeTally {
        var from: String
        var to: String
        var calls = 0
        /// The sending records' event types.
        var senders: [String: Int] = [:]
        var measured = 0
        var longestWait: Int64 = 0
        var timeout: Int64?
        var errors: [ErrorKey: Int] = [:]
        var kinds: [String: KindTally] = [:]
    }

    struct KindTally {
        var calls = 0
        /// The receiving records' event types.
        var types: [String: Int] = [:]
        /// The sending records' event types.
        var senders: [String: Int] = [:]
        var present: [String: Int] = [:]
        var values: [String: Set<String>] = [:]
    }

    struct ErrorKey: Hashable {
        var status: String?
        var exception: String?
        var trigger: String
        var template: String
    }

    struct HostTally {
        var service: String?
        var namespace: String?
        var resolution: Int64 = 1_000_000_000
        var longestGap: Int64 = 0
        var gaps = 0
        var events: [String: (template: String, executions: Int, first: Int, preceding: Int)] = [:]
    }

    /// The coarsest power of ten (at most `resolution`) dividing `time`.
    static func resolutionStep(_ resolution: Int64, _ time: Int64) -> Int64 {
        var r = resolution
        while r > 1 && time % r != 0 { r /= 10 }
        return r
    }

    /// The namespace a record names: a field `namespace` or `….namespace`, or `"namespace": "X"` inside
    /// a field holding JSON.
    static func namespace(of event: Event) -> String? {
        for field in event.fields {
            let name = field.name.lowercased()
            if name == "namespace" || name.hasSuffix(".namespace") || name.hasSuffix("_namespace") {
                if !field.value.isEmpty { return field.value }
            }
            if field.value.hasPrefix("{"), let range = field.value.range(of: "\"namespace\"") {
                let rest = field.value[range.upperBound...].drop { $0 == " " || $0 == ":" }
                guard rest.first == "\"" else { continue }
                let value = rest.dropFirst().prefix { $0 != "\"" }
                if !value.isEmpty { return String(value) }
            }
        }
        return nil
    }

    /// The first word of `message` naming an exception or error class (`IOException`,
    /// `java.net.SocketTimeoutException`, `TimeoutError`), if any.
    static func exceptionName(in message: String) -> String? {
        let words = message.split { !($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "$") }
        for word in words {
            let name = word.hasSuffix(".") ? word.dropLast() : word[...]
            guard name.count > 5, name.hasSuffix("Exception") || name.hasSuffix("Error") else { continue }
            let last = name.split(separator: ".").last ?? name
            if last.first?.isUppercase == true, last != "Exception", last != "Error" { return String(name) }
        }
        return nil
    }

    /// Field names (their last dotted part, lowercased) that can select a request at an injector.
    static let selectingNames: Set<String> = ["path", "uri", "url", "route", "endpoint", "method", "verb", "op", "operation",
                                              "action", "api", "rpc", "grpc.method", "http.method", "http.path"]

    static let httpMethods: Set<String> = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]

    /// The selecting fields of the earliest stamped record of `events` (ties: the first), nil when none.
    static func requestFields(_ events: [Event]) -> [String: String]? {
        var selecting: [String: Bool] = [:]
        return requestFields(events, selecting: &selecting)
    }

    /// `requestFields(_:)`, whether each field name selects a request kept in `selecting`.
    static func requestFields(_ events: [Event], selecting: inout [String: Bool]) -> [String: String]? {
        var entry: Event?
        for event in events {
            guard let time = event.time else { continue }
            if let current = entry, let t = current.time, t <= time { continue }
            entry = event
        }
        guard let entry = entry ?? events.first else { return nil }
        return requestFields(of: entry, selecting: &selecting)
    }

    /// The selecting fields of the record `entry`, nil when none; whether each field name selects a
    /// request kept in `selecting`.
    static func requestFields(of entry: Event, selecting: inout [String: Bool]) -> [String: String]? {
        var fields: [String: String] = [:]
        for field in entry.fields where !field.value.isEmpty && !field.value.hasPrefix("{") {
            if selecting[field.name] ?? isSelecting(field.name, in: &selecting) { fields[field.name] = field.value }
        }
        // A method's target is a word starting with "/" after a space: none without " /".
        guard followsSpace(UInt8(ascii: "/"), in: entry.message) else { return fields.isEmpty ? nil : fields }
        let words = entry.message.split(separator: " ", omittingEmptySubsequences: true)
        for (k, word) in words.enumerated() where k + 1 < words.count {
            guard let method = httpMethod(word) else { continue }
            let target = words[k + 1]
            guard target.hasPrefix("/") else { continue }
            fields["method"] = fields["method"] ?? method
            fields["path"] = fields["path"] ?? String(target.prefix { $0 != "?" })
            break
        }
        return fields.isEmpty ? nil : fields
    }

    /// Whether `byte` comes right after a space somewhere in `text`.
    static func followsSpace(_ byte: UInt8, in text: String) -> Bool {
        var previous: UInt8 = 0
        for current in text.utf8 {
            if current == byte, previous == UInt8(ascii: " ") { return true }
            previous = current
        }
        return false
    }

    /// Whether the field `name` can select a request (its name, or its last dotted part, lowercased,
    /// in `selectingNames`, an `x-` header or a header), noted in `known`.
    static func isSelecting(_ name: String, in known: inout [String: Bool]) -> Bool {
        let lower = name.lowercased()
        let last = lower.split(separator: ".").last.map(String.init) ?? lower
        let selects = selectingNames.contains(lower) || selectingNames.contains(last) || last.hasPrefix("x-") || lower.contains("header")
        known[name] = selects
        return selects
    }

    /// `word` without the `"` at its ends (what `trimmingCharacters(in: ["\""])` gives: a quote is one
    /// byte of UTF-8) when that is one of `httpMethods`, else nil; no string is made for longer words.
    static func httpMethod(_ word: Substring) -> String? {
        var bytes = word.utf8[...]
        while bytes.first == UInt8(ascii: "\"") { bytes.removeFirst() }
        while bytes.last == UInt8(ascii: "\"") { bytes.removeLast() }
        guard bytes.count <= 7, let text = String(bytes), httpMethods.contains(text) else { return nil }
        return text
    }
}
