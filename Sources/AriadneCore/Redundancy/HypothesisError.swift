/// Errors of the redundancy and hypothesis stages; each message says what to do.
public enum HypothesisError: Error, Equatable, CustomStringConvertible {
    /// An outcome or precondition is neither an event type nor a valid regular expression.
    case invalidPattern(String, String)
    /// No outcome was named and none could be proposed (no executions).
    case noOutcome
    /// No outcome was named and none could be proposed from the `executions` (every event ending one
    /// looks like a failure); `candidates` are the event types most executions reach, to name one.
    case noOutcomeProposed(executions: Int, candidates: [TemplateSuggestion])
    /// A named outcome, or the precondition `pattern` of the outcome `of` (`POST if PRE`), matched no
    /// event of the `executions` searched (for an outcome with a precondition, those where the
    /// precondition `scope` occurred); the closest templates.
    case outcomeMatchesNothing(pattern: String, of: String?, executions: Int, scope: String?, closest: [TemplateSuggestion])
    /// A named outcome matched only events that look like failures (`events` of them, for `signals`);
    /// `hint` names the success when a status says what it is.
    case outcomeMatchesOnlyFailures(pattern: String, events: Int, signals: [String], hint: String?)
    /// `--accept` ids that name no fault point of the model; `closest` are existing points (all of
    /// them when the model has few), `total` how many it has.
    case unknownFaultPoints([String], closest: [String], total: Int)

    public var description: String {
        switch self {
        case .invalidPattern(let pattern, let why):
            return "outcome pattern '\(pattern)' is not a valid regular expression (\(why)): name an event type (see `ariadne model`) or fix the expression"
        case .noOutcome:
            return "no execution to analyse: the input held none to find an outcome in (an empty input, or records no execution id grouped); check the paths and the counts above, then name an outcome with --outcome TYPE|REGEX if none is proposed"
        case let .noOutcomeProposed(executions, candidates):
            var text = "no good outcome could be proposed: what ends the \(executions) "
                + (executions == 1 ? "execution" : "executions") + " looks like a failure; name what a successful execution logs with --outcome"
            guard !candidates.isEmpty else { return text }
            text += ", e.g. one of the event types most executions reach:"
            let commands = candidates.map { "--outcome " + Self.quoted($0.hasNamedType ? $0.type : $0.template) }
            let width = commands.map(\.count).max() ?? 0
            for (command, candidate) in zip(commands, candidates) {
                text += "\n  " + command.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + candidate.text
                    + " (in \(candidate.events) of \(executions) " + (executions == 1 ? "execution)" : "executions)")
            }
            return text
        case let .outcomeMatchesNothing(pattern, post, executions, scope, closest):
            let what = post.map { "precondition '\(pattern)' of '\($0) if \(pattern)'" } ?? "outcome '\(pattern)'"
            guard executions > 0 else {
                return "\(what) matches nothing: the input held no executions to search"
            }
            var text = "\(what) matches no event type, template, message or field in the \(executions) "
                + (executions == 1 ? "execution" : "executions") + (scope.map { " where '\($0)' occurred" } ?? "")
            if closest.isEmpty { return text }
            text += "; the closest templates:"
            let width = closest.map(\.type.count).max() ?? 0
            for suggestion in closest {
                text += "\n  " + suggestion.type.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + suggestion.text
                    + " (\(suggestion.events) " + (suggestion.events == 1 ? "event)" : "events)")
            }
            text += "\nName an event type, or text found in a template or in the messages (a PCRE2 regular expression, "
                + "also matched as plain text)"
            if let first = closest.first {
                let example = first.hasNamedType ? first.type : first.template
                let written = post.map { "\($0) if \(example)" } ?? scope.map { "\(example) if \($0)" } ?? example
                text += ", e.g. --outcome " + Self.quoted(written)
            }
            return text + "; `ariadne parse FILE` shows each event's type, template and message"
        case let .outcomeMatchesOnlyFailures(pattern, events, signals, hint):
            var text = "outcome '\(pattern)' matches only events that look like failures (\(events): \(signals.joined(separator: ", "))); "
                + "they do not count as reaching a good outcome: name what a successful execution logs"
            if let hint { text += ", e.g. --outcome \(Self.quoted(hint))" }
            return text
        case let .unknownFaultPoints(ids, closest, total):
            let names = ids.map { "'\($0)'" }.joined(separator: ", ")
            var text = "--accept \(names): " + (ids.count == 1 ? "no such fault point" : "no such fault points") + " in the model"
            guard total > 0 else { return text + ", which has no fault points (no execution reached a good outcome)" }
            text += closest.count == total
                ? "; its \(total) fault " + (total == 1 ? "point:" : "points:")
                : "; the closest of its \(total) fault points (all in `ariadne model --format json`, key fault_points):"
            return text + closest.map { "\n  " + $0 }.joined()
        }
    }

    /// `text` quoted for a POSIX shell.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
