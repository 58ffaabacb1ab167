#!/usr/bin/env python3
"""Ariadne's testbed: seeded simulations of small distributed systems with known truth.

    python3 testbed.py list
    python3 testbed.py run --system NAME --variant correct|buggy --seed N --executions N --out DIR
                           [--faults faults.json] [--merged]
    python3 testbed.py baseline --system NAME

See README.md for the outputs and the fault-list format.
"""

import argparse
import json
import os
import random
import statistics
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from sim import Context, Faults, SKEW_MAX_US, THREADS, format_line  # noqa: E402
from systems import SYSTEMS  # noqa: E402

NOISE = [
    "gc pause young 1.8ms",
    "heartbeat ok",
    "connection pool active=3 idle=5",
    "metrics flushed to collector",
    "config reloaded, no changes",
    "slow disk write 12ms on /var/data",
    "tls session cache hit ratio 0.93",
]


LOGS = "logs"  # the per-host files' folder inside the output directory
MERGED = "merged.log"


def host_file(host):
    """A host's log file, relative to the output directory (as in truth.json's `lines` keys)."""
    return "%s/%s.log" % (LOGS, host)


def offsets(system, seed):
    rng = random.Random("offsets/%s/%d" % (system.name, seed))
    return {h: rng.randint(-SKEW_MAX_US, SKEW_MAX_US) for h, _ in system.hosts}


def service(host):
    """The service a host runs: its name without a trailing instance number."""
    head, _, tail = host.rpartition("-")
    return head if head and tail.isdigit() else host


def vector_clocks(ctx):
    """The vector clock of each of the execution's records (one count per host that logged), from its
    log records and its delivered messages (requests, responses, one-way messages)."""
    events = [(t, 1, i, host) for i, (t, host, _, _, _) in enumerate(ctx.records)]
    for j, m in enumerate(ctx.messages):
        events.append((m["sent_us"], 2, j, m["from"]))
        events.append((m["received_us"], 0, j, m["to"]))
    events.sort()
    clock, carried, out = {}, {}, [None] * len(ctx.records)
    for _, kind, i, host in events:
        vc = clock.setdefault(host, {})
        if kind == 2:
            carried[i] = dict(vc)
        elif kind == 0:
            for h, n in carried.get(i, {}).items():
                vc[h] = max(vc.get(h, 0), n)
        else:
            vc[host] = vc.get(host, 0) + 1
            out[i] = dict(vc)
    return out


def run_one(system, variant, seed, index, start_us, faults):
    """Simulates execution `index` of `system` and returns its context."""
    ctx = Context(system.name, dict(system.hosts), index, system.id(index), start_us, seed, faults)
    ctx.at(start_us, lambda: system.execute(ctx, variant))
    ctx.run()
    return ctx


def verdict(system, variant, seed, index, start_us, faults):
    """(context of `variant`, its failure or None, the correct variant's failure or None, verdict)."""
    ctx = run_one(system, variant, seed, index, start_us, faults)
    failure = system.check(ctx)
    reference = failure if variant == "correct" else system.check(run_one(system, "correct", seed, index,
                                                                          start_us, faults))
    if failure is None:
        result = "ok"
    elif reference is None:
        result = "bug"
    else:
        result = "beyond_redundancy"
    return ctx, failure, reference, result


def simulate(system, variant, seed, executions, faults, out, merged):
    """Runs `executions` executions and writes `out/logs/<host>.log`, `out/truth.json` and optionally
    `out/merged.log`. Truth `lines` keys are paths relative to `out`, then `:` and the 1-based line."""
    os.makedirs(os.path.join(out, LOGS), exist_ok=True)
    skew = offsets(system, seed)
    layouts = dict(system.hosts)
    rng = random.Random("layout/%s/%d" % (system.name, seed))
    fault_list = Faults(faults)
    records = []  # (true_us, host, level, text, event, execution)
    messages, summaries = [], []
    start = 1000
    for index in range(executions):
        ctx, failure, reference, result = verdict(system, variant, seed, index, start,
                                                  fault_list.for_execution(index))
        clocks = vector_clocks(ctx)
        for r, vc in zip(ctx.records, clocks):
            records.append(r + (ctx.exec_id, vc))
        for m in ctx.messages:
            messages.append(dict(m, execution=ctx.exec_id))
        summaries.append({
            "index": index, "id": ctx.exec_id, "start_us": start,
            "outcome": "success" if failure is None else failure,
            "correct_variant_outcome": "success" if reference is None else reference,
            "verdict": result,
            "hosts": sorted({r[1] for r in ctx.records}),
            "crashed": sorted(ctx.down),
        })
        start += rng.randint(300, 6000)
    end = start + 20000
    for host, _ in system.hosts:
        t = rng.randint(0, 8000)
        while t < end:
            records.append((t, host, "DEBUG" if rng.random() < 0.5 else "INFO", rng.choice(NOISE), "noise", None,
                            None))
            t += rng.randint(4000, 25000)
    records.sort(key=lambda r: (r[0], r[1]))

    lines, per_host, all_lines = {}, {h: [] for h, _ in system.hosts}, []
    for true_us, host, level, text, event, execution, vc in records:
        n = len(per_host[host]) + 1
        thread = rng.choice(THREADS)
        skewed = true_us + skew[host]
        line = format_line(layouts[host], host, skewed, level, text, thread, 20 + zlib.crc32(event.encode()) % 400)
        per_host[host].append(line)
        key = "%s:%d" % (host_file(host), n)
        lines[key] = {"host": host, "execution": execution, "event": event, "true_us": true_us,
                      "logged_us": skewed, "vc": vc}
        all_lines.append((skewed, host, n, line))
    for host, text in per_host.items():
        with open(os.path.join(out, host_file(host)), "w") as f:
            f.write("".join(line + "\n" for line in text))
    if merged:
        all_lines.sort(key=lambda x: (x[0], x[1], x[2]))
        with open(os.path.join(out, MERGED), "w") as f:
            for m, (_, host, n, line) in enumerate(all_lines, 1):
                f.write("%s %s\n" % (host, line))
                source = "%s:%d" % (host_file(host), n)
                lines["%s:%d" % (MERGED, m)] = dict(lines[source], source=source)

    graph = {}
    for m in messages:
        if m["kind"] == "response":
            continue
        k = (m["from"], m["to"], m["kind"], m["op"])
        count, logged = graph.get(k, (0, 0))
        graph[k] = (count + 1, logged + (1 if m.get("logged") else 0))
    truth = {
        "system": system.name, "case": system.case, "variant": variant, "seed": seed,
        "executions": summaries,
        "hosts": {h: {"layout": layouts[h], "file": host_file(h), "offset_us": skew[h], "offset_ms": skew[h] / 1000,
                      "service": service(h)}
                  for h, _ in system.hosts},
        "call_graph": [{"from": a, "to": b, "from_service": service(a), "to_service": service(b), "kind": k,
                        "op": op, "count": c, "logged": logged}
                       for (a, b, k, op), (c, logged) in sorted(graph.items())],
        "faults": faults,
        "messages": messages,
        "lines": lines,
    }
    with open(os.path.join(out, "truth.json"), "w") as f:
        json.dump(truth, f, indent=1, sort_keys=True)
        f.write("\n")
    return truth


def catalogue(system, seed):
    """Every single fault the fault-free executions make meaningful (hosts, events, calls, messages)."""
    events, calls = set(), set()
    for variant in ("correct", "buggy"):
        for index in range(3):
            ctx = run_one(system, variant, seed, index, 0, [])
            events |= {(r[1], r[4]) for r in ctx.records}
            calls |= {(m["from"], m["to"], m["kind"], m["op"]) for m in ctx.messages if m["kind"] != "response"}
    faults = []
    for host, _ in system.hosts:
        faults.append({"type": "crash", "host": host})
        faults.append({"type": "delay", "host": host, "ms": 15})
    for host, event in sorted(events):
        if event != "transient_error":
            faults.append({"type": "crash", "host": host, "after": event})
    pairs = set()
    for a, b, kind, op in sorted(calls):
        if kind == "sync":
            faults.append({"type": "error", "from": a, "to": b, "op": op})
        faults.append({"type": "drop", "from": a, "to": b, "op": op, "count": 1})
        if (a, b) not in pairs:
            faults.append({"type": "delay", "from": a, "to": b, "ms": 15})
        pairs.add((a, b))
    for a, b in sorted({tuple(sorted(p)) for p in pairs}):
        faults.append({"type": "partition", "a": a, "b": b})
    return faults


def baseline(system, seeds=20, cap=5000):
    """Random fault search: experiments (1 to 3 random faults each) until the first `bug` verdict."""
    counts = []
    for seed in range(seeds):
        rng = random.Random("baseline/%s/%d" % (system.name, seed))
        space = catalogue(system, seed)
        n = 0
        while n < cap:
            n += 1
            faults = rng.sample(space, rng.randint(1, 3))
            if verdict(system, "buggy", seed, n, 0, faults)[3] == "bug":
                break
        counts.append(n)
    return statistics.median(counts), counts


def main(argv=None):
    parser = argparse.ArgumentParser(prog="testbed.py", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list the systems")
    run = sub.add_parser("run", help="simulate executions and write logs and truth.json")
    run.add_argument("--system", required=True, choices=sorted(SYSTEMS))
    run.add_argument("--variant", required=True, choices=["correct", "buggy"])
    run.add_argument("--seed", type=int, default=1)
    run.add_argument("--executions", type=int, default=100)
    run.add_argument("--out", required=True)
    run.add_argument("--faults", help="JSON fault list (see README.md)")
    run.add_argument("--merged", action="store_true", help="also write merged.log")
    base = sub.add_parser("baseline", help="random fault search: median experiments to the first bug")
    base.add_argument("--system", required=True, choices=sorted(SYSTEMS) + ["all"])
    base.add_argument("--seeds", type=int, default=20)
    args = parser.parse_args(argv)

    if args.command == "list":
        for name in sorted(SYSTEMS):
            s = SYSTEMS[name]
            print("%-9s %s" % (name, s.case))
            print("          hosts: %s" % ", ".join("%s (%s)" % h for h in s.hosts))
        return 0
    if args.command == "run":
        faults = []
        if args.faults:
            try:
                with open(args.faults) as f:
                    faults = json.load(f)
            except (OSError, ValueError) as e:
                print("testbed: %s: %s" % (args.faults, e), file=sys.stderr)
                return 65
            if isinstance(faults, dict):
                faults = faults.get("faults", [])
        try:
            truth = simulate(SYSTEMS[args.system], args.variant, args.seed, args.executions, faults, args.out,
                             args.merged)
        except (ValueError, KeyError) as e:
            print("testbed: %s: bad fault list: %s" % (args.faults, e), file=sys.stderr)
            return 65
        counts = {}
        for e in truth["executions"]:
            counts[e["verdict"]] = counts.get(e["verdict"], 0) + 1
        print("%s/%s seed=%d: %d executions, %d lines; verdicts %s" % (
            args.system, args.variant, args.seed, args.executions,
            sum(1 for k in truth["lines"] if k.startswith(LOGS + "/")),
            ", ".join("%s=%d" % kv for kv in sorted(counts.items()))))
        return 0
    names = sorted(SYSTEMS) if args.system == "all" else [args.system]
    for name in names:
        median, counts = baseline(SYSTEMS[name], args.seeds)
        print("%-9s median experiments to first bug over %d seeds: %s (min %d, max %d)" % (
            name, args.seeds, median, min(counts), max(counts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
