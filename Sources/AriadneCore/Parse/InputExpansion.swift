/// What command-line paths expand to (see `InputSource.expand`): the inputs to read, in order, and what
/// directory walks and globs found but skipped, sorted by path. Pass `skipped` to
/// `ParseSession.skip(_:)` so the run's statistics count them.
public struct InputExpansion: Sendable, Equatable {
    /// The inputs to read, in order.
    public var inputs: [InputSource] = []
    /// What walks and globs left out, and why.
    public var skipped: [SkippedInput] = []

    /// An expansion of `inputs`, having skipped `skipped`.
    public init(inputs: [InputSource] = [], skipped: [SkippedInput] = []) {
        self.inputs = inputs
        self.skipped = skipped
    }
}
