/* SPDX-License-Identifier: MIT */
/*
 * dnssec_check.c -- the load-time DNSSEC checks of a built zone: RRSIGs
 * for every authoritative RRset of a zone with a DNSKEY at its apex
 * (RFC 4035 2.2), the NSEC chain (RFC 4034 4.1, RFC 4035 2.3) or the NSEC3
 * chain and its parameters (RFC 5155 7.1), signature validity times, and
 * the earliest expiration, which the zone keeps for status, metrics and
 * the withdrawal rule.  Signatures are not verified (that is the
 * resolver's job, and t-unbound.sh's); what is checked is what a signer
 * or a hand edit can leave broken.  Messages of one kind stop after
 * DNS_DNSSEC_MSG_MAX, then one line counts the rest, so a zone of a
 * million unsigned names does not flood the log.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "../common/mem.h"
#include "dnssec_check.h"
#include "name.h"
#include "rdata.h"
#include "zone.h"
#include "ztext.h"

#define HASH_LEN	20	/* SHA-1, the only NSEC3 hash (RFC 5155 11) */
#define TYPES_MAX	512	/* types looked at per node */

enum kind {
	K_UNSIGNED,
	K_CHAIN,
	K_EXPIRED,
	K_TIMES,
	K_KEYS,
	K_COUNT
};

static const char *const kind_text[K_COUNT] = {
	[K_UNSIGNED] = "RRsets without an RRSIG",
	[K_CHAIN] = "NSEC/NSEC3 chain problems",
	[K_EXPIRED] = "expired RRSIGs",
	[K_TIMES] = "RRSIGs not valid yet or signed by another zone",
	[K_KEYS] = "RRSIGs by keys not in the DNSKEY RRset",
};

#define KEYS_MAX	32	/* apex DNSKEYs whose tags are kept */

struct ctx {
	struct dns_zone			*z;
	int64_t				 now;
	const struct dns_dnssec_sink	*sink;
	struct dns_dnssec_result	*res;
	unsigned			 count[K_COUNT];
	uint32_t			 keys[KEYS_MAX];	/* alg << 16 | tag */
	size_t				 nkeys;
};

/* One NSEC3 of the chain, its owner hash decoded. */
struct n3 {
	uint8_t		 hash[HASH_LEN];
	uint8_t		 next[HASH_LEN];
	uint32_t	 node;
	const uint8_t	*bitmap;
	size_t		 bitmap_len;
	bool		 used;
};

struct n3params {
	uint8_t		 alg;
	uint16_t	 iterations;
	uint8_t		 salt_len;
	const uint8_t	*salt;
};

static void
say(struct ctx *c, enum kind k, uint32_t node, uint16_t type,
    uint16_t covered, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static void
say(struct ctx *c, enum kind k, uint32_t node, uint16_t type,
    uint16_t covered, const char *fmt, ...)
{
	char text[DNS_NAME_MAX * 8 + 256];
	va_list ap;

	if (c->count[k]++ >= DNS_DNSSEC_MSG_MAX)
		return;
	c->res->warnings++;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (c->sink != NULL && c->sink->msg != NULL)
		c->sink->msg(c->sink->arg, node, type, covered, text);
}

static void
say_rest(struct ctx *c)
{
	char text[128];
	unsigned k;

	for (k = 0; k < K_COUNT; k++) {
		if (c->count[k] <= DNS_DNSSEC_MSG_MAX)
			continue;
		c->res->warnings++;
		snprintf(text, sizeof(text), "and %u more %s",
		    c->count[k] - DNS_DNSSEC_MSG_MAX, kind_text[k]);
		if (c->sink != NULL && c->sink->msg != NULL)
			c->sink->msg(c->sink->arg, 0, 0, 0, text);
	}
}

static const char *
node_text(const struct dns_zone *z, uint32_t node, char *buf, size_t cap)
{
	if (dns_name_to_text(dns_node_name(z, &z->nodes[node]), buf, cap) < 0)
		snprintf(buf, cap, "(name)");
	return buf;
}

static const char *
type_text(uint16_t type, char *buf, size_t cap)
{
	return dns_rrtype_to_text(type, buf, cap);
}

const char *
dns_dnssec_time_text(int64_t t, char *buf, size_t cap)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, cap, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(buf, cap, "%lld", (long long)t);
	return buf;
}

static const char *
span_text(int64_t s, char *buf, size_t cap)
{
	if (s < 0)
		s = -s;
	if (s >= 86400)
		snprintf(buf, cap, "%lldd %lldh", (long long)(s / 86400),
		    (long long)(s % 86400 / 3600));
	else if (s >= 3600)
		snprintf(buf, cap, "%lldh %lldm", (long long)(s / 3600),
		    (long long)(s % 3600 / 60));
	else
		snprintf(buf, cap, "%llds", (long long)s);
	return buf;
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* The first RDATA of rs (its length in *len), or NULL if it has none. */
static const uint8_t *
first_rdata(const struct dns_zone *z, const struct dns_rrset *rs, size_t *len)
{
	const uint8_t *p = z->rdata + rs->off;

	if (rs->count == 0)
		return NULL;
	*len = (size_t)p[0] << 8 | p[1];
	return p + 2;
}

/* Steps *p through the RDATAs of an RRset: (u16 length, octets). */
static const uint8_t *
next_rdata(const uint8_t **p, size_t *len)
{
	const uint8_t *rd = *p + 2;

	*len = (size_t)(*p)[0] << 8 | (*p)[1];
	*p = rd + *len;
	return rd;
}

static int
u16_cmp(const void *a, const void *b)
{
	uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;

	return (x > y) - (x < y);
}

/* The node's types, sorted, each once (RRSIGs may be several RRsets). */
static size_t
node_types(const struct dns_zone *z, const struct dns_node *n,
    uint16_t out[TYPES_MAX])
{
	size_t i, k = 0, m = 0;

	for (i = 0; i < n->nrrsets && k < TYPES_MAX; i++)
		out[k++] = z->rrsets[n->rrset + i].type;
	qsort(out, k, sizeof(*out), u16_cmp);
	for (i = 0; i < k; i++)
		if (m == 0 || out[m - 1] != out[i])
			out[m++] = out[i];
	return m;
}

/* The types of an NSEC/NSEC3 bitmap (RFC 4034 4.1.2); false if malformed. */
static bool
bitmap_types(const uint8_t *p, size_t len, uint16_t out[TYPES_MAX],
    size_t *n)
{
	size_t off = 0, i;
	unsigned bit;

	*n = 0;
	while (off < len) {
		uint8_t win, blen;

		if (off + 2 > len)
			return false;
		win = p[off];
		blen = p[off + 1];
		if (blen == 0 || blen > 32 || off + 2 + blen > len)
			return false;
		for (i = 0; i < blen; i++)
			for (bit = 0; bit < 8; bit++)
				if ((p[off + 2 + i] & (0x80 >> bit)) &&
				    *n < TYPES_MAX)
					out[(*n)++] = (uint16_t)(win * 256 +
					    i * 8 + bit);
		off += 2u + blen;
	}
	return true;
}

static void
types_text(const uint16_t *t, size_t n, char *buf, size_t cap)
{
	char tb[16];
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < n && used < cap; i++)
		used += (size_t)snprintf(buf + used, cap - used, "%s%s",
		    i ? " " : "", type_text(t[i], tb, sizeof(tb)));
	if (n == 0)
		snprintf(buf, cap, "(none)");
}

/* Says so when an NSEC/NSEC3 bitmap does not list the name's types. */
static void
check_bitmap(struct ctx *c, uint32_t at, uint16_t type, uint32_t name,
    const uint8_t *bm, size_t bmlen, bool drop_nsec3)
{
	uint16_t want[TYPES_MAX], have[TYPES_MAX];
	char nt[DNS_NAME_MAX * 4 + 1], a[512], b[512], tb[16];
	size_t nw, nh, i, k = 0;

	nw = node_types(c->z, &c->z->nodes[name], want);
	for (i = 0; i < nw; i++)
		if (!drop_nsec3 || want[i] != DNS_TYPE_NSEC3)
			want[k++] = want[i];
	nw = k;
	if (!bitmap_types(bm, bmlen, have, &nh)) {
		c->res->chain_errors++;
		say(c, K_CHAIN, at, type, 0, "%s at %s: malformed type bitmap",
		    type_text(type, tb, sizeof(tb)),
		    node_text(c->z, at, nt, sizeof(nt)));
		return;
	}
	if (nw == nh && memcmp(want, have, nw * sizeof(*want)) == 0)
		return;
	c->res->chain_errors++;
	types_text(have, nh, a, sizeof(a));
	types_text(want, nw, b, sizeof(b));
	say(c, K_CHAIN, at, type, 0, "%s for %s lists %s, the name has %s",
	    type_text(type, tb, sizeof(tb)),
	    node_text(c->z, name, nt, sizeof(nt)), a, b);
}

/* RFC 4035 2.2: which RRsets of an authoritative node need an RRSIG. */
static bool
needs_rrsig(const struct dns_node *n, uint16_t type)
{
	if (type == DNS_TYPE_RRSIG)
		return false;
	if ((n->flags & DNS_NODE_DELEG) && !(n->flags & DNS_NODE_APEX))
		return type == DNS_TYPE_DS || type == DNS_TYPE_NSEC;
	return true;
}

/* RFC 4034 Appendix B: the key tag of a DNSKEY's RDATA. */
static uint16_t
key_tag(const uint8_t *rd, size_t len)
{
	uint32_t ac = 0;
	size_t i;

	for (i = 0; i < len; i++)
		ac += (i & 1) ? rd[i] : (uint32_t)rd[i] << 8;
	ac += ac >> 16 & 0xffff;
	return (uint16_t)(ac & 0xffff);
}

/* The apex DNSKEYs' (algorithm, key tag) pairs, for key_known(). */
static void
load_keys(struct ctx *c)
{
	const struct dns_rrset *rs = dns_node_rrset(c->z, &c->z->nodes[0],
	    DNS_TYPE_DNSKEY);
	const uint8_t *p, *rd;
	size_t len;
	unsigned k;

	if (rs == NULL)
		return;
	p = c->z->rdata + rs->off;
	for (k = 0; k < rs->count && c->nkeys < KEYS_MAX; k++) {
		rd = next_rdata(&p, &len);
		if (len >= 4)
			c->keys[c->nkeys++] = (uint32_t)rd[3] << 16 |
			    key_tag(rd, len);
	}
	if (rs->count > KEYS_MAX)
		c->nkeys = 0;	/* too many to say a tag is unknown */
}

static bool
key_known(const struct ctx *c, uint8_t alg, uint16_t tag)
{
	size_t i;

	for (i = 0; i < c->nkeys; i++)
		if (c->keys[i] == ((uint32_t)alg << 16 | tag))
			return true;
	return false;
}

/* RRSIG times and signer of one node; the covered types into cov. */
static size_t
check_rrsigs(struct ctx *c, uint32_t i, uint16_t cov[TYPES_MAX],
    uint32_t *earliest_node, uint16_t *earliest_type)
{
	const struct dns_zone *z = c->z;
	const struct dns_node *n = &z->nodes[i];
	char nt[DNS_NAME_MAX * 4 + 1], tt[32], tb[16], sp[32];
	size_t ncov = 0, j, len;
	unsigned k;

	for (j = 0; j < n->nrrsets; j++) {
		const struct dns_rrset *rs = &z->rrsets[n->rrset + j];
		const uint8_t *p = z->rdata + rs->off, *rd;

		if (rs->type != DNS_TYPE_RRSIG)
			continue;
		for (k = 0; k < rs->count; k++) {
			uint16_t t;
			int64_t exp, inc;

			rd = next_rdata(&p, &len);
			if (len < 19 || dns_name_len(rd + 18) > len - 18)
				continue;	/* the parser checked it */
			t = (uint16_t)(rd[0] << 8 | rd[1]);
			if (ncov < TYPES_MAX)
				cov[ncov++] = t;
			exp = dns_dnssec_time(get32(rd + 8), c->now);
			inc = dns_dnssec_time(get32(rd + 12), c->now);
			if (c->res->expire == 0 || exp < c->res->expire) {
				c->res->expire = exp;
				*earliest_node = i;
				*earliest_type = t;
			}
			if (exp < c->now) {
				c->res->expired++;
				say(c, K_EXPIRED, i, DNS_TYPE_RRSIG, t, "RRSIG %s at %s "
				    "expired %s ago (%s)",
				    type_text(t, tb, sizeof(tb)),
				    node_text(z, i, nt, sizeof(nt)),
				    span_text(c->now - exp, sp, sizeof(sp)),
				    dns_dnssec_time_text(exp, tt, sizeof(tt)));
			} else if (inc > c->now)
				say(c, K_TIMES, i, DNS_TYPE_RRSIG, t, "RRSIG %s at %s is not "
				    "valid before %s",
				    type_text(t, tb, sizeof(tb)),
				    node_text(z, i, nt, sizeof(nt)),
				    dns_dnssec_time_text(inc, tt, sizeof(tt)));
			if (c->nkeys > 0 && !key_known(c, rd[2],
			    (uint16_t)(rd[16] << 8 | rd[17])))
				say(c, K_KEYS, i, DNS_TYPE_RRSIG, t, "RRSIG %s "
				    "at %s: no DNSKEY at the apex has its key "
				    "tag %u and algorithm %u",
				    type_text(t, tb, sizeof(tb)),
				    node_text(z, i, nt, sizeof(nt)),
				    rd[16] << 8 | rd[17], rd[2]);
			if (!dns_name_equal(rd + 18, z->apex))
				say(c, K_TIMES, i, DNS_TYPE_RRSIG, t, "RRSIG %s at %s is "
				    "signed by another zone",
				    type_text(t, tb, sizeof(tb)),
				    node_text(z, i, nt, sizeof(nt)));
		}
	}
	qsort(cov, ncov, sizeof(*cov), u16_cmp);
	return ncov;
}

/* Signatures: every node's RRSIG times, and unsigned RRsets. */
static void
check_signatures(struct ctx *c)
{
	const struct dns_zone *z = c->z;
	uint16_t cov[TYPES_MAX], earliest_type = 0;
	uint32_t earliest_node = 0, i;
	char nt[DNS_NAME_MAX * 4 + 1], tb[16], tt[32], sp[32];
	size_t ncov, j;

	for (i = 0; i < z->nnodes; i++) {
		const struct dns_node *n = &z->nodes[i];

		if (n->flags & DNS_NODE_OCCLUDED)
			continue;	/* not authoritative */
		ncov = check_rrsigs(c, i, cov, &earliest_node,
		    &earliest_type);
		if (!c->res->is_signed)
			continue;
		for (j = 0; j < n->nrrsets; j++) {
			uint16_t t = z->rrsets[n->rrset + j].type;

			if (!needs_rrsig(n, t) || bsearch(&t, cov, ncov,
			    sizeof(*cov), u16_cmp) != NULL)
				continue;
			c->res->unsigned_rrsets++;
			say(c, K_UNSIGNED, i, t, 0, "%s %s has no RRSIG, in a "
			    "zone with a DNSKEY at its apex (RFC 4035 2.2)",
			    node_text(z, i, nt, sizeof(nt)),
			    type_text(t, tb, sizeof(tb)));
		}
	}
	if (c->res->expire == 0 || c->res->expire < c->now ||
	    c->res->expire - c->now >= DNS_DNSSEC_SOON_SECS)
		return;
	c->res->warnings++;
	if (c->sink != NULL && c->sink->msg != NULL) {
		char text[DNS_NAME_MAX * 4 + 128];

		snprintf(text, sizeof(text), "signatures expire in %s: RRSIG "
		    "%s at %s expires %s",
		    span_text(c->res->expire - c->now, sp, sizeof(sp)),
		    type_text(earliest_type, tb, sizeof(tb)),
		    node_text(z, earliest_node, nt, sizeof(nt)),
		    dns_dnssec_time_text(c->res->expire, tt, sizeof(tt)));
		c->sink->msg(c->sink->arg, earliest_node, DNS_TYPE_RRSIG,
		    earliest_type, text);
	}
}

/* A node that a chain must cover: authoritative, not an NSEC3 owner. */
static bool
in_tree(const struct dns_zone *z, const struct dns_node *n)
{
	return !(n->flags & DNS_NODE_OCCLUDED) &&
	    dns_node_rrset(z, n, DNS_TYPE_NSEC3) == NULL;
}

/* NSEC at node a must name node b (RFC 4034 4.1.1). */
static void
nsec_link(struct ctx *c, uint32_t a, uint32_t b)
{
	const struct dns_zone *z = c->z;
	const struct dns_rrset *rs = dns_node_rrset(z, &z->nodes[a],
	    DNS_TYPE_NSEC);
	char at[DNS_NAME_MAX * 4 + 1], nx[DNS_NAME_MAX * 4 + 1],
	    ex[DNS_NAME_MAX * 4 + 1];
	uint8_t next[DNS_NAME_MAX];
	const struct dns_node *found;
	const uint8_t *rd;
	size_t len, nlen;

	if ((rd = first_rdata(z, rs, &len)) == NULL ||
	    (nlen = dns_name_len(rd)) > len)
		return;
	memcpy(next, rd, nlen);
	dns_name_lower(next);
	if (dns_name_equal(next, dns_node_name(z, &z->nodes[b])))
		return;
	c->res->chain_errors++;
	node_text(z, a, at, sizeof(at));
	if (dns_name_to_text(next, nx, sizeof(nx)) < 0)
		snprintf(nx, sizeof(nx), "(name)");
	found = dns_name_is_below_or_at(next, z->apex) ? dns_zone_find(z,
	    next, dns_zone_name_hash(next)) : NULL;
	if (found == NULL)
		say(c, K_CHAIN, a, DNS_TYPE_NSEC, 0, "NSEC at %s names %s as "
		    "next, a name not in the zone", at, nx);
	else if (b == 0)
		say(c, K_CHAIN, a, DNS_TYPE_NSEC, 0, "the last NSEC, at %s, "
		    "names %s as next, not the apex", at, nx);
	else
		say(c, K_CHAIN, a, DNS_TYPE_NSEC, 0, "NSEC chain broken at %s: "
		    "next is %s, but the next name with an NSEC is %s", at,
		    nx, node_text(z, b, ex, sizeof(ex)));
}

static void
check_nsec(struct ctx *c)
{
	const struct dns_zone *z = c->z;
	char nt[DNS_NAME_MAX * 4 + 1];
	uint32_t i, prev = DNS_NODE_NONE;
	const struct dns_rrset *rs;
	const uint8_t *rd;
	size_t len, nlen;

	for (i = 0; i < z->nnodes; i++) {
		const struct dns_node *n = &z->nodes[i];

		if (!in_tree(z, n))
			continue;
		rs = dns_node_rrset(z, n, DNS_TYPE_NSEC);
		if (rs == NULL) {
			if (n->flags & DNS_NODE_ENT)
				continue;	/* ENTs own no NSEC */
			c->res->chain_errors++;
			say(c, K_CHAIN, i, 0, 0, "no NSEC at %s (RFC 4035 2.3)",
			    node_text(z, i, nt, sizeof(nt)));
			continue;
		}
		if (prev != DNS_NODE_NONE)
			nsec_link(c, prev, i);
		prev = i;
		if ((rd = first_rdata(z, rs, &len)) != NULL &&
		    (nlen = dns_name_len(rd)) <= len)
			check_bitmap(c, i, DNS_TYPE_NSEC, i, rd + nlen,
			    len - nlen, false);
	}
	if (prev != DNS_NODE_NONE)
		nsec_link(c, prev, 0);
}

/*
 * SHA-1 through a digest fetched once and one reused context: OpenSSL 3
 * looks the algorithm up again on every one-shot call, which costs four
 * times the hash itself for names this short.
 */
struct sha1 {
	EVP_MD		*md;
	EVP_MD_CTX	*ctx;
};

static void
sha1(struct sha1 *h, const uint8_t *in, size_t len, uint8_t out[HASH_LEN])
{
	if (h->md == NULL || h->ctx == NULL ||
	    !EVP_DigestInit_ex(h->ctx, h->md, NULL) ||
	    !EVP_DigestUpdate(h->ctx, in, len) ||
	    !EVP_DigestFinal_ex(h->ctx, out, NULL))
		EVP_Digest(in, len, out, NULL, EVP_sha1(), NULL);
}

/* RFC 5155 5: IH(salt, name, iterations) over the lowercased wire name. */
static void
nsec3_hash(struct sha1 *h, const uint8_t *lname, const struct n3params *p,
    uint8_t out[HASH_LEN])
{
	uint8_t buf[DNS_NAME_MAX + 255];
	size_t len = dns_name_len(lname);
	unsigned i;

	memcpy(buf, lname, len);
	memcpy(buf + len, p->salt, p->salt_len);
	sha1(h, buf, len + p->salt_len, out);
	for (i = 0; i < p->iterations; i++) {
		memcpy(buf, out, HASH_LEN);
		memcpy(buf + HASH_LEN, p->salt, p->salt_len);
		sha1(h, buf, HASH_LEN + p->salt_len, out);
	}
}

static void
b32hex(const uint8_t *in, size_t len, char *out)
{
	static const char a[] = "0123456789abcdefghijklmnopqrstuv";
	unsigned bits = 0, acc = 0;
	size_t i, k = 0;

	for (i = 0; i < len; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			out[k++] = a[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[k++] = a[(acc << (5 - bits)) & 31];
	out[k] = '\0';
}

static int
n3_cmp(const void *a, const void *b)
{
	return memcmp(((const struct n3 *)a)->hash,
	    ((const struct n3 *)b)->hash, HASH_LEN);
}

/* Reads NSEC3PARAM-style fields (alg, flags, iterations, salt) at rd. */
static bool
read_params(const uint8_t *rd, size_t len, struct n3params *p,
    uint8_t *flags, size_t *used)
{
	if (len < 5 || (size_t)5 + rd[4] > len)
		return false;
	p->alg = rd[0];
	*flags = rd[1];
	p->iterations = (uint16_t)(rd[2] << 8 | rd[3]);
	p->salt_len = rd[4];
	p->salt = rd + 5;
	*used = 5u + rd[4];
	return true;
}

static bool
same_params(const struct n3params *a, const struct n3params *b)
{
	return a->alg == b->alg && a->iterations == b->iterations &&
	    a->salt_len == b->salt_len &&
	    memcmp(a->salt, b->salt, a->salt_len) == 0;
}

static void
params_text(const struct n3params *p, char *buf, size_t cap)
{
	size_t i, k;

	k = (size_t)snprintf(buf, cap, "hash %u, %u iterations, salt ",
	    p->alg, p->iterations);
	for (i = 0; i < p->salt_len && k + 3 < cap; i++)
		k += (size_t)snprintf(buf + k, cap - k, "%02x", p->salt[i]);
	if (p->salt_len == 0 && k + 2 < cap)
		snprintf(buf + k, cap - k, "-");
}

/*
 * The NSEC3 records of the zone's chain, sorted by hash; those with
 * other parameters than NSEC3PARAM's are reported and left out.  *optout
 * is set when one carries the opt-out flag.
 */
static struct n3 *
collect_nsec3(struct ctx *c, const struct n3params *want, size_t *count,
    bool *optout)
{
	const struct dns_zone *z = c->z;
	char nt[DNS_NAME_MAX * 4 + 1], a[600], b[600];
	struct n3 *v = NULL;
	size_t nv = 0, cap = 0, len, used;
	uint32_t i;
	unsigned k;

	for (i = 0; i < z->nnodes; i++) {
		const struct dns_node *n = &z->nodes[i];
		const struct dns_rrset *rs = dns_node_rrset(z, n,
		    DNS_TYPE_NSEC3);
		const uint8_t *name = dns_node_name(z, n), *p, *rd;
		uint8_t hash[HASH_LEN];
		struct n3params got;
		uint8_t flags;

		if (rs == NULL || (n->flags & DNS_NODE_OCCLUDED))
			continue;
		if (dns_name_labels(name) != z->apex_labels + 1 ||
		    ztext_b32hex((const char *)name + 1, name[0], hash,
		    sizeof(hash)) != HASH_LEN) {
			c->res->chain_errors++;
			say(c, K_CHAIN, i, DNS_TYPE_NSEC3, 0, "NSEC3 owner %s is "
			    "not a hash label on the apex",
			    node_text(z, i, nt, sizeof(nt)));
			continue;
		}
		p = z->rdata + rs->off;
		for (k = 0; k < rs->count; k++) {
			rd = next_rdata(&p, &len);
			if (!read_params(rd, len, &got, &flags, &used) ||
			    used + 1 + HASH_LEN > len ||
			    rd[used] != HASH_LEN)
				continue;
			if (!same_params(&got, want)) {
				c->res->chain_errors++;
				params_text(&got, a, sizeof(a));
				params_text(want, b, sizeof(b));
				say(c, K_CHAIN, i, DNS_TYPE_NSEC3, 0, "NSEC3 at "
				    "%s has %s; NSEC3PARAM says %s",
				    node_text(z, i, nt, sizeof(nt)), a, b);
				continue;
			}
			xgrow(&v, &cap, nv + 1, sizeof(*v));
			memcpy(v[nv].hash, hash, HASH_LEN);
			memcpy(v[nv].next, rd + used + 1, HASH_LEN);
			v[nv].node = i;
			v[nv].bitmap = rd + used + 1 + HASH_LEN;
			v[nv].bitmap_len = len - used - 1 - HASH_LEN;
			v[nv].used = false;
			if (flags & 1)
				*optout = true;
			nv++;
		}
	}
	if (nv > 1)
		qsort(v, nv, sizeof(*v), n3_cmp);
	*count = nv;
	return v;
}

/* RFC 5155 7.1: each NSEC3 names the next hash, the last the first. */
static void
nsec3_links(struct ctx *c, const struct n3 *v, size_t nv)
{
	char nt[DNS_NAME_MAX * 4 + 1], h1[40], h2[40];
	size_t i;

	for (i = 0; i < nv; i++) {
		const struct n3 *want = &v[(i + 1) % nv];

		if (i + 1 < nv && memcmp(v[i].hash, want->hash,
		    HASH_LEN) == 0) {
			c->res->chain_errors++;
			say(c, K_CHAIN, v[i].node, DNS_TYPE_NSEC3, 0, "two NSEC3 "
			    "records at %s", node_text(c->z, v[i].node, nt,
			    sizeof(nt)));
			continue;
		}
		if (memcmp(v[i].next, want->hash, HASH_LEN) == 0)
			continue;
		c->res->chain_errors++;
		b32hex(v[i].next, HASH_LEN, h1);
		b32hex(want->hash, HASH_LEN, h2);
		say(c, K_CHAIN, v[i].node, DNS_TYPE_NSEC3, 0, "NSEC3 chain "
		    "broken at %s: next hashed owner %s, but the next hash "
		    "in the zone is %s", node_text(c->z, v[i].node, nt,
		    sizeof(nt)), h1, h2);
	}
}

/*
 * Whether the chain must hold a name (RFC 5155 7.1): every authoritative
 * name, empty non-terminals too; with opt-out, not the insecure
 * delegations nor (leniently) empty non-terminals, which may exist only
 * for opted-out delegations.
 */
static bool
nsec3_needed(const struct dns_zone *z, const struct dns_node *n,
    bool optout)
{
	if (!in_tree(z, n))
		return false;
	if (!optout)
		return true;
	if (n->flags & DNS_NODE_ENT)
		return false;
	return !((n->flags & DNS_NODE_DELEG) && !(n->flags & DNS_NODE_APEX) &&
	    dns_node_rrset(z, n, DNS_TYPE_DS) == NULL);
}

static void
check_nsec3(struct ctx *c)
{
	const struct dns_zone *z = c->z;
	const struct dns_rrset *rs;
	char nt[DNS_NAME_MAX * 4 + 1], h[40];
	struct n3params want;
	const uint8_t *rd;
	struct n3 *v, key, *hit;
	struct sha1 sh;
	uint8_t flags;
	size_t nv = 0, len, used, i;
	bool optout = false;

	rs = dns_node_rrset(z, &z->nodes[0], DNS_TYPE_NSEC3PARAM);
	if ((rd = first_rdata(z, rs, &len)) == NULL ||
	    !read_params(rd, len, &want, &flags, &used))
		return;
	/* The loader reports these two itself (zone.c), once. */
	if (want.alg != 1)
		return;
	v = collect_nsec3(c, &want, &nv, &optout);
	if (nv == 0) {
		c->res->chain_errors++;
		free(v);
		return;
	}
	nsec3_links(c, v, nv);
	sh.md = EVP_MD_fetch(NULL, "SHA1", NULL);
	sh.ctx = EVP_MD_CTX_new();
	for (i = 0; i < z->nnodes; i++) {
		const struct dns_node *n = &z->nodes[i];

		if (!in_tree(z, n))
			continue;
		nsec3_hash(&sh, dns_node_name(z, n), &want, key.hash);
		hit = bsearch(&key, v, nv, sizeof(*v), n3_cmp);
		if (hit == NULL) {
			if (!nsec3_needed(z, n, optout))
				continue;
			c->res->chain_errors++;
			b32hex(key.hash, HASH_LEN, h);
			say(c, K_CHAIN, (uint32_t)i, 0, 0, "no NSEC3 for %s "
			    "(hash %s)", node_text(z, (uint32_t)i, nt,
			    sizeof(nt)), h);
			continue;
		}
		hit->used = true;
		check_bitmap(c, hit->node, DNS_TYPE_NSEC3, (uint32_t)i,
		    hit->bitmap, hit->bitmap_len, true);
	}
	for (i = 0; i < nv; i++)
		if (!v[i].used) {
			c->res->chain_errors++;
			say(c, K_CHAIN, v[i].node, DNS_TYPE_NSEC3, 0, "NSEC3 at "
			    "%s is the hash of no name in the zone",
			    node_text(z, v[i].node, nt, sizeof(nt)));
		}
	EVP_MD_CTX_free(sh.ctx);
	EVP_MD_free(sh.md);
	free(v);
}

int64_t
dns_dnssec_time(uint32_t t, int64_t now)
{
	return now + (int32_t)(t - (uint32_t)now);
}

void
dns_dnssec_check(struct dns_zone *zone, int64_t now,
    const struct dns_dnssec_sink *sink, struct dns_dnssec_result *out)
{
	struct dns_dnssec_result res;
	struct ctx c;
	const struct dns_node *apex;

	memset(&res, 0, sizeof(res));
	memset(&c, 0, sizeof(c));
	c.z = zone;
	c.now = now;
	c.sink = sink;
	c.res = &res;
	if (zone->nnodes > 0) {
		apex = &zone->nodes[0];
		res.is_signed = dns_node_rrset(zone, apex,
		    DNS_TYPE_DNSKEY) != NULL;
		res.nsec = dns_node_rrset(zone, apex, DNS_TYPE_NSEC) != NULL;
		res.nsec3 = dns_node_rrset(zone, apex,
		    DNS_TYPE_NSEC3PARAM) != NULL;
		load_keys(&c);
		check_signatures(&c);
		if (res.is_signed && res.nsec)
			check_nsec(&c);
		else if (res.is_signed && res.nsec3)
			check_nsec3(&c);
		else if (res.is_signed) {
			res.chain_errors++;
			say(&c, K_CHAIN, 0, DNS_TYPE_DNSKEY, 0, "DNSKEY at the "
			    "apex but neither NSEC nor NSEC3PARAM: denial of "
			    "existence cannot be proven (RFC 4035 2.3)");
		}
		say_rest(&c);
	}
	zone->rrsig_expire = res.expire;
	if (out != NULL)
		*out = res;
}

int64_t
dns_dnssec_expire(const struct dns_zone *zone)
{
	return zone->rrsig_expire;
}

const char *
dns_dnssec_expire_text(const struct dns_zone *zone, int64_t now, char *buf,
    size_t cap)
{
	int64_t exp = dns_dnssec_expire(zone), left = exp - now;
	char at[32];

	if (exp == 0)
		return NULL;
	dns_dnssec_time_text(exp, at, sizeof(at));
	if (left <= 0)
		snprintf(buf, cap, "signatures EXPIRED at %s", at);
	else
		snprintf(buf, cap, "signatures expire %s (in %lldd %lldh "
		    "%lldm)", at, (long long)(left / 86400),
		    (long long)(left % 86400 / 3600),
		    (long long)(left % 3600 / 60));
	return buf;
}
