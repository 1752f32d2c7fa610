/* SPDX-License-Identifier: MIT */
/*
 * loop.h -- the control plane's event loop: one thread, one epoll set.
 *
 * File descriptors get a callback for their readiness events; timers are
 * one-shot deadlines on the monotonic clock, kept in a list the loop scans
 * (a control plane has tens of them, not thousands).  Callbacks never
 * block.  Everything here runs on the thread that calls loop_run(); tests
 * drive the modules above it through their own fake I/O and clock instead.
 */
#ifndef CN_COMMON_LOOP_H
#define CN_COMMON_LOOP_H

#include <stdbool.h>
#include <stdint.h>

struct loop;

struct loop_io {
	int		 fd;
	void		(*cb)(struct loop_io *io, uint32_t events);
	void		*arg;
};

struct loop_timer {
	uint64_t		 deadline;	/* loop_now_ms() time */
	bool			 armed;
	void			(*cb)(struct loop_timer *t);
	void			*arg;
	struct loop_timer	*next;		/* in the loop's armed list */
};

struct loop	*loop_new(void);
/* Frees the loop; registered fds are not closed. NULL-safe. */
void		 loop_free(struct loop *loop);

/* Milliseconds on the monotonic clock. */
uint64_t	 loop_now_ms(void);

/*
 * Registers io->fd for events (EPOLLIN, EPOLLOUT...).  io must stay valid
 * until loop_io_del().  Return 0 or -errno.
 */
int	loop_io_add(struct loop *loop, struct loop_io *io, uint32_t events);
int	loop_io_mod(struct loop *loop, struct loop_io *io, uint32_t events);
void	loop_io_del(struct loop *loop, struct loop_io *io);

void	loop_timer_init(struct loop_timer *t, void (*cb)(struct loop_timer *),
	    void *arg);
/* (Re)arms t to fire once, ms from now. */
void	loop_timer_set(struct loop *loop, struct loop_timer *t, uint64_t ms);
void	loop_timer_stop(struct loop *loop, struct loop_timer *t);

/* Runs until loop_break(); returns 0, or -errno if epoll fails. */
int	loop_run(struct loop *loop);
void	loop_break(struct loop *loop);

#endif
