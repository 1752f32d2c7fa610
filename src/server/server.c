/* SPDX-License-Identifier: MIT */
/*
 * server.c -- sockets, worker threads and snapshot publication.
 *
 * server_new() opens, per worker and listen address, one UDP socket and
 * one TCP listener, all with SO_REUSEPORT so the kernel spreads queries
 * over the workers; IPv6 sockets are IPV6_V6ONLY and every UDP socket
 * asks for the query's destination address (IP_PKTINFO /
 * IPV6_RECVPKTINFO) so the reply leaves from it, even on a wildcard
 * bind.  Each worker runs one epoll loop over its sockets, its TCP
 * connections and an eventfd that server_stop() writes.  Snapshots are
 * published with liburcu (memb flavour): workers rcu_dereference() the
 * current one inside a read-side section per batch, the control thread
 * swaps the pointer and frees the old one after synchronize_rcu().
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>
#include <urcu/urcu-memb.h>

#include "../common/err.h"
#include "../common/log.h"
#include "../common/mem.h"
#include "worker.h"

#define TCP_BACKLOG	1024

/* Histogram bounds: 1 us to 10 ms; 64 octets to 64 KiB. */
const uint32_t server_latency_bounds[SERVER_LATENCY_BOUNDS] = {
	1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 1000000,
	10000000,
};
const uint32_t server_size_bounds[SERVER_SIZE_BOUNDS] = {
	64, 128, 256, 512, 768, 1024, 1232, 1500, 4096, 16384, 65535,
};
#define UDP_RCVBUF	(1 << 20)

uint64_t
worker_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int
open_socket(const struct conf_listen *l, int type, bool reuseport)
{
	int fd, one = 1, family = l->ss.ss_family, rcvbuf = UDP_RCVBUF;

	fd = socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		log_warn("%s: socket", l->text);
		return -1;
	}
	if ((reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one,
	    sizeof(one)) != 0) || (type == SOCK_STREAM && setsockopt(fd,
	    SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0)) {
		log_warn("%s: setsockopt SO_REUSEPORT", l->text);
		goto fail;
	}
	if (family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY,
	    &one, sizeof(one)) != 0) {
		log_warn("%s: setsockopt IPV6_V6ONLY", l->text);
		goto fail;
	}
	if (type == SOCK_DGRAM) {
		if (family == AF_INET6 ? setsockopt(fd, IPPROTO_IPV6,
		    IPV6_RECVPKTINFO, &one, sizeof(one)) : setsockopt(fd,
		    IPPROTO_IP, IP_PKTINFO, &one, sizeof(one))) {
			log_warn("%s: setsockopt PKTINFO", l->text);
			goto fail;
		}
		/* A bigger queue absorbs bursts; the kernel may cap it. */
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
		    sizeof(rcvbuf));
	}
	if (bind(fd, (const struct sockaddr *)&l->ss, l->sslen) != 0) {
		log_warn("%s: cannot bind %s", l->text,
		    type == SOCK_DGRAM ? "UDP" : "TCP");
		goto fail;
	}
	if (type == SOCK_STREAM && listen(fd, TCP_BACKLOG) != 0) {
		log_warn("%s: listen", l->text);
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return -1;
}

/*
 * SO_REUSEPORT would silently share a port with another process of the
 * same user; binding once without it first finds such a conflict.
 */
static bool
port_free(const struct conf_listen *l)
{
	int u, t;

	if ((u = open_socket(l, SOCK_DGRAM, false)) < 0)
		return false;
	t = open_socket(l, SOCK_STREAM, false);
	close(u);
	if (t < 0)
		return false;
	close(t);
	return true;
}

static int
epoll_add(int epfd, int fd, uint64_t tag)
{
	struct epoll_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN;
	ev.data.u64 = tag;
	return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
}

static int
worker_open(struct server *srv, struct worker *w, const struct conf *conf)
{
	size_t i;

	w->srv = srv;
	w->epfd = epoll_create1(EPOLL_CLOEXEC);
	w->stopfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (w->epfd < 0 || w->stopfd < 0) {
		log_warn("worker %u: epoll/eventfd", w->id);
		return -1;
	}
	if (epoll_add(w->epfd, w->stopfd, EV_TAG(EV_STOP, 0, 0)) != 0) {
		log_warn("worker %u: epoll_ctl", w->id);
		return -1;
	}
	w->udp = xcalloc(srv->nlisten, sizeof(int));
	w->tcp = xcalloc(srv->nlisten, sizeof(int));
	for (i = 0; i < srv->nlisten; i++)
		w->udp[i] = w->tcp[i] = -1;
	for (i = 0; i < srv->nlisten; i++) {
		w->udp[i] = open_socket(&srv->listen[i], SOCK_DGRAM, true);
		if (w->udp[i] < 0)
			return -1;
		w->tcp[i] = open_socket(&srv->listen[i], SOCK_STREAM, true);
		if (w->tcp[i] < 0)
			return -1;
		if (epoll_add(w->epfd, w->udp[i], EV_TAG(EV_UDP, 0, i)) != 0 ||
		    epoll_add(w->epfd, w->tcp[i],
		    EV_TAG(EV_TCP_LISTEN, 0, i)) != 0) {
			log_warn("worker %u: epoll_ctl", w->id);
			return -1;
		}
	}
	w->nconns_max = conf->tcp_max_clients;
	w->idle_ms = conf->tcp_idle_ms;
	udp_init(w);
	tcp_init(w);
	return 0;
}

struct server *
server_new(const struct conf *conf, unsigned nworkers)
{
	static const char *defaults[] = { "0.0.0.0", "::" };
	struct conf_listen l;
	struct server *srv;
	unsigned i;

	srv = xcalloc(1, sizeof(*srv));
	atomic_init(&srv->stopping, false);
	if (conf->nlisten > 0) {
		srv->nlisten = conf->nlisten;
		srv->listen = xcalloc(conf->nlisten, sizeof(*srv->listen));
		memcpy(srv->listen, conf->listen,
		    conf->nlisten * sizeof(*srv->listen));
	} else {
		srv->listen = xcalloc(2, sizeof(*srv->listen));
		for (i = 0; i < 2; i++)
			if (conf_parse_listen(defaults[i], &l, NULL, 0) == 0)
				srv->listen[srv->nlisten++] = l;
	}
	for (i = 0; i < srv->nlisten; i++)
		if (!port_free(&srv->listen[i]))
			goto fail;
	srv->nworkers = nworkers;
	srv->workers = xcalloc(nworkers, sizeof(*srv->workers));
	for (i = 0; i < nworkers; i++) {
		srv->workers[i].id = i;
		srv->workers[i].epfd = srv->workers[i].stopfd = -1;
	}
	for (i = 0; i < nworkers; i++) {
		if (worker_open(srv, &srv->workers[i], conf) != 0)
			goto fail;
		log_debug("worker %u: %zu UDP sockets and %zu TCP listeners "
		    "(SO_REUSEPORT), %u TCP connection slots", i, srv->nlisten,
		    srv->nlisten, conf->tcp_max_clients);
	}
	return srv;
fail:
	server_free(srv);
	return NULL;
}

static void
worker_loop(struct worker *w)
{
	struct epoll_event evs[64];
	uint64_t tag;
	int n, i, timeout;

	while (!atomic_load_explicit(&w->srv->stopping,
	    memory_order_relaxed)) {
		atomic_store_explicit(&w->beat, worker_now_ms(),
		    memory_order_relaxed);
		timeout = tcp_sweep(w);
		if (timeout < 0 || timeout > SERVER_BEAT_MS)
			timeout = SERVER_BEAT_MS;
		n = epoll_wait(w->epfd, evs, 64, timeout);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			log_warn("worker %u: epoll_wait", w->id);
			break;
		}
		for (i = 0; i < n; i++) {
			tag = evs[i].data.u64;
			switch (EV_KIND(tag)) {
			case EV_STOP:
				break;
			case EV_UDP:
				udp_handle(w, EV_IDX(tag));
				break;
			case EV_TCP_LISTEN:
				tcp_accept(w, EV_IDX(tag));
				break;
			case EV_TCP_CONN:
				tcp_event(w, EV_IDX(tag), EV_GEN(tag),
				    evs[i].events);
				break;
			}
		}
	}
}

/*
 * Counter i of snap's rows (zone i, or geo cell i - nzones): its
 * carried-over count plus every worker's.
 */
static uint64_t
zone_total(const struct server *srv, const struct server_snapshot *snap,
    size_t i)
{
	uint64_t n;
	unsigned k;

	if (snap->zone_counts == NULL ||
	    i >= snap->conf->nzones + snap->geo_cells)
		return 0;
	n = snap->zone_base[i];
	for (k = 0; k < srv->nworkers; k++)
		n += snap->zone_counts[(size_t)k * snap->zone_stride + i];
	return n;
}

uint64_t
server_zone_queries(const struct server *srv, size_t i)
{
	return srv->snap != NULL && i < srv->snap->conf->nzones ?
	    zone_total(srv, srv->snap, i) : 0;
}

uint64_t
server_geo_answers(const struct server *srv, size_t cell)
{
	return srv->snap != NULL && cell < srv->snap->geo_cells ?
	    zone_total(srv, srv->snap, srv->snap->conf->nzones + cell) : 0;
}

/* Gives snap its per-zone counter rows, before the workers can see it. */
static void
zone_counters(const struct server *srv, struct server_snapshot *snap)
{
	size_t n = snap->conf->nzones + snap->geo_cells;

	/* A multiple of 8 counters: rows 64 octets apart, at least one. */
	snap->zone_stride = (n + 8) & ~(size_t)7;
	snap->zone_counts = xcalloc((size_t)srv->nworkers * snap->zone_stride,
	    sizeof(uint64_t));
	snap->zone_base = xcalloc(n + 1, sizeof(uint64_t));
}

/* Geo answer counts carry over while the regions stay the same. */
static bool
same_regions(const struct conf *a, const struct conf *b)
{
	size_t i;

	if (a->nregions != b->nregions)
		return false;
	for (i = 0; i < a->nregions; i++)
		if (strcmp(a->regions[i], b->regions[i]) != 0)
			return false;
	return true;
}

/*
 * After old is out of every worker's sight: its zones' totals become the
 * base of the same zones (by name) in the new snapshot, and so do its
 * geo answer counts.
 */
static void
zone_carry(const struct server *srv, struct server_snapshot *snap,
    const struct server_snapshot *old)
{
	const struct conf *nc = snap->conf, *oc = old->conf;
	size_t i, j;

	for (i = 0; i < nc->nzones; i++) {
		j = i;
		if (j >= oc->nzones || strcmp(nc->zones[i].domain,
		    oc->zones[j].domain) != 0)
			for (j = 0; j < oc->nzones; j++)
				if (strcmp(nc->zones[i].domain,
				    oc->zones[j].domain) == 0)
					break;
		if (j < oc->nzones)
			snap->zone_base[i] = zone_total(srv, old, j);
	}
	if (snap->geo_cells == 0 || !same_regions(nc, oc) ||
	    snap->geo_cells != old->geo_cells)
		return;
	for (i = 0; i < snap->geo_cells; i++)
		snap->zone_base[nc->nzones + i] = zone_total(srv, old,
		    oc->nzones + i);
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	char name[16];

	/* "castnsd-dns0": ps -L, top -H and gdb tell the workers apart. */
	snprintf(name, sizeof(name), "castnsd-dns%u", w->id);
	pthread_setname_np(pthread_self(), name);
	urcu_memb_register_thread();
	worker_loop(w);
	atomic_store(&w->beat, 0);
	tcp_close_all(w);
	urcu_memb_unregister_thread();
	return NULL;
}

int
server_start(struct server *srv, struct server_snapshot *snap)
{
	unsigned i;
	int r;

	zone_counters(srv, snap);
	rcu_assign_pointer(srv->snap, snap);
	for (i = 0; i < srv->nworkers; i++) {
		atomic_store(&srv->workers[i].beat, worker_now_ms());
		r = pthread_create(&srv->workers[i].thread, NULL, worker_main,
		    &srv->workers[i]);
		if (r != 0) {
			errno = r;
			log_warn("worker %u: pthread_create", i);
			server_stop(srv);
			return -r;
		}
		srv->workers[i].started = true;
	}
	return 0;
}

void
server_publish(struct server *srv, struct server_snapshot *snap)
{
	struct server_snapshot *old;

	zone_counters(srv, snap);
	server_snapshot_journals(snap, srv->snap);
	old = rcu_xchg_pointer(&srv->snap, snap);
	/* Queries in flight finish on the old data before it goes. */
	urcu_memb_synchronize_rcu();
	if (old != NULL)
		zone_carry(srv, snap, old);
	server_snapshot_free(old);
}

const struct server_snapshot *
server_current(const struct server *srv)
{
	/* The control thread is the only writer: a plain read is fine. */
	return srv->snap;
}

void
server_stop(struct server *srv)
{
	uint64_t one = 1;
	unsigned i;

	atomic_store(&srv->stopping, true);
	for (i = 0; i < srv->nworkers; i++)
		if (srv->workers[i].stopfd >= 0)
			(void)!write(srv->workers[i].stopfd, &one,
			    sizeof(one));
	for (i = 0; i < srv->nworkers; i++)
		if (srv->workers[i].started) {
			pthread_join(srv->workers[i].thread, NULL);
			srv->workers[i].started = false;
		}
}

static void
worker_free(struct server *srv, struct worker *w)
{
	size_t i;

	for (i = 0; w->udp != NULL && i < srv->nlisten; i++) {
		if (w->udp[i] >= 0)
			close(w->udp[i]);
		if (w->tcp[i] >= 0)
			close(w->tcp[i]);
	}
	free(w->udp);
	free(w->tcp);
	if (w->epfd >= 0)
		close(w->epfd);
	if (w->stopfd >= 0)
		close(w->stopfd);
	free(w->rbuf);
	free(w->sbuf);
	free(w->tcp_resp);
	free(w->xfr_req);
	free(w->conns);
}

void
server_free(struct server *srv)
{
	unsigned i;

	if (srv == NULL)
		return;
	server_stop(srv);
	for (i = 0; srv->workers != NULL && i < srv->nworkers; i++)
		worker_free(srv, &srv->workers[i]);
	free(srv->workers);
	free(srv->listen);
	server_snapshot_free(srv->snap);
	free(srv);
}

unsigned
server_workers(const struct server *srv)
{
	return srv->nworkers;
}

size_t
server_listen_count(const struct server *srv)
{
	return srv->nlisten;
}

const char *
server_listen_text(const struct server *srv, size_t i)
{
	return srv->listen[i].text;
}

uint64_t
server_stalest_worker(const struct server *srv, uint64_t now_ms,
    unsigned *worker)
{
	uint64_t worst = 0, beat, age;
	unsigned i;

	*worker = 0;
	for (i = 0; i < srv->nworkers; i++) {
		beat = atomic_load_explicit(&srv->workers[i].beat,
		    memory_order_relaxed);
		age = beat == 0 ? UINT64_MAX : now_ms > beat ? now_ms - beat : 0;
		if (age >= worst) {
			worst = age;
			*worker = i;
		}
	}
	return worst;
}

static void
add_dns(struct dns_stats *dns, const struct dns_stats *s)
{
	unsigned k;

	dns->queries += s->queries;
	dns->responses += s->responses;
	dns->dropped += s->dropped;
	for (k = 0; k < 24; k++)
		dns->rcode[k] += s->rcode[k];
	dns->truncated += s->truncated;
	dns->edns += s->edns;
	dns->nsid += s->nsid;
	dns->cookies += s->cookies;
	dns->chaos += s->chaos;
}

static void
add_tcp(struct server_tcp_stats *tcp, const struct server_tcp_stats *s)
{
	tcp->accepted += s->accepted;
	tcp->closed_idle += s->closed_idle;
	tcp->closed_full += s->closed_full;
	tcp->closed_bad += s->closed_bad;
	tcp->udp_send_errors += s->udp_send_errors;
}

static void
add_hist(struct server_hist *h, const struct server_hist *s)
{
	unsigned k;

	for (k = 0; k <= SERVER_HIST_MAX; k++)
		h->count[k] += s->count[k];
	h->sum += s->sum;
}

void
server_stats(const struct server *srv, struct dns_stats *dns,
    struct server_tcp_stats *tcp)
{
	const struct worker *w;
	unsigned i, p, f;

	memset(dns, 0, sizeof(*dns));
	memset(tcp, 0, sizeof(*tcp));
	for (i = 0; i < srv->nworkers; i++) {
		w = &srv->workers[i];
		for (p = 0; p < SERVER_PROTO_COUNT; p++)
			for (f = 0; f < SERVER_FAMILY_COUNT; f++)
				add_dns(dns, &w->stats[p][f]);
		add_tcp(tcp, &w->tstats);
	}
	dns->zone_queries = NULL;
	dns->geo_answers = NULL;
}

void
server_metrics(const struct server *srv, struct server_metrics *out)
{
	const struct worker *w;
	unsigned i, p, f;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < srv->nworkers; i++) {
		w = &srv->workers[i];
		for (p = 0; p < SERVER_PROTO_COUNT; p++) {
			for (f = 0; f < SERVER_FAMILY_COUNT; f++)
				add_dns(&out->dns[p][f], &w->stats[p][f]);
			add_hist(&out->latency[p], &w->latency[p]);
			add_hist(&out->size[p], &w->size[p]);
		}
		add_tcp(&out->tcp, &w->tstats);
	}
}
