/* SPDX-License-Identifier: MIT */
/*
 * edns.h -- EDNS(0) OPT record contents (RFC 6891) and DNS server cookies
 * (RFC 7873, RFC 9018 version 1).  Decoding only reads the query's OPT;
 * the answer writer puts the response's OPT itself.
 */
#ifndef CN_DNS_EDNS_H
#define CN_DNS_EDNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define DNS_COOKIE_CLIENT_LEN	8
#define DNS_COOKIE_SERVER_LEN	16	/* RFC 9018 version 1 */
#define DNS_COOKIE_MAX_LEN	40	/* client 8 + server 8..32 */
#define DNS_EDNS_EDE		15	/* RFC 8914 option code */
#define DNS_EDE_NOT_AUTH	20	/* "Not Authoritative" */

struct dns_edns {
	bool		 present;
	bool		 dnssec_ok;
	bool		 nsid;		/* NSID option present */
	uint8_t		 version;
	uint16_t	 payload;	/* client's, as sent */
	uint16_t	 cookie_len;	/* option length; 0 = none */
	uint8_t		 cookie[DNS_COOKIE_MAX_LEN];
};

/*
 * Reads an OPT RR's class, TTL and RDATA into e.  Returns 0, or CN_EPARSE
 * when the option list is malformed (the caller answers FORMERR).
 */
int	dns_edns_parse(struct dns_edns *e, uint16_t rclass, uint32_t ttl,
	    const uint8_t *rdata, size_t rdlen);

/* True if the cookie option's length is one RFC 7873 5.2 allows. */
bool	dns_cookie_len_valid(size_t len);

/*
 * Computes the RFC 9018 server cookie for a client cookie, the time now
 * (seconds) and the client address (may be NULL) into out.
 */
void	dns_cookie_server(const uint8_t secret[16], const uint8_t *client,
	    uint32_t now, const struct sockaddr *addr,
	    uint8_t out[DNS_COOKIE_SERVER_LEN]);

/*
 * Checks a full cookie (client + server part, len octets): version 1, a
 * timestamp from an hour ago to 5 minutes ahead, and the hash.
 */
bool	dns_cookie_verify(const uint8_t secret[16], const uint8_t *cookie,
	    size_t len, uint32_t now, const struct sockaddr *addr);

#endif
