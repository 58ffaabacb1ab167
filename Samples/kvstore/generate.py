#!/usr/bin/env python3
"""Writes the logs of a small replicated key-value store, one logfmt file per host.

A coordinator takes each PUT, sends it to three of five replicas and acknowledges the write once all
three have stored it. A replica sometimes refuses the connection; the coordinator then falls back to
another replica. Replica clocks drift from the coordinator's by up to 0.4 ms. Deterministic: the same
seed gives the same files. Usage: generate.py [OUTPUT_DIR] (default: logs/ beside this script).
"""
import datetime
import os
import random
import sys

SEED = 7
REQUESTS = 150
REPLICAS = [f"replica-{n}" for n in range(1, 6)]
START_NS = 1_767_225_600_000_000_000  # 2026-01-01T00:00:00Z


def stamp(ns):
    moment = datetime.datetime.fromtimestamp(ns // 1_000_000_000, datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + f".{ns % 1_000_000_000 // 1000:06d}Z"


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "logs")
    os.makedirs(out, exist_ok=True)
    rng = random.Random(SEED)
    skew = {name: rng.randint(-400_000, 400_000) for name in REPLICAS}
    lines = {"coord-1": []}
    for name in REPLICAS:
        lines[name] = []

    def log(host, ns, level, request, msg, **fields):
        clock = ns + skew.get(host, 0)
        extra = "".join(f" {k}={v}" for k, v in fields.items())
        lines[host].append((clock, f'ts={stamp(clock)} host={host} service={"coordinator" if host == "coord-1" else "replica"} '
                                   f'level={level} request_id={request} msg="{msg}"{extra}'))

    now = START_NS
    for index in range(1, REQUESTS + 1):
        request = f"req-{index:05d}"
        key = f"user:{rng.randint(1, 999)}"
        now += rng.randint(20, 80) * 1_000_000
        log("coord-1", now, "info", request, "received put", key=key)
        chosen = rng.sample(REPLICAS, 3)
        spare = [r for r in REPLICAS if r not in chosen]
        for replica in chosen:
            now += rng.randint(200, 600) * 1_000
            log("coord-1", now, "info", request, f"sending write to {replica}")
            target = replica
            if rng.random() < 0.06 and spare:
                now += rng.randint(100, 300) * 1_000
                log("coord-1", now, "error", request, f"{replica} refused connection")
                target = spare.pop(0)
                now += rng.randint(100, 300) * 1_000
                log("coord-1", now, "info", request, f"falling back to {target}")
            now += rng.randint(2, 9) * 1_000_000
            log(target, now, "info", request, f"stored {key}", version=index)
            now += rng.randint(2, 9) * 1_000_000
            log("coord-1", now, "info", request, f"{target} acked")
        now += rng.randint(200, 900) * 1_000
        log("coord-1", now, "info", request, "write acknowledged", acks=3)

    for host, entries in lines.items():
        entries.sort()
        with open(os.path.join(out, f"{host}.log"), "w") as handle:
            handle.write("".join(text + "\n" for _, text in entries))


if __name__ == "__main__":
    main()
