/* SPDX-License-Identifier: MIT */
/*
 * nsec3.c -- NSEC3 hashing (RFC 5155 5), base32hex (RFC 4648 7) and the
 * binary search over a zone's sorted NSEC3 hashes.  The answering code
 * hashes at most a few names per negative or wildcard answer; the zone
 * loader decodes every NSEC3 owner once.
 */
/*
 * The SHA1_Init/Update/Final API is deprecated in OpenSSL 3, but its
 * replacement, SHA1() or EVP, fetches the algorithm and allocates a
 * context on every call: about 300 ns and 3 mallocs a hash against 50 ns
 * and none, on the query path.  It is still there in OpenSSL 3.x.
 */
#define OPENSSL_SUPPRESS_DEPRECATED

#include <string.h>

#include <openssl/sha.h>

#include "dns.h"
#include "nsec3.h"

static const char b32[] = "0123456789abcdefghijklmnopqrstuv";

void
dns_nsec3_hash(const uint8_t *lname, const uint8_t *salt, size_t salt_len,
    unsigned iterations, uint8_t out[DNS_NSEC3_HASH_LEN])
{
	SHA_CTX ctx;
	size_t len = 0;
	unsigned i;

	while (lname[len] != 0)
		len += lname[len] + 1u;
	len++;
	/* IH(salt, x, 0) = H(x || salt); IH(k) = H(IH(k - 1) || salt). */
	SHA1_Init(&ctx);
	SHA1_Update(&ctx, lname, len);
	SHA1_Update(&ctx, salt, salt_len);
	SHA1_Final(out, &ctx);
	for (i = 0; i < iterations; i++) {
		SHA1_Init(&ctx);
		SHA1_Update(&ctx, out, DNS_NSEC3_HASH_LEN);
		SHA1_Update(&ctx, salt, salt_len);
		SHA1_Final(out, &ctx);
	}
}

size_t
dns_base32hex_encode(const uint8_t *in, size_t len, char *out)
{
	size_t i, o = 0;
	uint64_t v;
	int k;

	for (i = 0; i + 5 <= len; i += 5) {
		v = (uint64_t)in[i] << 32 | (uint64_t)in[i + 1] << 24 |
		    (uint64_t)in[i + 2] << 16 | (uint64_t)in[i + 3] << 8 |
		    in[i + 4];
		for (k = 7; k >= 0; k--)
			out[o++] = b32[(v >> (5 * k)) & 31];
	}
	return o;
}

static int
b32_value(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'v')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'V')
		return c - 'A' + 10;
	return -1;
}

int
dns_base32hex_decode(const uint8_t *in, size_t len, uint8_t *out,
    size_t cap)
{
	uint32_t acc = 0;
	size_t i, o = 0;
	unsigned bits = 0;
	int v;

	/* Only whole octets: 8 characters give 5, a tail of 2, 4, 5 or 7. */
	if (len % 8 == 1 || len % 8 == 3 || len % 8 == 6)
		return -1;
	for (i = 0; i < len; i++) {
		if ((v = b32_value(in[i])) < 0)
			return -1;
		acc = (acc << 5) | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			if (o >= cap)
				return -1;
			out[o++] = (uint8_t)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	if (acc != 0)
		return -1;	/* non-zero padding bits: not canonical */
	return (int)o;
}

bool
dns_nsec3_find(const struct dns_nsec3_chain *ch,
    const uint8_t hash[DNS_NSEC3_HASH_LEN], size_t *idx)
{
	size_t lo = 0, hi = ch->n;
	int r;

	/* The first entry greater than hash is at lo when this ends. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		r = memcmp(ch->hash[mid], hash, DNS_NSEC3_HASH_LEN);
		if (r == 0) {
			*idx = mid;
			return true;
		}
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*idx = lo > 0 ? lo - 1 : ch->n - 1;
	return false;
}
