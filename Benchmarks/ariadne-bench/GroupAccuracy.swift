import AriadneCore
import Foundation

/// Prints, per loghub 2k dataset, the group accuracy of `ariadne parse` with the shipped pattern's
/// event rules and with template masking alone, next to Drain's published figure.
func benchGroupAccuracy(dataRoot: String) throws {
    let library = try PatternLibrary()
    print("group accuracy on loghub 2k (corrected ground truth), through the whole parse stage")
    print(pad("dataset", 11) + pad("pattern", 14) + pad("rules", 8) + pad("masking", 9) + "Drain")
    for (dataset, drain) in ParseAccuracy.drain {
        let result = try ParseAccuracy.measure(dataset: dataset, dataRoot: dataRoot, library: library)
        let note = result.maskingOnly + 1e-9 >= drain ? "" : "  (masking below Drain)"
        print(pad(dataset, 11) + pad(result.pattern, 14) + pad(format(result.withRules), 8)
            + pad(format(result.maskingOnly), 9) + format(drain) + note)
    }
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}

func format(_ value: Double) -> String {
    String(format: "%.3f", value)
}
