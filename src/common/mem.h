/* SPDX-License-Identifier: MIT */
/*
 * mem.h -- allocation that aborts on exhaustion (control plane), and arenas
 * for data with one lifetime (a zone, a config) freed all at once.
 */
#ifndef CN_COMMON_MEM_H
#define CN_COMMON_MEM_H

#include <stddef.h>

void	*xmalloc(size_t n);
void	*xcalloc(size_t nmemb, size_t size);
void	*xrealloc(void *p, size_t n);
char	*xstrdup(const char *s);
/* Grows *arr (of *cap elements of size) to hold at least need elements. */
void	 xgrow(void *arr, size_t *cap, size_t need, size_t size);

struct arena_chunk;

struct arena {
	struct arena_chunk	*head;
	size_t			 used;	/* bytes in head */
	size_t			 total;	/* bytes handed out, for metrics */
};

void	 arena_init(struct arena *a);
/* Returns n bytes aligned to 8; never NULL. */
void	*arena_alloc(struct arena *a, size_t n);
void	*arena_memdup(struct arena *a, const void *src, size_t n);
char	*arena_strdup(struct arena *a, const char *s);
/* Frees every allocation of the arena; it may be used again. */
void	 arena_clear(struct arena *a);

#endif
