/* SPDX-License-Identifier: MIT */
/*
 * msg.c -- BGP-4 message codec: decoders for what a peer sends, encoders
 * for what castnsd sends.
 *
 * Decoders read through struct cur (common/cur.h) and answer a bad message
 * with the NOTIFICATION it calls for (RFC 4271 6, RFC 7606); encoders write
 * into a struct wbuf.  No I/O, no logging, no globals: the session code in
 * fsm.c/peer.c owns the sockets and decides what to do with a verdict.
 * Names of codes and the RFC 9003 shutdown text live in msgtext.c.
 */
#include <string.h>

#include "../common/cur.h"
#include "../common/err.h"
#include "msg.h"

#define AS2_MAX		65535
#define ATTR_SEEN_WORDS	(256 / 32)

/* Fills *n and returns CN_EPROTO: every decoder error ends here. */
static int
notify(struct bgp_notify *n, uint8_t code, uint8_t subcode,
    const void *data, size_t len)
{
	if (len > BGP_NOTIFY_DATA_MAX)
		len = BGP_NOTIFY_DATA_MAX;
	n->code = code;
	n->subcode = subcode;
	n->datalen = len;
	if (len)
		memcpy(n->data, data, len);
	return CN_EPROTO;
}

static int
notify_u16(struct bgp_notify *n, uint8_t code, uint8_t subcode, uint16_t v)
{
	uint8_t d[2] = { v >> 8, v & 0xff };

	return notify(n, code, subcode, d, sizeof(d));
}

/* ---- header ---- */

static const struct {
	uint16_t	 min;
	uint16_t	 max;
} type_len[] = {
	[BGP_OPEN] = { BGP_OPEN_MIN_LEN, BGP_MAX_LEN },
	[BGP_UPDATE] = { BGP_UPDATE_MIN_LEN, BGP_MAX_LEN },
	[BGP_NOTIFICATION] = { BGP_NOTIFICATION_MIN_LEN, BGP_MAX_LEN },
	[BGP_KEEPALIVE] = { BGP_KEEPALIVE_LEN, BGP_KEEPALIVE_LEN },
	/* Longer ones get the RFC 7313 5 error from the body parser. */
	[BGP_ROUTE_REFRESH] = { BGP_ROUTE_REFRESH_LEN, BGP_MAX_LEN },
};

#define TYPE_MAX	(sizeof(type_len) / sizeof(type_len[0]) - 1)

int
bgp_msg_parse_header(const uint8_t *buf, size_t len, uint8_t *type,
    uint16_t *msglen, struct bgp_notify *n)
{
	struct cur c;
	uint16_t l;
	uint8_t t;
	size_t i;

	cur_init(&c, buf, len);
	for (i = 0; i < BGP_MARKER_LEN; i++)
		if (cur_u8(&c) != 0xff)
			return notify(n, BGP_ERR_HEADER, BGP_HDR_SYNC, NULL, 0);
	l = cur_u16(&c);
	t = cur_u8(&c);
	if (c.err)
		return notify(n, BGP_ERR_HEADER, BGP_HDR_SYNC, NULL, 0);
	/* RFC 4271 6.1: length first, then type. */
	if (l < BGP_HDR_LEN || l > BGP_MAX_LEN)
		return notify_u16(n, BGP_ERR_HEADER, BGP_HDR_LENGTH, l);
	if (t == 0 || t > TYPE_MAX)
		return notify(n, BGP_ERR_HEADER, BGP_HDR_TYPE, &t, 1);
	if (l < type_len[t].min || l > type_len[t].max)
		return notify_u16(n, BGP_ERR_HEADER, BGP_HDR_LENGTH, l);
	*type = t;
	*msglen = l;
	return 0;
}

/*
 * Opens a cursor on the body of a message of type t, re-checking what
 * bgp_msg_parse_header checked so a caller's slip cannot overrun.
 */
static int
body(const uint8_t *msg, size_t len, uint8_t t, struct cur *c,
    struct bgp_notify *n)
{
	uint16_t l;
	uint8_t got;

	if (bgp_msg_parse_header(msg, len, &got, &l, n) != 0)
		return CN_EPROTO;
	if (got != t)
		return notify(n, BGP_ERR_HEADER, BGP_HDR_TYPE, &got, 1);
	if (l != len)
		return notify_u16(n, BGP_ERR_HEADER, BGP_HDR_LENGTH, l);
	cur_init(c, msg + BGP_HDR_LEN, len - BGP_HDR_LEN);
	return 0;
}

/* ---- OPEN ---- */

static int
open_unspec(struct bgp_notify *n)
{
	return notify(n, BGP_ERR_OPEN, BGP_OPEN_UNSPEC, NULL, 0);
}

/* One capability (RFC 5492 4); unknown ones are ignored. */
static int
parse_cap(uint8_t code, struct cur *v, struct bgp_open *o,
    struct bgp_notify *n)
{
	uint16_t afi;
	uint8_t safi;

	switch (code) {
	case BGP_CAP_MP:	/* RFC 4760 8: AFI, reserved, SAFI */
		afi = cur_u16(v);
		(void)cur_u8(v);
		safi = cur_u8(v);
		if (!cur_done(v))
			return open_unspec(n);
		if (safi == BGP_SAFI_UNICAST && afi == BGP_AFI_IPV4)
			o->cap_mp_ipv4 = true;
		if (safi == BGP_SAFI_UNICAST && afi == BGP_AFI_IPV6)
			o->cap_mp_ipv6 = true;
		return 0;
	case BGP_CAP_ROUTE_REFRESH:	/* RFC 2918 2: length 0 */
		if (!cur_done(v))
			return open_unspec(n);
		o->cap_route_refresh = true;
		return 0;
	case BGP_CAP_AS4:	/* RFC 6793 3 */
		o->as = cur_u32(v);
		if (!cur_done(v))
			return open_unspec(n);
		if (o->as == 0)	/* RFC 7607 */
			return notify(n, BGP_ERR_OPEN, BGP_OPEN_PEER_AS,
			    NULL, 0);
		o->cap_as4 = true;
		return 0;
	default:
		return 0;
	}
}

static int
parse_caps(struct cur *c, struct bgp_open *o, struct bgp_notify *n)
{
	struct cur v;
	uint8_t code, len;
	int r;

	o->any_caps = true;
	while (cur_left(c) > 0) {
		code = cur_u8(c);
		len = cur_u8(c);
		if (!cur_sub(c, len, &v))
			return open_unspec(n);
		if ((r = parse_cap(code, &v, o, n)) != 0)
			return r;
	}
	return 0;
}

/*
 * Optional parameters (RFC 4271 4.2), in the RFC 9072 extended encoding
 * when the one-octet length and the first type are both 255.
 */
static int
parse_params(struct cur *c, struct bgp_open *o, struct bgp_notify *n)
{
	struct cur params, v;
	size_t optlen, plen;
	bool ext = false;
	uint8_t type;
	int r;

	optlen = cur_u8(c);
	if (optlen == BGP_OPT_EXTENDED && cur_left(c) > 0 &&
	    c->p[c->off] == BGP_OPT_EXTENDED) {
		(void)cur_u8(c);
		optlen = cur_u16(c);
		ext = true;
	}
	if (c->err || cur_left(c) != optlen)
		return open_unspec(n);
	(void)cur_sub(c, optlen, &params);
	while (cur_left(&params) > 0) {
		type = cur_u8(&params);
		plen = ext ? cur_u16(&params) : cur_u8(&params);
		if (!cur_sub(&params, plen, &v))
			return open_unspec(n);
		if (type != BGP_OPT_CAPABILITIES)
			return notify(n, BGP_ERR_OPEN, BGP_OPEN_OPTPARAM,
			    NULL, 0);
		if ((r = parse_caps(&v, o, n)) != 0)
			return r;
	}
	return 0;
}

int
bgp_msg_parse_open(const uint8_t *msg, size_t len, struct bgp_open *out,
    struct bgp_notify *n)
{
	struct bgp_open o;
	struct cur c;
	int r;

	if ((r = body(msg, len, BGP_OPEN, &c, n)) != 0)
		return r;
	memset(&o, 0, sizeof(o));
	o.version = cur_u8(&c);
	o.my_as = cur_u16(&c);
	o.hold_time = cur_u16(&c);
	o.bgp_id = cur_u32(&c);
	o.as = o.my_as;
	/* RFC 4271 6.2: the largest version we speak, as 2 octets. */
	if (o.version != BGP_VERSION)
		return notify_u16(n, BGP_ERR_OPEN, BGP_OPEN_VERSION,
		    BGP_VERSION);
	if (o.my_as == 0)	/* RFC 7607 */
		return notify(n, BGP_ERR_OPEN, BGP_OPEN_PEER_AS, NULL, 0);
	if (o.hold_time != 0 && o.hold_time < BGP_HOLD_MIN)
		return notify(n, BGP_ERR_OPEN, BGP_OPEN_HOLDTIME, NULL, 0);
	if (o.bgp_id == 0)	/* RFC 6286 2.2 */
		return notify(n, BGP_ERR_OPEN, BGP_OPEN_BGPID, NULL, 0);
	if ((r = parse_params(&c, &o, n)) != 0)
		return r;
	if (!cur_done(&c))
		return open_unspec(n);
	*out = o;
	return 0;
}

/* ---- UPDATE ---- */

/* What an attribute error costs (RFC 7606 2). */
enum upd_action {
	ACT_WITHDRAW,	/* treat-as-withdraw */
	ACT_DISCARD,	/* attribute discard */
	ACT_RESET,	/* session reset */
};

struct upd {
	bool			 as4;
	uint32_t		 seen[ATTR_SEEN_WORDS];
	struct bgp_update_info	 info;
	bool			 mp_reach;
	bool			 mp_unreach_eor;	/* MP_UNREACH, no NLRI */
	uint16_t		 mp_unreach_afi;
	uint8_t			 mp_unreach_safi;
	struct bgp_notify	*n;
	const uint8_t		*attr;		/* the one being parsed */
	size_t			 attrlen;	/* with its header */
};

/* Counts the prefixes (RFC 4271 4.3 encoding) filling c; -1 if malformed. */
static int
count_prefixes(struct cur *c, unsigned maxbits, unsigned *count)
{
	uint8_t bits;

	while (cur_left(c) > 0) {
		bits = cur_u8(c);
		if (bits > maxbits)
			return -1;
		cur_skip(c, (bits + 7u) / 8);
		if (c->err)
			return -1;
		(*count)++;
	}
	return 0;
}

static unsigned
afi_bits(uint16_t afi, uint8_t safi)
{
	if (safi != BGP_SAFI_UNICAST)
		return 0;
	return afi == BGP_AFI_IPV4 ? 32 : afi == BGP_AFI_IPV6 ? 128 : 0;
}

static bool
len_is(struct cur *v, size_t want)
{
	return cur_left(v) == want;
}

/* Non-zero multiple of unit (RFC 7606 7.8, 7.10, 7.14; RFC 8092 6). */
static bool
len_multiple(struct cur *v, size_t unit)
{
	return cur_left(v) > 0 && cur_left(v) % unit == 0;
}

/* RFC 7606 7.1 */
static bool
check_origin(struct upd *u, struct cur *v)
{
	(void)u;
	return len_is(v, 1) && cur_u8(v) <= 2;
}

/* AS_PATH / AS4_PATH segments of width-octet ASes (RFC 7606 7.2). */
static bool
check_segments(struct cur *v, size_t width)
{
	uint8_t type, count;

	while (cur_left(v) > 0) {
		type = cur_u8(v);
		count = cur_u8(v);
		/* AS_SET, AS_SEQUENCE, RFC 5065 confederation segments */
		if (type < 1 || type > 4 || count == 0)
			return false;
		cur_skip(v, count * width);
		if (v->err)
			return false;
	}
	return !v->err;
}

static bool
check_as_path(struct upd *u, struct cur *v)
{
	return check_segments(v, u->as4 ? 4 : 2);
}

static bool
check_as4_path(struct upd *u, struct cur *v)
{
	(void)u;
	return check_segments(v, 4);
}

static bool
check_len4(struct upd *u, struct cur *v)
{
	(void)u;
	return len_is(v, 4);
}

static bool
check_len0(struct upd *u, struct cur *v)
{
	(void)u;
	return len_is(v, 0);
}

static bool
check_aggregator(struct upd *u, struct cur *v)
{
	return len_is(v, u->as4 ? 8 : 6);
}

static bool
check_len8(struct upd *u, struct cur *v)
{
	(void)u;
	return len_is(v, 8);
}

static bool
check_mult4(struct upd *u, struct cur *v)
{
	(void)u;
	return len_multiple(v, 4);
}

static bool
check_mult8(struct upd *u, struct cur *v)
{
	(void)u;
	return len_multiple(v, 8);
}

static bool
check_mult12(struct upd *u, struct cur *v)
{
	(void)u;
	return len_multiple(v, 12);
}

/* RFC 4760 3; RFC 2545 3 and RFC 8950 for the next hop lengths. */
static bool
check_mp_reach(struct upd *u, struct cur *v)
{
	uint16_t afi = cur_u16(v);
	uint8_t safi = cur_u8(v);
	uint8_t nhlen = cur_u8(v);
	unsigned bits = afi_bits(afi, safi);

	cur_skip(v, nhlen);
	(void)cur_u8(v);	/* reserved */
	if (v->err)
		return false;
	u->mp_reach = true;
	if (bits == 0)
		return true;	/* a family we did not offer: skipped */
	if (nhlen != 16 && nhlen != 32 &&
	    !(afi == BGP_AFI_IPV4 && nhlen == 4))
		return false;
	return count_prefixes(v, bits, &u->info.announced) == 0;
}

/* RFC 4760 4 */
static bool
check_mp_unreach(struct upd *u, struct cur *v)
{
	uint16_t afi = cur_u16(v);
	uint8_t safi = cur_u8(v);
	unsigned bits = afi_bits(afi, safi);

	if (v->err)
		return false;
	u->mp_unreach_afi = afi;
	u->mp_unreach_safi = safi;
	u->mp_unreach_eor = cur_left(v) == 0;
	if (bits == 0)
		return true;
	return count_prefixes(v, bits, &u->info.withdrawn) == 0;
}

#define F_WK	BGP_ATTRF_TRANSITIVE
#define F_OPT	BGP_ATTRF_OPTIONAL
#define F_OPTT	(BGP_ATTRF_OPTIONAL | BGP_ATTRF_TRANSITIVE)

/* The attributes we check; the flags are the Optional and Transitive bits. */
static const struct attr_rule {
	uint8_t		 type;
	uint8_t		 flags;
	uint8_t		 action;
	uint8_t		 subcode;	/* for ACT_RESET */
	bool		 (*check)(struct upd *, struct cur *);
} attr_rules[] = {
	{ BGP_ATTR_ORIGIN, F_WK, ACT_WITHDRAW, 0, check_origin },
	{ BGP_ATTR_AS_PATH, F_WK, ACT_WITHDRAW, 0, check_as_path },
	{ BGP_ATTR_NEXT_HOP, F_WK, ACT_WITHDRAW, 0, check_len4 },
	{ BGP_ATTR_MED, F_OPT, ACT_WITHDRAW, 0, check_len4 },
	{ BGP_ATTR_LOCAL_PREF, F_WK, ACT_WITHDRAW, 0, check_len4 },
	{ BGP_ATTR_ATOMIC_AGG, F_WK, ACT_DISCARD, 0, check_len0 },
	{ BGP_ATTR_AGGREGATOR, F_OPTT, ACT_DISCARD, 0, check_aggregator },
	{ BGP_ATTR_COMMUNITIES, F_OPTT, ACT_WITHDRAW, 0, check_mult4 },
	{ BGP_ATTR_ORIGINATOR_ID, F_OPT, ACT_WITHDRAW, 0, check_len4 },
	{ BGP_ATTR_CLUSTER_LIST, F_OPT, ACT_WITHDRAW, 0, check_mult4 },
	{ BGP_ATTR_MP_REACH, F_OPT, ACT_RESET, BGP_UPD_OPTATTR,
	    check_mp_reach },
	{ BGP_ATTR_MP_UNREACH, F_OPT, ACT_RESET, BGP_UPD_OPTATTR,
	    check_mp_unreach },
	{ BGP_ATTR_EXT_COMMUNITIES, F_OPTT, ACT_WITHDRAW, 0, check_mult8 },
	/* RFC 6793 6: a malformed AS4_PATH or AS4_AGGREGATOR is discarded */
	{ BGP_ATTR_AS4_PATH, F_OPTT, ACT_DISCARD, 0, check_as4_path },
	{ BGP_ATTR_AS4_AGGREGATOR, F_OPTT, ACT_DISCARD, 0, check_len8 },
	{ BGP_ATTR_LARGE_COMMUNITIES, F_OPTT, ACT_WITHDRAW, 0, check_mult12 },
};

static const struct attr_rule *
attr_rule(uint8_t type)
{
	size_t i;

	for (i = 0; i < sizeof(attr_rules) / sizeof(attr_rules[0]); i++)
		if (attr_rules[i].type == type)
			return &attr_rules[i];
	return NULL;
}

static bool
seen(struct upd *u, uint8_t type)
{
	uint32_t bit = 1u << (type % 32);
	bool was = u->seen[type / 32] & bit;

	u->seen[type / 32] |= bit;
	return was;
}

static void
withdraw(struct upd *u, uint8_t type)
{
	if (!u->info.treat_as_withdraw) {
		u->info.treat_as_withdraw = true;
		u->info.bad_attr = type;
	}
}

/* Applies rule r to one attribute whose value is v. */
static int
attr_apply(struct upd *u, const struct attr_rule *r, uint8_t flags,
    struct cur *v)
{
	uint8_t sub = r->subcode;

	/* RFC 7606 3 (c): only the Optional and Transitive bits count. */
	if ((flags & F_OPTT) != r->flags)
		sub = BGP_UPD_ATTRFLAGS;
	else if (r->check(u, v))
		return 0;
	switch (r->action) {
	case ACT_WITHDRAW:
		withdraw(u, r->type);
		return 0;
	case ACT_DISCARD:
		return 0;
	default:
		return notify(u->n, BGP_ERR_UPDATE, sub, u->attr, u->attrlen);
	}
}

/* Reads one attribute; framing errors reset the session (RFC 7606 4). */
static int
parse_attr(struct upd *u, struct cur *c)
{
	const struct attr_rule *r;
	size_t start = c->off, len;
	uint8_t flags, type;
	struct cur v;

	flags = cur_u8(c);
	type = cur_u8(c);
	len = flags & BGP_ATTRF_EXTLEN ? cur_u16(c) : cur_u8(c);
	if (!cur_sub(c, len, &v))
		return notify(u->n, BGP_ERR_UPDATE, BGP_UPD_ATTRLIST, NULL, 0);
	u->attr = c->p + start;
	u->attrlen = c->off - start;
	/* RFC 7606 3 (g): MP_* twice is fatal, others keep the first. */
	if (seen(u, type)) {
		if (type == BGP_ATTR_MP_REACH || type == BGP_ATTR_MP_UNREACH)
			return notify(u->n, BGP_ERR_UPDATE, BGP_UPD_ATTRLIST,
			    NULL, 0);
		return 0;
	}
	if ((r = attr_rule(type)) != NULL)
		return attr_apply(u, r, flags, &v);
	/* RFC 4271 6.3: an unknown well-known attribute. */
	if (!(flags & BGP_ATTRF_OPTIONAL))
		return notify(u->n, BGP_ERR_UPDATE, BGP_UPD_UNKNOWN_WK,
		    u->attr, u->attrlen);
	return 0;
}

static bool
has(const struct upd *u, uint8_t type)
{
	return u->seen[type / 32] & (1u << (type % 32));
}

/* RFC 7606 3 (d): missing well-known mandatory attributes. */
static void
check_mandatory(struct upd *u, unsigned nlri)
{
	if (nlri == 0 && !u->mp_reach)
		return;
	if (!has(u, BGP_ATTR_ORIGIN))
		withdraw(u, BGP_ATTR_ORIGIN);
	else if (!has(u, BGP_ATTR_AS_PATH))
		withdraw(u, BGP_ATTR_AS_PATH);
	else if (nlri > 0 && !has(u, BGP_ATTR_NEXT_HOP))
		withdraw(u, BGP_ATTR_NEXT_HOP);
}

/* RFC 4724 2: an empty UPDATE, or one holding only an empty MP_UNREACH. */
static void
check_eor(struct upd *u, size_t wlen, size_t alen, size_t nlrilen)
{
	uint32_t only_unreach[ATTR_SEEN_WORDS] = { 0 };

	if (wlen != 0 || nlrilen != 0)
		return;
	if (alen == 0) {
		u->info.end_of_rib = true;
		u->info.eor_afi = BGP_AFI_IPV4;
		u->info.eor_safi = BGP_SAFI_UNICAST;
		return;
	}
	only_unreach[BGP_ATTR_MP_UNREACH / 32] =
	    1u << (BGP_ATTR_MP_UNREACH % 32);
	if (u->mp_unreach_eor && !u->info.treat_as_withdraw &&
	    memcmp(u->seen, only_unreach, sizeof(only_unreach)) == 0) {
		u->info.end_of_rib = true;
		u->info.eor_afi = u->mp_unreach_afi;
		u->info.eor_safi = u->mp_unreach_safi;
	}
}

static int
update_body(struct upd *u, struct cur *c)
{
	struct cur wd, attrs;
	unsigned nlri = 0;
	size_t wlen, alen, nlrilen;
	int r;

	wlen = cur_u16(c);
	if (!cur_sub(c, wlen, &wd))
		return notify(u->n, BGP_ERR_UPDATE, BGP_UPD_ATTRLIST, NULL, 0);
	alen = cur_u16(c);
	if (!cur_sub(c, alen, &attrs))
		return notify(u->n, BGP_ERR_UPDATE, BGP_UPD_ATTRLIST, NULL, 0);
	if (count_prefixes(&wd, 32, &u->info.withdrawn) != 0)
		return notify(u->n, BGP_ERR_UPDATE, BGP_UPD_NETWORK, NULL, 0);
	while (cur_left(&attrs) > 0)
		if ((r = parse_attr(u, &attrs)) != 0)
			return r;
	nlrilen = cur_left(c);
	if (count_prefixes(c, 32, &nlri) != 0)
		return notify(u->n, BGP_ERR_UPDATE, BGP_UPD_NETWORK, NULL, 0);
	u->info.announced += nlri;
	check_mandatory(u, nlri);
	check_eor(u, wlen, alen, nlrilen);
	return 0;
}

int
bgp_msg_parse_update(const uint8_t *msg, size_t len, bool as4,
    struct bgp_update_info *out, struct bgp_notify *n)
{
	struct upd u;
	struct cur c;
	int r;

	if ((r = body(msg, len, BGP_UPDATE, &c, n)) != 0)
		return r;
	memset(&u, 0, sizeof(u));
	u.as4 = as4;
	u.n = n;
	if ((r = update_body(&u, &c)) != 0)
		return r;
	*out = u.info;
	return 0;
}

/* ---- NOTIFICATION, KEEPALIVE, ROUTE-REFRESH ---- */

int
bgp_msg_parse_notification(const uint8_t *msg, size_t len,
    struct bgp_notify *out)
{
	struct bgp_notify scratch, nt;
	struct cur c;

	if (body(msg, len, BGP_NOTIFICATION, &c, &scratch) != 0)
		return CN_EPROTO;
	nt.code = cur_u8(&c);
	nt.subcode = cur_u8(&c);
	nt.datalen = cur_left(&c);
	if (nt.datalen > BGP_NOTIFY_DATA_MAX)
		nt.datalen = BGP_NOTIFY_DATA_MAX;
	if (!cur_bytes(&c, nt.data, nt.datalen))
		return CN_EPROTO;
	*out = nt;
	return 0;
}

int
bgp_msg_parse_keepalive(const uint8_t *msg, size_t len,
    struct bgp_notify *n)
{
	struct cur c;

	return body(msg, len, BGP_KEEPALIVE, &c, n);
}

int
bgp_msg_parse_route_refresh(const uint8_t *msg, size_t len,
    uint16_t *afi, uint8_t *safi, struct bgp_notify *n)
{
	struct cur c;
	uint16_t a;
	uint8_t s;
	int r;

	if ((r = body(msg, len, BGP_ROUTE_REFRESH, &c, n)) != 0)
		return r;
	/* RFC 7313 5: the whole message as data. */
	if (len != BGP_ROUTE_REFRESH_LEN)
		return notify(n, BGP_ERR_ROUTE_REFRESH, BGP_RR_LENGTH, msg,
		    len);
	a = cur_u16(&c);
	(void)cur_u8(&c);	/* reserved (RFC 2918) or subtype (RFC 7313) */
	s = cur_u8(&c);
	*afi = a;
	*safi = s;
	return 0;
}

/* ---- encoders ---- */

static size_t
msg_begin(struct wbuf *w, uint8_t type)
{
	size_t start = w->len;
	uint8_t *p = wbuf_reserve(w, BGP_HDR_LEN);

	if (p) {
		memset(p, 0xff, BGP_MARKER_LEN);
		wbuf_put_u16_at(p + BGP_MARKER_LEN, 0);
		p[BGP_MARKER_LEN + 2] = type;
	}
	return start;
}

/* Patches the length of the message begun at start, or undoes it. */
static int
msg_end(struct wbuf *w, size_t start)
{
	size_t len = w->len - start;

	if (w->err || len > BGP_MAX_LEN) {
		w->len = start;
		w->err = true;
		return CN_ESPACE;
	}
	wbuf_put_u16_at(w->p + start + BGP_MARKER_LEN, (uint16_t)len);
	return 0;
}

/* Reserves a 2-octet length; len_patch fills in what followed it. */
static size_t
len_begin(struct wbuf *w)
{
	wbuf_u16(w, 0);
	return w->len;
}

static void
len_patch(struct wbuf *w, size_t after)
{
	if (!w->err)
		wbuf_put_u16_at(w->p + after - 2, (uint16_t)(w->len - after));
}

int
bgp_msg_keepalive(struct wbuf *w)
{
	return msg_end(w, msg_begin(w, BGP_KEEPALIVE));
}

static void
put_cap_mp(struct wbuf *w, uint16_t afi)
{
	wbuf_u8(w, BGP_CAP_MP);
	wbuf_u8(w, 4);
	wbuf_u16(w, afi);
	wbuf_u8(w, 0);
	wbuf_u8(w, BGP_SAFI_UNICAST);
}

int
bgp_msg_open(struct wbuf *w, const struct bgp_open *o)
{
	size_t start = msg_begin(w, BGP_OPEN);
	size_t optlen, caplen;

	caplen = (o->cap_mp_ipv4 ? 6 : 0) + (o->cap_mp_ipv6 ? 6 : 0) +
	    (o->cap_route_refresh ? 2 : 0) + (o->cap_as4 ? 6 : 0);
	optlen = caplen ? caplen + 2 : 0;
	wbuf_u8(w, BGP_VERSION);
	wbuf_u16(w, o->as > AS2_MAX ? BGP_AS_TRANS : (uint16_t)o->as);
	wbuf_u16(w, o->hold_time);
	wbuf_u32(w, o->bgp_id);
	wbuf_u8(w, (uint8_t)optlen);
	if (optlen) {
		wbuf_u8(w, BGP_OPT_CAPABILITIES);
		wbuf_u8(w, (uint8_t)caplen);
	}
	if (o->cap_mp_ipv4)
		put_cap_mp(w, BGP_AFI_IPV4);
	if (o->cap_mp_ipv6)
		put_cap_mp(w, BGP_AFI_IPV6);
	if (o->cap_route_refresh) {
		wbuf_u8(w, BGP_CAP_ROUTE_REFRESH);
		wbuf_u8(w, 0);
	}
	if (o->cap_as4) {
		wbuf_u8(w, BGP_CAP_AS4);
		wbuf_u8(w, 4);
		wbuf_u32(w, o->as);
	}
	return msg_end(w, start);
}

int
bgp_msg_notification(struct wbuf *w, const struct bgp_notify *n)
{
	size_t start = msg_begin(w, BGP_NOTIFICATION);
	size_t len = n->datalen;

	if (len > BGP_NOTIFY_DATA_MAX)
		len = BGP_NOTIFY_DATA_MAX;
	wbuf_u8(w, n->code);
	wbuf_u8(w, n->subcode);
	wbuf_bytes(w, n->data, len);
	return msg_end(w, start);
}

void
bgp_notify_shutdown(struct bgp_notify *n, uint8_t subcode, const char *text)
{
	size_t len = text ? strlen(text) : 0;

	/* RFC 9003 2: at most 255 octets; do not split a UTF-8 sequence. */
	if (len > BGP_SHUTDOWN_MSG_MAX) {
		len = BGP_SHUTDOWN_MSG_MAX;
		while (len > 0 && ((uint8_t)text[len] & 0xc0) == 0x80)
			len--;
	}
	n->code = BGP_ERR_CEASE;
	n->subcode = subcode;
	n->data[0] = (uint8_t)len;
	if (len)
		memcpy(n->data + 1, text, len);
	n->datalen = len + 1;
}

int
bgp_msg_route_refresh(struct wbuf *w, uint16_t afi, uint8_t safi)
{
	size_t start = msg_begin(w, BGP_ROUTE_REFRESH);

	wbuf_u16(w, afi);
	wbuf_u8(w, 0);
	wbuf_u8(w, safi);
	return msg_end(w, start);
}

/* ---- UPDATE encoders ---- */

static unsigned
prefix_bits(uint8_t afi)
{
	return afi == BGP_AFI_IPV4 ? 32 : afi == BGP_AFI_IPV6 ? 128 : 0;
}

/* Checks that p[0..n) are one family, valid lengths; sums their octets. */
static int
prefixes_check(const struct bgp_prefix *p, size_t n, size_t *octets)
{
	unsigned bits;
	size_t i, sum = 0;

	if (n == 0 || (bits = prefix_bits(p[0].afi)) == 0)
		return CN_EINVAL;
	for (i = 0; i < n; i++) {
		if (p[i].afi != p[0].afi || p[i].len > bits)
			return CN_EINVAL;
		sum += 1 + (p[i].len + 7u) / 8;
	}
	*octets = sum;
	return 0;
}

/* RFC 4271 4.3: length octet, then the prefix in as few octets as fit. */
static void
put_prefixes(struct wbuf *w, const struct bgp_prefix *p, size_t n)
{
	size_t i, octets;
	uint8_t *d;

	for (i = 0; i < n; i++) {
		octets = (p[i].len + 7u) / 8;
		wbuf_u8(w, p[i].len);
		if ((d = wbuf_reserve(w, octets)) == NULL)
			return;
		memcpy(d, p[i].addr, octets);
		if (p[i].len % 8)	/* host bits zero, whatever came in */
			d[octets - 1] &= (uint8_t)(0xff00 >> (p[i].len % 8));
	}
}

/* An attribute header, extended length when the value needs it. */
static void
put_attr(struct wbuf *w, uint8_t flags, uint8_t type, size_t len)
{
	if (len > 0xffff) {
		w->err = true;
		return;
	}
	if (len > 0xff) {
		wbuf_u8(w, flags | BGP_ATTRF_EXTLEN);
		wbuf_u8(w, type);
		wbuf_u16(w, (uint16_t)len);
	} else {
		wbuf_u8(w, flags);
		wbuf_u8(w, type);
		wbuf_u8(w, (uint8_t)len);
	}
}

static void
put_u32_attr(struct wbuf *w, uint8_t flags, uint8_t type, uint32_t v)
{
	put_attr(w, flags, type, 4);
	wbuf_u32(w, v);
}

/* One AS_SEQUENCE of count copies of as, width octets each. */
static void
put_path(struct wbuf *w, uint8_t type, uint32_t as, unsigned count,
    size_t width)
{
	unsigned i;

	put_attr(w, type == BGP_ATTR_AS_PATH ? F_WK : F_OPTT, type,
	    2 + count * width);
	wbuf_u8(w, BGP_ASPATH_SEQUENCE);
	wbuf_u8(w, (uint8_t)count);
	for (i = 0; i < count; i++) {
		if (width == 4)
			wbuf_u32(w, as);
		else
			wbuf_u16(w, as > AS2_MAX ? BGP_AS_TRANS : (uint16_t)as);
	}
}

/* AS_PATH, and AS4_PATH for a 2-octet peer that cannot carry local_as. */
static void
put_as_path(struct wbuf *w, const struct bgp_attrs *a)
{
	unsigned count = 1 + a->prepend;

	if (a->ibgp) {	/* RFC 4271 5.1.2: empty inside the AS */
		put_attr(w, F_WK, BGP_ATTR_AS_PATH, 0);
		return;
	}
	put_path(w, BGP_ATTR_AS_PATH, a->local_as, count, a->as4 ? 4 : 2);
}

static void
put_as4_path(struct wbuf *w, const struct bgp_attrs *a)
{
	/* RFC 6793 4.2.2 */
	if (!a->ibgp && !a->as4 && a->local_as > AS2_MAX)
		put_path(w, BGP_ATTR_AS4_PATH, a->local_as, 1 + a->prepend, 4);
}

static void
put_mp_reach(struct wbuf *w, const struct bgp_attrs *a,
    const struct bgp_prefix *p, size_t n, size_t octets)
{
	size_t nhlen = a->next_hop_ll_set ? 32 : 16;

	put_attr(w, F_OPT, BGP_ATTR_MP_REACH, 5 + nhlen + octets);
	wbuf_u16(w, BGP_AFI_IPV6);
	wbuf_u8(w, BGP_SAFI_UNICAST);
	wbuf_u8(w, (uint8_t)nhlen);
	wbuf_bytes(w, a->next_hop, 16);
	if (a->next_hop_ll_set)
		wbuf_bytes(w, a->next_hop_ll, 16);
	wbuf_u8(w, 0);	/* reserved */
	put_prefixes(w, p, n);
}

static void
put_communities(struct wbuf *w, const struct bgp_attrs *a)
{
	size_t i;

	if (a->ncommunities == 0)
		return;
	if (a->ncommunities > BGP_MAX_LEN / 4) {
		w->err = true;
		return;
	}
	put_attr(w, F_OPTT, BGP_ATTR_COMMUNITIES, a->ncommunities * 4);
	for (i = 0; i < a->ncommunities; i++)
		wbuf_u32(w, a->communities[i]);
}

static void
put_large(struct wbuf *w, const struct bgp_attrs *a)
{
	size_t i;

	if (a->nlarge == 0)
		return;
	if (a->nlarge > BGP_MAX_LEN / 12) {
		w->err = true;
		return;
	}
	put_attr(w, F_OPTT, BGP_ATTR_LARGE_COMMUNITIES, a->nlarge * 12);
	for (i = 0; i < a->nlarge * 3; i++)
		wbuf_u32(w, a->large[i]);
}

/* The path attributes, in type code order. */
static void
put_attrs(struct wbuf *w, const struct bgp_attrs *a,
    const struct bgp_prefix *p, size_t n, size_t octets)
{
	bool v4 = p[0].afi == BGP_AFI_IPV4;

	put_attr(w, F_WK, BGP_ATTR_ORIGIN, 1);
	wbuf_u8(w, BGP_ORIGIN_IGP);
	put_as_path(w, a);
	if (v4) {
		put_attr(w, F_WK, BGP_ATTR_NEXT_HOP, 4);
		wbuf_bytes(w, a->next_hop, 4);
	}
	if (a->med_set)
		put_u32_attr(w, F_OPT, BGP_ATTR_MED, a->med);
	if (a->ibgp)
		put_u32_attr(w, F_WK, BGP_ATTR_LOCAL_PREF, a->local_pref);
	put_communities(w, a);
	if (!v4)
		put_mp_reach(w, a, p, n, octets);
	put_as4_path(w, a);
	put_large(w, a);
}

int
bgp_msg_update_announce(struct wbuf *w, const struct bgp_attrs *attrs,
    const struct bgp_prefix *p, size_t n)
{
	size_t start, alen, octets;
	int r;

	if ((r = prefixes_check(p, n, &octets)) != 0)
		return r;
	if (attrs->prepend > BGP_PREPEND_MAX)
		return CN_EINVAL;
	start = msg_begin(w, BGP_UPDATE);
	wbuf_u16(w, 0);		/* no withdrawn routes */
	alen = len_begin(w);
	put_attrs(w, attrs, p, n, octets);
	len_patch(w, alen);
	if (p[0].afi == BGP_AFI_IPV4)
		put_prefixes(w, p, n);
	return msg_end(w, start);
}

int
bgp_msg_update_withdraw(struct wbuf *w, const struct bgp_prefix *p,
    size_t n)
{
	size_t start, len, octets;
	int r;

	if ((r = prefixes_check(p, n, &octets)) != 0)
		return r;
	start = msg_begin(w, BGP_UPDATE);
	if (p[0].afi == BGP_AFI_IPV4) {
		len = len_begin(w);
		put_prefixes(w, p, n);
		len_patch(w, len);
		wbuf_u16(w, 0);	/* no path attributes */
	} else {
		wbuf_u16(w, 0);
		len = len_begin(w);
		put_attr(w, F_OPT, BGP_ATTR_MP_UNREACH, 3 + octets);
		wbuf_u16(w, BGP_AFI_IPV6);
		wbuf_u8(w, BGP_SAFI_UNICAST);
		put_prefixes(w, p, n);
		len_patch(w, len);
	}
	return msg_end(w, start);
}

int
bgp_msg_end_of_rib(struct wbuf *w, uint8_t afi)
{
	size_t start;

	if (afi != BGP_AFI_IPV4 && afi != BGP_AFI_IPV6)
		return CN_EINVAL;
	start = msg_begin(w, BGP_UPDATE);
	wbuf_u16(w, 0);
	if (afi == BGP_AFI_IPV4) {
		wbuf_u16(w, 0);
	} else {	/* RFC 4724 2: MP_UNREACH_NLRI with no NLRI */
		wbuf_u16(w, 6);
		put_attr(w, F_OPT, BGP_ATTR_MP_UNREACH, 3);
		wbuf_u16(w, afi);
		wbuf_u8(w, BGP_SAFI_UNICAST);
	}
	return msg_end(w, start);
}
