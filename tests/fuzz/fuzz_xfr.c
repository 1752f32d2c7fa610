/* SPDX-License-Identifier: MIT */
/*
 * fuzz_xfr.c -- libFuzzer target for the zone-transfer parser and the
 * IXFR application.  Input: one octet choosing AXFR or IXFR, then DNS
 * messages each behind a two-octet length, as on TCP.  The stream goes
 * through xfr_parser_feed() into xfr_apply (an IXFR against a small base
 * zone); a zone that comes out must print as a zone file that loads back
 * with the same serial and record count.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/dns/zone.h"
#include "../../src/xfr/xfr.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define APEX	((const uint8_t *)"\7example\4test")

static const char base_text[] =
	"$TTL 60\n"
	"@ SOA ns1 hm 1 100 10 256 30\n"
	"@ NS ns1\n"
	"ns1 A 192.0.2.1\n"
	"www A 192.0.2.10\n";

static void
quiet(void *arg, bool fatal, const char *file, unsigned line,
    const char *text)
{
	(void)arg;
	(void)fatal;
	(void)file;
	(void)line;
	(void)text;
}

static void
roundtrip(const struct dns_zone *z)
{
	struct dns_zone_report rep = { .msg = quiet };
	struct dns_zone *back;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		return;
	if (xfr_zone_print(z, f) != 0)
		abort();
	fclose(f);
	back = dns_zone_load_text(APEX, buf, len, "printed", &rep);
	if (back == NULL || dns_zone_serial(back) != dns_zone_serial(z) ||
	    dns_zone_rr_count(back) != dns_zone_rr_count(z))
		abort();	/* a received zone that does not persist */
	dns_zone_free(back);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dns_zone *base;
	struct dns_zone_report rep = { .msg = quiet };
	struct xfr_parser p;
	struct xfr_apply a;
	struct dns_zone *z;
	enum xfr_kind kind;
	size_t off = 1, n;
	int r = 0;

	if (base == NULL)
		base = dns_zone_load_text(APEX, base_text, strlen(base_text),
		    "base", NULL);
	if (size < 1 || base == NULL)
		return 0;
	kind = data[0] & 1 ? XFR_KIND_IXFR : XFR_KIND_AXFR;
	xfr_parser_init(&p, kind, APEX, 0x1234, 1);
	xfr_apply_init(&a, APEX, kind == XFR_KIND_IXFR ? base : NULL, "fuzz",
	    &rep);
	while (r == 0 && size - off >= 2) {
		n = (size_t)(data[off] << 8 | data[off + 1]);
		off += 2;
		if (n > size - off)
			n = size - off;
		r = xfr_parser_feed(&p, data + off, n, &a.ops);
		off += n;
	}
	if (r != 1 || p.result == XFR_RESULT_UPTODATE) {
		xfr_apply_clear(&a);
		return 0;
	}
	z = xfr_apply_finish(&a, p.result);
	if (z != NULL) {
		roundtrip(z);
		dns_zone_free(z);
	}
	return 0;
}
