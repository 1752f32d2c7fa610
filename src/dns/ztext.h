/* SPDX-License-Identifier: MIT */
/*
 * ztext.h -- presentation-format field parsers for the zone file parser.
 *
 * Each function reads the text of one token (len octets, not
 * NUL-terminated) and writes wire octets or a value; multi-token fields
 * (base64, hex) keep a small state between tokens.  Pure functions: no
 * I/O, no globals.  They return 0 (or a length) on success and a negative
 * cn_err otherwise; the caller names the token in its message.  Functions
 * that can fail in several distinct ways write a one-line reason into msg
 * (ZTEXT_MSG octets).
 */
#ifndef CN_DNS_ZTEXT_H
#define CN_DNS_ZTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/wbuf.h"

#define ZTEXT_MSG	160
#define ZTEXT_TTL_MAX	0x7fffffffu	/* RFC 2181 8 */
#define ZTEXT_MAX_SVCPARAMS 1024	/* SvcParams in one SVCB/HTTPS RR */
#define ZTEXT_MAX_MANDATORY 128		/* keys in one "mandatory" */

/* Decimal number <= max. */
int	ztext_number(const char *s, size_t len, uint64_t max, uint64_t *out);
/* TTL or period: seconds, or units "1w2d3h4m5s" (case-insensitive). */
int	ztext_period(const char *s, size_t len, uint32_t *out);
/* RRSIG time: YYYYMMDDHHmmSS (RFC 4034 3.2) or plain seconds. */
int	ztext_time(const char *s, size_t len, uint32_t *out);
/* Type mnemonic or TYPEnnn (RFC 3597 5). */
int	ztext_type(const char *s, size_t len, uint16_t *out);
/* Class mnemonic (IN CS CH HS) or CLASSnnn; CN_ENOENT if neither. */
int	ztext_class(const char *s, size_t len, uint16_t *out);
/*
 * Decodes a <character-string> body (without its quotes): \DDD and \X
 * escapes.  Returns the octet count (<= cap), CN_EPARSE for a bad escape or
 * CN_ESPACE if it is longer than cap.
 */
int	ztext_string(const char *s, size_t len, uint8_t *out, size_t cap);
/* IPv4 / IPv6 address to 4 / 16 octets. */
int	ztext_ipv4(const char *s, size_t len, uint8_t out[4]);
int	ztext_ipv6(const char *s, size_t len, uint8_t out[16]);

/* Base64 (RFC 4648 4) split over tokens: chunk each, then end. */
struct ztext_b64 {
	uint32_t	acc;
	unsigned	bits;
	unsigned	chars;
	unsigned	pad;
};
void	ztext_b64_init(struct ztext_b64 *st);
int	ztext_b64_chunk(struct ztext_b64 *st, const char *s, size_t len,
	    struct wbuf *w);
int	ztext_b64_end(const struct ztext_b64 *st);

/* Hex split over tokens; *half is -1 when no nibble is pending. */
int	ztext_hex_chunk(int *half, const char *s, size_t len, struct wbuf *w);

/* Base32hex without padding (RFC 4648 7), as NSEC3 uses it. */
int	ztext_b32hex(const char *s, size_t len, uint8_t *out, size_t cap);

/*
 * One SvcParam (RFC 9460 2.1) "key[=value]" into its key and wire value
 * (at most cap octets); tmp (tmpcap octets) holds the decoded text on the
 * way.  Returns the value length or a negative cn_err with msg set.
 */
int	ztext_svcparam(const char *s, size_t len, uint16_t *key,
	    uint8_t *val, size_t cap, uint8_t *tmp, size_t tmpcap, char *msg);
/* Name of a SvcParamKey ("alpn", "key65000") into buf of >= 16 octets. */
const char *ztext_svckey_name(uint16_t key, char *buf, size_t cap);

/* One token of a presentation field, for the multi-token parsers below. */
struct ztext_tok {
	const char	*s;
	size_t		 len;
};

/* LOC (RFC 1876 3) from its tokens into 16 wire octets. */
int	ztext_loc(const struct ztext_tok *t, size_t n, uint8_t out[16],
	    char *msg);
/* WKS (RFC 1035 3.4.2) protocol (number, tcp, udp) and service (port). */
int	ztext_wks_proto(const char *s, size_t len, uint8_t *proto);
int	ztext_wks_port(const char *s, size_t len, uint16_t *port);

/* A bounded text buffer for the $GENERATE expansion. */
struct ztext_buf {
	char	*p;
	size_t	 cap;
	size_t	 len;
};

/* Appends n octets; false if they do not fit (with room for a NUL). */
bool	ztext_put(struct ztext_buf *b, const char *s, size_t n);
/* $GENERATE range "start-stop[/step]", each at most 2^31-1, step > 0. */
int	ztext_gen_range(const char *s, size_t len, uint32_t *start,
	    uint32_t *stop, uint32_t *step);
/*
 * Appends one $GENERATE template token expanded for iterator value it:
 * "$" is the value, "${offset[,width[,base]]}" a formatted one (base d, o,
 * x, X, or n/N for dotted reverse nibbles where width counts characters),
 * "$$" and "\$" a literal dollar.  Returns false with *msg set if the
 * template is bad or the line does not fit.
 */
bool	ztext_gen_expand(struct ztext_buf *b, const char *s, size_t len,
	    uint32_t it, const char **msg);

/* Seconds since the epoch (mod 2^32) to YYYYMMDDHHmmSS; buf >= 15. */
void	ztext_time_to_text(uint32_t t, char *buf);

#endif
