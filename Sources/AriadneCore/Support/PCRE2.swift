import CPCRE2

/// A PCRE2 pattern compiled once (and JIT-compiled when the platform allows), shared by all threads.
///
/// This file is the only place that touches PCRE2's raw pointers. Matching needs per-thread state
/// (`Matcher`), so a `CompiledRegex` hands out matchers that reuse their match data across calls.
/// Patterns are compiled in byte mode (no UTF flag): any input, valid UTF-8 or not, is matched safely.
final class CompiledRegex: @unchecked Sendable {
    /// The pattern text as written.
    let source: String
    /// Named groups in group-number order.
    let names: [(name: String, group: Int)]
    /// Number of capture groups.
    let captureCount: Int
    /// Whether JIT compilation succeeded (it can fail on unusual patterns; matching then interprets).
    let isJIT: Bool

    fileprivate let code: OpaquePointer

    /// Compiles `pattern`; throws `RegexError.compile` with PCRE2's message and error offset.
    init(_ pattern: String, caseless: Bool = false) throws {
        source = pattern
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        let options: UInt32 = caseless ? UInt32(PCRE2_CASELESS) : 0
        let compiled: OpaquePointer? = pattern.withCString { pointer in
            pointer.withMemoryRebound(to: UInt8.self, capacity: pattern.utf8.count) {
                pcre2_compile_8($0, pattern.utf8.count, options, &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            throw RegexError.compile(pattern: pattern, offset: errorOffset, message: Self.message(for: errorCode))
        }
        code = compiled
        isJIT = pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE)) == 0

        var count: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        captureCount = Int(count)

        var nameCount: UInt32 = 0
        var entrySize: UInt32 = 0
        var table: UnsafePointer<UInt8>?
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_NAMECOUNT), &nameCount)
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_NAMEENTRYSIZE), &entrySize)
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_NAMETABLE), &table)
        var names: [(String, Int)] = []
        if let table {
            for index in 0..<Int(nameCount) {
                let entry = table + index * Int(entrySize)
                let group = Int(entry[0]) << 8 | Int(entry[1])
                names.append((String(cString: entry + 2), group))
            }
        }
        self.names = names.sorted { $0.1 < $1.1 }
    }

    deinit {
        pcre2_code_free_8(code)
    }

    /// The bytes a match can start with, when PCRE2 knows them (a fixed first byte, caseless pair, or
    /// start bitmap); nil when a match may start with any byte or be empty.
    func firstBytes() -> Set<UInt8>? {
        var type: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_FIRSTCODETYPE), &type)
        if type == 1 {
            var unit: UInt32 = 0
            pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_FIRSTCODEUNIT), &unit)
            return [UInt8(truncatingIfNeeded: unit)]
        }
        var bitmap: UnsafePointer<UInt8>?
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_FIRSTBITMAP), &bitmap)
        guard let bitmap else { return nil }
        var bytes = Set<UInt8>()
        for byte in 0..<256 where bitmap[byte / 8] & (1 << (byte % 8)) != 0 { bytes.insert(UInt8(byte)) }
        return bytes
    }

    /// The group number of the named group `name`, if the pattern has one.
    func group(named name: String) -> Int? {
        names.first { $0.name == name }?.group
    }

    /// A new matcher with its own match data; use one per thread.
    func makeMatcher(limits: MatchLimits = .default) -> Matcher {
        Matcher(regex: self, limits: limits)
    }

    fileprivate static func message(for code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = pcre2_get_error_message_8(code, &buffer, buffer.count)
        guard length > 0 else { return "PCRE2 error \(code)" }
        return String(decoding: buffer[0..<Int(length)], as: UTF8.self)
    }
}

/// Bounds that keep a pathological pattern or line from hanging a run.
struct MatchLimits: Sendable {
    /// PCRE2 match limit: backtracking steps per match attempt.
    var matchLimit: UInt32
    /// PCRE2 depth limit (interpreter) and the JIT stack's maximum size in bytes.
    var depthLimit: UInt32
    var jitStackBytes: Int

    static let `default` = MatchLimits(matchLimit: 10_000_000, depthLimit: 100_000, jitStackBytes: 8 << 20)
}

/// Per-thread matching state for one `CompiledRegex`: match data, match context and JIT stack,
/// reused across calls and freed in `deinit`.
final class Matcher {
    let regex: CompiledRegex
    private let matchData: OpaquePointer
    private let context: OpaquePointer
    private let jitStack: OpaquePointer?
    private let ovector: UnsafeMutablePointer<Int>

    fileprivate init(regex: CompiledRegex, limits: MatchLimits) {
        self.regex = regex
        matchData = pcre2_match_data_create_from_pattern_8(regex.code, nil)
        context = pcre2_match_context_create_8(nil)
        pcre2_set_match_limit_8(context, limits.matchLimit)
        pcre2_set_depth_limit_8(context, limits.depthLimit)
        if regex.isJIT, let stack = pcre2_jit_stack_create_8(32 * 1024, limits.jitStackBytes, nil) {
            jitStack = stack
            pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(stack))
        } else {
            jitStack = nil
        }
        ovector = pcre2_get_ovector_pointer_8(matchData)
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(context)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }

    /// Matches the pattern in `subject` starting the search at byte `offset`.
    /// Returns false for no match; throws `RegexError.limit` when a resource limit stopped the match.
    func matches(_ subject: UnsafeBufferPointer<UInt8>, from offset: Int = 0) throws -> Bool {
        let base = subject.baseAddress ?? Self.empty
        let result: Int32
        if regex.isJIT {
            result = pcre2_jit_match_8(regex.code, base, subject.count, offset, 0, matchData, context)
        } else {
            result = pcre2_match_8(regex.code, base, subject.count, offset, 0, matchData, context)
        }
        if result >= 0 { return true }
        if result == PCRE2_ERROR_NOMATCH || result == PCRE2_ERROR_PARTIAL { return false }
        throw RegexError.limit(pattern: regex.source, message: CompiledRegex.message(for: result))
    }

    /// The byte range of capture `group` in the last successful match, or nil if it did not take part.
    func range(_ group: Int) -> Range<Int>? {
        let start = ovector[2 * group]
        let end = ovector[2 * group + 1]
        if start < 0 || end < start { return nil }
        return start..<end
    }

    private static let empty: UnsafePointer<UInt8> = {
        let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return UnsafePointer(pointer)
    }()
}

extension Matcher {
    /// Convenience for tests and cold paths: matches a Swift string.
    func matches(_ text: String) throws -> Bool {
        var copy = text
        return try copy.withUTF8 { try matches($0) }
    }
}

/// Errors from compiling or running a PCRE2 pattern.
enum RegexError: Error, Equatable, CustomStringConvertible {
    /// The pattern does not compile; `offset` is PCRE2's error offset in bytes.
    case compile(pattern: String, offset: Int, message: String)
    /// A match ran into the match, depth or JIT stack limit.
    case limit(pattern: String, message: String)

    var description: String {
        switch self {
        case let .compile(pattern, offset, message):
            return "invalid regular expression at offset \(offset): \(message) in '\(pattern)'"
        case let .limit(pattern, message):
            return "matching stopped by a resource limit (\(message)) for '\(pattern)'; simplify the pattern"
        }
    }
}
