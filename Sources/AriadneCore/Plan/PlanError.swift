/// Why a plan cannot be built, read or exported; each description says what to do.
public enum PlanError: Error, Equatable, CustomStringConvertible {
    /// A plan file that is not a plan.
    case unreadablePlan(path: String, reason: String)
    /// `--experiment` names no experiment of the plan.
    case noSuchExperiment(String, available: [String])
    /// The plan has no experiment to export.
    case noExperiments
    /// A state directory that cannot be written.
    case cannotWrite(path: String, reason: String)
    /// No fault of the experiment can be expressed in the format.
    case notExpressible(format: String, experiment: String, faults: [String])

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .unreadablePlan(let path, let reason):
            return "\(path): not an Ariadne plan (\(reason)); write one with `ariadne plan --format json`"
        case .noSuchExperiment(let id, let available):
            let shown = available.prefix(10).joined(separator: ", ")
            return "--experiment '\(id)': no such experiment in the plan; give an id or a rank, e.g. "
                + (shown.isEmpty ? "1" : shown) + (available.count > 10 ? ", ..." : "")
        case .noExperiments:
            return "the plan has no experiment to export: no fault set within the budget cuts every support (raise --budget, or drop --accept)"
        case .notExpressible(let format, let experiment, let faults):
            return "experiment \(experiment): no fault can be expressed as \(format) fault injection (\(faults.joined(separator: ", "))); "
                + "export it with --format chaos-mesh, chaostoolkit or toxiproxy"
        case .cannotWrite(let path, let reason):
            return "\(path): cannot write (\(reason)); check the state directory's permissions and free space"
        }
    }
}
