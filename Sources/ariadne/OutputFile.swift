#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Where a command writes its result: a file given with `-o` (opened before the run, so a path that
/// cannot be written fails at once) or stdout. Writes are buffered and checked.
final class OutputFile {
    /// The file's path, or nil for stdout.
    let path: String?
    private let fd: Int32
    private var buffer: [UInt8] = []

    /// Opens `path` for writing (created or truncated); nil or `-` is stdout.
    /// Throws `CLIError.cannotWrite` (exit 74) with the system's reason.
    init(path: String?) throws {
        guard let path, path != "-" else {
            self.path = nil
            fd = 1
            return
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw CLIError.cannotWrite(path: path, errno: errno) }
        var status = stat()
        if fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            Glibc.close(fd)
            throw CLIError.cannotWrite(path: path, errno: EISDIR)
        }
        self.path = path
        self.fd = fd
    }

    func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { flush() }
    }

    func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { write($0) }
    }

    func write(_ data: Data) {
        write(Array(data))
    }

    func write(_ text: String) {
        write(Array(text.utf8))
    }

    /// Writes out what is buffered; a failed write stops the run (74, or 0 when stdout's reader has gone).
    func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { raw in StandardStreams.writeAll(fd: fd, raw.baseAddress!, raw.count, path: path) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file (a deferred write error, as on NFS, shows up here).
    func close() {
        flush()
        guard path != nil else { return }
        if Glibc.close(fd) != 0 && errno != EINTR { StandardStreams.failWrite(errno: errno, path: path) }
    }
}
