/* SPDX-License-Identifier: MIT */
/*
 * bgp.h -- the BGP speaker: the peers of the configuration, the listening
 * sockets, and the routes castnsd originates (its anycast prefixes).
 *
 * castnsd only originates: it sends its own prefixes, counts and drops
 * what peers send, and never touches the kernel's routing table.  The one
 * interface for the rest of the daemon is bgp_route_set(): it puts the
 * change on the wire to every Established peer before it returns.  Runs on
 * the control thread, in its event loop.
 */
#ifndef CN_BGP_BGP_H
#define CN_BGP_BGP_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/loop.h"
#include "../conf/conf.h"
#include "session.h"

enum bgp_route_state {
	BGP_ROUTE_WITHDRAWN,
	BGP_ROUTE_ANNOUNCED,
	/* Announced with GRACEFUL_SHUTDOWN (RFC 8326) and extra prepends. */
	BGP_ROUTE_DRAINING,
};

struct bgp;

struct bgp	*bgp_new(struct loop *loop);
/*
 * Shuts every session down with Cease/Administrative Shutdown and the
 * given RFC 9003 text, then frees the speaker.  NULL-safe.
 */
void		 bgp_free(struct bgp *bgp, const char *why);

/*
 * Takes (a reference to) the BGP part of conf, at start and on every
 * reload: new peers start, removed ones get Cease/Peer De-configured,
 * changed ones are reset, the others keep their session and get the
 * routes again with the new attributes.  Prefixes keep their state by
 * value; new prefixes start withdrawn.  Listening sockets open for the
 * families peers use.  Returns 0, or a negative cn_err when a listening
 * socket cannot be opened (logged; the old setup then stays).
 */
int	bgp_configure(struct bgp *bgp, struct conf *conf);

/*
 * Sets the route of conf->anycast[idx] (conf as last configured) and sends
 * the change to every Established peer that carries it.  extra_prepend
 * applies while draining.
 */
void	bgp_route_set(struct bgp *bgp, size_t idx, enum bgp_route_state state,
	    unsigned extra_prepend);
enum bgp_route_state bgp_route_get(const struct bgp *bgp, size_t idx);

size_t	bgp_peer_count(const struct bgp *bgp);
const struct bgp_peer *bgp_peer_at(const struct bgp *bgp, size_t i);

#endif
