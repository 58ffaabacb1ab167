#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stream of bytes: a file, stdin or a decompressed archive.
protocol ByteSource: AnyObject {
    /// Appends at most `limit` bytes to `buffer`. Returns the number appended; 0 means end of input.
    /// `wait` bounds how long a live stream may block (nil: until data or end); a stream that had
    /// nothing in time returns `nil`.
    func read(into buffer: inout [UInt8], limit: Int, wait: Int32?) throws -> Int?
}

/// Fills `buffer` with the bytes of `fd` from `offset` (pread(2), again after an interruption); returns
/// how many it read: fewer at the end of the file or on an error (`errno` says which).
func readFully(_ fd: Int32, at offset: Int, into buffer: inout [UInt8]) -> Int {
    var filled = 0
    let count = buffer.count
    buffer.withUnsafeMutableBytes { raw in
        while filled < count {
            let got = pread(fd, raw.baseAddress! + filled, count - filled, off_t(offset + filled))
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            filled += got
        }
    }
    return filled
}

/// Reads a file descriptor with read(2): regular files, pipes, and stdin.
final class FileDescriptorSource: ByteSource {
    private let fd: Int32
    private let ownsDescriptor: Bool
    private let scratch = ReadScratch()
    let name: String

    /// Opens `path` for reading; throws `InputError.cannotOpen` naming it.
    init(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw InputError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        self.fd = fd
        ownsDescriptor = true
        name = path
    }

    /// Wraps standard input.
    init(standardInput: ()) {
        fd = 0
        ownsDescriptor = false
        name = "-"
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    /// The size of a regular file, nil for anything else (a pipe, a device, stdin).
    var regularFileSize: Int? {
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// Up to `count` bytes from `offset` (pread(2): the stream's own position is left alone); fewer at
    /// the end of the file, none on an error.
    func bytes(at offset: Int, count: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        let filled = readFully(fd, at: offset, into: &result)
        result.removeSubrange(filled...)
        return result
    }

    func read(into buffer: inout [UInt8], limit: Int, wait: Int32?) throws -> Int? {
        if let wait {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, wait)
            if ready == 0 { return nil }
        }
        let bytes = scratch.bytes(limit)
        while true {
            let count = Glibc.read(fd, bytes, limit)
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw InputError.readFailed(path: name, reason: String(cString: strerror(errno))) }
            scratch.append(count, to: &buffer)
            return count
        }
    }
}
