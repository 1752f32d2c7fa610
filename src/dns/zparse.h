/* SPDX-License-Identifier: MIT */
/*
 * zparse.h -- RFC 1035 master file ("zone file") parser.
 *
 * Reads presentation text as BIND, NSD and Knot do ($ORIGIN, $TTL,
 * $INCLUDE, $GENERATE, parentheses, comments, quoted strings, escapes,
 * RFC 3597 generic RDATA) and hands each resource record, in wire form,
 * to a callback.  It keeps no records itself and touches no globals; errors
 * go to a callback with the file and line they were found at, and parsing
 * goes on with the next record so that one run lists every error.
 *
 * Rules where the servers differ, as chosen here:
 * - TTL of a record written without one: the last $TTL if there was one;
 *   otherwise the last TTL written explicitly on an earlier record (Knot
 *   and BIND); otherwise default_ttl.  TTLs above 2^31-1 are errors
 *   (RFC 2181 8).
 * - Omitted class: the last class written (RFC 1035 5.1), IN at first.
 * - Omitted owner (line starts with a blank): the previous record's owner;
 *   an error if there is none.
 * - $INCLUDE reads the file as if inserted at that point, except that the
 *   origin (given or inherited) is local to it (RFC 1035 5.1); a relative
 *   path is relative to the including file's directory.  Directives are
 *   recognised in the first column only.
 * - $GENERATE takes the rest of its line as the record template (Knot),
 *   so any type works; "$", "${offset[,width[,base]]}" with base d, o, x,
 *   X, n or N (BIND's nibble form, width counting dots), "$$" or "\$" for
 *   a literal dollar.
 * - A newline inside a quoted string must be escaped with a backslash.
 * - "\#" generic RDATA (RFC 3597) is accepted for every type; for known
 *   types it must be well formed (dns_rdata_valid()).
 * - The error line is the line where the record starts.
 */
#ifndef CN_DNS_ZPARSE_H
#define CN_DNS_ZPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DNS_ZPARSE_MAX_INCLUDE	8	/* $INCLUDE nesting depth */
#define DNS_ZPARSE_MAX_GENERATE	65536	/* records from one $GENERATE */

/* One record; every pointer is valid only during the callback. */
struct dns_zparse_rr {
	const uint8_t	*owner;		/* wire name, as written (case kept) */
	uint16_t	 type;
	uint16_t	 rclass;
	uint32_t	 ttl;
	bool		 ttl_explicit;	/* TTL written on this record */
	const uint8_t	*rdata;		/* wire, names uncompressed */
	uint16_t	 rdlen;
	const char	*file;
	unsigned	 line;
};

struct dns_zparse {
	/* Initial $ORIGIN, normally the apex; NULL: relative names fail. */
	const uint8_t	*origin;
	uint32_t	 default_ttl;	/* until $TTL; RFC 2308 5 */
	/*
	 * Called per record; a nonzero return stops the parse and is what
	 * dns_zparse_file() or dns_zparse_text() returns (use a negative
	 * cn_err).
	 */
	int		(*rr)(void *arg, const struct dns_zparse_rr *rr);
	/* Called per error: where, and what in one line (no newline). */
	void		(*error)(void *arg, const char *file, unsigned line,
			    const char *msg);
	void		*arg;
	unsigned	 max_errors;	/* stop after this many; 0 = 100 */
	bool		 no_include;	/* refuse $INCLUDE (fuzzing) */
};

/*
 * Parses the file at path.  Returns 0 when every record was read, the
 * (positive) number of errors reported otherwise, the rr callback's value
 * if it stopped the parse, or a negative cn_err if the file could not be
 * read at all (also reported through error(), with line 0), CN_EINVAL for
 * an origin that is not a valid wire name.  Allocates one state block
 * (about 300 KB) per call and the text of each file; nothing per record.
 * Reentrant: no globals.
 */
int	dns_zparse_file(const struct dns_zparse *zp, const char *path);

/*
 * Same for text in memory (len octets, no NUL needed); label names it in
 * error messages and relative $INCLUDE paths start from its directory.
 */
int	dns_zparse_text(const struct dns_zparse *zp, const char *text,
	    size_t len, const char *label);

#endif
