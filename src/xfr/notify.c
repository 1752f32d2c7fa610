/* SPDX-License-Identifier: MIT */
/*
 * notify.c -- NOTIFY to a zone's targets (RFC 1996 3.6, 3.7, 4.7).
 *
 * One job per (zone, target): a connected non-blocking UDP socket (so only
 * the target's replies arrive, and an ICMP error shows), the message with
 * the zone's SOA in the answer section (3.7: the serial, so the target
 * can skip its SOA query), a retransmission timer.  A reply that does
 * not match (ID, opcode, question, TSIG) is ignored, so a stray packet
 * cannot cancel the retries; a matching NOERROR ends the job, any other
 * RCODE ends it with a warning.
 */
#include <errno.h>
#include <stdio.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../common/log.h"
#include "../common/mem.h"
#include "../common/wbuf.h"
#include "../dns/name.h"
#include "../dns/tsig.h"
#include "../dns/zone.h"
#include "notify.h"

#define NOTIFY_MSG_MAX	(DNS_HDR_LEN + 2 * DNS_NAME_MAX + 32 + \
			    DNS_TSIG_RR_MAX)

struct job {
	struct notifier		*nf;
	struct job		*next;
	uint8_t			 apex[DNS_NAME_MAX];
	char			 zone[DNS_NAME_MAX * 4 + 1];
	char			 target[64];
	uint32_t		 serial;
	struct loop_io		 io;
	struct loop_timer	 timer;
	uint8_t			 msg[NOTIFY_MSG_MAX];	/* unsigned */
	size_t			 len;
	uint16_t		 id;
	bool			 tsig_on;
	struct dns_tsig_ctx	 tsig;
	unsigned		 tries;
	uint64_t		 wait_ms;
};

/* The last serial announced, per zone name. */
struct seen {
	uint8_t		 apex[DNS_NAME_MAX];
	uint32_t	 serial;
};

struct notifier {
	struct loop		*loop;
	struct job		*jobs;
	struct seen		*seen;
	size_t			 nseen, seencap;
	struct notifier_stats	 st;
};

struct notifier *
notifier_new(struct loop *loop)
{
	struct notifier *nf = xcalloc(1, sizeof(*nf));

	nf->loop = loop;
	return nf;
}

static void
job_free(struct job *j)
{
	struct job **p;

	for (p = &j->nf->jobs; *p != NULL; p = &(*p)->next)
		if (*p == j) {
			*p = j->next;
			break;
		}
	loop_timer_stop(j->nf->loop, &j->timer);
	if (j->io.fd >= 0) {
		loop_io_del(j->nf->loop, &j->io);
		close(j->io.fd);
	}
	dns_tsig_ctx_clear(&j->tsig);
	free(j);
}

void
notifier_free(struct notifier *nf)
{
	if (nf == NULL)
		return;
	while (nf->jobs != NULL)
		job_free(nf->jobs);
	free(nf->seen);
	free(nf);
}

void
notifier_stats(const struct notifier *nf, struct notifier_stats *out)
{
	*out = nf->st;
}

/* Sends (again) a freshly signed copy; false if the socket refuses. */
static bool
job_send(struct job *j)
{
	uint8_t buf[NOTIFY_MSG_MAX];
	size_t len = j->len;

	memcpy(buf, j->msg, len);
	if (j->tsig_on) {
		/* A new time signed each try; the reply chains to this MAC. */
		if (dns_tsig_sign_request(&j->tsig, buf, &len, sizeof(buf),
		    (uint64_t)time(NULL)) != 0)
			return false;
	}
	j->nf->st.sent++;
	j->tries++;
	return send(j->io.fd, buf, len, MSG_DONTWAIT) == (ssize_t)len ||
	    errno == ECONNREFUSED || errno == EAGAIN;
}

static void
job_timeout(struct loop_timer *t)
{
	struct job *j = t->arg;

	if (j->tries > NOTIFY_RETRIES) {
		log_warnx("zone %s: NOTIFY serial %u to %s: no answer after %u "
		    "tries, given up", j->zone, j->serial, j->target, j->tries);
		j->nf->st.failed++;
		job_free(j);
		return;
	}
	(void)job_send(j);
	j->wait_ms = j->wait_ms * 2 > NOTIFY_MAX_MS ? NOTIFY_MAX_MS :
	    j->wait_ms * 2;
	loop_timer_set(j->nf->loop, &j->timer, j->wait_ms);
}

static const char *
rcode_text(unsigned r)
{
	static const char *names[] = { "NOERROR", "FORMERR", "SERVFAIL",
	    "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET", "NXRRSET",
	    "NOTAUTH", "NOTZONE" };

	return r < sizeof(names) / sizeof(names[0]) ? names[r] : "RCODE?";
}

/* True if reply answers our NOTIFY: ID, QR, opcode, question. */
static bool
matches(const struct job *j, const uint8_t *r, size_t len)
{
	size_t qend = DNS_HDR_LEN + dns_name_len(j->apex) + 4;

	if (len < qend || (r[0] << 8 | r[1]) != j->id || !(r[2] & 0x80) ||
	    ((r[2] >> 3) & 0xf) != DNS_OPCODE_NOTIFY)
		return false;
	/* RFC 1996 4.7 echoes the question; a reply without one passes. */
	if (r[5] == 0)
		return true;
	return r[5] == 1 && dns_name_equal(r + DNS_HDR_LEN, j->apex) &&
	    memcmp(r + qend - 4, j->msg + qend - 4, 4) == 0;
}

static void
job_read(struct loop_io *io, uint32_t events)
{
	struct job *j = io->arg;
	uint8_t buf[4096];
	char why[128];
	uint16_t perr;
	ssize_t n;
	unsigned rc;

	(void)events;
	while ((n = recv(io->fd, buf, sizeof(buf), MSG_DONTWAIT)) >= 0) {
		if (!matches(j, buf, (size_t)n))
			continue;
		rc = buf[3] & 0xf;
		if (j->tsig_on && dns_tsig_verify_response(&j->tsig, buf,
		    (size_t)n, (uint64_t)time(NULL), &perr, why,
		    sizeof(why)) != 0) {
			/* Perhaps forged: the retries go on. */
			log_warnx("zone %s: NOTIFY serial %u to %s: reply "
			    "ignored, %s", j->zone, j->serial, j->target, why);
			/* The next try is signed afresh. */
			continue;
		}
		if (rc == DNS_RCODE_NOERROR) {
			log_info("zone %s: NOTIFY serial %u to %s answered "
			    "(%u %s)", j->zone, j->serial, j->target, j->tries,
			    j->tries == 1 ? "try" : "tries");
			j->nf->st.acked++;
		} else {
			log_warnx("zone %s: NOTIFY serial %u to %s: %s",
			    j->zone, j->serial, j->target, rcode_text(rc));
			j->nf->st.failed++;
		}
		job_free(j);
		return;
	}
}

/* The NOTIFY: header, question, the SOA in the answer section. */
static size_t
build(uint8_t *buf, size_t cap, uint16_t id, const struct dns_zone *z)
{
	const uint8_t *p = z->rdata + z->soa->off;
	size_t rdlen = (size_t)p[0] << 8 | p[1];
	struct wbuf w;

	wbuf_init(&w, buf, cap);
	wbuf_u16(&w, id);
	wbuf_u16(&w, (DNS_OPCODE_NOTIFY << DNS_OPCODE_SHIFT) | DNS_FLAG_AA);
	wbuf_u16(&w, 1);
	wbuf_u16(&w, 1);
	wbuf_u16(&w, 0);
	wbuf_u16(&w, 0);
	wbuf_bytes(&w, z->apex, dns_name_len(z->apex));
	wbuf_u16(&w, DNS_TYPE_SOA);
	wbuf_u16(&w, DNS_CLASS_IN);
	wbuf_u16(&w, 0xc000 | DNS_HDR_LEN);
	wbuf_u16(&w, DNS_TYPE_SOA);
	wbuf_u16(&w, DNS_CLASS_IN);
	wbuf_u32(&w, z->soa->ttl);
	wbuf_u16(&w, (uint16_t)rdlen);
	wbuf_bytes(&w, p + 2, rdlen);
	return w.err ? 0 : w.len;
}

/* A UDP socket from the zone's transfer-source to the target. */
static int
open_socket(const struct conf_zone *cz, const struct conf_remote *r)
{
	const struct sockaddr *sa = (const void *)&r->addr.ss;
	struct sockaddr_storage src;
	socklen_t srclen;
	int fd;

	fd = socket(sa->sa_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd < 0)
		return -1;
	if (cz->transfer_source.af == sa->sa_family) {
		srclen = conf_addr_sockaddr(&cz->transfer_source, 0, &src);
		if (bind(fd, (struct sockaddr *)&src, srclen) != 0)
			goto fail;
	}
	if (connect(fd, sa, r->addr.sslen) != 0)
		goto fail;
	return fd;
fail:
	close(fd);
	return -1;
}

static void
job_start(struct notifier *nf, const struct conf *conf,
    const struct conf_zone *cz, const struct conf_remote *r,
    const struct dns_zone *z)
{
	struct job *j = xcalloc(1, sizeof(*j));

	j->nf = nf;
	j->io.fd = -1;
	memcpy(j->apex, z->apex, dns_name_len(z->apex));
	snprintf(j->zone, sizeof(j->zone), "%s", cz->domain);
	snprintf(j->target, sizeof(j->target), "%s", r->addr.text);
	j->serial = z->serial;
	if (getrandom(&j->id, sizeof(j->id), 0) != sizeof(j->id))
		j->id = (uint16_t)(loop_now_ms() ^ (uintptr_t)j);
	j->len = build(j->msg, sizeof(j->msg) - DNS_TSIG_RR_MAX, j->id, z);
	if (r->key != CONF_KEY_NONE && r->key < conf->nkeys) {
		j->tsig_on = true;
		dns_tsig_ctx_init(&j->tsig, &conf->keys[r->key]);
	}
	j->next = nf->jobs;
	nf->jobs = j;
	loop_timer_init(&j->timer, job_timeout, j);
	if (j->len == 0 || (j->io.fd = open_socket(cz, r)) < 0) {
		log_warn("zone %s: NOTIFY to %s", j->zone, j->target);
		nf->st.failed++;
		job_free(j);
		return;
	}
	j->io.cb = job_read;
	j->io.arg = j;
	if (loop_io_add(nf->loop, &j->io, EPOLLIN) != 0) {
		log_warnx("zone %s: NOTIFY to %s: cannot wait for the reply",
		    j->zone, j->target);
		close(j->io.fd);
		j->io.fd = -1;
		nf->st.failed++;
		job_free(j);
		return;
	}
	log_info("zone %s: NOTIFY serial %u to %s%s", j->zone, j->serial,
	    j->target, j->tsig_on ? " (TSIG)" : "");
	(void)job_send(j);
	j->wait_ms = NOTIFY_FIRST_MS;
	loop_timer_set(nf->loop, &j->timer, j->wait_ms);
}

/* The slot remembering zone apex; NULL if full of others (never). */
static struct seen *
seen_slot(struct notifier *nf, const uint8_t *apex, bool *fresh)
{
	size_t i;

	for (i = 0; i < nf->nseen; i++)
		if (dns_name_equal(nf->seen[i].apex, apex)) {
			*fresh = false;
			return &nf->seen[i];
		}
	xgrow(&nf->seen, &nf->seencap, nf->nseen + 1, sizeof(*nf->seen));
	memcpy(nf->seen[nf->nseen].apex, apex, dns_name_len(apex));
	*fresh = true;
	return &nf->seen[nf->nseen++];
}

void
notifier_update(struct notifier *nf, const struct conf *conf,
    const struct dns_db *db)
{
	const struct conf_zone *cz;
	const struct dns_zone *z;
	struct job *j, *next;
	struct seen *s;
	size_t i, k;
	bool fresh;

	for (i = 0; i < conf->nzones; i++) {
		cz = &conf->zones[i];
		if (cz->nnotify == 0)
			continue;
		z = dns_db_find_zone(db, cz->apex);
		if (z == NULL || z->soa == NULL || z->nnodes == 0 ||
		    !dns_name_equal(z->apex, cz->apex))
			continue;
		s = seen_slot(nf, cz->apex, &fresh);
		if (!fresh && s->serial == z->serial)
			continue;
		s->serial = z->serial;
		/* A newer serial replaces what is still being retried. */
		for (j = nf->jobs; j != NULL; j = next) {
			next = j->next;
			if (dns_name_equal(j->apex, cz->apex))
				job_free(j);
		}
		for (k = 0; k < cz->nnotify; k++)
			job_start(nf, conf, cz, &cz->notify[k], z);
	}
}
