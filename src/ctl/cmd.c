/* SPDX-License-Identifier: MIT */
/*
 * cmd.c -- the control commands: status, drain, undrain, disable, enable,
 * reload, zone-reload, bgp, stats and geo (in geo.c), each as text for
 * people or as one JSON object (--json) for scripts.  Prefix states come
 * from the health module; while a castnsd runs without one, from the BGP
 * speaker's routes.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../bgp/bgp.h"
#include "../common/err.h"
#include "../common/loop.h"
#include "../dns/dnssec_check.h"
#include "../dns/zone.h"
#include "../health/health.h"
#include "../server/server.h"
#include "cmd.h"
#include "json.h"

const char *
ctl_rcode_name(unsigned rcode, char *buf, size_t len)
{
	static const char *const names[] = {
		"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",
		"REFUSED", "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH",
		"NOTZONE", "DSOTYPENI", NULL, NULL, NULL, NULL, "BADVERS",
		"BADKEY", "BADTIME", "BADMODE", "BADNAME", "BADALG",
		"BADTRUNC", "BADCOOKIE",
	};

	if (rcode < sizeof(names) / sizeof(names[0]) && names[rcode] != NULL)
		return names[rcode];
	snprintf(buf, len, "RCODE%u", rcode);
	return buf;
}

/* "3d4h", "1h2m", "2m3s", "4.5s": two units are enough to read. */
static const char *
ago(uint64_t ms, char *buf, size_t len)
{
	uint64_t s = ms / 1000;

	if (s >= 86400)
		snprintf(buf, len, "%" PRIu64 "d%" PRIu64 "h", s / 86400,
		    s % 86400 / 3600);
	else if (s >= 3600)
		snprintf(buf, len, "%" PRIu64 "h%" PRIu64 "m", s / 3600,
		    s % 3600 / 60);
	else if (s >= 60)
		snprintf(buf, len, "%" PRIu64 "m%" PRIu64 "s", s / 60, s % 60);
	else
		snprintf(buf, len, "%" PRIu64 ".%" PRIu64 "s", s,
		    ms % 1000 / 100);
	return buf;
}

static double
secs(uint64_t ms)
{
	return (double)ms / 1000.0;
}

static uint64_t
since(uint64_t now, uint64_t then)
{
	return then != 0 && now > then ? now - then : 0;
}

/* One prefix as status shows it, from health or, without it, from BGP. */
static void
prefix_status(const struct ctl_ops *ops, void *arg, const struct conf *conf,
    size_t i, struct health_prefix_status *st)
{
	struct health *h = ops->health(arg);
	struct bgp *bgp = ops->bgp(arg);

	if (h != NULL && i < health_prefix_count(h)) {
		health_prefix_status(h, i, st);
		return;
	}
	memset(st, 0, sizeof(*st));
	st->prefix = conf->anycast[i].prefix.text;
	if (bgp == NULL) {
		st->state = HEALTH_WITHDRAWN;
		snprintf(st->reason, sizeof(st->reason), "BGP is not running");
		return;
	}
	switch (bgp_route_get(bgp, i)) {
	case BGP_ROUTE_ANNOUNCED:
		st->state = HEALTH_ANNOUNCED;
		break;
	case BGP_ROUTE_DRAINING:
		st->state = HEALTH_DRAINING;
		break;
	default:
		st->state = HEALTH_WITHDRAWN;
	}
	snprintf(st->reason, sizeof(st->reason), "no health checks: %s while "
	    "castnsd serves", st->state == HEALTH_ANNOUNCED ? "announced" :
	    "routed");
}

static void
json_prefix(struct json *j, const struct health_prefix_status *st,
    uint64_t now)
{
	json_obj_begin(j);
	json_kv_str(j, "prefix", st->prefix);
	json_kv_str(j, "state", health_state_name(st->state));
	json_kv_str(j, "reason", st->reason);
	json_kv_double(j, "penalty", st->penalty);
	json_kv_double(j, "since_s", secs(since(now, st->since_ms)));
	json_obj_end(j);
}

static void
text_prefix(struct ctl_buf *b, const struct health_prefix_status *st,
    uint64_t now)
{
	char t[32];

	ctl_buf_printf(b, "  %-20s %-10s penalty %.1f", st->prefix,
	    health_state_name(st->state), st->penalty);
	if (st->since_ms != 0)
		ctl_buf_printf(b, ", for %s", ago(since(now, st->since_ms), t,
		    sizeof(t)));
	if (st->reason[0] != '\0')
		ctl_buf_printf(b, ": %s", st->reason);
	ctl_buf_addc(b, '\n');
}

void
ctl_cmd_prefixes(const struct ctl_ops *ops, void *arg,
    const struct ctl_request *req, struct ctl_buf *body)
{
	struct server *srv = ops->server(arg);
	const struct conf *conf = srv ? server_current(srv)->conf : NULL;
	struct health_prefix_status st;
	uint64_t now = loop_now_ms();
	struct json j;
	size_t i;

	if (req->json) {
		json_init(&j, body);
		json_obj_begin(&j);
		json_key(&j, "prefixes");
		json_arr_begin(&j);
	}
	for (i = 0; conf != NULL && i < conf->nanycast; i++) {
		if (!req->all && strcmp(conf->anycast[i].prefix.text,
		    req->arg) != 0)
			continue;
		prefix_status(ops, arg, conf, i, &st);
		if (req->json)
			json_prefix(&j, &st, now);
		else
			text_prefix(body, &st, now);
	}
	if (req->json) {
		json_arr_end(&j);
		json_obj_end(&j);
	}
}

/* ", signatures expire 2026-12-01 10:00:00 UTC (in 5d 3h 2m)", if signed. */
static void
text_expire(struct ctl_buf *b, const struct dns_zone *z)
{
	char text[96];

	if (z != NULL && dns_dnssec_expire_text(z, (int64_t)time(NULL), text,
	    sizeof(text)) != NULL)
		ctl_buf_printf(b, ", %s", text);
}

static void
status_text(const struct ctl_ops *ops, void *arg, struct ctl_buf *b)
{
	struct server *srv = ops->server(arg);
	const struct server_snapshot *snap = server_current(srv);
	const struct conf *conf = snap->conf;
	struct health *h = ops->health(arg);
	struct bgp *bgp = ops->bgp(arg);
	struct health_prefix_status ps;
	struct health_check_status cs;
	const struct dns_zone *z;
	const struct bgp_peer *p;
	uint64_t now = loop_now_ms();
	const char *why;
	bool self_ok;
	char t[32];
	size_t i, n;

	ctl_buf_printf(b, "castnsd %s as '%s', up %s, generation %" PRIu64
	    "\n", ops->version, snap->identity,
	    ago(since(now, ops->started_ms), t, sizeof(t)), snap->generation);
	if (h != NULL) {
		self_ok = health_self(h, &why);
		ctl_buf_printf(b, "castnsd itself: %s (%s)\n", self_ok ? "ok" :
		    "failing, every prefix withdrawn", why);
	}
	ctl_buf_printf(b, "zones: %zu\n", conf->nzones);
	for (i = 0; i < conf->nzones; i++) {
		z = dns_db_find_zone(snap->db, conf->zones[i].apex);
		ctl_buf_printf(b, "  %-30s serial %-10u %" PRIu64 " queries",
		    conf->zones[i].domain, z ? dns_zone_serial(z) : 0,
		    server_zone_queries(srv, i));
		text_expire(b, z);
		if (z != NULL && dns_zone_rr_count(z) == 0)
			ctl_buf_adds(b, ", SERVFAIL (secondary without data "
			    "or expired: see zone-status)");
		ctl_buf_adds(b, "\n");
	}
	ctl_buf_printf(b, "prefixes: %zu\n", conf->nanycast);
	for (i = 0; i < conf->nanycast; i++) {
		prefix_status(ops, arg, conf, i, &ps);
		text_prefix(b, &ps, now);
	}
	n = h != NULL ? health_check_count(h) : 0;
	ctl_buf_printf(b, "checks: %zu\n", n);
	for (i = 0; i < n; i++) {
		health_check_status(h, i, &cs);
		ctl_buf_printf(b, "  %-20s %-4s %-4s last %s (%.1f ms): %s\n",
		    cs.id, cs.type, cs.up ? "up" : "down",
		    cs.last_ok ? "ok" : "failed",
		    (double)cs.last_latency_us / 1000.0, cs.last_result);
	}
	n = bgp != NULL ? bgp_peer_count(bgp) : 0;
	ctl_buf_printf(b, "bgp peers: %zu\n", n);
	for (i = 0; i < n; i++) {
		p = bgp_peer_at(bgp, i);
		ctl_buf_printf(b, "  %-30s %s for %s\n", p->name,
		    bgp_state_name(p->state),
		    ago(since(now, p->state_since), t, sizeof(t)));
	}
	ctl_geo_status(ops, arg, NULL, b);
}

static void
status_json(const struct ctl_ops *ops, void *arg, struct ctl_buf *b)
{
	struct server *srv = ops->server(arg);
	const struct server_snapshot *snap = server_current(srv);
	const struct conf *conf = snap->conf;
	struct health *h = ops->health(arg);
	struct bgp *bgp = ops->bgp(arg);
	struct health_prefix_status ps;
	struct health_check_status cs;
	const struct dns_zone *z;
	const struct bgp_peer *p;
	uint64_t now = loop_now_ms();
	const char *why;
	struct json j;
	bool self_ok;
	size_t i, n;

	json_init(&j, b);
	json_obj_begin(&j);
	json_kv_str(&j, "identity", snap->identity);
	json_kv_str(&j, "version", ops->version);
	json_kv_double(&j, "uptime_s", secs(since(now, ops->started_ms)));
	json_kv_uint(&j, "generation", snap->generation);
	if (h != NULL) {
		/* The daemon's own state: false withdraws every prefix. */
		self_ok = health_self(h, &why);
		json_key(&j, "self");
		json_obj_begin(&j);
		json_kv_bool(&j, "ok", self_ok);
		json_kv_str(&j, "reason", why);
		json_obj_end(&j);
	}
	json_key(&j, "zones");
	json_arr_begin(&j);
	for (i = 0; i < conf->nzones; i++) {
		z = dns_db_find_zone(snap->db, conf->zones[i].apex);
		json_obj_begin(&j);
		json_kv_str(&j, "zone", conf->zones[i].domain);
		json_kv_uint(&j, "serial", z ? dns_zone_serial(z) : 0);
		json_kv_uint(&j, "records", z ? dns_zone_rr_count(z) : 0);
		/* A secondary without data or expired answers SERVFAIL. */
		json_kv_bool(&j, "servfail", z != NULL &&
		    dns_zone_rr_count(z) == 0);
		json_kv_uint(&j, "queries", server_zone_queries(srv, i));
		/* Unix seconds of the earliest RRSIG expiration; 0: none. */
		json_kv_uint(&j, "rrsig_expire", z && dns_dnssec_expire(z) >
		    0 ? (uint64_t)dns_dnssec_expire(z) : 0);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "prefixes");
	json_arr_begin(&j);
	for (i = 0; i < conf->nanycast; i++) {
		prefix_status(ops, arg, conf, i, &ps);
		json_prefix(&j, &ps, now);
	}
	json_arr_end(&j);
	json_key(&j, "checks");
	json_arr_begin(&j);
	n = h != NULL ? health_check_count(h) : 0;
	for (i = 0; i < n; i++) {
		health_check_status(h, i, &cs);
		json_obj_begin(&j);
		json_kv_str(&j, "id", cs.id);
		json_kv_str(&j, "type", cs.type);
		json_kv_bool(&j, "up", cs.up);
		json_kv_bool(&j, "last_ok", cs.last_ok);
		json_kv_str(&j, "last_result", cs.last_result);
		json_kv_double(&j, "latency_ms",
		    (double)cs.last_latency_us / 1000.0);
		json_kv_double(&j, "last_run_s_ago",
		    secs(since(now, cs.last_run_ms)));
		json_kv_uint(&j, "streak", cs.streak);
		json_kv_uint(&j, "probes", cs.probes);
		json_kv_uint(&j, "failures", cs.failures);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "peers");
	json_arr_begin(&j);
	n = bgp != NULL ? bgp_peer_count(bgp) : 0;
	for (i = 0; i < n; i++) {
		p = bgp_peer_at(bgp, i);
		json_obj_begin(&j);
		json_kv_str(&j, "peer", p->conf->name);
		json_kv_str(&j, "state", bgp_state_name(p->state));
		json_kv_double(&j, "since_s", secs(since(now,
		    p->state_since)));
		json_obj_end(&j);
	}
	json_arr_end(&j);
	ctl_geo_status(ops, arg, &j, b);
	json_obj_end(&j);
}

static const char *const msg_names[] = {
	NULL, "open", "update", "notification", "keepalive", "route-refresh"
};

static void
bgp_cmd(const struct ctl_ops *ops, void *arg, bool json, struct ctl_buf *b)
{
	struct bgp *bgp = ops->bgp(arg);
	const struct bgp_peer *p;
	uint64_t now = loop_now_ms();
	size_t i, n = bgp != NULL ? bgp_peer_count(bgp) : 0;
	char addr[64], t[32];
	struct json j;
	int k;

	if (json) {
		json_init(&j, b);
		json_obj_begin(&j);
		json_kv_bool(&j, "running", bgp != NULL);
		json_key(&j, "peers");
		json_arr_begin(&j);
	} else if (bgp == NULL) {
		ctl_buf_adds(b, "BGP is not configured\n");
	}
	for (i = 0; i < n; i++) {
		p = bgp_peer_at(bgp, i);
		conf_format_addr(&p->conf->address, addr, sizeof(addr));
		if (!json) {
			ctl_buf_printf(b, "peer %s: %s for %s", p->name,
			    bgp_state_name(p->state), ago(since(now,
			    p->state_since), t, sizeof(t)));
			if (p->state == BGP_STATE_ESTABLISHED)
				ctl_buf_printf(b, ", up %s", ago(since(now,
				    p->established_at), t, sizeof(t)));
			ctl_buf_printf(b, "\n  prefixes: %u announced, %" PRIu64
			    " received\n  last error: %s\n",
			    p->stats.announced, p->stats.prefixes_received,
			    p->last_error[0] ? p->last_error : "none");
			for (k = 0; k < 2; k++) {
				const uint64_t *m = k ? p->stats.msgs_out :
				    p->stats.msgs_in;
				int t2;

				ctl_buf_printf(b, "  messages %s:", k ? "out" :
				    "in ");
				for (t2 = BGP_OPEN; t2 <= BGP_ROUTE_REFRESH;
				    t2++)
					ctl_buf_printf(b, " %s %" PRIu64,
					    msg_names[t2], m[t2]);
				ctl_buf_addc(b, '\n');
			}
			continue;
		}
		json_obj_begin(&j);
		json_kv_str(&j, "peer", p->conf->name);
		json_kv_str(&j, "address", addr);
		json_kv_uint(&j, "port", p->conf->port);
		json_kv_uint(&j, "remote_as", p->conf->remote_as);
		json_kv_str(&j, "state", bgp_state_name(p->state));
		json_kv_double(&j, "since_s", secs(since(now,
		    p->state_since)));
		json_kv_double(&j, "uptime_s", p->state ==
		    BGP_STATE_ESTABLISHED ? secs(since(now,
		    p->established_at)) : 0);
		json_kv_str(&j, "last_error", p->last_error);
		json_kv_uint(&j, "established", p->stats.established);
		json_kv_uint(&j, "prefixes_announced", p->stats.announced);
		json_kv_uint(&j, "prefixes_received",
		    p->stats.prefixes_received);
		json_kv_uint(&j, "prefixes_withdrawn",
		    p->stats.prefixes_withdrawn);
		for (k = 0; k < 2; k++) {
			const uint64_t *m = k ? p->stats.msgs_out :
			    p->stats.msgs_in;
			int t2;

			json_key(&j, k ? "messages_out" : "messages_in");
			json_obj_begin(&j);
			for (t2 = BGP_OPEN; t2 <= BGP_ROUTE_REFRESH; t2++)
				json_kv_uint(&j, msg_names[t2], m[t2]);
			json_obj_end(&j);
		}
		json_obj_end(&j);
	}
	if (json) {
		json_arr_end(&j);
		json_obj_end(&j);
	}
}

static const char *const proto_names[] = { "udp", "tcp" };
static const char *const family_names[] = { "ipv4", "ipv6" };

static void
stats_cmd(const struct ctl_ops *ops, void *arg, bool json, struct ctl_buf *b)
{
	struct server *srv = ops->server(arg);
	const struct conf *conf = server_current(srv)->conf;
	struct server_metrics m;
	struct dns_stats all;
	struct server_tcp_stats tcp;
	struct json j;
	char rb[16];
	unsigned p, f, k;
	size_t i;

	server_metrics(srv, &m);
	server_stats(srv, &all, &tcp);
	if (!json) {
		ctl_buf_printf(b, "queries %" PRIu64 ", responses %" PRIu64
		    ", dropped %" PRIu64 "\n", all.queries, all.responses,
		    all.dropped);
		for (p = 0; p < SERVER_PROTO_COUNT; p++)
			for (f = 0; f < SERVER_FAMILY_COUNT; f++)
				ctl_buf_printf(b, "  %s %s: queries %" PRIu64
				    ", responses %" PRIu64 ", dropped %" PRIu64
				    "\n", proto_names[p], family_names[f],
				    m.dns[p][f].queries, m.dns[p][f].responses,
				    m.dns[p][f].dropped);
		ctl_buf_adds(b, "rcodes:");
		for (k = 0; k < 24; k++)
			if (all.rcode[k] != 0)
				ctl_buf_printf(b, " %s %" PRIu64,
				    ctl_rcode_name(k, rb, sizeof(rb)),
				    all.rcode[k]);
		ctl_buf_printf(b, "\ntruncated %" PRIu64 ", edns %" PRIu64
		    ", nsid %" PRIu64 ", cookies %" PRIu64 ", chaos %" PRIu64
		    "\n", all.truncated, all.edns, all.nsid, all.cookies,
		    all.chaos);
		ctl_buf_printf(b, "tcp: accepted %" PRIu64 ", closed idle %"
		    PRIu64 ", closed for room %" PRIu64 ", bad framing %"
		    PRIu64 "; udp send errors %" PRIu64 "\n", tcp.accepted,
		    tcp.closed_idle, tcp.closed_full, tcp.closed_bad,
		    tcp.udp_send_errors);
		ctl_buf_adds(b, "zones:\n");
		for (i = 0; i < conf->nzones; i++)
			ctl_buf_printf(b, "  %-30s %" PRIu64 " queries\n",
			    conf->zones[i].domain,
			    server_zone_queries(srv, i));
		return;
	}
	json_init(&j, b);
	json_obj_begin(&j);
	json_kv_uint(&j, "queries", all.queries);
	json_kv_uint(&j, "responses", all.responses);
	json_kv_uint(&j, "dropped", all.dropped);
	json_kv_uint(&j, "truncated", all.truncated);
	json_kv_uint(&j, "edns", all.edns);
	json_kv_uint(&j, "nsid", all.nsid);
	json_kv_uint(&j, "cookies", all.cookies);
	json_kv_uint(&j, "chaos", all.chaos);
	json_key(&j, "rcodes");
	json_obj_begin(&j);
	for (k = 0; k < 24; k++)
		if (all.rcode[k] != 0)
			json_kv_uint(&j, ctl_rcode_name(k, rb, sizeof(rb)),
			    all.rcode[k]);
	json_obj_end(&j);
	json_key(&j, "transports");
	json_arr_begin(&j);
	for (p = 0; p < SERVER_PROTO_COUNT; p++)
		for (f = 0; f < SERVER_FAMILY_COUNT; f++) {
			json_obj_begin(&j);
			json_kv_str(&j, "protocol", proto_names[p]);
			json_kv_str(&j, "family", family_names[f]);
			json_kv_uint(&j, "queries", m.dns[p][f].queries);
			json_kv_uint(&j, "responses", m.dns[p][f].responses);
			json_kv_uint(&j, "dropped", m.dns[p][f].dropped);
			json_obj_end(&j);
		}
	json_arr_end(&j);
	json_key(&j, "tcp");
	json_obj_begin(&j);
	json_kv_uint(&j, "accepted", tcp.accepted);
	json_kv_uint(&j, "closed_idle", tcp.closed_idle);
	json_kv_uint(&j, "closed_full", tcp.closed_full);
	json_kv_uint(&j, "closed_bad", tcp.closed_bad);
	json_obj_end(&j);
	json_kv_uint(&j, "udp_send_errors", tcp.udp_send_errors);
	json_key(&j, "zones");
	json_arr_begin(&j);
	for (i = 0; i < conf->nzones; i++) {
		json_obj_begin(&j);
		json_kv_str(&j, "zone", conf->zones[i].domain);
		json_kv_uint(&j, "queries", server_zone_queries(srv, i));
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
}

/* drain, undrain, disable, enable through the health module. */
static int
prefix_cmd(const struct ctl_ops *ops, void *arg,
    const struct ctl_request *req, struct ctl_buf *body, char *msg,
    size_t msglen)
{
	struct health *h = ops->health(arg);
	size_t idx = SIZE_MAX;
	int r;

	if (h == NULL) {
		snprintf(msg, msglen, "%s: this castnsd runs no health "
		    "module, so prefixes cannot be drained, disabled or "
		    "enabled", ctl_cmd_name(req->cmd));
		return CTL_UNAVAILABLE;
	}
	if (!req->all &&
	    (idx = health_prefix_find(h, req->arg)) == SIZE_MAX) {
		snprintf(msg, msglen, "no anycast prefix %s in the "
		    "configuration", req->arg);
		return CTL_NOT_FOUND;
	}
	switch (req->cmd) {
	case CTL_DRAIN:
		r = health_drain(h, idx);
		break;
	case CTL_UNDRAIN:
		r = health_undrain(h, idx);
		break;
	case CTL_DISABLE:
		r = health_disable(h, idx);
		break;
	default:
		r = health_enable(h, idx);
		break;
	}
	if (r != 0) {
		snprintf(msg, msglen, "%s %s: %s", ctl_cmd_name(req->cmd),
		    req->all ? "all" : req->arg, cn_strerror(r));
		return r == CN_ENOENT ? CTL_NOT_FOUND : CTL_FAILED;
	}
	ctl_cmd_prefixes(ops, arg, req, body);
	snprintf(msg, msglen, "ok");
	return CTL_OK;
}

bool
ctl_cmd_drain_done(const struct ctl_ops *ops, void *arg,
    const struct ctl_request *req)
{
	struct health *h = ops->health(arg);

	if (h == NULL)
		return true;
	return health_drain_done(h, req->all ? SIZE_MAX :
	    health_prefix_find(h, req->arg));
}

int
ctl_cmd_run(const struct ctl_ops *ops, void *arg,
    const struct ctl_request *req, struct ctl_buf *body, char *msg,
    size_t msglen)
{
	const struct server_snapshot *snap;
	struct server *srv = ops->server(arg);
	char why[256] = "";
	struct json j;
	int r;

	if (srv == NULL) {
		snprintf(msg, msglen, "castnsd is not serving yet");
		return CTL_UNAVAILABLE;
	}
	snprintf(msg, msglen, "ok");
	switch (req->cmd) {
	case CTL_STATUS:
		if (req->json)
			status_json(ops, arg, body);
		else
			status_text(ops, arg, body);
		return CTL_OK;
	case CTL_BGP:
		bgp_cmd(ops, arg, req->json, body);
		return CTL_OK;
	case CTL_STATS:
		stats_cmd(ops, arg, req->json, body);
		return CTL_OK;
	case CTL_GEO:
		ctl_cmd_geo(ops, arg, req->json, body);
		return CTL_OK;
	case CTL_ZONE_STATUS:
		return ctl_cmd_zone_status(ops, arg, req, body, msg, msglen);
	case CTL_ZONE_REFRESH:
		return ctl_cmd_zone_refresh(ops, arg, req, body, msg, msglen);
	case CTL_DRAIN:
	case CTL_UNDRAIN:
	case CTL_DISABLE:
	case CTL_ENABLE:
		return prefix_cmd(ops, arg, req, body, msg, msglen);
	case CTL_RELOAD:
	case CTL_ZONE_RELOAD:
		r = req->cmd == CTL_RELOAD ? ops->reload(arg, why, sizeof(why)) :
		    ops->zone_reload(arg, req->arg, why, sizeof(why));
		if (r != 0) {
			snprintf(msg, msglen, "%s failed: %s",
			    ctl_cmd_name(req->cmd), why[0] ? why :
			    cn_strerror(r));
			return r == CN_ENOENT ? CTL_NOT_FOUND : CTL_FAILED;
		}
		snap = server_current(ops->server(arg));
		if (req->json) {
			json_init(&j, body);
			json_obj_begin(&j);
			json_kv_uint(&j, "generation", snap->generation);
			json_kv_uint(&j, "zones", snap->conf->nzones);
			json_obj_end(&j);
		} else {
			ctl_buf_printf(body, "serving generation %" PRIu64
			    ", %zu zone%s\n", snap->generation,
			    snap->conf->nzones,
			    snap->conf->nzones == 1 ? "" : "s");
		}
		return CTL_OK;
	case CTL_CMD_COUNT:
		break;
	}
	snprintf(msg, msglen, "unknown command");
	return CTL_BAD_REQUEST;
}
