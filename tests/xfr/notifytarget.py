#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""notifytarget.py -- a NOTIFY receiver for tests/xfr/t-notify.sh.

    notifytarget.py PORT MODE LOG

Listens on 127.0.0.1@PORT (UDP) for at most 60 s.  Each NOTIFY received
appends "MS ZONE SERIAL" to LOG (ms since the epoch; the serial from the
SOA in the answer section, or -).  MODE "ignore=N" leaves the first N
of each zone and serial unanswered and then answers NOERROR (question echoed, QR and AA set);
MODE "refuse" answers REFUSED.
"""
import socket
import struct
import sys
import time


def name_at(m, off):
    labels = []
    while m[off]:
        labels.append(m[off + 1:off + 1 + m[off]].decode(errors="replace"))
        off += 1 + m[off]
    return ".".join(labels) + ".", off + 1


def main():
    port, mode, log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    ignore = int(mode.split("=")[1]) if mode.startswith("ignore=") else 0
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", port))
    s.settimeout(1)
    end = time.time() + 60
    seen = {}
    while time.time() < end:
        try:
            m, peer = s.recvfrom(4096)
        except socket.timeout:
            continue
        if len(m) < 12 or (m[2] >> 3) & 0xF != 4 or m[2] & 0x80:
            continue
        zone, off = name_at(m, 12)
        qend = off + 4
        serial = "-"
        if struct.unpack("!H", m[6:8])[0] > 0:
            p = qend + 2 if m[qend] & 0xC0 else name_at(m, qend)[1]
            rdlen = struct.unpack("!H", m[p + 8:p + 10])[0]
            rd = m[p + 10:p + 10 + rdlen]
            serial = str(struct.unpack("!I", rd[-20:-16])[0])
        with open(log, "a") as f:
            f.write("%d %s %s\n" % (int(time.time() * 1000), zone, serial))
        seen[(zone, serial)] = seen.get((zone, serial), 0) + 1
        if mode == "refuse":
            rcode = 5
        elif seen[(zone, serial)] > ignore:
            rcode = 0
        else:
            continue
        reply = m[:2] + bytes([0x80 | (4 << 3) | 0x04, rcode]) + \
            struct.pack("!4H", 1, 0, 0, 0) + m[12:qend]
        s.sendto(reply, peer)


if __name__ == "__main__":
    main()
