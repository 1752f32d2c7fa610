/* SPDX-License-Identifier: MIT */
/*
 * log.h -- logging to stderr (foreground) and optionally syslog.
 *
 * Thread-safe: each message is formatted into one buffer and written with a
 * single call.  log_warn() appends strerror(errno); log_warnx() does not.
 * The DNS fast path never logs per query; it counts.
 */
#ifndef CN_COMMON_LOG_H
#define CN_COMMON_LOG_H

#include <stdarg.h>
#include <stdbool.h>

enum log_level {
	LOG_LVL_ERR	= 0,
	LOG_LVL_WARN	= 1,
	LOG_LVL_INFO	= 2,
	LOG_LVL_DEBUG	= 3,
};

/* verbosity: 0 = info and above, each -v adds one level. */
void	log_init(int verbosity, bool use_syslog, const char *ident);
void	log_set_verbosity(int verbosity);
bool	log_enabled(enum log_level lvl);

void	log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_msg(enum log_level lvl, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));

void	fatal(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
