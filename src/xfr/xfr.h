/* SPDX-License-Identifier: MIT */
/*
 * xfr.h -- the codec side of zone transfers in: serial arithmetic
 * (RFC 1982), the AXFR/IXFR response stream parser (RFC 5936, RFC 1995),
 * a mutable record set that IXFR differences are applied to, and the zone
 * file writer that persists a received zone.  Pure code: no sockets, no
 * logging, no globals; the secondary's state machine (xfrin.h) drives it
 * and the unit tests and the fuzzer call it directly.
 */
#ifndef CN_XFR_XFR_H
#define CN_XFR_XFR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../dns/dns.h"

struct dns_zone;

/* RFC 1982 3.2: the comparison of two serials, undefined half-way round. */
enum xfr_serial_order {
	XFR_SERIAL_EQ,
	XFR_SERIAL_LT,		/* a is older than b */
	XFR_SERIAL_GT,		/* a is newer than b */
	XFR_SERIAL_UNDEF,	/* a and b are 2^31 apart */
};

enum xfr_serial_order xfr_serial_cmp(uint32_t a, uint32_t b);
/* True only if a is newer than b (an undefined order is not newer). */
bool	xfr_serial_newer(uint32_t a, uint32_t b);

/* One record of a transfer, names uncompressed (case as sent). */
struct xfr_rr {
	const uint8_t	*owner;
	uint16_t	 type;
	uint16_t	 rclass;
	uint32_t	 ttl;
	const uint8_t	*rdata;
	uint16_t	 rdlen;
};

enum xfr_kind {
	XFR_KIND_AXFR,
	XFR_KIND_IXFR,
};

/* Where a record of the stream belongs. */
enum xfr_part {
	XFR_PART_ZONE,		/* a whole zone (AXFR, or IXFR in AXFR form) */
	XFR_PART_DEL,		/* IXFR: deleted by the current difference */
	XFR_PART_ADD,		/* IXFR: added by it */
};

/* What a complete stream turned out to be. */
enum xfr_result {
	XFR_RESULT_NONE,	/* not complete yet */
	XFR_RESULT_ZONE,	/* a whole zone */
	XFR_RESULT_IXFR,	/* differences */
	XFR_RESULT_UPTODATE,	/* IXFR: one SOA, not newer than ours */
};

struct xfr_parse_ops {
	/*
	 * IXFR: a difference from serial from begins (its deletions, then,
	 * after its second SOA, its additions).  The two SOA records are
	 * passed to rr() as its first deletion and its first addition.
	 */
	int	(*diff)(void *arg, uint32_t from);
	/* One record; nonzero stops the parse with that value. */
	int	(*rr)(void *arg, enum xfr_part part, const struct xfr_rr *rr);
	void	*arg;
};

#define XFR_ERR_MAX	160
/*
 * One IXFR difference (RFC 1995) as received, its records as they go into
 * a message, uncompressed: owner, type, class, TTL, RDLENGTH, RDATA; del
 * starts with SOA(from), add with SOA(to).  (IXFR out has its own
 * journal, computed when a version is published: dns/journal.h.)
 */
struct xfr_diff {
	uint32_t	 from, to;
	uint8_t		*del;
	size_t		 del_len;
	uint32_t	 ndel;
	uint8_t		*add;
	size_t		 add_len;
	uint32_t	 nadd;
};

struct xfr_parser {
	enum xfr_kind	 kind;
	uint8_t		 apex[DNS_NAME_MAX];
	uint16_t	 id;
	uint32_t	 ours;		/* IXFR: the serial we asked from */
	int		 state;
	uint32_t	 serial;	/* of the first SOA: the new version */
	uint32_t	 diff_to;	/* of the current difference */
	/* The first SOA's RDATA, held back until the form is known. */
	uint8_t		 first_soa[2 * DNS_NAME_MAX + 20];
	uint16_t	 first_len;
	uint32_t	 first_ttl;
	enum xfr_result	 result;
	size_t		 messages;
	size_t		 records;
	unsigned	 rcode;		/* of a refused transfer */
	char		 err[XFR_ERR_MAX];
};

/*
 * Starts a parser for the response to a query with this id for apex (wire
 * name).  ours is the serial an IXFR asked from (ignored for AXFR).
 */
void	xfr_parser_init(struct xfr_parser *p, enum xfr_kind kind,
	    const uint8_t *apex, uint16_t id, uint32_t ours);
/*
 * Feeds one DNS message of the response (without the TCP length).
 * Returns 0 when more messages must follow, 1 when the stream is complete
 * (p->result says what it was), or a negative cn_err with p->err set:
 * CN_EPROTO for a malformed or unexpected message, CN_EREFUSED-like
 * errors as CN_EPROTO with p->rcode nonzero when the primary answered
 * with an error RCODE, or what an ops callback returned.  Records of the
 * additional section (TSIG, OPT) are skipped: TSIG is checked by the
 * caller over the raw message.
 */
int	xfr_parser_feed(struct xfr_parser *p, const uint8_t *msg, size_t len,
	    const struct xfr_parse_ops *ops);

/*
 * Writes a DNS query for (apex, type) with the given id into buf (at least
 * 512 octets); for IXFR, the authority section carries an SOA with serial
 * ours (RFC 1995 3), other fields zero.  Returns the length.
 */
size_t	xfr_query(uint8_t *buf, size_t cap, uint16_t id, const uint8_t *apex,
	    uint16_t type, uint32_t ours);

/*
 * Reads the serial of the SOA answer in a response to an SOA query with
 * this id for apex.  Returns 0 with *serial set, 1 if the response is
 * truncated (TC: ask again over TCP), or a negative cn_err with err set
 * (rcode in *rcode when the server answered with one).
 */
int	xfr_soa_response(const uint8_t *msg, size_t len, uint16_t id,
	    const uint8_t *apex, uint32_t *serial, unsigned *rcode, char *err,
	    size_t errlen);

/*
 * A mutable set of records, the working copy an IXFR is applied to:
 * filled from a zone, changed by deletions (which must match a record)
 * and additions, then handed to the zone builder.
 */
struct xfr_rrset;

struct xfr_rrset *xfr_rrset_new(void);
void	xfr_rrset_free(struct xfr_rrset *s);
/* Every record of zone into s. */
void	xfr_rrset_fill(struct xfr_rrset *s, const struct dns_zone *zone);
/*
 * Adds a record (a record already there gets the new TTL).  Returns 0.
 */
int	xfr_rrset_add(struct xfr_rrset *s, const struct xfr_rr *rr);
/* Removes a record; CN_ENOENT if it is not there (RFC 1995 fails). */
int	xfr_rrset_del(struct xfr_rrset *s, const struct xfr_rr *rr);
size_t	xfr_rrset_count(const struct xfr_rrset *s);
/* Calls fn for every record; stops at a nonzero return and returns it. */
int	xfr_rrset_walk(const struct xfr_rrset *s,
	    int (*fn)(void *arg, const struct xfr_rr *rr), void *arg);

/* Calls fn for every record of zone (the apex SOA first). */
int	xfr_zone_walk(const struct dns_zone *zone,
	    int (*fn)(void *arg, const struct xfr_rr *rr), void *arg);
/*
 * Writes zone as a master file (one record a line, absolute names, the
 * SOA first) to f.  Returns 0 or a negative cn_err (-errno of the write).
 */
int	xfr_zone_print(const struct dns_zone *zone, FILE *f);

/*
 * The consumer of a parsed stream: builds the new zone aside.  A whole
 * zone goes straight into the zone builder; IXFR differences are kept as
 * they come (each must start at the serial the last one ended at, the
 * first at base's) and applied by xfr_apply_finish() to a working copy of
 * base (every deletion must match a record), then built.  The result
 * passes the loader's checks or is refused; base is never changed.
 * xfr_apply_finish() may run on another thread than the feeding.
 */
struct xfr_apply {
	uint8_t			 apex[DNS_NAME_MAX];
	const struct dns_zone	*base;		/* may be NULL: AXFR only */
	struct dns_zone_report	*rep;
	const char		*label;
	struct dns_zone_builder	*zb;
	struct xfr_rrset	*set;
	uint32_t		 at;		/* serial the working copy has */
	bool			 in_add;
	size_t			 diffs;
	size_t			 added, deleted;
	/* The differences as received, applied at the end. */
	struct xfr_diff		*journal;
	size_t			 njournal, capjournal;
	size_t			 del_cap, add_cap;
	char			 err[XFR_ERR_MAX];
	struct xfr_parse_ops	 ops;		/* for xfr_parser_feed() */
};

/* rep (may be NULL) gets the zone checks' messages under label. */
void	xfr_apply_init(struct xfr_apply *a, const uint8_t *apex,
	    const struct dns_zone *base, const char *label,
	    struct dns_zone_report *rep);
/*
 * After the parser said the stream is complete with result: the new zone,
 * or NULL with a->err set (a difference did not apply, a check failed).
 * Frees what a holds either way.
 */
struct dns_zone *xfr_apply_finish(struct xfr_apply *a, enum xfr_result result);
/* Frees what a holds (an abandoned transfer). */
void	xfr_apply_clear(struct xfr_apply *a);

/*
 * Persists zone at path so that a crash at any point leaves either the
 * old file or the new one, whole: written to path.tmp, fsync, renamed over
 * path, then the directory fsynced.  header (may be NULL) becomes a
 * comment line at the top.  Returns 0, or -errno with what failed in err.
 */
int	xfr_persist(const struct dns_zone *zone, const char *path,
	    const char *header, char *err, size_t errlen);

#endif
