/// A record layout inferred from a sample of a file's lines: a pattern to parse the file with, the same
/// pattern as a pattern file, and what was found.
public struct InferredLayout: Sendable {
    /// The pattern (format `regex`, `message_fields: true`).
    public let pattern: LogPattern
    /// The pattern as a pattern file (YAML) that `PatternLoader` reads back to the same pattern.
    public let yaml: String
    /// The header fields in order, e.g. `timestamp yyyy-MM-dd HH:mm:ss,SSS · level · [host] · message`.
    public let summary: String
    /// Share of the sample's lines that have the whole header.
    public let share: Double
    /// Lines of the sample.
    public let sampleLines: Int
    /// The record regex with the whole header required, to measure `share` on other samples.
    let strict: CompiledRegex?

    /// The same layout with the share it has on another sample.
    func withShare(_ share: Double) -> InferredLayout {
        InferredLayout(pattern: pattern, yaml: yaml, summary: summary, share: share, sampleLines: sampleLines, strict: strict)
    }

    /// `summary` and the share: `timestamp … · message; 99% of lines`.
    public var description: String {
        "\(summary); \(Int((share * 100).rounded(.down)))% of lines"
    }
}
