import Dispatch
import Foundation
import Synchronization

/// Order-preserving work on all cores for the stages after parsing.
enum Parallel {
    /// The cores this process may run on.
    static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// At most this many workers (`Ariadne.limitWorkers(to:)`); set before any work starts (atomic, so a
    /// test that sets it while others run races with nothing).
    static var limit: Int {
        get { limitStorage.load(ordering: .relaxed) }
        set { limitStorage.store(newValue, ordering: .relaxed) }
    }
    private static let limitStorage = Atomic<Int>(Int.max)

    /// Workers used: the cores this process may run on, at most `limit`.
    static var workers: Int { max(1, min(cores, limit)) }

    /// `items.map(transform)`, computed in contiguous shares on up to `workers` threads; the result is in
    /// the order of `items` whatever the thread count. Fewer than `minimumShare` items per worker run
    /// on the calling thread. `transform` must not touch shared mutable state.
    static func map<C: RandomAccessCollection, R>(_ items: C, minimumShare: Int = 64, _ transform: (C.Element) -> R) -> [R]
    where C.Index == Int {
        let count = items.count
        let n = min(workers, count / max(1, minimumShare))
        guard n > 1 else { return items.map(transform) }
        var shares = [[R]](repeating: [], count: n)
        shares.withUnsafeMutableBufferPointer { out in
            DispatchQueue.concurrentPerform(iterations: n) { w in
                let lower = items.startIndex + count * w / n, upper = items.startIndex + count * (w + 1) / n
                out[w] = items[lower..<upper].map(transform)
            }
        }
        return Array(shares.joined())
    }
}
