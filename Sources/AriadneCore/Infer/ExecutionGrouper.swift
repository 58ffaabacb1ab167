/// Groups a stream of events into executions by their (linked) execution ids.
///
/// Feed events one at a time with `add(_:)`; it returns the executions the event's time closed. `finish()`
/// flushes the rest. Semantics:
/// - Linking: ids that appear together on one record belong to one execution, transitively (a union of
///   id sets). With `groupBy` only ids of those kinds are used.
/// - Guard: an id value that would link more than `maxPartners` other id values (counted as the ids a
///   record brings into its execution that were not there yet) is refused as shared: its execution is split
///   back into the components the remaining ids connect, and it never links again. Events whose ids are
///   all refused are counted, not grouped. Refusals are listed in `report`.
/// - Idle timeout: the log clock is the latest event time seen (events without time happen "now"); an
///   execution closes when the clock is more than `idleTimeout` past its last event. A closed execution's
///   ids are forgotten, so memory stays bounded on endless streams; a later record with one of its ids
///   starts a new execution.
/// - Output: closed executions come out ordered by their first event's input position; each execution's
///   events are in input order, its `ids` sorted, its `id` the smallest of them.
public final class ExecutionGrouper {
    /// The options this grouper was made with.
    public let options: GroupingOptions
    private final class Component {
        var events: [(position: Int, event: Event)] = []
        var ids: [ExecutionID] = []
        var lastTime: Int64 = .min
    }
    private var components: [Int: Component] = [:]
    private var componentOf: [ExecutionID: Int] = [:]
    private var partners: [ExecutionID: Int] = [:]
    private var refused: Set<ExecutionID> = []
    private var nextComponent = 0
    private var position = 0
    private var clock: Int64?
    private var idleHeap = TimeHeap()
    private var kindLinks: [[String]: Int] = [:]
    private var linkReport = LinkReport()

    /// Creates a grouper.
    public init(options: GroupingOptions = GroupingOptions()) {
        self.options = options
    }

    /// What has been linked and refused so far.
    public var report: LinkReport {
        var r = linkReport
        r.kindLinks = kindLinks.sorted { $0.key.lexicographicallyPrecedes($1.key) }
            .map { LinkReport.KindLink(kinds: $0.key, records: $0.value) }
        return r
    }

    /// Number of executions currently open.
    public var openExecutions: Int { components.count }

    /// Adds one event; returns the executions that are now closed by the idle timeout.
    public func add(_ event: Event) -> [Execution] {
        position += 1
        linkReport.events += 1
        if let t = event.time { clock = max(clock ?? t, t) }
        var ids: [ExecutionID] = []
        for id in event.executionIDs where options.groupBy?.contains(id.kind) ?? true {
            if !ids.contains(id) { ids.append(id) }
        }
        if ids.isEmpty {
            linkReport.eventsWithoutID += 1
            return closeIdle()
        }
        var kinds: [String] = []
        for id in ids where !kinds.contains(id.kind) { kinds.append(id.kind) }
        for kind in kinds { linkReport.recordsPerKind[kind, default: 0] += 1 }
        ids.removeAll { refused.contains($0) }
        for id in ids {
            let mine = componentOf[id]
            let newcomers = ids.reduce(0) { n, other in
                other != id && (mine == nil || componentOf[other] != mine) ? n + 1 : n
            }
            let total = partners[id, default: 0] + newcomers
            if total > options.maxPartners {
                refuse(id, partners: total, at: event.source)
            } else {
                partners[id] = total
            }
        }
        ids.removeAll { refused.contains($0) }
        if ids.isEmpty {
            linkReport.eventsWithOnlySharedIDs += 1
            return closeIdle()
        }
        let linkedKinds = Array(Set(ids.map(\.kind))).sorted()
        if linkedKinds.count > 1 {
            for i in 0..<linkedKinds.count {
                for j in (i + 1)..<linkedKinds.count { kindLinks[[linkedKinds[i], linkedKinds[j]], default: 0] += 1 }
            }
        }
        var found: [Int] = []
        for id in ids { if let c = componentOf[id], !found.contains(c) { found.append(c) } }
        let target: Int
        if found.isEmpty {
            target = nextComponent
            nextComponent += 1
            components[target] = Component()
        } else {
            target = found.max { components[$0]!.events.count < components[$1]!.events.count }!
        }
        let into = components[target]!
        for c in found where c != target {
            let from = components.removeValue(forKey: c)!
            into.events.append(contentsOf: from.events)
            for id in from.ids { componentOf[id] = target }
            into.ids.append(contentsOf: from.ids)
            into.lastTime = max(into.lastTime, from.lastTime)
        }
        for id in ids where componentOf[id] == nil {
            componentOf[id] = target
            into.ids.append(id)
        }
        into.events.append((position, event))
        if let now = event.time ?? clock {
            into.lastTime = max(into.lastTime, now)
            if options.idleTimeout != nil { idleHeap.push(time: into.lastTime, component: target) }
        }
        return closeIdle()
    }

    /// Closes and returns every open execution.
    public func finish() -> [Execution] {
        let all = components.keys.map { close($0) }
        idleHeap = TimeHeap()
        return ordered(all)
    }

    private func closeIdle() -> [Execution] {
        guard let idle = options.idleTimeout, let now = clock else { return [] }
        var closed: [(Int, Execution)] = []
        while let top = idleHeap.top, now.exceeds(top.time, by: idle) {
            idleHeap.pop()
            guard let c = components[top.component], c.lastTime == top.time else { continue }
            closed.append(close(top.component))
        }
        return ordered(closed)
    }

    private func ordered(_ list: [(Int, Execution)]) -> [Execution] {
        list.sorted { $0.0 < $1.0 }.map(\.1)
    }

    private func close(_ key: Int) -> (Int, Execution) {
        let c = components.removeValue(forKey: key)!
        for id in c.ids {
            componentOf[id] = nil
            partners[id] = nil
        }
        c.events.sort { $0.position < $1.position }
        let ids = c.ids.sorted()
        linkReport.executions += 1
        return (c.events[0].position, Execution(id: ids[0].description, ids: ids, events: c.events.map(\.event)))
    }

    /// Refuses `id` and splits its execution into the parts the remaining ids connect.
    private func refuse(_ id: ExecutionID, partners count: Int, at source: SourceLocation) {
        refused.insert(id)
        partners[id] = nil
        linkReport.refused.append(LinkReport.RefusedID(id: id, partners: count, at: source))
        guard let key = componentOf.removeValue(forKey: id) else { return }
        let old = components.removeValue(forKey: key)!
        var parent: [ExecutionID: ExecutionID] = [:]
        func find(_ x: ExecutionID) -> ExecutionID {
            var x = x
            while let p = parent[x], p != x { x = p }
            return x
        }
        for other in old.ids where other != id { parent[other] = other }
        var keep: [(position: Int, event: Event, root: ExecutionID)] = []
        for (position, event) in old.events {
            let linked = event.executionIDs.filter { parent[$0] != nil }
            guard let first = linked.first else {
                linkReport.eventsWithOnlySharedIDs += 1
                continue
            }
            for other in linked.dropFirst() {
                let (a, b) = (find(first), find(other))
                if a != b { parent[b] = a }
            }
            keep.append((position, event, first))
        }
        var newKey: [ExecutionID: Int] = [:]
        for other in old.ids where other != id {
            let root = find(other)
            let k: Int
            if let existing = newKey[root] {
                k = existing
            } else {
                k = nextComponent
                nextComponent += 1
                newKey[root] = k
                components[k] = Component()
            }
            componentOf[other] = k
            components[k]!.ids.append(other)
        }
        for item in keep {
            let c = components[newKey[find(item.root)]!]!
            c.events.append((item.position, item.event))
            if let t = item.event.time { c.lastTime = max(c.lastTime, t) }
        }
        for (k, c) in components where newKey.values.contains(k) {
            if c.events.isEmpty {
                for other in c.ids { componentOf[other] = nil }
                components[k] = nil
                continue
            }
            if c.lastTime == .min { c.lastTime = old.lastTime }
            if options.idleTimeout != nil { idleHeap.push(time: c.lastTime, component: k) }
        }
    }
}
