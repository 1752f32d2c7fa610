/* SPDX-License-Identifier: MIT */
/*
 * geo.h -- answers by client location: the compiled form of the config's
 * geo: section (regions, the nets file, sites and per-region answers) and
 * the per-query choice of an answer.
 *
 * A geo map is built in the control thread with each snapshot and is then
 * immutable but for one byte per site, its health, which the control
 * thread stores and DNS workers load atomically (relaxed: a worker that
 * sees a change one query late is fine).  geo_map_select() takes no lock
 * and allocates nothing.  The map does not know DNS messages: the daemon
 * adapts it to the answer code's hook (dns/answer.h).
 */
#ifndef CN_GEO_GEO_H
#define CN_GEO_GEO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../conf/conf.h"

struct geo_map;

/* What one query's location gave. */
struct geo_choice {
	const uint8_t	*rdata;		/* count RDATAs: [len16][octets] each */
	uint16_t	 count;
	uint16_t	 type;		/* qtype, or CNAME (one target) */
	uint32_t	 ttl;
	uint8_t		 scope;		/* prefix length the answer is for */
	int		 region;	/* the region that answered; -1 default */
	int		 client;	/* the client's region; -1 none */
	unsigned	 cell;		/* geo_map_cell(client, region) */
};

/*
 * Compiles conf's geo: section, reading the nets file and the MaxMind
 * DBs (compiled below the nets file's prefixes).  Returns 0 with
 * *out (NULL when conf has no geo: section), or a cn_err with the reason
 * ("nets.txt:3: host bits set: ...") in err.  Sites start up.
 */
int	geo_map_new(const struct conf *conf, struct geo_map **out, char *err,
	    size_t errlen);
void	geo_map_free(struct geo_map *m);	/* NULL-safe */

/* Control thread: every site watched by check id is now up or not. */
void	geo_map_check_set(struct geo_map *m, const char *id, bool up);
/* A site's state, by index into conf->sites (tests, status). */
bool	geo_map_site_up(const struct geo_map *m, size_t site);
/* Prefixes in the nets file. */
size_t	geo_map_nets_count(const struct geo_map *m);
/* MaxMind DB networks mapped to a region, all files together. */
size_t	geo_map_mmdb_networks(const struct geo_map *m);
/* Compiled ranges of family (nets file and MaxMind DBs together). */
size_t	geo_map_ranges(const struct geo_map *m, int family);

/*
 * One line for the log: "3 regions, 4 prefixes from FILE, N networks from
 * 1 MaxMind DB, 2 answers" (the parts configured).
 */
void	geo_map_summary(const struct geo_map *m, char *buf, size_t len);

/*
 * Answers given are counted by the caller (per worker) in an array of
 * geo_map_cells() counters: one cell per pair of the client's region (or
 * none, -1) and the region whose answer it got (or the default, -1).
 */
size_t	geo_map_cells(const struct geo_map *m);
unsigned geo_map_cell(const struct geo_map *m, int client, int region);
/*
 * The region whose answer clients of region get now for answer (indexes
 * into conf->answers and conf->regions): region itself while its site is
 * up, else the first fallback whose site is, else -1 (the default; also
 * when region has no entry for the answer).  Control thread (status).
 */
int	geo_map_route(const struct geo_map *m, size_t answer, size_t region);

/* True if zone (index into conf->zones) uses ECS. */
bool	geo_map_zone_ecs(const struct geo_map *m, size_t zone);

/*
 * The answer for lowercase wire name lname, type qtype in zone, for a
 * client at addr (4 or 16 octets by family) of which len bits are known:
 * false when the name and type have no geo answer.  A CNAME answer
 * answers every qtype (out->type says which one it is).  Region by longest
 * prefix match in the nets file, else the MaxMind DBs' network; the region's answer while its site is
 * up, else the first of its fallbacks whose site is up, else the default;
 * an address in no region gets the default.  Any worker thread.
 */
bool	geo_map_select(const struct geo_map *m, size_t zone,
	    const uint8_t *lname, uint16_t qtype, int family,
	    const uint8_t *addr, unsigned len, struct geo_choice *out);

#endif
