/* SPDX-License-Identifier: MIT */
/*
 * test_ctlproto.c -- the control protocol codec (src/ctl/proto.c) and the
 * JSON writer (src/ctl/json.c): requests from castnsctl's words, their
 * encoding and decoding with every refusal, reply bodies and status lines,
 * and JSON structure, escaping and numbers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "../../src/common/err.h"
#include "../../src/ctl/json.h"
#include "../../src/ctl/proto.h"

/* Splits s at spaces into words (a static copy). */
static size_t
split(const char *s, const char **w, size_t max)
{
	static char copy[1024];
	size_t n = 0;
	char *p, *save = NULL;

	snprintf(copy, sizeof(copy), "%s", s);
	for (p = strtok_r(copy, " ", &save); p && n < max;
	    p = strtok_r(NULL, " ", &save))
		w[n++] = p;
	return n;
}

static const struct {
	const char	*words;
	const char	*line;		/* encoded; NULL: refused */
	const char	*why;
} word_cases[] = {
	{ "status", "castns/1 status\n", NULL },
	{ "status --json", "castns/1 status --json\n", NULL },
	{ "drain", "castns/1 drain all\n", NULL },
	{ "drain all --wait", "castns/1 drain all --wait\n", NULL },
	{ "drain --wait 198.51.100.1/32", "castns/1 drain 198.51.100.1/32 "
	  "--wait\n", NULL },
	{ "drain 2001:DB8:53::/48 --json", "castns/1 drain 2001:db8:53::/48 "
	  "--json\n", NULL },
	{ "undrain all", "castns/1 undrain all\n", NULL },
	{ "undrain 198.51.100.0/24", "castns/1 undrain 198.51.100.0/24\n",
	  NULL },
	{ "disable 198.51.100.1/32", "castns/1 disable 198.51.100.1/32\n",
	  NULL },
	{ "enable 198.51.100.1/32 --json", "castns/1 enable 198.51.100.1/32 "
	  "--json\n", NULL },
	{ "reload", "castns/1 reload\n", NULL },
	{ "zone-reload Example.COM", "castns/1 zone-reload example.com.\n",
	  NULL },
	{ "zone-reload .", "castns/1 zone-reload .\n", NULL },
	/* Found by fuzz_ctl: a name that normalises to "--json...". */
	{ "zone-reload \\-\\-json.", "castns/1 zone-reload \\045-json.\n",
	  NULL },
	{ "bgp --json", "castns/1 bgp --json\n", NULL },
	{ "stats", "castns/1 stats\n", NULL },
	{ "", NULL, "no command" },
	{ "frobnicate", NULL, "unknown command 'frobnicate'" },
	{ "status extra", NULL, "status takes no argument" },
	{ "status --wait", NULL, "status: unknown option '--wait'" },
	{ "undrain --wait", NULL, "undrain: unknown option '--wait'" },
	{ "drain --force", NULL, "drain: unknown option '--force'" },
	{ "disable", NULL, "disable needs a prefix" },
	{ "enable all", NULL, "enable: 'all' is not a prefix like "
	  "198.51.100.1/32" },
	{ "disable 198.51.100.1/24", NULL, "disable: '198.51.100.1/24' is "
	  "not a prefix like 198.51.100.1/32" },
	{ "disable 198.51.100.1", NULL, "disable: '198.51.100.1' is not a "
	  "prefix like 198.51.100.1/32" },
	{ "drain 198.51.100.1/32 all", NULL, "drain: unexpected argument "
	  "'all'" },
	{ "zone-reload", NULL, "zone-reload needs a zone name" },
	{ "zone-reload a..b", NULL, "zone-reload: 'a..b' is not a domain "
	  "name" },
	{ "reload now", NULL, "reload takes no argument" },
};

static void
from_words(void **state)
{
	const char *w[16];
	struct ctl_request req, back;
	char why[256], line[CTL_REQ_MAX];
	size_t i, n;
	int r;

	(void)state;
	for (i = 0; i < sizeof(word_cases) / sizeof(word_cases[0]); i++) {
		n = split(word_cases[i].words, w, 16);
		why[0] = '\0';
		r = ctl_request_from_words(n, w, &req, why, sizeof(why));
		if (word_cases[i].line == NULL) {
			if (r != CN_EINVAL || strcmp(why, word_cases[i].why))
				fail_msg("case %zu '%s': got %d '%s'", i,
				    word_cases[i].words, r, why);
			continue;
		}
		if (r != 0)
			fail_msg("case %zu '%s': refused: %s", i,
			    word_cases[i].words, why);
		r = ctl_request_encode(&req, line, sizeof(line));
		assert_int_equal(r, strlen(word_cases[i].line));
		assert_string_equal(line, word_cases[i].line);
		/* The daemon decodes what castnsctl encoded to the same. */
		assert_int_equal(ctl_request_decode(line, (size_t)r, &back, why,
		    sizeof(why)), 0);
		assert_memory_equal(&back, &req, sizeof(req));
	}
}

static const struct {
	const char	*line;
	int		 err;
	const char	*why;
} decode_cases[] = {
	{ "castns/1 status", 0, NULL },
	{ "castns/1 status --json\n", 0, NULL },
	{ "castns/2 status\n", CN_EPROTO, "protocol version 2 not supported, "
	  "this castnsd speaks castns/1" },
	{ "castns/01 status\n", CN_EPARSE, "bad protocol version "
	  "'castns/01'" },
	{ "castns/x status\n", CN_EPARSE, "bad protocol version 'castns/x'" },
	{ "castns/ status\n", CN_EPARSE, "bad protocol version 'castns/'" },
	{ "castns/1\n", CN_EPARSE, NULL },
	{ "\n", CN_EPARSE, "empty word in the request" },
	{ "", CN_EPARSE, "empty word in the request" },
	{ "status\n", CN_EPARSE, "expected 'castns/1 COMMAND ...'" },
	{ "castns/1  status\n", CN_EPARSE, "empty word in the request" },
	{ "castns/1 status \n", CN_EPARSE, "empty word in the request" },
	{ "castns/1 status\r\n", CN_EPARSE, "request with a control or "
	  "non-ASCII octet" },
	{ "castns/1 stat\tus\n", CN_EPARSE, "request with a control or "
	  "non-ASCII octet" },
	{ "castns/1 a b c d e f\n", CN_EPARSE, "too many words in the "
	  "request" },
	{ "castns/1 drain all --wait --json --json\n", 0, NULL },
	{ "castns/1 bogus\n", CN_EPARSE, "unknown command 'bogus'" },
};

static void
decode(void **state)
{
	struct ctl_request req;
	char why[256], big[CTL_REQ_MAX + 8];
	size_t i;
	int r;

	(void)state;
	for (i = 0; i < sizeof(decode_cases) / sizeof(decode_cases[0]); i++) {
		why[0] = '\0';
		r = ctl_request_decode(decode_cases[i].line,
		    strlen(decode_cases[i].line), &req, why, sizeof(why));
		if (r != decode_cases[i].err)
			fail_msg("case %zu: got %d '%s'", i, r, why);
		if (decode_cases[i].why != NULL &&
		    strcmp(why, decode_cases[i].why) != 0)
			fail_msg("case %zu: why '%s'", i, why);
	}
	/* The limit: CTL_REQ_MAX - 1 octets and the newline. */
	memset(big, 'a', sizeof(big));
	memcpy(big, "castns/1 ", 9);
	r = ctl_request_decode(big, CTL_REQ_MAX, &req, why, sizeof(why));
	assert_int_equal(r, CN_EPARSE);
	assert_string_equal(why, "request longer than 511 octets");
	/* A NUL inside is a control octet, not the end. */
	r = ctl_request_decode("castns/1 stats\0x", 16, &req, why,
	    sizeof(why));
	assert_int_equal(r, CN_EPARSE);
	/*
	 * fuzz_ctl: bare ';' grow to "\;" once normalised; a name that
	 * outgrows the argument is refused, not cut short.
	 */
	memset(big, 0, sizeof(big));
	strcpy(big, "castns/1 zone-reload ");
	for (i = 0; i < 150; i++)
		strcat(big, i % 50 == 49 ? "." : ";");
	strcat(big, "\n");
	r = ctl_request_decode(big, strlen(big), &req, why, sizeof(why));
	assert_int_equal(r, CN_EPARSE);
	assert_non_null(strstr(why, "name too long once escaped"));
}

static void
reply(void **state)
{
	struct ctl_buf out, body;
	struct ctl_reply rep;

	(void)state;
	ctl_buf_init(&out);
	ctl_buf_init(&body);
	ctl_reply_body(&out, "zones: 2\n example.com.\n\n200 fake", 32);
	ctl_reply_status(&out, CTL_OK, "ok");
	assert_string_equal(ctl_buf_str(&out), " zones: 2\n  example.com.\n"
	    " \n 200 fake\n200 ok\n");
	assert_int_equal(ctl_reply_decode(out.data, out.len, &body, &rep), 0);
	assert_int_equal(rep.code, 200);
	assert_string_equal(rep.msg, "ok");
	assert_string_equal(ctl_buf_str(&body), "zones: 2\n example.com.\n\n"
	    "200 fake\n");

	/* No body; a message with a newline stays one line. */
	ctl_buf_clear(&out);
	ctl_buf_clear(&body);
	ctl_reply_status(&out, CTL_NOT_FOUND, "no prefix %s\nx", "a/32");
	assert_string_equal(ctl_buf_str(&out), "404 no prefix a/32 x\n");
	assert_int_equal(ctl_reply_decode(out.data, out.len, &body, &rep), 0);
	assert_int_equal(rep.code, 404);
	assert_string_equal(rep.msg, "no prefix a/32 x");
	assert_int_equal(body.len, 0);
	/* Empty message. */
	ctl_buf_clear(&out);
	ctl_reply_status(&out, 999, "%s", "");
	assert_string_equal(ctl_buf_str(&out), "500 \n");

	/* Broken replies. */
	assert_int_equal(ctl_reply_decode("", 0, NULL, &rep), CN_ETRUNC);
	assert_int_equal(ctl_reply_decode(" a\n", 3, NULL, &rep), CN_ETRUNC);
	assert_int_equal(ctl_reply_decode(" a\n200 ok", 9, NULL, &rep),
	    CN_ETRUNC);
	assert_int_equal(ctl_reply_decode("200 ok\n ", 8, NULL, &rep),
	    CN_EPARSE);
	assert_int_equal(ctl_reply_decode("200 ok\n200 ok\n", 14, NULL, &rep),
	    CN_EPARSE);
	assert_int_equal(ctl_reply_decode("20 ok\n", 6, NULL, &rep),
	    CN_EPARSE);
	assert_int_equal(ctl_reply_decode("600 ok\n", 7, NULL, &rep),
	    CN_EPARSE);
	assert_int_equal(ctl_reply_decode("200\n", 4, NULL, &rep), CN_EPARSE);
	assert_int_equal(ctl_reply_decode("x\n", 2, NULL, &rep), CN_EPARSE);
	ctl_buf_clear(&out);
	ctl_buf_clear(&body);
}

static void
names(void **state)
{
	int c;

	(void)state;
	for (c = 0; c < CTL_CMD_COUNT; c++) {
		assert_non_null(ctl_cmd_name((enum ctl_cmd)c));
		assert_true(strncmp(ctl_cmd_synopsis((enum ctl_cmd)c),
		    ctl_cmd_name((enum ctl_cmd)c),
		    strlen(ctl_cmd_name((enum ctl_cmd)c))) == 0);
	}
	assert_string_equal(ctl_cmd_name(CTL_ZONE_RELOAD), "zone-reload");
	assert_int_equal(ctl_cmd_arg(CTL_DISABLE), CTL_ARG_PREFIX);
}

static void
json_structure(void **state)
{
	struct ctl_buf b;
	struct json j;

	(void)state;
	ctl_buf_init(&b);
	json_init(&j, &b);
	json_obj_begin(&j);
	json_kv_str(&j, "identity", "eu-1");
	json_kv_uint(&j, "uptime", 18446744073709551615ULL);
	json_kv_int(&j, "neg", -5);
	json_kv_bool(&j, "ok", true);
	json_kv_double(&j, "penalty", 1.5);
	json_kv_double(&j, "nan", NAN);
	json_kv_double(&j, "inf", -INFINITY);
	json_kv_str(&j, "none", NULL);
	json_key(&j, "list");
	json_arr_begin(&j);
	json_arr_end(&j);
	json_key(&j, "objs");
	json_arr_begin(&j);
	json_obj_begin(&j);
	json_kv_str(&j, "prefix", "198.51.100.1/32");
	json_obj_end(&j);
	json_obj_begin(&j);
	json_obj_end(&j);
	json_uint(&j, 3);
	json_null(&j);
	json_arr_end(&j);
	json_obj_end(&j);
	assert_string_equal(ctl_buf_str(&b), "{\"identity\":\"eu-1\","
	    "\"uptime\":18446744073709551615,\"neg\":-5,\"ok\":true,"
	    "\"penalty\":1.5,\"nan\":null,\"inf\":null,\"none\":null,"
	    "\"list\":[],\"objs\":[{\"prefix\":\"198.51.100.1/32\"},{},3,"
	    "null]}");
	assert_int_equal(j.depth, 0);
	ctl_buf_clear(&b);

	/* A top-level array of scalars. */
	json_init(&j, &b);
	json_arr_begin(&j);
	json_str(&j, "a");
	json_bool(&j, false);
	json_double(&j, 0.1);
	json_arr_end(&j);
	assert_string_equal(ctl_buf_str(&b), "[\"a\",false,0.1]");
	ctl_buf_clear(&b);
}

static const struct {
	const char	*in;
	size_t		 len;
	const char	*out;
} esc_cases[] = {
	{ "plain", 5, "\"plain\"" },
	{ "q\"b\\s/", 6, "\"q\\\"b\\\\s/\"" },
	{ "\n\r\t\b\f", 5, "\"\\n\\r\\t\\u0008\\u000c\"" },
	{ "nul\0x", 5, "\"nul\\u0000x\"" },
	{ "\x7f", 1, "\"\\u007f\"" },
	{ "caf\xc3\xa9", 5, "\"caf\xc3\xa9\"" },		/* é */
	{ "\xe2\x82\xac", 3, "\"\xe2\x82\xac\"" },		/* € */
	{ "\xf0\x9f\x98\x80", 4, "\"\xf0\x9f\x98\x80\"" },	/* U+1F600 */
	{ "\xc3", 1, "\"\\ufffd\"" },			/* cut short */
	{ "\xc0\xaf", 2, "\"\\ufffd\\ufffd\"" },	/* overlong */
	{ "\xe0\x80\xaf", 3, "\"\\ufffd\\ufffd\\ufffd\"" },	/* overlong */
	{ "\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\"" },	/* surrogate */
	{ "\xf4\x90\x80\x80", 4, "\"\\ufffd\\ufffd\\ufffd\\ufffd\"" },
	{ "\xff" "a", 2, "\"\\ufffda\"" },
	{ "", 0, "\"\"" },
};

static void
json_escaping(void **state)
{
	struct ctl_buf b;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(esc_cases) / sizeof(esc_cases[0]); i++) {
		ctl_buf_init(&b);
		json_escape(&b, esc_cases[i].in, esc_cases[i].len);
		if (strcmp(ctl_buf_str(&b), esc_cases[i].out) != 0)
			fail_msg("case %zu: got %s", i, ctl_buf_str(&b));
		ctl_buf_clear(&b);
	}
	/* Keys are escaped too. */
	ctl_buf_init(&b);
	{
		struct json j;

		json_init(&j, &b);
		json_obj_begin(&j);
		json_kv_str(&j, "a\"b", "\x01");
		json_obj_end(&j);
	}
	assert_string_equal(ctl_buf_str(&b), "{\"a\\\"b\":\"\\u0001\"}");
	ctl_buf_clear(&b);
}

static void
buffer(void **state)
{
	struct ctl_buf b;
	size_t i;

	(void)state;
	ctl_buf_init(&b);
	assert_string_equal(ctl_buf_str(&b), "");
	for (i = 0; i < 1000; i++)
		ctl_buf_printf(&b, "%04zu", i);
	assert_int_equal(b.len, 4000);
	assert_int_equal(strncmp(b.data + 3996, "0999", 4), 0);
	assert_int_equal(b.data[4000], '\0');
	ctl_buf_printf(&b, "%s", "");
	assert_int_equal(b.len, 4000);
	ctl_buf_clear(&b);
	assert_null(b.data);
	ctl_buf_clear(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(from_words),
		cmocka_unit_test(decode),
		cmocka_unit_test(reply),
		cmocka_unit_test(names),
		cmocka_unit_test(json_structure),
		cmocka_unit_test(json_escaping),
		cmocka_unit_test(buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
