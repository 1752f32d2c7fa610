/* SPDX-License-Identifier: MIT */
/* test_name.c -- domain names: text, wire, compression, comparison. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/common/err.h"
#include "../../src/dns/name.h"

static const uint8_t origin[] = "\7example\3com";	/* + implicit 0 */

static void
name_from_text_cases(void **state)
{
	static const struct {
		const char	*text;
		int		 len;	/* expected return */
		const char	*wire;
	} cases[] = {
		{ "www", 17, "\3www\7example\3com" },
		{ "www.example.org.", 17, "\3www\7example\3org" },
		{ "@", 13, "\7example\3com" },
		{ ".", 1, "" },
		{ "a\\.b.", 5, "\3a.b" },
		{ "\\065.", 3, "\1A" },
		{ "\\256.", CN_ENAME, "" },
		{ "a..b.", CN_ENAME, "" },
		{ "x\\", CN_ENAME, "" },
		{ "\\06", CN_ENAME, "" },
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaa.", CN_ELABEL, "" },
	};
	uint8_t out[DNS_NAME_MAX];
	size_t i;
	int r;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = dns_name_from_text(out, cases[i].text,
		    strlen(cases[i].text), origin);
		assert_int_equal(r, cases[i].len);
		if (r > 0)
			assert_memory_equal(out, cases[i].wire, (size_t)r);
	}
}

static void
name_too_long(void **state)
{
	char text[600];
	uint8_t out[DNS_NAME_MAX];
	size_t i;

	(void)state;
	/* 128 labels of one octet: 256 octets with the root. */
	for (i = 0; i < 128; i++)
		memcpy(text + i * 2, "a.", 2);
	assert_int_equal(dns_name_from_text(out, text, 256, NULL),
	    CN_ENAMELEN);
	/* 127 labels: 255 octets, the maximum. */
	assert_int_equal(dns_name_from_text(out, text, 254, NULL), 255);
	/* Relative name that only overflows with the origin. */
	assert_int_equal(dns_name_from_text(out, text, 251, origin),
	    CN_ENAMELEN);
}

static void
name_to_text_escapes(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(dns_name_to_text((const uint8_t *)"\3a.b\1\001",
	    buf, sizeof(buf)), 10);
	assert_string_equal(buf, "a\\.b.\\001.");
	assert_int_equal(dns_name_to_text((const uint8_t *)"", buf, 8), 1);
	assert_string_equal(buf, ".");
	assert_int_equal(dns_name_to_text((const uint8_t *)"\7example",
	    buf, 5), CN_ESPACE);
}

static void
name_unpack_pointers(void **state)
{
	/* header(12) | 3www 7example 3com 0 (12..28) | c0 10 (-> example.com) */
	uint8_t msg[64] = { 0 };
	uint8_t out[DNS_NAME_MAX];
	size_t off;

	(void)state;
	memcpy(msg + 12, "\3www\7example\3com", 17);
	msg[29] = 0xc0;
	msg[30] = 16;
	off = 29;
	assert_int_equal(dns_name_unpack(msg, 31, &off, out), 13);
	assert_int_equal(off, 31);
	assert_memory_equal(out, "\7example\3com", 13);
	/* A pointer to itself, and a forward pointer, are refused. */
	off = 29;
	msg[30] = 29;
	assert_int_equal(dns_name_unpack(msg, 31, &off, out), CN_ELOOP);
	msg[30] = 40;
	assert_int_equal(dns_name_unpack(msg, 64, &off, out), CN_ELOOP);
	/* Truncated pointer and truncated label. */
	off = 29;
	assert_int_equal(dns_name_unpack(msg, 30, &off, out), CN_ETRUNC);
	off = 12;
	assert_int_equal(dns_name_unpack(msg, 20, &off, out), CN_ETRUNC);
	/* Reserved label type 0x40. */
	msg[29] = 0x40;
	off = 29;
	assert_int_equal(dns_name_unpack(msg, 31, &off, out), CN_ELABEL);
}

static void
name_canonical_order(void **state)
{
	/* RFC 4034 6.1 example, in order. */
	static const char *ordered[] = {
		"\7example",
		"\1a\7example",
		"\10yljkjljk\1a\7example",
		"\1Z\1a\7example",
		"\4zABC\1a\7EXAMPLE",
		"\1z\7example",
		"\1\001\1z\7example",
		"\1*\1z\7example",
		"\1\200\1z\7example",
	};
	size_t i, n = sizeof(ordered) / sizeof(ordered[0]);

	(void)state;
	for (i = 0; i + 1 < n; i++) {
		assert_true(dns_name_cmp_canonical((const uint8_t *)ordered[i],
		    (const uint8_t *)ordered[i + 1]) < 0);
		assert_true(dns_name_cmp_canonical((const uint8_t *)ordered[i + 1],
		    (const uint8_t *)ordered[i]) > 0);
	}
	assert_int_equal(dns_name_cmp_canonical((const uint8_t *)"\1A\1b",
	    (const uint8_t *)"\1a\1B"), 0);
}

static void
name_relations(void **state)
{
	const uint8_t *www = (const uint8_t *)"\3www\7Example\3com";

	(void)state;
	assert_true(dns_name_equal(www, (const uint8_t *)"\3WWW\7example\3COM"));
	assert_false(dns_name_equal(www, origin));
	assert_true(dns_name_is_below_or_at(www, origin));
	assert_true(dns_name_is_below_or_at(origin, origin));
	assert_false(dns_name_is_below_or_at(origin, www));
	assert_true(dns_name_is_below_or_at(www, (const uint8_t *)""));
	assert_int_equal(dns_name_labels(www), 3);
	assert_ptr_equal(dns_name_parent(www), www + 4);
	assert_null(dns_name_parent((const uint8_t *)""));
	assert_true(dns_name_is_wildcard((const uint8_t *)"\1*\1a"));
	assert_int_equal(dns_name_hash(www), dns_name_hash(
	    (const uint8_t *)"\3wWw\7examplE\3com"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(name_from_text_cases),
		cmocka_unit_test(name_too_long),
		cmocka_unit_test(name_to_text_escapes),
		cmocka_unit_test(name_unpack_pointers),
		cmocka_unit_test(name_canonical_order),
		cmocka_unit_test(name_relations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
