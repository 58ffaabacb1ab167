/// Where a run stands: the stage, what has been read of the inputs, the executions formed.
public struct AnalysisProgress: Sendable, Equatable {
    /// The stage running.
    public var stage: AnalysisStage
    /// Bytes read so far over every input (after decompression).
    public var bytes: Int
    /// The inputs' total size, when known (regular files, none compressed): a percentage and an ETA
    /// can be given.
    public var totalBytes: Int?
    /// Lines read so far over every input.
    public var lines: Int
    /// Executions closed so far.
    public var executions: Int
    /// Executions formed and still open (their records may go on).
    public var openExecutions: Int
    /// How far the current stage after parsing is, 0 to 1, when it can tell.
    public var stageFraction: Double?

    public init(stage: AnalysisStage, bytes: Int = 0, totalBytes: Int? = nil, lines: Int = 0, executions: Int = 0,
                openExecutions: Int = 0) {
        self.openExecutions = openExecutions
        self.stage = stage
        self.bytes = bytes
        self.totalBytes = totalBytes
        self.lines = lines
        self.executions = executions
    }

    /// The share of the input read, 0 to 1, when the total is known.
    public var fraction: Double? {
        guard let totalBytes, totalBytes > 0 else { return nil }
        return min(1, Double(bytes) / Double(totalBytes))
    }
}
