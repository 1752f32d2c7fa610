/* SPDX-License-Identifier: MIT */
/*
 * srv.h -- one request, one reply: the connection handling the control
 * socket and the metrics endpoint share.
 *
 * A listening socket on the control loop accepts up to a bounded number
 * of connections; each reads one request of bounded size (the owner says
 * when it is complete), gets one reply, written without blocking, and is
 * closed.  A connection that sends nothing useful within its timeout, or
 * sends too much, is closed.  Control thread only.
 */
#ifndef CN_CTL_SRV_H
#define CN_CTL_SRV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../common/loop.h"
#include "buf.h"

struct ctl_srv;
struct ctl_conn;

struct ctl_srv_ops {
	/* The length of the whole request at the start of buf, or 0. */
	size_t	(*complete)(const char *buf, size_t len);
	/*
	 * A whole request (or, with eof, what came before the client shut
	 * its side; with too_long, the first req_max octets).  The owner
	 * replies now or later with ctl_conn_reply().
	 */
	void	(*request)(void *arg, struct ctl_conn *c, const char *req,
		    size_t len, bool eof, bool too_long);
	/* The connection goes before its reply (client left, timeout). */
	void	(*gone)(void *arg, struct ctl_conn *c);
};

/*
 * Serves the listening socket fd (non-blocking; the server closes it on
 * free).  Returns the server; never NULL.
 */
struct ctl_srv	*ctl_srv_new(struct loop *loop, int fd, size_t req_max,
		    uint32_t timeout_ms, unsigned max_conns,
		    const struct ctl_srv_ops *ops, void *arg);
/* Closes every connection (calling gone) and the socket.  NULL-safe. */
void		 ctl_srv_free(struct ctl_srv *s);

/* Sends out's text (the buffer is emptied) and closes after it. */
void		 ctl_conn_reply(struct ctl_conn *c, struct ctl_buf *out);
/* Moves the connection's deadline to ms from now (a long wait). */
void		 ctl_conn_timeout(struct ctl_conn *c, uint32_t ms);
/* The peer's credentials (Unix sockets), or false. */
bool		 ctl_conn_cred(const struct ctl_conn *c, pid_t *pid, uid_t *uid);
/* The owner's per-connection data. */
void		 ctl_conn_set_data(struct ctl_conn *c, void *data);
void		*ctl_conn_data(const struct ctl_conn *c);

#endif
