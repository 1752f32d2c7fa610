/* SPDX-License-Identifier: MIT */
/*
 * proto.c -- the control protocol's codec (see proto.h).  Prefixes and
 * zone names are checked and normalised with the configuration's own
 * value parsers, so "198.51.100.1/32" and "Example.COM" name what the
 * configuration names.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/err.h"
#include "../conf/conf.h"
#include "proto.h"

static const struct {
	const char	*name;
	enum ctl_arg	 arg;
	bool		 wait;		/* takes --wait */
	const char	*synopsis;
	const char	*help;
} cmds[CTL_CMD_COUNT] = {
	[CTL_STATUS] = { "status", CTL_ARG_NONE, false, "status",
	    "the node: zones, prefixes, checks, peers" },
	[CTL_DRAIN] = { "drain", CTL_ARG_PREFIX_OR_ALL, true,
	    "drain [PREFIX|all] [--wait]",
	    "announce with GRACEFUL_SHUTDOWN, then withdraw" },
	[CTL_UNDRAIN] = { "undrain", CTL_ARG_PREFIX_OR_ALL, false,
	    "undrain [PREFIX|all]", "end a drain: announce when healthy" },
	[CTL_DISABLE] = { "disable", CTL_ARG_PREFIX, false,
	    "disable PREFIX", "withdraw a prefix until enabled" },
	[CTL_ENABLE] = { "enable", CTL_ARG_PREFIX, false, "enable PREFIX",
	    "let the checks decide again" },
	[CTL_RELOAD] = { "reload", CTL_ARG_NONE, false, "reload",
	    "re-read the configuration and every zone" },
	[CTL_ZONE_RELOAD] = { "zone-reload", CTL_ARG_ZONE, false,
	    "zone-reload NAME", "re-read one zone's file" },
	[CTL_BGP] = { "bgp", CTL_ARG_NONE, false, "bgp",
	    "BGP peers: state, errors, messages, prefixes" },
	[CTL_STATS] = { "stats", CTL_ARG_NONE, false, "stats",
	    "DNS query and TCP counters" },
	[CTL_GEO] = { "geo", CTL_ARG_NONE, false, "geo",
	    "geo answers: sites, regions, what each region gets" },
	[CTL_ZONE_STATUS] = { "zone-status", CTL_ARG_ZONE_OPT, false,
	    "zone-status [NAME]",
	    "zones: serial, primary's serial, refresh, expiry" },
	[CTL_ZONE_REFRESH] = { "zone-refresh", CTL_ARG_ZONE, false,
	    "zone-refresh NAME", "refresh a secondary zone from its primaries "
	    "now" },
};

const char *
ctl_cmd_name(enum ctl_cmd cmd)
{
	return cmd < CTL_CMD_COUNT ? cmds[cmd].name : "?";
}

enum ctl_arg
ctl_cmd_arg(enum ctl_cmd cmd)
{
	return cmd < CTL_CMD_COUNT ? cmds[cmd].arg : CTL_ARG_NONE;
}

const char *
ctl_cmd_synopsis(enum ctl_cmd cmd)
{
	return cmd < CTL_CMD_COUNT ? cmds[cmd].synopsis : "?";
}

const char *
ctl_cmd_help(enum ctl_cmd cmd)
{
	return cmd < CTL_CMD_COUNT ? cmds[cmd].help : "?";
}

/* Printable ASCII but space: what a word of the request may hold. */
static bool
word_ok(const char *w)
{
	if (*w == '\0')
		return false;
	for (; *w != '\0'; w++)
		if (*w < 0x21 || *w > 0x7e)
			return false;
	return true;
}

/* Checks and normalises the argument of cmd into out. */
static int
set_arg(struct ctl_request *out, const char *w, char *why, size_t whylen)
{
	struct conf_prefix pfx;
	uint8_t apex[DNS_NAME_MAX];
	char norm[4 * DNS_NAME_MAX + 8], pwhy[96];	/* \DDD each */

	switch (cmds[out->cmd].arg) {
	case CTL_ARG_NONE:
		cn_why(why, whylen, "%s takes no argument", cmds[out->cmd].name);
		return CN_EINVAL;
	case CTL_ARG_PREFIX_OR_ALL:
		if (strcmp(w, "all") == 0) {
			out->all = true;
			return 0;
		}
		/* FALLTHROUGH */
	case CTL_ARG_PREFIX:
		if (strlen(w) > 64 || conf_parse_prefix(w, &pfx, pwhy,
		    sizeof(pwhy)) != 0) {
			cn_why(why, whylen, "%s: '%.64s' is not a prefix like "
			    "198.51.100.1/32", cmds[out->cmd].name, w);
			return CN_EINVAL;
		}
		out->all = false;
		snprintf(out->arg, sizeof(out->arg), "%s", pfx.text);
		return 0;
	case CTL_ARG_ZONE:
	case CTL_ARG_ZONE_OPT:
		if (conf_parse_domain(w, apex, norm, sizeof(norm)) != 0) {
			cn_why(why, whylen, "%s: '%.64s' is not a domain name",
			    cmds[out->cmd].name, w);
			return CN_EINVAL;
		}
		/* Normalising may escape octets the word had bare. */
		if (strlen(norm) > CTL_ARG_MAX) {
			cn_why(why, whylen, "%s: '%.64s': name too long once "
			    "escaped (%d characters at most)",
			    cmds[out->cmd].name, w, CTL_ARG_MAX);
			return CN_EINVAL;
		}
		memcpy(out->arg, norm, strlen(norm) + 1);	/* fits: above */
		return 0;
	}
	return CN_EINVAL;
}

int
ctl_request_from_words(size_t nwords, const char *const *words,
    struct ctl_request *out, char *why, size_t whylen)
{
	struct ctl_request req;
	bool have_arg = false;
	size_t i;
	int c, r;

	memset(&req, 0, sizeof(req));
	if (nwords == 0) {
		cn_why(why, whylen, "no command");
		return CN_EINVAL;
	}
	for (c = 0; c < CTL_CMD_COUNT; c++)
		if (strcmp(words[0], cmds[c].name) == 0)
			break;
	if (c == CTL_CMD_COUNT) {
		cn_why(why, whylen, "unknown command '%.64s'", words[0]);
		return CN_EINVAL;
	}
	req.cmd = (enum ctl_cmd)c;
	req.all = cmds[c].arg == CTL_ARG_PREFIX_OR_ALL;
	for (i = 1; i < nwords; i++) {
		const char *w = words[i];

		if (strcmp(w, "--json") == 0) {
			req.json = true;
		} else if (strcmp(w, "--wait") == 0 && cmds[c].wait) {
			req.wait = true;
		} else if (w[0] == '-' && w[1] == '-') {
			cn_why(why, whylen, "%s: unknown option '%.64s'",
			    cmds[c].name, w);
			return CN_EINVAL;
		} else if (have_arg) {
			cn_why(why, whylen, "%s: unexpected argument '%.64s'",
			    cmds[c].name, w);
			return CN_EINVAL;
		} else if (!word_ok(w)) {
			cn_why(why, whylen, "%s: argument with spaces or "
			    "control characters", cmds[c].name);
			return CN_EINVAL;
		} else {
			if ((r = set_arg(&req, w, why, whylen)) != 0)
				return r;
			have_arg = true;
		}
	}
	if (!have_arg && (cmds[c].arg == CTL_ARG_PREFIX ||
	    cmds[c].arg == CTL_ARG_ZONE)) {
		cn_why(why, whylen, "%s needs %s", cmds[c].name,
		    cmds[c].arg == CTL_ARG_ZONE ? "a zone name" : "a prefix");
		return CN_EINVAL;
	}
	*out = req;
	return 0;
}

int
ctl_request_encode(const struct ctl_request *req, char *buf, size_t cap)
{
	bool dash;
	int n;

	if (req->cmd >= CTL_CMD_COUNT)
		return CN_EINVAL;
	/*
	 * A zone name may begin with a hyphen ("\-\-json.", normalised to
	 * "--json."): send its first octet escaped, or it reads as an option.
	 */
	dash = req->arg[0] == '-';
	n = snprintf(buf, cap, "%s%d %s%s%s%s%s%s\n", CTL_PROTO_MAGIC,
	    CTL_PROTO_VERSION, cmds[req->cmd].name,
	    req->arg[0] != '\0' ? " " : req->all &&
	    cmds[req->cmd].arg == CTL_ARG_PREFIX_OR_ALL ? " all" : "",
	    dash ? "\\045" : "", req->arg + dash,
	    req->json ? " --json" : "", req->wait ? " --wait" : "");
	if (n < 0 || (size_t)n >= cap || n > CTL_REQ_MAX)
		return CN_ESPACE;
	return n;
}

int
ctl_request_decode(const char *line, size_t len, struct ctl_request *out,
    char *why, size_t whylen)
{
	char copy[CTL_REQ_MAX + 1], *words[CTL_WORDS_MAX], *p, *end;
	size_t n = 0, i;
	unsigned long v;

	if (len > 0 && line[len - 1] == '\n')
		len--;
	if (len >= CTL_REQ_MAX) {
		cn_why(why, whylen, "request longer than %d octets",
		    CTL_REQ_MAX - 1);
		return CN_EPARSE;
	}
	for (i = 0; i < len; i++)
		if (line[i] < 0x20 || line[i] > 0x7e) {
			cn_why(why, whylen, "request with a control or "
			    "non-ASCII octet");
			return CN_EPARSE;
		}
	memcpy(copy, line, len);
	copy[len] = '\0';
	/* Words separated by exactly one space. */
	for (p = copy; n < CTL_WORDS_MAX; ) {
		words[n++] = p;
		if ((p = strchr(p, ' ')) == NULL)
			break;
		*p++ = '\0';
	}
	if (p != NULL) {
		cn_why(why, whylen, "too many words in the request");
		return CN_EPARSE;
	}
	for (i = 0; i < n; i++)
		if (words[i][0] == '\0') {
			cn_why(why, whylen, "empty word in the request");
			return CN_EPARSE;
		}
	if (strncmp(words[0], CTL_PROTO_MAGIC, strlen(CTL_PROTO_MAGIC)) != 0) {
		cn_why(why, whylen, "expected '%s%d COMMAND ...'",
		    CTL_PROTO_MAGIC, CTL_PROTO_VERSION);
		return CN_EPARSE;
	}
	p = words[0] + strlen(CTL_PROTO_MAGIC);
	if (*p < '0' || *p > '9' || (v = strtoul(p, &end, 10), *end != '\0') ||
	    (p[0] == '0' && p[1] != '\0')) {
		cn_why(why, whylen, "bad protocol version '%.32s'", words[0]);
		return CN_EPARSE;
	}
	if (v != CTL_PROTO_VERSION) {
		cn_why(why, whylen, "protocol version %.16s not supported, "
		    "this castnsd speaks %s%d", p, CTL_PROTO_MAGIC,
		    CTL_PROTO_VERSION);
		return CN_EPROTO;
	}
	if (ctl_request_from_words(n - 1, (const char *const *)words + 1, out,
	    why, whylen) != 0)
		return CN_EPARSE;
	return 0;
}

void
ctl_reply_body(struct ctl_buf *out, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		ctl_buf_addc(out, ' ');
		ctl_buf_add(out, p, (size_t)((nl ? nl : end) - p));
		ctl_buf_addc(out, '\n');
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

void
ctl_reply_status(struct ctl_buf *out, int code, const char *fmt, ...)
{
	char msg[CTL_MSG_MAX + 1];
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	for (i = 0; msg[i] != '\0'; i++)
		if ((unsigned char)msg[i] < 0x20 || msg[i] == 0x7f)
			msg[i] = ' ';
	if (code < 100 || code > 599)
		code = CTL_FAILED;
	ctl_buf_printf(out, "%d %s\n", code, msg);
}

int
ctl_reply_decode(const char *buf, size_t len, struct ctl_buf *body,
    struct ctl_reply *out)
{
	const char *p = buf, *end = buf + len, *nl;
	struct ctl_reply rep;
	size_t n;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			return CN_ETRUNC;
		if (*p == ' ') {
			if (body != NULL)
				ctl_buf_add(body, p + 1, (size_t)(nl - p));
			p = nl + 1;
			continue;
		}
		/* The status line: "DDD message", and the end. */
		n = (size_t)(nl - p);
		if (n < 4 || p[0] < '1' || p[0] > '5' || p[1] < '0' ||
		    p[1] > '9' || p[2] < '0' || p[2] > '9' || p[3] != ' ' ||
		    nl + 1 != end)
			return CN_EPARSE;
		rep.code = (p[0] - '0') * 100 + (p[1] - '0') * 10 +
		    (p[2] - '0');
		n -= 4;
		if (n > CTL_MSG_MAX)
			n = CTL_MSG_MAX;
		memcpy(rep.msg, p + 4, n);
		rep.msg[n] = '\0';
		*out = rep;
		return 0;
	}
	return CN_ETRUNC;
}
