#if canImport(Glibc)
import Glibc
#endif
import AriadneCore
import Foundation

/// Standard input saved into the loop's state directory, so that later runs (`record`, `plan --state`,
/// `analyze` again) can read the baseline again: `DIR/inputs/stdin-<FNV-1a of the bytes>.log`, the
/// same name for the same bytes (a `.gz` stream is saved as it came, and recognised when read).
enum StandardInputCopy {
    /// Reads stdin to its end into the state directory `directory` and returns the file's path.
    static func save(into directory: String, reporter: RunReporter?) throws -> String {
        let folder = directory + "/inputs"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw CLIError(description: "cannot create \(folder): \(error.localizedDescription)", status: 74)
        }
        let temporary = folder + "/.stdin-\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CLIError.cannotWrite(path: temporary, errno: errno) }
        var hash = FNV1a.offsetBasis
        var total = 0, lines = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        reporter?.startInputs(totalBytes: nil)
        reporter?.begin(.read)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 {
                let code = errno
                close(fd)
                unlink(temporary)
                throw CLIError(description: "-: cannot read standard input: \(String(cString: strerror(code)))", status: 66)
            }
            if count == 0 { break }
            for byte in buffer[0..<count] {
                hash ^= UInt64(byte)
                hash &*= FNV1a.prime
                if byte == 0x0A { lines += 1 }
            }
            buffer.withUnsafeBytes { StandardStreams.writeAll(fd: fd, $0.baseAddress!, count, path: temporary) }
            total += count
            reporter?.progress(bytes: total, lines: lines)
        }
        guard fsync(fd) == 0 || errno == EINVAL, close(fd) == 0 else {
            let code = errno
            unlink(temporary)
            throw CLIError.cannotWrite(path: temporary, errno: code)
        }
        let path = folder + "/stdin-\(FNV1a.hex16(hash)).log"
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw CLIError.cannotWrite(path: path, errno: code)
        }
        return path
    }
}
