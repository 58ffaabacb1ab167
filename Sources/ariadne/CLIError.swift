#if canImport(Glibc)
import Glibc
#endif

/// A failure of a run that is not a usage error: its message (printed after `ariadne: `) and exit status.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    let status: Int32

    /// An output file that cannot be created or written (74, EX_IOERR), with the system's reason.
    static func cannotWrite(path: String, errno code: Int32) -> CLIError {
        CLIError(description: "cannot write \(path): \(String(cString: strerror(code)))", status: 74)
    }
}
