/* SPDX-License-Identifier: MIT */
/*
 * zone.h -- a loaded, checked, immutable zone, and the set of zones served.
 *
 * A zone is built once from its file, checked (RFC 1034/2181 rules: one
 * SOA, apex NS, CNAME and other data, occluded data, glue, TTLs) and then
 * only read, by any number of threads, until it is freed as a whole.
 * Reload builds a new one beside it.  The layout keeps names in canonical
 * order so that NSEC predecessors and NSEC3 hashed owners can be found
 * later without a rewrite.
 */
#ifndef CN_DNS_ZONE_H
#define CN_DNS_ZONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns.h"
#include "nsec3.h"

struct dns_zone;
struct dns_db;

/* Where load messages go; the loader counts them. */
struct dns_zone_report {
	void		(*msg)(void *arg, bool fatal, const char *file,
			    unsigned line, const char *text);
	void		*arg;
	unsigned	 errors;
	unsigned	 warnings;
};

/*
 * Loads the zone with the given apex (wire name) from path.  Returns NULL if
 * the file cannot be read or a fatal check fails; every problem is passed to
 * rep->msg with its file:line.  rep may be NULL (messages are logged).
 */
struct dns_zone	*dns_zone_load(const uint8_t *apex, const char *path,
		    struct dns_zone_report *rep);
/* Same, from text in memory (tests, fuzzing); label names it. */
struct dns_zone	*dns_zone_load_text(const uint8_t *apex, const char *text,
		    size_t len, const char *label, struct dns_zone_report *rep);
/*
 * A zone is reference counted: a new one has one reference, dns_zone_ref()
 * adds one (any thread) and dns_zone_free() drops one, freeing the zone
 * with the last.  A dns_db holds one reference per zone, so a zone can be
 * in several dbs (snapshots) at once, or outlive them (a transfer out).
 */
struct dns_zone	*dns_zone_ref(struct dns_zone *zone);
void		 dns_zone_free(struct dns_zone *zone);	/* NULL-safe */

/*
 * The same loader and checks fed one record at a time (zone transfers):
 * owner and rdata in uncompressed wire form, class IN.  add returns 0, or
 * CN_EZONE once a fatal problem was reported (the caller may stop);
 * finish frees the builder and returns the zone, or NULL when a check
 * failed.  label names the source in messages; line numbers count
 * records.
 */
struct dns_zone_builder;
struct dns_zone_builder *dns_zone_builder_new(const uint8_t *apex,
		    const char *label, struct dns_zone_report *rep);
int		 dns_zone_builder_add(struct dns_zone_builder *zb,
		    const uint8_t *owner, uint16_t type, uint32_t ttl,
		    const uint8_t *rdata, uint16_t rdlen);
struct dns_zone	*dns_zone_builder_finish(struct dns_zone_builder *zb);
void		 dns_zone_builder_free(struct dns_zone_builder *zb);
/*
 * A zone with an apex and no data: a secondary that has no copy yet or
 * has expired.  Queries for its names get SERVFAIL (as Knot answers for
 * an expired zone); dns_zone_rr_count() is 0.
 */
struct dns_zone	*dns_zone_new_empty(const uint8_t *apex);
/* Lowercases the names inside RDATA as the loader stores them. */
void		 dns_rdata_lower(uint16_t type, uint8_t *rdata, size_t len);

const uint8_t	*dns_zone_apex(const struct dns_zone *zone);
uint32_t	 dns_zone_serial(const struct dns_zone *zone);
size_t		 dns_zone_rr_count(const struct dns_zone *zone);
size_t		 dns_zone_memory(const struct dns_zone *zone);

/* The set of zones one snapshot serves. */
struct dns_db	*dns_db_new(void);
/*
 * Takes over the caller's reference to zone and returns 0 (pass
 * dns_zone_ref(zone) to keep one); CN_EEXIST if its apex is already there,
 * CN_EINVAL if the zone is in another db at a different position (its
 * db_index); on error the caller keeps its reference.
 */
int		 dns_db_add_zone(struct dns_db *db, struct dns_zone *zone);
/* The zone whose apex is the longest match for name, or NULL. */
const struct dns_zone *dns_db_find_zone(const struct dns_db *db,
		    const uint8_t *name);
size_t		 dns_db_zone_count(const struct dns_db *db);
/* Frees the set and drops its reference to every zone in it. */
void		 dns_db_free(struct dns_db *db);

/*
 * The layout below is shared with answer.c, which reads it directly on the
 * query path; nothing else should touch it.  Every name is stored in
 * lowercased wire form; node 0 is the apex and nodes are in RFC 4034 6.1
 * canonical order, so all names below a node follow it contiguously.
 */

/*
 * One RRset: count RDATAs stored as (u16 rdlength, rdata) at off.  The
 * RRSIGs of a node form one RRset per type covered, each with its own TTL,
 * sorted by that type after the node's other RRsets of lower type.
 */
struct dns_rrset {
	uint16_t	 type;
	uint16_t	 count;
	uint32_t	 ttl;
	uint32_t	 off;		/* into zone->rdata */
	uint32_t	 len;		/* octets of the whole RDATA area */
};

#define DNS_NODE_APEX		0x0001
#define DNS_NODE_DELEG		0x0002	/* NS below the apex: a zone cut */
#define DNS_NODE_WILDCHILD	0x0004	/* "*.<this>" exists */
#define DNS_NODE_ENT		0x0008	/* empty non-terminal */
#define DNS_NODE_CNAME		0x0010
#define DNS_NODE_DNAME		0x0020
#define DNS_NODE_OCCLUDED	0x0040	/* below a cut or DNAME: cut says which */
#define DNS_NODE_ADDR		0x0080	/* has A or AAAA */
#define DNS_NODE_NSEC3		0x0100	/* NSEC3 owner: not an answer name */

#define DNS_NODE_NONE		UINT32_MAX

struct dns_node {
	uint32_t	 hash;		/* dns_zone_name_hash() of the name */
	uint32_t	 name;		/* offset into zone->names */
	uint32_t	 rrset;		/* first of nrrsets, sorted by type */
	uint32_t	 cut;		/* highest cut/DNAME above, if OCCLUDED */
	uint16_t	 nrrsets;
	uint16_t	 flags;
};

struct dns_zone {
	struct dns_node		*nodes;		/* canonical order, apex first */
	size_t			 nnodes;
	struct dns_rrset	*rrsets;
	size_t			 nrrsets;
	uint8_t			*names;
	uint8_t			*rdata;
	uint32_t		*index;		/* open addressing: node + 1 */
	uint32_t		 mask;
	uint32_t		 tagmask;	/* hash bits kept in index */
	size_t			 nrr;
	size_t			 memory;
	const struct dns_rrset	*soa;
	uint32_t		 serial;
	int64_t			 rrsig_expire;	/* dnssec_check.h */
	uint32_t		 neg_ttl;	/* min(SOA TTL, MINIMUM), RFC 2308 */
	unsigned		 apex_labels;
	uint32_t		 db_index;	/* position in its dns_dbs; set
						   by the first, UINT32_MAX before */
	unsigned		 refs;		/* dns_zone_ref() */
	/*
	 * DNSSEC (RFC 4035, 5155): in a zone with an NSEC chain (NSEC at
	 * the apex), nsec_prev[i] is the last node at or before node i in
	 * canonical order that owns an NSEC, or DNS_NODE_NONE.  A zone
	 * whose apex NSEC3PARAM names a usable chain has nsec3 instead.
	 */
	uint32_t		*nsec_prev;
	struct dns_nsec3_chain	*nsec3;
	bool			 signed_soa;	/* DO gets DNSSEC answers */
	uint8_t			 apex_len;
	uint8_t			 apex[DNS_NAME_MAX];
};

/*
 * The hash the zone index uses, over a lowercased name.  It runs from the
 * root label towards the first, so the hash of a name is its parent's
 * extended by one label: dns_zone_hash_label(hash(parent), label).  The
 * answer code gets the hashes of every suffix of a name in one pass.
 */
#define DNS_ZONE_HASH_ROOT	2166136261u

static inline uint32_t
dns_zone_hash_label(uint32_t h, const uint8_t *label)
{
	unsigned i;

	for (i = 0; i <= label[0]; i++)
		h = (h ^ label[i]) * 16777619u;
	return h;
}

uint32_t	 dns_zone_name_hash(const uint8_t *lname);

/*
 * The node with this lowercased name and dns_zone_name_hash(), or NULL.
 * NSEC3 owners are not found: they are no names of the zone's tree.
 */
const struct dns_node *dns_zone_find(const struct dns_zone *zone,
		    const uint8_t *lname, uint32_t hash);
/* The RRset of type at node, or NULL. */
const struct dns_rrset *dns_node_rrset(const struct dns_zone *zone,
		    const struct dns_node *node, uint16_t type);

/* The RRSIG RRset covering type at node, or NULL. */
const struct dns_rrset *dns_node_rrsig(const struct dns_zone *zone,
		    const struct dns_node *node, uint16_t type);
/*
 * The index of the last node at or before lname (lowercased, at or below
 * the apex) in canonical order: lname's own node, or its predecessor.
 */
size_t		 dns_zone_pred(const struct dns_zone *zone,
		    const uint8_t *lname);

static inline const uint8_t *
dns_node_name(const struct dns_zone *zone, const struct dns_node *node)
{
	return zone->names + node->name;
}

/*
 * Longest-match zone for a lowercased name: labels[i] points at the name
 * less its first i labels (labels[nlabels] at the root) and hashes[i] is
 * dns_zone_name_hash() of that suffix.
 */
const struct dns_zone *dns_db_find_lower(const struct dns_db *db,
		    const uint8_t *const *labels, const uint32_t *hashes,
		    unsigned nlabels);

#endif
