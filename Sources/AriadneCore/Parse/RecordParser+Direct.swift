/// The direct path of `ariadne parse`: a one-line record that an event rule names is written as JSON
/// straight from its bytes, with no `Event` and no `String` per value. It must write exactly what
/// `EventJSON.append(event(from:source:))` writes (a test compares the two on real logs), so it only
/// takes records it can reproduce exactly and leaves the rest to the general path: non-ASCII lines
/// (whose invalid bytes the general path repairs), records no rule names (their type comes from the
/// order-dependent miner), rules without a single template, and matches stopped by a limit.
extension RecordParser {
    /// Writes the record on `line` (captures saved by `saveCaptures`) to `out` and returns its event
    /// type, or returns nil having written nothing.
    func encodeDirect(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int, file: String, to out: ByteBuffer) -> String? {
        for byte in line where byte >= 0x80 { return nil }
        let messageIndex = recordGroupNames.firstIndex(of: "message")
        let messageRange = messageIndex.flatMap { savedRanges[$0] } ?? 0..<line.count
        let message = UnsafeBufferPointer(rebasing: line[messageRange])

        let candidates = message.isEmpty ? rulesForEmpty : rulesByFirstByte[Int(message[0])]
        var matchedRule: Int?
        for index in candidates {
            guard let matched = try? rules[index].matches(message) else { return nil }
            if matched {
                matchedRule = index
                break
            }
        }
        guard let ruleIndex = matchedRule, let template = pattern.events[ruleIndex].templateJSON else { return nil }
        let rule = pattern.events[ruleIndex]
        let ruleMatcher = rules[ruleIndex]

        func saved(_ name: String) -> UnsafeBufferPointer<UInt8>? {
            guard let index = recordGroupNames.firstIndex(of: name), let range = savedRanges[index] else { return nil }
            return UnsafeBufferPointer(rebasing: line[range])
        }
        func ruleCapture(_ name: String?) -> UnsafeBufferPointer<UInt8>? {
            guard let name, let group = rule.regex.group(named: name), let range = ruleMatcher.range(group) else { return nil }
            return UnsafeBufferPointer(rebasing: message[range])
        }

        let start = out.count
        if sourcePrefix.file != file {
            let prefix = ByteBuffer()
            prefix.append(EventJSON.keySource)
            prefix.append(34)
            EventJSON.escape(file, to: prefix)
            prefix.append(58)
            sourcePrefix = (file, Array(prefix.bytes))
        }
        out.append(sourcePrefix.bytes)
        EventJSON.decimal(lineNumber, to: out)
        out.append(34)
        if let text = saved("timestamp") {
            var time: Int64?
            for format in pattern.timestampFormats {
                if let parsed = format.parse(text, offset: pattern.zoneOffset, year: pattern.year) {
                    time = parsed
                    break
                }
            }
            if let time {
                out.append(EventJSON.keyTime)
                EventJSON.appendTime(time, to: out)
                out.append(34)
            } else if !pattern.timestampFormats.isEmpty {
                counts.badTimestamps += 1
            }
            out.append(EventJSON.keyTimeText)
            EventJSON.quoted(text, to: out)
        }
        if let host = ruleCapture(rule.hostCapture) ?? saved("host") {
            out.append(EventJSON.keyHost)
            EventJSON.quoted(host, to: out)
        }
        for (name, key) in [("service", EventJSON.keyService), ("level", EventJSON.keyLevel)] {
            if let value = saved(name) {
                out.append(key)
                EventJSON.quoted(value, to: out)
            }
        }
        writeIDs(message: message, saved: saved, to: out)
        out.append(EventJSON.keyType)
        out.append(rule.typeJSON)
        out.append(EventJSON.keyTemplate)
        out.append(template)
        writeFields(line: line, message: message, rule: rule, ruleMatcher: ruleMatcher, to: out)
        out.append(EventJSON.keyMessage)
        EventJSON.quoted(message, to: out)
        out.append(125)
        out.append(10)
        _ = start
        return rule.type
    }

    private func writeIDs(message: UnsafeBufferPointer<UInt8>, saved: (String) -> UnsafeBufferPointer<UInt8>?,
                          to out: ByteBuffer) {
        var found: [(kind: Int, value: UnsafeBufferPointer<UInt8>)] = []
        func add(_ kind: Int, _ value: UnsafeBufferPointer<UInt8>) {
            let kindName = pattern.executionIDs[kind].kind
            if !found.contains(where: { pattern.executionIDs[$0.kind].kind == kindName && $0.value.elementsEqual(value) }) {
                found.append((kind, value))
            }
        }
        for (index, rule) in pattern.executionIDs.enumerated() {
            if let capture = rule.capture {
                let value = capture == "host" || capture == "service" || !reservedNames.contains(capture) ? saved(capture) : nil
                if let value, !value.isEmpty { add(index, value) }
            } else if let matcher = ids[index] {
                var offset = 0
                while offset <= message.count, (try? matcher.matches(message, from: offset)) == true, let whole = matcher.range(0) {
                    let range = rule.idGroup.flatMap { matcher.range($0) } ?? whole
                    add(index, UnsafeBufferPointer(rebasing: message[range]))
                    offset = whole.upperBound > whole.lowerBound ? whole.upperBound : whole.upperBound + 1
                }
            }
        }
        guard !found.isEmpty else { return }
        out.append(EventJSON.keyIDs)
        var writtenKinds: [String] = []
        for entry in found {
            let kind = pattern.executionIDs[entry.kind].kind
            if writtenKinds.contains(kind) { continue }
            if !writtenKinds.isEmpty { out.append(44) }
            writtenKinds.append(kind)
            EventJSON.string(kind, to: out)
            out.append(58)
            out.append(91)
            var first = true
            for other in found where pattern.executionIDs[other.kind].kind == kind {
                if !first { out.append(44) }
                first = false
                EventJSON.quoted(other.value, to: out)
            }
            out.append(93)
        }
        out.append(125)
    }

    private func writeFields(line: UnsafeBufferPointer<UInt8>, message: UnsafeBufferPointer<UInt8>,
                             rule: LogPattern.EventRule, ruleMatcher: Matcher, to out: ByteBuffer) {
        var names: [String] = []
        func field(_ name: String, _ value: UnsafeBufferPointer<UInt8>) {
            guard !names.contains(name) else { return }
            out.append(names.isEmpty ? EventJSON.keyFields : [44])
            names.append(name)
            EventJSON.string(name, to: out)
            out.append(58)
            EventJSON.quoted(value, to: out)
        }
        for (index, name) in recordGroupNames.enumerated() where !reservedNames.contains(name) {
            if let range = savedRanges[index] { field(name, UnsafeBufferPointer(rebasing: line[range])) }
        }
        for (name, group) in rule.regex.names {
            guard let range = ruleMatcher.range(group) else { continue }
            let value = UnsafeBufferPointer(rebasing: message[range])
            field(name, value)
            if name == rule.concernsCapture { field("concerns", value) }
        }
        if !names.isEmpty { out.append(125) }
    }

    private var reservedNames: Set<String> { RecordParser.reserved }

    static let reserved: Set<String> = ["timestamp", "host", "service", "level", "message"]
}
