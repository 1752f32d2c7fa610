/* SPDX-License-Identifier: MIT */
/*
 * snapshot.c -- builds one generation of served data from a configuration:
 * every zone loaded and checked into a fresh database, the answering
 * options resolved (identity from the host name, a random cookie secret).
 * Runs in the control thread, beside the snapshot the workers still use;
 * nothing here touches the running one, so a failure leaves it serving.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "../common/err.h"
#include "../common/log.h"
#include "../common/mem.h"
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
		if ((r = dns_db_add_zone(snap->db, zone)) != 0) {
			dns_zone_free(zone);
			log_err("zone %s: cannot add: %s", cz->domain,
			    cn_strerror(r));
			goto fail;
		}
	}
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
	if (conf->cookie_secret_set)
		memcpy(snap->aconf.cookie_secret, conf->cookie_secret,
		    DNS_COOKIE_SECRET_LEN);
	else if (prev != NULL && !prev->conf->cookie_secret_set)
		memcpy(snap->aconf.cookie_secret, prev->aconf.cookie_secret,
		    DNS_COOKIE_SECRET_LEN);
	else if (getrandom(snap->aconf.cookie_secret, DNS_COOKIE_SECRET_LEN,
	    0) != DNS_COOKIE_SECRET_LEN) {
		log_warn("getrandom");
		r = CN_EINVAL;
		goto fail;
	}
	snap->generation = ++generations;
	*out = snap;
	return 0;
fail:
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
	conf_free(snap->conf);
	explicit_bzero(snap->aconf.cookie_secret,
	    sizeof(snap->aconf.cookie_secret));
	free(snap);
}
