import Glibc

/// Cuts a byte stream into chunks of complete lines, bounding the length of any one line.
///
/// A line longer than `maxLineBytes` is cut there (counted in `truncatedLines`) and the rest of it is
/// skipped, so memory stays bounded whatever the input. A final line without `\n` gets one.
struct LineReader {
    private let source: ByteSource
    private let maxLineBytes: Int
    private let live: Bool
    private let wait: Int32?
    private var buffer: [UInt8] = []
    private var eof = false
    private var skippingLongLine = false
    private(set) var bytesRead = 0
    private(set) var truncatedLines = 0
    /// Whether the last read of a live stream timed out (the stream is idle).
    private(set) var idle = false

    init(source: ByteSource, maxLineBytes: Int, live: Bool, wait: Int32?) {
        self.source = source
        self.maxLineBytes = maxLineBytes
        self.live = live
        self.wait = wait
    }

    /// Reads until `lines` complete lines are buffered, the input ends, or (live streams) it goes idle.
    mutating func fill(lines: Int) throws {
        while !eof && buffer.lazy.filter({ $0 == 10 }).count < lines {
            guard try readMore(limit: 1 << 16) else { break }
        }
    }

    /// The first `count` non-empty lines buffered, for format detection.
    func sampleLines(_ count: Int) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = 0
        for (index, byte) in buffer.enumerated() where byte == 10 {
            var end = index
            if end > start, buffer[end - 1] == 13 { end -= 1 }
            if end > start { lines.append(Array(buffer[start..<end])) }
            start = index + 1
            if lines.count == count { return lines }
        }
        if eof, start < buffer.count { lines.append(Array(buffer[start...])) }
        return lines
    }

    /// The next chunks of complete lines: up to `chunks` pieces of about `chunkBytes` each. Returns
    /// `atEnd` once the input is exhausted. A live stream returns what it has as soon as it has any.
    mutating func nextBatch(chunkBytes: Int, chunks: Int) throws -> (batch: [[UInt8]], atEnd: Bool) {
        idle = false
        if live {
            while !eof, try readMore(limit: 1 << 16), !buffer.contains(10) {}
        } else {
            let want = chunkBytes * chunks
            while !eof && buffer.count < want {
                _ = try readMore(limit: min(want - buffer.count + 1, 1 << 22))
            }
        }
        if eof, let last = buffer.last, last != 10 { buffer.append(10) }
        guard let lastNewline = buffer.lastIndex(of: 10) else { return ([], eof) }
        let complete = lastNewline + 1
        var pieces: [[UInt8]] = []
        var start = 0
        let target = max(1, (complete + chunks - 1) / max(1, chunks))
        while start < complete {
            var end = min(complete, start + target)
            if end < complete {
                if let newline = buffer[(end - 1)..<complete].firstIndex(of: 10) { end = newline + 1 } else { end = complete }
            }
            pieces.append(Array(buffer[start..<end]))
            start = end
        }
        buffer.removeSubrange(0..<complete)
        return (pieces, eof && buffer.isEmpty)
    }

    /// Whatever is buffered after a read error, as complete lines.
    mutating func remainder() -> [UInt8] {
        var rest = buffer
        buffer.removeAll()
        if let last = rest.last, last != 10 { rest.append(10) }
        return rest
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
        bytesRead += count
        enforceLineLimit(from: before)
        return true
    }

    /// Cuts lines longer than the limit: keeps `maxLineBytes` of such a line and drops the rest up to its `\n`.
    /// The index of the first `\n` at or after `start`, found with memchr.
    private func nextNewline(from start: Int) -> Int? {
        guard start < buffer.count else { return nil }
        return buffer.withUnsafeBufferPointer { bytes in
            guard let hit = memchr(bytes.baseAddress! + start, 10, bytes.count - start) else { return nil }
            return bytes.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    private mutating func enforceLineLimit(from start: Int) {
        let from = start
        if skippingLongLine {
            if let newline = buffer[start...].firstIndex(of: 10) {
                buffer.removeSubrange(start...newline)
                skippingLongLine = false
            } else {
                buffer.removeSubrange(start...)
                return
            }
        }
        var lineStart = buffer[..<from].lastIndex(of: 10).map { $0 + 1 } ?? 0
        var index = from
        while index <= buffer.count {
            let newline = nextNewline(from: index)
            let lineEnd = newline ?? buffer.count
            if lineEnd - lineStart > maxLineBytes {
                truncatedLines += 1
                let cut = lineStart + maxLineBytes
                if newline != nil {
                    buffer.removeSubrange(cut..<lineEnd)
                } else {
                    buffer.removeSubrange(cut...)
                    buffer.append(10)
                    skippingLongLine = true
                    return
                }
                index = cut + 1
            } else {
                guard newline != nil else { return }
                index = lineEnd + 1
            }
            lineStart = index
        }
    }
}
