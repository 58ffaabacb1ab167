import AriadneCore
import ArgumentParser

@main
struct AriadneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ariadne",
        abstract: "Reads the raw logs of a distributed system and tells you which faults to inject next.",
        discussion: """
            Start with `ariadne analyze LOGS`: the whole pipeline in one pass, a summary, and what to run next. \
            Pipeline: parse (logs -> events) -> infer (events -> causal model) -> hypotheses (model -> ranked \
            minimal fault sets). Every command reads files, directories, globs, .gz archives, or stdin \
            ('-' or no path). Commands that write a result write it to stdout, or to FILE with -o; JSON is \
            compact unless --pretty.

            Patterns: the shipped pattern files are found in $ARIADNE_PATTERNS, else share/ariadne/patterns \
            next to the binary, else the Patterns/ folder of the source tree; --patterns adds more. \
            `ariadne patterns` lists them, `ariadne patterns show NAME` prints one to copy.

            Failing inputs: every command reads all the inputs it can, reports each failure on stderr \
            (ariadne: FILE: reason), still writes its result, then exits 66 if any input could not be \
            opened or read, else 65 if any was damaged or unusable.

            Exit status: 0 success; 1 a bug (`record` of a failed experiment, `analyze` of a state holding one); 64 usage error (bad option or value, unknown command or pattern name); \
            65 an input, model or pattern file that cannot be used; 66 an input that does not exist or \
            cannot be read; 74 an output that cannot be written (-o, --stats-json, a full disk). When \
            stdout closes early (ariadne parse ... | head -1), ariadne stops quietly with 0.

            Examples:
              ariadne analyze logs/
              ariadne parse logs/ > events.jsonl
              ariadne infer --format json -o model.json logs/*.log.gz
              ariadne merge -o all.json shard1.json shard2.json
              ariadne hypotheses --outcome kv.replica_acked logs/
              ariadne plan --outcome kv.replica_acked --format chaostoolkit -o experiment.json logs/
            """,
        version: AriadneVersion.number,
        subcommands: [Analyze.self, Parse.self, Infer.self, Merge.self, Model.self, Hypotheses.self, Plan.self, Record.self, Status.self, Patterns.self]
    )
}
