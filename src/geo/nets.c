/* SPDX-License-Identifier: MIT */
/*
 * nets.c -- nets file parser and its longest-prefix-match table.
 *
 * Each prefix becomes [first, last] over a 128-bit key (IPv4 addresses are
 * their 32-bit value).  Sorted by start and then by length (wider first),
 * nested prefixes form a stack; one sweep paints the address space into
 * disjoint ranges, each carrying the most specific prefix that covers it.
 * A lookup is then one binary search: about 20 steps for a million ranges.
 * MaxMind DB networks (mmdb.c) are merged in below the file's ranges.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../common/err.h"
#include "../common/mem.h"
#include "../conf/conf.h"
#include "nets.h"

typedef unsigned __int128 u128;

struct range {
	u128		first, last;
	uint16_t	region;
	uint8_t		plen;
};

/* An IPv4 range once compiled: its start is in table.k4. */
struct range4 {
	uint32_t	last;
	uint16_t	region;
	uint8_t		plen;
};

/*
 * IPv6 tables are arrays of ranges.  IPv4 tables are built as those too,
 * then compacted: the starts as 32-bit keys in an array of their own, so
 * that the binary search reads 4 octets a step from an array that fits
 * the cache (400 KB for 100,000 ranges), and the rest in 8 octets; 12
 * octets a range instead of 48.
 */
struct table {
	struct range	*r;		/* IPv6; IPv4 while it is built */
	size_t		 n;
	uint32_t	*k4;		/* IPv4: starts */
	struct range4	*r4;		/* IPv4: the rest */
};

/* What a lookup found. */
struct hit {
	u128		first, last;
	unsigned	region, plen;
};

struct geo_nets {
	struct table	 t[2];		/* [0] IPv4, [1] IPv6 */
	size_t		 nprefixes;
};

/* A parsed line before compilation. */
struct pfx {
	u128		first, last;
	unsigned	line;
	uint16_t	region;
	uint8_t		plen;
	uint8_t		v6;
};

static void
fail_at(char *err, size_t errlen, const char *name, unsigned line,
    const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line > 0)
		cn_why(err, errlen, "%s:%u: %s", name, line, msg);
	else
		cn_why(err, errlen, "%s: %s", name, msg);
}

bool
geo_region_name_valid(const char *s)
{
	return conf_region_name_valid(s);
}

static u128
key_of(const uint8_t *a, size_t n)
{
	u128 k = 0;
	size_t i;

	for (i = 0; i < n; i++)
		k = k << 8 | a[i];
	return k;
}

/* Host-bit mask of a prefix of plen bits in a bits-wide key. */
static u128
host_mask(unsigned plen, unsigned bits)
{
	if (plen >= bits)
		return 0;
	if (bits - plen == 128)
		return ~(u128)0;
	return ((u128)1 << (bits - plen)) - 1;
}

/*
 * Parses "ADDR/LEN" into p; returns NULL or the reason.  A bare address
 * is a host prefix (/32 or /128).
 */
static const char *
parse_cidr(const char *s, struct pfx *p)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	uint8_t a[16];
	unsigned bits;
	long len;
	u128 m;

	if (strlen(s) >= sizeof(buf))
		return "bad prefix";
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash != NULL)
		*slash = '\0';
	if (inet_pton(AF_INET, buf, a) == 1) {
		p->v6 = 0;
		bits = 32;
	} else if (inet_pton(AF_INET6, buf, a) == 1) {
		p->v6 = 1;
		bits = 128;
	} else
		return "bad address";
	len = bits;
	if (slash != NULL) {
		if (!isdigit((unsigned char)slash[1]))
			return "bad prefix length";
		errno = 0;
		len = strtol(slash + 1, &end, 10);
		if (*end != '\0' || errno != 0 || len < 0 || len > (long)bits ||
		    end - (slash + 1) > 3)
			return "bad prefix length";
	}
	p->plen = (uint8_t)len;
	p->first = key_of(a, bits / 8);
	m = host_mask(p->plen, bits);
	if (p->first & m)
		return "host bits set";
	p->last = p->first | m;
	return NULL;
}

static int
pfx_cmp(const void *a, const void *b)
{
	const struct pfx *x = a, *y = b;

	if (x->v6 != y->v6)
		return x->v6 < y->v6 ? -1 : 1;
	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	if (x->plen != y->plen)
		return x->plen < y->plen ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* Appends a range, merged into the last one when it continues it. */
static void
push(struct table *t, u128 first, u128 last, uint16_t region, uint8_t plen)
{
	struct range *r;

	if (t->n > 0) {
		r = &t->r[t->n - 1];
		if (r->plen == plen && r->region == region &&
		    r->last + 1 == first) {
			r->last = last;
			return;
		}
	}
	r = &t->r[t->n++];
	r->first = first;
	r->last = last;
	r->region = region;
	r->plen = plen;
}

/* Neighbours from the same prefix merge (after a nested one ends). */
static void
emit(struct table *t, u128 first, u128 last, const struct pfx *p)
{
	push(t, first, last, p->region, p->plen);
}

/*
 * Paints sorted prefixes p[0..n) of one family into t (room for 2n
 * ranges).  cur is the first address not painted yet; done marks that
 * the top of the address space has been painted (cur wrapped).
 */
static void
compile(struct table *t, const struct pfx *p, size_t n)
{
	const struct pfx **stack;
	size_t depth = 0, i;
	u128 cur = 0;
	bool done = false;

	t->r = xcalloc(2 * n + 1, sizeof(*t->r));
	t->n = 0;
	stack = xcalloc(n + 1, sizeof(*stack));
	for (i = 0; i <= n; i++) {
		/* Close the prefixes that end before p[i] starts. */
		while (depth > 0 && (i == n ||
		    stack[depth - 1]->last < p[i].first)) {
			const struct pfx *top = stack[--depth];

			if (!done && cur <= top->last) {
				emit(t, cur, top->last, top);
				cur = top->last + 1;
				done = cur == 0;
			}
		}
		if (i == n)
			break;
		if (depth > 0 && cur < p[i].first)
			emit(t, cur, p[i].first - 1, stack[depth - 1]);
		cur = p[i].first;
		done = false;
		stack[depth++] = &p[i];
	}
	free(stack);
}

/* Turns a built IPv4 table (t->r) into its compact form. */
static void
compact4(struct table *t)
{
	size_t i;

	t->k4 = xcalloc(t->n + 1, sizeof(*t->k4));
	t->r4 = xcalloc(t->n + 1, sizeof(*t->r4));
	for (i = 0; i < t->n; i++) {
		t->k4[i] = (uint32_t)t->r[i].first;
		t->r4[i].last = (uint32_t)t->r[i].last;
		t->r4[i].region = t->r[i].region;
		t->r4[i].plen = t->r[i].plen;
	}
	free(t->r);
	t->r = NULL;
}

/* The ranges of a compact IPv4 table, as built (the caller frees). */
static struct range *
expand4(const struct table *t)
{
	struct range *r = xcalloc(t->n + 1, sizeof(*r));
	size_t i;

	for (i = 0; i < t->n; i++) {
		r[i].first = t->k4[i];
		r[i].last = t->r4[i].last;
		r[i].region = t->r4[i].region;
		r[i].plen = t->r4[i].plen;
	}
	return r;
}

int
geo_nets_parse(const char *name, const char *text, size_t len,
    const char *const *regions, size_t nregions, struct geo_nets **out,
    char *err, size_t errlen)
{
	struct geo_nets *n = NULL;
	struct pfx *p = NULL;
	size_t np = 0, cap = 0, pos = 0, i, k, v4;
	unsigned line = 0;
	char buf[GEO_NETS_LINE_MAX + 1], *f1, *f2, *f3, *save, *hash;
	const char *why;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - (text + pos)) : len - pos;

		line++;
		if (ll > GEO_NETS_LINE_MAX) {
			fail_at(err, errlen, name, line, "line longer than %u",
			    GEO_NETS_LINE_MAX);
			goto fail;
		}
		memcpy(buf, text + pos, ll);
		buf[ll] = '\0';
		pos += ll + (nl != NULL);
		if (memchr(buf, '\0', ll) != NULL) {
			fail_at(err, errlen, name, line, "NUL octet");
			goto fail;
		}
		if ((hash = strchr(buf, '#')) != NULL)
			*hash = '\0';
		f1 = strtok_r(buf, " \t\r", &save);
		if (f1 == NULL)
			continue;
		f2 = strtok_r(NULL, " \t\r", &save);
		f3 = f2 ? strtok_r(NULL, " \t\r", &save) : NULL;
		if (f2 == NULL || f3 != NULL) {
			fail_at(err, errlen, name, line,
			    "expected \"PREFIX REGION\"");
			goto fail;
		}
		if (np == cap) {
			if (np >= GEO_NETS_MAX) {
				fail_at(err, errlen, name, line,
				    "more than %u prefixes", GEO_NETS_MAX);
				goto fail;
			}
			cap = cap ? 2 * cap : 64;
			p = xrealloc(p, cap * sizeof(*p));
		}
		if ((why = parse_cidr(f1, &p[np])) != NULL) {
			fail_at(err, errlen, name, line, "%s: %s", why, f1);
			goto fail;
		}
		if (!geo_region_name_valid(f2)) {
			fail_at(err, errlen, name, line,
			    "bad region name \"%.40s\"", f2);
			goto fail;
		}
		for (k = 0; k < nregions; k++)
			if (strcmp(regions[k], f2) == 0)
				break;
		if (k == nregions) {
			fail_at(err, errlen, name, line,
			    "unknown region \"%s\"", f2);
			goto fail;
		}
		p[np].region = (uint16_t)k;
		p[np].line = line;
		np++;
	}
	if (np > 0)
		qsort(p, np, sizeof(*p), pfx_cmp);
	for (i = 1; i < np; i++) {
		if (p[i].v6 == p[i - 1].v6 && p[i].first == p[i - 1].first &&
		    p[i].plen == p[i - 1].plen) {
			fail_at(err, errlen, name, p[i].line,
			    "duplicate prefix (first at line %u)",
			    p[i - 1].line);
			goto fail;
		}
	}
	for (v4 = 0; v4 < np && !p[v4].v6; v4++)
		;
	n = xcalloc(1, sizeof(*n));
	n->nprefixes = np;
	compile(&n->t[0], p, v4);
	compact4(&n->t[0]);
	/* An empty file has no array at all: NULL + 0 is undefined. */
	compile(&n->t[1], np > 0 ? p + v4 : p, np - v4);
	free(p);
	*out = n;
	return 0;
fail:
	free(p);
	return CN_EPARSE;
}

int
geo_nets_load(const char *path, const char *const *regions,
    size_t nregions, struct geo_nets **out, char *err, size_t errlen)
{
	FILE *f;
	char *text = NULL;
	size_t len = 0, cap = 0, r;
	int rc;

	if ((f = fopen(path, "r")) == NULL) {
		fail_at(err, errlen, path, 0, "%s", strerror(errno));
		return -errno;
	}
	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? 2 * cap : 65536;
			text = xrealloc(text, cap);
		}
		r = fread(text + len, 1, cap - len, f);
		len += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		fail_at(err, errlen, path, 0, "read error");
		fclose(f);
		free(text);
		return CN_EINVAL;
	}
	fclose(f);
	rc = geo_nets_parse(path, text, len, regions, nregions, out, err,
	    errlen);
	free(text);
	return rc;
}

void
geo_nets_free(struct geo_nets *n)
{
	if (n == NULL)
		return;
	free(n->t[0].r);
	free(n->t[0].k4);
	free(n->t[0].r4);
	free(n->t[1].r);
	free(n);
}

struct geo_nets *
geo_nets_new_empty(void)
{
	struct geo_nets *n = xcalloc(1, sizeof(*n));

	n->t[0].k4 = xcalloc(1, sizeof(*n->t[0].k4));
	n->t[0].r4 = xcalloc(1, sizeof(*n->t[0].r4));
	n->t[1].r = xcalloc(1, sizeof(*n->t[1].r));
	return n;
}

/*
 * One merge of two sorted, disjoint lists: every range of old, and of
 * each span the parts no range of old covers.  A span splits at most
 * once per range of old, so 2 * old + spans ranges are enough.
 */
void
geo_nets_fill(struct geo_nets *n, int family, const struct geo_span *s,
    size_t count)
{
	struct table *tab = &n->t[family == AF_INET6], t;
	struct table oldt = *tab, *old = &oldt;
	size_t i = 0, j;
	bool cov = false;
	u128 covlast = 0, cur, end;

	if (count == 0)
		return;
	if (family == AF_INET)
		oldt.r = expand4(tab);
	memset(&t, 0, sizeof(t));
	t.r = xcalloc(2 * old->n + count + 1, sizeof(*t.r));
	for (j = 0; j < count; j++) {
		cur = s[j].first;
		for (;;) {
			while (i < old->n && old->r[i].first <= cur) {
				const struct range *o = &old->r[i++];

				push(&t, o->first, o->last, o->region, o->plen);
				cov = true;
				covlast = o->last;
			}
			if (cov && covlast >= cur) {
				if (covlast >= s[j].last)
					break;
				cur = covlast + 1;
				continue;
			}
			end = s[j].last;
			if (i < old->n && old->r[i].first <= end)
				end = old->r[i].first - 1;
			push(&t, cur, end, s[j].region, s[j].plen);
			if (end == s[j].last)
				break;
			cur = end + 1;
		}
	}
	for (; i < old->n; i++)
		push(&t, old->r[i].first, old->r[i].last, old->r[i].region,
		    old->r[i].plen);
	free(oldt.r);
	free(oldt.k4);
	free(oldt.r4);
	if (family == AF_INET)
		compact4(&t);
	*tab = t;
}

size_t
geo_nets_count(const struct geo_nets *n)
{
	return n->nprefixes;
}

size_t
geo_nets_ranges(const struct geo_nets *n, int family)
{
	return n->t[family == AF_INET6].n;
}

/* The range holding the address (its key in *k), false if none. */
static bool
find(const struct geo_nets *n, int family, const uint8_t *addr,
    struct hit *h, u128 *kp)
{
	const struct table *t;
	size_t lo, hi, mid;
	u128 k;

	if (family == AF_INET) {
		uint32_t k4 = (uint32_t)key_of(addr, 4);

		t = &n->t[0];
		/* The last range starting at or before k. */
		lo = 0;
		hi = t->n;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (t->k4[mid] <= k4)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == 0 || t->r4[lo - 1].last < k4)
			return false;
		h->first = t->k4[lo - 1];
		h->last = t->r4[lo - 1].last;
		h->region = t->r4[lo - 1].region;
		h->plen = t->r4[lo - 1].plen;
		*kp = k4;
		return true;
	}
	if (family != AF_INET6)
		return false;
	t = &n->t[1];
	k = key_of(addr, 16);
	lo = 0;
	hi = t->n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->r[mid].first <= k)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || t->r[lo - 1].last < k)
		return false;
	h->first = t->r[lo - 1].first;
	h->last = t->r[lo - 1].last;
	h->region = t->r[lo - 1].region;
	h->plen = t->r[lo - 1].plen;
	*kp = k;
	return true;
}

/* Leading bits that a and b (bits wide, a != b) have in common. */
static unsigned
common_bits(u128 a, u128 b, unsigned bits)
{
	u128 x = a ^ b;
	uint64_t hi = (uint64_t)(x >> 64), lo = (uint64_t)x;
	unsigned lz = hi ? (unsigned)__builtin_clzll(hi) :
	    64 + (unsigned)__builtin_clzll(lo);

	return lz - (128 - bits);
}

bool
geo_nets_lookup(const struct geo_nets *n, int family, const uint8_t *addr,
    unsigned *region, unsigned *plen)
{
	struct hit h;
	u128 k;

	if (!find(n, family, addr, &h, &k))
		return false;
	*region = h.region;
	*plen = h.plen;
	return true;
}

bool
geo_nets_match(const struct geo_nets *n, int family, const uint8_t *addr,
    struct geo_match *m)
{
	struct hit h;
	unsigned bits = family == AF_INET ? 32 : 128, s, c;
	u128 k, top;

	if (!find(n, family, addr, &h, &k))
		return false;
	m->region = h.region;
	m->plen = h.plen;
	/*
	 * The block of k's first s bits lies inside [first, last] once it
	 * holds neither first - 1 nor last + 1: s must pass the bits k
	 * shares with each.
	 */
	s = h.plen;
	top = bits == 32 ? 0xffffffffu : ~(u128)0;
	if (h.first > 0 && (c = common_bits(k, h.first - 1, bits) + 1) > s)
		s = c;
	if (h.last < top && (c = common_bits(k, h.last + 1, bits) + 1) > s)
		s = c;
	m->scope = s;
	return true;
}
