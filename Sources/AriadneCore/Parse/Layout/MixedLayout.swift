/// Infers the layouts of one file whose lines mix several, each line whole in one of them, often behind
/// a common source prefix: `kubectl logs --prefix`, `docker compose logs` (`web-1  | …`), aggregated
/// syslog, `tail -f a.log b.log`, a merge of per-host files (`api-1 2026-01-15 10:00:00.001 INFO …`).
///
/// 1. Each line's timestamp position (`LayoutInferrer.stampKeys`: its layout, the tokens before it,
///    an attached label, an opening bracket) and the shape of the token after it (`GroupKey`) group the
///    lines; lines without a timestamp form the rest.
/// 2. The source prefix: when at least 90% of the lines start with a name-like word (letters, digits,
///    `-`, `_`, `.`; not a level or a number; or such words joined by `/` in brackets) taking two or more values, and at least 90% of the
///    timestamped lines have a token before the timestamp, that first token is each layout's `host`.
/// 3. From the largest group down, behind a source prefix, a shipped pattern that reads
///    `PatternDetector.trustedShare` of the group's bodies reads them (as in step 4); otherwise a layout
///    is inferred from the group's lines not yet fitted (`LayoutInferrer`); it must have a timestamp and
///    fit at least `minimumShare` of the sample (and two lines) with its whole header; the lines it fits
///    are taken out.
/// 4. The rest after the prefix (and separators such as `|`; lines continuing a record left out) is matched against the shipped patterns
///    (`PatternDetector`): the best one that reads at least half of it, or else of one source's part of
///    it, parses those lines' bodies (JSON lines behind `host `), again while it fits enough lines.
/// 5. At most `maxLayouts`; two or more make a mixed pattern whose lines are parsed by the first layout
///    that fits (see `RecordParser+Mixed.swift`).
enum MixedLayout {
    /// Most layouts in one file.
    static let maxLayouts = 8
    /// Lines sampled for a mixed file (a source writing few lines must still be seen).
    static let sampleLines = 1024
    /// Share of the sample a layout must fit.
    static let minimumShare = 0.02
    /// Share of lines for the prefix and timestamp-position rules.
    static let prefixShare = 0.9

    /// The mixed layouts of `sample`, or nil when fewer than two are found. `library` is what a body
    /// behind the prefix is matched against; `name` names the pattern.
    static func infer(sample: [[UInt8]], library: [LogPattern], name: String) -> InferredLayout? {
        let raw = sample.filter { !$0.allSatisfy { $0 == 32 || $0 == 9 || $0 == 13 } }
        guard raw.count >= 4 else { return nil }
        let lines = raw.map { String(decoding: $0, as: UTF8.self) }
        let hits = LayoutInferrer.stampHits(lines)
        let keys = hits.map { $0?.key }
        let leadingHost = hasSourcePrefix(lines, keys: keys)
        let minimum = max(2, Int((minimumShare * Double(lines.count)).rounded(.up)))
        var free = [Bool](repeating: true, count: lines.count)
        var members: [(member: LayoutMember, yaml: String, lines: Int)] = []

        /// Makes `member` (a shipped pattern behind the prefix) a layout of the lines of `indices` it reads,
        /// when it reads enough of them.
        func take(_ member: LayoutMember, of indices: [Int]) -> Bool {
            let parser = RecordParser(pattern: pattern(name: name, members: [member]), eventRules: false)
            let fitted = indices.filter { index in
                raw[index].withUnsafeBufferPointer { parser.classify($0, hasOpenRecord: false) == .start }
            }
            guard fitted.count >= minimum else { return false }
            for index in fitted { free[index] = false }
            let yaml = "# Layout \(members.count + 1): pattern \(member.body!.name) after the prefix '\(member.record.source)'.\n"
            members.append((member, yaml, fitted.count))
            return true
        }

        var groups: [GroupKey: [Int]] = [:]
        var order: [GroupKey] = []
        for (index, hit) in hits.enumerated() {
            guard let hit else { continue }
            let key = GroupKey(stamp: hit.key, next: HeaderShape.tokens(lines[index][hit.end...], limit: 1).first.map(HeaderShape.of))
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(index)
        }
        order.sort { groups[$0]!.count != groups[$1]!.count ? groups[$0]!.count > groups[$1]!.count : groups[$0]![0] < groups[$1]![0] }
        for key in order where members.count < maxLayouts {
            let candidates = groups[key]!.filter { free[$0] }
            guard candidates.count >= minimum else { continue }
            // Bodies a shipped pattern reads (an AWS load balancer's lines behind `kubectl logs --prefix`)
            // are read by it, with its fields, rather than by a layout inferred from them.
            if leadingHost, let member = bodyMember(candidates.map { raw[$0] }, library: library, leadingHost: true,
                                                    minimumShare: PatternDetector.trustedShare),
               take(member, of: candidates) {
                continue
            }
            guard let layout = LayoutInferrer.infer(sample: candidates.map { raw[$0] }, name: "\(name)-\(members.count + 1)",
                                                    leadingHost: leadingHost && key.stamp.prefixTokens > 0, delimited: false),
                  let strict = layout.strict, let record = layout.pattern.record,
                  !layout.pattern.timestampFormats.isEmpty else { continue }
            let matcher = strict.makeMatcher()
            let fitted = lines.indices.filter { free[$0] && (try? matcher.matches(lines[$0])) == true }
            guard fitted.count >= minimum else { continue }
            for index in fitted { free[index] = false }
            let prefixed = leadingHost && key.stamp.prefixTokens > 0
            var taken = fitted.count
            var paired = false
            if prefixed {
                // Two-line records behind the prefix: the sources' level lines are the records' second lines.
                let sources = Set(fitted.map { source(of: lines[$0]) })
                let theirs = lines.indices.filter { sources.contains(source(of: lines[$0])) }
                paired = LayoutInferrer.twoLineRecords(theirs.map { body(of: lines[$0]) })
                for index in theirs where paired && free[index] && LayoutInferrer.isLevelLine(body(of: lines[index])) {
                    free[index] = false
                    taken += 1
                }
            }
            let member = LayoutMember(summary: layout.summary + (paired ? " (two lines)" : ""), record: record,
                                      strict: strict.source == record.source ? nil : strict,
                                      timePattern: layout.pattern, body: nil, sourcePrefixed: prefixed, paired: paired)
            members.append((member, layout.yaml, taken))
        }
        while members.count < maxLayouts {
            // Lines continuing a record (stack frames, indented bodies) stay continuations: no pattern is
            // looked for among them.
            let rest = lines.indices.filter { free[$0] && !continues(raw[$0]) }
            guard rest.count >= minimum else { break }
            // All of the rest, then behind a source prefix each source's own (most lines first): one
            // source's layout (JSON behind `[journal-a]`) need not be half of what the others left.
            var groups = [rest]
            if leadingHost {
                let bySource = Dictionary(grouping: rest) { source(of: lines[$0]) }
                groups += bySource.values.filter { $0.count >= minimum }.sorted { $0.count != $1.count ? $0.count > $1.count : $0[0] < $1[0] }
            }
            guard groups.contains(where: { group in
                bodyMember(group.map { raw[$0] }, library: library, leadingHost: leadingHost).map { take($0, of: rest) } == true
            }) else { break }
        }
        guard members.count >= 2 else { return nil }
        // Lines continuing a record (a stack trace's frames, a record's indented body, each behind its
        // source's prefix or not) are neither records nor misses.
        let continuing = lines.indices.filter { free[$0] && continues(raw[$0]) }.count
        let total = Double(max(1, lines.count - continuing))
        let fitted = members.reduce(0) { $0 + $1.lines }
        let parts = members.enumerated().map { index, entry in
            "(\(index + 1)) \(entry.member.summary), \(Int((Double(entry.lines) / total * 100).rounded()))%"
        }
        let summary = "\(members.count) layouts mixed: " + parts.joined(separator: "; ")
        let yaml = "# \(summary); \(Int((Double(fitted) / total * 100).rounded(.down)))% of the first \(lines.count) lines.\n"
            + "# One pattern file per layout; each reads only its own lines.\n"
            + members.map(\.yaml).joined(separator: "---\n")
        return InferredLayout(pattern: pattern(name: name, members: members.map(\.member)), yaml: yaml, summary: summary,
                              share: Double(fitted) / total, sampleLines: lines.count, strict: nil)
    }

    /// A line's first token (its source behind a prefix).
    static func source(of line: String) -> Substring {
        line.prefix { $0 != " " && $0 != "\t" }
    }

    /// A line after its first token and the blanks after it.
    static func body(of line: String) -> String {
        String(line.drop { $0 != " " && $0 != "\t" }.drop { $0 == " " || $0 == "\t" })
    }

    /// Lines of one layout, as far as their timestamp tells: its position (`LayoutInferrer.Key`) and the
    /// shape of the token after it, which tells apart layouts stamped alike (ASP.NET Core's `… info:`
    /// and Spring Boot's `…  INFO [app,…]` behind one `kubectl logs --prefix`).
    struct GroupKey: Hashable {
        var stamp: LayoutInferrer.Key
        var next: HeaderShape?
    }

    /// Whether the lines start with a source name (see the type's documentation).
    static func hasSourcePrefix(_ lines: [String], keys: [LayoutInferrer.Key?]) -> Bool {
        let first = lines.map(source(of:))
        let names = first.filter(isSourceName)
        guard Double(names.count) >= prefixShare * Double(lines.count), Set(names).count >= 2 else { return false }
        let stamped = keys.compactMap { $0 }
        return Double(stamped.filter { $0.prefixTokens > 0 }.count) >= prefixShare * Double(stamped.count)
    }

    /// A word of letters, digits, `-`, `_` and `.` with a letter, up to 64 characters, that is not a level;
    /// or such words joined by `/` in brackets (`[pod/api-1/api]`, as `kubectl logs --prefix` writes).
    static func isSourceName(_ token: Substring) -> Bool {
        if token.first == "[", token.last == "]", token.count > 2 {
            let parts = token.dropFirst().dropLast().split(separator: "/", omittingEmptySubsequences: false)
            return parts.allSatisfy(isSourceName)
        }
        guard (1...64).contains(token.count), token.first.map({ $0.isASCII && ($0.isLetter || $0.isNumber) }) == true,
              token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }),
              token.contains(where: \.isLetter) else { return false }
        return HeaderShape.of(token) == .word
    }

    /// PCRE2 for the prefix before a body: the source name and separators (`|`, `-`, `>`), or nothing.
    static func prefixRegex(leadingHost: Bool) -> String {
        leadingHost ? "^" + sourceToken + #"\s+"# : "^"
    }

    /// PCRE2 for a source name and its marks: a bracketed name (`RegexBuilder.bracketedHost`) has none,
    /// its bracket ends it (in `[pod/api-1/api]       => SpanId…` the `=>` begins an indented line of
    /// the record); a bare one may have some (`web-1  | …`).
    static let sourceToken = "(?|" + RegexBuilder.bracketedHost + "|" + RegexBuilder.bareHost + sourceMarks + ")"

    /// PCRE2 for the separators between a source name and its line (`web-1  | …`).
    static let sourceMarks = #"(?:\s+["# + markCharacters + #"]{1,3}(?=\s))*"#

    /// The characters a source prefix's marks are made of (`|`, `-`, `>`, `::`), as a PCRE2 class body.
    static let markCharacters = "-|>:*#=~"

    /// A source prefix and the one blank after it (or the line's end), the line's own indent left to its
    /// body: how a stack trace's line carries its source (`[pod/api-1/app] \tat …`, `api-1  | \tat …`).
    static let sourcePrefix: CompiledRegex = {
        // A fixed, valid pattern: a failure here is a programming error.
        try! CompiledRegex("^" + sourceToken + #"(?:\s|$)"#)
    }()

    /// Whether `line` continues the record before it: a stack trace's line or an indented one
    /// (`RecordParser.looksLikeContinuation`), alone or behind a source prefix (`sourcePrefix`).
    static func continues(_ line: [UInt8]) -> Bool {
        line.withUnsafeBufferPointer { bytes in
            if RecordParser.looksLikeContinuation(bytes) { return true }
            let matcher = sourcePrefix.makeMatcher()
            guard (try? matcher.matches(bytes)) == true, let end = matcher.range(0)?.upperBound else { return false }
            return RecordParser.looksLikeContinuation(UnsafeBufferPointer(rebasing: bytes[end...]))
        }
    }

    /// A member reading the lines' bodies (after the prefix) with the shipped pattern that fits most of them.
    private static func bodyMember(_ lines: [[UInt8]], library: [LogPattern], leadingHost: Bool,
                                   minimumShare: Double = PatternDetector.minimumShare) -> LayoutMember? {
        guard let prefix = try? CompiledRegex(prefixRegex(leadingHost: leadingHost) + "(?<message>.*)$") else { return nil }
        let matcher = prefix.makeMatcher()
        let group = prefix.names.first { $0.name == "message" }!.group
        let bodies: [[UInt8]] = lines.compactMap { line in
            line.withUnsafeBufferPointer { bytes in
                guard (try? matcher.matches(bytes)) == true, let range = matcher.range(group) else { return nil }
                return Array(bytes[range])
            }
        }
        // A CSV record is read once its lines are joined, which a mixed file's members are not (its own
        // layout is inferred instead).
        let candidates = library.filter { $0.format != .events && $0.format != .csv }
        let detected = PatternDetector.detect(sample: bodies, candidates: candidates)
        guard detected.pattern !== LogPattern.generic, detected.share >= minimumShare else { return nil }
        return LayoutMember(summary: (leadingHost ? "host · " : "") + "pattern " + detected.pattern.name, record: prefix,
                            strict: nil, timePattern: detected.pattern, body: detected.pattern, sourcePrefixed: leadingHost)
    }

    /// The pattern that parses each line with the first of `members` that fits it.
    static func pattern(name: String, members: [LayoutMember]) -> LogPattern {
        LogPattern(name: name, summary: "\(members.count) layouts mixed", file: "inferred", format: .regex, priority: 0,
                   continuation: .indented, skip: nil, record: nil,
                   timestampFormats: members.flatMap(\.timePattern.timestampFormats), zoneOffset: nil, year: 1970, decode: [],
                   inner: nil, keys: [:], executionIDs: members.flatMap(\.timePattern.executionIDs), events: [],
                   similarity: nil, messageFields: true, members: members)
    }
}
