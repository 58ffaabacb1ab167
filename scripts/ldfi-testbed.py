#!/usr/bin/env python3
"""Drive Ariadne's learning loop against the testbed, system by system, and compare with random search.

For each system and variant: fault-free logs -> `ariadne plan --state` -> inject the first experiment
with the testbed (`ariadne plan --format testbed` writes its fault list) -> `ariadne record` -> plan ...
until a bug or certification of the budget (or 100 experiments). The testbed is the injector, and like
any injector that checks its system's invariant it gives the verdict (`record --verdict held|failed
--failed-execution ID`, from its truth: an execution whose invariant was violated); with `--judge logs`
Ariadne judges from the logs instead (an execution missing the outcome failed), and each failure it
reports is checked against the truth (a false alarm when no execution violated the invariant).
Prints one row per system: experiments Ariadne needed and random search's median (`testbed.py baseline`).

    python3 scripts/ldfi-testbed.py [--ariadne .build/debug/ariadne] [--systems all] [--variants buggy,correct]
                                    [--keep DIR [--resume]] [--trace]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTBED = os.path.join(ROOT, "Samples", "testbed", "testbed.py")
OUTCOMES = {"broadcast": "deliver on each host", "2pc": "commit txn", "kafka": "acked offset", "fallback": "200 req",
            "payment": "paid order", "quorum": "found=true"}
SYSTEMS = ["broadcast", "2pc", "kafka", "fallback", "payment", "quorum"]


def run(arguments, check=True):
    result = subprocess.run(arguments, capture_output=True, text=True)
    if check and result.returncode not in (0, 1):
        sys.exit("failed (%d): %s\n%s" % (result.returncode, " ".join(arguments), result.stderr[-2000:]))
    return result


def testbed(system, variant, seed, executions, out, faults=None):
    arguments = [sys.executable, TESTBED, "run", "--system", system, "--variant", variant, "--seed", str(seed),
                 "--executions", str(executions), "--out", out]
    if faults:
        arguments += ["--faults", faults]
    run(arguments)
    with open(os.path.join(out, "truth.json")) as f:
        return json.load(f)


def loop(ariadne, system, variant, work, executions, budget, limit, judge, trace=False, resume=False):
    """Experiments run, the result, false alarms. With `resume`, goes on from the state kept in `work`
    (its experiments count; false alarms before it are not known again)."""
    state = os.path.join(work, "state")
    plan_arguments = [ariadne, "plan", "-q", "--state", state, "--budget", str(budget), "--format", "testbed"]
    experiments, false_alarms = 0, 0
    if resume:
        experiments = len([d for d in os.listdir(work) if re.fullmatch(r"run-[0-9]+", d)])
        arguments = plan_arguments
    else:
        testbed(system, variant, 1, executions, os.path.join(work, "base"))
        arguments = plan_arguments + ["--outcome", OUTCOMES[system], os.path.join(work, "base", "logs")]
    while experiments < limit:
        faults = os.path.join(work, "faults-%d.json" % experiments)
        result = run(arguments + ["-o", faults])
        arguments = plan_arguments
        status = json.loads(run([ariadne, "status", "--state", state, "--format", "json"]).stdout)
        plan = status["plans"][-1]
        if not plan["experiments"]:
            return experiments, "certified", false_alarms
        experiment = plan["experiments"][0]
        experiments += 1
        out = os.path.join(work, "run-%d" % experiments)
        truth = testbed(system, variant, 1, executions, out, faults)
        if trace:
            with open(faults) as f:
                injected = json.load(f)
            print("  %s %s #%d %s: %s" % (system, variant, experiments, experiment, json.dumps(injected, sort_keys=True)),
                  file=sys.stderr, flush=True)
        violated = [e for e in truth["executions"] if e["outcome"] != "success"]
        record = [ariadne, "record", "-q", experiment, os.path.join(out, "logs"), "--state", state]
        if judge == "injector":
            record += ["--verdict", "failed" if violated else "held"]
            for e in violated[:20]:
                record += ["--failed-execution", e["id"]]
        recorded = run(record)
        if recorded.returncode == 1:
            if not violated:
                false_alarms += 1
                continue
            bugs = [e for e in truth["executions"] if e["verdict"] == "bug"]
            return experiments, "bug" if bugs else "violation beyond redundancy", false_alarms
    return experiments, "stopped at %d" % limit, false_alarms


def random_median(system):
    out = run([sys.executable, TESTBED, "baseline", "--system", system, "--seeds", "20"]).stdout
    match = re.search(r"median experiments to first bug over 20 seeds: ([0-9.]+)", out)
    return float(match.group(1)) if match else None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ariadne", default=os.path.join(ROOT, ".build", "debug", "ariadne"))
    parser.add_argument("--systems", default="all")
    parser.add_argument("--variants", default="buggy,correct")
    parser.add_argument("--executions", type=int, default=60)
    parser.add_argument("--budget", type=int, default=3)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--judge", choices=["injector", "logs"], default="injector")
    parser.add_argument("--trace", action="store_true", help="print each experiment's faults on stderr")
    parser.add_argument("--keep", metavar="DIR", help="keep each loop's logs and state in DIR/SYSTEM-VARIANT (for a look afterwards)")
    parser.add_argument("--resume", action="store_true", help="with --keep: go on from the state kept there, where there is one")
    args = parser.parse_args()
    if args.resume and not args.keep:
        parser.error("--resume needs --keep DIR (the states to go on from)")
    systems = SYSTEMS if args.systems == "all" else args.systems.split(",")
    print("| system | variant | Ariadne: experiments | result | false alarms | random search: median experiments to the first bug |")
    print("|---|---|---|---|---|---|")
    totals = {"ariadne": 0, "random": 0.0}
    for system in systems:
        median = random_median(system)
        for variant in args.variants.split(","):
            with tempfile.TemporaryDirectory(prefix="ariadne-loop-") as temporary:
                work = os.path.join(args.keep, "%s-%s" % (system, variant)) if args.keep else temporary
                resume = args.resume and os.path.isdir(os.path.join(work, "state"))
                if args.keep and not resume:
                    shutil.rmtree(work, ignore_errors=True)
                    os.makedirs(work)
                experiments, result, false_alarms = loop(args.ariadne, system, variant, work, args.executions, args.budget, args.limit, args.judge,
                                                          args.trace, resume)
            if variant == "buggy":
                totals["ariadne"] += experiments
                totals["random"] += median or 0
            print("| %s | %s | %d | %s | %d | %s |" % (system, variant, experiments, result, false_alarms,
                                                       median if variant == "buggy" else "—"), flush=True)
    print("\nbuggy variants: Ariadne %d experiments in total, random search %.1f (sum of medians)" % (totals["ariadne"], totals["random"]))


if __name__ == "__main__":
    main()
