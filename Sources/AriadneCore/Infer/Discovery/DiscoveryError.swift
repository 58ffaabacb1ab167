/// Why executions cannot be formed from the input: no execution id was found, or `--group-by` names a
/// kind the input does not have. Both are properties of the input, known only after reading it.
public enum DiscoveryError: Error, Equatable, CustomStringConvertible {
    /// No pattern named ids on the records and discovery chose no kind.
    case noExecutionIDs(files: [String], report: IDDiscoveryReport)
    /// `--group-by` kinds that are neither a pattern's id kind nor a field or candidate kind of the sample.
    /// `inInput` are the kinds found in the sample, `patternKinds` those the patterns name.
    case unknownGroupBy(kinds: [String], inInput: [String], patternKinds: [String], files: [String], sampledEvents: Int)

    /// Where to read how to name ids in a pattern file.
    static let patternHelp = "add `execution_ids` to a pattern file (Patterns/README.md, section \"Execution ids\") and pass it with --patterns"

    public var description: String {
        switch self {
        case let .noExecutionIDs(files, report):
            var text = "\(Self.names(files)): no execution ids found in the first \(IDDiscoveryReport.KindDecision.grouped(report.sampledEvents)) events: "
                + "no pattern names any, and no field or id-shaped token has the statistics of one"
            if let closest = report.kinds.first { text += " (closest: \(closest.line))" }
            let seen = report.kinds.map(\.kind).sorted()
            text += ". Group by a field or token kind with --group-by KIND"
            if !seen.isEmpty { text += " (seen: \(Self.list(seen)))" }
            return text + ", or " + Self.patternHelp
        case let .unknownGroupBy(kinds, inInput, patternKinds, files, sampled):
            let what = kinds.count == 1 ? "kind \(kinds[0]) is" : "kinds \(kinds.joined(separator: ", ")) are"
            var text = "--group-by: id \(what) not named by any pattern and not a field or id-shaped token of \(Self.names(files)) "
                + "(first \(IDDiscoveryReport.KindDecision.grouped(sampled)) events); kinds in the input: "
                + (inInput.isEmpty ? "none" : Self.list(inInput))
            if !patternKinds.isEmpty { text += "; kinds the patterns name: " + Self.list(patternKinds) }
            return text
        }
    }

    private static func names(_ files: [String]) -> String {
        guard let first = files.first else { return "the input" }
        return files.count == 1 ? first : "\(first) and \(files.count - 1) more input\(files.count == 2 ? "" : "s")"
    }

    private static func list(_ items: [String], limit: Int = 30) -> String {
        items.count <= limit ? items.joined(separator: ", ")
            : items.prefix(limit).joined(separator: ", ") + ", ... \(items.count - limit) more"
    }
}
