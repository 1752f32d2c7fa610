/* SPDX-License-Identifier: MIT */
/*
 * session.c -- the BGP state machine of one peer (RFC 4271 8), its
 * connections, framing, timers and collision detection (6.8).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../common/err.h"
#include "../common/log.h"
#include "../common/mem.h"
#include "session.h"

static const char *const state_names[] = {
	"Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established",
};

static void	conn_input(struct bgp_conn *c);
static void	conn_close(struct bgp_conn *c);

const char *
bgp_state_name(enum bgp_state s)
{
	return (unsigned)s < sizeof(state_names) / sizeof(state_names[0]) ?
	    state_names[s] : "?";
}

static enum bgp_state
best_state(const struct bgp_peer *peer, enum bgp_state idle)
{
	enum bgp_state s = idle;
	int i;

	for (i = 0; i < 2; i++)
		if (peer->conn[i].io.fd >= 0 && peer->conn[i].state > s)
			s = peer->conn[i].state;
	return s;
}

/* The one place a peer's visible state changes: logged with the reason. */
static void
change_state(struct bgp_peer *peer, enum bgp_state to, const char *why)
{
	enum bgp_state from = peer->state;

	if (from == to)
		return;
	peer->state = to;
	peer->state_since = loop_now_ms();
	if (to == BGP_STATE_ESTABLISHED || from == BGP_STATE_ESTABLISHED)
		log_info("peer %s: %s -> %s (%s)", peer->name,
		    bgp_state_name(from), bgp_state_name(to), why);
	else
		log_debug("peer %s: %s -> %s (%s)", peer->name,
		    bgp_state_name(from), bgp_state_name(to), why);
}

static void
update_state(struct bgp_peer *peer, const char *why)
{
	enum bgp_state idle = BGP_STATE_IDLE;

	if (peer->running)
		idle = peer->conn[0].io.fd >= 0 ? BGP_STATE_CONNECT :
		    BGP_STATE_ACTIVE;
	change_state(peer, best_state(peer, idle), why);
}

static void
set_error(struct bgp_peer *peer, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
set_error(struct bgp_peer *peer, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(peer->last_error, sizeof(peer->last_error), fmt, ap);
	va_end(ap);
}

/* "Cease/Administrative Shutdown \"maintenance\"" */
static void
notify_text(const struct bgp_notify *n, char *buf, size_t len)
{
	char text[BGP_SHUTDOWN_MSG_MAX + 1];

	bgp_notify_shutdown_text(n, text, sizeof(text));
	snprintf(buf, len, "%s/%s%s%s%s", bgp_notify_code_text(n->code),
	    bgp_notify_subcode_text(n->code, n->subcode), *text ? " \"" : "",
	    text, *text ? "\"" : "");
}

/* Output: written at once when the socket takes it, queued otherwise. */
static int
conn_write(struct bgp_conn *c, const uint8_t *msg, size_t len)
{
	struct bgp_peer *peer = c->peer;
	ssize_t n = 0;

	if (c->olen == 0) {
		n = send(c->io.fd, msg, len, MSG_NOSIGNAL);
		if (n < 0 && errno != EAGAIN && errno != EINTR) {
			set_error(peer, "send: %s", strerror(errno));
			return -errno;
		}
		if (n < 0)
			n = 0;
		if ((size_t)n == len)
			goto sent;
	}
	if (c->olen + len - (size_t)n > BGP_OUTQ_MAX) {
		set_error(peer, "peer does not read: %zu octets queued",
		    c->olen);
		return CN_ESPACE;
	}
	if (c->olen + len - (size_t)n > c->ocap) {
		c->ocap = c->olen + len - (size_t)n + BGP_MAX_LEN;
		c->obuf = xrealloc(c->obuf, c->ocap);
	}
	memcpy(c->obuf + c->olen, msg + n, len - (size_t)n);
	c->olen += len - (size_t)n;
	loop_io_mod(peer->loop, &c->io, EPOLLIN | EPOLLOUT);
sent:
	if (len >= BGP_HDR_LEN && msg[18] <= BGP_ROUTE_REFRESH)
		peer->stats.msgs_out[msg[18]]++;
	return 0;
}

static void
conn_flush(struct bgp_conn *c)
{
	ssize_t n;

	while (c->olen > 0) {
		n = send(c->io.fd, c->obuf, c->olen, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			set_error(c->peer, "send: %s", strerror(errno));
			conn_close(c);
			return;
		}
		memmove(c->obuf, c->obuf + n, c->olen - (size_t)n);
		c->olen -= (size_t)n;
	}
	loop_io_mod(c->peer->loop, &c->io, EPOLLIN);
}

static int
conn_send_keepalive(struct bgp_conn *c)
{
	uint8_t buf[BGP_HDR_LEN];
	struct wbuf w;

	wbuf_init(&w, buf, sizeof(buf));
	bgp_msg_keepalive(&w);
	return conn_write(c, buf, w.len);
}

static void
conn_send_notification(struct bgp_conn *c, const struct bgp_notify *n)
{
	uint8_t buf[BGP_MAX_LEN];
	struct wbuf w;
	char text[BGP_ERR_TEXT_MAX];

	wbuf_init(&w, buf, sizeof(buf));
	if (bgp_msg_notification(&w, n) != 0)
		return;
	conn_write(c, buf, w.len);
	conn_flush(c);
	notify_text(n, text, sizeof(text));
	set_error(c->peer, "sent %s", text);
	log_warnx("peer %s: NOTIFICATION sent: %s", c->peer->name, text);
}

static void
conn_send_open(struct bgp_conn *c)
{
	struct bgp_peer *peer = c->peer;
	uint8_t buf[BGP_MAX_LEN];
	struct bgp_open o;
	struct wbuf w;

	memset(&o, 0, sizeof(o));
	o.version = BGP_VERSION;
	o.as = peer->local_as;
	o.hold_time = peer->conf->hold_time;
	o.bgp_id = peer->router_id;
	o.cap_mp_ipv4 = true;
	o.cap_mp_ipv6 = true;
	o.cap_as4 = true;
	o.cap_route_refresh = true;
	wbuf_init(&w, buf, sizeof(buf));
	if (bgp_msg_open(&w, &o) == 0)
		conn_write(c, buf, w.len);
}

static void
conn_close(struct bgp_conn *c)
{
	struct bgp_peer *peer = c->peer;
	bool was_established = c->state == BGP_STATE_ESTABLISHED;

	if (c->io.fd < 0)
		return;
	loop_io_del(peer->loop, &c->io);
	close(c->io.fd);
	c->io.fd = -1;
	loop_timer_stop(peer->loop, &c->hold);
	loop_timer_stop(peer->loop, &c->keepalive);
	free(c->obuf);
	c->obuf = NULL;
	c->olen = c->ocap = 0;
	c->rlen = 0;
	c->state = BGP_STATE_IDLE;
	if (was_established)
		peer->stats.announced = 0;
}

/*
 * After a failure: back to Idle and try again after a back-off that grows
 * with each failure (RFC 4271 8.1.1 IdleHoldTimer, "DampPeerOscillations").
 */
static void
peer_restart_later(struct bgp_peer *peer, const char *why)
{
	uint64_t wait = peer->conf->connect_retry_ms;
	unsigned i;

	if (!peer->running) {
		update_state(peer, why);
		return;
	}
	for (i = 0; i < peer->failures && wait < BGP_BACKOFF_MAX_MS; i++)
		wait *= 2;
	if (wait > BGP_BACKOFF_MAX_MS)
		wait = BGP_BACKOFF_MAX_MS;
	peer->failures++;
	loop_timer_set(peer->loop, &peer->retry, wait);
	update_state(peer, why);
}

/* A connection failed or was refused: close it; the peer may go Idle. */
static void
conn_fail(struct bgp_conn *c, const struct bgp_notify *n, const char *why)
{
	struct bgp_peer *peer = c->peer;
	bool other = peer->conn[c->outgoing ? 1 : 0].io.fd >= 0;

	if (n != NULL)
		conn_send_notification(c, n);
	else if (why != NULL)
		set_error(peer, "%s", why);
	conn_close(c);
	if (!other)
		peer_restart_later(peer, peer->last_error);
	else
		update_state(peer, peer->last_error);
}

static void
notify(struct bgp_conn *c, uint8_t code, uint8_t subcode)
{
	struct bgp_notify n;

	memset(&n, 0, sizeof(n));
	n.code = code;
	n.subcode = subcode;
	conn_fail(c, &n, NULL);
}

static void
hold_expired(struct loop_timer *t)
{
	struct bgp_conn *c = t->arg;

	log_warnx("peer %s: hold timer expired (%u s) in %s", c->peer->name,
	    c->state >= BGP_STATE_OPENCONFIRM ? c->hold_s : BGP_OPEN_HOLD_S,
	    bgp_state_name(c->state));
	notify(c, BGP_ERR_HOLD, 0);
}

static void
keepalive_due(struct loop_timer *t)
{
	struct bgp_conn *c = t->arg;

	if (conn_send_keepalive(c) != 0) {
		conn_fail(c, NULL, NULL);
		return;
	}
	loop_timer_set(c->peer->loop, &c->keepalive, c->hold_s * 1000u / 3);
}

static void
hold_restart(struct bgp_conn *c)
{
	if (c->state < BGP_STATE_OPENCONFIRM)
		loop_timer_set(c->peer->loop, &c->hold,
		    BGP_OPEN_HOLD_S * 1000u);
	else if (c->hold_s > 0)
		loop_timer_set(c->peer->loop, &c->hold, c->hold_s * 1000u);
}

static void
conn_event(struct loop_io *io, uint32_t events)
{
	struct bgp_conn *c = io->arg;
	struct bgp_peer *peer = c->peer;
	int err = 0;
	socklen_t elen = sizeof(err);

	if (c->state == BGP_STATE_CONNECT) {
		/* The non-blocking connect() finished, one way or the other. */
		getsockopt(io->fd, SOL_SOCKET, SO_ERROR, &err, &elen);
		if (err != 0) {
			set_error(peer, "connect: %s", strerror(err));
			log_debug("peer %s: connect: %s", peer->name,
			    strerror(err));
			conn_fail(c, NULL, NULL);
			return;
		}
		c->state = BGP_STATE_OPENSENT;
		loop_io_mod(peer->loop, io, EPOLLIN);
		loop_timer_stop(peer->loop, &peer->retry);
		conn_send_open(c);
		hold_restart(c);
		update_state(peer, "connected, OPEN sent");
		return;
	}
	if (events & EPOLLOUT)
		conn_flush(c);
	if (c->io.fd >= 0 && (events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		conn_input(c);
}

static void
conn_attach(struct bgp_conn *c, int fd, enum bgp_state state)
{
	struct bgp_peer *peer = c->peer;

	c->io.fd = fd;
	c->state = state;
	c->rlen = 0;
	memset(&c->remote, 0, sizeof(c->remote));
	if (loop_io_add(peer->loop, &c->io, state == BGP_STATE_CONNECT ?
	    EPOLLOUT : EPOLLIN) != 0) {
		close(fd);
		c->io.fd = -1;
		c->state = BGP_STATE_IDLE;
	}
}

static void
peer_connect(struct bgp_peer *peer)
{
	struct bgp_conn *c = &peer->conn[0];
	int fd;

	if (peer->conf->passive || c->io.fd >= 0 ||
	    peer->state >= BGP_STATE_OPENSENT)
		return;
	if ((fd = peer->ops->connect(peer)) < 0) {
		peer_restart_later(peer, peer->last_error);
		return;
	}
	conn_attach(c, fd, BGP_STATE_CONNECT);
	/* ConnectRetryTimer bounds the attempt. */
	loop_timer_set(peer->loop, &peer->retry, peer->conf->connect_retry_ms);
	update_state(peer, "connecting");
}

static void
retry_due(struct loop_timer *t)
{
	struct bgp_peer *peer = t->arg;
	struct bgp_conn *c = &peer->conn[0];

	if (!peer->running)
		return;
	if (c->io.fd >= 0 && c->state == BGP_STATE_CONNECT) {
		set_error(peer, "connect: timed out");
		conn_close(c);
	}
	if (peer->conf->passive) {
		update_state(peer, "waiting for the peer to connect");
		return;
	}
	peer_connect(peer);
}

void
bgp_peer_init(struct bgp_peer *peer, const struct conf_peer *conf,
    uint32_t local_as, uint32_t router_id, struct loop *loop,
    const struct bgp_peer_ops *ops, void *arg)
{
	int i;

	memset(peer, 0, sizeof(*peer));
	peer->conf = conf;
	peer->local_as = local_as;
	peer->router_id = router_id;
	peer->loop = loop;
	peer->ops = ops;
	peer->arg = arg;
	snprintf(peer->name, sizeof(peer->name), "%s (AS%u)", conf->name,
	    conf->remote_as);
	loop_timer_init(&peer->retry, retry_due, peer);
	for (i = 0; i < 2; i++) {
		struct bgp_conn *c = &peer->conn[i];

		c->peer = peer;
		c->outgoing = i == 0;
		c->io.fd = -1;
		c->io.cb = conn_event;
		c->io.arg = c;
		loop_timer_init(&c->hold, hold_expired, c);
		loop_timer_init(&c->keepalive, keepalive_due, c);
	}
	peer->state = BGP_STATE_IDLE;
	peer->state_since = loop_now_ms();
}

void
bgp_peer_clear(struct bgp_peer *peer)
{
	peer->running = false;
	conn_close(&peer->conn[0]);
	conn_close(&peer->conn[1]);
	loop_timer_stop(peer->loop, &peer->retry);
	free(peer->sent);
	peer->sent = NULL;
}

void
bgp_peer_start(struct bgp_peer *peer)
{
	if (peer->running)
		return;
	peer->running = true;
	peer->failures = 0;
	if (peer->conf->passive)
		update_state(peer, "waiting for the peer to connect");
	else
		peer_connect(peer);
}

void
bgp_peer_stop(struct bgp_peer *peer, uint8_t subcode, const char *text)
{
	struct bgp_notify n;
	int i;

	peer->running = false;
	loop_timer_stop(peer->loop, &peer->retry);
	bgp_notify_shutdown(&n, subcode, text);
	for (i = 0; i < 2; i++) {
		struct bgp_conn *c = &peer->conn[i];

		if (c->io.fd >= 0 && c->state >= BGP_STATE_OPENSENT)
			conn_send_notification(c, &n);
		conn_close(c);
	}
	update_state(peer, text && *text ? text : "stopped");
}

void
bgp_peer_accept(struct bgp_peer *peer, int fd)
{
	struct bgp_conn *c = &peer->conn[1];
	struct bgp_conn *out = &peer->conn[0];

	if (!peer->running || c->io.fd >= 0) {
		/* Stopped, or a second incoming one: keep what we have. */
		close(fd);
		return;
	}
	conn_attach(c, fd, BGP_STATE_OPENSENT);
	if (c->io.fd < 0)
		return;
	if (out->io.fd >= 0 && out->state >= BGP_STATE_ESTABLISHED) {
		/* RFC 4271 6.8: an Established session wins. */
		notify(c, BGP_ERR_CEASE, BGP_CEASE_COLLISION);
		return;
	}
	if (out->io.fd >= 0 && out->state == BGP_STATE_CONNECT)
		conn_close(out);	/* the peer was faster */
	loop_timer_stop(peer->loop, &peer->retry);
	conn_send_open(c);
	hold_restart(c);
	update_state(peer, "connection accepted, OPEN sent");
}

struct bgp_conn *
bgp_peer_established(struct bgp_peer *peer)
{
	int i;

	for (i = 0; i < 2; i++)
		if (peer->conn[i].io.fd >= 0 &&
		    peer->conn[i].state == BGP_STATE_ESTABLISHED)
			return &peer->conn[i];
	return NULL;
}

int
bgp_peer_send(struct bgp_peer *peer, const uint8_t *msg, size_t len)
{
	struct bgp_conn *c = bgp_peer_established(peer);
	int r;

	if (c == NULL)
		return CN_ENOENT;
	if ((r = conn_write(c, msg, len)) != 0) {
		conn_fail(c, NULL, NULL);
		return r;
	}
	/* Any message resets the peer's hold timer: keepalives may wait. */
	if (c->hold_s > 0)
		loop_timer_set(peer->loop, &c->keepalive, c->hold_s * 1000u / 3);
	return 0;
}

/*
 * RFC 4271 6.8: with OPENs seen on both connections, the one opened by
 * the side with the higher BGP Identifier stays.  Returns false when c
 * itself was closed.
 */
static bool
resolve_collision(struct bgp_conn *c)
{
	struct bgp_peer *peer = c->peer;
	struct bgp_conn *o = &peer->conn[c->outgoing ? 1 : 0];
	struct bgp_conn *loser;

	if (o->io.fd < 0 || o->state < BGP_STATE_OPENCONFIRM)
		return true;
	if (o->state == BGP_STATE_ESTABLISHED)
		loser = c;
	else
		loser = peer->router_id < c->remote.bgp_id ? &peer->conn[0] :
		    &peer->conn[1];
	log_info("peer %s: connection collision, closing the %s connection",
	    peer->name, loser->outgoing ? "outgoing" : "incoming");
	notify(loser, BGP_ERR_CEASE, BGP_CEASE_COLLISION);
	return loser != c;
}

static bool
open_acceptable(struct bgp_conn *c, const struct bgp_open *o,
    struct bgp_notify *n)
{
	struct bgp_peer *peer = c->peer;

	memset(n, 0, sizeof(*n));
	n->code = BGP_ERR_OPEN;
	if (o->as != peer->conf->remote_as) {
		n->subcode = BGP_OPEN_PEER_AS;
		set_error(peer, "OPEN from AS%u, expected AS%u", o->as,
		    peer->conf->remote_as);
		return false;
	}
	if (o->bgp_id == peer->router_id && o->as == peer->local_as) {
		/* RFC 6286 2.1: unique within an AS. */
		n->subcode = BGP_OPEN_BGPID;
		set_error(peer, "OPEN with our own BGP identifier");
		return false;
	}
	return true;
}

static void
rx_open(struct bgp_conn *c, const uint8_t *msg, size_t len)
{
	struct bgp_peer *peer = c->peer;
	struct bgp_notify n;
	struct bgp_open o;
	uint16_t hold;

	if (c->state != BGP_STATE_OPENSENT) {
		notify(c, BGP_ERR_FSM, c->state == BGP_STATE_OPENCONFIRM ?
		    BGP_FSM_OPENCONFIRM : BGP_FSM_ESTABLISHED);
		return;
	}
	if (bgp_msg_parse_open(msg, len, &o, &n) != 0) {
		conn_fail(c, &n, NULL);
		return;
	}
	if (!open_acceptable(c, &o, &n)) {
		log_warnx("peer %s: %s", peer->name, peer->last_error);
		conn_fail(c, &n, NULL);
		return;
	}
	c->remote = o;
	/* RFC 4271 4.2: the smaller of the two hold times. */
	hold = o.hold_time < peer->conf->hold_time ? o.hold_time :
	    peer->conf->hold_time;
	c->hold_s = hold;
	c->state = BGP_STATE_OPENCONFIRM;
	if (!resolve_collision(c))
		return;
	if (conn_send_keepalive(c) != 0) {
		conn_fail(c, NULL, NULL);
		return;
	}
	hold_restart(c);
	if (hold > 0)
		loop_timer_set(peer->loop, &c->keepalive, hold * 1000u / 3);
	else
		loop_timer_stop(peer->loop, &c->hold);
	update_state(peer, "OPEN received");
}

static void
become_established(struct bgp_conn *c)
{
	struct bgp_peer *peer = c->peer;
	struct bgp_conn *o = &peer->conn[c->outgoing ? 1 : 0];
	char why[128];

	c->state = BGP_STATE_ESTABLISHED;
	if (o->io.fd >= 0)
		notify(o, BGP_ERR_CEASE, BGP_CEASE_COLLISION);
	peer->failures = 0;
	peer->established_at = loop_now_ms();
	peer->stats.established++;
	peer->last_error[0] = '\0';
	snprintf(why, sizeof(why), "hold time %u s, router id %u.%u.%u.%u%s",
	    c->hold_s, c->remote.bgp_id >> 24, c->remote.bgp_id >> 16 & 255,
	    c->remote.bgp_id >> 8 & 255, c->remote.bgp_id & 255,
	    c->remote.cap_as4 ? "" : ", 2-octet AS");
	update_state(peer, why);
	peer->ops->established(peer);
}

static void
rx_notification(struct bgp_conn *c, const uint8_t *msg, size_t len)
{
	struct bgp_peer *peer = c->peer;
	char text[BGP_ERR_TEXT_MAX];
	struct bgp_notify n;

	if (bgp_msg_parse_notification(msg, len, &n) != 0)
		snprintf(text, sizeof(text), "(malformed)");
	else
		notify_text(&n, text, sizeof(text));
	set_error(peer, "received %s", text);
	log_warnx("peer %s: NOTIFICATION received: %s", peer->name, text);
	/* RFC 4271 6.4: no reply; the connection closes. */
	conn_fail(c, NULL, NULL);
}

static void
rx_update(struct bgp_conn *c, const uint8_t *msg, size_t len)
{
	struct bgp_peer *peer = c->peer;
	struct bgp_update_info u;
	struct bgp_notify n;

	if (bgp_msg_parse_update(msg, len, c->remote.cap_as4, &u, &n) != 0) {
		conn_fail(c, &n, NULL);
		return;
	}
	if (u.treat_as_withdraw) {
		peer->stats.treat_as_withdraw++;
		log_debug("peer %s: UPDATE with a malformed attribute %u "
		    "treated as withdraw (RFC 7606)", peer->name, u.bad_attr);
	}
	peer->stats.prefixes_received += u.announced;
	peer->stats.prefixes_withdrawn += u.withdrawn;
}

static void
rx_route_refresh(struct bgp_conn *c, const uint8_t *msg, size_t len)
{
	struct bgp_notify n;
	uint16_t afi;
	uint8_t safi;

	if (bgp_msg_parse_route_refresh(msg, len, &afi, &safi, &n) != 0) {
		conn_fail(c, &n, NULL);
		return;
	}
	/* RFC 2918 4: ignore families that were not negotiated. */
	if (safi == BGP_SAFI_UNICAST &&
	    (afi == BGP_AFI_IPV4 || afi == BGP_AFI_IPV6))
		c->peer->ops->refresh(c->peer, afi);
}

/* One framed message, in the connection's state. */
static void
conn_message(struct bgp_conn *c, uint8_t type, const uint8_t *msg,
    size_t len)
{
	struct bgp_notify n;

	c->peer->stats.msgs_in[type]++;
	if (type == BGP_NOTIFICATION) {
		rx_notification(c, msg, len);
		return;
	}
	if (type == BGP_OPEN) {
		rx_open(c, msg, len);
		return;
	}
	if (c->state == BGP_STATE_OPENSENT) {
		notify(c, BGP_ERR_FSM, BGP_FSM_OPENSENT);
		return;
	}
	hold_restart(c);
	if (type == BGP_KEEPALIVE) {
		if (bgp_msg_parse_keepalive(msg, len, &n) != 0)
			conn_fail(c, &n, NULL);
		else if (c->state == BGP_STATE_OPENCONFIRM)
			become_established(c);
		return;
	}
	if (c->state == BGP_STATE_OPENCONFIRM) {
		notify(c, BGP_ERR_FSM, BGP_FSM_OPENCONFIRM);
		return;
	}
	if (type == BGP_UPDATE)
		rx_update(c, msg, len);
	else
		rx_route_refresh(c, msg, len);
}

/* Reads what is there and handles every whole message in it. */
static void
conn_input(struct bgp_conn *c)
{
	struct bgp_notify n;
	size_t off = 0;
	uint16_t mlen;
	uint8_t type;
	ssize_t r;

	r = recv(c->io.fd, c->rbuf + c->rlen, sizeof(c->rbuf) - c->rlen, 0);
	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (r <= 0) {
		conn_fail(c, NULL, r == 0 ? "connection closed by the peer" :
		    strerror(errno));
		return;
	}
	c->rlen += (size_t)r;
	while (c->io.fd >= 0 && c->rlen - off >= BGP_HDR_LEN) {
		if (bgp_msg_parse_header(c->rbuf + off, c->rlen - off, &type,
		    &mlen, &n) != 0) {
			conn_fail(c, &n, NULL);
			return;
		}
		if (c->rlen - off < mlen)
			break;
		conn_message(c, type, c->rbuf + off, mlen);
		off += mlen;
	}
	if (c->io.fd < 0)
		return;
	memmove(c->rbuf, c->rbuf + off, c->rlen - off);
	c->rlen -= off;
}
