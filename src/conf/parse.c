/* SPDX-License-Identifier: MIT */
/*
 * parse.c -- YAML configuration file to struct conf.
 *
 * libyaml loads the file as one document (nodes keep their line and
 * column); the walk below knows every section and key, converts each value
 * through value.c and stops at the first problem, naming file:line:column
 * and the key path ("server.workers", "zone[2].file").  Unknown keys are
 * errors, so a typo never silently leaves a default in place.  Sections
 * that later versions will read (bgp, check, anycast, server.control,
 * server.metrics) are refused as "not supported yet".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../common/err.h"
#include "conf.h"

struct pctx {
	const char	*label;
	char		 dir[1024];	/* of the file, for relative paths */
	yaml_document_t	*doc;
	struct conf	*conf;
	char		*err;
	size_t		 errlen;
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
	"control", "metrics", NULL
};

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
	/* control, metrics */
	return fail(p, kn, path, "not supported yet by this castnsd");
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
	return fail(p, kn, path, "section not supported yet by this castnsd "
	    "(BGP, health checks and anycast prefixes come later)");
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
