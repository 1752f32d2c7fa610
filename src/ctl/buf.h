/* SPDX-License-Identifier: MIT */
/*
 * buf.h -- a growable text buffer for the control plane's replies (control
 * protocol, JSON, Prometheus text).  Allocation aborts on exhaustion, as
 * everywhere in the control plane; the text is always NUL-terminated.
 */
#ifndef CN_CTL_BUF_H
#define CN_CTL_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct ctl_buf {
	char	*data;		/* NULL until the first write */
	size_t	 len;
	size_t	 cap;
};

void	ctl_buf_init(struct ctl_buf *b);
/* Frees the text; the buffer may be used again. */
void	ctl_buf_clear(struct ctl_buf *b);
void	ctl_buf_add(struct ctl_buf *b, const char *s, size_t len);
void	ctl_buf_adds(struct ctl_buf *b, const char *s);
void	ctl_buf_addc(struct ctl_buf *b, char c);
void	ctl_buf_printf(struct ctl_buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	ctl_buf_vprintf(struct ctl_buf *b, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));
/* The text so far ("" when nothing was written). */
const char *ctl_buf_str(const struct ctl_buf *b);

#endif
