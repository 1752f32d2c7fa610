/* SPDX-License-Identifier: MIT */
/*
 * test_nsec3.c -- DNSSEC answers: NSEC3 hashing against the RFC 5155
 * Appendix A hashes, base32hex, the hash lookup, and every proof kind
 * through dns_answer() on two small signed zones modelled on RFC 5155
 * Appendix A (one with NSEC, one with NSEC3 and opt-out).  Signatures are
 * placeholders: an authoritative server never checks them.  The expected
 * NSEC3 owners were computed with ldns-nsec3-hash (salt aabbccdd, 12
 * iterations), independently of the code under test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "../../src/dns/answer.h"
#include "../../src/dns/name.h"
#include "../../src/dns/nsec3.h"
#include "../../src/dns/rdata.h"
#include "../../src/dns/zone.h"

static const uint8_t salt[] = { 0xaa, 0xbb, 0xcc, 0xdd };

/* RFC 5155 Appendix A: H(name) with salt aabbccdd, 12 iterations. */
static const struct {
	const char	*name;
	const char	*hash;
} vectors[] = {
	{ "example.", "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom" },
	{ "a.example.", "35mthgpgcu1qg68fab165klnsnk3dpvl" },
	{ "ai.example.", "gjeqe526plbf1g8mklp59enfd789njgi" },
	{ "ns1.example.", "2t7b4g4vsa5smi47k61mv5bv1a22bojr" },
	{ "ns2.example.", "q04jkcevqvmu85r014c7dkba38o0ji5r" },
	{ "w.example.", "k8udemvp1j2f7eg6jebps17vp3n8i58h" },
	{ "*.w.example.", "r53bq7cc2uvmubfu5ocmm6pers9tk9en" },
	{ "x.w.example.", "b4um86eghhds6nea196smvmlo4ors995" },
	{ "y.w.example.", "ji6neoaepv8b5o6k4ev33abha8ht9fgc" },
	{ "x.y.w.example.", "2vptu5timamqttgl4luu9kg21e0aor3s" },
	{ "xx.example.", "t644ebqk9bibcna874givr6joj62mlhv" },
	{ "2t7b4g4vsa5smi47k61mv5bv1a22bojr.example.",
	  "kohar7mbb8dc2ce8a9qvl8hon4k53uhi" },
	/* case does not matter: the name is hashed lowercased */
	{ "X.W.Example.", "b4um86eghhds6nea196smvmlo4ors995" },
};

static void
nsec3_hash_vectors(void **state)
{
	uint8_t name[DNS_NAME_MAX], h[DNS_NSEC3_HASH_LEN], back[32];
	char text[DNS_NSEC3_B32_LEN + 1];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		assert_true(dns_name_from_text(name, vectors[i].name,
		    strlen(vectors[i].name), NULL) > 0);
		dns_name_lower(name);
		dns_nsec3_hash(name, salt, sizeof(salt), 12, h);
		assert_int_equal(dns_base32hex_encode(h, sizeof(h), text), 32);
		text[32] = '\0';
		assert_string_equal(text, vectors[i].hash);
		/* and back, in either case */
		assert_int_equal(dns_base32hex_decode((const uint8_t *)
		    vectors[i].hash, 32, back, sizeof(back)), 20);
		assert_memory_equal(back, h, 20);
	}
}

static void
nsec3_base32hex(void **state)
{
	uint8_t out[32];

	(void)state;
	/* RFC 4648 10 test vectors, lowercased, padding dropped. */
	assert_int_equal(dns_base32hex_decode((const uint8_t *)"co", 2, out,
	    sizeof(out)), 1);
	assert_int_equal(out[0], 'f');
	assert_int_equal(dns_base32hex_decode((const uint8_t *)"CPNMUOG", 7,
	    out, sizeof(out)), 4);
	assert_memory_equal(out, "foob", 4);
	assert_int_equal(dns_base32hex_decode((const uint8_t *)"cpnmuoj1", 8,
	    out, sizeof(out)), 5);
	assert_memory_equal(out, "fooba", 5);
	/* outside the alphabet, impossible lengths, non-zero tail bits */
	assert_int_equal(dns_base32hex_decode((const uint8_t *)"cw", 2, out,
	    sizeof(out)), -1);
	assert_int_equal(dns_base32hex_decode((const uint8_t *)"c", 1, out,
	    sizeof(out)), -1);
	assert_int_equal(dns_base32hex_decode((const uint8_t *)"cpn", 3, out,
	    sizeof(out)), -1);
	assert_int_equal(dns_base32hex_decode((const uint8_t *)"cp", 2, out,
	    sizeof(out)), -1);
	assert_int_equal(dns_base32hex_decode((const uint8_t *)"cpnmuoj1", 8,
	    out, 4), -1);
}

static void
nsec3_find_wraps(void **state)
{
	uint8_t hashes[3][DNS_NSEC3_HASH_LEN], h[DNS_NSEC3_HASH_LEN];
	struct dns_nsec3_chain ch;
	size_t idx;

	(void)state;
	memset(hashes, 0, sizeof(hashes));
	hashes[0][0] = 0x10;
	hashes[1][0] = 0x20;
	hashes[2][0] = 0x30;
	memset(&ch, 0, sizeof(ch));
	ch.hash = hashes;
	ch.n = 3;
	memset(h, 0, sizeof(h));
	h[0] = 0x20;
	assert_true(dns_nsec3_find(&ch, h, &idx));
	assert_int_equal(idx, 1);
	h[1] = 1;		/* just after 0x20...: covered by it */
	assert_false(dns_nsec3_find(&ch, h, &idx));
	assert_int_equal(idx, 1);
	h[0] = 0x05;		/* before the first: the last covers it */
	assert_false(dns_nsec3_find(&ch, h, &idx));
	assert_int_equal(idx, 2);
	h[0] = 0xf0;		/* after the last: the last covers it */
	assert_false(dns_nsec3_find(&ch, h, &idx));
	assert_int_equal(idx, 2);
}

/* A placeholder signature: ECDSA P-256 sized, 64 octets. */
#define SIGB64 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKiss" \
	"LS4vMDEyMzQ1Njc4OTo7PD0+Pw=="
#define SIG(type, labels, ttl) " RRSIG " type " 13 " labels " " ttl \
	" 20300101000000 20200101000000 4242 example. " SIGB64 "\n"

#define APEX_DATA \
	"$ORIGIN example.\n" \
	"$TTL 3600\n" \
	"@ 3600 SOA ns1 hm 1 7200 3600 1209600 300\n" \
	"@" SIG("SOA", "1", "3600") \
	"@ NS ns1\n" \
	"@" SIG("NS", "1", "3600") \
	"@ DNSKEY 257 3 13 " SIGB64 "\n" \
	"@" SIG("DNSKEY", "1", "3600") \
	"a NS ns1.a\n" \
	"a DS 4242 13 2 " \
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n" \
	"a" SIG("DS", "2", "3600") \
	"ns1.a A 192.0.2.5\n" \
	"ai A 192.0.2.9\n" \
	"ai" SIG("A", "2", "3600") \
	"c NS ns1.c\n" \
	"ns1.c A 192.0.2.7\n" \
	"ns1 A 192.0.2.1\n" \
	"ns1" SIG("A", "2", "3600") \
	"*.w MX 1 ai\n" \
	"*.w" SIG("MX", "2", "3600") \
	"x.w MX 1 ai\n" \
	"x.w" SIG("MX", "3", "3600") \
	"x.y.w MX 1 ai\n" \
	"x.y.w" SIG("MX", "4", "3600") \
	"xx A 192.0.2.10\n" \
	"xx" SIG("A", "2", "3600") \
	"xx RRSIG A 8 2 3600 20300101000000 20200101000000 4243 example. " \
	SIGB64 "\n" \
	"xx" SIG("NS", "2", "3600")

/* The NSEC chain, in canonical order; y.w is an empty non-terminal. */
static const char nsec_zone[] = APEX_DATA
	"@ 300 NSEC a NS SOA RRSIG NSEC DNSKEY\n"
	"@" SIG("NSEC", "1", "300")
	"a 300 NSEC ai NS DS RRSIG NSEC\n"
	"a" SIG("NSEC", "2", "300")
	"ai 300 NSEC c A RRSIG NSEC\n"
	"ai" SIG("NSEC", "2", "300")
	"c 300 NSEC m NS RRSIG NSEC\n"
	"c" SIG("NSEC", "2", "300")
	/* a name that owns nothing but its NSEC */
	"m 300 NSEC ns1 RRSIG NSEC\n"
	"m" SIG("NSEC", "2", "300")
	"ns1 300 NSEC *.w A RRSIG NSEC\n"
	"ns1" SIG("NSEC", "2", "300")
	"*.w 300 NSEC x.w MX RRSIG NSEC\n"
	"*.w" SIG("NSEC", "2", "300")
	"x.w 300 NSEC x.y.w MX RRSIG NSEC\n"
	"x.w" SIG("NSEC", "3", "300")
	"x.y.w 300 NSEC xx MX RRSIG NSEC\n"
	"x.y.w" SIG("NSEC", "4", "300")
	"xx 300 NSEC @ A RRSIG NSEC\n"
	"xx" SIG("NSEC", "2", "300");

#define N3(hash, next, types) \
	hash " 300 NSEC3 1 1 12 aabbccdd " next " " types "\n" hash \
	SIG("NSEC3", "2", "300")

/*
 * RFC 5155 Appendix A's names and hashes: opt-out, so the insecure
 * delegation c has no NSEC3 (w is its ENT-free parent of *.w, x.w; y.w is
 * an empty non-terminal with one).
 */
static const char nsec3_zone[] = APEX_DATA
	/* q: an empty non-terminal only above an opt-out delegation */
	"d.q NS ns.example.net.\n"
	"@ 300 NSEC3PARAM 1 0 12 aabbccdd\n"
	"@" SIG("NSEC3PARAM", "1", "300")
	N3("0p9mhaveqvm6t7vbl5lop2u3t2rp3tom",
	    "2t7b4g4vsa5smi47k61mv5bv1a22bojr",
	    "NS SOA RRSIG DNSKEY NSEC3PARAM")
	N3("2t7b4g4vsa5smi47k61mv5bv1a22bojr",
	    "2vptu5timamqttgl4luu9kg21e0aor3s", "A RRSIG")
	N3("2vptu5timamqttgl4luu9kg21e0aor3s",
	    "35mthgpgcu1qg68fab165klnsnk3dpvl", "MX RRSIG")
	N3("35mthgpgcu1qg68fab165klnsnk3dpvl",
	    "b4um86eghhds6nea196smvmlo4ors995", "NS DS RRSIG")
	N3("b4um86eghhds6nea196smvmlo4ors995",
	    "gjeqe526plbf1g8mklp59enfd789njgi", "MX RRSIG")
	N3("gjeqe526plbf1g8mklp59enfd789njgi",
	    "ji6neoaepv8b5o6k4ev33abha8ht9fgc", "A RRSIG")
	N3("ji6neoaepv8b5o6k4ev33abha8ht9fgc",
	    "k8udemvp1j2f7eg6jebps17vp3n8i58h", "")
	N3("k8udemvp1j2f7eg6jebps17vp3n8i58h",
	    "r53bq7cc2uvmubfu5ocmm6pers9tk9en", "")
	N3("r53bq7cc2uvmubfu5ocmm6pers9tk9en",
	    "t644ebqk9bibcna874givr6joj62mlhv", "MX RRSIG")
	N3("t644ebqk9bibcna874givr6joj62mlhv",
	    "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom", "A RRSIG");

static struct dns_db *db_nsec, *db_nsec3;
static struct dns_answer_conf conf;

static struct dns_db *
db_of(const char *text, size_t len)
{
	struct dns_zone_report rep;
	struct dns_zone *z;
	struct dns_db *db = dns_db_new();

	memset(&rep, 0, sizeof(rep));
	z = dns_zone_load_text((const uint8_t *)"\7example", text, len,
	    "t.zone", &rep);
	if (z == NULL || dns_db_add_zone(db, z) != 0 || rep.errors) {
		dns_zone_free(z);
		dns_db_free(db);
		return NULL;
	}
	return db;
}

static int
setup(void **state)
{
	(void)state;
	memset(&conf, 0, sizeof(conf));
	conf.identity = "t";
	db_nsec = db_of(nsec_zone, sizeof(nsec_zone) - 1);
	db_nsec3 = db_of(nsec3_zone, sizeof(nsec3_zone) - 1);
	return db_nsec != NULL && db_nsec3 != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	dns_db_free(db_nsec);
	dns_db_free(db_nsec3);
	return 0;
}

/* A response, each section as "owner TYPE[/covered], ..." in order. */
struct resp {
	uint16_t	 flags;
	unsigned	 rcode;
	bool		 opt_do;
	char		 sect[3][2048];
};

static uint16_t
g16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void
ask(struct dns_db *db, const char *qname, uint16_t qtype, uint16_t flags,
    bool dnssec, uint16_t payload, bool tcp, struct resp *r)
{
	uint8_t q[512], b[65535], name[DNS_NAME_MAX];
	struct sockaddr_in sin;
	struct dns_client cl;
	size_t len = 12, off = 12, n;
	unsigned i, total, an, ns;
	int k;

	memset(q, 0, 12);
	q[0] = 0x12;
	q[2] = (uint8_t)(flags >> 8);
	q[3] = (uint8_t)flags;
	q[5] = 1;
	q[11] = 1;
	k = dns_name_from_text(q + len, qname, strlen(qname), NULL);
	assert_true(k > 0);
	len += (size_t)k;
	q[len++] = (uint8_t)(qtype >> 8);
	q[len++] = (uint8_t)qtype;
	q[len++] = 0;
	q[len++] = 1;
	/* OPT: payload, DO */
	q[len++] = 0;
	q[len++] = 0;
	q[len++] = 41;
	q[len++] = (uint8_t)(payload >> 8);
	q[len++] = (uint8_t)payload;
	q[len++] = 0;
	q[len++] = 0;
	q[len++] = dnssec ? 0x80 : 0;
	q[len++] = 0;
	q[len++] = 0;
	q[len++] = 0;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	cl.addr = (const struct sockaddr *)&sin;
	cl.addrlen = sizeof(sin);
	cl.tcp = tcp;
	n = dns_answer(db, &conf, &cl, q, len, b, tcp ? sizeof(b) : 4096,
	    NULL);
	assert_true(n >= 12);
	memset(r, 0, sizeof(*r));
	r->flags = g16(b + 2);
	r->rcode = r->flags & 0xf;
	an = g16(b + 6);
	ns = g16(b + 8);
	total = an + ns + g16(b + 10);
	assert_true(dns_name_unpack(b, n, &off, name) > 0);
	off += 4;
	for (i = 0; i < total; i++) {
		char owner[DNS_NAME_MAX * 4], tb[16], tc[16], item[1100];
		uint16_t type, rdlen;
		char *s;

		assert_true(dns_name_unpack(b, n, &off, name) > 0);
		assert_true(off + 10 <= n);
		type = g16(b + off);
		rdlen = g16(b + off + 8);
		assert_true(off + 10 + rdlen <= n);
		if (type == DNS_TYPE_OPT) {
			r->opt_do = (b[off + 6] & 0x80) != 0;
			off += 10u + rdlen;
			continue;
		}
		dns_name_to_text(name, owner, sizeof(owner));
		dns_rrtype_to_text(type, tb, sizeof(tb));
		if (type == DNS_TYPE_RRSIG)
			snprintf(item, sizeof(item), "%s %s/%s", owner, tb,
			    dns_rrtype_to_text(g16(b + off + 10), tc,
			    sizeof(tc)));
		else
			snprintf(item, sizeof(item), "%s %s", owner, tb);
		s = r->sect[i < an ? 0 : i < an + ns ? 1 : 2];
		if (s[0] != '\0')
			strcat(s, ", ");
		strcat(s, item);
		off += 10u + rdlen;
	}
	assert_int_equal(off, n);
}

#define DO	true
#define NODO	false

static const struct pcase {
	const char	*qname;
	uint16_t	 qtype;
	unsigned	 rcode;
	const char	*an, *ns, *ar;
} nsec_cases[] = {
	/* positive: the RRset and its RRSIG */
	{ "ai.example.", DNS_TYPE_A, 0, "ai.example. A, ai.example. RRSIG/A",
	  "", "" },
	/* NXDOMAIN: the NSEC covering the name, the one covering *.example */
	{ "nx.example.", DNS_TYPE_A, 3, "",
	  "example. SOA, example. RRSIG/SOA, ns1.example. NSEC, "
	  "ns1.example. RRSIG/NSEC, example. NSEC, example. RRSIG/NSEC", "" },
	/* past the last name: the chain wraps to the apex */
	{ "zz.example.", DNS_TYPE_A, 3, "",
	  "example. SOA, example. RRSIG/SOA, xx.example. NSEC, "
	  "xx.example. RRSIG/NSEC, example. NSEC, example. RRSIG/NSEC", "" },
	/* below an existing name: the wildcard *.x.w covered by x.w */
	{ "q.x.w.example.", DNS_TYPE_A, 3, "",
	  "example. SOA, example. RRSIG/SOA, x.w.example. NSEC, "
	  "x.w.example. RRSIG/NSEC", "" },
	/* a name owning only an NSEC exists: NODATA, and below it NXDOMAIN */
	{ "m.example.", DNS_TYPE_A, 0, "",
	  "example. SOA, example. RRSIG/SOA, m.example. NSEC, "
	  "m.example. RRSIG/NSEC", "" },
	{ "x.m.example.", DNS_TYPE_A, 3, "",
	  "example. SOA, example. RRSIG/SOA, m.example. NSEC, "
	  "m.example. RRSIG/NSEC", "" },
	/* NODATA: the name's own NSEC */
	{ "ai.example.", DNS_TYPE_MX, 0, "",
	  "example. SOA, example. RRSIG/SOA, ai.example. NSEC, "
	  "ai.example. RRSIG/NSEC", "" },
	/* empty non-terminal: the NSEC covering it */
	{ "y.w.example.", DNS_TYPE_A, 0, "",
	  "example. SOA, example. RRSIG/SOA, x.w.example. NSEC, "
	  "x.w.example. RRSIG/NSEC", "" },
	/* wildcard answer: expanded, and the NSEC proving q.w is not there */
	{ "q.w.example.", DNS_TYPE_MX, 0,
	  "q.w.example. MX, q.w.example. RRSIG/MX",
	  "*.w.example. NSEC, *.w.example. RRSIG/NSEC",
	  "ai.example. A, ai.example. RRSIG/A" },
	/* wildcard NODATA: the wildcard's NSEC (it also covers q.w) */
	{ "q.w.example.", DNS_TYPE_A, 0, "",
	  "example. SOA, example. RRSIG/SOA, *.w.example. NSEC, "
	  "*.w.example. RRSIG/NSEC", "" },
	/* referral to a signed child: DS and its RRSIG */
	{ "www.a.example.", DNS_TYPE_A, 0, "",
	  "a.example. NS, a.example. DS, a.example. RRSIG/DS",
	  "ns1.a.example. A" },
	/* referral to an unsigned child: the NSEC proving no DS */
	{ "www.c.example.", DNS_TYPE_A, 0, "",
	  "c.example. NS, c.example. NSEC, c.example. RRSIG/NSEC",
	  "ns1.c.example. A" },
	/* DS from the parent side */
	{ "a.example.", DNS_TYPE_DS, 0, "a.example. DS, a.example. RRSIG/DS",
	  "", "" },
	{ "c.example.", DNS_TYPE_DS, 0, "",
	  "example. SOA, example. RRSIG/SOA, c.example. NSEC, "
	  "c.example. RRSIG/NSEC", "" },
	/* RRSIG query: those covering the lowest type (as Knot) */
	{ "ai.example.", DNS_TYPE_RRSIG, 0, "ai.example. RRSIG/A", "", "" },
	/* every key's RRSIG of the lowest type, not the others */
	{ "xx.example.", DNS_TYPE_RRSIG, 0,
	  "xx.example. RRSIG/A, xx.example. RRSIG/A", "", "" },
	{ "xx.example.", DNS_TYPE_A, 0,
	  "xx.example. A, xx.example. RRSIG/A, xx.example. RRSIG/A", "", "" },
};

static const struct pcase nsec3_cases[] = {
	{ "ai.example.", DNS_TYPE_A, 0, "ai.example. A, ai.example. RRSIG/A",
	  "", "" },
	/*
	 * RFC 5155 B.1: closest encloser x.w (b4um..), next closer c.x.w
	 * (0va5.. covered by 0p9m..), wildcard *.x.w (92pq.. covered by
	 * 35mt..).
	 */
	{ "a.c.x.w.example.", DNS_TYPE_A, 3, "",
	  "example. SOA, example. RRSIG/SOA, "
	  "b4um86eghhds6nea196smvmlo4ors995.example. NSEC3, "
	  "b4um86eghhds6nea196smvmlo4ors995.example. RRSIG/NSEC3, "
	  "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. NSEC3, "
	  "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. RRSIG/NSEC3, "
	  "35mthgpgcu1qg68fab165klnsnk3dpvl.example. NSEC3, "
	  "35mthgpgcu1qg68fab165klnsnk3dpvl.example. RRSIG/NSEC3", "" },
	/* B.2: NODATA, the matching NSEC3 */
	{ "ns1.example.", DNS_TYPE_MX, 0, "",
	  "example. SOA, example. RRSIG/SOA, "
	  "2t7b4g4vsa5smi47k61mv5bv1a22bojr.example. NSEC3, "
	  "2t7b4g4vsa5smi47k61mv5bv1a22bojr.example. RRSIG/NSEC3", "" },
	/* B.2.1: NODATA at an empty non-terminal */
	{ "y.w.example.", DNS_TYPE_A, 0, "",
	  "example. SOA, example. RRSIG/SOA, "
	  "ji6neoaepv8b5o6k4ev33abha8ht9fgc.example. NSEC3, "
	  "ji6neoaepv8b5o6k4ev33abha8ht9fgc.example. RRSIG/NSEC3", "" },
	/*
	 * B.3: referral to the opt-out unsigned c: the closest provable
	 * encloser example. and the opt-out NSEC3 covering c (4g6p..).
	 */
	{ "mc.c.example.", DNS_TYPE_MX, 0, "",
	  "c.example. NS, "
	  "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. NSEC3, "
	  "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. RRSIG/NSEC3, "
	  "35mthgpgcu1qg68fab165klnsnk3dpvl.example. NSEC3, "
	  "35mthgpgcu1qg68fab165klnsnk3dpvl.example. RRSIG/NSEC3",
	  "ns1.c.example. A" },
	/* the same proof for its DS (7.2.4) */
	{ "c.example.", DNS_TYPE_DS, 0, "",
	  "example. SOA, example. RRSIG/SOA, "
	  "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. NSEC3, "
	  "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. RRSIG/NSEC3, "
	  "35mthgpgcu1qg68fab165klnsnk3dpvl.example. NSEC3, "
	  "35mthgpgcu1qg68fab165klnsnk3dpvl.example. RRSIG/NSEC3", "" },
	/*
	 * An ENT with no NSEC3 of its own (only opt-out delegations below):
	 * NODATA by the closest provable encloser proof, example. matching
	 * and q (7akv..) covered by 35mt..; the same for the DS of d.q
	 * (7s5c.., no NSEC3) and in its referral.
	 */
	{ "q.example.", DNS_TYPE_A, 0, "",
	  "example. SOA, example. RRSIG/SOA, "
	  "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. NSEC3, "
	  "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. RRSIG/NSEC3, "
	  "35mthgpgcu1qg68fab165klnsnk3dpvl.example. NSEC3, "
	  "35mthgpgcu1qg68fab165klnsnk3dpvl.example. RRSIG/NSEC3", "" },
	{ "d.q.example.", DNS_TYPE_DS, 0, "",
	  "example. SOA, example. RRSIG/SOA, "
	  "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. NSEC3, "
	  "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. RRSIG/NSEC3, "
	  "35mthgpgcu1qg68fab165klnsnk3dpvl.example. NSEC3, "
	  "35mthgpgcu1qg68fab165klnsnk3dpvl.example. RRSIG/NSEC3", "" },
	{ "www.d.q.example.", DNS_TYPE_A, 0, "",
	  "d.q.example. NS, "
	  "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. NSEC3, "
	  "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. RRSIG/NSEC3, "
	  "35mthgpgcu1qg68fab165klnsnk3dpvl.example. NSEC3, "
	  "35mthgpgcu1qg68fab165klnsnk3dpvl.example. RRSIG/NSEC3", "" },
	/* B.4: wildcard answer, next closer z.w (qlu7..) covered by k8ud.. */
	{ "a.z.w.example.", DNS_TYPE_MX, 0,
	  "a.z.w.example. MX, a.z.w.example. RRSIG/MX",
	  "k8udemvp1j2f7eg6jebps17vp3n8i58h.example. NSEC3, "
	  "k8udemvp1j2f7eg6jebps17vp3n8i58h.example. RRSIG/NSEC3",
	  "ai.example. A, ai.example. RRSIG/A" },
	/* B.5: wildcard NODATA: w matches, covers z.w, *.w matches */
	{ "a.z.w.example.", DNS_TYPE_AAAA, 0, "",
	  "example. SOA, example. RRSIG/SOA, "
	  "k8udemvp1j2f7eg6jebps17vp3n8i58h.example. NSEC3, "
	  "k8udemvp1j2f7eg6jebps17vp3n8i58h.example. RRSIG/NSEC3, "
	  "r53bq7cc2uvmubfu5ocmm6pers9tk9en.example. NSEC3, "
	  "r53bq7cc2uvmubfu5ocmm6pers9tk9en.example. RRSIG/NSEC3", "" },
	/* B.6: DS at the apex, NODATA */
	{ "example.", DNS_TYPE_DS, 0, "",
	  "example. SOA, example. RRSIG/SOA, "
	  "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. NSEC3, "
	  "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. RRSIG/NSEC3", "" },
	{ "www.a.example.", DNS_TYPE_A, 0, "",
	  "a.example. NS, a.example. DS, a.example. RRSIG/DS",
	  "ns1.a.example. A" },
	/*
	 * An NSEC3 owner is no name of the zone (as Knot): NXDOMAIN, ce the
	 * apex, next closer its own hash (kohar.. covered by k8ud..),
	 * *.example (jhsv.. covered by gjeq..).
	 */
	{ "2t7b4g4vsa5smi47k61mv5bv1a22bojr.example.", DNS_TYPE_NSEC3, 3, "",
	  "example. SOA, example. RRSIG/SOA, "
	  "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. NSEC3, "
	  "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. RRSIG/NSEC3, "
	  "k8udemvp1j2f7eg6jebps17vp3n8i58h.example. NSEC3, "
	  "k8udemvp1j2f7eg6jebps17vp3n8i58h.example. RRSIG/NSEC3, "
	  "gjeqe526plbf1g8mklp59enfd789njgi.example. NSEC3, "
	  "gjeqe526plbf1g8mklp59enfd789njgi.example. RRSIG/NSEC3", "" },
};

static void
run_cases(struct dns_db *db, const struct pcase *cases, size_t n)
{
	struct resp r;
	size_t i;

	for (i = 0; i < n; i++) {
		ask(db, cases[i].qname, cases[i].qtype, 0, DO, 4096, false,
		    &r);
		assert_int_equal(r.rcode, cases[i].rcode);
		assert_true(r.opt_do);
		assert_string_equal(r.sect[0], cases[i].an);
		assert_string_equal(r.sect[1], cases[i].ns);
		assert_string_equal(r.sect[2], cases[i].ar);
	}
}

static void
proofs_nsec(void **state)
{
	(void)state;
	run_cases(db_nsec, nsec_cases, sizeof(nsec_cases) /
	    sizeof(nsec_cases[0]));
}

static void
proofs_nsec3(void **state)
{
	(void)state;
	run_cases(db_nsec3, nsec3_cases, sizeof(nsec3_cases) /
	    sizeof(nsec3_cases[0]));
}

/* Without DO: no RRSIG, no proof; an RRSIG query is still answered. */
static void
without_do(void **state)
{
	struct resp r;

	(void)state;
	ask(db_nsec, "ai.example.", DNS_TYPE_A, 0, NODO, 4096, false, &r);
	assert_string_equal(r.sect[0], "ai.example. A");
	assert_false(r.opt_do);
	ask(db_nsec3, "nx.example.", DNS_TYPE_A, 0, NODO, 4096, false, &r);
	assert_int_equal(r.rcode, 3);
	assert_string_equal(r.sect[1], "example. SOA");
	ask(db_nsec, "www.a.example.", DNS_TYPE_A, 0, NODO, 4096, false, &r);
	assert_string_equal(r.sect[1], "a.example. NS");
	ask(db_nsec, "ai.example.", DNS_TYPE_RRSIG, 0, NODO, 4096, false, &r);
	assert_string_equal(r.sect[0], "ai.example. RRSIG/A");
}

/* RFC 4035 3.1.6, as Knot: AD never set, CD not copied back. */
static void
ad_cd_bits(void **state)
{
	struct resp r;

	(void)state;
	ask(db_nsec, "ai.example.", DNS_TYPE_A, DNS_FLAG_AD | DNS_FLAG_CD, DO,
	    4096, false, &r);
	assert_int_equal(r.flags & (DNS_FLAG_AD | DNS_FLAG_CD), 0);
	assert_string_equal(r.sect[0], "ai.example. A, ai.example. RRSIG/A");
}

/* A proof that does not fit sets TC and goes whole, never in part. */
static void
truncated_proof(void **state)
{
	struct resp r;

	(void)state;
	ask(db_nsec3, "a.c.x.w.example.", DNS_TYPE_A, 0, DO, 512, false, &r);
	assert_int_equal(r.rcode, 3);
	assert_true(r.flags & DNS_FLAG_TC);
	assert_string_equal(r.sect[0], "");
	assert_string_equal(r.sect[1], "");
	assert_true(r.opt_do);
	ask(db_nsec3, "a.c.x.w.example.", DNS_TYPE_A, 0, DO, 512, true, &r);
	assert_false(r.flags & DNS_FLAG_TC);
	assert_string_equal(r.sect[1], nsec3_cases[1].ns);
	/* the same without DO fits */
	ask(db_nsec3, "a.c.x.w.example.", DNS_TYPE_A, 0, NODO, 512, false,
	    &r);
	assert_false(r.flags & DNS_FLAG_TC);
}

/* An unsigned zone answers DO queries without DNSSEC records (Knot). */
static void
unsigned_zone(void **state)
{
	static const char text[] =
	    "$TTL 60\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n"
	    "d NS ns.d\nd DS 1 13 2 00\nns.d A 192.0.2.2\n"
	    "ns RRSIG A 13 2 60 20300101000000 20200101000000 1 example. "
	    SIGB64 "\n";
	struct dns_db *db = db_of(text, sizeof(text) - 1);
	struct resp r;

	(void)state;
	assert_non_null(db);
	ask(db, "x.d.example.", DNS_TYPE_A, 0, DO, 4096, false, &r);
	assert_string_equal(r.sect[1], "d.example. NS");
	ask(db, "ns.example.", DNS_TYPE_A, 0, DO, 4096, false, &r);
	assert_string_equal(r.sect[0], "ns.example. A");
	assert_true(r.opt_do);
	dns_db_free(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nsec3_hash_vectors),
		cmocka_unit_test(nsec3_base32hex),
		cmocka_unit_test(nsec3_find_wraps),
		cmocka_unit_test(proofs_nsec),
		cmocka_unit_test(proofs_nsec3),
		cmocka_unit_test(without_do),
		cmocka_unit_test(ad_cd_bits),
		cmocka_unit_test(truncated_proof),
		cmocka_unit_test(unsigned_zone),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
