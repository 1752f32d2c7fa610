/* SPDX-License-Identifier: MIT */
/*
 * rdata.h -- what each RR type's RDATA is made of.
 *
 * One table describes every known type as a list of fields.  The zone
 * parser reads presentation text field by field, the answer writer finds
 * the names inside RDATA (to compress them and for additional-section
 * processing) and the printer writes text, all from the same descriptors.
 * Unknown types are opaque (RFC 3597).
 */
#ifndef CN_DNS_RDATA_H
#define CN_DNS_RDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum dns_rdf {
	DNS_RDF_END = 0,
	DNS_RDF_CNAME,		/* name, compressed in answers (RFC 3597 4) */
	DNS_RDF_NAME,		/* name, never compressed */
	DNS_RDF_U8,
	DNS_RDF_U16,
	DNS_RDF_U32,
	DNS_RDF_PERIOD,		/* u32; text may use units: 1h30m */
	DNS_RDF_TIME,		/* u32; text YYYYMMDDHHmmSS or seconds */
	DNS_RDF_TYPE,		/* u16; text is a type mnemonic */
	DNS_RDF_A,		/* 4 octets */
	DNS_RDF_AAAA,		/* 16 octets */
	DNS_RDF_STR,		/* one <character-string> */
	DNS_RDF_STRS,		/* one or more <character-string>s to the end */
	DNS_RDF_B64,		/* rest, base64 text (may be split by blanks) */
	DNS_RDF_HEX,		/* rest, hex text (may be split by blanks) */
	DNS_RDF_HEX8,		/* u8 length + octets; text hex or "-" */
	DNS_RDF_B32HEX8,	/* u8 length + octets; text base32hex */
	DNS_RDF_BITMAP,		/* rest, type bitmap (RFC 4034 4.1.2) */
	DNS_RDF_SVCPARAMS,	/* rest, SvcParams (RFC 9460) */
	DNS_RDF_TAG,		/* u8 length + alnum text, unquoted (CAA) */
	DNS_RDF_REST,		/* rest, raw octets of one quoted string (CAA) */
	DNS_RDF_LOC,		/* 16 octets, RFC 1876 text form */
	DNS_RDF_WKS,		/* rest, protocol u8 + port bitmap */
};

#define DNS_RDF_MAX	10

struct dns_rrtype {
	uint16_t	 type;
	const char	*name;
	uint8_t		 fields[DNS_RDF_MAX];	/* DNS_RDF_END terminated */
};

/* Returns the descriptor, or NULL for a type we treat as opaque. */
const struct dns_rrtype *dns_rrtype_by_code(uint16_t type);
/* Looks up a mnemonic case-insensitively (len octets); NULL if unknown. */
const struct dns_rrtype *dns_rrtype_by_name(const char *name, size_t len);
/*
 * Writes the mnemonic of type (or "TYPEnnn") into buf of cap >= 16 octets
 * and returns buf.
 */
const char	*dns_rrtype_to_text(uint16_t type, char *buf, size_t cap);

/* One field inside a wire RDATA, as found by dns_rdata_next(). */
struct dns_rdata_field {
	enum dns_rdf	 kind;
	size_t		 off;	/* from the start of the RDATA */
	size_t		 len;
};

/*
 * Iterates the fields of a wire RDATA of a known type.  Start with *state
 * zeroed; returns 1 with *f set, 0 at the end, or -1 if the RDATA does not
 * match the descriptor (malformed).  Opaque types yield nothing.
 */
int	dns_rdata_next(const struct dns_rrtype *desc, const uint8_t *rdata,
	    size_t rdlen, size_t *state, struct dns_rdata_field *f);

/* True if the RDATA is well formed for the type (names, lengths). */
bool	dns_rdata_valid(uint16_t type, const uint8_t *rdata, size_t rdlen);

/*
 * Returns the offset in rdata of the name that additional-section
 * processing follows (NS, MX, SRV, ...), or -1 if the type has none.
 */
int	dns_rdata_target_off(uint16_t type, const uint8_t *rdata, size_t rdlen);

#endif
