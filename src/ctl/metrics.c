/* SPDX-License-Identifier: MIT */
/*
 * metrics.c -- the Prometheus endpoint: a minimal HTTP/1.0 server and the
 * exposition of every metric (docs/metrics.md).  Names carry the castns_
 * prefix, counters end in _total, durations are in seconds and sizes in
 * bytes; histograms are cumulative with an +Inf bucket, as the format
 * wants.
 */
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../bgp/bgp.h"
#include "../common/err.h"
#include "../common/log.h"
#include "../common/mem.h"
#include "../dns/dnssec_check.h"
#include "../dns/zone.h"
#include "../xfr/notify.h"
#include "../xfr/xfrin.h"
#include "../geo/geo.h"
#include "../health/health.h"
#include "../server/server.h"
#include "cmd.h"
#include "metrics.h"
#include "srv.h"

struct ctl_metrics {
	const struct ctl_ops	*ops;
	void			*arg;
	struct ctl_srv		*srv;
	uint64_t		 reloads, reload_failures;
};

/* Label values: backslash, double quote and newline escaped. */
static void
label(struct ctl_buf *b, const char *name, const char *value)
{
	const char *p;

	ctl_buf_printf(b, "%s=\"", name);
	for (p = value; *p != '\0'; p++) {
		if (*p == '\\' || *p == '"')
			ctl_buf_addc(b, '\\');
		if (*p == '\n')
			ctl_buf_adds(b, "\\n");
		else
			ctl_buf_addc(b, *p);
	}
	ctl_buf_addc(b, '"');
}

static void
head(struct ctl_buf *b, const char *name, const char *type, const char *help)
{
	ctl_buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name,
	    type);
}

/* name{k1="v1",k2="v2"} value; NULL keys end the list early. */
static void
sample(struct ctl_buf *b, const char *name, const char *k1, const char *v1,
    const char *k2, const char *v2, const char *k3, const char *v3,
    const char *value)
{
	ctl_buf_adds(b, name);
	if (k1 != NULL) {
		ctl_buf_addc(b, '{');
		label(b, k1, v1);
		if (k2 != NULL) {
			ctl_buf_addc(b, ',');
			label(b, k2, v2);
		}
		if (k3 != NULL) {
			ctl_buf_addc(b, ',');
			label(b, k3, v3);
		}
		ctl_buf_addc(b, '}');
	}
	ctl_buf_printf(b, " %s\n", value);
}

static const char *
u64(uint64_t v, char *buf)
{
	snprintf(buf, 24, "%" PRIu64, v);
	return buf;
}

static const char *
dbl(double v, char *buf)
{
	snprintf(buf, 32, "%.9g", v);
	return buf;
}

static const char *const proto_names[] = { "udp", "tcp" };
static const char *const family_names[] = { "ipv4", "ipv6" };

/* A histogram per protocol; scale turns the bounds into base units. */
static void
histogram(struct ctl_buf *b, const char *name, const char *help,
    const struct server_hist *h, const uint32_t *bounds, unsigned nbounds,
    double scale)
{
	char bucket[96], le[32], v[32];
	uint64_t cum;
	unsigned p, k;

	head(b, name, "histogram", help);
	snprintf(bucket, sizeof(bucket), "%s_bucket", name);
	for (p = 0; p < SERVER_PROTO_COUNT; p++) {
		cum = 0;
		for (k = 0; k < nbounds; k++) {
			cum += h[p].count[k];
			sample(b, bucket, "protocol", proto_names[p], "le",
			    dbl((double)bounds[k] * scale, le), NULL, NULL,
			    u64(cum, v));
		}
		cum += h[p].count[nbounds];
		sample(b, bucket, "protocol", proto_names[p], "le", "+Inf",
		    NULL, NULL, u64(cum, v));
		snprintf(bucket, sizeof(bucket), "%s_sum", name);
		sample(b, bucket, "protocol", proto_names[p], NULL, NULL, NULL,
		    NULL, dbl((double)h[p].sum * scale, v));
		snprintf(bucket, sizeof(bucket), "%s_count", name);
		sample(b, bucket, "protocol", proto_names[p], NULL, NULL, NULL,
		    NULL, u64(cum, v));
		snprintf(bucket, sizeof(bucket), "%s_bucket", name);
	}
}

static void
dns_metrics(struct ctl_buf *b, struct server *srv)
{
	const struct server_snapshot *snap = server_current(srv);
	const struct conf *conf = snap->conf;
	const struct dns_zone *z;
	struct server_metrics m;
	char v[32], rb[16];
	unsigned p, f, k;
	size_t i;

	server_metrics(srv, &m);
#define PER_TRANSPORT(metric, field, help)				\
	head(b, metric, "counter", help);				\
	for (p = 0; p < SERVER_PROTO_COUNT; p++)			\
		for (f = 0; f < SERVER_FAMILY_COUNT; f++)		\
			sample(b, metric, "protocol", proto_names[p],	\
			    "family", family_names[f], NULL, NULL,	\
			    u64(m.dns[p][f].field, v));
	PER_TRANSPORT("castns_dns_queries_total", queries,
	    "DNS queries received.")
	PER_TRANSPORT("castns_dns_dropped_total", dropped,
	    "DNS queries that got no response (malformed, or unsendable).")
	PER_TRANSPORT("castns_dns_truncated_total", truncated,
	    "DNS responses sent with TC set.")
	PER_TRANSPORT("castns_dns_edns_queries_total", edns,
	    "DNS queries with an EDNS OPT record.")
	PER_TRANSPORT("castns_dns_nsid_total", nsid,
	    "DNS responses carrying NSID.")
	PER_TRANSPORT("castns_dns_cookies_total", cookies,
	    "DNS responses carrying a server cookie.")
	PER_TRANSPORT("castns_dns_chaos_queries_total", chaos,
	    "CHAOS class queries (id.server, version.bind...).")
#undef PER_TRANSPORT
	head(b, "castns_dns_responses_total", "counter",
	    "DNS responses sent, by RCODE.");
	for (p = 0; p < SERVER_PROTO_COUNT; p++)
		for (f = 0; f < SERVER_FAMILY_COUNT; f++)
			for (k = 0; k < 24; k++) {
				/* The usual six always, others once seen. */
				if (k > 5 && m.dns[p][f].rcode[k] == 0)
					continue;
				sample(b, "castns_dns_responses_total",
				    "protocol", proto_names[p], "family",
				    family_names[f], "rcode",
				    ctl_rcode_name(k, rb, sizeof(rb)),
				    u64(m.dns[p][f].rcode[k], v));
			}
	histogram(b, "castns_dns_response_size_bytes", "Size of the DNS "
	    "responses sent.", m.size, server_size_bounds,
	    SERVER_SIZE_BOUNDS, 1.0);
	histogram(b, "castns_dns_answer_duration_seconds", "Time taken to "
	    "build each DNS response from its query.", m.latency,
	    server_latency_bounds, SERVER_LATENCY_BOUNDS, 1e-9);
	head(b, "castns_tcp_connections_accepted_total", "counter",
	    "DNS TCP connections accepted.");
	sample(b, "castns_tcp_connections_accepted_total", NULL, NULL, NULL,
	    NULL, NULL, NULL, u64(m.tcp.accepted, v));
	head(b, "castns_tcp_connections_closed_total", "counter",
	    "DNS TCP connections closed by castnsd, by reason.");
	sample(b, "castns_tcp_connections_closed_total", "reason", "idle",
	    NULL, NULL, NULL, NULL, u64(m.tcp.closed_idle, v));
	sample(b, "castns_tcp_connections_closed_total", "reason", "full",
	    NULL, NULL, NULL, NULL, u64(m.tcp.closed_full, v));
	sample(b, "castns_tcp_connections_closed_total", "reason", "framing",
	    NULL, NULL, NULL, NULL, u64(m.tcp.closed_bad, v));
	head(b, "castns_udp_send_errors_total", "counter",
	    "UDP responses the kernel refused to send.");
	sample(b, "castns_udp_send_errors_total", NULL, NULL, NULL, NULL,
	    NULL, NULL, u64(m.tcp.udp_send_errors, v));

	head(b, "castns_zone_queries_total", "counter",
	    "DNS queries answered from each zone.");
	for (i = 0; i < conf->nzones; i++)
		sample(b, "castns_zone_queries_total", "zone",
		    conf->zones[i].domain, NULL, NULL, NULL, NULL,
		    u64(server_zone_queries(srv, i), v));
	head(b, "castns_zone_serial", "gauge",
	    "SOA serial of each zone served.");
	for (i = 0; i < conf->nzones; i++) {
		z = dns_db_find_zone(snap->db, conf->zones[i].apex);
		sample(b, "castns_zone_serial", "zone", conf->zones[i].domain,
		    NULL, NULL, NULL, NULL, u64(z ? dns_zone_serial(z) : 0,
		    v));
	}
	head(b, "castns_zone_rrsig_expire_timestamp_seconds", "gauge",
	    "Earliest RRSIG expiration of each signed zone (Unix time).");
	for (i = 0; i < conf->nzones; i++) {
		z = dns_db_find_zone(snap->db, conf->zones[i].apex);
		if (z == NULL || dns_dnssec_expire(z) <= 0)
			continue;
		sample(b, "castns_zone_rrsig_expire_timestamp_seconds", "zone",
		    conf->zones[i].domain, NULL, NULL, NULL, NULL,
		    u64((uint64_t)dns_dnssec_expire(z), v));
	}
	head(b, "castns_zone_records", "gauge",
	    "Resource records in each zone served.");
	for (i = 0; i < conf->nzones; i++) {
		z = dns_db_find_zone(snap->db, conf->zones[i].apex);
		sample(b, "castns_zone_records", "zone", conf->zones[i].domain,
		    NULL, NULL, NULL, NULL, u64(z ? dns_zone_rr_count(z) : 0,
		    v));
	}
	head(b, "castns_config_generation", "gauge",
	    "Generation of the served configuration and zones (1 at start, "
	    "+1 per successful reload).");
	sample(b, "castns_config_generation", NULL, NULL, NULL, NULL, NULL,
	    NULL, u64(snap->generation, v));
}

static const char *const bgp_states[] = {
	"Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established",
};
static const char *const msg_types[] = {
	NULL, "open", "update", "notification", "keepalive", "route-refresh",
};

static void
bgp_metrics(struct ctl_buf *b, struct bgp *bgp)
{
	size_t i, n = bgp != NULL ? bgp_peer_count(bgp) : 0;
	const struct bgp_peer *p;
	char v[32];
	unsigned s;
	int t;

	head(b, "castns_bgp_peer_state", "gauge", "BGP session state of each "
	    "peer: 1 for the current state, 0 for the others.");
	for (i = 0; i < n; i++) {
		p = bgp_peer_at(bgp, i);
		for (s = 0; s < 6; s++)
			sample(b, "castns_bgp_peer_state", "peer",
			    p->conf->name, "state", bgp_states[s], NULL, NULL,
			    (unsigned)p->state == s ? "1" : "0");
	}
	head(b, "castns_bgp_peer_up", "gauge",
	    "1 while the BGP session is Established.");
	for (i = 0; i < n; i++) {
		p = bgp_peer_at(bgp, i);
		sample(b, "castns_bgp_peer_up", "peer", p->conf->name, NULL,
		    NULL, NULL, NULL, p->state == BGP_STATE_ESTABLISHED ?
		    "1" : "0");
	}
	head(b, "castns_bgp_established_total", "counter",
	    "Times each BGP session reached Established.");
	for (i = 0; i < n; i++) {
		p = bgp_peer_at(bgp, i);
		sample(b, "castns_bgp_established_total", "peer",
		    p->conf->name, NULL, NULL, NULL, NULL,
		    u64(p->stats.established, v));
	}
	head(b, "castns_bgp_messages_received_total", "counter",
	    "BGP messages received, by type.");
	for (i = 0; i < n; i++) {
		p = bgp_peer_at(bgp, i);
		for (t = BGP_OPEN; t <= BGP_ROUTE_REFRESH; t++)
			sample(b, "castns_bgp_messages_received_total", "peer",
			    p->conf->name, "type", msg_types[t], NULL, NULL,
			    u64(p->stats.msgs_in[t], v));
	}
	head(b, "castns_bgp_messages_sent_total", "counter",
	    "BGP messages sent, by type.");
	for (i = 0; i < n; i++) {
		p = bgp_peer_at(bgp, i);
		for (t = BGP_OPEN; t <= BGP_ROUTE_REFRESH; t++)
			sample(b, "castns_bgp_messages_sent_total", "peer",
			    p->conf->name, "type", msg_types[t], NULL, NULL,
			    u64(p->stats.msgs_out[t], v));
	}
	head(b, "castns_bgp_prefixes_announced", "gauge",
	    "Anycast prefixes announced to each peer now.");
	for (i = 0; i < n; i++) {
		p = bgp_peer_at(bgp, i);
		sample(b, "castns_bgp_prefixes_announced", "peer",
		    p->conf->name, NULL, NULL, NULL, NULL,
		    u64(p->stats.announced, v));
	}
	head(b, "castns_bgp_prefixes_received_total", "counter",
	    "Prefixes each peer announced to castnsd (counted, then "
	    "dropped).");
	for (i = 0; i < n; i++) {
		p = bgp_peer_at(bgp, i);
		sample(b, "castns_bgp_prefixes_received_total", "peer",
		    p->conf->name, NULL, NULL, NULL, NULL,
		    u64(p->stats.prefixes_received, v));
	}
}

static const enum health_prefix_state all_states[] = {
	HEALTH_ANNOUNCED, HEALTH_WITHDRAWN, HEALTH_DRAINING,
	HEALTH_SUPPRESSED, HEALTH_DISABLED,
};

static void
health_metrics(struct ctl_buf *b, const struct ctl_ops *ops, void *arg,
    const struct conf *conf)
{
	struct health *h = ops->health(arg);
	struct bgp *bgp = ops->bgp(arg);
	struct health_prefix_status ps;
	struct health_check_status cs;
	enum health_prefix_state cur;
	size_t i, n = conf->nanycast;
	char v[32];
	unsigned s;

	head(b, "castns_prefix_state", "gauge", "State of each anycast "
	    "prefix: 1 for the current state, 0 for the others.");
	for (i = 0; i < n; i++) {
		if (h != NULL && i < health_prefix_count(h)) {
			health_prefix_status(h, i, &ps);
			cur = ps.state;
		} else {
			/* No health module: what BGP announces. */
			enum bgp_route_state r = bgp != NULL ?
			    bgp_route_get(bgp, i) : BGP_ROUTE_WITHDRAWN;

			cur = r == BGP_ROUTE_ANNOUNCED ? HEALTH_ANNOUNCED :
			    r == BGP_ROUTE_DRAINING ? HEALTH_DRAINING :
			    HEALTH_WITHDRAWN;
		}
		for (s = 0; s < sizeof(all_states) / sizeof(all_states[0]);
		    s++)
			sample(b, "castns_prefix_state", "prefix",
			    conf->anycast[i].prefix.text, "state",
			    health_state_name(all_states[s]), NULL, NULL,
			    cur == all_states[s] ? "1" : "0");
	}
	if (h == NULL)
		return;
	head(b, "castns_prefix_damping_penalty", "gauge",
	    "Flap damping penalty of each anycast prefix, now.");
	for (i = 0; i < health_prefix_count(h); i++) {
		health_prefix_status(h, i, &ps);
		sample(b, "castns_prefix_damping_penalty", "prefix", ps.prefix,
		    NULL, NULL, NULL, NULL, dbl(ps.penalty, v));
	}
	n = health_check_count(h);
	head(b, "castns_check_up", "gauge",
	    "1 while a health check is up (after rise and fall).");
	for (i = 0; i < n; i++) {
		health_check_status(h, i, &cs);
		sample(b, "castns_check_up", "check", cs.id, "type", cs.type,
		    NULL, NULL, cs.up ? "1" : "0");
	}
	head(b, "castns_check_last_success", "gauge",
	    "1 when the last probe of a check succeeded.");
	for (i = 0; i < n; i++) {
		health_check_status(h, i, &cs);
		sample(b, "castns_check_last_success", "check", cs.id, NULL,
		    NULL, NULL, NULL, cs.last_ok ? "1" : "0");
	}
	head(b, "castns_check_duration_seconds", "gauge",
	    "How long the last probe of a check took.");
	for (i = 0; i < n; i++) {
		health_check_status(h, i, &cs);
		sample(b, "castns_check_duration_seconds", "check", cs.id,
		    NULL, NULL, NULL, NULL,
		    dbl((double)cs.last_latency_us / 1e6, v));
	}
	head(b, "castns_check_probes_total", "counter",
	    "Probes run by each check.");
	for (i = 0; i < n; i++) {
		health_check_status(h, i, &cs);
		sample(b, "castns_check_probes_total", "check", cs.id, NULL,
		    NULL, NULL, NULL, u64(cs.probes, v));
	}
	head(b, "castns_check_failures_total", "counter",
	    "Probes of each check that failed.");
	for (i = 0; i < n; i++) {
		health_check_status(h, i, &cs);
		sample(b, "castns_check_failures_total", "check", cs.id, NULL,
		    NULL, NULL, NULL, u64(cs.failures, v));
	}
}

/*
 * Sites, and answers given by (client region, answer): every pair that
 * has counted, and each region's own answer and the default always, so
 * the usual series exist from the start.
 */
static void
geo_metrics(struct ctl_buf *b, struct server *srv)
{
	const struct server_snapshot *snap = server_current(srv);
	const struct conf *conf = snap->conf;
	const struct geo_map *m = snap->geo;
	size_t i, c, u, n = conf->nregions + 1;
	uint64_t cnt;
	char v[32];

	if (m == NULL)
		return;
	head(b, "castns_geo_nets_prefixes", "gauge",
	    "Prefixes in the geo nets file.");
	sample(b, "castns_geo_nets_prefixes", NULL, NULL, NULL, NULL, NULL,
	    NULL, u64(geo_map_nets_count(m), v));
	if (conf->ngeo_mmdb > 0) {
		head(b, "castns_geo_maxmind_networks", "gauge",
		    "MaxMind DB networks mapped to a geo region.");
		sample(b, "castns_geo_maxmind_networks", NULL, NULL, NULL,
		    NULL, NULL, NULL, u64(geo_map_mmdb_networks(m), v));
	}
	head(b, "castns_geo_site_up", "gauge",
	    "1 while a geo site is up (its check is not down).");
	for (i = 0; i < conf->nsites; i++)
		sample(b, "castns_geo_site_up", "site", conf->sites[i].name,
		    NULL, NULL, NULL, NULL, geo_map_site_up(m, i) ? "1" : "0");
	head(b, "castns_geo_answers_total", "counter", "Geo answers given, "
	    "by the client's region (none: in no region) and the region "
	    "whose answer it got (default: the default).");
	for (c = 0; c < n; c++)
		for (u = 0; u < n; u++) {
			cnt = server_geo_answers(srv,
			    geo_map_cell(m, (int)c - 1, (int)u - 1));
			if (cnt == 0 && u != 0 && u != c)
				continue;
			sample(b, "castns_geo_answers_total", "region",
			    c == 0 ? "none" : conf->regions[c - 1], "answer",
			    u == 0 ? "default" : conf->regions[u - 1], NULL,
			    NULL, u64(cnt, v));
		}
}

/* Transfers out, NOTIFY and TSIG in the workers (dns/transfer.c). */
static void
xfrout_metrics(struct ctl_buf *b, const struct ctl_ops *ops, void *arg)
{
	struct notifier *nf = ops->notifier != NULL ? ops->notifier(arg) :
	    NULL;
	struct notifier_stats ns;
	static const char *const tsig[4] = { "BADKEY", "BADSIG", "BADTIME",
	    "BADTRUNC" };
	struct server_xfr_stats st;
	char v[32];
	unsigned i;

	server_xfr_stats(&st);
	head(b, "castns_xfr_out_total", "counter", "Zone transfers (AXFR, "
	    "IXFR) requested from this node, by result: done (sent whole), "
	    "cut_short (the connection went first), refused (not in "
	    "allow-transfer).");
	sample(b, "castns_xfr_out_total", "result", "done", NULL, NULL, NULL,
	    NULL, u64(st.xfr_done, v));
	sample(b, "castns_xfr_out_total", "result", "cut_short", NULL, NULL,
	    NULL, NULL, u64(st.xfr_cut_short, v));
	sample(b, "castns_xfr_out_total", "result", "refused", NULL, NULL,
	    NULL, NULL, u64(st.xfr_refused, v));
	head(b, "castns_notify_refused_total", "counter", "NOTIFY messages "
	    "refused (not a secondary zone, not from its primary or not with "
	    "its key).");
	sample(b, "castns_notify_refused_total", NULL, NULL, NULL, NULL, NULL,
	    NULL, u64(st.notify_refused, v));
	head(b, "castns_tsig_errors_total", "counter", "Signed queries "
	    "answered with a TSIG error (RFC 8945 5.2), by error.");
	for (i = 0; i < 4; i++)
		sample(b, "castns_tsig_errors_total", "error", tsig[i], NULL,
		    NULL, NULL, NULL, u64(st.tsig_error[i], v));
	if (nf == NULL)
		return;
	notifier_stats(nf, &ns);
	head(b, "castns_notify_out_total", "counter", "NOTIFY messages to "
	    "notify: targets: sent (first tries and retries), acked (a "
	    "target answered NOERROR), failed (an error RCODE, or no answer "
	    "after every retry).");
	sample(b, "castns_notify_out_total", "result", "sent", NULL, NULL,
	    NULL, NULL, u64(ns.sent, v));
	sample(b, "castns_notify_out_total", "result", "acked", NULL, NULL,
	    NULL, NULL, u64(ns.acked, v));
	sample(b, "castns_notify_out_total", "result", "failed", NULL, NULL,
	    NULL, NULL, u64(ns.failed, v));
}

/* Secondary zones (src/xfr): only zones with primaries get samples. */
static void
xfr_metrics(struct ctl_buf *b, const struct ctl_ops *ops, void *arg)
{
	struct xfrin *x = ops->xfrin != NULL ? ops->xfrin(arg) : NULL;
	struct xfrin_status *st;
	size_t i, n = 0;
	char v[32];

	if (xfrin_zone_count(x) == 0)
		return;
	st = xcalloc(xfrin_zone_count(x), sizeof(*st));
	for (i = 0; i < xfrin_zone_count(x); i++) {
		xfrin_status(x, i, &st[n]);
		if (st[n].secondary)
			n++;
	}
	head(b, "castns_zone_expired", "gauge",
	    "1 while a secondary zone has no data or is past its SOA expire "
	    "(answered SERVFAIL).");
	for (i = 0; i < n; i++)
		sample(b, "castns_zone_expired", "zone", st[i].zone, NULL,
		    NULL, NULL, NULL, st[i].expired || !st[i].have_data ?
		    "1" : "0");
	head(b, "castns_zone_primary_serial", "gauge",
	    "SOA serial last seen at a secondary zone's primary.");
	for (i = 0; i < n; i++)
		if (st[i].primary_known)
			sample(b, "castns_zone_primary_serial", "zone",
			    st[i].zone, NULL, NULL, NULL, NULL,
			    u64(st[i].primary_serial, v));
	head(b, "castns_zone_refresh_failures_total", "counter",
	    "Refreshes of a secondary zone that failed at every primary.");
	for (i = 0; i < n; i++)
		sample(b, "castns_zone_refresh_failures_total", "zone",
		    st[i].zone, NULL, NULL, NULL, NULL, u64(st[i].failures, v));
	head(b, "castns_zone_transfers_total", "counter",
	    "Transfers (AXFR or IXFR) that brought a secondary zone a new "
	    "version.");
	for (i = 0; i < n; i++)
		sample(b, "castns_zone_transfers_total", "zone", st[i].zone,
		    NULL, NULL, NULL, NULL, u64(st[i].transfers, v));
	head(b, "castns_zone_transfer_duration_seconds", "gauge",
	    "How long a secondary zone's last transfer took, query to the "
	    "last message.");
	for (i = 0; i < n; i++)
		if (st[i].transfers > 0)
			sample(b, "castns_zone_transfer_duration_seconds",
			    "zone", st[i].zone, "kind",
			    st[i].last_transfer_kind, NULL, NULL,
			    dbl(st[i].last_transfer_s, v));
	head(b, "castns_zone_last_refresh_timestamp_seconds", "gauge",
	    "When a secondary zone was last refreshed successfully (Unix "
	    "time; 0: never).");
	for (i = 0; i < n; i++)
		sample(b, "castns_zone_last_refresh_timestamp_seconds", "zone",
		    st[i].zone, NULL, NULL, NULL, NULL,
		    u64((uint64_t)st[i].last_refresh, v));
	free(st);
}

void
ctl_metrics_render(const struct ctl_metrics *m, const struct ctl_ops *ops,
    void *arg, struct ctl_buf *out)
{
	struct server *srv = ops->server(arg);
	uint64_t up = loop_now_ms() - ops->started_ms;
	char v[32];

	head(out, "castns_build_info", "gauge",
	    "Always 1; the labels say which castnsd this is.");
	sample(out, "castns_build_info", "version", ops->version, "identity",
	    srv ? server_current(srv)->identity : "", NULL, NULL, "1");
	head(out, "castns_start_time_seconds", "gauge",
	    "When castnsd started, in seconds since the Unix epoch.");
	snprintf(v, sizeof(v), "%.3f", (double)time(NULL) -
	    (double)up / 1000.0);
	sample(out, "castns_start_time_seconds", NULL, NULL, NULL, NULL, NULL,
	    NULL, v);
	head(out, "castns_reloads_total", "counter",
	    "Reloads asked for (SIGHUP, castnsctl reload or zone-reload).");
	sample(out, "castns_reloads_total", NULL, NULL, NULL, NULL, NULL,
	    NULL, u64(m ? m->reloads : 0, v));
	head(out, "castns_reload_failures_total", "counter",
	    "Reloads refused; the previous configuration kept serving.");
	sample(out, "castns_reload_failures_total", NULL, NULL, NULL, NULL,
	    NULL, NULL, u64(m ? m->reload_failures : 0, v));
	if (srv == NULL)
		return;
	dns_metrics(out, srv);
	bgp_metrics(out, ops->bgp(arg));
	health_metrics(out, ops, arg, server_current(srv)->conf);
	geo_metrics(out, srv);
	xfr_metrics(out, ops, arg);
	xfrout_metrics(out, ops, arg);
}

void
ctl_metrics_reload(struct ctl_metrics *m, bool ok)
{
	if (m == NULL)
		return;
	m->reloads++;
	if (!ok)
		m->reload_failures++;
}

/* The end of the request's head: an empty line. */
static size_t
complete(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++) {
		if (buf[i] == '\n' && buf[i + 1] == '\n')
			return i + 2;
		if (i + 3 < len && memcmp(buf + i, "\r\n\r\n", 4) == 0)
			return i + 4;
	}
	return 0;
}

static void
respond(struct ctl_buf *out, int code, const char *reason,
    const struct ctl_buf *body, bool head_only)
{
	ctl_buf_printf(out, "HTTP/1.0 %d %s\r\nContent-Type: %s\r\n"
	    "Content-Length: %zu\r\nConnection: close\r\n\r\n", code, reason,
	    code == 200 ? "text/plain; version=0.0.4; charset=utf-8" :
	    "text/plain; charset=utf-8", body->len);
	if (!head_only)
		ctl_buf_add(out, ctl_buf_str(body), body->len);
}

static void
request(void *arg, struct ctl_conn *c, const char *req, size_t len,
    bool eof, bool too_long)
{
	struct ctl_metrics *m = arg;
	struct ctl_buf body, out;
	const char *sp1, *sp2, *end, *target;
	bool head_only = false;
	size_t tlen;

	ctl_buf_init(&body);
	ctl_buf_init(&out);
	end = memchr(req, '\n', len);
	sp1 = end ? memchr(req, ' ', (size_t)(end - req)) : NULL;
	sp2 = sp1 ? memchr(sp1 + 1, ' ', (size_t)(end - sp1 - 1)) : NULL;
	if (too_long || (eof && len == 0) || sp2 == NULL ||
	    strncmp(sp2 + 1, "HTTP/1.", 7) != 0) {
		if (!(eof && len == 0)) {
			ctl_buf_adds(&body, "bad request\n");
			respond(&out, 400, "Bad Request", &body, false);
		}
		goto done;
	}
	target = sp1 + 1;
	tlen = (size_t)(sp2 - target);
	if ((size_t)(sp1 - req) == 4 && memcmp(req, "HEAD", 4) == 0)
		head_only = true;
	else if ((size_t)(sp1 - req) != 3 || memcmp(req, "GET", 3) != 0) {
		ctl_buf_adds(&body, "only GET /metrics here\n");
		respond(&out, 405, "Method Not Allowed", &body, false);
		goto done;
	}
	if ((tlen == 8 && memcmp(target, "/metrics", 8) == 0) ||
	    (tlen > 8 && memcmp(target, "/metrics?", 9) == 0)) {
		ctl_metrics_render(m, m->ops, m->arg, &body);
		respond(&out, 200, "OK", &body, head_only);
	} else {
		ctl_buf_adds(&body, "not found: metrics are at /metrics\n");
		respond(&out, 404, "Not Found", &body, head_only);
	}
done:
	ctl_buf_clear(&body);
	ctl_conn_reply(c, &out);
}

static const struct ctl_srv_ops srv_ops = {
	.complete = complete,
	.request = request,
	.gone = NULL,
};

int
ctl_metrics_new(struct loop *loop, const struct conf_listen *addr,
    const struct ctl_ops *ops, void *arg, struct ctl_metrics **out)
{
	struct ctl_metrics *m;
	int fd, one = 1, r;

	fd = socket(addr->ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    (addr->ss.ss_family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6,
	    IPV6_V6ONLY, &one, sizeof(one)) != 0) ||
	    bind(fd, (const struct sockaddr *)&addr->ss, addr->sslen) != 0 ||
	    listen(fd, METRICS_CONNS_MAX) != 0) {
		r = -errno;
		close(fd);
		return r;
	}
	m = xcalloc(1, sizeof(*m));
	m->ops = ops;
	m->arg = arg;
	m->srv = ctl_srv_new(loop, fd, METRICS_REQ_MAX, METRICS_TIMEOUT_MS,
	    METRICS_CONNS_MAX, &srv_ops, m);
	*out = m;
	return 0;
}

void
ctl_metrics_free(struct ctl_metrics *m)
{
	if (m == NULL)
		return;
	ctl_srv_free(m->srv);
	free(m);
}
