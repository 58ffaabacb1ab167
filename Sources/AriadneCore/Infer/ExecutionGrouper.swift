import Dispatch

/// Groups a stream of events into executions by their (linked) execution ids.
///
/// Feed events one at a time with `add(_:)`; it returns the executions the event's time closed. `finish()`
/// flushes the rest. Semantics:
/// - Linking: ids that appear together on one record belong to one execution, transitively (a union of
///   id sets). With `groupBy` only ids of those kinds are used. Without it, an id value of ten or more hex
///   digits with a letter and a digit (a UUID with or without its dashes, any case: `identity(of:)`) is one
///   identity whatever kind names it: a carrier's `message_id=B3F5A5AA9C` and its receipt's `id:b3f5a5aa9c` link.
/// - Guard: an id value that would link more than `maxPartners` other id values (counted as the ids a
///   record brings into its execution that were not there yet) is refused as shared: its execution is split
///   back into the components the remaining ids connect, and it never links again. Events whose ids are
///   all refused are counted, not grouped. Refusals are listed in `report`.
/// - Idle timeout: the log clock is the latest event time seen (events without time happen "now"); an
///   execution closes when the clock is more than `idleTimeout` past its last event. A closed execution's
///   ids are forgotten, so memory stays bounded on endless streams; a later record with one of its ids
///   starts a new execution.
/// - Window: with `windowEvents` an execution closes once that many events have been added after its
///   last one (files and streams alike), so memory holds the executions active in the window, not the
///   whole input. Its ids are remembered (as 64-bit hashes); a later event carrying one of them is late:
///   it is counted in `report` (`lateEvents`, `firstLate`) and not grouped, never merged into another
///   execution nor made a new one. A larger window (or none) takes it in. Executions the window closes
///   are handed out in the order of their first events, as `finish()` would: each is held back (packed)
///   while an open execution began before it, up to `maxHeld` of them.
/// - Streams: with `idleWallClock` an execution also closes after that much wall-clock time without a new
///   event, and with `maxOpenExecutions` the least recently active executions close first once more are
///   open; both are counted in `report`. The wall clock is injectable for tests.
/// - Output: closed executions come out ordered by their first event's input position; each execution's
///   events are in input order, its `ids` sorted, its `id` the smallest of them.
public final class ExecutionGrouper {
    /// The options this grouper was made with.
    public let options: GroupingOptions
    private final class Component {
        /// Events are held packed while the execution is open (see `PackedEvent`).
        var events: [(position: Int, packed: PackedEvent)] = []
        var ids: [ExecutionID] = []
        /// The identities (`identity(of:)`) of its ids' values.
        var identities: [String] = []
        var lastTime: Int64 = .min
        /// Input positions of its first and last events.
        var firstPosition = Int.max
        var lastPosition = 0
        /// Wall-clock time of its last event, and its neighbours in the least-recently-active list.
        var lastWall: Int64 = 0
        var older: Int?
        var newer: Int?
    }
    private var components: [Int: Component] = [:]
    private var componentOf: [ExecutionID: Int] = [:]
    /// The open execution holding each identity (`identity(of:)`).
    private var componentOfIdentity: [String: Int] = [:]
    private var partners: [ExecutionID: Int] = [:]
    private var refused: Set<ExecutionID> = []
    private var nextComponent = 0
    private var position = 0
    private var clock: Int64?
    private var idleHeap = TimeHeap()
    private var kindLinks: [[String]: Int] = [:]
    private var linkReport = LinkReport()
    private let wallClock: () -> Int64
    /// Whether executions are kept in least-recently-active order (only when a stream limit needs it).
    private let tracksActivity: Bool
    private var oldest: Int?
    private var newest: Int?
    private let strings = EventStrings()
    /// Every touch of an execution as (position, component), oldest first from `touchesHead`: the
    /// executions the window closes are found at its front.
    private var touches: [(position: Int, component: Int)] = []
    private var touchesHead = 0
    /// Hashes of the ids of executions the window closed (see `idHash`).
    private var closedIDs: Set<UInt64> = []
    /// Open executions by first position (entries of closed or merged ones are skipped when met).
    private var firstHeap = TimeHeap()
    /// Executions the window closed, held back until no open execution began before them.
    private var held: [Int: Component] = [:]
    private var heldHeap = TimeHeap()
    /// At most this many closed executions are held back for order; beyond, the earliest go out.
    static let maxHeld = 20_000

    /// Creates a grouper. `wallClock` gives monotonic nanoseconds (tests inject their own).
    public init(options: GroupingOptions = GroupingOptions(), wallClock: @escaping () -> Int64 = ExecutionGrouper.monotonicNanoseconds) {
        self.options = options
        self.wallClock = wallClock
        tracksActivity = options.idleWallClock != nil || options.maxOpenExecutions != nil
    }

    /// The system's monotonic clock in nanoseconds.
    public static func monotonicNanoseconds() -> Int64 {
        Int64(clamping: DispatchTime.now().uptimeNanoseconds)
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
        if !closedIDs.isEmpty, ids.contains(where: { componentOf[$0] == nil && closedIDs.contains(Self.idHash($0)) }) {
            linkReport.lateEvents += 1
            if linkReport.firstLate == nil { linkReport.firstLate = event.source }
            return closeIdle()
        }
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
        // Kinds named by `groupBy` are taken as named: a value under two of them links only by an alias.
        let identities = options.groupBy == nil ? ids.compactMap { Self.identity(of: $0.value) } : []
        for identity in identities { if let c = componentOfIdentity[identity], !found.contains(c) { found.append(c) } }
        let target: Int
        if found.isEmpty {
            target = nextComponent
            nextComponent += 1
            components[target] = Component()
            if options.windowEvents != nil { firstHeap.push(time: Int64(position), component: target) }
        } else {
            target = found.max { components[$0]!.events.count < components[$1]!.events.count }!
        }
        let into = components[target]!
        for c in found where c != target {
            unlink(c)
            let from = components.removeValue(forKey: c)!
            into.events.append(contentsOf: from.events)
            for id in from.ids { componentOf[id] = target }
            into.ids.append(contentsOf: from.ids)
            for identity in from.identities { componentOfIdentity[identity] = target }
            into.identities.append(contentsOf: from.identities)
            into.lastTime = max(into.lastTime, from.lastTime)
            if from.firstPosition < into.firstPosition {
                into.firstPosition = from.firstPosition
                if options.windowEvents != nil { firstHeap.push(time: Int64(into.firstPosition), component: target) }
            }
        }
        for id in ids where componentOf[id] == nil {
            componentOf[id] = target
            into.ids.append(id)
        }
        for identity in identities where componentOfIdentity[identity] == nil {
            componentOfIdentity[identity] = target
            into.identities.append(identity)
        }
        into.events.append((position, PackedEvent(event, strings: strings)))
        into.lastPosition = position
        into.firstPosition = min(into.firstPosition, position)
        if options.windowEvents != nil { touches.append((position, target)) }
        if tracksActivity {
            unlink(target)
            link(target, wall: options.idleWallClock != nil ? wallClock() : 0)
        }
        if let now = event.time ?? clock {
            into.lastTime = max(into.lastTime, now)
            if options.idleTimeout != nil { idleHeap.push(time: into.lastTime, component: target) }
        }
        return closeIdle()
    }

    /// Closes and returns every open execution.
    public func finish() -> [Execution] {
        var all: [Execution] = []
        finish(batchSize: .max) { all += $0 }
        return all
    }

    /// Closes every open execution, handing them to `body` in batches of at most `batchSize`, in the
    /// order `finish()` returns them; only one batch is unpacked at a time.
    public func finish(batchSize: Int, _ body: ([Execution]) -> Void) {
        let keys = (components.map { key, c in (key: key, first: c.events.lazy.map(\.position).min() ?? 0) }
            + held.map { key, c in (key: key, first: c.firstPosition) })
            .sorted { $0.first < $1.first }.map(\.key)
        idleHeap = TimeHeap()
        firstHeap = TimeHeap()
        heldHeap = TimeHeap()
        touches = []
        touchesHead = 0
        var start = 0
        while start < keys.count {
            let end = start + min(batchSize, keys.count - start)
            body(keys[start..<end].map { key in held.removeValue(forKey: key).map { execution(of: $0).1 } ?? close(key).1 })
            start = end
        }
        oldest = nil
        newest = nil
    }

    /// Closes and returns the executions the limits close now: log-time idleness, wall-clock idleness,
    /// then the cap on open executions (least recently active first). `add(_:)` calls it; call it on a
    /// live stream while no events arrive so wall-clock idleness still closes executions.
    public func closeIdle() -> [Execution] {
        var closed: [(Int, Execution)] = []
        if let window = options.windowEvents {
            while touchesHead < touches.count, position - touches[touchesHead].position > window {
                let touch = touches[touchesHead]
                touchesHead += 1
                guard let c = components[touch.component], c.lastPosition == touch.position else { continue }
                for id in c.ids { closedIDs.insert(Self.idHash(id)) }
                held[touch.component] = detach(touch.component)
                heldHeap.push(time: Int64(c.firstPosition), component: touch.component)
                linkReport.closedByWindow += 1
            }
            if touchesHead > 4096, touchesHead * 2 > touches.count {
                touches.removeFirst(touchesHead)
                touchesHead = 0
            }
            closed += releaseHeld()
        }
        if let idle = options.idleTimeout, let now = clock {
            while let top = idleHeap.top, now.exceeds(top.time, by: idle) {
                idleHeap.pop()
                guard let c = components[top.component], c.lastTime == top.time else { continue }
                closed.append(close(top.component))
            }
            if idleHeap.count > 2 * components.count + 1024 { rebuildIdleHeap() }
        }
        if let idle = options.idleWallClock, let first = oldest {
            let now = wallClock()
            var next: Int? = first
            while let key = next, now.exceeds(components[key]!.lastWall, by: idle) {
                next = components[key]!.newer
                closed.append(close(key))
                linkReport.closedByWallClock += 1
            }
        }
        if let cap = options.maxOpenExecutions {
            while components.count > cap, let key = oldest {
                closed.append(close(key))
                linkReport.closedByOpenCap += 1
            }
        }
        return ordered(closed)
    }

    /// Drops the stale entries of the idle heap, so it stays proportional to the open executions even
    /// when log time stands still.
    private func rebuildIdleHeap() {
        idleHeap = TimeHeap()
        for (key, c) in components where c.lastTime != .min { idleHeap.push(time: c.lastTime, component: key) }
    }

    /// Appends `key` as the most recently active execution.
    private func link(_ key: Int, wall: Int64) {
        let c = components[key]!
        c.lastWall = wall
        c.older = newest
        c.newer = nil
        if let n = newest { components[n]!.newer = key } else { oldest = key }
        newest = key
    }

    /// Removes `key` from the least-recently-active list (no-op when activity is not tracked).
    private func unlink(_ key: Int) {
        guard tracksActivity, let c = components[key] else { return }
        if let o = c.older { components[o]!.newer = c.newer } else if oldest == key { oldest = c.newer }
        if let n = c.newer { components[n]!.older = c.older } else if newest == key { newest = c.older }
        c.older = nil
        c.newer = nil
    }

    private func ordered(_ list: [(Int, Execution)]) -> [Execution] {
        list.sorted { $0.0 < $1.0 }.map(\.1)
    }

    private func close(_ key: Int) -> (Int, Execution) {
        execution(of: detach(key))
    }

    /// Removes open execution `key`, forgetting its ids, and counts it as handed out.
    private func detach(_ key: Int) -> Component {
        unlink(key)
        let c = components.removeValue(forKey: key)!
        for id in c.ids {
            componentOf[id] = nil
            partners[id] = nil
        }
        for identity in c.identities { componentOfIdentity[identity] = nil }
        linkReport.executions += 1
        return c
    }

    /// The execution of a detached component, with its first event's position.
    private func execution(of c: Component) -> (Int, Execution) {
        c.events.sort { $0.position < $1.position }
        let ids = c.ids.sorted()
        let packed = c.events.map(\.packed)
        return (c.events[0].position, Execution(id: ids[0].description, ids: ids, events: packed.map { $0.unpacked(with: strings) },
                                                packed: PackedEvents(strings: strings, events: packed)))
    }

    /// The held executions no open execution began before (and the earliest beyond `maxHeld`).
    private func releaseHeld() -> [(Int, Execution)] {
        if firstHeap.count > 2 * components.count + 1024 {
            firstHeap = TimeHeap()
            for (key, c) in components { firstHeap.push(time: Int64(c.firstPosition), component: key) }
        }
        guard !held.isEmpty else { return [] }
        while let top = firstHeap.top, components[top.component]?.firstPosition != Int(top.time) { firstHeap.pop() }
        let bound = firstHeap.top.map { Int($0.time) } ?? .max
        var out: [(Int, Execution)] = []
        while let top = heldHeap.top, Int(top.time) < bound || held.count > Self.maxHeld {
            heldHeap.pop()
            out.append(execution(of: held.removeValue(forKey: top.component)!))
        }
        return out
    }

    /// The identity of an id value that names one thing whatever kind a record gives it: ten or more hex
    /// digits with a letter and a digit among them (dashes allowed, as in a UUID), lower-cased without
    /// its dashes; nil for any other value (a number or a short word may mean different things to
    /// different kinds).
    static func identity(of value: String) -> String? {
        guard let count = IDDiscovery.hexLength(value), count >= 10 else { return nil }
        let digits = IDDiscovery.hexDigits(value)
        guard digits.utf8.contains(where: { $0 <= 57 }), digits.utf8.contains(where: { $0 >= 97 }) else { return nil }
        return digits
    }

    /// A stable 64-bit hash (FNV-1a) of an id's kind and value bytes: the same in every run.
    static func idHash(_ id: ExecutionID) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.kind.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash = (hash ^ 0xff) &* 0x100_0000_01b3
        for byte in id.value.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    /// Refuses `id` and splits its execution into the parts the remaining ids connect.
    private func refuse(_ id: ExecutionID, partners count: Int, at source: SourceLocation) {
        refused.insert(id)
        partners[id] = nil
        linkReport.refused.append(LinkReport.RefusedID(id: id, partners: count, at: source))
        guard let key = componentOf.removeValue(forKey: id) else { return }
        unlink(key)
        let old = components.removeValue(forKey: key)!
        for identity in old.identities { componentOfIdentity[identity] = nil }
        var parent: [ExecutionID: ExecutionID] = [:]
        func find(_ x: ExecutionID) -> ExecutionID {
            var x = x
            while let p = parent[x], p != x { x = p }
            return x
        }
        for other in old.ids where other != id { parent[other] = other }
        var keep: [(position: Int, packed: PackedEvent, time: Int64?, root: ExecutionID)] = []
        for (position, packed) in old.events {
            let event = packed.unpacked(with: strings)
            let linked = event.executionIDs.filter { parent[$0] != nil }
            guard let first = linked.first else {
                linkReport.eventsWithOnlySharedIDs += 1
                continue
            }
            for other in linked.dropFirst() {
                let (a, b) = (find(first), find(other))
                if a != b { parent[b] = a }
            }
            keep.append((position, packed, event.time, first))
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
            if options.groupBy == nil, let identity = Self.identity(of: other.value), componentOfIdentity[identity] == nil {
                componentOfIdentity[identity] = k
                components[k]!.identities.append(identity)
            }
        }
        for item in keep {
            let c = components[newKey[find(item.root)]!]!
            c.events.append((item.position, item.packed))
            if let t = item.time { c.lastTime = max(c.lastTime, t) }
        }
        for k in Set(newKey.values).sorted() {
            let c = components[k]!
            if c.events.isEmpty {
                for other in c.ids { componentOf[other] = nil }
                for identity in c.identities { componentOfIdentity[identity] = nil }
                components[k] = nil
                continue
            }
            if tracksActivity { link(k, wall: old.lastWall) }
            if c.lastTime == .min { c.lastTime = old.lastTime }
            c.lastPosition = c.events.map(\.position).max() ?? old.lastPosition
            c.firstPosition = c.events.map(\.position).min() ?? old.firstPosition
            if options.windowEvents != nil {
                touches.append((c.lastPosition, k))
                firstHeap.push(time: Int64(c.firstPosition), component: k)
            }
            if options.idleTimeout != nil { idleHeap.push(time: c.lastTime, component: k) }
        }
    }
}
