/* SPDX-License-Identifier: MIT */
/*
 * fuzz_zone.c -- a whole zone load from text: the parser, the zone build
 * and its checks, and the DNSSEC load checks (dnssec_check.c), which read
 * RRSIG, NSEC, NSEC3 and NSEC3PARAM RDATA and hash names with the zone's
 * NSEC3 parameters.  The zone is t.test (seeds: signed zones and broken
 * chains); the checks run once more at a fixed time with a message sink,
 * so that every message is formatted.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../../src/dns/dnssec_check.h"
#include "../../src/dns/zone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
sink_msg(void *arg, uint32_t node, uint16_t type, uint16_t covered,
    const char *text)
{
	size_t *n = arg;

	(void)node;
	(void)type;
	(void)covered;
	*n += strlen(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_zone_report rep;
	struct dns_dnssec_result res;
	struct dns_zone *z;
	size_t n = 0;
	struct dns_dnssec_sink sink = { sink_msg, &n };

	memset(&rep, 0, sizeof(rep));	/* count, do not print */
	z = dns_zone_load_text((const uint8_t *)"\1t\4test",
	    (const char *)data, size, "fuzz", &rep);
	if (z == NULL)
		return 0;
	/* 2026-01-01, then 2106: the serial-arithmetic times both ways */
	dns_dnssec_check(z, 1767225600LL, &sink, &res);
	dns_dnssec_check(z, 4294967290LL, &sink, &res);
	dns_zone_free(z);
	return 0;
}
