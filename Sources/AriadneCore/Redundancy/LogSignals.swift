/// Recognizes error-looking records and the kind of trigger they stand for.
enum LogSignals {
    static let errorLevels: Set<String> = ["ERROR", "ERR", "E", "WARN", "WARNING", "W", "FATAL", "F", "CRITICAL", "CRIT", "SEVERE", "ALERT", "EMERG"]

    /// Whether the record reports a failure: an error or warning level, or failure words in its message.
    static func isErrorLooking(_ event: Event) -> Bool {
        if let level = event.level, errorLevels.contains(level.uppercased()) { return true }
        return trigger(ofMessage: event.message) != nil
    }

    /// The trigger kind named by a message, if it names one.
    static func trigger(ofMessage message: String) -> TriggerKind? {
        let text = message.lowercased()
        if text.contains("timeout") || text.contains("timed out") || text.contains("time out") { return .timeout }
        if text.contains("refused") { return .refused }
        for word in ["exception", "failed", "failure", "error"] where text.contains(word) { return .error }
        return nil
    }

    /// The trigger kind of an error-looking record (`error` when only its level says so).
    static func trigger(of event: Event) -> TriggerKind {
        trigger(ofMessage: event.message) ?? .error
    }

    static let successWords = ["success", "succeeded", "complete", "completed", "stored", "added", "committed", "finished", "done", "ok", "created", "saved"]

    /// Whether a template reads like a success.
    static func isSuccessLooking(_ template: String) -> Bool {
        let words = template.lowercased().split { !$0.isLetter }
        return words.contains { successWords.contains(String($0)) }
    }
}
