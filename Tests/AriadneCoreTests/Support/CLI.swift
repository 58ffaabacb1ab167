import Foundation

/// Runs the built `ariadne` executable (it sits beside the test bundle in the build folder).
enum CLI {
    static let executable: String = {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ariadne").path
    }()

    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// Runs `ariadne arguments` from the package root with `stdin` as its standard input; `wrapper`
    /// (a command and its arguments, such as `setpriv …`) runs ariadne through another program;
    /// `environment` adds to (or replaces) variables of the test's own environment.
    static func run(_ arguments: [String], stdin: Data? = nil, wrapper: [String] = [], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        let command = wrapper + [executable] + arguments
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: TestPaths.root)
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let output = Pipe(), errors = Pipe(), input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        // Feed stdin and drain stderr on other threads so no pipe fills up while we read stdout.
        let writer = Thread {
            if let stdin { input.fileHandleForWriting.write(stdin) }
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        var err = Data()
        let done = DispatchSemaphore(value: 0)
        let reader = Thread {
            err = errors.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        reader.start()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: out, stderr: String(decoding: err, as: UTF8.self))
    }
}

extension CLI {
    /// Runs `ariadne arguments` with stdout going to `output` (a file, `/dev/full`, ...); returns the
    /// status and stderr.
    static func run(_ arguments: [String], standardOutput output: FileHandle) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: TestPaths.root)
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: err, as: UTF8.self))
    }

    /// Runs `ariadne arguments` with stdout on a pseudo-terminal `columns` wide (stderr discarded), or with
    /// stderr on it instead (`standardError`; stdout discarded); returns the status and what the terminal
    /// received (line ends as `\n`). `environment` adds to (or, with an empty value, removes from) the
    /// test's environment.
    static func runInTerminal(_ arguments: [String], columns: Int, environment: [String: String] = [:],
                              standardError: Bool = false) throws -> (status: Int32, output: String) {
        let master = cPosixOpenpt(O_RDWR | O_NOCTTY)
        precondition(master >= 0 && cGrantpt(master) == 0 && cUnlockpt(master) == 0, "no pseudo-terminal")
        defer { close(master) }
        var size = winsize(ws_row: 50, ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        let slave = open(String(cString: cPtsname(master)!), O_RDWR | O_NOCTTY)
        precondition(slave >= 0, "cannot open the terminal's slave side")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: TestPaths.root)
        var variables = ProcessInfo.processInfo.environment.filter { $0.key != "COLUMNS" }
        for (name, value) in environment { variables[name] = value.isEmpty ? nil : value }
        process.environment = variables
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.standardOutput = standardError ? FileHandle.nullDevice : terminal
        process.standardError = standardError ? terminal : FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        close(slave)
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            received += chunk[0..<count]
        }
        process.waitUntilExit()
        let text = String(decoding: received, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        return (process.terminationStatus, text)
    }
}

// The pseudo-terminal calls of <stdlib.h> that Swift's Glibc module leaves out (they need _XOPEN_SOURCE).
@_silgen_name("posix_openpt") private func cPosixOpenpt(_ flags: Int32) -> Int32
@_silgen_name("grantpt") private func cGrantpt(_ fd: Int32) -> Int32
@_silgen_name("unlockpt") private func cUnlockpt(_ fd: Int32) -> Int32
@_silgen_name("ptsname") private func cPtsname(_ fd: Int32) -> UnsafeMutablePointer<CChar>?
