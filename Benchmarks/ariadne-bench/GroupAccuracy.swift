import AriadneCore
import Foundation

/// Prints, per loghub 2k dataset, the group accuracy of `ariadne parse` with the shipped pattern's
/// event rules, with template masking alone, and with every shipped pattern disabled (the layout
/// inferred from the file, then template masking), next to Drain's published figure.
func benchGroupAccuracy(dataRoot: String) throws {
    let library = try PatternLibrary()
    print("group accuracy on loghub 2k (corrected ground truth), through the whole parse stage")
    print(pad("dataset", 11) + pad("pattern", 14) + pad("rules", 8) + pad("masking", 9) + pad("inferred", 10) + "Drain")
    var inferred: [Double] = []
    var layouts: [String] = []
    for (dataset, drain) in ParseAccuracy.drain {
        let result = try ParseAccuracy.measure(dataset: dataset, dataRoot: dataRoot, library: library)
        var notes: [String] = []
        if result.maskingOnly + 1e-9 < drain { notes.append("masking below Drain") }
        if result.inferred + 1e-9 < drain { notes.append("inferred below Drain") }
        print(pad(dataset, 11) + pad(result.pattern, 14) + pad(format(result.withRules), 8)
            + pad(format(result.maskingOnly), 9) + pad(format(result.inferred), 10) + format(drain)
            + (notes.isEmpty ? "" : "  (" + notes.joined(separator: ", ") + ")"))
        inferred.append(result.inferred)
        layouts.append(pad(dataset, 11) + result.inferredLayout)
    }
    let drainMean = ParseAccuracy.drain.map(\.accuracy).reduce(0, +) / Double(ParseAccuracy.drain.count)
    print(pad("mean", 11) + pad("", 14) + pad("", 8) + pad("", 9) + pad(format(inferred.reduce(0, +) / Double(inferred.count)), 10)
        + format(drainMean))
    print("\ninferred layouts (no shipped pattern):")
    for line in layouts { print(line) }
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}

func format(_ value: Double) -> String {
    String(format: "%.3f", value)
}
