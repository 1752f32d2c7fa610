/* SPDX-License-Identifier: MIT */
/*
 * fuzz_mmdb.c -- libFuzzer target for our part of MaxMind DB support: the
 * walk that compiles a database's search tree into nets ranges (the file
 * format itself is libmaxminddb's to parse).  The input is handed to
 * libmaxminddb as a file (a memfd); a DB that compiles is merged below a
 * small nets table and looked up at the input's first octets, and every
 * match must be a known region with a prefix length that fits the family.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../src/geo/mmdb.h"
#include "../../src/geo/nets.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);

/*
 * libmaxminddb 1.7.1 (Debian 12) leaks a few KB when MMDB_open() fails on
 * some broken metadata (fixed upstream in 2024, PR 356): theirs, not ours.
 */
const char *
__lsan_default_suppressions(void)
{
	return "leak:libmaxminddb.so\n";
}

static const char *const regions[] = { "eu", "us", "apac" };
static const char nets[] = "10.0.0.0/8 eu\n10.1.0.0/16 us\n"
    "2001:db8::/32 apac\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct geo_mmdb_map map;
	struct geo_mmdb_stats st;
	struct geo_nets *n = NULL;
	char path[64], err[512];
	unsigned r, pl;
	size_t i;
	int fd;

	if (map.country[0] == 0) {
		for (i = 0; i < GEO_CODES; i++) {
			map.country[i] = i % 5 < 3 ? (uint16_t)(i % 5) :
			    GEO_NO_REGION;
			map.continent[i] = i % 2 ? 2 : GEO_NO_REGION;
		}
	}
	if ((fd = memfd_create("fuzz_mmdb", 0)) < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (geo_nets_parse("nets", nets, sizeof(nets) - 1, regions, 3, &n,
	    err, sizeof(err)) != 0)
		abort();
	if (geo_mmdb_load(path, &map, n, &st, err, sizeof(err)) != 0) {
		if (strncmp(err, path, strlen(path)) != 0)
			abort();
	} else if (st.mapped > st.networks)
		abort();
	/* The nets file's prefixes win over anything the DB says. */
	if (!geo_nets_lookup(n, AF_INET, (const uint8_t *)"\12\1\2\3", &r,
	    &pl) || r != 1 || pl != 16)
		abort();
	for (i = 0; i + 16 <= size && i < 64; i++) {
		if (geo_nets_lookup(n, AF_INET, data + i, &r, &pl) &&
		    (r >= 3 || pl > 32))
			abort();
		if (geo_nets_lookup(n, AF_INET6, data + i, &r, &pl) &&
		    (r >= 3 || pl > 128))
			abort();
	}
	geo_nets_free(n);
	close(fd);
	return 0;
}
