/* SPDX-License-Identifier: MIT */
/*
 * test_journal.c -- IXFR out: the difference between two versions of a
 * zone (nodes gone and new, RDATA and TTL changes, the SOA left out),
 * the journal's chain (append, trim, gaps, find), and the IXFR stream
 * xfrout writes from it (RFC 1995 4: SOA, then per difference old SOA,
 * deletions, new SOA, additions, then SOA).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/dns/dns.h"
#include "../../src/dns/journal.h"
#include "../../src/dns/name.h"
#include "../../src/dns/rrprint.h"
#include "../../src/dns/xfrout.h"
#include "../../src/dns/zone.h"

static struct dns_zone *
zone(const char *text)
{
	struct dns_zone_report rep;
	struct dns_zone *z;

	memset(&rep, 0, sizeof(rep));
	z = dns_zone_load_text((const uint8_t *)"\7example\3com", text,
	    strlen(text), "t", &rep);
	assert_non_null(z);
	return z;
}

#define HEAD(serial)	"$TTL 300\n@ SOA ns hm " serial " 1 1 1 60\n@ NS ns\n"

static const char v1[] = HEAD("1")
	"ns A 192.0.2.1\n"
	"www A 192.0.2.2\nwww A 192.0.2.3\n"
	"gone TXT \"bye\"\n"
	"ttl 300 A 192.0.2.4\n"
	"same MX 10 ns\n";
static const char v2[] = HEAD("2")
	"ns A 192.0.2.1\n"
	"www A 192.0.2.3\nwww A 192.0.2.5\n"
	"new.deep AAAA 2001:db8::1\n"
	"ttl 600 A 192.0.2.4\n"
	"same MX 10 ns\n";
static const char v3[] = HEAD("3")
	"ns A 192.0.2.1\n"
	"www A 192.0.2.3\nwww A 192.0.2.5\n"
	"ttl 600 A 192.0.2.4\n"
	"same MX 10 ns\n";

/* "owner type ttl len" of each record in data[off..end), one per line. */
static void
list(const uint8_t *data, size_t off, size_t end, char *out, size_t cap)
{
	char name[DNS_NAME_MAX * 4 + 1];
	size_t n = 0, olen;
	const uint8_t *p;

	out[0] = '\0';
	while (off < end) {
		p = data + off;
		olen = dns_name_len(p);
		assert_true(dns_name_to_text(p, name, sizeof(name)) > 0);
		n += (size_t)snprintf(out + n, cap - n, "%s %u %u %u;", name,
		    p[olen] << 8 | p[olen + 1], (unsigned)(p[olen + 4] << 8 |
		    p[olen + 5]), p[olen + 6] << 8 | p[olen + 7]);
		off += olen + 8 + (size_t)(p[olen + 6] << 8 | p[olen + 7]);
	}
}

static void
diff_contents(void **state)
{
	struct dns_zone *a = zone(v1), *b = zone(v2);
	struct dns_diff *d;
	char text[1024];

	(void)state;
	d = dns_diff_new(a, b, 100);
	assert_non_null(d);
	assert_int_equal(d->from, 1);
	assert_int_equal(d->to, 2);
	assert_int_equal(d->ndel, 3);
	assert_int_equal(d->nadd, 3);
	list(d->data, 0, d->del_len, text, sizeof(text));
	assert_string_equal(text, "gone.example.com. 16 300 4;"
	    "ttl.example.com. 1 300 4;www.example.com. 1 300 4;");
	list(d->data, d->del_len, d->len, text, sizeof(text));
	assert_string_equal(text, "new.deep.example.com. 28 300 16;"
	    "ttl.example.com. 1 600 4;www.example.com. 1 300 4;");
	/* The deleted www record is .2, the added one .5. */
	assert_int_equal(d->data[d->del_len - 1], 2);
	assert_int_equal(d->data[d->len - 1], 5);
	/* The SOAs: serials 1 and 2 in their last 20 octets. */
	assert_int_equal(d->from_soa[d->from_soa_len - 17], 1);
	assert_int_equal(d->to_soa[d->to_soa_len - 17], 2);
	/* Too many changes for the limit: none kept. */
	assert_null(dns_diff_new(a, b, 5));
	/* No change at all but the serial: an empty difference. */
	{
		struct dns_zone *c = zone(v3), *c2;
		struct dns_diff *e;
		char t2[sizeof(v3)];

		memcpy(t2, v3, sizeof(v3));
		t2[strstr(t2, "hm 3") - t2 + 3] = '4';
		c2 = zone(t2);
		e = dns_diff_new(c, c2, 100);
		assert_non_null(e);
		assert_int_equal(e->ndel + e->nadd, 0);
		dns_journal_free(dns_journal_append(NULL, e));
		dns_zone_free(c);
		dns_zone_free(c2);
	}
	dns_journal_free(dns_journal_append(NULL, d));
	dns_zone_free(a);
	dns_zone_free(b);
}

static void
journal_chain(void **state)
{
	struct dns_zone *a = zone(v1), *b = zone(v2), *c = zone(v3);
	struct dns_journal *j1, *j2, *j3;
	struct dns_diff *d;
	unsigned i;

	(void)state;
	j1 = dns_journal_append(NULL, dns_diff_new(a, b, 100));
	j2 = dns_journal_append(j1, dns_diff_new(b, c, 100));
	assert_int_equal(j2->n, 2);
	assert_int_equal(dns_journal_find(j2, 1, 3), 0);
	assert_int_equal(dns_journal_find(j2, 2, 3), 1);
	assert_int_equal(dns_journal_find(j2, 3, 3), -1);
	assert_int_equal(dns_journal_find(j2, 1, 4), -1);
	assert_int_equal(dns_journal_find(NULL, 1, 3), -1);
	/* j1 lives on by itself when j2 goes, and the other way round. */
	dns_journal_free(j1);
	assert_int_equal(j2->d[0]->from, 1);
	/* A difference that does not continue the chain starts a new one. */
	j3 = dns_journal_append(j2, dns_diff_new(a, b, 100));
	assert_int_equal(j3->n, 1);
	dns_journal_free(j3);
	/* The chain keeps the last DNS_JOURNAL_MAX. */
	j1 = dns_journal_ref(j2);
	dns_journal_free(j2);
	for (i = 0; i < DNS_JOURNAL_MAX + 3; i++) {
		d = dns_diff_new(b, c, 100);
		d->from = 3 + i;
		d->to = 4 + i;
		if (i == 0)
			d->from = 3;
		j2 = dns_journal_append(j1, d);
		dns_journal_free(j1);
		j1 = j2;
	}
	assert_int_equal(j1->n, DNS_JOURNAL_MAX);
	assert_int_equal(dns_journal_find(j1, 1, 4 + i - 1), -1);
	assert_true(dns_journal_find(j1, 4 + i - 1 - DNS_JOURNAL_MAX,
	    4 + i - 1) == 0);
	dns_journal_free(j1);
	dns_zone_free(a);
	dns_zone_free(b);
	dns_zone_free(c);
}

/* The IXFR stream: SOA3 SOA1 -x SOA2 +y SOA2 -z SOA3 +w SOA3. */
static void
ixfr_stream(void **state)
{
	static uint8_t m[DNS_MSG_MAX];
	struct dns_zone *a = zone(v1), *b = zone(v2), *c = zone(v3);
	struct dns_xfr_req req;
	struct dns_xfrout *x;
	struct dns_journal *j1, *j;
	uint8_t name[DNS_NAME_MAX];
	char seq[512];
	size_t len, off, n = 0, k;
	uint16_t an, type, rdlen;

	(void)state;
	j1 = dns_journal_append(NULL, dns_diff_new(a, b, 100));
	j = dns_journal_append(j1, dns_diff_new(b, c, 100));
	dns_journal_free(j1);
	memset(&req, 0, sizeof(req));
	req.zone = c;
	req.id = 7;
	memcpy(req.question, "\7example\3com\0\0\xfb\0\1", 17);
	req.question_len = 17;
	req.qtype = DNS_TYPE_IXFR;
	req.journal = j;
	req.from = 0;
	x = dns_xfrout_new(&req);
	dns_journal_free(j);	/* the transfer holds its own */
	seq[0] = '\0';
	while ((len = dns_xfrout_next(x, m, sizeof(m), 0)) > 0) {
		an = (uint16_t)(m[6] << 8 | m[7]);
		off = DNS_HDR_LEN;
		assert_true(dns_name_unpack(m, len, &off, name) > 0);
		off += 4;
		for (k = 0; k < an; k++) {
			assert_true(dns_name_unpack(m, len, &off, name) > 0);
			type = (uint16_t)(m[off] << 8 | m[off + 1]);
			rdlen = (uint16_t)(m[off + 8] << 8 | m[off + 9]);
			off += 10;
			if (type == DNS_TYPE_SOA)
				n += (size_t)snprintf(seq + n, sizeof(seq) - n,
				    "S%u ", m[off + rdlen - 17]);
			else
				n += (size_t)snprintf(seq + n, sizeof(seq) - n,
				    "%c%u ", name[1], type);
			off += rdlen;
		}
		assert_int_equal(off, len);
	}
	assert_true(dns_xfrout_complete(x));
	/* 1->2: gone TXT, ttl A, www A out; new AAAA, ttl A, www A in;
	 * 2->3: new AAAA out. */
	assert_string_equal(seq, "S3 S1 g16 t1 w1 S2 n28 t1 w1 S2 n28 S3 S3 ");
	dns_xfrout_free(x);
	dns_zone_free(a);
	dns_zone_free(b);
	dns_zone_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(diff_contents),
		cmocka_unit_test(journal_chain),
		cmocka_unit_test(ixfr_stream),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
