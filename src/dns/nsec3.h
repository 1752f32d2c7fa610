/* SPDX-License-Identifier: MIT */
/*
 * nsec3.h -- NSEC3 hashed owner names (RFC 5155 5) and the lookup a zone
 * builds at load to find the NSEC3 that matches or covers a hash.
 *
 * The zone keeps its NSEC3 owners' hashes, decoded from their base32hex
 * first labels, in one sorted array; a binary search answers "which NSEC3
 * matches or covers this hash" without a scan (RFC 5155 7.2).  Pure code:
 * no I/O, no globals; SHA-1 comes from OpenSSL's libcrypto.
 */
#ifndef CN_DNS_NSEC3_H
#define CN_DNS_NSEC3_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DNS_NSEC3_SHA1		1	/* the only hash algorithm (RFC 5155 11) */
#define DNS_NSEC3_HASH_LEN	20	/* SHA-1 */
#define DNS_NSEC3_B32_LEN	32	/* base32hex of 20 octets, no padding */
#define DNS_NSEC3_OPTOUT	0x01	/* Flags field, RFC 5155 3.1.2.1 */

/* The chain of one parameter set, as NSEC3PARAM at the apex names it. */
struct dns_nsec3_chain {
	uint8_t		 salt[255];
	uint8_t		 salt_len;
	uint16_t	 iterations;
	size_t		 n;
	uint8_t		(*hash)[DNS_NSEC3_HASH_LEN];	/* sorted */
	uint32_t	*node;		/* zone node of each hash */
};

/*
 * RFC 5155 5: IH(salt, name, iterations) with SHA-1 over the lowercased
 * wire name lname.  Writes DNS_NSEC3_HASH_LEN octets to out.
 */
void	dns_nsec3_hash(const uint8_t *lname, const uint8_t *salt,
	    size_t salt_len, unsigned iterations,
	    uint8_t out[DNS_NSEC3_HASH_LEN]);

/*
 * base32hex (RFC 4648 7) without padding, lowercase, as NSEC3 owner
 * labels are written.  Encode writes 8 characters per 5 octets (len a
 * multiple of 5) and returns the text length.  Decode reads len characters
 * (either case) into out (cap octets); returns the octet count, or -1 for
 * a character outside the alphabet, a length that is not a whole number of
 * octets, or too little room.
 */
size_t	dns_base32hex_encode(const uint8_t *in, size_t len, char *out);
int	dns_base32hex_decode(const uint8_t *in, size_t len, uint8_t *out,
	    size_t cap);

/*
 * Finds hash in the chain: returns true and *idx when an NSEC3 owner has
 * exactly this hash (matches); false and *idx of the NSEC3 that covers it
 * otherwise, the last one when hash sorts before the first (the chain
 * wraps around, RFC 5155 3.1.7).  The chain must not be empty.
 */
bool	dns_nsec3_find(const struct dns_nsec3_chain *ch,
	    const uint8_t hash[DNS_NSEC3_HASH_LEN], size_t *idx);

#endif
