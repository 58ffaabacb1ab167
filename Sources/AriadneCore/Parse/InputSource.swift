import Foundation

/// One input of a run: a file (plain or gzip-compressed, recognised by its magic bytes) or stdin.
public struct InputSource: Sendable, Equatable {
    /// Display name used in events' `source` and in messages.
    public let name: String
    let path: String?

    /// A file at `path`.
    public init(path: String) {
        name = path
        self.path = path
    }

    /// Standard input, read as a live stream.
    public static let standardInput = InputSource()

    private init() {
        name = "-"
        path = nil
    }

    /// Whether this input is a live stream whose records are emitted as they complete.
    public var isLive: Bool { path == nil }

    func open() throws -> ByteSource {
        guard let path else { return FileDescriptorSource(standardInput: ()) }
        let file = try FileDescriptorSource(path: path)
        var head: [UInt8] = []
        _ = try file.read(into: &head, limit: 2, wait: nil)
        let raw = PrefixedSource(prefix: head, rest: file)
        if head == [0x1f, 0x8b] { return try GzipSource(upstream: raw, name: path) }
        return raw
    }

    /// Expands command-line paths: `-` is stdin, a directory is every file below it (sorted, hidden
    /// files skipped), a path with `*`, `?` or `[` is a glob. No path at all means stdin.
    public static func expand(_ paths: [String]) throws -> [InputSource] {
        if paths.isEmpty { return [.standardInput] }
        var inputs: [InputSource] = []
        let manager = FileManager.default
        for path in paths {
            if path == "-" {
                inputs.append(.standardInput)
                continue
            }
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
                if isDirectory.boolValue {
                    inputs.append(contentsOf: try files(below: path).map(InputSource.init(path:)))
                } else {
                    inputs.append(InputSource(path: path))
                }
            } else if path.contains(where: { "*?[".contains($0) }) {
                let matches = glob(path)
                if matches.isEmpty { throw InputError.noInputs(pattern: path) }
                for match in matches { inputs.append(contentsOf: try expand([match])) }
            } else {
                throw InputError.cannotOpen(path: path, reason: "no such file or directory")
            }
        }
        return inputs
    }

    private static func files(below directory: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
            throw InputError.cannotOpen(path: directory, reason: "cannot list the directory")
        }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            let full = (directory as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(full)
            }
        }
        return files.sorted()
    }

    private static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard Glibc.glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { result.gl_pathv[$0].map { String(cString: $0) } }.sorted()
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
