import AriadneCore
import Foundation

/// The clock-offset solver on 100,000 executions over 50 hosts: each execution a caller and three
/// callees with latencies of 0.3–1.5 ms on clocks up to ±5 ms off, plus 2% sibling pairs misread as
/// nestings. Prints the time to solve, the peak memory, and the worst error against the true offsets.
func clockOffsetBenchmark() {
    var random = SplitMix64(seed: 2026)
    let hosts = (0..<50).map { String(format: "host-%02d", $0) }
    let truth = hosts.map { _ in Int64.random(in: -5_000_000...5_000_000, using: &random) }
    var observations: [OffsetObservation] = []
    observations.reserveCapacity(310_000)
    for _ in 0..<100_000 {
        let caller = Int.random(in: 0..<50, using: &random)
        for _ in 0..<3 {
            var callee = Int.random(in: 0..<50, using: &random)
            while callee == caller { callee = Int.random(in: 0..<50, using: &random) }
            let latency = Int64.random(in: 300_000...1_500_000, using: &random)
            let work = Int64.random(in: 100_000...2_000_000, using: &random)
            let t1 = truth[caller], s = latency + truth[callee], e = s + work, t2 = 2 * latency + work + truth[caller]
            observations.append(OffsetObservation(a: hosts[caller], b: hosts[callee], low: e - t2, high: s - t1))
        }
        if Int.random(in: 0..<50, using: &random) == 0 {
            let low = Int64.random(in: -20_000_000...20_000_000, using: &random)
            observations.append(OffsetObservation(a: hosts[caller], b: hosts[(caller + 1) % 50], low: low, high: low + 500_000))
        }
    }
    let start = Date()
    let solved = ClockOffsets.solve(observations)
    let seconds = Date().timeIntervalSince(start)
    var worst: Int64 = 0
    for offset in solved.offsets {
        let i = hosts.firstIndex(of: offset.host)!, anchor = hosts.firstIndex(of: offset.anchor)!
        worst = max(worst, abs(offset.offset - (truth[i] - truth[anchor])))
    }
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    print("clock offsets: 100,000 executions, 50 hosts, \(observations.count) observations")
    print(String(format: "  solved in %.2f s; peak memory %.0f MB; %d outlier observations, %d pairs dropped",
                 seconds, Double(usage.ru_maxrss) / 1024, solved.outlierObservations, solved.droppedPairs))
    print(String(format: "  worst error against the true offsets %.3f ms; median uncertainty %.3f ms", Double(worst) / 1e6,
                 Double(solved.offsets.map(\.uncertainty).sorted()[solved.offsets.count / 2]) / 1e6))
}
