#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""tamper.py IN OUT OWNER TYPE -- copy a signed zone file, breaking one RRSIG.

The RRSIG at OWNER (absolute, trailing dot) that covers TYPE gets the first
character of its signature changed to another base64 character, so the
signature keeps its length and format but no longer verifies.  Reads both
one-record-a-line files (ldns-signzone) and BIND's multi-line text format
(owner carried over, RDATA in parentheses).  Exit 1 if no such RRSIG.
"""
import sys


def main():
	src, dst, owner, rtype = sys.argv[1:5]
	owner = owner.lower()
	lines = open(src).read().split("\n")
	cur = None
	target = None
	for i, line in enumerate(lines):
		body = line.split(";", 1)[0]
		if not body.strip():
			continue
		if not body[0].isspace() and not body.startswith("$"):
			cur = body.split()[0].lower()
		toks = body.split()
		if cur == owner and "RRSIG" in toks:
			k = toks.index("RRSIG")
			if k + 1 < len(toks) and toks[k + 1].upper() == rtype.upper():
				target = i
				break
	if target is None:
		sys.exit("tamper.py: no RRSIG %s at %s in %s" % (rtype, owner, src))
	# The signature: after the signer name, the 9th RDATA field; with
	# parentheses it starts on a later line.
	fields = []
	for j in range(target, len(lines)):
		body = lines[j].split(";", 1)[0]
		toks = body.replace("(", " ( ").replace(")", " ) ").split()
		if j == target:
			toks = toks[toks.index("RRSIG") + 1:]
		for t in toks:
			if t not in "()":
				fields.append((j, t))
		if len(fields) > 8 and (")" in body or "(" not in
		    lines[target]):
			break
	j, sig = fields[8]
	new = ("B" if sig[0] != "B" else "C") + sig[1:]
	pos = lines[j].index(sig)
	lines[j] = lines[j][:pos] + new + lines[j][pos + len(sig):]
	open(dst, "w").write("\n".join(lines))


if __name__ == "__main__":
	main()
