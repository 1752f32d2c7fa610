/* SPDX-License-Identifier: MIT */
/*
 * proto.h -- the control protocol between castnsctl and castnsd: the one
 * encoder and decoder of its messages, shared by both sides.
 *
 * One request per connection over the Unix control socket.  The request is
 * one line of printable ASCII words separated by single spaces:
 *
 *	castns/1 COMMAND [ARG] [--json] [--wait]\n
 *
 * The reply is zero or more body lines, each starting with one space
 * (which the decoder strips), then one status line of three digits, a
 * space and a message, after which the daemon closes the connection:
 *
 *	 zones: 2\n
 *	200 ok\n
 *
 * Codes: 2xx success, 4xx the request is wrong (400 bad request, 404 no
 * such prefix or zone), 5xx the daemon could not do it (500 failed, 503
 * not available in this configuration, 504 timed out, 505 protocol
 * version).  The version in the request lets a later castnsd refuse an
 * older castnsctl clearly (NSD's "NSDCT1" header, BIRD's reply codes).
 * Commands and their arguments are checked here, so castnsctl refuses a
 * bad argument before connecting and the daemon never sees one.  Pure
 * code: no I/O, no logging.
 */
#ifndef CN_CTL_PROTO_H
#define CN_CTL_PROTO_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define CTL_PROTO_VERSION	1
#define CTL_PROTO_MAGIC		"castns/"
#define CTL_REQ_MAX		512		/* request line, with '\n' */
#define CTL_ARG_MAX		255		/* PREFIX or zone name text */
#define CTL_WORDS_MAX		6		/* magic, command, 4 more */
#define CTL_MSG_MAX		255		/* status line message */
#define CTL_REPLY_MAX		(64u << 20)	/* whole reply */

enum ctl_status {
	CTL_OK			= 200,
	CTL_BAD_REQUEST		= 400,
	CTL_NOT_FOUND		= 404,
	CTL_FAILED		= 500,
	CTL_UNAVAILABLE		= 503,
	CTL_TIMEOUT		= 504,
	CTL_BAD_VERSION		= 505,
};

enum ctl_cmd {
	CTL_STATUS,
	CTL_DRAIN,
	CTL_UNDRAIN,
	CTL_DISABLE,
	CTL_ENABLE,
	CTL_RELOAD,
	CTL_ZONE_RELOAD,
	CTL_BGP,
	CTL_STATS,
	CTL_GEO,
	CTL_ZONE_STATUS,
	CTL_ZONE_REFRESH,
	CTL_CMD_COUNT
};

/* What an argument may be. */
enum ctl_arg {
	CTL_ARG_NONE,
	CTL_ARG_PREFIX_OR_ALL,	/* optional; none means all */
	CTL_ARG_PREFIX,		/* required */
	CTL_ARG_ZONE,		/* required domain name */
	CTL_ARG_ZONE_OPT,	/* optional domain name */
};

/* A decoded, validated request. */
struct ctl_request {
	enum ctl_cmd	 cmd;
	bool		 json;
	bool		 wait;		/* drain --wait */
	bool		 all;		/* no PREFIX, or "all" */
	char		 arg[CTL_ARG_MAX + 1];	/* PREFIX or zone; "" */
};

/* A decoded reply's status line. */
struct ctl_reply {
	int		 code;
	char		 msg[CTL_MSG_MAX + 1];
};

const char	*ctl_cmd_name(enum ctl_cmd cmd);
enum ctl_arg	 ctl_cmd_arg(enum ctl_cmd cmd);
/* One line of help per command: "drain [PREFIX|all] [--wait]" ... */
const char	*ctl_cmd_synopsis(enum ctl_cmd cmd);
const char	*ctl_cmd_help(enum ctl_cmd cmd);

/*
 * Builds a request from words (castnsctl's arguments after its own
 * options: COMMAND [ARG] [--json] [--wait], options anywhere after the
 * command).  Returns 0, or CN_EINVAL with what is wrong in why.
 */
int	ctl_request_from_words(size_t nwords, const char *const *words,
	    struct ctl_request *out, char *why, size_t whylen);
/*
 * Writes the request line, '\n' included, into buf (cap octets, at least
 * CTL_REQ_MAX).  Returns its length, or CN_ESPACE.
 */
int	ctl_request_encode(const struct ctl_request *req, char *buf,
	    size_t cap);
/*
 * Decodes one request line (len octets, the '\n' optional).  Returns 0;
 * CN_EPROTO for another protocol version; CN_EPARSE for anything else
 * wrong.  why says what, for the status line.
 */
int	ctl_request_decode(const char *line, size_t len,
	    struct ctl_request *out, char *why, size_t whylen);

/* Appends text (any number of lines, '\n'-separated) as body lines. */
void	ctl_reply_body(struct ctl_buf *out, const char *text, size_t len);
/*
 * Appends the status line.  The message is cut to CTL_MSG_MAX and control
 * characters become spaces.
 */
void	ctl_reply_status(struct ctl_buf *out, int code, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/*
 * Decodes a whole reply (len octets, read until the daemon closed): the
 * body, without its leading spaces, goes into body (may be NULL), the
 * status line into out.  Returns 0; CN_ETRUNC when the status line is
 * missing (the daemon stopped mid-reply); CN_EPARSE when a line is
 * neither a body nor a status line, or something follows the status.
 */
int	ctl_reply_decode(const char *buf, size_t len, struct ctl_buf *body,
	    struct ctl_reply *out);

#endif
