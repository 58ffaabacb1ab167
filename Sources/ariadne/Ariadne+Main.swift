#if canImport(Glibc)
import Glibc
#endif
import AriadneCore
import ArgumentParser

extension AriadneCommand {
    /// Runs a command as ArgumentParser would, with ariadne's conventions: SIGPIPE ignored (a closed
    /// stdout ends the run quietly), usage (64) when called without arguments, `--version` with the git
    /// revision, a suggestion for a mistyped command, and one message style (`ariadne: `) for every error.
    static func main() {
        signal(SIGPIPE, SIG_IGN)
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.isEmpty {
            StandardStreams.error(helpMessage(columns: StandardStreams.terminalColumns))
            Glibc.exit(64)
        }
        if arguments == ["--version"] {
            StandardStreams.write(AriadneVersion.text + "\n")
            Glibc.exit(0)
        }
        if let message = unknownCommand(in: arguments) {
            StandardStreams.error("ariadne: \(message)")
            Glibc.exit(64)
        }
        var command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            exitAsArgumentParser(error)
        }
        do {
            try command.run()
        } catch {
            ExitStatus.exit(after: error, in: type(of: command))
        }
        Glibc.exit(0)
    }

    /// Reports an error of ArgumentParser's (a usage error, or help asked for) as it would, with
    /// ariadne's prefix: help goes to stdout with status 0, errors to stderr with their usage line.
    static func exitAsArgumentParser(_ error: Error) -> Never {
        let status = exitCode(for: error)
        let text = fullMessage(for: error, columns: StandardStreams.terminalColumns)
        if status == .success {
            if !text.isEmpty { StandardStreams.write(text + "\n") }
            Glibc.exit(0)
        }
        StandardStreams.error(text.hasPrefix("Error: ") ? "ariadne: " + text.dropFirst("Error: ".count) : text)
        Glibc.exit(status.rawValue)
    }

    /// The usage line of `command` and where to read more, for usage errors found after parsing.
    static func usageHint(for command: ParsableCommand.Type) -> String {
        let path = commandPath(to: command) ?? []
        let name = (["ariadne"] + path).joined(separator: " ")
        return "Usage: " + usageString(for: command) + "\n  See '\(name) --help' for more information."
    }

    /// The subcommand names from the root down to `command`.
    private static func commandPath(to command: ParsableCommand.Type,
                                    from root: ParsableCommand.Type = AriadneCommand.self) -> [String]? {
        if ObjectIdentifier(root) == ObjectIdentifier(command) { return [] }
        for subcommand in root.configuration.subcommands {
            if let rest = commandPath(to: command, from: subcommand) {
                return [subcommand._commandName] + rest
            }
        }
        return nil
    }

    /// A message for a command name that does not exist, with the nearest one, following the given
    /// subcommands down the tree (`ariadne hypothesis`, `ariadne patterns shw`).
    static func unknownCommand(in arguments: [String]) -> String? {
        var level: ParsableCommand.Type = AriadneCommand.self
        var path = "ariadne"
        for argument in arguments {
            let children = Self.children(of: level)
            if children.isEmpty || argument.hasPrefix("-") || argument == "help" { return nil }
            if let index = children.firstIndex(where: { $0.name == argument }) {
                level = children[index].type
                path += " " + argument
                continue
            }
            return suggestion(for: argument, among: children.map(\.name), path: path,
                              strict: hasDefaultSubcommand(level))
        }
        return nil
    }

    private static func children(of command: ParsableCommand.Type) -> [(name: String, type: ParsableCommand.Type)] {
        command.configuration.subcommands.map { (name: $0._commandName, type: $0) }
    }

    private static func hasDefaultSubcommand(_ command: ParsableCommand.Type) -> Bool {
        command.configuration.defaultSubcommand != nil
    }

    /// "did you mean" for a near name; with `strict` (the command has a default subcommand, which may
    /// take `argument` as its own), nothing when no name is near.
    private static func suggestion(for argument: String, among names: [String], path: String, strict: Bool) -> String? {
        let help = "see '\(path) --help'"
        var best: String?
        var bestDistance = Int.max
        for name in names {
            let distance = EditDistance.between(argument, name)
            if distance < bestDistance {
                best = name
                bestDistance = distance
            }
        }
        if let best, bestDistance <= max(2, argument.count / 3) {
            return "unknown command '\(argument)'; did you mean '\(best)'? (\(help))"
        }
        if strict { return nil }
        return "unknown command '\(argument)'; commands: \(names.joined(separator: ", ")) (\(help))"
    }
}
