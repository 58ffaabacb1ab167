import AriadneCore
import Foundation

/// Hashed event type names (`T` + 16 hex digits, given by the template miner to lines no rule names)
/// say nothing by themselves: every text output that shows one ends with its template.
enum TypeLegend {
    /// `text` followed by the template of every hashed type name in `full` (the same output before
    /// any abbreviation), wrapped to `width`.
    static func append(to text: String, full: String, templates: [String: String]?, width: Int?) -> String {
        guard let regex = try? NSRegularExpression(pattern: #"\bT[0-9a-f]{16}\b"#) else { return text }
        let names = Set(regex.matches(in: full, range: NSRange(full.startIndex..., in: full))
            .compactMap { Range($0.range, in: full).map { String(full[$0]) } })
        guard !names.isEmpty else { return text }
        var out = text.hasSuffix("\n") ? text : text + "\n"
        out += "\nhashed types:\n"
        for name in names.sorted() {
            let template = templates?[name] ?? "(template not in the model)"
            out += TextFit.wrap("  \(name)  \(template)", width: width) + "\n"
        }
        return out
    }
}
