#if canImport(Glibc)
import Glibc
#endif
import AriadneCore
import ArgumentParser
import Foundation

/// `ariadne merge`: models of disjoint shards into the model of their union.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge models inferred from disjoint sets of executions into the model of their union.",
        discussion: """
            Process a log archive in shards (`ariadne infer --format json`) and merge the results. The \
            shards must hold disjoint executions: a file named twice (by the same or another path) is \
            refused, as it would count its executions twice. A model file that cannot be read (66) or \
            used (65) is reported and the others are still merged.

            Examples:
              ariadne infer --format json -o day1.json logs/day1/
              ariadne infer --format json -o day2.json logs/day2/
              ariadne merge -o both.json day1.json day2.json
            """
    )

    @Argument(help: ArgumentHelp("Model files written by `ariadne infer --format json` (at least one).", valueName: "FILE"),
              completion: .file(extensions: ["json"]))
    var models: [String] = []

    @Option(help: "Output format: text, json, dot.")
    var format: Infer.Format = .json

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !models.isEmpty else { throw ValidationError("name at least one model file") }
        var seen: [String: String] = [:]
        for path in models {
            var status = stat()
            let key = stat(path, &status) == 0 ? "\(status.st_dev):\(status.st_ino)" : "path:" + path
            if let first = seen[key] {
                let how = first == path ? "twice" : "twice (as \(first) and \(path))"
                throw ValidationError("\(path) is named \(how); merging a model with itself would count its executions twice")
            }
            seen[key] = path
        }
    }

    func run() throws {
        let file = try output.open()
        var failures = InputFailures()
        var merged: CausalModel?
        for path in models {
            do {
                let model = try Self.read(path)
                merged = try merged.map { try CausalModel.merge($0, model) } ?? model
            } catch let error as CLIError {
                StandardStreams.error("ariadne: \(error)")
                failures.note(error.status)
            } catch {
                StandardStreams.error("ariadne: \(path): \(error)")
                failures.note(65)
            }
        }
        if let merged {
            try ModelOutput.write(merged, format: format, to: file, pretty: output.pretty)
        }
        file.close()
        try failures.exitIfFailed()
    }

    /// Reads one model file: 66 if it cannot be read, 65 if it is not a model this version reads.
    static func read(_ path: String) throws -> CausalModel {
        let data = try readFile(path)
        if data.allSatisfy({ [0x20, 0x0A, 0x0D, 0x09].contains($0) }) {
            throw CLIError(description: "\(path): empty file, not an Ariadne model (write one with `ariadne infer --format json`)", status: 65)
        }
        do {
            return try CausalModel.read(json: data)
        } catch let error as DecodingError {
            throw CLIError(description: "\(path): not an Ariadne model JSON: \(Self.reason(error)) (write one with `ariadne infer --format json`)",
                           status: 65)
        } catch {
            throw CLIError(description: "\(path): \(error)", status: 65)
        }
    }

    /// Reads the whole file at `path` (a device or FIFO too); a failure is 66 with the system's reason.
    static func readFile(_ path: String) throws -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CLIError(description: "\(path): \(String(cString: strerror(errno)))", status: 66) }
        defer { close(fd) }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw CLIError(description: "\(path): \(String(cString: strerror(errno)))", status: 66) }
            if count == 0 { return data }
            data.append(contentsOf: chunk[0..<count])
        }
    }

    /// `ariadneModel` as the file spells it: `ariadne_model`.
    static func snakeCase(_ key: String) -> String {
        key.reduce(into: "") { out, c in out += c.isUppercase ? "_" + c.lowercased() : String(c) }
    }

    /// A one-line reason for a decoding failure: what was wrong, and where.
    static func reason(_ error: DecodingError) -> String {
        func at(_ path: [CodingKey]) -> String {
            path.isEmpty ? "" : " at " + path.map { $0.intValue.map { "[\($0)]" } ?? snakeCase($0.stringValue) }.joined(separator: ".")
        }
        switch error {
        case let .dataCorrupted(context):
            return context.codingPath.isEmpty ? "not valid JSON" : "bad value\(at(context.codingPath))"
        case let .keyNotFound(key, context):
            return "missing key '\(snakeCase(key.stringValue))'\(at(context.codingPath))"
        case let .typeMismatch(type, context):
            return "expected \(type)\(at(context.codingPath))"
        case let .valueNotFound(type, context):
            return "missing \(type) value\(at(context.codingPath))"
        @unknown default:
            return "unreadable"
        }
    }
}
