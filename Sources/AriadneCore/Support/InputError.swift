/// Problems with the inputs of a run; each message names the input and says what to do.
public enum InputError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case readFailed(path: String, reason: String)
    case corruptArchive(path: String, reason: String)
    case noInputs(pattern: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            return "\(path): cannot open (\(reason)); check the path and its permissions"
        case let .readFailed(path, reason):
            return "\(path): read failed (\(reason))"
        case let .corruptArchive(path, reason):
            return "\(path): not a readable gzip archive (\(reason)); what was decompressed before the damage was kept"
        case let .noInputs(pattern):
            return "\(pattern): matches no file; check the path or quote the glob"
        }
    }
}
