/* SPDX-License-Identifier: MIT */
/*
 * parse_int.h -- what the parts of the config parser share: the walk's
 * context and its helpers (parse.c), the bgp:/anycast: sections
 * (parse_bgp.c) and the check:/health: sections with anycast[].checks
 * (parse_health.c).  Internal to src/conf; nothing outside includes it.
 */
#ifndef CN_CONF_PARSE_INT_H
#define CN_CONF_PARSE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "conf.h"

/* A warning, text in the conf's arena, kept in file order. */
struct pwarn {
	size_t		 line, col;
	const char	*text;
};

/* Where a peer's values were written, for checks after the walk. */
struct peer_acc {
	const yaml_node_t	*node, *address, *name, *remote_as;
	const yaml_node_t	*local_pref, *prepend, *prefixes;
	const yaml_node_t	*connect_retry, *local_address;
	char			 path[32];
};

/* Where an anycast prefix's values were written. */
struct anycast_acc {
	const yaml_node_t	*prepend, *checks;
};

/* A key named by a zone's transfer entry: resolved after the walk. */
struct keyref {
	size_t			*slot;
	const yaml_node_t	*node;
	char			 path[128];
};

struct pctx {
	const char	*label;
	char		 dir[1024];	/* of the file, for relative paths */
	yaml_document_t	*doc;
	struct conf	*conf;
	char		*err;
	size_t		 errlen;
	const yaml_node_t *bgp_key, *anycast_key, *check_key, *geo_key;
	const yaml_node_t **site_checks;	/* one per conf->sites */
	const yaml_node_t **answer_names;	/* one per conf->answers */
	const yaml_node_t *geo_countries, *geo_continents;
	struct peer_acc	*pacc;		/* one per conf->peers */
	struct anycast_acc *aacc;	/* one per conf->anycast */
	const yaml_node_t **cnodes;	/* one per conf->checks */
	const yaml_node_t *query_key;	/* first check without query: */
	struct pwarn	*warn;
	size_t		 nwarn, warncap;
	struct keyref	*keyrefs;
	size_t		 nkeyrefs, keyrefcap;
};

int	cp_fail(struct pctx *p, const yaml_node_t *n, const char *key,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void	cp_warn(struct pctx *p, const yaml_node_t *n, const char *key,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A short, printable rendering of a value for "got '...'" messages. */
const char *cp_shown(const yaml_node_t *n, char *buf, size_t len);
#define GOT(n)	cp_shown((n), gotbuf, sizeof(gotbuf))

/* The scalar's text, or NULL (after setting the error) if n is not one. */
const char *cp_scalar(struct pctx *p, const yaml_node_t *n, const char *key,
	    const char *what);
const yaml_node_t *cp_node(struct pctx *p, int id);

/*
 * Iterates over a mapping's pairs checking that keys are scalars, known
 * (one of names, NULL-terminated) and not repeated.  Calls fn for each.
 */
typedef int	(*pair_fn)(struct pctx *p, const char *key, const char *path,
		    const yaml_node_t *kn, const yaml_node_t *vn, void *arg);
int	cp_walk_map(struct pctx *p, const yaml_node_t *map, const char *path,
	    const char *const *names, pair_fn fn, void *arg);
/* Calls fn for each item of a list, or once for a lone scalar. */
typedef int	(*item_fn)(struct pctx *p, const yaml_node_t *in,
		    const char *path, void *arg);
int	cp_walk_list(struct pctx *p, const yaml_node_t *vn, const char *path,
	    const char *what, item_fn fn, void *arg);
/*
 * The mappings of a list (a lone mapping is a list of one): checks the
 * count and returns the nodes in *items (xcalloc'd, caller frees).
 */
int	cp_map_items(struct pctx *p, const yaml_node_t *vn, const char *path,
	    const char *what, size_t max, const yaml_node_t ***items,
	    size_t *n);

int	cp_get_uint(struct pctx *p, const yaml_node_t *vn, const char *path,
	    unsigned long min, unsigned long max, unsigned long *out);
int	cp_get_u32(struct pctx *p, const yaml_node_t *vn, const char *path,
	    uint32_t min, uint32_t max, uint32_t *out);
int	cp_get_bool(struct pctx *p, const yaml_node_t *vn, const char *path,
	    bool *out);
/* An address of family af (0: either) that is a usable unicast one. */
int	cp_get_addr(struct pctx *p, const yaml_node_t *vn, const char *path,
	    int af, struct conf_addr *out);

/* parse_bgp.c */
int	cp_get_bgp(struct pctx *p, const yaml_node_t *vn, const char *path);
int	cp_get_anycast(struct pctx *p, const yaml_node_t *vn,
	    const char *path);
int	cp_finish_bgp(struct pctx *p);

/* parse_health.c */
int	cp_get_checks(struct pctx *p, const yaml_node_t *vn, const char *path);
int	cp_get_health(struct pctx *p, const yaml_node_t *vn, const char *path);
/* anycast[].checks against check:, and the dns checks' default query. */
int	cp_finish_health(struct pctx *p);

/* parse_geo.c */
int	cp_get_geo(struct pctx *p, const yaml_node_t *vn, const char *path);
/* geo sites' checks against check:, answers' names against zone:. */
int	cp_finish_geo(struct pctx *p);

/* parse_xfr.c */
int	cp_get_keys(struct pctx *p, const yaml_node_t *vn, const char *path);
/* zone[].primary, notify, allow-transfer or transfer-source into cz. */
int	cp_get_zone_xfr(struct pctx *p, struct conf_zone *cz, const char *key,
	    const yaml_node_t *vn, const char *path);
/* transfer-source (node src, NULL if not given) against the primaries. */
int	cp_check_zone_xfr(struct pctx *p, const struct conf_zone *cz,
	    const yaml_node_t *src, const char *path);
/* Zones' key names against key:. */
int	cp_finish_xfr(struct pctx *p);

#endif
