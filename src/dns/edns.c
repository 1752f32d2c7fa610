/* SPDX-License-Identifier: MIT */
/*
 * edns.c -- OPT decoding (RFC 6891 6.1) and RFC 9018 server cookies.
 * Unknown options are skipped; only their framing is checked.  An EDNS
 * Client Subnet option (RFC 7871) is decoded and its verdict kept: a
 * malformed one fails the query only where ECS is enabled (answer.c), so
 * a server without geo answers treats it as before, as an unknown option.
 */
#include <netinet/in.h>
#include <string.h>

#include "../common/cur.h"
#include "../common/err.h"
#include "../common/siphash.h"
#include "dns.h"
#include "edns.h"

int
dns_edns_parse(struct dns_edns *e, uint16_t rclass, uint32_t ttl,
    const uint8_t *rdata, size_t rdlen)
{
	struct cur c, opt;
	uint16_t code, len;

	memset(e, 0, sizeof(*e));
	e->present = true;
	e->payload = rclass;
	e->version = (ttl >> 16) & 0xff;
	e->dnssec_ok = (ttl & DNS_EDNS_DO) != 0;
	cur_init(&c, rdata, rdlen);
	while (cur_left(&c) > 0) {
		code = cur_u16(&c);
		len = cur_u16(&c);
		if (!cur_sub(&c, len, &opt))
			return CN_EPARSE;
		switch (code) {
		case DNS_EDNS_NSID:
			e->nsid = true;
			break;
		case DNS_EDNS_COOKIE:
			/* A second cookie option: keep the first. */
			if (e->cookie_len != 0)
				break;
			e->cookie_len = len;
			if (len <= DNS_COOKIE_MAX_LEN)
				memcpy(e->cookie, opt.p, len);
			break;
		case DNS_EDNS_ECS:
			if (e->ecs_state != DNS_ECS_NONE)
				break;
			e->ecs_state = dns_ecs_parse(&e->ecs, opt.p, len) == 0 ?
			    DNS_ECS_OK : DNS_ECS_BAD;
			break;
		default:
			break;
		}
	}
	return c.err ? CN_EPARSE : 0;
}

int
dns_ecs_parse(struct dns_ecs *e, const uint8_t *p, size_t len)
{
	struct dns_ecs t;
	unsigned bits, n;

	if (len < 4)
		return CN_EPARSE;
	memset(&t, 0, sizeof(t));
	t.family = (uint16_t)(p[0] << 8 | p[1]);
	t.source = p[2];
	t.scope = p[3];
	/* RFC 7871 6 and 7.1.2: what makes the option malformed. */
	if (t.family == DNS_ECS_FAMILY_IP4)
		bits = 32;
	else if (t.family == DNS_ECS_FAMILY_IP6)
		bits = 128;
	else
		return CN_EPARSE;
	if (t.source > bits || t.scope != 0)
		return CN_EPARSE;
	n = (t.source + 7u) / 8;
	if (len - 4 != n)
		return CN_EPARSE;
	memcpy(t.addr, p + 4, n);
	/* "padding with 0 bits": no bit set beyond SOURCE PREFIX-LENGTH. */
	if (t.source % 8 != 0 &&
	    (t.addr[n - 1] & (0xffu >> (t.source % 8))) != 0)
		return CN_EPARSE;
	*e = t;
	return 0;
}

unsigned
dns_ecs_prefix(const struct dns_ecs *e, int *family, uint8_t addr[16])
{
	unsigned max, len, i;

	if (e->family == DNS_ECS_FAMILY_IP4) {
		*family = AF_INET;
		max = DNS_ECS_V4_MAX;
	} else {
		*family = AF_INET6;
		max = DNS_ECS_V6_MAX;
	}
	len = e->source < max ? e->source : max;
	memset(addr, 0, 16);
	for (i = 0; i < len / 8; i++)
		addr[i] = e->addr[i];
	if (len % 8 != 0)
		addr[i] = e->addr[i] & (uint8_t)(0xff00u >> (len % 8));
	return len;
}

size_t
dns_ecs_write(const struct dns_ecs *e, uint8_t scope, uint8_t *out,
    size_t cap)
{
	size_t n = (e->source + 7u) / 8;

	if (cap < 8 + n)
		return 0;
	out[0] = 0;
	out[1] = DNS_EDNS_ECS;
	out[2] = 0;
	out[3] = (uint8_t)(4 + n);
	out[4] = (uint8_t)(e->family >> 8);
	out[5] = (uint8_t)e->family;
	out[6] = e->source;
	out[7] = scope;
	memcpy(out + 8, e->addr, n);
	return 8 + n;
}

bool
dns_cookie_len_valid(size_t len)
{
	return len == DNS_COOKIE_CLIENT_LEN ||
	    (len >= 16 && len <= DNS_COOKIE_MAX_LEN);
}

void
dns_cookie_server(const uint8_t secret[16], const uint8_t *client,
    uint32_t now, const struct sockaddr *addr,
    uint8_t out[DNS_COOKIE_SERVER_LEN])
{
	uint8_t msg[DNS_COOKIE_CLIENT_LEN + 8 + 16];
	size_t len = 0;
	uint64_t h;
	int i;

	memcpy(msg, client, DNS_COOKIE_CLIENT_LEN);
	len = DNS_COOKIE_CLIENT_LEN;
	msg[len++] = 1;		/* version */
	msg[len++] = 0;
	msg[len++] = 0;
	msg[len++] = 0;
	msg[len++] = now >> 24;
	msg[len++] = (now >> 16) & 0xff;
	msg[len++] = (now >> 8) & 0xff;
	msg[len++] = now & 0xff;
	memcpy(out, msg + DNS_COOKIE_CLIENT_LEN, 8);
	if (addr != NULL && addr->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)addr;

		memcpy(msg + len, &in->sin_addr, 4);
		len += 4;
	} else if (addr != NULL && addr->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)addr;

		memcpy(msg + len, &in6->sin6_addr, 16);
		len += 16;
	}
	h = siphash24(secret, msg, len);
	/* RFC 9018 4.4: the hash goes out in the byte order it has. */
	for (i = 0; i < 8; i++)
		out[8 + i] = (h >> (8 * i)) & 0xff;
}

bool
dns_cookie_verify(const uint8_t secret[16], const uint8_t *cookie,
    size_t len, uint32_t now, const struct sockaddr *addr)
{
	uint8_t want[DNS_COOKIE_SERVER_LEN];
	const uint8_t *s = cookie + DNS_COOKIE_CLIENT_LEN;
	uint32_t ts;
	int32_t age;

	if (len != DNS_COOKIE_CLIENT_LEN + DNS_COOKIE_SERVER_LEN || s[0] != 1)
		return false;
	ts = (uint32_t)s[4] << 24 | (uint32_t)s[5] << 16 |
	    (uint32_t)s[6] << 8 | s[7];
	/* Serial number arithmetic (RFC 1982) on the 32-bit timestamp. */
	age = (int32_t)(now - ts);
	if (age > 3600 || age < -300)
		return false;
	dns_cookie_server(secret, cookie, ts, addr, want);
	return memcmp(want, s, DNS_COOKIE_SERVER_LEN) == 0;
}
