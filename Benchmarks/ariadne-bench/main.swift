import Foundation

/// `ariadne-bench <accuracy|infer|hitting-sets|clocks|calls>`: prints benchmark figures (see README "Benchmarks").
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
let dataRoot = URL(fileURLWithPath: repoRoot).appendingPathComponent("../shared/data").standardized.path
let arguments = Array(CommandLine.arguments.dropFirst())
let known = ["accuracy", "infer", "hitting-sets", "clocks", "calls"]
do {
    switch arguments.first {
    case "accuracy":
        try benchGroupAccuracy(dataRoot: dataRoot)
    case "infer":
        runInferBenchmark()
    case "hitting-sets":
        hittingSetBenchmark()
    case "clocks":
        clockOffsetBenchmark()
    case "calls":
        try callGraphBenchmark(dataRoot: dataRoot)
        try testbedCallGraphBenchmark(repoRoot: repoRoot)
    default:
        FileHandle.standardError.write(Data("usage: ariadne-bench \(known.joined(separator: "|"))\n".utf8))
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("ariadne-bench: \(error)\n".utf8))
    exit(1)
}
