/// Picks the pattern that fits a sample of an input's first lines.
enum PatternDetector {
    /// Share of sample lines below which no pattern is trusted and the generic fallback is used.
    static let minimumShare = 0.5
    /// Share of sample lines from which a candidate is used without trying layout inference.
    static let trustedShare = 0.9

    /// The candidate matching the largest share of `sample` (header lines excluded); ties go to the
    /// higher priority, then to the record pattern with more named groups, then to the name.
    static func detect(sample: [[UInt8]], candidates: [LogPattern]) -> (pattern: LogPattern, share: Double) {
        var best: (pattern: LogPattern, share: Double)?
        for candidate in candidates {
            guard let share = share(of: candidate, on: sample), share >= minimumShare else { continue }
            if let current = best, !better(candidate, share, than: current.pattern, current.share) { continue }
            best = (candidate, share)
        }
        return best ?? (.generic, 0)
    }

    /// The share of `sample`'s lines (header lines excluded) that start a record of `pattern`, nil when
    /// every line is a header. A line led by a blank after a record, in a pattern whose records take
    /// continuation lines, continues that record (`RecordParser.isIndented`): it is neither a record
    /// nor a miss.
    static func share(of pattern: LogPattern, on sample: [[UInt8]]) -> Double? {
        let parser = RecordParser(pattern: pattern, eventRules: false)
        var considered = 0
        var matched = 0
        var open = false
        for line in sample {
            // A CSV record's lines inside a quoted value continue it.
            let kind = line.withUnsafeBufferPointer { parser.classify($0, hasOpenRecord: pattern.format == .csv && open) }
            if kind == .header || kind == .continuation { continue }
            if kind != .start, open, pattern.continuation != .none, RecordParser.isIndented(line) { continue }
            considered += 1
            if kind == .start {
                matched += 1
                open = true
            }
        }
        return considered > 0 ? Double(matched) / Double(considered) : nil
    }

    private static func better(_ a: LogPattern, _ shareA: Double, than b: LogPattern, _ shareB: Double) -> Bool {
        if shareA != shareB { return shareA > shareB }
        if a.priority != b.priority { return a.priority > b.priority }
        let groupsA = a.record?.names.count ?? 0, groupsB = b.record?.names.count ?? 0
        if groupsA != groupsB { return groupsA > groupsB }
        return a.name < b.name
    }
}
