/* SPDX-License-Identifier: MIT */
/*
 * tcp.c -- DNS over TCP in a worker, per RFC 7766.
 *
 * Connections are non-blocking and live in a fixed table of
 * tcp-max-clients slots (per worker) kept in least-recently-active order.
 * Input is framed by the 2-octet length (RFC 1035 4.2.2); pipelined
 * queries are answered in arrival order into a per-connection output
 * buffer bounded by SERVER_TCP_OUT_MAX.  A client that does not read its
 * answers stops being read (backpressure) instead of growing memory, and
 * nothing ever blocks on it: every write is non-blocking and the rest waits
 * for EPOLLOUT.  A connection without progress for tcp-idle-timeout is
 * closed (RFC 7766 6.2.3); when the table is full the least recently
 * active connection makes room for the new one.
 *
 * An allowed AXFR or IXFR becomes a transfer cursor on its connection
 * (xfrout.h) holding a reference on the zone, not the RCU read lock: its
 * messages are written a few at a time, whenever the output buffer has
 * room, so the worker's other clients are served in between.  Queries
 * that arrive meanwhile wait until the transfer is over.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>
#include <urcu/urcu-memb.h>

#include "../common/mem.h"
#include "../dns/xfrout.h"
#include "worker.h"

#define ACCEPT_ROUNDS	64

void
tcp_init(struct worker *w)
{
	uint32_t i;

	w->tcp_resp = xmalloc(DNS_MSG_MAX);
	w->xfr_req = xcalloc(1, sizeof(*w->xfr_req));
	w->conns = xcalloc(w->nconns_max, sizeof(*w->conns));
	for (i = w->nconns_max; i > 0; i--) {
		w->conns[i - 1].fd = -1;
		w->conns[i - 1].free_next = w->free_list;
		w->free_list = &w->conns[i - 1];
	}
}

static void
lru_unlink(struct worker *w, struct tcp_conn *c)
{
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		w->lru_head = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	else
		w->lru_tail = c->prev;
	c->prev = c->next = NULL;
}

static void
lru_append(struct worker *w, struct tcp_conn *c)
{
	c->prev = w->lru_tail;
	c->next = NULL;
	if (w->lru_tail != NULL)
		w->lru_tail->next = c;
	else
		w->lru_head = c;
	w->lru_tail = c;
}

static void
touch(struct worker *w, struct tcp_conn *c)
{
	c->last = worker_now_ms();
	if (w->lru_tail != c) {
		lru_unlink(w, c);
		lru_append(w, c);
	}
}

static void
xfr_end(struct tcp_conn *c, bool complete)
{
	server_log_xfr_end((const struct sockaddr *)&c->peer, c->xfr, complete,
	    worker_now_ms() - c->xfr_t0);
	dns_xfrout_free(c->xfr);
	c->xfr = NULL;
}

static void
conn_close(struct worker *w, struct tcp_conn *c)
{
	if (c->xfr != NULL)
		xfr_end(c, false);
	lru_unlink(w, c);
	close(c->fd);
	c->fd = -1;
	c->used = false;
	c->gen++;
	/* Small buffers are kept for the slot's next connection. */
	if (c->in_cap > TCP_IN_INITIAL) {
		free(c->in);
		c->in = NULL;
		c->in_cap = 0;
	}
	if (c->out_cap > 4 * TCP_IN_INITIAL) {
		free(c->out);
		c->out = NULL;
		c->out_cap = 0;
	}
	c->in_len = c->out_off = c->out_len = 0;
	c->free_next = w->free_list;
	w->free_list = c;
	w->nconns--;
}

static uint32_t
conn_idx(const struct worker *w, const struct tcp_conn *c)
{
	return (uint32_t)(c - w->conns);
}

/* Registers the events the connection's state calls for. */
static int
conn_update(struct worker *w, struct tcp_conn *c, bool want_in,
    bool want_out)
{
	struct epoll_event ev;

	if (want_in == c->reading && want_out == c->writing)
		return 0;
	memset(&ev, 0, sizeof(ev));
	ev.events = (want_in ? EPOLLIN : 0) | (want_out ? EPOLLOUT : 0);
	ev.data.u64 = EV_TAG(EV_TCP_CONN, c->gen, conn_idx(w, c));
	if (epoll_ctl(w->epfd, EPOLL_CTL_MOD, c->fd, &ev) != 0)
		return -1;
	c->reading = want_in;
	c->writing = want_out;
	return 0;
}

void
tcp_accept(struct worker *w, size_t li)
{
	struct sockaddr_storage ss;
	struct epoll_event ev;
	struct tcp_conn *c;
	socklen_t sslen;
	int fd, one = 1, round;

	for (round = 0; round < ACCEPT_ROUNDS; round++) {
		sslen = sizeof(ss);
		fd = accept4(w->tcp[li], (struct sockaddr *)&ss, &sslen,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			/*
			 * Out of descriptors: the pending connection would
			 * keep the listener readable and spin; the least
			 * recently active connection makes room.
			 */
			if ((errno == EMFILE || errno == ENFILE) &&
			    w->lru_head != NULL) {
				w->tstats.closed_full++;
				conn_close(w, w->lru_head);
				continue;
			}
			return;	/* EAGAIN, or an error to retry later */
		}
		if (w->free_list == NULL) {
			/* Full: the least recently active client goes. */
			w->tstats.closed_full++;
			conn_close(w, w->lru_head);
		}
		c = w->free_list;
		w->free_list = c->free_next;
		c->free_next = NULL;
		c->fd = fd;
		c->used = true;
		c->eof = false;
		c->reading = true;
		c->writing = false;
		c->in_len = c->out_off = c->out_len = 0;
		memcpy(&c->peer, &ss, sizeof(ss));
		c->peerlen = sslen;
		(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
		    sizeof(one));
		memset(&ev, 0, sizeof(ev));
		ev.events = EPOLLIN;
		ev.data.u64 = EV_TAG(EV_TCP_CONN, c->gen, conn_idx(w, c));
		w->nconns++;
		c->last = worker_now_ms();
		lru_append(w, c);
		if (epoll_ctl(w->epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
			conn_close(w, c);
			continue;
		}
		w->tstats.accepted++;
	}
}

/* Writes what is buffered; false if the connection must go. */
static bool
flush(struct worker *w, struct tcp_conn *c)
{
	ssize_t n;

	while (c->out_off < c->out_len) {
		n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off,
		    MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n > 0) {
			c->out_off += (size_t)n;
			touch(w, c);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return true;
		return false;
	}
	c->out_off = c->out_len = 0;
	return true;
}

static size_t
pending(const struct tcp_conn *c)
{
	return c->out_len - c->out_off;
}

static bool
has_complete(const struct tcp_conn *c)
{
	return c->in_len >= 2 &&
	    c->in_len >= 2 + ((size_t)c->in[0] << 8 | c->in[1]);
}

/* Appends one framed response to the output buffer (room was checked). */
static void
queue(struct tcp_conn *c, const uint8_t *msg, size_t len)
{
	size_t need;

	if (c->out_off > 0 && c->out_off == c->out_len)
		c->out_off = c->out_len = 0;
	if (c->out_off > 0 && c->out_len + len + 2 > c->out_cap) {
		memmove(c->out, c->out + c->out_off, pending(c));
		c->out_len -= c->out_off;
		c->out_off = 0;
	}
	need = c->out_len + len + 2;
	if (need > c->out_cap) {
		c->out_cap = c->out_cap ? c->out_cap : 4 * TCP_IN_INITIAL;
		while (c->out_cap < need)
			c->out_cap *= 2;
		c->out = xrealloc(c->out, c->out_cap);
	}
	c->out[c->out_len] = (uint8_t)(len >> 8);
	c->out[c->out_len + 1] = (uint8_t)len;
	memcpy(c->out + c->out_len + 2, msg, len);
	c->out_len += len + 2;
}

/* Queues the transfer's next messages while the output has room. */
static void
xfr_fill(struct worker *w, struct tcp_conn *c)
{
	uint64_t now = (uint64_t)time(NULL);
	size_t len;

	while (c->xfr != NULL &&
	    pending(c) + DNS_MSG_MAX + 2 <= SERVER_TCP_OUT_MAX) {
		len = dns_xfrout_next(c->xfr, w->tcp_resp, DNS_MSG_MAX, now);
		if (len == 0) {
			xfr_end(c, dns_xfrout_complete(c->xfr));
			break;
		}
		worker_hist_add(&w->size[SERVER_TCP], server_size_bounds,
		    SERVER_SIZE_BOUNDS, len);
		queue(c, w->tcp_resp, len);
	}
}

/*
 * Answers every complete query in the input buffer, in order, while the
 * output has room for one more maximal response.  Returns false on a
 * framing error (a zero length cannot be a DNS message).
 */
static bool
answer_queued(struct worker *w, struct tcp_conn *c)
{
	const struct server_snapshot *snap;
	struct dns_client client;
	size_t off = 0, mlen, len;
	struct dns_stats *st = &w->stats[SERVER_TCP][worker_family(&c->peer)];
	uint64_t t0;
	bool ok = true;

	if (c->xfr != NULL) {
		xfr_fill(w, c);
		if (c->xfr != NULL)
			return true;	/* queries wait for its end */
	}
	client.addr = (const struct sockaddr *)&c->peer;
	client.addrlen = c->peerlen;
	client.tcp = true;
	urcu_memb_read_lock();
	snap = rcu_dereference(w->srv->snap);
	st->zone_queries = worker_zone_row(w, snap);
	st->geo_answers = worker_geo_row(w, snap);
	while (c->in_len - off >= 2 &&
	    pending(c) + DNS_MSG_MAX + 2 <= SERVER_TCP_OUT_MAX) {
		mlen = (size_t)c->in[off] << 8 | c->in[off + 1];
		if (mlen == 0) {
			ok = false;
			break;
		}
		if (c->in_len - off < 2 + mlen)
			break;
		t0 = worker_now_ns();
		len = dns_answer_xfr(snap->db, &snap->aconf, &client,
		    c->in + off + 2, mlen, w->tcp_resp, DNS_MSG_MAX, st,
		    w->xfr_req);
		worker_hist_add(&w->latency[SERVER_TCP], server_latency_bounds,
		    SERVER_LATENCY_BOUNDS, worker_now_ns() - t0);
		if (len > 0) {
			worker_hist_add(&w->size[SERVER_TCP],
			    server_size_bounds, SERVER_SIZE_BOUNDS, len);
			queue(c, w->tcp_resp, len);
		}
		off += 2 + mlen;
		if (w->xfr_req->start) {
			/* Its own reference: the zone outlives this lock. */
			c->xfr = dns_xfrout_new(w->xfr_req);
			w->xfr_req->start = false;
			c->xfr_t0 = worker_now_ms();
			explicit_bzero(&w->xfr_req->tsig,
			    sizeof(w->xfr_req->tsig));
			break;
		}
	}
	urcu_memb_read_unlock();
	if (off > 0) {
		memmove(c->in, c->in + off, c->in_len - off);
		c->in_len -= off;
	}
	if (c->xfr != NULL)
		xfr_fill(w, c);
	return ok;
}

/* Reads once; false when the connection must go (error, framing). */
static bool
read_some(struct worker *w, struct tcp_conn *c)
{
	size_t want;
	ssize_t n;

	if (c->in_cap == 0) {
		c->in = xmalloc(TCP_IN_INITIAL);
		c->in_cap = TCP_IN_INITIAL;
	}
	/* A message longer than the buffer makes it grow to fit once. */
	if (c->in_len >= 2) {
		want = 2 + ((size_t)c->in[0] << 8 | c->in[1]);
		if (want > c->in_cap) {
			c->in = xrealloc(c->in, want);
			c->in_cap = want;
		}
	}
	if (c->in_len == c->in_cap)
		return true;	/* full of queries waiting for output room */
	n = recv(c->fd, c->in + c->in_len, c->in_cap - c->in_len,
	    MSG_DONTWAIT);
	if (n > 0) {
		c->in_len += (size_t)n;
		touch(w, c);
		return true;
	}
	if (n == 0) {
		c->eof = true;
		return true;
	}
	return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
}

void
tcp_event(struct worker *w, uint32_t idx, uint32_t gen, uint32_t events)
{
	struct tcp_conn *c;
	int round;
	bool room;

	if (idx >= w->nconns_max)
		return;
	c = &w->conns[idx];
	if (!c->used || (c->gen & 0xffffff) != gen)
		return;	/* closed earlier in this batch */
	if ((events & (EPOLLERR | EPOLLHUP)) && !(events & EPOLLIN))
		goto close;
	if (events & EPOLLOUT) {
		if (!flush(w, c))
			goto close;
	}
	if ((events & EPOLLIN) && !c->eof) {
		if (!read_some(w, c))
			goto close;
	}
	/* Answer, write, and go on while the client keeps up. */
	for (round = 0; round < 4; round++) {
		if (!answer_queued(w, c)) {
			w->tstats.closed_bad++;
			goto close;
		}
		if (pending(c) > 0 && !flush(w, c))
			goto close;
		if (pending(c) > 0 || (!has_complete(c) && c->xfr == NULL))
			break;
	}
	/* Once the client has said all and we have answered all, close. */
	if (c->eof && pending(c) == 0 && !has_complete(c) && c->xfr == NULL)
		goto close;
	room = pending(c) + DNS_MSG_MAX + 2 <= SERVER_TCP_OUT_MAX;
	/* A transfer with all sent so far asks for EPOLLOUT to go on. */
	if (conn_update(w, c, !c->eof && room, pending(c) > 0 ||
	    c->xfr != NULL || (room && has_complete(c))) != 0)
		goto close;
	return;
close:
	conn_close(w, c);
}

int
tcp_sweep(struct worker *w)
{
	uint64_t now;
	struct tcp_conn *c;

	if (w->lru_head == NULL)
		return -1;
	now = worker_now_ms();
	while ((c = w->lru_head) != NULL && now - c->last >= w->idle_ms) {
		w->tstats.closed_idle++;
		conn_close(w, c);
	}
	if (c == NULL)
		return -1;
	return (int)(c->last + w->idle_ms - now) + 1;
}

void
tcp_close_all(struct worker *w)
{
	while (w->lru_head != NULL)
		conn_close(w, w->lru_head);
	for (uint32_t i = 0; i < w->nconns_max; i++) {
		free(w->conns[i].in);
		free(w->conns[i].out);
		w->conns[i].in = w->conns[i].out = NULL;
		w->conns[i].in_cap = w->conns[i].out_cap = 0;
	}
}
