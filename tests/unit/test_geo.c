/* SPDX-License-Identifier: MIT */
/* test_geo.c -- the geo module: nets file parser and prefix match. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/common/err.h"
#include "../../src/conf/conf.h"
#include "../../src/geo/geo.h"
#include "../../src/geo/nets.h"

static const char *const regions[] = { "eu", "us", "apac", "default" };
#define NREG	(sizeof(regions) / sizeof(regions[0]))

static struct geo_nets *
parse_ok(const char *text)
{
	struct geo_nets *n = NULL;
	char err[256] = "";
	int r;

	r = geo_nets_parse("t.nets", text, strlen(text), regions, NREG, &n,
	    err, sizeof(err));
	if (r != 0)
		print_error("unexpected: %s\n", err);
	assert_int_equal(r, 0);
	assert_non_null(n);
	return n;
}

/* Looks text up; region -1 means no match. */
static void
expect(const struct geo_nets *n, const char *addr, int region, int plen)
{
	uint8_t a[16];
	unsigned reg = 99, pl = 99;
	int fam = strchr(addr, ':') ? AF_INET6 : AF_INET;
	bool found;

	assert_int_equal(inet_pton(fam, addr, a), 1);
	found = geo_nets_lookup(n, fam, a, &reg, &pl);
	if (region < 0) {
		if (found)
			print_error("%s: matched region %u/%u\n", addr, reg, pl);
		assert_false(found);
		return;
	}
	if (!found || (int)reg != region || (int)pl != plen)
		print_error("%s: want %d/%d, got %d %u/%u\n", addr, region,
		    plen, found, reg, pl);
	assert_true(found);
	assert_int_equal(reg, region);
	assert_int_equal(pl, plen);
}

static void
parse_comments_blank(void **state)
{
	struct geo_nets *n;

	(void)state;
	n = parse_ok("# a comment\n\n  \t\n10.0.0.0/8 eu # EU office\n"
	    "2001:db8::/32\tus\r\n192.0.2.1 apac");
	assert_int_equal(geo_nets_count(n), 3);
	expect(n, "10.1.2.3", 0, 8);
	expect(n, "2001:db8:1::1", 1, 32);
	expect(n, "192.0.2.1", 2, 32);
	expect(n, "192.0.2.2", -1, 0);
	expect(n, "11.0.0.0", -1, 0);
	expect(n, "2001:db9::", -1, 0);
	geo_nets_free(n);
	/* Empty file: nothing matches. */
	n = parse_ok("");
	expect(n, "1.2.3.4", -1, 0);
	expect(n, "::1", -1, 0);
	geo_nets_free(n);
}

static void
parse_errors(void **state)
{
	static const struct {
		const char	*text;
		const char	*err;
	} cases[] = {
		{ "10.0.0.0/8 eu\n10.0.0.1/8 us\n",
		  "t.nets:2: host bits set: 10.0.0.1/8" },
		{ "10.0.0.0/33 eu\n", "t.nets:1: bad prefix length: "
		  "10.0.0.0/33" },
		{ "10.0.0.0/ eu\n", "t.nets:1: bad prefix length: 10.0.0.0/" },
		{ "10.0.0.0/-1 eu\n", "t.nets:1: bad prefix length: "
		  "10.0.0.0/-1" },
		{ "10.0.0/8 eu\n", "t.nets:1: bad address: 10.0.0/8" },
		{ "\n\n2001:db8::/129 eu\n", "t.nets:3: bad prefix length: "
		  "2001:db8::/129" },
		{ "2001:db8::1/64 eu\n", "t.nets:1: host bits set: "
		  "2001:db8::1/64" },
		{ "10.0.0.0/8 Europe\n", "t.nets:1: bad region name "
		  "\"Europe\"" },
		{ "10.0.0.0/8 mars\n", "t.nets:1: unknown region \"mars\"" },
		{ "10.0.0.0/8\n", "t.nets:1: expected \"PREFIX REGION\"" },
		{ "10.0.0.0/8 eu us\n", "t.nets:1: expected \"PREFIX "
		  "REGION\"" },
		{ "10.0.0.0/8 eu\n# x\n10.0.0.0/8 eu\n",
		  "t.nets:3: duplicate prefix (first at line 1)" },
		{ "::/0 eu\n2001:db8::/32 us\n::/0 apac\n",
		  "t.nets:3: duplicate prefix (first at line 1)" },
	};
	struct geo_nets *n;
	char err[256];
	size_t i;
	int r;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = NULL;
		err[0] = '\0';
		r = geo_nets_parse("t.nets", cases[i].text,
		    strlen(cases[i].text), regions, NREG, &n, err,
		    sizeof(err));
		assert_int_equal(r, CN_EPARSE);
		assert_null(n);
		assert_string_equal(err, cases[i].err);
	}
	/* A NUL octet inside a line. */
	r = geo_nets_parse("t.nets", "10.0.0.0/8 eu\0x\n", 16, regions, NREG,
	    &n, err, sizeof(err));
	assert_int_equal(r, CN_EPARSE);
	assert_string_equal(err, "t.nets:1: NUL octet");
	/* Same prefix in both families is no duplicate. */
	n = parse_ok("0.0.0.0/0 eu\n::/0 us\n");
	expect(n, "1.1.1.1", 0, 0);
	expect(n, "::1", 1, 0);
	geo_nets_free(n);
}

static void
lpm_v4_overlap(void **state)
{
	struct geo_nets *n;

	(void)state;
	/* Out of order on purpose; nested four deep, siblings, default. */
	n = parse_ok("10.1.2.0/24 apac\n10.0.0.0/8 eu\n0.0.0.0/0 default\n"
	    "10.1.0.0/16 us\n10.1.2.128/25 eu\n10.2.0.0/16 apac\n"
	    "255.255.255.255/32 us\n0.0.0.0/32 apac\n");
	expect(n, "0.0.0.0", 2, 32);
	expect(n, "0.0.0.1", 3, 0);
	expect(n, "9.255.255.255", 3, 0);
	expect(n, "10.0.0.0", 0, 8);
	expect(n, "10.0.255.255", 0, 8);
	expect(n, "10.1.0.0", 1, 16);
	expect(n, "10.1.1.255", 1, 16);
	expect(n, "10.1.2.0", 2, 24);
	expect(n, "10.1.2.127", 2, 24);
	expect(n, "10.1.2.128", 0, 25);
	expect(n, "10.1.2.255", 0, 25);
	expect(n, "10.1.3.0", 1, 16);
	expect(n, "10.1.255.255", 1, 16);
	expect(n, "10.2.0.1", 2, 16);
	expect(n, "10.3.0.0", 0, 8);
	expect(n, "10.255.255.255", 0, 8);
	expect(n, "11.0.0.0", 3, 0);
	expect(n, "255.255.255.254", 3, 0);
	expect(n, "255.255.255.255", 1, 32);
	/* The v6 table is empty. */
	expect(n, "::", -1, 0);
	assert_int_equal(geo_nets_ranges(n, AF_INET6), 0);
	geo_nets_free(n);

	/* Without a default: the gaps match nothing. */
	n = parse_ok("10.0.0.0/8 eu\n10.128.0.0/9 us\n10.0.0.0/9 apac\n");
	expect(n, "9.255.255.255", -1, 0);
	expect(n, "10.0.0.0", 2, 9);
	expect(n, "10.127.255.255", 2, 9);
	expect(n, "10.128.0.0", 1, 9);
	expect(n, "10.255.255.255", 1, 9);
	expect(n, "11.0.0.0", -1, 0);
	geo_nets_free(n);
}

static void
lpm_v6_overlap(void **state)
{
	struct geo_nets *n;

	(void)state;
	n = parse_ok("::/0 default\n2001:db8::/32 eu\n2001:db8:1::/48 us\n"
	    "2001:db8:1:2::/64 apac\nffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"
	    " eu\n2001:db8:1:2::1/128 eu\n10.0.0.0/8 us\n");
	expect(n, "::", 3, 0);
	expect(n, "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", 3, 0);
	expect(n, "2001:db8::", 0, 32);
	expect(n, "2001:db8:0:ffff::", 0, 32);
	expect(n, "2001:db8:1::", 1, 48);
	expect(n, "2001:db8:1:2::", 2, 64);
	expect(n, "2001:db8:1:2::1", 0, 128);
	expect(n, "2001:db8:1:2::2", 2, 64);
	expect(n, "2001:db8:1:2:ffff:ffff:ffff:ffff", 2, 64);
	expect(n, "2001:db8:1:3::", 1, 48);
	expect(n, "2001:db8:2::", 0, 32);
	expect(n, "2001:db9::", 3, 0);
	expect(n, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe", 3, 0);
	expect(n, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 0, 128);
	expect(n, "10.9.9.9", 1, 8);
	expect(n, "9.9.9.9", -1, 0);
	geo_nets_free(n);
}

/* A linear reference for random prefixes, against the compiled table. */
static uint32_t rng = 12345;

static uint32_t
rnd(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 1;
}

static void
lpm_v4_random(void **state)
{
	enum { NP = 300, NQ = 20000 };
	static uint32_t base[NP];
	static unsigned len[NP], reg[NP];
	static char text[NP * 40];
	struct geo_nets *n;
	size_t off = 0, i, j, np = 0;
	uint8_t a[4];
	unsigned r, pl;

	(void)state;
	for (i = 0; i < NP; i++) {
		uint32_t b;
		unsigned l = rnd() % 33;

		/* Clustered, so prefixes nest and overlap. */
		b = (rnd() % 4) << 24 | (rnd() & 0xffffff);
		b = l == 0 ? 0 : b & (0xffffffffu << (32 - l));
		for (j = 0; j < np; j++)
			if (base[j] == b && len[j] == l)
				break;
		if (j < np)
			continue;
		base[np] = b;
		len[np] = l;
		reg[np] = rnd() % NREG;
		off += (size_t)snprintf(text + off, sizeof(text) - off,
		    "%u.%u.%u.%u/%u %s\n", b >> 24, (b >> 16) & 255,
		    (b >> 8) & 255, b & 255, l, regions[reg[np]]);
		np++;
	}
	n = parse_ok(text);
	for (i = 0; i < NQ; i++) {
		uint32_t q = (rnd() % 4) << 24 | (rnd() & 0xffffff);
		int best = -1;

		if (i % 3 == 0 && np > 0)	/* at an edge */
			q = base[rnd() % np] - (rnd() % 2);
		for (j = 0; j < np; j++) {
			uint32_t m = len[j] ? 0xffffffffu << (32 - len[j]) : 0;

			if ((q & m) == base[j] &&
			    (best < 0 || len[j] > len[best]))
				best = (int)j;
		}
		a[0] = q >> 24;
		a[1] = (q >> 16) & 255;
		a[2] = (q >> 8) & 255;
		a[3] = q & 255;
		if (best < 0) {
			assert_false(geo_nets_lookup(n, AF_INET, a, &r, &pl));
			continue;
		}
		assert_true(geo_nets_lookup(n, AF_INET, a, &r, &pl));
		assert_int_equal(r, reg[best]);
		assert_int_equal(pl, len[best]);
	}
	geo_nets_free(n);
}

/* Prints the cost of a lookup in a 100k-prefix table; asserts nothing. */
static void
lpm_timing(void **state)
{
	enum { NP = 100000, NQ = 2000000 };
	static char text[NP * 32];
	struct geo_nets *n;
	struct timespec t0, t1;
	size_t off = 0, i;
	unsigned r, pl, hits = 0;
	uint8_t a[16] = { 0 };
	double ns;

	(void)state;
	/* Prefixes /20../24 on /20 boundaries: no host bits. */
	{
		struct geo_nets *tmp = NULL;
		char err[256];

		for (i = 0; i < NP; i++) {
			uint32_t b = (uint32_t)(i * 4096) + 0x01000000u;

			off += (size_t)snprintf(text + off, sizeof(text) - off,
			    "%u.%u.%u.0/%u %s\n", b >> 24, (b >> 16) & 255,
			    (b >> 8) & 255, 20 + (unsigned)(i % 5),
			    regions[i % NREG]);
		}
		assert_int_equal(geo_nets_parse("t", text, off, regions,
		    NREG, &tmp, err, sizeof(err)), 0);
		n = tmp;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < NQ; i++) {
		uint32_t q = rnd();

		a[0] = q >> 24;
		a[1] = (q >> 16) & 255;
		a[2] = (q >> 8) & 255;
		a[3] = q & 255;
		hits += geo_nets_lookup(n, AF_INET, a, &r, &pl);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ns = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 +
	    (double)(t1.tv_nsec - t0.tv_nsec)) / NQ;
	printf("# geo_nets_lookup: %.0f ns per IPv4 lookup, %zu ranges, "
	    "%u hits\n", ns, geo_nets_ranges(n, AF_INET), hits);
	geo_nets_free(n);
}

/* The scope: the shortest prefix of the address its match covers whole. */
static void
scope_nested(void **state)
{
	static const struct {
		const char	*addr;
		int		 region;
		unsigned	 plen, scope;
	} v[] = {
		{ "10.2.3.4", 1, 8, 15 },	/* 10.2/15 misses 10.1/16 */
		{ "10.0.0.1", 1, 8, 16 },
		{ "10.200.0.1", 1, 8, 9 },
		{ "10.1.2.3", 0, 16, 16 },	/* nothing nested */
		{ "11.0.0.1", 0, 0, 8 },	/* 0/0 around 10/8 */
		{ "9.255.255.255", 0, 0, 7 },	/* 8.0.0.0/7 */
		{ "255.255.255.255", 0, 0, 1 },
		{ "0.0.0.0", 0, 0, 5 },		/* 0/5 ends at 7.255.255.255 */
		{ "2001:db8::1", 1, 32, 32 },
		{ "2001:db9::", 2, 0, 32 },
		{ "2001:db7:ffff::", 2, 0, 29 },	/* 2001:db0::/29 */
		{ "::1", 2, 0, 3 },		/* ::/3 ends before 2000:: */
		{ "ffff::", 2, 0, 1 },
	};
	struct geo_nets *n;
	struct geo_match gm;
	uint8_t a[16];
	size_t i;
	int fam;

	(void)state;
	n = parse_ok("0.0.0.0/0 eu\n10.0.0.0/8 us\n10.1.0.0/16 eu\n"
	    "::/0 apac\n2001:db8::/32 us\n");
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		fam = strchr(v[i].addr, ':') ? AF_INET6 : AF_INET;
		assert_int_equal(inet_pton(fam, v[i].addr, a), 1);
		assert_true(geo_nets_match(n, fam, a, &gm));
		if ((int)gm.region != v[i].region || gm.plen != v[i].plen ||
		    gm.scope != v[i].scope)
			fail_msg("%s: want %d/%u scope %u, got %u/%u scope %u",
			    v[i].addr, v[i].region, v[i].plen, v[i].scope,
			    gm.region, gm.plen, gm.scope);
	}
	geo_nets_free(n);
}

/* Region answers, fallback order and the default, by site state. */
static void
select_fallback(void **state)
{
	static const char nets[] = "10.0.0.0/8 eu\n10.1.0.0/16 us\n"
	    "10.2.0.0/16 apac\n10.3.0.0/16 default\n";
	static const char yaml[] =
	    "zone:\n  - { domain: example.com, file: x.zone }\n"
	    "  - { domain: other.com, file: y.zone, ecs: true }\n"
	    "check:\n"
	    "  - { id: c-eu, type: file, path: /nonexistent/eu }\n"
	    "  - { id: c-us, type: file, path: /nonexistent/us }\n"
	    "geo:\n  nets: NETS\n  regions: [ eu, us, apac, default ]\n"
	    "  sites: [ { name: eu, check: c-eu }, { name: us, check: c-us },"
	    " { name: apac } ]\n"
	    "  answers:\n"
	    "    - name: www.example.com\n      type: A\n"
	    "      default: 192.0.2.80\n      region:\n"
	    "        eu: { site: eu, fallback: [ us, apac ], "
	    "rdata: 192.0.2.81 }\n"
	    "        us: { site: us, fallback: [ eu ], rdata: [ 192.0.2.82, "
	    "192.0.2.83 ] }\n"
	    "        apac: { site: apac, rdata: 192.0.2.84 }\n";
	static const uint8_t www[] = "\3www\7example\3com";
	char path[] = "/tmp/test_geo.XXXXXX", text[2048], err[512];
	struct geo_map *m = NULL;
	struct geo_choice ch;
	struct conf *conf = NULL;
	uint8_t a[16] = { 10, 0, 0, 1 };
	const char *n;
	FILE *f;
	int fd;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	assert_true((f = fdopen(fd, "w")) != NULL);
	fputs(nets, f);
	fclose(f);
	n = strstr(yaml, "NETS");
	snprintf(text, sizeof(text), "%.*s%s%s", (int)(n - yaml), yaml, path,
	    n + 4);
	if (conf_parse_text(text, strlen(text), "t.yaml", &conf, err,
	    sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_int_equal(geo_map_new(conf, &m, err, sizeof(err)), 0);
	unlink(path);
	assert_true(geo_map_zone_ecs(m, 1));
	assert_false(geo_map_zone_ecs(m, 0));
	/* Not a geo name, type or zone. */
	assert_false(geo_map_select(m, 0, (const uint8_t *)"\3ftp\7example"
	    "\3com", DNS_TYPE_A, AF_INET, a, 32, &ch));
	assert_false(geo_map_select(m, 0, www, DNS_TYPE_AAAA, AF_INET, a, 32,
	    &ch));
	assert_false(geo_map_select(m, 1, www, DNS_TYPE_A, AF_INET, a, 32,
	    &ch));
	/*
	 * eu up: eu's answer; the /8 decided, but 10.1/16 (us) is nested in
	 * it, so the answer holds for 10.0/16, not 10/8.
	 */
	assert_true(geo_map_select(m, 0, www, DNS_TYPE_A, AF_INET, a, 24,
	    &ch));
	assert_int_equal(ch.region, 0);
	assert_int_equal(ch.count, 1);
	assert_memory_equal(ch.rdata, "\0\4\xc0\0\2\x51", 6);
	assert_int_equal(ch.scope, 16);
	assert_int_equal(ch.ttl, CONF_GEO_TTL_DEFAULT);
	/* eu down: its first fallback, us (two records). */
	geo_map_check_set(m, "c-eu", false);
	assert_false(geo_map_site_up(m, 0));
	assert_true(geo_map_select(m, 0, www, DNS_TYPE_A, AF_INET, a, 24,
	    &ch));
	assert_int_equal(ch.region, 1);
	assert_int_equal(ch.count, 2);
	/* eu and us down: apac (no check, always up). */
	geo_map_check_set(m, "c-us", false);
	assert_true(geo_map_select(m, 0, www, DNS_TYPE_A, AF_INET, a, 24,
	    &ch));
	assert_int_equal(ch.region, 2);
	/* us down, its only fallback eu down: the default. */
	a[1] = 1;
	assert_true(geo_map_select(m, 0, www, DNS_TYPE_A, AF_INET, a, 32,
	    &ch));
	assert_int_equal(ch.region, -1);
	assert_memory_equal(ch.rdata, "\0\4\xc0\0\2\x50", 6);
	assert_int_equal(ch.scope, 16);
	/* eu back: us falls back to eu. */
	geo_map_check_set(m, "c-eu", true);
	assert_true(geo_map_select(m, 0, www, DNS_TYPE_A, AF_INET, a, 32,
	    &ch));
	assert_int_equal(ch.region, 0);
	/* A region without an answer here, and no region: the default. */
	a[1] = 3;
	assert_true(geo_map_select(m, 0, www, DNS_TYPE_A, AF_INET, a, 32,
	    &ch));
	assert_int_equal(ch.region, -1);
	assert_int_equal(ch.scope, 16);
	a[0] = 11;
	assert_true(geo_map_select(m, 0, www, DNS_TYPE_A, AF_INET, a, 20,
	    &ch));
	assert_int_equal(ch.region, -1);
	assert_int_equal(ch.scope, 20);
	geo_map_free(m);
	conf_free(conf);
}

/* A CNAME answer answers every type, with its one target as RDATA. */
static void
select_cname(void **state)
{
	static const char yaml[] =
	    "zone:\n  - { domain: example.com, file: x.zone }\n"
	    "geo:\n  nets: NETS\n  regions: [ eu, us ]\n"
	    "  answers:\n"
	    "    - name: www.example.com\n      type: CNAME\n"
	    "      default: Def.Example.com\n      region:\n"
	    "        eu: { rdata: eu.example.com. }\n"
	    "    - name: w2.example.com\n      type: AAAA\n"
	    "      default: 2001:db8::1\n";
	static const uint8_t www[] = "\3www\7example\3com";
	static const uint8_t w2[] = "\2w2\7example\3com";
	char path[] = "/tmp/test_geo.XXXXXX", text[2048], err[512];
	struct geo_map *m = NULL;
	struct geo_choice ch;
	struct conf *conf = NULL;
	uint8_t a[16] = { 10, 0, 0, 1 };
	const char *n;
	FILE *f;
	int fd;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	assert_true((f = fdopen(fd, "w")) != NULL);
	fputs("10.0.0.0/8 eu\n", f);
	fclose(f);
	n = strstr(yaml, "NETS");
	snprintf(text, sizeof(text), "%.*s%s%s", (int)(n - yaml), yaml, path,
	    n + 4);
	if (conf_parse_text(text, strlen(text), "t.yaml", &conf, err,
	    sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_int_equal(geo_map_new(conf, &m, err, sizeof(err)), 0);
	unlink(path);
	assert_true(geo_map_select(m, 0, www, DNS_TYPE_A, AF_INET, a, 32,
	    &ch));
	assert_int_equal(ch.type, DNS_TYPE_CNAME);
	assert_int_equal(ch.count, 1);
	assert_int_equal(ch.region, 0);
	assert_memory_equal(ch.rdata, "\0\20\2eu\7example\3com", 18);
	assert_true(geo_map_select(m, 0, www, DNS_TYPE_TXT, AF_INET, a, 32,
	    &ch));
	assert_int_equal(ch.type, DNS_TYPE_CNAME);
	a[0] = 11;
	assert_true(geo_map_select(m, 0, www, DNS_TYPE_CNAME, AF_INET, a, 32,
	    &ch));
	assert_int_equal(ch.region, -1);
	/* The target as lowercase wire. */
	assert_memory_equal(ch.rdata, "\0\21\3def\7example\3com", 19);
	/* An AAAA answer is only for AAAA. */
	assert_false(geo_map_select(m, 0, w2, DNS_TYPE_A, AF_INET, a, 32,
	    &ch));
	assert_true(geo_map_select(m, 0, w2, DNS_TYPE_AAAA, AF_INET, a, 32,
	    &ch));
	assert_int_equal(ch.type, DNS_TYPE_AAAA);
	geo_map_free(m);
	conf_free(conf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_comments_blank),
		cmocka_unit_test(parse_errors),
		cmocka_unit_test(lpm_v4_overlap),
		cmocka_unit_test(lpm_v6_overlap),
		cmocka_unit_test(lpm_v4_random),
		cmocka_unit_test(lpm_timing),
		cmocka_unit_test(scope_nested),
		cmocka_unit_test(select_fallback),
		cmocka_unit_test(select_cname),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
