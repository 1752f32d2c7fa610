/* SPDX-License-Identifier: MIT */
/* test_ecs.c -- EDNS Client Subnet (RFC 7871): decode, truncate, write. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "../../src/common/err.h"
#include "../../src/dns/dns.h"
#include "../../src/dns/edns.h"

struct vec {
	const char	*what;
	const char	*data;		/* option data, no code/length */
	size_t		 len;
	int		 rc;
};

#define V(w, d, rc)	{ w, d, sizeof(d) - 1, rc }

static void
ecs_parse_vectors(void **state)
{
	static const struct vec v[] = {
		V("v4 /24", "\0\1\x18\0\xc0\0\2", 0),
		V("v4 /32", "\0\1\x20\0\xc0\0\2\1", 0),
		V("v4 /0", "\0\1\0\0", 0),
		V("v4 /20", "\0\1\x14\0\xc0\0\x20", 0),
		V("v6 /56", "\0\2\x38\0\x20\1\x0d\xb8\0\1\2", 0),
		V("v6 /128", "\0\2\x80\0\x20\1\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\1",
		    0),
		V("v6 /0", "\0\2\0\0", 0),
		V("short", "\0\1\x18", CN_EPARSE),
		V("empty", "", CN_EPARSE),
		V("family 0", "\0\0\0\0", CN_EPARSE),
		V("family 3", "\0\3\x08\0\x0a", CN_EPARSE),
		V("scope in query", "\0\1\x18\x18\xc0\0\2", CN_EPARSE),
		V("v4 /33", "\0\1\x21\0\xc0\0\2\1\0", CN_EPARSE),
		V("v6 /129", "\0\2\x81\0\x20\1\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\1"
		    "\0", CN_EPARSE),
		V("address too long", "\0\1\x18\0\xc0\0\2\0", CN_EPARSE),
		V("address too short", "\0\1\x18\0\xc0\0", CN_EPARSE),
		V("/0 with octets", "\0\1\0\0\0", CN_EPARSE),
		V("host bits set", "\0\1\x14\0\xc0\0\x21", CN_EPARSE),
		V("host bit /31", "\0\1\x1f\0\xc0\0\2\1", CN_EPARSE),
	};
	struct dns_ecs e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		memset(&e, 0xaa, sizeof(e));
		if (dns_ecs_parse(&e, (const uint8_t *)v[i].data, v[i].len) !=
		    v[i].rc)
			fail_msg("%s: want %d", v[i].what, v[i].rc);
		if (v[i].rc != 0)
			assert_int_equal(e.family, 0xaaaa);	/* untouched */
	}
	assert_int_equal(dns_ecs_parse(&e, (const uint8_t *)
	    "\0\1\x14\0\xc0\0\x20", 7), 0);
	assert_int_equal(e.family, DNS_ECS_FAMILY_IP4);
	assert_int_equal(e.source, 20);
	assert_int_equal(e.scope, 0);
	assert_memory_equal(e.addr, "\xc0\0\x20\0", 4);
}

static void
ecs_truncate(void **state)
{
	struct dns_ecs e;
	uint8_t a[16];
	int fam = 0;

	(void)state;
	/* IPv4 /32 is used as /24. */
	assert_int_equal(dns_ecs_parse(&e, (const uint8_t *)
	    "\0\1\x20\0\xc0\0\2\x81", 8), 0);
	assert_int_equal(dns_ecs_prefix(&e, &fam, a), 24);
	assert_int_equal(fam, AF_INET);
	assert_memory_equal(a, "\xc0\0\2\0", 4);
	/* /20 stays /20. */
	assert_int_equal(dns_ecs_parse(&e, (const uint8_t *)
	    "\0\1\x14\0\xc0\0\x20", 7), 0);
	assert_int_equal(dns_ecs_prefix(&e, &fam, a), 20);
	/* IPv6 /128 is used as /56; /60 too, bits past 56 cleared. */
	assert_int_equal(dns_ecs_parse(&e, (const uint8_t *)
	    "\0\2\x80\0\x20\1\x0d\xb8\0\1\2\3\4\5\6\7\x8\x9\xa\xb", 20), 0);
	assert_int_equal(dns_ecs_prefix(&e, &fam, a), 56);
	assert_int_equal(fam, AF_INET6);
	assert_memory_equal(a, "\x20\1\x0d\xb8\0\1\2\0\0\0\0\0\0\0\0\0", 16);
	assert_int_equal(dns_ecs_parse(&e, (const uint8_t *)
	    "\0\2\x3c\0\x20\1\x0d\xb8\0\1\2\xf0", 12), 0);
	assert_int_equal(dns_ecs_prefix(&e, &fam, a), 56);
	assert_memory_equal(a, "\x20\1\x0d\xb8\0\1\2\0", 8);
	/* /0. */
	assert_int_equal(dns_ecs_parse(&e, (const uint8_t *)"\0\2\0\0", 4),
	    0);
	assert_int_equal(dns_ecs_prefix(&e, &fam, a), 0);
}

static void
ecs_write(void **state)
{
	struct dns_ecs e;
	uint8_t out[DNS_ECS_OPT_MAX];

	(void)state;
	assert_int_equal(dns_ecs_parse(&e, (const uint8_t *)
	    "\0\1\x20\0\xc0\0\2\x81", 8), 0);
	/* 7.2.1: source and address as sent (not truncated), our scope. */
	assert_int_equal(dns_ecs_write(&e, 16, out, sizeof(out)), 12);
	assert_memory_equal(out, "\0\x08\0\x08\0\1\x20\x10\xc0\0\2\x81", 12);
	assert_int_equal(dns_ecs_write(&e, 0, out, 11), 0);
	assert_int_equal(dns_ecs_parse(&e, (const uint8_t *)"\0\2\0\0", 4),
	    0);
	assert_int_equal(dns_ecs_write(&e, 0, out, sizeof(out)), 8);
	assert_memory_equal(out, "\0\x08\0\x04\0\2\0\0", 8);
}

static void
ecs_in_opt(void **state)
{
	struct dns_edns ed;
	/* NSID, a bad ECS, then a good one: the first ECS counts. */
	static const uint8_t bad_first[] = "\0\3\0\0" "\0\x08\0\4\0\1\x18\x18"
	    "\0\x08\0\7\0\1\x18\0\xc0\0\2";
	static const uint8_t good[] = "\0\x08\0\7\0\1\x18\0\xc0\0\2";
	/* An ECS whose length runs past the OPT: the OPT is malformed. */
	static const uint8_t framing[] = "\0\x08\0\x09\0\1\x18\0\xc0\0\2";

	(void)state;
	assert_int_equal(dns_edns_parse(&ed, 1232, 0, bad_first,
	    sizeof(bad_first) - 1), 0);
	assert_true(ed.nsid);
	assert_int_equal(ed.ecs_state, DNS_ECS_BAD);
	assert_int_equal(dns_edns_parse(&ed, 1232, 0, good, sizeof(good) - 1),
	    0);
	assert_int_equal(ed.ecs_state, DNS_ECS_OK);
	assert_int_equal(ed.ecs.source, 24);
	assert_int_equal(dns_edns_parse(&ed, 1232, 0, framing,
	    sizeof(framing) - 1), CN_EPARSE);
	assert_int_equal(dns_edns_parse(&ed, 1232, 0, NULL, 0), 0);
	assert_int_equal(ed.ecs_state, DNS_ECS_NONE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ecs_parse_vectors),
		cmocka_unit_test(ecs_truncate),
		cmocka_unit_test(ecs_write),
		cmocka_unit_test(ecs_in_opt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
