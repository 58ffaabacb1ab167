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

    /// One directory per test process that holds every scratch directory; removed when the process exits,
    /// so runs do not leave hundreds of directories behind in the temporary directory.
    static let scratchRoot: String = {
        let path = NSTemporaryDirectory() + "ariadne-tests-run-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: TestPaths.scratchRoot) }
        return path
    }()

    /// A new empty scratch directory.
    static func scratch() -> String {
        let path = scratchRoot + "/" + UUID().uuidString
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
