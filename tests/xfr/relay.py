#!/usr/bin/env python3
"""relay.py -- a stand-in primary in front of a real one, for the xfr suites.

    relay.py PORT UPSTREAM_PORT READY_FILE [--slow] [--udp-tc] [--from ADDR]

Listens on 127.0.0.1@PORT (UDP and TCP) and relays to 127.0.0.1@UPSTREAM.
UDP queries are passed on, or with --udp-tc answered at once with an empty
truncated response (TC, no records), so the client must retry over TCP.
TCP connections are piped both ways; with --slow the upstream's replies go
at about 1 MB/s (a kill lands mid-transfer), with --from ADDR the upstream
connection comes from ADDR.  READY_FILE is created once it listens.
"""
import argparse
import socket
import struct
import threading
import time

ap = argparse.ArgumentParser()
ap.add_argument("port", type=int)
ap.add_argument("up", type=int)
ap.add_argument("ready")
ap.add_argument("--slow", action="store_true")
ap.add_argument("--udp-tc", action="store_true")
ap.add_argument("--from", dest="src", default=None)
args = ap.parse_args()

u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", args.port))
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind(("127.0.0.1", args.port))
t.listen(8)


def truncated(q):
    """The header and question of q as a truncated, empty answer."""
    end = 12
    while q[end]:
        end += q[end] + 1
    flags = 0x8000 | 0x0400 | 0x0200
    return q[:2] + struct.pack("!HHHHH", flags, 1, 0, 0, 0) + q[12:end + 5]


def udp():
    while True:
        q, a = u.recvfrom(65535)
        if args.udp_tc:
            u.sendto(truncated(q), a)
            continue
        k = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        k.settimeout(2)
        k.sendto(q, ("127.0.0.1", args.up))
        try:
            u.sendto(k.recv(65535), a)
        except OSError:
            pass
        k.close()


def pipe(a, b, slow):
    try:
        while True:
            d = a.recv(32768)
            if not d:
                break
            b.sendall(d)
            if slow:
                time.sleep(0.03)
    except OSError:
        pass
    for s in (a, b):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


threading.Thread(target=udp, daemon=True).start()
open(args.ready, "w").close()
while True:
    c, _ = t.accept()
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if args.src:
        s.bind((args.src, 0))
    s.connect(("127.0.0.1", args.up))
    threading.Thread(target=pipe, args=(c, s, False), daemon=True).start()
    threading.Thread(target=pipe, args=(s, c, args.slow), daemon=True).start()
