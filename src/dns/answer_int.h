/* SPDX-License-Identifier: MIT */
/*
 * answer_int.h -- what answer.c (the lookup and the message) shares with
 * answer_dnssec.c (the denial proofs): one query's context and the
 * writers both use.  Internal to src/dns/answer*.c.
 */
#ifndef CN_DNS_ANSWER_INT_H
#define CN_DNS_ANSWER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/wbuf.h"
#include "answer.h"
#include "compr.h"
#include "edns.h"
#include "transfer.h"
#include "zone.h"

#define MAX_COMPR	64	/* names remembered for compression */
#define CNAME_CHAIN_MAX	5	/* CNAMEs, real or synthesized, as Knot */
#define MAX_CHAIN	(CNAME_CHAIN_MAX + 1)
#define MAX_ADDL	(MAX_CHAIN + 4)	/* RRsets for additional processing */
#define MAX_LABELS	128
#define MAX_PROOF	(MAX_CHAIN + 1)	/* denials: one per chain name */
#define MAX_DENIED	16	/* NSEC/NSEC3 RRsets written, for dedup */

/* A name on the chain: lowercased, with its label offsets. */
struct chname {
	uint8_t		 name[DNS_NAME_MAX];
	const uint8_t	*labels[MAX_LABELS + 1];
	uint32_t	 hashes[MAX_LABELS + 1];	/* of each suffix */
	unsigned	 nlabels;
	uint32_t	 hash;
};

struct addl {
	const struct dns_zone	*zone;
	const struct dns_rrset	*rrset;
	const uint8_t		*deleg;	/* referral NS: the cut's name */
};

/* What a DNSSEC answer must prove for one name of the chain. */
enum proof_kind {
	PROOF_NXDOMAIN,		/* RFC 4035 3.1.3.2, RFC 5155 7.2.2 */
	PROOF_NODATA,		/* 3.1.3.1, 7.2.3, 7.2.4 */
	PROOF_WILD,		/* 3.1.3.3, 7.2.6 */
	PROOF_WILD_NODATA,	/* 3.1.3.4, 7.2.5 */
};

struct proof {
	uint8_t			 kind;	/* enum proof_kind */
	uint8_t			 chain;	/* index into ctx chain */
	uint8_t			 ce_idx;	/* labels stripped to the encloser */
	const struct dns_node	*wild;	/* the wildcard, for WILD_NODATA */
};

struct ctx {
	const struct dns_answer_conf	*conf;
	struct dns_xq			 xq;	/* TSIG, SOA serial */
	const struct dns_client		*client;
	struct wbuf			 w;
	size_t				 qend;	/* end of the question */
	uint16_t			 an, ns, ar;
	uint16_t			 flags;
	unsigned			 rcode;
	bool				 tc;
	bool				 ede_not_auth;
	bool				 ecs_reply;	/* echo ECS */
	uint8_t				 ecs_scope;
	bool				 geo_on;	/* ask the geo hook */
	struct dns_geo_client		 geo_cl;
	uint64_t			*geo_counts;	/* or NULL */
	struct dns_compr		 compr;
	struct dns_compr_ent		 ct[MAX_COMPR];
	int16_t				 ct_head;	/* one bucket */
	uint16_t			 qtype, qclass;
	struct dns_edns			 edns;
	struct chname			 chain[MAX_CHAIN + 1];
	unsigned			 nchain;
	unsigned			 hops;
	const struct dns_node		*seen[2 * MAX_CHAIN];
	unsigned			 nseen;
	struct addl			 addl[MAX_ADDL];
	unsigned			 naddl;
	bool				 dnssec;	/* DO: RRSIGs and proofs */
	struct proof			 proof[MAX_PROOF];
	unsigned			 nproof;
	uint32_t			 denied[MAX_DENIED];
	unsigned			 ndenied;
	struct chname			 scratch;	/* a cut's name */
	uint8_t				 synth[MAX_CHAIN][DNS_NAME_MAX];
	uint8_t				 target[DNS_NAME_MAX];
};

/* Lowercases name (len octets) into cn with its labels and hashes. */
void	answer_chname_set(struct chname *cn, const uint8_t *name, size_t len);
/*
 * Writes the RRset rs of node n (owner as given) into the section of
 * count, with its RRSIGs under DO; false (and nothing written) if it does
 * not fit.  ttl UINT32_MAX: the RRset's own.
 */
bool	answer_put_rrset(struct ctx *c, const struct dns_zone *z,
	    const struct dns_node *n, const uint8_t *owner,
	    const struct dns_rrset *rs, uint16_t *count, uint32_t ttl);

/* answer_dnssec.c: each false if it does not fit. */
bool	answer_proofs(struct ctx *c, const struct dns_zone *z);
bool	answer_deleg_proof(struct ctx *c, const struct dns_zone *z,
	    const struct dns_node *cut);
bool	answer_target_denial(struct ctx *c, const struct dns_zone *z,
	    const struct dns_node *n);

#endif
