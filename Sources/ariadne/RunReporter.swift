import AriadneCore
import Foundation

/// What a run says on stderr: the pattern chosen per input, progress on long runs, the final summary.
final class RunReporter {
    private let quiet: Bool
    private let start = Date()
    private var lastProgress = Date()
    private var shownProgress = false

    init(quiet: Bool) {
        self.quiet = quiet
    }

    func announce(_ input: InputStats) {
        guard !quiet else { return }
        clearProgress()
        if let layout = input.inferredLayout {
            StandardStreams.error("ariadne: \(input.input): pattern inferred: \(layout)")
            return
        }
        let how = input.detected
            ? "detected (\(Int(((input.detectionShare ?? 0) * 100).rounded()))% of the first lines)" : "given"
        StandardStreams.error("ariadne: \(input.input): pattern \(input.pattern), \(how)")
    }

    /// One line per input a walk or glob skipped, even with `--quiet` (it says what was not read).
    func skipped(_ entry: SkippedInput) {
        clearProgress()
        StandardStreams.error("ariadne: skipped \(entry.path): \(entry.reason)")
    }

    /// Which kinds of execution id discovery chose and rejected, with their figures.
    func discovered(_ report: IDDiscoveryReport) {
        guard !quiet else { return }
        clearProgress()
        StandardStreams.error(report.summary())
    }

    func progress(bytes: Int, lines: Int) {
        guard !quiet, StandardStreams.stderrIsTerminal, Date().timeIntervalSince(lastProgress) >= 1 else { return }
        lastProgress = Date()
        let seconds = max(0.001, lastProgress.timeIntervalSince(start))
        let line = String(format: "\r%@ read, %d lines, %.0f lines/s", Self.size(bytes), lines, Double(lines) / seconds)
        FileHandle.standardError.write(Data(line.utf8))
        shownProgress = true
    }

    func summary(_ stats: ParseStats, detailed: Bool) {
        clearProgress()
        for line in stats.mixedDetections() { StandardStreams.error("ariadne: WARNING \(line)") }
        guard !quiet || detailed else { return }
        if detailed {
            for input in stats.inputs { StandardStreams.error(Self.describe(input)) }
            StandardStreams.error("events per type:")
            for (type, count) in stats.eventTypes.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
                StandardStreams.error(String(format: "%10d  %@", count, type))
            }
        }
        let seconds = Date().timeIntervalSince(start)
        var line = "ariadne: \(stats.inputs.count) input(s), \(stats.total(\.lines)) lines, \(stats.total(\.events)) events"
            + " of \(stats.eventTypes.count) types, \(stats.total(\.unmatchedLines)) unmatched lines"
        let extra = [("header lines", stats.total(\.headerLines)), ("truncated lines", stats.total(\.truncatedLines)),
                     ("regex limit hits", stats.total(\.limitHits)), ("unparsed timestamps", stats.total(\.badTimestamps))]
        for (name, count) in extra + [("skipped", stats.skipped.count)] where count > 0 { line += ", \(count) \(name)" }
        line += String(format: " in %.2f s", seconds)
        StandardStreams.error(line)
        if let hosts = stats.hosts.summary { StandardStreams.error("ariadne: " + hosts) }
    }

    static func describe(_ input: InputStats) -> String {
        var text = "\(input.input) [\(input.pattern)]: \(input.lines) lines = \(input.recordLines) records + "
            + "\(input.continuationLines) continuation + \(input.headerLines) header + \(input.unmatchedLines) unmatched; "
            + "\(input.events) events"
        if input.truncatedLines > 0 { text += ", \(input.truncatedLines) truncated" }
        if input.limitHits > 0 { text += ", \(input.limitHits) regex limit hits" }
        if input.badTimestamps > 0 { text += ", \(input.badTimestamps) unparsed timestamps" }
        if let error = input.error { text += "; stopped: \(error)" }
        return text
    }

    private func clearProgress() {
        guard shownProgress else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shownProgress = false
    }

    private static func size(_ bytes: Int) -> String {
        bytes >= 1 << 30 ? String(format: "%.2f GB", Double(bytes) / Double(1 << 30))
            : String(format: "%.1f MB", Double(bytes) / Double(1 << 20))
    }
}
