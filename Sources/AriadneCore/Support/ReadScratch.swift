/// Memory a source reads (or inflates) into before appending what it got to the caller's buffer, so
/// a read costs one copy of the bytes that came rather than zero-filling the whole limit first.
final class ReadScratch {
    private var storage = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)

    deinit {
        storage.deallocate()
    }

    /// At least `count` bytes of scratch, uninitialised (UInt8 needs no initialisation).
    func bytes(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        if storage.count < count {
            storage.deallocate()
            storage = .allocate(capacity: count)
        }
        return storage.baseAddress!
    }

    /// Appends the first `count` bytes of the scratch to `buffer`.
    func append(_ count: Int, to buffer: inout [UInt8]) {
        guard count > 0 else { return }
        buffer.append(contentsOf: UnsafeBufferPointer(start: storage.baseAddress!, count: count))
    }
}
