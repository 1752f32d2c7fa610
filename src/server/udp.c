/* SPDX-License-Identifier: MIT */
/*
 * udp.c -- the UDP fast path of a worker.
 *
 * Queries arrive in batches through recvmmsg() into preallocated buffers,
 * each with its destination address (IP_PKTINFO / IPV6_PKTINFO ancillary
 * data); dns_answer() fills the matching reply buffer and the replies go
 * out in one sendmmsg() carrying that destination back as their source,
 * so a reply leaves from the address its query was sent to even when the
 * socket is bound to a wildcard (anycast rule 1).  No allocation, no
 * lock, no logging: problems are counted.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <urcu/urcu-memb.h>

#include "../common/mem.h"
#include "worker.h"

/* Batches per wake-up before the other sockets get their turn. */
#define UDP_ROUNDS	8

void
udp_init(struct worker *w)
{
	w->rbuf = xmalloc((size_t)SERVER_UDP_BATCH * SERVER_UDP_BUF);
	w->sbuf = xmalloc((size_t)SERVER_UDP_BATCH * SERVER_UDP_BUF);
}

static void
prepare_recv(struct worker *w)
{
	struct msghdr *h;
	int i;

	for (i = 0; i < SERVER_UDP_BATCH; i++) {
		h = &w->rmsg[i].msg_hdr;
		w->riov[i].iov_base = w->rbuf + (size_t)i * SERVER_UDP_BUF;
		w->riov[i].iov_len = SERVER_UDP_BUF;
		h->msg_name = &w->peer[i];
		h->msg_namelen = sizeof(w->peer[i]);
		h->msg_iov = &w->riov[i];
		h->msg_iovlen = 1;
		h->msg_control = w->rcmsg[i];
		h->msg_controllen = sizeof(w->rcmsg[i]);
		h->msg_flags = 0;
		w->rmsg[i].msg_len = 0;
	}
}

/*
 * Copies the query's destination into the reply's source: IPv4 through
 * ipi_spec_dst (interface left to routing), IPv6 through ipi6_addr with
 * the arrival interface (needed for link-local addresses).  Returns the
 * control length to send, 0 if the query carried none (specific bind).
 */
static size_t
reply_pktinfo(struct msghdr *rh, uint8_t *out)
{
	struct cmsghdr *c, *o = (struct cmsghdr *)out;
	struct in_pktinfo i4;
	struct in6_pktinfo i6;

	for (c = CMSG_FIRSTHDR(rh); c != NULL;
	    c = CMSG_NXTHDR(rh, c)) {
		if (c->cmsg_level == IPPROTO_IP &&
		    c->cmsg_type == IP_PKTINFO) {
			memcpy(&i4, CMSG_DATA(c), sizeof(i4));
			i4.ipi_spec_dst = i4.ipi_addr;
			i4.ipi_ifindex = 0;
			memset(o, 0, CMSG_SPACE(sizeof(i4)));
			o->cmsg_level = IPPROTO_IP;
			o->cmsg_type = IP_PKTINFO;
			o->cmsg_len = CMSG_LEN(sizeof(i4));
			memcpy(CMSG_DATA(o), &i4, sizeof(i4));
			return CMSG_SPACE(sizeof(i4));
		}
		if (c->cmsg_level == IPPROTO_IPV6 &&
		    c->cmsg_type == IPV6_PKTINFO) {
			memcpy(&i6, CMSG_DATA(c), sizeof(i6));
			memset(o, 0, CMSG_SPACE(sizeof(i6)));
			o->cmsg_level = IPPROTO_IPV6;
			o->cmsg_type = IPV6_PKTINFO;
			o->cmsg_len = CMSG_LEN(sizeof(i6));
			memcpy(CMSG_DATA(o), &i6, sizeof(i6));
			return CMSG_SPACE(sizeof(i6));
		}
	}
	return 0;
}

static void
send_all(struct worker *w, int fd, unsigned n, struct dns_stats *st)
{
	unsigned done = 0;
	int r;

	while (done < n) {
		r = sendmmsg(fd, w->smsg + done, n - done, MSG_DONTWAIT);
		if (r > 0) {
			done += (unsigned)r;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		/* This reply cannot go (full queue, unreachable): skip it. */
		w->tstats.udp_send_errors++;
		st->dropped++;
		done++;
	}
}

void
udp_handle(struct worker *w, size_t li)
{
	const struct server_snapshot *snap;
	struct dns_client client;
	struct msghdr *rh, *sh;
	int fd = w->udp[li], n, i, round;
	struct dns_stats *st = &w->stats[SERVER_UDP][worker_family(
	    &w->srv->listen[li].ss)];
	unsigned out;
	size_t len, clen;
	uint64_t t0, t1;
	uint8_t *resp;

	for (round = 0; round < UDP_ROUNDS; round++) {
		prepare_recv(w);
		n = recvmmsg(fd, w->rmsg, SERVER_UDP_BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0)
			return;
		out = 0;
		urcu_memb_read_lock();
		snap = rcu_dereference(w->srv->snap);
		st->zone_queries = worker_zone_row(w, snap);
		st->geo_answers = worker_geo_row(w, snap);
		/* One clock read per query: each answer ends the next's wait. */
		t0 = worker_now_ns();
		for (i = 0; i < n; i++) {
			rh = &w->rmsg[i].msg_hdr;
			if (rh->msg_flags & MSG_TRUNC) {
				/* Longer than any query we accept. */
				st->queries++;
				st->dropped++;
				continue;
			}
			client.addr = (const struct sockaddr *)&w->peer[i];
			client.addrlen = rh->msg_namelen;
			client.tcp = false;
			resp = w->sbuf + (size_t)out * SERVER_UDP_BUF;
			len = dns_answer(snap->db, &snap->aconf, &client,
			    w->riov[i].iov_base, w->rmsg[i].msg_len, resp,
			    SERVER_UDP_BUF, st);
			t1 = worker_now_ns();
			worker_hist_add(&w->latency[SERVER_UDP],
			    server_latency_bounds, SERVER_LATENCY_BOUNDS,
			    t1 - t0);
			t0 = t1;
			if (len == 0)
				continue;
			worker_hist_add(&w->size[SERVER_UDP], server_size_bounds,
			    SERVER_SIZE_BOUNDS, len);
			clen = reply_pktinfo(rh, w->scmsg[out]);
			sh = &w->smsg[out].msg_hdr;
			w->siov[out].iov_base = resp;
			w->siov[out].iov_len = len;
			sh->msg_name = &w->peer[i];
			sh->msg_namelen = rh->msg_namelen;
			sh->msg_iov = &w->siov[out];
			sh->msg_iovlen = 1;
			sh->msg_control = clen ? w->scmsg[out] : NULL;
			sh->msg_controllen = clen;
			sh->msg_flags = 0;
			out++;
		}
		urcu_memb_read_unlock();
		if (out > 0)
			send_all(w, fd, out, st);
		if (n < SERVER_UDP_BATCH)
			return;
	}
}
