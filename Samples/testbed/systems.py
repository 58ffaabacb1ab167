"""The testbed's systems, each with a correct and a buggy variant of a published fault-tolerance case.

A system has `hosts` (name, log layout), `id(index)` (the execution id as it appears in messages),
`execute(ctx, variant)` (schedules the execution on the context) and `check(ctx)` (None when the
invariant holds, else a short failure name).
"""


class System:
    name = ""
    case = ""
    hosts = []

    def id(self, index):
        return "req=%s-%06d" % (self.name[:3], index)


class Broadcast(System):
    """Molly (Alvaro et al., SIGMOD 2015): reliable broadcast. Correct: receivers relay, senders retry
    until acknowledged. Buggy: classic broadcast, one send per receiver; one dropped message breaks
    agreement."""
    name = "broadcast"
    case = "Molly: retry/relay reliable broadcast vs classic broadcast (agreement under omission)"
    hosts = [("bcast-a", "log4j"), ("bcast-b", "golog"), ("bcast-c", "clf")]

    def id(self, index):
        return "msg-%06d" % index

    def execute(self, ctx, variant):
        eid = ctx.exec_id
        delivered = ctx.state.setdefault("delivered", set())
        names = [h for h, _ in self.hosts]

        def broadcast(src, exclude):
            for dst in names:
                if dst in (src, exclude):
                    continue
                if variant == "correct":
                    send_with_retry(src, dst, 0)
                else:
                    ctx.log(src, "send", "bcast send %s to=%s" % (eid, dst))
                    ctx.send(src, dst, "bcast", lambda d=dst, s=src: receive(d, s))

        def send_with_retry(src, dst, attempt):
            if not ctx.up(src) or (src, dst) in ctx.state.setdefault("acked", set()):
                return
            if attempt == 4:
                ctx.log(src, "give_up", "bcast %s gave up on %s" % (eid, dst), "WARN")
                return
            event = "send" if attempt == 0 else "resend"
            ctx.log(src, event, "bcast %s %s to=%s attempt=%d" % (event, eid, dst, attempt + 1))
            ctx.send(src, dst, "bcast", lambda: receive(dst, src))
            ctx.at(ctx.now + 4000, lambda: send_with_retry(src, dst, attempt + 1))

        def receive(host, src):
            if variant == "correct":
                ctx.send(host, src, "ack", lambda: ctx.state["acked"].add((src, host)))
            if host in delivered:
                return
            if ctx.log(host, "deliver", "deliver %s from=%s" % (eid, src)):
                delivered.add(host)
                if variant == "correct":
                    broadcast(host, src)

        origin = names[0]
        if ctx.log(origin, "deliver", "deliver %s (origin)" % eid):
            delivered.add(origin)
            broadcast(origin, None)

    def check(self, ctx):
        live = [h for h, _ in self.hosts if ctx.up(h)]
        got = [h for h in live if h in ctx.state.get("delivered", ())]
        if got and len(got) != len(live):
            return "agreement_violated"
        return None


class TwoPhaseCommit(System):
    """Molly: two-phase commit. Correct: cooperative termination (a prepared participant that hears
    nothing asks its peers). Buggy: without it, a coordinator crash after prepare blocks participants."""
    name = "2pc"
    case = "Molly: 2PC with vs without cooperative termination (coordinator crash after prepare)"
    hosts = [("tpc-coord", "json"), ("tpc-p1", "log4j"), ("tpc-p2", "golog")]

    def id(self, index):
        return "txn-%06d" % index

    def execute(self, ctx, variant):
        eid, coord = ctx.exec_id, "tpc-coord"
        parts = ["tpc-p1", "tpc-p2"]
        st = ctx.state
        st.update(vote={}, decided={}, yes_all=False)

        def prepare(p):
            ctx.log(p, "prepare", "prepare %s, voting yes" % eid)
            st["vote"][p] = "yes"
            ctx.at(ctx.now + 9000, lambda: timeout(p))
            return "yes"

        def decide(p, d):
            if p not in st["decided"] and ctx.log(p, d, "%s %s" % (d, eid)):
                st["decided"][p] = d

        def timeout(p):
            if p in st["decided"] or not ctx.up(p):
                return
            if variant == "buggy":
                ctx.log(p, "blocked", "no decision for %s, holding locks" % eid, "WARN")
                return
            ctx.log(p, "termination", "no decision for %s, asking peers" % eid, "WARN")
            for q in parts:
                if q == p:
                    continue
                ok, answer = ctx.call(p, q, "decision_req", lambda q=q: peer_answer(q), timeout_us=3000)
                if ok and answer in ("commit", "abort"):
                    decide(p, answer)
                    return
            ctx.log(p, "blocked", "peers do not know the outcome of %s, holding locks" % eid, "WARN")

        def peer_answer(q):
            if q in st["decided"]:
                return st["decided"][q]
            if q not in st["vote"]:
                ctx.log(q, "abort_unilateral", "never prepared %s, aborting" % eid)
                st["vote"][q] = "no"
                decide(q, "abort")
                return "abort"
            return "uncertain"

        if not ctx.log(coord, "begin", "begin %s participants=%d" % (eid, len(parts))):
            return
        votes = []
        for p in parts:
            ctx.log(coord, "prepare_sent", "prepare %s -> %s" % (eid, p))
            ok, vote = ctx.call(coord, p, "prepare", lambda p=p: prepare(p))
            votes.append(ok and vote == "yes")
            ctx.log(coord, "vote", "vote %s from %s for %s" % ("yes" if votes[-1] else "none", p, eid))
        if not ctx.up(coord):
            return
        decision = "commit" if all(votes) else "abort"
        st["yes_all"] = all(votes)
        ctx.log(coord, "decision", "decision %s %s" % (eid, decision))
        for p in parts:
            if ctx.up(coord):
                ctx.send(coord, p, decision, lambda p=p: decide(p, decision))

    def check(self, ctx):
        st = ctx.state
        decisions = set(st["decided"].values())
        if len(decisions) > 1:
            return "atomicity_violated"
        live = [p for p in ("tpc-p1", "tpc-p2") if ctx.up(p)]
        blocked = [p for p in live if st["vote"].get(p) == "yes" and p not in st["decided"]]
        if not blocked:
            return None
        # Skeen's blocking window: every participant voted yes and no live one learnt the decision.
        # No termination protocol can end it; anything else is a blocked participant that could decide.
        all_yes = all(st["vote"].get(p) == "yes" for p in ("tpc-p1", "tpc-p2"))
        if all_yes and not decisions:
            return None if not ctx.up("tpc-coord") else "blocked"
        return "blocked"


class KafkaISR(System):
    """Molly: Kafka replication with the in-sync replica set. Correct: min.insync.replicas=2, the
    leader refuses writes once the ISR shrinks to itself. Buggy: it acks with ISR={leader}; when that
    leader then crashes, a replica without the record is elected and an acked write is lost."""
    name = "kafka"
    case = "Molly: Kafka ISR; acks with ISR shrunk to the leader, then leader crash loses data"
    hosts = [("producer-1", "json"), ("kafka-1", "log4j"), ("kafka-2", "log4j"), ("kafka-3", "clf"),
             ("zk-1", "golog")]

    def id(self, index):
        return "offset=%d" % (1000 + index)

    def execute(self, ctx, variant):
        eid = ctx.exec_id
        st = ctx.state
        st.update(acked=False, has=set(), isr=["kafka-1", "kafka-2", "kafka-3"], leader="kafka-1")
        min_isr = 2 if variant == "correct" else 1

        def replicate(f):
            ctx.log(f, "fetch", "replica fetched %s from leader" % eid)
            st["has"].add(f)
            return True

        def produce():
            leader = st["leader"]
            ctx.log(leader, "append", "append %s to log" % eid)
            st["has"].add(leader)
            for f in list(st["isr"]):
                if not ctx.up(leader):
                    return None
                if f == leader:
                    continue
                ok, _ = ctx.call(leader, f, "replicate", lambda f=f: replicate(f), timeout_us=3000)
                if not ok:
                    st["isr"].remove(f)
                    ctx.log(leader, "isr_shrink", "shrinking ISR, dropping %s, %s" % (f, eid), "WARN")
                    ctx.call(leader, "zk-1", "isr_update", lambda f=f: ctx.log(
                        "zk-1", "isr_update", "isr update for %s: removed %s" % (eid, f)), timeout_us=3000)
            if len(st["isr"]) < min_isr:
                ctx.log(leader, "not_enough_replicas", "NotEnoughReplicas for %s isr=%d" % (eid, len(st["isr"])),
                        "ERROR")
                return "rejected"
            ctx.log(leader, "ack", "ack %s acks=all isr=%d" % (eid, len(st["isr"])))
            # The high watermark advances once the followers' next fetches report the offset: a few
            # milliseconds later, sooner or later than the producer reads its ack.
            ctx.at(ctx.now + ctx.rng.randint(200, 4000),
                   lambda: ctx.log(leader, "high_watermark", "high watermark advanced past %s" % eid))
            return "acked"

        if not ctx.log("producer-1", "produce", "produce %s topic=orders" % eid):
            return
        ok, res = ctx.call("producer-1", "kafka-1", "produce", produce, timeout_us=20000)
        if not ok and ctx.up("producer-1"):
            ctx.log("producer-1", "produce_failed", "produce %s failed: %s" % (eid, res), "WARN")
        elif ok and res == "acked":
            st["acked"] = ctx.log("producer-1", "acked", "acked %s" % eid)
        else:
            ctx.log("producer-1", "rejected", "rejected %s: not enough replicas" % eid, "WARN")

        def elect():
            if ctx.up("kafka-1"):
                return
            alive = [h for h in ("kafka-2", "kafka-3") if ctx.up(h)]
            in_isr = [h for h in alive if h in st["isr"]]
            chosen = (in_isr or alive or [None])[0]
            if chosen is None:
                ctx.log("zk-1", "offline", "partition offline for %s, no replica alive" % eid, "ERROR")
                st["leader"] = None
                return
            if not in_isr:
                ctx.log("zk-1", "unclean_election", "unclean leader election %s new leader %s" % (eid, chosen), "WARN")
            else:
                ctx.log("zk-1", "elect", "elected %s for %s" % (chosen, eid))
            st["leader"] = chosen
        ctx.at(ctx.now + 15000, elect)

    def check(self, ctx):
        st = ctx.state
        if st["acked"] and st["leader"] is not None and st["leader"] not in st["has"]:
            return "acked_write_lost"
        return None


class FallbackChain(System):
    """Filibuster (Meiklejohn et al., SoCC 2021), Netflix/Expedia: a fallback chain primary -> fallback
    -> cache. Buggy: the fallback calls the same dependency that just failed, so one failing
    dependency fails the request."""
    name = "fallback"
    case = "Filibuster Netflix/Expedia: fallback that calls the same failed dependency"
    hosts = [("edge-1", "clf"), ("recs-1", "json"), ("ratings-db-1", "golog"), ("recs-cache-1", "log4j")]

    def id(self, index):
        return "req=%08x" % (0x5a000000 + index * 7919)

    def execute(self, ctx, variant):
        eid = ctx.exec_id
        st = ctx.state
        st["response"] = None

        def db():
            ctx.log("ratings-db-1", "query", "select ratings %s rows=12" % eid)
            return "ratings"

        def cache():
            ctx.log("recs-cache-1", "cache_hit", "cache hit %s" % eid)
            return "cached"

        def recs():
            ctx.log("recs-1", "recs", "recommendations for %s" % eid)
            ok, _ = ctx.call("recs-1", "ratings-db-1", "ratings", db, timeout_us=3000)
            if ok:
                return "personal"
            ctx.log("recs-1", "fallback", "ratings failed for %s, using fallback" % eid, "WARN")
            if variant == "buggy":
                ok, _ = ctx.call("recs-1", "ratings-db-1", "top_rated", db, timeout_us=3000)
                return "popular" if ok else None
            ok, _ = ctx.call("recs-1", "recs-cache-1", "get", cache, timeout_us=3000)
            return "cached" if ok else "static"

        if not ctx.log("edge-1", "request", "GET /home %s" % eid):
            return
        ok, body = ctx.call("edge-1", "recs-1", "recs", recs, timeout_us=9000)
        if not ok:
            ctx.log("edge-1", "degraded", "recs unavailable for %s, serving static page" % eid, "WARN")
            body = "static"
        if body:
            ctx.log("edge-1", "response", "200 %s body=%s" % (eid, body))
        else:
            ctx.log("edge-1", "error", "500 %s: recs failed" % eid, "ERROR")
        st["response"] = body

    def check(self, ctx):
        if ctx.up("edge-1") and ctx.state.get("response") is None:
            return "request_failed"
        return None


class PaymentRetry(System):
    """A client retry whose timeout is shorter than the server's processing under delay: without an
    idempotency key the server charges twice (only a delay exposes it)."""
    name = "payment"
    case = "Timeout shorter than processing under delay: retried payment charged twice"
    hosts = [("shop-1", "log4j"), ("payments-1", "json"), ("ledger-1", "clf")]

    def id(self, index):
        return "order=o%05d" % index

    def execute(self, ctx, variant):
        eid = ctx.exec_id
        st = ctx.state
        st.update(charges=0, keys=set(), paid=False)
        key = "idem-%d" % ctx.index

        def ledger():
            if variant == "correct" and key in st["keys"]:
                ctx.log("ledger-1", "dedup", "duplicate %s key=%s, already charged" % (eid, key))
                return True
            st["keys"].add(key)
            ctx.log("ledger-1", "charge", "charge %s amount=42.00" % eid)
            st["charges"] += 1
            return True

        def pay(attempt):
            ctx.log("payments-1", "pay", "pay %s attempt=%d" % (eid, attempt))
            ctx.work(800, 1500)
            ok, _ = ctx.call("payments-1", "ledger-1", "charge", ledger, timeout_us=3000)
            return ok

        if not ctx.log("shop-1", "checkout", "checkout %s" % eid):
            return
        for attempt in (1, 2, 3):
            ok, res = ctx.call("shop-1", "payments-1", "pay", lambda a=attempt: pay(a), timeout_us=12000)
            if ok and res:
                st["paid"] = ctx.log("shop-1", "paid", "paid %s" % eid)
                return
            ctx.log("shop-1", "retry", "payment %s attempt=%d failed, retrying" % (eid, attempt), "WARN")

    def check(self, ctx):
        if ctx.state["charges"] > 1:
            return "double_charge"
        return None


class QuorumStore(System):
    """A replicated register over three replicas with a read-repair-free sloppy write: correct writes
    need a majority (2 of 3) acks; buggy acks once any one replica stored it, so losing the replicas
    that stored it (or cutting them off) loses an acked write."""
    name = "quorum"
    case = "Quorum store: write acked by one replica; lost when replicas fail"
    hosts = [("kv-client-1", "golog"), ("kv-1", "json"), ("kv-2", "json"), ("kv-3", "clf")]

    def id(self, index):
        return "key=k%04d" % index

    def execute(self, ctx, variant):
        eid = ctx.exec_id
        st = ctx.state
        st.update(stored=set(), acked=False, read=None)
        need = 2 if variant == "correct" else 1
        replicas = ["kv-1", "kv-2", "kv-3"]

        def store(r):
            ctx.log(r, "store", "stored %s version=1" % eid)
            st["stored"].add(r)
            ctx.at(ctx.now + 300, lambda: ctx.log(r, "fsync", "fsync done for %s" % eid))
            return True

        if not ctx.log("kv-client-1", "put", "put %s" % eid):
            return
        acks = 0
        for r in replicas:
            ok, _ = ctx.call("kv-client-1", r, "put", lambda r=r: store(r), timeout_us=3000)
            acks += 1 if ok else 0
        if acks >= need:
            st["acked"] = ctx.log("kv-client-1", "put_ok", "put ok %s acks=%d" % (eid, acks))
        else:
            ctx.log("kv-client-1", "put_failed", "put failed %s acks=%d" % (eid, acks), "WARN")
        ctx.at(ctx.now + 1500, lambda: self.read(ctx, need))

    def read(self, ctx, need):
        eid, st = ctx.exec_id, ctx.state
        found = answered = 0
        for r in ("kv-1", "kv-2", "kv-3"):
            def get(r=r):
                ctx.log(r, "get", "get %s" % eid)
                return r in st["stored"]
            ok, has = ctx.call("kv-client-1", r, "get", get, timeout_us=3000)
            answered += 1 if ok else 0
            found += 1 if ok and has else 0
        if answered >= need:
            st["read"] = found > 0
            ctx.log("kv-client-1", "get_ok", "get %s found=%s" % (eid, str(found > 0).lower()))

    def check(self, ctx):
        st = ctx.state
        if st["acked"] and st["read"] is False:
            return "acked_write_lost"
        return None


SYSTEMS = {s.name: s for s in (Broadcast(), TwoPhaseCommit(), KafkaISR(), FallbackChain(), PaymentRetry(),
                               QuorumStore())}
