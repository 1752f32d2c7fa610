/* SPDX-License-Identifier: MIT */
/*
 * compr.h -- writing names and RDATA into a DNS message with name
 * compression (RFC 1035 4.1.4), shared by the answer path and the zone
 * transfer stream.
 *
 * The table remembers where each uncompressed suffix was written.  A table
 * of one bucket is a plain list, searched without hashing: right for an
 * answer's few dozen names; a transfer's messages hold a thousand names
 * and hash them into buckets.  The caller owns the storage, so the answer
 * path keeps it on the stack and allocates nothing.
 */
#ifndef CN_DNS_COMPR_H
#define CN_DNS_COMPR_H

#include <stddef.h>
#include <stdint.h>

#include "../common/wbuf.h"

struct dns_compr_ent {
	const uint8_t	*name;		/* an uncompressed suffix */
	uint16_t	 off;
	int16_t		 next;		/* chain in its bucket, -1 ends */
	uint16_t	 bucket;
};

struct dns_compr {
	struct dns_compr_ent	*ent;
	unsigned		 n, cap;	/* cap <= INT16_MAX */
	int16_t			*heads;		/* mask + 1 buckets */
	unsigned		 mask;		/* buckets - 1, a power of 2 */
};

/* ent holds cap entries, heads nbuckets (a power of two, 1 is fine). */
void	dns_compr_init(struct dns_compr *ct, struct dns_compr_ent *ent,
	    unsigned cap, int16_t *heads, unsigned nbuckets);
/* Forgets every name: a new message. */
void	dns_compr_reset(struct dns_compr *ct);
/* Forgets the names remembered since there were n (a record undone). */
void	dns_compr_undo(struct dns_compr *ct, unsigned n);

/*
 * Remembers that the uncompressed name was written at message offset off
 * (the question, written as it came); the caller adds its suffixes too.
 */
void	dns_compr_add(struct dns_compr *ct, const uint8_t *name, size_t off);
/* Writes a wire name, compressed against the names remembered. */
void	dns_put_name(struct wbuf *w, struct dns_compr *ct,
	    const uint8_t *name);
/*
 * Writes RDATA of type, compressing the names RFC 3597 4 allows to be
 * compressed (NS, CNAME, PTR, MX, SOA and the obsolete RFC 1035 types).
 */
void	dns_put_rdata(struct wbuf *w, struct dns_compr *ct, uint16_t type,
	    const uint8_t *rd, size_t len);

/* Length of the uncompressed wire name at p within len octets, or 0. */
size_t	dns_name_len_in(const uint8_t *p, size_t len);

#endif
