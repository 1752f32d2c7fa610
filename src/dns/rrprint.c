/* SPDX-License-Identifier: MIT */
/*
 * rrprint.c -- wire RDATA to presentation text, field by field from the
 * type descriptors; the inverse of the zone parser's field readers.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../common/err.h"
#include "dns.h"
#include "name.h"
#include "rdata.h"
#include "rrprint.h"
#include "ztext.h"

struct out {
	char	*buf;
	size_t	 cap;
	size_t	 len;
	bool	 err;
};

static void
put(struct out *o, const char *s, size_t n)
{
	if (o->err || o->cap - o->len <= n) {
		o->err = true;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

static void
puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void
putf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
putf(struct out *o, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		o->err = true;
		return;
	}
	put(o, tmp, (size_t)n);
}

static void
put_hex(struct out *o, const uint8_t *p, size_t n)
{
	static const char dig[] = "0123456789ABCDEF";
	char two[2];
	size_t i;

	for (i = 0; i < n; i++) {
		two[0] = dig[p[i] >> 4];
		two[1] = dig[p[i] & 15];
		put(o, two, 2);
	}
}

size_t
rrprint_b64(const uint8_t *p, size_t n, char *out)
{
	static const char al[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i, k = 0;
	uint32_t v;

	for (i = 0; i < n; i += 3) {
		v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		out[k++] = al[v >> 18];
		out[k++] = al[(v >> 12) & 63];
		out[k++] = i + 1 < n ? al[(v >> 6) & 63] : '=';
		out[k++] = i + 2 < n ? al[v & 63] : '=';
	}
	out[k] = '\0';
	return k;
}

static void
put_b64(struct out *o, const uint8_t *p, size_t n)
{
	char q[4 * 16 + 1];
	size_t i, chunk;

	/* Whole groups of three octets per chunk: no padding inside. */
	for (i = 0; i < n; i += chunk) {
		chunk = n - i < 48 ? n - i : 48;
		put(o, q, rrprint_b64(p + i, chunk, q));
	}
}

static void
put_b32hex(struct out *o, const uint8_t *p, size_t n)
{
	static const char al[] = "0123456789abcdefghijklmnopqrstuv";
	uint32_t acc = 0;
	unsigned bits = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		acc = acc << 8 | p[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			put(o, &al[(acc >> bits) & 31], 1);
		}
		acc &= (1u << bits) - 1;
	}
	if (bits > 0)
		put(o, &al[(acc << (5 - bits)) & 31], 1);
}

/*
 * Octets of a <character-string> body, escaped so the parser reads them
 * back; extra lists characters that need a backslash besides '"' and '\'.
 */
static void
put_escaped(struct out *o, const uint8_t *p, size_t n, const char *extra)
{
	char e[5];
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] < 0x20 || p[i] >= 0x7f) {
			snprintf(e, sizeof(e), "\\%03u", p[i]);
			put(o, e, 4);
		} else if (p[i] == '"' || p[i] == '\\' ||
		    (extra && strchr(extra, p[i]))) {
			e[0] = '\\';
			e[1] = (char)p[i];
			put(o, e, 2);
		} else
			put(o, (const char *)&p[i], 1);
	}
}

static void
put_string(struct out *o, const uint8_t *p, size_t n)
{
	put(o, "\"", 1);
	put_escaped(o, p, n, NULL);
	put(o, "\"", 1);
}

static bool
is_alnum(uint8_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

static uint16_t
u16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static bool
put_bitmap(struct out *o, const uint8_t *p, size_t n)
{
	char tbuf[16];
	size_t i = 0, j;
	uint16_t type;
	int last = -1;
	unsigned b;

	/* RFC 4034 4.1.2: increasing windows of 1-32 octets. */
	while (i < n) {
		/* Trailing zero octets are not allowed: no text for them. */
		if (i + 2 > n || p[i + 1] == 0 || p[i + 1] > 32 ||
		    i + 2 + p[i + 1] > n || (int)p[i] <= last ||
		    p[i + 1 + p[i + 1]] == 0)
			return false;
		last = p[i];
		for (j = 0; j < p[i + 1]; j++) {
			for (b = 0; b < 8; b++) {
				if (!(p[i + 2 + j] & (0x80 >> b)))
					continue;
				type = (uint16_t)(last << 8 | (j * 8 + b));
				put(o, " ", 1);
				puts_(o, dns_rrtype_to_text(type, tbuf,
				    sizeof(tbuf)));
			}
		}
		i += 2 + (size_t)p[i + 1];
	}
	return true;
}

/* alpn-style list item: ',' and '\' need a backslash inside the list. */
static void
put_list_item(struct out *o, const uint8_t *p, size_t n)
{
	char e[5];
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == ',' || p[i] == '\\') {
			/* "\\," in the string is "\," in the value. */
			put(o, "\\\\", 2);
			if (p[i] == '\\')
				put(o, "\\\\", 2);
			else
				put(o, ",", 1);
		} else if (p[i] < 0x20 || p[i] >= 0x7f || p[i] == '"') {
			snprintf(e, sizeof(e), "\\%03u", p[i]);
			put(o, e, 4);
		} else
			put(o, (const char *)&p[i], 1);
	}
}

/* The value of key in well-ordered SvcParams, or NULL. */
static const uint8_t *
svc_find(const uint8_t *p, size_t n, uint16_t key, size_t *vlen)
{
	size_t i = 0;

	while (i + 4 <= n) {
		*vlen = u16(p + i + 2);
		if (u16(p + i) == key)
			return i + 4 + *vlen <= n ? p + i + 4 : NULL;
		i += 4 + *vlen;
	}
	return NULL;
}

static bool
put_svcparams(struct out *o, const uint8_t *p, size_t n)
{
	char kname[16], addr[INET6_ADDRSTRLEN];
	size_t i = 0, j, vlen, count = 0, mlen;
	const uint8_t *v, *m;
	int last = -1;
	uint16_t key;

	/*
	 * What the parser refuses has no text form: too many keys, listed
	 * mandatory keys that are absent, no-default-alpn without alpn.
	 */
	for (i = 0; i + 4 <= n; i += 4 + u16(p + i + 2))
		count++;
	if (count > ZTEXT_MAX_SVCPARAMS)
		return false;
	if ((m = svc_find(p, n, 0, &mlen)) != NULL) {
		if (mlen / 2 > ZTEXT_MAX_MANDATORY)
			return false;
		for (j = 0; j + 1 < mlen; j += 2)
			if (svc_find(p, n, u16(m + j), &vlen) == NULL)
				return false;
	}
	if (svc_find(p, n, 2, &vlen) != NULL && svc_find(p, n, 1, &vlen) ==
	    NULL)
		return false;
	i = 0;

	while (i < n) {
		if (i + 4 > n)
			return false;
		key = u16(p + i);
		vlen = u16(p + i + 2);
		v = p + i + 4;
		if (i + 4 + vlen > n || (int)key <= last || key == 65535)
			return false;
		last = key;
		i += 4 + vlen;
		put(o, " ", 1);
		puts_(o, ztext_svckey_name(key, kname, sizeof(kname)));
		switch (key) {
		case 0:		/* mandatory */
			if (vlen == 0 || vlen % 2)
				return false;
			put(o, "=", 1);
			for (j = 0; j < vlen; j += 2) {
				if (u16(v + j) == 0 ||
				    (j > 0 && u16(v + j) <= u16(v + j - 2)))
					return false;
				if (j > 0)
					put(o, ",", 1);
				puts_(o, ztext_svckey_name(u16(v + j), kname,
				    sizeof(kname)));
			}
			break;
		case 1:		/* alpn */
			if (vlen == 0)
				return false;
			put(o, "=\"", 2);
			for (j = 0; j < vlen; j += (size_t)v[j] + 1) {
				if (v[j] == 0 || j + 1 + v[j] > vlen)
					return false;
				if (j > 0)
					put(o, ",", 1);
				put_list_item(o, v + j + 1, v[j]);
			}
			put(o, "\"", 1);
			break;
		case 2:		/* no-default-alpn */
		case 8:		/* ohttp */
			if (vlen != 0)
				return false;
			break;
		case 3:		/* port */
			if (vlen != 2)
				return false;
			putf(o, "=%u", u16(v));
			break;
		case 4:		/* ipv4hint */
		case 6:		/* ipv6hint */
		{
			size_t al = key == 4 ? 4 : 16;

			if (vlen == 0 || vlen % al)
				return false;
			put(o, "=", 1);
			for (j = 0; j < vlen; j += al) {
				inet_ntop(key == 4 ? AF_INET : AF_INET6,
				    v + j, addr, sizeof(addr));
				if (j > 0)
					put(o, ",", 1);
				puts_(o, addr);
			}
			break;
		}
		case 5:		/* ech */
			if (vlen == 0)
				return false;
			put(o, "=", 1);
			put_b64(o, v, vlen);
			break;
		case 7:		/* dohpath */
			if (vlen == 0)
				return false;
			/* FALLTHROUGH */
		default:
			if (vlen == 0)
				break;
			put(o, "=", 1);
			put_string(o, v, vlen);
			break;
		}
	}
	return true;
}

static bool
loc_prec_ok(uint8_t b)
{
	/* A zero mantissa reads back as 0e0: only that form is printable. */
	return (b >> 4) <= 9 && (b & 15) <= 9 && (b >> 4 != 0 || b == 0);
}

static void
put_loc_metres(struct out *o, uint8_t b)
{
	uint64_t cm = b >> 4;
	unsigned e = b & 15;

	while (e--)
		cm *= 10;
	putf(o, " %llu.%02llum", (unsigned long long)(cm / 100),
	    (unsigned long long)(cm % 100));
}

static void
put_loc_coord(struct out *o, uint32_t raw, const char *hemi)
{
	int64_t v = (int64_t)raw - 0x80000000LL;
	char h = v >= 0 ? hemi[0] : hemi[1];
	uint64_t a = (uint64_t)(v >= 0 ? v : -v);

	putf(o, "%llu %llu %llu.%03llu %c", (unsigned long long)(a / 3600000),
	    (unsigned long long)(a / 60000 % 60),
	    (unsigned long long)(a / 1000 % 60),
	    (unsigned long long)(a % 1000), h);
}

static bool
put_loc(struct out *o, const uint8_t *p)
{
	int64_t alt;
	uint64_t a;

	if (p[0] != 0 || !loc_prec_ok(p[1]) || !loc_prec_ok(p[2]) ||
	    !loc_prec_ok(p[3]))
		return false;
	/* Coordinates beyond the poles or the antimeridian have no text. */
	if ((uint64_t)(u32(p + 4) > 0x80000000u ? u32(p + 4) - 0x80000000u :
	    0x80000000u - u32(p + 4)) > 90ull * 3600000 ||
	    (uint64_t)(u32(p + 8) > 0x80000000u ? u32(p + 8) - 0x80000000u :
	    0x80000000u - u32(p + 8)) > 180ull * 3600000)
		return false;
	put_loc_coord(o, u32(p + 4), "NS");
	put(o, " ", 1);
	put_loc_coord(o, u32(p + 8), "EW");
	alt = (int64_t)u32(p + 12) - 10000000;
	a = (uint64_t)(alt < 0 ? -alt : alt);
	putf(o, " %s%llu.%02llum", alt < 0 ? "-" : "",
	    (unsigned long long)(a / 100), (unsigned long long)(a % 100));
	put_loc_metres(o, p[1]);
	put_loc_metres(o, p[2]);
	put_loc_metres(o, p[3]);
	return true;
}

static bool
put_field(struct out *o, const struct dns_rdata_field *f,
    const uint8_t *rdata)
{
	const uint8_t *p = rdata + f->off;
	char tmp[1024];
	size_t i;

	switch (f->kind) {
	case DNS_RDF_CNAME:
	case DNS_RDF_NAME:
		if (dns_name_to_text(p, tmp, sizeof(tmp)) < 0)
			return false;
		puts_(o, tmp);
		break;
	case DNS_RDF_U8:
		putf(o, "%u", p[0]);
		break;
	case DNS_RDF_U16:
		putf(o, "%u", u16(p));
		break;
	case DNS_RDF_U32:
	case DNS_RDF_PERIOD:
		putf(o, "%u", u32(p));
		break;
	case DNS_RDF_TIME:
		ztext_time_to_text(u32(p), tmp);
		puts_(o, tmp);
		break;
	case DNS_RDF_TYPE:
		puts_(o, dns_rrtype_to_text(u16(p), tmp, sizeof(tmp)));
		break;
	case DNS_RDF_A:
		inet_ntop(AF_INET, p, tmp, sizeof(tmp));
		puts_(o, tmp);
		break;
	case DNS_RDF_AAAA:
		inet_ntop(AF_INET6, p, tmp, sizeof(tmp));
		puts_(o, tmp);
		break;
	case DNS_RDF_STR:
		put_string(o, p + 1, p[0]);
		break;
	case DNS_RDF_STRS:
		if (f->len == 0)
			return false;
		for (i = 0; i < f->len; i += (size_t)p[i] + 1) {
			if (i > 0)
				put(o, " ", 1);
			put_string(o, p + i + 1, p[i]);
		}
		break;
	case DNS_RDF_B64:
		if (f->len == 0)
			return false;
		put_b64(o, p, f->len);
		break;
	case DNS_RDF_HEX:
		if (f->len == 0)
			return false;
		put_hex(o, p, f->len);
		break;
	case DNS_RDF_HEX8:
		if (p[0] == 0)
			put(o, "-", 1);
		else
			put_hex(o, p + 1, p[0]);
		break;
	case DNS_RDF_B32HEX8:
		if (p[0] == 0)
			return false;
		put_b32hex(o, p + 1, p[0]);
		break;
	case DNS_RDF_BITMAP:
		/* Printed with its own leading blanks; undo ours. */
		if (o->len > 0 && o->buf[o->len - 1] == ' ')
			o->buf[--o->len] = '\0';
		return put_bitmap(o, p, f->len);
	case DNS_RDF_SVCPARAMS:
		if (o->len > 0 && o->buf[o->len - 1] == ' ')
			o->buf[--o->len] = '\0';
		return put_svcparams(o, p, f->len);
	case DNS_RDF_TAG:
		if (p[0] == 0)
			return false;
		for (i = 1; i <= p[0]; i++)
			if (!is_alnum(p[i]))
				return false;
		put(o, (const char *)p + 1, p[0]);
		break;
	case DNS_RDF_REST:
		put_string(o, p, f->len);
		break;
	case DNS_RDF_LOC:
		return put_loc(o, p);
	case DNS_RDF_WKS:
		if (f->len == 0 || (f->len > 1 && p[f->len - 1] == 0))
			return false;
		putf(o, "%u", p[0]);
		for (i = 1; i < f->len; i++) {
			unsigned b;

			for (b = 0; b < 8; b++)
				if (p[i] & (0x80 >> b))
					putf(o, " %zu", (i - 1) * 8 + b);
		}
		break;
	case DNS_RDF_END:
		break;
	}
	return true;
}

int
dns_rdata_to_text_generic(const uint8_t *rdata, size_t rdlen, char *buf,
    size_t cap)
{
	struct out o = { buf, cap, 0, false };

	if (cap == 0)
		return CN_ESPACE;
	buf[0] = '\0';
	putf(&o, "\\# %zu", rdlen);
	if (rdlen > 0)
		put(&o, " ", 1);
	put_hex(&o, rdata, rdlen);
	return o.err ? CN_ESPACE : (int)o.len;
}

int
dns_rdata_to_text(uint16_t type, const uint8_t *rdata, size_t rdlen,
    char *buf, size_t cap)
{
	const struct dns_rrtype *desc = dns_rrtype_by_code(type);
	struct out o = { buf, cap, 0, false };
	struct dns_rdata_field f;
	size_t state = 0;
	int r;

	if (cap == 0)
		return CN_ESPACE;
	buf[0] = '\0';
	if (desc == NULL)
		return dns_rdata_to_text_generic(rdata, rdlen, buf, cap);
	while ((r = dns_rdata_next(desc, rdata, rdlen, &state, &f)) == 1) {
		if (o.len > 0)
			put(&o, " ", 1);
		if (!put_field(&o, &f, rdata))
			return dns_rdata_to_text_generic(rdata, rdlen, buf,
			    cap);
	}
	if (r < 0 || o.len == 0)
		return dns_rdata_to_text_generic(rdata, rdlen, buf, cap);
	return o.err ? CN_ESPACE : (int)o.len;
}
