/* SPDX-License-Identifier: MIT */
/*
 * health.h -- health-gated anycast: checks, rise/fall, flap damping, drain
 * and the state of each anycast prefix.
 *
 * The health module owns the checks of the configuration (dns, tcp, http,
 * exec, file), runs them on the control loop, turns their results into a
 * verdict per prefix (its checks combined with all or any, the daemon's own
 * state, the operator's drain/disable), damps flapping prefixes (RFC 2439
 * in spirit) and tells the daemon what each prefix's route must be through
 * one callback.  It never includes the BGP code: the daemon wires the
 * callback to bgp_route_set().  Control thread only.
 */
#ifndef CN_HEALTH_HEALTH_H
#define CN_HEALTH_HEALTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/loop.h"
#include "../conf/conf.h"

/* What a prefix is, as castnsctl status --json shows it ("state"). */
enum health_prefix_state {
	HEALTH_WITHDRAWN,	/* unhealthy, or not yet healthy */
	HEALTH_ANNOUNCED,
	HEALTH_DRAINING,	/* GRACEFUL_SHUTDOWN, then withdrawn */
	HEALTH_SUPPRESSED,	/* damped: withdrawn until the penalty decays */
	HEALTH_DISABLED,	/* by the operator */
};

/* What the route of a prefix must be. */
enum health_route {
	HEALTH_ROUTE_WITHDRAW,
	HEALTH_ROUTE_ANNOUNCE,
	HEALTH_ROUTE_DRAIN,	/* announce with 65535:0 and extra prepends */
};

struct health_ops {
	/* Called on every change; must put it on the wire before returning. */
	void	(*route)(void *arg, size_t prefix_idx, enum health_route r,
		    unsigned extra_prepend);
	/* May be NULL: called when a check goes up or down (geo sites). */
	void	(*check)(void *arg, const char *id, bool up);
};

struct health_prefix_status {
	const char			*prefix;	/* "198.51.100.1/32" */
	enum health_prefix_state	 state;
	char				 reason[256];	/* why it is so */
	uint64_t			 since_ms;	/* loop_now_ms() */
	double				 penalty;	/* damping, now */
	/*
	 * Draining and withdrawn: the drain time is over (or the prefix
	 * was withdrawn for another reason while draining); the state stays
	 * HEALTH_DRAINING until undrain.
	 */
	bool				 draining_done;
	/* Added: the route as last given to ops->route, and the flags. */
	enum health_route		 route;
	unsigned			 extra_prepend;
	bool				 disabled;	/* operator flags, */
	bool				 draining;	/* also when hidden */
};

struct health_check_status {
	const char	*id;
	const char	*type;		/* "dns", "tcp", "http", "exec", "file" */
	bool		 up;		/* after rise/fall */
	bool		 last_ok;	/* the last probe */
	char		 last_result[256];	/* "NOERROR in 0.4 ms", ... */
	uint32_t	 last_latency_us;
	uint64_t	 last_run_ms;
	unsigned	 streak;	/* same results in a row */
	uint64_t	 probes, failures;
	/* Added: */
	const char	*state;		/* "init" (not risen or fallen yet),
					   "up", "down" */
	uint64_t	 since_ms;	/* of state */
	char		 reason[256];	/* of state: "check dns-self failed
					   2 times in a row: ..." */
};

struct health;

struct health	*health_new(struct loop *loop, const struct health_ops *ops,
		    void *arg);
void		 health_free(struct health *h);	/* NULL-safe */

/*
 * Takes (a reference to) the checks and anycast parts of conf, at start and
 * on reload.  Checks keep their state across a reload when their id and
 * settings are unchanged; prefixes keep state, penalty and operator flags
 * by value.  New prefixes start withdrawn: a prefix is announced only once
 * its checks have risen (rule 3 of DESIGN.md).  Returns 0 or a cn_err.
 * May call ops->route before it returns (a prefix without checks is
 * announced at once).  Prefixes gone from conf get no call: the BGP
 * speaker drops them with its own reconfiguration.  A reload that changes
 * a prefix's checks adds no damping penalty.
 */
int	health_configure(struct health *h, struct conf *conf);

/*
 * The daemon's own knowledge, without polling: ok=false withdraws every
 * prefix (zones failed or expired, DNS workers stopped) until ok=true.
 * why is logged and shown in status.  Starts ok: the daemon calls
 * health_configure() once it serves (rule 4: serve, check, announce).
 */
void	health_set_self(struct health *h, bool ok, const char *why);
/* The state health_set_self() gave last; *why (may be NULL) its reason. */
bool	health_self(const struct health *h, const char **why);

/*
 * Operator actions; idx is an index into conf->anycast, or SIZE_MAX for
 * all prefixes.  Return 0, or CN_ENOENT for a bad index.
 */
int	health_drain(struct health *h, size_t idx);
int	health_undrain(struct health *h, size_t idx);
int	health_disable(struct health *h, size_t idx);
int	health_enable(struct health *h, size_t idx);
/* True when every draining prefix among idx (or all) has been withdrawn. */
bool	health_drain_done(const struct health *h, size_t idx);
/* The index of a prefix given as text ("198.51.100.1/32"), or SIZE_MAX. */
size_t	health_prefix_find(const struct health *h, const char *text);

size_t	health_prefix_count(const struct health *h);
void	health_prefix_status(const struct health *h, size_t idx,
	    struct health_prefix_status *out);
size_t	health_check_count(const struct health *h);
void	health_check_status(const struct health *h, size_t i,
	    struct health_check_status *out);

/*
 * The route of prefix idx as last given to ops->route (HEALTH_ROUTE_WITHDRAW
 * before any call), e.g. to resynchronise a BGP speaker rebuilt on reload.
 */
enum health_route health_prefix_route(const struct health *h, size_t idx,
	    unsigned *extra_prepend);

const char *health_state_name(enum health_prefix_state s);

#endif
