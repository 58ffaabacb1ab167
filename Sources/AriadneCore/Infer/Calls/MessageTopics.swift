/// Messages an execution's records show by a topic they share: a constant word of their templates that
/// names what travels (a queue's routing key `order.confirmed`, a stream `orders-events`, a key=value
/// such as `queue=orders`) carried by the records of exactly two of its hosts, in an execution of three
/// hosts or more. A publisher's `published order.confirmed` and its consumer's `received order.confirmed`
/// say who sent the consumer its work, where the clocks alone name whichever host logged last before it
/// (the front end answering its user while the message waits in the queue).
///
/// A topic word is compound (letters joined by `.`, `_`, `-` or `/`, two letters or more on each side:
/// plain words such as `received` recur across unrelated hosts) or a `key=value` whose value has a
/// letter, carries no wildcard or source location, and names no host of the execution (`HostReferences`:
/// by name, address or service, `payments-b` of `payments-b-tdwz6vkxz-nwzfh`).
struct MessageTopics {
    /// Per record, its topic words shared with exactly one other host.
    private var shared: [Int: [Substring]] = [:]
    /// Per topic word, the hosts whose records carry it (two).
    private var carriers: [Substring: [String]] = [:]

    /// The topics of `events` (one execution's) among `hosts` (its hosts), known also by `aliases`.
    init(_ events: [Event], hosts: [String], aliases: HostAliases = HostAliases()) {
        guard hosts.count >= 3 else { return }
        let references = HostReferences(hosts: hosts, aliases: aliases)
        var words: [Int: [Substring]] = [:]
        var byWord: [Substring: Set<String>] = [:]
        var cache: [String: [Substring]] = [:]
        for (i, event) in events.enumerated() {
            guard let host = event.host else { continue }
            let found = cache[event.template] ?? Self.words(event.template, references: references)
            cache[event.template] = found
            guard !found.isEmpty else { continue }
            words[i] = found
            for word in found { byWord[word, default: []].insert(host) }
        }
        for (i, found) in words {
            let kept = found.filter { byWord[$0]?.count == 2 }
            if !kept.isEmpty { shared[i] = kept }
        }
        for (word, hosts) in byWord where hosts.count == 2 { carriers[word] = hosts.sorted() }
    }

    /// The record of another host that sent the message `first` (a host's first record) received: the
    /// latest record read before it (`precedes`) sharing one of its topic words; nil when none does.
    func sender(of first: Int, events: [Event], precedes: (Int, Int) -> Bool) -> Int? {
        guard let topics = shared[first], let receiver = events[first].host else { return nil }
        var best: Int?
        for i in shared.keys.sorted() where i != first && events[i].host != receiver && precedes(i, first) {
            guard shared[i]!.contains(where: { topics.contains($0) && carriers[$0]?.contains(receiver) == true }) else { continue }
            if best == nil || !precedes(i, best!) { best = i }
        }
        return best
    }

    /// The topic words of a template (see the type).
    static func words(_ template: String, references: HostReferences) -> [Substring] {
        var result: [Substring] = []
        for raw in template.split(separator: " ", omittingEmptySubsequences: true) where !raw.contains("<*>") {
            let word = raw.trimmingPunctuation
            guard word.utf8.count >= 5, !SourceLocationWord.matches(word) else { continue }
            let topic: Bool
            if let equals = word.firstIndex(of: "=") {
                topic = word.startIndex < equals && word[word.index(after: equals)...].contains(where: \.isLetter)
            } else {
                topic = isCompound(word)
            }
            if topic, references.host(named: word) == nil, references.host(servedAs: word, whole: true) == nil { result.append(word) }
        }
        return result
    }

    /// Letters joined by `.`, `_`, `-` or `/`: two parts or more, each of letters and digits, two of them
    /// with two letters or more (`order.confirmed`, `orders-events`; not `1.2.3`, `/api/x`, `a.b`, `orders-v2`).
    static func isCompound(_ word: Substring) -> Bool {
        let parts = word.split(omittingEmptySubsequences: false) { $0 == "." || $0 == "_" || $0 == "-" || $0 == "/" }
        guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber } }) else { return false }
        return parts.filter { $0.filter(\.isLetter).count >= 2 }.count >= 2
    }
}

extension Substring {
    /// Without the quotes, brackets and separators around it (`"order.confirmed",` → `order.confirmed`).
    fileprivate var trimmingPunctuation: Substring {
        let edges: Set<Character> = ["\"", "'", ",", ";", "(", ")", "[", "]", "{", "}", ":", "<", ">", "`"]
        var word = self
        while let c = word.first, edges.contains(c) { word = word.dropFirst() }
        while let c = word.last, edges.contains(c) { word = word.dropLast() }
        return word
    }
}
