#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""genzone.py -- the benchmark's zones and query mix (stdlib only).

    genzone.py mix DIR        bench.test zone (10k names) and queries.txt
    genzone.py big FILE N     a zone big.test of N records (one A per name)
    genzone.py geo DIR N      geo-nets.txt (N prefixes, 192.0.2.0/24 in
                              region r0) and geo-queries.txt (h0-h9 A)

The 10k-name zone holds 8,000 hosts (A, every fourth also AAAA), 1,000
CNAMEs to hosts, 500 delegations with glue and a wildcard.  The query mix
(100,000 lines, "NAME TYPE", as kxdpgun and dnsperf read them; seeded):
60% existing names, 15% NXDOMAIN, 10% CNAME, 10% referral, 5% wildcard.
"""

import random
import sys

SOA = "@ 3600 IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n" \
      "@ 3600 IN NS ns1\n@ 3600 IN NS ns2\n" \
      "ns1 3600 IN A 192.0.2.1\nns2 3600 IN A 192.0.2.1\n"


def mix(out_dir):
	with open(out_dir + "/bench.test.zone", "w") as z:
		z.write("$ORIGIN bench.test.\n$TTL 3600\n" + SOA)
		for i in range(8000):
			z.write("h%d IN A 198.51.%d.%d\n" % (i, 100 + i // 4000,
			    i % 250 + 1))
			if i % 4 == 0:
				z.write("h%d IN AAAA 2001:db8:%x::%x\n" % (i, i // 65536,
				    i % 65536))
		for i in range(1000):
			z.write("c%d IN CNAME h%d\n" % (i, (i * 7) % 8000))
		for i in range(500):
			z.write("d%d IN NS ns.d%d\n" % (i, i))
			z.write("ns.d%d IN A 203.0.113.%d\n" % (i, i % 250 + 1))
		z.write("*.wild IN A 192.0.2.200\n")
	rnd = random.Random(53)
	with open(out_dir + "/queries.txt", "w") as q:
		for _ in range(100000):
			r = rnd.random()
			if r < 0.60:
				i = rnd.randrange(8000)
				t = "AAAA" if i % 4 == 0 and rnd.random() < 0.5 else "A"
				q.write("h%d.bench.test %s\n" % (i, t))
			elif r < 0.75:
				q.write("nx%d.bench.test A\n" % rnd.randrange(10 ** 6))
			elif r < 0.85:
				q.write("c%d.bench.test A\n" % rnd.randrange(1000))
			elif r < 0.95:
				q.write("www.d%d.bench.test A\n" % rnd.randrange(500))
			else:
				q.write("r%d.wild.bench.test A\n" % rnd.randrange(10 ** 6))


def geo(out_dir, n):
	"""A nets file of n distinct prefixes (IPv4 /8-/28 and IPv6 /32-/64
	in four regions) with the bench client's 192.0.2.0/24 in r0, and the
	queries for the ten geo names h0-h9 (A; in the zone as well)."""
	import ipaddress
	rnd = random.Random(7871)
	client = ipaddress.ip_network("192.0.2.0/24")
	seen = {client}
	lines = ["192.0.2.0/24 r0"]
	while len(lines) < n:
		if rnd.random() < 0.8:
			net = ipaddress.ip_network((rnd.getrandbits(32),
			    rnd.randint(8, 28)), strict=False)
		else:
			net = ipaddress.ip_network(((0x20010db8 << 96) |
			    rnd.getrandbits(96), rnd.randint(32, 64)), strict=False)
		if net in seen or (net.version == 4 and net.overlaps(client)):
			continue
		seen.add(net)
		lines.append("%s r%d" % (net, rnd.randrange(4)))
	rnd.shuffle(lines)
	with open(out_dir + "/geo-nets.txt", "w") as f:
		f.write("\n".join(lines) + "\n")
	with open(out_dir + "/geo-queries.txt", "w") as q:
		for i in range(10000):
			q.write("h%d.bench.test A\n" % (i % 10))


def big(path, n):
	with open(path, "w") as z:
		z.write("$ORIGIN big.test.\n$TTL 3600\n" + SOA)
		w = z.write
		for i in range(n - 5):
			w("n%d IN A 198.51.100.%d\n" % (i, i % 254 + 1))


if __name__ == "__main__":
	if len(sys.argv) == 3 and sys.argv[1] == "mix":
		mix(sys.argv[2])
	elif len(sys.argv) == 4 and sys.argv[1] == "big":
		big(sys.argv[2], int(sys.argv[3]))
	elif len(sys.argv) == 4 and sys.argv[1] == "geo":
		geo(sys.argv[2], int(sys.argv[3]))
	else:
		sys.exit(__doc__)
