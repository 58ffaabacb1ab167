/// Errors of the redundancy and hypothesis stages; each message says what to do.
public enum HypothesisError: Error, Equatable, CustomStringConvertible {
    /// An outcome or precondition is neither an event type nor a valid regular expression.
    case invalidPattern(String, String)
    /// No outcome was named and none could be proposed (no executions).
    case noOutcome

    public var description: String {
        switch self {
        case .invalidPattern(let pattern, let why):
            return "outcome pattern '\(pattern)' is not a valid regular expression (\(why)): name an event type (see `ariadne model`) or fix the expression"
        case .noOutcome:
            return "no good outcome to analyse: name one with --outcome TYPE|REGEX (the input held no executions to propose one from)"
        }
    }
}
