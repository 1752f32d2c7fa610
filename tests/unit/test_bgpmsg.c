/* SPDX-License-Identifier: MIT */
/*
 * test_bgpmsg.c -- the BGP message codec against hand-written byte vectors
 * (RFC 4271, 4760, 5492, 6793, 7313, 7606, 8092, 9003, 9072): every message
 * and attribute, each NOTIFICATION the decoders send, round trips.
 * Vectors are hex strings of the message body; the helpers add the header.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/bgp/msg.h"
#include "../../src/common/err.h"

#define MARKER	"ffffffffffffffffffffffffffffffff"

static uint8_t buf[BGP_MAX_LEN + 64];
static uint8_t out[BGP_MAX_LEN + 64];

static int
nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return c - 'A' + 10;
}

/* Hex (spaces allowed) to bytes; returns the count. */
static size_t
unhex(const char *s, uint8_t *dst)
{
	size_t n = 0;

	for (; *s; s++) {
		if (*s == ' ')
			continue;
		dst[n++] = (uint8_t)(nibble(s[0]) << 4 | nibble(s[1]));
		s++;
	}
	return n;
}

/* A whole message of type from a hex body, into buf. */
static size_t
mk(uint8_t type, const char *body)
{
	size_t len = BGP_HDR_LEN + unhex(body, buf + BGP_HDR_LEN);

	memset(buf, 0xff, BGP_MARKER_LEN);
	buf[16] = len >> 8;
	buf[17] = len & 0xff;
	buf[18] = type;
	return len;
}

/* The writer holds exactly the message of type with the hex body. */
static void
expect_msg(const struct wbuf *w, uint8_t type, const char *body)
{
	size_t len = mk(type, body);

	assert_false(w->err);
	assert_int_equal(w->len, len);
	assert_memory_equal(w->p, buf, len);
}

static void
expect_notify(const struct bgp_notify *n, uint8_t code, uint8_t sub,
    const char *data)
{
	uint8_t d[BGP_NOTIFY_DATA_MAX];
	size_t len = unhex(data, d);

	assert_int_equal(n->code, code);
	assert_int_equal(n->subcode, sub);
	assert_int_equal(n->datalen, len);
	assert_memory_equal(n->data, d, len);
}

/* ---- header ---- */

static void
hdr_keepalive(void **state)
{
	struct bgp_notify n;
	uint16_t len;
	uint8_t t;

	(void)state;
	mk(BGP_KEEPALIVE, "");
	assert_int_equal(bgp_msg_parse_header(buf, 19, &t, &len, &n), 0);
	assert_int_equal(t, BGP_KEEPALIVE);
	assert_int_equal(len, 19);
	assert_int_equal(bgp_msg_parse_keepalive(buf, 19, &n), 0);
}

static void
hdr_bad_marker(void **state)
{
	struct bgp_notify n;
	uint16_t len;
	uint8_t t;

	(void)state;
	mk(BGP_KEEPALIVE, "");
	buf[7] = 0xfe;
	assert_int_equal(bgp_msg_parse_header(buf, 19, &t, &len, &n),
	    CN_EPROTO);
	expect_notify(&n, BGP_ERR_HEADER, BGP_HDR_SYNC, "");
}

static void
hdr_bad_length(void **state)
{
	static const struct {
		uint8_t		 type;
		uint16_t	 len;
	} cases[] = {
		{ BGP_KEEPALIVE, 18 }, { BGP_KEEPALIVE, 4097 },
		{ BGP_KEEPALIVE, 0 }, { BGP_KEEPALIVE, 0xffff },
		{ BGP_OPEN, 28 }, { BGP_UPDATE, 22 },
		{ BGP_NOTIFICATION, 20 }, { BGP_KEEPALIVE, 20 },
		{ BGP_ROUTE_REFRESH, 22 }, { 9, 18 },
	};
	struct bgp_notify n;
	char data[8];
	uint16_t len;
	size_t i;
	uint8_t t;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mk(cases[i].type, "");
		buf[16] = cases[i].len >> 8;
		buf[17] = cases[i].len & 0xff;
		assert_int_equal(bgp_msg_parse_header(buf, 19, &t, &len, &n),
		    CN_EPROTO);
		snprintf(data, sizeof(data), "%04x", cases[i].len);
		expect_notify(&n, BGP_ERR_HEADER, BGP_HDR_LENGTH, data);
	}
}

static void
hdr_bad_type(void **state)
{
	struct bgp_notify n;
	uint16_t len;
	uint8_t t;

	(void)state;
	mk(6, "");
	assert_int_equal(bgp_msg_parse_header(buf, 19, &t, &len, &n),
	    CN_EPROTO);
	expect_notify(&n, BGP_ERR_HEADER, BGP_HDR_TYPE, "06");
	mk(0, "");
	assert_int_equal(bgp_msg_parse_header(buf, 19, &t, &len, &n),
	    CN_EPROTO);
	expect_notify(&n, BGP_ERR_HEADER, BGP_HDR_TYPE, "00");
}

static void
hdr_lengths_ok(void **state)
{
	struct bgp_notify n;
	uint16_t len;
	uint8_t t;

	(void)state;
	mk(BGP_UPDATE, "");
	buf[16] = 0x10;
	buf[17] = 0x00;
	assert_int_equal(bgp_msg_parse_header(buf, 19, &t, &len, &n), 0);
	assert_int_equal(len, 4096);
	mk(BGP_OPEN, "");
	buf[17] = 29;
	assert_int_equal(bgp_msg_parse_header(buf, 19, &t, &len, &n), 0);
	assert_int_equal(t, BGP_OPEN);
	/* A body parser refuses a buffer that disagrees with its header. */
	mk(BGP_KEEPALIVE, "00");
	assert_int_equal(bgp_msg_parse_keepalive(buf, 20, &n), CN_EPROTO);
	expect_notify(&n, BGP_ERR_HEADER, BGP_HDR_LENGTH, "0014");
}

static void
hdr_body_mismatch(void **state)
{
	struct bgp_update_info info;
	struct bgp_notify n;
	struct bgp_open o;
	uint16_t len;
	uint8_t t;

	(void)state;
	/* a buffer shorter than a header */
	mk(BGP_KEEPALIVE, "");
	assert_int_equal(bgp_msg_parse_header(buf, 10, &t, &len, &n),
	    CN_EPROTO);
	expect_notify(&n, BGP_ERR_HEADER, BGP_HDR_SYNC, "");
	/* a body parser handed another type, or fewer octets than said */
	assert_int_equal(bgp_msg_parse_open(buf, 19, &o, &n), CN_EPROTO);
	expect_notify(&n, BGP_ERR_HEADER, BGP_HDR_TYPE, "04");
	mk(BGP_UPDATE, "0000 0000 00");
	assert_int_equal(bgp_msg_parse_update(buf, 23, true, &info, &n),
	    CN_EPROTO);
	expect_notify(&n, BGP_ERR_HEADER, BGP_HDR_LENGTH, "0018");
}

/* ---- OPEN ---- */

/* AS 65001, hold 90, 192.0.2.1; MP IPv4, MP IPv6, route refresh, AS4. */
#define OPEN_FULL \
	"04 fde9 005a c0000201 16 02 14 010400010001 010400020001 0200" \
	" 41040000fde9"

static int
open_parse(const char *body, struct bgp_open *o, struct bgp_notify *n)
{
	size_t len = mk(BGP_OPEN, body);

	return bgp_msg_parse_open(buf, len, o, n);
}

static void
open_decode(void **state)
{
	struct bgp_notify n;
	struct bgp_open o;

	(void)state;
	assert_int_equal(open_parse(OPEN_FULL, &o, &n), 0);
	assert_int_equal(o.version, 4);
	assert_int_equal(o.my_as, 65001);
	assert_int_equal(o.as, 65001);
	assert_int_equal(o.hold_time, 90);
	assert_int_equal(o.bgp_id, 0xc0000201);
	assert_true(o.cap_mp_ipv4 && o.cap_mp_ipv6 && o.cap_as4 &&
	    o.cap_route_refresh && o.any_caps);
}

static void
open_encode(void **state)
{
	struct bgp_open o = {
		.as = 65001, .hold_time = 90, .bgp_id = 0xc0000201,
		.cap_mp_ipv4 = true, .cap_mp_ipv6 = true, .cap_as4 = true,
		.cap_route_refresh = true,
	};
	struct wbuf w;

	(void)state;
	wbuf_init(&w, out, sizeof(out));
	assert_int_equal(bgp_msg_open(&w, &o), 0);
	expect_msg(&w, BGP_OPEN, OPEN_FULL);
}

static void
open_encode_as_trans(void **state)
{
	struct bgp_open o = {
		.as = 4200000000u, .hold_time = 3, .bgp_id = 1,
		.cap_as4 = true,
	}, got;
	struct bgp_notify n;
	struct wbuf w;

	(void)state;
	wbuf_init(&w, out, sizeof(out));
	assert_int_equal(bgp_msg_open(&w, &o), 0);
	expect_msg(&w, BGP_OPEN,
	    "04 5ba0 0003 00000001 08 02 06 4104fa56ea00");
	assert_int_equal(bgp_msg_parse_open(out, w.len, &got, &n), 0);
	assert_int_equal(got.my_as, BGP_AS_TRANS);
	assert_int_equal(got.as, 4200000000u);
	assert_false(got.cap_mp_ipv4 || got.cap_mp_ipv6 ||
	    got.cap_route_refresh);
}

static void
open_encode_no_caps(void **state)
{
	struct bgp_open o = { .as = 64512, .hold_time = 0, .bgp_id = 7 }, got;
	struct bgp_notify n;
	struct wbuf w;

	(void)state;
	wbuf_init(&w, out, sizeof(out));
	assert_int_equal(bgp_msg_open(&w, &o), 0);
	expect_msg(&w, BGP_OPEN, "04 fc00 0000 00000007 00");
	assert_int_equal(bgp_msg_parse_open(out, w.len, &got, &n), 0);
	assert_false(got.any_caps);
	assert_int_equal(got.as, 64512);
	assert_int_equal(got.hold_time, 0);
}

static void
open_encode_no_space(void **state)
{
	struct bgp_open o = { .as = 1, .bgp_id = 1, .cap_as4 = true };
	struct wbuf w;

	(void)state;
	wbuf_init(&w, out, 30);
	assert_int_equal(bgp_msg_open(&w, &o), CN_ESPACE);
	assert_true(w.err);
	assert_int_equal(w.len, 0);
}

static void
open_bad_version(void **state)
{
	struct bgp_notify n;
	struct bgp_open o;

	(void)state;
	assert_int_equal(open_parse("03 fde9 005a c0000201 00", &o, &n),
	    CN_EPROTO);
	expect_notify(&n, BGP_ERR_OPEN, BGP_OPEN_VERSION, "0004");
	assert_int_equal(open_parse("05 fde9 005a c0000201 00", &o, &n),
	    CN_EPROTO);
	expect_notify(&n, BGP_ERR_OPEN, BGP_OPEN_VERSION, "0004");
}

static void
open_hold_time(void **state)
{
	struct bgp_notify n;
	struct bgp_open o;

	(void)state;
	assert_int_equal(open_parse("04 fde9 0001 c0000201 00", &o, &n),
	    CN_EPROTO);
	expect_notify(&n, BGP_ERR_OPEN, BGP_OPEN_HOLDTIME, "");
	assert_int_equal(open_parse("04 fde9 0002 c0000201 00", &o, &n),
	    CN_EPROTO);
	expect_notify(&n, BGP_ERR_OPEN, BGP_OPEN_HOLDTIME, "");
	assert_int_equal(open_parse("04 fde9 0003 c0000201 00", &o, &n), 0);
	assert_int_equal(open_parse("04 fde9 ffff c0000201 00", &o, &n), 0);
	assert_int_equal(o.hold_time, 65535);
}

static void
open_bad_bgpid(void **state)
{
	struct bgp_notify n;
	struct bgp_open o;

	(void)state;
	assert_int_equal(open_parse("04 fde9 005a 00000000 00", &o, &n),
	    CN_EPROTO);
	expect_notify(&n, BGP_ERR_OPEN, BGP_OPEN_BGPID, "");
}

static void
open_bad_peer_as(void **state)
{
	struct bgp_notify n;
	struct bgp_open o;

	(void)state;
	assert_int_equal(open_parse("04 0000 005a c0000201 00", &o, &n),
	    CN_EPROTO);
	expect_notify(&n, BGP_ERR_OPEN, BGP_OPEN_PEER_AS, "");
	assert_int_equal(open_parse(
	    "04 5ba0 005a c0000201 08 02 06 410400000000", &o, &n), CN_EPROTO);
	expect_notify(&n, BGP_ERR_OPEN, BGP_OPEN_PEER_AS, "");
}

static void
open_unsupported_param(void **state)
{
	struct bgp_notify n;
	struct bgp_open o;

	(void)state;
	/* Type 1, the deprecated authentication parameter. */
	assert_int_equal(open_parse("04 fde9 005a c0000201 03 01 01 00",
	    &o, &n), CN_EPROTO);
	expect_notify(&n, BGP_ERR_OPEN, BGP_OPEN_OPTPARAM, "");
}

static void
open_malformed(void **state)
{
	static const char *const bad[] = {
		/* parameter longer than the optional parameters */
		"04 fde9 005a c0000201 04 02 05 0200",
		/* capability longer than its parameter */
		"04 fde9 005a c0000201 04 02 02 4104",
		/* capability header cut */
		"04 fde9 005a c0000201 03 02 01 41",
		/* optional parameters length beyond the message */
		"04 fde9 005a c0000201 05 02 02 0200",
		/* trailing octets after the parameters */
		"04 fde9 005a c0000201 04 02 02 0200 00",
		/* parameter header cut */
		"04 fde9 005a c0000201 01 02",
		/* MP of length 3, AS4 of length 2, route refresh of 1 */
		"04 fde9 005a c0000201 07 02 05 0103000100",
		"04 fde9 005a c0000201 06 02 04 41020001",
		"04 fde9 005a c0000201 05 02 03 020100",
		/* AS4 of length 5 */
		"04 fde9 005a c0000201 09 02 07 41050000fde900",
	};
	struct bgp_notify n;
	struct bgp_open o;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(open_parse(bad[i], &o, &n), CN_EPROTO);
		expect_notify(&n, BGP_ERR_OPEN, BGP_OPEN_UNSPEC, "");
	}
}

static void
open_unknown_caps(void **state)
{
	struct bgp_notify n;
	struct bgp_open o;

	(void)state;
	/* Graceful restart (64), enhanced route refresh (70), MP IPv4
	 * multicast: ignored; MP IPv6 unicast recorded. */
	assert_int_equal(open_parse("04 fde9 005a c0000201 16 02 14"
	    " 4002 0078 4600 010400010002 010400020001 4600", &o, &n), 0);
	assert_false(o.cap_mp_ipv4);
	assert_true(o.cap_mp_ipv6);
	assert_false(o.cap_as4 || o.cap_route_refresh);
	assert_true(o.any_caps);
	assert_int_equal(o.as, 65001);
}

static void
open_several_params(void **state)
{
	struct bgp_notify n;
	struct bgp_open o;

	(void)state;
	/* One capability per parameter, as some speakers send them. */
	assert_int_equal(open_parse("04 5ba0 00b4 0a000001 14"
	    " 0206 010400010001 0202 0200 0206 410400010000", &o, &n), 0);
	assert_true(o.cap_mp_ipv4 && o.cap_route_refresh && o.cap_as4);
	assert_int_equal(o.as, 65536);
	assert_int_equal(o.hold_time, 180);
	/* An empty capabilities parameter. */
	assert_int_equal(open_parse("04 fde9 005a c0000201 02 0200", &o, &n),
	    0);
	assert_true(o.any_caps);
}

static void
open_extended_params(void **state)
{
	struct bgp_notify n;
	struct bgp_open o;

	(void)state;
	/* RFC 9072: 255, 255, then a 2-octet length; 3-octet param headers */
	assert_int_equal(open_parse("04 fde9 005a c0000201 ff ff 000b"
	    " 02 0008 0200 41040000fde9", &o, &n), 0);
	assert_true(o.cap_route_refresh && o.cap_as4);
	assert_int_equal(open_parse("04 fde9 005a c0000201 ff ff 0000",
	    &o, &n), 0);
	/* extended length beyond the message */
	assert_int_equal(open_parse("04 fde9 005a c0000201 ff ff 000c"
	    " 02 0008 0200 41040000fde9", &o, &n), CN_EPROTO);
	expect_notify(&n, BGP_ERR_OPEN, BGP_OPEN_UNSPEC, "");
	/* parameter length beyond the extended parameters */
	assert_int_equal(open_parse("04 fde9 005a c0000201 ff ff 0005"
	    " 02 0003 0200", &o, &n), CN_EPROTO);
	expect_notify(&n, BGP_ERR_OPEN, BGP_OPEN_UNSPEC, "");
	/* extended length cut short */
	assert_int_equal(open_parse("04 fde9 005a c0000201 ff ff 00",
	    &o, &n), CN_EPROTO);
}

static void
open_nonextended_255(void **state)
{
	char body[1024];
	struct bgp_notify n;
	struct bgp_open o;
	size_t i;

	(void)state;
	/* 255 octets of ordinary parameters: first type 2, not extended. */
	strcpy(body, "04 fde9 005a c0000201 ff 02 fd");
	for (i = 0; i < 125; i++)
		strcat(body, "4600");
	strcat(body, "460100");
	assert_int_equal(open_parse(body, &o, &n), 0);
	assert_true(o.any_caps);
	/* the same with a capability header cut at the end */
	strcpy(body, "04 fde9 005a c0000201 ff 02 fd");
	for (i = 0; i < 126; i++)
		strcat(body, "4600");
	strcat(body, "46");
	assert_int_equal(open_parse(body, &o, &n), CN_EPROTO);
	expect_notify(&n, BGP_ERR_OPEN, BGP_OPEN_UNSPEC, "");
}

/* ---- KEEPALIVE, NOTIFICATION, ROUTE-REFRESH ---- */

static void
keepalive_encode(void **state)
{
	struct wbuf w;

	(void)state;
	wbuf_init(&w, out, sizeof(out));
	assert_int_equal(bgp_msg_keepalive(&w), 0);
	expect_msg(&w, BGP_KEEPALIVE, "");
	wbuf_init(&w, out, 18);
	assert_int_equal(bgp_msg_keepalive(&w), CN_ESPACE);
}

static void
notification_codec(void **state)
{
	struct bgp_notify n = { .code = BGP_ERR_OPEN,
	    .subcode = BGP_OPEN_VERSION, .data = { 0, 4 }, .datalen = 2 }, got;
	struct wbuf w;

	(void)state;
	wbuf_init(&w, out, sizeof(out));
	assert_int_equal(bgp_msg_notification(&w, &n), 0);
	expect_msg(&w, BGP_NOTIFICATION, "02 01 0004");
	assert_int_equal(bgp_msg_parse_notification(out, w.len, &got), 0);
	expect_notify(&got, BGP_ERR_OPEN, BGP_OPEN_VERSION, "0004");
	/* Hold Timer Expired, no data */
	mk(BGP_NOTIFICATION, "04 00");
	assert_int_equal(bgp_msg_parse_notification(buf, 21, &got), 0);
	expect_notify(&got, BGP_ERR_HOLD, 0, "");
}

static void
notification_long_data(void **state)
{
	struct bgp_notify got;
	size_t len;

	(void)state;
	mk(BGP_NOTIFICATION, "03 01");
	memset(buf + 21, 0xab, 1000);
	len = 1021;
	buf[16] = len >> 8;
	buf[17] = len & 0xff;
	assert_int_equal(bgp_msg_parse_notification(buf, len, &got), 0);
	assert_int_equal(got.datalen, BGP_NOTIFY_DATA_MAX);
	assert_int_equal(got.data[255], 0xab);
	/* A NOTIFICATION shorter than 21 is refused, out untouched. */
	mk(BGP_NOTIFICATION, "06");
	got.code = 99;
	assert_int_equal(bgp_msg_parse_notification(buf, 20, &got),
	    CN_EPROTO);
	assert_int_equal(got.code, 99);
}

static void
shutdown_encode(void **state)
{
	struct bgp_notify n, got;
	char text[300];
	struct wbuf w;

	(void)state;
	bgp_notify_shutdown(&n, BGP_CEASE_SHUTDOWN, "foo");
	wbuf_init(&w, out, sizeof(out));
	assert_int_equal(bgp_msg_notification(&w, &n), 0);
	/* RFC 9003 2: length octet, then UTF-8 */
	expect_msg(&w, BGP_NOTIFICATION, "06 02 03 666f6f");
	assert_int_equal(bgp_msg_parse_notification(out, w.len, &got), 0);
	bgp_notify_shutdown_text(&got, text, sizeof(text));
	assert_string_equal(text, "foo");
	bgp_notify_shutdown(&n, BGP_CEASE_RESET, "");
	expect_notify(&n, BGP_ERR_CEASE, BGP_CEASE_RESET, "00");
	bgp_notify_shutdown(&n, BGP_CEASE_RESET, NULL);
	expect_notify(&n, BGP_ERR_CEASE, BGP_CEASE_RESET, "00");
}

static void
shutdown_truncate_utf8(void **state)
{
	char text[400], got[300];
	struct bgp_notify n;

	(void)state;
	/* 254 octets, then "é" (c3 a9): cut before it, not inside. */
	memset(text, 'a', 254);
	strcpy(text + 254, "\xc3\xa9zz");
	bgp_notify_shutdown(&n, BGP_CEASE_SHUTDOWN, text);
	assert_int_equal(n.data[0], 254);
	assert_int_equal(n.datalen, 255);
	/* 253 + "é" fits 255 exactly */
	strcpy(text + 253, "\xc3\xa9zz");
	bgp_notify_shutdown(&n, BGP_CEASE_SHUTDOWN, text);
	assert_int_equal(n.data[0], 255);
	assert_int_equal(n.datalen, 256);
	bgp_notify_shutdown_text(&n, got, sizeof(got));
	assert_int_equal(strlen(got), 255);
	assert_memory_equal(got + 253, "\xc3\xa9", 2);
	/* a 4-octet character across the limit */
	strcpy(text + 253, "\xf0\x9f\x98\x80");
	bgp_notify_shutdown(&n, BGP_CEASE_SHUTDOWN, text);
	assert_int_equal(n.data[0], 253);
}

static void
shutdown_text_printable(void **state)
{
	static const struct {
		const char	*data;	/* hex */
		const char	*text;
	} cases[] = {
		{ "05 61 0a 62 09 63", "a?b?c" },
		{ "03 61 7f 62", "a?b" },
		{ "03 c3 a9 21", "\xc3\xa9!" },
		{ "02 c2 85", "??" },		/* C1 control NEL */
		{ "02 c0 af", "??" },		/* overlong '/' */
		{ "03 ed a0 80", "???" },	/* surrogate */
		{ "02 e2 82", "??" },		/* cut sequence */
		{ "01 ff", "?" },
		{ "04 f0 9f 98 80", "\xf0\x9f\x98\x80" },
		{ "04 f4 90 80 80", "????" },	/* above U+10FFFF */
		{ "00", "" },
		{ "05 616263", "" },		/* length beyond the data */
		{ "", "" },
		{ "02 6869 ffff", "hi" },	/* trailing octets ignored */
	};
	struct bgp_notify n;
	char text[300];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n.code = BGP_ERR_CEASE;
		n.subcode = BGP_CEASE_SHUTDOWN;
		n.datalen = unhex(cases[i].data, n.data);
		bgp_notify_shutdown_text(&n, text, sizeof(text));
		assert_string_equal(text, cases[i].text);
	}
	/* Not a shutdown or reset: no text. */
	n.subcode = BGP_CEASE_COLLISION;
	n.datalen = unhex("02 6869", n.data);
	bgp_notify_shutdown_text(&n, text, sizeof(text));
	assert_string_equal(text, "");
}

static void
shutdown_text_small_buffer(void **state)
{
	struct bgp_notify n;
	char text[4];

	(void)state;
	bgp_notify_shutdown(&n, BGP_CEASE_SHUTDOWN, "abcdef");
	bgp_notify_shutdown_text(&n, text, sizeof(text));
	assert_string_equal(text, "abc");
	/* A character that does not fit whole is left out. */
	bgp_notify_shutdown(&n, BGP_CEASE_SHUTDOWN, "ab\xc3\xa9");
	bgp_notify_shutdown_text(&n, text, sizeof(text));
	assert_string_equal(text, "ab");
	bgp_notify_shutdown_text(&n, text, 1);
	assert_string_equal(text, "");
}

static void
notify_texts(void **state)
{
	(void)state;
	assert_string_equal(bgp_notify_code_text(BGP_ERR_CEASE), "Cease");
	assert_string_equal(bgp_notify_subcode_text(BGP_ERR_CEASE,
	    BGP_CEASE_SHUTDOWN), "Administrative Shutdown");
	assert_string_equal(bgp_notify_subcode_text(BGP_ERR_UPDATE,
	    BGP_UPD_ASPATH), "Malformed AS_PATH");
	assert_string_equal(bgp_notify_subcode_text(BGP_ERR_HEADER,
	    BGP_HDR_SYNC), "Connection Not Synchronized");
	assert_string_equal(bgp_notify_subcode_text(BGP_ERR_OPEN, 0),
	    "Unspecific");
	assert_string_equal(bgp_notify_subcode_text(BGP_ERR_FSM, 0),
	    "Unspecified Error");
	assert_string_equal(bgp_notify_subcode_text(BGP_ERR_ROUTE_REFRESH,
	    BGP_RR_LENGTH), "Invalid Message Length");
	assert_string_equal(bgp_notify_subcode_text(BGP_ERR_HOLD, 0),
	    "Unspecific");
	assert_string_equal(bgp_notify_code_text(0), "0");
	assert_string_equal(bgp_notify_code_text(200), "200");
	assert_string_equal(bgp_notify_subcode_text(BGP_ERR_CEASE, 77), "77");
	assert_string_equal(bgp_notify_subcode_text(255, 255), "255");
	assert_string_equal(bgp_notify_subcode_text(BGP_ERR_HEADER, 4), "4");
}

static void
notify_texts_complete(void **state)
{
	static const struct {
		uint8_t	 code;
		uint8_t	 lo, hi;
	} named[] = {
		{ BGP_ERR_HEADER, 1, 3 }, { BGP_ERR_OPEN, 0, 7 },
		{ BGP_ERR_UPDATE, 1, 11 }, { BGP_ERR_FSM, 0, 3 },
		{ BGP_ERR_CEASE, 1, 8 }, { BGP_ERR_ROUTE_REFRESH, 1, 1 },
	};
	const char *s;
	size_t i;
	unsigned sub;
	char num[4];

	(void)state;
	for (i = 1; i <= 7; i++)
		assert_true(bgp_notify_code_text((uint8_t)i)[0] > '9');
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		for (sub = named[i].lo; sub <= named[i].hi; sub++) {
			s = bgp_notify_subcode_text(named[i].code,
			    (uint8_t)sub);
			snprintf(num, sizeof(num), "%u", sub);
			assert_string_not_equal(s, num);
		}
	}
}

static void
route_refresh_codec(void **state)
{
	struct bgp_notify n;
	struct wbuf w;
	uint16_t afi;
	uint8_t safi;

	(void)state;
	wbuf_init(&w, out, sizeof(out));
	assert_int_equal(bgp_msg_route_refresh(&w, BGP_AFI_IPV6,
	    BGP_SAFI_UNICAST), 0);
	expect_msg(&w, BGP_ROUTE_REFRESH, "0002 00 01");
	assert_int_equal(bgp_msg_parse_route_refresh(out, w.len, &afi, &safi,
	    &n), 0);
	assert_int_equal(afi, BGP_AFI_IPV6);
	assert_int_equal(safi, BGP_SAFI_UNICAST);
	/* The reserved octet is ignored (RFC 2918 3). */
	mk(BGP_ROUTE_REFRESH, "0001 07 01");
	assert_int_equal(bgp_msg_parse_route_refresh(buf, 23, &afi, &safi,
	    &n), 0);
	assert_int_equal(afi, BGP_AFI_IPV4);
}

static void
route_refresh_bad_length(void **state)
{
	struct bgp_notify n;
	uint16_t afi = 9, len;
	uint8_t safi = 9, t;

	(void)state;
	/* RFC 7313 5: the whole message as data */
	mk(BGP_ROUTE_REFRESH, "0001 00 01 00");
	assert_int_equal(bgp_msg_parse_header(buf, 24, &t, &len, &n), 0);
	assert_int_equal(bgp_msg_parse_route_refresh(buf, 24, &afi, &safi,
	    &n), CN_EPROTO);
	expect_notify(&n, BGP_ERR_ROUTE_REFRESH, BGP_RR_LENGTH,
	    MARKER "0018 05 0001 00 01 00");
	assert_int_equal(afi, 9);
	assert_int_equal(safi, 9);
}

/* ---- UPDATE decoding ---- */

static int
upd(const char *body, bool as4, struct bgp_update_info *info,
    struct bgp_notify *n)
{
	size_t len = mk(BGP_UPDATE, body);
	uint16_t l;
	uint8_t t;

	memset(info, 0x5a, sizeof(*info));
	if (bgp_msg_parse_header(buf, len, &t, &l, n) != 0)
		return 1000;
	return bgp_msg_parse_update(buf, len, as4, info, n);
}

#define ORIGIN	" 40010100"
#define ASPATH4	" 400206 0201 0000fde9"
#define ASPATH2	" 400204 0201 fde9"
#define NH	" 400304 c0000201"

static void
upd_ipv4(void **state)
{
	struct bgp_update_info info;
	struct bgp_notify n;

	(void)state;
	/* 198.51.100.0/24 and 203.0.113.5/32 from AS 65001 */
	assert_int_equal(upd("0000 0014" ORIGIN ASPATH4 NH
	    " 18c63364 20cb007105", true, &info, &n), 0);
	assert_int_equal(info.announced, 2);
	assert_int_equal(info.withdrawn, 0);
	assert_false(info.end_of_rib);
	assert_false(info.treat_as_withdraw);
	/* the same with a 2-octet AS_PATH */
	assert_int_equal(upd("0000 0012" ORIGIN ASPATH2 NH " 18c63364",
	    false, &info, &n), 0);
	assert_int_equal(info.announced, 1);
	assert_false(info.treat_as_withdraw);
}

static void
upd_withdrawn(void **state)
{
	struct bgp_update_info info;
	struct bgp_notify n;

	(void)state;
	/* 10.0.0.0/8, 0.0.0.0/0, 192.0.2.128/25 */
	assert_int_equal(upd("0008 080a 00 19c0000280 0000", true, &info,
	    &n), 0);
	assert_int_equal(info.withdrawn, 3);
	assert_int_equal(info.announced, 0);
	assert_false(info.end_of_rib);
}

static void
upd_end_of_rib(void **state)
{
	struct bgp_update_info info;
	struct bgp_notify n;

	(void)state;
	assert_int_equal(upd("0000 0000", true, &info, &n), 0);
	assert_true(info.end_of_rib);
	assert_int_equal(info.eor_afi, BGP_AFI_IPV4);
	assert_int_equal(info.eor_safi, BGP_SAFI_UNICAST);
	assert_int_equal(upd("0000 0006 800f03 000201", true, &info, &n), 0);
	assert_true(info.end_of_rib);
	assert_int_equal(info.eor_afi, BGP_AFI_IPV6);
	assert_int_equal(info.withdrawn, 0);
	/* EoR of a family we do not speak is still one */
	assert_int_equal(upd("0000 0006 800f03 001946", true, &info, &n), 0);
	assert_true(info.end_of_rib);
	assert_int_equal(info.eor_afi, 25);
	assert_int_equal(info.eor_safi, 70);
	/* MP_UNREACH with a prefix, or with ORIGIN beside it: not EoR */
	assert_int_equal(upd("0000 0009 800f06 000201 102001", true, &info,
	    &n), 0);
	assert_false(info.end_of_rib);
	assert_int_equal(info.withdrawn, 1);
	assert_int_equal(upd("0000 000a" ORIGIN " 800f03 000201", true,
	    &info, &n), 0);
	assert_false(info.end_of_rib);
}

static void
upd_mp_reach(void **state)
{
	struct bgp_update_info info;
	struct bgp_notify n;

	(void)state;
	/* 2001:db8:1::/48 and ::/0, next hop 2001:db8::1 */
	assert_int_equal(upd("0000 002d" ORIGIN ASPATH4
	    " 800e1d 0002 01 10 20010db8000000000000000000000001 00"
	    " 3020010db80001 00", true, &info, &n), 0);
	assert_int_equal(info.announced, 2);
	assert_false(info.treat_as_withdraw);
	/* 32-octet next hop (global + link-local) */
	assert_int_equal(upd("0000 003c" ORIGIN ASPATH4
	    " 800e2c 0002 01 20 20010db8000000000000000000000001"
	    " fe800000000000000000000000000001 00 3020010db80001", true,
	    &info, &n), 0);
	assert_int_equal(info.announced, 1);
	/* IPv4 through MP_REACH (4-octet next hop) */
	assert_int_equal(upd("0000 001d" ORIGIN ASPATH4
	    " 800e0d 0001 01 04 c0000201 00 18c63364", true, &info, &n), 0);
	assert_int_equal(info.announced, 1);
	/* a family we did not offer (VPNv4): skipped, not counted */
	assert_int_equal(upd("0000 0021" ORIGIN ASPATH4
	    " 800e11 0001 80 0c 0000000000000000c0000201 00", true, &info,
	    &n), 0);
	assert_int_equal(info.announced, 0);
	assert_false(info.treat_as_withdraw);
}

static void
upd_mp_unreach(void **state)
{
	struct bgp_update_info info;
	struct bgp_notify n;

	(void)state;
	assert_int_equal(upd("0000 001e 800f1b 000201 3020010db80001"
	    " 8020010db8000000000000000000000001", true, &info, &n), 0);
	assert_int_equal(info.withdrawn, 2);
	assert_false(info.end_of_rib);
	assert_false(info.treat_as_withdraw);
}

static void
upd_extended_length(void **state)
{
	struct bgp_update_info info;
	struct bgp_notify n;

	(void)state;
	/* ORIGIN with the extended length bit: 2-octet length */
	assert_int_equal(upd("0000 0015 50010001 00" ASPATH4 NH " 18c63364",
	    true, &info, &n), 0);
	assert_false(info.treat_as_withdraw);
	assert_int_equal(info.announced, 1);
}

static void
upd_framing_errors(void **state)
{
	static const struct {
		const char	*body;
		uint8_t		 sub;
	} cases[] = {
		/* withdrawn routes length beyond the message */
		{ "0005 0000 0000", BGP_UPD_ATTRLIST },
		/* no room for the attributes length */
		{ "0002 0000", BGP_UPD_ATTRLIST },
		/* total attribute length beyond the message */
		{ "0000 0005 40010100", BGP_UPD_ATTRLIST },
		/* an attribute overrunning the attributes */
		{ "0000 0004 40010200 18c63364", BGP_UPD_ATTRLIST },
		/* attribute header cut: two octets left */
		{ "0000 0006" ORIGIN " 4001", BGP_UPD_ATTRLIST },
		/* extended length header cut */
		{ "0000 0003 500100", BGP_UPD_ATTRLIST },
		/* NLRI: /33, cut prefix */
		{ "0000 0012" ORIGIN ASPATH2 NH " 21c0000201ff",
		    BGP_UPD_NETWORK },
		{ "0000 0012" ORIGIN ASPATH2 NH " 18c633", BGP_UPD_NETWORK },
		/* withdrawn: /40, cut */
		{ "0006 28c000020101 0000", BGP_UPD_NETWORK },
		{ "0002 20c0 0000", BGP_UPD_NETWORK },
		/* MP_REACH_NLRI twice; MP_UNREACH_NLRI twice */
		{ "0000 0010 800e05 0019460000 800e05 0019460000",
		    BGP_UPD_ATTRLIST },
		{ "0000 000c 800f03 000201 800f03 000201", BGP_UPD_ATTRLIST },
	};
	struct bgp_update_info info;
	struct bgp_notify n;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(upd(cases[i].body, false, &info, &n),
		    CN_EPROTO);
		expect_notify(&n, BGP_ERR_UPDATE, cases[i].sub, "");
	}
}

static void
upd_mp_errors(void **state)
{
	static const struct {
		const char	*body;
		uint8_t		 sub;
		const char	*data;
	} cases[] = {
		/* IPv6 with a 4-octet next hop */
		{ "0000 0011 800e0e 0002 01 04 c0000201 00 2020010db8",
		    BGP_UPD_OPTATTR, "800e0e 0002 01 04 c0000201 00 2020010db8" },
		/* IPv6 prefix /129 */
		{ "0000 0019 800e16 0002 01 10 20010db8000000000000000000000001"
		    " 00 81", BGP_UPD_OPTATTR,
		  "800e16 0002 01 10 20010db8000000000000000000000001 00 81" },
		/* prefix cut */
		{ "0000 001a 800e17 0002 01 10 20010db8000000000000000000000001"
		    " 00 3020", BGP_UPD_OPTATTR,
		  "800e17 0002 01 10 20010db8000000000000000000000001 00 3020" },
		/* next hop longer than the attribute */
		{ "0000 0008 800e05 0002 01 10 00", BGP_UPD_OPTATTR,
		  "800e05 0002 01 10 00" },
		/* shorter than AFI, SAFI */
		{ "0000 0005 800f02 0002", BGP_UPD_OPTATTR, "800f02 0002" },
		/* MP_UNREACH IPv4 /33 */
		{ "0000 0007 800f04 000101 21", BGP_UPD_OPTATTR,
		  "800f04 000101 21" },
		/* well-known flags on MP_UNREACH */
		{ "0000 0006 400f03 000201", BGP_UPD_ATTRFLAGS,
		  "400f03 000201" },
		/* unknown well-known attribute 99 */
		{ "0000 0005 406302 abcd", BGP_UPD_UNKNOWN_WK,
		  "406302 abcd" },
	};
	struct bgp_update_info info;
	struct bgp_notify n;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(upd(cases[i].body, true, &info, &n),
		    CN_EPROTO);
		expect_notify(&n, BGP_ERR_UPDATE, cases[i].sub, cases[i].data);
	}
}

static void
upd_error_data_truncated(void **state)
{
	char body[1024] = "0000 0130 5063012c";
	struct bgp_update_info info;
	struct bgp_notify n;
	size_t i;

	(void)state;
	/* an unknown well-known attribute of 300 octets: data cut to 256 */
	for (i = 0; i < 300; i++)
		strcat(body, "ab");
	assert_int_equal(upd(body, true, &info, &n), CN_EPROTO);
	assert_int_equal(n.code, BGP_ERR_UPDATE);
	assert_int_equal(n.subcode, BGP_UPD_UNKNOWN_WK);
	assert_int_equal(n.datalen, BGP_NOTIFY_DATA_MAX);
	assert_memory_equal(n.data, "\x50\x63\x01\x2c\xab", 5);
}

/* RFC 7606 treat-as-withdraw: returns 0, the session stays up. */
static void
upd_treat_as_withdraw(void **state)
{
	static const struct {
		const char	*body;
		bool		 as4;
		uint8_t		 attr;
	} cases[] = {
		/* ORIGIN: length 2, value 3, optional flag */
		{ "0000 0015 40010200 00" ASPATH4 NH " 18c63364", true, 1 },
		{ "0000 0014 40010103" ASPATH4 NH " 18c63364", true, 1 },
		{ "0000 0014 c0010100" ASPATH4 NH " 18c63364", true, 1 },
		/* AS_PATH: segment type 5, count 0, cut, 2-octet on as4 */
		{ "0000 0014" ORIGIN " 400206 0501 0000fde9" NH " 18c63364",
		    true, 2 },
		{ "0000 0010" ORIGIN " 400202 0200" NH " 18c63364", true, 2 },
		{ "0000 0014" ORIGIN " 400206 0202 0000fde9" NH " 18c63364",
		    true, 2 },
		{ "0000 0012" ORIGIN ASPATH2 NH " 18c63364", true, 2 },
		/* a 4-octet AS_PATH on a 2-octet session */
		{ "0000 0014" ORIGIN ASPATH4 NH " 18c63364", false, 2 },
		/* AS_PATH marked optional */
		{ "0000 0012" ORIGIN " 800204 0201 fde9" NH " 18c63364",
		    false, 2 },
		/* NEXT_HOP of 5 octets */
		{ "0000 0015" ORIGIN ASPATH4 " 400305 c000020100 18c63364",
		    true, 3 },
		/* MED of 3 octets, MED marked transitive */
		{ "0000 001a" ORIGIN ASPATH4 NH " 800403 000001 18c63364",
		    true, 4 },
		{ "0000 001b" ORIGIN ASPATH4 NH " c00404 00000001 18c63364",
		    true, 4 },
		/* LOCAL_PREF of 2 octets */
		{ "0000 0019" ORIGIN ASPATH4 NH " 400502 0064 18c63364", true,
		    5 },
		/* COMMUNITIES of 6 and of 0 octets */
		{ "0000 001d" ORIGIN ASPATH4 NH " c00806 fde90001ffff"
		    " 18c63364", true, 8 },
		{ "0000 0017" ORIGIN ASPATH4 NH " c00800 18c63364", true, 8 },
		/* COMMUNITIES marked non-transitive */
		{ "0000 001b" ORIGIN ASPATH4 NH " 800804 fde90001 18c63364",
		    true, 8 },
		/* LARGE_COMMUNITIES of 8 octets */
		{ "0000 001f" ORIGIN ASPATH4 NH " c02008 0000fde900000001"
		    " 18c63364", true, 32 },
		/* EXTENDED COMMUNITIES of 7, ORIGINATOR_ID of 3,
		 * CLUSTER_LIST of 0 */
		{ "0000 001e" ORIGIN ASPATH4 NH " c01007 00020000fde900"
		    " 18c63364", true, 16 },
		{ "0000 001a" ORIGIN ASPATH4 NH " 800903 c00002 18c63364",
		    true, 9 },
		{ "0000 0017" ORIGIN ASPATH4 NH " 800a00 18c63364", true, 10 },
	};
	struct bgp_update_info info;
	struct bgp_notify n;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(upd(cases[i].body, cases[i].as4, &info, &n),
		    0);
		assert_true(info.treat_as_withdraw);
		assert_int_equal(info.bad_attr, cases[i].attr);
		assert_int_equal(info.announced, 1);
		assert_false(info.end_of_rib);
	}
}

static void
upd_missing_mandatory(void **state)
{
	static const struct {
		const char	*body;
		uint8_t		 attr;
	} cases[] = {
		{ "0000 0010" ASPATH4 NH " 18c63364", BGP_ATTR_ORIGIN },
		{ "0000 000b" ORIGIN NH " 18c63364", BGP_ATTR_AS_PATH },
		{ "0000 000d" ORIGIN ASPATH4 " 18c63364", BGP_ATTR_NEXT_HOP },
		{ "0000 0000 18c63364", BGP_ATTR_ORIGIN },
		/* MP_REACH_NLRI without AS_PATH */
		{ "0000 001c" ORIGIN
		    " 800e15 0002 01 10 20010db8000000000000000000000001 00",
		    BGP_ATTR_AS_PATH },
	};
	struct bgp_update_info info;
	struct bgp_notify n;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(upd(cases[i].body, true, &info, &n), 0);
		assert_true(info.treat_as_withdraw);
		assert_int_equal(info.bad_attr, cases[i].attr);
	}
	/* MP_REACH_NLRI needs no NEXT_HOP attribute (RFC 4760 3). */
	assert_int_equal(upd("0000 002c" ORIGIN ASPATH4
	    " 800e1c 0002 01 10 20010db8000000000000000000000001 00"
	    " 3020010db80001", true, &info, &n), 0);
	assert_false(info.treat_as_withdraw);
	/* Without NLRI nothing is mandatory. */
	assert_int_equal(upd("0000 0007 c00804 fde90001", true, &info, &n),
	    0);
	assert_false(info.treat_as_withdraw);
	assert_false(info.end_of_rib);
}

static void
upd_first_bad_attr_kept(void **state)
{
	struct bgp_update_info info;
	struct bgp_notify n;

	(void)state;
	/* a bad MED, then a bad COMMUNITIES: bad_attr names the MED */
	assert_int_equal(upd("0000 0020" ORIGIN ASPATH4 NH " 800403 000001"
	    " c00803 fde900 18c63364", true, &info, &n), 0);
	assert_true(info.treat_as_withdraw);
	assert_int_equal(info.bad_attr, BGP_ATTR_MED);
	/* a treat-as-withdraw error does not hide a later fatal one */
	assert_int_equal(upd("0000 0010 40010103 800e09 0002 01 04 c0000201"
	    " 00", true, &info, &n), CN_EPROTO);
	assert_int_equal(n.subcode, BGP_UPD_OPTATTR);
}

/* RFC 7606 attribute discard: ignored, nothing withdrawn. */
static void
upd_attribute_discard(void **state)
{
	static const struct {
		const char	*body;
		bool		 as4;
	} cases[] = {
		/* ATOMIC_AGGREGATE of 1 octet; marked optional */
		{ "0000 0018" ORIGIN ASPATH4 NH " 400601 00 18c63364", true },
		{ "0000 0017" ORIGIN ASPATH4 NH " c00600 18c63364", true },
		/* AGGREGATOR of 6 octets on a 4-octet session, 8 on 2 */
		{ "0000 001d" ORIGIN ASPATH4 NH " c00706 fde9c0000201"
		    " 18c63364", true },
		{ "0000 001d" ORIGIN ASPATH2 NH " c00708 0000fde9c0000201"
		    " 18c63364", false },
		/* AS4_PATH with a count-0 segment; AS4_AGGREGATOR of 6 */
		{ "0000 0019" ORIGIN ASPATH2 NH " c01104 0200 0000"
		    " 18c63364", false },
		{ "0000 001b" ORIGIN ASPATH2 NH " c01206 fde9c0000201"
		    " 18c63364", false },
	};
	struct bgp_update_info info;
	struct bgp_notify n;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(upd(cases[i].body, cases[i].as4, &info, &n),
		    0);
		assert_false(info.treat_as_withdraw);
		assert_int_equal(info.announced, 1);
	}
}

static void
upd_well_formed_optional(void **state)
{
	struct bgp_update_info info;
	struct bgp_notify n;

	(void)state;
	/* MED, LOCAL_PREF, ATOMIC_AGGREGATE, AGGREGATOR (4-octet),
	 * COMMUNITIES, LARGE_COMMUNITIES, unknown optional 99 */
	assert_int_equal(upd("0000 005b" ORIGIN ASPATH4 NH
	    " 800404 00000064 400504 00000096 400600"
	    " c00708 0000fde9c0000201 c00808 fde90001ffff0000"
	    " c0200c 0000fde90000000100000002 c06303 abcdef"
	    " 800a08 0a0000010a000002"
	    " 18c63364", true, &info, &n), 0);
	assert_false(info.treat_as_withdraw);
	assert_int_equal(info.announced, 1);
	/* AS_SET, AS_SEQUENCE and confederation segments, AS4_PATH */
	assert_int_equal(upd("0000 0029" ORIGIN
	    " 40020e 0201 fde9 0102 0001 0002 0301 0005" NH
	    " c0110a 0202 fa56ea00 fa56ea00 18c63364", false, &info, &n), 0);
	assert_false(info.treat_as_withdraw);
}

static void
upd_duplicates(void **state)
{
	struct bgp_update_info info;
	struct bgp_notify n;

	(void)state;
	/* a second ORIGIN (bad even) is discarded: RFC 7606 3 (g) */
	assert_int_equal(upd("0000 0018" ORIGIN " 40010107" ASPATH4 NH
	    " 18c63364", true, &info, &n), 0);
	assert_false(info.treat_as_withdraw);
	assert_int_equal(info.announced, 1);
}

/* ---- UPDATE encoding ---- */

static const struct bgp_prefix p4[] = {
	{ BGP_AFI_IPV4, 24, { 198, 51, 100, 0 } },
	{ BGP_AFI_IPV4, 32, { 203, 0, 113, 5 } },
};
static const struct bgp_prefix p6[] = {
	{ BGP_AFI_IPV6, 48, { 0x20, 0x01, 0x0d, 0xb8, 0, 1 } },
	{ BGP_AFI_IPV6, 128, { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 1 } },
};

static void
attrs_init(struct bgp_attrs *a, uint32_t as, bool as4)
{
	memset(a, 0, sizeof(*a));
	a->local_as = as;
	a->as4 = as4;
	a->next_hop[0] = 192;
	a->next_hop[1] = 0;
	a->next_hop[2] = 2;
	a->next_hop[3] = 1;
}

static int
announce(const struct bgp_attrs *a, const struct bgp_prefix *p, size_t n,
    struct wbuf *w)
{
	wbuf_init(w, out, sizeof(out));
	return bgp_msg_update_announce(w, a, p, n);
}

/* Parses what w holds; it must be a clean UPDATE. */
static void
reparse(const struct wbuf *w, bool as4, unsigned announced,
    unsigned withdrawn)
{
	struct bgp_update_info info;
	struct bgp_notify n;
	uint16_t len;
	uint8_t t;

	assert_int_equal(bgp_msg_parse_header(w->p, w->len, &t, &len, &n), 0);
	assert_int_equal(t, BGP_UPDATE);
	assert_int_equal(len, w->len);
	assert_int_equal(bgp_msg_parse_update(w->p, w->len, as4, &info, &n),
	    0);
	assert_false(info.treat_as_withdraw);
	assert_int_equal(info.announced, announced);
	assert_int_equal(info.withdrawn, withdrawn);
}

static void
enc_announce_ipv4(void **state)
{
	struct bgp_attrs a;
	struct wbuf w;

	(void)state;
	attrs_init(&a, 65001, true);
	assert_int_equal(announce(&a, p4, 2, &w), 0);
	expect_msg(&w, BGP_UPDATE, "0000 0014" ORIGIN ASPATH4 NH
	    " 18c63364 20cb007105");
	reparse(&w, true, 2, 0);
}

static void
enc_announce_prepend(void **state)
{
	struct bgp_attrs a;
	struct wbuf w;

	(void)state;
	attrs_init(&a, 65001, false);
	a.prepend = 2;
	assert_int_equal(announce(&a, p4, 1, &w), 0);
	expect_msg(&w, BGP_UPDATE, "0000 0016" ORIGIN
	    " 400208 0203 fde9fde9fde9" NH " 18c63364");
	reparse(&w, false, 1, 0);
	a.prepend = BGP_PREPEND_MAX;
	assert_int_equal(announce(&a, p4, 1, &w), 0);
	reparse(&w, false, 1, 0);
	a.prepend = BGP_PREPEND_MAX + 1;
	assert_int_equal(announce(&a, p4, 1, &w), CN_EINVAL);
}

static void
enc_announce_as_trans(void **state)
{
	struct bgp_attrs a;
	struct wbuf w;

	(void)state;
	/* RFC 6793 4.2.2: AS_TRANS in AS_PATH, the real path in AS4_PATH */
	attrs_init(&a, 4200000000u, false);
	a.prepend = 1;
	assert_int_equal(announce(&a, p4, 1, &w), 0);
	expect_msg(&w, BGP_UPDATE, "0000 0021" ORIGIN
	    " 400206 0202 5ba05ba0" NH " c0110a 0202 fa56ea00fa56ea00"
	    " 18c63364");
	reparse(&w, false, 1, 0);
	/* a 4-octet peer gets the real AS, no AS4_PATH */
	a.as4 = true;
	assert_int_equal(announce(&a, p4, 1, &w), 0);
	expect_msg(&w, BGP_UPDATE, "0000 0018" ORIGIN
	    " 40020a 0202 fa56ea00fa56ea00" NH " 18c63364");
	reparse(&w, true, 1, 0);
	/* a 2-octet AS needs no AS4_PATH */
	attrs_init(&a, 65001, false);
	assert_int_equal(announce(&a, p4, 1, &w), 0);
	expect_msg(&w, BGP_UPDATE, "0000 0012" ORIGIN ASPATH2 NH
	    " 18c63364");
}

static void
enc_announce_ibgp(void **state)
{
	struct bgp_attrs a;
	struct wbuf w;

	(void)state;
	attrs_init(&a, 4200000000u, false);
	a.ibgp = true;
	a.prepend = 3;		/* ignored */
	a.local_pref = 150;
	assert_int_equal(announce(&a, p4, 1, &w), 0);
	expect_msg(&w, BGP_UPDATE, "0000 0015" ORIGIN " 400200" NH
	    " 400504 00000096 18c63364");
	reparse(&w, false, 1, 0);
}

static void
enc_announce_all_attrs(void **state)
{
	static const uint32_t comm[] = { 0xfde90001, BGP_COMM_NO_EXPORT };
	static const uint32_t large[] = { 65001, 1, 2 };
	struct bgp_attrs a;
	struct wbuf w;

	(void)state;
	attrs_init(&a, 65001, true);
	a.med_set = true;
	a.med = 100;
	a.communities = comm;
	a.ncommunities = 2;
	a.large = large;
	a.nlarge = 1;
	assert_int_equal(announce(&a, p4, 1, &w), 0);
	/* type code order: 1, 2, 3, 4, 8, 32 */
	expect_msg(&w, BGP_UPDATE, "0000 0035" ORIGIN ASPATH4 NH
	    " 800404 00000064 c00808 fde90001ffffff01"
	    " c0200c 0000fde9 00000001 00000002 18c63364");
	reparse(&w, true, 1, 0);
}

static void
enc_announce_ipv6(void **state)
{
	static const uint8_t nh[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static const uint8_t ll[16] = { 0xfe, 0x80, [15] = 1 };
	struct bgp_attrs a;
	struct wbuf w;

	(void)state;
	attrs_init(&a, 65001, true);
	memcpy(a.next_hop, nh, 16);
	assert_int_equal(announce(&a, p6, 1, &w), 0);
	expect_msg(&w, BGP_UPDATE, "0000 002c" ORIGIN ASPATH4
	    " 800e1c 0002 01 10 20010db8000000000000000000000001 00"
	    " 3020010db80001");
	reparse(&w, true, 1, 0);
	memcpy(a.next_hop_ll, ll, 16);
	a.next_hop_ll_set = true;
	assert_int_equal(announce(&a, p6, 2, &w), 0);
	expect_msg(&w, BGP_UPDATE, "0000 004d" ORIGIN ASPATH4
	    " 800e3d 0002 01 20 20010db8000000000000000000000001"
	    " fe800000000000000000000000000001 00 3020010db80001"
	    " 8020010db8000100000000000000000001");
	reparse(&w, true, 2, 0);
}

static void
enc_announce_extended_length(void **state)
{
	uint32_t comm[100];
	struct bgp_attrs a;
	struct wbuf w;
	size_t i;

	(void)state;
	for (i = 0; i < 100; i++)
		comm[i] = 0xfde90000 + (uint32_t)i;
	attrs_init(&a, 65001, true);
	a.communities = comm;
	a.ncommunities = 100;
	assert_int_equal(announce(&a, p4, 1, &w), 0);
	/* flags d0 (optional, transitive, extended), length 0x0190 */
	assert_memory_equal(out + 23 + 20, "\xd0\x08\x01\x90\xfd\xe9\x00\x00",
	    8);
	reparse(&w, true, 1, 0);
}

static void
enc_announce_masks_host_bits(void **state)
{
	static const struct bgp_prefix p[] = {
		{ BGP_AFI_IPV4, 20, { 198, 51, 255, 255 } },
		{ BGP_AFI_IPV4, 0, { 1, 2, 3, 4 } },
	};
	struct bgp_attrs a;
	struct wbuf w;

	(void)state;
	attrs_init(&a, 65001, true);
	assert_int_equal(announce(&a, p, 2, &w), 0);
	expect_msg(&w, BGP_UPDATE, "0000 0014" ORIGIN ASPATH4 NH
	    " 14c633f0 00");
	reparse(&w, true, 2, 0);
}

static void
enc_announce_bad_args(void **state)
{
	static const struct bgp_prefix mixed[] = {
		{ BGP_AFI_IPV4, 24, { 198, 51, 100, 0 } },
		{ BGP_AFI_IPV6, 48, { 0x20, 0x01 } },
	};
	static const struct bgp_prefix too_long[] = {
		{ BGP_AFI_IPV4, 33, { 0 } },
	};
	static const struct bgp_prefix bad_afi[] = { { 3, 8, { 0 } } };
	struct bgp_attrs a;
	struct wbuf w;

	(void)state;
	attrs_init(&a, 65001, true);
	assert_int_equal(announce(&a, mixed, 2, &w), CN_EINVAL);
	assert_int_equal(announce(&a, too_long, 1, &w), CN_EINVAL);
	assert_int_equal(announce(&a, bad_afi, 1, &w), CN_EINVAL);
	assert_int_equal(announce(&a, p4, 0, &w), CN_EINVAL);
	assert_int_equal(w.len, 0);
	wbuf_init(&w, out, sizeof(out));
	assert_int_equal(bgp_msg_update_withdraw(&w, mixed, 2), CN_EINVAL);
	assert_int_equal(bgp_msg_end_of_rib(&w, 3), CN_EINVAL);
}

static void
enc_announce_no_space(void **state)
{
	static uint32_t comm[1100];
	struct bgp_attrs a;
	struct wbuf w;

	(void)state;
	attrs_init(&a, 65001, true);
	wbuf_init(&w, out, 40);
	assert_int_equal(bgp_msg_update_announce(&w, &a, p4, 2), CN_ESPACE);
	assert_true(w.err);
	assert_int_equal(w.len, 0);
	/* fits the buffer but not BGP_MAX_LEN */
	a.communities = comm;
	a.ncommunities = 1100;
	assert_int_equal(announce(&a, p4, 1, &w), CN_ESPACE);
	assert_int_equal(w.len, 0);
	/* 1011 communities: 4095 octets, the most that fits */
	a.ncommunities = 1011;
	assert_int_equal(announce(&a, p4, 1, &w), 0);
	assert_int_equal(w.len, 4095);
	reparse(&w, true, 1, 0);
	a.ncommunities = 1012;
	assert_int_equal(announce(&a, p4, 1, &w), CN_ESPACE);
}

static void
enc_appends(void **state)
{
	struct wbuf w;

	(void)state;
	/* Messages are appended, each with its own header. */
	wbuf_init(&w, out, sizeof(out));
	assert_int_equal(bgp_msg_keepalive(&w), 0);
	assert_int_equal(bgp_msg_end_of_rib(&w, BGP_AFI_IPV4), 0);
	assert_int_equal(w.len, 19 + 23);
	assert_int_equal(out[19 + 17], 23);
	assert_int_equal(out[19 + 18], BGP_UPDATE);
}

static void
enc_withdraw(void **state)
{
	struct wbuf w;

	(void)state;
	wbuf_init(&w, out, sizeof(out));
	assert_int_equal(bgp_msg_update_withdraw(&w, p4, 2), 0);
	expect_msg(&w, BGP_UPDATE, "0009 18c63364 20cb007105 0000");
	reparse(&w, true, 0, 2);
	wbuf_init(&w, out, sizeof(out));
	assert_int_equal(bgp_msg_update_withdraw(&w, p6, 1), 0);
	expect_msg(&w, BGP_UPDATE, "0000 000d 800f0a 0002 01 3020010db80001");
	reparse(&w, false, 0, 1);
	wbuf_init(&w, out, sizeof(out));
	assert_int_equal(bgp_msg_update_withdraw(&w, p6, 2), 0);
	expect_msg(&w, BGP_UPDATE, "0000 001e 800f1b 0002 01 3020010db80001"
	    " 8020010db8000100000000000000000001");
	reparse(&w, false, 0, 2);
}

static void
enc_withdraw_many_ipv6(void **state)
{
	struct bgp_prefix p[40];
	struct wbuf w;
	size_t i;

	(void)state;
	for (i = 0; i < 40; i++) {
		p[i] = p6[1];
		p[i].addr[15] = (uint8_t)i;
	}
	wbuf_init(&w, out, sizeof(out));
	assert_int_equal(bgp_msg_update_withdraw(&w, p, 40), 0);
	/* 40 * 17 + 3 = 683 octets: extended length, attrs 687 */
	assert_memory_equal(out + 21, "\x02\xaf\x90\x0f\x02\xab", 6);
	reparse(&w, true, 0, 40);
}

static void
enc_end_of_rib(void **state)
{
	struct bgp_update_info info;
	struct bgp_notify n;
	struct wbuf w;

	(void)state;
	wbuf_init(&w, out, sizeof(out));
	assert_int_equal(bgp_msg_end_of_rib(&w, BGP_AFI_IPV4), 0);
	expect_msg(&w, BGP_UPDATE, "0000 0000");
	wbuf_init(&w, out, sizeof(out));
	assert_int_equal(bgp_msg_end_of_rib(&w, BGP_AFI_IPV6), 0);
	expect_msg(&w, BGP_UPDATE, "0000 0006 800f03 000201");
	assert_int_equal(bgp_msg_parse_update(out, w.len, true, &info, &n),
	    0);
	assert_true(info.end_of_rib);
	assert_int_equal(info.eor_afi, BGP_AFI_IPV6);
	assert_int_equal(info.eor_safi, BGP_SAFI_UNICAST);
}

static void
roundtrip_matrix(void **state)
{
	static const uint32_t comm[] = { BGP_COMM_GRACEFUL_SHUTDOWN };
	static const uint32_t large[] = { 4200000000u, 7, 8, 1, 2, 3 };
	static const uint32_t asn[] = { 1, 65535, 65536, 4294967295u };
	struct bgp_attrs a;
	struct wbuf w;
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(asn) / sizeof(asn[0]); i++) {
		for (k = 0; k < 16; k++) {
			attrs_init(&a, asn[i], k & 1);
			a.ibgp = k & 2;
			a.prepend = (unsigned)k;
			a.med_set = k & 4;
			a.med = (uint32_t)k;
			if (k & 8) {
				a.communities = comm;
				a.ncommunities = 1;
				a.large = large;
				a.nlarge = 2;
			}
			a.next_hop_ll_set = k & 4;
			assert_int_equal(announce(&a, p4, 2, &w), 0);
			reparse(&w, a.as4, 2, 0);
			assert_int_equal(announce(&a, p6, 2, &w), 0);
			reparse(&w, a.as4, 2, 0);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hdr_keepalive),
		cmocka_unit_test(hdr_bad_marker),
		cmocka_unit_test(hdr_bad_length),
		cmocka_unit_test(hdr_bad_type),
		cmocka_unit_test(hdr_lengths_ok),
		cmocka_unit_test(hdr_body_mismatch),
		cmocka_unit_test(open_decode),
		cmocka_unit_test(open_encode),
		cmocka_unit_test(open_encode_as_trans),
		cmocka_unit_test(open_encode_no_caps),
		cmocka_unit_test(open_encode_no_space),
		cmocka_unit_test(open_bad_version),
		cmocka_unit_test(open_hold_time),
		cmocka_unit_test(open_bad_bgpid),
		cmocka_unit_test(open_bad_peer_as),
		cmocka_unit_test(open_unsupported_param),
		cmocka_unit_test(open_malformed),
		cmocka_unit_test(open_unknown_caps),
		cmocka_unit_test(open_several_params),
		cmocka_unit_test(open_extended_params),
		cmocka_unit_test(open_nonextended_255),
		cmocka_unit_test(keepalive_encode),
		cmocka_unit_test(notification_codec),
		cmocka_unit_test(notification_long_data),
		cmocka_unit_test(shutdown_encode),
		cmocka_unit_test(shutdown_truncate_utf8),
		cmocka_unit_test(shutdown_text_printable),
		cmocka_unit_test(shutdown_text_small_buffer),
		cmocka_unit_test(notify_texts),
		cmocka_unit_test(notify_texts_complete),
		cmocka_unit_test(route_refresh_codec),
		cmocka_unit_test(route_refresh_bad_length),
		cmocka_unit_test(upd_ipv4),
		cmocka_unit_test(upd_withdrawn),
		cmocka_unit_test(upd_end_of_rib),
		cmocka_unit_test(upd_mp_reach),
		cmocka_unit_test(upd_mp_unreach),
		cmocka_unit_test(upd_extended_length),
		cmocka_unit_test(upd_framing_errors),
		cmocka_unit_test(upd_mp_errors),
		cmocka_unit_test(upd_error_data_truncated),
		cmocka_unit_test(upd_treat_as_withdraw),
		cmocka_unit_test(upd_missing_mandatory),
		cmocka_unit_test(upd_first_bad_attr_kept),
		cmocka_unit_test(upd_attribute_discard),
		cmocka_unit_test(upd_well_formed_optional),
		cmocka_unit_test(upd_duplicates),
		cmocka_unit_test(enc_announce_ipv4),
		cmocka_unit_test(enc_announce_prepend),
		cmocka_unit_test(enc_announce_as_trans),
		cmocka_unit_test(enc_announce_ibgp),
		cmocka_unit_test(enc_announce_all_attrs),
		cmocka_unit_test(enc_announce_ipv6),
		cmocka_unit_test(enc_announce_extended_length),
		cmocka_unit_test(enc_announce_masks_host_bits),
		cmocka_unit_test(enc_announce_bad_args),
		cmocka_unit_test(enc_announce_no_space),
		cmocka_unit_test(enc_appends),
		cmocka_unit_test(enc_withdraw),
		cmocka_unit_test(enc_withdraw_many_ipv6),
		cmocka_unit_test(enc_end_of_rib),
		cmocka_unit_test(roundtrip_matrix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
