/* SPDX-License-Identifier: MIT */
/*
 * health.c -- checks to verdicts to routes: rise/fall, combination, flap
 * damping, drain and operator flags.
 *
 * Each check runs its probes on a fixed-rate timer (starts staggered over
 * the first interval) and turns their results into up/down with rise and
 * fall.  Each prefix combines its checks (all or any) into a verdict;
 * a healthy -> unhealthy change of the verdict adds a damping penalty
 * that decays with the half-life.  The prefix's state then follows from,
 * in order: disabled, draining, suppressed, the daemon's own state, the
 * verdict.  The route a state needs goes to ops->route only when it
 * changes.  Time comes from loop_now_ms() and loop timers only (a reuse
 * timer, a drain timer; no polling), so a test drives all of it on a fake
 * clock.  Control thread only.
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/err.h"
#include "../common/log.h"
#include "../common/mem.h"
#include "health.h"
#include "probe.h"

enum ck_state {
	CK_INIT,	/* neither risen nor fallen yet */
	CK_UP,
	CK_DOWN,
};

struct hcheck {
	struct health		*h;
	const struct conf_check	*cc;
	struct loop_timer	 next;		/* the next probe's start */
	struct probe		*probe;		/* in flight, or NULL */
	enum ck_state		 state;
	uint64_t		 state_ms;	/* since */
	char			 why[256];	/* of the state */
	bool			 last_ok;
	char			 last_result[PROBE_TEXT_MAX];
	uint32_t		 last_latency_us;
	uint64_t		 last_run_ms;
	bool			 ever_ok;
	uint64_t		 last_ok_ms;
	unsigned		 streak;
	uint64_t		 probes, failures;
};

struct hprefix {
	struct health		*h;
	const struct conf_anycast *ca;
	enum health_prefix_state state;
	char			 reason[256];
	uint64_t		 since_ms;
	enum health_route	 route;		/* as last given to ops */
	unsigned		 prepend;
	bool			 healthy;	/* the checks' verdict */
	bool			 disabled, draining, drain_done;
	struct loop_timer	 drain_timer;
	double			 penalty;	/* at penalty_ms */
	uint64_t		 penalty_ms;
	bool			 suppressed;
	struct loop_timer	 reuse_timer;
};

struct health {
	struct loop		*loop;
	struct health_ops	 ops;
	void			*arg;
	struct conf		*conf;
	struct hcheck		**checks;
	size_t			 nchecks;
	struct hprefix		**prefixes;
	size_t			 nprefixes;
	bool			 self_ok;
	char			 self_why[200];
	bool			 reloading;
};

/* snprintf that may truncate: reasons are for people, cut is fine. */
static void __attribute__((format(printf, 3, 4)))
bprintf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

static const char *const state_names[] = {
	[HEALTH_WITHDRAWN] = "withdrawn",
	[HEALTH_ANNOUNCED] = "announced",
	[HEALTH_DRAINING] = "draining",
	[HEALTH_SUPPRESSED] = "suppressed",
	[HEALTH_DISABLED] = "disabled",
};

const char *
health_state_name(enum health_prefix_state s)
{
	if ((unsigned)s < sizeof(state_names) / sizeof(state_names[0]))
		return state_names[s];
	return "?";
}

static const char *
ck_state_name(enum ck_state s)
{
	return s == CK_UP ? "up" : s == CK_DOWN ? "down" : "init";
}

/* "0.6 s", "3 min": how long ago ms was, for reasons. */
static void
ago(uint64_t now, uint64_t then, char *buf, size_t len)
{
	uint64_t d = now > then ? now - then : 0;

	if (d < 60000)
		bprintf(buf, len, "%.1f s", (double)d / 1000);
	else
		bprintf(buf, len, "%" PRIu64 " min", d / 60000);
}

/* --- damping (RFC 2439 in spirit) -------------------------------------- */

static double
decayed(const struct health *h, const struct hprefix *pf, uint64_t now)
{
	const struct conf_damping *d = &h->conf->damping;

	if (pf->penalty <= 0 || now <= pf->penalty_ms)
		return pf->penalty;
	return pf->penalty * exp2(-(double)(now - pf->penalty_ms) /
	    d->half_life_ms);
}

/* The penalty that takes max-suppress to decay to reuse (RFC 2439 4.2). */
static double
ceiling(const struct conf_damping *d)
{
	return d->reuse * exp2((double)d->max_suppress_ms / d->half_life_ms);
}

static void	evaluate(struct hprefix *pf);

static void
reuse_fire(struct loop_timer *t)
{
	evaluate(t->arg);
}

/*
 * Brings the penalty to now, lifts a suppression that has decayed below
 * reuse and arms the timer for the moment it will.
 */
static void
damp_update(struct hprefix *pf, uint64_t now)
{
	struct health *h = pf->h;
	const struct conf_damping *d = &h->conf->damping;
	double p;

	p = decayed(h, pf, now);
	/* Below one point the penalty no longer matters: forget it. */
	pf->penalty = p < 1 ? 0 : p;
	pf->penalty_ms = now;
	loop_timer_stop(h->loop, &pf->reuse_timer);
	if (!pf->suppressed)
		return;
	/* A tiny margin so float rounding cannot re-arm for 0 ms forever. */
	if (!d->enabled || pf->penalty <= d->reuse * (1 + 1e-9)) {
		pf->suppressed = false;
		return;
	}
	loop_timer_set(h->loop, &pf->reuse_timer, (uint64_t)ceil(
	    d->half_life_ms * log2(pf->penalty / d->reuse)));
}

/* A healthy -> unhealthy change of the verdict. */
static void
damp_flap(struct hprefix *pf, uint64_t now)
{
	const struct conf_damping *d = &pf->h->conf->damping;
	double cap;

	if (!d->enabled)
		return;
	damp_update(pf, now);
	pf->penalty += d->penalty;
	cap = ceiling(d);
	if (pf->penalty > cap)
		pf->penalty = cap;
	if (pf->penalty >= d->suppress)
		pf->suppressed = true;
	damp_update(pf, now);
}

/* --- prefixes ---------------------------------------------------------- */

static const char *
route_label(enum health_prefix_state s, enum health_route r)
{
	if (s == HEALTH_DRAINING && r == HEALTH_ROUTE_WITHDRAW)
		return "draining (withdrawn)";
	return health_state_name(s);
}

/* Sets the state, logs a change, tells ops when the route changes. */
static void
set_state(struct hprefix *pf, enum health_prefix_state s,
    enum health_route r, unsigned prepend, const char *reason)
{
	struct health *h = pf->h;
	size_t idx;

	if (s != pf->state || r != pf->route) {
		log_info("prefix %s: %s -> %s (%s)", pf->ca->prefix.text,
		    route_label(pf->state, pf->route), route_label(s, r),
		    reason);
		if (s != pf->state)
			pf->since_ms = loop_now_ms();
	}
	bprintf(pf->reason, sizeof(pf->reason), "%s", reason);
	pf->state = s;
	if (r == pf->route && prepend == pf->prepend)
		return;
	pf->route = r;
	pf->prepend = prepend;
	for (idx = 0; idx < h->nprefixes; idx++)
		if (h->prefixes[idx] == pf)
			break;
	if (h->ops.route != NULL)
		h->ops.route(h->arg, idx, r, prepend);
}

/* The checks' verdict for pf, with a reason. */
static bool
verdict(const struct hprefix *pf, char *why, size_t len)
{
	const struct conf_anycast *ca = pf->ca;
	const struct hcheck *ck, *first_bad = NULL, *first_up = NULL;
	size_t i, up = 0;

	if (ca->nchecks == 0) {
		bprintf(why, len, "no checks");
		return true;
	}
	for (i = 0; i < ca->nchecks; i++) {
		ck = pf->h->checks[ca->checks[i]];
		if (ck->state == CK_UP) {
			up++;
			if (first_up == NULL)
				first_up = ck;
		} else if (first_bad == NULL) {
			first_bad = ck;
		}
	}
	if (ca->match_any ? up > 0 : up == ca->nchecks) {
		if (up == 1)
			bprintf(why, len, "check %s up", first_up->cc->id);
		else
			bprintf(why, len, "%zu of %zu checks up", up,
			    ca->nchecks);
		return true;
	}
	if (ca->match_any && ca->nchecks > 1)
		bprintf(why, len, "no check up; %s", first_bad->why);
	else
		bprintf(why, len, "%s", first_bad->why);
	return false;
}

/* Works out what pf must be now and makes it so. */
static void
evaluate(struct hprefix *pf)
{
	struct health *h = pf->h;
	uint64_t now = loop_now_ms();
	char why[256], why2[300], dur[32];
	bool ok, up;

	ok = verdict(pf, why, sizeof(why));
	/* A reload that changes a prefix's checks is no flap. */
	if (pf->healthy && !ok && !h->reloading)
		damp_flap(pf, now);
	else
		damp_update(pf, now);
	pf->healthy = ok;
	up = ok && h->self_ok && !pf->suppressed;

	if (pf->disabled) {
		set_state(pf, HEALTH_DISABLED, HEALTH_ROUTE_WITHDRAW, 0,
		    "disabled by the operator");
		return;
	}
	if (pf->draining) {
		if (!pf->drain_done && up) {
			set_state(pf, HEALTH_DRAINING, HEALTH_ROUTE_DRAIN,
			    h->conf->drain_prepend, "drained by the operator: "
			    "announced with GRACEFUL_SHUTDOWN (65535:0)");
			return;
		}
		if (pf->drain_done && pf->state == HEALTH_DRAINING &&
		    pf->route == HEALTH_ROUTE_WITHDRAW)
			return;
		if (!pf->drain_done) {
			bprintf(why2, sizeof(why2), "drained by the "
			    "operator; withdrawn early: %s", !ok ? why :
			    !h->self_ok ? h->self_why : "suppressed");
		} else if (pf->state == HEALTH_DRAINING) {
			conf_format_duration(h->conf->drain_ms, dur,
			    sizeof(dur));
			bprintf(why2, sizeof(why2), "drained by the "
			    "operator; withdrawn after %s of GRACEFUL_SHUTDOWN",
			    dur);
		} else {
			bprintf(why2, sizeof(why2), "drained by the "
			    "operator; nothing was announced to drain");
		}
		pf->drain_done = true;
		loop_timer_stop(h->loop, &pf->drain_timer);
		set_state(pf, HEALTH_DRAINING, HEALTH_ROUTE_WITHDRAW, 0, why2);
		return;
	}
	if (pf->suppressed) {
		bprintf(why2, sizeof(why2), "flap damping: penalty %.0f, "
		    "announced again below %u; %s", pf->penalty,
		    (unsigned)h->conf->damping.reuse, ok ? "checks ok now" :
		    why);
		set_state(pf, HEALTH_SUPPRESSED, HEALTH_ROUTE_WITHDRAW, 0,
		    why2);
		return;
	}
	if (!h->self_ok) {
		bprintf(why2, sizeof(why2), "castnsd itself: %s",
		    h->self_why);
		set_state(pf, HEALTH_WITHDRAWN, HEALTH_ROUTE_WITHDRAW, 0, why2);
		return;
	}
	set_state(pf, ok ? HEALTH_ANNOUNCED : HEALTH_WITHDRAWN,
	    ok ? HEALTH_ROUTE_ANNOUNCE : HEALTH_ROUTE_WITHDRAW, 0, why);
}

static void
evaluate_all(struct health *h)
{
	size_t i;

	for (i = 0; i < h->nprefixes; i++)
		evaluate(h->prefixes[i]);
}

static void
drain_fire(struct loop_timer *t)
{
	struct hprefix *pf = t->arg;

	pf->drain_done = true;
	evaluate(pf);
}

/* --- checks ------------------------------------------------------------ */

static void	check_start(struct loop_timer *t);

static void
check_result(struct hcheck *ck, const struct probe_result *r)
{
	struct health *h = ck->h;
	uint64_t now = loop_now_ms();
	enum ck_state old = ck->state;
	char when[32], how[48];
	size_t i, j;

	if (ck->probes > 0 && r->ok == ck->last_ok)
		ck->streak++;
	else
		ck->streak = 1;
	ck->probes++;
	if (!r->ok)
		ck->failures++;
	ck->last_ok = r->ok;
	ck->last_latency_us = r->latency_us;
	ck->last_run_ms = now;
	bprintf(ck->last_result, sizeof(ck->last_result), "%s", r->text);
	if (r->ok && ck->streak >= ck->cc->rise && ck->state != CK_UP) {
		if (ck->state == CK_DOWN) {
			ago(now, ck->state_ms, when, sizeof(when));
			bprintf(how, sizeof(how), "; down for %s", when);
		} else {
			how[0] = '\0';
		}
		ck->state = CK_UP;
		bprintf(ck->why, sizeof(ck->why), "check %s succeeded %u "
		    "time%s in a row: %s%s", ck->cc->id, ck->streak,
		    ck->streak == 1 ? "" : "s", r->text, how);
	} else if (!r->ok && ck->streak >= ck->cc->fall &&
	    ck->state != CK_DOWN) {
		if (ck->ever_ok) {
			ago(now, ck->last_ok_ms, when, sizeof(when));
			bprintf(how, sizeof(how), "last success %s ago",
			    when);
		} else {
			bprintf(how, sizeof(how), "never succeeded");
		}
		ck->state = CK_DOWN;
		bprintf(ck->why, sizeof(ck->why), "check %s failed %u time%s "
		    "in a row: %s; %s", ck->cc->id, ck->streak,
		    ck->streak == 1 ? "" : "s", r->text, how);
	}
	if (r->ok) {
		ck->ever_ok = true;
		ck->last_ok_ms = now;
	}
	log_debug("check %s: %s", ck->cc->id, r->text);
	if (ck->state == old)
		return;
	ck->state_ms = now;
	/* ck->why starts with "check ID ": the log says it once. */
	log_info("check %s: %s -> %s (%s)", ck->cc->id, ck_state_name(old),
	    ck_state_name(ck->state), ck->why + strlen("check ") +
	    strlen(ck->cc->id) + 1);
	if (h->ops.check != NULL)
		h->ops.check(h->arg, ck->cc->id, ck->state == CK_UP);
	for (i = 0; i < h->nprefixes; i++) {
		const struct conf_anycast *ca = h->prefixes[i]->ca;

		for (j = 0; j < ca->nchecks; j++)
			if (h->checks[ca->checks[j]] == ck) {
				evaluate(h->prefixes[i]);
				break;
			}
	}
}

static void
probe_done(void *arg, const struct probe_result *r)
{
	struct hcheck *ck = arg;

	ck->probe = NULL;
	check_result(ck, r);
}

static void
check_start(struct loop_timer *t)
{
	struct hcheck *ck = t->arg;
	struct probe_result r;

	/* Fixed rate: the next start is due one interval after this one. */
	loop_timer_set(ck->h->loop, &ck->next, ck->cc->interval_ms);
	if (ck->probe != NULL) {
		/* Only when timeout == interval and this timer came first. */
		probe_cancel(ck->probe);
		ck->probe = NULL;
		memset(&r, 0, sizeof(r));
		r.latency_us = ck->cc->timeout_ms * 1000;
		bprintf(r.text, sizeof(r.text), "timeout after %u ms",
		    (unsigned)ck->cc->timeout_ms);
		check_result(ck, &r);
	}
	ck->probe = probe_start(ck->h->loop, ck->cc, probe_done, ck);
}

static struct hcheck *
check_new(struct health *h, const struct conf_check *cc)
{
	struct hcheck *ck = xcalloc(1, sizeof(*ck));

	ck->h = h;
	ck->cc = cc;
	ck->state = CK_INIT;
	ck->state_ms = loop_now_ms();
	bprintf(ck->why, sizeof(ck->why), "check %s has not risen yet",
	    cc->id);
	bprintf(ck->last_result, sizeof(ck->last_result), "not run yet");
	loop_timer_init(&ck->next, check_start, ck);
	return ck;
}

static void
check_free(struct hcheck *ck)
{
	if (ck == NULL)
		return;
	loop_timer_stop(ck->h->loop, &ck->next);
	probe_cancel(ck->probe);
	free(ck);
}

static struct hprefix *
prefix_new(struct health *h, const struct conf_anycast *ca)
{
	struct hprefix *pf = xcalloc(1, sizeof(*pf));

	pf->h = h;
	pf->ca = ca;
	pf->state = HEALTH_WITHDRAWN;
	pf->route = HEALTH_ROUTE_WITHDRAW;
	pf->since_ms = loop_now_ms();
	pf->penalty_ms = pf->since_ms;
	bprintf(pf->reason, sizeof(pf->reason), "not checked yet");
	loop_timer_init(&pf->drain_timer, drain_fire, pf);
	loop_timer_init(&pf->reuse_timer, reuse_fire, pf);
	return pf;
}

static void
prefix_free(struct hprefix *pf)
{
	if (pf == NULL)
		return;
	loop_timer_stop(pf->h->loop, &pf->drain_timer);
	loop_timer_stop(pf->h->loop, &pf->reuse_timer);
	free(pf);
}

/* --- the API ----------------------------------------------------------- */

struct health *
health_new(struct loop *loop, const struct health_ops *ops, void *arg)
{
	struct health *h = xcalloc(1, sizeof(*h));

	h->loop = loop;
	if (ops != NULL)
		h->ops = *ops;
	h->arg = arg;
	h->self_ok = true;
	bprintf(h->self_why, sizeof(h->self_why), "ok");
	return h;
}

void
health_free(struct health *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < h->nchecks; i++)
		check_free(h->checks[i]);
	for (i = 0; i < h->nprefixes; i++)
		prefix_free(h->prefixes[i]);
	free(h->checks);
	free(h->prefixes);
	conf_free(h->conf);
	free(h);
}

int
health_configure(struct health *h, struct conf *conf)
{
	struct hcheck **checks = NULL;
	struct hprefix **prefixes = NULL;
	size_t i, j, nnew = 0;

	if (conf->nchecks > 0)
		checks = xcalloc(conf->nchecks, sizeof(*checks));
	if (conf->nanycast > 0)
		prefixes = xcalloc(conf->nanycast, sizeof(*prefixes));
	/* Unchanged checks keep their state and their probe in flight. */
	for (i = 0; i < conf->nchecks; i++) {
		for (j = 0; j < h->nchecks; j++)
			if (h->checks[j] != NULL &&
			    conf_check_equal(h->checks[j]->cc,
			    &conf->checks[i]))
				break;
		if (j < h->nchecks) {
			checks[i] = h->checks[j];
			checks[i]->cc = &conf->checks[i];
			h->checks[j] = NULL;
		} else {
			checks[i] = check_new(h, &conf->checks[i]);
			nnew++;
		}
	}
	for (i = 0; i < conf->nanycast; i++) {
		for (j = 0; j < h->nprefixes; j++)
			if (h->prefixes[j] != NULL &&
			    conf_prefix_equal(&h->prefixes[j]->ca->prefix,
			    &conf->anycast[i].prefix))
				break;
		if (j < h->nprefixes) {
			prefixes[i] = h->prefixes[j];
			prefixes[i]->ca = &conf->anycast[i];
			h->prefixes[j] = NULL;
		} else {
			prefixes[i] = prefix_new(h, &conf->anycast[i]);
		}
	}
	for (j = 0; j < h->nchecks; j++)
		check_free(h->checks[j]);
	for (j = 0; j < h->nprefixes; j++)
		prefix_free(h->prefixes[j]);
	free(h->checks);
	free(h->prefixes);
	h->checks = checks;
	h->nchecks = conf->nchecks;
	h->prefixes = prefixes;
	h->nprefixes = conf->nanycast;
	conf_free(h->conf);
	h->conf = conf_ref(conf);
	/* New checks start spread over their first interval. */
	for (i = 0, j = 0; i < h->nchecks; i++) {
		struct hcheck *ck = h->checks[i];

		if (ck->probes > 0 || ck->probe != NULL || ck->next.armed)
			continue;
		loop_timer_set(h->loop, &ck->next,
		    ck->cc->interval_ms * j++ / (nnew > 0 ? nnew : 1));
	}
	h->reloading = true;
	evaluate_all(h);
	h->reloading = false;
	return 0;
}

void
health_set_self(struct health *h, bool ok, const char *why)
{
	const char *w = why != NULL ? why : ok ? "ok" : "unhealthy";

	if (ok == h->self_ok && strcmp(w, h->self_why) == 0)
		return;
	if (ok != h->self_ok)
		log_info("castnsd itself: %s -> %s (%s)", h->self_ok ? "ok" :
		    "failing", ok ? "ok" : "failing", w);
	h->self_ok = ok;
	bprintf(h->self_why, sizeof(h->self_why), "%s", w);
	evaluate_all(h);
}

bool
health_self(const struct health *h, const char **why)
{
	if (why != NULL)
		*why = h->self_why;
	return h->self_ok;
}

/* Calls fn on prefix idx, or on every prefix for SIZE_MAX. */
static int
each(struct health *h, size_t idx, void (*fn)(struct hprefix *))
{
	size_t i;

	if (idx != SIZE_MAX) {
		if (idx >= h->nprefixes)
			return CN_ENOENT;
		fn(h->prefixes[idx]);
		return 0;
	}
	for (i = 0; i < h->nprefixes; i++)
		fn(h->prefixes[i]);
	return 0;
}

static void
drain_one(struct hprefix *pf)
{
	if (pf->draining)
		return;
	log_info("prefix %s: drain requested", pf->ca->prefix.text);
	pf->draining = true;
	pf->drain_done = false;
	/* Only a route that is announced has traffic to move away. */
	if (pf->route == HEALTH_ROUTE_ANNOUNCE && pf->h->conf->drain_ms > 0)
		loop_timer_set(pf->h->loop, &pf->drain_timer,
		    pf->h->conf->drain_ms);
	else
		pf->drain_done = true;
	evaluate(pf);
}

static void
undrain_one(struct hprefix *pf)
{
	if (!pf->draining)
		return;
	log_info("prefix %s: undrain requested", pf->ca->prefix.text);
	pf->draining = false;
	pf->drain_done = false;
	loop_timer_stop(pf->h->loop, &pf->drain_timer);
	evaluate(pf);
}

static void
disable_one(struct hprefix *pf)
{
	if (pf->disabled)
		return;
	pf->disabled = true;
	evaluate(pf);
}

static void
enable_one(struct hprefix *pf)
{
	if (!pf->disabled)
		return;
	pf->disabled = false;
	evaluate(pf);
}

int
health_drain(struct health *h, size_t idx)
{
	return each(h, idx, drain_one);
}

int
health_undrain(struct health *h, size_t idx)
{
	return each(h, idx, undrain_one);
}

int
health_disable(struct health *h, size_t idx)
{
	return each(h, idx, disable_one);
}

int
health_enable(struct health *h, size_t idx)
{
	return each(h, idx, enable_one);
}

bool
health_drain_done(const struct health *h, size_t idx)
{
	size_t i;

	for (i = 0; i < h->nprefixes; i++) {
		const struct hprefix *pf = h->prefixes[i];

		if ((idx == SIZE_MAX || idx == i) && pf->draining &&
		    pf->route != HEALTH_ROUTE_WITHDRAW)
			return false;
	}
	return true;
}

size_t
health_prefix_find(const struct health *h, const char *text)
{
	struct conf_prefix p;
	size_t i;

	if (conf_parse_prefix(text, &p, NULL, 0) != 0)
		return SIZE_MAX;
	for (i = 0; i < h->nprefixes; i++)
		if (conf_prefix_equal(&h->prefixes[i]->ca->prefix, &p))
			return i;
	return SIZE_MAX;
}

size_t
health_prefix_count(const struct health *h)
{
	return h->nprefixes;
}

void
health_prefix_status(const struct health *h, size_t idx,
    struct health_prefix_status *out)
{
	const struct hprefix *pf = h->prefixes[idx];

	memset(out, 0, sizeof(*out));
	out->prefix = pf->ca->prefix.text;
	out->state = pf->state;
	bprintf(out->reason, sizeof(out->reason), "%s", pf->reason);
	out->since_ms = pf->since_ms;
	out->penalty = decayed(h, pf, loop_now_ms());
	out->draining_done = pf->draining && pf->drain_done &&
	    pf->route == HEALTH_ROUTE_WITHDRAW;
	out->route = pf->route;
	out->extra_prepend = pf->prepend;
	out->disabled = pf->disabled;
	out->draining = pf->draining;
}

enum health_route
health_prefix_route(const struct health *h, size_t idx,
    unsigned *extra_prepend)
{
	if (extra_prepend != NULL)
		*extra_prepend = h->prefixes[idx]->prepend;
	return h->prefixes[idx]->route;
}

size_t
health_check_count(const struct health *h)
{
	return h->nchecks;
}

void
health_check_status(const struct health *h, size_t i,
    struct health_check_status *out)
{
	const struct hcheck *ck = h->checks[i];

	memset(out, 0, sizeof(*out));
	out->id = ck->cc->id;
	out->type = conf_check_type_name(ck->cc->type);
	out->up = ck->state == CK_UP;
	out->last_ok = ck->last_ok;
	bprintf(out->last_result, sizeof(out->last_result), "%s",
	    ck->last_result);
	out->last_latency_us = ck->last_latency_us;
	out->last_run_ms = ck->last_run_ms;
	out->streak = ck->streak;
	out->probes = ck->probes;
	out->failures = ck->failures;
	out->state = ck_state_name(ck->state);
	out->since_ms = ck->state_ms;
	bprintf(out->reason, sizeof(out->reason), "%s", ck->why);
}
