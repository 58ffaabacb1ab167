/// Errors from reading or merging causal models.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    /// Two models were inferred with different settings.
    case incompatibleOptions(InferenceOptions, InferenceOptions)
    /// A model file has a format version this library does not read.
    case unsupportedVersion(Int)

    public var description: String {
        switch self {
        case let .incompatibleOptions(a, b):
            return "cannot merge models inferred with different settings (skew \(a.skew.map(String.init) ?? "default") ns, tolerance \(a.tolerance) vs skew \(b.skew.map(String.init) ?? "default") ns, tolerance \(b.tolerance)); re-run `ariadne infer` with the same --skew and --tolerance"
        case let .unsupportedVersion(v):
            return "model format version \(v) is not supported (this ariadne reads version \(CausalModel.formatVersion)); re-run `ariadne infer` with this version"
        }
    }
}
