import CZlib

/// Decompresses a gzip (or zlib) stream from another source with zlib's inflate, including files made
/// of several concatenated gzip members. A stream that ends before its last member does is reported as
/// truncated. On damage, every byte decoded before it is returned first and the error is thrown by the
/// next read. This file is the only place that touches zlib's raw pointers.
final class GzipSource: ByteSource {
    private let upstream: ByteSource
    private let name: String
    private var stream = z_stream()
    private var input: [UInt8] = []
    private var inputOffset = 0
    private var upstreamDone = false
    private var memberEnded = false
    private var finished = false
    /// Damage found after some bytes of the same read were decoded: thrown by the next read.
    private var pendingError: InputError?
    private let scratch = ReadScratch()

    /// Wraps `upstream`, whose bytes are gzip-compressed; `name` is used in error messages.
    init(upstream: ByteSource, name: String) throws {
        self.upstream = upstream
        self.name = name
        let status = ariadne_inflate_init2(&stream, 15 + 32)
        guard status == Z_OK else { throw InputError.corruptArchive(path: name, reason: "zlib init failed (\(status))") }
    }

    deinit {
        inflateEnd(&stream)
    }

    func read(into buffer: inout [UInt8], limit: Int, wait: Int32?) throws -> Int? {
        if let pendingError {
            self.pendingError = nil
            throw pendingError
        }
        if finished { return 0 }
        let output = scratch.bytes(limit)
        var produced = 0
        while produced == 0 {
            if inputOffset == input.count && !upstreamDone {
                input.removeAll(keepingCapacity: true)
                inputOffset = 0
                guard let got = try upstream.read(into: &input, limit: 1 << 18, wait: wait) else { return nil }
                if got == 0 { upstreamDone = true }
            }
            if inputOffset == input.count && upstreamDone {
                finished = true
                if !memberEnded { throw InputError.corruptArchive(path: name, reason: "the archive is truncated") }
                return 0
            }
            if memberEnded {
                inflateReset(&stream)
                memberEnded = false
            }
            let available = input.count - inputOffset
            let status: Int32 = input.withUnsafeMutableBufferPointer { inBuf in
                stream.next_in = inBuf.baseAddress! + inputOffset
                stream.avail_in = UInt32(available)
                stream.next_out = output + produced
                stream.avail_out = UInt32(limit - produced)
                return inflate(&stream, Z_NO_FLUSH)
            }
            inputOffset += available - Int(stream.avail_in)
            produced = limit - Int(stream.avail_out)
            switch status {
            case Z_OK, Z_BUF_ERROR:
                if status == Z_BUF_ERROR && upstreamDone && inputOffset == input.count && produced == 0 {
                    finished = true
                    throw InputError.corruptArchive(path: name, reason: "the archive is truncated")
                }
            case Z_STREAM_END:
                memberEnded = true
                if upstreamDone && inputOffset == input.count {
                    finished = produced == 0
                    if produced == 0 { return 0 }
                }
            default:
                finished = true
                let detail = stream.msg.map { String(cString: $0) } ?? "inflate error \(status)"
                let error = InputError.corruptArchive(path: name, reason: detail)
                guard produced > 0 else { throw error }
                pendingError = error
            }
        }
        scratch.append(produced, to: &buffer)
        return produced
    }
}
