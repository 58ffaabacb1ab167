/// Fitting terminal text to a width: abbreviating a cell, wrapping a line.
public enum TextFit {
    /// `text` cut to `width` characters, the last one `…` when something was cut.
    public static func abbreviate(_ text: String, to width: Int) -> String {
        guard text.count > width else { return text }
        guard width > 1 else { return String(text.prefix(max(0, width))) }
        return String(text.prefix(width - 1)) + "…"
    }

    /// `line` wrapped at spaces to lines of at most `width` characters (a word longer than that is
    /// cut), continuation lines indented like the first one plus two spaces; nil width: unchanged.
    public static func wrap(_ line: String, width: Int?) -> String {
        guard let width, line.count > width else { return line }
        let lead = String(repeating: " ", count: line.prefix { $0 == " " }.count)
        let indent = lead + "  "
        var lines: [String] = []
        var current = lead
        for word in line.split(separator: " ") {
            if current.count == lead.count || current.count + 1 + word.count <= width {
                current += (current.count == lead.count ? "" : " ") + word
            } else {
                lines.append(current)
                current = indent + word
            }
        }
        lines.append(current)
        return lines.map { abbreviate($0, to: width) }.joined(separator: "\n")
    }
}
