/* SPDX-License-Identifier: MIT */
/*
 * mmdb.h -- MaxMind DB files (GeoLite2/GeoIP2 Country or City) compiled
 * into the nets table: each network of the file's search tree whose
 * country (else continent) maps to a region becomes a range below the
 * nets file's, so a query still costs one binary search and never
 * touches the file.  Read through Debian's libmaxminddb; control thread.
 */
#ifndef CN_GEO_MMDB_H
#define CN_GEO_MMDB_H

#include <stddef.h>
#include <stdint.h>

#include "nets.h"

#define GEO_NO_REGION		0xffffu
#define GEO_CODES		(26 * 26)	/* two letters A-Z */

/* Two-letter code -> region id, GEO_NO_REGION where none is mapped. */
struct geo_mmdb_map {
	uint16_t	country[GEO_CODES];
	uint16_t	continent[GEO_CODES];
};

/* What one file gave. */
struct geo_mmdb_stats {
	size_t		networks;	/* data records in the tree */
	size_t		mapped;		/* ... with a region */
	size_t		ranges[2];	/* IPv4, IPv6 spans added */
	uint32_t	nodes;		/* search tree nodes */
};

/* Index of a two-letter code (either case) in the maps, or -1. */
int	geo_mmdb_code(const char *s, size_t len);

/*
 * Reads the MaxMind DB at path and adds its mapped networks to n below
 * what n holds (geo_nets_fill()).  Returns 0 with *st, or a cn_err with
 * "path: reason" in err; n is then unchanged.
 */
int	geo_mmdb_load(const char *path, const struct geo_mmdb_map *map,
	    struct geo_nets *n, struct geo_mmdb_stats *st, char *err,
	    size_t errlen);

#endif
