/* SPDX-License-Identifier: MIT */
/*
 * xfrin.h -- the secondary: keeps every zone with primaries fresh from
 * them, on the control loop.
 *
 * Per secondary zone a small state machine: SOA query to the primaries in
 * order (UDP, TCP when truncated), RFC 1982 serial comparison, IXFR (or
 * AXFR without a copy, or after a failed IXFR) over non-blocking TCP,
 * the new zone built aside and checked, persisted (temp file, fsync,
 * rename, fsync of the directory) and only then handed to the daemon to
 * publish.  Refresh, retry and expire come from the zone's SOA (clamped,
 * see XFRIN_*); NOTIFY asks for a refresh at once.  Past expire the zone
 * is reported expired: the daemon serves it as SERVFAIL and withdraws the
 * anycast prefixes.  Control thread only, but xfrin_notify(), which a
 * DNS worker may call.
 */
#ifndef CN_XFR_XFRIN_H
#define CN_XFR_XFRIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/loop.h"
#include "../conf/conf.h"

struct dns_zone;
struct dns_db;

/* Bounds on the SOA timers, seconds (a typo in a SOA cannot stall or
 * flood). */
#define XFRIN_REFRESH_MIN	2
#define XFRIN_REFRESH_MAX	86400
#define XFRIN_RETRY_MIN		1
#define XFRIN_RETRY_MAX		3600
#define XFRIN_EXPIRE_MIN	10
#define XFRIN_EXPIRE_MAX	(90 * 86400)
/* Until a copy's SOA says otherwise (RFC 1035 3.3.13 suggests no more). */
#define XFRIN_DEFAULT_REFRESH	3600
#define XFRIN_DEFAULT_RETRY	30
#define XFRIN_DEFAULT_EXPIRE	1209600
/* Step timeouts, ms. */
#define XFRIN_UDP_TIMEOUT_MS	2000
#define XFRIN_CONNECT_MS	5000
#define XFRIN_IDLE_MS		10000	/* no data for this long on TCP */
#define XFRIN_TOTAL_MS		600000	/* one transfer, start to end */
#define XFRIN_NOTIFY_QUEUE	256

struct xfrin_ops {
	/*
	 * Publishes z (ownership passes) as conf->zones[zone], every other
	 * zone unchanged.  Returns 0, or a cn_err (then z has been freed and
	 * the old version is served on).
	 */
	int	(*swap)(void *arg, size_t zone, struct dns_zone *z);
	/* A zone expired or came back: the daemon recomputes its state. */
	void	(*expiry)(void *arg, size_t zone, bool expired);
};

/* What castnsctl zone-status shows of one zone. */
struct xfrin_status {
	const char	*zone;
	bool		 secondary;
	bool		 have_data;
	bool		 expired;
	uint32_t	 serial;
	bool		 primary_known;
	uint32_t	 primary_serial;	/* last seen */
	const char	*primary;	/* the last one asked, ADDR@PORT */
	int64_t		 last_refresh;	/* wall clock s, 0: never */
	int64_t		 last_attempt;
	char		 last_result[256];
	uint64_t	 next_refresh_ms;	/* from now; 0: running */
	int64_t		 expires_in_ms;	/* INT64_MAX: no copy to expire */
	uint32_t	 refresh, retry, expire;	/* in use, s */
	bool		 running;	/* a refresh or transfer now */
	uint64_t	 refreshes, failures, transfers;
	double		 last_transfer_s;	/* duration */
	const char	*last_transfer_kind;	/* "AXFR", "IXFR", "" */
};

struct xfrin;

struct xfrin	*xfrin_new(struct loop *loop, const struct xfrin_ops *ops,
		    void *arg);
/* Stops every job; NULL-safe. */
void		 xfrin_free(struct xfrin *x);

/*
 * Takes (a reference to) conf at start and on every reload, with the db
 * about to be published for it (db position i is conf->zones[i]): a
 * secondary's zone there, if not empty, is its current copy (a reference
 * is kept).  Zones keep their timers and expiry across a reload by name;
 * a new zone's first refresh is scheduled at once.  Returns 0.  After
 * it, xfrin_zone_down() says which zones the daemon must publish empty.
 */
int		 xfrin_configure(struct xfrin *x, struct conf *conf,
		    const struct dns_db *db);

/*
 * Thread-safe: a NOTIFY for conf->zones[zone] (of the snapshot the
 * caller read) arrived from one of its primaries.  A serial the zone
 * already has is ignored; otherwise a refresh starts at once (or right
 * after the one running).
 */
void		 xfrin_notify(struct xfrin *x, size_t zone, uint32_t serial,
		    bool has_serial);

/*
 * castnsctl zone-refresh: refresh the named zone ("example.com.") now.
 * Returns 0, CN_ENOENT (no such zone) or CN_EINVAL (not a secondary).
 */
int		 xfrin_refresh(struct xfrin *x, const char *name);

/* True if conf->zones[zone] is a secondary without usable data. */
bool		 xfrin_zone_down(const struct xfrin *x, size_t zone);
/*
 * True if every secondary zone has data that has not expired; otherwise
 * false with the first reason in why ("zone example.test. expired").
 */
bool		 xfrin_healthy(const struct xfrin *x, char *why, size_t len);

size_t		 xfrin_zone_count(const struct xfrin *x);
void		 xfrin_status(const struct xfrin *x, size_t zone,
		    struct xfrin_status *out);
/* Totals for the metrics endpoint. */
uint64_t	 xfrin_failures_total(const struct xfrin *x);

#endif
