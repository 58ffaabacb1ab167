import CZlib

/// One-shot zlib compression of byte blocks held in memory (`ExecutionStore`'s blocks).
enum BlockCompression {
    /// `bytes` compressed at zlib level 1 (fast; log text still shrinks several times).
    static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var size = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(size))
        let status = out.withUnsafeMutableBufferPointer { target in
            bytes.withUnsafeBufferPointer { source in
                compress2(target.baseAddress, &size, source.baseAddress, uLong(source.count), 1)
            }
        }
        // zlib fails here only without memory, which Swift's allocations would have trapped on first.
        precondition(status == Z_OK, "zlib compress2 failed (\(status))")
        return Array(out[..<Int(size)])
    }

    /// The `count` bytes that `compress` made `bytes` from.
    static func decompress(_ bytes: [UInt8], count: Int) -> [UInt8] {
        var size = uLong(count)
        var out = [UInt8](repeating: 0, count: count)
        let status = out.withUnsafeMutableBufferPointer { target in
            bytes.withUnsafeBufferPointer { source in
                uncompress(target.baseAddress, &size, source.baseAddress, uLong(source.count))
            }
        }
        precondition(status == Z_OK && Int(size) == count, "zlib uncompress failed (\(status)) on a block this process compressed")
        return out
    }
}
