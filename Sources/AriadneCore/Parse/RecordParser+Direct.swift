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
        let plan = self.plan
        let messageRange = plan.message.flatMap { savedRanges[$0] } ?? 0..<line.count
        let message = UnsafeBufferPointer(rebasing: line[messageRange])

        var matchedRule: Int?
        for index in candidateRules(for: message) {
            guard let matched = try? rules[index].matches(message) else { return nil }
            if matched {
                matchedRule = index
                break
            }
        }
        guard let ruleIndex = matchedRule, let template = pattern.events[ruleIndex].templateJSON else { return nil }
        let rule = pattern.events[ruleIndex]
        let rulePlan = plan.rules[ruleIndex]
        let ruleMatcher = rules[ruleIndex]

        func saved(_ index: Int?) -> UnsafeBufferPointer<UInt8>? {
            guard let index, let range = savedRanges[index] else { return nil }
            return UnsafeBufferPointer(rebasing: line[range])
        }
        let ruleHost = rulePlan.hostGroup.flatMap { ruleMatcher.range($0) }.map { UnsafeBufferPointer(rebasing: message[$0]) }
        let host = ruleHost ?? saved(plan.host)
        // A host without a service, or with a class or its own name as its service, gets the service its
        // name names: the general path does that.
        if let host, saved(plan.service).map({ ClassPathWord.matches(utf8: $0) || $0.elementsEqual(host) }) ?? true,
           service(ofHost: Self.string(host)) != nil { return nil }

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
        if let text = saved(plan.timestamp) {
            let time = readTime(text, pattern)
            if let time {
                out.append(EventJSON.keyTime)
                EventJSON.appendTime(time, to: out, cache: timeCache)
                out.append(34)
            } else {
                if !pattern.timestampFormats.isEmpty { counts.badTimestamps += 1 }
                counts.untimedEvents += 1
            }
            out.append(EventJSON.keyTimeText)
            EventJSON.quoted(text, to: out)
        } else {
            counts.untimedEvents += 1
        }
        if let host {
            out.append(EventJSON.keyHost)
            EventJSON.quoted(host, to: out)
            counts.hosts.fromRecord += 1
        } else {
            counts.hosts.none += 1
        }
        if let value = saved(plan.service) {
            out.append(EventJSON.keyService)
            EventJSON.quoted(value, to: out)
        }
        if let value = saved(plan.level) {
            out.append(EventJSON.keyLevel)
            EventJSON.quoted(value, to: out)
        }
        writeIDs(line: line, message: message, plan: plan, to: out)
        out.append(EventJSON.keyType)
        out.append(rule.typeJSON)
        out.append(EventJSON.keyTemplate)
        out.append(template)
        writeFields(line: line, message: message, plan: rulePlan, ruleMatcher: ruleMatcher, to: out)
        out.append(EventJSON.keyMessage)
        EventJSON.quoted(message, to: out)
        out.append(125)
        out.append(10)
        return rule.type
    }

    private func writeIDs(line: UnsafeBufferPointer<UInt8>, message: UnsafeBufferPointer<UInt8>, plan: DirectPlan,
                          to out: ByteBuffer) {
        var found: [(kind: Int, value: UnsafeBufferPointer<UInt8>)] = []
        func add(_ kind: Int, _ value: UnsafeBufferPointer<UInt8>) {
            guard !ExecutionID.isPlaceholder(value) else { return }
            let kindName = pattern.executionIDs[kind].kind
            if !found.contains(where: { pattern.executionIDs[$0.kind].kind == kindName && $0.value.elementsEqual(value) }) {
                found.append((kind, value))
            }
        }
        for (index, rule) in pattern.executionIDs.enumerated() {
            if rule.capture != nil {
                if let group = plan.idCaptureGroups[index], let range = savedRanges[group], !range.isEmpty {
                    add(index, UnsafeBufferPointer(rebasing: line[range]))
                }
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
        var written: [Int] = []
        for entry in found {
            let kind = pattern.executionIDs[entry.kind].kind
            if written.contains(where: { pattern.executionIDs[$0].kind == kind }) { continue }
            if !written.isEmpty { out.append(44) }
            written.append(entry.kind)
            out.append(plan.idKindJSON[entry.kind])
            out.append(58)
            out.append(91)
            var first = true
            for other in found where other.kind == entry.kind || pattern.executionIDs[other.kind].kind == kind {
                if !first { out.append(44) }
                first = false
                EventJSON.quoted(other.value, to: out)
            }
            out.append(93)
        }
        out.append(125)
    }

    private func writeFields(line: UnsafeBufferPointer<UInt8>, message: UnsafeBufferPointer<UInt8>,
                             plan: DirectPlan.RulePlan, ruleMatcher: Matcher, to out: ByteBuffer) {
        var any = false
        var names: [String] = []
        for field in plan.fields {
            let range = field.fromRecord ? savedRanges[field.group] : ruleMatcher.range(field.group)
            guard let range else { continue }
            if plan.mayRepeatNames {
                if names.contains(field.name) { continue }
                names.append(field.name)
            }
            if any { out.append(44) } else { out.append(EventJSON.keyFields) }
            any = true
            out.append(field.nameJSON)
            out.append(58)
            EventJSON.quoted(UnsafeBufferPointer(rebasing: (field.fromRecord ? line : message)[range]), to: out)
        }
        if any { out.append(125) }
    }

    static let reserved: Set<String> = ["timestamp", "host", "service", "level", "message"]
}
