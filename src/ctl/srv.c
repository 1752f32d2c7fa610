/* SPDX-License-Identifier: MIT */
/*
 * srv.c -- the one-request, one-reply connection server of srv.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../common/log.h"
#include "../common/mem.h"
#include "srv.h"

struct ctl_conn {
	struct ctl_srv		*srv;
	struct loop_io		 io;
	struct loop_timer	 timer;
	char			*in;
	size_t			 in_len;
	bool			 replying;	/* request handed over */
	struct ctl_buf		 out;
	size_t			 out_off;
	bool			 have_cred;
	struct ucred		 cred;
	void			*data;
	struct ctl_conn		*next;
};

struct ctl_srv {
	struct loop		*loop;
	struct loop_io		 io;
	size_t			 req_max;
	uint32_t		 timeout_ms;
	unsigned		 max_conns, nconns;
	const struct ctl_srv_ops *ops;
	void			*arg;
	struct ctl_conn		*conns;
};

static void
conn_close(struct ctl_conn *c, bool tell)
{
	struct ctl_srv *s = c->srv;
	struct ctl_conn **pp;
	char junk[4096];
	int i;

	if (tell && c->replying && s->ops->gone != NULL)
		s->ops->gone(s->arg, c);
	for (pp = &s->conns; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	s->nconns--;
	loop_timer_stop(s->loop, &c->timer);
	loop_io_del(s->loop, &c->io);
	/*
	 * Unread input would make close() send a reset that can overtake
	 * the reply (a request too long): read what is there first.
	 */
	for (i = 0; i < 16 && recv(c->io.fd, junk, sizeof(junk),
	    MSG_DONTWAIT) > 0; i++)
		;
	close(c->io.fd);
	ctl_buf_clear(&c->out);
	free(c->in);
	free(c);
}

static void
conn_timeout(struct loop_timer *t)
{
	conn_close(t->arg, true);
}

/* Writes what it can; closes once all is out or the peer is gone. */
static void
conn_write(struct ctl_conn *c)
{
	ssize_t n;

	while (c->out_off < c->out.len) {
		n = send(c->io.fd, c->out.data + c->out_off,
		    c->out.len - c->out_off, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n > 0) {
			c->out_off += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			(void)loop_io_mod(c->srv->loop, &c->io, EPOLLOUT);
			return;
		}
		break;
	}
	conn_close(c, false);
}

static void
conn_read(struct ctl_conn *c)
{
	struct ctl_srv *s = c->srv;
	size_t len;
	ssize_t n;

	for (;;) {
		n = recv(c->io.fd, c->in + c->in_len, s->req_max - c->in_len,
		    MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n < 0) {
			conn_close(c, false);
			return;
		}
		if (n == 0) {
			/* The client shut its side: what came is all. */
			c->replying = true;
			s->ops->request(s->arg, c, c->in, c->in_len, true,
			    false);
			return;
		}
		c->in_len += (size_t)n;
		if ((len = s->ops->complete(c->in, c->in_len)) > 0) {
			c->replying = true;
			s->ops->request(s->arg, c, c->in, len, false, false);
			return;
		}
		if (c->in_len == s->req_max) {
			c->replying = true;
			s->ops->request(s->arg, c, c->in, c->in_len, false,
			    true);
			return;
		}
	}
}

static void
conn_event(struct loop_io *io, uint32_t events)
{
	struct ctl_conn *c = io->arg;

	if (c->out.len > 0) {
		conn_write(c);
		return;
	}
	if (c->replying) {
		/* Waiting for our reply: a hang-up ends the wait. */
		if (events & (EPOLLHUP | EPOLLERR | EPOLLRDHUP)) {
			conn_close(c, true);
			return;
		}
		/* Anything more the client sends is not read. */
		(void)loop_io_mod(c->srv->loop, &c->io, EPOLLRDHUP);
		return;
	}
	conn_read(c);
}

static void
srv_accept(struct loop_io *io, uint32_t events)
{
	struct ctl_srv *s = io->arg;
	struct ctl_conn *c;
	socklen_t len;
	int fd;

	(void)events;
	for (;;) {
		fd = accept4(s->io.fd, NULL, NULL, SOCK_NONBLOCK |
		    SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_warn("control: accept");
			return;
		}
		if (s->nconns >= s->max_conns) {
			/* Busy: the client sees its connection closed. */
			log_debug("control: %u connections, refusing one",
			    s->nconns);
			close(fd);
			continue;
		}
		c = xcalloc(1, sizeof(*c));
		c->srv = s;
		c->in = xmalloc(s->req_max);
		c->io.fd = fd;
		c->io.cb = conn_event;
		c->io.arg = c;
		len = sizeof(c->cred);
		c->have_cred = getsockopt(fd, SOL_SOCKET, SO_PEERCRED,
		    &c->cred, &len) == 0 && len == sizeof(c->cred) &&
		    c->cred.pid != 0;
		ctl_buf_init(&c->out);
		if (loop_io_add(s->loop, &c->io, EPOLLIN | EPOLLRDHUP) != 0) {
			log_warn("control: epoll");
			close(fd);
			free(c->in);
			free(c);
			continue;
		}
		loop_timer_init(&c->timer, conn_timeout, c);
		loop_timer_set(s->loop, &c->timer, s->timeout_ms);
		c->next = s->conns;
		s->conns = c;
		s->nconns++;
	}
}

struct ctl_srv *
ctl_srv_new(struct loop *loop, int fd, size_t req_max, uint32_t timeout_ms,
    unsigned max_conns, const struct ctl_srv_ops *ops, void *arg)
{
	struct ctl_srv *s = xcalloc(1, sizeof(*s));

	s->loop = loop;
	s->req_max = req_max;
	s->timeout_ms = timeout_ms;
	s->max_conns = max_conns;
	s->ops = ops;
	s->arg = arg;
	s->io.fd = fd;
	s->io.cb = srv_accept;
	s->io.arg = s;
	if (loop_io_add(loop, &s->io, EPOLLIN) != 0)
		log_warn("control: epoll");
	return s;
}

void
ctl_srv_free(struct ctl_srv *s)
{
	if (s == NULL)
		return;
	while (s->conns != NULL)
		conn_close(s->conns, true);
	loop_io_del(s->loop, &s->io);
	close(s->io.fd);
	free(s);
}

void
ctl_conn_reply(struct ctl_conn *c, struct ctl_buf *out)
{
	ctl_buf_clear(&c->out);
	c->out = *out;
	ctl_buf_init(out);
	c->out_off = 0;
	if (c->out.len == 0) {
		conn_close(c, false);
		return;
	}
	/* The reply gets the usual time to drain. */
	loop_timer_set(c->srv->loop, &c->timer, c->srv->timeout_ms);
	conn_write(c);
}

void
ctl_conn_timeout(struct ctl_conn *c, uint32_t ms)
{
	loop_timer_set(c->srv->loop, &c->timer, ms);
}

bool
ctl_conn_cred(const struct ctl_conn *c, pid_t *pid, uid_t *uid)
{
	if (!c->have_cred)
		return false;
	*pid = c->cred.pid;
	*uid = c->cred.uid;
	return true;
}

void
ctl_conn_set_data(struct ctl_conn *c, void *data)
{
	c->data = data;
}

void *
ctl_conn_data(const struct ctl_conn *c)
{
	return c->data;
}
