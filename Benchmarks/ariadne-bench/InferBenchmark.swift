import AriadneCore
import Foundation

/// Inference benchmark: `executions` executions of an HDFS-like write protocol over 50 event types
/// (10 stages × 5 alternatives, replicas on 3 datanodes, retries), drawn from 256 protocol variants
/// with skewed frequencies and random timestamps jitter, fed one by one to `ModelBuilder`.
/// Prints executions/s, distinct shapes, and memory (VmRSS after 10% and at the end, VmHWM).
func runInferBenchmark(executions: Int = 1_000_000) {
    var rng = BenchRandom(state: 42)
    let types = (0..<50).map { String(format: "S%dA%d", $0 / 5, $0 % 5) }
    let hosts = ["namenode", "dn1", "dn2", "dn3"]
    // A variant: per stage an alternative and a replica count.
    let variants: [[(type: Int, replicas: Int)]] = (0..<256).map { _ in
        (0..<10).compactMap { stage -> (Int, Int)? in
            let roll = Int.random(in: 0..<100, using: &rng)
            if stage > 0 && roll < 5 { return nil }
            let alternative = roll < 80 ? 0 : Int.random(in: 1..<5, using: &rng)
            let replicas = stage == 0 ? 1 : (Int.random(in: 0..<10, using: &rng) == 0 ? Int.random(in: 1...5, using: &rng) : 3)
            return (stage * 5 + alternative, replicas)
        }
    }
    let prototypes = types.map { Event(source: SourceLocation(file: "bench", line: 0), type: $0, template: $0, message: $0) }
    let builder = ModelBuilder(options: InferenceOptions())
    let start = Date()
    var rssAtTenth = 0
    var line = 0
    for i in 0..<executions {
        let u = Double.random(in: 0..<1, using: &rng)
        let variant = variants[Int(pow(u, 3) * Double(variants.count))]
        var events: [Event] = []
        events.reserveCapacity(32)
        let base = Int64(i) * 1_000_000_000
        for (stage, step) in variant.enumerated() {
            for r in 0..<step.replicas {
                var e = prototypes[step.type]
                line += 1
                e.source.line = line
                e.host = hosts[stage == 0 ? 0 : 1 + r % 3]
                e.time = base + Int64(stage) * 3_000_000_000 + Int64.random(in: 0..<3, using: &rng) * 100_000_000
                events.append(e)
            }
        }
        builder.add(Execution(id: "blk_\(i)", ids: [], events: events))
        if i == executions / 10 { rssAtTenth = procStatus("VmRSS") }
    }
    let model = builder.model()
    let seconds = Date().timeIntervalSince(start)
    print("infer: \(executions) executions (\(model.events) events, \(model.types.count) types) in \(String(format: "%.2f", seconds)) s = \(Int(Double(executions) / seconds)) executions/s")
    print("infer: \(builder.shapeCount) distinct shapes; strict model \(model.strict.size) relations, tolerant \(model.tolerant.size)")
    print("infer: VmRSS after 10% \(rssAtTenth / 1024) MB, at end \(procStatus("VmRSS") / 1024) MB, peak (VmHWM) \(procStatus("VmHWM") / 1024) MB")
}

/// A field of /proc/self/status in kB (0 when unavailable).
private func procStatus(_ field: String) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
        return Int(line.split(separator: " ").dropFirst().first { Int($0) != nil } ?? "0") ?? 0
    }
    return 0
}

/// SplitMix64, so every run generates the same executions.
private struct BenchRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
