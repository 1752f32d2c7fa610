/* SPDX-License-Identifier: MIT */
/*
 * fuzz_tsig.c -- libFuzzer target for the TSIG parser and checks: each
 * input is a message searched for its TSIG (dns_tsig_find), checked as a
 * request against two keys, answered (unsigned or signed, as the verdict
 * says) and fed as a response to a client context, both as the first
 * message of a stream and after an unsigned-then-signed start.  The
 * answer written must parse back with the TSIG where it belongs.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/common/err.h"
#include "../../src/dns/dns.h"
#include "../../src/dns/tsig.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct conf_key keys[2];

static void
init_keys(void)
{
	static bool done;

	if (done)
		return;
	memcpy(keys[0].name, "\3xfr\3key", 9);
	keys[0].alg = DNS_TSIG_HMAC_SHA256;
	memcpy(keys[0].secret, "fuzz-secret", 11);
	keys[0].secret_len = 11;
	memcpy(keys[1].name, "\4sha1\3key", 10);
	keys[1].alg = DNS_TSIG_HMAC_SHA1;
	memcpy(keys[1].secret, "another", 7);
	keys[1].secret_len = 7;
	done = true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t ans[DNS_MSG_MAX];
	struct dns_tsig_ctx s, c;
	struct dns_tsig_rr rr, back;
	uint16_t perr;
	size_t len;
	char why[96];
	int r;

	init_keys();
	r = dns_tsig_find(data, size, &rr);
	if (r == 1) {
		r = dns_tsig_verify_request(&s, keys, 2, data, size, &rr,
		    rr.time + (size & 0x3ff));
		if (r != CN_EPARSE) {
			/* A header and nothing else, then the TSIG. */
			memcpy(ans, data, DNS_HDR_LEN);
			ans[4] = ans[5] = ans[6] = ans[7] = 0;
			ans[8] = ans[9] = ans[10] = ans[11] = 0;
			len = DNS_HDR_LEN;
			if (dns_tsig_sign_response(&s, ans, &len, sizeof(ans),
			    rr.time) == 0 && (dns_tsig_find(ans, len,
			    &back) != 1 || back.error != s.error))
				abort();
		}
		dns_tsig_ctx_clear(&s);
	}
	/*
	 * As the second message of an answer to a request signed with the
	 * first key, after a valid first message: signed or unsigned.
	 */
	dns_tsig_ctx_init(&c, &keys[0]);
	memset(ans, 0, DNS_HDR_LEN);
	len = DNS_HDR_LEN;
	if (dns_tsig_sign_request(&c, ans, &len, sizeof(ans), 1000) != 0 ||
	    dns_tsig_find(ans, len, &rr) != 1 ||
	    dns_tsig_verify_request(&s, keys, 2, ans, len, &rr, 1000) != 0)
		abort();
	memset(ans, 0, DNS_HDR_LEN);
	ans[2] = 0x80;
	len = DNS_HDR_LEN;
	if (dns_tsig_sign_response(&s, ans, &len, sizeof(ans), 1000) != 0 ||
	    dns_tsig_verify_response(&c, ans, len, 1000, &perr, why,
	    sizeof(why)) != 0)
		abort();
	dns_tsig_ctx_clear(&s);
	(void)dns_tsig_verify_response(&c, data, size, 1000, &perr, why,
	    sizeof(why));
	(void)dns_tsig_verify_response(&c, data, size, 1000, &perr, why,
	    sizeof(why));
	(void)dns_tsig_verify_end(&c);
	dns_tsig_ctx_clear(&c);
	return 0;
}
