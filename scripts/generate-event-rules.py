#!/usr/bin/env python3
"""Generate the event rules of Patterns/<name>.yaml from the loghub 2k ground-truth templates.

This is how the generated event rules of the shipped pattern files were made; it is committed for
reproducibility and is never run by CI. It needs the loghub 2k data (../shared/data/loghub_2k) and the
Python packages `regex` and `PyYAML` (the latter only for the final self-check).

For every dataset it reads `<X>_2k.log_templates_corrected.csv` and turns each template into a rule:
  * literal text is escaped, each run of `<*>` becomes a lazy `.*?` (loghub's `<*>` may match an empty
    string or several tokens), each run of spaces becomes ` +`, and the rule is anchored `^...$`
    (`^...(?=\\n|$)` when the pattern's records may span several lines, so that a stack trace after the
    first line does not stop the rule from matching);
  * the type is `<pattern>.<slug of the leading literal words>_e<N>`.
Rules are tried in order and the first match wins, so the order matters. The script orders them
most-specific first: rule A goes before rule B when B's regex also matches a ground-truth line of A
(a topological order of that relation, read from `<X>_2k.log_structured_corrected.csv`); where the relation
says nothing (or has a cycle), templates with more literal characters go first.

The rules are written between the marker comments
    # BEGIN generated event rules ...
    # END generated event rules
in the `events:` list of the pattern file; anything outside the markers (hand-written rules, which are
tried first when placed above the markers) is kept. Without markers, an `events:` block is appended.

Usage: scripts/generate-event-rules.py [--data DIR] [DATASET ...]     (default: all datasets below)
"""
import argparse
import csv
import heapq
import os
import re
import sys

import regex

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# loghub 2k folder -> pattern file name (HDFS has hand-written rules in Patterns/hdfs.yaml)
DATASETS = {
    "Hadoop": "hadoop",
    "OpenStack": "openstack",
    "OpenSSH": "openssh",
    "Spark": "spark",
    "Zookeeper": "zookeeper",
    "Linux": "linux",
    "Apache": "apache-error",
    "Android": "android",
    "Windows": "windows-cbs",
}

BEGIN = "  # BEGIN generated event rules (scripts/generate-event-rules.py from the loghub templates; do not edit)"
END = "  # END generated event rules"
SPECIAL = set("\\^$.|?*+()[]{}")


def escape(text):
    """PCRE-escape literal template text; a run of spaces matches one or more spaces."""
    out = []
    for part in re.split(r"( +)", text):
        if part.startswith(" "):
            out.append(" +")
        else:
            out.append("".join("\\" + c if c in SPECIAL else c for c in part))
    return "".join(out)


def template_regex(template, multiline=False):
    """`^...$`; for multi-line records `(?=\\n|$)` ends the rule at the end of the first line instead."""
    pieces = re.split(r"(?:<\*>)+", template)
    return "^" + ".*?".join(escape(p) for p in pieces) + (r"(?=\n|$)" if multiline else "$")


def literal_length(template):
    return len(re.sub(r"<\*>", "", template).replace(" ", ""))


def slug(template, limit=4):
    words = re.findall(r"[A-Za-z][A-Za-z0-9]*", re.sub(r"<\*>", " ", template))
    s = "_".join(w.lower() for w in words[:limit])
    return s[:48].strip("_") or "event"


def order_rules(rules, lines):
    """Topological order of 'A before B when B also matches a line of A', ties by literal length."""
    ids = [r["id"] for r in rules]
    before = {i: set() for i in ids}  # before[b] = rules that must come before b
    for a in rules:
        for b in rules:
            if a["event"] == b["event"]:
                continue
            if any(b["compiled"].search(c) for c in lines.get(a["event"], [])):
                # b would steal a's lines: a goes first, unless a also steals b's lines (a cycle)
                if not any(a["compiled"].search(c) for c in lines.get(b["event"], [])):
                    before[b["id"]].add(a["id"])
    rank = {r["id"]: (-r["literal"], r["id"]) for r in rules}
    indegree = {i: len(before[i]) for i in ids}
    after = {i: [] for i in ids}
    for b, preds in before.items():
        for a in preds:
            after[a].append(b)
    heap = [(rank[i], i) for i in ids if indegree[i] == 0]
    heapq.heapify(heap)
    out = []
    while heap:
        _, i = heapq.heappop(heap)
        out.append(i)
        for b in after[i]:
            indegree[b] -= 1
            if indegree[b] == 0:
                heapq.heappush(heap, (rank[b], b))
    if len(out) < len(ids):  # a cycle: place the rest by literal length
        out += sorted((i for i in ids if i not in out), key=lambda i: rank[i])
    index = {r["id"]: r for r in rules}
    return [index[i] for i in out]


def yaml_quote(s):
    return "'" + s.replace("'", "''") + "'"


def wildcard_values(template, contents):
    pieces = re.split(r"(?:<\*>)+", template)
    rx = regex.compile("^" + "(.*?)".join(escape(p) for p in pieces) + "$")
    return pieces, [m.groups() for m in (rx.search(c) for c in contents) if m]


def specialize(template, own, others):
    """Tell apart events that loghub gives the same template: make literal the one wildcard that has a
    single value on all of this event's lines (`own`), a value the other events' lines (`others`) never
    have there, choosing the wildcard with the fewest distinct values overall (a category such as a user
    name rather than an address)."""
    pieces, mine = wildcard_values(template, own)
    _, theirs = wildcard_values(template, others)
    if not mine or len(mine) < len(own):
        return template
    best = None
    for k in range(len(pieces) - 1):
        value = {v[k] for v in mine}
        if len(value) != 1 or value & {v[k] for v in theirs}:
            continue
        distinct = len({v[k] for v in mine + theirs})
        if best is None or distinct < best[0]:
            best = (distinct, k, value.pop())
    if best is None:
        return template
    _, k, value = best
    return "<*>".join(pieces[:k + 1]) + value + "<*>".join(pieces[k + 1:])


def build(folder, name, data, multiline=False):
    base = os.path.join(data, "loghub_2k", folder, f"{folder}_2k.log")
    with open(base + "_templates_corrected.csv", encoding="utf-8", newline="") as f:
        templates = list(csv.DictReader(f))
    with open(base + "_structured_corrected.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    # the templates of each event: the templates file's, then any other the structured file gives
    by_event = {}
    for t in templates:
        by_event.setdefault(t["EventId"], []).append(t["EventTemplate"])
    for row in rows:
        known = by_event.setdefault(row["EventId"], [])
        if row["EventTemplate"] not in known:
            known.append(row["EventTemplate"])
    lines = {}
    for row in rows:
        lines.setdefault(row["EventId"], []).append(row["Content"])
    # events sharing a template (loghub gives a few): keep apart by the wildcards constant in their lines
    owners = {}
    for eid, ts in by_event.items():
        for t in ts:
            owners.setdefault(t, set()).add(eid)
    # the event the templates file itself gives a shared template keeps it, as the general case
    declared = {t["EventId"]: t["EventTemplate"] for t in templates}
    specialized = {}
    for eid, ts in by_event.items():
        specialized[eid] = list(dict.fromkeys(
            specialize(t, lines.get(eid, []), [c for o in sorted(owners[t] - {eid}) for c in lines.get(o, [])])
            if len(owners[t]) > 1 and declared.get(eid) != t else t for t in ts))
    by_event = specialized
    rules = []
    for eid, ts in by_event.items():
        type_name = f"{name}.{slug(ts[0])}_{eid.lower()}"
        for k, template in enumerate(ts):
            rx = template_regex(template, multiline)
            rules.append({"id": f"{eid}#{k}", "event": eid, "template": template, "regex": rx,
                          "compiled": regex.compile(rx), "literal": literal_length(template),
                          "type": type_name})
    types = [r["type"] for r in rules]
    assert len(set(types)) == len(by_event), "type names collide"
    # every ground-truth line must match one of its own event's rules
    misses = [row for row in rows
              if not any(r["compiled"].search(row["Content"]) for r in rules if r["event"] == row["EventId"])]
    for row in misses[:5]:
        print(f"  warning {folder}: {row['EventId']} does not match its line {row['Content']!r}", file=sys.stderr)
    return order_rules(rules, lines), len(misses)


def render(rules):
    lines = [BEGIN]
    for r in rules:
        lines.append(f"  - type: {r['type']}")
        lines.append(f"    pattern: {yaml_quote(r['regex'])}")
    lines.append(END)
    return "\n".join(lines) + "\n"


def write(path, block):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    start = text.find(BEGIN.strip())
    if start >= 0:
        start = text.rfind("\n", 0, start) + 1
        end = text.index(END.strip(), start)
        end = text.index("\n", end) + 1 if "\n" in text[end:] else len(text)
        text = text[:start] + block + text[end:]
    else:
        if not text.endswith("\n"):
            text += "\n"
        if re.search(r"^events:", text, re.M):
            raise SystemExit(f"{path}: has an events: list but no generated-rules markers; add them")
        text += "events:\n" + block
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("datasets", nargs="*")
    args = ap.parse_args()
    data = os.path.abspath(args.data)
    for folder in args.datasets or DATASETS:
        name = DATASETS[folder]
        path = os.path.join(ROOT, "Patterns", f"{name}.yaml")
        with open(path, encoding="utf-8") as f:
            multiline = not re.search(r"^continuation: none\s*$", f.read(), re.M)
        rules, misses = build(folder, name, data, multiline)
        write(path, render(rules))
        print(f"{name}: {len(rules)} rules, {misses} ground-truth lines not matching their own template")


if __name__ == "__main__":
    main()
