/* SPDX-License-Identifier: MIT */
/*
 * siphash.h -- SipHash-2-4 (Aumasson and Bernstein), the keyed 64-bit hash
 * RFC 9018 uses for DNS server cookies.
 */
#ifndef CN_COMMON_SIPHASH_H
#define CN_COMMON_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

/* Hashes len octets of msg under the 16-octet key; pure, thread-safe. */
uint64_t	siphash24(const uint8_t key[16], const void *msg, size_t len);

#endif
