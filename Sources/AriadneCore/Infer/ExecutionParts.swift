/// Passes over executions on all cores whose results add up in order: shares of
/// `RedundancyModel.viewShare` executions, each cut into `parts` parts unpacked and tallied apart
/// (an `ExecutionStore` decompresses each block once per part), the parts' results handed on in
/// input order, a share at a time (memory holds one share's executions).
enum ExecutionParts {
    static func fold<Executions: RandomAccessCollection, Tally>(
        _ executions: Executions, parts: Int = Parallel.workers, tally: ([Execution]) -> Tally, absorb: (Tally) -> Void
    ) where Executions.Element == Execution, Executions.Index == Int {
        let store = executions as? ExecutionStore
        let parts = max(1, parts)
        var start = 0
        while start < executions.count {
            let end = min(executions.count, start + RedundancyModel.viewShare)
            let ranges = (0..<parts).map { w in (start + (end - start) * w / parts)..<(start + (end - start) * (w + 1) / parts) }
            let partials = Parallel.map(ranges, minimumShare: 1) { range in
                tally(store?.executions(in: range) ?? range.map { executions[executions.startIndex + $0] })
            }
            partials.forEach(absorb)
            start = end
        }
    }
}
