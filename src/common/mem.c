/* SPDX-License-Identifier: MIT */
/*
 * mem.c -- aborting allocators and a chunked bump arena.  Large requests get
 * a chunk of their own so the arena wastes at most one chunk tail each time.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

#define ARENA_CHUNK	(64 * 1024)

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 size;
	_Alignas(16) unsigned char data[];
};

static void
out_of_memory(size_t n)
{
	fprintf(stderr, "castns: out of memory allocating %zu bytes\n", n);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		out_of_memory(n);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		out_of_memory(nmemb * size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		out_of_memory(n);
	return q;
}

char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

void
xgrow(void *arr, size_t *cap, size_t need, size_t size)
{
	void **p = arr;
	size_t ncap = *cap ? *cap : 8;

	if (need <= *cap)
		return;
	while (ncap < need)
		ncap *= 2;
	if (ncap > SIZE_MAX / size)
		out_of_memory(SIZE_MAX);
	*p = xrealloc(*p, ncap * size);
	*cap = ncap;
}

void
arena_init(struct arena *a)
{
	a->head = NULL;
	a->used = 0;
	a->total = 0;
}

static void
arena_new_chunk(struct arena *a, size_t need)
{
	size_t size = need > ARENA_CHUNK ? need : ARENA_CHUNK;
	struct arena_chunk *c = xmalloc(sizeof(*c) + size);

	c->size = size;
	c->next = a->head;
	a->head = c;
	a->used = 0;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	size_t aligned = (n + 7) & ~(size_t)7;
	void *p;

	if (a->head == NULL || a->head->size - a->used < aligned) {
		if (aligned > ARENA_CHUNK / 4 && a->head != NULL) {
			/* Big block: own chunk, behind head, keep head's tail. */
			struct arena_chunk *c = xmalloc(sizeof(*c) + aligned);

			c->size = aligned;
			c->next = a->head->next;
			a->head->next = c;
			a->total += aligned;
			return c->data;
		}
		arena_new_chunk(a, aligned);
	}
	p = a->head->data + a->used;
	a->used += aligned;
	a->total += aligned;
	return p;
}

void *
arena_memdup(struct arena *a, const void *src, size_t n)
{
	void *p = arena_alloc(a, n);

	if (n)
		memcpy(p, src, n);
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_memdup(a, s, strlen(s) + 1);
}

void
arena_clear(struct arena *a)
{
	struct arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	arena_init(a);
}
