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
    /// Bytes each worker parses at a time.
    public var chunkBytes: Int
    /// For live streams (stdin): milliseconds without input after which an open record is complete.
    public var idleFlushMilliseconds: Int32
    /// Lines sampled to detect a format.
    public var detectionLines: Int
    /// Whether the pattern's event rules name events; false types every message by template masking.
    public var eventRules: Bool

    /// Options; see each property.
    public init(pattern: LogPattern? = nil, library: [LogPattern], threads: Int = 2, maxLineBytes: Int = 16 << 20,
                chunkBytes: Int = 4 << 20, idleFlushMilliseconds: Int32 = 200, detectionLines: Int = 64,
                eventRules: Bool = true) {
        self.pattern = pattern
        self.library = library
        self.threads = max(1, threads)
        self.maxLineBytes = max(1024, maxLineBytes)
        self.chunkBytes = max(64 << 10, chunkBytes)
        self.idleFlushMilliseconds = idleFlushMilliseconds
        self.detectionLines = detectionLines
        self.eventRules = eventRules
    }
}

/// Parses inputs into events, in input order, calling the sink as each event completes.
///
/// Passes, in order: (1) read bytes and cut them into complete lines; (2) on each worker, classify
/// lines against the record pattern and build the events of the records that end inside the chunk;
/// (3) on the calling thread, join records that cross chunk boundaries, give unnamed messages their
/// template type (the miner is order-dependent, so this pass is sequential), count, and emit. Pass 2
/// runs in parallel because it is where the time goes; pass 3 is sequential because its results
/// depend on order and the output must be deterministic.
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

    /// A session that hands each event to `sink`.
    public convenience init(options: ParseOptions, sink: @escaping (Event) -> Void) {
        self.init(options: options, output: .events(sink))
    }

    private var encodes: Bool {
        if case .jsonLines = output { return true }
        return false
    }

    /// Parses one input to its end. Errors that stop the input (a truncated archive) are recorded in its
    /// stats and rethrown after what was read before them has been emitted.
    public func parse(_ input: InputSource) throws {
        let source = try input.open()
        var reader = LineReader(source: source, maxLineBytes: options.maxLineBytes, live: input.isLive,
                                wait: input.isLive ? options.idleFlushMilliseconds : nil)
        var failure: Error?
        do {
            try reader.fill(lines: options.detectionLines)
        } catch {
            failure = error
        }
        let choice = choosePattern(sample: reader.sampleLines(options.detectionLines))
        var inputStats = InputStats(input: input.name, pattern: choice.pattern.name, detected: options.pattern == nil,
                                    detectionShare: options.pattern == nil ? choice.share : nil)
        onInputStart?(inputStats)
        let parsers = (0..<(input.isLive ? 1 : options.threads)).map { _ in RecordParser(pattern: choice.pattern, eventRules: options.eventRules) }
        let miner = self.miner(for: choice.pattern)
        var state = JoinState()

        while failure == nil {
            let batch: [[UInt8]]
            let atEnd: Bool
            do {
                (batch, atEnd) = try reader.nextBatch(chunkBytes: options.chunkBytes, chunks: parsers.count)
            } catch {
                failure = error
                break
            }
            let results = parseBatch(batch, parsers: parsers, file: input.name, firstLine: state.lineBase + 1,
                                     hasOpenRecord: state.open != nil)
            for result in results {
                join(result, state: &state, parser: parsers[0], miner: miner, file: input.name, stats: &inputStats)
            }
            if reader.idle || atEnd {
                finishOpen(&state, parser: parsers[0], miner: miner, stats: &inputStats)
            }
            progress?(reader.bytesRead, state.lineBase)
            if input.isLive { afterLiveBatch?() }
            if atEnd { break }
        }
        if failure != nil {
            let tail = reader.remainder()
            if !tail.isEmpty {
                let result = parseBatch([tail], parsers: parsers, file: input.name, firstLine: state.lineBase + 1,
                                        hasOpenRecord: state.open != nil)
                join(result[0], state: &state, parser: parsers[0], miner: miner, file: input.name, stats: &inputStats)
            }
        }
        finishOpen(&state, parser: parsers[0], miner: miner, stats: &inputStats)
        inputStats.bytes = reader.bytesRead
        inputStats.truncatedLines = reader.truncatedLines
        for parser in parsers {
            inputStats.limitHits += parser.counts.limitHits
            inputStats.badTimestamps += parser.counts.badTimestamps
            inputStats.unmatchedLines += parser.counts.undecodableEvents
            inputStats.recordLines -= parser.counts.undecodableEvents
        }
        if let failure { inputStats.error = "\(failure)" }
        stats.inputs.append(inputStats)
        if let failure { throw failure }
    }

    /// The pattern for an input: the one given, or the best-matching candidate on the sample, or generic.
    func choosePattern(sample: [[UInt8]]) -> (pattern: LogPattern, share: Double) {
        if let pattern = options.pattern { return (pattern, 1) }
        return PatternDetector.detect(sample: sample, candidates: options.library)
    }

    private func miner(for pattern: LogPattern) -> TemplateMiner {
        if let miner = miners[pattern.name] { return miner }
        var configuration = TemplateMiner.Configuration()
        if let similarity = pattern.similarity { configuration.similarityThreshold = similarity }
        let miner = TemplateMiner(configuration: configuration)
        miners[pattern.name] = miner
        return miner
    }

    private func parseBatch(_ batch: [[UInt8]], parsers: [RecordParser], file: String, firstLine: Int,
                            hasOpenRecord: Bool) -> [ChunkResult] {
        let encode = encodes
        if batch.count <= 1 {
            return batch.map { chunk in
                chunk.withUnsafeBufferPointer {
                    parsers[0].parseChunk($0, file: file, firstLine: firstLine, hasOpenRecord: hasOpenRecord, encode: encode)
                }
            }
        }
        var starts: [Int] = [firstLine]
        for chunk in batch.dropLast() { starts.append(starts.last! + Self.countLines(chunk)) }
        var results = [ChunkResult](repeating: ChunkResult(), count: batch.count)
        results.withUnsafeMutableBufferPointer { slots in
            let slotsBase = slots.baseAddress!
            DispatchQueue.concurrentPerform(iterations: batch.count) { index in
                let result = batch[index].withUnsafeBufferPointer {
                    parsers[index].parseChunk($0, file: file, firstLine: starts[index], hasOpenRecord: true, encode: encode)
                }
                (slotsBase + index).pointee = result
            }
        }
        return results
    }

    private static func countLines(_ chunk: [UInt8]) -> Int {
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
            if state.open != nil {
                state.open!.head.message += "\n" + line
            } else {
                stats.continuationLines -= 1
                stats.unmatchedLines += 1
                var copy = line
                let head = copy.withUTF8 { parser.unmatchedHead($0) }
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
        state.open = result.open
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
            event.type = mined.typeID
            event.template = mined.template
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
