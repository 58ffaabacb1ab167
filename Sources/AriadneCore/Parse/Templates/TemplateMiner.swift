/// Gives messages that no event rule names a stable event type, Drain-style (He et al., "Drain: An
/// Online Log Parsing Approach with Fixed Depth Tree", ICWS 2017).
///
/// Each message is masked (`TemplateMiner.mask`), split at spaces, and routed through a tree of
/// fixed depth: first by token count, then by its first `depth - 2` tokens (a token holding a
/// masked part, or one beyond `maxChildren` siblings, goes to the `<*>` branch). In the leaf it
/// joins the cluster whose template is most similar (share of positions with equal tokens; a `<*>`
/// in the template does not count as equal, ties go to the template with more `<*>`) when that
/// similarity reaches `similarityThreshold`; the cluster's template then gets `<*>` where the two
/// differ. Two different *named constants* at one position (`isNamedConstant`: CamelCase or
/// upper-case identifiers such as `WindowsUpdateAgent` and `SPP`, `RUNNING` and `FAILED`) never join:
/// such names are the code's own words (a client, a state, a class), so they tell events apart, while
/// the values logs vary (ids, numbers, users, hosts) are masked or lower-case.
/// Otherwise the message starts a new cluster. A masked template seen before goes straight
/// to the cluster it went to the first time, so equal templates always get equal types.
///
/// Only the first line of a message is clustered; continuation lines (stack traces) are not part
/// of the template. Results depend only on the order of the messages. Not thread-safe: use one
/// miner per parse, fed in input order.
public final class TemplateMiner {
    /// Tuning of the miner.
    public struct Configuration: Sendable, Equatable {
        /// Minimum similarity (0...1) for a message to join an existing cluster.
        public var similarityThreshold: Double
        /// Depth of the parse tree, root and leaves included; messages are routed by their first
        /// `depth - 2` tokens. At least 2.
        public var depth: Int
        /// Maximum children of an inner tree node before further tokens share the `<*>` branch.
        public var maxChildren: Int
        /// Maximum number of clusters; when reached, a message that fits no cluster gets the type of
        /// its masked template without clustering (counted in `unclusteredCount`).
        public var maxClusters: Int
        /// Maximum number of masked templates remembered for the exact-match shortcut.
        public var maxRememberedTemplates: Int

        /// Threshold 0.75, Drain's depth 4 and 100 children, and 100,000 clusters.
        public init(
            similarityThreshold: Double = 0.75, depth: Int = 4, maxChildren: Int = 100,
            maxClusters: Int = 100_000, maxRememberedTemplates: Int = 200_000
        ) {
            self.similarityThreshold = similarityThreshold
            self.depth = max(2, depth)
            self.maxChildren = max(1, maxChildren)
            self.maxClusters = max(0, maxClusters)
            self.maxRememberedTemplates = max(0, maxRememberedTemplates)
        }
    }

    /// The configuration the miner was made with.
    public let configuration: Configuration
    /// Messages that fitted no cluster after `maxClusters` was reached.
    public private(set) var unclusteredCount = 0
    /// Number of clusters so far.
    public var clusterCount: Int { clusters.count }

    private var clusters: [Cluster] = []
    private var lengthNodes: [Int: Node] = [:]
    private var remembered: [String: Int] = [:]

    /// A miner with `configuration`.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// The event type of `message`, creating or widening a cluster as needed.
    public func mine(_ message: String) -> MinedTemplate {
        let tokens = Self.maskedTokens(message)
        let masked = tokens.joined(separator: " ")
        if let index = remembered[masked] {
            return clusters[index].result
        }
        let leaf = searchLeaf(tokens)
        if let leaf, let index = bestCluster(in: leaf.clusters, for: tokens) {
            clusters[index].merge(tokens)
            remember(masked, index)
            return clusters[index].result
        }
        guard clusters.count < configuration.maxClusters else {
            unclusteredCount += 1
            return MinedTemplate(typeID: Self.typeID(of: masked), template: masked)
        }
        let index = clusters.count
        clusters.append(Cluster(tokens: tokens, template: masked))
        addToTree(tokens, cluster: index)
        remember(masked, index)
        return clusters[index].result
    }

    /// The event type of a mined message logged by `service`: an event type is a service and a template
    /// (the Mystery Machine's events are a component and a message), so the same text from two services
    /// is two types. Without a service it is the cluster's own type id.
    public static func typeID(of mined: MinedTemplate, service: String?) -> String {
        guard let service, !service.isEmpty else { return mined.typeID }
        return "T" + FNV1a.hex16(FNV1a.hash(service + "\u{1F}" + mined.typeID))
    }

    /// Of two templates of one type (its cluster's, as it stood when each event was mined): the one
    /// with more wildcards, which the cluster grew into (its first line's words, a customer's name,
    /// masked since), then the smaller. Events keep the template they were mined with.
    public static func moreGeneral(_ a: String, _ b: String) -> String {
        if a == b { return a }
        let (wa, wb) = (a.components(separatedBy: "<*>").count, b.components(separatedBy: "<*>").count)
        return wa != wb ? (wa > wb ? a : b) : min(a, b)
    }

    /// The type id of a cluster whose first template is `template`.
    public static func typeID(of template: String) -> String {
        "T" + FNV1a.hex16(FNV1a.hash(template))
    }

    private func remember(_ masked: String, _ index: Int) {
        if remembered.count < configuration.maxRememberedTemplates {
            remembered[masked] = index
        }
    }

    private var prefixLength: Int { configuration.depth - 2 }

    private func searchLeaf(_ tokens: [String]) -> Node? {
        guard var node = lengthNodes[tokens.count] else { return nil }
        for token in tokens.prefix(prefixLength) {
            if let child = node.children[token] {
                node = child
            } else if let child = node.children[Self.wildcard] {
                node = child
            } else {
                return nil
            }
        }
        return node
    }

    private func addToTree(_ tokens: [String], cluster: Int) {
        var node: Node
        if let existing = lengthNodes[tokens.count] {
            node = existing
        } else {
            node = Node()
            lengthNodes[tokens.count] = node
        }
        for token in tokens.prefix(prefixLength) {
            let key: String
            if node.children[token] != nil {
                key = token
            } else if token.contains(Self.wildcard) || node.children.count >= configuration.maxChildren {
                key = Self.wildcard
            } else {
                key = token
            }
            if let child = node.children[key] {
                node = child
            } else {
                let child = Node()
                node.children[key] = child
                node = child
            }
        }
        node.clusters.append(cluster)
    }

    private func bestCluster(in candidates: [Int], for tokens: [String]) -> Int? {
        var best: Int?
        var bestSimilarity = -1.0
        var bestWildcards = -1
        for index in candidates {
            let (similarity, wildcards) = Self.similarity(template: clusters[index].tokens, tokens: tokens)
            if similarity > bestSimilarity || (similarity == bestSimilarity && wildcards > bestWildcards) {
                best = index
                bestSimilarity = similarity
                bestWildcards = wildcards
            }
        }
        guard bestSimilarity >= configuration.similarityThreshold else { return nil }
        return best
    }

    /// Drain's sequence similarity: equal tokens over all tokens, a template `<*>` not counting as
    /// equal; 0 when the two differ in a position where both hold a named constant. Also returns the
    /// number of `<*>` in the template.
    static func similarity(template: [String], tokens: [String]) -> (Double, Int) {
        guard !template.isEmpty else { return (1, 0) }
        var equal = 0
        var wildcards = 0
        var bothWildcards = 0
        for (expected, actual) in zip(template, tokens) {
            if expected == wildcard {
                wildcards += 1
                if actual == wildcard { bothWildcards += 1 }
            } else if expected == actual {
                equal += 1
            } else if isNamedConstant(expected) && isNamedConstant(actual) {
                return (0, wildcards)
            }
        }
        let compared = template.count - bothWildcards
        guard compared > 0 else { return (1, wildcards) }
        return (Double(equal) / Double(compared), wildcards)
    }

    /// Whether `token` is made of ASCII letters, `.`, `_` and `-` only, with an upper-case letter after
    /// its first character (`WindowsUpdateAgent`, `SPP.`, `CONTAINER_REMOTE_LAUNCH`; not `Alice`, `root`).
    static func isNamedConstant(_ token: String) -> Bool {
        var upper = false
        for (index, byte) in token.utf8.enumerated() {
            if byte >= 65 && byte <= 90 { upper = upper || index > 0; continue }
            if (byte >= 97 && byte <= 122) || byte == 46 || byte == 95 || byte == 45 { continue }
            return false
        }
        return upper
    }

    private final class Node {
        var children: [String: Node] = [:]
        var clusters: [Int] = []
    }

    private struct Cluster {
        var tokens: [String]
        let typeID: String
        var result: MinedTemplate

        init(tokens: [String], template: String) {
            self.tokens = tokens
            typeID = TemplateMiner.typeID(of: template)
            result = MinedTemplate(typeID: typeID, template: template)
        }

        mutating func merge(_ other: [String]) {
            var changed = false
            for position in tokens.indices where tokens[position] != other[position] && tokens[position] != TemplateMiner.wildcard {
                tokens[position] = TemplateMiner.wildcard
                changed = true
            }
            if changed {
                result.template = tokens.joined(separator: " ")
            }
        }
    }
}
