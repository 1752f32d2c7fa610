/* SPDX-License-Identifier: MIT */
/*
 * sock.h -- the TCP sockets of BGP: outgoing connections and listeners,
 * with TCP-MD5 (RFC 2385), GTSM (RFC 5082) and the Internet Control
 * precedence.  Each returns a non-blocking fd or a negative errno and
 * writes what failed into why.
 */
#ifndef CN_BGP_SOCK_H
#define CN_BGP_SOCK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "../conf/conf.h"

/* Starts a non-blocking connect() to the peer (EINPROGRESS is success). */
int	bgp_sock_connect(const struct conf_peer *p, char *why, size_t whylen);

/* Listens on the wildcard address of af, port. */
int	bgp_sock_listen(int af, uint16_t port, char *why, size_t whylen);

/* Sets (key non-NULL) or removes the TCP-MD5 key for addr on fd. */
int	bgp_sock_md5(int fd, const struct conf_addr *addr, const char *key);

/* GTSM: send with TTL 255, accept only TTL 255 (one hop). */
int	bgp_sock_gtsm(int fd, int af);

#endif
