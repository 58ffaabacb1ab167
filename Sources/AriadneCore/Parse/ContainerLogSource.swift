/// Container logs as Kubernetes writes them on a node, unwrapped: each line of the CRI logging format
/// (`2026-12-06T09:14:03.123456789Z stdout F <payload>`, the kubelet's `/var/log/pods/…/0.log` and
/// `/var/log/containers/*.log`) becomes its payload, the application's own line, which detection and
/// layout inference then read as if the application had written the file. A payload the runtime
/// split into partial lines (tag `P`, for lines longer than its buffer) is joined with the lines up to
/// its final one (tag `F`) and read on the first line's number; each line it took is replaced by a
/// line holding only `joinedLineMark`, which the parser counts as a continuation line, so every other
/// line keeps its number.
///
/// The runtime's timestamp is dropped when the payloads carry a date of their own (or are JSON
/// objects, whose keys hold theirs): the application's clock is the one it logged with. Otherwise
/// (payloads with no time, or a time of day alone) each line keeps the runtime's timestamp before its
/// payload. The choice is made once per input on its first lines (`decideAfter`); a line that is not in
/// the CRI format, and every line of an input whose first line is not, passes through unchanged.
final class ContainerLogSource: ByteSource {
    /// The byte a line joined into the line before it is replaced by.
    static let joinedLineMark: UInt8 = 0x1E

    private enum Mode { case undecided, plain, unwrapping(keepTime: Bool) }

    private let upstream: ByteSource
    private var mode = Mode.undecided
    /// Bytes read from upstream and not processed yet (an incomplete last line).
    private var pending: [UInt8] = []
    /// Processed bytes not handed out yet.
    private var output: [UInt8] = []
    private var outputStart = 0
    /// The payloads of the partial lines read so far, the first one's timestamp, and how many.
    private var partial: [UInt8] = []
    private var partialTime: ArraySlice<UInt8> = []
    private var partialLines = 0
    private var upstreamDone = false

    /// Lines (or bytes) of the input looked at before deciding whether it is CRI and keeps its times.
    static let decideAfter = (lines: 64, bytes: 1 << 16)

    init(upstream: ByteSource) {
        self.upstream = upstream
    }

    func read(into buffer: inout [UInt8], limit: Int, wait: Int32?) throws -> Int? {
        while true {
            if outputStart < output.count {
                let count = min(limit, output.count - outputStart)
                buffer.append(contentsOf: output[outputStart..<(outputStart + count)])
                outputStart += count
                if outputStart == output.count {
                    output.removeAll(keepingCapacity: true)
                    outputStart = 0
                }
                return count
            }
            if case .plain = mode, pending.isEmpty { return try upstream.read(into: &buffer, limit: limit, wait: wait) }
            if upstreamDone {
                guard !pending.isEmpty || partialLines > 0 else { return 0 }
                if case .undecided = mode { decide() }
                if case .unwrapping = mode, !pending.isEmpty, pending.last != 10 { pending.append(10) }
                processLines()
                flushPartial()
                continue
            }
            guard let count = try upstream.read(into: &pending, limit: max(limit, 1 << 16), wait: wait) else { return nil }
            if count == 0 {
                upstreamDone = true
                continue
            }
            if case .undecided = mode {
                let lines = pending.reduce(0) { $1 == 10 ? $0 + 1 : $0 }
                guard lines >= Self.decideAfter.lines || pending.count >= Self.decideAfter.bytes || (lines > 0 && wait != nil) else { continue }
                decide()
            }
            processLines()
        }
    }

    /// Chooses the mode from the complete lines pending: CRI when the first is, keeping the runtime's
    /// timestamps unless most payloads carry a date of their own or are JSON objects.
    private func decide() {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        for (i, byte) in pending.enumerated() where byte == 10 {
            lines.append(pending[start..<i])
            start = i + 1
        }
        if start < pending.count { lines.append(pending[start...]) }
        let parsed = lines.prefix(Self.decideAfter.lines).compactMap(Self.split)
        guard let first = lines.first, Self.split(first) != nil else {
            mode = .plain
            return
        }
        let payloads = parsed.filter { $0.tag == UInt8(ascii: "F") }.map { String(decoding: $0.payload, as: UTF8.self) }
        let json = payloads.filter { $0.first == "{" }.count
        let dated = LayoutInferrer.findTimestamp(payloads).map { $0.entries.contains { $0.format.hasDate } } ?? false
        mode = .unwrapping(keepTime: !(dated || json * 2 >= max(1, payloads.count)))
    }

    /// Unwraps the complete lines pending into `output`.
    private func processLines() {
        guard case .unwrapping(let keepTime) = mode else {
            if case .plain = mode {
                output.append(contentsOf: pending)
                pending.removeAll(keepingCapacity: true)
            }
            return
        }
        var start = 0
        while let newline = pending[start...].firstIndex(of: 10) {
            var end = newline
            if end > start, pending[end - 1] == 13 { end -= 1 }
            unwrap(pending[start..<end], keepTime: keepTime)
            start = newline + 1
        }
        pending.removeSubrange(0..<start)
    }

    private func unwrap(_ line: ArraySlice<UInt8>, keepTime: Bool) {
        guard let cri = Self.split(line) else {
            flushPartial()
            output.append(contentsOf: line)
            output.append(10)
            return
        }
        if partialLines == 0 { partialTime = cri.time }
        partial.append(contentsOf: cri.payload)
        partialLines += 1
        if cri.tag != UInt8(ascii: "P") { flushPartial(keepTime: keepTime) }
    }

    /// Writes the payload joined so far as one line, then a mark for each further line it took.
    private func flushPartial(keepTime: Bool? = nil) {
        guard partialLines > 0 else { return }
        let keep: Bool
        if let keepTime { keep = keepTime } else if case .unwrapping(let k) = mode { keep = k } else { keep = false }
        if keep {
            output.append(contentsOf: partialTime)
            output.append(32)
        }
        output.append(contentsOf: partial)
        output.append(10)
        for _ in 1..<partialLines { output.append(contentsOf: [Self.joinedLineMark, 10]) }
        partial.removeAll(keepingCapacity: true)
        partialLines = 0
    }

    /// A CRI line's timestamp, tag and payload: `TIME STREAM TAG PAYLOAD`, TIME an RFC 3339 time,
    /// STREAM `stdout` or `stderr`, TAG `F` or `P` (optionally followed by `:`-separated flags); nil for
    /// any other line.
    static func split(_ line: ArraySlice<UInt8>) -> (time: ArraySlice<UInt8>, tag: UInt8, payload: ArraySlice<UInt8>)? {
        guard let timeEnd = line.firstIndex(of: 32) else { return nil }
        let time = line[line.startIndex..<timeEnd]
        guard time.count >= 20, time.count <= 40, time[time.startIndex + 4] == UInt8(ascii: "-"),
              time[time.startIndex + 10] == UInt8(ascii: "T"), time.first.map({ $0 >= 48 && $0 <= 57 }) == true else { return nil }
        let rest = line[(timeEnd + 1)...]
        let stream: [UInt8]
        if rest.starts(with: Self.stdout) { stream = Self.stdout } else if rest.starts(with: Self.stderr) { stream = Self.stderr } else { return nil }
        let tagStart = rest.startIndex + stream.count
        guard tagStart < rest.endIndex, rest[tagStart] == 32, tagStart + 1 < rest.endIndex else { return nil }
        let tag = rest[tagStart + 1]
        guard tag == UInt8(ascii: "F") || tag == UInt8(ascii: "P") else { return nil }
        var payloadStart = tagStart + 2
        while payloadStart < rest.endIndex, rest[payloadStart] != 32 {
            guard rest[payloadStart] == UInt8(ascii: ":") || (rest[payloadStart] | 0x20) >= 97 && (rest[payloadStart] | 0x20) <= 122 else { return nil }
            payloadStart += 1
        }
        if payloadStart < rest.endIndex { payloadStart += 1 }
        return (time, tag, rest[payloadStart...])
    }

    private static let stdout = Array("stdout".utf8)
    private static let stderr = Array("stderr".utf8)
}
