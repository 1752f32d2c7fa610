#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""dnsdiff.py -- ask two DNS servers the same queries and compare the answers.

Python 3 standard library only.  Each query of a query-list file is sent to
both servers (UDP, or TCP when its flags say so); both responses are parsed
here (header, extended rcode from the OPT record, every section's records
with names decompressed, owner names lowercased -- the question keeps its
case --, RDATA with embedded names decompressed for the known types, EDNS
options), records are sorted within each section, and every field that
differs is reported.  Message IDs and the contents of NSID and COOKIE
options are not compared.  The output is TAP, one line per query; a
difference listed in the allowlist file (each entry with its RFC reason)
does not fail the run.

Query-list file: one group per line, three ';'-separated columns, each a
space-separated list of alternatives; the group expands to their product:

    NAMES ; TYPES ; FLAGSETS

A flag set is '-' (defaults: UDP, RD clear, EDNS0 with payload 1232) or
comma-separated flags: tcp, noedns, bufsize=N, do, nsid, cookie, rd, cd,
ad, class=IN|CH|ANY|NONE|N, ednsver=N, ednsz=N (EDNS flag bits other
than DO), aabit, tcbit, rabit, zbit (header bits set in the query), opcode=N, ednsopt=CODE:HEX, both
(ask over UDP and TCP).  '#' starts a comment.

Allowlist file: one entry a line, tab- or space-separated:

    PAIR  QUERY-GLOB  FIELD-GLOB  REASON...

PAIR is the --pair label of the run (e.g. castnsd-knot, nsd-knot) or '*';
QUERY-GLOB matches the query label ("NAME TYPE FLAGS"), FIELD-GLOB the
field ("rcode", "flag.aa", "answer", "additional", "opt.option.NSID"...);
REASON must cite an RFC (it is printed with the allowed difference).
"""

import argparse
import base64
import fnmatch
import os
import random
import re
import socket
import struct
import sys
import time

TYPES = {
	"A": 1, "NS": 2, "MD": 3, "MF": 4, "CNAME": 5, "SOA": 6, "MB": 7,
	"MG": 8, "MR": 9, "NULL": 10, "WKS": 11, "PTR": 12, "HINFO": 13,
	"MINFO": 14, "MX": 15, "TXT": 16, "RP": 17, "AFSDB": 18, "SIG": 24,
	"KEY": 25, "AAAA": 28, "LOC": 29, "NXT": 30, "SRV": 33, "NAPTR": 35,
	"KX": 36, "CERT": 37, "DNAME": 39, "OPT": 41, "APL": 42, "DS": 43,
	"SSHFP": 44, "IPSECKEY": 45, "RRSIG": 46, "NSEC": 47, "DNSKEY": 48,
	"DHCID": 49, "NSEC3": 50, "NSEC3PARAM": 51, "TLSA": 52, "SMIMEA": 53,
	"CDS": 59, "CDNSKEY": 60, "OPENPGPKEY": 61, "CSYNC": 62, "ZONEMD": 63,
	"SVCB": 64, "HTTPS": 65, "SPF": 99, "TKEY": 249, "TSIG": 250,
	"IXFR": 251, "AXFR": 252, "MAILB": 253, "MAILA": 254, "ANY": 255,
	"URI": 256, "CAA": 257,
}
TYPE_NAMES = {v: k for k, v in TYPES.items()}
CLASSES = {"IN": 1, "CH": 3, "HS": 4, "NONE": 254, "ANY": 255}
CLASS_NAMES = {v: k for k, v in CLASSES.items()}
RCODES = {0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN",
	  4: "NOTIMP", 5: "REFUSED", 6: "YXDOMAIN", 7: "YXRRSET",
	  8: "NXRRSET", 9: "NOTAUTH", 10: "NOTZONE", 16: "BADVERS",
	  23: "BADCOOKIE"}
OPTIONS = {3: "NSID", 8: "ECS", 9: "EXPIRE", 10: "COOKIE", 11: "KEEPALIVE",
	   12: "PADDING", 15: "EDE"}

# RDATA layouts of the types that carry domain names: 'n' a name (may be
# compressed on the wire for the RFC 1035 types), 'N' a name that must not
# be compressed, 'H' 16-bit, 'I' 32-bit, 'c' a character-string,
# 'r' the rest as hex.
NAME_LAYOUTS = {
	2: "n", 3: "n", 4: "n", 5: "n", 7: "n", 8: "n", 9: "n", 12: "n",
	6: "nnIIIII", 14: "nn", 15: "Hn", 17: "nn", 18: "Hn", 36: "Hn",
	33: "HHHN", 35: "HHcccN", 39: "N", 26: "Hnn",
}


class ParseError(Exception):
	pass


def type_text(t):
	return TYPE_NAMES.get(t, "TYPE%d" % t)


def class_text(c):
	return CLASS_NAMES.get(c, "CLASS%d" % c)


def parse_type(s):
	s = s.upper()
	if s in TYPES:
		return TYPES[s]
	if s.startswith("TYPE"):
		return int(s[4:])
	raise ValueError("unknown type " + s)


def parse_class(s):
	s = s.upper()
	if s in CLASSES:
		return CLASSES[s]
	if s.startswith("CLASS"):
		return int(s[5:])
	return int(s)


def split_labels(name):
	"""Presentation name -> list of raw labels (\\. and \\DDD escapes)."""
	labels = []
	cur = bytearray()
	i = 0
	while i < len(name):
		c = name[i]
		if c == "\\" and i + 1 < len(name):
			if name[i + 1:i + 4].isdigit() and len(name[i + 1:i + 4]) == 3:
				cur.append(int(name[i + 1:i + 4]))
				i += 4
			else:
				cur += name[i + 1].encode()
				i += 2
			continue
		if c == ".":
			labels.append(bytes(cur))
			cur = bytearray()
		else:
			cur += c.encode()
		i += 1
	if cur:
		labels.append(bytes(cur))
	return labels


def encode_name(name):
	out = b""
	if name not in (".", ""):
		for raw in split_labels(name):
			if not raw or len(raw) > 63:
				raise ValueError("bad label in " + name)
			out += bytes([len(raw)]) + raw
	return out + b"\0"


def label_text(raw):
	out = ""
	for b in raw:
		if b in b'.\\"();':
			out += "\\" + chr(b)
		elif 0x21 <= b <= 0x7e:
			out += chr(b)
		else:
			out += "\\%03d" % b
	return out


def read_name(msg, off):
	"""Returns (text name, offset after the name); follows pointers."""
	labels = []
	end = None
	seen = 0
	total = 0
	while True:
		if off >= len(msg):
			raise ParseError("name runs past the end")
		n = msg[off]
		if n & 0xc0 == 0xc0:
			if off + 1 >= len(msg):
				raise ParseError("truncated pointer")
			ptr = ((n & 0x3f) << 8) | msg[off + 1]
			if end is None:
				end = off + 2
			seen += 1
			if seen > 128 or ptr >= len(msg):
				raise ParseError("bad compression pointer")
			off = ptr
			continue
		if n & 0xc0:
			raise ParseError("bad label type 0x%02x" % n)
		off += 1
		if n == 0:
			break
		if off + n > len(msg):
			raise ParseError("label runs past the end")
		labels.append(label_text(msg[off:off + n]))
		total += n + 1
		if total > 255:
			raise ParseError("name too long")
		off += n
	return ".".join(labels) + ".", (end if end is not None else off)


def char_string(data, off):
	if off >= len(data):
		raise ParseError("truncated character-string")
	n = data[off]
	if off + 1 + n > len(data):
		raise ParseError("truncated character-string")
	raw = data[off + 1:off + 1 + n]
	s = ""
	for b in raw:
		if b in b"\"\\":
			s += "\\" + chr(b)
		elif 0x20 <= b <= 0x7e:
			s += chr(b)
		else:
			s += "\\%03d" % b
	return '"' + s + '"', off + 1 + n


DNSSEC_TYPES = (43, 46, 47, 48, 50, 51)
B32HEX = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
		       "0123456789ABCDEFGHIJKLMNOPQRSTUV")


def bitmap_text(data):
	"""An NSEC/NSEC3 type bitmap (RFC 4034 4.1.2) as type names."""
	types = []
	p = 0
	while p < len(data):
		win, ln = data[p], data[p + 1]
		for i, b in enumerate(data[p + 2:p + 2 + ln]):
			for bit in range(8):
				if b & (0x80 >> bit):
					types.append(type_text(win * 256 + i * 8 + bit))
		p += 2 + ln
	return " ".join(types)


def dnssec_text(data, rtype):
	"""DS, RRSIG, NSEC, DNSKEY, NSEC3, NSEC3PARAM RDATA as text, so a
	difference reads; names are shown as sent (never compressed)."""
	if rtype == 43:
		tag, alg, dt = struct.unpack("!HBB", data[:4])
		return "%d %d %d %s" % (tag, alg, dt, data[4:].hex())
	if rtype == 46:
		cov, alg, labels, ottl, exp, inc, tag = struct.unpack(
		    "!HBBIIIH", data[:18])
		signer, p = read_name(data, 18)
		return "%s %d %d %d %d %d %d %s %s" % (type_text(cov), alg,
		    labels, ottl, exp, inc, tag, signer, data[p:].hex())
	if rtype == 47:
		nxt, p = read_name(data, 0)
		return "%s %s" % (nxt, bitmap_text(data[p:]))
	if rtype == 48:
		flags, proto, alg = struct.unpack("!HBB", data[:4])
		return "%d %d %d %s" % (flags, proto, alg, data[4:].hex())
	h, fl, it, sl = struct.unpack("!BBHB", data[:5])
	salt = data[5:5 + sl].hex() or "-"
	if rtype == 51:
		return "%d %d %d %s" % (h, fl, it, salt)
	p = 5 + sl
	hl = data[p]
	nxt = base64.b32encode(data[p + 1:p + 1 + hl]).decode().translate(
	    B32HEX).rstrip("=").lower()
	return "%d %d %d %s %s %s" % (h, fl, it, salt, nxt,
	    bitmap_text(data[p + 1 + hl:]))


def rdata_text(msg, off, rdlen, rtype):
	"""RDATA at msg[off:off+rdlen] as text; embedded names lowercased."""
	end = off + rdlen
	data = msg[off:end]
	if rtype == 1 and rdlen == 4:
		return socket.inet_ntop(socket.AF_INET, data)
	if rtype == 28 and rdlen == 16:
		return socket.inet_ntop(socket.AF_INET6, data)
	if rtype in (16, 99, 13):
		parts = []
		p = 0
		while p < rdlen:
			s, p = char_string(data, p)
			parts.append(s)
		return " ".join(parts)
	if rtype in (64, 65) and rdlen >= 3:
		prio = struct.unpack("!H", data[:2])[0]
		target, p = read_name(data, 2)
		return "%d %s %s" % (prio, target.lower(), data[p:].hex())
	if rtype in DNSSEC_TYPES:
		try:
			return dnssec_text(data, rtype)
		except (ParseError, IndexError, struct.error):
			pass
	layout = NAME_LAYOUTS.get(rtype)
	if layout is None:
		return "\\# %d %s" % (rdlen, data.hex())
	parts = []
	p = off
	for f in layout:
		if f in "nN":
			# names are read within the whole message so that pointers
			# resolve; an uncompressible name is read the same way (a
			# pointer there would show as a difference in rdlen).
			name, p = read_name(msg, p)
			parts.append(name.lower())
		elif f == "H":
			parts.append(str(struct.unpack("!H", msg[p:p + 2])[0]))
			p += 2
		elif f == "I":
			parts.append(str(struct.unpack("!I", msg[p:p + 4])[0]))
			p += 4
		elif f == "c":
			s, q = char_string(msg[:end], p)
			parts.append(s)
			p = q
		if p > end:
			raise ParseError("RDATA of %s overruns rdlength" %
					 type_text(rtype))
	if p != end:
		parts.append("+" + msg[p:end].hex())
	return " ".join(parts)


def parse_opt_options(data):
	opts = []
	p = 0
	while p < len(data):
		if p + 4 > len(data):
			raise ParseError("truncated EDNS option")
		code, ln = struct.unpack("!HH", data[p:p + 4])
		val = data[p + 4:p + 4 + ln]
		if len(val) != ln:
			raise ParseError("EDNS option length overruns")
		opts.append((code, val))
		p += 4 + ln
	return opts


class Response:
	pass


def parse_message(msg, query_cookie=None):
	if len(msg) < 12:
		raise ParseError("short header (%d bytes)" % len(msg))
	r = Response()
	r.raw = msg
	(r.id, flags, qd, an, ns, ar) = struct.unpack("!HHHHHH", msg[:12])
	r.flags = {
		"qr": (flags >> 15) & 1, "opcode": (flags >> 11) & 15,
		"aa": (flags >> 10) & 1, "tc": (flags >> 9) & 1,
		"rd": (flags >> 8) & 1, "ra": (flags >> 7) & 1,
		"z": (flags >> 6) & 1, "ad": (flags >> 5) & 1,
		"cd": (flags >> 4) & 1,
	}
	rcode = flags & 15
	r.counts = (qd, an, ns, ar)
	off = 12
	r.question = []
	for _ in range(qd):
		name, off = read_name(msg, off)
		if off + 4 > len(msg):
			raise ParseError("truncated question")
		qt, qc = struct.unpack("!HH", msg[off:off + 4])
		off += 4
		r.question.append("%s %s %s" % (name, class_text(qc), type_text(qt)))
	r.sections = {}
	r.opt = None
	for sec, count in (("answer", an), ("authority", ns), ("additional", ar)):
		rrs = []
		for _ in range(count):
			name, off = read_name(msg, off)
			if off + 10 > len(msg):
				raise ParseError("truncated RR header in " + sec)
			rt, rc, ttl, rdlen = struct.unpack("!HHIH", msg[off:off + 10])
			off += 10
			if off + rdlen > len(msg):
				raise ParseError("truncated RDATA in " + sec)
			if rt == 41:
				if r.opt is not None:
					raise ParseError("two OPT records")
				if sec != "additional" or name != ".":
					raise ParseError("misplaced OPT")
				r.opt = {
					"payload": rc,
					"ext_rcode": ttl >> 24,
					"version": (ttl >> 16) & 255,
					"do": (ttl >> 15) & 1,
					"zflags": ttl & 0x7fff,
					"options": parse_opt_options(msg[off:off + rdlen]),
				}
			else:
				rd = rdata_text(msg, off, rdlen, rt)
				rrs.append("%s %d %s %s %s" % (name.lower(), ttl,
				    class_text(rc), type_text(rt), rd))
			off += rdlen
		r.sections[sec] = sorted(rrs)
	r.trailing = len(msg) - off
	ext = r.opt["ext_rcode"] if r.opt else 0
	r.rcode = (ext << 4) | rcode
	return r


def opt_fields(r, qcookie):
	"""The OPT record as a dict of comparable fields."""
	if r.opt is None:
		return {"opt": "absent"}
	o = r.opt
	f = {"opt": "present", "opt.payload": str(o["payload"]),
	     "opt.version": str(o["version"]), "opt.do": str(o["do"]),
	     "opt.zflags": str(o["zflags"])}
	seen = {}
	for code, val in o["options"]:
		name = OPTIONS.get(code, "OPT%d" % code)
		seen[name] = seen.get(name, 0) + 1
		key = "opt.option." + name
		if seen[name] > 1:
			key += "#%d" % seen[name]
		if name == "NSID":
			v = "present" if val else "empty"
		elif name == "COOKIE":
			if len(val) < 8:
				v = "bad length %d" % len(val)
			else:
				echo = "echoed" if qcookie and val[:8] == qcookie \
				    else "not-echoed"
				v = "client %s, server cookie %d bytes" % (echo,
				    len(val) - 8)
		elif name == "PADDING":
			v = "present"
		else:
			v = val.hex()
		f[key] = v
	return f


def fields(r, sent_qname, qcookie):
	"""Every comparable field of a parsed response, as text."""
	f = {}
	for k, v in r.flags.items():
		f["flag." + k] = str(v)
	f["rcode"] = RCODES.get(r.rcode, str(r.rcode))
	f["question"] = " | ".join(r.question)
	if sent_qname is not None:
		echoed = r.question[0].split(" ")[0] if r.question else ""
		sent_qname = ".".join(label_text(l)
		    for l in split_labels(sent_qname)) + "."
		if sent_qname == "..":
			sent_qname = "."
		f["question.case"] = "exact" if echoed == sent_qname else \
		    "changed to " + echoed
	for sec in ("answer", "authority", "additional"):
		f[sec] = r.sections[sec]
	f.update(opt_fields(r, qcookie))
	if r.trailing:
		f["trailing-bytes"] = str(r.trailing)
	return f


class Query:
	def __init__(self, name, qtype, flagset):
		self.name = name
		self.qtype = qtype
		self.flagset = flagset
		self.label = "%s %s %s" % (name, qtype, flagset)
		self.tcp = False
		self.both = False
		self.edns = True
		self.bufsize = 1232
		self.do = False
		self.nsid = False
		self.cookie = None
		self.rd = False
		self.cd = False
		self.ad = False
		self.hdrbits = 0
		self.qclass = 1
		self.ednsver = 0
		self.ednsz = 0
		self.opcode = 0
		self.ednsopts = []
		if flagset != "-":
			for fl in flagset.split(","):
				self.apply(fl)

	def apply(self, fl):
		k, _, v = fl.partition("=")
		if k == "tcp":
			self.tcp = True
		elif k == "both":
			self.both = True
		elif k == "noedns":
			self.edns = False
		elif k == "bufsize":
			self.bufsize = int(v)
		elif k == "do":
			self.do = True
		elif k == "nsid":
			self.nsid = True
		elif k == "cookie":
			self.cookie = bytes(random.getrandbits(8) for _ in range(8))
		elif k == "rd":
			self.rd = True
		elif k == "cd":
			self.cd = True
		elif k == "ad":
			self.ad = True
		elif k == "aabit":
			self.hdrbits |= 0x0400
		elif k == "tcbit":
			self.hdrbits |= 0x0200
		elif k == "rabit":
			self.hdrbits |= 0x0080
		elif k == "zbit":
			self.hdrbits |= 0x0040
		elif k == "class":
			self.qclass = parse_class(v)
		elif k == "ednsver":
			self.ednsver = int(v)
		elif k == "ednsz":
			self.ednsz = int(v, 0) & 0x7fff
		elif k == "opcode":
			self.opcode = int(v)
		elif k == "ednsopt":
			c, _, h = v.partition(":")
			self.ednsopts.append((int(c), bytes.fromhex(h)))
		else:
			raise ValueError("unknown flag " + fl)

	def wire(self, qid):
		flags = (self.opcode << 11) | (self.rd << 8) | (self.ad << 5) | \
		    (self.cd << 4) | self.hdrbits
		msg = struct.pack("!HHHHHH", qid, flags, 1, 0, 0,
				  1 if self.edns else 0)
		msg += encode_name(self.name)
		msg += struct.pack("!HH", parse_type(self.qtype), self.qclass)
		if self.edns:
			opts = b""
			if self.nsid:
				opts += struct.pack("!HH", 3, 0)
			if self.cookie:
				opts += struct.pack("!HH", 10, 8) + self.cookie
			for c, d in self.ednsopts:
				opts += struct.pack("!HH", c, len(d)) + d
			ttl = (self.ednsver << 16) | (0x8000 if self.do else 0) | \
			    self.ednsz
			msg += b"\0" + struct.pack("!HHIH", 41, self.bufsize, ttl,
						   len(opts)) + opts
		return msg


def addr_family(host):
	return socket.AF_INET6 if ":" in host else socket.AF_INET


def ask_udp(server, msg, qid, timeout, tries=2):
	host, port = server
	for _ in range(tries):
		s = socket.socket(addr_family(host), socket.SOCK_DGRAM)
		try:
			s.settimeout(timeout)
			s.sendto(msg, (host, port))
			deadline = time.monotonic() + timeout
			while True:
				left = deadline - time.monotonic()
				if left <= 0:
					break
				s.settimeout(left)
				try:
					data = s.recv(65535)
				except socket.timeout:
					break
				if len(data) >= 2 and \
				    struct.unpack("!H", data[:2])[0] == qid:
					return data
		finally:
			s.close()
	return None


def recv_exact(s, n):
	buf = b""
	while len(buf) < n:
		chunk = s.recv(n - len(buf))
		if not chunk:
			return None
		buf += chunk
	return buf


def ask_tcp(server, msg, timeout):
	host, port = server
	s = socket.socket(addr_family(host), socket.SOCK_STREAM)
	try:
		s.settimeout(timeout)
		s.connect((host, port))
		s.sendall(struct.pack("!H", len(msg)) + msg)
		hdr = recv_exact(s, 2)
		if hdr is None:
			return None
		return recv_exact(s, struct.unpack("!H", hdr)[0])
	except OSError:
		return None
	finally:
		s.close()


def ask(server, q, tcp, timeout):
	"""Returns (raw response or None, the query's ID)."""
	qid = random.getrandbits(16)
	msg = q.wire(qid)
	if tcp:
		return ask_tcp(server, msg, timeout), qid
	return ask_udp(server, msg, qid, timeout), qid


def describe(server, q, tcp, timeout):
	"""Asks one server; returns (fields dict, raw response or None)."""
	raw, qid = ask(server, q, tcp, timeout)
	if raw is None:
		return {"reply": "none"}, None
	try:
		r = parse_message(raw)
	except ParseError as e:
		return {"reply": "unparsable: %s" % e}, raw
	f = fields(r, q.name, q.cookie)
	f["reply"] = "parsed"
	f["id"] = "echoed" if r.id == qid else "not echoed"
	return f, raw


def load_queries(path):
	queries = []
	with open(path) as fp:
		for lineno, line in enumerate(fp, 1):
			line = line.split("#", 1)[0].strip()
			if not line:
				continue
			cols = [c.split() for c in line.split(";")]
			if len(cols) != 3 or not all(cols):
				sys.exit("%s:%d: want NAMES ; TYPES ; FLAGSETS" %
					 (path, lineno))
			for n in cols[0]:
				for t in cols[1]:
					parse_type(t)
					for fs in cols[2]:
						queries.append(Query(n, t, fs))
	return queries


def load_allow(path, pair):
	allow = []
	if not path or not os.path.exists(path):
		return allow
	with open(path) as fp:
		for lineno, line in enumerate(fp, 1):
			if not line.strip() or line.lstrip().startswith("#"):
				continue
			parts = line.split(None, 3)
			if len(parts) < 4 or "RFC" not in parts[3]:
				sys.exit("%s:%d: want PAIR QUERY-GLOB FIELD-GLOB "
					 "REASON (citing an RFC)" % (path, lineno))
			# the query glob uses '|' for the spaces of a query label
			if fnmatch.fnmatch(pair, parts[0]):
				allow.append((parts[1].replace("|", " "), parts[2],
					      parts[3].strip()))
	return allow


def compare(lf, rf):
	"""Returns a list of (field, left, right) differences."""
	diffs = []
	for k in sorted(set(lf) | set(rf)):
		a = lf.get(k, "(absent)")
		b = rf.get(k, "(absent)")
		if a == b:
			continue
		if isinstance(a, list) or isinstance(b, list):
			la = a if isinstance(a, list) else []
			lb = b if isinstance(b, list) else []
			only_a = [x for x in la if x not in lb]
			only_b = [x for x in lb if x not in la]
			if not only_a and not only_b:
				# the same records, a different count of duplicates
				only_a, only_b = la, lb
			diffs.append((k, only_a, only_b))
		else:
			diffs.append((k, a, b))
	return diffs


def allowed(allow, label, field):
	for qg, fg, reason in allow:
		if fnmatch.fnmatchcase(label, qg) and fnmatch.fnmatchcase(field, fg):
			return reason
	return None


def show(v):
	if isinstance(v, list):
		return "[" + "; ".join(v) + "]" if v else "[]"
	return v


def main():
	ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	ap.add_argument("--left", required=True, help="HOST@PORT")
	ap.add_argument("--right", required=True, help="HOST@PORT")
	ap.add_argument("--left-name", default="left")
	ap.add_argument("--right-name", default="right")
	ap.add_argument("--pair", default="", help="label for the allowlist")
	ap.add_argument("--queries", required=True)
	ap.add_argument("--allow", help="allowlist file")
	ap.add_argument("--timeout", type=float, default=2.0)
	ap.add_argument("--tcp-every", type=int, default=10,
			help="also ask every Nth UDP query over TCP (0: never)")
	ap.add_argument("--report", help="append the differences here")
	ap.add_argument("--seed", type=int, default=1)
	ap.add_argument("--number-from", type=int, default=1,
			help="TAP number of the first query")
	ap.add_argument("--no-plan", action="store_true",
			help="leave the TAP plan line to the caller")
	ap.add_argument("--label", default="",
			help="prefix of every TAP description")
	ap.add_argument("--show", metavar="GLOB",
			help="print every field of both answers to the matching "
			"queries")
	args = ap.parse_args()
	random.seed(args.seed)

	def server(s):
		h, _, p = s.rpartition("@")
		return (h, int(p))

	left, right = server(args.left), server(args.right)
	pair = args.pair or "%s-%s" % (args.left_name, args.right_name)
	allow = load_allow(args.allow, pair)
	queries = load_queries(args.queries)
	runs = []
	for i, q in enumerate(queries):
		if q.both:
			runs.append((q, False))
			runs.append((q, True))
		else:
			runs.append((q, q.tcp))
			if not q.tcp and args.tcp_every and i % args.tcp_every == 0:
				runs.append((q, True))
	if not args.no_plan:
		print("1..%d" % len(runs))
	bad = 0
	nallowed = 0
	same = 0
	report = []
	for n, (q, tcp) in enumerate(runs, args.number_from):
		label = args.label + q.label
		if tcp and not q.tcp:
			label += " (tcp)"
		lf, _ = describe(left, q, tcp, args.timeout)
		rf, _ = describe(right, q, tcp, args.timeout)
		diffs = compare(lf, rf)
		if args.show and fnmatch.fnmatchcase(label, args.show):
			for k in sorted(set(lf) | set(rf)):
				print("# %s %s: %s" % (label, k, "" if lf.get(k) ==
				    rf.get(k) else "DIFFERS"))
				print("#     %s: %s" % (args.left_name,
				    show(lf.get(k, "(absent)"))))
				if lf.get(k) != rf.get(k):
					print("#     %s: %s" % (args.right_name,
					    show(rf.get(k, "(absent)"))))
		hard = []
		soft = []
		for field, a, b in diffs:
			reason = allowed(allow, label, field)
			if reason:
				soft.append((field, a, b, reason))
			else:
				hard.append((field, a, b))
		if hard:
			bad += 1
			print("not ok %d - %s" % (n, label))
			for field, a, b in hard:
				print("#   %s: %s=%s %s=%s" % (field, args.left_name,
				    show(a), args.right_name, show(b)))
				report.append("%s\t%s\t%s=%s\t%s=%s" % (label, field,
				    args.left_name, show(a), args.right_name, show(b)))
		else:
			if soft:
				nallowed += 1
				print("ok %d - %s # allowed: %s" % (n, label,
				    ", ".join("%s (%s)" % (s[0], s[3]) for s in soft)))
			else:
				same += 1
				print("ok %d - %s" % (n, label))
	print("# %d queries (%d over TCP) to %s and %s: %d identical, "
	      "%d with allowed differences, %d differing" % (len(runs),
	      sum(1 for _, t in runs if t), args.left_name, args.right_name,
	      same, nallowed, bad))
	if args.report:
		with open(args.report, "a") as fp:
			for line in report:
				fp.write(line + "\n")
	return 1 if bad else 0


if __name__ == "__main__":
	sys.exit(main())
