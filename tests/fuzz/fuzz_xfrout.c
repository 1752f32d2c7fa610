/* SPDX-License-Identifier: MIT */
/*
 * fuzz_xfrout.c -- libFuzzer target for the transfer side of the query
 * path: each input is a query answered over TCP by dns_answer_xfr() with
 * keys, an allow-transfer that lets the client in (with or without a key)
 * and a secondary zone whose primary is the client, so TSIG checks,
 * AXFR/IXFR decisions and NOTIFY all run; a transfer that starts is
 * streamed to its end and every message checked to parse, the first and
 * last record being the SOA.  The input is also answered over UDP.
 */
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/conf/conf.h"
#include "../../src/dns/answer.h"
#include "../../src/dns/dns.h"
#include "../../src/dns/name.h"
#include "../../src/dns/xfrout.h"
#include "../../src/dns/zone.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char cfg_text[] =
	"server:\n"
	"  listen: [ 127.0.0.1@5300 ]\n"
	"key:\n"
	"  - { name: xfr.key., algorithm: hmac-sha256, secret: \"c2VjcmV0\" }\n"
	"zone:\n"
	"  - domain: example.com\n"
	"    file: x.zone\n"
	"    allow-transfer: [ { address: 192.0.2.0/24, key: xfr.key. },\n"
	"                      192.0.2.9 ]\n"
	"  - domain: sec.test\n"
	"    file: s.zone\n"
	"    primary: [ 192.0.2.9 ]\n";

static const char zone_text[] =
	"$TTL 3600\n"
	"@ SOA ns1 hostmaster 7 7200 3600 1209600 300\n"
	"@ NS ns1\n@ MX 10 mail\nns1 A 192.0.2.1\nmail A 192.0.2.2\n"
	"sub NS ns.sub\nns.sub A 192.0.2.3\nx.y.sub TXT \"occluded\"\n"
	"*.w A 192.0.2.4\n";

static struct conf *cfg;
static struct dns_db *db;
static struct dns_answer_conf aconf;

static void
nop_notify(void *arg, size_t zone, uint32_t serial, bool has_serial)
{
	(void)arg;
	(void)zone;
	(void)serial;
	(void)has_serial;
}

static void
init(void)
{
	struct dns_zone_report rep;
	struct dns_zone *z;
	char err[128];

	if (conf_parse_text(cfg_text, sizeof(cfg_text) - 1, "fuzz", &cfg, err,
	    sizeof(err)) != 0)
		abort();
	memset(&rep, 0, sizeof(rep));
	db = dns_db_new();
	z = dns_zone_load_text((const uint8_t *)"\7example\3com", zone_text,
	    sizeof(zone_text) - 1, "fuzz", &rep);
	if (z == NULL || dns_db_add_zone(db, z) != 0)
		abort();
	if (dns_db_add_zone(db, dns_zone_new_empty((const uint8_t *)
	    "\3sec\4test")) != 0)
		abort();
	aconf.cfg = cfg;
	aconf.notify = nop_notify;
}

/* The message parses; returns its first and last RR types via out. */
static void
check(const uint8_t *m, size_t len, uint16_t *first, uint16_t *last)
{
	uint8_t name[DNS_NAME_MAX];
	size_t off = DNS_HDR_LEN;
	unsigned i, n;
	uint16_t type, rdlen;

	if (len < DNS_HDR_LEN || m[5] != 1)
		abort();
	if (dns_name_unpack(m, len, &off, name) < 0 || off + 4 > len)
		abort();
	off += 4;
	n = (unsigned)(m[6] << 8 | m[7]) + (m[10] << 8 | m[11]);
	for (i = 0; i < n; i++) {
		if (dns_name_unpack(m, len, &off, name) < 0 || off + 10 > len)
			abort();
		type = (uint16_t)(m[off] << 8 | m[off + 1]);
		rdlen = (uint16_t)(m[off + 8] << 8 | m[off + 9]);
		off += 10u + rdlen;
		if (off > len)
			abort();
		if (i < (unsigned)(m[6] << 8 | m[7])) {
			if (*first == 0)
				*first = type;
			*last = type;
		}
	}
	if (off != len)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t resp[DNS_MSG_MAX];
	struct sockaddr_in sin;
	struct dns_client cl;
	struct dns_xfr_req req;
	struct dns_xfrout *x;
	uint16_t first = 0, last = 0;
	size_t len;

	if (cfg == NULL)
		init();
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(0xc0000209);	/* 192.0.2.9 */
	cl.addr = (const struct sockaddr *)&sin;
	cl.addrlen = sizeof(sin);
	cl.tcp = false;
	(void)dns_answer(db, &aconf, &cl, data, size, resp, 1232, NULL);
	cl.tcp = true;
	len = dns_answer_xfr(db, &aconf, &cl, data, size, resp, sizeof(resp),
	    NULL, &req);
	if (!req.start)
		return 0;
	if (len != 0)
		abort();
	x = dns_xfrout_new(&req);
	while ((len = dns_xfrout_next(x, resp, sizeof(resp), 1000)) > 0)
		check(resp, len, &first, &last);
	if (!dns_xfrout_complete(x) || first != DNS_TYPE_SOA ||
	    last != DNS_TYPE_SOA)
		abort();
	dns_xfrout_free(x);
	return 0;
}
