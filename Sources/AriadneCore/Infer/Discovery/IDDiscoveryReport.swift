/// What execution-id discovery decided, with the figures that decided it, per kind of candidate.
///
/// JSON (in the model as `id_discovery`, snake_case): `sampled_events`, `kinds` [{`kind`, `source`
/// (`field`, `message_key`, `label`, `prefix`, `shape`), `records`, `values`, `records_per_value`,
/// `hosts`, `span` (median share of the sample's time a value lasts; absent when no value is on two
/// records), `chosen`, `reason` (why it was rejected; absent when chosen), `alias_of` (the chosen kind whose
/// values it carries under another name, its ids then of that kind; absent otherwise), `abbreviates` (with
/// `alias_of`: its values of that many characters are that kind's cut short, `IDDiscovery.abbreviations`;
/// a rejected kind with both is used for those values alone; without `alias_of`: its own values of that many
/// characters are its longer ones cut short; absent otherwise)}], chosen kinds first (by records,
/// most first, then name), then rejected ones closest first (the later the check that rejected them,
/// see `IDDiscovery`), then by records and name; `pattern_kinds` (the id kinds patterns named on other
/// events of the sample, sorted; absent when none did: then the statistics are of every sampled event);
/// `pattern_kinds_dropped` {kind: why} (pattern id kinds coarser than a chosen kind, or of few long-lived
/// values, whose ids are not used; absent when none); `shared_values` {kind: [value]} (values of chosen
/// kinds not used, `sharedValues`; absent when none).
public struct IDDiscoveryReport: Codable, Sendable, Equatable {
    /// Events the statistics were taken from.
    public var sampledEvents: Int
    /// Every kind of candidate seen, chosen first.
    public var kinds: [KindDecision]
    /// The id kinds the patterns named on other events of the sample (nil when none did): the statistics
    /// are then of the events whose pattern named none, and kinds may be these under another name.
    public var patternKinds: [String]?
    /// Pattern id kinds whose ids are not used, each with why: coarser than a chosen kind (a daemon's
    /// pid over the requests it served). Nil when none.
    public var patternKindsDropped: [String: String]?
    /// Values of chosen kinds that are not used: each on many times the records of its kind's usual value
    /// and spanning much of the sample (a table's UUID in every query's lines), which would join every
    /// execution it touches into one. Kind → values, sorted. Nil when none.
    public var sharedValues: [String: [String]]?

    /// Creates a report.
    public init(sampledEvents: Int, kinds: [KindDecision], patternKinds: [String]? = nil) {
        self.sampledEvents = sampledEvents
        self.kinds = kinds
        self.patternKinds = patternKinds
    }

    /// The decision about one kind.
    public struct KindDecision: Codable, Sendable, Equatable {
        /// The kind (field name, message key, label, token prefix, or shape).
        public var kind: String
        /// Where its values were found.
        public var source: IDCandidate.Source
        /// Records carrying a value of it (values that are host names not counted).
        public var records: Int
        /// Distinct values.
        public var values: Int
        /// Mean records per value, rounded to a tenth.
        public var recordsPerValue: Double
        /// Distinct hosts (or services, when records name no host) its values were seen on.
        public var hosts: Int
        /// Median, over the values on two or more records, of the share of the sample a value spans.
        public var span: Double?
        /// Whether its values become execution ids.
        public var chosen: Bool
        /// Why it was rejected.
        public var reason: String?
        /// The chosen kind whose values this one carries under another name (`rid` beside `request_id`):
        /// its values become ids of that kind.
        public var aliasOf: String?
        /// With `aliasOf`: its values are that kind's cut to this many characters (a short id, `[eba630a1]`
        /// for `eba630a1-…`); each becomes the one value of that kind it begins, where one is known.
        public var abbreviates: Int?

        /// Creates a decision.
        public init(kind: String, source: IDCandidate.Source, records: Int, values: Int, recordsPerValue: Double,
                    hosts: Int, span: Double?, chosen: Bool, reason: String?) {
            self.kind = kind
            self.source = source
            self.records = records
            self.values = values
            self.recordsPerValue = recordsPerValue
            self.hosts = hosts
            self.span = span
            self.chosen = chosen
            self.reason = reason
        }

        /// `order: 2,400 values, 6.1 records each, 4 hosts, median span 0.4%: chosen` (hosts left out when none).
        public var line: String {
            var text = "\(kind): \(Self.grouped(values)) value\(values == 1 ? "" : "s"), \(Self.decimal(recordsPerValue)) records each"
            if hosts > 0 { text += ", \(Self.grouped(hosts)) host\(hosts == 1 ? "" : "s")" }
            if let span { text += ", median span \(Self.percent(span))" }
            text += chosen ? (aliasOf.map { other in
                ": chosen (the values of \(other) under another name" + (abbreviates.map { ", or their first \($0) characters" } ?? "") + ")"
            } ?? abbreviates.map { ": chosen (its values of \($0) characters are its longer ones cut short)" } ?? ": chosen")
                : ": rejected (\(reason ?? "no reason"))"
                    + (aliasOf.flatMap { other in abbreviates.map { "; but its values of \($0) characters are \(other)'s cut short" } } ?? "")
            return text
        }

        /// `2,400`.
        static func grouped(_ n: Int) -> String {
            let digits = String(n.magnitude)
            var out = ""
            for (i, c) in digits.enumerated() {
                if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
                out.append(c)
            }
            return (n < 0 ? "-" : "") + out
        }

        /// `1,200.5`: a tenth's precision.
        static func decimal(_ x: Double) -> String {
            let tenths = Int((x * 10).rounded())
            return "\(grouped(tenths / 10)).\(tenths % 10)"
        }

        /// `0.4%`.
        static func percent(_ share: Double) -> String {
            "\(decimal(share * 100))%"
        }
    }

    /// The chosen kinds, sorted.
    public var chosenKinds: [String] { kinds.filter(\.chosen).map(\.kind).sorted() }

    /// The kinds rejected on their own whose short values stand for another kind's (`abbreviates`), sorted.
    public var abbreviatingKinds: [String] { kinds.filter { !$0.chosen && $0.abbreviates != nil && $0.aliasOf != nil }.map(\.kind).sorted() }

    /// The `--group-by` entries that repeat this decision on other logs: the patterns' kinds (but those
    /// not used, `patternKindsDropped`), each chosen kind, as `KIND=AS` when it was chosen under another's
    /// name; sorted. Empty when no kind was chosen (the patterns' ids alone need no `--group-by`).
    public var groupBy: [String] {
        let chosen = kinds.filter(\.chosen).map { decision in decision.aliasOf.map { "\(decision.kind)=\($0)" } ?? decision.kind }
        let patterns = (patternKinds ?? []).filter { patternKindsDropped?[$0] == nil }
        return chosen.isEmpty ? [] : Array(Set(patterns + chosen)).sorted()
    }

    /// A few lines for the terminal: a header, the chosen kinds, then at most `limit` rejected ones.
    public func summary(limit: Int = 12) -> String {
        let chosen = kinds.filter(\.chosen)
        let rejected = kinds.filter { !$0.chosen }
        let sample = patternKinds.map { "the first \(KindDecision.grouped(sampledEvents)) events whose pattern names none "
            + "(the others carry \($0.joined(separator: ", ")))" }
            ?? "the first \(KindDecision.grouped(sampledEvents)) events (no pattern names any)"
        var lines = ["ariadne: execution ids discovered from \(sample): "
            + (chosen.isEmpty ? "none" : chosen.map(\.kind).sorted().joined(separator: ", "))]
        for kind in chosen { lines.append("  " + kind.line) }
        for (kind, reason) in (patternKindsDropped ?? [:]).sorted(by: { $0.key < $1.key }) {
            lines.append("  \(kind) (named by a pattern): not used (\(reason))")
        }
        for (kind, values) in (sharedValues ?? [:]).sorted(by: { $0.key < $1.key }) {
            lines.append("  \(kind): \(values.count == 1 ? "value" : "values") \(values.prefix(3).joined(separator: ", "))"
                + (values.count > 3 ? " and \(values.count - 3) more" : "")
                + " not used: on many times the records of the others, spanning much of the sample (shared or reused, not one execution's)")
        }
        for kind in rejected.prefix(limit) { lines.append("  " + kind.line) }
        if rejected.count > limit { lines.append("  ... \(rejected.count - limit) more kinds rejected") }
        return lines.joined(separator: "\n")
    }
}
