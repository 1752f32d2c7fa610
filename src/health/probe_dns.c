/* SPDX-License-Identifier: MIT */
/*
 * probe_dns.c -- the dns probe: one question over UDP or TCP, a reply
 * checked for its id, question, rcode and (optionally) an answer's RDATA.
 *
 * The query has a random id, RD clear and no EDNS: a health check asks
 * what any resolver would, nothing the server must negotiate.  Over UDP a
 * datagram that does not answer our question (other id or question) is
 * ignored, so a stray reply cannot pass or fail the check; over TCP it
 * fails it.  The codec (probe_dns_query, probe_dns_check) is pure.
 *
 * A check without target asks the node itself on several addresses: its
 * probe runs one part per address in parallel, within the same timeout,
 * and passes only when every part does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/socket.h>

#include "../common/mem.h"
#include "../dns/name.h"
#include "../dns/rdata.h"
#include "../dns/rrprint.h"
#include "probe_int.h"

#define TCP_MSG_MAX	(2 + DNS_MSG_MAX)
#define UDP_MSG_MAX	4096

static void
put16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static uint16_t
get16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

size_t
probe_dns_query(uint8_t *buf, size_t cap, uint16_t id, const uint8_t *qname,
    uint16_t qtype)
{
	size_t nlen = dns_name_len(qname);

	if (cap < DNS_HDR_LEN + nlen + 4)
		return 0;
	memset(buf, 0, DNS_HDR_LEN);
	put16(buf, id);
	put16(buf + 4, 1);			/* QDCOUNT */
	memcpy(buf + DNS_HDR_LEN, qname, nlen);
	put16(buf + DNS_HDR_LEN + nlen, qtype);
	put16(buf + DNS_HDR_LEN + nlen + 2, DNS_CLASS_IN);
	return DNS_HDR_LEN + nlen + 4;
}

/*
 * The RDATA at msg[off..off+rdlen) with its names decompressed (RFC 1035
 * 4.1.4 allows pointers inside the RDATA of the well-known types).
 * Returns the length written to out, or -1.
 */
static int
rdata_expand(const uint8_t *msg, size_t len, size_t off, size_t rdlen,
    uint16_t type, uint8_t *out, size_t cap)
{
	const struct dns_rrtype *d = dns_rrtype_by_code(type);
	uint8_t name[DNS_NAME_MAX];
	size_t o = 0, end = off + rdlen, fl, i;
	int n;

	if (d == NULL) {
		if (rdlen > cap)
			return -1;
		memcpy(out, msg + off, rdlen);
		return (int)rdlen;
	}
	for (i = 0; i < DNS_RDF_MAX && d->fields[i] != DNS_RDF_END; i++) {
		switch (d->fields[i]) {
		case DNS_RDF_CNAME:
		case DNS_RDF_NAME:
			n = dns_name_unpack(msg, end, &off, name);
			if (n < 0 || o + (size_t)n > cap)
				return -1;
			memcpy(out + o, name, (size_t)n);
			o += (size_t)n;
			continue;
		case DNS_RDF_U8:
			fl = 1;
			break;
		case DNS_RDF_U16:
		case DNS_RDF_TYPE:
			fl = 2;
			break;
		case DNS_RDF_U32:
		case DNS_RDF_PERIOD:
		case DNS_RDF_TIME:
		case DNS_RDF_A:
			fl = 4;
			break;
		case DNS_RDF_AAAA:
			fl = 16;
			break;
		default:
			/* Everything else is not compressed: take the rest. */
			fl = end - off;
			i = DNS_RDF_MAX - 1;
			break;
		}
		if (off + fl > end || o + fl > cap)
			return -1;
		memcpy(out + o, msg + off, fl);
		o += fl;
		off += fl;
	}
	(void)len;
	return off == end ? (int)o : -1;
}

/* Case-insensitive, a trailing dot on either side ignored. */
static bool
text_match(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la > 0 && a[la - 1] == '.')
		la--;
	if (lb > 0 && b[lb - 1] == '.')
		lb--;
	return la == lb && strncasecmp(a, b, la) == 0;
}

static const char *
rcode_text(unsigned rc, char *buf, size_t len)
{
	const char *n = conf_rcode_name(rc);

	if (n != NULL)
		return n;
	snprintf(buf, len, "RCODE%u", rc);
	return buf;
}

/* 1: healthy, 0: an answer to us that fails the check, -1: not ours. */
static int
dns_verdict(const uint8_t *msg, size_t len, uint16_t id,
    const uint8_t *qname, uint16_t qtype, uint8_t rcode, const char *expect,
    char *why, size_t whylen)
{
	uint8_t name[DNS_NAME_MAX], rd[DNS_MSG_MAX];
	char got[32], want[32], *text;
	uint16_t flags, an, type, cls, rdlen;
	size_t off = DNS_HDR_LEN, i;
	int n, found = 0;

	if (len < DNS_HDR_LEN || get16(msg) != id)
		return -1;
	flags = get16(msg + 2);
	if (!(flags & DNS_FLAG_QR) || get16(msg + 4) != 1)
		return -1;
	if (dns_name_unpack(msg, len, &off, name) < 0 || off + 4 > len ||
	    !dns_name_equal(name, qname) || get16(msg + off) != qtype ||
	    get16(msg + off + 2) != DNS_CLASS_IN)
		return -1;
	off += 4;
	if ((flags & DNS_RCODE_MASK) != rcode) {
		snprintf(why, whylen, "%s (expected %s)", rcode_text(flags &
		    DNS_RCODE_MASK, got, sizeof(got)), rcode_text(rcode, want,
		    sizeof(want)));
		return 0;
	}
	snprintf(why, whylen, "%s", rcode_text(rcode, got, sizeof(got)));
	if (expect == NULL)
		return 1;
	if (flags & DNS_FLAG_TC) {
		snprintf(why, whylen, "truncated reply: answers not checked "
		    "(use protocol: tcp)");
		return 0;
	}
	an = get16(msg + 6);
	for (i = 0; i < an && !found; i++) {
		if (dns_name_unpack(msg, len, &off, name) < 0 ||
		    off + DNS_RR_FIXED_LEN > len)
			break;
		type = get16(msg + off);
		cls = get16(msg + off + 2);
		rdlen = get16(msg + off + 8);
		off += DNS_RR_FIXED_LEN;
		if (off + rdlen > len)
			break;
		if (type == qtype && cls == DNS_CLASS_IN &&
		    (n = rdata_expand(msg, len, off, rdlen, type, rd,
		    sizeof(rd))) >= 0) {
			/* rrprint.h: 16 * rdlen + 1024 always suffices. */
			text = xmalloc(16 * (size_t)n + 1024);
			if (dns_rdata_to_text(type, rd, (size_t)n, text,
			    16 * (size_t)n + 1024) >= 0 &&
			    text_match(text, expect))
				found = 1;
			free(text);
		}
		off += rdlen;
	}
	if (!found) {
		snprintf(why, whylen, "%s without the expected answer %s",
		    rcode_text(rcode, got, sizeof(got)), expect);
		return 0;
	}
	snprintf(why, whylen, "%s with %s", rcode_text(rcode, got,
	    sizeof(got)), expect);
	return 1;
}

bool
probe_dns_check(const uint8_t *msg, size_t len, uint16_t id,
    const uint8_t *qname, uint16_t qtype, uint8_t rcode, const char *expect,
    char *why, size_t whylen)
{
	int v = dns_verdict(msg, len, id, qname, qtype, rcode, expect, why,
	    whylen);

	if (v < 0)
		snprintf(why, whylen, "not a reply to the query");
	return v > 0;
}

static void
report(struct probe *p, const uint8_t *msg, size_t len)
{
	char why[PROBE_TEXT_MAX - 32], el[32];
	int v;

	v = dns_verdict(msg, len, p->id, p->qname, p->qtype, p->rcode,
	    p->expect_answer, why, sizeof(why));
	if (v < 0 && !p->tcp)
		return;		/* a stray datagram: keep waiting */
	if (v < 0)
		snprintf(why, sizeof(why), "not a reply to the query");
	probe_finish(p, v > 0, "%s in %s", why, probe_elapsed(p, el,
	    sizeof(el)));
}

static void
dns_cb(struct loop_io *io, uint32_t events)
{
	struct probe *p = io->arg;
	char el[32];
	size_t need;
	ssize_t n;

	(void)events;
	if (!probe_send_step(p, p->tcp ? "connect" : "send"))
		return;
	if (!p->tcp) {
		n = recv(p->io.fd, p->in, p->incap, 0);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n < 0) {
			/* ICMP port unreachable comes back as ECONNREFUSED. */
			probe_finish(p, false, "recv: %s after %s",
			    strerror(errno), probe_elapsed(p, el, sizeof(el)));
			return;
		}
		report(p, p->in, (size_t)n);
		return;
	}
	n = recv(p->io.fd, p->in + p->inlen, p->incap - p->inlen, 0);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		probe_finish(p, false, "%s after %s", n == 0 ? "connection "
		    "closed before the reply" : strerror(errno),
		    probe_elapsed(p, el, sizeof(el)));
		return;
	}
	p->inlen += (size_t)n;
	if (p->inlen < 2)
		return;
	need = 2 + (size_t)get16(p->in);
	if (p->inlen < need)
		return;
	report(p, p->in + 2, need - 2);
}

void
probe_dns_start(struct probe *p, const struct conf_check *c)
{
	size_t qlen;
	int r;

	if (getrandom(&p->id, sizeof(p->id), 0) != sizeof(p->id))
		p->id = (uint16_t)probe_now_us();
	memcpy(p->qname, c->qname, sizeof(p->qname));
	p->qtype = c->qtype;
	p->tcp = c->tcp;
	p->rcode = c->expect_rcode;
	if (c->expect_answer != NULL)
		p->expect_answer = xstrdup(c->expect_answer);
	p->out = xmalloc(2 + DNS_HDR_LEN + DNS_NAME_MAX + 4);
	qlen = probe_dns_query(p->out + 2, DNS_HDR_LEN + DNS_NAME_MAX + 4,
	    p->id, p->qname, p->qtype);
	if (p->tcp) {
		/* RFC 1035 4.2.2: a two-octet length first. */
		put16(p->out, (uint16_t)qlen);
		p->outlen = qlen + 2;
	} else {
		memmove(p->out, p->out + 2, qlen);
		p->outlen = qlen;
	}
	p->incap = p->tcp ? TCP_MSG_MAX : UDP_MSG_MAX;
	p->in = xmalloc(p->incap);
	r = probe_connect(p, p->tcp ? SOCK_STREAM : SOCK_DGRAM, dns_cb);
	if (r != 0)
		probe_later(p, false, "%s: %s", p->tcp ? "connect" : "socket",
		    strerror(-r));
}

/* --- several targets ---------------------------------------------------- */

static void
part_done(void *arg, const struct probe_result *r)
{
	struct probe_part *pt = arg;
	struct probe *p = pt->parent;

	/* pt->sub is freed when this returns; the parent must not touch it. */
	pt->sub = NULL;
	if (!r->ok) {
		/* One address down is enough: its clients get no answer. */
		probe_finish(p, false, "%s: %s", pt->addr, r->text);
		return;
	}
	if (r->latency_us >= p->slowest_us) {
		p->slowest_us = r->latency_us;
		snprintf(p->slowest, sizeof(p->slowest), "%.64s: %.120s",
		    pt->addr, r->text);
	}
	if (--p->nleft > 0)
		return;
	if (p->nparts == 1)
		probe_finish(p, true, "%s", p->slowest);
	else
		probe_finish(p, true, "all %zu addresses answered, slowest "
		    "%s", p->nparts, p->slowest);
}

void
probe_dns_start_all(struct probe *p, const struct conf_check *c)
{
	size_t i;

	/* Each part has the check's timeout and reports it with its address. */
	loop_timer_stop(p->loop, &p->timeout);
	p->parts = xcalloc(c->ntargets, sizeof(*p->parts));
	p->nparts = p->nleft = c->ntargets;
	for (i = 0; i < c->ntargets; i++) {
		p->parts[i].parent = p;
		snprintf(p->parts[i].addr, sizeof(p->parts[i].addr), "%s",
		    c->targets[i].text);
	}
	for (i = 0; i < c->ntargets; i++)
		p->parts[i].sub = probe_start_at(p->loop, c, &c->targets[i],
		    part_done, &p->parts[i]);
}

void
probe_dns_stop(struct probe *p)
{
	size_t i;

	for (i = 0; i < p->nparts; i++)
		probe_cancel(p->parts[i].sub);
	free(p->parts);
	p->parts = NULL;
	p->nparts = 0;
}
