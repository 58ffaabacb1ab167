import Foundation

/// A Chaos Toolkit experiment (`chaos validate`, `chaos run`) for one experiment of a plan.
///
/// - Steady state: the probe `outcome-reached-in-every-execution` runs the system once
///   (`configuration.run_command`, a shell command, with `$ARIADNE_FAULTS` the fault list and
///   `$ARIADNE_OUT` a fresh run directory), then `ariadne model --format json` on its logs with the
///   plan's outcomes; it prints the outcomes' supporting and failed executions as JSON and exits 0
///   when every outcome is reached and no execution missed it (tolerance 0; executions that reached
///   it but ended in an error-looking record are listed as `ended_in_error`, not counted). Before the
///   method there is no fault list, so it checks the fault-free system.
/// - Method: one action per fault, each adding its entry (the testbed's fault format) to the fault
///   list `configuration.faults_file`; the steady state after the method runs the system under them.
/// - Rollbacks: remove the fault list.
///
/// Every configuration value can be overridden by an environment variable (`ARIADNE`,
/// `ARIADNE_ARGS`, `ARIADNE_FAULTS_FILE`, `ARIADNE_RUN_DIR`, `ARIADNE_RUN_COMMAND`). The
/// `extensions` entry named `ariadne` carries the plan and experiment ids and the faults as planned.
enum ChaosToolkitExport {
    static func experiment(_ experiment: Experiment, plan: ExperimentPlan, options: ExportOptions) -> JSONValue {
        let configuration: JSONValue = [
            "ariadne": env("ARIADNE", "ariadne"),
            "ariadne_args": env("ARIADNE_ARGS", modelArguments(plan: plan, options: options).map(shellQuoted).joined(separator: " ")),
            "faults_file": env("ARIADNE_FAULTS_FILE", "ariadne-\(experiment.id)-faults.json"),
            "run_dir": env("ARIADNE_RUN_DIR", "ariadne-\(experiment.id)-run"),
            "run_command": env("ARIADNE_RUN_COMMAND", options.runCommand),
        ]
        let outcomes = experiment.outcomes.map { JSONValue.string($0) }
        let probe: JSONValue = [
            "type": "probe", "name": "outcome-reached-in-every-execution", "tolerance": 0,
            "provider": ["type": "process", "path": "python3",
                         "arguments": .array(["-c", .string(probeScript), "run=${run_command}", "faults=${faults_file}", "out=${run_dir}",
                                              "ariadne=${ariadne}", "args=${ariadne_args}"]
                                             + experiment.outcomes.map { .string("outcome=\($0)") })],
        ]
        let method = experiment.faults.map { fault -> JSONValue in
            [
                "type": "action", "name": .string("inject-\(fault.slug)"),
                "provider": ["type": "process", "path": "python3",
                             "arguments": ["-c", .string(addFaultScript), "${faults_file}", .string(fault.testbedFault.compactText())]],
            ]
        }
        let rollback: JSONValue = [
            "type": "action", "name": "remove-faults",
            "provider": ["type": "process", "path": "python3", "arguments": ["-c", .string(removeScript), "${faults_file}"]],
        ]
        let outcomeList = experiment.outcomes.map { "'\($0)'" }.joined(separator: " and ")
        let faultList = experiment.faults.map(\.summary).joined(separator: " + ")
        return [
            "version": "1.0.0",
            "title": .string("Does \(outcomeList) survive \(faultList)?"),
            "description": .string("Ariadne plan \(plan.id), experiment \(experiment.id) (rank \(experiment.rank)). \(experiment.rationale.text)"),
            "tags": ["ariadne", .string(plan.id), .string(experiment.id)],
            "contributions": ["reliability": "high"],
            "configuration": configuration,
            "extensions": [[
                "name": "ariadne", "plan": .string(plan.id), "experiment": .string(experiment.id), "model": .string(plan.model.digest),
                "outcomes": .array(outcomes), "faults": experiment.testbedFaults(),
                "applies_to": .string(experiment.appliesTo.requestClass.note),
            ]],
            "steady-state-hypothesis": [
                "title": .string("\(outcomeList) is reached in every execution"),
                "probes": [probe],
            ],
            "method": .array(method),
            "rollbacks": [rollback],
        ]
    }

    /// The arguments `ariadne model` gets: the given ones, with `--group-by` the plan's id kinds when
    /// they do not name one (faults change how long executions last, and so what discovery would pick).
    static func modelArguments(plan: ExperimentPlan, options: ExportOptions) -> [String] {
        var arguments = options.ariadneArguments
        if !arguments.contains("--group-by"), !plan.model.idKinds.isEmpty {
            arguments += ["--group-by", plan.model.idKinds.joined(separator: ",")]
        }
        return arguments
    }

    static func env(_ key: String, _ value: String) -> JSONValue {
        ["type": "env", "key": .string(key), "default": .string(value)]
    }

    /// `text` quoted for a POSIX shell when it needs to be.
    static func shellQuoted(_ text: String) -> String {
        let safe = text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./=:,@%+".contains($0)) }
        return safe && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Runs the system (when a run command is given) and checks the outcomes on its logs.
    static let probeScript = """
        import json, os, shlex, shutil, subprocess, sys
        given, outcomes = {}, []
        for argument in sys.argv[1:]:
            key, _, value = argument.partition("=")
            if key == "outcome":
                outcomes.append(value)
            else:
                given[key] = value
        run, faults, out, ariadne, extra = (given.get(k, "") for k in ("run", "faults", "out", "ariadne", "args"))
        if run.strip():
            shutil.rmtree(out, ignore_errors=True)
            os.makedirs(out, exist_ok=True)
            env = dict(os.environ, ARIADNE_OUT=os.path.abspath(out))
            listed = os.path.exists(faults)
            env["ARIADNE_FAULTS"] = os.path.abspath(faults if listed else os.path.join(out, "no-faults.json"))
            if not listed:
                with open(env["ARIADNE_FAULTS"], "w") as f:
                    f.write("[]")
            r = subprocess.run(run, shell=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if r.returncode != 0:
                print(json.dumps({"error": "run command exited %d" % r.returncode, "stderr": r.stderr[-2000:]}))
                sys.exit(2)
        logs = os.path.join(out, "logs") if os.path.isdir(os.path.join(out, "logs")) else out
        command = [ariadne, "model", "-q", "--format", "json"] + shlex.split(extra)
        for outcome in outcomes:
            command += ["--outcome", outcome]
        r = subprocess.run(command + [logs], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            print(json.dumps({"error": "ariadne model exited %d" % r.returncode, "stderr": r.stderr[-2000:]}))
            sys.exit(2)
        model = json.loads(r.stdout)
        summary = [{"outcome": o["outcome"], "supporting": o["supporting_executions"],
                    "failed": sorted(f["execution"] for f in o["failed"] if f["reason"] != "ended in error"),
                    "ended_in_error": sorted(f["execution"] for f in o["failed"] if f["reason"] == "ended in error")}
                   for o in model["outcomes"]]
        print(json.dumps({"logs": logs, "outcomes": summary}, sort_keys=True))
        sys.exit(0 if summary and all(s["supporting"] > 0 and not s["failed"] for s in summary) else 1)
        """

    /// Adds one fault to the fault list (created when missing; an identical entry is not repeated).
    static let addFaultScript = """
        import json, os, sys
        path, fault = sys.argv[1], json.loads(sys.argv[2])
        faults = []
        if os.path.exists(path):
            with open(path) as f:
                faults = json.load(f)
        if fault not in faults:
            faults.append(fault)
        with open(path + ".tmp", "w") as f:
            json.dump(faults, f, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.replace(path + ".tmp", path)
        print(json.dumps(faults, sort_keys=True))
        """

    /// Removes the fault list.
    static let removeScript = """
        import os, sys
        if os.path.exists(sys.argv[1]):
            os.remove(sys.argv[1])
        """
}
