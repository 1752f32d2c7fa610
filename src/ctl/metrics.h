/* SPDX-License-Identifier: MIT */
/*
 * metrics.h -- the Prometheus endpoint: HTTP/1.0 on a configured address,
 * GET /metrics answered with the text exposition format (version 0.0.4),
 * every other path 404, then the connection is closed.  Requests are
 * bounded, reads and writes never block, and the numbers are read when
 * scraped (the data plane's per-worker counters summed, the BGP and
 * health state read directly).  docs/metrics.md lists every metric.
 * Control thread only.
 */
#ifndef CN_CTL_METRICS_H
#define CN_CTL_METRICS_H

#include <stdbool.h>

#include "../common/loop.h"
#include "../conf/conf.h"
#include "buf.h"
#include "ctl.h"

#define METRICS_REQ_MAX		8192	/* request line and headers */
#define METRICS_TIMEOUT_MS	5000
#define METRICS_CONNS_MAX	16

struct ctl_metrics;

/*
 * Listens on addr (TCP) and serves scrapes on loop.  Returns 0 or -errno
 * (-EADDRINUSE...).  ops must outlive the endpoint.
 */
int	ctl_metrics_new(struct loop *loop, const struct conf_listen *addr,
	    const struct ctl_ops *ops, void *arg, struct ctl_metrics **out);
void	ctl_metrics_free(struct ctl_metrics *m);	/* NULL-safe */
/* The daemon counts each reload, ok or failed; NULL-safe. */
void	ctl_metrics_reload(struct ctl_metrics *m, bool ok);
/* Writes the whole exposition; m may be NULL (reload counters 0). */
void	ctl_metrics_render(const struct ctl_metrics *m,
	    const struct ctl_ops *ops, void *arg, struct ctl_buf *out);

#endif
