/// The stage before grouping that gives events execution ids when their pattern named none.
///
/// - Without `groupBy`: events are sampled, up to `sampleEvents` or `sampleBytes` (or the end of the
///   input, or `decideAfterWallClock` on a stream): those with ids of their own (a pattern's
///   `execution_ids`) pass on at once while nothing is buffered, the others are buffered, and every
///   event after a buffered one too (output order is input order). Then `IDDiscovery` decides from the
///   buffered events whose pattern named no ids which kinds of candidates are ids, and every event, buffered and later,
///   gets the ids of those kinds (`IDCandidateExtractor`; values that are host or service names
///   excluded) before it is grouped. When patterns named ids on other buffered events (a directory where
///   one file's pattern has `execution_ids` and the others' have none), a kind carrying their values
///   under another name takes their kind (`IDDiscovery.aliases`), so the files join in executions.
///   When no event is buffered, or no kind is chosen while patterns named ids, events pass
///   through unchanged; when no kind is chosen and none did, `error` is `.noExecutionIDs` and events
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
    /// The values of the ids the sampled events' patterns named, by kind.
    private var patternIDs: [String: Set<String>] = [:]
    /// Events seen while sampling, passed on or buffered.
    private var sampled = 0
    private var extractor = IDCandidateExtractor()
    /// Kinds chosen as other names of a chosen kind (`IDDiscovery.aliases`): kind → the kind its ids take.
    private var aliases: [String: String] = [:]
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
            sampled += 1
            if groupBy == nil, !event.executionIDs.isEmpty {
                for id in event.executionIDs { patternIDs[id.kind, default: []].insert(id.value) }
                // Nothing held back: an event with ids of its own goes on at once, in input order.
                if buffer.isEmpty { return sampled >= options.sampleEvents ? [event] + decide() : [event] }
            }
            if buffer.isEmpty, options.decideAfterWallClock != nil { bufferStart = wallClock() }
            buffer.append(event)
            bufferBytes += event.message.utf8.count + event.fields.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count }
            return sampled >= options.sampleEvents || bufferBytes >= options.sampleBytes ? decide() : []
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
        let sampledEvents = sampled
        sampled = 0
        mode = .passThrough
        let known = patternIDs
        patternIDs = [:]
        // The statistics are of the events without ids of their own (every event with `groupBy`).
        let sample = groupBy == nil && !known.isEmpty ? events.filter(\.executionIDs.isEmpty) : events
        guard !sample.isEmpty else { return events }
        hostNames = groupBy == nil ? IDStatistics.hostNames(of: events) : []
        let candidates = sample.map { IDCandidateExtractor().candidates(in: $0) }
        var statistics = IDStatistics(hostNames: hostNames)
        for (event, found) in zip(sample, candidates) { statistics.add(event, candidates: found) }
        var files: [String] = []
        for event in sample where files.last != event.source.file && !files.contains(event.source.file) {
            files.append(event.source.file)
        }
        let chosen: Set<String>
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
            let report = IDDiscovery.decide(statistics, candidates: candidates, options: options, patternIDs: known,
                                            sampledEvents: sampledEvents)
            self.report = report
            onDecision?(report)
            chosen = Set(report.chosenKinds)
            for decision in report.kinds { aliases[decision.kind] = decision.aliasOf }
            if chosen.isEmpty {
                if known.isEmpty { error = .noExecutionIDs(files: files, report: report) }
                return events
            }
        }
        let sources = chosen.reduce(into: Set<IDCandidate.Source>()) { $0.formUnion(statistics.kinds[$1]?.sources ?? []) }
        extractor = IDCandidateExtractor(kinds: chosen, sources: sources)
        mode = .annotating
        guard sample.count == events.count else { return events.map { annotate($0, with: extractor.candidates(in: $0)) } }
        return zip(events, candidates).map { annotate($0, with: $1.filter { chosen.contains($0.kind) }) }
    }

    private func annotate(_ event: Event, with candidates: [IDCandidate]) -> Event {
        var annotated = event
        for candidate in candidates {
            if groupBy == nil, hostNames.contains(candidate.value) || candidate.value == event.host
                || candidate.value == event.service { continue }
            let id = aliases[candidate.kind].map { ExecutionID(kind: $0, value: candidate.value) } ?? candidate.executionID
            if !annotated.executionIDs.contains(id) { annotated.executionIDs.append(id) }
        }
        return annotated
    }
}
