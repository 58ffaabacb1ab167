extension LogPattern {
    /// The kinds of execution id this pattern's `execution_ids` rules name, in rule order, without repeats.
    public var executionIDKinds: [String] {
        var kinds: [String] = []
        for rule in executionIDs where !kinds.contains(rule.kind) { kinds.append(rule.kind) }
        return kinds
    }
}
