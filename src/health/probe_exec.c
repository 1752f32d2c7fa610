/* SPDX-License-Identifier: MIT */
/*
 * probe_exec.c -- the exec probe: a command run without a shell, healthy
 * when it exits 0 within the timeout.
 *
 * posix_spawn() starts it with stdin, stdout and stderr on /dev/null (a
 * probe's chatter has nowhere useful to go, and a full pipe would block
 * it).  A pidfd (pidfd_open, Linux 5.3) on the loop says when it exits, so
 * there is neither SIGCHLD handling nor polling; waitpid() then reaps it
 * at once.  On timeout or cancel the child gets SIGKILL and is reaped
 * before the probe is freed: no zombies.  The daemon must not set SIGCHLD
 * to SIG_IGN (the kernel would reap the child and take its exit status).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe_int.h"

extern char **environ;

static int
pidfd_open_(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

/* Exit status text: "exit 0", "exit 3", "killed by signal 9". */
static void
status_text(int st, char *buf, size_t len)
{
	if (WIFEXITED(st))
		snprintf(buf, len, "exit %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, len, "killed by signal %d", WTERMSIG(st));
	else
		snprintf(buf, len, "status %#x", (unsigned)st);
}

static void
exec_cb(struct loop_io *io, uint32_t events)
{
	struct probe *p = io->arg;
	char st_text[48], el[32];
	pid_t r;
	int st;

	(void)events;
	r = waitpid(p->pid, &st, WNOHANG);
	if (r == 0)
		return;		/* not yet: the pidfd will say again */
	p->pid = 0;
	if (r < 0) {
		probe_finish(p, false, "waitpid: %s", strerror(errno));
		return;
	}
	status_text(st, st_text, sizeof(st_text));
	probe_finish(p, WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s in %s",
	    st_text, probe_elapsed(p, el, sizeof(el)));
}

void
probe_exec_start(struct probe *p, const struct conf_check *c)
{
	posix_spawn_file_actions_t fa;
	char *const *argv = (char *const *)(uintptr_t)c->argv;
	int r, fd;

	if ((r = posix_spawn_file_actions_init(&fa)) != 0) {
		probe_later(p, false, "spawn: %s", strerror(r));
		return;
	}
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	r = posix_spawn(&p->pid, c->argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (r != 0) {
		p->pid = 0;
		probe_later(p, false, "%s: %s", c->argv[0], strerror(r));
		return;
	}
	if ((fd = pidfd_open_(p->pid)) < 0) {
		r = errno;
		probe_exec_stop(p);
		probe_later(p, false, "pidfd_open: %s", strerror(r));
		return;
	}
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	p->io.fd = fd;
	p->io.cb = exec_cb;
	p->io.arg = p;
	if ((r = loop_io_add(p->loop, &p->io, EPOLLIN)) != 0) {
		probe_exec_stop(p);
		probe_later(p, false, "loop: %s", strerror(-r));
		return;
	}
	p->io_added = true;
}

void
probe_exec_stop(struct probe *p)
{
	if (p->pid <= 0)
		return;
	kill(p->pid, SIGKILL);
	/* After SIGKILL the child is gone in moments: reap it now. */
	while (waitpid(p->pid, NULL, 0) < 0 && errno == EINTR)
		;
	p->pid = 0;
	p->killed = true;
}
