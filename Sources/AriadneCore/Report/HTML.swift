/// The one place text from logs, models and states is made safe for HTML: every string the report
/// writes goes through `escape` (element content and attribute values alike).
enum HTML {
    /// `text` with `&`, `<`, `>`, `"` and `'` as character references, and control characters other than
    /// tab and newline (which HTML cannot show) as U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || (0xFDD0...0xFDEF).contains(scalar.value)
                    || scalar.value & 0xFFFE == 0xFFFE {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// An element `<tag class="…">escaped text</tag>`.
    static func element(_ tag: String, _ text: String, class name: String? = nil) -> String {
        "<\(tag)\(name.map { " class=\"\(escape($0))\"" } ?? "")>\(escape(text))</\(tag)>"
    }

    /// A number with a thin space between thousands (`12 345`), for tables.
    static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "\u{202F}" }
            out.append(c)
        }
        return (n < 0 ? "−" : "") + out
    }

    /// A share as a percentage with one decimal (`77.3%`).
    static func percent(_ share: Double) -> String {
        guard share.isFinite else { return "–" }
        let tenths = Int((share * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// A string usable as an id or a DOT/SVG identifier: letters, digits and `-`, from `text`.
    static func identifier(_ text: String) -> String {
        String(text.unicodeScalars.map { ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) ? Character($0) : "-" })
    }
}
