#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Buffered writes to stdout and plain writes to stderr.
enum StandardStreams {
    /// Writes `bytes` to stdout in full.
    static func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(1, raw.baseAddress! + offset, raw.count - offset)
                if written <= 0 {
                    if errno == EINTR { continue }
                    exit(errno == EPIPE ? 0 : 74)
                }
                offset += written
            }
        }
    }

    static func write(_ text: String) {
        write(Array(text.utf8))
    }

    /// Writes a line to stderr.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Whether stderr is a terminal (progress lines are shown only then).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }
}
