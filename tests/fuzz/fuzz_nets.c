/* SPDX-License-Identifier: MIT */
/*
 * fuzz_nets.c -- libFuzzer target for the nets file parser.  A table that
 * parses is looked up at the addresses of the input's first 64 octets,
 * and every match must be a prefix of the address it matched, its scope
 * a block that matches the same throughout.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../../src/geo/nets.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const regions[] = { "eu", "us", "apac" };

/*
 * The scope's promise: the whole block of the address's first scope bits
 * gets the same match (its first and last addresses are checked).
 */
static void
scope_holds(const struct geo_nets *n, int family, const uint8_t *addr)
{
	struct geo_match m, e;
	uint8_t lo[16], hi[16];
	size_t len = family == AF_INET ? 4 : 16, k;
	unsigned bits;

	if (!geo_nets_match(n, family, addr, &m))
		return;
	if (m.scope < m.plen || m.scope > len * 8)
		abort();
	for (k = 0; k < len; k++) {
		bits = m.scope > 8 * k ? m.scope - 8 * k : 0;
		if (bits > 8)
			bits = 8;
		lo[k] = addr[k] & (uint8_t)(0xff00u >> bits);
		hi[k] = addr[k] | (uint8_t)~(0xff00u >> bits);
	}
	if (!geo_nets_match(n, family, lo, &e) || e.region != m.region ||
	    e.plen != m.plen)
		abort();
	if (!geo_nets_match(n, family, hi, &e) || e.region != m.region ||
	    e.plen != m.plen)
		abort();
}

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
		scope_holds(n, AF_INET, data + i);
		scope_holds(n, AF_INET6, data + i);
	}
	geo_nets_free(n);
	return 0;
}
