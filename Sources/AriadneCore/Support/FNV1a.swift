/// The 64-bit FNV-1a hash, used for stable identifiers derived from text (event type ids).
///
/// FNV-1a is not cryptographic; it is fixed by its definition, so the same bytes give the same
/// hash on every machine and in every run.
public enum FNV1a {
    /// The FNV-1a 64-bit offset basis.
    public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    /// The FNV-1a 64-bit prime.
    public static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The hash of the UTF-8 bytes of `text`.
    public static func hash(_ text: String) -> UInt64 {
        var hash = offsetBasis
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= prime
        }
        return hash
    }

    /// The hash of `bytes`, continuing from `hash` (`offsetBasis` for the first piece): the pieces of
    /// a text hashed in turn give the hash of the whole.
    public static func hash(_ bytes: UnsafeRawBufferPointer, continuing hash: UInt64) -> UInt64 {
        var hash = hash
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= prime
        }
        return hash
    }

    /// The hash of the compact JSON of `value` (`JSONEncoder` with `.sortedKeys` and
    /// `.withoutEscapingSlashes`), computed as it is written, without holding it.
    static func hashJSON<T: Encodable>(_ value: T) throws -> UInt64 {
        var hash = offsetBasis
        try StreamingJSON(pretty: false) { hash = Self.hash($0, continuing: hash) }.write(value)
        return hash
    }

    /// `value` as exactly 16 lowercase hexadecimal digits.
    public static func hex16(_ value: UInt64) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var bytes = [UInt8](repeating: 0, count: 16)
        var rest = value
        for index in stride(from: 15, through: 0, by: -1) {
            bytes[index] = digits[Int(rest & 0xf)]
            rest >>= 4
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
