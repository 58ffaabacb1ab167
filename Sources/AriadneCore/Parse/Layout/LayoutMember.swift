/// One layout of a file that mixes several (see `MixedLayout`): lines are tried against each member's
/// `strict` regex in order, then against each one's `record` regex, and the first that fits parses the line.
struct LayoutMember: Sendable {
    /// `timestamp … · message` (the inferred layout's summary) or `host · jsonl` (a pattern behind a prefix).
    let summary: String
    /// The record regex (an inferred layout's header after the timestamp is optional).
    let record: CompiledRegex
    /// The record regex with the whole header required, when it differs from `record`.
    let strict: CompiledRegex?
    /// The pattern the member's timestamps are read with (formats, zone, year) and its execution id rules.
    let timePattern: LogPattern
    /// A pattern that parses the `message` group (a shipped layout behind a source prefix): the member
    /// fits a line only when this pattern reads the message as a record start.
    let body: LogPattern?
    /// Whether the member reads its lines' host from a source prefix (`MixedLayout.hasSourcePrefix`).
    var sourcePrefixed = false
    /// Whether its records are two lines, the second its source's line opening with the level
    /// (`LayoutInferrer.pairsLevelLines`: java.util.logging's default behind a shipper's prefix); that
    /// line's level and text are the record's (`RecordHead.splitPaired`).
    var paired = false
}
