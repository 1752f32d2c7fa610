/* SPDX-License-Identifier: MIT */
/*
 * worker.h -- internals shared by the server's files (server.c, udp.c,
 * tcp.c); not for use outside src/server.  A worker is one thread with
 * its own epoll set, sockets, buffers, TCP connection table and counters.
 */
#ifndef CN_SERVER_WORKER_H
#define CN_SERVER_WORKER_H

#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <time.h>

#include "server.h"

/* epoll tags: kind in the top byte, generation and index below. */
enum ev_kind {
	EV_STOP = 1,
	EV_UDP,
	EV_TCP_LISTEN,
	EV_TCP_CONN,
};

#define EV_TAG(kind, gen, idx)	(((uint64_t)(kind) << 56) | \
	    ((uint64_t)((gen) & 0xffffff) << 32) | (uint32_t)(idx))
#define EV_KIND(tag)		((unsigned)((tag) >> 56))
#define EV_GEN(tag)		((uint32_t)(((tag) >> 32) & 0xffffff))
#define EV_IDX(tag)		((uint32_t)(tag))

#define CMSG_BUF	CMSG_SPACE(sizeof(struct in6_pktinfo))
#define TCP_IN_INITIAL	1024

struct dns_xfrout;

struct tcp_conn {
	int			 fd;
	uint32_t		 gen;
	bool			 used;
	bool			 eof;		/* client sent FIN */
	bool			 reading;	/* EPOLLIN registered */
	bool			 writing;	/* EPOLLOUT registered */
	uint64_t		 last;		/* ms (monotonic), last progress */
	struct tcp_conn		*prev, *next;	/* LRU, oldest first */
	struct tcp_conn		*free_next;
	uint8_t			*in;
	size_t			 in_len, in_cap;
	uint8_t			*out;
	size_t			 out_off, out_len, out_cap;
	struct sockaddr_storage	 peer;
	socklen_t		 peerlen;
	struct dns_xfrout	*xfr;		/* a transfer going out */
	uint64_t		 xfr_t0;	/* ms (monotonic), its start */
};

struct worker {
	struct server		*srv;
	unsigned		 id;
	pthread_t		 thread;
	bool			 started;
	int			 epfd;
	int			 stopfd;	/* eventfd */
	int			*udp;		/* per listen address */
	int			*tcp;
	int			*udp_family;

	/* Counters, by protocol and family; summed when read. */
	struct dns_stats	 stats[SERVER_PROTO_COUNT][SERVER_FAMILY_COUNT];
	struct server_hist	 latency[SERVER_PROTO_COUNT];
	struct server_hist	 size[SERVER_PROTO_COUNT];
	struct server_tcp_stats	 tstats;
	/* Monotonic ms of the worker's last loop turn; 0 once it has quit. */
	_Atomic uint64_t	 beat;

	/* UDP batch, preallocated. */
	struct mmsghdr		 rmsg[SERVER_UDP_BATCH];
	struct mmsghdr		 smsg[SERVER_UDP_BATCH];
	struct iovec		 riov[SERVER_UDP_BATCH];
	struct iovec		 siov[SERVER_UDP_BATCH];
	struct sockaddr_storage	 peer[SERVER_UDP_BATCH];
	uint8_t			 rcmsg[SERVER_UDP_BATCH][CMSG_BUF];
	uint8_t			 scmsg[SERVER_UDP_BATCH][CMSG_BUF];
	uint8_t			*rbuf;		/* BATCH x SERVER_UDP_BUF */
	uint8_t			*sbuf;

	/* TCP */
	uint8_t			*tcp_resp;	/* DNS_MSG_MAX */
	struct dns_xfr_req	*xfr_req;	/* scratch for dns_answer_xfr */
	struct tcp_conn		*conns;		/* tcp_max_clients slots */
	uint32_t		 nconns_max;
	uint32_t		 nconns;
	struct tcp_conn		*lru_head, *lru_tail;
	struct tcp_conn		*free_list;
	uint32_t		 idle_ms;
};

struct server {
	unsigned		 nworkers;
	size_t			 nlisten;
	struct conf_listen	*listen;
	struct worker		*workers;
	struct server_snapshot	*snap;		/* RCU-protected */
	atomic_bool		 stopping;
};

uint64_t	worker_now_ms(void);

static inline uint64_t
worker_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline void
worker_hist_add(struct server_hist *h, const uint32_t *bounds, unsigned n,
    uint64_t v)
{
	unsigned i = 0;

	while (i < n && v > bounds[i])
		i++;
	h->count[i]++;
	h->sum += v;
}

/* The query's family, for the counters. */
static inline enum server_family
worker_family(const struct sockaddr_storage *ss)
{
	return ss->ss_family == AF_INET6 ? SERVER_IPV6 : SERVER_IPV4;
}

/* This worker's row of per-zone counters in snap. */
static inline uint64_t *
worker_zone_row(const struct worker *w, const struct server_snapshot *snap)
{
	return snap->zone_counts != NULL ?
	    snap->zone_counts + (size_t)w->id * snap->zone_stride : NULL;
}

/* This worker's geo answer counters in snap, after its zone counters. */
static inline uint64_t *
worker_geo_row(const struct worker *w, const struct server_snapshot *snap)
{
	return snap->zone_counts != NULL && snap->geo_cells != 0 ?
	    worker_zone_row(w, snap) + snap->conf->nzones : NULL;
}
void		udp_handle(struct worker *w, size_t li);
void		udp_init(struct worker *w);
void		tcp_init(struct worker *w);
void		tcp_accept(struct worker *w, size_t li);
void		tcp_event(struct worker *w, uint32_t idx, uint32_t gen,
		    uint32_t events);
/* Closes idle connections; returns ms until the next may expire, or -1. */
int		tcp_sweep(struct worker *w);
void		tcp_close_all(struct worker *w);
/* refused.c: the log lines of transfers and NOTIFY (rate-limited). */
void		server_log_refused(const struct dns_client *cl,
		    const uint8_t *apex, const char *what);
void		server_log_xfr_end(const struct sockaddr *peer,
		    const struct dns_xfrout *x, bool complete, uint64_t ms);

#endif
