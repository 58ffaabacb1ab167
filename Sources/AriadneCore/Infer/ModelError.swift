/// Errors from reading or merging causal models.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    /// Two models were inferred with different settings.
    case incompatibleOptions(InferenceOptions, InferenceOptions)
    /// A model file has a format version this library does not read.
    case unsupportedVersion(Int)
    /// Merging would overflow a counter (the models' counts are not real, or the file was altered).
    case countOverflow(String)
    /// A model file's counters contradict each other (negative counts, pairs of unknown types, ...).
    case inconsistent(String)

    public var description: String {
        switch self {
        case let .incompatibleOptions(a, b):
            return "cannot merge models inferred with different settings (skew \(a.skew.map(String.init) ?? "default") ns, tolerance \(a.tolerance) vs skew \(b.skew.map(String.init) ?? "default") ns, tolerance \(b.tolerance)); re-run `ariadne infer` with the same --skew and --tolerance"
        case let .unsupportedVersion(v):
            return "model format version \(v) is not supported (this ariadne reads version \(CausalModel.formatVersion)); re-run `ariadne infer` with this version"
        case let .inconsistent(what):
            return "not a consistent Ariadne model: \(what); write it again with `ariadne infer`"
        case let .countOverflow(what):
            return "cannot merge: the sum of '\(what)' does not fit a 64-bit integer; check that the model files were written by `ariadne infer`"
        }
    }
}
