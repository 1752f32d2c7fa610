/* SPDX-License-Identifier: MIT */
/* test_rdata.c -- the RR type table and the RDATA field walker. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/dns/dns.h"
#include "../../src/dns/rdata.h"

static void
rrtype_lookup(void **state)
{
	char buf[16];

	(void)state;
	assert_int_equal(dns_rrtype_by_name("aaaa", 4)->type, DNS_TYPE_AAAA);
	assert_int_equal(dns_rrtype_by_name("NSEC3PARAM", 10)->type,
	    DNS_TYPE_NSEC3PARAM);
	assert_null(dns_rrtype_by_name("AAAAA", 5));
	assert_null(dns_rrtype_by_name("A", 0));
	assert_string_equal(dns_rrtype_by_code(DNS_TYPE_CAA)->name, "CAA");
	assert_null(dns_rrtype_by_code(1234));
	assert_string_equal(dns_rrtype_to_text(1234, buf, sizeof(buf)),
	    "TYPE1234");
	assert_string_equal(dns_rrtype_to_text(DNS_TYPE_ANY, buf,
	    sizeof(buf)), "ANY");
}

/* The table must stay sorted: dns_rrtype_by_code() bisects it. */
static void
rrtype_table_sorted(void **state)
{
	unsigned t;

	(void)state;
	for (t = 0; t < 65536; t++) {
		const struct dns_rrtype *d = dns_rrtype_by_code((uint16_t)t);

		if (d != NULL)
			assert_int_equal(d->type, t);
	}
	assert_non_null(dns_rrtype_by_code(DNS_TYPE_A));
	assert_non_null(dns_rrtype_by_code(DNS_TYPE_CAA));
	assert_non_null(dns_rrtype_by_code(DNS_TYPE_SVCB));
}

static void
rdata_walk_mx(void **state)
{
	static const uint8_t mx[] = "\0\12\4mail\7example\0";
	const struct dns_rrtype *d = dns_rrtype_by_code(DNS_TYPE_MX);
	struct dns_rdata_field f;
	size_t st = 0;

	(void)state;
	assert_int_equal(dns_rdata_next(d, mx, 16, &st, &f), 1);
	assert_int_equal(f.kind, DNS_RDF_U16);
	assert_int_equal(f.off, 0);
	assert_int_equal(dns_rdata_next(d, mx, 16, &st, &f), 1);
	assert_int_equal(f.kind, DNS_RDF_CNAME);
	assert_int_equal(f.off, 2);
	assert_int_equal(f.len, 14);
	assert_int_equal(dns_rdata_next(d, mx, 16, &st, &f), 0);
	assert_int_equal(dns_rdata_target_off(DNS_TYPE_MX, mx, 16), 2);
}

static void
rdata_validity(void **state)
{
	static const struct {
		uint16_t	 type;
		const char	*wire;
		size_t		 len;
		bool		 ok;
	} cases[] = {
		{ DNS_TYPE_A, "\1\2\3\4", 4, true },
		{ DNS_TYPE_A, "\1\2\3", 3, false },
		{ DNS_TYPE_A, "\1\2\3\4\5", 5, false },
		{ DNS_TYPE_NS, "\2ns\0", 4, true },
		{ DNS_TYPE_NS, "\2ns", 3, false },		/* no root */
		{ DNS_TYPE_NS, "\2ns\0\0", 5, false },		/* trailing */
		{ DNS_TYPE_NS, "\300\14", 2, false },		/* compressed */
		{ DNS_TYPE_TXT, "\3abc\0", 5, true },
		{ DNS_TYPE_TXT, "\4abc", 4, false },		/* overrun */
		{ DNS_TYPE_SRV, "\0\1\0\2\0\3\0", 7, true },
		{ DNS_TYPE_SRV, "\0\1\0\2\0\3", 6, false },
		{ DNS_TYPE_CAA, "\0\5issueca", 9, true },
		{ DNS_TYPE_CAA, "\0\11issue", 7, false },
		{ 1234, "anything", 8, true },			/* opaque */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool ok = dns_rdata_valid(cases[i].type,
		    (const uint8_t *)cases[i].wire, cases[i].len);

		if (ok != cases[i].ok)
			fail_msg("case %zu: type %u expected %d", i,
			    cases[i].type, cases[i].ok);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rrtype_lookup),
		cmocka_unit_test(rrtype_table_sorted),
		cmocka_unit_test(rdata_walk_mx),
		cmocka_unit_test(rdata_validity),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
