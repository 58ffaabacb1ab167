import AriadneCore
/// A generated system of replicated services spread over three zones, and the supports of its
/// requests: the fault points each observed request used (a lineage-driven fault injection instance).
///
/// Fault points: two global single points of failure (a gateway and a configuration store, on every
/// request), six zone links (a delay on calls from one zone to another) and the replicas of the
/// services (a crash each). Every request runs the core path, then its request class' services:
/// - four core services with one replica per zone: a request uses its home zone's replica;
/// - one core service with replicas in zones 0 and 1 only: zone-2 requests use either at random;
/// - two core services with replicas in two zones: a zone without one uses the next zone's;
/// - class services have 1-2 replicas in each of 2-3 zones: a request uses a home-zone replica,
///   or any replica when its zone has none or when it fails over (one call in ten).
///
/// A call to another zone than the previous call's adds that zone link to the support. Minimal
/// hitting sets of up to three points are then of every size: the global points, pairs such as both
/// replicas of a two-zone service or a replica serving two zones plus one of the third zone's core
/// replicas, and many triples, one core point per zone.
struct ZonedSystem {
    static let zones = 3

    /// The number of fault points.
    let universe: Int
    /// Each service's replicas as (point, zone).
    private(set) var services: [[(point: Int, zone: Int)]] = []
    /// The core services, every request's path, in call order.
    private(set) var core: [Int] = []
    /// Core services whose missing zones use the next zone's replica.
    private(set) var nextZone: Set<Int> = []
    /// The services of each request class, after the core path.
    private(set) var classes: [[Int]] = []
    /// Point of the link from zone `a` to zone `b` at `links[a][b]` (unused on the diagonal).
    private(set) var links: [[Int]] = []

    /// A system of `universe` points with `classes` request classes of 4-7 class services each.
    init(universe: Int, classes classCount: Int, rng: inout SplitMix64) {
        self.universe = universe
        var next = 2
        links = (0..<Self.zones).map { a in
            (0..<Self.zones).map { b in
                guard a != b else { return -1 }
                defer { next += 1 }
                return next
            }
        }
        func add(_ zones: [Int]) -> Int {
            services.append(zones.map { zone in
                defer { next += 1 }
                return (next, zone)
            })
            return services.count - 1
        }
        core = (0..<4).map { _ in add([0, 1, 2]) } + [add([0, 1])]
        let nearest = [add([0, 2]), add([1, 2])]
        core += nearest
        nextZone = Set(nearest)
        var pool: [Int] = []
        while true {
            let zoneCount = [2, 3, 3].randomElement(using: &rng)!
            let zones = Array(0..<Self.zones).shuffled(using: &rng).prefix(zoneCount).sorted()
            let replicas = zones.flatMap { zone in Array(repeating: zone, count: [1, 1, 2].randomElement(using: &rng)!) }
            if next + replicas.count > universe { break }
            pool.append(add(replicas))
        }
        if next < universe { pool.append(add((0..<(universe - next)).map { $0 % Self.zones })) }
        classes = (0..<classCount).map { _ in
            Array(pool.shuffled(using: &rng).prefix(Int.random(in: 4...7, using: &rng)))
        }
    }

    /// The fault points one request of a random class and home zone uses.
    func request(rng: inout SplitMix64) -> [Int] {
        let home = Int.random(in: 0..<Self.zones, using: &rng)
        let path = core + classes[Int.random(in: 0..<classes.count, using: &rng)]
        var points: Set<Int> = [0, 1]
        var zone = home
        for service in path {
            let replicas = services[service]
            let local = replicas.filter { $0.zone == home }
            let failover = !core.contains(service) && Int.random(in: 0..<10, using: &rng) == 0
            let chosen: (point: Int, zone: Int)
            if !local.isEmpty && !failover {
                chosen = local.randomElement(using: &rng)!
            } else if nextZone.contains(service), let near = replicas.first(where: { $0.zone == (home + 1) % Self.zones }) {
                chosen = near
            } else {
                chosen = replicas.randomElement(using: &rng)!
            }
            points.insert(chosen.point)
            if chosen.zone != zone { points.insert(links[zone][chosen.zone]) }
            zone = chosen.zone
        }
        return points.sorted()
    }
}
