import Dispatch

/// Work handed over in order to one background thread while the caller goes on: a pass whose
/// parallel part (on all cores) is followed by a sequential part (folding the results in order) runs
/// the sequential part of one share while the next share's parallel part runs, instead of leaving a
/// core idle during it.
///
/// At most `depth` pieces of work wait or run at a time (`run` blocks until one is done), so memory
/// holds at most that many shares' results. Work runs in the order it was handed over, each piece after
/// the previous one has finished, so what it folds is the same as on the caller's thread.
final class SerialLane {
    private let queue = DispatchQueue(label: "ariadne.serial-lane")
    private let slots: DispatchSemaphore

    init(depth: Int = 1) {
        slots = DispatchSemaphore(value: max(1, depth))
    }

    /// Runs `work` after every piece handed over before it (waits while `depth` pieces are pending).
    func run(_ work: @escaping () -> Void) {
        slots.wait()
        queue.async {
            work()
            self.slots.signal()
        }
    }

    /// Waits until every piece handed over so far has run.
    func wait() {
        queue.sync {}
    }
}
