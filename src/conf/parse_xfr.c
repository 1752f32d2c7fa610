/* SPDX-License-Identifier: MIT */
/*
 * parse_xfr.c -- the key: section (TSIG keys) and a zone's transfer
 * settings: primary, transfer-source, allow-transfer and notify.  Keys may
 * be listed after the zones that name them, so a zone's key references are
 * kept during the walk and resolved by cp_finish_xfr() after it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "../common/err.h"
#include "../common/wbuf.h"
#include "../dns/name.h"
#include "../dns/ztext.h"
#include "conf.h"
#include "parse_int.h"

static const char *const key_keys[] = {
	"name", "algorithm", "secret", NULL
};
static const char *const remote_keys[] = { "address", "key", NULL };

static const char *const alg_names[] = {
	[DNS_TSIG_HMAC_SHA1] = "hmac-sha1",
	[DNS_TSIG_HMAC_SHA224] = "hmac-sha224",
	[DNS_TSIG_HMAC_SHA256] = "hmac-sha256",
	[DNS_TSIG_HMAC_SHA384] = "hmac-sha384",
	[DNS_TSIG_HMAC_SHA512] = "hmac-sha512",
};

const char *
conf_tsig_alg_name(enum dns_tsig_alg alg)
{
	if ((size_t)alg >= sizeof(alg_names) / sizeof(alg_names[0]) ||
	    alg_names[alg] == NULL)
		return "unknown";
	return alg_names[alg];
}

/* A key's values as written, checked when the mapping is complete. */
struct key_acc {
	const yaml_node_t	*name, *alg, *secret;
};

static int
key_pair(struct pctx *p, const char *key, const char *path,
    const yaml_node_t *kn, const yaml_node_t *vn, void *arg)
{
	struct key_acc *k = arg;

	(void)kn;
	if (cp_scalar(p, vn, path, strcmp(key, "secret") == 0 ?
	    "base64 text" : strcmp(key, "name") == 0 ? "a domain name" :
	    "an algorithm name") == NULL)
		return CN_ECONF;
	if (strcmp(key, "name") == 0)
		k->name = vn;
	else if (strcmp(key, "algorithm") == 0)
		k->alg = vn;
	else
		k->secret = vn;
	return 0;
}

static int
key_alg(struct pctx *p, const yaml_node_t *vn, const char *path,
    enum dns_tsig_alg *out)
{
	const char *s = (const char *)vn->data.scalar.value;
	char gotbuf[64];
	size_t i;

	for (i = 1; i < sizeof(alg_names) / sizeof(alg_names[0]); i++)
		if (strcasecmp(s, alg_names[i]) == 0) {
			*out = (enum dns_tsig_alg)i;
			return 0;
		}
	return cp_fail(p, vn, path, "expected hmac-sha1, hmac-sha224, "
	    "hmac-sha256, hmac-sha384 or hmac-sha512, got %s", GOT(vn));
}

static int
key_secret(struct pctx *p, const yaml_node_t *vn, const char *path,
    struct conf_key *ck)
{
	const char *s = (const char *)vn->data.scalar.value;
	struct ztext_b64 st;
	struct wbuf w;

	wbuf_init(&w, ck->secret, sizeof(ck->secret));
	ztext_b64_init(&st);
	if (ztext_b64_chunk(&st, s, strlen(s), &w) < 0 ||
	    ztext_b64_end(&st) < 0 || w.err)
		return cp_fail(p, vn, path, "expected base64 text of 1-%d "
		    "octets", CONF_KEY_SECRET_MAX);
	if (w.len == 0)
		return cp_fail(p, vn, path, "empty secret");
	ck->secret_len = w.len;
	return 0;
}

static int
add_key(struct pctx *p, const yaml_node_t *kn, const char *path)
{
	struct key_acc k = { NULL, NULL, NULL };
	struct conf *c = p->conf;
	char full[96], norm[DNS_NAME_MAX * 4 + 1], gotbuf[64];
	struct conf_key *ck;
	size_t i;
	int r;

	if ((r = cp_walk_map(p, kn, path, key_keys, key_pair, &k)) != 0)
		return r;
	if (k.name == NULL || k.alg == NULL || k.secret == NULL)
		return cp_fail(p, kn, path, "missing key '%s'", k.name == NULL ?
		    "name" : k.alg == NULL ? "algorithm" : "secret");
	ck = &c->keys[c->nkeys];
	memset(ck, 0, sizeof(*ck));
	snprintf(full, sizeof(full), "%s.name", path);
	if (conf_parse_domain((const char *)k.name->data.scalar.value,
	    ck->name, norm, sizeof(norm)) != 0)
		return cp_fail(p, k.name, full, "expected a domain name, got "
		    "%s", GOT(k.name));
	for (i = 0; i < c->nkeys; i++)
		if (dns_name_equal(c->keys[i].name, ck->name))
			return cp_fail(p, k.name, full, "key %s given twice",
			    norm);
	ck->name_text = conf_strdup(c, norm);
	snprintf(full, sizeof(full), "%s.algorithm", path);
	if ((r = key_alg(p, k.alg, full, &ck->alg)) != 0)
		return r;
	snprintf(full, sizeof(full), "%s.secret", path);
	if ((r = key_secret(p, k.secret, full, ck)) != 0)
		return r;
	c->nkeys++;
	return 0;
}

int
cp_get_keys(struct pctx *p, const yaml_node_t *vn, const char *path)
{
	const yaml_node_t **items = NULL;
	char ipath[64];
	size_t n, i;
	int r;

	if ((r = cp_map_items(p, vn, path, "{ name: NAME, algorithm: ALG, "
	    "secret: BASE64 }", CONF_KEYS_MAX, &items, &n)) != 0)
		return r;
	p->conf->keys = arena_alloc(&p->conf->arena,
	    (n ? n : 1) * sizeof(*p->conf->keys));
	for (i = 0; i < n; i++) {
		snprintf(ipath, sizeof(ipath), "%s[%zu]", path, i + 1);
		if ((r = add_key(p, items[i], ipath)) != 0)
			break;
	}
	free(items);
	return r;
}

/* A key named by a zone's entry, resolved after the walk. */
static void
keep_keyref(struct pctx *p, size_t *slot, const yaml_node_t *vn,
    const char *path)
{
	struct keyref *kr;

	xgrow(&p->keyrefs, &p->keyrefcap, p->nkeyrefs + 1,
	    sizeof(*p->keyrefs));
	kr = &p->keyrefs[p->nkeyrefs++];
	kr->slot = slot;
	kr->node = vn;
	snprintf(kr->path, sizeof(kr->path), "%s", path);
	*slot = CONF_KEY_NONE;
}

/* An entry's address and optional key: { address: X, key: K } or X. */
static int
entry_fields(struct pctx *p, const yaml_node_t *in, const char *path,
    const yaml_node_t **addr, const yaml_node_t **key)
{
	const yaml_node_pair_t *pair;
	const yaml_node_t *kn, *vn;
	char full[128];
	int r;

	*addr = *key = NULL;
	if (in->type == YAML_SCALAR_NODE) {
		*addr = in;
		return 0;
	}
	if ((r = cp_walk_map(p, in, path, remote_keys, NULL, NULL)) != 0)
		return r;
	for (pair = in->data.mapping.pairs.start;
	    pair < in->data.mapping.pairs.top; pair++) {
		kn = cp_node(p, pair->key);
		vn = cp_node(p, pair->value);
		snprintf(full, sizeof(full), "%s.%s", path,
		    (const char *)kn->data.scalar.value);
		if (cp_scalar(p, vn, full, "a value") == NULL)
			return CN_ECONF;
		if (strcmp((const char *)kn->data.scalar.value, "key") == 0)
			*key = vn;
		else
			*addr = vn;
	}
	if (*addr == NULL)
		return cp_fail(p, in, path, "missing key 'address'");
	return 0;
}

/* An ACL's address or prefix; a bare address is that one host. */
static int
acl_prefix(const char *s, struct conf_prefix *out, char *why, size_t whylen)
{
	char text[80];

	if (strchr(s, '/') == NULL && strlen(s) < sizeof(text) - 5)
		snprintf(text, sizeof(text), "%s/%d", s,
		    strchr(s, ':') != NULL ? 128 : 32);
	else
		snprintf(text, sizeof(text), "%s", s);
	return conf_parse_prefix(text, out, why, whylen);
}

/* One remote (acl false: a struct conf_remote) or ACL entry into out. */
static int
get_entry(struct pctx *p, const yaml_node_t *in, const char *path,
    bool acl, void *out)
{
	struct conf_remote *rem = out;
	struct conf_acl *a = out;
	const yaml_node_t *an, *kn;
	char why[128], full[128], gotbuf[64];
	const char *s;
	size_t *key;
	int r;

	if ((r = entry_fields(p, in, path, &an, &kn)) != 0)
		return r;
	snprintf(full, sizeof(full), "%s%s", path,
	    in->type == YAML_SCALAR_NODE ? "" : ".address");
	s = (const char *)an->data.scalar.value;
	r = acl ? acl_prefix(s, &a->prefix, why, sizeof(why)) :
	    conf_parse_listen(s, &rem->addr, why, sizeof(why));
	if (r != 0)
		return cp_fail(p, an, full, "%s, got %s", why, GOT(an));
	key = acl ? &a->key : &rem->key;
	*key = CONF_KEY_NONE;
	if (kn != NULL) {
		snprintf(full, sizeof(full), "%s.key", path);
		keep_keyref(p, key, kn, full);
	}
	return 0;
}

/* primary:, notify: or allow-transfer: of one zone. */
static int
get_list(struct pctx *p, const yaml_node_t *vn, const char *path,
    bool acl, void **out, size_t *nout)
{
	const yaml_node_t **items = NULL;
	struct conf *c = p->conf;
	size_t n = 1, i, size;
	char ipath[100];
	uint8_t *v;
	int r = 0;

	if (vn->type == YAML_SCALAR_NODE) {
		items = xcalloc(1, sizeof(*items));
		items[0] = vn;
	} else if ((r = cp_map_items(p, vn, path, acl ?
	    "{ address: PREFIX, key: KEY }" : "{ address: ADDR@PORT, "
	    "key: KEY }", CONF_REMOTES_MAX, &items, &n)) != 0)
		return r;
	size = acl ? sizeof(struct conf_acl) : sizeof(struct conf_remote);
	v = arena_alloc(&c->arena, (n ? n : 1) * size);
	for (i = 0; i < n && r == 0; i++) {
		snprintf(ipath, sizeof(ipath), "%s[%zu]", path, i + 1);
		r = get_entry(p, items[i], ipath, acl, v + i * size);
	}
	free(items);
	if (r != 0)
		return r;
	*out = v;
	*nout = n;
	return 0;
}

int
cp_get_zone_xfr(struct pctx *p, struct conf_zone *cz, const char *key,
    const yaml_node_t *vn, const char *path)
{
	if (strcmp(key, "transfer-source") == 0)
		return cp_get_addr(p, vn, path, 0, &cz->transfer_source);
	if (strcmp(key, "primary") == 0)
		return get_list(p, vn, path, false, (void **)&cz->primaries,
		    &cz->nprimaries);
	if (strcmp(key, "notify") == 0)
		return get_list(p, vn, path, false, (void **)&cz->notify,
		    &cz->nnotify);
	return get_list(p, vn, path, true, (void **)&cz->allow_transfer,
	    &cz->nallow_transfer);
}

/* transfer-source against the primaries' family, once both are known. */
int
cp_check_zone_xfr(struct pctx *p, const struct conf_zone *cz,
    const yaml_node_t *src, const char *path)
{
	size_t i;

	if (cz->transfer_source.af == 0)
		return 0;
	if (cz->nprimaries == 0)
		return cp_fail(p, src, path, "transfer-source is "
		    "for a secondary zone (one with primary:)");
	for (i = 0; i < cz->nprimaries; i++)
		if (cz->primaries[i].addr.ss.ss_family !=
		    cz->transfer_source.af)
			return cp_fail(p, src, path, "primary %s is "
			    "not of transfer-source's address family",
			    cz->primaries[i].addr.text);
	return 0;
}

int
cp_finish_xfr(struct pctx *p)
{
	const struct conf *c = p->conf;
	char norm[DNS_NAME_MAX * 4 + 1], gotbuf[64];
	uint8_t name[DNS_NAME_MAX];
	struct keyref *kr;
	size_t i, j;

	for (i = 0; i < p->nkeyrefs; i++) {
		kr = &p->keyrefs[i];
		if (conf_parse_domain((const char *)kr->node->data.scalar.value,
		    name, norm, sizeof(norm)) != 0)
			return cp_fail(p, kr->node, kr->path, "expected a key "
			    "name, got %s", GOT(kr->node));
		for (j = 0; j < c->nkeys; j++)
			if (dns_name_equal(c->keys[j].name, name))
				break;
		if (j == c->nkeys)
			return cp_fail(p, kr->node, kr->path, "no key named "
			    "%s under key:", norm);
		*kr->slot = j;
	}
	return 0;
}
