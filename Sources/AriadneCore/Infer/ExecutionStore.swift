/// Closed executions held compactly, for the stages that need every execution after the input ends
/// (the redundancy model): one byte buffer per execution, its events packed as `PackedEvent` (the
/// strings they share numbered once in a table), instead of an `Execution` of strings and arrays.
/// Reading an element unpacks it: `store[i]` equals the execution appended `i`-th, byte for byte.
///
/// Appends must not run while other threads read; reads may run on any number of threads at once.
public struct ExecutionStore: RandomAccessCollection {
    private var packed: [[UInt8]] = []
    private let strings = EventStrings()

    /// An empty store.
    public init() {}

    /// A store of `executions`, in their order.
    public init<S: Sequence>(_ executions: S) where S.Element == Execution {
        for execution in executions { append(execution) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { packed.count }

    /// The execution at `index`, unpacked.
    public subscript(index: Int) -> Execution {
        packed[index].withUnsafeBufferPointer { unpack($0) }
    }

    /// Adds `execution` at the end.
    public mutating func append(_ execution: Execution) {
        var out: [UInt8] = []
        PackedEvent.putText(execution.id, into: &out)
        PackedEvent.putVarint(UInt64(execution.ids.count), into: &out)
        for id in execution.ids {
            PackedEvent.putVarint(UInt64(strings.number(id.kind)), into: &out)
            PackedEvent.putText(id.value, into: &out)
        }
        PackedEvent.putVarint(UInt64(execution.events.count), into: &out)
        for event in execution.events {
            let bytes = PackedEvent(event, strings: strings).bytes
            PackedEvent.putVarint(UInt64(bytes.count), into: &out)
            out.append(contentsOf: bytes)
        }
        // Kept at its exact size: a grown array holds up to twice the bytes it uses.
        packed.append([UInt8](unsafeUninitializedCapacity: out.count) { buffer, count in
            count = buffer.initialize(from: out).1
        })
    }

    /// Bytes held by the packed executions (not counting the string table).
    public var packedBytes: Int { packed.reduce(0) { $0 + $1.count } }

    private func unpack(_ buffer: UnsafeBufferPointer<UInt8>) -> Execution {
        var at = 0
        func varint() -> Int {
            var value: UInt64 = 0, shift: UInt64 = 0
            while true {
                let byte = buffer[at]
                at += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return Int(value) }
                shift += 7
            }
        }
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
