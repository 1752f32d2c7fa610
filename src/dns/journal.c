/* SPDX-License-Identifier: MIT */
/*
 * journal.c -- differences between two versions of a zone, by a merge
 * walk: both keep their nodes in canonical order, so the nodes are paired
 * by name in one pass, and the records of a pair (type, RDATA, TTL,
 * sorted) by a second merge.  A record whose TTL alone changed is deleted
 * and added again, as RFC 1995 has it.  The apex SOA is left out: an IXFR
 * carries the SOAs itself.
 */
#include <stdlib.h>
#include <string.h>

#include "../common/mem.h"
#include "journal.h"
#include "name.h"
#include "zone.h"

struct rec {
	uint16_t	 type;
	uint16_t	 len;
	uint32_t	 ttl;
	const uint8_t	*rd;
};

struct buf {
	uint8_t		*p;
	size_t		 len, cap;
	size_t		 n;
};

static int
rec_cmp(const void *pa, const void *pb)
{
	const struct rec *a = pa, *b = pb;
	size_t m = a->len < b->len ? a->len : b->len;
	int r;

	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (m && (r = memcmp(a->rd, b->rd, m)) != 0)
		return r;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return a->ttl < b->ttl ? -1 : a->ttl > b->ttl;
}

/* The node's records but the SOA, sorted, into *arr. */
static size_t
node_recs(const struct dns_zone *z, const struct dns_node *n,
    struct rec **arr, size_t *cap)
{
	const struct dns_rrset *rs;
	const uint8_t *p;
	size_t count = 0;
	unsigned i, k;

	for (i = 0; i < n->nrrsets; i++) {
		rs = &z->rrsets[n->rrset + i];
		if (rs == z->soa)
			continue;
		p = z->rdata + rs->off;
		for (k = 0; k < rs->count; k++) {
			xgrow(arr, cap, count + 1, sizeof(**arr));
			(*arr)[count].type = rs->type;
			(*arr)[count].ttl = rs->ttl;
			(*arr)[count].len = (uint16_t)(p[0] << 8 | p[1]);
			(*arr)[count].rd = p + 2;
			p += 2u + (*arr)[count].len;
			count++;
		}
	}
	if (count > 1)
		qsort(*arr, count, sizeof(**arr), rec_cmp);
	return count;
}

static void
put(struct buf *b, const uint8_t *owner, const struct rec *r)
{
	size_t olen = dns_name_len(owner);
	uint8_t *p;

	xgrow(&b->p, &b->cap, b->len + olen + 8 + r->len, 1);
	p = b->p + b->len;
	memcpy(p, owner, olen);
	p += olen;
	p[0] = (uint8_t)(r->type >> 8);
	p[1] = (uint8_t)r->type;
	p[2] = (uint8_t)(r->ttl >> 24);
	p[3] = (uint8_t)(r->ttl >> 16);
	p[4] = (uint8_t)(r->ttl >> 8);
	p[5] = (uint8_t)r->ttl;
	p[6] = (uint8_t)(r->len >> 8);
	p[7] = (uint8_t)r->len;
	memcpy(p + 8, r->rd, r->len);
	b->len += olen + 8 + r->len;
	b->n++;
}

static uint8_t *
soa_copy(const struct dns_zone *z, uint16_t *len, uint32_t *ttl)
{
	const uint8_t *p = z->rdata + z->soa->off;
	uint8_t *out;

	*len = (uint16_t)(p[0] << 8 | p[1]);
	*ttl = z->soa->ttl;
	out = xmalloc(*len ? *len : 1);
	memcpy(out, p + 2, *len);
	return out;
}

static void
diff_free(struct dns_diff *d)
{
	if (d == NULL ||
	    __atomic_sub_fetch(&d->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	free(d->from_soa);
	free(d->to_soa);
	free(d->data);
	free(d);
}

struct dns_diff *
dns_diff_new(const struct dns_zone *old, const struct dns_zone *new,
    size_t max_records)
{
	struct buf del = { 0 }, add = { 0 };
	struct rec *a = NULL, *b = NULL;
	size_t acap = 0, bcap = 0, na, nb, i = 0, j = 0, x, y;
	struct dns_diff *d;
	const uint8_t *owner;
	int c;

	if (old->soa == NULL || new->soa == NULL)
		return NULL;
	while (i < old->nnodes || j < new->nnodes) {
		if (i < old->nnodes && j < new->nnodes)
			c = dns_name_cmp_canonical(
			    dns_node_name(old, &old->nodes[i]),
			    dns_node_name(new, &new->nodes[j]));
		else
			c = i < old->nnodes ? -1 : 1;
		na = c <= 0 ? node_recs(old, &old->nodes[i], &a, &acap) : 0;
		nb = c >= 0 ? node_recs(new, &new->nodes[j], &b, &bcap) : 0;
		owner = c <= 0 ? dns_node_name(old, &old->nodes[i]) :
		    dns_node_name(new, &new->nodes[j]);
		for (x = y = 0; x < na || y < nb;) {
			int r = x < na && y < nb ? rec_cmp(&a[x], &b[y]) :
			    x < na ? -1 : 1;

			if (r < 0)
				put(&del, owner, &a[x++]);
			else if (r > 0)
				put(&add, owner, &b[y++]);
			else {
				x++;
				y++;
			}
		}
		if (c <= 0)
			i++;
		if (c >= 0)
			j++;
		if (del.n + add.n > max_records) {
			free(a);
			free(b);
			free(del.p);
			free(add.p);
			return NULL;
		}
	}
	free(a);
	free(b);
	d = xcalloc(1, sizeof(*d));
	d->refs = 1;
	d->from = old->serial;
	d->to = new->serial;
	d->from_soa = soa_copy(old, &d->from_soa_len, &d->from_ttl);
	d->to_soa = soa_copy(new, &d->to_soa_len, &d->to_ttl);
	d->data = xmalloc(del.len + add.len + 1);
	if (del.len)
		memcpy(d->data, del.p, del.len);
	if (add.len)
		memcpy(d->data + del.len, add.p, add.len);
	d->del_len = del.len;
	d->len = del.len + add.len;
	d->ndel = del.n;
	d->nadd = add.n;
	free(del.p);
	free(add.p);
	return d;
}

struct dns_journal *
dns_journal_append(const struct dns_journal *prev, struct dns_diff *d)
{
	struct dns_journal *j = xcalloc(1, sizeof(*j));
	size_t i, skip = 0;

	j->refs = 1;
	if (prev != NULL && prev->n > 0) {
		/* Only a chain that ends where d begins is worth keeping. */
		if (prev->d[prev->n - 1]->to == d->from) {
			if (prev->n >= DNS_JOURNAL_MAX)
				skip = prev->n - DNS_JOURNAL_MAX + 1;
			for (i = skip; i < prev->n; i++) {
				__atomic_add_fetch(&prev->d[i]->refs, 1,
				    __ATOMIC_RELAXED);
				j->d[j->n++] = prev->d[i];
			}
		}
	}
	j->d[j->n++] = d;
	return j;
}

struct dns_journal *
dns_journal_ref(const struct dns_journal *j)
{
	struct dns_journal *m = (struct dns_journal *)(uintptr_t)j;

	if (m != NULL)
		__atomic_add_fetch(&m->refs, 1, __ATOMIC_RELAXED);
	return m;
}

void
dns_journal_free(const struct dns_journal *j)
{
	struct dns_journal *m = (struct dns_journal *)(uintptr_t)j;
	size_t i;

	if (m == NULL ||
	    __atomic_sub_fetch(&m->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	for (i = 0; i < m->n; i++)
		diff_free(m->d[i]);
	free(m);
}

int
dns_journal_find(const struct dns_journal *j, uint32_t serial, uint32_t to)
{
	size_t i;

	if (j == NULL || j->n == 0 || j->d[j->n - 1]->to != to)
		return -1;
	/* The chain is contiguous by construction (append checks it). */
	for (i = 0; i < j->n; i++)
		if (j->d[i]->from == serial)
			return (int)i;
	return -1;
}
