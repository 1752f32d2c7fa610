/* SPDX-License-Identifier: MIT */
/*
 * answer.c -- the authoritative answering logic: one query in, one response
 * out, in a single pass over the caller's buffer with no allocation.
 *
 * The query is parsed whole first (header, question, every RR, one OPT);
 * what cannot be answered is dropped or gets FORMERR the way Knot DNS 3.2
 * does it.  The lookup follows RFC 1034 4.3.2 with RFC 2181, RFC 4592
 * (wildcards, empty non-terminals block them), RFC 6604 (the RCODE of the
 * last name in a chain) and RFC 6672 (DNAME).  As in Knot, CNAME and DNAME
 * chains are followed inside the zone that answers (at most 5 CNAMEs, loops
 * cut), ANY gets one RRset (RFC 8482), additional A/AAAA come for NS, MX,
 * SRV, SVCB and HTTPS targets in that zone (wildcards expanded), and an
 * answer or authority section that does not fit sets TC and leaves both
 * empty (RFC 2181 9); referral glue below the cut that does not fit sets
 * TC too (RFC 9471), other additional data is just left out.  Names are
 * compressed through a small table on the stack; owners equal to the
 * question point at it, so they keep the query's case.
 *
 * With DO and a signed zone (RFC 4035 3.1), every RRset goes out with its
 * RRSIGs or not at all, and the lookup notes for each name of the chain
 * what must be proved (NXDOMAIN, NODATA, wildcard answer or NODATA);
 * answer_dnssec.c then writes the proofs into the authority section.  A
 * proof that does not fit truncates the answer like any authority data.
 */
#include <netinet/in.h>
#include <string.h>
#include <time.h>

#include "../common/cur.h"
#include "../common/wbuf.h"
#include "answer.h"
#include "answer_int.h"
#include "compr.h"
#include "dns.h"
#include "edns.h"
#include "name.h"
#include "rdata.h"
#include "transfer.h"
#include "zone.h"

enum auth_kind {
	AUTH_NONE = 0,
	AUTH_SOA,
	AUTH_NS,
};

void
answer_chname_set(struct chname *cn, const uint8_t *name, size_t len)
{
	const uint8_t *p;
	size_t i;

	for (i = 0; i < len; i++)
		cn->name[i] = dns_lower[name[i]];
	cn->nlabels = 0;
	for (p = cn->name; *p && cn->nlabels < MAX_LABELS; p += *p + 1)
		cn->labels[cn->nlabels++] = p;
	cn->labels[cn->nlabels] = p;
	/* Every suffix's hash, from the root up, in one pass. */
	cn->hashes[cn->nlabels] = DNS_ZONE_HASH_ROOT;
	for (i = cn->nlabels; i > 0; i--)
		cn->hashes[i - 1] = dns_zone_hash_label(cn->hashes[i],
		    cn->labels[i - 1]);
	cn->hash = cn->hashes[0];
}

static void
put_rr(struct ctx *c, const uint8_t *owner, uint16_t type, uint16_t rclass,
    uint32_t ttl, const uint8_t *rd, size_t rdlen)
{
	uint8_t *lenp;
	size_t start;

	dns_put_name(&c->w, &c->compr, owner);
	wbuf_u16(&c->w, type);
	wbuf_u16(&c->w, rclass);
	wbuf_u32(&c->w, ttl);
	lenp = wbuf_reserve(&c->w, 2);
	start = c->w.len;
	dns_put_rdata(&c->w, &c->compr, type, rd, rdlen);
	if (lenp != NULL && !c->w.err)
		wbuf_put_u16_at(lenp, (uint16_t)(c->w.len - start));
}

static void
note_rrset(struct ctx *c, const struct dns_zone *z,
    const struct dns_rrset *rs)
{
	if (c->naddl >= MAX_ADDL || (rs->type != DNS_TYPE_NS &&
	    rs->type != DNS_TYPE_MX && rs->type != DNS_TYPE_SRV &&
	    rs->type != DNS_TYPE_SVCB && rs->type != DNS_TYPE_HTTPS))
		return;
	c->addl[c->naddl].zone = z;
	c->addl[c->naddl].rrset = rs;
	c->addl[c->naddl].deleg = NULL;
	c->naddl++;
}

static void
put_records(struct ctx *c, const struct dns_zone *z, const uint8_t *owner,
    const struct dns_rrset *rs, uint32_t ttl)
{
	const uint8_t *p = z->rdata + rs->off;
	unsigned i;

	if (ttl == UINT32_MAX)
		ttl = rs->ttl;
	for (i = 0; i < rs->count; i++) {
		size_t len = (size_t)p[0] << 8 | p[1];

		put_rr(c, owner, rs->type, DNS_CLASS_IN, ttl, p + 2, len);
		p += 2 + len;
	}
}

/*
 * Writes a whole RRset of node n (NULL: none to sign it) and, with DO,
 * its RRSIGs (RFC 4035 3.1.1) right after it, in the same section; returns
 * false (and leaves the buffer as it was) if they do not all fit: an RRset
 * never goes without its signatures.  ttl_override is used when not
 * UINT32_MAX, for the signatures too (the SOA of a negative answer).
 */
bool
answer_put_rrset(struct ctx *c, const struct dns_zone *z,
    const struct dns_node *n, const uint8_t *owner,
    const struct dns_rrset *rs, uint16_t *count, uint32_t ttl)
{
	const struct dns_rrset *sig = NULL;
	size_t len0 = c->w.len;
	unsigned nct0 = c->compr.n, naddl0 = c->naddl;

	put_records(c, z, owner, rs, ttl);
	if (c->dnssec && n != NULL &&
	    (sig = dns_node_rrsig(z, n, rs->type)) != NULL)
		put_records(c, z, owner, sig, ttl);
	if (c->w.err) {
		c->w.err = false;
		c->w.len = len0;
		dns_compr_undo(&c->compr, nct0);
		c->naddl = naddl0;
		return false;
	}
	*count += rs->count + (sig != NULL ? sig->count : 0);
	note_rrset(c, z, rs);
	return true;
}

/* Puts the RRset in the answer section; false means truncate. */
static bool
answer_rrset(struct ctx *c, const struct dns_zone *z,
    const struct dns_node *n, const uint8_t *owner,
    const struct dns_rrset *rs, uint32_t ttl)
{
	if (answer_put_rrset(c, z, n, owner, rs, &c->an, ttl))
		return true;
	c->tc = true;
	return false;
}

static void
add_proof(struct ctx *c, enum proof_kind kind, unsigned ce_idx,
    const struct dns_node *wild)
{
	struct proof *p;

	if (!c->dnssec || c->nproof >= MAX_PROOF)
		return;
	p = &c->proof[c->nproof++];
	p->kind = (uint8_t)kind;
	p->chain = (uint8_t)(c->nchain - 1);
	p->ce_idx = (uint8_t)ce_idx;
	p->wild = wild;
}

/* Remembers a CNAME, wildcard or DNAME node; true if it was there. */
static bool
seen(struct ctx *c, const struct dns_node *n)
{
	unsigned i;

	for (i = 0; i < c->nseen; i++)
		if (c->seen[i] == n)
			return true;
	if (c->nseen < 2 * MAX_CHAIN)
		c->seen[c->nseen++] = n;
	return false;
}

/* The RRset ANY is answered with: RFC 8482, the lowest type, as Knot. */
static const struct dns_rrset *
any_rrset(const struct dns_zone *z, const struct dns_node *n)
{
	const struct dns_rrset *rs = z->rrsets + n->rrset;
	unsigned i;

	for (i = 0; i < n->nrrsets; i++)
		if (rs[i].type != DNS_TYPE_RRSIG)
			return &rs[i];
	return n->nrrsets ? rs : NULL;
}

/*
 * Queues the next chain name (a CNAME or synthesized target); returns false
 * when the chain must stop because the name is outside the zone.
 */
static bool
chain_next(struct ctx *c, const struct dns_zone *z, const uint8_t *name)
{
	struct chname *cn;
	size_t len;

	if (c->nchain > MAX_CHAIN)
		return false;
	cn = &c->chain[c->nchain];
	if ((len = dns_name_len_in(name, DNS_NAME_MAX)) == 0)
		return false;
	answer_chname_set(cn, name, len);
	if (!dns_name_is_below_or_at(cn->name, z->apex))
		return false;
	c->nchain++;
	return true;
}

enum geo_step {
	GEO_NONE = 0,	/* no geo answer here: the zone's data */
	GEO_DONE,	/* answered (or truncated, or the chain ends) */
	GEO_NODATA,	/* a geo CNAME asked for RRSIG or NSEC */
	GEO_NEXT,	/* a geo CNAME whose target is queued */
};

/*
 * The geo answer of one name of the chain, if it has one.  A and AAAA
 * replace the zone's RRset; a CNAME answers every type and is followed
 * inside the zone like one from the zone file (RFC 1034 4.3.2), cut at
 * CNAME_CHAIN_MAX and at a name met before.  The ECS scope is the longest
 * any location-dependent link of the answer needed.
 */
static enum geo_step
geo_link(struct ctx *c, const struct dns_zone *z, const struct chname *cn)
{
	struct dns_geo_answer ga;
	const uint8_t *p;
	uint16_t type;
	unsigned i;

	if (!c->conf->geo->select(c->conf->geo_arg, z->db_index, cn->name,
	    c->qtype, &c->geo_cl, &ga))
		return GEO_NONE;
	type = ga.type == DNS_TYPE_CNAME ? DNS_TYPE_CNAME : c->qtype;
	/* As for a CNAME in the zone: RRSIG and NSEC are not followed. */
	if (type == DNS_TYPE_CNAME && (c->qtype == DNS_TYPE_RRSIG ||
	    c->qtype == DNS_TYPE_NSEC))
		return GEO_NODATA;
	if (type == DNS_TYPE_CNAME) {
		if (++c->hops > CNAME_CHAIN_MAX)
			return GEO_DONE;
		for (i = 0; i + 1 < c->nchain; i++)
			if (strcmp((const char *)c->chain[i].name,
			    (const char *)cn->name) == 0)
				return GEO_DONE;
	}
	if (c->geo_cl.ecs && ga.scope > c->ecs_scope)
		c->ecs_scope = ga.scope;
	if (c->geo_counts != NULL)
		c->geo_counts[ga.cell]++;
	p = ga.rdata;
	for (i = 0; i < ga.count; i++) {
		size_t len = (size_t)p[0] << 8 | p[1];

		put_rr(c, cn->name, type, DNS_CLASS_IN, ga.ttl, p + 2, len);
		p += 2 + len;
	}
	if (c->w.err) {
		c->tc = true;
		return GEO_DONE;
	}
	c->an += ga.count;
	if (type != DNS_TYPE_CNAME || c->qtype == DNS_TYPE_CNAME ||
	    c->qtype == DNS_TYPE_ANY || ga.count != 1 ||
	    !chain_next(c, z, ga.rdata + 2))
		return GEO_DONE;
	return GEO_NEXT;
}

/*
 * The lookup proper.  Walks the chain in zone z and leaves the RRsets of
 * the answer section written; returns what goes into the authority one.
 */
static enum auth_kind
resolve(struct ctx *c, const struct dns_zone *z,
    const struct dns_node **deleg)
{
	const struct dns_node *n, *ce, *cut;
	const struct dns_rrset *rs;
	const uint8_t *owner;
	struct chname *cn;
	unsigned i, ce_idx;
	bool wild;

	for (;;) {
		cn = &c->chain[c->nchain - 1];
		owner = cn->name;
		if (c->geo_on) {
			enum geo_step st = geo_link(c, z, cn);

			if (st == GEO_DONE)
				return AUTH_NONE;
			if (st == GEO_NODATA)
				return AUTH_SOA;
			if (st == GEO_NEXT)
				continue;
		}
		n = dns_zone_find(z, cn->name, cn->hash);
		cut = NULL;
		ce = NULL;
		ce_idx = 0;
		if (n != NULL && (n->flags & DNS_NODE_OCCLUDED))
			cut = &z->nodes[n->cut];
		else if (n != NULL && (n->flags & DNS_NODE_DELEG) &&
		    c->qtype != DNS_TYPE_DS)
			cut = n;
		else if (n == NULL) {
			/* Closest encloser: strip labels until a node. */
			for (i = 1; i + z->apex_labels <= cn->nlabels; i++) {
				ce = dns_zone_find(z, cn->labels[i],
				    cn->hashes[i]);
				if (ce != NULL)
					break;
			}
			ce_idx = i;
			if (ce == NULL) {	/* not reached: the apex is */
				ce = &z->nodes[0];
				ce_idx = cn->nlabels - z->apex_labels;
			}
			if (ce->flags & DNS_NODE_OCCLUDED)
				cut = &z->nodes[ce->cut];
			else if (ce->flags & (DNS_NODE_DELEG | DNS_NODE_DNAME))
				cut = ce;
		}
		if (cut != NULL && (cut->flags & DNS_NODE_DELEG)) {
			if (c->nchain == 1)
				c->flags &= ~DNS_FLAG_AA;
			*deleg = cut;
			return AUTH_NS;
		}
		if (cut != NULL) {
			/* RFC 6672 2.2: DNAME and a synthesized CNAME. */
			const uint8_t *cutname = dns_node_name(z, cut);
			unsigned keep = cn->nlabels - dns_name_labels(cutname);
			const uint8_t *target;
			size_t plen, tlen;
			uint8_t *s;

			rs = dns_node_rrset(z, cut, DNS_TYPE_DNAME);
			if (rs == NULL || rs->count == 0)
				return AUTH_SOA;
			if (++c->hops > CNAME_CHAIN_MAX)
				return AUTH_NONE;
			/* A DNAME met again is not repeated; its CNAME is. */
			if (!seen(c, cut) &&
			    !answer_rrset(c, z, cut, cutname, rs, UINT32_MAX))
				return AUTH_NONE;
			target = z->rdata + rs->off + 2;
			plen = (size_t)(cn->labels[keep] - cn->name);
			tlen = dns_name_len(target);
			if (plen + tlen > DNS_NAME_MAX) {
				/*
				 * RFC 6672 2.2: YXDOMAIN.  Knot then goes on
				 * with the DNAME target itself, whose lookup
				 * may still set NXDOMAIN; so do we.
				 */
				c->rcode = 6;	/* YXDOMAIN */
				if (!chain_next(c, z, target))
					return AUTH_NONE;
				continue;
			}
			s = c->synth[c->nchain - 1];
			memcpy(s, cn->name, plen);
			memcpy(s + plen, target, tlen);
			put_rr(c, owner, DNS_TYPE_CNAME, DNS_CLASS_IN, rs->ttl,
			    s, plen + tlen);
			if (c->w.err) {
				c->tc = true;
				return AUTH_NONE;
			}
			c->an++;
			if (!chain_next(c, z, s))
				return AUTH_NONE;
			continue;
		}
		wild = false;
		if (n == NULL) {
			const struct dns_node *w = NULL;

			if (ce->flags & DNS_NODE_WILDCHILD) {
				uint8_t wname[DNS_NAME_MAX];
				size_t clen = dns_name_len(cn->labels[ce_idx]);

				if (clen + 2 <= DNS_NAME_MAX) {
					wname[0] = 1;
					wname[1] = '*';
					memcpy(wname + 2, cn->labels[ce_idx],
					    clen);
					w = dns_zone_find(z, wname,
					    dns_zone_hash_label(
					    cn->hashes[ce_idx], wname));
				}
			}
			if (w == NULL) {
				c->rcode = DNS_RCODE_NXDOMAIN;
				add_proof(c, PROOF_NXDOMAIN, ce_idx, NULL);
				return AUTH_SOA;
			}
			n = w;
			wild = true;
			/* NS at a wildcard: a referral, as Knot gives. */
			if ((n->flags & DNS_NODE_DELEG) &&
			    c->qtype != DNS_TYPE_DS) {
				if (c->nchain == 1)
					c->flags &= ~DNS_FLAG_AA;
				*deleg = n;
				return AUTH_NS;
			}
		}
		/* n answers for owner (itself, or a wildcard's source). */
		if (c->qtype == DNS_TYPE_ANY)
			rs = any_rrset(z, n);
		else
			rs = dns_node_rrset(z, n, c->qtype);
		/*
		 * A query for RRSIG finds the RRSIGs covering the node's lowest
		 * signed type (one group of the zone's layout), as Knot.
		 */
		if (rs != NULL) {
			if (wild)
				add_proof(c, PROOF_WILD, ce_idx, NULL);
			(void)answer_rrset(c, z, n, owner, rs, UINT32_MAX);
			return AUTH_NONE;
		}
		/* RRSIG and NSEC may sit beside a CNAME: not followed. */
		if ((n->flags & DNS_NODE_CNAME) &&
		    c->qtype != DNS_TYPE_RRSIG && c->qtype != DNS_TYPE_NSEC &&
		    (rs = dns_node_rrset(z, n, DNS_TYPE_CNAME)) != NULL) {
			bool again;

			if (++c->hops > CNAME_CHAIN_MAX)
				return AUTH_NONE;
			/*
			 * Loops, as Knot ends them: a CNAME already in the
			 * answer is not repeated; a wildcard CNAME is, once,
			 * and then the chain stops.
			 */
			again = seen(c, n);
			if (again && !wild)
				return AUTH_NONE;
			if (wild)
				add_proof(c, PROOF_WILD, ce_idx, NULL);
			if (!answer_rrset(c, z, n, owner, rs, UINT32_MAX))
				return AUTH_NONE;
			if (again || !chain_next(c, z, z->rdata + rs->off + 2))
				return AUTH_NONE;
			continue;
		}
		add_proof(c, wild ? PROOF_WILD_NODATA : PROOF_NODATA, ce_idx,
		    wild ? n : NULL);
		return AUTH_SOA;
	}
}

/* The node answering for a target name: exact, or a wildcard's. */
static const struct dns_node *
target_node(struct ctx *c, const struct dns_zone *z)
{
	const uint8_t *p = c->target;
	const struct dns_node *n, *ce = NULL;
	uint8_t wname[DNS_NAME_MAX];
	size_t len;

	if ((n = dns_zone_find(z, p, dns_zone_name_hash(p))) != NULL)
		return n;
	while (*p && ce == NULL) {
		p += *p + 1;
		if (dns_name_labels(p) < z->apex_labels)
			return NULL;
		ce = dns_zone_find(z, p, dns_zone_name_hash(p));
	}
	if (ce == NULL || !(ce->flags & DNS_NODE_WILDCHILD) ||
	    (ce->flags & (DNS_NODE_OCCLUDED | DNS_NODE_DELEG)))
		return NULL;
	len = dns_name_len(p);
	if (len + 2 > DNS_NAME_MAX)
		return NULL;
	wname[0] = 1;
	wname[1] = '*';
	memcpy(wname + 2, p, len);
	return dns_zone_find(z, wname, dns_zone_name_hash(wname));
}

/* Where the name additional processing follows sits in the RDATA. */
static int
target_off(uint16_t type, const uint8_t *rd, size_t len)
{
	if (type == DNS_TYPE_SVCB || type == DNS_TYPE_HTTPS)
		return len > 2 ? 2 : -1;	/* RFC 9460 2.2 TargetName */
	return dns_rdata_target_off(type, rd, len);
}

/*
 * A and AAAA for one target name (owner: the target as written).  Glue
 * below a referral's cut that does not fit sets TC (RFC 9471, as Knot);
 * anything else that does not fit is left out.
 */
static bool
add_target(struct ctx *c, const struct dns_zone *z, const uint8_t *t,
    size_t len, const uint8_t *deleg, bool svcb)
{
	static const uint16_t types[] = { DNS_TYPE_A, DNS_TYPE_AAAA };
	const struct dns_node *n;
	unsigned j;
	size_t k;

	if ((len = dns_name_len_in(t, len)) == 0)
		return true;
	for (k = 0; k < len; k++)
		c->target[k] = dns_lower[t[k]];
	if (!dns_name_is_below_or_at(c->target, z->apex) ||
	    (n = target_node(c, z)) == NULL || !(n->flags & DNS_NODE_ADDR))
		return true;
	for (j = 0; j < 2; j++) {
		const struct dns_rrset *rs = dns_node_rrset(z, n, types[j]);

		if (rs != NULL && !answer_put_rrset(c, z, n, t, rs, &c->ar,
		    UINT32_MAX)) {
			if (deleg != NULL && dns_name_is_below_or_at(c->target,
			    deleg))
				c->flags |= DNS_FLAG_TC;
			return false;
		}
	}
	if (svcb && c->dnssec && dns_name_equal(dns_node_name(z, n), c->target))
		return answer_target_denial(c, z, n);
	return true;
}

/*
 * Additional section: A and AAAA of NS, MX and SRV targets in the zone,
 * wildcards expanded, one set per target record (Knot does not merge
 * repeated targets either).
 */
static void
put_additional(struct ctx *c)
{
	unsigned i, k, naddl = c->naddl;

	for (i = 0; i < naddl; i++) {
		const struct dns_zone *z = c->addl[i].zone;
		const struct dns_rrset *rs = c->addl[i].rrset;
		const uint8_t *p = z->rdata + rs->off;

		for (k = 0; k < rs->count; k++) {
			size_t len = (size_t)p[0] << 8 | p[1];
			int off = target_off(rs->type, p + 2, len);

			if (off >= 0 && !add_target(c, z, p + 2 + off,
			    len - (size_t)off, c->addl[i].deleg,
			    rs->type == DNS_TYPE_SVCB ||
			    rs->type == DNS_TYPE_HTTPS))
				return;
			p += 2 + len;
		}
	}
}

static void
answer_zone(struct ctx *c, const struct dns_zone *z)
{
	const struct dns_node *deleg = NULL;
	const struct dns_rrset *rs;
	enum auth_kind auth;

	c->flags |= DNS_FLAG_AA;
	auth = resolve(c, z, &deleg);
	if (c->tc)
		return;
	switch (auth) {
	case AUTH_SOA:
		/* RFC 2308 3: the SOA with the negative TTL. */
		if (!answer_put_rrset(c, z, &z->nodes[0], z->apex, z->soa, &c->ns,
		    z->neg_ttl))
			c->tc = true;
		break;
	case AUTH_NS:
		rs = dns_node_rrset(z, deleg, DNS_TYPE_NS);
		/* The NS at a cut is the child's: never signed here. */
		if (rs != NULL && !answer_put_rrset(c, z, NULL,
		    dns_node_name(z, deleg), rs, &c->ns, UINT32_MAX))
			c->tc = true;
		else if (rs != NULL && c->naddl > 0 &&
		    c->addl[c->naddl - 1].rrset == rs)
			c->addl[c->naddl - 1].deleg = dns_node_name(z, deleg);
		if (!c->tc && c->dnssec && !answer_deleg_proof(c, z, deleg))
			c->tc = true;
		break;
	case AUTH_NONE:
		break;
	}
	/* A truncated proof would be a broken one: TC instead. */
	if (!c->tc && c->dnssec && !answer_proofs(c, z))
		c->tc = true;
	if (!c->tc)
		put_additional(c);
}

static bool
chaos_is(const uint8_t *lname, const char *wire)
{
	return strcmp((const char *)lname, wire) == 0;
}

/* CH TXT id.server, hostname.bind, version.bind, version.server. */
static void
answer_chaos(struct ctx *c)
{
	const uint8_t *q = c->chain[0].name;
	const char *text = NULL;
	uint8_t rd[256];
	size_t len;

	if (chaos_is(q, "\2id\6server") || chaos_is(q, "\10hostname\4bind"))
		text = c->conf->identity;
	else if (chaos_is(q, "\7version\4bind") ||
	    chaos_is(q, "\7version\6server"))
		text = c->conf->version;
	if (text == NULL || c->qtype != DNS_TYPE_TXT) {
		c->rcode = DNS_RCODE_REFUSED;
		return;
	}
	len = strlen(text);
	if (len > 255)
		len = 255;
	rd[0] = (uint8_t)len;
	memcpy(rd + 1, text, len);
	put_rr(c, q, DNS_TYPE_TXT, DNS_CLASS_CH, 0, rd, len + 1);
	if (c->w.err)
		c->tc = true;
	else
		c->an++;
}

/*
 * The client's location for geo answers: the query's ECS option when the
 * zone uses ECS and the option gives some bits (RFC 7871 7.1.1: a source
 * of /0 asks that the client's address not be used, so the resolver's
 * own address decides), else the source address of the query.
 */
static bool
geo_client(const struct ctx *c, bool ecs_on, struct dns_geo_client *cl)
{
	const struct sockaddr *sa = c->client ? c->client->addr : NULL;

	memset(cl, 0, sizeof(*cl));
	if (ecs_on && c->edns.ecs_state == DNS_ECS_OK && c->edns.ecs.source) {
		cl->len = (uint8_t)dns_ecs_prefix(&c->edns.ecs, &cl->family,
		    cl->addr);
		cl->ecs = true;
		return true;
	}
	if (sa != NULL && sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;

		cl->family = AF_INET;
		memcpy(cl->addr, &in->sin_addr, 4);
		cl->len = 32;
		return true;
	}
	if (sa != NULL && sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;
		static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };

		if (memcmp(&in6->sin6_addr, mapped, 12) == 0) {
			cl->family = AF_INET;
			memcpy(cl->addr, (const uint8_t *)&in6->sin6_addr + 12,
			    4);
			cl->len = 32;
		} else {
			cl->family = AF_INET6;
			memcpy(cl->addr, &in6->sin6_addr, 16);
			cl->len = 128;
		}
		return true;
	}
	return false;
}

/*
 * ECS for zone z and the client's location for geo answers; true when the
 * response is decided (FORMERR for a malformed ECS option in an ECS zone).
 * Zones without ECS ignore the option, exactly as without geo.  The geo
 * answers themselves come in resolve(), for the question's name and for
 * each CNAME target, through geo_link().
 */
static bool
answer_geo(struct ctx *c, const struct dns_zone *z,
    struct dns_stats *stats)
{
	const struct dns_geo_ops *g = c->conf->geo;
	const void *arg = c->conf->geo_arg;
	bool ecs_on;

	ecs_on = g->zone_ecs(arg, z->db_index);
	if (ecs_on && c->edns.ecs_state == DNS_ECS_BAD) {
		/* RFC 7871 7.1.2: a malformed option gets FORMERR. */
		c->rcode = DNS_RCODE_FORMERR;
		return true;
	}
	if (ecs_on && c->edns.ecs_state == DNS_ECS_OK) {
		/* 7.2.1: scope 0 unless the answer depends on location. */
		c->ecs_reply = true;
		c->ecs_scope = 0;
	}
	c->geo_on = c->qclass == DNS_CLASS_IN &&
	    geo_client(c, ecs_on, &c->geo_cl);
	c->geo_counts = stats != NULL ? stats->geo_answers : NULL;
	return false;
}

/* Octets of our OPT record for this response. */
static size_t
opt_size(const struct ctx *c)
{
	size_t n = 11;
	size_t idlen = c->conf->identity ? strlen(c->conf->identity) : 0;

	if (c->edns.nsid && c->conf->nsid && idlen > 0)
		n += 4 + (idlen > 255 ? 255 : idlen);
	if (c->conf->cookies && c->edns.cookie_len >= DNS_COOKIE_CLIENT_LEN)
		n += 4 + DNS_COOKIE_CLIENT_LEN + DNS_COOKIE_SERVER_LEN;
	if (c->ede_not_auth)
		n += 6;
	/* Room for an ECS echo, only where geo answers are configured. */
	if (c->conf->geo != NULL && c->edns.ecs_state == DNS_ECS_OK)
		n += 8 + (c->edns.ecs.source + 7u) / 8;
	return n;
}

static void
put_opt(struct ctx *c, struct dns_stats *stats)
{
	size_t idlen = c->conf->identity ? strlen(c->conf->identity) : 0;
	uint16_t payload = c->conf->udp_payload ? c->conf->udp_payload :
	    DNS_EDNS_DEFAULT;
	uint8_t *lenp;
	size_t start;

	wbuf_u8(&c->w, 0);
	wbuf_u16(&c->w, DNS_TYPE_OPT);
	wbuf_u16(&c->w, payload);
	wbuf_u8(&c->w, (uint8_t)(c->rcode >> 4));
	wbuf_u8(&c->w, 0);
	wbuf_u16(&c->w, c->edns.dnssec_ok ? DNS_EDNS_DO : 0);
	lenp = wbuf_reserve(&c->w, 2);
	start = c->w.len;
	if (c->edns.nsid && c->conf->nsid && idlen > 0) {
		if (idlen > 255)
			idlen = 255;
		wbuf_u16(&c->w, DNS_EDNS_NSID);
		wbuf_u16(&c->w, (uint16_t)idlen);
		wbuf_bytes(&c->w, c->conf->identity, idlen);
		if (stats)
			stats->nsid++;
	}
	if (c->conf->cookies && c->edns.cookie_len >= DNS_COOKIE_CLIENT_LEN) {
		uint8_t sc[DNS_COOKIE_SERVER_LEN];

		dns_cookie_server(c->conf->cookie_secret, c->edns.cookie,
		    (uint32_t)time(NULL), c->client ? c->client->addr : NULL,
		    sc);
		wbuf_u16(&c->w, DNS_EDNS_COOKIE);
		wbuf_u16(&c->w, DNS_COOKIE_CLIENT_LEN + DNS_COOKIE_SERVER_LEN);
		wbuf_bytes(&c->w, c->edns.cookie, DNS_COOKIE_CLIENT_LEN);
		wbuf_bytes(&c->w, sc, sizeof(sc));
		if (stats)
			stats->cookies++;
	}
	if (c->ede_not_auth) {
		wbuf_u16(&c->w, DNS_EDNS_EDE);
		wbuf_u16(&c->w, 2);
		wbuf_u16(&c->w, DNS_EDE_NOT_AUTH);
	}
	if (c->ecs_reply) {
		uint8_t ecs[DNS_ECS_OPT_MAX];
		size_t n;

		n = dns_ecs_write(&c->edns.ecs, c->ecs_scope, ecs, sizeof(ecs));
		wbuf_bytes(&c->w, ecs, n);
	}
	if (lenp != NULL && !c->w.err) {
		wbuf_put_u16_at(lenp, (uint16_t)(c->w.len - start));
		c->ar++;
	}
}

/*
 * The wire layout Knot's parser checks an RR's RDATA against: 'n' a name
 * (compression pointers allowed everywhere), 's' a character-string,
 * 'r' anything to the end, a digit 1..9 that many octets, 'a' 16, 'k' 18
 * and 'p' 20.  Types missing here are opaque.
 */
static const char *
wire_layout(uint16_t type)
{
	switch (type) {
	case DNS_TYPE_A:
		return "4";
	case DNS_TYPE_NS:
	case DNS_TYPE_MD:
	case DNS_TYPE_MF:
	case DNS_TYPE_CNAME:
	case DNS_TYPE_MB:
	case DNS_TYPE_MG:
	case DNS_TYPE_MR:
	case DNS_TYPE_PTR:
	case DNS_TYPE_DNAME:
		return "n";
	case DNS_TYPE_SOA:
		return "nnp";
	case DNS_TYPE_MINFO:
	case DNS_TYPE_RP:
		return "nn";
	case DNS_TYPE_MX:
	case DNS_TYPE_AFSDB:
	case 21:			/* RT */
	case DNS_TYPE_KX:
		return "2n";
	case DNS_TYPE_AAAA:
	case DNS_TYPE_LOC:
		return "a";
	case DNS_TYPE_SRV:
		return "6n";
	case DNS_TYPE_NAPTR:
		return "4sssn";
	case DNS_TYPE_RRSIG:
		return "knr";
	case DNS_TYPE_NSEC:
		return "nr";
	case DNS_TYPE_SVCB:
	case DNS_TYPE_HTTPS:
		return "2nr";
	case 104:			/* NID */
	case 106:			/* L64 */
		return "28";
	case 105:			/* L32 */
		return "6";
	case 107:			/* LP */
		return "2n";
	case 108:			/* EUI48 */
		return "6";
	case 109:			/* EUI64 */
		return "8";
	case 249:			/* TKEY */
		return "nr";
	default:
		return NULL;
	}
}

/*
 * Checks the RDATA of an RR in a query as Knot's parser does, so that the
 * same queries get FORMERR: a 4-octet SRV does, an empty RDATA (RFC 2136
 * deletions) or an unknown type does not.
 */
static bool
rdata_ok(const uint8_t *msg, size_t off, size_t rdlen, uint16_t type)
{
	uint8_t name[DNS_NAME_MAX];
	size_t end = off + rdlen, n;
	const char *l;

	if (type == DNS_TYPE_TSIG) {
		/* RFC 8945 4.2: name, time, fudge, MAC, id, error, other. */
		if ((n = dns_name_len_in(msg + off, rdlen)) == 0 ||
		    (off += n + 8) + 2 > end)
			return false;
		off += 2u + (size_t)(msg[off] << 8 | msg[off + 1]);
		if (off + 6 > end)
			return false;
		off += 6u + (size_t)(msg[off + 4] << 8 | msg[off + 5]);
		return off == end;
	}
	if (rdlen == 0 || (l = wire_layout(type)) == NULL)
		return true;
	for (; *l; l++) {
		switch (*l) {
		case 'n':
			if (dns_name_unpack(msg, end, &off, name) < 0)
				return false;
			break;
		case 's':
			if (off >= end || end - off < 1u + msg[off])
				return false;
			off += 1u + msg[off];
			break;
		case 'r':
			return true;
		default:
			n = *l == 'a' ? 16 : *l == 'k' ? 18 : *l == 'p' ? 20 :
			    (size_t)(*l - '0');
			if (end - off < n)
				return false;
			off += n;
			break;
		}
	}
	return off == end;
}

/* Skips one RR of a query section; OPT and TSIG are noted. */
static int
skip_rr(struct ctx *c, const uint8_t *msg, size_t len, size_t *off,
    bool additional, bool *tsig, unsigned *nopt)
{
	uint8_t name[DNS_NAME_MAX];
	uint16_t type, rclass, rdlen;
	size_t pos = *off;
	uint32_t ttl;
	struct cur cu;

	if (*tsig)
		return -1;	/* RFC 8945 5.1: TSIG comes last */
	if (dns_name_unpack(msg, len, &pos, name) < 0)
		return -1;
	cur_init(&cu, msg + pos, len - pos);
	type = cur_u16(&cu);
	rclass = cur_u16(&cu);
	ttl = cur_u32(&cu);
	rdlen = cur_u16(&cu);
	cur_skip(&cu, rdlen);
	if (cu.err)
		return -1;
	if (type != DNS_TYPE_OPT && !rdata_ok(msg, pos + 10, rdlen, type))
		return -1;
	/*
	 * RFC 6891 6.1.1: one OPT, in the additional section, owned by the
	 * root.  (Knot 3.2 lets a non-root owner pass; we do not.)
	 */
	if (type == DNS_TYPE_OPT && (!additional || name[0] != 0))
		return -1;
	if (type == DNS_TYPE_OPT) {
		if (++*nopt > 1)
			return -1;
		if (dns_edns_parse(&c->edns, rclass, ttl, msg + pos + 10,
		    rdlen) < 0)
			return -1;
	} else if (type == DNS_TYPE_TSIG) {
		*tsig = true;	/* outside the additional section: FORMERR */
	} else if (type == DNS_TYPE_SOA && !additional && rdlen >= 22 &&
	    !c->xq.has_serial) {
		/* IXFR's (authority) or NOTIFY's (answer) serial. */
		c->xq.has_serial = true;
		c->xq.serial = (uint32_t)msg[pos + 10 + rdlen - 20] << 24 |
		    (uint32_t)msg[pos + 10 + rdlen - 19] << 16 |
		    (uint32_t)msg[pos + 10 + rdlen - 18] << 8 |
		    msg[pos + 10 + rdlen - 17];
	}
	*off = pos + cu.off;
	return 0;
}

size_t
dns_answer(const struct dns_db *db, const struct dns_answer_conf *conf,
    const struct dns_client *client, const uint8_t *query, size_t qlen,
    uint8_t *resp, size_t cap, struct dns_stats *stats)
{
	return dns_answer_xfr(db, conf, client, query, qlen, resp, cap, stats,
	    NULL);
}

size_t
dns_answer_xfr(const struct dns_db *db, const struct dns_answer_conf *conf,
    const struct dns_client *client, const uint8_t *query, size_t qlen,
    uint8_t *resp, size_t cap, struct dns_stats *stats,
    struct dns_xfr_req *xfr)
{
	struct ctx *c, cbuf;
	uint16_t id, qflags, qd, an, ns, ar, opcode;
	size_t off, qnlen, limit, i, optlen, len;
	bool tsig = false, with_opt = true, started, aa;
	unsigned nopt = 0, k;
	const struct dns_zone *z;

	/* Before any way out: a stale start would hand out a zone. */
	if (xfr != NULL)
		xfr->start = false;
	if (stats)
		stats->queries++;
	if (qlen < DNS_HDR_LEN || cap < DNS_HDR_LEN)
		goto drop;
	id = (uint16_t)(query[0] << 8 | query[1]);
	qflags = (uint16_t)(query[2] << 8 | query[3]);
	qd = (uint16_t)(query[4] << 8 | query[5]);
	an = (uint16_t)(query[6] << 8 | query[7]);
	ns = (uint16_t)(query[8] << 8 | query[9]);
	ar = (uint16_t)(query[10] << 8 | query[11]);
	if ((qflags & DNS_FLAG_QR) || qd > 1)
		goto drop;
	opcode = (qflags & DNS_OPCODE_MASK) >> DNS_OPCODE_SHIFT;

	c = &cbuf;
	c->conf = conf;
	dns_xq_init(&c->xq);
	c->client = client;
	c->an = c->ns = c->ar = 0;
	c->rcode = 0;
	c->tc = false;
	c->ede_not_auth = false;
	c->ecs_reply = false;
	c->geo_on = false;
	dns_compr_init(&c->compr, c->ct, MAX_COMPR, &c->ct_head, 1);
	c->naddl = 0;
	c->nchain = 0;
	c->hops = 0;
	c->nseen = 0;
	c->nproof = 0;
	c->ndenied = 0;
	c->dnssec = false;
	c->edns.present = false;
	c->edns.nsid = false;
	c->edns.cookie_len = 0;
	c->edns.dnssec_ok = false;
	c->edns.ecs_state = DNS_ECS_NONE;
	c->flags = DNS_FLAG_QR | (qflags & (DNS_OPCODE_MASK | DNS_FLAG_RD));

	/* The question: a plain name (no pointers), type and class. */
	off = DNS_HDR_LEN;
	qnlen = 0;
	if (qd == 1) {
		if ((qnlen = dns_name_len_in(query + off, qlen - off)) == 0 ||
		    off + qnlen + 4 > qlen)
			goto drop;
		answer_chname_set(&c->chain[0], query + off, qnlen);
		c->nchain = 1;
		off += qnlen;
		c->qtype = (uint16_t)(query[off] << 8 | query[off + 1]);
		c->qclass = (uint16_t)(query[off + 2] << 8 | query[off + 3]);
		off += 4;
	}
	c->qend = off;

	/* Header and question go out even for FORMERR. */
	wbuf_init(&c->w, resp, cap < DNS_MSG_MAX ? cap : DNS_MSG_MAX);
	if (c->qend > c->w.cap)
		goto drop;
	(void)wbuf_reserve(&c->w, DNS_HDR_LEN);
	wbuf_bytes(&c->w, query + DNS_HDR_LEN, c->qend - DNS_HDR_LEN);
	if (qd == 1) {
		const struct chname *q = &c->chain[0];

		for (k = 0; k < q->nlabels; k++)
			dns_compr_add(&c->compr, q->labels[k], DNS_HDR_LEN +
			    (size_t)(q->labels[k] - q->name));
	}

	/* Every other RR must parse; trailing octets are an error. */
	/* Knot's sanity check: no more RRs than 11-octet minimums fit. */
	if ((size_t)an + ns + ar > qlen / (DNS_RR_FIXED_LEN + 1))
		goto malformed;
	for (i = 0; i < (size_t)an + ns + ar; i++) {
		if (skip_rr(c, query, qlen, &off, i >= (size_t)an + ns, &tsig,
		    &nopt) < 0)
			goto malformed;
	}
	if (off != qlen) {
malformed:
		/* Nothing read past the header: nothing to answer (Knot). */
		if (off <= DNS_HDR_LEN)
			goto drop;
		with_opt = false;
		c->edns.present = false;
		c->rcode = DNS_RCODE_FORMERR;
		goto out;
	}
	if (c->edns.present && stats)
		stats->edns++;
	/* RFC 8945 5.2: the TSIG first, so every answer can carry one. */
	if (tsig && (c->rcode = dns_xq_tsig(&c->xq, conf, client,
	    qd == 1 ? c->chain[0].name : (const uint8_t *)"", query,
	    qlen)) != 0)
		goto out;
	if (c->edns.present && conf->cookies && c->edns.cookie_len != 0 &&
	    !dns_cookie_len_valid(c->edns.cookie_len)) {
		c->edns.cookie_len = 0;
		c->rcode = DNS_RCODE_FORMERR;
		goto out;
	}
	if (c->edns.present && c->edns.version > 0) {
		c->rcode = DNS_RCODE_BADVERS;
		goto out;
	}
	if (qd == 0) {
		/* RFC 7873 5.4: a cookie-only query gets a cookie back. */
		if (!(conf->cookies && c->edns.cookie_len != 0 &&
		    opcode == DNS_OPCODE_QUERY))
			c->rcode = DNS_RCODE_FORMERR;
		goto out;
	}
	/* Knot refuses a class it does not serve before the opcode. */
	if (c->qclass != DNS_CLASS_IN && c->qclass != DNS_CLASS_CH &&
	    c->qclass != DNS_CLASS_ANY) {
		c->rcode = DNS_RCODE_REFUSED;
		goto out;
	}
	if (c->qclass == DNS_CLASS_CH && opcode != DNS_OPCODE_QUERY) {
		c->rcode = DNS_RCODE_NOTIMP;	/* CHAOS only answers queries */
		goto out;
	}
	switch (opcode) {
	case DNS_OPCODE_QUERY:
		break;
	case DNS_OPCODE_NOTIFY:
		c->rcode = dns_xq_notify(&c->xq, conf, client,
		    c->chain[0].name, c->qtype, &aa);
		if (aa)
			c->flags |= DNS_FLAG_AA;
		goto out;
	case DNS_OPCODE_UPDATE:
		/* RFC 2136 3.1.1: the zone section holds one SOA. */
		c->rcode = c->qtype == DNS_TYPE_SOA ? DNS_RCODE_NOTAUTH :
		    DNS_RCODE_FORMERR;
		goto out;
	default:
		c->rcode = DNS_RCODE_NOTIMP;
		goto out;
	}

	/* Size limit: RFC 6891 6.2.5 for UDP, 64 KiB over TCP. */
	if (client != NULL && client->tcp)
		limit = DNS_MSG_MAX;
	else if (c->edns.present) {
		uint16_t ours = conf->udp_payload ? conf->udp_payload :
		    DNS_EDNS_DEFAULT;

		limit = c->edns.payload < ours ? c->edns.payload : ours;
		if (limit < DNS_UDP_MIN)
			limit = DNS_UDP_MIN;
	} else
		limit = DNS_UDP_MIN;
	if (limit > c->w.cap)
		limit = c->w.cap;
	optlen = c->edns.present ? opt_size(c) : 0;
	optlen += dns_xq_tsig_size(&c->xq);
	if (limit < c->w.len + optlen)
		goto drop;
	c->w.cap = limit - optlen;

	if (c->qtype == 0) {
		c->rcode = DNS_RCODE_NOTIMP;
		goto out;
	}
	if (c->qtype == DNS_TYPE_AXFR || c->qtype == DNS_TYPE_IXFR) {
		c->rcode = dns_xq_transfer(&c->xq, db, conf, client,
		    c->chain[0].name, c->qtype, &c->w, &c->an, xfr, &started);
		if (c->rcode == DNS_RCODE_NOERROR)
			c->flags |= DNS_FLAG_AA;
		if (!started)
			goto out;
		/* The transfer's messages go out through the caller. */
		xfr->id = id;
		memcpy(xfr->question, query + DNS_HDR_LEN,
		    c->qend - DNS_HDR_LEN);
		xfr->question_len = c->qend - DNS_HDR_LEN;
		xfr->edns = c->edns.present;
		xfr->rd = (qflags & DNS_FLAG_RD) != 0;
		xfr->payload = conf->udp_payload ? conf->udp_payload :
		    DNS_EDNS_DEFAULT;
		if (stats) {
			stats->responses++;
			stats->rcode[DNS_RCODE_NOERROR]++;
		}
		return 0;
	}
	if (c->qclass == DNS_CLASS_CH) {
		if (stats)
			stats->chaos++;
		answer_chaos(c);
		goto out;
	}
	if (c->qclass != DNS_CLASS_IN && c->qclass != DNS_CLASS_ANY) {
		c->rcode = DNS_RCODE_REFUSED;
		goto out;
	}
	/* DS lives in the parent: look its zone up from there, as Knot. */
	z = NULL;
	if (c->qtype == DNS_TYPE_DS && c->chain[0].nlabels > 0)
		z = dns_db_find_lower(db, c->chain[0].labels + 1,
		    c->chain[0].hashes + 1, c->chain[0].nlabels - 1);
	if (z == NULL)
		z = dns_db_find_lower(db, c->chain[0].labels,
		    c->chain[0].hashes, c->chain[0].nlabels);
	if (z == NULL) {
		c->rcode = DNS_RCODE_REFUSED;
		c->ede_not_auth = true;	/* RFC 8914 4.21, as Knot */
		goto out;
	}
	if (stats && stats->zone_queries)
		stats->zone_queries[z->db_index]++;
	if (z->nnodes == 0) {
		/* A secondary without data (not yet, or expired): as Knot. */
		c->rcode = DNS_RCODE_SERVFAIL;
		goto out;
	}
	/* RFC 3225 3 with RFC 4035 3.1: DO, and a zone that is signed. */
	c->dnssec = c->edns.present && c->edns.dnssec_ok && z->signed_soa;
	if (conf->geo != NULL && answer_geo(c, z, stats))
		goto out;
	answer_zone(c, z);

out:
	if (c->tc) {
		/* RFC 2181 9: TC, and nothing but the question. */
		c->w.err = false;
		c->w.len = c->qend;
		c->an = c->ns = c->ar = 0;
		c->flags |= DNS_FLAG_TC;
	}
	if ((c->flags & DNS_FLAG_TC) && stats)
		stats->truncated++;
	c->w.err = false;
	c->w.cap = cap < DNS_MSG_MAX ? cap : DNS_MSG_MAX;
	if (with_opt && c->edns.present)
		put_opt(c, stats);
	if (c->w.err)
		goto drop;
	wbuf_put_u16_at(resp, id);
	wbuf_put_u16_at(resp + 2, (uint16_t)(c->flags | (c->rcode & 0xf)));
	wbuf_put_u16_at(resp + 4, qd);
	wbuf_put_u16_at(resp + 6, c->an);
	wbuf_put_u16_at(resp + 8, c->ns);
	wbuf_put_u16_at(resp + 10, c->ar);
	len = c->w.len;
	if (dns_xq_sign(&c->xq, resp, &len, c->w.cap) < 0)
		goto drop;
	if (stats) {
		stats->responses++;
		stats->rcode[c->rcode < 24 ? c->rcode : 23]++;
	}
	return len;
drop:
	if (stats)
		stats->dropped++;
	return 0;
}
