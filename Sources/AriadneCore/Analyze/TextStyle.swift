/// How a text rendering marks its parts: plain, or with the colours a terminal shows (the CLI
/// decides which, from `--color` and `NO_COLOR`).
public struct TextStyle: Sendable {
    /// What a piece of text is.
    public enum Role: Sendable {
        case heading, good, bad, warning, dim, command
    }

    private let mark: @Sendable (String, Role) -> String

    public init(_ mark: @escaping @Sendable (String, Role) -> String) {
        self.mark = mark
    }

    /// `text` marked as `role`.
    public func callAsFunction(_ text: String, _ role: Role) -> String {
        mark(text, role)
    }

    /// No marks.
    public static let plain = TextStyle { text, _ in text }

    /// ANSI SGR colours: bold headings, green, red, yellow, dim, cyan commands.
    public static let ansi = TextStyle { text, role in
        let code: String
        switch role {
        case .heading: code = "1"
        case .good: code = "32"
        case .bad: code = "1;31"
        case .warning: code = "33"
        case .dim: code = "2"
        case .command: code = "36"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
