/* SPDX-License-Identifier: MIT */
/*
 * test_answer.c -- dns_answer() end to end on zones built from text: the
 * lookup cases (table-driven, expectations taken from Knot DNS 3.2 on the
 * same data), malformed queries, compression, truncation, EDNS payload
 * arithmetic, BADVERS, NSID, cookies, CHAOS and the counters.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "../../src/common/siphash.h"
#include "../../src/dns/answer.h"
#include "../../src/dns/edns.h"
#include "../../src/dns/name.h"
#include "../../src/dns/rdata.h"
#include "../../src/dns/zone.h"

#define T100 "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\""

static const char zone_text[] =
	"$TTL 3600\n"
	"@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
	"@ NS ns1\n"
	"@ NS ns2.example.net.\n"
	"@ MX 10 mail\n"
	"@ MX 20 mail.other.org.\n"
	"ns1 A 192.0.2.1\n"
	"ns1 AAAA 2001:db8::1\n"
	"mail A 192.0.2.2\n"
	"www A 192.0.2.3\n"
	"alias CNAME www\n"
	"chain1 CNAME chain2\n"
	"chain2 CNAME www\n"
	"loop1 CNAME loop2\n"
	"loop2 CNAME loop1\n"
	"ext CNAME www.other.org.\n"
	"dangling CNAME nothere\n"
	"*.wild A 192.0.2.9\n"
	"*.wcn CNAME www\n"
	"a.b.ent A 192.0.2.10\n"
	"*.ent A 192.0.2.11\n"
	"sub NS ns.sub\n"
	"sub NS ns.other.org.\n"
	"ns.sub A 192.0.2.20\n"
	"deep.sub A 192.0.2.21\n"
	"child NS ns1.child\n"
	"ns1.child A 192.0.2.30\n"
	"tochild CNAME www.child\n"
	"dn DNAME example.net.\n"
	"selfdn DNAME example.com.\n"
	"dlong 120 DNAME aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	"aaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	".ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc.\n"
	"_sip._udp SRV 0 5 5060 mail\n"
	"c1 CNAME c2\nc2 CNAME c3\nc3 CNAME c4\nc4 CNAME c5\nc5 CNAME c6\n"
	"c6 CNAME c7\nc7 CNAME www\n"
	"*.wloop CNAME x.wloop\n"
	"dloop DNAME x.dloop.example.com.\n"
	"mx2 MX 10 mail\nmx2 MX 20 MAIL\n"
	"mx3 MX 10 x.wild\n"
	"upns NS NS1.Example.COM.\n"
	"*.wns NS ns1\n"
	"svc SVCB 1 www alpn=h2\n"
	"dlin DNAME aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	".bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	".ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
	".example.com.\n"
	"bigns NS ns1.bigns\nbigns NS ns2.bigns\nbigns NS ns3.bigns\n"
	"bigns NS ns4.bigns\nbigns NS ns5.bigns\nbigns NS ns6.bigns\n"
	"bigns NS ns7.bigns\nbigns NS ns8.bigns\n"
	"ns1.bigns A 192.0.2.1\nns1.bigns AAAA 2001:db8::1\n"
	"ns2.bigns A 192.0.2.2\nns2.bigns AAAA 2001:db8::2\n"
	"ns3.bigns A 192.0.2.3\nns3.bigns AAAA 2001:db8::3\n"
	"ns4.bigns A 192.0.2.4\nns4.bigns AAAA 2001:db8::4\n"
	"ns5.bigns A 192.0.2.5\nns5.bigns AAAA 2001:db8::5\n"
	"ns6.bigns A 192.0.2.6\nns6.bigns AAAA 2001:db8::6\n"
	"ns7.bigns A 192.0.2.7\nns7.bigns AAAA 2001:db8::7\n"
	"ns8.bigns A 192.0.2.8\nns8.bigns AAAA 2001:db8::8\n"
	"mxbig MX 1 ns1.bigns\nmxbig MX 2 ns2.bigns\nmxbig MX 3 ns3.bigns\n"
	"mxbig MX 4 ns4.bigns\nmxbig MX 5 ns5.bigns\nmxbig MX 6 ns6.bigns\n"
	"mxbig MX 7 ns7.bigns\nmxbig MX 8 ns8.bigns\n"
	"big TXT " T100 "\nbig TXT \"1\" " T100 "\nbig TXT \"2\" " T100 "\n"
	"big TXT \"3\" " T100 "\nbig TXT \"4\" " T100 "\nbig TXT \"5\" " T100
	"\n"
	"huge TXT \"01\" " T100 " " T100 "\nhuge TXT \"02\" " T100 " " T100 "\n"
	"huge TXT \"03\" " T100 " " T100 "\nhuge TXT \"04\" " T100 " " T100 "\n"
	"huge TXT \"05\" " T100 " " T100 "\nhuge TXT \"06\" " T100 " " T100 "\n"
	"huge TXT \"07\" " T100 " " T100 "\nhuge TXT \"08\" " T100 " " T100 "\n";

static const char child_text[] =
	"$TTL 3600\n"
	"@ SOA ns1 hm 5 7200 3600 1209600 600\n"
	"@ NS ns1\n"
	"ns1 A 192.0.2.30\n"
	"www A 192.0.2.31\n";

static struct dns_db *db;
static struct dns_answer_conf conf;

static int
setup(void **state)
{
	struct dns_zone *z;

	(void)state;
	db = dns_db_new();
	z = dns_zone_load_text((const uint8_t *)"\7example\3com", zone_text,
	    sizeof(zone_text) - 1, "example.com", NULL);
	if (z == NULL || dns_db_add_zone(db, z) != 0)
		return -1;
	z = dns_zone_load_text((const uint8_t *)"\5child\7example\3com",
	    child_text, sizeof(child_text) - 1, "child", NULL);
	if (z == NULL || dns_db_add_zone(db, z) != 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	dns_db_free(db);
	return 0;
}

static void
conf_default(void)
{
	memset(&conf, 0, sizeof(conf));
	conf.identity = "node-1";
	conf.nsid = true;
}

/* Query builder. */
struct q {
	uint8_t		 b[1024];
	size_t		 len;
};

static void
q_u16(struct q *q, uint16_t v)
{
	q->b[q->len++] = v >> 8;
	q->b[q->len++] = v & 0xff;
}

static void
q_name(struct q *q, const char *text)
{
	int n = dns_name_from_text(q->b + q->len, text, strlen(text), NULL);

	assert_true(n > 0);
	q->len += (size_t)n;
}

static void
q_header(struct q *q, uint16_t flags, uint16_t qd, uint16_t an,
    uint16_t ns, uint16_t ar)
{
	q->len = 0;
	q_u16(q, 0xbeef);
	q_u16(q, flags);
	q_u16(q, qd);
	q_u16(q, an);
	q_u16(q, ns);
	q_u16(q, ar);
}

/* An OPT RR with the given payload, version, flags and raw options. */
static void
q_opt(struct q *q, uint16_t payload, uint8_t version, uint16_t flags,
    const void *opts, size_t optlen)
{
	q->b[q->len++] = 0;
	q_u16(q, 41);
	q_u16(q, payload);
	q->b[q->len++] = 0;
	q->b[q->len++] = version;
	q_u16(q, flags);
	q_u16(q, (uint16_t)optlen);
	if (optlen > 0)
		memcpy(q->b + q->len, opts, optlen);
	q->len += optlen;
}

static void
q_simple(struct q *q, const char *name, uint16_t type, uint16_t qclass,
    int payload)
{
	q_header(q, DNS_FLAG_RD, 1, 0, 0, payload >= 0 ? 1 : 0);
	q_name(q, name);
	q_u16(q, type);
	q_u16(q, qclass);
	if (payload >= 0)
		q_opt(q, (uint16_t)payload, 0, 0, NULL, 0);
}

/* Response parser. */
struct rr {
	char		 owner[DNS_NAME_MAX * 4];
	uint16_t	 type, rclass;
	uint32_t	 ttl;
	char		 text[600];	/* "owner TYPE [target|address]" */
	const uint8_t	*rdata;
	uint16_t	 rdlen;
};

struct r {
	uint8_t		 b[65535];
	size_t		 len;
	uint16_t	 flags, qd, an, ns, ar;
	unsigned	 rcode;		/* with the extended bits */
	struct rr	 rr[300];
	unsigned	 nrr;
	bool		 opt;
	uint16_t	 opt_payload;
	uint32_t	 opt_ttl;
	const uint8_t	*opt_data;
	uint16_t	 opt_len;
	char		 sect[3][4096];
};

static uint16_t
g16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void
append(char *s, const char *t)
{
	size_t n = strlen(s), m = strlen(t);

	if (n > 0 && n + 2 < 4096) {
		memcpy(s + n, ", ", 2);
		n += 2;
	}
	if (n + m + 1 > 4096)
		m = 4096 - n - 1;
	memcpy(s + n, t, m);
	s[n + m] = '\0';
}

static void
r_parse(struct r *r)
{
	uint8_t name[DNS_NAME_MAX];
	size_t off = DNS_HDR_LEN;
	unsigned i, total;
	char tb[16];

	assert_true(r->len >= DNS_HDR_LEN);
	r->flags = g16(r->b + 2);
	r->qd = g16(r->b + 4);
	r->an = g16(r->b + 6);
	r->ns = g16(r->b + 8);
	r->ar = g16(r->b + 10);
	r->rcode = r->flags & 0xf;
	r->nrr = 0;
	r->opt = false;
	r->sect[0][0] = r->sect[1][0] = r->sect[2][0] = '\0';
	for (i = 0; i < r->qd; i++) {
		assert_true(dns_name_unpack(r->b, r->len, &off, name) > 0);
		off += 4;
	}
	total = r->an + r->ns + r->ar;
	for (i = 0; i < total; i++) {
		struct rr *x = &r->rr[r->nrr];
		char *s;

		assert_true(r->nrr < 300);
		assert_true(dns_name_unpack(r->b, r->len, &off, name) > 0);
		assert_true(off + 10 <= r->len);
		assert_true(dns_name_to_text(name, x->owner,
		    sizeof(x->owner)) > 0);
		x->type = g16(r->b + off);
		x->rclass = g16(r->b + off + 2);
		x->ttl = (uint32_t)g16(r->b + off + 4) << 16 |
		    g16(r->b + off + 6);
		x->rdlen = g16(r->b + off + 8);
		off += 10;
		x->rdata = r->b + off;
		assert_true(off + x->rdlen <= r->len);
		if (x->type == 41) {
			r->opt = true;
			r->opt_payload = x->rclass;
			r->opt_ttl = x->ttl;
			r->opt_data = x->rdata;
			r->opt_len = x->rdlen;
			r->rcode |= (x->ttl >> 24) << 4;
			off += x->rdlen;
			continue;
		}
		{
			char tmp[sizeof(x->text)];

			snprintf(tmp, sizeof(tmp), "%s %s", x->owner,
			    dns_rrtype_to_text(x->type, tb, sizeof(tb)));
			memcpy(x->text, tmp, sizeof(tmp));
		}
		if (x->type == DNS_TYPE_CNAME || x->type == DNS_TYPE_NS ||
		    x->type == DNS_TYPE_DNAME) {
			size_t o = off;
			char t[DNS_NAME_MAX * 4];

			assert_true(dns_name_unpack(r->b, r->len, &o, name) >
			    0);
			assert_int_equal(o, off + x->rdlen);
			dns_name_to_text(name, t, sizeof(t));
			snprintf(x->text + strlen(x->text),
			    sizeof(x->text) - strlen(x->text), " %s", t);
		} else if (x->type == DNS_TYPE_A && x->rdlen == 4) {
			char t[INET_ADDRSTRLEN];

			inet_ntop(AF_INET, x->rdata, t, sizeof(t));
			snprintf(x->text + strlen(x->text),
			    sizeof(x->text) - strlen(x->text), " %s", t);
		}
		s = r->sect[i < r->an ? 0 : i < r->an + r->ns ? 1 : 2];
		append(s, x->text);
		off += x->rdlen;
		r->nrr++;
	}
	assert_int_equal(off, r->len);
}

static size_t
run(const struct q *q, struct r *r, bool tcp, struct dns_stats *st)
{
	struct sockaddr_in sin;
	struct dns_client cl;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(0xc0000263);
	cl.addr = (const struct sockaddr *)&sin;
	cl.addrlen = sizeof(sin);
	cl.tcp = tcp;
	r->len = dns_answer(db, &conf, &cl, q->b, q->len, r->b,
	    tcp ? 65535 : 4096, st);
	if (r->len > 0)
		r_parse(r);
	return r->len;
}

/* The EDNS option of that code in the response's OPT, or NULL. */
static const uint8_t *
opt_find(const struct r *r, uint16_t code, uint16_t *len)
{
	size_t off = 0;

	while (r->opt && off + 4 <= r->opt_len) {
		uint16_t c = g16(r->opt_data + off), l = g16(r->opt_data +
		    off + 2);

		if (c == code) {
			*len = l;
			return r->opt_data + off + 4;
		}
		off += 4u + l;
	}
	return NULL;
}

#define AA	DNS_FLAG_AA
#define TC	DNS_FLAG_TC

static void
answer_lookup_table(void **state)
{
	static const struct {
		const char	*qname;
		uint16_t	 qtype;
		unsigned	 rcode;
		uint16_t	 flags;		/* AA and TC as expected */
		const char	*an, *ns, *ar;
	} cases[] = {
		{ "www.example.com.", 1, 0, AA,
		  "www.example.com. A 192.0.2.3", "", "" },
		{ "WwW.ExAmPlE.CoM.", 1, 0, AA,
		  "WwW.ExAmPlE.CoM. A 192.0.2.3", "", "" },
		{ "www.example.com.", 28, 0, AA, "", "example.com. SOA", "" },
		{ "nx.example.com.", 1, 3, AA, "", "example.com. SOA", "" },
		{ "example.com.", 2, 0, AA,
		  "example.com. NS ns1.example.com., "
		  "example.com. NS ns2.example.net.", "",
		  "ns1.example.com. A 192.0.2.1, ns1.example.com. AAAA" },
		{ "example.com.", 15, 0, AA, "example.com. MX, example.com. MX",
		  "", "mail.example.com. A 192.0.2.2" },
		{ "_sip._udp.example.com.", 33, 0, AA,
		  "_sip._udp.example.com. SRV", "",
		  "mail.example.com. A 192.0.2.2" },
		{ "example.com.", 255, 0, AA,
		  "example.com. NS ns1.example.com., "
		  "example.com. NS ns2.example.net.", "",
		  "ns1.example.com. A 192.0.2.1, ns1.example.com. AAAA" },
		{ "alias.example.com.", 1, 0, AA,
		  "alias.example.com. CNAME www.example.com., "
		  "www.example.com. A 192.0.2.3", "", "" },
		{ "alias.example.com.", 5, 0, AA,
		  "alias.example.com. CNAME www.example.com.", "", "" },
		{ "alias.example.com.", 47, 0, AA, "", "example.com. SOA", "" },
		{ "alias.example.com.", 46, 0, AA, "", "example.com. SOA", "" },
		{ "alias.example.com.", 255, 0, AA,
		  "alias.example.com. CNAME www.example.com.", "", "" },
		{ "chain1.example.com.", 1, 0, AA,
		  "chain1.example.com. CNAME chain2.example.com., "
		  "chain2.example.com. CNAME www.example.com., "
		  "www.example.com. A 192.0.2.3", "", "" },
		{ "chain1.example.com.", 16, 0, AA,
		  "chain1.example.com. CNAME chain2.example.com., "
		  "chain2.example.com. CNAME www.example.com.",
		  "example.com. SOA", "" },
		{ "loop1.example.com.", 1, 0, AA,
		  "loop1.example.com. CNAME loop2.example.com., "
		  "loop2.example.com. CNAME loop1.example.com.", "", "" },
		{ "ext.example.com.", 1, 0, AA,
		  "ext.example.com. CNAME www.other.org.", "", "" },
		{ "dangling.example.com.", 1, 3, AA,
		  "dangling.example.com. CNAME nothere.example.com.",
		  "example.com. SOA", "" },
		{ "x.wild.example.com.", 1, 0, AA,
		  "x.wild.example.com. A 192.0.2.9", "", "" },
		{ "y.x.wild.example.com.", 1, 0, AA,
		  "y.x.wild.example.com. A 192.0.2.9", "", "" },
		{ "x.wild.example.com.", 15, 0, AA, "", "example.com. SOA", "" },
		{ "wild.example.com.", 1, 0, AA, "", "example.com. SOA", "" },
		{ "*.wild.example.com.", 1, 0, AA,
		  "*.wild.example.com. A 192.0.2.9", "", "" },
		{ "x.wcn.example.com.", 1, 0, AA,
		  "x.wcn.example.com. CNAME www.example.com., "
		  "www.example.com. A 192.0.2.3", "", "" },
		/* RFC 4592: the ENT b.ent blocks *.ent below it. */
		{ "x.b.ent.example.com.", 1, 3, AA, "", "example.com. SOA",
		  "" },
		{ "b.ent.example.com.", 1, 0, AA, "", "example.com. SOA", "" },
		{ "y.ent.example.com.", 1, 0, AA,
		  "y.ent.example.com. A 192.0.2.11", "", "" },
		{ "www.sub.example.com.", 1, 0, 0, "",
		  "sub.example.com. NS ns.sub.example.com., "
		  "sub.example.com. NS ns.other.org.",
		  "ns.sub.example.com. A 192.0.2.20" },
		{ "sub.example.com.", 2, 0, 0, "",
		  "sub.example.com. NS ns.sub.example.com., "
		  "sub.example.com. NS ns.other.org.",
		  "ns.sub.example.com. A 192.0.2.20" },
		{ "deep.sub.example.com.", 1, 0, 0, "",
		  "sub.example.com. NS ns.sub.example.com., "
		  "sub.example.com. NS ns.other.org.",
		  "ns.sub.example.com. A 192.0.2.20" },
		{ "sub.example.com.", 43, 0, AA, "", "example.com. SOA", "" },
		{ "x.dn.example.com.", 1, 0, AA,
		  "dn.example.com. DNAME example.net., "
		  "x.dn.example.com. CNAME x.example.net.", "", "" },
		{ "dn.example.com.", 1, 0, AA, "", "example.com. SOA", "" },
		{ "dn.example.com.", 39, 0, AA,
		  "dn.example.com. DNAME example.net.", "", "" },
		{ "a.selfdn.example.com.", 1, 3, AA,
		  "selfdn.example.com. DNAME example.com., "
		  "a.selfdn.example.com. CNAME a.example.com.",
		  "example.com. SOA", "" },
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  ".bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
		  ".dlong.example.com.", 1, 6, AA,
		  "dlong.example.com. DNAME aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
		  "bbbbbbbbbbbbbbbbbbbbbbbbbbb.cccccccccccccccccccccccccccccccccccc"
		  "ccccccccccccccccccccccccccc.", "", "" },
		{ "tochild.example.com.", 1, 0, AA,
		  "tochild.example.com. CNAME www.child.example.com.",
		  "child.example.com. NS ns1.child.example.com.",
		  "ns1.child.example.com. A 192.0.2.30" },
		{ "www.child.example.com.", 1, 0, AA,
		  "www.child.example.com. A 192.0.2.31", "", "" },
		{ "nx.child.example.com.", 1, 3, AA, "",
		  "child.example.com. SOA", "" },
		{ "www.example.org.", 1, 5, 0, "", "", "" },
		{ ".", 1, 5, 0, "", "", "" },
		{ "www.example.com.", 0, 4, 0, "", "", "" },
		{ "example.com.", 252, 4, 0, "", "", "" },
		{ "example.com.", 251, 5, 0, "", "", "" },	/* no ACL */
		{ "www.example.com.", 65535, 0, AA, "", "example.com. SOA", "" },
		{ "big.example.com.", 16, 0, AA | TC, "", "", "" },
		/* Knot follows at most 5 CNAMEs, then stops, NOERROR. */
		{ "c1.example.com.", 1, 0, AA,
		  "c1.example.com. CNAME c2.example.com., "
		  "c2.example.com. CNAME c3.example.com., "
		  "c3.example.com. CNAME c4.example.com., "
		  "c4.example.com. CNAME c5.example.com., "
		  "c5.example.com. CNAME c6.example.com.", "", "" },
		{ "c3.example.com.", 1, 0, AA,
		  "c3.example.com. CNAME c4.example.com., "
		  "c4.example.com. CNAME c5.example.com., "
		  "c5.example.com. CNAME c6.example.com., "
		  "c6.example.com. CNAME c7.example.com., "
		  "c7.example.com. CNAME www.example.com., "
		  "www.example.com. A 192.0.2.3", "", "" },
		/* A wildcard CNAME loop: written twice, then stopped. */
		{ "x.wloop.example.com.", 1, 0, AA,
		  "x.wloop.example.com. CNAME x.wloop.example.com., "
		  "x.wloop.example.com. CNAME x.wloop.example.com.", "", "" },
		/* A DNAME pointing below itself: one DNAME, 5 CNAMEs. */
		{ "a.dloop.example.com.", 1, 0, AA,
		  "dloop.example.com. DNAME x.dloop.example.com., "
		  "a.dloop.example.com. CNAME a.x.dloop.example.com., "
		  "a.x.dloop.example.com. CNAME a.x.x.dloop.example.com., "
		  "a.x.x.dloop.example.com. CNAME a.x.x.x.dloop.example.com., "
		  "a.x.x.x.dloop.example.com. CNAME "
		  "a.x.x.x.x.dloop.example.com., "
		  "a.x.x.x.x.dloop.example.com. CNAME "
		  "a.x.x.x.x.x.dloop.example.com.", "", "" },
		/* Additional per target record, wildcards expanded. */
		{ "mx2.example.com.", 15, 0, AA,
		  "mx2.example.com. MX, mx2.example.com. MX", "",
		  "mail.example.com. A 192.0.2.2, mail.example.com. A 192.0.2.2" },
		{ "mx3.example.com.", 15, 0, AA, "mx3.example.com. MX", "",
		  "x.wild.example.com. A 192.0.2.9" },
		/* RDATA names are lowercased at load (RFC 4034 6.2). */
		{ "x.upns.example.com.", 1, 0, 0, "",
		  "upns.example.com. NS ns1.example.com.",
		  "ns1.example.com. A 192.0.2.1, ns1.example.com. AAAA" },
		/* DS for a child apex comes from the parent zone. */
		{ "child.example.com.", 43, 0, AA, "", "example.com. SOA", "" },
		{ "child.example.com.", 6, 0, AA, "child.example.com. SOA", "",
		  "" },
		{ "example.com.", 43, 0, AA, "", "example.com. SOA", "" },
		/* NS at a wildcard: a referral with the wildcard owner. */
		{ "a.b.wns.example.com.", 1, 0, 0, "",
		  "*.wns.example.com. NS ns1.example.com.",
		  "ns1.example.com. A 192.0.2.1, ns1.example.com. AAAA" },
		/* SVCB/HTTPS TargetName gets additional A/AAAA. */
		{ "svc.example.com.", 64, 0, AA, "svc.example.com. SVCB", "",
		  "www.example.com. A 192.0.2.3" },
		/* YXDOMAIN, then the in-zone DNAME target is looked up. */
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  ".bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
		  ".dlin.example.com.", 1, 3, AA,
		  "dlin.example.com. DNAME aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
		  "bbbbbbbbbbbbbbbbbbbbbbbbbb.ccccccccccccccccccccccccccccccccccccc"
		  "cccccccccccccccccccccccccc.example.com.", "example.com. SOA",
		  "" },
	};
	struct r *r = test_malloc(sizeof(*r));
	struct q q;
	size_t i;

	(void)state;
	conf_default();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		q_simple(&q, cases[i].qname, cases[i].qtype, DNS_CLASS_IN, -1);
		assert_true(run(&q, r, false, NULL) > 0);
		if (r->rcode != cases[i].rcode ||
		    (r->flags & (AA | TC)) != cases[i].flags ||
		    strcmp(r->sect[0], cases[i].an) != 0 ||
		    strcmp(r->sect[1], cases[i].ns) != 0 ||
		    strcmp(r->sect[2], cases[i].ar) != 0)
			fail_msg("case %zu %s/%u: rcode %u flags %04x\n"
			    " an [%s]\n ns [%s]\n ar [%s]", i, cases[i].qname,
			    cases[i].qtype, r->rcode, r->flags, r->sect[0],
			    r->sect[1], r->sect[2]);
		/* QR, RD copied, opcode QUERY, question echoed. */
		assert_int_equal(r->flags & 0xf900, 0x8100);
		assert_int_equal(r->qd, 1);
	}
	test_free(r);
}

static void
answer_ttls_and_class(void **state)
{
	struct r *r = test_malloc(sizeof(*r));
	struct q q;

	(void)state;
	conf_default();
	/* RFC 2308 3: min(SOA TTL 3600, MINIMUM 300). */
	q_simple(&q, "nx.example.com.", 1, DNS_CLASS_IN, -1);
	run(&q, r, false, NULL);
	assert_int_equal(r->rr[0].ttl, 300);
	q_simple(&q, "nx.child.example.com.", 1, DNS_CLASS_IN, -1);
	run(&q, r, false, NULL);
	assert_int_equal(r->rr[0].ttl, 600);
	/* The synthesized CNAME has the DNAME's TTL. */
	q_simple(&q, "x.dn.example.com.", 1, DNS_CLASS_IN, -1);
	run(&q, r, false, NULL);
	assert_int_equal(r->rr[1].ttl, 3600);
	/* Class ANY is answered as IN, as Knot does; others refused. */
	q_simple(&q, "www.example.com.", 1, DNS_CLASS_ANY, -1);
	run(&q, r, false, NULL);
	assert_int_equal(r->rcode, 0);
	assert_int_equal(r->an, 1);
	assert_int_equal(r->rr[0].rclass, DNS_CLASS_IN);
	q_simple(&q, "www.example.com.", 1, DNS_CLASS_NONE, -1);
	run(&q, r, false, NULL);
	assert_int_equal(r->rcode, DNS_RCODE_REFUSED);
	q_simple(&q, "www.example.com.", 1, DNS_CLASS_HS, -1);
	run(&q, r, false, NULL);
	assert_int_equal(r->rcode, DNS_RCODE_REFUSED);
	/* AXFR and IXFR over TCP without allow-transfer: REFUSED. */
	q_simple(&q, "example.com.", 252, DNS_CLASS_IN, -1);
	run(&q, r, true, NULL);
	assert_int_equal(r->rcode, DNS_RCODE_REFUSED);
	test_free(r);
}

static void
answer_chaos(void **state)
{
	struct r *r = test_malloc(sizeof(*r));
	struct dns_stats st;
	struct q q;

	(void)state;
	conf_default();
	memset(&st, 0, sizeof(st));
	q_simple(&q, "ID.Server.", 16, DNS_CLASS_CH, -1);
	run(&q, r, false, &st);
	assert_int_equal(r->rcode, 0);
	assert_int_equal(r->flags & AA, 0);	/* as Knot */
	assert_int_equal(r->an, 1);
	assert_int_equal(r->rr[0].rclass, DNS_CLASS_CH);
	assert_int_equal(r->rr[0].ttl, 0);
	assert_string_equal(r->rr[0].owner, "ID.Server.");
	assert_int_equal(r->rr[0].rdlen, 7);
	assert_memory_equal(r->rr[0].rdata, "\6node-1", 7);
	assert_int_equal(st.chaos, 1);
	q_simple(&q, "hostname.bind.", 16, DNS_CLASS_CH, -1);
	run(&q, r, false, NULL);
	assert_int_equal(r->an, 1);
	/* version hidden by default */
	q_simple(&q, "version.bind.", 16, DNS_CLASS_CH, -1);
	run(&q, r, false, NULL);
	assert_int_equal(r->rcode, DNS_RCODE_REFUSED);
	conf.version = "castns 0.1";
	q_simple(&q, "version.server.", 16, DNS_CLASS_CH, -1);
	run(&q, r, false, NULL);
	assert_int_equal(r->rcode, 0);
	assert_memory_equal(r->rr[0].rdata, "\12castns 0.1", 11);
	q_simple(&q, "foo.bind.", 16, DNS_CLASS_CH, -1);
	run(&q, r, false, NULL);
	assert_int_equal(r->rcode, DNS_RCODE_REFUSED);
	q_simple(&q, "id.server.", 1, DNS_CLASS_CH, -1);
	run(&q, r, false, NULL);
	assert_int_equal(r->rcode, DNS_RCODE_REFUSED);
	q_simple(&q, "www.example.com.", 16, DNS_CLASS_CH, -1);
	run(&q, r, false, NULL);
	assert_int_equal(r->rcode, DNS_RCODE_REFUSED);
	test_free(r);
}

static void
answer_malformed(void **state)
{
	struct r *r = test_malloc(sizeof(*r));
	struct dns_stats st;
	struct q q;

	(void)state;
	conf_default();
	memset(&st, 0, sizeof(st));
	/* Short header, a response, two questions: dropped. */
	q_simple(&q, "www.example.com.", 1, 1, -1);
	q.len = 11;
	assert_int_equal(run(&q, r, false, &st), 0);
	q_header(&q, DNS_FLAG_QR, 1, 0, 0, 0);
	q_name(&q, "www.example.com.");
	q_u16(&q, 1);
	q_u16(&q, 1);
	assert_int_equal(run(&q, r, false, &st), 0);
	q_header(&q, 0, 2, 0, 0, 0);
	q_name(&q, "www.example.com.");
	q_u16(&q, 1);
	q_u16(&q, 1);
	q_name(&q, "www.example.com.");
	q_u16(&q, 1);
	q_u16(&q, 1);
	assert_int_equal(run(&q, r, false, &st), 0);
	/* Truncated question, compressed question name: dropped. */
	q_simple(&q, "www.example.com.", 1, 1, -1);
	q.len -= 2;
	assert_int_equal(run(&q, r, false, &st), 0);
	q_header(&q, 0, 1, 0, 0, 0);
	memcpy(q.b + q.len, "\3www\300\14\0\1\0\1", 10);
	q.len += 10;
	assert_int_equal(run(&q, r, false, &st), 0);
	assert_int_equal(st.dropped, 5);

	/* No question: FORMERR, header only. */
	q_header(&q, 0, 0, 0, 0, 0);
	assert_int_equal(run(&q, r, false, &st), DNS_HDR_LEN);
	assert_int_equal(r->rcode, DNS_RCODE_FORMERR);
	/* Trailing garbage: FORMERR with the question. */
	q_simple(&q, "www.example.com.", 1, 1, -1);
	q.b[q.len++] = 0x55;
	run(&q, r, false, &st);
	assert_int_equal(r->rcode, DNS_RCODE_FORMERR);
	assert_int_equal(r->qd, 1);
	assert_int_equal(r->an + r->ns + r->ar, 0);
	/* Two OPT records, a broken option list: FORMERR, no OPT. */
	q_header(&q, 0, 1, 0, 0, 2);
	q_name(&q, "www.example.com.");
	q_u16(&q, 1);
	q_u16(&q, 1);
	q_opt(&q, 1232, 0, 0, NULL, 0);
	q_opt(&q, 1232, 0, 0, NULL, 0);
	run(&q, r, false, &st);
	assert_int_equal(r->rcode, DNS_RCODE_FORMERR);
	assert_false(r->opt);
	q_header(&q, 0, 1, 0, 0, 1);
	q_name(&q, "www.example.com.");
	q_u16(&q, 1);
	q_u16(&q, 1);
	q_opt(&q, 1232, 0, 0, "\0\3\0\5ab", 6);
	run(&q, r, false, &st);
	assert_int_equal(r->rcode, DNS_RCODE_FORMERR);
	assert_false(r->opt);
	/* OPT owned by another name than the root, or in the answer
	 * section: FORMERR (RFC 6891 6.1.1). */
	q_header(&q, 0, 1, 0, 0, 1);
	q_name(&q, "www.example.com.");
	q_u16(&q, 1);
	q_u16(&q, 1);
	q_name(&q, "x.");
	q.len--;		/* q_opt's root label ends the owner "x." */
	q_opt(&q, 1232, 0, 0, NULL, 0);
	run(&q, r, false, &st);
	assert_int_equal(r->rcode, DNS_RCODE_FORMERR);
	q_header(&q, 0, 1, 1, 0, 0);
	q_name(&q, "www.example.com.");
	q_u16(&q, 1);
	q_u16(&q, 1);
	q_opt(&q, 1232, 0, 0, NULL, 0);
	run(&q, r, false, &st);
	assert_int_equal(r->rcode, DNS_RCODE_FORMERR);
	assert_false(r->opt);
	/* An RR in the answer section of a query is read and ignored. */
	q_header(&q, 0, 1, 1, 0, 0);
	q_name(&q, "www.example.com.");
	q_u16(&q, 1);
	q_u16(&q, 1);
	memcpy(q.b + q.len, "\300\14\0\1\0\1\0\0\0\0\0\4\1\2\3\4", 16);
	q.len += 16;
	run(&q, r, false, &st);
	assert_int_equal(r->rcode, 0);
	assert_int_equal(r->an, 1);
	/* ... unless it is broken: a forward pointer. */
	q.b[q.len - 15] = 0x40;
	run(&q, r, false, &st);
	assert_int_equal(r->rcode, DNS_RCODE_FORMERR);

	/* Opcodes: IQUERY, STATUS -> NOTIMP; NOTIFY -> NOTAUTH. */
	q_simple(&q, "www.example.com.", 1, 1, -1);
	q.b[2] = 1 << 3;
	run(&q, r, false, &st);
	assert_int_equal(r->rcode, DNS_RCODE_NOTIMP);
	assert_int_equal((r->flags & DNS_OPCODE_MASK) >> DNS_OPCODE_SHIFT, 1);
	q.b[2] = 2 << 3;
	run(&q, r, false, &st);
	assert_int_equal(r->rcode, DNS_RCODE_NOTIMP);
	q.b[2] = 4 << 3;
	run(&q, r, false, &st);
	assert_int_equal(r->rcode, DNS_RCODE_NOTAUTH);
	q.b[2] = 5 << 3;
	run(&q, r, false, &st);
	assert_int_equal(r->rcode, DNS_RCODE_FORMERR);
	assert_int_equal(st.rcode[DNS_RCODE_NOTIMP], 2);
	/* UPDATE with its SOA zone section: not authorized (no ACL). */
	q_simple(&q, "example.com.", DNS_TYPE_SOA, 1, -1);
	q.b[2] = 5 << 3;
	run(&q, r, false, &st);
	assert_int_equal(r->rcode, DNS_RCODE_NOTAUTH);
	/* A class we do not serve is refused before the opcode matters. */
	q_simple(&q, "www.example.com.", 1, 513, -1);
	q.b[2] = 2 << 3;
	run(&q, r, false, &st);
	assert_int_equal(r->rcode, DNS_RCODE_REFUSED);

	/* No question and junk: dropped; an RR read, then junk: FORMERR. */
	q_header(&q, 0, 0, 0, 0, 0);
	q_name(&q, "www.example.com.");
	assert_int_equal(run(&q, r, false, &st), 0);
	q_header(&q, 0, 0, 0, 0, 1);
	q_name(&q, "www.example.com.");
	memcpy(q.b + q.len, "\0\1\0\1\0\0\0\0\0\0xyz", 13);
	q.len += 13;
	assert_int_equal(run(&q, r, false, &st), DNS_HDR_LEN);
	assert_int_equal(r->rcode, DNS_RCODE_FORMERR);
	/* More RRs announced than could fit the message: dropped without
	 * a question (a parse error before anything was read), as Knot. */
	q_header(&q, 0, 0, 0, 0, 4);
	memcpy(q.b + q.len, "\0\0\2\0\1\0\0\0\0\0\0", 11);
	q.len += 11;
	assert_int_equal(run(&q, r, false, &st), 0);
	q.b[11] = 2;
	assert_int_equal(run(&q, r, false, &st), DNS_HDR_LEN);
	assert_int_equal(r->rcode, DNS_RCODE_FORMERR);
	/* RDATA of known types is checked: a 4-octet SRV is FORMERR... */
	q_header(&q, 0, 1, 0, 0, 1);
	q_name(&q, "www.example.com.");
	q_u16(&q, 1);
	q_u16(&q, 1);
	memcpy(q.b + q.len, "\0\0\41\0\1\0\0\0\0\0\4\0\1\0\0", 15);
	q.len += 15;
	run(&q, r, false, &st);
	assert_int_equal(r->rcode, DNS_RCODE_FORMERR);
	/* ... with compressed names allowed, and empty RDATA accepted. */
	q.len -= 15;
	q.b[11] = 2;
	memcpy(q.b + q.len, "\0\0\41\0\1\0\0\0\0\0\10\0\1\0\2\0\3\300\14"
	    "\0\0\2\0\1\0\0\0\0\0\0", 30);
	q.len += 30;
	run(&q, r, false, &st);
	assert_int_equal(r->rcode, 0);
	assert_int_equal(r->an, 1);
	test_free(r);
}

static void
answer_compression(void **state)
{
	struct r *r = test_malloc(sizeof(*r));
	struct q q;
	size_t a;

	(void)state;
	conf_default();
	q_simple(&q, "WWW.example.COM.", 1, DNS_CLASS_IN, -1);
	run(&q, r, false, NULL);
	/* The question is echoed as sent; the answer owner points at it. */
	assert_memory_equal(r->b + 12, "\3WWW\7example\3COM", 17);
	a = 12 + 17 + 4;
	assert_int_equal(r->b[a], 0xc0);
	assert_int_equal(r->b[a + 1], 12);
	assert_int_equal(r->len, a + 2 + 10 + 4);
	/* NS rdata names compressed against the question and each other. */
	q_simple(&q, "example.com.", 2, DNS_CLASS_IN, -1);
	run(&q, r, false, NULL);
	assert_string_equal(r->sect[2],
	    "ns1.example.com. A 192.0.2.1, ns1.example.com. AAAA");
	/* ns1.example.com. as 3ns1 + pointer: rdlength 6. */
	assert_int_equal(r->rr[0].rdlen, 6);
	/* SOA in authority: owner is a pointer into the question. */
	q_simple(&q, "nx.example.com.", 1, DNS_CLASS_IN, -1);
	run(&q, r, false, NULL);
	a = 12 + 16 + 4;
	assert_int_equal(r->b[a], 0xc0);
	assert_int_equal(r->b[a + 1], 15);
	test_free(r);
}

static void
answer_truncation(void **state)
{
	struct r *r = test_malloc(sizeof(*r));
	struct dns_stats st;
	struct q q;

	(void)state;
	conf_default();
	memset(&st, 0, sizeof(st));
	/* ~650 octets: TC over plain UDP, fits in EDNS 1232, and TCP. */
	q_simple(&q, "big.example.com.", 16, DNS_CLASS_IN, -1);
	run(&q, r, false, &st);
	assert_int_equal(r->flags & (AA | TC), AA | TC);
	assert_int_equal(r->an + r->ns + r->ar, 0);
	assert_int_equal(r->len, q.len);
	assert_int_equal(st.truncated, 1);
	q_simple(&q, "big.example.com.", 16, DNS_CLASS_IN, 512);
	run(&q, r, false, NULL);
	assert_int_equal(r->flags & TC, TC);
	assert_int_equal(r->ar, 1);	/* OPT still there */
	assert_true(r->opt);
	q_simple(&q, "big.example.com.", 16, DNS_CLASS_IN, 1232);
	run(&q, r, false, NULL);
	assert_int_equal(r->flags & TC, 0);
	assert_int_equal(r->an, 6);
	q_simple(&q, "big.example.com.", 16, DNS_CLASS_IN, -1);
	run(&q, r, true, NULL);
	assert_int_equal(r->flags & TC, 0);
	assert_int_equal(r->an, 6);
	/* Payload below 512 counts as 512 (RFC 6891 6.2.5). */
	q_simple(&q, "big.example.com.", 16, DNS_CLASS_IN, 100);
	run(&q, r, false, NULL);
	assert_int_equal(r->flags & TC, TC);
	q_simple(&q, "www.example.com.", 1, DNS_CLASS_IN, 100);
	run(&q, r, false, NULL);
	assert_int_equal(r->flags & TC, 0);
	/* ~1.7 kB: the lesser of the client's 4096 and our 1232 wins. */
	q_simple(&q, "huge.example.com.", 16, DNS_CLASS_IN, 4096);
	run(&q, r, false, NULL);
	assert_int_equal(r->flags & TC, TC);
	conf.udp_payload = 4096;
	run(&q, r, false, NULL);
	assert_int_equal(r->flags & TC, 0);
	assert_int_equal(r->an, 8);
	assert_int_equal(r->opt_payload, 4096);
	q_simple(&q, "huge.example.com.", 16, DNS_CLASS_IN, 1400);
	run(&q, r, false, NULL);
	assert_int_equal(r->flags & TC, TC);
	assert_true(r->len <= 1400);
	/* Referral glue below the cut that does not fit: TC, and what fits
	 * stays (RFC 9471, as Knot). */
	q_simple(&q, "x.bigns.example.com.", 1, DNS_CLASS_IN, 512);
	run(&q, r, false, NULL);
	assert_int_equal(r->flags & (AA | TC), TC);
	assert_int_equal(r->ns, 8);
	assert_int_equal(r->ar, 15);	/* 7 A+AAAA pairs and the OPT */
	assert_true(r->len <= 512);
	q_simple(&q, "x.bigns.example.com.", 1, DNS_CLASS_IN, 1232);
	run(&q, r, false, NULL);
	assert_int_equal(r->flags & TC, 0);
	assert_int_equal(r->ar, 17);
	/* Optional additional data that does not fit: no TC. */
	q_simple(&q, "mxbig.example.com.", 15, DNS_CLASS_IN, -1);
	run(&q, r, false, NULL);
	assert_int_equal(r->flags & (AA | TC), AA);
	assert_int_equal(r->an, 8);
	assert_true(r->ar > 0 && r->ar < 16);
	assert_true(r->len <= 512);
	test_free(r);
}

static void
answer_edns(void **state)
{
	struct r *r = test_malloc(sizeof(*r));
	struct dns_stats st;
	const uint8_t *o;
	uint16_t olen;
	struct q q;

	(void)state;
	conf_default();
	memset(&st, 0, sizeof(st));
	q_simple(&q, "www.example.com.", 1, DNS_CLASS_IN, 4096);
	run(&q, r, false, &st);
	assert_true(r->opt);
	assert_int_equal(r->opt_payload, 1232);
	assert_int_equal(r->opt_ttl, 0);
	assert_int_equal(r->opt_len, 0);
	assert_int_equal(st.edns, 1);
	/* DO echoed. */
	q_header(&q, 0, 1, 0, 0, 1);
	q_name(&q, "www.example.com.");
	q_u16(&q, 1);
	q_u16(&q, 1);
	q_opt(&q, 1232, 0, DNS_EDNS_DO, NULL, 0);
	run(&q, r, false, NULL);
	assert_int_equal(r->opt_ttl, DNS_EDNS_DO);
	/* BADVERS: extended RCODE 16, our version 0, NSID still sent. */
	q_header(&q, DNS_FLAG_RD, 1, 0, 0, 1);
	q_name(&q, "www.example.com.");
	q_u16(&q, 1);
	q_u16(&q, 1);
	q_opt(&q, 1232, 1, 0, "\0\3\0\0", 4);
	run(&q, r, false, &st);
	assert_int_equal(r->rcode, DNS_RCODE_BADVERS);
	assert_int_equal(r->flags & 0xf, 0);
	assert_int_equal(r->flags & AA, 0);
	assert_int_equal(r->an, 0);
	assert_int_equal((r->opt_ttl >> 16) & 0xff, 0);
	assert_non_null(opt_find(r, DNS_EDNS_NSID, &olen));
	assert_int_equal(st.rcode[DNS_RCODE_BADVERS], 1);
	/* NSID: our identity, only when asked and enabled. */
	q_header(&q, 0, 1, 0, 0, 1);
	q_name(&q, "www.example.com.");
	q_u16(&q, 1);
	q_u16(&q, 1);
	q_opt(&q, 1232, 0, 0, "\0\3\0\0\xfd\xe9\0\3abc", 11);
	run(&q, r, false, &st);
	o = opt_find(r, DNS_EDNS_NSID, &olen);
	assert_non_null(o);
	assert_int_equal(olen, 6);
	assert_memory_equal(o, "node-1", 6);
	assert_null(opt_find(r, 65001, &olen));	/* unknown: ignored */
	assert_int_equal(r->an, 1);
	conf.nsid = false;
	run(&q, r, false, &st);
	assert_null(opt_find(r, DNS_EDNS_NSID, &olen));
	/* REFUSED outside our zones carries EDE 20 (as Knot). */
	q_simple(&q, "www.example.org.", 1, DNS_CLASS_IN, 1232);
	run(&q, r, false, NULL);
	assert_int_equal(r->rcode, DNS_RCODE_REFUSED);
	o = opt_find(r, DNS_EDNS_EDE, &olen);
	assert_non_null(o);
	assert_int_equal(olen, 2);
	assert_int_equal(g16(o), DNS_EDE_NOT_AUTH);
	/* A question-less OPT query gets FORMERR with the OPT. */
	q_header(&q, 0, 0, 0, 0, 1);
	q_opt(&q, 1232, 0, 0, NULL, 0);
	run(&q, r, false, NULL);
	assert_int_equal(r->rcode, DNS_RCODE_FORMERR);
	assert_true(r->opt);
	test_free(r);
}

static void
answer_cookies(void **state)
{
	static const uint8_t cc[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct r *r = test_malloc(sizeof(*r));
	struct sockaddr_in sin;
	uint8_t opt[4 + 40];
	const uint8_t *o;
	uint16_t olen;
	struct q q;

	(void)state;
	conf_default();
	conf.cookies = true;
	memset(conf.cookie_secret, 0x5a, sizeof(conf.cookie_secret));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(0xc0000263);	/* run()'s client */

	memcpy(opt, "\0\12\0\10", 4);
	memcpy(opt + 4, cc, 8);
	q_header(&q, 0, 1, 0, 0, 1);
	q_name(&q, "www.example.com.");
	q_u16(&q, 1);
	q_u16(&q, 1);
	q_opt(&q, 1232, 0, 0, opt, 12);
	run(&q, r, false, NULL);
	assert_int_equal(r->rcode, 0);
	o = opt_find(r, DNS_EDNS_COOKIE, &olen);
	assert_non_null(o);
	assert_int_equal(olen, 24);
	assert_memory_equal(o, cc, 8);
	assert_int_equal(o[8], 1);	/* RFC 9018 version */
	assert_true(dns_cookie_verify(conf.cookie_secret, o, 24,
	    (uint32_t)time(NULL), (const struct sockaddr *)&sin));
	/* Wrong secret, wrong client address, too old: invalid. */
	assert_false(dns_cookie_verify((const uint8_t *)"0123456789abcdef",
	    o, 24, (uint32_t)time(NULL), (const struct sockaddr *)&sin));
	sin.sin_addr.s_addr = htonl(0xc0000264);
	assert_false(dns_cookie_verify(conf.cookie_secret, o, 24,
	    (uint32_t)time(NULL), (const struct sockaddr *)&sin));
	sin.sin_addr.s_addr = htonl(0xc0000263);
	assert_false(dns_cookie_verify(conf.cookie_secret, o, 24,
	    (uint32_t)time(NULL) + 7200, (const struct sockaddr *)&sin));

	/* Client + server cookie: a normal answer with a fresh cookie. */
	memcpy(opt, "\0\12\0\30", 4);
	memcpy(opt + 4, o, 24);
	q_header(&q, 0, 1, 0, 0, 1);
	q_name(&q, "www.example.com.");
	q_u16(&q, 1);
	q_u16(&q, 1);
	q_opt(&q, 1232, 0, 0, opt, 28);
	run(&q, r, false, NULL);
	assert_int_equal(r->rcode, 0);
	assert_int_equal(r->an, 1);
	assert_non_null(opt_find(r, DNS_EDNS_COOKIE, &olen));

	/* RFC 7873 5.2.2: a malformed length is FORMERR. */
	memcpy(opt, "\0\12\0\7", 4);
	q_header(&q, 0, 1, 0, 0, 1);
	q_name(&q, "www.example.com.");
	q_u16(&q, 1);
	q_u16(&q, 1);
	q_opt(&q, 1232, 0, 0, opt, 11);
	run(&q, r, false, NULL);
	assert_int_equal(r->rcode, DNS_RCODE_FORMERR);

	/* RFC 7873 5.4: cookie only, no question: NOERROR and a cookie. */
	memcpy(opt, "\0\12\0\10", 4);
	memcpy(opt + 4, cc, 8);
	q_header(&q, 0, 0, 0, 0, 1);
	q_opt(&q, 1232, 0, 0, opt, 12);
	run(&q, r, false, NULL);
	assert_int_equal(r->rcode, 0);
	assert_int_equal(r->qd, 0);
	assert_non_null(opt_find(r, DNS_EDNS_COOKIE, &olen));

	/* Cookies off: the option is ignored, as by Knot by default. */
	conf.cookies = false;
	q_header(&q, 0, 1, 0, 0, 1);
	q_name(&q, "www.example.com.");
	q_u16(&q, 1);
	q_u16(&q, 1);
	q_opt(&q, 1232, 0, 0, opt, 12);
	run(&q, r, false, NULL);
	assert_null(opt_find(r, DNS_EDNS_COOKIE, &olen));
	test_free(r);
}

static void
siphash_vector(void **state)
{
	uint8_t key[16], msg[64];
	size_t i;

	(void)state;
	for (i = 0; i < 16; i++)
		key[i] = (uint8_t)i;
	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)i;
	/* The SipHash paper, appendix A: 15-octet message. */
	assert_true(siphash24(key, msg, 15) == 0xa129ca6149be45e5ULL);
	/* Reference vectors: empty and 8 octets. */
	assert_true(siphash24(key, msg, 0) == 0x726fdb47dd0e0e31ULL);
	assert_true(siphash24(key, msg, 8) == 0x93f5f5799a932462ULL);
}

static void
answer_stats(void **state)
{
	struct r *r = test_malloc(sizeof(*r));
	struct dns_stats st;
	struct q q;

	(void)state;
	conf_default();
	memset(&st, 0, sizeof(st));
	q_simple(&q, "www.example.com.", 1, DNS_CLASS_IN, -1);
	run(&q, r, false, &st);
	q_simple(&q, "nx.example.com.", 1, DNS_CLASS_IN, -1);
	run(&q, r, false, &st);
	q_header(&q, 0, 1, 0, 0, 1);
	q_name(&q, "www.example.com.");
	q_u16(&q, 1);
	q_u16(&q, 1);
	q_opt(&q, 1232, 0, 0, "\0\3\0\0", 4);
	run(&q, r, false, &st);
	assert_int_equal(st.queries, 3);
	assert_int_equal(st.responses, 3);
	assert_int_equal(st.rcode[0], 2);
	assert_int_equal(st.rcode[3], 1);
	assert_int_equal(st.edns, 1);
	assert_int_equal(st.nsid, 1);
	/* stats may be NULL */
	assert_true(run(&q, r, false, NULL) > 0);
	test_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(answer_lookup_table),
		cmocka_unit_test(answer_ttls_and_class),
		cmocka_unit_test(answer_chaos),
		cmocka_unit_test(answer_malformed),
		cmocka_unit_test(answer_compression),
		cmocka_unit_test(answer_truncation),
		cmocka_unit_test(answer_edns),
		cmocka_unit_test(answer_cookies),
		cmocka_unit_test(siphash_vector),
		cmocka_unit_test(answer_stats),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
