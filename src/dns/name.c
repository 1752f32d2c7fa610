/* SPDX-License-Identifier: MIT */
/*
 * name.c -- domain name parsing, printing, comparison and decompression.
 */
#include <stdio.h>
#include <string.h>

#include "../common/err.h"
#include "name.h"

/* "| 0x20", not "+ 32": clang checks both arms of ?: against uint8_t. */
#define L(c) ((c) >= 'A' && (c) <= 'Z' ? (c) | 0x20 : (c))
#define L4(c) L(c), L((c) + 1), L((c) + 2), L((c) + 3)
#define L16(c) L4(c), L4((c) + 4), L4((c) + 8), L4((c) + 12)
#define L64(c) L16(c), L16((c) + 16), L16((c) + 32), L16((c) + 48)
const uint8_t dns_lower[256] = { L64(0), L64(64), L64(128), L64(192) };
#undef L64
#undef L16
#undef L4
#undef L

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Decodes one possibly escaped character at text[*i]; returns -1 if bad. */
static int
text_octet(const char *text, size_t len, size_t *i)
{
	unsigned v;

	if (text[*i] != '\\')
		return (uint8_t)text[(*i)++];
	if (*i + 1 >= len)
		return -1;
	if (!is_digit(text[*i + 1])) {
		*i += 2;
		return (uint8_t)text[*i - 1];
	}
	if (*i + 3 >= len)
		return -1;
	if (!is_digit(text[*i + 2]) || !is_digit(text[*i + 3]))
		return -1;
	v = (unsigned)(text[*i + 1] - '0') * 100 +
	    (unsigned)(text[*i + 2] - '0') * 10 + (unsigned)(text[*i + 3] - '0');
	if (v > 255)
		return -1;
	*i += 4;
	return (int)v;
}

int
dns_name_from_text(uint8_t out[DNS_NAME_MAX], const char *text, size_t len,
    const uint8_t *origin)
{
	size_t i = 0, pos = 0, olen;
	size_t label;
	int c;

	if (len == 1 && text[0] == '@') {
		if (origin == NULL)
			return CN_ENAME;
		olen = dns_name_len(origin);
		memcpy(out, origin, olen);
		return (int)olen;
	}
	if (len == 1 && text[0] == '.') {
		out[0] = 0;
		return 1;
	}
	if (len == 0)
		return CN_ENAME;
	while (i < len) {
		label = pos++;
		if (text[i] == '.')
			return CN_ENAME;	/* empty label */
		while (i < len && text[i] != '.') {
			if ((c = text_octet(text, len, &i)) < 0)
				return CN_ENAME;
			if (pos - label - 1 >= DNS_LABEL_MAX)
				return CN_ELABEL;
			if (pos >= DNS_NAME_MAX - 1)
				return CN_ENAMELEN;
			out[pos++] = (uint8_t)c;
		}
		out[label] = (uint8_t)(pos - label - 1);
		if (i < len) {
			i++;	/* the dot */
			if (i == len) {
				out[pos++] = 0;
				return (int)pos;
			}
		}
	}
	/* Relative name: append the origin. */
	if (origin == NULL)
		return CN_ENAME;
	olen = dns_name_len(origin);
	if (pos + olen > DNS_NAME_MAX)
		return CN_ENAMELEN;
	memcpy(out + pos, origin, olen);
	return (int)(pos + olen);
}

static bool
needs_escape(uint8_t c)
{
	return c == '.' || c == '\\' || c == '"' || c == '(' || c == ')' ||
	    c == ';' || c == '@' || c == '$';
}

int
dns_name_to_text(const uint8_t *name, char *buf, size_t cap)
{
	size_t pos = 0, need;
	uint8_t len, c;
	unsigned i;

	if (name[0] == 0) {
		if (cap < 2)
			return CN_ESPACE;
		buf[0] = '.';
		buf[1] = '\0';
		return 1;
	}
	while ((len = *name++) != 0) {
		for (i = 0; i < len; i++) {
			c = name[i];
			need = (c <= ' ' || c >= 0x7f) ? 4 :
			    needs_escape(c) ? 2 : 1;
			if (pos + need + 2 > cap)
				return CN_ESPACE;
			if (need == 4)
				pos += (size_t)snprintf(buf + pos, 5, "\\%03u", c);
			else {
				if (need == 2)
					buf[pos++] = '\\';
				buf[pos++] = (char)c;
			}
		}
		buf[pos++] = '.';
		name += len;
	}
	buf[pos] = '\0';
	return (int)pos;
}

int
dns_name_unpack(const uint8_t *msg, size_t msglen, size_t *off,
    uint8_t out[DNS_NAME_MAX])
{
	size_t pos = *off, lowest = *off, end = 0, olen = 0;
	bool jumped = false;
	uint8_t len;

	for (;;) {
		if (pos >= msglen)
			return CN_ETRUNC;
		len = msg[pos];
		if ((len & 0xc0) == 0xc0) {
			size_t ptr;

			if (pos + 1 >= msglen)
				return CN_ETRUNC;
			ptr = (size_t)(len & 0x3f) << 8 | msg[pos + 1];
			/* Only strictly backwards: bounds the hops, no loops. */
			if (ptr >= lowest)
				return CN_ELOOP;
			if (!jumped)
				end = pos + 2;
			jumped = true;
			lowest = ptr;
			pos = ptr;
			continue;
		}
		if (len & 0xc0)
			return CN_ELABEL;
		if (pos + 1 + len > msglen)
			return CN_ETRUNC;
		if (olen + 1 + len > DNS_NAME_MAX)
			return CN_ENAMELEN;
		memcpy(out + olen, msg + pos, (size_t)len + 1);
		olen += (size_t)len + 1;
		pos += (size_t)len + 1;
		if (len == 0)
			break;
	}
	*off = jumped ? end : pos;
	return (int)olen;
}

size_t
dns_name_len(const uint8_t *name)
{
	const uint8_t *p = name;

	while (*p)
		p += *p + 1;
	return (size_t)(p - name) + 1;
}

unsigned
dns_name_labels(const uint8_t *name)
{
	unsigned n = 0;

	while (*name) {
		name += *name + 1;
		n++;
	}
	return n;
}

const uint8_t *
dns_name_parent(const uint8_t *name)
{
	return name[0] ? name + name[0] + 1 : NULL;
}

void
dns_name_lower(uint8_t *name)
{
	uint8_t len;
	unsigned i;

	while ((len = *name++) != 0) {
		for (i = 0; i < len; i++)
			name[i] = dns_lower[name[i]];
		name += len;
	}
}

bool
dns_name_equal(const uint8_t *a, const uint8_t *b)
{
	uint8_t len;
	unsigned i;

	for (;;) {
		if (*a != *b)
			return false;
		if ((len = *a) == 0)
			return true;
		a++;
		b++;
		for (i = 0; i < len; i++)
			if (dns_lower[a[i]] != dns_lower[b[i]])
				return false;
		a += len;
		b += len;
	}
}

bool
dns_name_is_below_or_at(const uint8_t *name, const uint8_t *parent)
{
	unsigned n = dns_name_labels(name), p = dns_name_labels(parent);

	if (n < p)
		return false;
	while (n-- > p)
		name += *name + 1;
	return dns_name_equal(name, parent);
}

/* Fills labels[] with pointers to each label, returns the count. */
static unsigned
label_index(const uint8_t *name, const uint8_t *labels[128])
{
	unsigned n = 0;

	while (*name) {
		labels[n++] = name;
		name += *name + 1;
	}
	return n;
}

int
dns_name_cmp_canonical(const uint8_t *a, const uint8_t *b)
{
	const uint8_t *la[128], *lb[128];
	unsigned na = label_index(a, la), nb = label_index(b, lb);
	unsigned i, j, len;

	/* RFC 4034 6.1: compare labels from the root, as lowercase octets. */
	for (i = 1; i <= na && i <= nb; i++) {
		const uint8_t *x = la[na - i], *y = lb[nb - i];

		len = x[0] < y[0] ? x[0] : y[0];
		for (j = 1; j <= len; j++) {
			if (dns_lower[x[j]] != dns_lower[y[j]])
				return dns_lower[x[j]] < dns_lower[y[j]] ?
				    -1 : 1;
		}
		if (x[0] != y[0])
			return x[0] < y[0] ? -1 : 1;
	}
	return na == nb ? 0 : na < nb ? -1 : 1;
}

bool
dns_name_is_wildcard(const uint8_t *name)
{
	return name[0] == 1 && name[1] == '*';
}

uint32_t
dns_name_hash(const uint8_t *name)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	size_t n = dns_name_len(name), i;

	for (i = 0; i < n; i++) {
		h ^= dns_lower[name[i]];
		h *= 16777619u;
	}
	return h;
}
