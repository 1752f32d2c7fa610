/* SPDX-License-Identifier: MIT */
/*
 * rrprint.h -- wire RDATA to presentation text.
 *
 * Driven by the same field descriptors as the zone parser (rdata.h), so
 * that text printed here parses back to identical wire octets.  Opaque
 * types, and RDATA that does not match its type's descriptor or has no
 * presentation form, are printed in RFC 3597 generic syntax ("\# len hex").
 * Names are printed absolute.  Pure functions, no I/O.
 */
#ifndef CN_DNS_RRPRINT_H
#define CN_DNS_RRPRINT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Writes the RDATA of one record of the given type into buf (cap octets,
 * NUL-terminated).  Returns the text length, or CN_ESPACE if it does not
 * fit.  A cap of 16 * rdlen + 1024 always suffices.
 */
int	dns_rdata_to_text(uint16_t type, const uint8_t *rdata, size_t rdlen,
	    char *buf, size_t cap);

/* Generic RFC 3597 form only, whatever the type. */
int	dns_rdata_to_text_generic(const uint8_t *rdata, size_t rdlen,
	    char *buf, size_t cap);

/*
 * Base64 (RFC 4648 4, padded) of n octets into out, which must hold
 * 4 * ((n + 2) / 3) + 1 octets; NUL-terminated.  Returns the length.
 */
size_t	rrprint_b64(const uint8_t *p, size_t n, char *out);

#endif
