/* SPDX-License-Identifier: MIT */
/*
 * castnsctl.c -- the operator's command-line tool for a running castnsd.
 *
 * The control socket it will talk to comes with a later issue; until then
 * it knows its commands, prints its usage, and says plainly that a command
 * is not available yet.  Exit status: 0 ok, 1 command failed or not yet
 * available, 2 usage.
 */
#include <stdio.h>
#include <string.h>

#ifndef CASTNS_VERSION
#define CASTNS_VERSION	"0.1.0"
#endif

static const struct {
	const char	*name;
	const char	*help;
} commands[] = {
	{ "status",	"show the node: zones, serials, listen addresses, "
			    "routes" },
	{ "reload",	"reload the configuration and every zone" },
	{ "drain",	"withdraw the anycast routes gracefully, keep "
			    "serving" },
	{ "undrain",	"announce the anycast routes again" },
	{ "stats",	"print the query counters" },
};

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: castnsctl [-h | -V] COMMAND\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\nThe control socket is not there yet: until it is, "
	    "reload castnsd with\nSIGHUP (kill -HUP PID) and stop it with "
	    "SIGTERM.\n");
}

int
main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("castnsctl %s\n", CASTNS_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			fprintf(stderr, "castnsctl: %s: not available yet "
			    "(the control socket comes with a later "
			    "version)\n", argv[1]);
			return 1;
		}
	fprintf(stderr, "castnsctl: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
