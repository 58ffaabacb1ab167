import Foundation

/// Collects a run's progress from its stages and hands every change to `onChange`, which renders it
/// (the CLI draws a live line on a terminal, periodic lines elsewhere). The parse stage reports bytes
/// and lines per input (`ParseSession.progress`); the tracker sums them over the inputs.
public final class ProgressTracker {
    /// The progress so far.
    public private(set) var current: AnalysisProgress
    /// Called on every change; `stageChanged` is true when a new stage began.
    public var onChange: ((_ progress: AnalysisProgress, _ stageChanged: Bool) -> Void)?
    private var finishedInputBytes = 0
    private var finishedInputLines = 0
    private var inputBytes = 0
    private var inputLines = 0

    /// A tracker for inputs of `totalBytes` (nil when unknown).
    public init(totalBytes: Int?) {
        current = AnalysisProgress(stage: .parse, totalBytes: totalBytes)
    }

    /// Begins `stage`.
    public func begin(_ stage: AnalysisStage) {
        current.stage = stage
        current.stageFraction = nil
        onChange?(current, true)
    }

    /// A new input begins: what the previous one read is kept in the totals.
    public func startInput() {
        finishedInputBytes += inputBytes
        finishedInputLines += inputLines
        inputBytes = 0
        inputLines = 0
    }

    /// The current input has read `bytes` and `lines` so far (and `executions` have closed and `open`
    /// are open, when given).
    public func read(bytes: Int, lines: Int, executions: Int? = nil, open: Int? = nil) {
        inputBytes = bytes
        inputLines = lines
        current.bytes = finishedInputBytes + bytes
        current.lines = finishedInputLines + lines
        if let executions { current.executions = executions }
        if let open { current.openExecutions = open }
        onChange?(current, false)
    }

    /// Starts counting a new set of inputs of `totalBytes` (the stage and executions are kept).
    public func reset(totalBytes: Int?) {
        finishedInputBytes = 0
        finishedInputLines = 0
        inputBytes = 0
        inputLines = 0
        current.bytes = 0
        current.lines = 0
        current.totalBytes = totalBytes
    }

    /// The current stage is `fraction` (0 to 1) done.
    public func stage(fraction: Double) {
        current.stageFraction = min(1, max(0, fraction))
        onChange?(current, false)
    }

    /// `count` executions have closed so far and `open` are still open.
    public func executions(_ count: Int, open: Int = 0) {
        current.executions = count
        current.openExecutions = open
        onChange?(current, false)
    }

    /// The total size of `sources` when every one is a regular file that is not gzip-compressed (the
    /// bytes read are counted after decompression), else nil.
    public static func totalBytes(of sources: [InputSource]) -> Int? {
        var total = 0
        for source in sources {
            guard !source.isLive, let path = source.path,
                  let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  attributes[.type] as? FileAttributeType == .typeRegular,
                  let size = attributes[.size] as? Int else { return nil }
            if let handle = FileHandle(forReadingAtPath: path) {
                let head = handle.readData(ofLength: 2)
                try? handle.close()
                if head == Data([0x1f, 0x8b]) { return nil }
            }
            total += size
        }
        return total
    }
}
