/// Problems with the inputs of a run; each message names the input and says what to do.
public enum InputError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case readFailed(path: String, reason: String)
    case corruptArchive(path: String, reason: String)
    case noInputs(pattern: String)
    /// A directory (or glob) named on the command line held no file to read: it is empty, or everything
    /// in it was skipped (listed in `skipped`).
    case noFiles(path: String, skipped: [SkippedInput])

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
        case let .noFiles(path, skipped):
            let why: String
            if let first = skipped.first {
                let more = skipped.count > 1 ? ", and \(skipped.count - 1) more skipped" : ""
                why = "everything found was skipped: \(first.path): \(first.reason)\(more)"
            } else {
                why = "it is empty or holds only hidden files"
            }
            return "\(path): no files to read (\(why)); name the log files, or a directory that holds some"
        }
    }
}
