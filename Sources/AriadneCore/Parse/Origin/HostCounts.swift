/// Where the hosts and services of an input's events came from (`--stats-json`: `hosts`).
public struct HostCounts: Sendable, Equatable, Codable {
    /// Events whose host is the record's own (a pattern capture or an event rule's host).
    public var fromRecord = 0
    /// Events whose host came from a field of a structured record, per key (`pod`, `kubernetes.pod_name`).
    public var fromFields: [String: Int] = [:]
    /// Events whose host is the input's file name (one file per host).
    public var fromFileName = 0
    /// Events with no host.
    public var none = 0
    /// Events with no service of their own whose service is their host's name without its instance suffix.
    public var servicesFromHostNames = 0

    /// No events yet.
    public init() {}

    /// Adds another input's counts.
    public mutating func add(_ other: HostCounts) {
        fromRecord += other.fromRecord
        fromFields.merge(other.fromFields, uniquingKeysWith: +)
        fromFileName += other.fromFileName
        none += other.none
        servicesFromHostNames += other.servicesFromHostNames
    }

    /// One line saying where hosts came from (`hosts: field pod on 1,200 events, …`), nil when no
    /// event has a host and no service was named from one.
    public var summary: String? {
        var parts: [String] = []
        if fromRecord > 0 { parts.append("the records' own on \(fromRecord)") }
        for (key, count) in fromFields.sorted(by: { $0.key < $1.key }) { parts.append("field \(key) on \(count)") }
        if fromFileName > 0 { parts.append("file names on \(fromFileName)") }
        guard !parts.isEmpty else { return nil }
        var text = "hosts from " + parts.joined(separator: ", ") + " events"
        if none > 0 { text += " (\(none) events without one)" }
        if servicesFromHostNames > 0 { text += "; services from host names on \(servicesFromHostNames) events" }
        return text
    }
}
