/* SPDX-License-Identifier: MIT */
/*
 * dns.h -- protocol constants named after their RFC fields.
 */
#ifndef CN_DNS_DNS_H
#define CN_DNS_DNS_H

#include <stdint.h>

#define DNS_HDR_LEN		12
#define DNS_NAME_MAX		255	/* RFC 1035 3.1, wire octets */
#define DNS_LABEL_MAX		63
#define DNS_UDP_MIN		512	/* RFC 1035 4.2.1 */
#define DNS_EDNS_DEFAULT	1232	/* DNS flag day 2020 */
#define DNS_MSG_MAX		65535
#define DNS_RR_FIXED_LEN	10	/* type, class, ttl, rdlength */

/* Header flag bits in the 16-bit flags word. */
#define DNS_FLAG_QR		0x8000
#define DNS_FLAG_AA		0x0400
#define DNS_FLAG_TC		0x0200
#define DNS_FLAG_RD		0x0100
#define DNS_FLAG_RA		0x0080
#define DNS_FLAG_AD		0x0020
#define DNS_FLAG_CD		0x0010
#define DNS_OPCODE_SHIFT	11
#define DNS_OPCODE_MASK		0x7800
#define DNS_RCODE_MASK		0x000f

#define DNS_EDNS_DO		0x8000	/* RFC 3225, in the OPT TTL's low 16 */

enum dns_opcode {
	DNS_OPCODE_QUERY	= 0,
	DNS_OPCODE_IQUERY	= 1,
	DNS_OPCODE_STATUS	= 2,
	DNS_OPCODE_NOTIFY	= 4,
	DNS_OPCODE_UPDATE	= 5,
};

enum dns_rcode {
	DNS_RCODE_NOERROR	= 0,
	DNS_RCODE_FORMERR	= 1,
	DNS_RCODE_SERVFAIL	= 2,
	DNS_RCODE_NXDOMAIN	= 3,
	DNS_RCODE_NOTIMP	= 4,
	DNS_RCODE_REFUSED	= 5,
	DNS_RCODE_NOTAUTH	= 9,
	DNS_RCODE_BADVERS	= 16,	/* extended, RFC 6891 */
	DNS_RCODE_BADCOOKIE	= 23,	/* extended, RFC 7873 */
};

/* TSIG error codes, in the TSIG RR's error field (RFC 8945 4.3). */
enum dns_tsig_error {
	DNS_TSIG_BADSIG		= 16,
	DNS_TSIG_BADKEY		= 17,
	DNS_TSIG_BADTIME	= 18,
	DNS_TSIG_BADTRUNC	= 22,
};

/* TSIG algorithms (RFC 8945 6); 0 is none. */
enum dns_tsig_alg {
	DNS_TSIG_HMAC_SHA1 = 1,
	DNS_TSIG_HMAC_SHA224,
	DNS_TSIG_HMAC_SHA256,
	DNS_TSIG_HMAC_SHA384,
	DNS_TSIG_HMAC_SHA512,
};

enum dns_class {
	DNS_CLASS_IN	= 1,
	DNS_CLASS_CH	= 3,
	DNS_CLASS_HS	= 4,
	DNS_CLASS_NONE	= 254,
	DNS_CLASS_ANY	= 255,
};

enum dns_type {
	DNS_TYPE_A		= 1,
	DNS_TYPE_NS		= 2,
	DNS_TYPE_MD		= 3,
	DNS_TYPE_MF		= 4,
	DNS_TYPE_CNAME		= 5,
	DNS_TYPE_SOA		= 6,
	DNS_TYPE_MB		= 7,
	DNS_TYPE_MG		= 8,
	DNS_TYPE_MR		= 9,
	DNS_TYPE_NULL		= 10,
	DNS_TYPE_WKS		= 11,
	DNS_TYPE_PTR		= 12,
	DNS_TYPE_HINFO		= 13,
	DNS_TYPE_MINFO		= 14,
	DNS_TYPE_MX		= 15,
	DNS_TYPE_TXT		= 16,
	DNS_TYPE_RP		= 17,
	DNS_TYPE_AFSDB		= 18,
	DNS_TYPE_AAAA		= 28,
	DNS_TYPE_LOC		= 29,
	DNS_TYPE_SRV		= 33,
	DNS_TYPE_NAPTR		= 35,
	DNS_TYPE_KX		= 36,
	DNS_TYPE_CERT		= 37,
	DNS_TYPE_DNAME		= 39,
	DNS_TYPE_OPT		= 41,
	DNS_TYPE_DS		= 43,
	DNS_TYPE_SSHFP		= 44,
	DNS_TYPE_RRSIG		= 46,
	DNS_TYPE_NSEC		= 47,
	DNS_TYPE_DNSKEY		= 48,
	DNS_TYPE_NSEC3		= 50,
	DNS_TYPE_NSEC3PARAM	= 51,
	DNS_TYPE_TLSA		= 52,
	DNS_TYPE_CDS		= 59,
	DNS_TYPE_CDNSKEY	= 60,
	DNS_TYPE_OPENPGPKEY	= 61,
	DNS_TYPE_CSYNC		= 62,
	DNS_TYPE_ZONEMD		= 63,
	DNS_TYPE_SVCB		= 64,
	DNS_TYPE_HTTPS		= 65,
	DNS_TYPE_SPF		= 99,
	DNS_TYPE_TSIG		= 250,
	DNS_TYPE_IXFR		= 251,
	DNS_TYPE_AXFR		= 252,
	DNS_TYPE_MAILB		= 253,
	DNS_TYPE_MAILA		= 254,
	DNS_TYPE_ANY		= 255,
	DNS_TYPE_URI		= 256,
	DNS_TYPE_CAA		= 257,
};

enum dns_edns_opt {
	DNS_EDNS_NSID		= 3,	/* RFC 5001 */
	DNS_EDNS_ECS		= 8,	/* RFC 7871 */
	DNS_EDNS_COOKIE		= 10,	/* RFC 7873 */
	DNS_EDNS_KEEPALIVE	= 11,	/* RFC 7828 */
	DNS_EDNS_PADDING	= 12,	/* RFC 7830 */
};

#endif
