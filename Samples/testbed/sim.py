"""Discrete-event core of the testbed: hosts with skewed clocks, calls, one-way messages, faults, logs.

Time is kept in integer microseconds of true time. Each execution runs in its own context (its own
event queue, crashed hosts and fault budget), Molly-style; executions are laid out over time so that
they overlap in the logs.
"""

import heapq
import json
import random
import re
from datetime import datetime, timedelta, timezone

EPOCH = datetime(2026, 1, 15, 10, 0, 0, tzinfo=timezone.utc)
HOP_MIN_US, HOP_MAX_US = 300, 1500
SKEW_MAX_US = 5000
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
THREADS = ["main", "worker-1", "worker-2", "io-3"]


def stamp(us):
    return EPOCH + timedelta(microseconds=us)


def format_line(layout, host, us, level, text, thread, lineno):
    """One log line of `layout` at skewed time `us`."""
    t = stamp(us)
    if layout == "log4j":
        return "%s.%03d %-5s [%s] %s" % (t.strftime("%Y-%m-%d %H:%M:%S"), t.microsecond // 1000, level, thread, text)
    if layout == "json":
        record = {
            "ts": t.strftime("%Y-%m-%dT%H:%M:%S.") + "%06dZ" % t.microsecond,
            "severity": level.lower(),
            "message": text,
            "kubernetes": {"pod_name": host, "namespace": "testbed", "container": host.rsplit("-", 1)[0]},
        }
        return json.dumps(record, sort_keys=True)
    if layout == "golog":
        return "%s.%06d %s.go:%d: %s" % (t.strftime("%Y/%m/%d %H:%M:%S"), t.microsecond, thread.split("-")[0], lineno, text)
    if layout == "clf":
        return "[%02d/%s/%04d:%s.%03d +0000] %s %s %s" % (
            t.day, MONTHS[t.month - 1], t.year, t.strftime("%H:%M:%S"), t.microsecond // 1000, host, level, text)
    raise ValueError("unknown layout %r" % layout)


class Faults:
    """The fault list of one execution (see README.md for the format)."""

    KINDS = {"crash", "delay", "error", "drop", "partition"}

    def __init__(self, faults):
        for f in faults:
            if f.get("type") not in self.KINDS:
                raise ValueError("unknown fault type in %r (expected one of %s)" % (f, sorted(self.KINDS)))
        self.faults = faults

    def for_execution(self, index):
        return [f for f in self.faults if "executions" not in f or index in f["executions"]]


class Refused(Exception):
    """Raised inside a receiver's handler at its first line when a fault scoped by `match` takes the
    call or message: the handler stops there, before that line and anything after it."""

    def __init__(self, fault):
        super().__init__(fault["type"])
        self.fault = fault


class Context:
    """One execution: an event queue, the hosts that are down, the faults, and what happened."""

    def __init__(self, system, hosts, index, exec_id, start_us, seed, faults):
        self.system, self.hosts, self.index, self.exec_id = system, hosts, index, exec_id
        self.now = start_us
        self.rng = random.Random("%s/%d/%d" % (system, seed, index))
        self.faults = [dict(f) for f in faults]
        self.down = set()
        self.queue, self.seq = [], 0
        self.records = []   # (true_us, host, level, text, event)
        self.messages = []  # dicts: from, to, op, kind, sent_us, received_us
        self.state = {}
        self.watches = []   # calls and messages in delivery whose scoped faults await the receiver's first line
        for f in self.faults:
            if f["type"] == "crash" and not f.get("after") and not f.get("after_match"):
                self.down.add(f["host"])

    # -- time and events
    def at(self, us, fn):
        self.seq += 1
        heapq.heappush(self.queue, (us, self.seq, fn))

    def run(self):
        while self.queue:
            us, _, fn = heapq.heappop(self.queue)
            self.now = us
            fn()

    def hop(self):
        return self.rng.randint(HOP_MIN_US, HOP_MAX_US)

    def work(self, lo=20, hi=120):
        self.now += self.rng.randint(lo, hi)

    # -- hosts and logs
    def up(self, host):
        return host not in self.down

    def log(self, host, event, text, level="INFO"):
        """Logs `text` on `host` (nothing when it is down); a `crash ... after` fault fires here, and a
        fault scoped by `match` on the call or message being handled takes it here (`Refused`)."""
        if not self.up(host):
            return False
        self._first_line(host, text)
        self.work(5, 40)
        self.records.append((self.now, host, level, text, event))
        for f in self.faults:
            if f["type"] == "crash" and f["host"] == host and not f.get("_fired") and (
                    f.get("after") == event or (f.get("after_match") and re.search(f["after_match"], text))):
                f["_fired"] = True
                self.down.add(host)
        return True

    # -- faults scoped by the receiver's first line (`match`)
    def _scoped(self, kinds, a, b, op):
        """The faults of `kinds` on a -> b that select by `match`, with uses left, in the list's order."""
        return [f for f in self.faults if f["type"] in kinds and f.get("match") and f.get("from") == a and f.get("to") == b
                and f.get("op", op) == op and f.get("count", 1) > 0]

    def _first_line(self, host, text):
        """The receiver's first line of a call or message it is handling: the scoped faults whose
        `match` finds it take that call or message (an error or drop stops the handler; a delay is noted)."""
        for watch in reversed(self.watches):
            if watch["host"] != host or watch["seen"]:
                continue
            watch["seen"] = True
            for f in watch["faults"]:
                if re.search(f["match"], text):
                    if "count" in f:
                        f["count"] -= 1
                    if f["type"] == "delay" and watch["kind"] == "sync":
                        watch["delay_us"] += int(f["ms"] * 1000)
                        continue
                    raise Refused(f)
            return

    def _handle(self, kind, dst, faults, fn, message):
        """Runs `fn` (the receiver's handler) watching its first line for `faults`; returns
        (result, refusing fault or None, extra response delay in us). Sets `message["logged"]`: whether
        the receiver wrote a line while handling it (a message no line shows, such as an
        acknowledgement its receiver only notes, leaves no trace in the logs)."""
        before = len(self.records)
        try:
            if not faults:
                return fn(), None, 0
            watch = {"host": dst, "kind": kind, "faults": faults, "seen": False, "delay_us": 0}
            self.watches.append(watch)
            try:
                return fn(), None, watch["delay_us"]
            except Refused as refused:
                return None, refused.fault, 0
            finally:
                self.watches.remove(watch)
        finally:
            message["logged"] = any(record[1] == dst for record in self.records[before:])

    # -- fault queries
    def _cut(self, a, b):
        for f in self.faults:
            if f["type"] == "partition" and {a, b} == {f["a"], f["b"]}:
                return True
        return False

    def _delay(self, a, b):
        extra = 0
        for f in self.faults:
            if f["type"] == "delay":
                if f.get("host") == b or (f.get("from") == a and f.get("to") == b and not f.get("match")):
                    extra += int(f["ms"] * 1000)
        return extra

    def _take(self, kind, a, b, op):
        for f in self.faults:
            if f["type"] == kind and f["from"] == a and f["to"] == b and f.get("op", op) == op and not f.get("match"):
                left = f.get("count")
                if left is None:
                    return True
                if left > 0:
                    f["count"] = left - 1
                    return True
        return False

    def _lost(self, a, b, op):
        return self._cut(a, b) or self._take("drop", a, b, op) or not self.up(b)

    # -- communication
    def send(self, src, dst, op, fn):
        """An asynchronous one-way message; `fn()` runs on `dst` when it arrives (unless lost)."""
        if not self.up(src) or self._lost(src, dst, op):
            return
        sent = self.now
        arrival = sent + self.hop() + self._delay(src, dst)

        def deliver(scoped=True):
            if not self.up(dst):
                return
            message = {"from": src, "to": dst, "op": op, "kind": "oneway", "sent_us": sent, "received_us": self.now}
            self.messages.append(message)
            faults = self._scoped({"drop", "delay"}, src, dst, op) if scoped else []
            _, refused, _ = self._handle("oneway", dst, faults, fn, message)
            if refused and refused["type"] == "delay":
                self.at(self.now + int(refused["ms"] * 1000), lambda: deliver(False))
        self.at(arrival, deliver)

    def call(self, src, dst, op, fn, timeout_us=4000, transient=True):
        """A synchronous call; returns (True, fn()) or (False, "timeout" | "error")."""
        if not self.up(src):
            return False, "crashed"
        sent = self.now
        if transient and self.rng.random() < 0.04:
            self.now += self.hop() * 2
            self.log(src, "transient_error", "transient error from %s op=%s %s, retrying" % (dst, op, self.exec_id), "WARN")
            self.now += self.rng.randint(100, 400)
            return self.call(src, dst, op, fn, timeout_us, transient=False)
        if self._take("error", src, dst, op) and self.up(dst) and not self._cut(src, dst):
            self.now += self.hop() * 2
            return False, "error"
        if self._lost(src, dst, op):
            self.now = sent + timeout_us
            return False, "timeout"
        self.now = sent + self.hop() + self._delay(src, dst)
        message = {"from": src, "to": dst, "op": op, "kind": "sync", "sent_us": sent, "received_us": self.now}
        self.messages.append(message)
        result, refused, late = self._handle("sync", dst, self._scoped({"error", "drop", "delay"}, src, dst, op), fn, message)
        if refused and refused["type"] == "error":
            self.now += self.hop()
            return False, "error"
        if refused:
            self.now = sent + timeout_us
            return False, "timeout"
        back = self.hop() + self._delay(dst, src) + late
        if not self.up(dst) or self._cut(src, dst) or self.now + back - sent > timeout_us:
            self.now = sent + timeout_us
            return False, "timeout"
        self.now += back
        self.messages.append({"from": dst, "to": src, "op": op, "kind": "response",
                              "sent_us": self.now - back, "received_us": self.now})
        return True, result
