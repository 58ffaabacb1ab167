import AriadneCore
import ArgumentParser

/// The one rule every command follows for inputs that fail: read every input it can, report each
/// failure on stderr (`ariadne: FILE: reason`), write its result, then exit 66 if any input could not
/// be opened or read, else 65 if any was damaged or unusable.
struct InputFailures {
    /// 0, 65 or 66.
    private(set) var status: Int32 = 0

    /// Reports `error` and raises the status it calls for.
    mutating func record(_ error: Error) {
        StandardStreams.error("ariadne: \(error)")
        note(Self.status(for: error))
    }

    /// Raises the status without a message (the caller reported the failure).
    mutating func note(_ code: Int32) {
        if code == 66 || status == 0 { status = code }
    }

    /// 66 for an input that does not exist or cannot be opened or read (permissions included), 65 for
    /// one that is damaged or unusable.
    static func status(for error: Error) -> Int32 {
        if let error = error as? InputError {
            if case .corruptArchive = error { return 65 }
            return 66
        }
        return 65
    }

    /// What directory walks and globs skipped (not regular files, dangling links, ...), in path order.
    private(set) var skipped: [SkippedInput] = []

    /// Expands each path on its own, so one missing path is reported and the others are still read;
    /// what the walks skip is kept in `skipped` for the session to report.
    mutating func expand(_ paths: [String]) -> [InputSource] {
        if paths.isEmpty { return [.standardInput] }
        var sources: [InputSource] = []
        for path in paths {
            do {
                let expansion = try InputSource.expand([path])
                sources += expansion.inputs
                skipped += expansion.skipped
            } catch {
                record(error)
            }
        }
        return sources
    }

    /// After the run: when there were inputs but every one was skipped (binary files found by a walk),
    /// nothing was read, which is an error (66) rather than an empty result.
    mutating func checkSomethingWasRead(paths: [String], stats: ParseStats) {
        guard status == 0, stats.inputs.isEmpty, !stats.skipped.isEmpty else { return }
        record(InputError.noFiles(path: paths.joined(separator: " "), skipped: stats.skipped))
    }

    /// Ends the run with the status, if an input failed.
    func exitIfFailed() throws {
        if status != 0 { throw ExitCode(status) }
    }
}
