/* SPDX-License-Identifier: MIT */
/*
 * mmdb.c -- compiles a MaxMind DB into ranges of the nets table.
 *
 * The file's search tree is walked depth first, left (bit 0) before right,
 * so its networks come out sorted.  Every data record is a network: its
 * country.iso_code, else its continent.code, picks the region; the region
 * of a record is computed once per data offset (many networks share one
 * record).  In an IPv6 tree the IPv4 space is ::/96; the aliases that
 * point into it (::ffff:0:0/96, 2002::/16) are skipped, IPv4-mapped
 * clients being IPv4 already.  A tree is only trusted as far as
 * libmaxminddb checks it: a node visited too often (shared or looping
 * records) ends the walk with an error rather than exponential work.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <maxminddb.h>

#include "../common/err.h"
#include "../common/mem.h"
#include "mmdb.h"

typedef unsigned __int128 u128;

/* One record still to look at: what it points to and for which network. */
struct frame {
	u128		key;
	uint64_t	rec;
	MMDB_entry_s	entry;
	uint8_t		type;
	uint8_t		plen;
};

struct spans {
	struct geo_span	*s;
	size_t		 n, cap;
};

/* Data offset -> region, open addressing; key 0 is free (offset + 1). */
struct cache {
	uint32_t	*key;
	uint16_t	*val;
	size_t		 cap, n;
};

struct walk {
	MMDB_s			 db;
	const char		*path;
	const struct geo_mmdb_map *map;
	struct spans		 v[2];	/* IPv4, IPv6 */
	struct cache		 cache;
	struct geo_mmdb_stats	*st;
	unsigned		 bits;
	bool			 v4node_set;
	uint32_t		 v4node;
	char			*err;
	size_t			 errlen;
};

int
geo_mmdb_code(const char *s, size_t len)
{
	int a, b;

	if (len != 2)
		return -1;
	a = (s[0] | 0x20) - 'a';
	b = (s[1] | 0x20) - 'a';
	if (a < 0 || a > 25 || b < 0 || b > 25)
		return -1;
	return a * 26 + b;
}

static void
cache_put(struct cache *c, uint32_t off, uint16_t region)
{
	size_t i, j;

	if (2 * (c->n + 1) > c->cap) {
		struct cache old = *c;

		c->cap = c->cap ? 2 * c->cap : 1024;
		c->key = xcalloc(c->cap, sizeof(*c->key));
		c->val = xcalloc(c->cap, sizeof(*c->val));
		c->n = 0;
		for (j = 0; j < old.cap; j++)
			if (old.key[j] != 0)
				cache_put(c, old.key[j] - 1, old.val[j]);
		free(old.key);
		free(old.val);
	}
	for (i = (off * 2654435761u) & (c->cap - 1); c->key[i] != 0;
	    i = (i + 1) & (c->cap - 1))
		;
	c->key[i] = off + 1;
	c->val[i] = region;
	c->n++;
}

static bool
cache_get(const struct cache *c, uint32_t off, uint16_t *region)
{
	size_t i;

	if (c->cap == 0)
		return false;
	for (i = (off * 2654435761u) & (c->cap - 1); c->key[i] != 0;
	    i = (i + 1) & (c->cap - 1))
		if (c->key[i] == off + 1) {
			*region = c->val[i];
			return true;
		}
	return false;
}

/*
 * A two-letter string at path in the record, mapped through table:
 * 1 with *region, 0 when absent or unmapped, or a negative MMDB error.
 */
static int
lookup_code(MMDB_entry_s *e, const char *k1, const char *k2,
    const uint16_t *table, uint16_t *region)
{
	MMDB_entry_data_s d;
	int r, i;

	r = MMDB_get_value(e, &d, k1, k2, NULL);
	if (r == MMDB_LOOKUP_PATH_DOES_NOT_MATCH_DATA_ERROR)
		return 0;
	if (r != MMDB_SUCCESS)
		return -r;
	if (!d.has_data || d.type != MMDB_DATA_TYPE_UTF8_STRING ||
	    (i = geo_mmdb_code(d.utf8_string, d.data_size)) < 0 ||
	    table[i] == GEO_NO_REGION)
		return 0;
	*region = table[i];
	return 1;
}

/* The region of a data record: country, else continent; false on error. */
static bool
entry_region(struct walk *w, MMDB_entry_s e, uint16_t *region)
{
	uint16_t reg = GEO_NO_REGION;
	int r;

	if (cache_get(&w->cache, e.offset, region))
		return true;
	r = lookup_code(&e, "country", "iso_code", w->map->country, &reg);
	if (r == 0)
		r = lookup_code(&e, "continent", "code", w->map->continent,
		    &reg);
	if (r < 0) {
		cn_why(w->err, w->errlen, "%s: record at data offset %u: %s",
		    w->path, (unsigned)e.offset, MMDB_strerror(-r));
		return false;
	}
	cache_put(&w->cache, e.offset, reg);
	*region = reg;
	return true;
}

static void
span_add(struct spans *v, u128 first, u128 last, uint16_t region,
    uint8_t plen)
{
	struct geo_span *s;

	if (v->n > 0) {
		s = &v->s[v->n - 1];
		if (s->region == region && s->plen == plen &&
		    s->last + 1 == first) {
			s->last = last;
			return;
		}
	}
	if (v->n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 1024;
		v->s = xrealloc(v->s, v->cap * sizeof(*v->s));
	}
	s = &v->s[v->n++];
	s->first = first;
	s->last = last;
	s->region = region;
	s->plen = plen;
}

static u128
host_bits(unsigned plen, unsigned bits)
{
	if (plen >= bits)
		return 0;
	if (bits - plen == 128)
		return ~(u128)0;
	return ((u128)1 << (bits - plen)) - 1;
}

/* A network of the tree with its record: one span per family it covers. */
static bool
network(struct walk *w, u128 key, unsigned plen, MMDB_entry_s e)
{
	uint16_t region;

	w->st->networks++;
	if (!entry_region(w, e, &region))
		return false;
	if (region == GEO_NO_REGION)
		return true;
	w->st->mapped++;
	if (w->bits == 32) {
		span_add(&w->v[0], key, key | host_bits(plen, 32), region,
		    (uint8_t)plen);
		return true;
	}
	if (key >> 32 == 0 && plen >= 96) {
		span_add(&w->v[0], key, key | host_bits(plen, 128), region,
		    (uint8_t)(plen - 96));
		return true;
	}
	/* ::/plen with plen < 96 holds all of IPv4 as well. */
	if (key == 0)
		span_add(&w->v[0], 0, 0xffffffffu, region, 0);
	span_add(&w->v[1], key, key | host_bits(plen, 128), region,
	    (uint8_t)plen);
	return true;
}

/* The node IPv4 addresses start at in an IPv6 tree: ::/96, if a node. */
static void
find_v4node(struct walk *w)
{
	MMDB_search_node_s nd;
	uint32_t node = 0;
	unsigned i;

	for (i = 0; i < 96; i++) {
		if (MMDB_read_node(&w->db, node, &nd) != MMDB_SUCCESS ||
		    nd.left_record_type != MMDB_RECORD_TYPE_SEARCH_NODE)
			return;
		node = (uint32_t)nd.left_record;
	}
	w->v4node = node;
	w->v4node_set = true;
}

static bool
walk_tree(struct walk *w)
{
	struct frame stack[2 * 130], f;
	MMDB_search_node_s nd;
	size_t sp = 0, visits = 0, maxvisits;
	int r;

	maxvisits = 4 * (size_t)w->db.metadata.node_count + 1024;
	stack[sp++] = (struct frame){ .type = MMDB_RECORD_TYPE_SEARCH_NODE };
	while (sp > 0) {
		f = stack[--sp];
		switch (f.type) {
		case MMDB_RECORD_TYPE_EMPTY:
			continue;
		case MMDB_RECORD_TYPE_DATA:
			if (!network(w, f.key, f.plen, f.entry))
				return false;
			continue;
		case MMDB_RECORD_TYPE_SEARCH_NODE:
			break;
		default:
			cn_why(w->err, w->errlen, "%s: corrupt search tree "
			    "(a record of /%u points nowhere)", w->path,
			    f.plen);
			return false;
		}
		/* Aliases of the IPv4 space elsewhere in an IPv6 tree. */
		if (w->bits == 128 && w->v4node_set && f.key != 0 &&
		    f.rec == w->v4node)
			continue;
		if (f.plen >= w->bits) {
			cn_why(w->err, w->errlen, "%s: corrupt search tree "
			    "(deeper than %u bits)", w->path, w->bits);
			return false;
		}
		if (++visits > maxvisits) {
			cn_why(w->err, w->errlen, "%s: corrupt search tree "
			    "(nodes shared or looping)", w->path);
			return false;
		}
		if ((r = MMDB_read_node(&w->db, (uint32_t)f.rec, &nd)) !=
		    MMDB_SUCCESS) {
			cn_why(w->err, w->errlen, "%s: node %u: %s", w->path,
			    (unsigned)f.rec, MMDB_strerror(r));
			return false;
		}
		/* Right (bit 1) below left, so left comes out first. */
		stack[sp++] = (struct frame){
			.key = f.key | (u128)1 << (w->bits - 1 - f.plen),
			.rec = nd.right_record,
			.entry = nd.right_record_entry,
			.type = nd.right_record_type,
			.plen = (uint8_t)(f.plen + 1),
		};
		stack[sp++] = (struct frame){
			.key = f.key,
			.rec = nd.left_record,
			.entry = nd.left_record_entry,
			.type = nd.left_record_type,
			.plen = (uint8_t)(f.plen + 1),
		};
	}
	return true;
}

int
geo_mmdb_load(const char *path, const struct geo_mmdb_map *map,
    struct geo_nets *n, struct geo_mmdb_stats *st, char *err, size_t errlen)
{
	struct walk w;
	struct geo_mmdb_stats s;
	int r, rc = CN_EPARSE;

	memset(&w, 0, sizeof(w));
	memset(&s, 0, sizeof(s));
	w.path = path;
	w.map = map;
	w.st = &s;
	w.err = err;
	w.errlen = errlen;
	errno = 0;
	if ((r = MMDB_open(path, MMDB_MODE_MMAP, &w.db)) != MMDB_SUCCESS) {
		if (r == MMDB_IO_ERROR || r == MMDB_FILE_OPEN_ERROR)
			cn_why(err, errlen, "%s: %s%s%s", path,
			    MMDB_strerror(r), errno ? ": " : "",
			    errno ? strerror(errno) : "");
		else
			cn_why(err, errlen, "%s: not a MaxMind DB: %s", path,
			    MMDB_strerror(r));
		return errno ? -errno : CN_EPARSE;
	}
	w.bits = w.db.metadata.ip_version == 6 ? 128 : 32;
	if (w.db.metadata.ip_version != 4 && w.db.metadata.ip_version != 6) {
		cn_why(err, errlen, "%s: IP version %u", path,
		    w.db.metadata.ip_version);
		goto out;
	}
	s.nodes = w.db.metadata.node_count;
	if (w.bits == 128)
		find_v4node(&w);
	if (!walk_tree(&w))
		goto out;
	geo_nets_fill(n, AF_INET, w.v[0].s, w.v[0].n);
	geo_nets_fill(n, AF_INET6, w.v[1].s, w.v[1].n);
	s.ranges[0] = w.v[0].n;
	s.ranges[1] = w.v[1].n;
	*st = s;
	rc = 0;
out:
	MMDB_close(&w.db);
	free(w.v[0].s);
	free(w.v[1].s);
	free(w.cache.key);
	free(w.cache.val);
	return rc;
}
