/* SPDX-License-Identifier: MIT */
/*
 * test_geo_mmdb.c -- MaxMind DB files compiled into the geo map: small
 * databases written by tests/geo/mkmmdb.pl (Debian's
 * libmaxmind-db-writer-perl) and read back through libmaxminddb.  Region
 * by country, then continent, then the default; the scope is the DB
 * network's length; the nets file wins over the DB; errors name the file.
 * Skips when the Perl writer is not installed.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/common/err.h"
#include "../../src/conf/conf.h"
#include "../../src/geo/geo.h"
#include "../../src/geo/mmdb.h"
#include "../../src/geo/nets.h"

static char dir[] = "/tmp/test_geo_mmdb.XXXXXX";
static bool have_writer;

static const uint8_t www[] = "\3www\7example\3com";

/* Writes the DBs this file reads; false when the writer is missing. */
static int
setup(void **state)
{
	char cmd[512];
	const char *src = getenv("CASTNS_SRC");

	(void)state;
	if (src == NULL)
		src = ".";
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(cmd, sizeof(cmd), "cd %s && perl tests/geo/mkmmdb.pl test "
	    "%s/test.mmdb && perl tests/geo/mkmmdb.pl test4 %s/test4.mmdb && "
	    "perl tests/geo/mkmmdb.pl city %s/city.mmdb", src, dir, dir, dir);
	have_writer = system(cmd) == 0;
	if (!have_writer)
		fprintf(stderr, "# libmaxmind-db-writer-perl missing: "
		    "skipping\n");
	return 0;
}

static int
teardown(void **state)
{
	char cmd[512];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
write_file(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

/*
 * A map from geo: lines (nets/maxmind relative to dir) with one A answer
 * per region: eu .81, us .82, apac .84, default .80.  r is geo_map_new's
 * result; err gets its reason.
 */
static struct geo_map *
map_new(const char *geo, struct conf **confp, int *r, char *err,
    size_t errlen)
{
	char text[4096], path[300];
	struct geo_map *m = NULL;

	snprintf(text, sizeof(text),
	    "zone:\n  - { domain: example.com, file: x.zone }\n"
	    "geo:\n  regions: [ eu, us, apac ]\n%s"
	    "  answers:\n"
	    "    - name: www.example.com\n      type: A\n"
	    "      default: 192.0.2.80\n      region:\n"
	    "        eu: { rdata: 192.0.2.81 }\n"
	    "        us: { rdata: 192.0.2.82 }\n"
	    "        apac: { rdata: 192.0.2.84 }\n", geo);
	snprintf(path, sizeof(path), "%s/t.yaml", dir);
	if (conf_parse_text(text, strlen(text), path, confp, err, errlen) !=
	    0)
		fail_msg("%s", err);
	*r = geo_map_new(*confp, &m, err, errlen);
	return m;
}

/* The region (0 eu, 1 us, 2 apac, -1 default) and scope for addr/len. */
static void
expect(const struct geo_map *m, const char *addr, unsigned len, int region,
    unsigned scope)
{
	struct geo_choice ch;
	uint8_t a[16];
	int fam = strchr(addr, ':') ? AF_INET6 : AF_INET;

	assert_int_equal(inet_pton(fam, addr, a), 1);
	assert_true(geo_map_select(m, 0, www, DNS_TYPE_A, fam, a, len, &ch));
	if (ch.region != region || ch.scope != scope)
		print_error("%s/%u: want region %d scope %u, got %d %u\n",
		    addr, len, region, scope, ch.region, ch.scope);
	assert_int_equal(ch.region, region);
	assert_int_equal(ch.scope, scope);
	/* The RDATA is the region's: .81 .82 .84, default .80. */
	assert_int_equal(ch.rdata[5], region == 0 ? 0x51 : region == 1 ?
	    0x52 : region == 2 ? 0x54 : 0x50);
}

#define MAPS	"  countries: { DE: eu, us: us, JP: apac, FR: eu }\n" \
		"  continents: { EU: eu, NA: us, OC: apac }\n"

static void
country_continent_default(void **state)
{
	static const char *const dbs[] = { "test.mmdb", "test4.mmdb" };
	struct conf *conf = NULL;
	struct geo_map *m;
	char geo[512], err[512], sum[256];
	size_t i;
	int r;

	(void)state;
	if (!have_writer)
		skip();
	for (i = 0; i < 2; i++) {
		snprintf(geo, sizeof(geo), "  maxmind: %s\n" MAPS, dbs[i]);
		m = map_new(geo, &conf, &r, err, sizeof(err));
		if (r != 0)
			fail_msg("%s", err);
		geo_map_summary(m, sum, sizeof(sum));
		printf("# %s: %s\n", dbs[i], sum);
		/* By country; the scope is the DB network's length. */
		expect(m, "192.0.2.1", 32, 0, 24);
		expect(m, "203.0.113.1", 32, 1, 24);
		expect(m, "198.51.100.5", 20, 2, 20);	/* capped by source */
		expect(m, "198.51.100.5", 32, 2, 24);
		expect(m, "10.1.2.3", 24, 1, 16);
		/* IT is not mapped, its continent EU is. */
		expect(m, "10.2.0.1", 32, 0, 16);
		/* No country key at all: the continent (OC). */
		expect(m, "10.3.130.1", 32, 2, 18);
		/* BR/SA: neither mapped, the default for the whole source. */
		expect(m, "10.3.1.1", 32, -1, 32);
		/* In no network of the DB. */
		expect(m, "10.3.192.0", 24, -1, 24);
		expect(m, "11.0.0.0", 8, -1, 8);
		expect(m, "10.4.1.1", 32, 0, 16);
		if (i == 0) {
			expect(m, "2001:db8:1::1", 56, 0, 48);
			expect(m, "2001:db8:2::", 56, 2, 48);	/* OC */
			expect(m, "2001:db8:3::", 56, 1, 48);	/* CA: NA */
			expect(m, "2001:db8:4::", 56, -1, 56);	/* AR: SA */
			expect(m, "2001:db8:5::", 56, -1, 56);	/* in /47 */
			expect(m, "2001:db8:6::", 56, -1, 56);	/* outside */
			/* The writer's IPv4 aliases are not networks here. */
			expect(m, "::ffff:192.0.2.1", 128, -1, 128);
			expect(m, "2002:c000:201::", 48, -1, 48);
		} else
			expect(m, "2001:db8:1::1", 56, -1, 56);
		geo_map_free(m);
		conf_free(conf);
	}
}

/* The nets file first: its prefixes win, even over longer DB networks. */
static void
nets_over_mmdb(void **state)
{
	struct conf *conf = NULL;
	struct geo_map *m;
	char err[512];
	int r;

	(void)state;
	if (!have_writer)
		skip();
	write_file("nets.txt", "10.4.0.0/20 us\n192.0.0.0/16 apac\n"
	    "2001:db8:2:8000::/49 us\n");
	m = map_new("  nets: nets.txt\n  maxmind: [ test.mmdb ]\n" MAPS,
	    &conf, &r, err, sizeof(err));
	if (r != 0)
		fail_msg("%s", err);
	expect(m, "10.4.0.7", 32, 1, 20);		/* nets */
	/* DB: FR, its /16 less the nets /20: 10.4.16/20, 10.4.128/17 */
	expect(m, "10.4.16.0", 32, 0, 20);
	expect(m, "10.4.255.255", 32, 0, 17);
	expect(m, "192.0.2.1", 32, 2, 16);		/* nets /16 > DB /24 */
	expect(m, "198.51.100.5", 32, 2, 24);		/* DB */
	expect(m, "2001:db8:2::1", 56, 2, 49);		/* DB: AU less /49 */
	expect(m, "2001:db8:2:8000::", 56, 1, 49);	/* nets */
	geo_map_free(m);
	conf_free(conf);
}

/* A City DB (more keys per record) reads the same way; two files merge. */
static void
city_and_two_files(void **state)
{
	struct conf *conf = NULL;
	struct geo_map *m;
	char err[512];
	int r;

	(void)state;
	if (!have_writer)
		skip();
	m = map_new("  maxmind: [ city.mmdb, test.mmdb ]\n" MAPS, &conf, &r,
	    err, sizeof(err));
	if (r != 0)
		fail_msg("%s", err);
	/* city.mmdb has 192.0.2.0/23 DE: it comes first. */
	expect(m, "192.0.3.1", 32, 0, 23);
	/* JP (apac) for all of 2001:db8::/32 in city.mmdb. */
	expect(m, "2001:db8:3::", 56, 2, 32);
	/* Only test.mmdb knows it. */
	expect(m, "203.0.113.5", 32, 1, 24);
	geo_map_free(m);
	conf_free(conf);
}

/* Errors name the file; nothing is half-built. */
static void
errors(void **state)
{
	struct conf *conf = NULL;
	struct geo_map *m;
	char err[512], want[300];
	int r;

	(void)state;
	m = map_new("  maxmind: nothere.mmdb\n" MAPS, &conf, &r, err,
	    sizeof(err));
	assert_null(m);
	assert_int_not_equal(r, 0);
	snprintf(want, sizeof(want), "%s/nothere.mmdb: ", dir);
	if (strncmp(err, want, strlen(want)) != 0)
		fail_msg("got: %s", err);
	conf_free(conf);

	write_file("text.mmdb", "10.0.0.0/8 eu\n");
	m = map_new("  maxmind: text.mmdb\n" MAPS, &conf, &r, err,
	    sizeof(err));
	assert_null(m);
	snprintf(want, sizeof(want), "%s/text.mmdb: not a MaxMind DB: ", dir);
	if (strncmp(err, want, strlen(want)) != 0)
		fail_msg("got: %s", err);
	conf_free(conf);

	if (!have_writer)
		return;
	/* A bad nets file fails before the DB is read. */
	write_file("bad.txt", "10.0.0.1/8 eu\n");
	m = map_new("  nets: bad.txt\n  maxmind: test.mmdb\n" MAPS, &conf, &r,
	    err, sizeof(err));
	assert_null(m);
	assert_non_null(strstr(err, "bad.txt:1: host bits set"));
	conf_free(conf);
}

/* Compile time and memory for many networks, and the lookup's cost. */
static void
timing(void **state)
{
	enum { NQ = 2000000 };
	struct conf *conf = NULL;
	struct geo_map *m;
	struct geo_choice ch;
	struct timespec t0, t1;
	char cmd[512], err[512], sum[256], geo[256];
	const char *src = getenv("CASTNS_SRC"), *nets = getenv("GEO_BIG");
	uint8_t a[16] = { 0 };
	unsigned hits = 0, x = 1;
	double ms, ns;
	size_t i;
	int r;

	(void)state;
	if (!have_writer)
		skip();
	/* 20,000 networks by default; GEO_BIG=N for more (docs/geo.md). */
	snprintf(cmd, sizeof(cmd), "cd %s && perl tests/geo/mkmmdb.pl big %s "
	    "%s/big.mmdb", src ? src : ".", nets ? nets : "20000", dir);
	assert_int_equal(system(cmd), 0);
	snprintf(geo, sizeof(geo), "  maxmind: big.mmdb\n  countries: { DE: "
	    "eu, FR: eu, US: us, JP: apac, CN: apac }\n  continents: { EU: "
	    "eu, NA: us, SA: us, AS: apac, OC: apac, AF: eu }\n");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	m = map_new(geo, &conf, &r, err, sizeof(err));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (r != 0)
		fail_msg("%s", err);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	geo_map_summary(m, sum, sizeof(sum));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < NQ; i++) {
		x = x * 1103515245u + 12345u;
		a[0] = 1 + (uint8_t)(x >> 29);
		a[1] = (uint8_t)(x >> 21);
		a[2] = (uint8_t)(x >> 13);
		a[3] = (uint8_t)(x >> 5);
		geo_map_select(m, 0, www, DNS_TYPE_A, AF_INET, a, 24, &ch);
		hits += ch.region >= 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ns = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 +
	    (double)(t1.tv_nsec - t0.tv_nsec)) / NQ;
	printf("# big.mmdb: %s; compiled in %.1f ms, %zu IPv4 ranges; "
	    "geo_map_select %.0f ns (%u of %u in a region)\n", sum, ms,
	    geo_map_ranges(m, AF_INET), ns, hits, (unsigned)NQ);
	geo_map_free(m);
	conf_free(conf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(country_continent_default),
		cmocka_unit_test(nets_over_mmdb),
		cmocka_unit_test(city_and_two_files),
		cmocka_unit_test(errors),
		cmocka_unit_test(timing),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
