/* SPDX-License-Identifier: MIT */
/*
 * dnssec_check.h -- load-time checks of a pre-signed zone (RFC 4035, 5155).
 *
 * castnsd serves zones signed elsewhere and signs nothing itself, so what
 * it can do for the resolvers behind it is refuse to be surprised: after a
 * zone is built, these checks say whether a zone that claims to be signed
 * (DNSKEY at the apex) has RRSIGs for its authoritative RRsets, whether
 * its NSEC or NSEC3 chain is whole, and when its first signature expires.
 * Every problem is a warning (the zone is still served: withdrawing the
 * node for it is the operator's rule, dnssec-expiry-withdraw, in the
 * daemon).  Pure code: the caller passes the time and where messages go.
 */
#ifndef CN_DNS_DNSSEC_CHECK_H
#define CN_DNS_DNSSEC_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dns_zone;

/* A signature expiring within this time of the load is warned about. */
#define DNS_DNSSEC_SOON_SECS	(7 * 86400)
/* Messages of one kind given one by one; the rest are counted. */
#define DNS_DNSSEC_MSG_MAX	10

/* What the checks found; also kept in the zone (dns_dnssec_expire()). */
struct dns_dnssec_result {
	bool		 is_signed;	/* DNSKEY at the apex */
	bool		 nsec;		/* NSEC at the apex */
	bool		 nsec3;		/* NSEC3PARAM at the apex */
	int64_t		 expire;	/* earliest RRSIG expiration, Unix
					   seconds; 0 without any RRSIG */
	unsigned	 unsigned_rrsets;
	unsigned	 chain_errors;
	unsigned	 expired;	/* RRSIGs expired at the check */
	unsigned	 warnings;	/* messages given, counted ones too */
};

/*
 * Where the messages go: node is the index of the zone node the message is
 * about (zone->nodes), type the RRset's type (0: the node; RRSIG with the
 * type it covers in covered), so the loader can name the record's
 * file:line.
 */
struct dns_dnssec_sink {
	void	(*msg)(void *arg, uint32_t node, uint16_t type,
		    uint16_t covered, const char *text);
	void	*arg;
};

/*
 * Checks zone as loaded at Unix time now; stores the earliest expiration
 * in the zone and fills *out (may be NULL).  Control thread, before the
 * zone is published.
 */
void	dns_dnssec_check(struct dns_zone *zone, int64_t now,
	    const struct dns_dnssec_sink *sink,
	    struct dns_dnssec_result *out);

/* The earliest RRSIG expiration of the zone, Unix seconds; 0: none. */
int64_t	dns_dnssec_expire(const struct dns_zone *zone);
/* Unix time t as "2026-12-01 10:00:00 UTC" (cap >= 32); returns buf. */
const char *dns_dnssec_time_text(int64_t t, char *buf, size_t cap);
/*
 * "signatures expire 2026-12-01 10:00:00 UTC (in 5d 3h 2m)", or
 * "signatures EXPIRED at ..." once past, into buf (cap >= 80); NULL for a
 * zone without signatures.  Status and --check-zone show it.
 */
const char *dns_dnssec_expire_text(const struct dns_zone *zone, int64_t now,
	    char *buf, size_t cap);

/*
 * RFC 4034 3.1.5: a 32-bit signature time is serial arithmetic, the
 * instant within 68 years of now that it names.
 */
int64_t	dns_dnssec_time(uint32_t t, int64_t now);

#endif
