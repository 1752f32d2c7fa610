#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""cookie.py -- DNS Cookies (RFC 7873, RFC 9018) end to end against one server.

Knot DNS as configured for the differential suite does not do cookies, so
castnsd's cookies cannot be compared with it; this checks them against the
RFCs instead, over UDP and TCP:
  1. a client cookie alone gets a normal answer carrying the same client
     cookie and a server cookie of 8 to 32 octets (RFC 7873 5.2.3);
  2. sending that server cookie back gets a normal answer, the same client
     cookie and a valid server cookie (5.2.5);
  3. a wrong server cookie is treated as a client cookie alone: a normal
     answer (or BADCOOKIE) with a fresh server cookie (5.2.4);
  4. a server cookie learnt with one client cookie, sent with another,
     is not valid: a fresh one comes back (RFC 9018 4.3: the server cookie
     depends on the client cookie);
  5. no cookie in, no cookie out.
Output TAP; exit 1 on a failure.

    cookie.py --server HOST@PORT --zone ZONE
"""

import argparse
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dnsdiff  # noqa: E402


def query(server, zone, cookie, tcp):
	q = dnsdiff.Query(zone, "SOA", "-")
	q.tcp = tcp
	qid = struct.unpack("!H", os.urandom(2))[0]
	msg = q.wire(qid)
	if cookie is not None:
		# replace the empty OPT RDATA with the COOKIE option
		msg = msg[:-2] + struct.pack("!H", 4 + len(cookie)) + \
		    struct.pack("!HH", 10, len(cookie)) + cookie
	if tcp:
		raw = dnsdiff.ask_tcp(server, msg, 2.0)
	else:
		raw = dnsdiff.ask_udp(server, msg, qid, 2.0)
	if raw is None:
		return None
	return dnsdiff.parse_message(raw)


def cookie_of(r):
	if r is None or r.opt is None:
		return None
	for code, val in r.opt["options"]:
		if code == 10:
			return val
	return None


def main():
	ap = argparse.ArgumentParser()
	ap.add_argument("--server", required=True)
	ap.add_argument("--zone", required=True)
	args = ap.parse_args()
	host, _, port = args.server.rpartition("@")
	server = (host, int(port))
	n = 0
	bad = 0

	def tap(ok, label, why=""):
		nonlocal n, bad
		n += 1
		bad += 0 if ok else 1
		print("%s %d - %s%s" % ("ok" if ok else "not ok", n, label,
		    " # " + why if why else ""))

	def answered(r):
		return r is not None and r.rcode == 0 and r.sections["answer"]

	for tcp in (False, True):
		t = "tcp" if tcp else "udp"
		cc = os.urandom(8)
		r = query(server, args.zone, cc, tcp)
		c = cookie_of(r)
		tap(answered(r) and c is not None and c[:8] == cc and
		    8 <= len(c) - 8 <= 32,
		    "%s: client cookie alone -> answer, client cookie echoed, "
		    "server cookie 8-32 octets" % t,
		    "rcode %s, cookie %s" % (r.rcode if r else "none",
					    c.hex() if c else "none"))
		if c is None or len(c) < 16:
			continue
		sc = c[8:]
		r = query(server, args.zone, cc + sc, tcp)
		c2 = cookie_of(r)
		tap(answered(r) and c2 is not None and c2[:8] == cc and
		    8 <= len(c2) - 8 <= 32,
		    "%s: valid server cookie sent back -> answer with cookie" % t,
		    "rcode %s, cookie %s" % (r.rcode if r else "none",
					    c2.hex() if c2 else "none"))
		wrong = bytes(b ^ 0x5a for b in sc)
		r = query(server, args.zone, cc + wrong, tcp)
		c3 = cookie_of(r)
		tap(r is not None and r.rcode in (0, 23) and c3 is not None and
		    c3[:8] == cc and c3[8:] != wrong,
		    "%s: wrong server cookie -> answer or BADCOOKIE, fresh "
		    "server cookie" % t,
		    "rcode %s, cookie %s" % (r.rcode if r else "none",
					    c3.hex() if c3 else "none"))
		other = os.urandom(8)
		r = query(server, args.zone, other + sc, tcp)
		c4 = cookie_of(r)
		tap(r is not None and r.rcode in (0, 23) and c4 is not None and
		    c4[:8] == other and c4[8:] != sc,
		    "%s: server cookie of another client cookie -> not accepted "
		    "as valid (fresh one)" % t,
		    "rcode %s, cookie %s" % (r.rcode if r else "none",
					    c4.hex() if c4 else "none"))
		r = query(server, args.zone, None, tcp)
		tap(answered(r) and cookie_of(r) is None,
		    "%s: no cookie in, no cookie out" % t)
	print("1..%d" % n)
	return 1 if bad else 0


if __name__ == "__main__":
	sys.exit(main())
