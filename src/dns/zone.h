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
void		 dns_zone_free(struct dns_zone *zone);

const uint8_t	*dns_zone_apex(const struct dns_zone *zone);
uint32_t	 dns_zone_serial(const struct dns_zone *zone);
size_t		 dns_zone_rr_count(const struct dns_zone *zone);
size_t		 dns_zone_memory(const struct dns_zone *zone);

/* The set of zones one snapshot serves. */
struct dns_db	*dns_db_new(void);
/* Takes ownership of zone; CN_EEXIST if its apex is already there. */
int		 dns_db_add_zone(struct dns_db *db, struct dns_zone *zone);
/* The zone whose apex is the longest match for name, or NULL. */
const struct dns_zone *dns_db_find_zone(const struct dns_db *db,
		    const uint8_t *name);
size_t		 dns_db_zone_count(const struct dns_db *db);
/* Frees the set and every zone in it. */
void		 dns_db_free(struct dns_db *db);

#endif
