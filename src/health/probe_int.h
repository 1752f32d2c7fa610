/* SPDX-License-Identifier: MIT */
/*
 * probe_int.h -- what the probe files share: the probe itself, the socket
 * helpers of probe.c and the per-type entry points.  Internal to
 * src/health.
 */
#ifndef CN_HEALTH_PROBE_INT_H
#define CN_HEALTH_PROBE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "probe.h"

#define PROBE_HTTP_MAX	1024	/* enough for a status line */

struct probe;

/* One address of a dns probe that asks several (conf_check.targets). */
struct probe_part {
	struct probe	*parent;
	struct probe	*sub;		/* NULL once it has reported */
	char		 addr[64];	/* "198.51.100.1@53" */
};

struct probe {
	struct loop		*loop;
	enum conf_check_type	 type;
	probe_done_fn		 done;
	void			*arg;
	struct loop_io		 io;		/* fd -1: none */
	bool			 io_added;
	struct loop_timer	 timeout;
	struct loop_timer	 kick;		/* 0 ms: a result found at
						   start, delivered later */
	uint32_t		 timeout_ms;
	uint64_t		 start_us;
	int			 step;		/* per type */
	struct probe_result	 res;		/* for kick */
	/* dns, tcp, http */
	struct sockaddr_storage	 ss;
	socklen_t		 sslen;
	struct conf_addr	 source;
	uint8_t			*out;
	size_t			 outlen, outoff;
	uint8_t			*in;
	size_t			 inlen, incap;
	/* dns */
	uint16_t		 id, qtype;
	uint8_t			 qname[DNS_NAME_MAX];
	bool			 tcp;
	uint8_t			 rcode;
	char			*expect_answer;
	struct probe_part	*parts;		/* several targets: one each */
	size_t			 nparts, nleft;
	uint32_t		 slowest_us;
	char			 slowest[PROBE_TEXT_MAX];
	/* http */
	uint16_t		 status;
	/* exec */
	pid_t			 pid;		/* 0: none */
	bool			 killed;	/* by the timeout */
};

/* Microseconds on the monotonic clock, for latencies. */
uint64_t	probe_now_us(void);
/* Ends the probe with a result: cleans up, calls done, frees. */
void		probe_finish(struct probe *p, bool ok, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
/* Delivers a result from a 0 ms timer (the probe must not end in start). */
void		probe_later(struct probe *p, bool ok, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
/* "0.4 ms" since the start. */
const char	*probe_elapsed(const struct probe *p, char *buf, size_t len);
/*
 * A non-blocking socket of the target's family, bound to the source when
 * set, connecting to the target (the io is registered for EPOLLOUT).
 * Returns 0, or -errno (the caller reports it).
 */
int		probe_connect(struct probe *p, int type,
		    void (*cb)(struct loop_io *, uint32_t));
/* The socket's pending error (SO_ERROR) as text, or NULL when none. */
const char	*probe_sock_error(struct probe *p);
/*
 * The first steps of a probe's I/O callback: the outcome of the connect
 * (a failure reported as "WHAT: error after T"), then p->out written out.
 * Returns true once all is sent and the reply may be read; false while
 * waiting, or after probe_finish() on an error.
 */
bool		probe_send_step(struct probe *p, const char *what);

/* Starts a probe of c at target (c->target or one of c->targets). */
struct probe	*probe_start_at(struct loop *loop, const struct conf_check *c,
		    const struct conf_listen *target, probe_done_fn done,
		    void *arg);
void		probe_dns_start(struct probe *p, const struct conf_check *c);
/*
 * A dns probe of every one of c->targets at once, each with the check's
 * timeout: healthy when all are, failed at the first failure (the others
 * are cancelled).
 */
void		probe_dns_start_all(struct probe *p,
		    const struct conf_check *c);
/* Cancels the parts of such a probe that have not reported (release). */
void		probe_dns_stop(struct probe *p);
void		probe_exec_start(struct probe *p, const struct conf_check *c);
/* Kills and reaps the exec child, if any (cancel, timeout). */
void		probe_exec_stop(struct probe *p);

/*
 * The DNS codec of the probe, pure functions for the unit test: builds a
 * query (RD clear, no EDNS) into buf; checks a reply: id, QR, question,
 * rcode, and expect (NULL: any) against the answers' RDATA text.  Returns
 * true when healthy; writes what it saw into why.
 */
size_t		probe_dns_query(uint8_t *buf, size_t cap, uint16_t id,
		    const uint8_t *qname, uint16_t qtype);
bool		probe_dns_check(const uint8_t *msg, size_t len, uint16_t id,
		    const uint8_t *qname, uint16_t qtype, uint8_t rcode,
		    const char *expect, char *why, size_t whylen);

#endif
