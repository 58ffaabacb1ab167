/// Something a directory walk or a glob found but did not read, and why. Only regular files (or
/// symlinks to them) found that way are read, and binary ones are skipped; an input named on the
/// command line is always read.
public struct SkippedInput: Sendable, Equatable, Codable {
    /// The kind of reason, for scripts (`kind` in `--stats-json`).
    public enum Kind: String, Sendable, Codable {
        /// A named pipe: reading it could block forever.
        case fifo
        /// A character or block device such as `/dev/zero`: reading it could never end.
        case device
        case socket
        /// A symlink whose target does not exist.
        case danglingSymlink = "dangling_symlink"
        /// A symlink to a directory: not followed, so a walk cannot loop or read a tree twice.
        case symlinkToDirectory = "symlink_to_directory"
        /// A path longer than PATH_MAX (4,096 bytes), which the system cannot open.
        case pathTooLong = "path_too_long"
        /// A directory that could not be listed (no permission, for instance).
        case cannotList = "cannot_list"
        /// A path whose type could not be read (a symlink loop, for instance).
        case cannotStat = "cannot_stat"
        /// A file with a NUL byte in its first 8 KiB (after decompression), as ripgrep detects binaries.
        case binary
        /// An Ariadne state directory (`analyze --state DIR` inside the logs read): its plans and
        /// models are Ariadne's own output, not logs.
        case stateDirectory = "state_directory"
        /// Any other kind of file.
        case other
    }

    /// The path as found.
    public var path: String
    /// The kind of reason.
    public var kind: Kind
    /// Why, in words (what is printed after `skipped PATH: `).
    public var reason: String

    /// A skipped path and why.
    public init(path: String, kind: Kind, reason: String) {
        self.path = path
        self.kind = kind
        self.reason = reason
    }

    /// A skipped path, with the standard wording for its kind; `detail` is the system's reason, if any.
    init(path: String, kind: Kind, detail: String? = nil) {
        let reason: String
        switch kind {
        case .fifo: reason = "a named pipe (FIFO); name it on the command line to read it as a stream"
        case .device: reason = "a device (\(detail ?? "not a regular file")); name it on the command line to read it"
        case .socket: reason = "a socket"
        case .danglingSymlink: reason = "a dangling symlink (its target does not exist)"
        case .symlinkToDirectory: reason = "a symlink to a directory (not followed); name it on the command line to read it"
        case .pathTooLong: reason = "path longer than PATH_MAX (4096 bytes)"
        case .cannotList: reason = "cannot list the directory (\(detail ?? "unknown error"))"
        case .cannotStat: reason = "cannot tell what it is (\(detail ?? "unknown error"))"
        case .binary: reason = "binary file (a NUL byte in its first 8 KiB); name it on the command line to parse it anyway"
        case .stateDirectory: reason = "an Ariadne state directory (its plans and models are not logs)"
        case .other: reason = "not a regular file"
        }
        self.init(path: path, kind: kind, reason: reason)
    }
}
