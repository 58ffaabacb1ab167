/// A record whose last line may still be followed by continuation lines.
struct OpenRecord {
    var head: RecordHead
    /// Line of the record's first line: relative to its chunk inside a `ChunkResult`, absolute in the session.
    var line: Int
}

/// The outcome of parsing one chunk of complete lines on a worker thread.
struct ChunkResult {
    /// Continuation-looking lines before the chunk's first record: they belong to the record left open
    /// by the previous chunk (or are unmatched if there is none).
    var leading: [String] = []
    /// Events of the records and unmatched lines that ended inside the chunk, lines relative to the chunk.
    var events: [Event] = []
    /// The last record, which the next chunk may continue.
    var open: OpenRecord?
    /// Whether a record start, header or unmatched line ended the record open before the chunk.
    var closesPrevious = false
    var lines = 0
    var recordLines = 0
    var continuationLines = 0
    var headerLines = 0
    var unmatchedLines = 0
    var counts = LineCounts()
}

extension RecordParser {
    /// Parses `bytes`, made of complete lines each ending in `\n`. `hasOpenRecord` says whether a
    /// record is open before the chunk, so leading continuation lines can be recognised.
    func parseChunk(_ bytes: UnsafeBufferPointer<UInt8>, file: String, hasOpenRecord: Bool) -> ChunkResult {
        var result = ChunkResult()
        let before = counts
        var open: OpenRecord?
        var sawRecord = false
        var offset = 0
        var line = 0
        while offset < bytes.count {
            line += 1
            var end = offset
            while end < bytes.count, bytes[end] != 10 { end += 1 }
            var lineEnd = end
            if lineEnd > offset, bytes[lineEnd - 1] == 13 { lineEnd -= 1 }
            let text = UnsafeBufferPointer(rebasing: bytes[offset..<lineEnd])
            offset = end + 1
            switch classify(text, hasOpenRecord: open != nil || (!sawRecord && hasOpenRecord)) {
            case .header:
                result.headerLines += 1
                flush(&open, into: &result, file: file)
                sawRecord = true
            case .start:
                result.recordLines += 1
                flush(&open, into: &result, file: file)
                open = OpenRecord(head: startCaptures(text), line: line)
                sawRecord = true
            case .continuation:
                result.continuationLines += 1
                if open != nil {
                    open!.head.message += "\n" + Self.string(text)
                } else {
                    result.leading.append(Self.string(text))
                }
            case .unmatched:
                result.unmatchedLines += 1
                flush(&open, into: &result, file: file)
                result.events.append(event(from: unmatchedHead(text), source: SourceLocation(file: file, line: line)))
                sawRecord = true
            }
        }
        result.open = open
        result.closesPrevious = sawRecord
        result.lines = line
        result.counts = LineCounts(limitHits: counts.limitHits - before.limitHits,
                                   badTimestamps: counts.badTimestamps - before.badTimestamps)
        return result
    }

    private func flush(_ open: inout OpenRecord?, into result: inout ChunkResult, file: String) {
        guard let record = open else { return }
        result.events.append(event(from: record.head, source: SourceLocation(file: file, line: record.line)))
        open = nil
    }
}
