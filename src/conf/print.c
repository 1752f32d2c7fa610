/* SPDX-License-Identifier: MIT */
/*
 * print.c -- the normalised form of a configuration (--print-config).
 *
 * Every key is written, defaults included, in one fixed order, so the
 * output is a golden file for tests and reads back to an equal struct.
 * Values the host decides at start (identity, workers, cookie secret) are
 * shown as comments when not set, so the output does not depend on the
 * machine it runs on.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "conf.h"

/* Length of the UTF-8 sequence at p with its code point, or 0. */
static size_t
utf8_decode(const unsigned char *p, uint32_t *cp)
{
	size_t n, i;
	uint32_t c;

	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 2;
		c = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		n = 3;
		c = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 4;
		c = p[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 ||
	    c > 0x10ffff)) || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* Writes s as a YAML scalar, double-quoted unless it is plainly safe. */
static void
put_str(FILE *f, const char *s)
{
	const unsigned char *p;
	bool plain = *s != '\0';
	uint32_t cp;
	size_t n;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' ||
		    *p == '_' || *p == '/'))
			plain = false;
	/* Words YAML or we would read as something else stay quoted. */
	if (plain && (s[0] == '-' || s[0] == '.'))
		plain = false;
	if (plain) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (p = (const unsigned char *)s; *p != '\0'; p += n) {
		n = 1;
		if (*p == '"' || *p == '\\') {
			fprintf(f, "\\%c", *p);
		} else if (*p < 0x20 || *p == 0x7f) {
			fprintf(f, "\\x%02x", *p);
		} else if (*p < 0x80) {
			fputc(*p, f);
		} else if ((n = utf8_decode(p, &cp)) == 0) {
			/* Not UTF-8 (only from the command line): lossy. */
			fprintf(f, "\\x%02x", *p);
			n = 1;
		} else if (cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
			/* YAML line breaks would fold. */
			fputs(cp == 0x85 ? "\\N" : cp == 0x2028 ? "\\L" : "\\P",
			    f);
		} else if (cp < 0xa0 || cp == 0xfeff || cp == 0xfffe ||
		    cp == 0xffff) {
			/* Outside YAML's printable set. */
			fprintf(f, "\\u%04x", (unsigned)cp);
		} else {
			fwrite(p, 1, n, f);
		}
	}
	fputc('"', f);
}

int
conf_print(const struct conf *c, FILE *f)
{
	static const char *levels[] = { "error", "warning", "info", "debug" };
	char dur[32];
	size_t i;

	fputs("server:\n", f);
	if (c->identity != NULL) {
		fputs("  identity: ", f);
		put_str(f, c->identity);
		fputc('\n', f);
	} else {
		fputs("  # identity: not set, the host name is used\n", f);
	}
	if (c->nlisten > 0) {
		fputs("  listen:\n", f);
		for (i = 0; i < c->nlisten; i++)
			fprintf(f, "    - \"%s\"\n", c->listen[i].text);
	} else {
		fputs("  # listen: not set, 0.0.0.0@53 and ::@53 are used\n",
		    f);
	}
	if (c->workers != 0)
		fprintf(f, "  workers: %u\n", c->workers);
	else
		fputs("  # workers: not set, one per CPU\n", f);
	fprintf(f, "  nsid: %s\n", c->nsid ? "true" : "false");
	if (c->version != NULL) {
		fputs("  version: ", f);
		put_str(f, c->version);
		fputc('\n', f);
	} else {
		fputs("  # version: not set, version.bind is refused\n", f);
	}
	fprintf(f, "  udp-payload: %u\n", (unsigned)c->udp_payload);
	conf_format_duration(c->tcp_idle_ms, dur, sizeof(dur));
	fprintf(f, "  tcp-idle-timeout: %s\n", dur);
	fprintf(f, "  tcp-max-clients: %u\n", (unsigned)c->tcp_max_clients);
	if (c->cookie_secret_set) {
		fputs("  cookie-secret: \"", f);
		for (i = 0; i < CONF_COOKIE_SECRET_LEN; i++)
			fprintf(f, "%02x", c->cookie_secret[i]);
		fputs("\"\n", f);
	} else {
		fputs("  # cookie-secret: not set, random at start\n", f);
	}
	fputs("  log:\n", f);
	fprintf(f, "    syslog: %s\n", c->log_syslog ? "true" : "false");
	fprintf(f, "    verbosity: %s\n", levels[c->log_verbosity + 2]);
	if (c->nzones == 0) {
		fputs("# zone: none\n", f);
	} else {
		fputs("zone:\n", f);
		for (i = 0; i < c->nzones; i++) {
			fputs("  - domain: ", f);
			put_str(f, c->zones[i].domain);
			fputs("\n    file: ", f);
			put_str(f, c->zones[i].file);
			fputc('\n', f);
		}
	}
	return ferror(f) ? -EIO : 0;
}
