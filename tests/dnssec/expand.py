#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""expand.py [--owners] LIST VARIANT... -- a DNSSEC query list for dnsdiff.py.

Every name of the first column ending in '@' becomes one name per variant
('www.@' -> 'www.nsec.test www.nsec3.test ...', '@' alone the apex).  For
the NSEC3 variants (nsec3: salt aabbccdd, 5 iterations; optout: salt cafe,
1 iteration, as tests/dnssec/sign.sh signs them) --owners adds lines asking for the NSEC3
record at the hashed owner of the apex and of www are added, the hashes
computed here (RFC 5155 5).
"""
import base64
import hashlib
import sys

NSEC3 = {"nsec3": ("aabbccdd", 5), "optout": ("cafe", 1)}


def wire(name):
	out = b""
	for label in name.rstrip(".").split("."):
		out += bytes([len(label)]) + label.lower().encode()
	return out + b"\0"


def nsec3_hash(name, salt, iterations):
	s = bytes.fromhex(salt)
	h = hashlib.sha1(wire(name) + s).digest()
	for _ in range(iterations):
		h = hashlib.sha1(h + s).digest()
	std = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	hexa = "0123456789ABCDEFGHIJKLMNOPQRSTUV"
	b32 = base64.b32encode(h).decode().translate(str.maketrans(std, hexa))
	return b32.rstrip("=").lower()


def main():
	args = sys.argv[1:]
	owners = args[0] == "--owners"
	if owners:
		args = args[1:]
	path, variants = args[0], args[1:]
	for line in open(path):
		body, _, _ = line.partition("#")
		if ";" not in body:
			continue
		names, rest = body.split(";", 1)
		out = []
		for n in names.split():
			if n == "@":
				out += ["%s.test" % v for v in variants]
			elif n.endswith(".@"):
				out += ["%s%s.test" % (n[:-1], v) for v in variants]
			else:
				out.append(n)
		print("%s ;%s" % (" ".join(out), rest.rstrip()))
	for v in variants:
		if owners and v in NSEC3:
			salt, it = NSEC3[v]
			z = "%s.test" % v
			hashed = " ".join("%s.%s" % (nsec3_hash(n, salt, it), z)
					  for n in (z, "www." + z))
			print("%s ; NSEC3 A RRSIG ; do -" % hashed)


if __name__ == "__main__":
	main()
