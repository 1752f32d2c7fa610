/* SPDX-License-Identifier: MIT */
/*
 * apply.c -- turns a parsed transfer stream into a new zone, built aside:
 * a whole zone record by record into the zone builder, or IXFR
 * differences (RFC 1995) applied to a working copy of the zone served now.
 * A deletion that matches nothing, a difference that starts elsewhere than
 * where the last one ended, or a result that fails the zone checks refuses
 * the transfer; the caller then keeps serving what it has (and falls back
 * to AXFR for an IXFR).  No I/O.
 */
#include <stdio.h>
#include <string.h>

#include "../common/err.h"
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

static int
on_diff(void *arg, uint32_t from)
{
	struct xfr_apply *a = arg;

	if (a->zb != NULL) {
		snprintf(a->err, sizeof(a->err), "IXFR difference after zone "
		    "data");
		return CN_EPROTO;
	}
	if (a->set == NULL) {
		if (a->base == NULL || dns_zone_rr_count(a->base) == 0) {
			snprintf(a->err, sizeof(a->err), "IXFR differences "
			    "but no zone to apply them to");
			return CN_EPROTO;
		}
		a->at = dns_zone_serial(a->base);
		a->set = xfr_rrset_new();
		xfr_rrset_fill(a->set, a->base);
	}
	if (from != a->at) {
		snprintf(a->err, sizeof(a->err), "IXFR difference from serial "
		    "%u, but the zone is at %u", from, a->at);
		return CN_EPROTO;
	}
	a->in_add = false;
	a->diffs++;
	return 0;
}

static int
on_rr(void *arg, enum xfr_part part, const struct xfr_rr *rr)
{
	struct xfr_apply *a = arg;
	char owner[DNS_NAME_MAX * 4 + 1];

	switch (part) {
	case XFR_PART_ZONE:
		if (a->set != NULL) {
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
		if (xfr_rrset_del(a->set, rr) != 0) {
			if (dns_name_to_text(rr->owner, owner,
			    sizeof(owner)) < 0)
				owner[0] = '\0';
			snprintf(a->err, sizeof(a->err), "IXFR deletes %s "
			    "type %u, which the zone at serial %u does not "
			    "have", owner, rr->type, a->at);
			return CN_ENOENT;
		}
		a->deleted++;
		return 0;
	case XFR_PART_ADD:
		if (rr->type == DNS_TYPE_SOA && !a->in_add) {
			a->in_add = true;
			a->at = rr_serial(rr);
		}
		a->added++;
		return xfr_rrset_add(a->set, rr);
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
	} else if (result == XFR_RESULT_IXFR && a->set != NULL) {
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
}
