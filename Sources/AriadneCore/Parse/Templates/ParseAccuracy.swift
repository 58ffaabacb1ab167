import Foundation

/// Group accuracy of the whole parse stage on a loghub sample: the log is parsed with its detected
/// pattern and each record's event type is compared with the ground truth's EventId, line by line.
public enum ParseAccuracy {
    /// One dataset's figures.
    public struct Result: Sendable {
        /// The loghub dataset.
        public var dataset: String
        /// The pattern detection chose.
        public var pattern: String
        /// Lines scored.
        public var lines: Int
        /// Group accuracy with the pattern's event rules.
        public var withRules: Double
        /// Group accuracy with template masking alone.
        public var maskingOnly: Double
        /// Group accuracy with every shipped pattern disabled: the layout inferred from the file, then
        /// template masking of the message alone.
        public var inferred: Double
        /// What layout inference found (`timestamp … · message; 100% of lines`), or `generic`.
        public var inferredLayout: String
    }

    /// Parses `<dataRoot>/loghub_2k/<name>/<name>_2k.log` three times (with the pattern's event rules,
    /// with template masking alone, and with no shipped pattern: an inferred layout and template masking)
    /// and scores each against `<name>_2k.log_structured_corrected.csv`.
    /// Mined types are the template alone here, not a service and a template as in a normal run: the
    /// ground truth types content alone, as Drain's figures do.
    public static func measure(dataset name: String, dataRoot: String, library: PatternLibrary) throws -> Result {
        let folder = "\(dataRoot)/loghub_2k/\(name)"
        let truthText = try String(contentsOfFile: "\(folder)/\(name)_2k.log_structured_corrected.csv", encoding: .utf8)
        let truth = CSVReader.table(truthText).map { $0["EventId"] ?? "" }
        var scores: [Double] = []
        var pattern = ""
        var layout = ""
        for (patterns, rules) in [(library.patterns, true), (library.patterns, false), ([], false)] {
            var types: [String] = []
            let session = ParseSession(options: ParseOptions(library: patterns, eventRules: rules, typesPerService: false)) {
                types.append($0.type)
            }
            try session.parse(InputSource(path: "\(folder)/\(name)_2k.log"))
            if patterns.isEmpty {
                layout = session.stats.inputs[0].inferredLayout ?? session.stats.inputs[0].pattern
            } else {
                pattern = session.stats.inputs[0].pattern
            }
            guard types.count == truth.count else { throw AccuracyError.lengthMismatch(name, events: types.count, truth: truth.count) }
            scores.append(GroupAccuracy.accuracy(predicted: types, truth: truth))
        }
        return Result(dataset: name, pattern: pattern, lines: truth.count, withRules: scores[0], maskingOnly: scores[1],
                      inferred: scores[2], inferredLayout: layout)
    }

    /// The loghub 2k datasets and Drain's published group accuracy on each.
    public static let drain: [(dataset: String, accuracy: Double)] = [
        ("Android", 0.911), ("Apache", 1.0), ("HDFS", 0.998), ("Hadoop", 0.948), ("Linux", 0.690),
        ("OpenSSH", 0.788), ("OpenStack", 0.733), ("Spark", 0.920), ("Windows", 0.997), ("Zookeeper", 0.967),
    ]

    enum AccuracyError: Error, CustomStringConvertible {
        case lengthMismatch(String, events: Int, truth: Int)

        var description: String {
            switch self {
            case let .lengthMismatch(name, events, truth):
                return "\(name): \(events) events but \(truth) ground-truth lines; the pattern merged or split records"
            }
        }
    }
}
