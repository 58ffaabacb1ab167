/// Ranks the templates of some executions by how close they read to a text (an outcome that matched
/// nothing): each word of the text is paired with its most similar word of the template, its type,
/// its service or a few of its messages (similarity: 1 − edit distance / longer length), and the
/// template scores the mean over the text's words; templates whose events look like failures
/// (`LogSignals.failureSignal`, which an outcome would not count) come after the others, then ties go
/// to the template with more events, then by type. A type is shown with the template it grew into
/// (`TemplateMiner.moreGeneral`), its events all counted. Words are runs of letters and digits,
/// lowercased; regex escapes such as `\d` are dropped.
enum NearestTemplates {
    /// Messages per template whose words are compared.
    static let samples = 3

    private struct Key: Hashable {
        var type: String
        var service: String?
    }

    static func rank(_ text: String, executions: some Sequence<Execution>, limit: Int = 5) -> [TemplateSuggestion] {
        var counts: [Key: Int] = [:]
        var templates: [Key: String] = [:]
        var failing: [Key: Bool] = [:]
        var messages: [Key: [String]] = [:]
        for execution in executions {
            for event in execution.events {
                let key = Key(type: event.type, service: event.service)
                counts[key, default: 0] += 1
                templates[key] = templates[key].map { TemplateMiner.moreGeneral($0, event.template) } ?? event.template
                if failing[key] == nil { failing[key] = LogSignals.failureSignal(event) != nil }
                if messages[key, default: []].count < samples, !messages[key, default: []].contains(event.message) {
                    messages[key, default: []].append(event.message)
                }
            }
        }
        let wanted = words(unescaped(text))
        let scored = counts.map { key, count -> (Key, Int, Double) in
            guard !wanted.isEmpty else { return (key, count, 0) }
            var vocabulary = Set(words(templates[key] ?? "")).union(words(key.type)).union(words(key.service ?? ""))
            for message in messages[key] ?? [] { vocabulary.formUnion(words(message)) }
            let total = wanted.reduce(0.0) { sum, word in sum + (vocabulary.map { similarity(word, $0) }.max() ?? 0) }
            return (key, count, total / Double(wanted.count))
        }
        return scored.sorted { a, b in
            let (fa, fb) = (failing[a.0] == true, failing[b.0] == true)
            if fa != fb { return !fa }
            if a.2 != b.2 { return a.2 > b.2 }
            if a.1 != b.1 { return a.1 > b.1 }
            return (a.0.type, a.0.service == nil ? 0 : 1, a.0.service ?? "", templates[a.0] ?? "")
                < (b.0.type, b.0.service == nil ? 0 : 1, b.0.service ?? "", templates[b.0] ?? "")
        }.prefix(limit).map { TemplateSuggestion(type: $0.0.type, service: $0.0.service, template: templates[$0.0] ?? "", events: $0.1) }
    }

    /// `text` without regex escapes (`\d`, `\s`, `\.` → a space).
    static func unescaped(_ text: String) -> String {
        var out = ""
        var escaping = false
        for character in text {
            if escaping {
                out.append(" ")
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// Runs of letters and digits, lowercased.
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    /// 1 − the edit distance over the longer length (0 when either is empty); words over 64
    /// characters are compared by their first 64.
    static func similarity(_ a: String, _ b: String) -> Double {
        let x = Array(a.prefix(64)), y = Array(b.prefix(64))
        guard !x.isEmpty, !y.isEmpty else { return 0 }
        if x == y { return 1 }
        return 1 - Double(EditDistance.between(x, y)) / Double(max(x.count, y.count))
    }
}
