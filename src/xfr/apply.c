/* SPDX-License-Identifier: MIT */
/*
 * apply.c -- turns a parsed transfer stream into a new zone, built aside:
 * a whole zone record by record into the zone builder, or IXFR
 * differences (RFC 1995) kept as they come and, at the end, applied to a
 * working copy of the zone served now.
 * A deletion that matches nothing, a difference that starts elsewhere than
 * where the last one ended, or a result that fails the zone checks refuses
 * the transfer; the caller then keeps serving what it has (and falls back
 * to AXFR for an IXFR).  No I/O.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/err.h"
#include "../common/mem.h"
#include "../dns/name.h"
#include "../dns/zone.h"
#include "xfr.h"

static uint32_t
rr_serial(const struct xfr_rr *rr)
{
	const uint8_t *p = rr->rdata + rr->rdlen - 20;

	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Appends rr as it goes into a message to one side of a difference. */
static void
journal_put(uint8_t **buf, size_t *len, size_t *cap, uint32_t *n,
    const struct xfr_rr *rr)
{
	size_t olen = dns_name_len(rr->owner);
	uint8_t *p;

	xgrow(buf, cap, *len + olen + 10 + rr->rdlen, 1);
	p = *buf + *len;
	memcpy(p, rr->owner, olen);
	p += olen;
	*p++ = (uint8_t)(rr->type >> 8);
	*p++ = (uint8_t)rr->type;
	*p++ = 0;
	*p++ = DNS_CLASS_IN;
	*p++ = (uint8_t)(rr->ttl >> 24);
	*p++ = (uint8_t)(rr->ttl >> 16);
	*p++ = (uint8_t)(rr->ttl >> 8);
	*p++ = (uint8_t)rr->ttl;
	*p++ = (uint8_t)(rr->rdlen >> 8);
	*p++ = (uint8_t)rr->rdlen;
	memcpy(p, rr->rdata, rr->rdlen);
	*len += olen + 10 + rr->rdlen;
	(*n)++;
}

static int
on_diff(void *arg, uint32_t from)
{
	struct xfr_apply *a = arg;

	if (a->zb != NULL) {
		snprintf(a->err, sizeof(a->err), "IXFR difference after zone "
		    "data");
		return CN_EPROTO;
	}
	if (a->njournal == 0) {
		if (a->base == NULL || dns_zone_rr_count(a->base) == 0) {
			snprintf(a->err, sizeof(a->err), "IXFR differences "
			    "but no zone to apply them to");
			return CN_EPROTO;
		}
		a->at = dns_zone_serial(a->base);
	}
	if (from != a->at) {
		snprintf(a->err, sizeof(a->err), "IXFR difference from serial "
		    "%u, but the zone is at %u", from, a->at);
		return CN_EPROTO;
	}
	a->in_add = false;
	a->diffs++;
	xgrow(&a->journal, &a->capjournal, a->njournal + 1,
	    sizeof(*a->journal));
	memset(&a->journal[a->njournal], 0, sizeof(*a->journal));
	a->journal[a->njournal].from = from;
	a->njournal++;
	a->del_cap = a->add_cap = 0;
	return 0;
}

static int
on_rr(void *arg, enum xfr_part part, const struct xfr_rr *rr)
{
	struct xfr_apply *a = arg;

	switch (part) {
	case XFR_PART_ZONE:
		if (a->njournal > 0) {
			snprintf(a->err, sizeof(a->err), "zone data after "
			    "IXFR differences");
			return CN_EPROTO;
		}
		if (a->zb == NULL)
			a->zb = dns_zone_builder_new(a->apex, a->label,
			    a->rep);
		a->added++;
		if (dns_zone_builder_add(a->zb, rr->owner, rr->type, rr->ttl,
		    rr->rdata, rr->rdlen) != 0) {
			snprintf(a->err, sizeof(a->err), "the zone fails its "
			    "checks");
			return CN_EZONE;
		}
		return 0;
	case XFR_PART_DEL:
		/* Applied at the end (xfr_apply_finish), off the loop. */
		a->deleted++;
		journal_put(&a->journal[a->njournal - 1].del,
		    &a->journal[a->njournal - 1].del_len, &a->del_cap,
		    &a->journal[a->njournal - 1].ndel, rr);
		return 0;
	case XFR_PART_ADD:
		if (rr->type == DNS_TYPE_SOA && !a->in_add) {
			a->in_add = true;
			a->at = rr_serial(rr);
			a->journal[a->njournal - 1].to = a->at;
		}
		a->added++;
		journal_put(&a->journal[a->njournal - 1].add,
		    &a->journal[a->njournal - 1].add_len, &a->add_cap,
		    &a->journal[a->njournal - 1].nadd, rr);
		return 0;
	}
	return CN_EINVAL;
}

void
xfr_apply_init(struct xfr_apply *a, const uint8_t *apex,
    const struct dns_zone *base, const char *label,
    struct dns_zone_report *rep)
{
	memset(a, 0, sizeof(*a));
	memcpy(a->apex, apex, dns_name_len(apex));
	a->base = base;
	a->label = label;
	a->rep = rep;
	a->ops.diff = on_diff;
	a->ops.rr = on_rr;
	a->ops.arg = a;
}

/* Reads the n packed records of buf (journal_put's form) into fn. */
static int
walk_packed(const uint8_t *buf, size_t len, uint32_t n,
    int (*fn)(void *arg, const struct xfr_rr *rr), void *arg)
{
	struct xfr_rr rr;
	size_t off = 0, olen;
	const uint8_t *p;
	int r;

	while (n-- > 0 && off < len) {
		p = buf + off;
		olen = dns_name_len(p);
		rr.owner = p;
		p += olen;
		rr.type = (uint16_t)(p[0] << 8 | p[1]);
		rr.rclass = (uint16_t)(p[2] << 8 | p[3]);
		rr.ttl = (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 |
		    (uint32_t)p[6] << 8 | p[7];
		rr.rdlen = (uint16_t)(p[8] << 8 | p[9]);
		rr.rdata = p + 10;
		off += olen + 10 + rr.rdlen;
		if ((r = fn(arg, &rr)) != 0)
			return r;
	}
	return 0;
}

struct replay {
	struct xfr_apply	*a;
	uint32_t		 at;	/* the serial the copy is at */
};

static int
replay_del(void *arg, const struct xfr_rr *rr)
{
	struct replay *rp = arg;
	char owner[DNS_NAME_MAX * 4 + 1];

	if (xfr_rrset_del(rp->a->set, rr) == 0)
		return 0;
	if (dns_name_to_text(rr->owner, owner, sizeof(owner)) < 0)
		owner[0] = '\0';
	snprintf(rp->a->err, sizeof(rp->a->err), "IXFR deletes %.80s type "
	    "%u, which the zone at serial %u does not have", owner, rr->type,
	    rp->at);
	return CN_ENOENT;
}

static int
replay_add(void *arg, const struct xfr_rr *rr)
{
	struct replay *rp = arg;

	return xfr_rrset_add(rp->a->set, rr);
}

/*
 * The differences received, applied in order to a working copy of base
 * (RFC 1995: a deletion must match a record).  Runs at the end, so the
 * copy is made where xfr_apply_finish() runs (the build thread).
 */
static int
replay(struct xfr_apply *a)
{
	struct replay rp = { a, 0 };
	size_t i;
	int r;

	a->set = xfr_rrset_new();
	xfr_rrset_fill(a->set, a->base);
	for (i = 0; i < a->njournal; i++) {
		const struct xfr_diff *d = &a->journal[i];

		rp.at = d->from;
		if ((r = walk_packed(d->del, d->del_len, d->ndel, replay_del,
		    &rp)) != 0 ||
		    (r = walk_packed(d->add, d->add_len, d->nadd, replay_add,
		    &rp)) != 0)
			return r;
	}
	return 0;
}

static int
build_one(void *arg, const struct xfr_rr *rr)
{
	return dns_zone_builder_add(arg, rr->owner, rr->type, rr->ttl,
	    rr->rdata, rr->rdlen);
}

struct dns_zone *
xfr_apply_finish(struct xfr_apply *a, enum xfr_result result)
{
	struct dns_zone *z = NULL;

	if (result == XFR_RESULT_ZONE && a->zb != NULL) {
		z = dns_zone_builder_finish(a->zb);
		a->zb = NULL;
	} else if (result == XFR_RESULT_IXFR && a->njournal > 0 &&
	    a->base != NULL) {
		if (replay(a) != 0) {
			xfr_apply_clear(a);
			return NULL;
		}
		a->zb = dns_zone_builder_new(a->apex, a->label, a->rep);
		(void)xfr_rrset_walk(a->set, build_one, a->zb);
		z = dns_zone_builder_finish(a->zb);
		a->zb = NULL;
	} else
		snprintf(a->err, sizeof(a->err), "nothing to build");
	if (z == NULL && a->err[0] == '\0')
		snprintf(a->err, sizeof(a->err), "the new zone fails its "
		    "checks");
	if (z != NULL && result == XFR_RESULT_IXFR &&
	    dns_zone_serial(z) != a->at) {
		snprintf(a->err, sizeof(a->err), "after the differences the "
		    "SOA serial is %u, not %u", dns_zone_serial(z), a->at);
		dns_zone_free(z);
		z = NULL;
	}
	xfr_apply_clear(a);
	return z;
}

void
xfr_apply_clear(struct xfr_apply *a)
{
	dns_zone_builder_free(a->zb);
	a->zb = NULL;
	xfr_rrset_free(a->set);
	a->set = NULL;
	for (size_t i = 0; i < a->njournal; i++) {
		free(a->journal[i].del);
		free(a->journal[i].add);
	}
	free(a->journal);
	a->journal = NULL;
	a->njournal = a->capjournal = 0;
}
