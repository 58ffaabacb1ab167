/// Network addresses that stand for hosts, learned over executions: a proxy's `ups=10.0.1.11:80` or
/// `upstream_host: 10.244.3.105:8080` names its backend by an address no record of the backend gives
/// as its own name, so `HostReferences` would read no call in it.
///
/// An address (a token of a record's message or field values that is an IPv4 address, with or without
/// a port, and not already a name of a host) stands for host H when, over the executions learned from
/// (those with records of two hosts or more: a proxy's health check its backend did not log names the
/// upstream beside no other host's records, which tells nothing of whose address it is):
/// - it appears in at least `minExecutions` executions, H has records in at least 95% of them, and it
///   appears in at least half of the executions H has records in;
/// - at least `minExecutions` executions do not carry it, and H has records in at most half of those
///   (H is no host of every execution, such as a front proxy or a shared database, which an address
///   would co-occur with whatever it names);
/// - other hosts' records carry it in at least half of the executions H is in with it: others name H by
///   it. A host's own records alone do not make an address its own (an IIS line's `c-ip`, its client's
///   address, on every line of the server);
/// - no other host qualifies.
/// Records reporting a failure (`LogSignals.reportsFailure`: `connection refused: /10.0.1.11:80`, a
/// timeout before failing over) are not read: the address they name did not answer, and the host whose
/// records follow is the one tried instead.
/// A client's address passes only when that client made half of the requests its backend served, and
/// always through it; it would then name the backend in its callers' records, which is a call they made.
///
/// JSON (`calls.aliases` in the model): `{address: host}`, sorted by address; merged by keeping the
/// aliases both sides agree on or only one has (each side learned from its own executions).
public struct HostAliases: Sendable, Equatable {
    /// Address → host.
    public let hosts: [String: String]
    /// Host → its addresses, sorted.
    private let byHost: [String: [String]]

    /// Executions an address must appear in, and be absent from, to be learned.
    static let minExecutions = 5

    /// No aliases.
    public init() { self.init([:]) }

    /// The given aliases (address → host).
    public init(_ hosts: [String: String]) {
        self.hosts = hosts
        byHost = Dictionary(grouping: hosts.keys.sorted(), by: { hosts[$0]! })
    }

    /// Aliases are equal when they map the same addresses to the same hosts.
    public static func == (a: HostAliases, b: HostAliases) -> Bool { a.hosts == b.hosts }

    /// Whether none was learned.
    public var isEmpty: Bool { hosts.isEmpty }

    /// The addresses standing for `host`, sorted.
    public func addresses(of host: String) -> [String] { byHost[host] ?? [] }

    /// The aliases both agree on or only one has.
    public static func merge(_ a: HostAliases, _ b: HostAliases) -> HostAliases {
        var merged = a.hosts
        var conflicting: Set<String> = []
        for (address, host) in b.hosts {
            if let known = merged[address], known != host { conflicting.insert(address) } else { merged[address] = host }
        }
        for address in conflicting { merged[address] = nil }
        return HostAliases(merged)
    }

    /// The aliases `executions` show (see the type's rule).
    public static func learn<C: Collection>(_ executions: C) -> HostAliases where C.Element == Execution {
        var allHosts: Set<String> = []
        for execution in executions {
            for event in execution.events { if let host = event.host { allHosts.insert(host) } }
        }
        let known = HostReferences(hosts: allHosts)
        var carrying: [String: Int] = [:]
        var together: [String: [String: Int]] = [:]
        /// Per address and host, the executions in which another host's records carry the address.
        var namedByOthers: [String: [String: Int]] = [:]
        var withHost: [String: Int] = [:]
        var total = 0
        for execution in executions {
            let hosts = Set(execution.events.compactMap(\.host))
            // One host's records alone tell no other host's address (a proxy's health check the backend
            // did not log, naming its upstream).
            guard hosts.count >= 2 else { continue }
            total += 1
            for host in hosts { withHost[host, default: 0] += 1 }
            // Each address and the hosts whose records carry it.
            var addresses: [String: Set<String>] = [:]
            for event in execution.events {
                var found: [String] = []
                let note: (Substring) -> Void = { token in
                    guard let address = Self.address(token), known.host(named: token) == nil else { return }
                    found.append(address)
                }
                HostReferences.forEachToken(event.message, note)
                for field in event.fields { HostReferences.forEachToken(field.value, note) }
                // A record reporting a failure names the address that did not answer; the host that
                // logs next is the one tried instead.
                guard !found.isEmpty, !LogSignals.reportsFailure(event) else { continue }
                for address in found { addresses[address, default: []].insert(event.host ?? "") }
            }
            for (address, carriers) in addresses {
                carrying[address, default: 0] += 1
                for host in hosts {
                    together[address, default: [:]][host, default: 0] += 1
                    if carriers.contains(where: { $0 != host }) { namedByOthers[address, default: [:]][host, default: 0] += 1 }
                }
            }
        }
        var learned: [String: String] = [:]
        for (address, count) in carrying where count >= minExecutions && total - count >= minExecutions {
            let fitting = (together[address] ?? [:]).filter { host, both in
                let all = withHost[host, default: 0]
                return both * 100 >= count * 95 && both * 2 >= all && (all - both) * 2 <= total - count
                    && (namedByOthers[address]?[host] ?? 0) * 2 >= both
            }
            if fitting.count == 1 { learned[address] = fitting.first!.key }
        }
        return HostAliases(learned)
    }

    /// `token` as an address (`10.0.1.11`, `10.0.1.11:80`, without a leading `/` or a trailing `.`,
    /// `:` or `/`), or nil when it is none.
    static func address(_ token: Substring) -> String? {
        var s = token.utf8[...]
        while s.first == UInt8(ascii: "/") { s = s.dropFirst() }
        while let last = s.last, last == UInt8(ascii: ".") || last == UInt8(ascii: ":") || last == UInt8(ascii: "/") { s = s.dropLast() }
        var parts = 1, digits = 0, port = -1
        for b in s {
            if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                digits += 1
                if port >= 0 { port += 1 } else if digits > 3 { return nil }
            } else if b == UInt8(ascii: "."), port < 0 {
                guard digits > 0 else { return nil }
                parts += 1
                digits = 0
            } else if b == UInt8(ascii: ":"), port < 0, parts == 4, digits > 0 {
                port = 0
            } else {
                return nil
            }
        }
        guard parts == 4, port != 0, port <= 5, port > 0 || digits > 0 else { return nil }
        return String(Substring(s))
    }
}
