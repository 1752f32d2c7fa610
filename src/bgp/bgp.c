/* SPDX-License-Identifier: MIT */
/*
 * bgp.c -- the speaker: peers from the configuration, listeners that hand
 * incoming connections to their peer, and the Adj-RIB-Out of each peer
 * (which of our prefixes it was sent, and how), kept in step with the
 * route states the daemon sets.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../common/err.h"
#include "../common/log.h"
#include "../common/mem.h"
#include "bgp.h"
#include "sock.h"

#define BGP_ATTR_COMMS_MAX	(2 * CONF_COMMUNITIES_MAX + 1)

/* What a peer was sent for a prefix (its Adj-RIB-Out entry). */
enum sent_state {
	SENT_NONE,
	SENT_ANNOUNCED,
	SENT_DRAINING,
};

struct route {
	enum bgp_route_state	 state;
	unsigned		 extra_prepend;
};

struct listener {
	struct loop_io		 io;
	int			 af;
	struct bgp		*bgp;
};

struct bgp {
	struct loop		*loop;
	struct conf		*conf;		/* referenced */
	struct bgp_peer		**peers;
	size_t			 npeers;
	struct route		*routes;	/* per conf->anycast */
	struct listener		 listen[2];	/* IPv4, IPv6 */
};

static void	peer_established(struct bgp_peer *peer);
static void	peer_refresh(struct bgp_peer *peer, uint16_t afi);
static int	peer_connect(struct bgp_peer *peer);

static const struct bgp_peer_ops peer_ops = {
	.established = peer_established,
	.refresh = peer_refresh,
	.connect = peer_connect,
};

static uint8_t
afi_of(const struct conf_prefix *p)
{
	return p->af == AF_INET ? BGP_AFI_IPV4 : BGP_AFI_IPV6;
}

static bool
peer_carries(const struct bgp_peer *peer, size_t idx)
{
	size_t i;

	if (peer->conf->nprefixes == 0)
		return true;
	for (i = 0; i < peer->conf->nprefixes; i++)
		if (peer->conf->prefixes[i] == idx)
			return true;
	return false;
}

/* RFC 4760 8: a peer that sends no multiprotocol capability speaks IPv4. */
static bool
session_has_afi(const struct bgp_conn *c, uint8_t afi)
{
	bool any_mp = c->remote.cap_mp_ipv4 || c->remote.cap_mp_ipv6;

	if (afi == BGP_AFI_IPV4)
		return c->remote.cap_mp_ipv4 || !any_mp;
	return c->remote.cap_mp_ipv6;
}

/* The next hop for a family: configured, else the session's own address. */
static bool
next_hop(const struct bgp_conn *c, uint8_t afi, uint8_t nh[16])
{
	const struct conf_peer *pc = c->peer->conf;
	const struct conf_addr *set = afi == BGP_AFI_IPV4 ? &pc->next_hop :
	    &pc->next_hop6;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);

	if (set->af != 0) {
		memcpy(nh, set->addr, 16);
		return true;
	}
	if (getsockname(c->io.fd, (struct sockaddr *)&ss, &sl) != 0)
		return false;
	if (afi == BGP_AFI_IPV4 && ss.ss_family == AF_INET) {
		memcpy(nh, &((struct sockaddr_in *)&ss)->sin_addr, 4);
		return true;
	}
	if (afi == BGP_AFI_IPV6 && ss.ss_family == AF_INET6) {
		const struct in6_addr *a = &((struct sockaddr_in6 *)&ss)->sin6_addr;

		if (IN6_IS_ADDR_LINKLOCAL(a) || IN6_IS_ADDR_V4MAPPED(a))
			return false;
		memcpy(nh, a, 16);
		return true;
	}
	return false;
}

/* Scratch space for one announcement's attribute lists. */
struct attr_space {
	uint32_t	 comms[BGP_ATTR_COMMS_MAX];
	uint32_t	 large[3 * 2 * CONF_COMMUNITIES_MAX];
};

static void
add_attrs(struct bgp_attrs *a, struct attr_space *sp,
    const struct conf_route_attrs *ra)
{
	size_t i;

	for (i = 0; i < ra->ncommunities; i++)
		sp->comms[a->ncommunities++] = ra->communities[i];
	for (i = 0; i < ra->nlarge; i++, a->nlarge++) {
		sp->large[3 * a->nlarge] = ra->large[i].global;
		sp->large[3 * a->nlarge + 1] = ra->large[i].local1;
		sp->large[3 * a->nlarge + 2] = ra->large[i].local2;
	}
	a->prepend += ra->prepend;
	if (ra->med_set) {
		a->med_set = true;
		a->med = ra->med;
	}
}

/* Prefix attributes first, then the peer's: the peer's MED wins. */
static void
build_attrs(const struct bgp *bgp, const struct bgp_conn *c, size_t idx,
    struct bgp_attrs *a, struct attr_space *sp)
{
	const struct conf_peer *pc = c->peer->conf;

	memset(a, 0, sizeof(*a));
	a->local_as = bgp->conf->bgp_as;
	a->ibgp = pc->remote_as == bgp->conf->bgp_as;
	a->as4 = c->remote.cap_as4;
	a->local_pref = pc->local_pref;	/* 100 unless configured */
	a->communities = sp->comms;
	a->large = sp->large;
	add_attrs(a, sp, &bgp->conf->anycast[idx].attrs);
	add_attrs(a, sp, &pc->attrs);
	if (bgp->routes[idx].state == BGP_ROUTE_DRAINING) {
		/* RFC 8326 4: GRACEFUL_SHUTDOWN lowers the route's preference. */
		sp->comms[a->ncommunities++] = BGP_COMM_GRACEFUL_SHUTDOWN;
		a->prepend += bgp->routes[idx].extra_prepend;
	}
	if (a->prepend > CONF_PREPEND_MAX * 3)
		a->prepend = CONF_PREPEND_MAX * 3;
}

static struct bgp_prefix
to_bgp_prefix(const struct conf_prefix *p)
{
	struct bgp_prefix bp;

	memset(&bp, 0, sizeof(bp));
	bp.afi = afi_of(p);
	bp.len = p->len;
	memcpy(bp.addr, p->addr, 16);
	return bp;
}

static int
send_route(struct bgp *bgp, struct bgp_peer *peer, struct bgp_conn *c,
    size_t idx, bool announce)
{
	const struct conf_prefix *p = &bgp->conf->anycast[idx].prefix;
	struct bgp_prefix bp = to_bgp_prefix(p);
	uint8_t buf[BGP_MAX_LEN];
	struct attr_space sp;
	struct bgp_attrs a;
	struct wbuf w;
	int r;

	wbuf_init(&w, buf, sizeof(buf));
	if (announce) {
		build_attrs(bgp, c, idx, &a, &sp);
		if (!next_hop(c, bp.afi, a.next_hop)) {
			log_warnx("peer %s: no %s next hop for %s: not "
			    "announced (set next-hop%s)", peer->name,
			    bp.afi == BGP_AFI_IPV4 ? "IPv4" : "IPv6", p->text,
			    bp.afi == BGP_AFI_IPV4 ? "" : "-ipv6");
			return CN_EINVAL;
		}
		r = bgp_msg_update_announce(&w, &a, &bp, 1);
	} else {
		r = bgp_msg_update_withdraw(&w, &bp, 1);
	}
	if (r != 0)
		return r;
	if ((r = bgp_peer_send(peer, buf, w.len)) != 0)
		return r;
	log_info("peer %s: %s %s%s", peer->name, announce ? "announced" :
	    "withdrew", p->text, announce && bgp->routes[idx].state ==
	    BGP_ROUTE_DRAINING ? " (draining: GRACEFUL_SHUTDOWN)" : "");
	return 0;
}

static enum sent_state
wanted(const struct bgp *bgp, const struct bgp_peer *peer,
    const struct bgp_conn *c, size_t idx)
{
	if (!peer_carries(peer, idx) ||
	    !session_has_afi(c, afi_of(&bgp->conf->anycast[idx].prefix)))
		return SENT_NONE;
	switch (bgp->routes[idx].state) {
	case BGP_ROUTE_ANNOUNCED:
		return SENT_ANNOUNCED;
	case BGP_ROUTE_DRAINING:
		return SENT_DRAINING;
	default:
		return SENT_NONE;
	}
}

/*
 * Brings one peer's Adj-RIB-Out to what the routes say; with force, every
 * announced route is sent again (new attributes, ROUTE-REFRESH).  afi 0
 * means both families.
 */
static void
sync_peer(struct bgp *bgp, struct bgp_peer *peer, bool force, uint8_t afi)
{
	struct bgp_conn *c = bgp_peer_established(peer);
	size_t i;

	for (i = 0; c != NULL && i < bgp->conf->nanycast; i++) {
		enum sent_state want = wanted(bgp, peer, c, i);

		if (afi != 0 && afi_of(&bgp->conf->anycast[i].prefix) != afi)
			continue;
		if (want == peer->sent[i] && !(force && want != SENT_NONE))
			continue;
		if (send_route(bgp, peer, c, i, want != SENT_NONE) == 0)
			peer->sent[i] = (uint8_t)want;
		else if (want != SENT_NONE)
			peer->sent[i] = SENT_NONE;
		c = bgp_peer_established(peer);	/* a send may fail */
	}
	peer->stats.announced = 0;
	for (i = 0; i < bgp->conf->nanycast; i++)
		peer->stats.announced += peer->sent[i] != SENT_NONE;
}

static void
send_end_of_rib(struct bgp_peer *peer, uint8_t afi)
{
	struct bgp_conn *c = bgp_peer_established(peer);
	uint8_t buf[64];
	struct wbuf w;

	if (c == NULL || !session_has_afi(c, afi))
		return;
	wbuf_init(&w, buf, sizeof(buf));
	if (bgp_msg_end_of_rib(&w, afi) == 0)
		bgp_peer_send(peer, buf, w.len);
}

static void
peer_established(struct bgp_peer *peer)
{
	struct bgp *bgp = peer->arg;

	memset(peer->sent, SENT_NONE, bgp->conf->nanycast);
	sync_peer(bgp, peer, false, 0);
	send_end_of_rib(peer, BGP_AFI_IPV4);
	send_end_of_rib(peer, BGP_AFI_IPV6);
}

/* RFC 2918 3: answered by sending the Adj-RIB-Out of the family again. */
static void
peer_refresh(struct bgp_peer *peer, uint16_t afi)
{
	struct bgp *bgp = peer->arg;

	log_info("peer %s: route refresh for %s", peer->name,
	    afi == BGP_AFI_IPV4 ? "IPv4" : "IPv6");
	sync_peer(bgp, peer, true, (uint8_t)afi);
	send_end_of_rib(peer, (uint8_t)afi);
}

static int
peer_connect(struct bgp_peer *peer)
{
	char why[160];
	int fd;

	fd = bgp_sock_connect(peer->conf, why, sizeof(why));
	if (fd < 0) {
		snprintf(peer->last_error, sizeof(peer->last_error), "%s",
		    why);
		log_warnx("peer %s: %s", peer->name, why);
	}
	return fd;
}

/* --- incoming connections ------------------------------------------- */

static bool
addr_equal(const struct conf_addr *a, const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return a->af == AF_INET && memcmp(a->addr,
		    &((const struct sockaddr_in *)ss)->sin_addr, 4) == 0;
	return a->af == AF_INET6 && memcmp(a->addr,
	    &((const struct sockaddr_in6 *)ss)->sin6_addr, 16) == 0;
}

static void
accept_event(struct loop_io *io, uint32_t events)
{
	struct listener *l = io->arg;
	struct bgp *bgp = l->bgp;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char text[INET6_ADDRSTRLEN];
	size_t i;
	int fd;

	(void)events;
	fd = accept4(io->fd, (struct sockaddr *)&ss, &sl,
	    SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;
	for (i = 0; i < bgp->npeers; i++) {
		struct bgp_peer *peer = bgp->peers[i];

		if (!addr_equal(&peer->conf->address, &ss))
			continue;
		if (peer->conf->ttl_security)
			bgp_sock_gtsm(fd, ss.ss_family);
		bgp_peer_accept(peer, fd);
		return;
	}
	inet_ntop(ss.ss_family, ss.ss_family == AF_INET ?
	    (void *)&((struct sockaddr_in *)&ss)->sin_addr :
	    (void *)&((struct sockaddr_in6 *)&ss)->sin6_addr, text,
	    sizeof(text));
	log_info("BGP connection from %s refused: not a configured peer",
	    text);
	close(fd);
}

static void
listener_close(struct bgp *bgp, struct listener *l)
{
	if (l->io.fd < 0)
		return;
	loop_io_del(bgp->loop, &l->io);
	close(l->io.fd);
	l->io.fd = -1;
}

/* Opens the listener of a family when a peer of that family exists. */
static int
listener_open(struct bgp *bgp, struct listener *l, bool wanted_af)
{
	char why[160];
	int fd;

	if (!wanted_af) {
		listener_close(bgp, l);
		return 0;
	}
	if (l->io.fd >= 0)
		return 0;
	fd = bgp_sock_listen(l->af, CONF_BGP_PORT, why, sizeof(why));
	if (fd < 0) {
		log_err("BGP listener %s port %u: %s", l->af == AF_INET ?
		    "0.0.0.0" : "[::]", CONF_BGP_PORT, why);
		return fd;
	}
	l->io.fd = fd;
	if (loop_io_add(bgp->loop, &l->io, EPOLLIN) != 0) {
		close(fd);
		l->io.fd = -1;
		return CN_EINVAL;
	}
	return 0;
}

/* The listener holds one TCP-MD5 key per peer address that has one. */
static void
listener_keys(struct bgp *bgp, const struct conf *conf, bool remove)
{
	size_t i;

	for (i = 0; conf != NULL && i < conf->npeers; i++) {
		const struct conf_peer *p = &conf->peers[i];
		struct listener *l = &bgp->listen[p->address.af == AF_INET6];

		if (p->password == NULL || l->io.fd < 0)
			continue;
		if (bgp_sock_md5(l->io.fd, &p->address,
		    remove ? NULL : p->password) != 0 && !remove)
			log_warn("TCP-MD5 key for peer %s", p->name);
	}
}

/* --- configuration ---------------------------------------------------- */

struct bgp *
bgp_new(struct loop *loop)
{
	struct bgp *bgp = xcalloc(1, sizeof(*bgp));
	int i;

	bgp->loop = loop;
	for (i = 0; i < 2; i++) {
		bgp->listen[i].af = i == 0 ? AF_INET : AF_INET6;
		bgp->listen[i].bgp = bgp;
		bgp->listen[i].io.fd = -1;
		bgp->listen[i].io.cb = accept_event;
		bgp->listen[i].io.arg = &bgp->listen[i];
	}
	return bgp;
}

/* Fields that need a new session when they change. */
static bool
same_session(const struct conf *a, const struct conf_peer *pa,
    const struct conf *b, const struct conf_peer *pb)
{
	return a->bgp_as == b->bgp_as && a->bgp_router_id ==
	    b->bgp_router_id && pa->port == pb->port && pa->remote_as ==
	    pb->remote_as && memcmp(&pa->local_address, &pb->local_address,
	    sizeof(pa->local_address)) == 0 && pa->ttl_security ==
	    pb->ttl_security && pa->passive == pb->passive &&
	    pa->hold_time == pb->hold_time && ((pa->password == NULL &&
	    pb->password == NULL) || (pa->password != NULL &&
	    pb->password != NULL && strcmp(pa->password, pb->password) == 0));
}

/* Finds the running peer of the same address and port, and takes it. */
static struct bgp_peer *
take_peer(struct bgp *bgp, const struct conf_peer *pc)
{
	size_t i;

	for (i = 0; i < bgp->npeers; i++) {
		struct bgp_peer *p = bgp->peers[i];

		if (p != NULL && memcmp(&p->conf->address, &pc->address,
		    sizeof(pc->address)) == 0 && p->conf->port == pc->port) {
			bgp->peers[i] = NULL;
			return p;
		}
	}
	return NULL;
}

static void
peer_free(struct bgp_peer *peer, uint8_t subcode, const char *why)
{
	if (peer == NULL)
		return;
	bgp_peer_stop(peer, subcode, why);
	bgp_peer_clear(peer);
	free(peer);
}

/* Withdraws, from a kept peer, what the new configuration no longer has. */
static void
withdraw_removed(struct bgp *bgp, struct bgp_peer *peer, const size_t *map)
{
	struct bgp_conn *c = bgp_peer_established(peer);
	size_t i;

	for (i = 0; c != NULL && i < bgp->conf->nanycast; i++)
		if (peer->sent[i] != SENT_NONE && map[i] == SIZE_MAX)
			send_route(bgp, peer, c, i, false);
}

/* The kept peer's Adj-RIB-Out in the new prefix order. */
static void
remap_sent(struct bgp_peer *peer, const size_t *map, size_t nold,
    size_t nnew)
{
	uint8_t *sent = xcalloc(nnew ? nnew : 1, 1);
	size_t i;

	for (i = 0; i < nold; i++)
		if (map[i] != SIZE_MAX)
			sent[map[i]] = peer->sent[i];
	free(peer->sent);
	peer->sent = sent;
}

/* Old prefix index -> new index, SIZE_MAX for a removed prefix. */
static size_t *
prefix_map(const struct conf *old, const struct conf *new)
{
	size_t n = old != NULL ? old->nanycast : 0;
	size_t *map = xcalloc(n ? n : 1, sizeof(*map));
	size_t i, j;

	for (i = 0; i < n; i++) {
		map[i] = SIZE_MAX;
		for (j = 0; j < new->nanycast; j++)
			if (strcmp(old->anycast[i].prefix.text,
			    new->anycast[j].prefix.text) == 0)
				map[i] = j;
	}
	return map;
}

/* The peer for conf->peers[i]: the running one if its session may stay. */
static struct bgp_peer *
reuse_peer(struct bgp *bgp, const struct conf *conf, size_t i,
    const size_t *map, bool *fresh)
{
	const struct conf_peer *pc = &conf->peers[i];
	struct bgp_peer *p = take_peer(bgp, pc);

	if (p != NULL && !same_session(bgp->conf, p->conf, conf, pc)) {
		log_info("peer %s: session settings changed, resetting",
		    p->name);
		peer_free(p, BGP_CEASE_CONFIG, "configuration changed");
		p = NULL;
	}
	*fresh = p == NULL;
	if (p != NULL) {
		withdraw_removed(bgp, p, map);
		remap_sent(p, map, bgp->conf->nanycast, conf->nanycast);
		p->conf = pc;
		return p;
	}
	p = xmalloc(sizeof(*p));
	bgp_peer_init(p, pc, conf->bgp_as, conf->bgp_router_id, bgp->loop,
	    &peer_ops, bgp);
	p->sent = xcalloc(conf->nanycast ? conf->nanycast : 1, 1);
	return p;
}

int
bgp_configure(struct bgp *bgp, struct conf *conf)
{
	struct conf *old = bgp->conf;
	size_t i, nold = old ? old->nanycast : 0;
	struct bgp_peer **peers;
	struct route *routes;
	bool v4 = false, v6 = false, *fresh;
	size_t *map;
	int r;

	for (i = 0; i < conf->npeers; i++) {
		v4 |= conf->peers[i].address.af == AF_INET;
		v6 |= conf->peers[i].address.af == AF_INET6;
	}
	if ((r = listener_open(bgp, &bgp->listen[0], v4)) != 0 ||
	    (r = listener_open(bgp, &bgp->listen[1], v6)) != 0)
		return r;
	listener_keys(bgp, old, true);
	listener_keys(bgp, conf, false);

	map = prefix_map(old, conf);
	routes = xcalloc(conf->nanycast ? conf->nanycast : 1, sizeof(*routes));
	for (i = 0; i < nold; i++)
		if (map[i] != SIZE_MAX)
			routes[map[i]] = bgp->routes[i];
	peers = xcalloc(conf->npeers ? conf->npeers : 1, sizeof(*peers));
	fresh = xcalloc(conf->npeers ? conf->npeers : 1, sizeof(*fresh));
	for (i = 0; i < conf->npeers; i++)
		peers[i] = reuse_peer(bgp, conf, i, map, &fresh[i]);
	for (i = 0; i < bgp->npeers; i++)
		peer_free(bgp->peers[i], BGP_CEASE_PEER_DECONF,
		    "peer removed from the configuration");

	free(bgp->peers);
	free(bgp->routes);
	free(map);
	bgp->peers = peers;
	bgp->npeers = conf->npeers;
	bgp->routes = routes;
	bgp->conf = conf_ref(conf);
	conf_free(old);
	for (i = 0; i < bgp->npeers; i++) {
		if (fresh[i])
			bgp_peer_start(bgp->peers[i]);
		else
			sync_peer(bgp, bgp->peers[i], true, 0);
	}
	free(fresh);
	return 0;
}

void
bgp_route_set(struct bgp *bgp, size_t idx, enum bgp_route_state state,
    unsigned extra_prepend)
{
	bool reattr;
	size_t i;

	if (bgp->conf == NULL || idx >= bgp->conf->nanycast)
		return;
	if (bgp->routes[idx].state == state &&
	    bgp->routes[idx].extra_prepend == extra_prepend)
		return;
	/* Only the drain prepend changed: the Adj-RIB-Out cannot tell. */
	reattr = bgp->routes[idx].state == state;
	bgp->routes[idx].state = state;
	bgp->routes[idx].extra_prepend = extra_prepend;
	for (i = 0; i < bgp->npeers; i++)
		sync_peer(bgp, bgp->peers[i], reattr, 0);
}

enum bgp_route_state
bgp_route_get(const struct bgp *bgp, size_t idx)
{
	if (bgp->conf == NULL || idx >= bgp->conf->nanycast)
		return BGP_ROUTE_WITHDRAWN;
	return bgp->routes[idx].state;
}

size_t
bgp_peer_count(const struct bgp *bgp)
{
	return bgp->npeers;
}

const struct bgp_peer *
bgp_peer_at(const struct bgp *bgp, size_t i)
{
	return i < bgp->npeers ? bgp->peers[i] : NULL;
}

void
bgp_free(struct bgp *bgp, const char *why)
{
	size_t i;

	if (bgp == NULL)
		return;
	for (i = 0; i < bgp->npeers; i++)
		peer_free(bgp->peers[i], BGP_CEASE_SHUTDOWN, why);
	listener_close(bgp, &bgp->listen[0]);
	listener_close(bgp, &bgp->listen[1]);
	free(bgp->peers);
	free(bgp->routes);
	conf_free(bgp->conf);
	free(bgp);
}
