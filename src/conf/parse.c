/* SPDX-License-Identifier: MIT */
/*
 * parse.c -- YAML configuration file to struct conf.
 *
 * libyaml loads the file as one document (nodes keep their line and
 * column); the walk below knows every section and key, converts each value
 * through value.c and stops at the first problem, naming file:line:column
 * and the key path ("server.workers", "zone[2].file").  Unknown keys are
 * errors, so a typo never silently leaves a default in place.  This file
 * has the walk's helpers (shared through parse_int.h), server: and zone:;
 * parse_bgp.c reads bgp: and anycast:, parse_health.c check: and health:.
 * What needs the whole file is checked after the walk by their finish
 * functions.  Things accepted but worth telling become conf->warnings,
 * located like errors.  Keys that later versions will read
 * (server.control, server.metrics) are refused as "not supported yet".
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
#include "parse_int.h"

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

int
cp_fail(struct pctx *p, const yaml_node_t *n, const char *key,
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
const char *
cp_shown(const yaml_node_t *n, char *buf, size_t len)
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

/* Records a warning "file:line:col: key: text" in the conf's arena. */
void
cp_warn(struct pctx *p, const yaml_node_t *n, const char *key,
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
const char *
cp_scalar(struct pctx *p, const yaml_node_t *n, const char *key,
    const char *what)
{
	char gotbuf[64];

	if (n->type != YAML_SCALAR_NODE) {
		cp_fail(p, n, key, "expected %s, got %s", what, GOT(n));
		return NULL;
	}
	if (strlen((const char *)n->data.scalar.value) !=
	    n->data.scalar.length) {
		cp_fail(p, n, key, "NUL octet in value");
		return NULL;
	}
	return (const char *)n->data.scalar.value;
}

const yaml_node_t *
cp_node(struct pctx *p, int id)
{
	return yaml_document_get_node(p->doc, id);
}

int
cp_walk_map(struct pctx *p, const yaml_node_t *map, const char *path,
    const char *const *names, pair_fn fn, void *arg)
{
	const yaml_node_pair_t *pair, *prev;
	const yaml_node_t *kn, *vn, *pk;
	char full[128], gotbuf[64];
	const char *key;
	size_t i;
	int r;

	if (map->type != YAML_MAPPING_NODE)
		return cp_fail(p, map, path, "expected a mapping of keys, "
		    "got %s", GOT(map));
	for (pair = map->data.mapping.pairs.start;
	    pair < map->data.mapping.pairs.top; pair++) {
		kn = cp_node(p, pair->key);
		vn = cp_node(p, pair->value);
		if (kn == NULL || vn == NULL)
			return cp_fail(p, map, path, "broken YAML node");
		if ((key = cp_scalar(p, kn, path, "a key")) == NULL)
			return CN_ECONF;
		if (path != NULL)
			snprintf(full, sizeof(full), "%s.%s", path, key);
		else
			snprintf(full, sizeof(full), "%s", key);
		for (i = 0; names[i] != NULL; i++)
			if (strcmp(names[i], key) == 0)
				break;
		if (names[i] == NULL)
			return cp_fail(p, kn, full, "unknown key");
		for (prev = map->data.mapping.pairs.start; prev < pair;
		    prev++) {
			pk = cp_node(p, prev->key);
			if (pk != NULL && pk->type == YAML_SCALAR_NODE &&
			    strcmp((const char *)pk->data.scalar.value,
			    key) == 0)
				return cp_fail(p, kn, full, "key given twice "
				    "(first at line %zu)",
				    pk->start_mark.line + 1);
		}
		if (fn != NULL && (r = fn(p, key, full, kn, vn, arg)) != 0)
			return r;
	}
	return 0;
}

int
cp_get_uint(struct pctx *p, const yaml_node_t *vn, const char *path,
    unsigned long min, unsigned long max, unsigned long *out)
{
	char gotbuf[64];
	const char *s;

	if ((s = cp_scalar(p, vn, path, "a number")) == NULL)
		return CN_ECONF;
	if (conf_parse_uint(s, min, max, out) != 0)
		return cp_fail(p, vn, path, "expected a number %lu-%lu, got %s",
		    min, max, GOT(vn));
	return 0;
}

int
cp_get_bool(struct pctx *p, const yaml_node_t *vn, const char *path,
    bool *out)
{
	char gotbuf[64];
	const char *s;

	if ((s = cp_scalar(p, vn, path, "true or false")) == NULL)
		return CN_ECONF;
	if (conf_parse_bool(s, out) != 0)
		return cp_fail(p, vn, path, "expected true or false, got %s",
		    GOT(vn));
	return 0;
}

static int
get_text(struct pctx *p, const yaml_node_t *vn, const char *path,
    const char **out)
{
	char gotbuf[64];
	const char *s;

	if ((s = cp_scalar(p, vn, path, "a string")) == NULL)
		return CN_ECONF;
	if (!conf_valid_text(s))
		return cp_fail(p, vn, path, "expected 1-%d printable ASCII "
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

	if ((s = cp_scalar(p, vn, path, "ADDR@PORT")) == NULL)
		return CN_ECONF;
	if (conf_parse_listen(s, &l, why, sizeof(why)) != 0)
		return cp_fail(p, vn, path, "%s, got %s", why, GOT(vn));
	r = conf_add_listen(p->conf, &l);
	if (r == CN_EEXIST)
		return cp_fail(p, vn, path, "%s listed twice", l.text);
	if (r != 0)
		return cp_fail(p, vn, path, "more than %d addresses",
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
		return cp_fail(p, vn, path, "expected a list of ADDR@PORT");
	if (vn->data.sequence.items.start == vn->data.sequence.items.top)
		return cp_fail(p, vn, path, "expected at least one ADDR@PORT");
	for (it = vn->data.sequence.items.start;
	    it < vn->data.sequence.items.top; it++) {
		if ((in = cp_node(p, *it)) == NULL)
			return cp_fail(p, vn, path, "broken YAML node");
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

	if ((s = cp_scalar(p, vn, path, "hex digits")) == NULL)
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
	return cp_fail(p, vn, path, "expected %d hex digits (%d octets), "
	    "got %s", CONF_COOKIE_SECRET_LEN * 2, CONF_COOKIE_SECRET_LEN,
	    GOT(vn));
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
		return cp_get_bool(p, vn, path, &p->conf->log_syslog);
	if ((s = cp_scalar(p, vn, path, "a level")) == NULL)
		return CN_ECONF;
	for (i = 0; verbosity_names[i] != NULL; i++)
		if (strcmp(s, verbosity_names[i]) == 0) {
			p->conf->log_verbosity = i - 2;
			return 0;
		}
	return cp_fail(p, vn, path, "expected error, warning, info or debug, "
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

	if ((s = cp_scalar(p, vn, path, "a socket path")) == NULL)
		return CN_ECONF;
	p->conf->control_set = true;
	if (strcmp(s, "none") == 0) {
		p->conf->control = NULL;
		return 0;
	}
	if (s[0] != '/' || strlen(s) > CONF_CONTROL_PATH_MAX ||
	    !conf_valid_text(s) || strchr(s, ' ') != NULL)
		return cp_fail(p, vn, path, "expected an absolute path of at most "
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

	if ((s = cp_scalar(p, vn, path, "an octal mode")) == NULL)
		return CN_ECONF;
	for (q = s; *q >= '0' && *q <= '7'; q++)
		v = v * 8 + (unsigned long)(*q - '0');
	if (q == s || *q != '\0' || q - s > 4 || v > 0777)
		return cp_fail(p, vn, path, "expected an octal mode 0000-0777 "
		    "(like 0600), got %s", GOT(vn));
	if ((v & 0600) != 0600)
		cp_warn(p, vn, path, "mode %04lo: the owner cannot use the "
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

	if ((s = cp_scalar(p, vn, path, "ADDR@PORT")) == NULL)
		return CN_ECONF;
	if (strcmp(s, "none") == 0) {
		p->conf->metrics_set = false;
		return 0;
	}
	if (strchr(s, '@') == NULL)
		return cp_fail(p, vn, path, "expected ADDR@PORT with the port "
		    "(like 127.0.0.1@9153), or none, got %s", GOT(vn));
	if (conf_parse_listen(s, &p->conf->metrics, why, sizeof(why)) != 0)
		return cp_fail(p, vn, path, "%s, got %s", why, GOT(vn));
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
		return cp_get_bool(p, vn, path, &c->nsid);
	if (strcmp(key, "cookie-secret") == 0)
		return get_secret(p, vn, path);
	if (strcmp(key, "log") == 0)
		return cp_walk_map(p, vn, path, log_keys, log_pair, NULL);
	if (strcmp(key, "workers") == 0) {
		if ((r = cp_get_uint(p, vn, path, 1, CONF_WORKERS_MAX,
		    &v)) != 0)
			return r;
		c->workers = (unsigned)v;
		return 0;
	}
	if (strcmp(key, "udp-payload") == 0) {
		if ((r = cp_get_uint(p, vn, path, CONF_UDP_PAYLOAD_MIN,
		    CONF_UDP_PAYLOAD_MAX, &v)) != 0)
			return r;
		c->udp_payload = (uint16_t)v;
		return 0;
	}
	if (strcmp(key, "tcp-max-clients") == 0) {
		if ((r = cp_get_uint(p, vn, path, 1, CONF_TCP_CLIENTS_MAX,
		    &v)) != 0)
			return r;
		c->tcp_max_clients = (uint32_t)v;
		return 0;
	}
	if (strcmp(key, "tcp-idle-timeout") == 0) {
		if ((s = cp_scalar(p, vn, path, "a duration")) == NULL)
			return CN_ECONF;
		if (conf_parse_duration(s, &c->tcp_idle_ms) != 0 ||
		    c->tcp_idle_ms < CONF_TCP_IDLE_MIN_MS ||
		    c->tcp_idle_ms > CONF_TCP_IDLE_MAX_MS)
			return cp_fail(p, vn, path, "expected a duration "
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

static const char *const zone_keys[] = {
	"domain", "file", "ecs", "dnssec-expiry-withdraw", "primary",
	"transfer-source", "allow-transfer", "notify", NULL
};
#define ZONE_XFR_KEYS	4	/* the last four: parse_xfr.c */

struct zone_acc {
	const yaml_node_t	*domain, *file, *ecs, *expiry;
	char			 ecs_path[64];
	char			 expiry_path[96];
	/* Transfer settings, parsed once the zone exists. */
	const char		*xkey[ZONE_XFR_KEYS];
	const yaml_node_t	*xnode[ZONE_XFR_KEYS];
	char			 xpath[ZONE_XFR_KEYS][96];
	size_t			 nx;
	const yaml_node_t	*source;
	char			 source_path[96];
};

/*
 * A zone's dnssec-expiry-withdraw: a duration ("2d", "12h", "90m", "3600"
 * seconds), 0 (off) up to 365 days; whole seconds.
 */
static int
get_expiry(struct pctx *p, const yaml_node_t *vn, const char *path,
    uint32_t *secs)
{
	char gotbuf[64];
	const char *s;
	unsigned long d;
	uint32_t ms;
	size_t n;

	if ((s = cp_scalar(p, vn, path, "a duration")) == NULL)
		return CN_ECONF;
	n = strlen(s);
	if (n > 1 && s[n - 1] == 'd' && s[0] >= '0' && s[0] <= '9' &&
	    strspn(s, "0123456789") == n - 1 && n < 6 &&
	    (d = strtoul(s, NULL, 10)) <= 365) {
		*secs = (uint32_t)(d * 86400);
		return 0;
	}
	if (conf_parse_duration(s, &ms) != 0 || ms % 1000 != 0)
		return cp_fail(p, vn, path, "expected a duration in whole "
		    "seconds up to 365d (e.g. 2d, 12h, 30m), got %s",
		    GOT(vn));
	*secs = ms / 1000;
	return 0;
}

static int
zone_pair(struct pctx *p, const char *key, const char *path,
    const yaml_node_t *kn, const yaml_node_t *vn, void *arg)
{
	struct zone_acc *z = arg;

	(void)kn;
	if (strcmp(key, "primary") == 0 || strcmp(key, "notify") == 0 ||
	    strcmp(key, "allow-transfer") == 0 ||
	    strcmp(key, "transfer-source") == 0) {
		if (strcmp(key, "transfer-source") == 0) {
			z->source = vn;
			snprintf(z->source_path, sizeof(z->source_path), "%s",
			    path);
		}
		z->xkey[z->nx] = key;
		z->xnode[z->nx] = vn;
		snprintf(z->xpath[z->nx++], sizeof(z->xpath[0]), "%s", path);
		return 0;
	}
	if (strcmp(key, "dnssec-expiry-withdraw") == 0) {
		uint32_t secs;

		z->expiry = vn;
		snprintf(z->expiry_path, sizeof(z->expiry_path), "%s", path);
		return get_expiry(p, vn, path, &secs);
	}
	if (strcmp(key, "ecs") == 0) {
		bool b;

		z->ecs = vn;
		snprintf(z->ecs_path, sizeof(z->ecs_path), "%s", path);
		return cp_get_bool(p, vn, path, &b);
	}
	if (cp_scalar(p, vn, path, strcmp(key, "file") == 0 ? "a file name" :
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
	struct zone_acc z;
	char full[160], why[128], gotbuf[64];
	const char *file;
	struct conf_zone *cz;
	size_t flen, dlen;
	char *abs;
	size_t i;
	int r;

	memset(&z, 0, sizeof(z));
	if ((r = cp_walk_map(p, zn, path, zone_keys, zone_pair, &z)) != 0)
		return r;
	if (z.domain == NULL)
		return cp_fail(p, zn, path, "missing key 'domain'");
	if (z.file == NULL)
		return cp_fail(p, zn, path, "missing key 'file'");
	file = (const char *)z.file->data.scalar.value;
	snprintf(full, sizeof(full), "%s.domain", path);
	r = conf_add_zone(p->conf, (const char *)z.domain->data.scalar.value,
	    file, why, sizeof(why));
	if (r != 0) {
		if (*file == '\0') {
			snprintf(full, sizeof(full), "%s.file", path);
			return cp_fail(p, z.file, full, "%s", why);
		}
		return cp_fail(p, z.domain, full, "%s, got %s", why,
		    GOT(z.domain));
	}
	/* Relative zone files are found beside the config file. */
	cz = &p->conf->zones[p->conf->nzones - 1];
	if (z.ecs != NULL && (r = cp_get_bool(p, z.ecs, z.ecs_path,
	    &cz->ecs)) != 0)
		return r;
	if (z.expiry != NULL && (r = get_expiry(p, z.expiry, z.expiry_path,
	    &cz->dnssec_expiry_withdraw_s)) != 0)
		return r;
	for (i = 0; i < z.nx; i++)
		if ((r = cp_get_zone_xfr(p, cz, z.xkey[i], z.xnode[i],
		    z.xpath[i])) != 0)
			return r;
	if ((r = cp_check_zone_xfr(p, cz, z.source, z.source_path)) != 0)
		return r;
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
		return cp_fail(p, vn, path, "expected a list of "
		    "{ domain: NAME, file: FILE }");
	for (it = vn->data.sequence.items.start;
	    it < vn->data.sequence.items.top; it++, i++) {
		if ((zn = cp_node(p, *it)) == NULL)
			return cp_fail(p, vn, path, "broken YAML node");
		snprintf(full, sizeof(full), "%s[%d]", path, i);
		if ((r = add_zone(p, zn, full)) != 0)
			return r;
	}
	return 0;
}

int
cp_walk_list(struct pctx *p, const yaml_node_t *vn, const char *path,
    const char *what, item_fn fn, void *arg)
{
	const yaml_node_item_t *it;
	const yaml_node_t *in;
	int r;

	if (vn->type == YAML_SCALAR_NODE)
		return fn(p, vn, path, arg);
	if (vn->type != YAML_SEQUENCE_NODE)
		return cp_fail(p, vn, path, "expected a list of %s", what);
	for (it = vn->data.sequence.items.start;
	    it < vn->data.sequence.items.top; it++) {
		if ((in = cp_node(p, *it)) == NULL)
			return cp_fail(p, vn, path, "broken YAML node");
		if ((r = fn(p, in, path, arg)) != 0)
			return r;
	}
	return 0;
}

/*
 * The mappings of a list (a lone mapping is a list of one): checks the
 * count and returns the nodes in *items (xcalloc'd, caller frees).
 */
int
cp_map_items(struct pctx *p, const yaml_node_t *vn, const char *path,
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
		return cp_fail(p, vn, path, "expected a list of %s", what);
	cnt = (size_t)(vn->data.sequence.items.top -
	    vn->data.sequence.items.start);
	if (cnt > max)
		return cp_fail(p, vn, path, "more than %zu entries", max);
	v = xcalloc(cnt + 1, sizeof(*v));
	for (it = vn->data.sequence.items.start;
	    it < vn->data.sequence.items.top; it++) {
		if ((v[i++] = cp_node(p, *it)) == NULL) {
			free(v);
			return cp_fail(p, vn, path, "broken YAML node");
		}
	}
	*items = v;
	*n = cnt;
	return 0;
}

int
cp_get_u32(struct pctx *p, const yaml_node_t *vn, const char *path,
    uint32_t min, uint32_t max, uint32_t *out)
{
	unsigned long v;
	int r;

	if ((r = cp_get_uint(p, vn, path, min, max, &v)) != 0)
		return r;
	*out = (uint32_t)v;
	return 0;
}

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
int
cp_get_addr(struct pctx *p, const yaml_node_t *vn, const char *path, int af,
    struct conf_addr *out)
{
	char gotbuf[64];
	const char *s, *what, *bad;
	struct conf_addr a;

	what = af == AF_INET ? "an IPv4 address" : af == AF_INET6 ?
	    "an IPv6 address" : "an IPv4 or IPv6 address";
	if ((s = cp_scalar(p, vn, path, what)) == NULL)
		return CN_ECONF;
	if (conf_parse_addr(s, &a) != 0 || (af != 0 && a.af != af))
		return cp_fail(p, vn, path, "expected %s, got %s", what,
		    GOT(vn));
	if ((bad = addr_problem(&a)) != NULL)
		return cp_fail(p, vn, path, "expected a unicast address, got "
		    "%s: %s", GOT(vn), bad);
	*out = a;
	return 0;
}

static const char *const top_keys[] = {
	"server", "zone", "key", "bgp", "check", "health", "anycast", "geo",
	NULL
};

static int
top_pair(struct pctx *p, const char *key, const char *path,
    const yaml_node_t *kn, const yaml_node_t *vn, void *arg)
{
	(void)arg;
	if (strcmp(key, "server") == 0)
		return cp_walk_map(p, vn, path, server_keys, server_pair, NULL);
	if (strcmp(key, "zone") == 0)
		return get_zones(p, vn, path);
	if (strcmp(key, "key") == 0)
		return cp_get_keys(p, vn, path);
	if (strcmp(key, "bgp") == 0) {
		p->bgp_key = kn;
		return cp_get_bgp(p, vn, path);
	}
	if (strcmp(key, "anycast") == 0) {
		p->anycast_key = kn;
		return cp_get_anycast(p, vn, path);
	}
	if (strcmp(key, "check") == 0) {
		p->check_key = kn;
		return cp_get_checks(p, vn, path);
	}
	if (strcmp(key, "geo") == 0) {
		p->geo_key = kn;
		return cp_get_geo(p, vn, path);
	}
	return cp_get_health(p, vn, path);
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
			r = cp_fail(&p, root, NULL, "expected sections "
			    "(server:, zone:) at the top level");
		else
			r = cp_walk_map(&p, root, NULL, top_keys, top_pair,
			    NULL);
		if (r == 0)
			r = cp_finish_bgp(&p);
		if (r == 0)
			r = cp_finish_xfr(&p);
		/* Geo first: its sites' checks count as used. */
		if (r == 0)
			r = cp_finish_geo(&p);
		if (r == 0)
			r = cp_finish_health(&p);
		/* A second document would be silently ignored: refuse it. */
		if (r == 0) {
			if (!yaml_parser_load(parser, &extra)) {
				r = syntax_error(parser, label, err, errlen);
			} else {
				const yaml_node_t *second =
				    yaml_document_get_root_node(&extra);

				if (second != NULL)
					r = cp_fail(&p, second, NULL, "only "
					    "one YAML document allowed");
				yaml_document_delete(&extra);
			}
		}
	}
	yaml_document_delete(&doc);
	free(p.pacc);
	free(p.aacc);
	free(p.cnodes);
	free(p.site_checks);
	free(p.answer_names);
	free(p.keyrefs);
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
