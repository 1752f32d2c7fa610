#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""genzone.py -- the benchmark's zones and query mix (stdlib only).

    genzone.py mix DIR        bench.test zone (10k names) and queries.txt
    genzone.py big FILE N     a zone big.test of N records (one A per name)

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
	else:
		sys.exit(__doc__)
