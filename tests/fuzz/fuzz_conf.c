/* SPDX-License-Identifier: MIT */
/*
 * fuzz_conf.c -- libFuzzer target for the configuration parser.  Any
 * input must give a conf or an error message, never a crash; an accepted
 * one must print, parse back and print again to the same text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/conf/conf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *
printed(const struct conf *c, size_t *len)
{
	char *out = NULL;
	FILE *f = open_memstream(&out, len);

	if (f == NULL)
		abort();
	conf_print(c, f);
	fclose(f);
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[CONF_ERR_MAX], *p1, *p2;
	struct conf *c = NULL, *c2 = NULL;
	size_t l1, l2;

	if (conf_parse_text((const char *)data, size, "fuzz.yaml", &c, err,
	    sizeof(err)) != 0) {
		/* Every refusal says where. */
		if (strncmp(err, "fuzz.yaml:", 10) != 0)
			abort();
		return 0;
	}
	p1 = printed(c, &l1);
	if (conf_parse_text(p1, l1, "printed.yaml", &c2, err,
	    sizeof(err)) != 0) {
		fprintf(stderr, "printed config refused: %s\n%s\n", err, p1);
		abort();
	}
	p2 = printed(c2, &l2);
	if (l1 != l2 || memcmp(p1, p2, l1) != 0) {
		fprintf(stderr, "round trip differs:\n%s\n---\n%s\n", p1, p2);
		abort();
	}
	free(p1);
	free(p2);
	conf_free(c);
	conf_free(c2);
	return 0;
}
