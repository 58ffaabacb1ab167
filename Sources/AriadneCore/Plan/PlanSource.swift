/// What a plan was built from: digests of the redundancy model and of the log facts, and what they cover.
public struct PlanSource: Sendable, Equatable, Codable {
    /// `m-` and 16 hexadecimal digits: FNV-1a 64 of the redundancy model's canonical JSON.
    public var digest: String
    /// FNV-1a 64 of the log facts' canonical JSON (16 hexadecimal digits).
    public var factsDigest: String
    /// The outcomes, as given (`POST` or `POST if PRE`).
    public var outcomes: [String]
    /// How many executions the logs held.
    public var executions: Int
    /// The kinds of execution ids they were grouped by (`--group-by` for an experiment's logs).
    public var idKinds: [String]
    /// The concrete hosts the logs name, sorted.
    public var hosts: [String]

    public init(digest: String, factsDigest: String, outcomes: [String], executions: Int, idKinds: [String], hosts: [String]) {
        self.digest = digest
        self.factsDigest = factsDigest
        self.outcomes = outcomes
        self.executions = executions
        self.idKinds = idKinds
        self.hosts = hosts
    }

    enum CodingKeys: String, CodingKey {
        case digest, factsDigest = "facts_digest", outcomes, executions, idKinds = "id_kinds", hosts
    }
}
