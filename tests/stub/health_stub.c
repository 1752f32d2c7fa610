/* SPDX-License-Identifier: MIT */
/*
 * health_stub.c -- stands in for src/health until that module lands, so
 * that castnsd, the unit tests and the fuzzers link the control code that
 * reads it.  The Makefile links it only while src/health has no .c file;
 * it is never part of libcastns.a.  The daemon creates no health object
 * meanwhile (its ctl_ops return NULL), so none of this runs.
 */
#include <stdint.h>
#include <stdlib.h>

#include "../../src/common/err.h"
#include "../../src/health/health.h"

struct health	*health_new(struct loop *loop, const struct health_ops *ops,
		    void *arg);

struct health *
health_new(struct loop *loop, const struct health_ops *ops, void *arg)
{
	(void)loop, (void)ops, (void)arg;
	return NULL;
}

void
health_free(struct health *h)
{
	(void)h;
}

int
health_configure(struct health *h, struct conf *conf)
{
	(void)h, (void)conf;
	return CN_EINVAL;
}

void
health_set_self(struct health *h, bool ok, const char *why)
{
	(void)h, (void)ok, (void)why;
}

int
health_drain(struct health *h, size_t idx)
{
	(void)h, (void)idx;
	return CN_ENOENT;
}

int
health_undrain(struct health *h, size_t idx)
{
	(void)h, (void)idx;
	return CN_ENOENT;
}

int
health_disable(struct health *h, size_t idx)
{
	(void)h, (void)idx;
	return CN_ENOENT;
}

int
health_enable(struct health *h, size_t idx)
{
	(void)h, (void)idx;
	return CN_ENOENT;
}

bool
health_drain_done(const struct health *h, size_t idx)
{
	(void)h, (void)idx;
	return true;
}

size_t
health_prefix_find(const struct health *h, const char *text)
{
	(void)h, (void)text;
	return SIZE_MAX;
}

size_t
health_prefix_count(const struct health *h)
{
	(void)h;
	return 0;
}

void
health_prefix_status(const struct health *h, size_t idx,
    struct health_prefix_status *out)
{
	(void)h, (void)idx, (void)out;
	abort();
}

size_t
health_check_count(const struct health *h)
{
	(void)h;
	return 0;
}

void
health_check_status(const struct health *h, size_t i,
    struct health_check_status *out)
{
	(void)h, (void)i, (void)out;
	abort();
}

const char *
health_state_name(enum health_prefix_state s)
{
	switch (s) {
	case HEALTH_WITHDRAWN:
		return "withdrawn";
	case HEALTH_ANNOUNCED:
		return "announced";
	case HEALTH_DRAINING:
		return "draining";
	case HEALTH_SUPPRESSED:
		return "suppressed";
	case HEALTH_DISABLED:
		return "disabled";
	}
	return "?";
}
