/* SPDX-License-Identifier: MIT */
/*
 * fuzz_rrprint.c -- libFuzzer target for the RDATA printer.  The input is
 * a type and wire RDATA; whatever the printer makes of well-formed RDATA
 * must parse back, through the zone parser, to the same octets.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/dns/rdata.h"
#include "../../src/dns/rrprint.h"
#include "../../src/dns/zparse.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct expect {
	const uint8_t	*rdata;
	size_t		 rdlen;
	unsigned	 n;
};

static int
on_rr(void *arg, const struct dns_zparse_rr *rr)
{
	struct expect *e = arg;

	e->n++;
	if (rr->rdlen != e->rdlen || memcmp(rr->rdata, e->rdata, e->rdlen))
		abort();	/* print -> parse changed the RDATA */
	return 0;
}

static void
on_error(void *arg, const char *file, unsigned line, const char *msg)
{
	(void)arg;
	fprintf(stderr, "%s:%u: %s\n", file, line, msg);
	abort();		/* printed text that does not parse */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char text[16 * 65535 + 1024 + 64];
	static uint16_t known[128];
	static size_t nknown;
	struct expect e;
	struct dns_zparse zp = { .rr = on_rr, .error = on_error, .arg = &e,
	    .no_include = true };
	const uint8_t *rdata;
	size_t rdlen;
	uint16_t type;
	unsigned t;
	int n, m;

	if (nknown == 0)
		for (t = 0; t < 65536 && nknown < 128; t++)
			if (dns_rrtype_by_code((uint16_t)t) != NULL)
				known[nknown++] = (uint16_t)t;
	if (size < 2 || size - 2 > 65535)
		return 0;
	/* Mostly known types; the high bit picks any type. */
	if (data[0] & 0x80)
		type = (uint16_t)((data[0] & 0x7f) << 8 | data[1]);
	else
		type = known[data[0] % nknown];
	rdata = data + 2;
	rdlen = size - 2;
	if (type == 0 || type == 41 || (type >= 128 && type <= 255))
		return 0;	/* meta types are not zone data */
	n = snprintf(text, 64, ". 0 IN TYPE%u ", type);
	m = dns_rdata_to_text(type, rdata, rdlen, text + n,
	    sizeof(text) - (size_t)n);
	if (m < 0)
		abort();	/* the documented capacity must suffice */
	if (!dns_rdata_valid(type, rdata, rdlen))
		return 0;
	e.rdata = rdata;
	e.rdlen = rdlen;
	e.n = 0;
	if (dns_zparse_text(&zp, text, (size_t)(n + m), "printed") != 0 ||
	    e.n != 1)
		abort();
	return 0;
}
