import AriadneCore
import Foundation

/// What a run says on stderr: the pattern chosen per input, progress on long runs, the final summary.
///
/// Progress: on a terminal, one live line (the stage when the run has stages, bytes and lines read
/// with a percentage and an ETA when the inputs' size is known, executions), redrawn as the run moves
/// and every half second; when stderr is not a terminal and `plainInterval` is set, a plain line every
/// `plainInterval` seconds (0: at every stage and batch); nothing without `showsProgress`.
final class RunReporter {
    private let quiet: Bool
    /// Whether the summary's warnings are said even when the summary itself is not (`quiet`).
    private let warns: Bool
    /// Whether progress is shown at all.
    let showsProgress: Bool
    private let plainInterval: TimeInterval?
    /// The stages the run goes through, in order (empty: it has none to name).
    private let stages: [AnalysisStage]
    private var showsStages: Bool { !stages.isEmpty }
    private let style: TextStyle
    private let start = Date()
    /// Where the stages report their progress (on the main thread); the reporter draws it.
    let tracker = ProgressTracker(totalBytes: nil)
    /// Guards what the timer's thread reads and the drawing; recursive: a line written under it clears
    /// the live line through `StandardStreams.clearsBeforeLines`, which takes it again.
    private let lock = NSRecursiveLock()
    private var latest = AnalysisProgress(stage: .parse)
    private var stageStart = Date()
    private var lastDrawn = Date.distantPast
    private var shownProgress = false
    private var timer: DispatchSourceTimer?
    /// The mixed detections warned about, without their directory: the loop reads every run's logs
    /// with one reporter, and the same layouts in each run's directory are said once.
    private var warnedDetections: Set<String> = []

    /// `quiet`: no announcements or summary; `warns` (default: not `quiet`): the summary's warnings
    /// (inputs whose events have no time) still; `progress` (default: not `quiet`): progress as above;
    /// `stages`: the `AnalysisStage`s the run goes through, in order, named with their position among
    /// them (`read`, which only runs on stdin, without one).
    init(quiet: Bool, warns: Bool? = nil, progress: Bool? = nil, plainInterval: TimeInterval? = nil, stages: [AnalysisStage] = [],
         style: TextStyle = .plain) {
        self.quiet = quiet
        self.warns = warns ?? !quiet
        let live = StandardStreams.stderrIsTerminal
        showsProgress = (progress ?? !quiet) && (live || plainInterval != nil)
        self.plainInterval = live ? nil : plainInterval
        self.stages = stages.filter { $0 != .read }
        self.style = style
        guard showsProgress else { return }
        if live { StandardStreams.clearsBeforeLines { [weak self] in self?.clearProgress() } }
        tracker.onChange = { [weak self] progress, stageChanged in self?.changed(progress, stageChanged: stageChanged) }
        let period = live ? 0.5 : plainInterval ?? 0
        guard period > 0 else { return }
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        timer.schedule(deadline: .now() + period, repeating: period)
        timer.setEventHandler { [weak self] in self?.draw(force: true) }
        timer.resume()
        self.timer = timer
    }

    deinit { timer?.cancel() }

    func announce(_ input: InputStats) {
        tracker.startInput()
        guard !quiet else { return }
        clearProgress()
        if let layout = input.inferredLayout {
            StandardStreams.error("ariadne: \(input.input): pattern inferred: \(layout)")
            return
        }
        let how = input.detected
            ? "detected (\(Int(((input.detectionShare ?? 0) * 100).rounded()))% of the first lines)" : "given"
        StandardStreams.error("ariadne: \(input.input): pattern " + style(input.pattern, .heading) + ", \(how)")
    }

    /// One line per input a walk or glob skipped, even with `--quiet` (it says what was not read).
    func skipped(_ entry: SkippedInput) {
        clearProgress()
        StandardStreams.error("ariadne: " + style("skipped \(entry.path): \(entry.reason)", .dim))
    }

    /// Writes `line` on stderr as a line of its own: the live progress line is cleared first (it is
    /// drawn again at the next update).
    func say(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        clearProgressLocked()
        StandardStreams.error(line)
    }

    /// Which kinds of execution id discovery chose and rejected, with their figures.
    func discovered(_ report: IDDiscoveryReport) {
        guard !quiet else { return }
        clearProgress()
        StandardStreams.error(report.summary())
    }

    /// Inputs of `totalBytes` (nil: unknown) are about to be read.
    func startInputs(totalBytes: Int?) {
        guard showsProgress else { return }
        tracker.reset(totalBytes: totalBytes)
        lock.lock()
        latest = tracker.current
        lock.unlock()
    }

    /// A new stage begins.
    func begin(_ stage: AnalysisStage) {
        tracker.begin(stage)
    }

    /// The current input has read `bytes` and `lines`; `executions` have closed, `open` are open.
    func progress(bytes: Int, lines: Int, executions: Int? = nil, open: Int? = nil) {
        guard showsProgress else { return }
        tracker.read(bytes: bytes, lines: lines, executions: executions, open: open)
    }

    /// The current stage is `fraction` (0 to 1) done.
    func progress(stageFraction fraction: Double) {
        guard showsProgress else { return }
        tracker.stage(fraction: fraction)
    }

    /// `executions` have closed and `open` are open.
    func progress(executions: Int, open: Int = 0) {
        guard showsProgress else { return }
        tracker.executions(executions, open: open)
    }

    /// The tracker moved: keep what the timer draws, and draw now when due.
    private func changed(_ progress: AnalysisProgress, stageChanged: Bool) {
        lock.lock()
        latest = progress
        if stageChanged { stageStart = Date() }
        lock.unlock()
        if stageChanged {
            if plainInterval == 0 || showsStages && plainInterval == nil { draw(force: true) }
        } else {
            draw(force: plainInterval == 0)
        }
    }

    /// Stops showing progress and clears the live line.
    func finish() {
        timer?.cancel()
        timer = nil
        lock.lock()
        defer { lock.unlock() }
        clearProgressLocked()
    }

    /// Draws the progress: a live line on a terminal (at most 5 times a second unless `force`), a
    /// plain line otherwise (`force` only: the timer's period, or every update at interval 0).
    private func draw(force: Bool) {
        lock.lock()
        defer { lock.unlock() }
        guard showsProgress else { return }
        let now = Date()
        if plainInterval == nil {
            guard force || now.timeIntervalSince(lastDrawn) >= 0.2 else { return }
            lastDrawn = now
            FileHandle.standardError.write(Data(("\r" + line(now: now) + "\u{1B}[K").utf8))
            shownProgress = true
        } else if force {
            StandardStreams.error("ariadne: progress: " + line(now: now))
        }
    }

    /// The progress as one line.
    private func line(now: Date) -> String {
        let progress = latest
        var parts: [String] = []
        var head = ""
        if showsStages {
            let position = stages.firstIndex(of: progress.stage).map { " \($0 + 1)/\(stages.count)" } ?? ""
            head = style("[\(progress.stage.title)\(position)]", .heading) + " "
        }
        var read = Self.size(progress.bytes)
        if let total = progress.totalBytes, let fraction = progress.fraction {
            read += " of " + Self.size(total) + String(format: " (%.0f%%)", fraction * 100)
        }
        parts.append(read + " read")
        parts.append("\(progress.lines) lines")
        if showsStages || progress.executions > 0 || progress.openExecutions > 0 {
            parts.append("\(progress.executions) executions" + (progress.openExecutions > 0 ? " (\(progress.openExecutions) open)" : ""))
        }
        let elapsed = now.timeIntervalSince(start)
        parts.append(Self.duration(elapsed))
        if progress.stage == .parse, let fraction = progress.fraction, fraction > 0.01, fraction < 1 {
            let parsing = now.timeIntervalSince(stageStart)
            parts.append("ETA " + Self.duration(parsing * (1 - fraction) / fraction))
        } else if progress.stage != .parse, showsStages {
            let running = now.timeIntervalSince(stageStart)
            var stage = "stage " + Self.duration(running)
            if let fraction = progress.stageFraction {
                stage += String(format: " (%.0f%%", fraction * 100)
                stage += fraction > 0.01 && fraction < 1 ? ", ETA " + Self.duration(running * (1 - fraction) / fraction) + ")" : ")"
            }
            parts.append(stage)
        }
        return head + parts.joined(separator: ", ")
    }

    private static func duration(_ seconds: TimeInterval) -> String {
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds)
        return whole >= 3600 ? String(format: "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60)
            : String(format: "%d:%02d", whole / 60, whole % 60)
    }

    func summary(_ stats: ParseStats, detailed: Bool) {
        // A run without stages is done reading: its progress stops here.
        if showsStages { clearProgress() } else { finish() }
        for line in stats.mixedDetections() {
            let marker = ": files detected differently: "
            guard warnedDetections.insert(line.components(separatedBy: marker).dropFirst().joined(separator: marker)).inserted else { continue }
            StandardStreams.error("ariadne: " + style("WARNING", .warning) + " \(line)")
        }
        if warns || detailed {
            for line in stats.untimedInputs() where warnedDetections.insert(line).inserted {
                StandardStreams.error("ariadne: " + style("WARNING", .warning) + " \(line)")
            }
            for line in stats.localZones() where warnedDetections.insert(line).inserted {
                StandardStreams.error("ariadne: \(line)")
            }
            for line in stats.assumedYears() where warnedDetections.insert(line).inserted {
                StandardStreams.error("ariadne: " + style("WARNING", .warning) + " \(line)")
            }
        }
        guard !quiet || detailed else { return }
        if detailed {
            for input in stats.inputs { StandardStreams.error(Self.describe(input)) }
            StandardStreams.error("events per type:")
            for (type, count) in stats.eventTypes.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
                let template = stats.templates[type].map { "  \($0)" } ?? ""
                StandardStreams.error(String(format: "%10d  %@", count, type) + template)
            }
        }
        let seconds = Date().timeIntervalSince(start)
        var line = "ariadne: \(stats.inputs.count) input(s), \(stats.total(\.lines)) lines, \(stats.total(\.events)) events"
            + " of \(stats.eventTypes.count) types, \(stats.total(\.unmatchedLines)) unmatched lines"
        let extra = [("header lines", stats.total(\.headerLines)), ("truncated lines", stats.total(\.truncatedLines)),
                     ("regex limit hits", stats.total(\.limitHits)), ("unparsed timestamps", stats.total(\.badTimestamps)),
                     ("events without a time", stats.total(\.untimedEvents))]
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
        if input.untimedEvents > 0 { text += ", \(input.untimedEvents) without a time" }
        if let error = input.error { text += "; stopped: \(error)" }
        return text
    }

    private func clearProgress() {
        lock.lock()
        defer { lock.unlock() }
        clearProgressLocked()
    }

    private func clearProgressLocked() {
        guard shownProgress else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shownProgress = false
    }

    private static func size(_ bytes: Int) -> String {
        bytes < 1 << 20 ? String(format: "%.0f KB", Double(bytes) / 1024) : bytes >= 1 << 30 ? String(format: "%.2f GB", Double(bytes) / Double(1 << 30))
            : String(format: "%.1f MB", Double(bytes) / Double(1 << 20))
    }
}
