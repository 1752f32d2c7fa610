/* SPDX-License-Identifier: MIT */
/*
 * snapshot.c -- builds one generation of served data from a configuration:
 * every zone loaded and checked into a fresh database, the answering
 * options resolved (identity from the host name, a random cookie secret).
 * Runs in the control thread, beside the snapshot the workers still use;
 * nothing here touches the running one, so a failure leaves it serving.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "../common/err.h"
#include "../common/log.h"
#include "../common/mem.h"
#include "../dns/journal.h"
#include "../dns/zone.h"
#include "server.h"
#include "worker.h"

static uint64_t	generations;

static void
zone_msg(void *arg, bool isfatal, const char *file, unsigned line,
    const char *text)
{
	const char *zone = arg;

	if (isfatal)
		log_err("zone %s: %s:%u: %s", zone, file, line, text);
	else
		log_warnx("zone %s: %s:%u: %s", zone, file, line, text);
}

static double
elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/*
 * A secondary's persisted copy.  None yet (first start), or one that does
 * not load: the zone is served empty (SERVFAIL, as Knot) until a transfer
 * brings it, rather than refusing the whole configuration.
 */
static struct dns_zone *
secondary_load(const struct conf_zone *cz, struct dns_zone_report *rep,
    const struct timespec *t0)
{
	struct dns_zone *zone;

	if (access(cz->path, F_OK) != 0 && errno == ENOENT) {
		log_info("zone %s: secondary, no copy in %s yet: SERVFAIL "
		    "until the first transfer", cz->domain, cz->path);
		return dns_zone_new_empty(cz->apex);
	}
	zone = dns_zone_load(cz->apex, cz->path, rep);
	if (zone == NULL) {
		log_err("zone %s: secondary copy %s not loaded (%u errors): "
		    "SERVFAIL until the next transfer", cz->domain, cz->path,
		    rep->errors);
		return dns_zone_new_empty(cz->apex);
	}
	log_info("zone %s loaded from %s (secondary copy): serial %u, %zu "
	    "records, %.1f ms", cz->domain, cz->path, dns_zone_serial(zone),
	    dns_zone_rr_count(zone), elapsed_ms(t0));
	return zone;
}

static int	snapshot_options(struct server_snapshot *snap,
		    const struct server_snapshot *prev);

int
server_snapshot_new(struct conf *conf, const struct server_snapshot *prev,
    struct server_snapshot **out)
{
	struct server_snapshot *snap;
	struct dns_zone_report rep;
	struct dns_zone *zone;
	struct timespec t0;
	size_t i;
	int r;

	snap = xcalloc(1, sizeof(*snap));
	snap->conf = conf;
	snap->db = dns_db_new();
	if (snap->db == NULL) {
		r = CN_ENOMEM;
		goto fail;
	}
	for (i = 0; i < conf->nzones; i++) {
		struct conf_zone *cz = &conf->zones[i];

		memset(&rep, 0, sizeof(rep));
		rep.msg = zone_msg;
		rep.arg = cz->domain;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (cz->nprimaries > 0) {
			zone = secondary_load(cz, &rep, &t0);
			goto add;
		}
		zone = dns_zone_load(cz->apex, cz->path, &rep);
		if (zone == NULL) {
			log_err("zone %s: %s not loaded (%u errors)",
			    cz->domain, cz->path, rep.errors);
			r = CN_EZONE;
			goto fail;
		}
		log_info("zone %s loaded from %s: serial %u, %zu records, "
		    "%.1f ms%s", cz->domain, cz->path, dns_zone_serial(zone),
		    dns_zone_rr_count(zone), elapsed_ms(&t0),
		    rep.warnings ? " (with warnings)" : "");
add:
		if ((r = dns_db_add_zone(snap->db, zone)) != 0) {
			dns_zone_free(zone);
			log_err("zone %s: cannot add: %s", cz->domain,
			    cn_strerror(r));
			goto fail;
		}
	}
	if ((r = snapshot_options(snap, prev)) != 0)
		goto fail;
	*out = snap;
	return 0;
fail:
	server_snapshot_free(snap);
	return r;
}

/* Identity, answering options and the cookie secret (prev's if random). */
static int
snapshot_options(struct server_snapshot *snap,
    const struct server_snapshot *prev)
{
	const struct conf *conf = snap->conf;

	if (conf->identity != NULL)
		snprintf(snap->identity, sizeof(snap->identity), "%s",
		    conf->identity);
	else if (gethostname(snap->identity, sizeof(snap->identity) - 1) != 0
	    || snap->identity[0] == '\0')
		snprintf(snap->identity, sizeof(snap->identity), "castnsd");
	snap->aconf.identity = snap->identity;
	snap->aconf.version = conf->version;
	snap->aconf.udp_payload = conf->udp_payload;
	snap->aconf.nsid = conf->nsid;
	snap->aconf.cookies = true;
	/* Keys, allow-transfer, primaries; refusals logged by the server. */
	snap->aconf.cfg = conf;
	snap->aconf.refused = server_log_refused;
	/* The daemon's NOTIFY hook, until it sets one again. */
	if (prev != NULL) {
		snap->aconf.notify = prev->aconf.notify;
		snap->aconf.notify_arg = prev->aconf.notify_arg;
	}
	if (conf->cookie_secret_set)
		memcpy(snap->aconf.cookie_secret, conf->cookie_secret,
		    DNS_COOKIE_SECRET_LEN);
	else if (prev != NULL && !prev->conf->cookie_secret_set)
		memcpy(snap->aconf.cookie_secret, prev->aconf.cookie_secret,
		    DNS_COOKIE_SECRET_LEN);
	else if (getrandom(snap->aconf.cookie_secret, DNS_COOKIE_SECRET_LEN,
	    0) != DNS_COOKIE_SECRET_LEN) {
		log_warn("getrandom");
		return CN_EINVAL;
	}
	snap->generation = ++generations;
	return 0;
}

int
server_snapshot_set_zone(struct server_snapshot *snap, size_t idx,
    struct dns_zone *zone)
{
	struct dns_db *db = dns_db_new();
	const struct dns_zone *old;
	struct dns_zone *z;
	size_t i;
	int r;

	for (i = 0; i < snap->conf->nzones; i++) {
		old = dns_db_find_zone(snap->db, snap->conf->zones[i].apex);
		if (i == idx)
			z = zone;
		else if (old != NULL)
			z = dns_zone_ref((struct dns_zone *)(uintptr_t)old);
		else {
			r = CN_ENOENT;
			goto fail;
		}
		if (i == idx)
			zone = NULL;
		if ((r = dns_db_add_zone(db, z)) != 0) {
			dns_zone_free(z);
			goto fail;
		}
	}
	if (zone != NULL) {
		r = CN_ENOENT;
		goto fail;
	}
	dns_db_free(snap->db);
	snap->db = db;
	return 0;
fail:
	dns_zone_free(zone);
	dns_db_free(db);
	return r;
}

int
server_snapshot_replace(const struct server_snapshot *cur, size_t idx,
    struct dns_zone *zone, struct server_snapshot **out)
{
	struct server_snapshot *snap;
	const struct dns_zone *old;
	struct dns_zone *z;
	size_t i;
	int r;

	snap = xcalloc(1, sizeof(*snap));
	snap->conf = conf_ref(cur->conf);
	snap->db = dns_db_new();
	for (i = 0; i < snap->conf->nzones; i++) {
		if (i == idx) {
			z = zone;
			zone = NULL;
		} else {
			old = dns_db_find_zone(cur->db,
			    snap->conf->zones[i].apex);
			if (old == NULL) {
				r = CN_ENOENT;
				goto fail;
			}
			/* The same object, one more reference. */
			z = dns_zone_ref((struct dns_zone *)(uintptr_t)old);
		}
		if ((r = dns_db_add_zone(snap->db, z)) != 0) {
			dns_zone_free(z);
			goto fail;
		}
	}
	if (zone != NULL) {
		r = CN_ENOENT;
		goto fail;
	}
	if ((r = snapshot_options(snap, cur)) != 0)
		goto fail;
	*out = snap;
	return 0;
fail:
	dns_zone_free(zone);
	server_snapshot_free(snap);
	return r;
}

void
server_snapshot_free(struct server_snapshot *snap)
{
	if (snap == NULL)
		return;
	if (snap->geo_free != NULL)
		snap->geo_free(snap->geo);
	dns_db_free(snap->db);
	free(snap->zone_counts);
	free(snap->zone_base);
	for (size_t i = 0; i < snap->njournals; i++)
		dns_journal_free(snap->journals[i]);
	free(snap->journals);
	conf_free(snap->conf);
	explicit_bzero(snap->aconf.cookie_secret,
	    sizeof(snap->aconf.cookie_secret));
	free(snap);
}
