import Foundation
import Testing
@testable import AriadneCore

/// `Parallel.map`: the order of its items whatever the workers, and the worker limit `--threads` sets.
@Suite struct ParallelTests {
    @Test func mapKeepsTheOrderOfItsItems() {
        let items = Array(0..<10_000)
        #expect(Parallel.map(items, minimumShare: 1) { $0 * 3 } == items.map { $0 * 3 })
        #expect(Parallel.map(ArraySlice(items[100..<5_000]), minimumShare: 7) { $0 + 1 } == items[100..<5_000].map { $0 + 1 })
        #expect(Parallel.map([Int](), minimumShare: 1) { $0 } == [])
    }

    /// Limited to one worker, every item is transformed on the calling thread; the result is the same.
    /// (Other tests running meanwhile may see the limit: their results do not depend on it.)
    @Test func aLimitOfOneWorkerRunsOnTheCallingThread() {
        let items = Array(0..<4_096)
        let caller = pthread_self()
        Ariadne.limitWorkers(to: 1)
        defer { Ariadne.limitWorkers(to: .max) }
        #expect(Parallel.workers == 1)
        let threads = Parallel.map(items, minimumShare: 1) { _ in pthread_equal(pthread_self(), caller) != 0 }
        #expect(threads.allSatisfy { $0 })
        #expect(Parallel.map(items, minimumShare: 1) { $0 * 2 } == items.map { $0 * 2 })
    }
}
