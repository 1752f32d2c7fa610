/* SPDX-License-Identifier: MIT */
/*
 * journal.c -- the journals of a snapshot's zones, for IXFR out: each
 * published version of a zone with a newer serial adds its difference
 * to the previous version (dns/journal.h) to what the zone had.  Runs on
 * the control thread in server_publish(), before the workers see snap.
 */
#include <stdlib.h>

#include "../common/log.h"
#include "../common/mem.h"
#include "../dns/journal.h"
#include "../dns/name.h"
#include "../dns/zone.h"
#include "server.h"

/* The journal prev had for the zone at apex. */
static const struct dns_journal *
prev_journal(const struct server_snapshot *prev, const uint8_t *apex,
    const struct dns_zone **old)
{
	size_t i;

	*old = dns_db_find_zone(prev->db, apex);
	if (*old != NULL && !dns_name_equal(dns_zone_apex(*old), apex))
		*old = NULL;
	for (i = 0; i < prev->njournals && i < prev->conf->nzones; i++)
		if (dns_name_equal(prev->conf->zones[i].apex, apex))
			return prev->journals[i];
	return NULL;
}

void
server_snapshot_journals(struct server_snapshot *snap,
    const struct server_snapshot *prev)
{
	const struct conf *conf = snap->conf;
	const struct dns_journal *oj;
	const struct dns_zone *z, *old;
	struct dns_diff *d;
	size_t i, max;

	if (snap->journals != NULL || prev == NULL)
		return;
	snap->journals = xcalloc(conf->nzones ? conf->nzones : 1,
	    sizeof(*snap->journals));
	snap->njournals = conf->nzones;
	for (i = 0; i < conf->nzones; i++) {
		z = dns_db_find_zone(snap->db, conf->zones[i].apex);
		if (z == NULL || z->soa == NULL || z->nnodes == 0)
			continue;
		oj = prev_journal(prev, conf->zones[i].apex, &old);
		if (old == NULL || old->soa == NULL || old->nnodes == 0)
			continue;
		if (old == z || old->serial == z->serial) {
			snap->journals[i] = dns_journal_ref(oj);
			continue;
		}
		if ((int32_t)(z->serial - old->serial) <= 0)
			continue;	/* not newer (RFC 1982): start afresh */
		/* More changes than half the zone: AXFR is as good. */
		max = z->nrr / 2 > 16 ? z->nrr / 2 : 16;
		if ((d = dns_diff_new(old, z, max)) == NULL) {
			log_info("zone %s: serial %u -> %u changes too much to "
			    "keep for IXFR", conf->zones[i].domain, old->serial,
			    z->serial);
			continue;
		}
		log_info("zone %s: IXFR from %u to %u kept (%zu records "
		    "deleted, %zu added)", conf->zones[i].domain, d->from,
		    d->to, d->ndel, d->nadd);
		snap->journals[i] = dns_journal_append(oj, d);
	}
	snap->aconf.journals = snap->journals;
	snap->aconf.njournals = snap->njournals;
}
