/* SPDX-License-Identifier: MIT */
/*
 * ctl.h -- the control socket: castnsctl's way into a running castnsd.
 *
 * A Unix stream socket on the control loop.  Each connection carries one
 * request and gets one reply in the protocol of proto.h, then is closed.
 * Commands read the server, BGP and health state directly (this thread
 * owns them) and act through the daemon's struct ctl_ops (reload) or the
 * health module's operator calls (drain, disable...).  Who asked is
 * logged (SO_PEERCRED): changes at info level, reads at debug.  Control
 * thread only.
 */
#ifndef CN_CTL_CTL_H
#define CN_CTL_CTL_H

#include <stddef.h>
#include <stdint.h>

#include "../common/loop.h"

#define CTL_CONNS_MAX		16	/* at once; more are closed */
#define CTL_TIMEOUT_MS		10000	/* to send the request, read reply */
#define CTL_WAIT_MAX_MS		600000	/* drain --wait gives up after */
#define CTL_WAIT_POLL_MS	100

struct server;
struct bgp;
struct health;
struct xfrin;
struct notifier;

/* What the daemon provides; the struct must outlive the ctl. */
struct ctl_ops {
	const char	*version;	/* "0.1.0" */
	uint64_t	 started_ms;	/* loop_now_ms() at start */
	/*
	 * Re-reads the configuration and every zone, as SIGHUP does.
	 * Returns 0, or a cn_err with the reason in why (the old
	 * configuration then keeps serving).
	 */
	int		(*reload)(void *arg, char *why, size_t whylen);
	/*
	 * Re-reads the zone named (normalised, "example.com.").  Returns 0,
	 * CN_ENOENT when no such zone is configured, or another cn_err with
	 * the reason in why.
	 */
	int		(*zone_reload)(void *arg, const char *zone, char *why,
			    size_t whylen);
	/* The parts status reads; NULL when not running. */
	struct server	*(*server)(void *arg);
	struct bgp	*(*bgp)(void *arg);
	struct health	*(*health)(void *arg);
	/* May be NULL, or return NULL: no secondary zones. */
	struct xfrin	*(*xfrin)(void *arg);
	/* May be NULL, or return NULL: NOTIFY out not running. */
	struct notifier	*(*notifier)(void *arg);
};

struct ctl;

/*
 * Creates the socket at path with the given mode and serves it on loop.
 * A socket file nobody answers on (a castnsd that died) is replaced; a
 * live one is not.  Returns 0, or -errno: -ENOENT (the directory does not
 * exist), -EADDRINUSE (a castnsd answers there), -EEXIST (something other
 * than a socket is there), -ENAMETOOLONG, or what socket calls said.
 */
int	ctl_new(struct loop *loop, const char *path, unsigned mode,
	    const struct ctl_ops *ops, void *arg, struct ctl **out);
/* Closes every connection and removes the socket file.  NULL-safe. */
void	ctl_free(struct ctl *ctl);

#endif
