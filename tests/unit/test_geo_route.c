/* SPDX-License-Identifier: MIT */
/*
 * test_geo_route.c -- what the geo map tells the operator: each region's
 * route now (own, fallback, default) as castnsctl geo shows it, and the
 * counter cell of each answer given, by client region and answer region.
 */
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

#include "../../src/conf/conf.h"
#include "../../src/geo/geo.h"

static const char yaml[] =
    "zone:\n  - { domain: example.com, file: x.zone }\n"
    "check:\n"
    "  - { id: c-eu, type: file, path: /nonexistent/eu }\n"
    "  - { id: c-us, type: file, path: /nonexistent/us }\n"
    "geo:\n  nets: NETS\n  regions: [ eu, us, apac ]\n"
    "  sites: [ { name: eu, check: c-eu }, { name: us, check: c-us } ]\n"
    "  answers:\n"
    "    - name: www.example.com\n      type: A\n"
    "      default: 192.0.2.80\n      region:\n"
    "        eu: { site: eu, fallback: [ us ], rdata: 192.0.2.81 }\n"
    "        us: { site: us, rdata: 192.0.2.82 }\n";
static const uint8_t www[] = "\3www\7example\3com";

static void
load(struct conf **conf, struct geo_map **m)
{
	char path[] = "/tmp/test_geo_route.XXXXXX", text[2048], err[512];
	const char *n;
	FILE *f;
	int fd;

	assert_true((fd = mkstemp(path)) >= 0);
	assert_true((f = fdopen(fd, "w")) != NULL);
	fputs("10.0.0.0/8 eu\n10.1.0.0/16 us\n10.2.0.0/16 apac\n", f);
	fclose(f);
	n = strstr(yaml, "NETS");
	snprintf(text, sizeof(text), "%.*s%s%s", (int)(n - yaml), yaml, path,
	    n + 4);
	if (conf_parse_text(text, strlen(text), "t.yaml", conf, err,
	    sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_int_equal(geo_map_new(*conf, m, err, sizeof(err)), 0);
	unlink(path);
}

/* Each region's route follows the sites: own, fallback, default. */
static void
route_by_sites(void **state)
{
	struct conf *conf = NULL;
	struct geo_map *m = NULL;

	(void)state;
	load(&conf, &m);
	assert_int_equal(geo_map_route(m, 0, 0), 0);
	assert_int_equal(geo_map_route(m, 0, 1), 1);
	assert_int_equal(geo_map_route(m, 0, 2), -1);	/* no entry */
	geo_map_check_set(m, "c-eu", false);
	assert_int_equal(geo_map_route(m, 0, 0), 1);	/* fallback us */
	geo_map_check_set(m, "c-us", false);
	assert_int_equal(geo_map_route(m, 0, 0), -1);	/* default */
	assert_int_equal(geo_map_route(m, 0, 1), -1);
	geo_map_check_set(m, "c-eu", true);
	assert_int_equal(geo_map_route(m, 0, 0), 0);
	assert_int_equal(geo_map_route(m, 0, 1), -1);	/* us has none */
	/* Out of range: the default, no crash. */
	assert_int_equal(geo_map_route(m, 1, 0), -1);
	assert_int_equal(geo_map_route(m, 0, 3), -1);
	geo_map_free(m);
	conf_free(conf);
}

/* The cell of each answer: (client region + 1) x 4 + (answer + 1). */
static void
cells(void **state)
{
	struct conf *conf = NULL;
	struct geo_map *m = NULL;
	struct geo_choice ch;
	uint8_t a[16] = { 10, 0, 0, 1 };

	(void)state;
	load(&conf, &m);
	assert_int_equal(geo_map_cells(m), 16);
	assert_int_equal(geo_map_cell(m, -1, -1), 0);
	assert_int_equal(geo_map_cell(m, 2, 1), 14);
	assert_true(geo_map_select(m, 0, www, DNS_TYPE_A, AF_INET, a, 32,
	    &ch));
	assert_int_equal(ch.client, 0);
	assert_int_equal(ch.region, 0);
	assert_int_equal(ch.cell, geo_map_cell(m, 0, 0));
	geo_map_check_set(m, "c-eu", false);
	assert_true(geo_map_select(m, 0, www, DNS_TYPE_A, AF_INET, a, 32,
	    &ch));
	assert_int_equal(ch.cell, geo_map_cell(m, 0, 1));
	a[1] = 2;	/* apac: no entry */
	assert_true(geo_map_select(m, 0, www, DNS_TYPE_A, AF_INET, a, 32,
	    &ch));
	assert_int_equal(ch.client, 2);
	assert_int_equal(ch.cell, geo_map_cell(m, 2, -1));
	a[0] = 11;	/* no region */
	assert_true(geo_map_select(m, 0, www, DNS_TYPE_A, AF_INET, a, 32,
	    &ch));
	assert_int_equal(ch.client, -1);
	assert_int_equal(ch.cell, 0);
	geo_map_free(m);
	conf_free(conf);
}

/*
 * Prints what a geo answer costs per query: geo_map_select() for the
 * sixth of ten geo names, random IPv4 clients, a 100k-prefix nets file
 * (the benchmark's setting, bench/run.sh); asserts only that it answers.
 */
static void
select_timing(void **state)
{
	enum { NP = 100000, NQ = 1000000 };
	static const uint8_t h5[] = "\2h5\7example\3com";
	char path[] = "/tmp/test_geo_route.XXXXXX", err[512];
	static char text[8192];
	struct conf *conf = NULL;
	struct geo_map *m = NULL;
	struct timespec t0, t1;
	struct geo_choice ch;
	uint8_t a[16] = { 0 };
	uint32_t x = 12345;
	size_t off, i;
	FILE *f;
	int fd;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	assert_true((f = fdopen(fd, "w")) != NULL);
	for (i = 0; i < NP; i++) {
		uint32_t b = (uint32_t)(i * 4096) + 0x01000000u;

		fprintf(f, "%u.%u.%u.0/%u r%zu\n", b >> 24, (b >> 16) & 255,
		    (b >> 8) & 255, 20 + (unsigned)(i % 5), i % 4);
	}
	fclose(f);
	off = (size_t)snprintf(text, sizeof(text), "zone:\n  - { domain: "
	    "example.com, file: x.zone }\ngeo:\n  nets: %s\n  regions: "
	    "[ r0, r1, r2, r3 ]\n  sites: [ { name: s0 } ]\n  answers:\n",
	    path);
	for (i = 0; i < 10; i++)
		off += (size_t)snprintf(text + off, sizeof(text) - off,
		    "    - { name: h%zu.example.com, type: A, default: "
		    "192.0.2.80, region: { r0: { site: s0, fallback: [ r1 ], "
		    "rdata: 192.0.2.1 }, r1: { rdata: 192.0.2.2 }, r2: { rdata:"
		    " 192.0.2.3 } } }\n", i);
	if (conf_parse_text(text, off, "t.yaml", &conf, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_int_equal(geo_map_new(conf, &m, err, sizeof(err)), 0);
	unlink(path);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < NQ; i++) {
		x = x * 1103515245u + 12345u;
		memcpy(a, &x, 4);
		assert_true(geo_map_select(m, 0, h5, DNS_TYPE_A, AF_INET, a,
		    24, &ch));
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("# geo_map_select: %.0f ns per query (10 geo names, %zu "
	    "prefixes)\n", ((double)(t1.tv_sec - t0.tv_sec) * 1e9 +
	    (double)(t1.tv_nsec - t0.tv_nsec)) / NQ, geo_map_nets_count(m));
	geo_map_free(m);
	conf_free(conf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(route_by_sites),
		cmocka_unit_test(cells),
		cmocka_unit_test(select_timing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
