import Foundation

/// The verdict a Chaos Toolkit journal (`journal.json` of `chaos run`) gives: the steady-state
/// hypothesis after the method decides (`steady_states.after.steady_state_met`), and a run that
/// `deviated` failed.
public enum JournalVerdict {
    /// `failed` when the journal deviated or its steady state was not met after the method, `held`
    /// when it was; throws `LoopError.unreadableJournal` when the journal says neither.
    public static func read(_ data: Data, path: String) throws -> LoopRun.Verdict {
        guard let object = try? JSONSerialization.jsonObject(with: data), let journal = object as? [String: Any] else {
            throw LoopError.unreadableJournal(path: path, reason: "not a JSON object")
        }
        if journal["deviated"] as? Bool == true { return .failed }
        let states = journal["steady_states"] as? [String: Any]
        let after = states?["after"] as? [String: Any]
        if let met = after?["steady_state_met"] as? Bool { return met ? .held : .failed }
        if let status = journal["status"] as? String, status == "failed" { return .failed }
        throw LoopError.unreadableJournal(path: path, reason: "no steady_states.after.steady_state_met and no deviated flag")
    }
}
