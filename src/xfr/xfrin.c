/* SPDX-License-Identifier: MIT */
/*
 * xfrin.c -- the secondary's state machine and its sockets, on the control
 * loop.  One job at a time per zone: refresh (SOA query to the primaries
 * in order, UDP then TCP on TC) and, when the primary is newer or we have
 * nothing, a transfer over non-blocking TCP (IXFR from our serial, AXFR
 * without a copy or when the IXFR did not apply).  Every step has its
 * timeout.  The stream goes through the parser (parse.c) into the builder
 * (apply.c); only a complete, checked zone is persisted (persist.c) and
 * handed to the daemon, which publishes it in a new snapshot.  The zone's
 * SOA gives refresh, retry and expire, clamped to XFRIN_* bounds; past
 * expire without a successful refresh the zone is reported expired.
 */
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "../common/err.h"
#include "../common/log.h"
#include "../common/mem.h"
#include "../dns/name.h"
#include "../dns/tsig.h"
#include "../dns/zone.h"
#include "xfr.h"
#include "xfrin.h"

enum step {
	STEP_NONE,
	STEP_SOA_UDP,
	STEP_SOA_TCP,
	STEP_XFR,
	STEP_BUILD,	/* the stream is in: a thread builds and writes */
};

struct xzone;

/*
 * A complete stream handed to a thread of its own: the new version is
 * built, checked and written to disk there, so that a large zone does not
 * hold up the control loop (BGP, health probes).  The result comes back
 * through an eventfd and is published on the loop.
 */
struct build_job {
	struct xzone		*z;
	struct xfrin		*x;
	struct xfr_apply	 a;		/* moved from the zone */
	struct dns_zone		*base;		/* a reference while building */
	enum xfr_result		 res;
	char			*path;
	char			 kind[24];
	char			 primary[64];
	double			 secs;		/* the transfer itself */
	size_t			 messages;
	uint64_t		 bytes;
	/* Results, written by the thread before it sets finished. */
	struct dns_zone		*nz;
	char			 aerr[XFR_ERR_MAX];
	int			 persist_r;
	char			 perr[256];
	uint64_t		 t_build, t_write;
	bool			 finished;	/* under x->lock */
	pthread_t		 thread;
	struct build_job	*next;		/* x->jobs */
};

struct xzone {
	struct xfrin		*x;
	size_t			 idx;		/* in x->conf->zones */
	char			*domain;
	uint8_t			 apex[DNS_NAME_MAX];
	bool			 secondary;
	bool			 seen;		/* by this configure */

	struct dns_zone		*data;		/* our copy (a reference) */
	uint32_t		 refresh, retry, expire;
	uint64_t		 expire_at;	/* loop_now_ms() */
	bool			 expired;

	/* The job. */
	bool			 running;
	bool			 again;		/* refresh asked while running */
	size_t			 prim;
	enum step		 step;
	enum xfr_kind		 kind;
	int			 fd;
	struct loop_io		 io;
	struct loop_timer	 timeout;
	struct loop_timer	 refresh_timer;
	struct loop_timer	 expire_timer;
	uint16_t		 id;
	uint8_t			 out[1024];	/* query, TSIG */
	struct dns_tsig_ctx	 tsig;
	bool			 tsig_on;	/* the query was signed */
	size_t			 outlen, outoff;
	uint8_t			*in;		/* 2 + DNS_MSG_MAX */
	size_t			 inlen;
	struct xfr_parser	*p;
	struct xfr_apply	 a;
	bool			 applying;
	bool			 building;	/* a build_job runs for it */
	bool			 orphan;	/* gone from the configuration
						   while building */
	uint64_t		 started;	/* of the transfer */
	uint64_t		 bytes;
	unsigned		 gen;		/* job_close() count */

	/* Status. */
	bool			 primary_known;
	uint32_t		 primary_serial;
	int64_t			 last_refresh, last_attempt;
	char			 last_result[256];
	uint64_t		 next_refresh_at;
	uint64_t		 refreshes, failures, transfers;
	double			 last_transfer_s;
	const char		*last_kind;
};

struct notify_ev {
	size_t		 zone;
	uint32_t	 serial;
	bool		 has_serial;
};

struct xfrin {
	struct loop		*loop;
	const struct xfrin_ops	*ops;
	void			*arg;
	struct conf		*conf;
	struct xzone		**zones;	/* one per conf zone */
	size_t			 nzones;
	uint64_t		 failures;
	/* NOTIFY from the workers. */
	struct loop_io		 nio;
	pthread_mutex_t		 lock;
	struct notify_ev	 queue[XFRIN_NOTIFY_QUEUE];
	size_t			 nqueue;
	/* Builds (struct build_job), under lock once their thread runs. */
	struct loop_io		 bio;
	struct build_job	*jobs;
};

static void	start_refresh(struct xzone *z);
static void	job_next_primary(struct xzone *z, const char *why);

static const struct conf_zone *
cz_of(const struct xzone *z)
{
	return &z->x->conf->zones[z->idx];
}

static const struct conf_remote *
primary(const struct xzone *z)
{
	return &cz_of(z)->primaries[z->prim];
}

static int64_t
wall_now(void)
{
	return (int64_t)time(NULL);
}

static uint32_t
clamp(uint32_t v, uint32_t lo, uint32_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Refresh, retry and expire from the copy's SOA, within bounds. */
static void
take_timers(struct xzone *z)
{
	const struct dns_zone *d = z->data;
	const uint8_t *p;

	z->refresh = XFRIN_DEFAULT_REFRESH;
	z->retry = XFRIN_DEFAULT_RETRY;
	z->expire = XFRIN_DEFAULT_EXPIRE;
	if (d == NULL || d->soa == NULL || d->soa->count == 0)
		return;
	p = d->rdata + d->soa->off + 2 + ((d->rdata[d->soa->off] << 8) |
	    d->rdata[d->soa->off + 1]) - 16;
	z->refresh = clamp((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3], XFRIN_REFRESH_MIN, XFRIN_REFRESH_MAX);
	z->retry = clamp((uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 |
	    (uint32_t)p[6] << 8 | p[7], XFRIN_RETRY_MIN, XFRIN_RETRY_MAX);
	z->expire = clamp((uint32_t)p[8] << 24 | (uint32_t)p[9] << 16 |
	    (uint32_t)p[10] << 8 | p[11], XFRIN_EXPIRE_MIN, XFRIN_EXPIRE_MAX);
}

static void
set_result(struct xzone *z, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
set_result(struct xzone *z, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(z->last_result, sizeof(z->last_result), fmt, ap);
	va_end(ap);
}

static void
schedule(struct xzone *z, uint32_t secs)
{
	z->next_refresh_at = loop_now_ms() + (uint64_t)secs * 1000;
	loop_timer_set(z->x->loop, &z->refresh_timer, (uint64_t)secs * 1000);
}

/* Closes the socket and drops a transfer in progress. */
static void
job_close(struct xzone *z)
{
	if (z->fd >= 0) {
		loop_io_del(z->x->loop, &z->io);
		close(z->fd);
		z->fd = -1;
	}
	loop_timer_stop(z->x->loop, &z->timeout);
	if (z->applying)
		xfr_apply_clear(&z->a);
	z->applying = false;
	free(z->p);
	z->p = NULL;
	free(z->in);
	z->in = NULL;
	z->step = STEP_NONE;
	z->gen++;
}

static void
job_end(struct xzone *z)
{
	job_close(z);
	z->running = false;
	if (z->again) {
		z->again = false;
		start_refresh(z);
	}
}

/*
 * The copy's file carries the time of the last successful refresh in its
 * modification time (written by a transfer, touched by a refresh that
 * found nothing new), so a restart does not reset the expiry clock.
 */
static void
touch_copy(const struct xzone *z)
{
	if (utimensat(AT_FDCWD, cz_of(z)->path, NULL, 0) != 0)
		log_debug("zone %s: cannot touch %s: %s", z->domain,
		    cz_of(z)->path, strerror(errno));
}

/* A copy just loaded from its file: expiry counts from its mtime. */
static void
expiry_from_file(struct xzone *z)
{
	uint64_t left = (uint64_t)z->expire * 1000, age = 0;
	struct timespec now;
	struct stat st;

	if (stat(cz_of(z)->path, &st) == 0 &&
	    clock_gettime(CLOCK_REALTIME, &now) == 0) {
		int64_t d = (int64_t)(now.tv_sec - st.st_mtim.tv_sec) * 1000 +
		    (now.tv_nsec - st.st_mtim.tv_nsec) / 1000000;

		age = d > 0 ? (uint64_t)d : 0;
		z->last_refresh = (int64_t)st.st_mtim.tv_sec;
	}
	if (age >= left) {
		z->expired = true;
		z->expire_at = loop_now_ms();
		log_err("zone %s expired: its copy %s was last refreshed %"
		    PRIu64 " s ago, past the SOA expire (%u s); answering "
		    "SERVFAIL until a refresh succeeds", z->domain,
		    cz_of(z)->path, age / 1000, z->expire);
		return;
	}
	z->expire_at = loop_now_ms() + left - age;
	loop_timer_set(z->x->loop, &z->expire_timer, left - age);
}

static void
refresh_ok(struct xzone *z)
{
	z->refreshes++;
	z->last_refresh = wall_now();
	touch_copy(z);
	take_timers(z);
	z->expire_at = loop_now_ms() + (uint64_t)z->expire * 1000;
	loop_timer_set(z->x->loop, &z->expire_timer,
	    (uint64_t)z->expire * 1000);
	if (z->expired && z->data != NULL) {
		z->expired = false;
		log_info("zone %s: refreshed from %s, no longer expired, "
		    "served again", z->domain, primary(z)->addr.text);
		if (z->x->ops->swap(z->x->arg, z->idx,
		    dns_zone_ref(z->data)) != 0)
			log_err("zone %s: could not publish it again",
			    z->domain);
		z->x->ops->expiry(z->x->arg, z->idx, false);
	}
	schedule(z, z->refresh);
	job_end(z);
}

static void
refresh_failed(struct xzone *z)
{
	z->failures++;
	z->x->failures++;
	log_warnx("zone %s: refresh failed from every primary (%s); retry "
	    "in %u s", z->domain, z->last_result, z->retry);
	schedule(z, z->retry);
	job_end(z);
}

/* Opens a socket of type to the current primary, from transfer-source. */
static int
open_sock(struct xzone *z, int type)
{
	const struct conf_zone *cz = cz_of(z);
	const struct conf_remote *r = primary(z);
	struct sockaddr_storage ss;
	socklen_t sslen;
	int fd;

	fd = socket(r->addr.ss.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd < 0)
		return -errno;
	if (cz->transfer_source.af != 0) {
		sslen = conf_addr_sockaddr(&cz->transfer_source, 0, &ss);
		if (bind(fd, (struct sockaddr *)&ss, sslen) != 0)
			goto fail;
	}
	if (connect(fd, (const struct sockaddr *)&r->addr.ss,
	    r->addr.sslen) != 0 && errno != EINPROGRESS)
		goto fail;
	return fd;
fail:
	{
		int e = errno;

		close(fd);
		return -e;
	}
}

static void	io_event(struct loop_io *io, uint32_t events);

static int
job_open(struct xzone *z, int type, uint32_t events, uint64_t timeout)
{
	int fd = open_sock(z, type);

	if (fd < 0)
		return fd;
	z->fd = fd;
	z->io.fd = fd;
	z->io.cb = io_event;
	z->io.arg = z;
	if (loop_io_add(z->x->loop, &z->io, events) != 0) {
		close(fd);
		z->fd = -1;
		return CN_EINVAL;
	}
	loop_timer_set(z->x->loop, &z->timeout, timeout);
	return 0;
}

static uint16_t
new_id(void)
{
	uint16_t id;

	if (getrandom(&id, sizeof(id), 0) != sizeof(id))
		id = (uint16_t)loop_now_ms();
	return id;
}

/*
 * Signs the query at msg (*len octets) with the primary's key, if it has
 * one.  Returns 0 or a cn_err.
 */
static int
sign_query(struct xzone *z, uint8_t *msg, size_t *len, size_t cap)
{
	const struct conf_remote *r = primary(z);

	dns_tsig_ctx_clear(&z->tsig);
	z->tsig_on = false;
	if (r->key == CONF_KEY_NONE)
		return 0;
	dns_tsig_ctx_init(&z->tsig, &z->x->conf->keys[r->key]);
	z->tsig_on = true;
	return dns_tsig_sign_request(&z->tsig, msg, len, cap,
	    (uint64_t)time(NULL));
}

/*
 * Checks one response message against the query's key (RFC 8945 5.3).
 * Returns 0, or CN_EPROTO with the reason in z->last_result (and logged
 * with the zone and the primary by the caller).
 */
static int
verify_msg(struct xzone *z, const char *what, const uint8_t *msg,
    size_t len)
{
	const struct conf_remote *r = primary(z);
	uint16_t peer = 0;
	char why[160];

	if (!z->tsig_on)
		return 0;
	if (dns_tsig_verify_response(&z->tsig, msg, len,
	    (uint64_t)time(NULL), &peer, why, sizeof(why)) == 0)
		return 0;
	set_result(z, "%s from %s: TSIG with key %s refused: %s", what,
	    r->addr.text, z->x->conf->keys[r->key].name_text, why);
	return CN_EPROTO;
}

static void
soa_query(struct xzone *z)
{
	int r;

	z->id = new_id();
	z->outlen = xfr_query(z->out + 2, sizeof(z->out) - 2, z->id, z->apex,
	    DNS_TYPE_SOA, 0);
	z->step = STEP_SOA_UDP;
	if ((r = sign_query(z, z->out + 2, &z->outlen,
	    sizeof(z->out) - 2)) != 0 ||
	    (r = job_open(z, SOCK_DGRAM, EPOLLIN, XFRIN_UDP_TIMEOUT_MS)) != 0 ||
	    send(z->fd, z->out + 2, z->outlen, 0) < 0) {
		set_result(z, "SOA query to %s: %s", primary(z)->addr.text,
		    cn_strerror(r ? r : -errno));
		job_next_primary(z, z->last_result);
	}
}

/* TCP: the query with its length prefix, then wait for it to go out. */
static void
tcp_start(struct xzone *z, enum step step)
{
	uint16_t type = step == STEP_SOA_TCP ? DNS_TYPE_SOA :
	    z->kind == XFR_KIND_IXFR ? DNS_TYPE_IXFR : DNS_TYPE_AXFR;
	int r;

	job_close(z);
	z->id = new_id();
	z->outlen = xfr_query(z->out + 2, sizeof(z->out) - 2, z->id, z->apex,
	    type, z->data != NULL ? dns_zone_serial(z->data) : 0);
	(void)sign_query(z, z->out + 2, &z->outlen, sizeof(z->out) - 2);
	z->out[0] = (uint8_t)(z->outlen >> 8);
	z->out[1] = (uint8_t)z->outlen;
	z->outlen += 2;
	z->outoff = 0;
	z->in = xmalloc(2 + DNS_MSG_MAX);
	z->inlen = 0;
	z->step = step;
	z->bytes = 0;
	if (step == STEP_XFR) {
		const struct dns_zone *base = z->kind == XFR_KIND_IXFR ?
		    z->data : NULL;

		z->p = xmalloc(sizeof(*z->p));
		xfr_parser_init(z->p, z->kind, z->apex, z->id,
		    base != NULL ? dns_zone_serial(base) : 0);
		xfr_apply_init(&z->a, z->apex, base, z->domain, NULL);
		z->applying = true;
		z->started = loop_now_ms();
	}
	if ((r = job_open(z, SOCK_STREAM, EPOLLOUT, XFRIN_CONNECT_MS)) != 0) {
		set_result(z, "%s to %s: %s", step == STEP_XFR ?
		    (z->kind == XFR_KIND_IXFR ? "IXFR" : "AXFR") :
		    "SOA query over TCP", primary(z)->addr.text,
		    cn_strerror(r));
		job_next_primary(z, z->last_result);
	}
}

static void
job_next_primary(struct xzone *z, const char *why)
{
	log_warnx("zone %s: %s", z->domain, why);
	job_close(z);
	if (++z->prim < cz_of(z)->nprimaries) {
		soa_query(z);
		return;
	}
	refresh_failed(z);
}

static void
start_transfer(struct xzone *z, enum xfr_kind kind)
{
	z->kind = kind;
	char ours[16] = "none";

	if (z->data != NULL)
		snprintf(ours, sizeof(ours), "%u", dns_zone_serial(z->data));
	log_info("zone %s: %s from %s (serial %u, ours %s)", z->domain,
	    kind == XFR_KIND_IXFR ? "IXFR" : "AXFR", primary(z)->addr.text,
	    z->primary_serial, ours);
	tcp_start(z, STEP_XFR);
}

/* The primary's serial is known: transfer, or we are up to date. */
static void
got_serial(struct xzone *z, uint32_t serial)
{
	z->primary_known = true;
	z->primary_serial = serial;
	if (z->data == NULL) {
		start_transfer(z, XFR_KIND_AXFR);
		return;
	}
	if (xfr_serial_newer(serial, dns_zone_serial(z->data))) {
		start_transfer(z, XFR_KIND_IXFR);
		return;
	}
	if (serial != dns_zone_serial(z->data))
		log_warnx("zone %s: primary %s has serial %u, not newer than "
		    "ours %u (RFC 1982); keeping ours", z->domain,
		    primary(z)->addr.text, serial, dns_zone_serial(z->data));
	set_result(z, "up to date at serial %u (%s)",
	    dns_zone_serial(z->data), primary(z)->addr.text);
	log_debug("zone %s: %s", z->domain, z->last_result);
	refresh_ok(z);
}

static void
soa_answer(struct xzone *z, const uint8_t *msg, size_t len)
{
	char err[160];
	uint32_t serial;
	unsigned rcode;
	int r;

	if (verify_msg(z, "SOA query", msg, len) != 0) {
		job_next_primary(z, z->last_result);
		return;
	}
	r = xfr_soa_response(msg, len, z->id, z->apex, &serial, &rcode, err,
	    sizeof(err));
	if (r == 1 && z->step == STEP_SOA_UDP) {
		log_debug("zone %s: SOA answer from %s truncated, asking again "
		    "over TCP", z->domain, primary(z)->addr.text);
		tcp_start(z, STEP_SOA_TCP);
		return;
	}
	if (r != 0) {
		set_result(z, "SOA query to %s: %s", primary(z)->addr.text,
		    r == 1 ? "truncated over TCP" : err);
		job_next_primary(z, z->last_result);
		return;
	}
	job_close(z);
	got_serial(z, serial);
}

static void
udp_readable(struct xzone *z)
{
	uint8_t buf[DNS_MSG_MAX];
	ssize_t n;

	for (;;) {
		n = recv(z->fd, buf, sizeof(buf), 0);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			set_result(z, "SOA query to %s: %s",
			    primary(z)->addr.text, strerror(errno));
			job_next_primary(z, z->last_result);
			return;
		}
		/* A stray datagram with another id: keep waiting. */
		if (n >= 2 && (uint16_t)(buf[0] << 8 | buf[1]) != z->id)
			continue;
		soa_answer(z, buf, (size_t)n);
		return;
	}
}

static void *
build_main(void *arg)
{
	struct build_job *j = arg;
	char hdr[256];
	uint64_t t;
	uint64_t one = 1;

	t = loop_now_ms();
	j->nz = xfr_apply_finish(&j->a, j->res);
	j->t_build = loop_now_ms() - t;
	snprintf(j->aerr, sizeof(j->aerr), "%s", j->a.err);
	if (j->nz != NULL) {
		snprintf(hdr, sizeof(hdr), "zone %s serial %u, by %s from %s",
		    j->z->domain, dns_zone_serial(j->nz), j->kind, j->primary);
		t = loop_now_ms();
		j->persist_r = xfr_persist(j->nz, j->path, hdr, j->perr,
		    sizeof(j->perr));
		j->t_write = loop_now_ms() - t;
	}
	pthread_mutex_lock(&j->x->lock);
	j->finished = true;
	pthread_mutex_unlock(&j->x->lock);
	(void)!write(j->x->bio.fd, &one, sizeof(one));
	return NULL;
}

/* The transfer is complete: build, check and persist it aside. */
static void
xfr_done(struct xzone *z)
{
	enum xfr_result res = z->p->result;
	struct build_job *j;

	if (res == XFR_RESULT_UPTODATE) {
		set_result(z, "up to date at serial %u (%s)",
		    dns_zone_serial(z->data), primary(z)->addr.text);
		refresh_ok(z);
		return;
	}
	j = xcalloc(1, sizeof(*j));
	j->z = z;
	j->x = z->x;
	j->a = z->a;
	z->applying = false;
	memset(&z->a, 0, sizeof(z->a));
	j->base = z->data != NULL ? dns_zone_ref(z->data) : NULL;
	if (j->a.base != NULL)
		j->a.base = j->base;
	j->res = res;
	j->path = xstrdup(cz_of(z)->path);
	snprintf(j->kind, sizeof(j->kind), "%s", z->kind == XFR_KIND_AXFR ?
	    "AXFR" : res == XFR_RESULT_ZONE ? "IXFR (AXFR form)" : "IXFR");
	snprintf(j->primary, sizeof(j->primary), "%s", primary(z)->addr.text);
	j->secs = (double)(loop_now_ms() - z->started) / 1000.0;
	j->messages = z->p->messages;
	j->bytes = z->bytes;
	job_close(z);
	z->step = STEP_BUILD;
	z->building = true;
	pthread_mutex_lock(&z->x->lock);
	j->next = z->x->jobs;
	z->x->jobs = j;
	pthread_mutex_unlock(&z->x->lock);
	if (pthread_create(&j->thread, NULL, build_main, j) != 0) {
		log_warn("zone %s: no thread for the build, building here",
		    z->domain);
		j->thread = pthread_self();
		(void)build_main(j);
	}
}

static void	zone_free(struct xzone *z);

/* On the loop: the built version is published, or refused. */
static void
build_done(struct xzone *z, struct build_job *j)
{
	struct dns_zone *nz = j->nz;

	j->nz = NULL;
	z->building = false;
	z->step = STEP_NONE;
	if (!z->secondary) {
		dns_zone_free(nz);	/* no longer a secondary */
		job_end(z);
		return;
	}
	if (nz == NULL) {
		set_result(z, "%s from %s refused: %s", j->kind, j->primary,
		    j->aerr);
		log_err("zone %s: %s; still serving serial %s%u", z->domain,
		    z->last_result, z->data ? "" : "(none) ",
		    z->data ? dns_zone_serial(z->data) : 0);
		if (z->kind == XFR_KIND_IXFR) {
			start_transfer(z, XFR_KIND_AXFR);
			return;
		}
		job_next_primary(z, z->last_result);
		return;
	}
	if (j->persist_r != 0)
		log_err("zone %s: the new version is served but not kept: %s",
		    z->domain, j->perr);
	log_info("zone %s: serial %u by %s from %s: %zu records, %" PRIu64
	    " octets in %zu messages, %.3f s; built and checked in %.3f s, "
	    "written in %.3f s", z->domain, dns_zone_serial(nz), j->kind,
	    j->primary, dns_zone_rr_count(nz), j->bytes, j->messages, j->secs,
	    (double)j->t_build / 1000.0, (double)j->t_write / 1000.0);
	set_result(z, "serial %u by %s from %s in %.3f s",
	    dns_zone_serial(nz), j->kind, j->primary, j->secs);
	z->transfers++;
	z->last_transfer_s = j->secs;
	z->last_kind = strcmp(j->kind, "IXFR") == 0 ? "IXFR" : "AXFR";
	dns_zone_free(z->data);
	z->data = dns_zone_ref(nz);
	if (!z->expired && z->x->ops->swap(z->x->arg, z->idx, nz) != 0)
		log_err("zone %s: serial %u could not be published",
		    z->domain, dns_zone_serial(z->data));
	else if (z->expired)
		dns_zone_free(nz);	/* refresh_ok() publishes it */
	refresh_ok(z);
}

static void
job_free(struct build_job *j)
{
	dns_zone_free(j->nz);
	dns_zone_free(j->base);
	xfr_apply_clear(&j->a);
	free(j->path);
	free(j);
}

/* The eventfd: builds that finished. */
static void
build_event(struct loop_io *io, uint32_t events)
{
	struct xfrin *x = io->arg;
	struct build_job **jp, *j, *done = NULL;
	uint64_t v;

	(void)events;
	(void)!read(io->fd, &v, sizeof(v));
	pthread_mutex_lock(&x->lock);
	for (jp = &x->jobs; (j = *jp) != NULL; ) {
		if (j->finished) {
			*jp = j->next;
			j->next = done;
			done = j;
		} else
			jp = &j->next;
	}
	pthread_mutex_unlock(&x->lock);
	while ((j = done) != NULL) {
		done = j->next;
		if (!pthread_equal(j->thread, pthread_self()))
			pthread_join(j->thread, NULL);
		if (j->z->orphan) {
			j->z->building = false;
			zone_free(j->z);
		} else
			build_done(j->z, j);
		job_free(j);
	}
}

/* One complete message of the TCP stream. */
static void
tcp_message(struct xzone *z, const uint8_t *msg, size_t len)
{
	const char *what;
	int r;

	if (z->step == STEP_SOA_TCP) {
		soa_answer(z, msg, len);
		return;
	}
	what = z->kind == XFR_KIND_IXFR ? "IXFR" : "AXFR";
	if (verify_msg(z, what, msg, len) != 0) {
		job_next_primary(z, z->last_result);
		return;
	}
	r = xfr_parser_feed(z->p, msg, len, &z->a.ops);
	if (r == 1 && z->tsig_on && dns_tsig_verify_end(&z->tsig) != 0) {
		set_result(z, "%s from %s: the last message is not signed",
		    what, primary(z)->addr.text);
		job_next_primary(z, z->last_result);
		return;
	}
	if (r == 0 && loop_now_ms() - z->started > XFRIN_TOTAL_MS) {
		snprintf(z->p->err, sizeof(z->p->err), "longer than %d s",
		    XFRIN_TOTAL_MS / 1000);
		r = -ETIMEDOUT;
	} else if (r == 0) {
		loop_timer_set(z->x->loop, &z->timeout, XFRIN_IDLE_MS);
		return;
	}
	if (r == 1) {
		xfr_done(z);
		return;
	}
	set_result(z, "%s from %s: %s", what, primary(z)->addr.text,
	    z->a.err[0] ? z->a.err : z->p->err);
	if (z->kind == XFR_KIND_IXFR && z->p->rcode == 0 &&
	    r != -ETIMEDOUT) {
		/* The differences did not apply: take the whole zone. */
		log_warnx("zone %s: %s; falling back to AXFR", z->domain,
		    z->last_result);
		job_close(z);
		start_transfer(z, XFR_KIND_AXFR);
		return;
	}
	if (z->kind == XFR_KIND_IXFR && z->p->rcode == DNS_RCODE_NOTIMP) {
		job_close(z);
		start_transfer(z, XFR_KIND_AXFR);
		return;
	}
	job_next_primary(z, z->last_result);
}

static void
tcp_readable(struct xzone *z)
{
	size_t need, off;
	ssize_t n;

	unsigned gen = z->gen;

	for (;;) {
		n = read(z->fd, z->in + z->inlen, 2 + DNS_MSG_MAX - z->inlen);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0) {
			set_result(z, "%s from %s: %s", z->step ==
			    STEP_SOA_TCP ? "SOA query" : z->kind ==
			    XFR_KIND_IXFR ? "IXFR" : "AXFR",
			    primary(z)->addr.text, n == 0 ? "connection "
			    "closed before the end" : strerror(errno));
			job_next_primary(z, z->last_result);
			return;
		}
		z->inlen += (size_t)n;
		z->bytes += (uint64_t)n;
		off = 0;
		while (z->inlen - off >= 2) {
			need = (size_t)(z->in[off] << 8 | z->in[off + 1]);
			if (z->inlen - off < 2 + need)
				break;
			off += 2 + need;
			tcp_message(z, z->in + off - need, need);
			/* The job may have ended or moved on. */
			if (z->gen != gen)
				return;
		}
		memmove(z->in, z->in + off, z->inlen - off);
		z->inlen -= off;
	}
}

static void
tcp_writable(struct xzone *z)
{
	int err = 0;
	socklen_t elen = sizeof(err);
	ssize_t n;

	if (z->outoff == 0 && (getsockopt(z->fd, SOL_SOCKET, SO_ERROR, &err,
	    &elen) != 0 || err != 0)) {
		set_result(z, "connect to %s: %s", primary(z)->addr.text,
		    strerror(err ? err : errno));
		job_next_primary(z, z->last_result);
		return;
	}
	n = send(z->fd, z->out + z->outoff, z->outlen - z->outoff,
	    MSG_NOSIGNAL);
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return;
		set_result(z, "send to %s: %s", primary(z)->addr.text,
		    strerror(errno));
		job_next_primary(z, z->last_result);
		return;
	}
	z->outoff += (size_t)n;
	if (z->outoff == z->outlen) {
		(void)loop_io_mod(z->x->loop, &z->io, EPOLLIN);
		loop_timer_set(z->x->loop, &z->timeout, XFRIN_IDLE_MS);
	}
}

static void
io_event(struct loop_io *io, uint32_t events)
{
	struct xzone *z = io->arg;

	if (z->step == STEP_SOA_UDP) {
		udp_readable(z);
		return;
	}
	if (z->outoff < z->outlen) {
		tcp_writable(z);
		return;
	}
	if (events & (EPOLLIN | EPOLLERR | EPOLLHUP))
		tcp_readable(z);
}

static void
on_timeout(struct loop_timer *t)
{
	struct xzone *z = t->arg;
	const char *what = z->step == STEP_SOA_UDP ? "SOA query" :
	    z->step == STEP_SOA_TCP ? "SOA query over TCP" :
	    z->kind == XFR_KIND_IXFR ? "IXFR" : "AXFR";

	set_result(z, "%s to %s: timed out%s", what, primary(z)->addr.text,
	    z->outoff < z->outlen && z->step != STEP_SOA_UDP ?
	    " connecting" : "");
	job_next_primary(z, z->last_result);
}

static void
start_refresh(struct xzone *z)
{
	if (!z->secondary)
		return;
	if (z->running) {
		z->again = true;
		return;
	}
	loop_timer_stop(z->x->loop, &z->refresh_timer);
	z->running = true;
	z->next_refresh_at = 0;
	z->prim = 0;
	z->last_attempt = wall_now();
	soa_query(z);
}

static void
on_refresh(struct loop_timer *t)
{
	start_refresh(t->arg);
}

static void
on_expire(struct loop_timer *t)
{
	struct xzone *z = t->arg;

	if (z->expired || z->data == NULL)
		return;
	z->expired = true;
	log_err("zone %s expired: no successful refresh for %u s (SOA "
	    "expire); answering SERVFAIL", z->domain, z->expire);
	z->x->ops->expiry(z->x->arg, z->idx, true);
}

static void
notify_event(struct loop_io *io, uint32_t events)
{
	struct xfrin *x = io->arg;
	struct notify_ev q[XFRIN_NOTIFY_QUEUE];
	struct xzone *z;
	uint64_t v;
	size_t n, i;

	(void)events;
	(void)!read(io->fd, &v, sizeof(v));
	pthread_mutex_lock(&x->lock);
	n = x->nqueue;
	memcpy(q, x->queue, n * sizeof(*q));
	x->nqueue = 0;
	pthread_mutex_unlock(&x->lock);
	for (i = 0; i < n; i++) {
		if (q[i].zone >= x->nzones || !x->zones[q[i].zone]->secondary)
			continue;
		z = x->zones[q[i].zone];
		if (q[i].has_serial && z->data != NULL && !z->expired &&
		    !xfr_serial_newer(q[i].serial, dns_zone_serial(z->data))) {
			log_info("zone %s: NOTIFY with serial %u, we have %u",
			    z->domain, q[i].serial, dns_zone_serial(z->data));
			continue;
		}
		log_info("zone %s: NOTIFY%s, refreshing", z->domain,
		    q[i].has_serial ? " with a newer serial" : "");
		start_refresh(z);
	}
}

void
xfrin_notify(struct xfrin *x, size_t zone, uint32_t serial, bool has_serial)
{
	uint64_t one = 1;

	if (x == NULL)
		return;
	pthread_mutex_lock(&x->lock);
	if (x->nqueue < XFRIN_NOTIFY_QUEUE) {
		x->queue[x->nqueue].zone = zone;
		x->queue[x->nqueue].serial = serial;
		x->queue[x->nqueue].has_serial = has_serial;
		x->nqueue++;
	}
	pthread_mutex_unlock(&x->lock);
	(void)!write(x->nio.fd, &one, sizeof(one));
}

struct xfrin *
xfrin_new(struct loop *loop, const struct xfrin_ops *ops, void *arg)
{
	struct xfrin *x = xcalloc(1, sizeof(*x));

	x->loop = loop;
	x->ops = ops;
	x->arg = arg;
	pthread_mutex_init(&x->lock, NULL);
	x->nio.fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	x->nio.cb = notify_event;
	x->nio.arg = x;
	if (x->nio.fd < 0 || loop_io_add(loop, &x->nio, EPOLLIN) != 0)
		log_warn("xfrin: NOTIFY event fd");
	x->bio.fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	x->bio.cb = build_event;
	x->bio.arg = x;
	if (x->bio.fd < 0 || loop_io_add(loop, &x->bio, EPOLLIN) != 0)
		log_warn("xfrin: build event fd");
	return x;
}

static void
zone_free(struct xzone *z)
{
	if (z->building) {
		/* Freed when its build comes back (build_event). */
		z->orphan = true;
		loop_timer_stop(z->x->loop, &z->refresh_timer);
		loop_timer_stop(z->x->loop, &z->expire_timer);
		return;
	}
	job_close(z);
	dns_tsig_ctx_clear(&z->tsig);
	loop_timer_stop(z->x->loop, &z->refresh_timer);
	loop_timer_stop(z->x->loop, &z->expire_timer);
	dns_zone_free(z->data);
	free(z->domain);
	free(z);
}

void
xfrin_free(struct xfrin *x)
{
	size_t i;

	struct build_job *j;

	if (x == NULL)
		return;
	/* Builds still running: wait for them (a write may be under way). */
	while ((j = x->jobs) != NULL) {
		x->jobs = j->next;
		if (!pthread_equal(j->thread, pthread_self()))
			pthread_join(j->thread, NULL);
		j->z->building = false;
		if (j->z->orphan)
			zone_free(j->z);
		job_free(j);
	}
	for (i = 0; i < x->nzones; i++)
		zone_free(x->zones[i]);
	free(x->zones);
	if (x->nio.fd >= 0) {
		loop_io_del(x->loop, &x->nio);
		close(x->nio.fd);
	}
	if (x->bio.fd >= 0) {
		loop_io_del(x->loop, &x->bio);
		close(x->bio.fd);
	}
	pthread_mutex_destroy(&x->lock);
	conf_free(x->conf);
	free(x);
}

static struct xzone *
zone_new(struct xfrin *x, const struct conf_zone *cz)
{
	struct xzone *z = xcalloc(1, sizeof(*z));

	z->x = x;
	z->domain = xstrdup(cz->domain);
	memcpy(z->apex, cz->apex, dns_name_len(cz->apex));
	z->fd = -1;
	z->last_kind = "";
	take_timers(z);		/* the defaults until there is a copy */
	loop_timer_init(&z->timeout, on_timeout, z);
	loop_timer_init(&z->refresh_timer, on_refresh, z);
	loop_timer_init(&z->expire_timer, on_expire, z);
	return z;
}

int
xfrin_configure(struct xfrin *x, struct conf *conf, const struct dns_db *db)
{
	struct xzone **zones, *z;
	const struct dns_zone *dz;
	size_t i, j;

	zones = xcalloc(conf->nzones ? conf->nzones : 1, sizeof(*zones));
	for (i = 0; i < x->nzones; i++)
		x->zones[i]->seen = false;
	for (i = 0; i < conf->nzones; i++) {
		const struct conf_zone *cz = &conf->zones[i];

		z = NULL;
		for (j = 0; j < x->nzones; j++)
			if (!x->zones[j]->seen &&
			    strcmp(x->zones[j]->domain, cz->domain) == 0)
				z = x->zones[j];
		if (z == NULL)
			z = zone_new(x, cz);
		else if (!z->building)
			job_close(z);	/* primaries may have changed */
		z->seen = true;
		z->idx = i;
		z->secondary = cz->nprimaries > 0;
		zones[i] = z;
	}
	for (i = 0; i < x->nzones; i++)
		if (!x->zones[i]->seen)
			zone_free(x->zones[i]);
	free(x->zones);
	x->zones = zones;
	x->nzones = conf->nzones;
	conf_free(x->conf);
	x->conf = conf_ref(conf);
	for (i = 0; i < x->nzones; i++) {
		z = x->zones[i];
		z->prim = 0;	/* the list of primaries may be shorter now */
		/* A build keeps going; a refresh follows it. */
		z->running = z->building;
		z->again = z->building;
		if (!z->secondary) {
			loop_timer_stop(x->loop, &z->refresh_timer);
			loop_timer_stop(x->loop, &z->expire_timer);
			dns_zone_free(z->data);
			z->data = NULL;
			z->expired = false;
			continue;
		}
		/* The file is the persisted copy: what it holds is ours. */
		dz = db != NULL ? dns_db_find_zone(db, z->apex) : NULL;
		if (dz != NULL && dns_zone_rr_count(dz) > 0) {
			bool fresh = z->data == NULL;

			dns_zone_free(z->data);
			z->data = dns_zone_ref((struct dns_zone *)(uintptr_t)dz);
			if (fresh) {
				take_timers(z);
				expiry_from_file(z);
			}
		}
		schedule(z, 0);
	}
	return 0;
}

int
xfrin_refresh(struct xfrin *x, const char *name)
{
	size_t i;

	for (i = 0; i < x->nzones; i++) {
		if (strcmp(x->zones[i]->domain, name) != 0)
			continue;
		if (!x->zones[i]->secondary)
			return CN_EINVAL;
		log_info("zone %s: refresh asked by the operator", name);
		start_refresh(x->zones[i]);
		return 0;
	}
	return CN_ENOENT;
}

bool
xfrin_zone_down(const struct xfrin *x, size_t zone)
{
	const struct xzone *z;

	if (x == NULL || zone >= x->nzones)
		return false;
	z = x->zones[zone];
	return z->secondary && (z->data == NULL || z->expired);
}

bool
xfrin_healthy(const struct xfrin *x, char *why, size_t len)
{
	const struct xzone *z;
	size_t i;

	for (i = 0; x != NULL && i < x->nzones; i++) {
		z = x->zones[i];
		if (!z->secondary)
			continue;
		if (z->expired) {
			snprintf(why, len, "zone %s expired", z->domain);
			return false;
		}
		if (z->data == NULL) {
			snprintf(why, len, "zone %s has no data yet",
			    z->domain);
			return false;
		}
	}
	return true;
}

size_t
xfrin_zone_count(const struct xfrin *x)
{
	return x != NULL ? x->nzones : 0;
}

void
xfrin_status(const struct xfrin *x, size_t zone, struct xfrin_status *out)
{
	const struct xzone *z = x->zones[zone];
	uint64_t now = loop_now_ms();

	memset(out, 0, sizeof(*out));
	out->zone = z->domain;
	out->secondary = z->secondary;
	out->have_data = z->data != NULL;
	out->expired = z->expired;
	out->serial = z->data != NULL ? dns_zone_serial(z->data) : 0;
	out->primary_known = z->primary_known;
	out->primary_serial = z->primary_serial;
	out->primary = !z->secondary ? "" :
	    x->conf->zones[zone].primaries[z->prim <
	    x->conf->zones[zone].nprimaries ? z->prim : 0].addr.text;
	out->last_refresh = z->last_refresh;
	out->last_attempt = z->last_attempt;
	snprintf(out->last_result, sizeof(out->last_result), "%s",
	    z->last_result);
	out->running = z->running;
	out->next_refresh_ms = z->running || z->next_refresh_at <= now ? 0 :
	    z->next_refresh_at - now;
	out->expires_in_ms = z->data == NULL || z->expired ? INT64_MAX :
	    (int64_t)z->expire_at - (int64_t)now;
	if (z->expired)
		out->expires_in_ms = 0;
	out->refresh = z->refresh;
	out->retry = z->retry;
	out->expire = z->expire;
	out->refreshes = z->refreshes;
	out->failures = z->failures;
	out->transfers = z->transfers;
	out->last_transfer_s = z->last_transfer_s;
	out->last_transfer_kind = z->last_kind;
}

uint64_t
xfrin_failures_total(const struct xfrin *x)
{
	return x != NULL ? x->failures : 0;
}
