/* SPDX-License-Identifier: MIT */
/*
 * test_dnssec_check.c -- the load-time DNSSEC checks: a clean NSEC and a
 * clean NSEC3 zone give no message; each way of breaking them (an RRset
 * without RRSIG, an NSEC gap, a next name that does not exist, a chain that
 * does not wrap to the apex, NSEC3 out of hash order, a name without its
 * NSEC3, parameters that NSEC3PARAM does not name, a wrong bitmap) gives
 * its message with the record's line; opt-out leaves insecure delegations
 * out; expired and soon-expiring signatures, and the earliest expiration;
 * an RRSIG whose key tag no apex DNSKEY has.
 * Signatures are not valid cryptographically: the checks do not verify.
 * They run from 2025-12-01 to 2036-02-01, so the loader's own check, at
 * the real time, finds them valid too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/dns/dnssec_check.h"
#include "../../src/dns/zone.h"

/* 2026-01-01 00:00:00 UTC */
#define NOW	1767225600LL
#define SIG	" 13 2 3600 20360201000000 20251201000000 15438 t.test. " \
		"AAECAwQFBgcICQoLDA0ODw=="
#define SIG3	" 13 2 3600 20360201000000 20251201000000 15438 t3.test. " \
		"AAECAwQFBgcICQoLDA0ODw=="

/* Canonical order: t.test, a, b, ns, sub (a cut), ns.sub (glue). */
static const char nsec_zone[] =
	"$ORIGIN t.test.\n"
	"$TTL 3600\n"
	"@ SOA ns h 1 7200 3600 1209600 300\n"		/* line 3 */
	"@ NS ns\n"
	"@ DNSKEY 257 3 13 AAECAwQFBgcICQoLDA0ODw==\n"
	"@ NSEC a NS SOA RRSIG NSEC DNSKEY\n"
	"@ RRSIG SOA" SIG "\n"
	"@ RRSIG NS" SIG "\n"
	"@ RRSIG DNSKEY" SIG "\n"
	"@ RRSIG NSEC" SIG "\n"
	"a A 192.0.2.1\n"				/* line 11 */
	"a NSEC b A RRSIG NSEC\n"			/* line 12 */
	"a RRSIG A" SIG "\n"				/* line 13 */
	"a RRSIG NSEC" SIG "\n"
	"b TXT \"b\"\n"
	"b NSEC ns TXT RRSIG NSEC\n"
	"b RRSIG TXT" SIG "\n"
	"b RRSIG NSEC" SIG "\n"
	"ns A 192.0.2.2\n"
	"ns NSEC sub A RRSIG NSEC\n"
	"ns RRSIG A" SIG "\n"
	"ns RRSIG NSEC" SIG "\n"
	"sub NS ns.sub\n"
	"sub NSEC t.test. NS RRSIG NSEC\n"		/* line 24 */
	"sub RRSIG NSEC" SIG "\n"
	"ns.sub A 192.0.2.3\n";

/*
 * NSEC3, SHA-1, 2 iterations, salt ab; hashes computed outside: x.e,
 * apex, ins (an insecure delegation), sec (a secure one), e (an empty
 * non-terminal), a.
 */
#define N3_XE	"90ijkdo45fv9opc38nj2o3c2fas1so5b"
#define N3_APEX	"ie5v7lf2dutbt3in3c35plaslq5mfq8a"
#define N3_INS	"l4ct28dsqqsghjva968tmplf1ec81rom"
#define N3_SEC	"nr3gvra1a5us28a70cjs62u3kvs9jcu7"
#define N3_E	"oio971qem9vn1us0mi7aq1n1daf2fo0u"
#define N3_A	"u75o4ljgsggnkiihms4k3bga2udamm20"

#define N3_HEAD \
	"$ORIGIN t3.test.\n" \
	"$TTL 3600\n" \
	"@ SOA ns.ins h 1 7200 3600 1209600 300\n" \
	"@ NS ns.ins\n" \
	"@ DNSKEY 257 3 13 AAECAwQFBgcICQoLDA0ODw==\n" \
	"@ NSEC3PARAM 1 0 2 ab\n" \
	"@ RRSIG SOA" SIG3 "\n" \
	"@ RRSIG NS" SIG3 "\n" \
	"@ RRSIG DNSKEY" SIG3 "\n" \
	"@ RRSIG NSEC3PARAM" SIG3 "\n" \
	"a A 192.0.2.1\n" \
	"a RRSIG A" SIG3 "\n" \
	"x.e A 192.0.2.2\n" \
	"x.e RRSIG A" SIG3 "\n" \
	"ins NS ns.ins\n" \
	"ns.ins A 192.0.2.3\n" \
	"sec NS ns.ins\n" \
	"sec DS 1 13 2 0011223344556677889900112233445566778899001122334455667788990011\n" \
	"sec RRSIG DS" SIG3 "\n"

#define N3(owner, flags, next, types) \
	owner " NSEC3 1 " flags " 2 ab " next " " types "\n" \
	owner " RRSIG NSEC3" SIG3 "\n"

static const char nsec3_zone[] = N3_HEAD
	N3(N3_XE, "0", N3_APEX, "A RRSIG")
	N3(N3_APEX, "0", N3_INS, "NS SOA RRSIG DNSKEY NSEC3PARAM")
	N3(N3_INS, "0", N3_SEC, "NS")
	N3(N3_SEC, "0", N3_E, "NS DS RRSIG")
	N3(N3_E, "0", N3_A, "")
	N3(N3_A, "0", N3_XE, "A RRSIG");

struct msgs {
	unsigned	 n;
	unsigned	 line[64];
	char		 text[64][512];
};

static void
collect(void *arg, bool fatal, const char *file, unsigned line,
    const char *text)
{
	struct msgs *m = arg;

	(void)fatal;
	(void)file;
	if (m->n >= 64)
		return;
	m->line[m->n] = line;
	snprintf(m->text[m->n], sizeof(m->text[0]), "%s", text);
	m->n++;
}

static const char *
apex_of(const char *text)
{
	return strstr(text, "t3.test") ? "\2t3\4test" : "\1t\4test";
}

/*
 * Loads text (the loader runs the checks at the real time: its messages
 * are ignored), then checks again at NOW collecting the messages with
 * their lines through the loader's own report path.
 */
static struct dns_zone *
load(const char *text, struct msgs *m, struct dns_dnssec_result *res)
{
	struct dns_zone_report rep;
	struct dns_zone *z;

	memset(&rep, 0, sizeof(rep));
	memset(m, 0, sizeof(*m));
	z = dns_zone_load_text((const uint8_t *)apex_of(text), text,
	    strlen(text), "t.zone", &rep);
	assert_non_null(z);
	dns_dnssec_check(z, NOW, NULL, res);
	return z;
}

/* Loads through the loader with its messages (time: now, 2026-...). */
static void
load_msgs(const char *text, struct msgs *m)
{
	struct dns_zone_report rep;
	struct dns_zone *z;

	memset(&rep, 0, sizeof(rep));
	memset(m, 0, sizeof(*m));
	rep.msg = collect;
	rep.arg = m;
	z = dns_zone_load_text((const uint8_t *)apex_of(text), text,
	    strlen(text), "t.zone", &rep);
	assert_non_null(z);
	dns_zone_free(z);
}

static void
sink_msg(void *arg, uint32_t node, uint16_t type, uint16_t covered,
    const char *text)
{
	struct msgs *m = arg;

	(void)type;
	(void)covered;
	if (m->n >= 64)
		return;
	m->line[m->n] = node;
	snprintf(m->text[m->n], sizeof(m->text[0]), "%s", text);
	m->n++;
}

/* Checks at NOW with messages; returns them in m. */
static void
check_at(const char *text, int64_t now, struct msgs *m,
    struct dns_dnssec_result *res)
{
	struct dns_dnssec_sink sink = { sink_msg, m };
	struct dns_zone_report rep;
	struct dns_zone *z;

	memset(&rep, 0, sizeof(rep));
	memset(m, 0, sizeof(*m));
	z = dns_zone_load_text((const uint8_t *)apex_of(text), text,
	    strlen(text), "t.zone", &rep);
	assert_non_null(z);
	dns_dnssec_check(z, now, &sink, res);
	dns_zone_free(z);
}

static bool
has(const struct msgs *m, const char *want)
{
	unsigned i;

	for (i = 0; i < m->n; i++)
		if (strstr(m->text[i], want) != NULL)
			return true;
	return false;
}

/* The text with the first occurrence of from replaced by to. */
static char *
edit(const char *text, const char *from, const char *to)
{
	const char *p = strstr(text, from);
	size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
	char *out;

	assert_non_null(p);
	out = malloc(n);
	assert_non_null(out);
	snprintf(out, n, "%.*s%s%s", (int)(p - text), text, to,
	    p + strlen(from));
	return out;
}

static void
dump(const struct msgs *m)
{
	unsigned i;

	for (i = 0; i < m->n; i++)
		print_message("# %u: %s\n", m->line[i], m->text[i]);
}

static void
nsec_clean(void **state)
{
	struct dns_dnssec_result res;
	struct msgs m;

	(void)state;
	check_at(nsec_zone, NOW, &m, &res);
	dump(&m);
	assert_int_equal(m.n, 0);
	assert_true(res.is_signed);
	assert_true(res.nsec);
	assert_false(res.nsec3);
	/* 20360201000000 */
	assert_int_equal(res.expire, 2085436800LL);
	assert_int_equal(res.unsigned_rrsets, 0);
	assert_int_equal(res.chain_errors, 0);
}

static void
nsec_missing_rrsig_line(void **state)
{
	char *t = edit(nsec_zone, "a RRSIG A" SIG "\n", "");
	struct dns_dnssec_result res;
	struct msgs m;
	struct dns_zone *z;

	(void)state;
	z = load(t, &m, &res);
	assert_int_equal(res.unsigned_rrsets, 1);
	dns_zone_free(z);
	load_msgs(t, &m);
	dump(&m);
	assert_int_equal(m.n, 1);
	assert_non_null(strstr(m.text[0], "a.t.test. A has no RRSIG"));
	assert_int_equal(m.line[0], 11);	/* the A record */
	free(t);
}

static void
nsec_unsigned_zone_quiet(void **state)
{
	char *t = edit(nsec_zone, "@ DNSKEY", "@ TXT \"no key\" ;");
	struct dns_dnssec_result res;
	struct msgs m;

	(void)state;
	check_at(t, NOW, &m, &res);
	dump(&m);
	assert_false(res.is_signed);
	assert_int_equal(m.n, 0);
	free(t);
}

static void
nsec_gap(void **state)
{
	char *t = edit(nsec_zone, "a NSEC b", "a NSEC ns");
	struct dns_dnssec_result res;
	struct msgs m;

	(void)state;
	check_at(t, NOW, &m, &res);
	dump(&m);
	assert_true(has(&m, "NSEC chain broken at a.t.test.: next is "
	    "ns.t.test., but the next name with an NSEC is b.t.test."));
	assert_int_equal(res.chain_errors, 1);
	load_msgs(t, &m);
	assert_int_equal(m.line[0], 12);	/* a's NSEC */
	free(t);
}

static void
nsec_next_missing(void **state)
{
	char *t = edit(nsec_zone, "a NSEC b", "a NSEC zz");
	struct dns_dnssec_result res;
	struct msgs m;

	(void)state;
	check_at(t, NOW, &m, &res);
	dump(&m);
	assert_true(has(&m, "NSEC at a.t.test. names zz.t.test. as next, "
	    "a name not in the zone"));
	free(t);
}

static void
nsec_no_wrap(void **state)
{
	char *t = edit(nsec_zone, "sub NSEC t.test.", "sub NSEC a");
	struct dns_dnssec_result res;
	struct msgs m;

	(void)state;
	check_at(t, NOW, &m, &res);
	dump(&m);
	assert_true(has(&m, "the last NSEC, at sub.t.test., names "
	    "a.t.test. as next, not the apex"));
	load_msgs(t, &m);
	assert_int_equal(m.line[0], 24);
	free(t);
}

static void
nsec_missing_and_bitmap(void **state)
{
	char *t = edit(nsec_zone, "b NSEC ns TXT RRSIG NSEC\n", "");
	char *u = edit(nsec_zone, "ns NSEC sub A RRSIG", "ns NSEC sub A MX "
	    "RRSIG");
	struct dns_dnssec_result res;
	struct msgs m;

	(void)state;
	check_at(t, NOW, &m, &res);
	dump(&m);
	assert_true(has(&m, "no NSEC at b.t.test."));
	check_at(u, NOW, &m, &res);
	dump(&m);
	assert_true(has(&m, "NSEC for ns.t.test. lists A MX RRSIG NSEC, the "
	    "name has A RRSIG NSEC"));
	free(t);
	free(u);
}

static void
expiry(void **state)
{
	char *t = edit(nsec_zone, "b RRSIG TXT 13 2 3600 20360201000000",
	    "b RRSIG TXT 13 2 3600 20251231000000");
	char *u = edit(nsec_zone, "b RRSIG TXT 13 2 3600 20360201000000",
	    "b RRSIG TXT 13 2 3600 20260103000000");
	char *v = edit(nsec_zone, "b RRSIG TXT 13 2 3600 20360201000000 "
	    "20251201000000", "b RRSIG TXT 13 2 3600 20360201000000 "
	    "20260102000000");
	struct dns_dnssec_result res;
	struct msgs m;

	(void)state;
	check_at(t, NOW, &m, &res);
	dump(&m);
	assert_int_equal(res.expired, 1);
	assert_int_equal(res.expire, 1767139200LL);	/* 2025-12-31 */
	assert_true(has(&m, "RRSIG TXT at b.t.test. expired 1d 0h ago "
	    "(2025-12-31 00:00:00 UTC)"));
	check_at(u, NOW, &m, &res);
	dump(&m);
	assert_int_equal(res.expired, 0);
	assert_int_equal(res.expire, 1767398400LL);	/* 2026-01-03 */
	assert_true(has(&m, "signatures expire in 2d 0h: RRSIG TXT at "
	    "b.t.test. expires 2026-01-03 00:00:00 UTC"));
	check_at(v, NOW, &m, &res);
	dump(&m);
	assert_true(has(&m, "RRSIG TXT at b.t.test. is not valid before "
	    "2026-01-02"));
	/* eleven years on, the whole zone has expired */
	check_at(nsec_zone, NOW + 11 * 365 * 86400LL, &m, &res);
	assert_int_equal(res.expired, 11);
	assert_true(has(&m, "and 1 more expired RRSIGs"));
	assert_int_equal(m.n, DNS_DNSSEC_MSG_MAX + 1);
	free(t);
	free(u);
	free(v);
}

static void
unknown_key(void **state)
{
	char *t = edit(nsec_zone, "a RRSIG A 13 2 3600 20360201000000 "
	    "20251201000000 15438", "a RRSIG A 13 2 3600 20360201000000 "
	    "20251201000000 4711");
	struct dns_dnssec_result res;
	struct msgs m;

	(void)state;
	check_at(t, NOW, &m, &res);
	dump(&m);
	assert_int_equal(m.n, 1);
	assert_true(has(&m, "RRSIG A at a.t.test.: no DNSKEY at the apex has "
	    "its key tag 4711 and algorithm 13"));
	free(t);
}

static void
serial_time(void **state)
{
	(void)state;
	assert_int_equal(dns_dnssec_time(1767225600u, NOW), NOW);
	/* 2106-02-07 wraps the 32-bit field: still ahead of 2106 "now" */
	assert_int_equal(dns_dnssec_time(10u, 4294967290LL), 4294967306LL);
	/* a time far behind "now" is in the past, not 136 years ahead */
	assert_int_equal(dns_dnssec_time(0u, NOW), 0LL);
}

static void
nsec3_clean(void **state)
{
	struct dns_dnssec_result res;
	struct msgs m;

	(void)state;
	check_at(nsec3_zone, NOW, &m, &res);
	dump(&m);
	assert_int_equal(m.n, 0);
	assert_true(res.nsec3);
	assert_int_equal(res.chain_errors, 0);
}

static void
nsec3_missing_name(void **state)
{
	char *t = edit(nsec3_zone, N3(N3_E, "0", N3_A, ""), "");
	char *u = edit(t, N3_SEC " NSEC3 1 0 2 ab " N3_E, N3_SEC
	    " NSEC3 1 0 2 ab " N3_A);
	struct dns_dnssec_result res;
	struct msgs m;

	(void)state;
	check_at(u, NOW, &m, &res);
	dump(&m);
	assert_int_equal(m.n, 1);
	assert_true(has(&m, "no NSEC3 for e.t3.test. (hash " N3_E ")"));
	free(t);
	free(u);
}

static void
nsec3_order_and_params(void **state)
{
	char *t = edit(nsec3_zone, N3_APEX " NSEC3 1 0 2 ab " N3_INS,
	    N3_APEX " NSEC3 1 0 2 ab " N3_SEC);
	char *u = edit(nsec3_zone, N3_INS " NSEC3 1 0 2 ab",
	    N3_INS " NSEC3 1 0 3 ab");
	struct dns_dnssec_result res;
	struct msgs m;

	(void)state;
	check_at(t, NOW, &m, &res);
	dump(&m);
	assert_true(has(&m, "NSEC3 chain broken at " N3_APEX ".t3.test.: "
	    "next hashed owner " N3_SEC ", but the next hash in the zone is "
	    N3_INS));
	check_at(u, NOW, &m, &res);
	dump(&m);
	assert_true(has(&m, "NSEC3 at " N3_INS ".t3.test. has hash 1, 3 "
	    "iterations, salt ab; NSEC3PARAM says hash 1, 2 iterations, "
	    "salt ab"));
	assert_true(has(&m, "no NSEC3 for ins.t3.test."));
	free(t);
	free(u);
}

static void
nsec3_bitmap_and_orphan(void **state)
{
	char *t = edit(nsec3_zone, N3_A " NSEC3 1 0 2 ab " N3_XE " A RRSIG",
	    N3_A " NSEC3 1 0 2 ab " N3_XE " A AAAA RRSIG");
	char *u = edit(nsec3_zone, "x.e A 192.0.2.2\n", "x.e TXT \"moved\"\n"
	    "x.e RRSIG TXT" SIG3 "\n");
	struct dns_dnssec_result res;
	struct msgs m;

	(void)state;
	check_at(t, NOW, &m, &res);
	dump(&m);
	assert_true(has(&m, "NSEC3 for a.t3.test. lists A AAAA RRSIG, the "
	    "name has A RRSIG"));
	check_at(u, NOW, &m, &res);
	dump(&m);
	assert_true(has(&m, "NSEC3 for x.e.t3.test. lists A RRSIG, the name "
	    "has TXT RRSIG"));
	free(t);
	free(u);
}

static void
nsec3_optout(void **state)
{
	/* without ins's NSEC3: an error, unless the chain opts out */
	char *t = edit(nsec3_zone, N3(N3_INS, "0", N3_SEC, "NS"), "");
	char *u = edit(t, N3_APEX " NSEC3 1 0 2 ab " N3_INS,
	    N3_APEX " NSEC3 1 0 2 ab " N3_SEC);
	char *v = edit(u, N3_SEC " NSEC3 1 0", N3_SEC " NSEC3 1 1");
	struct dns_dnssec_result res;
	struct msgs m;

	(void)state;
	check_at(u, NOW, &m, &res);
	dump(&m);
	assert_true(has(&m, "no NSEC3 for ins.t3.test."));
	check_at(v, NOW, &m, &res);
	dump(&m);
	assert_int_equal(m.n, 0);
	free(t);
	free(u);
	free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nsec_clean),
		cmocka_unit_test(nsec_missing_rrsig_line),
		cmocka_unit_test(nsec_unsigned_zone_quiet),
		cmocka_unit_test(nsec_gap),
		cmocka_unit_test(nsec_next_missing),
		cmocka_unit_test(nsec_no_wrap),
		cmocka_unit_test(nsec_missing_and_bitmap),
		cmocka_unit_test(expiry),
		cmocka_unit_test(unknown_key),
		cmocka_unit_test(serial_time),
		cmocka_unit_test(nsec3_clean),
		cmocka_unit_test(nsec3_missing_name),
		cmocka_unit_test(nsec3_order_and_params),
		cmocka_unit_test(nsec3_bitmap_and_orphan),
		cmocka_unit_test(nsec3_optout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
