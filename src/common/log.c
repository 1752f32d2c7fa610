/* SPDX-License-Identifier: MIT */
/*
 * log.c -- one formatted line per message, to stderr and, when configured,
 * to syslog.  Levels above the verbosity are dropped before formatting.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static int	log_verbosity;
static bool	log_syslog;

void
log_init(int verbosity, bool use_syslog, const char *ident)
{
	log_verbosity = verbosity;
	log_syslog = use_syslog;
	if (use_syslog)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void
log_set_verbosity(int verbosity)
{
	log_verbosity = verbosity;
}

bool
log_enabled(enum log_level lvl)
{
	return (int)lvl <= LOG_LVL_INFO + log_verbosity;
}

static const char *
level_name(enum log_level lvl)
{
	switch (lvl) {
	case LOG_LVL_ERR:	return "error";
	case LOG_LVL_WARN:	return "warning";
	case LOG_LVL_INFO:	return "info";
	default:		return "debug";
	}
}

static int
level_priority(enum log_level lvl)
{
	switch (lvl) {
	case LOG_LVL_ERR:	return LOG_ERR;
	case LOG_LVL_WARN:	return LOG_WARNING;
	case LOG_LVL_INFO:	return LOG_INFO;
	default:		return LOG_DEBUG;
	}
}

static void
log_emit(enum log_level lvl, const char *text)
{
	char line[2048], stamp[32];
	struct timespec ts;
	struct tm tm;
	int n;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	n = snprintf(line, sizeof(line), "%s.%03ldZ [%s] %s\n", stamp,
	    ts.tv_nsec / 1000000, level_name(lvl), text);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	(void)!write(STDERR_FILENO, line, (size_t)n);
	if (log_syslog)
		syslog(level_priority(lvl), "%s", text);
}

void
log_msg(enum log_level lvl, const char *fmt, va_list ap)
{
	char text[1536];

	if (!log_enabled(lvl))
		return;
	vsnprintf(text, sizeof(text), fmt, ap);
	log_emit(lvl, text);
}

static void
log_with_errno(enum log_level lvl, int saved, const char *fmt, va_list ap)
{
	char text[1536];
	size_t n;

	if (!log_enabled(lvl))
		return;
	vsnprintf(text, sizeof(text), fmt, ap);
	n = strlen(text);
	snprintf(text + n, sizeof(text) - n, ": %s", strerror(saved));
	log_emit(lvl, text);
}

#define LOG_VARIADIC(lvl) do {			\
	va_list ap;				\
	va_start(ap, fmt);			\
	log_msg((lvl), fmt, ap);		\
	va_end(ap);				\
} while (0)

void
log_warn(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_with_errno(LOG_LVL_WARN, saved, fmt, ap);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	LOG_VARIADIC(LOG_LVL_WARN);
}

void
log_err(const char *fmt, ...)
{
	LOG_VARIADIC(LOG_LVL_ERR);
}

void
log_info(const char *fmt, ...)
{
	LOG_VARIADIC(LOG_LVL_INFO);
}

void
log_debug(const char *fmt, ...)
{
	LOG_VARIADIC(LOG_LVL_DEBUG);
}

void
fatal(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_with_errno(LOG_LVL_ERR, saved, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	LOG_VARIADIC(LOG_LVL_ERR);
	exit(1);
}
