import AriadneCore
import Foundation

/// One loghub 2k sample with Drain's published group accuracy and the miner settings it is run with.
struct LoghubDataset {
    var name: String
    var drainAccuracy: Double
    var configuration = TemplateMiner.Configuration()
}

/// The ten loghub 2k samples of /work/shared/data/loghub_2k, with Drain's figures from
/// drain_benchmark_table.rst. Windows needs a stricter similarity (its ground truth separates
/// `Session: <*> initialized by client SPP.` from `... client WindowsUpdateAgent.`); the others
/// use the defaults.
let loghubDatasets: [LoghubDataset] = [
    LoghubDataset(name: "Android", drainAccuracy: 0.911),
    LoghubDataset(name: "Apache", drainAccuracy: 1.0),
    LoghubDataset(name: "HDFS", drainAccuracy: 0.998),
    LoghubDataset(name: "Hadoop", drainAccuracy: 0.948),
    LoghubDataset(name: "Linux", drainAccuracy: 0.690),
    LoghubDataset(name: "OpenSSH", drainAccuracy: 0.788),
    LoghubDataset(name: "OpenStack", drainAccuracy: 0.733),
    LoghubDataset(name: "Spark", drainAccuracy: 0.920),
    LoghubDataset(
        name: "Windows", drainAccuracy: 0.997,
        configuration: TemplateMiner.Configuration(similarityThreshold: 0.85)
    ),
    LoghubDataset(name: "Zookeeper", drainAccuracy: 0.967),
]

/// Mines the Content column of every loghub 2k sample in order and prints a table of group
/// accuracy against the corrected ground truth next to Drain's published figure, plus mining speed.
/// `dataRoot` defaults to `<package root>/../shared/data`.
func benchGroupAccuracy(dataRoot: String? = nil) {
    let root = dataRoot ?? URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/data").standardized.path
    print("group accuracy (template masking alone, loghub 2k corrected ground truth)")
    print(pad("dataset", 10) + pad("accuracy", 10) + pad("Drain", 8) + pad("types", 7) + pad("truth", 7) + "lines/s")
    var totalLines = 0
    var totalSeconds = 0.0
    for dataset in loghubDatasets {
        let path = "\(root)/loghub_2k/\(dataset.name)/\(dataset.name)_2k.log_structured_corrected.csv"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            print(pad(dataset.name, 10) + "missing: \(path)")
            continue
        }
        let rows = CSVReader.table(text)
        let contents = rows.map { $0["Content"] ?? "" }
        let truth = rows.map { $0["EventId"] ?? "" }
        let miner = TemplateMiner(configuration: dataset.configuration)
        let start = DispatchTime.now().uptimeNanoseconds
        let predicted = contents.map { miner.mine($0).typeID }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        totalLines += contents.count
        totalSeconds += seconds
        let accuracy = GroupAccuracy.accuracy(predicted: predicted, truth: truth)
        let marker = accuracy + 1e-9 >= dataset.drainAccuracy ? "" : "  (below Drain)"
        print(pad(dataset.name, 10) + pad(format(accuracy), 10) + pad(format(dataset.drainAccuracy), 8)
            + pad(String(miner.clusterCount), 7) + pad(String(Set(truth).count), 7)
            + String(Int(Double(contents.count) / max(seconds, 1e-9))) + marker)
    }
    if totalSeconds > 0 {
        print("all: \(totalLines) lines mined at \(Int(Double(totalLines) / totalSeconds)) lines/s")
    }
}

private func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}

private func format(_ value: Double) -> String {
    String(format: "%.3f", value)
}
