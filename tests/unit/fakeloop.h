/* SPDX-License-Identifier: MIT */
/*
 * fakeloop.h -- the loop API (src/common/loop.h) on a fake clock, for unit
 * tests of code that runs on the control loop.
 *
 * A test includes this once: it defines the loop_* functions itself, so
 * the library's loop.o is not linked.  Timers fire when the test calls
 * advance(); pump() hands every registered fd that poll() finds ready to
 * its callback until none is.  Needs <cmocka.h> before it.
 */
#ifndef CN_TESTS_FAKELOOP_H
#define CN_TESTS_FAKELOOP_H

#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>

#include "../../src/common/loop.h"

#define MAX_IOS		8
#define MAX_TIMERS	64

struct loop {
	int	unused;
};

static struct loop	 the_loop;
static uint64_t		 now_ms;
static struct loop_io	*ios[MAX_IOS];
static uint32_t		 io_events[MAX_IOS];
static struct loop_timer *timers[MAX_TIMERS];

struct loop *
loop_new(void)
{
	return &the_loop;
}

void
loop_free(struct loop *loop)
{
	(void)loop;
}

uint64_t
loop_now_ms(void)
{
	return now_ms;
}

int
loop_io_add(struct loop *loop, struct loop_io *io, uint32_t events)
{
	int i;

	(void)loop;
	for (i = 0; i < MAX_IOS; i++)
		if (ios[i] == NULL) {
			ios[i] = io;
			io_events[i] = events;
			return 0;
		}
	return -1;
}

int
loop_io_mod(struct loop *loop, struct loop_io *io, uint32_t events)
{
	int i;

	(void)loop;
	for (i = 0; i < MAX_IOS; i++)
		if (ios[i] == io)
			io_events[i] = events;
	return 0;
}

void
loop_io_del(struct loop *loop, struct loop_io *io)
{
	int i;

	(void)loop;
	for (i = 0; i < MAX_IOS; i++)
		if (ios[i] == io)
			ios[i] = NULL;
}

void
loop_timer_init(struct loop_timer *t, void (*cb)(struct loop_timer *),
    void *arg)
{
	memset(t, 0, sizeof(*t));
	t->cb = cb;
	t->arg = arg;
}

void
loop_timer_stop(struct loop *loop, struct loop_timer *t)
{
	int i;

	(void)loop;
	for (i = 0; i < MAX_TIMERS; i++)
		if (timers[i] == t)
			timers[i] = NULL;
	t->armed = false;
}

void
loop_timer_set(struct loop *loop, struct loop_timer *t, uint64_t ms)
{
	int i;

	loop_timer_stop(loop, t);
	t->deadline = now_ms + ms;
	t->armed = true;
	for (i = 0; i < MAX_TIMERS; i++)
		if (timers[i] == NULL) {
			timers[i] = t;
			return;
		}
	fail_msg("too many timers");
}

int
loop_run(struct loop *loop)
{
	(void)loop;
	return 0;
}

void
loop_break(struct loop *loop)
{
	(void)loop;
}

/* Hands every ready fd to its callback until nothing is ready. */
static void
pump(void)
{
	bool again = true;
	int i, rounds = 0;

	while (again && rounds++ < 100) {
		again = false;
		for (i = 0; i < MAX_IOS; i++) {
			struct pollfd pfd;

			if (ios[i] == NULL)
				continue;
			pfd.fd = ios[i]->fd;
			pfd.events = (short)((io_events[i] & EPOLLIN ? POLLIN :
			    0) | (io_events[i] & EPOLLOUT ? POLLOUT : 0));
			if (poll(&pfd, 1, 0) == 1 && pfd.revents != 0) {
				ios[i]->cb(ios[i], (pfd.revents & POLLIN ?
				    EPOLLIN : 0) | (pfd.revents & POLLOUT ?
				    EPOLLOUT : 0) | (pfd.revents & POLLHUP ?
				    EPOLLHUP : 0));
				again = true;
			}
		}
	}
}

/* Moves the clock forward by ms, firing due timers in deadline order. */
static void
advance(uint64_t ms)
{
	uint64_t end = now_ms + ms;

	for (;;) {
		struct loop_timer *first = NULL;
		int i;

		for (i = 0; i < MAX_TIMERS; i++)
			if (timers[i] != NULL && timers[i]->deadline <= end &&
			    (first == NULL ||
			    timers[i]->deadline < first->deadline))
				first = timers[i];
		if (first == NULL)
			break;
		now_ms = first->deadline;
		loop_timer_stop(&the_loop, first);
		first->cb(first);
		pump();
	}
	now_ms = end;
	pump();
}

#endif
