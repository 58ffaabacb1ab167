import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Byte blocks kept in a temporary file instead of memory, read back by where they were put: an
/// append-only file made in `$TMPDIR` (else `/tmp`) and unlinked as soon as it is open, so it goes
/// away with the process however it ends and no other process sees it. Pages read back are the
/// kernel's cache, not the process's memory.
///
/// When the file cannot be made or written (no temporary directory, a full disk), blocks are kept
/// in memory instead: nothing fails, memory just grows as it did. Safe to use from several threads.
final class SpillFile: @unchecked Sendable {
    /// Where a block was put.
    enum Place {
        case file(offset: Int, count: Int)
        case memory(index: Int)
    }

    private let lock = NSLock()
    /// The open (already unlinked) file; -1 once it could not be made or written.
    private var fd: Int32?
    private var end = 0
    private var kept: [[UInt8]] = []
    private let directory: String

    /// A spill file in `directory` (default: `$TMPDIR`, else `/tmp`), made on the first `put`.
    init(directory: String? = nil) {
        self.directory = directory ?? Self.temporaryDirectory
    }

    deinit {
        if let fd, fd >= 0 { close(fd) }
    }

    static var temporaryDirectory: String {
        let tmp = ProcessInfo.processInfo.environment["TMPDIR"] ?? ""
        return tmp.isEmpty ? "/tmp" : tmp
    }

    /// Appends `bytes`; returns where they are.
    func put(_ bytes: [UInt8]) -> Place {
        lock.lock()
        defer { lock.unlock() }
        if fd == nil { fd = Self.open(in: directory) }
        if let fd, fd >= 0, Self.writeAll(fd, bytes, at: end) {
            defer { end += bytes.count }
            return .file(offset: end, count: bytes.count)
        }
        if let fd, fd >= 0 {
            // A failed write (a full disk): the file keeps what it has, later blocks stay in memory.
            self.fd = -1 - fd
        }
        kept.append(bytes)
        return .memory(index: kept.count - 1)
    }

    /// The bytes put at `place`.
    func get(_ place: Place) -> [UInt8] {
        switch place {
        case .memory(let index):
            lock.lock()
            defer { lock.unlock() }
            return kept[index]
        case .file(let offset, let count):
            lock.lock()
            let descriptor = fd.map { $0 >= 0 ? $0 : -1 - $0 } ?? -1
            lock.unlock()
            var out = [UInt8](repeating: 0, count: count)
            // The file was written by this process and never truncated: a short read is a broken disk.
            let done = readFully(descriptor, at: offset, into: &out)
            precondition(done == count, "ariadne: cannot read back its temporary file (\(String(cString: strerror(errno))))")
            return out
        }
    }

    /// An unlinked temporary file in `directory`, -1 when none can be made.
    private static func open(in directory: String) -> Int32 {
        var template = Array((directory + "/ariadne-spill-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return -1 }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return fd
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], at offset: Int) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = pwrite(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
    }
}
