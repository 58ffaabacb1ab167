/// A fixed-capacity set of small non-negative integers stored as 64-bit words.
///
/// Used for fault points (elements of a support) and for families of supports (which supports are
/// still uncovered, which a fault point is critical for) in `MinimalHittingSets`.
public struct BitSet: Sendable, Hashable {
    /// The words, bit `i % 64` of word `i / 64` standing for element `i`.
    public private(set) var words: [UInt64]

    /// An empty set able to hold the elements `0..<capacity`.
    public init(capacity: Int) {
        words = Array(repeating: 0, count: (max(capacity, 0) + 63) / 64)
    }

    /// The set of `elements`, able to hold `0..<capacity` (every element must be below it).
    public init<S: Sequence>(capacity: Int, elements: S) where S.Element == Int {
        self.init(capacity: capacity)
        for e in elements { insert(e) }
    }

    /// Whether `element` is in the set.
    @inline(__always) public func contains(_ element: Int) -> Bool {
        words[element >> 6] & (1 << UInt64(element & 63)) != 0
    }

    /// Adds `element` (which must be below the capacity).
    @inline(__always) public mutating func insert(_ element: Int) {
        words[element >> 6] |= 1 << UInt64(element & 63)
    }

    /// Removes `element`.
    @inline(__always) public mutating func remove(_ element: Int) {
        words[element >> 6] &= ~(1 << UInt64(element & 63))
    }

    /// Whether the set has no element.
    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    /// The number of elements.
    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// The elements in increasing order.
    public var elements: [Int] {
        var result: [Int] = []
        for (w, word) in words.enumerated() {
            var bits = word
            while bits != 0 {
                result.append(w << 6 + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        return result
    }

    /// The number of elements shared with `other` (same capacity).
    @inline(__always) public func intersectionCount(_ other: BitSet) -> Int {
        var n = 0
        for i in words.indices { n += (words[i] & other.words[i]).nonzeroBitCount }
        return n
    }

    /// Whether the two sets (same capacity) share an element.
    @inline(__always) public func intersects(_ other: BitSet) -> Bool {
        for i in words.indices where words[i] & other.words[i] != 0 { return true }
        return false
    }

    /// Keeps only the elements also in `other` (same capacity).
    @inline(__always) public mutating func formIntersection(_ other: BitSet) {
        for i in words.indices { words[i] &= other.words[i] }
    }

    /// Removes the elements of `other` (same capacity).
    @inline(__always) public mutating func subtract(_ other: BitSet) {
        for i in words.indices { words[i] &= ~other.words[i] }
    }

    /// Adds the elements of `other` (same capacity).
    @inline(__always) public mutating func formUnion(_ other: BitSet) {
        for i in words.indices { words[i] |= other.words[i] }
    }

    /// The elements of `self` also in `other`.
    @inline(__always) public func intersection(_ other: BitSet) -> BitSet {
        var copy = self
        copy.formIntersection(other)
        return copy
    }
}
