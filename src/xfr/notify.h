/* SPDX-License-Identifier: MIT */
/*
 * notify.h -- outgoing NOTIFY (RFC 1996): tells a zone's `notify:` targets
 * when the serial it serves changes, on the control loop.
 *
 * The daemon calls notifier_update() after each snapshot it publishes
 * (start, reload, zone-reload, a transfer in); the notifier compares each
 * zone's serial with the last one it announced and sends a NOTIFY to every
 * target of a zone that changed (or that it sees for the first time, so a
 * restart is announced too), signed with the target's key if it has one,
 * from the zone's transfer-source if set.  Each target is retried over
 * UDP until it answers (RFC 1996 3.6): after NOTIFY_FIRST_MS, then twice
 * as long each time up to NOTIFY_MAX_MS, at most NOTIFY_RETRIES times.  A
 * newer serial replaces the NOTIFYs still pending for the zone.  Every
 * outcome is logged.  Control thread only.
 */
#ifndef CN_XFR_NOTIFY_H
#define CN_XFR_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "../common/loop.h"
#include "../conf/conf.h"

#define NOTIFY_RETRIES		5
#define NOTIFY_FIRST_MS		2000
#define NOTIFY_MAX_MS		60000	/* RFC 1996 3.6's interval */

struct dns_db;
struct notifier;

struct notifier	*notifier_new(struct loop *loop);
/* Drops every pending NOTIFY; NULL-safe. */
void		 notifier_free(struct notifier *nf);

/*
 * db (position i is conf->zones[i]) is now served: NOTIFY the targets of
 * every zone whose serial changed since the last call (empty zones, a
 * secondary without data, are skipped).  conf is not kept.
 */
void		 notifier_update(struct notifier *nf, const struct conf *conf,
		    const struct dns_db *db);

/* NOTIFYs sent (first sends and retries), answered, given up. */
struct notifier_stats {
	uint64_t	sent;
	uint64_t	acked;
	uint64_t	failed;
};
void		 notifier_stats(const struct notifier *nf,
		    struct notifier_stats *out);

#endif
