/* SPDX-License-Identifier: MIT */
/*
 * xfrout.c -- the messages of an outgoing AXFR (RFC 5936), written from a
 * referenced zone one message at a time.
 *
 * The walk is SOA, then every node in canonical order with every RRset
 * and record (the apex SOA skipped), then the SOA again; the position is
 * kept between messages.  Each message repeats the question (as Knot's
 * do, RFC 5936 2.2.1 allows it), carries an OPT when the query had one,
 * and is signed when the query was.  Names are compressed within a
 * message through a small hashed table whose entries can be undone, so a
 * record that does not fit leaves no trace.
 */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "../common/mem.h"
#include "../common/wbuf.h"
#include "compr.h"
#include "journal.h"
#include "name.h"
#include "xfrout.h"
#include "zone.h"

#define COMPR_MAX	1024	/* names remembered per message */
#define COMPR_BUCKETS	2048

enum phase {
	PH_SOA = 0,
	PH_BODY,
	PH_DIFF,
	PH_LAST,
	PH_DONE,
};

/* Within one difference: its old SOA, deletions, new SOA, additions. */
enum part {
	PT_FROM_SOA = 0,
	PT_DEL,
	PT_TO_SOA,
	PT_ADD,
};

struct dns_xfrout {
	struct dns_zone		*zone;
	uint16_t		 id;
	uint8_t			 question[DNS_NAME_MAX + 4];
	size_t			 question_len;
	bool			 edns;
	bool			 rd;
	uint16_t		 payload;
	bool			 tsig_on;
	struct dns_tsig_ctx	 tsig;
	enum phase		 phase;
	size_t			 node;
	unsigned		 rrset;
	unsigned		 rr;
	uint32_t		 rdoff;		/* of the next record, rr > 0 */
	const struct dns_journal *journal;	/* IXFR: a reference */
	size_t			 di;		/* the difference */
	enum part		 part;
	size_t			 doff;		/* in its data */
	unsigned		 messages;
	size_t			 records;
	bool			 failed;
	/* Per message. */
	struct wbuf		 w;
	struct dns_compr	 compr;
	struct dns_compr_ent	 ct[COMPR_MAX];
	int16_t			 heads[COMPR_BUCKETS];
};

static bool
prefix_has(const struct conf_prefix *p, int af, const uint8_t *addr)
{
	unsigned full = p->len / 8, rest = p->len % 8;

	if (p->af != af)
		return false;
	if (memcmp(p->addr, addr, full) != 0)
		return false;
	return rest == 0 ||
	    ((p->addr[full] ^ addr[full]) & (0xff00 >> rest)) == 0;
}

bool
dns_xfr_allowed(const struct conf_zone *z, const struct conf *conf,
    const struct sockaddr *sa, const uint8_t *key)
{
	static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };
	const uint8_t *addr;
	int af;
	size_t i;

	if (sa == NULL)
		return false;
	if (sa->sa_family == AF_INET) {
		af = AF_INET;
		addr = (const uint8_t *)&((const struct sockaddr_in *)
		    (const void *)sa)->sin_addr;
	} else if (sa->sa_family == AF_INET6) {
		addr = (const uint8_t *)&((const struct sockaddr_in6 *)
		    (const void *)sa)->sin6_addr;
		af = AF_INET6;
		if (memcmp(addr, mapped, 12) == 0) {
			af = AF_INET;
			addr += 12;
		}
	} else
		return false;
	for (i = 0; i < z->nallow_transfer; i++) {
		const struct conf_acl *a = &z->allow_transfer[i];

		if (!prefix_has(&a->prefix, af, addr))
			continue;
		if (a->key == CONF_KEY_NONE)
			return true;
		if (key != NULL && a->key < conf->nkeys &&
		    dns_name_equal(conf->keys[a->key].name, key))
			return true;
	}
	return false;
}

struct dns_xfrout *
dns_xfrout_new(const struct dns_xfr_req *req)
{
	struct dns_xfrout *x;

	x = xcalloc(1, sizeof(*x));
	/* The zone is shared read-only; only its count changes. */
	x->zone = dns_zone_ref((struct dns_zone *)(uintptr_t)req->zone);
	x->id = req->id;
	memcpy(x->question, req->question, req->question_len);
	x->question_len = req->question_len;
	x->edns = req->edns;
	x->rd = req->rd;
	x->payload = req->payload;
	x->tsig_on = req->tsig_on;
	if (req->tsig_on) {
		x->tsig = req->tsig;
		x->tsig.run = NULL;
	}
	if (req->journal != NULL) {
		x->journal = dns_journal_ref(req->journal);
		x->di = req->from;
	}
	x->phase = PH_SOA;
	return x;
}

void
dns_xfrout_free(struct dns_xfrout *x)
{
	if (x == NULL)
		return;
	dns_zone_free(x->zone);
	dns_journal_free(x->journal);
	dns_tsig_ctx_clear(&x->tsig);
	free(x);
}

const uint8_t *
dns_xfrout_apex(const struct dns_xfrout *x)
{
	return x->zone->apex;
}

uint32_t
dns_xfrout_serial(const struct dns_xfrout *x)
{
	return x->zone->serial;
}

bool
dns_xfrout_complete(const struct dns_xfrout *x)
{
	return x->phase == PH_DONE && !x->failed;
}

unsigned
dns_xfrout_messages(const struct dns_xfrout *x)
{
	return x->messages;
}

size_t
dns_xfrout_records(const struct dns_xfrout *x)
{
	return x->records;
}

/* One record; false (and nothing written) if it does not fit. */
static bool
put_rr(struct dns_xfrout *x, const uint8_t *owner, uint16_t type,
    uint32_t ttl, const uint8_t *rd, size_t rdlen)
{
	size_t len0 = x->w.len, start;
	unsigned nct0 = x->compr.n;
	uint8_t *lenp;

	dns_put_name(&x->w, &x->compr, owner);
	wbuf_u16(&x->w, type);
	wbuf_u16(&x->w, DNS_CLASS_IN);
	wbuf_u32(&x->w, ttl);
	lenp = wbuf_reserve(&x->w, 2);
	start = x->w.len;
	dns_put_rdata(&x->w, &x->compr, type, rd, rdlen);
	if (x->w.err) {
		x->w.err = false;
		x->w.len = len0;
		dns_compr_undo(&x->compr, nct0);
		return false;
	}
	wbuf_put_u16_at(lenp, (uint16_t)(x->w.len - start));
	x->records++;
	return true;
}

static bool
put_soa(struct dns_xfrout *x)
{
	const struct dns_zone *z = x->zone;
	const uint8_t *p = z->rdata + z->soa->off;

	return put_rr(x, z->apex, DNS_TYPE_SOA, z->soa->ttl, p + 2,
	    (size_t)p[0] << 8 | p[1]);
}

/* Moves the cursor past the current RRset. */
static void
next_rrset(struct dns_xfrout *x)
{
	const struct dns_zone *z = x->zone;

	x->rr = 0;
	x->rrset++;
	if (x->rrset >= z->nodes[x->node].nrrsets) {
		x->rrset = 0;
		x->node++;
	}
}

/* Writes body records while they fit; true when the body is done. */
static bool
put_body(struct dns_xfrout *x)
{
	const struct dns_zone *z = x->zone;
	const struct dns_node *n;
	const struct dns_rrset *rs;
	const uint8_t *p;
	size_t len;

	while (x->node < z->nnodes) {
		n = &z->nodes[x->node];
		if (x->rrset >= n->nrrsets) {	/* empty non-terminal */
			x->rrset = 0;
			x->node++;
			continue;
		}
		rs = &z->rrsets[n->rrset + x->rrset];
		if (rs == z->soa) {
			next_rrset(x);
			continue;
		}
		if (x->rr == 0)
			x->rdoff = rs->off;
		while (x->rr < rs->count) {
			p = z->rdata + x->rdoff;
			len = (size_t)p[0] << 8 | p[1];
			if (!put_rr(x, dns_node_name(z, n), rs->type, rs->ttl,
			    p + 2, len))
				return false;
			x->rdoff += 2 + (uint32_t)len;
			x->rr++;
		}
		next_rrset(x);
	}
	return true;
}

/* One record of a difference's data at *off; false if it does not fit. */
static bool
put_diff_rr(struct dns_xfrout *x, const uint8_t *data, size_t *off)
{
	const uint8_t *p = data + *off;
	size_t olen = dns_name_len(p);
	uint16_t type = (uint16_t)(p[olen] << 8 | p[olen + 1]);
	uint32_t ttl = (uint32_t)p[olen + 2] << 24 |
	    (uint32_t)p[olen + 3] << 16 | (uint32_t)p[olen + 4] << 8 |
	    p[olen + 5];
	uint16_t rdlen = (uint16_t)(p[olen + 6] << 8 | p[olen + 7]);

	if (!put_rr(x, p, type, ttl, p + olen + 8, rdlen))
		return false;
	*off += olen + 8 + rdlen;
	return true;
}

/* Writes differences while they fit; true when all are written. */
static bool
put_diffs(struct dns_xfrout *x)
{
	const struct dns_diff *d;

	for (; x->di < x->journal->n; x->di++, x->part = PT_FROM_SOA) {
		d = x->journal->d[x->di];
		switch (x->part) {
		case PT_FROM_SOA:
			if (!put_rr(x, x->zone->apex, DNS_TYPE_SOA, d->from_ttl,
			    d->from_soa, d->from_soa_len))
				return false;
			x->part = PT_DEL;
			x->doff = 0;
			/* FALLTHROUGH */
		case PT_DEL:
			while (x->doff < d->del_len)
				if (!put_diff_rr(x, d->data, &x->doff))
					return false;
			x->part = PT_TO_SOA;
			/* FALLTHROUGH */
		case PT_TO_SOA:
			if (!put_rr(x, x->zone->apex, DNS_TYPE_SOA, d->to_ttl,
			    d->to_soa, d->to_soa_len))
				return false;
			x->part = PT_ADD;
			/* FALLTHROUGH */
		case PT_ADD:
			while (x->doff < d->len)
				if (!put_diff_rr(x, d->data, &x->doff))
					return false;
			break;
		}
	}
	return true;
}

static size_t
opt_len(const struct dns_xfrout *x)
{
	return x->edns ? 11 : 0;
}

/* Fills the answer section from the cursor; returns records written. */
static uint16_t
fill(struct dns_xfrout *x)
{
	size_t before = x->records;

	if (x->phase == PH_SOA) {
		if (!put_soa(x))
			return 0;
		x->phase = x->journal != NULL ? PH_DIFF : PH_BODY;
		x->node = 0;
		x->rrset = 0;
		x->rr = 0;
	}
	if (x->phase == PH_BODY && put_body(x))
		x->phase = PH_LAST;
	if (x->phase == PH_DIFF && put_diffs(x))
		x->phase = PH_LAST;
	if (x->phase == PH_LAST && put_soa(x))
		x->phase = PH_DONE;
	return (uint16_t)(x->records - before);
}

/* Ends the transfer unfinished: the client sees no closing SOA. */
static size_t
fail(struct dns_xfrout *x)
{
	x->failed = true;
	x->phase = PH_DONE;
	return 0;
}

size_t
dns_xfrout_next(struct dns_xfrout *x, uint8_t *buf, size_t cap,
    uint64_t now)
{
	size_t reserve, len;
	uint16_t an;

	if (x->phase == PH_DONE)
		return 0;
	if (cap > DNS_MSG_MAX)
		cap = DNS_MSG_MAX;
	reserve = opt_len(x) + (x->tsig_on ? dns_tsig_rr_size(&x->tsig) : 0);
	dns_compr_init(&x->compr, x->ct, COMPR_MAX, x->heads, COMPR_BUCKETS);
	wbuf_init(&x->w, buf, cap);
	(void)wbuf_reserve(&x->w, DNS_HDR_LEN);
	wbuf_bytes(&x->w, x->question, x->question_len);
	/* The question's name is the first compression target. */
	if (x->question_len > 4) {
		const uint8_t *p = buf + DNS_HDR_LEN;

		while (*p) {
			dns_compr_add(&x->compr, p, (size_t)(p - buf));
			p += *p + 1;
		}
	}
	if (x->w.err || cap < DNS_TSIG_RR_MAX + 11 + x->w.len)
		return fail(x);
	/* Aim at the target; a lone record too big for it may use it all. */
	x->w.cap = DNS_XFR_MSG_TARGET - reserve;
	if (x->w.cap > cap - reserve)
		x->w.cap = cap - reserve;
	an = fill(x);
	if (an == 0) {
		x->w.cap = cap - reserve;
		an = fill(x);
		if (an == 0)
			return fail(x);	/* a record and its owner > 64 KiB */
	}
	x->w.cap = cap;
	if (x->edns) {
		wbuf_u8(&x->w, 0);
		wbuf_u16(&x->w, DNS_TYPE_OPT);
		wbuf_u16(&x->w, x->payload);
		wbuf_u32(&x->w, 0);
		wbuf_u16(&x->w, 0);
	}
	wbuf_put_u16_at(buf, x->id);
	/* RFC 5936 2.2.1: QR, AA, RD copied, opcode QUERY, RCODE 0. */
	wbuf_put_u16_at(buf + 2, DNS_FLAG_QR | DNS_FLAG_AA |
	    (x->rd ? DNS_FLAG_RD : 0));
	wbuf_put_u16_at(buf + 4, x->question_len > 0 ? 1 : 0);
	wbuf_put_u16_at(buf + 6, an);
	wbuf_put_u16_at(buf + 8, 0);
	wbuf_put_u16_at(buf + 10, x->edns ? 1 : 0);
	len = x->w.len;
	if (x->tsig_on &&
	    dns_tsig_sign_response(&x->tsig, buf, &len, cap, now) != 0)
		return fail(x);
	x->messages++;
	return len;
}
