/* SPDX-License-Identifier: MIT */
/*
 * parse_geo.c -- the geo: section: regions, the nets file's name, sites
 * (each watched by a check) and the per-region answers of names.  The
 * nets file itself is read by the geo module when the daemon builds a
 * snapshot; here only its path is kept.  cp_finish_geo() runs after the
 * walk: it resolves sites' checks by id and puts each answer in its zone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "../common/err.h"
#include "conf.h"
#include "parse_int.h"

static const char *const geo_keys[] = {
	"nets", "maxmind", "countries", "continents", "regions", "sites",
	"answers", NULL
};
/* The continent codes of MaxMind databases. */
static const char *const continent_codes[] = {
	"AF", "AN", "AS", "EU", "NA", "OC", "SA", NULL
};
static const char *const site_keys[] = { "name", "check", NULL };
static const char *const answer_keys[] = {
	"name", "type", "ttl", "default", "region", NULL
};
static const char *const choice_keys[] = {
	"site", "fallback", "rdata", NULL
};

static size_t
region_find(const struct conf *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nregions; i++)
		if (strcmp(c->regions[i], name) == 0)
			return i;
	return SIZE_MAX;
}

static int
add_region(struct pctx *p, const yaml_node_t *in, const char *path,
    void *arg)
{
	struct conf *c = p->conf;
	char gotbuf[64];
	const char *s;

	(void)arg;
	if ((s = cp_scalar(p, in, path, "a region name")) == NULL)
		return CN_ECONF;
	if (!conf_region_name_valid(s))
		return cp_fail(p, in, path, "expected a region name "
		    "([a-z0-9_-], 1-32 characters, not starting with - or _), "
		    "got %s", GOT(in));
	if (region_find(c, s) != SIZE_MAX)
		return cp_fail(p, in, path, "region %s given twice", s);
	if (c->nregions >= CONF_GEO_REGIONS_MAX)
		return cp_fail(p, in, path, "more than %d regions",
		    CONF_GEO_REGIONS_MAX);
	c->regions = xrealloc(c->regions, (c->nregions + 1) *
	    sizeof(*c->regions));
	c->regions[c->nregions++] = conf_strdup(c, s);
	return 0;
}

/* cp_walk_map with no action: only checks the keys. */
static int
no_pair(struct pctx *p, const char *key, const char *path,
    const yaml_node_t *kn, const yaml_node_t *vn, void *arg)
{
	(void)p, (void)key, (void)path, (void)kn, (void)vn, (void)arg;
	return 0;
}

static int
get_sites(struct pctx *p, const yaml_node_t *vn, const char *path)
{
	const yaml_node_t **items = NULL, *kn, *vv;
	const yaml_node_pair_t *pair;
	struct conf *c = p->conf;
	char ipath[64], gotbuf[64];
	const char *name, *check;
	size_t n, i, j;
	int r;

	if ((r = cp_map_items(p, vn, path, "{ name: SITE, check: ID }",
	    CONF_GEO_SITES_MAX, &items, &n)) != 0)
		return r;
	c->sites = arena_alloc(&c->arena, (n ? n : 1) * sizeof(*c->sites));
	p->site_checks = xcalloc(n + 1, sizeof(*p->site_checks));
	for (i = 0; i < n; i++) {
		snprintf(ipath, sizeof(ipath), "%s[%zu]", path, i + 1);
		if ((r = cp_walk_map(p, items[i], ipath, site_keys, no_pair,
		    NULL)) != 0)
			goto out;
		name = check = NULL;
		for (pair = items[i]->data.mapping.pairs.start;
		    pair < items[i]->data.mapping.pairs.top; pair++) {
			kn = cp_node(p, pair->key);
			vv = cp_node(p, pair->value);
			if ((vv->type != YAML_SCALAR_NODE)) {
				r = cp_fail(p, vv, ipath, "expected a name, "
				    "got %s", GOT(vv));
				goto out;
			}
			if (strcmp((const char *)kn->data.scalar.value,
			    "name") == 0) {
				name = (const char *)vv->data.scalar.value;
				if (!conf_region_name_valid(name)) {
					r = cp_fail(p, vv, ipath, "expected a "
					    "site name ([a-z0-9_-], 1-32 "
					    "characters), got %s", GOT(vv));
					goto out;
				}
				for (j = 0; j < c->nsites; j++)
					if (strcmp(c->sites[j].name, name) ==
					    0) {
						r = cp_fail(p, vv, ipath, "site "
						    "%s given twice", name);
						goto out;
					}
			} else {
				check = (const char *)vv->data.scalar.value;
				p->site_checks[c->nsites] = vv;
			}
		}
		if (name == NULL) {
			r = cp_fail(p, items[i], ipath, "missing key 'name'");
			goto out;
		}
		(void)check;
		c->sites[c->nsites].name = conf_strdup(c, name);
		c->sites[c->nsites].check = SIZE_MAX;
		c->nsites++;
	}
	r = 0;
out:
	free(items);
	return r;
}

/* One address for rdata lists; arg is the struct conf_geo_rdata. */
struct rd_arg {
	struct conf_geo_rdata	*rd;
	int			 af;
};

/* A CNAME's one target name. */
static int
add_target(struct pctx *p, const yaml_node_t *in, const char *path,
    struct conf_geo_rdata *rd)
{
	struct conf *c = p->conf;
	char norm[1024], gotbuf[64];
	uint8_t wire[DNS_NAME_MAX], *t;
	const char *s;

	if ((s = cp_scalar(p, in, path, "a domain name")) == NULL)
		return CN_ECONF;
	if (conf_parse_domain(s, wire, norm, sizeof(norm)) != 0)
		return cp_fail(p, in, path, "expected a domain name, got %s",
		    GOT(in));
	if (rd->n > 0)
		return cp_fail(p, in, path, "a CNAME has one target");
	t = arena_alloc(&c->arena, strlen((const char *)wire) + 1);
	memcpy(t, wire, strlen((const char *)wire) + 1);
	rd->target = t;
	rd->target_text = conf_strdup(c, norm);
	rd->n = 1;
	return 0;
}

static int
add_rdata(struct pctx *p, const yaml_node_t *in, const char *path,
    void *arg)
{
	struct rd_arg *a = arg;
	struct conf_addr addr;
	char gotbuf[64];
	const char *s;

	if (a->af == 0)
		return add_target(p, in, path, a->rd);
	if ((s = cp_scalar(p, in, path, "an address")) == NULL)
		return CN_ECONF;
	if (conf_parse_addr(s, &addr) != 0 || addr.af != a->af)
		return cp_fail(p, in, path, "expected an %s address, got %s",
		    a->af == AF_INET ? "IPv4" : "IPv6", GOT(in));
	if (a->rd->n >= CONF_GEO_RDATA_MAX)
		return cp_fail(p, in, path, "more than %d addresses",
		    CONF_GEO_RDATA_MAX);
	a->rd->addr[a->rd->n++] = addr;
	return 0;
}

static int
get_rdata(struct pctx *p, const yaml_node_t *vn, const char *path, int af,
    struct conf_geo_rdata *rd)
{
	struct rd_arg a = { rd, af };
	int r;

	rd->addr = arena_alloc(&p->conf->arena, CONF_GEO_RDATA_MAX *
	    sizeof(*rd->addr));
	rd->n = 0;
	if ((r = cp_walk_list(p, vn, path, af == 0 ? "a domain name" :
	    "addresses", add_rdata, &a)) != 0)
		return r;
	if (rd->n == 0)
		return cp_fail(p, vn, path, af == 0 ? "expected a domain name" :
		    "expected at least one address");
	return 0;
}

static const yaml_node_t *
map_get(struct pctx *p, const yaml_node_t *map, const char *key)
{
	const yaml_node_pair_t *pair;
	const yaml_node_t *kn;

	for (pair = map->data.mapping.pairs.start;
	    pair < map->data.mapping.pairs.top; pair++) {
		kn = cp_node(p, pair->key);
		if (kn != NULL && kn->type == YAML_SCALAR_NODE &&
		    strcmp((const char *)kn->data.scalar.value, key) == 0)
			return cp_node(p, pair->value);
	}
	return NULL;
}

struct fb_arg {
	struct conf_geo_choice	*ch;
	size_t			 self;
};

static int
add_fallback(struct pctx *p, const yaml_node_t *in, const char *path,
    void *arg)
{
	struct fb_arg *a = arg;
	struct conf *c = p->conf;
	char gotbuf[64];
	const char *s;
	size_t r, i;

	if ((s = cp_scalar(p, in, path, "a region name")) == NULL)
		return CN_ECONF;
	if ((r = region_find(c, s)) == SIZE_MAX)
		return cp_fail(p, in, path, "unknown region %s", GOT(in));
	if (r == a->self)
		return cp_fail(p, in, path, "region %s falls back to itself",
		    s);
	for (i = 0; i < a->ch->nfallback; i++)
		if (a->ch->fallback[i] == r)
			return cp_fail(p, in, path, "region %s given twice",
			    s);
	a->ch->fallback[a->ch->nfallback++] = r;
	return 0;
}

static int
get_choice(struct pctx *p, const yaml_node_t *vn, const char *path,
    size_t self, int af, struct conf_geo_choice *ch)
{
	struct conf *c = p->conf;
	const yaml_node_t *v;
	struct fb_arg fa = { ch, self };
	char kp[192], gotbuf[64];
	const char *s;
	size_t i;
	int r;

	if ((r = cp_walk_map(p, vn, path, choice_keys, no_pair, NULL)) != 0)
		return r;
	ch->set = true;
	ch->site = SIZE_MAX;
	if ((v = map_get(p, vn, "site")) != NULL) {
		snprintf(kp, sizeof(kp), "%s.site", path);
		if ((s = cp_scalar(p, v, kp, "a site name")) == NULL)
			return CN_ECONF;
		for (i = 0; i < c->nsites; i++)
			if (strcmp(c->sites[i].name, s) == 0)
				break;
		if (i == c->nsites)
			return cp_fail(p, v, kp, "unknown site %s (geo.sites "
			    "must come first)", GOT(v));
		ch->site = i;
	}
	ch->fallback = arena_alloc(&c->arena, (c->nregions + 1) *
	    sizeof(*ch->fallback));
	if ((v = map_get(p, vn, "fallback")) != NULL) {
		snprintf(kp, sizeof(kp), "%s.fallback", path);
		if ((r = cp_walk_list(p, v, kp, "region names", add_fallback,
		    &fa)) != 0)
			return r;
	}
	if ((v = map_get(p, vn, "rdata")) == NULL)
		return cp_fail(p, vn, path, "missing key 'rdata'");
	snprintf(kp, sizeof(kp), "%s.rdata", path);
	return get_rdata(p, v, kp, af, &ch->rdata);
}

/* A CNAME answer that points at its own name would loop. */
static int
cname_loops(struct pctx *p, const yaml_node_t *an, const char *path,
    const struct conf_geo_answer *a)
{
	size_t j;

	if (strcmp((const char *)a->def.target, (const char *)a->name) == 0)
		return cp_fail(p, an, path, "%s CNAME points at itself",
		    a->name_text);
	for (j = 0; j < p->conf->nregions; j++)
		if (a->region[j].set && strcmp((const char *)
		    a->region[j].rdata.target, (const char *)a->name) == 0)
			return cp_fail(p, an, path, "%s CNAME points at itself "
			    "(region %s)", a->name_text, p->conf->regions[j]);
	return 0;
}

static int
add_answer(struct pctx *p, const yaml_node_t *an, const char *path)
{
	struct conf *c = p->conf;
	struct conf_geo_answer *a = &c->answers[c->nanswers];
	const yaml_node_t *v, *kn, *vv;
	const yaml_node_pair_t *pair;
	char kp[128], norm[1024], gotbuf[64];
	const char *s;
	unsigned long ttl;
	size_t i, reg;
	int r, af;

	if ((r = cp_walk_map(p, an, path, answer_keys, no_pair, NULL)) != 0)
		return r;
	if ((v = map_get(p, an, "name")) == NULL)
		return cp_fail(p, an, path, "missing key 'name'");
	snprintf(kp, sizeof(kp), "%s.name", path);
	if ((s = cp_scalar(p, v, kp, "a domain name")) == NULL)
		return CN_ECONF;
	if (conf_parse_domain(s, a->name, norm, sizeof(norm)) != 0)
		return cp_fail(p, v, kp, "expected a domain name, got %s",
		    GOT(v));
	a->name_text = conf_strdup(c, norm);
	p->answer_names[c->nanswers] = v;
	if ((v = map_get(p, an, "type")) == NULL)
		return cp_fail(p, an, path, "missing key 'type'");
	snprintf(kp, sizeof(kp), "%s.type", path);
	if ((s = cp_scalar(p, v, kp, "A, AAAA or CNAME")) == NULL)
		return CN_ECONF;
	if (strcasecmp(s, "A") == 0) {
		a->type = DNS_TYPE_A;
		af = AF_INET;
	} else if (strcasecmp(s, "AAAA") == 0) {
		a->type = DNS_TYPE_AAAA;
		af = AF_INET6;
	} else if (strcasecmp(s, "CNAME") == 0) {
		a->type = DNS_TYPE_CNAME;
		af = 0;
	} else
		return cp_fail(p, v, kp, "expected A, AAAA or CNAME, got %s",
		    GOT(v));
	for (i = 0; i < c->nanswers; i++) {
		const struct conf_geo_answer *o = &c->answers[i];

		if (strcmp(o->name_text, a->name_text) != 0)
			continue;
		if (o->type == a->type)
			return cp_fail(p, p->answer_names[c->nanswers], path,
			    "%s %s given twice", a->name_text, s);
		/* RFC 1034 3.6.2: a CNAME is the only data at its name. */
		if (o->type == DNS_TYPE_CNAME || a->type == DNS_TYPE_CNAME)
			return cp_fail(p, p->answer_names[c->nanswers], path,
			    "%s has a CNAME answer and another type: a CNAME "
			    "must be the only data at its name", a->name_text);
	}
	a->ttl = CONF_GEO_TTL_DEFAULT;
	if ((v = map_get(p, an, "ttl")) != NULL) {
		snprintf(kp, sizeof(kp), "%s.ttl", path);
		if ((r = cp_get_uint(p, v, kp, 0, 2147483647, &ttl)) != 0)
			return r;
		a->ttl = (uint32_t)ttl;
	}
	if ((v = map_get(p, an, "default")) == NULL)
		return cp_fail(p, an, path, "missing key 'default'");
	snprintf(kp, sizeof(kp), "%s.default", path);
	if ((r = get_rdata(p, v, kp, af, &a->def)) != 0)
		return r;
	a->region = arena_alloc(&c->arena, (c->nregions + 1) *
	    sizeof(*a->region));
	memset(a->region, 0, (c->nregions + 1) * sizeof(*a->region));
	if ((v = map_get(p, an, "region")) != NULL) {
		snprintf(kp, sizeof(kp), "%s.region", path);
		if (v->type != YAML_MAPPING_NODE)
			return cp_fail(p, v, kp, "expected a mapping of "
			    "region names, got %s", GOT(v));
		for (pair = v->data.mapping.pairs.start;
		    pair < v->data.mapping.pairs.top; pair++) {
			kn = cp_node(p, pair->key);
			vv = cp_node(p, pair->value);
			if (kn == NULL || vv == NULL)
				return cp_fail(p, v, kp, "broken YAML node");
			if ((s = cp_scalar(p, kn, kp, "a region name")) ==
			    NULL)
				return CN_ECONF;
			snprintf(kp, sizeof(kp), "%s.region.%s", path, s);
			if ((reg = region_find(c, s)) == SIZE_MAX)
				return cp_fail(p, kn, kp, "unknown region "
				    "(geo.regions must come first)");
			if (a->region[reg].set)
				return cp_fail(p, kn, kp, "region given "
				    "twice");
			if ((r = get_choice(p, vv, kp, reg, af,
			    &a->region[reg])) != 0)
				return r;
		}
		/* Fallbacks name regions that answer here themselves. */
		for (reg = 0; reg < c->nregions; reg++) {
			struct conf_geo_choice *ch = &a->region[reg];

			for (i = 0; ch->set && i < ch->nfallback; i++) {
				if (a->region[ch->fallback[i]].set)
					continue;
				snprintf(kp, sizeof(kp), "%s.region.%s."
				    "fallback", path, c->regions[reg]);
				return cp_fail(p, v, kp, "region %s has no "
				    "answer of its own here",
				    c->regions[ch->fallback[i]]);
			}
		}
	}
	if (a->type == DNS_TYPE_CNAME && (r = cname_loops(p, an, path, a)) != 0)
		return r;
	c->nanswers++;
	return 0;
}

/* A file name relative to the config file's directory. */
static const char *
beside(struct pctx *p, const char *s)
{
	size_t dlen, flen;
	char *abs;

	if (s[0] == '/' || p->dir[0] == '\0')
		return s;
	dlen = strlen(p->dir);
	flen = strlen(s);
	abs = arena_alloc(&p->conf->arena, dlen + flen + 2);
	memcpy(abs, p->dir, dlen);
	abs[dlen] = '/';
	memcpy(abs + dlen + 1, s, flen + 1);
	return abs;
}

static int
add_mmdb(struct pctx *p, const yaml_node_t *in, const char *path,
    void *arg)
{
	struct conf *c = p->conf;
	char gotbuf[64];
	const char *s;
	size_t i;

	(void)arg;
	if ((s = cp_scalar(p, in, path, "a file name")) == NULL)
		return CN_ECONF;
	if (*s == '\0')
		return cp_fail(p, in, path, "expected a file name");
	for (i = 0; i < c->ngeo_mmdb; i++)
		if (strcmp(c->geo_mmdb[i], s) == 0)
			return cp_fail(p, in, path, "file %s given twice",
			    GOT(in));
	if (c->ngeo_mmdb >= CONF_GEO_MMDB_MAX)
		return cp_fail(p, in, path, "more than %d files",
		    CONF_GEO_MMDB_MAX);
	c->geo_mmdb[c->ngeo_mmdb] = conf_strdup(c, s);
	c->geo_mmdb_path[c->ngeo_mmdb] = beside(p, c->geo_mmdb[c->ngeo_mmdb]);
	c->ngeo_mmdb++;
	return 0;
}

/*
 * geo.countries or geo.continents (what names it): CODE: REGION pairs
 * into *out.  Codes are two letters, any case, kept uppercase; continent
 * codes are MaxMind's seven.
 */
static int
get_codes(struct pctx *p, const yaml_node_t *map, const char *what,
    struct conf_geo_code **out, size_t *nout)
{
	struct conf *c = p->conf;
	const yaml_node_pair_t *pair;
	const yaml_node_t *kn, *vn;
	struct conf_geo_code *codes;
	char kp[64], gotbuf[64], code[3];
	const char *k, *v;
	size_t n, i, reg;
	bool cont = strcmp(what, "geo.continents") == 0;

	n = (size_t)(map->data.mapping.pairs.top -
	    map->data.mapping.pairs.start);
	codes = arena_alloc(&c->arena, (n ? n : 1) * sizeof(*codes));
	*nout = 0;
	for (pair = map->data.mapping.pairs.start;
	    pair < map->data.mapping.pairs.top; pair++) {
		kn = cp_node(p, pair->key);
		vn = cp_node(p, pair->value);
		if (kn == NULL || vn == NULL)
			return cp_fail(p, map, what, "broken YAML node");
		if ((k = cp_scalar(p, kn, what, "a code")) == NULL)
			return CN_ECONF;
		snprintf(kp, sizeof(kp), "%s.%.8s", what, k);
		if (strlen(k) != 2 || !((k[0] | 0x20) >= 'a' &&
		    (k[0] | 0x20) <= 'z') || !((k[1] | 0x20) >= 'a' &&
		    (k[1] | 0x20) <= 'z'))
			return cp_fail(p, kn, what, "expected a two-letter %s, "
			    "got %s", cont ? "continent code" :
			    "country code (ISO 3166-1 alpha-2)", GOT(kn));
		code[0] = (char)(k[0] & ~0x20);
		code[1] = (char)(k[1] & ~0x20);
		code[2] = '\0';
		if (cont) {
			for (i = 0; continent_codes[i] != NULL; i++)
				if (strcmp(continent_codes[i], code) == 0)
					break;
			if (continent_codes[i] == NULL)
				return cp_fail(p, kn, kp, "unknown continent "
				    "code (AF AN AS EU NA OC SA)");
		}
		for (i = 0; i < *nout; i++)
			if (strcmp(codes[i].code, code) == 0)
				return cp_fail(p, kn, kp, "code %s given twice",
				    code);
		if ((v = cp_scalar(p, vn, kp, "a region name")) == NULL)
			return CN_ECONF;
		if ((reg = region_find(c, v)) == SIZE_MAX)
			return cp_fail(p, vn, kp, "unknown region %s",
			    GOT(vn));
		memcpy(codes[*nout].code, code, 3);
		codes[*nout].region = reg;
		(*nout)++;
	}
	*out = codes;
	return 0;
}

static int
geo_pair(struct pctx *p, const char *key, const char *path,
    const yaml_node_t *kn, const yaml_node_t *vn, void *arg)
{
	struct conf *c = p->conf;
	const yaml_node_t **items = NULL;
	char ipath[64];
	char gotbuf[64];
	const char *s;
	size_t n, i;
	int r = 0;

	(void)kn, (void)arg;
	if (strcmp(key, "nets") == 0) {
		if ((s = cp_scalar(p, vn, path, "a file name")) == NULL)
			return CN_ECONF;
		if (*s == '\0')
			return cp_fail(p, vn, path, "expected a file name");
		c->geo_nets = conf_strdup(c, s);
		c->geo_nets_path = beside(p, c->geo_nets);
		return 0;
	}
	if (strcmp(key, "maxmind") == 0) {
		c->geo_mmdb = arena_alloc(&c->arena, CONF_GEO_MMDB_MAX *
		    sizeof(*c->geo_mmdb));
		c->geo_mmdb_path = arena_alloc(&c->arena, CONF_GEO_MMDB_MAX *
		    sizeof(*c->geo_mmdb_path));
		if ((r = cp_walk_list(p, vn, path, "file names", add_mmdb,
		    NULL)) != 0)
			return r;
		if (c->ngeo_mmdb == 0)
			return cp_fail(p, vn, path, "expected at least one "
			    "file name");
		return 0;
	}
	if (strcmp(key, "countries") == 0 || strcmp(key, "continents") == 0) {
		/* Resolved after the walk, once geo.regions is known. */
		if (vn->type != YAML_MAPPING_NODE)
			return cp_fail(p, vn, path, "expected a mapping of "
			    "codes to regions, got %s", GOT(vn));
		if (strcmp(key, "countries") == 0)
			p->geo_countries = vn;
		else
			p->geo_continents = vn;
		return 0;
	}
	if (strcmp(key, "regions") == 0)
		return cp_walk_list(p, vn, path, "region names", add_region,
		    NULL);
	if (strcmp(key, "sites") == 0)
		return get_sites(p, vn, path);
	/* answers */
	if ((r = cp_map_items(p, vn, path, "answers", CONF_GEO_ANSWERS_MAX,
	    &items, &n)) != 0)
		return r;
	c->answers = arena_alloc(&c->arena, (n ? n : 1) *
	    sizeof(*c->answers));
	memset(c->answers, 0, (n ? n : 1) * sizeof(*c->answers));
	p->answer_names = xcalloc(n + 1, sizeof(*p->answer_names));
	for (i = 0; i < n && r == 0; i++) {
		snprintf(ipath, sizeof(ipath), "%s[%zu]", path, i + 1);
		r = add_answer(p, items[i], ipath);
	}
	free(items);
	return r;
}

int
cp_get_geo(struct pctx *p, const yaml_node_t *vn, const char *path)
{
	struct conf *c = p->conf;
	int r;

	if ((r = cp_walk_map(p, vn, path, geo_keys, geo_pair, NULL)) != 0)
		return r;
	c->geo_set = true;
	if (c->nregions == 0)
		return cp_fail(p, vn, path, "missing key 'regions'");
	if (c->geo_nets == NULL && c->ngeo_mmdb == 0)
		return cp_fail(p, vn, path, "missing key 'nets' (or "
		    "'maxmind')");
	if (p->geo_countries != NULL && (r = get_codes(p, p->geo_countries,
	    "geo.countries", &c->countries, &c->ncountries)) != 0)
		return r;
	if (p->geo_continents != NULL && (r = get_codes(p,
	    p->geo_continents, "geo.continents", &c->continents,
	    &c->ncontinents)) != 0)
		return r;
	if (c->ngeo_mmdb > 0 && c->ncountries + c->ncontinents == 0)
		return cp_fail(p, vn, path, "'maxmind' needs 'countries' or "
		    "'continents' to map to regions");
	if (c->ngeo_mmdb == 0 && (p->geo_countries || p->geo_continents))
		return cp_fail(p, p->geo_countries ? p->geo_countries :
		    p->geo_continents, path, "countries and continents need "
		    "'maxmind' files");
	return 0;
}

/* True if wire name n lies at or below wire name apex. */
static bool
name_below(const uint8_t *n, const uint8_t *apex)
{
	size_t nl = strlen((const char *)n) + 1, al;
	size_t off = 0;

	al = strlen((const char *)apex) + 1;
	while (nl - off >= al) {
		if (nl - off == al && memcmp(n + off, apex, al) == 0)
			return true;
		if (n[off] == 0)
			break;
		off += 1u + n[off];
	}
	return false;
}

int
cp_finish_geo(struct pctx *p)
{
	struct conf *c = p->conf;
	const char *id;
	size_t i, j, best;

	if (!c->geo_set)
		return 0;
	for (i = 0; i < c->nsites; i++) {
		if (p->site_checks[i] == NULL)
			continue;
		id = (const char *)p->site_checks[i]->data.scalar.value;
		for (j = 0; j < c->nchecks; j++)
			if (strcmp(c->checks[j].id, id) == 0)
				break;
		if (j == c->nchecks)
			return cp_fail(p, p->site_checks[i], "geo.sites",
			    "site %s: no check with id %s", c->sites[i].name,
			    id);
		c->sites[i].check = j;
	}
	for (i = 0; i < c->nanswers; i++) {
		struct conf_geo_answer *a = &c->answers[i];
		size_t blen = 0;

		best = SIZE_MAX;
		for (j = 0; j < c->nzones; j++) {
			size_t l = strlen((const char *)c->zones[j].apex);

			if (name_below(a->name, c->zones[j].apex) &&
			    (best == SIZE_MAX || l > blen)) {
				best = j;
				blen = l;
			}
		}
		if (best == SIZE_MAX)
			return cp_fail(p, p->answer_names[i], "geo.answers",
			    "%s is in no zone of zone:", a->name_text);
		/* The apex has SOA and NS: no CNAME beside them. */
		if (a->type == DNS_TYPE_CNAME && strcmp((const char *)a->name,
		    (const char *)c->zones[best].apex) == 0)
			return cp_fail(p, p->answer_names[i], "geo.answers",
			    "%s CNAME at the apex of zone %s", a->name_text,
			    c->zones[best].domain);
		a->zone = best;
	}
	return 0;
}
