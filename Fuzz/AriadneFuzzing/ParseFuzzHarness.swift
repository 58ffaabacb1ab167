import AriadneCore
import Foundation

/// Runs one fuzz input through the parse stage and, for some inputs, grouping and inference; shared by
/// the libFuzzer target (`ariadne-fuzz`) and the tests that replay its findings.
///
/// Input layout: byte 0 picks the pattern (0: detection over the shipped ones; else
/// `(byte - 1) % (shipped + 1)`: a shipped pattern in name order, or `generic` last); byte 1 holds option bits (see `Settings`); the rest is the log, written
/// to `scratchPath` and parsed as a file.
public struct ParseFuzzHarness {
    /// The shipped patterns, loaded once.
    public let library: [LogPattern]
    /// Where each input is written before it is parsed (a tmpfs path keeps the fuzzer fast).
    public let scratchPath: String

    /// A harness over the shipped patterns, writing inputs to `scratchPath`.
    public init(scratchPath: String) throws {
        library = try PatternLibrary().patterns
        self.scratchPath = scratchPath
    }

    /// What one input chose, decoded from its first two bytes.
    public struct Settings: CustomStringConvertible {
        /// The pattern given, or nil to detect one.
        public var pattern: LogPattern?
        /// Bit 0: JSON lines output instead of event values.
        public var encode: Bool
        /// Bit 1: two worker threads instead of one.
        public var threads: Int
        /// Bit 2: event rules off (every message typed by template masking).
        public var eventRules: Bool
        /// Bit 3: the smallest line limit (1 KiB), so long lines are cut.
        public var maxLineBytes: Int
        /// Bit 4 (with event values): feed the events to an `InferencePipeline`.
        public var infer: Bool
        /// Bits 5–6: grouping idle timeout (none, 1 ns, 1 s, Int64.max ns).
        public var idleTimeout: Int64?
        /// Bit 7: a clock-skew bound of Int64.max / 2 ns instead of the default.
        public var skew: Int64?

        /// The settings in words, for messages.
        public var description: String {
            "pattern \(pattern?.name ?? "detect"), \(encode ? "jsonLines" : "events"), threads \(threads), "
                + "eventRules \(eventRules), maxLineBytes \(maxLineBytes), infer \(infer), "
                + "idle \(idleTimeout.map(String.init) ?? "nil"), skew \(skew.map(String.init) ?? "nil")"
        }
    }

    /// Decodes the settings in the first two bytes of `input` (missing bytes read as 0).
    public func settings(_ input: UnsafeRawBufferPointer) -> Settings {
        let choice = input.count > 0 ? Int(input[0]) : 0
        let bits = input.count > 1 ? input[1] : 0
        let index = (choice + library.count) % (library.count + 1)
        let pattern: LogPattern? = choice == 0 ? nil : index < library.count ? library[index] : .generic
        let idle: [Int64?] = [nil, 1, 1_000_000_000, Int64.max]
        return Settings(pattern: pattern, encode: bits & 1 != 0, threads: bits & 2 != 0 ? 2 : 1,
                        eventRules: bits & 4 == 0, maxLineBytes: bits & 8 != 0 ? 1024 : 16 << 20,
                        infer: bits & 16 != 0, idleTimeout: idle[Int(bits >> 5) & 3],
                        skew: bits & 128 != 0 ? Int64.max / 2 : nil)
    }

    /// Parses `input` as described on the type and returns every broken invariant (empty when all
    /// hold): every line is counted once and in exactly one class, and every event counted was emitted.
    /// A crash or hang in the library is not caught here; it ends the process, which is what the
    /// fuzzer looks for.
    public func run(_ input: UnsafeRawBufferPointer) throws -> [String] {
        let settings = settings(input)
        let log = input.count > 2 ? UnsafeRawBufferPointer(rebasing: input[2...]) : UnsafeRawBufferPointer(start: nil, count: 0)
        try Data(log).write(to: URL(fileURLWithPath: scratchPath))
        var newlines = 0
        for byte in log where byte == 10 { newlines += 1 }
        let expectedLines = newlines + (log.last.map { $0 != 10 } ?? false ? 1 : 0)

        let options = ParseOptions(pattern: settings.pattern, library: library, threads: settings.threads,
                                   maxLineBytes: settings.maxLineBytes, chunkBytes: 64 << 10,
                                   eventRules: settings.eventRules)
        var emitted = 0
        let pipeline = settings.infer && !settings.encode
            ? InferencePipeline(grouping: GroupingOptions(idleTimeout: settings.idleTimeout),
                                inference: InferenceOptions(skew: settings.skew), keepExecutions: false)
            : nil
        let output: ParseSession.Output = settings.encode
            ? .jsonLines { bytes in for byte in bytes where byte == 10 { emitted += 1 } }
            : .events { event in
                emitted += 1
                pipeline?.add(event)
            }
        let session = ParseSession(options: options, output: output)
        try session.parse(InputSource(path: scratchPath))
        if let pipeline {
            let model = pipeline.finish()
            _ = try JSONEncoder().encode(model)
        }

        var problems: [String] = []
        guard let stats = session.stats.inputs.first else { return ["no input stats (\(settings))"] }
        if stats.lines != expectedLines {
            problems.append("\(stats.lines) lines counted, \(expectedLines) in the input (\(settings))")
        }
        let classified = stats.recordLines + stats.continuationLines + stats.headerLines + stats.unmatchedLines
        if classified != stats.lines {
            problems.append("\(classified) lines classified, \(stats.lines) counted (\(settings))")
        }
        if emitted != stats.events {
            problems.append("\(emitted) events emitted, \(stats.events) counted (\(settings))")
        }
        if stats.bytes != log.count {
            problems.append("\(stats.bytes) bytes counted, \(log.count) in the input (\(settings))")
        }
        return problems
    }
}
