/* SPDX-License-Identifier: MIT */
/*
 * err.h -- the project's error codes: 0 or a negative value that is either
 * -errno or one of our own below -CN_ERR_BASE.  cn_strerror() prints both.
 */
#ifndef CN_COMMON_ERR_H
#define CN_COMMON_ERR_H

#include <errno.h>

#define CN_ERR_BASE	1000

enum cn_err {
	CN_OK		= 0,
	CN_ENOMEM	= -ENOMEM,
	CN_EINVAL	= -EINVAL,
	CN_ERANGE	= -ERANGE,
	CN_ENOENT	= -ENOENT,
	CN_EEXIST	= -EEXIST,
	CN_EPARSE	= -(CN_ERR_BASE + 1),	/* malformed text or wire data */
	CN_ETRUNC	= -(CN_ERR_BASE + 2),	/* input ends too early */
	CN_ESPACE	= -(CN_ERR_BASE + 3),	/* output does not fit */
	CN_ENAME	= -(CN_ERR_BASE + 4),	/* bad domain name */
	CN_ELABEL	= -(CN_ERR_BASE + 5),	/* label longer than 63 */
	CN_ENAMELEN	= -(CN_ERR_BASE + 6),	/* name longer than 255 */
	CN_ELOOP	= -(CN_ERR_BASE + 7),	/* compression loop or forward ptr */
	CN_EZONE	= -(CN_ERR_BASE + 8),	/* zone refused by its checks */
	CN_ECONF	= -(CN_ERR_BASE + 9),	/* configuration refused */
	CN_EPROTO	= -(CN_ERR_BASE + 10),	/* peer broke the protocol */
};

#include <stddef.h>

/*
 * Formats a short reason for the caller into why (NULL or whylen 0: not
 * wanted), for functions that return a cn_err and say why in words.
 */
void	cn_why(char *why, size_t whylen, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* Returns a static description of a cn_err or -errno value. */
const char	*cn_strerror(int err);

#endif
