/* SPDX-License-Identifier: MIT */
/*
 * buf.c -- the growable text buffer of buf.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/mem.h"
#include "buf.h"

void
ctl_buf_init(struct ctl_buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void
ctl_buf_clear(struct ctl_buf *b)
{
	free(b->data);
	ctl_buf_init(b);
}

static void
reserve(struct ctl_buf *b, size_t more)
{
	size_t cap = b->cap ? b->cap : 256;

	if (b->len + more + 1 <= b->cap)
		return;
	while (cap < b->len + more + 1)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void
ctl_buf_add(struct ctl_buf *b, const char *s, size_t len)
{
	reserve(b, len);
	memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
ctl_buf_adds(struct ctl_buf *b, const char *s)
{
	ctl_buf_add(b, s, strlen(s));
}

void
ctl_buf_addc(struct ctl_buf *b, char c)
{
	ctl_buf_add(b, &c, 1);
}

void
ctl_buf_vprintf(struct ctl_buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n <= 0)
		return;
	reserve(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
ctl_buf_printf(struct ctl_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ctl_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *
ctl_buf_str(const struct ctl_buf *b)
{
	return b->data != NULL ? b->data : "";
}
