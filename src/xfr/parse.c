/* SPDX-License-Identifier: MIT */
/*
 * parse.c -- the transfer-message parser: one DNS message of an AXFR or
 * IXFR response at a time, checked (id, QR, opcode, RCODE, question) and
 * turned into records with their names uncompressed, while a small state
 * machine follows the stream's shape: AXFR is SOA, records, the same SOA
 * (RFC 5936 2.2); IXFR is one SOA and nothing else when we are up to date,
 * the AXFR form, or SOA(new) then sequences of SOA(old) deletions
 * SOA(next) additions, closed by SOA(new) (RFC 1995 4).  Also the SOA
 * query and its response, which share the same checks.  No I/O.
 */
#include <stdio.h>
#include <string.h>

#include "../common/cur.h"
#include "../common/err.h"
#include "../common/wbuf.h"
#include "../dns/name.h"
#include "../dns/rdata.h"
#include "xfr.h"

enum {
	ST_FIRST,	/* expecting the first SOA */
	ST_SECOND,	/* IXFR: after it, the form not known yet */
	ST_ZONE,	/* AXFR form: records until the SOA again */
	ST_DEL,		/* IXFR: deletions of a difference */
	ST_ADD,		/* IXFR: additions of a difference */
	ST_DONE,
};

enum xfr_serial_order
xfr_serial_cmp(uint32_t a, uint32_t b)
{
	uint32_t d = a - b;

	if (d == 0)
		return XFR_SERIAL_EQ;
	if (d == 0x80000000u)
		return XFR_SERIAL_UNDEF;
	return d < 0x80000000u ? XFR_SERIAL_GT : XFR_SERIAL_LT;
}

bool
xfr_serial_newer(uint32_t a, uint32_t b)
{
	return xfr_serial_cmp(a, b) == XFR_SERIAL_GT;
}

static int
fail(struct xfr_parser *p, const char *fmt, const char *a)
{
	snprintf(p->err, sizeof(p->err), fmt, a);
	return CN_EPROTO;
}

void
xfr_parser_init(struct xfr_parser *p, enum xfr_kind kind, const uint8_t *apex,
    uint16_t id, uint32_t ours)
{
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	memcpy(p->apex, apex, dns_name_len(apex));
	p->id = id;
	p->ours = ours;
	p->state = ST_FIRST;
}

/* Copies one possibly compressed name from the message into w. */
static bool
put_name(const uint8_t *msg, size_t len, size_t *off, struct wbuf *w)
{
	uint8_t name[DNS_NAME_MAX];
	int n;

	if ((n = dns_name_unpack(msg, len, off, name)) < 0)
		return false;
	wbuf_bytes(w, name, (size_t)n);
	return !w->err;
}

/*
 * The RDATA at msg[off..off+rdlen) uncompressed into out (cap octets).
 * RFC 3597 4: only the well-known types may carry compressed names; SRV
 * is decompressed too, as BIND and Knot accept it.  Other RDATA is copied
 * as it is.  Returns the length or -1.
 */
static int
rdata_unpack(uint16_t type, const uint8_t *msg, size_t off, size_t rdlen,
    uint8_t *out, size_t cap)
{
	size_t end = off + rdlen, fixed = 0;
	struct wbuf w;
	int names = 0;

	wbuf_init(&w, out, cap);
	switch (type) {
	case DNS_TYPE_NS: case DNS_TYPE_MD: case DNS_TYPE_MF:
	case DNS_TYPE_CNAME: case DNS_TYPE_MB: case DNS_TYPE_MG:
	case DNS_TYPE_MR: case DNS_TYPE_PTR: case DNS_TYPE_DNAME:
		names = 1;
		break;
	case DNS_TYPE_SOA:
		names = 2;
		break;
	case DNS_TYPE_MINFO: case DNS_TYPE_RP:
		names = 2;
		break;
	case DNS_TYPE_MX: case DNS_TYPE_AFSDB: case DNS_TYPE_KX:
	case 21:	/* RT */
		fixed = 2;
		names = 1;
		break;
	case DNS_TYPE_SRV:
		fixed = 6;
		names = 1;
		break;
	default:
		if (rdlen > cap)
			return -1;
		memcpy(out, msg + off, rdlen);
		return (int)rdlen;
	}
	if (fixed > rdlen)
		return -1;
	wbuf_bytes(&w, msg + off, fixed);
	off += fixed;
	while (names-- > 0) {
		if (off >= end || !put_name(msg, end, &off, &w))
			return -1;
	}
	if (off > end || w.err)
		return -1;
	/* The SOA's five numbers; nothing else may follow a name. */
	if (type == DNS_TYPE_SOA && end - off != 20)
		return -1;
	wbuf_bytes(&w, msg + off, end - off);
	return w.err ? -1 : (int)w.len;
}

static uint32_t
soa_serial(const uint8_t *rdata, size_t rdlen)
{
	const uint8_t *p = rdata + rdlen - 20;

	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* One record of the stream through the state machine. */
static int
stream_rr(struct xfr_parser *p, const struct xfr_parse_ops *ops,
    const struct xfr_rr *rr)
{
	bool soa = rr->type == DNS_TYPE_SOA;
	struct xfr_rr first;
	uint32_t serial = soa ? soa_serial(rr->rdata, rr->rdlen) : 0;
	int r;

	if (soa && !dns_name_equal(rr->owner, p->apex))
		return fail(p, "SOA record%s outside the zone apex", "");
	p->records++;
	switch (p->state) {
	case ST_FIRST:
		if (!soa)
			return fail(p, "the transfer does not start with the "
			    "zone's SOA%s", "");
		p->serial = serial;
		if (rr->rdlen > sizeof(p->first_soa))
			return fail(p, "SOA record too long%s", "");
		memcpy(p->first_soa, rr->rdata, rr->rdlen);
		p->first_len = rr->rdlen;
		p->first_ttl = rr->ttl;
		if (p->kind == XFR_KIND_IXFR) {
			p->state = ST_SECOND;
			return 0;
		}
		p->state = ST_ZONE;
		return ops->rr(ops->arg, XFR_PART_ZONE, rr);
	case ST_SECOND:
		first = *rr;
		first.type = DNS_TYPE_SOA;
		first.rdata = p->first_soa;
		first.rdlen = p->first_len;
		first.ttl = p->first_ttl;
		first.owner = p->apex;
		if (!soa) {
			/* RFC 1995 4: the server may send the whole zone. */
			p->state = ST_ZONE;
			if ((r = ops->rr(ops->arg, XFR_PART_ZONE, &first)) != 0)
				return r;
			return ops->rr(ops->arg, XFR_PART_ZONE, rr);
		}
		if (serial == p->serial)
			return fail(p, "IXFR with an empty difference%s", "");
		p->state = ST_DEL;
		p->diff_to = serial;	/* until the difference's next SOA */
		if ((r = ops->diff(ops->arg, serial)) != 0)
			return r;
		return ops->rr(ops->arg, XFR_PART_DEL, rr);
	case ST_ZONE:
		if (!soa)
			return ops->rr(ops->arg, XFR_PART_ZONE, rr);
		if (serial != p->serial)
			return fail(p, "an SOA with another serial inside the "
			    "zone%s", "");
		p->state = ST_DONE;
		p->result = XFR_RESULT_ZONE;
		return 0;
	case ST_DEL:
		if (!soa)
			return ops->rr(ops->arg, XFR_PART_DEL, rr);
		p->state = ST_ADD;
		p->diff_to = serial;
		return ops->rr(ops->arg, XFR_PART_ADD, rr);
	case ST_ADD:
		if (!soa)
			return ops->rr(ops->arg, XFR_PART_ADD, rr);
		if (serial == p->serial && p->diff_to == p->serial) {
			p->state = ST_DONE;
			p->result = XFR_RESULT_IXFR;
			return 0;
		}
		if (serial != p->diff_to)
			return fail(p, "IXFR difference sequence broken (a "
			    "difference does not start where the last "
			    "ended)%s", "");
		p->state = ST_DEL;
		if ((r = ops->diff(ops->arg, serial)) != 0)
			return r;
		return ops->rr(ops->arg, XFR_PART_DEL, rr);
	default:
		return fail(p, "records after the final SOA%s", "");
	}
}

/* Skips count records of a section. */
static bool
skip_rrs(const uint8_t *msg, size_t len, size_t *off, unsigned count)
{
	uint8_t name[DNS_NAME_MAX];
	struct cur c;
	uint16_t rdlen;

	while (count-- > 0) {
		if (dns_name_unpack(msg, len, off, name) < 0)
			return false;
		cur_init(&c, msg + *off, len - *off);
		cur_skip(&c, 8);
		rdlen = cur_u16(&c);
		cur_skip(&c, rdlen);
		if (c.err)
			return false;
		*off += 10u + rdlen;
	}
	return true;
}

/*
 * The header and question of a response; *off after the question.
 * Returns 0, or a negative cn_err with err set.
 */
static int
check_header(const uint8_t *msg, size_t len, uint16_t id,
    const uint8_t *apex, uint16_t qtype, bool question_required,
    unsigned *an, size_t *off, unsigned *rcode, char *err, size_t errlen)
{
	uint8_t qname[DNS_NAME_MAX];
	uint16_t flags, qd, t, cl;
	struct cur c;

	cur_init(&c, msg, len);
	if (len < DNS_HDR_LEN) {
		snprintf(err, errlen, "message of %zu octets", len);
		return CN_EPROTO;
	}
	if (cur_u16(&c) != id) {
		snprintf(err, errlen, "response with another query id");
		return CN_EPROTO;
	}
	flags = cur_u16(&c);
	qd = cur_u16(&c);
	*an = cur_u16(&c);
	if (!(flags & DNS_FLAG_QR) ||
	    (flags & DNS_OPCODE_MASK) >> DNS_OPCODE_SHIFT != DNS_OPCODE_QUERY) {
		snprintf(err, errlen, "not a response to a query");
		return CN_EPROTO;
	}
	if ((flags & DNS_RCODE_MASK) != 0) {
		*rcode = flags & DNS_RCODE_MASK;
		snprintf(err, errlen, "the server answered RCODE %u", *rcode);
		return CN_EPROTO;
	}
	*off = DNS_HDR_LEN;
	if (qd > 1 || (qd == 0 && question_required)) {
		snprintf(err, errlen, "%u questions in the response", qd);
		return CN_EPROTO;
	}
	if (qd == 1) {
		if (dns_name_unpack(msg, len, off, qname) < 0 ||
		    *off + 4 > len) {
			snprintf(err, errlen, "malformed question");
			return CN_EPROTO;
		}
		t = (uint16_t)(msg[*off] << 8 | msg[*off + 1]);
		cl = (uint16_t)(msg[*off + 2] << 8 | msg[*off + 3]);
		*off += 4;
		if (!dns_name_equal(qname, apex) || t != qtype ||
		    cl != DNS_CLASS_IN) {
			snprintf(err, errlen, "the response is for another "
			    "question");
			return CN_EPROTO;
		}
	}
	return 0;
}

/* One answer record at *off into rr (owner and rdata in the buffers). */
static int
read_rr(const uint8_t *msg, size_t len, size_t *off, struct xfr_rr *rr,
    uint8_t *owner, uint8_t *rdata, size_t rdcap)
{
	struct cur c;
	uint16_t rdlen;
	int n;

	if (dns_name_unpack(msg, len, off, owner) < 0)
		return -1;
	cur_init(&c, msg + *off, len - *off);
	rr->owner = owner;
	rr->type = cur_u16(&c);
	rr->rclass = cur_u16(&c);
	rr->ttl = cur_u32(&c);
	/* RFC 2181 8: a TTL with the top bit set is taken as zero. */
	if (rr->ttl > 0x7fffffffu)
		rr->ttl = 0;
	rdlen = cur_u16(&c);
	if (c.err || cur_left(&c) < rdlen)
		return -1;
	*off += 10;
	n = rdata_unpack(rr->type, msg, *off, rdlen, rdata, rdcap);
	if (n < 0 || n > UINT16_MAX)
		return -1;
	*off += rdlen;
	rr->rdata = rdata;
	rr->rdlen = (uint16_t)n;
	return 0;
}

int
xfr_parser_feed(struct xfr_parser *p, const uint8_t *msg, size_t len,
    const struct xfr_parse_ops *ops)
{
	uint8_t owner[DNS_NAME_MAX], rdata[DNS_MSG_MAX];
	unsigned an, i;
	struct xfr_rr rr;
	size_t off;
	int r;

	if (p->state == ST_DONE)
		return fail(p, "a message after the end of the transfer%s",
		    "");
	/* RFC 5936 2.2.1: the question is required in the first only. */
	r = check_header(msg, len, p->id, p->apex, p->kind == XFR_KIND_AXFR ?
	    DNS_TYPE_AXFR : DNS_TYPE_IXFR, p->messages == 0, &an, &off,
	    &p->rcode, p->err, sizeof(p->err));
	if (r != 0)
		return r;
	p->messages++;
	if (an == 0)
		return fail(p, "a message without records%s", "");
	for (i = 0; i < an; i++) {
		if (p->state == ST_DONE)
			return fail(p, "records after the final SOA%s", "");
		if (read_rr(msg, len, &off, &rr, owner, rdata,
		    sizeof(rdata)) != 0)
			return fail(p, "malformed record in the answer%s", "");
		if (rr.rclass != DNS_CLASS_IN)
			return fail(p, "a record of a class other than IN%s",
			    "");
		/* RFC 6895 3.1: meta-types and QTYPEs are not zone data. */
		if (rr.type == 0 || rr.type == DNS_TYPE_OPT ||
		    (rr.type >= 128 && rr.type <= 255))
			return fail(p, "a meta-type record in the answer%s",
			    "");
		if (!dns_rdata_valid(rr.type, rr.rdata, rr.rdlen))
			return fail(p, "malformed RDATA in the answer%s", "");
		if ((r = stream_rr(p, ops, &rr)) != 0)
			return r;
	}
	/* Authority and additional (OPT, TSIG): framing only. */
	if (!skip_rrs(msg, len, &off, (unsigned)(msg[8] << 8 | msg[9]) +
	    (unsigned)(msg[10] << 8 | msg[11])) || off != len)
		return fail(p, "malformed message after the answer%s", "");
	if (p->state == ST_SECOND && p->messages == 1 &&
	    !xfr_serial_newer(p->serial, p->ours)) {
		/* RFC 1995 4: the single SOA of an up-to-date client. */
		p->state = ST_DONE;
		p->result = XFR_RESULT_UPTODATE;
	}
	return p->state == ST_DONE ? 1 : 0;
}

size_t
xfr_query(uint8_t *buf, size_t cap, uint16_t id, const uint8_t *apex,
    uint16_t type, uint32_t ours)
{
	size_t alen = dns_name_len(apex);
	struct wbuf w;

	wbuf_init(&w, buf, cap);
	wbuf_u16(&w, id);
	wbuf_u16(&w, 0);
	wbuf_u16(&w, 1);
	wbuf_u16(&w, 0);
	wbuf_u16(&w, type == DNS_TYPE_IXFR ? 1 : 0);
	wbuf_u16(&w, 0);
	wbuf_bytes(&w, apex, alen);
	wbuf_u16(&w, type);
	wbuf_u16(&w, DNS_CLASS_IN);
	if (type == DNS_TYPE_IXFR) {
		/* RFC 1995 3: our SOA; only its serial matters. */
		wbuf_u16(&w, 0xc000 | DNS_HDR_LEN);
		wbuf_u16(&w, DNS_TYPE_SOA);
		wbuf_u16(&w, DNS_CLASS_IN);
		wbuf_u32(&w, 0);
		wbuf_u16(&w, 22);
		wbuf_u8(&w, 0);
		wbuf_u8(&w, 0);
		wbuf_u32(&w, ours);
		wbuf_u32(&w, 0);
		wbuf_u32(&w, 0);
		wbuf_u32(&w, 0);
		wbuf_u32(&w, 0);
	}
	return w.err ? 0 : w.len;
}

int
xfr_soa_response(const uint8_t *msg, size_t len, uint16_t id,
    const uint8_t *apex, uint32_t *serial, unsigned *rcode, char *err,
    size_t errlen)
{
	uint8_t owner[DNS_NAME_MAX], rdata[2 * DNS_NAME_MAX + 20];
	struct xfr_rr rr;
	unsigned an, i;
	size_t off;
	int r;

	*rcode = 0;
	if ((r = check_header(msg, len, id, apex, DNS_TYPE_SOA, true, &an,
	    &off, rcode, err, errlen)) != 0)
		return r;
	if ((msg[2] << 8 | msg[3]) & DNS_FLAG_TC)
		return 1;
	if (!((msg[2] << 8 | msg[3]) & DNS_FLAG_AA)) {
		snprintf(err, errlen, "the answer is not authoritative");
		return CN_EPROTO;
	}
	for (i = 0; i < an; i++) {
		if (read_rr(msg, len, &off, &rr, owner, rdata,
		    sizeof(rdata)) != 0) {
			snprintf(err, errlen, "malformed answer");
			return CN_EPROTO;
		}
		if (rr.type == DNS_TYPE_SOA && rr.rclass == DNS_CLASS_IN &&
		    dns_name_equal(rr.owner, apex) &&
		    dns_rdata_valid(rr.type, rr.rdata, rr.rdlen)) {
			*serial = soa_serial(rr.rdata, rr.rdlen);
			return 0;
		}
	}
	snprintf(err, errlen, "no SOA record in the answer");
	return CN_EPROTO;
}
