import AriadneCore
import ArgumentParser
import Foundation

/// `--report FILE`: also write the self-contained HTML report (README, "The HTML report").
struct ReportOptions: ParsableArguments {
    @Option(name: .customLong("report"),
            help: ArgumentHelp("Also write a self-contained HTML report to FILE (graphs laid out by Graphviz dot when it is on PATH).",
                               valueName: "FILE"),
            completion: .file(extensions: ["html"]))
    var report: String?

    /// Opens the report's file now, before the run, so a path that cannot be written fails at once (74);
    /// nil without `--report`.
    func open() throws -> OutputFile? {
        guard let report else { return nil }
        guard report != "-" else { throw ValidationError("--report needs a file name (the report is not written to stdout)") }
        return try OutputFile(path: report)
    }

    /// Builds the report of `input` and writes it to `file`; unless `quiet`, says where on stderr.
    func write(_ input: ReportInput, to file: OutputFile?, quiet: Bool = false) {
        guard let file, let report else { return }
        let builder = ReportBuilder(input: input)
        file.write(builder.html())
        file.close()
        if !quiet {
            StandardStreams.error("ariadne: report written to \(report) (graphs laid out by \(builder.renderer.dotPath == nil ? "the built-in layout; install Graphviz for dot's" : "Graphviz dot"))")
        }
    }
}
