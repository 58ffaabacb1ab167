/// The stages of `ariadne analyze`, in the order they run. Parsing and grouping are one pass (events
/// are grouped into executions as they are parsed); the later stages each run once on what it built.
public enum AnalysisStage: String, Sendable, CaseIterable, Codable {
    /// Standard input saved into the state directory, so the loop can read it again.
    case read
    /// Logs read, parsed into events and grouped into executions.
    case parse
    /// The last executions closed, clocks estimated, the causal model and the call graph.
    case infer
    /// Every way each good outcome was reached (`RedundancyModel`).
    case redundancy
    /// The minimal fault sets that cut every support, ranked (`Hypothesizer`).
    case hypotheses
    /// The experiments planned and written into the state directory (`ExperimentPlanner`).
    case plan

    /// What the stage does, for a progress line.
    public var title: String {
        switch self {
        case .read: return "saving stdin"
        case .parse: return "parsing and grouping"
        case .infer: return "inferring the causal model"
        case .redundancy: return "modelling redundancy"
        case .hypotheses: return "ranking hypotheses"
        case .plan: return "planning experiments"
        }
    }

    /// 1-based position among the stages that always run (`read` only runs on stdin and counts as 0).
    public var number: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    /// How many stages always run.
    public static var count: Int { allCases.count - 1 }
}
