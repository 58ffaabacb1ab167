import Glibc

/// One input of a run: a file (plain or gzip-compressed, recognised by its magic bytes), a stream (stdin,
/// or a named pipe or device named on the command line) or stdin.
public struct InputSource: Sendable, Equatable {
    /// Display name used in events' `source` and in messages.
    public let name: String
    let path: String?
    /// Whether this input is a live stream whose records are emitted as they complete (stdin, or a
    /// named pipe or device named on the command line).
    public let isLive: Bool
    /// Whether a directory walk or a glob found this input (rather than the command line naming it):
    /// such an input is skipped if it turns out to be binary.
    public let isDiscovered: Bool

    /// The file (or stream, if `isLive`) at `path`; `isDiscovered` if a walk or glob found it.
    public init(path: String, isLive: Bool = false, isDiscovered: Bool = false) {
        name = path
        self.path = path
        self.isLive = isLive
        self.isDiscovered = isDiscovered
    }

    /// Standard input, read as a live stream.
    public static let standardInput = InputSource()

    private init() {
        name = "-"
        path = nil
        isLive = true
        isDiscovered = false
    }

    /// Opens the input; a file starting with the gzip magic is decompressed (streams are read as they
    /// are), and container runtime log lines are unwrapped (`ContainerLogSource`).
    func open() throws -> ByteSource {
        guard let path else { return ContainerLogSource(upstream: FileDescriptorSource(standardInput: ())) }
        let file = try FileDescriptorSource(path: path)
        if isLive { return ContainerLogSource(upstream: file) }
        var head: [UInt8] = []
        _ = try file.read(into: &head, limit: 2, wait: nil)
        let raw = PrefixedSource(prefix: head, rest: file)
        if head == [0x1f, 0x8b] { return ContainerLogSource(upstream: try GzipSource(upstream: raw, name: path)) }
        return ContainerLogSource(upstream: raw)
    }
}

/// A source whose first bytes were already read (to look for the gzip magic).
final class PrefixedSource: ByteSource {
    private var prefix: [UInt8]
    private let rest: ByteSource

    init(prefix: [UInt8], rest: ByteSource) {
        self.prefix = prefix
        self.rest = rest
    }

    func read(into buffer: inout [UInt8], limit: Int, wait: Int32?) throws -> Int? {
        if !prefix.isEmpty {
            let count = min(limit, prefix.count)
            buffer.append(contentsOf: prefix[0..<count])
            prefix.removeFirst(count)
            return count
        }
        return try rest.read(into: &buffer, limit: limit, wait: wait)
    }
}
