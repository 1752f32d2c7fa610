/* SPDX-License-Identifier: MIT */
/*
 * fuzz_ctl.c -- libFuzzer target for the control protocol codec: any
 * octets as a request line (an accepted one must encode and decode back
 * to the same request), as a whole reply, and through the JSON string
 * escaper (whose output must hold no raw control character and no invalid
 * UTF-8).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/ctl/json.h"
#include "../../src/ctl/proto.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_escaped(const struct ctl_buf *b)
{
	const unsigned char *p = (const unsigned char *)b->data;
	size_t i;

	if (b->len < 2 || p[0] != '"' || p[b->len - 1] != '"')
		abort();
	for (i = 1; i + 1 < b->len; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			abort();
		if (p[i] == '"' && p[i - 1] != '\\')
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctl_request req, back;
	struct ctl_reply rep;
	struct ctl_buf body, esc;
	char why[256], line[CTL_REQ_MAX + 1];
	int n;

	if (ctl_request_decode((const char *)data, size, &req, why,
	    sizeof(why)) == 0) {
		n = ctl_request_encode(&req, line, sizeof(line));
		if (n <= 0 || ctl_request_decode(line, (size_t)n, &back, why,
		    sizeof(why)) != 0 || memcmp(&req, &back, sizeof(req)) != 0)
			abort();
	} else if (why[0] == '\0') {
		abort();	/* every refusal says why */
	}
	ctl_buf_init(&body);
	if (ctl_reply_decode((const char *)data, size, &body, &rep) == 0 &&
	    (rep.code < 100 || rep.code > 599 || body.len > size))
		abort();
	ctl_buf_clear(&body);
	ctl_buf_init(&esc);
	json_escape(&esc, (const char *)data, size);
	check_escaped(&esc);
	ctl_buf_clear(&esc);
	return 0;
}
