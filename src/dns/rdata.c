/* SPDX-License-Identifier: MIT */
/*
 * rdata.c -- the RR type table and the wire walker over it.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dns.h"
#include "rdata.h"

#define F(...) { __VA_ARGS__, DNS_RDF_END }

static const struct dns_rrtype rrtypes[] = {
	{ DNS_TYPE_A,		"A",		F(DNS_RDF_A) },
	{ DNS_TYPE_NS,		"NS",		F(DNS_RDF_CNAME) },
	{ DNS_TYPE_MD,		"MD",		F(DNS_RDF_CNAME) },
	{ DNS_TYPE_MF,		"MF",		F(DNS_RDF_CNAME) },
	{ DNS_TYPE_CNAME,	"CNAME",	F(DNS_RDF_CNAME) },
	{ DNS_TYPE_SOA,		"SOA",		F(DNS_RDF_CNAME, DNS_RDF_CNAME,
	    DNS_RDF_U32, DNS_RDF_PERIOD, DNS_RDF_PERIOD, DNS_RDF_PERIOD,
	    DNS_RDF_PERIOD) },
	{ DNS_TYPE_MB,		"MB",		F(DNS_RDF_CNAME) },
	{ DNS_TYPE_MG,		"MG",		F(DNS_RDF_CNAME) },
	{ DNS_TYPE_MR,		"MR",		F(DNS_RDF_CNAME) },
	{ DNS_TYPE_WKS,		"WKS",		F(DNS_RDF_A, DNS_RDF_WKS) },
	{ DNS_TYPE_PTR,		"PTR",		F(DNS_RDF_CNAME) },
	{ DNS_TYPE_HINFO,	"HINFO",	F(DNS_RDF_STR, DNS_RDF_STR) },
	{ DNS_TYPE_MINFO,	"MINFO",	F(DNS_RDF_CNAME, DNS_RDF_CNAME) },
	{ DNS_TYPE_MX,		"MX",		F(DNS_RDF_U16, DNS_RDF_CNAME) },
	{ DNS_TYPE_TXT,		"TXT",		F(DNS_RDF_STRS) },
	{ DNS_TYPE_RP,		"RP",		F(DNS_RDF_NAME, DNS_RDF_NAME) },
	{ DNS_TYPE_AFSDB,	"AFSDB",	F(DNS_RDF_U16, DNS_RDF_NAME) },
	{ DNS_TYPE_AAAA,	"AAAA",		F(DNS_RDF_AAAA) },
	{ DNS_TYPE_LOC,		"LOC",		F(DNS_RDF_LOC) },
	{ DNS_TYPE_SRV,		"SRV",		F(DNS_RDF_U16, DNS_RDF_U16,
	    DNS_RDF_U16, DNS_RDF_NAME) },
	{ DNS_TYPE_NAPTR,	"NAPTR",	F(DNS_RDF_U16, DNS_RDF_U16,
	    DNS_RDF_STR, DNS_RDF_STR, DNS_RDF_STR, DNS_RDF_NAME) },
	{ DNS_TYPE_KX,		"KX",		F(DNS_RDF_U16, DNS_RDF_NAME) },
	{ DNS_TYPE_CERT,	"CERT",		F(DNS_RDF_U16, DNS_RDF_U16,
	    DNS_RDF_U8, DNS_RDF_B64) },
	{ DNS_TYPE_DNAME,	"DNAME",	F(DNS_RDF_NAME) },
	{ DNS_TYPE_DS,		"DS",		F(DNS_RDF_U16, DNS_RDF_U8,
	    DNS_RDF_U8, DNS_RDF_HEX) },
	{ DNS_TYPE_SSHFP,	"SSHFP",	F(DNS_RDF_U8, DNS_RDF_U8,
	    DNS_RDF_HEX) },
	{ DNS_TYPE_RRSIG,	"RRSIG",	F(DNS_RDF_TYPE, DNS_RDF_U8,
	    DNS_RDF_U8, DNS_RDF_U32, DNS_RDF_TIME, DNS_RDF_TIME, DNS_RDF_U16,
	    DNS_RDF_NAME, DNS_RDF_B64) },
	{ DNS_TYPE_NSEC,	"NSEC",		F(DNS_RDF_NAME, DNS_RDF_BITMAP) },
	{ DNS_TYPE_DNSKEY,	"DNSKEY",	F(DNS_RDF_U16, DNS_RDF_U8,
	    DNS_RDF_U8, DNS_RDF_B64) },
	{ DNS_TYPE_NSEC3,	"NSEC3",	F(DNS_RDF_U8, DNS_RDF_U8,
	    DNS_RDF_U16, DNS_RDF_HEX8, DNS_RDF_B32HEX8, DNS_RDF_BITMAP) },
	{ DNS_TYPE_NSEC3PARAM,	"NSEC3PARAM",	F(DNS_RDF_U8, DNS_RDF_U8,
	    DNS_RDF_U16, DNS_RDF_HEX8) },
	{ DNS_TYPE_TLSA,	"TLSA",		F(DNS_RDF_U8, DNS_RDF_U8,
	    DNS_RDF_U8, DNS_RDF_HEX) },
	{ DNS_TYPE_CDS,		"CDS",		F(DNS_RDF_U16, DNS_RDF_U8,
	    DNS_RDF_U8, DNS_RDF_HEX) },
	{ DNS_TYPE_CDNSKEY,	"CDNSKEY",	F(DNS_RDF_U16, DNS_RDF_U8,
	    DNS_RDF_U8, DNS_RDF_B64) },
	{ DNS_TYPE_OPENPGPKEY,	"OPENPGPKEY",	F(DNS_RDF_B64) },
	{ DNS_TYPE_CSYNC,	"CSYNC",	F(DNS_RDF_U32, DNS_RDF_U16,
	    DNS_RDF_BITMAP) },
	{ DNS_TYPE_ZONEMD,	"ZONEMD",	F(DNS_RDF_U32, DNS_RDF_U8,
	    DNS_RDF_U8, DNS_RDF_HEX) },
	{ DNS_TYPE_SVCB,	"SVCB",		F(DNS_RDF_U16, DNS_RDF_NAME,
	    DNS_RDF_SVCPARAMS) },
	{ DNS_TYPE_HTTPS,	"HTTPS",	F(DNS_RDF_U16, DNS_RDF_NAME,
	    DNS_RDF_SVCPARAMS) },
	{ DNS_TYPE_SPF,		"SPF",		F(DNS_RDF_STRS) },
	{ DNS_TYPE_URI,		"URI",		F(DNS_RDF_U16, DNS_RDF_U16,
	    DNS_RDF_REST) },
	{ DNS_TYPE_CAA,		"CAA",		F(DNS_RDF_U8, DNS_RDF_TAG,
	    DNS_RDF_REST) },
};

#undef F

#define NTYPES (sizeof(rrtypes) / sizeof(rrtypes[0]))

const struct dns_rrtype *
dns_rrtype_by_code(uint16_t type)
{
	size_t lo = 0, hi = NTYPES;

	/* The table is sorted by code. */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (rrtypes[mid].type == type)
			return &rrtypes[mid];
		if (rrtypes[mid].type < type)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct dns_rrtype *
dns_rrtype_by_name(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < NTYPES; i++) {
		if (strlen(rrtypes[i].name) == len &&
		    strncasecmp(rrtypes[i].name, name, len) == 0)
			return &rrtypes[i];
	}
	return NULL;
}

const char *
dns_rrtype_to_text(uint16_t type, char *buf, size_t cap)
{
	const struct dns_rrtype *d = dns_rrtype_by_code(type);

	if (d != NULL)
		snprintf(buf, cap, "%s", d->name);
	else if (type == DNS_TYPE_ANY)
		snprintf(buf, cap, "ANY");
	else if (type == DNS_TYPE_AXFR)
		snprintf(buf, cap, "AXFR");
	else if (type == DNS_TYPE_IXFR)
		snprintf(buf, cap, "IXFR");
	else if (type == DNS_TYPE_OPT)
		snprintf(buf, cap, "OPT");
	else
		snprintf(buf, cap, "TYPE%u", type);
	return buf;
}

/* Length of an uncompressed wire name at p (at most left octets), or 0. */
static size_t
wire_name_len(const uint8_t *p, size_t left)
{
	size_t n = 0;

	while (n < left) {
		uint8_t len = p[n];

		if (len & 0xc0)
			return 0;
		if (n + 1 + len > 255)
			return 0;
		n += (size_t)len + 1;
		if (len == 0)
			return n <= left ? n : 0;
	}
	return 0;
}

/* Length of character-strings that exactly fill left octets, or 0. */
static size_t
strings_len(const uint8_t *p, size_t left)
{
	size_t n = 0;

	while (n < left)
		n += (size_t)p[n] + 1;
	return n == left ? left : 0;
}

/* Length of one field at rdata[off], or 0 if it is malformed. */
static size_t
field_len(enum dns_rdf kind, const uint8_t *p, size_t left)
{
	switch (kind) {
	case DNS_RDF_CNAME:
	case DNS_RDF_NAME:
		return wire_name_len(p, left);
	case DNS_RDF_U8:
		return left >= 1 ? 1 : 0;
	case DNS_RDF_U16:
	case DNS_RDF_TYPE:
		return left >= 2 ? 2 : 0;
	case DNS_RDF_U32:
	case DNS_RDF_PERIOD:
	case DNS_RDF_TIME:
	case DNS_RDF_A:
		return left >= 4 ? 4 : 0;
	case DNS_RDF_AAAA:
	case DNS_RDF_LOC:
		return left >= 16 ? 16 : 0;
	case DNS_RDF_STR:
	case DNS_RDF_HEX8:
	case DNS_RDF_B32HEX8:
	case DNS_RDF_TAG:
		return left >= 1 && (size_t)p[0] + 1 <= left ?
		    (size_t)p[0] + 1 : 0;
	case DNS_RDF_STRS:
		return strings_len(p, left);
	default:
		return left;	/* rest of the RDATA */
	}
}

static bool
is_rest(enum dns_rdf kind)
{
	return kind == DNS_RDF_STRS || kind == DNS_RDF_B64 ||
	    kind == DNS_RDF_HEX || kind == DNS_RDF_BITMAP ||
	    kind == DNS_RDF_SVCPARAMS || kind == DNS_RDF_REST ||
	    kind == DNS_RDF_WKS;
}

/*
 * state packs the field index (low 8 bits) and the offset (the rest).
 */
int
dns_rdata_next(const struct dns_rrtype *desc, const uint8_t *rdata,
    size_t rdlen, size_t *state, struct dns_rdata_field *f)
{
	size_t idx = *state & 0xff, off = *state >> 8, len;
	enum dns_rdf kind;

	if (desc == NULL)
		return 0;
	if (idx < DNS_RDF_MAX)
		kind = desc->fields[idx];
	else
		kind = DNS_RDF_END;
	if (kind == DNS_RDF_END)
		return off == rdlen ? 0 : -1;
	len = field_len(kind, rdata + off, rdlen - off);
	if (len == 0 && !(is_rest(kind) && off == rdlen))
		return -1;
	f->kind = kind;
	f->off = off;
	f->len = len;
	*state = (idx + 1) | (off + len) << 8;
	return 1;
}

bool
dns_rdata_valid(uint16_t type, const uint8_t *rdata, size_t rdlen)
{
	const struct dns_rrtype *desc = dns_rrtype_by_code(type);
	struct dns_rdata_field f;
	size_t state = 0;
	int r;

	if (desc == NULL)
		return true;
	while ((r = dns_rdata_next(desc, rdata, rdlen, &state, &f)) == 1)
		;
	return r == 0;
}

int
dns_rdata_target_off(uint16_t type, const uint8_t *rdata, size_t rdlen)
{
	size_t off;

	(void)rdata;
	switch (type) {
	case DNS_TYPE_NS:
		off = 0;
		break;
	case DNS_TYPE_MX:
		off = 2;
		break;
	case DNS_TYPE_SRV:
		off = 6;
		break;
	default:
		return -1;
	}
	return off < rdlen ? (int)off : -1;
}
