/// What a report is built from: plain library values, any of them optional, so every command (and
/// `analyze`) can hand over what it has. Sections without their input are left out.
public struct ReportInput: Sendable {
    /// The page's heading (say what was analysed: paths, outcomes).
    public var title: String
    /// The causal model: the call graph, the happens-before relations, readable templates.
    public var model: CausalModel?
    /// The redundancy model: outcomes, classes, supports.
    public var redundancy: RedundancyModel?
    /// The ranked hypotheses.
    public var hypotheses: HypothesisReport?
    /// The event types each class's executions show (each class gets its own causal graph; without
    /// it, one causal graph of the whole model is drawn).
    public var classTypes: ClassEventTypes?
    /// The learning loop's state: bugs and history.
    public var loop: LoopState?
    /// The state directory, as the user named it.
    public var statePath: String?
    /// A line for the footer (when and by what the report was made); nothing by default, so the same
    /// input gives the same bytes.
    public var generated: String?
    /// At most this many hypotheses are detailed (the table lists them all up to `hypothesisTable`).
    public var hypothesisDetails = 25
    /// At most this many hypotheses are listed in the table.
    public var hypothesisTable = 100
    /// At most this many classes per outcome get their drawings.
    public var classDrawings = 6

    /// A report of whatever is given.
    public init(title: String, model: CausalModel? = nil, redundancy: RedundancyModel? = nil, hypotheses: HypothesisReport? = nil,
                classTypes: ClassEventTypes? = nil, loop: LoopState? = nil, statePath: String? = nil, generated: String? = nil) {
        self.title = title
        self.model = model
        self.redundancy = redundancy
        self.hypotheses = hypotheses
        self.classTypes = classTypes
        self.loop = loop
        self.statePath = statePath
        self.generated = generated
    }
}
