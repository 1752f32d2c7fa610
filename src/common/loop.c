/* SPDX-License-Identifier: MIT */
/*
 * loop.c -- epoll and a list of one-shot monotonic timers.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "loop.h"
#include "mem.h"

#define LOOP_EVENTS	64

struct loop {
	int			 epfd;
	bool			 stop;
	struct loop_timer	*timers;	/* armed, unordered */
	/* The batch being dispatched: loop_io_del() forgets its events. */
	struct epoll_event	 ev[LOOP_EVENTS];
	int			 nev;
};

struct loop *
loop_new(void)
{
	struct loop *loop = xcalloc(1, sizeof(*loop));

	if ((loop->epfd = epoll_create1(EPOLL_CLOEXEC)) < 0) {
		free(loop);
		return NULL;
	}
	return loop;
}

void
loop_free(struct loop *loop)
{
	if (loop == NULL)
		return;
	close(loop->epfd);
	free(loop);
}

uint64_t
loop_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int
io_ctl(struct loop *loop, int op, struct loop_io *io, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = io };

	return epoll_ctl(loop->epfd, op, io->fd, &ev) == 0 ? 0 : -errno;
}

int
loop_io_add(struct loop *loop, struct loop_io *io, uint32_t events)
{
	return io_ctl(loop, EPOLL_CTL_ADD, io, events);
}

int
loop_io_mod(struct loop *loop, struct loop_io *io, uint32_t events)
{
	return io_ctl(loop, EPOLL_CTL_MOD, io, events);
}

void
loop_io_del(struct loop *loop, struct loop_io *io)
{
	int i;

	epoll_ctl(loop->epfd, EPOLL_CTL_DEL, io->fd, NULL);
	for (i = 0; i < loop->nev; i++)
		if (loop->ev[i].data.ptr == io)
			loop->ev[i].data.ptr = NULL;
}

void
loop_timer_init(struct loop_timer *t, void (*cb)(struct loop_timer *),
    void *arg)
{
	t->deadline = 0;
	t->armed = false;
	t->cb = cb;
	t->arg = arg;
	t->next = NULL;
}

void
loop_timer_stop(struct loop *loop, struct loop_timer *t)
{
	struct loop_timer **pp;

	if (!t->armed)
		return;
	for (pp = &loop->timers; *pp != NULL; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	t->armed = false;
	t->next = NULL;
}

void
loop_timer_set(struct loop *loop, struct loop_timer *t, uint64_t ms)
{
	loop_timer_stop(loop, t);
	t->deadline = loop_now_ms() + ms;
	t->armed = true;
	t->next = loop->timers;
	loop->timers = t;
}

/* Milliseconds until the earliest deadline, -1 with none armed. */
static int
next_timeout(const struct loop *loop, uint64_t now)
{
	const struct loop_timer *t;
	uint64_t first = UINT64_MAX;

	for (t = loop->timers; t != NULL; t = t->next)
		if (t->deadline < first)
			first = t->deadline;
	if (first == UINT64_MAX)
		return -1;
	return first <= now ? 0 : (int)(first - now > 60000 ? 60000 :
	    first - now);
}

/* Fires one due timer at a time: a callback may stop or arm any timer. */
static void
run_timers(struct loop *loop)
{
	struct loop_timer *t;
	uint64_t now = loop_now_ms();

	for (;;) {
		for (t = loop->timers; t != NULL; t = t->next)
			if (t->deadline <= now)
				break;
		if (t == NULL || loop->stop)
			return;
		loop_timer_stop(loop, t);
		t->cb(t);
	}
}

int
loop_run(struct loop *loop)
{
	int i, n;

	loop->stop = false;
	while (!loop->stop) {
		n = epoll_wait(loop->epfd, loop->ev, LOOP_EVENTS,
		    next_timeout(loop, loop_now_ms()));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		loop->nev = n;
		for (i = 0; i < n && !loop->stop; i++) {
			struct loop_io *io = loop->ev[i].data.ptr;

			if (io != NULL)
				io->cb(io, loop->ev[i].events);
		}
		loop->nev = 0;
		run_timers(loop);
	}
	return 0;
}

void
loop_break(struct loop *loop)
{
	loop->stop = true;
}
