/* SPDX-License-Identifier: MIT */
/*
 * test_health.c -- rise/fall, all/any, flap damping, drain and the route
 * state machine on a fake clock.
 *
 * This file defines the loop API (timers fire when the test advances the
 * clock) and probe_start()/probe_cancel() itself, so neither the library's
 * loop.o nor its probes are linked: a fake probe answers 1 ms after its
 * start with whatever the test set for its check.  ops->route calls are
 * recorded and counted.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/common/err.h"
#include "../../src/common/log.h"
#include "../../src/common/loop.h"
#include "../../src/health/health.h"
#include "../../src/health/probe.h"

#include "fakeloop.h"

static void
advance_to(uint64_t t)
{
	assert_true(t >= now_ms);
	advance(t - now_ms);
}

/* --- fake probes: the result the test set, 1 ms after the start -------- */

#define MAX_IDS	8

static struct {
	const char	*id;
	bool		 ok;
} outcome[MAX_IDS];
static unsigned	 probes_started, probes_cancelled;

struct probe {
	struct loop_timer	 t;
	const char		*id;
	probe_done_fn		 done;
	void			*arg;
};

static void
set_ok(const char *id, bool ok)
{
	int i;

	for (i = 0; i < MAX_IDS; i++)
		if (outcome[i].id == NULL || strcmp(outcome[i].id, id) == 0) {
			outcome[i].id = id;
			outcome[i].ok = ok;
			return;
		}
	fail_msg("too many ids");
}

static void
probe_fire(struct loop_timer *t)
{
	struct probe *p = t->arg;
	struct probe_result r;
	int i;

	memset(&r, 0, sizeof(r));
	r.ok = true;
	for (i = 0; i < MAX_IDS && outcome[i].id != NULL; i++)
		if (strcmp(outcome[i].id, p->id) == 0)
			r.ok = outcome[i].ok;
	r.latency_us = 1000;
	snprintf(r.text, sizeof(r.text), r.ok ? "fine in 1.0 ms" :
	    "timeout after 150 ms");
	p->done(p->arg, &r);
	free(p);
}

struct probe *
probe_start(struct loop *loop, const struct conf_check *c,
    probe_done_fn done, void *arg)
{
	struct probe *p = calloc(1, sizeof(*p));

	assert_non_null(p);
	p->id = c->id;
	p->done = done;
	p->arg = arg;
	loop_timer_init(&p->t, probe_fire, p);
	loop_timer_set(loop, &p->t, 1);
	probes_started++;
	return p;
}

void
probe_cancel(struct probe *p)
{
	if (p == NULL)
		return;
	loop_timer_stop(&the_loop, &p->t);
	probes_cancelled++;
	free(p);
}

/* --- recorded routes ---------------------------------------------------- */

#define MAX_CALLS	256

static struct call {
	size_t			 idx;
	enum health_route	 r;
	unsigned		 prepend;
	uint64_t		 at;
} calls[MAX_CALLS];
static size_t	 ncalls;

static void
route_cb(void *arg, size_t idx, enum health_route r, unsigned prepend)
{
	(void)arg;
	assert_true(ncalls < MAX_CALLS);
	calls[ncalls].idx = idx;
	calls[ncalls].r = r;
	calls[ncalls].prepend = prepend;
	calls[ncalls].at = now_ms;
	ncalls++;
}

static const struct health_ops ops = { .route = route_cb };

static struct conf	*cur_conf;
static struct health	*h;

static int
setup(void **state)
{
	(void)state;
	now_ms = 1000000;
	memset(timers, 0, sizeof(timers));
	memset(outcome, 0, sizeof(outcome));
	ncalls = 0;
	probes_started = probes_cancelled = 0;
	h = health_new(&the_loop, &ops, NULL);
	cur_conf = NULL;
	return 0;
}

static int
teardown(void **state)
{
	int i;

	(void)state;
	health_free(h);
	conf_free(cur_conf);
	for (i = 0; i < MAX_TIMERS; i++)
		assert_null(timers[i]);
	return 0;
}

#define BGP	"bgp:\n  as: 65001\n  router-id: 192.0.2.11\n  peer:\n" \
		"    - address: 192.0.2.1\n      remote-as: 65000\n"

/* A file check (the probe is fake: only id and timing matter). */
#define CHECK(id, extra) \
	"  - id: " id "\n    type: file\n    path: /x\n" extra

static void
configure(const char *text)
{
	char err[CONF_ERR_MAX];
	struct conf *c;

	if (conf_parse_text(text, strlen(text), "t.yaml", &c, err,
	    sizeof(err)) != 0)
		fail_msg("config: %s", err);
	assert_int_equal(health_configure(h, c), 0);
	conf_free(cur_conf);
	cur_conf = c;
}

static enum health_prefix_state
state_of(size_t idx)
{
	struct health_prefix_status st;

	health_prefix_status(h, idx, &st);
	return st.state;
}

static double
penalty_of(size_t idx)
{
	struct health_prefix_status st;

	health_prefix_status(h, idx, &st);
	return st.penalty;
}

static void
last_call(size_t idx, enum health_route r, unsigned prepend)
{
	assert_true(ncalls > 0);
	assert_int_equal(calls[ncalls - 1].idx, idx);
	assert_int_equal(calls[ncalls - 1].r, r);
	assert_int_equal(calls[ncalls - 1].prepend, prepend);
}

/* --- tests -------------------------------------------------------------- */

static const char one_check[] = BGP
    "check:\n" CHECK("a", "    interval: 1s\n    rise: 2\n    fall: 3\n")
    "anycast:\n  - prefix: 198.51.100.0/24\n    checks: [ a ]\n";

static void
rise_fall(void **state)
{
	struct health_check_status cs;
	uint64_t t0 = now_ms;

	(void)state;
	configure(one_check);
	assert_int_equal(state_of(0), HEALTH_WITHDRAWN);
	assert_int_equal(ncalls, 0);
	/* First probe at once, result 1 ms later: one success of two. */
	advance(1);
	assert_int_equal(probes_started, 1);
	assert_int_equal(state_of(0), HEALTH_WITHDRAWN);
	health_check_status(h, 0, &cs);
	assert_false(cs.up);
	assert_string_equal(cs.state, "init");
	assert_int_equal(cs.streak, 1);
	advance_to(t0 + 1000);
	assert_int_equal(state_of(0), HEALTH_WITHDRAWN);
	advance_to(t0 + 1001);
	assert_int_equal(state_of(0), HEALTH_ANNOUNCED);
	assert_int_equal(ncalls, 1);
	last_call(0, HEALTH_ROUTE_ANNOUNCE, 0);
	/* More successes change nothing. */
	advance_to(t0 + 5001);
	assert_int_equal(ncalls, 1);
	/* Fall 3: two failures are not enough, a success resets. */
	set_ok("a", false);
	advance_to(t0 + 7001);
	assert_int_equal(state_of(0), HEALTH_ANNOUNCED);
	set_ok("a", true);
	advance_to(t0 + 8001);
	set_ok("a", false);
	advance_to(t0 + 10001);
	assert_int_equal(state_of(0), HEALTH_ANNOUNCED);
	advance_to(t0 + 11001);
	assert_int_equal(state_of(0), HEALTH_WITHDRAWN);
	assert_int_equal(ncalls, 2);
	last_call(0, HEALTH_ROUTE_WITHDRAW, 0);
	health_check_status(h, 0, &cs);
	assert_false(cs.up);
	assert_false(cs.last_ok);
	assert_string_equal(cs.state, "down");
	assert_int_equal(cs.streak, 3);
	assert_int_equal(cs.probes, 12);
	assert_int_equal(cs.failures, 5);
	assert_non_null(strstr(cs.reason, "failed 3 times in a row: timeout "
	    "after 150 ms; last success 3.0 s ago"));
	/* Rise 2 again. */
	set_ok("a", true);
	advance_to(t0 + 12001);
	assert_int_equal(state_of(0), HEALTH_WITHDRAWN);
	advance_to(t0 + 13001);
	assert_int_equal(state_of(0), HEALTH_ANNOUNCED);
	assert_int_equal(ncalls, 3);
	assert_int_equal(probes_cancelled, 0);
}

static void
all_any(void **state)
{
	(void)state;
	configure(BGP "check:\n"
	    CHECK("a", "    interval: 1s\n    rise: 1\n    fall: 1\n")
	    CHECK("b", "    interval: 1s\n    rise: 1\n    fall: 1\n")
	    "anycast:\n"
	    "  - prefix: 198.51.100.0/24\n    checks: [ a, b ]\n"
	    "  - prefix: 198.51.101.0/24\n    checks: [ a, b ]\n"
	    "    match: any\n");
	/* b starts half an interval after a. */
	advance(1);
	assert_int_equal(state_of(0), HEALTH_WITHDRAWN);
	assert_int_equal(state_of(1), HEALTH_ANNOUNCED);
	advance(500);
	assert_int_equal(state_of(0), HEALTH_ANNOUNCED);
	assert_int_equal(ncalls, 2);
	set_ok("a", false);
	advance(1000);
	assert_int_equal(state_of(0), HEALTH_WITHDRAWN);
	assert_int_equal(state_of(1), HEALTH_ANNOUNCED);
	set_ok("b", false);
	advance(1000);
	assert_int_equal(state_of(1), HEALTH_WITHDRAWN);
	assert_int_equal(ncalls, 4);
	set_ok("a", true);
	advance(1000);
	assert_int_equal(state_of(0), HEALTH_WITHDRAWN);
	assert_int_equal(state_of(1), HEALTH_ANNOUNCED);
	assert_int_equal(ncalls, 5);
	last_call(1, HEALTH_ROUTE_ANNOUNCE, 0);
}

static const char damp_conf[] = BGP "check:\n"
    CHECK("a", "    interval: 100ms\n    rise: 1\n    fall: 1\n")
    "health:\n  damping:\n    half-life: 10s\n"
    "anycast:\n  - prefix: 198.51.100.0/24\n    checks: [ a ]\n";

/* Flaps check a once: fails at the next probe, recovers at the one after. */
static void
flap(void)
{
	set_ok("a", false);
	advance(100);
	set_ok("a", true);
	advance(100);
}

static void
damping_arithmetic(void **state)
{
	double p, want;
	uint64_t t_last, t_reuse;
	size_t n;

	(void)state;
	configure(damp_conf);
	advance(1);
	assert_int_equal(state_of(0), HEALTH_ANNOUNCED);
	assert_true(penalty_of(0) == 0);
	flap();		/* down at +101, up at +201 */
	want = 1000 * exp2(-0.1 / 10);
	assert_true(fabs(penalty_of(0) - want) < 1e-6);
	/* One half-life later the penalty is half. */
	advance(10000);
	want = 1000 * exp2(-10.1 / 10);
	assert_true(fabs(penalty_of(0) - want) < 1e-6);
	assert_true(fabs(penalty_of(0) - 500 * exp2(-0.1 / 10)) < 1e-6);
	/* Three quick flaps on top: 465.5 + 3 * ~1000 -> suppressed. */
	p = 1000 * exp2(-10.1 / 10);
	flap();
	p = p * exp2(-0.1 / 10) + 1000;
	assert_int_equal(state_of(0), HEALTH_ANNOUNCED);
	flap();
	p = p * exp2(-0.2 / 10) + 1000;
	assert_int_equal(state_of(0), HEALTH_ANNOUNCED);
	n = ncalls;
	set_ok("a", false);
	advance(100);
	t_last = now_ms;	/* the failure's result, 1 ms after start */
	p = p * exp2(-0.2 / 10) + 1000;
	assert_true(p >= 3000);
	assert_int_equal(state_of(0), HEALTH_SUPPRESSED);
	assert_true(fabs(penalty_of(0) - p) < 1e-6);
	assert_int_equal(ncalls, n + 1);
	last_call(0, HEALTH_ROUTE_WITHDRAW, 0);
	/* Healthy again, but withdrawn until the penalty is below reuse. */
	set_ok("a", true);
	t_reuse = t_last + (uint64_t)ceil(10000 * log2(p / 750));
	advance_to(t_reuse - 1);
	assert_int_equal(state_of(0), HEALTH_SUPPRESSED);
	assert_int_equal(ncalls, n + 1);
	advance_to(t_reuse);
	assert_int_equal(state_of(0), HEALTH_ANNOUNCED);
	assert_int_equal(ncalls, n + 2);
	assert_true(penalty_of(0) <= 750 && penalty_of(0) > 749.5);
}

static void
damping_max_suppress(void **state)
{
	uint64_t t_last;
	int i;

	(void)state;
	/* Ceiling: 750 * 2^(20s / 10s) = 3000. */
	configure(BGP "check:\n"
	    CHECK("a", "    interval: 100ms\n    rise: 1\n    fall: 1\n")
	    "health:\n  damping:\n    half-life: 10s\n    suppress: 2000\n"
	    "    max-suppress: 20s\n"
	    "anycast:\n  - prefix: 198.51.100.0/24\n    checks: [ a ]\n");
	advance(1);
	for (i = 0; i < 10; i++)
		flap();
	t_last = now_ms - 100;
	assert_int_equal(state_of(0), HEALTH_SUPPRESSED);
	assert_true(penalty_of(0) <= 3000);
	/* At most max-suppress after the last flap. */
	advance_to(t_last + 20000 - 1);
	assert_int_equal(state_of(0), HEALTH_SUPPRESSED);
	advance_to(t_last + 20000);
	assert_int_equal(state_of(0), HEALTH_ANNOUNCED);
}

static void
damping_disabled(void **state)
{
	int i;

	(void)state;
	configure(BGP "check:\n"
	    CHECK("a", "    interval: 100ms\n    rise: 1\n    fall: 1\n")
	    "health:\n  damping:\n    enabled: false\n"
	    "anycast:\n  - prefix: 198.51.100.0/24\n    checks: [ a ]\n");
	advance(1);
	for (i = 0; i < 10; i++)
		flap();
	assert_int_equal(state_of(0), HEALTH_ANNOUNCED);
	assert_true(penalty_of(0) == 0);
	/* One announce, then 10 withdrawals and 10 announcements. */
	assert_int_equal(ncalls, 21);
}

static const char drain_conf[] = BGP "check:\n"
    CHECK("a", "    interval: 1s\n    rise: 1\n    fall: 1\n")
    "health:\n  drain:\n    time: 30s\n    prepend: 2\n"
    "anycast:\n  - prefix: 198.51.100.0/24\n    checks: [ a ]\n"
    "  - prefix: 198.51.101.0/24\n";

static void
drain_sequence(void **state)
{
	struct health_prefix_status st;
	uint64_t t0;

	(void)state;
	configure(drain_conf);
	/* The prefix without checks is announced at once. */
	assert_int_equal(ncalls, 1);
	last_call(1, HEALTH_ROUTE_ANNOUNCE, 0);
	advance(1);
	assert_int_equal(state_of(0), HEALTH_ANNOUNCED);
	assert_int_equal(ncalls, 2);
	assert_true(health_drain_done(h, SIZE_MAX));
	t0 = now_ms;
	assert_int_equal(health_drain(h, 0), 0);
	assert_int_equal(state_of(0), HEALTH_DRAINING);
	last_call(0, HEALTH_ROUTE_DRAIN, 2);
	assert_false(health_drain_done(h, 0));
	assert_true(health_drain_done(h, 1));
	assert_false(health_drain_done(h, SIZE_MAX));
	/* A second drain changes nothing. */
	assert_int_equal(health_drain(h, 0), 0);
	assert_int_equal(ncalls, 3);
	advance_to(t0 + 29999);
	assert_int_equal(ncalls, 3);
	advance_to(t0 + 30000);
	assert_int_equal(ncalls, 4);
	last_call(0, HEALTH_ROUTE_WITHDRAW, 0);
	health_prefix_status(h, 0, &st);
	assert_int_equal(st.state, HEALTH_DRAINING);
	assert_true(st.draining_done);
	assert_non_null(strstr(st.reason, "withdrawn after 30s"));
	assert_true(health_drain_done(h, SIZE_MAX));
	/* Health changes while drained do not announce. */
	set_ok("a", false);
	advance(1000);
	set_ok("a", true);
	advance(1000);
	assert_int_equal(ncalls, 4);
	assert_int_equal(health_undrain(h, 0), 0);
	assert_int_equal(state_of(0), HEALTH_ANNOUNCED);
	last_call(0, HEALTH_ROUTE_ANNOUNCE, 0);
	assert_int_equal(ncalls, 5);
	/* Undrain of a prefix that is not draining: nothing. */
	assert_int_equal(health_undrain(h, 0), 0);
	assert_int_equal(ncalls, 5);
}

static void
drain_early_and_idle(void **state)
{
	struct health_prefix_status st;

	(void)state;
	configure(drain_conf);
	advance(1);
	assert_int_equal(ncalls, 2);
	/* Draining, then the check fails: withdrawn at once. */
	health_drain(h, 0);
	last_call(0, HEALTH_ROUTE_DRAIN, 2);
	set_ok("a", false);
	advance(1000);
	last_call(0, HEALTH_ROUTE_WITHDRAW, 0);
	health_prefix_status(h, 0, &st);
	assert_int_equal(st.state, HEALTH_DRAINING);
	assert_true(st.draining_done);
	assert_non_null(strstr(st.reason, "withdrawn early"));
	/* The drain timer is gone: nothing more at drain time. */
	advance(30000);
	assert_int_equal(ncalls, 4);
	/* Undrain while unhealthy: withdrawn. */
	health_undrain(h, 0);
	assert_int_equal(state_of(0), HEALTH_WITHDRAWN);
	assert_int_equal(ncalls, 4);
	/* Draining a withdrawn prefix: done at once, no call. */
	health_drain(h, 0);
	health_prefix_status(h, 0, &st);
	assert_int_equal(st.state, HEALTH_DRAINING);
	assert_true(st.draining_done);
	assert_int_equal(ncalls, 4);
	/* And with the check back it stays withdrawn until undrain. */
	set_ok("a", true);
	advance(1000);
	assert_int_equal(ncalls, 4);
	health_undrain(h, SIZE_MAX);
	last_call(0, HEALTH_ROUTE_ANNOUNCE, 0);
	/* drain all, then drain.time passes. */
	assert_int_equal(health_drain(h, SIZE_MAX), 0);
	assert_int_equal(ncalls, 7);
	advance(30000);
	assert_int_equal(ncalls, 9);
	assert_true(health_drain_done(h, SIZE_MAX));
}

static void
disable_enable(void **state)
{
	(void)state;
	configure(drain_conf);
	advance(1);
	assert_int_equal(ncalls, 2);
	assert_int_equal(health_disable(h, 0), 0);
	assert_int_equal(state_of(0), HEALTH_DISABLED);
	last_call(0, HEALTH_ROUTE_WITHDRAW, 0);
	assert_int_equal(health_disable(h, 0), 0);
	assert_int_equal(ncalls, 3);
	/* Health changes while disabled: no call. */
	set_ok("a", false);
	advance(1000);
	set_ok("a", true);
	advance(1000);
	assert_int_equal(ncalls, 3);
	/* Drain while disabled: still disabled. */
	health_drain(h, 0);
	assert_int_equal(state_of(0), HEALTH_DISABLED);
	health_undrain(h, 0);
	assert_int_equal(health_enable(h, 0), 0);
	assert_int_equal(state_of(0), HEALTH_ANNOUNCED);
	last_call(0, HEALTH_ROUTE_ANNOUNCE, 0);
	assert_int_equal(ncalls, 4);
	assert_int_equal(health_enable(h, 0), 0);
	assert_int_equal(ncalls, 4);
	assert_int_equal(health_disable(h, 7), CN_ENOENT);
	assert_int_equal(health_enable(h, 7), CN_ENOENT);
	assert_int_equal(health_drain(h, 7), CN_ENOENT);
	assert_int_equal(health_undrain(h, 7), CN_ENOENT);
}

static void
self_state(void **state)
{
	struct health_prefix_status st;
	const char *why;

	(void)state;
	configure(drain_conf);
	advance(1);
	assert_int_equal(ncalls, 2);
	health_set_self(h, false, "zone example.com expired");
	assert_int_equal(ncalls, 4);
	assert_int_equal(state_of(0), HEALTH_WITHDRAWN);
	assert_int_equal(state_of(1), HEALTH_WITHDRAWN);
	health_prefix_status(h, 1, &st);
	assert_string_equal(st.reason, "castnsd itself: zone example.com "
	    "expired");
	assert_false(health_self(h, &why));
	assert_string_equal(why, "zone example.com expired");
	/* Again, or another reason: no route change. */
	health_set_self(h, false, "zone example.com expired");
	health_set_self(h, false, "workers stopped");
	assert_int_equal(ncalls, 4);
	health_set_self(h, true, NULL);
	assert_int_equal(ncalls, 6);
	assert_int_equal(state_of(0), HEALTH_ANNOUNCED);
	assert_int_equal(state_of(1), HEALTH_ANNOUNCED);
	/* Self down while a prefix is disabled: only the other changes. */
	health_disable(h, 0);
	health_set_self(h, false, "x");
	assert_int_equal(ncalls, 8);
	assert_int_equal(state_of(0), HEALTH_DISABLED);
}

static const char self_rise_conf[] = BGP "check:\n"
    CHECK("a", "    interval: 1s\n    rise: 3\n    fall: 3\n")
    "anycast:\n  - prefix: 198.51.100.0/24\n    checks: [ a ]\n";

/* Self back: announced at once (no rise), and no damping penalty. */
static void
self_recovery(void **state)
{
	struct health_prefix_status st;
	unsigned n;

	(void)state;
	set_ok("a", true);
	configure(self_rise_conf);
	advance(2001);
	assert_int_equal(state_of(0), HEALTH_ANNOUNCED);
	n = ncalls;
	health_set_self(h, false, "DNS worker 1 has not run for 2.0 s");
	assert_int_equal(ncalls, n + 1);
	last_call(0, HEALTH_ROUTE_WITHDRAW, 0);
	health_prefix_status(h, 0, &st);
	assert_string_equal(st.reason, "castnsd itself: DNS worker 1 has not "
	    "run for 2.0 s");
	advance(5000);
	health_set_self(h, true, "DNS workers running");
	assert_int_equal(ncalls, n + 2);
	last_call(0, HEALTH_ROUTE_ANNOUNCE, 0);
	health_prefix_status(h, 0, &st);
	assert_true(st.penalty == 0.0);
	assert_string_equal(st.reason, "check a up");
}

static void
reload(void **state)
{
	struct health_check_status cs;
	struct health_prefix_status st;
	unsigned started;

	(void)state;
	configure(drain_conf);
	advance(1);
	health_disable(h, 1);
	assert_int_equal(ncalls, 3);
	health_check_status(h, 0, &cs);
	assert_int_equal(cs.probes, 1);
	/* The same config: nothing changes, the check keeps its state. */
	configure(drain_conf);
	assert_int_equal(ncalls, 3);
	health_check_status(h, 0, &cs);
	assert_int_equal(cs.probes, 1);
	assert_true(cs.up);
	assert_int_equal(state_of(1), HEALTH_DISABLED);
	/* Its schedule too: the next probe one interval after the last. */
	started = probes_started;
	advance(998);
	assert_int_equal(probes_started, started);
	advance(1);
	assert_int_equal(probes_started, started + 1);
	advance(1);
	/* Prefixes reordered, one added: state follows the prefix. */
	configure(BGP "check:\n"
	    CHECK("a", "    interval: 1s\n    rise: 1\n    fall: 1\n")
	    "health:\n  drain:\n    time: 30s\n    prepend: 2\n"
	    "anycast:\n  - prefix: 198.51.102.0/24\n    checks: [ a ]\n"
	    "  - prefix: 198.51.101.0/24\n"
	    "  - prefix: 198.51.100.0/24\n    checks: [ a ]\n");
	assert_int_equal(health_prefix_count(h), 3);
	assert_int_equal(health_prefix_find(h, "198.51.100.0/24"), 2);
	assert_int_equal(health_prefix_find(h, "198.51.101.0/24"), 1);
	assert_int_equal(health_prefix_find(h, "198.51.9.0/24"), SIZE_MAX);
	assert_int_equal(health_prefix_find(h, "junk"), SIZE_MAX);
	assert_int_equal(state_of(1), HEALTH_DISABLED);
	assert_int_equal(state_of(2), HEALTH_ANNOUNCED);
	/* The new prefix's check is up already: announced at once. */
	assert_int_equal(state_of(0), HEALTH_ANNOUNCED);
	assert_int_equal(ncalls, 4);
	last_call(0, HEALTH_ROUTE_ANNOUNCE, 0);
	/* Changed check settings: a new check, not risen; no penalty. */
	configure(BGP "check:\n"
	    CHECK("a", "    interval: 2s\n    rise: 1\n    fall: 1\n")
	    "anycast:\n  - prefix: 198.51.100.0/24\n    checks: [ a ]\n");
	assert_int_equal(probes_cancelled, 0);
	assert_int_equal(state_of(0), HEALTH_WITHDRAWN);
	last_call(0, HEALTH_ROUTE_WITHDRAW, 0);
	health_prefix_status(h, 0, &st);
	assert_true(st.penalty == 0);
	assert_non_null(strstr(st.reason, "has not risen yet"));
	health_check_status(h, 0, &cs);
	assert_int_equal(cs.probes, 0);
	advance(1);
	assert_int_equal(state_of(0), HEALTH_ANNOUNCED);
	/* A probe in flight when its check goes away is cancelled. */
	advance(1999);
	configure(BGP "anycast:\n  - prefix: 198.51.100.0/24\n");
	assert_int_equal(probes_cancelled, 1);
	assert_int_equal(health_check_count(h), 0);
}

static void
names(void **state)
{
	(void)state;
	assert_string_equal(health_state_name(HEALTH_WITHDRAWN), "withdrawn");
	assert_string_equal(health_state_name(HEALTH_ANNOUNCED), "announced");
	assert_string_equal(health_state_name(HEALTH_DRAINING), "draining");
	assert_string_equal(health_state_name(HEALTH_SUPPRESSED),
	    "suppressed");
	assert_string_equal(health_state_name(HEALTH_DISABLED), "disabled");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(rise_fall, setup, teardown),
		cmocka_unit_test_setup_teardown(all_any, setup, teardown),
		cmocka_unit_test_setup_teardown(damping_arithmetic, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(damping_max_suppress, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(damping_disabled, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(drain_sequence, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(drain_early_and_idle, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(disable_enable, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(self_state, setup, teardown),
		cmocka_unit_test_setup_teardown(self_recovery, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(reload, setup, teardown),
		cmocka_unit_test_setup_teardown(names, setup, teardown),
	};

	log_init(-2, false, "test_health");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
