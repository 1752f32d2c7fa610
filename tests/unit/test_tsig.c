/* SPDX-License-Identifier: MIT */
/*
 * test_tsig.c -- RFC 8945 TSIG against other implementations: queries
 * signed by kdig (all five algorithms), answers and a two-message AXFR
 * signed by knotd, knotd's BADKEY/BADSIG/BADTIME answers, a stream with
 * unsigned messages signed by tsig_vectors.py (hmac/hashlib only); then
 * the edge cases: truncated MACs, the time fudge, wrong key, algorithm or
 * secret, altered messages, the 100th unsigned message, misplaced TSIG
 * records.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/common/err.h"
#include "../../src/dns/dns.h"
#include "../../src/dns/name.h"
#include "../../src/dns/tsig.h"

#include "tsig_vectors.h"

enum { K_SHA1, K_SHA256, K_SHA512, K_SHA224, K_SHA384, K_COUNT };

static struct conf_key keys[K_COUNT];

static void
make_key(struct conf_key *k, const char *name, enum dns_tsig_alg alg,
    const void *secret, size_t len)
{
	memset(k, 0, sizeof(*k));
	k->name_text = name;
	assert_true(dns_name_from_text(k->name, name, strlen(name), NULL) > 0);
	k->alg = alg;
	memcpy(k->secret, secret, len);
	k->secret_len = len;
}

static int
setup(void **state)
{
	uint8_t s512[64];
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(s512); i++)
		s512[i] = (uint8_t)i;
	make_key(&keys[K_SHA1], "sha1.key.", DNS_TSIG_HMAC_SHA1,
	    "castns-tsig-sha1-secret", 23);
	make_key(&keys[K_SHA256], "xfr.key.", DNS_TSIG_HMAC_SHA256,
	    "castns-tsig-vectors-sha256-secret!", 34);
	make_key(&keys[K_SHA512], "sha512.key.", DNS_TSIG_HMAC_SHA512,
	    s512, sizeof(s512));
	make_key(&keys[K_SHA224], "sha224.key.", DNS_TSIG_HMAC_SHA224,
	    "castns-sha224", 13);
	for (i = 0; i < 48; i++)
		s512[i] = (uint8_t)(200 + i);
	make_key(&keys[K_SHA384], "sha384.key.", DNS_TSIG_HMAC_SHA384,
	    s512, 48);
	return 0;
}

static uint64_t
time_of(const uint8_t *msg, size_t len)
{
	struct dns_tsig_rr rr;

	assert_int_equal(dns_tsig_find(msg, len, &rr), 1);
	return rr.time;
}

/* Server side of one request; returns verify_request's verdict. */
static int
server_check(struct dns_tsig_ctx *ctx, const struct conf_key *k, size_t nk,
    const uint8_t *msg, size_t len, uint64_t now)
{
	struct dns_tsig_rr rr;
	int r;

	r = dns_tsig_find(msg, len, &rr);
	if (r != 1)
		return r < 0 ? r : -1;
	return dns_tsig_verify_request(ctx, k, nk, msg, len, &rr, now);
}

static void
alg_names(void **state)
{
	enum dns_tsig_alg a;

	(void)state;
	for (a = DNS_TSIG_HMAC_SHA1; a <= DNS_TSIG_HMAC_SHA512; a++) {
		assert_int_equal(dns_tsig_alg_from_text(dns_tsig_alg_text(a)),
		    a);
		assert_int_equal(dns_tsig_alg_from_name(dns_tsig_alg_name(a)),
		    a);
	}
	assert_int_equal(dns_tsig_alg_from_text("HMAC-SHA256"),
	    DNS_TSIG_HMAC_SHA256);
	assert_int_equal(dns_tsig_alg_from_text("hmac-md5"), 0);
	assert_int_equal(dns_tsig_alg_from_name((const uint8_t *)
	    "\10hmac-md5\7sig-alg\3reg\3int"), 0);
	assert_int_equal(dns_tsig_alg_len(DNS_TSIG_HMAC_SHA224), 28);
	assert_int_equal(dns_tsig_alg_len(DNS_TSIG_HMAC_SHA384), 48);
}

/* kdig's query verifies here; knotd's answer to it verifies too. */
static void
kdig_query_knot_answer(void **state)
{
	static const struct {
		const uint8_t	*q, *a;
		size_t		 qlen, alen;
		enum dns_tsig_alg alg;
	} v[] = {
		{ kdig_q_sha1, knot_a_sha1, sizeof(kdig_q_sha1),
		    sizeof(knot_a_sha1), DNS_TSIG_HMAC_SHA1 },
		{ kdig_q_xfr, knot_a_xfr, sizeof(kdig_q_xfr),
		    sizeof(knot_a_xfr), DNS_TSIG_HMAC_SHA256 },
		{ kdig_q_sha512, knot_a_sha512, sizeof(kdig_q_sha512),
		    sizeof(knot_a_sha512), DNS_TSIG_HMAC_SHA512 },
		{ kdig_q_sha224, knot_a_sha224, sizeof(kdig_q_sha224),
		    sizeof(knot_a_sha224), DNS_TSIG_HMAC_SHA224 },
		{ kdig_q_sha384, knot_a_sha384, sizeof(kdig_q_sha384),
		    sizeof(knot_a_sha384), DNS_TSIG_HMAC_SHA384 },
	};
	struct dns_tsig_ctx ctx;
	uint16_t perr;
	uint64_t t;
	char why[128];
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		t = time_of(v[i].q, v[i].qlen);
		assert_int_equal(server_check(&ctx, keys, K_COUNT, v[i].q,
		    v[i].qlen, t + 10), 0);
		assert_int_equal(ctx.alg, v[i].alg);
		/* The context the server keeps is the client's too. */
		assert_int_equal(dns_tsig_verify_response(&ctx, v[i].a,
		    v[i].alen, t, &perr, why, sizeof(why)), 0);
		assert_int_equal(perr, 0);
		assert_int_equal(dns_tsig_verify_end(&ctx), 0);
		dns_tsig_ctx_clear(&ctx);
	}
}

static uint8_t *
read_bin(const char *name, size_t *len)
{
	char path[512], dir[256];
	const char *slash;
	uint8_t *buf;
	FILE *f;
	long n;

	/* __FILE__ is tests/unit/test_tsig.c, relative to the tree's top. */
	slash = strrchr(__FILE__, '/');
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - __FILE__) :
	    1, slash ? __FILE__ : ".");
	snprintf(path, sizeof(path), "%s/tsig_data/%s", dir, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* knotd's two-message AXFR: later messages sign prior MAC + timers. */
static void
knot_axfr_stream(void **state)
{
	struct dns_tsig_ctx ctx;
	uint8_t *m[KNOT_AXFR_MSGS];
	size_t len[KNOT_AXFR_MSGS];
	uint64_t t = time_of(kdig_axfr_q, sizeof(kdig_axfr_q));
	char name[64], why[128];
	uint16_t perr;
	unsigned i;

	(void)state;
	assert_true(KNOT_AXFR_MSGS >= 2);
	for (i = 0; i < KNOT_AXFR_MSGS; i++) {
		snprintf(name, sizeof(name), "knot_axfr_%u.bin", i);
		m[i] = read_bin(name, &len[i]);
	}
	assert_int_equal(server_check(&ctx, keys, K_COUNT, kdig_axfr_q,
	    sizeof(kdig_axfr_q), t), 0);
	for (i = 0; i < KNOT_AXFR_MSGS; i++)
		assert_int_equal(dns_tsig_verify_response(&ctx, m[i], len[i],
		    t, &perr, why, sizeof(why)), 0);
	assert_int_equal(dns_tsig_verify_end(&ctx), 0);
	dns_tsig_ctx_clear(&ctx);

	/* Altered: one octet of the second message's records. */
	assert_int_equal(server_check(&ctx, keys, K_COUNT, kdig_axfr_q,
	    sizeof(kdig_axfr_q), t), 0);
	assert_int_equal(dns_tsig_verify_response(&ctx, m[0], len[0], t,
	    &perr, why, sizeof(why)), 0);
	m[1][len[1] / 2] ^= 0x20;
	assert_int_equal(dns_tsig_verify_response(&ctx, m[1], len[1], t,
	    &perr, why, sizeof(why)), CN_EPROTO);
	assert_non_null(strstr(why, "BADSIG"));
	assert_int_equal(dns_tsig_verify_end(&ctx), CN_EPROTO);
	dns_tsig_ctx_clear(&ctx);

	/* Out of order: the second message first has the wrong digest. */
	m[1][len[1] / 2] ^= 0x20;
	assert_int_equal(server_check(&ctx, keys, K_COUNT, kdig_axfr_q,
	    sizeof(kdig_axfr_q), t), 0);
	assert_int_equal(dns_tsig_verify_response(&ctx, m[1], len[1], t,
	    &perr, why, sizeof(why)), CN_EPROTO);
	dns_tsig_ctx_clear(&ctx);
	for (i = 0; i < KNOT_AXFR_MSGS; i++)
		free(m[i]);
}

/* knotd's error answers as a client sees them. */
static void
knot_errors(void **state)
{
	struct dns_tsig_ctx ctx;
	uint16_t perr;
	uint64_t t;
	char why[128];

	(void)state;
	/* BADTIME: the MAC verifies (5.2.3), the error is reported. */
	t = time_of(py_badtime_q, sizeof(py_badtime_q));
	assert_int_equal(server_check(&ctx, keys, K_COUNT, py_badtime_q,
	    sizeof(py_badtime_q), t), 0);
	assert_int_equal(dns_tsig_verify_response(&ctx, knot_badtime_a,
	    sizeof(knot_badtime_a), t, &perr, why, sizeof(why)), CN_EPROTO);
	assert_int_equal(perr, DNS_TSIG_BADTIME);
	assert_non_null(strstr(why, "BADTIME"));
	dns_tsig_ctx_clear(&ctx);

	/* BADSIG and BADKEY come unsigned. */
	dns_tsig_ctx_init(&ctx, &keys[K_SHA256]);
	assert_int_equal(dns_tsig_verify_response(&ctx, knot_badsig_a,
	    sizeof(knot_badsig_a), t, &perr, why, sizeof(why)), CN_EPROTO);
	assert_int_equal(perr, DNS_TSIG_BADSIG);
	dns_tsig_ctx_clear(&ctx);
}

/* Our server's verdicts on the requests knotd refused: the same. */
static void
server_errors_like_knot(void **state)
{
	struct dns_tsig_ctx ctx;
	struct dns_tsig_rr ours, knot;
	uint8_t buf[512];
	size_t len;
	uint64_t t;

	(void)state;
	t = time_of(py_badkey_q, sizeof(py_badkey_q));
	assert_int_equal(server_check(&ctx, keys, K_COUNT, py_badkey_q,
	    sizeof(py_badkey_q), t), DNS_TSIG_BADKEY);
	/* The unsigned TSIG of the answer: key and algorithm echoed. */
	memcpy(buf, py_badkey_q, 12);
	buf[10] = buf[11] = 0;
	len = 12;
	buf[5] = 0;	/* no question, for brevity */
	assert_int_equal(dns_tsig_sign_response(&ctx, buf, &len, sizeof(buf),
	    t), 0);
	assert_int_equal(dns_tsig_find(buf, len, &ours), 1);
	assert_int_equal(dns_tsig_find(knot_badkey_a, sizeof(knot_badkey_a),
	    &knot), 1);
	assert_int_equal(ours.error, DNS_TSIG_BADKEY);
	assert_int_equal(ours.mac_len, 0);
	assert_int_equal(knot.mac_len, 0);
	assert_true(dns_name_equal(ours.name, knot.name));
	assert_true(dns_name_equal(ours.alg, knot.alg));
	assert_int_equal(ours.orig_id, knot.orig_id);
	dns_tsig_ctx_clear(&ctx);

	t = time_of(py_badsig_q, sizeof(py_badsig_q));
	assert_int_equal(server_check(&ctx, keys, K_COUNT, py_badsig_q,
	    sizeof(py_badsig_q), t), DNS_TSIG_BADSIG);
	assert_int_equal(dns_tsig_rr_size(&ctx), 10 + 9 + 13 + 16);
	dns_tsig_ctx_clear(&ctx);

	t = time_of(py_badtime_q, sizeof(py_badtime_q));
	assert_int_equal(server_check(&ctx, keys, K_COUNT, py_badtime_q,
	    sizeof(py_badtime_q), t + 3600), DNS_TSIG_BADTIME);
	dns_tsig_ctx_clear(&ctx);
}

/* Fudge edges, wrong key name, algorithm, secret, altered question. */
static void
request_checks(void **state)
{
	struct conf_key k[2];
	struct dns_tsig_ctx ctx;
	uint8_t q[sizeof(kdig_q_xfr)];
	uint64_t t = time_of(kdig_q_xfr, sizeof(kdig_q_xfr));

	(void)state;
	assert_int_equal(server_check(&ctx, keys, K_COUNT, kdig_q_xfr,
	    sizeof(kdig_q_xfr), t + 300), 0);
	assert_int_equal(server_check(&ctx, keys, K_COUNT, kdig_q_xfr,
	    sizeof(kdig_q_xfr), t - 300), 0);
	assert_int_equal(server_check(&ctx, keys, K_COUNT, kdig_q_xfr,
	    sizeof(kdig_q_xfr), t + 301), DNS_TSIG_BADTIME);
	assert_int_equal(server_check(&ctx, keys, K_COUNT, kdig_q_xfr,
	    sizeof(kdig_q_xfr), t - 301), DNS_TSIG_BADTIME);
	/* No such key. */
	assert_int_equal(server_check(&ctx, keys, 1, kdig_q_xfr,
	    sizeof(kdig_q_xfr), t), DNS_TSIG_BADKEY);
	assert_int_equal(server_check(&ctx, NULL, 0, kdig_q_xfr,
	    sizeof(kdig_q_xfr), t), DNS_TSIG_BADKEY);
	/* The name known with another algorithm. */
	k[0] = keys[K_SHA256];
	k[0].alg = DNS_TSIG_HMAC_SHA512;
	assert_int_equal(server_check(&ctx, k, 1, kdig_q_xfr,
	    sizeof(kdig_q_xfr), t), DNS_TSIG_BADKEY);
	/* Another secret. */
	k[0] = keys[K_SHA256];
	k[0].secret[0] ^= 1;
	assert_int_equal(server_check(&ctx, k, 1, kdig_q_xfr,
	    sizeof(kdig_q_xfr), t), DNS_TSIG_BADSIG);
	/* Key names match in any case. */
	k[1] = keys[K_SHA256];
	k[1].name[1] = 'X';
	assert_int_equal(server_check(&ctx, &k[1], 1, kdig_q_xfr,
	    sizeof(kdig_q_xfr), t), 0);
	/* One octet of the question changed. */
	memcpy(q, kdig_q_xfr, sizeof(q));
	q[14] ^= 0x01;
	assert_int_equal(server_check(&ctx, keys, K_COUNT, q, sizeof(q), t),
	    DNS_TSIG_BADSIG);
	/* The ID changed: the original ID in the TSIG still signs. */
	memcpy(q, kdig_q_xfr, sizeof(q));
	q[0] ^= 0xff;
	assert_int_equal(server_check(&ctx, keys, K_COUNT, q, sizeof(q), t),
	    0);
	/* The time signed changed. */
	memcpy(q, kdig_q_xfr, sizeof(q));
	q[sizeof(q) - 1 - 6 - dns_tsig_alg_len(DNS_TSIG_HMAC_SHA256) - 4] ^= 1;
	assert_int_equal(server_check(&ctx, keys, K_COUNT, q, sizeof(q),
	    time_of(q, sizeof(q))), DNS_TSIG_BADSIG);
	dns_tsig_ctx_clear(&ctx);
}

/*
 * Rewrites the MAC of the (last, TSIG) RR of msg to its first n octets,
 * or to n octets with extra zeros; returns the new length.
 */
static size_t
set_mac_len(uint8_t *msg, size_t len, uint16_t n)
{
	struct dns_tsig_rr rr;
	size_t macoff, tail, rdlenoff, namelen;
	uint16_t rdlen;
	uint8_t save[8];

	assert_int_equal(dns_tsig_find(msg, len, &rr), 1);
	macoff = (size_t)(rr.mac - msg);
	tail = len - macoff - rr.mac_len;	/* id, error, other */
	assert_true(tail <= sizeof(save));
	memcpy(save, msg + macoff + rr.mac_len, tail);
	if (n > rr.mac_len)
		memset(msg + macoff + rr.mac_len, 0, n - rr.mac_len);
	memcpy(msg + macoff + n, save, tail);
	msg[macoff - 2] = (uint8_t)(n >> 8);
	msg[macoff - 1] = (uint8_t)n;
	namelen = dns_name_len(msg + rr.off);
	rdlenoff = rr.off + namelen + 8;
	rdlen = (uint16_t)(msg[rdlenoff] << 8 | msg[rdlenoff + 1]);
	rdlen = (uint16_t)(rdlen - rr.mac_len + n);
	msg[rdlenoff] = (uint8_t)(rdlen >> 8);
	msg[rdlenoff + 1] = (uint8_t)rdlen;
	return len - rr.mac_len + n;
}

static size_t
signed_query(struct dns_tsig_ctx *ctx, const struct conf_key *k,
    uint8_t *buf, size_t cap, uint64_t now)
{
	static const uint8_t q[] = "\x12\x34\0\0\0\1\0\0\0\0\0\0"
	    "\3www\7example\4test\0\0\1\0\1";
	size_t len = sizeof(q) - 1;

	memcpy(buf, q, len);
	dns_tsig_ctx_init(ctx, k);
	assert_int_equal(dns_tsig_sign_request(ctx, buf, &len, cap, now), 0);
	return len;
}

/* 5.2.2.1 and 5.2.4: MAC sizes. */
static void
truncated_macs(void **state)
{
	struct dns_tsig_ctx c, s;
	uint8_t buf[600], ans[600];
	size_t len, alen;
	uint16_t perr;
	char why[128];
	const uint64_t t = 1750000000;

	(void)state;
	/* sha256 to 16 octets: allowed, and the answer chains to those. */
	len = set_mac_len(buf, signed_query(&c, &keys[K_SHA256], buf,
	    sizeof(buf), t), 16);
	assert_int_equal(server_check(&s, keys, K_COUNT, buf, len, t), 0);
	assert_int_equal(s.mac_len, 16);
	memcpy(ans, buf, 12);
	ans[2] |= 0x80;
	ans[5] = ans[11] = 0;
	alen = 12;
	assert_int_equal(dns_tsig_sign_response(&s, ans, &alen, sizeof(ans),
	    t), 0);
	c.mac_len = 16;		/* the client sent the truncated MAC */
	assert_int_equal(dns_tsig_verify_response(&c, ans, alen, t, &perr,
	    why, sizeof(why)), 0);
	dns_tsig_ctx_clear(&c);
	dns_tsig_ctx_clear(&s);
	/* Below half the digest: FORMERR. */
	len = set_mac_len(buf, signed_query(&c, &keys[K_SHA256], buf,
	    sizeof(buf), t), 15);
	assert_int_equal(server_check(&s, keys, K_COUNT, buf, len, t),
	    CN_EPARSE);
	/* Longer than the digest: FORMERR. */
	len = set_mac_len(buf, signed_query(&c, &keys[K_SHA256], buf,
	    sizeof(buf), t), 33);
	assert_int_equal(server_check(&s, keys, K_COUNT, buf, len, t),
	    CN_EPARSE);
	/* Empty MAC in a request: FORMERR. */
	len = set_mac_len(buf, signed_query(&c, &keys[K_SHA256], buf,
	    sizeof(buf), t), 0);
	assert_int_equal(server_check(&s, keys, K_COUNT, buf, len, t),
	    CN_EPARSE);
	/* hmac-sha1-96: allowed by the RFC, below our policy: BADTRUNC,
	 * answered signed. */
	len = set_mac_len(buf, signed_query(&c, &keys[K_SHA1], buf,
	    sizeof(buf), t), 12);
	assert_int_equal(server_check(&s, keys, K_COUNT, buf, len, t),
	    DNS_TSIG_BADTRUNC);
	memcpy(ans, buf, 12);
	ans[2] |= 0x80;
	ans[3] = DNS_RCODE_NOTAUTH;
	ans[5] = ans[11] = 0;
	alen = 12;
	assert_int_equal(dns_tsig_sign_response(&s, ans, &alen, sizeof(ans),
	    t), 0);
	c.mac_len = 12;
	assert_int_equal(dns_tsig_verify_response(&c, ans, alen, t, &perr,
	    why, sizeof(why)), CN_EPROTO);
	assert_int_equal(perr, DNS_TSIG_BADTRUNC);
	assert_null(strstr(why, "BADSIG"));
	/* sha1 to 9: FORMERR; a wrong truncated MAC: BADSIG. */
	len = set_mac_len(buf, signed_query(&c, &keys[K_SHA1], buf,
	    sizeof(buf), t), 9);
	assert_int_equal(server_check(&s, keys, K_COUNT, buf, len, t),
	    CN_EPARSE);
	len = signed_query(&c, &keys[K_SHA512], buf, sizeof(buf), t);
	len = set_mac_len(buf, len, 32);
	buf[len - 6 - 1] ^= 1;		/* last octet of the MAC */
	assert_int_equal(server_check(&s, keys, K_COUNT, buf, len, t),
	    DNS_TSIG_BADSIG);
	dns_tsig_ctx_clear(&c);
	dns_tsig_ctx_clear(&s);
}

/* The script's stream: signed, unsigned, unsigned, signed, signed. */
static void
py_stream(void **state)
{
	static const struct {
		const uint8_t	*m;
		size_t		 len;
	} s[] = {
		{ py_stream_0, sizeof(py_stream_0) },
		{ py_stream_1, sizeof(py_stream_1) },
		{ py_stream_2, sizeof(py_stream_2) },
		{ py_stream_3, sizeof(py_stream_3) },
		{ py_stream_4, sizeof(py_stream_4) },
	};
	struct dns_tsig_ctx ctx;
	uint8_t alt[sizeof(py_stream_2)];
	uint16_t perr;
	char why[128];
	unsigned i;

	(void)state;
	assert_int_equal(server_check(&ctx, keys, K_COUNT, py_stream_q,
	    sizeof(py_stream_q), PY_STREAM_T0), 0);
	for (i = 0; i < 5; i++) {
		assert_int_equal(dns_tsig_verify_response(&ctx, s[i].m,
		    s[i].len, PY_STREAM_T0 + 1, &perr, why, sizeof(why)), 0);
		assert_int_equal(dns_tsig_verify_end(&ctx),
		    i == 1 || i == 2 ? CN_EPROTO : 0);
	}
	dns_tsig_ctx_clear(&ctx);

	/* An unsigned message altered: the next signed one fails. */
	memcpy(alt, py_stream_2, sizeof(alt));
	alt[sizeof(alt) - 1] ^= 1;
	assert_int_equal(server_check(&ctx, keys, K_COUNT, py_stream_q,
	    sizeof(py_stream_q), PY_STREAM_T0), 0);
	assert_int_equal(dns_tsig_verify_response(&ctx, s[0].m, s[0].len,
	    PY_STREAM_T0, &perr, why, sizeof(why)), 0);
	assert_int_equal(dns_tsig_verify_response(&ctx, s[1].m, s[1].len,
	    PY_STREAM_T0, &perr, why, sizeof(why)), 0);
	assert_int_equal(dns_tsig_verify_response(&ctx, alt, sizeof(alt),
	    PY_STREAM_T0, &perr, why, sizeof(why)), 0);
	assert_int_equal(dns_tsig_verify_response(&ctx, s[3].m, s[3].len,
	    PY_STREAM_T0, &perr, why, sizeof(why)), CN_EPROTO);
	/* Nothing passes after a failure. */
	assert_int_equal(dns_tsig_verify_response(&ctx, s[4].m, s[4].len,
	    PY_STREAM_T0, &perr, why, sizeof(why)), CN_EPROTO);
	dns_tsig_ctx_clear(&ctx);

	/* A first message without TSIG is refused (5.4). */
	assert_int_equal(server_check(&ctx, keys, K_COUNT, py_stream_q,
	    sizeof(py_stream_q), PY_STREAM_T0), 0);
	assert_int_equal(dns_tsig_verify_response(&ctx, s[1].m, s[1].len,
	    PY_STREAM_T0, &perr, why, sizeof(why)), CN_EPROTO);
	dns_tsig_ctx_clear(&ctx);

	/* Past the fudge at the client. */
	assert_int_equal(server_check(&ctx, keys, K_COUNT, py_stream_q,
	    sizeof(py_stream_q), PY_STREAM_T0), 0);
	assert_int_equal(dns_tsig_verify_response(&ctx, s[0].m, s[0].len,
	    PY_STREAM_T0 + 301, &perr, why, sizeof(why)), CN_EPROTO);
	assert_non_null(strstr(why, "BADTIME"));
	dns_tsig_ctx_clear(&ctx);
}

/* 99 unsigned messages in a row pass; the 100th does not. */
static void
unsigned_limit(void **state)
{
	struct dns_tsig_ctx ctx;
	uint16_t perr;
	char why[128];
	unsigned i;

	(void)state;
	assert_int_equal(server_check(&ctx, keys, K_COUNT, py_stream_q,
	    sizeof(py_stream_q), PY_STREAM_T0), 0);
	assert_int_equal(dns_tsig_verify_response(&ctx, py_stream_0,
	    sizeof(py_stream_0), PY_STREAM_T0, &perr, why, sizeof(why)), 0);
	for (i = 0; i < DNS_TSIG_UNSIGNED_MAX; i++)
		assert_int_equal(dns_tsig_verify_response(&ctx, py_stream_1,
		    sizeof(py_stream_1), PY_STREAM_T0, &perr, why,
		    sizeof(why)), 0);
	assert_int_equal(dns_tsig_verify_response(&ctx, py_stream_1,
	    sizeof(py_stream_1), PY_STREAM_T0, &perr, why, sizeof(why)),
	    CN_EPROTO);
	assert_non_null(strstr(why, "99"));
	dns_tsig_ctx_clear(&ctx);
}

/* Our client and server, every algorithm, a three-message answer. */
static void
round_trip(void **state)
{
	struct dns_tsig_ctx c, s;
	uint8_t q[600], a[700];
	size_t qlen, alen;
	uint16_t perr;
	char why[128];
	unsigned k, i;
	const uint64_t t = 1760000000;

	(void)state;
	for (k = 0; k < K_COUNT; k++) {
		qlen = signed_query(&c, &keys[k], q, sizeof(q), t);
		assert_int_equal(server_check(&s, keys, K_COUNT, q, qlen,
		    t + 5), 0);
		for (i = 0; i < 3; i++) {
			memcpy(a, q, qlen);
			a[2] |= 0x84;
			a[11] = 0;
			alen = 12 + 18 + 4;
			/* Full buffer: CN_ESPACE leaves it as it was. */
			assert_int_equal(dns_tsig_sign_response(&s, a, &alen,
			    alen + dns_tsig_rr_size(&s) - 1, t), CN_ESPACE);
			assert_int_equal(alen, 34);
			assert_int_equal(dns_tsig_sign_response(&s, a, &alen,
			    sizeof(a), t + 5 + i), 0);
			assert_int_equal(alen, 34 + dns_tsig_rr_size(&s));
			assert_int_equal(a[11], 1);
			assert_int_equal(dns_tsig_verify_response(&c, a, alen,
			    t + 6, &perr, why, sizeof(why)), 0);
		}
		assert_int_equal(dns_tsig_verify_end(&c), 0);
		dns_tsig_ctx_clear(&c);
		dns_tsig_ctx_clear(&s);
	}
	/* A reply signed with another key of the same name fails. */
	qlen = signed_query(&c, &keys[K_SHA256], q, sizeof(q), t);
	assert_int_equal(server_check(&s, keys, K_COUNT, q, qlen, t), 0);
	s.secret[3] ^= 0x40;
	memcpy(a, q, qlen);
	a[11] = 0;
	alen = 34;
	assert_int_equal(dns_tsig_sign_response(&s, a, &alen, sizeof(a), t),
	    0);
	assert_int_equal(dns_tsig_verify_response(&c, a, alen, t, &perr,
	    why, sizeof(why)), CN_EPROTO);
	dns_tsig_ctx_clear(&c);
	dns_tsig_ctx_clear(&s);
}

/* Where a TSIG may be, and what makes one malformed. */
static void
find_rules(void **state)
{
	struct dns_tsig_rr rr;
	uint8_t m[700];
	size_t len = sizeof(kdig_q_xfr), tlen;

	(void)state;
	/* No TSIG. */
	assert_int_equal(dns_tsig_find((const uint8_t *)"\0\0\0\0\0\0\0\0\0\0"
	    "\0\0", 12, &rr), 0);
	assert_int_equal(dns_tsig_find(m, 5, &rr), CN_EPARSE);
	/* Trailing octets. */
	memcpy(m, kdig_q_xfr, len);
	m[len] = 0;
	assert_int_equal(dns_tsig_find(m, len + 1, &rr), CN_EPARSE);
	/* Truncated. */
	assert_int_equal(dns_tsig_find(m, len - 1, &rr), CN_EPARSE);
	/* The TSIG counted in the authority section instead. */
	memcpy(m, kdig_q_xfr, len);
	m[9] = 1;
	m[11] = 0;
	assert_int_equal(dns_tsig_find(m, len, &rr), CN_EPARSE);
	/* Two TSIG records. */
	assert_int_equal(dns_tsig_find(kdig_q_xfr, len, &rr), 1);
	tlen = len - rr.off;
	memcpy(m, kdig_q_xfr, len);
	memcpy(m + len, kdig_q_xfr + rr.off, tlen);
	m[11] = 2;
	assert_int_equal(dns_tsig_find(m, len + tlen, &rr), CN_EPARSE);
	/* Class IN, TTL not 0. */
	assert_int_equal(dns_tsig_find(kdig_q_xfr, len, &rr), 1);
	memcpy(m, kdig_q_xfr, len);
	m[rr.off + dns_name_len(m + rr.off) + 3] = DNS_CLASS_IN;
	assert_int_equal(dns_tsig_find(m, len, &rr), CN_EPARSE);
	assert_int_equal(dns_tsig_find(kdig_q_xfr, len, &rr), 1);
	memcpy(m, kdig_q_xfr, len);
	m[rr.off + dns_name_len(m + rr.off) + 7] = 1;
	assert_int_equal(dns_tsig_find(m, len, &rr), CN_EPARSE);
	/* RDATA one octet longer than its fields. */
	assert_int_equal(dns_tsig_find(kdig_q_xfr, len, &rr), 1);
	memcpy(m, kdig_q_xfr, len);
	m[rr.off + dns_name_len(m + rr.off) + 9]++;
	m[len] = 0;
	assert_int_equal(dns_tsig_find(m, len + 1, &rr), CN_EPARSE);
	/* The fields as kdig wrote them. */
	assert_int_equal(dns_tsig_find(kdig_q_xfr, len, &rr), 1);
	assert_true(dns_name_equal(rr.name, (const uint8_t *)"\3xfr\3key"));
	assert_int_equal(dns_tsig_alg_from_name(rr.alg), DNS_TSIG_HMAC_SHA256);
	assert_int_equal(rr.mac_len, 32);
	assert_int_equal(rr.fudge, 300);
	assert_int_equal(rr.error, 0);
	assert_int_equal(rr.orig_id, kdig_q_xfr[0] << 8 | kdig_q_xfr[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(alg_names),
		cmocka_unit_test(kdig_query_knot_answer),
		cmocka_unit_test(knot_axfr_stream),
		cmocka_unit_test(knot_errors),
		cmocka_unit_test(server_errors_like_knot),
		cmocka_unit_test(request_checks),
		cmocka_unit_test(truncated_macs),
		cmocka_unit_test(py_stream),
		cmocka_unit_test(unsigned_limit),
		cmocka_unit_test(round_trip),
		cmocka_unit_test(find_rules),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
