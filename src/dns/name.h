/* SPDX-License-Identifier: MIT */
/*
 * name.h -- domain names in uncompressed wire form.
 *
 * A name is a sequence of length-prefixed labels ending in the root label 0,
 * at most DNS_NAME_MAX octets.  Functions here never read past the name's
 * terminating zero; names from the network go through dns_name_unpack().
 * Pure functions: no I/O, no globals but the constant case table.
 */
#ifndef CN_DNS_NAME_H
#define CN_DNS_NAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns.h"

/* Lowercase table for ASCII octets; other octets map to themselves. */
extern const uint8_t dns_lower[256];

/*
 * Parses presentation text (len octets, not NUL-terminated) into out.
 * Handles "@", \X and \DDD escapes, and relative names, which are appended
 * to origin (a wire name; NULL means relative names are an error).
 * Returns the wire length, or CN_ENAME, CN_ELABEL, CN_ENAMELEN.
 */
int	dns_name_from_text(uint8_t out[DNS_NAME_MAX], const char *text,
	    size_t len, const uint8_t *origin);

/*
 * Writes the presentation form with a trailing dot, escaping as RFC 4343
 * does.  Returns the text length, or CN_ESPACE if cap is too small.
 */
int	dns_name_to_text(const uint8_t *name, char *buf, size_t cap);

/*
 * Reads a possibly compressed name at *off of msg into out, advancing *off
 * past it.  Pointers must point strictly backwards (which also bounds the
 * hops).  Returns the uncompressed length, or CN_ETRUNC, CN_ELOOP, CN_ELABEL
 * (also for the reserved 0x40/0x80 label types) or CN_ENAMELEN.
 */
int	dns_name_unpack(const uint8_t *msg, size_t msglen, size_t *off,
	    uint8_t out[DNS_NAME_MAX]);

/* Length in octets of a valid wire name, including the root label. */
size_t	dns_name_len(const uint8_t *name);
/* Number of labels, not counting the root. */
unsigned dns_name_labels(const uint8_t *name);
/* The name with its first label removed; the root's parent is NULL. */
const uint8_t *dns_name_parent(const uint8_t *name);
void	dns_name_lower(uint8_t *name);
/* Case-insensitive equality (RFC 4343). */
bool	dns_name_equal(const uint8_t *a, const uint8_t *b);
/* True if name equals parent or lies below it. */
bool	dns_name_is_below_or_at(const uint8_t *name, const uint8_t *parent);
/* RFC 4034 6.1 canonical order: <0, 0, >0. */
int	dns_name_cmp_canonical(const uint8_t *a, const uint8_t *b);
/* True if the first label is "*". */
bool	dns_name_is_wildcard(const uint8_t *name);
/* Case-insensitive hash of the name (for hash tables). */
uint32_t dns_name_hash(const uint8_t *name);

#endif
