/* SPDX-License-Identifier: MIT */
/*
 * parse_bgp.c -- the bgp: and anycast: sections of the config file.
 *
 * Peers with their session settings and route attributes, the anycast
 * prefixes with theirs.  What needs the whole file (a peer's prefixes are
 * listed under anycast:, local-pref only on iBGP peers) is checked by
 * cp_finish_bgp() after the walk; anycast[].checks are resolved against
 * check: by parse_health.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <inttypes.h>

#include "../common/err.h"
#include "conf.h"
#include "parse_int.h"

static int
get_as(struct pctx *p, const yaml_node_t *vn, const char *path,
    uint32_t *out)
{
	uint32_t as;
	int r;

	if ((r = cp_get_u32(p, vn, path, 1, UINT32_MAX, &as)) != 0)
		return r;
	/* RFC 6793 4.2.3: AS_TRANS stands in for a 4-octet AS on the wire. */
	if (as == CONF_AS_TRANS)
		return cp_fail(p, vn, path, "23456 is AS_TRANS (RFC 6793), not "
		    "an AS to configure");
	*out = as;
	return 0;
}

/* What makes an address unusable as a peer, local address or next hop. */
static int
community_item(struct pctx *p, const yaml_node_t *in, const char *path,
    void *arg)
{
	struct conf_route_attrs *a = arg;
	char gotbuf[64], norm[32];
	const char *s;
	uint32_t c;
	size_t i;

	if ((s = cp_scalar(p, in, path, "a community")) == NULL)
		return CN_ECONF;
	if (conf_parse_community(s, &c) != 0)
		return cp_fail(p, in, path, "expected a community ASN:VALUE "
		    "(two numbers 0-65535) or no-export, no-advertise, "
		    "no-export-subconfed, graceful-shutdown, blackhole; got %s",
		    GOT(in));
	conf_format_community(c, norm, sizeof(norm));
	for (i = 0; i < a->ncommunities; i++)
		if (a->communities[i] == c)
			return cp_fail(p, in, path, "%s listed twice", norm);
	if (a->ncommunities >= CONF_COMMUNITIES_MAX)
		return cp_fail(p, in, path, "more than %d communities",
		    CONF_COMMUNITIES_MAX);
	/* RFC 7999: the receiver is asked to drop traffic to the prefix. */
	if (c == CONF_COMM_BLACKHOLE)
		cp_warn(p, in, path, "blackhole asks the peer to drop all "
		    "traffic to the prefix (RFC 7999)");
	a->communities[a->ncommunities++] = c;
	return 0;
}

static int
large_item(struct pctx *p, const yaml_node_t *in, const char *path,
    void *arg)
{
	struct conf_route_attrs *a = arg;
	struct conf_large_community lc;
	char gotbuf[64], norm[40];
	const char *s;
	size_t i;

	if ((s = cp_scalar(p, in, path, "a large community")) == NULL)
		return CN_ECONF;
	if (conf_parse_large_community(s, &lc) != 0)
		return cp_fail(p, in, path, "expected a large community "
		    "GLOBAL:LOCAL1:LOCAL2 (three numbers 0-4294967295), got %s",
		    GOT(in));
	conf_format_large_community(&lc, norm, sizeof(norm));
	for (i = 0; i < a->nlarge; i++)
		if (memcmp(&a->large[i], &lc, sizeof(lc)) == 0)
			return cp_fail(p, in, path, "%s listed twice", norm);
	if (a->nlarge >= CONF_COMMUNITIES_MAX)
		return cp_fail(p, in, path, "more than %d large communities",
		    CONF_COMMUNITIES_MAX);
	a->large[a->nlarge++] = lc;
	return 0;
}

/* communities, large-communities, prepend, med: 1 if key is not one. */
static int
attrs_pair(struct pctx *p, const char *key, const char *path,
    const yaml_node_t *vn, struct conf_route_attrs *a,
    const yaml_node_t **prepend)
{
	unsigned long v;
	int r;

	if (strcmp(key, "communities") == 0)
		return cp_walk_list(p, vn, path, "communities",
		    community_item, a);
	if (strcmp(key, "large-communities") == 0)
		return cp_walk_list(p, vn, path, "large communities",
		    large_item, a);
	if (strcmp(key, "prepend") == 0) {
		if ((r = cp_get_uint(p, vn, path, 0, CONF_PREPEND_MAX,
		    &v)) != 0)
			return r;
		a->prepend = (unsigned)v;
		*prepend = vn;
		return 0;
	}
	if (strcmp(key, "med") == 0) {
		if ((r = cp_get_u32(p, vn, path, 0, UINT32_MAX, &a->med)) != 0)
			return r;
		a->med_set = true;
		return 0;
	}
	return 1;
}

static int
prefix_item(struct pctx *p, const yaml_node_t *in, const char *path,
    void *arg)
{
	char why[128], gotbuf[64];
	struct conf_prefix pf;
	const char *s;

	(void)arg;
	if ((s = cp_scalar(p, in, path, "a prefix")) == NULL)
		return CN_ECONF;
	if (conf_parse_prefix(s, &pf, why, sizeof(why)) != 0)
		return cp_fail(p, in, path, "%s, got %s", why, GOT(in));
	return 0;
}

static const char *const peer_keys[] = {
	"address", "name", "remote-as", "local-address", "port", "password",
	"ttl-security", "passive", "hold-time", "connect-retry", "next-hop",
	"next-hop-ipv6", "local-pref", "prepend", "med", "communities",
	"large-communities", "prefixes", NULL
};

struct peer_arg {
	struct conf_peer	*cp;
	struct peer_acc		*pa;
};

static bool
valid_name(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > CONF_PEER_NAME_MAX)
		return false;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

static int
peer_pair(struct pctx *p, const char *key, const char *path,
    const yaml_node_t *kn, const yaml_node_t *vn, void *arg)
{
	struct peer_arg *pp = arg;
	struct conf_peer *cp = pp->cp;
	struct peer_acc *pa = pp->pa;
	char gotbuf[64];
	unsigned long v;
	const char *s;
	uint32_t ms;
	int r;

	(void)kn;
	if ((r = attrs_pair(p, key, path, vn, &cp->attrs, &pa->prepend)) <= 0)
		return r;
	if (strcmp(key, "address") == 0) {
		pa->address = vn;
		return cp_get_addr(p, vn, path, 0, &cp->address);
	}
	if (strcmp(key, "local-address") == 0) {
		pa->local_address = vn;
		return cp_get_addr(p, vn, path, 0, &cp->local_address);
	}
	if (strcmp(key, "next-hop") == 0)
		return cp_get_addr(p, vn, path, AF_INET, &cp->next_hop);
	if (strcmp(key, "next-hop-ipv6") == 0)
		return cp_get_addr(p, vn, path, AF_INET6, &cp->next_hop6);
	if (strcmp(key, "name") == 0) {
		if ((s = cp_scalar(p, vn, path, "a name")) == NULL)
			return CN_ECONF;
		if (!valid_name(s))
			return cp_fail(p, vn, path, "expected 1-%d printable "
			    "ASCII characters without spaces, got %s",
			    CONF_PEER_NAME_MAX, GOT(vn));
		cp->name = arena_strdup(&p->conf->arena, s);
		pa->name = vn;
		return 0;
	}
	if (strcmp(key, "remote-as") == 0) {
		pa->remote_as = vn;
		return get_as(p, vn, path, &cp->remote_as);
	}
	if (strcmp(key, "port") == 0) {
		if ((r = cp_get_uint(p, vn, path, 1, 65535, &v)) != 0)
			return r;
		cp->port = (uint16_t)v;
		return 0;
	}
	if (strcmp(key, "password") == 0) {
		if ((s = cp_scalar(p, vn, path, "a password")) == NULL)
			return CN_ECONF;
		/* Never echo a password into a log. */
		if (strlen(s) == 0 || strlen(s) > CONF_PASSWORD_MAX)
			return cp_fail(p, vn, path, "expected 1-%d octets "
			    "(TCP-MD5, RFC 2385), got %zu", CONF_PASSWORD_MAX,
			    strlen(s));
		cp->password = arena_strdup(&p->conf->arena, s);
		return 0;
	}
	if (strcmp(key, "ttl-security") == 0)
		return cp_get_bool(p, vn, path, &cp->ttl_security);
	if (strcmp(key, "passive") == 0)
		return cp_get_bool(p, vn, path, &cp->passive);
	if (strcmp(key, "hold-time") == 0) {
		if ((s = cp_scalar(p, vn, path, "a duration")) == NULL)
			return CN_ECONF;
		/* RFC 4271 4.2: zero, or at least three seconds. */
		if (conf_parse_duration(s, &ms) != 0 || ms % 1000 != 0 ||
		    (ms != 0 && ms < CONF_HOLD_MIN_S * 1000) ||
		    ms > 65535U * 1000)
			return cp_fail(p, vn, path, "expected whole seconds, 0 "
			    "or 3s-65535s (RFC 4271 4.2), got %s", GOT(vn));
		cp->hold_time = (uint16_t)(ms / 1000);
		return 0;
	}
	if (strcmp(key, "connect-retry") == 0) {
		if ((s = cp_scalar(p, vn, path, "a duration")) == NULL)
			return CN_ECONF;
		if (conf_parse_duration(s, &ms) != 0 ||
		    ms < CONF_CONNECT_RETRY_MIN_MS ||
		    ms > CONF_CONNECT_RETRY_MAX_MS)
			return cp_fail(p, vn, path, "expected a duration "
			    "1s-1h, got %s", GOT(vn));
		cp->connect_retry_ms = ms;
		cp->connect_retry_set = true;
		pa->connect_retry = vn;
		return 0;
	}
	if (strcmp(key, "local-pref") == 0) {
		if ((r = cp_get_u32(p, vn, path, 0, UINT32_MAX,
		    &cp->local_pref)) != 0)
			return r;
		cp->local_pref_set = true;
		pa->local_pref = vn;
		return 0;
	}
	/* prefixes: checked against anycast: once the whole file is read. */
	if (vn->type == YAML_SEQUENCE_NODE &&
	    vn->data.sequence.items.start == vn->data.sequence.items.top)
		return cp_fail(p, vn, path, "expected at least one prefix "
		    "(leave prefixes out to announce every anycast prefix)");
	pa->prefixes = vn;
	return cp_walk_list(p, vn, path, "prefixes", prefix_item, NULL);
}

static int
add_peer(struct pctx *p, const yaml_node_t *pn, size_t idx)
{
	struct conf_peer *cp = &p->conf->peers[idx], *o;
	struct peer_acc *pa = &p->pacc[idx];
	struct peer_arg arg = { cp, pa };
	char abuf[INET6_ADDRSTRLEN], name[INET6_ADDRSTRLEN + 8], full[64];
	size_t i;
	int r;

	memset(cp, 0, sizeof(*cp));
	cp->port = CONF_BGP_PORT;
	cp->hold_time = CONF_HOLD_DEFAULT_S;
	cp->connect_retry_ms = CONF_CONNECT_RETRY_DEFAULT_MS;
	cp->local_pref = CONF_LOCAL_PREF_DEFAULT;
	pa->node = pn;
	snprintf(pa->path, sizeof(pa->path), "bgp.peer[%zu]", idx + 1);
	if ((r = cp_walk_map(p, pn, pa->path, peer_keys, peer_pair, &arg)) != 0)
		return r;
	if (pa->address == NULL)
		return cp_fail(p, pn, pa->path, "missing key 'address'");
	if (pa->remote_as == NULL)
		return cp_fail(p, pn, pa->path, "missing key 'remote-as'");
	if (cp->local_address.af != 0 &&
	    cp->local_address.af != cp->address.af) {
		snprintf(full, sizeof(full), "%s.local-address", pa->path);
		return cp_fail(p, pa->local_address, full, "must be an %s "
		    "address like the peer's address",
		    cp->address.af == AF_INET ? "IPv4" : "IPv6");
	}
	if (cp->name == NULL) {
		conf_format_addr(&cp->address, abuf, sizeof(abuf));
		if (cp->port != CONF_BGP_PORT)
			snprintf(name, sizeof(name), "%s@%u", abuf,
			    (unsigned)cp->port);
		else
			snprintf(name, sizeof(name), "%s", abuf);
		cp->name = arena_strdup(&p->conf->arena, name);
	}
	for (i = 0; i < idx; i++) {
		o = &p->conf->peers[i];
		if (memcmp(&o->address, &cp->address, sizeof(o->address)) ==
		    0 && o->port == cp->port) {
			snprintf(full, sizeof(full), "%s.address", pa->path);
			conf_format_addr(&cp->address, abuf, sizeof(abuf));
			return cp_fail(p, pa->address, full, "%s port %u is "
			    "already %s", abuf, (unsigned)cp->port,
			    p->pacc[i].path);
		}
		if (strcmp(o->name, cp->name) == 0) {
			snprintf(full, sizeof(full), "%s.name", pa->path);
			return cp_fail(p, pa->name != NULL ? pa->name : pn,
			    full, "'%s' already names %s", cp->name,
			    p->pacc[i].path);
		}
	}
	return 0;
}

static int
get_peers(struct pctx *p, const yaml_node_t *vn, const char *path)
{
	const yaml_node_t **items = NULL;
	struct conf *c = p->conf;
	size_t i, n;
	int r;

	if ((r = cp_map_items(p, vn, path, "peers { address: ADDR, remote-as: "
	    "AS }", CONF_PEERS_MAX, &items, &n)) != 0)
		return r;
	if (n == 0) {
		free(items);
		return cp_fail(p, vn, path, "expected at least one peer");
	}
	c->peers = arena_alloc(&c->arena, n * sizeof(*c->peers));
	memset(c->peers, 0, n * sizeof(*c->peers));
	p->pacc = xcalloc(n, sizeof(*p->pacc));
	for (i = 0; i < n; i++) {
		/* Counted as it goes so conf_free() sees only set peers. */
		c->npeers = i + 1;
		if ((r = add_peer(p, items[i], i)) != 0)
			break;
	}
	free(items);
	return r;
}

static const char *const bgp_keys[] = { "as", "router-id", "peer", NULL };

static int
bgp_pair(struct pctx *p, const char *key, const char *path,
    const yaml_node_t *kn, const yaml_node_t *vn, void *arg)
{
	struct conf_addr a;
	char gotbuf[64];
	const char *s;

	(void)kn;
	(void)arg;
	if (strcmp(key, "as") == 0)
		return get_as(p, vn, path, &p->conf->bgp_as);
	if (strcmp(key, "peer") == 0)
		return get_peers(p, vn, path);
	/* router-id: RFC 4271 4.2, a nonzero 4-octet BGP Identifier. */
	if ((s = cp_scalar(p, vn, path, "an IPv4 address")) == NULL)
		return CN_ECONF;
	if (conf_parse_addr(s, &a) != 0 || a.af != AF_INET ||
	    (a.addr[0] | a.addr[1] | a.addr[2] | a.addr[3]) == 0)
		return cp_fail(p, vn, path, "expected a nonzero IPv4 address "
		    "(dotted quad), got %s", GOT(vn));
	p->conf->bgp_router_id = (uint32_t)a.addr[0] << 24 |
	    (uint32_t)a.addr[1] << 16 | (uint32_t)a.addr[2] << 8 | a.addr[3];
	return 0;
}

int
cp_get_bgp(struct pctx *p, const yaml_node_t *vn, const char *path)
{
	int r;

	if ((r = cp_walk_map(p, vn, path, bgp_keys, bgp_pair, NULL)) != 0)
		return r;
	if (p->conf->bgp_as == 0)
		return cp_fail(p, vn, path, "missing key 'as'");
	if (p->conf->bgp_router_id == 0)
		return cp_fail(p, vn, path, "missing key 'router-id'");
	if (p->conf->npeers == 0)
		return cp_fail(p, vn, path, "missing key 'peer'");
	return 0;
}

static const char *const anycast_keys[] = {
	"prefix", "communities", "large-communities", "prepend", "med",
	"checks", "match", NULL
};

struct anycast_arg {
	struct conf_anycast	*ca;
	const yaml_node_t	*prefix;
	struct anycast_acc	*acc;
};

static int
anycast_pair(struct pctx *p, const char *key, const char *path,
    const yaml_node_t *kn, const yaml_node_t *vn, void *arg)
{
	struct anycast_arg *aa = arg;
	char why[128], gotbuf[64];
	const char *s;
	int r;

	(void)kn;
	if ((r = attrs_pair(p, key, path, vn, &aa->ca->attrs,
	    &aa->acc->prepend)) <= 0)
		return r;
	/* checks: resolved against check: once the whole file is read. */
	if (strcmp(key, "checks") == 0) {
		aa->acc->checks = vn;
		return 0;
	}
	if (strcmp(key, "match") == 0) {
		if ((s = cp_scalar(p, vn, path, "all or any")) == NULL)
			return CN_ECONF;
		if (strcmp(s, "all") != 0 && strcmp(s, "any") != 0)
			return cp_fail(p, vn, path, "expected all or any, got "
			    "%s", GOT(vn));
		aa->ca->match_any = strcmp(s, "any") == 0;
		return 0;
	}
	if ((s = cp_scalar(p, vn, path, "a prefix")) == NULL)
		return CN_ECONF;
	if (conf_parse_prefix(s, &aa->ca->prefix, why, sizeof(why)) != 0)
		return cp_fail(p, vn, path, "%s, got %s", why, GOT(vn));
	if (aa->ca->prefix.len == 0)
		return cp_fail(p, vn, path, "a default route is not an anycast "
		    "prefix, got %s", GOT(vn));
	aa->prefix = vn;
	return 0;
}

static int
add_anycast(struct pctx *p, const yaml_node_t *an, size_t idx)
{
	struct conf_anycast *ca = &p->conf->anycast[idx];
	struct anycast_arg arg = { ca, NULL, &p->aacc[idx] };
	char path[32], full[48];
	size_t i;
	int r;

	memset(ca, 0, sizeof(*ca));
	snprintf(path, sizeof(path), "anycast[%zu]", idx + 1);
	if ((r = cp_walk_map(p, an, path, anycast_keys, anycast_pair,
	    &arg)) != 0)
		return r;
	if (arg.prefix == NULL)
		return cp_fail(p, an, path, "missing key 'prefix'");
	snprintf(full, sizeof(full), "%s.prefix", path);
	for (i = 0; i < idx; i++)
		if (conf_prefix_equal(&p->conf->anycast[i].prefix,
		    &ca->prefix))
			return cp_fail(p, arg.prefix, full, "%s is already "
			    "anycast[%zu]", ca->prefix.text, i + 1);
	if ((ca->prefix.af == AF_INET && ca->prefix.len > 24) ||
	    (ca->prefix.af == AF_INET6 && ca->prefix.len > 48))
		cp_warn(p, arg.prefix, full, "%s is more specific than /%d: "
		    "most networks filter it", ca->prefix.text,
		    ca->prefix.af == AF_INET ? 24 : 48);
	return 0;
}

int
cp_get_anycast(struct pctx *p, const yaml_node_t *vn, const char *path)
{
	const yaml_node_t **items = NULL;
	struct conf *c = p->conf;
	size_t i, n;
	int r = 0;

	if ((r = cp_map_items(p, vn, path, "{ prefix: ADDRESS/LENGTH }",
	    CONF_PREFIXES_MAX, &items, &n)) != 0)
		return r;
	if (n > 0) {
		c->anycast = arena_alloc(&c->arena, n * sizeof(*c->anycast));
		p->aacc = xcalloc(n, sizeof(*p->aacc));
	}
	for (i = 0; i < n; i++) {
		c->nanycast = i + 1;
		if ((r = add_anycast(p, items[i], i)) != 0)
			break;
	}
	free(items);
	return r;
}

/* A peer's prefixes: indexes into conf->anycast. */
static int
resolve_prefixes(struct pctx *p, struct conf_peer *cp, struct peer_acc *pa)
{
	const yaml_node_t *one[1], *const *items;
	struct conf *c = p->conf;
	struct conf_prefix pf;
	char full[64];
	size_t i, j, n;

	snprintf(full, sizeof(full), "%s.prefixes", pa->path);
	if (pa->prefixes->type == YAML_SCALAR_NODE) {
		one[0] = pa->prefixes;
		items = one;
		n = 1;
	} else {
		n = (size_t)(pa->prefixes->data.sequence.items.top -
		    pa->prefixes->data.sequence.items.start);
		items = NULL;
	}
	cp->prefixes = arena_alloc(&c->arena, n * sizeof(*cp->prefixes));
	for (i = 0; i < n; i++) {
		const yaml_node_t *in = items != NULL ? items[i] :
		    cp_node(p, pa->prefixes->data.sequence.items.start[i]);

		/* Parsed once already: cannot fail here. */
		if (conf_parse_prefix((const char *)in->data.scalar.value, &pf,
		    NULL, 0) != 0)
			return cp_fail(p, in, full, "broken prefix");
		for (j = 0; j < c->nanycast; j++)
			if (conf_prefix_equal(&c->anycast[j].prefix, &pf))
				break;
		if (j == c->nanycast)
			return cp_fail(p, in, full, "%s is not listed under "
			    "anycast:", pf.text);
		for (size_t k = 0; k < i; k++)
			if (cp->prefixes[k] == j)
				return cp_fail(p, in, full, "%s listed twice",
				    pf.text);
		cp->prefixes[i] = j;
		cp->nprefixes = i + 1;
	}
	return 0;
}

/* Checks that need the whole file, and the warnings they give. */
int
cp_finish_bgp(struct pctx *p)
{
	struct conf *c = p->conf;
	struct conf_peer *cp;
	struct peer_acc *pa;
	bool *ibgp_prepend = NULL, ibgp;
	size_t i, j, n, other, idx;
	char full[64];
	int r, af;

	if (c->nanycast > 0 && c->bgp_as == 0)
		return cp_fail(p, p->anycast_key, "anycast", "needs a bgp "
		    "section (the prefixes are announced over BGP)");
	if (c->bgp_as == 0)
		return 0;
	if (c->nanycast == 0)
		cp_warn(p, p->bgp_key, "bgp", "no anycast prefixes: the "
		    "sessions come up but announce nothing");
	else
		ibgp_prepend = xcalloc(c->nanycast, sizeof(*ibgp_prepend));
	for (i = 0; i < c->npeers; i++) {
		cp = &c->peers[i];
		pa = &p->pacc[i];
		ibgp = cp->remote_as == c->bgp_as;
		/* RFC 4271 5.1.5: LOCAL_PREF goes to internal peers only. */
		if (!ibgp && pa->local_pref != NULL) {
			snprintf(full, sizeof(full), "%s.local-pref", pa->path);
			r = cp_fail(p, pa->local_pref, full, "only for iBGP "
			    "peers (remote-as %" PRIu32 " is not bgp.as %"
			    PRIu32 ")",
			    cp->remote_as, c->bgp_as);
			goto fail;
		}
		if (pa->prefixes != NULL &&
		    (r = resolve_prefixes(p, cp, pa)) != 0)
			goto fail;
		if (ibgp && cp->attrs.prepend > 0) {
			snprintf(full, sizeof(full), "%s.prepend", pa->path);
			cp_warn(p, pa->prepend, full, "prepending toward an "
			    "iBGP peer puts the local AS in the path: routers "
			    "of AS %" PRIu32 " may drop the route as a loop",
			    c->bgp_as);
		}
		if (cp->passive && pa->connect_retry != NULL) {
			snprintf(full, sizeof(full), "%s.connect-retry",
			    pa->path);
			cp_warn(p, pa->connect_retry, full, "has no effect on "
			    "a passive peer");
		}
		/* Prefixes of the family the session has no next hop for. */
		n = cp->nprefixes > 0 ? cp->nprefixes : c->nanycast;
		other = 0;
		for (j = 0; j < n; j++) {
			idx = cp->nprefixes > 0 ? cp->prefixes[j] : j;
			af = c->anycast[idx].prefix.af;
			if (ibgp && c->anycast[idx].attrs.prepend > 0)
				ibgp_prepend[idx] = true;
			if (af != cp->address.af &&
			    (af == AF_INET ? cp->next_hop.af :
			    cp->next_hop6.af) == 0)
				other++;
		}
		if (other > 0)
			cp_warn(p, pa->node, pa->path, "%zu of its %zu "
			    "prefixes will not be announced: an %s session "
			    "needs %s for %s prefixes", other, n,
			    cp->address.af == AF_INET ?
			    "IPv4" : "IPv6", cp->address.af == AF_INET ?
			    "next-hop-ipv6" : "next-hop",
			    cp->address.af == AF_INET ? "IPv6" : "IPv4");
	}
	for (j = 0; j < c->nanycast; j++)
		if (ibgp_prepend[j]) {
			snprintf(full, sizeof(full), "anycast[%zu].prepend",
			    j + 1);
			cp_warn(p, p->aacc[j].prepend, full, "prepending "
			    "toward an iBGP peer puts the local AS in the "
			    "path: routers of AS %" PRIu32 " may drop the "
			    "route as a loop",
			    c->bgp_as);
		}
	r = 0;
fail:
	free(ibgp_prepend);
	return r;
}

