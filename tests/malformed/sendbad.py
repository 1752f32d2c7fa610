#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""sendbad.py -- send malformed DNS messages to a server, check its replies.

Python 3 standard library only.  Every case is a message a correct server
must answer with FORMERR or not answer at all: short headers, wrong
QDCOUNT, bad compression pointers (forward, self, loop), oversize names,
label types 0x40/0x80, bad OPT records, truncated records, responses
(QR=1), seeded random bytes.  Each is sent over UDP and over TCP; TCP also
gets framing abuse (huge length prefix, zero-length message, stream cut in
the middle).  While a TCP client stalls, a normal query on another
connection must still be answered.  Output is TAP; the exit status is 1 when
any case got another answer.

    sendbad.py --server 127.0.0.1@5353 --zone myawesomedns.something [--seed N]
"""

import argparse
import random
import select
import socket
import struct
import sys
import time


def name(n):
	out = b""
	for label in n.rstrip(".").split("."):
		if label:
			out += bytes([len(label)]) + label.encode()
	return out + b"\0"


def header(qid=0x1234, flags=0, qd=1, an=0, ns=0, ar=0):
	return struct.pack("!HHHHHH", qid, flags, qd, an, ns, ar)


def question(qname="www.example.test", qtype=1, qclass=1):
	return name(qname) + struct.pack("!HH", qtype, qclass)


def opt(payload=1232, rdata=b"", owner=b"\0", ttl=0):
	return owner + struct.pack("!HHIH", 41, payload, ttl, len(rdata)) + rdata


def cases(zone, seed):
	"""Yields (label, message) for every malformed message."""
	q = question("www." + zone)
	yield "empty datagram", b""
	for n in (1, 2, 5, 11):
		yield "short header (%d bytes)" % n, header()[:n]
	yield "QDCOUNT 0, nothing else", header(qd=0)
	yield "QDCOUNT 0 with a question present", header(qd=0) + q
	yield "QDCOUNT 1, no question", header()
	yield "QDCOUNT 2, two questions", header(qd=2) + q + question(zone, 6)
	yield "QDCOUNT 2, one question", header(qd=2) + q
	yield "QDCOUNT 65535", header(qd=65535) + q
	yield "question without type and class", header() + name("www." + zone)
	yield "question with half a type", header() + name("www." + zone) + b"\0"
	yield "question with type, no class", header() + name("www." + zone) + \
	    b"\0\1"
	yield "label runs past the end", header() + b"\x05ab"
	yield "name without terminating root", header() + b"\x03www\x07example"
	# compression pointers
	yield "forward pointer", header() + b"\xc0\x20" + b"\0\1\0\1"
	yield "pointer past the end", header() + b"\xc3\xff\0\1\0\1"
	yield "pointer to itself", header() + b"\xc0\x0c\0\1\0\1"
	yield "pointer loop (a->b->a)", header() + b"\x01a\xc0\x10\xc0\x0c\0\1\0\1"
	yield "pointer into the header", header() + b"\xc0\x02\0\1\0\1"
	yield "pointer chain of 200 links", header() + \
	    b"".join(struct.pack("!H", 0xc000 | (12 + 2 * (i + 1)))
		     for i in range(200)) + b"\0\0\1\0\1"
	yield "truncated pointer", header() + b"\x03www\xc0"
	# names and labels
	yield "name of 320 octets (5 x 63)", header() + \
	    b"".join(b"\x3f" + b"a" * 63 for _ in range(5)) + b"\0\0\1\0\1"
	yield "name of 256 octets", header() + \
	    b"".join(b"\x3f" + b"b" * 63 for _ in range(4)) + b"\0\0\1\0\1"
	yield "name of 128 one-octet labels + more", header() + \
	    b"\x01x" * 130 + b"\0\0\1\0\1"
	yield "label type 0x40 (extended)", header() + b"\x41\x00" + b"\0\0\1\0\1"
	yield "label type 0x80 (reserved)", header() + b"\x83www\0\0\1\0\1"
	yield "label length 0x7f", header() + b"\x7f" + b"z" * 127 + b"\0\0\1\0\1"
	# OPT
	yield "two OPT records", header(ar=2) + q + opt() + opt()
	yield "OPT with a non-root owner", header(ar=1) + q + opt(owner=name("x"))
	yield "OPT in the answer section", header(an=1) + q + opt()
	yield "OPT in the authority section", header(ns=1) + q + opt()
	yield "OPT option truncated (header only)", header(ar=1) + q + \
	    opt(rdata=b"\x00\x03")
	yield "OPT option longer than RDATA", header(ar=1) + q + \
	    opt(rdata=b"\x00\x03\x00\x10abc")
	yield "OPT RDLENGTH past the end", header(ar=1) + q + \
	    b"\0" + struct.pack("!HHIH", 41, 1232, 0, 40) + b"\x00\x03\x00\x00"
	yield "OPT cut in its fixed part", header(ar=1) + q + b"\0\x00\x29\x04"
	yield "COOKIE option of 5 bytes", header(ar=1) + q + \
	    opt(rdata=b"\x00\x0a\x00\x05abcde")
	yield "COOKIE option of 41 bytes", header(ar=1) + q + \
	    opt(rdata=b"\x00\x0a\x00\x29" + b"c" * 41)
	# records
	yield "ARCOUNT 1, nothing there", header(ar=1) + q
	yield "ARCOUNT 3, one OPT", header(ar=3) + q + opt()
	yield "truncated RR (no RDLENGTH)", header(ar=1) + q + \
	    name("x") + b"\0\1\0\1\0\0\0\1"
	yield "RR RDATA past the end", header(ar=1) + q + name("x") + \
	    struct.pack("!HHIH", 1, 1, 60, 200) + b"\1\2\3\4"
	yield "trailing octets after the question", header() + q + b"\0\0\0"
	yield "trailing octets after the OPT", header(ar=1) + q + opt() + b"\xff"
	yield "ANCOUNT 65535 in a query", header(an=65535) + q
	yield "NSCOUNT 2, nothing there", header(ns=2) + q
	# responses must not be answered (or FORMERR)
	yield "QR=1 (a response)", header(flags=0x8000) + q
	yield "QR=1 with answer", header(flags=0x8400, an=1) + q + \
	    name("www." + zone) + struct.pack("!HHIH", 1, 1, 60, 4) + b"\xc6\x33\x64\x50"
	yield "QR=1, short", header(flags=0x8000)[:6]
	# seeded random bytes: QR and opcode forced to 0 so that no answer but
	# FORMERR is right (a random opcode could be NOTIMP, a random QR=1 a
	# response)
	rnd = random.Random(seed)
	for i in range(120):
		ln = rnd.choice((rnd.randint(0, 40), rnd.randint(12, 600)))
		b = bytearray(rnd.getrandbits(8) for _ in range(ln))
		if ln > 2:
			b[2] &= 0x07
		yield "random bytes #%d (%d bytes, seed %d)" % (i, ln, seed), bytes(b)
	# truncations of a valid query with EDNS
	full = header(ar=1) + q + opt(rdata=b"\x00\x03\x00\x00")
	for cut in range(13, len(full), 3):
		yield "valid query cut at %d of %d" % (cut, len(full)), full[:cut]


def parse_reply(data):
	"""Returns a description when data is a FORMERR reply, else None."""
	if len(data) < 12:
		return None
	flags = struct.unpack("!H", data[2:4])[0]
	qr = flags >> 15
	rcode = flags & 15
	if qr and rcode == 1:
		return "FORMERR"
	return None


def describe(data):
	if len(data) < 4:
		return "%d-byte reply %s" % (len(data), data.hex())
	flags = struct.unpack("!H", data[2:4])[0]
	return "reply QR=%d opcode=%d rcode=%d (%d bytes)" % (flags >> 15,
	    (flags >> 11) & 15, flags & 15, len(data))


def family(host):
	return socket.AF_INET6 if ":" in host else socket.AF_INET


def run_udp(server, msgs, wait):
	"""Sends every message from its own socket; returns the replies.
	Works in chunks of 250 sockets to stay well below descriptor limits."""
	if len(msgs) > 250:
		out = []
		for i in range(0, len(msgs), 250):
			out += run_udp(server, msgs[i:i + 250], wait)
		return out
	socks = []
	for _, m in msgs:
		s = socket.socket(family(server[0]), socket.SOCK_DGRAM)
		s.setblocking(False)
		try:
			s.sendto(m, server)
		except OSError:
			pass
		socks.append(s)
		time.sleep(0.002)
	replies = [[] for _ in msgs]
	index = {s.fileno(): i for i, s in enumerate(socks)}
	deadline = time.monotonic() + wait
	while True:
		left = deadline - time.monotonic()
		if left <= 0:
			break
		r, _, _ = select.select(socks, [], [], left)
		for s in r:
			try:
				data = s.recv(65535)
			except OSError:
				continue
			replies[index[s.fileno()]].append(data)
	for s in socks:
		s.close()
	return replies


def split_frames(buf):
	"""The complete length-framed messages in buf, and what is left."""
	msgs = []
	while len(buf) >= 2:
		n = struct.unpack("!H", buf[:2])[0]
		if len(buf) < 2 + n:
			break
		msgs.append(buf[2:2 + n])
		buf = buf[2 + n:]
	return msgs, buf


def tcp_collect(s, wait):
	"""Reads length-framed messages until EOF, reset or wait seconds."""
	return tcp_collect_many([s], wait)[0]


def tcp_collect_many(socks, wait):
	"""For each connection: its messages, the octets left over and how it
	ended ("open", "closed" or "reset"), reading until wait seconds."""
	bufs = {s.fileno(): b"" for s in socks}
	ends = {s.fileno(): "open" for s in socks}
	live = list(socks)
	deadline = time.monotonic() + wait
	while live:
		left = deadline - time.monotonic()
		if left <= 0:
			break
		r, _, _ = select.select(live, [], [], left)
		if not r:
			break
		for s in r:
			try:
				chunk = s.recv(65535)
			except OSError:
				chunk = None
			if not chunk:
				ends[s.fileno()] = "reset" if chunk is None else "closed"
				live.remove(s)
				continue
			bufs[s.fileno()] += chunk
	return [split_frames(bufs[s.fileno()]) + (ends[s.fileno()],)
		for s in socks]


def normal_query(server, zone, tcp, timeout=2.0):
	"""Asks zone SOA; returns True when answered NOERROR with an answer."""
	qid = random.getrandbits(16)
	m = header(qid=qid) + question(zone, 6)
	try:
		if tcp:
			s = socket.create_connection(server, timeout=timeout)
			s.sendall(struct.pack("!H", len(m)) + m)
			msgs, _, _ = tcp_collect(s, timeout)
			s.close()
			data = msgs[0] if msgs else b""
		else:
			s = socket.socket(family(server[0]), socket.SOCK_DGRAM)
			s.settimeout(timeout)
			s.sendto(m, server)
			data = s.recv(65535)
			s.close()
	except OSError:
		return False
	if len(data) < 12:
		return False
	rid, flags, qd, an = struct.unpack("!HHHH", data[:8])
	return rid == qid and flags >> 15 and flags & 15 == 0 and an >= 1


def main():
	ap = argparse.ArgumentParser()
	ap.add_argument("--server", required=True, help="HOST@PORT")
	ap.add_argument("--zone", required=True)
	ap.add_argument("--seed", type=int, default=7)
	ap.add_argument("--wait", type=float, default=1.5)
	ap.add_argument("--mutations", type=int, default=1000)
	args = ap.parse_args()
	host, _, port = args.server.rpartition("@")
	server = (host, int(port))
	msgs = list(cases(args.zone, args.seed))
	n = 0
	bad = 0

	def tap(ok, label, why=""):
		nonlocal n, bad
		n += 1
		if not ok:
			bad += 1
		print("%s %d - %s%s" % ("ok" if ok else "not ok", n, label,
		    (" # " + why) if why else ""))

	# UDP: FORMERR or nothing
	replies = run_udp(server, msgs, args.wait)
	for (label, _), rs in zip(msgs, replies):
		wrong = [d for d in rs if parse_reply(d) is None]
		if wrong:
			tap(False, "udp: " + label, describe(wrong[0]))
		else:
			tap(True, "udp: " + label, "FORMERR" if rs else "no reply")

	# TCP: every message framed on its own connection, all at once
	conns = []
	for label, m in msgs:
		if not m:
			continue
		try:
			s = socket.create_connection(server, timeout=2)
			s.sendall(struct.pack("!H", len(m)) + m)
			conns.append((label, s))
		except OSError as e:
			tap(False, "tcp: " + label, "connect/send: %s" % e)
	results = tcp_collect_many([s for _, s in conns], args.wait)
	for (label, s), (got, rest, end) in zip(conns, results):
		s.close()
		wrong = [d for d in got if parse_reply(d) is None]
		if wrong:
			tap(False, "tcp: " + label, describe(wrong[0]))
		elif rest:
			tap(False, "tcp: " + label, "partial frame %d bytes" % len(rest))
		else:
			tap(True, "tcp: " + label, "FORMERR" if got else
			    "no reply, " + end)

	# TCP framing abuse
	q = header(qid=7) + question("www." + args.zone)
	stall = socket.create_connection(server, timeout=2)
	stall.sendall(b"\xff\xff" + q)		# says 65535, sends 34 bytes
	half = socket.create_connection(server, timeout=2)
	half.sendall(b"\x00")			# half a length prefix
	tap(normal_query(server, args.zone, True),
	    "tcp: normal query answered while two clients stall")
	tap(normal_query(server, args.zone, False),
	    "udp: normal query answered while two clients stall")
	for label, s in (("huge length prefix, short message", stall),
			 ("half a length prefix", half)):
		got, rest, end = tcp_collect(s, 0.3)
		s.close()
		wrong = [d for d in got if parse_reply(d) is None]
		tap(not wrong, "tcp: " + label,
		    describe(wrong[0]) if wrong else "no reply, " + end)
	for label, data in (
	    ("zero-length message", b"\x00\x00"),
	    ("zero-length message then a query", b"\x00\x00" +
	     struct.pack("!H", len(q)) + q),
	    ("stream cut mid-message", struct.pack("!H", len(q)) + q[:10]),
	    ("stream cut after the length", struct.pack("!H", len(q))),
	    ("11-byte message", b"\x00\x0b" + q[:11])):
		try:
			s = socket.create_connection(server, timeout=2)
			s.sendall(data)
			if "cut" in label:
				s.shutdown(socket.SHUT_WR)
			got, rest, end = tcp_collect(s, 0.5)
			s.close()
		except OSError as e:
			tap(False, "tcp: " + label, str(e))
			continue
		# the query after a zero-length message may be answered normally
		wrong = [d for d in got if parse_reply(d) is None and
			 not (d[:2] == b"\x00\x07" and "then a query" in label)]
		tap(not wrong, "tcp: " + label,
		    describe(wrong[0]) if wrong else
		    ("%d replies, %s" % (len(got), end)))
	# an abrupt reset in the middle of a message
	s = socket.create_connection(server, timeout=2)
	s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
	s.sendall(struct.pack("!H", len(q)) + q[:5])
	s.close()
	tap(True, "tcp: reset mid-message sent")

	# seeded mutations of valid queries: any answer is fine (many stay
	# valid), but the server must survive them and keep answering
	rnd = random.Random(args.seed * 7919)
	seeds = [
	    header(ar=1) + question("www." + args.zone) + opt(rdata=b"\x00\x03\x00\x00"),
	    header(ar=1) + question(args.zone, 2) + opt(rdata=b"\x00\x0a\x00\x08" + b"c" * 8),
	    header(ar=1) + question("x.y." + args.zone, 255) + opt(payload=512, ttl=0x8000),
	    header() + question("id.server", 16, 3),
	]
	muts = []
	for i in range(args.mutations):
		m = bytearray(rnd.choice(seeds))
		for _ in range(rnd.randint(1, 4)):
			op = rnd.random()
			pos = rnd.randrange(len(m))
			if op < 0.6:
				m[pos] = rnd.getrandbits(8)
			elif op < 0.8:
				del m[pos:pos + rnd.randint(1, 8)]
			else:
				m[pos:pos] = bytes(rnd.getrandbits(8) for _ in range(rnd.randint(1, 8)))
		if len(m) > 2:
			m[2] &= 0x7f		# keep QR clear: these are queries
		muts.append(("mutation #%d" % i, bytes(m)))
	replies = run_udp(server, muts, 1.0)
	answered = sum(1 for r in replies if r)
	tap(normal_query(server, args.zone, False),
	    "udp: %d seeded mutations of valid queries (%d answered), server "
	    "still answers" % (len(muts), answered))
	conns = []
	for label, m in muts[:100]:
		try:
			c = socket.create_connection(server, timeout=2)
			c.sendall(struct.pack("!H", len(m)) + m)
			conns.append(c)
		except OSError:
			pass
	tcp_collect_many(conns, 1.0)
	for c in conns:
		c.close()
	tap(normal_query(server, args.zone, True),
	    "tcp: 100 seeded mutations, server still answers")

	# after all of it, the server still answers
	time.sleep(0.2)
	tap(normal_query(server, args.zone, False), "udp: normal query answered at the end")
	tap(normal_query(server, args.zone, True), "tcp: normal query answered at the end")
	print("1..%d" % n)
	print("# %d cases, %d failed" % (n, bad))
	return 1 if bad else 0


if __name__ == "__main__":
	sys.exit(main())
