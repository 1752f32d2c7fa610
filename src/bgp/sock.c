/* SPDX-License-Identifier: MIT */
/*
 * sock.c -- BGP's TCP sockets and their options.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sock.h"

int
bgp_sock_md5(int fd, const struct conf_addr *addr, const char *key)
{
	struct tcp_md5sig md5;
	size_t klen = key ? strlen(key) : 0;

	if (klen > TCP_MD5SIG_MAXKEYLEN)
		return -EINVAL;
	memset(&md5, 0, sizeof(md5));
	conf_addr_sockaddr(addr, 0, &md5.tcpm_addr);
	md5.tcpm_keylen = (uint16_t)klen;
	memcpy(md5.tcpm_key, key ? key : "", klen);
	if (setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, &md5, sizeof(md5)) != 0)
		return -errno;
	return 0;
}

int
bgp_sock_gtsm(int fd, int af)
{
	int ttl = 255;

	if (af == AF_INET) {
		if (setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)) ||
		    setsockopt(fd, IPPROTO_IP, IP_MINTTL, &ttl, sizeof(ttl)))
			return -errno;
		return 0;
	}
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl,
	    sizeof(ttl)) || setsockopt(fd, IPPROTO_IPV6, IPV6_MINHOPCOUNT,
	    &ttl, sizeof(ttl)))
		return -errno;
	return 0;
}

/* Routing protocol traffic: precedence Internet Control (CS6). */
static void
set_common(int fd, int af)
{
	int on = 1, tos = IPTOS_PREC_INTERNETCONTROL;

	/* A withdrawal must leave at once, not wait behind Nagle. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	if (af == AF_INET)
		setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof(tos));
	else
		setsockopt(fd, IPPROTO_IPV6, IPV6_TCLASS, &tos, sizeof(tos));
}

static int
fail(int fd, int err, const char *what, char *why, size_t whylen)
{
	snprintf(why, whylen, "%s: %s", what, strerror(-err));
	if (fd >= 0)
		close(fd);
	return err;
}

int
bgp_sock_connect(const struct conf_peer *p, char *why, size_t whylen)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, r;

	fd = socket(p->address.af, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd < 0)
		return fail(-1, -errno, "socket", why, whylen);
	set_common(fd, p->address.af);
	if (p->password != NULL &&
	    (r = bgp_sock_md5(fd, &p->address, p->password)) != 0)
		return fail(fd, r, "TCP-MD5", why, whylen);
	if (p->ttl_security && (r = bgp_sock_gtsm(fd, p->address.af)) != 0)
		return fail(fd, r, "ttl-security", why, whylen);
	if (p->local_address.af != 0) {
		/* Rule 2 of DESIGN.md: a unicast source, never an anycast one. */
		sl = conf_addr_sockaddr(&p->local_address, 0, &ss);
		if (bind(fd, (struct sockaddr *)&ss, sl) != 0)
			return fail(fd, -errno, "bind to local-address", why,
			    whylen);
	}
	sl = conf_addr_sockaddr(&p->address, p->port, &ss);
	if (connect(fd, (struct sockaddr *)&ss, sl) != 0 &&
	    errno != EINPROGRESS)
		return fail(fd, -errno, "connect", why, whylen);
	return fd;
}

int
bgp_sock_listen(int af, uint16_t port, char *why, size_t whylen)
{
	struct sockaddr_storage ss;
	struct conf_addr any = { .af = af };
	socklen_t sl;
	int fd, on = 1;

	fd = socket(af, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fail(-1, -errno, "socket", why, whylen);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (af == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	set_common(fd, af);
	sl = conf_addr_sockaddr(&any, port, &ss);
	if (bind(fd, (struct sockaddr *)&ss, sl) != 0)
		return fail(fd, -errno, "bind", why, whylen);
	if (listen(fd, 16) != 0)
		return fail(fd, -errno, "listen", why, whylen);
	return fd;
}
