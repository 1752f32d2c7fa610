/* SPDX-License-Identifier: MIT */
/*
 * geo.c -- the geo command and the geo lines of status: the nets file
 * and MaxMind DBs, each region, each site with its state and the check
 * behind it, and for each geo answer what every region gets now (its own
 * site's answer, a fallback's, or the default) with the answers given so
 * far.  It reads the serving snapshot's geo map and configuration, and
 * health for the checks; it changes nothing.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../geo/geo.h"
#include "../health/health.h"
#include "../server/server.h"
#include "cmd.h"
#include "json.h"

/* What one region gets for one answer now. */
struct route {
	const char		*gets;		/* region name, or "default" */
	const char		*via;		/* own, fallback, default */
	const struct conf_geo_rdata *rdata;
};

static const char *
type_name(uint16_t type)
{
	return type == DNS_TYPE_A ? "A" : type == DNS_TYPE_AAAA ? "AAAA" :
	    type == DNS_TYPE_CNAME ? "CNAME" : "?";
}

static void
route_of(const struct conf *conf, const struct geo_map *m, size_t a,
    size_t r, struct route *out)
{
	const struct conf_geo_answer *ca = &conf->answers[a];
	int used = geo_map_route(m, a, r);

	if (used < 0) {
		out->gets = "default";
		out->via = "default";
		out->rdata = &ca->def;
		return;
	}
	out->gets = conf->regions[used];
	out->via = (size_t)used == r ? "own" : "fallback";
	out->rdata = &ca->region[used].rdata;
}

/* The check behind site i: its id, type and state ("init", "up"...). */
static bool
site_check(const struct ctl_ops *ops, void *arg, const struct conf *conf,
    size_t i, struct health_check_status *st)
{
	struct health *h = ops->health(arg);
	const char *id;
	size_t k, n;

	if (conf->sites[i].check == SIZE_MAX)
		return false;
	id = conf->checks[conf->sites[i].check].id;
	n = h != NULL ? health_check_count(h) : 0;
	for (k = 0; k < n; k++) {
		health_check_status(h, k, st);
		if (strcmp(st->id, id) == 0)
			return true;
	}
	memset(st, 0, sizeof(*st));
	st->id = id;
	st->type = "?";
	st->state = "unknown";
	return true;
}

static size_t
sites_up(const struct conf *conf, const struct geo_map *m)
{
	size_t i, n = 0;

	for (i = 0; i < conf->nsites; i++)
		n += geo_map_site_up(m, i);
	return n;
}

static const char *
cell_region(const struct conf *conf, size_t i, const char *none)
{
	return i == 0 ? none : conf->regions[i - 1];
}

static void
text_rdata(struct ctl_buf *b, const struct conf_geo_rdata *rd)
{
	char t[64];
	size_t i;

	if (rd->target_text != NULL) {
		ctl_buf_printf(b, " %s", rd->target_text);
		return;
	}
	for (i = 0; rd->addr != NULL && i < rd->n; i++) {
		conf_format_addr(&rd->addr[i], t, sizeof(t));
		ctl_buf_printf(b, " %s", t);
	}
}

static void
geo_text(const struct ctl_ops *ops, void *arg, const struct conf *conf,
    const struct geo_map *m, struct ctl_buf *b)
{
	struct server *srv = ops->server(arg);
	struct health_check_status st;
	struct route rt;
	size_t i, r, c, u, n = conf->nregions + 1;
	uint64_t v;

	ctl_buf_printf(b, "nets: %s, %zu prefixes\n", conf->geo_nets_path ?
	    conf->geo_nets_path : "none", geo_map_nets_count(m));
	for (i = 0; i < conf->ngeo_mmdb; i++)
		ctl_buf_printf(b, "maxmind: %s\n", conf->geo_mmdb_path[i]);
	if (conf->ngeo_mmdb > 0)
		ctl_buf_printf(b, "maxmind networks mapped: %zu\n",
		    geo_map_mmdb_networks(m));
	ctl_buf_printf(b, "regions: %zu\n", conf->nregions);
	for (r = 0; r < conf->nregions; r++)
		ctl_buf_printf(b, "  %s\n", conf->regions[r]);
	ctl_buf_printf(b, "sites: %zu, %zu up\n", conf->nsites,
	    sites_up(conf, m));
	for (i = 0; i < conf->nsites; i++) {
		ctl_buf_printf(b, "  %-12s %-4s ", conf->sites[i].name,
		    geo_map_site_up(m, i) ? "up" : "down");
		if (!site_check(ops, arg, conf, i, &st))
			ctl_buf_adds(b, "no check: always up\n");
		else
			ctl_buf_printf(b, "check %s (%s) %s%s%s\n", st.id,
			    st.type, st.state, st.reason[0] ? ": " : "",
			    st.reason);
	}
	ctl_buf_printf(b, "answers: %zu\n", conf->nanswers);
	for (i = 0; i < conf->nanswers; i++) {
		const struct conf_geo_answer *ca = &conf->answers[i];

		ctl_buf_printf(b, "  %s %s ttl %" PRIu32 "\n", ca->name_text,
		    type_name(ca->type), ca->ttl);
		for (r = 0; r < conf->nregions; r++) {
			route_of(conf, m, i, r, &rt);
			ctl_buf_printf(b, "    %-12s ", conf->regions[r]);
			if (!ca->region[r].set)
				ctl_buf_adds(b, "no entry: default");
			else if (strcmp(rt.via, "own") == 0)
				ctl_buf_adds(b, "own");
			else
				ctl_buf_printf(b, "site %s down: %s%s",
				    conf->sites[ca->region[r].site].name,
				    strcmp(rt.via, "fallback") == 0 ?
				    "fallback " : "", rt.gets);
			text_rdata(b, rt.rdata);
			ctl_buf_addc(b, '\n');
		}
		ctl_buf_printf(b, "    %-12s", "(default)");
		text_rdata(b, &ca->def);
		ctl_buf_addc(b, '\n');
	}
	ctl_buf_adds(b, "answers given (client region -> answer):");
	for (c = 0; c < n; c++)
		for (u = 0; u < n; u++)
			if ((v = server_geo_answers(srv,
			    geo_map_cell(m, (int)c - 1, (int)u - 1))) != 0)
				ctl_buf_printf(b, " %s->%s %" PRIu64,
				    cell_region(conf, c, "none"),
				    cell_region(conf, u, "default"), v);
	ctl_buf_addc(b, '\n');
}

static void
json_rdata(struct json *j, const struct conf_geo_rdata *rd)
{
	char t[64];
	size_t i;

	json_arr_begin(j);
	if (rd->target_text != NULL)
		json_str(j, rd->target_text);
	for (i = 0; rd->target_text == NULL && rd->addr != NULL && i < rd->n;
	    i++) {
		conf_format_addr(&rd->addr[i], t, sizeof(t));
		json_str(j, t);
	}
	json_arr_end(j);
}

static void
json_answer(struct json *j, const struct conf *conf, const struct geo_map *m,
    size_t i)
{
	const struct conf_geo_answer *ca = &conf->answers[i];
	struct route rt;
	size_t r;

	json_obj_begin(j);
	json_kv_str(j, "name", ca->name_text);
	json_kv_str(j, "type", type_name(ca->type));
	json_kv_uint(j, "ttl", ca->ttl);
	json_kv_str(j, "zone", conf->zones[ca->zone].domain);
	json_key(j, "default");
	json_rdata(j, &ca->def);
	json_key(j, "regions");
	json_arr_begin(j);
	for (r = 0; r < conf->nregions; r++) {
		const struct conf_geo_choice *cc = &ca->region[r];

		route_of(conf, m, i, r, &rt);
		json_obj_begin(j);
		json_kv_str(j, "region", conf->regions[r]);
		json_kv_bool(j, "entry", cc->set);
		json_kv_str(j, "site", cc->set && cc->site != SIZE_MAX ?
		    conf->sites[cc->site].name : NULL);
		json_kv_bool(j, "site_up", !cc->set ||
		    geo_map_site_up(m, cc->site));
		json_kv_str(j, "gets", rt.gets);
		json_kv_str(j, "via", rt.via);
		json_key(j, "rdata");
		json_rdata(j, rt.rdata);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}

static void
geo_json(const struct ctl_ops *ops, void *arg, const struct conf *conf,
    const struct geo_map *m, struct json *j)
{
	struct server *srv = ops->server(arg);
	struct health_check_status st;
	size_t i, c, u, n = conf->nregions + 1;

	json_kv_str(j, "nets", conf->geo_nets_path);
	json_kv_uint(j, "prefixes", geo_map_nets_count(m));
	json_key(j, "maxmind");
	json_arr_begin(j);
	for (i = 0; i < conf->ngeo_mmdb; i++)
		json_str(j, conf->geo_mmdb_path[i]);
	json_arr_end(j);
	json_kv_uint(j, "maxmind_networks", geo_map_mmdb_networks(m));
	json_key(j, "regions");
	json_arr_begin(j);
	for (i = 0; i < conf->nregions; i++)
		json_str(j, conf->regions[i]);
	json_arr_end(j);
	json_key(j, "sites");
	json_arr_begin(j);
	for (i = 0; i < conf->nsites; i++) {
		json_obj_begin(j);
		json_kv_str(j, "site", conf->sites[i].name);
		json_kv_bool(j, "up", geo_map_site_up(m, i));
		if (site_check(ops, arg, conf, i, &st)) {
			json_kv_str(j, "check", st.id);
			json_kv_str(j, "check_type", st.type);
			json_kv_str(j, "check_state", st.state);
			json_kv_str(j, "check_reason", st.reason);
		} else {
			json_kv_str(j, "check", NULL);
		}
		json_obj_end(j);
	}
	json_arr_end(j);
	json_key(j, "answers");
	json_arr_begin(j);
	for (i = 0; i < conf->nanswers; i++)
		json_answer(j, conf, m, i);
	json_arr_end(j);
	json_key(j, "given");
	json_arr_begin(j);
	for (c = 0; c < n; c++)
		for (u = 0; u < n; u++) {
			uint64_t v = server_geo_answers(srv,
			    geo_map_cell(m, (int)c - 1, (int)u - 1));

			if (v == 0)
				continue;
			json_obj_begin(j);
			json_kv_str(j, "region", cell_region(conf, c, NULL));
			json_kv_str(j, "answer", cell_region(conf, u,
			    "default"));
			json_kv_uint(j, "count", v);
			json_obj_end(j);
		}
	json_arr_end(j);
}

void
ctl_cmd_geo(const struct ctl_ops *ops, void *arg, bool json,
    struct ctl_buf *b)
{
	const struct server_snapshot *snap = server_current(ops->server(arg));
	const struct geo_map *m = snap->geo;
	struct json j;

	if (!json) {
		if (m == NULL)
			ctl_buf_adds(b, "geo answers are not configured\n");
		else
			geo_text(ops, arg, snap->conf, m, b);
		return;
	}
	json_init(&j, b);
	json_obj_begin(&j);
	json_kv_bool(&j, "configured", m != NULL);
	if (m != NULL)
		geo_json(ops, arg, snap->conf, m, &j);
	json_obj_end(&j);
}

void
ctl_geo_status(const struct ctl_ops *ops, void *arg, struct json *j,
    struct ctl_buf *b)
{
	const struct server_snapshot *snap = server_current(ops->server(arg));
	const struct conf *conf = snap->conf;
	const struct geo_map *m = snap->geo;

	if (m == NULL)
		return;
	if (j == NULL) {
		ctl_buf_printf(b, "geo: %zu regions, %zu prefixes, ",
		    conf->nregions, geo_map_nets_count(m));
		if (conf->ngeo_mmdb > 0)
			ctl_buf_printf(b, "%zu MaxMind networks, ",
			    geo_map_mmdb_networks(m));
		ctl_buf_printf(b, "%zu answers; sites %zu of %zu up\n",
		    conf->nanswers, sites_up(conf, m), conf->nsites);
		return;
	}
	json_key(j, "geo");
	json_obj_begin(j);
	json_kv_uint(j, "regions", conf->nregions);
	json_kv_uint(j, "prefixes", geo_map_nets_count(m));
	json_kv_uint(j, "maxmind_networks", geo_map_mmdb_networks(m));
	json_kv_uint(j, "answers", conf->nanswers);
	json_kv_uint(j, "sites", conf->nsites);
	json_kv_uint(j, "sites_up", sites_up(conf, m));
	json_obj_end(j);
}
