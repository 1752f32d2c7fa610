/* SPDX-License-Identifier: MIT */
/*
 * test_zparse.c -- the zone file parser: every type's text to wire (the
 * expected octets were produced independently with dnspython), every
 * directive, the TTL and owner rules, every error with its line, includes,
 * $GENERATE, and the round trip through rrprint.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/common/err.h"
#include "../../src/dns/dns.h"
#include "../../src/dns/name.h"
#include "../../src/dns/rdata.h"
#include "../../src/dns/rrprint.h"
#include "../../src/dns/zparse.h"
#include "../../src/dns/ztext.h"

#define NREC	64
#define NERR	32

struct rec {
	uint8_t		 owner[DNS_NAME_MAX];
	uint16_t	 type;
	uint16_t	 rclass;
	uint32_t	 ttl;
	bool		 ttl_explicit;
	uint8_t		 rdata[65535];
	uint16_t	 rdlen;
	char		 file[256];
	unsigned	 line;
};

struct result {
	unsigned	 nrr;
	unsigned	 nerr;
	int		 stop_after;	/* rr callback stops at this count */
	struct rec	 rr[NREC];
	struct {
		char	 file[256];
		unsigned line;
		char	 msg[320];
	} err[NERR];
};

static struct result res;
static const uint8_t origin[] = "\7example\3com";

static int
on_rr(void *arg, const struct dns_zparse_rr *rr)
{
	struct result *r = arg;
	struct rec *x;

	if (r->nrr < NREC) {
		x = &r->rr[r->nrr];
		memcpy(x->owner, rr->owner, dns_name_len(rr->owner));
		x->type = rr->type;
		x->rclass = rr->rclass;
		x->ttl = rr->ttl;
		x->ttl_explicit = rr->ttl_explicit;
		memcpy(x->rdata, rr->rdata, rr->rdlen);
		x->rdlen = rr->rdlen;
		snprintf(x->file, sizeof(x->file), "%s", rr->file);
		x->line = rr->line;
	}
	r->nrr++;
	if (r->stop_after && r->nrr == (unsigned)r->stop_after)
		return -1;
	return 0;
}

static void
on_err(void *arg, const char *file, unsigned line, const char *msg)
{
	struct result *r = arg;

	if (r->nerr < NERR) {
		snprintf(r->err[r->nerr].file, sizeof(r->err[0].file), "%s",
		    file);
		r->err[r->nerr].line = line;
		snprintf(r->err[r->nerr].msg, sizeof(r->err[0].msg), "%s", msg);
	}
	r->nerr++;
}

static int
parse_opts(const char *text, const uint8_t *org, bool no_include,
    unsigned max_errors, const char *label)
{
	struct dns_zparse zp = {
		.origin = org,
		.default_ttl = 3600,
		.rr = on_rr,
		.error = on_err,
		.arg = &res,
		.max_errors = max_errors,
		.no_include = no_include,
	};
	int stop = res.stop_after;

	memset(&res, 0, sizeof(res));
	res.stop_after = stop;
	return dns_zparse_text(&zp, text, strlen(text), label);
}

static int
parse(const char *text)
{
	res.stop_after = 0;
	return parse_opts(text, origin, true, 0, "test.zone");
}

static size_t
unhex(const char *h, uint8_t *out)
{
	size_t n = 0;
	unsigned v;

	while (h[0] && h[1]) {
		sscanf(h, "%2x", &v);
		out[n++] = (uint8_t)v;
		h += 2;
	}
	return n;
}

static void
print_errors(void)
{
	unsigned i;

	for (i = 0; i < res.nerr && i < NERR; i++)
		print_message("# %s:%u: %s\n", res.err[i].file,
		    res.err[i].line, res.err[i].msg);
}

static void
expect_wire(unsigned i, const char *owner_text, uint16_t type,
    const char *hex)
{
	uint8_t want[4096], name[DNS_NAME_MAX];
	size_t n = unhex(hex, want);

	assert_true(i < res.nrr);
	if (owner_text != NULL) {
		assert_true(dns_name_from_text(name, owner_text,
		    strlen(owner_text), origin) > 0);
		assert_true(dns_name_equal(res.rr[i].owner, name));
	}
	assert_int_equal(res.rr[i].type, type);
	assert_int_equal(res.rr[i].rdlen, n);
	assert_memory_equal(res.rr[i].rdata, want, n);
}

static const struct type_case {
	const char	*type;
	const char	*text;
	const char	*hex;
} type_cases[] = {
	{ "A",
	    "192.0.2.1",
	    "c0000201" },
	{ "AAAA",
	    "2001:db8::1",
	    "20010db8000000000000000000000001" },
	{ "AAAA",
	    "::ffff:192.0.2.1",
	    "00000000000000000000ffffc0000201" },
	{ "NS",
	    "ns1",
	    "036e7331076578616d706c6503636f6d00" },
	{ "NS",
	    "ns1.example.org.",
	    "036e7331076578616d706c65036f726700" },
	{ "CNAME",
	    "@",
	    "076578616d706c6503636f6d00" },
	{ "DNAME",
	    "target.example.net.",
	    "06746172676574076578616d706c65036e657400" },
	{ "PTR",
	    "host\\.name.example.",
	    "09686f73742e6e616d65076578616d706c6500" },
	{ "MX",
	    "10 mail",
	    "000a046d61696c076578616d706c6503636f6d00" },
	{ "SOA",
	    "ns1 hostmaster.example.com. 2024010101 7200 3600 1209600"
	    " 300",
	    "036e7331076578616d706c6503636f6d000a686f73746d61737465720765"
	    "78616d706c6503636f6d0078a3f17500001c2000000e1000127500000001"
	    "2c" },
	{ "SOA",
	    "ns1 hostmaster ( 1 2h 1H 1w 1d )",
	    "036e7331076578616d706c6503636f6d000a686f73746d61737465720765"
	    "78616d706c6503636f6d000000000100001c2000000e1000093a80000151"
	    "80" },
	{ "TXT",
	    "\"hello world\"",
	    "0b68656c6c6f20776f726c64" },
	{ "TXT",
	    "\"a\" \"b\\\"c\" \\065bc \"\\\\x\"",
	    "01610362226303416263025c78" },
	{ "TXT",
	    "\"\"",
	    "00" },
	{ "SPF",
	    "\"v=spf1 -all\"",
	    "0b763d73706631202d616c6c" },
	{ "HINFO",
	    "\"PC\" \"Linux\"",
	    "025043054c696e7578" },
	{ "RP",
	    "mbox.example.com. txt",
	    "046d626f78076578616d706c6503636f6d0003747874076578616d706c65"
	    "03636f6d00" },
	{ "AFSDB",
	    "1 afs.example.com.",
	    "000103616673076578616d706c6503636f6d00" },
	{ "SRV",
	    "10 20 5060 sip.example.com.",
	    "000a001413c403736970076578616d706c6503636f6d00" },
	{ "NAPTR",
	    "100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp",
	    "0064000a0153075349502b44325500045f736970045f756470076578616d"
	    "706c6503636f6d00" },
	{ "KX",
	    "10 kx",
	    "000a026b78076578616d706c6503636f6d00" },
	{ "CAA",
	    "0 issue \"ca.example.net; account=1\"",
	    "0005697373756563612e6578616d706c652e6e65743b206163636f756e74"
	    "3d31" },
	{ "CAA",
	    "128 iodef \"mailto:sec@example.com\"",
	    "8005696f6465666d61696c746f3a736563406578616d706c652e636f6d" },
	{ "SSHFP",
	    "1 1 dd465c09cfa51fb45020cc83316fff21b9ec74ac",
	    "0101dd465c09cfa51fb45020cc83316fff21b9ec74ac" },
	{ "TLSA",
	    "3 1 1 ( 0d6fce3368ea7a4c9c1b0d8d2cd5f5e6 1a3a8f6b6cd2c5d"
	    "9e4d8f0a1b2c3d4e5 )",
	    "0301010d6fce3368ea7a4c9c1b0d8d2cd5f5e61a3a8f6b6cd2c5d9e4d8f0"
	    "a1b2c3d4e5" },
	{ "DS",
	    "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118",
	    "ec4505012bb183af5f22588179a53b0a98631fad1a292118" },
	{ "CDS",
	    "60485 13 1 ( 2BB183AF5F22588179A53B0A98631FAD 1A292118 )",
	    "ec450d012bb183af5f22588179a53b0a98631fad1a292118" },
	{ "DNSKEY",
	    "257 3 13 ( mdsswUyr3DPW132mOi8V9xESWE8jTo0d xCjjnopKl+Gq"
	    "JxpVXckHAeF+KkxLbxIL fDLUT0rAK9iUzy1L53eKGQ== )",
	    "0101030d99db2cc14cabdc33d6d77da63a2f15f71112584f234e8d1dc428"
	    "e39e8a4a97e1aa271a555dc90701e17e2a4c4b6f120b7c32d44f4ac02bd8"
	    "94cf2d4be7778a19" },
	{ "CDNSKEY",
	    "256 3 8 AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1v"
	    "kIbzxeF3+/4RgWOq7HrxRixHlFlExOLAJr5emLvN7SWXgnLh4+B5xQlN"
	    "Vz8Og8kvArMtNROxVQuCaSnIDdD5LKyWbRd2n9WGe2R8PzgCmr3EgVLr"
	    "jyBxWezF0jLHwVN8efS3rCj/EWgvIWgb9tarpVUDK/b58Da+sqqls3eN"
	    "buv7pr+eoZG+SrDK6nWeL3c6H5Apxz7LjVc1uTIdsIXxuOLYA4/ilBmS"
	    "VIzuDWfdRUfhHdY6+cn8HFRm+2hM8AnXGXws9555KrUB5qihylGa8sub"
	    "X2Nn6UwNR1AkUTV74bU=",
	    "0100030803010001acffb409bcc939f831f7a1e5ec88f7a59255ec53040b"
	    "e432027390a4ce896d6f9086f3c5e177fbfe118163aaec7af1462c479459"
	    "44c4e2c026be5e98bbcded25978272e1e3e079c5094d573f0e83c92f02b3"
	    "2d3513b1550b826929c80dd0f92cac966d17769fd5867b647c3f38029abd"
	    "c48152eb8f207159ecc5d232c7c1537c79f4b7ac28ff11682f21681bf6d6"
	    "aba555032bf6f9f036beb2aaa5b3778d6eebfba6bf9ea191be4ab0caea75"
	    "9e2f773a1f9029c73ecb8d5735b9321db085f1b8e2d8038fe2941992548c"
	    "ee0d67dd4547e11dd63af9c9fc1c5466fb684cf009d7197c2cf79e792ab5"
	    "01e6a8a1ca519af2cb9b5f6367e94c0d47502451357be1b5" },
	{ "RRSIG",
	    "A 13 2 3600 20240201000000 20240101000000 12345 example."
	    "com. ( oJB1W6WNGv+ldvQ3WDG0MQkg5IEhjRip8WTr PYGv07h108dU"
	    "KGMeDPKijVCHX3DDKdfb+v6o B9wfuh3DTJXUAfI/M0zmO/zz8bW0Rzn"
	    "l8O3t GNazPwQKkRN20XPXV6nwwfoXmJQbsLNrLfkG J5D6fwFm8nN+6"
	    "pBzeDQfsS3Ap3o= )",
	    "00010d0200000e1065badf00659200803039076578616d706c6503636f6d"
	    "00a090755ba58d1affa576f4375831b4310920e481218d18a9f164eb3d81"
	    "afd3b875d3c75428631e0cf2a28d50875f70c329d7dbfafea807dc1fba1d"
	    "c34c95d401f23f334ce63bfcf3f1b5b44739e5f0eded18d6b33f040a9113"
	    "76d173d757a9f0c1fa1798941bb0b36b2df9062790fa7f0166f2737eea90"
	    "7378341fb12dc0a77a" },
	{ "RRSIG",
	    "NSEC3PARAM 8 2 0 1700000000 1600000000 1 .  AAAA",
	    "00330802000000006553f1005f5e1000000100000000" },
	{ "NSEC",
	    "host.example.com. A MX RRSIG NSEC TYPE1234",
	    "04686f7374076578616d706c6503636f6d000006400100000003041b0000"
	    "00000000000000000000000000000000000000000000000020" },
	{ "NSEC",
	    "host.example.com. NS SOA CAA",
	    "04686f7374076578616d706c6503636f6d00000122010140" },
	{ "NSEC3",
	    "1 1 12 aabbccdd ( 2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DN"
	    "SKEY NS SOA NSEC3PARAM RRSIG )",
	    "0101000c04aabbccdd14174eb2409fe28bcb4887a1836f957f0a8425e27b"
	    "000722010000000290" },
	{ "NSEC3",
	    "1 0 0 - 2t7b4g4vsa5smi47k61mv5bv1a22bojr A",
	    "010000000014174eb2409fe28bcb4887a1836f957f0a8425e27b000140" },
	{ "NSEC3PARAM",
	    "1 0 12 aabbccdd",
	    "0100000c04aabbccdd" },
	{ "NSEC3PARAM",
	    "1 0 0 -",
	    "0100000000" },
	{ "OPENPGPKEY",
	    "AQIDBAU=",
	    "0102030405" },
	{ "CSYNC",
	    "66 3 A NS AAAA",
	    "000000420003000460000008" },
	{ "ZONEMD",
	    "2018031500 1 1 ( FEBE3D4CE2EC2FFA4BA99D46CD69D6D29711E55"
	    "217057BEE 7EB1A7B641A47BA7FED2DD5B97AE499FAFA4F22C6BD647"
	    "DE )",
	    "7848b78c0101febe3d4ce2ec2ffa4ba99d46cd69d6d29711e55217057bee"
	    "7eb1a7b641a47ba7fed2dd5b97ae499fafa4f22c6bd647de" },
	{ "URI",
	    "10 1 \"ftp://ftp1.example.com/public\"",
	    "000a00016674703a2f2f667470312e6578616d706c652e636f6d2f707562"
	    "6c6963" },
	{ "CERT",
	    "1 12345 8 AQIDBAU=",
	    "00013039080102030405" },
	{ "LOC",
	    "42 21 54 N 71 06 18 W -24m 30m",
	    "0033161389172dd070be15f000988d20" },
	{ "LOC",
	    "52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m",
	    "000016138b3cf018810cbce0009895b8" },
	{ "LOC",
	    "60 N 10 E 100m 2m 3m 4m",
	    "002232428cdfe600822551000098bd90" },
	{ "SVCB",
	    "0 svc.example.net.",
	    "000003737663076578616d706c65036e657400" },
	{ "SVCB",
	    "1 . alpn=h2,h3 port=8443",
	    "000100000100060268320268330003000220fb" },
	{ "HTTPS",
	    "1 . ipv4hint=192.0.2.1,192.0.2.2 ipv6hint=2001:db8::1",
	    "00010000040008c0000201c00002020006001020010db800000000000000"
	    "0000000001" },
	{ "SVCB",
	    "16 foo.example.org. mandatory=alpn,ipv4hint alpn=h2 ipv4"
	    "hint=192.0.2.1",
	    "001003666f6f076578616d706c65036f7267000000000400010004000100"
	    "0302683200040004c0000201" },
	{ "SVCB",
	    "1 foo.example.com. key667=hello",
	    "000103666f6f076578616d706c6503636f6d00029b000568656c6c6f" },
	{ "SVCB",
	    "1 foo.example.com. key667=\"hello\\210qoo\"",
	    "000103666f6f076578616d706c6503636f6d00029b000968656c6c6fd271"
	    "6f6f" },
	{ "SVCB",
	    "1 foo.example.org. alpn=\"f\\\\\\\\oo\\\\,bar,h2\"",
	    "000103666f6f076578616d706c65036f7267000001000c08665c6f6f2c62"
	    "6172026832" },
	{ "SVCB",
	    "1 . port=53 no-default-alpn alpn=h3",
	    "0001000001000302683300020000000300020035" },
	{ "HTTPS",
	    "1 . ech=AQIDBAU=",
	    "000100000500050102030405" },
	{ "WKS",
	    "192.0.2.1 6 25 80",
	    "c0000201060000004000000000000080" },
	{ "TYPE1234",
	    "\\# 4 0a0b0c0d",
	    "0a0b0c0d" },
	{ "TYPE1234",
	    "\\# 0",
	    "" },
	{ "A",
	    "\\# 4 c0000201",
	    "c0000201" },
};

static char zone[70000 * 16 + 64];
static char printed[70000 * 16];
static uint8_t wire[65535];

/* One type vector: text to the reference wire, then print and parse again. */
static void
type_case(void **state)
{
	const struct type_case *tc = *state;
	uint16_t type;
	size_t n;
	int r;

	snprintf(zone, sizeof(zone), "x 300 IN %s %s\n", tc->type, tc->text);
	r = parse(zone);
	print_errors();
	assert_int_equal(r, 0);
	assert_int_equal(res.nrr, 1);
	assert_int_equal(ztext_type(tc->type, strlen(tc->type), &type), 0);
	expect_wire(0, "x", type, tc->hex);
	assert_int_equal(res.rr[0].ttl, 300);
	assert_int_equal(res.rr[0].rclass, DNS_CLASS_IN);

	n = res.rr[0].rdlen;
	memcpy(wire, res.rr[0].rdata, n);
	r = dns_rdata_to_text(type, wire, n, printed, sizeof(printed));
	assert_true(r >= 0);
	assert_int_equal((size_t)r, strlen(printed));
	print_message("# printed: %s\n", printed);
	snprintf(zone, sizeof(zone), "x 300 IN %s %s\n", tc->type, printed);
	r = parse(zone);
	print_errors();
	assert_int_equal(r, 0);
	assert_int_equal(res.nrr, 1);
	assert_int_equal(res.rr[0].rdlen, n);
	assert_memory_equal(res.rr[0].rdata, wire, n);
}

static void
rrprint_texts(void **state)
{
	static const struct {
		const char	*rr;
		const char	*text;
	} cases[] = {
		{ "MX 10 mail", "10 mail.example.com." },
		{ "TXT \"a\" \"b\\\"c\" \\065bc \"\\\\x\" \"\\009\"",
		    "\"a\" \"b\\\"c\" \"Abc\" \"\\\\x\" \"\\009\"" },
		{ "SOA ns1 h ( 1 2h 1H 1w 1d )",
		    "ns1.example.com. h.example.com. 1 7200 3600 604800 "
		    "86400" },
		{ "NSEC3 1 1 12 aabbccdd ( 2t7b4g4vsa5smi47k61mv5bv1a22bojr "
		    "MX DNSKEY NS SOA NSEC3PARAM RRSIG )",
		    "1 1 12 AABBCCDD 2t7b4g4vsa5smi47k61mv5bv1a22bojr NS SOA "
		    "MX RRSIG DNSKEY NSEC3PARAM" },
		{ "NSEC3PARAM 1 0 0 -", "1 0 0 -" },
		{ "RRSIG A 13 2 3600 20240201000000 1704067200 12345 @ "
		    "AQID", "A 13 2 3600 20240201000000 20240101000000 "
		    "12345 example.com. AQID" },
		{ "SVCB 1 . port=8443 alpn=h3,h2 no-default-alpn",
		    "1 . alpn=\"h3,h2\" no-default-alpn port=8443" },
		{ "HTTPS 1 . alpn=\"f\\\\\\\\oo\\\\,bar,h2\"",
		    "1 . alpn=\"f\\\\\\\\oo\\\\,bar,h2\"" },
		{ "LOC 42 21 54 N 71 06 18 W -24m 30m",
		    "42 21 54.000 N 71 6 18.000 W -24.00m 30.00m 10000.00m "
		    "10.00m" },
		{ "CAA 0 issue \"ca.example.net\"",
		    "0 issue \"ca.example.net\"" },
		{ "TYPE1234 \\# 3 0a0B0c", "\\# 3 0A0B0C" },
		{ "TYPE1234 \\# 0", "\\# 0" },
		{ "AAAA \\# 16 20010db8000000000000000000000001",
		    "2001:db8::1" },
		{ "DS 1 2 3 ( ab CD )", "1 2 3 ABCD" },
		{ "WKS 192.0.2.1 tcp smtp 80", "192.0.2.1 6 25 80" },
		{ "NSEC a.example.com. TYPE1234 A", "a.example.com. A "
		    "TYPE1234" },
		{ "A 192.0.2.1", "192.0.2.1" },
	};
	char buf[1024];
	size_t i;
	int r;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(zone, sizeof(zone), "@ %s\n", cases[i].rr);
		r = parse(zone);
		print_errors();
		assert_int_equal(r, 0);
		assert_int_equal(res.nrr, 1);
		r = dns_rdata_to_text(res.rr[0].type, res.rr[0].rdata,
		    res.rr[0].rdlen, buf, sizeof(buf));
		assert_int_equal(r, (int)strlen(cases[i].text));
		assert_string_equal(buf, cases[i].text);
	}
	/* Too small a buffer is an error, never an overflow. */
	assert_int_equal(dns_rdata_to_text(DNS_TYPE_A,
	    (const uint8_t *)"\xc0\0\2\1", 4, buf, 5), CN_ESPACE);
	/* Malformed RDATA of a known type prints as generic. */
	r = dns_rdata_to_text(DNS_TYPE_A, (const uint8_t *)"\1\2\3", 3, buf,
	    sizeof(buf));
	assert_string_equal(buf, "\\# 3 010203");
}

/* Wire with no text form of its type prints as RFC 3597 generic. */
static void
rrprint_fallbacks(void **state)
{
	static const struct {
		uint16_t	 type;
		const char	*hex;
		const char	*text;
	} cases[] = {
		/* NSEC bitmap with a trailing zero octet (RFC 4034 4.1.2). */
		{ DNS_TYPE_NSEC, "0000024000", "\\# 5 0000024000" },
		/* Windows out of order. */
		{ DNS_TYPE_NSEC, "00020140000140", "\\# 7 00020140000140" },
		/* LOC with version 1, and with a 0e5 size. */
		{ DNS_TYPE_LOC, "01121613899a6b0070be15f000988d20",
		  "\\# 16 01121613899A6B0070BE15F000988D20" },
		{ DNS_TYPE_LOC, "00051613899a6b0070be15f000988d20",
		  "\\# 16 00051613899A6B0070BE15F000988D20" },
		/* WKS bitmap ending in zero. */
		{ DNS_TYPE_WKS, "c00002010640 00", "\\# 7 C0000201064000" },
		/* SvcParams: keys out of order, mandatory key absent,
		 * no-default-alpn alone, port of three octets. */
		{ DNS_TYPE_SVCB, "000100 00030002 0035 00010003 026832",
		  "\\# 16 00010000030002003500010003026832" },
		{ DNS_TYPE_SVCB, "000100 00000002 0003",
		  "\\# 9 000100000000020003" },
		{ DNS_TYPE_SVCB, "000100 00020000", "\\# 7 00010000020000" },
		{ DNS_TYPE_SVCB, "000100 00030003 000035",
		  "\\# 10 00010000030003000035" },
		/* CAA tag with a dash; empty DS digest; TXT with no string. */
		{ DNS_TYPE_CAA, "0002612d62", "\\# 5 0002612D62" },
		{ DNS_TYPE_DS, "00010203", "\\# 4 00010203" },
		{ DNS_TYPE_TXT, "", "\\# 0" },
		/* Trailing octets after the last field. */
		{ DNS_TYPE_A, "c000020100", "\\# 5 C000020100" },
	};
	uint8_t w[64];
	char hex[128], buf[256];
	size_t i, j, k, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (j = 0, k = 0; cases[i].hex[j]; j++)
			if (cases[i].hex[j] != ' ')
				hex[k++] = cases[i].hex[j];
		hex[k] = '\0';
		n = unhex(hex, w);
		assert_true(dns_rdata_to_text(cases[i].type, w, n, buf,
		    sizeof(buf)) > 0);
		print_message("# %s\n", buf);
		assert_string_equal(buf, cases[i].text);
	}
}

static void
directives_and_defaults(void **state)
{
	static const char text[] =
	    "$ORIGIN example.org.\n"		/* 1 */
	    "$TTL 1h30m\n"			/* 2 */
	    "www A 192.0.2.1 ; comment\n"	/* 3 */
	    "    AAAA 2001:db8::1\n"		/* 4 */
	    "sub 60 IN A 192.0.2.2\n"		/* 5 */
	    "\tIN 120 A 192.0.2.3\n"		/* 6 */
	    "; only a comment\n"		/* 7 */
	    "   \n"				/* 8 */
	    "@ NS ns1\n"			/* 9 */
	    "$ORIGIN sub\n"			/* 10 */
	    "x CNAME @\n"			/* 11 */
	    "y 2d CH TXT \"chaos\"\n"		/* 12 */
	    "z TXT \"same class\"\n"		/* 13 */
	    "w CLASS1 TYPE1 192.0.2.9\n";	/* 14 */
	uint8_t name[DNS_NAME_MAX];
	int r;

	(void)state;
	r = parse(text);
	print_errors();
	assert_int_equal(r, 0);
	assert_int_equal(res.nrr, 9);
	assert_int_equal(dns_name_from_text(name, "www.example.org.", 16,
	    NULL), 17);
	assert_true(dns_name_equal(res.rr[0].owner, name));
	assert_int_equal(res.rr[0].ttl, 5400);
	assert_false(res.rr[0].ttl_explicit);
	assert_int_equal(res.rr[0].line, 3);
	assert_true(dns_name_equal(res.rr[1].owner, name));
	assert_int_equal(res.rr[1].type, DNS_TYPE_AAAA);
	assert_int_equal(res.rr[1].line, 4);
	assert_int_equal(res.rr[2].ttl, 60);
	assert_true(res.rr[2].ttl_explicit);
	/* Blank owner: the previous one (sub); class then TTL. */
	dns_name_from_text(name, "sub.example.org.", 16, NULL);
	assert_true(dns_name_equal(res.rr[3].owner, name));
	assert_int_equal(res.rr[3].ttl, 120);
	assert_int_equal(res.rr[3].line, 6);
	/* $TTL wins over the last explicit TTL. */
	assert_int_equal(res.rr[4].ttl, 5400);
	assert_int_equal(res.rr[4].line, 9);
	/* Relative $ORIGIN is relative to the current one. */
	dns_name_from_text(name, "x.sub.example.org.", 18, NULL);
	assert_true(dns_name_equal(res.rr[5].owner, name));
	dns_name_from_text(name, "sub.example.org.", 16, NULL);
	assert_int_equal(res.rr[5].rdlen, dns_name_len(name));
	assert_memory_equal(res.rr[5].rdata, name, dns_name_len(name));
	assert_int_equal(res.rr[6].rclass, DNS_CLASS_CH);
	assert_int_equal(res.rr[6].ttl, 172800);
	/* Omitted class is the last one given. */
	assert_int_equal(res.rr[7].rclass, DNS_CLASS_CH);
	assert_int_equal(res.rr[8].rclass, DNS_CLASS_IN);
	assert_int_equal(res.rr[8].type, DNS_TYPE_A);
	assert_int_equal(res.rr[8].line, 14);
}

static void
ttl_rules(void **state)
{
	int r;

	(void)state;
	/* No $TTL: default, then the last explicit TTL. */
	r = parse("a A 192.0.2.1\n"
	    "b 60 A 192.0.2.2\n"
	    "c A 192.0.2.3\n"
	    "d 7 A 192.0.2.4\n"
	    "e A 192.0.2.5\n"
	    "$TTL 300\n"
	    "f A 192.0.2.6\n"
	    "g 1W A 192.0.2.7\n"
	    "h A 192.0.2.8\n"
	    "i 2147483647 A 192.0.2.9\n");
	assert_int_equal(r, 0);
	assert_int_equal(res.nrr, 9);
	assert_int_equal(res.rr[0].ttl, 3600);
	assert_int_equal(res.rr[1].ttl, 60);
	assert_int_equal(res.rr[2].ttl, 60);
	assert_false(res.rr[2].ttl_explicit);
	assert_int_equal(res.rr[3].ttl, 7);
	assert_int_equal(res.rr[4].ttl, 7);
	assert_int_equal(res.rr[5].ttl, 300);
	assert_int_equal(res.rr[6].ttl, 604800);
	assert_int_equal(res.rr[7].ttl, 300);
	assert_int_equal(res.rr[8].ttl, 2147483647);
	/* Units. */
	r = parse("a 1h30m A 192.0.2.1\nb 1d2h3m4s A 192.0.2.1\n"
	    "c 1h30 A 192.0.2.1\nd 0 A 192.0.2.1\n");
	assert_int_equal(r, 0);
	assert_int_equal(res.rr[0].ttl, 5400);
	assert_int_equal(res.rr[1].ttl, 93784);
	assert_int_equal(res.rr[2].ttl, 3630);
	assert_int_equal(res.rr[3].ttl, 0);
}

static void
multiline_and_quoting(void **state)
{
	static const char text[] =
	    "@ IN SOA ns1 hostmaster (   ; line 1\n"
	    "        2024010101 ; serial\n"
	    "        7200       ; refresh\n"
	    "\n"
	    "        3600 1209600\n"
	    "        300 )\n"
	    "t TXT \"a;b\" \"(c)\" \"d\n"	/* line 7 */
	    "n\\.a\\ me\\065 A 192.0.2.1\n"	/* line 8: escapes in names */
	    "q TXT \"x\\\ny\"\n"		/* quoted escaped newline */
	    "last A 192.0.2.2";		/* line 11, no final newline */
	uint8_t want[32];
	int r;

	(void)state;
	r = parse(text);
	print_errors();
	/* A newline inside quotes needs a backslash: line 7 is an error. */
	assert_int_equal(r, 1);
	assert_int_equal(res.err[0].line, 7);
	assert_non_null(strstr(res.err[0].msg, "missing closing quote"));
	assert_int_equal(res.nrr, 4);
	assert_int_equal(res.rr[0].type, DNS_TYPE_SOA);
	assert_int_equal(res.rr[0].line, 1);
	assert_int_equal(res.rr[1].line, 8);
	assert_memory_equal(res.rr[1].owner, "\7n.a meA\7example", 16);
	assert_int_equal(res.rr[2].line, 9);
	memcpy(want, "\3x\ny", 4);
	assert_int_equal(res.rr[2].rdlen, 4);
	assert_memory_equal(res.rr[2].rdata, want, 4);
	assert_int_equal(res.rr[3].line, 11);
	/* '"' inside a word is literal, except right after '='. */
	r = parse("a\"b CNAME c\"d\nx TXT k=\"v w\" z=\"\"\n");
	print_errors();
	assert_int_equal(r, 0);
	assert_memory_equal(res.rr[0].owner, "\3a\"b\7example", 12);
	assert_memory_equal(res.rr[0].rdata, "\3c\"d\7example", 12);
	assert_int_equal(res.rr[1].rdlen, 8 + 5);
	assert_memory_equal(res.rr[1].rdata, "\7k=\"v w\"\4z=\"\"", 13);
	r = parse("t TXT \"a;b\" \"(c)\" ( \"d\"\n  e )\n");
	assert_int_equal(r, 0);
	assert_int_equal(res.rr[0].rdlen, 4 + 4 + 2 + 2);
	assert_memory_equal(res.rr[0].rdata, "\3a;b\3(c)\1d\1e", 12);
}

static const struct error_case {
	const char	*text;
	unsigned	 line;
	const char	*msg;
} error_cases[] = {
	{ "www A 192.0.2.256\n", 1, "bad IPv4 address '192.0.2.256'" },
	{ "\n\nwww FOO x\n", 3, "unknown type 'FOO'" },
	{ "a123456789012345678901234567890123456789012345678901234567890"
	  "1234 A 192.0.2.1\n", 1, "label longer than 63 octets" },
	{ "a. A 192.0.2.1\n@ SOA ns host ( 1 2 3 4 5\n", 2,
	  "missing closing parenthesis" },
	{ "@ SOA ns host ( 1 2 3 4 5\nwww A 192.0.2.1\n", 1,
	  "trailing text 'www' (missing closing parenthesis?)" },
	{ "$INCLUDE other.zone\n", 1, "$INCLUDE not allowed here" },
	{ "www A\n", 1, "missing IPv4 address" },
	{ "www AAAA 1::2::3\n", 1, "bad IPv6 address '1::2::3'" },
	{ "www 4294967296 A 192.0.2.1\n", 1, "bad TTL '4294967296'" },
	{ "www 2147483648 A 192.0.2.1\n", 1, "bad TTL '2147483648'" },
	{ "$TTL foo\n", 1, "bad TTL 'foo'" },
	{ "$TTL\n", 1, "missing TTL" },
	{ "www MX 70000 mail\n", 1, "number '70000' out of range" },
	{ "www MX x mail\n", 1, "bad number 'x'" },
	{ "a A 192.0.2.1\nwww TXT \"open\n", 2, "missing closing quote" },
	{ "www A 192.0.2.1 extra\n", 1, "trailing text 'extra'" },
	{ "@ SOA ns host ( 1 2 3 4 5\n  6 )\n", 1, "trailing text '6'" },
	{ "www TXT \""
	  "012345678901234567890123456789012345678901234567890123456789"
	  "012345678901234567890123456789012345678901234567890123456789"
	  "012345678901234567890123456789012345678901234567890123456789"
	  "012345678901234567890123456789012345678901234567890123456789"
	  "0123456789012345"
	  "\"\n", 1, "character string longer than 255 octets" },
	{ "   A 192.0.2.1\n", 1, "missing owner name" },
	{ "www DS 1 2 3 abc\n", 1, "odd number of hex digits" },
	{ "www DS 1 2 3 xy\n", 1, "bad hex 'xy'" },
	{ "www DS 1 2 3\n", 1, "missing hex data" },
	{ "www DNSKEY 256 3 8 AB$C\n", 1, "bad base64 'AB$C'" },
	{ "www DNSKEY 256 3 8 ABC\n", 1, "bad base64 length or padding" },
	{ "www TYPE1234 abc\n", 1, "needs RFC 3597 syntax" },
	{ "www TYPE1234 \\# 3 0a0b\n", 1,
	  "RDATA length 3 does not match 2 octets of data" },
	{ "www MX \\# 4 000a0000\n", 1, "RDATA not valid for type MX" },
	{ "www RRSIG A 8 2 3600 20241301000000 20240101000000 1 . AAAA\n",
	  1, "bad time '20241301000000'" },
	{ "www NSEC next. A FOO\n", 1, "unknown type 'FOO' in bitmap" },
	{ "www SVCB 1 . alpn=h2 alpn=h3\n", 1,
	  "duplicate SvcParam key 'alpn'" },
	{ "www SVCB 1 . foo=bar\n", 1, "unknown SvcParam key 'foo'" },
	{ "www SVCB 1 . mandatory=port alpn=h2\n", 1,
	  "mandatory SvcParam 'port' missing" },
	{ "www SVCB 1 . port=x\n", 1, "bad SvcParam port value" },
	{ "www SVCB 1 . no-default-alpn=1\n", 1,
	  "SvcParam no-default-alpn takes no value" },
	{ "www SVCB 1 . alpn\n", 1, "SvcParam alpn needs a value" },
	{ "www SVCB 1 . port=1 no-default-alpn\n", 1,
	  "SvcParam no-default-alpn without alpn" },
	{ "www HTTPS 1 . ipv4hint=192.0.2.1,x\n", 1,
	  "bad SvcParam ipv4hint value" },
	{ "$FOO bar\n", 1, "unknown directive '$FOO'" },
	{ "www A 192.0.2.1 )\n", 1, "unbalanced closing parenthesis" },
	{ "www TYPE255 \\# 0\n", 1, "type 'TYPE255' not allowed" },
	{ "www NSEC3 1 0 0 - zzzz A\n", 1, "bad base32hex 'zzzz'" },
	{ "www NSEC3PARAM 1 0 0 zz\n", 1, "bad hex 'zz'" },
	{ "$GENERATE 1-100000 h$ A 192.0.2.1\n", 1,
	  "$GENERATE range exceeds 65536 records" },
	{ "$GENERATE 5-1 h$ A 192.0.2.1\n", 1, "bad $GENERATE range '5-1'" },
	{ "$GENERATE 1-5/0 h$ A 192.0.2.1\n", 1,
	  "bad $GENERATE range '1-5/0'" },
	{ "$GENERATE 1-2147483648 h$ A 192.0.2.1\n", 1,
	  "bad $GENERATE range" },
	{ "$GENERATE 1-3 h${1,2 A 192.0.2.1\n", 1, "bad $GENERATE modifier" },
	{ "$GENERATE 1-3 ${0,3,q} A 192.0.2.1\n", 1,
	  "bad $GENERATE modifier" },
	{ "$GENERATE 1-3 ${-5} A 192.0.2.1\n", 1,
	  "$GENERATE value is negative" },
	{ "$GENERATE 1-3 h$\n", 1, "$GENERATE needs owner, type and RDATA" },
	{ "\n$GENERATE 1-3 h$ A 192.0.2.30$\n", 2,
	  "bad IPv4 address '192.0.2.301'" },
	{ "www CAA 0 iss-ue \"x\"\n", 1, "bad tag 'iss-ue'" },
	{ "www IN\n", 1, "missing type" },
	{ "www CLASS255 A 192.0.2.1\n", 1,
	  "class 255 not allowed in zone data" },
	{ "www ANY \\# 0\n", 1, "type 'ANY' not allowed in zone data" },
	{ "www LOC 91 N 0 E 0m\n", 1, "bad LOC latitude" },
	{ "www LOC 1 N 0 E x\n", 1, "bad LOC altitude" },
	{ "www TXT \"bad\\2\"\n", 1, "bad escape in 'bad\\2'" },
	{ "www CNAME a..b\n", 1, "bad name 'a..b'" },
	{ "www WKS 192.0.2.1 tcp nosuch\n", 1, "bad WKS service 'nosuch'" },
	{ "$ORIGIN\n", 1, "missing name" },
	{ "$ORIGIN a. b.\n", 1, "trailing text 'b.'" },
	{ "www \"A\" 192.0.2.1\n", 1, "bad type 'A'" },
};

/* One error: its message and the line the record starts on. */
static void
error_case(void **state)
{
	const struct error_case *ec = *state;
	int r;

	r = parse(ec->text);
	print_errors();
	assert_int_equal(r, 1);
	assert_int_equal(res.nerr, 1);
	assert_string_equal(res.err[0].file, "test.zone");
	assert_int_equal(res.err[0].line, ec->line);
	assert_non_null(strstr(res.err[0].msg, ec->msg));
}

static void
errors_recover_and_limit(void **state)
{
	int r;

	(void)state;
	/* After an error the next record is read. */
	r = parse("a A 192.0.2.1\n"
	    "b A x\n"
	    "c ( A\n"
	    "  192.0.2.300 )\n"
	    "d A 192.0.2.4\n"
	    "  ; comment\n"
	    "e ( MX\n"
	    "  10 mail extra\n"
	    "  )\n"
	    "f A 192.0.2.6\n");
	assert_int_equal(r, 3);
	assert_int_equal(res.nerr, 3);
	assert_int_equal(res.err[0].line, 2);
	assert_int_equal(res.err[1].line, 3);
	assert_int_equal(res.err[2].line, 7);
	assert_int_equal(res.nrr, 3);
	assert_int_equal(res.rr[1].line, 5);
	assert_int_equal(res.rr[2].line, 10);
	/* The parenthesis hint only for a word in the first column. */
	r = parse("@ SOA ns host ( 1 2 3 4 5\n  6 )\n");
	assert_int_equal(r, 1);
	assert_string_equal(res.err[0].msg, "trailing text '6'");
	/* A record whose field is missing does not eat the next line. */
	r = parse("a MX 10\nb A 192.0.2.1\n");
	assert_int_equal(r, 1);
	assert_int_equal(res.nrr, 1);
	assert_int_equal(res.rr[0].line, 2);
	/* max_errors stops the parse. */
	res.stop_after = 0;
	r = parse_opts("a A x\nb A x\nc A x\nd A x\ne A x\n", origin, true,
	    3, "t");
	assert_int_equal(r, 3);
	assert_int_equal(res.nerr, 3);
	/* The record callback can stop it, and its value is returned. */
	res.stop_after = 2;
	r = parse_opts("a A 192.0.2.1\nb A 192.0.2.2\nc A 192.0.2.3\n",
	    origin, true, 0, "t");
	assert_int_equal(r, -1);
	assert_int_equal(res.nrr, 2);
	res.stop_after = 0;
	/* No origin: relative names are errors, absolute ones fine. */
	r = parse_opts("www A 192.0.2.1\nwww. A 192.0.2.1\n", NULL, true, 0,
	    "t");
	assert_int_equal(r, 1);
	assert_non_null(strstr(res.err[0].msg, "relative name 'www' "
	    "without $ORIGIN"));
	assert_int_equal(res.nrr, 1);
	/* Empty input and NUL octets. */
	assert_int_equal(parse(""), 0);
	assert_int_equal(res.nrr, 0);
	{
		struct dns_zparse zp = { .origin = origin, .rr = on_rr,
		    .error = on_err, .arg = &res };

		memset(&res, 0, sizeof(res));
		r = dns_zparse_text(&zp, "a\0b A 192.0.2.1\n", 16, "t");
		assert_int_equal(r, 0);
		assert_int_equal(res.nrr, 1);
		assert_memory_equal(res.rr[0].owner, "\3a\0b", 4);
	}
}

static void
generate(void **state)
{
	uint8_t name[DNS_NAME_MAX];
	int r;

	(void)state;
	r = parse("$GENERATE 1-3 host$ A 192.0.2.$ ; comment\n");
	print_errors();
	assert_int_equal(r, 0);
	assert_int_equal(res.nrr, 3);
	expect_wire(0, "host1", DNS_TYPE_A, "c0000201");
	expect_wire(2, "host3", DNS_TYPE_A, "c0000203");
	assert_int_equal(res.rr[2].line, 1);

	r = parse("$GENERATE 0-4/2 ${10,3} CNAME x${0,2,x}\n");
	assert_int_equal(r, 0);
	assert_int_equal(res.nrr, 3);
	dns_name_from_text(name, "x04", 3, origin);
	assert_memory_equal(res.rr[2].rdata, name, dns_name_len(name));
	dns_name_from_text(name, "014", 3, origin);
	assert_true(dns_name_equal(res.rr[2].owner, name));

	r = parse("$GENERATE 255-255 ${0,4,X}.${0,0,o}.${1,0,d}.${0,1,x} "
	    "A 192.0.2.1\n");
	assert_int_equal(r, 0);
	dns_name_from_text(name, "00FF.377.256.ff", 15, origin);
	assert_true(dns_name_equal(res.rr[0].owner, name));

	/* Nibbles: width counts characters, dots included (as BIND). */
	r = parse("$GENERATE 26-26 ${0,0,n} PTR h\n"
	    "$GENERATE 26-26 ${0,5,N}.x PTR h\n");
	assert_int_equal(r, 0);
	assert_int_equal(res.nrr, 2);
	dns_name_from_text(name, "a.1", 3, origin);
	assert_true(dns_name_equal(res.rr[0].owner, name));
	dns_name_from_text(name, "A.1.0.x", 7, origin);
	assert_true(dns_name_equal(res.rr[1].owner, name));

	/* $$ and \$ are a literal dollar; TTL, class, quoted RDATA. */
	r = parse("$GENERATE 1-2 a$$b\\$$ 60 IN TXT \"v=$ ${1}\" x$\n");
	print_errors();
	assert_int_equal(r, 0);
	assert_int_equal(res.nrr, 2);
	assert_memory_equal(res.rr[1].owner, "\5a$b$2\7example", 14);
	assert_int_equal(res.rr[1].ttl, 60);
	assert_int_equal(res.rr[1].rdlen, 6 + 3);
	assert_memory_equal(res.rr[1].rdata, "\5v=2 3\2x2", 9);

	/* The maximum range is allowed. */
	r = parse("$GENERATE 1-65536 h$ A 192.0.2.1\n");
	assert_int_equal(r, 0);
	assert_int_equal(res.nrr, 65536);
}

static char tmpdir[64];

static void
write_file(const char *rel, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
include(void **state)
{
	struct dns_zparse zp = { .origin = origin, .default_ttl = 3600,
	    .rr = on_rr, .error = on_err, .arg = &res };
	char path[256], inc[256], cmd[300];
	uint8_t name[DNS_NAME_MAX];
	int r;

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_zparse.XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	snprintf(path, sizeof(path), "%s/sub", tmpdir);
	assert_int_equal(mkdir(path, 0700), 0);
	write_file("main.zone",
	    "$TTL 100\n"			/* 1 */
	    "@ A 192.0.2.1\n"			/* 2 */
	    "$INCLUDE sub/inc.zone child\n"	/* 3 */
	    "after A 192.0.2.9\n"		/* 4: origin restored */
	    "$INCLUDE \"sub/missing.zone\"\n"	/* 5 */
	    "$INCLUDE loop.zone\n");		/* 6 */
	write_file("sub/inc.zone",
	    "www A 192.0.2.2\n"			/* 1 */
	    "bad A 192.0.2.300\n"		/* 2 */
	    "$INCLUDE deeper.zone\n"		/* 3: relative to sub/ */
	    "$ORIGIN other.\n"			/* 4: local to this file */
	    "z A 192.0.2.4\n");			/* 5 */
	write_file("sub/deeper.zone", "\n\nd A 192.0.2.3\n");
	write_file("loop.zone", "$INCLUDE loop.zone\n");
	snprintf(path, sizeof(path), "%s/main.zone", tmpdir);
	memset(&res, 0, sizeof(res));
	r = dns_zparse_file(&zp, path);
	print_errors();
	assert_int_equal(res.nrr, 5);
	dns_name_from_text(name, "www.child", 9, origin);
	assert_true(dns_name_equal(res.rr[1].owner, name));
	assert_int_equal(res.rr[1].ttl, 100);
	snprintf(inc, sizeof(inc), "%s/sub/inc.zone", tmpdir);
	assert_string_equal(res.rr[1].file, inc);
	assert_int_equal(res.rr[1].line, 1);
	dns_name_from_text(name, "d.child", 7, origin);
	assert_true(dns_name_equal(res.rr[2].owner, name));
	assert_int_equal(res.rr[2].line, 3);
	dns_name_from_text(name, "z.other.", 8, NULL);
	assert_true(dns_name_equal(res.rr[3].owner, name));
	dns_name_from_text(name, "after", 5, origin);
	assert_true(dns_name_equal(res.rr[4].owner, name));
	assert_int_equal(res.rr[4].line, 4);
	assert_string_equal(res.rr[4].file, path);
	/* Errors name the included file and its line. */
	assert_int_equal(r, 3);
	assert_string_equal(res.err[0].file, inc);
	assert_int_equal(res.err[0].line, 2);
	assert_string_equal(res.err[1].file, path);
	assert_int_equal(res.err[1].line, 5);
	assert_non_null(strstr(res.err[1].msg, "cannot read $INCLUDE file"));
	snprintf(inc, sizeof(inc), "%s/loop.zone", tmpdir);
	assert_string_equal(res.err[2].file, inc);
	assert_int_equal(res.err[2].line, 1);
	assert_non_null(strstr(res.err[2].msg, "$INCLUDE depth exceeded"));
	/* A missing zone file is a negative error, also reported. */
	snprintf(path, sizeof(path), "%s/nonexistent.zone", tmpdir);
	memset(&res, 0, sizeof(res));
	assert_int_equal(dns_zparse_file(&zp, path), CN_ENOENT);
	assert_int_equal(res.nerr, 1);
	assert_int_equal(res.err[0].line, 0);
	memset(&res, 0, sizeof(res));
	assert_int_equal(dns_zparse_file(&zp, "/dev/null"), CN_EINVAL);
	assert_string_equal(res.err[0].msg,
	    "cannot read zone file: not a regular file");
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	assert_int_equal(system(cmd), 0);
}

/* Fuzzer find: WKS with more ports than the old token array held. */
static void
bug_wks_many_ports(void **state)
{
	size_t n, i;
	int r;

	(void)state;
	n = (size_t)snprintf(zone, sizeof(zone), "w WKS 192.0.2.1 6");
	for (i = 0; i < 2000; i++)
		n += (size_t)snprintf(zone + n, sizeof(zone) - n, " %zu",
		    i * 3);
	snprintf(zone + n, sizeof(zone) - n, "\n");
	r = parse(zone);
	print_errors();
	assert_int_equal(r, 0);
	assert_int_equal(res.rr[0].rdlen, 4 + 1 + 5997 / 8 + 1);
	r = dns_rdata_to_text(DNS_TYPE_WKS, res.rr[0].rdata, res.rr[0].rdlen,
	    printed, sizeof(printed));
	assert_true(r > 0);
	assert_non_null(strstr(printed, " 5997"));
}

/* Fuzzer find: RRSIG covering ANY printed a name the parser refused. */
static void
bug_rrsig_covers_any(void **state)
{
	int r;

	(void)state;
	r = parse("x RRSIG TYPE255 8 2 0 1 2 3 . AAAA\n");
	assert_int_equal(r, 0);
	r = dns_rdata_to_text(DNS_TYPE_RRSIG, res.rr[0].rdata,
	    res.rr[0].rdlen, printed, sizeof(printed));
	assert_true(r > 0);
	assert_string_equal(printed, "ANY 8 2 0 19700101000001 "
	    "19700101000002 3 . AAAA");
	snprintf(zone, sizeof(zone), "x RRSIG %s\n", printed);
	assert_int_equal(parse(zone), 0);
	assert_int_equal(res.nrr, 1);
}

static void
ztext_units(void **state)
{
	uint32_t v;
	uint8_t out[64];

	(void)state;
	assert_int_equal(ztext_time("20240101000000", 14, &v), 0);
	assert_int_equal(v, 1704067200);
	assert_int_equal(ztext_time("21060207062816", 14, &v), 0);
	assert_int_equal(v, 0);		/* 2^32 wraps (RFC 4034 3.1.5) */
	assert_int_equal(ztext_time("20230229000000", 14, &v), CN_EPARSE);
	assert_int_equal(ztext_time("20240229000000", 14, &v), 0);
	assert_int_equal(ztext_time("12", 2, &v), 0);
	assert_int_equal(v, 12);
	assert_int_equal(ztext_period("1w", 2, &v), 0);
	assert_int_equal(v, 604800);
	assert_int_equal(ztext_period("h", 1, &v), CN_EPARSE);
	assert_int_equal(ztext_period("1x", 2, &v), CN_EPARSE);
	assert_int_equal(ztext_period("4294967295", 10, &v), 0);
	assert_int_equal(ztext_period("4294967296", 10, &v), CN_ERANGE);
	assert_int_equal(ztext_ipv4("01.2.3.4", 8, out), CN_EPARSE);
	assert_int_equal(ztext_ipv4("1.2.3", 5, out), CN_EPARSE);
	assert_int_equal(ztext_ipv4("1.2.3.4.", 8, out), CN_EPARSE);
	assert_int_equal(ztext_b32hex("0", 1, out, sizeof(out)), CN_EPARSE);
	assert_int_equal(ztext_b32hex("01", 2, out, sizeof(out)), CN_EPARSE);
	assert_int_equal(ztext_b32hex("04", 2, out, sizeof(out)), 1);
	assert_int_equal(out[0], 1);
	assert_int_equal(ztext_string("a\\", 2, out, 8), CN_EPARSE);
	assert_int_equal(ztext_string("abc", 3, out, 2), CN_ESPACE);
}

#define NTYPES	(sizeof(type_cases) / sizeof(type_cases[0]))
#define NERRS	(sizeof(error_cases) / sizeof(error_cases[0]))

/* Short printable test name from a zone text. */
static char *
case_name(char *buf, size_t cap, const char *prefix, const char *text)
{
	size_t n = (size_t)snprintf(buf, cap, "%s", prefix), i;

	for (i = 0; text[i] && n + 1 < cap && n < 72; i++)
		buf[n++] = text[i] == '\n' || text[i] == '\t' ? ' ' : text[i];
	buf[n] = '\0';
	return buf;
}

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(rrprint_texts),
		cmocka_unit_test(rrprint_fallbacks),
		cmocka_unit_test(directives_and_defaults),
		cmocka_unit_test(ttl_rules),
		cmocka_unit_test(multiline_and_quoting),
		cmocka_unit_test(errors_recover_and_limit),
		cmocka_unit_test(generate),
		cmocka_unit_test(include),
		cmocka_unit_test(ztext_units),
		cmocka_unit_test(bug_wks_many_ports),
		cmocka_unit_test(bug_rrsig_covers_any),
	};
	static struct CMUnitTest tests[sizeof(fixed) / sizeof(fixed[0]) +
	    NTYPES + NERRS];
	static char names[NTYPES + NERRS][96];
	char text[128];
	size_t n = 0, i;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		tests[n++] = fixed[i];
	for (i = 0; i < NTYPES; i++) {
		snprintf(text, sizeof(text), "%s %s", type_cases[i].type,
		    type_cases[i].text);
		tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate(
		    type_case, (void *)(uintptr_t)&type_cases[i]);
		tests[n++].name = case_name(names[i], sizeof(names[i]),
		    "type ", text);
	}
	for (i = 0; i < NERRS; i++) {
		tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate(
		    error_case, (void *)(uintptr_t)&error_cases[i]);
		tests[n++].name = case_name(names[NTYPES + i],
		    sizeof(names[0]), "error ", error_cases[i].text);
	}
	return _cmocka_run_group_tests("zparse", tests, n, NULL, NULL);
}
