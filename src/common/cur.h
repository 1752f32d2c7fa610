/* SPDX-License-Identifier: MIT */
/*
 * cur.h -- bounds-checked read cursor for every decoder of outside bytes.
 *
 * A read past the end sets a sticky error flag and yields zeros, so a run of
 * reads is checked once at the end.  Nested length-prefixed structures are
 * read through cur_sub() so an inner length can never escape its parent.
 */
#ifndef CN_COMMON_CUR_H
#define CN_COMMON_CUR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct cur {
	const uint8_t	*p;
	size_t		 len;
	size_t		 off;
	bool		 err;
};

static inline void
cur_init(struct cur *c, const void *p, size_t len)
{
	c->p = p;
	c->len = len;
	c->off = 0;
	c->err = false;
}

static inline size_t
cur_left(const struct cur *c)
{
	return c->err ? 0 : c->len - c->off;
}

/* Returns a pointer to the next n bytes and advances, or NULL (sticky). */
static inline const uint8_t *
cur_ptr(struct cur *c, size_t n)
{
	const uint8_t *p;

	if (c->err || c->len - c->off < n) {
		c->err = true;
		return NULL;
	}
	p = c->p + c->off;
	c->off += n;
	return p;
}

static inline uint8_t
cur_u8(struct cur *c)
{
	const uint8_t *p = cur_ptr(c, 1);

	return p ? p[0] : 0;
}

static inline uint16_t
cur_u16(struct cur *c)
{
	const uint8_t *p = cur_ptr(c, 2);

	return p ? (uint16_t)(p[0] << 8 | p[1]) : 0;
}

static inline uint32_t
cur_u32(struct cur *c)
{
	const uint8_t *p = cur_ptr(c, 4);

	return p ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3] : 0;
}

static inline bool
cur_bytes(struct cur *c, void *dst, size_t n)
{
	const uint8_t *p = cur_ptr(c, n);

	if (p == NULL)
		return false;
	memcpy(dst, p, n);
	return true;
}

static inline void
cur_skip(struct cur *c, size_t n)
{
	(void)cur_ptr(c, n);
}

/* Carves the next n bytes into child; an error in child stays in child. */
static inline bool
cur_sub(struct cur *c, size_t n, struct cur *child)
{
	const uint8_t *p = cur_ptr(c, n);

	cur_init(child, p, p ? n : 0);
	child->err = p == NULL;
	return p != NULL;
}

/* True when every byte was consumed without error. */
static inline bool
cur_done(const struct cur *c)
{
	return !c->err && c->off == c->len;
}

#endif
