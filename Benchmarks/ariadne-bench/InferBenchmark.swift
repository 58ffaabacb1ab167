import AriadneCore
import Foundation

/// Inference benchmark: `executions` executions of an HDFS-like write protocol over 50 event types
/// (10 stages × 5 alternatives, replicas on 3 datanodes, retries), drawn from 256 protocol variants
/// with skewed frequencies and random timestamp jitter, fed one by one to `ModelBuilder`s: `threads`
/// builders each take a contiguous share of the executions and their models are merged (the model is a
/// mergeable summary). Prints executions/s, distinct shapes, and memory (VmRSS after 10% and at the end,
/// VmHWM).
func runInferBenchmark(executions: Int = 1_000_000, threads: Int = 2) {
    var rng = SplitMix64(seed: 42)
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
    let start = Date()
    let rssAtTenth = SharedCounter()
    let results = ModelSlots(count: threads)
    DispatchQueue.concurrentPerform(iterations: threads) { part in
        var rng = SplitMix64(seed: 1000 + UInt64(part))
        let builder = ModelBuilder(options: InferenceOptions())
        var line = 0
        let range = (executions * part / threads)..<(executions * (part + 1) / threads)
        for i in range {
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
            if part == 0 && i == range.count / 10 { rssAtTenth.set(procStatus("VmRSS")) }
        }
        results.set(part, builder.model(), shapes: builder.shapeCount)
    }
    let model = results.models.dropFirst().reduce(results.models[0]) { try! CausalModel.merge($0, $1) }
    let seconds = Date().timeIntervalSince(start)
    print("infer: \(threads) thread(s), \(executions) executions (\(model.events) events, \(model.types.count) types) in \(String(format: "%.2f", seconds)) s = \(Int(Double(executions) / seconds)) executions/s")
    print("infer: \(results.shapes.max() ?? 0) distinct shapes per builder; strict model \(model.strict.size) relations, tolerant \(model.tolerant.size)")
    print("infer: VmRSS after 10% \(rssAtTenth.value / 1024) MB, at end \(procStatus("VmRSS") / 1024) MB, peak (VmHWM) \(procStatus("VmHWM") / 1024) MB")
}

/// A field of /proc/self/status in kB (0 when unavailable).
private func procStatus(_ field: String) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
        return Int(line.split(separator: " ").dropFirst().first { Int($0) != nil } ?? "0") ?? 0
    }
    return 0
}

/// Results of the benchmark's parallel builders.
private final class ModelSlots: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var models: [CausalModel]
    private(set) var shapes: [Int]

    init(count: Int) {
        models = Array(repeating: CausalModel.infer([Execution]()), count: count)
        shapes = Array(repeating: 0, count: count)
    }

    func set(_ i: Int, _ model: CausalModel, shapes count: Int) {
        lock.lock()
        models[i] = model
        shapes[i] = count
        lock.unlock()
    }
}

/// A value written by one thread and read after the threads joined.
private final class SharedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = 0
    var value: Int { lock.lock(); defer { lock.unlock() }; return stored }
    func set(_ v: Int) { lock.lock(); stored = v; lock.unlock() }
}
