/* SPDX-License-Identifier: MIT */
/*
 * parse.c -- YAML configuration file to struct conf.
 *
 * libyaml loads the file as one document (nodes keep their line and
 * column); the walk below knows every section and key, converts each value
 * through value.c and stops at the first problem, naming file:line:column
 * and the key path ("server.workers", "zone[2].file").  Unknown keys are
 * errors, so a typo never silently leaves a default in place.  What needs
 * the whole file (a peer's prefixes are listed under anycast:, local-pref
 * only on iBGP peers) is checked after the walk.  Things accepted but
 * worth telling become conf->warnings, located like errors.  Sections that
 * later versions will read (check, anycast[].checks, server.control,
 * server.metrics) are refused as "not supported yet".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include <arpa/inet.h>
#include <inttypes.h>

#include "../common/err.h"
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

struct pctx {
	const char	*label;
	char		 dir[1024];	/* of the file, for relative paths */
	yaml_document_t	*doc;
	struct conf	*conf;
	char		*err;
	size_t		 errlen;
	const yaml_node_t *bgp_key, *anycast_key;
	struct peer_acc	*pacc;		/* one per conf->peers */
	const yaml_node_t **aprepend;	/* per anycast prefix, or NULL */
	struct pwarn	*warn;
	size_t		 nwarn, warncap;
};

static int
failv(struct pctx *p, const yaml_node_t *n, const char *key,
    const char *fmt, va_list ap)
{
	char text[CONF_ERR_MAX];
	size_t line = 1, col = 1;

	if (n != NULL) {
		line = n->start_mark.line + 1;
		col = n->start_mark.column + 1;
	}
	vsnprintf(text, sizeof(text), fmt, ap);
	if (p->err != NULL && p->errlen > 0) {
		if (key != NULL)
			snprintf(p->err, p->errlen, "%s:%zu:%zu: %s: %s",
			    p->label, line, col, key, text);
		else
			snprintf(p->err, p->errlen, "%s:%zu:%zu: %s",
			    p->label, line, col, text);
	}
	return CN_ECONF;
}

static int __attribute__((format(printf, 4, 5)))
fail(struct pctx *p, const yaml_node_t *n, const char *key,
    const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = failv(p, n, key, fmt, ap);
	va_end(ap);
	return r;
}

/* A short, printable rendering of a value for "got '...'" messages. */
static const char *
shown(const yaml_node_t *n, char *buf, size_t len)
{
	const unsigned char *s;
	size_t i, o = 0, slen;

	if (n->type == YAML_MAPPING_NODE)
		return "a mapping";
	if (n->type == YAML_SEQUENCE_NODE)
		return "a list";
	s = n->data.scalar.value;
	slen = n->data.scalar.length;
	buf[o++] = '\'';
	for (i = 0; i < slen && o + 6 < len; i++) {
		if (i == 40) {
			o += (size_t)snprintf(buf + o, len - o, "...");
			break;
		}
		if (s[i] < 0x20 || s[i] >= 0x7f || s[i] == '\\')
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x",
			    s[i]);
		else
			buf[o++] = (char)s[i];
	}
	buf[o++] = '\'';
	buf[o] = '\0';
	return buf;
}

#define GOT(n)	shown((n), gotbuf, sizeof(gotbuf))

/* Records a warning "file:line:col: key: text" in the conf's arena. */
static void __attribute__((format(printf, 4, 5)))
warn(struct pctx *p, const yaml_node_t *n, const char *key,
    const char *fmt, ...)
{
	char text[CONF_ERR_MAX], line[CONF_ERR_MAX + 160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	snprintf(line, sizeof(line), "%s:%zu:%zu: %s: %s", p->label,
	    n->start_mark.line + 1, n->start_mark.column + 1, key, text);
	xgrow(&p->warn, &p->warncap, p->nwarn + 1, sizeof(*p->warn));
	p->warn[p->nwarn].line = n->start_mark.line;
	p->warn[p->nwarn].col = n->start_mark.column;
	p->warn[p->nwarn++].text = conf_strdup(p->conf, line);
}

/* Hands the warnings to the conf, in the order of the file. */
static void
keep_warnings(struct pctx *p)
{
	struct pwarn w;
	size_t i, j;

	if (p->nwarn == 0)
		return;
	for (i = 1; i < p->nwarn; i++) {
		w = p->warn[i];
		for (j = i; j > 0 && (p->warn[j - 1].line > w.line ||
		    (p->warn[j - 1].line == w.line &&
		    p->warn[j - 1].col > w.col)); j--)
			p->warn[j] = p->warn[j - 1];
		p->warn[j] = w;
	}
	p->conf->warnings = arena_alloc(&p->conf->arena,
	    p->nwarn * sizeof(*p->conf->warnings));
	for (i = 0; i < p->nwarn; i++)
		p->conf->warnings[i] = p->warn[i].text;
	p->conf->nwarnings = p->nwarn;
}

/* The scalar's text, or NULL (after setting the error) if n is not one. */
static const char *
scalar(struct pctx *p, const yaml_node_t *n, const char *key, const char *what)
{
	char gotbuf[64];

	if (n->type != YAML_SCALAR_NODE) {
		fail(p, n, key, "expected %s, got %s", what, GOT(n));
		return NULL;
	}
	if (strlen((const char *)n->data.scalar.value) !=
	    n->data.scalar.length) {
		fail(p, n, key, "NUL octet in value");
		return NULL;
	}
	return (const char *)n->data.scalar.value;
}

static const yaml_node_t *
node(struct pctx *p, int id)
{
	return yaml_document_get_node(p->doc, id);
}

/*
 * Iterates over a mapping's pairs checking that keys are scalars, known
 * (one of names, NULL-terminated) and not repeated.  Calls fn for each.
 */
typedef int	(*pair_fn)(struct pctx *p, const char *key, const char *path,
		    const yaml_node_t *kn, const yaml_node_t *vn, void *arg);

static int
walk_map(struct pctx *p, const yaml_node_t *map, const char *path,
    const char *const *names, pair_fn fn, void *arg)
{
	const yaml_node_pair_t *pair, *prev;
	const yaml_node_t *kn, *vn, *pk;
	char full[128], gotbuf[64];
	const char *key;
	size_t i;
	int r;

	if (map->type != YAML_MAPPING_NODE)
		return fail(p, map, path, "expected a mapping of keys, got %s",
		    GOT(map));
	for (pair = map->data.mapping.pairs.start;
	    pair < map->data.mapping.pairs.top; pair++) {
		kn = node(p, pair->key);
		vn = node(p, pair->value);
		if (kn == NULL || vn == NULL)
			return fail(p, map, path, "broken YAML node");
		if ((key = scalar(p, kn, path, "a key")) == NULL)
			return CN_ECONF;
		if (path != NULL)
			snprintf(full, sizeof(full), "%s.%s", path, key);
		else
			snprintf(full, sizeof(full), "%s", key);
		for (i = 0; names[i] != NULL; i++)
			if (strcmp(names[i], key) == 0)
				break;
		if (names[i] == NULL)
			return fail(p, kn, full, "unknown key");
		for (prev = map->data.mapping.pairs.start; prev < pair;
		    prev++) {
			pk = node(p, prev->key);
			if (pk != NULL && pk->type == YAML_SCALAR_NODE &&
			    strcmp((const char *)pk->data.scalar.value,
			    key) == 0)
				return fail(p, kn, full, "key given twice "
				    "(first at line %zu)",
				    pk->start_mark.line + 1);
		}
		if ((r = fn(p, key, full, kn, vn, arg)) != 0)
			return r;
	}
	return 0;
}

static int
get_uint(struct pctx *p, const yaml_node_t *vn, const char *path,
    unsigned long min, unsigned long max, unsigned long *out)
{
	char gotbuf[64];
	const char *s;

	if ((s = scalar(p, vn, path, "a number")) == NULL)
		return CN_ECONF;
	if (conf_parse_uint(s, min, max, out) != 0)
		return fail(p, vn, path, "expected a number %lu-%lu, got %s",
		    min, max, GOT(vn));
	return 0;
}

static int
get_bool(struct pctx *p, const yaml_node_t *vn, const char *path, bool *out)
{
	char gotbuf[64];
	const char *s;

	if ((s = scalar(p, vn, path, "true or false")) == NULL)
		return CN_ECONF;
	if (conf_parse_bool(s, out) != 0)
		return fail(p, vn, path, "expected true or false, got %s",
		    GOT(vn));
	return 0;
}

static int
get_text(struct pctx *p, const yaml_node_t *vn, const char *path,
    const char **out)
{
	char gotbuf[64];
	const char *s;

	if ((s = scalar(p, vn, path, "a string")) == NULL)
		return CN_ECONF;
	if (!conf_valid_text(s))
		return fail(p, vn, path, "expected 1-%d printable ASCII "
		    "characters, got %s", CONF_IDENTITY_MAX, GOT(vn));
	*out = conf_strdup(p->conf, s);
	return 0;
}

static int
get_listen_one(struct pctx *p, const yaml_node_t *vn, const char *path)
{
	char why[128], gotbuf[64];
	struct conf_listen l;
	const char *s;
	int r;

	if ((s = scalar(p, vn, path, "ADDR@PORT")) == NULL)
		return CN_ECONF;
	if (conf_parse_listen(s, &l, why, sizeof(why)) != 0)
		return fail(p, vn, path, "%s, got %s", why, GOT(vn));
	r = conf_add_listen(p->conf, &l);
	if (r == CN_EEXIST)
		return fail(p, vn, path, "%s listed twice", l.text);
	if (r != 0)
		return fail(p, vn, path, "more than %d addresses",
		    CONF_LISTEN_MAX);
	return 0;
}

static int
get_listen(struct pctx *p, const yaml_node_t *vn, const char *path)
{
	const yaml_node_item_t *it;
	const yaml_node_t *in;
	int r;

	if (vn->type == YAML_SCALAR_NODE)
		return get_listen_one(p, vn, path);
	if (vn->type != YAML_SEQUENCE_NODE)
		return fail(p, vn, path, "expected a list of ADDR@PORT");
	if (vn->data.sequence.items.start == vn->data.sequence.items.top)
		return fail(p, vn, path, "expected at least one ADDR@PORT");
	for (it = vn->data.sequence.items.start;
	    it < vn->data.sequence.items.top; it++) {
		if ((in = node(p, *it)) == NULL)
			return fail(p, vn, path, "broken YAML node");
		if ((r = get_listen_one(p, in, path)) != 0)
			return r;
	}
	return 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
get_secret(struct pctx *p, const yaml_node_t *vn, const char *path)
{
	char gotbuf[64];
	const char *s;
	size_t i;
	int hi, lo;

	if ((s = scalar(p, vn, path, "hex digits")) == NULL)
		return CN_ECONF;
	if (strlen(s) != CONF_COOKIE_SECRET_LEN * 2)
		goto bad;
	for (i = 0; i < CONF_COOKIE_SECRET_LEN; i++) {
		hi = hexval(s[2 * i]);
		lo = hexval(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			goto bad;
		p->conf->cookie_secret[i] = (uint8_t)(hi << 4 | lo);
	}
	p->conf->cookie_secret_set = true;
	return 0;
bad:
	return fail(p, vn, path, "expected %d hex digits (%d octets), got %s",
	    CONF_COOKIE_SECRET_LEN * 2, CONF_COOKIE_SECRET_LEN, GOT(vn));
}

static const char *const log_keys[] = { "syslog", "verbosity", NULL };
static const char *const verbosity_names[] = {
	"error", "warning", "info", "debug", NULL
};

static int
log_pair(struct pctx *p, const char *key, const char *path,
    const yaml_node_t *kn, const yaml_node_t *vn, void *arg)
{
	char gotbuf[64];
	const char *s;
	int i;

	(void)kn;
	(void)arg;
	if (strcmp(key, "syslog") == 0)
		return get_bool(p, vn, path, &p->conf->log_syslog);
	if ((s = scalar(p, vn, path, "a level")) == NULL)
		return CN_ECONF;
	for (i = 0; verbosity_names[i] != NULL; i++)
		if (strcmp(s, verbosity_names[i]) == 0) {
			p->conf->log_verbosity = i - 2;
			return 0;
		}
	return fail(p, vn, path, "expected error, warning, info or debug, "
	    "got %s", GOT(vn));
}

static const char *const server_keys[] = {
	"identity", "listen", "workers", "nsid", "version", "udp-payload",
	"tcp-idle-timeout", "tcp-max-clients", "cookie-secret", "log",
	"control", "control-mode", "metrics", NULL
};

/* server.control: an absolute path, or none. */
static int
get_control(struct pctx *p, const yaml_node_t *vn, const char *path)
{
	char gotbuf[64];
	const char *s;

	if ((s = scalar(p, vn, path, "a socket path")) == NULL)
		return CN_ECONF;
	p->conf->control_set = true;
	if (strcmp(s, "none") == 0) {
		p->conf->control = NULL;
		return 0;
	}
	if (s[0] != '/' || strlen(s) > CONF_CONTROL_PATH_MAX ||
	    !conf_valid_text(s) || strchr(s, ' ') != NULL)
		return fail(p, vn, path, "expected an absolute path of at most "
		    "%d characters without spaces, or none, got %s",
		    CONF_CONTROL_PATH_MAX, GOT(vn));
	p->conf->control = conf_strdup(p->conf, s);
	return 0;
}

/* server.control-mode: octal permissions, "0600" or "660". */
static int
get_control_mode(struct pctx *p, const yaml_node_t *vn, const char *path)
{
	char gotbuf[64];
	unsigned long v = 0;
	const char *s, *q;

	if ((s = scalar(p, vn, path, "an octal mode")) == NULL)
		return CN_ECONF;
	for (q = s; *q >= '0' && *q <= '7'; q++)
		v = v * 8 + (unsigned long)(*q - '0');
	if (q == s || *q != '\0' || q - s > 4 || v > 0777)
		return fail(p, vn, path, "expected an octal mode 0000-0777 "
		    "(like 0600), got %s", GOT(vn));
	if ((v & 0600) != 0600)
		warn(p, vn, path, "mode %04lo: the owner cannot use the "
		    "socket without read and write permission", v);
	p->conf->control_mode = (unsigned)v;
	return 0;
}

/* server.metrics: ADDR@PORT with the port given, or none. */
static int
get_metrics(struct pctx *p, const yaml_node_t *vn, const char *path)
{
	char gotbuf[64], why[128];
	const char *s;

	if ((s = scalar(p, vn, path, "ADDR@PORT")) == NULL)
		return CN_ECONF;
	if (strcmp(s, "none") == 0) {
		p->conf->metrics_set = false;
		return 0;
	}
	if (strchr(s, '@') == NULL)
		return fail(p, vn, path, "expected ADDR@PORT with the port "
		    "(like 127.0.0.1@9153), or none, got %s", GOT(vn));
	if (conf_parse_listen(s, &p->conf->metrics, why, sizeof(why)) != 0)
		return fail(p, vn, path, "%s, got %s", why, GOT(vn));
	p->conf->metrics_set = true;
	return 0;
}

static int
server_pair(struct pctx *p, const char *key, const char *path,
    const yaml_node_t *kn, const yaml_node_t *vn, void *arg)
{
	struct conf *c = p->conf;
	char gotbuf[64];
	unsigned long v;
	const char *s;
	int r;

	(void)arg;
	(void)kn;
	if (strcmp(key, "identity") == 0)
		return get_text(p, vn, path, &c->identity);
	if (strcmp(key, "version") == 0)
		return get_text(p, vn, path, &c->version);
	if (strcmp(key, "listen") == 0)
		return get_listen(p, vn, path);
	if (strcmp(key, "nsid") == 0)
		return get_bool(p, vn, path, &c->nsid);
	if (strcmp(key, "cookie-secret") == 0)
		return get_secret(p, vn, path);
	if (strcmp(key, "log") == 0)
		return walk_map(p, vn, path, log_keys, log_pair, NULL);
	if (strcmp(key, "workers") == 0) {
		if ((r = get_uint(p, vn, path, 1, CONF_WORKERS_MAX, &v)) != 0)
			return r;
		c->workers = (unsigned)v;
		return 0;
	}
	if (strcmp(key, "udp-payload") == 0) {
		if ((r = get_uint(p, vn, path, CONF_UDP_PAYLOAD_MIN,
		    CONF_UDP_PAYLOAD_MAX, &v)) != 0)
			return r;
		c->udp_payload = (uint16_t)v;
		return 0;
	}
	if (strcmp(key, "tcp-max-clients") == 0) {
		if ((r = get_uint(p, vn, path, 1, CONF_TCP_CLIENTS_MAX,
		    &v)) != 0)
			return r;
		c->tcp_max_clients = (uint32_t)v;
		return 0;
	}
	if (strcmp(key, "tcp-idle-timeout") == 0) {
		if ((s = scalar(p, vn, path, "a duration")) == NULL)
			return CN_ECONF;
		if (conf_parse_duration(s, &c->tcp_idle_ms) != 0 ||
		    c->tcp_idle_ms < CONF_TCP_IDLE_MIN_MS ||
		    c->tcp_idle_ms > CONF_TCP_IDLE_MAX_MS)
			return fail(p, vn, path, "expected a duration "
			    "100ms-1h (like 200ms, 10s, 1m), got %s", GOT(vn));
		return 0;
	}
	if (strcmp(key, "control") == 0)
		return get_control(p, vn, path);
	if (strcmp(key, "control-mode") == 0)
		return get_control_mode(p, vn, path);
	/* metrics */
	return get_metrics(p, vn, path);
}

static const char *const zone_keys[] = { "domain", "file", NULL };

struct zone_acc {
	const yaml_node_t	*domain, *file;
};

static int
zone_pair(struct pctx *p, const char *key, const char *path,
    const yaml_node_t *kn, const yaml_node_t *vn, void *arg)
{
	struct zone_acc *z = arg;

	(void)kn;
	if (scalar(p, vn, path, strcmp(key, "file") == 0 ? "a file name" :
	    "a domain name") == NULL)
		return CN_ECONF;
	if (strcmp(key, "domain") == 0)
		z->domain = vn;
	else
		z->file = vn;
	return 0;
}

static int
add_zone(struct pctx *p, const yaml_node_t *zn, const char *path)
{
	struct zone_acc z = { NULL, NULL };
	char full[160], why[128], gotbuf[64];
	const char *file;
	struct conf_zone *cz;
	size_t flen, dlen;
	char *abs;
	int r;

	if ((r = walk_map(p, zn, path, zone_keys, zone_pair, &z)) != 0)
		return r;
	if (z.domain == NULL)
		return fail(p, zn, path, "missing key 'domain'");
	if (z.file == NULL)
		return fail(p, zn, path, "missing key 'file'");
	file = (const char *)z.file->data.scalar.value;
	snprintf(full, sizeof(full), "%s.domain", path);
	r = conf_add_zone(p->conf, (const char *)z.domain->data.scalar.value,
	    file, why, sizeof(why));
	if (r != 0) {
		if (*file == '\0') {
			snprintf(full, sizeof(full), "%s.file", path);
			return fail(p, z.file, full, "%s", why);
		}
		return fail(p, z.domain, full, "%s, got %s", why,
		    GOT(z.domain));
	}
	/* Relative zone files are found beside the config file. */
	cz = &p->conf->zones[p->conf->nzones - 1];
	if (file[0] != '/' && p->dir[0] != '\0') {
		dlen = strlen(p->dir);
		flen = strlen(file);
		abs = arena_alloc(&p->conf->arena, dlen + flen + 2);
		memcpy(abs, p->dir, dlen);
		abs[dlen] = '/';
		memcpy(abs + dlen + 1, file, flen + 1);
		cz->path = abs;
	}
	return 0;
}

static int
get_zones(struct pctx *p, const yaml_node_t *vn, const char *path)
{
	const yaml_node_item_t *it;
	const yaml_node_t *zn;
	char full[64];
	int r, i = 1;

	if (vn->type == YAML_MAPPING_NODE) {
		snprintf(full, sizeof(full), "%s[1]", path);
		return add_zone(p, vn, full);
	}
	if (vn->type != YAML_SEQUENCE_NODE)
		return fail(p, vn, path, "expected a list of "
		    "{ domain: NAME, file: FILE }");
	for (it = vn->data.sequence.items.start;
	    it < vn->data.sequence.items.top; it++, i++) {
		if ((zn = node(p, *it)) == NULL)
			return fail(p, vn, path, "broken YAML node");
		snprintf(full, sizeof(full), "%s[%d]", path, i);
		if ((r = add_zone(p, zn, full)) != 0)
			return r;
	}
	return 0;
}

/* Calls fn for each item of a list, or once for a lone scalar. */
typedef int	(*item_fn)(struct pctx *p, const yaml_node_t *in,
		    const char *path, void *arg);

static int
walk_list(struct pctx *p, const yaml_node_t *vn, const char *path,
    const char *what, item_fn fn, void *arg)
{
	const yaml_node_item_t *it;
	const yaml_node_t *in;
	int r;

	if (vn->type == YAML_SCALAR_NODE)
		return fn(p, vn, path, arg);
	if (vn->type != YAML_SEQUENCE_NODE)
		return fail(p, vn, path, "expected a list of %s", what);
	for (it = vn->data.sequence.items.start;
	    it < vn->data.sequence.items.top; it++) {
		if ((in = node(p, *it)) == NULL)
			return fail(p, vn, path, "broken YAML node");
		if ((r = fn(p, in, path, arg)) != 0)
			return r;
	}
	return 0;
}

/*
 * The mappings of a list (a lone mapping is a list of one): checks the
 * count and returns the nodes in *items (xcalloc'd, caller frees).
 */
static int
map_items(struct pctx *p, const yaml_node_t *vn, const char *path,
    const char *what, size_t max, const yaml_node_t ***items, size_t *n)
{
	const yaml_node_item_t *it;
	const yaml_node_t **v;
	size_t i = 0, cnt;

	if (vn->type == YAML_MAPPING_NODE) {
		v = xcalloc(1, sizeof(*v));
		v[0] = vn;
		*items = v;
		*n = 1;
		return 0;
	}
	if (vn->type != YAML_SEQUENCE_NODE)
		return fail(p, vn, path, "expected a list of %s", what);
	cnt = (size_t)(vn->data.sequence.items.top -
	    vn->data.sequence.items.start);
	if (cnt > max)
		return fail(p, vn, path, "more than %zu entries", max);
	v = xcalloc(cnt + 1, sizeof(*v));
	for (it = vn->data.sequence.items.start;
	    it < vn->data.sequence.items.top; it++) {
		if ((v[i++] = node(p, *it)) == NULL) {
			free(v);
			return fail(p, vn, path, "broken YAML node");
		}
	}
	*items = v;
	*n = cnt;
	return 0;
}

static int
get_u32(struct pctx *p, const yaml_node_t *vn, const char *path,
    uint32_t min, uint32_t max, uint32_t *out)
{
	unsigned long v;
	int r;

	if ((r = get_uint(p, vn, path, min, max, &v)) != 0)
		return r;
	*out = (uint32_t)v;
	return 0;
}

static int
get_as(struct pctx *p, const yaml_node_t *vn, const char *path,
    uint32_t *out)
{
	uint32_t as;
	int r;

	if ((r = get_u32(p, vn, path, 1, UINT32_MAX, &as)) != 0)
		return r;
	/* RFC 6793 4.2.3: AS_TRANS stands in for a 4-octet AS on the wire. */
	if (as == CONF_AS_TRANS)
		return fail(p, vn, path, "23456 is AS_TRANS (RFC 6793), not "
		    "an AS to configure");
	*out = as;
	return 0;
}

/* What makes an address unusable as a peer, local address or next hop. */
static const char *
addr_problem(const struct conf_addr *a)
{
	static const uint8_t zero[16];
	const uint8_t *b = a->addr;

	if (a->af == AF_INET) {
		if (memcmp(b, zero, 4) == 0)
			return "0.0.0.0 is not a unicast address";
		if (b[0] >= 224 && b[0] <= 239)
			return "a multicast address";
		if (b[0] == 255 && b[1] == 255 && b[2] == 255 && b[3] == 255)
			return "the broadcast address";
		return NULL;
	}
	if (memcmp(b, zero, 16) == 0)
		return ":: is not a unicast address";
	if (b[0] == 0xff)
		return "a multicast address";
	/* No key names the interface a link-local address needs. */
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
		return "a link-local address (not supported: no interface to "
		    "name)";
	return NULL;
}

/* An address of family af (0: either) that is a usable unicast one. */
static int
get_addr(struct pctx *p, const yaml_node_t *vn, const char *path, int af,
    struct conf_addr *out)
{
	char gotbuf[64];
	const char *s, *what, *bad;
	struct conf_addr a;

	what = af == AF_INET ? "an IPv4 address" : af == AF_INET6 ?
	    "an IPv6 address" : "an IPv4 or IPv6 address";
	if ((s = scalar(p, vn, path, what)) == NULL)
		return CN_ECONF;
	if (conf_parse_addr(s, &a) != 0 || (af != 0 && a.af != af))
		return fail(p, vn, path, "expected %s, got %s", what, GOT(vn));
	if ((bad = addr_problem(&a)) != NULL)
		return fail(p, vn, path, "expected a unicast address, got %s: "
		    "%s", GOT(vn), bad);
	*out = a;
	return 0;
}

static int
community_item(struct pctx *p, const yaml_node_t *in, const char *path,
    void *arg)
{
	struct conf_route_attrs *a = arg;
	char gotbuf[64], norm[32];
	const char *s;
	uint32_t c;
	size_t i;

	if ((s = scalar(p, in, path, "a community")) == NULL)
		return CN_ECONF;
	if (conf_parse_community(s, &c) != 0)
		return fail(p, in, path, "expected a community ASN:VALUE (two "
		    "numbers 0-65535) or no-export, no-advertise, "
		    "no-export-subconfed, graceful-shutdown, blackhole; got %s",
		    GOT(in));
	conf_format_community(c, norm, sizeof(norm));
	for (i = 0; i < a->ncommunities; i++)
		if (a->communities[i] == c)
			return fail(p, in, path, "%s listed twice", norm);
	if (a->ncommunities >= CONF_COMMUNITIES_MAX)
		return fail(p, in, path, "more than %d communities",
		    CONF_COMMUNITIES_MAX);
	/* RFC 7999: the receiver is asked to drop traffic to the prefix. */
	if (c == CONF_COMM_BLACKHOLE)
		warn(p, in, path, "blackhole asks the peer to drop all traffic "
		    "to the prefix (RFC 7999)");
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

	if ((s = scalar(p, in, path, "a large community")) == NULL)
		return CN_ECONF;
	if (conf_parse_large_community(s, &lc) != 0)
		return fail(p, in, path, "expected a large community "
		    "GLOBAL:LOCAL1:LOCAL2 (three numbers 0-4294967295), got %s",
		    GOT(in));
	conf_format_large_community(&lc, norm, sizeof(norm));
	for (i = 0; i < a->nlarge; i++)
		if (memcmp(&a->large[i], &lc, sizeof(lc)) == 0)
			return fail(p, in, path, "%s listed twice", norm);
	if (a->nlarge >= CONF_COMMUNITIES_MAX)
		return fail(p, in, path, "more than %d large communities",
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
		return walk_list(p, vn, path, "communities", community_item, a);
	if (strcmp(key, "large-communities") == 0)
		return walk_list(p, vn, path, "large communities", large_item,
		    a);
	if (strcmp(key, "prepend") == 0) {
		if ((r = get_uint(p, vn, path, 0, CONF_PREPEND_MAX, &v)) != 0)
			return r;
		a->prepend = (unsigned)v;
		*prepend = vn;
		return 0;
	}
	if (strcmp(key, "med") == 0) {
		if ((r = get_u32(p, vn, path, 0, UINT32_MAX, &a->med)) != 0)
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
	if ((s = scalar(p, in, path, "a prefix")) == NULL)
		return CN_ECONF;
	if (conf_parse_prefix(s, &pf, why, sizeof(why)) != 0)
		return fail(p, in, path, "%s, got %s", why, GOT(in));
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
		return get_addr(p, vn, path, 0, &cp->address);
	}
	if (strcmp(key, "local-address") == 0) {
		pa->local_address = vn;
		return get_addr(p, vn, path, 0, &cp->local_address);
	}
	if (strcmp(key, "next-hop") == 0)
		return get_addr(p, vn, path, AF_INET, &cp->next_hop);
	if (strcmp(key, "next-hop-ipv6") == 0)
		return get_addr(p, vn, path, AF_INET6, &cp->next_hop6);
	if (strcmp(key, "name") == 0) {
		if ((s = scalar(p, vn, path, "a name")) == NULL)
			return CN_ECONF;
		if (!valid_name(s))
			return fail(p, vn, path, "expected 1-%d printable ASCII "
			    "characters without spaces, got %s",
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
		if ((r = get_uint(p, vn, path, 1, 65535, &v)) != 0)
			return r;
		cp->port = (uint16_t)v;
		return 0;
	}
	if (strcmp(key, "password") == 0) {
		if ((s = scalar(p, vn, path, "a password")) == NULL)
			return CN_ECONF;
		/* Never echo a password into a log. */
		if (strlen(s) == 0 || strlen(s) > CONF_PASSWORD_MAX)
			return fail(p, vn, path, "expected 1-%d octets (TCP-MD5, "
			    "RFC 2385), got %zu", CONF_PASSWORD_MAX, strlen(s));
		cp->password = arena_strdup(&p->conf->arena, s);
		return 0;
	}
	if (strcmp(key, "ttl-security") == 0)
		return get_bool(p, vn, path, &cp->ttl_security);
	if (strcmp(key, "passive") == 0)
		return get_bool(p, vn, path, &cp->passive);
	if (strcmp(key, "hold-time") == 0) {
		if ((s = scalar(p, vn, path, "a duration")) == NULL)
			return CN_ECONF;
		/* RFC 4271 4.2: zero, or at least three seconds. */
		if (conf_parse_duration(s, &ms) != 0 || ms % 1000 != 0 ||
		    (ms != 0 && ms < CONF_HOLD_MIN_S * 1000) ||
		    ms > 65535U * 1000)
			return fail(p, vn, path, "expected whole seconds, 0 or "
			    "3s-65535s (RFC 4271 4.2), got %s", GOT(vn));
		cp->hold_time = (uint16_t)(ms / 1000);
		return 0;
	}
	if (strcmp(key, "connect-retry") == 0) {
		if ((s = scalar(p, vn, path, "a duration")) == NULL)
			return CN_ECONF;
		if (conf_parse_duration(s, &ms) != 0 ||
		    ms < CONF_CONNECT_RETRY_MIN_MS ||
		    ms > CONF_CONNECT_RETRY_MAX_MS)
			return fail(p, vn, path, "expected a duration 1s-1h, "
			    "got %s", GOT(vn));
		cp->connect_retry_ms = ms;
		cp->connect_retry_set = true;
		pa->connect_retry = vn;
		return 0;
	}
	if (strcmp(key, "local-pref") == 0) {
		if ((r = get_u32(p, vn, path, 0, UINT32_MAX,
		    &cp->local_pref)) != 0)
			return r;
		cp->local_pref_set = true;
		pa->local_pref = vn;
		return 0;
	}
	/* prefixes: checked against anycast: once the whole file is read. */
	if (vn->type == YAML_SEQUENCE_NODE &&
	    vn->data.sequence.items.start == vn->data.sequence.items.top)
		return fail(p, vn, path, "expected at least one prefix (leave "
		    "prefixes out to announce every anycast prefix)");
	pa->prefixes = vn;
	return walk_list(p, vn, path, "prefixes", prefix_item, NULL);
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
	if ((r = walk_map(p, pn, pa->path, peer_keys, peer_pair, &arg)) != 0)
		return r;
	if (pa->address == NULL)
		return fail(p, pn, pa->path, "missing key 'address'");
	if (pa->remote_as == NULL)
		return fail(p, pn, pa->path, "missing key 'remote-as'");
	if (cp->local_address.af != 0 &&
	    cp->local_address.af != cp->address.af) {
		snprintf(full, sizeof(full), "%s.local-address", pa->path);
		return fail(p, pa->local_address, full, "must be an %s "
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
			return fail(p, pa->address, full, "%s port %u is "
			    "already %s", abuf, (unsigned)cp->port,
			    p->pacc[i].path);
		}
		if (strcmp(o->name, cp->name) == 0) {
			snprintf(full, sizeof(full), "%s.name", pa->path);
			return fail(p, pa->name != NULL ? pa->name : pn, full,
			    "'%s' already names %s", cp->name,
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

	if ((r = map_items(p, vn, path, "peers { address: ADDR, remote-as: "
	    "AS }", CONF_PEERS_MAX, &items, &n)) != 0)
		return r;
	if (n == 0) {
		free(items);
		return fail(p, vn, path, "expected at least one peer");
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
	if ((s = scalar(p, vn, path, "an IPv4 address")) == NULL)
		return CN_ECONF;
	if (conf_parse_addr(s, &a) != 0 || a.af != AF_INET ||
	    (a.addr[0] | a.addr[1] | a.addr[2] | a.addr[3]) == 0)
		return fail(p, vn, path, "expected a nonzero IPv4 address "
		    "(dotted quad), got %s", GOT(vn));
	p->conf->bgp_router_id = (uint32_t)a.addr[0] << 24 |
	    (uint32_t)a.addr[1] << 16 | (uint32_t)a.addr[2] << 8 | a.addr[3];
	return 0;
}

static int
get_bgp(struct pctx *p, const yaml_node_t *vn, const char *path)
{
	int r;

	if ((r = walk_map(p, vn, path, bgp_keys, bgp_pair, NULL)) != 0)
		return r;
	if (p->conf->bgp_as == 0)
		return fail(p, vn, path, "missing key 'as'");
	if (p->conf->bgp_router_id == 0)
		return fail(p, vn, path, "missing key 'router-id'");
	if (p->conf->npeers == 0)
		return fail(p, vn, path, "missing key 'peer'");
	return 0;
}

static const char *const anycast_keys[] = {
	"prefix", "communities", "large-communities", "prepend", "med",
	"checks", NULL
};

struct anycast_arg {
	struct conf_anycast	*ca;
	const yaml_node_t	*prefix, **prepend;
};

static int
anycast_pair(struct pctx *p, const char *key, const char *path,
    const yaml_node_t *kn, const yaml_node_t *vn, void *arg)
{
	struct anycast_arg *aa = arg;
	char why[128], gotbuf[64];
	const char *s;
	int r;

	if ((r = attrs_pair(p, key, path, vn, &aa->ca->attrs,
	    aa->prepend)) <= 0)
		return r;
	if (strcmp(key, "checks") == 0)
		return fail(p, kn, path, "not supported yet by this castnsd "
		    "(health checks come later)");
	if ((s = scalar(p, vn, path, "a prefix")) == NULL)
		return CN_ECONF;
	if (conf_parse_prefix(s, &aa->ca->prefix, why, sizeof(why)) != 0)
		return fail(p, vn, path, "%s, got %s", why, GOT(vn));
	if (aa->ca->prefix.len == 0)
		return fail(p, vn, path, "a default route is not an anycast "
		    "prefix, got %s", GOT(vn));
	aa->prefix = vn;
	return 0;
}

static int
add_anycast(struct pctx *p, const yaml_node_t *an, size_t idx)
{
	struct conf_anycast *ca = &p->conf->anycast[idx];
	struct anycast_arg arg = { ca, NULL, &p->aprepend[idx] };
	char path[32], full[48];
	size_t i;
	int r;

	memset(ca, 0, sizeof(*ca));
	snprintf(path, sizeof(path), "anycast[%zu]", idx + 1);
	if ((r = walk_map(p, an, path, anycast_keys, anycast_pair,
	    &arg)) != 0)
		return r;
	if (arg.prefix == NULL)
		return fail(p, an, path, "missing key 'prefix'");
	snprintf(full, sizeof(full), "%s.prefix", path);
	for (i = 0; i < idx; i++)
		if (conf_prefix_equal(&p->conf->anycast[i].prefix,
		    &ca->prefix))
			return fail(p, arg.prefix, full, "%s is already "
			    "anycast[%zu]", ca->prefix.text, i + 1);
	if ((ca->prefix.af == AF_INET && ca->prefix.len > 24) ||
	    (ca->prefix.af == AF_INET6 && ca->prefix.len > 48))
		warn(p, arg.prefix, full, "%s is more specific than /%d: most "
		    "networks filter it", ca->prefix.text,
		    ca->prefix.af == AF_INET ? 24 : 48);
	return 0;
}

static int
get_anycast(struct pctx *p, const yaml_node_t *vn, const char *path)
{
	const yaml_node_t **items = NULL;
	struct conf *c = p->conf;
	size_t i, n;
	int r = 0;

	if ((r = map_items(p, vn, path, "{ prefix: ADDRESS/LENGTH }",
	    CONF_PREFIXES_MAX, &items, &n)) != 0)
		return r;
	if (n > 0) {
		c->anycast = arena_alloc(&c->arena, n * sizeof(*c->anycast));
		p->aprepend = xcalloc(n, sizeof(*p->aprepend));
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
		    node(p, pa->prefixes->data.sequence.items.start[i]);

		/* Parsed once already: cannot fail here. */
		if (conf_parse_prefix((const char *)in->data.scalar.value, &pf,
		    NULL, 0) != 0)
			return fail(p, in, full, "broken prefix");
		for (j = 0; j < c->nanycast; j++)
			if (conf_prefix_equal(&c->anycast[j].prefix, &pf))
				break;
		if (j == c->nanycast)
			return fail(p, in, full, "%s is not listed under "
			    "anycast:", pf.text);
		for (size_t k = 0; k < i; k++)
			if (cp->prefixes[k] == j)
				return fail(p, in, full, "%s listed twice",
				    pf.text);
		cp->prefixes[i] = j;
		cp->nprefixes = i + 1;
	}
	return 0;
}

/* Checks that need the whole file, and the warnings they give. */
static int
finish(struct pctx *p)
{
	struct conf *c = p->conf;
	struct conf_peer *cp;
	struct peer_acc *pa;
	bool *ibgp_prepend = NULL, ibgp;
	size_t i, j, n, other, idx;
	char full[64];
	int r, af;

	if (c->nanycast > 0 && c->bgp_as == 0)
		return fail(p, p->anycast_key, "anycast", "needs a bgp section "
		    "(the prefixes are announced over BGP)");
	if (c->bgp_as == 0)
		return 0;
	if (c->nanycast == 0)
		warn(p, p->bgp_key, "bgp", "no anycast prefixes: the sessions "
		    "come up but announce nothing");
	else
		ibgp_prepend = xcalloc(c->nanycast, sizeof(*ibgp_prepend));
	for (i = 0; i < c->npeers; i++) {
		cp = &c->peers[i];
		pa = &p->pacc[i];
		ibgp = cp->remote_as == c->bgp_as;
		/* RFC 4271 5.1.5: LOCAL_PREF goes to internal peers only. */
		if (!ibgp && pa->local_pref != NULL) {
			snprintf(full, sizeof(full), "%s.local-pref", pa->path);
			r = fail(p, pa->local_pref, full, "only for iBGP peers "
			    "(remote-as %" PRIu32 " is not bgp.as %" PRIu32 ")",
			    cp->remote_as, c->bgp_as);
			goto fail;
		}
		if (pa->prefixes != NULL &&
		    (r = resolve_prefixes(p, cp, pa)) != 0)
			goto fail;
		if (ibgp && cp->attrs.prepend > 0) {
			snprintf(full, sizeof(full), "%s.prepend", pa->path);
			warn(p, pa->prepend, full, "prepending toward an iBGP "
			    "peer puts the local AS in the path: routers of "
			    "AS %" PRIu32 " may drop the route as a loop",
			    c->bgp_as);
		}
		if (cp->passive && pa->connect_retry != NULL) {
			snprintf(full, sizeof(full), "%s.connect-retry",
			    pa->path);
			warn(p, pa->connect_retry, full, "has no effect on a "
			    "passive peer");
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
			warn(p, pa->node, pa->path, "%zu of its %zu prefixes "
			    "will not be announced: an %s session needs %s for "
			    "%s prefixes", other, n, cp->address.af == AF_INET ?
			    "IPv4" : "IPv6", cp->address.af == AF_INET ?
			    "next-hop-ipv6" : "next-hop",
			    cp->address.af == AF_INET ? "IPv6" : "IPv4");
	}
	for (j = 0; j < c->nanycast; j++)
		if (ibgp_prepend[j]) {
			snprintf(full, sizeof(full), "anycast[%zu].prepend",
			    j + 1);
			warn(p, p->aprepend[j], full, "prepending toward an "
			    "iBGP peer puts the local AS in the path: routers "
			    "of AS %" PRIu32 " may drop the route as a loop",
			    c->bgp_as);
		}
	r = 0;
fail:
	free(ibgp_prepend);
	return r;
}

static const char *const top_keys[] = {
	"server", "zone", "bgp", "check", "anycast", NULL
};

static int
top_pair(struct pctx *p, const char *key, const char *path,
    const yaml_node_t *kn, const yaml_node_t *vn, void *arg)
{
	(void)arg;
	if (strcmp(key, "server") == 0)
		return walk_map(p, vn, path, server_keys, server_pair, NULL);
	if (strcmp(key, "zone") == 0)
		return get_zones(p, vn, path);
	if (strcmp(key, "bgp") == 0) {
		p->bgp_key = kn;
		return get_bgp(p, vn, path);
	}
	if (strcmp(key, "anycast") == 0) {
		p->anycast_key = kn;
		return get_anycast(p, vn, path);
	}
	return fail(p, kn, path, "section not supported yet by this castnsd "
	    "(health checks come later)");
}

static void
set_dir(struct pctx *p, const char *label)
{
	const char *slash = strrchr(label, '/');
	size_t n;

	p->dir[0] = '\0';
	if (slash == NULL)
		return;
	n = (size_t)(slash - label);
	if (n == 0) {
		snprintf(p->dir, sizeof(p->dir), "/");
		return;
	}
	if (n >= sizeof(p->dir))
		n = sizeof(p->dir) - 1;
	memcpy(p->dir, label, n);
	p->dir[n] = '\0';
}

static int
syntax_error(const yaml_parser_t *parser, const char *label, char *err,
    size_t errlen)
{
	if (err == NULL || errlen == 0)
		return CN_ECONF;
	if (parser->context != NULL)
		snprintf(err, errlen, "%s:%zu:%zu: YAML syntax: %s %s (from "
		    "line %zu)", label, parser->problem_mark.line + 1,
		    parser->problem_mark.column + 1,
		    parser->problem ? parser->problem : "error",
		    parser->context, parser->context_mark.line + 1);
	else
		snprintf(err, errlen, "%s:%zu:%zu: YAML syntax: %s", label,
		    parser->problem_mark.line + 1,
		    parser->problem_mark.column + 1,
		    parser->problem ? parser->problem : "error");
	return CN_ECONF;
}

static int
parse(yaml_parser_t *parser, const char *label, struct conf **out,
    char *err, size_t errlen)
{
	yaml_document_t doc, extra;
	struct pctx p;
	const yaml_node_t *root;
	int r = 0;

	memset(&p, 0, sizeof(p));
	p.label = label;
	p.err = err;
	p.errlen = errlen;
	set_dir(&p, label);
	if (!yaml_parser_load(parser, &doc))
		return syntax_error(parser, label, err, errlen);
	p.doc = &doc;
	p.conf = conf_new();
	root = yaml_document_get_root_node(&doc);
	if (root != NULL) {
		if (root->type != YAML_MAPPING_NODE)
			r = fail(&p, root, NULL, "expected sections "
			    "(server:, zone:) at the top level");
		else
			r = walk_map(&p, root, NULL, top_keys, top_pair, NULL);
		if (r == 0)
			r = finish(&p);
		/* A second document would be silently ignored: refuse it. */
		if (r == 0) {
			if (!yaml_parser_load(parser, &extra)) {
				r = syntax_error(parser, label, err, errlen);
			} else {
				const yaml_node_t *second =
				    yaml_document_get_root_node(&extra);

				if (second != NULL)
					r = fail(&p, second, NULL, "only one "
					    "YAML document allowed");
				yaml_document_delete(&extra);
			}
		}
	}
	yaml_document_delete(&doc);
	free(p.pacc);
	free(p.aprepend);
	if (r == 0)
		keep_warnings(&p);
	free(p.warn);
	if (r != 0) {
		conf_free(p.conf);
		return r;
	}
	p.conf->source = conf_strdup(p.conf, label);
	*out = p.conf;
	return 0;
}

int
conf_parse_text(const char *text, size_t len, const char *label,
    struct conf **out, char *err, size_t errlen)
{
	yaml_parser_t parser;
	int r;

	if (!yaml_parser_initialize(&parser))
		return CN_ENOMEM;
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	r = parse(&parser, label, out, err, errlen);
	yaml_parser_delete(&parser);
	return r;
}

int
conf_parse_file(const char *path, struct conf **out, char *err,
    size_t errlen)
{
	yaml_parser_t parser;
	FILE *f;
	int r;

	if ((f = fopen(path, "rb")) == NULL) {
		r = -errno;
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return r;
	}
	if (!yaml_parser_initialize(&parser)) {
		fclose(f);
		return CN_ENOMEM;
	}
	yaml_parser_set_input_file(&parser, f);
	r = parse(&parser, path, out, err, errlen);
	yaml_parser_delete(&parser);
	fclose(f);
	return r;
}
