/* SPDX-License-Identifier: MIT */
/*
 * json.h -- a small streaming JSON writer for castnsctl's --json output.
 *
 * Calls follow the document's structure: json_obj_begin(), then json_key()
 * and a value for each member, json_obj_end(); arrays alike.  Commas and
 * escaping are the writer's business: strings are escaped per RFC 8259
 * (quote, backslash, control characters), bytes that are not valid UTF-8
 * become U+FFFD, and numbers that JSON cannot carry (NaN, infinities)
 * become null.  Nesting deeper than JSON_DEPTH_MAX is a programmer error.
 * Output is compact, one line.  No I/O.
 */
#ifndef CN_CTL_JSON_H
#define CN_CTL_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

#define JSON_DEPTH_MAX	16

struct json {
	struct ctl_buf	*out;
	unsigned	 depth;
	bool		 first[JSON_DEPTH_MAX + 1];	/* no member yet */
	bool		 after_key;
};

void	json_init(struct json *j, struct ctl_buf *out);
void	json_obj_begin(struct json *j);
void	json_obj_end(struct json *j);
void	json_arr_begin(struct json *j);
void	json_arr_end(struct json *j);
void	json_key(struct json *j, const char *key);
void	json_str(struct json *j, const char *s);	/* NULL: null */
void	json_strn(struct json *j, const char *s, size_t len);
void	json_uint(struct json *j, uint64_t v);
void	json_int(struct json *j, int64_t v);
void	json_double(struct json *j, double v);
void	json_bool(struct json *j, bool v);
void	json_null(struct json *j);

/* A member: key and value in one call. */
void	json_kv_str(struct json *j, const char *key, const char *v);
void	json_kv_uint(struct json *j, const char *key, uint64_t v);
void	json_kv_int(struct json *j, const char *key, int64_t v);
void	json_kv_double(struct json *j, const char *key, double v);
void	json_kv_bool(struct json *j, const char *key, bool v);

/* Escapes s (len octets) as a JSON string, quotes included, onto out. */
void	json_escape(struct ctl_buf *out, const char *s, size_t len);

#endif
