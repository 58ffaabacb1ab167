/// Where events' hosts come from (`--host-from`).
public enum HostOrigin: Sendable, Equatable, CustomStringConvertible {
    /// The record's own host (a pattern capture or a host-naming field); for records without one, the
    /// file name when the inputs are one file per host (see `HostNaming.fileHosts`).
    case auto
    /// The input's file name, for every record (`--host-from file`).
    case file
    /// The value of this field, for every record (`--host-from field:NAME`); a dotted name reaches into
    /// nested JSON objects (`kubernetes.pod_name`).
    case field(String)

    /// Reads `auto`, `file` or `field:NAME`; nil for anything else.
    public init?(argument: String) {
        switch argument {
        case "auto": self = .auto
        case "file": self = .file
        default:
            guard argument.hasPrefix("field:"), argument.count > 6 else { return nil }
            self = .field(String(argument.dropFirst(6)))
        }
    }

    public var description: String {
        switch self {
        case .auto: return "auto"
        case .file: return "file"
        case .field(let name): return "field:\(name)"
        }
    }
}
