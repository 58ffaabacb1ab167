extension RedundancyModel {
    /// The most fault points listed in full when an accepted id is unknown; above it, the closest.
    static let listedPoints = 20

    /// Checks that every id of `accepted` (`--accept`) names a fault point of the model, at either
    /// level; throws `HypothesisError.unknownFaultPoints` with the unknown ids (sorted) and the model's
    /// points: all of them when there are at most 20, else the 10 closest to the unknown ids (by edit
    /// distance).
    public func validate(accepted: some Sequence<String>) throws {
        let known = Set(faultPoints.map(\.id))
        let unknown = Set(accepted).subtracting(known).sorted()
        guard !unknown.isEmpty else { return }
        let ids = faultPoints.map(\.id).sorted()
        let closest: [String]
        if ids.count <= Self.listedPoints {
            closest = ids
        } else {
            let scored = ids.map { id in (id, unknown.map { NearestTemplates.similarity($0, id) }.max() ?? 0) }
            closest = scored.sorted { a, b in a.1 != b.1 ? a.1 > b.1 : a.0 < b.0 }.prefix(10).map(\.0)
        }
        throw HypothesisError.unknownFaultPoints(unknown, closest: closest, total: ids.count)
    }
}
