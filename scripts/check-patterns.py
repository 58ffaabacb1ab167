#!/usr/bin/env python3
"""Check Patterns/*.yaml against the real logs in ../shared/data (never run by CI).

For every pattern file it
  1. emulates format detection (share of the first 64 non-empty, non-skip lines matched by `record`,
     ties broken by priority, then by the number of named groups) on every log file of the data folder
     and compares the winner with the expected pattern;
  2. for every loghub 2k dataset, checks that the `message` capture of `record` equals the `Content`
     column of `<X>_2k.log_structured_corrected.csv` on every line;
  3. applies the event rules in order to each Content (first match gives the event type; a line no rule
     matches gets a type of its own) and reports the loghub group accuracy against the ground-truth
     EventId grouping.

Python's `regex` module understands the PCRE `(?<name>...)` syntax used in the pattern files.
Usage: scripts/check-patterns.py [--data DIR] [--verbose]
"""
import argparse
import csv
import glob
import json
import os
import sys
from collections import defaultdict

import regex
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# file (relative to the data folder) -> pattern expected to be detected
EXPECTED = {
    "hdfs_20k/HDFS_20000.log": "hdfs",
    "loghub_2k/HDFS/HDFS_2k.log": "hdfs",
    "loghub_2k/Hadoop/Hadoop_2k.log": "hadoop",
    "loghub_2k/OpenStack/OpenStack_2k.log": "openstack",
    "loghub_2k/OpenSSH/OpenSSH_2k.log": "openssh",
    "loghub_2k/Spark/Spark_2k.log": "spark",
    "loghub_2k/Zookeeper/Zookeeper_2k.log": "zookeeper",
    "loghub_2k/Linux/Linux_2k.log": "linux",
    "loghub_2k/Apache/Apache_2k.log": "apache-error",
    "loghub_2k/Android/Android_2k.log": "android",
    "loghub_2k/Windows/Windows_2k.log": "windows-cbs",
    "nezha_trainticket/2023-01-29/log/08_50_log.csv": "trainticket",
}

# loghub dataset folder -> pattern whose record/events are checked
LOGHUB = {
    "HDFS": "hdfs", "Hadoop": "hadoop", "OpenStack": "openstack", "OpenSSH": "openssh",
    "Spark": "spark", "Zookeeper": "zookeeper", "Linux": "linux", "Apache": "apache-error",
    "Android": "android", "Windows": "windows-cbs",
}

# hand-made lines for the generic formats: pattern -> lines it must match (and win detection on)
EXAMPLES = {
    "log4j": ["2024-03-01 12:00:01,123 INFO  [main] org.example.App - Started in 2.1 s",
              "2024-03-01 12:00:02.456 ERROR [pool-1-thread-3] com.acme.Worker: job 17 failed"],
    "logback": ["2024-03-01 12:00:01.123 WARN  o.e.s.OrderService [http-nio-8080-exec-1] order 42 delayed",
                "16:48:42.424 INFO  t.s.TravelServiceImpl#532 [getRouteByRouteId] route found"],
    "apache-access": ['127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326'],
    "nginx-access": ['203.0.113.9 - - [01/Mar/2024:12:00:01 +0000] "POST /api/v1/login HTTP/1.1" 401 57 '
                     '"https://example.com/" "Mozilla/5.0 (X11; Linux x86_64)" "-"'],
    "syslog-rfc3164": ["<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8"],
    "syslog-rfc5424": ['<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 '
                       '[exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] An application event',
                       "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - 'su root' failed on /dev/pts/8"],
    "logfmt": ['time=2024-03-01T12:00:01Z level=info msg="request done" method=GET path=/ status=200 trace_id=abc'],
    "jsonl": ['{"time":"2024-03-01T12:00:01Z","level":"info","msg":"request done","trace_id":"abc"}'],
}

LOGFMT_PAIR = regex.compile(r'(?:^|\s)[A-Za-z_][\w.@/-]*=(?:"(?:[^"\\]|\\.)*"|[^\s"]*)')


def load_patterns():
    patterns = []
    for path in sorted(glob.glob(os.path.join(ROOT, "Patterns", "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            p = yaml.safe_load(f)
        p["_file"] = os.path.basename(path)
        p.setdefault("format", "regex")
        p.setdefault("priority", 50)
        # PCRE2's `(?J)` (duplicate group names) is the `regex` module's default.
        record = p.get("record", "")
        p["_record"] = regex.compile(record[4:] if record.startswith("(?J)") else record) if p["format"] == "regex" else None
        p["_skip"] = regex.compile(p["skip"]) if p.get("skip") else None
        p["_groups"] = len(p["_record"].groupindex) if p["_record"] else 0
        p["_events"] = [(e["type"], regex.compile(e["pattern"])) for e in p.get("events") or []]
        patterns.append(p)
    return patterns


def structural_match(p, line):
    """The json / logfmt structural checks as this script emulates them."""
    if p["format"] == "json":
        if not line.lstrip().startswith("{"):
            return False
        try:
            return isinstance(json.loads(line), dict)
        except ValueError:
            return False
    if p["format"] == "logfmt":
        return len(LOGFMT_PAIR.findall(line)) >= 2
    if p["_record"] is None:
        # format: csv, whose records this script does not emulate.
        return False
    return p["_record"].search(line) is not None


def detect(patterns, lines):
    scores = []
    for p in patterns:
        sample = [l for l in lines if l.strip() and not (p["_skip"] and p["_skip"].search(l))][:64]
        if not sample:
            continue
        share = sum(1 for l in sample if structural_match(p, l)) / len(sample)
        scores.append((share, p["priority"], p["_groups"], p["name"]))
    scores.sort(reverse=True)
    best = scores[0] if scores else (0, 0, 0, "generic")
    return ("generic" if best[0] < 0.5 else best[3]), scores


def head_lines(path, n=400):
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            out.append(line.rstrip("\r\n"))
            if len(out) >= n:
                break
    return out


def group_accuracy(truth, predicted):
    """loghub group accuracy: a line is right when its predicted group has exactly its truth group's lines."""
    by_truth = defaultdict(set)
    by_pred = defaultdict(set)
    for i, (t, p) in enumerate(zip(truth, predicted)):
        by_truth[t].add(i)
        by_pred[p].add(i)
    right = 0
    for i, (t, p) in enumerate(zip(truth, predicted)):
        if by_truth[t] == by_pred[p]:
            right += 1
    return right / len(truth)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    data = os.path.abspath(args.data)
    patterns = load_patterns()
    by_name = {p["name"]: p for p in patterns}
    assert len(by_name) == len(patterns), "duplicate pattern names"
    failures = 0

    print("== hand-made examples of the generic formats")
    for name, lines in EXAMPLES.items():
        p = by_name[name]
        matched = all(structural_match(p, l) for l in lines)
        winner, _ = detect(patterns, lines)
        ok = matched and winner == name
        failures += 0 if ok else 1
        print(f"{'ok ' if ok else 'BAD'} {name}: all lines match {matched}, detected as {winner}")
        if p["_record"] is not None:
            for l in lines:
                m = p["_record"].match(l)
                if m:
                    print("     ", {k: v for k, v in m.groupdict().items() if v is not None})

    print("== detection")
    files = sorted(glob.glob(os.path.join(data, "**", "*"), recursive=True))
    for path in files:
        rel = os.path.relpath(path, data)
        if not os.path.isfile(path) or not (rel.endswith(".log") or rel in EXPECTED or "hdfs_train" in rel):
            continue
        winner, scores = detect(patterns, head_lines(path))
        expected = EXPECTED.get(rel)
        ok = expected is None or winner == expected
        failures += 0 if ok else 1
        runner = next((s for s in scores if s[3] != winner), None)
        print(f"{'ok ' if ok else 'BAD'} {rel}: {winner} (expected {expected}); "
              f"top {scores[0][:1] + scores[0][3:] if scores else '-'}; next {runner}")

    print("== loghub messages and event rules")
    for folder, name in LOGHUB.items():
        p = by_name[name]
        base = os.path.join(data, "loghub_2k", folder, f"{folder}_2k.log")
        with open(base, encoding="utf-8") as f:
            raw = [l.rstrip("\r\n") for l in f]
        with open(base + "_structured_corrected.csv", encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert len(raw) == len(rows), (folder, len(raw), len(rows))
        bad_msg = 0
        for line, row in zip(raw, rows):
            m = p["_record"].match(line)
            msg = m.group("message") if m else None
            if msg != row["Content"]:
                bad_msg += 1
                if bad_msg <= 3:
                    print(f"   message mismatch {folder}: {line!r}\n      got {msg!r}\n      want {row['Content']!r}")
        predicted = []
        unmatched = 0
        for i, row in enumerate(rows):
            t = next((ty for ty, rx in p["_events"] if rx.search(row["Content"])), None)
            if t is None:
                unmatched += 1
                t = f"unmatched-{i}"
            predicted.append(t)
        truth = [r["EventId"] for r in rows]
        acc = group_accuracy(truth, predicted)
        if args.verbose:
            pairs = defaultdict(set)
            for t, pr in zip(truth, predicted):
                pairs[t].add(pr)
            for t, prs in sorted(pairs.items()):
                if len(prs) > 1 or any(sum(1 for x in predicted if x == q) != sum(1 for x in truth if x == t) for q in prs):
                    print(f"   {folder} {t} -> {sorted(prs)[:5]}")
        failures += (bad_msg > 0) + (acc < 0.99)
        print(f"{'ok ' if bad_msg == 0 and acc >= 0.99 else 'BAD'} {folder}: message mismatches {bad_msg}/{len(rows)}, "
              f"rules {len(p['_events'])}, unmatched {unmatched}, group accuracy {acc:.4f}")
    print("failures:", failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
