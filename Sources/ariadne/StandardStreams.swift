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
