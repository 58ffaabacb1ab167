import Foundation

/// Execution ids kept in one byte buffer, numbered in the order they are added: a few bytes per id
/// instead of a `String` each. An archive's model lists millions of class members; as `String`s
/// their ids alone held about 60 bytes each.
///
/// A value type: classes built from one fold share its buffers (copy on write) and never change them.
struct ExecutionIDTable: Sendable {
    private var bytes: [UInt8] = []
    /// Where each id's bytes end in `bytes`.
    private var ends: [Int] = []
    /// Whether every id is ASCII: their order is then their bytes' order.
    private var ascii = true

    var count: Int { ends.count }

    /// Adds `id` and returns its number.
    mutating func add(_ id: String) -> UInt32 {
        var id = id
        id.withUTF8 { utf8 in
            bytes.append(contentsOf: utf8)
            if ascii, utf8.contains(where: { $0 >= 0x80 }) { ascii = false }
        }
        ends.append(bytes.count)
        return UInt32(ends.count - 1)
    }

    subscript(number: UInt32) -> String {
        let range = self.range(Int(number))
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// Whether id `a` sorts before id `b` as `String`s do.
    func precedes(_ a: UInt32, _ b: UInt32) -> Bool {
        guard ascii else { return self[a] < self[b] }
        let ra = range(Int(a)), rb = range(Int(b))
        return bytes.withUnsafeBufferPointer { buffer in
            let common = min(ra.count, rb.count)
            let order = common == 0 ? 0 : memcmp(buffer.baseAddress! + ra.lowerBound, buffer.baseAddress! + rb.lowerBound, common)
            return order != 0 ? order < 0 : ra.count < rb.count
        }
    }

    private func range(_ number: Int) -> Range<Int> {
        (number == 0 ? 0 : ends[number - 1])..<ends[number]
    }
}
