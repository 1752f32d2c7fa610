/* SPDX-License-Identifier: MIT */
/*
 * session.h -- one BGP peer: the RFC 4271 state machine over its TCP
 * connections.
 *
 * A peer has at most two connections at once, the one it opened and the
 * one the peer opened, until collision detection (RFC 4271 6.8) keeps one.
 * Each connection frames the byte stream into messages, decodes them with
 * msg.c and feeds the state × event switch; every state change goes
 * through one function that logs old → new and why.  Sockets and timers
 * come through the loop API; the speaker (bgp.c) owns the peers, accepts
 * incoming connections and is told when a session is established or
 * asks for a route refresh, so that it can send its routes.
 */
#ifndef CN_BGP_SESSION_H
#define CN_BGP_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/loop.h"
#include "../conf/conf.h"
#include "msg.h"

#define BGP_OPEN_HOLD_S		240	/* RFC 4271 8.2.2: large, till OPEN */
#define BGP_OUTQ_MAX		(1024 * 1024)	/* a peer that stops reading */
#define BGP_BACKOFF_MAX_MS	60000
#define BGP_ERR_TEXT_MAX	300

enum bgp_state {
	BGP_STATE_IDLE,
	BGP_STATE_CONNECT,
	BGP_STATE_ACTIVE,
	BGP_STATE_OPENSENT,
	BGP_STATE_OPENCONFIRM,
	BGP_STATE_ESTABLISHED,
};

struct bgp_peer;

struct bgp_conn {
	struct bgp_peer		*peer;
	struct loop_io		 io;		/* io.fd < 0: unused slot */
	bool			 outgoing;
	enum bgp_state		 state;
	struct loop_timer	 hold;
	struct loop_timer	 keepalive;
	uint16_t		 hold_s;	/* negotiated */
	struct bgp_open		 remote;	/* valid from OpenConfirm */
	uint8_t			 rbuf[2 * BGP_MAX_LEN];
	size_t			 rlen;
	uint8_t			*obuf;		/* unsent output */
	size_t			 olen, ocap;
};

struct bgp_peer_stats {
	uint64_t	 msgs_in[BGP_ROUTE_REFRESH + 1];	/* by type */
	uint64_t	 msgs_out[BGP_ROUTE_REFRESH + 1];
	uint64_t	 prefixes_received;	/* counted, then dropped */
	uint64_t	 prefixes_withdrawn;
	uint64_t	 treat_as_withdraw;	/* RFC 7606 */
	uint64_t	 established;		/* times */
	unsigned	 announced;		/* prefixes now announced */
};

/* What the speaker does for a peer; set by bgp.c, called by the session. */
struct bgp_peer_ops {
	/* The session is Established: send every route, then End-of-RIB. */
	void	(*established)(struct bgp_peer *peer);
	/* ROUTE-REFRESH for a family the session carries: send it again. */
	void	(*refresh)(struct bgp_peer *peer, uint16_t afi);
	/* An outgoing connection is wanted: return a connecting fd or -1. */
	int	(*connect)(struct bgp_peer *peer);
};

struct bgp_peer {
	const struct conf_peer	*conf;		/* in the speaker's conf */
	uint32_t		 local_as;
	uint32_t		 router_id;
	struct loop		*loop;
	const struct bgp_peer_ops *ops;
	void			*arg;		/* the speaker's */
	char			 name[96];	/* "192.0.2.1 (AS65000)" */

	enum bgp_state		 state;		/* the best connection's */
	bool			 running;	/* started, not stopped */
	struct bgp_conn		 conn[2];	/* [0] outgoing, [1] incoming */
	struct loop_timer	 retry;		/* ConnectRetry / IdleHold */
	unsigned		 failures;	/* since last Established */
	uint64_t		 state_since;	/* loop_now_ms() */
	uint64_t		 established_at;
	char			 last_error[BGP_ERR_TEXT_MAX];
	struct bgp_peer_stats	 stats;

	/* Filled by the speaker: which routes it has sent (Adj-RIB-Out). */
	uint8_t			*sent;
};

/* Sets up a peer (not started).  conf stays owned by the caller. */
void	bgp_peer_init(struct bgp_peer *peer, const struct conf_peer *conf,
	    uint32_t local_as, uint32_t router_id, struct loop *loop,
	    const struct bgp_peer_ops *ops, void *arg);
/* Closes everything without a NOTIFICATION (the daemon is exiting). */
void	bgp_peer_clear(struct bgp_peer *peer);

/* ManualStart: passive peers wait in Active, others connect. */
void	bgp_peer_start(struct bgp_peer *peer);
/*
 * ManualStop: sends Cease with subcode and (Administrative Shutdown or
 * Reset) the RFC 9003 text on every open connection, closes, goes Idle.
 */
void	bgp_peer_stop(struct bgp_peer *peer, uint8_t subcode,
	    const char *text);

/*
 * Hands over an accepted connection from this peer's address (fd is
 * non-blocking; the session owns it from now on, closing it on refusal).
 */
void	bgp_peer_accept(struct bgp_peer *peer, int fd);

/* Sends one whole message on the Established connection. */
int	bgp_peer_send(struct bgp_peer *peer, const uint8_t *msg, size_t len);
/* The Established connection, or NULL. */
struct bgp_conn *bgp_peer_established(struct bgp_peer *peer);

const char *bgp_state_name(enum bgp_state s);

#endif
