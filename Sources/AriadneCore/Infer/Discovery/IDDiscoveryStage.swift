/// The stage before grouping that gives events execution ids when their pattern named none.
///
/// - Without `groupBy`: events are buffered, up to `sampleEvents` or `sampleBytes` (or the end of the
///   input, or `decideAfterWallClock` on a stream), those with ids of their own (a pattern's
///   `execution_ids`) too: discovery may find their ids under another name on the others, and an event
///   already grouped could not take them; when the first `allNamedAfter` events all have ids of their
///   own, the sample ends there (the patterns name every event's ids). Then `IDDiscovery` decides from the
///   buffered events whose pattern named no ids which kinds of candidates are ids, and every event, buffered and later,
///   gets the ids of those kinds (`IDCandidateExtractor`; values that are host or service names
///   excluded) before it is grouped. When patterns named ids on other buffered events (a directory where
///   one file's pattern has `execution_ids` and the others' have none), a kind carrying their values
///   under another name takes their kind (`IDDiscovery.aliases`), so the files join in executions.
///   On a stream (`decideAfterWallClock`), an event with ids of its own passes at once while nothing
///   is buffered. When every sampled event has ids of its own, or no kind is chosen while patterns
///   named ids, events pass through unchanged; when no kind is chosen and none did, `error` is `.noExecutionIDs` and events
///   pass through without ids.
/// - With `groupBy` naming only pattern id kinds: events pass through unchanged (no buffering).
/// - With `groupBy` naming other kinds (or `aliases`, kinds whose values become ids of a `groupBy` kind):
///   after the sample, each must be a field or candidate kind of it (or an id kind its events carry), else
///   `error` is `.unknownGroupBy`, listing the known kinds; events then get the ids of those kinds,
///   whatever their statistics.
/// Memory: the buffer holds at most `sampleEvents` events and about `sampleBytes` of their text, and the
/// values of the pattern ids of at most `sampleEvents` events.
/// Output order is input order.
public final class IDDiscoveryStage {
    /// The options this stage was made with.
    public let options: IDDiscoveryOptions
    private let groupBy: [String]?
    private let wallClock: () -> Int64
    private enum Mode { case buffering, passThrough, annotating }
    private var mode: Mode
    private var buffer: [Event] = []
    private var bufferStart: Int64?
    private var bufferBytes = 0
    /// Buffered events whose pattern named no ids.
    private var withoutIDs = 0
    /// After this many buffered events all with ids of their own, the sample ends.
    static let allNamedAfter = 10_000
    /// Pattern id kinds whose ids are taken off the events (`coarserPatternKinds`).
    private var droppedPatternKinds: Set<String> = []
    /// Values of chosen kinds refused as shared (`IDDiscoveryReport.sharedValues`), by their candidate kind.
    private var sharedValues: Set<ExecutionID> = []
    /// The values of the ids the sampled events' patterns named, by kind.
    private var patternIDs: [String: Set<String>] = [:]
    private var extractor = IDCandidateExtractor()
    /// Kinds chosen as other names of a chosen kind (`IDDiscovery.aliases`): kind → the kind its ids take.
    private var aliases: [String: String] = [:]
    /// Per kind that short ids abbreviate (`IDDiscovery.abbreviations`), the lengths they are cut to.
    private var abbreviated: [String: Set<Int>] = [:]
    /// Per abbreviated kind and length, each prefix of that kind's values seen so far and the one value it
    /// begins (nil when two do). Cleared when it holds `maxPrefixes` entries, so memory stays bounded.
    private var prefixes: [String: [Int: [String: String?]]] = [:]
    private var prefixCount = 0
    /// Kinds rejected on their own whose short values stand for another kind's: only values that expand are ids.
    private var abbreviatingOnly: Set<String> = []
    /// Most prefixes held (`prefixes`).
    static let maxPrefixes = 500_000
    private var hostNames: Set<String> = []
    /// What discovery decided (nil until it ran, and when ids came from the patterns or `groupBy`).
    public private(set) var report: IDDiscoveryReport?
    /// Set when no id could be found or `groupBy` names an unknown kind; the run cannot form executions.
    public private(set) var error: DiscoveryError?
    /// Called once discovery has decided (with `groupBy` it is not called).
    public var onDecision: ((IDDiscoveryReport) -> Void)?

    /// A stage; `groupBy` and `aliases` are `GroupingOptions`'s, `wallClock` gives monotonic nanoseconds.
    public init(options: IDDiscoveryOptions, groupBy: [String]?, aliases: [String: String] = [:],
                wallClock: @escaping () -> Int64 = ExecutionGrouper.monotonicNanoseconds) {
        self.options = options
        self.groupBy = groupBy.map { $0 + aliases.keys.sorted().filter { !$0.isEmpty } }
        self.aliases = groupBy == nil ? [:] : aliases
        self.wallClock = wallClock
        let extra = self.groupBy?.filter { !options.patternKinds.contains($0) } ?? []
        mode = groupBy != nil && extra.isEmpty ? .passThrough : .buffering
    }

    /// Whether events are still being buffered for the decision.
    public var isBuffering: Bool { mode == .buffering }

    /// Adds one event; returns the events ready for grouping, in input order.
    public func add(_ event: Event) -> [Event] {
        switch mode {
        case .passThrough:
            return [event]
        case .annotating:
            return [annotate(event, with: extractor.candidates(in: event))]
        case .buffering:
            if groupBy == nil {
                // On a stream, an event with ids of its own goes on while nothing is held: a patterned
                // stream is not held for minutes (it cannot take ids discovered later).
                if options.decideAfterWallClock != nil, buffer.isEmpty, !event.executionIDs.isEmpty { return [event] }
                for id in event.executionIDs { patternIDs[id.kind, default: []].insert(id.value) }
                if event.executionIDs.isEmpty { withoutIDs += 1 }
            }
            if buffer.isEmpty, options.decideAfterWallClock != nil { bufferStart = wallClock() }
            buffer.append(event)
            bufferBytes += event.message.utf8.count + event.fields.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count }
            // Patterns that named the ids of every one of the first events (HDFS's blocks) name them all:
            // nothing to discover, and no need to hold more.
            let allNamed = groupBy == nil && withoutIDs == 0 && buffer.count >= Self.allNamedAfter
            return allNamed || buffer.count >= options.sampleEvents || bufferBytes >= options.sampleBytes ? decide() : []
        }
    }

    /// At the end of the input: decides if still buffering; returns the buffered events.
    public func finish() -> [Event] {
        mode == .buffering ? decide() : []
    }

    /// On a stream: decides when the first buffered event is older than `decideAfterWallClock`.
    public func closeIdle() -> [Event] {
        guard mode == .buffering, let limit = options.decideAfterWallClock, let start = bufferStart,
              wallClock().exceeds(start, by: limit) else { return [] }
        return decide()
    }

    private func decide() -> [Event] {
        let events = buffer
        buffer = []
        bufferStart = nil
        bufferBytes = 0
        withoutIDs = 0
        mode = .passThrough
        let known = patternIDs
        patternIDs = [:]
        // The statistics are of the events without ids of their own (every event with `groupBy`), or
        // whose patterns' ids are all of few values (a daemon's pid: its records' own ids are to be found).
        let few = groupBy == nil && !known.isEmpty ? Self.fewValuedKinds(Set(known.keys), in: events, options: options) : []
        let sample = groupBy == nil && !known.isEmpty
            ? events.filter { $0.executionIDs.allSatisfy { few.contains($0.kind) } } : events
        guard !sample.isEmpty else { return events }
        hostNames = groupBy == nil ? IDStatistics.hostNames(of: events) : []
        let candidates = sample.map { IDCandidateExtractor().candidates(in: $0) }
        var statistics = IDStatistics(hostNames: hostNames)
        for (event, found) in zip(sample, candidates) { statistics.add(event, candidates: found) }
        var files: [String] = []
        for event in sample where files.last != event.source.file && !files.contains(event.source.file) {
            files.append(event.source.file)
        }
        var chosen: Set<String>
        // Fields of records with pattern ids that carry a chosen kind under another name (`linkingFields`).
        var linking: Set<String> = []
        if let groupBy {
            let eventKinds = Set(events.flatMap { $0.executionIDs.map(\.kind) })
            let candidateKinds = Set(statistics.kinds.keys)
            let extra = groupBy.filter { !options.patternKinds.contains($0) && !eventKinds.contains($0) }
            let unknown = extra.filter { !candidateKinds.contains($0) }
            if !unknown.isEmpty {
                error = .unknownGroupBy(kinds: unknown, inInput: eventKinds.union(candidateKinds).sorted(),
                                        patternKinds: options.patternKinds.sorted(), files: files, sampledEvents: events.count)
                return events
            }
            chosen = Set(extra)
        } else {
            var report = IDDiscovery.decide(statistics, candidates: candidates, options: options, patternIDs: known,
                                            sampledEvents: events.count, places: sample.map(IDDiscovery.place))
            chosen = Set(report.chosenKinds)
            abbreviatingOnly = Set(report.abbreviatingKinds)
            for decision in report.kinds {
                aliases[decision.kind] = decision.aliasOf
                if let length = decision.abbreviates { abbreviated[decision.aliasOf ?? decision.kind, default: []].insert(length) }
            }
            if sample.count < events.count {
                for decision in Self.linkingFields(of: events.filter { !$0.executionIDs.isEmpty }, chosen: chosen, aliases: aliases,
                                                   statistics: statistics) {
                    aliases[decision.kind] = decision.aliasOf
                    chosen.insert(decision.kind)
                    linking.insert(decision.kind)
                    report.kinds.append(decision)
                }
            }
            if !known.isEmpty, !chosen.isEmpty {
                var dropped = coarserPatternKinds(Set(known.keys), chosen: chosen, in: events, statistics: statistics)
                // A kind of few values that also lives long is a daemon's process whatever else is found on
                // its records (a proxy's syslog pid on every request line, which no chosen id shares): its
                // one execution would merge every request the daemon logged.
                for kind in few.intersection(Self.longLivedKinds(few, in: events, maxSpan: options.maxSpan)).sorted()
                    where dropped[kind] == nil {
                    dropped[kind] = "few values, each spanning most of the sample: a long-running process, not a request"
                }
                report.patternKindsDropped = dropped.isEmpty ? nil : dropped
                droppedPatternKinds = Set(dropped.keys)
            }
            sharedValues = Self.sharedValues(of: chosen, statistics, maxSpan: options.maxSpan, candidates: candidates)
            if !sharedValues.isEmpty {
                var byKind: [String: [String]] = [:]
                for id in sharedValues { byKind[aliases[id.kind] ?? id.kind, default: []].append(id.value) }
                report.sharedValues = byKind.mapValues { $0.sorted() }
            }
            self.report = report
            onDecision?(report)
            if chosen.isEmpty {
                if known.isEmpty { error = .noExecutionIDs(files: files, report: report) }
                return events
            }
        }
        let read = chosen.union(abbreviatingOnly)
        extractor = IDCandidateExtractor(kinds: read, sources: Self.sources(of: read, statistics).union(linking.isEmpty ? [] : [.field]))
        mode = .annotating
        // The sample's full values are known before any of its short ids is read, in whatever order its files came.
        for (kind, _) in abbreviated {
            for (other, stats) in statistics.kinds where other == kind || aliases[other] == kind {
                for value in stats.values.keys { learnPrefixes(of: value, kind: kind) }
            }
        }
        guard sample.count == events.count else { return events.map { annotate($0, with: extractor.candidates(in: $0)) } }
        return zip(events, candidates).map { annotate($0, with: $1.filter { read.contains($0.kind) }) }
    }

    /// The fields of records whose patterns named their ids (left out of the sample) that carry a chosen
    /// kind's values under another name: a payment's `txn_id` beside its `request_id`, where the risk
    /// service logs only `txn=`. Each is that kind on those records (`aliasOf`), the link between the
    /// request and the work done under the other id; without it, each request the other id's records
    /// outlived split in two. Its values (of six characters or more) must be that kind's in the sample for
    /// half of them, four at least, as `IDDiscovery.bridges` asks of a kind under another name.
    static func linkingFields(of records: [Event], chosen: Set<String>, aliases: [String: String],
                              statistics: IDStatistics) -> [IDDiscoveryReport.KindDecision] {
        guard !chosen.isEmpty, !records.isEmpty else { return [] }
        let patternKinds = Set(records.flatMap { $0.executionIDs.map(\.kind) })
        var found: [String: (values: Set<String>, records: Int, hosts: Set<String>)] = [:]
        let fields = IDCandidateExtractor(sources: [.field])
        for record in records {
            for candidate in fields.candidates(in: record) where !chosen.contains(candidate.kind) && !patternKinds.contains(candidate.kind)
                && candidate.value.utf8.count >= 6 {
                found[candidate.kind, default: ([], 0, [])].values.insert(candidate.value)
                found[candidate.kind]!.records += 1
                found[candidate.kind]!.hosts.insert(record.host ?? record.service ?? "")
            }
        }
        var known: [String: Set<String>] = [:]
        for (kind, stats) in statistics.kinds where chosen.contains(kind) {
            known[aliases[kind] ?? kind, default: []].formUnion(stats.values.keys.filter { $0.utf8.count >= 6 })
        }
        var links: [IDDiscoveryReport.KindDecision] = []
        for kind in found.keys.sorted() {
            let (values, count, hosts) = found[kind]!
            guard values.count >= 4,
                  let target = known.keys.sorted().max(by: { known[$0]!.intersection(values).count < known[$1]!.intersection(values).count }),
                  case let shared = known[target]!.intersection(values).count, shared >= 4, shared * 2 >= values.count else { continue }
            var decision = IDDiscoveryReport.KindDecision(
                kind: kind, source: .field, records: count, values: values.count,
                recordsPerValue: (Double(count) / Double(values.count) * 10).rounded() / 10, hosts: hosts.count, span: nil,
                chosen: true, reason: nil)
            decision.aliasOf = target
            links.append(decision)
        }
        return links
    }

    /// Notes `value` of `kind` under each prefix length its short ids are cut to.
    private func learnPrefixes(of value: String, kind: String) {
        guard let lengths = abbreviated[kind], IDDiscovery.hexLength(value) != nil else { return }
        let digits = IDDiscovery.hexDigits(value)
        for length in lengths where digits.count > length {
            let prefix = String(digits.prefix(length))
            if prefixCount >= Self.maxPrefixes {
                prefixes = [:]
                prefixCount = 0
            }
            if let known = prefixes[kind]?[length]?[prefix] {
                if known != value { prefixes[kind]![length]![prefix] = .some(nil) }
            } else {
                prefixes[kind, default: [:]][length, default: [:]][prefix] = .some(value)
                prefixCount += 1
            }
        }
    }

    /// The id of `kind` a short `value` stands for: the one value seen that it begins, when its length is
    /// one `kind`'s short ids are cut to; `value` itself otherwise.
    private func expanded(_ value: String, kind: String) -> String {
        guard let lengths = abbreviated[kind], let length = IDDiscovery.hexLength(value), lengths.contains(length),
              let full = prefixes[kind]?[length]?[IDDiscovery.hexDigits(value)], let full else { return value }
        return full
    }

    /// Where the ids of `chosen` are looked for: where the sample showed them, a field and a message's
    /// `key=value` alike (`mid` is a JSON field in one layout, `mid=` in another's message).
    static func sources(of chosen: Set<String>, _ statistics: IDStatistics) -> Set<IDCandidate.Source> {
        var sources = chosen.reduce(into: Set<IDCandidate.Source>()) { $0.formUnion(statistics.kinds[$1]?.sources ?? []) }
        if !sources.isDisjoint(with: [.field, .messageKey]) { sources.formUnion([.field, .messageKey]) }
        return sources
    }

    /// The patterns' id kinds that group the chosen kinds' executions rather than name them: long-lived
    /// (a value's median span over `maxSpan` of the sample, as discovery's rule 9) and coarser than a
    /// chosen kind (rule 10 on the events with ids of their own, from one value on: a daemon's pid, which
    /// a syslog pattern names, on every reading its gateway forwards; a reading may pass two daemons, so
    /// its `mid=` may go with two pids). Kind → why. Their ids would join every execution of the process.
    private func coarserPatternKinds(_ patternKinds: Set<String>, chosen: Set<String>, in events: [Event],
                                     statistics: IDStatistics) -> [String: String] {
        let restricted = IDCandidateExtractor(kinds: chosen, sources: Self.sources(of: chosen, statistics))
        let records = events.filter { !$0.executionIDs.isEmpty }.map { event in
            event.executionIDs.map { IDCandidate(kind: $0.kind, value: $0.value, source: .field) }
                + restricted.candidates(in: event).map { IDCandidate(kind: aliases[$0.kind] ?? $0.kind, value: $0.value, source: $0.source) }
        }
        let kinds = patternKinds.union(chosen.map { aliases[$0] ?? $0 })
        var dropped: [String: String] = [:]
        let longLived = Self.longLivedKinds(patternKinds, in: events, maxSpan: options.maxSpan)
        let coarser = IDDiscovery.coarserKinds(kinds, candidates: records, hostNames: hostNames, minValues: 1, maxFinerMean: .infinity)
        for (kind, (finer, ratio)) in coarser where longLived.contains(kind) && !patternKinds.contains(finer) {
            dropped[kind] = "coarser than \(finer): a value goes with \(IDDiscoveryReport.KindDecision.decimal(ratio)) \(finer) values"
        }
        return dropped
    }

    /// Of `kinds`, those discovery would reject for their values alone (rules 6 and 7), on `minRecords`
    /// records at least: fewer values than `minValues` or a quarter of the square root of their records,
    /// or one value on more than `maxTopValueShare` of them. A syslog pattern's pid of a proxy that logs
    /// every request.
    static func fewValuedKinds(_ kinds: Set<String>, in events: [Event], options: IDDiscoveryOptions) -> Set<String> {
        var counts: [String: [String: Int]] = [:]
        for event in events {
            for id in event.executionIDs where kinds.contains(id.kind) { counts[id.kind, default: [:]][id.value, default: 0] += 1 }
        }
        return Set(counts.filter { _, values in
            let records = values.values.reduce(0, +)
            guard records >= options.minRecords else { return false }
            let fewest = max(options.minValues, Int((Double(records).squareRoot() / 4).rounded(.up)))
            return values.count < fewest || Double(values.values.max() ?? 0) > Double(records) * options.maxTopValueShare
        }.keys)
    }

    /// Of `kinds`, those whose values' median span (over the values on two records or more) is more
    /// than `maxSpan`: a value's span is, in each input file, the share of that file's sampled events
    /// from its first record to its last, the largest over the files (by position, so files whose
    /// clocks disagree, or a year-less syslog, compare alike).
    static func longLivedKinds(_ kinds: Set<String>, in events: [Event], maxSpan: Double) -> Set<String> {
        var positions: [String: Int] = [:]
        var ranges: [ExecutionID: [String: ClosedRange<Int>]] = [:]
        var records: [ExecutionID: Int] = [:]
        for event in events {
            let file = event.source.file, position = positions[file, default: 0]
            positions[file] = position + 1
            for id in event.executionIDs where kinds.contains(id.kind) {
                records[id, default: 0] += 1
                let range = ranges[id]?[file].map { min($0.lowerBound, position)...max($0.upperBound, position) } ?? position...position
                ranges[id, default: [:]][file] = range
            }
        }
        var spans: [String: [Double]] = [:]
        for (id, files) in ranges where records[id, default: 0] >= 2 {
            let widest = files.map { file, range in
                Double(range.upperBound - range.lowerBound) / Double(max(1, positions[file, default: 1] - 1))
            }.max() ?? 0
            spans[id.kind, default: []].append(widest)
        }
        return Set(spans.filter { $0.value.sorted()[$0.value.count / 2] > maxSpan }.keys)
    }

    /// Values of the `chosen` kinds that bridge executions rather than name one:
    /// - shared: on at least `sharedMinRecords` records and `sharedRecordFactor` times the median records
    ///   of their kind's values, spanning more than `maxSpan` of the sample (a table's or a deployment's
    ///   UUID beside each query's);
    /// - reused: in a kind whose values each last a moment (their median span at most `maxSpan` over
    ///   `reusedSpanFactor`), spanning more than half `maxSpan`, on records carrying values of another
    ///   chosen kind (`candidates`, the sample's) in `reusedPartners` or more stretches of time apart:
    ///   an address the allocator hands out again (Ceph's `beast: 0x7f…:` among hex trace ids, beside a
    ///   video id per use), a pooled connection's id. A request retried after a long wait keeps its other
    ///   ids, and a build its rebuild names again is used twice: neither is one.
    static func sharedValues(of chosen: Set<String>, _ statistics: IDStatistics, maxSpan: Double,
                             candidates: [[IDCandidate]]) -> Set<ExecutionID> {
        var shared = Set<ExecutionID>()
        var suspects = Set<ExecutionID>()
        for kind in chosen {
            guard let stats = statistics.kinds[kind], stats.values.count >= 3 else { continue }
            let counts = stats.values.values.map(\.records).sorted()
            let median = counts[counts.count / 2]
            let spans = stats.values.values.filter { $0.records >= 2 }.map { statistics.span(of: $0) }.sorted()
            let brief = !spans.isEmpty && spans[spans.count / 2] * reusedSpanFactor <= maxSpan
            for (value, v) in stats.values {
                let span = statistics.span(of: v)
                if span > maxSpan, v.records >= sharedMinRecords, v.records >= sharedRecordFactor * median {
                    shared.insert(ExecutionID(kind: kind, value: value))
                } else if brief, span > maxSpan / 2, v.records >= reusedPartners {
                    suspects.insert(ExecutionID(kind: kind, value: value))
                }
            }
        }
        guard !suspects.isEmpty else { return shared }
        var partners: [ExecutionID: [String: Set<String>]] = [:]
        for record in candidates {
            let here = record.filter { suspects.contains($0.executionID) }
            guard !here.isEmpty else { continue }
            for suspect in here {
                // Another suspect's values are not counted: a request retried on a reused address is not itself reused.
                for other in record where other.kind != suspect.kind && chosen.contains(other.kind) && !suspects.contains(other.executionID) {
                    partners[suspect.executionID, default: [:]][other.kind, default: []].insert(other.value)
                }
            }
        }
        // Each use is another stretch of time: the partners' values, those whose times overlap counted once
        // (a build referenced again by its rebuild is two uses, its jobs one).
        let times = statistics.valueTimes(of: Set(partners.values.flatMap(\.keys)))
        for (id, byKind) in partners where byKind.contains(where: { kind, values in
            values.count >= reusedPartners && IDDiscovery.executions(values, groups: [:], times: times[kind] ?? [:]) >= reusedPartners
        }) {
            shared.insert(id)
        }
        return shared
    }

    /// Records a shared value is on at least (`sharedValues`).
    static let sharedMinRecords = 20
    /// How many times its kind's median records a shared value is on at least.
    static let sharedRecordFactor = 10
    /// A kind's values last a moment when their median span is at most `maxSpan` over this.
    static let reusedSpanFactor = 10.0
    /// Stretches of time a reused value's records carry another chosen kind's values in, at least.
    static let reusedPartners = 3

    private func annotate(_ event: Event, with candidates: [IDCandidate]) -> Event {
        var annotated = event
        if !droppedPatternKinds.isEmpty { annotated.executionIDs.removeAll { droppedPatternKinds.contains($0.kind) } }
        for candidate in candidates {
            if groupBy == nil, hostNames.contains(candidate.value) || candidate.value == event.host
                || candidate.value == event.service { continue }
            if !sharedValues.isEmpty, sharedValues.contains(candidate.executionID) { continue }
            var id = aliases[candidate.kind].map { ExecutionID(kind: $0, value: candidate.value) } ?? candidate.executionID
            if !abbreviated.isEmpty, abbreviated[id.kind] != nil {
                let full = expanded(id.value, kind: id.kind)
                // A kind used only for its short values (another host's threads under its name): no other value is an id.
                if abbreviatingOnly.contains(candidate.kind), full == id.value { continue }
                id.value = full
                learnPrefixes(of: id.value, kind: id.kind)
            }
            if !annotated.executionIDs.contains(id) { annotated.executionIDs.append(id) }
        }
        return annotated
    }
}
