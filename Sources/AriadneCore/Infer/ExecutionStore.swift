import Foundation

/// Closed executions held compactly, for the stages that need every execution after the input ends
/// (the redundancy model): each execution is packed into bytes (its events as `PackedEvent`, the
/// strings they share numbered once in a table), executions follow each other in blocks of about
/// `blockBytes`, and each full block is compressed (zlib) and written to a temporary file
/// (`SpillFile`: unlinked at once, in `$TMPDIR`, else `/tmp`; kept in memory when no file can be
/// written), so memory holds each execution's offset and the block being filled, not the blocks.
/// Reading an element unpacks it: `store[i]` equals the execution appended `i`-th, byte for byte.
///
/// Reading in order is cheap: the last block read is kept decompressed (one per store, behind a
/// lock); `executions(in:)` reads a range decompressing each of its blocks once, so threads should
/// read separate ranges through it. Appends must not run while other threads read.
public struct ExecutionStore: RandomAccessCollection {
    /// Uncompressed bytes gathered before a block is compressed.
    static let blockBytes = 64 << 10

    /// Where each compressed block is (copies of a store share the file: it is only appended to).
    private var blocks: [SpillFile.Place] = []
    private var compressedSizes: [Int] = []
    private let spill: SpillFile
    private var blockSizes: [Int] = []
    /// Index of the first execution of each block.
    private var blockStarts: [Int] = []
    /// Each execution's offset in its block (or in `tail`).
    private var offsets: [UInt32] = []
    /// The packed executions not compressed yet, from execution `tailStart` on.
    private var tail: [UInt8] = []
    private var tailStart = 0
    /// The strings' table: the grouper's own when the first execution comes packed in it (then its
    /// packed events are kept as they are, not packed again).
    private(set) var strings = EventStrings()
    private var cache = BlockCache()
    private var derived = Derived()

    /// The last block decompressed.
    private final class BlockCache {
        let lock = NSLock()
        var block = -1
        var bytes: [UInt8] = []
    }

    /// What the stages derive from every execution, kept until the next append.
    private final class Derived {
        let lock = NSLock()
        var tallies: (topology: Topology, proposal: ProposalTally)?
    }

    /// The hosts' and services' facts of every execution (`Topology`), made once until the next append.
    func topology() -> Topology { tallies().topology }

    /// What `OutcomeSpec.propose` counts of every execution, made once until the next append.
    func proposalTally() -> ProposalTally { tallies().proposal }

    /// The topology and the outcome proposal's counts, made together (`ExecutionParts`, small shares)
    /// in one pass: each execution is unpacked once for both.
    private func tallies() -> (topology: Topology, proposal: ProposalTally) {
        derived.lock.lock()
        defer { derived.lock.unlock() }
        if let known = derived.tallies { return known }
        var topology = Topology.Tally(), proposal = ProposalTally()
        ExecutionParts.fold(self, share: ExecutionParts.smallShare, tally: { executions in
            var part = (topology: Topology.Tally(), proposal: ProposalTally())
            part.topology.add(executions)
            for execution in executions { part.proposal.add(execution) }
            return part
        }, absorb: { part in
            topology.absorb(part.topology)
            proposal.absorb(part.proposal)
        })
        let made = (topology.topology(), proposal)
        derived.tallies = made
        return made
    }

    /// An empty store; its blocks go to a temporary file in `directory` (default: `$TMPDIR`, else `/tmp`).
    public init(spillDirectory directory: String? = nil) {
        spill = SpillFile(directory: directory)
    }

    /// A store of `executions`, in their order.
    public init<S: Sequence>(_ executions: S, spillDirectory directory: String? = nil) where S.Element == Execution {
        self.init(spillDirectory: directory)
        for execution in executions { append(execution) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { offsets.count }

    /// The execution at `index`, unpacked.
    public subscript(index: Int) -> Execution {
        if index >= tailStart { return unpack(tail, index: index, unitEnd: offsets.count) }
        let block = self.block(of: index)
        cache.lock.lock()
        defer { cache.lock.unlock() }
        if cache.block != block {
            cache.bytes = BlockCompression.decompress(spill.get(blocks[block]), count: blockSizes[block])
            cache.block = block
        }
        return unpack(cache.bytes, index: index, unitEnd: end(of: block))
    }

    /// The executions at `range`, each block decompressed once (no shared state: threads may call it at once).
    public func executions(in range: Range<Int>) -> [Execution] {
        var out: [Execution] = []
        out.reserveCapacity(range.count)
        var block = -1
        var bytes: [UInt8] = []
        for index in range {
            if index >= tailStart {
                out.append(unpack(tail, index: index, unitEnd: offsets.count))
                continue
            }
            let b = self.block(of: index)
            if b != block {
                bytes = BlockCompression.decompress(spill.get(blocks[b]), count: blockSizes[b])
                block = b
            }
            out.append(unpack(bytes, index: index, unitEnd: end(of: b)))
        }
        return out
    }

    /// Adds `execution` at the end.
    public mutating func append(_ execution: Execution) {
        // A copy of this store keeps what was derived from the executions it has.
        if !isKnownUniquelyReferenced(&derived) { derived = Derived() } else if derived.tallies != nil { derived.tallies = nil }
        if offsets.isEmpty, strings.isEmpty, let packed = execution.packed { strings = packed.strings }
        offsets.append(UInt32(tail.count))
        PackedEvent.putText(execution.id, into: &tail)
        PackedEvent.putVarint(UInt64(execution.ids.count), into: &tail)
        for id in execution.ids {
            PackedEvent.putVarint(UInt64(strings.number(id.kind)), into: &tail)
            PackedEvent.putText(id.value, into: &tail)
        }
        PackedEvent.putVarint(UInt64(execution.events.count), into: &tail)
        if let packed = execution.packed, packed.strings === strings {
            for event in packed.events {
                PackedEvent.putVarint(UInt64(event.bytes.count), into: &tail)
                tail.append(contentsOf: event.bytes)
            }
        } else {
            for event in execution.events {
                let bytes = PackedEvent(event, strings: strings).bytes
                PackedEvent.putVarint(UInt64(bytes.count), into: &tail)
                tail.append(contentsOf: bytes)
            }
        }
        if tail.count >= Self.blockBytes { compressTail() }
    }

    /// Bytes held by the executions: compressed blocks (in the file or in memory) and the tail (not the string table).
    public var storedBytes: Int { compressedSizes.reduce(tail.count, +) }

    /// Bytes of executions held in memory: the tail, and blocks the temporary file could not take.
    public var residentBytes: Int {
        tail.count + zip(blocks, compressedSizes).reduce(0) { total, block in
            if case .memory = block.0 { return total + block.1 }
            return total
        }
    }

    /// Compresses the tail into a new block.
    private mutating func compressTail() {
        // A copy of this store may number its next block alike with other contents: it keeps the old cache.
        if !isKnownUniquelyReferenced(&cache) { cache = BlockCache() }
        let compressed = BlockCompression.compress(tail)
        blocks.append(spill.put(compressed))
        compressedSizes.append(compressed.count)
        blockSizes.append(tail.count)
        blockStarts.append(tailStart)
        tailStart = offsets.count
        tail = []
    }

    /// The block holding execution `index` (before `tailStart`).
    private func block(of index: Int) -> Int {
        var low = 0, high = blockStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if blockStarts[mid] <= index { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// Execution `index` from `bytes`, its block's (or the tail's), which hold the executions up to `unitEnd`.
    private func unpack(_ bytes: [UInt8], index: Int, unitEnd: Int) -> Execution {
        let start = Int(offsets[index])
        let end = index + 1 < unitEnd ? Int(offsets[index + 1]) : bytes.count
        return bytes.withUnsafeBufferPointer { Self.unpack(UnsafeBufferPointer(rebasing: $0[start..<end]), strings: strings) }
    }

    /// The index after the last execution of block `block`.
    private func end(of block: Int) -> Int {
        block + 1 < blockStarts.count ? blockStarts[block + 1] : tailStart
    }

    private static func unpack(_ buffer: UnsafeBufferPointer<UInt8>, strings: EventStrings) -> Execution {
        var at = 0
        func varint() -> Int { Int(PackedEvent.readVarint(buffer, at: &at)) }
        func text() -> String {
            let count = varint()
            defer { at += count }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[at..<at + count]), as: UTF8.self)
        }
        let id = text()
        let idCount = varint()
        var ids: [ExecutionID] = []
        ids.reserveCapacity(idCount)
        for _ in 0..<idCount {
            let kind = strings.text(varint())
            ids.append(ExecutionID(kind: kind, value: text()))
        }
        let eventCount = varint()
        var events: [Event] = []
        events.reserveCapacity(eventCount)
        for _ in 0..<eventCount {
            let count = varint()
            events.append(PackedEvent.unpack(UnsafeBufferPointer(rebasing: buffer[at..<at + count]), strings: strings))
            at += count
        }
        return Execution(id: id, ids: ids, events: events)
    }
}
