/* SPDX-License-Identifier: MIT */
/* err.c -- descriptions of the project's error codes. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

const char *
cn_strerror(int err)
{
	switch (err) {
	case CN_OK:		return "success";
	case CN_EPARSE:		return "malformed data";
	case CN_ETRUNC:		return "data ends too early";
	case CN_ESPACE:		return "no space left in buffer";
	case CN_ENAME:		return "bad domain name";
	case CN_ELABEL:		return "label longer than 63 octets";
	case CN_ENAMELEN:	return "name longer than 255 octets";
	case CN_ELOOP:		return "bad compression pointer";
	case CN_EZONE:		return "zone refused";
	case CN_ECONF:		return "configuration refused";
	case CN_EPROTO:		return "protocol error";
	default:
		if (err < 0 && err > -CN_ERR_BASE)
			return strerror(-err);
		return "unknown error";
	}
}

void
cn_why(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why == NULL || whylen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
}
