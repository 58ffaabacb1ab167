import ArgumentParser
import Foundation

/// `-o FILE` and `--pretty`, the same on every command that writes a result.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("Write the result to FILE instead of stdout.", valueName: "FILE"),
            completion: .file())
    var output: String?

    @Flag(help: "Indent JSON output (default: compact, one line).")
    var pretty = false

    /// Opens the output now, before the run, so a path that cannot be written fails at once (74).
    func open() throws -> OutputFile {
        try OutputFile(path: output)
    }

    /// `json` (pretty, as the library writes it) indented or compact, with a final newline.
    func json(_ json: Data) -> Data {
        var json = json
        while json.last == 0x0A { json.removeLast() }
        return (pretty ? json : JSONText.compact(json)) + Data("\n".utf8)
    }
}

/// JSON text helpers.
enum JSONText {
    /// `json` without the whitespace between tokens (strings are kept as they are).
    static func compact(_ json: Data) -> Data {
        var out = Data()
        out.reserveCapacity(json.count)
        var inString = false, escaped = false
        for byte in json {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                out.append(byte)
            } else if byte == UInt8(ascii: "\"") {
                inString = true
                out.append(byte)
            } else if byte != 0x20 && byte != 0x0A && byte != 0x0D && byte != 0x09 {
                out.append(byte)
            }
        }
        return out
    }
}
