/// Infers the record layout of a log from a sample of its first lines, with no pattern file.
///
/// 1. The timestamp: every layout of `TimestampLibrary` is searched near the start of each line, at
///    column 0 or after up to three tokens (a label, a sequence number, a file name) and an optional
///    opening bracket. The layout and position found on most lines wins (then the earliest position,
///    then the longest text); at least half of the lines must have it.
/// 2. The header after it: tokens at the same position are compared by shape (`HeaderShape`); a
///    position belongs to the header when at least 80% of the timestamped lines agree on its shape and
///    on every shape before it. A word is a header field only when a level, a bracketed token or a
///    `component:` follows it, or when it is a padded column (two or more spaces after it); otherwise
///    it is the message's first word. The header ends after a `component:`. The rest of the line is
///    the message.
/// 3. The result is a regex pattern whose header after the timestamp is optional as a whole, so a line
///    with the timestamp but another header is still a record; lines without the timestamp continue the
///    record before them (stack traces).
///
/// Before these, a file that names its columns (`DeclaredColumns`: W3C `#Fields:`, Zeek `#fields`) is
/// read by them, and one of delimited values (`DelimitedColumns`: CSV) as such. Lines opening with a level and a colon after each first line (`pairsLevelLines`,
/// `headsOnly`) are left out of the sample: they are the second lines of two-line records
/// (java.util.logging), the layout's `continuation: paired` with an `inner` reading them. After a
/// timestamp closed by `|`, the header's columns are the `|`-separated ones (`pipedHeader`).
enum LayoutInferrer {
    /// Share of the sample lines that must carry the timestamp.
    static let timestampShare = 0.5
    /// Share of the timestamped lines that must agree on a header position.
    static let agreement = 0.8
    /// Header tokens looked at after the timestamp.
    static let maxHeaderTokens = 8
    /// Tokens allowed before the timestamp, separators (`|`, `-`, `>`: a source prefix's marks) not counted.
    static let maxPrefixTokens = 3
    /// Characters after a bracketed timestamp, before its closing bracket, read as words of the bracket.
    static let innerLength = 32
    /// Bytes of a line searched for the timestamp.
    static let searchBytes = 160

    /// The layout of `sample` (raw lines), or nil when the lines share no timestamp and no header.
    /// `name` is the pattern's name.
    /// With `leadingHost`, the first token before the timestamp is the record's host (a mixed file's
    /// source prefix, see `MixedLayout`), captured even when the sample shows one value.
    static func infer(sample: [[UInt8]], name: String = "inferred", leadingHost: Bool = false, delimited: Bool = true) -> InferredLayout? {
        // Columns the file names itself (W3C `#Fields:`, Zeek `#fields`) are read, not guessed.
        if !leadingHost, let declared = DeclaredColumns.infer(sample: sample, name: name) { return declared }
        // So are delimited values (CSV), unless the layout must be a regex (`delimited` false: a mixed file's member).
        if delimited, !leadingHost, let values = DelimitedColumns.infer(sample: sample, name: name) { return values }
        let all = sample.map { String(decoding: $0, as: UTF8.self) }.filter { !$0.allSatisfy(\.isWhitespace) }
        let paired = twoLineRecords(all)
        let lines = recordLines(paired ? all.filter { !isLevelLine($0) } : all)
        guard !lines.isEmpty else { return nil }
        let stamp = findTimestamp(lines)
        var builder = RegexBuilder()
        var headerTexts: [Substring] = []
        if let stamp {
            builder.addPrefix(stamp, leadingHost: leadingHost)
            headerTexts = stamp.rests.compactMap { $0 }
        } else {
            headerTexts = lines.map { Substring($0) }
        }
        if stamp?.trailing == "|", let columns = pipedHeader(headerTexts) {
            // NLog's `${longdate}|${level}|${logger}|${message}`: the header's columns are `|`-separated.
            builder.addPipedHeader(columns)
        } else {
            let header = headerFields(headerTexts.map { HeaderShape.tokens($0, limit: maxHeaderTokens) },
                                      total: headerTexts.count)
            guard stamp != nil || !header.isEmpty else { return nil }
            builder.addHeader(header)
        }
        guard let strict = try? CompiledRegex(builder.regex(strict: true)) else { return nil }
        let matcher = strict.makeMatcher()
        let fits = all.map { (try? matcher.matches($0)) == true || (paired && isLevelLine($0)) }
        let share = Double(fits.filter { $0 }.count) / Double(considered(all.map(isIndented), fits: fits))
        var yaml = builder.yaml(name: name, continuation: stamp == nil ? "none" : paired ? "paired" : "unmatched", lines: lines.count,
                                share: share)
        if paired, stamp != nil {
            // The second line's level and text are the record's; the first line's rest names where it was logged.
            yaml += "inner: " + RegexBuilder.quoted(#"^(?<logger>[^\n]*)\n(?<level>"# + HeaderShape.levelRegex + #"):[ \t]*(?<message>[\s\S]*)$"#) + "\n"
        }
        guard let pattern = try? PatternLoader.load(yaml: yaml, file: "inferred") else { return nil }
        return InferredLayout(pattern: pattern, yaml: yaml, summary: builder.summary, share: share, sampleLines: lines.count,
                              strict: strict)
    }

    /// Share of `sample`'s non-blank lines that `layout`'s whole header fits, indented lines it does not
    /// fit left out (they continue the record before them).
    static func share(of layout: InferredLayout, on sample: [[UInt8]]) -> Double {
        guard let strict = layout.strict else { return 0 }
        let matcher = strict.makeMatcher()
        let lines = sample.filter { !$0.allSatisfy { $0 == 32 || $0 == 9 || $0 == 13 } }
        guard !lines.isEmpty else { return 0 }
        let fits = lines.map { line in line.withUnsafeBufferPointer { (try? matcher.matches($0)) == true } }
        return Double(fits.filter { $0 }.count) / Double(considered(lines.map { RecordParser.isIndented($0) }, fits: fits))
    }

    /// How many lines a layout's share is over, given which are `indented` and which the layout `fits`:
    /// all of them, but for the indented ones it does not fit when `recordLines` leaves indented lines out
    /// (at least one).
    static func considered(_ indented: [Bool], fits: [Bool]) -> Int {
        let heads = indented.filter { !$0 }.count
        guard heads >= minimumRecordLines(of: indented.count) else { return max(1, indented.count) }
        return max(1, zip(indented, fits).filter { !$0 || $1 }.count)
    }

    /// Unindented lines a sample of `count` lines needs for its indented lines to be continuations.
    static func minimumRecordLines(of count: Int) -> Int {
        max(2, Int((recordLineShare * Double(count)).rounded(.up)))
    }

    /// The lines of `lines` that may start a record, the layout's sample: lines led by a blank continue
    /// the record before them (a stack trace's frames; ASP.NET Core's console writes a record's scopes
    /// and message indented under a header of time, level and category) and are left out, unless fewer
    /// than `recordLineShare` of the lines (and two) would be left.
    static func recordLines(_ lines: [String]) -> [String] {
        let heads = lines.filter { !isIndented($0) }
        return heads.count >= minimumRecordLines(of: lines.count) ? heads : lines
    }

    /// Share of a sample's lines that must be unindented for the indented ones to be read as continuations.
    static let recordLineShare = 0.2

    /// Whether `lines` may be two-line records whose second line opens with the level (java.util.logging's
    /// default: `Mar 6, 2026 2:00:01 PM com.x.Y method` / `INFO: message`): lines opening with a level word
    /// in capitals and a colon (`isLevelLine`) follow at least `pairedShare` of the other unindented lines,
    /// each right after one of them. Elsewhere such lines are records of their own (uvicorn's untimed
    /// `INFO:` access lines beside its app's records follow few of them; where they follow each, the
    /// first lines hold messages: `headsOnly`).
    static func pairsLevelLines(_ lines: [String]) -> Bool {
        var levelLines = 0, heads = 0, following = 0
        var previousIsHead = false
        for line in lines {
            if isLevelLine(line) {
                levelLines += 1
                if previousIsHead { following += 1 }
                previousIsHead = false
            } else {
                let head = !isIndented(line)
                if head { heads += 1 }
                previousIsHead = head
            }
        }
        return levelLines >= 2 && Double(following) >= pairedShare * Double(heads) && following * 10 >= levelLines * 9
    }

    /// Whether `lines` are two-line records whose second line opens with the level: level lines pair
    /// with the others (`pairsLevelLines`) and the others' timestamps are followed by where a record
    /// was logged, not a message (`headsOnly`).
    static func twoLineRecords(_ lines: [String]) -> Bool {
        guard pairsLevelLines(lines),
              let rests = findTimestamp(recordLines(lines.filter { !isLevelLine($0) }))?.rests.compactMap({ $0 }) else { return false }
        return headsOnly(rests)
    }

    /// Whether what follows the first lines' timestamps is where a record was logged, not a message: at
    /// least `agreement` of them are one to three words without `=` (`com.x.Y method`). An app's own
    /// records each followed by an access line that opens with its level (uvicorn's `INFO:     …`) pair
    /// alike, but their first lines hold messages.
    static func headsOnly(_ rests: [Substring]) -> Bool {
        let short = rests.filter { rest in
            let words = rest.split(whereSeparator: { $0 == " " || $0 == "\t" })
            return (1...3).contains(words.count) && !rest.contains("=")
        }
        return !rests.isEmpty && Double(short.count) >= agreement * Double(rests.count)
    }

    /// Share of the unindented lines a level line must follow for `pairsLevelLines`.
    static let pairedShare = 0.7

    /// Whether `line` opens with a level word in capitals and a colon (`RecordParser.capitalLevelColon`).
    static func isLevelLine(_ line: String) -> Bool {
        var copy = line
        return copy.withUTF8 { RecordParser.capitalLevelColon($0) }
    }

    /// Whether a line starts with a space or a tab (`RecordParser.isIndented`).
    static func isIndented(_ line: String) -> Bool { RecordParser.isIndented(line.utf8) }

    /// Where the timestamp is: its layouts, what comes before it, and per line the text after it.
    struct Stamp {
        var entries: [TimestampLibrary.Entry]
        var prefixTokens: Int
        var attached: String
        var opener: Character?
        var closer: Character?
        /// Whether words follow the timestamp inside its brackets on some line (Ruby's Logger:
        /// `[2026-03-06T14:01:02.512786 #4117]`).
        var inner = false
        var trailing: Character?
        /// Per line: the text after the timestamp (and its closer and trailing punctuation), or nil.
        var rests: [Substring?]
        /// Per line: the tokens before the timestamp.
        var prefixes: [[Substring]]
    }

    struct Key: Hashable {
        var entry: Int
        var prefixTokens: Int
        var attached: String
        var opener: Character?
    }

    struct Hit {
        var key: Key
        var start: String.Index
        var end: String.Index
        var prefix: [Substring]
    }

    static let detectors: [CompiledRegex] = TimestampLibrary.entries.map { entry in
        // The library's fragments are fixed and valid: a failure here is a programming error.
        try! CompiledRegex(#"(?:^|(?<=[\s\[(<|,;=]))(?:"# + entry.regex + #")(?![0-9A-Za-z]|[.,:]\d)"#)
    }

    /// The timestamp position and layouts shared by most lines, or nil.
    static func findTimestamp(_ lines: [String]) -> Stamp? {
        var counts: [Key: (lines: Int, bytes: Int)] = [:]
        var hits: [[Hit]] = []
        let matchers = detectors.map { $0.makeMatcher() }
        for line in lines {
            var lineHits: [Hit] = []
            var copy = String(line.utf8.prefix(searchBytes)) ?? line
            copy.withUTF8 { bytes in
                for (index, matcher) in matchers.enumerated() {
                    guard (try? matcher.matches(bytes)) == true, let range = matcher.range(0) else { continue }
                    let text = UnsafeBufferPointer(rebasing: bytes[range])
                    guard TimestampLibrary.entries[index].format.parse(text, offset: 0, year: 2000) != nil else { continue }
                    guard let hit = hit(line: line, range: range, entry: index) else { continue }
                    lineHits.append(hit)
                }
            }
            var seen = Set<Key>()
            for hit in lineHits where seen.insert(hit.key).inserted {
                counts[hit.key, default: (0, 0)].lines += 1
                counts[hit.key, default: (0, 0)].bytes += line.utf8.distance(from: hit.start, to: hit.end)
            }
            hits.append(lineHits)
        }
        let ranked = counts.sorted { a, b in
            if a.value.lines != b.value.lines { return a.value.lines > b.value.lines }
            if a.key.prefixTokens != b.key.prefixTokens { return a.key.prefixTokens < b.key.prefixTokens }
            if a.value.bytes != b.value.bytes { return a.value.bytes > b.value.bytes }
            return a.key.entry < b.key.entry
        }
        guard let best = ranked.first, Double(best.value.lines) >= timestampShare * Double(lines.count) else { return nil }
        // The best layout, then others at the same place for the lines it misses (with or without a fraction).
        var chosen = [best.key.entry]
        var covered = Set(hits.indices.filter { line in hits[line].contains { $0.key == best.key } })
        for (key, _) in ranked.dropFirst() where key.prefixTokens == best.key.prefixTokens
            && key.attached == best.key.attached && key.opener == best.key.opener {
            let more = hits.indices.filter { line in !covered.contains(line) && hits[line].contains { $0.key == key } }
            guard !more.isEmpty else { continue }
            chosen.append(key.entry)
            covered.formUnion(more)
        }
        var ends: [String.Index?] = []
        var prefixes: [[Substring]] = []
        for lineHits in hits {
            let hit = chosen.lazy.compactMap { entry in
                lineHits.first { $0.key.entry == entry && $0.key.prefixTokens == best.key.prefixTokens
                    && $0.key.attached == best.key.attached && $0.key.opener == best.key.opener }
            }.first
            ends.append(hit.map { $0.end })
            prefixes.append(hit?.prefix ?? [])
        }
        var stamp = Stamp(entries: chosen.map { TimestampLibrary.entries[$0] }, prefixTokens: best.key.prefixTokens,
                          attached: best.key.attached, opener: best.key.opener, closer: nil, trailing: nil,
                          rests: [], prefixes: prefixes)
        let closers: [Character: Character] = ["[": "]", "(": ")", "<": ">"]
        stamp.closer = best.key.opener.flatMap { closers[$0] }
        var afterCloser: [Substring?] = []
        for (line, end) in zip(lines, ends) {
            guard var index = end else { afterCloser.append(nil); continue }
            if let closer = stamp.closer {
                guard index < line.endIndex else { afterCloser.append(nil); continue }
                if line[index] != closer {
                    // Words after the stamp inside its brackets (a pid: `[… #4117]`), up to `innerLength`
                    // characters and no bracket of their own.
                    guard line[index].isWhitespace,
                          let close = line[index...].prefix(innerLength + 1).firstIndex(where: { "[]()<>".contains($0) }),
                          line[close] == closer else { afterCloser.append(nil); continue }
                    stamp.inner = true
                    index = close
                }
                index = line.index(after: index)
            }
            afterCloser.append(line[index...])
        }
        let present = afterCloser.compactMap { $0 }
        var trailingCounts: [Character: Int] = [:]
        for rest in present {
            if let first = rest.first, ",;|:-".contains(first) { trailingCounts[first, default: 0] += 1 }
        }
        if let (character, count) = trailingCounts.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }),
           Double(count) >= agreement * Double(present.count) {
            stamp.trailing = character
        }
        stamp.rests = afterCloser.map { rest in
            guard let rest else { return nil }
            if let trailing = stamp.trailing {
                guard rest.first == trailing else { return nil }
                return rest.dropFirst()
            }
            return rest
        }
        return stamp
    }

    /// Whether a token is only a source prefix's marks (`|`, `-`, `>`, `::`; `MixedLayout.sourceMarks`).
    static func isSeparator(_ token: Substring) -> Bool {
        (1...3).contains(token.count) && token.allSatisfy { MixedLayout.markCharacters.contains($0) }
    }

    /// The key of a timestamp match at `range`: what comes before it must be at most
    /// `maxPrefixTokens` tokens, optionally followed by an opening bracket.
    static func hit(line: String, range: Range<Int>, entry: Int) -> Hit? {
        let utf8 = line.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let end = utf8.index(utf8.startIndex, offsetBy: range.upperBound)
        var before = line[..<start]
        var opener: Character?
        if let last = before.last, "[(<".contains(last) {
            opener = last
            before = before.dropLast()
        }
        var attached = ""
        if let last = before.last, !last.isWhitespace {
            // A label written against the timestamp (`time=`, `ts:`): the token's non-alphanumeric tail.
            let token = before.reversed().prefix { !$0.isWhitespace }
            attached = String(token.reversed())
            guard attached.count <= 24 else { return nil }
            before = before.dropLast(attached.count)
        }
        let prefix = before.split(whereSeparator: { $0 == " " || $0 == "\t" })
        // `docker compose logs` puts `web-1  | ` before a line whose own header may hold three tokens
        // before its stamp (`DEBUG [ReadStage-3] 2026-…`): the marks between are no token of the header.
        guard prefix.filter({ !isSeparator($0) }).count <= maxPrefixTokens else { return nil }
        if !attached.isEmpty {
            // The attached label must be a word followed by punctuation, the same text on every line.
            guard attached.last.map({ "=:".contains($0) }) == true else { return nil }
        }
        return Hit(key: Key(entry: entry, prefixTokens: prefix.count, attached: attached, opener: opener),
                   start: start, end: end, prefix: prefix)
    }

    /// One agreed header position.
    /// The `|`-separated columns after a timestamp closed by `|` (`2026-03-06 14:00:01.5311|INFO|Cdn.Api|msg`):
    /// from the first, each that at least `agreement` of the lines have before a later `|`, holding no
    /// blank, in one shape (a level, else a word) on each of them; nil when there is none.
    static func pipedHeader(_ rests: [Substring]) -> [Field]? {
        let parts = rests.map { $0.split(separator: "|", maxSplits: maxHeaderTokens, omittingEmptySubsequences: false) }
        var columns: [Field] = []
        for position in 0..<maxHeaderTokens {
            // A column must have a later `|`: what follows the last one is the message.
            let values = parts.compactMap { $0.count > position + 1 ? $0[position] : nil }
            guard Double(values.count) >= agreement * Double(rests.count),
                  values.allSatisfy({ !$0.isEmpty && !$0.contains(" ") && !$0.contains("\t") }) else { break }
            let shapes = Set(values.map(HeaderShape.of))
            let shape: HeaderShape = shapes == [.level] ? .level : shapes == [.number] ? .number : .word
            guard shape != .word || shapes.isSubset(of: [.word, .number]) else { break }
            columns.append(Field(shape: shape, values: values))
        }
        return columns.isEmpty ? nil : columns
    }

    struct Field {
        var shape: HeaderShape
        /// The values seen (for naming brackets and words).
        var values: [Substring]
        /// For a word: whether it is a padded column.
        var padded = false
        /// Whether the value is the same on every line (a literal).
        var constant: Bool { Set(values).count == 1 }
    }

    /// The header fields that the lines' tokens agree on, from the first position on.
    static func headerFields(_ tokens: [[Substring]], total: Int) -> [Field] {
        guard total > 0 else { return [] }
        var alive = Array(tokens.indices)
        var fields: [Field] = []
        for position in 0..<maxHeaderTokens {
            let shapes = alive.map { tokens[$0].count > position ? HeaderShape.of(tokens[$0][position]) : .none }
            guard let consensus = majority(shapes), consensus != .none else { break }
            let agreeing = zip(alive, shapes).filter { $0.1 == consensus }.map(\.0)
            guard Double(agreeing.count) >= agreement * Double(total) else { break }
            let padded = consensus == .word && aligned(agreeing.map { tokens[$0][position] }, total: total)
            if consensus == .word, !padded {
                let next = agreeing.map { tokens[$0].count > position + 1 ? HeaderShape.of(tokens[$0][position + 1]) : .none }
                let nextShape = majority(next)
                // A word is a column when a level, a bracket or a tag follows it, or the same separator on
                // every line (`| gateway |`) and it repeats (at most a quarter as many values as lines: an id
                // between separators, one per request, stays in the message for id discovery).
                let separator = nextShape == .punctuation
                    && Set(agreeing.compactMap { tokens[$0].count > position + 1 ? tokens[$0][position + 1] : nil }).count == 1
                    && Set(agreeing.map { tokens[$0][position] }).count * 4 <= agreeing.count
                guard let nextShape, separator || [.level, .levelLetter, .bracketLevel, .levelColon, .bracket, .component].contains(nextShape),
                      Double(next.filter { $0 == nextShape }.count) >= agreement * Double(total) else { break }
            }
            // A component repeats (a logger or a program writes many lines): one value on every line or
            // two (`order o-4f1c: paid`, an id before a colon) is the message's.
            if consensus == .component, agreeing.count >= 8,
               Set(agreeing.map { tokens[$0][position].prefix { $0 != "[" && $0 != ":" } }).count * 2 > agreeing.count {
                break
            }
            fields.append(Field(shape: consensus, values: agreeing.map { tokens[$0][position] }, padded: padded))
            alive = agreeing
            if consensus == .component || consensus == .levelColon { break }
        }
        // A header ending in a word or a number with nothing agreed after it may be the message: keep
        // only what a level, bracket, component or separator closes.
        while let last = fields.last, (last.shape == .word && !last.padded) || (last.shape == .number && fields.count == 1 && last.constant) {
            fields.removeLast()
        }
        return fields
    }

    /// Whether the tokens are a padded column: followed by two or more spaces or a tab on most lines.
    private static func aligned(_ values: [Substring], total: Int) -> Bool {
        let padded = values.filter { value in
            let after = value.base[value.endIndex...].prefix(2)
            return after == "  " || after.first == "\t"
        }
        return Double(padded.count) >= agreement * Double(total)
    }

    /// The most frequent shape (ties to the first in declaration order).
    private static func majority(_ shapes: [HeaderShape]) -> HeaderShape? {
        var counts: [HeaderShape: Int] = [:]
        for shape in shapes { counts[shape, default: 0] += 1 }
        return counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }
}

extension LayoutInferrer {
    /// Per line, where its timestamp is (the longest timestamp found near its start, then the earliest),
    /// or nil when it has none: the key lines of one layout share.
    static func stampKeys(_ lines: [String]) -> [Key?] {
        stampHits(lines).map { $0?.key }
    }

    /// Each line's timestamp (`stampKeys`), with where it is.
    static func stampHits(_ lines: [String]) -> [Hit?] {
        let matchers = detectors.map { $0.makeMatcher() }
        return lines.map { line in
            var best: (hit: Hit, length: Int, start: Int)?
            var copy = String(line.utf8.prefix(searchBytes)) ?? line
            copy.withUTF8 { bytes in
                for (index, matcher) in matchers.enumerated() {
                    guard (try? matcher.matches(bytes)) == true, let range = matcher.range(0) else { continue }
                    let text = UnsafeBufferPointer(rebasing: bytes[range])
                    guard TimestampLibrary.entries[index].format.parse(text, offset: 0, year: 2000) != nil,
                          let hit = hit(line: line, range: range, entry: index) else { continue }
                    if let current = best, current.length > range.count
                        || (current.length == range.count && current.start <= range.lowerBound) { continue }
                    best = (hit, range.count, range.lowerBound)
                }
            }
            return best?.hit
        }
    }
}
