/* SPDX-License-Identifier: MIT */
/*
 * journal.h -- the differences between the last versions of a zone, for
 * IXFR out (RFC 1995).
 *
 * When a new version of a zone is published with a newer serial, the
 * server computes what changed (records deleted, records added; the SOA
 * aside) and appends it to the zone's journal, a short immutable list of
 * such differences.  An IXFR from a serial the journal starts a chain at
 * is answered with the differences instead of the whole zone.  Journals
 * and differences are reference counted (any thread may drop one), so a
 * transfer in progress keeps what it sends while snapshots come and go.
 * Memory only: after a restart IXFR falls back to AXFR form.
 */
#ifndef CN_DNS_JOURNAL_H
#define CN_DNS_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dns_zone;

#define DNS_JOURNAL_MAX		16	/* differences kept per zone */

/*
 * One difference: serial from -> to.  Records are stored one after the
 * other as owner (lowercase wire name), type (u16), TTL (u32), RDLENGTH
 * (u16) and RDATA; the deleted ones first, then the added ones.
 */
struct dns_diff {
	unsigned	 refs;
	uint32_t	 from, to;
	uint32_t	 from_ttl, to_ttl;	/* the two SOAs */
	uint8_t		*from_soa, *to_soa;	/* RDATA */
	uint16_t	 from_soa_len, to_soa_len;
	uint8_t		*data;
	size_t		 del_len;		/* octets of deletions */
	size_t		 len;
	size_t		 ndel, nadd;
};

struct dns_journal {
	unsigned	 refs;
	size_t		 n;
	struct dns_diff	*d[DNS_JOURNAL_MAX];	/* oldest first */
};

/*
 * The difference from old to new (two versions of one zone, both with
 * data).  Returns NULL when it would not pay: more changed records than
 * max_records.
 */
struct dns_diff	*dns_diff_new(const struct dns_zone *old,
		    const struct dns_zone *new, size_t max_records);

/*
 * The journal of new: prev's differences (NULL: none) with d appended,
 * the oldest dropped past DNS_JOURNAL_MAX.  Takes d's reference.
 */
struct dns_journal *dns_journal_append(const struct dns_journal *prev,
		    struct dns_diff *d);

struct dns_journal *dns_journal_ref(const struct dns_journal *j);
/* Drops a reference; frees at the last. NULL-safe, any thread. */
void		 dns_journal_free(const struct dns_journal *j);

/*
 * Where an IXFR from serial may start in j, up to serial to: the index of
 * the difference from serial when the chain from it reaches to without a
 * gap; -1 otherwise.
 */
int		 dns_journal_find(const struct dns_journal *j, uint32_t serial,
		    uint32_t to);

#endif
