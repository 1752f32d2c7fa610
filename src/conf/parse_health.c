/* SPDX-License-Identifier: MIT */
/*
 * parse_health.c -- the check: and health: sections of the config file,
 * and the checks that gate each anycast prefix.
 *
 * A check's keys are first collected (the type may come after the keys
 * that depend on it), then read in one fixed order, so a key of another
 * type is refused by name.  cp_finish_health() runs after the walk: it
 * resolves anycast[].checks against the check ids, gives dns checks
 * without query: the first zone's apex SOA, and dns checks without
 * target: the listen addresses inside the prefixes they gate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <math.h>

#include "../common/err.h"
#include "../dns/ztext.h"
#include "conf.h"
#include "parse_int.h"

enum ck {
	CK_ID, CK_TYPE, CK_TARGET, CK_QUERY, CK_PROTOCOL, CK_EXPECT_RCODE,
	CK_EXPECT_ANSWER, CK_URL, CK_EXPECT_STATUS, CK_COMMAND, CK_PATH,
	CK_SOURCE, CK_INTERVAL, CK_TIMEOUT, CK_RISE, CK_FALL, CK_N
};

static const char *const check_keys[CK_N + 1] = {
	"id", "type", "target", "query", "protocol", "expect-rcode",
	"expect-answer", "url", "expect-status", "command", "path", "source",
	"interval", "timeout", "rise", "fall", NULL
};

/* Which types each key belongs to (bit 1 << type); 0: every type. */
#define T(x)	(1u << CONF_CHECK_##x)
static const unsigned check_key_types[CK_N] = {
	[CK_TARGET] = T(DNS) | T(TCP),
	[CK_QUERY] = T(DNS),
	[CK_PROTOCOL] = T(DNS),
	[CK_EXPECT_RCODE] = T(DNS),
	[CK_EXPECT_ANSWER] = T(DNS),
	[CK_URL] = T(HTTP),
	[CK_EXPECT_STATUS] = T(HTTP),
	[CK_COMMAND] = T(EXEC),
	[CK_PATH] = T(FILE),
	[CK_SOURCE] = T(DNS) | T(TCP) | T(HTTP),
};
#undef T

static const char *const type_names[] = {
	"", "dns", "tcp", "http", "exec", "file", NULL
};

struct check_acc {
	const yaml_node_t	*k[CK_N], *v[CK_N];
	char			 path[32];
};

static int
check_pair(struct pctx *p, const char *key, const char *path,
    const yaml_node_t *kn, const yaml_node_t *vn, void *arg)
{
	struct check_acc *a = arg;
	int i;

	(void)p;
	(void)path;
	for (i = 0; i < CK_N; i++)
		if (strcmp(key, check_keys[i]) == 0) {
			a->k[i] = kn;
			a->v[i] = vn;
		}
	return 0;
}

/* The full key path of check key i, for messages. */
static const char *
kpath(const struct check_acc *a, int i, char *buf, size_t len)
{
	snprintf(buf, len, "%s.%s", a->path, check_keys[i]);
	return buf;
}

static bool
valid_id(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > CONF_CHECK_ID_MAX)
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_' || *s == '-'))
			return false;
	return true;
}

static int
get_duration(struct pctx *p, const yaml_node_t *vn, const char *path,
    uint32_t min, uint32_t max, uint32_t *out)
{
	char gotbuf[64], lo[32], hi[32];
	const char *s;
	uint32_t ms;

	if ((s = cp_scalar(p, vn, path, "a duration")) == NULL)
		return CN_ECONF;
	if (conf_parse_duration(s, &ms) != 0 || ms < min || ms > max) {
		conf_format_duration(min, lo, sizeof(lo));
		conf_format_duration(max, hi, sizeof(hi));
		return cp_fail(p, vn, path, "expected a duration %s-%s (like "
		    "200ms, 10s, 1m), got %s", lo, hi, GOT(vn));
	}
	*out = ms;
	return 0;
}

/* "NAME TYPE": a domain name and a type mnemonic (or TYPEnnn). */
static int
get_query(struct pctx *p, const yaml_node_t *vn, const char *path,
    struct conf_check *cc)
{
	char gotbuf[64], name[DNS_NAME_MAX * 4 + 1], norm[DNS_NAME_MAX * 4 + 2];
	const char *s, *sp, *t;
	uint16_t type;
	size_t n;

	if ((s = cp_scalar(p, vn, path, "NAME TYPE")) == NULL)
		return CN_ECONF;
	while (*s == ' ' || *s == '\t')
		s++;
	sp = strpbrk(s, " \t");
	if (sp == NULL)
		goto bad;
	n = (size_t)(sp - s);
	for (t = sp; *t == ' ' || *t == '\t'; t++)
		;
	if (n >= sizeof(name) || *t == '\0' || strpbrk(t, " \t") != NULL)
		goto bad;
	memcpy(name, s, n);
	name[n] = '\0';
	if (conf_parse_domain(name, cc->qname, norm, sizeof(norm)) != 0)
		return cp_fail(p, vn, path, "expected a domain name before the "
		    "type, got %s", GOT(vn));
	if (ztext_type(t, strlen(t), &type) != 0)
		return cp_fail(p, vn, path, "expected a type (SOA, A, TYPE65) "
		    "after the name, got %s", GOT(vn));
	/* Meta types and OPT are not questions to ask a server like this. */
	if (type == DNS_TYPE_OPT || type == DNS_TYPE_TSIG ||
	    type == DNS_TYPE_IXFR || type == DNS_TYPE_AXFR ||
	    type == DNS_TYPE_MAILA || type == DNS_TYPE_MAILB || type == 0)
		return cp_fail(p, vn, path, "%s cannot be asked in a health "
		    "check", t);
	cc->qtype = type;
	cc->qname_text = conf_strdup(p->conf, norm);
	cc->query_set = true;
	return 0;
bad:
	return cp_fail(p, vn, path, "expected NAME TYPE (like example.com "
	    "SOA), got %s", GOT(vn));
}

/* http://ADDR[:PORT][/path]: a numeric address, no TLS, no user info. */
static int
get_url(struct pctx *p, const yaml_node_t *vn, const char *path,
    struct conf_check *cc)
{
	char gotbuf[64], hostport[INET6_ADDRSTRLEN + 16], why[96];
	char lbuf[INET6_ADDRSTRLEN + 48];
	const char *s, *h, *slash, *q;
	struct conf_listen l;
	unsigned long port = 80;
	size_t n, hlen;
	char *pp;

	if ((s = cp_scalar(p, vn, path, "a URL")) == NULL)
		return CN_ECONF;
	if (strncmp(s, "https://", 8) == 0)
		return cp_fail(p, vn, path, "https is not supported (plain "
		    "http:// only), got %s", GOT(vn));
	if (strncmp(s, "http://", 7) != 0)
		goto bad;
	h = s + 7;
	slash = strchr(h, '/');
	n = slash != NULL ? (size_t)(slash - h) : strlen(h);
	if (n == 0 || n >= sizeof(hostport))
		goto bad;
	memcpy(hostport, h, n);
	hostport[n] = '\0';
	/* The port follows the last ':' after a ']' or in an IPv4 host. */
	hlen = n;
	if (hostport[0] == '[') {
		q = strchr(hostport, ']');
		if (q == NULL)
			goto bad;
		if (q[1] == ':')
			hlen = (size_t)(q - hostport) + 1;
		else if (q[1] != '\0')
			goto bad;
	} else if ((q = strchr(hostport, ':')) != NULL) {
		hlen = (size_t)(q - hostport);
	}
	if (hlen < n) {
		if (conf_parse_uint(hostport + hlen + 1, 1, 65535, &port) != 0)
			return cp_fail(p, vn, path, "expected a port 1-65535 "
			    "in the URL, got %s", GOT(vn));
	}
	hostport[hlen] = '\0';
	snprintf(lbuf, sizeof(lbuf), "%s@%lu", hostport, port);
	if (conf_parse_listen(lbuf, &l, why, sizeof(why)) != 0)
		return cp_fail(p, vn, path, "expected a numeric address in the "
		    "URL (http://192.0.2.10:8080/health), got %s", GOT(vn));
	slash = slash != NULL ? slash : "/";
	for (q = slash; *q != '\0'; q++)
		if ((unsigned char)*q <= 0x20 || (unsigned char)*q >= 0x7f ||
		    *q == '#')
			return cp_fail(p, vn, path, "the URL's path must be "
			    "printable ASCII without spaces or '#', got %s",
			    GOT(vn));
	cc->target = l;
	cc->url = conf_strdup(p->conf, s);
	pp = arena_alloc(&p->conf->arena, n + 1);
	memcpy(pp, h, n);
	pp[n] = '\0';
	cc->url_host = pp;
	cc->url_path = conf_strdup(p->conf, slash);
	return 0;
bad:
	return cp_fail(p, vn, path, "expected http://ADDR[:PORT][/PATH], got "
	    "%s", GOT(vn));
}

struct argv_acc {
	const char	*argv[CONF_CHECK_ARGV_MAX + 1];
	size_t		 argc;
};

static int
command_item(struct pctx *p, const yaml_node_t *in, const char *path,
    void *arg)
{
	struct argv_acc *a = arg;
	char gotbuf[64];
	const char *s;

	if ((s = cp_scalar(p, in, path, "a string")) == NULL)
		return CN_ECONF;
	if (a->argc == 0 && s[0] != '/')
		return cp_fail(p, in, path, "the program must be an absolute "
		    "path (no shell, no PATH search), got %s", GOT(in));
	if (a->argc >= CONF_CHECK_ARGV_MAX)
		return cp_fail(p, in, path, "more than %d arguments",
		    CONF_CHECK_ARGV_MAX);
	a->argv[a->argc++] = conf_strdup(p->conf, s);
	return 0;
}

static int
get_command(struct pctx *p, const yaml_node_t *vn, const char *path,
    struct conf_check *cc)
{
	struct argv_acc a;
	int r;

	memset(&a, 0, sizeof(a));
	if (vn->type == YAML_SEQUENCE_NODE &&
	    vn->data.sequence.items.start == vn->data.sequence.items.top)
		return cp_fail(p, vn, path, "expected [ PROGRAM, ARG... ]");
	if ((r = cp_walk_list(p, vn, path, "arguments", command_item,
	    &a)) != 0)
		return r;
	cc->argv = arena_memdup(&p->conf->arena, a.argv,
	    (a.argc + 1) * sizeof(a.argv[0]));
	cc->argc = a.argc;
	return 0;
}

static int
get_type(struct pctx *p, const yaml_node_t *vn, const char *path,
    enum conf_check_type *out)
{
	char gotbuf[64];
	const char *s;
	int i;

	if ((s = cp_scalar(p, vn, path, "a check type")) == NULL)
		return CN_ECONF;
	for (i = 1; type_names[i] != NULL; i++)
		if (strcmp(s, type_names[i]) == 0) {
			*out = (enum conf_check_type)i;
			return 0;
		}
	return cp_fail(p, vn, path, "expected dns, tcp, http, exec or file, "
	    "got %s", GOT(vn));
}

/* Reads the type-specific keys, in the order of check_keys. */
static int
check_values(struct pctx *p, struct check_acc *a, struct conf_check *cc)
{
	char kp[64], gotbuf[64], why[128];
	const yaml_node_t *vn;
	unsigned long v;
	const char *s;
	int i, r;

	for (i = CK_TARGET; i < CK_INTERVAL; i++) {
		if ((vn = a->v[i]) == NULL)
			continue;
		kpath(a, i, kp, sizeof(kp));
		if (!(check_key_types[i] & (1u << cc->type)))
			return cp_fail(p, a->k[i], kp, "not a key of %s %s "
			    "check", cc->type == CONF_CHECK_EXEC ? "an" : "a",
			    conf_check_type_name(cc->type));
		switch (i) {
		case CK_TARGET:
			if ((s = cp_scalar(p, vn, kp, "ADDR@PORT")) == NULL)
				return CN_ECONF;
			if (cc->type == CONF_CHECK_TCP &&
			    strchr(s, '@') == NULL)
				return cp_fail(p, vn, kp, "expected ADDR@PORT "
				    "with the port to connect to, got %s",
				    GOT(vn));
			if (conf_parse_listen(s, &cc->target, why,
			    sizeof(why)) != 0)
				return cp_fail(p, vn, kp, "%s, got %s", why,
				    GOT(vn));
			break;
		case CK_QUERY:
			if ((r = get_query(p, vn, kp, cc)) != 0)
				return r;
			break;
		case CK_PROTOCOL:
			if ((s = cp_scalar(p, vn, kp, "udp or tcp")) == NULL)
				return CN_ECONF;
			if (strcmp(s, "udp") != 0 && strcmp(s, "tcp") != 0)
				return cp_fail(p, vn, kp, "expected udp or "
				    "tcp, got %s", GOT(vn));
			cc->tcp = strcmp(s, "tcp") == 0;
			break;
		case CK_EXPECT_RCODE:
			if ((s = cp_scalar(p, vn, kp, "an rcode")) == NULL)
				return CN_ECONF;
			if (conf_parse_rcode(s, &cc->expect_rcode) != 0)
				return cp_fail(p, vn, kp, "expected an rcode "
				    "(NOERROR, NXDOMAIN, REFUSED... or 0-15), "
				    "got %s", GOT(vn));
			break;
		case CK_EXPECT_ANSWER:
			if ((s = cp_scalar(p, vn, kp, "RDATA text")) == NULL)
				return CN_ECONF;
			if (!conf_valid_text(s))
				return cp_fail(p, vn, kp, "expected 1-%d "
				    "printable ASCII characters, got %s",
				    CONF_IDENTITY_MAX, GOT(vn));
			cc->expect_answer = conf_strdup(p->conf, s);
			break;
		case CK_URL:
			if ((r = get_url(p, vn, kp, cc)) != 0)
				return r;
			break;
		case CK_EXPECT_STATUS:
			if ((r = cp_get_uint(p, vn, kp, 100, 599, &v)) != 0)
				return r;
			cc->expect_status = (uint16_t)v;
			break;
		case CK_COMMAND:
			if ((r = get_command(p, vn, kp, cc)) != 0)
				return r;
			break;
		case CK_PATH:
			if ((s = cp_scalar(p, vn, kp, "a file name")) == NULL)
				return CN_ECONF;
			if (s[0] != '/')
				return cp_fail(p, vn, kp, "expected an "
				    "absolute file name, got %s", GOT(vn));
			cc->path = conf_strdup(p->conf, s);
			break;
		case CK_SOURCE:
			if ((r = cp_get_addr(p, vn, kp, 0, &cc->source)) != 0)
				return r;
			break;
		}
	}
	return 0;
}

static int
check_timing(struct pctx *p, struct check_acc *a, struct conf_check *cc)
{
	char kp[64], dur[32];
	unsigned long v;
	int r;

	if (a->v[CK_INTERVAL] != NULL &&
	    (r = get_duration(p, a->v[CK_INTERVAL], kpath(a, CK_INTERVAL, kp,
	    sizeof(kp)), CONF_CHECK_INTERVAL_MIN_MS,
	    CONF_CHECK_INTERVAL_MAX_MS, &cc->interval_ms)) != 0)
		return r;
	if (a->v[CK_TIMEOUT] != NULL) {
		kpath(a, CK_TIMEOUT, kp, sizeof(kp));
		if ((r = get_duration(p, a->v[CK_TIMEOUT], kp,
		    CONF_CHECK_TIMEOUT_MIN_MS, CONF_CHECK_INTERVAL_MAX_MS,
		    &cc->timeout_ms)) != 0)
			return r;
		/* One probe of a check at a time: it ends before the next. */
		if (cc->timeout_ms > cc->interval_ms) {
			conf_format_duration(cc->interval_ms, dur, sizeof(dur));
			return cp_fail(p, a->v[CK_TIMEOUT], kp, "longer than "
			    "the interval (%s)", dur);
		}
		cc->timeout_set = true;
	} else {
		cc->timeout_ms = cc->interval_ms * 3 / 4;
		if (cc->timeout_ms > CONF_CHECK_TIMEOUT_DEFAULT_MS)
			cc->timeout_ms = CONF_CHECK_TIMEOUT_DEFAULT_MS;
	}
	if (a->v[CK_RISE] != NULL) {
		if ((r = cp_get_uint(p, a->v[CK_RISE], kpath(a, CK_RISE, kp,
		    sizeof(kp)), 1, CONF_CHECK_RISEFALL_MAX, &v)) != 0)
			return r;
		cc->rise = (unsigned)v;
	}
	if (a->v[CK_FALL] != NULL) {
		if ((r = cp_get_uint(p, a->v[CK_FALL], kpath(a, CK_FALL, kp,
		    sizeof(kp)), 1, CONF_CHECK_RISEFALL_MAX, &v)) != 0)
			return r;
		cc->fall = (unsigned)v;
	}
	return 0;
}

static int
add_check(struct pctx *p, const yaml_node_t *cn, size_t idx)
{
	struct conf_check *cc = &p->conf->checks[idx];
	struct check_acc a;
	char kp[64], gotbuf[64];
	const char *s, *need;
	size_t i;
	int r;

	memset(cc, 0, sizeof(*cc));
	memset(&a, 0, sizeof(a));
	cc->qname[0] = 0;
	cc->expect_status = 200;
	cc->interval_ms = CONF_CHECK_INTERVAL_DEFAULT_MS;
	cc->rise = CONF_CHECK_RISE_DEFAULT;
	cc->fall = CONF_CHECK_FALL_DEFAULT;
	p->cnodes[idx] = cn;
	snprintf(a.path, sizeof(a.path), "check[%zu]", idx + 1);
	if ((r = cp_walk_map(p, cn, a.path, check_keys, check_pair, &a)) != 0)
		return r;
	if (a.v[CK_ID] == NULL)
		return cp_fail(p, cn, a.path, "missing key 'id'");
	kpath(&a, CK_ID, kp, sizeof(kp));
	if ((s = cp_scalar(p, a.v[CK_ID], kp, "an id")) == NULL)
		return CN_ECONF;
	if (!valid_id(s))
		return cp_fail(p, a.v[CK_ID], kp, "expected 1-%d characters "
		    "a-z, 0-9, '_' or '-', got %s", CONF_CHECK_ID_MAX,
		    GOT(a.v[CK_ID]));
	for (i = 0; i < idx; i++)
		if (strcmp(p->conf->checks[i].id, s) == 0)
			return cp_fail(p, a.v[CK_ID], kp, "'%s' is already "
			    "check[%zu]", s, i + 1);
	cc->id = conf_strdup(p->conf, s);
	if (a.v[CK_TYPE] == NULL)
		return cp_fail(p, cn, a.path, "missing key 'type'");
	if ((r = get_type(p, a.v[CK_TYPE], kpath(&a, CK_TYPE, kp, sizeof(kp)),
	    &cc->type)) != 0)
		return r;
	if ((r = check_values(p, &a, cc)) != 0 ||
	    (r = check_timing(p, &a, cc)) != 0)
		return r;
	/* A dns check without target asks the node itself: cp_finish_health. */
	need = NULL;
	if (cc->type == CONF_CHECK_TCP && a.v[CK_TARGET] == NULL)
		need = "target";
	else if (cc->type == CONF_CHECK_HTTP && cc->url == NULL)
		need = "url";
	else if (cc->type == CONF_CHECK_EXEC && cc->argc == 0)
		need = "command";
	else if (cc->type == CONF_CHECK_FILE && cc->path == NULL)
		need = "path";
	if (need != NULL)
		return cp_fail(p, cn, a.path, "missing key '%s' (%s check)",
		    need, conf_check_type_name(cc->type));
	/* Rule 2 of DESIGN.md concerns the address; the family must fit. */
	if (cc->source.af != 0 && cc->target.sslen != 0 &&
	    cc->source.af != cc->target.ss.ss_family)
		return cp_fail(p, a.v[CK_SOURCE], kpath(&a, CK_SOURCE, kp,
		    sizeof(kp)), "must be an %s address like the target",
		    cc->target.ss.ss_family == AF_INET ? "IPv4" : "IPv6");
	if (cc->type == CONF_CHECK_DNS && !cc->query_set &&
	    p->query_key == NULL)
		p->query_key = cn;
	return 0;
}

int
cp_get_checks(struct pctx *p, const yaml_node_t *vn, const char *path)
{
	const yaml_node_t **items = NULL;
	struct conf *c = p->conf;
	size_t i, n;
	int r = 0;

	if ((r = cp_map_items(p, vn, path, "{ id: ID, type: TYPE, ... }",
	    CONF_CHECKS_MAX, &items, &n)) != 0)
		return r;
	if (n > 0) {
		c->checks = arena_alloc(&c->arena, n * sizeof(*c->checks));
		p->cnodes = xcalloc(n, sizeof(*p->cnodes));
	}
	for (i = 0; i < n; i++) {
		c->nchecks = i + 1;
		if ((r = add_check(p, items[i], i)) != 0)
			break;
	}
	free(items);
	return r;
}

static const char *const damping_keys[] = {
	"enabled", "penalty", "suppress", "reuse", "half-life",
	"max-suppress", NULL
};

static int
damping_pair(struct pctx *p, const char *key, const char *path,
    const yaml_node_t *kn, const yaml_node_t *vn, void *arg)
{
	struct conf_damping *d = &p->conf->damping;

	(void)kn;
	(void)arg;
	if (strcmp(key, "enabled") == 0)
		return cp_get_bool(p, vn, path, &d->enabled);
	if (strcmp(key, "penalty") == 0)
		return cp_get_u32(p, vn, path, 1, CONF_DAMP_VALUE_MAX,
		    &d->penalty);
	if (strcmp(key, "suppress") == 0)
		return cp_get_u32(p, vn, path, 1, CONF_DAMP_VALUE_MAX,
		    &d->suppress);
	if (strcmp(key, "reuse") == 0)
		return cp_get_u32(p, vn, path, 1, CONF_DAMP_VALUE_MAX,
		    &d->reuse);
	if (strcmp(key, "half-life") == 0)
		return get_duration(p, vn, path, 1000, 3600000,
		    &d->half_life_ms);
	return get_duration(p, vn, path, 1000, 86400000, &d->max_suppress_ms);
}

static const char *const drain_keys[] = { "time", "prepend", NULL };

static int
drain_pair(struct pctx *p, const char *key, const char *path,
    const yaml_node_t *kn, const yaml_node_t *vn, void *arg)
{
	unsigned long v;
	int r;

	(void)kn;
	(void)arg;
	if (strcmp(key, "time") == 0)
		return get_duration(p, vn, path, 0, CONF_DRAIN_TIME_MAX_MS,
		    &p->conf->drain_ms);
	if ((r = cp_get_uint(p, vn, path, 0, CONF_PREPEND_MAX, &v)) != 0)
		return r;
	p->conf->drain_prepend = (unsigned)v;
	return 0;
}

static const char *const health_keys[] = { "damping", "drain", NULL };

static int
health_pair(struct pctx *p, const char *key, const char *path,
    const yaml_node_t *kn, const yaml_node_t *vn, void *arg)
{
	const struct conf_damping *d = &p->conf->damping;
	char hl[32], ms[32];
	double ceiling;
	int r;

	(void)kn;
	(void)arg;
	if (strcmp(key, "drain") == 0)
		return cp_walk_map(p, vn, path, drain_keys, drain_pair, NULL);
	if ((r = cp_walk_map(p, vn, path, damping_keys, damping_pair,
	    NULL)) != 0)
		return r;
	if (!d->enabled)
		return 0;
	if (d->reuse >= d->suppress)
		return cp_fail(p, vn, path, "reuse (%u) must be below "
		    "suppress (%u)", (unsigned)d->reuse,
		    (unsigned)d->suppress);
	if (d->max_suppress_ms < d->half_life_ms) {
		conf_format_duration(d->half_life_ms, hl, sizeof(hl));
		return cp_fail(p, vn, path, "max-suppress must be at least "
		    "the half-life (%s)", hl);
	}
	/*
	 * RFC 2439 4.2: the penalty is capped where it takes max-suppress to
	 * decay to reuse.  A cap below suppress would never suppress.
	 */
	ceiling = d->reuse * exp2((double)d->max_suppress_ms /
	    d->half_life_ms);
	if (ceiling <= d->suppress) {
		conf_format_duration(d->half_life_ms, hl, sizeof(hl));
		conf_format_duration(d->max_suppress_ms, ms, sizeof(ms));
		return cp_fail(p, vn, path, "with reuse %u, half-life %s and "
		    "max-suppress %s the penalty is capped at %.0f, not above "
		    "suppress (%u): nothing would be suppressed",
		    (unsigned)d->reuse, hl, ms, ceiling,
		    (unsigned)d->suppress);
	}
	return 0;
}

int
cp_get_health(struct pctx *p, const yaml_node_t *vn, const char *path)
{
	return cp_walk_map(p, vn, path, health_keys, health_pair, NULL);
}

struct ids_arg {
	struct conf_anycast	*ca;
	size_t			 cap;
};

static int
check_id_item(struct pctx *p, const yaml_node_t *in, const char *path,
    void *arg)
{
	struct ids_arg *ia = arg;
	struct conf *c = p->conf;
	char gotbuf[64];
	const char *s;
	size_t i, j;

	if ((s = cp_scalar(p, in, path, "a check id")) == NULL)
		return CN_ECONF;
	for (i = 0; i < c->nchecks; i++)
		if (strcmp(c->checks[i].id, s) == 0)
			break;
	if (i == c->nchecks)
		return cp_fail(p, in, path, "no check with id %s under check:",
		    GOT(in));
	for (j = 0; j < ia->ca->nchecks; j++)
		if (ia->ca->checks[j] == i)
			return cp_fail(p, in, path, "%s listed twice", s);
	if (ia->ca->nchecks >= ia->cap)
		return cp_fail(p, in, path, "more than %zu checks", ia->cap);
	ia->ca->checks[ia->ca->nchecks++] = i;
	return 0;
}

/*
 * A dns check without target asks the node itself: every server.listen
 * address inside a prefix that the check gates, at its port.
 */
static int
self_targets(struct pctx *p, size_t idx)
{
	struct conf *c = p->conf;
	struct conf_check *cc = &c->checks[idx];
	struct conf_listen *t;
	char path[32], src[INET6_ADDRSTRLEN];
	size_t i, j, k, n = 0;
	bool in;

	snprintf(path, sizeof(path), "check[%zu]", idx + 1);
	t = arena_alloc(&c->arena, (c->nlisten > 0 ? c->nlisten : 1) *
	    sizeof(*t));
	for (i = 0; i < c->nlisten; i++) {
		in = false;
		for (j = 0; j < c->nanycast && !in; j++)
			for (k = 0; k < c->anycast[j].nchecks && !in; k++)
				in = c->anycast[j].checks[k] == idx &&
				    conf_prefix_has(&c->anycast[j].prefix,
				    &c->listen[i].ss);
		if (!in)
			continue;
		if (cc->source.af != 0 &&
		    cc->source.af != c->listen[i].ss.ss_family) {
			conf_format_addr(&cc->source, src, sizeof(src));
			return cp_fail(p, p->cnodes[idx], path, "check %s asks "
			    "listen address %s, not of the family of its "
			    "source %s", cc->id, c->listen[i].text, src);
		}
		t[n++] = c->listen[i];
	}
	if (n == 0)
		return cp_fail(p, p->cnodes[idx], path, "check %s has no "
		    "target and gates no prefix with a listen address inside "
		    "it", cc->id);
	cc->targets = t;
	cc->ntargets = n;
	return 0;
}

int
cp_finish_health(struct pctx *p)
{
	struct conf *c = p->conf;
	struct ids_arg ia;
	char path[48];
	bool *used = NULL;
	size_t i, j;
	int r = 0;

	if (p->query_key != NULL && c->nzones == 0)
		return cp_fail(p, p->query_key, "check", "a dns check without "
		    "query: asks the first zone's SOA, and there is no zone");
	for (i = 0; i < c->nchecks; i++) {
		struct conf_check *cc = &c->checks[i];

		if (cc->type != CONF_CHECK_DNS || cc->query_set)
			continue;
		memcpy(cc->qname, c->zones[0].apex, sizeof(cc->qname));
		cc->qname_text = c->zones[0].domain;
		cc->qtype = DNS_TYPE_SOA;
	}
	if (c->nchecks > 0)
		used = xcalloc(c->nchecks, sizeof(*used));
	for (i = 0; i < c->nanycast; i++) {
		struct conf_anycast *ca = &c->anycast[i];

		if (p->aacc[i].checks == NULL)
			continue;
		snprintf(path, sizeof(path), "anycast[%zu].checks", i + 1);
		ia.ca = ca;
		ia.cap = c->nchecks > 0 ? c->nchecks : 1;
		ca->checks = arena_alloc(&c->arena, ia.cap *
		    sizeof(*ca->checks));
		if ((r = cp_walk_list(p, p->aacc[i].checks, path, "check ids",
		    check_id_item, &ia)) != 0)
			goto out;
		for (j = 0; j < ca->nchecks; j++)
			used[ca->checks[j]] = true;
	}
	/* A geo site's check decides that site's answers. */
	for (i = 0; i < c->nsites; i++)
		if (c->sites[i].check != SIZE_MAX)
			used[c->sites[i].check] = true;
	for (i = 0; i < c->nchecks; i++)
		if (c->checks[i].type == CONF_CHECK_DNS &&
		    c->checks[i].target.sslen == 0 &&
		    (r = self_targets(p, i)) != 0)
			goto out;
	for (i = 0; i < c->nchecks; i++)
		if (!used[i]) {
			snprintf(path, sizeof(path), "check[%zu]", i + 1);
			cp_warn(p, p->cnodes[i], path, "'%s' gates no anycast "
			    "prefix: it runs but decides nothing",
			    c->checks[i].id);
		}
out:
	free(used);
	return r;
}
