import AriadneCore
import ArgumentParser

/// Maps the library's errors to exit statuses (sysexits.h) with their message on stderr:
/// 66 an input that does not exist or cannot be read, 65 an input or pattern file that cannot be used.
/// Usage errors stay with ArgumentParser (64); anything else exits 1.
enum ExitStatus {
    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as InputError {
            StandardStreams.error("ariadne: \(error)")
            throw ExitCode(code(for: error))
        } catch let error as PatternError {
            StandardStreams.error("ariadne: \(error)")
            throw ExitCode(65)
        } catch let error as PatternLibraryError {
            StandardStreams.error("ariadne: \(error)")
            throw ExitCode(65)
        }
    }

    /// The exit status for an error that stopped one input: 66 for an input that does not exist or
    /// cannot be read (or a directory with nothing to read), 65 for one that cannot be used.
    static func code(for error: Error) -> Int32 {
        switch error as? InputError {
        case .cannotOpen, .noInputs, .readFailed, .noFiles: return 66
        case .corruptArchive, nil: return 65
        }
    }
}
