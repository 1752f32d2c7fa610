/* SPDX-License-Identifier: MIT */
/*
 * select.c -- the geo map: answers compiled from the config into wire
 * RDATA, per zone, and the choice of one by region and site health.
 *
 * A query first asks whether its zone has geo answers at all (one array
 * read), so zones without them pay nothing more; within a zone the
 * answers are few and compared by length, type and octets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../common/err.h"
#include "../common/mem.h"
#include "geo.h"
#include "mmdb.h"
#include "nets.h"

struct gchoice {
	bool		 set;
	size_t		 site;		/* SIZE_MAX: always up */
	const size_t	*fallback;
	size_t		 nfallback;
	uint8_t		*rdata;
	uint16_t	 count;
};

struct ganswer {
	uint8_t		 name[DNS_NAME_MAX];
	size_t		 namelen;
	size_t		 zone;
	uint16_t	 type;
	uint32_t	 ttl;
	struct gchoice	 def;
	struct gchoice	*region;	/* nregions */
};

struct geo_map {
	const struct conf	*conf;		/* borrowed: the snapshot's */
	struct geo_nets		*nets;		/* nets file, then MaxMind */
	size_t			 mmdb_networks;	/* mapped to a region */
	size_t			 nregions;
	uint8_t			*site_up;	/* atomic bytes, nsites */
	size_t			 nsites;
	struct ganswer		*answers;
	size_t			 nanswers;
	uint32_t		*zone_answers;	/* count per zone */
	bool			*zone_ecs;
	size_t			 nzones;
};

/*
 * Wire RDATA for a list of addresses, or a CNAME's target: [len16][octets]
 * each.
 */
static uint8_t *
pack(const struct conf_geo_rdata *rd, uint16_t type, uint16_t *count)
{
	size_t alen = type == DNS_TYPE_A ? 4 : 16, i;
	uint8_t *p, *q;

	if (type == DNS_TYPE_CNAME) {
		alen = strlen((const char *)rd->target) + 1;
		p = xcalloc(1, 2 + alen);
		p[0] = 0;
		p[1] = (uint8_t)alen;
		memcpy(p + 2, rd->target, alen);
		*count = 1;
		return p;
	}

	p = q = xcalloc(rd->n ? rd->n : 1, 2 + alen);
	for (i = 0; i < rd->n; i++) {
		q[0] = 0;
		q[1] = (uint8_t)alen;
		memcpy(q + 2, rd->addr[i].addr, alen);
		q += 2 + alen;
	}
	*count = (uint16_t)rd->n;
	return p;
}

/* The nets file, then each MaxMind DB below it, in the config's order. */
static int
load_nets(struct geo_map *m, const struct conf *conf, char *err,
    size_t errlen)
{
	struct geo_mmdb_map map;
	struct geo_mmdb_stats st;
	size_t i;
	int r, k;

	if (conf->geo_nets_path != NULL)
		r = geo_nets_load(conf->geo_nets_path, conf->regions,
		    conf->nregions, &m->nets, err, errlen);
	else {
		m->nets = geo_nets_new_empty();
		r = 0;
	}
	if (r != 0 || conf->ngeo_mmdb == 0)
		return r;
	for (i = 0; i < GEO_CODES; i++)
		map.country[i] = map.continent[i] = GEO_NO_REGION;
	for (i = 0; i < conf->ncountries; i++)
		if ((k = geo_mmdb_code(conf->countries[i].code, 2)) >= 0)
			map.country[k] = (uint16_t)conf->countries[i].region;
	for (i = 0; i < conf->ncontinents; i++)
		if ((k = geo_mmdb_code(conf->continents[i].code, 2)) >= 0)
			map.continent[k] =
			    (uint16_t)conf->continents[i].region;
	for (i = 0; i < conf->ngeo_mmdb; i++) {
		if ((r = geo_mmdb_load(conf->geo_mmdb_path[i], &map, m->nets,
		    &st, err, errlen)) != 0)
			return r;
		m->mmdb_networks += st.mapped;
	}
	return 0;
}

int
geo_map_new(const struct conf *conf, struct geo_map **out, char *err,
    size_t errlen)
{
	struct geo_map *m;
	size_t i, j;
	int r;

	if (!conf->geo_set) {
		*out = NULL;
		return 0;
	}
	m = xcalloc(1, sizeof(*m));
	m->conf = conf;
	if ((r = load_nets(m, conf, err, errlen)) != 0) {
		geo_map_free(m);
		return r;
	}
	m->nregions = conf->nregions;
	m->nsites = conf->nsites;
	m->site_up = xcalloc(m->nsites + 1, 1);
	memset(m->site_up, 1, m->nsites);
	m->nzones = conf->nzones;
	m->zone_answers = xcalloc(m->nzones + 1, sizeof(*m->zone_answers));
	m->zone_ecs = xcalloc(m->nzones + 1, sizeof(*m->zone_ecs));
	for (i = 0; i < conf->nzones; i++)
		m->zone_ecs[i] = conf->zones[i].ecs;
	m->nanswers = conf->nanswers;
	m->answers = xcalloc(m->nanswers + 1, sizeof(*m->answers));
	for (i = 0; i < conf->nanswers; i++) {
		const struct conf_geo_answer *ca = &conf->answers[i];
		struct ganswer *a = &m->answers[i];

		a->namelen = strlen((const char *)ca->name) + 1;
		memcpy(a->name, ca->name, a->namelen);
		a->zone = ca->zone;
		a->type = ca->type;
		a->ttl = ca->ttl;
		a->def.set = true;
		a->def.site = SIZE_MAX;
		a->def.rdata = pack(&ca->def, ca->type, &a->def.count);
		a->region = xcalloc(m->nregions + 1, sizeof(*a->region));
		for (j = 0; j < m->nregions; j++) {
			const struct conf_geo_choice *cc = &ca->region[j];
			struct gchoice *g = &a->region[j];

			if (!cc->set)
				continue;
			g->set = true;
			g->site = cc->site;
			g->fallback = cc->fallback;
			g->nfallback = cc->nfallback;
			g->rdata = pack(&cc->rdata, ca->type, &g->count);
		}
		m->zone_answers[ca->zone]++;
	}
	*out = m;
	return 0;
}

void
geo_map_free(struct geo_map *m)
{
	size_t i, j;

	if (m == NULL)
		return;
	for (i = 0; i < m->nanswers; i++) {
		free(m->answers[i].def.rdata);
		for (j = 0; m->answers[i].region != NULL && j < m->nregions;
		    j++)
			free(m->answers[i].region[j].rdata);
		free(m->answers[i].region);
	}
	free(m->answers);
	free(m->zone_answers);
	free(m->zone_ecs);
	free(m->site_up);
	geo_nets_free(m->nets);
	free(m);
}

void
geo_map_check_set(struct geo_map *m, const char *id, bool up)
{
	const struct conf *c = m->conf;
	size_t i;

	for (i = 0; i < m->nsites; i++)
		if (c->sites[i].check != SIZE_MAX &&
		    strcmp(c->checks[c->sites[i].check].id, id) == 0)
			__atomic_store_n(&m->site_up[i], (uint8_t)up,
			    __ATOMIC_RELAXED);
}

bool
geo_map_site_up(const struct geo_map *m, size_t site)
{
	return site >= m->nsites ||
	    __atomic_load_n(&m->site_up[site], __ATOMIC_RELAXED) != 0;
}

size_t
geo_map_nets_count(const struct geo_map *m)
{
	return geo_nets_count(m->nets);
}

size_t
geo_map_mmdb_networks(const struct geo_map *m)
{
	return m->mmdb_networks;
}

size_t
geo_map_ranges(const struct geo_map *m, int family)
{
	return geo_nets_ranges(m->nets, family);
}

void
geo_map_summary(const struct geo_map *m, char *buf, size_t len)
{
	const struct conf *c = m->conf;
	size_t off = 0;

	off += (size_t)snprintf(buf, len, "%zu regions", c->nregions);
	if (c->geo_nets_path != NULL && off < len)
		off += (size_t)snprintf(buf + off, len - off, ", %zu prefixes "
		    "from %s", geo_nets_count(m->nets), c->geo_nets_path);
	if (c->ngeo_mmdb > 0 && off < len)
		off += (size_t)snprintf(buf + off, len - off, ", %zu networks "
		    "from %zu MaxMind DB%s", m->mmdb_networks, c->ngeo_mmdb,
		    c->ngeo_mmdb == 1 ? "" : "s");
	if (off < len)
		snprintf(buf + off, len - off, ", %zu answers", c->nanswers);
}

size_t
geo_map_cells(const struct geo_map *m)
{
	return (m->nregions + 1) * (m->nregions + 1);
}

unsigned
geo_map_cell(const struct geo_map *m, int client, int region)
{
	return (unsigned)((size_t)(client + 1) * (m->nregions + 1) +
	    (size_t)(region + 1));
}

bool
geo_map_zone_ecs(const struct geo_map *m, size_t zone)
{
	return zone < m->nzones && m->zone_ecs[zone];
}

static const struct gchoice *
choose(const struct geo_map *m, const struct ganswer *a, unsigned region,
    int *used)
{
	const struct gchoice *g = &a->region[region];
	size_t i;

	if (!g->set)
		return NULL;
	if (geo_map_site_up(m, g->site)) {
		*used = (int)region;
		return g;
	}
	for (i = 0; i < g->nfallback; i++) {
		const struct gchoice *f = &a->region[g->fallback[i]];

		if (f->set && geo_map_site_up(m, f->site)) {
			*used = (int)g->fallback[i];
			return f;
		}
	}
	return NULL;
}

int
geo_map_route(const struct geo_map *m, size_t answer, size_t region)
{
	int used = -1;

	if (answer < m->nanswers && region < m->nregions)
		(void)choose(m, &m->answers[answer], (unsigned)region, &used);
	return used;
}

bool
geo_map_select(const struct geo_map *m, size_t zone, const uint8_t *lname,
    uint16_t qtype, int family, const uint8_t *addr, unsigned len,
    struct geo_choice *out)
{
	const struct ganswer *a = NULL;
	const struct gchoice *g = NULL;
	struct geo_match gm;
	size_t i, nlen;
	int used = -1, client = -1;

	if (zone >= m->nzones || m->zone_answers[zone] == 0)
		return false;
	nlen = strlen((const char *)lname) + 1;
	for (i = 0; i < m->nanswers; i++) {
		/* A CNAME answers every type (RFC 1034 3.6.2). */
		if ((m->answers[i].type == qtype ||
		    m->answers[i].type == DNS_TYPE_CNAME) &&
		    m->answers[i].namelen == nlen &&
		    m->answers[i].zone == zone &&
		    memcmp(m->answers[i].name, lname, nlen) == 0) {
			a = &m->answers[i];
			break;
		}
	}
	if (a == NULL)
		return false;
	/*
	 * RFC 7871 7.2.1: the scope is the length of the nets entry (or DB
	 * network) that decided, longer where a more specific one nested in
	 * it would answer otherwise, and never more than what we were given
	 * to look at; an address in no entry is answered for its whole
	 * given prefix.
	 */
	out->scope = (uint8_t)len;
	if (geo_nets_match(m->nets, family, addr, &gm)) {
		out->scope = (uint8_t)(gm.scope < len ? gm.scope : len);
		if (gm.region < m->nregions) {
			client = (int)gm.region;
			g = choose(m, a, gm.region, &used);
		}
	}
	if (g == NULL)
		g = &a->def;
	out->rdata = g->rdata;
	out->count = g->count;
	out->type = a->type;
	out->ttl = a->ttl;
	out->region = used;
	out->client = client;
	out->cell = geo_map_cell(m, client, used);
	return true;
}
