import AriadneCore
import ArgumentParser
import Foundation

/// `ariadne status`: where the learning loop stands.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the learning loop's state: runs, experiments done, bugs found, hypotheses left, the history.",
        discussion: """
            Reads DIR/state.json (it does not take the lock, so it works while another run plans or records). \
            --format json prints the state itself (README, "Loop state JSON").

            Examples:
              ariadne status --state .ariadne
              ariadne status --state .ariadne --format json | jq '.runs[] | select(.verdict == "failed")'
            """
    )

    @Option(help: ArgumentHelp("The loop's state directory.", valueName: "DIR"), completion: .directory)
    var state: String = ".ariadne"

    @Option(help: "Output format: text or json.")
    var format: TableFormat = .text

    @OptionGroup var color: ColorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        let store = StateDirectory(path: state)
        let loop: LoopState
        do {
            guard let read = try store.read() else { throw LoopError.noState(directory: state) }
            loop = read
        } catch let error as LoopError {
            throw CLIError(description: error.description, status: error.exitStatus)
        }
        let file = try output.open()
        let reportFile = try report.open()
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            file.write(try encoder.encode(loop) + Data("\n".utf8))
        case .text:
            file.write(Data((try lines(loop, store: store, style: color.style(for: file)).joined(separator: "\n") + "\n").utf8))
        }
        file.close()
        report.write(ReportInput(title: "Learning loop · \(state)", loop: loop, statePath: state), to: reportFile)
    }

    private func lines(_ loop: LoopState, store: StateDirectory, style: TextStyle) throws -> [String] {
        let experiments = loop.runs.filter { $0.experiment != nil }
        var out = ["state \(state): outcome \(loop.outcomes.map { "'\($0)'" }.joined(separator: ", ")), budget \(loop.budget)",
                   "runs: \(loop.runs.count) (\(loop.runs.count - experiments.count) baseline, \(experiments.count) experiments: "
                   + "\(experiments.filter { $0.verdict == .held }.count) held, \(loop.bugs.count) failed)"]
        if let latest = loop.plans.last {
            let left = latest.experiments.filter { !loop.tried.contains($0) }
            if latest.experiments.isEmpty {
                out.append(style("certified for budget \(loop.budget)", .good) + " by plan \(latest.id) (after \(latest.afterRuns) runs)")
            } else {
                out.append("plan \(latest.id) (after \(latest.afterRuns) runs): \(latest.experiments.count) experiments, \(left.count) not yet run"
                           + (left.first.map { "; next \($0)" } ?? ""))
                if latest.afterRuns < loop.runs.count { out.append("  runs were recorded since: plan again with `ariadne plan --state \(state)`") }
            }
        } else {
            out.append("no plan yet: ariadne plan --state \(state)")
        }
        out.append(loop.bugs.isEmpty ? "bugs: none found" : style("bugs: \(loop.bugs.count)", .bad))
        for bug in loop.bugs { out += (bug.bug?.lines() ?? []).map { "  " + $0 } }
        out.append("history:")
        for run in loop.runs {
            let what = run.experiment.map { "\($0) \(run.faults.joined(separator: " + "))" } ?? "baseline \(run.paths.joined(separator: " "))"
            let verdict = run.verdict == .failed ? style(run.verdict.rawValue, .bad) : run.verdict == .held ? style(run.verdict.rawValue, .good) : run.verdict.rawValue
            out.append("  run \(run.number): \(what): \(run.executions) executions, \(verdict)"
                       + (run.experiment == nil ? "" : " (by \(run.judgedBy.rawValue))"))
        }
        return out
    }
}
