/* SPDX-License-Identifier: MIT */
/*
 * wbuf.h -- bounds-checked write buffer over caller-owned memory.
 *
 * A write that does not fit sets a sticky error and writes nothing; the DNS
 * answer code uses it to decide when to set TC.
 */
#ifndef CN_COMMON_WBUF_H
#define CN_COMMON_WBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct wbuf {
	uint8_t	*p;
	size_t	 cap;
	size_t	 len;
	bool	 err;
};

static inline void
wbuf_init(struct wbuf *w, void *p, size_t cap)
{
	w->p = p;
	w->cap = cap;
	w->len = 0;
	w->err = false;
}

static inline size_t
wbuf_left(const struct wbuf *w)
{
	return w->err ? 0 : w->cap - w->len;
}

/* Reserves n bytes and returns where to write them, or NULL (sticky). */
static inline uint8_t *
wbuf_reserve(struct wbuf *w, size_t n)
{
	uint8_t *p;

	if (w->err || w->cap - w->len < n) {
		w->err = true;
		return NULL;
	}
	p = w->p + w->len;
	w->len += n;
	return p;
}

static inline void
wbuf_u8(struct wbuf *w, uint8_t v)
{
	uint8_t *p = wbuf_reserve(w, 1);

	if (p)
		p[0] = v;
}

static inline void
wbuf_put_u16_at(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline void
wbuf_u16(struct wbuf *w, uint16_t v)
{
	uint8_t *p = wbuf_reserve(w, 2);

	if (p)
		wbuf_put_u16_at(p, v);
}

static inline void
wbuf_u32(struct wbuf *w, uint32_t v)
{
	uint8_t *p = wbuf_reserve(w, 4);

	if (p) {
		p[0] = v >> 24;
		p[1] = (v >> 16) & 0xff;
		p[2] = (v >> 8) & 0xff;
		p[3] = v & 0xff;
	}
}

static inline void
wbuf_bytes(struct wbuf *w, const void *src, size_t n)
{
	uint8_t *p = wbuf_reserve(w, n);

	if (p && n)
		memcpy(p, src, n);
}

#endif
