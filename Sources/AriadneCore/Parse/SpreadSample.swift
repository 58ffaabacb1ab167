/// Lines from all through a file rather than from its head: a few lines at each of evenly spaced
/// offsets. Files concatenated into one (`cat logs/*.log > all.log`, a stream saved by `analyze -`)
/// change layout part way through, which the first lines cannot show.
enum SpreadSample {
    /// Offsets read.
    static let windows = 32
    /// Lines kept from each offset.
    static let linesPerWindow = 32
    /// Bytes read at each offset.
    static let windowBytes = 1 << 15

    /// The sample of the plain file at `path`, nil when it is not a regular file, is compressed or is
    /// no larger than `covered` bytes (its head sample already held all of it). Each window's first
    /// line (cut by the offset) is dropped, and so is any line the window cut at its end; container
    /// runtime and Loki lines are read as unwrapped (`ContainerLogSource.sampled`), and so are a shipper's
    /// JSON records and a syslog collector's lines when the input's head was read as such (`wrapper`); colour codes left out.
    static func lines(path: String, covered: Int, wrapper: ContainerLogSource.Wrapper? = nil) -> [[UInt8]]? {
        guard let file = try? FileDescriptorSource(path: path), let size = file.regularFileSize, size > covered else { return nil }
        let head = file.bytes(at: 0, count: 2)
        guard head != [0x1f, 0x8b] else { return nil }
        var lines: [[UInt8]] = []
        for window in 0..<windows {
            let offset = size / windows * window
            let bytes = file.bytes(at: offset, count: windowBytes)
            var start = 0
            if offset > 0 {
                guard let first = bytes.firstIndex(of: 10) else { continue }
                start = first + 1
            }
            var taken = 0
            while taken < linesPerWindow, let newline = bytes[start...].firstIndex(of: 10) {
                var end = newline
                if end > start, bytes[end - 1] == 13 { end -= 1 }
                if end > start {
                    let line = bytes[start..<end]
                    lines.append(LineReader.withoutEscapes(ContainerLogSource.sampled(line, wrapper: wrapper)))
                    taken += 1
                }
                start = newline + 1
            }
        }
        return lines
    }
}
