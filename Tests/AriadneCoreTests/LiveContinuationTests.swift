import Foundation
import Testing
@testable import AriadneCore

/// Continuation lines join their record however they arrive: late on stdin, or filling whole chunks of a file.
@Suite struct LiveContinuationTests {
    static let first = "2015-07-29 17:41:44,747 - INFO  [main:QuorumPeer@1] - first record\n"
    static let trace = "\tat com.x.Y(Y.java:1)\n\tat com.x.Z(Z.java:2)\n"
    static let second = "2015-07-29 17:41:45,001 - WARN  [main:QuorumPeer@2] - second record\n"

    /// Reads stdout lines until `count` have arrived or the deadline passes.
    static func readLines(_ handle: FileHandle, count: Int, into buffer: inout Data, deadline: Date) -> [String] {
        while buffer.filter({ $0 == 10 }).count < count, Date() < deadline {
            let data = handle.availableData
            if data.isEmpty { break }
            buffer.append(data)
        }
        return String(decoding: buffer, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func aStackTraceArrivingLateJoinsItsRecord() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.executable)
        process.arguments = ["parse", "--pattern", "zookeeper", "-q", "-"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        defer { watchdog.cancel() }
        input.fileHandleForWriting.write(Data(Self.first.utf8))
        Thread.sleep(forTimeInterval: 1.2)
        input.fileHandleForWriting.write(Data(Self.trace.utf8))
        Thread.sleep(forTimeInterval: 0.3)
        input.fileHandleForWriting.write(Data(Self.second.utf8))
        var buffer = Data()
        let lines = Self.readLines(output.fileHandleForReading, count: 1, into: &buffer, deadline: Date() + 20)
        #expect(process.isRunning, "the first record is complete once the second starts, while the stream is open")
        try input.fileHandleForWriting.close()
        let all = Self.readLines(output.fileHandleForReading, count: 2, into: &buffer, deadline: Date() + 20)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(lines.count >= 1)
        #expect(all.count == 2, "\(all)")
        let event = try EventJSON.decode(all[0], location: SourceLocation(file: "-", line: 0))
        #expect(event.message == "first record\n\tat com.x.Y(Y.java:1)\n\tat com.x.Z(Z.java:2)")
        #expect(all[1].contains("second record"))
    }

    /// A stack trace longer than a chunk: the chunks made only of its lines must not drop the record.
    @Test(arguments: [false, true])
    func aTraceLongerThanAChunkStaysInItsRecord(encode: Bool) throws {
        let trace = (0..<8000).map { "\tat com.x.C\($0).run(C.java:\($0))\n" }.joined()
        let path = TestPaths.file(Self.first + trace + Self.second)
        let library = try PatternLibrary()
        let options = ParseOptions(pattern: try library.pattern(named: "zookeeper"), library: library.patterns, threads: 2,
                                   chunkBytes: 64 << 10)
        var messages: [String] = []
        let output: ParseSession.Output = encode
            ? .jsonLines { bytes in
                for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
                    messages.append((try? EventJSON.decode(String(line), location: SourceLocation(file: "-", line: 0)))?.message ?? "")
                }
            }
            : .events { messages.append($0.message) }
        let session = ParseSession(options: options, output: output)
        try session.parse(InputSource(path: path))
        #expect(messages.count == 2)
        #expect(messages.first?.split(separator: "\n").count == 8001)
        #expect(messages.last == "second record")
        #expect(session.stats.inputs[0].continuationLines == 8000)
    }
}
