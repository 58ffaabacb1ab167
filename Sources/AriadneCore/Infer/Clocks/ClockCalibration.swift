/// Estimating clocks before ordering: the offsets are solved from the nestings of the first executions
/// (`InferencePipeline` holds them back until `executions` have closed, the input ends, or the stream
/// pauses), then every execution, those first ones included, is ordered with them.
public enum ClockCalibration {
    /// Executions held back to estimate clocks from before the model is built.
    public static let executions = 2_000

    /// A host pair needs this many agreeing nestings before its bound is used.
    public static let minimumObservations = 3

    /// A host pair's agreeing nestings must also be at least this share of the executions in which both
    /// hosts logged: a caller that logs before and after its call does so in most such executions, while
    /// spans that merely overlap (sibling callees of one client, one-way messages whose receiver works on
    /// after the sender is done, a second line that only an error adds) agree in fewer: their intervals
    /// scatter with the latencies, or contradict themselves whenever b's span is the longer.
    public static let minimumShare = 0.5

    /// At the true offset a callee's work lies inside every span its caller wrote around the call, so a
    /// pair whose enclosing host does not name the other must agree on one offset in this share of the
    /// executions in which the other's span fitted the enclosing one's at some offset (the rest allows for
    /// executions grouped or stamped amiss). A host writing one record per execution (a point) can
    /// contradict no span, so for it this share is all the evidence that it is a callee. On the
    /// TrainTicket minute every true caller of a point agrees on all of them, and the ten pairs that
    /// agree on 54–89 % are neither calls nor a caller and its descendant in the span tree; a one-way
    /// receiver's records land inside its sender's longer spans, at one offset, in only some executions
    /// (an unseen card switch's queue consumer, taken 1–10 ms after the publication, in 62–76 %: it had
    /// been placed 8.9 ms off, its consumption before the publication, ±0.07 ms). On the testbed's six
    /// systems, HDFS and two other unseen systems every pair used agrees in 95 % or more.
    public static let minimumAgreement = 0.9

    /// The largest clock offset between two hosts believed, in nanoseconds (100 ms): NTP and chrony keep
    /// a system's hosts far closer. A pair whose nestings agree only on a larger offset is not a call and
    /// its return but spans that enclose each other by the seconds (an object store touched at a job's
    /// start and end around its callers); its bound is not used (`ClockOffsets.farPairs`).
    public static let maximumOffset: Int64 = 100_000_000

    /// The offsets `executions` imply, nil when no host pair nested often enough.
    public static func solve(_ executions: [Execution]) -> ClockOffsets? {
        solve(constraints(executions))
    }

    /// The nestings of `executions`, their records naming hosts also by the addresses in `aliases`.
    static func constraints(_ executions: [Execution], aliases: HostAliases = HostAliases()) -> ClockConstraints {
        var constraints = ClockConstraints()
        for execution in executions {
            let (names, hosts, times) = OffsetObservation.indexed(execution.events)
            // A record reporting how long its work took (an access line's duration) also stands for its start.
            let spans = RecordDuration.withStarts(hosts: hosts, times: times, events: execution.events)
            constraints.add(hosts: spans.hosts, times: spans.times, names: names,
                            namings: ExecutionCalls.namings(execution.events, aliases: aliases))
        }
        return constraints
    }

    /// The offsets `constraints` imply, nil when no host pair nested often enough.
    static func solve(_ constraints: ClockConstraints) -> ClockOffsets? {
        let solved = solution(constraints)
        return solved.offsets.isEmpty ? nil : solved
    }

    /// What `constraints` imply with this calibration's thresholds, offsets or none (the pairs left out
    /// are told either way: `ClockOffsets.unnestedPairs`).
    static func solution(_ constraints: ClockConstraints) -> ClockOffsets {
        ClockOffsets.solve(constraints, minimumObservations: minimumObservations, minimumShare: minimumShare,
                           minimumAgreement: minimumAgreement, maximumOffset: maximumOffset)
    }

    /// Whether solved offsets are coherent enough to order events with: the observations that had to be
    /// dropped (disagreeing with their pair, or on a contradictory cycle) must be at most half as many as
    /// those kept (two in three agree), and at most one host pair in ten may have closed a contradictory
    /// cycle. Spans that nest by coincidence disagree with each other and with other pairs; when they are
    /// that much of the evidence, the nesting assumption does not describe this system and the skew bound
    /// is the safer order. (Systems whose offsets came out right had at most 0.28 outliers per kept
    /// observation; an unseen SMS gateway whose one-way hops through NATS read as nestings, 0.89, with
    /// offsets 150 ms off that then drew calls from the wrong order.)
    public static func isCoherent(_ solved: ClockOffsets) -> Bool {
        solved.outlierObservations * 2 <= solved.usedObservations && solved.droppedPairs * 10 <= solved.usedPairs
    }
}
