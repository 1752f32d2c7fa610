/* SPDX-License-Identifier: MIT */
/*
 * tsig.c -- RFC 8945 transaction signatures over OpenSSL's HMAC.
 *
 * What is signed (4.3): a request's MAC covers the message as it was
 * before the TSIG RR was added (ARCOUNT one less, the original ID) and the
 * TSIG variables (key name and algorithm in canonical form, class ANY, TTL
 * 0, time, fudge, error, other data).  The first message of an answer
 * puts the request MAC (with its length) in front; every later signed
 * message covers the prior MAC, the unsigned messages since it and its own
 * timers only (5.3.1).  An unsigned message of a stream is fed into a
 * running HMAC that the next signed one finishes, so nothing is buffered.
 * MACs are compared in constant time, truncated ones on their first octets.
 */
#include <pthread.h>
#include <strings.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "../common/cur.h"
#include "../common/err.h"
#include "../common/wbuf.h"
#include "name.h"
#include "tsig.h"

struct alg_info {
	enum dns_tsig_alg	 alg;
	const char		*text;
	const char		*digest;	/* OpenSSL's name */
	const uint8_t		*wire;
	size_t			 len;
};

static const struct alg_info algs[] = {
	{ DNS_TSIG_HMAC_SHA1, "hmac-sha1", "SHA1",
	    (const uint8_t *)"\11hmac-sha1", 20 },
	{ DNS_TSIG_HMAC_SHA224, "hmac-sha224", "SHA224",
	    (const uint8_t *)"\13hmac-sha224", 28 },
	{ DNS_TSIG_HMAC_SHA256, "hmac-sha256", "SHA256",
	    (const uint8_t *)"\13hmac-sha256", 32 },
	{ DNS_TSIG_HMAC_SHA384, "hmac-sha384", "SHA384",
	    (const uint8_t *)"\13hmac-sha384", 48 },
	{ DNS_TSIG_HMAC_SHA512, "hmac-sha512", "SHA512",
	    (const uint8_t *)"\13hmac-sha512", 64 },
};
#define NALGS	(sizeof(algs) / sizeof(algs[0]))

static const struct alg_info *
alg_info(enum dns_tsig_alg alg)
{
	size_t i;

	for (i = 0; i < NALGS; i++)
		if (algs[i].alg == alg)
			return &algs[i];
	return NULL;
}

const uint8_t *
dns_tsig_alg_name(enum dns_tsig_alg alg)
{
	const struct alg_info *a = alg_info(alg);

	return a ? a->wire : NULL;
}

enum dns_tsig_alg
dns_tsig_alg_from_name(const uint8_t *name)
{
	size_t i;

	for (i = 0; i < NALGS; i++)
		if (dns_name_equal(algs[i].wire, name))
			return algs[i].alg;
	return 0;
}

size_t
dns_tsig_alg_len(enum dns_tsig_alg alg)
{
	const struct alg_info *a = alg_info(alg);

	return a ? a->len : 0;
}

enum dns_tsig_alg
dns_tsig_alg_from_text(const char *text)
{
	size_t i;

	for (i = 0; i < NALGS; i++)
		if (strcasecmp(algs[i].text, text) == 0)
			return algs[i].alg;
	return 0;
}

const char *
dns_tsig_alg_text(enum dns_tsig_alg alg)
{
	const struct alg_info *a = alg_info(alg);

	return a ? a->text : NULL;
}

/* HMAC through EVP_MAC, fetched once for the process. */
static pthread_once_t hmac_once = PTHREAD_ONCE_INIT;
static EVP_MAC *hmac_impl;

static void
hmac_fetch(void)
{
	hmac_impl = EVP_MAC_fetch(NULL, "HMAC", NULL);
}

static EVP_MAC_CTX *
hmac_new(const struct dns_tsig_ctx *ctx)
{
	const struct alg_info *a = alg_info(ctx->alg);
	OSSL_PARAM params[2];
	EVP_MAC_CTX *m;

	(void)pthread_once(&hmac_once, hmac_fetch);
	if (a == NULL || hmac_impl == NULL ||
	    (m = EVP_MAC_CTX_new(hmac_impl)) == NULL)
		return NULL;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    (char *)(uintptr_t)a->digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (!EVP_MAC_init(m, ctx->secret, ctx->secret_len, params)) {
		EVP_MAC_CTX_free(m);
		return NULL;
	}
	return m;
}

static void
feed(EVP_MAC_CTX *m, const void *p, size_t n)
{
	if (n > 0)
		(void)EVP_MAC_update(m, p, n);
}

static void
feed_u16(EVP_MAC_CTX *m, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	feed(m, b, 2);
}

/* A MAC to chain to: its length, then the octets (4.3.2). */
static void
feed_mac(EVP_MAC_CTX *m, const uint8_t *mac, uint16_t len)
{
	feed_u16(m, len);
	feed(m, mac, len);
}

/*
 * The message up to end (where its TSIG RR started, or its length when it
 * has none yet) with the original ID and, if it had a TSIG, ARCOUNT less
 * that one.
 */
static void
feed_msg(EVP_MAC_CTX *m, const uint8_t *msg, size_t end, uint16_t id,
    bool had_tsig)
{
	uint8_t hdr[DNS_HDR_LEN];
	uint16_t ar;

	memcpy(hdr, msg, DNS_HDR_LEN);
	wbuf_put_u16_at(hdr, id);
	if (had_tsig) {
		ar = (uint16_t)(hdr[10] << 8 | hdr[11]);
		wbuf_put_u16_at(hdr + 10, (uint16_t)(ar - 1));
	}
	feed(m, hdr, DNS_HDR_LEN);
	feed(m, msg + DNS_HDR_LEN, end - DNS_HDR_LEN);
}

struct vars {
	const uint8_t	*name;
	const uint8_t	*alg;
	uint64_t	 time;
	uint16_t	 fudge;
	uint16_t	 error;
	uint16_t	 other_len;
	const uint8_t	*other;
};

static void
feed_time(EVP_MAC_CTX *m, uint64_t t)
{
	uint8_t b[6];
	unsigned i;

	for (i = 0; i < 6; i++)
		b[i] = (uint8_t)(t >> (40 - 8 * i));
	feed(m, b, 6);
}

/* The TSIG variables (4.3.3), or only the timers (5.3.1). */
static void
feed_vars(EVP_MAC_CTX *m, const struct vars *v, bool full)
{
	static const uint8_t class_ttl[6] = { 0, DNS_CLASS_ANY, 0, 0, 0, 0 };

	if (full) {
		feed(m, v->name, dns_name_len(v->name));
		feed(m, class_ttl, sizeof(class_ttl));
		feed(m, v->alg, dns_name_len(v->alg));
	}
	feed_time(m, v->time);
	feed_u16(m, v->fudge);
	if (full) {
		feed_u16(m, v->error);
		feed_u16(m, v->other_len);
		feed(m, v->other, v->other_len);
	}
}

/* Finishes m (freed) into mac; returns its length, 0 on failure. */
static size_t
hmac_final(EVP_MAC_CTX *m, uint8_t mac[DNS_TSIG_MAC_MAX])
{
	size_t n = 0;

	if (!EVP_MAC_final(m, mac, &n, DNS_TSIG_MAC_MAX))
		n = 0;
	EVP_MAC_CTX_free(m);
	return n;
}

static void
put_time(struct wbuf *w, uint64_t t)
{
	wbuf_u16(w, (uint16_t)(t >> 32));
	wbuf_u32(w, (uint32_t)t);
}

static size_t
rr_size(const struct vars *v, size_t mac_len)
{
	return dns_name_len(v->name) + DNS_RR_FIXED_LEN +
	    dns_name_len(v->alg) + 16 + mac_len + v->other_len;
}

/* Appends the TSIG RR and counts it in ARCOUNT. */
static int
put_tsig(uint8_t *msg, size_t *len, size_t cap, const struct vars *v,
    const uint8_t *mac, uint16_t mac_len, uint16_t orig_id)
{
	size_t need = rr_size(v, mac_len);
	uint16_t ar;
	struct wbuf w;

	if (*len < DNS_HDR_LEN || cap < *len || cap - *len < need)
		return CN_ESPACE;
	ar = (uint16_t)(msg[10] << 8 | msg[11]);
	if (ar == UINT16_MAX)
		return CN_ESPACE;
	wbuf_init(&w, msg + *len, need);
	wbuf_bytes(&w, v->name, dns_name_len(v->name));
	wbuf_u16(&w, DNS_TYPE_TSIG);
	wbuf_u16(&w, DNS_CLASS_ANY);
	wbuf_u32(&w, 0);
	wbuf_u16(&w, (uint16_t)(need - dns_name_len(v->name) -
	    DNS_RR_FIXED_LEN));
	wbuf_bytes(&w, v->alg, dns_name_len(v->alg));
	put_time(&w, v->time);
	wbuf_u16(&w, v->fudge);
	wbuf_u16(&w, mac_len);
	wbuf_bytes(&w, mac, mac_len);
	wbuf_u16(&w, orig_id);
	wbuf_u16(&w, v->error);
	wbuf_u16(&w, v->other_len);
	wbuf_bytes(&w, v->other, v->other_len);
	if (w.err || w.len != need)
		return CN_ESPACE;
	*len += need;
	wbuf_put_u16_at(msg + 10, (uint16_t)(ar + 1));
	return 0;
}

/* The TSIG RDATA (4.2) at off, rdlen octets, into rr. */
static int
parse_rdata(const uint8_t *msg, size_t off, size_t rdlen,
    struct dns_tsig_rr *rr)
{
	size_t end = off + rdlen, pos = off;
	struct cur c;

	if (dns_name_unpack(msg, end, &pos, rr->alg) < 0)
		return CN_EPARSE;
	dns_name_lower(rr->alg);
	cur_init(&c, msg + pos, end - pos);
	rr->time = (uint64_t)cur_u16(&c) << 32;
	rr->time |= cur_u32(&c);
	rr->fudge = cur_u16(&c);
	rr->mac_len = cur_u16(&c);
	rr->mac = cur_ptr(&c, rr->mac_len);
	rr->orig_id = cur_u16(&c);
	rr->error = cur_u16(&c);
	rr->other_len = cur_u16(&c);
	rr->other = cur_ptr(&c, rr->other_len);
	return cur_done(&c) ? 0 : CN_EPARSE;
}

int
dns_tsig_find(const uint8_t *msg, size_t len, struct dns_tsig_rr *rr)
{
	uint8_t name[DNS_NAME_MAX];
	size_t off = DNS_HDR_LEN, start, i, nrr, nbefore;
	uint16_t qd, type, rclass, rdlen;
	uint32_t ttl;
	struct cur c;
	bool found = false;

	if (len < DNS_HDR_LEN)
		return CN_EPARSE;
	qd = (uint16_t)(msg[4] << 8 | msg[5]);
	nbefore = (size_t)(msg[6] << 8 | msg[7]) + (msg[8] << 8 | msg[9]);
	nrr = nbefore + (size_t)(msg[10] << 8 | msg[11]);
	for (i = 0; i < qd; i++) {
		if (dns_name_unpack(msg, len, &off, name) < 0 || len - off < 4)
			return CN_EPARSE;
		off += 4;
	}
	for (i = 0; i < nrr; i++) {
		start = off;
		if (dns_name_unpack(msg, len, &off, name) < 0)
			return CN_EPARSE;
		cur_init(&c, msg + off, len - off);
		type = cur_u16(&c);
		rclass = cur_u16(&c);
		ttl = cur_u32(&c);
		rdlen = cur_u16(&c);
		cur_skip(&c, rdlen);
		if (c.err)
			return CN_EPARSE;
		off += DNS_RR_FIXED_LEN;
		if (type == DNS_TYPE_TSIG) {
			/* 5.1: once, last, in the additional section. */
			if (i + 1 != nrr || i < nbefore)
				return CN_EPARSE;
			if (rclass != DNS_CLASS_ANY || ttl != 0)
				return CN_EPARSE;
			rr->off = start;
			memcpy(rr->name, name, dns_name_len(name));
			dns_name_lower(rr->name);
			if (parse_rdata(msg, off, rdlen, rr) < 0)
				return CN_EPARSE;
			found = true;
		}
		off += rdlen;
	}
	if (off != len)
		return CN_EPARSE;
	return found ? 1 : 0;
}

void
dns_tsig_ctx_init(struct dns_tsig_ctx *ctx, const struct conf_key *key)
{
	memset(ctx, 0, sizeof(*ctx));
	memcpy(ctx->name, key->name, dns_name_len(key->name));
	dns_name_lower(ctx->name);
	ctx->alg = key->alg;
	if (alg_info(key->alg) != NULL)
		memcpy(ctx->algname, alg_info(key->alg)->wire,
		    dns_name_len(alg_info(key->alg)->wire));
	else
		ctx->algname[0] = 0;
	ctx->secret_len = key->secret_len <= CONF_KEY_SECRET_MAX ?
	    key->secret_len : CONF_KEY_SECRET_MAX;
	memcpy(ctx->secret, key->secret, ctx->secret_len);
}

void
dns_tsig_ctx_clear(struct dns_tsig_ctx *ctx)
{
	if (ctx == NULL)
		return;
	EVP_MAC_CTX_free(ctx->run);
	OPENSSL_cleanse(ctx, sizeof(*ctx));
	ctx->run = NULL;
}

static void
ctx_vars(const struct dns_tsig_ctx *ctx, struct vars *v)
{
	memset(v, 0, sizeof(*v));
	v->name = ctx->name;
	v->alg = ctx->algname;
}

/*
 * Appends v's TSIG RR to msg with a MAC over the prior MAC (prior: the
 * request's, or the last message's of a stream), msg and v's variables
 * (all of them when full; only time and fudge for a stream's later
 * messages, RFC 8945 4.3.3), and keeps the MAC in ctx for the next.
 */
static int
sign_msg(struct dns_tsig_ctx *ctx, uint8_t *msg, size_t *len, size_t cap,
    const struct vars *v, bool prior, bool full)
{
	uint8_t mac[DNS_TSIG_MAC_MAX];
	uint16_t id = (uint16_t)(msg[0] << 8 | msg[1]);
	EVP_MAC_CTX *m;
	size_t n;
	int r;

	if (cap < *len || cap - *len < rr_size(v, dns_tsig_alg_len(ctx->alg)))
		return CN_ESPACE;
	if ((m = hmac_new(ctx)) == NULL)
		return CN_ENOMEM;
	if (prior)
		feed_mac(m, ctx->mac, ctx->mac_len);
	feed_msg(m, msg, *len, id, false);
	feed_vars(m, v, full);
	if ((n = hmac_final(m, mac)) == 0)
		return CN_ENOMEM;
	if ((r = put_tsig(msg, len, cap, v, mac, (uint16_t)n, id)) < 0)
		return r;
	memcpy(ctx->mac, mac, n);
	ctx->mac_len = (uint16_t)n;
	return 0;
}

int
dns_tsig_sign_request(struct dns_tsig_ctx *ctx, uint8_t *msg, size_t *len,
    size_t cap, uint64_t now)
{
	struct vars v;
	int r;

	if (*len < DNS_HDR_LEN || alg_info(ctx->alg) == NULL)
		return CN_EINVAL;
	ctx_vars(ctx, &v);
	v.time = now & 0xffffffffffffULL;
	v.fudge = DNS_TSIG_FUDGE;
	if ((r = sign_msg(ctx, msg, len, cap, &v, false, true)) < 0)
		return r;
	ctx->time = v.time;
	ctx->fudge = v.fudge;
	ctx->nmsg = ctx->nunsigned = 0;
	EVP_MAC_CTX_free(ctx->run);
	ctx->run = NULL;
	return 0;
}

/* 5.2.2.1: a MAC longer than the digest or shorter than both 10 octets
 * and half the digest is a format error. */
static bool
mac_size_ok(size_t mac_len, size_t full)
{
	size_t min = full / 2 > 10 ? full / 2 : 10;

	return mac_len <= full && mac_len >= min;
}

static bool
time_ok(uint64_t now, uint64_t signed_at, uint16_t fudge)
{
	uint64_t d = now > signed_at ? now - signed_at : signed_at - now;

	return d <= fudge;
}

static int
fail(struct dns_tsig_ctx *ctx, char *why, size_t whylen, const char *text)
{
	cn_why(why, whylen, "%s", text);
	EVP_MAC_CTX_free(ctx->run);
	ctx->run = NULL;
	ctx->nmsg = UINT32_MAX / 2;	/* the stream is over */
	ctx->nunsigned = DNS_TSIG_UNSIGNED_MAX + 1;
	return CN_EPROTO;
}

static const char *
error_text(uint16_t e)
{
	switch (e) {
	case DNS_TSIG_BADSIG:
		return "BADSIG";
	case DNS_TSIG_BADKEY:
		return "BADKEY";
	case DNS_TSIG_BADTIME:
		return "BADTIME";
	case DNS_TSIG_BADTRUNC:
		return "BADTRUNC";
	default:
		return "an error";
	}
}

/* An unsigned message of a stream: into the running HMAC. */
static int
verify_unsigned(struct dns_tsig_ctx *ctx, const uint8_t *msg, size_t len,
    char *why, size_t whylen)
{
	if (ctx->nmsg == 0)
		return fail(ctx, why, whylen, "the answer is not signed");
	if (ctx->nunsigned >= DNS_TSIG_UNSIGNED_MAX)
		return fail(ctx, why, whylen,
		    "more than 99 unsigned messages in a row");
	if (ctx->run == NULL) {
		if ((ctx->run = hmac_new(ctx)) == NULL)
			return fail(ctx, why, whylen, "HMAC unavailable");
		feed_mac(ctx->run, ctx->mac, ctx->mac_len);
	}
	feed(ctx->run, msg, len);
	ctx->nunsigned++;
	ctx->nmsg++;
	return 0;
}

int
dns_tsig_verify_response(struct dns_tsig_ctx *ctx, const uint8_t *msg,
    size_t len, uint64_t now, uint16_t *peer_error, char *why, size_t whylen)
{
	uint8_t mac[DNS_TSIG_MAC_MAX];
	struct dns_tsig_rr rr;
	EVP_MAC_CTX *m;
	struct vars v;
	size_t full;
	int r;

	*peer_error = 0;
	if (ctx->nunsigned > DNS_TSIG_UNSIGNED_MAX)
		return fail(ctx, why, whylen, "the stream failed before");
	if ((r = dns_tsig_find(msg, len, &rr)) < 0)
		return fail(ctx, why, whylen, "malformed message or TSIG");
	if (r == 0)
		return verify_unsigned(ctx, msg, len, why, whylen);
	if (!dns_name_equal(rr.name, ctx->name) ||
	    !dns_name_equal(rr.alg, ctx->algname))
		return fail(ctx, why, whylen,
		    "signed with another key or algorithm");
	*peer_error = rr.error;
	if (rr.error != 0 && rr.mac_len == 0) {
		cn_why(why, whylen, "the server answered TSIG %s",
		    error_text(rr.error));
		return fail(ctx, NULL, 0, "");
	}
	full = dns_tsig_alg_len(ctx->alg);
	if (!mac_size_ok(rr.mac_len, full))
		return fail(ctx, why, whylen, "bad MAC size");
	m = ctx->run;
	ctx->run = NULL;
	if (m == NULL && (m = hmac_new(ctx)) == NULL)
		return fail(ctx, why, whylen, "HMAC unavailable");
	if (ctx->nmsg == 0 || ctx->nunsigned == 0)
		feed_mac(m, ctx->mac, ctx->mac_len);
	feed_msg(m, msg, rr.off, rr.orig_id, true);
	v.name = rr.name;
	v.alg = rr.alg;
	v.time = rr.time;
	v.fudge = rr.fudge;
	v.error = rr.error;
	v.other_len = rr.other_len;
	v.other = rr.other;
	feed_vars(m, &v, ctx->nmsg == 0);
	if (hmac_final(m, mac) != full ||
	    CRYPTO_memcmp(mac, rr.mac, rr.mac_len) != 0)
		return fail(ctx, why, whylen, "bad MAC (BADSIG)");
	if (rr.error != 0) {
		cn_why(why, whylen, "the server answered TSIG %s",
		    error_text(rr.error));
		return fail(ctx, NULL, 0, "");
	}
	if (!time_ok(now, rr.time, rr.fudge))
		return fail(ctx, why, whylen,
		    "signed outside the time fudge (BADTIME)");
	memcpy(ctx->mac, rr.mac, rr.mac_len);
	ctx->mac_len = rr.mac_len;
	ctx->nunsigned = 0;
	ctx->nmsg++;
	return 0;
}

int
dns_tsig_verify_end(const struct dns_tsig_ctx *ctx)
{
	return ctx->nmsg > 0 && ctx->nunsigned == 0 ? 0 : CN_EPROTO;
}

/* Sets ctx up for an answer to rr that carries error (no key known). */
static void
server_ctx(struct dns_tsig_ctx *ctx, const struct dns_tsig_rr *rr)
{
	memset(ctx, 0, sizeof(*ctx));
	memcpy(ctx->name, rr->name, dns_name_len(rr->name));
	memcpy(ctx->algname, rr->alg, dns_name_len(rr->alg));
	ctx->time = rr->time;
	ctx->fudge = rr->fudge;
}

int
dns_tsig_verify_request(struct dns_tsig_ctx *ctx,
    const struct conf_key *keys, size_t nkeys, const uint8_t *msg,
    size_t len, const struct dns_tsig_rr *rr, uint64_t now)
{
	uint8_t mac[DNS_TSIG_MAC_MAX];
	const struct conf_key *key = NULL;
	enum dns_tsig_alg alg;
	EVP_MAC_CTX *m;
	struct vars v;
	size_t i, full;

	(void)len;
	server_ctx(ctx, rr);
	for (i = 0; i < nkeys && key == NULL; i++)
		if (dns_name_equal(keys[i].name, rr->name))
			key = &keys[i];
	/* 5.2.1: an unknown key, or a known one with another algorithm. */
	alg = dns_tsig_alg_from_name(rr->alg);
	if (key == NULL || alg == 0 || key->alg != alg) {
		ctx->error = DNS_TSIG_BADKEY;
		return DNS_TSIG_BADKEY;
	}
	ctx->alg = alg;
	ctx->secret_len = key->secret_len;
	memcpy(ctx->secret, key->secret, key->secret_len);
	full = dns_tsig_alg_len(alg);
	if (!mac_size_ok(rr->mac_len, full))
		return CN_EPARSE;
	if ((m = hmac_new(ctx)) == NULL) {
		ctx->error = DNS_TSIG_BADKEY;
		return DNS_TSIG_BADKEY;
	}
	feed_msg(m, msg, rr->off, rr->orig_id, true);
	v.name = rr->name;
	v.alg = rr->alg;
	v.time = rr->time;
	v.fudge = rr->fudge;
	v.error = rr->error;
	v.other_len = rr->other_len;
	v.other = rr->other;
	feed_vars(m, &v, true);
	if (hmac_final(m, mac) != full ||
	    CRYPTO_memcmp(mac, rr->mac, rr->mac_len) != 0) {
		ctx->error = DNS_TSIG_BADSIG;
		return DNS_TSIG_BADSIG;
	}
	/* 5.2.2.1: the answer chains to the request MAC as received. */
	memcpy(ctx->mac, rr->mac, rr->mac_len);
	ctx->mac_len = rr->mac_len;
	if (!time_ok(now, rr->time, rr->fudge))
		ctx->error = DNS_TSIG_BADTIME;
	else if (rr->mac_len < full && rr->mac_len < DNS_TSIG_TRUNC_MIN)
		ctx->error = DNS_TSIG_BADTRUNC;
	return ctx->error;
}

/* The variables of the next answer message. */
static void
answer_vars(const struct dns_tsig_ctx *ctx, uint64_t now, uint8_t other[6],
    struct vars *v)
{
	unsigned i;

	ctx_vars(ctx, v);
	v->time = now & 0xffffffffffffULL;
	v->fudge = DNS_TSIG_FUDGE;
	v->error = ctx->error;
	if (ctx->error == DNS_TSIG_BADKEY || ctx->error == DNS_TSIG_BADSIG) {
		v->time = ctx->time;
		v->fudge = ctx->fudge;
	} else if (ctx->error == DNS_TSIG_BADTIME) {
		/* 5.2.3: the client's time signed, ours as other data. */
		v->time = ctx->time;
		v->fudge = ctx->fudge;
		for (i = 0; i < 6; i++)
			other[i] = (uint8_t)(now >> (40 - 8 * i));
		v->other = other;
		v->other_len = 6;
	}
}

size_t
dns_tsig_rr_size(const struct dns_tsig_ctx *ctx)
{
	struct vars v;
	uint8_t other[6];
	bool unsig = ctx->error == DNS_TSIG_BADKEY ||
	    ctx->error == DNS_TSIG_BADSIG;

	answer_vars(ctx, 0, other, &v);
	return rr_size(&v, unsig ? 0 : dns_tsig_alg_len(ctx->alg));
}

int
dns_tsig_sign_response(struct dns_tsig_ctx *ctx, uint8_t *msg, size_t *len,
    size_t cap, uint64_t now)
{
	uint8_t other[6];
	struct vars v;
	int r;

	if (*len < DNS_HDR_LEN)
		return CN_EINVAL;
	answer_vars(ctx, now, other, &v);
	/* 5.3.2: no MAC on an answer to a request with a bad key or MAC. */
	if (ctx->error == DNS_TSIG_BADKEY || ctx->error == DNS_TSIG_BADSIG)
		return put_tsig(msg, len, cap, &v, NULL, 0,
		    (uint16_t)(msg[0] << 8 | msg[1]));
	if ((r = sign_msg(ctx, msg, len, cap, &v, true, ctx->nmsg == 0)) < 0)
		return r;
	ctx->nmsg++;
	return 0;
}
