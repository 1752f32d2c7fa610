/* SPDX-License-Identifier: MIT */
/*
 * zone.c -- builds an immutable zone from the records the zone-file parser
 * hands over, checks it (RFC 1034, 1035, 2181, 4592, 6672), and keeps the
 * set of zones one snapshot serves.  Records are collected into flat
 * arrays, owners are interned in a build hash, empty non-terminals are
 * added, nodes are sorted into canonical order, and every node's RRsets end
 * up contiguous; an open-addressing index then finds a node in a probe or
 * two.  Choices where the RFCs leave room follow Knot DNS: records outside
 * the zone are ignored with a warning, duplicate records are merged, and an
 * RRset whose TTLs differ takes the TTL of its last record, with a warning.
 * For DNSSEC, RRSIGs form one RRset per type covered, names owning only
 * NSEC3 records stay out of the index (they are not names of the zone),
 * and the NSEC predecessor table or the sorted NSEC3 hashes are built.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/err.h"
#include "../common/log.h"
#include "../common/mem.h"
#include "dnssec_check.h"
#include "name.h"
#include "rdata.h"
#include "zone.h"
#include "zparse.h"

#define MAX_FILES	UINT16_MAX

struct brec {
	uint32_t	 node;
	uint32_t	 rdoff;
	uint32_t	 ttl;
	uint32_t	 line;
	uint16_t	 type;
	uint16_t	 rdlen;
	uint16_t	 file;
};

struct bnode {
	uint32_t	 name;	/* offset into build names */
	uint32_t	 hash;
	uint32_t	 rec;	/* first record, for file:line; or UINT32_MAX */
};

struct build {
	const uint8_t		*apex;
	size_t			 apex_len;
	unsigned		 apex_labels;
	struct dns_zone_report	*rep;
	struct brec		*recs;
	size_t			 nrecs, caprecs;
	struct bnode		*nodes;
	size_t			 nnodes, capnodes;
	uint8_t			*names;
	size_t			 nameslen, namescap;
	uint8_t			*rdata;
	size_t			 rdlen, rdcap;
	uint64_t		*hidx;	/* hash << 32 | node + 1 */
	size_t			 hcap;
	char			**files;
	size_t			 nfiles, capfiles;
	uint32_t		*inv;	/* record node -> zone node, after build */
	const char		*label;	/* file or text label, for messages */
	uint8_t			 last[DNS_NAME_MAX];	/* last owner */
	uint32_t		 last_node;
	bool			 have_last;
	bool			 fatal;
};

static void
report(struct build *b, bool fatal, const char *file, unsigned line,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
report(struct build *b, bool fatal, const char *file, unsigned line,
    const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (fatal)
		b->fatal = true;
	if (file == NULL)
		file = b->label;
	if (b->rep != NULL) {
		if (fatal)
			b->rep->errors++;
		else
			b->rep->warnings++;
		if (b->rep->msg != NULL)
			b->rep->msg(b->rep->arg, fatal, file, line, text);
		return;
	}
	if (fatal)
		log_err("%s:%u: %s", file, line, text);
	else
		log_warnx("%s:%u: %s", file, line, text);
}

static const char *
rec_file(const struct build *b, const struct brec *r)
{
	return r->file < b->nfiles ? b->files[r->file] : b->label;
}

static void
name_text(const uint8_t *name, char *buf, size_t cap)
{
	if (dns_name_to_text(name, buf, cap) < 0)
		snprintf(buf, cap, "(name)");
}

static bool
lower_equal(const uint8_t *a, const uint8_t *b)
{
	uint8_t len;

	for (;;) {
		if ((len = *a) != *b)
			return false;
		if (len == 0)
			return true;
		if (memcmp(a + 1, b + 1, len) != 0)
			return false;
		a += len + 1;
		b += len + 1;
	}
}

/*
 * dns_zone_name_hash() is FNV-1a, whose low bits mix poorly for names that
 * differ only in a few early octets (n1, n2, ... of a generated zone);
 * the table slots come from the hash after a murmur3 finalizer.
 */
static inline uint32_t
slot_hash(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

/*
 * The zone's index keeps node + 1 in the low 24 bits and 8 bits of the
 * hash above them as a tag, so most probes of other names never touch the
 * node array; a zone of 2^24 names or more goes without tags.
 */
#define TAG_SHIFT	24
#define TAG_IDX		((1u << TAG_SHIFT) - 1)

static void
index_insert(uint32_t *idx, size_t cap, uint32_t hash, uint32_t val,
    bool tags)
{
	uint32_t h = slot_hash(hash);
	size_t i = h & (cap - 1);

	while (idx[i] != 0)
		i = (i + 1) & (cap - 1);
	idx[i] = (val + 1) | (tags ? (h >> TAG_SHIFT) << TAG_SHIFT : 0);
}

static void
build_insert(uint64_t *idx, size_t cap, uint32_t hash, uint32_t val)
{
	size_t i = slot_hash(hash) & (cap - 1);

	while (idx[i] != 0)
		i = (i + 1) & (cap - 1);
	idx[i] = (uint64_t)hash << 32 | (val + 1u);
}

static void
build_rehash(struct build *b)
{
	size_t ncap = b->hcap ? b->hcap * 2 : 1024, i;

	free(b->hidx);
	b->hidx = xcalloc(ncap, sizeof(*b->hidx));
	b->hcap = ncap;
	for (i = 0; i < b->nnodes; i++)
		build_insert(b->hidx, ncap, b->nodes[i].hash, (uint32_t)i);
}

static int64_t
build_find(const struct build *b, const uint8_t *lname, uint32_t hash)
{
	size_t i = slot_hash(hash) & (b->hcap - 1);
	uint64_t v;

	while ((v = b->hidx[i]) != 0) {
		uint32_t n = (uint32_t)v - 1;

		if ((uint32_t)(v >> 32) == hash &&
		    lower_equal(b->names + b->nodes[n].name, lname))
			return n;
		i = (i + 1) & (b->hcap - 1);
	}
	return -1;
}

/* Returns the node for the lowercased name, adding it if new. */
static uint32_t
build_node(struct build *b, const uint8_t *lname, uint32_t rec)
{
	uint32_t hash = dns_zone_name_hash(lname);
	size_t len = dns_name_len(lname);
	int64_t found;
	struct bnode *n;

	if (b->hcap == 0 || (b->nnodes + 1) * 2 > b->hcap)
		build_rehash(b);
	if ((found = build_find(b, lname, hash)) >= 0)
		return (uint32_t)found;
	xgrow(&b->nodes, &b->capnodes, b->nnodes + 1, sizeof(*b->nodes));
	xgrow(&b->names, &b->namescap, b->nameslen + len, 1);
	n = &b->nodes[b->nnodes];
	n->name = (uint32_t)b->nameslen;
	n->hash = hash;
	n->rec = rec;
	memcpy(b->names + b->nameslen, lname, len);
	b->nameslen += len;
	build_insert(b->hidx, b->hcap, hash, (uint32_t)b->nnodes);
	return (uint32_t)b->nnodes++;
}

static uint16_t
build_file(struct build *b, const char *file)
{
	size_t i;

	if (file == NULL)
		file = b->label;
	for (i = b->nfiles; i > 0; i--)
		if (strcmp(b->files[i - 1], file) == 0)
			return (uint16_t)(i - 1);
	if (b->nfiles >= MAX_FILES)
		return MAX_FILES;
	xgrow(&b->files, &b->capfiles, b->nfiles + 1, sizeof(*b->files));
	b->files[b->nfiles] = xstrdup(file);
	return (uint16_t)b->nfiles++;
}

static void
on_error(void *arg, const char *file, unsigned line, const char *msg)
{
	report(arg, true, file, line, "%s", msg);
}

/*
 * RFC 4034 6.2 less NSEC (RFC 6840 5.1): the types whose RDATA names are
 * lowercased in canonical form.  Knot stores them so, and answers with
 * them so; we do the same at load.
 */
static bool
lowercase_type(uint16_t type)
{
	switch (type) {
	case DNS_TYPE_NS:
	case DNS_TYPE_MD:
	case DNS_TYPE_MF:
	case DNS_TYPE_CNAME:
	case DNS_TYPE_SOA:
	case DNS_TYPE_MB:
	case DNS_TYPE_MG:
	case DNS_TYPE_MR:
	case DNS_TYPE_PTR:
	case DNS_TYPE_MINFO:
	case DNS_TYPE_MX:
	case DNS_TYPE_RP:
	case DNS_TYPE_AFSDB:
	case DNS_TYPE_NAPTR:
	case DNS_TYPE_KX:
	case DNS_TYPE_SRV:
	case DNS_TYPE_DNAME:
	case DNS_TYPE_RRSIG:
		return true;
	default:
		return false;
	}
}

static void
lowercase_rdata(uint16_t type, uint8_t *rd, size_t len)
{
	const struct dns_rrtype *desc = dns_rrtype_by_code(type);
	struct dns_rdata_field f;
	size_t state = 0, i;

	while (dns_rdata_next(desc, rd, len, &state, &f) == 1)
		if (f.kind == DNS_RDF_CNAME || f.kind == DNS_RDF_NAME)
			for (i = f.off; i < f.off + f.len; i++)
				rd[i] = dns_lower[rd[i]];
}

static int
on_rr(void *arg, const struct dns_zparse_rr *rr)
{
	struct build *b = arg;
	uint8_t owner[DNS_NAME_MAX];
	char text[DNS_NAME_MAX * 4 + 1];
	struct brec *r;
	size_t len;

	if (rr->rclass != DNS_CLASS_IN) {
		report(b, true, rr->file, rr->line,
		    "class %u not supported, only IN", rr->rclass);
		return 0;
	}
	len = dns_name_len(rr->owner);
	memcpy(owner, rr->owner, len);
	dns_name_lower(owner);
	if (!dns_name_is_below_or_at(owner, b->apex)) {
		name_text(rr->owner, text, sizeof(text));
		report(b, false, rr->file, rr->line,
		    "record %s outside the zone, ignored", text);
		return 0;
	}
	if (rr->type == DNS_TYPE_OPT || rr->type == DNS_TYPE_TSIG ||
	    (rr->type >= DNS_TYPE_IXFR && rr->type <= DNS_TYPE_ANY)) {
		report(b, true, rr->file, rr->line,
		    "type %u cannot be zone data", rr->type);
		return 0;
	}
	if (b->rdlen + rr->rdlen >= UINT32_MAX || b->nrecs >= UINT32_MAX - 1) {
		report(b, true, rr->file, rr->line, "zone too large");
		return 1;
	}
	xgrow(&b->recs, &b->caprecs, b->nrecs + 1, sizeof(*b->recs));
	xgrow(&b->rdata, &b->rdcap, b->rdlen + rr->rdlen + 1, 1);
	r = &b->recs[b->nrecs];
	/* Records of one owner come together: skip the hash then. */
	if (b->have_last && memcmp(b->last, owner, len) == 0)
		r->node = b->last_node;
	else {
		r->node = build_node(b, owner, (uint32_t)b->nrecs);
		memcpy(b->last, owner, len);
		b->last_node = r->node;
		b->have_last = true;
	}
	r->rdoff = (uint32_t)b->rdlen;
	r->ttl = rr->ttl;
	r->line = rr->line;
	r->type = rr->type;
	r->rdlen = rr->rdlen;
	r->file = build_file(b, rr->file);
	if (rr->rdlen)
		memcpy(b->rdata + b->rdlen, rr->rdata, rr->rdlen);
	if (lowercase_type(rr->type))
		lowercase_rdata(rr->type, b->rdata + b->rdlen, rr->rdlen);
	b->rdlen += rr->rdlen;
	b->nrecs++;
	return 0;
}

/* Adds every missing ancestor up to the apex as an empty non-terminal. */
static void
add_ents(struct build *b)
{
	uint8_t parent[DNS_NAME_MAX];
	const uint8_t *name;
	size_t i, len;

	for (i = 0; i < b->nnodes; i++) {
		name = b->names + b->nodes[i].name;
		len = dns_name_len(name);
		if (len <= b->apex_len)
			continue;
		len -= (size_t)name[0] + 1;
		if (len == b->apex_len)
			continue;	/* the apex, always there */
		memcpy(parent, name + name[0] + 1, len);
		/* New nodes are appended and walked themselves later. */
		if (build_find(b, parent, dns_zone_name_hash(parent)) < 0)
			(void)build_node(b, parent, UINT32_MAX);
	}
}

/* Sort keys: the labels below the apex, last first, each length-prefixed. */
struct sortctx {
	const uint8_t	*keys;
	const uint32_t	*koff;
};

static int
key_cmp(const void *pa, const void *pb, void *arg)
{
	const struct sortctx *c = arg;
	const uint8_t *a = c->keys + c->koff[*(const uint32_t *)pa];
	const uint8_t *b = c->keys + c->koff[*(const uint32_t *)pb];
	unsigned la, lb, m;
	int r;

	for (;;) {
		la = *a++;
		lb = *b++;
		if (la == 0 || lb == 0)
			return (la > 0) - (lb > 0);
		m = la < lb ? la : lb;
		if ((r = memcmp(a, b, m)) != 0)
			return r;
		if (la != lb)
			return la < lb ? -1 : 1;
		a += la;
		b += lb;
	}
}

static uint32_t *
sort_nodes(struct build *b)
{
	const uint8_t *labels[128], *name;
	struct sortctx c;
	uint8_t *keys;
	uint32_t *koff, *perm;
	size_t i, pos = 0;
	unsigned n, j;

	keys = xmalloc(b->nameslen + b->nnodes);
	koff = xmalloc(b->nnodes * sizeof(*koff));
	perm = xmalloc(b->nnodes * sizeof(*perm));
	for (i = 0; i < b->nnodes; i++) {
		name = b->names + b->nodes[i].name;
		for (n = 0; *name; name += *name + 1)
			labels[n++] = name;
		koff[i] = (uint32_t)pos;
		for (j = n - b->apex_labels; j > 0; j--) {
			memcpy(keys + pos, labels[j - 1], labels[j - 1][0] + 1u);
			pos += labels[j - 1][0] + 1u;
		}
		keys[pos++] = 0;
		perm[i] = (uint32_t)i;
	}
	c.keys = keys;
	c.koff = koff;
	qsort_r(perm, b->nnodes, sizeof(*perm), key_cmp, &c);
	free(keys);
	free(koff);
	return perm;
}

struct recctx {
	const struct brec	*recs;
	const uint8_t		*rdata;
};

static int
rec_cmp(const void *pa, const void *pb, void *arg)
{
	const struct recctx *c = arg;
	uint32_t ia = *(const uint32_t *)pa, ib = *(const uint32_t *)pb;
	const struct brec *a = &c->recs[ia], *b = &c->recs[ib];
	size_t m;
	int r;

	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	m = a->rdlen < b->rdlen ? a->rdlen : b->rdlen;
	if (m && (r = memcmp(c->rdata + a->rdoff, c->rdata + b->rdoff, m)))
		return r;
	if (a->rdlen != b->rdlen)
		return a->rdlen < b->rdlen ? -1 : 1;
	return ia < ib ? -1 : ia > ib;
}

static bool
same_rdata(const struct build *b, const struct brec *x, const struct brec *y)
{
	return x->rdlen == y->rdlen && (x->rdlen == 0 ||
	    memcmp(b->rdata + x->rdoff, b->rdata + y->rdoff, x->rdlen) == 0);
}

/* The type an RRSIG covers (RFC 4034 3.1.1); 0 if too short. */
static uint16_t
covered(const struct build *b, const struct brec *r)
{
	const uint8_t *p = b->rdata + r->rdoff;

	return r->rdlen >= 2 ? (uint16_t)(p[0] << 8 | p[1]) : 0;
}

/* Same RRset: same type, and for RRSIG the same type covered. */
static bool
same_set(const struct build *b, const struct brec *x, const struct brec *y)
{
	return x->type == y->type && (x->type != DNS_TYPE_RRSIG ||
	    covered(b, x) == covered(b, y));
}

/* Reads the SOA serial and minimum; false if the RDATA is too short. */
static bool
soa_fields(const uint8_t *rd, size_t len, uint32_t *serial, uint32_t *min)
{
	size_t off = 0;
	int i;

	for (i = 0; i < 2; i++) {
		while (off < len && rd[off] != 0)
			off += rd[off] + 1u;
		off++;
	}
	if (off + 20 > len)
		return false;
	*serial = (uint32_t)rd[off] << 24 | (uint32_t)rd[off + 1] << 16 |
	    (uint32_t)rd[off + 2] << 8 | rd[off + 3];
	off += 16;
	*min = (uint32_t)rd[off] << 24 | (uint32_t)rd[off + 1] << 16 |
	    (uint32_t)rd[off + 2] << 8 | rd[off + 3];
	return true;
}

static void
put_u16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

/* Node-level checks and flags from its sorted records. */
static void
check_node(struct build *b, struct dns_zone *z, struct dns_node *n,
    const struct brec *first)
{
	const struct dns_rrset *rs = &z->rrsets[n->rrset];
	char text[DNS_NAME_MAX * 4 + 1];
	bool other = false, nsec3 = false, plain = false;
	unsigned i;

	for (i = 0; i < n->nrrsets; i++) {
		if (rs[i].type == DNS_TYPE_NSEC3)
			nsec3 = true;
		else if (rs[i].type != DNS_TYPE_RRSIG)
			plain = true;
		switch (rs[i].type) {
		case DNS_TYPE_CNAME:
			n->flags |= DNS_NODE_CNAME;
			if (rs[i].count > 1) {
				name_text(dns_node_name(z, n), text,
				    sizeof(text));
				report(b, true, rec_file(b, first), first->line,
				    "more than one CNAME at %s", text);
			}
			break;
		case DNS_TYPE_DNAME:
			n->flags |= DNS_NODE_DNAME;
			if (rs[i].count > 1) {
				name_text(dns_node_name(z, n), text,
				    sizeof(text));
				report(b, true, rec_file(b, first), first->line,
				    "more than one DNAME at %s", text);
			}
			other = true;
			break;
		case DNS_TYPE_NS:
			if (!(n->flags & DNS_NODE_APEX))
				n->flags |= DNS_NODE_DELEG;
			other = true;
			break;
		case DNS_TYPE_A:
		case DNS_TYPE_AAAA:
			n->flags |= DNS_NODE_ADDR;
			other = true;
			break;
		case DNS_TYPE_RRSIG:
		case DNS_TYPE_NSEC:
			break;	/* RFC 4035 2.5: allowed beside a CNAME */
		case DNS_TYPE_SOA:
			if (!(n->flags & DNS_NODE_APEX)) {
				name_text(dns_node_name(z, n), text,
				    sizeof(text));
				report(b, false, rec_file(b, first),
				    first->line, "SOA at %s, not at the apex",
				    text);
			}
			other = true;
			break;
		default:
			other = true;
			break;
		}
	}
	/* RFC 5155 7.2.8: NSEC3 owners are no names of the zone (as Knot). */
	if (nsec3 && !plain && !(n->flags & DNS_NODE_APEX))
		n->flags |= DNS_NODE_NSEC3;
	if ((n->flags & DNS_NODE_CNAME) && other) {
		name_text(dns_node_name(z, n), text, sizeof(text));
		report(b, true, rec_file(b, first), first->line,
		    "CNAME and other data at %s (RFC 1034 3.6.2)", text);
	}
}

/* Groups records by node and type into the zone's RRsets. */
static void
build_rrsets(struct build *b, struct dns_zone *z, const uint32_t *inv)
{
	struct recctx rc = { b->recs, b->rdata };
	uint32_t *start, *order, i, j, k;
	size_t nsets = 0, pos = 0, nn = b->nnodes;

	start = xcalloc(nn + 1, sizeof(*start));
	order = xmalloc((b->nrecs ? b->nrecs : 1) * sizeof(*order));
	for (i = 0; i < b->nrecs; i++)
		start[inv[b->recs[i].node] + 1]++;
	for (i = 0; i < nn; i++)
		start[i + 1] += start[i];
	for (i = 0; i < b->nrecs; i++)
		order[start[inv[b->recs[i].node]]++] = i;
	/* start[i] is now the end of node i's range. */
	for (i = nn; i > 0; i--)
		start[i] = start[i - 1];
	start[0] = 0;

	z->rrsets = xmalloc((b->nrecs ? b->nrecs : 1) * sizeof(*z->rrsets));
	z->rdata = xmalloc(b->rdlen + 2 * b->nrecs + 1);
	for (i = 0; i < nn; i++) {
		struct dns_node *n = &z->nodes[i];
		uint32_t lo = start[i], hi = start[i + 1];

		n->rrset = (uint32_t)nsets;
		n->nrrsets = 0;
		if (hi - lo > 1)
			qsort_r(order + lo, hi - lo, sizeof(*order), rec_cmp,
			    &rc);
		for (j = lo; j < hi; j = k) {
			const struct brec *r = &b->recs[order[j]];
			struct dns_rrset *rs = &z->rrsets[nsets++];
			uint32_t last = order[j];
			bool mismatch = false;

			rs->type = r->type;
			rs->off = (uint32_t)pos;
			rs->count = 0;
			for (k = j; k < hi && same_set(b, r, &b->recs[order[k]]);
			    k++) {
				const struct brec *x = &b->recs[order[k]];

				if (x->ttl != r->ttl)
					mismatch = true;
				if (order[k] > last)
					last = order[k];
				if (k > j && same_rdata(b, x,
				    &b->recs[order[k - 1]]))
					continue;	/* duplicate, merged */
				if (rs->count == UINT16_MAX)
					continue;
				put_u16(z->rdata + pos, x->rdlen);
				memcpy(z->rdata + pos + 2, b->rdata + x->rdoff,
				    x->rdlen);
				pos += 2u + x->rdlen;
				rs->count++;
			}
			rs->len = (uint32_t)(pos - rs->off);
			rs->ttl = b->recs[last].ttl;
			z->nrr += rs->count;
			n->nrrsets++;
			if (mismatch) {
				char text[DNS_NAME_MAX * 4 + 1], tb[16];

				name_text(dns_node_name(z, n), text,
				    sizeof(text));
				report(b, false, rec_file(b, r), r->line,
				    "TTL mismatch in %s %s, TTL set to %u",
				    text, dns_rrtype_to_text(r->type, tb,
				    sizeof(tb)), rs->ttl);
			}
		}
		if (hi > lo)
			check_node(b, z, n, &b->recs[order[lo]]);
		else
			n->flags |= DNS_NODE_ENT;
	}
	z->nrrsets = nsets;
	free(start);
	free(order);
}

static void
build_index(struct dns_zone *z)
{
	size_t cap = 16, i;

	while (cap < z->nnodes * 2)
		cap *= 2;
	z->index = xcalloc(cap, sizeof(*z->index));
	z->mask = (uint32_t)(cap - 1);
	z->tagmask = z->nnodes < TAG_IDX ? ~TAG_IDX : 0;
	for (i = 0; i < z->nnodes; i++)
		if (!(z->nodes[i].flags & DNS_NODE_NSEC3))
			index_insert(z->index, cap, z->nodes[i].hash,
			    (uint32_t)i, z->tagmask != 0);
}

static const struct brec *
node_rec(const struct build *b, const uint32_t *firstrec, size_t i)
{
	uint32_t r = firstrec[i];

	return r == UINT32_MAX ? NULL : &b->recs[r];
}

/* Zone cuts, occluded data, wildcards and glue: the tree-level checks. */
static void
check_tree(struct build *b, struct dns_zone *z, const uint32_t *firstrec)
{
	char text[DNS_NAME_MAX * 4 + 1], ctext[DNS_NAME_MAX * 4 + 1];
	uint8_t target[DNS_NAME_MAX];
	uint32_t cut = DNS_NODE_NONE;
	size_t i;

	for (i = 0; i < z->nnodes; i++) {
		struct dns_node *n = &z->nodes[i];
		const uint8_t *name = dns_node_name(z, n);
		const struct brec *r = node_rec(b, firstrec, i);
		const struct dns_node *parent;

		if (cut != DNS_NODE_NONE && !dns_name_is_below_or_at(name,
		    dns_node_name(z, &z->nodes[cut])))
			cut = DNS_NODE_NONE;
		if (cut != DNS_NODE_NONE) {
			const struct dns_node *c = &z->nodes[cut];
			unsigned k;
			bool warn = false;

			n->flags |= DNS_NODE_OCCLUDED;
			n->cut = cut;
			for (k = 0; k < n->nrrsets; k++) {
				uint16_t t = z->rrsets[n->rrset + k].type;

				if ((c->flags & DNS_NODE_DNAME) ||
				    (t != DNS_TYPE_A && t != DNS_TYPE_AAAA))
					warn = true;
			}
			if (warn && r != NULL) {
				name_text(name, text, sizeof(text));
				name_text(dns_node_name(z, c), ctext,
				    sizeof(ctext));
				report(b, false, rec_file(b, r), r->line,
				    "%s is occluded by the %s at %s", text,
				    (c->flags & DNS_NODE_DNAME) ? "DNAME" :
				    "delegation", ctext);
			}
		} else {
			n->cut = DNS_NODE_NONE;
			if (n->flags & (DNS_NODE_DELEG | DNS_NODE_DNAME))
				cut = (uint32_t)i;
		}
		if (dns_name_is_wildcard(name) && (parent = dns_zone_find(z,
		    name + 2, dns_zone_name_hash(name + 2))) != NULL)
			z->nodes[parent - z->nodes].flags |=
			    DNS_NODE_WILDCHILD;
	}
	/* Glue for in-bailiwick NS targets of each delegation. */
	for (i = 0; i < z->nnodes; i++) {
		const struct dns_node *n = &z->nodes[i], *t;
		const struct dns_rrset *ns;
		const uint8_t *p;
		unsigned k;

		if (!(n->flags & DNS_NODE_DELEG) ||
		    (n->flags & DNS_NODE_OCCLUDED) ||
		    (ns = dns_node_rrset(z, n, DNS_TYPE_NS)) == NULL)
			continue;
		p = z->rdata + ns->off;
		for (k = 0; k < ns->count; k++) {
			size_t len = (size_t)p[0] << 8 | p[1];

			if (len > 0 && len <= DNS_NAME_MAX &&
			    dns_name_len(p + 2) == len) {
				memcpy(target, p + 2, len);
				dns_name_lower(target);
				if (dns_name_is_below_or_at(target,
				    dns_node_name(z, n)) &&
				    ((t = dns_zone_find(z, target,
				    dns_zone_name_hash(target))) == NULL ||
				    !(t->flags & DNS_NODE_ADDR))) {
					const struct brec *r =
					    node_rec(b, firstrec, i);

					name_text(target, text, sizeof(text));
					name_text(dns_node_name(z, n), ctext,
					    sizeof(ctext));
					report(b, false, r ? rec_file(b, r) :
					    NULL, r ? r->line : 0,
					    "missing glue for %s, NS of the "
					    "delegation %s", text, ctext);
				}
			}
			p += 2 + len;
		}
	}
}

static void
check_apex(struct build *b, struct dns_zone *z, const uint32_t *firstrec)
{
	const struct dns_node *apex = &z->nodes[0];
	const struct brec *r = node_rec(b, firstrec, 0);
	const char *file;
	const uint8_t *rd;
	uint32_t min = 0;
	unsigned line;

	if (r == NULL)
		r = &b->recs[0];	/* nothing at the apex: the first line */
	file = rec_file(b, r);
	line = r->line;

	z->soa = dns_node_rrset(z, apex, DNS_TYPE_SOA);
	if (z->soa == NULL) {
		report(b, true, file, line, "no SOA record at the zone apex");
		return;
	}
	if (z->soa->count != 1) {
		report(b, true, file, line,
		    "more than one SOA record at the zone apex");
		return;
	}
	rd = z->rdata + z->soa->off;
	if (!soa_fields(rd + 2, (size_t)rd[0] << 8 | rd[1], &z->serial,
	    &min)) {
		report(b, true, file, line, "malformed SOA record");
		return;
	}
	/* RFC 2308 3: the lesser of the SOA's TTL and its MINIMUM. */
	z->neg_ttl = z->soa->ttl < min ? z->soa->ttl : min;
	if (dns_node_rrset(z, apex, DNS_TYPE_NS) == NULL)
		report(b, true, file, line, "no NS records at the zone apex");
}

/* The apex NSEC3PARAM's parameters (RFC 5155 4.2); false if none. */
static bool
nsec3_params(const struct dns_zone *z, struct dns_nsec3_chain *ch,
    uint8_t *alg)
{
	const struct dns_rrset *rs = dns_node_rrset(z, &z->nodes[0],
	    DNS_TYPE_NSEC3PARAM);
	const uint8_t *p;
	size_t len;

	if (rs == NULL || rs->count == 0)
		return false;
	p = z->rdata + rs->off;
	len = (size_t)p[0] << 8 | p[1];
	p += 2;
	if (len < 5 || len != 5u + p[4])
		return false;
	*alg = p[0];
	ch->iterations = (uint16_t)(p[2] << 8 | p[3]);
	ch->salt_len = p[4];
	memcpy(ch->salt, p + 5, p[4]);
	return true;
}

/* True if one of the node's NSEC3 records has the chain's parameters. */
static bool
nsec3_in_chain(const struct dns_zone *z, const struct dns_node *n,
    const struct dns_nsec3_chain *ch)
{
	const struct dns_rrset *rs = dns_node_rrset(z, n, DNS_TYPE_NSEC3);
	const uint8_t *p;
	unsigned i;

	if (rs == NULL)
		return false;
	p = z->rdata + rs->off;
	for (i = 0; i < rs->count; i++) {
		size_t len = (size_t)p[0] << 8 | p[1];
		const uint8_t *rd = p + 2;

		if (len >= 5 && rd[0] == DNS_NSEC3_SHA1 &&
		    (uint16_t)(rd[2] << 8 | rd[3]) == ch->iterations &&
		    rd[4] == ch->salt_len && len >= 5u + rd[4] &&
		    memcmp(rd + 5, ch->salt, ch->salt_len) == 0)
			return true;
		p += 2 + len;
	}
	return false;
}

/*
 * The NSEC3 lookup: the chain's owners' hashes, decoded from their first
 * labels.  Canonical order sorts equal-length base32hex labels as their
 * hashes, so the nodes come sorted already.
 */
static void
build_nsec3(struct build *b, struct dns_zone *z, struct dns_nsec3_chain *ch)
{
	uint8_t hash[DNS_NSEC3_HASH_LEN];
	size_t i;

	ch->hash = xmalloc(z->nnodes * sizeof(*ch->hash));
	ch->node = xmalloc(z->nnodes * sizeof(*ch->node));
	for (i = 0; i < z->nnodes; i++) {
		const struct dns_node *n = &z->nodes[i];
		const uint8_t *name = dns_node_name(z, n);

		if (!(n->flags & DNS_NODE_NSEC3) || !nsec3_in_chain(z, n, ch) ||
		    dns_name_labels(name) != z->apex_labels + 1 ||
		    dns_base32hex_decode(name + 1, name[0], hash,
		    sizeof(hash)) != DNS_NSEC3_HASH_LEN)
			continue;
		if (ch->n > 0 && memcmp(ch->hash[ch->n - 1], hash,
		    sizeof(hash)) >= 0)
			continue;	/* cannot happen in canonical order */
		memcpy(ch->hash[ch->n], hash, sizeof(hash));
		ch->node[ch->n++] = (uint32_t)i;
	}
	z->memory += ch->n * (sizeof(*ch->hash) + sizeof(*ch->node));
	(void)b;
}

/* The apex's first record of that type, for its file:line. */
static const struct brec *
apex_rec(const struct build *b, const uint32_t *firstrec, uint16_t type)
{
	const struct brec *first = node_rec(b, firstrec, 0);
	size_t i;

	for (i = 0; first != NULL && i < b->nrecs; i++)
		if (b->recs[i].node == first->node && b->recs[i].type == type)
			return &b->recs[i];
	return first;
}

/* What DNSSEC denial needs: an NSEC3 lookup, or NSEC predecessors. */
static void
build_dnssec(struct build *b, struct dns_zone *z, const uint32_t *firstrec)
{
	const struct brec *r = apex_rec(b, firstrec, DNS_TYPE_NSEC3PARAM);
	struct dns_nsec3_chain ch;
	uint32_t last = DNS_NODE_NONE;
	uint8_t alg;
	size_t i;

	/* Signed, for answers, when its SOA is (as Knot decides it). */
	z->signed_soa = dns_node_rrsig(z, &z->nodes[0], DNS_TYPE_SOA) != NULL;
	memset(&ch, 0, sizeof(ch));
	if (nsec3_params(z, &ch, &alg)) {
		if (alg != DNS_NSEC3_SHA1) {
			report(b, false, r ? rec_file(b, r) : NULL,
			    r ? r->line : 0, "NSEC3PARAM hash algorithm %u "
			    "unknown: no NSEC3 proofs", alg);
			return;
		}
		build_nsec3(b, z, &ch);
		if (ch.n == 0) {
			free(ch.hash);
			free(ch.node);
			report(b, false, r ? rec_file(b, r) : NULL,
			    r ? r->line : 0, "NSEC3PARAM without a matching "
			    "NSEC3 chain: no NSEC3 proofs");
			return;
		}
		z->nsec3 = xmalloc(sizeof(*z->nsec3));
		*z->nsec3 = ch;
		return;
	}
	if (dns_node_rrset(z, &z->nodes[0], DNS_TYPE_NSEC) == NULL)
		return;
	z->nsec_prev = xmalloc(z->nnodes * sizeof(*z->nsec_prev));
	for (i = 0; i < z->nnodes; i++) {
		if (dns_node_rrset(z, &z->nodes[i], DNS_TYPE_NSEC) != NULL)
			last = (uint32_t)i;
		z->nsec_prev[i] = last;
	}
	z->memory += z->nnodes * sizeof(*z->nsec_prev);
}

static struct dns_zone *
build_zone(struct build *b)
{
	struct dns_zone *z;
	uint32_t *perm, *inv;
	size_t i;

	if (b->nrecs == 0) {
		report(b, true, NULL, 0, "zone has no records");
		return NULL;
	}
	(void)build_node(b, b->apex, UINT32_MAX);
	add_ents(b);
	free(b->hidx);		/* names are final: memory back before sorting */
	b->hidx = NULL;
	b->hcap = 0;
	perm = sort_nodes(b);
	inv = xmalloc(b->nnodes * sizeof(*inv));
	for (i = 0; i < b->nnodes; i++)
		inv[perm[i]] = (uint32_t)i;

	z = xcalloc(1, sizeof(*z));
	z->refs = 1;
	z->db_index = UINT32_MAX;
	memcpy(z->apex, b->apex, b->apex_len);
	z->apex_len = (uint8_t)b->apex_len;
	z->apex_labels = b->apex_labels;
	z->nnodes = b->nnodes;
	z->nodes = xcalloc(b->nnodes, sizeof(*z->nodes));
	for (i = 0; i < b->nnodes; i++) {
		z->nodes[i].name = b->nodes[perm[i]].name;
		z->nodes[i].hash = b->nodes[perm[i]].hash;
		z->nodes[i].cut = DNS_NODE_NONE;
		perm[i] = b->nodes[perm[i]].rec;	/* now: first record */
	}
	free(b->nodes);
	b->nodes = NULL;
	z->nodes[0].flags |= DNS_NODE_APEX;
	/* The names buffer becomes the zone's; offsets stay valid. */
	z->names = xrealloc(b->names, b->nameslen);
	b->names = NULL;
	build_rrsets(b, z, inv);
	build_index(z);
	if (z->nrrsets) {
		/* Shrink before anything points into these arrays. */
		const struct dns_rrset *last = &z->rrsets[z->nrrsets - 1];

		z->rdata = xrealloc(z->rdata, last->off + last->len + 1u);
		z->memory += last->off + last->len;
		z->rrsets = xrealloc(z->rrsets,
		    z->nrrsets * sizeof(*z->rrsets));
	}
	check_apex(b, z, perm);
	check_tree(b, z, perm);
	build_dnssec(b, z, perm);
	z->memory += sizeof(*z) + z->nnodes * sizeof(*z->nodes) +
	    z->nrrsets * sizeof(*z->rrsets) + b->nameslen +
	    (z->mask + 1u) * sizeof(*z->index);
	free(perm);
	b->inv = inv;	/* for dnssec_msg(), until build_free() */
	return z;
}

static void
build_free(struct build *b)
{
	size_t i;

	free(b->recs);
	free(b->nodes);
	free(b->names);
	free(b->rdata);
	free(b->hidx);
	free(b->inv);
	for (i = 0; i < b->nfiles; i++)
		free(b->files[i]);
	free(b->files);
}

/*
 * The DNSSEC checks name zone nodes; the record of that node and type
 * (an RRSIG: the one covering that type) gives the file:line.  Messages
 * are few (dnssec_check.c caps them), so a scan of the records will do.
 */
static void
dnssec_msg(void *arg, uint32_t node, uint16_t type, uint16_t covered,
    const char *text)
{
	struct build *b = arg;
	const struct brec *r, *any = NULL, *hit = NULL;
	size_t i;

	for (i = 0; i < b->nrecs && hit == NULL; i++) {
		r = &b->recs[i];
		if (b->inv[r->node] != node)
			continue;
		if (any == NULL)
			any = r;
		if (r->type == type && (type != DNS_TYPE_RRSIG ||
		    covered == 0 || (r->rdlen >= 2 &&
		    (b->rdata[r->rdoff] << 8 | b->rdata[r->rdoff + 1]) ==
		    covered)))
			hit = r;
	}
	if (hit == NULL)
		hit = any;
	report(b, false, hit ? rec_file(b, hit) : NULL, hit ? hit->line : 0,
	    "%s", text);
}

static struct dns_zone *
zone_load(const uint8_t *apex, const char *path, const char *text,
    size_t len, const char *label, struct dns_zone_report *rep)
{
	struct dns_zparse zp;
	struct build b;
	uint8_t lapex[DNS_NAME_MAX];
	struct dns_zone *z = NULL;
	int r;

	memset(&b, 0, sizeof(b));
	b.apex_len = dns_name_len(apex);
	memcpy(lapex, apex, b.apex_len);
	dns_name_lower(lapex);
	b.apex = lapex;
	b.apex_labels = dns_name_labels(lapex);
	b.rep = rep;
	b.label = label;
	memset(&zp, 0, sizeof(zp));
	zp.origin = lapex;
	zp.default_ttl = 3600;
	zp.rr = on_rr;
	zp.error = on_error;
	zp.arg = &b;
	if (path != NULL)
		r = dns_zparse_file(&zp, path);
	else {
		zp.no_include = true;
		r = dns_zparse_text(&zp, text, len, label);
	}
	if (r != 0)
		b.fatal = true;
	if (!b.fatal || b.nrecs > 0)
		z = build_zone(&b);
	if (z != NULL && !b.fatal) {
		struct dns_dnssec_sink sink = { dnssec_msg, &b };

		dns_dnssec_check(z, (int64_t)time(NULL), &sink, NULL);
	}
	if (b.fatal) {
		dns_zone_free(z);
		z = NULL;
	}
	build_free(&b);
	return z;
}

/* A zone built from records handed over one by one (zone transfers). */
struct dns_zone_builder {
	struct build	 b;
	uint8_t		 lapex[DNS_NAME_MAX];
	unsigned	 count;
};

struct dns_zone_builder *
dns_zone_builder_new(const uint8_t *apex, const char *label,
    struct dns_zone_report *rep)
{
	struct dns_zone_builder *zb = xcalloc(1, sizeof(*zb));

	zb->b.apex_len = dns_name_len(apex);
	memcpy(zb->lapex, apex, zb->b.apex_len);
	dns_name_lower(zb->lapex);
	zb->b.apex = zb->lapex;
	zb->b.apex_labels = dns_name_labels(zb->lapex);
	zb->b.rep = rep;
	zb->b.label = label != NULL ? label : "(records)";
	return zb;
}

int
dns_zone_builder_add(struct dns_zone_builder *zb, const uint8_t *owner,
    uint16_t type, uint32_t ttl, const uint8_t *rdata, uint16_t rdlen)
{
	struct dns_zparse_rr rr;

	memset(&rr, 0, sizeof(rr));
	rr.owner = owner;
	rr.type = type;
	rr.rclass = DNS_CLASS_IN;
	rr.ttl = ttl;
	rr.ttl_explicit = true;
	rr.rdata = rdata;
	rr.rdlen = rdlen;
	rr.file = zb->b.label;
	rr.line = ++zb->count;
	if (on_rr(&zb->b, &rr) != 0)
		return CN_EZONE;
	return zb->b.fatal ? CN_EZONE : 0;
}

struct dns_zone *
dns_zone_builder_finish(struct dns_zone_builder *zb)
{
	struct dns_zone *z = NULL;

	if (!zb->b.fatal || zb->b.nrecs > 0)
		z = build_zone(&zb->b);
	if (z != NULL && !zb->b.fatal) {
		struct dns_dnssec_sink sink = { dnssec_msg, &zb->b };

		dns_dnssec_check(z, (int64_t)time(NULL), &sink, NULL);
	}
	if (zb->b.fatal) {
		dns_zone_free(z);
		z = NULL;
	}
	dns_zone_builder_free(zb);
	return z;
}

void
dns_zone_builder_free(struct dns_zone_builder *zb)
{
	if (zb == NULL)
		return;
	build_free(&zb->b);
	free(zb);
}

struct dns_zone *
dns_zone_new_empty(const uint8_t *apex)
{
	struct dns_zone *z = xcalloc(1, sizeof(*z));

	z->refs = 1;
	z->db_index = UINT32_MAX;	/* in no db yet, as a loaded zone */
	z->apex_len = (uint8_t)dns_name_len(apex);
	memcpy(z->apex, apex, z->apex_len);
	dns_name_lower(z->apex);
	z->apex_labels = dns_name_labels(z->apex);
	z->index = xcalloc(1, sizeof(*z->index));
	z->memory = sizeof(*z);
	return z;
}

void
dns_rdata_lower(uint16_t type, uint8_t *rdata, size_t len)
{
	if (lowercase_type(type))
		lowercase_rdata(type, rdata, len);
}

struct dns_zone *
dns_zone_load(const uint8_t *apex, const char *path,
    struct dns_zone_report *rep)
{
	return zone_load(apex, path, NULL, 0, path, rep);
}

struct dns_zone *
dns_zone_load_text(const uint8_t *apex, const char *text, size_t len,
    const char *label, struct dns_zone_report *rep)
{
	return zone_load(apex, NULL, text, len, label ? label : "(text)",
	    rep);
}

struct dns_zone *
dns_zone_ref(struct dns_zone *zone)
{
	__atomic_add_fetch(&zone->refs, 1, __ATOMIC_RELAXED);
	return zone;
}

void
dns_zone_free(struct dns_zone *zone)
{
	if (zone == NULL ||
	    __atomic_sub_fetch(&zone->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	free(zone->nodes);
	free(zone->rrsets);
	free(zone->names);
	free(zone->rdata);
	free(zone->index);
	free(zone->nsec_prev);
	if (zone->nsec3 != NULL) {
		free(zone->nsec3->hash);
		free(zone->nsec3->node);
		free(zone->nsec3);
	}
	free(zone);
}

const uint8_t *
dns_zone_apex(const struct dns_zone *zone)
{
	return zone->apex;
}

uint32_t
dns_zone_serial(const struct dns_zone *zone)
{
	return zone->serial;
}

size_t
dns_zone_rr_count(const struct dns_zone *zone)
{
	return zone->nrr;
}

size_t
dns_zone_memory(const struct dns_zone *zone)
{
	return zone->memory;
}

uint32_t
dns_zone_name_hash(const uint8_t *lname)
{
	const uint8_t *labels[DNS_NAME_MAX / 2 + 1];
	uint32_t h = DNS_ZONE_HASH_ROOT;
	unsigned n = 0;

	for (; *lname; lname += *lname + 1)
		labels[n++] = lname;
	while (n > 0)
		h = dns_zone_hash_label(h, labels[--n]);
	return h;
}

const struct dns_node *
dns_zone_find(const struct dns_zone *zone, const uint8_t *lname,
    uint32_t hash)
{
	uint32_t h = slot_hash(hash), i = h & zone->mask, v;
	uint32_t tag = h & zone->tagmask, idx = ~zone->tagmask;

	while ((v = zone->index[i]) != 0) {
		if ((v & zone->tagmask) == tag) {
			const struct dns_node *n =
			    &zone->nodes[(v & idx) - 1];

			if (n->hash == hash &&
			    lower_equal(zone->names + n->name, lname))
				return n;
		}
		i = (i + 1) & zone->mask;
	}
	return NULL;
}

const struct dns_rrset *
dns_node_rrset(const struct dns_zone *zone, const struct dns_node *node,
    uint16_t type)
{
	const struct dns_rrset *rs = zone->rrsets + node->rrset;
	unsigned i;

	for (i = 0; i < node->nrrsets; i++)
		if (rs[i].type == type)
			return &rs[i];
	return NULL;
}

const struct dns_rrset *
dns_node_rrsig(const struct dns_zone *zone, const struct dns_node *node,
    uint16_t type)
{
	const struct dns_rrset *rs = zone->rrsets + node->rrset;
	unsigned i;

	for (i = 0; i < node->nrrsets; i++) {
		const uint8_t *p = zone->rdata + rs[i].off;

		if (rs[i].type > DNS_TYPE_RRSIG)
			break;
		if (rs[i].type == DNS_TYPE_RRSIG && (p[0] != 0 || p[1] >= 2) &&
		    (uint16_t)(p[2] << 8 | p[3]) == type)
			return &rs[i];
	}
	return NULL;
}

size_t
dns_zone_pred(const struct dns_zone *zone, const uint8_t *lname)
{
	size_t lo = 1, hi = zone->nnodes;

	/* Node 0, the apex, sorts before every name of the zone. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = dns_name_cmp_canonical(zone->names +
		    zone->nodes[mid].name, lname);

		if (r == 0)
			return mid;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

/* The set of zones: a small open-addressing table keyed by apex. */
struct dns_db {
	struct dns_zone	**zones;
	size_t		  nzones, cap;
	uint32_t	 *index;
	uint32_t	  mask;
	unsigned	  max_labels;
	unsigned	  min_labels;
};

struct dns_db *
dns_db_new(void)
{
	struct dns_db *db = xcalloc(1, sizeof(*db));

	db->index = xcalloc(1, sizeof(*db->index));
	return db;
}

int
dns_db_add_zone(struct dns_db *db, struct dns_zone *zone)
{
	size_t cap = 4, i;

	for (i = 0; i < db->nzones; i++)
		if (lower_equal(db->zones[i]->apex, zone->apex))
			return CN_EEXIST;
	/* Workers of the other db index its per-zone counters by it. */
	if (zone->db_index != UINT32_MAX && zone->db_index != db->nzones)
		return CN_EINVAL;
	xgrow(&db->zones, &db->cap, db->nzones + 1, sizeof(*db->zones));
	zone->db_index = (uint32_t)db->nzones;
	db->zones[db->nzones++] = zone;
	while (cap < db->nzones * 2)
		cap *= 2;
	free(db->index);
	db->index = xcalloc(cap, sizeof(*db->index));
	db->mask = (uint32_t)(cap - 1);
	db->max_labels = 0;
	db->min_labels = 128;
	for (i = 0; i < db->nzones; i++) {
		index_insert(db->index, cap,
		    dns_zone_name_hash(db->zones[i]->apex), (uint32_t)i,
		    false);
		if (db->zones[i]->apex_labels > db->max_labels)
			db->max_labels = db->zones[i]->apex_labels;
		if (db->zones[i]->apex_labels < db->min_labels)
			db->min_labels = db->zones[i]->apex_labels;
	}
	return 0;
}

const struct dns_zone *
dns_db_find_lower(const struct dns_db *db, const uint8_t *const *labels,
    const uint32_t *hashes, unsigned nlabels)
{
	unsigned i;

	if (db == NULL || db->nzones == 0 || nlabels < db->min_labels)
		return NULL;
	i = nlabels > db->max_labels ? nlabels - db->max_labels : 0;
	for (; i <= nlabels - db->min_labels; i++) {
		uint32_t k = slot_hash(hashes[i]) & db->mask, v;

		while ((v = db->index[k]) != 0) {
			if (lower_equal(db->zones[v - 1]->apex, labels[i]))
				return db->zones[v - 1];
			k = (k + 1) & db->mask;
		}
	}
	return NULL;
}

const struct dns_zone *
dns_db_find_zone(const struct dns_db *db, const uint8_t *name)
{
	uint8_t lname[DNS_NAME_MAX];
	const uint8_t *labels[DNS_NAME_MAX / 2 + 2];
	uint32_t hashes[DNS_NAME_MAX / 2 + 2];
	const uint8_t *p;
	unsigned n = 0, i;

	memcpy(lname, name, dns_name_len(name));
	dns_name_lower(lname);
	for (p = lname; *p; p += *p + 1)
		labels[n++] = p;
	labels[n] = p;
	hashes[n] = DNS_ZONE_HASH_ROOT;
	for (i = n; i > 0; i--)
		hashes[i - 1] = dns_zone_hash_label(hashes[i], labels[i - 1]);
	return dns_db_find_lower(db, labels, hashes, n);
}

size_t
dns_db_zone_count(const struct dns_db *db)
{
	return db->nzones;
}

void
dns_db_free(struct dns_db *db)
{
	size_t i;

	if (db == NULL)
		return;
	for (i = 0; i < db->nzones; i++)
		dns_zone_free(db->zones[i]);
	free(db->zones);
	free(db->index);
	free(db);
}
