/* SPDX-License-Identifier: MIT */
/*
 * print.c -- the normalised form of a configuration (--print-config).
 *
 * Every key is written, defaults included, in one fixed order, so the
 * output is a golden file for tests and reads back to an equal struct.
 * Values the host decides at start (identity, workers, cookie secret) are
 * shown as comments when not set, so the output does not depend on the
 * machine it runs on.  A peer's password is printed as it is: treat the
 * output like the file, and so are TSIG secrets.  check: and health:
 * come last, after anycast:.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../common/utf8.h"
#include "../dns/rdata.h"
#include "../dns/rrprint.h"
#include "conf.h"

/* Writes s as a YAML scalar, double-quoted unless it is plainly safe. */
static void
put_str(FILE *f, const char *s)
{
	const unsigned char *p;
	bool plain = *s != '\0';
	uint32_t cp;
	size_t n;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' ||
		    *p == '_' || *p == '/'))
			plain = false;
	/* Words YAML or we would read as something else stay quoted. */
	if (plain && (s[0] == '-' || s[0] == '.'))
		plain = false;
	if (plain) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (p = (const unsigned char *)s; *p != '\0'; p += n) {
		n = 1;
		if (*p == '"' || *p == '\\') {
			fprintf(f, "\\%c", *p);
		} else if (*p < 0x20 || *p == 0x7f) {
			fprintf(f, "\\x%02x", *p);
		} else if (*p < 0x80) {
			fputc(*p, f);
		} else if ((n = utf8_decode(p, strlen((const char *)p),
		    &cp)) == 0) {
			/* Not UTF-8 (only from the command line): lossy. */
			fprintf(f, "\\x%02x", *p);
			n = 1;
		} else if (cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
			/* YAML line breaks would fold. */
			fputs(cp == 0x85 ? "\\N" : cp == 0x2028 ? "\\L" : "\\P",
			    f);
		} else if (cp < 0xa0 || cp == 0xfeff || cp == 0xfffe ||
		    cp == 0xffff) {
			/* Outside YAML's printable set. */
			fprintf(f, "\\u%04x", (unsigned)cp);
		} else {
			fwrite(p, 1, n, f);
		}
	}
	fputc('"', f);
}

static void
put_attrs(FILE *f, const struct conf_route_attrs *a, const char *ind)
{
	char buf[48];
	size_t i;

	fprintf(f, "%scommunities: [", ind);
	for (i = 0; i < a->ncommunities; i++) {
		conf_format_community(a->communities[i], buf, sizeof(buf));
		fputs(i ? ", " : " ", f);
		put_str(f, buf);
	}
	fputs(a->ncommunities ? " ]\n" : "]\n", f);
	fprintf(f, "%slarge-communities: [", ind);
	for (i = 0; i < a->nlarge; i++) {
		conf_format_large_community(&a->large[i], buf, sizeof(buf));
		fputs(i ? ", " : " ", f);
		put_str(f, buf);
	}
	fputs(a->nlarge ? " ]\n" : "]\n", f);
	fprintf(f, "%sprepend: %u\n", ind, a->prepend);
	if (a->med_set)
		fprintf(f, "%smed: %" PRIu32 "\n", ind, a->med);
	else
		fprintf(f, "%s# med: not set, no MED is sent\n", ind);
}

static void
put_addr(FILE *f, const char *key, const struct conf_addr *a)
{
	char buf[INET6_ADDRSTRLEN];

	conf_format_addr(a, buf, sizeof(buf));
	fprintf(f, "      %s: ", key);
	put_str(f, buf);
	fputc('\n', f);
}

static void
put_peer(FILE *f, const struct conf *c, const struct conf_peer *p)
{
	bool ibgp = p->remote_as == c->bgp_as;
	char dur[32], abuf[INET6_ADDRSTRLEN];
	size_t i;

	fputs("    - address: ", f);
	conf_format_addr(&p->address, abuf, sizeof(abuf));
	put_str(f, abuf);
	fputs("\n      name: ", f);
	put_str(f, p->name);
	fprintf(f, "\n      remote-as: %" PRIu32 "  # %s\n", p->remote_as,
	    ibgp ? "iBGP" : "eBGP");
	if (p->local_address.af != 0)
		put_addr(f, "local-address", &p->local_address);
	else
		fputs("      # local-address: not set, the kernel picks\n", f);
	fprintf(f, "      port: %u\n", (unsigned)p->port);
	if (p->password != NULL) {
		fputs("      password: ", f);
		put_str(f, p->password);
		fputc('\n', f);
	} else {
		fputs("      # password: not set, no TCP-MD5\n", f);
	}
	fprintf(f, "      ttl-security: %s\n", p->ttl_security ? "true" :
	    "false");
	fprintf(f, "      passive: %s\n", p->passive ? "true" : "false");
	conf_format_duration((uint32_t)p->hold_time * 1000, dur, sizeof(dur));
	fprintf(f, "      hold-time: %s\n", dur);
	conf_format_duration(p->connect_retry_ms, dur, sizeof(dur));
	fprintf(f, "      %sconnect-retry: %s%s\n", p->connect_retry_set ? "" :
	    "# ", p->connect_retry_set ? "" : "not set, ", dur);
	if (p->next_hop.af != 0)
		put_addr(f, "next-hop", &p->next_hop);
	else
		fprintf(f, "      # next-hop: not set, %s\n",
		    p->address.af == AF_INET ? "the session's local address" :
		    "IPv4 prefixes are not sent");
	if (p->next_hop6.af != 0)
		put_addr(f, "next-hop-ipv6", &p->next_hop6);
	else
		fprintf(f, "      # next-hop-ipv6: not set, %s\n",
		    p->address.af == AF_INET6 ? "the session's local address" :
		    "IPv6 prefixes are not sent");
	if (p->local_pref_set)
		fprintf(f, "      local-pref: %" PRIu32 "\n", p->local_pref);
	else if (ibgp)
		fprintf(f, "      # local-pref: not set, %" PRIu32 "\n",
		    p->local_pref);
	else
		fputs("      # local-pref: eBGP, not sent\n", f);
	put_attrs(f, &p->attrs, "      ");
	if (p->nprefixes == 0) {
		fputs("      # prefixes: not set, every anycast prefix\n", f);
		return;
	}
	fputs("      prefixes:\n", f);
	for (i = 0; i < p->nprefixes; i++) {
		fputs("        - ", f);
		put_str(f, c->anycast[p->prefixes[i]].prefix.text);
		fputc('\n', f);
	}
}

static void	put_gates(FILE *f, const struct conf *c,
		    const struct conf_anycast *a);

static void
put_bgp(FILE *f, const struct conf *c)
{
	uint32_t id = c->bgp_router_id;
	size_t i;

	if (c->bgp_as == 0) {
		fputs("# bgp: none\n", f);
	} else {
		fputs("bgp:\n", f);
		fprintf(f, "  as: %" PRIu32 "\n", c->bgp_as);
		fprintf(f, "  router-id: %u.%u.%u.%u\n", id >> 24,
		    (id >> 16) & 0xff, (id >> 8) & 0xff, id & 0xff);
		fputs("  peer:\n", f);
		for (i = 0; i < c->npeers; i++)
			put_peer(f, c, &c->peers[i]);
	}
	if (c->nanycast == 0) {
		fputs("# anycast: none\n", f);
		return;
	}
	fputs("anycast:\n", f);
	for (i = 0; i < c->nanycast; i++) {
		fputs("  - prefix: ", f);
		put_str(f, c->anycast[i].prefix.text);
		fputc('\n', f);
		put_attrs(f, &c->anycast[i].attrs, "    ");
		put_gates(f, c, &c->anycast[i]);
	}
}

static void
put_gates(FILE *f, const struct conf *c, const struct conf_anycast *a)
{
	size_t i;

	if (a->nchecks == 0) {
		fputs("    checks: []  # announced while castnsd is healthy\n",
		    f);
	} else {
		fputs("    checks: [", f);
		for (i = 0; i < a->nchecks; i++) {
			fputs(i ? ", " : " ", f);
			put_str(f, c->checks[a->checks[i]].id);
		}
		fputs(" ]\n", f);
	}
	fprintf(f, "    match: %s\n", a->match_any ? "any" : "all");
}

static void
put_check(FILE *f, const struct conf_check *k)
{
	char dur[32], abuf[INET6_ADDRSTRLEN], tbuf[16];
	char qbuf[4 * DNS_NAME_MAX + 32];
	const char *rc;
	size_t i;

	fputs("  - id: ", f);
	put_str(f, k->id);
	fprintf(f, "\n    type: %s\n", conf_check_type_name(k->type));
	switch (k->type) {
	case CONF_CHECK_DNS:
		if (k->ntargets == 0) {
			fprintf(f, "    target: \"%s\"\n", k->target.text);
		} else {
			fputs("    # target: not set, asks", f);
			for (i = 0; i < k->ntargets; i++)
				fprintf(f, "%s %s", i == 0 ? "" : ",",
				    k->targets[i].text);
			fputs(" (its listen addresses inside the prefixes it "
			    "gates)\n", f);
		}
		dns_rrtype_to_text(k->qtype, tbuf, sizeof(tbuf));
		fprintf(f, "    %squery: ", k->query_set ? "" : "# ");
		if (!k->query_set)
			fputs("not set, ", f);
		snprintf(qbuf, sizeof(qbuf), "%s %s", k->qname_text, tbuf);
		put_str(f, qbuf);
		fprintf(f, "%s\n", k->query_set ? "" : " (the first zone's apex)");
		fprintf(f, "    protocol: %s\n", k->tcp ? "tcp" : "udp");
		if ((rc = conf_rcode_name(k->expect_rcode)) != NULL)
			fprintf(f, "    expect-rcode: %s\n", rc);
		else
			fprintf(f, "    expect-rcode: %u\n",
			    (unsigned)k->expect_rcode);
		if (k->expect_answer != NULL) {
			fputs("    expect-answer: ", f);
			put_str(f, k->expect_answer);
			fputc('\n', f);
		} else {
			fputs("    # expect-answer: not set, any answer\n", f);
		}
		break;
	case CONF_CHECK_TCP:
		fprintf(f, "    target: \"%s\"\n", k->target.text);
		break;
	case CONF_CHECK_HTTP:
		fputs("    url: ", f);
		put_str(f, k->url);
		fprintf(f, "\n    expect-status: %u\n",
		    (unsigned)k->expect_status);
		break;
	case CONF_CHECK_EXEC:
		fputs("    command:\n", f);
		for (i = 0; i < k->argc; i++) {
			fputs("      - ", f);
			put_str(f, k->argv[i]);
			fputc('\n', f);
		}
		break;
	case CONF_CHECK_FILE:
		fputs("    path: ", f);
		put_str(f, k->path);
		fputc('\n', f);
		break;
	}
	if (k->type == CONF_CHECK_DNS || k->type == CONF_CHECK_TCP ||
	    k->type == CONF_CHECK_HTTP) {
		if (k->source.af != 0) {
			conf_format_addr(&k->source, abuf, sizeof(abuf));
			fputs("    source: ", f);
			put_str(f, abuf);
			fputc('\n', f);
		} else {
			fputs("    # source: not set, the kernel picks\n", f);
		}
	}
	conf_format_duration(k->interval_ms, dur, sizeof(dur));
	fprintf(f, "    interval: %s\n", dur);
	conf_format_duration(k->timeout_ms, dur, sizeof(dur));
	fprintf(f, "    timeout: %s\n", dur);
	fprintf(f, "    rise: %u\n    fall: %u\n", k->rise, k->fall);
}

static void
put_health(FILE *f, const struct conf *c)
{
	const struct conf_damping *d = &c->damping;
	char dur[32];
	size_t i;

	if (c->nchecks == 0) {
		fputs("# check: none\n", f);
	} else {
		fputs("check:\n", f);
		for (i = 0; i < c->nchecks; i++)
			put_check(f, &c->checks[i]);
	}
	fputs("health:\n  damping:\n", f);
	fprintf(f, "    enabled: %s\n", d->enabled ? "true" : "false");
	fprintf(f, "    penalty: %u\n", (unsigned)d->penalty);
	fprintf(f, "    suppress: %u\n", (unsigned)d->suppress);
	fprintf(f, "    reuse: %u\n", (unsigned)d->reuse);
	conf_format_duration(d->half_life_ms, dur, sizeof(dur));
	fprintf(f, "    half-life: %s\n", dur);
	conf_format_duration(d->max_suppress_ms, dur, sizeof(dur));
	fprintf(f, "    max-suppress: %s\n", dur);
	fputs("  drain:\n", f);
	conf_format_duration(c->drain_ms, dur, sizeof(dur));
	fprintf(f, "    time: %s\n", dur);
	fprintf(f, "    prepend: %u\n", c->drain_prepend);
}

static void
put_rdata(FILE *f, const struct conf_geo_rdata *rd)
{
	char buf[64];
	size_t i;

	if (rd->target_text != NULL) {
		fprintf(f, "[ %s ]", rd->target_text);
		return;
	}
	fputs("[ ", f);
	for (i = 0; i < rd->n; i++) {
		conf_format_addr(&rd->addr[i], buf, sizeof(buf));
		fprintf(f, "%s%s", i ? ", " : "", buf);
	}
	fputs(" ]", f);
}

static void
put_codes(FILE *f, const char *key, const struct conf_geo_code *codes,
    size_t n, const struct conf *c)
{
	size_t i;

	if (n == 0)
		return;
	fprintf(f, "  %s: { ", key);
	for (i = 0; i < n; i++)
		fprintf(f, "%s%s: %s", i ? ", " : "", codes[i].code,
		    c->regions[codes[i].region]);
	fputs(" }\n", f);
}

/* geo: only when configured, so configs without it print as before. */
static void
put_geo(FILE *f, const struct conf *c)
{
	size_t i, j, k;

	if (!c->geo_set)
		return;
	fputs("geo:\n", f);
	if (c->geo_nets != NULL) {
		fputs("  nets: ", f);
		put_str(f, c->geo_nets);
		fputc('\n', f);
	}
	if (c->ngeo_mmdb > 0) {
		fputs("  maxmind: [ ", f);
		for (i = 0; i < c->ngeo_mmdb; i++) {
			fputs(i ? ", " : "", f);
			put_str(f, c->geo_mmdb[i]);
		}
		fputs(" ]\n", f);
		put_codes(f, "countries", c->countries, c->ncountries, c);
		put_codes(f, "continents", c->continents, c->ncontinents, c);
	}
	fputs("  regions: [ ", f);
	for (i = 0; i < c->nregions; i++)
		fprintf(f, "%s%s", i ? ", " : "", c->regions[i]);
	fputs(" ]\n", f);
	if (c->nsites > 0) {
		fputs("  sites:\n", f);
		for (i = 0; i < c->nsites; i++) {
			fprintf(f, "    - name: %s\n", c->sites[i].name);
			if (c->sites[i].check != SIZE_MAX) {
				fputs("      check: ", f);
				put_str(f, c->checks[c->sites[i].check].id);
				fputc('\n', f);
			} else
				fputs("      # check: none, always up\n", f);
		}
	}
	if (c->nanswers == 0)
		return;
	fputs("  answers:\n", f);
	for (i = 0; i < c->nanswers; i++) {
		const struct conf_geo_answer *a = &c->answers[i];

		fputs("    - name: ", f);
		put_str(f, a->name_text);
		fprintf(f, "  # zone %s\n", c->zones[a->zone].domain);
		fprintf(f, "      type: %s\n      ttl: %u\n      default: ",
		    a->type == DNS_TYPE_A ? "A" : a->type == DNS_TYPE_AAAA ?
		    "AAAA" : "CNAME", (unsigned)a->ttl);
		put_rdata(f, &a->def);
		fputc('\n', f);
		for (j = 0, k = 0; j < c->nregions; j++)
			k += a->region[j].set;
		if (k == 0)
			continue;
		fputs("      region:\n", f);
		for (j = 0; j < c->nregions; j++) {
			const struct conf_geo_choice *ch = &a->region[j];

			if (!ch->set)
				continue;
			fprintf(f, "        %s:\n", c->regions[j]);
			if (ch->site != SIZE_MAX)
				fprintf(f, "          site: %s\n",
				    c->sites[ch->site].name);
			if (ch->nfallback > 0) {
				fputs("          fallback: [ ", f);
				for (k = 0; k < ch->nfallback; k++)
					fprintf(f, "%s%s", k ? ", " : "",
					    c->regions[ch->fallback[k]]);
				fputs(" ]\n", f);
			}
			fputs("          rdata: ", f);
			put_rdata(f, &ch->rdata);
			fputc('\n', f);
		}
	}
}

/* One entry of primary:, notify: or allow-transfer:. */
static void
put_xfr_entry(FILE *f, const struct conf *c, const char *addr, size_t key)
{
	fputs("      - { address: ", f);
	put_str(f, addr);
	if (key != CONF_KEY_NONE) {
		fputs(", key: ", f);
		put_str(f, c->keys[key].name_text);
	}
	fputs(" }\n", f);
}

static void
put_zone_xfr(FILE *f, const struct conf *c, const struct conf_zone *z)
{
	char buf[INET6_ADDRSTRLEN];
	size_t i;

	if (z->nprimaries > 0)
		fputs("    primary:\n", f);
	for (i = 0; i < z->nprimaries; i++)
		put_xfr_entry(f, c, z->primaries[i].addr.text,
		    z->primaries[i].key);
	if (z->transfer_source.af != 0) {
		conf_format_addr(&z->transfer_source, buf, sizeof(buf));
		fprintf(f, "    transfer-source: \"%s\"\n", buf);
	}
	if (z->nallow_transfer > 0)
		fputs("    allow-transfer:\n", f);
	for (i = 0; i < z->nallow_transfer; i++)
		put_xfr_entry(f, c, z->allow_transfer[i].prefix.text,
		    z->allow_transfer[i].key);
	if (z->nnotify > 0)
		fputs("    notify:\n", f);
	for (i = 0; i < z->nnotify; i++)
		put_xfr_entry(f, c, z->notify[i].addr.text, z->notify[i].key);
}

static void
put_keys(FILE *f, const struct conf *c)
{
	char b64[CONF_KEY_SECRET_MAX / 3 * 4 + 8];
	size_t i;

	if (c->nkeys == 0) {
		fputs("# key: none\n", f);
		return;
	}
	fputs("key:\n", f);
	for (i = 0; i < c->nkeys; i++) {
		fputs("  - name: ", f);
		put_str(f, c->keys[i].name_text);
		fprintf(f, "\n    algorithm: %s\n",
		    conf_tsig_alg_name(c->keys[i].alg));
		rrprint_b64(c->keys[i].secret, c->keys[i].secret_len, b64);
		fprintf(f, "    secret: \"%s\"\n", b64);
	}
}

/* A zone's dnssec-expiry-withdraw, in days when whole; not when off. */
static void
print_expiry(FILE *f, uint32_t secs)
{
	char buf[32];

	if (secs == 0)
		return;
	if (secs % 86400 == 0)
		snprintf(buf, sizeof(buf), "%ud", (unsigned)(secs / 86400));
	else
		conf_format_duration(secs * 1000u, buf, sizeof(buf));
	fprintf(f, "    dnssec-expiry-withdraw: %s\n", buf);
}

int
conf_print(const struct conf *c, FILE *f)
{
	static const char *levels[] = { "error", "warning", "info", "debug" };
	char dur[32];
	size_t i;

	fputs("server:\n", f);
	if (c->identity != NULL) {
		fputs("  identity: ", f);
		put_str(f, c->identity);
		fputc('\n', f);
	} else {
		fputs("  # identity: not set, the host name is used\n", f);
	}
	if (c->nlisten > 0) {
		fputs("  listen:\n", f);
		for (i = 0; i < c->nlisten; i++)
			fprintf(f, "    - \"%s\"\n", c->listen[i].text);
	} else {
		fputs("  # listen: not set, 0.0.0.0@53 and ::@53 are used\n",
		    f);
	}
	if (c->workers != 0)
		fprintf(f, "  workers: %u\n", c->workers);
	else
		fputs("  # workers: not set, one per CPU\n", f);
	fprintf(f, "  nsid: %s\n", c->nsid ? "true" : "false");
	if (c->version != NULL) {
		fputs("  version: ", f);
		put_str(f, c->version);
		fputc('\n', f);
	} else {
		fputs("  # version: not set, version.bind is refused\n", f);
	}
	fprintf(f, "  udp-payload: %u\n", (unsigned)c->udp_payload);
	conf_format_duration(c->tcp_idle_ms, dur, sizeof(dur));
	fprintf(f, "  tcp-idle-timeout: %s\n", dur);
	fprintf(f, "  tcp-max-clients: %u\n", (unsigned)c->tcp_max_clients);
	if (c->cookie_secret_set) {
		fputs("  cookie-secret: \"", f);
		for (i = 0; i < CONF_COOKIE_SECRET_LEN; i++)
			fprintf(f, "%02x", c->cookie_secret[i]);
		fputs("\"\n", f);
	} else {
		fputs("  # cookie-secret: not set, random at start\n", f);
	}
	fputs("  log:\n", f);
	fprintf(f, "    syslog: %s\n", c->log_syslog ? "true" : "false");
	fprintf(f, "    verbosity: %s\n", levels[c->log_verbosity + 2]);
	if (!c->control_set) {
		fprintf(f, "  # control: not set, %s if its directory "
		    "exists\n", CONF_CONTROL_DEFAULT);
	} else {
		fputs("  control: ", f);
		put_str(f, c->control != NULL ? c->control : "none");
		fputc('\n', f);
	}
	fprintf(f, "  control-mode: \"%04o\"\n", c->control_mode);
	if (c->metrics_set)
		fprintf(f, "  metrics: \"%s\"\n", c->metrics.text);
	else
		fputs("  # metrics: not set, no metrics endpoint\n", f);
	if (c->nzones == 0) {
		fputs("# zone: none\n", f);
	} else {
		fputs("zone:\n", f);
		for (i = 0; i < c->nzones; i++) {
			fputs("  - domain: ", f);
			put_str(f, c->zones[i].domain);
			fputs("\n    file: ", f);
			put_str(f, c->zones[i].file);
			fputc('\n', f);
			if (c->zones[i].ecs)
				fputs("    ecs: true\n", f);
			print_expiry(f, c->zones[i].dnssec_expiry_withdraw_s);
			put_zone_xfr(f, c, &c->zones[i]);
		}
	}
	put_keys(f, c);
	put_bgp(f, c);
	put_health(f, c);
	put_geo(f, c);
	return ferror(f) ? -EIO : 0;
}
