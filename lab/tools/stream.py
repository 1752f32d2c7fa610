#!/usr/bin/env python3
"""stream.py -- a steady DNS query stream for the lab's failover scenarios.

Sends one UDP query every INTERVAL ms (default 10) to one address, each with
its own ID and the NSID option; records for every query its send time, its
answer time or its loss (no answer within TIMEOUT, default 1 s) and which
node answered (the NSID string, else the first TXT string of the answer).
It runs for --duration seconds or until SIGTERM/SIGINT, then waits at most
TIMEOUT for the answers still in flight and writes its results.

Given the moment of a failure (--event EPOCH, or --event-file FILE holding
time.time() of the injection, read when the stream ends), it computes the
failover time: from the event to the first answer from a site other than
the one that answered before it (or from --expect SITE).

    ip netns exec CLIENT lab/tools/stream.py 198.51.100.1 \\
        --qname myawesomedns.something --duration 5 \\
        --event-file RUN/event --out RUN/stream.json

Output: JSON (--out FILE, else none) and one human summary line on stdout.
  stream.py --analyse FILE [--event T] [--expect SITE] recomputes the figures
  of a saved result.  Intervals are timed with time.monotonic(); the wall
  clock (time.time()) is read once at the start, so every recorded instant
  is start_wall + (monotonic - start_mono), comparable with other processes'
  time.time() stamps.
"""
import argparse
import collections
import errno
import json
import os
import random
import select
import signal
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dnswire  # noqa: E402

MAX_DURATION = 3600.0


def analyse(queries, event=None, before=None, expect=None, timeout_ms=1000):
    """Figures of a stream.  queries: (sent wall time, rtt ms or None, site
    or None) in send order.  event: wall time of the failure or None.
    before: the site answering before the event (default: the one that
    answered most queries answered before it).  expect: the site that must
    answer after the failover (default: any other than before)."""
    sent = len(queries)
    answered = [q for q in queries if q[1] is not None]
    sites = collections.Counter(q[2] for q in answered)
    res = {
        "sent": sent,
        "answered": len(answered),
        "lost": sent - len(answered),
        "sites": dict(sites),
        "event": event,
        "before": before,
        "after": None,
        "failover_ms": None,
        "first_after_sent_ms": None,
        "last_before_ms": None,
        "lost_after_event": None,
        "flipbacks": None,
        "longest_loss_ms": 0.0,
        "longest_loss_run": 0,
    }
    # The longest run of consecutive unanswered queries, in queries and in
    # milliseconds (first lost send to first answered send after it).
    run, run_start = 0, None
    for i, q in enumerate(queries):
        if q[1] is None:
            if run == 0:
                run_start = q[0]
            run += 1
            if run > res["longest_loss_run"]:
                res["longest_loss_run"] = run
                end = queries[i + 1][0] if i + 1 < sent else q[0]
                res["longest_loss_ms"] = round((end - run_start) * 1000, 1)
        else:
            run = 0
    if event is None:
        return res
    recv = [(q[0] + q[1] / 1000.0, q) for q in answered]
    if before is None:
        pre = collections.Counter(q[2] for t, q in recv if t <= event)
        before = pre.most_common(1)[0][0] if pre else None
        res["before"] = before
    recv.sort(key=lambda x: x[0])
    if expect is not None and expect == before:
        # No change expected (a client that stays where it is): only the
        # losses and the answers from elsewhere count.
        res["after"] = before
        res["lost_after_event"] = sum(
            1 for q in queries
            if q[1] is None and q[0] >= event - timeout_ms / 1000.0)
        res["flipbacks"] = sum(1 for t, q in recv
                               if t >= event and q[2] != before)
        return res
    first = None
    for t, q in recv:
        if t < event:
            continue
        if (expect is not None and q[2] == expect) or \
           (expect is None and q[2] != before):
            first = (t, q)
            break
    olds = [t for t, q in recv if q[2] == before]
    if olds:
        res["last_before_ms"] = round((olds[-1] - event) * 1000, 1)
    lo = event - timeout_ms / 1000.0
    res["lost_after_event"] = sum(1 for q in queries
                                  if q[1] is None and q[0] >= lo)
    if first is not None:
        t, q = first
        res["after"] = q[2]
        res["failover_ms"] = round((t - event) * 1000, 1)
        res["first_after_sent_ms"] = round((q[0] - event) * 1000, 1)
        res["flipbacks"] = sum(1 for u in olds if u > t)
    return res


def summary(server, a):
    s = "%s: %d sent, %d answered, %d lost" % (server, a["sent"],
                                              a["answered"], a["lost"])
    if a["sites"]:
        s += " (" + ", ".join("%s %d" % (k if k is not None else "?", v)
                              for k, v in sorted(a["sites"].items(),
                                                 key=lambda x: -x[1])) + ")"
    if a["event"] is not None:
        if a["after"] is not None and a["after"] == a["before"]:
            s += "; stayed at %s" % a["before"]
            if a["flipbacks"]:
                s += " but %d answers came from elsewhere" % a["flipbacks"]
        elif a["failover_ms"] is not None:
            s += "; %s -> %s %.1f ms after the event" % (
                a["before"], a["after"], a["failover_ms"])
            if a["last_before_ms"] is not None:
                s += " (last answer from %s at %+.1f ms)" % (
                    a["before"], a["last_before_ms"])
            if a["flipbacks"]:
                s += ", %d answers from %s after that" % (a["flipbacks"],
                                                          a["before"])
        else:
            s += "; no answer from another site after the event"
        s += "; %d lost since the event" % a["lost_after_event"]
    if a["longest_loss_run"]:
        s += "; longest loss %d queries / %.0f ms" % (
            a["longest_loss_run"], a["longest_loss_ms"])
    return s


def read_event(path, wait):
    """The epoch time in FILE (first word), waiting up to wait seconds
    for it to appear; None if it does not."""
    end = time.monotonic() + wait
    while True:
        try:
            with open(path) as f:
                words = f.read().split()
            if words:
                return float(words[0])
        except (OSError, ValueError):
            pass
        if time.monotonic() >= end:
            return None
        time.sleep(0.02)


class Stream:
    def __init__(self, args):
        self.a = args
        fam = socket.AF_INET6 if ":" in args.server else socket.AF_INET
        self.s = socket.socket(fam, socket.SOCK_DGRAM)
        if args.source:
            self.s.bind((args.source, 0))
        self.s.connect((args.server, args.port))
        self.s.setblocking(False)
        self.interval = args.interval / 1000.0
        self.timeout = args.timeout / 1000.0
        self.mono0 = time.monotonic()
        self.wall0 = time.time()
        self.base = random.randrange(65536)
        self.q = []              # [sent mono, rtt ms or None, site, rcode]
        self.pending = {}        # id -> index in self.q
        self.refused = 0
        self.late = 0
        self.stray = 0
        self.stop = False
        self.ready = args.ready

    def wall(self, m):
        return self.wall0 + (m - self.mono0)

    def send(self, now):
        i = len(self.q)
        qid = (self.base + i) & 0xFFFF
        if qid in self.pending:  # 65536 in flight: cannot happen at 1 s
            self.expire(now, force=qid)
        msg = dnswire.query(qid, self.a.qname, self.a.qtype)
        self.q.append([now, None, None, None])
        try:
            self.s.send(msg)
        except OSError as e:
            # ECONNREFUSED from an earlier ICMP error, or no route: the
            # query is lost; record it as sent.
            if e.errno == errno.ECONNREFUSED:
                self.refused += 1
            return
        self.pending[qid] = i

    def receive(self):
        while True:
            try:
                msg = self.s.recv(4096)
            except BlockingIOError:
                return
            except ConnectionRefusedError:
                self.refused += 1
                continue
            except OSError:
                return
            now = time.monotonic()
            try:
                qid, rcode, nsid, txt = dnswire.parse_reply(msg)
            except ValueError:
                self.stray += 1
                continue
            i = self.pending.pop(qid, None)
            if i is None:
                self.late += 1
                continue
            rec = self.q[i]
            rec[1] = (now - rec[0]) * 1000.0
            rec[2] = nsid if nsid is not None else txt
            rec[3] = rcode
            if self.ready:
                with open(self.ready + ".tmp", "w") as f:
                    f.write("%s\n" % rec[2])
                os.rename(self.ready + ".tmp", self.ready)
                self.ready = None

    def expire(self, now, force=None):
        for qid, i in list(self.pending.items()):
            if qid == force or now - self.q[i][0] > self.timeout:
                del self.pending[qid]

    def run(self):
        dur = min(self.a.duration or MAX_DURATION, MAX_DURATION)
        end = self.mono0 + dur
        nxt = self.mono0
        while True:
            now = time.monotonic()
            if self.stop or now >= end:
                break
            if now >= nxt:
                self.send(now)
                nxt += self.interval
                if nxt < now:   # fell behind (scheduling): no burst
                    nxt = now + self.interval
            self.expire(now)
            wait = max(0.0, min(nxt, end) - time.monotonic())
            r, _, _ = select.select([self.s], [], [], wait)
            if r:
                self.receive()
        # Wait (bounded by the timeout) for the answers in flight.
        last = time.monotonic() + self.timeout
        while self.pending:
            now = time.monotonic()
            self.expire(now)
            if not self.pending or now >= last:
                break
            r, _, _ = select.select([self.s], [], [], min(0.05, last - now))
            if r:
                self.receive()
        self.s.close()

    def result(self, event):
        queries = [(self.wall(m), rtt, site) for m, rtt, site, _ in self.q]
        a = analyse(queries, event, self.a.before, self.a.expect,
                    self.a.timeout)
        a["refused"] = self.refused
        a["late"] = self.late
        return {
            "tool": "stream",
            "label": self.a.label,
            "server": self.a.server,
            "port": self.a.port,
            "qname": self.a.qname,
            "qtype": self.a.qtype,
            "interval_ms": self.a.interval,
            "timeout_ms": self.a.timeout,
            "start": self.wall0,
            # per query: ms after start sent, rtt ms or null, site, rcode
            "queries": [[round((m - self.mono0) * 1000, 3),
                         None if rtt is None else round(rtt, 3), site, rc]
                        for m, rtt, site, rc in self.q],
            "analysis": a,
        }


def load_queries(doc):
    return [(doc["start"] + q[0] / 1000.0, q[1], q[2])
            for q in doc["queries"]]


def write_out(path, doc):
    if path == "-":
        json.dump(doc, sys.stdout, indent=1)
        print()
        return
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    os.rename(tmp, path)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("server", nargs="?")
    p.add_argument("-p", "--port", type=int, default=53)
    p.add_argument("-q", "--qname", default=".")
    p.add_argument("-t", "--qtype", default="SOA")
    p.add_argument("-i", "--interval", type=float, default=10.0,
                   help="ms between queries (10)")
    p.add_argument("-T", "--timeout", type=float, default=1000.0,
                   help="ms until a query counts as lost (1000)")
    p.add_argument("-d", "--duration", type=float, default=0,
                   help="seconds to run (0: until SIGTERM/SIGINT; "
                        "an hour at most)")
    p.add_argument("-s", "--source", help="source address to bind")
    p.add_argument("--event", type=float, help="epoch time of the failure")
    p.add_argument("--event-file",
                   help="file holding the epoch time of the failure")
    p.add_argument("--before", help="site answering before the event")
    p.add_argument("--expect", help="site that must answer after it")
    p.add_argument("--ready", help="file written at the first answer")
    p.add_argument("--label", default="")
    p.add_argument("-o", "--out", help="JSON result file ('-': stdout)")
    p.add_argument("--analyse", metavar="FILE",
                   help="recompute the figures of a saved result")
    a = p.parse_args(argv)

    if a.analyse:
        with open(a.analyse) as f:
            doc = json.load(f)
        ev = a.event
        if ev is None and a.event_file:
            ev = read_event(a.event_file, 0)
        if ev is None:
            ev = doc["analysis"].get("event")
        doc["analysis"] = analyse(load_queries(doc), ev, a.before, a.expect,
                                  doc["timeout_ms"])
        if a.out:
            write_out(a.out, doc)
        print(summary(doc["server"], doc["analysis"]))
        return 0
    if not a.server:
        p.error("an address to query is needed")
    if a.interval < 1 or a.timeout < a.interval:
        p.error("interval at least 1 ms, timeout at least the interval")

    st = Stream(a)

    def on_signal(signum, frame):
        st.stop = True
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    st.run()
    ev = a.event
    if ev is None and a.event_file:
        ev = read_event(a.event_file, 1.0)
    doc = st.result(ev)
    if a.out:
        write_out(a.out, doc)
    print(summary(a.server, doc["analysis"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
