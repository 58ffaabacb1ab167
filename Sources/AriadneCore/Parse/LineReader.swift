import Glibc

/// Cuts a byte stream into chunks of complete lines, bounding the length of any one line.
///
/// A line longer than `maxLineBytes` is cut there (counted in `truncatedLines`) and the rest of it is
/// skipped, so memory stays bounded whatever the input. A final line without `\n` gets one. Every byte is
/// scanned once as it arrives (with memchr): the reader keeps where the last incomplete line starts, so
/// no read rescans what came before, whatever the lines' length.
struct LineReader {
    /// How much of the decoded stream `binaryHead` looks at, as ripgrep does.
    static let binaryProbeBytes = 8 << 10

    private let source: ByteSource
    private let maxLineBytes: Int
    private let live: Bool
    private let wait: Int32?
    private var buffer: [UInt8] = []
    /// Where the last, incomplete line of `buffer` starts: every `\n` of the buffer lies before it.
    private var lineStart = 0
    /// Newlines counted in `buffer[..<countedUpTo]` (format detection only).
    private var countedLines = 0
    private var countedUpTo = 0
    private var eof = false
    private var skippingLongLine = false
    private(set) var bytesRead = 0
    private(set) var truncatedLines = 0
    /// Whether the last read of a live stream timed out (the stream is idle).
    private(set) var idle = false
    /// Whether a NUL byte occurs in the first `binaryProbeBytes` of the stream (as decoded), the sign
    /// of a binary file.
    private(set) var binaryHead = false

    init(source: ByteSource, maxLineBytes: Int, live: Bool, wait: Int32?) {
        self.source = source
        self.maxLineBytes = maxLineBytes
        self.live = live
        self.wait = wait
    }

    /// Reads until `lines` complete lines are buffered, about `bytes` bytes are, the input ends, or (live
    /// streams) it goes idle. Only the bytes that arrive are scanned, so this is linear in what it reads.
    mutating func fill(lines: Int, bytes: Int = .max) throws {
        while !eof {
            countNewlines()
            guard countedLines < lines && buffer.count < bytes else { return }
            guard try readMore(limit: 1 << 16) else { return }
        }
    }

    /// Reads until `bytes` bytes of the stream have been read (enough to tell a binary file), or it ends
    /// or goes idle.
    mutating func probe(bytes: Int = LineReader.binaryProbeBytes) throws {
        while !eof && bytesRead < bytes {
            guard try readMore(limit: 1 << 16) else { return }
        }
    }

    /// The first `count` non-empty lines buffered, for format detection.
    func sampleLines(_ count: Int) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = 0
        while lines.count < count, let newline = nextNewline(from: start) {
            var end = newline
            if end > start, buffer[end - 1] == 13 { end -= 1 }
            if end > start, !(end == start + 1 && buffer[start] == ContainerLogSource.joinedLineMark) {
                lines.append(Self.withoutEscapes(Array(buffer[start..<end])))
            }
            start = newline + 1
        }
        if lines.count < count, eof, start < buffer.count { lines.append(Array(buffer[start...])) }
        return lines
    }

    /// The next chunks of complete lines: up to `chunks` pieces of about `chunkBytes` each. Returns
    /// `atEnd` once the input is exhausted. A live stream returns what it has as soon as it has any.
    /// Reads on until there is at least one complete line (a line over the limit is cut, so that ends).
    /// With `quoted` (a CSV pattern's delimiter), a file's batches and chunks end only where no quoted
    /// value is open (a value's line breaks stay inside one chunk), unless none such is buffered.
    mutating func nextBatch(chunkBytes: Int, chunks: Int, quoted: UInt8? = nil) throws -> (batch: [[UInt8]], atEnd: Bool) {
        idle = false
        if live {
            while !eof, lineStart == 0, try readMore(limit: 1 << 16) {}
        } else {
            let want = chunkBytes * chunks
            while !eof && (buffer.count < want || lineStart == 0) {
                // Past `want` only to finish a line: read in blocks (the line limit ends it).
                _ = try readMore(limit: buffer.count < want ? min(want - buffer.count + 1, 1 << 22) : 1 << 16)
            }
        }
        if eof, let last = buffer.last, last != 10 {
            buffer.append(10)
            lineStart = buffer.count
        }
        var complete = lineStart
        guard complete > 0 else { return ([], eof) }
        // The line ends outside quoted values, when asked for (and not live: there one parser reads on).
        let closed = quoted.flatMap { live ? nil : Self.closedLineEnds(buffer[..<complete], delimiter: $0) }
        if let last = closed?.last { complete = last + 1 }
        var pieces: [[UInt8]] = []
        var start = 0
        let target = max(1, (complete + chunks - 1) / max(1, chunks))
        while start < complete {
            var end = min(complete, start + target)
            if end < complete {
                if let closed {
                    // The first closed line end at or after the target (the batch's last one at worst).
                    var low = 0, high = closed.count - 1
                    while low < high {
                        let middle = (low + high) / 2
                        if closed[middle] < end - 1 { low = middle + 1 } else { high = middle }
                    }
                    end = closed[low] + 1
                } else {
                    end = (nextNewline(from: end - 1) ?? (complete - 1)) + 1
                }
            }
            pieces.append(Self.withoutEscapes(Array(buffer[start..<end])))
            start = end
        }
        buffer.removeSubrange(0..<complete)
        // Complete lines left inside an open quoted value stay complete (at the end, the next batch takes them).
        lineStart -= complete
        countedLines = 0
        countedUpTo = 0
        return (pieces, eof && buffer.isEmpty)
    }

    /// The offsets of the line breaks of `bytes` (which start outside quotes) outside quoted values, as
    /// `CSVReader.quoteOpen(after:delimiter:open:)` reads them; nil when there is none.
    static func closedLineEnds(_ bytes: ArraySlice<UInt8>, delimiter: UInt8) -> [Int]? {
        var ends: [Int] = []
        var open = false
        var lineStart = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            guard let newline = bytes[index...].firstIndex(of: 10) else { break }
            let line = bytes[lineStart..<newline]
            // Most lines hold no quote: only those are read byte by byte.
            if open || line.contains(UInt8(ascii: "\"")) { open = CSVReader.quoteOpen(after: line, delimiter: delimiter, open: open) }
            if !open { ends.append(newline) }
            lineStart = newline + 1
            index = newline + 1
        }
        return ends.isEmpty ? nil : ends
    }

    /// Whatever is buffered after a read error, as complete lines.
    mutating func remainder() -> [UInt8] {
        var rest = buffer
        buffer.removeAll()
        lineStart = 0
        countedLines = 0
        countedUpTo = 0
        if let last = rest.last, last != 10 { rest.append(10) }
        return Self.withoutEscapes(rest)
    }

    /// `bytes` without terminal control sequences (ANSI CSI: `ESC [ … letter`, the colours Spring, Rails
    /// and many loggers write when told to, and `ESC` + one character), which are no part of a record.
    static func withoutEscapes(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.withUnsafeBufferPointer({ $0.baseAddress.map { memchr($0, 0x1B, bytes.count) != nil } ?? false }) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            guard bytes[i] == 0x1B, i + 1 < bytes.count, bytes[i + 1] != 10 else {
                out.append(bytes[i])
                i += 1
                continue
            }
            if bytes[i + 1] == UInt8(ascii: "[") {
                var j = i + 2
                while j < bytes.count, (0x20...0x3F).contains(bytes[j]) { j += 1 }
                guard j < bytes.count, (0x40...0x7E).contains(bytes[j]) else {
                    out.append(bytes[i])
                    i += 1
                    continue
                }
                i = j + 1
            } else {
                i += 2
            }
        }
        return out
    }

    /// Reads once; returns false if nothing came (end of input or an idle live stream).
    private mutating func readMore(limit: Int) throws -> Bool {
        let before = buffer.count
        guard let count = try source.read(into: &buffer, limit: limit, wait: wait) else {
            idle = true
            return false
        }
        if count == 0 {
            eof = true
            return false
        }
        if bytesRead < Self.binaryProbeBytes {
            let probed = min(count, Self.binaryProbeBytes - bytesRead)
            binaryHead = binaryHead || buffer.withUnsafeBufferPointer { memchr($0.baseAddress! + before, 0, probed) != nil }
        }
        bytesRead += count
        enforceLineLimit(from: before)
        return true
    }

    /// Counts the newlines of the complete lines not counted yet (bytes before `lineStart` never change).
    private mutating func countNewlines() {
        var index = countedUpTo
        while index < lineStart, let newline = nextNewline(from: index) {
            countedLines += 1
            index = newline + 1
        }
        countedUpTo = lineStart
    }

    /// The index of the first `\n` at or after `start`, found with memchr.
    private func nextNewline(from start: Int) -> Int? {
        guard start < buffer.count else { return nil }
        return buffer.withUnsafeBufferPointer { bytes in
            guard let hit = memchr(bytes.baseAddress! + start, 10, bytes.count - start) else { return nil }
            return bytes.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// The index of the last `\n` at or after `start`, scanning back from the end: only over the last,
    /// incomplete line, so a short walk (glibc's memrchr is not exported to Swift).
    private func lastNewline(from start: Int) -> Int? {
        buffer.withUnsafeBufferPointer { bytes in
            var index = bytes.count - 1
            while index >= start {
                if bytes[index] == 10 { return index }
                index -= 1
            }
            return nil
        }
    }

    /// Cuts lines longer than the limit in the bytes just read (from `start` on): keeps `maxLineBytes`
    /// of such a line, then drops the rest of it up to its `\n`, and moves `lineStart` past the last `\n`.
    private mutating func enforceLineLimit(from start: Int) {
        if skippingLongLine {
            if let newline = nextNewline(from: start) {
                buffer.removeSubrange(start...newline)
                skippingLongLine = false
            } else {
                buffer.removeSubrange(start...)
                return
            }
        }
        var index = start
        var shortcutTried = false
        while let newline = nextNewline(from: index) {
            if newline - lineStart > maxLineBytes {
                truncatedLines += 1
                let cut = lineStart + maxLineBytes
                buffer.removeSubrange(cut..<newline)
                lineStart = cut + 1
            } else {
                lineStart = newline + 1
                // Every line between here and the last newline is shorter than that span: if the span is
                // within the limit (the usual case), none needs a look of its own.
                if !shortcutTried, let last = lastNewline(from: lineStart), last - lineStart <= maxLineBytes {
                    lineStart = last + 1
                }
                shortcutTried = true
            }
            index = lineStart
        }
        if buffer.count - lineStart > maxLineBytes {
            truncatedLines += 1
            buffer.removeSubrange((lineStart + maxLineBytes)...)
            buffer.append(10)
            lineStart = buffer.count
            skippingLongLine = true
        }
    }
}
