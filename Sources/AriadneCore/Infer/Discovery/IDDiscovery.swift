/// Decides which kinds of id candidates are execution ids, from their statistics over a sample of
/// events (after Stitch, Zhao et al., OSDI 2016: an id has many values, each on a few records close in
/// time, often on several hosts).
///
/// A kind is rejected, for the first of these reasons that holds:
/// 1. `constant`: one value;
/// 2. `host names`: at least as many of its values are host or service names as are not; `addresses`:
///    half its values or more are IP addresses (a client's `x_forwarded_for` repeats over its requests);
/// 3. `timestamps`: half its occurrences or more are dates or times of day;
/// 4. `too few records`: on fewer than `minRecords` records or `minRecordShare` of the sample (of every
///    sampled event, those whose patterns named ids included: a kind of a few stray lines beside a
///    patterned system is no id);
/// 5. `counter`: nine in ten of its occurrences are numbers and, within each input, they rise (nineteen
///    times in twenty or more when they change, and at least 3 times); `measurement`: nine in ten are
///    numbers with a fractional part (`amount=123.47`, `took=0.63`: two records of one request may
///    carry one, but so may unrelated ones), or nine in ten are those or quantities with a unit
///    (`took=63ms`, `size=12KB`: `IDStatistics.isQuantity`);
/// 6. `too few values`: fewer than `minValues`, or than a quarter of the square root of its records;
/// 7. `one value on N% of its records`: its most frequent value is on more than `maxTopValueShare`;
/// 8. `most values on one record`: less than `minRepeatedShare` of its values are on two records or more;
/// 9. `long-lived`: the median span of its values is more than `maxSpan` of the sample.
/// 10. `coarser than K`: of two kinds that passed, seen together on records, this one's values each go
///    with two or more values of K on average or most of them do (over at least 3 of its values), while
///    K's values go with one of its (at most 1.2 on average): it groups executions (a user, a session, a
///    tenant, a counter each of two hosts keeps), K names them. Values of K seen together on a record
///    (a trace id and its span id) count as one among those its values go with, and so do values of K
///    on different places (services, else hosts; `place`): an event id that goes with the API's request
///    id and with the id a queue's consumer gives its run carries one execution across the hop, where
///    a parcel's number goes with two request ids on the API itself. Where this kind is also written on
///    places K is not (carried past K's hops), values of K on one place whose times overlap count once:
///    a hedge's or a fan-out's calls, each with a request id of its own, are one request's. Nor is a
///    kind most of whose values (of those going with two or more of K's) reach beyond their K values
///    (open before them or close after them), those filling at least half its span (`fillsItsWhole`): a
///    build whose number the scheduler writes before its jobs and after them, the jobs named by UUIDs,
///    is the execution and its jobs are its parts; a session's requests, with idle time between them,
///    or a counter whose every record carries a message's id, are not.
/// 11. `numbers shared by chance`: its values are numbers that go one to one with a chosen kind's on
///    records, but some go with two or more of them and span more than `maxSpan` of the sample
///    (`amountCents=5730` on two unrelated orders would join them).
/// 12. `joins unrelated executions`: chosen, and with the aliases below taken into account, three or
///    more of its values join values of another chosen kind (not those shared by many records, which
///    are not used) whose records lie far apart (more than
///    `maxSpan` of the sample), at least half of those joining any (`farJoiningKinds`): a URL path or a
///    cache key on every record of its requests, shared by requests minutes apart.
/// Every other kind is chosen; kinds seen together on records are then linked by `ExecutionGrouper`.
/// A kind may then be another's under another name (`aliases`), a pattern's id kinds included.
/// A kind rejected only for having most values on one record, whose records carry a chosen kind, is
/// chosen when another such kind carries its values (`bridges`: a proxy's request id and the
/// application's line naming it beside its trace).
public enum IDDiscovery {
    /// Candidates and statistics of `events`, and the decision.
    public static func decide(events: [Event], options: IDDiscoveryOptions,
                              extractor: IDCandidateExtractor = IDCandidateExtractor()) -> IDDiscoveryReport {
        var statistics = IDStatistics(hostNames: IDStatistics.hostNames(of: events))
        let candidates = events.map { extractor.candidates(in: $0) }
        for (event, found) in zip(events, candidates) { statistics.add(event, candidates: found) }
        return decide(statistics, candidates: candidates, options: options, places: events.map(place))
    }

    /// Where a record was written, as the "coarser than" rule compares them: its service (by role: up to
    /// a `$`), else its host.
    static func place(_ event: Event) -> String {
        event.service.map { Topology.roleService($0) } ?? event.host ?? ""
    }

    /// The decision from `statistics` of the sample whose records had `candidates`; `patternIDs` are the
    /// values of the id kinds patterns named on the sample's other events (kind → values).
    static func decide(_ statistics: IDStatistics, candidates: [[IDCandidate]], options: IDDiscoveryOptions,
                       patternIDs: [String: Set<String>] = [:], sampledEvents: Int? = nil, places: [String]? = nil) -> IDDiscoveryReport {
        var decisions: [IDDiscoveryReport.KindDecision] = []
        var steps: [String: Int] = [:]
        for (kind, stats) in statistics.kinds {
            let occurrences = stats.values.values.reduce(0) { $0 + $1.records }
            let values = stats.values.count
            let perValue = values == 0 ? 0 : (Double(occurrences) / Double(values) * 10).rounded() / 10
            let spans = stats.values.values.filter { $0.records >= 2 }.map { statistics.span(of: $0) }.sorted()
            let span = spans.isEmpty ? nil : spans[spans.count / 2]
            let (reason, step) = rejection(stats, statistics: statistics, span: span, options: options,
                                           sampledEvents: max(statistics.events, sampledEvents ?? 0))
            steps[kind] = step
            decisions.append(.init(kind: kind, source: stats.source, records: stats.records, values: values,
                                   recordsPerValue: perValue, hosts: stats.places.count,
                                   span: span.map { ($0 * 10_000).rounded() / 10_000 }, chosen: reason == nil, reason: reason))
        }
        let passed = Set(decisions.filter(\.chosen).map(\.kind))
        if passed.count > 1 {
            let coarser = coarserKinds(passed, candidates: candidates, hostNames: statistics.hostNames,
                                       shared: IDDiscoveryStage.sharedValues(of: passed, statistics, maxSpan: options.maxSpan, candidates: candidates),
                                       places: places, times: statistics.valueTimes(of: passed))
            for i in decisions.indices {
                guard let (finer, ratio) = coarser[decisions[i].kind] else { continue }
                decisions[i].chosen = false
                decisions[i].reason = "coarser than \(finer): a value goes with \(IDDiscoveryReport.KindDecision.decimal(ratio)) \(finer) values"
                steps[decisions[i].kind] = 11
            }
        }
        let stillChosen = Set(decisions.filter(\.chosen).map(\.kind))
        if stillChosen.count > 1 {
            let colliding = collidingKinds(stillChosen, candidates: candidates, statistics: statistics, maxSpan: options.maxSpan)
            for i in decisions.indices {
                guard let (other, count) = colliding[decisions[i].kind] else { continue }
                decisions[i].chosen = false
                decisions[i].reason = "numbers shared by chance: \(count) of its values join \(other) values far apart"
                steps[decisions[i].kind] = 12
            }
        }
        aliases(&decisions, statistics: statistics, patternIDs: patternIDs)
        abbreviations(&decisions, statistics: statistics)
        bridges(&decisions, candidates: candidates, statistics: statistics)
        let joining = farJoiningKinds(decisions, candidates: candidates, statistics: statistics, maxSpan: options.maxSpan,
                                      patternKinds: Set(patternIDs.keys))
        for i in decisions.indices {
            guard let (other, count) = joining[decisions[i].kind] ?? decisions[i].aliasOf.flatMap({ joining[$0] }) else { continue }
            decisions[i].chosen = false
            decisions[i].aliasOf = nil
            decisions[i].reason = "joins unrelated executions: \(count) of its values join \(other) values far apart"
            steps[decisions[i].kind] = 13
        }
        decisions.sort {
            if $0.chosen != $1.chosen { return $0.chosen }
            if steps[$0.kind]! != steps[$1.kind]! { return steps[$0.kind]! > steps[$1.kind]! }
            if $0.records != $1.records { return $0.records > $1.records }
            return $0.kind < $1.kind
        }
        return IDDiscoveryReport(sampledEvents: statistics.events, kinds: decisions,
                                 patternKinds: patternIDs.isEmpty ? nil : patternIDs.keys.sorted())
    }

    /// Another name for an id kind: a kind at least half of whose values (four at least, each six
    /// characters or more), overall or on one host (`sharedOnSomePlace`), are values of a pattern's id
    /// kind or of a chosen kind is that kind written by another component under its own name (an ingress's `rid=` beside the application's `request_id=`;
    /// an edge's `req_id=` beside a pattern's `trace`). A rejection only says its records alone do not make
    /// executions (one record per value on the ingress); with the other kind's records they do, and two
    /// chosen kinds never seen on one record would not be linked. Pattern kinds are the names kept, then
    /// chosen kinds by records (most first, then name): each kind takes the name kept so far sharing most
    /// of its values (ties by name), or, chosen and sharing none, is kept itself.
    static func aliases(_ decisions: inout [IDDiscoveryReport.KindDecision], statistics: IDStatistics,
                        patternIDs: [String: Set<String>] = [:]) {
        var kept: [(kind: String, values: Set<String>)] = patternIDs.keys.sorted().map { ($0, patternIDs[$0]!) }
        let order = decisions.indices.sorted {
            let (a, b) = (decisions[$0], decisions[$1])
            if a.chosen != b.chosen { return a.chosen }
            return a.records != b.records ? a.records > b.records : a.kind < b.kind
        }
        for i in order {
            let kind = decisions[i].kind
            guard let values = statistics.kinds[kind]?.values else { continue }
            var best: (kind: String, shared: Int)?
            if values.count >= 4 {
                for other in kept {
                    // Short values (`7`, `42`) coincide between unrelated kinds: only long ones count.
                    func isShared(_ value: String) -> Bool { value.utf8.count >= 6 && other.values.contains(value) }
                    let shared = values.keys.reduce(0) { $0 + (isShared($1) ? 1 : 0) }
                    guard shared >= 4, shared * 2 >= values.count || Self.sharedOnSomePlace(values, isShared) else { continue }
                    if let b = best, b.shared > shared || (b.shared == shared && b.kind < other.kind) { continue }
                    best = (other.kind, shared)
                }
            }
            if let best {
                decisions[i].chosen = true
                decisions[i].reason = nil
                // A pattern's kind found under its own name is that kind.
                decisions[i].aliasOf = best.kind == kind ? nil : best.kind
            } else if decisions[i].chosen, patternIDs[kind] == nil {
                kept.append((kind, Set(values.keys)))
            }
        }
    }

    /// Short ids: a kind whose values on some host are hex of one length L of at least 8 (four values at
    /// least) and at least half of which each begin exactly one value of a chosen kind whose values are
    /// hex longer than L (dashes aside), is that kind cut short there: a log that prints the first 8
    /// digits of the request id (`[eba630a1]`, `rid=0bdd7976`). It becomes that kind's alias (an alias
    /// already, of that kind only: an edge may write the full id under the same name), each value of
    /// length L the one value it begins (`IDDiscoveryStage`). A kind rejected on its own stays rejected
    /// but for those values: another host may write threads under the same name, which are no ids. A
    /// chosen kind's own values of one hex length, four at least and half of that length, each beginning
    /// exactly one longer value of the kind, are those cut short (`abbreviates` without `aliasOf`).
    static func abbreviations(_ decisions: inout [IDDiscoveryReport.KindDecision], statistics: IDStatistics) {
        let full = decisions.filter { $0.chosen && $0.aliasOf == nil }.map(\.kind).sorted()
        // Per chosen kind, its values' length (dashes aside) when all are hex of one length, and its values by prefix.
        var lengths: [String: Int] = [:]
        var prefixIndexes: [String: [Int: [String: Int]]] = [:]
        for kind in full {
            guard let values = statistics.kinds[kind]?.values.keys, let first = values.first else { continue }
            let length = Self.hexLength(first)
            guard let length, values.allSatisfy({ Self.hexLength($0) == length }) else { continue }
            lengths[kind] = length
            prefixIndexes[kind] = Self.prefixIndex(values, short: length)
        }
        for i in decisions.indices where !lengths.isEmpty && lengths[decisions[i].kind] == nil {
            guard let values = statistics.kinds[decisions[i].kind]?.values, values.count >= 4 else { continue }
            var best: (kind: String, length: Int)?
            // An alias already (an edge's full `rid` beside a license server's short one) is looked at against its kind.
            for kind in lengths.keys.sorted() where decisions[i].aliasOf == nil || decisions[i].aliasOf == kind {
                let fullLength = lengths[kind]!
                let prefixes = prefixIndexes[kind]!
                var counts: [String: (all: Int, begins: Int, length: Int?)] = [:]
                for (value, stats) in values {
                    guard let place = stats.place else { continue }
                    var entry = counts[place] ?? (0, 0, nil)
                    entry.all += 1
                    let length = Self.hexLength(value)
                    if let length, length >= 8, length < fullLength, entry.length == nil || entry.length == length,
                       prefixes[length]?[Self.hexDigits(value)] == 1 {
                        entry.begins += 1
                        entry.length = length
                    }
                    counts[place] = entry
                }
                if let hit = counts.values.first(where: { $0.begins >= 4 && $0.begins * 2 >= $0.all }), let length = hit.length {
                    best = (kind, length)
                    break
                }
            }
            guard let best else { continue }
            decisions[i].aliasOf = best.kind
            decisions[i].abbreviates = best.length
        }
        // A chosen kind whose own values come in two hex lengths, the shorter (four at least, half of that
        // length) each beginning exactly one longer value: a build agent's `Action aba1439e7641 not cached`
        // after `Looking up action aba1439e7641…0d2 for job …`, the same kind by shape.
        for i in decisions.indices where decisions[i].chosen && decisions[i].aliasOf == nil && lengths[decisions[i].kind] == nil {
            guard let values = statistics.kinds[decisions[i].kind]?.values.keys else { continue }
            var byLength: [Int: [String]] = [:]
            for value in values {
                if let length = Self.hexLength(value), length >= 8 { byLength[length, default: []].append(value) }
            }
            var best: (length: Int, begins: Int)?
            for (length, short) in byLength.sorted(by: { $0.key < $1.key }) where short.count >= 4 {
                var prefixes: [String: Int] = [:]
                for value in byLength.filter({ $0.key > length }).flatMap(\.value) {
                    prefixes[String(Self.hexDigits(value).prefix(length)), default: 0] += 1
                }
                let begins = short.filter { prefixes[Self.hexDigits($0)] == 1 }.count
                if begins >= 4, begins * 2 >= short.count, begins > best?.begins ?? 0 { best = (length, begins) }
            }
            decisions[i].abbreviates = best?.length
        }
    }

    /// The number of hex digits of `value` when it is hex (dashes between digits allowed, as in a UUID),
    /// with a letter or not; nil otherwise.
    static func hexLength(_ value: String) -> Int? {
        var digits = 0
        for c in value.utf8 {
            if c == UInt8(ascii: "-") { continue }
            guard (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) else { return nil }
            digits += 1
        }
        return digits > 0 ? digits : nil
    }

    /// `value` lower-cased without its dashes: the digits a short id's prefix is compared on.
    static func hexDigits(_ value: String) -> String {
        String(value.lowercased().filter { $0 != "-" })
    }

    /// Per length from 8 up to `short` - 1: how many of `values` (lower-cased, dashes dropped) begin with
    /// each prefix of that length.
    static func prefixIndex<S: Sequence>(_ values: S, short: Int) -> [Int: [String: Int]] where S.Element == String {
        var index: [Int: [String: Int]] = [:]
        for value in values {
            let digits = hexDigits(value)
            guard digits.count == short else { continue }
            for length in 8..<max(8, short) { index[length, default: [:]][String(digits.prefix(length)), default: 0] += 1 }
        }
        return index
    }

    /// Whether, on some host (or service) where values of a kind were first seen, at least half of that
    /// host's values (four at least) are `shared`: one component writes the other kind's values under
    /// this name, whatever another component writes under the same name (an edge's full `rid=` beside
    /// a license server's `rid=` holding only its first eight digits).
    static func sharedOnSomePlace(_ values: [String: IDStatistics.ValueStats], _ shared: (String) -> Bool) -> Bool {
        var counts: [String: (all: Int, shared: Int)] = [:]
        for (value, stats) in values {
            guard let place = stats.place else { continue }
            counts[place, default: (0, 0)].all += 1
            if shared(value) { counts[place, default: (0, 0)].shared += 1 }
        }
        return counts.values.contains { $0.shared >= 4 && $0.shared * 2 >= $0.all }
    }

    private static func rejection(_ stats: IDStatistics.KindStats, statistics: IDStatistics, span: Double?,
                                  options: IDDiscoveryOptions, sampledEvents: Int) -> (String?, Int) {
        let values = stats.values.count
        let inHosts = stats.occurrences - stats.hostHits
        if values <= 1 && stats.hostHits == 0 { return ("constant", 1) }
        if stats.hostHits > 0 && stats.hostHits >= inHosts { return ("host names", 2) }
        if values > 0, stats.values.keys.filter(HostNaming.isAddress).count * 2 >= values {
            return ("addresses: they name machines and clients, not requests", 2)
        }
        if values == 1 { return ("constant", 3) }
        if stats.timeLike * 2 >= inHosts { return ("timestamps", 4) }
        let needed = max(options.minRecords, Int((Double(sampledEvents) * options.minRecordShare).rounded(.up)))
        if stats.records < needed { return ("too few records: \(stats.records) < \(needed)", 5) }
        let changes = stats.rises + stats.falls
        if stats.numeric * 10 >= inHosts * 9, stats.rises >= 3, stats.rises * 20 >= changes * 19 {
            return ("counter: values only rise", 6)
        }
        if stats.fractional * 10 >= inHosts * 9 { return ("measurement: numbers with a fraction", 6) }
        if (stats.fractional + stats.quantities) * 10 >= inHosts * 9 { return ("measurement: quantities with a unit", 6) }
        let fewest = max(options.minValues, Int((Double(stats.records).squareRoot() / 4).rounded(.up)))
        if values < fewest { return ("too few values: \(values) < \(fewest)", 7) }
        let top = stats.values.values.map(\.records).max() ?? 0
        if Double(top) > Double(stats.records) * options.maxTopValueShare {
            return ("one value on \(IDDiscoveryReport.KindDecision.percent(Double(top) / Double(stats.records))) of its records", 8)
        }
        let repeated = stats.values.values.filter { $0.records >= 2 }.count
        if Double(repeated) < Double(values) * options.minRepeatedShare {
            return ("most values on one record", 9)
        }
        if let span, span > options.maxSpan {
            return ("long-lived: a value spans \(IDDiscoveryReport.KindDecision.percent(span)) of the sample", 10)
        }
        return (nil, 11)
    }

    /// A request id logged once by each of two components, one of which logs it beside a chosen id (an
    /// edge proxy's `x_request_id` on its access line; the application's first line `x-request-id=…
    /// trace=…`): each kind alone is on one record per value, so rejected, yet together they join the
    /// proxy's record to the application's execution. A kind rejected for having most values on one
    /// record, nine in ten of whose records carry a chosen kind too, is chosen when another rejected
    /// kind shares at least half of its values (four at least, six characters or more), which becomes
    /// its alias; or when a chosen kind carries half of its values (four at least), whose alias it becomes.
    static func bridges(_ decisions: inout [IDDiscoveryReport.KindDecision], candidates: [[IDCandidate]], statistics: IDStatistics) {
        let chosen = Set(decisions.filter(\.chosen).map(\.kind))
        guard !chosen.isEmpty else { return }
        let single = decisions.indices.filter { !decisions[$0].chosen && decisions[$0].reason == "most values on one record" }
        guard !single.isEmpty else { return }
        var records: [String: (total: Int, withChosen: Int)] = [:]
        for record in candidates {
            let kinds = Set(record.map(\.kind))
            let withChosen = !kinds.isDisjoint(with: chosen)
            for kind in kinds where !chosen.contains(kind) {
                records[kind, default: (0, 0)].total += 1
                if withChosen { records[kind, default: (0, 0)].withChosen += 1 }
            }
        }
        func longValues(_ kind: String) -> Set<String> {
            Set((statistics.kinds[kind]?.values.keys).map { $0.filter { $0.utf8.count >= 6 } } ?? [])
        }
        for i in single.sorted(by: { decisions[$0].kind < decisions[$1].kind }) where !decisions[i].chosen {
            let kind = decisions[i].kind
            guard let count = records[kind], count.total > 0, count.withChosen * 10 >= count.total * 9 else { continue }
            let values = longValues(kind)
            guard values.count >= 4 else { continue }
            for j in single.sorted(by: { decisions[$0].kind < decisions[$1].kind }) where j != i && !decisions[j].chosen {
                let theirs = longValues(decisions[j].kind)
                let shared = theirs.intersection(values).count
                guard shared >= 4, shared * 2 >= theirs.count else { continue }
                decisions[i].chosen = true
                decisions[i].reason = nil
                decisions[j].chosen = true
                decisions[j].reason = nil
                decisions[j].aliasOf = kind
            }
        }
        // One whose values a chosen kind carries (half of them, four at least) is that kind under
        // another name: the application's `Root=` (on one record per request) beside a load balancer's
        // `trace_id` field.
        for i in single.sorted(by: { decisions[$0].kind < decisions[$1].kind }) where !decisions[i].chosen {
            let kind = decisions[i].kind
            guard let count = records[kind], count.total > 0, count.withChosen * 10 >= count.total * 9 else { continue }
            let values = longValues(kind)
            guard values.count >= 4 else { continue }
            for j in decisions.indices.sorted(by: { decisions[$0].kind < decisions[$1].kind }) where decisions[j].chosen && chosen.contains(decisions[j].kind) {
                let shared = longValues(decisions[j].kind).intersection(values).count
                guard shared >= 4, shared * 2 >= values.count else { continue }
                decisions[i].chosen = true
                decisions[i].reason = nil
                decisions[i].aliasOf = decisions[j].aliasOf ?? decisions[j].kind
                break
            }
        }
    }

    /// For each kind of `kinds` whose values are numbers that mostly go one to one with another kind's
    /// values but some of which go with two or more of them and span more than `maxSpan` of the sample
    /// (see rule 11: `amountCents=5730` on two unrelated orders): that other kind and how many of its
    /// values do. A link close in time (one order retried under a second request id) is no chance.
    static func collidingKinds(_ kinds: Set<String>, candidates: [[IDCandidate]], statistics: IDStatistics,
                               maxSpan: Double) -> [String: (String, Int)] {
        let numeric = kinds.filter { kind in
            guard let stats = statistics.kinds[kind] else { return false }
            return stats.numeric * 10 >= (stats.occurrences - stats.hostHits) * 9
        }
        guard !numeric.isEmpty else { return [:] }
        let partners = Self.partners(kinds, candidates: candidates, hostNames: statistics.hostNames)
        var result: [String: (String, Int)] = [:]
        for key in partners.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            // partners[[b, a]][value of a]: the values of b seen with it.
            let (b, a) = (key[0], key[1])
            guard numeric.contains(a), result[a] == nil, let map = partners[key], let values = statistics.kinds[a]?.values else { continue }
            let shared = map.filter { $0.value.count >= 2 }.map(\.key)
            guard !shared.isEmpty, shared.count * 10 <= map.count,
                  shared.contains(where: { values[$0].map { statistics.span(of: $0) > maxSpan } ?? false }) else { continue }
            result[a] = (b, shared.count)
        }
        return result
    }

    /// For each chosen kind (not a pattern's, not another's alias) that joins another chosen kind's
    /// values far apart (rule 12): that kind and how many of its values do. Kinds are taken with their
    /// aliases (`rid` counts as the `request_id` it is another name of). A value joins when the records
    /// carrying it carry two or more values of the other kind, far apart when those values' records span
    /// more than `maxSpan` of the sample (from its 1st to its 99th percentile of times: a few stray
    /// records do not stretch it; values shared by many records, which grouping does not use, join
    /// nothing, and a value whose own records span that much is left out: it is the one shared);
    /// the kind joins far apart when three or more of its values do and
    /// at least half of those that join: a URL path, a cache key or a rate limiter's count shared by
    /// requests minutes apart. An order retried under a second request id joins close in time.
    static func farJoiningKinds(_ decisions: [IDDiscoveryReport.KindDecision], candidates: [[IDCandidate]],
                                statistics: IDStatistics, maxSpan: Double, patternKinds: Set<String>) -> [String: (String, Int)] {
        var canonical: [String: String] = [:]
        for decision in decisions where decision.chosen { canonical[decision.kind] = decision.aliasOf ?? decision.kind }
        guard Set(canonical.values).count > 1, let range = statistics.robustTimeRange() else { return [:] }
        let (lo, hi) = (range.lowerBound, range.upperBound)
        // Each canonical kind's values with the times of their records, over the kind and its aliases.
        var times: [String: [String: ClosedRange<Int64>]] = [:]
        for (kind, name) in canonical {
            for (value, stats) in statistics.kinds[kind]?.values ?? [:] {
                guard let first = stats.firstTime, let last = stats.lastTime else { continue }
                let known = times[name]?[value]
                times[name, default: [:]][value] = min(first, known?.lowerBound ?? first)...max(last, known?.upperBound ?? last)
            }
        }
        let judged = Set(decisions.filter { $0.chosen && $0.aliasOf == nil && !patternKinds.contains($0.kind) }.map(\.kind))
        // partners[[p, k]][value of k]: the values of p on the records carrying it, aliases as their kind;
        // values that will not be used (`IDDiscoveryStage.sharedValues`: a load balancer's own id on every
        // one of its lines) join nothing.
        let shared = IDDiscoveryStage.sharedValues(of: Set(canonical.keys), statistics, maxSpan: maxSpan, candidates: candidates)
        let renamed = candidates.map { record in
            record.compactMap { c in
                shared.contains(c.executionID) ? nil : canonical[c.kind].map { IDCandidate(kind: $0, value: c.value, source: c.source) }
            }
        }
        let partners = Self.partners(Set(canonical.values), candidates: renamed, hostNames: statistics.hostNames)
        var result: [String: (String, Int)] = [:]
        for key in partners.keys.sorted(by: { [$0[1], $0[0]].lexicographicallyPrecedes([$1[1], $1[0]]) }) {
            let (p, k) = (key[0], key[1])
            guard judged.contains(k), result[k] == nil, let map = partners[key], let pTimes = times[p] else { continue }
            let joining = map.values.filter { $0.count >= 2 }
            let far = joining.filter { values in
                // A value of p spanning that much by itself is the one shared (a tenant's id on the
                // records of its requests hours apart), not a sign that k's value joins p's.
                let ranges = values.compactMap { pTimes[$0] }.filter { range in
                    Double(range.upperBound.saturatingSubtract(range.lowerBound)) / Double(hi.saturatingSubtract(lo)) <= maxSpan
                }
                guard let first = ranges.map(\.lowerBound).min(), let last = ranges.map(\.upperBound).max() else { return false }
                return Double(last.saturatingSubtract(first)) / Double(hi.saturatingSubtract(lo)) > maxSpan
            }
            guard far.count >= 3, far.count * 2 >= joining.count else { continue }
            result[k] = (p, far.count)
        }
        return result
    }

    /// `partners`, per place (`places`, one per record of `candidates`; one place for all when nil):
    /// `[[a, b]: [value of b: [place: the values of a on that place's records carrying it]]]`.
    static func placedPartners(_ kinds: Set<String>, candidates: [[IDCandidate]], places: [String]?, hostNames: Set<String>)
        -> [[String]: [String: [String: Set<String>]]] {
        var partners: [[String]: [String: [String: Set<String>]]] = [:]
        for (index, record) in candidates.enumerated() {
            var values: [String: [String]] = [:]
            for c in record where kinds.contains(c.kind) && !hostNames.contains(c.value) { values[c.kind, default: []].append(c.value) }
            guard values.count > 1 else { continue }
            let place = places?[index] ?? ""
            for (a, aValues) in values {
                for (b, bValues) in values where a != b {
                    for v in bValues { partners[[a, b], default: [:]][v, default: [:]][place, default: []].formUnion(aValues) }
                }
            }
        }
        return partners
    }

    /// For two kinds `a`, `b` of `kinds` seen together on records, `[[a, b]: [value of b: the values of
    /// a on the records carrying it]]` (host names left out).
    static func partners(_ kinds: Set<String>, candidates: [[IDCandidate]], hostNames: Set<String>) -> [[String]: [String: Set<String>]] {
        placedPartners(kinds, candidates: candidates, places: nil, hostNames: hostNames).mapValues { byValue in
            byValue.mapValues { byPlace in byPlace.values.reduce(into: Set<String>()) { $0.formUnion($1) } }
        }
    }

    /// For each kind of `kinds` that groups another one's values (see rule 10; over at least `minValues`
    /// of its values, the finer kind's going with at most `maxFinerMean` of its on average): the finer
    /// kind it is coarser than (the one its values go with most of, then the first by name) and that average.
    /// Values of the finer kind seen together on a record count once (`valueGroups`): a task id logged
    /// beside a trace id and its span id goes with one execution, not two. Those of the coarser kind
    /// count each: one of its values beside several of the finer kind's condemns it. With `times` (kind →
    /// value → its first and last record's time), where the coarser kind is also written on places the
    /// finer is not (carried past the finer's hops: a ride's id on the API that calls the geo service),
    /// values of the finer kind on one place whose times overlap count once too: calls one request sent
    /// together (a hedge to two replicas, a fan-out to shards), each with its own request id. The requests
    /// of one parcel or session, one after the other, come apart; two consumers' counters, on their one
    /// service, go on counting each.
    static func coarserKinds(_ kinds: Set<String>, candidates: [[IDCandidate]], hostNames: Set<String>, shared: Set<ExecutionID> = [],
                             minValues: Int = 3, maxFinerMean: Double = 1.2, places: [String]? = nil,
                             times: [String: [String: ClosedRange<Int64>]] = [:]) -> [String: (String, Double)] {
        let partners = Self.partners(kinds, candidates: candidates, hostNames: hostNames)
        let groups = Self.valueGroups(kinds, candidates: candidates, hostNames: hostNames, shared: shared)
        let placed = places.map { Self.placedPartners(kinds, candidates: candidates, places: $0, hostNames: hostNames) }
        // Per kind, the places its values were written on.
        var placesOf: [String: Set<String>] = [:]
        if let places {
            for (index, record) in candidates.enumerated() {
                for c in record where kinds.contains(c.kind) && !hostNames.contains(c.value) { placesOf[c.kind, default: []].insert(places[index]) }
            }
        }
        /// Per value of b, how many values of a go with it (`grouped`: how many groups of them; with `places`,
        /// on the place where it goes with the most; values of a whose times overlap count once where b is
        /// also written on places a is not, carried past a's hops).
        func ratio(_ a: String, _ b: String, grouped: Bool) -> (values: Int, mean: Double, many: Int)? {
            guard let map = partners[[a, b]], !map.isEmpty else { return nil }
            let carried = !(placesOf[b] ?? []).isSubset(of: placesOf[a] ?? [])
            func count(_ values: Set<String>) -> Int {
                grouped ? Self.executions(values, groups: groups[a] ?? [:], times: carried ? times[a] ?? [:] : [:]) : values.count
            }
            let counts = map.map { value, values in
                guard grouped, let byPlace = placed?[[a, b]]?[value] else { return count(values) }
                return byPlace.values.map(count).max() ?? count(values)
            }
            return (map.count, Double(counts.reduce(0, +)) / Double(map.count), counts.filter { $0 >= 2 }.count)
        }
        /// Whether most of b's values going with two or more values of a open before them, close after
        /// them and are at least half filled by them (`fillsItsWhole`).
        func whole(_ b: String, of a: String) -> Bool {
            guard let map = partners[[a, b]], let own = times[b], let parts = times[a] else { return false }
            var many = 0, filled = 0
            for (value, values) in map where values.count >= 2 {
                many += 1
                if let span = own[value], Self.fillsItsWhole(span, parts: values.compactMap { parts[$0] }) { filled += 1 }
            }
            return many > 0 && filled * 2 > many
        }
        var coarser: [String: (String, Double)] = [:]
        for b in kinds.sorted() {
            // Two or more on average, or for most of its values: two hosts' counters (`mqttId=1` on each) go
            // with two values where both hosts reached them, one where only the busier did.
            for a in kinds.sorted() where a != b {
                guard let down = ratio(a, b, grouped: true), down.values >= minValues, down.mean >= 2 || down.many * 2 > down.values,
                      let up = ratio(b, a, grouped: false), up.mean <= maxFinerMean, !whole(b, of: a)
                else { continue }
                if let best = coarser[b], best.1 >= down.mean { continue }
                coarser[b] = (a, down.mean)
            }
        }
        return coarser
    }

    /// Whether the work `span` (a value's first to last record) is one whose `parts` (the spans of the
    /// values of another kind it goes with, two or more) lie inside it, the work reaching beyond them
    /// (opened before the first or closed after the last: records of its own), and together cover at
    /// least half of it: a build's jobs within the build, not a session's requests with idle time
    /// between them, nor counters whose every record is a message's.
    static func fillsItsWhole(_ span: ClosedRange<Int64>, parts: [ClosedRange<Int64>]) -> Bool {
        guard parts.count >= 2, let first = parts.map(\.lowerBound).min(), let last = parts.map(\.upperBound).max(),
              span.lowerBound < first || span.upperBound > last else { return false }
        let covered = merged(parts).reduce(Int64(0)) { $0 + ($1.upperBound - $1.lowerBound) }
        return covered * 2 >= span.upperBound - span.lowerBound
    }

    /// `spans` with those that overlap merged, in time order.
    static func merged(_ spans: [ClosedRange<Int64>]) -> [ClosedRange<Int64>] {
        var result: [ClosedRange<Int64>] = []
        for span in spans.sorted(by: { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }) {
            if let last = result.last, span.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound...Swift.max(last.upperBound, span.upperBound)
            } else {
                result.append(span)
            }
        }
        return result
    }

    /// How many executions `values` of one kind stand for: values of one group (`groups`, value → its
    /// group's representative) count once, and so do groups whose times (`times`, the first and last
    /// record of each value) overlap. Untimed groups count each.
    static func executions(_ values: Set<String>, groups: [String: String], times: [String: ClosedRange<Int64>]) -> Int {
        var spans: [String: ClosedRange<Int64>] = [:]
        var untimed = Set<String>()
        for value in values {
            let group = groups[value] ?? value
            guard let t = times[value] else {
                untimed.insert(group)
                continue
            }
            spans[group] = spans[group].map { Swift.min($0.lowerBound, t.lowerBound)...Swift.max($0.upperBound, t.upperBound) } ?? t
        }
        return merged(Array(spans.values)).count + untimed.subtracting(spans.keys).count
    }

    /// Most values of one kind on a record for them to be grouped (`valueGroups`).
    static let maxGroupedValues = 3

    /// Per kind of `kinds`, each value's group (a representative value): values of one kind on one
    /// record, and so on through the records that join them, are one execution's (a trace id beside its
    /// span ids, as an application logs both on each line), not several (host names left out). Values
    /// shared by many records (`shared`, not used for grouping) join nothing, nor do records carrying more
    /// than `maxGroupedValues` of a kind (a batch naming several).
    static func valueGroups(_ kinds: Set<String>, candidates: [[IDCandidate]], hostNames: Set<String>,
                            shared: Set<ExecutionID> = []) -> [String: [String: String]] {
        var parent: [String: [String: String]] = [:]
        func root(_ kind: String, _ value: String) -> String {
            var top = value
            while let up = parent[kind]?[top], up != top { top = up }
            var node = value
            while let up = parent[kind]?[node], up != top {
                parent[kind]![node] = top
                node = up
            }
            return top
        }
        for record in candidates {
            var first: [String: String] = [:]
            var perKind: [String: Int] = [:]
            for c in record where kinds.contains(c.kind) { perKind[c.kind, default: 0] += 1 }
            for c in record where kinds.contains(c.kind) && !hostNames.contains(c.value) && !shared.contains(c.executionID) {
                if parent[c.kind]?[c.value] == nil { parent[c.kind, default: [:]][c.value] = c.value }
                guard perKind[c.kind]! <= maxGroupedValues, let other = first[c.kind] else {
                    first[c.kind] = c.value
                    continue
                }
                let (x, y) = (root(c.kind, other), root(c.kind, c.value))
                // The smaller value leads, so groups do not depend on the order records come in.
                if x != y { parent[c.kind]![max(x, y)] = min(x, y) }
            }
        }
        var groups: [String: [String: String]] = [:]
        for (kind, values) in parent {
            for value in values.keys { groups[kind, default: [:]][value] = root(kind, value) }
        }
        return groups
    }
}
