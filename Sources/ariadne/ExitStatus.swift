import AriadneCore
import ArgumentParser

/// Turns every failure into one message on stderr, prefixed `ariadne: `, and an exit status
/// (sysexits.h): 64 usage, 65 unusable input or pattern file, 66 missing or unreadable input,
/// 74 output that cannot be written, 1 anything else. Usage errors end with the usage line of the
/// command that was run.
enum ExitStatus {
    /// The message (without the prefix) and status for a failure of `command`'s run, and whether the
    /// command's usage line should follow the message.
    /// nil for errors ArgumentParser reports itself (help requests, its own usage errors).
    static func classify(_ error: Error) -> (message: String?, status: Int32, usage: Bool)? {
        switch error {
        case let error as ExitCode:
            return (nil, error.rawValue, false)
        case let error as CLIError:
            return (error.description, error.status, false)
        case let error as InputError:
            return (error.description, InputFailures.status(for: error), false)
        case let error as PatternLibraryError:
            if case .unknownPattern = error { return (error.description, 64, true) }
            return (error.description, 65, false)
        case let error as PatternError:
            return (error.description, 65, false)
        case let error as DiscoveryError:
            return (error.description, 65, false)
        case let error as HypothesisError:
            if case .invalidPattern = error { return (error.description, 64, true) }
            return (error.description, 65, false)
        case let error as PlanError:
            if case .cannotWrite = error { return (error.description, 74, false) }
            return (error.description, 65, false)
        case let error as AtomicFile.WriteError:
            return (error.description, 74, false)
        case let error as ValidationError:
            return (error.message, 64, true)
        default:
            return nil
        }
    }

    /// Prints the message for a failure of a run of `command` and exits with its status.
    static func exit(after error: Error, in command: ParsableCommand.Type) -> Never {
        guard let (message, status, usage) = classify(error) else { AriadneCommand.exitAsArgumentParser(error) }
        if let message {
            var text = "ariadne: \(message)"
            if usage { text += "\n" + AriadneCommand.usageHint(for: command) }
            StandardStreams.error(text)
        }
        AriadneCommand.exit(withError: status == 0 ? nil : ExitCode(status))
    }
}
