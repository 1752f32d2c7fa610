/* SPDX-License-Identifier: MIT */
/*
 * ztext.c -- presentation-format field parsers (numbers, periods, times,
 * types, classes, strings, addresses, base64, hex, base32hex, SvcParams,
 * LOC, WKS) used by zparse.c.  Every parser reads exactly the octets it is
 * given and writes at most what its output allows.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/err.h"
#include "dns.h"
#include "rdata.h"
#include "ztext.h"

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int
ztext_number(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || len > 20)
		return CN_EPARSE;
	for (i = 0; i < len; i++) {
		if (!is_digit(s[i]))
			return CN_EPARSE;
		if (v > (UINT64_MAX - 9) / 10)
			return CN_ERANGE;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > max)
		return CN_ERANGE;
	*out = v;
	return 0;
}

int
ztext_period(const char *s, size_t len, uint32_t *out)
{
	uint64_t total = 0, v, mult;
	size_t i = 0, start;

	if (len == 0 || !is_digit(s[0]))
		return CN_EPARSE;
	while (i < len) {
		start = i;
		v = 0;
		while (i < len && is_digit(s[i])) {
			v = v * 10 + (uint64_t)(s[i] - '0');
			if (v > 0xffffffffu)
				return CN_ERANGE;
			i++;
		}
		if (i == start)
			return CN_EPARSE;	/* unit without a number */
		mult = 1;
		if (i < len) {
			switch (s[i] | 0x20) {
			case 's': mult = 1; break;
			case 'm': mult = 60; break;
			case 'h': mult = 3600; break;
			case 'd': mult = 86400; break;
			case 'w': mult = 604800; break;
			default: return CN_EPARSE;
			}
			i++;
		} else if (start != 0)
			mult = 1;	/* "1h30": the rest is seconds */
		total += v * mult;
		if (total > 0xffffffffu)
			return CN_ERANGE;
	}
	*out = (uint32_t)total;
	return 0;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static unsigned
digits(const char *s, size_t n)
{
	unsigned v = 0;

	while (n--)
		v = v * 10 + (unsigned)(*s++ - '0');
	return v;
}

int
ztext_time(const char *s, size_t len, uint32_t *out)
{
	static const unsigned mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	unsigned y, mo, d, h, mi, sec;
	uint64_t v;
	size_t i;
	int64_t t;

	if (len != 14) {
		if (ztext_number(s, len, 0xffffffffu, &v) < 0)
			return CN_EPARSE;
		*out = (uint32_t)v;
		return 0;
	}
	for (i = 0; i < len; i++)
		if (!is_digit(s[i]))
			return CN_EPARSE;
	y = digits(s, 4);
	mo = digits(s + 4, 2);
	d = digits(s + 6, 2);
	h = digits(s + 8, 2);
	mi = digits(s + 10, 2);
	sec = digits(s + 12, 2);
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    h > 23 || mi > 59 || sec > 60)
		return CN_EPARSE;
	if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0)))
		return CN_EPARSE;
	t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	/* RFC 4034 3.1.5: serial number arithmetic, so modulo 2^32. */
	*out = (uint32_t)((uint64_t)t & 0xffffffffu);
	return 0;
}

void
ztext_time_to_text(uint32_t t, char *buf)
{
	int64_t z = t / 86400, era, doe, yoe, y, doy, mp, d, m;
	unsigned rem = t % 86400;

	z += 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	snprintf(buf, 15, "%04u%02u%02u%02u%02u%02u", (unsigned)y % 10000,
	    (unsigned)m, (unsigned)d, rem / 3600, rem / 60 % 60, rem % 60);
}

static bool
prefix_number(const char *s, size_t len, const char *prefix, uint16_t *out)
{
	size_t plen = strlen(prefix);
	uint64_t v;

	if (len <= plen || strncasecmp(s, prefix, plen) != 0)
		return false;
	if (ztext_number(s + plen, len - plen, 0xffff, &v) < 0)
		return false;
	*out = (uint16_t)v;
	return true;
}

int
ztext_type(const char *s, size_t len, uint16_t *out)
{
	const struct dns_rrtype *d;

	if ((d = dns_rrtype_by_name(s, len)) != NULL) {
		*out = d->type;
		return 0;
	}
	if (prefix_number(s, len, "TYPE", out))
		return 0;
	/* Meta types that dns_rrtype_to_text() names (RRSIG may cover any). */
	if (len == 3 && strncasecmp(s, "ANY", 3) == 0)
		return *out = DNS_TYPE_ANY, 0;
	if (len == 4 && strncasecmp(s, "AXFR", 4) == 0)
		return *out = DNS_TYPE_AXFR, 0;
	if (len == 4 && strncasecmp(s, "IXFR", 4) == 0)
		return *out = DNS_TYPE_IXFR, 0;
	if (len == 3 && strncasecmp(s, "OPT", 3) == 0)
		return *out = DNS_TYPE_OPT, 0;
	return CN_ENOENT;
}

int
ztext_class(const char *s, size_t len, uint16_t *out)
{
	if (len == 2) {
		char a = s[0] | 0x20, b = s[1] | 0x20;

		if (a == 'i' && b == 'n') {
			*out = DNS_CLASS_IN;
			return 0;
		}
		if (a == 'c' && b == 's') {
			*out = 2;
			return 0;
		}
		if (a == 'c' && b == 'h') {
			*out = DNS_CLASS_CH;
			return 0;
		}
		if (a == 'h' && b == 's') {
			*out = DNS_CLASS_HS;
			return 0;
		}
		return CN_ENOENT;
	}
	if (prefix_number(s, len, "CLASS", out))
		return 0;
	return CN_ENOENT;
}

int
ztext_string(const char *s, size_t len, uint8_t *out, size_t cap)
{
	size_t i = 0, n = 0;
	unsigned v;
	uint8_t c;

	while (i < len) {
		c = (uint8_t)s[i++];
		if (c == '\\') {
			if (i >= len)
				return CN_EPARSE;
			if (is_digit(s[i])) {
				if (i + 3 > len || !is_digit(s[i + 1]) ||
				    !is_digit(s[i + 2]))
					return CN_EPARSE;
				v = digits(s + i, 3);
				if (v > 255)
					return CN_EPARSE;
				c = (uint8_t)v;
				i += 3;
			} else
				c = (uint8_t)s[i++];
		}
		if (n >= cap)
			return CN_ESPACE;
		out[n++] = c;
	}
	return (int)n;
}

int
ztext_ipv4(const char *s, size_t len, uint8_t out[4])
{
	unsigned part = 0, v = 0, nd = 0;
	size_t i;

	/* Strict dotted quad: no leading zeros beyond a lone 0, no blanks. */
	for (i = 0; i <= len; i++) {
		if (i == len || s[i] == '.') {
			if (nd == 0 || part > 3)
				return CN_EPARSE;
			out[part++] = (uint8_t)v;
			v = 0;
			nd = 0;
			continue;
		}
		if (!is_digit(s[i]) || (nd == 1 && v == 0))
			return CN_EPARSE;
		v = v * 10 + (unsigned)(s[i] - '0');
		if (v > 255)
			return CN_EPARSE;
		nd++;
	}
	return part == 4 ? 0 : CN_EPARSE;
}

int
ztext_ipv6(const char *s, size_t len, uint8_t out[16])
{
	char buf[INET6_ADDRSTRLEN + 1];

	if (len >= sizeof(buf))
		return CN_EPARSE;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return inet_pton(AF_INET6, buf, out) == 1 ? 0 : CN_EPARSE;
}

static int
b64_value(uint8_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

void
ztext_b64_init(struct ztext_b64 *st)
{
	memset(st, 0, sizeof(*st));
}

int
ztext_b64_chunk(struct ztext_b64 *st, const char *s, size_t len,
    struct wbuf *w)
{
	size_t i;
	int v;

	for (i = 0; i < len; i++) {
		if (s[i] == '=') {
			/* Padding only in the last two places of a quantum. */
			if (st->chars % 4 < 2 || ++st->pad > 2)
				return CN_EPARSE;
			st->chars++;
			continue;
		}
		if (st->pad || (v = b64_value((uint8_t)s[i])) < 0)
			return CN_EPARSE;
		st->acc = st->acc << 6 | (uint32_t)v;
		st->bits += 6;
		st->chars++;
		if (st->bits >= 8) {
			st->bits -= 8;
			wbuf_u8(w, (uint8_t)(st->acc >> st->bits));
			st->acc &= (1u << st->bits) - 1;
		}
	}
	return w->err ? CN_ESPACE : 0;
}

int
ztext_b64_end(const struct ztext_b64 *st)
{
	if (st->chars % 4 != 0)
		return CN_EPARSE;
	if (st->pad && st->pad != (st->bits == 4 ? 2u : 1u))
		return CN_EPARSE;
	return 0;
}

static int
hex_value(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int
ztext_hex_chunk(int *half, const char *s, size_t len, struct wbuf *w)
{
	size_t i;
	int v;

	for (i = 0; i < len; i++) {
		if ((v = hex_value((uint8_t)s[i])) < 0)
			return CN_EPARSE;
		if (*half < 0)
			*half = v;
		else {
			wbuf_u8(w, (uint8_t)(*half << 4 | v));
			*half = -1;
		}
	}
	return w->err ? CN_ESPACE : 0;
}

int
ztext_b32hex(const char *s, size_t len, uint8_t *out, size_t cap)
{
	uint32_t acc = 0;
	unsigned bits = 0;
	size_t i, n = 0;
	int v;
	char c;

	/* RFC 4648 7 without padding: the tail must be a whole octet. */
	switch (len % 8) {
	case 1: case 3: case 6:
		return CN_EPARSE;
	}
	for (i = 0; i < len; i++) {
		c = s[i];
		if (c >= '0' && c <= '9')
			v = c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'v')
			v = (c | 0x20) - 'a' + 10;
		else
			return CN_EPARSE;
		acc = acc << 5 | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			if (n >= cap)
				return CN_ESPACE;
			out[n++] = (uint8_t)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	if (acc != 0)
		return CN_EPARSE;	/* non-zero trailing bits */
	return (int)n;
}

/* RFC 9460 14.3.2 registry. */
static const char *const svckeys[] = {
	"mandatory", "alpn", "no-default-alpn", "port", "ipv4hint", "ech",
	"ipv6hint", "dohpath", "ohttp",
};
#define NSVCKEYS (sizeof(svckeys) / sizeof(svckeys[0]))

const char *
ztext_svckey_name(uint16_t key, char *buf, size_t cap)
{
	if (key < NSVCKEYS)
		snprintf(buf, cap, "%s", svckeys[key]);
	else
		snprintf(buf, cap, "key%u", key);
	return buf;
}

static int
svckey_parse(const char *s, size_t len, uint16_t *key)
{
	size_t i;

	for (i = 0; i < NSVCKEYS; i++) {
		if (strlen(svckeys[i]) == len &&
		    strncasecmp(svckeys[i], s, len) == 0) {
			*key = (uint16_t)i;
			return 0;
		}
	}
	if (len > 3 && strncmp(s, "key", 3) == 0) {
		uint64_t v;

		if (ztext_number(s + 3, len - 3, 65534, &v) == 0 &&
		    (len == 4 || s[3] != '0')) {
			*key = (uint16_t)v;
			return 0;
		}
	}
	return CN_ENOENT;
}

/*
 * Splits a decoded value at commas (RFC 9460 A.1: "\," is a literal comma
 * and "\\" a backslash) into items, copying each item, unescaped, into
 * item[] and calling back.
 */
struct svc_list {
	const uint8_t	*v;
	size_t		 len;
	size_t		 pos;
	bool		 done;
};

static int
svc_list_next(struct svc_list *l, uint8_t *item, size_t cap, size_t *ilen)
{
	size_t n = 0;

	if (l->done)
		return 0;
	while (l->pos < l->len && l->v[l->pos] != ',') {
		uint8_t c = l->v[l->pos++];

		if (c == '\\') {
			if (l->pos >= l->len)
				return CN_EPARSE;
			c = l->v[l->pos++];
		}
		if (n >= cap)
			return CN_ESPACE;
		item[n++] = c;
	}
	if (l->pos < l->len)
		l->pos++;	/* the comma */
	else
		l->done = true;
	*ilen = n;
	return 1;
}

static int
cmp_u16(const void *a, const void *b)
{
	uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;

	return x < y ? -1 : x > y;
}

static int
svc_value(uint16_t key, const uint8_t *v, size_t vlen, bool has_value,
    uint8_t *out, size_t cap, char *msg)
{
	struct svc_list l = { v, vlen, 0, false };
	uint8_t item[256];
	struct wbuf w;
	uint16_t keys[ZTEXT_MAX_MANDATORY];
	size_t ilen, nkeys = 0, i;
	char kname[16];
	int r;

	ztext_svckey_name(key, kname, sizeof(kname));
	wbuf_init(&w, out, cap);
	switch (key) {
	case 2:		/* no-default-alpn */
	case 8:		/* ohttp */
		if (has_value) {
			snprintf(msg, ZTEXT_MSG, "SvcParam %s takes no value",
			    kname);
			return CN_EPARSE;
		}
		return 0;
	default:
		break;
	}
	if (!has_value && key < NSVCKEYS) {
		snprintf(msg, ZTEXT_MSG, "SvcParam %s needs a value", kname);
		return CN_EPARSE;
	}
	switch (key) {
	case 0:		/* mandatory: sorted list of keys */
		while ((r = svc_list_next(&l, item, sizeof(item), &ilen)) > 0) {
			if (nkeys == ZTEXT_MAX_MANDATORY ||
			    svckey_parse((const char *)item, ilen,
			    &keys[nkeys]) < 0) {
				snprintf(msg, ZTEXT_MSG, "bad mandatory key "
				    "list");
				return CN_EPARSE;
			}
			if (keys[nkeys] == 0) {
				snprintf(msg, ZTEXT_MSG, "mandatory must not "
				    "list itself");
				return CN_EPARSE;
			}
			nkeys++;
		}
		if (r < 0 || nkeys == 0)
			goto bad;
		qsort(keys, nkeys, sizeof(keys[0]), cmp_u16);
		for (i = 0; i < nkeys; i++) {
			if (i > 0 && keys[i] == keys[i - 1]) {
				snprintf(msg, ZTEXT_MSG, "duplicate key in "
				    "mandatory");
				return CN_EPARSE;
			}
			wbuf_u16(&w, keys[i]);
		}
		break;
	case 1:		/* alpn: list of <character-string>s */
		while ((r = svc_list_next(&l, item, sizeof(item) - 1,
		    &ilen)) > 0) {
			if (ilen == 0)
				goto bad;
			wbuf_u8(&w, (uint8_t)ilen);
			wbuf_bytes(&w, item, ilen);
		}
		if (r < 0)
			goto bad;
		break;
	case 3:		/* port */
	{
		uint64_t port;

		if (ztext_number((const char *)v, vlen, 0xffff, &port) < 0)
			goto bad;
		wbuf_u16(&w, (uint16_t)port);
		break;
	}
	case 4:		/* ipv4hint */
	case 6:		/* ipv6hint */
		while ((r = svc_list_next(&l, item, sizeof(item), &ilen)) > 0) {
			uint8_t a[16];

			if (key == 4 ? ztext_ipv4((const char *)item, ilen,
			    a) < 0 : ztext_ipv6((const char *)item, ilen,
			    a) < 0)
				goto bad;
			wbuf_bytes(&w, a, key == 4 ? 4 : 16);
		}
		if (r < 0)
			goto bad;
		break;
	case 5:		/* ech: base64 ECHConfigList */
	{
		struct ztext_b64 st;

		ztext_b64_init(&st);
		if (vlen == 0 || ztext_b64_chunk(&st, (const char *)v, vlen,
		    &w) < 0 || ztext_b64_end(&st) < 0)
			goto bad;
		break;
	}
	default:	/* dohpath and keyNNNNN: opaque octets */
		wbuf_bytes(&w, v, vlen);
		break;
	}
	if (w.err) {
		snprintf(msg, ZTEXT_MSG, "SvcParam %s value too long", kname);
		return CN_ESPACE;
	}
	return (int)w.len;
bad:
	snprintf(msg, ZTEXT_MSG, "bad SvcParam %s value", kname);
	return CN_EPARSE;
}

int
ztext_svcparam(const char *s, size_t len, uint16_t *key, uint8_t *val,
    size_t cap, uint8_t *tmp, size_t tmpcap, char *msg)
{
	const char *eq = memchr(s, '=', len), *vs;
	size_t klen = eq ? (size_t)(eq - s) : len, vslen;
	int n, r;

	if (svckey_parse(s, klen, key) < 0) {
		snprintf(msg, ZTEXT_MSG, "unknown SvcParam key '%.*s'",
		    (int)(klen > 40 ? 40 : klen), s);
		return CN_EPARSE;
	}
	if (eq == NULL)
		return svc_value(*key, NULL, 0, false, val, cap, msg);
	vs = eq + 1;
	vslen = len - klen - 1;
	/* The value is a <character-string>, maybe quoted. */
	if (vslen >= 2 && vs[0] == '"' && vs[vslen - 1] == '"') {
		vs++;
		vslen -= 2;
	}
	n = ztext_string(vs, vslen, tmp, tmpcap);
	if (n < 0) {
		snprintf(msg, ZTEXT_MSG, "bad SvcParam value '%.*s'",
		    (int)(vslen > 40 ? 40 : vslen), vs);
		return CN_EPARSE;
	}
	r = svc_value(*key, tmp, (size_t)n, true, val, cap, msg);
	return r;
}

/* Decimal with up to max_frac fractional digits, scaled by 10^max_frac. */
static int
fixed_point(const char *s, size_t len, unsigned max_frac, bool neg_ok,
    int64_t *out)
{
	int64_t v = 0;
	unsigned frac = 0;
	bool neg = false, dot = false, any = false;
	size_t i = 0;

	if (len > 0 && s[0] == '-' && neg_ok) {
		neg = true;
		i++;
	}
	for (; i < len; i++) {
		if (s[i] == '.' && !dot) {
			dot = true;
			continue;
		}
		if (!is_digit(s[i]))
			return CN_EPARSE;
		if (dot) {
			if (frac == max_frac)
				return CN_EPARSE;
			frac++;
		}
		if (v > 100000000000LL)
			return CN_ERANGE;
		v = v * 10 + (s[i] - '0');
		any = true;
	}
	if (!any)
		return CN_EPARSE;
	while (frac++ < max_frac)
		v *= 10;
	*out = neg ? -v : v;
	return 0;
}

/* LOC size/precision in centimetres to the RFC 1876 mantissa/exponent. */
static uint8_t
loc_prec(int64_t cm)
{
	unsigned e = 0;

	while (cm >= 10 && e < 9) {
		cm /= 10;
		e++;
	}
	if (cm > 9)
		cm = 9;
	return (uint8_t)(cm << 4 | e);
}

/* Reads d [m [s]] H; returns tokens used or -1; *ms thousandths of arcsec */
static int
loc_coord(const struct ztext_tok *t, size_t n, unsigned maxdeg,
    const char *hemi, int64_t *ms)
{
	uint64_t deg, min = 0;
	int64_t sec = 0;
	size_t i = 0;
	int sign;

	if (i >= n || ztext_number(t[i].s, t[i].len, maxdeg, &deg) < 0)
		return -1;
	i++;
	if (i < n && t[i].len > 0 && is_digit(t[i].s[0])) {
		if (ztext_number(t[i].s, t[i].len, 59, &min) < 0)
			return -1;
		i++;
		if (i < n && t[i].len > 0 && is_digit(t[i].s[0])) {
			if (fixed_point(t[i].s, t[i].len, 3, false, &sec) < 0 ||
			    sec >= 60000)
				return -1;
			i++;
		}
	}
	if (i >= n || t[i].len != 1)
		return -1;
	if ((t[i].s[0] & ~0x20) == hemi[0])
		sign = 1;
	else if ((t[i].s[0] & ~0x20) == hemi[1])
		sign = -1;
	else
		return -1;
	*ms = sign * ((int64_t)deg * 3600000 + (int64_t)min * 60000 + sec);
	if (*ms > (int64_t)maxdeg * 3600000 || *ms < -(int64_t)maxdeg * 3600000)
		return -1;
	return (int)i + 1;
}

/* A length in metres with an optional "m" suffix, in centimetres. */
static int
loc_metres(const struct ztext_tok *t, bool neg_ok, int64_t *cm)
{
	size_t len = t->len;

	if (len > 0 && (t->s[len - 1] | 0x20) == 'm')
		len--;
	return fixed_point(t->s, len, 2, neg_ok, cm);
}

int
ztext_loc(const struct ztext_tok *t, size_t n, uint8_t out[16], char *msg)
{
	int64_t lat, lon, alt, p[3] = { 100, 1000000, 1000 };
	size_t i = 0, k;
	uint32_t v;
	int r;

	if ((r = loc_coord(t, n, 90, "NS", &lat)) < 0) {
		snprintf(msg, ZTEXT_MSG, "bad LOC latitude");
		return CN_EPARSE;
	}
	i += (size_t)r;
	if ((r = loc_coord(t + i, n - i, 180, "EW", &lon)) < 0) {
		snprintf(msg, ZTEXT_MSG, "bad LOC longitude");
		return CN_EPARSE;
	}
	i += (size_t)r;
	if (i >= n || loc_metres(&t[i], true, &alt) < 0 ||
	    alt < -10000000 || alt > 4284967295LL) {
		snprintf(msg, ZTEXT_MSG, "bad LOC altitude");
		return CN_EPARSE;
	}
	i++;
	for (k = 0; k < 3 && i < n; k++, i++) {
		if (loc_metres(&t[i], false, &p[k]) < 0 ||
		    p[k] > 9000000000LL) {
			snprintf(msg, ZTEXT_MSG, "bad LOC size or precision");
			return CN_EPARSE;
		}
	}
	if (i < n) {
		snprintf(msg, ZTEXT_MSG, "trailing LOC text");
		return CN_EPARSE;
	}
	out[0] = 0;	/* version */
	out[1] = loc_prec(p[0]);
	out[2] = loc_prec(p[1]);
	out[3] = loc_prec(p[2]);
	v = (uint32_t)((int64_t)0x80000000u + lat);
	wbuf_put_u16_at(out + 4, (uint16_t)(v >> 16));
	wbuf_put_u16_at(out + 6, (uint16_t)v);
	v = (uint32_t)((int64_t)0x80000000u + lon);
	wbuf_put_u16_at(out + 8, (uint16_t)(v >> 16));
	wbuf_put_u16_at(out + 10, (uint16_t)v);
	v = (uint32_t)(alt + 10000000);
	wbuf_put_u16_at(out + 12, (uint16_t)(v >> 16));
	wbuf_put_u16_at(out + 14, (uint16_t)v);
	return 0;
}

static const struct {
	const char	*name;
	uint16_t	 port;
} services[] = {
	{ "ftp", 21 }, { "ssh", 22 }, { "telnet", 23 }, { "smtp", 25 },
	{ "domain", 53 }, { "http", 80 }, { "pop3", 110 }, { "ntp", 123 },
	{ "imap", 143 }, { "https", 443 },
};

int
ztext_wks_proto(const char *s, size_t len, uint8_t *proto)
{
	uint64_t v;

	if (len == 3 && strncasecmp(s, "tcp", 3) == 0)
		v = 6;
	else if (len == 3 && strncasecmp(s, "udp", 3) == 0)
		v = 17;
	else if (ztext_number(s, len, 255, &v) < 0)
		return CN_EPARSE;
	*proto = (uint8_t)v;
	return 0;
}

int
ztext_wks_port(const char *s, size_t len, uint16_t *port)
{
	uint64_t v;
	size_t j;

	if (ztext_number(s, len, 65535, &v) == 0) {
		*port = (uint16_t)v;
		return 0;
	}
	for (j = 0; j < sizeof(services) / sizeof(services[0]); j++) {
		if (strlen(services[j].name) == len &&
		    strncasecmp(services[j].name, s, len) == 0) {
			*port = services[j].port;
			return 0;
		}
	}
	return CN_EPARSE;
}

bool
ztext_put(struct ztext_buf *b, const char *s, size_t n)
{
	if (b->len + n >= b->cap)
		return false;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	return true;
}

int
ztext_gen_range(const char *s, size_t len, uint32_t *start, uint32_t *stop,
    uint32_t *step)
{
	const char *dash = memchr(s, '-', len), *slash;
	uint64_t a, b, c = 1;

	if (dash == NULL)
		return CN_EPARSE;
	slash = memchr(dash, '/', len - (size_t)(dash - s));
	if (ztext_number(s, (size_t)(dash - s), 0x7fffffff, &a) < 0 ||
	    ztext_number(dash + 1, (size_t)((slash ? slash : s + len) - dash -
	    1), 0x7fffffff, &b) < 0 || b < a)
		return CN_EPARSE;
	if (slash != NULL && (ztext_number(slash + 1, len - (size_t)(slash -
	    s) - 1, 0x7fffffff, &c) < 0 || c == 0))
		return CN_EPARSE;
	*start = (uint32_t)a;
	*stop = (uint32_t)b;
	*step = (uint32_t)c;
	return 0;
}

bool
ztext_gen_expand(struct ztext_buf *b, const char *s, size_t len,
    uint32_t it, const char **msg)
{
	char num[512];
	size_t i = 0, n;

	while (i < len) {
		if (s[i] == '\\') {
			n = i + 1 < len ? 2 : 1;
			if (!ztext_put(b, s + i, n))
				goto long_line;
			i += n;
			continue;
		}
		if (s[i] != '$') {
			if (!ztext_put(b, s + i, 1))
				goto long_line;
			i++;
			continue;
		}
		if (i + 1 < len && s[i + 1] == '$') {
			if (!ztext_put(b, "\\$", 2))
				goto long_line;
			i += 2;
			continue;
		}
		{
			long long off = 0, v;
			unsigned long width = 0;
			char base = 'd';
			const char *close;
			char *e;
			char spec[64];

			i++;
			if (i < len && s[i] == '{') {
				close = memchr(s + i, '}', len - i);
				if (close == NULL ||
				    (size_t)(close - s - i) >= sizeof(spec)) {
					*msg = "bad $GENERATE modifier";
					return false;
				}
				n = (size_t)(close - s - i - 1);
				memcpy(spec, s + i + 1, n);
				spec[n] = '\0';
				i += n + 2;
				errno = 0;
				off = strtoll(spec, &e, 10);
				if (e == spec || errno || off > 0x7fffffffLL ||
				    off < -0x7fffffffLL)
					goto bad_mod;
				if (*e == ',') {
					char *w = e + 1;

					if (*w < '0' || *w > '9')
						goto bad_mod;
					width = strtoul(w, &e, 10);
					if (width > 255)
						goto bad_mod;
					if (*e == ',') {
						base = e[1];
						if (base == '\0' ||
						    !strchr("doxXnN", base) ||
						    e[2] != '\0')
							goto bad_mod;
						e += 2;
					}
				}
				if (*e != '\0')
					goto bad_mod;
			}
			v = (long long)it + off;
			if (v < 0) {
				*msg = "$GENERATE value is negative";
				return false;
			}
			if (base == 'n' || base == 'N') {
				/*
				 * Nibbles, lowest first, dot-separated, as
				 * for ip6.arpa; width counts the output
				 * characters (dots included).
				 */
				const char *dig = base == 'n' ?
				    "0123456789abcdef" : "0123456789ABCDEF";
				unsigned long long u = (unsigned long long)v;
				unsigned long wl = width;

				n = 0;
				do {
					num[n++] = dig[u & 15];
					u >>= 4;
					if (wl > 0)
						wl--;
					if (wl > 0 || u != 0) {
						num[n++] = '.';
						if (wl > 0)
							wl--;
					}
				} while ((u != 0 || wl > 0) &&
				    n < sizeof(num) - 2);
			} else {
				const char *fmt = base == 'o' ? "%0*llo" :
				    base == 'x' ? "%0*llx" :
				    base == 'X' ? "%0*llX" : "%0*lld";

				n = (size_t)snprintf(num, sizeof(num), fmt,
				    (int)width, v);
			}
			if (!ztext_put(b, num, n))
				goto long_line;
		}
	}
	return true;
bad_mod:
	*msg = "bad $GENERATE modifier";
	return false;
long_line:
	*msg = "$GENERATE line too long";
	return false;
}
