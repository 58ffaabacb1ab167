import Foundation
import Testing

/// Runs `python3` (the first on PATH) from the package root, for the testbed's tests.
enum Python3 {
    /// The first `python3` on PATH, or nil.
    static let path: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { $0 + "/python3" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    struct Result {
        var status: Int32
        var output: String
    }

    /// Runs `python3 arguments` from the package root, its stdout and stderr together.
    static func run(_ arguments: [String]) throws -> Result {
        try run(executable: try #require(path), arguments)
    }

    /// Runs `executable arguments` from `directory` (default: the package root) with extra `environment`
    /// and no bytecode written, its stdout and stderr together.
    static func run(executable: String, _ arguments: [String], in directory: String = TestPaths.root,
                    environment extra: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self))
    }
}
