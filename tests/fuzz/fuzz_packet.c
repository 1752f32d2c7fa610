/* SPDX-License-Identifier: MIT */
/*
 * fuzz_packet.c -- libFuzzer target for dns_answer(): a fixed zone set
 * (parent and child, wildcards, CNAME loop, DNAME, delegation, big RRset,
 * and two signed zones, s.test with NSEC and n3.test with NSEC3 and
 * opt-out) is loaded once; each input is answered as a UDP query, as a
 * TCP query, and with cookies on, and every response is checked to be
 * well framed: same ID, QR, within its limit, and every RR it counts
 * parses to its end.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>

#include "../../src/dns/answer.h"
#include "../../src/dns/dns.h"
#include "../../src/dns/name.h"
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

#define SIG(t, l) " RRSIG " t " 13 " l " 60 20300101000000 20200101000000 " \
	"7 s.test. AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygp\n"

static const char nsec_zone[] =
	"$TTL 60\n"
	"@ SOA ns hm 1 2 3 4 5\n@" SIG("SOA", "2")
	"@ NS ns\n@" SIG("NS", "2")
	"@ NSEC *.w NS SOA RRSIG NSEC\n@" SIG("NSEC", "2")
	"*.w A 192.0.2.1\n*.w" SIG("A", "3")
	"*.w NSEC a.b A RRSIG NSEC\n*.w" SIG("NSEC", "3")
	"a.b MX 1 ns\na.b" SIG("MX", "4")
	"a.b NSEC d MX RRSIG NSEC\na.b" SIG("NSEC", "4")
	"d NS ns.d\nns.d A 192.0.2.2\n"
	"d NSEC ns NS RRSIG NSEC\nd" SIG("NSEC", "3")
	"ns A 192.0.2.3\nns" SIG("A", "3")
	"ns NSEC s A RRSIG NSEC\nns" SIG("NSEC", "3")
	"s NS ns.s\ns DS 7 13 2 00112233\ns" SIG("DS", "3")
	"s NSEC @ NS DS RRSIG NSEC\ns" SIG("NSEC", "3")
	"ns.s A 192.0.2.4\n"
	"www CNAME x.w\nwww" SIG("CNAME", "3");

#define N3(h, next, types) h " NSEC3 1 1 1 ab " next " " types "\n" h \
	SIG("NSEC3", "3")

static const char nsec3_zone[] =
	"$TTL 60\n"
	"@ SOA ns hm 1 2 3 4 5\n@" SIG("SOA", "2")
	"@ NS www\n@" SIG("NS", "2")
	"@ NSEC3PARAM 1 0 1 ab\n"
	"www A 192.0.2.1\nwww" SIG("A", "3")
	"*.w TXT \"w\"\n*.w" SIG("TXT", "4")
	"a.b SVCB 1 www\na.b" SIG("SVCB", "4")
	"d NS ns.d\nns.d A 192.0.2.2\n"
	"s NS ns.s\ns DS 7 13 2 00112233\ns" SIG("DS", "3")
	"ns.s A 192.0.2.4\n"
	N3("bvmhntepj77spheae2i5gfkc4h7indj0",
	    "emgsbegh2mvovepk5h7fd0tmhj2o4ohj", "NS SOA RRSIG NSEC3PARAM")
	N3("emgsbegh2mvovepk5h7fd0tmhj2o4ohj",
	    "glpp46ua0r5a90c3qg96ddqvgjps12ma", "SVCB RRSIG")
	N3("glpp46ua0r5a90c3qg96ddqvgjps12ma",
	    "pkdpon1k8tk8n89sv65nrnd6v2p88da7", "TXT RRSIG")
	N3("pkdpon1k8tk8n89sv65nrnd6v2p88da7",
	    "q6c4pi9rg1ku2n8uek06bdkl0d8l57an", "")
	N3("q6c4pi9rg1ku2n8uek06bdkl0d8l57an",
	    "sktihbchbqceu3h3ntsciimara1u8phc", "A RRSIG")
	N3("sktihbchbqceu3h3ntsciimara1u8phc",
	    "t8ehrcqfdbm4e57p8176rlh22scskuhu", "NS DS RRSIG")
	N3("t8ehrcqfdbm4e57p8176rlh22scskuhu",
	    "bvmhntepj77spheae2i5gfkc4h7indj0", "");

static struct dns_db *db;

static void
add(const char *apex, const char *text, size_t len)
{
	struct dns_zone_report rep;
	struct dns_zone *z;

	memset(&rep, 0, sizeof(rep));	/* count, do not print */
	z = dns_zone_load_text((const uint8_t *)apex, text, len, "fuzz", &rep);
	if (z == NULL || dns_db_add_zone(db, z) != 0)
		abort();
}

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
	add("\1s\4test", nsec_zone, sizeof(nsec_zone) - 1);
	add("\2n3\4test", nsec3_zone, sizeof(nsec3_zone) - 1);
	if (dns_db_find_zone(db, (const uint8_t *)"\1s\4test") == NULL ||
	    !dns_db_find_zone(db, (const uint8_t *)"\2n3\4test")->signed_soa ||
	    dns_db_find_zone(db, (const uint8_t *)"\2n3\4test")->nsec3 == NULL)
		abort();
}

/* Every RR the header counts is there and parses; nothing trails. */
static void
walk(const uint8_t *r, size_t len)
{
	uint8_t name[DNS_NAME_MAX];
	size_t off = DNS_HDR_LEN;
	unsigned qd = r[4] << 8 | r[5], i, total;

	total = (unsigned)(r[6] << 8 | r[7]) + (unsigned)(r[8] << 8 | r[9]) +
	    (unsigned)(r[10] << 8 | r[11]);
	for (i = 0; i < qd; i++) {
		if (dns_name_unpack(r, len, &off, name) < 0 || off + 4 > len)
			abort();
		off += 4;
	}
	for (i = 0; i < total; i++) {
		if (dns_name_unpack(r, len, &off, name) < 0 || off + 10 > len)
			abort();
		off += 10u + (size_t)(r[off + 8] << 8 | r[off + 9]);
		if (off > len)
			abort();
	}
	if (off != len)
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
	walk(resp, len);
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
