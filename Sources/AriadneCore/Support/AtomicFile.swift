#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Writes files so that a reader (or a run killed at any moment) sees the old content or the new,
/// never a part: the bytes go to a temporary file in the same directory, which is flushed to disk
/// (`fsync`) and renamed over the target; the directory is then flushed so the rename survives a crash.
public enum AtomicFile {
    /// A write that failed, with the system's reason.
    public struct WriteError: Error, Equatable, CustomStringConvertible {
        /// The file that could not be written.
        public var path: String
        /// The system's reason.
        public var reason: String

        /// The path, the reason and what to check.
        public var description: String {
            "cannot write \(path): \(reason); check the directory's permissions and free space"
        }
    }

    /// Writes `data` to `path` atomically, creating the missing directories above it.
    public static func write(_ data: Data, to path: String) throws {
        try write(to: path) { put in try data.withUnsafeBytes { try put($0) } }
    }

    /// Writes what `produce` hands to the function it is given, piece by piece, to `path` atomically
    /// (nothing is written when `produce` throws), creating the missing directories above it.
    static func write(to path: String, _ produce: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let folder = directory.isEmpty ? "." : directory
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: path, reason: "cannot create \(folder)")
        }
        let temporary = folder + "/." + (path as NSString).lastPathComponent + ".\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        var failure: Int32 = 0
        do {
            try produce { raw in
                guard failure == 0 else { return }
                var offset = 0
                while offset < raw.count {
                    let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return
                    }
                    offset += n
                }
            }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        if close(fd) != 0 && failure == 0 && errno != EINTR { failure = errno }
        if failure == 0 && rename(temporary, path) != 0 { failure = errno }
        guard failure == 0 else {
            unlink(temporary)
            throw WriteError(path: path, reason: String(cString: strerror(failure)))
        }
        let dfd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            _ = fsync(dfd)
            close(dfd)
        }
    }
}
