/* SPDX-License-Identifier: MIT */
/*
 * ctl.c -- the control socket: creating it safely, reading requests,
 * logging who sent them, running the commands (cmd.c) and holding a
 * drain --wait reply until the drain is over.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "../common/err.h"
#include "../common/log.h"
#include "../common/mem.h"
#include "cmd.h"
#include "ctl.h"
#include "proto.h"
#include "srv.h"

struct ctl {
	struct loop		*loop;
	const struct ctl_ops	*ops;
	void			*arg;
	struct ctl_srv		*srv;
	char			 path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct waiter		*waiters;
};

/* A drain --wait in progress: its connection gets the reply when done. */
struct waiter {
	struct ctl		*ctl;
	struct ctl_conn		*conn;
	struct ctl_request	 req;
	struct loop_timer	 poll;
	uint64_t		 deadline;
	struct waiter		*next;
};

static size_t
complete(const char *buf, size_t len)
{
	const char *nl = memchr(buf, '\n', len);

	return nl != NULL ? (size_t)(nl - buf) + 1 : 0;
}

static void
waiter_free(struct waiter *w)
{
	struct waiter **pp;

	for (pp = &w->ctl->waiters; *pp != NULL; pp = &(*pp)->next)
		if (*pp == w) {
			*pp = w->next;
			break;
		}
	loop_timer_stop(w->ctl->loop, &w->poll);
	free(w);
}

static void
waiter_poll(struct loop_timer *t)
{
	struct waiter *w = t->arg;
	struct ctl *ctl = w->ctl;
	struct ctl_buf body, out;
	struct ctl_conn *c = w->conn;

	ctl_buf_init(&body);
	ctl_buf_init(&out);
	if (ctl_cmd_drain_done(ctl->ops, ctl->arg, &w->req)) {
		ctl_cmd_prefixes(ctl->ops, ctl->arg, &w->req, &body);
		ctl_reply_body(&out, body.data, body.len);
		ctl_reply_status(&out, CTL_OK, "drained");
	} else if (loop_now_ms() >= w->deadline) {
		ctl_reply_status(&out, CTL_TIMEOUT, "drain still not over "
		    "after %u s; the prefixes stay draining",
		    CTL_WAIT_MAX_MS / 1000);
	} else {
		loop_timer_set(ctl->loop, t, CTL_WAIT_POLL_MS);
		return;
	}
	ctl_buf_clear(&body);
	ctl_conn_set_data(c, NULL);
	waiter_free(w);
	ctl_conn_reply(c, &out);
}

static void
wait_drain(struct ctl *ctl, struct ctl_conn *c, const struct ctl_request *req)
{
	struct waiter *w = xcalloc(1, sizeof(*w));

	w->ctl = ctl;
	w->conn = c;
	w->req = *req;
	w->deadline = loop_now_ms() + CTL_WAIT_MAX_MS;
	loop_timer_init(&w->poll, waiter_poll, w);
	w->next = ctl->waiters;
	ctl->waiters = w;
	ctl_conn_set_data(c, w);
	ctl_conn_timeout(c, CTL_WAIT_MAX_MS + CTL_TIMEOUT_MS);
	/* The drain may already be over (nothing was announced). */
	waiter_poll(&w->poll);
}

static void
log_request(const struct ctl_conn *c, const struct ctl_request *req)
{
	bool change = req->cmd != CTL_STATUS && req->cmd != CTL_BGP &&
	    req->cmd != CTL_STATS && req->cmd != CTL_GEO &&
	    req->cmd != CTL_ZONE_STATUS;
	char who[64] = "an unknown peer";
	pid_t pid;
	uid_t uid;

	if (ctl_conn_cred(c, &pid, &uid))
		snprintf(who, sizeof(who), "uid %u (pid %d)", (unsigned)uid,
		    (int)pid);
	if (change)
		log_info("control: %s%s%s%s from %s", ctl_cmd_name(req->cmd),
		    req->arg[0] || req->all ? " " : "",
		    req->arg[0] ? req->arg : req->all ? "all" : "",
		    req->wait ? " --wait" : "", who);
	else
		log_debug("control: %s from %s", ctl_cmd_name(req->cmd), who);
}

static void
request(void *arg, struct ctl_conn *c, const char *line, size_t len,
    bool eof, bool too_long)
{
	struct ctl *ctl = arg;
	struct ctl_request req;
	struct ctl_buf body, out;
	char why[CTL_MSG_MAX + 1];
	int code, r;

	ctl_buf_init(&body);
	ctl_buf_init(&out);
	if (too_long) {
		ctl_reply_status(&out, CTL_BAD_REQUEST, "request longer than "
		    "%d octets", CTL_REQ_MAX - 1);
		goto reply;
	}
	if (eof && len == 0) {
		ctl_conn_reply(c, &out);	/* nothing asked: just close */
		return;
	}
	if ((r = ctl_request_decode(line, len, &req, why, sizeof(why))) != 0) {
		log_debug("control: refused a request: %s", why);
		ctl_reply_status(&out, r == CN_EPROTO ? CTL_BAD_VERSION :
		    CTL_BAD_REQUEST, "%s", why);
		goto reply;
	}
	log_request(c, &req);
	code = ctl_cmd_run(ctl->ops, ctl->arg, &req, &body, why, sizeof(why));
	if (code == CTL_OK && req.cmd == CTL_DRAIN && req.wait) {
		ctl_buf_clear(&body);
		wait_drain(ctl, c, &req);
		return;
	}
	if (code == CTL_OK)
		ctl_reply_body(&out, body.data, body.len);
	ctl_reply_status(&out, code, "%s", why);
reply:
	ctl_buf_clear(&body);
	ctl_conn_reply(c, &out);
}

static void
gone(void *arg, struct ctl_conn *c)
{
	struct waiter *w = ctl_conn_data(c);

	(void)arg;
	if (w != NULL) {
		log_info("control: drain --wait: the client left before the "
		    "drain was over");
		waiter_free(w);
	}
}

static const struct ctl_srv_ops srv_ops = {
	.complete = complete,
	.request = request,
	.gone = gone,
};

/*
 * What is at path: nothing (0), a socket nobody answers on (removed, 0),
 * a live one (-EADDRINUSE), something else (-EEXIST).
 */
static int
clear_stale(const struct sockaddr_un *sun)
{
	struct stat st;
	int fd, r;

	if (lstat(sun->sun_path, &st) != 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISSOCK(st.st_mode))
		return -EEXIST;
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return -errno;
	r = connect(fd, (const struct sockaddr *)sun, sizeof(*sun));
	close(fd);
	if (r == 0)
		return -EADDRINUSE;
	if (errno != ECONNREFUSED)
		return -errno;
	return unlink(sun->sun_path) == 0 || errno == ENOENT ? 0 : -errno;
}

int
ctl_new(struct loop *loop, const char *path, unsigned mode,
    const struct ctl_ops *ops, void *arg, struct ctl **out)
{
	struct sockaddr_un sun;
	struct ctl *ctl;
	mode_t old;
	int fd, r;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	memcpy(sun.sun_path, path, strlen(path));
	if ((r = clear_stale(&sun)) != 0)
		return r;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* Born with the final mode: no window with looser permissions. */
	old = umask((mode_t)(~mode & 0777));
	r = bind(fd, (const struct sockaddr *)&sun, sizeof(sun));
	umask(old);
	if (r != 0 || chmod(path, (mode_t)mode) != 0 ||
	    listen(fd, CTL_CONNS_MAX) != 0) {
		r = -errno;
		close(fd);
		return r;
	}
	ctl = xcalloc(1, sizeof(*ctl));
	ctl->loop = loop;
	ctl->ops = ops;
	ctl->arg = arg;
	memcpy(ctl->path, sun.sun_path, sizeof(ctl->path));
	ctl->srv = ctl_srv_new(loop, fd, CTL_REQ_MAX, CTL_TIMEOUT_MS,
	    CTL_CONNS_MAX, &srv_ops, ctl);
	*out = ctl;
	return 0;
}

void
ctl_free(struct ctl *ctl)
{
	if (ctl == NULL)
		return;
	ctl_srv_free(ctl->srv);
	while (ctl->waiters != NULL)
		waiter_free(ctl->waiters);
	unlink(ctl->path);
	free(ctl);
}
