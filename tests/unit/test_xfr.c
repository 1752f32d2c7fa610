/* SPDX-License-Identifier: MIT */
/*
 * test_xfr.c -- the codec side of zone transfers in: RFC 1982 serial
 * arithmetic, the AXFR/IXFR stream parser on crafted messages (shapes,
 * compression, every refusal), IXFR application (add, delete, a deletion
 * that matches nothing, the SOA sequence, the AXFR form, up to date), and
 * the zone file a received zone is persisted as, read back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/common/err.h"
#include "../../src/dns/name.h"
#include "../../src/dns/zone.h"
#include "../../src/xfr/xfr.h"

#define APEX	((const uint8_t *)"\7example\4test")
#define ID	0x1234

/* A response message under construction. */
struct mb {
	uint8_t		b[8192];
	size_t		len;
	unsigned	an;
};

static void
mb_init(struct mb *m, uint16_t id, uint16_t flags, uint16_t qtype)
{
	size_t alen = dns_name_len(APEX);

	memset(m, 0, sizeof(*m));
	m->b[0] = id >> 8;
	m->b[1] = id & 0xff;
	m->b[2] = (DNS_FLAG_QR | DNS_FLAG_AA | flags) >> 8;
	m->b[3] = (DNS_FLAG_QR | DNS_FLAG_AA | flags) & 0xff;
	m->len = DNS_HDR_LEN;
	if (qtype != 0) {
		m->b[5] = 1;
		memcpy(m->b + m->len, APEX, alen);
		m->len += alen;
		m->b[m->len++] = qtype >> 8;
		m->b[m->len++] = qtype & 0xff;
		m->b[m->len++] = 0;
		m->b[m->len++] = 1;
	}
}

static void
mb_raw(struct mb *m, const void *p, size_t n)
{
	memcpy(m->b + m->len, p, n);
	m->len += n;
}

static void
mb_rr(struct mb *m, const char *owner, uint16_t type, const void *rdata,
    size_t rdlen)
{
	uint8_t name[DNS_NAME_MAX], fixed[10] = { 0 };
	int n = dns_name_from_text(name, owner, strlen(owner), APEX);

	assert_true(n > 0);
	mb_raw(m, name, (size_t)n);
	fixed[0] = type >> 8;
	fixed[1] = type & 0xff;
	fixed[3] = 1;
	fixed[7] = 60;
	fixed[8] = rdlen >> 8;
	fixed[9] = rdlen & 0xff;
	mb_raw(m, fixed, sizeof(fixed));
	mb_raw(m, rdata, rdlen);
	m->an++;
	m->b[6] = m->an >> 8;
	m->b[7] = m->an & 0xff;
}

static void
mb_soa(struct mb *m, uint32_t serial)
{
	uint8_t rd[64];
	size_t n = 0;

	memcpy(rd, "\3ns1\7example\4test", 18);
	n = 18;
	memcpy(rd + n, "\2hm\7example\4test", 17);
	n += 17;
	rd[n++] = serial >> 24;
	rd[n++] = serial >> 16;
	rd[n++] = serial >> 8;
	rd[n++] = serial;
	memset(rd + n, 0, 16);
	rd[n + 3] = 100;	/* refresh */
	rd[n + 7] = 10;		/* retry */
	rd[n + 10] = 1;		/* expire 256 */
	rd[n + 15] = 30;	/* minimum */
	n += 16;
	mb_rr(m, "@", DNS_TYPE_SOA, rd, n);
}

static void
mb_a(struct mb *m, const char *owner, uint8_t last)
{
	uint8_t a[4] = { 192, 0, 2, last };

	mb_rr(m, owner, DNS_TYPE_A, a, 4);
}

static void
mb_ns(struct mb *m)
{
	mb_rr(m, "@", DNS_TYPE_NS, "\3ns1\7example\4test", 18);
}

static const char base_text[] =
	"$TTL 60\n"
	"@ SOA ns1 hm 1 100 10 256 30\n"
	"@ NS ns1\n"
	"ns1 A 192.0.2.1\n"
	"www A 192.0.2.10\n"
	"www A 192.0.2.11\n";

static struct dns_zone *
base_zone(void)
{
	struct dns_zone *z = dns_zone_load_text(APEX, base_text,
	    strlen(base_text), "base", NULL);

	assert_non_null(z);
	return z;
}

static bool
has(const struct dns_zone *z, const char *owner, uint16_t type)
{
	uint8_t name[DNS_NAME_MAX];
	const struct dns_node *n;

	assert_true(dns_name_from_text(name, owner, strlen(owner), APEX) > 0);
	dns_name_lower(name);
	n = dns_zone_find(z, name, dns_zone_name_hash(name));
	return n != NULL && dns_node_rrset(z, n, type) != NULL;
}

static void
serial_arith(void **state)
{
	(void)state;
	assert_int_equal(xfr_serial_cmp(1, 1), XFR_SERIAL_EQ);
	assert_int_equal(xfr_serial_cmp(2, 1), XFR_SERIAL_GT);
	assert_int_equal(xfr_serial_cmp(1, 2), XFR_SERIAL_LT);
	/* RFC 1982 3.2: wrapping round. */
	assert_int_equal(xfr_serial_cmp(0, 0xffffffffu), XFR_SERIAL_GT);
	assert_int_equal(xfr_serial_cmp(0xffffffffu, 0), XFR_SERIAL_LT);
	assert_int_equal(xfr_serial_cmp(0x7fffffffu, 0), XFR_SERIAL_GT);
	assert_int_equal(xfr_serial_cmp(0x80000001u, 0), XFR_SERIAL_LT);
	assert_int_equal(xfr_serial_cmp(100, 0x80000065u), XFR_SERIAL_GT);
	/* Exactly half-way: undefined, and never "newer". */
	assert_int_equal(xfr_serial_cmp(0x80000000u, 0), XFR_SERIAL_UNDEF);
	assert_int_equal(xfr_serial_cmp(0, 0x80000000u), XFR_SERIAL_UNDEF);
	assert_int_equal(xfr_serial_cmp(5, 0x80000005u), XFR_SERIAL_UNDEF);
	assert_false(xfr_serial_newer(0x80000000u, 0));
	assert_false(xfr_serial_newer(0, 0x80000000u));
	assert_true(xfr_serial_newer(1, 0xfffffff0u));
	assert_false(xfr_serial_newer(7, 7));
}

/* Feeds messages; returns the last feed's value. */
static int
feed(struct xfr_parser *p, struct xfr_apply *a, struct mb *msgs, size_t n)
{
	size_t i;
	int r = 0;

	for (i = 0; i < n; i++) {
		r = xfr_parser_feed(p, msgs[i].b, msgs[i].len, &a->ops);
		if (r != 0)
			return r;
	}
	return r;
}

static void
axfr_two_messages(void **state)
{
	static struct mb m[2];
	struct xfr_parser p;
	struct xfr_apply a;
	struct dns_zone *z;

	(void)state;
	mb_init(&m[0], ID, 0, DNS_TYPE_AXFR);
	mb_soa(&m[0], 7);
	mb_ns(&m[0]);
	mb_a(&m[0], "ns1", 1);
	/* Later messages may leave the question out (RFC 5936 2.2.1). */
	mb_init(&m[1], ID, 0, 0);
	mb_a(&m[1], "WWW", 10);
	mb_soa(&m[1], 7);
	xfr_parser_init(&p, XFR_KIND_AXFR, APEX, ID, 0);
	xfr_apply_init(&a, APEX, NULL, "axfr", NULL);
	assert_int_equal(xfr_parser_feed(&p, m[0].b, m[0].len, &a.ops), 0);
	assert_int_equal(xfr_parser_feed(&p, m[1].b, m[1].len, &a.ops), 1);
	assert_int_equal(p.result, XFR_RESULT_ZONE);
	z = xfr_apply_finish(&a, p.result);
	assert_non_null(z);
	assert_int_equal(dns_zone_serial(z), 7);
	assert_int_equal(dns_zone_rr_count(z), 4);
	assert_true(has(z, "www", DNS_TYPE_A));
	/* Anything after the end is refused. */
	assert_true(xfr_parser_feed(&p, m[1].b, m[1].len, &a.ops) < 0);
	dns_zone_free(z);
}

static void
axfr_compressed(void **state)
{
	static struct mb m;
	static const uint8_t ns[] = { 3, 'n', 's', '1', 0xc0, 12 };
	static const uint8_t owner_ptr[] = { 3, 'n', 's', '1', 0xc0, 12 };
	uint8_t fixed[14] = { 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1 };
	struct xfr_parser p;
	struct xfr_apply a;
	struct dns_zone *z;

	(void)state;
	mb_init(&m, ID, 0, DNS_TYPE_AXFR);
	mb_soa(&m, 9);
	mb_rr(&m, "@", DNS_TYPE_NS, ns, sizeof(ns));
	mb_raw(&m, owner_ptr, sizeof(owner_ptr));
	mb_raw(&m, fixed, sizeof(fixed));
	m.an++;
	m.b[7] = m.an;
	mb_soa(&m, 9);
	xfr_parser_init(&p, XFR_KIND_AXFR, APEX, ID, 0);
	xfr_apply_init(&a, APEX, NULL, "axfr", NULL);
	assert_int_equal(xfr_parser_feed(&p, m.b, m.len, &a.ops), 1);
	z = xfr_apply_finish(&a, p.result);
	assert_non_null(z);
	assert_true(has(z, "ns1", DNS_TYPE_A));
	dns_zone_free(z);
}

/* Each broken stream is refused with a reason. */
static void
axfr_refusals(void **state)
{
	static struct mb m;
	struct xfr_parser p;
	struct xfr_apply a;

	(void)state;
	/* Another id. */
	mb_init(&m, ID + 1, 0, DNS_TYPE_AXFR);
	mb_soa(&m, 1);
	xfr_parser_init(&p, XFR_KIND_AXFR, APEX, ID, 0);
	xfr_apply_init(&a, APEX, NULL, "t", NULL);
	assert_int_equal(xfr_parser_feed(&p, m.b, m.len, &a.ops), CN_EPROTO);
	assert_non_null(strstr(p.err, "query id"));
	/* REFUSED (or NOTAUTH for a bad key) comes out as the RCODE. */
	mb_init(&m, ID, DNS_RCODE_REFUSED, DNS_TYPE_AXFR);
	xfr_parser_init(&p, XFR_KIND_AXFR, APEX, ID, 0);
	assert_int_equal(xfr_parser_feed(&p, m.b, m.len, &a.ops), CN_EPROTO);
	assert_int_equal(p.rcode, DNS_RCODE_REFUSED);
	/* Not starting with the SOA. */
	mb_init(&m, ID, 0, DNS_TYPE_AXFR);
	mb_ns(&m);
	xfr_parser_init(&p, XFR_KIND_AXFR, APEX, ID, 0);
	assert_int_equal(xfr_parser_feed(&p, m.b, m.len, &a.ops), CN_EPROTO);
	/* An SOA with another serial in the middle. */
	mb_init(&m, ID, 0, DNS_TYPE_AXFR);
	mb_soa(&m, 1);
	mb_ns(&m);
	mb_soa(&m, 2);
	xfr_parser_init(&p, XFR_KIND_AXFR, APEX, ID, 0);
	assert_int_equal(xfr_parser_feed(&p, m.b, m.len, &a.ops), CN_EPROTO);
	xfr_apply_clear(&a);
	/* Records after the final SOA, in the same message. */
	xfr_apply_init(&a, APEX, NULL, "t", NULL);
	mb_init(&m, ID, 0, DNS_TYPE_AXFR);
	mb_soa(&m, 1);
	mb_ns(&m);
	mb_soa(&m, 1);
	mb_a(&m, "x", 1);
	xfr_parser_init(&p, XFR_KIND_AXFR, APEX, ID, 0);
	assert_int_equal(xfr_parser_feed(&p, m.b, m.len, &a.ops), CN_EPROTO);
	xfr_apply_clear(&a);
	/* A record cut short. */
	xfr_apply_init(&a, APEX, NULL, "t", NULL);
	mb_init(&m, ID, 0, DNS_TYPE_AXFR);
	mb_soa(&m, 1);
	mb_ns(&m);
	m.len -= 3;
	xfr_parser_init(&p, XFR_KIND_AXFR, APEX, ID, 0);
	assert_int_equal(xfr_parser_feed(&p, m.b, m.len, &a.ops), CN_EPROTO);
	xfr_apply_clear(&a);
	/* The question for another zone. */
	mb_init(&m, ID, 0, DNS_TYPE_IXFR);
	mb_soa(&m, 1);
	xfr_parser_init(&p, XFR_KIND_AXFR, APEX, ID, 0);
	assert_int_equal(xfr_parser_feed(&p, m.b, m.len, &a.ops), CN_EPROTO);
	assert_non_null(strstr(p.err, "another question"));
}

/* A complete zone that fails the checks (no NS) is refused. */
static void
axfr_zone_checks(void **state)
{
	static struct mb m;
	struct xfr_parser p;
	struct xfr_apply a;

	(void)state;
	mb_init(&m, ID, 0, DNS_TYPE_AXFR);
	mb_soa(&m, 1);
	mb_a(&m, "www", 1);
	mb_soa(&m, 1);
	xfr_parser_init(&p, XFR_KIND_AXFR, APEX, ID, 0);
	xfr_apply_init(&a, APEX, NULL, "t", NULL);
	assert_int_equal(xfr_parser_feed(&p, m.b, m.len, &a.ops), 1);
	assert_null(xfr_apply_finish(&a, p.result));
}

static void
ixfr_sequences(void **state)
{
	static struct mb m[2];
	struct dns_zone *base = base_zone(), *z, *z2;
	struct xfr_parser p;
	struct xfr_apply a;

	(void)state;
	mb_init(&m[0], ID, 0, DNS_TYPE_IXFR);
	mb_soa(&m[0], 3);
	mb_soa(&m[0], 1);		/* 1 -> 2 */
	mb_a(&m[0], "WWW", 10);		/* case differs from the zone */
	mb_soa(&m[0], 2);
	mb_a(&m[0], "www", 12);
	mb_init(&m[1], ID, 0, 0);
	mb_soa(&m[1], 2);		/* 2 -> 3 */
	mb_a(&m[1], "www", 11);
	mb_soa(&m[1], 3);
	mb_a(&m[1], "new", 5);
	mb_soa(&m[1], 3);
	xfr_parser_init(&p, XFR_KIND_IXFR, APEX, ID, 1);
	xfr_apply_init(&a, APEX, base, "ixfr", NULL);
	assert_int_equal(feed(&p, &a, m, 2), 1);
	assert_int_equal(p.result, XFR_RESULT_IXFR);
	assert_int_equal(a.diffs, 2);
	z = xfr_apply_finish(&a, p.result);
	assert_non_null(z);
	assert_int_equal(dns_zone_serial(z), 3);
	/* SOA NS ns1/A www/A(.12) new/A */
	assert_int_equal(dns_zone_rr_count(z), 5);
	assert_true(has(z, "new", DNS_TYPE_A));
	/* The base is untouched. */
	assert_int_equal(dns_zone_serial(base), 1);
	assert_int_equal(dns_zone_rr_count(base), 5);
	/* A third difference, applied to the zone the first two made. */
	mb_init(&m[0], ID, 0, DNS_TYPE_IXFR);
	mb_soa(&m[0], 4);
	mb_soa(&m[0], 3);
	mb_a(&m[0], "new", 5);
	mb_soa(&m[0], 4);
	mb_soa(&m[0], 4);
	xfr_parser_init(&p, XFR_KIND_IXFR, APEX, ID, 3);
	xfr_apply_init(&a, APEX, z, "ixfr", NULL);
	assert_int_equal(feed(&p, &a, m, 1), 1);
	z2 = xfr_apply_finish(&a, p.result);
	assert_non_null(z2);
	assert_int_equal(dns_zone_rr_count(z2), 4);
	assert_int_equal(dns_zone_serial(z2), 4);
	assert_int_equal(dns_zone_serial(z), 3);
	dns_zone_free(z);
	dns_zone_free(z2);
	dns_zone_free(base);
}

static void
ixfr_delete_missing(void **state)
{
	static struct mb m;
	struct dns_zone *base = base_zone();
	struct xfr_parser p;
	struct xfr_apply a;

	(void)state;
	mb_init(&m, ID, 0, DNS_TYPE_IXFR);
	mb_soa(&m, 2);
	mb_soa(&m, 1);
	mb_a(&m, "www", 99);		/* not in the zone */
	mb_soa(&m, 2);
	mb_soa(&m, 2);
	xfr_parser_init(&p, XFR_KIND_IXFR, APEX, ID, 1);
	xfr_apply_init(&a, APEX, base, "ixfr", NULL);
	/* The stream is well formed; applying it fails. */
	assert_int_equal(xfr_parser_feed(&p, m.b, m.len, &a.ops), 1);
	assert_null(xfr_apply_finish(&a, p.result));
	assert_non_null(strstr(a.err, "www.example.test. type 1, which the "
	    "zone at serial 1 does not have"));
	dns_zone_free(base);
}

static void
ixfr_wrong_start(void **state)
{
	static struct mb m;
	struct dns_zone *base = base_zone();
	struct xfr_parser p;
	struct xfr_apply a;

	(void)state;
	mb_init(&m, ID, 0, DNS_TYPE_IXFR);
	mb_soa(&m, 6);
	mb_soa(&m, 5);			/* the zone is at 1 */
	mb_soa(&m, 6);
	mb_soa(&m, 6);
	xfr_parser_init(&p, XFR_KIND_IXFR, APEX, ID, 1);
	xfr_apply_init(&a, APEX, base, "ixfr", NULL);
	assert_int_equal(xfr_parser_feed(&p, m.b, m.len, &a.ops), CN_EPROTO);
	assert_non_null(strstr(a.err, "from serial 5"));
	xfr_apply_clear(&a);
	/* A difference not starting where the last one ended. */
	mb_init(&m, ID, 0, DNS_TYPE_IXFR);
	mb_soa(&m, 4);
	mb_soa(&m, 1);
	mb_soa(&m, 2);
	mb_soa(&m, 3);			/* should be 2 */
	mb_soa(&m, 4);
	mb_soa(&m, 4);
	xfr_parser_init(&p, XFR_KIND_IXFR, APEX, ID, 1);
	xfr_apply_init(&a, APEX, base, "ixfr", NULL);
	assert_true(xfr_parser_feed(&p, m.b, m.len, &a.ops) < 0);
	xfr_apply_clear(&a);
	dns_zone_free(base);
}

static void
ixfr_uptodate_and_axfr_form(void **state)
{
	static struct mb m;
	struct dns_zone *base = base_zone(), *z;
	struct xfr_parser p;
	struct xfr_apply a;

	(void)state;
	mb_init(&m, ID, 0, DNS_TYPE_IXFR);
	mb_soa(&m, 1);
	xfr_parser_init(&p, XFR_KIND_IXFR, APEX, ID, 1);
	xfr_apply_init(&a, APEX, base, "ixfr", NULL);
	assert_int_equal(xfr_parser_feed(&p, m.b, m.len, &a.ops), 1);
	assert_int_equal(p.result, XFR_RESULT_UPTODATE);
	xfr_apply_clear(&a);
	/* A newer single SOA is not the end: more must come. */
	mb_init(&m, ID, 0, DNS_TYPE_IXFR);
	mb_soa(&m, 2);
	xfr_parser_init(&p, XFR_KIND_IXFR, APEX, ID, 1);
	assert_int_equal(xfr_parser_feed(&p, m.b, m.len, &a.ops), 0);
	/* RFC 1995 4: the whole zone instead of differences. */
	mb_init(&m, ID, 0, DNS_TYPE_IXFR);
	mb_soa(&m, 8);
	mb_ns(&m);
	mb_a(&m, "ns1", 1);
	mb_soa(&m, 8);
	xfr_parser_init(&p, XFR_KIND_IXFR, APEX, ID, 1);
	xfr_apply_init(&a, APEX, base, "ixfr", NULL);
	assert_int_equal(xfr_parser_feed(&p, m.b, m.len, &a.ops), 1);
	assert_int_equal(p.result, XFR_RESULT_ZONE);
	z = xfr_apply_finish(&a, p.result);
	assert_non_null(z);
	assert_int_equal(dns_zone_serial(z), 8);
	assert_int_equal(dns_zone_rr_count(z), 3);
	dns_zone_free(z);
	dns_zone_free(base);
}

static void
soa_response(void **state)
{
	static struct mb m;
	uint32_t serial = 0;
	unsigned rcode;
	char err[128];

	(void)state;
	mb_init(&m, ID, 0, DNS_TYPE_SOA);
	mb_soa(&m, 42);
	assert_int_equal(xfr_soa_response(m.b, m.len, ID, APEX, &serial,
	    &rcode, err, sizeof(err)), 0);
	assert_int_equal(serial, 42);
	mb_init(&m, ID, DNS_FLAG_TC, DNS_TYPE_SOA);
	assert_int_equal(xfr_soa_response(m.b, m.len, ID, APEX, &serial,
	    &rcode, err, sizeof(err)), 1);
	mb_init(&m, ID, DNS_RCODE_NOTAUTH, DNS_TYPE_SOA);
	assert_int_equal(xfr_soa_response(m.b, m.len, ID, APEX, &serial,
	    &rcode, err, sizeof(err)), CN_EPROTO);
	assert_int_equal(rcode, DNS_RCODE_NOTAUTH);
}

static void
query_format(void **state)
{
	uint8_t q[512];
	size_t n;

	(void)state;
	n = xfr_query(q, sizeof(q), ID, APEX, DNS_TYPE_IXFR, 77);
	/* header, question, an SOA in the authority section */
	assert_int_equal(n, 12 + 14 + 4 + 12 + 22);
	assert_int_equal(q[9], 1);
	assert_int_equal(q[n - 17], 77);
	n = xfr_query(q, sizeof(q), ID, APEX, DNS_TYPE_AXFR, 0);
	assert_int_equal(n, 12 + 14 + 4);
}

/* The persisted file reads back as the same zone. */
static void
print_roundtrip(void **state)
{
	struct dns_zone *z = base_zone(), *back;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(xfr_zone_print(z, f), 0);
	fclose(f);
	assert_true(strncmp(buf, "example.test.\t60\tIN\tSOA\t", 24) == 0);
	back = dns_zone_load_text(APEX, buf, len, "printed", NULL);
	assert_non_null(back);
	assert_int_equal(dns_zone_serial(back), 1);
	assert_int_equal(dns_zone_rr_count(back), dns_zone_rr_count(z));
	free(buf);
	dns_zone_free(back);
	dns_zone_free(z);
}

/* Persisting: the file loads back; a failure leaves the old file. */
static void
persist_atomic(void **state)
{
	struct dns_zone *z = base_zone(), *back;
	char dir[] = "/tmp/test_xfr.XXXXXX", path[64], tmp[80], err[256];
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/example.test.zone", dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	assert_int_equal(xfr_persist(z, path, "a header", err, sizeof(err)),
	    0);
	assert_true(access(tmp, F_OK) != 0);
	back = dns_zone_load(APEX, path, NULL);
	assert_non_null(back);
	assert_int_equal(dns_zone_rr_count(back), dns_zone_rr_count(z));
	dns_zone_free(back);
	/* A directory where the temporary file should go: nothing moves. */
	assert_int_equal(mkdir(tmp, 0700), 0);
	assert_true(xfr_persist(z, path, NULL, err, sizeof(err)) < 0);
	assert_non_null(strstr(err, "cannot create"));
	back = dns_zone_load(APEX, path, NULL);
	assert_non_null(back);
	dns_zone_free(back);
	rmdir(tmp);
	f = fopen(path, "r");
	assert_non_null(f);
	fclose(f);
	unlink(path);
	rmdir(dir);
	dns_zone_free(z);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(serial_arith),
		cmocka_unit_test(axfr_two_messages),
		cmocka_unit_test(axfr_compressed),
		cmocka_unit_test(axfr_refusals),
		cmocka_unit_test(axfr_zone_checks),
		cmocka_unit_test(ixfr_sequences),
		cmocka_unit_test(ixfr_delete_missing),
		cmocka_unit_test(ixfr_wrong_start),
		cmocka_unit_test(ixfr_uptodate_and_axfr_form),
		cmocka_unit_test(soa_response),
		cmocka_unit_test(query_format),
		cmocka_unit_test(print_roundtrip),
		cmocka_unit_test(persist_atomic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
