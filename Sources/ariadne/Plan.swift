import AriadneCore
import ArgumentParser
import Foundation

/// `ariadne plan`: the next experiments, as a plan or for an injector.
struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Plan the next fault-injection experiments, best first, for an injector.",
        discussion: """
            Each experiment is one concrete fault set (the hypotheses of `ariadne hypotheses` made concrete \
            and merged): faults on hosts, services or host-to-host edges as the logs name them, with their \
            roles, timing, delay magnitudes measured from the logs, the outcome it should break, the \
            executions and request class it applies to, and the supports it cuts. An experiment's id \
            (x-...) depends on its fault set only. --format json writes the plan (docs/plan.schema.json, \
            docs/plans.md); the other formats write one experiment (--experiment, default the first) as \
            its injector reads it.

            With --state DIR (the learning loop): the first run starts the state from fault-free LOGS; \
            later runs plan from every run recorded (`ariadne record`), never proposing a fault set \
            already tried, and say "certified for budget k" when no fault set of up to k faults is left. \
            The plan goes to DIR/plans/<plan id>.json and its model to DIR/models/, atomically.

            Examples:
              ariadne plan --outcome kv.replica_acked Samples/kvstore/logs
              ariadne plan --outcome 'put ok' --format chaostoolkit -o experiment.json logs/
              ariadne plan --outcome 'put ok' --format chaos-mesh --experiment 2 logs/ | kubectl apply -f -
              ariadne plan --state .ariadne --outcome 'put ok' baseline-logs/    # then: record, plan, ...
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var outcomes: OutcomeOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("Largest number of faults in an experiment (1 to \(Hypotheses.maxBudget)).", valueName: "N"))
    var budget: Int = 3

    @Option(help: ArgumentHelp("A fault point id of the model accepted as a known single point of failure; may repeat.", valueName: "FAULT"))
    var accept: [String] = []

    @Flag(name: .customLong("crash-observers"),
          help: "With --state: also propose crashing the hosts that log the outcome (by default the loop accepts them: crashing an observer removes the outcome without testing redundancy).")
    var crashObservers = false

    @Option(help: ArgumentHelp("An experiment id (x-...) already tried: its fault set is not proposed again; may repeat.", valueName: "ID"))
    var exclude: [String] = []

    @Option(help: ArgumentHelp("Output format: json (the plan), chaostoolkit, chaos-mesh, istio, toxiproxy or testbed (one experiment each).",
                               valueName: "FORMAT"))
    var format: PlanFormat = .json

    @Option(help: ArgumentHelp("The experiment to export: its id or its rank (default: the first).", valueName: "ID|RANK"))
    var experiment: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Keep at most N experiments (1 or more; default all).", valueName: "N"))
    var limit: Int?

    @Option(name: .customLong("delay-margin"), parsing: .unconditional,
            help: ArgumentHelp("Delays last this many times the longest wait the logs show on the call (more than 1).", valueName: "X"))
    var delayMargin: Double = 4

    @Option(help: ArgumentHelp("The learning loop's state directory (e.g. .ariadne): start it from LOGS, or plan from its recorded runs.",
                               valueName: "DIR"),
            completion: .directory)
    var state: String?

    @Option(name: .customLong("run-command"),
            help: ArgumentHelp("chaostoolkit: shell command running the system once with the fault list in $ARIADNE_FAULTS, logs under $ARIADNE_OUT.",
                               valueName: "COMMAND"))
    var runCommand: String = ""

    @Option(help: ArgumentHelp("chaos-mesh, istio: Kubernetes namespace when the logs show none.", valueName: "NAME"))
    var namespace: String = "default"

    @Option(name: .customLong("http-port"), parsing: .unconditional,
            help: ArgumentHelp("chaos-mesh: the port HTTPChaos acts on (the logs do not show ports).", valueName: "PORT"))
    var httpPort: Int = 80

    @Option(help: ArgumentHelp("toxiproxy: the API's address.", valueName: "URL"))
    var toxiproxy: String = "http://localhost:8474"

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...Hypotheses.maxBudget).contains(budget) else {
            throw ValidationError("--budget must be between 1 and \(Hypotheses.maxBudget) (got \(budget))")
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more (got \(limit))") }
        guard delayMargin.isFinite, delayMargin > 1, delayMargin <= 1000 else {
            throw ValidationError("--delay-margin must be more than 1 and at most 1000 (got \(delayMargin))")
        }
        guard (1...65535).contains(httpPort) else { throw ValidationError("--http-port must be between 1 and 65535 (got \(httpPort))") }
        if let experiment, experiment.isEmpty { throw ValidationError("--experiment needs an id (x-...) or a rank") }
        if state?.isEmpty == true { throw ValidationError("--state needs a directory") }
    }

    func run() throws {
        if let state { return try runInState(state) }
        let file = try output.open()
        var failures = InputFailures()
        let reporter = RedundancyRunner.reporter(input, stages: [.parse, .infer, .redundancy, .plan])
        defer { reporter.finish() }
        let built = try RedundancyRunner.run(input: input, model: model, outcomes: outcomes, failures: &failures, reporter: reporter,
                                             facts: true)
        try RedundancyRunner.requireFaultPoints(built.redundancy)
        try built.redundancy.validate(accepted: accept)
        reporter.begin(.plan)
        let facts = built.facts ?? PlanFacts.build(executions: built.pipeline.executions, order: built.pipeline.order, modelEdges: built.edges)
        let plan = try ExperimentPlanner.plan(model: built.redundancy, facts: facts,
                                              options: PlanOptions(budget: budget, accepted: Set(accept), exclude: Set(exclude),
                                                                   delayMargin: delayMargin, limit: limit))
        reporter.finish()
        let text: String
        do {
            text = try plan.export(format, experiment: experiment, options: exportOptions)
        } catch let error as PlanError {
            throw CLIError(description: error.description, status: 65)
        }
        if !input.quiet {
            var summary = "ariadne: plan \(plan.id): \(plan.experiments.count) experiment(s)"
            if let first = plan.experiments.first { summary += "; first \(first.id): \(first.faults.map(\.display).joined(separator: " + "))" }
            StandardStreams.error(summary)
        }
        file.write(format == .json ? output.json(Data(text.utf8)) : Data(text.utf8))
        file.close()
        try failures.exitIfFailed()
    }

    var exportOptions: ExportOptions {
        var arguments: [String] = []
        if let pattern = input.pattern { arguments += ["--pattern", pattern] }
        for folder in input.patternDirectories { arguments += ["--patterns", folder] }
        if input.hostFrom != .auto { arguments += ["--host-from", input.hostFrom.description] }
        if let groupBy = model.groupByList { arguments += ["--group-by", groupBy] }
        return ExportOptions(runCommand: runCommand, ariadneArguments: arguments, namespace: namespace, httpPort: httpPort,
                             toxiproxyAPI: toxiproxy)
    }
}

extension PlanFormat: ExpressibleByArgument {}
