import Foundation

/// Container logs as Kubernetes writes them on a node, unwrapped: each line of the CRI logging format
/// (`2026-12-06T09:14:03.123456789Z stdout F <payload>`, the kubelet's `/var/log/pods/…/0.log` and
/// `/var/log/containers/*.log`) becomes its payload, the application's own line, which detection and
/// layout inference then read as if the application had written the file. A payload the runtime
/// split into partial lines (tag `P`, for lines longer than its buffer) is joined with the lines up to
/// its final one (tag `F`) and read on the first line's number; each line it took is replaced by a
/// line holding only `joinedLineMark`, which the parser counts as a continuation line, so every other
/// line keeps its number.
///
/// Grafana Loki's query output (`logcli query`'s default: `2026-03-06T14:00:01Z {app="api", pod="api-1"}  <line>`,
/// or `-o jsonl`: `{"labels":{"pod":"api-1"},"line":"<line>","timestamp":"…"}`),
/// the lines of many streams merged, is unwrapped the same way, each line behind its stream's name in
/// brackets (`[api-1] <line>`, `lokiStream(_:)`), so a mixed file's source prefix names each line's host
/// and each stream's own layout is detected behind it (`MixedLayout`). Fluent Bit's `stdout` output
/// (`[0] app: [[1772805609.295686196, {}], {"log"=>"<line>", "hostname"=>"api-1"}]`, `fluentBit(_:)`) is
/// unwrapped alike, and so are a log shipper's JSON records holding raw lines (Vector's `console` sink,
/// Filebeat's and Logstash's JSON output, `jsonEnvelope(_:)`).
///
/// The runtime's (or the shipper's) timestamp is dropped when the payloads carry a date of their own (or are JSON
/// objects, whose keys hold theirs): the application's clock is the one it logged with. Otherwise
/// (payloads with no time, or a time of day alone) each line keeps the runtime's timestamp before its
/// payload. The choice is made once per input on its first lines (`decideAfter`), for a Loki input once
/// per stream seen in them (a stream first seen later keeps no shipper's time); a line that is not in
/// the format of the input's first line, and every line of an input whose first line is in neither, passes through unchanged.
final class ContainerLogSource: ByteSource {
    /// The byte a line joined into the line before it is replaced by.
    static let joinedLineMark: UInt8 = 0x1E

    /// What a merged input's lines wrap their streams' lines in.
    enum Wrapper: Sendable {
        /// Loki's query output, or Fluent Bit's `stdout` output (`lokiStream(_:)`).
        case loki
        /// A log shipper's JSON records (`jsonEnvelope(_:)`), decided on an input's first lines.
        case envelope
        /// A syslog collector's file (`syslogLine(_:)`), decided on an input's first lines.
        case syslog
    }

    private enum Mode { case undecided, plain, unwrapping(keepTime: Bool), loki(keepingTime: Set<String>, wrapper: Wrapper) }

    private let upstream: ByteSource
    private var mode = Mode.undecided

    /// What the input's lines were found to wrap, when it is unwrapped stream by stream (Loki, a shipper's
    /// JSON records, a syslog collector's file).
    var wrapper: Wrapper? {
        if case .loki(_, let wrapper) = mode { return wrapper }
        return nil
    }
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
    /// Behind a shipper's JSON, the streams whose last line continued a record (a stack frame, or a section's
    /// heading after one).
    private var inStack: Set<String> = []

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
        guard let first = lines.first else {
            mode = .plain
            return
        }
        if Self.split(first) != nil {
            let parsed = lines.prefix(Self.decideAfter.lines).compactMap(Self.split)
            mode = .unwrapping(keepTime: Self.undated(parsed.filter { $0.tag == UInt8(ascii: "F") }.map { String(decoding: $0.payload, as: UTF8.self) }))
        } else if let wrapper: Wrapper = Self.lokiStream(first) != nil ? .loki
                    : Self.envelopes(lines.prefix(Self.decideAfter.lines)) ? .envelope
                    : Self.syslogs(lines.prefix(Self.decideAfter.lines)) ? .syslog : nil {
            // Per stream: streams merge layouts, and one writing no time of its own keeps the shipper's.
            var payloads: [String: [String]] = [:]
            for line in lines.prefix(Self.decideAfter.lines) {
                guard let loki = Self.unwrapped(line, wrapper) else { continue }
                payloads[loki.stream, default: []].append(String(decoding: loki.payload, as: UTF8.self))
            }
            mode = .loki(keepingTime: Set(payloads.filter { Self.undated($0.value) }.keys), wrapper: wrapper)
        } else {
            mode = .plain
        }
    }

    /// Whether the payloads mostly carry no date of their own (nor are JSON objects). Lines continuing a
    /// record (indented, a stack's) are not counted: .NET's console logger writes its scopes and message
    /// on indented lines under each dated header, and those lines never carry the date.
    static func undated(_ payloads: [String]) -> Bool {
        let opening = payloads.filter { payload in
            var copy = payload
            return !copy.withUTF8 { RecordParser.looksLikeContinuation($0) }
        }
        let payloads = opening.isEmpty ? payloads : opening
        let json = payloads.filter { $0.first == "{" }.count
        let dated = LayoutInferrer.findTimestamp(payloads).map { $0.entries.contains { $0.format.hasDate } } ?? false
        return !(dated || json * 2 >= max(1, payloads.count))
    }

    /// Unwraps the complete lines pending into `output`.
    private func processLines() {
        let line: (ArraySlice<UInt8>) -> Void
        switch mode {
        case .unwrapping(let keepTime): line = { self.unwrap($0, keepTime: keepTime) }
        case .loki(let keeping, let wrapper): line = { self.unwrapLoki($0, keepingTime: keeping, wrapper: wrapper) }
        case .plain:
            output.append(contentsOf: pending)
            pending.removeAll(keepingCapacity: true)
            return
        case .undecided: return
        }
        var start = 0
        while let newline = pending[start...].firstIndex(of: 10) {
            var end = newline
            if end > start, pending[end - 1] == 13 { end -= 1 }
            line(pending[start..<end])
            start = newline + 1
        }
        pending.removeSubrange(0..<start)
    }

    /// A Loki line as `[STREAM] PAYLOAD` (`[STREAM] TIME PAYLOAD` for a stream `keeping` its shipper's
    /// time); any other line as it is.
    private func unwrapLoki(_ line: ArraySlice<UInt8>, keepingTime keeping: Set<String>, wrapper: Wrapper) {
        guard let loki = Self.unwrapped(line, wrapper) else {
            output.append(contentsOf: line)
            output.append(10)
            return
        }
        output.append(UInt8(ascii: "["))
        output.append(contentsOf: loki.stream.utf8)
        output.append(contentsOf: [UInt8(ascii: "]"), 32])
        // Behind Loki or a syslog collector, the wrapper's time (a syslog collector's: the year-less second it
        // received the line, in the sender's zone) goes only before the lines of a stream writing no time of
        // its own: in the others, an untimed line continues the record before it (`Error has been observed
        // at …` in a Reactor stack).
        if wrapper != .envelope {
            if keeping.contains(loki.stream) {
                output.append(contentsOf: loki.time)
                output.append(32)
            }
            output.append(contentsOf: loki.payload)
            output.append(10)
            return
        }
        // A shipper's record is a whole line. Its time goes before a payload without a time of day of its own
        // (never before one with: a stream dating one line in three keeps them) that is no directive
        // (`#Fields: …`) and continues no record (a stack frame, an exception, or a line inside a stack that
        // opens a section of it, ending in a colon: Reactor's `Error has been observed at the following
        // site(s):`, Python's `During handling of the above exception, another exception occurred:`): in a
        // stream writing no time, every such payload; in the others, one that opens like no record either (a
        // level word: uvicorn's access line stays an untimed record, as behind Loki), so a function runtime's
        // `START RequestId: …` between its dated lines is a record of its own, not a line of the invocation
        // before it.
        let dated = Self.hasTimeOfDay(loki.payload)
        let continues = loki.payload.withUnsafeBufferPointer { RecordParser.looksLikeContinuation($0) }
            || inStack.contains(loki.stream) && !dated && Self.opensASection(loki.payload)
        if continues { inStack.insert(loki.stream) } else { inStack.remove(loki.stream) }
        if loki.payload.first != UInt8(ascii: "#") && !dated && !continues
            && (keeping.contains(loki.stream) || loki.payload.withUnsafeBufferPointer { !RecordParser.startsLikeARecord($0) }) {
            output.append(contentsOf: loki.time)
            output.append(32)
        }
        output.append(contentsOf: loki.payload)
        output.append(10)
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
        guard let timeEnd = line.firstIndex(of: 32), isStamp(line[line.startIndex..<timeEnd]) else { return nil }
        let time = line[line.startIndex..<timeEnd]
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

    /// Whether `time` looks like an RFC 3339 time (`2026-12-06T09:14:03.123456789Z`): a digit first, `-`
    /// fifth, `T` eleventh, 20 to 40 bytes.
    private static func isStamp(_ time: ArraySlice<UInt8>) -> Bool {
        time.count >= 20 && time.count <= 40 && time[time.startIndex + 4] == UInt8(ascii: "-")
            && time[time.startIndex + 10] == UInt8(ascii: "T") && time.first.map({ $0 >= 48 && $0 <= 57 }) == true
    }

    /// A Loki query line's timestamp, stream name and payload: `TIME {NAME="VALUE", …}  PAYLOAD`, TIME an
    /// RFC 3339 time (`isStamp`), the labels as `logcli query` prints them (padded with blanks to the
    /// longest), or `-o jsonl`'s object (`lokiJSON`). The stream's name is the value of the first label
    /// naming an instance (`streamLabels`: `pod`, `host`, `instance`…), else of one naming a job or an app,
    /// else of the first label; nil for any other line, or one whose name is empty or holds a blank or a bracket.
    static func lokiStream(_ line: ArraySlice<UInt8>) -> (time: ArraySlice<UInt8>, stream: String, payload: ArraySlice<UInt8>)? {
        if line.first == UInt8(ascii: "{") { return lokiJSON(line) }
        if line.first == UInt8(ascii: "[") { return fluentBit(line) }
        guard let timeEnd = line.firstIndex(of: 32), isStamp(line[line.startIndex..<timeEnd]) else { return nil }
        let time = line[line.startIndex..<timeEnd]
        var i = timeEnd
        while i < line.endIndex, line[i] == 32 { i += 1 }
        guard i < line.endIndex, line[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        var labels: [(name: String, value: String)] = []
        while true {
            while i < line.endIndex, line[i] == 32 || line[i] == UInt8(ascii: ",") { i += 1 }
            guard i < line.endIndex else { return nil }
            if line[i] == UInt8(ascii: "}") { break }
            let nameStart = i
            while i < line.endIndex, line[i] == UInt8(ascii: "_") || (line[i] | 0x20) >= 97 && (line[i] | 0x20) <= 122
                || line[i] >= 48 && line[i] <= 57 { i += 1 }
            guard i > nameStart, i + 1 < line.endIndex, line[i] == UInt8(ascii: "="), line[i + 1] == UInt8(ascii: "\"") else { return nil }
            let name = String(decoding: line[nameStart..<i], as: UTF8.self)
            i += 2
            var value: [UInt8] = []
            while i < line.endIndex, line[i] != UInt8(ascii: "\"") {
                if line[i] == UInt8(ascii: "\\"), i + 1 < line.endIndex { i += 1 }
                value.append(line[i])
                i += 1
            }
            guard i < line.endIndex else { return nil }
            i += 1
            labels.append((name, String(decoding: value, as: UTF8.self)))
        }
        i += 1
        guard i == line.endIndex || line[i] == 32, !labels.isEmpty else { return nil }
        while i < line.endIndex, line[i] == 32 { i += 1 }
        guard let stream = streamName(labels) else { return nil }
        return (time, stream, line[i...])
    }

    /// `logcli query -o jsonl`'s line, `{"labels":{…},"line":"…","timestamp":"…"}`, as `lokiStream(_:)` reads
    /// the default output's; nil for any other JSON object.
    static func lokiJSON(_ line: ArraySlice<UInt8>) -> (time: ArraySlice<UInt8>, stream: String, payload: ArraySlice<UInt8>)? {
        guard line.starts(with: #"{"labels":"#.utf8),
              let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
              let labels = object["labels"] as? [String: String], let text = object["line"] as? String,
              let time = object["timestamp"] as? String, !text.contains("\n"),
              let stream = streamName(labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }) else { return nil }
        return (ArraySlice(time.utf8), stream, ArraySlice(text.utf8))
    }

    /// Fluent Bit's `stdout` output, `[N] TAG: [[SEC.NSEC, {}], {"log"=>"…", "hostname"=>"api-1"}]` (and
    /// before 2.1 `[N] TAG: [SEC.NSEC, {…}]`), read as `lokiStream(_:)` reads a Loki line: the record's
    /// `log` (or `message`, `msg`, `MESSAGE`) is the payload, its instance key (`hostname`, `pod`…, as
    /// Loki's labels) or else the tag the stream, SEC.NSEC (when the agent read the line) the time. Fluent
    /// Bit prints strings unescaped: a value runs to the `, "` before the next `"key"=>`, or to the `}]`
    /// closing the line.
    static func fluentBit(_ line: ArraySlice<UInt8>) -> (time: ArraySlice<UInt8>, stream: String, payload: ArraySlice<UInt8>)? {
        var i = line.startIndex + 1
        func skip(_ text: String) -> Bool {
            guard line[i...].starts(with: text.utf8) else { return false }
            i += text.utf8.count
            return true
        }
        let digitsStart = i
        while i < line.endIndex, line[i] >= 48, line[i] <= 57 { i += 1 }
        guard i > digitsStart, skip("] ") else { return nil }
        let tagStart = i
        while i < line.endIndex, line[i] != 32, line[i] != UInt8(ascii: "[") { i += 1 }
        guard i - tagStart >= 2, line[i - 1] == UInt8(ascii: ":"), skip(" [") else { return nil }
        let tag = String(decoding: line[tagStart..<(i - 3)], as: UTF8.self)
        let nested = skip("[")
        let timeStart = i
        while i < line.endIndex, line[i] >= 48 && line[i] <= 57 || line[i] == UInt8(ascii: ".") { i += 1 }
        let time = line[timeStart..<i]
        guard time.count >= 10, skip(", {") else { return nil }
        if nested {
            // The metadata map, then the record's.
            while i < line.endIndex, line[i] != UInt8(ascii: "}") { i += 1 }
            guard i < line.endIndex else { return nil }
            i += 1
            guard skip("], {") else { return nil }
        }
        var end = line.endIndex
        while end > i, line[end - 1] == 32 || line[end - 1] == 13 { end -= 1 }
        guard end - i >= 2, line[end - 2] == UInt8(ascii: "}"), line[end - 1] == UInt8(ascii: "]") else { return nil }
        let body = line[i..<(end - 2)]
        // Where each `"key"=>` starts: the body's start, or after `, `.
        var keys: [(name: String, start: Int, value: Int)] = []
        var j = body.startIndex
        while j < body.endIndex {
            if body[j] == UInt8(ascii: "\""), j == body.startIndex || (j - body.startIndex >= 2 && body[j - 2] == UInt8(ascii: ",") && body[j - 1] == 32) {
                var k = j + 1
                while k < body.endIndex, body[k] != UInt8(ascii: "\""), body[k] != 32 { k += 1 }
                if k + 2 < body.endIndex, body[k] == UInt8(ascii: "\""), body[k + 1] == UInt8(ascii: "="), body[k + 2] == UInt8(ascii: ">") {
                    keys.append((String(decoding: body[(j + 1)..<k], as: UTF8.self), j, k + 3))
                    j = k + 3
                    continue
                }
            }
            j += 1
        }
        var values: [(name: String, value: ArraySlice<UInt8>)] = []
        for (n, key) in keys.enumerated() {
            // A value ends at the `, ` before the next key.
            var value = body[key.value..<(n + 1 < keys.count ? keys[n + 1].start - 2 : body.endIndex)]
            guard value.count >= 2, value.first == UInt8(ascii: "\""), value.last == UInt8(ascii: "\"") else { continue }
            value = value.dropFirst().dropLast()
            values.append((key.name, value))
        }
        guard let payload = ["log", "message", "msg", "MESSAGE"].lazy.compactMap({ name in values.first { $0.name == name } }).first,
              let stream = streamName([("tag", tag)] + values.filter { $0.name != payload.name && $0.value.count <= 256 }
                  .map { ($0.name, String(decoding: $0.value, as: UTF8.self)) }) else { return nil }
        var text = payload.value
        while text.last == 10 || text.last == 13 { text = text.dropLast() }
        return (time, stream, text)
    }

    /// A log shipper's JSON record carrying a raw line (Vector's `console` sink, Filebeat's and Logstash's
    /// JSON output: `{"host":"api-1","file":"/var/log/api.log","message":"<line>","timestamp":"…"}`), read as
    /// `lokiStream(_:)` reads a Loki line: the payload is the first string of `message`, `log`, `msg`,
    /// `MESSAGE`, `line`; the stream the value of an instance key (`streamLabels`, also nested: `host.name`,
    /// `kubernetes.pod_name`), else the name a log group or a file's path ends in (`/aws/lambda/notify` →
    /// `notify`, `/var/log/api/api.log` → `api`), else a group key's (`groupLabels`); the time the record's
    /// `timestamp`, `@timestamp` or `time`. Nil for any other line, and for a payload over several lines
    /// (it passes through as it is, so every line keeps its number). Whether a file is such records is
    /// decided on its first lines (`envelopes(_:)`), not line by line.
    static func jsonEnvelope(_ line: ArraySlice<UInt8>) -> (time: ArraySlice<UInt8>, stream: String, payload: ArraySlice<UInt8>)? {
        guard line.first == UInt8(ascii: "{"), let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
            return nil
        }
        var flat: [(key: String, value: String)] = []
        func flatten(_ object: [String: Any], _ prefix: String, depth: Int) {
            for key in object.keys.sorted() {
                let path = prefix.isEmpty ? key : prefix + "." + key
                if let text = object[key] as? String {
                    flat.append((path.lowercased(), text))
                } else if depth < 3, let inner = object[key] as? [String: Any] {
                    flatten(inner, path, depth: depth + 1)
                }
            }
        }
        flatten(object, "", depth: 0)
        func value(_ names: [String]) -> String? {
            names.lazy.compactMap { name in flat.first { $0.key == name }?.value }.first
        }
        guard var payload = value(["message", "log", "msg", "line"]) ?? (object["MESSAGE"] as? String) else { return nil }
        while payload.last == "\n" || payload.last == "\r" || payload.last == "\r\n" { payload.removeLast() }
        guard !payload.isEmpty, !payload.contains("\n"), let time = value(["timestamp", "@timestamp", "time"]) else { return nil }
        /// The key's last part without a trailing `.name` (`host.name` → `host`, `kubernetes.pod_name` → `pod_name`).
        func leaf(_ key: String) -> Substring {
            let trimmed = key.hasSuffix(".name") ? key.dropLast(5) : Substring(key)
            return trimmed.split(separator: ".").last ?? trimmed
        }
        func named(_ labels: [String]) -> String? {
            labels.lazy.compactMap { label in flat.first { $0.key != "message" && leaf($0.key) == label && !$0.value.isEmpty }?.value }.first
        }
        /// The last part of a path, without its extension (`/var/log/api/api.log` → `api`).
        func pathName(_ path: String) -> String? {
            guard path.hasPrefix("/") || path.contains("/") else { return nil }
            let last = path.split(separator: "/").last.map(String.init) ?? ""
            let name = last.split(separator: ".").first.map(String.init) ?? last
            return name.isEmpty ? nil : name
        }
        let paths = ["log_group", "loggroup", "file", "path", "log.file.path", "source"]
        guard let stream = named(streamLabels) ?? paths.lazy.compactMap({ key in value([key]).flatMap(pathName) }).first ?? named(groupLabels),
              !stream.utf8.contains(where: { $0 == 32 || $0 == 9 || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") }) else { return nil }
        return (ArraySlice(time.utf8), stream, ArraySlice(payload.utf8))
    }

    /// Whether `payload` ends in a colon (blanks after it aside): a line naming what the lines after it are.
    static func opensASection(_ payload: ArraySlice<UInt8>) -> Bool {
        var end = payload.endIndex
        while end > payload.startIndex, payload[end - 1] == 32 || payload[end - 1] == 9 || payload[end - 1] == 13 { end -= 1 }
        return end > payload.startIndex && payload[end - 1] == UInt8(ascii: ":")
    }

    /// Whether a time of day (`HH:mm`) is among the first 40 bytes of `payload`: a cheap sign, per line,
    /// that it carries its own time.
    static func hasTimeOfDay(_ payload: ArraySlice<UInt8>) -> Bool {
        let head = payload.prefix(40)
        func digit(_ i: Int) -> Bool { i < head.endIndex && head[i] >= 48 && head[i] <= 57 }
        return head.indices.contains { i in head[i] == UInt8(ascii: ":") && digit(i + 1) && digit(i + 2) && i - 2 >= head.startIndex && digit(i - 1) && digit(i - 2) }
    }

    /// Whether `lines` (an input's first) are a shipper's JSON records (`jsonEnvelope(_:)`, `wrapsDatedLines`):
    /// raw lines of logs, not an application's JSON records, whose message is text.
    static func envelopes(_ lines: some Collection<ArraySlice<UInt8>>) -> Bool {
        lines.first?.first == UInt8(ascii: "{") && wrapsDatedLines(lines, .envelope)
    }

    /// Whether most of `lines` are wrapped by `wrapper`, a quarter of whose payloads at least open with a
    /// date of their own (each on its own: the streams' layouts differ; a quarter: a function runtime dates
    /// one line in three).
    static func wrapsDatedLines(_ lines: some Collection<ArraySlice<UInt8>>, _ wrapper: Wrapper) -> Bool {
        let payloads = lines.compactMap { unwrapped($0, wrapper) }.map { String(decoding: $0.payload, as: UTF8.self) }
        guard payloads.count * 2 > lines.count else { return false }
        return payloads.filter(isDated).count * 4 >= payloads.count
    }

    /// Whether `text` opens with a date and time (a layout of `TimestampLibrary` first, an opening bracket
    /// allowed: a message's id after a word or two, a snowflake that reads as an epoch, is none).
    private static func isDated(_ text: String) -> Bool {
        guard let stamp = LayoutInferrer.findTimestamp([text]), stamp.prefixTokens == 0 else { return false }
        return stamp.entries.contains { $0.format.hasDate }
    }

    /// The stream a Loki line's labels name (`lokiStream(_:)`), nil when it is empty or holds a blank or a bracket.
    private static func streamName(_ labels: [(name: String, value: String)]) -> String? {
        guard !labels.isEmpty else { return nil }
        let named = { (names: [String]) in names.lazy.compactMap { n in labels.first { $0.name.lowercased() == n }?.value }.first }
        let stream = named(streamLabels) ?? named(groupLabels) ?? labels[0].value
        guard !stream.isEmpty, !stream.utf8.contains(where: { $0 == 32 || $0 == 9 || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") })
        else { return nil }
        return stream
    }

    /// `line` as a sample of its file reads it: a CRI line's payload, a Loki line as `[STREAM] PAYLOAD`,
    /// any other line as it is (the times the input keeps are decided on its head, not here).
    static func sampled(_ line: ArraySlice<UInt8>, wrapper: Wrapper? = nil) -> [UInt8] {
        if let cri = split(line) { return Array(cri.payload) }
        // A shipper's JSON record or a syslog line only in an input read as such (an application's JSON
        // records and a host's own syslog stay as they are).
        guard let loki = unwrapped(line, wrapper ?? .loki) else { return Array(line) }
        return Array("[\(loki.stream)] ".utf8) + loki.payload
    }

    /// `line`'s time, stream and payload as `wrapper` wraps them, nil when it does not.
    static func unwrapped(_ line: ArraySlice<UInt8>, _ wrapper: Wrapper) -> (time: ArraySlice<UInt8>, stream: String, payload: ArraySlice<UInt8>)? {
        switch wrapper {
        case .loki: return lokiStream(line)
        case .envelope: return jsonEnvelope(line)
        case .syslog: return syslogLine(line)
        }
    }

    /// A syslog collector's line (rsyslog's and syslog-ng's traditional file format, `Mar  6 14:00:01 HOST
    /// TAG: MSG`, or the high-precision one, `2026-03-06T14:00:01.123456+00:00 HOST TAG: MSG`; TAG a
    /// program name with an optional `[PID]`): the stream is HOST, the payload MSG with the control
    /// characters the collector escaped on receipt (`#011` for a tab) restored, so a stack frame's tab
    /// reads as one. Nil for any other line.
    static func syslogLine(_ line: ArraySlice<UInt8>) -> (time: ArraySlice<UInt8>, stream: String, payload: ArraySlice<UInt8>)? {
        var i = line.startIndex
        func token() -> ArraySlice<UInt8> {
            while i < line.endIndex, line[i] == 32 { i += 1 }
            let start = i
            while i < line.endIndex, line[i] != 32 { i += 1 }
            return line[start..<i]
        }
        let first = token()
        let time: ArraySlice<UInt8>
        if isStamp(first) {
            time = first
        } else {
            // `MMM d HH:mm:ss`: a month's name, a day, a time of day.
            let day = token(), clock = token()
            guard first.count == 3, first.allSatisfy({ ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 }),
                  (1...2).contains(day.count), day.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                  clock.count >= 8, clock[clock.startIndex + 2] == UInt8(ascii: ":"), clock[clock.startIndex + 5] == UInt8(ascii: ":")
            else { return nil }
            time = line[first.startIndex..<clock.endIndex]
        }
        let host = token(), tag = token()
        guard !host.isEmpty, host.count <= 64, !host.contains(UInt8(ascii: "[")), !host.contains(UInt8(ascii: ":")) || host.count > 2,
              tag.count >= 2, tag.last == UInt8(ascii: ":"), tag.first.map({ ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 }) == true
        else { return nil }
        if i < line.endIndex { i += 1 }
        var payload = line[i...]
        if payload.contains(UInt8(ascii: "#")) { payload = ArraySlice(unescapingControls(payload)) }
        return (time, String(decoding: host, as: UTF8.self), payload)
    }

    /// `text` with the control characters a syslog collector wrote as `#` and three octal digits
    /// (`#011`, a tab) restored, but for NUL and line breaks.
    static func unescapingControls(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = text.startIndex
        func octal(_ j: Int) -> UInt8? { j < text.endIndex && text[j] >= 48 && text[j] <= 55 ? text[j] - 48 : nil }
        while i < text.endIndex {
            if text[i] == UInt8(ascii: "#"), let a = octal(i + 1), let b = octal(i + 2), let c = octal(i + 3) {
                let value = Int(a) * 64 + Int(b) * 8 + Int(c)
                // Not a line break: a record stays on its line (each line keeps its number).
                if value > 0 && value < 32 && value != 10 && value != 13 || value == 127 {
                    out.append(UInt8(value))
                    i += 4
                    continue
                }
            }
            out.append(text[i])
            i += 1
        }
        return out
    }

    /// Whether `lines` (an input's first) are a syslog collector's file whose messages are other logs'
    /// lines (`syslogLine(_:)`, `wrapsDatedLines`): a host's own syslog, whose messages are text, is read by
    /// its pattern as before.
    static func syslogs(_ lines: some Collection<ArraySlice<UInt8>>) -> Bool {
        wrapsDatedLines(lines, .syslog)
    }

    /// Labels naming the instance a stream comes from (Kubernetes', Prometheus' and Promtail's), most
    /// specific first.
    static let streamLabels = ["pod", "pod_name", "host", "hostname", "instance", "node", "node_name", "nodename",
                               "container", "container_name", "service_instance_id"]
    /// Labels naming what a stream belongs to, when none names its instance.
    static let groupLabels = ["job", "app", "service", "service_name", "component"]

    private static let stdout = Array("stdout".utf8)
    private static let stderr = Array("stderr".utf8)
}
