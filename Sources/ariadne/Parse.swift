import AriadneCore
import ArgumentParser
import Foundation

/// `ariadne parse`: logs to events, one JSON object per line.
struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse logs into events (JSON Lines on stdout).",
        discussion: """
            Each input's format is detected from its first lines (or forced with --pattern); the chosen \
            pattern is reported on stderr. Every line is accounted for: lines matching no record pattern \
            are still emitted, as events typed by their masked template, and counted. See the README's \
            "Event schema" for the output.
            """
    )

    @OptionGroup var input: InputOptions

    @Option(name: .shortAndLong, help: "Write events to FILE instead of stdout.")
    var output: String?

    func run() throws {
        try ExitStatus.run {
            Allocator.keepLargeBuffers()
            let (library, pattern) = try input.loadPatterns()
            let writer = try EventWriter(path: output)
            let options = ParseOptions(pattern: pattern, library: library.patterns, threads: input.threads)
            let session = ParseSession(options: options, output: .jsonLines { writer.write($0) })
            let reporter = RunReporter(quiet: input.quiet)
            session.progress = { bytes, lines in reporter.progress(bytes: bytes, lines: lines) }
            session.onInputStart = { reporter.announce($0) }
            session.afterLiveBatch = { writer.flush() }
            session.onSkip = { reporter.skipped($0) }
            let expansion = try InputSource.expand(input.paths)
            session.skip(expansion.skipped)
            var failure: Int32?
            for source in expansion.inputs {
                do {
                    try session.parse(source)
                } catch {
                    failure = max(failure ?? 0, ExitStatus.code(for: error))
                    StandardStreams.error("ariadne: \(error)")
                }
            }
            writer.flush()
            reporter.summary(session.stats, detailed: input.stats)
            try input.writeStats(session.stats)
            if let failure { throw ExitCode(failure) }
        }
    }
}

/// Writes events as JSON Lines to stdout or a file, buffered.
final class EventWriter {
    private var buffer: [UInt8] = []
    private let handle: FileHandle?

    init(path: String?) throws {
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                throw ValidationError("cannot write to \(path); check the folder exists and is writable")
            }
            self.handle = handle
        } else {
            handle = nil
        }
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        if let handle { handle.write(Data(buffer)) } else { StandardStreams.write(buffer) }
        buffer.removeAll(keepingCapacity: true)
    }
}
