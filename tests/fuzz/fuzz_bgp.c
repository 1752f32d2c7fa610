/* SPDX-License-Identifier: MIT */
/*
 * fuzz_bgp.c -- libFuzzer target for the BGP message codec (msg.h).
 *
 * Each input is one message: bgp_msg_parse_header, then the body parser of
 * its type (UPDATE with both AS widths).  What decodes is encoded again
 * and must decode to the same; every NOTIFICATION a decoder fills must
 * encode and decode too.  The same bytes also drive the UPDATE encoders
 * (attributes and prefixes taken from the input), whose output must parse
 * back cleanly with the prefix counts it was given.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/bgp/msg.h"
#include "../../src/common/cur.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t out[BGP_MAX_LEN];

static void
must(int cond)
{
	if (!cond)
		abort();
}

static void
check_update(const uint8_t *msg, size_t len, unsigned announced,
    unsigned withdrawn, bool as4)
{
	struct bgp_update_info info;
	struct bgp_notify n;
	uint16_t l;
	uint8_t t;

	must(bgp_msg_parse_header(msg, len, &t, &l, &n) == 0);
	must(t == BGP_UPDATE && l == len);
	must(bgp_msg_parse_update(msg, len, as4, &info, &n) == 0);
	must(!info.treat_as_withdraw);
	must(info.announced == announced && info.withdrawn == withdrawn);
}

static void
check_notify(const struct bgp_notify *n)
{
	struct bgp_notify back;
	char text[BGP_SHUTDOWN_MSG_MAX + 1];
	struct wbuf w;

	must(n->datalen <= BGP_NOTIFY_DATA_MAX);
	must(bgp_notify_code_text(n->code) != NULL);
	must(bgp_notify_subcode_text(n->code, n->subcode) != NULL);
	bgp_notify_shutdown_text(n, text, sizeof(text));
	must(strlen(text) < sizeof(text));
	wbuf_init(&w, out, sizeof(out));
	must(bgp_msg_notification(&w, n) == 0);
	must(bgp_msg_parse_notification(out, w.len, &back) == 0);
	must(back.code == n->code && back.subcode == n->subcode &&
	    back.datalen == n->datalen &&
	    memcmp(back.data, n->data, n->datalen) == 0);
}

/* A decoder's verdict: a NOTIFICATION we could send. */
static void
check_error(const struct bgp_notify *n)
{
	must(n->code >= BGP_ERR_HEADER && n->code <= BGP_ERR_ROUTE_REFRESH);
	check_notify(n);
}

static void
open_again(const struct bgp_open *o)
{
	struct bgp_notify n;
	struct bgp_open back;
	struct wbuf w;

	wbuf_init(&w, out, sizeof(out));
	must(bgp_msg_open(&w, o) == 0);
	must(bgp_msg_parse_open(out, w.len, &back, &n) == 0);
	must(back.as == o->as && back.hold_time == o->hold_time &&
	    back.bgp_id == o->bgp_id && back.cap_as4 == o->cap_as4 &&
	    back.cap_mp_ipv4 == o->cap_mp_ipv4 &&
	    back.cap_mp_ipv6 == o->cap_mp_ipv6 &&
	    back.cap_route_refresh == o->cap_route_refresh);
}

static void
refresh_again(uint16_t afi, uint8_t safi)
{
	struct bgp_notify n;
	struct wbuf w;
	uint16_t a;
	uint8_t s;

	wbuf_init(&w, out, sizeof(out));
	must(bgp_msg_route_refresh(&w, afi, safi) == 0);
	must(bgp_msg_parse_route_refresh(out, w.len, &a, &s, &n) == 0);
	must(a == afi && s == safi);
}

static void
decode(const uint8_t *data, size_t size)
{
	struct bgp_update_info info;
	struct bgp_notify n, nt;
	struct bgp_open o;
	uint16_t len, afi;
	uint8_t type, safi;
	int i;

	if (size < BGP_HDR_LEN)
		return;
	if (bgp_msg_parse_header(data, size, &type, &len, &n) != 0) {
		check_error(&n);
		return;
	}
	if (len > size)
		return;
	switch (type) {
	case BGP_OPEN:
		if (bgp_msg_parse_open(data, len, &o, &n) == 0)
			open_again(&o);
		else
			check_error(&n);
		break;
	case BGP_UPDATE:
		for (i = 0; i < 2; i++) {
			if (bgp_msg_parse_update(data, len, i, &info, &n) != 0)
				check_error(&n);
			else if (info.end_of_rib)
				must(info.announced == 0 &&
				    info.withdrawn == 0);
		}
		break;
	case BGP_NOTIFICATION:
		must(bgp_msg_parse_notification(data, len, &nt) == 0);
		check_notify(&nt);
		break;
	case BGP_KEEPALIVE:
		must(bgp_msg_parse_keepalive(data, len, &n) == 0);
		break;
	case BGP_ROUTE_REFRESH:
		if (bgp_msg_parse_route_refresh(data, len, &afi, &safi, &n)
		    == 0)
			refresh_again(afi, safi);
		else
			check_error(&n);
		break;
	default:
		abort();
	}
}

/* Builds announcements and withdrawals from the input's bytes. */
static void
encode(const uint8_t *data, size_t size)
{
	uint32_t comm[16], large[3 * 8];
	struct bgp_prefix p[32];
	struct bgp_attrs a;
	struct wbuf w;
	struct cur c;
	uint8_t flags, afi;
	size_t n, i;

	cur_init(&c, data, size);
	memset(&a, 0, sizeof(a));
	flags = cur_u8(&c);
	a.local_as = cur_u32(&c);
	a.ibgp = flags & 1;
	a.as4 = flags & 2;
	a.med_set = flags & 4;
	a.next_hop_ll_set = flags & 8;
	afi = flags & 16 ? BGP_AFI_IPV6 : BGP_AFI_IPV4;
	a.prepend = cur_u8(&c) % (BGP_PREPEND_MAX + 1);
	a.med = cur_u32(&c);
	a.local_pref = cur_u32(&c);
	(void)cur_bytes(&c, a.next_hop, 16);
	(void)cur_bytes(&c, a.next_hop_ll, 16);
	a.ncommunities = cur_u8(&c) % 17;
	for (i = 0; i < a.ncommunities; i++)
		comm[i] = cur_u32(&c);
	a.nlarge = cur_u8(&c) % 9;
	for (i = 0; i < a.nlarge * 3; i++)
		large[i] = cur_u32(&c);
	a.communities = comm;
	a.large = large;
	n = cur_u8(&c) % 32 + 1;
	for (i = 0; i < n; i++) {
		p[i].afi = afi;
		p[i].len = cur_u8(&c) % (afi == BGP_AFI_IPV4 ? 33 : 129);
		(void)cur_bytes(&c, p[i].addr, 16);
	}
	if (c.err)
		return;
	wbuf_init(&w, out, sizeof(out));
	/* At most 32 /128s, 255 ASes twice, 16 + 8 communities: fits. */
	must(bgp_msg_update_announce(&w, &a, p, n) == 0);
	check_update(out, w.len, (unsigned)n, 0, a.as4);
	wbuf_init(&w, out, sizeof(out));
	must(bgp_msg_update_withdraw(&w, p, n) == 0);
	check_update(out, w.len, 0, (unsigned)n, a.as4);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	decode(data, size);
	/* past a header's constant marker, when there is one */
	if (size > BGP_HDR_LEN)
		encode(data + BGP_HDR_LEN, size - BGP_HDR_LEN);
	else
		encode(data, size);
	return 0;
}
