/* SPDX-License-Identifier: MIT */
/*
 * xfrcmd.c -- castnsctl zone-status [NAME] and zone-refresh NAME: what the
 * secondary knows of each zone (our serial, the primary's last seen one
 * and how far behind we are, the last refresh and its result, when the
 * next one runs and when the copy expires), and an immediate refresh.
 * Primary zones show their serial and file.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../common/err.h"
#include "../dns/zone.h"
#include "../server/server.h"
#include "../xfr/xfr.h"
#include "../xfr/xfrin.h"
#include "cmd.h"
#include "json.h"

static struct xfrin *
xfrin_of(const struct ctl_ops *ops, void *arg)
{
	return ops->xfrin != NULL ? ops->xfrin(arg) : NULL;
}

/* How many serials the primary is ahead (RFC 1982), 0 if not. */
static uint32_t
behind(const struct xfrin_status *st)
{
	if (!st->primary_known || !st->have_data ||
	    !xfr_serial_newer(st->primary_serial, st->serial))
		return 0;
	return st->primary_serial - st->serial;
}

static void
secs_text(struct ctl_buf *b, const char *what, int64_t ms)
{
	ctl_buf_printf(b, "%s %.1f s", what, (double)ms / 1000.0);
}

static void
text_one(struct ctl_buf *b, const struct xfrin_status *st,
    const struct conf_zone *cz, uint32_t served, int64_t now)
{
	if (!st->secondary) {
		ctl_buf_printf(b, "%-30s primary    serial %u, file %s\n",
		    cz->domain, served, cz->path);
		return;
	}
	ctl_buf_printf(b, "%-30s secondary  ", cz->domain);
	if (st->expired)
		ctl_buf_printf(b, "EXPIRED (serial %u, SERVFAIL)", st->serial);
	else if (st->have_data)
		ctl_buf_printf(b, "serial %u", st->serial);
	else
		ctl_buf_adds(b, "no data yet (SERVFAIL)");
	if (st->primary_known)
		ctl_buf_printf(b, ", primary %s serial %u, behind by %u",
		    st->primary, st->primary_serial, behind(st));
	ctl_buf_addc(b, '\n');
	ctl_buf_adds(b, "    last refresh ");
	if (st->last_refresh != 0)
		ctl_buf_printf(b, "%" PRId64 " s ago", now - st->last_refresh);
	else
		ctl_buf_adds(b, "never");
	if (st->last_result[0] != '\0')
		ctl_buf_printf(b, "; last attempt %" PRId64 " s ago: %s",
		    now - st->last_attempt, st->last_result);
	ctl_buf_addc(b, '\n');
	ctl_buf_adds(b, "    ");
	if (st->running)
		ctl_buf_adds(b, "refreshing now");
	else
		secs_text(b, "next refresh in", (int64_t)st->next_refresh_ms);
	if (st->expired)
		ctl_buf_adds(b, "; expired");
	else if (st->expires_in_ms != INT64_MAX)
		secs_text(b, "; expires in", st->expires_in_ms);
	ctl_buf_printf(b, "; refresh %u s, retry %u s, expire %u s\n",
	    st->refresh, st->retry, st->expire);
	ctl_buf_printf(b, "    refreshes %" PRIu64 ", failures %" PRIu64
	    ", transfers %" PRIu64, st->refreshes, st->failures,
	    st->transfers);
	if (st->transfers > 0)
		ctl_buf_printf(b, " (last %s in %.3f s)",
		    st->last_transfer_kind, st->last_transfer_s);
	ctl_buf_addc(b, '\n');
}

static void
json_one(struct json *j, const struct xfrin_status *st,
    const struct conf_zone *cz, uint32_t served, int64_t now)
{
	json_obj_begin(j);
	json_kv_str(j, "zone", cz->domain);
	json_kv_str(j, "type", st->secondary ? "secondary" : "primary");
	json_kv_uint(j, "serial", st->secondary ? st->serial : served);
	json_kv_str(j, "file", cz->path);
	if (st->secondary) {
		json_kv_bool(j, "have_data", st->have_data);
		json_kv_bool(j, "expired", st->expired);
		json_kv_str(j, "primary", st->primary);
		json_key(j, "primary_serial");
		if (st->primary_known)
			json_uint(j, st->primary_serial);
		else
			json_null(j);
		json_kv_uint(j, "behind", behind(st));
		json_key(j, "last_refresh");
		if (st->last_refresh != 0)
			json_int(j, st->last_refresh);
		else
			json_null(j);
		json_key(j, "last_refresh_ago_s");
		if (st->last_refresh != 0)
			json_int(j, now - st->last_refresh);
		else
			json_null(j);
		json_kv_str(j, "last_result", st->last_result);
		json_kv_bool(j, "refreshing", st->running);
		json_kv_double(j, "next_refresh_s",
		    (double)st->next_refresh_ms / 1000.0);
		json_key(j, "expires_in_s");
		if (st->expires_in_ms != INT64_MAX)
			json_double(j, (double)st->expires_in_ms / 1000.0);
		else
			json_null(j);
		json_kv_uint(j, "refresh", st->refresh);
		json_kv_uint(j, "retry", st->retry);
		json_kv_uint(j, "expire", st->expire);
		json_kv_uint(j, "refreshes", st->refreshes);
		json_kv_uint(j, "failures", st->failures);
		json_kv_uint(j, "transfers", st->transfers);
		json_kv_str(j, "last_transfer", st->last_transfer_kind);
		json_kv_double(j, "last_transfer_s", st->last_transfer_s);
	}
	json_obj_end(j);
}

int
ctl_cmd_zone_status(const struct ctl_ops *ops, void *arg,
    const struct ctl_request *req, struct ctl_buf *body, char *msg,
    size_t msglen)
{
	const struct server_snapshot *snap = server_current(ops->server(arg));
	const struct conf *conf = snap->conf;
	struct xfrin *x = xfrin_of(ops, arg);
	const struct dns_zone *z;
	struct xfrin_status st;
	int64_t now = (int64_t)time(NULL);
	struct json j;
	size_t i, shown = 0;

	if (req->json) {
		json_init(&j, body);
		json_obj_begin(&j);
		json_key(&j, "zones");
		json_arr_begin(&j);
	}
	for (i = 0; i < conf->nzones; i++) {
		if (req->arg[0] != '\0' &&
		    strcmp(conf->zones[i].domain, req->arg) != 0)
			continue;
		memset(&st, 0, sizeof(st));
		if (x != NULL && i < xfrin_zone_count(x))
			xfrin_status(x, i, &st);
		z = dns_db_find_zone(snap->db, conf->zones[i].apex);
		if (req->json)
			json_one(&j, &st, &conf->zones[i],
			    z ? dns_zone_serial(z) : 0, now);
		else
			text_one(body, &st, &conf->zones[i],
			    z ? dns_zone_serial(z) : 0, now);
		shown++;
	}
	if (req->json) {
		json_arr_end(&j);
		json_obj_end(&j);
	}
	if (req->arg[0] != '\0' && shown == 0) {
		ctl_buf_clear(body);
		snprintf(msg, msglen, "no zone %s in the configuration",
		    req->arg);
		return CTL_NOT_FOUND;
	}
	return CTL_OK;
}

int
ctl_cmd_zone_refresh(const struct ctl_ops *ops, void *arg,
    const struct ctl_request *req, struct ctl_buf *body, char *msg,
    size_t msglen)
{
	struct xfrin *x = xfrin_of(ops, arg);
	int r = x != NULL ? xfrin_refresh(x, req->arg) : CN_ENOENT;
	struct json j;

	if (r == CN_ENOENT) {
		snprintf(msg, msglen, "no zone %s in the configuration",
		    req->arg);
		return CTL_NOT_FOUND;
	}
	if (r != 0) {
		snprintf(msg, msglen, "zone %s is not a secondary (it has no "
		    "primary)", req->arg);
		return CTL_FAILED;
	}
	if (req->json) {
		json_init(&j, body);
		json_obj_begin(&j);
		json_kv_str(&j, "zone", req->arg);
		json_kv_bool(&j, "refreshing", true);
		json_obj_end(&j);
	} else
		ctl_buf_printf(body, "zone %s: refresh started (see "
		    "zone-status)\n", req->arg);
	return CTL_OK;
}
