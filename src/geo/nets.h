/* SPDX-License-Identifier: MIT */
/*
 * nets.h -- the nets file: "CIDR REGION" lines mapping client networks to
 * regions, compiled into sorted, disjoint address ranges per family for a
 * longest-prefix match by binary search.
 *
 * Parsing and compiling run in the control thread; a compiled table is
 * immutable, so any number of DNS workers may look it up at once.
 */
#ifndef CN_GEO_NETS_H
#define CN_GEO_NETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GEO_REGION_NAME_MAX	32	/* [a-z0-9_-], at most this long */
#define GEO_NETS_LINE_MAX	256
#define GEO_NETS_MAX		(1u << 22)	/* prefixes per file */

struct geo_nets;

/* True if s is a valid region name. */
bool	geo_region_name_valid(const char *s);

/*
 * Parses a nets file's text (len octets; need not end in a newline) named
 * name in messages.  Regions are looked up in regions[0..nregions); a
 * line's region id is its index there.  Lines: "CIDR REGION", '#' starts
 * a comment, blank lines are skipped.  On error returns CN_EPARSE with
 * "name:line: reason" in err (errlen octets); *out is written only on
 * success and owned by the caller (geo_nets_free()).
 */
int	geo_nets_parse(const char *name, const char *text, size_t len,
	    const char *const *regions, size_t nregions,
	    struct geo_nets **out, char *err, size_t errlen);

/* Reads path and parses it as above; a read error also goes to err. */
int	geo_nets_load(const char *path, const char *const *regions,
	    size_t nregions, struct geo_nets **out, char *err, size_t errlen);

void	geo_nets_free(struct geo_nets *n);	/* NULL-safe */

/* Number of prefixes (lines) and of compiled ranges, per family. */
size_t	geo_nets_count(const struct geo_nets *n);
size_t	geo_nets_ranges(const struct geo_nets *n, int family);

/*
 * A network from another source (a MaxMind DB): [first, last] over the
 * address as a big-endian number (IPv4: its 32-bit value), the region
 * id and the length of the network's prefix (the ECS scope it gives).
 */
struct geo_span {
	unsigned __int128	first, last;
	uint16_t		region;
	uint8_t			plen;
};

/* An empty table (no prefixes), for maps with no nets file. */
struct geo_nets *geo_nets_new_empty(void);

/*
 * Adds spans s[0..n) of family (sorted, disjoint) below what n already
 * holds: an address the table covers keeps its range, the rest of each
 * span fills in.  Control thread, before the table is published.
 */
void	geo_nets_fill(struct geo_nets *n, int family,
	    const struct geo_span *s, size_t count);

/* What a lookup found. */
struct geo_match {
	unsigned	region;
	unsigned	plen;	/* the matching prefix's (network's) length */
	/*
	 * The shortest prefix of the address, at least plen long, that the
	 * match covers whole: no more specific prefix (nested in the file,
	 * or a nets prefix inside a MaxMind network) cuts into it.  The ECS
	 * scope that keeps resolvers from reusing the answer elsewhere.
	 */
	unsigned	scope;
};

/* As geo_nets_lookup(), with the scope; false when nothing covers addr. */
bool	geo_nets_match(const struct geo_nets *n, int family,
	    const uint8_t *addr, struct geo_match *m);

/*
 * Longest-prefix match of addr (4 octets for AF_INET, 16 for AF_INET6, in
 * network order): true with the region id and the matching prefix's
 * length, false when no prefix covers it.  Lock-free, allocation-free.
 */
bool	geo_nets_lookup(const struct geo_nets *n, int family,
	    const uint8_t *addr, unsigned *region, unsigned *plen);

#endif
