/// Graphviz DOT text: one quoting rule for every graph Ariadne writes (the model, the call graph, the
/// report's graphs).
enum DOT {
    /// `text` as a DOT double-quoted string: quotes and backslashes escaped, and each line break (`\n`,
    /// `\r\n` or `\r`) written as `lineBreak` (DOT's centred line break `\n` by default; a space where a
    /// value must stay on one line).
    static func quoted(_ text: String, lineBreak: String = "\\n") -> String {
        var out = "\""
        for c in text {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n", "\r", "\r\n": out += lineBreak
            default: out.append(c)
            }
        }
        return out + "\""
    }

    /// `lines` as one DOT double-quoted label, each quoted as by `quoted(_:lineBreak:)` on one line and
    /// joined by DOT's centred line break.
    static func quoted(lines: [String]) -> String {
        "\"" + lines.map { String(quoted($0, lineBreak: " ").dropFirst().dropLast()) }.joined(separator: "\\n") + "\""
    }
}
