/// Why the loop cannot go on, each saying what to do.
public enum LoopError: Error, Equatable, CustomStringConvertible {
    /// Another ariadne holds the state directory's lock.
    case busy(directory: String, pid: Int32)
    /// The state file is not a state this version reads.
    case unreadableState(path: String, reason: String)
    /// `record` or `status` on a directory without a state.
    case noState(directory: String)
    /// The outcomes differ from those the state was built for.
    case outcomesDiffer(directory: String, state: [String], given: [String])
    /// `record` of an experiment no plan of the state proposed.
    case unknownExperiment(id: String, directory: String, known: [String])
    /// `record` of an experiment already recorded.
    case alreadyRecorded(id: String, run: Int)
    /// A journal that cannot be read as a Chaos Toolkit journal.
    case unreadableJournal(path: String, reason: String)
    /// A run's logs are gone.
    case missingLogs(path: String, run: Int)

    public var description: String {
        switch self {
        case let .busy(directory, pid):
            return "\(directory) is in use by another ariadne (pid \(pid)); wait for it to finish, or remove \(directory)/lock if no such process runs"
        case let .unreadableState(path, reason):
            return "\(path) is not an Ariadne loop state (\(reason)); point --state at another directory, or move this one away to start over"
        case let .noState(directory):
            return "\(directory) holds no loop state yet; start it with `ariadne plan --state \(directory) --outcome OUTCOME LOGS...`"
        case let .outcomesDiffer(directory, state, given):
            return "\(directory) was built for --outcome \(state.map { "'\($0)'" }.joined(separator: " ")), not \(given.map { "'\($0)'" }.joined(separator: " ")); drop --outcome to keep the state's, or use another --state"
        case let .unknownExperiment(id, directory, known):
            let shown = known.prefix(5).joined(separator: ", ")
            return "no plan in \(directory) proposed experiment \(id)" + (known.isEmpty ? "; run `ariadne plan --state \(directory)` first" : "; the latest plan's are: \(shown)")
        case let .alreadyRecorded(id, run):
            return "experiment \(id) is already recorded (run \(run)); a fault set is run once, plan again for the next"
        case let .unreadableJournal(path, reason):
            return "\(path) is not a Chaos Toolkit journal (\(reason)); pass the journal.json that `chaos run` wrote, or --verdict held|failed"
        case let .missingLogs(path, run):
            return "the logs of run \(run) are gone (\(path)); restore them, or start a new state"
        }
    }
}
