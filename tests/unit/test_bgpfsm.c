/* SPDX-License-Identifier: MIT */
/*
 * test_bgpfsm.c -- the BGP session state machine on a fake clock.
 *
 * This file defines the loop API itself (so the library's loop.o is not
 * linked): timers fire when the test advances the clock, and a pump hands
 * readable or writable fds to their callbacks.  Connections are
 * socketpairs; the test plays the router on the other end with the real
 * codec.
 */
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/bgp/msg.h"
#include "../../src/bgp/session.h"
#include "../../src/common/loop.h"
#include "../../src/common/log.h"

#include "fakeloop.h"

/* --- the router on the other end ---------------------------------------- */

#define LOCAL_AS	65001
#define REMOTE_AS	65000
#define LOCAL_ID	0xC0000202u	/* 192.0.2.2 */

static int		 established_calls;
static uint16_t		 refresh_afi;
static int		 connect_fd = -1;	/* handed out by ops.connect */
static int		 connect_calls;

static void
on_established(struct bgp_peer *peer)
{
	(void)peer;
	established_calls++;
}

static void
on_refresh(struct bgp_peer *peer, uint16_t afi)
{
	(void)peer;
	refresh_afi = afi;
}

static int
on_connect(struct bgp_peer *peer)
{
	int fd = connect_fd;

	(void)peer;
	connect_calls++;
	connect_fd = -1;
	return fd;
}

static const struct bgp_peer_ops ops = {
	.established = on_established,
	.refresh = on_refresh,
	.connect = on_connect,
};

static struct conf_peer pconf;
static struct bgp_peer peer;

static int
setup(void **state)
{
	(void)state;
	memset(ios, 0, sizeof(ios));
	memset(timers, 0, sizeof(timers));
	now_ms = 1000;
	established_calls = 0;
	refresh_afi = 0;
	connect_fd = -1;
	connect_calls = 0;
	memset(&pconf, 0, sizeof(pconf));
	pconf.name = (char *)"192.0.2.1";
	pconf.remote_as = REMOTE_AS;
	pconf.hold_time = 90;
	pconf.connect_retry_ms = 1000;
	pconf.passive = true;
	bgp_peer_init(&peer, &pconf, LOCAL_AS, LOCAL_ID, &the_loop, &ops,
	    NULL);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	bgp_peer_clear(&peer);
	if (connect_fd >= 0)
		close(connect_fd);
	return 0;
}

/* A socketpair: one end for the session, the other returned to play on. */
static int
pair(int *session_end)
{
	int sv[2];

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0,
	    sv), 0);
	*session_end = sv[0];
	return sv[1];
}

/* Reads one whole message from the router's end, or returns 0. */
static size_t
recv_msg(int fd, uint8_t *buf, uint8_t *type)
{
	struct bgp_notify n;
	uint16_t len;
	ssize_t r;

	r = recv(fd, buf, BGP_HDR_LEN, MSG_PEEK);
	if (r < BGP_HDR_LEN)
		return 0;
	assert_int_equal(bgp_msg_parse_header(buf, BGP_HDR_LEN, type, &len,
	    &n), 0);
	r = recv(fd, buf, len, 0);
	assert_int_equal(r, len);
	return len;
}

static void
expect_type(int fd, uint8_t want)
{
	uint8_t buf[BGP_MAX_LEN], type = 0;

	assert_true(recv_msg(fd, buf, &type) > 0);
	assert_int_equal(type, want);
}

static void
expect_notify(int fd, uint8_t code, uint8_t subcode)
{
	uint8_t buf[BGP_MAX_LEN], type = 0;
	struct bgp_notify n;
	size_t len;

	/* Skip what came before (OPEN, KEEPALIVE). */
	while ((len = recv_msg(fd, buf, &type)) > 0 &&
	    type != BGP_NOTIFICATION)
		;
	assert_int_equal(type, BGP_NOTIFICATION);
	assert_int_equal(bgp_msg_parse_notification(buf, len, &n), 0);
	assert_int_equal(n.code, code);
	assert_int_equal(n.subcode, subcode);
}

static void
send_raw(int fd, const uint8_t *p, size_t len)
{
	assert_int_equal(send(fd, p, len, 0), (ssize_t)len);
	pump();
}

static void
send_open(int fd, uint32_t as, uint32_t id, uint16_t hold)
{
	uint8_t buf[BGP_MAX_LEN];
	struct bgp_open o;
	struct wbuf w;

	memset(&o, 0, sizeof(o));
	o.version = BGP_VERSION;
	o.as = as;
	o.bgp_id = id;
	o.hold_time = hold;
	o.cap_mp_ipv4 = o.cap_mp_ipv6 = o.cap_as4 = true;
	o.cap_route_refresh = true;
	wbuf_init(&w, buf, sizeof(buf));
	assert_int_equal(bgp_msg_open(&w, &o), 0);
	send_raw(fd, buf, w.len);
}

static void
send_keepalive(int fd)
{
	uint8_t buf[BGP_HDR_LEN];
	struct wbuf w;

	wbuf_init(&w, buf, sizeof(buf));
	assert_int_equal(bgp_msg_keepalive(&w), 0);
	send_raw(fd, buf, w.len);
}

/* Brings a passive peer to Established over an accepted connection. */
static int
establish(uint16_t hold)
{
	int sfd, rfd = pair(&sfd);

	bgp_peer_start(&peer);
	assert_int_equal(peer.state, BGP_STATE_ACTIVE);
	bgp_peer_accept(&peer, sfd);
	assert_int_equal(peer.state, BGP_STATE_OPENSENT);
	expect_type(rfd, BGP_OPEN);
	send_open(rfd, REMOTE_AS, 0xC0000201u, hold);
	assert_int_equal(peer.state, BGP_STATE_OPENCONFIRM);
	expect_type(rfd, BGP_KEEPALIVE);
	send_keepalive(rfd);
	assert_int_equal(peer.state, BGP_STATE_ESTABLISHED);
	assert_int_equal(established_calls, 1);
	return rfd;
}

/* --- tests ------------------------------------------------------------ */

static void
passive_establish(void **state)
{
	int rfd;

	(void)state;
	rfd = establish(90);
	assert_int_equal(peer.conn[1].hold_s, 90);
	close(rfd);
}

static void
hold_time_negotiated_down_and_keepalives(void **state)
{
	int rfd;

	(void)state;
	pconf.hold_time = 90;
	rfd = establish(3);
	assert_int_equal(peer.conn[1].hold_s, 3);
	/* Keepalives every hold/3 = 1 s, while the router keeps talking. */
	advance(1000);
	expect_type(rfd, BGP_KEEPALIVE);
	send_keepalive(rfd);
	advance(1000);
	expect_type(rfd, BGP_KEEPALIVE);
	send_keepalive(rfd);
	assert_int_equal(peer.state, BGP_STATE_ESTABLISHED);
	close(rfd);
}

static void
hold_timer_expiry(void **state)
{
	int rfd;

	(void)state;
	rfd = establish(9);
	advance(8999);
	assert_int_equal(peer.state, BGP_STATE_ESTABLISHED);
	advance(2);
	expect_notify(rfd, BGP_ERR_HOLD, 0);
	assert_int_not_equal(peer.state, BGP_STATE_ESTABLISHED);
	assert_non_null(strstr(peer.last_error, "Hold Timer"));
	close(rfd);
}

static void
open_wrong_as(void **state)
{
	int sfd, rfd = pair(&sfd);

	(void)state;
	bgp_peer_start(&peer);
	bgp_peer_accept(&peer, sfd);
	send_open(rfd, 64999, 0xC0000201u, 90);
	expect_notify(rfd, BGP_ERR_OPEN, BGP_OPEN_PEER_AS);
	assert_int_equal(peer.state, BGP_STATE_ACTIVE);
	close(rfd);
}

static void
open_same_id_on_ibgp(void **state)
{
	int sfd, rfd;

	(void)state;
	pconf.remote_as = LOCAL_AS;
	rfd = pair(&sfd);
	bgp_peer_start(&peer);
	bgp_peer_accept(&peer, sfd);
	send_open(rfd, LOCAL_AS, LOCAL_ID, 90);
	expect_notify(rfd, BGP_ERR_OPEN, BGP_OPEN_BGPID);
	close(rfd);
}

static void
keepalive_in_opensent_is_fsm_error(void **state)
{
	int sfd, rfd = pair(&sfd);

	(void)state;
	bgp_peer_start(&peer);
	bgp_peer_accept(&peer, sfd);
	send_keepalive(rfd);
	expect_notify(rfd, BGP_ERR_FSM, BGP_FSM_OPENSENT);
	close(rfd);
}

static void
open_in_established_is_fsm_error(void **state)
{
	int rfd;

	(void)state;
	rfd = establish(90);
	send_open(rfd, REMOTE_AS, 0xC0000201u, 90);
	expect_notify(rfd, BGP_ERR_FSM, BGP_FSM_ESTABLISHED);
	close(rfd);
}

static void
bad_marker(void **state)
{
	uint8_t msg[BGP_HDR_LEN];
	int sfd, rfd = pair(&sfd);

	(void)state;
	bgp_peer_start(&peer);
	bgp_peer_accept(&peer, sfd);
	memset(msg, 0xff, sizeof(msg));
	msg[3] = 0;
	msg[16] = 0;
	msg[17] = BGP_HDR_LEN;
	msg[18] = BGP_KEEPALIVE;
	send_raw(rfd, msg, sizeof(msg));
	expect_notify(rfd, BGP_ERR_HEADER, BGP_HDR_SYNC);
	close(rfd);
}

static void
notification_received_closes(void **state)
{
	uint8_t buf[64];
	struct bgp_notify n;
	struct wbuf w;
	int rfd;

	(void)state;
	rfd = establish(90);
	bgp_notify_shutdown(&n, BGP_CEASE_SHUTDOWN, "maintenance");
	wbuf_init(&w, buf, sizeof(buf));
	assert_int_equal(bgp_msg_notification(&w, &n), 0);
	send_raw(rfd, buf, w.len);
	assert_int_equal(peer.state, BGP_STATE_ACTIVE);
	assert_non_null(strstr(peer.last_error, "maintenance"));
	close(rfd);
}

static void
route_refresh_asks_the_speaker(void **state)
{
	uint8_t buf[64];
	struct wbuf w;
	int rfd;

	(void)state;
	rfd = establish(90);
	wbuf_init(&w, buf, sizeof(buf));
	assert_int_equal(bgp_msg_route_refresh(&w, BGP_AFI_IPV6,
	    BGP_SAFI_UNICAST), 0);
	send_raw(rfd, buf, w.len);
	assert_int_equal(refresh_afi, BGP_AFI_IPV6);
	close(rfd);
}

static void
peer_closes_connection(void **state)
{
	int rfd;

	(void)state;
	rfd = establish(90);
	close(rfd);
	pump();
	assert_int_equal(peer.state, BGP_STATE_ACTIVE);
	assert_non_null(strstr(peer.last_error, "closed"));
}

static void
stop_sends_cease_with_text(void **state)
{
	uint8_t buf[BGP_MAX_LEN], type;
	struct bgp_notify n;
	char text[300];
	size_t len;
	int rfd;

	(void)state;
	rfd = establish(90);
	bgp_peer_stop(&peer, BGP_CEASE_SHUTDOWN, "castnsd shutting down");
	assert_int_equal(peer.state, BGP_STATE_IDLE);
	len = recv_msg(rfd, buf, &type);
	assert_int_equal(type, BGP_NOTIFICATION);
	assert_int_equal(bgp_msg_parse_notification(buf, len, &n), 0);
	bgp_notify_shutdown_text(&n, text, sizeof(text));
	assert_string_equal(text, "castnsd shutting down");
	close(rfd);
}

/* An active peer whose connect() completes, then its OPEN exchange. */
static int
active_connect(void)
{
	int sfd, rfd = pair(&sfd);

	pconf.passive = false;
	connect_fd = sfd;
	bgp_peer_start(&peer);
	assert_int_equal(connect_calls, 1);
	assert_int_equal(peer.state, BGP_STATE_CONNECT);
	pump();		/* writable: connected */
	assert_int_equal(peer.state, BGP_STATE_OPENSENT);
	expect_type(rfd, BGP_OPEN);
	return rfd;
}

static void
active_connect_retry_and_backoff(void **state)
{
	(void)state;
	pconf.passive = false;
	connect_fd = -1;	/* connect fails at once */
	bgp_peer_start(&peer);
	assert_int_equal(connect_calls, 1);
	advance(999);
	assert_int_equal(connect_calls, 1);
	advance(1);
	assert_int_equal(connect_calls, 2);
	/* The second failure waits twice as long. */
	advance(1999);
	assert_int_equal(connect_calls, 2);
	advance(1);
	assert_int_equal(connect_calls, 3);
}

static void
active_connect_timeout(void **state)
{
	int sfd, rfd;

	(void)state;
	rfd = pair(&sfd);
	pconf.passive = false;
	connect_fd = sfd;
	bgp_peer_start(&peer);
	/* Never pumped: the connect stays pending until ConnectRetry. */
	for (int i = 0; i < MAX_IOS; i++)
		if (ios[i] != NULL)
			io_events[i] = 0;
	advance(1000);
	assert_int_equal(connect_calls, 2);
	assert_non_null(strstr(peer.last_error, "timed out"));
	close(rfd);
}

/* RFC 4271 6.8: the connection opened by the higher BGP Identifier stays. */
static void
collision(uint32_t remote_id, bool outgoing_survives)
{
	int out_r, in_s, in_r;

	out_r = active_connect();
	in_r = pair(&in_s);
	bgp_peer_accept(&peer, in_s);
	expect_type(in_r, BGP_OPEN);
	send_open(out_r, REMOTE_AS, remote_id, 90);
	send_open(in_r, REMOTE_AS, remote_id, 90);
	if (outgoing_survives) {
		expect_notify(in_r, BGP_ERR_CEASE, BGP_CEASE_COLLISION);
		assert_true(peer.conn[0].io.fd >= 0);
		assert_true(peer.conn[1].io.fd < 0);
		send_keepalive(out_r);
	} else {
		expect_notify(out_r, BGP_ERR_CEASE, BGP_CEASE_COLLISION);
		assert_true(peer.conn[0].io.fd < 0);
		assert_true(peer.conn[1].io.fd >= 0);
		send_keepalive(in_r);
	}
	assert_int_equal(peer.state, BGP_STATE_ESTABLISHED);
	close(out_r);
	close(in_r);
}

static void
collision_local_id_higher(void **state)
{
	(void)state;
	collision(0xC0000201u, true);	/* 192.0.2.1 < 192.0.2.2 */
}

static void
collision_remote_id_higher(void **state)
{
	(void)state;
	collision(0xC0000203u, false);	/* 192.0.2.3 > 192.0.2.2 */
}

static void
collision_with_established(void **state)
{
	int in_s, in_r, rfd;

	(void)state;
	rfd = establish(90);
	in_r = pair(&in_s);
	bgp_peer_accept(&peer, in_s);
	/* The second incoming slot is busy: refused without a word. */
	assert_int_equal(peer.state, BGP_STATE_ESTABLISHED);
	close(in_r);
	close(rfd);
}

static void
collision_with_established_outgoing(void **state)
{
	int in_s, in_r, out_r;

	(void)state;
	out_r = active_connect();
	send_open(out_r, REMOTE_AS, 0xC0000203u, 90);
	send_keepalive(out_r);
	assert_int_equal(peer.state, BGP_STATE_ESTABLISHED);
	in_r = pair(&in_s);
	bgp_peer_accept(&peer, in_s);
	expect_notify(in_r, BGP_ERR_CEASE, BGP_CEASE_COLLISION);
	assert_int_equal(peer.state, BGP_STATE_ESTABLISHED);
	close(in_r);
	close(out_r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(passive_establish, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    hold_time_negotiated_down_and_keepalives, setup, teardown),
		cmocka_unit_test_setup_teardown(hold_timer_expiry, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(open_wrong_as, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(open_same_id_on_ibgp, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    keepalive_in_opensent_is_fsm_error, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    open_in_established_is_fsm_error, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_marker, setup, teardown),
		cmocka_unit_test_setup_teardown(notification_received_closes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    route_refresh_asks_the_speaker, setup, teardown),
		cmocka_unit_test_setup_teardown(peer_closes_connection, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(stop_sends_cease_with_text,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    active_connect_retry_and_backoff, setup, teardown),
		cmocka_unit_test_setup_teardown(active_connect_timeout, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(collision_local_id_higher,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(collision_remote_id_higher,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(collision_with_established,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    collision_with_established_outgoing, setup, teardown),
	};

	log_init(-2, false, "test_bgpfsm");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
