/// Passes over executions on all cores whose results add up in order: shares of `share` executions
/// (default `RedundancyModel.viewShare`), each cut into `parts` parts unpacked and tallied apart
/// (an `ExecutionStore` decompresses each block once per part), the parts' results handed on in
/// input order, a share at a time (memory holds one share's executions).
enum ExecutionParts {
    /// The share of the passes that only tally (outcome proposal, topology, plan facts): every worker
    /// thread keeps what it freed for itself (glibc's arenas), so the fewer executions each part
    /// unpacks at once, the lower the peak memory; 4,096-execution shares on all cores raised the 1 GB
    /// archive's peak by 30 MB.
    static let smallShare = 512
    static func fold<Executions: RandomAccessCollection, Tally>(
        _ executions: Executions, parts: Int = Parallel.workers, share: Int = RedundancyModel.viewShare,
        tally: ([Execution]) -> Tally, absorb: (Tally) -> Void
    ) where Executions.Element == Execution, Executions.Index == Int {
        let store = executions as? ExecutionStore
        let parts = max(1, parts)
        var start = 0
        while start < executions.count {
            let end = min(executions.count, start + max(1, share))
            let ranges = (0..<parts).map { w in (start + (end - start) * w / parts)..<(start + (end - start) * (w + 1) / parts) }
            let partials = Parallel.map(ranges, minimumShare: 1) { range in
                tally(store?.executions(in: range) ?? range.map { executions[executions.startIndex + $0] })
            }
            partials.forEach(absorb)
            start = end
        }
    }
}
