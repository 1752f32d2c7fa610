/* SPDX-License-Identifier: MIT */
/*
 * test_xfrout.c -- transfers out and NOTIFY in through dns_answer_xfr():
 * allow-transfer matching, the AXFR stream (SOA first and last, every
 * record once, names decompress, message sizes, TSIG on every message as
 * a client verifies it), IXFR answers, refusals and their hook, NOTIFY
 * from primaries only, TSIG errors on ordinary queries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "../../src/common/err.h"
#include "../../src/conf/conf.h"
#include "../../src/dns/answer.h"
#include "../../src/dns/dns.h"
#include "../../src/dns/name.h"
#include "../../src/dns/tsig.h"
#include "../../src/dns/xfrout.h"
#include "../../src/dns/zone.h"

static const char cfg_text[] =
	"server:\n"
	"  listen: [ 127.0.0.1@5300 ]\n"
	"key:\n"
	"  - { name: xfr.key., algorithm: hmac-sha256,\n"
	"      secret: \"c2VjcmV0c2VjcmV0\" }\n"
	"  - { name: other.key., algorithm: hmac-sha1, secret: \"b3RoZXI=\" }\n"
	"zone:\n"
	"  - domain: example.com\n"
	"    file: x.zone\n"
	"    allow-transfer: [ { address: 192.0.2.0/24, key: xfr.key. },\n"
	"                      198.51.100.7, 2001:db8::/32 ]\n"
	"  - domain: sec.test\n"
	"    file: s.zone\n"
	"    primary: [ { address: 192.0.2.1, key: xfr.key. },\n"
	"               203.0.113.9@5353 ]\n";

static const char zone_head[] =
	"$TTL 3600\n"
	"@ SOA ns1 hostmaster 42 7200 3600 1209600 300\n"
	"@ NS ns1\n"
	"@ NS ns.example.net.\n"
	"@ MX 10 mail\n"
	"ns1 A 192.0.2.1\n"
	"mail A 192.0.2.2\n"
	"sub NS ns.sub\n"
	"ns.sub A 192.0.2.3\n"
	"deep.below.sub TXT \"occluded\"\n"
	"*.wild A 192.0.2.4\n"
	"empty.nonterminal.a TXT \"ent above\"\n";

static struct conf *cfg;
static struct dns_db *db;
static struct dns_answer_conf aconf;
static struct dns_zone *zone;
static size_t zone_rrs;
static unsigned nrefused, nnotify;
static char last_refused[128];
static size_t notify_zone;
static uint32_t notify_serial;
static bool notify_has_serial;

static void
on_refused(const struct dns_client *cl, const uint8_t *apex,
    const char *what)
{
	(void)cl;
	(void)apex;
	nrefused++;
	snprintf(last_refused, sizeof(last_refused), "%s", what);
}

static void
on_notify(void *arg, size_t z, uint32_t serial, bool has_serial)
{
	assert_ptr_equal(arg, &nnotify);
	nnotify++;
	notify_zone = z;
	notify_serial = serial;
	notify_has_serial = has_serial;
}

static int
setup(void **state)
{
	char err[256], *text;
	size_t len, i, n;

	(void)state;
	if (conf_parse_text(cfg_text, strlen(cfg_text), "t.yaml", &cfg, err,
	    sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	/* Many records and one of 20 KB: several messages. */
	len = sizeof(zone_head) + 3000 * 40 + 80 * 260 + 64;
	text = malloc(len);
	n = (size_t)snprintf(text, len, "%s", zone_head);
	for (i = 0; i < 3000; i++)
		n += (size_t)snprintf(text + n, len - n,
		    "h%zu A 198.51.100.%zu\n", i, i % 250 + 1);
	n += (size_t)snprintf(text + n, len - n, "big TXT");
	for (i = 0; i < 80; i++)
		n += (size_t)snprintf(text + n, len - n, " \"%0250zu\"", i);
	n += (size_t)snprintf(text + n, len - n, "\n");
	zone = dns_zone_load_text((const uint8_t *)"\7example\3com", text, n,
	    "example.com", NULL);
	free(text);
	if (zone == NULL)
		return -1;
	zone_rrs = dns_zone_rr_count(zone);
	db = dns_db_new();
	if (dns_db_add_zone(db, dns_zone_ref(zone)) != 0)
		return -1;
	memset(&aconf, 0, sizeof(aconf));
	aconf.cfg = cfg;
	aconf.refused = on_refused;
	aconf.notify = on_notify;
	aconf.notify_arg = &nnotify;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	dns_db_free(db);
	dns_zone_free(zone);
	conf_free(cfg);
	return 0;
}

static struct sockaddr_storage ss;

static const struct sockaddr *
addr(const char *text)
{
	memset(&ss, 0, sizeof(ss));
	if (strchr(text, ':') != NULL) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		assert_int_equal(inet_pton(AF_INET6, text, &s6->sin6_addr), 1);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		assert_int_equal(inet_pton(AF_INET, text, &s4->sin_addr), 1);
	}
	return (const struct sockaddr *)&ss;
}

static void
acl(void **state)
{
	const struct conf_zone *z = &cfg->zones[0];
	const uint8_t *xfr = cfg->keys[0].name, *other = cfg->keys[1].name;

	(void)state;
	assert_true(dns_xfr_allowed(z, cfg, addr("192.0.2.200"), xfr));
	assert_false(dns_xfr_allowed(z, cfg, addr("192.0.2.200"), NULL));
	assert_false(dns_xfr_allowed(z, cfg, addr("192.0.2.200"), other));
	assert_false(dns_xfr_allowed(z, cfg, addr("192.0.3.1"), xfr));
	assert_true(dns_xfr_allowed(z, cfg, addr("198.51.100.7"), NULL));
	assert_true(dns_xfr_allowed(z, cfg, addr("198.51.100.7"), other));
	assert_false(dns_xfr_allowed(z, cfg, addr("198.51.100.8"), NULL));
	assert_true(dns_xfr_allowed(z, cfg, addr("2001:db8:1::5"), NULL));
	assert_false(dns_xfr_allowed(z, cfg, addr("2001:db9::5"), NULL));
	/* A v4-mapped client on a dual-stack socket counts as IPv4. */
	assert_true(dns_xfr_allowed(z, cfg, addr("::ffff:198.51.100.7"),
	    NULL));
	assert_false(dns_xfr_allowed(&cfg->zones[1], cfg,
	    addr("198.51.100.7"), NULL));
	assert_false(dns_xfr_allowed(z, cfg, NULL, NULL));
}

/* A query: header, question, optional SOA in authority (IXFR). */
static size_t
query(uint8_t *q, uint16_t id, unsigned opcode, const char *name,
    uint16_t qtype, int serial)
{
	uint8_t wire[DNS_NAME_MAX];
	int n = dns_name_from_text(wire, name, strlen(name), NULL);
	size_t len = DNS_HDR_LEN;

	assert_true(n > 0);
	memset(q, 0, DNS_HDR_LEN);
	q[0] = (uint8_t)(id >> 8);
	q[1] = (uint8_t)id;
	q[2] = (uint8_t)(opcode << 3);
	q[5] = 1;
	memcpy(q + len, wire, (size_t)n);
	len += (size_t)n;
	q[len++] = (uint8_t)(qtype >> 8);
	q[len++] = (uint8_t)qtype;
	q[len++] = 0;
	q[len++] = 1;
	if (serial >= 0) {
		static const uint8_t soa[] = { 0xc0, 0x0c, 0, 6, 0, 1, 0, 0, 0,
		    0, 0, 22, 0, 0 };

		q[opcode == DNS_OPCODE_NOTIFY ? 7 : 9] = 1;
		memcpy(q + len, soa, sizeof(soa));
		len += sizeof(soa);
		memset(q + len, 0, 20);
		q[len] = (uint8_t)((uint32_t)serial >> 24);
		q[len + 1] = (uint8_t)(serial >> 16);
		q[len + 2] = (uint8_t)(serial >> 8);
		q[len + 3] = (uint8_t)serial;
		len += 20;
	}
	return len;
}

static size_t
sign(uint8_t *q, size_t len, size_t cap, struct dns_tsig_ctx *c,
    size_t key)
{
	dns_tsig_ctx_init(c, &cfg->keys[key]);
	assert_int_equal(dns_tsig_sign_request(c, q, &len, cap,
	    (uint64_t)time(NULL)), 0);
	return len;
}

struct seen {
	size_t		 records;
	unsigned	 soas;
	bool		 soa_first, soa_last;
	unsigned	 big;
};

/* Checks one transfer message and counts its records. */
static void
walk(const uint8_t *m, size_t len, struct seen *s, bool first)
{
	uint8_t name[DNS_NAME_MAX];
	size_t off = DNS_HDR_LEN;
	uint16_t an, type, rdlen, i;

	assert_int_equal(m[2] & 0x84, 0x84);	/* QR AA */
	assert_int_equal(m[3] & 0xf, 0);
	assert_int_equal(m[5], 1);
	an = (uint16_t)(m[6] << 8 | m[7]);
	assert_true(an > 0);
	assert_true(dns_name_unpack(m, len, &off, name) > 0);
	off += 4;
	for (i = 0; i < an; i++) {
		assert_true(dns_name_unpack(m, len, &off, name) > 0);
		assert_true(off + 10 <= len);
		type = (uint16_t)(m[off] << 8 | m[off + 1]);
		rdlen = (uint16_t)(m[off + 8] << 8 | m[off + 9]);
		off += 10;
		assert_true(off + rdlen <= len);
		if (type == DNS_TYPE_SOA) {
			if (first && i == 0 && s->records == 0)
				s->soa_first = true;
			s->soas++;
			s->soa_last = true;
		} else
			s->soa_last = false;
		if (type == DNS_TYPE_TXT && rdlen > 16000)
			s->big++;
		if (type == DNS_TYPE_NS || type == DNS_TYPE_MX) {
			size_t p = off + (type == DNS_TYPE_MX ? 2 : 0);

			assert_true(dns_name_unpack(m, off + rdlen, &p,
			    name) > 0);
			assert_int_equal(p, off + rdlen);
		}
		off += rdlen;
		s->records++;
	}
}

static void
axfr_stream(void **state)
{
	static uint8_t resp[DNS_MSG_MAX];
	struct dns_xfr_req req;
	struct dns_client cl = { addr("192.0.2.10"), sizeof(struct sockaddr_in),
	    true };
	struct dns_tsig_ctx c;
	struct dns_xfrout *x;
	struct seen s;
	uint8_t q[600];
	size_t qlen, len, ar, total = 0;
	unsigned msgs = 0, big;
	uint16_t perr;
	char why[128];

	(void)state;
	qlen = sign(q, query(q, 0x4242, 0, "Example.COM.", DNS_TYPE_AXFR, -1),
	    sizeof(q), &c, 0);
	assert_int_equal(dns_answer_xfr(db, &aconf, &cl, q, qlen, resp,
	    sizeof(resp), NULL, &req), 0);
	assert_true(req.start);
	assert_true(req.tsig_on);
	assert_ptr_equal(req.zone, dns_db_find_zone(db, zone->apex));
	x = dns_xfrout_new(&req);
	memset(&s, 0, sizeof(s));
	while ((len = dns_xfrout_next(x, resp, sizeof(resp), (uint64_t)
	    time(NULL))) > 0) {
		assert_int_equal(resp[0] << 8 | resp[1], 0x4242);
		/* The question as asked, case and all. */
		assert_memory_equal(resp + DNS_HDR_LEN, "\7Example\3COM", 12);
		assert_int_equal(dns_tsig_verify_response(&c, resp, len,
		    (uint64_t)time(NULL), &perr, why, sizeof(why)), 0);
		ar = (size_t)(resp[10] << 8 | resp[11]);
		assert_int_equal(ar, 1);	/* the TSIG */
		big = s.big;
		walk(resp, len, &s, msgs == 0);
		/* Only the message with the 20 KB record is larger. */
		if (s.big == big)
			assert_true(len <= DNS_XFR_MSG_TARGET);
		msgs++;
		total += len;
	}
	assert_int_equal(dns_tsig_verify_end(&c), 0);
	assert_int_equal(s.records, zone_rrs + 1);
	assert_int_equal(s.soas, 2);
	assert_true(s.soa_first);
	assert_true(s.soa_last);
	assert_int_equal(s.big, 1);
	assert_true(msgs >= 4);
	assert_int_equal(dns_xfrout_messages(x), msgs);
	assert_int_equal(dns_xfrout_records(x), zone_rrs + 1);
	assert_int_equal(dns_xfrout_serial(x), 42);
	assert_true(dns_xfrout_complete(x));
	/* Finished stays finished. */
	assert_int_equal(dns_xfrout_next(x, resp, sizeof(resp), 0), 0);
	dns_xfrout_free(x);
	dns_tsig_ctx_clear(&c);
	dns_tsig_ctx_clear(&req.tsig);
	/* Compression: well under the 3000 names written out in full. */
	assert_true(total < 3000 * 36 + 21000);
}

static unsigned
rcode_of(const uint8_t *r)
{
	return r[3] & 0xf;
}

static void
transfer_verdicts(void **state)
{
	static uint8_t resp[DNS_MSG_MAX];
	struct dns_xfr_req req;
	struct dns_client cl = { NULL, sizeof(struct sockaddr_in), true };
	struct dns_tsig_ctx c;
	uint8_t q[600];
	size_t qlen, len;
	unsigned before;

	(void)state;
	/* Signed with the wrong (but known) key from the right prefix. */
	cl.addr = addr("192.0.2.10");
	before = nrefused;
	qlen = sign(q, query(q, 1, 0, "example.com.", DNS_TYPE_AXFR, -1),
	    sizeof(q), &c, 1);
	len = dns_answer_xfr(db, &aconf, &cl, q, qlen, resp, sizeof(resp),
	    NULL, &req);
	assert_false(req.start);
	assert_int_equal(rcode_of(resp), DNS_RCODE_REFUSED);
	assert_int_equal(nrefused, before + 1);
	assert_non_null(strstr(last_refused, "AXFR refused"));
	/* The refusal is signed: the client can trust it. */
	assert_int_equal(resp[11], 1);
	dns_tsig_ctx_clear(&c);
	/* Unsigned from an allowed address without key. */
	cl.addr = addr("198.51.100.7");
	qlen = query(q, 2, 0, "example.com.", DNS_TYPE_AXFR, -1);
	len = dns_answer_xfr(db, &aconf, &cl, q, qlen, resp, sizeof(resp),
	    NULL, &req);
	assert_int_equal(len, 0);
	assert_true(req.start);
	assert_false(req.tsig_on);
	/* Not a zone apex; not our zone: NOTAUTH. */
	qlen = query(q, 3, 0, "www.example.com.", DNS_TYPE_AXFR, -1);
	(void)dns_answer_xfr(db, &aconf, &cl, q, qlen, resp, sizeof(resp),
	    NULL, &req);
	assert_int_equal(rcode_of(resp), DNS_RCODE_NOTAUTH);
	assert_false(req.start);
	/* AXFR over UDP: NOTIMP. */
	cl.tcp = false;
	qlen = query(q, 4, 0, "example.com.", DNS_TYPE_AXFR, -1);
	assert_true(dns_answer(db, &aconf, &cl, q, qlen, resp, 1232,
	    NULL) > 0);
	assert_int_equal(rcode_of(resp), DNS_RCODE_NOTIMP);
	/* IXFR over UDP: the SOA alone. */
	qlen = query(q, 5, 0, "example.com.", DNS_TYPE_IXFR, 7);
	assert_true(dns_answer(db, &aconf, &cl, q, qlen, resp, 1232,
	    NULL) > 0);
	assert_int_equal(rcode_of(resp), 0);
	assert_int_equal(resp[7], 1);
	assert_int_equal(resp[2] & 0x04, 0x04);
	/* IXFR over TCP from the current serial, and from a newer one. */
	cl.tcp = true;
	qlen = query(q, 6, 0, "example.com.", DNS_TYPE_IXFR, 42);
	assert_true(dns_answer_xfr(db, &aconf, &cl, q, qlen, resp,
	    sizeof(resp), NULL, &req) > 0);
	assert_false(req.start);
	assert_int_equal(resp[7], 1);
	qlen = query(q, 6, 0, "example.com.", DNS_TYPE_IXFR, 43);
	assert_true(dns_answer_xfr(db, &aconf, &cl, q, qlen, resp,
	    sizeof(resp), NULL, &req) > 0);
	assert_int_equal(resp[7], 1);
	/* An older serial (42 - 2^31 + 1 is "older"): AXFR form. */
	qlen = query(q, 7, 0, "example.com.", DNS_TYPE_IXFR, 41);
	assert_int_equal(dns_answer_xfr(db, &aconf, &cl, q, qlen, resp,
	    sizeof(resp), NULL, &req), 0);
	assert_true(req.start);
	assert_int_equal(req.qtype, DNS_TYPE_IXFR);
	/*
	 * A message dropped at once (QR set) after it must not find start
	 * still set: the worker would hand the zone out (found by
	 * fuzz_xfrout).
	 */
	q[2] |= 0x80;
	assert_int_equal(dns_answer_xfr(db, &aconf, &cl, q, qlen, resp,
	    sizeof(resp), NULL, &req), 0);
	assert_false(req.start);
	req.start = true;
	assert_int_equal(dns_answer_xfr(db, &aconf, &cl, q, 5, resp,
	    sizeof(resp), NULL, &req), 0);
	assert_false(req.start);
	/* Outside every entry. */
	cl.addr = addr("203.0.113.1");
	qlen = query(q, 8, 0, "example.com.", DNS_TYPE_IXFR, 41);
	(void)dns_answer_xfr(db, &aconf, &cl, q, qlen, resp, sizeof(resp),
	    NULL, &req);
	assert_int_equal(rcode_of(resp), DNS_RCODE_REFUSED);
}

static void
notify_in(void **state)
{
	uint8_t q[600], resp[1232];
	struct dns_client cl = { NULL, sizeof(struct sockaddr_in), false };
	struct dns_tsig_ctx c;
	size_t qlen;
	unsigned before;

	(void)state;
	/* From the keyed primary, signed: accepted, serial handed over. */
	cl.addr = addr("192.0.2.1");
	before = nnotify;
	qlen = sign(q, query(q, 9, DNS_OPCODE_NOTIFY, "sec.test.",
	    DNS_TYPE_SOA, 2026), sizeof(q), &c, 0);
	assert_true(dns_answer(db, &aconf, &cl, q, qlen, resp, sizeof(resp),
	    NULL) > 0);
	assert_int_equal(rcode_of(resp), 0);
	assert_int_equal(resp[2] & 0xfc, 0x80 | (DNS_OPCODE_NOTIFY << 3) |
	    0x04);
	assert_int_equal(nnotify, before + 1);
	assert_int_equal(notify_zone, 1);
	assert_true(notify_has_serial);
	assert_int_equal(notify_serial, 2026);
	dns_tsig_ctx_clear(&c);
	/* Same primary, unsigned: its key is required. */
	qlen = query(q, 10, DNS_OPCODE_NOTIFY, "sec.test.", DNS_TYPE_SOA, -1);
	assert_true(dns_answer(db, &aconf, &cl, q, qlen, resp, sizeof(resp),
	    NULL) > 0);
	assert_int_equal(rcode_of(resp), DNS_RCODE_REFUSED);
	assert_int_equal(nnotify, before + 1);
	/* The unkeyed primary (any port), no serial. */
	cl.addr = addr("203.0.113.9");
	assert_true(dns_answer(db, &aconf, &cl, q, qlen, resp, sizeof(resp),
	    NULL) > 0);
	assert_int_equal(rcode_of(resp), 0);
	assert_int_equal(nnotify, before + 2);
	assert_false(notify_has_serial);
	/* Not a primary. */
	cl.addr = addr("192.0.2.2");
	(void)dns_answer(db, &aconf, &cl, q, qlen, resp, sizeof(resp), NULL);
	assert_int_equal(rcode_of(resp), DNS_RCODE_REFUSED);
	assert_non_null(strstr(last_refused, "not from a primary"));
	/* A primary zone (no primaries of its own). */
	cl.addr = addr("192.0.2.1");
	qlen = query(q, 11, DNS_OPCODE_NOTIFY, "example.com.", DNS_TYPE_SOA,
	    -1);
	(void)dns_answer(db, &aconf, &cl, q, qlen, resp, sizeof(resp), NULL);
	assert_int_equal(rcode_of(resp), DNS_RCODE_REFUSED);
	/* Not a zone of ours. */
	qlen = query(q, 12, DNS_OPCODE_NOTIFY, "nope.test.", DNS_TYPE_SOA, -1);
	(void)dns_answer(db, &aconf, &cl, q, qlen, resp, sizeof(resp), NULL);
	assert_int_equal(rcode_of(resp), DNS_RCODE_NOTAUTH);
	/* A bad MAC: NOTAUTH (BADSIG), nothing handed over. */
	qlen = sign(q, query(q, 13, DNS_OPCODE_NOTIFY, "sec.test.",
	    DNS_TYPE_SOA, 5), sizeof(q), &c, 0);
	q[qlen - 7] ^= 1;
	(void)dns_answer(db, &aconf, &cl, q, qlen, resp, sizeof(resp), NULL);
	assert_int_equal(rcode_of(resp), DNS_RCODE_NOTAUTH);
	assert_int_equal(nnotify, before + 2);
	dns_tsig_ctx_clear(&c);
}

static void
tsig_queries(void **state)
{
	uint8_t q[600], resp[1232];
	struct dns_client cl = { NULL, sizeof(struct sockaddr_in), false };
	struct dns_tsig_ctx c;
	struct dns_tsig_rr rr;
	size_t qlen, len;
	uint16_t perr;
	char why[128];

	(void)state;
	cl.addr = addr("203.0.113.50");
	qlen = sign(q, query(q, 20, 0, "ns1.example.com.", DNS_TYPE_A, -1),
	    sizeof(q), &c, 1);
	len = dns_answer(db, &aconf, &cl, q, qlen, resp, 512, NULL);
	assert_true(len > 0 && len <= 512);
	assert_int_equal(rcode_of(resp), 0);
	assert_int_equal(dns_tsig_verify_response(&c, resp, len,
	    (uint64_t)time(NULL), &perr, why, sizeof(why)), 0);
	dns_tsig_ctx_clear(&c);
	/* Too big for 512 octets: TC, and still signed (room was kept). */
	qlen = sign(q, query(q, 25, 0, "big.example.com.", DNS_TYPE_TXT, -1),
	    sizeof(q), &c, 0);
	len = dns_answer(db, &aconf, &cl, q, qlen, resp, 512, NULL);
	assert_true(len > 0 && len <= 512);
	assert_int_equal(resp[2] & 0x02, 0x02);
	assert_int_equal(dns_tsig_verify_response(&c, resp, len,
	    (uint64_t)time(NULL), &perr, why, sizeof(why)), 0);
	dns_tsig_ctx_clear(&c);
	/* Unknown key: NOTAUTH with BADKEY, unsigned. */
	qlen = query(q, 21, 0, "ns1.example.com.", DNS_TYPE_A, -1);
	{
		struct conf_key k = cfg->keys[0];

		memcpy(k.name, "\4nope\0", 6);
		dns_tsig_ctx_init(&c, &k);
		assert_int_equal(dns_tsig_sign_request(&c, q, &qlen,
		    sizeof(q), (uint64_t)time(NULL)), 0);
	}
	len = dns_answer(db, &aconf, &cl, q, qlen, resp, 512, NULL);
	assert_int_equal(rcode_of(resp), DNS_RCODE_NOTAUTH);
	assert_int_equal(resp[7], 0);
	assert_int_equal(dns_tsig_find(resp, len, &rr), 1);
	assert_int_equal(rr.error, DNS_TSIG_BADKEY);
	assert_int_equal(rr.mac_len, 0);
	assert_non_null(strstr(last_refused, "BADKEY"));
	dns_tsig_ctx_clear(&c);
	/* A TSIG that is not last: FORMERR, no TSIG back. */
	qlen = sign(q, query(q, 22, 0, "ns1.example.com.", DNS_TYPE_A, -1),
	    sizeof(q), &c, 0);
	memcpy(q + qlen, "\0\0\1\0\1\0\0\0\0\0\4\1\2\3\4", 15);
	q[11] = 2;
	len = dns_answer(db, &aconf, &cl, q, qlen + 15, resp, 512, NULL);
	assert_int_equal(rcode_of(resp), DNS_RCODE_FORMERR);
	assert_int_equal(resp[11], 0);
	dns_tsig_ctx_clear(&c);
	/* A TSIG in the answer section: FORMERR. */
	qlen = sign(q, query(q, 23, 0, "ns1.example.com.", DNS_TYPE_A, -1),
	    sizeof(q), &c, 0);
	q[7] = 1;
	q[11] = 0;
	(void)dns_answer(db, &aconf, &cl, q, qlen, resp, 512, NULL);
	assert_int_equal(rcode_of(resp), DNS_RCODE_FORMERR);
	dns_tsig_ctx_clear(&c);
	/* Without a configuration every key is unknown. */
	{
		struct dns_answer_conf bare;

		memset(&bare, 0, sizeof(bare));
		qlen = sign(q, query(q, 24, 0, "ns1.example.com.", DNS_TYPE_A,
		    -1), sizeof(q), &c, 0);
		len = dns_answer(db, &bare, &cl, q, qlen, resp, 512, NULL);
		assert_int_equal(rcode_of(resp), DNS_RCODE_NOTAUTH);
		assert_int_equal(dns_tsig_find(resp, len, &rr), 1);
		assert_int_equal(rr.error, DNS_TSIG_BADKEY);
		dns_tsig_ctx_clear(&c);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(acl),
		cmocka_unit_test(axfr_stream),
		cmocka_unit_test(transfer_verdicts),
		cmocka_unit_test(notify_in),
		cmocka_unit_test(tsig_queries),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
