import Dispatch
import Glibc

/// Options of a parse run.
public struct ParseOptions: Sendable {
    /// Use this pattern for every input instead of detecting one.
    public var pattern: LogPattern?
    /// Candidates for detection.
    public var library: [LogPattern]
    /// Worker threads for large inputs (1 disables parallel parsing).
    public var threads: Int
    /// Longest line kept whole, in bytes; longer lines are cut and counted.
    public var maxLineBytes: Int
    /// Bytes each worker parses at a time (1 MiB by default: two batches of events in flight, each
    /// about seven thousand HDFS lines per worker, hold tens of megabytes rather than hundreds).
    public var chunkBytes: Int
    /// For live streams (stdin): milliseconds to wait for input before handing on what was parsed; an
    /// open record of a one-line pattern (`continuation: none`) is then complete.
    public var idleFlushMilliseconds: Int32
    /// Lines sampled to detect a format.
    public var detectionLines: Int
    /// Most bytes read for the detection sample, so a few very long lines cannot make it slow.
    public var detectionBytes: Int
    /// Whether the pattern's event rules name events; false types every message by template masking.
    public var eventRules: Bool
    /// Whether a mined event type is a service and a template (the default), or the template alone
    /// (loghub's ground truth types content alone, so accuracy is measured that way).
    public var typesPerService: Bool
    /// Where events' hosts come from (`--host-from`).
    public var hostOrigin: HostOrigin
    /// The host each input's file name names, by input name, for one file per host (see
    /// `HostNaming.fileHosts`); records without a host of their own get it.
    public var fileHosts: [String: String]
    /// Every input of the run, in the order they are read: an input whose times say no year (or no
    /// day) is dated by the first later one that dates its own when no earlier one did.
    public var inputs: [InputSource] = []
    /// Whether an input no shipped pattern fits well gets a layout inferred from its own lines (see
    /// `LayoutInferrer`) instead of the generic fallback.
    public var inferLayouts: Bool

    /// Options; see each property.
    public init(pattern: LogPattern? = nil, library: [LogPattern], threads: Int = 2, maxLineBytes: Int = 16 << 20,
                chunkBytes: Int = 1 << 20, idleFlushMilliseconds: Int32 = 200, detectionLines: Int = 64,
                detectionBytes: Int = 4 << 20, eventRules: Bool = true, inferLayouts: Bool = true,
                typesPerService: Bool = true, hostOrigin: HostOrigin = .auto, fileHosts: [String: String] = [:]) {
        self.pattern = pattern
        self.library = library
        self.threads = max(1, threads)
        self.maxLineBytes = max(1024, maxLineBytes)
        self.chunkBytes = max(64 << 10, chunkBytes)
        self.idleFlushMilliseconds = idleFlushMilliseconds
        self.detectionLines = detectionLines
        self.detectionBytes = max(1, detectionBytes)
        self.eventRules = eventRules
        self.typesPerService = typesPerService
        self.hostOrigin = hostOrigin
        self.fileHosts = fileHosts
        self.inferLayouts = inferLayouts
    }
}

/// Parses inputs into events, in input order, calling the sink as each event completes.
///
/// Passes, in order: (1) read bytes and cut them into complete lines; (2) on each worker, classify
/// lines against the record pattern and build the events of the records that end inside the chunk;
/// (3) on the calling thread, join records that cross chunk boundaries, give unnamed messages their
/// template type (the miner is order-dependent, so this pass is sequential), count, and emit. Pass 2
/// runs in parallel because it is where the time goes; pass 3 is sequential because its results
/// depend on order and the output must be deterministic. For files, pass 3 of one batch overlaps
/// pass 2 of the next (two sets of parsers alternate); live streams run the passes in turn on the
/// calling thread so each event is emitted as soon as it completes.
public final class ParseSession {
    /// The options the session was made with.
    public let options: ParseOptions
    /// Statistics so far.
    public private(set) var stats = ParseStats()
    /// Called now and then on long runs with bytes and lines read so far.
    public var progress: ((_ bytes: Int, _ lines: Int) -> Void)?
    /// Called on live streams after each batch of events has been emitted, so buffered output can be
    /// flushed while the stream waits for more input.
    public var afterLiveBatch: (() -> Void)?
    /// Called when an input's pattern has been chosen, before its events are emitted.
    public var onInputStart: ((InputStats) -> Void)?
    /// Called for each input skipped, as it is recorded in `stats.skipped` (by `skip(_:)`, or by `parse`
    /// for a binary file a walk found).
    public var onSkip: ((SkippedInput) -> Void)?

    /// Where events go.
    public enum Output {
        /// Each event as a value.
        case events((Event) -> Void)
        /// Each event as its JSON line (see `EventJSON`), encoded on the worker threads where possible.
        case jsonLines((UnsafeBufferPointer<UInt8>) -> Void)
    }

    private let output: Output
    private var miners: [String: TemplateMiner] = [:]
    private let scratch = ByteBuffer()

    /// A session writing to `output`.
    public init(options: ParseOptions, output: Output) {
        self.options = options
        self.output = output
    }

    /// The year of the latest time of the last input read whose times all say their year: inputs read
    /// after it whose times say none (a BSD syslog's `Nov  3 10:00:00` beside ISO times) take it, rather
    /// than 1970 (`LogPattern.takesYearFromOtherInputs`); before any, such an input takes those of the
    /// first of `options.inputs` after it that dates its times (`datesAhead(of:)`). Deterministic.
    private var yearOfDatedInputs: Int?
    /// The earliest and latest times of the inputs read so far that date their times: a time of day
    /// alone in a later input takes the day nearest them.
    private var rangeOfDatedInputs: ClosedRange<Int64>?
    /// The same of the inputs whose times say their day but not their year (read as 1970 when no input
    /// said one): a time of day alone beside them takes their day.
    private var rangeOfDayInputs: ClosedRange<Int64>?
    /// Each later input's first lines as `datesAhead(of:)` and `runZone(besides:)` look at them
    /// (`sampled(_:)`), read at most once a run (nil: they could not be read).
    private var sampledInputs: [String: (pattern: LogPattern, counts: LineCounts)?] = [:]

    /// A session that hands each event to `sink`.
    public convenience init(options: ParseOptions, sink: @escaping (Event) -> Void) {
        self.init(options: options, output: .events(sink))
    }

    private var encodes: Bool {
        if case .jsonLines = output { return true }
        return false
    }

    /// Records inputs skipped before parsing (an `InputExpansion`'s `skipped`) in `stats.skipped`, and
    /// reports each to `onSkip`.
    public func skip(_ skipped: [SkippedInput]) {
        for entry in skipped {
            stats.skipped.append(entry)
            onSkip?(entry)
        }
    }

    /// Parses one input to its end. Errors that stop the input (a truncated archive) are recorded in its
    /// stats and rethrown after what was read before them has been emitted. An input a walk found
    /// (`isDiscovered`) with a NUL byte in its first 8 KiB is binary: it is skipped (see `skip(_:)`)
    /// and gets no `InputStats`.
    public func parse(_ input: InputSource) throws {
        let source = try input.open()
        var reader = LineReader(source: source, maxLineBytes: options.maxLineBytes, live: input.isLive,
                                wait: input.isLive ? options.idleFlushMilliseconds : nil)
        var failure: Error?
        do {
            if input.isDiscovered {
                try reader.probe()
                if reader.binaryHead {
                    skip([SkippedInput(path: input.name, kind: .binary)])
                    return
                }
            }
            try reader.fill(lines: options.detectionLines, bytes: options.detectionBytes)
        } catch {
            failure = error
        }
        // A file that may mix layouts gets a wider sample, so that a source writing few lines is seen.
        var wide: [[UInt8]]?
        if options.pattern == nil, options.inferLayouts, !input.isLive, failure == nil {
            do {
                try reader.fill(lines: MixedLayout.sampleLines, bytes: options.detectionBytes)
            } catch {
                failure = error
            }
            wide = reader.sampleLines(MixedLayout.sampleLines)
        }
        let wrapper = (source as? ContainerLogSource)?.wrapper
        let spread = wide == nil ? nil : input.path.flatMap { SpreadSample.lines(path: $0, covered: reader.bytesRead, wrapper: wrapper) }
        let choice = choosePattern(sample: reader.sampleLines(options.detectionLines), input: input.name, wideSample: wide,
                                   spreadSample: spread, streams: wrapper != nil)
        var inputStats = InputStats(input: input.name, pattern: choice.pattern.name, detected: options.pattern == nil,
                                    detectionShare: options.pattern == nil ? choice.share : nil)
        let fileHost = options.fileHosts[input.name]
        let hostIsThread = fileHost != nil && choice.inferred != nil
            && Self.distinctHosts(sample: reader.sampleLines(options.detectionLines), pattern: choice.pattern) > 1
        inputStats.inferredLayout = choice.inferred.map { layout in
            hostIsThread ? layout.description.replacingOccurrences(of: "[host]", with: "[thread]") : layout.description
        }
        onInputStart?(inputStats)
        let takesDates = choice.pattern.takesYearFromOtherInputs
        var year = takesDates ? yearOfDatedInputs : nil
        var datedRange = takesDates ? rangeOfDatedInputs ?? rangeOfDayInputs : nil
        if takesDates, rangeOfDatedInputs == nil, let ahead = datesAhead(of: input), ahead.hasYear || datedRange == nil {
            // No dated input read before: the first one after it dates it.
            if ahead.hasYear { year = EventJSON.year(ofNanoseconds: ahead.range.upperBound) }
            datedRange = ahead.range
        }
        if takesDates, let own = Self.datesOfMembers(choice.pattern, sample: spread ?? wide ?? []) {
            // A mixed file's year-less layout takes the year of the file's own dated lines first.
            year = EventJSON.year(ofNanoseconds: own.upperBound)
            datedRange = own
        }
        if takesDates, year == nil { inputStats.assumedYear = choice.pattern.year }
        let localZone = writesLocalTime(choice.pattern, sample: reader.sampleLines(options.detectionLines), input: input)
            ? runZone(besides: input) : nil
        if let localZone { inputStats.localZone = TimestampFormat.zoneText(localZone) }
        let makeParser = {
            RecordParser(pattern: choice.pattern, eventRules: self.options.eventRules, hostOrigin: self.options.hostOrigin,
                         fileHost: fileHost, recordHostIsThread: hostIsThread, yearOfOtherInputs: year, datedRange: datedRange,
                         localZone: localZone)
        }
        let miner = self.miner(for: choice.pattern)
        var state = JoinState()
        var parsers: [RecordParser]
        if input.isLive {
            parsers = [makeParser()]
            failure = liveLoop(&reader, failure: failure, parser: parsers[0], miner: miner, file: input.name,
                               state: &state, stats: &inputStats)
            finishOpen(&state, parser: parsers[0], miner: miner, stats: &inputStats)
        } else {
            // Two sets of workers' parsers, so one batch can be parsed while the previous one is joined.
            let sets = (0..<2).map { _ in (0..<options.threads).map { _ in makeParser() } }
            let joinParser = makeParser()
            parsers = sets.flatMap { $0 } + [joinParser]
            failure = fileLoop(&reader, failure: failure, sets: sets, joinParser: joinParser, miner: miner,
                               file: input.name, state: &state, stats: &inputStats)
            finishOpen(&state, parser: joinParser, miner: miner, stats: &inputStats)
        }
        inputStats.bytes = reader.bytesRead
        inputStats.truncatedLines = reader.truncatedLines
        for parser in parsers {
            inputStats.limitHits += parser.counts.limitHits
            inputStats.badTimestamps += parser.counts.badTimestamps
            inputStats.untimedEvents += parser.counts.untimedEvents
            inputStats.hosts.add(parser.counts.hosts)
            inputStats.unmatchedLines += parser.counts.undecodableEvents
            inputStats.recordLines -= parser.counts.undecodableEvents
        }
        if choice.pattern.daysItsTimes, let latest = parsers.compactMap(\.counts.latestTime).max(),
           let earliest = parsers.compactMap(\.counts.earliestTime).min() {
            let widened = { (range: ClosedRange<Int64>?) in min(earliest, range?.lowerBound ?? earliest)...max(latest, range?.upperBound ?? latest) }
            if choice.pattern.datesItsTimes {
                yearOfDatedInputs = EventJSON.year(ofNanoseconds: latest)
                rangeOfDatedInputs = widened(rangeOfDatedInputs)
            } else {
                rangeOfDayInputs = widened(rangeOfDayInputs)
            }
        }
        var zones: [Int64: Int] = [:]
        for parser in parsers { zones.merge(parser.counts.zones, uniquingKeysWith: +) }
        writtenZones[input.name] = Self.zoneWritten(zones: zones, unzoned: parsers.reduce(0) { $0 + $1.counts.unzonedTimes })
        if let failure { inputStats.error = "\(failure)" }
        stats.inputs.append(inputStats)
        if let failure { throw failure }
    }

    /// Live streams: parse what arrives at once, on this thread, so events come out as they complete.
    /// When the pattern's records are one line, the open record completes as soon as the stream goes
    /// idle; when they can have continuation lines (stack traces), it is held until the next record
    /// starts or the stream ends, so its continuation lines join it however late they arrive.
    private func liveLoop(_ reader: inout LineReader, failure: Error?, parser: RecordParser, miner: TemplateMiner,
                          file: String, state: inout JoinState, stats: inout InputStats) -> Error? {
        var failure = failure
        while failure == nil {
            let batch: [[UInt8]]
            let atEnd: Bool
            do {
                (batch, atEnd) = try reader.nextBatch(chunkBytes: options.chunkBytes, chunks: 1)
            } catch {
                failure = error
                break
            }
            for chunk in batch {
                let result = chunk.withUnsafeBufferPointer {
                    parser.parseChunk($0, file: file, firstLine: state.lineBase + 1, hasOpenRecord: state.open != nil,
                                      encode: encodes)
                }
                join(result, state: &state, parser: parser, miner: miner, file: file, stats: &stats)
            }
            if atEnd || (reader.idle && parser.pattern.continuation == .none) {
                finishOpen(&state, parser: parser, miner: miner, stats: &stats)
            }
            progress?(reader.bytesRead, state.lineBase)
            afterLiveBatch?()
            if atEnd { break }
        }
        if failure != nil { joinRemainder(&reader, parser: parser, miner: miner, file: file, state: &state, stats: &stats) }
        return failure
    }

    /// Files: batches of chunks are parsed by the workers while this thread joins and emits the batch
    /// before (a two-stage pipeline; `sets` alternate so a parser is never used by two batches at once).
    private func fileLoop(_ reader: inout LineReader, failure: Error?, sets: [[RecordParser]], joinParser: RecordParser,
                          miner: TemplateMiner, file: String, state: inout JoinState, stats: inout InputStats) -> Error? {
        var failure = failure
        var inFlight: BatchInFlight?
        var nextLine = 1
        var round = 0
        while failure == nil {
            let batch: [[UInt8]]
            let atEnd: Bool
            do {
                (batch, atEnd) = try reader.nextBatch(chunkBytes: options.chunkBytes, chunks: sets[0].count,
                                                      quoted: joinParser.pattern.format == .csv ? joinParser.pattern.delimiter : nil)
            } catch {
                failure = error
                break
            }
            let started = BatchInFlight(batch, parsers: sets[round % 2], file: file, firstLine: nextLine, encode: encodes)
            nextLine += started.lines
            round += 1
            if let previous = inFlight { joinBatch(previous, joinParser: joinParser, miner: miner, file: file, state: &state, stats: &stats) }
            progress?(reader.bytesRead, state.lineBase)
            inFlight = started
            if atEnd { break }
        }
        if let last = inFlight { joinBatch(last, joinParser: joinParser, miner: miner, file: file, state: &state, stats: &stats) }
        if failure != nil { joinRemainder(&reader, parser: joinParser, miner: miner, file: file, state: &state, stats: &stats) }
        return failure
    }

    private func joinBatch(_ batch: BatchInFlight, joinParser: RecordParser, miner: TemplateMiner, file: String,
                           state: inout JoinState, stats: inout InputStats) {
        for result in batch.results() {
            join(result, state: &state, parser: joinParser, miner: miner, file: file, stats: &stats)
        }
    }

    /// After a read error: the complete lines read before it.
    private func joinRemainder(_ reader: inout LineReader, parser: RecordParser, miner: TemplateMiner, file: String,
                               state: inout JoinState, stats: inout InputStats) {
        let tail = reader.remainder()
        guard !tail.isEmpty else { return }
        let result = tail.withUnsafeBufferPointer {
            parser.parseChunk($0, file: file, firstLine: state.lineBase + 1, hasOpenRecord: state.open != nil, encode: encodes)
        }
        join(result, state: &state, parser: parser, miner: miner, file: file, stats: &stats)
    }

    /// The times of the first lines of the first input after `input` in `options.inputs` whose
    /// detected pattern dates its times, else of the first whose times say their day (files only; at
    /// most `datesAheadInputs` are looked at, each at most once a run).
    func datesAhead(of input: InputSource) -> (range: ClosedRange<Int64>, hasYear: Bool)? {
        guard let at = options.inputs.firstIndex(of: input) else { return nil }
        var day: (range: ClosedRange<Int64>, hasYear: Bool)?
        for next in options.inputs[(at + 1)...].prefix(Self.datesAheadInputs) where !next.isLive && next.path != nil {
            guard let found = dates(of: next) else { continue }
            if found.hasYear { return found }
            day = day ?? found
        }
        return day
    }

    /// The times of `input`'s first lines, read with the pattern it is detected as, when that pattern
    /// says their day.
    private func dates(of input: InputSource) -> (range: ClosedRange<Int64>, hasYear: Bool)? {
        guard let (pattern, counts) = sampled(input), pattern.daysItsTimes,
              let earliest = counts.earliestTime, let latest = counts.latestTime else { return nil }
        return (earliest...latest, pattern.datesItsTimes)
    }

    /// `input`'s first lines parsed with the pattern it is detected as (as its own turn would detect it,
    /// without keeping an inferred layout for the directory yet), once a run.
    private func sampled(_ input: InputSource) -> (pattern: LogPattern, counts: LineCounts)? {
        if let known = sampledInputs[input.name] { return known }
        var result: (pattern: LogPattern, counts: LineCounts)?
        if let source = try? input.open() {
            var reader = LineReader(source: source, maxLineBytes: options.maxLineBytes, live: false, wait: nil)
            if (try? reader.fill(lines: options.detectionLines, bytes: options.detectionBytes)) != nil {
                let sample = reader.sampleLines(options.detectionLines)
                let pattern = chooseSingle(sample: sample, input: input.name, keeping: false).pattern
                let parser = RecordParser(pattern: pattern, eventRules: false)
                let bytes = Array(sample.joined(separator: [10])) + [10]
                _ = bytes.withUnsafeBufferPointer { parser.parseChunk($0, file: input.name, firstLine: 1, hasOpenRecord: false, encode: false) }
                result = (pattern, parser.counts)
            }
        }
        sampledInputs[input.name] = .some(result)
        return result
    }

    /// The range of the times that the layouts of a mixed pattern that date their times read in
    /// `sample`, nil for a pattern of one layout or when none reads one.
    static func datesOfMembers(_ pattern: LogPattern, sample: [[UInt8]]) -> ClosedRange<Int64>? {
        var range: ClosedRange<Int64>?
        let bytes = Array(sample.joined(separator: [10])) + [10]
        for member in pattern.members where member.timePattern.datesItsTimes {
            let parser = RecordParser(pattern: MixedLayout.pattern(name: pattern.name, members: [member]), eventRules: false)
            _ = bytes.withUnsafeBufferPointer { parser.parseChunk($0, file: "-", firstLine: 1, hasOpenRecord: false, encode: false) }
            guard let earliest = parser.counts.earliestTime, let latest = parser.counts.latestTime else { continue }
            range = min(earliest, range?.lowerBound ?? earliest)...max(latest, range?.upperBound ?? latest)
        }
        return range
    }

    /// The zone most of an input's times write, nil when most write none (or it has no time).
    static func zoneWritten(zones: [Int64: Int], unzoned: Int) -> Int64? {
        guard zones.values.reduce(0, +) > unzoned else { return nil }
        return zones.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
    }

    /// The zone each input read so far writes (`zoneWritten`).
    private var writtenZones: [String: Int64?] = [:]

    /// Whether most of the times `sample` writes in `pattern` write no zone, the pattern giving none.
    private func writesLocalTime(_ pattern: LogPattern, sample: [[UInt8]], input: InputSource) -> Bool {
        guard pattern.zoneOffset == nil, !pattern.timestampFormats.allSatisfy(\.isAbsolute) else { return false }
        let parser = RecordParser(pattern: pattern, eventRules: false)
        let bytes = Array(sample.joined(separator: [10])) + [10]
        _ = bytes.withUnsafeBufferPointer { parser.parseChunk($0, file: input.name, firstLine: 1, hasOpenRecord: false, encode: false) }
        return parser.counts.unzonedTimes > 0 && parser.counts.unzonedTimes >= parser.counts.zones.values.reduce(0, +)
    }

    /// The zone for an input's times that write none: the zone written by most of the run's other
    /// inputs that write one (those read, and the first lines of up to `datesAheadInputs` after it),
    /// nil when that is UTC or none writes one. Local times beside zoned ones are the deployment's
    /// zone far more often than UTC: Redis's or Apache's error log beside `+01:00` access logs.
    func runZone(besides input: InputSource) -> Int64? {
        var votes: [Int64: Int] = [:]
        for case let zone? in writtenZones.values { votes[zone, default: 0] += 1 }
        if let at = options.inputs.firstIndex(of: input) {
            for next in options.inputs[(at + 1)...].prefix(Self.datesAheadInputs) where !next.isLive && next.path != nil {
                if let counts = sampled(next)?.counts, let zone = Self.zoneWritten(zones: counts.zones, unzoned: counts.unzonedTimes) {
                    votes[zone, default: 0] += 1
                }
            }
        }
        let best = votes.max { a, b in
            a.value != b.value ? a.value < b.value : (abs(a.key), a.key) > (abs(b.key), b.key)
        }
        guard let best, best.key != 0 else { return nil }
        return best.key
    }

    /// How many later inputs `datesAhead(of:)` looks at.
    static let datesAheadInputs = 64

    /// The pattern for an input: the one given, or the best-matching candidate on the sample when it
    /// fits at least `PatternDetector.trustedShare` of it, else a layout inferred from the sample when it
    /// fits more of it (one inferred for an earlier input of the same directory when that fits at least
    /// as well), else the best candidate or generic. When that fits less than `PatternDetector.trustedShare`,
    /// layouts mixed in one file (`MixedLayout`, on `wideSample` when given) are used instead when they fit
    /// at least `mixedMargin` more of the lines; when it reads no date (generic, or an inferred layout
    /// without a timestamp or with a time of day alone), when they fit at least `mixedOverUntimed` of them.
    /// Last, a file whose lines from all through it (`spreadSample`, `SpreadSample`) the chosen layout
    /// fits `spreadMargin` less than its head takes the mixed layouts of those lines when they fit
    /// `spreadMargin` more of them: files concatenated into one change layout part way.
    func choosePattern(sample: [[UInt8]], input: String = "-", wideSample: [[UInt8]]? = nil, spreadSample: [[UInt8]]? = nil,
                       streams: Bool = false) -> (pattern: LogPattern, share: Double, inferred: InferredLayout?) {
        let chosen = choosePattern(sample: sample, input: input, wideSample: wideSample, streams: streams)
        guard let spreadSample, chosen.pattern.members.count < 2,
              let spreadShare = PatternDetector.share(of: chosen.pattern, on: spreadSample),
              spreadShare <= chosen.share - Self.spreadMargin else { return chosen }
        let name = inferredLayouts.isEmpty ? "inferred" : "inferred-\(inferredLayouts.count + 1)"
        guard let mixed = MixedLayout.infer(sample: spreadSample, library: options.library, name: name),
              mixed.share >= spreadShare + Self.spreadMargin else { return chosen }
        return (mixed.pattern, mixed.share, mixed)
    }

    /// How much less of the spread sample the chosen layout must fit than of the head, and how much more
    /// the mixed layouts must then fit: a file's last few percent in another layout (a proxy's log after
    /// the servers' in `cat *.log`) are thousands of lines glued or lost.
    static let spreadMargin = 0.02

    /// With `streams` (an input unwrapped stream by stream: Loki's, a collector's, a shipper's, each line
    /// behind `[stream]`), layouts of the streams (two or more, fitting half the sample at least) are
    /// preferred to one inferred layout, which would read a line of one stream as continuing another's
    /// record: a line no layout reads is then counted unmatched, not glued to another host's record.
    private func choosePattern(sample: [[UInt8]], input: String, wideSample: [[UInt8]]?, streams: Bool = false)
        -> (pattern: LogPattern, share: Double, inferred: InferredLayout?) {
        let single = chooseSingle(sample: sample, input: input)
        // Generic, an inferred layout without a timestamp (a common prefix only) or one whose time has no date
        // (the date became a label, as when several date forms mix) reads no date.
        let untimed = (single.inferred != nil || single.pattern === LogPattern.generic)
            && !single.pattern.readsDate
        guard options.pattern == nil, options.inferLayouts,
              streams && single.inferred != nil || single.share < PatternDetector.trustedShare || untimed else { return single }
        let name = inferredLayouts.isEmpty ? "inferred" : "inferred-\(inferredLayouts.count + 1)"
        let mixed = MixedLayout.infer(sample: wideSample ?? sample, library: options.library, name: name)
        if streams, single.inferred != nil, let mixed, mixed.share >= Self.streamsShare { return (mixed.pattern, mixed.share, mixed) }
        guard single.share < PatternDetector.trustedShare || untimed, let mixed,
              untimed ? mixed.share >= Self.mixedOverUntimed : mixed.share >= single.share + Self.mixedMargin else { return single }
        return (mixed.pattern, mixed.share, mixed)
    }

    /// How much more of the sample mixed layouts must fit than the best single layout.
    static let mixedMargin = 0.1
    /// Share of the sample mixed layouts must fit to replace a single layout that reads no time.
    static let mixedOverUntimed = 0.5
    /// Share of the sample the layouts of an input's streams must fit to replace one inferred layout.
    static let streamsShare = 0.5

    /// The one pattern or inferred layout for `sample` (see `choosePattern`); a fresh inferred layout is
    /// kept for the directory's later inputs when `keeping`.
    private func chooseSingle(sample: [[UInt8]], input: String, keeping: Bool = true)
        -> (pattern: LogPattern, share: Double, inferred: InferredLayout?) {
        if let pattern = options.pattern { return (pattern, 1, nil) }
        let detected = PatternDetector.detect(sample: sample, candidates: options.library)
        guard options.inferLayouts, detected.share < PatternDetector.trustedShare else { return (detected.pattern, detected.share, nil) }
        let directory = Self.directory(of: input)
        let name = inferredLayouts.isEmpty ? "inferred" : "inferred-\(inferredLayouts.count + 1)"
        var earlier: InferredLayout?
        for entry in inferredLayouts where entry.directory == directory {
            let share = LayoutInferrer.share(of: entry.layout, on: sample)
            if share > (earlier?.share ?? 0) { earlier = entry.layout.withShare(share) }
        }
        // A layout of the directory that fits every line and reads a date cannot be beaten: skip inferring a
        // new one. One that reads none may fit a file of another layout by its leading digits (an epoch
        // read as a pid fits `2026-03-06T11:00:01Z ...` too): the file's own layout wins when it reads a date.
        let fresh = earlier.map { $0.share >= 1 && $0.pattern.readsDate } == true ? nil : LayoutInferrer.infer(sample: sample, name: name)
        var best = fresh
        if let earlier, earlier.share >= (fresh?.share ?? 0) - 1e-9, earlier.pattern.readsDate || fresh?.pattern.readsDate != true {
            best = earlier
        }
        guard let best, best.share > detected.share else { return (detected.pattern, detected.share, nil) }
        if keeping, best.pattern === fresh?.pattern { inferredLayouts.append((directory, best)) }
        return (best.pattern, best.share, best)
    }

    /// The number of different hosts the records of `sample` name. In one file per host, an inferred
    /// host column that varies within one file names threads or workers, not the host.
    static func distinctHosts(sample: [[UInt8]], pattern: LogPattern) -> Int {
        let parser = RecordParser(pattern: pattern, eventRules: false)
        var hosts: Set<String> = []
        for line in sample {
            line.withUnsafeBufferPointer { bytes in
                guard parser.classify(bytes, hasOpenRecord: false) == .start, let host = parser.startCaptures(bytes).host else { return }
                hosts.insert(host)
            }
        }
        return hosts.count
    }

    /// Layouts inferred so far, with the directory of the input each was inferred for.
    private var inferredLayouts: [(directory: String, layout: InferredLayout)] = []

    /// The directory part of an input's name (empty for a bare file name or stdin).
    static func directory(of input: String) -> String {
        guard let slash = input.lastIndex(of: "/") else { return "" }
        return String(input[..<slash])
    }

    /// The template miner of `pattern`'s records. Layouts inferred alike for different inputs (each
    /// replica's file in its own directory: `inferred-3`, `inferred-4`) share one, so a statement two
    /// replicas log is one event type, not one per file.
    private func miner(for pattern: LogPattern) -> TemplateMiner {
        let key = pattern.name.hasPrefix("inferred") && pattern.members.isEmpty
            ? "inferred layout \(pattern.record?.source ?? "") \(pattern.similarity ?? 0)" : pattern.name
        if let miner = miners[key] { return miner }
        var configuration = TemplateMiner.Configuration()
        if let similarity = pattern.similarity { configuration.similarityThreshold = similarity }
        let miner = TemplateMiner(configuration: configuration)
        miners[key] = miner
        return miner
    }

    static func countLines(_ chunk: [UInt8]) -> Int {
        chunk.withUnsafeBufferPointer { bytes in
            var count = 0
            var pointer = UnsafeRawPointer(bytes.baseAddress!)
            var remaining = bytes.count
            while remaining > 0, let hit = memchr(pointer, 10, remaining) {
                count += 1
                let next = UnsafeRawPointer(hit) + 1
                remaining -= next - pointer
                pointer = next
            }
            return count
        }
    }

    private struct JoinState {
        var open: OpenRecord?
        var lineBase = 0
    }

    private func join(_ result: ChunkResult, state: inout JoinState, parser: RecordParser, miner: TemplateMiner,
                      file: String, stats: inout InputStats) {
        for (offset, line) in result.leading.enumerated() {
            let source = offset < result.leadingSources.count ? result.leadingSources[offset] : nil
            if state.open != nil, source == nil || state.open!.head.host == source {
                state.open!.head.message += "\n" + line
            } else {
                stats.continuationLines -= 1
                stats.unmatchedLines += 1
                var copy = line
                var head = copy.withUTF8 { parser.unmatchedHead($0) }
                // Behind its source's prefix, as a line no layout reads inside a chunk is (`ChunkParser`).
                if let source { head.host = source }
                emit(parser.event(from: head, source: SourceLocation(file: file, line: state.lineBase + offset + 1)),
                     miner: miner, stats: &stats)
            }
        }
        if result.closesPrevious { finishOpen(&state, parser: parser, miner: miner, stats: &stats) }
        if case .jsonLines(let write) = output, result.encoded.count > 0 {
            do {
                let encoded = result.encoded.bytes
                var pending: Range<Int>?
                for item in result.items {
                    switch item {
                    case .encoded(let range):
                        pending = pending.map { $0.lowerBound..<range.upperBound } ?? range
                    case .event(let event):
                        if let run = pending { write(UnsafeBufferPointer(rebasing: encoded[run])) }
                        pending = nil
                        emit(event, miner: miner, stats: &stats)
                    }
                }
                if let run = pending { write(UnsafeBufferPointer(rebasing: encoded[run])) }
            }
            for (type, count) in result.encodedTypes { self.stats.eventTypes[type, default: 0] += count }
            stats.events += result.encodedTypes.values.reduce(0, +)
        } else {
            for item in result.items {
                if case .event(let event) = item { emit(event, miner: miner, stats: &stats) }
            }
        }
        // A chunk of continuation lines only (a long stack trace, a line cut at the limit) leaves the
        // record open before it open; otherwise the chunk's last record is the open one.
        if result.closesPrevious { state.open = result.open }
        state.lineBase += result.lines
        stats.lines += result.lines
        stats.recordLines += result.recordLines
        stats.continuationLines += result.continuationLines
        stats.headerLines += result.headerLines
        stats.unmatchedLines += result.unmatchedLines
    }

    private func finishOpen(_ state: inout JoinState, parser: RecordParser, miner: TemplateMiner, stats: inout InputStats) {
        guard let open = state.open else { return }
        state.open = nil
        emit(parser.event(from: open.head, source: SourceLocation(file: stats.input, line: open.line)), miner: miner,
             stats: &stats)
    }

    private func emit(_ event: Event, miner: TemplateMiner, stats: inout InputStats) {
        var event = event
        if event.type.isEmpty {
            let mined = miner.mine(event.message)
            event.type = TemplateMiner.typeID(of: mined, service: options.typesPerService ? event.service : nil)
            event.template = mined.template
            self.stats.templates[event.type] = self.stats.templates[event.type].map { TemplateMiner.moreGeneral($0, mined.template) }
                ?? mined.template
        }
        stats.events += 1
        self.stats.eventTypes[event.type, default: 0] += 1
        switch output {
        case .events(let sink):
            sink(event)
        case .jsonLines(let write):
            scratch.removeAll()
            EventJSON.append(event, to: scratch)
            write(scratch.bytes)
        }
    }
}

/// One batch of chunks being parsed by the workers in the background.
private final class BatchInFlight {
    private let group = DispatchGroup()
    private let slots: UnsafeMutablePointer<ChunkResult>
    private let count: Int
    /// Lines in the batch.
    let lines: Int

    init(_ batch: [[UInt8]], parsers: [RecordParser], file: String, firstLine: Int, encode: Bool) {
        count = batch.count
        slots = .allocate(capacity: max(1, batch.count))
        var firstLines: [Int] = []
        var line = firstLine
        for chunk in batch {
            firstLines.append(line)
            line += ParseSession.countLines(chunk)
        }
        lines = line - firstLine
        let starts = firstLines
        let slots = Slots(pointer: self.slots)
        for index in batch.indices {
            DispatchQueue.global().async(group: group) {
                let result = batch[index].withUnsafeBufferPointer {
                    parsers[index].parseChunk($0, file: file, firstLine: starts[index], hasOpenRecord: true, encode: encode)
                }
                (slots.pointer + index).initialize(to: result)
            }
        }
    }

    deinit {
        slots.deallocate()
    }

    /// Waits for the workers and hands over their results, in chunk order (callable once).
    func results() -> [ChunkResult] {
        group.wait()
        return (0..<count).map { (slots + $0).move() }
    }
}

/// The result slots of a batch; each worker writes only its own slot, and the owner reads them after
/// the group's wait, so sharing the pointer is safe.
private struct Slots: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<ChunkResult>
}
