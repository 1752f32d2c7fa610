/* SPDX-License-Identifier: MIT */
/*
 * answer.h -- turn one query message into one response message.
 *
 * The whole authoritative answering logic lives behind dns_answer(): query
 * parsing (FORMERR on malformed input), EDNS(0) with NSID and cookies,
 * CHAOS identity names, zone selection, RFC 1034 4.3.2 lookup with CNAME,
 * DNAME, wildcards and referrals, negative answers, additional records,
 * name compression and truncation.  It allocates nothing, takes no lock and
 * does no I/O: any worker thread may call it on a shared, immutable db.
 */
#ifndef CN_DNS_ANSWER_H
#define CN_DNS_ANSWER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct conf;
struct dns_db;
struct dns_journal;
struct dns_client;
struct dns_xfr_req;

#define DNS_COOKIE_SECRET_LEN	16

/* Where a client is, for location-dependent answers. */
struct dns_geo_client {
	int		 family;	/* AF_INET or AF_INET6 */
	uint8_t		 addr[16];	/* network order, 0 past len */
	uint8_t		 len;		/* bits known */
	bool		 ecs;		/* from the query's ECS option */
};

/*
 * A location-dependent RRset of the question's name: of its type, or a
 * CNAME (type DNS_TYPE_CNAME, one RDATA), which answers every type and is
 * followed inside the zone as a CNAME of the zone would be.
 */
struct dns_geo_answer {
	const uint8_t	*rdata;		/* count RDATAs: [len16][octets] each */
	uint16_t	 count;
	uint16_t	 type;		/* CNAME, else the question's */
	uint32_t	 ttl;
	uint8_t		 scope;		/* ECS SCOPE PREFIX-LENGTH */
	unsigned	 cell;		/* counts in dns_stats.geo_answers */
};

/*
 * The hook through which geo answers (src/geo, wired by the daemon) reach
 * the answering code.  zone is the answering zone's index in the db.
 * Both are called from worker threads, must not block or allocate.
 */
struct dns_geo_ops {
	/* True if the zone uses EDNS Client Subnet. */
	bool	(*zone_ecs)(const void *arg, size_t zone);
	/*
	 * True with *out if lname (lowercase wire) and qtype have one; asked
	 * for the question's name and for each CNAME target in the zone.
	 */
	bool	(*select)(const void *arg, size_t zone, const uint8_t *lname,
		    uint16_t qtype, const struct dns_geo_client *cl,
		    struct dns_geo_answer *out);
};

/* Per-snapshot answering options, from the configuration. */
struct dns_answer_conf {
	const char	*identity;	/* NSID, id.server, hostname.bind */
	const char	*version;	/* version.bind; NULL hides it */
	uint16_t	 udp_payload;	/* our EDNS payload; 0 = 1232 */
	bool		 nsid;		/* send NSID when asked */
	bool		 cookies;	/* answer DNS cookies (RFC 7873) */
	uint8_t		 cookie_secret[DNS_COOKIE_SECRET_LEN];
	/*
	 * Transfers, TSIG and NOTIFY (transfer.c): the configuration (keys,
	 * each zone's allow-transfer and primaries); NULL: none, so every
	 * signed query gets BADKEY and every transfer is refused.
	 */
	const struct conf *cfg;
	/* Called from a worker for each refused transfer or NOTIFY (the
	 * server logs it); NULL: nothing. */
	void		(*refused)(const struct dns_client *cl,
			    const uint8_t *apex, const char *what);
	/*
	 * Called from a worker for each NOTIFY accepted: zone indexes
	 * cfg->zones; serial is the SOA serial the NOTIFY carried, if any.
	 * Must not block.  NULL: accepted and answered, nothing else.
	 */
	void		(*notify)(void *arg, size_t zone, uint32_t serial,
			    bool has_serial);
	void		*notify_arg;
	/* IXFR out: journals[i] for the zone at db position i, or NULL. */
	struct dns_journal *const *journals;
	size_t		 njournals;
	/* NULL: no geo answers, ECS is an unknown option (as before). */
	const struct dns_geo_ops *geo;
	const void	*geo_arg;
};

/* Where the query came from and how. */
struct dns_client {
	const struct sockaddr	*addr;
	socklen_t		 addrlen;
	bool			 tcp;
};

/* Counters, one set per worker thread, summed when read. */
struct dns_stats {
	uint64_t	queries;
	uint64_t	responses;
	uint64_t	dropped;	/* no response sent */
	uint64_t	rcode[24];	/* by RCODE, extended included */
	uint64_t	truncated;
	uint64_t	edns;
	uint64_t	nsid;
	uint64_t	cookies;
	uint64_t	chaos;
	/*
	 * Not a counter: NULL, or an array the caller owns with one count per
	 * zone of the db, by the zone's position in it (the order of
	 * dns_db_add_zone()); the zone that answers a query counts it.
	 */
	uint64_t	*zone_queries;
	/*
	 * Not a counter either: NULL, or an array the caller owns, big enough
	 * for every dns_geo_answer.cell the geo hook gives; each geo answer
	 * counts in its cell.
	 */
	uint64_t	*geo_answers;
};

/*
 * Answers query (qlen octets) into resp (cap octets; give 65535 for TCP,
 * at least DNS_EDNS_DEFAULT for UDP, the function limits UDP itself).
 * Returns the response length, or 0 when nothing must be sent (the query
 * is too broken to answer, or is itself a response).  stats may be NULL.
 */
size_t	dns_answer(const struct dns_db *db, const struct dns_answer_conf *conf,
	    const struct dns_client *client, const uint8_t *query, size_t qlen,
	    uint8_t *resp, size_t cap, struct dns_stats *stats);

/*
 * The same over TCP, where an allowed AXFR or IXFR may start a transfer:
 * then it returns 0 with xfr->start set (xfr->start is cleared first) and
 * the caller streams the transfer (xfrout.h), taking its own reference on
 * xfr->zone before it leaves the RCU read section.
 */
size_t	dns_answer_xfr(const struct dns_db *db,
	    const struct dns_answer_conf *conf,
	    const struct dns_client *client, const uint8_t *query, size_t qlen,
	    uint8_t *resp, size_t cap, struct dns_stats *stats,
	    struct dns_xfr_req *xfr);

#endif
