import AriadneCore
#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Checked writes to stdout and plain writes to stderr.
enum StandardStreams {
    /// Writes `bytes` to stdout in full. When the reader has gone (`parse | head -1`), the run stops
    /// quietly with status 0, as a filter should; any other write error stops it with status 74.
    static func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            writeAll(fd: 1, base, raw.count, path: nil)
        }
    }

    static func write(_ text: String) {
        write(Array(text.utf8))
    }

    /// Writes `count` bytes at `base` to `fd`, retrying short writes; stops the process on an error.
    /// `path` names the file in the message (nil: stdout).
    static func writeAll(fd: Int32, _ base: UnsafeRawPointer, _ count: Int, path: String?) {
        var offset = 0
        while offset < count {
            let written = Glibc.write(fd, base + offset, count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { failWrite(errno: written < 0 ? errno : EIO, path: path) }
            offset += written
        }
    }

    /// Stops the run after a failed write: quietly with 0 when stdout's reader has gone, else with 74.
    static func failWrite(errno code: Int32, path: String?) -> Never {
        if path == nil && code == EPIPE { _exit(0) }
        let file = path.map { " (writing \($0))" } ?? ""
        error("ariadne: write error: \(String(cString: strerror(code)))\(file)")
        _exit(74)
    }

    /// What clears the live progress line (`RunReporter` registers it while it may draw one), so that
    /// every line written to stderr, an error thrown mid-run included, starts a line of its own.
    private final class LiveLine: @unchecked Sendable {
        let lock = NSLock()
        var clear: (() -> Void)?
    }
    private static let liveLine = LiveLine()

    /// Has `clear` called before each line `error(_:)` writes (nil: nothing to clear).
    static func clearsBeforeLines(_ clear: (() -> Void)?) {
        liveLine.lock.lock()
        liveLine.clear = clear
        liveLine.lock.unlock()
    }

    /// Writes a line to stderr (errors writing to stderr itself are ignored: there is nowhere to report
    /// them), after clearing the live progress line if one is shown (`clearsBeforeLines`).
    static func error(_ text: String) {
        liveLine.lock.lock()
        let clear = liveLine.clear
        liveLine.lock.unlock()
        clear?()
        let bytes = Array((text + "\n").utf8)
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(2, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    /// Whether stderr is a terminal (the live progress line is shown only then).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Whether stdin is a terminal (nobody is piping logs in).
    static var stdinIsTerminal: Bool { isatty(0) == 1 }

    /// The width of the terminal stdout writes to, or nil when stdout is not a terminal (a pipe or a
    /// file gets full rows). `COLUMNS` overrides the width the terminal reports.
    static var terminalColumns: Int? {
        guard isatty(1) == 1 else { return nil }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}

/// Process-wide allocator settings for long runs.
enum Allocator {
    /// Parse batches allocate and free buffers of megabytes; by default glibc maps and unmaps each one,
    /// and the kernel zeroes every page again. Keeping them on the heap lets freed pages be reused.
    static func keepLargeBuffers() {
        _ = glibcMallopt(mmapThreshold, 256 << 20)
        _ = glibcMallopt(trimThreshold, 512 << 20)
    }

    /// `M_MMAP_THRESHOLD` and `M_TRIM_THRESHOLD` of glibc's <malloc.h>, which Swift's Glibc module omits.
    private static let mmapThreshold: Int32 = -3
    private static let trimThreshold: Int32 = -1
}

@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32

