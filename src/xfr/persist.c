/* SPDX-License-Identifier: MIT */
/*
 * persist.c -- a received zone to disk without ever leaving a half-written
 * file where the zone file is: the text goes to FILE.tmp, is fsynced, is
 * renamed over FILE (atomic on POSIX file systems), and the directory is
 * fsynced so the rename itself survives a power cut.  A crash before the
 * rename leaves the old file (and a stale .tmp, overwritten next time);
 * after it, the new one.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/mem.h"
#include "xfr.h"

static int
failed(char *err, size_t errlen, const char *what, const char *path, int e)
{
	snprintf(err, errlen, "%s %s: %s", what, path, strerror(e));
	return -e;
}

static int
sync_dir(const char *path, char *err, size_t errlen)
{
	char *copy = xstrdup(path);
	const char *dir = dirname(copy);
	int fd, r = 0;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    fsync(fd) != 0)
		r = failed(err, errlen, "fsync of directory", dir, errno);
	if (fd >= 0)
		close(fd);
	free(copy);
	return r;
}

int
xfr_persist(const struct dns_zone *zone, const char *path,
    const char *header, char *err, size_t errlen)
{
	size_t n = strlen(path) + 5;
	char *tmp = xmalloc(n);
	FILE *f = NULL;
	int fd, r, e;

	snprintf(tmp, n, "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		r = failed(err, errlen, "cannot create", tmp, errno);
		if (fd >= 0)
			close(fd);
		goto out;
	}
	if (header != NULL)
		fprintf(f, "; %s\n", header);
	if ((r = xfr_zone_print(zone, f)) != 0) {
		e = r < 0 && r > -4096 ? -r : EIO;
		fclose(f);
		r = failed(err, errlen, "cannot write", tmp, e);
		goto unlink;
	}
	if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
		e = errno;
		fclose(f);
		r = failed(err, errlen, "cannot write", tmp, e);
		goto unlink;
	}
	if (fclose(f) != 0) {
		r = failed(err, errlen, "cannot write", tmp, errno);
		goto unlink;
	}
	if (rename(tmp, path) != 0) {
		r = failed(err, errlen, "cannot rename over", path, errno);
		goto unlink;
	}
	r = sync_dir(path, err, errlen);
	goto out;
unlink:
	unlink(tmp);
out:
	free(tmp);
	return r;
}
