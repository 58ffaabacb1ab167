import Foundation

/// The raw text of log lines named `file:line`, read back from the files (gzip'ed ones too) so the
/// report can quote them. Each file is read once, up to the last line wanted; a file that cannot be
/// read simply quotes nothing (the report then shows the location alone).
public struct SourceLines: Sendable, Equatable {
    /// `file:line` → the line's text (invalid UTF-8 repaired, cut at `maxCharacters`).
    public private(set) var lines: [String: String] = [:]

    /// Longest text quoted from one line.
    public static let maxCharacters = 400
    /// At most this many files are opened.
    static let maxFiles = 200

    /// No quotes at all.
    public init() {}

    /// Reads the lines named by `sources` (`file:line`; other strings are ignored).
    public init(reading sources: [String]) {
        var wanted: [String: Set<Int>] = [:]
        for source in sources {
            guard let colon = source.lastIndex(of: ":"), let line = Int(source[source.index(after: colon)...]), line >= 1 else { continue }
            wanted[String(source[..<colon]), default: []].insert(line)
        }
        for file in wanted.keys.sorted().prefix(Self.maxFiles) where file != "-" {
            for (line, text) in Self.read(file: file, lines: wanted[file]!) { lines["\(file):\(line)"] = text }
        }
    }

    /// The text of `source`, if it could be read.
    public subscript(_ source: String) -> String? { lines[source] }

    static func read(file: String, lines wanted: Set<Int>) -> [Int: String] {
        // Only regular files: a named pipe read once by the run would block here.
        guard let last = wanted.max(),
              (try? FileManager.default.attributesOfItem(atPath: file)[.type] as? FileAttributeType) == .typeRegular,
              let source = try? InputSource(path: file).open() else { return [:] }
        var found: [Int: String] = [:]
        var current: [UInt8] = []
        var line = 1
        var chunk: [UInt8] = []
        func finish() {
            if wanted.contains(line) {
                if current.last == 13 { current.removeLast() }
                let text = String(decoding: current, as: UTF8.self)
                found[line] = text.count > maxCharacters ? String(text.prefix(maxCharacters)) + "…" : text
            }
            current.removeAll(keepingCapacity: true)
            line += 1
        }
        reading: while line <= last {
            chunk.removeAll(keepingCapacity: true)
            guard let count = try? source.read(into: &chunk, limit: 1 << 16, wait: nil), count > 0 else { break }
            for byte in chunk {
                if byte == 10 {
                    finish()
                    if line > last { break reading }
                } else if wanted.contains(line) && current.count < maxCharacters * 4 {
                    current.append(byte)
                }
            }
        }
        if line <= last && !current.isEmpty { finish() }
        return found
    }
}
