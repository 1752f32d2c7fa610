#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""xfrslow.py -- an AXFR client that stops reading half-way.

    xfrslow.py ADDR PORT ZONE GOFILE

Asks for ZONE by AXFR (unsigned) with a small receive buffer, reads the
first message, prints "paused" and stops reading until GOFILE exists
(at most 60 s), then reads the rest.  Prints one line:
"records N messages M serials FIRST LAST" (the SOA serials that open and
close the transfer).  Exit 0 if the transfer ended with a second SOA.
"""
import os
import socket
import struct
import sys
import time


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise EOFError("closed after %d of %d octets" % (len(buf), n))
        buf += chunk
    return buf


def skip_name(m, off):
    while True:
        n = m[off]
        if n >= 0xC0:
            return off + 2
        off += 1 + n
        if n == 0:
            return off


def main():
    addr, port, zone, gofile = sys.argv[1], int(sys.argv[2]), sys.argv[3], \
        sys.argv[4]
    wire = b"".join(bytes([len(x)]) + x.encode()
                    for x in zone.rstrip(".").split(".")) + b"\0"
    q = struct.pack("!6H", 0x5151, 0, 1, 0, 0, 0) + wire + \
        struct.pack("!HH", 252, 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.settimeout(20)
    s.connect((addr, port))
    s.sendall(struct.pack("!H", len(q)) + q)
    records = messages = 0
    serials = []
    paused = False
    while len(serials) < 2:
        n = struct.unpack("!H", recv_exact(s, 2))[0]
        m = recv_exact(s, n)
        messages += 1
        if m[3] & 0xF:
            print("rcode %d" % (m[3] & 0xF))
            return 1
        qd, an = struct.unpack("!HH", m[4:8])
        off = 12
        for _ in range(qd):
            off = skip_name(m, off) + 4
        for _ in range(an):
            off = skip_name(m, off)
            typ, _, _, rdlen = struct.unpack("!HHIH", m[off:off + 10])
            off += 10
            if typ == 6:
                serials.append(struct.unpack("!I", m[off + rdlen - 20:
                                                       off + rdlen - 16])[0])
            off += rdlen
            records += 1
        if not paused:
            paused = True
            print("paused", flush=True)
            end = time.time() + 60
            while not os.path.exists(gofile) and time.time() < end:
                time.sleep(0.05)
    print("records %d messages %d serials %d %d" %
          (records, messages, serials[0], serials[-1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
