/* SPDX-License-Identifier: MIT */
/*
 * value.c -- the configuration's value types (addresses, durations,
 * numbers, booleans, domain names, prefixes, BGP communities) and the conf
 * object's lifecycle.
 * The YAML parser and the command line both go through these, so a value
 * means the same wherever it is written.  Pure: no I/O, no logging.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/err.h"
#include "../dns/name.h"
#include "conf.h"

struct conf *
conf_new(void)
{
	struct conf *conf = xcalloc(1, sizeof(*conf));

	arena_init(&conf->arena);
	conf->nsid = true;
	conf->udp_payload = CONF_UDP_PAYLOAD_DEFAULT;
	conf->tcp_idle_ms = CONF_TCP_IDLE_DEFAULT_MS;
	conf->tcp_max_clients = CONF_TCP_CLIENTS_DEFAULT;
	conf->damping.enabled = true;
	conf->damping.penalty = CONF_DAMP_PENALTY_DEFAULT;
	conf->damping.suppress = CONF_DAMP_SUPPRESS_DEFAULT;
	conf->damping.reuse = CONF_DAMP_REUSE_DEFAULT;
	conf->damping.half_life_ms = CONF_DAMP_HALF_LIFE_DEFAULT_MS;
	conf->damping.max_suppress_ms = CONF_DAMP_MAX_SUPPRESS_DEFAULT_MS;
	conf->drain_ms = CONF_DRAIN_TIME_DEFAULT_MS;
	conf->control = CONF_CONTROL_DEFAULT;
	conf->control_mode = CONF_CONTROL_MODE_DEFAULT;
	conf->refs = 1;
	return conf;
}

struct conf *
conf_ref(struct conf *conf)
{
	__atomic_add_fetch(&conf->refs, 1, __ATOMIC_RELAXED);
	return conf;
}

void
conf_free(struct conf *conf)
{
	size_t i;

	if (conf == NULL ||
	    __atomic_sub_fetch(&conf->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	/* The cookie secret is key material. */
	explicit_bzero(conf->cookie_secret, sizeof(conf->cookie_secret));
	for (i = 0; i < conf->nkeys; i++)
		explicit_bzero(conf->keys[i].secret,
		    sizeof(conf->keys[i].secret));
	for (i = 0; i < conf->npeers; i++)
		if (conf->peers[i].password != NULL)
			explicit_bzero(conf->peers[i].password,
			    strlen(conf->peers[i].password));
	free(conf->listen);
	free(conf->zones);
	free(conf->regions);
	arena_clear(&conf->arena);
	free(conf);
}

const char *
conf_strdup(struct conf *conf, const char *s)
{
	return arena_strdup(&conf->arena, s);
}

bool
conf_valid_text(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > CONF_IDENTITY_MAX)
		return false;
	/* ASCII keeps NSID and TXT readable on every client. */
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

static void
setwhy(char *why, size_t whylen, const char *text)
{
	if (why != NULL && whylen > 0)
		snprintf(why, whylen, "%s", text);
}

int
conf_parse_uint(const char *text, unsigned long min, unsigned long max,
    unsigned long *out)
{
	unsigned long v = 0;
	const char *p;

	if (*text == '\0')
		return CN_EINVAL;
	for (p = text; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return CN_EINVAL;
		if (v > (ULONG_MAX - 9) / 10)
			return CN_ERANGE;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	if (v < min || v > max)
		return CN_ERANGE;
	*out = v;
	return 0;
}

int
conf_parse_bool(const char *text, bool *out)
{
	static const char *yes[] = { "true", "yes", "on" };
	static const char *no[] = { "false", "no", "off" };
	size_t i;

	for (i = 0; i < 3; i++) {
		if (strcasecmp(text, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(text, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return CN_EINVAL;
}

int
conf_parse_duration(const char *text, uint32_t *ms)
{
	unsigned long long v = 0, mult;
	const char *p = text;

	if (*p < '0' || *p > '9')
		return CN_EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (unsigned long long)(*p - '0');
		if (v > UINT32_MAX)
			return CN_ERANGE;
	}
	if (strcmp(p, "ms") == 0)
		mult = 1;
	else if (strcmp(p, "s") == 0 || *p == '\0')
		mult = 1000;
	else if (strcmp(p, "m") == 0)
		mult = 60000;
	else if (strcmp(p, "h") == 0)
		mult = 3600000;
	else
		return CN_EINVAL;
	if (v * mult > UINT32_MAX)
		return CN_ERANGE;
	*ms = (uint32_t)(v * mult);
	return 0;
}

void
conf_format_duration(uint32_t ms, char *buf, size_t len)
{
	if (ms != 0 && ms % 3600000 == 0)
		snprintf(buf, len, "%" PRIu32 "h", ms / 3600000);
	else if (ms != 0 && ms % 60000 == 0)
		snprintf(buf, len, "%" PRIu32 "m", ms / 60000);
	else if (ms % 1000 == 0)
		snprintf(buf, len, "%" PRIu32 "s", ms / 1000);
	else
		snprintf(buf, len, "%" PRIu32 "ms", ms);
}

int
conf_parse_listen(const char *text, struct conf_listen *out, char *why,
    size_t whylen)
{
	char host[INET6_ADDRSTRLEN + 2], abuf[INET6_ADDRSTRLEN];
	struct sockaddr_in6 *s6;
	struct sockaddr_in *s4;
	unsigned long port = CONF_DEFAULT_PORT;
	const char *at = strrchr(text, '@');
	size_t hlen = at != NULL ? (size_t)(at - text) : strlen(text);
	struct conf_listen l;
	int r;

	memset(&l, 0, sizeof(l));
	if (at != NULL) {
		r = conf_parse_uint(at + 1, 1, 65535, &port);
		if (r != 0) {
			setwhy(why, whylen, "expected ADDR@PORT with a port "
			    "1-65535");
			return r;
		}
	}
	/* Tolerate [v6]@port, the bracketed form from URLs. */
	if (hlen >= 2 && text[0] == '[' && text[hlen - 1] == ']') {
		text++;
		hlen -= 2;
	}
	if (hlen == 0 || hlen >= sizeof(host)) {
		setwhy(why, whylen, "expected an IPv4 or IPv6 address");
		return CN_EINVAL;
	}
	memcpy(host, text, hlen);
	host[hlen] = '\0';
	s4 = (struct sockaddr_in *)&l.ss;
	s6 = (struct sockaddr_in6 *)&l.ss;
	if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		l.sslen = sizeof(*s4);
		inet_ntop(AF_INET, &s4->sin_addr, abuf, sizeof(abuf));
	} else if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		l.sslen = sizeof(*s6);
		inet_ntop(AF_INET6, &s6->sin6_addr, abuf, sizeof(abuf));
	} else {
		setwhy(why, whylen, "expected an IPv4 or IPv6 address");
		return CN_EINVAL;
	}
	snprintf(l.text, sizeof(l.text), "%s@%lu", abuf, port);
	*out = l;
	return 0;
}

int
conf_parse_domain(const char *text, uint8_t apex[DNS_NAME_MAX], char *norm,
    size_t normlen)
{
	static const uint8_t root[1] = { 0 };
	uint8_t wire[DNS_NAME_MAX];
	int r;

	if (*text == '\0' || strcmp(text, "@") == 0)
		return CN_EINVAL;
	/* Names in the config are absolute, with or without the dot. */
	r = dns_name_from_text(wire, text, strlen(text), root);
	if (r < 0)
		return r;
	dns_name_lower(wire);
	if (dns_name_to_text(wire, norm, normlen) < 0)
		return CN_ESPACE;
	memcpy(apex, wire, (size_t)r);
	return 0;
}

int
conf_add_zone(struct conf *conf, const char *domain, const char *file,
    char *why, size_t whylen)
{
	char norm[DNS_NAME_MAX * 4 + 1];
	struct conf_zone *z;
	uint8_t apex[DNS_NAME_MAX];
	size_t i;
	int r;

	r = conf_parse_domain(domain, apex, norm, sizeof(norm));
	if (r != 0) {
		setwhy(why, whylen, r == CN_ELABEL ?
		    "label longer than 63 octets" : r == CN_ENAMELEN ?
		    "name longer than 255 octets" : "expected a domain name");
		return CN_EINVAL;
	}
	if (*file == '\0') {
		setwhy(why, whylen, "expected a file name");
		return CN_EINVAL;
	}
	for (i = 0; i < conf->nzones; i++)
		if (dns_name_equal(conf->zones[i].apex, apex)) {
			setwhy(why, whylen, "zone listed twice");
			return CN_EEXIST;
		}
	if (conf->nzones >= CONF_ZONES_MAX) {
		setwhy(why, whylen, "too many zones");
		return CN_ERANGE;
	}
	xgrow(&conf->zones, &conf->zones_cap, conf->nzones + 1,
	    sizeof(*conf->zones));
	z = &conf->zones[conf->nzones++];
	memset(z, 0, sizeof(*z));
	memcpy(z->apex, apex, dns_name_len(apex));
	z->domain = arena_strdup(&conf->arena, norm);
	z->file = arena_strdup(&conf->arena, file);
	z->path = z->file;
	return 0;
}

int
conf_add_listen(struct conf *conf, const struct conf_listen *l)
{
	size_t i;

	for (i = 0; i < conf->nlisten; i++)
		if (strcmp(conf->listen[i].text, l->text) == 0)
			return CN_EEXIST;
	if (conf->nlisten >= CONF_LISTEN_MAX)
		return CN_ERANGE;
	xgrow(&conf->listen, &conf->listen_cap, conf->nlisten + 1,
	    sizeof(*conf->listen));
	conf->listen[conf->nlisten++] = *l;
	return 0;
}

int
conf_parse_addr(const char *text, struct conf_addr *out)
{
	struct conf_addr a;

	memset(&a, 0, sizeof(a));
	if (inet_pton(AF_INET, text, a.addr) == 1)
		a.af = AF_INET;
	else if (inet_pton(AF_INET6, text, a.addr) == 1)
		a.af = AF_INET6;
	else
		return CN_EINVAL;
	*out = a;
	return 0;
}

socklen_t
conf_addr_sockaddr(const struct conf_addr *a, uint16_t port,
    struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (a->af == AF_INET) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		memcpy(&sin->sin_addr, a->addr, 4);
		return sizeof(*sin);
	}
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	memcpy(&sin6->sin6_addr, a->addr, 16);
	return sizeof(*sin6);
}

void
conf_format_addr(const struct conf_addr *a, char *buf, size_t len)
{
	char tmp[INET6_ADDRSTRLEN];

	if (a->af == 0 || inet_ntop(a->af, a->addr, tmp, sizeof(tmp)) == NULL)
		snprintf(tmp, sizeof(tmp), "unset");
	snprintf(buf, len, "%s", tmp);
}

int
conf_parse_prefix(const char *text, struct conf_prefix *out, char *why,
    size_t whylen)
{
	char host[INET6_ADDRSTRLEN], msg[128], net[INET6_ADDRSTRLEN];
	const char *slash = strchr(text, '/');
	struct conf_prefix pf;
	struct conf_addr a;
	unsigned long len, max;
	size_t hlen, i;
	uint8_t mask;

	memset(&pf, 0, sizeof(pf));
	hlen = slash != NULL ? (size_t)(slash - text) : 0;
	if (slash == NULL || hlen == 0 || hlen >= sizeof(host) ||
	    strlen(slash + 1) > 3) {
		setwhy(why, whylen, "expected ADDRESS/LENGTH like "
		    "198.51.100.0/24 or 2001:db8:53::/48");
		return CN_EINVAL;
	}
	memcpy(host, text, hlen);
	host[hlen] = '\0';
	if (conf_parse_addr(host, &a) != 0 ||
	    conf_parse_uint(slash + 1, 0, 128, &len) == CN_EINVAL) {
		setwhy(why, whylen, "expected ADDRESS/LENGTH like "
		    "198.51.100.0/24 or 2001:db8:53::/48");
		return CN_EINVAL;
	}
	max = a.af == AF_INET ? 32 : 128;
	if (conf_parse_uint(slash + 1, 0, max, &len) != 0) {
		setwhy(why, whylen, a.af == AF_INET ? "an IPv4 prefix length "
		    "is 0-32" : "an IPv6 prefix length is 0-128");
		return CN_ERANGE;
	}
	pf.af = a.af;
	pf.len = (uint8_t)len;
	memcpy(pf.addr, a.addr, sizeof(pf.addr));
	/* Clear the host bits, then refuse the prefix if that changed it. */
	for (i = 0; i < max / 8; i++) {
		if (i * 8 >= len)
			pf.addr[i] = 0;
		else if (i * 8 + 8 > len) {
			mask = (uint8_t)(0xff << (8 - (len - i * 8)));
			pf.addr[i] &= mask;
		}
	}
	inet_ntop(pf.af, pf.addr, net, sizeof(net));
	snprintf(pf.text, sizeof(pf.text), "%s/%lu", net, len);
	if (memcmp(pf.addr, a.addr, sizeof(pf.addr)) != 0) {
		snprintf(msg, sizeof(msg), "host bits set (the network is %s)",
		    pf.text);
		setwhy(why, whylen, msg);
		return CN_EINVAL;
	}
	*out = pf;
	return 0;
}

bool
conf_prefix_equal(const struct conf_prefix *a, const struct conf_prefix *b)
{
	return a->af == b->af && a->len == b->len &&
	    memcmp(a->addr, b->addr, sizeof(a->addr)) == 0;
}

bool
conf_prefix_has(const struct conf_prefix *p,
    const struct sockaddr_storage *ss)
{
	const uint8_t *a;
	unsigned full, rest;

	if (ss->ss_family != p->af)
		return false;
	if (p->af == AF_INET)
		a = (const uint8_t *)
		    &((const struct sockaddr_in *)ss)->sin_addr;
	else
		a = ((const struct sockaddr_in6 *)ss)->sin6_addr.s6_addr;
	full = p->len / 8;
	rest = p->len % 8;
	if (memcmp(a, p->addr, full) != 0)
		return false;
	return rest == 0 ||
	    ((a[full] ^ p->addr[full]) & (uint8_t)(0xff00 >> rest)) == 0;
}

/* Well-known communities: RFC 1997, RFC 8326, RFC 7999. */
static const struct {
	const char	*name;
	uint32_t	 value;
} wellknown[] = {
	{ "no-export",		 CONF_COMM_NO_EXPORT },
	{ "no-advertise",	 CONF_COMM_NO_ADVERTISE },
	{ "no-export-subconfed", CONF_COMM_NO_EXPORT_SUBCONFED },
	{ "graceful-shutdown",	 CONF_COMM_GRACEFUL_SHUTDOWN },
	{ "blackhole",		 CONF_COMM_BLACKHOLE },
};

/* Reads decimal digits at *pp up to max; advances *pp past them. */
static int
read_u32(const char **pp, uint32_t max, uint32_t *out)
{
	const char *p = *pp;
	uint64_t v = 0;

	if (*p < '0' || *p > '9')
		return CN_EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > max)
			return CN_ERANGE;
	}
	*pp = p;
	*out = (uint32_t)v;
	return 0;
}

int
conf_parse_community(const char *text, uint32_t *out)
{
	const char *p = text;
	uint32_t hi, lo;
	size_t i;
	int r;

	for (i = 0; i < sizeof(wellknown) / sizeof(wellknown[0]); i++)
		if (strcasecmp(text, wellknown[i].name) == 0) {
			*out = wellknown[i].value;
			return 0;
		}
	if ((r = read_u32(&p, UINT16_MAX, &hi)) != 0)
		return r;
	if (*p++ != ':')
		return CN_EINVAL;
	if ((r = read_u32(&p, UINT16_MAX, &lo)) != 0)
		return r;
	if (*p != '\0')
		return CN_EINVAL;
	*out = hi << 16 | lo;
	return 0;
}

void
conf_format_community(uint32_t c, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(wellknown) / sizeof(wellknown[0]); i++)
		if (wellknown[i].value == c) {
			snprintf(buf, len, "%s", wellknown[i].name);
			return;
		}
	snprintf(buf, len, "%" PRIu32 ":%" PRIu32, c >> 16, c & 0xffff);
}

int
conf_parse_large_community(const char *text, struct conf_large_community *out)
{
	struct conf_large_community lc;
	const char *p = text;
	int r;

	if ((r = read_u32(&p, UINT32_MAX, &lc.global)) != 0)
		return r;
	if (*p++ != ':')
		return CN_EINVAL;
	if ((r = read_u32(&p, UINT32_MAX, &lc.local1)) != 0)
		return r;
	if (*p++ != ':')
		return CN_EINVAL;
	if ((r = read_u32(&p, UINT32_MAX, &lc.local2)) != 0)
		return r;
	if (*p != '\0')
		return CN_EINVAL;
	*out = lc;
	return 0;
}

void
conf_format_large_community(const struct conf_large_community *lc,
    char *buf, size_t len)
{
	snprintf(buf, len, "%" PRIu32 ":%" PRIu32 ":%" PRIu32, lc->global,
	    lc->local1, lc->local2);
}

const char *
conf_check_type_name(enum conf_check_type t)
{
	switch (t) {
	case CONF_CHECK_DNS:
		return "dns";
	case CONF_CHECK_TCP:
		return "tcp";
	case CONF_CHECK_HTTP:
		return "http";
	case CONF_CHECK_EXEC:
		return "exec";
	case CONF_CHECK_FILE:
		return "file";
	}
	return "?";
}

/* RFC 1035 4.1.1, RFC 2136 2.2: the header's four-bit RCODEs. */
static const char *const rcode_names[16] = {
	"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
	"YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE",
};

const char *
conf_rcode_name(unsigned rcode)
{
	return rcode < 16 ? rcode_names[rcode] : NULL;
}

int
conf_parse_rcode(const char *text, uint8_t *out)
{
	unsigned long v;
	unsigned i;

	for (i = 0; i < 16; i++)
		if (rcode_names[i] != NULL &&
		    strcasecmp(text, rcode_names[i]) == 0) {
			*out = (uint8_t)i;
			return 0;
		}
	if (conf_parse_uint(text, 0, 15, &v) != 0)
		return CN_EINVAL;
	*out = (uint8_t)v;
	return 0;
}

static bool
str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

bool
conf_check_equal(const struct conf_check *a, const struct conf_check *b)
{
	size_t i;

	if (!str_eq(a->id, b->id) || a->type != b->type ||
	    strcmp(a->target.text, b->target.text) != 0 ||
	    a->ntargets != b->ntargets ||
	    a->qtype != b->qtype || !dns_name_equal(a->qname, b->qname) ||
	    a->tcp != b->tcp || a->expect_rcode != b->expect_rcode ||
	    !str_eq(a->expect_answer, b->expect_answer) ||
	    !str_eq(a->url, b->url) || a->expect_status != b->expect_status ||
	    a->argc != b->argc || !str_eq(a->path, b->path) ||
	    memcmp(&a->source, &b->source, sizeof(a->source)) != 0 ||
	    a->interval_ms != b->interval_ms ||
	    a->timeout_ms != b->timeout_ms || a->rise != b->rise ||
	    a->fall != b->fall)
		return false;
	for (i = 0; i < a->argc; i++)
		if (strcmp(a->argv[i], b->argv[i]) != 0)
			return false;
	for (i = 0; i < a->ntargets; i++)
		if (strcmp(a->targets[i].text, b->targets[i].text) != 0)
			return false;
	return true;
}

bool
conf_region_name_valid(const char *s)
{
	size_t i;

	/* A leading '-' or '_' would read back as something else in YAML. */
	if (s[0] == '-' || s[0] == '_')
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_'))
			return false;
	return i > 0 && i <= 32;
}
