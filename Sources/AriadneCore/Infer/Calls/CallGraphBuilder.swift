/// Builds a `CallGraph` from executions fed one at a time; memory grows with the number of distinct
/// host (and service) pairs that share an execution, not with the number of executions.
public final class CallGraphBuilder {
    /// The thresholds of the graphs built.
    public let thresholds: CallGraph.Thresholds
    /// The service of a host whose records name none (default: `HostNaming.service(ofHost:)`, the host
    /// itself for addresses).
    private let serviceOf: (String) -> String
    /// Whether a host's service in an execution is the one its records there carry, before `serviceOf`.
    private let learnsFromRecords: Bool
    private var executions = 0
    private var hostPairs: [[String]: CallGraph.Tally] = [:]
    private var servicePairs: [[String]: CallGraph.Tally] = [:]
    private var sendKeys: [String: CallGraph.SendTally] = [:]
    private var trailTypes: [String: CallGraph.TrailTally] = [:]
    private var services: [String: String] = [:]
    /// The addresses learned for hosts (`HostAliases`) the calls are read with, kept in the graph.
    public var aliases = HostAliases()
    /// Host pairs `[a, b]` whose nestings the clocks found agreeing on no offset
    /// (`ClockOffsets.unnestedPairs`): b's work read inside a's span is no call of a's but came after
    /// a's record before it, counted as a one-way message (a queue's consumer, whose clock the skew
    /// bound cannot place, read inside its publisher's span).
    public var unnested: Set<[String]> = []

    /// A builder; `service` names the service of every host. Without it, a host's service in an
    /// execution is the one its records there carry (the role service, `Topology.roleService`, of its
    /// first record there naming one: the redundancy model's roles), else the host without its instance
    /// suffix: `inv-a` and `inv-b` logging `service: inventory` are two hosts of
    /// `inventory`. Read per execution, so the graph of a union is still the merge of the graphs.
    public init(thresholds: CallGraph.Thresholds = CallGraph.Thresholds(), service: ((String) -> String)? = nil) {
        self.thresholds = thresholds
        serviceOf = service ?? { HostNaming.service(ofHost: $0) ?? $0 }
        learnsFromRecords = service == nil
    }

    /// The service of `host` when its records carry none.
    public func service(ofHost host: String) -> String {
        if let known = services[host] { return known }
        let s = serviceOf(host)
        services[host] = s
        return s
    }

    /// Adds one execution, its order given by `order` (records it leaves unordered read with the help
    /// of `reading`, see `readingCalls`); returns the calls it shows.
    @discardableResult
    public func add(_ execution: Execution, order: ExecutionOrder, reading: CallPartners? = nil) -> ExecutionCalls {
        let calls = ExecutionCalls(execution, order: order, calls: reading, aliases: aliases)
        add(calls, of: execution)
        return calls
    }

    /// Readings of the held-back executions `readingCalls` makes at most: each reads with the graph of
    /// the one before, until the graph no longer changes.
    static let readingPasses = 4

    /// The graph the records the clocks cannot order are read with (a callee waits for its caller, and
    /// a synchronous callee's records come before its caller's answer): the graph of the first
    /// `ClockCalibration.executions` of `executions` (those the pipeline holds back to estimate clocks)
    /// read on the clocks alone, then read again with its own graph until its edges stop changing (at
    /// most `readingPasses` readings). The pipeline then counts every execution's calls read with it.
    public static func readingCalls<C: Collection>(_ executions: C, order: ExecutionOrder,
                                                   thresholds: CallGraph.Thresholds = CallGraph.Thresholds(),
                                                   aliases: HostAliases = HostAliases()) -> CallPartners
    where C.Element == Execution {
        let held = Array(executions.prefix(ClockCalibration.executions))
        var reading: CallPartners?
        var previous: [[String]]?
        for _ in 0..<readingPasses {
            let pass = CallGraphBuilder(thresholds: thresholds)
            pass.aliases = aliases
            let calls = Parallel.map(held) { [reading] in ExecutionCalls($0, order: order, calls: reading, aliases: aliases) }
            for (execution, found) in zip(held, calls) { pass.add(found, of: execution) }
            let graph = pass.graph()
            reading = CallPartners(graph)
            let edges = graph.hostEdges.map { [$0.from, $0.to, $0.kind.rawValue] }
            if edges == previous { break }
            previous = edges
        }
        return reading!
    }

    /// Adds the calls already found in `execution`.
    public func add(_ calls: ExecutionCalls, of execution: Execution) {
        executions += 1
        let hosts = calls.hosts
        var carried: [String: String] = [:]
        if learnsFromRecords {
            for event in execution.events {
                guard let host = event.host, carried[host] == nil, let service = event.service, !service.isEmpty else { continue }
                carried[host] = Topology.roleService(service)
            }
        }
        func service(ofHost host: String) -> String { carried[host] ?? self.service(ofHost: host) }
        let serviceNames = Array(Set(hosts.map(service(ofHost:)))).sorted()
        for a in hosts { for b in hosts where a != b { hostPairs[[a, b], default: .init(from: a, to: b)].together += 1 } }
        for a in serviceNames { for b in serviceNames where a != b { servicePairs[[a, b], default: .init(from: a, to: b)].together += 1 } }
        func witness(_ call: ExecutionCalls.Call) -> CallGraph.Witness {
            CallGraph.Witness(execution: execution.id, lines: call.events.map { execution.events[$0].source.description })
        }
        var hostEvidence: [[String]: [CallGraph.Evidence: CallGraph.Witness]] = [:]
        var serviceEvidence: [[String]: [CallGraph.Evidence: CallGraph.Witness]] = [:]
        // The message key of the record naming its receiver behind a pair's reference.
        var hostSends: [[String]: String] = [:], serviceSends: [[String]: String] = [:]
        for found in calls.calls {
            var call = found
            if call.evidence == .nesting, unnested.contains([call.from, call.to]) { call.evidence = .message }
            let w = witness(call)
            hostEvidence[[call.from, call.to], default: [:]][call.evidence] = CallGraph.Tally.smaller(hostEvidence[[call.from, call.to]]?[call.evidence], w)
            let s = [service(ofHost: call.from), service(ofHost: call.to)]
            if s[0] != s[1] { serviceEvidence[s, default: [:]][call.evidence] = CallGraph.Tally.smaller(serviceEvidence[s]?[call.evidence], w) }
            if call.evidence == .reference, let naming = call.events.first, execution.events[naming].host == call.from {
                let key = ExecutionCalls.sendKey(execution.events[naming])
                if hostSends[[call.from, call.to]] == nil { hostSends[[call.from, call.to]] = key }
                if s[0] != s[1], serviceSends[s] == nil { serviceSends[s] = key }
            }
        }
        Self.count(hostEvidence, sends: hostSends, into: &hostPairs)
        Self.count(serviceEvidence, sends: serviceSends, into: &servicePairs)
        for verdict in calls.sends {
            if verdict.wentOn { sendKeys[verdict.key, default: .init()].wentOn += 1 } else { sendKeys[verdict.key, default: .init()].waited += 1 }
        }
        for verdict in calls.trails { trailTypes[verdict.type, default: .init()].count(verdict.kind) }
        var namedHosts: Set<[String]> = [], namedServices: Set<[String]> = []
        // A record naming its requester (a server's access line) shows the requester's call, counted as a
        // reference above; it is no sign that its own host talks to the requester (`Tally.named`).
        for n in calls.namings where !n.isRequester {
            guard let namer = execution.events[n.event].host, namer != n.host else { continue }
            namedHosts.insert([namer, n.host])
            let s = [service(ofHost: namer), service(ofHost: n.host)]
            if s[0] != s[1] { namedServices.insert(s) }
        }
        for pair in namedHosts { hostPairs[pair, default: .init(from: pair[0], to: pair[1])].named += 1 }
        for pair in namedServices { servicePairs[pair, default: .init(from: pair[0], to: pair[1])].named += 1 }
    }

    private static func count(_ evidence: [[String]: [CallGraph.Evidence: CallGraph.Witness]], sends: [[String]: String],
                              into pairs: inout [[String]: CallGraph.Tally]) {
        for (pair, seen) in evidence {
            var t = CallGraph.Tally(from: pair[0], to: pair[1])
            if seen[.nesting] != nil { t.nesting = 1 }
            if seen[.reference] != nil { t.reference = 1 }
            if t.nesting == 0, t.reference == 1, seen[.message] == nil, let key = sends[pair] { t.referenceKeys[key] = 1 }
            if seen[.message] != nil { t.message = 1 }
            t.sync = t.nesting | t.reference
            t.any = 1
            t.syncWitness = CallGraph.Tally.smaller(seen[.nesting], seen[.reference])
            t.messageWitness = seen[.message]
            pairs[pair, default: .init(from: pair[0], to: pair[1])].absorb(t)
        }
    }

    /// The graph of the executions added so far.
    public func graph() -> CallGraph {
        CallGraph(executions: executions, hostPairs: Array(hostPairs.values), servicePairs: Array(servicePairs.values), thresholds: thresholds,
                  sendKeys: sendKeys, trailTypes: trailTypes, aliases: aliases)
    }
}
