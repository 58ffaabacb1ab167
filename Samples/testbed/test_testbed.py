"""Tests of the testbed: determinism, fault tolerance of the variants, truth against the logs."""

import contextlib
import filecmp
import io
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from systems import SYSTEMS  # noqa: E402
import testbed  # noqa: E402

# A fault set per system that exposes its buggy variant's bug (and no smaller subset of it does).
EXPOSING = {
    "broadcast": [{"type": "drop", "from": "bcast-a", "to": "bcast-b", "op": "bcast", "count": 1}],
    "2pc": [{"type": "crash", "host": "tpc-coord", "after": "vote"}],
    "kafka": [{"type": "partition", "a": "kafka-1", "b": "kafka-2"},
              {"type": "partition", "a": "kafka-1", "b": "kafka-3"},
              {"type": "crash", "host": "kafka-1", "after": "high_watermark"}],
    "fallback": [{"type": "error", "from": "recs-1", "to": "ratings-db-1"}],
    "payment": [{"type": "delay", "host": "payments-1", "ms": 12}],
    "quorum": [{"type": "error", "from": "kv-client-1", "to": "kv-2", "op": "put"},
               {"type": "error", "from": "kv-client-1", "to": "kv-3", "op": "put"},
               {"type": "crash", "host": "kv-1", "after": "fsync"}],
}


SCRATCH = tempfile.TemporaryDirectory(prefix="testbed-tests-")


def tearDownModule():
    SCRATCH.cleanup()


def scratch(prefix):
    """A new directory inside this run's scratch directory, removed when the module's tests end."""
    return tempfile.mkdtemp(prefix=prefix, dir=SCRATCH.name)


def files(out):
    """Every file under `out`, as paths relative to it, sorted."""
    return sorted(os.path.relpath(os.path.join(d, f), out) for d, _, names in os.walk(out) for f in names)


def run(system, variant="buggy", seed=3, executions=30, faults=(), merged=True):
    out = scratch("testbed-")
    truth = testbed.simulate(SYSTEMS[system], variant, seed, executions, list(faults), out, merged)
    return out, truth


class DeterminismTests(unittest.TestCase):
    def test_same_seed_gives_byte_identical_output(self):
        for name in sorted(SYSTEMS):
            a, _ = run(name, faults=EXPOSING[name])
            b, _ = run(name, faults=EXPOSING[name])
            written = files(a)
            self.assertEqual(written, files(b))
            match, mismatch, errors = filecmp.cmpfiles(a, b, written, shallow=False)
            self.assertEqual((mismatch, errors), ([], []), name)

    def test_separate_processes_with_other_hash_seeds_write_the_same_bytes(self):
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testbed.py")
        outs = []
        for hash_seed in ("1", "2"):
            out = scratch("testbed-proc-")
            env = dict(os.environ, PYTHONHASHSEED=hash_seed, PYTHONDONTWRITEBYTECODE="1")
            subprocess.run([sys.executable, script, "run", "--system", "quorum", "--variant", "buggy", "--seed", "4",
                            "--executions", "20", "--out", out, "--merged"], env=env, check=True,
                           stdout=subprocess.DEVNULL)
            outs.append(out)
        written = files(outs[0])
        self.assertIn("truth.json", written)
        self.assertIn("merged.log", written)
        self.assertIn("logs/kv-1.log", written)
        self.assertEqual(written, files(outs[1]))
        self.assertEqual(filecmp.cmpfiles(outs[0], outs[1], written, shallow=False)[1:], ([], []))

    def test_another_seed_gives_other_offsets(self):
        _, t1 = run("2pc", seed=1, executions=2)
        _, t2 = run("2pc", seed=2, executions=2)
        self.assertNotEqual(t1["hosts"], t2["hosts"])


class VariantTests(unittest.TestCase):
    def test_correct_variants_survive_every_single_fault(self):
        for name, system in sorted(SYSTEMS.items()):
            for seed in (1, 2, 3):
                for fault in testbed.catalogue(system, seed):
                    for index in range(6):
                        _, failure, _, result = testbed.verdict(system, "correct", seed, index, 0, [fault])
                        self.assertIsNone(failure, "%s %s seed %d execution %d" % (name, fault, seed, index))
                        self.assertEqual(result, "ok")

    def test_buggy_variants_have_a_fault_set_that_exposes_the_bug(self):
        for name, system in sorted(SYSTEMS.items()):
            for index in range(5):
                _, failure, reference, result = testbed.verdict(system, "buggy", 1, index, 0, EXPOSING[name])
                self.assertEqual(result, "bug", "%s execution %d" % (name, index))
                self.assertIsNotNone(failure)
                self.assertIsNone(reference)

    def test_no_smaller_fault_set_exposes_the_multi_fault_bugs(self):
        for name in ("kafka", "quorum"):
            faults = EXPOSING[name]
            self.assertEqual(len(faults), 3)
            for k in (1, 2):
                for subset in itertools.combinations(faults, k):
                    for index in range(5):
                        result = testbed.verdict(SYSTEMS[name], "buggy", 1, index, 0, list(subset))[3]
                        self.assertEqual(result, "ok", "%s %s" % (name, subset))

    def test_faults_scoped_by_the_receivers_first_line(self):
        quorum = SYSTEMS["quorum"]
        writes = [{"type": "error", "from": "kv-client-1", "to": r, "match": "stored key="} for r in ("kv-2", "kv-3")]
        for index in range(5):
            # The writes to two replicas fail while their reads succeed: with the third crashed after fsync, the bug.
            exposed = testbed.verdict(quorum, "buggy", 1, index, 0, writes + [{"type": "crash", "host": "kv-1", "after": "fsync"}])
            self.assertEqual(exposed[3], "bug")
            # Unscoped, the reads fail too and nothing is lost; a match no first line has takes nothing.
            whole = [{"type": "error", "from": "kv-client-1", "to": r} for r in ("kv-2", "kv-3")]
            self.assertEqual(testbed.verdict(quorum, "buggy", 1, index, 0, whole + [{"type": "crash", "host": "kv-1", "after": "fsync"}])[3], "ok")
            nothing = [dict(f, match="no such line") for f in writes]
            self.assertEqual(testbed.verdict(quorum, "buggy", 1, index, 0, nothing + [{"type": "crash", "host": "kv-1", "after": "fsync"}])[3], "ok")
        _, truth = run("quorum", faults=writes, executions=5, merged=False)
        stored = [line for line in truth["lines"].values() if line["event"] == "store"]
        self.assertEqual(sorted({line["host"] for line in stored}), ["kv-1"])
        self.assertEqual(sorted({line["host"] for line in truth["lines"].values() if line["event"] == "get"}), ["kv-1", "kv-2", "kv-3"])
        broadcast = [{"type": "drop", "from": "bcast-a", "to": "bcast-b", "match": "deliver"}]
        self.assertEqual(testbed.verdict(SYSTEMS["broadcast"], "buggy", 1, 0, 0, broadcast)[3], "bug")

    def test_only_a_delay_exposes_the_payment_bug(self):
        system = SYSTEMS["payment"]
        for fault in testbed.catalogue(system, 1):
            if fault["type"] == "delay":
                continue
            for index in range(4):
                self.assertNotEqual(testbed.verdict(system, "buggy", 1, index, 0, [fault])[3], "bug", fault)

    def test_fault_free_runs_are_ok(self):
        for name in sorted(SYSTEMS):
            for variant in ("correct", "buggy"):
                _, truth = run(name, variant, executions=20, merged=False)
                self.assertEqual({e["verdict"] for e in truth["executions"]}, {"ok"}, name)
                self.assertEqual({e["outcome"] for e in truth["executions"]}, {"success"}, name)

    def test_beyond_redundancy_when_both_variants_fail(self):
        # Cutting the origin off from both receivers leaves no path for the message in either variant.
        faults = [{"type": "partition", "a": "bcast-a", "b": "bcast-b"},
                  {"type": "partition", "a": "bcast-a", "b": "bcast-c"}]
        _, truth = run("broadcast", "buggy", executions=5, faults=faults)
        self.assertEqual({e["verdict"] for e in truth["executions"]}, {"beyond_redundancy"})

    def test_faults_limited_to_listed_executions(self):
        faults = [dict(EXPOSING["2pc"][0], executions=[2])]
        _, truth = run("2pc", "buggy", executions=5, faults=faults)
        self.assertEqual([e["verdict"] for e in truth["executions"]], ["ok", "ok", "bug", "ok", "ok"])

    def test_crash_after_a_matching_line_is_the_crash_after_its_event(self):
        by_event = run("2pc", "buggy", executions=5, faults=EXPOSING["2pc"])[1]
        # The 2PC coordinator logs "vote yes from <participant> for <txn>" on each vote.
        by_match = run("2pc", "buggy", executions=5, faults=[{"type": "crash", "host": "tpc-coord", "after_match": "^vote "}])[1]
        self.assertEqual([e["verdict"] for e in by_match["executions"]], [e["verdict"] for e in by_event["executions"]])
        self.assertEqual({e["verdict"] for e in by_match["executions"]}, {"bug"})

    def test_unknown_fault_type_is_rejected(self):
        with self.assertRaises(ValueError):
            run("2pc", faults=[{"type": "meteor"}])


class TruthTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.runs = {name: run(name, "buggy", seed=7, executions=40) for name in sorted(SYSTEMS)}

    def test_every_line_is_in_the_truth_and_line_counts_match(self):
        for name, (out, truth) in self.runs.items():
            for host, info in truth["hosts"].items():
                with open(os.path.join(out, info["file"])) as f:
                    count = sum(1 for _ in f)
                self.assertGreater(count, 0)
                self.assertIn("%s:%d" % (info["file"], count), truth["lines"])
                self.assertNotIn("%s:%d" % (info["file"], count + 1), truth["lines"])
            with open(os.path.join(out, "merged.log")) as f:
                merged = sum(1 for _ in f)
            per_host = sum(1 for k in truth["lines"] if not k.startswith("merged.log:"))
            self.assertEqual(merged, per_host)

    def test_output_layout_and_line_keys(self):
        # DIR/logs/<host>.log, DIR/merged.log, DIR/truth.json; keys are paths relative to DIR and a line.
        key = re.compile(r"^(logs/[a-z0-9-]+\.log|merged\.log):([1-9][0-9]*)$")
        for name, (out, truth) in self.runs.items():
            expected = ["logs/%s.log" % h for h in truth["hosts"]] + ["merged.log", "truth.json"]
            self.assertEqual(files(out), sorted(expected), name)
            for host, info in truth["hosts"].items():
                self.assertEqual(info["file"], "logs/%s.log" % host)
            for k, entry in truth["lines"].items():
                match = key.match(k)
                self.assertIsNotNone(match, k)
                if match.group(1) == "merged.log":
                    self.assertEqual(truth["lines"][entry["source"]], {f: v for f, v in entry.items() if f != "source"})
                else:
                    self.assertEqual(match.group(1), truth["hosts"][entry["host"]]["file"])
                    self.assertNotIn("source", entry)

    def test_merged_lines_are_the_host_name_and_the_source_line(self):
        for name, (out, truth) in self.runs.items():
            text = {}
            for path in files(out):
                if path.endswith(".log"):
                    with open(os.path.join(out, path)) as f:
                        text[path] = f.read().splitlines()
            for n, line in enumerate(text["merged.log"], 1):
                entry = truth["lines"]["merged.log:%d" % n]
                path, source = entry["source"].rsplit(":", 1)
                self.assertEqual(line, entry["host"] + " " + text[path][int(source) - 1])

    def test_every_id_carrying_line_maps_to_its_execution_and_noise_to_null(self):
        for name, (out, truth) in self.runs.items():
            ids = {e["id"]: e for e in truth["executions"]}
            pattern = re.compile("|".join(re.escape(i) + r"(?![0-9a-f])" for i in sorted(ids, key=len, reverse=True)))
            for host, info in truth["hosts"].items():
                with open(os.path.join(out, info["file"])) as f:
                    for n, line in enumerate(f, 1):
                        entry = truth["lines"]["%s:%d" % (info["file"], n)]
                        self.assertEqual(entry["host"], host)
                        found = pattern.findall(line)
                        if found:
                            self.assertEqual(entry["execution"], found[0], line)
                            self.assertIn(host, ids[found[0]]["hosts"])
                        else:
                            self.assertIsNone(entry["execution"], line)
            noise = sum(1 for e in truth["lines"].values() if e["execution"] is None)
            self.assertGreater(noise, 0, name)

    def test_merged_file_is_ordered_by_skewed_time(self):
        for name, (out, truth) in self.runs.items():
            times = [truth["lines"]["merged.log:%d" % n]["logged_us"]
                     for n in range(1, 1 + sum(1 for k in truth["lines"] if k.startswith("merged.log:")))]
            self.assertEqual(times, sorted(times), name)

    def test_logged_time_is_true_time_plus_the_host_offset_within_five_ms(self):
        for name, (out, truth) in self.runs.items():
            offsets = {h: i["offset_us"] for h, i in truth["hosts"].items()}
            for value in offsets.values():
                self.assertLessEqual(abs(value), 5000)  # ±5 ms
            self.assertGreater(len(set(offsets.values())), 1)
            for entry in truth["lines"].values():
                self.assertEqual(entry["logged_us"] - entry["true_us"], offsets[entry["host"]])

    def test_message_latencies_are_within_range_without_delays(self):
        for name, (out, truth) in self.runs.items():
            self.assertTrue(truth["messages"], name)
            for m in truth["messages"]:
                self.assertGreaterEqual(m["received_us"] - m["sent_us"], 300)  # 0.3 ms
                self.assertLessEqual(m["received_us"] - m["sent_us"], 1500)  # 1.5 ms

    def test_call_graph_matches_the_messages_and_uses_known_hosts(self):
        for name, (out, truth) in self.runs.items():
            hosts = set(truth["hosts"])
            self.assertTrue(truth["call_graph"])
            total = 0
            for edge in truth["call_graph"]:
                self.assertIn(edge["from"], hosts)
                self.assertIn(edge["to"], hosts)
                self.assertIn(edge["kind"], ("sync", "oneway"))
                total += edge["count"]
            self.assertEqual(total, sum(1 for m in truth["messages"] if m["kind"] != "response"))
            for edge in truth["call_graph"]:
                self.assertEqual(edge["from_service"], truth["hosts"][edge["from"]]["service"])
                self.assertTrue(0 <= edge["logged"] <= edge["count"], edge)

    def test_messages_no_line_shows_are_marked(self):
        # Broadcast's acknowledgements are only noted by their receiver: no line shows them. Its
        # deliveries write `deliver` (or nothing, for a duplicate: a relay back to the origin), 2PC's
        # participants log every request.
        _, truth = run("broadcast", "correct", seed=7, executions=40)
        self.assertTrue(any(edge["op"] == "ack" for edge in truth["call_graph"]))
        for edge in truth["call_graph"]:
            if edge["op"] == "ack":
                self.assertEqual(edge["logged"], 0, edge)
        self.assertTrue(all(edge["logged"] > 0 for edge in truth["call_graph"] if edge["from"] == "bcast-a" and edge["op"] == "bcast"))
        _, truth = self.runs["2pc"]
        for edge in truth["call_graph"]:
            self.assertEqual(edge["logged"], edge["count"], edge)

    def test_vector_clocks_order_lines_of_an_execution_in_real_time(self):
        def before(a, b):
            return a != b and all(n <= b.get(h, 0) for h, n in a.items())
        for name, (out, truth) in self.runs.items():
            by_execution = {}
            for entry in truth["lines"].values():
                if entry["execution"] is None:
                    self.assertIsNone(entry["vc"])
                elif "source" not in entry:
                    by_execution.setdefault(entry["execution"], []).append(entry)
            cross = 0
            for entries in by_execution.values():
                for a in entries:
                    self.assertEqual(sum(1 for e in entries if e["host"] == a["host"] and e["true_us"] <= a["true_us"]),
                                     a["vc"][a["host"]])
                    for b in entries:
                        if before(a["vc"], b["vc"]):
                            self.assertLess(a["true_us"], b["true_us"])
                            cross += a["host"] != b["host"]
            self.assertGreater(cross, 0, name)

    def test_executions_overlap_in_time(self):
        for name, (out, truth) in self.runs.items():
            ends = {}
            for entry in truth["lines"].values():
                if entry["execution"]:
                    ends[entry["execution"]] = max(ends.get(entry["execution"], 0), entry["true_us"])
            ex = truth["executions"]
            overlapping = sum(1 for a, b in zip(ex, ex[1:]) if b["start_us"] < ends[a["id"]])
            self.assertGreater(overlapping, 0, name)

    def test_transient_errors_are_retried_successfully(self):
        retried = 0
        for name, (out, truth) in self.runs.items():
            for e in truth["lines"].values():
                if e["event"] == "transient_error":
                    retried += 1
        self.assertGreater(retried, 0)

    def test_at_least_four_layouts(self):
        layouts = {i["layout"] for _, t in self.runs.values() for i in t["hosts"].values()}
        self.assertGreaterEqual(len(layouts), 4)


class CommandLineTests(unittest.TestCase):
    def test_run_with_a_fault_file_and_list(self):
        out = scratch("testbed-cli-")
        faults = os.path.join(out, "faults.json")
        with open(faults, "w") as f:
            json.dump({"faults": EXPOSING["payment"]}, f)
        with contextlib.redirect_stdout(io.StringIO()):
            status = testbed.main(["run", "--system", "payment", "--variant", "buggy", "--seed", "1",
                                   "--executions", "3", "--out", out + "/logs", "--faults", faults])
        self.assertEqual(status, 0)
        with open(os.path.join(out, "logs", "truth.json")) as f:
            truth = json.load(f)
        self.assertEqual([e["verdict"] for e in truth["executions"]], ["bug"] * 3)
        listing = io.StringIO()
        with contextlib.redirect_stdout(listing):
            self.assertEqual(testbed.main(["list"]), 0)
        self.assertIn("kafka-1 (log4j)", listing.getvalue())

    def test_unreadable_fault_file_exits_65(self):
        out = scratch("testbed-cli-")
        with contextlib.redirect_stderr(io.StringIO()) as errors:
            status = testbed.main(["run", "--system", "2pc", "--variant", "buggy", "--out", out,
                                   "--faults", out + "/missing.json"])
        self.assertEqual(status, 65)
        self.assertIn("missing.json", errors.getvalue())

    def test_baseline_finds_the_bug(self):
        median, counts = testbed.baseline(SYSTEMS["fallback"], seeds=3)
        self.assertEqual(len(counts), 3)
        self.assertLess(max(counts), 5000)


if __name__ == "__main__":
    unittest.main()
