#!/usr/bin/env python3
"""tcplong.py -- one long TCP connection to an anycast address across a
failover, then a new one.

Opens a TCP connection to ADDR port 53 and sends a query over it every
INTERVAL ms (default 200; RFC 7766 pipelining: it does not wait for the
previous answer; castnsd closes idle connections after 10 s by default,
so stay well under it).  It reports how the connection ends:

  reset    the peer answered a segment with RST: the connection's state
           lived on the old node, the new node knows nothing of it
           ("affinity loss")
  closed   the peer closed it (FIN), e.g. the serving process died
  stalled  no answer for --stall ms although queries are outstanding
  error    another socket error (no route, ...)
  alive    still answered when the run ended

Then it opens a new connection at once and reports the time to connect and
to its first answer and which node answered (NSID), plus --more answers on
it.  With --event/--event-file (epoch time of the failure, see stream.py)
the end of the long connection is also given relative to the failure.

Output: JSON (--out FILE) and a human summary on stdout.  Every wait is
bounded; stops early on SIGTERM/SIGINT.
"""
import argparse
import errno
import json
import os
import random
import select
import signal
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dnswire  # noqa: E402
from stream import read_event, write_out  # noqa: E402

MAX_DURATION = 600.0


class Clock:
    def __init__(self):
        self.mono0 = time.monotonic()
        self.wall0 = time.time()

    def wall(self, m):
        return self.wall0 + (m - self.mono0)


def connect(addr, port, timeout, source=None):
    """A connected non-blocking TCP socket, or raises OSError."""
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    try:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if source:
            s.bind((source, 0))
        s.setblocking(False)
        rc = s.connect_ex((addr, port))
        if rc not in (0, errno.EINPROGRESS):
            raise OSError(rc, os.strerror(rc))
        _, w, _ = select.select([], [s], [], timeout)
        if not w:
            raise OSError(errno.ETIMEDOUT, "connect timed out")
        rc = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if rc:
            raise OSError(rc, os.strerror(rc))
    except BaseException:
        s.close()
        raise
    return s


class Conn:
    """Framed DNS over one TCP socket; records every query."""

    def __init__(self, sock, qname, qtype):
        self.s = sock
        self.qname, self.qtype = qname, qtype
        self.buf = b""
        self.base = random.randrange(65536)
        self.q = []            # [sent mono, rtt ms or None, site]
        self.pending = {}

    def send(self, now):
        i = len(self.q)
        qid = (self.base + i) & 0xFFFF
        msg = dnswire.query(qid, self.qname, self.qtype)
        self.q.append([now, None, None])
        self.pending[qid] = i
        # A 2-octet length and ~50 octets: fits any send buffer at once.
        self.s.send(struct.pack("!H", len(msg)) + msg)

    def receive(self):
        """Reads what is there; returns False on EOF.  Raises OSError
        (ConnectionResetError on RST)."""
        while True:
            try:
                data = self.s.recv(65536)
            except BlockingIOError:
                return True
            now = time.monotonic()
            if not data:
                return False
            self.buf += data
            while len(self.buf) >= 2:
                (n,) = struct.unpack("!H", self.buf[:2])
                if len(self.buf) < 2 + n:
                    break
                msg, self.buf = self.buf[2:2 + n], self.buf[2 + n:]
                try:
                    qid, _, nsid, txt = dnswire.parse_reply(msg)
                except ValueError:
                    continue
                i = self.pending.pop(qid, None)
                if i is not None:
                    self.q[i][1] = (now - self.q[i][0]) * 1000.0
                    self.q[i][2] = nsid if nsid is not None else txt

    def last_answer(self):
        ts = [m + rtt / 1000.0 for m, rtt, _ in self.q if rtt is not None]
        return max(ts) if ts else None


def classify(err):
    if isinstance(err, ConnectionResetError):
        return "reset"
    if isinstance(err, BrokenPipeError):
        return "closed"
    return "error"


def long_phase(a, clk, stopper):
    """The long connection; returns (Conn or None, end dict)."""
    t0 = time.monotonic()
    try:
        c = Conn(connect(a.server, a.port, 3.0, a.source), a.qname, a.qtype)
    except OSError as e:
        return None, {"kind": "connect-failed", "error": str(e),
                      "mono": time.monotonic()}
    dur = min(a.duration or MAX_DURATION, MAX_DURATION)
    end = t0 + dur
    iv = a.interval / 1000.0
    stall = a.stall / 1000.0
    nxt = time.monotonic()
    kind, detail = "alive", ""
    try:
        while True:
            now = time.monotonic()
            if stopper["stop"] or now >= end:
                break
            if now >= nxt:
                c.send(now)
                nxt += iv
                if nxt < now:
                    nxt = now + iv
                got = [r[2] for r in c.q if r[1] is not None]
                if a.ready and got:
                    with open(a.ready, "w") as f:
                        f.write("%s\n" % got[0])
                    a.ready = None
            if c.pending:
                oldest = min(c.q[i][0] for i in c.pending.values())
                last = c.last_answer() or 0
                if now - max(oldest, last) > stall:
                    kind = "stalled"
                    detail = "%d queries without an answer for %d ms" % (
                        len(c.pending), a.stall)
                    break
            r, _, _ = select.select([c.s], [], [],
                                    max(0.0, min(nxt, end) - now))
            if r and not c.receive():
                kind, detail = "closed", "the peer closed the connection"
                break
    except OSError as e:
        kind, detail = classify(e), "%s (%s)" % (
            e.strerror or str(e), errno.errorcode.get(e.errno, e.errno))
    res = {"kind": kind, "detail": detail, "mono": time.monotonic()}
    c.s.close()
    return c, res


def new_phase(a, more):
    """A new connection right after the end of the long one: time to
    connect, to the first answer, and who answered.  Until connect_wait
    has passed, a connection refused, or reset before its first answer
    (a server that is still starting), is tried again and counted."""
    t0 = time.monotonic()
    retry_end = t0 + a.connect_wait / 1000.0
    retries = 0
    while True:
        res = try_new(a, more, t0)
        again = res.pop("retry", False)
        if not again or time.monotonic() >= retry_end:
            if retries:
                res["connect_retries"] = retries
            return res
        retries += 1
        time.sleep(0.02)


def try_new(a, more, t0):
    res = {"connect_ms": None, "first_answer_ms": None, "site": None,
           "answers": 0, "sites": [], "error": None}
    try:
        s = connect(a.server, a.port, 3.0, a.source)
    except OSError as e:
        res["error"] = "connect: %s" % e
        res["retry"] = True
        return res
    res["connect_ms"] = round((time.monotonic() - t0) * 1000, 2)
    c = Conn(s, a.qname, a.qtype)
    try:
        for k in range(1 + more):
            c.send(time.monotonic())
            deadline = time.monotonic() + 2.0
            while c.pending and time.monotonic() < deadline:
                r, _, _ = select.select([s], [], [],
                                        deadline - time.monotonic())
                if r and not c.receive():
                    raise OSError(errno.EPIPE, "closed by the peer")
            if c.pending:
                res["error"] = "no answer within 2 s"
                break
            m, rtt, site = c.q[-1]
            res["answers"] += 1
            res["sites"].append(site)
            if k == 0:
                res["first_answer_ms"] = round(
                    (m + rtt / 1000.0 - t0) * 1000, 2)
                res["site"] = site
            time.sleep(a.interval / 1000.0)
    except OSError as e:
        res["error"] = str(e)
        res["retry"] = res["answers"] == 0
    s.close()
    return res


def summarise(doc):
    lg, nw = doc["long"], doc["new"]
    s = "long TCP connection to %s" % doc["server"]
    if lg["site"]:
        s += " (answered by %s)" % lg["site"]
    s += ": %d queries, %d answered" % (lg["sent"], lg["answered"])
    k = lg["end"]
    when = ""
    if k["after_event_ms"] is not None:
        when = " %.0f ms after the failure" % k["after_event_ms"]
    if k["kind"] == "reset":
        s += "; reset by the peer%s (affinity loss)" % when
    elif k["kind"] == "closed":
        s += "; closed by the peer%s" % when
    elif k["kind"] == "stalled":
        s += "; stalled%s: %s" % (when, k["detail"])
    elif k["kind"] == "alive":
        s += "; still alive at the end"
    else:
        s += "; %s%s: %s" % (k["kind"], when, k.get("detail") or
                             k.get("error", ""))
    if lg["unanswered"]:
        s += ", %d queries unanswered" % lg["unanswered"]
    if nw is not None:
        if nw["error"] and nw["first_answer_ms"] is None:
            s += ". New connection: failed (%s)" % nw["error"]
        else:
            s += (". New connection: connected in %.1f ms, first answer "
                  "after %.1f ms from %s (%d answers)") % (
                nw["connect_ms"], nw["first_answer_ms"], nw["site"],
                nw["answers"])
    return s


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("server")
    p.add_argument("-p", "--port", type=int, default=53)
    p.add_argument("-q", "--qname", default=".")
    p.add_argument("-t", "--qtype", default="SOA")
    p.add_argument("-i", "--interval", type=float, default=200.0,
                   help="ms between queries on the connection (200)")
    p.add_argument("--stall", type=float, default=3000.0,
                   help="ms without an answer that end the long "
                        "connection (3000)")
    p.add_argument("-d", "--duration", type=float, default=30.0,
                   help="seconds the long connection may last (30)")
    p.add_argument("-s", "--source")
    p.add_argument("--more", type=int, default=2,
                   help="answers to get on the new connection after "
                        "the first (2)")
    p.add_argument("--no-reconnect", action="store_true")
    p.add_argument("--connect-wait", type=float, default=0,
                   help="ms to retry a refused new connection (0: the "
                        "first attempt counts)")
    p.add_argument("--event", type=float)
    p.add_argument("--event-file")
    p.add_argument("--ready", help="file written at the first answer")
    p.add_argument("--label", default="")
    p.add_argument("-o", "--out")
    a = p.parse_args(argv)
    if a.interval < 1 or a.interval > 9000:
        p.error("interval between 1 and 9000 ms (castnsd's idle timeout "
                "is 10 s)")

    stopper = {"stop": False}

    def on_signal(signum, frame):
        stopper["stop"] = True
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    clk = Clock()
    c, end = long_phase(a, clk, stopper)
    nw = None
    if not a.no_reconnect and end["kind"] != "alive":
        nw = new_phase(a, a.more)
    ev = a.event
    if ev is None and a.event_file:
        ev = read_event(a.event_file, 1.0)
    q = c.q if c else []
    sites = [r[2] for r in q if r[1] is not None]
    end_wall = clk.wall(end.pop("mono"))
    end["wall"] = end_wall
    end["after_event_ms"] = (round((end_wall - ev) * 1000, 1)
                             if ev is not None else None)
    last = c.last_answer() if c else None
    doc = {
        "tool": "tcplong",
        "label": a.label,
        "server": a.server,
        "port": a.port,
        "interval_ms": a.interval,
        "start": clk.wall0,
        "event": ev,
        "long": {
            "site": sites[0] if sites else None,
            "sites": sorted(set(s for s in sites if s is not None)),
            "sent": len(q),
            "answered": len(sites),
            "unanswered": len(q) - len(sites),
            "last_answer_ms": (round((clk.wall(last) - ev) * 1000, 1)
                               if last is not None and ev is not None
                               else None),
            "end": end,
            "queries": [[round((m - clk.mono0) * 1000, 3),
                         None if rtt is None else round(rtt, 3), site]
                        for m, rtt, site in q],
        },
        "new": nw,
    }
    if a.out:
        write_out(a.out, doc)
    print(summarise(doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
