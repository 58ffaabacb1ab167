/// A record whose last line may still be followed by continuation lines.
struct OpenRecord {
    var head: RecordHead
    /// Absolute line number of the record's first line.
    var line: Int
}

/// One output of a chunk, in input order.
enum ChunkItem {
    /// An event already written as JSON into `ChunkResult.encoded` (its type came from a rule).
    case encoded(Range<Int>)
    /// An event the session finishes: its type needs the (order-dependent) template miner, or the
    /// caller wants `Event` values.
    case event(Event)
}

/// The outcome of parsing one chunk of complete lines on a worker thread.
struct ChunkResult {
    /// Continuation-looking lines before the chunk's first record: they belong to the record left open
    /// by the previous chunk (or are unmatched if there is none).
    var leading: [String] = []
    /// Per leading line, in a file of prefixed sources, its source (the line then its body alone): it
    /// continues the open record only when that record is the source's.
    var leadingSources: [String?] = []
    /// The records and unmatched lines that ended inside the chunk.
    var items: [ChunkItem] = []
    /// JSON of the `.encoded` items.
    var encoded = ByteBuffer()
    /// Events per type among the `.encoded` items.
    var encodedTypes: [String: Int] = [:]
    /// The last record, which the next chunk may continue.
    var open: OpenRecord?
    /// Whether a record start, header or unmatched line ended the record open before the chunk.
    var closesPrevious = false
    var lines = 0
    var recordLines = 0
    var continuationLines = 0
    var headerLines = 0
    var unmatchedLines = 0
}

extension RecordParser {
    /// How many items back a source's record may be and still take a continuation line of its source that
    /// came after other sources' lines.
    static let interleavedItems = 32

    /// A mixed file's line behind a source prefix (`MixedLayout.sourcePrefix`: `[pod/HOST/app] `, `[HOST] `,
    /// `HOST | `, `HOST `): the range of its source's name and where the rest begins; nil without one.
    func sourcePrefix(_ line: UnsafeBufferPointer<UInt8>, _ mixed: MixedMatchers) -> (name: Range<Int>, end: Int)? {
        guard (try? mixed.source.matches(line)) == true, let name = mixed.source.range(mixed.sourceHost),
              let end = mixed.source.range(0)?.upperBound else { return nil }
        return (name, end)
    }

    /// Parses `bytes`, made of complete lines each ending in `\n`, whose first line is line
    /// `firstLine` of `file`. `hasOpenRecord` says whether a record is open before the chunk, so
    /// leading continuation lines can be recognised. With `encode`, events whose type is known are
    /// written as JSON here, on the worker, instead of being returned.
    func parseChunk(_ bytes: UnsafeBufferPointer<UInt8>, file: String, firstLine: Int, hasOpenRecord: Bool,
                    encode: Bool) -> ChunkResult {
        var result = ChunkResult()
        if encode { result.encoded.reserve(bytes.count + bytes.count / 2) }
        // A file's chunks end outside quoted values (`LineReader.nextBatch`, `quoted`); a live stream's
        // parser reads on where its last chunk ended.
        if !hasOpenRecord { quoteOpen = false }
        var open: OpenRecord?
        // With the direct path, a record start is kept as its line's byte range (its captures saved in
        // the parser) until the next line shows whether it continues.
        var pending: (range: Range<Int>, line: Int)?
        let direct = encode && self.direct
        var sawRecord = false
        /// In a file of prefixed sources, each source's last record finished in this chunk (its item's index).
        var lastRecord: [String: Int] = [:]
        var offset = 0
        var line = firstLine - 1
        func finish(_ event: Event) {
            if encode && !event.type.isEmpty {
                let start = result.encoded.count
                EventJSON.append(event, to: result.encoded)
                result.items.append(.encoded(start..<result.encoded.count))
                result.encodedTypes[event.type, default: 0] += 1
            } else {
                result.items.append(.event(event))
            }
        }
        func openPending() {
            guard let start = pending else { return }
            open = OpenRecord(head: headFromSaved(UnsafeBufferPointer(rebasing: bytes[start.range])), line: start.line)
            pending = nil
        }
        func flush() {
            if let start = pending {
                pending = nil
                let text = UnsafeBufferPointer(rebasing: bytes[start.range])
                let before = result.encoded.count
                if let type = encodeDirect(text, lineNumber: start.line, file: file, to: result.encoded) {
                    result.items.append(.encoded(before..<result.encoded.count))
                    result.encodedTypes[type, default: 0] += 1
                } else {
                    finish(event(from: headFromSaved(text), source: SourceLocation(file: file, line: start.line)))
                }
                return
            }
            guard let record = open else { return }
            let finished = event(from: record.head, source: SourceLocation(file: file, line: record.line))
            finish(finished)
            if mixed?.prefixed == true, let host = finished.host, case .event = result.items.last { lastRecord[host] = result.items.count - 1 }
            open = nil
        }
        while offset < bytes.count {
            line += 1
            var end = offset
            while end < bytes.count, bytes[end] != 10 { end += 1 }
            var lineEnd = end
            if lineEnd > offset, bytes[lineEnd - 1] == 13 { lineEnd -= 1 }
            let lineStart = offset
            let text = UnsafeBufferPointer(rebasing: bytes[offset..<lineEnd])
            offset = end + 1
            if text.count == 1, text[0] == ContainerLogSource.joinedLineMark {
                // A line a container runtime split off the record before it (joined there).
                result.continuationLines += 1
                continue
            }
            switch classify(text, hasOpenRecord: open != nil || pending != nil || (!sawRecord && hasOpenRecord)) {
            case .header:
                result.headerLines += 1
                flush()
                sawRecord = true
            case .start:
                result.recordLines += 1
                flush()
                if direct {
                    saveCaptures()
                    pending = (lineStart..<lineEnd, line)
                } else {
                    open = OpenRecord(head: startCaptures(text), line: line)
                }
                sawRecord = true
            case .continuation:
                result.continuationLines += 1
                openPending()
                if open != nil {
                    open!.head.message += "\n" + Self.string(text)
                } else {
                    result.leading.append(Self.string(text))
                    result.leadingSources.append(nil)
                }
            case .unmatched:
                // A line no layout fits, in a mixed file behind its source's prefix (`sourcePrefix`).
                let prefix = mixed.flatMap { sourcePrefix(text, $0) }
                let body = prefix.map { UnsafeBufferPointer(rebasing: text[$0.end...]) }
                if mixed?.prefixed == true, let body, Self.directive(body) {
                    // A source's W3C directive behind its prefix is a header too.
                    result.headerLines += 1
                    flush()
                    sawRecord = true
                    continue
                }
                if mixed?.prefixed == true, open == nil, pending == nil, !sawRecord, hasOpenRecord, let prefix, let body,
                   !Self.startsLikeARecord(body) {
                    // A source's stack line first in the chunk: the record the previous chunk left open continues,
                    // if it is that source's (`ParseSession.join`).
                    result.continuationLines += 1
                    result.leading.append(Self.string(body))
                    result.leadingSources.append(Self.string(UnsafeBufferPointer(rebasing: text[prefix.name])))
                    continue
                }
                if mixed != nil {
                    openPending()
                    // `kubectl logs --prefix`, `docker compose logs`: a stack trace's lines carry their source's
                    // prefix too, and continue its record when that source's record is the one open, as a line
                    // no layout fits continues the record before it in a file of one source (PHP's `#0 …`
                    // frames, an indented body; a blank line of the source, `[pod/api-1/app] ` alone, too). A
                    // body that opens like a record (uvicorn's untimed `INFO:     …` access line among its app's
                    // records) does not.
                    // The level line of a two-line record (`LayoutMember.paired`) is the open record's second line.
                    if let prefix, let body, let host = open?.head.host, text[prefix.name].elementsEqual(host.utf8),
                       !Self.startsLikeARecord(body) || (open!.head.layout.map { mixed!.members[$0].paired } == true
                           && !open!.head.message.contains("\n") && Self.capitalLevelColon(body)) {
                        result.continuationLines += 1
                        open!.head.message += "\n" + Self.string(body)
                        continue
                    }
                }
                // A source's stack line after another source's line (their lines interleaved as they reached
                // the collector) continues that source's last record, when it is one of the last few here.
                if mixed?.prefixed == true, let prefix, let body, !Self.startsLikeARecord(body),
                   let k = lastRecord[Self.string(UnsafeBufferPointer(rebasing: text[prefix.name]))],
                   k + Self.interleavedItems >= result.items.count, case .event(var earlier) = result.items[k] {
                    earlier.message += "\n" + Self.string(body)
                    result.items[k] = .event(earlier)
                    result.continuationLines += 1
                    continue
                }
                result.unmatchedLines += 1
                flush()
                var head = unmatchedHead(text)
                // Behind a source's prefix (a name as `MixedLayout.isSourceName` reads one, in a file whose
                // layouts read their host from it), a line no layout reads is still that source's, its body
                // the message.
                if mixed?.prefixed == true, let prefix, let body {
                    let host = Self.string(UnsafeBufferPointer(rebasing: text[prefix.name]))
                    if MixedLayout.isSourceName(Substring(host)) {
                        head.host = host
                        head.message = Self.string(body)
                    }
                }
                finish(event(from: head, source: SourceLocation(file: file, line: line)))
                sawRecord = true
            }
        }
        openPending()
        result.open = open
        result.closesPrevious = sawRecord
        result.lines = line - firstLine + 1
        return result
    }
}
