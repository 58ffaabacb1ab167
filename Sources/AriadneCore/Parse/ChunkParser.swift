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
    /// The body of a mixed file's line that names `host` as its source (`MixedLayout.sourcePrefix`:
    /// `[pod/HOST/app] `, `[HOST] `, `HOST | `, `HOST `), a line no layout fits: it continues that
    /// source's open record, as a line no layout fits continues the record before it in a file of one
    /// source (a stack trace, PHP's `#0 /var/www/…` frames, an indented body, a blank line); nil otherwise.
    func sourceContinuation(_ line: UnsafeBufferPointer<UInt8>, of host: String, _ mixed: MixedMatchers) -> String? {
        guard (try? mixed.source.matches(line)) == true, let name = mixed.source.range(mixed.sourceHost),
              let end = mixed.source.range(0)?.upperBound, line[name].elementsEqual(host.utf8) else { return nil }
        // A blank line of the source (`[pod/api-1/app] ` alone, inside a Java stack trace) continues it too;
        // a body that opens like a record (uvicorn's untimed `INFO:     …` access line among its app's records) does not.
        let body = UnsafeBufferPointer(rebasing: line[end...])
        return Self.startsLikeARecord(body) ? nil : Self.string(body)
    }

    /// The source a mixed file's line names in its prefix (`MixedLayout.sourcePrefix`, a name as
    /// `MixedLayout.isSourceName` reads one) and the rest of the line, nil when it names none or when the
    /// file's layouts read no source prefix.
    func sourceLine(_ line: UnsafeBufferPointer<UInt8>, _ mixed: MixedMatchers) -> (host: String, body: String)? {
        guard mixed.prefixed, (try? mixed.source.matches(line)) == true, let name = mixed.source.range(mixed.sourceHost),
              let end = mixed.source.range(0)?.upperBound else { return nil }
        let host = Self.string(UnsafeBufferPointer(rebasing: line[name]))
        guard MixedLayout.isSourceName(Substring(host)) else { return nil }
        return (host, Self.string(UnsafeBufferPointer(rebasing: line[end...])))
    }

    /// Parses `bytes`, made of complete lines each ending in `\n`, whose first line is line
    /// `firstLine` of `file`. `hasOpenRecord` says whether a record is open before the chunk, so
    /// leading continuation lines can be recognised. With `encode`, events whose type is known are
    /// written as JSON here, on the worker, instead of being returned.
    func parseChunk(_ bytes: UnsafeBufferPointer<UInt8>, file: String, firstLine: Int, hasOpenRecord: Bool,
                    encode: Bool) -> ChunkResult {
        var result = ChunkResult()
        if encode { result.encoded.reserve(bytes.count + bytes.count / 2) }
        var open: OpenRecord?
        // With the direct path, a record start is kept as its line's byte range (its captures saved in
        // the parser) until the next line shows whether it continues.
        var pending: (range: Range<Int>, line: Int)?
        let direct = encode && self.direct
        var sawRecord = false
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
            finish(event(from: record.head, source: SourceLocation(file: file, line: record.line)))
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
                }
            case .unmatched:
                if let mixed, mixed.prefixed, (try? mixed.source.matches(text)) == true, let end = mixed.source.range(0)?.upperBound,
                   Self.directive(UnsafeBufferPointer(rebasing: text[end...])) {
                    // A source's W3C directive behind its prefix is a header too.
                    result.headerLines += 1
                    flush()
                    sawRecord = true
                    continue
                }
                if let mixed {
                    openPending()
                    if let host = open?.head.host, let body = sourceContinuation(text, of: host, mixed) {
                        // `kubectl logs --prefix`, `docker compose logs`: a stack trace's lines carry their
                        // source's prefix too, and continue its record when that source's record is the one open.
                        result.continuationLines += 1
                        open!.head.message += "\n" + body
                        continue
                    }
                }
                result.unmatchedLines += 1
                flush()
                var head = unmatchedHead(text)
                // Behind a source's prefix, a line no layout reads is still that source's, its body the message.
                if let mixed, let (host, body) = sourceLine(text, mixed) {
                    head.host = host
                    head.message = body
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
