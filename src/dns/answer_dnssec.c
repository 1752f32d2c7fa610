/* SPDX-License-Identifier: MIT */
/*
 * answer_dnssec.c -- the denial-of-existence part of an answer from a
 * signed zone (RFC 4035 3.1.3, RFC 5155 7.2): the NSEC or NSEC3 RRsets,
 * with their RRSIGs, that prove what the lookup in answer.c noted for each
 * name of the chain (NXDOMAIN, NODATA, wildcard answer or NODATA), the DS
 * or no-DS proof of a referral, and an SVCB/HTTPS target's own denial.
 * NSEC is found by the predecessor in canonical order, NSEC3 by a binary
 * search over the zone's hashes; each NSEC/NSEC3 RRset goes out once.
 */
#include <string.h>

#include "answer_int.h"
#include "name.h"
#include "nsec3.h"
#include "zone.h"

/* Writes the NSEC or NSEC3 RRset of node i and its RRSIGs, once. */
static bool
put_denial(struct ctx *c, const struct dns_zone *z, uint32_t i, uint16_t type,
    uint16_t *count)
{
	const struct dns_rrset *rs;
	const struct dns_node *n;
	unsigned k;

	if (i == DNS_NODE_NONE)
		return true;
	for (k = 0; k < c->ndenied; k++)
		if (c->denied[k] == i)
			return true;
	n = &z->nodes[i];
	if ((rs = dns_node_rrset(z, n, type)) == NULL)
		return true;
	if (!answer_put_rrset(c, z, n, dns_node_name(z, n), rs, count, UINT32_MAX))
		return false;
	if (c->ndenied < MAX_DENIED)
		c->denied[c->ndenied++] = i;
	return true;
}

/* The NSEC that proves lname's node, or covers lname (RFC 4035 3.1.3). */
static bool
put_nsec(struct ctx *c, const struct dns_zone *z, const uint8_t *lname)
{
	return put_denial(c, z, z->nsec_prev[dns_zone_pred(z, lname)],
	    DNS_TYPE_NSEC, &c->ns);
}

/*
 * The NSEC3 matching or covering lname's hash into the section of count.
 * With match, only a matching one, and *match says if there was one.
 */
static bool
put_nsec3_in(struct ctx *c, const struct dns_zone *z, const uint8_t *lname,
    bool *match, uint16_t *count)
{
	uint8_t h[DNS_NSEC3_HASH_LEN];
	size_t idx;
	bool m;

	dns_nsec3_hash(lname, z->nsec3->salt, z->nsec3->salt_len,
	    z->nsec3->iterations, h);
	m = dns_nsec3_find(z->nsec3, h, &idx);
	if (match != NULL) {
		*match = m;
		if (!m)
			return true;	/* only a match was asked for */
	}
	return put_denial(c, z, z->nsec3->node[idx], DNS_TYPE_NSEC3, count);
}

static bool
put_nsec3(struct ctx *c, const struct dns_zone *z, const uint8_t *lname,
    bool *match)
{
	return put_nsec3_in(c, z, lname, match, &c->ns);
}

/* "*." and lname into out; false if too long. */
static bool
wildcard_of(const uint8_t *lname, uint8_t out[DNS_NAME_MAX])
{
	size_t len = dns_name_len(lname);

	if (len + 2 > DNS_NAME_MAX)
		return false;
	out[0] = 1;
	out[1] = '*';
	memcpy(out + 2, lname, len);
	return true;
}

/*
 * RFC 5155 7.2.1: the closest provable encloser proof for cn, starting
 * at the encloser cn->labels[s] and going up past names without an NSEC3
 * (opt-out): its matching NSEC3 and the NSEC3 covering the next closer
 * name.  Sets *cpe to the encloser's label index.
 */
static bool
put_ce_proof(struct ctx *c, const struct dns_zone *z,
    const struct chname *cn, unsigned s, unsigned *cpe)
{
	bool match;

	for (; s + z->apex_labels <= cn->nlabels && s <= MAX_LABELS; s++) {
		if (!put_nsec3(c, z, cn->labels[s], &match))
			return false;
		if (match)
			break;
	}
	if (s + z->apex_labels > cn->nlabels)
		s = cn->nlabels - z->apex_labels;	/* no match: the apex */
	*cpe = s;
	return s == 0 || put_nsec3(c, z, cn->labels[s - 1], NULL);
}

static bool
put_proof_nsec3(struct ctx *c, const struct dns_zone *z,
    const struct proof *p)
{
	const struct chname *cn = &c->chain[p->chain];
	uint8_t wname[DNS_NAME_MAX];
	unsigned cpe;
	bool match;

	switch (p->kind) {
	case PROOF_NXDOMAIN:
		if (!put_ce_proof(c, z, cn, p->ce_idx, &cpe))
			return false;
		return !wildcard_of(cn->labels[cpe], wname) ||
		    put_nsec3(c, z, wname, NULL);
	case PROOF_NODATA:
		/* 7.2.3, 7.2.4: the match, else an opt-out proof. */
		if (!put_nsec3(c, z, cn->name, &match))
			return false;
		return match || put_ce_proof(c, z, cn, 1, &cpe);
	case PROOF_WILD:
		/* 7.2.6: the next closer name does not exist. */
		return p->ce_idx == 0 ||
		    put_nsec3(c, z, cn->labels[p->ce_idx - 1], NULL);
	case PROOF_WILD_NODATA:
		if (!put_ce_proof(c, z, cn, p->ce_idx, &cpe))
			return false;
		return put_nsec3(c, z, dns_node_name(z, p->wild), &match);
	}
	return true;
}

static bool
put_proof_nsec(struct ctx *c, const struct dns_zone *z,
    const struct proof *p)
{
	const struct chname *cn = &c->chain[p->chain];
	uint8_t wname[DNS_NAME_MAX];

	switch (p->kind) {
	case PROOF_NXDOMAIN:
		/* The name, and the wildcard at the closest encloser. */
		if (!put_nsec(c, z, cn->name))
			return false;
		return !wildcard_of(cn->labels[p->ce_idx], wname) ||
		    put_nsec(c, z, wname);
	case PROOF_NODATA:
	case PROOF_WILD:
		/* Its own NSEC, or the one covering it (ENT, wildcard). */
		return put_nsec(c, z, cn->name);
	case PROOF_WILD_NODATA:
		return put_nsec(c, z, dns_node_name(z, p->wild)) &&
		    put_nsec(c, z, cn->name);
	}
	return true;
}

/* The authority section's denial proofs; false if they do not fit. */
bool
answer_proofs(struct ctx *c, const struct dns_zone *z)
{
	unsigned i;

	for (i = 0; i < c->nproof; i++) {
		if (z->nsec3 != NULL) {
			if (!put_proof_nsec3(c, z, &c->proof[i]))
				return false;
		} else if (z->nsec_prev != NULL) {
			if (!put_proof_nsec(c, z, &c->proof[i]))
				return false;
		}
	}
	return true;
}

/*
 * A referral's DS and its RRSIG (RFC 4035 3.1.4), or the proof that the
 * cut has no DS: its NSEC, its NSEC3, or with opt-out the closest
 * provable encloser's NSEC3 and the covering NSEC3 (RFC 5155 7.2.7).
 */
bool
answer_deleg_proof(struct ctx *c, const struct dns_zone *z,
    const struct dns_node *cut)
{
	const uint8_t *name = dns_node_name(z, cut);
	const struct dns_rrset *ds = dns_node_rrset(z, cut, DNS_TYPE_DS);
	unsigned cpe;
	bool match;

	const struct chname *cn = &c->chain[c->nchain - 1];

	if (ds != NULL) {
		if (!answer_put_rrset(c, z, cut, name, ds, &c->ns, UINT32_MAX))
			return false;
	} else if (z->nsec3 != NULL) {
		if (!put_nsec3(c, z, name, &match))
			return false;
		if (!match) {
			answer_chname_set(&c->scratch, name, dns_name_len(name));
			if (!put_ce_proof(c, z, &c->scratch, 1, &cpe))
				return false;
		}
	} else if (z->nsec_prev != NULL && !put_nsec(c, z, name))
		return false;
	/*
	 * NS at a wildcard, met by expansion (RFC 4592 4.2 leaves it open):
	 * as Knot, the proof that the query name does not exist follows,
	 * with NSEC3 the closest encloser proof.
	 */
	if (!dns_name_is_wildcard(name) || dns_name_equal(cn->name, name))
		return true;
	if (z->nsec3 != NULL)
		return put_ce_proof(c, z, cn, cn->nlabels + 1 -
		    dns_name_labels(name), &cpe);
	if (z->nsec_prev != NULL)
		return put_nsec(c, z, cn->name);
	return true;
}

/*
 * With DO, an SVCB or HTTPS target's own NSEC or NSEC3 follows its
 * addresses in the additional section, the types it has (as Knot).
 */
bool
answer_target_denial(struct ctx *c, const struct dns_zone *z,
    const struct dns_node *n)
{
	bool match;

	if (z->nsec3 != NULL)
		return put_nsec3_in(c, z, c->target, &match, &c->ar);
	if (z->nsec_prev != NULL)
		return put_denial(c, z, z->nsec_prev[n - z->nodes],
		    DNS_TYPE_NSEC, &c->ar);
	return true;
}
