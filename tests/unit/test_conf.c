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
	assert_false(c->control_set);
	assert_string_equal(c->control, "/run/castns/control.sock");
	assert_int_equal(c->control_mode, 0600);
	assert_false(c->metrics_set);
	conf_free(c);

	c = parse_ok("server:\n  control: none\n  control-mode: 660\n"
	    "  metrics: 127.0.0.1@9153\n");
	assert_true(c->control_set);
	assert_null(c->control);
	assert_int_equal(c->control_mode, 0660);
	assert_true(c->metrics_set);
	assert_string_equal(c->metrics.text, "127.0.0.1@9153");
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
	{ "server:\n  control: castns.sock\n",
	  "t.yaml:2:12: server.control: expected an absolute path of at "
	  "most 107 characters without spaces, or none, got 'castns.sock'" },
	{ "server:\n  control-mode: 01777\n",
	  "t.yaml:2:17: server.control-mode: expected an octal mode "
	  "0000-0777 (like 0600), got '01777'" },
	{ "server:\n  metrics: 127.0.0.1@0\n",
	  "t.yaml:2:12: server.metrics: expected ADDR@PORT with a port "
	  "1-65535, got '127.0.0.1@0'" },
	{ "server: 3\n",
	  "t.yaml:1:9: server: expected a mapping of keys, got '3'" },
	{ "bgp:\n  as: 65001\n",
	  "t.yaml:2:3: bgp: missing key 'router-id'" },
	{ "anycast:\n  - prefix: 198.51.100.0/24\n",
	  "t.yaml:1:1: anycast: needs a bgp section (the prefixes are "
	  "announced over BGP)" },
	{ "check:\n  - id: a\n    type: tcp\n    target: 192.0.2.1\n",
	  "t.yaml:4:13: check[1].target: expected ADDR@PORT with the port "
	  "to connect to, got '192.0.2.1'" },
	{ "check:\n  - id: a\n    type: file\n    path: /x\n"
	  "    url: http://192.0.2.1/\n",
	  "t.yaml:5:5: check[1].url: not a key of a file check" },
	{ "check:\n  - id: a\n    type: file\n    path: /x\n"
	  "  - id: a\n    type: file\n    path: /y\n",
	  "t.yaml:5:9: check[2].id: 'a' is already check[1]" },
	{ "health:\n  damping:\n    suppress: 500\n",
	  "t.yaml:3:5: health.damping: reuse (750) must be below suppress "
	  "(500)" },
	{ "bgp:\n  as: 65001\n  router-id: 192.0.2.11\n  peer:\n"
	  "    - address: 192.0.2.1\n      remote-as: x\n",
	  "t.yaml:6:18: bgp.peer[1].remote-as: expected a number "
	  "1-4294967295, got 'x'" },
	{ "bgp:\n  as: 65001\n  router-id: 192.0.2.11\n  peer:\n"
	  "    - address: 192.0.2.1\n      remote-as: 65000\n"
	  "      password: \"0123456789012345678901234567890123456789"
	  "01234567890123456789012345678901234567890\"\n",
	  "t.yaml:7:17: bgp.peer[1].password: expected 1-80 octets "
	  "(TCP-MD5, RFC 2385), got 81" },
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

static void
prefixes(void **state)
{
	static const struct {
		const char	*text;
		int		 r;
		const char	*norm;	/* or a word of the reason */
		int		 af;
		unsigned	 len;
	} cases[] = {
		{ "198.51.100.0/24", 0, "198.51.100.0/24", AF_INET, 24 },
		{ "198.51.100.1/32", 0, "198.51.100.1/32", AF_INET, 32 },
		{ "0.0.0.0/0", 0, "0.0.0.0/0", AF_INET, 0 },
		{ "10.0.0.0/008", 0, "10.0.0.0/8", AF_INET, 8 },
		{ "2001:DB8:53:0::/48", 0, "2001:db8:53::/48", AF_INET6, 48 },
		{ "2001:db8:53::1/128", 0, "2001:db8:53::1/128", AF_INET6, 128 },
		{ "2001:db8:8000::/33", 0, "2001:db8:8000::/33", AF_INET6, 33 },
		{ "::/0", 0, "::/0", AF_INET6, 0 },
		{ "198.51.100.1/24", CN_EINVAL, "198.51.100.0/24", 0, 0 },
		{ "198.51.100.128/25", 0, "198.51.100.128/25", AF_INET, 25 },
		{ "198.51.100.129/25", CN_EINVAL, "198.51.100.128/25", 0, 0 },
		{ "2001:db8:53::1/48", CN_EINVAL, "2001:db8:53::/48", 0, 0 },
		{ "2001:db8:8000::/32", CN_EINVAL, "2001:db8::/32", 0, 0 },
		{ "198.51.100.0/33", CN_ERANGE, "0-32", 0, 0 },
		{ "2001:db8::/129", CN_ERANGE, "0-128", 0, 0 },
		{ "198.51.100.0", CN_EINVAL, "LENGTH", 0, 0 },
		{ "198.51.100.0/", CN_EINVAL, "LENGTH", 0, 0 },
		{ "/24", CN_EINVAL, "LENGTH", 0, 0 },
		{ "198.51.100.0/+4", CN_EINVAL, "LENGTH", 0, 0 },
		{ "198.51.100.0/24/1", CN_EINVAL, "LENGTH", 0, 0 },
		{ "198.51.100.0/1000", CN_EINVAL, "LENGTH", 0, 0 },
		{ "198.51.100/24", CN_EINVAL, "LENGTH", 0, 0 },
		{ "example.com/24", CN_EINVAL, "LENGTH", 0, 0 },
		{ "fe80::1%eth0/64", CN_EINVAL, "LENGTH", 0, 0 },
		{ "", CN_EINVAL, "LENGTH", 0, 0 },
	};
	struct conf_prefix pf, pf2;
	char why[128];
	size_t i;
	int r;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		why[0] = '\0';
		memset(&pf, 0x5a, sizeof(pf));
		r = conf_parse_prefix(cases[i].text, &pf, why, sizeof(why));
		if (r != cases[i].r)
			fail_msg("'%s': got %d (%s), want %d", cases[i].text,
			    r, why, cases[i].r);
		if (r != 0) {
			if (strstr(why, cases[i].norm) == NULL)
				fail_msg("'%s': reason '%s' lacks '%s'",
				    cases[i].text, why, cases[i].norm);
			/* Out-parameter untouched on failure. */
			assert_int_equal(pf.len, 0x5a);
			continue;
		}
		assert_string_equal(pf.text, cases[i].norm);
		assert_int_equal(pf.af, cases[i].af);
		assert_int_equal(pf.len, cases[i].len);
		/* The normalised text reads back to an equal prefix. */
		assert_int_equal(conf_parse_prefix(pf.text, &pf2, NULL, 0), 0);
		assert_true(conf_prefix_equal(&pf, &pf2));
	}
	assert_int_equal(conf_parse_prefix("198.51.100.0/24", &pf, NULL, 0), 0);
	assert_int_equal(conf_parse_prefix("198.51.100.0/25", &pf2, NULL, 0),
	    0);
	assert_false(conf_prefix_equal(&pf, &pf2));
}

static void
addrs(void **state)
{
	static const struct {
		const char	*text;
		int		 af;	/* 0: refused */
		const char	*norm;
	} cases[] = {
		{ "192.0.2.1", AF_INET, "192.0.2.1" },
		{ "0.0.0.0", AF_INET, "0.0.0.0" },
		{ "2001:DB8::0:1", AF_INET6, "2001:db8::1" },
		{ "::", AF_INET6, "::" },
		{ "::ffff:192.0.2.1", AF_INET6, "::ffff:192.0.2.1" },
		{ "192.0.2.1@179", 0, NULL },
		{ "[2001:db8::1]", 0, NULL },
		{ "fe80::1%eth0", 0, NULL },
		{ "192.0.2", 0, NULL },
		{ "192.0.2.256", 0, NULL },
		{ " 192.0.2.1", 0, NULL },
		{ "router", 0, NULL },
		{ "", 0, NULL },
	};
	struct conf_addr a, unset = { 0 };
	char buf[INET6_ADDRSTRLEN];
	size_t i;
	int r;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&a, 0x5a, sizeof(a));
		r = conf_parse_addr(cases[i].text, &a);
		if (cases[i].af == 0) {
			if (r != CN_EINVAL)
				fail_msg("'%s' accepted", cases[i].text);
			assert_int_equal(a.af, 0x5a5a5a5a);
			continue;
		}
		if (r != 0)
			fail_msg("'%s' refused", cases[i].text);
		assert_int_equal(a.af, cases[i].af);
		conf_format_addr(&a, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].norm);
	}
	/* IPv4 leaves the rest of addr zero, so memcmp compares. */
	assert_int_equal(conf_parse_addr("192.0.2.1", &a), 0);
	assert_memory_equal(a.addr + 4, unset.addr + 4, 12);
	conf_format_addr(&unset, buf, sizeof(buf));
	assert_string_equal(buf, "unset");
}

static void
communities(void **state)
{
	static const struct {
		const char	*text;
		int		 r;
		uint32_t	 value;
		const char	*norm;
	} cases[] = {
		{ "65001:100", 0, 0xfde90064, "65001:100" },
		{ "0:0", 0, 0, "0:0" },
		{ "65535:65535", 0, 0xffffffff, "65535:65535" },
		{ "065001:0100", 0, 0xfde90064, "65001:100" },
		{ "no-export", 0, 0xffffff01, "no-export" },
		{ "NO-EXPORT", 0, 0xffffff01, "no-export" },
		{ "no-advertise", 0, 0xffffff02, "no-advertise" },
		{ "no-export-subconfed", 0, 0xffffff03, "no-export-subconfed" },
		{ "graceful-shutdown", 0, 0xffff0000, "graceful-shutdown" },
		{ "blackhole", 0, 0xffff029a, "blackhole" },
		{ "65535:65281", 0, 0xffffff01, "no-export" },
		{ "65535:0", 0, 0xffff0000, "graceful-shutdown" },
		{ "65536:1", CN_ERANGE, 0, NULL },
		{ "1:65536", CN_ERANGE, 0, NULL },
		{ "1:99999999999", CN_ERANGE, 0, NULL },
		{ "65001", CN_EINVAL, 0, NULL },
		{ "65001:", CN_EINVAL, 0, NULL },
		{ ":100", CN_EINVAL, 0, NULL },
		{ "65001:100:1", CN_EINVAL, 0, NULL },
		{ "65001 :100", CN_EINVAL, 0, NULL },
		{ "-1:100", CN_EINVAL, 0, NULL },
		{ "65001:+1", CN_EINVAL, 0, NULL },
		{ "no_export", CN_EINVAL, 0, NULL },
		{ "noexport", CN_EINVAL, 0, NULL },
		{ "", CN_EINVAL, 0, NULL },
	};
	char buf[32];
	uint32_t c;
	size_t i;
	int r;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c = 12345;
		r = conf_parse_community(cases[i].text, &c);
		if (r != cases[i].r)
			fail_msg("'%s': got %d, want %d", cases[i].text, r,
			    cases[i].r);
		if (r != 0) {
			assert_int_equal(c, 12345);
			continue;
		}
		assert_int_equal(c, cases[i].value);
		conf_format_community(c, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].norm);
	}
}

static void
large_communities(void **state)
{
	static const struct {
		const char	*text;
		int		 r;
		uint32_t	 g, l1, l2;
	} cases[] = {
		{ "65001:1:2", 0, 65001, 1, 2 },
		{ "0:0:0", 0, 0, 0, 0 },
		{ "4294967295:4294967295:4294967295", 0, 4294967295U,
		  4294967295U, 4294967295U },
		{ "4200000000:100:0", 0, 4200000000U, 100, 0 },
		{ "4294967296:1:2", CN_ERANGE, 0, 0, 0 },
		{ "1:4294967296:2", CN_ERANGE, 0, 0, 0 },
		{ "1:2:99999999999999999999", CN_ERANGE, 0, 0, 0 },
		{ "65001:1", CN_EINVAL, 0, 0, 0 },
		{ "65001:1:2:3", CN_EINVAL, 0, 0, 0 },
		{ "65001:1:", CN_EINVAL, 0, 0, 0 },
		{ "65001::2", CN_EINVAL, 0, 0, 0 },
		{ "a:b:c", CN_EINVAL, 0, 0, 0 },
		{ "no-export", CN_EINVAL, 0, 0, 0 },
		{ "", CN_EINVAL, 0, 0, 0 },
	};
	struct conf_large_community lc;
	char buf[40], want[40];
	size_t i;
	int r;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&lc, 0x5a, sizeof(lc));
		r = conf_parse_large_community(cases[i].text, &lc);
		if (r != cases[i].r)
			fail_msg("'%s': got %d, want %d", cases[i].text, r,
			    cases[i].r);
		if (r != 0) {
			assert_int_equal(lc.global, 0x5a5a5a5a);
			continue;
		}
		assert_int_equal(lc.global, cases[i].g);
		assert_int_equal(lc.local1, cases[i].l1);
		assert_int_equal(lc.local2, cases[i].l2);
		conf_format_large_community(&lc, buf, sizeof(buf));
		snprintf(want, sizeof(want), "%u:%u:%u", cases[i].g,
		    cases[i].l1, cases[i].l2);
		assert_string_equal(buf, want);
	}
}

static const char bgp_full[] =
	"bgp:\n"
	"  as: 4200000001\n"
	"  router-id: 192.0.2.11\n"
	"  peer:\n"
	"    - address: 192.0.2.1\n"
	"      name: eu-router\n"
	"      remote-as: 65000\n"
	"      local-address: 192.0.2.11\n"
	"      port: 1179\n"
	"      password: \"s3cret: #1\"\n"
	"      ttl-security: yes\n"
	"      hold-time: 9\n"
	"      connect-retry: 1500ms\n"
	"      next-hop-ipv6: 2001:db8::11\n"
	"      med: 10\n"
	"      prepend: 3\n"
	"      communities: [ \"65001:100\", no-export ]\n"
	"      large-communities: \"4200000001:1:2\"\n"
	"      prefixes: [ 2001:db8:53::/48 ]\n"
	"    - address: 2001:db8::1\n"
	"      remote-as: 4200000001\n"
	"      local-pref: 300\n"
	"      passive: true\n"
	"      hold-time: 0s\n"
	"anycast:\n"
	"  - prefix: 198.51.100.0/24\n"
	"    communities: graceful-shutdown\n"
	"    med: 5\n"
	"  - prefix: 2001:db8:53::/48\n";

static void
bgp_config(void **state)
{
	struct conf *c = parse_ok(bgp_full);
	const struct conf_peer *p;

	(void)state;
	assert_int_equal(c->bgp_as, 4200000001U);
	assert_int_equal(c->bgp_router_id, 0xc000020b);
	assert_int_equal(c->npeers, 2);
	p = &c->peers[0];
	assert_string_equal(p->name, "eu-router");
	assert_int_equal(p->address.af, AF_INET);
	assert_int_equal(p->remote_as, 65000);
	assert_int_equal(p->local_address.af, AF_INET);
	assert_int_equal(p->port, 1179);
	assert_string_equal(p->password, "s3cret: #1");
	assert_true(p->ttl_security);
	assert_false(p->passive);
	assert_int_equal(p->hold_time, 9);
	assert_int_equal(p->connect_retry_ms, 1500);
	assert_int_equal(p->next_hop.af, 0);
	assert_int_equal(p->next_hop6.af, AF_INET6);
	assert_false(p->local_pref_set);
	assert_true(p->attrs.med_set);
	assert_int_equal(p->attrs.med, 10);
	assert_int_equal(p->attrs.prepend, 3);
	assert_int_equal(p->attrs.ncommunities, 2);
	assert_int_equal(p->attrs.communities[0], 65001U << 16 | 100);
	assert_int_equal(p->attrs.communities[1], CONF_COMM_NO_EXPORT);
	assert_int_equal(p->attrs.nlarge, 1);
	assert_int_equal(p->attrs.large[0].global, 4200000001U);
	assert_int_equal(p->nprefixes, 1);
	assert_int_equal(p->prefixes[0], 1);
	p = &c->peers[1];
	assert_string_equal(p->name, "2001:db8::1");
	assert_int_equal(p->port, 179);
	assert_null(p->password);
	assert_true(p->passive);
	assert_int_equal(p->hold_time, 0);
	assert_int_equal(p->connect_retry_ms, 5000);
	assert_true(p->local_pref_set);
	assert_int_equal(p->local_pref, 300);
	assert_false(p->attrs.med_set);
	assert_int_equal(p->nprefixes, 0);
	assert_int_equal(c->nanycast, 2);
	assert_string_equal(c->anycast[0].prefix.text, "198.51.100.0/24");
	assert_int_equal(c->anycast[0].attrs.communities[0],
	    CONF_COMM_GRACEFUL_SHUTDOWN);
	assert_int_equal(c->anycast[0].attrs.med, 5);
	/* The IPv6 peer gets the IPv4 /24 with no IPv4 next hop. */
	assert_int_equal(c->nwarnings, 1);
	assert_string_equal(c->warnings[0], "t.yaml:20:7: bgp.peer[2]: 1 of "
	    "its 2 prefixes will not be announced: an IPv6 session needs "
	    "next-hop for IPv4 prefixes");
	conf_free(c);

	/* Defaults of an iBGP peer. */
	c = parse_ok("bgp:\n  as: 65001\n  router-id: 10.0.0.1\n"
	    "  peer:\n    address: 192.0.2.1\n    remote-as: 65001\n");
	assert_int_equal(c->npeers, 1);
	assert_string_equal(c->peers[0].name, "192.0.2.1");
	assert_int_equal(c->peers[0].hold_time, CONF_HOLD_DEFAULT_S);
	assert_int_equal(c->peers[0].local_pref, CONF_LOCAL_PREF_DEFAULT);
	assert_false(c->peers[0].local_pref_set);
	assert_int_equal(c->nanycast, 0);
	assert_int_equal(c->nwarnings, 1);
	assert_string_equal(c->warnings[0], "t.yaml:1:1: bgp: no anycast "
	    "prefixes: the sessions come up but announce nothing");
	conf_free(c);
}

/* conf_prefix_has, and dns checks without target asking the node itself. */
static void
self_check_targets(void **state)
{
	static const struct {
		const char	*prefix, *addr;
		bool		 in;
	} cases[] = {
		{ "198.51.100.0/24", "198.51.100.1@53", true },
		{ "198.51.100.0/24", "198.51.101.1@53", false },
		{ "198.51.100.0/25", "198.51.100.127@53", true },
		{ "198.51.100.0/25", "198.51.100.128@53", false },
		{ "198.51.100.1/32", "198.51.100.1@53", true },
		{ "198.51.100.1/32", "198.51.100.2@53", false },
		{ "0.0.0.0/0", "192.0.2.1@53", true },
		{ "0.0.0.0/0", "[2001:db8::1]@53", false },
		{ "2001:db8:53::/48", "[2001:db8:53:ffff::1]@53", true },
		{ "2001:db8:53::/48", "[2001:db8:54::1]@53", false },
		{ "2001:db8:8000::/33", "[2001:db8:ffff::1]@53", true },
		{ "2001:db8:8000::/33", "[2001:db8:7fff::1]@53", false },
		{ "::/0", "198.51.100.1@53", false },
	};
	static const char text[] =
	    "server:\n"
	    "  listen: [ 192.0.2.53@53, 198.51.100.1@53, 198.51.100.2@5353,\n"
	    "            \"[2001:db8:53::1]@53\", 203.0.113.1@53 ]\n"
	    "zone:\n  - domain: example.com\n    file: z\n"
	    "bgp:\n  as: 65001\n  router-id: 192.0.2.11\n"
	    "  peer:\n    address: 192.0.2.1\n    remote-as: 65000\n"
	    "    next-hop-ipv6: 2001:db8::11\n"
	    "check:\n  - id: self\n    type: dns\n"
	    "  - id: given\n    type: dns\n    target: 192.0.2.53@53\n"
	    "anycast:\n"
	    "  - prefix: 198.51.100.0/24\n    checks: [ self, given ]\n"
	    "  - prefix: 2001:db8:53::/48\n    checks: self\n"
	    "  - prefix: 203.0.113.0/24\n";
	struct conf_prefix pf;
	struct conf_listen l;
	struct conf *c, *c2;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(conf_parse_prefix(cases[i].prefix, &pf, NULL,
		    0), 0);
		assert_int_equal(conf_parse_listen(cases[i].addr, &l, NULL, 0),
		    0);
		if (conf_prefix_has(&pf, &l.ss) != cases[i].in)
			fail_msg("%s in %s: want %d", cases[i].addr,
			    cases[i].prefix, cases[i].in);
	}
	c = parse_ok(text);
	assert_int_equal(c->nchecks, 2);
	/* In listen order; 192.0.2.53 and the unchecked prefix's not. */
	assert_int_equal(c->checks[0].ntargets, 3);
	assert_int_equal(c->checks[0].target.sslen, 0);
	assert_string_equal(c->checks[0].targets[0].text, "198.51.100.1@53");
	assert_string_equal(c->checks[0].targets[1].text,
	    "198.51.100.2@5353");
	assert_string_equal(c->checks[0].targets[2].text,
	    "2001:db8:53::1@53");
	assert_int_equal(c->checks[0].qtype, DNS_TYPE_SOA);
	assert_int_equal(c->checks[1].ntargets, 0);
	assert_string_equal(c->checks[1].target.text, "192.0.2.53@53");
	/* A reload with another listen set changes the check. */
	c2 = parse_ok(text);
	assert_true(conf_check_equal(&c->checks[0], &c2->checks[0]));
	c2->checks[0].ntargets = 2;
	assert_false(conf_check_equal(&c->checks[0], &c2->checks[0]));
	conf_free(c2);
	conf_free(c);
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
		cmocka_unit_test(prefixes),
		cmocka_unit_test(addrs),
		cmocka_unit_test(communities),
		cmocka_unit_test(large_communities),
		cmocka_unit_test(bgp_config),
		cmocka_unit_test(self_check_targets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
