/* SPDX-License-Identifier: MIT */
/*
 * test_health_probe.c -- the probes against real sockets and processes on the
 * real loop: a DNS responder (UDP and TCP), an HTTP responder and TCP
 * listeners that the test runs on the same loop, /bin/true, /bin/false and
 * a sleep that times out, a temporary file.  Each probe runs under
 * loop_run() with a guard timer that breaks the loop.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "../../src/common/log.h"
#include "../../src/common/loop.h"
#include "../../src/dns/name.h"
#include "../../src/health/probe.h"
#include "../../src/health/probe_int.h"

static struct loop	*loop;
static struct probe_result result;
static bool		 got;

static void
done(void *arg, const struct probe_result *r)
{
	(void)arg;
	result = *r;
	got = true;
	loop_break(loop);
}

static void
guard_fire(struct loop_timer *t)
{
	(void)t;
	loop_break(loop);
}

/* Runs one probe of c to its end (at most 5 s). */
static void
run(const struct conf_check *c)
{
	struct loop_timer guard;

	got = false;
	loop_timer_init(&guard, guard_fire, NULL);
	loop_timer_set(loop, &guard, 5000);
	probe_start(loop, c, done, NULL);
	assert_false(got);	/* never from inside probe_start() */
	assert_int_equal(loop_run(loop), 0);
	loop_timer_stop(loop, &guard);
	assert_true(got);
}

static void
check_init(struct conf_check *c, enum conf_check_type type)
{
	memset(c, 0, sizeof(*c));
	c->id = "t";
	c->type = type;
	c->interval_ms = 1000;
	c->timeout_ms = 500;
	c->rise = c->fall = 1;
	c->expect_status = 200;
}

/* A listening socket on 127.0.0.1 (type), its port in *port. */
static int
listener(int type, uint16_t *port)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int fd;

	fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	if (type == SOCK_STREAM)
		assert_int_equal(listen(fd, 8), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	*port = ntohs(sin.sin_port);
	return fd;
}

static void
target(struct conf_check *c, uint16_t port)
{
	char text[32];

	snprintf(text, sizeof(text), "127.0.0.1@%u", (unsigned)port);
	assert_int_equal(conf_parse_listen(text, &c->target, NULL, 0), 0);
}

/* --- tcp -------------------------------------------------------------- */

static void
tcp_probe(void **state)
{
	struct conf_check c;
	uint16_t port;
	int fd;

	(void)state;
	check_init(&c, CONF_CHECK_TCP);
	fd = listener(SOCK_STREAM, &port);
	target(&c, port);
	run(&c);
	assert_true(result.ok);
	assert_non_null(strstr(result.text, "connected in"));
	close(fd);
	/* Nobody listens there now. */
	run(&c);
	assert_false(result.ok);
	assert_non_null(strstr(result.text, "Connection refused"));
	/* A source address of the family. */
	fd = listener(SOCK_STREAM, &port);
	target(&c, port);
	c.source.af = AF_INET;
	c.source.addr[0] = 127;
	c.source.addr[3] = 1;
	run(&c);
	assert_true(result.ok);
	close(fd);
}

/* --- a responder on the loop: http and dns ----------------------------- */

enum resp_kind { RESP_HTTP, RESP_DNS_TCP };

struct conn {
	struct loop_io	 io;
	enum resp_kind	 kind;
	uint8_t		 buf[1024];
	size_t		 len;
};

static const char *http_reply = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
static char last_request[1024];

/* DNS reply to query q: rcode, an A 192.0.2.1 and an NS to the qname. */
static size_t
dns_reply(const uint8_t *q, size_t qlen, uint8_t *out, uint8_t rcode,
    bool bad_id)
{
	static const uint8_t rrs[] = {
		0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1,
		0xc0, 0x0c, 0, 2, 0, 1, 0, 0, 0, 60, 0, 2, 0xc0, 0x0c,
	};

	memcpy(out, q, qlen);
	out[2] = 0x84;			/* QR, AA */
	out[3] = rcode;
	out[7] = 2;			/* ANCOUNT */
	if (bad_id)
		out[0] ^= 0xff;
	memcpy(out + qlen, rrs, sizeof(rrs));
	return qlen + sizeof(rrs);
}

static void
conn_cb(struct loop_io *io, uint32_t events)
{
	struct conn *cn = io->arg;
	uint8_t out[600];
	size_t n;
	ssize_t r;

	(void)events;
	r = recv(io->fd, cn->buf + cn->len, sizeof(cn->buf) - cn->len, 0);
	if (r > 0)
		cn->len += (size_t)r;
	if (cn->kind == RESP_HTTP) {
		if (r > 0 && memmem(cn->buf, cn->len, "\r\n\r\n", 4) == NULL)
			return;
		memcpy(last_request, cn->buf, cn->len < sizeof(last_request) ?
		    cn->len : sizeof(last_request) - 1);
		(void)!write(io->fd, http_reply, strlen(http_reply));
	} else {
		if (cn->len < 2 || cn->len < 2 + (size_t)(cn->buf[0] << 8 |
		    cn->buf[1]))
			return;
		n = dns_reply(cn->buf + 2, cn->len - 2, out + 2, 0, false);
		out[0] = (uint8_t)(n >> 8);
		out[1] = (uint8_t)n;
		(void)!write(io->fd, out, n + 2);
	}
	loop_io_del(loop, io);
	close(io->fd);
	free(cn);
}

static enum resp_kind accept_kind;

static void
accept_cb(struct loop_io *io, uint32_t events)
{
	struct conn *cn;
	int fd;

	(void)events;
	if ((fd = accept4(io->fd, NULL, NULL, SOCK_NONBLOCK)) < 0)
		return;
	cn = calloc(1, sizeof(*cn));
	assert_non_null(cn);
	cn->kind = accept_kind;
	cn->io.fd = fd;
	cn->io.cb = conn_cb;
	cn->io.arg = cn;
	assert_int_equal(loop_io_add(loop, &cn->io, EPOLLIN), 0);
}

static void
http_probe(void **state)
{
	struct loop_io lio;
	struct conf_check c;
	uint16_t port;
	char url[64], host[32];

	(void)state;
	check_init(&c, CONF_CHECK_HTTP);
	lio.fd = listener(SOCK_STREAM, &port);
	lio.cb = accept_cb;
	lio.arg = NULL;
	accept_kind = RESP_HTTP;
	assert_int_equal(loop_io_add(loop, &lio, EPOLLIN), 0);
	target(&c, port);
	snprintf(host, sizeof(host), "127.0.0.1:%u", (unsigned)port);
	snprintf(url, sizeof(url), "http://%s/health", host);
	c.url = url;
	c.url_host = host;
	c.url_path = "/health";
	run(&c);
	assert_true(result.ok);
	assert_non_null(strstr(result.text, "HTTP 200 in"));
	assert_non_null(strstr(last_request, "GET /health HTTP/1.0\r\n"));
	assert_non_null(strstr(last_request, "\r\nHost: 127.0.0.1:"));
	c.expect_status = 204;
	run(&c);
	assert_false(result.ok);
	assert_non_null(strstr(result.text, "HTTP 200 (expected 204)"));
	/* Not HTTP. */
	http_reply = "SSH-2.0-OpenSSH\r\n";
	run(&c);
	assert_false(result.ok);
	assert_non_null(strstr(result.text, "not an HTTP/1 status line"));
	loop_io_del(loop, &lio);
	close(lio.fd);
}

/* --- dns --------------------------------------------------------------- */

static int	 udp_mode;	/* 0 answer, 1 silent, 2 stray then answer */
static uint8_t	 udp_rcode;

static void
udp_cb(struct loop_io *io, uint32_t events)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	uint8_t q[512], out[600];
	ssize_t n;
	size_t m;

	(void)events;
	n = recvfrom(io->fd, q, sizeof(q), 0, (struct sockaddr *)&ss, &sl);
	if (n <= 0 || udp_mode == 1)
		return;
	if (udp_mode == 2) {
		m = dns_reply(q, (size_t)n, out, 5, true);
		sendto(io->fd, out, m, 0, (struct sockaddr *)&ss, sl);
	}
	m = dns_reply(q, (size_t)n, out, udp_rcode, false);
	sendto(io->fd, out, m, 0, (struct sockaddr *)&ss, sl);
}

static void
dns_setup(struct conf_check *c)
{
	check_init(c, CONF_CHECK_DNS);
	assert_true(dns_name_from_text(c->qname, "example.com.", 12,
	    NULL) > 0);
	c->qtype = 1;
}

static void
dns_udp_probe(void **state)
{
	struct loop_io uio;
	struct conf_check c;
	uint16_t port;

	(void)state;
	dns_setup(&c);
	uio.fd = listener(SOCK_DGRAM, &port);
	uio.cb = udp_cb;
	uio.arg = NULL;
	assert_int_equal(loop_io_add(loop, &uio, EPOLLIN), 0);
	target(&c, port);
	udp_mode = 0;
	run(&c);
	assert_true(result.ok);
	assert_non_null(strstr(result.text, "NOERROR in "));
	assert_true(result.latency_us > 0);
	c.expect_answer = "192.0.2.1";
	run(&c);
	assert_true(result.ok);
	assert_non_null(strstr(result.text, "NOERROR with 192.0.2.1 in"));
	c.expect_answer = "192.0.2.9";
	run(&c);
	assert_false(result.ok);
	assert_non_null(strstr(result.text, "without the expected answer"));
	/* A compressed name in the RDATA: NS example.com. */
	c.qtype = 2;
	c.expect_answer = "EXAMPLE.com";
	run(&c);
	assert_true(result.ok);
	c.qtype = 1;
	c.expect_answer = NULL;
	c.expect_rcode = 3;
	run(&c);
	assert_false(result.ok);
	assert_non_null(strstr(result.text, "NOERROR (expected NXDOMAIN)"));
	c.expect_rcode = 0;
	/* A stray reply (other id, REFUSED) first is ignored. */
	udp_mode = 2;
	run(&c);
	assert_true(result.ok);
	/* No answer at all. */
	udp_mode = 1;
	c.timeout_ms = 150;
	run(&c);
	assert_false(result.ok);
	assert_string_equal(result.text, "timeout after 150 ms");
	/* Timers have ms resolution: up to 1 ms early in microseconds. */
	assert_true(result.latency_us >= 149000);
	loop_io_del(loop, &uio);
	close(uio.fd);
}

static void
dns_tcp_probe(void **state)
{
	struct loop_io lio;
	struct conf_check c;
	uint16_t port;

	(void)state;
	dns_setup(&c);
	c.tcp = true;
	lio.fd = listener(SOCK_STREAM, &port);
	lio.cb = accept_cb;
	lio.arg = NULL;
	accept_kind = RESP_DNS_TCP;
	assert_int_equal(loop_io_add(loop, &lio, EPOLLIN), 0);
	target(&c, port);
	c.expect_answer = "192.0.2.1";
	run(&c);
	assert_true(result.ok);
	assert_non_null(strstr(result.text, "NOERROR with 192.0.2.1 in"));
	loop_io_del(loop, &lio);
	close(lio.fd);
	run(&c);
	assert_false(result.ok);
	assert_non_null(strstr(result.text, "Connection refused"));
}

static void
dns_codec(void **state)
{
	uint8_t qname[DNS_NAME_MAX], q[300], r[600];
	char why[128];
	size_t n, m;

	(void)state;
	assert_true(dns_name_from_text(qname, "example.com.", 12, NULL) > 0);
	n = probe_dns_query(q, sizeof(q), 0x1234, qname, 1);
	assert_int_equal(n, 12 + 13 + 4);
	assert_int_equal(q[0], 0x12);
	assert_int_equal(q[2] & 0x01, 0);	/* RD clear */
	m = dns_reply(q, n, r, 0, false);
	assert_true(probe_dns_check(r, m, 0x1234, qname, 1, 0, "192.0.2.1.",
	    why, sizeof(why)));
	assert_false(probe_dns_check(r, m, 0x1235, qname, 1, 0, NULL, why,
	    sizeof(why)));
	assert_string_equal(why, "not a reply to the query");
	/* Cut before the end of the A record: not healthy, no crash. */
	for (m = 0; m < n + 16; m++)
		assert_false(probe_dns_check(r, m, 0x1234, qname, 1, 0,
		    "192.0.2.1", why, sizeof(why)));
	/* A query (QR clear) is no reply. */
	assert_false(probe_dns_check(q, n, 0x1234, qname, 1, 0, NULL, why,
	    sizeof(why)));
}

/* A dns check without target: one probe asks every address at once. */
static void
dns_self_probe(void **state)
{
	struct conf_listen t[3];
	struct loop_io u1, u2;
	struct conf_check c;
	struct probe *p;
	uint16_t p1, p2, p3;
	char text[32], want[96];
	int silent;

	(void)state;
	dns_setup(&c);
	u1.fd = listener(SOCK_DGRAM, &p1);
	u2.fd = listener(SOCK_DGRAM, &p2);
	u1.cb = u2.cb = udp_cb;
	u1.arg = u2.arg = NULL;
	assert_int_equal(loop_io_add(loop, &u1, EPOLLIN), 0);
	assert_int_equal(loop_io_add(loop, &u2, EPOLLIN), 0);
	silent = listener(SOCK_DGRAM, &p3);	/* bound, never read */
	snprintf(text, sizeof(text), "127.0.0.1@%u", (unsigned)p1);
	assert_int_equal(conf_parse_listen(text, &t[0], NULL, 0), 0);
	snprintf(text, sizeof(text), "127.0.0.1@%u", (unsigned)p2);
	assert_int_equal(conf_parse_listen(text, &t[1], NULL, 0), 0);
	snprintf(text, sizeof(text), "127.0.0.1@%u", (unsigned)p3);
	assert_int_equal(conf_parse_listen(text, &t[2], NULL, 0), 0);
	c.targets = t;
	c.ntargets = 2;
	udp_mode = 0;
	udp_rcode = 0;
	run(&c);
	assert_true(result.ok);
	assert_non_null(strstr(result.text, "all 2 addresses answered, "
	    "slowest 127.0.0.1@"));
	assert_non_null(strstr(result.text, ": NOERROR in "));
	/* One address alone: its own result, with the address. */
	c.ntargets = 1;
	run(&c);
	assert_true(result.ok);
	snprintf(want, sizeof(want), "127.0.0.1@%u: NOERROR in ", p1);
	assert_non_null(strstr(result.text, want));
	/* A wrong rcode on every address: the first to report names its. */
	c.ntargets = 2;
	udp_rcode = 2;
	run(&c);
	assert_false(result.ok);
	assert_non_null(strstr(result.text, ": SERVFAIL (expected NOERROR)"));
	udp_rcode = 0;
	/* The third never answers: the probe fails with its address, after
	   one timeout (the parts run in parallel), although two answered. */
	c.ntargets = 3;
	c.timeout_ms = 150;
	run(&c);
	assert_false(result.ok);
	snprintf(want, sizeof(want), "127.0.0.1@%u: timeout after 150 ms", p3);
	assert_string_equal(result.text, want);
	/* Timers have ms resolution: up to 1 ms early in microseconds. */
	assert_true(result.latency_us >= 149000);
	assert_true(result.latency_us < 400000);
	/* Nobody on the second: refused, before the third's timeout. */
	loop_io_del(loop, &u2);
	close(u2.fd);
	run(&c);
	assert_false(result.ok);
	snprintf(want, sizeof(want), "127.0.0.1@%u: recv: ", p2);
	assert_non_null(strstr(result.text, want));
	assert_true(result.latency_us < 150000);
	/* Cancelled with parts in flight: nothing reported, nothing leaks. */
	got = false;
	p = probe_start(loop, &c, done, NULL);
	probe_cancel(p);
	assert_false(got);
	loop_io_del(loop, &u1);
	close(u1.fd);
	close(silent);
}

/* --- exec and file ------------------------------------------------------ */

static void
exec_probe(void **state)
{
	const char *t_argv[] = { "/bin/true", NULL };
	const char *f_argv[] = { "/bin/false", NULL };
	const char *s_argv[] = { "/bin/sleep", "5", NULL };
	const char *n_argv[] = { "/nonexistent/probe", NULL };
	struct conf_check c;

	(void)state;
	check_init(&c, CONF_CHECK_EXEC);
	c.argv = t_argv;
	c.argc = 1;
	run(&c);
	assert_true(result.ok);
	assert_non_null(strstr(result.text, "exit 0 in"));
	c.argv = f_argv;
	run(&c);
	assert_false(result.ok);
	assert_non_null(strstr(result.text, "exit 1 in"));
	c.argv = s_argv;
	c.argc = 2;
	c.timeout_ms = 200;
	run(&c);
	assert_false(result.ok);
	assert_string_equal(result.text, "timeout after 200 ms (killed)");
	assert_true(result.latency_us < 2000000);
	c.argv = n_argv;
	c.argc = 1;
	run(&c);
	assert_false(result.ok);
	assert_non_null(strstr(result.text, "No such file"));
	/* No zombie and no child left behind. */
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

static void
exec_cancel(void **state)
{
	const char *s_argv[] = { "/bin/sleep", "5", NULL };
	struct conf_check c;
	struct probe *p;

	(void)state;
	check_init(&c, CONF_CHECK_EXEC);
	c.argv = s_argv;
	c.argc = 2;
	got = false;
	p = probe_start(loop, &c, done, NULL);
	probe_cancel(p);
	assert_false(got);
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

static void
file_probe(void **state)
{
	char path[] = "/tmp/castns-probe.XXXXXX";
	struct conf_check c;
	int fd;

	(void)state;
	check_init(&c, CONF_CHECK_FILE);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	c.path = path;
	run(&c);
	assert_false(result.ok);
	assert_non_null(strstr(result.text, "exists (disabled by hand)"));
	unlink(path);
	run(&c);
	assert_true(result.ok);
	assert_non_null(strstr(result.text, "absent"));
}

static int
setup(void **state)
{
	(void)state;
	loop = loop_new();
	return loop == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	loop_free(loop);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tcp_probe),
		cmocka_unit_test(http_probe),
		cmocka_unit_test(dns_udp_probe),
		cmocka_unit_test(dns_tcp_probe),
		cmocka_unit_test(dns_self_probe),
		cmocka_unit_test(dns_codec),
		cmocka_unit_test(exec_probe),
		cmocka_unit_test(exec_cancel),
		cmocka_unit_test(file_probe),
	};

	log_init(-2, false, "test_health_probe");
	return cmocka_run_group_tests(tests, setup, teardown);
}
