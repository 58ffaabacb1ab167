/// Builds a `CausalModel` from executions, one at a time, in time linear in the number of executions.
///
/// For each execution it computes the per-type facts: the count of each type (multiplicity) and, for
/// every ordered pair (a, b) of present types, one of three statuses under `ExecutionOrder` (per
/// execution bound, see `InferenceOptions`):
/// - supports a → b: every b is preceded by some a (each b has an a that could have caused it);
/// - contradicts a → b: some b precedes every a (that b happened before any a);
/// - neutral otherwise (the events are concurrent within the bound).
/// Executions with the same facts share a shape; only one entry per distinct shape is kept (a weight,
/// the smallest execution id and the lines that witness its facts), so memory does not grow with the
/// number of executions once shapes repeat. Type sets and precedence are bit sets over the execution's
/// types. The pairwise precedence test is quadratic in an execution's event count.
public final class ModelBuilder {
    /// The settings every execution is inferred with.
    public let options: InferenceOptions
    var typeIndex: [String: Int32] = [:]
    var typeNames: [String] = []
    private var hostIndex: [String: Int32] = [:]
    var shapes: [ShapeKey: Shape] = [:]
    var shapeList: [Shape] = []
    /// Executions added so far.
    public private(set) var executions = 0
    var eventCount = 0
    var resolutions: [Int64: Int] = [:]
    /// Every execution's call/return nestings between hosts (`OffsetObservation`), kept for the model.
    var clockConstraints = ClockConstraints()
    var hostNames: [String] = []
    /// Per host index, its index in `clocks` (-1: not estimated), filled as hosts appear.
    private var clockIndexOf: [Int] = []
    var convergence: [CausalModel.ConvergencePoint] = []
    private var nextCheckpoint = 1
    private var localOf: [Int32] = []
    private var precededBy: [UInt64] = []
    private var precedesCount: [Int32] = []

    /// Creates an empty builder.
    public init(options: InferenceOptions = InferenceOptions()) {
        self.options = options
    }

    /// Estimated clocks that order events of different hosts (see `ExecutionOrder`); ignored when
    /// `options.skew` is set, since an explicit skew wins. Set before the first execution is added.
    public var clocks: HostClocks? {
        didSet { clockIndexOf = [] }
    }

    /// Hosts' own timestamp resolutions (see `ExecutionOrder.hostResolutions`): a host stamping coarser
    /// than the rest of an execution is ordered by its own. Set before the first execution is added.
    public var hostResolutions: [String: Int64] = [:] {
        didSet { coarseness = [] }
    }
    /// Per host index, its resolution in `hostResolutions` (0: unknown), filled as hosts appear.
    private var coarseness: [Int64] = []

    /// Number of distinct execution shapes kept.
    public var shapeCount: Int { shapes.count }

    /// Adds one execution (executions without events are ignored); `namings` are its records naming
    /// other hosts (`ExecutionCalls.namings`), found here when not given.
    public func add(_ execution: Execution, namings: [ExecutionCalls.Naming]? = nil) {
        let events = execution.events
        let n = events.count
        guard n > 0 else { return }
        var types = [Int32](repeating: 0, count: n)
        var times = [Int64](repeating: .min, count: n)
        var hosts = [Int32](repeating: -1, count: n)
        var recentTypes: [(name: String, index: Int32)] = [], recentHosts: [(name: String, index: Int32)] = []
        for i in 0..<n {
            let type = events[i].type
            if let hit = recentTypes.first(where: { $0.name == type }) {
                types[i] = hit.index
            } else {
                types[i] = intern(type: type)
                if recentTypes.count < 8 { recentTypes.append((type, types[i])) }
            }
            if let t = events[i].time { times[i] = t }
            if let h = events[i].host {
                if let hit = recentHosts.first(where: { $0.name == h }) {
                    hosts[i] = hit.index
                } else {
                    hosts[i] = intern(host: h)
                    if recentHosts.count < 8 { recentHosts.append((h, hosts[i])) }
                }
            }
        }
        let resolution = ExecutionOrder.resolution(of: times.lazy.filter { $0 != .min })
        resolutions[resolution, default: 0] += 1
        let bound = options.bound(resolution: resolution)
        let spans = RecordDuration.withStarts(hosts: hosts, times: times, events: events)
        clockConstraints.add(hosts: spans.hosts, times: spans.times, names: hostNames, namings: namings ?? ExecutionCalls.namings(events))
        // Hosts of this execution as slots 1...m (0: no host), and the bound between each pair of slots.
        var slots: [Int32] = []
        var slotOf = [Int](repeating: 0, count: n)
        for i in 0..<n where hosts[i] >= 0 {
            if let s = slots.firstIndex(of: hosts[i]) {
                slotOf[i] = s + 1
            } else {
                slots.append(hosts[i])
                slotOf[i] = slots.count
            }
        }
        let m = slots.count
        var pairBound = [Int64](repeating: bound, count: m * m)
        if !hostResolutions.isEmpty {
            for x in 0..<m {
                let coarser = hostResolution(of: slots[x])
                guard coarser > resolution else { continue }
                for y in 0..<m where y != x { pairBound[x * m + y] = ExecutionOrder.coarsened(bound, resolution: resolution, by: coarser) }
            }
        }
        if let clocks, options.skew == nil {
            let estimated = slots.map { clockIndex(of: $0, in: clocks) }
            for x in 0..<m where estimated[x] >= 0 {
                for y in 0..<m where y != x && estimated[y] >= 0 {
                    if let upper = clocks.upperBound(estimated[x], estimated[y]) {
                        pairBound[x * m + y] = upper.saturatingAdd(clocks.resolution(estimated[x]) ?? resolution)
                    }
                }
            }
        }

        var localOf = self.localOf
        self.localOf = []
        var present: [Int32] = []
        for t in types where localOf[Int(t)] < 0 {
            localOf[Int(t)] = 0
            present.append(t)
        }
        present.sort()
        let k = present.count
        for (i, t) in present.enumerated() { localOf[Int(t)] = Int32(i) }
        var local = [Int32](repeating: 0, count: n)
        var counts = [Int32](repeating: 0, count: k)
        for i in 0..<n {
            let l = localOf[Int(types[i])]
            local[i] = l
            counts[Int(l)] += 1
        }
        for t in present { localOf[Int(t)] = -1 }
        self.localOf = localOf

        let words = (k + 63) >> 6
        var precededBy = self.precededBy, precedesCount = self.precedesCount
        self.precededBy = []
        self.precedesCount = []
        defer {
            self.precededBy = precededBy
            self.precedesCount = precedesCount
        }
        if precededBy.count < n * words { precededBy = [UInt64](repeating: 0, count: n * words) }
        if precedesCount.count < n * k { precedesCount = [Int32](repeating: 0, count: n * k) }
        var status = [UInt8](repeating: 0, count: k * k)
        var counterWitness = [Int32](repeating: -1, count: k * k)
        precededBy.withUnsafeMutableBufferPointer { pb in
            precedesCount.withUnsafeMutableBufferPointer { pc in
                for i in 0..<(n * words) { pb[i] = 0 }
                for i in 0..<(n * k) { pc[i] = 0 }
                for x in 0..<n {
                    let hx = hosts[x], tx = times[x], lx = Int(local[x]), sx = slotOf[x]
                    let bit: UInt64 = 1 << UInt64(lx & 63), word = lx >> 6
                    for y in 0..<n where y != x {
                        let ty = times[y]
                        let before: Bool
                        if hx >= 0 && hx == hosts[y] {
                            before = (tx != .min && ty != .min && tx != ty) ? tx < ty : x < y
                        } else {
                            let sy = slotOf[y]
                            before = tx != .min && ty != .min && ty.exceeds(tx, by: sx > 0 && sy > 0 ? pairBound[(sx - 1) * m + sy - 1] : bound)
                        }
                        if before {
                            pb[y * words + word] |= bit
                            pc[x * k + Int(local[y])] += 1
                        }
                    }
                }
                var common = [UInt64](repeating: ~0, count: k * words)
                for y in 0..<n {
                    let b = Int(local[y])
                    for w in 0..<words { common[b * words + w] &= pb[y * words + w] }
                    for a in 0..<k where a != b && counterWitness[a * k + b] < 0 && pc[y * k + a] == counts[a] {
                        counterWitness[a * k + b] = Int32(y)
                    }
                }
                for a in 0..<k {
                    for b in 0..<k where a != b {
                        if common[b * words + (a >> 6)] & (1 << UInt64(a & 63)) != 0 {
                            status[a * k + b] = 1
                        } else if counterWitness[a * k + b] >= 0 {
                            status[a * k + b] = 2
                        }
                    }
                }
            }
        }

        var key = [UInt64](repeating: 0, count: 1 + k + (2 * k * k + 63) / 64)
        key[0] = UInt64(k)
        for i in 0..<k { key[1 + i] = UInt64(present[i]) << 32 | UInt64(counts[i]) }
        for (p, s) in status.enumerated() where s != 0 {
            key[1 + k + (2 * p) / 64] |= UInt64(s) << UInt64((2 * p) % 64)
        }
        let shapeKey = ShapeKey(words: key)
        let shape: Shape
        if let existing = shapes[shapeKey] {
            shape = existing
        } else {
            shape = Shape(types: present, counts: counts, status: status, id: execution.id)
            shapes[shapeKey] = shape
            shapeList.append(shape)
            shape.setWitness(id: execution.id, events: events, local: local, counterWitness: counterWitness)
        }
        if execution.id < shape.id {
            shape.setWitness(id: execution.id, events: events, local: local, counterWitness: counterWitness)
        }
        shape.weight += 1
        executions += 1
        eventCount += n
        if executions == nextCheckpoint {
            convergence.append(convergencePoint())
            nextCheckpoint *= 2
        }
    }

    private func intern(type: String) -> Int32 {
        if let i = typeIndex[type] { return i }
        let i = Int32(typeNames.count)
        typeIndex[type] = i
        typeNames.append(type)
        localOf.append(-1)
        return i
    }

    private func intern(host: String) -> Int32 {
        if let i = hostIndex[host] { return i }
        let i = Int32(hostNames.count)
        hostIndex[host] = i
        hostNames.append(host)
        return i
    }

    private func hostResolution(of host: Int32) -> Int64 {
        while coarseness.count <= Int(host) { coarseness.append(hostResolutions[hostNames[coarseness.count]] ?? 0) }
        return coarseness[Int(host)]
    }

    private func clockIndex(of host: Int32, in clocks: HostClocks) -> Int {
        while clockIndexOf.count <= Int(host) { clockIndexOf.append(clocks.index(of: hostNames[clockIndexOf.count]) ?? -1) }
        return clockIndexOf[Int(host)]
    }

    /// The rejection counters at this point (see `CausalModel.ConvergencePoint`).
    func convergencePoint() -> CausalModel.ConvergencePoint {
        let t = typeNames.count
        var executionsWith = [Int](repeating: 0, count: t)
        var together = [Int: Int]()
        var contradicted = Set<Int>()
        for shape in shapeList {
            let k = shape.types.count
            for i in 0..<k {
                let a = Int(shape.types[i])
                executionsWith[a] += shape.weight
                for j in 0..<k where j != i {
                    let pair = a * t + Int(shape.types[j])
                    together[pair, default: 0] += shape.weight
                    if shape.status[i * k + j] == 2 { contradicted.insert(pair) }
                }
            }
        }
        let coOccurring = together.reduce(0) { $0 + ($1.value == executionsWith[$1.key / t] ? 1 : 0) }
        return CausalModel.ConvergencePoint(
            executions: executions, types: t, contradicted: contradicted.count, together: together.count,
            coOccurring: coOccurring)
    }
}

/// The canonical facts of an execution, packed: type count, (type, count) per type, 2-bit pair statuses.
struct ShapeKey: Hashable {
    var words: [UInt64]
}

/// An ordered pair of names (hosts, or event types) used as a dictionary key.
struct HostPairKey: Hashable {
    var a: String
    var b: String
}

/// One distinct execution shape: its facts, how many executions had it, and the witness lines of the
/// smallest-id execution among them.
final class Shape {
    let types: [Int32]
    let counts: [Int32]
    /// k × k statuses: 1 supports a → b, 2 contradicts a → b, 0 neutral.
    let status: [UInt8]
    var weight = 0
    var id: String
    var firstLine: [String] = []
    var counterLine: [String?] = []

    init(types: [Int32], counts: [Int32], status: [UInt8], id: String) {
        self.types = types
        self.counts = counts
        self.status = status
        self.id = id
    }

    func setWitness(id: String, events: [Event], local: [Int32], counterWitness: [Int32]) {
        self.id = id
        let k = types.count
        var first = [String?](repeating: nil, count: k)
        for (i, l) in local.enumerated() where first[Int(l)] == nil { first[Int(l)] = events[i].source.description }
        firstLine = first.map { $0! }
        counterLine = counterWitness.map { $0 >= 0 ? events[Int($0)].source.description : nil }
    }
}
