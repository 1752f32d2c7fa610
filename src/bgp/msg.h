/* SPDX-License-Identifier: MIT */
/*
 * msg.h -- BGP-4 message codec (RFC 4271 and the extensions castnsd speaks).
 *
 * Pure functions: no I/O, no logging, no globals; unit tests and the fuzzer
 * call them directly.  Decoders read through struct cur and, on bad input,
 * return CN_EPROTO with the NOTIFICATION the session must send filled into
 * a struct bgp_notify (RFC 4271 section 6, RFC 7606).  Encoders write one
 * whole message (header included) into a struct wbuf and return 0, or
 * CN_ESPACE when it does not fit.
 *
 * castnsd only originates: an UPDATE from a peer is validated and its
 * prefixes counted, never stored.
 */
#ifndef CN_BGP_MSG_H
#define CN_BGP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/wbuf.h"

#define BGP_HDR_LEN		19
#define BGP_MARKER_LEN		16
#define BGP_MAX_LEN		4096	/* RFC 4271 4.1 */
#define BGP_OPEN_MIN_LEN	29
#define BGP_UPDATE_MIN_LEN	23
#define BGP_NOTIFICATION_MIN_LEN 21
#define BGP_KEEPALIVE_LEN	19
#define BGP_ROUTE_REFRESH_LEN	23	/* RFC 2918 3, RFC 7313 5 */
#define BGP_VERSION		4
#define BGP_AS_TRANS		23456	/* RFC 6793 */
#define BGP_NOTIFY_DATA_MAX	256
#define BGP_SHUTDOWN_MSG_MAX	255	/* RFC 9003 */
#define BGP_PREPEND_MAX		254	/* one AS_SEQUENCE holds 255 ASes */
#define BGP_HOLD_MIN		3	/* RFC 4271 4.2: 0 or at least 3 */

enum bgp_type {
	BGP_OPEN = 1,
	BGP_UPDATE = 2,
	BGP_NOTIFICATION = 3,
	BGP_KEEPALIVE = 4,
	BGP_ROUTE_REFRESH = 5,
};

/* NOTIFICATION error codes (RFC 4271 4.5, RFC 7313) */
enum bgp_err {
	BGP_ERR_HEADER = 1,
	BGP_ERR_OPEN = 2,
	BGP_ERR_UPDATE = 3,
	BGP_ERR_HOLD = 4,
	BGP_ERR_FSM = 5,
	BGP_ERR_CEASE = 6,
	BGP_ERR_ROUTE_REFRESH = 7,
};

/* Subcodes: message header error */
#define BGP_HDR_SYNC		1
#define BGP_HDR_LENGTH		2
#define BGP_HDR_TYPE		3
/* OPEN message error */
#define BGP_OPEN_UNSPEC		0	/* malformed parameters, capabilities */
#define BGP_OPEN_VERSION	1
#define BGP_OPEN_PEER_AS	2
#define BGP_OPEN_BGPID		3
#define BGP_OPEN_OPTPARAM	4
#define BGP_OPEN_HOLDTIME	6
#define BGP_OPEN_CAPABILITY	7	/* RFC 5492 */
/* UPDATE message error */
#define BGP_UPD_ATTRLIST	1
#define BGP_UPD_UNKNOWN_WK	2
#define BGP_UPD_MISSING_WK	3
#define BGP_UPD_ATTRFLAGS	4
#define BGP_UPD_ATTRLEN		5
#define BGP_UPD_ORIGIN		6
#define BGP_UPD_NEXTHOP		8
#define BGP_UPD_OPTATTR		9
#define BGP_UPD_NETWORK		10
#define BGP_UPD_ASPATH		11
/* Finite state machine error (RFC 6608) */
#define BGP_FSM_UNSPEC		0
#define BGP_FSM_OPENSENT	1
#define BGP_FSM_OPENCONFIRM	2
#define BGP_FSM_ESTABLISHED	3
/* Cease (RFC 4486) */
#define BGP_CEASE_MAXPREFIX	1
#define BGP_CEASE_SHUTDOWN	2
#define BGP_CEASE_PEER_DECONF	3
#define BGP_CEASE_RESET		4
#define BGP_CEASE_REJECTED	5
#define BGP_CEASE_CONFIG	6
#define BGP_CEASE_COLLISION	7
#define BGP_CEASE_RESOURCES	8
/* ROUTE-REFRESH message error (RFC 7313) */
#define BGP_RR_LENGTH		1

/* Path attribute flags and type codes (RFC 4271 4.3 and their RFCs) */
#define BGP_ATTRF_OPTIONAL	0x80
#define BGP_ATTRF_TRANSITIVE	0x40
#define BGP_ATTRF_PARTIAL	0x20
#define BGP_ATTRF_EXTLEN	0x10
#define BGP_ATTR_ORIGIN		1
#define BGP_ATTR_AS_PATH	2
#define BGP_ATTR_NEXT_HOP	3
#define BGP_ATTR_MED		4
#define BGP_ATTR_LOCAL_PREF	5
#define BGP_ATTR_ATOMIC_AGG	6
#define BGP_ATTR_AGGREGATOR	7
#define BGP_ATTR_COMMUNITIES	8	/* RFC 1997 */
#define BGP_ATTR_ORIGINATOR_ID	9	/* RFC 4456 */
#define BGP_ATTR_CLUSTER_LIST	10
#define BGP_ATTR_MP_REACH	14	/* RFC 4760 */
#define BGP_ATTR_MP_UNREACH	15
#define BGP_ATTR_EXT_COMMUNITIES 16	/* RFC 4360 */
#define BGP_ATTR_AS4_PATH	17	/* RFC 6793 */
#define BGP_ATTR_AS4_AGGREGATOR	18
#define BGP_ATTR_LARGE_COMMUNITIES 32	/* RFC 8092 */
#define BGP_ORIGIN_IGP		0
#define BGP_ASPATH_SET		1
#define BGP_ASPATH_SEQUENCE	2

/* Optional parameters and capability codes (RFC 5492, RFC 9072) */
#define BGP_OPT_CAPABILITIES	2
#define BGP_OPT_EXTENDED	255	/* RFC 9072 non-ext length and type */
#define BGP_CAP_MP		1
#define BGP_CAP_ROUTE_REFRESH	2
#define BGP_CAP_AS4		65

/* Address families (RFC 4760) */
#define BGP_AFI_IPV4		1
#define BGP_AFI_IPV6		2
#define BGP_SAFI_UNICAST	1

/* Well-known communities (RFC 1997, RFC 8326) */
#define BGP_COMM_GRACEFUL_SHUTDOWN	0xFFFF0000u
#define BGP_COMM_NO_EXPORT		0xFFFFFF01u
#define BGP_COMM_NO_ADVERTISE		0xFFFFFF02u

/* A NOTIFICATION, to send or as received. */
struct bgp_notify {
	uint8_t		 code;
	uint8_t		 subcode;
	uint8_t		 data[BGP_NOTIFY_DATA_MAX];
	size_t		 datalen;
};

/* An OPEN, decoded or to encode, with the capabilities castnsd knows. */
struct bgp_open {
	uint8_t		 version;
	uint32_t	 as;		/* 4-octet capability's AS, else my_as */
	uint16_t	 my_as;		/* the 2-octet field as sent */
	uint16_t	 hold_time;
	uint32_t	 bgp_id;	/* host order */
	bool		 cap_mp_ipv4;	/* RFC 4760 IPv4 unicast */
	bool		 cap_mp_ipv6;	/* RFC 4760 IPv6 unicast */
	bool		 cap_as4;	/* RFC 6793 */
	bool		 cap_route_refresh;	/* RFC 2918 (code 2) */
	bool		 any_caps;	/* a capabilities parameter was seen */
};

/* A prefix to announce or withdraw. */
struct bgp_prefix {
	uint8_t		 afi;		/* BGP_AFI_IPV4 or BGP_AFI_IPV6 */
	uint8_t		 len;
	uint8_t		 addr[16];	/* network order, host bits zero */
};

/* The attributes of one announcement (castnsd originates, ORIGIN IGP). */
struct bgp_attrs {
	uint32_t	 local_as;
	bool		 ibgp;		/* no AS_PATH entry, LOCAL_PREF sent */
	unsigned	 prepend;	/* extra copies of local_as (eBGP) */
	bool		 as4;		/* peer speaks 4-octet AS */
	uint8_t		 next_hop[16];	/* IPv4 in the first 4 */
	uint8_t		 next_hop_ll[16];	/* IPv6 link-local, if set */
	bool		 next_hop_ll_set;
	bool		 med_set;
	uint32_t	 med;
	uint32_t	 local_pref;	/* iBGP only */
	const uint32_t	*communities;
	size_t		 ncommunities;
	const uint32_t	*large;		/* triples: global, local1, local2 */
	size_t		 nlarge;	/* number of triples */
};

/*
 * What a received UPDATE held: counted, then dropped.  With
 * treat_as_withdraw set, the announced prefixes (still counted in
 * 'announced') are to be taken as withdrawn (RFC 7606 2).
 */
struct bgp_update_info {
	unsigned	 withdrawn;	/* prefixes, all families */
	unsigned	 announced;
	bool		 end_of_rib;	/* RFC 4724 marker ... */
	uint16_t	 eor_afi;	/* ... for this family (IPv4 unicast */
	uint8_t		 eor_safi;	/* when no MP_UNREACH_NLRI) */
	bool		 treat_as_withdraw;	/* RFC 7606: bad attribute */
	uint8_t		 bad_attr;	/* its type code, for the log */
};

/*
 * Checks the 19-octet header at buf (len >= BGP_HDR_LEN): marker all ones,
 * length within 19..4096 and the minimum of its type (KEEPALIVE exactly
 * 19), known type.  Writes the type and total length.  On error returns
 * CN_EPROTO and fills *n (Message Header Error, with the bad length or
 * type as data).  A ROUTE-REFRESH longer than 23 passes here and gets the
 * RFC 7313 error from bgp_msg_parse_route_refresh.
 */
int	bgp_msg_parse_header(const uint8_t *buf, size_t len, uint8_t *type,
	    uint16_t *msglen, struct bgp_notify *n);

/*
 * Message bodies: msg/len is the whole message, header included, as
 * bgp_msg_parse_header accepted it.  Each returns 0 or CN_EPROTO with *n
 * filled; out-parameters are written only on success.
 *
 * OPEN errors: Unsupported Version (data: version 4), Bad Peer AS (My AS
 * or the 4-octet AS is 0, RFC 7607), Unacceptable Hold Time (1 or 2),
 * Bad BGP Identifier (0), Unsupported Optional Parameter (any but
 * capabilities), Unspecific (parameter or capability framing, a known
 * capability of the wrong length, trailing octets).
 *
 * UPDATE: RFC 7606 treat-as-withdraw errors return 0 with
 * out->treat_as_withdraw and out->bad_attr set; attribute-discard errors
 * are ignored; what leaves the NLRI unlocatable (lengths, MP_REACH_NLRI,
 * MP_UNREACH_NLRI, prefixes) returns CN_EPROTO.
 *
 * ROUTE-REFRESH: a length other than 23 is ROUTE-REFRESH Message
 * Error/Invalid Message Length with the message as data (RFC 7313 5).
 */
int	bgp_msg_parse_open(const uint8_t *msg, size_t len, struct bgp_open *out,
	    struct bgp_notify *n);
/* as4: the session negotiated 4-octet AS numbers (AS_PATH width). */
int	bgp_msg_parse_update(const uint8_t *msg, size_t len, bool as4,
	    struct bgp_update_info *out, struct bgp_notify *n);
int	bgp_msg_parse_notification(const uint8_t *msg, size_t len,
	    struct bgp_notify *out);
int	bgp_msg_parse_keepalive(const uint8_t *msg, size_t len,
	    struct bgp_notify *n);
int	bgp_msg_parse_route_refresh(const uint8_t *msg, size_t len,
	    uint16_t *afi, uint8_t *safi, struct bgp_notify *n);

/*
 * The RFC 9003 shutdown communication of a Cease/Administrative Shutdown or
 * Reset, as printable text (control characters replaced, at most
 * BGP_SHUTDOWN_MSG_MAX octets); "" when absent or malformed.
 */
void	bgp_notify_shutdown_text(const struct bgp_notify *n, char *buf,
	    size_t len);
/* "Cease/Administrative Shutdown", "UPDATE Message Error/Malformed
 * AS_PATH", ...; unknown codes as numbers. */
const char *bgp_notify_code_text(uint8_t code);
const char *bgp_notify_subcode_text(uint8_t code, uint8_t subcode);

/*
 * Encoders: one whole message each.  Return 0, CN_ESPACE when the
 * message does not fit w or exceeds BGP_MAX_LEN (w is then left in its
 * error state with its length as before), or CN_EINVAL for arguments no
 * message can carry (mixed families, a prefix too long, prepend above
 * BGP_PREPEND_MAX, no prefix).  bgp_msg_open ignores o->my_as and o->version
 * and writes as, or AS_TRANS when as does not fit 2 octets.
 */
int	bgp_msg_open(struct wbuf *w, const struct bgp_open *o);
int	bgp_msg_keepalive(struct wbuf *w);
int	bgp_msg_notification(struct wbuf *w, const struct bgp_notify *n);
/* A Cease/Administrative Shutdown with an RFC 9003 message (may be ""). */
void	bgp_notify_shutdown(struct bgp_notify *n, uint8_t subcode,
	    const char *text);
int	bgp_msg_route_refresh(struct wbuf *w, uint16_t afi, uint8_t safi);
/*
 * An UPDATE announcing n prefixes of one family with attrs: IPv4 in NLRI
 * with NEXT_HOP, IPv6 in MP_REACH_NLRI (next hop 16 octets, 32 with the
 * link-local).  For a 2-octet peer, AS_PATH carries AS_TRANS where an AS
 * does not fit and AS4_PATH the real path (RFC 6793 4.2.2).
 */
int	bgp_msg_update_announce(struct wbuf *w, const struct bgp_attrs *attrs,
	    const struct bgp_prefix *p, size_t n);
/* An UPDATE withdrawing n prefixes of one family (IPv6: MP_UNREACH_NLRI). */
int	bgp_msg_update_withdraw(struct wbuf *w, const struct bgp_prefix *p,
	    size_t n);
/* The End-of-RIB marker for a family (RFC 4724 2). */
int	bgp_msg_end_of_rib(struct wbuf *w, uint8_t afi);

#endif
