#if canImport(Glibc)
import Glibc
#endif
import AriadneCore
import ArgumentParser
import Foundation

/// `--color never|always|auto`, the same on every command that prints text for people: colour only on
/// a terminal, never when `NO_COLOR` is set (and not empty) or `TERM` is `dumb`, unless `always`.
struct ColorOptions: ParsableArguments {
    enum Mode: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Option(name: .customLong("color"),
            help: ArgumentHelp("Colour text: auto (on a terminal, unless NO_COLOR is set), always or never.", valueName: "WHEN"))
    var mode: Mode = .auto

    /// Whether text written to `fd` (1 stdout, 2 stderr) is coloured.
    func colors(fd: Int32) -> Bool {
        switch mode {
        case .always: return true
        case .never: return false
        case .auto:
            let environment = ProcessInfo.processInfo.environment
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return isatty(fd) == 1
        }
    }

    /// The style for text written to `fd`.
    func style(fd: Int32) -> TextStyle {
        colors(fd: fd) ? .ansi : .plain
    }

    /// The style for `file` (stdout, or a file given with `-o`: plain unless `always`).
    func style(for file: OutputFile) -> TextStyle {
        file.path == nil ? style(fd: 1) : mode == .always ? .ansi : .plain
    }
}
