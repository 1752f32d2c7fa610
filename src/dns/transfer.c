/* SPDX-License-Identifier: MIT */
/*
 * transfer.c -- TSIG, transfer requests and NOTIFY in the query path.
 *
 * A signed query is checked before anything else is decided, so that
 * every answer to it, errors included, carries the TSIG RFC 8945 5.3
 * asks for.  Transfers follow RFC 5936 and RFC 1995 with Knot's choices
 * where the RFCs leave room (AXFR over UDP: NOTIMP; IXFR over UDP: the
 * SOA alone, "ask over TCP"; a name that is not a zone apex: NOTAUTH,
 * for transfers and NOTIFY alike),
 * but a client outside allow-transfer is REFUSED, as the issue and BIND
 * and NSD have it (Knot says NOTAUTH).  NOTIFY is taken only from a
 * secondary zone's primaries (RFC 1996 3.10).
 */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../common/err.h"
#include "journal.h"
#include "name.h"
#include "transfer.h"
#include "zone.h"

static void	refused(const struct dns_answer_conf *,
		    const struct dns_client *, const uint8_t *, const char *);

unsigned
dns_xq_tsig(struct dns_xq *xq, const struct dns_answer_conf *conf,
    const struct dns_client *cl, const uint8_t *lname, const uint8_t *query,
    size_t qlen)
{
	char why[DNS_NAME_MAX * 4 + 64], key[DNS_NAME_MAX * 4 + 1];
	struct dns_tsig_rr rr;
	const struct conf *cfg = conf->cfg;
	int r;

	if (dns_tsig_find(query, qlen, &rr) != 1)
		return DNS_RCODE_FORMERR;	/* 5.2: cannot be interpreted */
	r = dns_tsig_verify_request(&xq->ctx, cfg ? cfg->keys : NULL,
	    cfg ? cfg->nkeys : 0, query, qlen, &rr, (uint64_t)time(NULL));
	if (r == CN_EPARSE)
		return DNS_RCODE_FORMERR;	/* 5.2.2.1: MAC size */
	xq->tsig = true;
	if (r == 0)
		return DNS_RCODE_NOERROR;
	/* 5.2.1-5.2.4: the server SHOULD log the error. */
	if (dns_name_to_text(rr.name, key, sizeof(key)) < 0)
		snprintf(key, sizeof(key), "?");
	snprintf(why, sizeof(why), "TSIG %s with key %s",
	    r == DNS_TSIG_BADKEY ? "BADKEY" : r == DNS_TSIG_BADSIG ? "BADSIG" :
	    r == DNS_TSIG_BADTIME ? "BADTIME" : "BADTRUNC", key);
	refused(conf, cl, lname, why);
	return DNS_RCODE_NOTAUTH;
}

size_t
dns_xq_tsig_size(const struct dns_xq *xq)
{
	return xq->tsig ? dns_tsig_rr_size(&xq->ctx) : 0;
}

int
dns_xq_sign(struct dns_xq *xq, uint8_t *resp, size_t *len, size_t cap)
{
	if (!xq->tsig)
		return 0;
	return dns_tsig_sign_response(&xq->ctx, resp, len, cap,
	    (uint64_t)time(NULL));
}

/* The configuration of zone z: usually at its db_index. */
static const struct conf_zone *
zone_conf(const struct conf *cfg, const uint8_t *apex, size_t hint)
{
	size_t i;

	if (cfg == NULL)
		return NULL;
	if (hint < cfg->nzones && dns_name_equal(cfg->zones[hint].apex, apex))
		return &cfg->zones[hint];
	for (i = 0; i < cfg->nzones; i++)
		if (dns_name_equal(cfg->zones[i].apex, apex))
			return &cfg->zones[i];
	return NULL;
}

static void
refused(const struct dns_answer_conf *conf, const struct dns_client *cl,
    const uint8_t *apex, const char *what)
{
	if (conf->refused != NULL)
		conf->refused(cl, apex, what);
}

/* RFC 1982: a >= b in serial number arithmetic. */
static bool
serial_ge(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) >= 0;
}

/* The zone's SOA, owned by the question's name (offset 12). */
static bool
put_soa(struct wbuf *w, const struct dns_zone *z)
{
	const uint8_t *p = z->rdata + z->soa->off;
	size_t len = (size_t)p[0] << 8 | p[1];
	size_t len0 = w->len;

	wbuf_u16(w, 0xc000 | DNS_HDR_LEN);
	wbuf_u16(w, DNS_TYPE_SOA);
	wbuf_u16(w, DNS_CLASS_IN);
	wbuf_u32(w, z->soa->ttl);
	wbuf_u16(w, (uint16_t)len);
	wbuf_bytes(w, p + 2, len);
	if (w->err) {
		w->err = false;
		w->len = len0;
		return false;
	}
	return true;
}

unsigned
dns_xq_transfer(struct dns_xq *xq, const struct dns_db *db,
    const struct dns_answer_conf *conf, const struct dns_client *cl,
    const uint8_t *lname, uint16_t qtype, struct wbuf *w, uint16_t *an,
    struct dns_xfr_req *req, bool *started)
{
	const char *what = qtype == DNS_TYPE_AXFR ? "AXFR" : "IXFR";
	const struct conf_zone *cz;
	const struct dns_zone *z;
	bool tcp = cl != NULL && cl->tcp;
	char why[80];

	*started = false;
	*an = 0;
	z = dns_db_find_zone(db, lname);
	if (z == NULL || !dns_name_equal(z->apex, lname))
		return DNS_RCODE_NOTAUTH;	/* not a zone of ours (Knot) */
	if (qtype == DNS_TYPE_AXFR && !tcp)
		return DNS_RCODE_NOTIMP;	/* RFC 5936 4.2: TCP only */
	cz = zone_conf(conf->cfg, z->apex, z->db_index);
	if (cz == NULL || !dns_xfr_allowed(cz, conf->cfg,
	    cl ? cl->addr : NULL, xq->tsig ? xq->ctx.name : NULL)) {
		snprintf(why, sizeof(why), "%s refused: %s", what,
		    cz != NULL && cz->nallow_transfer ? "not in allow-transfer "
		    "(address or key)" : "the zone has no allow-transfer");
		refused(conf, cl, z->apex, why);
		return DNS_RCODE_REFUSED;
	}
	/* A secondary without data (none yet, or expired): as Knot. */
	if (z->nnodes == 0 || z->soa == NULL)
		return DNS_RCODE_SERVFAIL;
	/*
	 * RFC 1995 2: over UDP, or to a client as new as we are, the SOA
	 * alone.  Every other IXFR gets the differences from its serial
	 * when the journal has them, else the zone in AXFR form (RFC 1995 4).
	 */
	if (qtype == DNS_TYPE_IXFR && (!tcp || (xq->has_serial &&
	    serial_ge(xq->serial, z->serial)))) {
		if (!put_soa(w, z))
			return DNS_RCODE_SERVFAIL;
		*an = 1;
		return DNS_RCODE_NOERROR;
	}
	if (req == NULL)
		return DNS_RCODE_SERVFAIL;	/* no way to stream it */
	req->journal = NULL;
	req->from = 0;
	if (qtype == DNS_TYPE_IXFR && xq->has_serial &&
	    conf->journals != NULL && z->db_index < conf->njournals) {
		/* RFC 1995 4: the differences, when the journal has them. */
		int k = dns_journal_find(conf->journals[z->db_index],
		    xq->serial, z->serial);

		if (k >= 0) {
			req->journal = conf->journals[z->db_index];
			req->from = (size_t)k;
		}
	}
	req->start = true;
	req->zone = z;
	req->qtype = qtype;
	req->tsig_on = xq->tsig;
	if (xq->tsig)
		req->tsig = xq->ctx;
	*started = true;
	return DNS_RCODE_NOERROR;
}

/* True if sa is the address (any port) of one of the zone's primaries,
 * and the query was signed with that primary's key if it names one. */
static bool
from_primary(const struct conf_zone *cz, const struct conf *cfg,
    const struct sockaddr *sa, const uint8_t *key)
{
	static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };
	const struct sockaddr_in6 *s6;
	struct sockaddr_in s4;
	size_t i;

	if (sa == NULL)
		return false;
	/* A v4-mapped client on a dual-stack socket: compare as IPv4. */
	if (sa->sa_family == AF_INET6) {
		s6 = (const void *)sa;
		if (memcmp(&s6->sin6_addr, mapped, 12) == 0) {
			memset(&s4, 0, sizeof(s4));
			s4.sin_family = AF_INET;
			memcpy(&s4.sin_addr,
			    (const uint8_t *)&s6->sin6_addr + 12, 4);
			sa = (const struct sockaddr *)&s4;
		}
	}
	for (i = 0; i < cz->nprimaries; i++) {
		const struct conf_remote *p = &cz->primaries[i];
		const struct sockaddr *pa = (const void *)&p->addr.ss;

		if (pa->sa_family != sa->sa_family)
			continue;
		if (sa->sa_family == AF_INET && memcmp(
		    &((const struct sockaddr_in *)(const void *)pa)->sin_addr,
		    &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
		    4) != 0)
			continue;
		if (sa->sa_family == AF_INET6 && memcmp(
		    &((const struct sockaddr_in6 *)(const void *)pa)->sin6_addr,
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		    16) != 0)
			continue;
		if (p->key == CONF_KEY_NONE)
			return true;
		if (key != NULL && p->key < cfg->nkeys &&
		    dns_name_equal(cfg->keys[p->key].name, key))
			return true;
	}
	return false;
}

unsigned
dns_xq_notify(struct dns_xq *xq, const struct dns_answer_conf *conf,
    const struct dns_client *cl, const uint8_t *lname, uint16_t qtype,
    bool *aa)
{
	const struct conf *cfg = conf->cfg;
	const struct conf_zone *cz;

	*aa = false;
	cz = zone_conf(cfg, lname, SIZE_MAX);
	if (cz == NULL) {
		/* Not authoritative for it, as Knot says. */
		refused(conf, cl, lname, "NOTIFY refused: not a zone of ours");
		return DNS_RCODE_NOTAUTH;
	}
	if (qtype != DNS_TYPE_SOA) {
		/* RFC 1996 3.2: other types are reserved. */
		refused(conf, cl, lname, "NOTIFY refused: not for SOA");
		return DNS_RCODE_REFUSED;
	}
	if (cz->nprimaries == 0) {
		refused(conf, cl, lname, "NOTIFY refused: not a secondary");
		return DNS_RCODE_REFUSED;
	}
	if (!from_primary(cz, cfg, cl ? cl->addr : NULL,
	    xq->tsig ? xq->ctx.name : NULL)) {
		refused(conf, cl, lname,
		    "NOTIFY refused: not from a primary (address or key)");
		return DNS_RCODE_REFUSED;
	}
	if (conf->notify != NULL)
		conf->notify(conf->notify_arg, (size_t)(cz - cfg->zones),
		    xq->serial, xq->has_serial);
	*aa = true;
	return DNS_RCODE_NOERROR;
}
