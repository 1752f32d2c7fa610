/* SPDX-License-Identifier: MIT */
/*
 * probe.h -- one run of one check: the probes' interface to health.c.
 *
 * A probe is a non-blocking state machine on the control loop with its
 * own timeout timer (dns, tcp, http: a socket; exec: a child process
 * watched through a pidfd; file: a stat()).  It copies what it needs from
 * the check when it starts, so a reload may free the conf under it.  Its
 * result reaches the caller once, from a loop callback, never from inside
 * probe_start().  Internal to src/health; the unit test of health.c links
 * its own probe_start()/probe_cancel() instead of these.
 */
#ifndef CN_HEALTH_PROBE_H
#define CN_HEALTH_PROBE_H

#include <stdbool.h>
#include <stdint.h>

#include "../common/loop.h"
#include "../conf/conf.h"

#define PROBE_TEXT_MAX	200

struct probe_result {
	bool		 ok;
	uint32_t	 latency_us;	/* start to result */
	char		 text[PROBE_TEXT_MAX];	/* "NOERROR in 0.4 ms" */
};

typedef void	(*probe_done_fn)(void *arg, const struct probe_result *r);

struct probe;

/*
 * Starts one probe of check c.  done(arg, result) is called exactly once,
 * from a loop callback; the probe is freed when done returns.  Never fails:
 * a probe that cannot start reports the failure through done.
 */
struct probe	*probe_start(struct loop *loop, const struct conf_check *c,
		    probe_done_fn done, void *arg);
/*
 * Stops a probe before its result (reload, shutdown): done is not called.
 * An exec probe's child is killed and reaped.  NULL-safe.
 */
void		 probe_cancel(struct probe *p);

#endif
