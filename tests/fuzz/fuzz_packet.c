/* SPDX-License-Identifier: MIT */
/*
 * fuzz_packet.c -- libFuzzer target for dns_answer(): a fixed zone set
 * (parent and child, wildcards, CNAME loop, DNAME, delegation, big RRset)
 * is loaded once; each input is answered as a UDP query, as a TCP query,
 * and with cookies on, and every response is checked to be well framed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>

#include "../../src/dns/answer.h"
#include "../../src/dns/dns.h"
#include "../../src/dns/zone.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char parent[] =
	"$TTL 3600\n"
	"@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
	"@ NS ns1\n"
	"@ MX 10 mail\n"
	"ns1 A 192.0.2.1\n"
	"ns1 AAAA 2001:db8::1\n"
	"mail A 192.0.2.2\n"
	"www A 192.0.2.3\n"
	"alias CNAME www\n"
	"loop1 CNAME loop2\n"
	"loop2 CNAME loop1\n"
	"ext CNAME www.example.net.\n"
	"*.wild A 192.0.2.9\n"
	"*.wcn CNAME x.wcn\n"
	"a.b.ent TXT \"ent\"\n"
	"sub NS ns.sub\n"
	"ns.sub A 192.0.2.20\n"
	"child NS ns1.child\n"
	"dn DNAME example.net.\n"
	"self DNAME example.com.\n"
	"_s._udp SRV 0 0 53 www\n"
	"big TXT \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" \"bbbbbbbbbb"
	"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\" \"cccccccccccccccccccccccccc"
	"ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
	"ccccccccccccccccccccccccccccc\" \"dddddddddddddddddddddddddddddddddddd"
	"ddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
	"ddddddddddddddddddd\"\n";

static const char child[] =
	"$TTL 60\n"
	"@ SOA ns1 hm 5 7200 3600 1209600 600\n"
	"@ NS ns1\n"
	"ns1 A 192.0.2.30\n"
	"www CNAME www.example.com.\n";

static struct dns_db *db;

static void
init(void)
{
	struct dns_zone_report rep;
	struct dns_zone *z;

	memset(&rep, 0, sizeof(rep));	/* count, do not print */
	db = dns_db_new();
	z = dns_zone_load_text((const uint8_t *)"\7example\3com", parent,
	    sizeof(parent) - 1, "fuzz-parent", &rep);
	if (z == NULL || dns_db_add_zone(db, z) != 0)
		abort();
	z = dns_zone_load_text((const uint8_t *)"\5child\7example\3com", child,
	    sizeof(child) - 1, "fuzz-child", &rep);
	if (z == NULL || dns_db_add_zone(db, z) != 0)
		abort();
}

static void
check(const uint8_t *query, size_t qlen, const uint8_t *resp, size_t len,
    size_t limit)
{
	if (len == 0)
		return;
	if (len < DNS_HDR_LEN || len > limit)
		abort();
	/* Same ID, QR set. */
	if (qlen < 2 || resp[0] != query[0] || resp[1] != query[1] ||
	    !(resp[2] & 0x80))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t resp[DNS_MSG_MAX];
	struct dns_answer_conf conf;
	struct sockaddr_in6 sin6;
	struct dns_client cl;
	struct dns_stats st;
	size_t n;

	if (db == NULL)
		init();
	memset(&conf, 0, sizeof(conf));
	conf.identity = "fuzz-node";
	conf.nsid = true;
	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	cl.addr = (const struct sockaddr *)&sin6;
	cl.addrlen = sizeof(sin6);
	memset(&st, 0, sizeof(st));

	cl.tcp = false;
	n = dns_answer(db, &conf, &cl, data, size, resp, DNS_EDNS_DEFAULT,
	    &st);
	/* Over UDP nothing goes beyond 1232 (our payload) here. */
	check(data, size, resp, n, DNS_EDNS_DEFAULT);

	cl.tcp = true;
	conf.cookies = true;
	conf.version = "fuzz";
	conf.udp_payload = 4096;
	n = dns_answer(db, &conf, &cl, data, size, resp, sizeof(resp), &st);
	check(data, size, resp, n, sizeof(resp));

	cl.tcp = false;
	n = dns_answer(db, &conf, NULL, data, size, resp, 600, NULL);
	check(data, size, resp, n, 600);
	if (st.queries != 2)
		abort();
	return 0;
}
