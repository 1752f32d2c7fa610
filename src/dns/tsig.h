/* SPDX-License-Identifier: MIT */
/*
 * tsig.h -- transaction signatures (RFC 8945): sign and verify DNS messages
 * and multi-message streams with a shared secret.
 *
 * Both ends use one context, struct dns_tsig_ctx, which holds a copy of the
 * key (so a transfer can outlive the configuration that named it) and the
 * MAC that the next message's MAC chains to: the request MAC for the first
 * message of an answer, then the prior MAC (RFC 8945 4.3.2, 5.3.1).
 *
 *   client (xfr-in):  dns_tsig_ctx_init(key) -> dns_tsig_sign_request() ->
 *                     dns_tsig_verify_response() per message received ->
 *                     dns_tsig_verify_end() after the last.
 *   server (workers): dns_tsig_find() -> dns_tsig_verify_request(keys) ->
 *                     answer -> dns_tsig_sign_response() per message.
 *
 * Times are seconds since the epoch, passed in so tests fix the clock.
 * The functions do no I/O and no logging; HMAC comes from OpenSSL's
 * libcrypto, which allocates inside, so signing is not allocation-free.
 * Any thread may call them on its own context.
 */
#ifndef CN_DNS_TSIG_H
#define CN_DNS_TSIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../conf/conf.h"
#include "dns.h"

#define DNS_TSIG_MAC_MAX	64	/* HMAC-SHA512 */
#define DNS_TSIG_FUDGE		300	/* seconds, RFC 8945 10 */
#define DNS_TSIG_UNSIGNED_MAX	99	/* RFC 8945 5.3.1 */
/*
 * Local truncation policy (RFC 8945 5.2.4): a truncated MAC shorter than
 * this (and than the full digest) gets BADTRUNC.  hmac-sha1-96 is refused.
 */
#define DNS_TSIG_TRUNC_MIN	16
/* The longest TSIG RR we write: names, fixed fields, MAC, 6 other octets. */
#define DNS_TSIG_RR_MAX		(DNS_NAME_MAX + 10 + 13 + 16 + \
				    DNS_TSIG_MAC_MAX + 6)

/* A TSIG RR as found in a message; pointers into the message. */
struct dns_tsig_rr {
	size_t		 off;		/* where the RR starts */
	uint8_t		 name[DNS_NAME_MAX];	/* key name, lowercase */
	uint8_t		 alg[DNS_NAME_MAX];	/* algorithm name, lowercase */
	uint64_t	 time;		/* time signed, 48 bits */
	uint16_t	 fudge;
	uint16_t	 mac_len;
	const uint8_t	*mac;
	uint16_t	 orig_id;
	uint16_t	 error;
	uint16_t	 other_len;
	const uint8_t	*other;
};

struct dns_tsig_ctx {
	uint8_t		 name[DNS_NAME_MAX];	/* key name, lowercase wire */
	uint8_t		 algname[DNS_NAME_MAX];	/* as the request named it */
	enum dns_tsig_alg alg;		/* 0: unknown (BADKEY) */
	uint8_t		 secret[CONF_KEY_SECRET_MAX];
	size_t		 secret_len;
	uint8_t		 mac[DNS_TSIG_MAC_MAX];	/* request MAC, then prior */
	uint16_t	 mac_len;
	uint64_t	 time;		/* the request's time signed */
	uint16_t	 fudge;		/* the request's fudge */
	uint16_t	 error;		/* server: what to answer the request */
	unsigned	 nmsg;		/* messages signed or verified */
	unsigned	 nunsigned;	/* unsigned since the last signed */
	void		*run;		/* EVP_MAC_CTX over unsigned messages */
};

/* Wire form of an algorithm's name, or NULL. */
const uint8_t	*dns_tsig_alg_name(enum dns_tsig_alg alg);
/* The algorithm named by a wire name (any case), or 0. */
enum dns_tsig_alg dns_tsig_alg_from_name(const uint8_t *name);
/* The algorithm's full MAC length in octets. */
size_t		 dns_tsig_alg_len(enum dns_tsig_alg alg);
/* Text names (hmac-sha256) to the algorithm and back; 0 / NULL if unknown. */
enum dns_tsig_alg dns_tsig_alg_from_text(const char *text);
const char	*dns_tsig_alg_text(enum dns_tsig_alg alg);

/*
 * Finds the TSIG RR of a message, which must be the last RR of the
 * additional section (RFC 8945 5.1).  Returns 1 with *rr filled, 0 if the
 * message has no TSIG, or CN_EPARSE if it cannot be parsed or a TSIG sits
 * anywhere else or twice or is malformed (class not ANY, TTL not 0,
 * RDATA length wrong): the server answers FORMERR.
 */
int	dns_tsig_find(const uint8_t *msg, size_t len, struct dns_tsig_rr *rr);

/* Copies key into ctx and resets the stream state. */
void	dns_tsig_ctx_init(struct dns_tsig_ctx *ctx, const struct conf_key *key);
/* Frees what the context holds and zeroes the key; NULL-safe. */
void	dns_tsig_ctx_clear(struct dns_tsig_ctx *ctx);

/*
 * Client: signs a request in place: appends the TSIG RR to msg (*len
 * octets, cap capacity) and increments ARCOUNT.  The MAC is kept for the
 * answer.  Returns 0, or CN_ESPACE (msg unchanged) or CN_EINVAL.
 */
int	dns_tsig_sign_request(struct dns_tsig_ctx *ctx, uint8_t *msg,
	    size_t *len, size_t cap, uint64_t now);

/*
 * Client: verifies one message of the answer to the signed request, in
 * order.  The first must be signed; then up to DNS_TSIG_UNSIGNED_MAX in a
 * row may come unsigned, each signed MAC covering the prior MAC and every
 * message since (RFC 8945 5.3.1).  Returns 0 (valid, or an unsigned one
 * allowed for now), or CN_EPROTO with a reason in why: no TSIG where one
 * is due, another key or algorithm, a bad MAC or MAC size, a time outside
 * the fudge, or a TSIG error sent by the server (*peer_error set to it;
 * 0 otherwise).  After a failure the stream is over.
 */
int	dns_tsig_verify_response(struct dns_tsig_ctx *ctx, const uint8_t *msg,
	    size_t len, uint64_t now, uint16_t *peer_error, char *why,
	    size_t whylen);
/* Client, after the last message: CN_EPROTO if that one was unsigned. */
int	dns_tsig_verify_end(const struct dns_tsig_ctx *ctx);

/*
 * Server: checks the request's TSIG rr (from dns_tsig_find) against keys
 * in the order RFC 8945 5.2 gives: key, MAC size, MAC, time, truncation
 * policy.  Returns 0 (ctx holds the key and request MAC, ready to sign
 * the answer), CN_EPARSE for FORMERR (a MAC size out of bounds, 5.2.2.1),
 * or a TSIG error: DNS_TSIG_BADKEY or DNS_TSIG_BADSIG (the answer is
 * NOTAUTH with an unsigned TSIG), DNS_TSIG_BADTIME or DNS_TSIG_BADTRUNC
 * (NOTAUTH, signed).  In every case but CN_EPARSE ctx is set up so that
 * dns_tsig_sign_response() writes the right TSIG; ctx->error says which.
 * ctx is overwritten: it need not be initialised, but one that verified
 * responses must be cleared first.
 */
int	dns_tsig_verify_request(struct dns_tsig_ctx *ctx,
	    const struct conf_key *keys, size_t nkeys, const uint8_t *msg,
	    size_t len, const struct dns_tsig_rr *rr, uint64_t now);

/*
 * Server: appends the TSIG RR to the next message of the answer (msg, *len
 * octets, cap capacity) and increments ARCOUNT.  The first message is
 * signed over the request MAC and the full TSIG variables; later ones over
 * the prior MAC and the timers (5.3.1).  A BADKEY or BADSIG context writes
 * an unsigned TSIG carrying the error (5.3.2); BADTIME adds the server's
 * time as other data (5.2.3).  Returns 0 or CN_ESPACE (msg unchanged).
 */
int	dns_tsig_sign_response(struct dns_tsig_ctx *ctx, uint8_t *msg,
	    size_t *len, size_t cap, uint64_t now);

/* Octets the TSIG RR written with ctx takes. */
size_t	dns_tsig_rr_size(const struct dns_tsig_ctx *ctx);

#endif
