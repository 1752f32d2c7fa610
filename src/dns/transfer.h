/* SPDX-License-Identifier: MIT */
/*
 * transfer.h -- the parts of answering that concern zone transfers: TSIG
 * on any query (RFC 8945 5.2, 5.3), AXFR and IXFR requests (RFC 5936,
 * RFC 1995) and NOTIFY (RFC 1996).  Called by answer.c only, from worker
 * threads; like it, no allocation, no lock, no I/O but the hooks of
 * struct dns_answer_conf (the server logs refusals, the secondary side
 * takes NOTIFYs).
 */
#ifndef CN_DNS_TRANSFER_H
#define CN_DNS_TRANSFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/wbuf.h"
#include "answer.h"
#include "tsig.h"
#include "xfrout.h"

/* Per query: its TSIG state and the SOA serial it carried. */
struct dns_xq {
	bool			 tsig;		/* the answer gets a TSIG */
	bool			 has_serial;	/* an SOA in answer/authority */
	uint32_t		 serial;
	struct dns_tsig_ctx	 ctx;
};

static inline void
dns_xq_init(struct dns_xq *xq)
{
	xq->tsig = false;
	xq->has_serial = false;
}

/*
 * Checks the TSIG of a query whose last RR is a TSIG.  Returns the RCODE
 * to answer with: 0 (valid: the answer will be signed), FORMERR (no TSIG
 * in the answer) or NOTAUTH (a TSIG with the error goes into the answer,
 * and the error is reported through conf->refused with lname, the
 * question's name).
 */
unsigned dns_xq_tsig(struct dns_xq *xq, const struct dns_answer_conf *conf,
	    const struct dns_client *cl, const uint8_t *lname,
	    const uint8_t *query, size_t qlen);

/* Appends the answer's TSIG (*len grows); CN_ESPACE if it does not fit. */
int	dns_xq_sign(struct dns_xq *xq, uint8_t *resp, size_t *len, size_t cap);

/* Octets the answer's TSIG takes (0 without one). */
size_t	dns_xq_tsig_size(const struct dns_xq *xq);

/*
 * An AXFR or IXFR query for lname (lowercase) of class qclass.  Returns
 * the RCODE.  With *started set the caller streams the transfer described
 * in req (TCP only; req NULL over UDP); otherwise w may hold the answer
 * records (an IXFR answered with the current SOA alone), counted in *an.
 * The question's name sits at DNS_HDR_LEN in w, for compression.
 */
unsigned dns_xq_transfer(struct dns_xq *xq, const struct dns_db *db,
	    const struct dns_answer_conf *conf, const struct dns_client *cl,
	    const uint8_t *lname, uint16_t qtype, struct wbuf *w,
	    uint16_t *an, struct dns_xfr_req *req, bool *started);

/*
 * A NOTIFY (opcode 4) for lname: accepted from an address among the
 * zone's primaries with that primary's key, handed to conf->notify, and
 * answered NOERROR with AA (RFC 1996 4.7); everything else is REFUSED and
 * reported through conf->refused.  Returns the RCODE; *aa says whether
 * the answer is authoritative.
 */
unsigned dns_xq_notify(struct dns_xq *xq, const struct dns_answer_conf *conf,
	    const struct dns_client *cl, const uint8_t *lname, uint16_t qtype,
	    bool *aa);

#endif
