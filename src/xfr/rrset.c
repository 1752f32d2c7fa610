/* SPDX-License-Identifier: MIT */
/*
 * rrset.c -- the working copy of a zone that IXFR differences change, and
 * the way out of a loaded zone: walking its records and printing them as a
 * master file (the persisted copy of a secondary zone).  The set keeps
 * each record once, in the loader's canonical case (owner and RDATA names
 * lowercased), so a deletion matches the record whatever case the primary
 * sent; records are never moved, a deleted one is only marked, so the
 * open-addressing index needs no tombstones.  No I/O but the FILE given.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../common/err.h"
#include "../common/mem.h"
#include "../dns/name.h"
#include "../dns/rdata.h"
#include "../dns/rrprint.h"
#include "../dns/zone.h"
#include "xfr.h"

/* One record in the arena: owner, type, ttl, rdlen, rdata. */
struct ent {
	uint64_t	 off;		/* into arena */
	uint32_t	 hash;
	uint32_t	 keylen;	/* owner + type + rdata, octets */
	bool		 live;
};

struct xfr_rrset {
	uint8_t		*arena;
	size_t		 len, cap;
	struct ent	*ents;
	size_t		 nents, capents;
	uint32_t	*index;		/* entry + 1; 0 empty */
	size_t		 mask;
	size_t		 live;
};

struct xfr_rrset *
xfr_rrset_new(void)
{
	struct xfr_rrset *s = xcalloc(1, sizeof(*s));

	s->mask = 1023;
	s->index = xcalloc(s->mask + 1, sizeof(*s->index));
	return s;
}

void
xfr_rrset_free(struct xfr_rrset *s)
{
	if (s == NULL)
		return;
	free(s->arena);
	free(s->ents);
	free(s->index);
	free(s);
}

static uint32_t
hash_bytes(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;

	while (n-- > 0)
		h = (h ^ *p++) * 16777619u;
	return h ^ h >> 15;
}

/* The key (owner, type, rdata) in canonical case into buf; its length. */
static size_t
make_key(const struct xfr_rr *rr, uint8_t *buf)
{
	size_t olen = dns_name_len(rr->owner);

	memcpy(buf, rr->owner, olen);
	dns_name_lower(buf);
	buf[olen] = (uint8_t)(rr->type >> 8);
	buf[olen + 1] = (uint8_t)rr->type;
	memcpy(buf + olen + 2, rr->rdata, rr->rdlen);
	dns_rdata_lower(rr->type, buf + olen + 2, rr->rdlen);
	return olen + 2 + rr->rdlen;
}

/* The key of entry e: the arena holds owner, type, ttl, rdlen, rdata. */
static bool
ent_is(const struct xfr_rrset *s, const struct ent *e, const uint8_t *key,
    size_t klen, size_t olen)
{
	const uint8_t *p = s->arena + e->off;

	return e->keylen == klen && memcmp(p, key, olen + 2) == 0 &&
	    memcmp(p + olen + 8, key + olen + 2, klen - olen - 2) == 0;
}

static void
grow_index(struct xfr_rrset *s)
{
	size_t cap = (s->mask + 1) * 2, i, k;

	free(s->index);
	s->index = xcalloc(cap, sizeof(*s->index));
	s->mask = cap - 1;
	for (i = 0; i < s->nents; i++) {
		k = s->ents[i].hash & s->mask;
		while (s->index[k] != 0)
			k = (k + 1) & s->mask;
		s->index[k] = (uint32_t)(i + 1);
	}
}

/* The slot of the key: its entry's, or the empty one it would take. */
static size_t
find(const struct xfr_rrset *s, const uint8_t *key, size_t klen,
    size_t olen, uint32_t h)
{
	size_t k = h & s->mask;
	uint32_t v;

	while ((v = s->index[k]) != 0) {
		const struct ent *e = &s->ents[v - 1];

		if (e->hash == h && ent_is(s, e, key, klen, olen))
			return k;
		k = (k + 1) & s->mask;
	}
	return k;
}

int
xfr_rrset_add(struct xfr_rrset *s, const struct xfr_rr *rr)
{
	uint8_t key[DNS_NAME_MAX + 2 + UINT16_MAX];
	size_t klen = make_key(rr, key), olen = dns_name_len(rr->owner), k;
	uint32_t h = hash_bytes(key, klen);
	struct ent *e;
	uint8_t *p;

	k = find(s, key, klen, olen, h);
	if (s->index[k] != 0) {
		e = &s->ents[s->index[k] - 1];
		p = s->arena + e->off + olen + 2;
		p[0] = (uint8_t)(rr->ttl >> 24);
		p[1] = (uint8_t)(rr->ttl >> 16);
		p[2] = (uint8_t)(rr->ttl >> 8);
		p[3] = (uint8_t)rr->ttl;
		if (!e->live)
			s->live++;
		e->live = true;
		return 0;
	}
	xgrow(&s->arena, &s->cap, s->len + klen + 6, 1);
	xgrow(&s->ents, &s->capents, s->nents + 1, sizeof(*s->ents));
	p = s->arena + s->len;
	memcpy(p, key, olen + 2);
	p[olen + 2] = (uint8_t)(rr->ttl >> 24);
	p[olen + 3] = (uint8_t)(rr->ttl >> 16);
	p[olen + 4] = (uint8_t)(rr->ttl >> 8);
	p[olen + 5] = (uint8_t)rr->ttl;
	p[olen + 6] = (uint8_t)(rr->rdlen >> 8);
	p[olen + 7] = (uint8_t)rr->rdlen;
	memcpy(p + olen + 8, key + olen + 2, rr->rdlen);
	e = &s->ents[s->nents];
	e->off = s->len;
	e->hash = h;
	e->keylen = (uint32_t)klen;
	e->live = true;
	s->len += klen + 6;
	s->index[k] = (uint32_t)(++s->nents);
	s->live++;
	if (s->nents * 2 > s->mask)
		grow_index(s);
	return 0;
}

int
xfr_rrset_del(struct xfr_rrset *s, const struct xfr_rr *rr)
{
	uint8_t key[DNS_NAME_MAX + 2 + UINT16_MAX];
	size_t klen = make_key(rr, key), olen = dns_name_len(rr->owner), k;
	uint32_t h = hash_bytes(key, klen);
	struct ent *e;

	k = find(s, key, klen, olen, h);
	if (s->index[k] == 0 || !(e = &s->ents[s->index[k] - 1])->live)
		return CN_ENOENT;
	e->live = false;
	s->live--;
	return 0;
}

size_t
xfr_rrset_count(const struct xfr_rrset *s)
{
	return s->live;
}

int
xfr_rrset_walk(const struct xfr_rrset *s,
    int (*fn)(void *arg, const struct xfr_rr *rr), void *arg)
{
	struct xfr_rr rr;
	const uint8_t *p;
	size_t i, olen;
	int r;

	for (i = 0; i < s->nents; i++) {
		if (!s->ents[i].live)
			continue;
		p = s->arena + s->ents[i].off;
		olen = dns_name_len(p);
		rr.owner = p;
		rr.type = (uint16_t)(p[olen] << 8 | p[olen + 1]);
		rr.rclass = DNS_CLASS_IN;
		rr.ttl = (uint32_t)p[olen + 2] << 24 |
		    (uint32_t)p[olen + 3] << 16 |
		    (uint32_t)p[olen + 4] << 8 | p[olen + 5];
		rr.rdlen = (uint16_t)(p[olen + 6] << 8 | p[olen + 7]);
		rr.rdata = p + olen + 8;
		if ((r = fn(arg, &rr)) != 0)
			return r;
	}
	return 0;
}

static int
fill_one(void *arg, const struct xfr_rr *rr)
{
	return xfr_rrset_add(arg, rr);
}

void
xfr_rrset_fill(struct xfr_rrset *s, const struct dns_zone *zone)
{
	(void)xfr_zone_walk(zone, fill_one, s);
}

/* Every record of one RRset. */
static int
walk_rrset(const struct dns_zone *z, const uint8_t *owner,
    const struct dns_rrset *rs, int (*fn)(void *, const struct xfr_rr *),
    void *arg)
{
	const uint8_t *p = z->rdata + rs->off;
	struct xfr_rr rr;
	unsigned i;
	int r;

	rr.owner = owner;
	rr.type = rs->type;
	rr.rclass = DNS_CLASS_IN;
	rr.ttl = rs->ttl;
	for (i = 0; i < rs->count; i++) {
		rr.rdlen = (uint16_t)(p[0] << 8 | p[1]);
		rr.rdata = p + 2;
		if ((r = fn(arg, &rr)) != 0)
			return r;
		p += 2u + rr.rdlen;
	}
	return 0;
}

int
xfr_zone_walk(const struct dns_zone *z,
    int (*fn)(void *arg, const struct xfr_rr *rr), void *arg)
{
	const struct dns_node *n;
	size_t i, j;
	int r;

	if (z->nnodes == 0 || z->soa == NULL)
		return 0;
	if ((r = walk_rrset(z, dns_node_name(z, &z->nodes[0]), z->soa, fn,
	    arg)) != 0)
		return r;
	for (i = 0; i < z->nnodes; i++) {
		n = &z->nodes[i];
		for (j = 0; j < n->nrrsets; j++) {
			const struct dns_rrset *rs = &z->rrsets[n->rrset + j];

			if (rs == z->soa)
				continue;
			if ((r = walk_rrset(z, dns_node_name(z, n), rs, fn,
			    arg)) != 0)
				return r;
		}
	}
	return 0;
}

struct printer {
	FILE	*f;
	char	*buf;
	size_t	 cap;
};

static int
print_one(void *arg, const struct xfr_rr *rr)
{
	char owner[DNS_NAME_MAX * 4 + 1], type[24];
	struct printer *pr = arg;
	int n;

	if (dns_name_to_text(rr->owner, owner, sizeof(owner)) < 0)
		return CN_EINVAL;
	n = dns_rdata_to_text(rr->type, rr->rdata, rr->rdlen, pr->buf,
	    pr->cap);
	if (n < 0)
		return n;
	if (fprintf(pr->f, "%s\t%u\tIN\t%s\t%s\n", owner, rr->ttl,
	    dns_rrtype_to_text(rr->type, type, sizeof(type)), pr->buf) < 0)
		return -(errno ? errno : EIO);
	return 0;
}

int
xfr_zone_print(const struct dns_zone *zone, FILE *f)
{
	struct printer pr;
	int r;

	pr.f = f;
	pr.cap = 16 * (size_t)UINT16_MAX + 1024;
	pr.buf = xmalloc(pr.cap);
	r = xfr_zone_walk(zone, print_one, &pr);
	free(pr.buf);
	return r;
}
