/// How `IDDiscoveryStage` finds execution ids when the records carry none: how many events it samples
/// and the thresholds a kind of candidate must pass (see `IDDiscovery.decide`).
public struct IDDiscoveryOptions: Sendable, Equatable {
    /// Id kinds the patterns name (`execution_ids`): `--group-by` of one of them needs no discovery.
    public var patternKinds: Set<String>
    /// Events buffered to take the statistics from (the decision comes earlier at the end of the input).
    public var sampleEvents: Int
    /// The decision also comes once the buffered events' messages and fields hold this many bytes, so
    /// long records cannot make the buffer large.
    public var sampleBytes: Int
    /// On a stream, decide after this many nanoseconds of wall-clock time even with fewer events; nil waits.
    public var decideAfterWallClock: Int64?
    /// A kind must be on at least this many records...
    public var minRecords: Int
    /// ...and on at least this share of the sampled events.
    public var minRecordShare: Double
    /// A kind needs at least this many distinct values, and at least a quarter of the square root of its records.
    public var minValues: Int
    /// A kind whose most frequent value is on more than this share of its records is rejected.
    public var maxTopValueShare: Double
    /// At least this share of a kind's values must be on two or more records.
    public var minRepeatedShare: Double
    /// A value's time span (first to last record, relative to the sample's span; the median over the
    /// values on two or more records) must not exceed this.
    public var maxSpan: Double

    /// Default sample: 50,000 events...
    public static let defaultSampleEvents = 50_000
    /// ...or 64 MiB of their text.
    public static let defaultSampleBytes = 64 << 20

    /// Options; see each property.
    public init(patternKinds: Set<String> = [], sampleEvents: Int = defaultSampleEvents, sampleBytes: Int = defaultSampleBytes,
                decideAfterWallClock: Int64? = nil,
                minRecords: Int = 6, minRecordShare: Double = 0.005, minValues: Int = 4, maxTopValueShare: Double = 0.5,
                minRepeatedShare: Double = 0.2, maxSpan: Double = 0.2) {
        self.patternKinds = patternKinds
        self.sampleEvents = max(1, sampleEvents)
        self.sampleBytes = max(1, sampleBytes)
        self.decideAfterWallClock = decideAfterWallClock
        self.minRecords = minRecords
        self.minRecordShare = minRecordShare
        self.minValues = minValues
        self.maxTopValueShare = maxTopValueShare
        self.minRepeatedShare = minRepeatedShare
        self.maxSpan = maxSpan
    }
}
