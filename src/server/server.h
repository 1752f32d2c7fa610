/* SPDX-License-Identifier: MIT */
/*
 * server.h -- the DNS data plane: worker threads serving UDP and TCP.
 *
 * The control thread builds a snapshot (configuration, zone database and
 * answering options) and publishes it; workers read the current snapshot
 * under an RCU read lock (liburcu, memb flavour) and never see it change
 * while they use it.  Each worker owns one SO_REUSEPORT UDP socket and one
 * TCP listener per listen address, its own epoll set, buffers and
 * counters: no lock and no allocation on the UDP answer path.  All
 * functions here are called from the control thread only.
 */
#ifndef CN_SERVER_SERVER_H
#define CN_SERVER_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "../conf/conf.h"
#include "../dns/answer.h"

#define SERVER_UDP_BATCH	64
#define SERVER_UDP_BUF		CONF_UDP_PAYLOAD_MAX
#define SERVER_BEAT_MS		500	/* a worker's longest sleep */
#define SERVER_TCP_OUT_MAX	(2 * (DNS_MSG_MAX + 2))	/* per connection */

/* One immutable generation of everything the workers read. */
struct server_snapshot {
	struct conf		*conf;		/* owned */
	struct dns_db		*db;		/* owned */
	struct dns_answer_conf	 aconf;		/* strings point into conf */
	char			 identity[CONF_IDENTITY_MAX + 1];
	uint64_t		 generation;
	/*
	 * Geo answers (aconf.geo_arg), set by the daemon before the snapshot
	 * is published: freed with it by geo_free, before conf.
	 */
	void			*geo;
	void			(*geo_free)(void *geo);
	size_t			 geo_cells;	/* geo answer counters */
	/*
	 * Per-zone query counts, then the geo_cells geo answer counts: one
	 * row of zone_stride counters per worker (rows a multiple of 64
	 * octets apart, so workers never share a cache line), allocated when
	 * the snapshot is started or published.  zone_base carries each
	 * count over from the snapshot before (geo counts only while the
	 * geo regions stay the same).
	 */
	uint64_t		*zone_counts;
	uint64_t		*zone_base;
	size_t			 zone_stride;
	/*
	 * IXFR out: per zone (conf->zones order) the differences of its last
	 * versions, or NULL (journal.c; computed by server_publish()).
	 */
	struct dns_journal	**journals;
	size_t			 njournals;
};

/* TCP and socket counters beside the DNS ones, per worker. */
struct server_tcp_stats {
	uint64_t	accepted;
	uint64_t	closed_idle;	/* by tcp-idle-timeout */
	uint64_t	closed_full;	/* oldest closed for a new client */
	uint64_t	closed_bad;	/* framing error */
	uint64_t	udp_send_errors;
};

enum server_proto {
	SERVER_UDP,
	SERVER_TCP,
	SERVER_PROTO_COUNT
};

enum server_family {
	SERVER_IPV4,
	SERVER_IPV6,
	SERVER_FAMILY_COUNT
};

/*
 * A histogram: count[i] observations <= bound[i] and above the bound
 * before it, count[nbounds] above the last (Prometheus' +Inf); not
 * cumulative.  sum adds every observation.
 */
#define SERVER_HIST_MAX		12
#define SERVER_LATENCY_BOUNDS	10
#define SERVER_SIZE_BOUNDS	11

struct server_hist {
	uint64_t	count[SERVER_HIST_MAX + 1];
	uint64_t	sum;
};

/* Answer latency bounds in nanoseconds, response size bounds in octets. */
extern const uint32_t	server_latency_bounds[SERVER_LATENCY_BOUNDS];
extern const uint32_t	server_size_bounds[SERVER_SIZE_BOUNDS];

/* Everything the metrics endpoint shows of the data plane, summed. */
struct server_metrics {
	struct dns_stats	dns[SERVER_PROTO_COUNT][SERVER_FAMILY_COUNT];
	/* Time dns_answer() took per query, ns; response sizes, octets. */
	struct server_hist	latency[SERVER_PROTO_COUNT];
	struct server_hist	size[SERVER_PROTO_COUNT];
	struct server_tcp_stats	tcp;
};

struct server;
struct dns_zone;

/*
 * Loads every zone of conf and builds a snapshot; takes ownership of conf
 * (freed on failure too).  prev (may be NULL) lends its random cookie
 * secret when conf sets none, so cookies survive a reload.  Logs each
 * zone (name, serial, records, time) and each problem with its file:line.
 * Returns 0 or a negative cn_err.
 */
int	server_snapshot_new(struct conf *conf,
	    const struct server_snapshot *prev, struct server_snapshot **out);
void	server_snapshot_free(struct server_snapshot *snap);
/*
 * Gives snap (about to replace prev, which may be NULL) the journals of
 * its zones: prev's carried over where the serial did not change, with
 * one more difference where it grew (RFC 1982), none otherwise.  Called
 * by server_publish(); logs each difference kept.
 */
void	server_snapshot_journals(struct server_snapshot *snap,
	    const struct server_snapshot *prev);
/*
 * A new snapshot of cur's configuration where conf->zones[idx] is zone
 * (ownership passes, freed on failure too) and every other zone is cur's
 * object, shared by reference: a transferred zone goes live without
 * loading the others again.  Geo is not copied: the daemon attaches it.
 * Returns 0 or a negative cn_err.
 */
int	server_snapshot_replace(const struct server_snapshot *cur, size_t idx,
	    struct dns_zone *zone, struct server_snapshot **out);
/* Same, in place, for a snapshot not published yet. */
int	server_snapshot_set_zone(struct server_snapshot *snap, size_t idx,
	    struct dns_zone *zone);

/*
 * Opens the sockets: workers x listen addresses, UDP and TCP.  Binding
 * problems are logged with the address.  Returns NULL on failure.
 */
struct server	*server_new(const struct conf *conf, unsigned workers);
/* Starts the workers on snap (ownership passes to the server). */
int		 server_start(struct server *srv, struct server_snapshot *snap);
/* Replaces the snapshot; returns once no worker can see the old one,
 * which is then freed. */
void		 server_publish(struct server *srv,
		    struct server_snapshot *snap);
const struct server_snapshot *server_current(const struct server *srv);
/* Stops accepting, closes connections, joins the workers. */
void		 server_stop(struct server *srv);
/* Frees sockets and the current snapshot; NULL-safe. */
void		 server_free(struct server *srv);
unsigned	 server_workers(const struct server *srv);
/* The addresses served (the configured ones, or the default wildcards). */
size_t		 server_listen_count(const struct server *srv);
const char	*server_listen_text(const struct server *srv, size_t i);
/*
 * The worker that has not turned its loop for the longest time: returns
 * how long ago (ms) and its id in *worker; UINT64_MAX when a worker has
 * quit.  An idle worker still turns every SERVER_BEAT_MS, so anything much
 * longer means a stuck worker.
 */
uint64_t	 server_stalest_worker(const struct server *srv, uint64_t now_ms,
		    unsigned *worker);
/* Transfers out, refusals and TSIG errors, counted by all workers. */
struct server_xfr_stats {
	uint64_t	xfr_done;	/* transfers out sent whole */
	uint64_t	xfr_cut_short;	/* closed or failed before the end */
	uint64_t	xfr_refused;	/* AXFR/IXFR outside allow-transfer */
	uint64_t	notify_refused;	/* NOTIFY not from a primary */
	uint64_t	tsig_error[4];	/* BADKEY, BADSIG, BADTIME, BADTRUNC */
};
void		 server_xfr_stats(struct server_xfr_stats *out);

/* Sums the workers' counters (approximate while they run). */
void		 server_stats(const struct server *srv, struct dns_stats *dns,
		    struct server_tcp_stats *tcp);

/* The data plane's counters by protocol and family (approximate while the
 * workers run, like server_stats()). */
void		 server_metrics(const struct server *srv,
		    struct server_metrics *out);
/*
 * Queries answered by zone i of the current snapshot (its conf->zones[i]),
 * counted across reloads for as long as the zone stays configured.
 */
uint64_t	 server_zone_queries(const struct server *srv, size_t i);
/* Geo answers counted in cell (dns_geo_answer.cell), across reloads. */
uint64_t	 server_geo_answers(const struct server *srv, size_t cell);

#endif
