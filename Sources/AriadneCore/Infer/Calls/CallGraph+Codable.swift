import Foundation

/// JSON form (keys snake_case when encoded with `.convertToSnakeCase`, as `jsonData()` and the model do):
/// `executions`, `thresholds` {`min_executions`, `min_share`}, `host_edges` and `service_edges`
/// [{`from`, `to`, `kind` (sync|oneway), `evidence` (nesting|reference|message), `executions`,
/// `together`, `witness` {`execution`, `lines`}}], and the tallies edges are derived from, which
/// merging needs: `host_pairs` and `service_pairs` [{`from`, `to`, `together`, `nesting`, `reference`,
/// `message`, `sync`, `any`, `sync_witness`, `message_witness`, `named`, `reference_keys` {key: count}}]
/// `send_keys` {message key: {`went_on`, `waited`}} and `trail_types` {event type: {`opened`, `in_call`,
/// `after_caller`}} and `aliases` {address: host} (`HostAliases`) (`named`, `reference_keys`, `send_keys`,
/// `trail_types` and `aliases` may be absent: 0 and empty; `aliases` is written only when some was learned).
/// Reading ignores the edges and derives them again.
extension CallGraph: Codable {
    enum CodingKeys: String, CodingKey {
        case executions, thresholds, hostEdges, serviceEdges, hostPairs, servicePairs, sendKeys, trailTypes, aliases
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(executions: try c.decode(Int.self, forKey: .executions),
                  hostPairs: try c.decode([Tally].self, forKey: .hostPairs),
                  servicePairs: try c.decode([Tally].self, forKey: .servicePairs),
                  thresholds: try c.decodeIfPresent(Thresholds.self, forKey: .thresholds) ?? Thresholds(),
                  sendKeys: try c.decodeIfPresent([String: SendTally].self, forKey: .sendKeys) ?? [:],
                  trailTypes: try c.decodeIfPresent([String: TrailTally].self, forKey: .trailTypes) ?? [:],
                  aliases: HostAliases(try c.decodeIfPresent([String: String].self, forKey: .aliases) ?? [:]))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(executions, forKey: .executions)
        try c.encode(thresholds, forKey: .thresholds)
        try c.encode(hostEdges, forKey: .hostEdges)
        try c.encode(serviceEdges, forKey: .serviceEdges)
        try c.encode(hostPairs, forKey: .hostPairs)
        try c.encode(servicePairs, forKey: .servicePairs)
        try c.encode(sendKeys, forKey: .sendKeys)
        try c.encode(trailTypes, forKey: .trailTypes)
        if !aliases.isEmpty { try c.encode(aliases.hosts, forKey: .aliases) }
    }

    /// The graph as JSON: pretty, keys sorted and snake_case, deterministic.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self)
    }

    /// Reads a graph written by `jsonData()`; throws `CallGraphError.inconsistent` for counts no build
    /// could have written.
    public static func read(json data: Data) throws -> CallGraph {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let graph = try decoder.decode(CallGraph.self, from: data)
        try graph.checkConsistency()
        return graph
    }
}

extension CallGraph.Tally {
    enum CodingKeys: String, CodingKey {
        case from, to, together, nesting, reference, message, sync, any, syncWitness, messageWitness, named, referenceKeys
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(from: try c.decode(String.self, forKey: .from), to: try c.decode(String.self, forKey: .to),
                  together: try c.decode(Int.self, forKey: .together), nesting: try c.decode(Int.self, forKey: .nesting),
                  reference: try c.decode(Int.self, forKey: .reference), message: try c.decode(Int.self, forKey: .message),
                  sync: try c.decode(Int.self, forKey: .sync), any: try c.decode(Int.self, forKey: .any),
                  syncWitness: try c.decodeIfPresent(CallGraph.Witness.self, forKey: .syncWitness),
                  messageWitness: try c.decodeIfPresent(CallGraph.Witness.self, forKey: .messageWitness),
                  named: try c.decodeIfPresent(Int.self, forKey: .named) ?? 0)
        referenceKeys = try c.decodeIfPresent([String: Int].self, forKey: .referenceKeys) ?? [:]
    }
}
