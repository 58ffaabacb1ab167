import Foundation

/// Paths the tests use: the package root, the shared real logs beside it, and scratch files.
enum TestPaths {
    static let root: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }()

    /// `../shared/data` relative to the package root.
    static let data = root + "/../shared/data"

    static let patterns = root + "/Patterns"

    /// One directory per test process that holds every scratch directory (`ariadne-tests-run-PID-XXXXXXXX`),
    /// so runs do not leave hundreds of directories behind in the temporary directory: removed when the
    /// process exits through `exit`, and otherwise by the next test process, which removes those of
    /// processes no longer running.
    static let scratchRoot: String = {
        let temporary = NSTemporaryDirectory(), prefix = "ariadne-tests-run-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: temporary + name)
        }
        let path = temporary + prefix + "\(getpid())-" + UUID().uuidString.prefix(8)
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: TestPaths.scratchRoot) }
        return path
    }()

    /// A new empty scratch directory. Its path stays short (a Unix socket's path, which tests make in
    /// it, must fit in 108 bytes, with `$TMPDIR` in front).
    static func scratch() -> String {
        let path = scratchRoot + "/" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16)
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `bytes` to a new scratch file and returns its path.
    static func file(_ bytes: [UInt8], name: String = "input.log") -> String {
        let path = scratch() + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    static func file(_ text: String, name: String = "input.log") -> String {
        file(Array(text.utf8), name: name)
    }
}
