/* SPDX-License-Identifier: MIT */
/*
 * castnsctl.c -- the operator's command-line tool for a running castnsd.
 *
 * Checks the command and its arguments with the control protocol's own
 * codec (src/ctl/proto.c), so a bad argument is refused before anything
 * is sent; then connects to the control socket, sends the one request,
 * reads the reply until castnsd closes the connection, prints its body on
 * stdout and, for a failure, its status message on stderr.
 * Exit status: 0 ok, 1 the command failed or castnsd could not be
 * reached, 2 usage.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "../../src/common/err.h"
#include "../../src/conf/conf.h"
#include "../../src/ctl/ctl.h"
#include "../../src/ctl/proto.h"

#ifndef CASTNS_VERSION
#define CASTNS_VERSION	"0.1.0"
#endif

#define EXIT_USAGE	2
/* How long to wait for a reply; drain --wait may take the daemon's max. */
#define REPLY_TIMEOUT_S	30

static void
usage(FILE *f)
{
	int c;

	fprintf(f, "usage: castnsctl [-s SOCKET] [--json] COMMAND [ARGS] "
	    "[--json]\n       castnsctl -h | -V\n\ncommands:\n");
	for (c = 0; c < CTL_CMD_COUNT; c++)
		fprintf(f, "  %-28s %s\n", ctl_cmd_synopsis((enum ctl_cmd)c),
		    ctl_cmd_help((enum ctl_cmd)c));
	fprintf(f, "\n"
"  -s, --socket SOCKET  castnsd's control socket (default %s)\n"
"      --json           print the reply as one JSON object\n"
"  -h, --help           this help\n"
"  -V, --version        print the version\n"
"\nExit status: 0 ok, 1 the command failed or castnsd could not be "
"reached,\n2 bad usage.\n", CONF_CONTROL_DEFAULT);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("castnsctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	usage(stderr);
	exit(EXIT_USAGE);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fputs("castnsctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static int
connect_to(const char *path)
{
	struct sockaddr_un sun;
	int fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path))
		die("cannot connect to %s: %s", path, strerror(ENAMETOOLONG));
	memcpy(sun.sun_path, path, strlen(path));
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		die("socket: %s", strerror(errno));
	if (connect(fd, (const struct sockaddr *)&sun, sizeof(sun)) != 0)
		die("cannot connect to %s: %s", path, strerror(errno));
	return fd;
}

static void
send_all(int fd, const char *path, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("%s: cannot send the request: %s", path,
			    strerror(errno));
		buf += n;
		len -= (size_t)n;
	}
}

/* Reads until castnsd closes; the reply is NUL-terminated. */
static char *
read_all(int fd, const char *path, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap + 1);
	ssize_t r;

	if (buf == NULL)
		die("out of memory");
	for (;;) {
		if (n == cap) {
			if (cap >= CTL_REPLY_MAX)
				die("%s: reply longer than %u octets", path,
				    CTL_REPLY_MAX);
			cap *= 2;
			if ((buf = realloc(buf, cap + 1)) == NULL)
				die("out of memory");
		}
		r = recv(fd, buf + n, cap - n, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			die("%s: no reply from castnsd", path);
		if (r < 0)
			die("%s: cannot read the reply: %s", path,
			    strerror(errno));
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

int
main(int argc, char **argv)
{
	const char *path = CONF_CONTROL_DEFAULT;
	char line[CTL_REQ_MAX + 1], why[256];
	struct ctl_request req;
	struct ctl_reply rep;
	struct ctl_buf body;
	struct timeval tv;
	bool json = false;
	size_t len;
	char *reply;
	int i, fd, n;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		}
		if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			printf("castnsctl %s\n", CASTNS_VERSION);
			return 0;
		}
		if (strcmp(a, "--json") == 0) {
			json = true;
		} else if (strcmp(a, "-s") == 0 || strcmp(a, "--socket") == 0) {
			if (++i == argc)
				usage_error("option '%s' needs an argument", a);
			path = argv[i];
		} else if (strncmp(a, "--socket=", 9) == 0) {
			path = a + 9;
		} else {
			usage_error("unknown option '%s'", a);
		}
	}
	if (i == argc)
		usage_error("no command given");
	if (path[0] == '\0')
		usage_error("empty socket path");
	if (ctl_request_from_words((size_t)(argc - i),
	    (const char *const *)argv + i, &req, why, sizeof(why)) != 0)
		usage_error("%s", why);
	req.json = req.json || json;
	if ((n = ctl_request_encode(&req, line, sizeof(line))) < 0)
		usage_error("request too long");

	fd = connect_to(path);
	tv.tv_sec = REPLY_TIMEOUT_S + (req.wait ? CTL_WAIT_MAX_MS / 1000 : 0);
	tv.tv_usec = 0;
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	send_all(fd, path, line, (size_t)n);
	reply = read_all(fd, path, &len);
	close(fd);

	ctl_buf_init(&body);
	switch (ctl_reply_decode(reply, len, &body, &rep)) {
	case 0:
		break;
	case CN_ETRUNC:
		die("%s: castnsd closed the connection before its reply "
		    "was complete", path);
	default:
		die("%s: the reply is not in the castns/%d protocol", path,
		    CTL_PROTO_VERSION);
	}
	fwrite(ctl_buf_str(&body), 1, body.len, stdout);
	if (fflush(stdout) != 0)
		die("stdout: %s", strerror(errno));
	ctl_buf_clear(&body);
	free(reply);
	if (rep.code >= 200 && rep.code < 300)
		return 0;
	fprintf(stderr, "castnsctl: %s\n", rep.msg);
	return 1;
}
