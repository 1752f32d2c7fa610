/* SPDX-License-Identifier: MIT */
/*
 * json.c -- the streaming JSON writer of json.h.
 */
#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../common/utf8.h"
#include "json.h"

void
json_init(struct json *j, struct ctl_buf *out)
{
	j->out = out;
	j->depth = 0;
	j->first[0] = true;
	j->after_key = false;
}

/* The separator before a value: none after a key, a comma between items. */
static void
sep(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (!j->first[j->depth])
		ctl_buf_addc(j->out, ',');
	j->first[j->depth] = false;
}

static void
open_(struct json *j, char c)
{
	sep(j);
	assert(j->depth < JSON_DEPTH_MAX);
	ctl_buf_addc(j->out, c);
	j->first[++j->depth] = true;
}

static void
close_(struct json *j, char c)
{
	assert(j->depth > 0 && !j->after_key);
	j->depth--;
	ctl_buf_addc(j->out, c);
}

void
json_obj_begin(struct json *j)
{
	open_(j, '{');
}

void
json_obj_end(struct json *j)
{
	close_(j, '}');
}

void
json_arr_begin(struct json *j)
{
	open_(j, '[');
}

void
json_arr_end(struct json *j)
{
	close_(j, ']');
}

void
json_escape(struct ctl_buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;
	char esc[8];

	ctl_buf_addc(out, '"');
	while (i < len) {
		unsigned char c = p[i];

		switch (c) {
		case '"':
			ctl_buf_add(out, "\\\"", 2);
			break;
		case '\\':
			ctl_buf_add(out, "\\\\", 2);
			break;
		case '\n':
			ctl_buf_add(out, "\\n", 2);
			break;
		case '\r':
			ctl_buf_add(out, "\\r", 2);
			break;
		case '\t':
			ctl_buf_add(out, "\\t", 2);
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				/* RFC 8259 7: controls as \u00XX. */
				snprintf(esc, sizeof(esc), "\\u%04x", c);
				ctl_buf_adds(out, esc);
			} else if (c < 0x80) {
				ctl_buf_addc(out, (char)c);
			} else if ((n = utf8_decode(p + i, len - i, &cp)) == 0) {
				ctl_buf_adds(out, "\\ufffd");
			} else {
				ctl_buf_add(out, s + i, n);
				i += n;
				continue;
			}
		}
		i++;
	}
	ctl_buf_addc(out, '"');
}

void
json_key(struct json *j, const char *key)
{
	assert(!j->after_key && j->depth > 0);
	sep(j);
	json_escape(j->out, key, strlen(key));
	ctl_buf_addc(j->out, ':');
	j->after_key = true;
}

void
json_strn(struct json *j, const char *s, size_t len)
{
	sep(j);
	json_escape(j->out, s, len);
}

void
json_str(struct json *j, const char *s)
{
	if (s == NULL)
		json_null(j);
	else
		json_strn(j, s, strlen(s));
}

void
json_uint(struct json *j, uint64_t v)
{
	sep(j);
	ctl_buf_printf(j->out, "%" PRIu64, v);
}

void
json_int(struct json *j, int64_t v)
{
	sep(j);
	ctl_buf_printf(j->out, "%" PRId64, v);
}

void
json_double(struct json *j, double v)
{
	if (!isfinite(v)) {
		json_null(j);
		return;
	}
	sep(j);
	/* Ten significant digits: penalties, latencies, ratios. */
	ctl_buf_printf(j->out, "%.10g", v);
}

void
json_bool(struct json *j, bool v)
{
	sep(j);
	ctl_buf_adds(j->out, v ? "true" : "false");
}

void
json_null(struct json *j)
{
	sep(j);
	ctl_buf_adds(j->out, "null");
}

void
json_kv_str(struct json *j, const char *key, const char *v)
{
	json_key(j, key);
	json_str(j, v);
}

void
json_kv_uint(struct json *j, const char *key, uint64_t v)
{
	json_key(j, key);
	json_uint(j, v);
}

void
json_kv_int(struct json *j, const char *key, int64_t v)
{
	json_key(j, key);
	json_int(j, v);
}

void
json_kv_double(struct json *j, const char *key, double v)
{
	json_key(j, key);
	json_double(j, v);
}

void
json_kv_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}
