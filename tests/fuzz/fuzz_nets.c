/* SPDX-License-Identifier: MIT */
/*
 * fuzz_nets.c -- libFuzzer target for the nets file parser.  A table that
 * parses is looked up at the addresses of the input's first 64 octets,
 * and every match must be a prefix of the address it matched.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../../src/geo/nets.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const regions[] = { "eu", "us", "apac" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct geo_nets *n = NULL;
	char err[256];
	unsigned r, pl;
	size_t i;

	if (geo_nets_parse("fuzz", (const char *)data, size, regions, 3, &n,
	    err, sizeof(err)) != 0) {
		if (n != NULL || strncmp(err, "fuzz", 4) != 0)
			abort();
		return 0;
	}
	for (i = 0; i + 16 <= size && i < 64; i++) {
		if (geo_nets_lookup(n, AF_INET, data + i, &r, &pl) &&
		    (r >= 3 || pl > 32))
			abort();
		if (geo_nets_lookup(n, AF_INET6, data + i, &r, &pl) &&
		    (r >= 3 || pl > 128))
			abort();
	}
	geo_nets_free(n);
	return 0;
}
