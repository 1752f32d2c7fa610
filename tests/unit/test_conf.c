/* SPDX-License-Identifier: MIT */
/*
 * test_conf.c -- the configuration: defaults, a full valid file, every
 * error with its file:line:column and key, value types (durations,
 * addresses, names), relative zone paths and the print/parse round trip.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "../../src/common/err.h"
#include "../../src/conf/conf.h"

static struct conf *
parse_ok(const char *text)
{
	char err[CONF_ERR_MAX] = "";
	struct conf *c = NULL;
	int r;

	r = conf_parse_text(text, strlen(text), "t.yaml", &c, err,
	    sizeof(err));
	if (r != 0)
		fail_msg("unexpected error: %s", err);
	assert_non_null(c);
	return c;
}

static void
defaults(void **state)
{
	struct conf *c = parse_ok("");

	(void)state;
	assert_null(c->identity);
	assert_int_equal(c->nlisten, 0);
	assert_int_equal(c->workers, 0);
	assert_true(c->nsid);
	assert_null(c->version);
	assert_int_equal(c->udp_payload, 1232);
	assert_int_equal(c->tcp_idle_ms, 10000);
	assert_int_equal(c->tcp_max_clients, 1000);
	assert_false(c->cookie_secret_set);
	assert_false(c->log_syslog);
	assert_int_equal(c->log_verbosity, 0);
	assert_int_equal(c->nzones, 0);
	conf_free(c);

	/* An empty server section is not a mapping: "server:" alone. */
	c = parse_ok("server: {}\nzone: []\n");
	assert_int_equal(c->nzones, 0);
	conf_free(c);
}

static const char full[] =
	"# a full configuration\n"
	"server:\n"
	"  identity: eu-1\n"
	"  listen: [ 198.51.100.1@53, \"2001:db8:53::1@5353\", 192.0.2.11 ]\n"
	"  workers: 4\n"
	"  nsid: false\n"
	"  version: \"castns 1\"\n"
	"  udp-payload: 4096\n"
	"  tcp-idle-timeout: 200ms\n"
	"  tcp-max-clients: 50\n"
	"  cookie-secret: 000102030405060708090a0b0c0d0eFF\n"
	"  log:\n"
	"    syslog: yes\n"
	"    verbosity: debug\n"
	"zone:\n"
	"  - domain: MyAwesomeDNS.Something\n"
	"    file: zones/a.zone\n"
	"  - domain: example.com.\n"
	"    file: /abs/b.zone\n";

static void
full_config(void **state)
{
	char err[CONF_ERR_MAX];
	struct conf *c = NULL;
	const struct sockaddr_in6 *s6;
	const struct sockaddr_in *s4;

	(void)state;
	assert_int_equal(conf_parse_text(full, strlen(full),
	    "/etc/castns/castns.yaml", &c, err, sizeof(err)), 0);
	assert_string_equal(c->identity, "eu-1");
	assert_int_equal(c->nlisten, 3);
	assert_string_equal(c->listen[0].text, "198.51.100.1@53");
	assert_string_equal(c->listen[1].text, "2001:db8:53::1@5353");
	assert_string_equal(c->listen[2].text, "192.0.2.11@53");
	s4 = (const struct sockaddr_in *)&c->listen[0].ss;
	assert_int_equal(s4->sin_family, AF_INET);
	assert_int_equal(ntohs(s4->sin_port), 53);
	s6 = (const struct sockaddr_in6 *)&c->listen[1].ss;
	assert_int_equal(s6->sin6_family, AF_INET6);
	assert_int_equal(ntohs(s6->sin6_port), 5353);
	assert_int_equal(c->listen[1].sslen, sizeof(struct sockaddr_in6));
	assert_int_equal(c->workers, 4);
	assert_false(c->nsid);
	assert_string_equal(c->version, "castns 1");
	assert_int_equal(c->udp_payload, 4096);
	assert_int_equal(c->tcp_idle_ms, 200);
	assert_int_equal(c->tcp_max_clients, 50);
	assert_true(c->cookie_secret_set);
	assert_int_equal(c->cookie_secret[0], 0);
	assert_int_equal(c->cookie_secret[10], 0x0a);
	assert_int_equal(c->cookie_secret[15], 0xff);
	assert_true(c->log_syslog);
	assert_int_equal(c->log_verbosity, 1);
	assert_int_equal(c->nzones, 2);
	assert_string_equal(c->zones[0].domain, "myawesomedns.something.");
	assert_memory_equal(c->zones[0].apex, "\14myawesomedns\11something",
	    24);
	assert_string_equal(c->zones[0].file, "zones/a.zone");
	assert_string_equal(c->zones[0].path, "/etc/castns/zones/a.zone");
	assert_string_equal(c->zones[1].domain, "example.com.");
	assert_string_equal(c->zones[1].path, "/abs/b.zone");
	assert_string_equal(c->source, "/etc/castns/castns.yaml");
	conf_free(c);
}

/* Each bad config with the exact message it must produce. */
static const struct {
	const char	*text;
	const char	*err;
} bad[] = {
	{ "server:\n  workers: x\n",
	  "t.yaml:2:12: server.workers: expected a number 1-256, got 'x'" },
	{ "server:\n  workers: 0\n",
	  "t.yaml:2:12: server.workers: expected a number 1-256, got '0'" },
	{ "server:\n  workers: 257\n",
	  "t.yaml:2:12: server.workers: expected a number 1-256, got '257'" },
	{ "server:\n  worker: 2\n",
	  "t.yaml:2:3: server.worker: unknown key" },
	{ "serve:\n  workers: 2\n",
	  "t.yaml:1:1: serve: unknown key" },
	{ "server:\n  workers: 2\n  workers: 3\n",
	  "t.yaml:3:3: server.workers: key given twice (first at line 2)" },
	{ "server:\n  listen: [ 127.0.0.1@53, 1.2.3@53 ]\n",
	  "t.yaml:2:27: server.listen: expected an IPv4 or IPv6 address, "
	  "got '1.2.3@53'" },
	{ "server:\n  listen: [ \"::1@70000\" ]\n",
	  "t.yaml:2:13: server.listen: expected ADDR@PORT with a port "
	  "1-65535, got '::1@70000'" },
	{ "server:\n  listen: [ 127.0.0.1@53, 127.0.0.1 ]\n",
	  "t.yaml:2:27: server.listen: 127.0.0.1@53 listed twice" },
	{ "server:\n  listen: []\n",
	  "t.yaml:2:11: server.listen: expected at least one ADDR@PORT" },
	{ "server:\n  listen: { a: b }\n",
	  "t.yaml:2:11: server.listen: expected a list of ADDR@PORT" },
	{ "server:\n  nsid: maybe\n",
	  "t.yaml:2:9: server.nsid: expected true or false, got 'maybe'" },
	{ "server:\n  udp-payload: 511\n",
	  "t.yaml:2:16: server.udp-payload: expected a number 512-4096, "
	  "got '511'" },
	{ "server:\n  udp-payload: 4097\n",
	  "t.yaml:2:16: server.udp-payload: expected a number 512-4096, "
	  "got '4097'" },
	{ "server:\n  tcp-idle-timeout: 10x\n",
	  "t.yaml:2:21: server.tcp-idle-timeout: expected a duration "
	  "100ms-1h (like 200ms, 10s, 1m), got '10x'" },
	{ "server:\n  tcp-idle-timeout: 50ms\n",
	  "t.yaml:2:21: server.tcp-idle-timeout: expected a duration "
	  "100ms-1h (like 200ms, 10s, 1m), got '50ms'" },
	{ "server:\n  tcp-idle-timeout: 2h\n",
	  "t.yaml:2:21: server.tcp-idle-timeout: expected a duration "
	  "100ms-1h (like 200ms, 10s, 1m), got '2h'" },
	{ "server:\n  tcp-max-clients: 0\n",
	  "t.yaml:2:20: server.tcp-max-clients: expected a number "
	  "1-100000, got '0'" },
	{ "server:\n  cookie-secret: abcd\n",
	  "t.yaml:2:18: server.cookie-secret: expected 32 hex digits "
	  "(16 octets), got 'abcd'" },
	{ "server:\n  cookie-secret: 000102030405060708090a0b0c0d0eGG\n",
	  "t.yaml:2:18: server.cookie-secret: expected 32 hex digits "
	  "(16 octets), got '000102030405060708090a0b0c0d0eGG'" },
	{ "server:\n  identity: \"\"\n",
	  "t.yaml:2:13: server.identity: expected 1-255 printable ASCII "
	  "characters, got ''" },
	{ "server:\n  identity: \"a\\tb\"\n",
	  "t.yaml:2:13: server.identity: expected 1-255 printable ASCII "
	  "characters, got 'a\\x09b'" },
	{ "server:\n  identity: \"z\u00fcrich\"\n",
	  "t.yaml:2:13: server.identity: expected 1-255 printable ASCII "
	  "characters, got 'z\\xc3\\xbcrich'" },
	{ "server:\n  identity: [ a ]\n",
	  "t.yaml:2:13: server.identity: expected a string, got a list" },
	{ "server:\n  log:\n    verbosity: loud\n",
	  "t.yaml:3:16: server.log.verbosity: expected error, warning, info "
	  "or debug, got 'loud'" },
	{ "server:\n  log:\n    syslg: true\n",
	  "t.yaml:3:5: server.log.syslg: unknown key" },
	{ "server:\n  control: /run/castns.sock\n",
	  "t.yaml:2:3: server.control: not supported yet by this castnsd" },
	{ "server: 3\n",
	  "t.yaml:1:9: server: expected a mapping of keys, got '3'" },
	{ "bgp:\n  as: 65001\n",
	  "t.yaml:1:1: bgp: section not supported yet by this castnsd "
	  "(BGP, health checks and anycast prefixes come later)" },
	{ "anycast: []\n",
	  "t.yaml:1:1: anycast: section not supported yet by this castnsd "
	  "(BGP, health checks and anycast prefixes come later)" },
	{ "check: []\n",
	  "t.yaml:1:1: check: section not supported yet by this castnsd "
	  "(BGP, health checks and anycast prefixes come later)" },
	{ "zone:\n  - domain: a.example\n",
	  "t.yaml:2:5: zone[1]: missing key 'file'" },
	{ "zone:\n  - file: a.zone\n",
	  "t.yaml:2:5: zone[1]: missing key 'domain'" },
	{ "zone:\n  - domain: a.example\n    file: a\n"
	  "  - domain: A.Example.\n    file: b\n",
	  "t.yaml:4:13: zone[2].domain: zone listed twice, got 'A.Example.'" },
	{ "zone:\n  - domain: a..example\n    file: a\n",
	  "t.yaml:2:13: zone[1].domain: expected a domain name, "
	  "got 'a..example'" },
	{ "zone:\n  - domain: a.example\n    file: \"\"\n",
	  "t.yaml:3:11: zone[1].file: expected a file name" },
	{ "zone:\n  - domain: a.example\n    file: a\n    serial: 1\n",
	  "t.yaml:4:5: zone[1].serial: unknown key" },
	{ "zone: a.example\n",
	  "t.yaml:1:7: zone: expected a list of { domain: NAME, file: FILE }" },
	{ "- a\n- b\n",
	  "t.yaml:1:1: expected sections (server:, zone:) at the top level" },
	{ "server:\n  workers: [1\n",
	  "t.yaml:3:1: YAML syntax: did not find expected ',' or ']' while "
	  "parsing a flow sequence (from line 2)" },
	{ "server: {}\n---\nzone: [\n",
	  "t.yaml:4:1: YAML syntax: did not find expected node content "
	  "while parsing a flow node (from line 4)" },
	{ "server: {}\n---\nzone: []\n",
	  "t.yaml:3:1: only one YAML document allowed" },
	{ "server:\n\tworkers: 2\n",
	  "t.yaml:2:1: YAML syntax: found character that cannot start any "
	  "token while scanning for the next token (from line 2)" },
};

static void
errors(void **state)
{
	char err[CONF_ERR_MAX];
	struct conf *c;
	size_t i, wrong = 0;
	int r;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		c = NULL;
		err[0] = '\0';
		r = conf_parse_text(bad[i].text, strlen(bad[i].text), "t.yaml",
		    &c, err, sizeof(err));
		if (r != CN_ECONF || strcmp(err, bad[i].err) != 0) {
			print_error("case %zu: got %d '%s'\n   want '%s'\n", i,
			    r, err, bad[i].err);
			wrong++;
		}
		assert_null(c);
	}
	assert_int_equal(wrong, 0);
}

static void
durations(void **state)
{
	static const struct {
		const char	*text;
		int		 r;
		uint32_t	 ms;
	} cases[] = {
		{ "200ms", 0, 200 }, { "10s", 0, 10000 }, { "1m", 0, 60000 },
		{ "2h", 0, 7200000 }, { "7", 0, 7000 }, { "0ms", 0, 0 },
		{ "", CN_EINVAL, 0 }, { "ms", CN_EINVAL, 0 },
		{ "1.5s", CN_EINVAL, 0 }, { "-1s", CN_EINVAL, 0 },
		{ "10 s", CN_EINVAL, 0 }, { "1d", CN_EINVAL, 0 },
		{ "5000000h", CN_ERANGE, 0 }, { "99999999999ms", CN_ERANGE, 0 },
	};
	static const struct {
		uint32_t	 ms;
		const char	*text;
	} fmt[] = {
		{ 200, "200ms" }, { 10000, "10s" }, { 60000, "1m" },
		{ 90000, "90s" }, { 3600000, "1h" }, { 0, "0s" },
		{ 1500, "1500ms" },
	};
	uint32_t ms;
	char buf[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ms = 12345;
		assert_int_equal(conf_parse_duration(cases[i].text, &ms),
		    cases[i].r);
		if (cases[i].r == 0)
			assert_int_equal(ms, cases[i].ms);
	}
	for (i = 0; i < sizeof(fmt) / sizeof(fmt[0]); i++) {
		conf_format_duration(fmt[i].ms, buf, sizeof(buf));
		assert_string_equal(buf, fmt[i].text);
		assert_int_equal(conf_parse_duration(buf, &ms), 0);
		assert_int_equal(ms, fmt[i].ms);
	}
}

static void
addresses(void **state)
{
	static const struct {
		const char	*text;
		const char	*norm;	/* NULL: error */
	} cases[] = {
		{ "127.0.0.1@5353", "127.0.0.1@5353" },
		{ "127.0.0.1", "127.0.0.1@53" },
		{ "::1@5353", "::1@5353" },
		{ "::1", "::1@53" },
		{ "[::1]@5353", "::1@5353" },
		{ "0.0.0.0@53", "0.0.0.0@53" },
		{ "::@53", "::@53" },
		{ "2001:DB8:0:0::53@53", "2001:db8::53@53" },
		{ "127.0.0.1@0", NULL },
		{ "127.0.0.1@", NULL },
		{ "127.0.0.1@53x", NULL },
		{ "127.0.0.1:53", NULL },
		{ "localhost@53", NULL },
		{ "@53", NULL },
		{ "", NULL },
		{ "1.2.3.4.5@53", NULL },
		{ "::1@53@53", NULL },
	};
	struct conf_listen l;
	char why[128];
	size_t i;
	int r;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		why[0] = '\0';
		r = conf_parse_listen(cases[i].text, &l, why, sizeof(why));
		if (cases[i].norm == NULL) {
			if (r == 0)
				fail_msg("'%s' accepted", cases[i].text);
			assert_true(why[0] != '\0');
		} else {
			if (r != 0)
				fail_msg("'%s': %s", cases[i].text, why);
			assert_string_equal(l.text, cases[i].norm);
		}
	}
}

static void
numbers_and_bools(void **state)
{
	unsigned long v;
	bool b;

	(void)state;
	assert_int_equal(conf_parse_uint("42", 1, 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(conf_parse_uint("0", 1, 100, &v), CN_ERANGE);
	assert_int_equal(conf_parse_uint("+4", 1, 100, &v), CN_EINVAL);
	assert_int_equal(conf_parse_uint("", 1, 100, &v), CN_EINVAL);
	assert_int_equal(conf_parse_uint("99999999999999999999999", 1, 100,
	    &v), CN_ERANGE);
	assert_int_equal(conf_parse_bool("On", &b), 0);
	assert_true(b);
	assert_int_equal(conf_parse_bool("no", &b), 0);
	assert_false(b);
	assert_int_equal(conf_parse_bool("1", &b), CN_EINVAL);
}

static void
cli_building(void **state)
{
	struct conf *c = conf_new();
	struct conf_listen l;
	char why[128];

	(void)state;
	assert_int_equal(conf_add_zone(c, "example.com", "x.zone", why,
	    sizeof(why)), 0);
	assert_int_equal(conf_add_zone(c, "EXAMPLE.com.", "y.zone", why,
	    sizeof(why)), CN_EEXIST);
	assert_string_equal(why, "zone listed twice");
	assert_int_equal(conf_add_zone(c, "a..b", "y.zone", why,
	    sizeof(why)), CN_EINVAL);
	assert_int_equal(conf_add_zone(c, "b.example", "", why,
	    sizeof(why)), CN_EINVAL);
	assert_int_equal(c->nzones, 1);
	assert_string_equal(c->zones[0].path, "x.zone");
	assert_int_equal(conf_parse_listen("::1@5353", &l, NULL, 0), 0);
	assert_int_equal(conf_add_listen(c, &l), 0);
	assert_int_equal(conf_add_listen(c, &l), CN_EEXIST);
	conf_free(c);
}

/* Prints text's config, parses the output, prints again: equal. */
static void
round_trip_one(const char *text)
{
	char *out1 = NULL, *out2 = NULL, err[CONF_ERR_MAX];
	size_t len1 = 0, len2 = 0;
	struct conf *c1, *c2 = NULL;
	FILE *f;

	c1 = parse_ok(text);
	f = open_memstream(&out1, &len1);
	assert_int_equal(conf_print(c1, f), 0);
	fclose(f);
	if (conf_parse_text(out1, len1, "printed", &c2, err,
	    sizeof(err)) != 0)
		fail_msg("printed config does not parse: %s\n%s", err, out1);
	f = open_memstream(&out2, &len2);
	assert_int_equal(conf_print(c2, f), 0);
	fclose(f);
	assert_string_equal(out1, out2);
	assert_int_equal(c1->workers, c2->workers);
	assert_int_equal(c1->tcp_idle_ms, c2->tcp_idle_ms);
	assert_memory_equal(c1->cookie_secret, c2->cookie_secret,
	    sizeof(c1->cookie_secret));
	free(out1);
	free(out2);
	conf_free(c1);
	conf_free(c2);
}

static void
round_trip(void **state)
{
	(void)state;
	round_trip_one("");
	round_trip_one(full);
	round_trip_one("server:\n  identity: \"we \\\"quote\\\" \\\\ it\"\n"
	    "  version: \"-x: y #z\"\n  tcp-idle-timeout: 1500ms\n"
	    "zone:\n  - domain: \"a\\\\.b.example\"\n    file: \"my zone\"\n");
	/* UTF-8 file names, YAML line breaks and C1 controls in them. */
	round_trip_one("zone:\n  - domain: a.example\n"
	    "    file: \"z\u00fcrich\\N\\L\\P\\u009e\\t.zone\"\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(full_config),
		cmocka_unit_test(errors),
		cmocka_unit_test(durations),
		cmocka_unit_test(addresses),
		cmocka_unit_test(numbers_and_bools),
		cmocka_unit_test(cli_building),
		cmocka_unit_test(round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
