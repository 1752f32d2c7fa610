/* SPDX-License-Identifier: MIT */
/*
 * xfrout.h -- outgoing zone transfers (AXFR, RFC 5936; IXFR in AXFR form,
 * RFC 1995 4): a cursor over one zone that writes the transfer's messages
 * one at a time, so a worker can interleave them with its other clients.
 *
 * dns_answer() decides whether a transfer may start (zone, allow-transfer,
 * TSIG, transport) and describes it in a struct dns_xfr_req; the TCP code
 * turns that into a struct dns_xfrout, which holds a reference on the zone
 * (not the RCU read lock) and a copy of the TSIG key, and asks it for the
 * next message whenever the socket has room.  No I/O, no logging.
 */
#ifndef CN_DNS_XFROUT_H
#define CN_DNS_XFROUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "../conf/conf.h"
#include "dns.h"
#include "tsig.h"

struct dns_journal;
struct dns_zone;

/*
 * Messages aim at this size, as Knot's do: small enough that every name
 * stays in reach of a compression pointer (offsets < 16 KiB).  A record
 * that does not fit goes alone into a message of up to 64 KiB.
 */
#define DNS_XFR_MSG_TARGET	16384

/* What dns_answer() leaves for the caller when a transfer is to start. */
struct dns_xfr_req {
	bool			 start;		/* set: stream the transfer */
	const struct dns_zone	*zone;
	uint16_t		 id;
	uint16_t		 qtype;		/* AXFR or IXFR */
	uint8_t			 question[DNS_NAME_MAX + 4];	/* as asked */
	size_t			 question_len;
	bool			 edns;		/* answer with an OPT */
	bool			 rd;		/* the query's RD, copied */
	uint16_t		 payload;	/* our EDNS payload */
	bool			 tsig_on;
	struct dns_tsig_ctx	 tsig;		/* ready to sign the answer */
	/* IXFR: the differences from journal->d[from] on; NULL: AXFR form. */
	const struct dns_journal *journal;
	size_t			 from;
};

struct dns_xfrout;

/*
 * True if the client at sa may transfer zone z of its configuration:
 * one allow-transfer entry holds its address and either names no key or
 * the key the request was signed with (key: lowercase wire name of a
 * verified TSIG key, or NULL if unsigned).  IPv4-mapped IPv6 addresses
 * match IPv4 entries.
 */
bool	dns_xfr_allowed(const struct conf_zone *z, const struct conf *conf,
	    const struct sockaddr *sa, const uint8_t *key);

/*
 * Starts a transfer from req: takes a reference on req->zone (and on
 * req->journal) and copies the TSIG context (req's is left as it was).
 * Never fails (xcalloc aborts when out of memory).
 */
struct dns_xfrout *dns_xfrout_new(const struct dns_xfr_req *req);

/*
 * Writes the next message of the transfer into buf (cap octets, at least
 * DNS_MSG_MAX) and returns its length; 0 once every message was written.
 * The zone's SOA comes first and last and every other record of the zone
 * in between (glue and occluded data included), or with a journal the
 * differences in RFC 1995 4 form (for each: old SOA, deletions, new SOA,
 * additions); names are compressed within each message; with TSIG
 * every message is signed (now: seconds since the epoch).  A 0 before
 * the end (a record that fits no message) means the transfer failed:
 * dns_xfrout_complete() says which.
 */
size_t	dns_xfrout_next(struct dns_xfrout *x, uint8_t *buf, size_t cap,
	    uint64_t now);

/* True once the last message (the closing SOA) was written. */
bool	dns_xfrout_complete(const struct dns_xfrout *x);
/* The zone's apex and serial; messages and records written so far. */
const uint8_t *dns_xfrout_apex(const struct dns_xfrout *x);
uint32_t dns_xfrout_serial(const struct dns_xfrout *x);
unsigned dns_xfrout_messages(const struct dns_xfrout *x);
size_t	dns_xfrout_records(const struct dns_xfrout *x);

/* Drops the zone reference and wipes the key; NULL-safe. */
void	dns_xfrout_free(struct dns_xfrout *x);

#endif
