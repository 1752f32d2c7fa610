/* SPDX-License-Identifier: MIT */
/*
 * refused.c -- the log line for a refused transfer or NOTIFY, written from
 * a worker thread: who asked (address and port), for which zone, why.
 * Remote input decides how often this runs, so the lines go through one
 * token bucket shared by the workers (a burst of REFUSED_BURST, then
 * REFUSED_RATE a second); what is held back is counted and said later.
 * The end of each transfer out is logged too, allowed clients only.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "../common/log.h"
#include "../dns/name.h"
#include "../dns/xfrout.h"
#include "../dns/zone.h"
#include "worker.h"

#define REFUSED_RATE	10	/* lines a second */
#define REFUSED_BURST	20

static _Atomic uint64_t	bucket_ms;	/* when the bucket was last full */
static atomic_uint	suppressed;
/* Counters for the metrics; rare events, so shared atomics do. */
static _Atomic uint64_t	n_done, n_cut, n_xfr_refused, n_notify_refused;
static _Atomic uint64_t	n_tsig[4];

void
server_xfr_stats(struct server_xfr_stats *out)
{
	unsigned i;

	out->xfr_done = atomic_load(&n_done);
	out->xfr_cut_short = atomic_load(&n_cut);
	out->xfr_refused = atomic_load(&n_xfr_refused);
	out->notify_refused = atomic_load(&n_notify_refused);
	for (i = 0; i < 4; i++)
		out->tsig_error[i] = atomic_load(&n_tsig[i]);
}

/* Counts a refusal by the words transfer.c starts it with. */
static void
count(const char *what)
{
	static const char *const tsig[4] = { "TSIG BADKEY", "TSIG BADSIG",
	    "TSIG BADTIME", "TSIG BADTRUNC" };
	unsigned i;

	if (strncmp(what, "AXFR", 4) == 0 || strncmp(what, "IXFR", 4) == 0)
		atomic_fetch_add(&n_xfr_refused, 1);
	else if (strncmp(what, "NOTIFY", 6) == 0)
		atomic_fetch_add(&n_notify_refused, 1);
	for (i = 0; i < 4; i++)
		if (strncmp(what, tsig[i], strlen(tsig[i])) == 0 &&
		    what[strlen(tsig[i])] == ' ')
			atomic_fetch_add(&n_tsig[i], 1);
}

/* Takes a token; false if the bucket is empty. */
static bool
take_token(void)
{
	uint64_t now = worker_now_ms(), t, floor, next;

	floor = now - (uint64_t)REFUSED_BURST * 1000 / REFUSED_RATE;
	t = atomic_load(&bucket_ms);
	do {
		next = (t < floor ? floor : t) + 1000 / REFUSED_RATE;
		if (next > now)
			return false;
	} while (!atomic_compare_exchange_weak(&bucket_ms, &t, next));
	return true;
}

static void
addr_text(const struct sockaddr *sa, char *addr, size_t len)
{
	addr[0] = '\0';
	if (sa != NULL && sa->sa_family == AF_INET) {
		const struct sockaddr_in *s = (const void *)sa;

		inet_ntop(AF_INET, &s->sin_addr, addr, (socklen_t)len);
		snprintf(addr + strlen(addr), len - strlen(addr), "#%u",
		    ntohs(s->sin_port));
	} else if (sa != NULL && sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s = (const void *)sa;

		inet_ntop(AF_INET6, &s->sin6_addr, addr, (socklen_t)len);
		snprintf(addr + strlen(addr), len - strlen(addr), "#%u",
		    ntohs(s->sin6_port));
	}
	if (addr[0] == '\0')
		snprintf(addr, len, "?");
}

void
server_log_xfr_end(const struct sockaddr *peer, const struct dns_xfrout *x,
    bool complete, uint64_t ms)
{
	char addr[INET6_ADDRSTRLEN + 8], zone[DNS_NAME_MAX * 4 + 1];

	atomic_fetch_add(complete ? &n_done : &n_cut, 1);
	addr_text(peer, addr, sizeof(addr));
	if (dns_name_to_text(dns_xfrout_apex(x), zone, sizeof(zone)) < 0)
		snprintf(zone, sizeof(zone), "?");
	log_info("zone %s: transfer to %s %s: serial %u, %u messages, %zu "
	    "records, %llu ms", zone, addr, complete ? "done" :
	    "cut short", dns_xfrout_serial(x), dns_xfrout_messages(x),
	    dns_xfrout_records(x), (unsigned long long)ms);
}

void
server_log_refused(const struct dns_client *cl, const uint8_t *apex,
    const char *what)
{
	char addr[INET6_ADDRSTRLEN + 8], zone[DNS_NAME_MAX * 4 + 1];
	unsigned held;

	count(what);
	if (!take_token()) {
		atomic_fetch_add(&suppressed, 1);
		return;
	}
	addr_text(cl != NULL ? cl->addr : NULL, addr, sizeof(addr));
	if (dns_name_to_text(apex, zone, sizeof(zone)) < 0)
		snprintf(zone, sizeof(zone), "?");
	held = atomic_exchange(&suppressed, 0);
	if (held > 0)
		log_info("zone %s: %s, client %s over %s (%u more such lines "
		    "held back)", zone, what, addr,
		    cl != NULL && cl->tcp ? "TCP" : "UDP", held);
	else
		log_info("zone %s: %s, client %s over %s", zone, what,
		    addr, cl != NULL && cl->tcp ? "TCP" :
		    "UDP");
}
