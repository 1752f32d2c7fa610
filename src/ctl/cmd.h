/* SPDX-License-Identifier: MIT */
/*
 * cmd.h -- the control commands behind the socket (internal to src/ctl):
 * each reads the daemon's state through struct ctl_ops and writes its
 * reply body, text or JSON.
 */
#ifndef CN_CTL_CMD_H
#define CN_CTL_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "ctl.h"
#include "proto.h"

/*
 * Runs req and writes the body into body; returns the status code and
 * writes the status message into msg.
 */
int	ctl_cmd_run(const struct ctl_ops *ops, void *arg,
	    const struct ctl_request *req, struct ctl_buf *body, char *msg,
	    size_t msglen);
/* For drain --wait: true once the drain req asked for is over. */
bool	ctl_cmd_drain_done(const struct ctl_ops *ops, void *arg,
	    const struct ctl_request *req);
/* The state of the prefixes req names (all, or its PREFIX), into body. */
void	ctl_cmd_prefixes(const struct ctl_ops *ops, void *arg,
	    const struct ctl_request *req, struct ctl_buf *body);
struct json;

/* The geo command: sites, regions and what each gets (ctl/geo.c). */
void	ctl_cmd_geo(const struct ctl_ops *ops, void *arg, bool json,
	    struct ctl_buf *body);
/*
 * status's geo summary: a line into b when j is NULL, else a "geo"
 * member of j's open object; nothing without geo answers.
 */
void	ctl_geo_status(const struct ctl_ops *ops, void *arg, struct json *j,
	    struct ctl_buf *b);
/* zone-status [NAME] and zone-refresh NAME (xfrcmd.c). */
int	ctl_cmd_zone_status(const struct ctl_ops *ops, void *arg,
	    const struct ctl_request *req, struct ctl_buf *body, char *msg,
	    size_t msglen);
int	ctl_cmd_zone_refresh(const struct ctl_ops *ops, void *arg,
	    const struct ctl_request *req, struct ctl_buf *body, char *msg,
	    size_t msglen);
/* "NOERROR", "NXDOMAIN"... or "RCODE12". */
const char *ctl_rcode_name(unsigned rcode, char *buf, size_t len);

#endif
