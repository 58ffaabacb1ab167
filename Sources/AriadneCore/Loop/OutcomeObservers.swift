/// The hosts that log an outcome: its observers. Crashing an observer removes the outcome by
/// definition and says nothing about the system's redundancy (Molly checks invariants at the client
/// the same way), so the loop does not propose it unless asked.
public enum OutcomeObservers {
    /// The crash points (role level, and concrete) of hosts that log a good occurrence of an outcome of
    /// `model` in `executions`, and never play a role that another host logs nothing for: the points to
    /// accept rather than propose. Sorted.
    public static func crashPoints<Executions: RandomAccessCollection>(model: RedundancyModel, executions: Executions) throws -> [String]
    where Executions.Element == Execution, Executions.Index == Int {
        var observers: Set<String> = []
        let outcomes = try model.outcomes.map { outcome in
            let spec = outcome.outcome
            return (spec, try EventMatcher(spec.pattern, exactType: RedundancyModel.isType(spec.pattern, in: executions)))
        }
        // One pass for every outcome, on all cores (each part with matchers of its own); a host already
        // known needs no more matching.
        ExecutionParts.fold(executions, share: ExecutionParts.smallShare, tally: { part in
            let matchers = outcomes.map { spec, matcher in (spec, matcher.copy()) }
            var found: Set<String> = []
            for execution in part {
                for event in execution.events {
                    guard let host = event.host, !found.contains(host),
                          matchers.contains(where: { spec, matcher in spec.counts(onHost: host) && matcher.match(event) != nil }),
                          LogSignals.failureSignal(event) == nil else { continue }
                    found.insert(host)
                }
            }
            return found
        }, absorb: { observers.formUnion($0) })
        let concrete = Set(observers.map { "crash:host:\($0)" })
        var roles: [String: Bool] = [:]
        for outcome in model.outcomes {
            // Each distinct bindings once (an archive's classes have millions of members, a few thousand bindings).
            for bindings in outcome.classes.flatMap(\.executions.distinctBindings) {
                for (role, point) in bindings where role.hasPrefix("crash:") {
                    roles[role] = (roles[role] ?? true) && concrete.contains(point)
                }
            }
        }
        let known = Set(model.faultPoints.map(\.id))
        let points = concrete.filter(known.contains).union(roles.filter(\.value).map(\.key))
        return points.sorted()
    }
}
