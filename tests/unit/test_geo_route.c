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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(route_by_sites),
		cmocka_unit_test(cells),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
