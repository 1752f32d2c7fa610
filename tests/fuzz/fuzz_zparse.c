/* SPDX-License-Identifier: MIT */
/*
 * fuzz_zparse.c -- libFuzzer target for the zone file parser.  The
 * records it yields (the first 256 per input) are also printed back to
 * text and parsed again, which must give the same wire octets (the
 * rrprint round trip).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/dns/rrprint.h"
#include "../../src/dns/zparse.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t origin[] = "\7example\3com";

struct again {
	const uint8_t	*rdata;
	uint16_t	 rdlen;
	uint16_t	 type;
	unsigned	 n;
};

static int
check_again(void *arg, const struct dns_zparse_rr *rr)
{
	struct again *a = arg;

	a->n++;
	if (rr->type != a->type || rr->rdlen != a->rdlen ||
	    memcmp(rr->rdata, a->rdata, a->rdlen) != 0)
		abort();	/* print -> parse changed the RDATA */
	return 0;
}

static int
on_rr(void *arg, const struct dns_zparse_rr *rr)
{
	static char text[16 * 65535 + 1024 + 64];
	struct again a = { rr->rdata, rr->rdlen, rr->type, 0 };
	struct dns_zparse zp = { .origin = origin, .rr = check_again,
	    .arg = &a, .no_include = true };
	int n, m;

	/* Bound the work per input: $GENERATE alone makes 65536 records. */
	if (++*(unsigned *)arg > 256)
		return 0;
	n = snprintf(text, 64, ". 0 CLASS%u TYPE%u ", rr->rclass, rr->type);
	m = dns_rdata_to_text(rr->type, rr->rdata, rr->rdlen, text + n,
	    sizeof(text) - (size_t)n);
	if (m < 0)
		abort();	/* the documented capacity must suffice */
	if (dns_zparse_text(&zp, text, (size_t)(n + m), "again") != 0 ||
	    a.n != 1)
		abort();
	return 0;
}

static void
on_error(void *arg, const char *file, unsigned line, const char *msg)
{
	(void)arg;
	(void)file;
	(void)line;
	(void)msg;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned checked = 0;
	struct dns_zparse zp = {
		.origin = origin,
		.default_ttl = 3600,
		.rr = on_rr,
		.error = on_error,
		.arg = &checked,
		.max_errors = 1000,
		.no_include = true,
	};

	dns_zparse_text(&zp, (const char *)data, size, "fuzz");
	return 0;
}
