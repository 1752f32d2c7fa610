/* SPDX-License-Identifier: MIT */
/*
 * utf8.h -- strict UTF-8 decoding (RFC 3629) for text that comes from
 * outside: BGP shutdown communications, control requests, JSON output.
 */
#ifndef CN_COMMON_UTF8_H
#define CN_COMMON_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decodes the character at s (n > 0 octets left): returns its length and
 * writes its code point, or returns 0 for an invalid sequence (bad lead or
 * continuation octet, truncated, overlong, a surrogate, above U+10FFFF).
 */
size_t	utf8_decode(const uint8_t *s, size_t n, uint32_t *cp);

#endif
