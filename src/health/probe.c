/* SPDX-License-Identifier: MIT */
/*
 * probe.c -- starting, timing out and ending probes; the tcp, http and
 * file probes; the socket helpers the dns probe shares.
 *
 * tcp: a non-blocking connect, healthy once it completes.  http: the same,
 * then "GET path HTTP/1.0" with a Host header, healthy when the status
 * line carries the expected code.  file: stat() of the path, healthy when
 * it does not exist (its presence means disabled by hand).  Every probe
 * has its own timeout timer; a result found at start is delivered from a
 * 0 ms timer so the caller never sees done() inside probe_start().
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include "../common/mem.h"
#include "probe_int.h"

uint64_t
probe_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

const char *
probe_elapsed(const struct probe *p, char *buf, size_t len)
{
	snprintf(buf, len, "%.1f ms", (double)(probe_now_us() - p->start_us) /
	    1000);
	return buf;
}

static void
release(struct probe *p)
{
	if (p->io_added)
		loop_io_del(p->loop, &p->io);
	if (p->io.fd >= 0)
		close(p->io.fd);
	loop_timer_stop(p->loop, &p->timeout);
	loop_timer_stop(p->loop, &p->kick);
	probe_exec_stop(p);
	probe_dns_stop(p);
	free(p->out);
	free(p->in);
	free(p->expect_answer);
	free(p);
}

static void
finishv(struct probe *p, bool ok, const char *fmt, va_list ap)
{
	struct probe_result r;
	uint64_t us = probe_now_us() - p->start_us;

	memset(&r, 0, sizeof(r));
	r.ok = ok;
	r.latency_us = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
	vsnprintf(r.text, sizeof(r.text), fmt, ap);
	p->done(p->arg, &r);
	release(p);
}

void
probe_finish(struct probe *p, bool ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	finishv(p, ok, fmt, ap);
	va_end(ap);
}

static void
kick_fire(struct loop_timer *t)
{
	struct probe *p = t->arg;

	probe_finish(p, p->res.ok, "%s", p->res.text);
}

void
probe_later(struct probe *p, bool ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->res.text, sizeof(p->res.text), fmt, ap);
	va_end(ap);
	p->res.ok = ok;
	loop_timer_set(p->loop, &p->kick, 0);
}

static void
timeout_fire(struct loop_timer *t)
{
	struct probe *p = t->arg;

	if (p->type == CONF_CHECK_EXEC) {
		probe_exec_stop(p);
		probe_finish(p, false, "timeout after %u ms (killed)",
		    (unsigned)p->timeout_ms);
		return;
	}
	probe_finish(p, false, "timeout after %u ms",
	    (unsigned)p->timeout_ms);
}

int
probe_connect(struct probe *p, int type,
    void (*cb)(struct loop_io *, uint32_t))
{
	struct sockaddr_storage src;
	socklen_t srclen;
	int fd, r;

	fd = socket(p->ss.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	p->io.fd = fd;
	/* Rule 2 of DESIGN.md: a unicast source when one is configured. */
	if (p->source.af != 0) {
		srclen = conf_addr_sockaddr(&p->source, 0, &src);
		if (bind(fd, (struct sockaddr *)&src, srclen) < 0)
			return -errno;
	}
	if (connect(fd, (struct sockaddr *)&p->ss, p->sslen) < 0 &&
	    errno != EINPROGRESS)
		return -errno;
	p->io.cb = cb;
	p->io.arg = p;
	if ((r = loop_io_add(p->loop, &p->io, EPOLLOUT)) != 0)
		return r;
	p->io_added = true;
	return 0;
}

bool
probe_send_step(struct probe *p, const char *what)
{
	const char *e;
	char el[32];
	ssize_t n;

	if (p->step == 0) {
		if ((e = probe_sock_error(p)) != NULL) {
			probe_finish(p, false, "%s: %s after %s", what, e,
			    probe_elapsed(p, el, sizeof(el)));
			return false;
		}
		p->step = 1;
	}
	if (p->step == 1) {
		n = send(p->io.fd, p->out + p->outoff, p->outlen - p->outoff,
		    MSG_NOSIGNAL);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return false;
		if (n < 0) {
			probe_finish(p, false, "send: %s", strerror(errno));
			return false;
		}
		p->outoff += (size_t)n;
		if (p->outoff < p->outlen)
			return false;
		p->step = 2;
		loop_io_mod(p->loop, &p->io, EPOLLIN);
		return false;
	}
	return true;
}

const char *
probe_sock_error(struct probe *p)
{
	socklen_t len = sizeof(int);
	int err = 0;

	if (getsockopt(p->io.fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	return err != 0 ? strerror(err) : NULL;
}

/* --- tcp ---------------------------------------------------------------- */

static void
tcp_cb(struct loop_io *io, uint32_t events)
{
	struct probe *p = io->arg;
	const char *e;
	char el[32];

	(void)events;
	if ((e = probe_sock_error(p)) != NULL)
		probe_finish(p, false, "connect: %s after %s", e,
		    probe_elapsed(p, el, sizeof(el)));
	else
		probe_finish(p, true, "connected in %s",
		    probe_elapsed(p, el, sizeof(el)));
}

/* --- http --------------------------------------------------------------- */

/* "HTTP/1.x NNN ...": the status code, or -1. */
static int
http_status(const uint8_t *b, size_t n)
{
	if (n < 12 || memcmp(b, "HTTP/1.", 7) != 0 || b[8] != ' ' ||
	    b[9] < '1' || b[9] > '5' || b[10] < '0' || b[10] > '9' ||
	    b[11] < '0' || b[11] > '9' || (n > 12 && b[12] != ' ' &&
	    b[12] != '\r' && b[12] != '\n'))
		return -1;
	return (b[9] - '0') * 100 + (b[10] - '0') * 10 + (b[11] - '0');
}

static void
http_cb(struct loop_io *io, uint32_t events)
{
	struct probe *p = io->arg;
	char el[32];
	ssize_t n;
	int st;

	(void)events;
	if (!probe_send_step(p, "connect"))
		return;
	n = recv(p->io.fd, p->in + p->inlen, p->incap - p->inlen, 0);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) {
		probe_finish(p, false, "recv: %s", strerror(errno));
		return;
	}
	p->inlen += (size_t)n;
	if (n > 0 && p->inlen < p->incap &&
	    memchr(p->in, '\n', p->inlen) == NULL)
		return;
	if ((st = http_status(p->in, p->inlen)) < 0) {
		probe_finish(p, false, "%s after %s", p->inlen == 0 ?
		    "connection closed without a reply" : "not an HTTP/1 "
		    "status line", probe_elapsed(p, el, sizeof(el)));
		return;
	}
	if (st != p->status)
		probe_finish(p, false, "HTTP %d (expected %u) in %s", st,
		    (unsigned)p->status, probe_elapsed(p, el, sizeof(el)));
	else
		probe_finish(p, true, "HTTP %d in %s", st,
		    probe_elapsed(p, el, sizeof(el)));
}

static void
http_start(struct probe *p, const struct conf_check *c)
{
	int n;

	p->out = xmalloc(strlen(c->url_path) + strlen(c->url_host) + 128);
	n = sprintf((char *)p->out, "GET %s HTTP/1.0\r\nHost: %s\r\n"
	    "User-Agent: castnsd-health\r\nConnection: close\r\n\r\n",
	    c->url_path, c->url_host);
	p->outlen = (size_t)n;
	p->incap = PROBE_HTTP_MAX;
	p->in = xmalloc(p->incap);
	p->status = c->expect_status;
}

/* --- file --------------------------------------------------------------- */

static void
file_start(struct probe *p, const struct conf_check *c)
{
	struct stat st;

	if (stat(c->path, &st) == 0)
		probe_later(p, false, "%s exists (disabled by hand)", c->path);
	else if (errno == ENOENT || errno == ENOTDIR)
		probe_later(p, true, "%s absent", c->path);
	else
		probe_later(p, false, "stat %s: %s", c->path,
		    strerror(errno));
}

/* --- start and cancel ---------------------------------------------------- */

struct probe *
probe_start(struct loop *loop, const struct conf_check *c,
    probe_done_fn done, void *arg)
{
	return probe_start_at(loop, c, &c->target, done, arg);
}

struct probe *
probe_start_at(struct loop *loop, const struct conf_check *c,
    const struct conf_listen *target, probe_done_fn done, void *arg)
{
	struct probe *p = xcalloc(1, sizeof(*p));
	int r = 0;

	p->loop = loop;
	p->type = c->type;
	p->done = done;
	p->arg = arg;
	p->io.fd = -1;
	p->timeout_ms = c->timeout_ms;
	p->start_us = probe_now_us();
	loop_timer_init(&p->timeout, timeout_fire, p);
	loop_timer_init(&p->kick, kick_fire, p);
	loop_timer_set(loop, &p->timeout, c->timeout_ms);
	memcpy(&p->ss, &target->ss, sizeof(p->ss));
	p->sslen = target->sslen;
	p->source = c->source;
	switch (c->type) {
	case CONF_CHECK_DNS:
		if (c->ntargets > 0 && target == &c->target)
			probe_dns_start_all(p, c);
		else
			probe_dns_start(p, c);
		break;
	case CONF_CHECK_TCP:
		r = probe_connect(p, SOCK_STREAM, tcp_cb);
		break;
	case CONF_CHECK_HTTP:
		http_start(p, c);
		r = probe_connect(p, SOCK_STREAM, http_cb);
		break;
	case CONF_CHECK_EXEC:
		probe_exec_start(p, c);
		break;
	case CONF_CHECK_FILE:
		file_start(p, c);
		break;
	}
	if (r != 0)
		probe_later(p, false, "connect: %s", strerror(-r));
	return p;
}

void
probe_cancel(struct probe *p)
{
	if (p != NULL)
		release(p);
}
