#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""ready.py HOST PORT ZONE PID SECONDS -- wait until ZONE's SOA is answered.

Asks HOST@PORT for ZONE SOA over UDP every 20 ms (each try waits 20 ms for
the reply) until an answer with NOERROR and a record arrives (exit 0), PID
dies or SECONDS pass (exit 1).  Stdlib only; finer-grained than kdig, whose
shortest timeout is a second.
"""
import os
import random
import socket
import struct
import sys
import time


def main():
	host, port, zone, pid, secs = sys.argv[1:6]
	qname = b"".join(bytes([len(l)]) + l.encode()
			 for l in zone.rstrip(".").split(".") if l) + b"\0"
	fam = socket.AF_INET6 if ":" in host else socket.AF_INET
	s = socket.socket(fam, socket.SOCK_DGRAM)
	s.settimeout(0.02)
	end = time.monotonic() + float(secs)
	while time.monotonic() < end:
		try:
			os.kill(int(pid), 0)
		except OSError:
			return 1
		qid = random.getrandbits(16)
		try:
			s.sendto(struct.pack("!HHHHHH", qid, 0, 1, 0, 0, 0) + qname +
				 b"\0\6\0\1", (host, int(port)))
			data = s.recv(65535)
			rid, flags, _, an = struct.unpack("!HHHH", data[:8])
			if rid == qid and flags & 15 == 0 and an > 0:
				return 0
		except (socket.timeout, OSError, struct.error):
			time.sleep(0.005)
	return 1


if __name__ == "__main__":
	sys.exit(main())
