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
#define DNS_ECS_FAMILY_IP4	1
#define DNS_ECS_FAMILY_IP6	2
#define DNS_ECS_V4_MAX		24	/* longest source we use (7.1.1) */
#define DNS_ECS_V6_MAX		56
#define DNS_ECS_OPT_MAX		(4 + 4 + 16)	/* option, with its header */

/* What a query's EDNS Client Subnet option was. */
enum dns_ecs_state {
	DNS_ECS_NONE = 0,
	DNS_ECS_OK,
	DNS_ECS_BAD,		/* malformed: FORMERR where ECS is used */
};

/* An ECS option (RFC 7871 6) as the query sent it. */
struct dns_ecs {
	uint16_t	 family;	/* DNS_ECS_FAMILY_* */
	uint8_t		 source;	/* SOURCE PREFIX-LENGTH */
	uint8_t		 scope;		/* SCOPE PREFIX-LENGTH */
	uint8_t		 addr[16];	/* ceil(source / 8) octets, then 0 */
};

struct dns_edns {
	bool		 present;
	bool		 dnssec_ok;
	bool		 nsid;		/* NSID option present */
	uint8_t		 version;
	uint16_t	 payload;	/* client's, as sent */
	uint16_t	 cookie_len;	/* option length; 0 = none */
	uint8_t		 cookie[DNS_COOKIE_MAX_LEN];
	uint8_t		 ecs_state;	/* enum dns_ecs_state; first option */
	struct dns_ecs	 ecs;		/* when DNS_ECS_OK */
};

/*
 * Reads an OPT RR's class, TTL and RDATA into e.  Returns 0, or CN_EPARSE
 * when the option list is malformed (the caller answers FORMERR).
 */
int	dns_edns_parse(struct dns_edns *e, uint16_t rclass, uint32_t ttl,
	    const uint8_t *rdata, size_t rdlen);

/*
 * Decodes an ECS option's data (len octets) of a query into e.  Returns 0,
 * or CN_EPARSE when RFC 7871 calls it malformed (7.1.2 says FORMERR): an
 * unknown FAMILY, a SOURCE PREFIX-LENGTH beyond the address, a SCOPE
 * PREFIX-LENGTH other than 0, ADDRESS not ceil(SOURCE / 8) octets long, or
 * bits set past SOURCE PREFIX-LENGTH.  e is written only on success.
 */
int	dns_ecs_parse(struct dns_ecs *e, const uint8_t *p, size_t len);

/*
 * The prefix a server uses of e: the address family (AF_INET or
 * AF_INET6), the address truncated to at most DNS_ECS_V4_MAX or
 * DNS_ECS_V6_MAX bits into addr (16 octets, zero-padded); returns the
 * prefix length used.
 */
unsigned	dns_ecs_prefix(const struct dns_ecs *e, int *family,
		    uint8_t addr[16]);

/*
 * Writes the response's ECS option (code, length, data) for query option
 * e with scope (RFC 7871 7.2.1: FAMILY, SOURCE and ADDRESS as the query
 * sent them) into out (cap octets).  Returns its length, 0 if it does not
 * fit.
 */
size_t	dns_ecs_write(const struct dns_ecs *e, uint8_t scope, uint8_t *out,
	    size_t cap);

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
