/// Writes a value's JSON piece by piece, byte for byte what `JSONEncoder` gives with `.sortedKeys`
/// and `.withoutEscapingSlashes` (and `.prettyPrinted` when `pretty`), without building the whole
/// document: `JSONEncoder` builds a tree of every value and then the output, several times the
/// output's size, which for the model of a large archive is hundreds of megabytes.
///
/// How: a value is written when it is reached. An object's members are gathered (the values
/// themselves, which share their storage with the caller's) and written in the order of their keys'
/// UTF-8 bytes once its `encode(to:)` returns, each member written in turn the same way; an array's
/// elements are written as they are encoded. What is held at a time is the members of the objects on
/// the path to the value being written, and `StreamingJSON.bufferSize` bytes of output.
///
/// Numbers and strings are written as `JSONEncoder` writes them: integers in decimal, floating
/// point numbers as their `description` without a trailing `.0`, strings with `"`, `\` and control
/// characters escaped (`\b`, `\f`, `\n`, `\r`, `\t`, else `\u00xx`) and everything else as it is.
/// Non-finite numbers throw `EncodingError.invalidValue`, as with `JSONEncoder`'s default.
/// A value that writes its own JSON through a `StreamingJSON` faster than its `encode(to:)` would, byte for
/// byte the same (a large collection that holds its elements compactly).
protocol StreamingJSONWritable {
    /// Writes the value's JSON at the writer's current position, `depth` levels deep.
    func writeJSON(to writer: StreamingJSON, depth: Int) throws
}

final class StreamingJSON {
    /// Output bytes kept before they are handed to the sink.
    static let bufferSize = 1 << 16

    let pretty: Bool
    private let sink: (UnsafeRawBufferPointer) throws -> Void
    private var buffer: [UInt8] = []

    /// A writer handing its output to `sink` in pieces of about `bufferSize` bytes.
    init(pretty: Bool, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.pretty = pretty
        self.sink = sink
        buffer.reserveCapacity(Self.bufferSize + 4096)
    }

    /// Writes `value`'s JSON and hands every byte left to the sink.
    func write<T: Encodable>(_ value: T) throws {
        try emit(value, depth: 0)
        try flush()
    }

    /// Writes the bytes of `text` as they are (a newline at the end of a file).
    func raw(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.bufferSize { try flush() }
    }

    /// Hands the bytes kept to the sink.
    func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try sink($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// The JSON of `value` as `JSONEncoder` would give it with the same options: for tests and small values.
    static func data<T: Encodable>(_ value: T, pretty: Bool) throws -> [UInt8] {
        var bytes: [UInt8] = []
        let writer = StreamingJSON(pretty: pretty) { bytes.append(contentsOf: $0) }
        try writer.write(value)
        return bytes
    }

    // MARK: Values

    /// Writes `value` at the current position, `depth` levels deep.
    func emit(_ value: any Encodable, depth: Int) throws {
        switch value {
        case let string as String: quoted(string)
        case let int as Int: ascii(String(int))
        case let bool as Bool: ascii(bool ? "true" : "false")
        case let double as Double: try number(double)
        case let float as Float: try number(float)
        case let int as Int64: ascii(String(int))
        case let int as UInt64: ascii(String(int))
        case let int as Int32: ascii(String(int))
        case let int as UInt32: ascii(String(int))
        case let int as UInt: ascii(String(int))
        case let int as Int16: ascii(String(int))
        case let int as UInt16: ascii(String(int))
        case let int as Int8: ascii(String(int))
        case let int as UInt8: ascii(String(int))
        case let value as StreamingJSONWritable: try value.writeJSON(to: self, depth: depth)
        default:
            let node = JSONNode(writer: self, depth: depth, live: true, parent: nil, key: nil)
            try value.encode(to: node)
            try node.finish()
        }
        if buffer.count >= Self.bufferSize { try flush() }
    }

    /// Writes what a node gathered (or closes what it wrote as it went).
    func emit(_ node: JSONNode, depth: Int) throws {
        node.depth = depth
        node.live = true
        try node.finish()
    }

    /// Hands the bytes kept to the sink once they pass `bufferSize`.
    func flushIfFull() throws {
        if buffer.count >= Self.bufferSize { try flush() }
    }

    /// The JSON of `value` as this writer writes it `depth` levels deep, as bytes (for a value written
    /// many times).
    func rendered<T: Encodable>(_ value: T, depth: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        let writer = StreamingJSON(pretty: pretty) { bytes.append(contentsOf: $0) }
        try writer.emit(value, depth: depth)
        try writer.flush()
        return bytes
    }

    /// Bytes already in JSON, as they are.
    func bytes(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
    }

    func ascii(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }

    func byte(_ b: UInt8) {
        buffer.append(b)
    }

    /// A newline and the indentation of `depth` when pretty.
    func newline(_ depth: Int) {
        guard pretty else { return }
        buffer.append(UInt8(ascii: "\n"))
        for _ in 0..<depth { buffer.append(UInt8(ascii: " ")); buffer.append(UInt8(ascii: " ")) }
    }

    /// `{` or `[` opening a container.
    func open(_ bracket: UInt8) {
        buffer.append(bracket)
        if pretty { buffer.append(UInt8(ascii: "\n")) }
    }

    /// `}` or `]` closing a container written `depth` deep.
    func close(_ bracket: UInt8, depth: Int) {
        newline(depth)
        buffer.append(bracket)
    }

    /// The separator before the element after the first, and the element's indentation.
    func element(first: Bool, depth: Int) {
        if !first {
            buffer.append(UInt8(ascii: ","))
            if pretty { buffer.append(UInt8(ascii: "\n")) }
        }
        if pretty { for _ in 0..<depth { buffer.append(UInt8(ascii: " ")); buffer.append(UInt8(ascii: " ")) } }
    }

    /// An object member's key and separator.
    func key(_ key: String) {
        quoted(key)
        if pretty { buffer.append(contentsOf: " : ".utf8) } else { buffer.append(UInt8(ascii: ":")) }
    }

    func null() {
        buffer.append(contentsOf: "null".utf8)
    }

    /// A finite number as `JSONEncoder` writes it (its type's shortest description, without `.0`).
    func number<F: BinaryFloatingPoint & CustomStringConvertible>(_ value: F) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: [], debugDescription: "\(value) is not valid in JSON"))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        ascii(text)
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// A quoted, escaped string.
    func quoted(_ text: String) {
        buffer.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for (i, b) in bytes.enumerated() where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                if start < i { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i])) }
                start = i + 1
                buffer.append(UInt8(ascii: "\\"))
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): buffer.append(b)
                case 0x08: buffer.append(UInt8(ascii: "b"))
                case 0x0c: buffer.append(UInt8(ascii: "f"))
                case 0x0a: buffer.append(UInt8(ascii: "n"))
                case 0x0d: buffer.append(UInt8(ascii: "r"))
                case 0x09: buffer.append(UInt8(ascii: "t"))
                default:
                    buffer.append(contentsOf: "u00".utf8)
                    buffer.append(Self.hex[Int(b >> 4)])
                    buffer.append(Self.hex[Int(b & 0xf)])
                }
            }
            if start < bytes.count { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...])) }
        }
        buffer.append(UInt8(ascii: "\""))
    }
}
